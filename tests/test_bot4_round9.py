"""BOT4, round 9: native kucoin and gate clients go to the opt-in SDK code (BOT404), never
BOT401; sandbox switches behind a flag (and a paper flag that is not one); credentials that
reach a ccxt client through comprehensions, merges and config files."""
from __future__ import annotations

import pytest

from botlint.testing import check

from helpers import lint_project

BOTH = ["BOT401", "BOT404"]


def codes(src, select=BOTH):
    return sorted(check(src, select=select))


# -- 1. kucoin-python / python-kucoin / gate-api: their own opt-in code ---------------------------

@pytest.mark.parametrize("src, line", [
    ("from kucoin.client import User\nimport os\nuser = User(os.environ['K'], os.environ['S'], os.environ['P'])\n", 3),
    ("from kucoin.client import Trade\ntrade = Trade(key=k, secret=s, passphrase=p)\n", 2),
    ("from kucoin.client import Margin as M\nm = M(k, s, p)\n", 2),
    ("import kucoin.client\nu = kucoin.client.User(k, s, p)\n", 2),
    ("from kucoin.client import Client\nclient = Client(api_key, api_secret, api_passphrase)\n", 2),
    ("import gate_api\nconf = gate_api.Configuration(host='https://api.gateio.ws/api/v4', key=k, secret=s)\n"
     "api = gate_api.SpotApi(gate_api.ApiClient(conf))\n", 2),
    ("from gate_api import Configuration, ApiClient\ncfg = Configuration(key=k, secret=s)\nc = ApiClient(cfg)\n", 2),
])
def test_native_kucoin_and_gate_clients_are_the_sdk_code_not_bot401(src, line):
    assert codes(src) == [(line, "BOT404")]
    assert codes(src, ["BOT4"]) == []  # BOT404 is opt-in; BOT401 is ccxt's


@pytest.mark.parametrize("src", [
    "from kucoin.client import User\nuser = User(k, s, p, is_sandbox=True)\n",
    "from kucoin.client import Trade\ntrade = Trade(k, s, p, is_sandbox=cfg.sandbox)\n",
    "from kucoin.client import Trade\ntrade = Trade(k, s, p, url='https://openapi-sandbox.kucoin.com')\n",
    "from kucoin.client import Client\nclient = Client(k, s, p, sandbox=True)\n",
    "from kucoin.client import Market\nmarket = Market(url='https://api.kucoin.com')\n",  # public data
    "import gate_api\nconf = gate_api.Configuration(host='https://fx-api-testnet.gateio.ws/api/v4', key=k, secret=s)\n",
    "import gate_api\nconf = gate_api.Configuration(host='https://api.gateio.ws/api/v4')\n",  # no key
])
def test_sandboxed_or_keyless_native_clients_are_quiet(src):
    assert codes(src) == []


@pytest.mark.parametrize("src", [
    "from myapp.models import User\nu = User(name, email, password)\n",
    "from configparser import ConfigParser as Configuration\nc = Configuration(key='x', secret='y')\n",
    "class Trade:\n    pass\nt = Trade(key, secret, passphrase)\n",
])
def test_ordinary_classes_named_like_sdk_classes_are_not_clients(src):
    assert codes(src, ["BOT3", "BOT4", "BOT404"]) == []


# -- 2. conditional sandbox switches (and a paper flag that is not one) -------------------------

LIVE = "import ccxt\nex = ccxt.{ex}({{'apiKey': k, 'secret': s{extra}}})\n"


@pytest.mark.parametrize("tail", [
    "ex.set_sandbox_mode(args.paper)\n",
    "if cfg.testnet:\n    ex.set_sandbox_mode(True)\n",
    "if cfg.mode == 'testnet':\n    ex.setSandboxMode(True)\n",
    "if cfg.testnet:\n    ex.urls['api'] = ex.urls['test']\n",
    "if cfg.testnet:\n    ex.urls['api'] = ex.urls.get('test')\n",
    "if cfg.testnet:\n    ex.urls['api'] = dict(ex.urls['test'])\n",
    "if cfg.testnet:\n    ex.urls['api'] = copy.deepcopy(ex.urls['test'])\n",
    "if cfg.testnet:\n    ex.urls['api'] = ex.urls['test'].copy()\n",
    "if cfg.testnet:\n    ex.urls['api']['rest'] = ex.urls['test']['rest']\n",
])
def test_a_switch_behind_a_flag_is_a_sandbox_switch(tail):
    assert codes(LIVE.format(ex="bybit", extra="") + tail) == []


@pytest.mark.parametrize("src", [
    LIVE.format(ex="okx", extra=", 'password': p, 'headers': {'x-simulated-trading': '1'}"),
    LIVE.format(ex="okx", extra=", 'password': p") + "if cfg.demo:\n    ex.headers['x-simulated-trading'] = '1'\n",
    LIVE.format(ex="okx", extra=", 'password': p") + "ex.headers.update({'x-simulated-trading': '1'})\n",
    LIVE.format(ex="okx", extra=", 'password': p") + "ex.headers = {'x-simulated-trading': '1'}\n",
    LIVE.format(ex="bitget", extra=", 'password': p") + "ex.headers['PAPTRADING'] = '1'\n",
])
def test_the_demo_trading_header_is_a_sandbox_switch(src):
    assert codes(src) == []


PAPER_ONLY = [
    # a --paper flag that only skips order placement: the client stays live with its keys
    "import argparse\nap = argparse.ArgumentParser()\nap.add_argument('--paper', action='store_true')\n"
    "args = ap.parse_args()\n{live}def buy(amount):\n    if args.paper:\n        print('paper buy', amount)\n"
    "        return\n    ex.create_market_buy_order('BTC/USDT', amount)\n",
    "import os\nPAPER = os.getenv('PAPER', '1') == '1'\n{live}def buy(amount):\n    if PAPER:\n"
    "        return {{'id': 'simulated'}}\n    return ex.create_order('BTC/USDT', 'market', 'buy', amount)\n",
    "{live}ex.paper = True\n",
    "{live}engine = Engine(ex, paper=args.paper, dry_run=args.paper)\n",
    "{live}ex.set_sandbox_mode(False)\n",
    "{live}ex.urls['api'] = ex.urls.get('api')\n",
    "{live}ex.headers['User-Agent'] = 'bot/1.0'\n",
    "{live}pub = ccxt.binance()\npub.set_sandbox_mode(True)\n",  # another client's switch
]


@pytest.mark.parametrize("template", PAPER_ONLY)
def test_a_paper_flag_that_only_skips_orders_is_not_a_sandbox_switch(template):
    live = "import ccxt\nex = ccxt.binance({'apiKey': k, 'secret': s})\n"
    src = template.format(live=live)
    line = src.splitlines().index("ex = ccxt.binance({'apiKey': k, 'secret': s})") + 1
    assert codes(src) == [(line, "BOT401")]


def test_a_paper_header_value_of_zero_is_live():
    src = LIVE.format(ex="okx", extra=", 'password': p, 'headers': {'x-simulated-trading': '0'}")
    assert codes(src) == [(2, "BOT401")]


def test_a_paper_class_flag_is_not_a_switch_but_a_config_flag_on_the_client_is():
    cls = ("import ccxt\nclass Bot:\n    def __init__(self, cfg):\n        self.cfg = cfg\n"
           "        self.exchange = ccxt.binance({{'apiKey': cfg['key'], 'secret': cfg['secret']}})\n"
           "    def start(self):\n{body}")
    assert codes(cls.format(body="        self.exchange.set_sandbox_mode(self.cfg['testnet'])\n")) == []
    paper = ("        if self.cfg['paper']:\n            return\n"
             "        self.exchange.create_order('BTC/USDT', 'market', 'buy', 1)\n")
    assert codes(cls.format(body=paper)) == [(5, "BOT401")]


# -- 3. credentials reaching the client through comprehensions, merges, config files -----------

@pytest.mark.parametrize("src, line", [
    ("import ccxt, json\ncfg = json.load(open('config.json'))\n"
     "creds = {k: v for k, v in cfg.items() if k in ('apiKey', 'secret')}\nex = ccxt.binance(creds)\n", 4),
    ("import ccxt\nex = ccxt.binance({k: cfg[k] for k in ('apiKey', 'secret')})\n", 2),
    ("import ccxt, os\nnames = {'apiKey': 'BINANCE_KEY', 'secret': 'BINANCE_SECRET'}\n"
     "creds = {k: os.environ[v] for k, v in {'apiKey': 'K', 'secret': 'S'}.items()}\nex = ccxt.binance(creds)\n", 4),
    ("import ccxt\ncreds = dict((k, v) for k, v in cfg.items() if k in {'apiKey', 'secret'})\n"
     "ex = ccxt.binance(creds)\n", 3),
    ("import ccxt, os\nparams = dict(apiKey=os.environ['K'], **extra)\nex = ccxt.binance(params)\n", 3),
    ("import ccxt, os\nbase = {'enableRateLimit': True}\n"
     "creds = {'apiKey': os.environ['K'], 'secret': os.environ['S']}\n"
     "ex = ccxt.binance({**base, **creds})\n", 4),
    ("import ccxt, os\nbase = {'enableRateLimit': True}\n"
     "creds = {'apiKey': os.environ['K'], 'secret': os.environ['S']}\n"
     "ex = ccxt.binance(base | creds)\n", 4),
    ("import ccxt, os\nex = ccxt.binance(base | {'apiKey': os.environ['K'], 'secret': os.environ['S']})\n", 2),
    ("import ccxt, os\ncreds = {'apiKey': os.environ['K'], 'secret': os.environ['S']}\nmerged = defaults | creds\n"
     "ex = ccxt.binance(merged)\n", 4),
    ("import ccxt, os\ncreds = {'apiKey': os.environ['K'], 'secret': os.environ['S']}\nparams = {'timeout': 3000}\n"
     "params.update(creds)\nex = ccxt.binance(params)\n", 5),
    ("import ccxt, os\ncreds = {'apiKey': os.environ['K'], 'secret': os.environ['S']}\n"
     "ex = ccxt.binance(dict(creds, enableRateLimit=True))\n", 3),
    ("import ccxt, os\ndef credentials():\n    return {'apiKey': os.environ['K'], 'secret': os.environ['S']}\n"
     "ex = ccxt.binance(credentials())\n", 4),
    ("import ccxt, os\nclass Bot:\n    def _creds(self):\n"
     "        return dict(apiKey=os.environ['K'], secret=os.environ['S'])\n"
     "    def connect(self):\n        self.ex = ccxt.binance(self._creds())\n", 6),
])
def test_credentials_built_up_before_the_client_make_it_credentialed(src, line):
    assert codes(src, ["BOT401"]) == [(line, "BOT401")]


@pytest.mark.parametrize("src, line", [
    ("import ccxt, json\nwith open('config.json') as f:\n    config = json.load(f)\n"
     "exchange_cls = getattr(ccxt, config['exchange']['name'])\nexchange = exchange_cls(config['exchange'])\n", 5),
    ("import ccxt, json\nconfig = json.load(open('config.json'))\nexchange = ccxt.binance(config['binance'])\n", 3),
    ("import ccxt, json\nsettings = json.loads(open('settings.json').read())\n"
     "exchange = ccxt.okx(settings.get('exchange', {}))\n", 3),
    ("import ccxt, json\ncfg = json.load(open('c.json'))\n"
     "exchange = ccxt.okx({**cfg['okx'], 'enableRateLimit': True})\n", 3),
    ("import ccxt, yaml\n\ndef load_config(path='config.yml'):\n    with open(path) as f:\n"
     "        return yaml.safe_load(f)\n\n"
     "def main():\n    cfg = load_config()\n    ex = ccxt.bybit(cfg['bybit'])\n", 9),
    ("import ccxt, json\nclass Bot:\n    def __init__(self, path):\n        with open(path) as f:\n"
     "            self.config = json.load(f)\n        self.exchange = ccxt.kraken(self.config['exchange'])\n", 6),
    ("import ccxt, tomllib\ncfg = tomllib.load(open('bot.toml', 'rb'))\nex = ccxt.kraken(**cfg['kraken'])\n", 3),
])
def test_a_client_built_from_a_config_file_gets_its_keys_from_the_file(src, line):
    assert codes(src, ["BOT401"]) == [(line, "BOT401")]


@pytest.mark.parametrize("src", [
    "import ccxt\npublic = {k: v for k, v in cfg.items() if k not in ('apiKey', 'secret')}\n"
    "ex = ccxt.binance(public)\n",
    "import ccxt\nopts = {k: v for k, v in cfg.items() if k.startswith('option')}\nex = ccxt.binance(opts)\n",
    "import ccxt\nex = ccxt.binance({k: v for k, v in cfg.items() if k != 'apiKey'})\n",
    "import ccxt\nex = ccxt.binance(base | {'enableRateLimit': True})\n",
    "import ccxt\ndef make(config):\n    return ccxt.kraken(config['exchange'])\n",  # a parameter: unknown
    "import ccxt, json\nmarkets = json.load(open('markets.json'))\nex = ccxt.binance()\nex.markets = markets\n",
    "import ccxt, json\nconfig = json.load(open('config.json'))\nexchange = ccxt.binance(config['binance'])\n"
    "exchange.set_sandbox_mode(config['testnet'])\n",
    "import ccxt, json\ncfg = json.load(open('c.json'))\nex = ccxt.binance({'enableRateLimit': cfg['rate_limit']})\n",
    "import ccxt\ndef options():\n    return {'enableRateLimit': True, 'timeout': 30000}\n"
    "ex = ccxt.binance(options())\n",
])
def test_configs_without_keys_or_with_a_switch_are_quiet(src):
    assert codes(src, ["BOT401"]) == []


# -- 3 across modules: the loader or the loaded config lives in another module -----------------

CONFIG_MODULE = ('import json, yaml\n\ndef load_config(path="config.yml"):\n    with open(path) as f:\n'
                 '        return yaml.safe_load(f)\n\nCONFIG = json.load(open("config.json"))\n\n'
                 'def defaults():\n    return {"enableRateLimit": True}\n')


@pytest.mark.parametrize("main, expected", [
    ("import ccxt\nfrom config import load_config\ncfg = load_config()\nex = ccxt.binance(cfg['binance'])\n",
     [("main.py", 4, "BOT401")]),
    ("import ccxt\nfrom config import CONFIG\nex = ccxt.binance(CONFIG['binance'])\n", [("main.py", 3, "BOT401")]),
    ("import ccxt\nimport config\nex = ccxt.binance(config.load_config()['binance'])\n", [("main.py", 3, "BOT401")]),
    ("import ccxt\nfrom config import CONFIG\nex = ccxt.binance(CONFIG['binance'])\n"
     "ex.set_sandbox_mode(CONFIG['testnet'])\n", []),
    ("import ccxt\nfrom config import defaults\nex = ccxt.binance(defaults())\n", []),
])
def test_a_config_loaded_in_another_module(tmp_path, monkeypatch, main, expected):
    found, _ = lint_project(tmp_path, monkeypatch, {"config.py": CONFIG_MODULE, "main.py": main}, select=("BOT401",))
    assert found == expected


# -- options.sandboxMode switches bitget only (binance keeps its production URLs) --------------

@pytest.mark.parametrize("src, expected", [
    ("import ccxt\nex = ccxt.binance({'apiKey': k, 'secret': s, 'options': {'sandboxMode': True}})\n",
     [(2, "BOT401")]),
    ("import ccxt\ncfg = {'apiKey': k, 'secret': s, 'options': {'sandboxMode': True}}\nex = ccxt.binance(cfg)\n",
     [(3, "BOT401")]),
    ("import ccxt\nex = ccxt.bitget({'apiKey': k, 'secret': s, 'password': p,\n"
     "                   'options': {'sandboxMode': True}})\n", []),
    ("import ccxt\ncfg = {'apiKey': k, 'secret': s, 'options': {'sandboxMode': True}}\nex = ccxt.bitget(cfg)\n", []),
    ("import ccxt\nex = ccxt.binance({'apiKey': k, 'secret': s, 'options': {'sandboxMode': True, 'sandbox': True}})\n",
     []),
    ("import ccxt\nex = ccxt.binance({'apiKey': k, 'secret': s, 'options': {'testnet': cfg.testnet}})\n", []),
    ("import ccxt\nex = getattr(ccxt, name)({'apiKey': k, 'secret': s, 'options': {'sandboxMode': True}})\n", []),
])
def test_the_sandbox_mode_option_is_a_switch_on_bitget_only(src, expected):
    assert codes(src, ["BOT401"]) == expected
