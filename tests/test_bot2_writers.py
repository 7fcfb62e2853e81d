"""BOT204 through objects that write to a file they wrap: csv writers."""
from __future__ import annotations

from botlint.engine import lint_source

from helpers import settings

CSV = '''import csv
import os

from eth_account import Account

KEY = os.environ["WALLET_PRIVATE_KEY"]


def rows():
    acct = Account.from_key(KEY)
    return [(0, acct.address, acct.key.hex())]


def main():
    with open("wallets.csv", "w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["index", "address", "private_key"])
        w.writerows(rows())
    with open("keys.csv", "w") as fh:
        d = csv.DictWriter(fh, fieldnames=["k"])
        d.writerow({"k": KEY})
    with open("addrs.csv", "w") as fh:
        out = csv.writer(fh)
        out.writerow([Account.from_key(KEY).address])
'''


def test_a_csv_writer_writes_its_rows_to_its_file():
    found = sorted((f.line, f.code) for f in lint_source(CSV, "burn.py", settings(["BOT2"])))
    assert found == [(18, "BOT204"), (21, "BOT204")]  # the header row and the addresses are not secrets
