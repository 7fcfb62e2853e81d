"""Golden snapshots: each small bot project under fixtures/bots/ is linted in every output
format and the output compared with the one committed in tests/snapshots/<project>/<format>.txt.

A change to a rule, a message or a renderer shows here as a reviewable diff.  When the change is
intended, rewrite the snapshots and commit them with it::

    BOTLINT_UPDATE_SNAPSHOTS=1 python -m pytest tests/test_snapshots.py

Each run is the command line a user types (``botlint --isolated --no-cache --format FORMAT
<project>``), made reproducible: the project is copied to a temporary directory that becomes the
working directory (so paths are ``<project>/...`` and the repository root is that directory, on
any checkout, with or without git), the secret-hash key is fixed, colour and GitHub's step
summary are off, and what still depends on the machine is replaced (the temporary directory by
``<root>``, botlint's version by ``<version>``).  SARIF's per-rule ``help`` (the rule's whole
documentation, pinned by tests/test_docs.py) becomes ``<rule docs>``: it would make every doc
edit churn every snapshot, and its examples hold the generated fake keys of ``botlint.fakes``,
which have no place in a committed file.

The snapshots live outside fixtures/bots/ so that a project's expected output is never part of
the tree it describes (``botlint fixtures/`` would lint its own previous output).

No snapshot may hold a planted value: every random-looking token in a project's files is
looked for in each output, and a snapshot holding one is neither accepted nor written.
"""
from __future__ import annotations

import os
import re
import shutil

import pytest

from botlint import __version__
from botlint.report import FORMATS

from conftest import FIXTURES, HERE
from helpers import random_literals, run_cli

BOTS_DIR = os.path.join(FIXTURES, "bots")
SNAPSHOTS = os.path.join(HERE, "snapshots")
BOTS = sorted(d for d in os.listdir(BOTS_DIR) if os.path.isdir(os.path.join(BOTS_DIR, d)))
UPDATE = os.environ.get("BOTLINT_UPDATE_SNAPSHOTS") == "1"


def _files(root):
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if d != "__pycache__")
        for fn in sorted(filenames):
            yield os.path.join(dirpath, fn)


def planted(bot: str) -> set:
    """Every random-looking token in the project's files (its fake keys among them)."""
    out: set = set()
    for path in _files(os.path.join(BOTS_DIR, bot)):
        with open(path, encoding="utf-8", errors="replace") as fh:
            out |= random_literals(fh.read())
    return out


def leaked(text: str, values) -> list:
    return sorted(v for v in values if v in text)


# a SARIF rule's help: `"text": "# rule-name (CODE)\n..."` and `"markdown": ...`, one line each
_SARIF_HELP = re.compile(r'^(\s*"(?:text|markdown)": )"# [a-z0-9-]+ \(BOT\d+\)\\n.*"(,?)$', re.M)


def normalise(text: str, root: str) -> str:
    """The output with what depends on the machine or the release replaced."""
    real = os.path.realpath(root)
    for path in sorted({root, real}, key=len, reverse=True):
        text = text.replace(path.replace(os.sep, "/"), "<root>").replace(path, "<root>")
    text = _SARIF_HELP.sub(r'\1"<rule docs>"\2', text)
    return text.replace(f'"{__version__}"', '"<version>"')


def run(bot: str, fmt: str, tmp_path, monkeypatch, capsys) -> str:
    work = tmp_path / "work"
    shutil.copytree(os.path.join(BOTS_DIR, bot), work / bot, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.chdir(work)
    monkeypatch.setenv("BOTLINT_HASH_KEY", "snapshot-tests")
    for name in ("GITHUB_STEP_SUMMARY", "FORCE_COLOR", "CI"):
        monkeypatch.delenv(name, raising=False)
    rc, out, err = run_cli(capsys, "--isolated", "--no-cache", "--format", fmt, bot)
    assert rc == 1, f"{bot} {fmt}: exit {rc}, stderr: {err}"  # every project has findings
    return normalise(out, str(work))


def snapshot_path(bot: str, fmt: str) -> str:
    return os.path.join(SNAPSHOTS, bot, f"{fmt}.txt")


def test_there_are_bots_with_planted_secrets():
    assert len(BOTS) >= 2
    for bot in BOTS:
        assert len(planted(bot)) >= 2, bot


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("bot", BOTS)
def test_snapshot(bot, fmt, tmp_path, monkeypatch, capsys):
    got = run(bot, fmt, tmp_path, monkeypatch, capsys)
    assert not leaked(got, planted(bot)), f"{bot} {fmt}: the output holds a planted value"
    assert "<root>" not in got or fmt == "sarif", f"{bot} {fmt}: an absolute path in the output"
    path = snapshot_path(bot, fmt)
    if UPDATE:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(got)
        return
    if not os.path.exists(path):
        pytest.fail(f"no snapshot {os.path.relpath(path, HERE)}: run BOTLINT_UPDATE_SNAPSHOTS=1 "
                    "python -m pytest tests/test_snapshots.py")
    with open(path, encoding="utf-8", newline="") as fh:
        want = fh.read()
    assert got == want, (f"{bot} {fmt} differs from its snapshot; if the change is intended: "
                         "BOTLINT_UPDATE_SNAPSHOTS=1 python -m pytest tests/test_snapshots.py")


@pytest.mark.parametrize("bot", BOTS)
def test_committed_snapshots_hold_no_planted_value(bot):
    values = planted(bot)
    for fmt in FORMATS:
        path = snapshot_path(bot, fmt)
        if os.path.exists(path):
            with open(path, encoding="utf-8") as fh:
                assert not leaked(fh.read(), values), path


def test_committed_snapshots_are_clean(capsys):
    """Nothing credential-shaped at all in a snapshot: botlint itself finds nothing there."""
    if not os.path.isdir(SNAPSHOTS):
        pytest.skip("no snapshots yet")
    rc, out, err = run_cli(capsys, "--isolated", "--no-cache", "--format", "concise", SNAPSHOTS)
    assert rc == 0, out + err


def test_no_stale_snapshots():
    """Every snapshot belongs to a project and a format that exist (a renamed project leaves
    none behind; the update run deletes them)."""
    want = {snapshot_path(b, f) for b in BOTS for f in FORMATS}
    have = set(_files(SNAPSHOTS)) if os.path.isdir(SNAPSHOTS) else set()
    stale = sorted(have - want)
    if UPDATE:
        for path in stale:
            os.remove(path)
        for bot in os.listdir(SNAPSHOTS):
            if not os.listdir(os.path.join(SNAPSHOTS, bot)):
                os.rmdir(os.path.join(SNAPSHOTS, bot))
        return
    assert not stale, [os.path.relpath(p, HERE) for p in stale]


def test_the_leak_and_path_checks_can_fail():
    values = planted(BOTS[0])
    value = sorted(values)[0]
    assert leaked(f"x = {value}\n", values) == [value]
    assert normalise("/tmp/a/b/bot.py:1:1 \"%s\"" % __version__, "/tmp/a") == '<root>/b/bot.py:1:1 "<version>"'
    help_line = '      "markdown": "# hardcoded-bot-token (BOT105)\\n\\nbot = TeleBot(\\"123:AAx\\")",'
    assert normalise(help_line, "/tmp/a") == '      "markdown": "<rule docs>",'
