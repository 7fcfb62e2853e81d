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


# -- issue 9: testnet urls, native SDKs on their own opt-in code ---------------------------------

import pytest  # noqa: E402


@pytest.mark.parametrize("switch", [
    # literal in the config
    "ex = ccxt.binance({'apiKey': k, 'secret': s, 'urls': {'api': {'public': 'https://testnet.binance.vision/api'}}})\n",
    # set after construction, behind a flag
    "ex = ccxt.bybit({'apiKey': k, 'secret': s})\nif flag:\n    ex.urls['api'] = 'https://api-testnet.bybit.com'\n",
    # a ternary choosing the test host, the URL held in a constant defined after its use
    "ex = ccxt.bybit({'apiKey': k, 'secret': s})\nex.urls['api'] = TEST if flag else LIVE\n"
    "TEST = 'https://api-demo.bybit.com'\n",
    # the urls updated in place
    "ex = ccxt.deribit({'apiKey': k, 'secret': s})\nex.urls['api'].update({'rest': 'https://test.deribit.com'})\n",
    # on a client stored on self, in another method
    "class B:\n    def __init__(self):\n        self.ex = ccxt.phemex({'apiKey': k, 'secret': s})\n"
    "    def testnet(self):\n        self.ex.urls['api']['private'] = 'https://testnet-api.phemex.com'\n",
])
def test_testnet_urls_are_a_sandbox_switch(switch):
    assert lint("import ccxt\n" + switch) == []


@pytest.mark.parametrize("not_a_switch", [
    "ex = ccxt.bybit({'apiKey': k, 'secret': s, 'urls': {'api': 'https://api.bybit.com'}})\n",
    "ex = ccxt.bybit({'apiKey': k, 'secret': s})\nex.urls['api'] = 'https://api.bybit.com'\n",
    "ex = ccxt.bybit({'apiKey': k, 'secret': s})\nex.urls['www'] = 'https://testnet.example.org'\n",
    # a test host on another client does not guard this one
    "ex = ccxt.bybit({'apiKey': k, 'secret': s})\nother = ccxt.bybit()\n"
    "other.urls['api'] = 'https://api-testnet.bybit.com'\n",
])
def test_production_urls_are_no_switch(not_a_switch):
    assert [f.code for f in lint("import ccxt\n" + not_a_switch)] == ["BOT401"]


SDK_CLIENTS = [
    "from binance.client import Client\nclient = Client(key, secret)\n",
    "from binance.spot import Spot\nclient = Spot(api_key=key, api_secret=secret)\n",
    "from pybit.unified_trading import HTTP\nsession = HTTP(api_key=key, api_secret=secret)\n",
    "from coinbase.rest import RESTClient\nclient = RESTClient(api_key=key, api_secret=secret)\n",
]


@pytest.mark.parametrize("src", SDK_CLIENTS)
def test_native_sdk_clients_get_their_own_opt_in_code(src):
    assert lint(src) == []  # not BOT401
    assert all(f.code != "BOT404" for f in lint_source(src, "bot.py", settings(["ALL"])))  # opt-in
    (f,) = lint_source(src, "bot.py", settings(["BOT404"]))
    assert f.code == "BOT404" and "key-permission" in f.message
    assert [x.code for x in lint_source(src, "bot.py", settings(["unguarded-sdk-client"]))] == ["BOT404"]


def test_factory_building_a_client_from_its_parameter_is_judged_at_the_call():
    src = ("import ccxt\ndef connect(name, cfg):\n    return getattr(ccxt, name)(cfg)\n"
           "live = connect('binance', {'apiKey': k, 'secret': s})\n"
           "public = connect('binance', {})\n")
    assert [(f.line, f.code) for f in lint(src)] == [(4, "BOT401")]


# -- session 7: each client judged by its own guards; config dicts built in steps ----------------

THREE_CLIENTS = (
    "import ccxt, os\n"
    "kwargs = {'apiKey': os.environ['G_KEY'], 'secret': os.environ['G_SECRET']}\n"
    "a = ccxt.binance({'apiKey': os.environ['K'], 'secret': os.environ['S']})\n"
    "a.set_sandbox_mode(True)\n"
    "b = ccxt.kraken({'apiKey': os.environ['K2'], 'secret': os.environ['S2']})\n"
    "b.privatePostGetApiKeyInfo()\n"
    "c = ccxt.gate(kwargs)\n"
)


def test_a_key_check_on_one_client_does_not_guard_another():
    assert [(f.line, f.code) for f in lint(THREE_CLIENTS)] == [(7, "BOT401")]
    assert "ccxt gate" in lint(THREE_CLIENTS)[0].message


@pytest.mark.parametrize("guard", [
    "c.set_sandbox_mode(True)\n",
    "c.urls['api'] = c.urls['test']\n",
    # a check on something not known to be a client (a helper's parameter) still counts
    "def check(exchange):\n    exchange.privatePostGetApiKeyInfo()\n",
    # a configured check given the client
    "from bot.safety import assert_trade_only\nassert_trade_only(c)\n",
])
def test_each_client_guarded_by_its_own_switch_or_check(guard):
    assert lint(THREE_CLIENTS + guard, permission_checks=["assert_trade_only"]) == []


def test_a_configured_check_given_another_client_does_not_guard():
    src = THREE_CLIENTS + "from bot.safety import assert_trade_only\nassert_trade_only(a)\n"
    assert [f.line for f in lint(src, permission_checks=["assert_trade_only"])] == [7]


def test_a_local_name_of_another_function_is_another_client():
    src = ("import ccxt, os\n"
           "def make_binance():\n"
           "    ex = ccxt.binance({'apiKey': os.environ['K'], 'secret': os.environ['S']})\n"
           "    ex.set_sandbox_mode(True)\n"
           "    return ex\n"
           "def make_gate():\n"
           "    kwargs = {'apiKey': os.environ['G'], 'secret': os.environ['GS']}\n"
           "    ex = ccxt.gate(kwargs)\n"
           "    return ex\n")
    assert [(f.line, f.code) for f in lint(src)] == [(8, "BOT401")]
    # a function switching the sandbox on a client it is given still guards (frameworks)
    assert lint(src + "def start(ex):\n    ex.set_sandbox_mode(True)\n") == []


@pytest.mark.parametrize("built", [
    "kwargs = {'enableRateLimit': True}\nkwargs.update(apiKey=os.environ['K'], secret=os.environ['S'])\n",
    "base = {'apiKey': os.environ['K'], 'secret': os.environ['S']}\nkwargs = {**base, 'enableRateLimit': True}\n",
    "base = {'apiKey': os.environ['K'], 'secret': os.environ['S']}\nkwargs = dict(base)\n",
    "base = {'apiKey': os.environ['K'], 'secret': os.environ['S']}\nkwargs = base.copy()\n",
])
def test_credentials_in_a_kwargs_dict_built_in_steps(built):
    src = "import ccxt, os\n" + built + "c = ccxt.gate(kwargs)\n"
    assert [f.code for f in lint(src)] == ["BOT401"]
    # ... and the same dict with a sandbox switch is guarded
    assert lint(src.replace("c = ccxt.gate", "kwargs.update(sandbox=True)\nc = ccxt.gate")) == []


# -- TLS off on a request that carries its credential in the URL ---------------------------------

@pytest.mark.parametrize("src", [
    # an Infura URL with the project key, verification off on the request
    "import requests, os\nURL = f\"https://mainnet.infura.io/v3/{os.environ['INFURA_PROJECT']}\"\n"
    "requests.post(URL, json={'method': 'eth_blockNumber'}, verify=False)\n",
    # an Alchemy URL built with +, given to web3 with request_kwargs
    "import os\nfrom web3 import Web3\nRPC = 'https://eth-mainnet.g.alchemy.com/v2/' + os.getenv('ALCHEMY')\n"
    "w3 = Web3(Web3.HTTPProvider(RPC, request_kwargs={'verify': False}))\n",
    # aiohttp's older spelling, a Telegram bot token in the URL path
    "import aiohttp, os\nTOKEN = os.environ['TELEGRAM_BOT_TOKEN']\n\nasync def notify(text):\n"
    "    conn = aiohttp.TCPConnector(verify_ssl=False)\n"
    "    async with aiohttp.ClientSession(connector=conn) as s:\n"
    "        await s.post(f'https://api.telegram.org/bot{TOKEN}/sendMessage', json={'text': text})\n",
    "import requests, os\nT = os.getenv('TG')\n"
    "requests.get(f'https://api.telegram.org/bot{T}/getUpdates', verify=False)\n",
])
def test_tls_off_on_a_request_carrying_its_credential_in_the_url(src):
    assert [f.code for f in lint(src)] == ["BOT402"]


@pytest.mark.parametrize("src", [
    "import aiohttp\n\nasync def feed():\n    conn = aiohttp.TCPConnector(verify_ssl=False)\n"
    "    async with aiohttp.ClientSession(connector=conn) as s:\n        await s.get('https://example.org/feed')\n",
    "import requests\nrequests.post('https://rpc.example.org/eth', json={'method': 'eth_blockNumber'}, verify=False)\n",
    "import requests\nrequests.get('https://infura.io/docs', verify=False)\n",
    "import aiohttp, os\nTOKEN = os.environ['TELEGRAM_BOT_TOKEN']\nconn = aiohttp.TCPConnector(verify_ssl=True)\n",
    "from web3 import Web3\nw3 = Web3(Web3.HTTPProvider('https://rpc.example.org', request_kwargs={'timeout': 5}))\n",
])
def test_tls_off_without_credential_or_exchange_is_not_reported(src):
    assert lint(src) == []


def test_python_okx_live_flag_is_bot404_and_demo_is_guarded():
    live = ("from okx.Funding import FundingAPI\n"
            "api = FundingAPI(api_key=k, api_secret_key=s, passphrase=p, flag='0')\n")
    assert [f.code for f in lint_source(live, "bot.py", settings(["BOT404"]))] == ["BOT404"]
    for guarded in (live.replace("flag='0'", "flag='1'"), live.replace(", flag='0'", "")):
        assert lint_source(guarded, "bot.py", settings(["BOT404"])) == []
