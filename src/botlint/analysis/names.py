"""Does an identifier, dict key or config key name a credential, and which kind?

Names are split into lower-case words (snake, camel, kebab, dotted), then matched.  A name that
ends in a word describing *metadata about* a credential (``api_key_name``, ``secret_type``,
``password_field``, ``token_address``) is not a credential.  In crypto code a bare ``token``
usually names an asset (``token="USDT"``), so it is only a "maybe", left to the value gate.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Optional, Sequence, Tuple

from .. import venues

# kinds, most specific first
EXCHANGE = "exchange"  # API key / secret / passphrase of an exchange account
PRIVATE_KEY = "private_key"  # wallet / signing private key
MNEMONIC = "mnemonic"  # seed phrase
BOT_TOKEN = "bot_token"  # Telegram / Discord bot token
WEBHOOK = "webhook"  # webhook URL with posting rights
PASSWORD = "password"
TOKEN = "token"  # auth/access/api/bearer/session token
TOKEN_MAYBE = "token_maybe"  # bare "token": an asset as often as a credential
SECRET = "secret"  # generic secret (client secret, jwt secret, app secret)
KEY_MAYBE = "key_maybe"  # bare "key": only a credential in an exchange config context
SERVICE = "service"  # a credential of a named third-party service (aws, github, openai, ...)

_SPLIT = re.compile(r"[^A-Za-z0-9]+")
_CAMEL = re.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+|\d+")

# compound words people write without separators
_COMPOUNDS = {
    "apikey": ("api", "key"),
    "apikeys": ("api", "key"),
    "apisecret": ("api", "secret"),
    "secretkey": ("secret", "key"),
    "privatekey": ("private", "key"),
    "privkey": ("private", "key"),
    "accesskey": ("access", "key"),
    "accesstoken": ("access", "token"),
    "authtoken": ("auth", "token"),
    "bottoken": ("bot", "token"),
    "apitoken": ("api", "token"),
    "webhookurl": ("webhook", "url"),
    "passphrase": ("passphrase",),
    "passwd": ("password",),
    "pwd": ("password",),
    "pass": ("password",),
    "password": ("password",),
    "passcode": ("password",),
    "pword": ("password",),
    "seedphrase": ("seed", "phrase"),
    "mnemonics": ("mnemonic",),
    "twofa": ("twofa",),
    "requirepass": ("password",),  # redis-server --requirepass / masterauth
    "masterauth": ("password",),
    "priv": ("private",),
    "pk": ("pk",),
    "secrets": ("secret",),
    "tokens": ("token",),
    "keys": ("key",),
}

# words after which the name describes metadata, not the credential itself
_META_AFTER = frozenset(
    """name names id ids type types field fields header headers param params env environ var vars
    variable path paths file filename files dir url uri link len length size count hash hashed
    digest checksum sha sha1 sha256 md5 fingerprint prefix suffix label labels mask masked regex
    pattern patterns format fmt template placeholder example examples hint min max timeout
    version address addr addresses public pub pubkey mode policy location column col attr
    attribute kind endpoint method class error err message msg text description desc help prompt
    title display enabled enable disabled required index idx position expiry expires expiration
    expire created date time ttl permission permissions scope scopes encrypted salt nonce iv
    code invalid status valid check verify verified validator validate set is has use should
    show hide store storage manager provider symbol symbols asset currency coin pair market
    source target mapping map cache lock flag option options config settings setting selector
    button widget form dialog entry menu state callback handler getter request response result
    results route host port level limit alias keyword keywords default defaults list dict
    input output key_id policy rotation rotated remaining decimals amount balance price
    account_id chain network contract pool mint program owner spender sender recipient
    receiver holder exception exc""".split()
)
# words that anywhere in the name mean "not the secret itself", or a value declared fake
# (FAKE_API_KEY, DUMMY_SECRET, EXAMPLE_TOKEN; "test" is not one: testnet keys are real)
_META_ANYWHERE = frozenset(
    """public pub pubkey hashed hash encrypted masked checksum digest fingerprint sha256 md5
    redacted obfuscated ciphertext encoded_len fake dummy mock mocked example sample
    placeholder sentinel bogus""".split()
)
# a first word that makes the name a flag or an action about a credential, not the credential:
# has_api_key, use_password, require_secret, validate_token, print_api_key, max_secret_len,
# from_detect_secrets (where something comes from), scan_secrets.
# THE flag-word list (BOT1's names and BOT2's flows judge a name the same way).  Participles
# that describe the credential itself (saved_, stored_, sent_, requested_api_key) are not in it.
FLAG_FIRST = frozenset(
    """has is use uses using should enable enabled disable disabled require requires required
    always never allow allows allowed check validate verify need needs no not without with
    missing invalid show hide skip get set load save store read write fetch refresh rotate reset
    generate gen create delete remove update parse encrypt decrypt encode decode have had are was
    num number max min supports support supported can must do did will include includes exclude
    ignore request send ask prompt print log from detect scan""".split()
)
_FLAG_FIRST = FLAG_FIRST  # the old private name
# token qualifiers that make "token" an auth credential
_AUTH_TOKEN = frozenset(
    """auth access api bearer bot session jwt refresh oauth id csrf ws websocket telegram tg
    discord slack github gitlab gh personal pat app client cmc coinmarketcap etherscan
    bscscan infura alchemy moralis license pypi npm hf huggingface openai""".split()
)
# a bare "token" preceded by one of these is an asset, not a credential
_ASSET_TOKEN = frozenset(
    """base quote native fee reward stable gas pool lp trading trade from to in out source
    target percent collateral margin settlement wrapped underlying input output pay receive
    buy sell deposit withdraw quote_token""".split()
)
_SERVICE_WORDS = frozenset(
    """aws github gitlab openai anthropic slack stripe sendgrid twilio mailgun heroku azure gcp
    google cloudflare sentry datadog pypi npm dockerhub docker reddit twitter x_com"""
    .split()
)
# words naming an exchange: the venue registry's (``Venue.words``) and the generic ones
_EXCHANGE_WORDS = venues.exchange_words()


# "<word> secret" that is an application secret rather than an exchange API secret
_NON_API_SECRET = frozenset(
    "client app jwt consumer shared webhook signing session cookie django flask csrf oauth".split()
)


@lru_cache(maxsize=4096)
def words(name: str) -> Tuple[str, ...]:
    out: list = []
    for part in _SPLIT.split(name):
        if not part:
            continue
        for w in _CAMEL.findall(part) or [part]:
            low = w.lower()
            out.extend(_COMPOUNDS.get(low, (low,)))
    return tuple(out)


@lru_cache(maxsize=4096)
def classify(name: str, parents: Tuple[str, ...] = ()) -> Optional[str]:
    """The credential kind a name denotes, or None.

    ``parents`` are enclosing config keys (``("exchange",)`` for freqtrade's ``exchange.key``).
    """
    ws = words(name)
    if not ws:
        return None
    if ws[-2:] == ("api", "hash") and not any(w in FLAG_FIRST or w in _META_ANYWHERE for w in ws[:-2]):
        return SERVICE  # Telegram's MTProto app credential (Telethon / Pyrogram ``api_hash``)
    if any(w in _META_ANYWHERE for w in ws) or (len(ws) > 1 and ws[0] in FLAG_FIRST):
        return None
    kind, at = _kind_of(ws, tuple(w for p in parents for w in words(p)))
    if kind is None:
        return None
    if kind in (EXCHANGE, SECRET, TOKEN, KEY_MAYBE, TOKEN_MAYBE, PASSWORD) and any(w in _SERVICE_WORDS for w in ws):
        if not any(w in _EXCHANGE_WORDS for w in ws):
            kind = SERVICE
    tail = ws[at + 1 :]
    if any(w in _META_AFTER for w in tail):
        return None
    return kind


def _kind_of(ws: Sequence[str], parents: Tuple[str, ...]) -> Tuple[Optional[str], int]:
    """(kind, index of the word that decided it).  The last credential word decides."""
    n = len(ws)
    for i in range(n - 1, -1, -1):
        w = ws[i]
        prev = ws[i - 1] if i else ""
        if w == "mnemonic" or (w == "phrase" and prev in ("seed", "recovery", "secret", "backup", "wallet", "solana",
                                                          "sol", "phantom", "metamask", "bip39", "eth", "evm")):
            return MNEMONIC, i
        if w == "words" and prev in ("seed", "mnemonic", "recovery"):
            return MNEMONIC, i
        if w == "passphrase":
            if prev in ("gateway", "config", "wallet", "keystore", "keyfile", "gpg", "ssh", "db", "database"):
                return PASSWORD, i
            return EXCHANGE, i
        if w == "password":
            return PASSWORD, i
        if w == "twofa":
            return PASSWORD, i
        if w == "webhook" or (w == "url" and prev == "webhook") or (w == "hook" and prev == "web"):
            return WEBHOOK, i
        if w == "key":
            if prev == "secret" and i >= 2 and ws[i - 2] in _NON_API_SECRET:
                return SECRET, i
            if prev in ("private", "signing", "signer", "wallet", "sk", "eth", "evm", "solana", "sol"):
                return PRIVATE_KEY, i
            if prev in ("api", "access", "secret", "exchange", "trading", "trade", "client", "auth",
                        "app", "consumer", "master", "sub", "account", "user") or prev in _EXCHANGE_WORDS:
                return EXCHANGE, i
            if any(p in _EXCHANGE_WORDS or p in ("exchanges", "credentials", "connector") for p in parents):
                return EXCHANGE, i
            return KEY_MAYBE, i
        if w == "secret":
            if prev in _NON_API_SECRET:
                return SECRET, i
            return EXCHANGE, i
        if w == "token":
            if prev in ("bot", "telegram", "tg", "discord"):
                return BOT_TOKEN, i
            if prev in _AUTH_TOKEN:
                return TOKEN, i
            if prev in _ASSET_TOKEN:
                return None, i
            if any(p in ("telegram", "discord", "bot") for p in parents):
                return BOT_TOKEN, i
            return TOKEN_MAYBE, i
        if w == "pk" and n == 1:
            return None, i  # primary key as often as private key
        if w == "seed" and n <= 2 and i == n - 1:
            return MNEMONIC, i
        if w == "credential" or w == "credentials" or w == "creds":
            return SECRET, i
    return None, -1


def is_exchange_context(name: str) -> bool:
    return any(w in _EXCHANGE_WORDS for w in words(name))


# -- credential names in data flow (BOT2, and any rule following values) --------------------

# kinds whose value is a credential (KEY_MAYBE / TOKEN_MAYBE / SERVICE are not, alone)
STRONG_KINDS = frozenset({EXCHANGE, PRIVATE_KEY, MNEMONIC, BOT_TOKEN, WEBHOOK, PASSWORD, TOKEN, SECRET})
# words that make a value derived from a credential, not the credential in clear
_NOT_CLEAR_WORDS = frozenset(
    """crypted encrypted encrypt cipher ciphered ciphertext enc hashed hash masked mask redacted
    obfuscated sig signature signed digest len length exception exc error errors warning""".split()
)
# first words of a function name that returns what the rest names (get_api_secret)
_FUNC_PREFIXES = frozenset({"get", "fetch", "load", "read", "retrieve", "obtain", "decrypt", "getpass"})


# holders whose ``key`` is a private key (not ``account.key``: an API account's key is its id)
_WALLET_WORDS = frozenset({"wallet", "wallets", "signer", "keypair", "burner", "hotwallet", "eoa"})


# connection strings that carry a password (postgres://user:pw@host/db, redis://:pw@host) and
# node URLs that carry the provider's API key (https://eth-mainnet.g.alchemy.com/v2/<key>)
_CONN_SERVICES = frozenset(
    """database db postgres postgresql pg psql mysql mariadb mongo mongodb redis amqp rabbitmq rabbit
    broker celery sqlalchemy timescale clickhouse influx influxdb rpc node provider alchemy infura
    quicknode helius ankr chainstack moralis""".split()
)
_CONN_ENDS = frozenset({"url", "uri", "dsn", "endpoint"})
_NOT_CONN = frozenset({"public", "explorer", "scan", "docs", "doc", "example", "default", "fallback", "base"})


def connection_url(name: str) -> bool:
    """A setting that names a connection string or a node URL (``DATABASE_URL``, ``REDIS_URI``,
    ``PG_DSN``, ``ETH_RPC_URL``, ``ALCHEMY_URL``): its value usually carries a password or an
    API key, so the data flow follows it out of an environment or config look-up.  Not a
    credential name for BOT1: a literal URL there is judged by its own shape (the password in
    it, a keyed provider path)."""
    ws = words(name)
    if not ws or len(ws) > 5 or _NOT_CONN & set(ws):
        return False
    if ws == ("dsn",):
        return True
    return ws[-1] in _CONN_ENDS and bool(_CONN_SERVICES & set(ws[:-1]))


_TX_WORDS = frozenset({"message", "msg", "transaction", "tx", "txn", "instruction", "ix", "meta", "compiled"})


def credential_kind(name: str, parents: Tuple[str, ...] = ()) -> Optional[str]:
    """The kind of credential a variable, attribute or key name holds in clear, else None."""
    if not name or len(name) > 80:
        return None
    kind = classify(name, parents)
    ws = words(name)
    if ws in (("account", "keys"), ("account", "key")) and parents \
            and _TX_WORDS & {w for p in parents[-2:] for w in words(p)}:
        return None  # a Solana message's account_keys: the public keys a transaction touches
    if kind is None and ws in (("url",), ("uri",)) and parents and "webhook" in words(parents[-1]):
        return WEBHOOK  # freqtrade's webhook.url
    if ws == ("key",) and parents and _WALLET_WORDS & set(words(parents[-1])):
        return PRIVATE_KEY  # wallet.key, signer.key, keypair.key: eth_account's LocalAccount.key
    if kind not in STRONG_KINDS:
        return None
    if ws and ws[0] in FLAG_FIRST:
        return None
    if _NOT_CLEAR_WORDS & set(ws):
        return None
    if kind == MNEMONIC and not ({"mnemonic", "phrase", "words"} & set(ws)):
        return None  # a bare "seed" is a random seed as often as a wallet seed
    return kind


def func_name_kind(name: str) -> Optional[str]:
    """``get_password`` / ``load_api_secret`` / ``getpass`` -> the kind they return."""
    ws = words(name)
    if not ws:
        return None
    if name in ("getpass",):
        return PASSWORD
    if ws[0] in _FUNC_PREFIXES and len(ws) > 1:
        rest = "_".join(ws[1:])
        return credential_kind(rest)
    return None


# the last words of a label naming an exchange API key's public half: the key id an exchange
# shows in its key list (``apiKey``, ``api_key``, ``access_key``), not the secret that signs
_KEY_ID_ENDS = frozenset({("api", "key"), ("access", "key"), ("key",)})
_NOT_KEY_ID = frozenset(
    """secret private priv signing wallet sk pk password passphrase token seed mnemonic phrase
    webhook""".split()
)


def is_key_id(label: str) -> bool:
    """A label naming an exchange API key id (``ex.apiKey``, ``API_KEY``, ``creds["key"]``,
    ``BINANCE_ACCESS_KEY``): the public half of a key pair, which bots print a short prefix of to
    tell keys apart.  Not a secret, passphrase, private key or token (``api_secret``,
    ``secret_key``, ``private_key``, ``passphrase``): a prefix of those is part of the secret."""
    ws = words(label)
    if not ws or _NOT_KEY_ID & set(ws):
        return False
    return ws[-2:] in _KEY_ID_ENDS or ws[-1:] in _KEY_ID_ENDS


# names of what holds credentials as a whole: a config, a settings object, an account
_HOLDER_WORDS = frozenset({"cfg", "conf", "config", "configuration", "settings", "creds", "credentials", "secrets",
                           "keys", "account", "accounts", "acct", "accts", "acc", "wallet", "wallets", "keypair",
                           "signer", "profile", "profiles"})


def holds_credentials(name: str) -> bool:
    """A parameter or variable named as a credential (``api_key``) or as what holds them
    (``cfg``, ``settings``, ``account``): a helper given one knows what it is handling."""
    return credential_kind(name) is not None or bool(_HOLDER_WORDS & set(words(name)))
