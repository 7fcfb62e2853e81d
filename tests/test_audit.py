"""``botlint audit``: collection, the JSON contract, verdicts, renderers and --diff, on the
fixture bots under fixtures/audit/ and on small projects built at test time."""
from __future__ import annotations

import html.parser
import json
import os
import shutil

import pytest

from botlint.audit.collect import collect
from botlint.audit.model import build
from botlint.audit.render import render
from botlint.cli import main
from botlint.fakes import fake

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
AUDIT = os.path.join(ROOT, "fixtures", "audit")
CONTRACT = {"version", "path", "verdict", "permissions", "evidence", "exchanges", "hosts", "credentials",
            "malicious", "findings"}


def audit(path, **kw):
    result, _notes, missing = collect(path, jobs=1, use_cache=False, **kw)
    assert not missing and not result.errors
    return build(path, result)


def run_json(capsys, *args):
    rc = main(["audit", *args, "--format", "json", "--no-cache", "-j", "1"])
    out = capsys.readouterr().out
    return rc, json.loads(out)


def write(root, rel, text):
    path = os.path.join(root, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(text)
    return path


# -- the fixture bots ------------------------------------------------------------------------------

def test_honest_bot_needs_read_and_trade_only(capsys):
    rc, doc = run_json(capsys, os.path.join(AUDIT, "honest_grid_bot"))
    assert rc == 0
    assert CONTRACT <= set(doc)
    assert doc["version"] == 1
    assert doc["permissions"] == {"read": True, "trade": True, "withdraw": False, "transfer": False,
                                  "onchain_send": False}
    assert doc["verdict"] == "trade"
    assert set(doc["evidence"]) == set(doc["permissions"]) and doc["evidence"]["withdraw"] == []
    assert doc["exchanges"] == ["binance"]
    assert [(h["host"], h["kind"]) for h in doc["hosts"]] == [("api.telegram.org", "notification")]
    trade = doc["evidence"]["trade"]
    assert {"path", "line", "code"} == set(trade[0])
    assert any(e["code"] == "exchange.create_order()" and e["path"].endswith("bot.py") for e in trade)
    creds = doc["credentials"]
    assert creds["hard_coded"] is False and creds["exposed"] is False
    assert {"BINANCE_API_KEY", "BINANCE_API_SECRET", "TELEGRAM_BOT_TOKEN"} <= {
        s["name"] for s in creds["sources"] if s["kind"] == "env"}
    assert doc["malicious"] is False


def test_withdrawing_bot_exits_1_with_evidence(capsys):
    rc, doc = run_json(capsys, os.path.join(AUDIT, "profit_sweeper"))
    assert rc == 1
    assert doc["permissions"]["withdraw"] and doc["permissions"]["transfer"] and doc["permissions"]["trade"]
    assert doc["verdict"] == "moves_funds"
    assert [e["code"] for e in doc["evidence"]["withdraw"]] == ["kraken.withdraw()"]
    assert doc["evidence"]["withdraw"][0]["line"] == 19
    assert doc["exchanges"] == ["bybit", "kraken"]  # ccxt.kraken(...) and getattr(ccxt, "bybit")
    assert {f["code"] for f in doc["findings"]["BOT3"]} == {"BOT301", "BOT302"}
    # a wallet address read from the environment is not a credential
    assert "COLD_WALLET_ADDRESS" not in {s["name"] for s in doc["credentials"]["sources"]}


def test_malicious_bot_is_malicious_with_the_payload_host(capsys):
    rc, doc = run_json(capsys, os.path.join(AUDIT, "ai_arbitrage"))
    assert rc == 1
    assert doc["malicious"] is True and doc["verdict"] == "malicious"
    assert [f["code"] for f in doc["findings"]["BOT5"]] == ["BOT501"]
    hosts = {h["host"]: h for h in doc["hosts"]}
    assert hosts["203.0.113.47"]["kind"] == "raw_ip"  # only in the base64/zlib payload
    assert hosts["203.0.113.47"]["evidence"][0]["code"] == "decoded payload"
    assert doc["exchanges"] == ["binance", "okx"]


def test_text_report_reads_verdict_first_and_tailors_advice(capsys):
    rc = main(["audit", os.path.join(AUDIT, "ai_arbitrage"), "--no-cache", "-j", "1"])
    out = capsys.readouterr().out
    assert rc == 1
    lines = out.splitlines()
    assert lines[2].startswith("Do not run this bot")
    assert "Malicious code: 1 finding(s)" in out and "BOT501" in out
    assert "1. Do not run this bot" in out
    main(["audit", os.path.join(AUDIT, "honest_grid_bot"), "--no-cache", "-j", "1"])
    out = capsys.readouterr().out
    assert "never give: WITHDRAW, TRANSFER" in out
    assert "IP whitelisting" in out and "sub-account" in out


# -- collection: vetting defaults, cache, check unaffected -----------------------------------------

def test_project_config_and_noqa_cannot_blind_the_audit(tmp_path):
    write(tmp_path, "pyproject.toml", '[tool.botlint]\nignore = ["BOT3", "BOT5"]\nexclude = ["*.py"]\n')
    write(tmp_path, "bot.py", "import ccxt, os\nex = ccxt.okx({'apiKey': os.environ['K']})\n"
                              "ex.withdraw('USDT', 1, os.environ['TO'])  # noqa: BOT301\n")
    a = audit(str(tmp_path))
    assert a.permissions["withdraw"] and a.exit_code == 1
    assert a.evidence["withdraw"][0].line == 3


def test_capabilities_are_cached_with_the_findings(tmp_path):
    cache = str(tmp_path / "cache")
    bot = os.path.join(AUDIT, "honest_grid_bot")
    first, _n, _m = collect(bot, jobs=1, use_cache=True, cache_dir=cache)
    second, _n, _m = collect(bot, jobs=1, use_cache=True, cache_dir=cache)
    assert second.cached == second.files
    assert second.capabilities == first.capabilities and first.capabilities
    assert render("json", build(bot, second)) == render("json", build(bot, first))


def test_check_runs_collect_no_capabilities_and_keep_their_cache_key():
    from botlint.audit.collect import audit_config
    from botlint.config import Settings, resolve
    from botlint.engine import lint_paths

    res = lint_paths([os.path.join(AUDIT, "honest_grid_bot")], Settings(), jobs=1, use_cache=False)
    assert res.capabilities == {}
    plain = resolve(Settings())
    assert "capabilities" not in json.dumps(plain.cache_key())
    _settings, config = audit_config()
    assert config.capabilities and config.ignore_noqa
    assert config.cache_key() != type(config)(**{**vars(config), "capabilities": False}).cache_key()
    assert "BOT110" not in config.enabled and "BOT404" in config.enabled


def test_audit_writes_nothing_into_the_tree(tmp_path):
    shutil.copytree(os.path.join(AUDIT, "honest_grid_bot"), tmp_path / "bot")
    before = sorted(os.listdir(tmp_path / "bot"))
    assert main(["audit", str(tmp_path / "bot"), "--cache-dir", str(tmp_path / "cache"), "-j", "1", "-q"]) == 0
    assert sorted(os.listdir(tmp_path / "bot")) == before


# -- permissions from frameworks, hosts, credentials -------------------------------------------------

FREQTRADE_STRATEGY = ("from freqtrade.strategy import IStrategy\n\n\nclass Sample(IStrategy):\n"
                      "    timeframe = '5m'\n\n    def populate_entry_trend(self, dataframe, metadata):\n"
                      "        return dataframe\n")


@pytest.mark.parametrize("dry_run,trades", [("false", True), ("true", False)])
def test_freqtrade_strategy_trades_unless_every_config_is_dry(tmp_path, dry_run, trades):
    write(tmp_path, "user_data/strategies/sample.py", FREQTRADE_STRATEGY)
    write(tmp_path, "config.json", '{\n  "dry_run": %s,\n  "exchange": {\n    "name": "kucoin",\n'
                                   '    "key": "",\n    "secret": ""\n  }\n}\n' % dry_run)
    a = audit(str(tmp_path))
    assert a.permissions["trade"] is trades
    assert a.exchanges == ["kucoin"]
    assert any(s.kind == "config_file" and s.name == "config.json" for s in a.sources)


def test_hummingbot_script_trades_on_its_markets(tmp_path):
    write(tmp_path, "scripts/simple.py",
          "from hummingbot.strategy.script_strategy_base import ScriptStrategyBase\n\n\n"
          "class Simple(ScriptStrategyBase):\n"
          "    markets = {'binance': {'ETH-USDT'}, 'kucoin_paper_trade': {'ETH-USDT'}}\n\n"
          "    def on_tick(self):\n        self.buy('binance', 'ETH-USDT', 1, None)\n")
    a = audit(str(tmp_path))
    assert a.permissions["trade"] and a.permissions["read"]
    assert a.exchanges == ["binance"]  # a paper-trade connector is no exchange account
    write(tmp_path, "scripts/simple.py",
          "from hummingbot.strategy.script_strategy_base import ScriptStrategyBase\n\n\n"
          "class Simple(ScriptStrategyBase):\n    markets = {'binance_paper_trade': {'ETH-USDT'}}\n\n"
          "    def on_tick(self):\n        self.buy('binance_paper_trade', 'ETH-USDT', 1, None)\n")
    a = audit(str(tmp_path))
    assert not a.permissions["trade"] and a.exchanges == []  # paper trading needs no key


def test_hosts_are_addresses_not_prose(tmp_path):
    write(tmp_path, "bot.py",
          '"""Docs: https://docs.example-bot.io/guide"""\nimport requests\n'
          'HELP = "see https://github.com/someone/bot for help"\n'
          'API = "https://api.kraken.com/0/public/Time"\nRPC = "https://mainnet.infura.io/v3/"\n'
          'DROP = "https://5fde2c.vercel.app/x"\nLOCAL = "http://127.0.0.1:8080"\nFILE = "config.json"\n'
          'requests.get(f"https://api.coingecko.com/api/v3/{API}")\n')
    write(tmp_path, "run.py", 'import subprocess\nsubprocess.run(["bash", "start.sh"])\n')  # a file name
    write(tmp_path, "settings.yaml", "# docs: https://docs.example-bot.io/config\nwebhook: https://hooks.slack.com/services/x\n")
    write(tmp_path, "pyproject.toml", '[project]\nurls = {home = "https://github.com/someone/bot"}\n')
    a = audit(str(tmp_path))
    kinds = {h.host: h.kind for h in a.hosts}
    assert kinds == {"api.kraken.com": "exchange", "mainnet.infura.io": "rpc", "5fde2c.vercel.app": "third_party",
                     "api.coingecko.com": "third_party", "hooks.slack.com": "notification"}


def test_hard_coded_key_is_reported_and_never_printed(tmp_path, capsys):
    secret = fake("alnum64", seed=7)
    write(tmp_path, "bot.py", f"import ccxt\nex = ccxt.binance({{'apiKey': 'k', 'secret': '{secret}'}})\n"
                              "ex.create_order('BTC/USDT', 'market', 'buy', 1)\n")
    for fmt in ("json", "text", "markdown", "html"):
        rc = main(["audit", str(tmp_path), "--format", fmt, "--no-cache", "-j", "1"])
        out = capsys.readouterr().out
        assert rc == 1, fmt
        assert secret not in out and secret[:16] not in out, fmt
    a = audit(str(tmp_path))
    assert a.hard_coded and a.exit_code == 1
    assert any(s.kind == "hard_coded" for s in a.sources)


def test_a_key_in_tests_is_not_hard_coded(tmp_path):
    secret = fake("alnum64", seed=8)
    write(tmp_path, "tests/test_bot.py", f"API_SECRET = '{secret}'\n")
    assert audit(str(tmp_path)).hard_coded is False


# -- renderers: escaping and the html page ----------------------------------------------------------

class _Tags(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags = []
        self.attrs = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs.extend(v or "" for _k, v in attrs)


def test_html_is_one_safe_self_contained_page(tmp_path):
    secret = fake("alnum64", seed=9)
    name = "<img src=x onerror=alert(1)>\x1b[2J.py"
    write(tmp_path, name, f"import ccxt\nSECRET = '{secret}'\nex = ccxt.bybit()\nex.fetch_balance()\n"
                          "URL = 'https://evil.example-drop.xyz/<script>'\n")
    page = render("html", audit(str(tmp_path)))
    parser = _Tags()
    parser.feed(page)
    parser.close()
    assert "script" not in parser.tags and "img" not in parser.tags
    assert not any(a.startswith(("http:", "https:", "//")) for a in parser.attrs)  # nothing fetched
    assert "<link" not in page and "@import" not in page and "url(" not in page
    assert secret not in page and "\x1b" not in page
    assert "&lt;img src=x" in page


def test_text_and_markdown_escape_scanned_names(tmp_path):
    write(tmp_path, "a\x1b]0;pwn\x07.py", "import ccxt\nex = ccxt.bybit()\nex.fetch_balance()\n")
    a = audit(str(tmp_path))
    for fmt in ("text", "markdown"):
        out = render(fmt, a)
        assert "\x1b" not in out and "\x07" not in out, fmt


# -- --diff ------------------------------------------------------------------------------------------

def test_diff_flags_an_update_that_withdraws_and_phones_home(tmp_path, capsys):
    old, new = tmp_path / "v1", tmp_path / "v2"
    shutil.copytree(os.path.join(AUDIT, "honest_grid_bot"), old)
    shutil.copytree(os.path.join(AUDIT, "honest_grid_bot"), new)
    write(str(new), "sweep.py", "import os\nimport requests\nfrom bot import exchange\n\n\ndef sweep():\n"
                                "    exchange.withdraw('USDT', 100, os.environ['TO'])\n"
                                "    requests.post('http://198.51.100.23/ping', json={'up': 1})\n")
    rc, doc = run_json(capsys, "--diff", str(old), str(new))
    assert rc == 1 and doc["risky"]
    assert doc["permissions"]["gained"] == ["withdraw"]
    assert {"host": "198.51.100.23", "kind": "raw_ip"} in doc["hosts"]["added"]
    rc = main(["audit", "--diff", str(old), str(old), "--no-cache", "-j", "1"])
    assert rc == 0
    assert "No new permission" in capsys.readouterr().out


def test_usage_errors_exit_2(tmp_path, capsys):
    assert main(["audit"]) == 2
    assert main(["audit", str(tmp_path / "missing")]) == 2
    assert main(["audit", "--diff", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 3 and "error:" in err


def test_readme_shows_a_real_audit_report(monkeypatch):
    """The README's "Vetting a bot" report is what botlint prints for that fixture today."""
    monkeypatch.chdir(ROOT)
    with open(os.path.join(ROOT, "README.md"), encoding="utf-8") as fh:
        readme = fh.read()
    head = "On `fixtures/audit/profit_sweeper`"
    block = readme.split(head, 1)[1].split("```\n", 1)[1].split("\n```", 1)[0]
    assert block + "\n" == render("text", audit("fixtures/audit/profit_sweeper"))


def test_sdk_calls_venues_and_dex_routers(tmp_path):
    write(tmp_path, "bot.py",
          "import os\nfrom pybit.unified_trading import HTTP\nfrom web3 import Web3\n"
          "s = HTTP(api_key=os.environ['BYBIT_KEY'], api_secret=os.environ['BYBIT_SECRET'])\n"
          "s.place_order(category='spot', symbol='BTCUSDT', side='Buy', orderType='Market', qty='1')\n"
          "s.get_wallet_balance(accountType='UNIFIED')\n"
          "ROUTER = '0x7a250d5630B4cF539739dF2C5dAcb4c659F2488D'\n"
          "w3 = Web3(Web3.HTTPProvider('https://bsc-dataseed.binance.org'))\n"
          "w3.eth.send_raw_transaction(signed.raw_transaction)\n")
    a = audit(str(tmp_path))
    assert a.permissions == {"read": True, "trade": True, "withdraw": False, "transfer": False, "onchain_send": True}
    assert [e.code for e in a.evidence["trade"]] == ["s.place_order()"]
    assert a.exchanges == ["bybit", "uniswap"]
    assert {h.host: h.kind for h in a.hosts} == {"bsc-dataseed.binance.org": "rpc"}
    assert a.exit_code == 0  # an on-chain send alone is reported, not gated


def test_credentials_typed_in_are_a_source(tmp_path):
    write(tmp_path, "bot.py", "import getpass\nimport ccxt\nsecret = getpass.getpass('API secret: ')\n"
                              "name = input('your name: ')\n"
                              "ex = ccxt.kraken({'apiKey': input('API key: '), 'secret': secret})\n")
    a = audit(str(tmp_path))
    assert [(s.kind, s.name) for s in a.sources] == [("prompt", "getpass()"), ("prompt", "input()")]


def test_raw_rest_bot_needs_read_and_trade_on_its_exchange(tmp_path):
    write(tmp_path, "bot.py",
          "import hashlib\nimport hmac\nimport os\n\nimport requests\nfrom flask import Flask\n\n"
          "BASE = 'https://api.binance.com'\napp = Flask(__name__)\n\n\n"
          "def signed(method, path, params):\n"
          "    params['signature'] = hmac.new(os.environ['BN_SECRET'].encode(), b'', hashlib.sha256).hexdigest()\n"
          "    return requests.request(method, BASE + path, params=params,\n"
          "                            headers={'X-MBX-APIKEY': os.environ['BN_KEY']})\n\n\n"
          "@app.get('/orders')\ndef orders():\n    return signed('GET', '/api/v3/openOrders', {})\n\n\n"
          "signed('POST', '/api/v3/order', {'symbol': 'BTCUSDT'})\n"
          "requests.get(f'{BASE}/api/v3/ticker/price')\nrequests.get(BASE + '/api/v3/orderbook')\n"
          "LOGO = 'https://user-images.githubusercontent.com/user-attachments/assets/1.png'\n")
    write(tmp_path, "myexchange.py",  # an adapter's endpoint table: implemented, not called
          "import ccxt\n\n\nclass myexchange(ccxt.binance):\n"
          "    def describe(self):\n        return {'api': {'private': {'post': ['/api/v3/order']}}, 'x': 'hmac'}\n")
    a = audit(str(tmp_path))
    assert [e.code for e in a.evidence["trade"]] == ["POST /api/v3/order"]
    assert [e.code for e in a.evidence["read"]] == ["GET /api/v3/openOrders"]  # not the route /orders
    assert a.exchanges == ["binance"] and not a.permissions["withdraw"]


def test_check_never_builds_the_capability_collector(monkeypatch):
    """A check run pays nothing for the audit: the collector is never made, no file is walked for it."""
    from botlint.analysis import capabilities
    from botlint.engine import lint_source

    def boom(*_a, **_k):
        raise AssertionError("collector built in a check run")

    monkeypatch.setattr(capabilities.CapabilityCollector, "__init__", boom)
    monkeypatch.setattr(capabilities, "text_summary", boom)
    found = lint_source("import ccxt\nex = ccxt.binance()\nex.withdraw('USDT', 1, 'x')\n", "bot.py")
    assert [f.code for f in found] == ["BOT301"]
    assert lint_source('{"exchange": {"name": "binance"}}\n', "config.json") == []


def test_a_cache_entry_with_a_bad_summary_is_a_miss(tmp_path):
    from botlint.audit.collect import audit_config
    from botlint.cache import Cache
    from botlint.model import FileResult

    _settings, config = audit_config()
    cache = Cache.open(config, str(tmp_path))
    cache.put("k", FileResult([], [], [], {}, (), {"hosts": [["api.kraken.com", 3, "URL in code"]]}))
    assert cache.get("k").capabilities == {"hosts": [["api.kraken.com", 3, "URL in code"]]}
    cache.entries["k"]["c"] = ["not", "a", "dict"]
    assert cache.get("k") is None
