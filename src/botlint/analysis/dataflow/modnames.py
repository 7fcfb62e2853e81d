"""Module names across the link: which dotted names may be the project's, and the lookups of
a closure over ``{module -> facts}`` (a leaf module: the link, the reverse link and the rules
share it without an import cycle)."""
from __future__ import annotations

import sys
from typing import Any, Iterator, Mapping, Optional, Tuple

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



def arg_slots(call: Any) -> Iterator[Tuple[Any, Any]]:
    """``(slot, argument)`` for each argument of a libcst call but ``*args``/``**kw``: the slot
    is its position among the positional arguments, or ``"kw:name"`` (what :func:`_param_of`
    maps back to a parameter)."""
    pos = 0
    for a in call.args:
        if a.star:
            continue
        at: Any = pos if a.keyword is None else f"kw:{a.keyword.value}"
        if a.keyword is None:
            pos += 1
        yield at, a


def _param_of(arg: Any, fact: dict) -> Optional[int]:
    """The callee parameter an edge's argument lands in (methods skip ``self``)."""
    offset = 1 if fact.get("method") else 0
    if isinstance(arg, int):
        return arg + offset
    if isinstance(arg, str) and arg.startswith("kw:"):
        params = fact.get("params") or []
        return params.index(arg[3:]) if arg[3:] in params else None
    return None


def _split(qualified: str, modules: Mapping[str, dict]) -> Optional[Tuple[str, str]]:
    parts = qualified.split(".")
    for i in range(len(parts) - 1, 0, -1):
        m = ".".join(parts[:i])
        full = _full(m, modules)
        if full is not None:
            return full, ".".join(parts[i:])
    return None


def _full(name: str, modules: Mapping[str, dict]) -> Optional[str]:
    if name in modules:
        return name
    found = [m for m in modules if m.endswith("." + name)]
    return found[0] if len(found) == 1 else None
