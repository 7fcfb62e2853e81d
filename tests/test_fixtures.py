"""Every file under fixtures/rules/ declares its expected findings inline with
`# error: [code-or-name]` markers; the set of (line, code) botlint reports must equal them.

The family linted is the one in the file name (BOT1..., BOT2...), or what a first-line
`# select: ...` comment says.  Inline suppressions are ignored here, so fixtures can carry
`# pragma: allowlist secret` for other scanners."""
from __future__ import annotations

import os

import pytest

from botlint.engine import lint_source

from conftest import FIXTURES
from helpers import expected_markers, fixture_select, settings

RULE_FIXTURES = sorted(
    os.path.join(dp, f)
    for dp, _dn, fs in os.walk(os.path.join(FIXTURES, "rules"))
    for f in fs
)


def test_there_are_rule_fixtures():
    assert len(RULE_FIXTURES) >= 3


@pytest.mark.parametrize("path", RULE_FIXTURES, ids=lambda p: os.path.relpath(p, FIXTURES))
def test_fixture(path):
    with open(path, "rb") as fh:
        data = fh.read()
    text = data.decode("utf-8", "replace")
    rel = os.path.relpath(path, FIXTURES).replace(os.sep, "/")
    found = lint_source(data, rel, settings(fixture_select(path, text), ignore_noqa=True))
    got = {(f.line, f.code) for f in found}
    want = expected_markers(text)
    missing = sorted(want - got)
    extra = sorted((f.line, f.code, f.message) for f in found if (f.line, f.code) not in want)
    assert not missing and not extra, f"missing={missing} unexpected={extra}"
