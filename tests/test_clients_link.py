"""Clients across modules (LINK.md, clients side): what a module exports, what it wants, the
closure, and BOT301/302/401/402 in the importing module from hand-built ``ctx.linked`` facts."""
from __future__ import annotations

import json

import libcst as cst
import pytest

from botlint.analysis import LINKERS
from botlint.analysis.clients import ClientTracker, close
from botlint.analysis.imports import ImportMap
from botlint.rule import FileContext, tracker
from botlint.rules.bot3_fund_moving import FundMovingCall
from botlint.rules.bot4_client_safety import ClientSafety
from botlint.walker import walk

from helpers import lint_project, settings

EXCHANGES = '''import os
import ccxt
import requests


def make_exchange(cfg):
    return ccxt.binance(cfg)


def make_live():
    return ccxt.kraken({"apiKey": os.environ["K"], "secret": os.environ["S"]})


def make_public():
    return ccxt.bybit()


class Connector:
    def connect(self, name):
        return getattr(ccxt, name)({"enableRateLimit": True})


EXCHANGE = ccxt.okx({"apiKey": os.environ["K"], "secret": os.environ["S"], "sandbox": True})
SESSION = requests.Session()
SESSION.verify = False
'''


def _walk(src, module_name, linked=None, path="bot/main.py"):
    """One file through the shared tracker and the BOT3/BOT4 checks, with ``linked`` facts."""
    ctx = FileContext(path=path, source=src, settings=settings(["BOT3", "BOT4"]), imports=ImportMap())
    ctx.module_name = module_name  # type: ignore[attr-defined]
    ctx.linked = {"clients": linked or {}}  # type: ignore[attr-defined]
    t = ClientTracker.shared(ctx)
    walk(cst.parse_module(src), [tracker(ctx), t, FundMovingCall(ctx), ClientSafety(ctx)])
    return t, [(r.code, r.message) for r in ctx.raw]


def _linked(exports, module="bot.exchanges", path="bot/exchanges.py"):
    """What the engine hands the importing file: facts by qualified name, plus path/module."""
    return {f"{module}.{name}": dict(facts, path=path, module=module) for name, facts in exports.items()}


@pytest.fixture(scope="module")
def exports():
    t, _found = _walk(EXCHANGES, "bot.exchanges", path="bot/exchanges.py")
    return t.export()


def test_export_lists_factories_clients_and_tls_off_sessions_as_json(exports):
    assert json.loads(json.dumps(exports)) == exports
    assert exports["make_exchange"]["client"] == {
        "kind": "ccxt", "exchange": "binance", "label": "ccxt binance", "creds": False, "guarded": False,
        "config_param": 0}
    assert exports["make_live"]["client"]["creds"] is True
    assert exports["Connector.connect"]["client"]["exchange"] is None
    assert exports["EXCHANGE"] == {"kind": "client", "client": {
        "kind": "ccxt", "exchange": "okx", "label": "ccxt okx", "creds": True, "guarded": True, "config_param": None}}
    assert exports["@tls"] == {"kind": "tls", "off": {"SESSION": "`.verify = False`"}, "via": {}}
    assert "SESSION" not in exports  # no importer is linked again for it: only the closure reads it
    assert "os" not in exports and "requests" not in exports


MAIN = '''import os
from bot.exchanges import EXCHANGE, SESSION, make_exchange, make_public

ex = make_exchange({"apiKey": os.environ["K"], "secret": os.environ["S"]})
ex.withdraw("USDT", 1, "addr")
EXCHANGE.transfer("USDT", 1, "spot", "funding")
feed = make_public()
feed.fetch_ticker("BTC/USDT")
SESSION.post("https://api.binance.com/api/v3/order", headers={"X-MBX-APIKEY": os.environ["K"]})
SESSION.get("https://api.binance.com/api/v3/account")
'''


def test_wants_names_the_imported_names_used():
    t, _found = _walk(MAIN, "bot.main")
    # the names, and the attribute calls on them (``util.helper(...)`` when ``util`` is a module)
    assert [w for w in t.wants() if w.count(".") == 2] == [
        "bot.exchanges.EXCHANGE", "bot.exchanges.SESSION", "bot.exchanges.make_exchange", "bot.exchanges.make_public"]


def test_without_linked_facts_the_importing_module_judges_by_names_only():
    _t, found = _walk(MAIN, "bot.main")
    # `ex` is judged by its name (no exchange known); the imported `EXCHANGE` is not a client
    assert [c for c, _m in found] == ["BOT301"] and "binance" not in found[0][1]


def test_linked_facts_make_bot301_302_401_402_fire_in_the_importing_module(exports):
    _t, found = _walk(MAIN, "bot.main", _linked(exports))
    codes = sorted(c for c, _m in found)
    assert codes == ["BOT301", "BOT302", "BOT401"]  # BOT402 belongs where TLS is off (below)
    messages = dict(found)
    assert "on binance" in messages["BOT301"] and "on okx" in messages["BOT302"]
    assert "ccxt binance" in messages["BOT401"]  # the credentials are passed here


def test_uses_of_another_modules_objects_are_exported_with_their_most_serious_use():
    t, _found = _walk(MAIN, "bot.main")
    uses = t.export()["@tls_uses"]["uses"]
    # SESSION.post with a key header (line 9) beats the public SESSION.get (line 10)
    assert uses["bot.exchanges.SESSION"] == {"path": ["bot", "main.py"], "line": 9, "rank": 3,
                                              "why": "a credentialed request to api.binance.com"}
    assert json.loads(json.dumps(uses)) == uses


def test_the_defining_module_reports_the_tls_off_line_citing_the_use(exports):
    t, _found = _walk(MAIN, "bot.main")
    closed = close({"bot.exchanges": exports, "bot.main": t.export()})
    used = closed["bot.exchanges"]["@tls_used"]
    assert used["uses"]["SESSION"]["line"] == 9
    t2, found = _walk(EXCHANGES, "bot.exchanges", path="bot/exchanges.py",
                      linked={"bot.exchanges.@tls_used": dict(used, path="bot/exchanges.py", module="bot.exchanges")})
    assert "bot.exchanges.@tls_used" in t2.wants()
    tls = [m for c, m in found if c == "BOT402"]
    assert len(tls) == 1 and "bot/main.py:9" in tls[0] and "SESSION" in tls[0]


def test_a_guard_in_the_importing_module_counts_for_an_imported_factory(exports):
    src = MAIN.replace('ex.withdraw("USDT", 1, "addr")', 'ex.set_sandbox_mode(True)')
    _t, found = _walk(src, "bot.main", _linked(exports))
    assert "BOT401" not in [c for c, _m in found]


def test_a_client_judged_in_its_own_module_is_not_reported_again(exports):
    src = "from bot.exchanges import make_live\nex = make_live()\nex.fetch_balance()\n"
    _t, found = _walk(src, "bot.main", _linked(exports))
    assert found == []  # BOT401 belongs to bot/exchanges.py, where the keys are


def test_close_follows_factories_across_modules_and_stops_on_cycles(exports):
    closed = close({
        "bot.exchanges": exports,
        "bot.factory": {"build": {"kind": "factory", "calls": "bot.exchanges.make_live"}},
        "bot.app": {"start": {"kind": "factory", "calls": "bot.factory.build"}},
        "bot.loop": {"a": {"kind": "factory", "calls": "bot.loop.b"}, "b": {"kind": "factory", "calls": "bot.loop.a"}},
    })
    assert closed["bot.app"]["start"]["client"]["exchange"] == "kraken"
    assert "a" not in closed["bot.loop"] and "b" not in closed["bot.loop"]  # no client at the end: dropped
    assert "client" not in exports.get("build", {})  # the input is not modified
    assert LINKERS["clients"](closed) == closed  # registered, idempotent


def test_a_factory_returning_another_modules_factory_exports_the_call():
    src = "from bot.exchanges import make_live\n\ndef build():\n    return make_live()\n"
    t, _found = _walk(src, "bot.factory", path="bot/factory.py")
    exported = t.export()
    assert exported["build"] == {"kind": "factory", "calls": "bot.exchanges.make_live"}
    # and, for the closure only, where a TLS-off object it returns would come from
    assert exported["@tls"] == {"kind": "tls", "off": {}, "via": {"build": "bot.exchanges.make_live"}}


# -- end to end, once the engine's link step is there (botlint.engine.link) ------------------------

def test_two_modules_end_to_end(tmp_path, monkeypatch):
    pytest.importorskip("botlint.engine.link")
    from botlint.engine import lint_paths

    pkg = tmp_path / "src" / "bot"
    pkg.mkdir(parents=True)
    (pkg / "__init__.py").write_text("")
    (pkg / "exchanges.py").write_text(EXCHANGES)
    (pkg / "main.py").write_text(MAIN.replace("from bot.exchanges import", "from .exchanges import"))
    monkeypatch.chdir(tmp_path)
    res = lint_paths(["src"], settings(["BOT3", "BOT4"]), use_cache=False)
    found = sorted((f.path, f.line, f.code) for f in res.findings)
    assert ("src/bot/main.py", 4, "BOT401") in found  # the credentials are passed in main.py
    assert ("src/bot/exchanges.py", 25, "BOT402") in found  # where TLS is off, citing main.py:9
    assert not any(p == "src/bot/main.py" and c == "BOT402" for p, _ln, c in found)  # not at the use
    messages = {(f.line, f.code): f.message for f in res.findings if f.path == "src/bot/main.py"}
    assert "on binance" in messages[(5, "BOT301")] and "on okx" in messages[(6, "BOT302")]
    tls = [f.message for f in res.findings if f.code == "BOT402"]
    assert len(tls) == 1 and "src/bot/main.py:9" in tls[0]
    assert ("src/bot/exchanges.py", 11, "BOT401") in found  # make_live: judged where the keys are
    assert not any(p == "src/bot/main.py" and c == "BOT401" and ln != 4 for p, ln, c in found)


# -- session 7: TLS-off sessions and contexts made in one module, used in another --------------

_project = lint_project


TLS_MAKERS = {
    "requests_session": ("import requests\nsession = requests.Session()\nsession.verify = False\n",
                         "session", "session.get({url}, headers={{'X-MBX-APIKEY': KEY}})", 3),
    "httpx_client": ("import httpx\nclient = httpx.AsyncClient(verify=False)\n",
                     "client", "client.get({url}, headers={{'X-MBX-APIKEY': KEY}})", 2),
    "ssl_context": ("import ssl\nctx = ssl.create_default_context()\nctx.check_hostname = False\n"
                    "ctx.verify_mode = ssl.CERT_NONE\n",
                    "ctx", "aiohttp.ClientSession(connector=aiohttp.TCPConnector(ssl=ctx))", 3),
    "unverified_context": ("import ssl\nCTX = ssl._create_unverified_context()\n",
                           "CTX", "s.get({url}, ssl=CTX)", 2),
    "context_factory": ("import ssl\n\ndef make_ctx():\n    c = ssl.create_default_context()\n"
                        "    c.check_hostname = False\n    c.verify_mode = ssl.CERT_NONE\n    return c\n",
                        "make_ctx", "s.get({url}, ssl=make_ctx())", 5),
}


@pytest.mark.parametrize("maker", sorted(TLS_MAKERS))
def test_tls_off_made_in_one_module_is_reported_where_it_is_turned_off(tmp_path, monkeypatch, maker):
    made, name, use, line = TLS_MAKERS[maker]
    main = (f"import aiohttp\nimport os\nfrom bot.tls import {name}\nKEY = os.environ['BINANCE_API_KEY']\n\n"
            f"async def run(s):\n    return {use.format(url=repr('https://api.binance.com/api/v3/account'))}\n")
    found, findings = _project(tmp_path, monkeypatch, {"bot/__init__.py": "", "bot/tls.py": made, "bot/main.py": main})
    # the module making it talks to nothing and carries no credential, but main.py's use makes
    # it matter: reported where TLS is turned off, citing the use (not again at the use)
    assert found == [("bot/tls.py", line, "BOT402")]
    assert "bot/main.py:7" in findings[0].message and f"`{name}`" in findings[0].message


@pytest.mark.parametrize("maker", sorted(TLS_MAKERS))
def test_tls_off_used_without_exchange_or_credentials_is_not_reported(tmp_path, monkeypatch, maker):
    made, name, use, _line = TLS_MAKERS[maker]
    main = (f"import aiohttp\nfrom bot.tls import {name}\n\n"
            f"async def run(s):\n    return {use.format(url=repr('https://intranet.local/status'))}\n")
    main = main.replace(", headers={'X-MBX-APIKEY': KEY}", "")
    found, _ = _project(tmp_path, monkeypatch, {"bot/__init__.py": "", "bot/tls.py": made, "bot/main.py": main})
    assert found == []


def test_a_verified_session_imported_is_not_reported(tmp_path, monkeypatch):
    made = "import requests\nsession = requests.Session()\nsession.headers['User-Agent'] = 'bot'\n"
    main = ("import os\nfrom bot.net import session\nKEY = os.environ['BINANCE_API_KEY']\n"
            "session.get('https://api.binance.com/api/v3/account', headers={'X-MBX-APIKEY': KEY})\n")
    found, _ = _project(tmp_path, monkeypatch, {"bot/__init__.py": "", "bot/net.py": made, "bot/main.py": main})
    assert found == []


@pytest.mark.parametrize("config", [
    "import os\nRPC_URL = f\"https://mainnet.infura.io/v3/{os.environ['INFURA_PROJECT_ID']}\"\n",
    "import os\nRPC_URL = 'https://eth-mainnet.g.alchemy.com/v2/' + os.getenv('ALCHEMY_KEY', '')\n",
    "import os\nRPC_URL = 'https://mainnet.infura.io/v3/{}'.format(os.environ['INFURA_ID'])\n",
])
def test_tls_off_on_a_credentialed_rpc_url_from_a_config_module(tmp_path, monkeypatch, config):
    wallet = ("import requests\nfrom bot.config import RPC_URL\n\n\ndef block():\n"
              "    return requests.post(RPC_URL, json={'method': 'eth_blockNumber'}, verify=False)\n")
    found, findings = _project(tmp_path, monkeypatch, {"bot/__init__.py": "", "bot/config.py": config,
                                                       "bot/wallet.py": wallet})
    assert found == [("bot/wallet.py", 6, "BOT402")]
    assert "bot/config.py" in findings[0].message and "RPC URL" in findings[0].message


def test_tls_off_on_a_public_rpc_url_from_a_config_module_is_not_reported(tmp_path, monkeypatch):
    wallet = ("import requests\nfrom bot.config import RPC_URL\n\n\ndef block():\n"
              "    return requests.post(RPC_URL, json={'method': 'eth_blockNumber'}, verify=False)\n")
    found, _ = _project(tmp_path, monkeypatch, {"bot/__init__.py": "", "bot/config.py": "RPC_URL = 'https://rpc.ankr.com/eth'\n",
                                                "bot/wallet.py": wallet})
    assert found == []


UTIL = ("def private_call(ex, method, params):\n    return getattr(ex, method)(params)\n\n\n"
        "def signed(ex, path, params):\n    return ex.request(path, 'sapi', 'POST', params)\n\n\n"
        "def logged(ex, method, params):\n    print(method, params)\n")
CALLER = "import ccxt, os\n{imp}\nsrc = ccxt.binance({{'apiKey': os.environ['K'], 'secret': os.environ['S']}})\n"


@pytest.mark.parametrize("imp, call, code", [
    ("from bot.util import private_call", "private_call(src, 'sapiPostCapitalWithdrawApply', {'coin': 1})", "BOT303"),
    ("from .util import private_call", "private_call(src, 'sapiPostCapitalWithdrawApply', {})", "BOT303"),
    ("from bot import util", "util.private_call(src, 'withdraw', {})", "BOT301"),
    ("from bot.util import signed", "signed(src, 'capital/withdraw/apply', {})", "BOT303"),
])
def test_a_private_call_helper_of_another_module(tmp_path, monkeypatch, imp, call, code):
    main = CALLER.format(imp=imp) + call + "\n"
    found, findings = _project(tmp_path, monkeypatch, {"bot/__init__.py": "", "bot/util.py": UTIL, "bot/main.py": main},
                               select=("BOT3",))
    assert found == [("bot/main.py", 4, code)]
    assert "binance" in findings[0].message


@pytest.mark.parametrize("call", [
    "logged(src, 'sapiPostCapitalWithdrawApply', {})",  # does not forward the name
    "private_call(src, 'sapiGetCapitalWithdrawHistory', {})",
    "signed(src, 'capital/withdraw/history', {})",
])
def test_a_helper_of_another_module_not_moving_funds(tmp_path, monkeypatch, call):
    main = CALLER.format(imp="from bot.util import logged, private_call, signed") + call + "\n"
    found, _ = _project(tmp_path, monkeypatch, {"bot/__init__.py": "", "bot/util.py": UTIL, "bot/main.py": main},
                        select=("BOT3",))
    assert found == []


# -- native SDK clients made by a factory of another module (the caller imports no SDK) ----------

SDK_FACTORIES = {
    "python-binance": ("from binance.client import Client", "Client(os.environ['K'], os.environ['S'])",
                       "withdraw(coin='USDT', address='a', amount=1)", "BOT301"),
    "binance-connector": ("from binance.spot import Spot", "Spot(api_key=os.environ['K'], api_secret=os.environ['S'])",
                          "user_universal_transfer(type='MAIN_UMFUTURE', asset='USDT', amount=1)", "BOT302"),
    "pybit": ("from pybit.unified_trading import HTTP", "HTTP(api_key=os.environ['K'], api_secret=os.environ['S'])",
              "create_internal_transfer(coin='USDT', amount='1')", "BOT302"),
    "coinbase-advanced-py": ("from coinbase.rest import RESTClient",
                             "RESTClient(api_key=os.environ['K'], api_secret=os.environ['S'])",
                             "move_portfolio_funds(value='1', currency='USD')", "BOT302"),
}


@pytest.mark.parametrize("shape", ["direct", "variable", "module_client"])
@pytest.mark.parametrize("sdk", sorted(SDK_FACTORIES))
def test_a_native_sdk_client_from_a_factory_of_another_module(tmp_path, monkeypatch, sdk, shape):
    imp, ctor, call, code = SDK_FACTORIES[sdk]
    factory = {"direct": f"def make():\n    return {ctor}\n",
               "variable": f"def make():\n    made = {ctor}\n    return made\n",
               "module_client": f"CLIENT = {ctor}\n\n\ndef make():\n    return CLIENT\n"}[shape]
    made = f"import os\n{imp}\n\n\n{factory}"
    main = f"from bot.factory import make\n\nconn = make()\nconn.{call}\n"
    files = {"bot/__init__.py": "", "bot/factory.py": made, "bot/main.py": main}
    found, findings = _project(tmp_path, monkeypatch, files, select=("BOT3",))
    assert found == [("bot/main.py", 4, code)]
    assert f"({sdk})" in findings[0].message


def test_a_read_on_an_sdk_client_from_another_module_is_not_reported(tmp_path, monkeypatch):
    made = ("import os\nfrom binance.client import Client\n\n\n"
            "def make():\n    return Client(os.environ['K'], os.environ['S'])\n")
    main = ("from bot.factory import make\n\nconn = make()\nconn.get_withdraw_history(coin='USDT')\n"
            "conn.get_deposit_address(coin='USDT')\n")
    found, _ = _project(tmp_path, monkeypatch, {"bot/__init__.py": "", "bot/factory.py": made, "bot/main.py": main},
                        select=("BOT3",))
    assert found == []


API = ("import ccxt\nimport os\n\n\nclass Api:\n    def __init__(self):\n"
       "        self.exchange = ccxt.binance({'apiKey': os.environ['K'], 'secret': os.environ['S']})\n"
       "        self.exchange.set_sandbox_mode(True)\n\n"
       "    def private_call(self, method, params):\n        return getattr(self.exchange, method)(params)\n\n"
       "    def signed(self, path, params):\n        return self.exchange.request(path, 'sapi', 'POST', params)\n")


def test_a_private_call_method_of_a_class_of_another_module(tmp_path, monkeypatch):
    main = ("from bot.api import Api\n\napi = Api()\napi.private_call('sapiPostCapitalWithdrawApply', {'coin': 1})\n"
            "api.signed('capital/withdraw/apply', {})\napi.private_call('sapiGetCapitalWithdrawHistory', {})\n"
            "api.private_call(name, {})\n")
    found, findings = _project(tmp_path, monkeypatch, {"bot/__init__.py": "", "bot/api.py": API, "bot/main.py": main},
                               select=("BOT3",))
    assert found == [("bot/main.py", 4, "BOT303"), ("bot/main.py", 5, "BOT303")]
    assert all("`api." in f.message for f in findings)


def test_a_same_named_method_of_a_class_not_imported_does_not_forward(tmp_path, monkeypatch):
    main = "from bot.other import Thing\n\nt = Thing()\nt.private_call('sapiPostCapitalWithdrawApply', {})\n"
    files = {"bot/__init__.py": "", "bot/api.py": API, "bot/other.py": "class Thing:\n    pass\n", "bot/main.py": main}
    found, _ = _project(tmp_path, monkeypatch, files, select=("BOT3",))
    assert found == []


def test_an_old_style_tls_off_connector_of_another_module_used_with_a_bot_token(tmp_path, monkeypatch):
    made = "import aiohttp\n\n\ndef connector():\n    return aiohttp.TCPConnector(verify_ssl=False)\n"
    main = ("import aiohttp\nimport os\nfrom bot.net import connector\nTOKEN = os.environ['TG']\n\n\n"
            "async def notify(text):\n    async with aiohttp.ClientSession(connector=connector()) as s:\n"
            "        await s.post(f'https://api.telegram.org/bot{TOKEN}/sendMessage', json={'text': text})\n")
    files = {"bot/__init__.py": "", "bot/net.py": made, "bot/main.py": main}
    found, findings = _project(tmp_path, monkeypatch, files)
    assert found == [("bot/net.py", 5, "BOT402")] and "verify_ssl=False" in findings[0].message
    assert "bot/main.py:9" in findings[0].message  # the credentialed post on the session


def test_only_names_whose_facts_can_matter_are_wanted():
    """A want can cost the other module a walk (engine.link): an imported helper whose result
    is dropped, or a method that is neither a fund mover nor a request, is not wanted."""
    src = (
        "from bot.util import tick, make_exchange, SESSION, STATE, CTX\n"
        "tick(1)\n"                                   # result dropped: no factory here
        "STATE.update(2)\n"                           # neither a fund mover nor a request
        "ex = make_exchange()\n"                      # a factory: wanted
        "SESSION.post('https://api.binance.com')\n"   # a request on an imported session: wanted
        "ex.fetch_balance(params={'ctx': 1}, ssl=CTX)\n"  # handed over by keyword: wanted
    )
    t, _found = _walk(src, "bot.main")
    # SESSION.post too: a call handed a literal may be a forwarding helper (util.private_call)
    assert t.wants() == ["bot.util.CTX", "bot.util.SESSION", "bot.util.SESSION.post", "bot.util.make_exchange"]
