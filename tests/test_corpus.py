"""BOT1 precision and recall on the realistic bot-project corpus (fixtures/corpus).

The comparison logic lives in tests/corpus_eval.py; `python scripts/eval_corpus.py -v` prints
the same measure with every FP and FN.
"""
from __future__ import annotations

import os

import pytest

import corpus_eval
from corpus_eval import CORPUS


@pytest.fixture(scope="module")
def results():
    return corpus_eval.evaluate(CORPUS)


def test_corpus_is_labelled():
    projects = corpus_eval.projects(CORPUS)
    assert len(projects) >= 12
    for p in projects:
        pdir = os.path.join(CORPUS, p)
        expected = corpus_eval.read_expected(pdir)
        assert expected, f"{p}: EXPECTED lists no secret"
        for e in expected:
            path = os.path.join(pdir, e.path)
            assert os.path.isfile(path), f"{p}: EXPECTED names a missing file {e.path}"
            with open(path, encoding="utf-8") as fh:
                n = sum(1 for _ in fh)
            assert 1 <= e.line <= n, f"{p}: {e.path}:{e.line} is past the end of the file"
            assert e.code.startswith("BOT1") and len(e.code) == 6


def test_bot1_precision_and_recall(results):
    t = corpus_eval.totals(results)
    summary = corpus_eval.report(results, verbose=True)
    assert t["precision"] >= 0.9, summary
    assert t["recall"] >= 0.9, summary
