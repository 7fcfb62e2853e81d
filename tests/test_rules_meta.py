"""Every rule is complete: unique code, kebab-case name, all doc sections, examples that
behave as declared.

The examples are the rule's specification, one test each (``BOT302-INVALID-1``): an INVALID
example must be reported under the rule's code (and on the line, with the message, that an
``Invalid`` record names); a VALID one must not.  They are linted through ``botlint.testing``
with only the rule's code selected, under ``EXAMPLE_FILENAME`` and ``EXAMPLE_SETTINGS``."""
from __future__ import annotations

from typing import Dict

import pytest

from botlint import registry
from botlint.rule import DOC_SECTIONS, parse_doc
from botlint.testing import Invalid, Valid, as_invalid, as_valid, check, findings

RULES = registry.all_rules()
# rules whose examples cannot be expressed as source text, with where they are tested instead
NO_EXAMPLES = {"BOT005": "tests/test_engine.py::test_unreadable_file"}


def test_codes_and_names_unique():
    codes = [r.CODE for r in RULES]
    names = [r.NAME for r in RULES]
    assert len(set(codes)) == len(codes)
    assert len(set(names)) == len(names)


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.CODE)
def test_rule_metadata(rule):
    assert registry.CODE_RE.match(rule.CODE)
    assert registry.NAME_RE.match(rule.NAME), rule.NAME
    assert rule.MESSAGE and rule.MESSAGE[0].isupper()
    doc = parse_doc(rule)
    for section in DOC_SECTIONS:
        assert doc.get(section), f"{rule.CODE}: missing doc section {section!r}"
    if rule.CODE not in NO_EXAMPLES:
        assert rule.VALID and rule.INVALID, f"{rule.CODE}: needs VALID and INVALID examples"
    if rule.CODE.startswith(("BOT1", "BOT2", "BOT3", "BOT4", "BOT5")) and rule.CODE != "BOT110":
        assert rule.CWE, f"{rule.CODE}: security rules carry a CWE"


# examples that do not behave as declared on today's rules: reported to the rule's owner, who
# removes the entry with the fix (strict: an example that starts passing fails here until then)
KNOWN_FAILURES: Dict[str, str] = {}


def _examples(kind):
    """One pytest param per example, id ``BOT302-INVALID-1`` (1-based, in declaration order)."""
    out = []
    for rule in RULES:
        for i, example in enumerate(getattr(rule, kind), 1):
            ex_id = f"{rule.CODE}-{kind}-{i}"
            reason = KNOWN_FAILURES.get(ex_id)
            marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
            out.append(pytest.param(rule, example, id=ex_id, marks=marks))
    return out


def _lint(rule, src):
    extra = dict(rule.EXAMPLE_SETTINGS)
    select = extra.pop("select", [rule.CODE])  # a rule whose examples need other rules on too
    return findings(src, select, rule.EXAMPLE_FILENAME, **extra)


def test_examples_are_records_or_strings():
    for rule in RULES:
        assert all(isinstance(e, (str, bytes, Invalid)) for e in rule.INVALID), rule.CODE
        assert all(isinstance(e, (str, bytes, Valid)) for e in rule.VALID), rule.CODE


def invalid_problem(rule, example) -> str:
    """What is wrong with an INVALID example on today's rules ("" when nothing)."""
    want = as_invalid(example)
    code = want.code or rule.CODE
    if not rule.declares(code):
        return f"Invalid(code={code!r}) is not a code {rule.CODE} reports"
    found = _lint(rule, want.src)
    hits = [f for f in found if f.code == code]
    if not hits:
        return f"no {code} finding; found {[(f.line, f.code) for f in found]}"
    if want.line is not None:
        lines = sorted(f.line for f in hits)
        hits = [f for f in hits if f.line == want.line]
        if not hits:
            return f"{code} expected on line {want.line}, reported on lines {lines}"
    if want.message_contains is not None and not any(want.message_contains in f.message for f in hits):
        return f"no {code} message contains {want.message_contains!r}: {[f.message for f in hits]}"
    return ""


def valid_problem(rule, example) -> str:
    """What is wrong with a VALID example on today's rules ("" when nothing)."""
    bad = [f for f in _lint(rule, as_valid(example).src) if f.code == rule.CODE]
    return f"{rule.CODE} reported: {[(f.line, f.message) for f in bad]}" if bad else ""


@pytest.mark.parametrize("rule,example", _examples("INVALID"))
def test_invalid_example_is_reported(rule, example):
    problem = invalid_problem(rule, example)
    assert not problem, problem


@pytest.mark.parametrize("rule,example", _examples("VALID"))
def test_valid_example_is_clean(rule, example):
    problem = valid_problem(rule, example)
    assert not problem, problem


# -- the checks above can fail: records that pin the wrong thing are caught --------------------

WITHDRAW = "import ccxt\nexchange = ccxt.binance()\nexchange.withdraw('USDT', 10, address)\n"


def test_an_invalid_record_pins_line_message_and_code():
    rule = registry.get("BOT301")
    assert invalid_problem(rule, Invalid(WITHDRAW, line=3, message_contains="withdraw")) == ""
    assert "line 2" in invalid_problem(rule, Invalid(WITHDRAW, line=2))
    assert "message contains" in invalid_problem(rule, Invalid(WITHDRAW, message_contains="no such words"))
    assert "not a code" in invalid_problem(rule, Invalid(WITHDRAW, code="BOT101"))
    assert "no BOT301" in invalid_problem(rule, "exchange.fetch_balance()\n")
    assert "BOT301 reported" in valid_problem(rule, Valid(WITHDRAW))
    assert valid_problem(rule, "exchange.fetch_balance()\n") == ""


def test_check_returns_lines_and_codes_with_fakes_expanded():
    assert check(WITHDRAW, select=["BOT3"]) == {(3, "BOT301")}
    assert check('api_secret = "{{fake:alnum64}}"\n', select=["BOT1"]) == {(1, "BOT101")}
    # the marker itself is no secret: without expansion there would be nothing to find
    assert check('api_secret = "{{fake:alnum64}}"\n', select=["BOT3"]) == set()
    # settings fields pass through; a typo is an error, not a silently ignored option
    assert check("x = 1\n" * 20, select=["BOT003"], max_file_size=64) == {(1, "BOT003")}
    with pytest.raises(TypeError):
        check("x = 1\n", max_file_sise=64)
