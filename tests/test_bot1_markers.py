"""Issue 9: BOT1 on made-up credentials in real bot code.

* an author's marker: a comment calling the value a dummy / mock / fake / example one, on its
  line or right above (hummingbot's ``# noqa: mock``, ``# dummy 64-byte base58 encoded key``),
  hides the finding, except under ``--ignore-noqa``;
* a bare UUID bound to a credential name in a test file is fixture data (a record id, a mocked
  session token); outside tests it is still an OKX/KuCoin-style key;
* a 32-byte url-safe base64 ``KEY`` is labelled an encryption key, not an API key.

Every value is generated here, at test time.
"""
from __future__ import annotations

import base64
import random
import string

import pytest

from botlint import fakes
from botlint.engine import lint_source
from botlint.secrets import markers

from helpers import settings

RNG = random.Random("botlint-issue9")


def _alnum(n: int) -> str:
    return "".join(RNG.choice(string.ascii_letters + string.digits) for _ in range(n))


def _hex(n: int) -> str:
    return "".join(RNG.choice("0123456789abcdef") for _ in range(n))


def _uuid() -> str:
    return "-".join(_hex(n) for n in (8, 4, 4, 4, 12))


def _fernet() -> str:
    while True:
        key = base64.urlsafe_b64encode(bytes(RNG.randrange(256) for _ in range(32))).decode()
        if "-" in key or "_" in key:
            return key


SECRET = _alnum(64)
HEX_SECRET = _hex(64)


def found(src: str, filename: str = "bot.py", ignore_noqa: bool = False):
    return [f for f in lint_source(src, filename, settings(["BOT1"], ignore_noqa=ignore_noqa))]


def codes(src: str, filename: str = "bot.py", ignore_noqa: bool = False):
    return [f.code for f in found(src, filename, ignore_noqa)]


# -- an author's marker ------------------------------------------------------------------------

CONNECTOR = (
    "def _build_connector_without_private_keys():\n"
    "    return Exchange(\n"
    '        exchange_api_key="",\n'
    '        exchange_api_secret="{value}",{comment}\n'
    "        trading_pairs=[],\n"
    "    )\n"
)


@pytest.mark.parametrize("comment", [
    "  # noqa: mock",
    "  # dummy",
    "  # dummy 64-byte hex encoded key",
    "  # mock value",
    "  # fake",
    "  # this is just a fake key",
    "  # placeholder",
    "  # not a real key",
    "  # example key",
    "  # sample",
    "  # test secret",
    "  # test only",
    "  # (dummy)",
])
def test_same_line_marker_hides_the_value(comment):
    src = CONNECTOR.format(value=HEX_SECRET, comment=comment)
    assert codes(src) == []
    assert codes(src, ignore_noqa=True) == ["BOT101"]  # an audit still sees it


@pytest.mark.parametrize("comment", [
    "",
    "  # test the login flow with this key",
    "  # sample rate is set below",
    "  # TODO: replace with a mock before release",
    "  # the exchange rejects dummy keys so this must be the production key we use",
    "  # real key, rotate monthly",
    "  # mocking the order book needs a live key",
    "  # noqa: E501",
    "  # example",  # on the wrong line: see the statement below
])
def test_other_comments_keep_the_finding(comment):
    src = CONNECTOR.format(value=HEX_SECRET, comment="" if comment == "  # example" else comment)
    if comment == "  # example":
        src = src.replace("trading_pairs=[],", "trading_pairs=[],  # example")
    assert codes(src) == ["BOT101"]


def test_marker_on_the_comment_line_right_above():
    assert codes(f'# dummy credentials for the paper connector\nAPI_SECRET = "{SECRET}"\n') == []
    assert codes(f'    # fake key\n    API_SECRET = "{SECRET}"\n'.replace("    ", "")) == []
    # not right above, or above but not a comment-only line
    assert codes(f'# dummy credentials\n\nAPI_SECRET = "{SECRET}"\n') == ["BOT101"]
    assert codes(f'x = 1  # dummy\nAPI_SECRET = "{SECRET}"\n') == ["BOT101"]


def test_marker_on_a_solana_keypair():
    keypair = fakes.fake("solana", 9)
    src = ("return Derivative(\n"
           '    agent_wallet_public_key="dummy_public_key",\n'
           f'    agent_wallet_private_key="{keypair}",  # dummy 64-byte base58 encoded key\n'
           ")\n")
    assert codes(src) == []
    assert codes(src, ignore_noqa=True) == ["BOT102"]
    assert codes(src.replace("  # dummy 64-byte base58 encoded key", "")) == ["BOT102"]


def test_marker_covers_every_secret_on_its_line():
    src = f'import ccxt\nex = ccxt.binance({{"apiKey": "{SECRET}", "secret": "{SECRET}"}})  # mock\n'
    assert codes(src) == []


def test_marker_in_config_files():
    assert codes(f'exchange:\n  secret: "{SECRET}"  # dummy\n', "config.yml") == []
    assert codes(f'exchange:\n  secret: "{SECRET}"\n', "config.yml") == ["BOT101"]
    assert codes(f"# example values\nBINANCE_API_SECRET={SECRET}\n", ".env") == []
    assert codes(f"BINANCE_API_SECRET={SECRET}\n", ".env") == ["BOT101"]
    assert codes(f"BINANCE_API_SECRET={SECRET}#fake\n", ".env") == ["BOT101"]  # part of the value


@pytest.mark.parametrize("line,comment", [
    ('x = "a # dummy"', None),
    ("x = 'it''s' # mock", " mock"),
    ('url = "https://host/path"  // fake', " fake"),
    ('url = "https://host//x"', None),
    ("; dummy", " dummy"),
    ('x = "a\\" # q"  # fake', " fake"),
    ("API_SECRET=Kq2#fake9", None),  # a "#" inside an unquoted .env value
])
def test_comment_of(line, comment):
    assert markers.comment_of(line) == comment


# -- UUIDs in tests ------------------------------------------------------------------------------

@pytest.mark.parametrize("path", ["tests/test_live_sessions.py", "pkg/connector/test_support/oms_test_base.py",
                                  "pkg/tests/helpers.py"])
def test_uuid_in_a_test_file_is_fixture_data(path):
    src = (f'BYBIT_KEY = "{_uuid()}"\nSPOT_KEY = "{_uuid()}"\n'
           f'def auth_response():\n    return {{"Authenticated": True, "SessionToken": "{_uuid()}"}}\n')
    assert codes(src, path) == []
    # a key of any other shape in the same test file is still reported (at a lower severity)
    assert codes(f'BYBIT_API_SECRET = "{SECRET}"\n', path) == ["BOT101"]


def test_uuid_outside_tests_is_still_a_key():
    src = f'OKX_API_KEY = "{_uuid()}"\nBYBIT_KEY = "{_uuid()}"\nauth = {{"SessionToken": "{_uuid()}"}}\n'
    assert codes(src, "bot/config.py") == ["BOT101", "BOT101", "BOT108"]


def test_uuid_in_test_config_files():
    text = f'{{"exchange": {{"key": "{_uuid()}", "secret": "{_uuid()}"}}}}\n'
    assert codes(text, "tests/testdata/config.json") == []
    assert codes(text, "user_data/config.json") == ["BOT101", "BOT101"]


# -- a Fernet key's label -------------------------------------------------------------------------

def test_fernet_key_is_labelled_an_encryption_key():
    [f] = found(f"OCTOBOT_KEY = b'{_fernet()}'\n")
    assert f.code == "BOT101" and "encryption key" in f.message
    [f] = found(f"BINANCE_API_SECRET = '{_fernet()}'\n")  # an exchange name keeps its label
    assert "API secret" in f.message
