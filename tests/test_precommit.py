"""The pre-commit hook, installed from this checkout into a scratch repository: a commit with a
fake key is blocked, a clean one passes.  Needs git, pre-commit and the package index (the hook
environment installs botlint and its dependencies); skipped when those are missing."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

from botlint import fakes

from conftest import ROOT

pytestmark = pytest.mark.skipif(
    shutil.which("git") is None or not os.path.isdir(os.path.join(ROOT, ".git")),
    reason="needs git and a git checkout of botlint",
)


def _git(cwd, *args, check=True):
    env = dict(os.environ, GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.invalid",
               GIT_COMMITTER_NAME="t", GIT_COMMITTER_EMAIL="t@example.invalid")
    return subprocess.run(["git", *args], cwd=cwd, env=env, capture_output=True, text=True, check=check)


def test_commit_with_fake_key_is_blocked(tmp_path):
    pytest.importorskip("pre_commit")
    # the hook is installed from a snapshot of this checkout, uncommitted changes included
    src = tmp_path / "botlint-src"
    shutil.copytree(ROOT, src, ignore=shutil.ignore_patterns(".venv", ".git", "__pycache__", "*.egg-info",
                                                             ".pytest_cache", "bench", "build"))
    _git(src, "init", "-q")
    _git(src, "add", "-A")
    _git(src, "commit", "-qm", "snapshot")
    rev = _git(src, "rev-parse", "HEAD").stdout.strip()

    repo = tmp_path / "bot"
    repo.mkdir()
    _git(repo, "init", "-q")
    (repo / ".pre-commit-config.yaml").write_text(
        f"repos:\n- repo: {src}\n  rev: {rev}\n  hooks:\n  - id: botlint\n")
    env = dict(os.environ, PRE_COMMIT_HOME=str(tmp_path / "pc-home"))
    pc = [sys.executable, "-m", "pre_commit"]
    subprocess.run(pc + ["install"], cwd=repo, env=env, check=True, capture_output=True)

    (repo / "bot.py").write_text("import os\nAPI_SECRET = os.environ['API_SECRET']\n")
    _git(repo, "add", "-A")
    ok = subprocess.run(["git", "commit", "-qm", "clean"], cwd=repo, env=dict(env, **{
        "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.invalid",
        "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.invalid"}),
        capture_output=True, text=True, timeout=900)
    assert ok.returncode == 0, ok.stdout + ok.stderr

    (repo / ".env").write_text(fakes.expand("BINANCE_API_SECRET={{fake:alnum64}}\n"))
    _git(repo, "add", "-A")
    blocked = subprocess.run(["git", "commit", "-qm", "leak"], cwd=repo, env=dict(env, **{
        "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.invalid",
        "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.invalid"}),
        capture_output=True, text=True, timeout=900)
    assert blocked.returncode != 0
    out = blocked.stdout + blocked.stderr
    assert "BOT101" in out and ".env" in out
    assert fakes.expand("{{fake:alnum64}}") not in out
