"""Every rule is complete: unique code, kebab-case name, all doc sections, examples that
behave as declared (INVALID examples are reported under the rule's code, VALID ones are not)."""
from __future__ import annotations

import pytest

from botlint import fakes, registry
from botlint.engine import lint_source
from botlint.rule import DOC_SECTIONS, parse_doc

from helpers import settings

RULES = registry.all_rules()
# rules whose examples cannot be expressed as source text, with where they are tested instead
NO_EXAMPLES = {"BOT005": "tests/test_engine.py::test_unreadable_file"}


def _src(example):
    return fakes.expand(example) if isinstance(example, str) else example


def _settings_for(rule):
    s = settings([rule.CODE])
    for k, v in rule.EXAMPLE_SETTINGS.items():
        setattr(s, k, v)
    return s


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


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.CODE)
def test_invalid_examples_are_reported(rule):
    for example in rule.INVALID:
        found = lint_source(_src(example), rule.EXAMPLE_FILENAME, _settings_for(rule))
        assert any(f.code == rule.CODE for f in found), (rule.CODE, example, found)


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.CODE)
def test_valid_examples_are_clean(rule):
    for example in rule.VALID:
        found = lint_source(_src(example), rule.EXAMPLE_FILENAME, _settings_for(rule))
        assert not [f for f in found if f.code == rule.CODE], (rule.CODE, example, found)
