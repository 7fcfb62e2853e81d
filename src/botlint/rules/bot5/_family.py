"""The BOT5 family base: code typical of malicious bots.

Every BOT5 rule keeps its findings in test files (``IN_TESTS = "keep"``: a ``conftest.py``
runs on ``pytest``, and a payload in ``tests/`` runs as surely as one in ``src/``), is high or
critical, and is not a secret (detect-secrets' allowlist pragma does not hide it).  Inline
suppressions are the scanned author's own comments: ``--ignore-noqa`` (the vetting command in
the README) ignores them all.

Shared here: :class:`Names` (what each name of the module is bound to, for following a payload
through variables), the recognition of the builtins that run code (``exec``, ``eval``,
``compile``, also through aliases, ``builtins``, ``getattr`` and ``__builtins__[...]``), and
:func:`obfuscated_str` (the value of a string built the way droppers hide a name).
"""
from __future__ import annotations

from typing import Dict, List, Optional, Set, Tuple

import libcst as cst

from ...analysis import payloads
from ...analysis.imports import dotted
from ...analysis.literals import literal_str
from ...analysis.strings import static_str
from ...model import Confidence, Severity
from ...rule import Rule

CODE_BUILTINS = ("exec", "eval", "compile")
_CODE_MAKERS = ("types.FunctionType", "types.LambdaType")
_BUILTIN_MODULES = ("builtins", "__builtin__", "__builtins__")


# calls that open a connection or make a request (resolved names)
NETWORK = (
    "requests.get", "requests.post", "requests.put", "requests.request", "requests.Session", "urllib.request.urlopen",
    "urllib.request.urlretrieve", "urllib.urlopen", "urllib.urlretrieve", "urllib2.urlopen", "httpx.get", "httpx.post",
    "httpx.Client", "socket.socket", "socket.create_connection", "http.client.HTTPConnection",
    "http.client.HTTPSConnection", "ftplib.FTP", "smtplib.SMTP", "smtplib.SMTP_SSL", "urllib3.PoolManager",
    "urllib3.request", "aiohttp.ClientSession", "wget.download",
)

# calls that start a program
PROCESS = (
    "os.system", "os.popen", "subprocess.run", "subprocess.call", "subprocess.Popen", "subprocess.check_call",
    "subprocess.check_output", "subprocess.getoutput", "subprocess.getstatusoutput", "os.startfile", "pty.spawn",
    "os.execv", "os.execve", "os.execl", "os.execlp", "os.execvp", "os.spawnv", "os.spawnl", "os.spawnlp",
    "os.posix_spawn", "commands.getoutput",
)


def strings_in(node: cst.CSTNode, limit: int = 64) -> str:
    """The literal text of the strings inside ``node`` (a command and its arguments)."""
    out: List[str] = []
    stack = [node]
    while stack and len(out) < limit:
        n = stack.pop()
        if isinstance(n, (cst.SimpleString, cst.FormattedStringText)):
            out.append(literal_str(n) or "" if isinstance(n, cst.SimpleString) else n.value)
            continue
        stack.extend(n.children)
    return " ".join(out)


def names_in(node: cst.CSTNode, limit: int = 256) -> Set[str]:
    """The names used inside ``node``."""
    out: Set[str] = set()
    stack: List[cst.CSTNode] = [node]
    while stack and len(out) < limit:
        n = stack.pop()
        if isinstance(n, cst.Name):
            out.add(n.value)
        stack.extend(n.children)
    return out


def is_network_call(resolved: str) -> bool:
    """A resolved callee that makes a request or opens a connection."""
    return resolved in NETWORK or (resolved.startswith(("requests.", "httpx."))
                                   and resolved.rsplit(".", 1)[-1] in ("get", "post", "put", "patch", "request"))


class Bot5Rule(Rule):
    ABSTRACT = True
    # never lowered or skipped in tests: a conftest.py runs on `pytest`, a test module on import
    IN_TESTS = "keep"
    SEVERITY = Severity.HIGH
    CONFIDENCE = Confidence.HIGH


class Names(cst.BatchableCSTVisitor):
    """name -> the values assigned to it anywhere in the module (latest first).  Scopes are
    merged on purpose: a dropper's ``code = b64decode(...)`` and ``exec(code)`` may sit in
    different functions, and only literal and decoder layers are ever read from them."""

    def __init__(self) -> None:
        super().__init__()
        self.values: Dict[str, List[cst.CSTNode]] = {}
        self.defined: set = set()  # names of functions and classes the module defines
        self.functions: Dict[str, cst.FunctionDef] = {}  # name -> its (last) definition

    def visit_Assign(self, node: cst.Assign) -> None:
        for t in node.targets:
            self._bind(t.target, node.value)

    def visit_AnnAssign(self, node: cst.AnnAssign) -> None:
        if node.value is not None:
            self._bind(node.target, node.value)

    def visit_NamedExpr(self, node: cst.NamedExpr) -> None:
        self._bind(node.target, node.value)

    def visit_WithItem(self, node: cst.WithItem) -> None:
        if node.asname is not None:
            self._bind(node.asname.name, node.item)

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        self.defined.add(node.name.value)
        self.functions[node.name.value] = node

    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        self.defined.add(node.name.value)

    def _bind(self, target: cst.CSTNode, value: cst.CSTNode) -> None:
        if isinstance(target, cst.Name):
            self.values.setdefault(target.value, []).insert(0, value)
        elif isinstance(target, cst.Attribute):
            key = dotted(target)  # self.wallet = "...": BOT507 reads constants kept on self
            if key:
                self.values.setdefault(key, []).insert(0, value)
        elif isinstance(target, (cst.Tuple, cst.List)) and isinstance(value, (cst.Tuple, cst.List)) \
                and len(target.elements) == len(value.elements):
            for t, v in zip(target.elements, value.elements):
                self._bind(t.value, v.value)

    def consts(self) -> Dict[str, str]:
        """Names bound to one string value only (``static_str``'s constants)."""
        out: Dict[str, str] = {}
        for name, values in self.values.items():
            if len(values) == 1:
                s = literal_str(values[0])
                if s is not None:
                    out[name] = s
        return out


class Bot5Walk(Bot5Rule):
    """A BOT5 rule that needs :class:`Names` (filled during the same walk)."""

    ABSTRACT = True

    def __init__(self, ctx) -> None:
        super().__init__(ctx)
        names = ctx.shared.get("bot5.names")
        self._own_names = names is None
        if names is None:
            names = ctx.shared["bot5.names"] = Names()
        self.names: Names = names

    # the first BOT5 rule of the walk feeds the shared Names visitor
    def visit_Assign(self, node: cst.Assign) -> None:
        if self._own_names:
            self.names.visit_Assign(node)

    def visit_AnnAssign(self, node: cst.AnnAssign) -> None:
        if self._own_names:
            self.names.visit_AnnAssign(node)

    def visit_NamedExpr(self, node: cst.NamedExpr) -> None:
        if self._own_names:
            self.names.visit_NamedExpr(node)

    def visit_WithItem(self, node: cst.WithItem) -> None:
        if self._own_names:
            self.names.visit_WithItem(node)

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        if self._own_names:
            self.names.visit_FunctionDef(node)

    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        if self._own_names:
            self.names.visit_ClassDef(node)

    def qualify(self, node: cst.CSTNode, depth: int = 0) -> Optional[str]:
        """The dotted name ``node`` stands for: imports resolved, ``__import__("m").attr`` read,
        and a module-level alias of a module (``b = __import__("builtins")``) followed."""
        found = self.ctx.qualified(node) or dotted(node) or payloads.import_attr(node) or payloads.imported_module(node)
        if depth < 3 and isinstance(node, cst.Name) and found == node.value:
            values = self.names.values.get(node.value) or []
            alias = values[0] if len(values) == 1 else None
            if alias is not None and (payloads.imported_module(alias) or isinstance(alias, cst.Attribute)
                                      and self.ctx.qualified(alias)):
                return self.qualify(alias, depth + 1) or found  # b = __import__("builtins"); run = subprocess.run
        if depth < 3 and isinstance(node, cst.Attribute) and isinstance(node.value, cst.Name):
            head = self.qualify(node.value, depth + 1)
            if head and head != node.value.value:
                return f"{head}.{node.attr.value}"
        return found

    def unwrapper(self) -> payloads.Unwrapper:
        return payloads.Unwrapper(self.names.values, self.qualify, self.names.functions)

    def code_builtin(self, func: cst.CSTNode, depth: int = 0) -> Optional[str]:
        """``exec``/``eval``/``compile`` when ``func`` is that builtin, however reached."""
        if depth > 4:
            return None
        if isinstance(func, cst.Name):
            name = func.value
            if name in CODE_BUILTINS and name not in self.ctx.imports.aliases and name not in self.names.defined \
                    and name not in self.names.values:
                return name
            resolved = self.ctx.qualified(func)
            if resolved:
                return _builtin_name(resolved)
            for v in (self.names.values.get(name) or [])[:2]:
                found = self.code_builtin(v, depth + 1)
                if found:
                    return found
            return None
        if isinstance(func, cst.Attribute):
            return _builtin_name(self.qualify(func) or "")
        if isinstance(func, cst.Call) and dotted(func.func) == "getattr" and len(func.args) >= 2:
            if self._builtins_box(func.args[0].value):
                attr, _how = obfuscated_str(func.args[1].value, self.names)
                return attr if attr in CODE_BUILTINS else None
            return None
        if isinstance(func, cst.Call) and len(func.args) >= 1 and self._box_get(func.func):
            # ``vars(builtins).get("exec")`` / ``getattr(box, "get")("exec")``: the builtins
            # mapping read through its ``get`` method
            key, _how = obfuscated_str(func.args[0].value, self.names)
            return key if key in CODE_BUILTINS else None
        if isinstance(func, cst.Subscript) and len(func.slice) == 1 and isinstance(func.slice[0].slice, cst.Index):
            box: cst.BaseExpression = func.value
            if isinstance(box, cst.Call) and dotted(box.func) == "vars" and len(box.args) == 1:
                box = box.args[0].value
            if isinstance(box, cst.Attribute) and box.attr.value == "__dict__":
                box = box.value
            if self._builtins_box(box):
                key, _how = obfuscated_str(func.slice[0].slice.value, self.names)
                return key if key in CODE_BUILTINS else None
        return None

    def _builtins_box(self, node: cst.CSTNode, depth: int = 0) -> bool:
        """``node`` is the builtins module or its namespace: ``builtins``, ``__builtins__``,
        ``vars(...)``/``....__dict__`` of one, ``globals()["__builtins__"]``, or a conditional
        choosing between them (``__builtins__ if isinstance(__builtins__, dict) else vars(__builtins__)``)."""
        if depth > 4:
            return False
        if isinstance(node, cst.IfExp):
            return self._builtins_box(node.body, depth + 1) and self._builtins_box(node.orelse, depth + 1)
        if isinstance(node, cst.Name) and node.value not in _BUILTIN_MODULES:
            values = self.names.values.get(node.value) or []
            if values and len(values) <= 2 and all(self._builtins_box(v, depth + 1) for v in values):
                return True  # ns = vars(builtins)
        if isinstance(node, cst.Call) and dotted(node.func) == "vars" and len(node.args) == 1:
            node = node.args[0].value
        if isinstance(node, cst.Attribute) and node.attr.value == "__dict__":
            node = node.value
        return (self.qualify(node) or "") in _BUILTIN_MODULES or _is_globals_builtins(node)

    def _box_get(self, func: cst.CSTNode) -> bool:
        """``func`` is the ``get`` method of the builtins namespace (``vars(builtins).get``,
        ``getattr(__builtins__, "get")``)."""
        if isinstance(func, cst.Attribute) and func.attr.value == "get":
            return self._builtins_box(func.value)
        if isinstance(func, cst.Call) and dotted(func.func) == "getattr" and len(func.args) >= 2:
            attr, _how = obfuscated_str(func.args[1].value, self.names)
            return attr == "get" and self._builtins_box(func.args[0].value)
        return False


def _builtin_name(resolved: str) -> Optional[str]:
    if resolved in _CODE_MAKERS:
        return resolved  # types.FunctionType(code, globals())(): a code object made callable
    head, _, last = resolved.rpartition(".")
    return last if head in _BUILTIN_MODULES and last in CODE_BUILTINS else None


def _is_globals_builtins(node: cst.CSTNode) -> bool:
    """``globals()["__builtins__"]``."""
    if isinstance(node, cst.Subscript) and isinstance(node.value, cst.Call) and dotted(node.value.func) == "globals":
        sub = node.slice[0].slice if len(node.slice) == 1 else None
        return isinstance(sub, cst.Index) and literal_str(sub.value) == "__builtins__"
    return False


def restricted(call: cst.Call) -> bool:
    """``eval(expr, {"__builtins__": {}}, ...)``: run with the builtins taken away."""
    args = [a for a in call.args if a.keyword is None]
    scope = args[1].value if len(args) > 1 else next(
        (a.value for a in call.args if a.keyword and a.keyword.value == "globals"), None)
    if not isinstance(scope, cst.Dict):
        return False
    for el in scope.elements:
        if isinstance(el, cst.DictElement) and literal_str(el.key) == "__builtins__":
            v = el.value
            return (isinstance(v, cst.Dict) and not v.elements) or (isinstance(v, cst.Name) and v.value == "None")
    return False


# -- strings built the way droppers hide a name ------------------------------------------------


def obfuscated_str(node: Optional[cst.CSTNode], names: Names, depth: int = 0) -> Tuple[Optional[str], str]:
    """(value, how it was hidden) of a string expression built from literals: ``"literal"``,
    ``"fragments"`` (concatenated or joined), ``"reversed"``, ``"chr codes"``, ``"decoded"``
    (base64, hex, rot13...).  (None, "") when it is not static."""
    if node is None or depth > 6:
        return None, ""
    s = literal_str(node)
    if s is not None:
        return s, "literal"
    if isinstance(node, cst.Name):
        values = names.values.get(node.value) or []
        if len(values) == 1:
            v, how = obfuscated_str(values[0], names, depth + 1)
            return v, ("constant" if how == "literal" else how)
        return None, ""
    chars = _chr_codes(node, names)
    if chars is not None:
        return chars, "chr codes"
    if isinstance(node, cst.Call):
        func_name = dotted(node.func) or ""
        args = [a.value for a in node.args if a.keyword is None]
        if isinstance(node.func, cst.Attribute) and node.func.attr.value == "join" and len(args) == 1:
            arg = args[0]
            if isinstance(arg, cst.Call) and dotted(arg.func) == "reversed" and arg.args:
                v, _how = obfuscated_str(arg.args[0].value, names, depth + 1)
                sep, _ = obfuscated_str(node.func.value, names, depth + 1)
                return (sep.join(reversed(v)), "reversed") if v is not None and sep is not None else (None, "")
        decode = isinstance(node.func, cst.Attribute) and node.func.attr.value == "decode"
        if func_name in ("bytes", "bytearray") or decode:
            inner = node.func.value if isinstance(node.func, cst.Attribute) else None
            if isinstance(inner, cst.Call) and dotted(inner.func) in ("bytes", "bytearray") and inner.args:
                codes = _int_list(inner.args[0].value)
                if codes is not None:
                    try:
                        return bytes(codes).decode("latin-1"), "chr codes"
                    except ValueError:
                        return None, ""
    consts = names.consts()
    v = static_str(node, consts)
    if v is not None:
        text = _shape(node)
        return v, text
    if isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.Add):
        # "0x" + "".join(_SEG[i] for i in _ORD): a literal and a hidden part
        left, lhow = obfuscated_str(node.left, names, depth + 1)
        right, rhow = obfuscated_str(node.right, names, depth + 1)
        if left is not None and right is not None:
            hows = {lhow, rhow} - {"literal", "constant"}
            return left + right, (sorted(hows)[0] if hows else "fragments")
    if isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute) and node.func.attr.value == "join" \
            and len(node.args) == 1:
        picked = _picked(node.args[0].value, names)
        sep, _how = obfuscated_str(node.func.value, names, depth + 1)
        if picked is not None and sep is not None:
            return sep.join(picked), "fragments"
    payload = payloads.Unwrapper(names.values, _aliased(names)).payload(node)
    if payload.data is not None and payload.decoded and len(payload.data) <= 4096:
        try:
            return payload.data.decode("utf-8"), "decoded"
        except UnicodeDecodeError:
            return None, ""
    return None, ""


def _picked(node: cst.CSTNode, names: Names) -> Optional[List[str]]:
    """``_SEG[i] for i in _ORD`` (a generator or list comprehension): fragments of a list of
    literals picked in an order written in the code, so the whole never appears as one string."""
    if not isinstance(node, (cst.GeneratorExp, cst.ListComp)) or node.for_in.inner_for_in is not None \
            or node.for_in.ifs or not isinstance(node.for_in.target, cst.Name):
        return None
    elt = node.elt
    if not (isinstance(elt, cst.Subscript) and len(elt.slice) == 1 and isinstance(elt.slice[0].slice, cst.Index)
            and isinstance(elt.slice[0].slice.value, cst.Name)
            and elt.slice[0].slice.value.value == node.for_in.target.value):
        return None

    def bound(n: cst.CSTNode) -> Optional[cst.CSTNode]:
        if isinstance(n, cst.Name):
            values = names.values.get(n.value) or []
            return values[0] if len(values) == 1 else None
        return n

    table, order = bound(elt.value), bound(node.for_in.iter)
    if not isinstance(table, (cst.List, cst.Tuple)) or not isinstance(order, (cst.List, cst.Tuple)):
        return None
    parts = [literal_str(e.value) for e in table.elements]
    idx = _int_list(order)
    if idx is None or any(p is None for p in parts) or any(i >= len(parts) for i in idx) or len(idx) > 64:
        return None
    return [parts[i] or "" for i in idx]


def _aliased(names: Names):
    """A resolver following a module alias of a decoder (``_x = bytes.fromhex``,
    ``d = base64.b64decode``): ``_x("6f73")`` is ``bytes.fromhex("6f73")``."""
    def resolve(node: cst.CSTNode) -> Optional[str]:
        if isinstance(node, cst.Name):
            values = names.values.get(node.value) or []
            if len(values) == 1 and isinstance(values[0], (cst.Attribute, cst.Name)):
                return dotted(values[0])
        return dotted(node)
    return resolve


def _shape(node: cst.CSTNode) -> str:
    """How ``static_str`` got its value, for a message."""
    if isinstance(node, cst.Subscript):
        return "reversed"
    if isinstance(node, cst.Call):
        name = dotted(node.func) or ""
        if isinstance(node.func, cst.Attribute) and node.func.attr.value == "join":
            return "fragments"
        if "decode" in name or name.endswith("fromhex") or isinstance(node.func, cst.Attribute):
            return "decoded"
    return "fragments"


def _int_list(node: cst.CSTNode) -> Optional[List[int]]:
    if not isinstance(node, (cst.List, cst.Tuple)) or not node.elements or len(node.elements) > 256:
        return None
    out = []
    for el in node.elements:
        v = el.value
        if not isinstance(v, cst.Integer):
            return None
        try:
            n = int(v.value, 0)
        except ValueError:
            return None
        if not 0 <= n < 0x110000:
            return None
        out.append(n)
    return out


def _chr_codes(node: cst.CSTNode, names: Names) -> Optional[str]:
    """``chr(111) + chr(115)``, ``"".join(chr(c) for c in [111, 115])``,
    ``"".join(map(chr, [111, 115]))``, ``"".join([chr(111), chr(115)])``."""
    if isinstance(node, cst.Call) and dotted(node.func) == "chr" and len(node.args) == 1:
        v = node.args[0].value
        if isinstance(v, cst.Integer):
            try:
                return chr(int(v.value, 0))
            except ValueError:
                return None
        return None
    if isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.Add):
        left = _chr_codes(node.left, names) if not isinstance(node.left, cst.SimpleString) else literal_str(node.left)
        right = literal_str(node.right) if isinstance(node.right, cst.SimpleString) else _chr_codes(node.right, names)
        if left is not None and right is not None and (isinstance(node.left, (cst.Call, cst.BinaryOperation))
                                                       or isinstance(node.right, cst.Call)):
            return left + right
        return None
    if not (isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute) and node.func.attr.value == "join"
            and len(node.args) == 1):
        return None
    sep = literal_str(node.func.value)
    arg = node.args[0].value
    if sep is None:
        return None
    codes: Optional[List[int]] = None
    if isinstance(arg, (cst.GeneratorExp, cst.ListComp)) and isinstance(arg.elt, cst.Call) \
            and dotted(arg.elt.func) == "chr" and not arg.for_in.inner_for_in:
        it = arg.for_in.iter
        codes = _int_list(it) if not isinstance(it, cst.Name) else (
            _int_list(names.values[it.value][0]) if len(names.values.get(it.value) or []) == 1 else None)
    elif isinstance(arg, cst.Call) and dotted(arg.func) == "map" and len(arg.args) == 2 \
            and dotted(arg.args[0].value) == "chr":
        it = arg.args[1].value
        codes = _int_list(it) if not isinstance(it, cst.Name) else (
            _int_list(names.values[it.value][0]) if len(names.values.get(it.value) or []) == 1 else None)
    elif isinstance(arg, (cst.List, cst.Tuple)) and arg.elements:
        parts = []
        for el in arg.elements:
            c = _chr_codes(el.value, names)
            if c is None:
                return None
            parts.append(c)
        return sep.join(parts)
    if codes is None:
        return None
    try:
        return sep.join(chr(c) for c in codes)
    except ValueError:
        return None
