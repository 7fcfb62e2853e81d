from __future__ import annotations

import pytest

from botlint import fakes
from botlint.engine import lint_source

from helpers import settings

S = '"{{fake:alnum64}}"'


def found(src, **kw):
    kw.setdefault("select", ["BOT0", "BOT1"])
    return [f.code for f in lint_source(fakes.expand(src), settings=settings(**kw))]


@pytest.mark.parametrize("comment", [
    "# botlint: ignore[BOT101]",
    "# botlint: ignore[hardcoded-api-credential]",
    "# botlint: ignore[BOT1]",
    "# noqa: BOT101",
    "# noqa: E501, BOT101",
    "# pragma: allowlist secret",
])
def test_inline_suppressions(comment):
    assert found(f"API_SECRET = {S}  {comment}\n") == []


@pytest.mark.parametrize("comment", ["# noqa", "# botlint: ignore[BOT2]", "# noqa: BOT102", "# nosec"])
def test_blanket_or_other_codes_do_not_suppress(comment):
    assert found(f"API_SECRET = {S}  {comment}\n") == ["BOT101"]


def test_nextline_pragma():
    assert found(f"# pragma: allowlist nextline secret\nAPI_SECRET = {S}\n") == []


def test_first_or_last_line_of_multiline_statement():
    body = f'ex = ccxt.binance({{\n    "apiKey": {S},\n    "secret": {S},\n}})'
    assert found(body + "  # botlint: ignore[BOT101]\n") == []
    assert found(body.replace("({", "({  # botlint: ignore[BOT101]", 1) + "\n") == []
    assert found(body + "\n") == ["BOT101", "BOT101"]


def test_pragma_only_covers_secrets():
    src = f"API_SECRET = {S}  # pragma: allowlist secret\ndef f(:\n"
    assert found(src) == ["BOT001"]


def test_ignore_noqa_for_vetting():
    assert found(f"API_SECRET = {S}  # noqa: BOT101\n", ignore_noqa=True) == ["BOT101"]


def test_configured_allowlist_markers():
    s = settings(["BOT1"])
    s.secrets.allowlist_markers = ["noqa: mock"]
    src = fakes.expand(f"API_SECRET = {S}  # noqa: mock\n")
    assert lint_source(src, settings=s) == []


def test_suppression_in_env_file():
    src = fakes.expand("BINANCE_API_SECRET={{fake:alnum64}}  # pragma: allowlist secret\n")
    assert lint_source(src, ".env", settings(["BOT1"])) == []


def test_findings_reported_after_the_walk_honour_statement_suppressions():
    src = ('import ccxt\nex = ccxt.binance({"apiKey": k, "secret": s})\n'
           'ex.withdraw(\n    "USDT", 10, addr,\n)  # botlint: ignore[BOT301]\n')
    assert "BOT301" not in [f.code for f in lint_source(src, settings=settings(["BOT3"]))]
    assert "BOT301" in [f.code for f in lint_source(src.replace("  # botlint: ignore[BOT301]", ""),
                                                        settings=settings(["BOT3"]))]


# -- one line splitter (issue 8, item 5): characters str.splitlines() breaks on, in a comment --

ODD_BREAKS = ["\f", "\v", "\x1c", "\x85", "\u2028"]


def _lint(src, **kw):
    kw.setdefault("select", ["BOT0", "BOT1"])
    return lint_source(fakes.expand(src), settings=settings(**kw))


@pytest.mark.parametrize("sep", ODD_BREAKS, ids=repr)
def test_code_frame_after_an_odd_break_shows_the_secrets_line_masked(sep):
    findings = _lint(f"# note{sep}more\nx = 1\nAPI_SECRET = {S}\n")
    assert [(f.code, f.line) for f in findings] == [("BOT101", 3)]
    f = findings[0]
    assert f.snippet.startswith("API_SECRET = ")
    masked = f.snippet[f.column - 1:f.location.end_column - 1]
    assert masked and set(masked) == {"*"}, f.snippet


@pytest.mark.parametrize("sep", ODD_BREAKS, ids=repr)
def test_noqa_after_an_odd_break_applies_to_its_own_line(sep):
    assert _lint(f"# note{sep}more\nAPI_SECRET = {S}  # noqa: BOT101\n") == []


@pytest.mark.parametrize("sep", ODD_BREAKS, ids=repr)
def test_nextline_pragma_after_an_odd_break_hides_only_the_next_line(sep):
    src = (f"# note{sep}more\n# pragma: allowlist nextline secret\n"
           f"API_SECRET = {S}\nOTHER_API_SECRET = {S}\n")
    assert [(f.code, f.line) for f in _lint(src)] == [("BOT101", 4)]


def test_cr_only_config_file_lines():
    src = "# settings\rDEBUG=1\rAPI_SECRET={{fake:alnum64}}\r"
    found = lint_source(fakes.expand(src), ".env", settings=settings(select=["BOT1"]))
    assert [(f.code, f.line) for f in found] == [("BOT101", 3)]
    assert found[0].snippet.startswith("API_SECRET=")
