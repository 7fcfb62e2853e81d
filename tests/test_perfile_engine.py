"""One file's lint runs with the cyclic garbage collector paused, and leaves it as it found it."""
import gc

import pytest

from botlint.engine import file as engine_file
from botlint.engine.file import lint_bytes

SRC = b"import requests\nrequests.get('https://api.binance.com/api/v3/account', verify=False)\n"


@pytest.fixture
def seen(monkeypatch):
    """gc.isenabled() at each stage of a lint: parse, walk, secrets pass."""
    out = []
    real_parse, real_walk = engine_file.parse_python, engine_file._FileLinter.run_rules
    real_secrets = engine_file._FileLinter.secrets_pass

    def parse(*a, **k):
        out.append(("parse", gc.isenabled()))
        return real_parse(*a, **k)

    def walk(self, *a, **k):
        out.append(("walk", gc.isenabled()))
        return real_walk(self, *a, **k)

    def secrets(self, *a, **k):
        out.append(("secrets", gc.isenabled()))
        return real_secrets(self, *a, **k)

    monkeypatch.setattr(engine_file, "parse_python", parse)
    monkeypatch.setattr(engine_file._FileLinter, "run_rules", walk)
    monkeypatch.setattr(engine_file._FileLinter, "secrets_pass", secrets)
    return out


def test_the_collector_is_paused_during_a_files_lint_and_enabled_after(seen):
    assert gc.isenabled()
    res = lint_bytes("bot.py", SRC, "python", None)
    assert [f.code for f in res.findings] == ["BOT402"]
    assert seen == [("parse", False), ("walk", False), ("secrets", False)]
    assert gc.isenabled()


def test_a_collector_disabled_by_the_caller_stays_disabled(seen):
    gc.disable()
    try:
        lint_bytes("bot.py", SRC, "python", None)
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_the_collector_comes_back_when_the_lint_fails(monkeypatch):
    def boom(self, data):
        raise ValueError("a bug in botlint")

    monkeypatch.setattr(engine_file._FileLinter, "run", boom)
    res = lint_bytes("bot.py", SRC, "python", None)
    assert res.errors and gc.isenabled()
