"""Bytes to text (issue 8, items 8 and 9): odd coding cookies, UTF-16/32, NUL bytes and
binary files.  Every failure is a BOT002 plus the secrets pass on the bytes read as UTF-8."""
from __future__ import annotations

import codecs

import pytest

from botlint import fakes
from botlint.engine import decode, lint_bytes

from helpers import settings

ENV = "# exchange\nAPI_SECRET={{fake:alnum64}}\n"
PY = 'API_SECRET = "{{fake:alnum64}}"\n'


def run(name, data, kind):
    res = lint_bytes(name, data, kind, settings())
    assert res.errors == []
    return res


def found(res):
    return [(f.code, f.line) for f in res.findings]


@pytest.mark.parametrize("cookie", ["undefined", "punycode", "idna"])
def test_cookies_whose_codec_raises_a_plain_unicode_error(cookie):
    body = fakes.expand(PY)
    if cookie == "idna":
        body += "host = a.xn--99999999.b\n"  # a label the idna codec cannot decode
    res = run("bot.py", f"# -*- coding: {cookie} -*-\n{body}".encode(), "python")
    assert ("BOT002", 1) in found(res)
    assert any(c.startswith("BOT1") and line == 2 for c, line in found(res))


@pytest.mark.parametrize("cookie", ["rot13", "zlib_codec", "base64", "hex", "uu", "bz2",
                                    "utf-16", "utf-32", "cp037"])
def test_a_cookie_never_transforms_the_file(cookie):
    res = run("bot.py", f"# coding: {cookie}\n{fakes.expand(PY)}".encode(), "python")
    assert ("BOT002", 1) in found(res)
    assert any(c.startswith("BOT1") and line == 2 for c, line in found(res))


def test_a_cookie_python_ignores_is_ignored():
    # line 1 is code, so Python ignores a cookie on line 2 (PEP 263); a cookie on line 3 never counts
    for head in ("import os\n# -*- coding: cp037 -*-\n", "#!/usr/bin/env python\n\n# coding: cp037\n"):
        res = run("bot.py", (head + fakes.expand(PY)).encode(), "python")
        assert "BOT002" not in [c for c, _ in found(res)]
        assert any(c.startswith("BOT1") for c, _ in found(res))


def test_a_cookie_on_line_two_after_a_comment_counts():
    text, err = decode(b"#!/usr/bin/env python\n# -*- coding: latin-1 -*-\nname = 'caf\xe9'\n", True)
    assert err is None and "caf\u00e9" in text


@pytest.mark.parametrize("codec, bom", [
    ("utf-16-le", codecs.BOM_UTF16_LE), ("utf-16-be", codecs.BOM_UTF16_BE),
    ("utf-32-le", codecs.BOM_UTF32_LE), ("utf-32-be", codecs.BOM_UTF32_BE),
    ("utf-8", codecs.BOM_UTF8),
])
def test_files_with_a_bom_are_decoded_by_it(codec, bom):
    data = bom + fakes.expand(ENV).encode(codec)
    res = run(".env", data, "config")
    assert ("BOT101", 2) in found(res)
    assert not res.notes


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_bom_is_text(codec):
    # PowerShell 5's `echo KEY=... > .env` and some editors write this
    res = run(".env", fakes.expand(ENV).encode(codec), "config")
    assert ("BOT101", 2) in found(res)


def test_one_nul_byte_does_not_hide_a_file():
    data = b"# \x00 stray\n" + fakes.expand(ENV).encode()
    res = run(".env", data, "config")
    assert ("BOT101", 3) in found(res)


@pytest.mark.parametrize("name, data", [
    ("logo.json", b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + bytes(range(256)) * 4),
    ("bundle.cfg", b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + b"API_SECRET=abc\x00" * 20),
    ("state.conf", b"SQLite format 3\x00" + b"\x10\x00\x01\x01" + b"\x00" * 200),
    ("mod.pyc", b"\xa7\r\r\n\x00\x00\x00\x00" + b"\xe3" + b"\x00" * 100),
    ("blob.py", b"\x00\x01\x02" * 100),
])
def test_real_binaries_are_still_skipped(name, data):
    res = run(name, data, "config")
    assert res.findings == [] and any("binary" in n for n in res.notes)


def test_text_with_an_occasional_nul_is_not_binary():
    from botlint.engine import is_binary

    assert not is_binary(b"a = 1\n" * 200 + b"\x00" + b"b = 2\n" * 200, ".env")
