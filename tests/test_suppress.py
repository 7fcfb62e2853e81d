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
