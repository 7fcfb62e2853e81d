"""BOT2: up to eight characters of an API key *id* are a mask bots print to tell keys apart; the
same prefix of a secret, passphrase or private key is part of the secret and still a leak."""
from __future__ import annotations

import pytest

from botlint.engine import lint_source

from helpers import settings


def codes(src: str):
    return [(f.line, f.code) for f in lint_source(src, "bot.py", settings(["BOT2"]))]


CCXT_HEAD = (
    "import ccxt, click, logging, os\n"
    "log = logging.getLogger('bot')\n"
    "ex = ccxt.kraken({'apiKey': os.environ['KRAKEN_KEY'], 'secret': os.environ['KRAKEN_SECRET']})\n"
)
ENV_HEAD = (
    "import logging, os\n"
    "log = logging.getLogger('bot')\n"
    "API_KEY = os.environ['BYBIT_API_KEY']\n"
    "ACCESS_KEY = os.getenv('GATE_ACCESS_KEY')\n"
    "API_SECRET = os.environ['BYBIT_API_SECRET']\n"
    "SECRET_KEY = os.environ['OKX_SECRET_KEY']\n"
    "PASSPHRASE = os.environ['OKX_PASSPHRASE']\n"
    "PRIVATE_KEY = os.environ['WALLET_PRIVATE_KEY']\n"
)


@pytest.mark.parametrize("line", [
    "click.echo(f'key id {ex.apiKey[:8]}...')",
    "log.info('using key %s', ex.apiKey[:7])",
    "print('key', ex.apiKey[-8:])",
])
def test_a_key_id_prefix_of_a_client_is_quiet(line):
    assert codes(CCXT_HEAD + line + "\n") == []


@pytest.mark.parametrize("line", [
    "log.info('key %s', ex.secret[:8])",
    "click.echo(ex.secret[-7:])",
    "log.info('key %s', ex.apiKey[:12])",
    "log.info('key %s', ex.apiKey)",
])
def test_a_secret_prefix_or_a_long_key_prefix_of_a_client_is_a_leak(line):
    assert codes(CCXT_HEAD + line + "\n") == [(4, "BOT201")]


@pytest.mark.parametrize("expr", ["API_KEY[:8]", "ACCESS_KEY[:8]", "API_KEY[-8:]", "f'{API_KEY[:8]}***'"])
def test_a_key_id_prefix_from_the_environment_is_quiet(expr):
    assert codes(ENV_HEAD + f"log.info('key %s', {expr})\n") == []


@pytest.mark.parametrize("expr", ["API_SECRET[:8]", "SECRET_KEY[:8]", "PASSPHRASE[:7]", "PRIVATE_KEY[:8]",
                                  "API_KEY[:9]", "API_KEY[2:12]"])
def test_a_secret_prefix_from_the_environment_is_a_leak(expr):
    assert codes(ENV_HEAD + f"log.info('key %s', {expr})\n") == [(9, "BOT201")]
