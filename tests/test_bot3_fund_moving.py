"""BOT3xx behaviour beyond the fixtures: the pre-check never hides a table entry, messages
carry method/exchange/reason, tests and adapters get lower severity, not silence."""
from __future__ import annotations

import json
import os

import pytest

from botlint import venues
from botlint.analysis.fund_paths import match_fund_path
from botlint.engine import lint_source
from botlint.model import Severity
from botlint.rules.bot3_fund_moving import FundMovingCall

from conftest import ROOT
from helpers import settings


def lint(src, filename="bot.py", select=("BOT3",)):
    return lint_source(src, filename, settings(list(select)))


def test_precheck_covers_every_generated_name_and_path():
    with open(os.path.join(ROOT, "src", "botlint", "data", "ccxt_tables.json")) as fh:
        table = json.load(fh)
    missing = []
    for rec in table["endpoints"]:
        # single-word relative paths ('send', 'move') are never matched as raw strings
        paths = [rec["path"]] if "/" in rec["path"].strip("/") else []
        for text in rec["names"] + rec["url_paths"] + paths:
            if not FundMovingCall.PRECHECK.search(text):
                missing.append(text)
    for snake, info in table["unified"].items():
        for text in (snake, info["camel"]):
            if not FundMovingCall.PRECHECK.search(text):
                missing.append(text)
    for sdk in venues.SDKS:
        missing += [m for m in sdk.fund_methods if not FundMovingCall.PRECHECK.search(m)]
    missing += [p for p in venues.extra_fund_paths() if not FundMovingCall.PRECHECK.search(p)]
    assert not missing


def test_every_url_path_of_the_table_is_recognised_in_a_string():
    t = venues.tables()
    for ep in {id(e): e for e in t.by_name.values()}.values():
        for up in ep.url_paths:
            hit = match_fund_path(up)
            assert hit is not None, up


def test_message_names_method_exchange_and_reason():
    src = "import ccxt\nex = ccxt.kraken({'apiKey': k, 'secret': s})\nex.withdraw('BTC', 1, addr)\n"
    (f,) = lint(src)
    assert f.code == "BOT301"
    assert "withdraw()" in f.message and "kraken" in f.message and "permission" in f.message


def test_camel_and_snake_spellings():
    src = ("import ccxt\nex = ccxt.binance()\nex.futuresTransfer('USDT', 1, 1)\nex.futures_transfer('USDT', 1, 1)\n"
           "ex.transferIn('USDT', 1)\nex.transfer_out('USDT', 1)\n")
    assert [f.code for f in lint(src)] == ["BOT302"] * 4


def test_name_only_receivers_have_lower_confidence():
    with_import = lint("import ccxt\n\ndef f(exchange):\n    exchange.withdraw('BTC', 1, a)\n")
    without = lint("def f(exchange):\n    exchange.withdraw('BTC', 1, a)\n")
    typed = lint("import ccxt\n\ndef f(exchange: ccxt.Exchange):\n    exchange.withdraw('BTC', 1, a)\n")
    assert [f.confidence.name for f in typed] == ["HIGH"]
    assert [f.confidence.name for f in with_import] == ["MEDIUM"]
    assert [f.confidence.name for f in without] == ["LOW"]


def test_generic_receivers_need_an_exchange_import():
    assert lint("def f(client):\n    client.withdraw(1)\n") == []
    assert [f.code for f in lint("import ccxt\n\ndef f(client):\n    client.withdraw('BTC', 1, a)\n")] == ["BOT301"]
    assert lint("import ccxt\n\ndef f(account):\n    account.withdraw(1)\n") == []


def test_deposit_only_on_known_clients():
    assert lint("import ccxt\n\ndef f(exchange):\n    exchange.deposit('USD', 1)\n") == []
    assert [f.code for f in lint("import ccxt\nex = ccxt.coinbase()\nex.deposit('USD', 10, 'pm')\n")] == ["BOT302"]
    assert lint("import ccxt\nex = ccxt.binance()\nex.deposit('USD', 10)\n") == []


def test_tests_keep_findings_at_lower_severity():
    src = "import ccxt\nex = ccxt.binance()\nex.withdraw('BTC', 1, a)\n"
    (live,) = lint(src, "bot.py")
    (test,) = lint(src, "tests/test_bot.py")
    assert live.severity == Severity.HIGH and test.severity == Severity.MEDIUM


def test_adapter_code_is_reported_distinctly():
    src = ("from ccxt.async_support.base.exchange import Exchange\n\nclass x(Exchange):\n"
           "    async def withdraw(self, code, amount, address, tag=None, params={}):\n"
           "        return await self.sapiPostCapitalWithdrawApply(params)\n")
    (f,) = lint(src)
    assert f.code == "BOT306" and f.severity == Severity.LOW and "implementation" in f.message


def test_request_with_api_list_and_other_verb():
    ok = lint("import ccxt\nex = ccxt.binance()\nex.request('capital/withdraw/apply', ['sapi'], 'POST', p)\n")
    assert [f.code for f in ok] == ["BOT303"]
    assert lint("import ccxt\nex = ccxt.binance()\nex.request('capital/withdraw/apply', 'sapi', 'GET')\n") == []


def test_receiver_of_a_factory_defined_later():
    src = ("import ccxt\n\nclass Bot:\n    def __init__(self):\n        self.ex = self._make()\n\n"
           "    def sweep(self):\n        self.ex.transfer('USDT', 1, 'spot', 'funding')\n\n"
           "    def _make(self):\n        return ccxt.okx({'apiKey': k, 'secret': s, 'password': p})\n")
    (f,) = lint(src)
    assert f.code == "BOT302" and "okx" in f.message and f.confidence.name == "HIGH"


@pytest.mark.parametrize("src", [
    "x = 'see exchange.withdraw() in the docs'\n",
    "def withdraw(amount):\n    return amount\n\nwithdraw(3)\n",
    "import ccxt\nex = ccxt.binance()\nex.fetch_deposit_withdraw_fees()\nex.fetch_withdrawal('1')\n",
    "from web3 import Web3\ncontract.functions.transfer(to, 1).estimate_gas()\n",
    "session.send_transaction(tx)\n",
])
def test_not_reported(src):
    assert lint(src) == []


# -- issue 9: checks report typed rules; BOT305 is its own check; one finding per withdrawal --------

def test_onchain_sends_are_their_own_check():
    from botlint.rules.bot3_fund_moving import OnchainTransfer

    assert "BOT305" not in FundMovingCall.codes() and OnchainTransfer.walks()
    src = "from web3 import Web3\nw3 = Web3()\nw3.eth.send_raw_transaction(raw)\n"
    assert [f.code for f in lint(src, select=("BOT305",))] == ["BOT305"]


def test_every_reported_rule_has_a_template_for_each_shape():
    from botlint.rules import bot3_fund_moving as bot3
    from botlint.rules import bot4_client_safety as bot4
    from botlint import registry

    for check in (bot3.FundMovingCall, bot3.OnchainTransfer, bot4.ClientSafety):
        for code in check.codes():
            template = registry.get(code).TEMPLATE
            assert template and (isinstance(template, str) or all(template.values())), code


def test_a_raw_withdrawal_through_a_request_helper_is_reported_once():
    src = ("import ccxt\nclass Bot:\n    def __init__(self):\n"
           "        self.ex = ccxt.binance({'apiKey': k, 'secret': s})\n"
           "    def _request(self, path, params):\n        return self.ex.request(path, 'sapi', 'POST', params)\n"
           "    def sweep(self):\n        self._request('capital/withdraw/apply', {'coin': 'USDT'})\n")
    (f,) = lint(src)
    assert (f.line, f.code) == (8, "BOT303") and "binance" in f.message and "_request(" in f.message


@pytest.mark.parametrize("src", [
    # a helper given the method name
    "class Bot:\n    def __init__(self):\n        self.ex = ccxt.kraken({'apiKey': k, 'secret': s})\n"
    "    def call(self, method, *args):\n        return getattr(self.ex, method)(*args)\n"
    "    def sweep(self, addr):\n        self.call('withdraw', 'BTC', 1, addr)\n",
    # handed to a scheduler / an executor, not called
    "ex = ccxt.kraken({'apiKey': k, 'secret': s})\nschedule.every().day.do(ex.withdraw, 'BTC', 1, addr)\n",
    "ex = ccxt.kraken({'apiKey': k, 'secret': s})\nasync def go(loop):\n"
    "    await loop.run_in_executor(None, ex.withdraw, 'BTC', 1, addr)\n",
    # built by ccxt.__dict__[name], used in another method
    "class Bot:\n    def __init__(self, name):\n        self.ex = ccxt.__dict__[name]({'apiKey': k})\n"
    "    def sweep(self, addr):\n        self.ex.withdraw('BTC', 1, addr)\n",
    # a telegram handler reaching the client through bot_data
    "async def withdraw_cmd(update, context):\n"
    "    await context.bot_data['exchange'].withdraw('BTC', 1, context.args[0])\n",
])
def test_fund_movers_reached_indirectly(src):
    assert [f.code for f in lint("import ccxt, schedule\n" + src)] == ["BOT301"]


@pytest.mark.parametrize("src", [
    # read-only calls through the same helper
    "class Bot:\n    def __init__(self):\n        self.ex = ccxt.kraken({'apiKey': k, 'secret': s})\n"
    "    def call(self, method, *args):\n        return getattr(self.ex, method)(*args)\n"
    "    def read(self):\n        self.call('fetch_balance')\n        self.call('fetch_deposit_address', 'BTC')\n",
    "ex = ccxt.kraken()\nschedule.every().minute.do(ex.fetch_withdrawals, 'BTC')\n",
    # a test double named or built as one
    "from unittest.mock import MagicMock\nexchange = MagicMock()\nexchange.withdraw('BTC', 1, 'addr')\n",
    "def test_sweep(mock_exchange):\n    mock_exchange.withdraw('BTC', 1, 'addr')\n",
    "from unittest import mock\ndef test_x():\n    with mock.patch('ccxt.kraken') as exchange:\n"
    "        exchange.withdraw('BTC', 1, 'addr')\n",
])
def test_indirect_read_only_and_mock_calls_are_not_reported(src):
    assert lint("import ccxt, schedule\n" + src) == []


@pytest.mark.parametrize("url, venue", [
    ("https://api.binance.com/asset/transfer", "binance"),  # okx has the same path
    ("https://www.okx.com/asset/transfer", "okx"),
    ("https://api.mexc.com/capital/transfer", "mexc"),  # hibachi has the same path
])
def test_a_url_names_the_endpoint_of_its_hosts_venue(url, venue):
    hit, host = match_fund_path(url)
    assert venue in hit.exchanges


# -- session 7: private-call helpers given the implicit method name; SDK records ----------------

SRC_CLIENT = "import ccxt, os\nsrc = ccxt.binance({'apiKey': os.environ['K'], 'secret': os.environ['S']})\n"
PRIVATE_CALL = "def private_call(ex, method, params):\n    return getattr(ex, method)(params)\n"


@pytest.mark.parametrize("call, code", [
    ("private_call(src, 'sapiPostCapitalWithdrawApply', {'coin': 'USDT'})\n", "BOT303"),
    ("private_call(src, 'sapi_post_capital_withdraw_apply', {'coin': 'USDT'})\n", "BOT303"),
    ("private_call(src, 'withdraw', {'coin': 'USDT'})\n", "BOT301"),
    ("private_call(src, 'sapiPostAssetTransfer', {})\n", "BOT303"),
])
def test_a_private_call_helper_given_the_method_name(call, code):
    found = lint(SRC_CLIENT + PRIVATE_CALL + call)
    assert [(f.line, f.code) for f in found] == [(5, code)]
    assert "`src." in found[0].message and "binance" in found[0].message  # the client the caller passes


@pytest.mark.parametrize("call", [
    "private_call(src, 'sapiGetCapitalWithdrawHistory', {})\n",
    "private_call(src, 'fetch_balance', {})\n",
    "private_call(src, method_name, {})\n",
])
def test_a_private_call_helper_given_a_read_or_unknown_name(call):
    assert lint(SRC_CLIENT + PRIVATE_CALL + call) == []


HB = "from hummingbot.strategy.script_strategy_base import ScriptStrategyBase\n\n\nclass Sweep(ScriptStrategyBase):\n"


@pytest.mark.parametrize("body, code", [
    ("    def on_tick(self):\n        connector = self.connectors['binance']\n"
     "        connector.withdraw('USDT', 10, 'addr')\n", "BOT301"),
    ("    def on_tick(self):\n        self.connectors[self.config.exchange].withdraw('USDT', 10, 'addr')\n", "BOT301"),
    ("    def on_start(self):\n        self.venue = self.connectors['kucoin']\n\n"
     "    def on_tick(self):\n        self.venue.transfer('USDT', 10, 'main', 'trade')\n", "BOT302"),
])
def test_a_hummingbot_connector_is_an_exchange_client(body, code):
    found = lint(HB + body)
    assert [f.code for f in found] == [code] and "hummingbot connector" in found[0].message


@pytest.mark.parametrize("body", [
    "    def on_tick(self):\n        connector = self.connectors['binance']\n"
    "        connector.buy('BTC-USDT', 1, OrderType.LIMIT, 1)\n        connector.get_balance('USDT')\n",
    "    def on_tick(self):\n        conn = self.connectors['binance']\n        conn.withdraw_history('USDT')\n",
])
def test_a_hummingbot_connector_trading_is_not_reported(body):
    assert lint(HB + body) == []


def test_connectors_outside_hummingbot_are_not_clients():
    src = "class Pool:\n    def run(self):\n        c = self.connectors['pool']\n        c.withdraw(5)\n"
    assert lint(src) == []


@pytest.mark.parametrize("imp, ctor", [
    ("import okx.Funding as Funding", "Funding.FundingAPI(key, secret, passphrase, False, '0')"),
    ("from okx import Funding", "Funding.FundingAPI(api_key=key, api_secret_key=secret, passphrase=p, flag='0')"),
    ("from okx.Funding import FundingAPI", "FundingAPI(key, secret, passphrase, False, flag)"),
])
def test_python_okx_funding_api(imp, ctor):
    src = (f"{imp}\nfunding = {ctor}\n"
           "funding.withdrawal(ccy='USDT', amt='1', dest='4', toAddr=a, fee='0', chain='USDT-TRC20')\n"
           "funding.funds_transfer(ccy='USDT', amt='1', from_='6', to='18')\n"
           "funding.withdrawal_lightning(ccy='BTC', invoice=inv)\n"
           "funding.get_withdrawal_history(ccy='USDT')\nfunding.transfer_state(transId=t)\n"
           "funding.get_deposit_address(ccy='USDT')\nfunding.cancel_withdrawal(wdId=w)\n")
    found = lint(src)
    assert [(f.line, f.code) for f in found] == [(3, "BOT301"), (4, "BOT302"), (5, "BOT301")]
    assert all("on okx (python-okx)" in f.message for f in found)
