"""BOT3 round 12: a REST signing helper given a fund-moving endpoint by name (krakenex's
``query_private("Withdraw")``, a bot's own ``private("WalletTransfer")``); the path is built
inside the helper, so no path literal names it."""
from __future__ import annotations

from botlint.engine import lint_source

from helpers import settings


def codes(src: str):
    return sorted((f.location.line, f.code) for f in lint_source(src, "bot.py", settings(["BOT3"])))


def test_krakenex_withdraw_and_wallet_transfer_by_name():
    got = codes('''import os
import krakenex
k = krakenex.API(os.environ["KRAKEN_KEY"], os.environ["KRAKEN_SECRET"])
k.query_private("Balance")
k.query_private("WithdrawStatus", {"asset": "XBT"})
k.query_private("Withdraw", {"asset": "XBT", "key": "cold", "amount": "0.1"})
k.query_private("WalletTransfer", {"asset": "XBT", "from": "Spot Wallet", "to": "Futures Wallet", "amount": "1"})
''')
    assert got == [(6, "BOT304"), (7, "BOT304")]


def test_own_signing_helper_and_an_adapter_implementing_it():
    bot = codes('''import hashlib, hmac, os, requests
class Client:
    def private(self, endpoint, data):
        sig = hmac.new(os.environ["SECRET"].encode(), endpoint.encode(), hashlib.sha512).hexdigest()
        return requests.post("https://api.example-exchange.com/private/" + endpoint, data=data, headers={"sig": sig})

client = Client()
client.private("Withdraw", {"asset": "BTC", "amount": "1"})
client.private("OpenOrders", {})
''')
    assert bot == [(8, "BOT304")]


def test_endpoint_names_that_list_withdrawals_or_transfers_are_reads():
    assert codes('''class Api:
    def private(self, method, **params):
        return method

api = Api()
api.private("get_withdrawals", currency="BTC", count=10)
api.private("get_transfers", currency="BTC")
api.private("withdrawals")
api.private("submit_transfer_to_subaccount", currency="BTC", amount=1, destination=2)
api.private("withdraw", currency="BTC", amount=1, address="bc1q")
''') == [(9, "BOT304"), (10, "BOT304")]
