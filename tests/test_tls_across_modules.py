"""BOT402 for TLS verification turned off in one module and used for exchange or credentialed
calls in another: reported once per TLS-off object where TLS is turned off, citing the most
serious use (file:line), never again at the use (the link step's reverse direction)."""
from __future__ import annotations

import pytest

from helpers import lint_project, settings

NET_CONTEXT = '''import ssl
import aiohttp


def make_ssl_context():
    ctx = ssl.create_default_context()
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
    return ctx


def make_session():
    connector = aiohttp.TCPConnector(ssl=make_ssl_context(), limit=50)
    return aiohttp.ClientSession(connector=connector)
'''

# the factory wrapping the context defined AFTER its use: resolved at the end of the module
NET_CONTEXT_LATE = '''import ssl
import aiohttp


def make_session():
    return aiohttp.ClientSession(connector=aiohttp.TCPConnector(ssl=insecure_context()))


def insecure_context():
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    return context
'''


_project = lint_project


CCXT_USERS = {
    # from-import, a function, the session in a ccxt config dict
    "from_import": ("app/exchange.py", "import ccxt.async_support as ccxt\nfrom app.net import make_session\n\n\n"
                    "def build(name, creds):\n    return getattr(ccxt, name)({**creds, \"session\": make_session()})\n",
                    6),
    # script-style `import net` beside it, a method, the exchange kept on self
    "script_import": ("app/exchange.py", "import ccxt.async_support as ccxt\nimport net\n\n\nclass Bot:\n"
                      "    def __init__(self, cfg):\n        self.exchange = ccxt.binance({\"apiKey\": cfg.key, "
                      "\"secret\": cfg.secret, \"session\": net.make_session()})\n", 7),
}


@pytest.mark.parametrize("net", [NET_CONTEXT, NET_CONTEXT_LATE], ids=["context_first", "context_after"])
@pytest.mark.parametrize("user", sorted(CCXT_USERS))
def test_a_tls_off_context_under_a_session_handed_to_a_ccxt_client(tmp_path, monkeypatch, net, user):
    path, text, line = CCXT_USERS[user]
    files = {"app/__init__.py": "", "app/net.py": net, path: text}
    found, findings = _project(tmp_path, monkeypatch, files)
    off = net.splitlines().index(next(x for x in net.splitlines() if "check_hostname = False" in x)) + 1
    tls = [f for f in findings if f.code == "BOT402"]
    # once per object (not again at verify_mode), where TLS is turned off, citing the client
    assert [(f.path, f.line) for f in tls] == [("app/net.py", off)]
    assert f"app/exchange.py:{line}" in tls[0].message and "ccxt" in tls[0].message
    assert not any(p == path and c == "BOT402" for p, _ln, c in found)


ENGINE = '''import os
from app.tls import make_session

KEY = os.environ["BINANCE_KEY"]


async def positions():
    async with make_session() as session:
        async with session.get("https://fapi.binance.com/fapi/v2/positionRisk", headers={"X-MBX-APIKEY": KEY}) as r:
            return await r.json()
'''


def test_a_session_factory_entered_in_another_module_for_a_keyed_request(tmp_path, monkeypatch):
    found, findings = _project(tmp_path, monkeypatch, {"app/__init__.py": "", "app/tls.py": NET_CONTEXT_LATE,
                                                        "app/engine.py": ENGINE})
    assert found == [("app/tls.py", 11, "BOT402")]
    message = findings[0].message
    assert "app/engine.py:9" in message and "credentialed request to fapi.binance.com" in message
    assert findings[0].confidence.name == "HIGH"


NETUTIL = '''import json
import ssl
import urllib.request

_CTX = ssl._create_unverified_context()


def get_json(url, headers=None):
    req = urllib.request.Request(url, headers=headers or {})
    with urllib.request.urlopen(req, context=_CTX) as r:
        return json.load(r)
'''


@pytest.mark.parametrize("imp, call", [
    ("from app.netutil import get_json", "get_json"),
    ("from app import netutil", "netutil.get_json"),
])
def test_a_helper_requesting_with_a_module_level_unverified_context(tmp_path, monkeypatch, imp, call):
    exchange = (f"import os\n{imp}\n\n\ndef balances():\n    key = os.environ['K']\n"
                f"    return {call}(\"https://api.binance.com/sapi/v1/capital/config/getall\", "
                "headers={\"X-MBX-APIKEY\": key})\n")
    found, findings = _project(tmp_path, monkeypatch, {"app/__init__.py": "", "app/netutil.py": NETUTIL,
                                                        "app/exchange.py": exchange})
    assert found == [("app/netutil.py", 5, "BOT402")]
    assert "app/exchange.py:7" in findings[0].message and "`get_json`" in findings[0].message


HTTP = '''import httpx
import requests

session = requests.Session()
session.verify = False
async_client = httpx.AsyncClient(verify=False)
'''
MAIN = '''import os
from app.http import async_client, session

KEY = os.environ["BINANCE_API_KEY"]


def account():
    return session.get("https://api.binance.com/api/v3/account", headers={"X-MBX-APIKEY": KEY}).json()


async def price():
    return (await async_client.get("https://api.binance.com/api/v3/ticker/price")).json()
'''


def test_two_tls_off_objects_each_reported_at_its_definition(tmp_path, monkeypatch):
    found, findings = _project(tmp_path, monkeypatch, {"app/__init__.py": "", "app/http.py": HTTP,
                                                        "app/main.py": MAIN})
    assert found == [("app/http.py", 5, "BOT402"), ("app/http.py", 6, "BOT402")]
    by_line = {f.line: f for f in findings}
    assert "app/main.py:8" in by_line[5].message and by_line[5].confidence.name == "HIGH"
    # a public price request to an exchange still matters (false prices), at lower confidence
    assert "app/main.py:12" in by_line[6].message and by_line[6].confidence.name == "MEDIUM"


def test_a_context_of_a_third_module_wrapped_by_a_factory(tmp_path, monkeypatch):
    tls = "import ssl\n\n\ndef insecure():\n    return ssl._create_unverified_context()\n"
    sessions = ("import aiohttp\nfrom app.tls import insecure\n\n\ndef make_session():\n"
                "    return aiohttp.ClientSession(connector=aiohttp.TCPConnector(ssl=insecure()))\n")
    main = ENGINE.replace("from app.tls import make_session", "from app.sessions import make_session")
    found, findings = _project(tmp_path, monkeypatch, {"app/__init__.py": "", "app/tls.py": tls,
                                                        "app/sessions.py": sessions, "app/engine.py": main})
    assert found == [("app/tls.py", 5, "BOT402")]
    assert "app/engine.py:9" in findings[0].message and "make_session()" in findings[0].message


@pytest.mark.parametrize("main", [
    # no exchange, no credential, nothing in the module that talks to one
    "from app.http import session\n\n\ndef status():\n    return session.get('https://intranet.local/health')\n",
    # imported, never used for a request
    "from app.http import session\n\nprint(session)\n",
    # a name of the same spelling bound here, not the imported one
    "import os\nimport requests\n\nsession = requests.Session()\n"
    "session.get('https://api.binance.com/api/v3/account', headers={'X-MBX-APIKEY': os.environ['K']})\n",
])
def test_uses_that_do_not_make_it_matter(tmp_path, monkeypatch, main):
    found, _ = _project(tmp_path, monkeypatch, {"app/__init__.py": "", "app/http.py": HTTP, "app/main.py": main})
    assert found == []


def test_a_verified_factory_used_for_keyed_requests_is_not_reported(tmp_path, monkeypatch):
    net = "import aiohttp\n\n\ndef make_session():\n    return aiohttp.ClientSession()\n"
    found, _ = _project(tmp_path, monkeypatch, {"app/__init__.py": "", "app/tls.py": net, "app/engine.py": ENGINE})
    assert found == []


def test_without_the_link_step_nothing_is_reported_across_modules(tmp_path, monkeypatch):
    from botlint.engine import lint_paths

    (tmp_path / "app").mkdir()
    (tmp_path / "app/__init__.py").write_text("")
    (tmp_path / "app/http.py").write_text(HTTP)
    (tmp_path / "app/main.py").write_text(MAIN)
    monkeypatch.chdir(tmp_path)
    config = settings(["BOT4"])
    config.link = False
    assert lint_paths(["."], config, use_cache=False).findings == []


def test_the_uses_exported_survive_the_engines_masking_of_facts():
    """Facts are masked where a string looks random (defence in depth); a whole path such as
    ``src/app/exchange.py`` looks random to the entropy test, so the use is exported part by part."""
    import libcst as cst

    from botlint.analysis.clients import ClientTracker
    from botlint.analysis.imports import ImportMap
    from botlint.secrets.masking import mask_fact as _masked
    from botlint.rule import FileContext, tracker
    from botlint.walker import walk

    src = MAIN.replace("from app.http import", "from app.http_utils import")
    ctx = FileContext(path="src/app/exchange.py", source=src, settings=settings(["BOT4"]), imports=ImportMap())
    ctx.module_name = "app.exchange"  # type: ignore[attr-defined]
    t = ClientTracker.shared(ctx)
    walk(cst.parse_module(src), [tracker(ctx), t])
    uses = t.export()["@tls_uses"]
    assert _masked(uses) == uses
    assert uses["uses"]["app.http_utils.session"]["path"] == ["src", "app", "exchange.py"]


@pytest.mark.parametrize("sync, aw", [("", ""), ("async ", "await ")])
def test_a_session_kept_on_self_and_used_in_another_method(tmp_path, monkeypatch, sync, aw):
    client = ("import os\nimport net\n\n\nclass Rest:\n    def __init__(self):\n"
              "        self.http = net.make_session()\n"
              "        self.key = os.environ['BYBIT_KEY']\n\n"
              f"    {sync}def wallet(self):\n"
              f"        return {aw}self.http.get('https://api.bybit.com/v5/account/wallet-balance', "
              "headers={'X-BAPI-API-KEY': self.key})\n")
    found, findings = _project(tmp_path, monkeypatch, {"bot/net.py": NET_CONTEXT, "bot/rest.py": client})
    assert found == [("bot/net.py", 7, "BOT402")]
    assert "bot/rest.py:11" in findings[0].message
