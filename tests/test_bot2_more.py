"""BOT2 shapes added in session 8 by the coordinator: csv writers, positions of list items
reached by index."""
from __future__ import annotations

from botlint.engine import lint_source

from helpers import settings

CSV = '''import csv
import io
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


def download():
    buf = io.StringIO()
    mem = csv.writer(buf)
    mem.writerow([KEY])  # an in-memory CSV (a web route's download): not a file in clear
    return buf.getvalue()
'''


def test_a_csv_writer_writes_its_rows_to_its_file():
    found = sorted((f.line, f.code) for f in lint_source(CSV, "burn.py", settings(["BOT2"])))
    assert found == [(19, "BOT204"), (22, "BOT204")]  # the header row and the addresses are not secrets


ITEMS = '''import os

from eth_account import Account

SEED = os.environ["SEED"]


def derive(n):
    out = []
    for i in range(n):
        acct = Account.from_mnemonic(SEED, account_path=f"m/44'/60'/0'/0/{i}")
        out.append((i, acct.address, acct.key.hex()))
    return out


def main():
    wallets = derive(5)
    print(f"first is {wallets[0][1]}")
    first = wallets[-1]
    print(first[1])
    print(first[2])
    print(wallets[0][2])
'''


def test_an_item_of_a_list_of_tuples_keeps_its_positions_when_indexed():
    found = sorted((f.line, f.code) for f in lint_source(ITEMS, "gen.py", settings(["BOT2"])))
    assert found == [(21, "BOT201"), (22, "BOT201")]  # the addresses (lines 18, 20) are public


CREDS_CLASS = '''import attr


@attr.s(auto_attribs=True)
class VenueCreds:
    venue: str
    api_key: str = attr.ib(repr=False)
    secret: str = attr.ib({shown})
'''
CREDS_USE = '''import logging

from bot.config import VenueCreds

log = logging.getLogger(__name__)


def report(b):
    log.info("venue %s", VenueCreds(b.id, b.apiKey, b.secret))
    log.info("venue %s", VenueCreds(venue=b.id, secret=b.secret, api_key=b.apiKey))
'''


def test_another_modules_record_hides_its_repr_false_fields(tmp_path):
    from botlint.engine import lint_paths

    def run(shown: str):
        (tmp_path / "bot").mkdir(exist_ok=True)
        (tmp_path / "bot" / "__init__.py").write_text("")
        (tmp_path / "bot" / "config.py").write_text(CREDS_CLASS.format(shown=shown))
        (tmp_path / "bot" / "use.py").write_text(CREDS_USE)
        res = lint_paths([str(tmp_path)], settings(["BOT2"]), use_cache=False)
        return sorted((f.location.line, f.code) for f in res.findings)

    assert run("repr=False") == []
    assert run("repr=True") == [(9, "BOT201"), (10, "BOT201")]  # the secret is shown


VERBOSE_STEPS = '''import os

import ccxt


def build(debug=False):
    params = {"apiKey": os.environ["BINANCE_API_KEY"], "secret": os.environ["BINANCE_API_SECRET"]}
    if debug:
        params["verbose"] = True
    return ccxt.binance(params)


def late():
    cfg = {"apiKey": os.environ["KRAKEN_API_KEY"], "secret": os.environ["KRAKEN_API_SECRET"]}
    ex = ccxt.kraken(cfg)
    cfg["verbose"] = True  # after the client was made: changes nothing
    return ex
'''


def test_verbose_set_on_a_config_dict_before_the_client_is_made():
    found = sorted((f.line, f.code) for f in lint_source(VERBOSE_STEPS, "factory.py", settings(["BOT206"])))
    assert found == [(9, "BOT206")]


def test_a_wallets_key_is_a_private_key_by_name():
    """``wallet.key`` / ``signer.key`` (eth_account's LocalAccount.key) in a helper that never
    sees where the wallet comes from: reported at the helper's sink; ``account.key`` (an API
    account's key is often its id) and ``item.key`` are not, by name alone."""
    src = ('def backup(wallet, path):\n    with open(path, "w") as fh:\n        fh.write(wallet.key.hex())\n\n\n'
           'def show(signer):\n    print("key", signer.key.hex())\n\n\n'
           'def row(account, item):\n    print(account.key, item.key)\n')
    found = sorted((f.line, f.code) for f in lint_source(src, "wallet.py", settings(["BOT2"])))
    assert found == [(3, "BOT204"), (7, "BOT201")]
