"""``python -m botlint`` inside a downloaded bot must not run the bot's modules (issue 8,
item 7): the current directory is first on sys.path under ``-m``."""
from __future__ import annotations

import os
import subprocess
import sys

# modules botlint (or its libraries) imports after its package starts loading; the few that
# Python's runpy imports before any botlint code runs (importlib, functools, types, ...)
# cannot be defended from inside botlint: README recommends the console script or -P for them
SHADOWED = ["json", "re", "enum", "tomllib", "typing", "dataclasses", "__future__", "argparse",
            "hashlib", "tempfile", "fnmatch", "bisect", "unicodedata", "threading", "ast",
            "yaml", "tomli"]
PACKAGES = ["libcst", "detect_secrets", "concurrent"]


def _plant(bot, marks):
    payload = f"open({str(marks)!r} + '/' + __name__, 'w').close()\n"
    for name in SHADOWED:
        (bot / f"{name}.py").write_text(payload)
    for name in PACKAGES:
        (bot / name).mkdir()
        (bot / name / "__init__.py").write_text(payload)


def test_python_dash_m_runs_none_of_the_scanned_trees_modules(tmp_path):
    bot, marks = tmp_path / "bot", tmp_path / "marks"
    bot.mkdir()
    marks.mkdir()
    _plant(bot, marks)
    (bot / "main.py").write_text("import json\nprint(json.dumps({}))\n")
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONSAFEPATH")}
    proc = subprocess.run([sys.executable, "-m", "botlint", "--no-cache", "--format", "concise", "."],
                          cwd=bot, env=env, capture_output=True, text=True, timeout=120)
    assert sorted(os.listdir(marks)) == []
    assert proc.returncode in (0, 1), proc.stderr


def test_importing_botlint_as_a_library_leaves_sys_path_alone(tmp_path):
    code = ("import sys; sys.path.insert(0, ''); import botlint; "
            "print('' in sys.path)")
    proc = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True,
                          text=True, timeout=60)
    assert proc.stdout.strip() == "True", proc.stderr
