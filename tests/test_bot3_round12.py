"""BOT3 round 12: a REST signing helper given a fund-moving endpoint by name (krakenex's
``query_private("Withdraw")``, a bot's own ``private("WalletTransfer")``); the path is built
inside the helper, so no path literal names it."""
from __future__ import annotations

import pytest

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


# -- a Solana transfer instruction and the send of its transaction are one movement; a token
# transfer's contract call is a finding of its own (round 13) ------------------------------------

BUILT_AND_SENT = {
    "erc20_signed_then_sent": ('from web3 import Web3\nw3 = Web3()\n'
                               'def sweep(usdt, acct, to, amount):\n'
                               '    tx = usdt.functions.transfer(to, amount).build_transaction(\n'
                               '        {"from": acct.address})\n'
                               '    signed = acct.sign_transaction(tx)\n'
                               '    return w3.eth.send_raw_transaction(signed.raw_transaction)\n', [4, 7]),
    "solana_ix_in_message": ('from solders.system_program import transfer, TransferParams\n'
                             'from solana.rpc.api import Client\n'
                             'def sweep(client, kp, cold, amount, msg_of):\n'
                             '    ix = transfer(TransferParams(from_pubkey=kp.pubkey(), to_pubkey=cold,\n'
                             '                                 lamports=amount))\n'
                             '    msg = msg_of([ix])\n'
                             '    return client.send_transaction(msg)\n', [7]),
    # a build and an unrelated send in one function: two findings
    "unrelated_send": ('from web3 import Web3\nw3 = Web3()\n'
                       'def pay(usdt, acct, to):\n'
                       '    tx = usdt.functions.transfer(to, 1).build_transaction({"from": acct.address})\n'
                       '    w3.eth.send_transaction({"from": acct.address, "to": to, "value": 1})\n'
                       '    return tx\n', [4, 5]),
    # built in one function, returned and sent elsewhere: the build is reported
    "built_and_returned": ('from web3 import Web3\nw3 = Web3()\n'
                           'def build(usdt, to):\n'
                           '    return usdt.functions.transfer(to, 1).build_transaction({"nonce": 1})\n', [4]),
}


@pytest.mark.parametrize("name", sorted(BUILT_AND_SENT))
def test_a_transfer_built_and_sent_is_reported_once_at_the_send(name):
    from botlint.engine import lint_source

    src, lines = BUILT_AND_SENT[name]
    found = lint_source(src, "bot.py", settings(["BOT305"]))
    assert sorted(f.location.line for f in found) == lines
    if name == "solana_ix_in_message":
        assert "built with `transfer()`" in found[0].message
