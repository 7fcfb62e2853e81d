"""Bad input gets a finding or a note and the run goes on; the pool equals a serial run; the
cache is used, holds no secret and lives outside the tree."""
from __future__ import annotations

import os

import pytest

from botlint import fakes
from botlint.engine import lint_paths, lint_source

from helpers import settings

SECRET_LINE = 'API_SECRET = "{{fake:alnum64}}"\n'


def codes(findings):
    return sorted({f.code for f in findings})


def test_syntax_error_still_gets_secrets_pass():
    src = fakes.expand("def broken(:\n    pass\n" + SECRET_LINE.replace("API_SECRET = ", "x = API_SECRET + "))
    src += fakes.expand('TELEGRAM = "{{fake:telegram}}"\n')
    found = lint_source(src)
    assert codes(found) == ["BOT001", "BOT105"]
    (err,) = [f for f in found if f.code == "BOT001"]
    assert err.line == 1


def test_python2_file_is_named_as_such():
    (f,) = lint_source('print "hello"\nexcept Exception, e:\n')
    assert f.code == "BOT001" and "Python 2" in f.message


def test_non_utf8_file_reports_and_scans():
    data = b'name = "caf\xe9"\n' + fakes.expand(SECRET_LINE).encode()
    found = lint_source(data)
    assert codes(found) == ["BOT002", "BOT101"]


def test_declared_encoding_is_honoured():
    data = b"# -*- coding: latin-1 -*-\nname = 'caf\xe9'\n"
    assert lint_source(data) == []


@pytest.mark.parametrize("src", [
    "x = " + "[" * 1000 + "]" * 1000 + "\n",
    "x = " + "(" * 5000 + "1" + ")" * 5000 + "\n",
    "x = " + "-" * 20000 + "1\n",
    "x = " + "1 if y else " * 3000 + "1\n",
    "x = " + "{1:" * 3000 + "1" + "}" * 3000 + "\n",
])
def test_deep_nesting_never_crashes(src):
    found = lint_source(src + fakes.expand(SECRET_LINE))
    # BOT004: the file was too deep to parse at all; BOT006: the deep statement was cut out
    # for libcst and the rest analysed; never a silent pass
    assert {"BOT004", "BOT006"} & set(codes(found)) and "BOT101" in codes(found)


def test_empty_and_whitespace_files():
    assert lint_source("") == []
    assert lint_source("\n\n   \n") == []


def test_huge_file_is_reported_and_scanned():
    s = settings(max_file_size=100)
    found = lint_source("x = 1\n" * 50 + fakes.expand(SECRET_LINE), settings=s)
    assert codes(found) == ["BOT003", "BOT101"]


def test_minified_one_line_file():
    src = ";".join(f"v{i} = {i}" for i in range(20000)) + "\n"
    assert lint_source(src) == []


def test_binary_file_is_skipped_with_note(tmp_path):
    (tmp_path / "blob.py").write_bytes(b"\x00\x01\x02" * 100)
    res = lint_paths([str(tmp_path)], settings(), use_cache=False)
    assert res.findings == [] and any("binary" in n for n in res.notes)


def test_unreadable_file(tmp_path, monkeypatch):
    p = tmp_path / "secret.py"
    p.write_text("x = 1\n")
    real_open = open

    def fake_open(path, *a, **kw):
        if str(path) == str(p):
            raise PermissionError(13, "Permission denied")
        return real_open(path, *a, **kw)

    monkeypatch.setattr("builtins.open", fake_open)
    res = lint_paths([str(tmp_path)], settings(), use_cache=False)
    (f,) = res.findings
    assert f.code == "BOT005" and "Permission denied" in f.message


def test_symlink_loops_and_links_out_of_tree(tmp_path):
    tree = tmp_path / "tree"
    (tree / "a").mkdir(parents=True)
    (tree / "a" / "loop").symlink_to(tree, target_is_directory=True)
    outside = tmp_path / "outside.py"
    outside.write_text(fakes.expand(SECRET_LINE))
    (tree / "evil.py").symlink_to(outside)
    (tree / "dangling.py").symlink_to(tmp_path / "missing.py")
    (tree / "ok.py").write_text("x = 1\n")
    res = lint_paths([str(tree)], settings(), use_cache=False)
    assert res.findings == []
    assert res.files == 1
    assert any("out of the scanned tree" in n for n in res.notes)
    assert any("broken symlink" in n for n in res.notes)


def test_skips_vendored_dirs(tmp_path):
    for d in (".git", ".venv", "node_modules", "__pycache__", "build", "dist", "site-packages", "myenv"):
        (tmp_path / d).mkdir()
        (tmp_path / d / "leak.py").write_text(fakes.expand(SECRET_LINE))
    (tmp_path / "myenv" / "pyvenv.cfg").write_text("home = /usr\n")
    res = lint_paths([str(tmp_path)], settings(), use_cache=False)
    assert res.findings == [] and res.files == 0


def _tree(tmp_path, n=40):
    for i in range(n):
        sub = tmp_path / f"pkg{i % 4}"
        sub.mkdir(exist_ok=True)
        body = "import os\n" + "def f%d(x):\n    return x + 1\n" % i * 50
        if i % 3 == 0:
            body += fakes.expand(SECRET_LINE, seed=i)
        (sub / f"mod{i}.py").write_text(body)
    (tmp_path / ".env").write_text(fakes.expand("BINANCE_API_KEY={{fake:alnum64}}\n"))


def test_pool_output_equals_serial(tmp_path):
    _tree(tmp_path)
    serial = lint_paths([str(tmp_path)], settings(), jobs=1, use_cache=False)
    pooled = lint_paths([str(tmp_path)], settings(), jobs=2, use_cache=False)
    assert [f.to_dict() for f in serial.findings] == [f.to_dict() for f in pooled.findings]
    assert len(serial.findings) == 15


def test_cache_reuses_results_and_holds_no_secret(tmp_path):
    tree = tmp_path / "tree"
    tree.mkdir()
    _tree(tree)
    cache = tmp_path / "cache"
    first = lint_paths([str(tree)], settings(), cache_dir=str(cache))
    second = lint_paths([str(tree)], settings(), cache_dir=str(cache))
    assert second.cached == second.files == first.files
    assert [f.to_dict() for f in first.findings] == [f.to_dict() for f in second.findings]
    blob = "".join((cache / n).read_text() for n in os.listdir(cache))
    for i in range(40):
        assert fakes.expand('"{{fake:alnum64}}"', seed=i).strip('"') not in blob
    assert not any(n.startswith(".botlint") for n in os.listdir(tree))
    # an edit invalidates only that file
    (tree / "pkg0" / "mod0.py").write_text("x = 1\n")
    third = lint_paths([str(tree)], settings(), cache_dir=str(cache))
    assert third.cached == third.files - 1 and len(third.findings) == len(first.findings) - 1


def test_findings_in_tests_are_lowered_not_dropped(tmp_path):
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "test_x.py").write_text(fakes.expand(SECRET_LINE))
    (tmp_path / "bot.py").write_text(fakes.expand(SECRET_LINE))
    res = lint_paths([str(tmp_path)], settings(), use_cache=False)
    by_path = {f.path.rsplit("/", 1)[-1]: f for f in res.findings}
    assert by_path["bot.py"].severity.label == "critical"
    assert by_path["test_x.py"].severity.label == "high" and by_path["test_x.py"].code == "BOT101"


def test_paths_are_shown_as_given(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "bot.py").write_text(fakes.expand(SECRET_LINE))
    assert [f.path for f in lint_paths(["src"], settings(), use_cache=False).findings] == ["src/bot.py"]
    assert [f.path for f in lint_paths(["./src/"], settings(), use_cache=False).findings] == ["src/bot.py"]
    absolute = str(tmp_path / "src")
    assert lint_paths([absolute], settings(), use_cache=False).findings[0].path == absolute + "/bot.py"


def test_a_crashing_rule_costs_neither_the_secrets_pass_nor_the_run(tmp_path, monkeypatch, capsys):
    from botlint.cli import main
    from botlint.rules.bot1_credentials import HardcodedApiCredential

    def boom(self, node):
        raise ValueError("rule bug")

    monkeypatch.setattr(HardcodedApiCredential, "visit_Assign", boom)
    (tmp_path / "bot.py").write_text(fakes.expand('API_SECRET = "{{fake:alnum64}}"\nTG = "{{fake:telegram}}"\n'))
    rc = main(["--no-cache", "--format", "concise", "--select", "BOT1", str(tmp_path)])
    out, err = capsys.readouterr()
    assert rc == 2
    assert "BOT105" in out  # the secrets pass still ran
    # the type and where it was raised, never the exception's text (it can quote source)
    assert "internal error in the rules (ValueError at botlint/" in err
    assert "rule bug" not in err
