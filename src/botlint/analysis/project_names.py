"""Which dotted names may be the project's own: not the standard library's nor a well-known
library's.  A leaf module without libcst: the data flow links only such names across modules,
and the engine's import pre-scan (``engine.prescan``, in the parent process) asks the same
question to know which of a module's names the data flow of another module can ever read."""
from __future__ import annotations

import sys

_STDLIB = frozenset(getattr(sys, "stdlib_module_names", ()) or (
    "os", "sys", "json", "logging", "re", "time", "datetime", "typing", "asyncio", "collections",
    "dataclasses", "pathlib", "functools", "itertools", "subprocess", "socket", "ssl", "hashlib",
    "hmac", "base64", "urllib", "http", "math", "random", "decimal", "enum", "abc", "io", "copy"))


# libraries bots import that are never a module of the project (a cheap filter: the engine
# would find no export for them anyway)
_EXTERNAL = frozenset("""requests httpx aiohttp urllib3 ccxt ccxtpro logging loguru structlog telegram aiogram
    telebot pyrogram discord discord_webhook dhooks slack_sdk apprise web3 eth_account solders solana pandas
    numpy binance pybit coinbase kucoin okx hyperliquid pydantic pydantic_settings attrs dotenv decouple yaml
    toml rich click typer fastapi flask django sqlalchemy redis websockets websocket sentry_sdk freqtrade
    hummingbot jesse talib ta""".split())


def is_project_name(qualified: str) -> bool:
    """A name that may come from the project: not the standard library's nor a well-known
    library's."""
    head = qualified.split(".", 1)[0]
    return head not in _STDLIB and head not in _EXTERNAL
