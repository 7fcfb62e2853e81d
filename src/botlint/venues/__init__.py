"""The venue registry: what botlint knows about exchanges and native exchange SDKs, as data.

``catalog.py`` holds the records (``Venue``, ``Sdk`` from ``model.py``); ``ccxt.py`` the
generated ccxt tables; ``vocab.py`` the credential keys, sandbox switches and HTTP methods every
family shares.  Rules and analyses ask the lookups below instead of keeping their own tables.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Dict, FrozenSet, Mapping, Optional, Tuple

from .catalog import SDKS, VENUES
from .ccxt import CcxtTables, Endpoint, has_sandbox, permission_hint, tables
from .model import Sdk, Venue

__all__ = [
    "VENUES", "SDKS", "Venue", "Sdk", "CcxtTables", "Endpoint", "tables", "permission_hint", "has_sandbox",
    "venue", "venue_of_exchange", "venue_of_host", "sdk", "sdk_for_class", "sdk_by_head", "exchange_domains",
    "test_domains", "exchange_words", "extra_fund_paths", "permission_paths", "sdk_fund_methods",
    "distinctive_fund_methods", "sdk_permission_methods", "sdk_module_heads", "sdk_client_classes", "sdk_class_names",
    "sdk_method_category",
    "name_looks_like_exchange", "imports_exchange_sdk", "GENERIC_EXCHANGE_WORDS", "SDK_GENERIC",
]

_BY_ID: Dict[str, Venue] = {v.id: v for v in VENUES}
_SDK_BY_ID: Dict[str, Sdk] = {s.id: s for s in SDKS}
# words that mean "an exchange" whatever the venue
GENERIC_EXCHANGE_WORDS = frozenset({"exchange", "ccxt", "cex", "broker"})


def venue(venue_id: Optional[str]) -> Optional[Venue]:
    return _BY_ID.get(venue_id or "")


@lru_cache(maxsize=512)
def venue_of_exchange(exchange: Optional[str]) -> Optional[Venue]:
    """The venue of a ccxt id (``binanceusdm`` -> binance, ``myokx`` -> okx)."""
    if not exchange:
        return None
    for v in VENUES:
        if exchange == v.id or exchange in v.ccxt_ids:
            return v
    for v in VENUES:  # a family member ccxt added later (binanceXYZ)
        if v.ccxt_ids and exchange.startswith(v.id):
            return v
    return None


@lru_cache(maxsize=1024)
def venue_of_host(host: Optional[str]) -> Optional[Venue]:
    """The venue whose domains hold ``host`` (``api-testnet.bybit.com`` -> bybit)."""
    if not host:
        return None
    labels = host.lower().rstrip(".").split(".")
    suffixes = {".".join(labels[i:]) for i in range(len(labels))}
    for v in VENUES:
        if suffixes & set(v.domains):
            return v
    return None


def sdk(sdk_id: Optional[str]) -> Optional[Sdk]:
    return _SDK_BY_ID.get(sdk_id or "")


def sdk_for_class(resolved: str, tracked_only: bool = True) -> Optional[Sdk]:
    """The SDK whose client class a resolved dotted name is (``binance.client.Client``,
    ``pybit.unified_trading.HTTP``, ``binance.AsyncClient.create``)."""
    parts = resolved.split(".")
    head, last = parts[0], parts[-1]
    if last == "create" and len(parts) >= 2:
        last = parts[-2]
    for s in SDKS:
        if head in s.module_heads and (last in s.client_classes or last in s.import_classes) and len(parts) >= 2 \
                and (s.tracked or not tracked_only):
            return s
    return None


def sdk_by_head(head: str) -> Tuple[Sdk, ...]:
    return tuple(s for s in SDKS if head in s.module_heads)


@lru_cache(maxsize=None)
def sdk_module_heads() -> Tuple[str, ...]:
    """Import heads that mean "this module talks to an exchange" (ccxt and every SDK)."""
    heads = ["ccxt", "ccxtpro"]
    for s in SDKS:
        heads.extend(h for h in s.module_heads if h not in heads)
    return tuple(heads)


@lru_cache(maxsize=None)
def sdk_client_classes() -> FrozenSet[str]:
    return frozenset(c for s in SDKS if s.tracked for c in s.client_classes)


@lru_cache(maxsize=None)
def sdk_class_names() -> FrozenSet[str]:
    """Every class name that may build a tracked SDK client (``client_classes`` and the
    ordinary-word ``import_classes``, recognised only through the SDK's import)."""
    return sdk_client_classes() | frozenset(c for s in SDKS if s.tracked for c in s.import_classes)


@lru_cache(maxsize=None)
def exchange_domains() -> FrozenSet[str]:
    return frozenset(d for v in VENUES for d in v.domains)


@lru_cache(maxsize=None)
def test_domains() -> FrozenSet[str]:
    return frozenset(d for v in VENUES for d in v.test_domains)


@lru_cache(maxsize=None)
def exchange_words() -> FrozenSet[str]:
    """Words naming an exchange in identifiers (``binance_key``, ``exchange_secret``)."""
    return GENERIC_EXCHANGE_WORDS | frozenset(w for v in VENUES for w in v.words)


@lru_cache(maxsize=None)
def extra_fund_paths() -> Mapping[str, Tuple[str, str]]:
    """Fund-moving REST paths ccxt does not list: path -> (venue id, category)."""
    return {p: (v.id, cat) for v in VENUES for p, cat in v.extra_fund_paths.items()}


@lru_cache(maxsize=None)
def permission_paths() -> Tuple[str, ...]:
    return tuple(p for v in VENUES for p in v.permission_paths)


@lru_cache(maxsize=None)
def sdk_fund_methods() -> Mapping[str, str]:
    """Fund-moving method of any tracked SDK -> category (for receivers known by name only)."""
    out: Dict[str, str] = {}
    for s in SDKS:
        for m, cat in s.fund_methods.items():
            out.setdefault(m, cat)
    return out


@lru_cache(maxsize=None)
def distinctive_fund_methods() -> Mapping[str, Tuple[str, str]]:
    """SDK fund movers named so that no other API uses the name (``Sdk.distinctive``) ->
    (category, SDK id): reported on any receiver, even one not known to be a client."""
    out: Dict[str, Tuple[str, str]] = {}
    for s in SDKS:
        for m in s.distinctive:
            out.setdefault(m, (s.fund_methods[m], s.id))
    return out


@lru_cache(maxsize=None)
def sdk_permission_methods() -> Mapping[str, str]:
    """Key-permission method -> SDK id."""
    return {m: s.id for s in SDKS for m in s.permission_methods}


# -- fund movers of SDK clients ------------------------------------------------------------------

# generic shape of an SDK fund mover, only on receivers known to be that SDK's client
SDK_GENERIC = re.compile(r"(?:^|_)(withdraw|transfer)(?:_|$)")
_SDK_READ = re.compile(r"^(?:get|query|fetch|list)_|history|status|state|record|detail|fee|quota|address|"
                       r"_max|max_|limit|info|list|assets?$|enable|disable|permission")


def sdk_method_category(kind: Optional[str], method: str) -> Optional[str]:
    """Category of an SDK method on a client of ``kind`` (None = any SDK, explicit names only)."""
    if kind is None:
        return sdk_fund_methods().get(method)
    record = sdk(kind)
    cat = record.fund_methods.get(method) if record else None
    if cat:
        return cat
    m = SDK_GENERIC.search(method)
    if m and not _SDK_READ.search(method):
        return m.group(1)
    return None


# -- receivers named like exchanges --------------------------------------------------------------

# "_*" in front of "\w+" (which takes "_" too) was quadratic on a long name of underscores
_NAMEISH = re.compile(
    r"(?i)^(?:_*(?:ex|exc|exch|xchg|exchanges?)|\w+_(?:ex|exch))$|^\w*(?:exchange|ccxt)")
_GENERIC_NAMEISH = re.compile(r"(?i)^(?:_*(?:api|client|clients|broker)|\w+_(?:client|api|broker))$")
_IDENTIFIER = re.compile(r"\w+")


@lru_cache(maxsize=4096)
def name_looks_like_exchange(name: str, generic_ok: bool) -> bool:
    """``exchange``, ``self.ex``, ``binance_client``: a receiver named like an exchange client
    (``client``/``api`` only when ``generic_ok``, i.e. the module imports an exchange SDK)."""
    if _NAMEISH.match(name) and _IDENTIFIER.fullmatch(name):
        return True
    low = name.lower().lstrip("_")
    base = low.split("_", 1)[0]
    t = tables()
    if low in t.ids or low in t.aliases or (base in t.ids and len(base) > 3):
        return True
    return generic_ok and bool(_GENERIC_NAMEISH.match(name))


def imports_exchange_sdk(imports) -> bool:
    """Does a module (its ``ImportMap``) import ccxt or an exchange SDK?"""
    return any(imports.imports_module(h) for h in sdk_module_heads())
