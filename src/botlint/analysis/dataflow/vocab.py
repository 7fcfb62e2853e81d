"""Data-flow vocabulary, data only: which calls end a flow (sanitisers), carry it
(propagators), read a credential (getters), absorb it (container mutations), and how the
collector recognises loggers, files, sessions and sockets.  Sinks are not here: the rules
that judge them register them (``SinkSpec`` records, see :mod:`botlint.rules.bot2.sinks`).
"""
from __future__ import annotations

import re

from .. import names

# ccxt `requiredCredentials` attributes (domain.md §1.5) -> kind
CCXT_CRED_ATTRS = {
    "apiKey": names.EXCHANGE, "secret": names.EXCHANGE, "password": names.EXCHANGE,
    "privateKey": names.PRIVATE_KEY, "uid": names.EXCHANGE, "twofa": names.PASSWORD,
    "token": names.TOKEN, "login": names.EXCHANGE,
}

SANITIZER_NAME = re.compile(
    r"(?i)mask|redact|obfuscat|censor|anonymi[sz]|scrub|sanitiz|hide_|_hide|hidden|truncate_secret"
)
SANITIZER_CALLS = frozenset(
    """len bool hash id type isinstance issubclass callable hasattr int float all any
    sha1 sha224 sha256 sha384 sha512 md5 blake2b blake2s sha3_256 sha3_512 new hexdigest digest
    compare_digest checkpw hashpw encrypt sign""".split()
)
SANITIZER_MODULES = ("hashlib.", "hmac.", "bcrypt.", "secrets.compare_digest", "nacl.", "cryptography.")
# methods that return a predicate or a count of their receiver
PREDICATE_METHODS = frozenset(
    """startswith endswith isalnum isalpha isdigit isnumeric isdecimal isascii islower isupper
    isspace istitle isidentifier count find rfind index rindex __len__ __bool__ __contains__
    __eq__ keys hexdigest digest""".split()
)
# methods whose result carries the receiver's (and the arguments') content
PROPAGATE_METHODS = frozenset(
    """strip lstrip rstrip lower upper title capitalize casefold swapcase replace split rsplit
    splitlines partition rpartition encode decode format format_map join ljust rjust center zfill
    expandtabs removeprefix removesuffix translate copy items values as_string as_bytes
    get_payload to_dict dict model_dump json model_dump_json __str__ __repr__ substitute
    safe_substitute render hex tobytes""".split()
)
# of those, the ones whose arguments flow too (the others take options, not content)
PROPAGATE_ARGS = frozenset({"format", "format_map", "join", "replace", "substitute", "safe_substitute", "render"})
# names of values that come back from an API rather than from configuration
RESPONSE_ROOTS = frozenset(
    """response resp res result results r reply answer ret out output msg message event evt
    update order orders rsp ack status""".split()
)
# functions whose result carries their arguments' content
PROPAGATE_FUNCS = frozenset(
    """str repr ascii format dict list tuple set frozenset sorted reversed bytes bytearray dumps
    pformat deepcopy copy b64encode urlsafe_b64encode b32encode b16encode standard_b64encode b58encode
    b58encode_check
    encodebytes hexlify urlencode quote quote_plus urlunparse urlunsplit escape escape_markdown
    html_escape indent dedent fill wrap shorten MIMEText MIMEMultipart EmailMessage Embed
    DiscordEmbed Text Markdown Panel Pretty Syntax JSON Template SimpleNamespace OrderedDict
    defaultdict ChainMap Request namedtuple asdict model_dump tabulate jsonify make_response JSONResponse
    ORJSONResponse UJSONResponse PlainTextResponse HTMLResponse json_response""".split()
)
# container mutations: the receiver absorbs the argument
ABSORB_METHODS = frozenset(
    """append extend insert add update setdefault appendleft extendleft set_content attach
    add_field add_embed add_header set_payload put put_nowait __setitem__ add_row""".split()
)
GETTER_CALLS = re.compile(
    r"^(?:getenv|get|env|config|str|get_secret|get_password|get_credential|getattr|pop|"
    r"get_value|get_key|read_secret|fetch_secret|secret|require|required|get_env|getenv_or_fail|"
    r"get_setting|get_config|param|get_param|get_str|get_string|environ_get|_env|_get_env|"
    r"get_env_var|getenv_str|read_env|value)$"
)
MNEMONIC_MAKERS = frozenset({"generate", "to_mnemonic", "FromWordsNumber", "FromEntropy", "generate_mnemonic"})
# wallets and signers built from a key (matched case-insensitively on the last dotted parts:
# w3.eth.account.from_key is eth_account's Account.from_key)
WALLET_MAKERS = (
    "Account.create",
    "Account.from_key",
    "Account.from_mnemonic",
    "privateKeyToAccount",
    "Keypair",
    "Keypair.from_seed",
    "Keypair.from_base58_string",
    "Keypair.from_bytes",
    "create_with_mnemonic",
    "Wallet",
    "Wallet.create",
)

# signers whose str() / bytes() IS the secret key (solders / solana-py Keypair: str(kp) is the
# base58 secret, bytes(kp) its 64 bytes), when built from a key (a fresh Keypair() is not read
# from anywhere); eth_account's LocalAccount shows no key in its str()
KEYPAIR_FROM_KEY = ("keypair.from_base58_string", "keypair.from_bytes", "keypair.from_seed",
                    "keypair.from_secret_key", "keypair.from_json")

# wallet types a parameter may be declared with (``def sign(kp: Keypair)``); of those, the ones
# whose str() / bytes() is the secret key, and the libraries whose ``Keypair()`` generates one
WALLET_TYPES = frozenset({"Keypair", "LocalAccount", "SigningKey", "PrivateKey"})
KEYPAIR_TYPES = frozenset({"Keypair"})
KEYPAIR_MODULES = ("solders.", "solana.")

# classes whose instances print their items (a TypedDict is a dict): their repr is their content
MAPPING_BASES = frozenset({"TypedDict", "dict", "Dict", "UserDict", "OrderedDict", "defaultdict", "SimpleNamespace",
                           "Namespace", "Box", "DotMap", "Munch", "EasyDict", "AttrDict", "Mapping", "MutableMapping"})

# web routes: a function decorated with ``@app.get(...)`` / ``@bp.route(...)`` in a module that
# imports one of these frameworks returns its body to the caller of the endpoint
ROUTE_DECORATORS = frozenset({"get", "post", "put", "patch", "delete", "route", "api_route", "head", "options"})
WEB_FRAMEWORKS = ("fastapi", "flask", "starlette", "quart", "sanic", "litestar")

# -- receivers the collector recognises --------------------------------------------------
LOGGER_FACTORY = re.compile(
    r"(?i)(?:^|\.)(?:getlogger|get_logger|logger|getchild|get_child|bind|opt|new|patch|with_fields)$"
)
HTTP_MODULES = ("requests", "httpx", "urllib.request", "urllib3", "aiohttp", "treq", "grequests", "pycurl")
HTTP_PAYLOAD_KW = frozenset(
    {"params", "data", "json", "headers", "auth", "cookies", "files", "content", "body", "fields"}
)
OPENERS = re.compile(r"(?:^|\.)(?:open|NamedTemporaryFile|TemporaryFile|SpooledTemporaryFile)$")
# objects that write what they are given to the file they wrap (``w = csv.writer(fh)``)
FILE_WRITERS = frozenset({"csv.writer", "csv.DictWriter"})
CONNECTION_CTORS = re.compile(r"^http\.client\.HTTPS?Connection$")
CLI_CRED_HELP = re.compile(
    r"(?i)api[ _-]?key|secret|passphrase|password|private[ _-]?key|mnemonic|seed phrase|recovery phrase|"
    r"backup phrase|seed words|\b(?:12|24)[ -]words?\b|"
    r"(?:bot|auth|access|api)[ _-]?token"
)
SESSION_CTORS = re.compile(
    r"^(?:requests\.Session|requests\.session|httpx\.Client|httpx\.AsyncClient|aiohttp\.ClientSession|urllib3\.PoolManager|requests\.sessions\.Session)$"
)
# metric objects (prometheus_client): their label values and info are served on /metrics
METRIC_MODULES = ("prometheus_client.", "aioprometheus.", "prometheus_async.")
METRIC_CLASSES = (".Counter", ".Gauge", ".Histogram", ".Summary", ".Info", ".Enum")
# what a session sends with every request once it is created or updated with it
SESSION_PAYLOAD = frozenset({"headers", "auth", "params", "cookies"})
FILEISH = re.compile(r"(?i)^(?:f|fh|fp|fd|fo|fw|wf|out|outf|fout|outfile|file|handle|_?\w*_file|\w*_fh|\w*file)$")
# keyword arguments that say where a message goes, not what it says
DESTINATION_KW = frozenset(
    {
        "webhook",
        "webhook_url",
        "url",
        "hook",
        "chat_id",
        "channel",
        "channel_id",
        "bot_token",
        "to",
        "recipient",
        "recipients",
    }
)
DEBUG_LEVELS = frozenset({"DEBUG", "NOTSET", "10", "0"})
WALLET_MAKERS_LOWER = tuple(
    m.lower()
    for m in WALLET_MAKERS
    + (
        "Keypair.from_secret_key",
        "Keypair.from_json",
        "LocalAccount",
        "SigningKey",
        "SigningKey.from_string",
        "nacl.signing.SigningKey",
        "PrivateKey",
        "PrivateKey.from_hex",
        "Wallet.from_key",
    )
)
# what exposes the key of such an object
WALLET_SECRET_ATTRS = frozenset({"key", "_private_key", "private_key", "privateKey", "secret_key", "signing_key"})
WALLET_SECRET_METHODS = frozenset({"secret", "to_bytes", "to_base58_string", "to_bytes_array", "encode", "to_hex",
                                   "to_json", "secret_key", "to_string"})
# calls whose result shows every attribute in its repr (a config loaded as data)
DATA_LOADERS = (
    "json.load",
    "json.loads",
    "yaml.safe_load",
    "yaml.load",
    "yaml.full_load",
    "toml.load",
    "toml.loads",
    "tomllib.load",
    "tomllib.loads",
    "tomli.load",
    "SimpleNamespace",
    "argparse.Namespace",
    "Box",
    "DotMap",
    "munchify",
    "Munch",
    "OmegaConf.load",
    "OmegaConf.create",
    "EasyDict",
    "AttrDict",
    "addict.Dict",
)
# a cheap pre-filter on attribute names before credential_kind
CRED_HINT = re.compile(r"(?i)key|secret|token|pass|pwd|mnemonic|seed|phrase|webhook|cred|twofa")
