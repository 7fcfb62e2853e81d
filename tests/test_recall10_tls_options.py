"""BOT402: TLS verification turned off in an options dict (``kwargs["verify"] = False``,
``opts = {"verify": False}``, ``kw.update(verify=False)``) that is handed to a request or an RPC
provider (``HTTPProvider(url, request_kwargs=kwargs)``, ``requests.get(url, **opts)``): reported
where the dict turns it off, once; a dict never handed over, or handed to something that is not a
request, stays quiet."""
from __future__ import annotations

import pytest

from botlint.engine import lint_source

from helpers import line_of, settings


def found(src: str):
    return [(f.line, f.code) for f in lint_source(src, "wallet.py", settings(["BOT402"]))]


WEB3_CONDITIONAL = '''import os
from web3 import Web3

PRIVATE_KEY = os.environ["FLEET_PRIVATE_KEY"]


def provider(url, insecure):
    kwargs = {"timeout": 15}
    if insecure or os.getenv("SKIP_TLS"):
        kwargs["verify"] = False
    return Web3(Web3.HTTPProvider(url, request_kwargs=kwargs))
'''

REQUESTS_SPLAT = '''import requests

API_KEY = "from-env"


def account():
    opts = {"timeout": 10, "verify": False}
    return requests.get("https://api.binance.com/api/v3/account", headers={"X-MBX-APIKEY": API_KEY}, **opts)
'''

HTTPX_UPDATE = '''import os
import httpx

TOKEN = os.environ["BYBIT_API_SECRET"]


def client():
    kw = {"timeout": 5}
    kw.update(verify=False)
    return httpx.Client(**kw)
'''

ANNOTATED_MODULE_DICT = '''import os
from web3 import Web3

REQUEST_OPTS: dict = {"verify": False, "timeout": 30}
RPC = "https://mainnet.infura.io/v3/" + os.environ["INFURA_PROJECT_ID"]


def connect():
    return Web3(Web3.HTTPProvider(RPC, request_kwargs=REQUEST_OPTS))
'''


@pytest.mark.parametrize("src,needle", [
    (WEB3_CONDITIONAL, 'kwargs["verify"] = False'),
    (REQUESTS_SPLAT, 'opts = {"timeout": 10, "verify": False}'),
    (HTTPX_UPDATE, "kw.update(verify=False)"),
    (ANNOTATED_MODULE_DICT, "REQUEST_OPTS: dict ="),
], ids=["web3_request_kwargs", "requests_splat", "httpx_update", "module_dict"])
def test_tls_off_in_an_options_dict_handed_to_a_request(src, needle):
    assert found(src) == [(line_of(src, needle), "BOT402")]


def test_a_ca_bundle_in_the_options_dict_is_quiet():
    src = WEB3_CONDITIONAL.replace('kwargs["verify"] = False', 'kwargs["verify"] = certifi.where()')
    assert found("import certifi\n" + src) == []


def test_a_dict_never_handed_to_a_request_is_quiet():
    src = WEB3_CONDITIONAL.replace("request_kwargs=kwargs", "request_kwargs={'timeout': 15}")
    assert found(src) == []


def test_a_dict_handed_to_something_else_is_quiet():
    src = REQUESTS_SPLAT.replace("**opts)", ")\n\n\ndef record(**kw):\n    return kw\n\n\nrecord(**{'verify': False})")
    src = src.replace('opts = {"timeout": 10, "verify": False}', 'opts = {"timeout": 10}')
    assert found(src) == []
    splat_elsewhere = REQUESTS_SPLAT.replace("**opts)", ")\n    audit(**opts)")
    assert found(splat_elsewhere) == []


def test_a_dict_of_another_function_is_not_the_one_handed_over():
    src = (
        "import os, requests\nKEY = os.environ['OKX_API_KEY']\n\n\n"
        "def debug_opts():\n    opts = {'verify': False}\n    return opts\n\n\n"
        "def fetch(url):\n    opts = {'timeout': 5}\n"
        "    return requests.get(url, headers={'OK-ACCESS-KEY': KEY}, **opts)\n"
    )
    assert found(src) == []
