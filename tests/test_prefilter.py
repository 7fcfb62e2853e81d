"""The pre-checks and gates never change a finding: every fixture gives the same findings with
them on and with ``BOTLINT_PREFILTER=0`` (each rule walks every file, every detect-secrets plugin
runs on every text, every analysis exports).  A gate that is too narrow shows here as a finding
that exists only with the gates off."""
from __future__ import annotations

import os

import pytest

from botlint.engine import lint_paths
from botlint.rule import PREFILTER_ENV, Rule, prefilter_on

from helpers import finding_rows, gate_runs, settings, write_tree

FIXTURES = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "fixtures")
# every tree under fixtures/ (rules, corpus, demo_bot, bots, audit, malicious, ...)
TREES = sorted(os.path.join(FIXTURES, d) for d in os.listdir(FIXTURES) if os.path.isdir(os.path.join(FIXTURES, d)))


def _findings(tree: str):
    run = lint_paths([tree], settings(["ALL"]), jobs=1, use_cache=False)
    return sorted((f.path, f.location.line, f.location.column, f.code, f.message) for f in run.findings)


def test_every_fixture_tree_is_compared():
    assert {"rules", "corpus", "demo_bot", "bots", "audit", "malicious"} <= {os.path.basename(t) for t in TREES}


@pytest.mark.parametrize("tree", TREES, ids=os.path.basename)
def test_findings_are_the_same_with_the_gates_off(tree, monkeypatch):
    """Gated twice: from the rule index (``registry.gated_rules`` before any rule class is
    loaded: a cold run, each rule module imported when its gate opens) and from the loaded
    classes (a forked pool worker after the warm-up)."""
    from botlint import registry

    monkeypatch.delenv(PREFILTER_ENV, raising=False)
    monkeypatch.setattr(registry, "_walking", [])
    from_index = _findings(tree)
    monkeypatch.setattr(registry, "_walking", list(registry.walking_rules()))
    from_classes = _findings(tree)
    monkeypatch.setenv(PREFILTER_ENV, "0")
    assert not prefilter_on()
    ungated = _findings(tree)
    assert from_index == ungated
    assert from_classes == ungated


def test_a_precheck_that_answers_false_skips_the_rule(monkeypatch):
    """Duck-typed pre-checks answer True/False; False must skip (``is not None`` did not)."""

    class No:
        def search(self, text):
            return False

    class Probe(Rule):
        ABSTRACT = True
        PRECHECK = No()

    assert Probe.precheck("anything") is False
    monkeypatch.setenv(PREFILTER_ENV, "0")
    assert not prefilter_on()


def test_the_fast_bot1_precheck_finds_what_its_regexes_find():
    """BOT1's gate finds bindings word first and calls from their opening parenthesis (fast);
    on random text made of the pieces that matter it finds every call the call regex finds,
    in order, and every binding the binding regex finds (a superset is allowed: the gate may
    only ever be more permissive)."""
    import random

    from botlint.gates import bot1 as B

    pieces = ["api_key", "x", " ", "=", ":", '"', "'", "(", "[", "]", "secret", "Client", "getenv", "environ.get",
              "myBot", "TOKEN", "SecretStr", "\t", ".", ",", "pass", "\n", "r", "F", "HTTP", "from_key", "\u0130",
              "KEY"]
    rng = random.Random(8)
    for _ in range(5000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 30)))
        calls = [(m.start(), m.end()) for m in B._PRECHECK_CALL.finditer(text)]
        assert [(m.start(), m.end()) for m in B._calls(text)] == calls, text
        binds = {(m.start(), m.end()) for m in B._PRECHECK_BIND.finditer(text) if B._PRECHECK_WORD.search(m.group(1))}
        assert binds <= {(m.start(), m.end()) for m in B._bindings(text)}, text


def test_the_bot2_precheck_is_at_least_as_permissive_as_its_old_regex():
    """BOT2's gate is substring tests on the lowered text; every text its former alternation
    regex matched still passes (random text of the pieces that matter, and the key shapes)."""
    import random
    import re

    from botlint.rules.bot2._family import PRECHECK

    old = re.compile(
        r"(?i)secret|api[_ -]?key|apikey|dotenv|\(\s*IStrategy\s*\)|passw|passphrase|private_?key|privatekey|"
        r"mnemonic|seed|token|webhook|credential|getpass|keyring|__dict__|\bvars\(|\bpwd\b|twofa|"
        r"\[\s*['\"]key['\"]\s*\]|access_?key|environ\b|from_key|keypair|from_mnemonic|account\.create|"
        r"model_dump|\basdict\(")
    pieces = ["[", " ", "'", '"', "key", "KEY", "]", "Api", "_", "-", "Key", "vars", "(", ")", "x", "pwd", "environ",
              "IStrategy", "asdict", "private", "access", "\u0130", "\t"]
    rng = random.Random(5)
    for _ in range(5000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 12)))
        if old.search(text):
            assert PRECHECK.search(text), text
    assert not PRECHECK.search("price = fetch_ticker(symbol)\nprint(price)\n")


def test_bot5_gates_look_at_the_path_and_at_calls_not_words():
    """BOT503 walks hook files (setup.py, conftest.py, site customization) and, elsewhere, only
    code that may write a ``.pth`` file; BOT501's gate is not opened by "executor", "empty" or
    ``re.compile``; BOT506's not by "request" or "fetch" alone."""
    from botlint.rules.bot5.bot501_exec_of_decoded_code import ExecOfDecodedCode as B501
    from botlint.rules.bot5.bot503_install_time_execution import InstallTimeExecution as B503
    from botlint.rules.bot5.bot506_exchange_library_tampering import ExchangeLibraryTampering as B506

    net = "import requests\nrequests.get(URL)\n"
    assert B503.precheck_file("pkg/setup.py", net) and B503.precheck_file("tests/conftest.py", net)
    assert not B503.precheck_file("bot/engine.py", net)
    assert B503.precheck_file("bot/engine.py", 'open(site + "/x.pth", "w")\n')
    quiet = "import re\nPAT = re.compile(r'x')\nexecutor = pool\nif empty: pass\n"
    assert not B501.PRECHECK.search(quiet)
    for code in ("exec(payload)", "run = eval", 'getattr(builtins, "exec")', "compile(src, 'x', 'exec')",
                 "os.system(cmd)", "marshal.loads(b)"):
        assert B501.PRECHECK.search(quiet + code), code
    assert not B506.PRECHECK.search("resp = session.request('GET', url)\ndata = fetch(url)\n")
    assert B506.PRECHECK.search("ex.sign = my_sign\n") and B506.PRECHECK.search("import ccxt\n")


# -- the import pre-scan (engine.prescan): exports only where some module can read them ---------

def _multi_module_projects():
    """Multi-module projects of the link tests, whole: {name -> {relative path -> text}}."""
    import test_clients_link as clients_link
    import test_dataflow_link as dataflow_link
    import test_tls_across_modules as tls_link

    main = clients_link.MAIN.replace("from bot.exchanges import", "from .exchanges import")
    out = {"dataflow": dict(dataflow_link.PROJECT),
           "clients": {"src/bot/__init__.py": "", "src/bot/exchanges.py": clients_link.EXCHANGES,
                       "src/bot/main.py": main},
           "tls_engine": {"app/__init__.py": "", "app/tls.py": tls_link.NET_CONTEXT_LATE,
                          "app/engine.py": tls_link.ENGINE}}
    for user, (path, text, _line) in sorted(tls_link.CCXT_USERS.items()):
        out[f"tls_{user}"] = {"app/__init__.py": "", "app/net.py": tls_link.NET_CONTEXT, path: text}
    for maker, (made, name, use, _line) in sorted(clients_link.TLS_MAKERS.items()):
        main = (f"import aiohttp\nimport os\nfrom bot.tls import {name}\nKEY = os.environ['BINANCE_API_KEY']\n\n"
                f"async def run(s):\n    return {use.format(url=repr('https://api.binance.com/api/v3/account'))}\n")
        out[f"maker_{maker}"] = {"bot/__init__.py": "", "bot/tls.py": made, "bot/main.py": main,
                                 # nobody imports these: their exports are skipped
                                 "bot/unused.py": made.replace("\n", "\n# unused copy\n", 1),
                                 "tools/report.py": "import logging\ndef log_it(m):\n    logging.info(m)\n"}
    return out


PROJECTS = _multi_module_projects()


@pytest.mark.parametrize("name", sorted(PROJECTS))
def test_the_import_prescan_changes_no_finding(name, tmp_path, monkeypatch):
    runs = gate_runs(PROJECTS[name], tmp_path, monkeypatch)
    assert runs["1"] == runs["0"]
    assert runs["1"][0]  # each project has a finding across modules to lose


def test_a_module_imported_later_misses_its_cached_entry_without_exports(tmp_path, monkeypatch):
    """Run 1: nobody imports tls.py, its exports are skipped and its cache entry says so.  Run 2
    adds the importing module: tls.py's entry must not answer with "no exports"."""
    import test_clients_link as clients_link

    made, name, use, line = clients_link.TLS_MAKERS["requests_session"]
    main = (f"import aiohttp\nimport os\nfrom bot.tls import {name}\nKEY = os.environ['BINANCE_API_KEY']\n\n"
            f"async def run(s):\n    return {use.format(url=repr('https://api.binance.com/api/v3/account'))}\n")
    write_tree(tmp_path / "p", {"bot/__init__.py": "", "bot/tls.py": made})
    monkeypatch.chdir(tmp_path / "p")
    monkeypatch.delenv(PREFILTER_ENV, raising=False)
    cache = str(tmp_path / "cache")
    assert finding_rows(lint_paths(["."], settings(["BOT4"]), jobs=1, cache_dir=cache)) == []
    write_tree(tmp_path / "p", {"bot/main.py": main})
    again = lint_paths(["."], settings(["BOT4"]), jobs=1, cache_dir=cache)
    assert [(f.path, f.line, f.code) for f in again.findings] == [("bot/tls.py", line, "BOT402")]
    assert again.cached == 0  # tls.py (and bot/__init__.py, imported now too) missed their entries


def test_the_prescan_skips_exports_of_modules_nobody_imports(tmp_path, monkeypatch):
    from botlint.engine.run import _export_skips
    from botlint.engine.source import read_task
    from botlint.discovery import discover
    from botlint.engine.link import module_name
    from botlint.paths import Roots

    write_tree(tmp_path, PROJECTS["maker_ssl_context"])
    monkeypatch.chdir(tmp_path)
    tasks, _ = discover(["."], settings(["ALL"]))
    modules = [module_name(t.display, Roots(str(tmp_path))) for t in tasks]
    data = {i: read_task(t)[0] for i, t in enumerate(tasks)}
    monkeypatch.delenv(PREFILTER_ENV, raising=False)
    skips = {modules[i]: names for i, names in _export_skips(tasks, modules, data).items()}
    # main imports bot.tls and is imported by nobody: its exports are kept, because the @ facts
    # of both analyses flow back to what it imports (TLS uses, the data flow's reverse link)
    assert skips == {"bot.unused": ("*",), "tools.report": ("*",)}
    monkeypatch.setenv(PREFILTER_ENV, "0")
    assert _export_skips(tasks, modules, data) == {}


@pytest.mark.parametrize("source, names", [
    ("import os, a.b.c as d, e.f\n", {"=os", "a.b.c", "=e.f"}),
    ("from . import notify\nfrom .x.y import (p,  # c\n   q as r)\n",
     {"pkg.sub.notify", "pkg.sub.x.y.p", "pkg.sub.x.y.q"}),
    ("from m import *\nfrom  n \\\n  import o\nx = 1; import zz\n", {"m", "n.o", "=zz"}),
    ("import a.b\nx = a . c.d(1)\ny = q.a.z\n", {"=a.b", "=a.c.d"}),
    ("from .... import x\n", set()),  # above the top package: Python refuses it
    ("raise E from e\n# taken from the docs\n", set()),
    ("from m import (a,\n" + " " * 30_000 + "b)\n", {"m"}),  # a list too long to read: all of m
    # a non-ASCII name: its bytes are not decoded here, so the file may import anything
    ("from m\u00f3dulo import x\n", {"*"}),
    ("import m\u00f3dulo\n", {"*"}),
    ("import a\nx = a.m\u00f3dulo.f()\n", {"=a", "*"}),
    ("from m import f\u00fcn\n", {"m"}),
    # prose with a non-ASCII character after "import" or between "from" and "import" is no import
    ('"""``hbot import`` \u2014 load a config."""\n', set()),
    ("# taken from the caf\u00e9 import list\n", set()),
])
def test_imported_names(source, names):
    from botlint.engine.prescan import imported_names

    assert imported_names(source.encode(), "pkg.sub.mod", False) == names


def test_imported_names_is_linear():
    import time

    from botlint.engine.prescan import imported_names

    def cost(n):
        data = (b"from a import (\n" * n) + (b"import b.c.d\n" * n) + b"from " + b"x " * n + b"\n"
        start = time.perf_counter()
        imported_names(data, "m", False)
        return time.perf_counter() - start

    small, large = min(cost(500) for _ in range(3)), min(cost(8000) for _ in range(3))
    assert large < small * 16 * 4  # 16 times the input: well under quadratic growth


@pytest.mark.parametrize("text", [
    "", "x = 1\n", "API_KEY = os.environ['K']", "apiKey", "Api-Secret", "SECRET_KEY", "the secret\n", "secrets",
    "headers = {'X-MBX-APIKEY': k}", "Authorization: Bearer x", "tg_token", "https://api.telegram.org/file/bot1",
    "https://mainnet.infura.io/ws/v3/x", "HMAC", "PassWord", "\u017fecret = 1", "caf\u00e9 = 'no credential'",
    "\u212aey = 1", "api\u017fecret",
])
def test_the_fast_credential_context_test_answers_as_its_regex(text):
    from botlint.analysis.clients import CRED_CONTEXT, mentions_credentials

    assert mentions_credentials(text) == bool(CRED_CONTEXT.search(text))
