"""The pre-checks and gates never change a finding: every fixture gives the same findings with
them on and with ``BOTLINT_PREFILTER=0`` (each rule walks every file, every detect-secrets plugin
runs on every text, every analysis exports).  A gate that is too narrow shows here as a finding
that exists only with the gates off."""
from __future__ import annotations

import os

import pytest

from botlint.engine import lint_paths
from botlint.rule import PREFILTER_ENV, Rule, prefilter_on

from helpers import settings

FIXTURES = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "fixtures")
TREES = sorted(os.path.join(FIXTURES, d) for d in ("rules", "corpus", "demo_bot"))


def _findings(tree: str):
    run = lint_paths([tree], settings(["ALL"]), jobs=1, use_cache=False)
    return sorted((f.path, f.location.line, f.location.column, f.code, f.message) for f in run.findings)


@pytest.mark.parametrize("tree", TREES, ids=os.path.basename)
def test_findings_are_the_same_with_the_gates_off(tree, monkeypatch):
    monkeypatch.delenv(PREFILTER_ENV, raising=False)
    gated = _findings(tree)
    monkeypatch.setenv(PREFILTER_ENV, "0")
    assert not prefilter_on()
    ungated = _findings(tree)
    assert gated == ungated


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

    from botlint.rules import bot1_credentials as B

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
