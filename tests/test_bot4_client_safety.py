"""BOT4xx behaviour beyond the fixtures: configured permission checks, test files, clients
given credentials later or through helpers."""
from __future__ import annotations

from botlint.engine import lint_source

from helpers import settings

LIVE = "import ccxt, os\nex = ccxt.binance({'apiKey': os.environ['K'], 'secret': os.environ['S']})\n"


def lint(src, filename="bot.py", **kw):
    return lint_source(src, filename, settings(["BOT4"], **kw))


def test_live_client_is_reported():
    (f,) = lint(LIVE)
    assert f.code == "BOT401" and "sapiGetAccountApiRestrictions" in f.message


def test_configured_permission_check_guards():
    src = LIVE + "from bot.safety import assert_trade_only\nassert_trade_only(ex)\n"
    assert lint(src, permission_checks=["assert_trade_only"]) == []
    assert lint(src, permission_checks=["bot.safety.assert_trade_only"]) == []
    assert [f.code for f in lint(src)] == ["BOT401"]


def test_sdk_permission_check_guards():
    src = ("from binance.client import Client\nclient = Client(k, s)\n"
           "if client.get_account_api_permissions()['enableWithdrawals']:\n    raise SystemExit(1)\n")
    assert lint(src) == []


def test_test_files_are_not_reported():
    assert lint(LIVE, "tests/test_live.py") == []
    assert lint("import requests\nrequests.get('https://api.binance.com', verify=False)\n", "tests/test_x.py") == []


def test_async_with_and_later_credentials():
    src = ("import ccxt.pro as ccxtpro\n\nasync def main(key, secret):\n"
           "    async with ccxtpro.bybit() as ex:\n        ex.apiKey = key\n        ex.secret = secret\n"
           "        await ex.watch_balance()\n")
    (f,) = lint(src)
    assert f.code == "BOT401" and "bybit" in f.message


def test_sandbox_on_another_client_does_not_guard():
    src = ("import ccxt\nlive = ccxt.kraken({'apiKey': k, 'secret': s})\n"
           "test = ccxt.binance({'apiKey': k2, 'secret': s2})\ntest.set_sandbox_mode(True)\n")
    found = lint(src)
    assert [(f.line, f.code) for f in found] == [(2, "BOT401")]
    assert "only guard" in found[0].message


def test_legacy_url_swap_is_a_switch():
    src = LIVE + "ex.urls['api'] = ex.urls['test']\n"
    assert lint(src) == []


def test_no_sandbox_exchange_message():
    (f,) = lint("import ccxt\nex = ccxt.htx({'apiKey': k, 'secret': s})\n")
    assert "htx has no sandbox" in f.message and "v2PrivateGetUserApiKey" in f.message
