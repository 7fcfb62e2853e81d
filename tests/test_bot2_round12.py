"""BOT2 round 12: the exception of a failed request whose URL carries a credential (requests,
httpx and aiohttp put the URL in the exception's text), connection strings and node URLs read
from the environment or a config (``DATABASE_URL``, ``REDIS_URL``, ``ETH_RPC_URL``: they carry
a password or the provider's key), a session's headers logged after an API key was put in
them, and the keys of a mapping (``sorted(cfg)``) that are not its values.

Each case is a small module; the expected findings are marked on their lines with ``#> CODE``
and every other line must have no BOT2 finding.  Credentials are environment look-ups.
"""
from __future__ import annotations

from typing import List, Tuple

import pytest

from botlint.analysis.names import connection_url

from helpers import check_marked

def check(src: str) -> List[Tuple[int, str, str]]:
    return check_marked(src, ["BOT2"])


# -- 1. the exception of a request whose URL holds a credential ---------------------------------

REQUEST_ERRORS = [
    # a Telegram bot token in the path; the handler logs the exception
    '''import logging, os
import requests
log = logging.getLogger("alerts")
TOKEN = os.environ["TG_BOT_TOKEN"]
SEND = f"https://api.telegram.org/bot{TOKEN}/sendMessage"

def alert(chat, text):
    try:
        requests.post(SEND, json={"chat_id": chat, "text": text}, timeout=5).raise_for_status()
    except requests.RequestException as exc:
        log.warning("alert failed: %s", exc)  #> BOT201
''',
    # an API key in the query of an httpx call; the handler re-raises with the text
    '''import os
import httpx
KEY = os.getenv("ETHERSCAN_API_KEY")

async def balance(addr):
    url = f"https://api.etherscan.io/api?module=account&action=balance&address={addr}&apikey={KEY}"
    async with httpx.AsyncClient() as client:
        try:
            r = await client.get(url)
            r.raise_for_status()
        except httpx.HTTPError as err:
            raise RuntimeError(f"etherscan: {err}") from err  #> BOT202
    return r.json()
''',
    # aiohttp session, the exception printed
    '''import os
import aiohttp
HOOK = os.environ["DISCORD_WEBHOOK_URL"]

async def post(msg):
    async with aiohttp.ClientSession() as session:
        try:
            async with session.post(HOOK, json={"content": msg}) as resp:
                resp.raise_for_status()
        except aiohttp.ClientError as e:
            print("discord post failed:", e)  #> BOT201
''',
    # an API key passed as params= is in the URL's query
    '''import logging, os
import requests
log = logging.getLogger(__name__)

def gas_price():
    try:
        r = requests.get("https://api.etherscan.io/api",
                         params={"module": "gastracker", "action": "gasoracle",
                                 "apikey": os.environ["ETHERSCAN_API_KEY"]})
        r.raise_for_status()
    except requests.HTTPError as exc:
        log.warning("gas oracle: %s", exc)  #> BOT201
''',
]

REQUEST_ERRORS_CLEAN = [
    # nothing secret in the URL: the key travels in a header, which no exception shows
    '''import logging, os
import requests
log = logging.getLogger(__name__)
KEY = os.environ["BINANCE_API_KEY"]

def account():
    try:
        r = requests.get("https://api.binance.com/api/v3/account", headers={"X-MBX-APIKEY": KEY})
        r.raise_for_status()
    except requests.HTTPError as exc:
        log.error("account failed: %s", exc)
''',
    # urllib's errors do not show the URL
    '''import logging, os
import urllib.request, urllib.error
log = logging.getLogger(__name__)
TOKEN = os.environ["TG_BOT_TOKEN"]

def ping():
    try:
        urllib.request.urlopen(f"https://api.telegram.org/bot{TOKEN}/getMe", timeout=5)
    except urllib.error.URLError as exc:
        log.error("telegram unreachable: %s", exc)
''',
    # a public URL; the exception logged is harmless
    '''import logging
import requests
log = logging.getLogger(__name__)

def ticker(symbol):
    try:
        return requests.get("https://api.kraken.com/0/public/Ticker", params={"pair": symbol}).json()
    except requests.RequestException as exc:
        log.warning("ticker failed: %s", exc)
''',
]


@pytest.mark.parametrize("src", REQUEST_ERRORS)
def test_request_exception_shows_the_credential_in_its_url(src):
    got = check(src)
    assert all("exception text shows" in m for _l, _c, m in got), got


@pytest.mark.parametrize("src", REQUEST_ERRORS_CLEAN)
def test_request_exception_without_a_credential_in_the_url(src):
    check(src)


# -- 2. connection strings and node URLs --------------------------------------------------------

CONNECTIONS = [
    '''import logging, os
from sqlalchemy import create_engine
log = logging.getLogger(__name__)
DATABASE_URL = os.getenv("DATABASE_URL", "sqlite:///bot.db")

def engine():
    log.info("database: %s", DATABASE_URL)  #> BOT201
    eng = create_engine(DATABASE_URL)
    log.info("engine url: %s", eng.url)
    return eng
''',
    '''import os
from urllib.parse import urlparse
from web3 import Web3
RPC = os.environ["ARBITRUM_RPC_URL"]
w3 = Web3(Web3.HTTPProvider(RPC))
print("node host", urlparse(RPC).hostname)
if not w3.is_connected():
    raise ConnectionError(f"node {RPC} unreachable")  #> BOT202
''',
    '''import logging
from os import environ
log = logging.getLogger(__name__)
log.info("broker at %s", environ.get("CELERY_BROKER_URL"))  #> BOT201
log.info("redis at %s", environ.get("REDIS_HOST"))
''',
]

CONNECTIONS_CLEAN = [
    # a URL of a config dict: followed from the environment only (generic config helpers log
    # other keys of the same dict, ``logstring.format(config[argname])``)
    '''import json, logging
log = logging.getLogger(__name__)
with open("config.json") as fh:
    cfg = json.load(fh)
log.info("mongo at %s", cfg["mongo_uri"])
''',
    '''import os
PUBLIC_RPC_URL = os.getenv("PUBLIC_RPC_URL", "https://cloudflare-eth.com")
BASE_URL = os.getenv("EXCHANGE_BASE_URL", "https://api.bybit.com")
WS_URL = os.getenv("BINANCE_WS_URL")
print(PUBLIC_RPC_URL, BASE_URL, WS_URL)
''',
]


@pytest.mark.parametrize("src", CONNECTIONS)
def test_connection_urls_are_followed(src):
    got = check(src)
    assert all("connection URL" in m for _l, _c, m in got), got


@pytest.mark.parametrize("src", CONNECTIONS_CLEAN)
def test_other_urls_are_not(src):
    check(src)


@pytest.mark.parametrize("name,expect", [
    ("DATABASE_URL", True), ("SQLALCHEMY_DATABASE_URI", True), ("PG_DSN", True), ("dsn", True),
    ("redisUrl", True), ("CELERY_BROKER_URL", True), ("ETH_RPC_URL", True), ("alchemy_url", True),
    ("NODE_ENDPOINT", True), ("PUBLIC_RPC_URL", False), ("EXPLORER_URL", False), ("API_URL", False),
    ("WEBHOOK_URL", False), ("DATABASE_NAME", False), ("RPC_TIMEOUT", False),
])
def test_connection_url_names(name, expect):
    assert connection_url(name) is expect


# -- 3. a session's headers, and a mapping's keys -----------------------------------------------

def test_session_headers_logged_after_a_key_was_put_in_them():
    check('''import logging, os
import requests
log = logging.getLogger(__name__)
s = requests.Session()
s.headers.update({"X-MBX-APIKEY": os.environ["BINANCE_API_KEY"]})
log.debug("headers: %s", s.headers)  #> BOT201
plain = requests.Session()
plain.headers.update({"User-Agent": "gridbot/1.0"})
log.debug("headers: %s", plain.headers)
''')


def test_the_keys_of_a_mapping_are_not_its_values():
    check('''import logging, os
from dotenv import dotenv_values
log = logging.getLogger(__name__)
cfg = dotenv_values(".env")
log.info("settings: %s", sorted(cfg))
log.info("environment: %s", list(os.environ))
log.info("settings: %s", cfg)  #> BOT201
log.info("environment: %s", dict(os.environ))  #> BOT201
''')


def test_the_traceback_log_exception_writes_shows_the_request_url():
    check('''import logging, os
import requests
log = logging.getLogger(__name__)
TOKEN = os.environ["TG_BOT_TOKEN"]

def send(chat, text):
    try:
        requests.post(f"https://api.telegram.org/bot{TOKEN}/sendMessage", data={"chat_id": chat, "text": text})
    except Exception:
        log.exception("telegram send failed")  #> BOT201
    try:
        requests.get("https://api.kraken.com/0/public/Time")
    except Exception:
        log.exception("clock check failed")
    try:
        requests.post(f"https://api.telegram.org/bot{TOKEN}/getMe")
    except requests.RequestException as exc:
        log.error("getMe failed", exc_info=True)  #> BOT201
        log.error("getMe failed")
''')


# -- 4. http.client wire debugging ---------------------------------------------------------------

def test_wire_debugging_with_a_credential_header():
    check('''import http.client, os
import requests
http.client.HTTPConnection.debuglevel = 1  #> BOT207
s = requests.Session()
s.headers["X-MBX-APIKEY"] = os.environ["BINANCE_API_KEY"]
print(s.get("https://api.binance.com/api/v3/account").status_code)
''')


def test_wire_debugging_with_a_credentialed_ccxt_client_and_set_debuglevel():
    check('''import os
from http.client import HTTPSConnection
import ccxt
HTTPSConnection.debuglevel = 2  #> BOT207
conn = HTTPSConnection("api.kraken.com")
conn.set_debuglevel(1)  #> BOT207
ex = ccxt.kraken({"apiKey": os.environ["KRAKEN_KEY"], "secret": os.environ["KRAKEN_SECRET"]})
''')


def test_wire_debugging_without_credentials_or_switched_off():
    check('''import http.client, os
import requests
http.client.HTTPConnection.debuglevel = 1
print(requests.get("https://api.binance.com/api/v3/time").json(), os.environ.get("HOME"))
''')
    check('''import http.client, os
import requests
http.client.HTTPConnection.debuglevel = 0
requests.get("https://api.binance.com/api/v3/account", headers={"X-MBX-APIKEY": os.environ["BINANCE_API_KEY"]})
''')


# -- 5. HTTP libraries that log request URLs holding a credential -------------------------------

PTB = '''import logging, os
from telegram.ext import ApplicationBuilder, CommandHandler
logging.basicConfig(format="%(asctime)s %(levelname)s %(message)s", level={level})  {mark}
{extra}
async def start(update, context):
    await update.message.reply_text("online")

def main():
    app = ApplicationBuilder().token(os.environ["TELEGRAM_BOT_TOKEN"]).build()
    app.add_handler(CommandHandler("start", start))
    app.run_polling()
'''


@pytest.mark.parametrize("level,extra,mark", [
    ("logging.INFO", "", "#> BOT207"),
    ("logging.DEBUG", "", "#> BOT207"),
    ("logging.INFO", 'logging.getLogger("httpx").setLevel(logging.INFO)', "#> BOT207"),
    ("logging.INFO", 'logging.getLogger("httpx").setLevel(logging.WARNING)', ""),
    ("logging.WARNING", "", ""),
])
def test_python_telegram_bot_with_info_logging(level, extra, mark):
    got = check(PTB.format(level=level, extra=extra, mark=mark))
    assert all('getLogger("httpx")' in m for _l, _c, m in got)


def test_requests_urls_logged_by_urllib3_at_debug():
    check('''import logging, os
import requests
logging.basicConfig(level=logging.INFO)
logging.getLogger("urllib3").setLevel(logging.DEBUG)  #> BOT207
KEY = os.environ["CMC_PRO_API_KEY"]

def quotes():
    return requests.get("https://pro-api.coinmarketcap.com/v1/cryptocurrency/quotes/latest",
                        params={"symbol": "BTC", "CMC_PRO_API_KEY": KEY}).json()
''')
    check('''import logging, os
import requests
logging.basicConfig(level=logging.DEBUG)
KEY = os.environ["BINANCE_API_KEY"]

def account():
    return requests.get("https://api.binance.com/api/v3/account", headers={"X-MBX-APIKEY": KEY}).json()
''')


def test_httpx_call_with_a_token_url_and_info_logging():
    check('''import logging, os
import httpx
logging.getLogger().setLevel(logging.INFO)  #> BOT207
TOKEN = os.environ["TG_BOT_TOKEN"]

def send(chat, text):
    httpx.post(f"https://api.telegram.org/bot{TOKEN}/sendMessage", json={"chat_id": chat, "text": text})
''')


def test_a_caught_exception_raised_again_and_a_parameters_dict_as_params():
    # hummingbot's gateway client: the dict passed in is the body of a POST elsewhere, and
    # ``raise e`` passes the caught exception on without adding to it
    check('''import logging
import aiohttp
log = logging.getLogger(__name__)

class Gateway:
    async def api_request(self, method, path, params):
        url = f"https://localhost:15888/{path}"
        try:
            async with aiohttp.ClientSession() as client:
                if method == "get":
                    return await client.get(url, params=params)
                return await client.post(url, json=params)
        except Exception as e:
            log.error("call to %s failed: %s", url, e)
            raise e

    async def add_wallet(self, chain, private_key):
        return await self.api_request("post", "wallet/add", {"chain": chain, "privateKey": private_key})
''')


# -- 6. credentials read in a comprehension over literal names ----------------------------------

def test_a_comprehension_over_literal_names_reads_the_credentials_it_names():
    check('''import logging, os
log = logging.getLogger(__name__)
REQUIRED = ["BITGET_API_KEY", "BITGET_API_SECRET", "BITGET_PASSPHRASE"]
SETTINGS = ("LOG_LEVEL", "SYMBOL")
keys = {name: os.environ[name] for name in ("BITGET_API_KEY", "BITGET_API_SECRET")}
env = {k: os.getenv(k) for k in REQUIRED}
plain = {k: os.getenv(k) for k in SETTINGS}
missing = [k for k in REQUIRED if not os.getenv(k)]
present = {k: bool(os.getenv(k)) for k in REQUIRED}
log.info("keys: %s", keys)  #> BOT201
log.info("env: %s", env)  #> BOT201
log.info("settings: %s", plain)
log.error("missing: %s", missing)
log.info("present: %s", present)
''')


def test_a_section_of_a_credential_store_named_after_an_account():
    check('''import streamlit as st
st.title("dashboard")
st.json(dict(st.secrets["binance"]))  #> BOT201
st.write(st.secrets["telegram"])  #> BOT201
st.write("pairs", st.secrets["pairs"])
st.write("refresh", st.secrets["refresh_seconds"])
''')
