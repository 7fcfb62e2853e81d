"""Every fixture in every format: the right shape, and never a fixture secret in the output."""
from __future__ import annotations

import json
import os

import pytest

from botlint import fakes, registry
from botlint.engine import lint_paths
from botlint.report import FORMATS, render

from conftest import FIXTURES
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


@pytest.mark.parametrize("fmt", FORMATS)
def test_no_fixture_secret_in_any_format(every_finding, fmt):
    text = render(fmt, every_finding.findings, files=every_finding.files, color=(fmt == "full"))
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
    assert line.startswith("::error file=src/bot.py,line=2,col=14,endLine=2,endColumn=80,title=botlint (BOT101)::BOT101 ")


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
