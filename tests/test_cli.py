"""The CLI through cli.main(argv): exit codes, formats, selection, stdin, rule docs."""
from __future__ import annotations

import io
import json
import os
import sys

import pytest

from botlint import fakes
from helpers import run_cli as run

LEAK = 'API_SECRET = "{{fake:alnum64}}"\n'




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


@pytest.mark.parametrize(
    "argv", [["--format", "xml", "."], ["--bogus"], ["--select", "BOT999", "."], ["--jobs", "0", "."]]
)
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
    rc, _, err = run(capsys, "rule", "hardcoded-seed-phrses")
    assert rc == 2 and "(did you mean 'hardcoded-seed-phrase'?)" in err


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


# -- stderr escaping, missing paths, empty runs ------------------------------------------------

def test_notes_escape_scanned_names_and_stay_one_line(project, capsys):
    evil = "evil\nbotlint: All checks passed\x1b[2J.py"
    (project / evil).write_bytes(b"\x00\x01binary")
    rc, _, err = run(capsys, ".")
    assert rc == 1
    (line,) = [text for text in err.splitlines() if "binary file" in text]
    assert line == "botlint: evil\\nbotlint: All checks passed\\x1b[2J.py: binary file, skipped"
    assert "\x1b" not in err and err.count("\n") == 1
    rc, _, err = run(capsys, evil + "-missing")
    assert rc == 2
    assert err == "botlint: error: evil\\nbotlint: All checks passed\\x1b[2J.py-missing: no such file or directory\n"


def test_mistyped_path_with_quiet_is_still_exit_2_with_its_reason(project, capsys):
    rc, out, err = run(capsys, "-q", "bott.py")
    assert rc == 2 and out == "" and err == "botlint: error: bott.py: no such file or directory\n"
    rc, out, err = run(capsys, "-q", "bott.py", "clean.py")  # the other path is still checked
    assert rc == 2 and "bott.py: no such file or directory" in err


def test_a_run_with_nothing_to_check_says_so(project, capsys):
    (project / "docs").mkdir()
    (project / "docs" / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))  # binary: not checked
    rc, _, err = run(capsys, "docs")
    assert rc == 0 and err == "botlint: no files to check\n"
    assert run(capsys, "-q", "docs")[2] == ""


# -- --show-files, --help ------------------------------------------------------------------------

def test_show_files_lists_what_would_be_checked(project, capsys):
    (project / "build").mkdir()
    (project / "build" / "gen.py").write_text("x = 1\n")
    (project / "README.md").write_text("hi\n")
    rc, out, err = run(capsys, "--show-files", ".")
    # every text file (README.md too), not build/ (a default exclude)
    assert rc == 0 and out.splitlines() == ["README.md", "bot.py", "clean.py"] and err == ""
    assert run(capsys, "--show-files", "nope.py")[0] == 2


def test_every_option_has_help_and_help_lists_the_subcommands(capsys):
    import argparse

    from botlint.cli import _check_parser, _rule_parser

    for parser in (_check_parser(), _rule_parser()):
        for action in parser._actions:
            assert action.help and action.help != argparse.SUPPRESS, action.option_strings or action.dest
    rc, out, _ = run(capsys, "--help")
    assert rc == 0
    assert "subcommands:" in out and "\n  check " in out and "\n  rule " in out
    for opt in ("--show-files", "--show-settings", "--severity-level", "--select"):
        assert opt in out


# -- progress ------------------------------------------------------------------------------------

class _Tty(io.StringIO):
    def __init__(self, tty: bool) -> None:
        super().__init__()
        self._tty = tty

    def isatty(self) -> bool:
        return self._tty


@pytest.mark.parametrize("quiet, env, err_tty, out_tty, output_file, expected", [
    (False, {}, True, True, None, True),
    (False, {}, True, False, "out.json", True),    # report to a file: the terminal is free
    (True, {}, True, True, None, False),           # --quiet
    (False, {"CI": "true"}, True, True, None, False),
    (False, {"CI": "1"}, True, True, None, False),
    (False, {"CI": ""}, True, True, None, True),
    (False, {"TERM": "dumb"}, True, True, None, False),
    (False, {}, False, True, None, False),         # stderr is not a terminal
    (False, {}, True, False, None, False),         # stdout redirected
])
def test_progress_only_for_a_person_at_a_terminal(quiet, env, err_tty, out_tty, output_file, expected):
    from botlint.cli import show_progress

    assert show_progress(quiet=quiet, env=env, stderr=_Tty(err_tty), stdout=_Tty(out_tty),
                         output_file=output_file) is expected


def test_progress_callback_counts_every_file(tmp_path):
    from botlint.discovery import discover
    from botlint.engine import lint_tasks

    from helpers import settings

    for i in range(6):
        (tmp_path / f"m{i}.py").write_text(f"x = {i}\n")
    s = settings()
    tasks, _ = discover([str(tmp_path)], s)
    for jobs, cache in ((1, False), (1, True), (1, True)):  # the last run is all cache hits
        seen = []
        res = lint_tasks(tasks, s, jobs=jobs, use_cache=cache, cache_dir=str(tmp_path / "c"), progress=seen.append)
        assert sum(seen) == len(tasks) == res.files == 6


def test_progress_bar_is_drawn_on_a_terminal_and_gone_after(project, capsys, monkeypatch):
    import botlint.cli as cli

    drawn = []

    class Bar:
        def __init__(self, total):
            drawn.append(total)

        def update(self, n):
            drawn.append(n)

        def close(self):
            drawn.append("closed")

    monkeypatch.setattr(cli, "show_progress", lambda **kw: True)
    monkeypatch.setattr(cli, "_progress_bar", Bar)
    assert run(capsys, "--no-cache", ".")[0] == 1
    assert drawn[0] == 2 and sum(drawn[1:-1]) == 2 and drawn[-1] == "closed"


def test_real_tqdm_bar_leaves_stdout_alone(project, capsys, monkeypatch):
    import botlint.cli as cli

    monkeypatch.setattr(cli, "show_progress", lambda **kw: True)
    rc, out, _ = run(capsys, "--no-cache", "--format", "concise", "bot.py")
    assert rc == 1 and out.startswith("bot.py:1:14: BOT101") and "\r" not in out


# -- --output-file with a non-UTF-8 name ---------------------------------------------------------

@pytest.mark.skipif(os.name != "posix" or sys.platform == "darwin", reason="needs arbitrary bytes in file names")
def test_output_file_with_a_non_utf8_name(project, capsys):
    name = os.fsdecode(b"report-\xff\xfe.json")  # as argv gives it: surrogateescape
    rc, out, _ = run(capsys, "--format", "json", "-o", name, "bot.py")
    assert rc == 1 and out == ""
    assert json.loads(open(os.fsencode(project) + b"/report-\xff\xfe.json", "rb").read())["summary"]["findings"] == 1
    bad = os.fsdecode(b"no-dir/\xff\x1b[31m.json")
    rc, _, err = run(capsys, "-o", bad, "bot.py")
    assert rc == 2 and err == "botlint: error: cannot write no-dir/\\udcff\\x1b[31m.json: No such file or directory\n"


def test_readme_first_command_is_what_ci_runs():
    from conftest import ROOT

    with open(os.path.join(ROOT, "README.md"), encoding="utf-8") as fh:
        first = fh.read().split("```sh", 1)[1].split("```", 1)[0].strip().splitlines()[0]
    with open(os.path.join(ROOT, ".ci", "run"), encoding="utf-8") as fh:
        ci = [line.strip() for line in fh.read().splitlines()]
    assert f"#   {first}" in [f"#   {line[1:].strip()}" for line in ci if line.startswith("#")]
    steps = [p.strip() for p in first.split("&&")]
    assert steps[0] == "python3 -m venv .venv"  # PEP 668: never pip outside a venv
    for step in steps:
        assert any(line == step or line.startswith(step + " ") or line.replace(" -q", "") == step for line in ci), step


def test_a_run_with_an_internal_error_never_says_all_checks_passed(project, capsys, monkeypatch):
    from botlint.rules.bot1_credentials import HardcodedApiCredential

    def boom(self, node):
        raise ValueError("rule bug")

    monkeypatch.setattr(HardcodedApiCredential, "visit_Assign", boom)
    rc, out, _ = run(capsys, "--no-cache", "--select", "BOT105", "bot.py")  # nothing for BOT105 to find
    assert rc == 2
    assert "All checks passed" not in out and "1 internal error" in out


def test_options_are_not_abbreviated_and_severity_level_ignores_case(project, capsys):
    rc, _, err = run(capsys, "--selec", "BOT1", "bot.py")
    assert rc == 2 and "--selec" in err
    rc, out, _ = run(capsys, "--severity-level", "CRITICAL", "bot.py")
    assert rc == 1 and "BOT101" in out
