"""Config errors (invalid TOML, unknown keys and codes with a "did you mean"), severity-level,
and --show-settings."""
from __future__ import annotations

import json

import pytest

from botlint import fakes
from helpers import run_cli as run

LEAK = 'API_SECRET = "{{fake:alnum64}}"\n'




@pytest.mark.parametrize("toml, line", [
    ("[tool.botlint]\nselect = ['BOT1'\nignore = []\n", 3),
    ("[tool.botlint]\nignore = [\"BOT1\"]\nexclude = \n", 3),
    ("[tool.botlint\n", 1),
])
def test_invalid_toml_is_exit_2_naming_file_and_line(project, capsys, toml, line):
    (project / "pyproject.toml").write_text(toml)
    rc, out, err = run(capsys, "bot.py")
    assert rc == 2 and out == ""
    assert err.count("\n") == 1 and err.startswith("botlint: error: ")
    assert f"pyproject.toml:{line}" in err and "invalid TOML" in err


def test_invalid_toml_without_botlint_table_is_not_skipped_either(project, capsys, monkeypatch):
    # a broken file cannot say whether it holds [tool.botlint]: never silently use a parent's
    sub = project / "sub"
    sub.mkdir()
    (project / "pyproject.toml").write_text("[tool.botlint]\nignore = ['BOT101']\n")
    (sub / "pyproject.toml").write_text("[project\n")
    (sub / "bot.py").write_text(fakes.expand(LEAK))
    monkeypatch.chdir(sub)
    rc, _, err = run(capsys, "bot.py")
    assert rc == 2 and "sub/pyproject.toml:1" in err


def test_unknown_keys_and_codes_suggest_the_nearest(project, capsys):
    cases = [
        ("[tool.botlint]\nextend-selct = ['BOT1']\n", "'extend-selct' (did you mean 'extend-select'?)"),
        ("[tool.botlint.secrets]\nbase64-limt = 3.0\n", "'base64-limt' (did you mean 'base64-limit'?)"),
        ("[tool.botlint]\nignore = ['hardcoded-pasword']\n", "(did you mean 'hardcoded-password'?)"),
        ("[tool.botlint]\nper-file-ignores = {'x.py' = ['BOT1O9']}\n", "per-file-ignores"),
        ("[tool.botlint]\nseverity-level = 'hihg'\n", "(did you mean 'high'?)"),
    ]
    for toml, expected in cases:
        (project / "pyproject.toml").write_text(toml)
        rc, _, err = run(capsys, "bot.py")
        assert rc == 2 and expected in err, (toml, err)
        assert err.count("\n") == 1
    (project / "pyproject.toml").unlink()
    rc, _, err = run(capsys, "--ignore", "BOT1011", "bot.py")
    assert rc == 2 and "--ignore: unknown rule selector 'BOT1011' (did you mean 'BOT101'?)" in err


def test_severity_level_flag_and_config(project, capsys):
    (project / "hook.py").write_text(fakes.expand('URL = "{{fake:discord_webhook}}"\n'))  # BOT106, medium
    rc, out, _ = run(capsys, "--format", "json", ".")
    assert rc == 1 and {f["code"] for f in json.loads(out)["findings"]} == {"BOT101", "BOT106"}
    rc, out, _ = run(capsys, "--format", "json", "--severity-level", "high", ".")
    assert rc == 1 and {f["code"] for f in json.loads(out)["findings"]} == {"BOT101"}
    (project / "pyproject.toml").write_text("[tool.botlint]\nseverity-level = 'critical'\n")
    assert run(capsys, "hook.py")[0] == 0  # below the level: neither reported nor failing
    assert run(capsys, "bot.py")[0] == 1
    assert run(capsys, "--severity-level", "low", "hook.py")[0] == 1  # the command line wins
    rc, _, err = run(capsys, "--severity-level", "severe", ".")
    assert rc == 2 and "severity-level" in err


def test_show_settings_names_each_source_and_no_secret(project, capsys):
    (project / "pyproject.toml").write_text("[tool.botlint]\nignore = ['BOT105']\n"
                                           "[tool.botlint.secrets]\nhex-limit = 3.0\n")
    rc, out, err = run(capsys, "--show-settings", "--select", "BOT105", "--extend-exclude", "vendor/", ".")
    assert rc == 0 and err == ""
    rows = {line.split(" = ", 1)[0]: line for line in out.splitlines()}
    cfg = str(project / "pyproject.toml")
    assert rows["ignore"].endswith(f"# {cfg}")
    assert rows["secrets.hex-limit"].startswith("secrets.hex-limit = 3.0") and rows["secrets.hex-limit"].endswith(cfg)
    assert rows["--select"] == '--select = ["BOT105"]  # command line'
    assert rows["extend-exclude"].endswith("# command line")
    assert rows["max-file-size"].endswith("# default")
    assert rows["enabled-rules"] == 'enabled-rules = ["BOT105"]  # resolved'
    assert fakes.expand(LEAK).split('"')[1] not in out
    # --ignore-noqa is a flag, never a config key (config rejects it): shown as the flag
    assert "ignore-noqa" not in rows and rows["--ignore-noqa"] == "--ignore-noqa = false  # command line only, off"


def test_show_settings_without_config(project, capsys):
    rc, out, _ = run(capsys, "--show-settings", "--isolated")
    assert rc == 0 and out.startswith("config-file = null\n")
    assert "BOT110" not in out.split("enabled-rules", 1)[1]


def test_link_setting_from_the_file_and_the_command_line(project, capsys):
    from botlint.config import Settings, load_settings, merge_cli, resolve

    (project / "pyproject.toml").write_text("[tool.botlint]\nlink = false\n")
    rc, out, _ = run(capsys, "--show-settings", ".")
    assert rc == 0 and f"link = false  # {project / 'pyproject.toml'}" in out
    (project / "pyproject.toml").write_text("[tool.botlint]\nlink = 'no'\n")
    rc, _, err = run(capsys, ".")
    assert rc == 2 and "link: expected true or false" in err
    on, off = resolve(Settings()), resolve(merge_cli(load_settings(isolated=True), no_link=True))
    assert on.link and not off.link and on.cache_key() != off.cache_key()
