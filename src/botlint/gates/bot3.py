"""The BOT3 rules' gate (``rules/bot3_fund_moving.py``): a fund-moving word in the file."""
from __future__ import annotations

from . import LiteralPrecheck

# every fund-moving name and path of the ccxt table matches this (tests/test_bot3_fund_moving.py)
PRECHECK = LiteralPrecheck((
    "withdraw", "transfer", "giftcard", "funds", "sendcoin", "send_money", "sendmoney", "sendto",
    "send_to", "deposit", "vault", "send_transaction", "sendtransaction", "send_raw_transaction",
    "sendrawtransaction", "postsend", "post_send", "postmove", "post_move", "coinsend", "coin_send",
    "coin/send", "paymentsend", "payment_send", "payment/send", "transactions", "/send", "/move",
))  # botlint: ignore[BOT304] (substrings to look for, not endpoints called)
