"""BOT2 round 14: objects of another module's class built with a credential.  A constructor
keeps its parameters in fields (``self.token = token``); a method of the class prints them
(reported at that method's sink, citing the call that built the object) or returns them
(``auth.headers()``: reported where the caller sends the result).  The same judgement as in
one module: a method that shows only other fields, a length or the key masked, or that sends
the bot's own token to its API, is not a leak.

Each project is a few modules; the expected findings are marked ``# error: [CODE]`` in any of them and
every other line must have no BOT2 finding.
"""
from __future__ import annotations

from typing import Dict, Set, Tuple


from helpers import expected_markers, lint_project


def _check(tmp_path, monkeypatch, files: Dict[str, str]) -> None:
    found, _ = lint_project(tmp_path, monkeypatch, files, select=("BOT2",))
    want: Set[Tuple[str, int, str]] = {(path, line, code) for path, text in files.items()
                                       for line, code in expected_markers(text)}
    assert set(found) == want


NOTIFIER = '''import logging
import requests

log = logging.getLogger("notify")


class Notifier:
    def __init__(self, token, chat_id, prefix=""):
        self.token = token
        self.chat_id = chat_id
        self.prefix = prefix

    def describe(self):
        print(f"notifier for chat {self.chat_id} using {self.token}")  # error: [BOT201]

    def summary(self):
        log.info("chat %s, prefix %r, token of %d chars", self.chat_id, self.prefix, len(self.token))

    def send(self, text):
        requests.post(f"https://api.telegram.org/bot{self.token}/sendMessage",
                      json={"chat_id": self.chat_id, "text": self.prefix + text}, timeout=10)
'''

AUTH = '''import hashlib
import hmac
import time


class Auth:
    def __init__(self, key, secret):
        self._key = key
        self._secret = secret

    def headers(self):
        return {"X-API-KEY": self._key, "X-API-SECRET": self._secret}

    def signed(self, query):
        ts = str(int(time.time() * 1000))
        sig = hmac.new(self._secret.encode(), (ts + query).encode(), hashlib.sha256).hexdigest()
        return {"X-API-KEY-ID": "k-" + str(len(self._key)), "X-TS": ts, "X-SIG": sig}

    def public(self):
        return {"Accept": "application/json"}
'''


def test_a_method_shows_a_constructor_parameter_given_a_credential_elsewhere(tmp_path, monkeypatch):
    _check(tmp_path, monkeypatch, {
        "bot/__init__.py": "",
        "bot/notify.py": NOTIFIER,
        "bot/main.py": '''import os

from bot.notify import Notifier


def main():
    n = Notifier(os.environ["TELEGRAM_BOT_TOKEN"], int(os.environ.get("CHAT_ID", "0")), prefix="[bot] ")
    n.describe()
    n.summary()
    n.send("started")
''',
    })


def test_a_method_returning_a_constructor_parameter_is_followed_to_the_callers_sink(tmp_path, monkeypatch):
    _check(tmp_path, monkeypatch, {
        "client/__init__.py": "",
        "client/auth.py": AUTH,
        "client/run.py": '''import logging
import os

import requests

from client.auth import Auth

log = logging.getLogger(__name__)


class Trader:
    def __init__(self):
        self.auth = Auth(os.environ["EXCHANGE_API_KEY"], os.environ["EXCHANGE_API_SECRET"])

    def balances(self):
        log.debug("public headers %s", self.auth.public())
        log.debug("signed headers %s", self.auth.signed("a=1"))
        return requests.get("https://api.exchange.example/v1/balances", headers=self.auth.headers(), timeout=5)

    def dump(self):
        log.debug("auth headers %s", self.auth.headers())  # error: [BOT201]


def once():
    auth = Auth(os.environ["EXCHANGE_API_KEY"], os.environ["EXCHANGE_API_SECRET"])
    h = auth.headers()
    print("headers:", h)  # error: [BOT201]
    plain = Auth("demo", os.environ.get("DEMO_LABEL", "demo"))
    print(plain.headers())
''',
    })


def test_an_object_built_without_a_credential_shows_nothing(tmp_path, monkeypatch):
    _check(tmp_path, monkeypatch, {
        "notify.py": NOTIFIER.replace("  # error: [BOT201]", ""),
        "main.py": '''import os

from notify import Notifier

n = Notifier(os.environ.get("CHANNEL_NAME", "alerts"), 42)
n.describe()
''',
    })
