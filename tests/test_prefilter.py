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
