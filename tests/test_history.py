"""botlint history: repositories built in tmp_path at test time, fake keys made at test time."""
from __future__ import annotations

import base64
import json
import os
import shutil
import subprocess

import pytest

from botlint import history
from botlint.cli import main

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not on PATH")

ENV = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.invalid", "GIT_COMMITTER_NAME": "t",
       "GIT_COMMITTER_EMAIL": "t@example.invalid", "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": os.devnull}


def fake_key() -> str:
    return base64.b64encode(os.urandom(48)).decode()  # 64 characters


class Repo:
    def __init__(self, root) -> None:
        self.root = root
        self.n = 0
        self.git("init", "-q", "-b", "main")

    def git(self, *args, **kw) -> str:
        env = dict(os.environ, **ENV)
        env.update(kw.pop("env", {}))
        return subprocess.run(["git", "-c", "commit.gpgsign=false", *args], cwd=self.root, env=env, check=True,
                              stdout=subprocess.PIPE, **kw).stdout.decode()

    def write(self, name, text) -> None:
        path = os.path.join(self.root, os.fsdecode(name))
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as fh:
            fh.write(text.encode() if isinstance(text, str) else text)

    def commit(self, files=None, msg="c") -> str:
        for name, text in (files or {}).items():
            if text is None:
                os.remove(os.path.join(self.root, name))
            else:
                self.write(name, text)
        self.n += 1
        date = f"2026-01-{self.n:02d}T12:00:00+00:00"
        self.git("add", "-A")
        self.git("commit", "-q", "--allow-empty", "-m", msg, env={"GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date})
        return self.head()

    def head(self) -> str:
        return self.git("rev-parse", "HEAD").strip()


@pytest.fixture
def repo(tmp_path, monkeypatch):
    root = tmp_path / "repo"
    root.mkdir()
    monkeypatch.chdir(root)
    return Repo(str(root))


def run(capsys, *args):
    code = main(["history", "--isolated", *args])
    out, err = capsys.readouterr()
    return code, out, err


def run_json(capsys, *args):
    code, out, err = run(capsys, "--format", "json", *args)
    return code, json.loads(out)["findings"], err


def py(key: str) -> str:
    return f'import os\n\nBINANCE_API_SECRET = "{key}"\n'


def test_removed_key_is_reported_at_the_adding_commit_and_not_in_head(repo, capsys):
    key = fake_key()
    repo.commit({"bot.py": "import os\n"})
    adding = repo.commit({"bot.py": py(key)})
    repo.commit({"bot.py": 'import os\n\nBINANCE_API_SECRET = os.environ["BINANCE_API_SECRET"]\n'})
    code, found, _ = run_json(capsys)
    assert code == 1
    assert [(f["path"], f["line"], f["commit"], f["in_head"]) for f in found] == [("bot.py", 3, adding, False)]
    assert found[0]["commit_date"].startswith("2026-01-02")
    assert "rotate the key" in found[0]["message"] and "does not un-leak it" in found[0]["message"]
    assert f"added in commit {adding[:7]}" in found[0]["message"]


def test_key_still_present_is_reported_once_in_head_though_later_commits_touch_the_file(repo, capsys):
    key = fake_key()
    adding = repo.commit({"bot.py": py(key)})
    repo.commit({"bot.py": py(key) + "x = 1\n"})
    repo.commit({"bot.py": "# a comment on top\n" + py(key) + "x = 2\n"})
    code, found, _ = run_json(capsys)
    assert [(f["commit"], f["line"], f["in_head"]) for f in found] == [(adding, 3, True)]
    assert "still in HEAD" in found[0]["message"]


def test_key_copied_to_a_second_file_later_is_reported_once_at_the_first_commit(repo, capsys):
    key = fake_key()
    first = repo.commit({"bot.py": py(key)})
    repo.commit({".env": f"BINANCE_API_SECRET={key}\n"})
    repo.commit({"bot.py": "import os\n"})
    code, found, _ = run_json(capsys)
    assert [(f["path"], f["commit"]) for f in found] == [("bot.py", first)]
    assert found[0]["in_head"] is True  # the copy in .env is still there


def test_a_key_in_a_dotenv_file_is_found(repo, capsys):
    adding = repo.commit({".env": f"BINANCE_API_SECRET={fake_key()}\n"})
    repo.commit({".env": "BINANCE_API_SECRET=\n"})
    code, found, _ = run_json(capsys)
    assert [(f["path"], f["commit"], f["in_head"]) for f in found] == [(".env", adding, False)]


def test_placeholders_and_env_lookups_in_history_are_not_findings(repo, capsys):
    repo.commit({"bot.py": 'BINANCE_API_SECRET = "YOUR_API_SECRET"\n'})
    repo.commit({"bot.py": 'import os\nBINANCE_API_SECRET = os.environ["BINANCE_API_SECRET"]\n'})
    repo.commit({".env": "BINANCE_API_SECRET=${BINANCE_API_SECRET}\n", "cfg.py": 'token = "USDT"\n'})
    assert run(capsys) [0] == 0


def test_suppressed_key_is_not_a_finding(repo, capsys):
    repo.commit({"bot.py": f'BINANCE_API_SECRET = "{fake_key()}"  # pragma: allowlist secret\n'})
    assert run(capsys)[0] == 0


def test_other_rule_families_do_not_apply_to_history(repo, capsys):
    repo.commit({"bot.py": "import ccxt\nex = ccxt.binance()\nex.withdraw('BTC', 1, 'addr')\n"})
    assert run(capsys)[0] == 0
    code, _out, err = run(capsys, "--select", "BOT3")
    assert code == 2 and "BOT1" in err


def test_since_limits_the_scan_to_later_commits(repo, capsys):
    old = repo.commit({"a.py": py(fake_key())})
    base = repo.commit({"b.txt": "x\n"})
    new = repo.commit({"b.py": py(fake_key())})
    _, found, _ = run_json(capsys, "--since", base)
    assert [f["commit"] for f in found] == [new]
    _, found, _ = run_json(capsys)
    assert [f["commit"] for f in found] == [old, new]
    code, _, err = run(capsys, "--since", "no-such-rev")
    assert code == 2 and "--since" in err


def test_all_refs_reach_a_branch_head_does_not(repo, capsys):
    repo.commit({"a.py": "x = 1\n"})
    repo.git("checkout", "-q", "-b", "side")
    side = repo.commit({"b.py": py(fake_key())})
    repo.git("checkout", "-q", "main")
    assert run_json(capsys)[1] == []
    _, found, _ = run_json(capsys, "--all")
    assert [(f["commit"], f["in_head"]) for f in found] == [(side, False)]


def test_merge_reports_the_side_commit_and_says_first_parent(repo, capsys):
    repo.commit({"a.py": "x = 1\n"})
    repo.git("checkout", "-q", "-b", "side")
    side = repo.commit({"b.py": py(fake_key())})
    repo.git("checkout", "-q", "main")
    repo.commit({"c.py": "y = 2\n"})
    repo.git("merge", "-q", "--no-ff", "-m", "merge", "side")
    code, found, err = run_json(capsys)
    assert [(f["commit"], f["in_head"]) for f in found] == [(side, True)]
    assert "first parent" in err


def test_rename_keeps_the_secret_in_head(repo, capsys):
    adding = repo.commit({"bot.py": py(fake_key())})
    repo.git("mv", "bot.py", "trader.py")
    repo.commit()
    _, found, _ = run_json(capsys)
    assert [(f["path"], f["commit"], f["in_head"]) for f in found] == [("bot.py", adding, True)]


def test_json_and_sarif_carry_the_commit_and_fingerprints_stay_secret_free(repo, capsys):
    key = fake_key()
    adding = repo.commit({"bot.py": py(key)})
    code, out, _ = run(capsys, "--format", "sarif")
    doc = json.loads(out)
    (res,) = doc["runs"][0]["results"]
    assert res["properties"]["commit"] == adding
    assert res["properties"]["inHead"] is True
    assert res["properties"]["commitDate"].startswith("2026-01-01")
    assert key not in json.dumps(res["partialFingerprints"])
    code, out, _ = run(capsys, "--format", "concise")
    assert f"bot.py:3:22: commit {adding[:7]} (2026-01-01) BOT101" in out


def test_the_cache_makes_a_second_run_start_no_cat_file(repo, capsys, monkeypatch, tmp_path):
    repo.commit({"bot.py": py(fake_key())})
    repo.commit({".env": f"API_SECRET={fake_key()}\n"})
    commands = []
    real = subprocess.Popen

    def spy(cmd, *a, **kw):
        commands.append(list(cmd))
        return real(cmd, *a, **kw)

    monkeypatch.setattr(history.subprocess, "Popen", spy)
    cache = str(tmp_path / "hc")
    first = run_json(capsys, "--cache-dir", cache)
    assert any("cat-file" in c for c in commands)
    commands.clear()
    second = run_json(capsys, "--cache-dir", cache)
    assert second[1] == first[1] and len(first[1]) == 2
    assert not any("cat-file" in c for c in commands)
    assert "(2 from the cache)" in second[2]
    commands.clear()
    run_json(capsys, "--cache-dir", cache, "--no-cache")
    assert any("cat-file" in c for c in commands)


def test_a_tampered_history_cache_is_a_miss(repo, capsys, tmp_path):
    repo.commit({"bot.py": py(fake_key())})
    cache = tmp_path / "hc"
    first = run_json(capsys, "--cache-dir", str(cache))
    (path,) = cache.glob("history-*.json")
    data = json.loads(path.read_text())
    for entry in data["commits"].values():  # wrong types where findings and renames belong
        entry["f"] = [{"code": 5}]
        entry["r"] = [[1, None]]
    for k in data["blobs"]:
        data["blobs"][k] = {"x": 1}
    path.write_text(json.dumps(data))
    second = run_json(capsys, "--cache-dir", str(cache))
    assert second[0] == first[0] == 1 and len(second[1]) == len(first[1]) == 1
    path.write_text("[" * 100_000)  # nested too deep for json.loads
    assert run_json(capsys, "--cache-dir", str(cache))[0] == 1
    assert not list(cache.glob(".tmp-*"))


def test_not_a_repository_exits_2_with_one_line(tmp_path, capsys, monkeypatch):
    plain = tmp_path / "plain"
    plain.mkdir()
    monkeypatch.chdir(plain)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    code, out, err = run(capsys)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and "not inside a git work tree" in err


def test_empty_repository_is_clean(repo, capsys):
    code, out, err = run(capsys)
    assert code == 0 and "no commits" in err


def test_no_secret_value_in_any_output_or_in_the_cache(repo, capsys, tmp_path):
    keys = [fake_key(), fake_key()]
    repo.commit({"bot.py": py(keys[0]), ".env": f"BINANCE_API_SECRET={keys[1]}\n"})
    repo.commit({"bot.py": "x = 1\n"})
    cache = tmp_path / "hc"
    outputs = []
    for fmt in ("full", "concise", "json", "sarif", "github"):
        code, out, err = run(capsys, "--format", fmt, "--cache-dir", str(cache))
        assert code == 1
        outputs += [out, err]
    outputs += [p.read_text() for p in cache.iterdir() if p.is_file()]
    assert any("history-" in p.name for p in cache.iterdir())
    for text in outputs:
        for key in keys:
            assert key not in text
            assert key[8:40] not in text


def test_the_repository_config_and_attributes_run_nothing_and_hide_nothing(repo, capsys, tmp_path):
    marker = tmp_path / "ran"
    script = tmp_path / "evil.sh"
    script.write_text(f"#!/bin/sh\necho ran >> '{marker}'\ncat \"$@\" 2>/dev/null\n")
    script.chmod(0o755)
    for k, v in (("core.pager", script), ("diff.external", script), ("core.fsmonitor", script),
                 ("log.showSignature", "true"), ("gpg.program", script), ("diff.evil.textconv", script),
                 ("diff.evil.command", script), ("core.bigFileThreshold", "1"), ("diff.noprefix", "true"),
                 ("color.ui", "always"), ("diff.relative", "true"), ("core.hooksPath", tmp_path)):
        repo.git("config", k, str(v))
    repo.write(".gitattributes", "*.py diff=evil\n.env -diff\n")
    adding = repo.commit({"bot.py": py(fake_key()), ".env": f"BINANCE_API_SECRET={fake_key()}\n"})
    if marker.exists():
        marker.unlink()  # the test's own git commit ran the fsmonitor: only botlint's git counts
    _, found, _ = run_json(capsys)
    assert sorted((f["path"], f["commit"]) for f in found) == [(".env", adding), ("bot.py", adding)]
    assert not marker.exists()


def test_content_lines_that_look_like_headers_are_not_headers(repo, capsys):
    body = "\n".join(["x = '''", "++ b/elsewhere.py", "diff --git a/x b/x", "@@ -1 +1 @@", "'''",
                      f'BINANCE_API_SECRET = "{fake_key()}"', ""])
    adding = repo.commit({"bot.py": body})
    _, found, _ = run_json(capsys)
    assert [(f["path"], f["line"], f["commit"]) for f in found] == [("bot.py", 6, adding)]


def test_odd_and_non_utf8_file_names(repo, capsys):
    if os.path.supports_unicode_filenames or os.name != "posix":
        pytest.skip("needs a POSIX file system with byte names")
    repo.write(b"caf\xff\tbot.py", py(fake_key()))
    repo.commit()
    code, out, _ = run(capsys, "--format", "concise")
    assert code == 1
    assert out.startswith("caf\\udcff\\tbot.py:3:22: commit ") and out.count("\n") == 1


def test_a_path_inside_the_tree_limits_the_scan(repo, capsys):
    repo.commit({"a/bot.py": py(fake_key()), "b/bot.py": py(fake_key())})
    _, found, _ = run_json(capsys, "a")
    assert [f["path"] for f in found] == ["a/bot.py"]
    _, found, _ = run_json(capsys, "b/bot.py")
    assert [f["path"] for f in found] == ["b/bot.py"]


def test_binary_and_undecodable_files_do_not_break_the_run(repo, capsys):
    repo.commit({"data.json": b"\x00\x01\x02" * 100, "bad.py": b"x = '\xff'\n"})
    key_commit = repo.commit({"bot.py": py(fake_key())})
    _, found, _ = run_json(capsys)
    assert [f["commit"] for f in found] == [key_commit]


def test_unquote_reads_gits_c_quoting():
    assert history.unquote(b'"caf\\303\\251\\t\\"x\\\\.py"') == 'café\t"x\\.py'.encode()
    assert history.unquote(b"plain name.py") == b"plain name.py"


def test_key_lines_added_inside_an_existing_triple_quoted_string_are_judged(repo, capsys):
    # the added lines hold no quote: the speed gate must see that they are inside a literal
    head, tail = 'PEM = """-----BEGIN EC PRIVATE KEY-----\n', '-----END EC PRIVATE KEY-----\n"""\n'
    repo.commit({"k.py": "import os\n" + head + tail})
    body = "".join(base64.b64encode(os.urandom(48)).decode() + "\n" for _ in range(8))
    adding = repo.commit({"k.py": "import os\n" + head + body + tail})
    _, found, _ = run_json(capsys)
    assert [(f["code"], f["commit"]) for f in found] == [("BOT104", adding)]


def test_added_lines_without_a_literal_are_not_parsed(repo, capsys, monkeypatch):
    repo.commit({"a.py": "import os\nNAME = 'BTC/USDT'\n\ndef f():\n    return 1\n"})
    repo.commit({"a.py": "import os\nNAME = 'BTC/USDT'\n\ndef f():\n    return 2  # changed\n"})
    calls = []
    real = history._Batch.add

    def add(self, patch, prepare):
        real(self, patch, prepare)
        calls.append(len(self.items))

    monkeypatch.setattr(history._Batch, "add", add)
    assert run(capsys)[0] == 0
    assert calls == [1, 1]  # the first commit's file is linted, the second commit's is not


def test_a_blob_over_the_hard_limit_is_noted_not_read(repo, capsys, monkeypatch):
    monkeypatch.setattr(history, "HARD_SIZE_LIMIT", 1000)
    repo.commit({"big.json": '{"a": "' + "x" * 5000 + '"}\n', "bot.py": py(fake_key())})
    code, found, err = run_json(capsys)
    assert [f["path"] for f in found] == ["bot.py"]
    assert "big.json" in err and "hard limit" in err


def test_a_commit_of_many_files_reports_each_key(repo, capsys):
    files = {f"pkg/m{i:03d}.py": f"X = {i}\n" for i in range(150)}
    files["pkg/m077.py"] = py(fake_key())
    files["conf/.env"] = f"BINANCE_API_SECRET={fake_key()}\n"
    adding = repo.commit(files)
    _, found, _ = run_json(capsys)
    assert sorted(f["path"] for f in found) == ["conf/.env", "pkg/m077.py"]
    assert {f["commit"] for f in found} == {adding}


def test_pathspecs_cover_every_kind_botlint_scans():
    import fnmatch

    names = ["a.py", "b/c.PYI", "x.env", ".env.local", "d/.envrc", "credentials", "id_rsa", "k.pem", "n.ipynb",
             "s.yaml", "t.toml", "u.json", "v.ini", "w.cfg", "z.properties", ".netrc"]
    pats = [p.split(")", 1)[1].replace("**/", "") for p in history.pathspecs("")]
    for name in names:
        assert history.file_kind(name) is not None
        base = name.rsplit("/", 1)[-1].lower()
        assert any(fnmatch.fnmatchcase(base, p.lower()) for p in pats), name


def test_a_key_added_by_the_merge_itself_is_reported_at_the_merge(repo, capsys):
    repo.commit({"a.py": "x = 1\n"})
    repo.git("checkout", "-q", "-b", "side")
    repo.commit({"b.py": "y = 2\n"})
    repo.git("checkout", "-q", "main")
    repo.commit({"c.py": "z = 3\n"})
    repo.git("merge", "-q", "--no-ff", "--no-commit", "side")
    repo.write("a.py", py(fake_key()))  # an "evil merge": the key is in neither parent
    merge = repo.commit(msg="merge")
    _, found, _ = run_json(capsys)
    assert [(f["path"], f["commit"]) for f in found] == [("a.py", merge)]


def test_output_options_are_those_of_check(repo, capsys, tmp_path):
    adding = repo.commit({"bot.py": py(fake_key())})
    out_file = tmp_path / "report.json"
    code, out, err = run(capsys, "--format", "json", "--exit-zero", "-q", "--output-file", str(out_file))
    assert (code, out, err) == (0, "", "")
    assert json.loads(out_file.read_text())["findings"][0]["commit"] == adding
    assert run(capsys, "--severity-level", "critical", "--ignore", "BOT101")[0] == 0
    code, out, _ = run(capsys, "--statistics")
    assert code == 1 and "BOT101" in out


def _mnemonic() -> str:
    import hashlib

    from botlint.secrets import shapes

    words = list(shapes.bip39_words())  # in index order
    entropy = os.urandom(16)
    bits = int.from_bytes(entropy, "big") << 4 | hashlib.sha256(entropy).digest()[0] >> 4
    return " ".join(words[(bits >> (11 * (11 - i))) & 0x7FF] for i in range(12))


def test_a_seed_phrase_added_in_a_comment_is_judged(repo, capsys):
    repo.commit({"w.py": "import os\n"})
    adding = repo.commit({"w.py": f"import os\n# restore wallet with: {_mnemonic()}\n"})
    _, found, _ = run_json(capsys)
    assert [(f["code"], f["commit"]) for f in found] == [("BOT103", adding)]
