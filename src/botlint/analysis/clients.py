"""Exchange clients: which expressions hold a ccxt or native-SDK client, what they were given
(credentials, sandbox switches, TLS settings), and the module's key-permission checks.

Used by BOT3 (fund-moving calls) and BOT4 (client safety), and by BOT2 for ccxt clients; what
an exchange or an SDK *is* comes from the venue registry (``botlint.venues``).

The tracker is deliberately cheap (no libcst metadata): it records facts during the one batched
walk, keyed by the text of the expression that holds a client (``ex``, ``self.exchange``,
``self.exchanges[]``), and resolves them at the end of the module, so a client built in
``__init__`` and used in another method, or returned by a factory function defined further
down, is still recognised.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Dict, List, Optional, Set, Tuple

import libcst as cst

from .. import venues
from ..venues.vocab import CRED_KEYS, SANDBOX_CALLS, SANDBOX_KEYS, SIGNING_KEYS, TEST_URL_KEYS
from .hosts import is_test_host
from .imports import ImportMap, dotted
from .literals import literal_str
# re-exported: these helpers lived here before ``syntax``; new code imports them from there
from .syntax import (  # noqa: F401
    LiteralPrecheck, StringVisits, is_false, is_none_or_empty, key_of, last_identifier, lowered,
    raw_text, skip_parts, string_text, unwrap,
)

CCXT = "ccxt"
# kinds of the native SDK clients (``Client.kind``): the ids of their ``venues.Sdk`` records
PY_BINANCE = "python-binance"
BINANCE_CONNECTOR = "binance-connector"
PYBIT = "pybit"
COINBASE = "coinbase-advanced-py"

_TEST_WORDS = re.compile(r"(?i)testnet|sandbox|demo")
_ANNOTATION_HEAD = re.compile(r"\s*(?:Optional\[\s*)?([\w.]+)")


def sdk_exchange(kind: str) -> Optional[str]:
    record = venues.sdk(kind)
    return record.venue if record else None


_CCXT_HEADS = ("ccxt", "ccxtpro")
_CCXT_MODULES = {"ccxt", "ccxt.async_support", "ccxt.pro", "ccxtpro"}
_EXCHANGE_TYPE_NAMES = {"Exchange"}


def _ccxt_exchange_from_name(resolved: str) -> Tuple[bool, Optional[str]]:
    """(is a ccxt exchange class, exchange id) for a resolved dotted name."""
    parts = resolved.split(".")
    if parts[0] not in _CCXT_HEADS or len(parts) < 2:
        return False, None
    t = venues.tables()
    last = parts[-1]
    if last in _EXCHANGE_TYPE_NAMES:
        return True, None
    ex = t.canonical(last)
    if ex is not None:
        return True, ex
    return False, None


def annotation_client(ann: Optional[cst.CSTNode], imports: ImportMap) -> Optional[Tuple[str, Optional[str]]]:
    """(kind, exchange) when a type annotation names a ccxt exchange or an SDK client."""
    if ann is None:
        return None
    stack = [ann]
    while stack:
        n = stack.pop()
        if isinstance(n, (cst.Name, cst.Attribute)):
            r = imports.resolve(n) or ""
            ok, ex = _ccxt_exchange_from_name(r)
            if ok:
                return CCXT, ex
            sdk = venues.sdk_for_class(r)
            if sdk:
                return sdk.id, sdk.venue
            if isinstance(n, cst.Attribute):
                continue
        elif isinstance(n, cst.SimpleString):
            s = literal_str(n) or ""
            m = _ANNOTATION_HEAD.match(s)
            if m:
                r = m.group(1)
                head = r.split(".")[0]
                full = imports.aliases.get(head)
                if full:
                    r = full + r[len(head):]
                ok, ex = _ccxt_exchange_from_name(r)
                if ok:
                    return CCXT, ex
        elif isinstance(n, cst.Subscript):
            stack.append(n.value)
            for el in n.slice:
                if isinstance(el.slice, cst.Index):
                    stack.append(el.slice.value)
        elif isinstance(n, cst.BinaryOperation):
            stack.extend((n.left, n.right))
    return None


# -- per-file client facts ----------------------------------------------------------------------

@dataclass(eq=False)
class Client:
    """A client construction site (or a typed parameter when node is None)."""

    kind: str  # "ccxt" or an SDK kind
    exchange: Optional[str]
    node: Optional[cst.CSTNode]
    creds: bool = False
    # a sandbox/testnet/demo switch given at construction (True, or "config" when non-literal)
    sandbox: bool = False
    # config dicts passed by name (or ** expanded): their keys, to look up later stores
    config_keys: Set[str] = field(default_factory=set)
    # the function that built it (alternative clients in one factory share a testnet switch)
    func: Optional[str] = None
    # the config is an unknown expression (parameter, **kwargs): credentials unknown
    config_unknown: bool = False
    tls_off: bool = False
    is_test: bool = False
    keys: Set[str] = field(default_factory=set)
    # built by a factory from one of its parameters: (function name, parameter index), so the
    # credentials are those its callers pass (``make("binance", {"apiKey": ...})``)
    config_param: Optional[Tuple[str, int]] = None

    @property
    def label(self) -> str:
        if self.kind == CCXT:
            return f"ccxt {self.exchange}" if self.exchange else "ccxt"
        return self.kind


def dict_facts(node: cst.Dict) -> Tuple[bool, bool, bool, bool]:
    """(has credentials, has a sandbox switch, has ** expansion, TLS verification off) of a
    ccxt config dict literal (top level and ``options``)."""
    creds = sandbox = star = tls_off = False
    for el in node.elements:
        if not isinstance(el, cst.DictElement):  # ``**other``
            star = True
            continue
        k = literal_str(el.key)
        if k is None:
            continue
        if k in SIGNING_KEYS and not is_none_or_empty(el.value):
            creds = True
        elif k in SANDBOX_KEYS and not is_false(el.value):
            sandbox = True
        elif k == "verify" and is_false(el.value):
            tls_off = True
        elif k == "options" and isinstance(el.value, cst.Dict):
            _c, s, _st, _t = dict_facts(el.value)
            sandbox = sandbox or s
    return creds, sandbox, star, tls_off


def _dict_call_facts(call: cst.Call) -> Tuple[bool, bool]:
    """(credentials, sandbox switch) of ``dict(apiKey=..., secret=..., sandbox=...)``."""
    creds = sandbox = False
    for a in call.args:
        if a.keyword is None:
            continue
        kw = a.keyword.value
        if kw in SIGNING_KEYS and not is_none_or_empty(a.value):
            creds = True
        elif kw in SANDBOX_KEYS and not is_false(a.value):
            sandbox = True
    return creds, sandbox


def dict_urls(node: cst.Dict) -> Optional[cst.CSTNode]:
    """The value of a ccxt config dict's ``urls`` entry (its endpoints), if any."""
    for el in node.elements:
        if isinstance(el, cst.DictElement) and literal_str(el.key) == "urls":
            return el.value
    return None


_URL_HOST = re.compile(r"^\s*(?:https?|wss?)://([^/:?#{}\s]+)", re.I)


_MOCK_FACTORIES = frozenset({"MagicMock", "Mock", "AsyncMock", "NonCallableMock", "NonCallableMagicMock",
                             "create_autospec", "patch", "object", "multiple"})
# a receiver named as a test double (``mock_exchange``, ``fake_client``)
MOCK_NAME = re.compile(r"^_*(?:[Mm]ock|MOCK|[Ff]ake|FAKE|[Ss]tub|STUB|[Dd]ummy|DUMMY)(?:_|[A-Z0-9]|$)")


def _is_mock_factory(name: str) -> bool:
    """``MagicMock``, ``mock.patch.object``, ``mocker.patch``, ``create_autospec``."""
    parts = name.split(".")
    return parts[-1] in _MOCK_FACTORIES and (parts[-1] not in ("object", "multiple") or "patch" in parts) \
        and (parts[-1] != "patch" or len(parts) == 1 or parts[-2] in ("mock", "mocker", "unittest"))


def _urls_owner(key: Optional[str]) -> Optional[str]:
    """``self.exchange`` for ``self.exchange.urls[]...``: whose ``urls`` a store changes."""
    if not key:
        return None
    at = key.find(".urls")
    if at <= 0 or key[at + 5: at + 6] not in ("", "[", "."):
        return None
    return key[:at]


@dataclass(frozen=True)
class Forward:
    """A helper that calls a client with one of its parameters as the method name
    (``getattr(self.exchange, method)(...)``) or as a ccxt ``request()`` path."""

    kind: str  # "method" | "path"
    index: int  # parameter index, counting ``self``
    receiver: cst.CSTNode  # the client expression inside the helper
    method: bool  # defined with a leading self/cls (called as ``obj.helper(...)``)
    api: Optional[str] = None
    verb: Optional[str] = None


class ClientTracker:
    """Facts about clients in one module, collected during the walk, resolved at the end.

    Several rules drive one tracker (it lives in ``ctx.shared``); each event is processed once
    per node however many rules forward it.
    """

    def __init__(self, imports: ImportMap, is_test: bool) -> None:
        self.imports = imports
        self.is_test = is_test
        self.clients: List[Client] = []
        self._ctor_cache: Dict[int, Optional[Client]] = {}
        self.bindings: Dict[str, List[tuple]] = {}
        self.returns: Dict[str, List[tuple]] = {}
        self.class_keys: Dict[str, Optional[str]] = {}  # name bound to a ccxt class -> exchange
        self.dict_creds: Set[str] = set()
        self.dict_sandbox: Set[str] = set()
        self.attr_creds: Set[str] = set()
        # credentials blanked by a store (`cfg["apiKey"] = ""` in dry-run mode): a dry-run switch
        self.blanked: Set[str] = set()
        self.switches: List[Optional[str]] = []  # receiver keys of sandbox switches (None = unknown)
        self.permission_checks: List[str] = []
        self.func_stack: List[str] = []
        self.class_stack: List[Tuple[str, bool]] = []
        self.impl_classes: List[str] = []
        self._resolved: Dict[str, Set[Client]] = {}
        self.user_checks: List[str] = []
        self.module_keys: Set[str] = set()  # local names bound to a ccxt module (ccxt_module = ccxt)
        # names bound to strings, dicts and conditionals (a testnet URL kept in a constant)
        self.constants: Dict[str, List[cst.CSTNode]] = {}
        # ``urls`` settings, judged at the end (the constants they name may come later):
        # ("client", Client, value), ("dict", config key, value), ("switch", client key, value)
        self.url_settings: List[Tuple[str, object, cst.CSTNode]] = []
        self._finished = False
        self.mocks: Set[str] = set()  # names bound to MagicMock(), patch(...), create_autospec(...)
        # positional parameter names of each function (by name, like ``returns``)
        self.params: Dict[str, List[str]] = {}
        # helpers forwarding a parameter to a client as a method name or request path
        self.forwarders: Dict[str, List[Forward]] = {}
        # calls by callee name (``helper(...)``, ``self.helper(...)``, ``obj.helper(...)``):
        # (call, called through an attribute)
        self.calls_by_name: Dict[str, List[Tuple[cst.Call, bool]]] = {}

    @staticmethod
    def shared(ctx) -> "ClientTracker":
        t = ctx.shared.get("clients")
        if t is None:
            t = ctx.shared["clients"] = ClientTracker(ctx.imports, ctx.is_test)
            t.user_checks = list(getattr(ctx.settings, "permission_checks", None) or ())
        return t

    # -- recognition ---------------------------------------------------------------------
    def ccxt_module(self, node: Optional[cst.CSTNode]) -> bool:
        if isinstance(node, cst.Name) and node.value in self.module_keys:
            return True
        r = self.imports.resolve(node) or ""
        return r in _CCXT_MODULES or r.startswith("ccxt.") and r.split(".")[-1] in ("async_support", "pro")

    def class_of(self, func: cst.CSTNode) -> Optional[Tuple[str, Optional[str]]]:
        """(kind, exchange) when ``func`` is a client class (or ``getattr(ccxt, name)``)."""
        if isinstance(func, cst.Call):
            fname = dotted(func.func)
            if fname == "getattr" and len(func.args) >= 2 and self.ccxt_module(func.args[0].value):
                name = literal_str(func.args[1].value)
                return CCXT, venues.tables().canonical(name) if name else None
            return None
        if isinstance(func, cst.Subscript):  # ccxt.__dict__[name], vars(ccxt)[name]
            holder = func.value
            module = holder.value if isinstance(holder, cst.Attribute) and holder.attr.value == "__dict__" else (
                holder.args[0].value if isinstance(holder, cst.Call) and dotted(holder.func) == "vars"
                and len(holder.args) == 1 else None)
            if module is None or not self.ccxt_module(module):
                return None
            sub = func.slice[0].slice if len(func.slice) == 1 else None
            name = literal_str(sub.value) if isinstance(sub, cst.Index) else None
            return CCXT, venues.tables().canonical(name) if name else None
        name = dotted(func)
        if name is None:
            return None
        if name in self.class_keys:
            return CCXT, self.class_keys[name]
        head = name.split(".", 1)[0]
        if head in self.imports.aliases:  # from binance.client import Client as BinanceClient
            name = self.imports.resolve(func) or name
        last = name.rsplit(".", 1)[-1]
        t = venues.tables()
        if last not in t.ids and last not in t.aliases and last != "create" and last not in venues.sdk_client_classes():
            return None
        resolved = self.imports.resolve(func) or ""
        ok, ex = _ccxt_exchange_from_name(resolved)
        if ok and ex is not None:
            return CCXT, ex
        sdk = venues.sdk_for_class(resolved)
        if sdk:
            return sdk.id, sdk.venue
        return None

    def ctor(self, call: cst.Call) -> Optional[Client]:
        key = id(call)
        if key in self._ctor_cache:
            return self._ctor_cache[key]
        found = self.class_of(call.func)
        client = None
        if found:
            kind, ex = found
            client = Client(kind, ex, call, is_test=self.is_test,
                            func=self.func_stack[-1] if self.func_stack else None)
            if kind == CCXT:
                self._ccxt_config(client, call)
            else:
                self._sdk_config(client, call)
            if client.func and not client.creds:
                names = self.params.get(client.func, [])
                for k in sorted(client.config_keys):
                    if k in names:
                        client.config_param = (client.func, names.index(k))
                        break
            self.clients.append(client)
        self._ctor_cache[key] = client
        return client

    def _ccxt_config(self, client: Client, call: cst.Call) -> None:
        args = [a for a in call.args if not a.star and a.keyword is None]
        cfg = args[0].value if args else None
        for a in call.args:
            if a.keyword is not None and a.keyword.value == "config":
                cfg = a.value
            elif a.star == "**" and key_of(a.value):
                client.config_keys.add(str(key_of(a.value)))
            elif a.star:
                client.config_unknown = True
        cfg = unwrap(cfg)
        while isinstance(cfg, cst.BooleanOperation):  # ``config or {}``
            cfg = cfg.left
        if cfg is None:
            return
        if isinstance(cfg, cst.Call) and dotted(cfg.func) == "dict":  # dict(apiKey=..., secret=...)
            client.creds, client.sandbox = _dict_call_facts(cfg)
            return
        if isinstance(cfg, cst.Dict):
            creds, sandbox, star, tls_off = dict_facts(cfg)
            client.creds, client.sandbox, client.tls_off = creds, sandbox, tls_off
            urls = dict_urls(cfg)
            if urls is not None:
                self.url_settings.append(("client", client, urls))
            client.config_unknown = client.config_unknown or (star and not creds)
            for el in cfg.elements:
                if isinstance(el, cst.StarredDictElement):
                    k = key_of(el.value)
                    if k:
                        client.config_keys.add(k)
            return
        k = key_of(cfg)
        if k:
            client.config_keys.add(k)
        else:
            client.config_unknown = True

    def _sdk_config(self, client: Client, call: cst.Call) -> None:
        sdk = venues.sdk(client.kind)
        if sdk is None:
            return
        positional = [a for a in call.args if a.keyword is None and not a.star]
        if any(not is_none_or_empty(a.value) for a in positional[:len(sdk.positional_creds)]):
            client.creds = True
        for a in call.args:
            if a.star == "**" and key_of(a.value):  # HTTP(**settings): the dict's keys count
                client.config_keys.add(str(key_of(a.value)))
                continue
            if a.star:
                client.config_unknown = True
                continue
            if a.keyword is None:
                continue
            kw = a.keyword.value
            if kw in sdk.cred_kwargs and not is_none_or_empty(a.value):
                client.creds = True
            elif kw in sdk.sandbox_kwargs and not is_false(a.value):
                client.sandbox = True
            elif kw in sdk.url_kwargs:
                s = string_text(a.value)
                if s is None or _TEST_WORDS.search(s):
                    client.sandbox = True

    def source_of(self, value: Optional[cst.CSTNode]) -> Optional[tuple]:
        """Where a value's client comes from: the first source, left to right, of the operands of
        ``a or b``/``x if c else y`` chains (walked with a stack: a 20,000-term chain must not hit
        the recursion limit, which turned every rule off)."""
        stack = [value]
        while stack:
            v = unwrap(stack.pop())
            if isinstance(v, cst.IfExp):
                stack.append(v.orelse)
                stack.append(v.body)
            elif isinstance(v, cst.BooleanOperation):
                stack.append(v.right)
                stack.append(v.left)
            else:
                found = self._source_of_one(v)
                if found:
                    return found
        return None

    def _source_of_one(self, value: Optional[cst.CSTNode]) -> Optional[tuple]:
        if isinstance(value, cst.Call):
            c = self.ctor(value)
            if c is not None:
                return ("ctor", c)
            f = value.func
            if isinstance(f, cst.Name):
                return ("call", f.value)
            if isinstance(f, cst.Attribute) and isinstance(f.value, cst.Name) and f.value.value in ("self", "cls"):
                return ("call", f.attr.value)
            return None
        k = key_of(value)
        return ("key", k) if k else None

    def _bind(self, key: str, src: Optional[tuple]) -> None:
        if src is not None and not (src[0] == "key" and src[1] == key):
            self.bindings.setdefault(key, []).append(src)

    # -- events --------------------------------------------------------------------------
    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        impl = self._is_impl_class(node)
        self.class_stack.append((node.name.value, impl))
        if impl:
            self.impl_classes.append(node.name.value)
        for stmt in node.body.body if isinstance(node.body, cst.IndentedBlock) else ():
            if isinstance(stmt, cst.SimpleStatementLine):
                for s in stmt.body:
                    if isinstance(s, cst.AnnAssign) and isinstance(s.target, cst.Name):
                        found = annotation_client(s.annotation.annotation, self.imports)
                        if found:
                            self._bind(f"self.{s.target.value}", ("annot", Client(found[0], found[1], None)))

    def leave_ClassDef(self, node: cst.ClassDef) -> None:
        if self.class_stack:
            self.class_stack.pop()

    def _is_impl_class(self, node: cst.ClassDef) -> bool:
        for b in node.bases:
            r = self.imports.resolve(b.value) or dotted(b.value) or ""
            head, last = r.split(".")[0], r.rsplit(".", 1)[-1]
            if head in _CCXT_HEADS:
                return True
            if last in ("Exchange", "ImplicitAPI") or re.search(
                    r"(?:Exchange|ExchangeBase|ExchangePyBase|DerivativePyBase|DerivativeBase|Connector|ConnectorBase)$",
                    last):
                return True
            if venues.tables().canonical(last) is not None and not venues.sdk_by_head(head):
                return True
        names = set()
        if isinstance(node.body, cst.IndentedBlock):
            for stmt in node.body.body:
                if isinstance(stmt, cst.FunctionDef):
                    names.add(stmt.name.value)
        return {"sign", "describe"} <= names

    @property
    def in_impl_class(self) -> bool:
        return bool(self.class_stack) and self.class_stack[-1][1]

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        self.func_stack.append(node.name.value)
        self.params[node.name.value] = [p.name.value for p in list(node.params.posonly_params) + list(node.params.params)]
        params = list(node.params.params) + list(node.params.kwonly_params) + list(node.params.posonly_params)
        for p in params:
            if p.annotation is not None:
                found = annotation_client(p.annotation.annotation, self.imports)
                if found:
                    self._bind(p.name.value, ("annot", Client(found[0], found[1], None)))
        if node.returns is not None:
            found = annotation_client(node.returns.annotation, self.imports)
            if found:
                self.returns.setdefault(node.name.value, []).append(("annot", Client(found[0], found[1], None)))

    def leave_FunctionDef(self, node: cst.FunctionDef) -> None:
        if self.func_stack:
            self.func_stack.pop()

    def visit_Return(self, node: cst.Return) -> None:
        if self.func_stack and node.value is not None:
            src = self.source_of(node.value)
            if src is not None:
                self.returns.setdefault(self.func_stack[-1], []).append(src)

    def visit_Assign(self, node: cst.Assign) -> None:
        value = unwrap(node.value)
        for t in node.targets:
            self._assign(t.target, value)

    def visit_AnnAssign(self, node: cst.AnnAssign) -> None:
        k = key_of(node.target)
        found = annotation_client(node.annotation.annotation, self.imports)
        if k and found:
            self._bind(k, ("annot", Client(found[0], found[1], None)))
        if node.value is not None:
            self._assign(node.target, unwrap(node.value))

    def visit_WithItem(self, node: cst.WithItem) -> None:
        if node.asname is not None:
            self._assign(node.asname.name, unwrap(node.item))

    def _assign(self, target: cst.CSTNode, value: Optional[cst.CSTNode]) -> None:
        if isinstance(target, (cst.Tuple, cst.List)):
            if isinstance(value, (cst.Tuple, cst.List)):
                for el, v in zip(target.elements, value.elements):
                    self._assign(el.value, v.value)
            return
        # ex.apiKey = ..., ex.urls["api"] = ex.urls["test"], config["sandbox"] = True
        if isinstance(target, cst.Attribute):
            attr = target.attr.value
            base = key_of(target.value)
            if base and attr in SIGNING_KEYS:
                if is_none_or_empty(value):
                    self.blanked.add(base)
                else:
                    self.attr_creds.add(base)
            if base and attr in ("sandbox", "testnet", "isSandboxModeEnabled") and not is_false(value):
                self.switches.append(base)
        if isinstance(target, cst.Subscript):
            base = key_of(target.value)
            sub = target.slice[0].slice if len(target.slice) == 1 else None
            k = literal_str(sub.value) if isinstance(sub, cst.Index) else None
            if base and k == "urls" and value is not None:  # config["urls"] = {...}
                self.url_settings.append(("dict", base, value))
            if base and k:
                if k in CRED_KEYS and is_none_or_empty(value):
                    self.blanked.add(base)
                elif k in CRED_KEYS:
                    self.dict_creds.add(base)
                elif k in SANDBOX_KEYS and not is_false(value):
                    self.dict_sandbox.add(base)
                    self.switches.append(None)
                elif k == "api" and base.endswith(".urls"):
                    vt = value
                    if isinstance(vt, cst.Subscript) and len(vt.slice) == 1 and isinstance(vt.slice[0].slice, cst.Index) \
                            and literal_str(vt.slice[0].slice.value) in TEST_URL_KEYS:
                        self.switches.append(base[: -len(".urls")])
        k = key_of(target)
        if k is None:
            return
        if isinstance(value, cst.Call) and _is_mock_factory(dotted(value.func) or ""):
            self.mocks.add(k)  # a test double: never judged by its name
            return
        owner = _urls_owner(k)
        if owner and value is not None:  # ex.urls["api"] = TESTNET_URLS if flag else ...
            self.url_settings.append(("switch", owner, value))
        if isinstance(target, cst.Name) and isinstance(value, (
                cst.SimpleString, cst.FormattedString, cst.ConcatenatedString, cst.Dict, cst.IfExp,
                cst.BinaryOperation, cst.BooleanOperation)):
            self.constants.setdefault(k, []).append(value)
        if isinstance(value, cst.Call) and dotted(value.func) == "dict":
            creds, sandbox = _dict_call_facts(value)
            if creds:
                self.dict_creds.add(k)
            if sandbox:
                self.dict_sandbox.add(k)
        if isinstance(value, cst.Dict):
            creds, sandbox, _star, _tls = dict_facts(value)
            if creds:
                self.dict_creds.add(k)
            if sandbox:
                self.dict_sandbox.add(k)
            urls = dict_urls(value)
            if urls is not None:
                self.url_settings.append(("dict", k, urls))
            return
        # cls = getattr(ccxt, name) / ccxt.binance (the class, not an instance)
        if isinstance(value, cst.Call) and dotted(value.func) == "getattr" and len(value.args) >= 2 \
                and self.ccxt_module(value.args[0].value):
            name = literal_str(value.args[1].value)
            self.class_keys[k] = venues.tables().canonical(name) if name else None
            return
        if isinstance(value, (cst.Name, cst.Attribute)):
            if self.ccxt_module(value):
                self.module_keys.add(k)
                return
            r = self.imports.resolve(value) or ""
            ok, ex = _ccxt_exchange_from_name(r)
            if ok and r.split(".")[-1] not in _EXCHANGE_TYPE_NAMES:
                self.class_keys[k] = ex
                return
        self._bind(k, self.source_of(value))

    def visit_Call(self, node: cst.Call) -> None:
        """Constructors, sandbox switches, key-permission checks, config updates, helpers."""
        func = node.func
        self.ctor(node)
        self._helper_facts(node)
        if isinstance(func, cst.Attribute):
            meth = func.attr.value
            if meth in SANDBOX_CALLS:
                if not (node.args and is_false(node.args[0].value)):
                    self.switches.append(key_of(func.value))
            elif meth in venues.tables().permission_names or meth in venues.sdk_permission_methods():
                self.permission_checks.append(meth)
            elif meth == "update" and node.args and _urls_owner(key_of(func.value)):
                self.url_settings.append(("switch", _urls_owner(key_of(func.value)), node.args[0].value))
            elif meth == "update" and node.args and isinstance(node.args[0].value, cst.Dict):
                base = key_of(func.value)
                if base:
                    creds, sandbox, _s, _t = dict_facts(node.args[0].value)
                    if creds:
                        self.dict_creds.add(base)
                    if sandbox:
                        self.dict_sandbox.add(base)
                        self.switches.append(None)
            elif meth in ("request", "fetch2") and node.args:
                path = literal_str(node.args[0].value)
                if path and path in venues.permission_paths():
                    self.permission_checks.append(path)
        elif isinstance(func, cst.Name) and func.value == "setattr" and len(node.args) >= 3:
            attr = literal_str(node.args[1].value)
            base = key_of(node.args[0].value)
            if base and attr in CRED_KEYS and not is_none_or_empty(node.args[2].value):
                self.attr_creds.add(base)
        checks = self.user_checks
        if checks:
            name = self.imports.resolve(func) or ""
            short = name.rsplit(".", 1)[-1]
            for c in checks:
                if name == c or short == c or name.endswith("." + c):
                    self.permission_checks.append(c)
                    break

    def _param_index(self, node: Optional[cst.CSTNode]) -> Optional[int]:
        """Index of a parameter of the enclosing function that ``node`` names."""
        if not isinstance(node, cst.Name) or not self.func_stack:
            return None
        names = self.params.get(self.func_stack[-1], [])
        return names.index(node.value) if node.value in names else None

    def _helper_facts(self, node: cst.Call) -> None:
        func = node.func
        if isinstance(func, cst.Name):
            self.calls_by_name.setdefault(func.value, []).append((node, False))
        elif isinstance(func, cst.Attribute):
            self.calls_by_name.setdefault(func.attr.value, []).append((node, True))
        if not self.func_stack or not node.args:
            return
        owner = self.func_stack[-1]
        params = self.params.get(owner, [])
        is_method = bool(params) and params[0] in ("self", "cls") and bool(self.class_stack)
        # getattr(self.exchange, method_name)(...) / getattr(ex, name)
        if dotted(func) == "getattr" and len(node.args) >= 2:
            idx = self._param_index(node.args[1].value)
            if idx is not None:
                self.forwarders.setdefault(owner, []).append(Forward("method", idx, node.args[0].value, is_method))
            return
        # self.exchange.request(path, "sapi", "POST", params)
        if isinstance(func, cst.Attribute) and func.attr.value in ("request", "fetch2"):
            idx = self._param_index(node.args[0].value)
            if idx is not None:
                api = literal_str(node.args[1].value) if len(node.args) >= 2 else None
                verb = literal_str(node.args[2].value) if len(node.args) >= 3 else None
                self.forwarders.setdefault(owner, []).append(
                    Forward("path", idx, func.value, is_method, api, verb.upper() if verb else None))

    def forwarded(self) -> List[Tuple[cst.Call, Forward, cst.CSTNode, str]]:
        """(call site, forwarder, argument node, literal) for every call of a forwarding helper
        with a literal method name or path where the helper forwards it."""
        out = []
        for name, fwds in self.forwarders.items():
            for call, via_attr in self.calls_by_name.get(name, ()):
                positional = [a for a in call.args if a.keyword is None and not a.star]
                for f in fwds:
                    i = f.index - (1 if f.method and via_attr else 0)
                    if 0 <= i < len(positional):
                        text = literal_str(positional[i].value)
                        if text:
                            out.append((call, f, positional[i].value, text))
        return out

    def config_args(self, c: Client) -> List[Tuple[cst.Call, cst.CSTNode]]:
        """(call site, config argument) for each call of the factory that builds ``c`` from
        one of its parameters."""
        if c.config_param is None:
            return []
        func, index = c.config_param
        names = self.params.get(func, [])
        out = []
        for call, via_attr in self.calls_by_name.get(func, ()):
            i = index - (1 if via_attr and names and names[0] in ("self", "cls") else 0)
            positional = [a for a in call.args if a.keyword is None and not a.star]
            arg = positional[i].value if 0 <= i < len(positional) else None
            for a in call.args:
                if a.keyword is not None and index < len(names) and a.keyword.value == names[index]:
                    arg = a.value
            if arg is not None:
                out.append((call, arg))
        return out

    def config_facts(self, node: Optional[cst.CSTNode]) -> Tuple[bool, bool]:
        """(credentials, sandbox switch) of a config handed to a factory: a dict literal,
        ``dict(...)``, or a name of a dict built in steps."""
        node = unwrap(node)
        if isinstance(node, cst.Dict):
            creds, sandbox, _star, _tls = dict_facts(node)
            return creds, sandbox
        if isinstance(node, cst.Call) and dotted(node.func) == "dict":
            return _dict_call_facts(node)
        k = key_of(node)
        return (k in self.dict_creds, k in self.dict_sandbox) if k else (False, False)

    # -- resolution ----------------------------------------------------------------------
    def resolve_key(self, key: Optional[str]) -> Set[Client]:
        if key is None:
            return set()
        if key in self._resolved:
            return self._resolved[key]
        self._resolved[key] = set()  # recursion guard
        out: Set[Client] = set()
        for src in self.bindings.get(key, ()):
            out |= self._resolve_src(src)
        self._resolved[key] = out
        return out

    def _resolve_src(self, src: tuple, depth: int = 0) -> Set[Client]:
        kind, val = src
        if kind in ("ctor", "annot"):
            return {val}
        if kind == "key":
            return self.resolve_key(val)
        if kind == "call" and depth < 4:
            out: Set[Client] = set()
            for s in self.returns.get(val, ()):
                out |= self._resolve_src(s, depth + 1)
            return out
        return set()

    def clients_of(self, expr: Optional[cst.CSTNode]) -> Set[Client]:
        """Clients an expression may hold."""
        expr = unwrap(expr)
        if isinstance(expr, cst.Call):
            c = self.ctor(expr)
            if c is not None:
                return {c}
            src = self.source_of(expr)
            return self._resolve_src(src) if src else set()
        return self.resolve_key(key_of(expr))

    def finish(self) -> None:
        """Judge the ``urls`` settings, and attach each binding key to the clients it holds (for
        BOT4's per-client facts).  Idempotent: every rule needing the facts may call it."""
        if self._finished:
            return
        self._finished = True
        for what, target, value in self.url_settings:
            if not self.test_url_in(value):
                continue
            if what == "client":
                target.sandbox = True  # type: ignore[attr-defined]
            elif what == "dict":
                self.dict_sandbox.add(str(target))
            else:
                self.switches.append(str(target))
        for key in list(self.bindings):
            for c in self.resolve_key(key):
                c.keys.add(key)

    def test_url_in(self, value: Optional[cst.CSTNode]) -> bool:
        """Does an expression put a testnet/sandbox/demo endpoint in a client's ``urls``: a URL
        on a test host (literal, in a dict, either branch of a conditional, in a constant), or
        ccxt's own ``urls["test"]``?  A flag choosing the test URL counts, as a non-literal
        ``set_sandbox_mode(flag)`` does."""
        stack: List[Tuple[Optional[cst.CSTNode], int]] = [(value, 0)]
        seen = 0
        while stack and seen < 200:
            node, depth = stack.pop()
            node = unwrap(node)
            seen += 1
            if isinstance(node, (cst.SimpleString, cst.FormattedString, cst.ConcatenatedString)):
                m = _URL_HOST.match(string_text(node) or "")
                if m and is_test_host(m.group(1)):
                    return True
            elif isinstance(node, cst.Dict):
                stack.extend((el.value, depth) for el in node.elements)
            elif isinstance(node, (cst.List, cst.Tuple)):
                stack.extend((el.value, depth) for el in node.elements)
            elif isinstance(node, cst.IfExp):
                stack.extend(((node.body, depth), (node.orelse, depth)))
            elif isinstance(node, (cst.BooleanOperation, cst.BinaryOperation)):
                stack.extend(((node.left, depth), (node.right, depth)))
            elif isinstance(node, cst.Subscript):
                sub = node.slice[0].slice if len(node.slice) == 1 else None
                if isinstance(sub, cst.Index) and literal_str(sub.value) in TEST_URL_KEYS \
                        and (key_of(node.value) or "").endswith("urls"):
                    return True
            elif isinstance(node, cst.Name) and depth < 3:
                stack.extend((v, depth + 1) for v in self.constants.get(node.value, ()))
        return False


