"""BOT3/BOT4: a factory returning several exchange clients as a tuple (``trade, funding =
make_apis(args)``) makes each unpacked name the client at its position, in the factory's module
and in a module importing the factory; a name unpacked from a non-client position stays unknown."""
from __future__ import annotations

import pytest

from botlint.engine import lint_source

from helpers import lint_project, line_of, settings


def found(src: str, select=("BOT3",)):
    return sorted((f.line, f.code) for f in lint_source(src, "bot.py", settings(list(select))))


OKX_FACTORY = '''import os
import okx.Account as Account
import okx.Funding as Funding
import okx.Trade as Trade


def make_apis(demo):
    flag = "1" if demo else "0"
    creds = (os.environ["OKX_KEY"], os.environ["OKX_SECRET"], os.environ["OKX_PASSPHRASE"], False, flag)
    return Trade.TradeAPI(*creds), Funding.FundingAPI(*creds), Account.AccountAPI(*creds)
'''

CCXT_FACTORY = '''import os
import ccxt


class Ledger:
    def withdraw(self, amount):
        return amount


def connect():
    spot = ccxt.binance({"apiKey": os.environ["BN_KEY"], "secret": os.environ["BN_SECRET"]})
    return Ledger(), spot
'''


def test_unpacked_python_okx_clients_in_the_factory_module():
    src = OKX_FACTORY + (
        "\n\ndef run(args):\n"
        "    trade, funding, account = make_apis(args.demo)\n"
        "    funding.withdrawal(ccy='USDT', amt='10', dest='4', toAddr=args.to, fee='1', chain='USDT-TRC20')\n"
        "    account.get_account_balance()\n"
    )
    assert found(src) == [(line_of(src, "funding.withdrawal"), "BOT301")]


def test_unpacked_ccxt_client_beside_a_non_client_element():
    src = CCXT_FACTORY + (
        "\n\ndef sweep(addr):\n"
        "    ledger, ex = connect()\n"
        "    ledger.withdraw(5)\n"
        "    ex.withdraw('USDT', 100, addr)\n"
    )
    assert found(src) == [(line_of(src, "ex.withdraw"), "BOT301")]


def test_a_method_on_self_unpacked_from_a_factory():
    src = OKX_FACTORY + (
        "\n\nclass Bot:\n"
        "    def __init__(self):\n"
        "        self.trade, self.funding, self.account = make_apis(False)\n"
        "    def out(self, to):\n"
        "        return self.funding.withdrawal(ccy='BTC', amt='0.1', dest='4', toAddr=to, fee='0.0002')\n"
    )
    assert found(src) == [(line_of(src, "self.funding.withdrawal"), "BOT301")]


@pytest.mark.parametrize("user", [
    "from app.exchanges import make_apis\n\n\ndef out(to):\n    trade, funding, account = make_apis(False)\n"
    "    return funding.withdrawal(ccy='BTC', amt='0.1', dest='4', toAddr=to, fee='0.0002')\n",
    "from app import exchanges\n\n\ndef out(to):\n    _t, funding, _a = exchanges.make_apis(True)\n"
    "    return funding.withdrawal(ccy='BTC', amt='0.1', dest='4', toAddr=to, fee='0.0002')\n",
])
def test_unpacked_clients_of_another_modules_factory(tmp_path, monkeypatch, user):
    where, _ = lint_project(tmp_path, monkeypatch, {"app/__init__.py": "", "app/exchanges.py": OKX_FACTORY,
                                                    "app/cli.py": user}, select=("BOT3",))
    assert where == [("app/cli.py", line_of(user, "funding.withdrawal"), "BOT301")]


def test_a_non_client_position_of_another_modules_factory_stays_quiet(tmp_path, monkeypatch):
    user = ("from app.exchanges import connect\n\n\ndef sweep(addr):\n    ledger, ex = connect()\n"
            "    ledger.withdraw(5)\n    ex.withdraw('USDT', 100, addr)\n")
    where, _ = lint_project(tmp_path, monkeypatch, {"app/__init__.py": "", "app/exchanges.py": CCXT_FACTORY,
                                                    "app/cli.py": user}, select=("BOT3",))
    assert where == [("app/cli.py", line_of(user, "ex.withdraw"), "BOT301")]


def test_a_tuple_of_non_clients_gives_no_client():
    src = (
        "import os\n\n\nclass Book:\n    def withdraw(self, n):\n        return n\n\n\n"
        "def make():\n    return Book(), os.environ['NAME']\n\n\n"
        "def run(to):\n    book, name = make()\n    book.withdraw(3)\n    name.withdraw(4)\n"
    )
    assert found(src) == []
