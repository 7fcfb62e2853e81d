"""The CLI through cli.main(argv): exit codes, formats, selection, stdin, rule docs."""
from __future__ import annotations

import io
import json
import os

import pytest

from botlint import fakes
from botlint.cli import main

LEAK = 'API_SECRET = "{{fake:alnum64}}"\n'


@pytest.fixture
def project(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "bot.py").write_text(fakes.expand(LEAK))
    (tmp_path / "clean.py").write_text("import os\nAPI_SECRET = os.environ['API_SECRET']\n")
    return tmp_path


def run(capsys, *argv):
    rc = main(list(argv))
    out, err = capsys.readouterr()
    return rc, out, err


def test_findings_exit_1_and_clean_exit_0(project, capsys):
    rc, out, _ = run(capsys, "bot.py")
    assert rc == 1 and "BOT101" in out
    rc, out, _ = run(capsys, "clean.py")
    assert rc == 0 and "All checks passed" in out


def test_default_path_is_cwd_and_check_subcommand(project, capsys):
    assert run(capsys)[0] == 1
    rc, out, _ = run(capsys, "check", "--format", "concise", ".")
    assert rc == 1 and out.startswith("bot.py:1:14: BOT101 ")


def test_exit_zero(project, capsys):
    assert run(capsys, "--exit-zero", "bot.py")[0] == 0


@pytest.mark.parametrize("argv", [["--format", "xml", "."], ["--bogus"], ["--select", "BOT999", "."], ["--jobs", "0", "."]])
def test_usage_errors_are_one_line_exit_2(project, capsys, argv):
    rc, out, err = run(capsys, *argv)
    assert rc == 2
    assert err.count("\n") == 1 and err.startswith("botlint: error:")


def test_missing_path_is_an_error(project, capsys):
    rc, _, err = run(capsys, "nope/")
    assert rc == 2 and "nope/" in err


def test_select_ignore_by_code_prefix_and_name(project, capsys):
    assert run(capsys, "--select", "BOT0", "bot.py")[0] == 0
    assert run(capsys, "--select", "BOT1", "bot.py")[0] == 1
    assert run(capsys, "--ignore", "hardcoded-api-credential", "bot.py")[0] == 0
    assert run(capsys, "--select", "BOT0", "--extend-select", "BOT101", "bot.py")[0] == 1
    assert run(capsys, "--select", "BOT102,BOT103", "bot.py")[0] == 0


def test_output_file_and_json(project, capsys):
    rc, out, _ = run(capsys, "--format", "json", "--output-file", "out.json", "bot.py")
    assert rc == 1 and out == ""
    doc = json.loads((project / "out.json").read_text())
    (f,) = doc["findings"]
    assert set(f) == {"code", "name", "message", "severity", "confidence", "path", "line", "column",
                      "end_line", "end_column", "fingerprint"}
    assert (f["path"], f["line"], f["column"]) == ("bot.py", 1, 14)
    assert doc["summary"]["findings"] == 1


def test_statistics(project, capsys):
    rc, out, _ = run(capsys, "--statistics", "bot.py")
    assert rc == 1 and out.split() == ["1", "BOT101", "hardcoded-api-credential"]


def test_stdin_with_filename(project, capsys, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(fakes.expand(LEAK).encode())))
    rc, out, _ = run(capsys, "--format", "concise", "--stdin-filename", "src/x.py", "-")
    assert rc == 1 and out.startswith("src/x.py:1:14: BOT101")


def test_stdin_env_file(project, capsys, monkeypatch):
    text = fakes.expand("BINANCE_API_SECRET={{fake:alnum64}}\n")
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(text.encode())))
    rc, out, _ = run(capsys, "--format", "concise", "--stdin-filename", ".env", "-")
    assert rc == 1 and "BOT101" in out


def test_rule_docs(capsys):
    rc, out, _ = run(capsys, "rule", "BOT101")
    assert rc == 0 and out.startswith("# hardcoded-api-credential (BOT101)") and "## Use instead" in out
    rc, out, _ = run(capsys, "rule", "hardcoded-seed-phrase", "--format", "json")
    assert rc == 0 and json.loads(out)["code"] == "BOT103"
    rc, out, _ = run(capsys, "rule", "--all", "--format", "json")
    assert rc == 0 and len(json.loads(out)) >= 15
    rc, _, err = run(capsys, "rule", "BOT999")
    assert rc == 2 and "BOT999" in err


def test_version(capsys):
    rc, out, _ = run(capsys, "--version")
    assert rc == 0 and out.startswith("botlint ")


def test_config_errors_name_the_key(project, capsys):
    (project / "pyproject.toml").write_text("[tool.botlint]\nselectt = ['BOT1']\n")
    rc, _, err = run(capsys, ".")
    assert rc == 2 and "selectt" in err
    (project / "pyproject.toml").write_text("[tool.botlint]\nignore = 'BOT101'\n")
    rc, _, err = run(capsys, ".")
    assert rc == 2 and "ignore" in err and "list" in err
    (project / "pyproject.toml").write_text("[tool.botlint.secrets]\nbase64-limit = 'high'\n")
    rc, _, err = run(capsys, ".")
    assert rc == 2 and "base64-limit" in err


def test_config_found_without_flags_and_isolated(project, capsys):
    (project / "pyproject.toml").write_text("[tool.botlint]\nignore = ['BOT101']\n")
    assert run(capsys, ".")[0] == 0
    assert run(capsys, "--isolated", ".")[0] == 1
    sub = project / "sub"
    sub.mkdir()
    os.chdir(sub)
    assert run(capsys, "..")[0] == 0  # nearest pyproject.toml upwards from cwd


def test_per_file_ignores_and_exclude(project, capsys):
    (project / "pyproject.toml").write_text(
        "[tool.botlint]\nper-file-ignores = {'bot.py' = ['BOT1']}\n")
    assert run(capsys, ".")[0] == 0
    (project / "pyproject.toml").write_text("[tool.botlint]\nextend-exclude = ['bot.py']\n")
    assert run(capsys, ".")[0] == 0
    # an explicitly named file is still checked unless --force-exclude (pre-commit)
    assert run(capsys, "bot.py")[0] == 1
    assert run(capsys, "--force-exclude", "bot.py")[0] == 0


def test_color_only_on_tty_and_never_with_no_color(project, capsys, monkeypatch):
    rc, out, _ = run(capsys, "bot.py")
    assert "\x1b[" not in out
    monkeypatch.setenv("FORCE_COLOR", "1")
    assert "\x1b[" in run(capsys, "bot.py")[1]
    monkeypatch.setenv("NO_COLOR", "1")
    assert "\x1b[" not in run(capsys, "bot.py")[1]
