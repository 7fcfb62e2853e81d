"""Exchange clients: which expressions are ccxt or native-SDK clients, what they were given,
and what ccxt's own tables say about fund-moving methods and endpoints.

Used by BOT3 (fund-moving calls) and BOT4 (client safety); reusable by any rule that needs to
know whether ``x`` in ``x.something()`` is an exchange client.

Data comes from ``botlint/data/ccxt_tables.json``, generated from a pinned ccxt release by
``scripts/gen_ccxt_tables.py``; ccxt itself is never imported here.

The tracker is deliberately cheap (no libcst metadata): it records facts during the one batched
walk, keyed by the text of the expression that holds a client (``ex``, ``self.exchange``,
``self.exchanges[]``), and resolves them at the end of the module, so a client built in
``__init__`` and used in another method, or returned by a factory function defined further
down, is still recognised.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Dict, FrozenSet, Iterable, List, Optional, Sequence, Set, Tuple

import libcst as cst

from .literals import concat_nodes, concat_parts, join_concat, literal_str  # noqa: F401 (re-exported)
from .imports import ImportMap, dotted

# -- ccxt tables ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Endpoint:
    """One fund-moving implicit endpoint, merged over the exchanges that share its names."""

    names: Tuple[str, ...]
    category: str  # withdraw | transfer | send
    verb: str
    api: str
    path: str
    exchanges: FrozenSet[str]
    # exchanges where a method of the same name exists but is not fund-moving
    elsewhere: FrozenSet[str]
    url_paths: Tuple[str, ...]


class CcxtTables:
    def __init__(self, raw: dict) -> None:
        self.version: str = raw["ccxt_version"]
        self.exchanges: Dict[str, dict] = raw["exchanges"]
        self.aliases: Dict[str, str] = raw["aliases"]
        # unified fund-moving methods: either spelling -> (snake name, category)
        self.unified: Dict[str, Tuple[str, str]] = {}
        for snake, info in raw["unified"].items():
            self.unified[snake] = (snake, info["category"])
            self.unified[info["camel"]] = (snake, info["category"])
        self.by_name: Dict[str, Endpoint] = {}
        self.by_path: Dict[str, List[Endpoint]] = {}
        for rec in raw["endpoints"]:
            ep = Endpoint(tuple(rec["names"]), rec["category"], rec["verb"], rec["api"], rec["path"],
                          frozenset(rec["exchanges"]), frozenset(rec["elsewhere"]), tuple(rec["url_paths"]))
            for n in ep.names:
                old = self.by_name.get(n)
                if old is not None:  # same name, other record: merge the exchange sets
                    ep_merged = Endpoint(old.names, old.category, old.verb, old.api, old.path,
                                         old.exchanges | ep.exchanges, (old.elsewhere | ep.elsewhere)
                                         - (old.exchanges | ep.exchanges), old.url_paths + ep.url_paths)
                    self.by_name[n] = ep_merged
                else:
                    self.by_name[n] = ep
            self.by_path.setdefault(ep.path, []).append(ep)
        self.permission_names: Dict[str, Set[str]] = {}
        for ex_id, info in self.exchanges.items():
            for n in info.get("permission_check", ()):
                self.permission_names.setdefault(n, set()).add(ex_id)
        self.ids: FrozenSet[str] = frozenset(self.exchanges)
        self.hosts: FrozenSet[str] = frozenset(h for info in self.exchanges.values() for h in info["hosts"])

    def canonical(self, name: str) -> Optional[str]:
        if name in self.exchanges:
            return name
        return self.aliases.get(name)


@lru_cache(maxsize=None)
def tables() -> CcxtTables:
    from importlib import resources

    text = resources.files("botlint").joinpath("data/ccxt_tables.json").read_text(encoding="utf-8")
    return CcxtTables(json.loads(text))


# -- native SDKs (domain.md section 5) --------------------------------------------------------

PY_BINANCE = "python-binance"
BINANCE_CONNECTOR = "binance-connector"
PYBIT = "pybit"
COINBASE = "coinbase-advanced-py"
CCXT = "ccxt"

SDK_LABEL = {PY_BINANCE: "python-binance", BINANCE_CONNECTOR: "binance-connector", PYBIT: "pybit",
             COINBASE: "coinbase-advanced-py"}
SDK_EXCHANGE = {PY_BINANCE: "binance", BINANCE_CONNECTOR: "binance", PYBIT: "bybit", COINBASE: "coinbase"}

# method -> category, per SDK (explicit: also matched on receivers recognised by name only)
SDK_FUND_METHODS: Dict[str, Dict[str, str]] = {
    PY_BINANCE: {
        "withdraw": "withdraw",
        "margin_v1_post_localentity_withdraw_apply": "withdraw",
        "margin_v1_post_managed_subaccount_withdraw": "withdraw",
        "universal_transfer": "transfer",
        "make_universal_transfer": "transfer",
        "futures_account_transfer": "transfer",
        "transfer_spot_to_margin": "transfer",
        "transfer_margin_to_spot": "transfer",
        "transfer_spot_to_isolated_margin": "transfer",
        "transfer_isolated_margin_to_spot": "transfer",
        "options_funds_transfer": "transfer",
        "make_subaccount_transfer": "transfer",
        "make_subaccount_to_subaccount_transfer": "transfer",
        "make_subaccount_to_master_transfer": "transfer",
        "make_subaccount_futures_transfer": "transfer",
        "make_subaccount_margin_transfer": "transfer",
        "make_subaccount_universal_transfer": "transfer",
    },
    BINANCE_CONNECTOR: {
        "withdraw": "withdraw",
        "user_universal_transfer": "transfer",
        "universal_transfer": "transfer",
        "futures_transfer": "transfer",
        "margin_transfer": "transfer",
        "isolated_margin_transfer": "transfer",
        "sub_account_universal_transfer": "transfer",
        "sub_account_transfer_to_master": "transfer",
        "sub_account_transfer_to_sub": "transfer",
    },
    PYBIT: {
        "withdraw": "withdraw",
        "create_internal_transfer": "transfer",
        "create_universal_transfer": "transfer",
        "pwm_fund_transfer": "transfer",
    },
    COINBASE: {
        "move_portfolio_funds": "transfer",
    },
}
# generic shape of an SDK fund mover, only on receivers known to be that SDK's client
_ANNOTATION_HEAD = re.compile(r"\s*(?:Optional\[\s*)?([\w.]+)")
SDK_GENERIC = re.compile(r"(?:^|_)(withdraw|transfer)(?:_|$)")
_SDK_READ = re.compile(r"^(?:get|query|fetch|list)_|history|status|record|detail|fee|quota|address|"
                       r"_max|max_|limit|info|list|assets?$|enable|disable|permission")
SDK_PERMISSION_METHODS = {"get_account_api_permissions": PY_BINANCE, "get_api_key_information": PYBIT,
                          "get_api_key_permissions": COINBASE, "api_key_permission": BINANCE_CONNECTOR}

_ANY_SDK_FUND = {m: cat for d in SDK_FUND_METHODS.values() for m, cat in d.items()}


def sdk_method_category(kind: Optional[str], method: str) -> Optional[str]:
    """Category of an SDK method on a client of ``kind`` (None = any SDK, explicit names only)."""
    if kind is None:
        return _ANY_SDK_FUND.get(method)
    cat = SDK_FUND_METHODS.get(kind, {}).get(method)
    if cat:
        return cat
    m = SDK_GENERIC.search(method)
    if m and not _SDK_READ.search(method):
        return m.group(1)
    return None


def _sdk_kind(resolved: str) -> Optional[str]:
    parts = resolved.split(".")
    head, last = parts[0], parts[-1]
    if last == "create" and len(parts) >= 2:
        last = parts[-2]
    if head == "binance":
        if last in ("Client", "AsyncClient"):
            return PY_BINANCE
        if last in ("Spot", "UMFutures", "CMFutures") and len(parts) >= 2:
            return BINANCE_CONNECTOR
    if head == "pybit" and last == "HTTP":
        return PYBIT
    if head == "coinbase" and last in ("RESTClient", "EnhancedRESTClient"):
        return COINBASE
    return None


_SDK_CRED_KW = {"api_key", "api_secret", "private_key", "key_file", "rsa_private_key", "key", "secret"}
_SDK_SANDBOX_KW = {"testnet", "demo", "sandbox"}
_SDK_URL_KW = {"base_url", "base_endpoint", "endpoint", "domain", "url"}

# -- pre-checks ---------------------------------------------------------------------------------

_LOWER_CACHE: List[object] = [None, ""]


def lowered(text: str) -> str:
    """``text.lower()``, computed once per file for all the rules' pre-checks."""
    if _LOWER_CACHE[0] is not text:
        _LOWER_CACHE[0], _LOWER_CACHE[1] = text, text.lower()
    return _LOWER_CACHE[1]  # type: ignore[return-value]


class LiteralPrecheck:
    """A pre-check made of plain substring tests (C-speed ``in`` on the lower-cased text),
    about 10x cheaper than an alternation regex; duck-types ``re.Pattern.search``."""

    def __init__(self, words: Sequence[str], pattern: str = "") -> None:
        self.words = tuple(w.lower() for w in words)
        self.pattern = pattern or "|".join(self.words)

    def search(self, text: str) -> bool:
        low = lowered(text)
        return any(w in low for w in self.words)


# -- small helpers ------------------------------------------------------------------------------


def string_text(node: cst.CSTNode) -> Optional[str]:
    """A string expression's text with ``{}`` for every f-string expression part."""
    if isinstance(node, cst.SimpleString):
        return literal_str(node)
    if isinstance(node, cst.FormattedString):
        out = []
        for p in node.parts:
            out.append(p.value if isinstance(p, cst.FormattedStringText) else "{}")
        return "".join(out)
    if isinstance(node, cst.ConcatenatedString):
        return join_concat(node, string_text)
    return None


def raw_text(node: cst.CSTNode) -> str:
    """The source text of a string node's literal parts (quotes and escapes included): a cheap
    pre-filter before evaluating anything."""
    if isinstance(node, cst.SimpleString):
        return node.value
    if isinstance(node, cst.FormattedString):
        return "".join(p.value for p in node.parts if isinstance(p, cst.FormattedStringText))
    if isinstance(node, cst.ConcatenatedString):
        return "".join(raw_text(p) for p in concat_parts(node))
    return ""


def skip_parts(node: cst.ConcatenatedString, skip: set) -> None:
    """Mark the parts of an implicit concatenation as seen (the whole string was judged)."""
    for n in concat_nodes(node):
        skip.add(id(n.left))
        skip.add(id(n.right))


class StringVisits:
    """Mixin: calls ``self._string(node)`` once per whole string expression (an implicit
    concatenation is judged as one string, never part by part).  Needs ``self.skip: set``."""

    def visit_SimpleString(self, node: cst.SimpleString) -> None:
        self._string(node)

    def visit_FormattedString(self, node: cst.FormattedString) -> None:
        self._string(node)

    def visit_ConcatenatedString(self, node: cst.ConcatenatedString) -> None:
        if id(node) in self.skip:
            return  # a part of an outer concatenation, already marked with all its parts
        self._string(node)
        skip_parts(node, self.skip)  # the parts belong to this string


def may_hold_fund_path(node: cst.CSTNode) -> bool:
    return bool(_WORDS_HINT.search(raw_text(node)))


def is_false(node: Optional[cst.CSTNode]) -> bool:
    return isinstance(node, cst.Name) and node.value == "False" or (
        isinstance(node, cst.Integer) and node.value == "0")


def is_none_or_empty(node: Optional[cst.CSTNode]) -> bool:
    if node is None:
        return True
    if isinstance(node, cst.Name) and node.value in ("None", "False"):
        return True
    s = literal_str(node)
    return s is not None and not s.strip()


def unwrap(node: Optional[cst.CSTNode]) -> Optional[cst.CSTNode]:
    while isinstance(node, cst.Await):
        node = node.expression
    return node


def key_of(node: Optional[cst.CSTNode]) -> Optional[str]:
    """A stable text for an expression that can hold a client: ``ex``, ``self.exchange``,
    ``self.exchanges[]``."""
    node = unwrap(node)
    if isinstance(node, cst.Name):
        return node.value
    if isinstance(node, cst.Attribute):
        base = key_of(node.value)
        return f"{base}.{node.attr.value}" if base else None
    if isinstance(node, cst.Subscript):
        base = key_of(node.value)
        return f"{base}[]" if base else None
    return None


def last_identifier(node: Optional[cst.CSTNode]) -> Optional[str]:
    node = unwrap(node)
    while isinstance(node, cst.Subscript):
        node = node.value
    if isinstance(node, cst.Name):
        return node.value
    if isinstance(node, cst.Attribute):
        return node.attr.value
    if isinstance(node, cst.Call):
        return last_identifier(node.func)
    return None


_CCXT_HEADS = ("ccxt", "ccxtpro")
_CCXT_MODULES = {"ccxt", "ccxt.async_support", "ccxt.pro", "ccxtpro"}
_EXCHANGE_TYPE_NAMES = {"Exchange"}


def _ccxt_exchange_from_name(resolved: str) -> Tuple[bool, Optional[str]]:
    """(is a ccxt exchange class, exchange id) for a resolved dotted name."""
    parts = resolved.split(".")
    if parts[0] not in _CCXT_HEADS or len(parts) < 2:
        return False, None
    t = tables()
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
            kind = _sdk_kind(r) if r.split(".")[0] in ("binance", "pybit", "coinbase") else None
            if kind:
                return kind, SDK_EXCHANGE[kind]
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

CRED_KEYS = {"apiKey", "secret", "privateKey", "token", "password", "login", "twofa",
             "api_key", "api_secret", "secret_key", "secretKey", "private_key"}
SANDBOX_KEYS = {"sandbox", "testnet", "sandboxMode", "sandbox_mode", "demo", "demo_trading",
                "enableDemoTrading"}
SANDBOX_CALLS = {"set_sandbox_mode", "setSandboxMode", "enable_demo_trading", "enableDemoTrading",
                 "set_demo_mode", "setDemoMode"}


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

    @property
    def label(self) -> str:
        if self.kind == CCXT:
            return f"ccxt {self.exchange}" if self.exchange else "ccxt"
        return SDK_LABEL.get(self.kind, self.kind)


def dict_facts(node: cst.Dict) -> Tuple[bool, bool, bool, bool]:
    """(has credentials, has a sandbox switch, has ** expansion, TLS verification off) of a
    ccxt config dict literal (top level and ``options``)."""
    creds = sandbox = star = tls_off = False
    for el in node.elements:
        if isinstance(el, cst.StarredDictElement):
            star = True
            continue
        k = literal_str(el.key)
        if k is None:
            continue
        if k in CRED_KEYS and k not in ("password", "login", "twofa") and not is_none_or_empty(el.value):
            creds = True
        elif k in SANDBOX_KEYS and not is_false(el.value):
            sandbox = True
        elif k == "verify" and is_false(el.value):
            tls_off = True
        elif k == "options" and isinstance(el.value, cst.Dict):
            _c, s, _st, _t = dict_facts(el.value)
            sandbox = sandbox or s
    return creds, sandbox, star, tls_off


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
        self._last: Dict[str, int] = {}
        self._resolved: Dict[str, Set[Client]] = {}
        self.user_checks: List[str] = []
        self.module_keys: Set[str] = set()  # local names bound to a ccxt module (ccxt_module = ccxt)

    @staticmethod
    def shared(ctx) -> "ClientTracker":
        t = ctx.shared.get("clients")
        if t is None:
            t = ctx.shared["clients"] = ClientTracker(ctx.imports, ctx.is_test)
            t.user_checks = list(getattr(ctx.settings, "permission_checks", None) or ())
        return t

    def _once(self, event: str, node: cst.CSTNode) -> bool:
        if self._last.get(event) == id(node):
            return False
        self._last[event] = id(node)
        return True

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
                return CCXT, tables().canonical(name) if name else None
            return None
        if isinstance(func, cst.Subscript):  # ccxt.__dict__[name], vars(ccxt)[name]
            return None
        name = dotted(func)
        if name is None:
            return None
        if name in self.class_keys:
            return CCXT, self.class_keys[name]
        head = name.split(".", 1)[0]
        if head in self.imports.aliases:  # from binance.client import Client as BinanceClient
            name = self.imports.resolve(func) or name
        last = name.rsplit(".", 1)[-1]
        t = tables()
        if last not in t.ids and last not in t.aliases and last not in (
                "Client", "AsyncClient", "create", "HTTP", "RESTClient", "EnhancedRESTClient", "Spot",
                "UMFutures", "CMFutures"):
            return None
        resolved = self.imports.resolve(func) or ""
        ok, ex = _ccxt_exchange_from_name(resolved)
        if ok and ex is not None:
            return CCXT, ex
        kind = _sdk_kind(resolved)
        if kind:
            return kind, SDK_EXCHANGE[kind]
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
            self.clients.append(client)
        self._ctor_cache[key] = client
        return client

    def _ccxt_config(self, client: Client, call: cst.Call) -> None:
        args = [a for a in call.args if not a.star and a.keyword is None]
        cfg = args[0].value if args else None
        for a in call.args:
            if a.keyword is not None and a.keyword.value == "config":
                cfg = a.value
            elif a.star:
                client.config_unknown = True
        if cfg is None:
            return
        if isinstance(cfg, cst.Dict):
            creds, sandbox, star, tls_off = dict_facts(cfg)
            client.creds, client.sandbox, client.tls_off = creds, sandbox, tls_off
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
        positional = [a for a in call.args if a.keyword is None and not a.star]
        if client.kind in (PY_BINANCE, COINBASE, BINANCE_CONNECTOR):
            if any(not is_none_or_empty(a.value) for a in positional[:2]):
                client.creds = True
        for a in call.args:
            if a.star:
                client.config_unknown = True
                continue
            if a.keyword is None:
                continue
            kw = a.keyword.value
            if kw in _SDK_CRED_KW and not is_none_or_empty(a.value):
                client.creds = True
            elif kw in _SDK_SANDBOX_KW and not is_false(a.value):
                client.sandbox = True
            elif kw in _SDK_URL_KW:
                s = string_text(a.value)
                if s is None or re.search(r"(?i)testnet|sandbox|demo", s):
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
        if not self._once("class", node):
            return
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
        if self._once("leave_class", node) and self.class_stack:
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
            if tables().canonical(last) is not None and head not in ("binance", "pybit", "coinbase"):
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
        if not self._once("func", node):
            return
        self.func_stack.append(node.name.value)
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
        if self._once("leave_func", node) and self.func_stack:
            self.func_stack.pop()

    def visit_Return(self, node: cst.Return) -> None:
        if self._once("return", node) and self.func_stack and node.value is not None:
            src = self.source_of(node.value)
            if src is not None:
                self.returns.setdefault(self.func_stack[-1], []).append(src)

    def visit_Assign(self, node: cst.Assign) -> None:
        if not self._once("assign", node):
            return
        value = unwrap(node.value)
        for t in node.targets:
            self._assign(t.target, value)

    def visit_AnnAssign(self, node: cst.AnnAssign) -> None:
        if not self._once("annassign", node):
            return
        k = key_of(node.target)
        found = annotation_client(node.annotation.annotation, self.imports)
        if k and found:
            self._bind(k, ("annot", Client(found[0], found[1], None)))
        if node.value is not None:
            self._assign(node.target, unwrap(node.value))

    def visit_WithItem(self, node: cst.WithItem) -> None:
        if self._once("with", node) and node.asname is not None:
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
            if base and attr in CRED_KEYS and attr not in ("password", "login", "twofa"):
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
                            and literal_str(vt.slice[0].slice.value) in ("test", "demo", "sandbox"):
                        self.switches.append(base[: -len(".urls")])
        k = key_of(target)
        if k is None:
            return
        if isinstance(value, cst.Dict):
            creds, sandbox, _star, _tls = dict_facts(value)
            if creds:
                self.dict_creds.add(k)
            if sandbox:
                self.dict_sandbox.add(k)
            return
        # cls = getattr(ccxt, name) / ccxt.binance (the class, not an instance)
        if isinstance(value, cst.Call) and dotted(value.func) == "getattr" and len(value.args) >= 2 \
                and self.ccxt_module(value.args[0].value):
            name = literal_str(value.args[1].value)
            self.class_keys[k] = tables().canonical(name) if name else None
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
        """Constructors, sandbox switches, key-permission checks, config updates."""
        if not self._once("call", node):
            return
        func = node.func
        self.ctor(node)
        if isinstance(func, cst.Attribute):
            meth = func.attr.value
            if meth in SANDBOX_CALLS:
                if not (node.args and is_false(node.args[0].value)):
                    self.switches.append(key_of(func.value))
            elif meth in tables().permission_names or meth in SDK_PERMISSION_METHODS:
                self.permission_checks.append(meth)
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
                if path and any(path == p for p in _PERMISSION_PATHS):
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
        """Attach each binding key to the clients it holds (for BOT4's per-client facts)."""
        for key in list(self.bindings):
            for c in self.resolve_key(key):
                c.keys.add(key)


_PERMISSION_PATHS = ("account/apiRestrictions", "v5/user/query-api", "account/config", "GetApiKeyInfo",
                     "brokerage/key_permissions", "user/api-key", "v2/user/api-key", "auth/r/permissions",
                     "apiKeyInfo", "account/apiPermissions")


def permission_hint(exchange: Optional[str]) -> Optional[str]:
    """The check to recommend for an exchange: ccxt implicit method name (camel spelling)."""
    if not exchange:
        return None
    names = tables().exchanges.get(exchange, {}).get("permission_check", [])
    camel = [n for n in names if "_" not in n]
    return camel[-1] if camel else (names[0] if names else None)


def has_sandbox(exchange: Optional[str]) -> Optional[bool]:
    if not exchange:
        return None
    info = tables().exchanges.get(exchange)
    return None if info is None else bool(info["sandbox"])


# -- exchange-like receiver names ------------------------------------------------------------------

# "_*" in front of "\w+" (which takes "_" too) was quadratic on a long name of underscores
_NAMEISH = re.compile(
    r"(?i)^(?:_*(?:ex|exc|exch|xchg|exchanges?)|\w+_(?:ex|exch))$|^\w*(?:exchange|ccxt)")
_GENERIC_NAMEISH = re.compile(r"(?i)^(?:_*(?:api|client|clients|broker)|\w+_(?:client|api|broker))$")
_IDENTIFIER = re.compile(r"\w+")


@lru_cache(maxsize=4096)
def name_looks_like_exchange(name: str, generic_ok: bool) -> bool:
    if _NAMEISH.match(name) and _IDENTIFIER.fullmatch(name):
        return True
    low = name.lower().lstrip("_")
    base = re.split(r"_", low, 1)[0]
    t = tables()
    if low in t.ids or low in t.aliases or (base in t.ids and len(base) > 3):
        return True
    return generic_ok and bool(_GENERIC_NAMEISH.match(name))


SDK_MODULE_HEADS = ("ccxt", "ccxtpro", "binance", "pybit", "coinbase", "kucoin", "okx", "krakenex",
                    "gate_api", "hyperliquid")


def imports_exchange_sdk(imports: ImportMap) -> bool:
    return any(imports.imports_module(h) for h in SDK_MODULE_HEADS)


# -- raw REST paths --------------------------------------------------------------------------------

# fund-moving REST paths of the major venues that ccxt 4.5.90 does not list (domain.md section 2)
EXTRA_PATHS = {
    "/sapi/v1/localentity/withdraw/apply": ("binance", "withdraw"),
    "/asset/v3/private/withdraw/create": ("bybit", "withdraw"),
    "/asset/v3/private/transfer/inter-transfer": ("bybit", "transfer"),
    "/asset/v3/private/transfer/universal-transfer": ("bybit", "transfer"),
    "/asset/v3/private/transfer/sub-member-transfer": ("bybit", "transfer"),
    "/v2/accounts/{account_id}/withdrawals": ("coinbase", "withdraw"),
    "/v2/accounts/{account_id}/withdrawals/{id}/commit": ("coinbase", "withdraw"),
    "/api/v1/withdrawals": ("kucoin", "withdraw"),
    "/api/v3/capital/withdraw/apply": ("mexc", "withdraw"),
    "/api/spot/v1/wallet/withdrawal": ("bitget", "withdraw"),
    "/api/spot/v1/wallet/withdrawal-v2": ("bitget", "withdraw"),
    "/api/spot/v1/wallet/withdrawal-inner": ("bitget", "withdraw"),
    "/api/spot/v1/wallet/withdrawal-inner-v2": ("bitget", "withdraw"),
    "/api/v3/account/withdrawal": ("bitget", "withdraw"),
    "/api/v3/account/transfer": ("bitget", "transfer"),
    "/api/v3/account/sub-transfer": ("bitget", "transfer"),
    "/api/v3/account/sub-master-transfer": ("bitget", "transfer"),
    "/api/v2/accounts/inner-transfer": ("kucoin", "transfer"),
    "/api/v2/accounts/sub-transfer": ("kucoin", "transfer"),
    "/api/v3/accounts/universal-transfer": ("kucoin", "transfer"),
    "/api/ua/v1/account/transfer": ("kucoin", "transfer"),
    "/api/v1/broker/nd/transfer": ("kucoin", "transfer"),
}
_WORDS_HINT = re.compile(r"(?i)withdraw|transfer|send|giftcard|move|transactions|deposit|payment")


@dataclass(frozen=True)
class PathHit:
    exchanges: Tuple[str, ...]
    category: str
    path: str  # the known endpoint path it matched


def _segments(path: str) -> Tuple[str, ...]:
    segs = []
    for s in path.split("/"):
        if not s:
            continue
        segs.append("*" if re.fullmatch(r"\{\w*\}|:\w+|<\w+>", s) else s.lower())
    return tuple(segs)


@lru_cache(maxsize=None)
def _path_index() -> Dict[str, List[Tuple[Tuple[str, ...], PathHit]]]:
    t = tables()
    index: Dict[str, List[Tuple[Tuple[str, ...], PathHit]]] = {}
    seen: Set[Tuple[Tuple[str, ...], str]] = set()

    def add(path: str, exchanges: Iterable[str], category: str) -> None:
        segs = _segments(path)
        if not segs or segs[-1] == "*":
            segs_last = segs[-2] if len(segs) >= 2 else None
        else:
            segs_last = segs[-1]
        if segs_last is None:
            return
        exs = tuple(sorted(exchanges))
        if (segs, ",".join(exs)) in seen:
            return
        seen.add((segs, ",".join(exs)))
        index.setdefault(segs[-1], []).append((segs, PathHit(exs, category, path)))

    for ep in {id(e): e for e in t.by_name.values()}.values():
        for up in ep.url_paths:
            add(up, ep.exchanges, ep.category)
        add(ep.path, ep.exchanges, ep.category)
    for path, (ex, cat) in EXTRA_PATHS.items():
        add(path, (ex,), cat)
    return index


def _seg_eq(a: str, b: str) -> bool:
    return a == b or a == "*" or b == "*"


def match_fund_path(text: str) -> Optional[Tuple[PathHit, Optional[str]]]:
    """(hit, host) when a string holds a fund-moving REST path or URL of an exchange.

    A bare relative path must have at least two segments and end like a known endpoint
    (``capital/withdraw/apply``, ``/api/v5/asset/withdrawal``); a full URL must be on an
    exchange host.  ``{}`` stands for an f-string expression (a base URL when it leads)."""
    if not _WORDS_HINT.search(text) or len(text) > 300 or "\n" in text or " " in text.strip():
        return None
    s = text.strip()
    host = None
    m = re.match(r"^(?:https?|wss?)://([^/?#]*)(.*)$", s, re.I)
    if m:
        host = m.group(1).lower().split(":")[0]
        s = m.group(2)
        if "{}" in host:
            host = None
        else:
            from .hosts import is_exchange_host

            if not is_exchange_host(host):
                return None
    elif "://" in s:
        return None
    s = s.split("?", 1)[0].split("#", 1)[0]
    raw = [p for p in s.split("/") if p]
    while raw and raw[0].startswith("{}"):
        raw.pop(0)  # f"{BASE_URL}/sapi/..." : the base is an expression
    segs = tuple("*" if (p == "{}" or re.fullmatch(r"\{\w*\}|:\w+|<\w+>", p)) else p.lower() for p in raw)
    if not segs or segs[-1] == "*" and len(segs) < 3:
        return None
    if any("{}" in p for p in segs):
        return None
    if host is None and len(segs) < 2:
        return None
    candidates = _path_index().get(segs[-1], ()) if segs[-1] != "*" else [
        x for lst in _path_index().values() for x in lst]
    best = None
    for known, hit in candidates:
        if len(segs) > len(known):
            continue
        tail = known[len(known) - len(segs):]
        if all(_seg_eq(a, b) for a, b in zip(segs, tail)):
            if host is None and len(segs) < len(known) and not any(_WORDS_HINT.search(x) for x in segs[:-1] + (segs[-1],)):
                continue
            if best is None or len(known) < len(best[0]):
                best = (known, hit)
    if best is None:
        return None
    return best[1], host
