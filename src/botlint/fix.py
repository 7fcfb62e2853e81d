"""``--fix``, ``--diff`` and ``--unsafe-fixes``: libcst codemods for a few findings, with ruff's habits.

Semantics (as ruff):

- ``--fix`` applies the *safe* fixes, writes the files (the only time botlint writes into the
  scanned tree, and only when asked), then reports the findings that remain, linted from the
  fixed content.  Each fixed credential gets a line on stderr saying the old key must be rotated.
- ``--diff`` prints a unified diff of what ``--fix`` would do and writes nothing; exit 1 when
  there is a change, 0 when there is none.  ``--diff`` wins over ``--fix``.
- ``--unsafe-fixes`` adds the fixes that can change what the program does.
- In ``full``/``concise`` output a finding with a fix available under the current settings is
  marked ``[*]``, and ``full``'s summary says ``[*] N fixable with the `--fix` option`` (and how
  many hidden fixes ``--unsafe-fixes`` would enable); ``concise`` stays one line per finding, so
  tools that read ``path:line:col:`` lines see nothing else.
- ``--fix``/``--diff`` with stdin (``-``) is refused (exit 2): ruff prints the fixed source, but
  the source may still hold an unfixed secret, and botlint never prints one.

Fixes, keyed by rule code (the detection rules know nothing of them; a fix finds its node
again on a fresh libcst parse of the file, by the finding's span, with PositionProvider):

- BOT101/102/105/107/108/109, a credential literal becomes ``os.environ["NAME"]``: UNSAFE (the
  program now needs the variable set and raises KeyError without it).  NAME comes from the
  binding, never from the value: ``api_secret`` -> ``API_SECRET``, ``config["binance"]["secret"]``
  -> ``BINANCE_SECRET``, ``ccxt.binance({"apiKey": ...})`` -> ``BINANCE_API_KEY`` (ccxt's
  ``secret``/``password`` become ``API_SECRET``/``PASSPHRASE``), ``os.getenv("X", "<literal>")``
  -> ``os.environ["X"]``, python-binance/pybit/kucoin/telegram positional arguments by their
  parameter name.  ``import os`` is added once after the docstring and ``__future__`` imports
  unless ``os`` (or ``from os import environ``) is already imported at module level.  No fix for
  a literal in a signature default (evaluated at import), in an f-string, a bytes literal, a
  secret that is only part of a string (a URL, ``"Bearer ..."``), tuple unpacking, or a value
  stored into ``os.environ`` itself.  Distinct secrets that would get one name get ``_2``, ``_3``.
- BOT206, ``"verbose": True`` in a ccxt config or ``exchange.verbose = True``, removed: SAFE
  (only ccxt's request printing stops; an empty block gets ``pass``).
- BOT402, ``verify=False``/``verify_ssl=False``/``ssl=False`` keywords, ``{"verify": False}``
  in a ccxt config, ``session.verify = False``, removed: UNSAFE (certificates are now checked,
  which breaks a self-signed or intercepting-proxy setup).  ``check_hostname``, ``verify_mode``
  and ``cert_reqs`` are not touched (``check_hostname`` must stay False while ``CERT_NONE`` is
  set, or ``ssl`` raises).

After a pass the file is linted again in memory and fixed again (a key moved to the
environment can uncover BOT206 on the same client), at most ``MAX_PASSES`` times.

Never a secret anywhere: no ``.env`` is written; the diff's lines (removed, added, context) go
through ``engine.redact_line`` with the findings' spans, every reported secret's text is masked
wherever it appears, and file names go through ``report.terminal_text``.  Writing: atomically
(a temporary file in the same directory, the mode kept, ``os.replace``), never through a
symlink that leaves the configuration root, and not when the file changed since it was read
(sha256 of the bytes).  libcst keeps the encoding (BOM, coding cookie) and newline style; a
file libcst cannot round-trip (UTF-16, a grammar gap) gets no fix.
"""
from __future__ import annotations

import difflib
import hashlib
import os
import re
import stat
import tempfile
from dataclasses import dataclass, field
from typing import Callable, Dict, List, Optional, Sequence, Set, Tuple

import libcst as cst

from .fixcodes import CREDENTIAL_CODES, SAFE  # noqa: F401 (CREDENTIAL_CODES: botlint.fix's API)
from .fixcodes import fixable_files as _fixable_files
from .model import Finding, Severity
from .text import split_lines

MAX_PASSES = 5
# rule code -> whether its fix is safe (documented in each rule's "Known problems" Fix note)

_CCXT_HEADS = ("ccxt", "ccxtpro")
_CCXT_KEYS = {"apiKey": "API_KEY", "secret": "API_SECRET", "password": "PASSPHRASE", "uid": "UID",
              "privateKey": "PRIVATE_KEY", "token": "TOKEN", "twofa": "TWOFA"}
# module head -> (env prefix, positional parameter names) of SDK constructors
_SDK_POSITIONAL = {
    "binance": ("BINANCE", ("api_key", "api_secret")),
    "pybit": ("BYBIT", ("api_key", "api_secret")),
    "kucoin": ("KUCOIN", ("api_key", "api_secret", "passphrase")),
    "telebot": ("TELEGRAM", ("bot_token",)),
    "telegram": ("TELEGRAM", ("bot_token",)),
    "aiogram": ("TELEGRAM", ("bot_token",)),
}
_KEY_CALLS = {"from_key", "privateKeyToAccount", "private_key_to_account", "from_base58_string"}
_WRAPPERS = {"SecretStr", "str"}
_ENV_NAME = re.compile(r"[A-Z_][A-Z0-9_]*\Z")
_TLS_KEYWORDS = ("verify", "verify_ssl", "ssl")


@dataclass
class Edit:
    finding: Finding
    safe: bool
    kind: str  # "replace" | "remove"
    node: cst.CSTNode
    new: Optional[cst.CSTNode] = None
    env_name: str = ""


@dataclass
class FileFix:
    display: str
    original: bytes
    fixed: bytes
    applied: List[Edit] = field(default_factory=list)
    # findings of the last content (the fixed one when anything changed)
    findings: List[Finding] = field(default_factory=list)
    secrets: Set[str] = field(default_factory=set)
    spans: Dict[int, List[Tuple[int, int]]] = field(default_factory=dict)

    @property
    def changed(self) -> bool:
        return self.fixed != self.original


# -- names ----------------------------------------------------------------------------------

def env_name(*parts: str) -> str:
    """``[A-Z0-9_]`` words of the binding's names: camelCase split, the rest underscores."""
    words = []
    for p in parts:
        p = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", p)
        words.append(re.sub(r"[^A-Z0-9]+", "_", p.upper()).strip("_"))
    name = re.sub(r"_+", "_", "_".join(w for w in words if w))
    return name if _ENV_NAME.match(name) else ""


def _str(node: Optional[cst.CSTNode]) -> Optional[str]:
    if isinstance(node, cst.SimpleString) and "b" not in node.prefix.lower():
        try:
            v = node.evaluated_value
        except Exception:  # noqa: BLE001 - an odd literal is not a name
            return None
        return v if isinstance(v, str) else None
    return None


def _dotted(node: cst.CSTNode) -> str:
    if isinstance(node, cst.Name):
        return node.value
    if isinstance(node, cst.Attribute):
        base = _dotted(node.value)
        return f"{base}.{node.attr.value}" if base else ""
    return ""


def _ccxt_exchange(call: cst.Call) -> Optional[str]:
    """'binance' for ``ccxt.binance(...)`` / ``ccxt.async_support.binance(...)`` / ``ccxtpro``."""
    name = _dotted(call.func)
    parts = name.split(".")
    if len(parts) >= 2 and parts[0] in _CCXT_HEADS and re.fullmatch(r"[a-z][a-z0-9_]*", parts[-1]):
        return parts[-1]
    return None


class _Module:
    """One fresh parse of a file, with positions, parents and its module-level os imports."""

    def __init__(self, data: bytes) -> None:
        from libcst.metadata import MetadataWrapper, ParentNodeProvider, PositionProvider

        from .engine import _in_big_stack, decode, safe_for_libcst
        from .positions import deep_recursion

        if not safe_for_libcst(decode(data, True)[0]):
            raise ValueError("not safe to parse outside the walk")  # no fix for this file

        def parse():
            with deep_recursion():
                wrapper = MetadataWrapper(cst.parse_module(data))
                return wrapper, wrapper.resolve(PositionProvider), wrapper.resolve(ParentNodeProvider)

        # on the engine's big stack, as the walk parses: libcst's parser recurses natively
        wrapper, self.pos, self.parent = _in_big_stack(parse)
        self.module = wrapper.module
        self.by_span: Dict[Tuple[int, int, int, int], List[cst.CSTNode]] = {}
        self.strings: List[Tuple[Tuple[int, int, int, int], cst.SimpleString]] = []
        for node, r in self.pos.items():
            span = (r.start.line, r.start.column + 1, r.end.line, r.end.column + 1)
            self.by_span.setdefault(span, []).append(node)
            if isinstance(node, cst.SimpleString):
                self.strings.append((span, node))
        self.accessor = ""  # "os.environ" / "environ" / "" (import os needed)
        self.origin: Dict[str, str] = {}  # local name -> module head (from X import Y)
        for stmt in self.module.body:
            if not isinstance(stmt, cst.SimpleStatementLine):
                continue
            for small in stmt.body:
                if isinstance(small, cst.Import):
                    for a in small.names:
                        mod = _dotted(a.name)
                        local = a.asname.name.value if a.asname and isinstance(a.asname.name, cst.Name) else mod
                        if mod == "os" and not self.accessor:
                            self.accessor = f"{local}.environ"
                elif isinstance(small, cst.ImportFrom) and small.module is not None and not small.relative:
                    mod = _dotted(small.module)
                    if isinstance(small.names, cst.ImportStar):
                        continue
                    for a in small.names:
                        nm = _dotted(a.name)
                        local = a.asname.name.value if a.asname and isinstance(a.asname.name, cst.Name) else nm
                        self.origin[local] = mod.split(".")[0]
                        if mod == "os" and nm == "environ" and not self.accessor:
                            self.accessor = local

    def span(self, node: cst.CSTNode) -> Tuple[int, int, int, int]:
        r = self.pos[node]
        return (r.start.line, r.start.column + 1, r.end.line, r.end.column + 1)

    def up(self, node: cst.CSTNode) -> Optional[cst.CSTNode]:
        return self.parent.get(node)

    def exact(self, f: Finding, types: tuple) -> Optional[cst.CSTNode]:
        loc = f.location
        for n in self.by_span.get((loc.line, loc.column, loc.end_line, loc.end_column), ()):
            if isinstance(n, types):
                return n
        return None


# -- planning -------------------------------------------------------------------------------

def _credential_node(m: _Module, f: Finding) -> Optional[cst.CSTNode]:
    """The whole string expression that holds the secret, or None when the secret is only part
    of a string (a URL, ``"Bearer ..."``) or not a plain str literal."""
    node = m.exact(f, (cst.SimpleString, cst.ConcatenatedString, cst.Call))
    if isinstance(node, cst.Call):  # SecretStr("..."), str("...")
        if (_dotted(node.func).split(".")[-1] in _WRAPPERS and len(node.args) == 1
                and node.args[0].keyword is None and isinstance(node.args[0].value, cst.SimpleString)):
            node = node.args[0].value
        else:
            return None
    if isinstance(node, cst.ConcatenatedString):
        parts: List[cst.BaseExpression] = []
        cur: cst.BaseExpression = node
        while isinstance(cur, cst.ConcatenatedString):
            parts.append(cur.left)
            cur = cur.right
        parts.append(cur)
        return node if all(_str(p) is not None for p in parts) else None
    if node is None:
        # the secrets pass reports the value inside the quotes: the string must be all secret
        loc = f.location
        best = None
        for (l0, c0, l1, c1), s in m.strings:
            if l0 == l1 == loc.line == loc.end_line and c0 <= loc.column and loc.end_column <= c1:
                inner0 = c0 + len(s.prefix) + len(s.quote)
                inner1 = c1 - len(s.quote)
                if loc.column <= inner0 and loc.end_column >= inner1:
                    best = s
        node = best
    if node is None or _str(node) is None:
        return None
    return node


def _target_parts(target: cst.CSTNode) -> Optional[List[str]]:
    if isinstance(target, cst.Name):
        return [target.value]
    if isinstance(target, cst.Attribute):
        return [target.attr.value]
    if isinstance(target, cst.Subscript):
        keys: List[str] = []
        base: cst.CSTNode = target
        while isinstance(base, cst.Subscript):
            if len(base.slice) == 1 and isinstance(base.slice[0].slice, cst.Index):
                k = _str(base.slice[0].slice.value)
                if k is not None:
                    keys.append(k)
            base = base.value
        if _dotted(base).split(".")[-1] == "environ":
            return None  # os.environ["X"] = "<literal>": moving it to the environment is no fix
        return list(reversed(keys)) or None
    return None


def _binding(m: _Module, lit: cst.CSTNode) -> Optional[Tuple[cst.CSTNode, str]]:
    """(node to replace, env var name) for the string expression ``lit``, or None (no fix)."""
    # no fix inside a signature default (evaluated at import), an f-string or a lambda
    anc = m.up(lit)
    while anc is not None and not isinstance(anc, cst.BaseStatement):
        if isinstance(anc, (cst.Param, cst.FormattedString, cst.Lambda)):
            return None
        anc = m.up(anc)
    node = lit
    parent = m.up(node)
    call = m.up(parent) if isinstance(parent, cst.Arg) else None
    if isinstance(call, cst.Call):
        if _dotted(call.func).split(".")[-1] in _WRAPPERS and len(call.args) == 1:
            node, parent = call, m.up(call)  # SecretStr("...") as a whole is the value
    if isinstance(parent, cst.Assign) and parent.value is node and len(parent.targets) == 1:
        parts = _target_parts(parent.targets[0].target)
        return (lit, env_name(*parts)) if parts else None
    if isinstance(parent, cst.AnnAssign) and parent.value is node:
        parts = _target_parts(parent.target)
        return (lit, env_name(*parts)) if parts else None
    if isinstance(parent, cst.DictElement) and parent.value is node:
        return _dict_binding(m, lit, parent)
    if isinstance(parent, cst.Arg) and parent.value is node:
        call = m.up(parent)
        if not isinstance(call, cst.Call):
            return None
        callee = _dotted(call.func)
        short = callee.split(".")[-1]
        if parent.keyword is not None:
            ex = _ccxt_exchange(call)
            key = parent.keyword.value
            if ex:
                return lit, env_name(ex, _CCXT_KEYS.get(key, key))
            return lit, env_name(key)
        positional = [a for a in call.args if a.keyword is None and not a.star]
        idx = next((i for i, a in enumerate(positional) if a is parent), -1)
        if short in ("getenv", "get", "setdefault") and idx == 1 and (short == "getenv" or "environ" in callee):
            name = _str(positional[0].value)
            if name and re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
                return call, name  # os.getenv("X", "<literal>") -> os.environ["X"]
            return None
        if short in _KEY_CALLS and idx == 0:
            return lit, "PRIVATE_KEY"
        head = callee.split(".")[0]
        head = m.origin.get(head, head)
        sdk = _SDK_POSITIONAL.get(head)
        if sdk and 0 <= idx < len(sdk[1]):
            return lit, env_name(sdk[0], sdk[1][idx])
    return None


def _dict_binding(m: _Module, lit: cst.CSTNode, el: cst.DictElement) -> Optional[Tuple[cst.CSTNode, str]]:
    key = _str(el.key)
    if not key:
        return None
    d = m.up(el)
    keys_here: Set[Optional[str]] = set()
    if isinstance(d, cst.Dict):
        keys_here = {_str(e.key) for e in d.elements if isinstance(e, cst.DictElement)}
    ccxt_style = "apiKey" in keys_here
    parents: List[str] = []
    cur = d
    exchange = None
    while isinstance(cur, cst.Dict):
        up = m.up(cur)
        if isinstance(up, cst.DictElement) and isinstance(m.up(up), cst.Dict):
            k = _str(up.key)
            if k:
                parents.append(k)
            cur = m.up(up)
            continue
        call = m.up(up) if isinstance(up, cst.Arg) else None
        if isinstance(call, cst.Call):
            exchange = _ccxt_exchange(call)
        break
    if exchange:
        return lit, env_name(exchange, _CCXT_KEYS.get(key, key))
    if ccxt_style and key in _CCXT_KEYS:
        return lit, env_name(*reversed(parents), _CCXT_KEYS[key])
    return lit, env_name(*reversed(parents), key)


def _is_true(node: cst.CSTNode) -> bool:
    return isinstance(node, cst.Name) and node.value == "True"


def _is_false(node: cst.CSTNode) -> bool:
    return isinstance(node, cst.Name) and node.value == "False"


def _plan_verbose(m: _Module, f: Finding) -> List[Edit]:
    node = m.exact(f, (cst.DictElement, cst.Attribute))
    if isinstance(node, cst.DictElement) and _is_true(node.value) and isinstance(m.up(node), cst.Dict):
        return [Edit(f, SAFE[f.code], "remove", node)]
    if isinstance(node, cst.Attribute):
        at = m.up(node)
        assign = m.up(at) if isinstance(at, cst.AssignTarget) else None
        if isinstance(assign, cst.Assign) and len(assign.targets) == 1 and _is_true(assign.value):
            return [Edit(f, SAFE[f.code], "remove", assign)]
    return []


def _plan_tls(m: _Module, f: Finding) -> List[Edit]:
    node = m.exact(f, (cst.Call, cst.Assign))
    safe = SAFE[f.code]
    if isinstance(node, cst.Assign):
        t = node.targets[0].target if len(node.targets) == 1 else None
        if isinstance(t, cst.Attribute) and t.attr.value in ("verify", "verify_ssl") and _is_false(node.value):
            return [Edit(f, safe, "remove", node)]
        return []
    if not isinstance(node, cst.Call):
        return []
    edits = [Edit(f, safe, "remove", a) for a in node.args
             if a.keyword is not None and a.keyword.value in _TLS_KEYWORDS and _is_false(a.value)]
    if _ccxt_exchange(node):
        for a in node.args:
            if isinstance(a.value, cst.Dict) and (a.keyword is None or a.keyword.value == "config"):
                edits += [Edit(f, safe, "remove", el) for el in a.value.elements
                          if isinstance(el, cst.DictElement) and _str(el.key) == "verify" and _is_false(el.value)]
    return edits


def _plan_credential(m: _Module, f: Finding, names: Dict[str, str]) -> List[Edit]:
    lit = _credential_node(m, f)
    if lit is None:
        return []
    bound = _binding(m, lit)
    if bound is None or not bound[1]:
        return []
    target, name = bound
    base, n = name, 1
    while names.get(name, f.secret_hash) != f.secret_hash:  # another secret already has the name
        n += 1
        name = f"{base}_{n}"
    names[name] = f.secret_hash
    quote = lit.quote[0] if isinstance(lit, cst.SimpleString) and lit.quote[0] in "'\"" else '"'
    accessor = m.accessor or "os.environ"
    new = cst.parse_expression(f"{accessor}[{quote}{name}{quote}]")
    return [Edit(f, SAFE[f.code], "replace", target, new, env_name=name)]


def plan(data: bytes, findings: Sequence[Finding]) -> Tuple[Optional[_Module], List[Edit]]:
    """Every fix (safe or not) available for ``findings`` of one file's ``data``."""
    wanted = [f for f in findings if f.code in SAFE]
    if not wanted:
        return None, []
    try:
        m = _Module(data)
    except Exception:  # noqa: BLE001 - a file libcst cannot parse gets no fix
        return None, []
    from .engine import decode

    if m.module.code != decode(data, True)[0]:
        return None, []  # the positions would not be the engine's (an encoding libcst reads differently)
    edits: List[Edit] = []
    names: Dict[str, str] = {}
    seen: Set[int] = set()
    for f in sorted(wanted, key=Finding.sort_key):
        try:
            if f.code == "BOT206":
                new = _plan_verbose(m, f)
            elif f.code == "BOT402":
                new = _plan_tls(m, f)
            else:
                new = _plan_credential(m, f, names)
        except Exception:  # noqa: BLE001 - no fix rather than a broken one
            new = []
        for e in new:
            if id(e.node) not in seen:
                seen.add(id(e.node))
                edits.append(e)
    return m, edits


# -- applying -------------------------------------------------------------------------------

def _drop(original, updated, removed: Set[int]):
    """``updated`` (a Dict or a Call) without the removed elements or arguments.  When the last
    one goes, the new last one takes its comma (none on one line, a multi-line literal's
    trailing comma) and the whitespace before the closing bracket keeps the new last one's
    end-of-line comment (libcst keeps a last element's comment on the bracket / ``Arg``)."""
    is_call = isinstance(original, cst.Call)
    olds = original.args if is_call else original.elements
    news = updated.args if is_call else updated.elements
    kept = [u for o, u in zip(olds, news) if id(o) not in removed]
    changes: dict = {}
    if kept and id(olds[-1]) in removed:
        last, gone = kept[-1], news[-1]
        own = last.comma.whitespace_after if isinstance(last.comma, cst.Comma) else None
        comment = own.first_line if isinstance(own, cst.ParenthesizedWhitespace) else None
        comma = gone.comma
        if (comment is not None and isinstance(comma, cst.Comma)
                and isinstance(comma.whitespace_after, cst.ParenthesizedWhitespace)):
            comma = comma.with_changes(whitespace_after=comma.whitespace_after.with_changes(first_line=comment))
        last = last.with_changes(comma=comma)
        closing = gone.whitespace_after_arg if is_call else updated.rbrace.whitespace_before
        if comment is not None and isinstance(closing, cst.ParenthesizedWhitespace):
            closing = closing.with_changes(first_line=comment)
        if is_call:
            last = last.with_changes(whitespace_after_arg=closing)
        else:
            changes["rbrace"] = updated.rbrace.with_changes(whitespace_before=closing)
        kept[-1] = last
    changes["args" if is_call else "elements"] = kept
    return updated.with_changes(**changes)


class _Apply(cst.CSTTransformer):
    def __init__(self, edits: Sequence[Edit], import_os: bool) -> None:
        super().__init__()
        self.replace = {id(e.node): e.new for e in edits if e.kind == "replace"}
        self.remove = {id(e.node) for e in edits if e.kind == "remove"}
        self.import_os = import_os

    def on_leave(self, original, updated):
        if id(original) in self.replace:
            return self.replace[id(original)]
        if isinstance(original, cst.Assign) and id(original) in self.remove:
            return cst.RemovalSentinel.REMOVE
        if isinstance(original, cst.Dict) and any(id(e) in self.remove for e in original.elements):
            return _drop(original, updated, self.remove)
        if isinstance(original, cst.Call) and any(id(a) in self.remove for a in original.args):
            return _drop(original, updated, self.remove)
        if isinstance(original, cst.Module) and self.import_os:
            return _with_import_os(updated)
        return updated


def _is_future_import(stmt: cst.BaseStatement) -> bool:
    return isinstance(stmt, cst.SimpleStatementLine) and any(
        isinstance(s, cst.ImportFrom) and _dotted(s.module or cst.Name("x")) == "__future__" for s in stmt.body)


def _with_import_os(module: cst.Module) -> cst.Module:
    body = list(module.body)
    i = 0
    if body and isinstance(body[0], cst.SimpleStatementLine) and len(body[0].body) == 1 and \
            isinstance(body[0].body[0], cst.Expr) and isinstance(body[0].body[0].value,
                                                                 (cst.SimpleString, cst.ConcatenatedString)):
        i = 1  # the docstring
    while i < len(body) and _is_future_import(body[i]):
        i += 1
    stmt = cst.parse_statement("import os" + module.default_newline, config=module.config_for_parsing)
    if i < len(body):
        # the blank lines above the next statement go above ``import os`` (its comments stay)
        lead = list(body[i].leading_lines)
        n = 0
        while n < len(lead) and lead[n].comment is None:
            n += 1
        stmt = stmt.with_changes(leading_lines=lead[:n])
        body[i] = body[i].with_changes(leading_lines=lead[n:])
    return module.with_changes(body=body[:i] + [stmt] + body[i:])


def apply(m: _Module, edits: Sequence[Edit]) -> bytes:
    import_os = any(e.kind == "replace" for e in edits) and not m.accessor
    from .positions import deep_recursion

    with deep_recursion():
        return m.module.visit(_Apply(edits, import_os)).bytes


# -- a file, a run --------------------------------------------------------------------------

def _secret_texts(text: str, findings: Sequence[Finding]) -> Tuple[Set[str], Dict[int, List[Tuple[int, int]]]]:
    """The reported secrets' text (kept in memory only, to mask them wherever a diff shows
    them) and the BOT1 spans per line, as the engine's code frames mask them."""
    from .text import LineIndex

    idx = LineIndex(text)
    secrets: Set[str] = set()
    spans: Dict[int, List[Tuple[int, int]]] = {}
    for f in findings:
        if not f.code.startswith("BOT1"):
            continue
        loc = f.location
        for ln in range(loc.line, loc.end_line + 1):
            start = loc.column if ln == loc.line else 1
            end = loc.end_column if ln == loc.end_line else 10**6
            spans.setdefault(ln, []).append((start, end))
        try:
            a = idx.starts[loc.line - 1] + loc.column - 1
            b = idx.starts[loc.end_line - 1] + loc.end_column - 1
        except IndexError:
            continue
        raw = text[a:b]
        for s in (raw, re.sub(r"""^[rRuUfFbB]*(['"]{3}|['"])|(['"]{3}|['"])$""", "", raw)):
            for part in split_lines(s):
                if len(part.strip()) >= 4:
                    secrets.add(part.strip())
    return secrets, spans


def fix_file(display: str, kind: str, data: bytes, findings: Sequence[Finding], settings,
             unsafe: bool, lint: Callable[[bytes], List[Finding]]) -> Tuple[FileFix, int]:
    """(the fix of one file, how many fixes ``--unsafe-fixes`` would add on its first pass).
    ``lint(data)`` gives the reported findings of new content (for the next pass)."""
    from .engine import decode

    out = FileFix(display, data, data, findings=list(findings))
    out.secrets, out.spans = _secret_texts(decode(data, kind == "python")[0], findings)
    hidden = 0
    current, current_findings = data, list(findings)
    for n in range(MAX_PASSES):
        m, edits = plan(current, current_findings)
        if n == 0:
            hidden = sum(1 for e in _per_finding(edits) if not e.safe and not unsafe)
        usable = [e for e in edits if e.safe or unsafe]
        if not usable or m is None:
            break
        new = apply(m, usable)
        if new == current or not _compiles(new):
            break
        out.applied.extend(usable)
        current = new
        current_findings = lint(current)
        out.secrets |= _secret_texts(decode(current, True)[0], current_findings)[0]
    out.fixed = current
    out.findings = current_findings
    return out, hidden


def _compiles(data: bytes) -> bool:
    """A last guard: a fix never writes a file Python cannot parse (the input parsed)."""
    import ast
    import warnings

    from .engine import decode

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            ast.parse(decode(data, True)[0])
        return True
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return False


def _per_file_lint(display: str, kind: str, settings) -> Callable[[bytes], List[Finding]]:
    from .engine import _lint_chunk

    level = Severity[settings.severity_level.upper()]

    def lint(data: bytes) -> List[Finding]:
        return [f for f in _lint_chunk([(display, data, kind)], settings)[0].findings if f.severity >= level]

    return lint


def _per_finding(edits: Sequence[Edit]) -> List[Edit]:
    """One edit per finding (BOT402 can remove two keywords for one finding)."""
    seen: Set[int] = set()
    out = []
    for e in edits:
        if id(e.finding) not in seen:
            seen.add(id(e.finding))
            out.append(e)
    return out


def fix_tasks(tasks, findings: Sequence[Finding], settings, unsafe: bool) -> Tuple[List[FileFix], int]:
    """Plan and apply (in memory) the fixes of every file with a fixable finding."""
    out: List[FileFix] = []
    hidden = 0
    for t, data, fs in _fixable_files(tasks, findings):
        ff, h = fix_file(t.display, t.kind, data, fs, settings, unsafe, _per_file_lint(t.display, t.kind, settings))
        ff.fs_path = t.fs_path  # type: ignore[attr-defined]
        hidden += h
        if ff.changed:
            out.append(ff)
    return out, hidden


# -- output ---------------------------------------------------------------------------------

def _shown(line: str, spans: Sequence[Tuple[int, int]], secrets: Set[str]) -> str:
    from .engine import redact_line
    from .report import terminal_text

    for s in sorted(secrets, key=len, reverse=True):
        if s in line:
            line = line.replace(s, "*" * len(s))
    masked = redact_line(line, spans)
    if len(line) > 500:
        masked += " [...]"  # redact_line keeps the first 500 characters, as code frames do
    return "\t".join(terminal_text(p) for p in masked.split("\t"))


def diff_text(ff: FileFix) -> str:
    """A unified diff of one file in which no secret is shown."""
    from .engine import decode
    from .report import display_path

    a = split_lines(decode(ff.original, True)[0])
    b = split_lines(decode(ff.fixed, True)[0])
    name = display_path(ff.display)
    out = [f"--- {name}", f"+++ {name}"]  # as ruff: the path itself, no a/ b/
    for group in difflib.SequenceMatcher(None, a, b, autojunk=False).get_grouped_opcodes(3):
        i1, i2, j1, j2 = group[0][1], group[-1][2], group[0][3], group[-1][4]
        out.append(f"@@ -{i1 + 1},{i2 - i1} +{j1 + 1},{j2 - j1} @@")
        for tag, x1, x2, y1, y2 in group:
            if tag == "equal":
                out += [" " + _shown(a[i], ff.spans.get(i + 1, ()), ff.secrets) for i in range(x1, x2)]
                continue
            out += ["-" + _shown(a[i], ff.spans.get(i + 1, ()), ff.secrets) for i in range(x1, x2)]
            out += ["+" + _shown(b[j], (), ff.secrets) for j in range(y1, y2)]
    return "\n".join(out) + "\n"


def rotation_notes(ff: FileFix) -> List[str]:
    """One line per fixed credential: where it was, where it is read from now, and that the
    old key must be rotated (removing it from the file does not un-leak it)."""
    out = []
    for e in ff.applied:
        if e.env_name:
            f = e.finding
            out.append(f"{ff.display}:{f.line}:{f.column}: {f.code} fixed: now read from the environment variable "
                       f"{e.env_name}; the old key is still valid and may be in git history: rotate it "
                       f"(revoke and re-issue) and check `botlint history`")
    return out


class WriteError(Exception):
    pass


def write(ff: FileFix, fs_path: str, root: str) -> None:
    """Atomically replace the file with the fixed bytes, unless it changed since it was read
    or it is reached through a symlink that leaves ``root``."""
    real = os.path.realpath(fs_path)
    if real != os.path.abspath(fs_path):
        top = os.path.realpath(root)
        try:
            inside = os.path.commonpath([real, top]) == top
        except ValueError:
            inside = False
        if not inside:
            raise WriteError("a symlink out of the tree: not fixed")
    try:
        st = os.stat(real)
        if not stat.S_ISREG(st.st_mode):
            raise WriteError("not a regular file: not fixed")
        with open(real, "rb") as fh:
            now = fh.read()
    except OSError as e:
        raise WriteError(f"cannot read it again ({e.strerror}): not fixed") from e
    if hashlib.sha256(now).digest() != hashlib.sha256(ff.original).digest():
        raise WriteError("changed since it was read: not fixed")
    d = os.path.dirname(real)
    try:
        fd, tmp = tempfile.mkstemp(prefix=".botlint-fix-", dir=d)
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(ff.fixed)
            os.chmod(tmp, stat.S_IMODE(st.st_mode))
            os.replace(tmp, real)
        except BaseException:
            try:
                os.unlink(tmp)
            except OSError:
                pass
            raise
    except OSError as e:
        raise WriteError(f"cannot write ({e.strerror}): not fixed") from e


