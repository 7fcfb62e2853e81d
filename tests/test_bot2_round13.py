"""BOT2 round 13: where a finding is reported when a credential goes through a helper (at the
call that hands it over, unless the helper itself knows it holds a key), URL templates kept as
class attributes, a notification URL carrying the service's own token, settings classes'
connection URLs, ``filter()`` over a list of URLs, Telethon replies, a parameter given to a
ccxt client as its key, a config passed to a helper that reads its keys and then logged whole,
and shell scripts that echo a credential.

Each case is a small module with its expected findings marked ``#> CODE``; every other line
must have no BOT2 finding.  Credentials are environment look-ups.
"""
from __future__ import annotations

from typing import List, Tuple

import pytest

from botlint.engine import lint_paths

from helpers import check_marked, settings


def check(src: str, filename: str = "bot.py") -> List[Tuple[int, str, str]]:
    return check_marked(src, ["BOT2"], filename)


# -- 1. a helper that takes any text: the call that puts the key in it is reported --------------

GENERIC_HELPERS = [
    '''import logging, os
log = logging.getLogger("bot")

def show(msg):
    log.info("bot: %s", msg)

def start():
    key = os.environ["BINANCE_API_KEY"]
    show(f"started with {key}")  #> BOT201
    show("started")
''',
    # two levels of helpers, a method, keyword arguments
    '''import os, requests

class Alerts:
    URL = "https://api.telegram.org/bot1/sendMessage"

    def send(self, text, chat=1):
        requests.post(self.URL, json={"chat_id": chat, "text": text})

    def warn(self, detail):
        self.send(text="warning: " + detail)

alerts = Alerts()

def on_error():
    alerts.warn(detail=f"secret {os.environ['KUCOIN_API_SECRET']} rejected")  #> BOT203
    alerts.warn(detail="rate limited")
''',
]


@pytest.mark.parametrize("src", GENERIC_HELPERS)
def test_a_text_built_at_the_call_is_reported_at_the_call(src):
    found = check(src)
    assert all("passed to " in m and "there (line" in m for _l, _c, m in found)


def test_a_value_handed_over_whole_is_the_helpers_to_show():
    # audit(account=master): the helper writes whatever it gets; reported at its sink
    check('''import json, os

def audit(event, **fields):
    with open("audit.log", "a") as fh:
        fh.write(json.dumps({"event": event, **fields}) + "\\n")  #> BOT204

master = {"apiKey": os.environ["BINANCE_API_KEY"], "secret": os.environ["BINANCE_API_SECRET"]}
audit("transfer", account=master, amount=5)
audit("start")
''')


NAMED_HELPERS = [
    # the helper's parameter is named as a key: the helper that logs it is the leak
    '''import logging, os
log = logging.getLogger("bot")

def connect(api_key, api_secret):
    log.info("connecting with %s", api_key)  #> BOT201
    return api_key

connect(os.environ["BYBIT_API_KEY"], os.environ["BYBIT_API_SECRET"])
''',
    # the helper reads the key attribute of the account it is given
    '''import os
from eth_account import Account

def show(acct):
    print("wallet key", acct.key.hex())  #> BOT201

show(Account.from_key(os.environ["ETH_PRIVATE_KEY"]))
''',
]


@pytest.mark.parametrize("src", NAMED_HELPERS)
def test_a_helper_that_knows_it_holds_a_key_is_reported_at_its_sink(src):
    check(src)


def test_across_modules_the_same_split(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "notify.py").write_text(
        "import logging\nlog = logging.getLogger('n')\n\n"
        "def say(text):\n    log.info('say %s', text)\n\n"
        "def login(api_key):\n    log.info('login %s', api_key)\n")
    (tmp_path / "main.py").write_text(
        "import os\nfrom notify import say, login\nKEY = os.environ['OKX_API_KEY']\nsay('key ' + KEY)\nlogin(KEY)\n")
    cache = str(tmp_path / ".cache")
    whole = sorted((f.path, f.line, f.code) for f in lint_paths(["."], settings(["BOT2"]), cache_dir=cache).findings)
    assert whole == [("main.py", 4, "BOT201"), ("notify.py", 8, "BOT201")]
    # a run over the caller alone (the pre-commit hook, the helpers' summaries cached) keeps
    # the call's finding where it was
    alone = [(f.path, f.line) for f in lint_paths(["main.py"], settings(["BOT2"]), cache_dir=cache).findings]
    assert ("main.py", 4) in alone


# -- 2. URL templates, notification URLs ------------------------------------------------------------

def test_a_url_template_kept_as_a_class_attribute_names_the_host():
    check('''import os, requests
import ccxt

class Telegram:
    API = "https://api.telegram.org/bot{token}/sendMessage"

    def __init__(self, token):
        self.url = self.API.format(token=token)

    def send(self, text):
        requests.post(self.url, json={"text": text})

class Bot:
    def __init__(self):
        self.ex = ccxt.binance({"apiKey": os.environ["BINANCE_API_KEY"], "secret": os.environ["BINANCE_SECRET"]})
        self.tg = Telegram(os.environ["TELEGRAM_TOKEN"])

    def auth_failed(self):
        self.tg.send(f"rejected {self.ex.apiKey}")  #> BOT203
        self.tg.send("started")
''')


def test_a_notification_urls_own_token_is_not_a_leak_whatever_its_type():
    check('''import httpx
from pydantic import SecretStr

class Telegram:
    def __init__(self, token: SecretStr, chat: int):
        self.token = token
        self.chat = chat

    async def send(self, text):
        url = f"https://api.telegram.org/bot{self.token.get_secret_value()}/sendMessage"
        async with httpx.AsyncClient() as c:
            await c.post(url, json={"chat_id": self.chat, "text": text})
''')


# -- 3. settings classes' connection URLs ----------------------------------------------------------

def test_a_settings_classs_connection_url_is_followed():
    check('''import logging
from pydantic import SecretStr
from pydantic_settings import BaseSettings
log = logging.getLogger("app")

class Settings(BaseSettings):
    database_url: str
    broker_url: str = "amqp://bot:hunter2@mq:5672//"
    redis_url: SecretStr = SecretStr("redis://localhost")
    cache_url: str = "redis://localhost:6379/0"
    log_level: str = "INFO"

settings = Settings()

def boot():
    log.info("db at %s", settings.database_url)  #> BOT201
    log.info("broker at %s", settings.broker_url)  #> BOT201
    log.info("redis at %s", settings.redis_url)
    log.info("cache at %s", settings.cache_url)
    log.info("level %s", settings.log_level)
''')


def test_a_plain_records_url_field_is_not_from_the_environment():
    check('''from dataclasses import dataclass

@dataclass
class Job:
    database_url: str

def show(job: Job):
    print(job.database_url)
''')


def test_a_settings_instance_of_another_module(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "app").mkdir()
    (tmp_path / "app/__init__.py").write_text("")
    (tmp_path / "app/settings.py").write_text(
        "from pydantic_settings import BaseSettings\n\nclass Settings(BaseSettings):\n"
        "    database_url: str\n    name: str = 'bot'\n\nsettings = Settings()\n")
    (tmp_path / "app/main.py").write_text(
        "import logging\nfrom .settings import settings\nlog = logging.getLogger('m')\n\n"
        "def start():\n    log.exception('no database at %s', settings.database_url)\n"
        "    log.info('name %s', settings.name)\n")
    found = [(f.path, f.line, f.code) for f in lint_paths(["app"], settings(["BOT2"]), use_cache=False).findings]
    assert found == [("app/main.py", 6, "BOT201")]


def test_filter_keeps_the_items_it_filters():
    check('''import os

def connect():
    urls = [os.getenv("ETH_RPC_URL"), os.getenv("BACKUP_RPC_URL"), None]
    for url in filter(None, urls):
        print(f"trying {url}")  #> BOT201
    for n in filter(None, ["a", "b"]):
        print(n)
''')


# -- 4. Telethon ---------------------------------------------------------------------------------------

def test_telethon_replies_are_messages():
    check('''import os
from telethon import TelegramClient, events

KEY = os.environ["BYBIT_API_KEY"]
client = TelegramClient("relay", 1, "hash")

@client.on(events.NewMessage(pattern="/key"))
async def on_key(event):
    await event.reply(f"copying with {KEY}")  #> BOT203
    await event.respond("key " + KEY)  #> BOT203
    await event.reply("copying")
''')


def test_reply_without_a_chat_library_is_not_a_message():
    check('''import os
KEY = os.environ["BYBIT_API_KEY"]

def handle(req):
    req.reply(KEY)
''')


# -- 5. a parameter given to a ccxt client as its key ----------------------------------------------

def test_a_parameter_given_to_a_client_as_its_key_is_that_key():
    check('''import ccxt

class Trader:
    def __init__(self, key, sec, rate_limit):
        self.key = key
        self.rate_limit = rate_limit
        self.ex = ccxt.kraken({"apiKey": key, "secret": sec, "enableRateLimit": rate_limit})

    def verify(self):
        try:
            return self.ex.fetch_balance()
        except ccxt.AuthenticationError as e:
            raise RuntimeError(f"auth failed for {self.key}: {e}") from e  #> BOT202

    def describe(self):
        print("rate limit", self.rate_limit)
''')


# -- 6. a config handed to a helper that reads its keys, then logged whole --------------------------

def test_a_config_passed_to_a_reader_of_its_keys_is_a_credential_container():
    check('''import logging, yaml
import ccxt
log = logging.getLogger("grid")

def load(path):
    with open(path) as fh:
        return yaml.safe_load(fh)

class Grid:
    def __init__(self, cfg):
        ex = cfg["exchange"]
        self.client = ccxt.binance({"apiKey": ex["api_key"], "secret": ex["api_secret"]})

def summary(cfg):
    return cfg["grid"]["levels"]

def main():
    cfg = load("config.yaml")
    log.info("loaded %s", cfg)  #> BOT201
    Grid(cfg)
    other = load("grid.yaml")
    log.info("grid %s", other)
    summary(other)
''')


# -- 7. shell scripts ---------------------------------------------------------------------------------

SCRIPT = '''#!/usr/bin/env bash
set -euo pipefail
# echo "key=$BINANCE_API_KEY" (a comment)
echo "[start] key=${BINANCE_API_KEY} level=${LOG_LEVEL:-info}"  #> BOT201
printf 'secret: %s\\n' "$BINANCE_API_SECRET"  #> BOT201
cd /app && echo "token ${TELEGRAM_BOT_TOKEN:-unset}"  #> BOT201
echo "BINANCE_API_KEY=$BINANCE_API_KEY" > .env
echo "$DOCKER_PASSWORD" | docker login -u bot --password-stdin
echo "key length ${#BINANCE_API_KEY}, set: ${BINANCE_API_SECRET:+yes}, tail ${BINANCE_API_KEY:0:4}"
echo "starting on $EXCHANGE with $SYMBOL"
echo "literal \\$BINANCE_API_KEY"
exec python bot.py
'''


def _script(text: str) -> str:
    """The marks are Python-style comments: in a script they stay on the line as text."""
    return text


def test_a_shell_script_that_echoes_a_credential():
    found = check(_script(SCRIPT), "start.sh")
    assert all("from the environment reaches" in m for _l, _c, m in found)


def test_a_script_by_its_shebang_and_not_a_text_note():
    body = SCRIPT.replace("#!/usr/bin/env bash\n", "")
    check("#!/bin/sh\n" + body, "run")
    # the same lines in a README are prose, not a program
    assert lint_paths  # (imported for the module-level tests)
    from botlint.engine import lint_source

    assert [f for f in lint_source(body, "NOTES.md", settings(["BOT2"]))] == []


# -- 8. a credential-named attribute through a helper's text; public key lists ---------------------

def test_an_attribute_named_as_a_key_goes_through_a_helpers_text():
    check('''import requests

class Maker:
    def __init__(self, s):
        self.s = s

    def alert(self, text):
        requests.post(f"https://api.telegram.org/bot{self.s.telegram_token}/sendMessage",
                      json={"chat_id": self.s.chat_id, "text": text})

    def on_auth_error(self, e):
        self.alert(f"auth failed for key {self.s.creds.api_key}: {e}")  #> BOT203
        self.alert(f"auth failed for token {self.s.creds.token}: {e}")
        self.alert(f"auth failed on {self.s.venue}: {e}")
''')


def test_a_solana_messages_account_keys_are_public():
    check('''import logging
log = logging.getLogger("sniper")

def creator(tx):
    keys = tx.value.transaction.transaction.message.account_keys
    log.info("accounts %s", keys)
    return str(keys[1])

def buy(tx):
    log.warning("sim failed for %s", creator(tx))
''')
