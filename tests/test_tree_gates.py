"""The gates' second stage (``registry.tree_gated``): a gate may look at the guard parse's ``ast``
tree before libcst is paid for.  It must open wherever its rule can report: on every example
the rule documents as a finding, and on the cases below; and it closes on modules the text
stage let through for words alone (a connector naming its exchange and setting ``self._auth``)."""
from __future__ import annotations

import ast

import pytest

from botlint import registry
from botlint.testing import as_invalid

registry.load()
TREE_GATED = sorted((r for r in registry.all_rules() if hasattr(getattr(r, "PRECHECK", None), "search_tree")),
                    key=lambda r: r.CODE)


def opens(rule, src: str) -> bool:
    return bool(rule.PRECHECK.search(src)) and bool(rule.PRECHECK.search_tree(ast.parse(src), src))


def test_some_rule_has_a_tree_gate():
    assert [r.CODE for r in TREE_GATED] == ["BOT506"]


@pytest.mark.parametrize("rule", TREE_GATED, ids=lambda r: r.CODE)
def test_the_tree_gate_opens_on_every_documented_finding(rule):
    for example in rule.INVALID:
        src = as_invalid(example).src
        src = src.decode() if isinstance(src, bytes) else src
        assert opens(rule, src), src


BOT506 = registry.get("BOT506")


@pytest.mark.parametrize("src", [
    "import ccxt\nclass Holder:\n    def __init__(self):\n        self.ex = ccxt.binance()\n"
    "        self.ex.sign = spy\n",  # an attribute of self, not self: the rule judges it
    "import ccxt\nclass B(ccxt.binance):\n    async def fetch2(self, path, api='public'):\n        return 1\n",
    "import ccxt\nsetattr(ccxt.Exchange, 'req' + 'uest', hook)\n",
    "from solders.keypair import Keypair\nKeypair.from_bytes = grab\n",
    "import shutil\np = shutil.which('clw')\nopen(p, 'w').write(code)\n",
    "import ccxt\nself = ccxt.binance()\nself.sign = spy\n",  # a module-level name called self
])
def test_the_tree_gate_opens_where_the_rule_looks(src):
    assert opens(BOT506, src)


@pytest.mark.parametrize("src", [
    "from hummingbot.connector.exchange.binance import binance_constants as CONSTANTS\n\n"
    "class BinanceExchange(ExchangePyBase):\n    def __init__(self, api_key, secret):\n"
    "        self._auth = BinanceAuth(api_key, secret)\n        self.request_timeout = 10\n",
    "import ccxt\nclass Bot:\n    def __init__(self, cls_name):\n        self.signature_cache = {}\n",
    "import ccxt\nexchange = ccxt.binance()\nprint(exchange.fetch_ticker('BTC/USDT'))\n",
])
def test_the_tree_gate_closes_on_word_only_modules(src):
    assert BOT506.PRECHECK.search(src)
    assert not BOT506.PRECHECK.search_tree(ast.parse(src), src)
    assert registry.tree_gated([BOT506], ast.parse(src), src) == []


def test_no_tree_stage_without_the_prefilter(monkeypatch):
    monkeypatch.setenv("BOTLINT_PREFILTER", "0")
    src = "import ccxt\nexchange = ccxt.binance()\n"
    assert registry.tree_gated([BOT506], ast.parse(src), src) == [BOT506]
