"""Discovery: regular files only (no hang on a FIFO, no endless device read), default excludes
that never hide a named file or a git-tracked one, --force-exclude with the user's excludes."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

from botlint import discovery, fakes
from botlint.config import Settings
from botlint.discovery import discover

from conftest import ROOT

LEAK = 'API_SECRET = "{{fake:alnum64}}"\n'
needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this platform")
needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")


def _botlint(cwd, *argv, timeout=60):
    env = dict(os.environ, PYTHONPATH=os.path.join(ROOT, "src"))
    return subprocess.run([sys.executable, "-m", "botlint", *argv], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=timeout, stdin=subprocess.DEVNULL)


def _names(tasks):
    return sorted(t.display for t in tasks)


@needs_fifo
def test_fifo_in_a_walk_does_not_hang_and_is_noted(tmp_path):
    os.mkfifo(tmp_path / "pipe.py")
    (tmp_path / "bot.py").write_text(fakes.expand(LEAK))
    # a subprocess with a timeout: before the fix this blocked for ever on open()
    proc = _botlint(tmp_path, "--no-cache", "--format", "concise", ".")
    assert proc.returncode == 1, proc.stderr
    assert "bot.py:1:14: BOT101" in proc.stdout
    assert "pipe.py: a FIFO, not a regular file: skipped" in proc.stderr


@needs_fifo
def test_named_fifo_and_device_are_skipped_with_a_note(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    os.mkfifo("pipe.py")
    (tmp_path / "ok.py").write_text("x = 1\n")
    paths = ["pipe.py", "ok.py"] + (["/dev/zero"] if os.path.exists("/dev/zero") else [])
    tasks, notes = discover(paths, _settings())
    assert _names(tasks) == ["ok.py"]
    assert "pipe.py: a FIFO, not a regular file: skipped" in notes
    if "/dev/zero" in paths:
        assert "/dev/zero: a character device, not a regular file: skipped" in notes
    proc = _botlint(tmp_path, "--no-cache", *paths, timeout=60)
    assert proc.returncode == 0 and "FIFO" in proc.stderr


@needs_fifo
def test_read_does_not_block_on_a_fifo_swapped_in(tmp_path):
    # a FIFO that appears after discovery: the read opens without blocking and refuses it
    os.mkfifo(tmp_path / "late.py")
    code = ("import sys; from botlint.discovery import FileTask; from botlint.engine import read_task; "
            "print(read_task(FileTask('late.py', sys.argv[1], 'python')))")
    env = dict(os.environ, PYTHONPATH=os.path.join(ROOT, "src"))
    proc = subprocess.run([sys.executable, "-c", code, str(tmp_path / "late.py")], env=env,
                          capture_output=True, text=True, timeout=60)
    assert proc.stdout.strip() == "(None, 'not a regular file')", proc.stderr


def _settings(**kw) -> Settings:
    s = Settings()
    for k, v in kw.items():
        setattr(s, k, v)
    s.resolve_rules()
    return s


def _tree(tmp_path):
    for rel in ("build/lib/leak.py", "dist/old.py", "node_modules/x/cfg.json", "env2/lib/site.py",
                "src/bot.py", "vendor/v.py"):
        p = tmp_path / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text("x = 1\n")
    (tmp_path / "env2" / "pyvenv.cfg").write_text("home = /usr\n")


def test_named_files_are_never_hidden_by_default_excludes(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    _tree(tmp_path)
    named = ["build/lib/leak.py", "dist/old.py", "env2/lib/site.py"]
    for force in (False, True):
        tasks, _ = discover(named, _settings(), force_exclude=force)
        assert _names(tasks) == sorted(named)
    # the user's own excludes do apply with --force-exclude
    s = _settings(extend_exclude=["dist/"])
    assert _names(discover(named, s, force_exclude=True)[0]) == ["build/lib/leak.py", "env2/lib/site.py"]
    s = _settings(exclude=["build"])  # replaces the defaults: now it is the user's
    assert _names(discover(named, s, force_exclude=True)[0]) == ["dist/old.py", "env2/lib/site.py"]


def test_force_exclude_skips_named_files_botlint_would_not_walk_quietly(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    names = ("README.md", "logo.png", "dist.whl", "bot.py", "id_rsa", ".envrc", "nb.ipynb", "k.pem")
    for name in names:
        (tmp_path / name).write_text("x\n")
    tasks, notes = discover(list(names), _settings(), force_exclude=True)
    # every text file is checked (README.md too); known binary formats are skipped unread
    assert _names(tasks) == [".envrc", "README.md", "bot.py", "id_rsa", "k.pem", "nb.ipynb"] and notes == []
    # named without --force-exclude, an unknown file is still scanned as text
    assert _names(discover(["README.md"], _settings())[0]) == ["README.md"]


@needs_git
def test_walk_keeps_git_tracked_files_under_default_excludes(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    _tree(tmp_path)
    subprocess.run(["git", "init", "-q"], check=True)
    subprocess.run(["git", "add", "build/lib/leak.py", "env2/lib/site.py", "src/bot.py", "vendor/v.py"], check=True)
    tasks, _ = discover(["."], _settings())
    assert _names(tasks) == ["build/lib/leak.py", "env2/lib/site.py", "src/bot.py", "vendor/v.py"]
    # the user's excludes still win over git
    tasks, _ = discover(["."], _settings(extend_exclude=["build", "vendor/"]))
    assert _names(tasks) == ["env2/lib/site.py", "src/bot.py"]
    # from a subdirectory, and without git: the old behaviour
    assert _names(discover(["build"], _settings())[0]) == ["build/lib/leak.py"]
    monkeypatch.setattr(discovery, "git_tracked", lambda d: None)
    assert _names(discover(["."], _settings())[0]) == ["src/bot.py", "vendor/v.py"]


def test_no_git_on_path_is_the_old_behaviour(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    _tree(tmp_path)
    monkeypatch.setenv("PATH", str(tmp_path / "no-bin"))
    assert discovery.git_tracked(str(tmp_path)) is None
    assert _names(discover(["."], _settings())[0]) == ["src/bot.py", "vendor/v.py"]
