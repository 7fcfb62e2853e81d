"""BOT403 outside Python: an exchange host's plain http:// or ws:// URL in a shell script (a
``curl`` of the venue's clock before the bot starts) or a config file (a REST base URL), which
the bot or the script connects to.  Prose (a README) and other hosts are not reported."""
from __future__ import annotations

import pytest

from botlint.engine import lint_source

from helpers import settings


def lines(text: str, filename: str):
    return [(f.location.line, f.code) for f in lint_source(text, filename, settings(["BOT403"]))]


@pytest.mark.parametrize("filename,text,want", [
    ("start.sh", "#!/bin/sh\nt=$(curl -s http://api.gateio.ws/api/v4/spot/time)\nexec python bot.py\n", [2]),
    ("deploy", "#!/usr/bin/env bash\nwscat -c ws://stream.binance.com:9443/ws/btcusdt@trade\n", [2]),
    ("config.yaml", "exchange:\n  name: binance\n  rest_url: http://api.binance.com\n", [3]),
    ("settings.json", '{"ws": "ws://ws.okx.com:8443/ws/v5/public", "rest": "https://www.okx.com"}\n', [1]),
    ("start.sh", "#!/bin/sh\ncurl -s https://api.gateio.ws/api/v4/spot/time\ncurl http://localhost:8080/health\n", []),
    ("config.yaml", "rpc: http://127.0.0.1:8545\nhomepage: http://example.com\n", []),
    ("README.md", "Test with `curl http://api.binance.com/api/v3/time`.\n", []),
])
def test_plain_exchange_urls_in_scripts_and_configs(filename, text, want):
    assert lines(text, filename) == [(n, "BOT403") for n in want]
