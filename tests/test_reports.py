"""Every fixture in every format: the right shape, and never a fixture secret in the output."""
from __future__ import annotations

import json
import os
import re

import pytest

from botlint import fakes, registry
from botlint.engine import lint_paths
from botlint.report import FORMATS, render

from conftest import FIXTURES, ROOT
from helpers import secrets_in, settings

ALL_FIXTURES = sorted(
    os.path.join(dp, f) for dp, _dn, fs in os.walk(FIXTURES) for f in fs
    if not f.endswith((".md", ".txt")) and "EXPECTED" not in f
)


@pytest.fixture(scope="module")
def every_finding():
    s = settings(["ALL"], ignore_noqa=True)
    s.extend_select = []
    res = lint_paths([FIXTURES], s, use_cache=False)
    return res


def test_fixture_secrets_are_found_and_collected(every_finding):
    secrets = set()
    for path in ALL_FIXTURES:
        with open(path, encoding="utf-8", errors="replace") as fh:
            secrets |= secrets_in(fh.read())
    assert len(secrets) >= 40
    assert len(every_finding.findings) >= 40


def _output(fmt, res):
    """Every output botlint writes: the formats, the step summary, the Action's log and annotations."""
    from botlint.report import github, github_action

    if fmt == "step-summary":  # read it as rendered: without the Markdown backslash escapes
        return re.sub(r"\\(.)", r"\1", github.step_summary(res.findings, files=res.files))
    if fmt == "show-settings":  # a config file whose other tables hold every fixture secret
        import tempfile

        from botlint.config import describe, load_settings

        secrets = set()
        for path in ALL_FIXTURES:
            with open(path, encoding="utf-8", errors="replace") as fh:
                secrets |= secrets_in(fh.read())
        with tempfile.TemporaryDirectory() as d:
            cfg = os.path.join(d, "pyproject.toml")
            with open(cfg, "w", encoding="utf-8") as fh:
                fh.write("[tool.botlint]\nselect = ['BOT1']\n[tool.botlint.secrets]\nhex-limit = 3.0\n[tool.other]\n")
                fh.write("".join(f"k{i} = {json.dumps(v)}\n" for i, v in enumerate(sorted(secrets))))
            return describe(load_settings(cfg))
    if fmt == "action":
        doc = json.loads(render("sarif", res.findings, files=res.files))
        findings, _errors, _files, base = github_action.findings_from_sarif(doc)
        rel = github.relative_paths(findings, base)
        return "".join(github.annotation(f, rel[f.path]) for f in findings) + render("concise", findings)
    return render(fmt, res.findings, files=res.files, color=(fmt == "full"))


@pytest.mark.parametrize("fmt", FORMATS + ("step-summary", "action", "show-settings"))
def test_no_fixture_secret_in_any_format(every_finding, fmt):
    text = _output(fmt, every_finding)
    leaked = []
    for path in ALL_FIXTURES:
        with open(path, encoding="utf-8", errors="replace") as fh:
            for secret in secrets_in(fh.read()):
                if secret in text:
                    leaked.append((os.path.relpath(path, FIXTURES), len(secret)))
    assert not leaked, f"{fmt} output leaks fixture secrets: {leaked[:5]}"


def test_notes_and_messages_never_hold_values(every_finding):
    blob = "\n".join(every_finding.notes) + "\n".join(f.message for f in every_finding.findings)
    for path in ALL_FIXTURES:
        with open(path, encoding="utf-8", errors="replace") as fh:
            for secret in secrets_in(fh.read()):
                assert secret not in blob


def _one():
    from botlint.engine import lint_source

    return lint_source(fakes.expand('X = 1\nAPI_SECRET = "{{fake:alnum64}}"\n'), "src/bot.py")


def test_sarif_shape():
    doc = json.loads(render("sarif", _one()))
    assert doc["version"] == "2.1.0"
    run = doc["runs"][0]
    (rule,) = run["tool"]["driver"]["rules"]
    assert rule["id"] == "BOT101" and rule["name"] == "hardcoded-api-credential"
    assert rule["shortDescription"]["text"] and rule["fullDescription"]["text"]
    assert "## Why is this bad?" in rule["help"]["markdown"]
    assert float(rule["properties"]["security-severity"]) >= 9.0
    assert "external/cwe/cwe-798" in rule["properties"]["tags"]
    (res,) = run["results"]
    loc = res["locations"][0]["physicalLocation"]
    assert loc["artifactLocation"] == {"uri": "src/bot.py", "uriBaseId": "%SRCROOT%"}
    assert loc["region"]["startLine"] == 2 and loc["region"]["startColumn"] == 14
    assert res["partialFingerprints"]["botlintFingerprint/v1"]
    assert res["level"] == "error" and res["ruleIndex"] == 0


def test_sarif_rule_help_expands_fake_markers():
    doc = json.loads(render("sarif", _one()))
    assert "{{fake:" not in json.dumps(doc)


def test_github_annotations():
    (line,) = render("github", _one()).splitlines()
    assert line.startswith(
        "::error file=src/bot.py,line=2,col=14,endLine=2,endColumn=80,title=botlint (BOT101)::BOT101 "
    )


def test_full_format_has_frame_with_masked_secret():
    out = render("full", _one(), files=1)
    assert "2 | API_SECRET = " in out and "^^^^" in out and "Found 1 finding" in out


def test_fingerprint_ignores_line_number():
    from botlint.engine import lint_source

    src = fakes.expand('API_SECRET = "{{fake:alnum64}}"\n')
    a = lint_source(src, "bot.py")[0]
    b = lint_source("import os\n\n" + src, "bot.py")[0]
    assert a.line != b.line and a.fingerprint == b.fingerprint


def test_every_rule_renders_in_sarif():
    for rule in registry.all_rules():
        from botlint.report.sarif import rule_descriptor

        d = rule_descriptor(rule)
        assert d["help"]["text"] and d["properties"]["security-severity"]


# -- issue 7: output a scanned tree cannot forge, SARIF GitHub reads right ------------------

import subprocess  # noqa: E402
import sys  # noqa: E402
from urllib.parse import unquote, urljoin, urlparse  # noqa: E402
from urllib.request import url2pathname  # noqa: E402

from botlint import cli  # noqa: E402
from botlint.model import Confidence, Finding, Location, Severity  # noqa: E402
from botlint.report import github  # noqa: E402

FORGED_KEY = "x\n::error::forged\napi_secret"
V1_KEY = "y ##[error]v1forged api_key"
EVIL_NAME = "evil\n::error::forged\x1b[2J.py"
_SGR = re.compile(r"\x1b\[[0-9;]*m")
_ANNOTATION = re.compile(r"::(error|warning|notice) file=[^:\n]*::[^\n]*\Z")


def _hostile_tree(root):
    """A config key and a file name chosen to forge output lines, and an undecodable name."""
    root.mkdir(exist_ok=True)
    (root / "config.json").write_text(json.dumps({
        FORGED_KEY: fakes.fake("alnum64", 1), V1_KEY: fakes.fake("alnum64", 2),
        "api_secret\udc80": fakes.fake("alnum64", 3),  # a lone surrogate in a scanned key
    }), encoding="utf-8")
    (root / EVIL_NAME).write_text(fakes.expand('API_SECRET = "{{fake:alnum64}}"\n'), encoding="utf-8")
    # no control character at all: a line that starts with the path would be a command
    (root / "::error file=a::forged.py").write_text(fakes.expand('API_KEY = "{{fake:alnum64}}"\n'))
    (root / "sub").mkdir(exist_ok=True)
    with open(os.path.join(os.fsencode(str(root / "sub")), b"bad\xff.env"), "w", encoding="utf-8") as fh:
        fh.write("API_SECRET=" + fakes.fake("alnum64", 4) + "\n")
    return root


@pytest.fixture
def hostile(tmp_path, monkeypatch):
    root = _hostile_tree(tmp_path / "proj")
    monkeypatch.chdir(root)
    res = lint_paths(["."], settings(), use_cache=False)
    assert len(res.findings) >= 6, [f.message for f in res.findings]
    assert any(FORGED_KEY in f.message for f in res.findings)  # the key name is in the message
    return res


def _assert_no_forged_lines(fmt, text):
    assert "\x1b" not in _SGR.sub("", text), f"{fmt}: an ESC sequence from the scanned tree"
    assert "##[" not in text, f"{fmt}: an old-style ##[command] from the scanned tree"
    for line in text.splitlines():
        if fmt == "github" or (fmt == "action" and line.startswith("::") and "file=" in line):
            # properties hold no ":", so the first "::" after the command is botlint's own
            assert _ANNOTATION.match(line), f"{fmt}: not an annotation: {line!r}"
        elif line.lstrip().startswith("::"):
            assert line in ("::endgroup::",) or line.startswith("::group::botlint: "), \
                f"{fmt}: a forged workflow command: {line!r}"


@pytest.mark.parametrize("fmt", FORMATS)
def test_scanned_text_cannot_forge_output(hostile, fmt):
    for color in (False, True):
        text = render(fmt, hostile.findings, files=hostile.files, color=color)
        _assert_no_forged_lines(fmt, text)
        if fmt in ("json", "sarif"):
            doc = json.loads(text)
            text.encode("utf-8")  # valid UTF-8 (strict)
            blob = json.dumps(doc, ensure_ascii=False)
            assert not re.search(r"[\ud800-\udfff]", blob), f"{fmt}: a lone surrogate"
    if fmt in ("full", "concise"):
        # the forged key is shown, escaped, on the finding's own line
        assert "x\\n::error::forged\\napi_secret" in text and "evil\\n::error::forged\\x1b[2J.py" in text


def test_step_summary_and_action_output_cannot_be_forged(hostile, tmp_path):
    summary = github.step_summary(hostile.findings, files=hostile.files)
    _assert_no_forged_lines("summary", summary)
    assert "<" not in summary.replace("\\<", "")  # no raw HTML from a scanned name
    for row in summary.splitlines():
        if row.startswith("| ") and "Severity" not in row and "Rule" not in row:
            assert len(re.findall(r"(?<!\\)\|", row)) == 5, f"a scanned | broke the table: {row!r}"
    from botlint.report import github_action

    sarif_doc = json.loads(render("sarif", hostile.findings, files=hostile.files))
    findings, errors, files, base = github_action.findings_from_sarif(sarif_doc)
    assert len(findings) == len(hostile.findings) and errors == 0 and files == hostile.files
    rel = github.relative_paths(findings, base)
    lines = "".join(github.annotation(f, rel[f.path]) for f in github.severity_order(findings))
    _assert_no_forged_lines("github", lines)


def test_github_format_escapes_before_workflow_escaping():
    f = Finding("BOT101", "hardcoded-api-credential", "in `a%0Ab\nc`", "d%/e,f:g.py",
                Location(1, 1, 1, 2), Severity.CRITICAL, Confidence.HIGH)
    (line,) = render("github", [f]).splitlines()
    # the message's newline became the text \n (not %0A, which the runner would decode into a
    # line break); a literal %0A in scanned text stays literal: % -> %25
    assert line.endswith("::BOT101 in `a%250Ab\\nc`")
    assert "file=d%25/e%2Cf%3Ag.py," in line


def _finding(code, sev, line=1, end_line=None, path="bot.py", message="m"):
    return Finding(code, "n", message, path, Location(line, 3, end_line or line, 9), sev, Confidence.HIGH)


def test_github_multiline_findings_have_no_columns_and_most_severe_come_first():
    fs = [_finding("BOT403", Severity.MEDIUM, 1), _finding("BOT104", Severity.HIGH, 5, end_line=8),
          _finding("BOT001", Severity.LOW, 2), _finding("BOT101", Severity.CRITICAL, 9)]
    lines = render("github", fs).splitlines()
    assert [line.split("title=botlint (")[1][:6] for line in lines] == ["BOT101", "BOT104", "BOT403", "BOT001"]
    multi = lines[1]
    assert "line=5,endLine=8," in multi and "col=" not in multi and "endColumn=" not in multi
    assert "col=3,endLine=9,endColumn=9" in lines[0]


def test_step_summary_counts_rules_lists_the_worst_and_what_was_not_shown():
    fs = [_finding("BOT101", Severity.CRITICAL, i) for i in range(1, 13)]  # 12 errors: 2 dropped
    fs += [_finding("BOT403", Severity.MEDIUM, 20, path="a|b<script>.py", message="`x` | <b>y</b>")]
    text = github.step_summary(fs, files=3)
    assert "**13 findings** in 3 files checked" in text
    assert "| BOT101 | `hardcoded-api-credential` | critical | 12 |" in text
    assert "| critical | BOT101 | bot\\.py:1 |" in text
    assert "a\\|b\\<script\\>\\.py:20" in text and "<script>" not in text and "<b>" not in text
    assert "**2 of 13 findings were not shown as inline annotations**" in text
    assert "off" in github.step_summary(fs, annotated=False)


def test_cli_github_format_writes_the_step_summary(tmp_path, monkeypatch):
    proj = tmp_path / "p"
    proj.mkdir()
    secret = fakes.fake("alnum64", 7)
    (proj / "bot.py").write_text(f'API_SECRET = "{secret}"\n')
    summary = tmp_path / "summary.md"
    summary.write_text("earlier step\n")
    monkeypatch.chdir(proj)
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    assert cli.main(["--format", "github", "--no-cache", "."]) == 1
    text = summary.read_text()
    assert text.startswith("earlier step\n## botlint") and "bot\\.py:1" in text and secret not in text
    monkeypatch.delenv("GITHUB_STEP_SUMMARY")
    assert cli.main(["--format", "github", "--no-cache", "."]) == 1
    assert summary.read_text() == text


# -- SARIF URIs (RFC 3986, repository-relative) ---------------------------------------------

WEIRD = "my bot/100%#x.py"


def _repo(tmp_path, git=True, config=False):
    repo = tmp_path / "repo"
    (repo / "my bot").mkdir(parents=True)
    if git:
        (repo / ".git").mkdir()
    if config:
        (repo / "pyproject.toml").write_text("[tool.botlint]\n")
    (repo / WEIRD).write_text(fakes.expand('API_SECRET = "{{fake:alnum64}}"\nAPI_SECRET = "{{fake:alnum64}}"\n'))
    (tmp_path / "elsewhere").mkdir()
    return repo


def _sarif(monkeypatch, cwd, *args):
    monkeypatch.chdir(cwd)
    env = dict(os.environ, PYTHONPATH=os.path.join(ROOT, "src"))  # the botlint under test
    out = subprocess.run([sys.executable, "-m", "botlint", "--format", "sarif", "--no-cache", *args],
                         capture_output=True, text=True, check=False, env=env)
    assert out.returncode == 1, out.stderr
    return json.loads(out.stdout)["runs"][0]


def _uris(run):
    return [(r["locations"][0]["physicalLocation"]["artifactLocation"], r["partialFingerprints"])
            for r in run["results"]]


@pytest.mark.parametrize("git,config", [(True, False), (False, True)])
def test_sarif_uris_are_repo_relative_and_percent_encoded_from_anywhere(tmp_path, monkeypatch, git, config):
    repo = _repo(tmp_path, git=git, config=config)
    runs = [
        _sarif(monkeypatch, repo, "."),
        _sarif(monkeypatch, repo, "./my bot"),
        _sarif(monkeypatch, repo, str(repo / WEIRD)),
        _sarif(monkeypatch, repo / "my bot", "."),
        _sarif(monkeypatch, repo / "my bot", "../my bot/100%#x.py"),
    ]
    if git:  # outside the repository: only git can say where its root is
        runs += [_sarif(monkeypatch, tmp_path / "elsewhere", "../repo/my bot"),
                 _sarif(monkeypatch, tmp_path / "elsewhere", str(repo))]
    expected = None
    for run in runs:
        base = run["originalUriBaseIds"]["%SRCROOT%"]["uri"]
        assert base == repo.as_uri() + "/"
        locs = _uris(run)
        assert len(locs) == 2
        for loc, _fp in locs:
            assert loc == {"uri": "my%20bot/100%25%23x.py", "uriBaseId": "%SRCROOT%"}
            assert unquote(loc["uri"]) == WEIRD
            assert url2pathname(urlparse(urljoin(base, loc["uri"])).path) == str(repo / WEIRD)
        # defect 6: two identical lines, two fingerprints, the same from every directory
        fps = [fp["botlintFingerprint/v1"] for _loc, fp in locs]
        assert len(set(fps)) == 2
        expected = expected or fps
        assert fps == expected


def test_sarif_file_outside_every_root_gets_an_absolute_file_uri(tmp_path, monkeypatch):
    repo = _repo(tmp_path, git=False)
    run = _sarif(monkeypatch, tmp_path / "elsewhere", "--isolated", "../repo/my bot")
    for loc, _fp in _uris(run):
        assert loc["uri"].startswith("file:///") and "uriBaseId" not in loc
        assert url2pathname(urlparse(loc["uri"]).path) == str(repo / WEIRD)


# -- fingerprints -------------------------------------------------------------------------

def test_fingerprints_hold_no_secret_and_count_identical_lines():
    from botlint.engine import lint_source
    from botlint.model import fingerprint

    a, b = fakes.fake("alnum64", 11), fakes.fake("alnum64", 12)
    src = f'API_SECRET = "{a}"\nAPI_SECRET = "{a}"\n'
    one, two = lint_source(src, "bot.py")
    assert one.fingerprint != two.fingerprint
    assert one.fingerprint == fingerprint("BOT101", "bot.py", one.snippet, 1)
    assert two.fingerprint == fingerprint("BOT101", "bot.py", two.snippet, 2)
    assert a not in one.snippet
    # another secret of the same shape on the same lines: the same fingerprints (no secret in them)
    rotated = lint_source(src.replace(a, b), "bot.py")
    assert [f.fingerprint for f in rotated] == [one.fingerprint, two.fingerprint]


# -- SARIF run metadata -------------------------------------------------------------------

def test_sarif_run_metadata_and_tool_notifications():
    ok = json.loads(render("sarif", _one()))["runs"][0]
    assert ok["automationDetails"] == {"id": "botlint/"}
    assert ok["invocations"][0]["executionSuccessful"] is True
    assert json.loads(render("sarif", _one(), category="bots/api"))["runs"][0]["automationDetails"]["id"] == "bots/api/"
    failed = json.loads(render("sarif", _one(), errors=["a.py: internal error (KeyError: 'x')"]))["runs"][0]
    inv = failed["invocations"][0]
    assert inv["executionSuccessful"] is False
    assert [n["level"] for n in inv["toolExecutionNotifications"]] == ["error"]
    assert "KeyError" not in json.dumps(inv)  # exception texts stay in the log
    tool = [_finding("BOT001", Severity.LOW, 3, path="broken.py"), _finding("BOT004", Severity.LOW, 1, path="deep.py")]
    run = json.loads(render("sarif", _one() + tool))["runs"][0]
    assert sorted(r["ruleId"] for r in run["results"]) == ["BOT004", "BOT101"]
    (note,) = run["invocations"][0]["toolExecutionNotifications"]
    assert note["descriptor"] == {"id": "BOT001", "index": 0}
    assert run["tool"]["driver"]["notifications"][0]["id"] == "BOT001"
    assert note["locations"][0]["physicalLocation"]["region"]["startLine"] == 3


def test_render_keeps_its_old_signature():
    assert render("concise", _one()) == render("concise", _one(), files=0, color=False)


def test_a_saved_sarif_report_holds_no_credential_shaped_example(tmp_path):
    """Rule help in SARIF shows ``<fake KIND>`` placeholders: a report a user stores or uploads
    must not trip secret scanners (botlint's own included) with the docs' generated fakes."""
    import json

    from botlint.cli import main

    out = tmp_path / "report.sarif"
    demo = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "fixtures", "demo_bot")
    main(["--isolated", "--no-cache", "--select", "ALL", "--format", "sarif", "--output-file", str(out), demo])
    rules = json.loads(out.read_text())["runs"][0]["tool"]["driver"]["rules"]
    assert any("<fake " in r["help"]["markdown"] for r in rules)
    assert main(["--isolated", "--no-cache", "--quiet", str(out)]) == 0
