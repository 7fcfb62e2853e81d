"""BOT1 round 14: Telegram's MTProto ``api_hash`` (Telethon, Pyrogram) is a credential, and a
command line held in a YAML value (docker-compose's ``command: redis-server --requirepass
...``) is judged option by option.  Values are generated per run."""
from __future__ import annotations

import random
import string

import pytest

from botlint.engine import lint_source

from helpers import settings

_rng = random.Random()


def _hex(n: int) -> str:
    return "".join(_rng.choice("0123456789abcdef") for _ in range(n))


def _pw(n: int = 16) -> str:
    return "".join(_rng.choice(string.ascii_letters + string.digits) for _ in range(n))


def found(text: str, filename: str):
    return [(f.line, f.code) for f in lint_source(text, filename, settings(["BOT1"]))]


@pytest.mark.parametrize("text, filename, line", [
    (f'from telethon import TelegramClient\nAPI_ID = 2849301\nAPI_HASH = "{_hex(32)}"\n', "bot.py", 3),
    (f'client = Client("bot", api_id=2849301, api_hash="{_hex(32)}")\n', "bot.py", 1),
    (f'{{"telegram": {{"api_id": 2849301, "api_hash": "{_hex(32)}"}}}}\n', "config.json", 1),
    (f"TELEGRAM_API_ID=2849301\nTELEGRAM_API_HASH={_hex(32)}\n", ".env", 2),
])
def test_a_telegram_api_hash_is_a_service_credential(text, filename, line):
    assert found(text, filename) == [(line, "BOT109")]


@pytest.mark.parametrize("text, filename", [
    ('API_HASH = os.environ["TELEGRAM_API_HASH"]\n', "bot.py"),
    ('api_hash = "your_api_hash_here"\n', "bot.py"),
    ("TELEGRAM_API_HASH=\n", ".env.example"),
    (f'file_hash = "{_hex(32)}"\n', "bot.py"),  # a checksum, not the app credential
    ('{"telegram": {"api_hash": "${TELEGRAM_API_HASH}"}}\n', "config.json"),
])
def test_not_a_telegram_api_hash(text, filename):
    assert found(text, filename) == []


def test_a_command_line_in_a_compose_file_is_judged_option_by_option():
    pw = _pw()
    text = ("services:\n  redis:\n    image: redis:7\n"
            f"    command: redis-server --appendonly yes --requirepass {pw}\n"
            "  cache:\n    image: redis:7\n    command: redis-server --requirepass ${REDIS_PASSWORD}\n"
            "  bot:\n    command: python -m bot --log-level debug --config /run/config.json\n")
    assert found(text, "docker-compose.yml") == [(4, "BOT108")]
