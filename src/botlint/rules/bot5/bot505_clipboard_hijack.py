"""BOT505: the clipboard read and rewritten next to crypto-address patterns."""
from __future__ import annotations

from typing import Dict, List, Optional, Tuple

import libcst as cst

from ...analysis.imports import dotted
from ...analysis.literals import literal_str
from ...analysis.payloads import returns_of
from ...model import Severity
from ._family import PROCESS, Bot5Walk, names_in, strings_in

from ...gates.bot5 import BOT505 as PRECHECK  # noqa: E402 (the rule's gate, libcst-free)

_READ = frozenset(("paste", "GetClipboardData", "clipboard_get", "waitForNewPaste", "waitForPaste", "text"))
_WRITE = frozenset(("copy", "SetClipboardData", "SetClipboardText", "clipboard_append", "setText"))
# clipboard programs a module may run instead of a library: (word of the command, reads?)
# ``xclip``/``xsel`` read with ``-o``/``--output``, write otherwise
_CLIP_PROGRAMS = (("get-clipboard", True), ("set-clipboard", False), ("pbpaste", True), ("pbcopy", False),
                  ("wl-paste", True), ("wl-copy", False), ("xclip", None), ("xsel", None))
_CLIP_MODULES = ("pyperclip", "win32clipboard", "clipboard", "clipman", "xerox", "pyclip", "klembord")
# pieces of the address regexes clippers carry (lower-cased substrings of a regex literal)
_ADDRESS_HINTS: Tuple[Tuple[str, str], ...] = (
    ("0x[a-fa-f0-9]{40}", "Ethereum"), ("0x[0-9a-fa-f]{40}", "Ethereum"), ("0x[a-f0-9]{40}", "Ethereum"),
    ("0x[0-9a-f]{40}", "Ethereum"), ("[a-fa-f0-9]{40}", "Ethereum"), ("bc1", "Bitcoin"), ("[13][a-km-z", "Bitcoin"),
    ("^[13]", "Bitcoin"), ("(1|3)", "Bitcoin"), ("^t[a-z", "Tron"), ("t[a-za-z0-9]{33}", "Tron"), ("^t[1-9", "Tron"),
    ("[1-9a-hj-np-za-km-z]{32,44}", "Solana"), ("[1-9a-hj-np-za-km-z]{43,44}", "Solana"),
    ("[1-9a-hj-np-za-km-z]", "base58"), ("^[lm3]", "Litecoin"), ("^4[0-9ab]", "Monero"),
    ("^d[5-9a-hj-np-u]", "Dogecoin"),
)


class ClipboardHijack(Bot5Walk):
    """## What it does
    Finds modules that read the clipboard and write it (pyperclip `paste`/`copy`, tkinter
    `clipboard_get`/`clipboard_append`, win32clipboard `GetClipboardData`/`SetClipboardData`)
    and carry a crypto-address regular expression (Ethereum `0x[a-fA-F0-9]{40}`, Bitcoin
    `bc1`/`1`/`3`, Tron `T...`, Solana base58), or that read it and write an address written
    in the code (the patterns imported from another module).  The clipboard functions are
    recognised under any name (`from pyperclip import paste as _get`, `copy = pyperclip.copy`).
    Reported at the write.

    ## Why is this bad?
    This is a "clipper": it watches the clipboard and, when you copy a wallet address to paste
    into a withdrawal form, swaps in the attacker's.  The withdrawal looks normal and is final.
    A trading bot has no reason to rewrite your clipboard.

    ## Example
    ```python
    if re.fullmatch(r"0x[a-fA-F0-9]{40}", pyperclip.paste()):
        pyperclip.copy(ATTACKER_WALLET)
    ```

    ## Use instead
    ```python
    pyperclip.copy(deposit_address)  # copying your own address for the user is fine
    ```

    ## Known problems
    A module that only writes the clipboard, or that reads it with no address pattern in
    sight, is not reported, nor a write of something other than an address fixed in the code
    (a tool that checksums the address you copied writes back what it read).  A module that
    reads the clipboard and also copies a donation address written in the code is reported.

    ## References
    - [CWE-506: Embedded Malicious Code](https://cwe.mitre.org/data/definitions/506.html)
    - [Check Point: clipboard hijacking malware targeting crypto wallets](https://research.checkpoint.com/)
    """

    CODE = "BOT505"
    NAME = "clipboard-hijack"
    SEVERITY = Severity.CRITICAL
    CWE = 506
    MESSAGE = "Clipboard rewritten next to a crypto-address pattern"
    PRECHECK = PRECHECK
    VALID = (
        'import pyperclip\npyperclip.copy(deposit_address)\nprint("address copied")\n',
        'import re, pyperclip\nfrom web3 import Web3\ntext = pyperclip.paste()\n'
        'if re.fullmatch(r"0x[a-fA-F0-9]{40}", text):\n    pyperclip.copy(Web3.to_checksum_address(text))\n',
        'import re, pyperclip\nADDR = re.compile(r"0x[a-fA-F0-9]{40}")\ntext = pyperclip.paste()\n'
        'found = ADDR.findall(text)\n',
    )
    INVALID = (
        'import re, time, pyperclip\nMINE = "0x' + "1a2b" * 10 + '"\nwhile True:\n'
        '    if re.fullmatch(r"0x[a-fA-F0-9]{40}", pyperclip.paste()):\n'
        '        pyperclip.copy(MINE)\n    time.sleep(0.5)\n',
    )

    def __init__(self, ctx) -> None:
        super().__init__(ctx)
        self.reads = 0
        self.writes: List[cst.Call] = []
        self.chains: List[str] = []
        # names bound by `for` targets -> the iterable (``for rx, mine in SWAPS:``)
        self.loops: Dict[str, cst.BaseExpression] = {}
        self.funcs: List[cst.FunctionDef] = []  # the functions the walk is in
        # a write inside a module function (``def _set(v): run(["xclip", ...], input=v)``):
        # the function's name -> the write's value; its calls write their argument
        self.wrappers: Dict[str, Tuple[cst.FunctionDef, cst.BaseExpression]] = {}
        self.local_calls: List[cst.Call] = []
        self.values_of: Dict[int, cst.BaseExpression] = {}  # id(write) -> the value it writes

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        super().visit_FunctionDef(node)
        self.funcs.append(node)

    def leave_FunctionDef(self, original_node: cst.FunctionDef) -> None:
        self.funcs.pop()

    def _write(self, node: cst.Call, value: Optional[cst.BaseExpression]) -> None:
        if value is None:
            return
        self.writes.append(node)
        self.values_of[id(node)] = value
        if self.funcs:
            self.wrappers.setdefault(self.funcs[0].name.value, (self.funcs[0], value))

    def _program(self, node: cst.Call) -> None:
        """``subprocess.run(["xclip", "-selection", "clipboard"], input=v)``,
        ``run(["powershell", "-command", f"Set-Clipboard '{v}'"])``: the clipboard through a program."""
        if not node.args or (self.ctx.qualified(node.func) or "") not in PROCESS:
            return
        words = strings_in(node.args[0].value).lower()
        for prog, reads in _CLIP_PROGRAMS:
            if prog not in words:
                continue
            if reads is None:
                reads = any(f" {o}" in f" {words} " for o in ("-o", "--output", "-out"))
            if reads:
                self._read()
            else:
                given = next((a.value for a in node.args if a.keyword is not None and a.keyword.value == "input"), None)
                self._write(node, given if given is not None else node.args[0].value)
            return

    def visit_For(self, node: cst.For) -> None:
        stack: List[cst.CSTNode] = [node.target]
        while stack:
            t = stack.pop()
            if isinstance(t, cst.Name):
                self.loops[t.value] = node.iter
            elif isinstance(t, (cst.Tuple, cst.List)):
                stack.extend(e.value for e in t.elements)

    def visit_Call(self, node: cst.Call) -> None:
        func = node.func
        self._program(node)
        if not isinstance(func, cst.Attribute):
            if isinstance(func, cst.Name):
                # ``paste()`` after ``from pyperclip import paste``, ``copy = pyperclip.copy`` or
                # ``_get = pyperclip.paste``: the name resolved through imports and module aliases
                resolved = self.qualify(func) or ""
                head, _dot, last = resolved.rpartition(".")
                if head.split(".")[0] in _CLIP_MODULES and last in _READ | _WRITE:
                    (self._write(node, _first(node)) if last in _WRITE else self._read())
                else:
                    self.local_calls.append(node)
            return
        meth = func.attr.value
        if meth not in _READ and meth not in _WRITE:
            return
        recv = self.ctx.qualified(func.value) or ""
        clip = recv.split(".")[0] in _CLIP_MODULES or meth.startswith(("clipboard_", "GetClipboard", "SetClipboard")) \
            or "clipboard" in (literal_str(func.value) or "") or "clipboard" in _text(func.value).lower()
        if not clip:
            return
        if meth in _WRITE:
            self._write(node, _first(node))
        else:
            self._read()

    def _fixed(self, value: cst.CSTNode) -> bool:
        """The written value is (or is picked from) addresses fixed in the code: a literal, or a
        name bound to a literal, a list or a dict of them (``MINE["eth"]``, ``choice(WALLETS)``)."""
        stack = [value]
        seen: set = set()
        while stack and len(seen) < 64:
            n = stack.pop()
            if literal_str(n) is not None and len(literal_str(n) or "") >= 20:
                return True
            key = dotted(n) if isinstance(n, (cst.Name, cst.Attribute)) else None
            if key is not None:
                values = self.names.values.get(key) or []
                if values and all(_literalish(v) for v in values):
                    return True
                if key in self.loops and self._table_of_addresses(self.loops[key]):
                    return True
                if isinstance(n, cst.Attribute):
                    stack.append(n.value)
                elif key not in seen:
                    # ``mine = codecs.decode(enc, "rot13")``, ``new = _pick(text)``: what the
                    # name was made from
                    seen.add(key)
                    stack.extend(v for v in values[:4] if isinstance(v, cst.Call))
                continue
            if isinstance(n, cst.Call) and isinstance(n.func, cst.Name) and n.func.value not in seen \
                    and n.func.value in self.names.functions:
                seen.add(n.func.value)
                stack.extend(returns_of(self.names.functions[n.func.value]))
            stack.extend(n.children)
        return False

    def _table_of_addresses(self, iterable: cst.BaseExpression) -> bool:
        """A loop over a table fixed in the code that holds address-like literals (``for rx,
        mine in SWAPS`` / ``SWAPS.values()``): the loop variable is one of those addresses."""
        if isinstance(iterable, cst.Call) and isinstance(iterable.func, cst.Attribute) \
                and iterable.func.attr.value in ("values", "items") and not iterable.args:
            iterable = iterable.func.value
        tables: List[cst.CSTNode] = [iterable]
        if isinstance(iterable, cst.Name):
            tables = list(self.names.values.get(iterable.value) or [])
        for table in tables:
            if not isinstance(table, (cst.List, cst.Tuple, cst.Set, cst.Dict)):
                continue
            stack: List[cst.CSTNode] = [table]
            while stack:
                n = stack.pop()
                text = literal_str(n)
                if text is not None and len(text) >= 26 and text.isalnum():
                    return True
                stack.extend(n.children)
        return False

    def _read(self) -> None:
        self.reads += 1

    def visit_SimpleString(self, node: cst.SimpleString) -> None:
        s = literal_str(node)
        if s and 3 <= len(s) <= 300 and ("{" in s or "[" in s or s.startswith("^")):
            low = s.lower()
            for hint, chain in _ADDRESS_HINTS:
                if hint in low:
                    self.chains.append(chain)
                    return

    def _fixed_chains(self, value: cst.CSTNode) -> List[str]:
        """The chains of the crypto addresses written in the code that ``value`` is (or is
        picked from): ``MINE["btc"]`` with ``MINE = {"btc": "bc1q...", "eth": "0x..."}``."""
        out: List[str] = []
        stack: List[cst.CSTNode] = [value]
        seen: set = set()
        while stack and len(seen) < 64:
            n = stack.pop()
            text = literal_str(n)
            if text is not None:
                chain = _address_chain(text.strip())
                if chain and chain not in out:
                    out.append(chain)
                continue
            key = dotted(n) if isinstance(n, (cst.Name, cst.Attribute)) else None
            if key is not None and key not in seen:
                seen.add(key)
                stack.extend(self.names.values.get(key) or [])
                if key in self.loops:
                    stack.append(self.loops[key])
            stack.extend(n.children)
        return out

    def leave_Module(self, original_node: cst.Module) -> None:
        for call in self.local_calls:
            wrapped = self.wrappers.get(call.func.value) if isinstance(call.func, cst.Name) else None
            if wrapped is None or not call.args:
                continue
            params = [p.name.value for p in wrapped[0].params.params]
            used = names_in(wrapped[1])
            at = next((i for i, p in enumerate(params) if p in used), None)
            args = [a.value for a in call.args if a.keyword is None]
            if at is not None and at < len(args):
                self.writes.append(call)  # the wrapper's call writes its argument
                self.values_of[id(call)] = args[at]
        if not (self.reads and self.writes):
            return
        if not self.chains:
            # the pattern may live in another module (``from .patterns import BTC``): an address
            # of the author's, written in the code, put on the clipboard the module also reads
            for call in self.writes:
                fixed = self._fixed_chains(self.values_of[id(call)]) if id(call) in self.values_of else []
                if fixed:
                    self.report(call, f"the clipboard is read and rewritten with a {', '.join(fixed[:3])} address "
                                      "written in the code: a clipper swaps the wallet address you copy for the "
                                      "attacker's")
            return
        chains = ", ".join(sorted(set(self.chains))[:3])
        for call in self.writes:
            if id(call) not in self.values_of or not self._fixed(self.values_of[id(call)]):
                continue  # writes back what it read (a checksummed or trimmed address): no swap
            self.report(call, f"the clipboard is read and rewritten next to a crypto-address pattern ({chains}): "
                              "a clipper swaps the wallet address you copy for the attacker's")


_B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
_BECH32 = "023456789acdefghjklmnpqrstuvwxyz"


def _address_chain(text: str) -> str:
    """The chain a literal is an address of (its shape only), or "": plain character tests."""
    if text.startswith("0x") and len(text) == 42 and all(c in "0123456789abcdefABCDEF" for c in text[2:]):
        return "Ethereum"
    if text.startswith("bc1") and 14 <= len(text) <= 74 and all(c in _BECH32 for c in text[3:]):
        return "Bitcoin"
    if not text or any(c not in _B58 for c in text):
        return ""
    if text[0] in "13" and 26 <= len(text) <= 35 and any(c.isdigit() for c in text):
        return "Bitcoin"
    if text[0] == "T" and len(text) == 34:
        return "Tron"
    if 32 <= len(text) <= 44 and any(c.isdigit() for c in text) and any(c.islower() for c in text):
        return "Solana"
    return ""


def _first(call: cst.Call) -> Optional[cst.BaseExpression]:
    return call.args[0].value if call.args else None


def _literalish(node: cst.CSTNode) -> bool:
    if literal_str(node) is not None:
        return True
    if isinstance(node, (cst.List, cst.Tuple, cst.Set)):
        return bool(node.elements) and all(literal_str(e.value) is not None for e in node.elements)
    if isinstance(node, cst.Dict):
        return bool(node.elements) and all(
            isinstance(e, cst.DictElement) and literal_str(e.value) is not None for e in node.elements)
    return False


def _text(node: cst.CSTNode) -> str:
    return dotted(node) or ""
