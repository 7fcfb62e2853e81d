"""BOT502: imports and attribute look-ups whose names are hidden."""
from __future__ import annotations

from typing import List

import libcst as cst

from ...analysis.imports import dotted
from ._family import Bot5Walk, obfuscated_str

from ...gates.bot5 import BOT502 as PRECHECK  # noqa: E402 (the rule's gate, libcst-free)

# modules a hidden import of is a red flag even when only split in fragments
DANGEROUS_MODULES = frozenset(
    """os subprocess socket ctypes builtins __builtin__ marshal base64 zlib bz2 lzma codecs urllib urllib2
    urllib.request requests httpx http.client shutil pty platform sys winreg _winreg win32api win32con
    win32clipboard pyperclip browser_cookie3 sqlite3 webbrowser nt posix commands pickle importlib runpy
    telebot telegram discord smtplib ftplib paramiko""".split()
)
# attributes a hidden look-up of is a red flag
DANGEROUS_ATTRS = frozenset(
    """system popen popen2 popen3 exec execv execve execl execlp execvp execvpe spawn spawnv spawnve spawnl
    spawnlp startfile eval compile __import__ import_module call check_call check_output getoutput getstatusoutput
    Popen run loads b64decode decompress urlopen urlretrieve get post request connect create_connection
    environ getenv putenv remove unlink rmtree __builtins__ __dict__ __globals__ __code__ __subclasses__
    CreateProcess ShellExecute WinExec""".split()
)
_STRONG = ("chr codes", "reversed", "decoded")
HOW = {"chr codes": "chr() codes", "reversed": "a reversed string", "decoded": "a decoded string",
       "fragments": "joined fragments"}


class ObfuscatedImport(Bot5Walk):
    """## What it does
    Finds `__import__(...)`, `importlib.import_module(...)` and `getattr(obj, ...)` whose name is
    built so it cannot be read or searched for: from `chr()` codes, reversed strings, decoded
    strings (base64, hex, rot13), or fragments joined at run time (`"sub" + "process"`,
    `"".join(["sy", "stem"])`).  Decoded, `chr()` and reversed module names are always
    reported; names built from fragments when they spell a module or attribute that runs
    programs, code or network requests (`os`, `subprocess`, `socket`, `system`, `popen`,
    `exec`, `urlopen`...).

    ## Why is this bad?
    Nobody splits `os.system` into `getattr(__import__("o" + "s"), "sy" + "stem")` for
    readability: it is done so that a reviewer's search (and a naive scanner) for
    `os.system` finds nothing.  Malicious packages aimed at crypto users do exactly this.

    ## Example
    ```python
    getattr(__import__("".join(map(chr, [111, 115]))), "sys" + "tem")("curl ... | sh")
    ```

    ## Use instead
    ```python
    import subprocess
    subprocess.run(["git", "pull"], check=True)  # plain, reviewable
    ```

    ## Known problems
    Plugin loaders whose module name comes from configuration
    (`importlib.import_module(f"strategies.{name}")`) are not reported: the name is not
    static.  A plain literal (`__import__("json")`) is not obfuscated and is not reported.

    ## References
    - [CWE-506: Embedded Malicious Code](https://cwe.mitre.org/data/definitions/506.html)
    - [Phylum: obfuscated imports in malicious PyPI packages](https://blog.phylum.io/)
    """

    CODE = "BOT502"
    NAME = "obfuscated-import"
    CWE = 506
    MESSAGE = "Import or attribute look-up with a hidden name"
    PRECHECK = PRECHECK
    VALID = (
        'import importlib\nmod = importlib.import_module(f"strategies.{name}")\n',
        'import importlib\nmod = importlib.import_module("freqtrade.strategy")\n',
        'value = getattr(config, "timeframe")\n',
        'handler = getattr(self, "on_" + event)\n',
        'json = __import__("json")\n',
    )
    INVALID = (
        'm = __import__("".join(map(chr, [111, 115])))\n',
        'import os\ngetattr(os, "sy" + "stem")("id")\n',
        'import importlib, base64\nimportlib.import_module(base64.b64decode("c3VicHJvY2Vzcw==").decode())\n',
        'm = __import__("ssecorpbus"[::-1])\n',
    )

    def __init__(self, ctx) -> None:
        super().__init__(ctx)
        self.calls: List[cst.Call] = []

    def visit_Call(self, node: cst.Call) -> None:
        func = node.func
        if isinstance(func, cst.Name) and func.value in ("__import__", "getattr") or \
                isinstance(func, cst.Attribute) and func.attr.value in ("import_module", "__import__"):
            self.calls.append(node)

    def leave_Module(self, original_node: cst.Module) -> None:
        for call in self.calls:
            args = [a.value for a in call.args if a.keyword is None]
            name = dotted(call.func) or ""
            resolved = self.qualify(call.func) or name
            if name == "getattr":
                if len(args) < 2:
                    continue
                value, how = obfuscated_str(args[1], self.names)
                if value is None or how in ("literal", "constant"):
                    continue
                if value in DANGEROUS_ATTRS or value.split(".")[-1] in DANGEROUS_ATTRS:
                    self.report(call, f"getattr() looks up `{value}` through a name built from {HOW.get(how, how)}: "
                                      "hidden so a search for it finds nothing")
                continue
            if resolved not in ("__import__", "builtins.__import__", "importlib.import_module",
                                "importlib.__import__") or not args:
                continue
            value, how = obfuscated_str(args[0], self.names)
            if value is None or how in ("literal", "constant") or not _module_name(value):
                continue
            if how in _STRONG or value in DANGEROUS_MODULES or value.split(".")[0] in DANGEROUS_MODULES:
                self.report(call, f"{name}() imports `{value}` through a name built from {HOW.get(how, how)}: "
                                  "hidden so a search for it finds nothing")


def _module_name(value: str) -> bool:
    return 0 < len(value) <= 100 and all(part.isidentifier() for part in value.split("."))
