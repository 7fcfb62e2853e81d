"""BOT401: ``ex.set_sandbox_mode(False)`` turning a credentialed ccxt client live on purpose (a
``--production`` / ``--live`` flag) when the client's own module keeps it on the sandbox: reported
at the call, in the module that makes it or in a module using another module's factory, unless a
key-permission check there bounds the key.  A config-driven switch stays a switch."""
from __future__ import annotations

import libcst as cst
import pytest

from botlint.analysis import clients
from botlint.engine import lint_source

from helpers import lint_project, line_of, settings

FACTORY = '''import ccxt


def build(cfg) -> ccxt.Exchange:
    ex = getattr(ccxt, cfg.exchange_id)({"apiKey": cfg.api_key, "secret": cfg.api_secret})
    if cfg.testnet:
        ex.set_sandbox_mode(True)
    return ex


def public(name):
    ex = getattr(ccxt, name)({"enableRateLimit": True})
    ex.set_sandbox_mode(True)
    return ex
'''

CLI_LIVE = '''import argparse

from bot.exchange import build


def main(cfg):
    ap = argparse.ArgumentParser()
    ap.add_argument("--production", action="store_true")
    args = ap.parse_args()
    ex = build(cfg)
    if args.production:
        ex.set_sandbox_mode(False)
    ex.create_limit_buy_order("BTC/USDT", 0.001, 20000)
'''

SELF_LIVE = '''from bot import exchange


class Runner:
    def __init__(self, cfg, live):
        self.exchange = exchange.build(cfg)
        if live:
            self.exchange.set_sandbox_mode(False)
'''


def project(tmp_path, monkeypatch, user):
    where, _ = lint_project(tmp_path, monkeypatch, {"bot/__init__.py": "", "bot/exchange.py": FACTORY,
                                                    "bot/run.py": user}, select=("BOT401",))
    return where


@pytest.mark.parametrize("user,needle", [(CLI_LIVE, "ex.set_sandbox_mode(False)"),
                                         (SELF_LIVE, "self.exchange.set_sandbox_mode(False)")],
                         ids=["function", "self_attribute"])
def test_another_modules_sandboxed_client_turned_live(tmp_path, monkeypatch, user, needle):
    assert project(tmp_path, monkeypatch, user) == [("bot/run.py", line_of(user, needle), "BOT401")]


def test_a_key_check_where_it_is_turned_live_is_a_guard(tmp_path, monkeypatch):
    user = CLI_LIVE.replace("    ex.create_limit_buy_order",
                            "    if ex.sapi_get_account_apirestrictions()['enableWithdrawals']:\n"
                            "        raise SystemExit('withdraw-enabled key')\n    ex.create_limit_buy_order")
    assert project(tmp_path, monkeypatch, user) == []


def test_a_public_client_turned_live_is_quiet(tmp_path, monkeypatch):
    user = CLI_LIVE.replace("from bot.exchange import build", "from bot.exchange import public as build")
    assert project(tmp_path, monkeypatch, user) == []


def test_a_flag_driven_switch_is_still_a_switch(tmp_path, monkeypatch):
    user = CLI_LIVE.replace("    if args.production:\n        ex.set_sandbox_mode(False)\n",
                            "    ex.set_sandbox_mode(not args.production)\n")
    assert project(tmp_path, monkeypatch, user) == []


def found(src):
    return [(f.line, f.code) for f in lint_source(src, "bot.py", settings(["BOT401"]))]


def test_same_module_client_switched_by_config_then_turned_live():
    src = (
        "import ccxt, os\n\n\ndef make(cfg):\n"
        "    ex = ccxt.bybit({'apiKey': os.environ['BYBIT_KEY'], 'secret': os.environ['BYBIT_SECRET']})\n"
        "    ex.set_sandbox_mode(cfg.testnet)\n    return ex\n\n\n"
        "def go_live(cfg):\n    ex = make(cfg)\n    ex.set_sandbox_mode(False)\n    return ex\n"
    )
    assert found(src) == [(line_of(src, "ex.set_sandbox_mode(False)"), "BOT401")]


def test_a_client_with_no_switch_at_all_is_reported_once_at_its_construction():
    src = ("import ccxt, os\nex = ccxt.kraken({'apiKey': os.environ['K'], 'secret': os.environ['S']})\n"
           "ex.set_sandbox_mode(False)\n")
    assert found(src) == [(2, "BOT401")]


def test_a_constructed_client_comes_before_an_annotated_one_whatever_the_set_order():
    made = clients.Client(clients.CCXT, None, cst.parse_expression("ccxt.binance(cfg)"), creds=True)
    annotated = clients.Client(clients.CCXT, None, None)
    for pair in ([made, annotated], [annotated, made]):
        assert sorted(pair, key=clients.client_order)[0] is made
