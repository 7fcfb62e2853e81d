"""A warm run of an unchanged tree replays the remembered run (``engine.run``'s replay): the
same findings, with no lint, no import pre-scan and no link plan computed again; and anything
the remembered run depended on that changed (a file of the run, a file outside it that the
pre-commit lookup read, a file appearing or vanishing there) is a full run again."""
from __future__ import annotations

import pytest

from botlint.engine import lint_paths
from botlint.engine import run as engine_run

from helpers import settings
from test_dataflow_link import PROJECT, write_project


def _rows(result):
    return [(f.path, f.line, f.code, f.message) for f in result.findings]


def _forbid_work(monkeypatch):
    """Every stage a replay skips raises: a run that gets past them did not replay."""
    def boom(*_a, **_k):
        raise AssertionError("recomputed on a replay")

    monkeypatch.setattr(engine_run, "_run_pool", boom)
    monkeypatch.setattr(engine_run, "_export_skips", boom)
    monkeypatch.setattr(engine_run.link, "plan", boom)


@pytest.fixture
def project(tmp_path, monkeypatch):
    write_project(tmp_path, PROJECT)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_an_unchanged_tree_is_replayed_with_the_same_findings(project, monkeypatch):
    cache = str(project / "cache")
    first = lint_paths(["src"], settings(["BOT2"]), cache_dir=cache)
    assert [r[:3] for r in _rows(first)] == [("src/bot/log.py", 3, "BOT201"), ("src/bot/main.py", 4, "BOT203")]
    with monkeypatch.context() as m:
        _forbid_work(m)
        again = lint_paths(["src"], settings(["BOT2"]), cache_dir=cache)
    assert _rows(again) == _rows(first)
    assert again.cached == again.files == first.files
    assert [f.fingerprint for f in again.findings] == [f.fingerprint for f in first.findings]


def test_an_edited_file_is_not_replayed(project):
    cache = str(project / "cache")
    lint_paths(["src"], settings(["BOT2"]), cache_dir=cache)
    (project / "src/bot/log.py").write_text("import logging\ndef log_it(m, level=20):\n    return len(m)\n")
    again = lint_paths(["src"], settings(["BOT2"]), cache_dir=cache)
    fresh = lint_paths(["src"], settings(["BOT2"]), use_cache=False)
    assert _rows(again) == _rows(fresh)
    assert [r[:3] for r in _rows(again)] == [("src/bot/main.py", 4, "BOT203")]


def test_a_run_without_the_link_step_has_no_replay(project, monkeypatch):
    cache = str(project / "cache")
    first = lint_paths(["src"], settings(["BOT2"], link=False), cache_dir=cache)
    calls = []
    real = engine_run._replayed
    monkeypatch.setattr(engine_run, "_replayed", lambda *a: calls.append(a) or real(*a))
    again = lint_paths(["src"], settings(["BOT2"], link=False), cache_dir=cache)
    assert _rows(again) == _rows(first) and calls == []


def _precommit(project):
    """A run over the caller alone, after a full run filled the cache: the lookup reads
    notify.py (outside the run) and links its facts from the cache."""
    cache = str(project / "cache")
    lint_paths(["src"], settings(["BOT2"]), cache_dir=cache)
    one = lint_paths(["src/bot/main.py"], settings(["BOT2"]), cache_dir=cache)
    assert [r[:3] for r in _rows(one)] == [("src/bot/main.py", 4, "BOT203")]
    return cache, one


def test_a_precommit_run_is_replayed_when_nothing_outside_changed(project, monkeypatch):
    cache, one = _precommit(project)
    with monkeypatch.context() as m:
        _forbid_work(m)
        again = lint_paths(["src/bot/main.py"], settings(["BOT2"]), cache_dir=cache)
    assert _rows(again) == _rows(one)


def test_a_looked_up_file_that_changed_is_read_again(project):
    cache, _one = _precommit(project)
    # the helper outside the run no longer posts: its new content is not in the cache, so the
    # lookup has nothing for it and the caller's finding goes (a stale replay would keep it)
    notify = project / "src/bot/notify.py"
    notify.write_text(notify.read_text().replace("requests.post(URL, json={'chat_id': chat, 'text': text})",
                                                 "print(len(text))"))
    again = lint_paths(["src/bot/main.py"], settings(["BOT2"]), cache_dir=cache)
    assert _rows(again) == []


def test_a_looked_up_file_that_vanished_is_looked_for_again(project):
    cache, _one = _precommit(project)
    (project / "src/bot/notify.py").unlink()
    again = lint_paths(["src/bot/main.py"], settings(["BOT2"]), cache_dir=cache)
    assert _rows(again) == []


def test_a_file_the_cache_lost_is_linted_again(project):
    import json
    import os

    cache = str(project / "cache")
    first = lint_paths(["src"], settings(["BOT2"]), cache_dir=cache)
    [name] = [n for n in os.listdir(cache) if n.endswith(".json")]
    path = os.path.join(cache, name)
    data = json.loads(open(path).read())
    data["files"] = {}  # the run entry stays, every file's entry is gone
    with open(path, "w") as fh:
        json.dump(data, fh)
    again = lint_paths(["src"], settings(["BOT2"]), cache_dir=cache)
    assert _rows(again) == _rows(first)
    assert again.cached == 0
