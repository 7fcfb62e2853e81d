"""The ``[*]`` fix marks of a warm run come from the cache: no file is planned (parsed with
positions) again while its bytes, its findings and botlint are unchanged."""
from __future__ import annotations

import pytest

from botlint import fix, fixmarks

from helpers import run_cli

BOT = (
    "import os\nimport ccxt\n\n"
    "ex = ccxt.kraken({'apiKey': os.environ['KRAKEN_API_KEY'],\n"
    "                  'secret': os.environ['KRAKEN_API_SECRET'], 'verbose': True})\n"
    "ex.create_order('BTC/USD', 'market', 'buy', 1)\n"
)


def _run(capsys, cache):
    return run_cli(capsys, "--isolated", "--format", "full", "--cache-dir", str(cache), ".")


@pytest.fixture
def project(tmp_path, monkeypatch):
    proj = tmp_path / "proj"
    proj.mkdir()
    (proj / "bot.py").write_text(BOT)
    monkeypatch.chdir(proj)
    return proj


@pytest.fixture
def cache(tmp_path):
    return tmp_path / "cache"


def test_a_warm_run_plans_no_fix_and_marks_the_same(project, cache, capsys, monkeypatch):
    rc, first, _err = _run(capsys, cache)
    assert rc == 1 and "[*]" in first

    def boom(*_a, **_k):
        raise AssertionError("planned again")

    monkeypatch.setattr(fix, "plan", boom)
    rc, second, _err = _run(capsys, cache)
    assert second == first


def test_an_edited_file_is_planned_again(project, cache, capsys, monkeypatch):
    _run(capsys, cache)
    (project / "bot.py").write_text("# moved down\n" + BOT)
    calls = []
    real = fix.plan

    def counted(*a, **k):
        calls.append(1)
        return real(*a, **k)

    monkeypatch.setattr(fix, "plan", counted)
    _rc, out, _err = _run(capsys, cache)
    assert calls and "[*]" in out


def test_no_cache_neither_reads_nor_writes_marks(project, cache, capsys):
    run_cli(capsys, "--isolated", "--no-cache", "--cache-dir", str(cache), ".")
    assert not (cache / "fix-marks.json").exists()


@pytest.mark.parametrize("garbage", ['{"version": "x"}', "not json", '{"files": {"k": [[99], -1]}}'])
def test_a_damaged_marks_file_is_a_miss(project, cache, capsys, garbage):
    _rc, first, _err = _run(capsys, cache)
    (cache / "fix-marks.json").write_text(garbage)
    _rc, again, _err = _run(capsys, cache)
    assert again == first


def test_rows_with_wrong_indices_are_rejected():
    assert fixmarks._valid_marks([[0, 1], 0], 2)
    assert not fixmarks._valid_marks([[2], 0], 2)
    assert not fixmarks._valid_marks([[True], 0], 2)
    assert not fixmarks._valid_marks([[0], -1], 2)
    assert not fixmarks._valid_marks({"a": 1}, 2)
