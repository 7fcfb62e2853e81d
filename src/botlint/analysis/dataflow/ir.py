"""The data-flow IR: sources, per-scope assignment events, classes, records and sink sites.

Nothing here evaluates anything: :mod:`.collect` fills these records during the walk and
:mod:`.resolve` reads them at the end of the module.  No record ever holds a secret value:
sources carry a label (a name or key, masked by :func:`safe_label`), an origin and a node.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Dict, FrozenSet, Iterable, List, Optional, Set, Tuple

import libcst as cst

from ..imports import dotted

# -- sink kinds: where data leaves the program (rules choose the kinds they judge) ----------
LOG = "log"  # logging / loguru / structlog calls and logger-like helpers
CONSOLE = "console"  # print, pprint, rich, sys.stdout, click.echo, warnings.warn, exit(...)
EXCEPTION = "exception"  # raise X(...) / an assert message
NOTIFY = "notify"  # chat and notification APIs (Telegram, Discord, Slack, Sentry, ...)
FILE = "file"  # files written in clear text
HTTP = "http"  # HTTP requests (the rule judges the host)
SOCKET = "socket"  # raw sockets / websockets with a known host
RESPONSE = "response"  # the body a web route (FastAPI, Flask, ...) returns to whoever calls it
METRICS = "metrics"  # metric label values and info (Prometheus): served on /metrics to every scraper
LOG_LEVEL = "log_level"  # logging configured (basicConfig, setLevel, dictConfig): not a sink
SINK_KINDS = (LOG, CONSOLE, EXCEPTION, NOTIFY, FILE, HTTP, SOCKET, RESPONSE, METRICS)


@dataclass(frozen=True)
class SinkSpec:
    """One line of sink vocabulary: which calls are a sink of ``kind`` and which of their
    arguments carry content.  Specs are tried in registration order; the first that matches a
    call decides it (a call is one sink at most).

    A call matches when its callee matches (``callees``: resolved dotted names; ``suffixes``:
    endings of the resolved name; ``methods``: the attribute name, for ``recv.method(...)``),
    its receiver passes ``receiver`` (a test the collector knows: ``logger``, ``file``,
    ``console``, ``socket``, ``http``, ``metric``, ``name`` (a bare-name call),
    ``self``, or an exact dotted receiver after ``=``), the module imports one of ``imports``
    (when given), and the receiver's last name does not match ``not_receiver``.
    """

    kind: str
    callees: Tuple[str, ...] = ()
    suffixes: Tuple[str, ...] = ()
    methods: Tuple[str, ...] = ()
    receiver: str = ""
    imports: Tuple[str, ...] = ()
    not_receiver: Optional["re.Pattern[str]"] = None  # on the receiver's last name (``ws.send_message``)
    unless_receiver: str = ""  # substring that lifts ``not_receiver`` (a "webhook" socket name)
    need_receiver: str = ""  # substring the receiver text must contain (``hook`` for ``.post``)
    skip: Tuple[str, ...] = ()  # keyword arguments that are options, not content
    start: int = 0  # first positional argument that is content
    only: int = -1  # >= 0: only this positional argument is content
    only_kw: str = ""  # ... or this keyword argument
    first_only: bool = False  # only the first content argument
    whole_objects: bool = False  # dumps that show an object's attributes (vars, pickle, inspect)
    needs_stream: bool = False  # json.dump(x, f): a sink only with a stream argument
    redirect_kw: str = ""  # print(..., file=f): a file sink unless it is sys.stdout / stderr
    notify_kw: str = ""  # self.log(..., send_notification=True): a NOTIFY sink
    label: str = ""  # display prefix for the site (``raise``)


LABEL_OK = re.compile(r"^[A-Za-z_][\w.\-]{0,63}$")


def safe_label(text: str, fallback: str = "a credential key") -> str:
    """A name for a message: a plain identifier-like label, with any secret-looking part
    masked (a dict can be keyed by an API key), else the fallback."""
    from ...secrets.masking import mask_name

    return mask_name(text) if LABEL_OK.match(text or "") else fallback


@dataclass(frozen=True, eq=False)
class Source:
    """Where a credential comes from.  Never holds a value."""

    label: str
    origin: str
    node: Optional[cst.CSTNode]
    kind: str
    strong: bool
    obj: bool = False  # an object holding credentials: leaks only through whole-object dumps
    container: bool = False  # a dict/config holding credentials (iterating it yields keys)
    env: bool = False  # the whole process environment
    param: int = -1  # >= 0: symbolic marker for a parameter (function summaries only)
    owner: Optional["Scope"] = None
    # a marker for an attribute path of the parameter (``acct.key`` -> ("key",); a whole-object
    # dump ``vars(ex)`` -> ("__dict__",)): the call site judges that attribute of its argument
    path: Tuple[str, ...] = ()
    # passed by another module's call (the reverse link, reverse.py): a source of the parameter
    # whatever its name, as the call site would have reported it
    passed: bool = False
    # ... and put into a text at that call (``notify(f"key={key}")``): reported at the call
    handed: bool = False


Taint = FrozenSet[Source]
EMPTY: Taint = frozenset()
_MAX_SOURCES = 12


def union(parts: Iterable[Taint]) -> Taint:
    out: Set[Source] = set()
    for p in parts:
        if p:
            out |= p
            if len(out) > _MAX_SOURCES:
                break
    return frozenset(out)


# -- IR ------------------------------------------------------------------------------------

@dataclass
class Event:
    seq: int
    value: Optional[cst.CSTNode]
    mode: str = "value"  # value | index | iter | augment | param | url_error (an exception of a request)
    index: int = 0
    unpacked: bool = False  # iter: position ``index`` of each item (``for venue, key in accounts``)


@dataclass
class SinkSite:
    """A place where data leaves the program: ``kind`` (LOG, HTTP, ...), the reported node,
    its display, the expressions whose content goes out, and where in the flow it sits."""

    kind: str
    node: cst.CSTNode  # reported node
    what: str  # display of the sink
    exprs: List[cst.CSTNode]
    scope: "Scope"
    seq: int
    whole_objects: bool = False  # whole-object dumps leak objects (vars(), inspect(), pickle)
    host: Optional[str] = None  # HTTP / socket sinks: host of the URL when known
    url: Optional[cst.CSTNode] = None
    call: Optional[cst.Call] = None  # the call (LOG_LEVEL sites are judged from it)
    # content the call carries from elsewhere, evaluated where it was written: the headers,
    # auth and params a session was created or updated with (``aiohttp.ClientSession(headers=
    # {"X-MBX-APIKEY": key})``: every request on it sends them)
    carried: List[Tuple[cst.CSTNode, "Scope", int]] = field(default_factory=list)


@dataclass
class ClientRec:
    target: str
    ctor: cst.Call
    config: Optional[cst.CSTNode]
    scope: "Scope"
    seq: int
    verbose: List[cst.CSTNode] = field(default_factory=list)
    creds: List[Tuple[cst.CSTNode, "Scope", int]] = field(default_factory=list)


class ClassInfo:
    def __init__(self, name: str, node: cst.ClassDef) -> None:
        self.name = name
        self.node = node
        self.methods: Dict[str, "Scope"] = {}
        self.stores: Dict[str, List[Tuple["Scope", Event]]] = {}
        self.containers: Dict[str, Tuple[str, cst.CSTNode]] = {}
        # ``self.cfg: Settings = cfg`` / a class-level ``cfg: Settings``: the declared type
        self.attr_types: Dict[str, cst.CSTNode] = {}
        decos = {
            (dotted(d.decorator.func if isinstance(d.decorator, cst.Call) else d.decorator) or "").rsplit(".", 1)[-1]
            for d in node.decorators
        }
        bases = {(dotted(b.value) or "").rsplit(".", 1)[-1] for b in node.bases}
        self.bases = bases
        # classes whose repr shows their fields: dataclasses, attrs, NamedTuple, pydantic models
        self.is_record = bool(
            decos & {"dataclass", "s", "attrs", "define", "frozen"}
            or bases & {"NamedTuple", "BaseModel", "BaseSettings"}
        )
        # pydantic-settings: credential fields are filled from the environment / .env
        self.is_settings = "BaseSettings" in bases
        self.fields: List[RecordField] = []
        self.field_map: Dict[str, RecordField] = {}
        self.cpaths: Dict[str, Set[Tuple[str, ...]]] = {}
        if bases & {"IStrategy"}:
            # freqtrade strategies get the bot's whole configuration as self.config (domain.md §5)
            self.containers["self.config"] = ("self.config['exchange']['secret'] (a freqtrade config)", node)
            self.cpaths["self.config"] = set(_FREQTRADE_CRED_PATHS)


@dataclass
class RecordField:
    name: str
    node: cst.CSTNode
    kind: Optional[str]  # credential kind of the field name
    shown: bool  # appears in repr (not field(repr=False) / Field(repr=False))
    secret_typed: bool  # pydantic SecretStr / SecretBytes: repr and str are masked
    annotation: Optional[cst.CSTNode] = None  # a field typed with another record shows its repr
    # the default value (``= os.getenv("X", "")``, ``field(default=...)``, a default_factory's
    # lambda body): an instance built without this field holds what the default reads
    default: Optional[cst.CSTNode] = None


_FREQTRADE_CRED_PATHS = (
    ("exchange", "key"),
    ("exchange", "secret"),
    ("exchange", "password"),
    ("exchange", "uid"),
    ("exchange", "private_key"),
    ("telegram", "token"),
    ("api_server", "password"),
    ("api_server", "jwt_secret_key"),
    ("api_server", "ws_token"),
    ("webhook", "url"),
    ("discord", "webhook_url"),
)


class Scope:
    def __init__(
        self,
        kind: str,
        name: str,
        node: Optional[cst.CSTNode],
        parent: Optional["Scope"],
        cls: Optional[ClassInfo] = None,
    ) -> None:
        self.kind = kind  # module | class | function
        self.name = name
        self.node = node
        self.parent = parent
        self.cls = cls  # for methods: their class; for class scopes: the class itself
        self.params: List[str] = []
        self.param_nodes: List[cst.CSTNode] = []
        self.assigns: Dict[str, List[Event]] = {}
        self.returns: List[Event] = []
        self.containers: Dict[str, Tuple[str, cst.CSTNode]] = {}
        self.cpaths: Dict[str, Set[Tuple[str, ...]]] = {}  # container -> key paths to its credentials
        self.markers: List[Source] = []
        self.inner: Dict[str, "Scope"] = {}  # functions defined in this function, by name
        self.decorators: List[cst.BaseExpression] = []  # of this function, outermost first
        self.is_method = False
        self.is_static = False

    def display(self) -> str:
        if self.cls is not None and self.kind == "function":
            return f"{self.cls.name}.{self.name}()"
        return f"{self.name}()"
