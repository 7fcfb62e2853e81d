"""The baseline (botlint.baseline): record today's findings, then report only new ones."""
from __future__ import annotations

import json
import os
import shutil
import subprocess

import pytest

from botlint import fakes, hashkey
from botlint.cli import main

BASE = ".botlint-baseline.json"


def key(n):
    return fakes.fake("alnum64", 100 + n)


@pytest.fixture
def repo(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".git").mkdir()
    return tmp_path


@pytest.fixture
def other_machine(monkeypatch):
    """Another machine: another hash key."""
    def switch(value):
        monkeypatch.setenv("BOTLINT_HASH_KEY", value)
        hashkey.forget()
    yield switch
    hashkey.forget()


def run(capsys, *argv):
    rc = main(list(argv))
    out, err = capsys.readouterr()
    return rc, out, err


def concise(capsys, *argv):
    rc, out, err = run(capsys, "check", "--format", "concise", "--no-cache", *argv)
    return rc, [line for line in out.splitlines() if line.strip()], err


def write(path, lines):
    path.write_text("".join(line + "\n" for line in lines))


def test_lifecycle_edit_above_new_key_removed_key(repo, capsys):
    bot = repo / "bot.py"
    write(bot, ["import os", f'API_SECRET = "{key(1)}"', f'API_KEY = "{key(2)}"'])
    rc, _out, err = run(capsys, "baseline", "--no-cache")
    assert rc == 0 and "wrote .botlint-baseline.json: 2 entries" in err
    assert concise(capsys, "--baseline", BASE)[0] == 0
    # edits above the findings: nothing new
    write(bot, ["import os", "# the keys", "", "X = 1", f'API_SECRET = "{key(1)}"', f'API_KEY = "{key(2)}"'])
    rc, lines, err = concise(capsys, "--baseline", BASE)
    assert rc == 0 and lines == [], lines
    assert "2 findings in the baseline .botlint-baseline.json not shown" in err
    # a new key: only it is reported
    bot.write_text(bot.read_text() + f'TELEGRAM_SECRET = "{key(3)}"\n')
    rc, lines, _ = concise(capsys, "--baseline", BASE)
    assert rc == 1 and len(lines) == 1 and lines[0].startswith("bot.py:7:") and "TELEGRAM_SECRET" in lines[0]
    # without the baseline all three are reported
    assert len(concise(capsys)[1]) == 3
    # a key removed: --update-baseline says 1 stale, 1 added, and exits 0
    bot.write_text(bot.read_text().replace(f'API_KEY = "{key(2)}"\n', ""))
    rc, out, err = run(capsys, "check", "--no-cache", "--baseline", BASE, "--update-baseline")
    assert rc == 0 and "updated .botlint-baseline.json: 2 entries, 1 stale entry removed, 1 added" in err
    assert concise(capsys, "--baseline", BASE)[0] == 0
    # running it again changes nothing, byte for byte
    before = (repo / BASE).read_bytes()
    rc, _out, err = run(capsys, "baseline", "--no-cache")
    assert rc == 0 and "unchanged .botlint-baseline.json: 2 entries, 0 stale entries removed, 0 added" in err
    assert (repo / BASE).read_bytes() == before


def test_file_is_deterministic_and_holds_no_value_or_snippet(repo, capsys):
    secrets = [key(1), key(2), fakes.fake("evm_key", 5)]
    write(repo / "bot.py", [f'API_SECRET = "{secrets[0]}"', f'PASSWORD = "{secrets[1]}"',
                            f'PRIVATE_KEY = "{secrets[2]}"', "exchange.withdraw('BTC', 1, addr)"])
    (repo / ".env").write_text(f"BINANCE_API_SECRET={key(4)}\n")
    secrets.append(key(4))
    assert run(capsys, "baseline", "--no-cache")[0] == 0
    data = (repo / BASE).read_bytes()
    doc = json.loads(data)
    assert doc["version"] == 1 and doc["generated_by"].startswith("botlint ")
    assert len(doc["entries"]) >= 4
    for e in doc["entries"]:
        assert set(e) <= {"code", "path", "fingerprint", "secret_hash"} and "line" not in e
    for s in secrets:
        for piece in (s, s[:12], s[-12:]):
            assert piece.encode() not in data
    assert b"****" not in data and b"API_SECRET" not in data and b"withdraw" not in data
    assert [(e["path"], e["code"], e["fingerprint"]) for e in doc["entries"]] == sorted(
        (e["path"], e["code"], e["fingerprint"]) for e in doc["entries"])
    (repo / BASE).unlink()
    assert run(capsys, "baseline", "--no-cache")[0] == 0
    assert (repo / BASE).read_bytes() == data


def test_moved_within_file_and_renamed_file(repo, capsys, other_machine):
    write(repo / "bot.py", ["import os", f'API_SECRET = "{key(1)}"', "def f():", "    return 1"])
    assert run(capsys, "baseline", "--no-cache")[0] == 0
    write(repo / "bot.py", ["import os", "def f():", "    return 1", "", f'API_SECRET = "{key(1)}"'])
    assert concise(capsys, "--baseline", BASE)[0] == 0
    other_machine("another machine's key")  # matching by fingerprint alone: still known
    assert concise(capsys, "--baseline", BASE)[0] == 0
    os.rename(repo / "bot.py", repo / "main.py")  # a rename makes the finding new
    rc, lines, _ = concise(capsys, "--baseline", BASE)
    assert rc == 1 and lines[0].startswith("main.py:5:")


def test_two_identical_lines(repo, capsys, other_machine):
    a, b, c = key(1), key(2), key(3)  # same length: the masked lines are identical
    write(repo / "bot.py", [f'API_SECRET = "{a}"', f'API_SECRET = "{b}"'])
    assert run(capsys, "baseline", "--no-cache")[0] == 0
    # a third identical line below: exactly it is new
    write(repo / "bot.py", [f'API_SECRET = "{a}"', f'API_SECRET = "{b}"', f'API_SECRET = "{c}"'])
    rc, lines, _ = concise(capsys, "--baseline", BASE)
    assert rc == 1 and len(lines) == 1 and lines[0].startswith("bot.py:3:")
    # above: on the machine that wrote the baseline the secret hashes say which one is new
    write(repo / "bot.py", [f'API_SECRET = "{c}"', f'API_SECRET = "{a}"', f'API_SECRET = "{b}"'])
    rc, lines, _ = concise(capsys, "--baseline", BASE)
    assert rc == 1 and len(lines) == 1 and lines[0].startswith("bot.py:1:")
    # elsewhere (another hash key) only fingerprints count: one new finding, named at the
    # last of the identical lines (occurrence 3), as the module docstring says
    other_machine("ci key")
    rc, lines, _ = concise(capsys, "--baseline", BASE)
    assert rc == 1 and len(lines) == 1 and lines[0].startswith("bot.py:3:")


def test_key_replaced_in_place_is_new_on_the_same_machine(repo, capsys):
    write(repo / "bot.py", [f'API_SECRET = "{key(1)}"'])
    assert run(capsys, "baseline", "--no-cache")[0] == 0
    write(repo / "bot.py", [f'API_SECRET = "{key(2)}"'])  # same length, same masked line
    rc, lines, _ = concise(capsys, "--baseline", BASE)
    assert rc == 1 and lines[0].startswith("bot.py:1:")


def test_update_on_another_machine_does_not_churn(repo, capsys, other_machine):
    write(repo / "bot.py", [f'API_SECRET = "{key(1)}"'])
    assert run(capsys, "baseline", "--no-cache")[0] == 0
    before = (repo / BASE).read_bytes()
    other_machine("ci key")
    rc, _out, err = run(capsys, "check", "--no-cache", "--baseline", BASE, "--update-baseline")
    assert rc == 0 and "unchanged" in err and (repo / BASE).read_bytes() == before


def test_partial_run_keeps_entries_of_other_paths(repo, capsys):
    (repo / "src").mkdir()
    (repo / "tests").mkdir()
    write(repo / "src" / "bot.py", [f'API_SECRET = "{key(1)}"'])
    write(repo / "tests" / "conf.py", [f'API_SECRET = "{key(2)}"'])
    assert run(capsys, "baseline", "--no-cache")[0] == 0
    (repo / "src" / "bot.py").write_text("import os\n")
    rc, _out, err = run(capsys, "baseline", "--no-cache", "src")
    assert rc == 0 and "1 entry, 1 stale entry removed, 0 added" in err
    assert concise(capsys, "--baseline", BASE)[0] == 0  # tests/conf.py is still known


def test_config_key_resolves_against_the_config_file(repo, capsys):
    (repo / "pyproject.toml").write_text('[tool.botlint]\nbaseline = "ci/botlint-baseline.json"\n')
    (repo / "ci").mkdir()
    (repo / "pkg").mkdir()
    write(repo / "pkg" / "bot.py", [f'API_SECRET = "{key(1)}"'])
    rc, _out, err = run(capsys, "baseline", "--no-cache")  # -o defaults to the setting
    assert rc == 0 and (repo / "ci" / "botlint-baseline.json").is_file(), err
    os.chdir(repo / "pkg")  # from a subdirectory: still the config file's directory
    assert concise(capsys, ".")[0] == 0
    rc, out, _ = run(capsys, "--show-settings")
    line = next(x for x in out.splitlines() if x.startswith("baseline = "))
    assert json.dumps(str(repo / "ci" / "botlint-baseline.json")) in line and "pyproject.toml" in line
    # the command line's --baseline is relative to the working directory and overrides it
    shutil.copy(repo / "ci" / "botlint-baseline.json", repo / "pkg" / "mine.json")
    rc, out, _ = run(capsys, "--show-settings", "--baseline", "mine.json")
    assert json.dumps(str(repo / "pkg" / "mine.json")) in out and "command line" in out
    assert concise(capsys, "--baseline", "mine.json", ".")[0] == 0
    # a wrong type, and an unknown key close to it, are config errors
    (repo / "pyproject.toml").write_text("[tool.botlint]\nbaseline = 3\n")
    rc, _out, err = run(capsys, ".")
    assert rc == 2 and "baseline: expected a non-empty string" in err
    (repo / "pyproject.toml").write_text('[tool.botlint]\nbaselin = "x.json"\n')
    rc, _out, err = run(capsys, ".")
    assert rc == 2 and "did you mean 'baseline'" in err


@pytest.mark.parametrize("content, message", [
    (None, "baseline file not found: nope.json"),
    ("{not json", "not a botlint baseline (invalid JSON"),
    ('{"version": 2, "entries": []}', "baseline version 2 is not supported"),
    ('{"version": 1, "entries": [{"code": "BOT101"}]}', "entry 1: expected code, path and fingerprint"),
    ('[1, 2]', "not a botlint baseline (expected an object"),
])
def test_missing_or_malformed_baseline_is_exit_2(repo, capsys, content, message):
    write(repo / "bot.py", [f'API_SECRET = "{key(1)}"'])
    if content is not None:
        (repo / "nope.json").write_text(content)
    rc, out, err = run(capsys, "--baseline", "nope.json", ".")
    assert rc == 2 and message in err and len(err.strip().splitlines()) == 1, err
    assert out == ""
    (repo / "pyproject.toml").write_text('[tool.botlint]\nbaseline = "nope.json"\n')
    rc, _out, err = run(capsys, ".")
    assert rc == 2 and message.split(": ")[-1] in err


def test_baseline_refuses_to_overwrite_a_file_that_is_not_one(repo, capsys):
    write(repo / "bot.py", [f'API_SECRET = "{key(1)}"'])
    (repo / "pyproject.toml").write_text("[project]\nname = 'x'\n")
    rc, _out, err = run(capsys, "baseline", "-o", "pyproject.toml")
    assert rc == 2 and "not overwritten" in err
    assert (repo / "pyproject.toml").read_text() == "[project]\nname = 'x'\n"


def test_update_baseline_needs_a_baseline(repo, capsys):
    write(repo / "bot.py", ["import os"])
    rc, _out, err = run(capsys, "--update-baseline", ".")
    assert rc == 2 and "--update-baseline needs --baseline" in err


def test_sarif_and_json_leave_baselined_findings_out(repo, capsys):
    write(repo / "bot.py", [f'API_SECRET = "{key(1)}"'])
    assert run(capsys, "baseline", "--no-cache")[0] == 0
    write(repo / "bot.py", [f'API_SECRET = "{key(1)}"', f'API_KEY = "{key(2)}"'])
    rc, out, _ = run(capsys, "--format", "json", "--baseline", BASE, ".")
    assert rc == 1 and [f["line"] for f in json.loads(out)["findings"]] == [2]
    rc, out, _ = run(capsys, "--format", "sarif", "--baseline", BASE, ".")
    assert [r["locations"][0]["physicalLocation"]["region"]["startLine"]
            for r in json.loads(out)["runs"][0]["results"]] == [2]


# -- detect-secrets import -------------------------------------------------------------------

def _detect_secrets_scan(repo):
    exe = shutil.which("detect-secrets") or os.path.join(os.path.dirname(os.sys.executable), "detect-secrets")
    if not os.path.exists(exe):
        pytest.skip("detect-secrets' command line is not installed")
    proc = subprocess.run([exe, "scan", "--all-files"], cwd=repo, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def test_import_from_detect_secrets(repo, capsys):
    pw = fakes.fake("alnum64", 7)[:20]
    write(repo / "bot.py", ["import os", f'API_SECRET = "{key(1)}"', f'API_KEY = "{key(2)}"',
                            f'DB_URL = "postgres://admin:{pw}@db.example.com/bot"'])
    (repo / "real.py").write_text(f'AUTH_TOKEN_SECRET = "{key(5)}"\n')
    ds = _detect_secrets_scan(repo)
    assert set(ds["results"]) == {"bot.py", "real.py"}
    for r in ds["results"]["bot.py"]:  # audited as a false positive: baselined like the others
        if r["line_number"] == 3:
            r["is_secret"] = False
    for r in ds["results"]["real.py"]:  # audited as a real secret: stays reported
        r["is_secret"] = True
    (repo / ".secrets.baseline").write_text(json.dumps(ds, indent=2))
    # a key detect-secrets never saw
    (repo / "bot.py").write_text((repo / "bot.py").read_text() + f'BYBIT_API_SECRET = "{key(3)}"\n')

    rc, _out, err = run(capsys, "baseline", "--from-detect-secrets", ".secrets.baseline")
    assert rc == 0, err
    assert "3 findings baselined from .secrets.baseline" in err
    assert "1 findings detect-secrets' audit marked as real secrets" in err and "rotate" in err
    data = (repo / BASE).read_bytes()
    for s in (key(1), key(2), key(3), key(5), pw):
        assert s.encode() not in data
    for r in ds["results"]["bot.py"]:  # no SHA-1 of detect-secrets' in botlint's file
        assert r["hashed_secret"].encode() not in data
    rc, lines, _ = concise(capsys, "--baseline", BASE)
    reported = sorted(line.split(" ")[0] for line in lines)
    assert rc == 1 and reported == ["bot.py:5:20:", "real.py:1:21:"], lines


def test_import_falls_back_to_the_line_when_the_hashed_value_differs(repo, capsys):
    write(repo / "bot.py", ["import os", f'API_SECRET = "{key(1)}"'])
    ds = _detect_secrets_scan(repo)
    for r in ds["results"]["bot.py"]:
        r["hashed_secret"] = "0" * 40  # detect-secrets hashed some other part of the line
    (repo / ".secrets.baseline").write_text(json.dumps(ds))
    rc, _out, err = run(capsys, "baseline", "--from-detect-secrets", ".secrets.baseline")
    assert rc == 0 and "(0 by secret hash, 1 by line)" in err
    assert concise(capsys, "--baseline", BASE)[0] == 0


def test_import_of_a_file_that_is_not_a_detect_secrets_baseline(repo, capsys):
    (repo / "x.json").write_text('{"version": "1.5.0"}')
    rc, _out, err = run(capsys, "baseline", "--from-detect-secrets", "x.json")
    assert rc == 2 and "not a detect-secrets baseline" in err
    assert not (repo / BASE).exists()


def test_the_baseline_file_itself_is_not_reported(repo, capsys):
    write(repo / "bot.py", [f'API_SECRET = "{key(1)}"'])
    assert run(capsys, "baseline", "--no-cache", "--extend-select", "BOT110")[0] == 0
    # its hex fingerprints and hashes are what the opt-in BOT110 reports elsewhere
    rc, lines, _ = concise(capsys, "--extend-select", "BOT110", "--baseline", BASE)
    assert rc == 0 and lines == []
    assert all(e["path"] == "bot.py" for e in json.loads((repo / BASE).read_text())["entries"])


def test_import_into_an_existing_baseline_adds_to_it(repo, capsys):
    write(repo / "bot.py", ["import ccxt", "ex = ccxt.binance()", "ex.withdraw('BTC', 1, 'addr')"])
    assert run(capsys, "baseline", "--no-cache")[0] == 0
    assert "BOT301" in "".join(concise(capsys)[1])
    assert concise(capsys, "--baseline", BASE)[0] == 0
    (repo / "bot.py").write_text((repo / "bot.py").read_text() + f'API_SECRET = "{key(1)}"\n')
    (repo / ".secrets.baseline").write_text(json.dumps(_detect_secrets_scan(repo)))
    rc, _out, err = run(capsys, "baseline", "--from-detect-secrets", ".secrets.baseline")
    assert rc == 0 and "0 stale entries removed" in err, err
    assert concise(capsys, "--baseline", BASE)[0] == 0  # the withdraw call and the imported key
