"""BOT405 (opt-in): an exchange API key or secret put in a request URL's query string, toward a
venue whose REST API takes the key in a header; venues signing with the key id in the query
(HTX's ``AccessKeyId``), public parameters, a key sent in the header and non-exchange hosts stay
quiet.  Off by default: it runs only when selected."""
from __future__ import annotations

import pytest

from botlint import registry
from botlint.engine import lint_source

from helpers import line_of, settings


def found(src, select=("BOT405",)):
    return [(f.line, f.code) for f in lint_source(src, "rest.py", settings(list(select)))]


REST = '''import os
import requests

API_KEY = os.environ.get("BINANCE_KEY", "")
SPOT = "https://api.binance.com"


def legacy_get(path, query):
    url = f"{SPOT}{path}?apiKey={API_KEY}&{query}"
    return requests.get(url, timeout=10).json()
'''

POSITIVES = {
    "module_base": (REST, "url = f"),
    "literal_host_secret": (
        'import requests\n\n\nclass Kc:\n    def balances(self):\n'
        '        return requests.get(f"https://api.kucoin.com/api/v1/accounts?key={self.api_key}'
        '&secret={self.api_secret}")\n', "requests.get"),
    "params_dict": (
        'import requests\nimport os\ncfg = {"okx": {"api_key": os.environ["OKX_KEY"]}}\n'
        'r = requests.get("https://www.okx.com/api/v5/account/balance", params={"apiKey": cfg["okx"]["api_key"]})\n',
        "requests.get"),
}


@pytest.mark.parametrize("case", sorted(POSITIVES))
def test_a_key_in_the_query_toward_a_header_keyed_venue(case):
    src, needle = POSITIVES[case]
    assert found(src) == [(line_of(src, needle), "BOT405")]


@pytest.mark.parametrize("src", [
    REST.replace("?apiKey={API_KEY}&{query}", "?{query}").replace("timeout=10", "headers={'X-MBX-APIKEY': API_KEY}"),
    REST.replace("https://api.binance.com", "https://api.huobi.pro").replace("apiKey=", "AccessKeyId="),
    REST.replace("https://api.binance.com", "https://api.etherscan.io").replace("apiKey=", "apikey="),
    REST.replace("?apiKey={API_KEY}&{query}", "?symbol={symbol}&limit=5"),
    REST.replace("{API_KEY}", "{len(API_KEY)}"),
], ids=["header", "htx_protocol", "not_an_exchange", "public_params", "not_the_key"])
def test_quiet_shapes(src):
    assert found(src) == []


def test_off_by_default():
    assert registry.get("BOT405").DEFAULT_ENABLED is False
    assert found(REST, ("BOT4",)) == []
