"""Credential data flow inside one module, for the BOT2xx leak rules.

Design (one walk, then a demand-driven resolution at ``leave_Module``):

* While the engine's batched walk runs, :class:`Collector` records a small IR per scope
  (module, class body, function): assignments by target name (with a sequence number that gives
  source order), ``self.x`` stores per class, returns, calls that may reach functions of the
  same module, names used as whole credential containers (``config`` in
  ``config["exchange"]["secret"]``), ccxt client constructions, and the sink calls.  Nothing
  is evaluated during the walk.
* At the end, :class:`Resolver` evaluates only what the sinks need: the taint of each sink
  argument, recursively through the assignments that precede it (flow-sensitive in source
  order, branches merged by "last assignment wins"), through ``self`` attributes stored in any
  method of the class, through parameters (union over the module's call sites: the parameter
  becomes a source) and through return values (per-function summaries in which parameters are
  symbolic markers, substituted at each call site).  Everything is memoised; recursion is cut
  by an in-progress set.
* A taint is a frozenset of :class:`Source`.  Strong sources are lookups whose *key* names a
  credential (``os.environ["BINANCE_API_SECRET"]``, ``config["exchange"]["key"]``,
  ``SecretStr.get_secret_value()``, ``keyring.get_password``, ccxt client credential
  attributes); weak sources are identifiers that only *name* a credential (``api_key``).
  Object sources (a credentialed ccxt client) leak only through whole-object dumps
  (``vars(ex)``, ``ex.__dict__``, ``rich.inspect(ex)``, ``pickle.dump(ex, f)``).
* Sanitisers end a flow: ``len``/``bool``/comparisons/``is None``, hashes and HMACs (any call
  not known to propagate is a sanitiser: the default is *no* flow), functions named
  mask/redact/obfuscate, and slices of at most 4 characters.

No libcst metadata provider is used during the walk.  Positions (for the "(line N)" of the
origin) are resolved once, only for a file that has a finding to report.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Dict, FrozenSet, Iterable, List, Optional, Sequence, Set, Tuple

import libcst as cst

from . import names as N
from .imports import dotted
from .literals import literal_str

STRONG_KINDS = frozenset(
    {N.EXCHANGE, N.PRIVATE_KEY, N.MNEMONIC, N.BOT_TOKEN, N.WEBHOOK, N.PASSWORD, N.TOKEN, N.SECRET}
)
# ccxt `requiredCredentials` attributes (domain.md §1.5) -> kind
CCXT_CRED_ATTRS = {
    "apiKey": N.EXCHANGE, "secret": N.EXCHANGE, "password": N.EXCHANGE, "privateKey": N.PRIVATE_KEY,
    "uid": N.EXCHANGE, "twofa": N.PASSWORD, "token": N.TOKEN, "login": N.EXCHANGE,
}
CCXT_CONFIG_CRED_KEYS = frozenset({"apiKey", "secret", "password", "privateKey", "uid", "twofa",
                                   "token", "api_key", "api_secret", "secretKey", "secret_key"})
_CCXT_CTOR = re.compile(r"^ccxt(?:\.async_support|\.pro)?\.([a-z][a-z0-9_]*)$")
_CCXT_NOT_IDS = frozenset({"base", "errors", "async_support", "pro", "static_dependencies", "exchanges"})

_LABEL_OK = re.compile(r"^[A-Za-z_][\w.\-]{0,63}$")
_SANITIZER_NAME = re.compile(r"(?i)mask|redact|obfuscat|censor|anonymi[sz]|scrub|sanitiz|hide_|_hide|hidden|truncate_secret")
_SANITIZER_CALLS = frozenset(
    """len bool hash id type isinstance issubclass callable hasattr int float all any
    sha1 sha224 sha256 sha384 sha512 md5 blake2b blake2s sha3_256 sha3_512 new hexdigest digest
    compare_digest checkpw hashpw encrypt sign""".split()
)
_SANITIZER_MODULES = ("hashlib.", "hmac.", "bcrypt.", "secrets.compare_digest", "nacl.", "cryptography.")
# methods that return a predicate or a count of their receiver
_PREDICATE_METHODS = frozenset(
    """startswith endswith isalnum isalpha isdigit isnumeric isdecimal isascii islower isupper
    isspace istitle isidentifier count find rfind index rindex __len__ __bool__ __contains__
    __eq__ keys hexdigest digest""".split()
)
# methods whose result carries the receiver's (and the arguments') content
_PROPAGATE_METHODS = frozenset(
    """strip lstrip rstrip lower upper title capitalize casefold swapcase replace split rsplit
    splitlines partition rpartition encode decode format format_map join ljust rjust center zfill
    expandtabs removeprefix removesuffix translate copy items values as_string as_bytes
    get_payload to_dict dict model_dump json model_dump_json __str__ __repr__ substitute
    safe_substitute render hex tobytes""".split()
)
# of those, the ones whose arguments flow too (the others take options, not content)
_PROPAGATE_ARGS = frozenset({"format", "format_map", "join", "replace", "substitute", "safe_substitute", "render"})
# names of values that come back from an API rather than from configuration
_RESPONSE_ROOTS = frozenset(
    """response resp res result results r reply answer ret out output msg message event evt
    update order orders rsp ack status""".split()
)
# functions whose result carries their arguments' content
_PROPAGATE_FUNCS = frozenset(
    """str repr ascii format dict list tuple set frozenset sorted reversed bytes bytearray dumps
    pformat deepcopy copy b64encode urlsafe_b64encode b32encode b16encode standard_b64encode
    encodebytes hexlify urlencode quote quote_plus urlunparse urlunsplit escape escape_markdown
    html_escape indent dedent fill wrap shorten MIMEText MIMEMultipart EmailMessage Embed
    DiscordEmbed Text Markdown Panel Pretty Syntax JSON Template SimpleNamespace OrderedDict
    defaultdict ChainMap Request namedtuple asdict model_dump tabulate""".split()
)
# container mutations: the receiver absorbs the argument
_ABSORB_METHODS = frozenset(
    """append extend insert add update setdefault appendleft extendleft set_content attach
    add_field add_embed add_header set_payload put put_nowait __setitem__ add_row""".split()
)
_GETTER_CALLS = re.compile(
    r"^(?:getenv|get|env|config|str|get_secret|get_password|get_credential|getattr|pop|"
    r"get_value|get_key|read_secret|fetch_secret|secret|require|required|get_env|getenv_or_fail|"
    r"get_setting|get_config|param|get_param|get_str|get_string|environ_get|_env|_get_env|"
    r"get_env_var|getenv_str|read_env|value)$"
)
_MNEMONIC_MAKERS = frozenset({"generate", "to_mnemonic", "FromWordsNumber", "FromEntropy", "generate_mnemonic"})
_WALLET_MAKERS = ("Account.create", "Account.from_key", "Account.from_mnemonic", "privateKeyToAccount",
                  "Keypair", "Keypair.from_seed", "Keypair.from_base58_string", "Keypair.from_bytes",
                  "create_with_mnemonic", "Wallet", "Wallet.create")
_FUNC_PREFIXES = frozenset({"get", "fetch", "load", "read", "retrieve", "obtain", "decrypt", "getpass"})


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


Taint = FrozenSet[Source]
EMPTY: Taint = frozenset()
_MAX_SOURCES = 12


def _union(parts: Iterable[Taint]) -> Taint:
    out: Set[Source] = set()
    for p in parts:
        if p:
            out |= p
            if len(out) > _MAX_SOURCES:
                break
    return frozenset(out)


def safe_label(text: str, fallback: str = "a credential key") -> str:
    """A name for a message: a plain identifier-like label, with any secret-looking part
    masked (a dict can be keyed by an API key), else the fallback."""
    from .values import mask_name

    return mask_name(text) if _LABEL_OK.match(text or "") else fallback


_MAX_STATIC = 2048


def static_str(node: Optional[cst.CSTNode], consts: Dict[str, str], lists: Optional[Dict[str, List[str]]] = None,
               depth: int = 0) -> Optional[str]:
    """The value of a string expression built only from literals, the way droppers hide a URL:
    ``"".join(["ht", "tps://", ...])``, ``"a" + "b"``, ``s[::-1]``, ``base64.b64decode("...")``,
    ``bytes.fromhex("...")``, ``codecs.decode("...", "rot13")``, module constants.  Else None."""
    if node is None or depth > 8:
        return None
    s = literal_str(node)
    if s is not None:
        return s
    rec = lambda n: static_str(n, consts, lists, depth + 1)  # noqa: E731
    if isinstance(node, cst.Name):
        return consts.get(node.value)
    if isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.Add):
        a = rec(node.left)
        b = rec(node.right) if a is not None else None
        return a + b if a is not None and b is not None and len(a) + len(b) <= _MAX_STATIC else None
    if isinstance(node, cst.FormattedString):
        out = ""
        for p in node.parts:
            if isinstance(p, cst.FormattedStringText):
                out += p.value
            elif isinstance(p, cst.FormattedStringExpression) and p.format_spec is None and p.conversion is None:
                v = rec(p.expression)
                if v is None:
                    return None
                out += v
            else:
                return None
        return out
    if isinstance(node, cst.Subscript) and len(node.slice) == 1 and isinstance(node.slice[0].slice, cst.Slice):
        sl = node.slice[0].slice
        if sl.lower is None and sl.upper is None and isinstance(sl.step, cst.UnaryOperation) \
                and isinstance(sl.step.operator, cst.Minus) and isinstance(sl.step.expression, cst.Integer) \
                and sl.step.expression.value == "1":
            v = rec(node.value)
            return v[::-1] if v is not None else None
        return None
    if not isinstance(node, cst.Call):
        return None
    func = node.func
    pos = [a.value for a in node.args if a.keyword is None and not a.star]
    if isinstance(func, cst.Attribute):
        attr = func.attr.value
        if attr == "join" and len(pos) == 1:
            sep = rec(func.value)
            items: Optional[List[str]] = None
            arg = pos[0]
            if isinstance(arg, (cst.List, cst.Tuple)):
                items = []
                for el in arg.elements:
                    v = rec(el.value) if not isinstance(el, cst.StarredElement) else None
                    if v is None:
                        return None
                    items.append(v)
            elif isinstance(arg, cst.Name) and lists is not None:
                items = lists.get(arg.value)
            if sep is None or items is None:
                return None
            out = sep.join(items)
            return out if len(out) <= _MAX_STATIC else None
        if attr == "decode" and len(pos) <= 1:
            inner = func.value
            if isinstance(inner, cst.Call):
                name = dotted(inner.func) or ""
                ipos = [a.value for a in inner.args if a.keyword is None]
                if name.endswith(("b64decode", "urlsafe_b64decode", "standard_b64decode", "decodebytes")) and ipos:
                    raw = rec(ipos[0])
                    if raw is None:
                        return None
                    import base64 as _b64
                    try:
                        if "urlsafe" in name:
                            return _b64.urlsafe_b64decode(raw + "=" * (-len(raw) % 4)).decode("utf-8")
                        return _b64.b64decode(raw + "=" * (-len(raw) % 4)).decode("utf-8")
                    except Exception:
                        return None
                if name.endswith(("bytes.fromhex", "unhexlify")) and ipos:
                    raw = rec(ipos[0])
                    try:
                        return bytes.fromhex(raw).decode("utf-8") if raw is not None else None
                    except Exception:
                        return None
            return None
        d = dotted(func) or ""
        if d in ("codecs.decode", "codecs.encode") and len(pos) == 2 and (literal_str(pos[1]) or "").replace("_", "") == "rot13":
            v = rec(pos[0])
            if v is None:
                return None
            import codecs as _codecs
            return _codecs.decode(v, "rot13")
    return None


def key_text(node: Optional[cst.CSTNode]) -> Optional[str]:
    """The shape of a look-up key: a literal, or an f-string / concatenation whose computed
    parts are replaced by ``x`` (``f"{ex}_API_SECRET"`` -> ``"x_API_SECRET"``)."""
    s = literal_str(node)
    if s is not None:
        return s
    if isinstance(node, cst.FormattedString):
        out = ""
        for p in node.parts:
            out += p.value if isinstance(p, cst.FormattedStringText) else "x"
        return out if any(isinstance(p, cst.FormattedStringText) for p in node.parts) else None
    if isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.Add):
        a, b = key_text(node.left), key_text(node.right)
        if a is None and b is None:
            return None
        return (a if a is not None else "x") + "_" + (b if b is not None else "x")
    return None


def leading_text(node: Optional[cst.CSTNode], consts: Dict[str, str],
                 lists: Optional[Dict[str, List[str]]] = None) -> Optional[str]:
    """The literal beginning of a string expression (URL host detection), else None."""
    if node is None:
        return None
    s = static_str(node, consts, lists)
    if s is not None:
        return s
    if isinstance(node, cst.FormattedString):
        out = ""
        for p in node.parts:
            if isinstance(p, cst.FormattedStringText):
                out += p.value
            elif isinstance(p, cst.FormattedStringExpression):
                sub = leading_text(p.expression, consts)
                if sub is None:
                    return out or None
                out += sub
            if "/" in out.split("://", 1)[-1]:
                break
        return out or None
    if isinstance(node, cst.BinaryOperation) and isinstance(node.operator, (cst.Add, cst.Modulo)):
        return leading_text(node.left, consts)
    if isinstance(node, cst.Name):
        return consts.get(node.value)
    if isinstance(node, cst.Attribute):
        d = dotted(node)
        return consts.get(d) if d else None
    if isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute) and node.func.attr.value in ("format", "replace", "strip", "rstrip"):
        return leading_text(node.func.value, consts)
    return None


def describe(node: Optional[cst.CSTNode], depth: int = 0) -> str:
    """A short display name for a callee (``self.logger().info``), never a literal value."""
    if depth > 6 or node is None:
        return "..."
    if isinstance(node, cst.Name):
        return node.value
    if isinstance(node, cst.Attribute):
        return f"{describe(node.value, depth + 1)}.{node.attr.value}"
    if isinstance(node, cst.Call):
        return f"{describe(node.func, depth + 1)}()"
    if isinstance(node, cst.Subscript):
        return f"{describe(node.value, depth + 1)}[...]"
    if isinstance(node, cst.Await):
        return describe(node.expression, depth + 1)
    return "..."


def subscript_key(node: cst.Subscript) -> Optional[str]:
    if len(node.slice) == 1 and isinstance(node.slice[0].slice, cst.Index):
        return literal_str(node.slice[0].slice.value)
    return None


def key_chain(node: cst.CSTNode) -> Tuple[Optional[cst.CSTNode], Tuple[str, ...]]:
    """(root expression, (key, key, ...)) for ``a["x"]["y"]`` / ``a.get("x", {}).get("y")``."""
    keys: List[str] = []
    cur = node
    while True:
        if isinstance(cur, cst.Subscript):
            k = subscript_key(cur)
            if k is not None:
                keys.append(k)
            cur = cur.value
        elif (isinstance(cur, cst.Call) and isinstance(cur.func, cst.Attribute)
              and cur.func.attr.value == "get" and cur.args and cur.args[0].keyword is None):
            k = literal_str(cur.args[0].value)
            if k is not None:
                keys.append(k)
            cur = cur.func.value
        else:
            break
    return cur, tuple(reversed(keys))


# a first word that makes the name a flag or an action about a credential, not the credential
_FLAG_PREFIXES = frozenset(
    """always never require requires required need needs use uses using enable enabled disable
    disabled has have had is are was allow allows check validate verify show hide skip with without
    no not missing invalid num number max min supports support supported can should must set get
    update create delete remove reset rotate generate do did will include includes exclude
    ignore requested request send sent store stored save saved ask prompt print log""".split()
)


_NOT_CLEAR_WORDS = frozenset(
    """crypted encrypted encrypt cipher ciphered ciphertext enc hashed hash masked mask redacted
    obfuscated sig signature signed digest len length exception exc error errors warning""".split()
)


def credential_kind(name: str, parents: Tuple[str, ...] = ()) -> Optional[str]:
    if not name or len(name) > 80:
        return None
    kind = N.classify(name, parents)
    ws = N.words(name)
    if kind is None and ws in (("url",), ("uri",)) and parents and "webhook" in N.words(parents[-1]):
        return N.WEBHOOK  # freqtrade's webhook.url
    if kind not in STRONG_KINDS:
        return None
    if ws and ws[0] in _FLAG_PREFIXES:
        return None
    if _NOT_CLEAR_WORDS & set(ws):
        return None
    if kind == N.MNEMONIC and not ({"mnemonic", "phrase", "words"} & set(ws)):
        return None  # a bare "seed" is a random seed as often as a wallet seed
    return kind


def func_name_kind(name: str) -> Optional[str]:
    """``get_password`` / ``load_api_secret`` / ``getpass`` -> the kind they return."""
    ws = N.words(name)
    if not ws:
        return None
    if name in ("getpass",):
        return N.PASSWORD
    if ws[0] in _FUNC_PREFIXES and len(ws) > 1:
        rest = "_".join(ws[1:])
        return credential_kind(rest)
    return None


# -- IR ------------------------------------------------------------------------------------

@dataclass
class Event:
    seq: int
    value: Optional[cst.CSTNode]
    mode: str = "value"  # value | index | iter | augment | param
    index: int = 0


@dataclass
class Sink:
    code: str
    node: cst.CSTNode  # reported node
    what: str  # display of the sink
    exprs: List[cst.CSTNode]
    scope: "Scope"
    seq: int
    obj_ok: bool = False  # whole-object dumps leak objects (vars(), inspect(), pickle)
    host: Optional[str] = None  # HTTP sinks: host of the URL when known
    url: Optional[cst.CSTNode] = None
    notify_only: bool = False  # HTTP sink whose host is unknown: report only if URL is a webhook
    raw: bool = False  # a raw TCP socket to a computed host: judged as a third party


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
        decos = {(dotted(d.decorator.func if isinstance(d.decorator, cst.Call) else d.decorator) or "").rsplit(".", 1)[-1]
                 for d in node.decorators}
        bases = {(dotted(b.value) or "").rsplit(".", 1)[-1] for b in node.bases}
        self.bases = bases
        # classes whose repr shows their fields: dataclasses, attrs, NamedTuple, pydantic models
        self.is_record = bool(decos & {"dataclass", "s", "attrs", "define", "frozen"}
                              or bases & {"NamedTuple", "BaseModel", "BaseSettings"})
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


_FREQTRADE_CRED_PATHS = (
    ("exchange", "key"), ("exchange", "secret"), ("exchange", "password"), ("exchange", "uid"),
    ("exchange", "private_key"), ("telegram", "token"), ("api_server", "password"),
    ("api_server", "jwt_secret_key"), ("api_server", "ws_token"), ("webhook", "url"),
    ("discord", "webhook_url"),
)


class Scope:
    def __init__(self, kind: str, name: str, node: Optional[cst.CSTNode], parent: Optional["Scope"],
                 cls: Optional[ClassInfo] = None) -> None:
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
        self.is_method = False
        self.is_static = False

    def display(self) -> str:
        if self.cls is not None and self.kind == "function":
            return f"{self.cls.name}.{self.name}()"
        return f"{self.name}()"


# -- collection (during the walk) ----------------------------------------------------------

_LOG_METHODS = frozenset(
    """debug info warning warn error exception critical fatal log trace success msg network
    adebug ainfo awarning aerror aexception acritical afatal alog amsg""".split()
)
_LOG_KW_SKIP = frozenset({"exc_info", "stack_info", "stacklevel", "level", "send_notification", "log_type"})
_LOGGER_FACTORY = re.compile(r"(?i)(?:^|\.)(?:getlogger|get_logger|logger|getchild|get_child|bind|opt|new|patch|with_fields)$")
_NOTIFY_ALWAYS = frozenset(
    """send_message sendMessage send_msg notify_hb_app notify_hb_app_with_timestamp reply_text
    reply_html reply_markdown reply_markdown_v2 edit_message_text editMessageText reply_to
    send_document send_photo sendDocument sendPhoto chat_postMessage chat_postEphemeral
    chat_update files_upload files_upload_v2 capture_message sendmail send_notification
    edit_text answer_callback_query""".split()
)
_NOTIFY_WITH_IMPORT = {
    "answer": ("aiogram", "telegram", "pyrogram", "telebot"),
    "reply": ("aiogram", "telegram", "pyrogram", "telebot", "discord", "nextcord", "disnake"),
    "send": ("discord", "discord_webhook", "nextcord", "disnake", "slack_sdk", "dhooks", "apprise",
             "pushover", "notifiers", "interactions"),
    "notify": ("apprise", "notifiers", "plyer", "jesse", "desktop_notifier", "pushover"),
    "execute": ("discord_webhook",),
    "post": ("dhooks", "discord_webhook"),
}
_SOCKETY = re.compile(r"(?i)ws|socket|sock$|conn|transport|queue|stream|writer|pipe|zmq|redis|pub|producer|wss")
_HTTP_METHODS = frozenset({"get", "post", "put", "patch", "delete", "head", "options", "request", "urlopen", "Request", "stream"})
_HTTP_MODULES = ("requests", "httpx", "urllib.request", "urllib3", "aiohttp", "treq", "grequests", "pycurl")
_HTTP_PAYLOAD_KW = frozenset({"params", "data", "json", "headers", "auth", "cookies", "files", "content", "body", "fields"})
_OPENERS = re.compile(r"(?:^|\.)(?:open|NamedTemporaryFile|TemporaryFile|SpooledTemporaryFile)$")
_CONNECTION_CTORS = re.compile(r"^http\.client\.HTTPS?Connection$")
_SOCKET_SENDS = frozenset({"send", "sendall", "sendto", "send_str", "send_json", "send_bytes", "write"})
_SENTRY_CONTEXT = frozenset({"set_context", "set_extra", "set_tag", "set_tags", "set_user", "add_breadcrumb",
                             "capture_message"})
_CLI_CRED_HELP = re.compile(r"(?i)api[ _-]?key|secret|passphrase|password|private[ _-]?key|mnemonic|seed phrase|"
                            r"(?:bot|auth|access|api)[ _-]?token")
_SESSION_CTORS = re.compile(r"^(?:requests\.Session|requests\.session|httpx\.Client|httpx\.AsyncClient|aiohttp\.ClientSession|urllib3\.PoolManager|requests\.sessions\.Session)$")
_FILEISH = re.compile(r"(?i)^(?:f|fh|fp|fd|fo|fw|wf|out|outf|fout|outfile|file|handle|_?\w*_file|\w*_fh|\w*file)$")
_PRINTS = {
    "print": "BOT201", "pprint.pprint": "BOT201", "pprint.pp": "BOT201", "rich.print": "BOT201",
    "rich.print_json": "BOT201", "rich.pretty.pprint": "BOT201", "sys.stdout.write": "BOT201",
    "sys.stderr.write": "BOT201", "sys.stdout.writelines": "BOT201", "sys.stderr.writelines": "BOT201",
    "warnings.warn": "BOT201", "click.echo": "BOT201", "click.secho": "BOT201", "typer.echo": "BOT201",
    "typer.secho": "BOT201", "tqdm.tqdm.write": "BOT201", "tqdm.write": "BOT201", "sys.exit": "BOT201",
    "exit": "BOT201", "quit": "BOT201", "streamlit.write": "BOT201", "streamlit.text": "BOT201",
    "streamlit.json": "BOT201", "streamlit.code": "BOT201", "streamlit.markdown": "BOT201",
    "st.write": "BOT201", "st.text": "BOT201", "st.json": "BOT201", "st.code": "BOT201",
    "jesse.helpers.debug": "BOT201", "jh.debug": "BOT201", "icecream.ic": "BOT201", "ic": "BOT201",
    "sentry_sdk.capture_message": "BOT203", "sentry_sdk.set_context": "BOT203", "sentry_sdk.set_extra": "BOT203",
    "sentry_sdk.set_tag": "BOT203", "sentry_sdk.set_tags": "BOT203", "sentry_sdk.set_user": "BOT203",
    "sentry_sdk.add_breadcrumb": "BOT203", "jesse.services.notifier.notify": "BOT203",
    "jesse.services.notifier.notify_urgently": "BOT203",
}
_DUMPS = {"rich.inspect": 0, "pprint.pprint": -1}
_FILE_DUMPS = frozenset({"json.dump", "yaml.dump", "yaml.safe_dump", "yaml.dump_all", "pickle.dump",
                         "toml.dump", "tomli_w.dump", "tomlkit.dump", "dill.dump", "cloudpickle.dump",
                         "ruamel.yaml.dump", "marshal.dump", "joblib.dump"})
# keyword arguments that say where a message goes, not what it says
_DESTINATION_KW = frozenset({"webhook", "webhook_url", "url", "hook", "chat_id", "channel", "channel_id",
                             "bot_token", "to", "recipient", "recipients"})
_DEBUG_LEVELS = frozenset({"DEBUG", "NOTSET", "10", "0"})


class Collector:
    """Builds the IR.  Called by the rule's visit_/leave_ methods, in source order."""

    def __init__(self, imports) -> None:
        self.imports = imports
        self.module = Scope("module", "<module>", None, None)
        self.stack: List[Scope] = [self.module]
        self.classes: List[ClassInfo] = []
        self.class_by_name: Dict[str, ClassInfo] = {}
        self.functions: Dict[str, Scope] = {}  # module-level functions
        self.seq = 0
        self.sinks: List[Sink] = []
        self.calls: List[Tuple[Scope, int, cst.Call]] = []
        self.logger_vars: Set[str] = set()
        self.file_vars: Set[str] = set()
        self.session_vars: Set[str] = set()
        self.consts: Dict[str, str] = {}
        self.clients: Dict[str, ClientRec] = {}
        self.client_funcs: Dict[str, ClientRec] = {}
        self.client_by_call: Dict[int, ClientRec] = {}
        self.cli_creds: List[Tuple[str, cst.CSTNode]] = []
        self.client_list: List[ClientRec] = []
        self.debug_configs: List[Tuple[cst.CSTNode, str]] = []
        self.lambda_depth = 0
        self.lists: Dict[str, List[str]] = {}  # names bound to a list of string literals
        self.levels: Dict[str, str] = {}  # names bound to a log-level string ("DEBUG")
        self.cli_dests: Dict[str, str] = {}  # argparse dest -> option, for credential options
        self.sockets: Dict[str, Tuple[str, Optional[str]]] = {}  # name -> ("tcp" | "ws", host)
        self.session_hosts: Dict[str, str] = {}  # session / connection name -> its base host
        self.root_loggers: Dict[str, str] = {}  # names bound to the root or the ccxt logger

    # -- scopes ------------------------------------------------------------------------
    @property
    def scope(self) -> Scope:
        return self.stack[-1]

    def next_seq(self) -> int:
        self.seq += 1
        return self.seq

    def enter_class(self, node: cst.ClassDef) -> None:
        info = ClassInfo(node.name.value, node)
        self.classes.append(info)
        if self.scope.kind == "module":
            self.class_by_name[info.name] = info
        self.stack.append(Scope("class", info.name, node, self.scope, cls=info))

    def leave_class(self) -> None:
        self.stack.pop()

    def enter_function(self, node: cst.FunctionDef) -> None:
        parent = self.scope
        cls = parent.cls if parent.kind == "class" else None
        sc = Scope("function", node.name.value, node, parent, cls=cls)
        decos = {dotted(d.decorator) or "" for d in node.decorators}
        if cls is not None:
            sc.is_method = True
            sc.is_static = "staticmethod" in decos
            cls.methods.setdefault(sc.name, sc)
        elif parent.kind == "module":
            self.functions.setdefault(sc.name, sc)
        p = node.params
        for param in list(p.posonly_params) + list(p.params):
            sc.params.append(param.name.value)
            sc.param_nodes.append(param)
        if isinstance(p.star_arg, cst.Param):
            sc.params.append("*" + p.star_arg.name.value)
            sc.param_nodes.append(p.star_arg)
        for param in p.kwonly_params:
            sc.params.append(param.name.value)
            sc.param_nodes.append(param)
        if isinstance(p.star_kwarg, cst.Param):
            sc.params.append("**" + p.star_kwarg.name.value)
            sc.param_nodes.append(p.star_kwarg)
        self.stack.append(sc)

    def leave_function(self) -> None:
        self.stack.pop()

    # -- assignments -------------------------------------------------------------------
    def _bind(self, target: cst.CSTNode, value: Optional[cst.CSTNode], seq: int, mode: str = "value",
              index: int = 0) -> None:
        sc = self.scope
        if isinstance(target, cst.Name):
            sc.assigns.setdefault(target.value, []).append(Event(seq, value, mode, index))
        elif isinstance(target, (cst.Tuple, cst.List)):
            for i, el in enumerate(target.elements):
                tgt = el.value
                if isinstance(el, cst.StarredElement):
                    self._bind(tgt, value, seq, "iter" if mode == "iter" else "value")
                elif mode == "value":
                    self._bind(tgt, value, seq, "index", i)
                else:
                    self._bind(tgt, value, seq, mode, i)
        elif isinstance(target, cst.Attribute):
            base = target.value
            if isinstance(base, cst.Name) and base.value in ("self", "cls") and sc.cls is not None:
                sc.cls.stores.setdefault(target.attr.value, []).append(
                    (sc, Event(seq, value, "augment" if mode == "augment" else mode, index)))
            self._attr_store(target, value, seq)
        elif isinstance(target, cst.Subscript):
            root, _keys = key_chain(target)
            self._note_container(target)
            if isinstance(root, cst.Name):
                sc.assigns.setdefault(root.value, []).append(Event(seq, value, "augment"))
            elif (isinstance(root, cst.Attribute) and isinstance(root.value, cst.Name)
                  and root.value.value in ("self", "cls") and sc.cls is not None):
                sc.cls.stores.setdefault(root.attr.value, []).append((sc, Event(seq, value, "augment")))
        elif isinstance(target, cst.StarredElement):
            self._bind(target.value, value, seq, mode, index)

    def _attr_store(self, target: cst.Attribute, value: Optional[cst.CSTNode], seq: int) -> None:
        base = dotted(target.value)
        if not base or base not in self.clients:
            return
        rec = self.clients[base]
        attr = target.attr.value
        if attr == "verbose" and isinstance(value, cst.Name) and value.value == "True":
            rec.verbose.append(target)
        elif attr in CCXT_CRED_ATTRS and value is not None:
            rec.creds.append((value, self.scope, seq))

    def on_assign(self, targets: Sequence[cst.CSTNode], value: Optional[cst.CSTNode], mode: str = "value") -> None:
        seq = self.next_seq()
        for t in targets:
            self._bind(t, value, seq, mode)
        if value is None:
            return
        # remember loggers, files, sessions, URL constants and ccxt clients by name
        names = [dotted(t) for t in targets if isinstance(t, (cst.Name, cst.Attribute))]
        names = [n for n in names if n]
        if not names:
            return
        if isinstance(value, (cst.List, cst.Tuple)) and 0 < len(value.elements) <= 64:
            items = [literal_str(e.value) for e in value.elements]
            if all(i is not None for i in items):
                for n in names:
                    self.lists[n] = items  # type: ignore[assignment]
            return
        s = static_str(value, self.consts, self.lists)
        if s is not None:
            if "://" in s[:12]:
                for n in names:
                    self.consts[n] = s
            elif s.upper() in _DEBUG_LEVELS or s.upper() in ("INFO", "WARNING", "ERROR"):
                for n in names:
                    self.levels[n] = s.upper()
            return
        inner = value.expression if isinstance(value, cst.Await) else value
        if isinstance(inner, cst.Call):
            func = self.imports.resolve(inner.func) or ""
            if self.is_logger_expr(inner):
                self.logger_vars.update(names)
                root = self._root_logger_desc(inner)
                if root:
                    for n in names:
                        self.root_loggers[n] = root
            elif _OPENERS.search(func) or func.endswith(("aiofiles.open", "codecs.open", "io.open")):
                self.file_vars.update(names)
            elif _SESSION_CTORS.match(func) or _CONNECTION_CTORS.match(func):
                self.session_vars.update(names)
                self._note_session_host(inner, func, names)
            elif self._note_socket(inner, func, names):
                pass
            else:
                fd = dotted(inner.func)
                if fd in self.client_funcs:
                    for n in names:
                        self.clients[n] = self.client_funcs[fd]
                else:
                    self.maybe_client(inner, names)
        elif isinstance(inner, (cst.Name, cst.Attribute)):
            d = dotted(inner)
            if d in self.logger_vars:
                self.logger_vars.update(names)
            elif d in self.consts:
                for n in names:
                    self.consts[n] = self.consts[d]
            elif d in self.clients:
                for n in names:
                    self.clients[n] = self.clients[d]
        elif isinstance(inner, (cst.FormattedString, cst.BinaryOperation)):
            lead = leading_text(inner, self.consts)
            if lead and "://" in lead[:12]:
                for n in names:
                    self.consts[n] = lead

    def _note_session_host(self, call: cst.Call, func: str, names: Sequence[str]) -> None:
        """``httpx.Client(base_url=...)``, ``aiohttp.ClientSession(base_url)``,
        ``http.client.HTTPSConnection(host)``: requests on it go to that host."""
        from .hosts import host_of

        arg = next((a.value for a in call.args if a.keyword and a.keyword.value in ("base_url", "host")), None)
        if arg is None and call.args and call.args[0].keyword is None and (
                func.endswith("ClientSession") or _CONNECTION_CTORS.match(func)):
            arg = call.args[0].value
        text = static_str(arg, self.consts, self.lists) if arg is not None else None
        if not text:
            return
        host = host_of(text) if "://" in text[:12] else (host_of("https://" + text) if _CONNECTION_CTORS.match(func) else None)
        if host:
            for n in names:
                self.session_hosts[n] = host

    def _note_socket(self, call: cst.Call, func: str, names: Sequence[str]) -> bool:
        """Raw sockets and websocket connections, with their host when it is a literal."""
        from .hosts import host_of

        kind = None
        host = None
        args = [a.value for a in call.args if a.keyword is None and not a.star]
        if func in ("socket.create_connection", "socket.socket", "ssl.wrap_socket") or (
                func.endswith(".wrap_socket") and isinstance(call.func, cst.Attribute)):
            kind = "tcp"
            if func == "socket.create_connection" and args and isinstance(args[0], cst.Tuple) and args[0].elements:
                host = static_str(args[0].elements[0].value, self.consts, self.lists)
            elif func.endswith("wrap_socket") and args:
                inner = self.sockets.get(dotted(args[0]) or "")
                host = inner[1] if inner else None
        elif func in ("websockets.connect", "websockets.client.connect", "websocket.create_connection",
                      "websockets.sync.client.connect") or (
                isinstance(call.func, cst.Attribute) and call.func.attr.value == "ws_connect"):
            kind = "ws"
            url = args[0] if args else next((a.value for a in call.args if a.keyword and a.keyword.value in ("uri", "url")), None)
            text = leading_text(url, self.consts, self.lists) if url is not None else None
            host = host_of(text) if text else None
        if kind is None:
            return False
        for n in names:
            self.sockets[n] = (kind, host.lower() if host else None)
        return True

    def _root_logger_desc(self, call: cst.Call) -> Optional[str]:
        if (self.imports.resolve(call.func) or "") != "logging.getLogger":
            return None
        arg = literal_str(call.args[0].value) if call.args else None
        if not call.args or arg in ("", "root"):
            return "root"
        if arg and arg.startswith("ccxt"):
            return "ccxt"
        return None

    def on_with_item(self, item: cst.WithItem) -> None:
        if item.asname is None:
            return
        self.on_assign([item.asname.name], item.item)
        inner = item.item
        if isinstance(inner, cst.Call):
            func = self.imports.resolve(inner.func) or ""
            names = [dotted(item.asname.name)] if isinstance(item.asname.name, (cst.Name, cst.Attribute)) else []
            names = [n for n in names if n]
            if _OPENERS.search(func) or (isinstance(inner.func, cst.Attribute) and inner.func.attr.value == "open"):
                self.file_vars.update(names)
            elif _SESSION_CTORS.match(func) or _CONNECTION_CTORS.match(func):
                self.session_vars.update(names)
                self._note_session_host(inner, func, names)
            else:
                self._note_socket(inner, func, names)

    def on_ann_assign(self, target: cst.CSTNode, annotation: cst.CSTNode, value: Optional[cst.CSTNode]) -> None:
        """A field of a dataclass / attrs / pydantic class body."""
        sc = self.scope
        if sc.kind != "class" or sc.cls is None or not isinstance(target, cst.Name):
            return
        name = target.value
        kind = credential_kind(name)
        if kind is None and not sc.cls.is_record:
            return
        secret_typed = False
        stack: List[cst.CSTNode] = [annotation]
        while stack and kind is not None:
            n = stack.pop()
            if isinstance(n, cst.Name):
                if n.value in ("SecretStr", "SecretBytes", "Secret"):
                    secret_typed = True
                    break
            elif isinstance(n, cst.Attribute):
                stack.append(n.attr)
            elif isinstance(n, cst.Subscript):  # Optional[SecretStr], Annotated[SecretStr, ...]
                stack.append(n.value)
                stack.extend(e.slice.value for e in n.slice if isinstance(e.slice, cst.Index))
            elif isinstance(n, cst.BinaryOperation):  # SecretStr | None
                stack.extend((n.left, n.right))
            elif isinstance(n, cst.SimpleString):  # "SecretStr"
                if "Secret" in n.value:
                    secret_typed = True
                    break
        shown = True
        if isinstance(value, cst.Call) and (dotted(value.func) or "").rsplit(".", 1)[-1] in ("field", "Field", "ib", "attrib"):
            for a in value.args:
                if a.keyword and a.keyword.value == "repr" and isinstance(a.value, cst.Name) and a.value.value == "False":
                    shown = False
        f = RecordField(name, target, kind, shown, secret_typed)
        sc.cls.fields.append(f)
        sc.cls.field_map.setdefault(name, f)

    def on_return(self, value: Optional[cst.CSTNode]) -> None:
        if value is not None and self.scope.kind == "function":
            self.scope.returns.append(Event(self.next_seq(), value))
            # a function that returns a ccxt client makes its callers' targets clients
            inner = value.expression if isinstance(value, cst.Await) else value
            rec = None
            if isinstance(inner, cst.Call):
                n = len(self.client_list)
                self.maybe_client(inner, [f"<return of {self.scope.name}>"])
                if len(self.client_list) > n:
                    rec = self.client_list[-1]
            elif isinstance(inner, (cst.Name, cst.Attribute)):
                rec = self.clients.get(dotted(inner) or "")
            if rec is not None and self.scope.parent is not None:
                key = self.scope.name if self.scope.parent.kind == "module" else f"self.{self.scope.name}"
                self.client_funcs[key] = rec

    # -- containers ----------------------------------------------------------------------
    def _note_container(self, node: cst.CSTNode) -> None:
        """``config["exchange"]["secret"]`` makes ``config`` a credential container."""
        root, keys = key_chain(node)
        if not keys:
            return
        kind = credential_kind(keys[-1], _context(root) + keys[:-1])
        if kind is None:
            return
        self._mark_container(root, keys, node, 0)

    def _mark_container(self, root, keys, node, depth: int) -> None:
        d = dotted(root) if isinstance(root, (cst.Name, cst.Attribute)) else None
        if not d or d in ("os.environ", "environ") or d.endswith(".environ"):
            return
        if d.rsplit(".", 1)[-1].strip("_").lower() in _RESPONSE_ROOTS:
            return
        label = safe_label(d) + "".join(f"[{safe_label(k, '...')!r}]" for k in keys)
        sc = self.scope
        holder = sc.cls if d.startswith(("self.", "cls.")) and sc.cls is not None else sc
        holder.containers.setdefault(d, (label, node))
        paths = holder.cpaths.setdefault(d, set())
        if len(paths) < 32:
            paths.add(tuple(keys))
        # exchange = config["exchange"]: config holds what exchange holds
        if depth < 3 and isinstance(root, cst.Name):
            evs = sc.assigns.get(root.value) or []
            for ev in reversed(evs):
                if ev.mode == "value" and isinstance(ev.value, (cst.Subscript, cst.Call)):
                    up_root, up_keys = key_chain(ev.value)
                    if up_keys and up_root is not None:
                        self._mark_container(up_root, up_keys + keys, node, depth + 1)
                    break

    def on_subscript(self, node: cst.Subscript) -> None:
        key = subscript_key(node)
        if key is not None and len(key) < 60:
            self._note_container(node)

    # -- calls ---------------------------------------------------------------------------
    def is_logger_expr(self, node: cst.CSTNode, depth: int = 0) -> bool:
        if depth > 5:
            return False
        if isinstance(node, cst.Call):
            func = node.func
            name = self.imports.resolve(func) or ""
            if name in ("logging.getLogger", "structlog.get_logger", "structlog.getLogger", "loguru.logger.bind",
                        "logging.getLoggerClass"):
                return True
            if isinstance(func, cst.Attribute):
                if func.attr.value in ("bind", "opt", "new", "patch", "getChild", "with_fields", "get_child"):
                    return self.is_logger_expr(func.value, depth + 1)
                return bool(_LOGGER_FACTORY.search(func.attr.value)) and func.attr.value.lower() not in ("new", "patch", "bind", "opt")
            if isinstance(func, cst.Name):
                return bool(re.search(r"(?i)(?:^|_)(?:get_?)?logger$", func.value)) or func.value in self.logger_vars
            return False
        d = dotted(node)
        if d is None:
            return False
        if d in self.logger_vars:
            return True
        resolved = self.imports.resolve(node) or d
        if resolved in ("logging", "logging.root", "loguru.logger", "structlog") or resolved.startswith("loguru.logger"):
            return True
        last = d.rsplit(".", 1)[-1].lower()
        bare = last.strip("_")
        return (bare in ("log", "logger", "logging", "lg", "applog", "_log") or bare.endswith("logger")
                or bare.endswith("_log") or bare.startswith("log_") or bare.startswith("logger"))

    def maybe_client(self, call: cst.Call, names: Sequence[str]) -> None:
        func = call.func
        is_ccxt = False
        resolved = self.imports.resolve(func) or ""
        m = _CCXT_CTOR.match(resolved)
        if m and m.group(1) not in _CCXT_NOT_IDS and m.group(1)[0].islower():
            is_ccxt = True
        elif isinstance(func, cst.Call) and (dotted(func.func) == "getattr") and func.args:
            base = self.imports.resolve(func.args[0].value) or ""
            if base in ("ccxt", "ccxt.async_support", "ccxt.pro") or base.startswith("ccxt"):
                is_ccxt = True
        if not is_ccxt:
            return
        config = None
        for a in call.args:
            if a.keyword is None and not a.star:
                config = a.value
                break
            if a.keyword is not None and a.keyword.value == "config":
                config = a.value
                break
        rec = ClientRec(names[0], call, config, self.scope, self.seq)
        self.client_by_call[id(call)] = rec
        cfg = config
        if isinstance(cfg, cst.Name):
            # the dict literal the config name was last bound to
            evs = self.scope.assigns.get(cfg.value) or self.module.assigns.get(cfg.value) or []
            for ev in reversed(evs):
                if ev.mode == "value" and isinstance(ev.value, cst.Dict):
                    cfg = ev.value
                    break
        if isinstance(cfg, cst.Dict):
            for el in cfg.elements:
                if isinstance(el, cst.DictElement):
                    k = literal_str(el.key)
                    if k == "verbose" and isinstance(el.value, cst.Name) and el.value.value == "True":
                        rec.verbose.append(el)
        for n in names:
            self.clients[n] = rec
        self.client_list.append(rec)

    def on_call(self, node: cst.Call) -> None:
        func = node.func
        sc = self.scope
        # calls that may reach a function of this module
        if isinstance(func, (cst.Name, cst.Attribute)):
            self.calls.append((sc, self.seq, node))
        if isinstance(func, cst.Attribute):
            attr = func.attr.value
            if attr == "get" and node.args and node.args[0].keyword is None:
                self._note_container(node)
            if attr in _ABSORB_METHODS and node.args:
                recv = func.value
                vals = [a.value for a in node.args]
                seq = self.next_seq()
                target_val = vals[-1] if attr not in ("update",) else vals[0]
                if isinstance(recv, cst.Name):
                    sc.assigns.setdefault(recv.value, []).append(Event(seq, target_val, "augment"))
                elif (isinstance(recv, cst.Attribute) and isinstance(recv.value, cst.Name)
                      and recv.value.value in ("self", "cls") and sc.cls is not None):
                    sc.cls.stores.setdefault(recv.attr.value, []).append((sc, Event(seq, target_val, "augment")))
            if attr == "add_argument" and node.args:
                self._note_cli_option(node)
            if attr == "connect" and node.args and isinstance(node.args[0].value, cst.Tuple):
                rd = dotted(func.value) or ""
                rec = self.sockets.get(rd)
                if rec is not None and rec[0] == "tcp" and node.args[0].value.elements:
                    host = static_str(node.args[0].value.elements[0].value, self.consts, self.lists)
                    self.sockets[rd] = ("tcp", host.lower() if host else None)
        self.classify_sink(node)
        self.classify_debug(node)

    def _note_cli_option(self, node: cst.Call) -> None:
        """``parser.add_argument("--api-secret")`` / ``("--key", help="API key")``."""
        opts = [literal_str(a.value) for a in node.args if a.keyword is None]
        opts = [o for o in opts if o]
        kw = {a.keyword.value: a.value for a in node.args if a.keyword is not None}
        longs = [o for o in opts if o.startswith("--")] or [o for o in opts if o.startswith("-")] or opts
        if not longs:
            return
        opt = longs[0].lstrip("-")
        dest = literal_str(kw.get("dest")) or opt.replace("-", "_")
        kind = credential_kind(opt) or credential_kind(dest)
        if kind is None and N.classify(dest) in (N.KEY_MAYBE, N.TOKEN_MAYBE):
            helptext = literal_str(kw.get("help")) or ""
            if _CLI_CRED_HELP.search(helptext):
                kind = N.EXCHANGE
        if kind is None:
            return
        self.cli_creds.append((safe_label(opt, "option"), node))
        if _LABEL_OK.match(dest):
            self.cli_dests[dest] = safe_label(opt, "option")

    def _sink(self, code: str, node: cst.Call, exprs: List[cst.CSTNode], **kw) -> None:
        if not exprs:
            return
        self.sinks.append(Sink(code, node, describe(node.func), exprs, self.scope, self.next_seq(), **kw))

    def _args(self, node: cst.Call, skip_kw: Iterable[str] = (), start: int = 0) -> List[cst.CSTNode]:
        out = []
        pos = 0
        skip = set(skip_kw) | _DESTINATION_KW
        for a in node.args:
            if a.keyword is None:
                if pos >= start:
                    out.append(a.value)
                pos += 1
            elif a.keyword.value not in skip:
                out.append(a.value)
        return out

    def classify_sink(self, node: cst.Call) -> None:
        func = node.func
        resolved = self.imports.resolve(func) or ""
        if isinstance(func, cst.Name) and func.value in ("print", "pprint", "ic", "exit", "quit") and resolved in (
                func.value, "pprint.pprint", "icecream.ic", "rich.print", "rich.pretty.pprint"):
            file_kw = next((a.value for a in node.args if a.keyword and a.keyword.value == "file"), None)
            if func.value == "print" and file_kw is not None and (dotted(file_kw) or "") not in ("sys.stdout", "sys.stderr"):
                self._sink("BOT204", node, self._args(node, ("file", "sep", "end", "flush")))
                return
            self._sink("BOT201", node, self._args(node, ("file", "sep", "end", "flush", "stream", "width", "indent")),
                       obj_ok=resolved == "rich.pretty.pprint")
            return
        code = _PRINTS.get(resolved)
        if code:
            self._sink(code, node, self._args(node, ("file", "sep", "end", "flush", "stacklevel", "category", "level")))
            return
        if resolved == "rich.inspect" or (resolved.endswith(".inspect") and resolved.startswith("rich")):
            self._sink("BOT201", node, self._args(node)[:1], obj_ok=True)
            return
        if resolved in _FILE_DUMPS:
            args = [a for a in node.args if a.keyword is None]
            has_stream = len(args) >= 2 or any(a.keyword and a.keyword.value in ("fp", "stream", "file") for a in node.args)
            if has_stream and args:
                self._sink("BOT204", node, [args[0].value], obj_ok=resolved.endswith(("pickle.dump", "dill.dump", "cloudpickle.dump", "joblib.dump")))
            return
        if resolved in ("dotenv.set_key", "dotenv.main.set_key"):
            args = [a.value for a in node.args if a.keyword is None]
            self._sink("BOT204", node, args[2:3] or [a.value for a in node.args if a.keyword and a.keyword.value == "value_to_set"])
            return
        if resolved.endswith(("DiscordWebhook", "DiscordEmbed")) or resolved in ("dhooks.Webhook",):
            self._sink("BOT203", node, self._args(node, ("url", "username", "avatar_url", "rate_limit_retry", "proxies", "timeout")))
            return
        if not isinstance(func, cst.Attribute):
            return
        attr = func.attr.value
        recv = func.value
        recv_d = dotted(recv) or ""
        # logging
        if attr in _LOG_METHODS and self.is_logger_expr(recv):
            skip = _LOG_KW_SKIP
            exprs = self._args(node, skip)
            notify = any(a.keyword and a.keyword.value == "send_notification"
                         and isinstance(a.value, cst.Name) and a.value.value == "True" for a in node.args)
            self._sink("BOT203" if notify else "BOT201", node, exprs)
            return
        if attr in ("bind", "contextualize") and self.is_logger_expr(recv) and node.args:
            self._sink("BOT201", node, self._args(node))
            return
        if recv_d == "structlog.contextvars" or resolved.endswith("bind_contextvars"):
            self._sink("BOT201", node, self._args(node))
            return
        if attr == "log" and recv_d in ("self", "cls"):
            notify = any(a.keyword and a.keyword.value == "send_notification"
                         and isinstance(a.value, cst.Name) and a.value.value == "True" for a in node.args)
            self._sink("BOT203" if notify else "BOT201", node, self._args(node, _LOG_KW_SKIP))
            return
        if attr == "log_with_clock":
            self._sink("BOT201", node, self._args(node, _LOG_KW_SKIP, start=1))
            return
        if attr in ("print", "log", "print_json", "out", "rule") and "console" in recv_d.lower():
            self._sink("BOT201", node, self._args(node, ("style", "end", "sep", "justify", "markup")))
            return
        if attr in ("write", "writelines"):
            if recv_d in ("sys.stdout", "sys.stderr", "sys.__stdout__", "sys.__stderr__"):
                self._sink("BOT201", node, self._args(node))
                return
            is_file = (recv_d in self.file_vars or (isinstance(recv, cst.Call) and _OPENERS.search(
                self.imports.resolve(recv.func) or "")) or (isinstance(recv, cst.Call) and isinstance(
                    recv.func, cst.Attribute) and recv.func.attr.value == "open")
                or bool(_FILEISH.match(recv_d.rsplit(".", 1)[-1])))
            if is_file:
                self._sink("BOT204", node, self._args(node))
            return
        if attr in ("write_text", "write_bytes"):
            self._sink("BOT204", node, self._args(node, ("encoding", "errors", "newline")))
            return
        # raw sockets and websockets with a known host
        if attr in _SOCKET_SENDS and recv_d in self.sockets:
            kind, host = self.sockets[recv_d]
            if host or kind == "tcp":
                self._sink("BOT205", node, self._args(node, ("flags", "timeout")),
                           host=host or "an unnamed host", raw=kind == "tcp" and not host)
            return
        if attr in _SENTRY_CONTEXT and self.imports.imports_module("sentry_sdk") and "scope" in recv_d.lower():
            self._sink("BOT203", node, self._args(node))
            return
        # notifications
        if attr in _NOTIFY_ALWAYS:
            if attr in ("send_message", "sendMessage") and _SOCKETY.search(recv_d.rsplit(".", 1)[-1] or "_"):
                return
            skip = ("chat_id", "parse_mode", "reply_markup", "disable_notification", "channel", "chat",
                    "message_thread_id", "reply_to_message_id", "disable_web_page_preview", "from_addr",
                    "to_addrs", "msg_type")
            exprs = self._args(node, skip)
            if attr in ("reply_to", "sendmail"):  # telebot reply_to(message, text); sendmail(from, to, msg)
                exprs = self._args(node, skip, start=1 if attr == "reply_to" else 2)
            self._sink("BOT203", node, exprs)
            return
        mods = _NOTIFY_WITH_IMPORT.get(attr)
        if mods and any(self.imports.imports_module(m) for m in mods):
            last = recv_d.rsplit(".", 1)[-1] if recv_d else ""
            if attr == "send" and _SOCKETY.search(last or "_") and "webhook" not in last.lower():
                return
            if attr == "post" and "hook" not in recv_d.lower():
                return
            self._sink("BOT203", node, self._args(node, ("chat_id", "parse_mode", "reply_markup", "delete_after")))
            return
        # HTTP egress
        if attr in _HTTP_METHODS:
            head = resolved.split(".")[0] if resolved else ""
            is_http = resolved.startswith(_HTTP_MODULES) and head in ("requests", "httpx", "urllib", "urllib3", "treq", "grequests")
            if not is_http:
                last = recv_d.rsplit(".", 1)[-1].lower() if recv_d else ""
                is_http = (recv_d in self.session_vars or "session" in last or last in ("client", "http", "sess", "s", "_client", "http_client", "httpclient"))
                if isinstance(recv, cst.Call):
                    is_http = bool(_SESSION_CTORS.match(self.imports.resolve(recv.func) or ""))
            if is_http:
                self._http_sink(node, attr)
            return

    def _http_sink(self, node: cst.Call, method: str) -> None:
        pos = [a for a in node.args if a.keyword is None and not a.star]
        url = next((a.value for a in node.args if a.keyword and a.keyword.value in ("url", "str_or_url")), None)
        rest_start = 1
        if url is None and pos:
            if method == "request" and len(pos) >= 2 and literal_str(pos[0].value) is not None:
                url = pos[1].value
                rest_start = 2
            else:
                url = pos[0].value
        if url is None:
            return
        from .hosts import host_of

        lead = leading_text(url, self.consts, self.lists)
        host = host_of(lead) if lead else None
        if host is None and (lead is None or "://" not in lead[:12]) and isinstance(node.func, cst.Attribute):
            host = self.session_hosts.get(dotted(node.func.value) or "")
        exprs = [url] + [a.value for a in pos[rest_start:]] + [
            a.value for a in node.args if a.keyword and a.keyword.value in _HTTP_PAYLOAD_KW]
        self._sink("BOT205", node, exprs, host=host, url=url, notify_only=host is None)

    def classify_debug(self, node: cst.Call) -> None:
        resolved = self.imports.resolve(node.func) or ""
        if resolved in ("logging.basicConfig", "coloredlogs.install", "logzero.loglevel"):
            if resolved == "coloredlogs.install" and any(a.keyword and a.keyword.value == "logger" for a in node.args):
                return  # installs on that logger, not the root
            lvl = next((a.value for a in node.args if a.keyword and a.keyword.value == "level"), None)
            if lvl is None and resolved != "logging.basicConfig" and node.args and node.args[0].keyword is None:
                lvl = node.args[0].value
            if lvl is not None and self._is_debug(lvl):
                self.debug_configs.append((node, f"{resolved}(level=DEBUG)"))
            return
        if resolved == "logging.config.dictConfig" and node.args:
            if self._dict_config_debug(node.args[0].value):
                self.debug_configs.append((node, "a logging dictConfig with a DEBUG root or ccxt logger"))
            return
        if isinstance(node.func, cst.Attribute) and node.func.attr.value == "setLevel" and node.args:
            if not self._is_debug(node.args[0].value):
                return
            recv = node.func.value
            rd = self.imports.resolve(recv) or ""
            if rd == "logging.root":
                self.debug_configs.append((node, "the root logger set to DEBUG"))
            elif isinstance(recv, cst.Call):
                desc = self._root_logger_desc(recv)
                if desc:
                    self.debug_configs.append((node, f"the {desc} logger set to DEBUG"))
            elif (dotted(recv) or "") in self.root_loggers:
                self.debug_configs.append((node, f"the {self.root_loggers[dotted(recv) or '']} logger set to DEBUG"))

    def _is_debug(self, node: cst.CSTNode, depth: int = 0) -> bool:
        """DEBUG, also under a condition (``DEBUG if args.debug else INFO``), through a module
        constant, or as the default of an environment look-up (``os.getenv("LOG_LEVEL", "DEBUG")``)."""
        if depth > 3:
            return False
        if isinstance(node, cst.IfExp):
            return self._is_debug(node.body, depth + 1) or self._is_debug(node.orelse, depth + 1)
        if isinstance(node, cst.Name) and node.value in self.levels:
            return self.levels[node.value] in _DEBUG_LEVELS
        if isinstance(node, cst.Call):
            f = self.imports.resolve(node.func) or dotted(node.func) or ""
            if f.endswith(("getenv", "environ.get")) and len(node.args) >= 2:
                return self._is_debug(node.args[1].value, depth + 1)
            if isinstance(node.func, cst.Attribute) and node.func.attr.value == "upper":
                return self._is_debug(node.func.value, depth + 1)
            return False
        return _is_debug(node)

    def _dict_config_debug(self, cfg: cst.CSTNode) -> bool:
        if isinstance(cfg, cst.Name):
            evs = self.scope.assigns.get(cfg.value) or self.module.assigns.get(cfg.value) or []
            cfg = evs[-1].value if evs and evs[-1].mode == "value" else None
        if not isinstance(cfg, cst.Dict):
            return False

        def level_of(d: cst.CSTNode) -> bool:
            if isinstance(d, cst.Dict):
                for el in d.elements:
                    if isinstance(el, cst.DictElement) and literal_str(el.key) == "level":
                        return self._is_debug(el.value)
            return False

        for el in cfg.elements:
            if not isinstance(el, cst.DictElement):
                continue
            k = literal_str(el.key)
            if k == "root" and level_of(el.value):
                return True
            if k == "loggers" and isinstance(el.value, cst.Dict):
                for sub in el.value.elements:
                    if isinstance(sub, cst.DictElement):
                        name = literal_str(sub.key)
                        if name is not None and (name in ("", "root") or name.startswith("ccxt")) and level_of(sub.value):
                            return True
        return False


def _is_debug(node: cst.CSTNode) -> bool:
    d = dotted(node)
    if d and d.rsplit(".", 1)[-1] in _DEBUG_LEVELS:
        return True
    s = literal_str(node)
    if s is not None and s.upper() in _DEBUG_LEVELS:
        return True
    return isinstance(node, cst.Integer) and node.value in ("10",)


# -- resolution (at leave_Module) ----------------------------------------------------------

_INF = 1 << 60
# method names too common to stand for one class of the module
_COMMON_METHODS = frozenset(
    """get set run start stop close send update items keys values copy pop append extend format
    json dict read write open load save execute connect fetch call process handle result render
    encode decode split strip lower upper join replace sort count index add remove clear info
    debug warning error log emit post put delete patch request submit cancel buy sell""".split()
)


class Resolver:
    def __init__(self, col: Collector) -> None:
        self.col = col
        self.memo: Dict[Tuple[int, bool], Taint] = {}
        self.busy: Set[Tuple] = set()
        self.summary: Dict[int, Taint] = {}
        self.param_memo: Dict[Tuple[int, int], Taint] = {}
        self.attr_memo: Dict[Tuple[int, str], Taint] = {}
        self.src_cache: Dict[Tuple, Source] = {}
        self._callsites: Optional[Dict[int, List[Tuple[Scope, int, cst.Call, int]]]] = None
        self.type_ov: List[Dict[str, ClassInfo]] = []
        self._methods: Optional[Dict[str, List[Scope]]] = None
        self.shown_memo: Dict[Tuple[int, str], Taint] = {}
        self.display_classes = {id(c) for c in col.classes if "__str__" in c.methods or "__repr__" in c.methods}

    # -- sources -------------------------------------------------------------------------
    def src(self, label: str, origin: str, node: Optional[cst.CSTNode], kind: str, strong: bool, **kw) -> Source:
        key = (label, origin, id(node), kind, strong, tuple(sorted(kw.items())) if kw else ())
        s = self.src_cache.get(key)
        if s is None:
            s = Source(label, origin, node, kind, strong, **kw)
            self.src_cache[key] = s
        return s

    def marker(self, scope: Scope, i: int) -> Source:
        while len(scope.markers) <= i:
            j = len(scope.markers)
            scope.markers.append(Source(f"param{j}", "parameter", None, "", False, param=j, owner=scope))
        return scope.markers[i]

    # -- call sites ----------------------------------------------------------------------
    def callsites(self) -> Dict[int, List[Tuple[Scope, int, cst.Call, int]]]:
        """id(callee scope) -> [(caller scope, seq, call, offset of first positional param)]."""
        if self._callsites is not None:
            return self._callsites
        out: Dict[int, List[Tuple[Scope, int, cst.Call, int]]] = {}
        for caller, seq, call in self.col.calls:
            target = self.callee(caller, call)
            if target is not None:
                callee, offset = target
                out.setdefault(id(callee), []).append((caller, seq, call, offset))
        self._callsites = out
        return out

    def callee(self, scope: Scope, call: cst.Call) -> Optional[Tuple[Scope, int]]:
        func = call.func
        if isinstance(func, cst.Name):
            name = func.value
            # a local definition of the same name shadows the module function
            if scope.kind == "function" and name in scope.assigns:
                return None
            f = self.col.functions.get(name)
            if f is not None:
                return f, 0
            cls = self.col.class_by_name.get(name)
            if cls is not None and "__init__" in cls.methods:
                return cls.methods["__init__"], 1
            return None
        if isinstance(func, cst.Attribute) and isinstance(func.value, cst.Name) and func.value.value in ("self", "cls"):
            cls = self._class_of(scope)
            if cls is not None:
                m = cls.methods.get(func.attr.value)
                if m is not None:
                    return m, 0 if m.is_static else 1
            return None
        if isinstance(func, cst.Attribute) and self.col.class_by_name:
            cls = self.instance_class(func.value, scope)
            if cls is not None:
                m = cls.methods.get(func.attr.value)
                if m is not None:
                    return m, 0 if m.is_static else 1
            elif isinstance(func.value, cst.Name):
                # ``a.to_dict()`` on a parameter / loop variable of unknown type, when exactly
                # one class of the module defines that (uncommon) method
                m = self.unique_method(func.attr.value)
                if m is not None and self._untyped(func.value.value, scope):
                    return m, 0 if m.is_static else 1
        return None

    def unique_method(self, name: str) -> Optional[Scope]:
        if name.startswith("__") or name in _COMMON_METHODS:
            return None
        if self._methods is None:
            self._methods = {}
            for c in self.col.classes:
                for mname, m in c.methods.items():
                    self._methods.setdefault(mname, []).append(m)
        found = self._methods.get(name)
        return found[0] if found and len(found) == 1 and found[0].returns else None

    @staticmethod
    def _untyped(name: str, scope: Scope) -> bool:
        sc: Optional[Scope] = scope
        while sc is not None:
            evs = sc.assigns.get(name)
            if evs:
                for e in evs:
                    if e.mode == "value":
                        return False
                return True
            if sc.kind == "function" and name in sc.params:
                return True
            sc = sc.parent
        return True  # a comprehension variable

    def instance_class(self, recv: cst.CSTNode, scope: Scope, depth: int = 0) -> Optional[ClassInfo]:
        """The module class an expression is an instance of, from its (last) assignment, or
        from the elements of what it iterates (``for acc in accounts``, comprehensions)."""
        values: List[cst.CSTNode] = []
        if isinstance(recv, cst.Name):
            for tov in reversed(self.type_ov):
                if recv.value in tov:
                    return tov[recv.value]
            sc: Optional[Scope] = scope
            while sc is not None:
                evs = sc.assigns.get(recv.value)
                if evs:
                    values = [e.value for e in evs if e.mode == "value" and e.value is not None]
                    last = evs[-1]
                    if last.mode == "iter" and last.index == 0 and depth < 4:
                        return self.elem_class(last.value, sc, depth + 1)
                    break
                sc = sc.parent
        elif isinstance(recv, cst.Attribute) and isinstance(recv.value, cst.Name) and recv.value.value == "self":
            cls = self._class_of(scope)
            if cls is not None:
                values = [ev.value for _sc, ev in cls.stores.get(recv.attr.value, []) if ev.value is not None]
        for v in reversed(values):
            if isinstance(v, cst.Call) and isinstance(v.func, cst.Name):
                c = self.col.class_by_name.get(v.func.value)
                if c is not None:
                    return c
        return None

    def _ctor_class(self, v: Optional[cst.CSTNode]) -> Optional[ClassInfo]:
        if isinstance(v, cst.Call) and isinstance(v.func, cst.Name):
            return self.col.class_by_name.get(v.func.value)
        return None

    def elem_class(self, node: Optional[cst.CSTNode], scope: Scope, depth: int = 0) -> Optional[ClassInfo]:
        """The module class of the elements of an iterable expression."""
        if node is None or depth > 4 or not self.col.class_by_name:
            return None
        if isinstance(node, (cst.ListComp, cst.GeneratorExp, cst.SetComp)):
            return self._ctor_class(node.elt)
        if isinstance(node, (cst.List, cst.Tuple, cst.Set)):
            for el in node.elements:
                c = self._ctor_class(el.value)
                if c is not None:
                    return c
            return None
        if isinstance(node, cst.Call) and isinstance(node.func, cst.Name) and node.func.value in (
                "list", "sorted", "tuple", "reversed", "set", "iter") and node.args:
            return self.elem_class(node.args[0].value, scope, depth + 1)
        values: List[Tuple[cst.CSTNode, Scope]] = []
        if isinstance(node, cst.Name):
            sc: Optional[Scope] = scope
            while sc is not None:
                evs = sc.assigns.get(node.value)
                if evs:
                    values = [(e.value, sc) for e in evs if e.value is not None and e.mode in ("value", "augment")]
                    break
                sc = sc.parent
            if not values:
                sc = scope
                while sc is not None and sc.kind == "function":
                    if node.value in sc.params:
                        # a parameter: what the module's callers pass (once the call graph is built)
                        if self._callsites is None:
                            return None
                        i = sc.params.index(node.value)
                        for caller, _seq, call, offset in self.callsites().get(id(sc), ())[:4]:
                            arg = self.arg_for(call, sc, i, offset)
                            c = self.elem_class(arg, caller, depth + 1) if arg is not None else None
                            if c is not None:
                                return c
                        return None
                    sc = sc.parent
        elif isinstance(node, cst.Attribute) and isinstance(node.value, cst.Name) and node.value.value == "self":
            cls = self._class_of(scope)
            if cls is not None:
                values = [(ev.value, sc) for sc, ev in cls.stores.get(node.attr.value, []) if ev.value is not None]
        for v, sc in reversed(values):
            c = self._ctor_class(v) or self.elem_class(v, sc, depth + 1)
            if c is not None:
                return c
        return None

    def shown(self, cls: ClassInfo, how: str) -> Taint:
        """What ``str()`` (how="str") or ``repr()`` of an instance of a module class shows,
        when the class defines ``__str__`` / ``__repr__``."""
        key = (id(cls), how)
        if key in self.shown_memo:
            return self.shown_memo[key]
        self.shown_memo[key] = EMPTY  # recursion guard
        out = EMPTY
        for name in (("__str__", "__repr__") if how == "str" else ("__repr__",)):
            m = cls.methods.get(name)
            if m is not None:
                out = frozenset(s for s in self.returns(m) if s.param < 0)
                break
        self.shown_memo[key] = out
        return out

    def display(self, node: cst.CSTNode, scope: Scope, how: str) -> Taint:
        """Object display taint of a name: an instance (str/repr) or a collection of instances
        (always repr) of a module class with its own ``__str__`` / ``__repr__``."""
        if not self.display_classes or not isinstance(node, (cst.Name, cst.Attribute)):
            return EMPTY
        cls = self.instance_class(node, scope)
        if cls is not None:
            return self.shown(cls, how) if id(cls) in self.display_classes else EMPTY
        cls = self.elem_class(node, scope)
        if cls is not None and id(cls) in self.display_classes:
            return self.shown(cls, "repr")
        return EMPTY

    @staticmethod
    def _class_of(scope: Optional[Scope]) -> Optional[ClassInfo]:
        while scope is not None:
            if scope.cls is not None:
                return scope.cls
            scope = scope.parent
        return None

    def arg_for(self, call: cst.Call, callee: Scope, index: int, offset: int) -> Optional[cst.CSTNode]:
        name = callee.params[index] if index < len(callee.params) else None
        pos_i = index - offset
        i = 0
        for a in call.args:
            if a.keyword is None and not a.star:
                if i == pos_i:
                    return a.value
                i += 1
            elif a.keyword is not None and a.keyword.value == name:
                return a.value
        return None

    # -- parameters ----------------------------------------------------------------------
    def param_taint(self, scope: Scope, i: int) -> Taint:
        """Concrete taint of parameter i: its name, plus what the module's callers pass."""
        key = (id(scope), i)
        if key in self.param_memo:
            return self.param_memo[key]
        if ("param",) + key in self.busy:
            return EMPTY
        self.busy.add(("param",) + key)
        name = scope.params[i].lstrip("*")
        parts: List[Taint] = []
        kind = credential_kind(name)
        if kind and not (i == 0 and scope.is_method and not scope.is_static):
            parts.append(frozenset({self.src(name, f"parameter of {scope.display()}", scope.param_nodes[i], kind, False)}))
        for caller, seq, call, offset in self.callsites().get(id(scope), ()):
            arg = self.arg_for(call, scope, i, offset)
            if arg is not None:
                # a name-only (weak) source stays a source only under a credential name
                parts.append(frozenset(s for s in self.eval(arg, caller, seq, False) if s.strong or kind))
        out = _union(parts)
        self.busy.discard(("param",) + key)
        self.param_memo[key] = out
        return out

    # -- functions -----------------------------------------------------------------------
    def returns(self, scope: Scope) -> Taint:
        """Symbolic return summary: concrete sources plus markers of parameters."""
        key = id(scope)
        if key in self.summary:
            return self.summary[key]
        if ("ret", key) in self.busy:
            return EMPTY
        self.busy.add(("ret", key))
        out = _union(self.eval(ev.value, scope, ev.seq, True) for ev in scope.returns)
        self.busy.discard(("ret", key))
        self.summary[key] = out
        return out

    def substitute(self, taint: Taint, callee: Scope, call: cst.Call, offset: int, scope: Scope, seq: int,
                   symbolic: bool) -> Taint:
        parts: List[Taint] = []
        plain = set()
        for s in taint:
            if s.param >= 0 and s.owner is callee:
                arg = self.arg_for(call, callee, s.param, offset)
                if arg is not None:
                    parts.append(self.eval(arg, scope, seq, symbolic))
            elif s.param < 0:
                plain.add(s)
        parts.append(frozenset(plain))
        return _union(parts)

    # -- names ---------------------------------------------------------------------------
    def lookup(self, name: str, scope: Scope, seq: int, symbolic: bool, use: cst.CSTNode) -> Taint:
        parts: List[Taint] = []
        sc: Optional[Scope] = scope
        first = True
        found = False
        while sc is not None:
            if sc.kind == "class" and not first:
                sc = sc.parent
                continue
            evs = sc.assigns.get(name)
            if evs:
                found = True
                parts.append(self.events(name, evs, sc, seq if first else _INF, symbolic))
            if sc.kind == "function" and name in sc.params:
                found = True
                i = sc.params.index(name)
                if symbolic and first:
                    parts.append(frozenset({self.marker(sc, i)}))
                    kind = credential_kind(name)
                    if kind and not (i == 0 and sc.is_method):
                        parts.append(frozenset({self.src(name, f"parameter of {sc.display()}", sc.param_nodes[i], kind, False)}))
                else:
                    parts.append(self.param_taint(sc, i))
            cont = sc.containers.get(name)
            if cont is not None:
                parts.append(frozenset({self.src(name, f"a config holding {cont[0]}", cont[1], N.SECRET, True, container=True)}))
            if found:
                break
            sc = sc.parent
            first = False
        if not found:
            kind = credential_kind(name)
            if kind:
                parts.append(frozenset({self.src(name, "a name", use, kind, False)}))
            rec = self.col.clients.get(name)
            if rec is not None:
                parts.append(self.client_source(rec))
        return _union(parts)

    def events(self, name: str, evs: List[Event], scope: Scope, seq: int, symbolic: bool) -> Taint:
        before = [e for e in evs if e.seq < seq]
        if not before:
            before = evs  # used before (or in a loop around) its assignment: take them all
        # the last plain assignment and every augmentation after it
        start = 0
        for i in range(len(before) - 1, -1, -1):
            if before[i].mode != "augment":
                start = i
                break
        chosen = before[start:]
        parts = []
        kind = credential_kind(name)
        for ev in chosen:
            t = self.event_taint(ev, scope, symbolic)
            if not t and kind and ev.mode in ("value", "index", "iter") and _opaque(ev.value):
                t = frozenset({self.src(name, f"an assignment in {scope.display() if scope.kind == 'function' else 'the module'}",
                                        ev.value, kind, False)})
            parts.append(t)
        return _union(parts)

    def event_taint(self, ev: Event, scope: Scope, symbolic: bool) -> Taint:
        v = ev.value
        if v is None:
            return EMPTY
        if ev.mode == "index" and isinstance(v, (cst.Tuple, cst.List)):
            els = v.elements
            if ev.index < len(els) and not any(isinstance(e, cst.StarredElement) for e in els):
                return self.eval(els[ev.index].value, scope, ev.seq, symbolic)
        if ev.mode == "iter" and ev.index == 0 and _items_iter(v):
            return EMPTY  # the key of ``for k, v in d.items()``
        t = self.eval(v, scope, ev.seq, symbolic)
        if ev.mode == "iter":
            # iterating a mapping yields its keys: containers and environments do not flow
            t = frozenset(s for s in t if not (s.container or s.env))
            t = self._minus_shown(t, v, scope)
        return t

    def _minus_shown(self, t: Taint, iterable: cst.CSTNode, scope: Scope) -> Taint:
        """The elements of a list of objects are the objects, not the list's repr."""
        if t and self.display_classes:
            c = self.elem_class(iterable, scope)
            if c is not None and id(c) in self.display_classes:
                return t - self.shown(c, "repr")
        return t

    def attr_taint(self, cls: ClassInfo, attr: str, use: cst.CSTNode) -> Taint:
        key = (id(cls), attr)
        if key in self.attr_memo:
            return self.attr_memo[key]
        if ("attr",) + key in self.busy:
            return EMPTY
        self.busy.add(("attr",) + key)
        parts = []
        kind = credential_kind(attr)
        stores = cls.stores.get(attr, [])
        opaque = not stores
        for sc, ev in stores:
            t = self.event_taint(ev, sc, False)
            if not t and ev.mode != "augment" and _opaque(ev.value):
                opaque = True
            parts.append(t)
        if kind and opaque and not any(parts):
            node = stores[0][1].value if stores else use
            parts.append(frozenset({self.src(f"self.{attr}", f"an attribute of {cls.name}", node, kind, False)}))
        cont = cls.containers.get(f"self.{attr}") or cls.containers.get(f"cls.{attr}")
        if cont is not None:
            parts.append(frozenset({self.src(f"self.{attr}", f"a config holding {cont[0]}", cont[1], N.SECRET, True, container=True)}))
        out = _union(parts)
        self.busy.discard(("attr",) + key)
        self.attr_memo[key] = out
        return out

    def client_source(self, rec: ClientRec) -> Taint:
        creds = self.client_creds(rec)
        if not creds:
            return EMPTY
        first = sorted(creds, key=lambda s: (not s.strong, s.label))[0]
        return frozenset({self.src(first.label, f"{first.origin}, held by a ccxt client", first.node,
                                   first.kind, first.strong, obj=True)})

    def client_creds(self, rec: ClientRec) -> Taint:
        parts = []
        cfg = rec.config
        if cfg is not None:
            t = self.eval(cfg, rec.scope, rec.seq, False)
            parts.append(frozenset(s for s in t if not s.obj))
        for value, sc, seq in rec.creds:
            t = self.eval(value, sc, seq, False)
            if not t and _opaque(value):
                t = frozenset({self.src("client credential", "an attribute store", value, N.EXCHANGE, False)})
            parts.append(t)
        return _union(parts)

    # -- expressions ---------------------------------------------------------------------
    def eval(self, node: Optional[cst.CSTNode], scope: Scope, seq: int, symbolic: bool,
             overlay: Optional[Dict[str, Taint]] = None) -> Taint:
        if node is None:
            return EMPTY
        if overlay:
            return self._eval(node, scope, seq, symbolic, overlay)
        key = (id(node), symbolic)
        t = self.memo.get(key)
        if t is not None:
            return t
        if ("expr",) + key in self.busy:
            return EMPTY
        self.busy.add(("expr",) + key)
        try:
            t = self._eval(node, scope, seq, symbolic, None)
        finally:
            self.busy.discard(("expr",) + key)
        self.memo[key] = t
        return t

    def _eval(self, node: cst.CSTNode, scope: Scope, seq: int, symbolic: bool,
              ov: Optional[Dict[str, Taint]]) -> Taint:
        ev = lambda n: self.eval(n, scope, seq, symbolic, ov)  # noqa: E731
        if isinstance(node, (cst.SimpleString, cst.Integer, cst.Float, cst.Imaginary, cst.Ellipsis,
                             cst.Lambda, cst.Comparison)):
            return EMPTY
        if isinstance(node, cst.Name):
            if ov and node.value in ov:
                t = ov[node.value]
            elif node.value in ("None", "True", "False", "self", "cls"):
                return EMPTY
            else:
                t = self.lookup(node.value, scope, seq, symbolic, node)
            if self.display_classes:
                t = _union((t, self.display(node, scope, "str")))
            return t
        if isinstance(node, cst.FormattedString):
            parts = [ev(p.expression) for p in node.parts if isinstance(p, cst.FormattedStringExpression)]
            if self.display_classes:
                parts += [self.display(p.expression, scope, "repr") for p in node.parts
                          if isinstance(p, cst.FormattedStringExpression) and p.conversion == "r"]
            return _union(parts)
        if isinstance(node, cst.ConcatenatedString):
            return _union((ev(node.left), ev(node.right)))
        if isinstance(node, cst.BinaryOperation):
            return _union((ev(node.left), ev(node.right)))
        if isinstance(node, cst.BooleanOperation):
            return _union((ev(node.left), ev(node.right)))
        if isinstance(node, cst.UnaryOperation):
            return EMPTY if isinstance(node.operator, cst.Not) else ev(node.expression)
        if isinstance(node, cst.IfExp):
            return _union((ev(node.body), ev(node.orelse)))
        if isinstance(node, (cst.Tuple, cst.List, cst.Set)):
            return _union(ev(e.value) for e in node.elements)
        if isinstance(node, cst.Dict):
            parts = []
            for e in node.elements:
                if isinstance(e, cst.DictElement):
                    k = literal_str(e.key)
                    if k is None:
                        parts.append(ev(e.key))
                    parts.append(ev(e.value))
                else:
                    parts.append(ev(e.value))
            return _union(parts)
        if isinstance(node, (cst.Await, cst.StarredElement)):
            return ev(node.expression if isinstance(node, cst.Await) else node.value)
        if isinstance(node, cst.NamedExpr):
            return ev(node.value)
        if isinstance(node, (cst.ListComp, cst.SetComp, cst.GeneratorExp, cst.DictComp)):
            return self._comp(node, scope, seq, symbolic, ov)
        if isinstance(node, cst.Subscript):
            return self._subscript(node, scope, seq, symbolic, ov)
        if isinstance(node, cst.Attribute):
            return self._attribute(node, scope, seq, symbolic, ov)
        if isinstance(node, cst.Call):
            return self._call(node, scope, seq, symbolic, ov)
        return EMPTY

    def _comp(self, node, scope, seq, symbolic, ov) -> Taint:
        overlay = dict(ov or {})
        types: Dict[str, ClassInfo] = {}
        fc = node.for_in
        while fc is not None:
            if self.col.class_by_name and isinstance(fc.target, cst.Name):
                c = self.elem_class(fc.iter, scope)
                if c is not None:
                    types[fc.target.value] = c
            t = self.eval(fc.iter, scope, seq, symbolic, overlay)
            t = self._minus_shown(frozenset(s for s in t if not (s.container or s.env)), fc.iter, scope)
            names = _target_names(fc.target)
            for i, n in enumerate(names):
                overlay[n] = EMPTY if (i == 0 and len(names) > 1 and _items_iter(fc.iter)) else t
            fc = fc.inner_for_in
        fc = node.for_in
        if fc.ifs and _items_iter(fc.iter):
            names = _target_names(fc.target)
            tests = [i.test for i in fc.ifs if names and names[0] in _names_in(i.test)]
            if tests and not all(self._keeps_credentials(t, names[0], fc.iter, scope) for t in tests):
                return EMPTY  # {k: v for k, v in cfg.items() if k not in SECRET_SECTIONS}: a filter
        self.type_ov.append(types)
        try:
            if isinstance(node, cst.DictComp):
                return _union((self.eval(node.key, scope, seq, symbolic, overlay),
                               self.eval(node.value, scope, seq, symbolic, overlay)))
            return self.eval(node.elt, scope, seq, symbolic, overlay)
        finally:
            self.type_ov.pop()

    def _keeps_credentials(self, test: cst.CSTNode, key: str, it: cst.CSTNode, scope: Scope) -> bool:
        """Does ``if k in ("apiKey", "secret")`` keep the credentials of ``d.items()`` (a
        selection), or does ``if k not in ("binance", "telegram")`` drop them (a filter)?"""
        if not (isinstance(test, cst.Comparison) and isinstance(test.left, cst.Name) and test.left.value == key
                and len(test.comparisons) == 1):
            return False
        op = test.comparisons[0].operator
        comp = test.comparisons[0].comparator
        lits: Optional[List[str]] = None
        if isinstance(comp, (cst.Tuple, cst.List, cst.Set)):
            lits = [literal_str(e.value) for e in comp.elements]
            if any(x is None for x in lits):
                return False
        elif literal_str(comp) is not None:
            lits = [literal_str(comp)]  # type: ignore[list-item]
        elif isinstance(comp, cst.Name):
            lits = self.col.lists.get(comp.value)
        if lits is None:
            return False
        sections: Set[str] = set()
        recv = it
        while isinstance(recv, cst.Call):
            f = recv.func
            if isinstance(f, cst.Attribute) and f.attr.value == "items":
                recv = f.value
                break
            recv = recv.args[0].value if recv.args else None
        d = dotted(recv) if isinstance(recv, (cst.Name, cst.Attribute)) else None
        found = _find_paths(scope, d) if d else None
        if found is not None:
            sections = {p[0] for p in found[1] if len(p) > 1}
        credish = any(credential_kind(x) or N.classify(x) in (N.KEY_MAYBE, N.TOKEN_MAYBE) or x in sections
                      or N.is_exchange_context(x) for x in lits if x)
        if isinstance(op, (cst.In, cst.Equal)):
            return credish
        if isinstance(op, (cst.NotIn, cst.NotEqual)):
            return not credish
        return False

    def _subscript(self, node: cst.Subscript, scope, seq, symbolic, ov) -> Taint:
        ev = lambda n: self.eval(n, scope, seq, symbolic, ov)  # noqa: E731
        root, keys = key_chain(node)
        key = subscript_key(node)
        if key is not None:
            kind = credential_kind(key, _context(root) + keys[:-1])
            if kind:
                origin = _origin_of(root, self.col.imports)
                if keys[:-1] and origin not in ("os.environ", "os.getenv"):
                    origin += "".join(f"[{safe_label(k, '...')!r}]" for k in keys[:-1])
                return frozenset({self.src(safe_label(key), origin, node, kind, True)})
            section = self.section(root, keys, scope, node)
            if section:
                return section
            # a non-credential key of a mapping holding credentials is clean
            base = ev(node.value)
            return frozenset(s for s in base if s.obj)  # never leaks itself
        if len(node.slice) == 1 and isinstance(node.slice[0].slice, cst.Index):
            shape = key_text(node.slice[0].slice.value)
            if shape is not None and literal_str(node.slice[0].slice.value) is None:
                kind = credential_kind(shape, _context(root))
                if kind:
                    return frozenset({self.src(safe_label(shape, "a computed key"), _origin_of(root, self.col.imports),
                                               node, kind, True)})
        if len(node.slice) == 1 and isinstance(node.slice[0].slice, cst.Slice):
            if _short_slice(node.slice[0].slice):
                return EMPTY
            return ev(node.value)
        base = ev(node.value)
        return frozenset(s for s in base if not s.env)

    def section(self, root: Optional[cst.CSTNode], keys: Tuple[str, ...], scope: Scope,
                node: cst.CSTNode) -> Taint:
        """``config["exchange"]`` where ``config["exchange"]["secret"]`` is read somewhere: the
        section holds a credential."""
        if not keys or not isinstance(root, (cst.Name, cst.Attribute)):
            return EMPTY
        d = dotted(root)
        if not d:
            return EMPTY
        found = _find_paths(scope, d)
        if found is None:
            return EMPTY
        (label, cnode), paths = found
        n = len(keys)
        if any(len(p) > n and p[:n] == keys for p in paths):
            sub = safe_label(d) + "".join(f"[{safe_label(k, '...')!r}]" for k in keys)
            return frozenset({self.src(sub, f"a config section holding {label}", cnode, N.SECRET, True, container=True)})
        return EMPTY

    def record_taint(self, cinfo: ClassInfo, node: cst.Call, scope, seq, symbolic, ov) -> Taint:
        """What the repr of a new dataclass / pydantic instance shows: the arguments of its
        shown, unmasked fields, and for pydantic settings the credential fields it loads."""
        ev = lambda n: frozenset(s for s in self.eval(n, scope, seq, symbolic, ov) if not s.obj)  # noqa: E731
        if not cinfo.fields:
            return _union(ev(a.value) for a in node.args)
        parts: List[Taint] = []
        passed: Set[str] = set()
        i = 0
        for a in node.args:
            if a.star:
                parts.append(ev(a.value))
                continue
            if a.keyword is None:
                f = cinfo.fields[i] if i < len(cinfo.fields) else None
                i += 1
            else:
                f = cinfo.field_map.get(a.keyword.value)
            if f is not None:
                passed.add(f.name)
                if not f.shown or f.secret_typed:
                    continue
            parts.append(ev(a.value))
        if cinfo.is_settings:
            for f in cinfo.fields:
                if f.kind and f.shown and not f.secret_typed and f.name not in passed:
                    parts.append(frozenset({self.src(f"{cinfo.name}.{f.name}", "a settings field loaded from the environment",
                                                     f.node, f.kind, True)}))
        return _union(parts)

    def _attribute(self, node: cst.Attribute, scope, seq, symbolic, ov) -> Taint:
        attr = node.attr.value
        d = dotted(node)
        base = node.value
        if attr == "__dict__":
            return self.dump(base, scope, seq, symbolic, ov)
        resolved = self.col.imports.resolve(node) if d else None
        if resolved in ("os.environ",) or (d and d == "environ" and resolved and resolved.endswith("environ")):
            return frozenset({self.src("the process environment", "os.environ", node, N.SECRET, True, env=True)})
        if isinstance(base, cst.Name) and base.value in ("self", "cls"):
            cls = self._class_of(scope)
            parts = []
            if cls is not None:
                parts.append(self.attr_taint(cls, attr, node))
            else:
                kind = credential_kind(attr)
                if kind:
                    parts.append(frozenset({self.src(f"self.{attr}", "an attribute", node, kind, False)}))
            rec = self.col.clients.get(d or "")
            if rec is not None:
                parts.append(self.client_source(rec))
            return _union(parts)
        base_d = dotted(base) or ""
        rec = self.col.clients.get(base_d)
        if rec is not None and attr in CCXT_CRED_ATTRS:
            if self.client_creds(rec):
                return frozenset({self.src(f"{safe_label(base_d, 'exchange')}.{attr}", "a ccxt client credential attribute",
                                           node, CCXT_CRED_ATTRS[attr], True)})
            return EMPTY
        if attr in ("key", "_private_key", "private_key", "privateKey", "secret_key") and isinstance(base, cst.Name):
            made = self._made_by(base, scope)
            if made and made.endswith(_WALLET_MAKERS):
                return frozenset({self.src(f"{base.value}.{attr}", f"a wallet from {made}()", node, N.PRIVATE_KEY, True)})
        if self.col.class_by_name and isinstance(base, (cst.Name, cst.Attribute)):
            icls = self.instance_class(base, scope)
            f = icls.field_map.get(attr) if icls is not None else None
            if f is not None and f.secret_typed:
                return EMPTY  # pydantic SecretStr: its str() and repr() are masked
        if attr in self.col.cli_dests and isinstance(base, cst.Name):
            if any(s.origin == "a command-line option" for s in self.eval(base, scope, seq, symbolic, ov)):
                return frozenset({self.src(f"--{self.col.cli_dests[attr]}", "a command-line option", node, N.EXCHANGE, True)})
        parents = tuple(p for p in base_d.split(".") if p) if base_d else ()
        kind = credential_kind(attr, parents)
        if kind:
            return frozenset({self.src(d or attr, "an attribute", node, kind, False)})
        parts = []
        if d:
            rec = self.col.clients.get(d)
            if rec is not None:
                parts.append(self.client_source(rec))
            cont = _find_container(scope, d)
            if cont is not None:
                parts.append(frozenset({self.src(d, f"a config holding {cont[0]}", cont[1], N.SECRET, True, container=True)}))
        return _union(parts)

    def _is_dict_name(self, node: cst.CSTNode, scope: Scope) -> bool:
        if not isinstance(node, cst.Name):
            return isinstance(node, cst.Dict)
        sc: Optional[Scope] = scope
        while sc is not None:
            evs = sc.assigns.get(node.value)
            if evs:
                return isinstance(evs[-1].value, (cst.Dict, cst.DictComp)) and evs[-1].mode == "value"
            sc = sc.parent
        return False

    def _made_by(self, name: cst.Name, scope: Scope) -> Optional[str]:
        sc: Optional[Scope] = scope
        while sc is not None:
            evs = sc.assigns.get(name.value)
            if evs:
                v = evs[-1].value
                if isinstance(v, cst.Call):
                    return self.col.imports.resolve(v.func) or dotted(v.func)
                return None
            sc = sc.parent
        return None

    def dump(self, obj: cst.CSTNode, scope, seq, symbolic, ov) -> Taint:
        """vars(x) / x.__dict__: the object's credentials come out in clear."""
        if isinstance(obj, cst.Name) and obj.value in ("self", "cls"):
            cls = self._class_of(scope)
            if cls is None:
                return EMPTY
            parts = []
            for attr in cls.stores:
                if credential_kind(attr) or f"self.{attr}" in cls.containers:
                    parts.append(self.attr_taint(cls, attr, obj))
            return frozenset(self.src(s.label, s.origin, s.node, s.kind, s.strong) if s.obj else s
                             for s in _union(parts))
        t = self.eval(obj, scope, seq, symbolic, ov)
        built = self._built_from(obj, scope, seq, symbolic, ov)
        if built:
            t = _union((t, built))
        return frozenset(self.src(s.label, s.origin, s.node, s.kind, s.strong) if s.obj else s for s in t)

    def _built_from(self, obj: cst.CSTNode, scope, seq, symbolic, ov) -> Taint:
        """``client = Client(API_KEY, API_SECRET)``: the object's attributes hold what its
        constructor was given (a module class: what its methods store on self)."""
        values: List[Tuple[cst.CSTNode, Scope, int]] = []
        if isinstance(obj, cst.Name):
            sc: Optional[Scope] = scope
            while sc is not None:
                evs = sc.assigns.get(obj.value)
                if evs:
                    values = [(e.value, sc, e.seq) for e in evs if e.mode == "value" and e.value is not None]
                    break
                sc = sc.parent
        elif isinstance(obj, cst.Attribute) and isinstance(obj.value, cst.Name) and obj.value.value == "self":
            cls = self._class_of(scope)
            if cls is not None:
                values = [(ev.value, sc, ev.seq) for sc, ev in cls.stores.get(obj.attr.value, [])
                          if ev.value is not None and ev.mode == "value"]
        if not values:
            return EMPTY
        v, sc, vseq = values[-1]
        if isinstance(v, cst.Await):
            v = v.expression
        if not isinstance(v, cst.Call):
            return EMPTY
        cls = self._ctor_class(v)
        if cls is not None:
            parts = [self.attr_taint(cls, a, obj) for a in cls.stores if credential_kind(a)]
            return frozenset(s for s in _union(parts) if not s.obj)
        name = (dotted(v.func) or "").rsplit(".", 1)[-1]
        if not name[:1].isupper():
            return EMPTY  # a function result, not a constructed object
        return _union(frozenset(s for s in self.eval(a.value, sc, vseq, symbolic) if not s.obj) for a in v.args)

    def _call(self, node: cst.Call, scope, seq, symbolic, ov) -> Taint:
        ev = lambda n: self.eval(n, scope, seq, symbolic, ov)  # noqa: E731
        func = node.func
        imports = self.col.imports
        resolved = imports.resolve(func) or ""
        last = resolved.rsplit(".", 1)[-1] if resolved else (func.attr.value if isinstance(func, cst.Attribute) else "")
        args = [a.value for a in node.args]
        # sanitisers
        if (last in _SANITIZER_CALLS or _SANITIZER_NAME.search(last or "")
                or resolved.startswith(_SANITIZER_MODULES)):
            return EMPTY
        # sources
        if last in ("get_secret_value", "reveal", "get_secret"):
            recv = func.value if isinstance(func, cst.Attribute) else None
            label = (dotted(recv) if recv is not None else None) or last
            return frozenset({self.src(label, f"{last}()", node, N.SECRET, True)})
        if resolved in ("keyring.get_password", "keyring.get_credential", "getpass.getpass") or last == "getpass":
            return frozenset({self.src(resolved or last, "an interactive or keyring look-up", node, N.PASSWORD, True)})
        if resolved.endswith("dotenv_values"):
            return frozenset({self.src("dotenv_values()", "the .env file", node, N.SECRET, True, env=True)})
        if last and _GETTER_CALLS.match(last) and node.args and node.args[0].keyword is None:
            idx = 1 if last == "getattr" else 0
            pos = [a for a in node.args if a.keyword is None]
            if len(pos) > idx:
                key = literal_str(pos[idx].value)
                computed = False
                if key is None:
                    key = key_text(pos[idx].value)  # os.getenv(f"{name}_API_SECRET")
                    computed = key is not None
                kind = None
                if key is not None:
                    root, keys = key_chain(func.value) if isinstance(func, cst.Attribute) else (None, ())
                    kind = credential_kind(key, _context(root) + keys)
                if key is not None and (kind or not computed):
                    if kind:
                        if resolved.endswith("getenv") or resolved.endswith("environ.get"):
                            origin = "os.getenv" if resolved.endswith("getenv") else "os.environ"
                        elif isinstance(func, cst.Attribute):
                            origin = _origin_of(func.value, imports)
                        else:
                            origin = f"{safe_label(resolved or last, 'a look-up')}()"
                        if last == "getattr":
                            origin = f"getattr({describe(pos[0].value)})"
                        return frozenset({self.src(safe_label(key, "a computed key"), origin, node, kind, True)})
                    if last in ("get", "pop") and isinstance(func, cst.Attribute):
                        root, keys = key_chain(node)
                        section = self.section(root, keys, scope, node)
                        if section:
                            return section
                    return EMPTY  # the value of a key that names no credential
        if isinstance(func, cst.Name):
            cinfo = self.col.class_by_name.get(func.value)
            if cinfo is not None and cinfo.is_record:
                # a dataclass / NamedTuple / pydantic repr shows its (unmasked, repr=True) fields
                return self.record_taint(cinfo, node, scope, seq, symbolic, ov)
        rec = self.col.client_by_call.get(id(node)) or self.col.client_funcs.get(dotted(func) or "")
        if rec is not None:
            return self.client_source(rec)
        if isinstance(func, cst.Attribute) and func.attr.value in _MNEMONIC_MAKERS and any(
                imports.imports_module(m) for m in ("mnemonic", "bip_utils", "hdwallet", "bip39")):
            return frozenset({self.src(f"{func.attr.value}()", "a generated seed phrase", node, N.MNEMONIC, True)})
        if isinstance(func, cst.Attribute) and func.attr.value in ("parse_args", "parse_known_args") and self.col.cli_creds:
            opt, onode = self.col.cli_creds[0]
            return frozenset({self.src(opt, "a command-line option", onode, N.EXCHANGE, True, container=True)})
        if resolved == "vars" and len(args) == 1:
            return self.dump(args[0], scope, seq, symbolic, ov)
        # local functions (summaries)
        target = self.callee(scope, node)
        if target is not None:
            callee, offset = target
            t = self.substitute(self.returns(callee), callee, node, offset, scope, seq, symbolic)
            if t:
                return t
        fk = func_name_kind(last) if last else None
        if fk:
            return frozenset({self.src(safe_label(last, "a getter"), f"a call to {safe_label(last, 'a getter')}()", node, fk, False)})
        if isinstance(func, cst.Attribute):
            attr = func.attr.value
            if attr in _PREDICATE_METHODS:
                return EMPTY
            if attr in _PROPAGATE_METHODS:
                recv = ev(func.value)
                if attr in ("items", "values", "copy", "to_dict", "dict", "model_dump", "json", "model_dump_json"):
                    recv = frozenset(self.src(s.label, s.origin, s.node, s.kind, s.strong) if (s.container or s.env) else s
                                     for s in recv if not s.obj)
                if attr == "join":
                    # joining a mapping joins its keys
                    parts = [recv] + [frozenset(s for s in ev(a) if not (s.container or s.env))
                                      for a in args if not self._is_dict_name(a, scope)]
                    return _union(parts)
                parts = [recv] + ([ev(a) for a in args] if attr in _PROPAGATE_ARGS else [])
                return _union(parts)
            if attr in ("get", "pop") and args and literal_str(args[0]) is None:
                return EMPTY
        if last.endswith(("Error", "Exception", "Warning")) and last[:1].isupper():
            # an exception built now and raised or logged later carries its message
            return _union(frozenset(s for s in ev(a) if not s.obj) for a in args)
        if resolved == "repr" and len(args) == 1 and self.display_classes:
            return _union((frozenset(s for s in ev(args[0]) if not s.obj), self.display(args[0], scope, "repr")))
        if last in _PROPAGATE_FUNCS or resolved in ("json.dumps", "yaml.dump", "yaml.safe_dump", "toml.dumps",
                                                    "pprint.pformat", "copy.deepcopy", "copy.copy"):
            if resolved in ("dict", "copy.deepcopy", "copy.copy", "deepcopy") or last in ("dict", "asdict"):
                return _union(ev(a) for a in args)
            return _union(frozenset(s for s in ev(a) if not s.obj) for a in args)
        return EMPTY


def _opaque(value: Optional[cst.CSTNode]) -> bool:
    """Is an assigned value something whose content we cannot see (so the name decides)?"""
    if isinstance(value, cst.Await):
        value = value.expression
    if isinstance(value, cst.Call):
        cur: Optional[cst.CSTNode] = value
        while isinstance(cur, (cst.Call, cst.Attribute)):
            if isinstance(cur, cst.Call):
                func = cur.func
                last = func.attr.value if isinstance(func, cst.Attribute) else (dotted(func) or "").rsplit(".", 1)[-1]
                if last in _SANITIZER_CALLS or _SANITIZER_NAME.search(last) or last in _PREDICATE_METHODS:
                    return False
                cur = func.value if isinstance(func, cst.Attribute) else None
            else:
                cur = cur.value
        return True
    return isinstance(value, (cst.Attribute, cst.Subscript, cst.Name)) and not (
        isinstance(value, cst.Name) and value.value in ("None", "True", "False"))


def _short_slice(sl: cst.Slice) -> bool:
    """``s[:4]``, ``s[-4:]``, ``s[2:6]``: at most four characters."""
    def num(n):
        if n is None:
            return None
        if isinstance(n, cst.Integer):
            return int(n.value, 0)
        if isinstance(n, cst.UnaryOperation) and isinstance(n.operator, cst.Minus) and isinstance(n.expression, cst.Integer):
            return -int(n.expression.value, 0)
        return "x"
    lo, hi = num(sl.lower), num(sl.upper)
    if sl.step is not None or lo == "x" or hi == "x":
        return False
    if lo is None and isinstance(hi, int):
        return 0 <= hi <= 4
    if hi is None and isinstance(lo, int):
        return -4 <= lo < 0
    if isinstance(lo, int) and isinstance(hi, int):
        return (lo >= 0 and 0 <= hi - lo <= 4) or (lo < 0 and hi < 0 and hi - lo <= 4)
    return False


def _names_in(node: cst.CSTNode) -> Set[str]:
    out: Set[str] = set()
    stack = [node]
    while stack:
        n = stack.pop()
        if isinstance(n, cst.Name):
            out.add(n.value)
        elif isinstance(n, (cst.Comparison, cst.BooleanOperation, cst.UnaryOperation, cst.Call, cst.Attribute)):
            stack.extend(c for c in n.children if isinstance(c, cst.BaseExpression) or isinstance(c, cst.ComparisonTarget)
                         or isinstance(c, cst.Arg))
        elif isinstance(n, (cst.ComparisonTarget, cst.Arg)):
            stack.append(n.comparator if isinstance(n, cst.ComparisonTarget) else n.value)
    return out


def _items_iter(node: Optional[cst.CSTNode]) -> bool:
    """``d.items()``, possibly inside sorted()/list()/reversed()."""
    for _ in range(3):
        if not isinstance(node, cst.Call):
            return False
        f = node.func
        if isinstance(f, cst.Attribute) and f.attr.value == "items":
            return True
        if isinstance(f, cst.Name) and f.value in ("sorted", "list", "reversed", "tuple") and node.args:
            node = node.args[0].value
            continue
        return False
    return False


def _target_names(t: cst.CSTNode) -> List[str]:
    if isinstance(t, cst.Name):
        return [t.value]
    if isinstance(t, (cst.Tuple, cst.List)):
        out = []
        for el in t.elements:
            out.extend(_target_names(el.value))
        return out
    return []


def _context(root: Optional[cst.CSTNode]) -> Tuple[str, ...]:
    """The name of the mapping looked into, as context for a bare key (``exchange_conf["key"]``)."""
    if isinstance(root, cst.Name):
        return (root.value,)
    if isinstance(root, cst.Attribute):
        return (root.attr.value,)
    return ()


def _find_container(scope: Scope, d: str):
    sc: Optional[Scope] = scope
    while sc is not None:
        c = sc.containers.get(d)
        if c is not None:
            return c
        if sc.cls is not None:
            c = sc.cls.containers.get(d)
            if c is not None:
                return c
        sc = sc.parent
    return None


def _find_paths(scope: Scope, d: str):
    """((label, node), key paths) of the container ``d`` visible from ``scope``, else None."""
    sc: Optional[Scope] = scope
    while sc is not None:
        for holder in (sc, sc.cls):
            if holder is None:
                continue
            c = holder.containers.get(d)
            if c is not None:
                return c, holder.cpaths.get(d, set())
        sc = sc.parent
    return None


def _origin_of(root: Optional[cst.CSTNode], imports) -> str:
    if root is None:
        return "a config look-up"
    if isinstance(root, cst.Call):
        name = imports.resolve(root.func) or dotted(root.func) or ""
        if name:
            return f"{safe_label(name, 'a call')}()"
        return "a config look-up"
    name = imports.resolve(root) or dotted(root) or ""
    if name.endswith("environ") or name in ("os.getenv", "getenv"):
        return "os.environ" if name.endswith("environ") else "os.getenv"
    return safe_label(name, "a config look-up") if name else "a config look-up"


# -- positions -----------------------------------------------------------------------------

def origin_lines(module: cst.Module, nodes: Iterable[cst.CSTNode]) -> Dict[int, int]:
    """id(node) -> 1-based line, for the few origin nodes of a file that has findings."""
    from ..positions import positions_for

    wanted = [n for n in nodes if n is not None]
    if not wanted:
        return {}
    try:
        pos = positions_for(module)
    except Exception:  # pragma: no cover - positions are a nicety in a message
        return {}
    # positions are converted on access: ask for the wanted nodes only
    return {id(n): pos[n].start.line for n in wanted if n in pos}
