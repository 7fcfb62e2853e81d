"""The GitHub Action (action.yml) run locally: its steps, as the runner would run them.

The runner runs each ``run:`` step as ``bash --noprofile --norc -eo pipefail FILE`` after
replacing the ``${{ ... }}`` expressions; step outputs go through ``$GITHUB_OUTPUT``.  This test
does the same with a fake ``GITHUB_*`` environment on a tmp project with a fake key.

What is NOT run as written: the install.  ``pip install "$GITHUB_ACTION_PATH"`` builds and
installs botlint and its dependencies from the network (minutes, and no network in tests), and
the venv's own pip (ensurepip) takes ~10 s on a busy machine.  The test replaces exactly those
two commands: the venv is made ``--without-pip`` and, instead of the pip install, a ``.pth``
file points the venv at the botlint under test and at this interpreter's installed
dependencies.  Every other line of every step runs as the action ships it, and the test fails
if the replaced commands change (so this test cannot quietly drift from action.yml).
"""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import sysconfig

import pytest

from botlint import fakes

from conftest import ROOT

yaml = pytest.importorskip("yaml")

ACTION = os.path.join(ROOT, "action.yml")
VENV_CMD = 'python3 -m venv "$venv"'
PIP_CMD = '"$py" -m pip install --quiet --disable-pip-version-check "$GITHUB_ACTION_PATH"'
_EXPR = re.compile(r"\$\{\{\s*([^}]+?)\s*\}\}")


def _load():
    with open(ACTION, encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def _expand(text, inputs, steps, env):
    def sub(m):
        expr = m.group(1)
        if expr.startswith("inputs."):
            return inputs[expr[len("inputs."):]]
        if expr == "github.action_path":
            return env["GITHUB_ACTION_PATH"]
        if expr == "github.workspace":
            return env["GITHUB_WORKSPACE"]
        s = re.fullmatch(r"steps\.([\w-]+)\.outputs\.([\w-]+)", expr)
        if s:
            return steps.get(s.group(1), {}).get(s.group(2), "")
        raise AssertionError(f"expression the test does not know: {expr}")

    return _EXPR.sub(sub, text)


def _read_outputs(path):
    out = {}
    if os.path.exists(path):
        with open(path, encoding="utf-8") as fh:
            for line in fh:
                if "=" in line:
                    k, v = line.rstrip("\n").split("=", 1)
                    out[k] = v
    return out


def _test_install(script):
    """The install step with the network-bound commands replaced (see the module docstring)."""
    assert script.count(VENV_CMD) == 1 and script.count(PIP_CMD) == 1, "action.yml's install changed"
    src = os.path.dirname(os.path.dirname(os.path.abspath(__import__("botlint").__file__)))
    dirs = [src, sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]]
    pth = "\\n".join(dirs)
    link = ('printf "%b\\n" ' + f"'{pth}'" + ' > "$("$py" -c \'import sysconfig; '
            'print(sysconfig.get_paths()["purelib"])\')/botlint-under-test.pth"')
    return script.replace(VENV_CMD, 'python3 -m venv --without-pip "$venv"').replace(PIP_CMD, link)


def run_action(tmp_path, workspace, **given):
    action = _load()
    assert action["runs"]["using"] == "composite"
    inputs = {k: str(v.get("default", "")) for k, v in action["inputs"].items()}
    inputs.update(given)
    gh = tmp_path / "github"
    gh.mkdir(exist_ok=True)
    summary = gh / "step_summary.md"
    env = {
        "PATH": os.path.dirname(sys.executable) + os.pathsep + os.environ.get("PATH", ""),
        "HOME": str(tmp_path),
        "LANG": "C.UTF-8",
        "BOTLINT_CACHE_DIR": str(tmp_path / "cache"),
        "GITHUB_ACTIONS": "true",
        "GITHUB_WORKSPACE": str(workspace),
        "GITHUB_ACTION_PATH": ROOT,
        "GITHUB_STEP_SUMMARY": str(summary),
        "RUNNER_TEMP": str(gh / "runner_temp"),
    }
    os.makedirs(env["RUNNER_TEMP"], exist_ok=True)
    steps, stdout, stderr, rc = {}, "", "", 0
    for i, step in enumerate(action["runs"]["steps"]):
        assert step["shell"] == "bash"
        script = step["run"]
        if step.get("id") == "install":
            script = _test_install(script)
        output = gh / f"output_{i}"
        output.write_text("")
        step_env = dict(env, GITHUB_OUTPUT=str(output))
        for k, v in (step.get("env") or {}).items():
            step_env[k] = _expand(str(v), inputs, steps, env)
        path = gh / f"step_{i}.sh"
        path.write_text(_expand(script, inputs, steps, env))
        proc = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", str(path)],
                              cwd=workspace, env=step_env, capture_output=True, text=True, timeout=120)
        steps[step.get("id", str(i))] = _read_outputs(output)
        stdout += proc.stdout
        stderr = proc.stderr
        rc = proc.returncode
        if rc != 0:  # a failing step ends the action, as on the runner
            break
    text = summary.read_text(encoding="utf-8") if summary.exists() else ""
    return rc, stdout + stderr, text, steps


@pytest.fixture
def project(tmp_path):
    ws = tmp_path / "ws"
    (ws / ".git").mkdir(parents=True)  # a checkout
    (ws / "src").mkdir()
    secret = fakes.fake("alnum64", 21)
    (ws / "src" / "bot.py").write_text(f'import ccxt\nAPI_SECRET = "{secret}"  # the planted fake key\n')
    (ws / "notes.txt").write_text("nothing here\n")
    return ws, secret


def test_action_scans_once_and_writes_sarif_annotations_and_summary(tmp_path, project):
    ws, secret = project
    rc, stdout, summary, steps = run_action(tmp_path, ws)
    assert rc == 1, stdout  # botlint's exit code: findings
    out = steps["run"]
    assert out["exit-code"] == "1" and out["sarif-file"] == "botlint.sarif" and int(out["findings"]) >= 1
    doc = json.loads((ws / "botlint.sarif").read_text())
    run = doc["runs"][0]
    assert run["automationDetails"] == {"id": "botlint/"}
    assert run["invocations"][0]["executionSuccessful"] is True
    locs = [r["locations"][0]["physicalLocation"]["artifactLocation"] for r in run["results"]]
    assert {"uri": "src/bot.py", "uriBaseId": "%SRCROOT%"} in locs
    assert re.search(r"^::error file=src/bot\.py,line=2,col=\d+,endLine=2,endColumn=\d+,"
                     r"title=botlint \(BOT101\)::BOT101 ", stdout, re.M), stdout
    assert "::group::botlint: " in stdout and "src/bot.py:2:" in stdout
    assert "## botlint" in summary and "BOT101" in summary and "src\\/bot\\.py:2" in summary
    for text in (stdout, summary, (ws / "botlint.sarif").read_text()):
        assert secret not in text


def test_action_inputs_paths_args_annotate_and_category(tmp_path, project):
    ws, secret = project
    (ws / "other").mkdir()
    (ws / "other" / "keys.env").write_text(f"BINANCE_API_SECRET={fakes.fake('alnum64', 22)}\n")
    rc, stdout, summary, steps = run_action(
        tmp_path, ws, paths="src\nother", args="--exit-zero --select BOT1", annotate="false",
        category="bots", **{"sarif-file": "out/report.sarif"})
    assert rc == 0, stdout  # --exit-zero reached botlint
    assert "::error" not in stdout and "::warning" not in stdout  # annotate: false
    assert "src/bot.py:2:" in stdout and "other/keys.env:1:" in stdout  # both paths, one scan
    run = json.loads((ws / "out" / "report.sarif").read_text())["runs"][0]
    assert run["automationDetails"] == {"id": "bots/"}
    assert {r["ruleId"][:4] for r in run["results"]} == {"BOT1"}
    assert "Inline annotations were off" in summary
    assert steps["run"]["exit-code"] == "0"


def test_action_refuses_args_it_sets_itself(tmp_path, project):
    ws, _secret = project
    rc, stdout, _summary, _steps = run_action(tmp_path, ws, args="--format json")
    assert rc == 2


def test_action_honours_the_baseline_setting(tmp_path, project, monkeypatch):
    from botlint.cli import main

    ws, _secret = project
    (ws / "pyproject.toml").write_text('[tool.botlint]\nbaseline = ".botlint-baseline.json"\n')
    monkeypatch.chdir(ws)
    assert main(["baseline", "--no-cache"]) == 0 and (ws / ".botlint-baseline.json").is_file()
    rc, stdout, _summary, steps = run_action(tmp_path, ws)
    assert rc == 0 and steps["run"]["findings"] == "0", stdout
    (ws / "src" / "new.py").write_text(f'API_SECRET = "{fakes.fake("alnum64", 23)}"\n')
    rc, stdout, _summary, steps = run_action(tmp_path, ws)
    assert rc == 1 and steps["run"]["findings"] == "1", stdout
    results = json.loads((ws / "botlint.sarif").read_text())["runs"][0]["results"]
    assert [r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in results] == ["src/new.py"]
