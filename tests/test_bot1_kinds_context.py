"""Issue 11: kinds detect-secrets' plugin tests showed botlint missing, each judged by botlint's
own value policy.  Every value is generated here; none comes from another tool's tests.

* an Azure storage account key (64 random bytes, base64) a few lines from a mention of Azure;
* a Slack token whose ids are filler but whose secret part (the last) is random.
"""
from __future__ import annotations

import base64
import random
import string

import pytest

from botlint.engine import lint_source

from helpers import settings

RNG = random.Random("botlint-issue11-kinds")
HEX = "0123456789abcdef"


def _b64_key(n_bytes: int = 64) -> str:
    return base64.b64encode(bytes(RNG.randrange(256) for _ in range(n_bytes))).decode()


def _s(n: int, alphabet: str = string.ascii_letters + string.digits) -> str:
    return "".join(RNG.choice(alphabet) for _ in range(n))


def found(text: str, filename: str = "notes.txt"):
    return [(f.code, f.message) for f in lint_source(text, filename, settings(["BOT1"]))]


# -- Azure storage account keys ----------------------------------------------------------------

def _sql(key: str, gap: int) -> str:
    return ("-- load trades from the blob store\n"
            "CREATE DATABASE SCOPED CREDENTIAL AzureTradesBlob\n"
            "WITH IDENTITY = 'SHARED ACCESS SIGNATURE',\n"
            + "-- filler\n" * gap
            + f"'{key}';\n")


@pytest.mark.parametrize("text,filename", [
    (_sql(_b64_key(), 0), "load.sql"),
    (f"storage:\n  provider: azure\n  account_key: {_b64_key()}\n", "deploy.yml"),
    (f"[backup]\naccount = botbackups.blob.core.windows.net\nkey = {_b64_key()}\n", "backup.ini"),
    (f'{_b64_key()}\n^ the key of the AZURE account above\n', "notes.txt"),
])
def test_azure_key_near_a_mention_of_azure(text, filename):
    assert ("BOT109", ) == tuple(c for c, _m in found(text, filename))[:1]
    assert any("Azure storage account key" in m for _c, m in found(text, filename))


@pytest.mark.parametrize("text", [
    _sql(_b64_key(), 1),  # the mention is three lines away
    f"notes for the trading box\n\n{_b64_key()}\n",  # no mention at all (a Kraken-style value)
    f"azure pipeline cache\nresolution: {{integrity: sha512-{_b64_key()}}}\n",  # a package hash
    f"azure vm access\nssh-rsa {_b64_key()}\n",
    "azure account\n" + "A" * 86 + "==\n",  # filler
    "azure account\n" + ("AbCd" * 22)[:86] + "==\n",  # a pattern, not random bytes
])
def test_azure_shape_without_context_or_not_random(text):
    assert [c for c, _m in found(text)] == []


# -- Slack tokens: the last part is the secret ---------------------------------------------------

def test_slack_token_with_filler_ids_and_a_random_secret():
    token = f"xoxa-{'4' * 9}-{'7' * 11}-{'9' * 13}-{_s(18, HEX)}"
    assert [c for c, _m in found(f"slack = {token}\n")] == ["BOT109"]


@pytest.mark.parametrize("tail", ["x" * 24, "abcdefghijklmnopqrstuvwx", "0" * 24])
def test_slack_token_with_a_filler_secret(tail):
    assert found(f"slack = xoxb-{_s(10, string.digits)}-{_s(12, string.digits)}-{tail}\n") == []
