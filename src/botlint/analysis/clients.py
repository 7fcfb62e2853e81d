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
from dataclasses import dataclass, field, replace
from typing import Any, Dict, List, Optional, Set, Tuple

import libcst as cst

from .. import venues
from ..venues.vocab import (
    CRED_KEYS, DEMO_HEADERS, HTTP_CALLS, SANDBOX_CALLS, SANDBOX_KEYS, SANDBOX_MODE_KEYS, SANDBOX_MODE_VENUES,
    SIGNING_KEYS, TEST_URL_KEYS,
)
from .hosts import credential_url, is_exchange_host, is_test_host
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
# a hummingbot strategy's exchange connectors (``ScriptStrategyBase.connectors``: name -> connector)
HUMMINGBOT = "hummingbot connector"
HUMMINGBOT_CONNECTORS = "self.connectors[]"

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

def client_order(c: "Client") -> Tuple[str, str, bool, bool]:
    """A stable order of the clients a name may hold: by kind and exchange, then a constructed
    client (with its credentials and switches) before one only known by an annotation
    (``-> ccxt.Exchange``); a set of both must not pick one by hash order."""
    return c.kind, c.exchange or "", c.node is None, not c.creds


def _kind_fact(kind: str) -> str:
    """A client kind as exported: SDK ids spelled with spaces (``coinbase advanced py``), since
    the engine masks random-looking strings in facts and a long hyphenated package name can
    look random to it."""
    return kind.replace("-", " ")


def _kind_from_fact(text: object) -> str:
    """The client kind an exported ``_kind_fact`` names (unknown -> ccxt, as before)."""
    spelled = str(text or CCXT)
    for record in venues.SDKS:
        if _kind_fact(record.id) == spelled:
            return record.id
    return spelled


_URL_STRINGS = frozenset((cst.SimpleString, cst.FormattedString, cst.ConcatenatedString))

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
    # made from another module's facts (a factory or client imported): where it was built
    origin: Optional[str] = None
    # that module already judges it when it is unguarded (not again here)
    judged_elsewhere: bool = False
    # config expressions given by name (``cfg``, ``config["exchange"]``, ``**settings``): a
    # config loaded from a JSON/YAML/TOML file holds the keys (``ClientTracker.file_loaded``)
    config_exprs: List[cst.CSTNode] = field(default_factory=list)

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
        elif k == "headers" and _demo_headers(el.value):
            sandbox = True
    return creds, sandbox, star, tls_off


def sandbox_mode_only(node: cst.Dict) -> bool:
    """Is ``sandboxMode`` (top level or in ``options``) a config dict's only sandbox switch?
    It switches bitget only (``SANDBOX_MODE_VENUES``): binance keeps its production URLs."""
    found = False
    for el in node.elements:
        if not isinstance(el, cst.DictElement):
            continue
        k = literal_str(el.key)
        if k in SANDBOX_MODE_KEYS and not is_false(el.value):
            found = True
        elif k in SANDBOX_KEYS and not is_false(el.value) or k == "headers" and _demo_headers(el.value):
            return False
        elif k == "options" and isinstance(el.value, cst.Dict):
            if dict_facts(el.value)[1] and not sandbox_mode_only(el.value):
                return False
            found = found or dict_facts(el.value)[1]
    return found


def _demo_headers(value: Optional[cst.CSTNode]) -> bool:
    """A dict literal of headers with a demo-environment header in it."""
    value = unwrap(value)
    return isinstance(value, cst.Dict) and any(demo_header(h.key, h.value) for h in value.elements
                                               if isinstance(h, cst.DictElement))


def demo_header(key: Optional[cst.CSTNode], value: Optional[cst.CSTNode]) -> bool:
    """``"x-simulated-trading": "1"`` (okx demo trading), ``"PAPTRADING": "1"`` (bitget): a
    header that puts the client on the venue's demo environment."""
    name = (literal_str(key) or "").lower()
    return name in DEMO_HEADERS and not is_false(value) and literal_str(value) not in ("0", "false", "False")


def _linked_forward(fw: dict, index: int, receiver: Optional[cst.CSTNode]) -> Forward:
    """A ``Forward`` from another module's exported forward facts."""
    vi = fw.get("verb_index")
    return Forward(str(fw.get("forward")), index, receiver, False, fw.get("api"), fw.get("verb"),
                   vi if isinstance(vi, int) else None, fw.get("verb_default"))


def _config_root(value: Optional[cst.CSTNode]) -> Optional[cst.CSTNode]:
    """The name or call a config expression is an item of (``CONFIG`` of ``CONFIG["ex"]``,
    ``load_config`` of ``load_config()["ex"]``)."""
    node = unwrap(value)
    while True:
        if isinstance(node, cst.Subscript):
            node = unwrap(node.value)
        elif isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute) and node.func.attr.value in (
                "get", "copy"):
            node = unwrap(node.func.value)
        elif isinstance(node, cst.Call):
            return node.func
        else:
            return node


def _fund_method_name(name: str) -> bool:
    """A method name a fund mover may have (ccxt's unified movers, an SDK's, ``*_withdraw*``)."""
    return name in venues.tables().unified or bool(venues.sdk_method_category(None, name)) or bool(
        venues.SDK_GENERIC.search(name))


# calls that load a config file's data (``ClientTracker.file_loaded``)
_FILE_LOADS = frozenset({
    "json.load", "json.loads", "yaml.safe_load", "yaml.load", "yaml.full_load", "yaml.unsafe_load",
    "toml.load", "toml.loads", "tomllib.load", "tomllib.loads", "tomli.load", "tomli.loads", "json5.load",
    "json5.loads", "commentjson.load", "ujson.load", "ujson.loads", "orjson.loads", "rapidjson.load",
})


def _merged_parts(node: cst.BinaryOperation) -> List[cst.CSTNode]:
    """The operands of ``base | creds | {...}`` (PEP 584 dict union), left to right."""
    out: List[cst.CSTNode] = []
    stack: List[cst.CSTNode] = [node]
    while stack and len(out) < 32:
        n = unwrap(stack.pop())
        if isinstance(n, cst.BinaryOperation) and isinstance(n.operator, cst.BitOr):
            stack.extend((n.right, n.left))
        elif n is not None:
            out.append(n)
    return out


def _comprehension_creds(node: cst.CSTNode) -> bool:
    """Does a dict comprehension (or ``dict(<generator>)``) keep a credential: a signing key
    named in its key, its iterable or its filter (``{k: v for k, v in cfg.items() if k in
    ("apiKey", "secret")}``, ``{k: cfg[k] for k in ("apiKey", "secret")}``), and no ``not in`` /
    ``!=`` filter that drops them?"""
    if isinstance(node, cst.Call):
        if dotted(node.func) != "dict" or len(node.args) != 1 or not isinstance(
                node.args[0].value, cst.GeneratorExp):
            return False
        node = node.args[0].value
    if not isinstance(node, (cst.DictComp, cst.GeneratorExp)):
        return False
    named = dropped = False
    stack: List[cst.CSTNode] = [node]
    seen = 0
    while stack and seen < 400:
        n = stack.pop()
        seen += 1
        if isinstance(n, (cst.SimpleString, cst.ConcatenatedString)) and literal_str(n) in SIGNING_KEYS:
            named = True
        elif isinstance(n, cst.Comparison) and any(
                isinstance(t.operator, (cst.NotIn, cst.NotEqual, cst.IsNot)) for t in n.comparisons):
            dropped = True
        stack.extend(n.children)
    return named and not dropped


def _sandbox_kwargs(sdk: venues.Sdk) -> Dict[str, Optional[str]]:
    """``Sdk.sandbox_kwargs`` as name -> the literal selecting the testnet (None: any true value)."""
    out: Dict[str, Optional[str]] = {}
    for entry in sdk.sandbox_kwargs:
        name, sep, value = entry.partition("=")
        out[name] = value if sep else None
    return out


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


# import heads that are never the project's own modules: their names are not wanted
_NOT_PROJECT = frozenset(("ccxt", "ccxtpro", "requests", "httpx", "aiohttp", "urllib", "urllib3", "ssl", "os",
                          "sys", "json", "logging", "asyncio", "time", "datetime", "typing", "web3", "telegram",
                          "schedule", "apscheduler", "functools", "unittest", "pytest", "yaml", "toml", "tomllib",
                          "tomli", "json5", "configparser", "dotenv")) | frozenset(
    h for sdk in venues.SDKS for h in sdk.module_heads)
# method names a client's fund movers have (withdraw, transfer, send, ...): an imported
# receiver of one may be another module's client
_FUNDISH = re.compile(r"(?i)withdraw|transfer|send|move|sweep|payout|redeem|private|sapi|request|fetch2")
# keywords that hand a session, connector, SSL context or client to a call
_HANDOVER_KW = frozenset({"ssl", "ssl_context", "context", "connector", "session", "client", "exchange",
                          "verify", "transport", "http_client"})
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


# -- TLS verification off on a session or SSL context (judged where it is used, across modules) ----

_TLS_ATTRS = ("verify", "verify_ssl", "check_hostname")
_TLS_KWARGS = ("verify", "verify_ssl", "ssl")
_UNVERIFIED = ("_create_unverified_context", "_create_stdlib_context")


def _tls_store(attr: str, value: Optional[cst.CSTNode], imports: ImportMap) -> Optional[str]:
    """What ``X.<attr> = value`` turns off, if it switches TLS verification off."""
    if attr in _TLS_ATTRS and is_false(value):
        return f"`.{attr} = False`"
    if attr == "verify_mode" and (imports.resolve(value) or "").endswith("CERT_NONE"):
        return "`verify_mode = CERT_NONE`"
    return None


def _tls_value(value: Optional[cst.CSTNode], imports: ImportMap) -> Optional[str]:
    """What an expression building a session/connector/context turns off, if anything:
    ``ssl._create_unverified_context()``, ``httpx.Client(verify=False)``,
    ``aiohttp.TCPConnector(ssl=False)``, also nested (``ClientSession(connector=...)``)."""
    stack = [value]
    while stack:
        node = unwrap(stack.pop())
        if not isinstance(node, cst.Call):
            continue
        short = (imports.resolve(node.func) or "").rsplit(".", 1)[-1]
        if short in _UNVERIFIED:
            return f"`{short}()`"
        for a in node.args:
            if a.keyword is not None and a.keyword.value in _TLS_KWARGS and is_false(a.value):
                return f"`{short}(..., {a.keyword.value}=False)`"
            stack.append(a.value)
    return None


@dataclass(frozen=True)
class TlsRoot:
    """Where TLS verification was turned off on an object: what did it and the node (the
    store statement or the call), or, for an object made by another module's factory, the
    qualified name of that factory (``via``)."""

    what: str
    node: Optional[cst.CSTNode] = None
    via: Optional[str] = None


# a module mentions credentials: TLS off there exposes them (the TLS rule's module context)
CRED_CONTEXT = re.compile(
    r"(?i)api[_-]?key|apiKey|api[_-]?secret|secret[_-]?key|passphrase|private[_-]?key|x-mbx-apikey|"
    r"ok-access|x-bapi|authorization|bearer|access[_-]?token|auth[_-]?token|hmac|\bsecret\b|password|"
    # a bot token, or a URL carrying its credential in the path (hosts.credential_url)
    r"(?:bot|telegram|tg|discord)[_-]?token|api\.telegram\.org/(?:file/)?bot|infura\.io/(?:ws/)?v3/|"
    r"alchemy\.com/v2/|alchemyapi\.io/v2/|/api/webhooks/"
)
# the same pattern for ASCII text lowered first: several times faster than ``(?i)`` over a whole
# module (the pattern has no upper-case escape); non-ASCII text keeps ``(?i)``'s case folding
_CRED_CONTEXT_LOWER = re.compile(CRED_CONTEXT.pattern.replace("(?i)", "").lower())


def mentions_credentials(text: str) -> bool:
    """``CRED_CONTEXT.search(text)``, faster."""
    if text.isascii():
        return _CRED_CONTEXT_LOWER.search(text.lower()) is not None
    return CRED_CONTEXT.search(text) is not None


# a request argument that carries a credential (``headers=signed_headers``, ``auth=signer``)
_CRED_NAME = re.compile(r"(?i)key|secret|token|auth|sign|passphrase|credential|bearer")
_CRED_ARGS = frozenset({"headers", "auth", "params", "data", "json", "cookies"})


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
    # the HTTP verb is the helper's parameter at this index (counting ``self``), with this
    # literal default: the caller's verb decides (``self._sapi("asset/transfer", "GET")`` reads)
    verb_index: Optional[int] = None
    verb_default: Optional[str] = None

    def with_caller_verb(self, call: cst.Call, shift: int, names: List[str]) -> "Forward":
        """This forward with the verb the call passes (or the parameter's default), if the
        helper takes the verb as a parameter."""
        if self.verb is not None or self.verb_index is None:
            return self
        positional = [a for a in call.args if a.keyword is None and not a.star]
        j = self.verb_index - shift
        text = literal_str(positional[j].value) if 0 <= j < len(positional) else None
        name = names[self.verb_index] if 0 <= self.verb_index < len(names) else None
        for a in call.args:
            if a.keyword is not None and a.keyword.value == name:
                text = literal_str(a.value)
        if text is None and not (0 <= j < len(positional)) and not any(
                a.keyword is not None and a.keyword.value == name for a in call.args):
            text = self.verb_default
        return replace(self, verb=text.upper()) if text else self


class ClientTracker:
    """Facts about clients in one module, collected during the walk, resolved at the end.

    One tracker per file (``ClientTracker.shared(ctx)``, kept in ``ctx.shared``): it is an entry
    of ``analysis.ANALYSES``, so the engine puts it in the walk once, before the rules that name
    it in their ``ANALYSES``, and every node reaches it exactly once.  ``export()``/``wants()``
    and the module-level ``close()`` carry factories, module-level clients and TLS-off
    sessions across modules (LINK.md); ``ctx.linked`` brings them back in the importing file.
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
        self.sandbox_mode_dicts: Set[str] = set()  # of those, the ones switched by sandboxMode alone
        self.attr_creds: Set[str] = set()
        # credentials blanked by a store (`cfg["apiKey"] = ""` in dry-run mode): a dry-run switch
        self.blanked: Set[str] = set()
        # (receiver key, function) of each sandbox switch (key None = unknown; function: where a
        # switch on a plain local name was made, None otherwise)
        self.switches: List[Tuple[Optional[str], Optional[str]]] = []
        self.permission_checks: List[str] = []
        # receiver key of each permission check (None = unknown: a configured check given no
        # client): a check on one client does not vouch for another client of the module
        self.checked: List[Tuple[Optional[str], Optional[str]]] = []
        self.live_switches: List[Tuple[str, cst.Call]] = []  # (receiver, ``set_sandbox_mode(False)``)
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
        # across modules: the file context (qualified names), the facts linked in, the
        # qualified names wanted, and what this module defines at top level
        self.ctx = None
        self.linked: Dict[str, dict] = {}
        self._wanted: Set[str] = set()
        self._source_lines: Optional[Tuple[str, Any]] = None  # _line_of's LineIndex of ctx.source
        # calls whose result is kept (assigned, returned, entered, a receiver): only an imported
        # callee of such a call can be a factory whose facts matter here
        self._kept: Set[int] = set()
        self._ext_clients: Dict[Tuple[str, object], Optional[Client]] = {}
        self.qualnames: Dict[str, str] = {}  # function name -> "f" / "Class.f" (top level only)
        self.module_names: Set[str] = set()  # names bound at module level
        # TLS off, resolved at the end (a factory may be defined after its use): stores that
        # turn it off, values bound and returned, by (function or "" , key); calls by scope
        self._stmt: Optional[cst.CSTNode] = None  # the assignment being walked
        self._tls_stores: Dict[Tuple[str, str], TlsRoot] = {}
        self._tls_binds: Dict[Tuple[str, str], List[cst.CSTNode]] = {}
        self._tls_rets: Dict[str, List[cst.CSTNode]] = {}
        self._tls_calls: List[Tuple[str, Optional[str], cst.Call]] = []  # (scope, top-level qualname, call)
        self.tls_names: Dict[str, TlsRoot] = {}  # module-level name -> where TLS was turned off on it
        self.tls_returns: Dict[str, TlsRoot] = {}  # function -> root, when it returns a TLS-off object
        self.tls_helpers: Dict[str, TlsRoot] = {}  # function -> root, when it calls with a TLS-off object
        self.tls_exported: Dict[str, TlsRoot] = {}  # exported name -> root (what importers name)
        # names bound to a URL carrying its credential in the path (an Infura/Alchemy RPC URL,
        # a Telegram bot URL) -> what it carries; module-level ones are exported
        self.cred_urls: Dict[str, str] = {}
        self.module_cred_urls: Set[str] = set()
        # positional parameter names of each function (by name, like ``returns``)
        self.params: Dict[str, List[str]] = {}
        self.param_defaults: Dict[str, Dict[str, str]] = {}  # function -> parameter -> literal default
        # helpers forwarding a parameter to a client as a method name or request path
        self.forwarders: Dict[str, List[Forward]] = {}
        # calls by callee name (``helper(...)``, ``self.helper(...)``, ``obj.helper(...)``):
        # (call, called through an attribute)
        self.calls_by_name: Dict[str, List[Tuple[cst.Call, bool]]] = {}
        self._ext_calls: List[cst.Call] = []  # calls of imported names
        self._init_classes: Set[str] = set()  # classes of this module with an ``__init__``
        self._connector: Optional[Client] = None  # hummingbot's self.connectors[...]
        self._file_data: Dict[str, bool] = {}  # name -> bound to data loaded from a file (memo)
        self._binds_index: Optional[Tuple[int, Dict[str, List[cst.CSTNode]]]] = None

    @staticmethod
    def shared(ctx) -> "ClientTracker":
        t = ctx.shared.get("clients")
        if t is None:
            t = ctx.shared["clients"] = ClientTracker(ctx.imports, ctx.is_test)
            t.user_checks = list(getattr(ctx.settings, "permission_checks", None) or ())
            t.ctx = ctx
            t.linked = dict((getattr(ctx, "linked", None) or {}).get("clients", {}))
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
        if last not in t.ids and last not in t.aliases and last != "create" and last not in venues.sdk_class_names():
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
                for expr in client.config_exprs:  # another module's config: its facts matter here
                    self._want(_config_root(expr))
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
        cfg: Optional[cst.CSTNode] = args[0].value if args else None
        for a in call.args:
            if a.keyword is not None and a.keyword.value == "config":
                cfg = a.value
            elif a.star == "**" and key_of(a.value):
                client.config_keys.add(str(key_of(a.value)))
                client.config_exprs.append(a.value)
            elif a.star == "**" and self.file_loaded(a.value):
                client.config_exprs.append(a.value)  # **json.load(f)
            elif a.star:
                client.config_unknown = True
        cfg = unwrap(cfg)
        while isinstance(cfg, cst.BooleanOperation):  # ``config or {}``
            cfg = cfg.left
        if cfg is None:
            return
        if isinstance(cfg, cst.BinaryOperation) and isinstance(cfg.operator, cst.BitOr):  # base | creds
            for part in _merged_parts(cfg):
                if isinstance(part, cst.Dict):
                    creds, sandbox, _star, tls_off = dict_facts(part)
                    client.creds = client.creds or creds
                    client.sandbox = client.sandbox or sandbox
                    client.tls_off = client.tls_off or tls_off
                elif key_of(part):
                    client.config_keys.add(str(key_of(part)))
                    client.config_exprs.append(part)
                else:
                    client.config_exprs.append(part)
            return
        if isinstance(cfg, (cst.DictComp, cst.Call)) and _comprehension_creds(cfg):
            client.creds = True  # {k: v for k, v in cfg.items() if k in ("apiKey", "secret")}
            return
        if isinstance(cfg, cst.Call) and dotted(cfg.func) == "dict":  # dict(apiKey=..., secret=...)
            client.creds, client.sandbox = _dict_call_facts(cfg)
            for a in cfg.args:  # dict(base, ...), dict(**base): what base holds
                if a.keyword is None:
                    client.config_exprs.append(a.value)
                    if key_of(a.value):
                        client.config_keys.add(str(key_of(a.value)))
            return
        if isinstance(cfg, cst.Dict):
            creds, sandbox, star, tls_off = dict_facts(cfg)
            if sandbox and client.exchange and client.exchange not in SANDBOX_MODE_VENUES and sandbox_mode_only(cfg):
                sandbox = False  # ccxt.binance({"options": {"sandboxMode": True}}) stays on production
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
                    client.config_exprs.append(el.value)
            return
        k = key_of(cfg)
        if k:
            client.config_keys.add(k)
            client.config_exprs.append(cfg)
        elif isinstance(cfg, (cst.Call, cst.Subscript)):
            # config.get("exchange"), json.load(f), load_config(), load_config()["exchange"]
            client.config_exprs.append(cfg)
            client.config_unknown = True
        else:
            client.config_unknown = True

    def _sdk_config(self, client: Client, call: cst.Call) -> None:
        sdk = venues.sdk(client.kind)
        if sdk is None:
            return
        positional = [a for a in call.args if a.keyword is None and not a.star]
        if any(not is_none_or_empty(a.value) for a in positional[:len(sdk.positional_creds)]):
            client.creds = True
        switch_given = False
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
            elif kw in _sandbox_kwargs(sdk):
                switch_given = True
                wanted = _sandbox_kwargs(sdk)[kw]
                text = literal_str(a.value)
                if (not is_false(a.value)) if wanted is None else (text is None or text == wanted):
                    client.sandbox = True  # a flag, the literal that selects the testnet, or config
            elif kw in sdk.url_kwargs:
                s = string_text(a.value)
                if s is None or _TEST_WORDS.search(s):
                    client.sandbox = True
        if sdk.sandbox_default and not switch_given:
            client.sandbox = True  # its clients start on the testnet unless told otherwise

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
            if self._qualified(f) is not None:  # an imported factory: its module's facts
                return ("ext", value)
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
        if not self.func_stack and len(self.class_stack) <= 1:
            owner = self.class_stack[0][0] + "." if self.class_stack else ""
            self.qualnames.setdefault(node.name.value, owner + node.name.value)
        self.func_stack.append(node.name.value)
        positional = list(node.params.posonly_params) + list(node.params.params)
        self.params[node.name.value] = [p.name.value for p in positional]
        self.param_defaults[node.name.value] = {
            p.name.value: str(literal_str(p.default)) for p in positional + list(node.params.kwonly_params)
            if p.default is not None and literal_str(p.default) is not None}
        if node.name.value == "__init__" and self.class_stack and len(self.func_stack) == 1:
            self._init_classes.add(self.class_stack[-1][0])
            self._bind_ctor_args(self.class_stack[-1][0], positional + list(node.params.kwonly_params))
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

    def _keep(self, value: Optional[cst.CSTNode]) -> None:
        v = unwrap(value)
        if isinstance(v, cst.Call):
            self._kept.add(id(v))

    def visit_Return(self, node: cst.Return) -> None:
        self._keep(node.value)
        if self.func_stack and node.value is not None:
            self._tls_rets.setdefault(self.func_stack[-1], []).append(node.value)
            src = self._tuple_source(node.value) or self.source_of(node.value)
            if src is not None:
                self.returns.setdefault(self.func_stack[-1], []).append(src)

    def _tuple_source(self, value: Optional[cst.CSTNode]) -> Optional[tuple]:
        """``return TradeAPI(*creds), FundingAPI(*creds)``: a factory returning several clients,
        one source per element (``trade, funding = apis(args)`` unpacks them), else None."""
        v = unwrap(value)
        if not isinstance(v, (cst.Tuple, cst.List)) or any(isinstance(el, cst.StarredElement) for el in v.elements):
            return None
        parts = tuple(self.source_of(el.value) for el in v.elements)
        return ("tuple", parts) if any(parts) else None

    def visit_Assign(self, node: cst.Assign) -> None:
        self._keep(node.value)
        self._stmt = node
        value = unwrap(node.value)
        for t in node.targets:
            self._assign(t.target, value)

    def visit_AnnAssign(self, node: cst.AnnAssign) -> None:
        self._keep(node.value)
        self._stmt = node
        k = key_of(node.target)
        found = annotation_client(node.annotation.annotation, self.imports)
        if k and found:
            self._bind(k, ("annot", Client(found[0], found[1], None)))
        if node.value is not None:
            self._assign(node.target, unwrap(node.value))

    def visit_WithItem(self, node: cst.WithItem) -> None:
        self._keep(node.item)
        if node.asname is not None:
            self._assign(node.asname.name, unwrap(node.item))

    def _assign(self, target: cst.CSTNode, value: Optional[cst.CSTNode]) -> None:
        if isinstance(target, (cst.Tuple, cst.List)):
            if isinstance(value, (cst.Tuple, cst.List)):
                for el, v in zip(target.elements, value.elements):
                    self._assign(el.value, v.value)
            elif isinstance(value, cst.Call) and not any(isinstance(el, cst.StarredElement) for el in target.elements):
                # trade, funding, account = apis(args): element i of what the factory returns
                src = self.source_of(value)
                for i, el in enumerate(target.elements):
                    k = key_of(el.value)
                    if src is not None and k:
                        self._bind(k, ("elem", (src, i)))
            return
        # ex.apiKey = ..., ex.urls["api"] = ex.urls["test"], config["sandbox"] = True
        if isinstance(target, cst.Attribute):
            attr = target.attr.value
            base = key_of(target.value)
            what = _tls_store(attr, value, self.imports)
            if base and what:  # the first store turning it off is where it happened
                self._tls_stores.setdefault((self._scope(base), base), TlsRoot(what, self._stmt or target))
            if base and attr in SIGNING_KEYS:
                if is_none_or_empty(value):
                    self.blanked.add(base)
                else:
                    self.attr_creds.add(base)
            if base and attr in ("sandbox", "testnet", "isSandboxModeEnabled") and not is_false(value):
                self._switch(base)
            if base and attr == "headers" and _demo_headers(value):
                self._switch(base)  # ex.headers = {"x-simulated-trading": "1"}
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
                    self._switch(None)
                elif base.endswith(".headers") and demo_header(sub.value if isinstance(sub, cst.Index) else None,
                                                               value):
                    self._switch(base[: -len(".headers")])  # ex.headers["x-simulated-trading"] = "1"
                elif k == "api" and base.endswith(".urls"):
                    vt = value
                    if (isinstance(vt, cst.Subscript) and len(vt.slice) == 1
                            and isinstance(vt.slice[0].slice, cst.Index)
                            and literal_str(vt.slice[0].slice.value) in TEST_URL_KEYS):
                        self._switch(base[: -len(".urls")])
        k = key_of(target)
        if k is None:
            return
        if isinstance(value, cst.Call) and _is_mock_factory(dotted(value.func) or ""):
            self.mocks.add(k)  # a test double: never judged by its name
            return
        if isinstance(target, cst.Name) and not self.func_stack and not self.class_stack:
            self.module_names.add(k)
        if value is not None:
            self._tls_binds.setdefault((self._scope(k), k), []).append(value)
        label = self._url_label(value) if isinstance(target, cst.Name) else None
        if label:
            self.cred_urls[k] = label
            if not self.func_stack and not self.class_stack:
                self.module_cred_urls.add(k)
        owner = _urls_owner(k)
        if owner and value is not None:  # ex.urls["api"] = TESTNET_URLS if flag else ...
            self.url_settings.append(("switch", owner, value))
        if isinstance(target, cst.Name) and isinstance(value, (
                cst.SimpleString, cst.FormattedString, cst.ConcatenatedString, cst.Dict, cst.IfExp,
                cst.BinaryOperation, cst.BooleanOperation)):
            self.constants.setdefault(k, []).append(value)
        self._copied_dict(k, value)
        if isinstance(value, cst.Call) and dotted(value.func) == "dict":
            self._dict_holds(k, *_dict_call_facts(value))
        if isinstance(value, cst.Dict):
            creds, sandbox, _star, _tls = dict_facts(value)
            self._dict_holds(k, creds, sandbox)
            if sandbox and sandbox_mode_only(value):
                self.sandbox_mode_dicts.add(k)
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

    def _dict_holds(self, key: str, creds: Any, sandbox: Any) -> None:
        """The dict bound to ``key`` holds credentials / a sandbox switch."""
        if creds:
            self.dict_creds.add(key)
        if sandbox:
            self.dict_sandbox.add(key)

    def _copied_dict(self, key: str, value: Optional[cst.CSTNode]) -> None:
        """A config dict copied from another (``{**base, ...}``, ``dict(base)``, ``dict(**base)``,
        ``base.copy()``, ``copy.deepcopy(base)``) holds what the other holds."""
        sources: List[cst.CSTNode] = []
        if isinstance(value, cst.Dict):
            sources = [el.value for el in value.elements if isinstance(el, cst.StarredDictElement)]
        elif isinstance(value, cst.Call):
            name = dotted(value.func) or ""
            if name in ("dict", "copy.copy", "copy.deepcopy", "deepcopy") and value.args:
                sources = [a.value for a in value.args if a.keyword is None]
            elif isinstance(value.func, cst.Attribute) and value.func.attr.value == "copy" and not value.args:
                sources = [value.func.value]
            if _comprehension_creds(value):
                self.dict_creds.add(key)
        elif isinstance(value, cst.BinaryOperation) and isinstance(value.operator, cst.BitOr):
            sources = _merged_parts(value)  # base | creds
            for part in sources:
                if isinstance(part, cst.Dict):
                    creds, sandbox, _star, _tls = dict_facts(part)
                    self._dict_holds(key, creds, sandbox)
        elif isinstance(value, cst.DictComp) and _comprehension_creds(value):
            self.dict_creds.add(key)  # {k: v for k, v in cfg.items() if k in ("apiKey", "secret")}
        for src in sources:
            other = key_of(src)
            if other in self.dict_creds:
                self.dict_creds.add(key)
            if other in self.dict_sandbox:
                self.dict_sandbox.add(key)

    def visit_Call(self, node: cst.Call) -> None:
        """Constructors, sandbox switches, key-permission checks, config updates, helpers."""
        func = node.func
        self.ctor(node)
        self._helper_facts(node)
        if isinstance(func, cst.Attribute):
            meth = func.attr.value
            if meth in SANDBOX_CALLS:
                if not (node.args and is_false(node.args[0].value)):
                    self._switch(key_of(func.value))
                elif key_of(func.value):
                    # ex.set_sandbox_mode(False): live trading turned on on purpose (the client
                    # rule judges it at the call when the client's own module kept it on the sandbox)
                    self.live_switches.append((str(key_of(func.value)), node))
            elif meth in venues.tables().permission_names or meth in venues.sdk_permission_methods():
                self._permission_check(meth, key_of(func.value))
            elif meth == "update" and node.args and (key_of(func.value) or "").endswith(".headers") \
                    and _demo_headers(node.args[0].value):
                self._switch(str(key_of(func.value))[: -len(".headers")])
            elif meth == "update" and node.args and _urls_owner(key_of(func.value)):
                self.url_settings.append(("switch", _urls_owner(key_of(func.value)), node.args[0].value))
            elif meth == "update" and len(node.args) == 1 and node.args[0].keyword is None \
                    and not isinstance(node.args[0].value, cst.Dict) and key_of(func.value):
                self._copied_dict(str(key_of(func.value)), unwrap(cst.Dict([cst.StarredDictElement(
                    node.args[0].value)])))  # params.update(creds): holds what creds holds
            elif meth == "update" and node.args and (isinstance(node.args[0].value, cst.Dict) or all(
                    a.keyword is not None for a in node.args)):
                base = key_of(func.value)
                if base:  # cfg.update({"apiKey": ...}) / cfg.update(apiKey=..., secret=...)
                    first = node.args[0]
                    if first.keyword is None and isinstance(first.value, cst.Dict):
                        creds, sandbox, _s, _t = dict_facts(first.value)
                    else:
                        creds, sandbox = _dict_call_facts(node)
                    if creds:
                        self.dict_creds.add(base)
                    if sandbox:
                        self.dict_sandbox.add(base)
                        self._switch(None)
            elif meth in ("request", "fetch2") and node.args:
                path = literal_str(node.args[0].value)
                if path and path in venues.permission_paths():
                    self._permission_check(path, key_of(func.value))
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
                    first = node.args[0].value if node.args and node.args[0].keyword is None else None
                    self._permission_check(c, key_of(first) if first is not None else None)
                    break

    def _permission_check(self, what: str, receiver: Optional[str]) -> None:
        self.permission_checks.append(what)
        self.checked.append((receiver, self._local_scope(receiver)))

    def _switch(self, receiver: Optional[str]) -> None:
        self.switches.append((receiver, self._local_scope(receiver)))

    def _local_scope(self, key: Optional[str]) -> Optional[str]:
        """The function a plain local name (``ex``, not ``self.ex``) is used in, else None."""
        if key and self.func_stack and "." not in key and "[" not in key:
            return self.func_stack[-1]
        return None

    def _vouches(self, guard: Tuple[Optional[str], Optional[str]], c: Client, all_keys: Set[str]) -> bool:
        """Does a switch or key check on ``guard`` (receiver key, function) cover ``c``: it is on
        ``c``, or on something not known to be another client.  A local name of another
        function that binds that name to a client of its own is that client, not ``c``
        (``ex`` in ``make_binance()`` and ``ex`` in ``make_gate()``)."""
        key, scope = guard
        if key is None:
            return True
        if scope is not None and c.func != scope and any(
                o is not c and o.func == scope and key in o.keys for o in self.clients):
            return False
        return key in c.keys or key not in all_keys

    # -- TLS off on sessions and contexts (judged with the uses other modules report) ------------
    def _scope(self, key: str) -> str:
        """The function a plain local name belongs to ("" for attributes and module names)."""
        return self.func_stack[-1] if self.func_stack and "." not in key and "[" not in key else ""

    def _top_function(self) -> Optional[str]:
        """The exported name (``f``, ``Class.f``) of the top-level function or method being walked."""
        return self.qualnames.get(self.func_stack[0]) if self.func_stack and len(self.class_stack) <= 1 else None

    def _tls_of_key(self, key: str, scope: str, seen: Set[Tuple[str, str]]) -> Optional[TlsRoot]:
        for slot in ((scope, key), ("", key)) if scope else (("", key),):
            if slot in self._tls_stores:
                return self._tls_stores[slot]
            if slot in seen:
                continue
            seen.add(slot)
            for value in self._tls_binds.get(slot, ()):
                found = self._tls_of_value(value, slot[0], seen)
                if found:
                    return found
        return None

    def _tls_of_value(self, value: Optional[cst.CSTNode], scope: str,
                      seen: Set[Tuple[str, str]]) -> Optional[TlsRoot]:
        """Where a value (a session, connector or context) had TLS turned off: a literal switch
        anywhere in it (``TCPConnector(ssl=False)``, ``_create_unverified_context()``), or what
        it names or calls in a handover position (``connector=conn``, ``ssl=make_ctx()``): a
        TLS-off name, a factory returning one, or another module's factory (``via``)."""
        via: Optional[str] = None
        stack: List[Tuple[Optional[cst.CSTNode], bool]] = [(value, True)]
        while stack:
            node, follow = stack.pop()
            node = unwrap(node)
            if isinstance(node, (cst.Name, cst.Attribute)) and follow:
                k = key_of(node)
                found = self._tls_of_key(k, scope, seen) if k else None
                if found:
                    return found
                q = self._qualified(node)
                if q and q.split(".", 1)[0] not in _NOT_PROJECT:
                    via = via or q
            elif isinstance(node, cst.Call):
                short = (self.imports.resolve(node.func) or "").rsplit(".", 1)[-1]
                if short in _UNVERIFIED:
                    return TlsRoot(f"`{short}()`", node)
                for a in node.args:
                    if a.keyword is not None and a.keyword.value in _TLS_KWARGS and is_false(a.value):
                        return TlsRoot(f"`{short}(..., {a.keyword.value}=False)`", node)
                if follow:
                    f = node.func
                    callee = f.value if isinstance(f, cst.Name) else (
                        f.attr.value if isinstance(f, cst.Attribute) and isinstance(f.value, cst.Name)
                        and f.value.value in ("self", "cls") else None)
                    if callee in self.tls_returns:
                        return self.tls_returns[callee]
                    q = self._qualified(f)
                    if q and q.split(".", 1)[0] not in _NOT_PROJECT:
                        via = via or q
                for a in node.args:
                    stack.append((a.value, a.keyword is not None and a.keyword.value in _HANDOVER_KW))
            elif isinstance(node, cst.Dict) and follow:
                stack.extend((el.value, True) for el in node.elements
                             if isinstance(el, cst.DictElement) and literal_str(el.key) in _HANDOVER_KW)
        return TlsRoot("", None, via) if via else None

    def _tls_resolve(self) -> None:
        """TLS-off objects of the module: what each function returns (a fixed point: factories
        calling factories, in any order), each module-level name, and the functions that call
        with one (``urlopen(req, context=_CTX)``, ``SESSION.get(url)``)."""
        for _round in range(4):
            changed = False
            for func, values in self._tls_rets.items():
                if func in self.tls_returns and self.tls_returns[func].node is not None:
                    continue
                for v in values:
                    found = self._tls_of_value(v, func, set())
                    if found and (func not in self.tls_returns or found.node is not None):
                        changed = changed or self.tls_returns.get(func) != found
                        self.tls_returns[func] = found
                        if found.node is not None:
                            break
            if not changed:
                break
        for name in sorted(self.module_names):
            found = self._tls_of_key(name, "", set())
            if found:
                self.tls_names[name] = found
        for scope, top, call in self._tls_calls:
            if top is None or top in self.tls_helpers:
                continue
            f = call.func
            parts = [f.value] if isinstance(f, cst.Attribute) else []
            parts += [a.value for a in call.args if a.keyword is not None and a.keyword.value in _HANDOVER_KW]
            for part in parts:
                found = self._tls_of_value(part, scope, set())
                if found and found.node is not None:
                    self.tls_helpers[top] = found
                    break
        for func, qual in self.qualnames.items():
            tls = self.tls_returns.get(func) or self.tls_helpers.get(qual)
            if tls is not None:
                self.tls_exported[qual] = tls
        for name, tls in self.tls_names.items():
            self.tls_exported.setdefault(name, tls)

    def _tls_facts(self) -> dict:
        """The export of the module's TLS-off objects, under one name (``@tls``) that no
        importer names, so that they cost no importer a re-lint (only the closure reads them):
        ``off``: name -> what turned TLS off; ``via``: name -> the other module's factory its
        TLS-off object comes from."""
        off: Dict[str, str] = {}
        via: Dict[str, str] = {}
        for name, root in sorted(self.tls_exported.items()):
            if root.node is not None:
                off[name] = root.what
            elif root.via:
                via[name] = root.via
        return {"kind": "tls", "off": off, "via": via} if off or via else {}

    def _imported_roots(self, expr: Optional[cst.CSTNode], scope: str, seen: Set[Tuple[str, str]]) -> Set[str]:
        """The qualified names of the project's other modules an object comes from: an
        imported name (``SESSION``), a call of an imported factory (``make_session()``), a
        local bound to one, or a session built around one (``ClientSession(connector=...)``)."""
        node = unwrap(expr)
        out: Set[str] = set()
        if isinstance(node, (cst.Name, cst.Attribute)):
            q = self._qualified(node)
            if q:
                return {q} if q.split(".", 1)[0] not in _NOT_PROJECT else set()
            k = key_of(node)
            for slot in ((scope, k), ("", k)) if k and scope else ((("", k),) if k else ()):
                if slot in seen:
                    continue
                seen.add(slot)
                for value in self._tls_binds.get(slot, ()):
                    out |= self._imported_roots(value, slot[0], seen)
        elif isinstance(node, cst.Call):
            q = self._qualified(node.func) if isinstance(node.func, (cst.Name, cst.Attribute)) else None
            if q and q.split(".", 1)[0] not in _NOT_PROJECT:
                out.add(q)
            for a in node.args:
                if a.keyword is not None and a.keyword.value in _HANDOVER_KW:
                    out |= self._imported_roots(a.value, scope, seen)
        return out

    def _use_evidence(self, call: cst.Call) -> Tuple[int, str]:
        """How much a call matters when TLS is off on what it uses: 3 a credentialed client or
        request, 2 an exchange client or a request to an exchange host, 0 nothing known."""
        c = self.ctor(call)
        if c is not None:
            return (3, f"the credentialed {c.label} client") if self.has_creds(c) else (2, f"the {c.label} client")
        host = None
        cred = False
        for a in call.args:
            v = unwrap(a.value)
            if isinstance(v, (cst.SimpleString, cst.FormattedString, cst.ConcatenatedString)):
                text = string_text(v) or ""
                m = _URL_HOST.match(text)
                if m and is_exchange_host(m.group(1)):
                    host = host or m.group(1).lower()
                cred = cred or bool(credential_url(text))
            elif isinstance(v, cst.Name) and v.value in self.cred_urls:
                cred = True
            if a.keyword is not None and a.keyword.value in _CRED_ARGS and self._carries_cred(a.value):
                cred = True
        if cred:
            return 3, "a credentialed request" + (f" to {host}" if host else "")
        if host:
            return 2, f"a request to {host}"
        return 0, ""

    def _carries_cred(self, value: Optional[cst.CSTNode]) -> bool:
        v = unwrap(value)
        if isinstance(v, cst.Dict):
            return any(isinstance(el, cst.DictElement) and (
                CRED_CONTEXT.search(literal_str(el.key) or "") or self._carries_cred(el.value))
                for el in v.elements)
        if isinstance(v, cst.Call):
            v = v.func
        text = dotted(v) if isinstance(v, (cst.Name, cst.Attribute)) else None
        return bool(text and _CRED_NAME.search(text.rsplit(".", 1)[-1]))

    def _tls_use_facts(self) -> Dict[str, dict]:
        """The export of this module's uses of other modules' objects where TLS being off there
        would matter: {qualified name -> {path, line, rank, why}}, the most serious use of
        each.  The closure hands them to the module that turned TLS off (``@tls_used``)."""
        best: Dict[str, Tuple[int, cst.Call, str]] = {}
        context: Optional[bool] = None
        for scope, _top, call in self._tls_calls:
            f = call.func
            strong: Set[str] = set()  # the object is the receiver or is handed over
            if isinstance(f, cst.Attribute):
                strong |= self._imported_roots(f.value, scope, set())
            for a in call.args:
                v = unwrap(a.value)
                if a.keyword is not None and a.keyword.value in _HANDOVER_KW:
                    strong |= self._imported_roots(v, scope, set())
                elif isinstance(v, cst.Dict):  # ccxt.binance({..., "session": make_session()})
                    for el in v.elements:
                        if isinstance(el, cst.DictElement) and literal_str(el.key) in _HANDOVER_KW:
                            strong |= self._imported_roots(el.value, scope, set())
            called = self._qualified(f) if isinstance(f, (cst.Name, cst.Attribute)) else None
            weak = {called} if called and called.split(".", 1)[0] not in _NOT_PROJECT else set()
            if not strong and not weak:
                continue
            rank, why = self._use_evidence(call)
            roots = strong | weak
            if not rank and strong:
                if context is None:
                    source = getattr(self.ctx, "source", "") or ""
                    context = bool(self.clients) or venues.imports_exchange_sdk(self.imports) or \
                        mentions_credentials(source)
                if context:
                    rank, why, roots = 1, "code that talks to an exchange or carries credentials", strong
            if not rank:
                continue
            for q in roots:
                if q not in best or rank > best[q][0]:
                    best[q] = (rank, call, why)
        if not best:
            return {}
        # the path part by part: the engine masks random-looking strings in facts, and a whole
        # path (``src/app/exchange.py``) can look random where its parts are plainly names
        path = [p for p in str(getattr(self.ctx, "path", "") or "").replace("\\", "/").split("/") if p]
        return {q: {"path": path, "line": self._line_of(call), "rank": rank, "why": why}
                for q, (rank, call, why) in sorted(best.items())}

    def _line_of(self, node: cst.CSTNode) -> int:
        """The line of a node, found by its code in the source (libcst keeps every character;
        the first occurrence of the same text): positions for the whole file would cost about a
        parse, for a fact only a few modules read.  0 when not found."""
        source = str(getattr(self.ctx, "source", "") or "")
        try:
            code = cst.Module([]).code_for_node(node)
        except Exception:  # noqa: BLE001 - no line then
            return 0
        at = source.find(code) if code else -1
        if at < 0:
            return 0
        if self._source_lines is None or self._source_lines[0] is not source:
            from ..text import LineIndex

            self._source_lines = (source, LineIndex(source))  # once per module, not per fact
        return self._source_lines[1].pos(at)[0]

    def tls_used(self) -> List[Tuple[TlsRoot, dict]]:
        """(root, use) for each TLS-off object of this module that another module uses for an
        exchange or credentialed call (the closure's ``@tls_used`` facts): the most serious use
        of each object (a factory and the context it wraps are one object)."""
        module = str(getattr(self.ctx, "module_name", "") or "")
        facts = self.linked.get(f"{module}.@tls_used") if module else None
        uses = facts.get("uses") if isinstance(facts, dict) else None
        if not isinstance(uses, dict):
            return []
        self.finish()
        best: Dict[int, Tuple[TlsRoot, dict]] = {}
        for name, use in sorted(uses.items()):
            root = self.tls_exported.get(name)
            if root is None or root.node is None or not isinstance(use, dict):
                continue
            prev = best.get(id(root.node))
            if prev is None or int(use.get("rank") or 0) > int(prev[1].get("rank") or 0):
                best[id(root.node)] = (root, dict(use, name=name))
        return list(best.values())

    # -- URLs carrying a credential in their path (judged where TLS is off on a request) --------
    def _url_label(self, value: Optional[cst.CSTNode]) -> Optional[str]:
        """What credential an expression building a URL carries in its path: a string, an
        f-string, ``+``/``%``/``.format`` pieces, either branch of a conditional, an
        ``os.getenv`` default, a name bound to one."""
        stack = [value]
        seen = 0
        # ``type() is``: every class here is final, and isinstance on libcst's ABCs is a Python
        # call (this runs on the value of every assignment to a name)
        strings = _URL_STRINGS
        while stack and seen < 64:
            node: Any = unwrap(stack.pop())
            seen += 1
            tp = type(node)
            if tp in strings:
                label = credential_url(string_text(node) or "")
                if label:
                    return label
            elif tp is cst.BinaryOperation or tp is cst.BooleanOperation:
                stack.extend((node.left, node.right))
            elif tp is cst.IfExp:
                stack.extend((node.body, node.orelse))
            elif tp is cst.Call:
                if type(node.func) is cst.Attribute:
                    stack.append(node.func.value)  # "https://...{}".format(key)
                stack.extend(a.value for a in node.args)
            elif tp is cst.Name and node.value in self.cred_urls:
                return self.cred_urls[node.value]
        return None

    def credential_url_of(self, node: Optional[cst.CSTNode]) -> Optional[Tuple[str, Optional[str]]]:
        """(what it carries, defining file or None when local) when an expression is a URL with
        a credential in its path, here or as another module's constant (``from config import
        RPC_URL``)."""
        label = self._url_label(node)
        if label:
            return label, None
        facts = self._linked_facts(dotted(node)) if isinstance(node, (cst.Name, cst.Attribute)) else None
        if facts and facts.get("kind") == "cred_url":
            return str(facts.get("what") or "a URL carrying a credential"), str(
                facts.get("path") or facts.get("module") or "another module")
        return None

    def credential_url_calls(self) -> bool:
        """Does a call of the module take a URL carrying a credential (an Infura or Alchemy key
        in the path, a bot token), here or as another module's constant?  Such a module makes
        credentialed calls, to an RPC provider if not to an exchange (the TLS rule's context)."""
        return any(self.credential_url_of(a.value) for _scope, _top, call in self._tls_calls for a in call.args)

    def param_index(self, node: Optional[cst.CSTNode]) -> Optional[int]:
        """Index of a parameter of the enclosing function that ``node`` names."""
        if not isinstance(node, cst.Name) or not self.func_stack:
            return None
        names = self.params.get(self.func_stack[-1], [])
        return names.index(node.value) if node.value in names else None

    def _helper_facts(self, node: cst.Call) -> None:
        func = node.func
        base = func.value if isinstance(func, cst.Attribute) else func
        if isinstance(func, cst.Attribute):
            self._keep(func.value)  # make().withdraw(...): the inner call's result is a receiver
        # only what another module's facts can change here is wanted (each want can cost that
        # module a walk, engine.link): a factory's call whose result is kept, a helper handed a
        # literal method name or path, a client's fund or request method, a session, context or
        # client handed over by keyword
        kept = id(node) in self._kept
        named = any(isinstance(a.value, (cst.SimpleString, cst.ConcatenatedString)) for a in node.args)
        meth = func.attr.value if isinstance(func, cst.Attribute) else ""
        client_call = bool(meth) and (meth in HTTP_CALLS or _FUNDISH.search(meth) is not None)
        if kept or named or client_call:
            self._want(base)
        if (kept or named) and isinstance(func, cst.Attribute) and isinstance(func.value, cst.Name):
            self._want(func)  # util.private_call(...) with ``from bot import util``
        self._tls_calls.append((self.func_stack[-1] if self.func_stack else "", self._top_function(), node))
        for a in node.args:
            handover = a.keyword is not None and a.keyword.value in _HANDOVER_KW
            if handover or client_call:
                self._keep(a.value)  # ssl=make_ctx(), connector=connector(): a factory's result
            if isinstance(a.value, (cst.Name, cst.Attribute)):
                if kept or named or client_call or handover:
                    self._want(a.value)
        if self._qualified(func) is not None:
            self._ext_calls.append(node)  # an imported helper: another module's facts
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
            idx = self.param_index(node.args[1].value)
            if idx is not None:
                self.forwarders.setdefault(owner, []).append(Forward("method", idx, node.args[0].value, is_method))
            return
        # self.exchange.request(path, "sapi", "POST", params)
        if isinstance(func, cst.Attribute) and func.attr.value in ("request", "fetch2"):
            idx = self.param_index(node.args[0].value)
            if idx is not None:
                api = literal_str(node.args[1].value) if len(node.args) >= 2 else None
                verb_arg = node.args[2].value if len(node.args) >= 3 else None
                for a in node.args:
                    if a.keyword is not None and a.keyword.value == "method":
                        verb_arg = a.value
                verb = literal_str(verb_arg) if verb_arg is not None else None
                verb_index = self.param_index(verb_arg) if verb is None else None
                default = self.param_defaults.get(owner, {}).get(verb_arg.value) if isinstance(
                    verb_arg, cst.Name) and verb_index is not None else None
                self.forwarders.setdefault(owner, []).append(
                    Forward("path", idx, func.value, is_method, api, verb.upper() if verb else None,
                            verb_index, default))

    def forwarded(self) -> List[Tuple[cst.Call, Forward, cst.CSTNode, str]]:
        """(call site, forwarder, argument node, literal) for every call of a forwarding helper
        with a literal method name or path where the helper forwards it."""
        out: List[Tuple[cst.Call, Forward, cst.CSTNode, str]] = []
        for name, fwds in self.forwarders.items():
            names = self.params.get(name, [])
            for call, via_attr in self.calls_by_name.get(name, ()):
                positional = [a for a in call.args if a.keyword is None and not a.star]
                for f in fwds:
                    shift = 1 if f.method and via_attr else 0
                    i = f.index - shift
                    if 0 <= i < len(positional):
                        text = literal_str(positional[i].value)
                        if text:
                            # the client the caller passes, when the helper takes it as a parameter
                            recv = dotted(f.receiver)
                            r = names.index(recv) - shift if recv in names else -1
                            if 0 <= r < len(positional):
                                f = replace(f, receiver=positional[r].value)
                            out.append((call, f.with_caller_verb(call, shift, names), positional[i].value, text))
        out.extend(self._linked_forwarded())
        return out

    def _linked_forwarded(self) -> List[Tuple[cst.Call, Forward, cst.CSTNode, str]]:
        """The same for helpers of other modules (``from bot.util import private_call``): the
        receiver is the argument the caller passes where the helper takes its client."""
        out = []
        for call in self._ext_calls:
            facts = self._linked_facts(dotted(call.func)) or {}
            positional = [a for a in call.args if a.keyword is None and not a.star]
            for fw in facts.get("forwards") or ():
                i, r = fw.get("index"), fw.get("receiver")
                if not isinstance(i, int) or not 0 <= i < len(positional):
                    continue
                text = literal_str(positional[i].value)
                if not text:
                    continue
                receiver = positional[r].value if isinstance(r, int) and 0 <= r < len(positional) else None
                f = _linked_forward(fw, i, receiver)
                out.append((call, f.with_caller_verb(call, 0, list(fw.get("params") or ())), positional[i].value,
                            text))
        # methods of an imported class (``api = Api(...)``; ``api.private_call("sapiPost...")``)
        for facts in self.linked.values():
            for meth, fws in (facts.get("method_forwards") or {}).items():
                for call, via_attr in self.calls_by_name.get(meth, ()):
                    positional = [a for a in call.args if a.keyword is None and not a.star]
                    for fw in fws if via_attr else ():
                        i = fw.get("index")
                        i = i - 1 if isinstance(i, int) else -1  # the caller does not pass self
                        text = literal_str(positional[i].value) if 0 <= i < len(positional) else None
                        if text:
                            owner = call.func.value if isinstance(call.func, cst.Attribute) else None
                            f = _linked_forward(fw, i, owner).with_caller_verb(call, 1, list(fw.get("params") or ()))
                            out.append((call, f, positional[i].value, text))
        return out

    def _forward_facts(self, func: str, methods: bool = False) -> List[dict]:
        """The export of a top-level helper's forwards (or a method's, ``methods``): which
        parameter is the method name or path (counting ``self``), which is the client (None: a
        client of the helper's own module or instance)."""
        names = self.params.get(func, [])
        out = []
        for f in self.forwarders.get(func, ()):
            if f.method != methods:
                continue
            recv = dotted(f.receiver)
            out.append({"forward": f.kind, "index": f.index, "api": f.api, "verb": f.verb,
                        "receiver": names.index(recv) if recv in names else None,
                        "verb_index": f.verb_index, "verb_default": f.verb_default,
                        "params": names if f.verb_index is not None else None})
        return out

    def config_args(self, c: Client) -> List[Tuple[cst.Call, cst.CSTNode]]:
        """(call site, config argument) for each call of the factory that builds ``c`` from
        one of its parameters."""
        if c.config_param is None:
            return []
        func, index = c.config_param
        names = self.params.get(func, [])
        out: List[Tuple[cst.Call, cst.CSTNode]] = []
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

    # -- across modules (LINK.md) ------------------------------------------------------
    def _qualified(self, node: Optional[cst.CSTNode]) -> Optional[str]:
        """The fully-qualified name of an imported Name/Attribute chain, else None."""
        return self._qualify(dotted(node))

    def _qualify(self, name: Optional[str]) -> Optional[str]:
        """``send`` -> ``bot.notify.send`` when this module imported it (absolutely, or
        relatively: ``ctx.relative_imports``, filled by the engine's tracker), else None."""
        if not name:
            return None
        head, _, rest = name.partition(".")
        relative = getattr(self.ctx, "relative_imports", None) or {}
        full = relative.get(head) or self.imports.aliases.get(head)
        if full is None:
            return None
        return f"{full}.{rest}" if rest else full

    def _want(self, node: Optional[cst.CSTNode]) -> None:
        """Note an imported name this module calls or hands over: its facts may matter."""
        q = self._qualified(node) if isinstance(node, (cst.Name, cst.Attribute)) else None
        if q and q.split(".", 1)[0] not in _NOT_PROJECT:
            self._wanted.add(q)

    # -- clients handed to another module's class (``Mirror(leader_client(), follower_client())``)
    def _ctor_calls(self) -> Dict[str, Dict[str, dict]]:
        """The export of the calls here of other modules' names with clients as arguments
        (``Mirror(leader_client(cfg), follower_client(cfg), ratio)``): {qualified callee ->
        {argument index or keyword -> client kind and exchange}}; the closure hands them to
        the module defining the class (``@ctor_args``), whose ``__init__`` then knows them."""
        out: Dict[str, Dict[str, dict]] = {}
        for call in self._ext_calls:
            q = self._qualified(call.func)
            if not q or q.split(".", 1)[0] in _NOT_PROJECT:
                continue
            positional = [a for a in call.args if a.keyword is None and not a.star]
            args = [(str(i), a.value) for i, a in enumerate(positional)]
            args += [(a.keyword.value, a.value) for a in call.args if a.keyword is not None]
            for key, value in args:
                found = sorted(self.clients_of(value), key=client_order)
                if found:
                    out.setdefault(q, {})[key] = {"kind": _kind_fact(found[0].kind), "exchange": found[0].exchange}
        return out

    def _bind_ctor_args(self, cls: str, params: List[cst.Param]) -> None:
        """Bind the parameters of ``cls.__init__`` to the clients other modules construct it
        with (the closure's ``@ctor_args``), as an annotation would."""
        module = str(getattr(self.ctx, "module_name", "") or "")
        facts = self.linked.get(f"{module}.@ctor_args") if module and self.linked else None
        args = (facts.get("classes") or {}).get(cls) if isinstance(facts, dict) else None
        if not isinstance(args, dict):
            return
        for i, p in enumerate(params[1:]):  # after self
            info = args.get(str(i)) if str(i) in args else args.get(p.name.value)
            if isinstance(info, dict) and p.annotation is None:
                self._bind(p.name.value, ("annot", Client(_kind_from_fact(info.get("kind")), info.get("exchange"),
                                                          None, is_test=self.is_test)))

    def wants(self) -> List[str]:
        """The imported names noted by ``_want``, and, when this module turned TLS off on
        something it exports, its own ``@tls_used``: the uses other modules report, which the
        closure gathers here (the link step's one fact that flows back to the defining module)."""
        self.finish()
        out = set(self._wanted)
        module = str(getattr(self.ctx, "module_name", "") or "")
        if module and any(r.node is not None for r in (*self.tls_names.values(), *self.tls_returns.values(),
                                                       *self.tls_helpers.values())):
            out.add(f"{module}.@tls_used")
        if module and self._init_classes:
            out.add(f"{module}.@ctor_args")  # clients other modules build its classes with
        return sorted(out)

    def linked_class_methods(self, call: cst.Call) -> Tuple[str, ...]:
        """The fund movers another module's class defines, for a call constructing it here."""
        facts = self._linked_facts(dotted(call.func)) or {}
        methods = facts.get("fund_methods") if facts.get("kind") == "class" else None
        return tuple(str(m) for m in methods) if isinstance(methods, list) else ()

    def _linked_facts(self, name: Optional[str]) -> Optional[dict]:
        q = self._qualify(name) if self.linked else None
        return self.linked.get(q) if q else None

    def _linked_client(self, name: Optional[str], call: Optional[cst.Call],
                       index: Optional[int] = None) -> Optional[Client]:
        """A client made from another module's facts: a factory called here (``call``; with
        ``index``, element ``index`` of the tuple it returns), or a module-level client
        imported by name."""
        key = ("call", id(call), index) if call is not None else ("name", name)
        if key in self._ext_clients:
            return self._ext_clients[key]
        facts = self._linked_facts(name)
        client = None
        kind = "factory" if call is not None else "client"
        info = facts.get("client") if facts else None
        if index is not None:
            elements = facts.get("elements") if facts else None
            info = elements[index] if isinstance(elements, list) and 0 <= index < len(elements) else None
        if facts and facts.get("kind") == kind and isinstance(info, dict):
            where = facts.get("path") or facts.get("module") or "another module"
            client = Client(_kind_from_fact(info.get("kind")), info.get("exchange"), call, is_test=self.is_test,
                            sandbox=bool(info.get("guarded")), origin=str(where),
                            judged_elsewhere=bool(info.get("creds")))
            param = info.get("config_param")
            if call is not None and isinstance(param, int):
                positional = [a for a in call.args if a.keyword is None and not a.star]
                if 0 <= param < len(positional):
                    client.creds, sandbox = self.config_facts(positional[param].value)
                    client.sandbox = client.sandbox or sandbox
            if call is not None:
                self.clients.append(client)
        self._ext_clients[key] = client
        return client

    def guarded(self, c: Client, all_keys: Optional[Set[str]] = None) -> bool:
        """Is ``c`` kept off live trading by something in this module: a sandbox/testnet switch
        on it (or on something not known to be another client), a dry-run that blanks its keys,
        a sibling built with the switch by the same factory, or a key-permission check?"""
        if all_keys is None:
            all_keys = set().union(*(o.keys for o in self.clients)) if self.clients else set()
        # a key check on this client, or on something not known to be another client
        if any(self._vouches(g, c, all_keys) for g in self.checked):
            return True
        switched = c.config_keys & self.dict_sandbox
        if c.exchange and c.exchange not in SANDBOX_MODE_VENUES:
            switched -= self.sandbox_mode_dicts  # {"options": {"sandboxMode": True}}: not binance's switch
        if c.sandbox or switched:
            return True
        # dry-run mode that blanks the keys (freqtrade's and many bots' equivalent of a sandbox)
        if c.config_keys & self.blanked or c.keys & self.blanked:
            return True
        # a switch on this client, or on something not known to be another client
        if any(self._vouches(g, c, all_keys) for g in self.switches):
            return True
        # alternative clients built by one factory (`if args.testnet: Client(..., testnet=True)`)
        return any(o is not c and o.sandbox and o.kind == c.kind and o.func == c.func and c.func
                   for o in self.clients)

    def key_checked(self, c: Client, all_keys: Set[str]) -> bool:
        """Is the key of ``c`` checked for its permissions in this module?"""
        return any(self._vouches(g, c, all_keys) for g in self.checked)

    def has_creds(self, c: Client) -> bool:
        return c.creds or bool(c.config_keys & self.dict_creds) or bool(c.keys & self.attr_creds) or any(
            self.file_loaded(e) or self._returns_creds(e) for e in c.config_exprs)

    def _returns_creds(self, value: Optional[cst.CSTNode]) -> bool:
        """Is a value a call of a function of this module that returns a credential dict
        (``def creds(): return {"apiKey": os.environ["K"], ...}``; ``ccxt.binance(creds())``)?"""
        node = unwrap(value)
        if not isinstance(node, cst.Call):
            return False
        f = node.func
        callee = f.value if isinstance(f, cst.Name) else (
            f.attr.value if isinstance(f, cst.Attribute) and isinstance(f.value, cst.Name)
            and f.value.value in ("self", "cls") else None)
        for ret in self._tls_rets.get(str(callee), ()) if callee else ():
            r = unwrap(ret)
            if isinstance(r, cst.Dict) and dict_facts(r)[0] or isinstance(r, cst.Call) and (
                    dotted(r.func) == "dict" and _dict_call_facts(r)[0] or _comprehension_creds(r)):
                return True
            if isinstance(r, cst.DictComp) and _comprehension_creds(r) or key_of(r) in self.dict_creds:
                return True
        return False

    # -- configs loaded from files (``config = json.load(f)``; ``ccxt.binance(config["exchange"])``)
    def file_loaded(self, value: Optional[cst.CSTNode], depth: int = 0) -> bool:
        """Is a value (or the container it is an item of) data loaded from a JSON/YAML/TOML
        file: ``json.load(f)``, a name bound to one, a function of this module returning one
        (``load_config()``), ``config["exchange"]``, ``config.get("binance", {})``?  A client
        built from such a config gets its keys from the file (the reason bots pass it whole)."""
        node = unwrap(value)
        while True:  # the container an item is taken from
            if isinstance(node, cst.Subscript):
                node = unwrap(node.value)
            elif isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute) \
                    and node.func.attr.value in ("get", "copy"):
                node = unwrap(node.func.value)
            elif isinstance(node, cst.BooleanOperation):
                node = unwrap(node.left)
            else:
                break
        if depth > 4 or node is None:
            return False
        if isinstance(node, cst.Call):
            name = self.imports.resolve(node.func) or dotted(node.func) or ""
            if name in _FILE_LOADS:
                return True
            f = node.func
            callee = f.value if isinstance(f, cst.Name) else (
                f.attr.value if isinstance(f, cst.Attribute) and isinstance(f.value, cst.Name)
                and f.value.value in ("self", "cls") else None)
            if callee and any(self.file_loaded(r, depth + 1) for r in self._tls_rets.get(str(callee), ())):
                return True
            # another module's loader (``from config import load_config``)
            return (self._linked_facts(dotted(f)) or {}).get("kind") == "config_loader"
        k = key_of(node)
        if not k:
            return False
        if k in self._file_data:
            return self._file_data[k]
        self._file_data[k] = False  # recursion guard
        binds = self._binds_of(k)
        found = any(self.file_loaded(v, depth + 1) for v in binds) or not binds and (
            self._linked_facts(k) or {}).get("kind") == "file_config"  # ``from config import CONFIG``
        self._file_data[k] = found
        return found

    def _binds_of(self, key: str) -> List[cst.CSTNode]:
        """The values bound to ``key`` in any scope (an index over ``_tls_binds``, rebuilt when
        the walk has bound more since: a module of 5,000 constants must not cost 5,000 scans)."""
        if self._binds_index is None or self._binds_index[0] != len(self._tls_binds):
            index: Dict[str, List[cst.CSTNode]] = {}
            for (_scope, k), values in self._tls_binds.items():
                index.setdefault(k, []).extend(values)
            self._binds_index = (len(self._tls_binds), index)
        return self._binds_index[1].get(key, [])

    def _config_facts(self) -> Dict[str, dict]:
        """The export of the module's config loaders (functions returning a config file's
        data) and module-level names bound to such data: a client another module builds from
        them has its keys in the file."""
        out: Dict[str, dict] = {}
        for func, qual in sorted(self.qualnames.items()):
            if "." not in qual and any(self.file_loaded(r) for r in self._tls_rets.get(func, ())):
                out[qual] = {"kind": "config_loader"}
        for name in sorted(self.module_names):
            if self.file_loaded(cst.Name(name)):
                out[name] = {"kind": "file_config"}
        return out

    def _element_facts(self, func: str) -> Optional[List[Optional[dict]]]:
        """The clients a factory returns as a tuple, position by position (None where an
        element is not a client made here), when one is."""
        for src in self.returns.get(func, ()):
            if src[0] != "tuple":
                continue
            facts: List[Optional[dict]] = []
            for i in range(min(len(src[1]), 8)):
                made = sorted((c for c in self._element_clients(src, i, 1) if c.origin is None),
                              key=client_order)
                facts.append(self._client_facts(made[0]) if made else None)
            if any(facts):
                return facts
        return None

    def _client_facts(self, c: Client) -> dict:
        return {"kind": _kind_fact(c.kind), "exchange": c.exchange, "label": _kind_fact(c.label),
                "creds": self.has_creds(c),
                "guarded": self.guarded(c), "config_param": c.config_param[1] if c.config_param else None}

    def export(self) -> Dict[str, dict]:
        """What this module defines at top level that another module may use: functions and
        methods returning clients (``make_exchange``, ``Bot.connect``), module-level clients
        and TLS-off sessions/contexts.  Labels and flags only, never a value."""
        self.finish()
        out: Dict[str, dict] = {}
        for func, qual in sorted(self.qualnames.items()):
            found: Set[Client] = set()
            calls = []
            for src in self.returns.get(func, ()):
                found |= self._resolve_src(src)
                if src[0] == "ext":
                    calls.append(self._qualified(src[1].func))
            made = sorted((c for c in found if c.origin is None), key=client_order)
            # names are module-wide here (``ex`` in two factories): the factory's own client first
            made = [c for c in made if c.func == func] or made
            elements = self._element_facts(func)
            if made:
                out[qual] = {"kind": "factory", "client": self._client_facts(made[0])}
            elif elements:
                out[qual] = {"kind": "factory", "elements": elements}
            elif calls and calls[0] and calls[0].split(".", 1)[0] not in _NOT_PROJECT:
                out[qual] = {"kind": "factory", "calls": calls[0]}  # another module's factory
            # a dunder (``__getattr__(self, name)``) is never called with a literal name
            dunder = func.rpartition(".")[2].startswith("__")
            forwards = [] if dunder else self._forward_facts(func, methods="." in qual)
            if forwards and "." not in qual:
                out.setdefault(qual, {"kind": "forwarder"})["forwards"] = forwards
            elif forwards:  # Api.private_call: under the class, which is what importers name
                cls, _, meth = qual.partition(".")
                out.setdefault(cls, {"kind": "class"}).setdefault("method_forwards", {})[meth] = forwards
            cls, _, meth = qual.partition(".")
            if meth and not dunder and _fund_method_name(meth) and out.get(cls, {}).get("kind", "class") == "class":
                # a class defining a fund mover (``KucoinRest.withdraw`` posting the REST path
                # itself): an importer's ``api = KucoinRest(); api.withdraw()`` is judged here
                fund = out.setdefault(cls, {"kind": "class"}).setdefault("fund_methods", [])
                if meth not in fund:
                    fund.append(meth)
        for name in sorted(self.module_names):
            made = sorted((c for c in self.resolve_key(name) if c.origin is None and c.node is not None),
                          key=client_order)
            if made:
                out[name] = {"kind": "client", "client": self._client_facts(made[0])}
        for name, facts in self._config_facts().items():
            if name not in out or out[name].get("kind") == "factory" and "client" not in out[name]:
                out[name] = facts
        tls = self._tls_facts()
        if tls:
            out["@tls"] = tls
        for name in sorted(self.module_cred_urls):
            out.setdefault(name, {"kind": "cred_url", "what": self.cred_urls[name]})
        uses = self._tls_use_facts()
        if uses:
            out["@tls_uses"] = {"kind": "tls_uses", "uses": uses}
        ctor_calls = self._ctor_calls()
        if ctor_calls:
            out["@ctor_calls"] = {"kind": "ctor_calls", "calls": ctor_calls}
        return out

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
        if not out and key not in self.bindings:  # a client imported from another module
            c = self._linked_client(key, None)
            if c is not None:
                out.add(c)
        if not out and key == HUMMINGBOT_CONNECTORS and self.imports.imports_module("hummingbot"):
            out.add(self._hummingbot_connector())
        self._resolved[key] = out
        return out

    def _hummingbot_connector(self) -> Client:
        """The client a hummingbot strategy takes from ``self.connectors[name]``: an exchange
        connector (its credentials live in hummingbot's encrypted config, not in this code, so
        BOT4 has nothing to judge: no construction site)."""
        if self._connector is None:
            self._connector = Client(HUMMINGBOT, None, None, is_test=self.is_test)
        return self._connector

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
        if kind == "ext":
            c = self._linked_client(dotted(val.func), val)
            return {c} if c is not None else set()
        if kind == "elem" and depth < 4:
            return self._element_clients(val[0], val[1], depth + 1)
        return set()

    def _element_clients(self, src: tuple, index: int, depth: int) -> Set[Client]:
        """Clients at position ``index`` of what ``src`` (a call of this module's factory, or
        a tuple of sources) holds."""
        kind, val = src
        if kind == "tuple":
            part = val[index] if 0 <= index < len(val) else None
            return self._resolve_src(part, depth) if part is not None else set()
        out: Set[Client] = set()
        if kind == "call":
            for s in self.returns.get(val, ()):
                if s[0] == "tuple":
                    out |= self._element_clients(s, index, depth)
        elif kind == "ext":
            c = self._linked_client(dotted(val.func), val, index)
            if c is not None:
                out.add(c)
        return out

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
        self._tls_resolve()
        for what, target, value in self.url_settings:
            if not self.has_test_url(value):
                continue
            if what == "client":
                target.sandbox = True  # type: ignore[attr-defined]
            elif what == "dict":
                self.dict_sandbox.add(str(target))
            else:
                self.switches.append((str(target), None))
        for key in list(self.bindings):
            for c in self.resolve_key(key):
                c.keys.add(key)

    def has_test_url(self, value: Optional[cst.CSTNode]) -> bool:
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
                stack.append((node.value, depth))  # ex.urls["test"]["rest"]: one entry of the test URLs
            elif isinstance(node, cst.Call):
                is_test, copied = self._test_url_call(node)
                if is_test:
                    return True
                stack.append((copied, depth))
            elif isinstance(node, cst.Name) and depth < 3:
                stack.extend((v, depth + 1) for v in self.constants.get(node.value, ()))
        return False


    @staticmethod
    def _test_url_call(node: cst.Call) -> Tuple[bool, Optional[cst.CSTNode]]:
        """(is the test entry, what is copied) for a call handing over a client's URLs:
        ``ex.urls.get("test")`` is the test entry; ``dict(x)``, ``copy.deepcopy(x)`` and
        ``x.copy()`` are ``x``."""
        func = node.func
        name = dotted(func) or ""
        if isinstance(func, cst.Attribute) and func.attr.value == "get" and node.args \
                and (key_of(func.value) or "").endswith("urls"):
            return literal_str(node.args[0].value) in TEST_URL_KEYS, None
        if name in ("dict", "copy.copy", "copy.deepcopy", "deepcopy") and node.args:
            return False, node.args[0].value
        if isinstance(func, cst.Attribute) and func.attr.value == "copy" and not node.args:
            return False, func.value
        return False, None


def close(exports_by_module: Dict[str, dict]) -> Dict[str, dict]:
    """The link step's closure (``analysis.LINKERS["clients"]``): a factory that returns what
    another module's factory returns (``return exchanges.make(cfg)``) gets that factory's
    client facts, however many modules deep (fixed point, cycle-safe, at most 8 rounds)."""
    closed = {mod: {name: dict(facts) for name, facts in exp.items()} for mod, exp in exports_by_module.items()}

    split = getattr(exports_by_module, "split", None)  # the engine's suffix-aware module index

    def target(dotted_name: str, near: str) -> Optional[dict]:
        # near: the module the edge comes from (a script-style `import settings` is its own bot's)
        found = split(dotted_name, near) if callable(split) else None
        if found and found[0] in closed:
            return closed[found[0]].get(found[1])
        mod, _, name = dotted_name.rpartition(".")
        while mod:
            if mod in closed and name in closed[mod]:
                return closed[mod][name]
            mod, _, head = mod.rpartition(".")
            name = f"{head}.{name}"
        return None

    for _round in range(8):
        changed = False
        for module, exp in closed.items():
            for facts in exp.values():
                if facts.get("kind") == "factory" and "client" not in facts and facts.get("calls"):
                    other = target(str(facts["calls"]), module)
                    if other and isinstance(other.get("client"), dict):
                        facts["client"] = dict(other["client"])
                        changed = True
        if not changed:
            break
    # a factory whose chain ends in no client tells no module anything (``return Decimal(x)``,
    # ``return Style.from_dict(...)``): dropped, so it costs no re-lint (engine.link.plan
    # re-lints a file only for facts that are there)
    for exp in closed.values():
        for name in [n for n, f in exp.items()
                     if f.get("kind") == "factory" and "client" not in f and not f.get("elements")]:
            del exp[name]
    _gather_tls_uses(closed, split)
    _gather_ctor_args(closed, split)
    return closed


def _gather_ctor_args(closed: Dict[str, dict], split) -> None:
    """Each module's ``@ctor_calls`` (clients it hands to another module's names) becomes the
    defining module's ``@ctor_args``: {class -> {argument -> client}}, the first client
    (sorted by calling module) for each argument."""
    for module in sorted(closed):
        facts = closed[module].get("@ctor_calls")
        calls = facts.get("calls") if isinstance(facts, dict) else None
        if not isinstance(calls, dict) or not callable(split):
            continue
        for qualified, args in sorted(calls.items()):
            hit = split(str(qualified), module)
            if not hit or hit[0] == module or "." in hit[1] or not isinstance(args, dict):
                continue
            # the class's module may export nothing itself: the engine keeps any module of the run
            slot = closed.setdefault(hit[0], {}).setdefault("@ctor_args", {"kind": "ctor_args", "classes": {}})[
                "classes"]
            target = slot.setdefault(hit[1], {})
            for key, info in sorted(args.items()):
                if isinstance(info, dict):
                    target.setdefault(key, dict(info))


def _gather_tls_uses(closed: Dict[str, dict], split) -> None:
    """The reverse direction: each module's ``@tls_uses`` (other modules' objects it uses for
    exchange or credentialed calls) is handed to the module that turned TLS off on the object,
    as its ``@tls_used`` (that module wants it: ``ClientTracker.wants``), following factories
    that wrap another module's TLS-off factory (``tls_via``).  The most serious use of each
    name is kept (ties: the first path and line), so the result does not depend on order."""

    def tls_of(module: str) -> dict:
        facts = closed.get(module, {}).get("@tls")
        return facts if isinstance(facts, dict) else {}

    def locate(dotted_name: str, near: str) -> Optional[Tuple[str, str]]:
        found = split(dotted_name, near) if callable(split) else None
        if found:
            return found if found[0] in closed else None
        mod, _, name = dotted_name.rpartition(".")
        while mod:
            if mod in closed and (name in tls_of(mod).get("off", {}) or name in tls_of(mod).get("via", {})):
                return mod, name
            mod, _, head = mod.rpartition(".")
            name = f"{head}.{name}"
        return None

    for module in sorted(closed):
        facts = closed[module].get("@tls_uses")
        uses = facts.get("uses") if isinstance(facts, dict) else None
        if not isinstance(uses, dict):
            continue
        for qualified, use in sorted(uses.items()):
            if not isinstance(use, dict):
                continue
            hit, through = locate(str(qualified), module), ""
            for _hop in range(8):  # a factory of one module wrapping another module's context
                via = tls_of(hit[0]).get("via", {}).get(hit[1]) if hit else None
                if not via or hit is None:
                    break
                through = through or f"{hit[1]}()"
                hit = locate(str(via), hit[0])
            if not hit or hit[0] == module or hit[1] not in tls_of(hit[0]).get("off", {}):
                continue
            got = dict(use, **({"through": through} if through else {}))
            slot = closed[hit[0]].setdefault("@tls_used", {"kind": "tls_used", "uses": {}})["uses"]
            prev = slot.get(hit[1])
            rank = (-int(got.get("rank") or 0), str(got.get("path")), int(got.get("line") or 0))
            if prev is None or rank < (-int(prev.get("rank") or 0), str(prev.get("path")), int(prev.get("line") or 0)):
                slot[hit[1]] = got
