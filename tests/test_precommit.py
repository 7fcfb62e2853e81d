"""The pre-commit hook, installed from this checkout into a scratch repository: a commit with a
fake key is blocked, a clean one passes, and every kind of file botlint scans in a walk reaches
the hook (notebooks, .envrc, key files).  Needs git, pre-commit and the package index (the hook
environment installs botlint and its dependencies); skipped when those are missing."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pytest

from botlint import fakes

from conftest import ROOT

pytestmark = pytest.mark.skipif(
    # .git is a directory in a clone and a file in a git worktree
    shutil.which("git") is None or not os.path.exists(os.path.join(ROOT, ".git")),
    reason="needs git and a git checkout of botlint",
)

_IDENT = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.invalid",
          "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.invalid"}


def _git(cwd, *args, check=True):
    env = dict(os.environ, **_IDENT)
    return subprocess.run(["git", *args], cwd=cwd, env=env, capture_output=True, text=True, check=check)


@pytest.fixture(scope="module")
def hooked_repo(tmp_path_factory):
    pytest.importorskip("pre_commit")
    tmp_path = tmp_path_factory.mktemp("precommit")
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
    env = dict(os.environ, PRE_COMMIT_HOME=str(tmp_path / "pc-home"), **_IDENT)
    env.pop("BOTLINT_CACHE_DIR", None)
    env["BOTLINT_CACHE_DIR"] = str(tmp_path / "cache")
    pc = [sys.executable, "-m", "pre_commit"]
    subprocess.run(pc + ["install"], cwd=repo, env=env, check=True, capture_output=True)

    def commit(message):
        return subprocess.run(["git", "commit", "-qm", message], cwd=repo, env=env,
                              capture_output=True, text=True, timeout=900)

    (repo / "bot.py").write_text("import os\nAPI_SECRET = os.environ['API_SECRET']\n")
    (repo / "README.md").write_text("# a bot\n")
    _git(repo, "add", "-A")
    ok = commit("clean")
    assert ok.returncode == 0, ok.stdout + ok.stderr
    return repo, commit


def _blocked(hooked_repo, rel, content, code):
    repo, commit = hooked_repo
    path = repo / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(content)
    _git(repo, "add", "-A")
    try:
        res = commit(f"leak in {rel}")
        assert res.returncode != 0, f"{rel} was committed: " + res.stdout + res.stderr
        out = res.stdout + res.stderr
        assert code in out and os.path.basename(rel) in out
        for secret in fakes.GENERATORS:  # no secret value in the hook's output
            assert fakes.fake(secret, 1) not in out
    finally:
        _git(repo, "reset", "-q", "HEAD", "--", rel, check=False)
        path.unlink()


def test_commit_with_fake_key_in_env_is_blocked(hooked_repo):
    _blocked(hooked_repo, ".env", f"BINANCE_API_SECRET={fakes.fake('alnum64', 1)}\n", "BOT101")


def test_notebook_envrc_and_key_file_are_checked_too(hooked_repo):
    nb = {"cells": [{"cell_type": "code", "metadata": {}, "execution_count": None, "outputs": [],
                     "source": [f'BINANCE_API_SECRET = "{fakes.fake("alnum64", 1)}"\n']}],
          "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    _blocked(hooked_repo, "research/backtest.ipynb", json.dumps(nb, indent=1), "BOT101")
    _blocked(hooked_repo, ".envrc", f"export BINANCE_API_SECRET={fakes.fake('alnum64', 1)}\n", "BOT101")
    pem = fakes.fake("pem", 1).replace("\\n", "\n") + "\n"
    _blocked(hooked_repo, "deploy/id_rsa", pem, "BOT104")
    # and a file under build/ that the commit adds: default excludes do not hide it
    _blocked(hooked_repo, "build/settings.py", f'API_SECRET = "{fakes.fake("alnum64", 1)}"\n', "BOT101")


def test_hook_honours_the_baseline_setting(hooked_repo):
    repo, commit = hooked_repo
    (repo / "legacy.py").write_text(f'API_SECRET = "{fakes.fake("alnum64", 31)}"\n')
    (repo / "pyproject.toml").write_text('[tool.botlint]\nbaseline = ".botlint-baseline.json"\n')
    made = subprocess.run([sys.executable, "-m", "botlint", "baseline", "--no-cache"], cwd=repo,
                          capture_output=True, text=True)
    assert made.returncode == 0, made.stderr
    _git(repo, "add", "-A")
    try:
        res = commit("a known key, in the baseline")
        assert res.returncode == 0, res.stdout + res.stderr
        # a new key is still blocked
        _blocked(hooked_repo, "new.py", f'API_KEY = "{fakes.fake("alnum64", 32)}"\n', "BOT101")
    finally:
        _git(repo, "rm", "-q", "--cached", "--ignore-unmatch", "legacy.py", "pyproject.toml",
             ".botlint-baseline.json", check=False)
        commit("drop the baseline")


def test_netrc_dockerfile_and_shell_script_are_checked_too(hooked_repo):
    """The README names these as blocked: each was a gap before every text file was scanned."""
    netrc = f"machine api.example.org login bot password {fakes.fake('alnum64', 2)}\n"
    _blocked(hooked_repo, ".netrc", netrc, "BOT108")
    _blocked(hooked_repo, "Dockerfile", f"FROM python:3.12\nENV BINANCE_API_SECRET {fakes.fake('alnum64', 3)}\n",
             "BOT101")
    _blocked(hooked_repo, "scripts/deploy.sh", f"#!/bin/sh\nexport BINANCE_API_SECRET={fakes.fake('alnum64', 4)}\n",
             "BOT101")
