"""The cache (issue 8, item 11): a tampered or broken cache file is a miss, a failed save
leaves nothing behind, and secret hashes are keyed with a key that stays on the machine."""
from __future__ import annotations

import hashlib
import json
import os
import stat

import pytest

from botlint import fakes, hashkey
from botlint.cache import Cache
from botlint.cli import main
from botlint.model import secret_digest

BOT = 'API_SECRET = "{{fake:alnum64}}"\nTG = "{{fake:telegram}}"\n'


@pytest.fixture(autouse=True)
def _fresh_key(monkeypatch):
    monkeypatch.delenv("BOTLINT_HASH_KEY", raising=False)
    hashkey.forget()
    yield
    hashkey.forget()


def _run(tree, cache, capsys):
    rc = main(["--format", "json", "--cache-dir", str(cache), str(tree)])
    out, err = capsys.readouterr()
    return rc, out, err


def _tree(tmp_path):
    tree = tmp_path / "bot"
    tree.mkdir()
    (tree / "bot.py").write_text(fakes.expand(BOT))
    return tree


def _cache_file(cache):
    (name,) = [n for n in os.listdir(cache) if n.startswith("cache-")]
    return cache / name


def _mutate_rows(path, fn):
    data = json.loads(path.read_text())
    for entry in data["files"].values():
        entry["f"] = [fn(list(r)) for r in entry["f"]]
    path.write_text(json.dumps(data))


def _set(i, v):
    def fn(row):
        row[i] = v
        return row
    return fn


@pytest.mark.parametrize("tamper", [
    lambda p: p.write_text(p.read_text()[: len(p.read_text()) // 2]),  # truncated JSON
    lambda p: p.write_text("[" * 100_000 + "]" * 100_000),  # nested too deep for json
    lambda p: p.write_bytes(b"\xff\xfe garbage"),
    lambda p: p.write_text(json.dumps({"version": "0.1.0", "files": []})),
    lambda p: p.write_text(json.dumps({"version": "0.1.0", "files": {"k": "v"}})),
    lambda p: _mutate_rows(p, _set(0, "BOT999")),  # unknown rule code
    lambda p: _mutate_rows(p, _set(12, 5)),  # a non-string snippet
    lambda p: _mutate_rows(p, _set(3, "1")),  # a string line number
    lambda p: _mutate_rows(p, _set(7, 99)),  # no such severity
    lambda p: _mutate_rows(p, _set(11, None)),  # suppress lines
    lambda p: _mutate_rows(p, lambda row: row[:5]),  # short row
], ids=["truncated", "deep", "binary", "files-list", "entry-str", "unknown-code", "snippet-int",
        "line-str", "severity", "suppress-none", "short-row"])
def test_a_tampered_cache_is_a_miss(tmp_path, capsys, tamper):
    tree, cache = _tree(tmp_path), tmp_path / "cache"
    fresh = _run(tree, cache, capsys)
    assert fresh[0] == 1
    tamper(_cache_file(cache))
    again = _run(tree, cache, capsys)
    assert again == fresh


def test_a_failed_save_leaves_no_temporary_file(tmp_path, monkeypatch):
    import botlint.cache as cache_mod

    def full_disk(*a, **k):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(cache_mod.json, "dump", full_disk)
    c = Cache(str(tmp_path / "cache-x.json"), "x")
    c.entries["k"] = {"p": "", "f": [], "n": []}
    c.dirty = True
    c.save()
    assert os.listdir(tmp_path) == []


def test_the_cache_holds_no_secret_value(tmp_path, capsys):
    tree, cache = _tree(tmp_path), tmp_path / "cache"
    _run(tree, cache, capsys)
    blob = _cache_file(cache).read_text()
    text = (tree / "bot.py").read_text()
    for value in (text.split('"')[1], text.split('"')[3]):
        assert value not in blob
        assert hashlib.sha256(value.encode()).hexdigest()[:16] not in blob


def test_secret_hashes_are_keyed_by_the_environment_key(monkeypatch):
    value = "correct horse battery staple"
    monkeypatch.setenv("BOTLINT_HASH_KEY", "one")
    a = secret_digest(value)
    hashkey.forget()
    monkeypatch.setenv("BOTLINT_HASH_KEY", "two")
    b = secret_digest(value)
    assert a != b
    assert hashlib.sha256(value.encode()).hexdigest()[:16] not in (a, b)


def test_the_key_file_is_private_and_reused(tmp_path, monkeypatch):
    monkeypatch.setenv("BOTLINT_CACHE_DIR", str(tmp_path / "c"))
    first = secret_digest("hunter2")
    path = tmp_path / "c" / hashkey.KEY_FILE
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert (tmp_path / "c" / ".gitignore").read_text().endswith("*\n")
    hashkey.forget()  # a later run reads the same key
    assert secret_digest("hunter2") == first


def test_no_writable_directory_means_a_per_process_key(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("")
    monkeypatch.setenv("BOTLINT_CACHE_DIR", str(blocker / "sub"))  # cannot be created
    assert len(secret_digest("hunter2")) == 16
    assert not (blocker / "sub").exists()


def _mutate_entries(path, fn):
    data = json.loads(path.read_text())
    for entry in data["files"].values():
        fn(entry)
    path.write_text(json.dumps(data))


def test_exports_and_wants_round_trip_and_a_tampered_link_entry_is_a_miss(tmp_path):
    from botlint.model import FileResult

    cache = Cache(str(tmp_path / "c.json"), "k")
    result = FileResult([], ["note"], [], {"dataflow": {"send": {"param": 0}}}, ("bot.log.log_it",))
    cache.put("a", result)
    got = cache.get("a")
    assert got is not None and got.exports == result.exports and got.wants == result.wants
    cache.entries["b"] = dict(cache.entries["a"], x=["not", "a", "dict"])
    cache.entries["c"] = dict(cache.entries["a"], w="bot.log")
    assert cache.get("b") is None and cache.get("c") is None
    key = cache.key("bot.py", "python", b"x = 1\n", "bot")
    assert key != cache.key("bot.py", "python", b"x = 1\n", "pkg.bot")  # the module name is input
    assert cache.linked_key(key, '{"a":1}') != cache.linked_key(key, '{"a":2}')


def test_the_cache_format_is_part_of_the_file_name(tmp_path, monkeypatch):
    import botlint.cache as cache_module
    from botlint.config import resolve

    first = Cache.open(resolve(None), str(tmp_path)).path
    monkeypatch.setattr(cache_module, "FORMAT", cache_module.FORMAT + 1)
    assert Cache.open(resolve(None), str(tmp_path)).path != first
