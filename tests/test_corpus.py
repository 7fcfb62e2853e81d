"""BOT1 precision and recall on the realistic bot-project corpus (fixtures/corpus).

The comparison logic lives in scripts/eval_corpus.py (run it with -v for the FP/FN list).
"""
from __future__ import annotations

import importlib.util
import os
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CORPUS = os.path.join(ROOT, "fixtures", "corpus")


def _eval_module():
    spec = importlib.util.spec_from_file_location("eval_corpus", os.path.join(ROOT, "scripts", "eval_corpus.py"))
    mod = importlib.util.module_from_spec(spec)
    sys.modules["eval_corpus"] = mod  # dataclasses look their module up
    spec.loader.exec_module(mod)
    return mod


@pytest.fixture(scope="module")
def ev():
    return _eval_module()


@pytest.fixture(scope="module")
def results(ev):
    return ev.evaluate(CORPUS)


def test_corpus_is_labelled(ev):
    projects = ev.projects(CORPUS)
    assert len(projects) >= 12
    for p in projects:
        pdir = os.path.join(CORPUS, p)
        expected = ev.read_expected(pdir)
        assert expected, f"{p}: EXPECTED lists no secret"
        for e in expected:
            path = os.path.join(pdir, e.path)
            assert os.path.isfile(path), f"{p}: EXPECTED names a missing file {e.path}"
            with open(path, encoding="utf-8") as fh:
                n = sum(1 for _ in fh)
            assert 1 <= e.line <= n, f"{p}: {e.path}:{e.line} is past the end of the file"
            assert e.code.startswith("BOT1") and len(e.code) == 6


def test_bot1_precision_and_recall(ev, results):
    t = ev.totals(results)
    summary = ev.report(results, verbose=True)
    assert t["precision"] >= 0.9, summary
    assert t["recall"] >= 0.9, summary
