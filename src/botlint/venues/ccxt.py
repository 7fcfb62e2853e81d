"""ccxt's own tables for a pinned release: exchange ids and aliases, REST hosts, unified and
implicit fund-moving methods, key-permission endpoints, sandbox support.

The data is ``botlint/data/ccxt_tables.json``, generated from a pinned ccxt release by
``scripts/gen_ccxt_tables.py``; ccxt itself is never imported.  This module depends on nothing
else in botlint, so hosts, clients and the rules can all import it without a cycle.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from typing import Dict, FrozenSet, List, Optional, Set, Tuple


@dataclass(frozen=True)
class Endpoint:
    """One fund-moving implicit endpoint, merged over the exchanges that share its names."""

    names: Tuple[str, ...]
    category: str  # withdraw | transfer | send
    verb: str
    api: str
    path: str
    exchanges: FrozenSet[str]
    # exchanges where a method of the same name exists but is not fund-moving
    elsewhere: FrozenSet[str]
    url_paths: Tuple[str, ...]


class CcxtTables:
    def __init__(self, raw: dict) -> None:
        self.version: str = raw["ccxt_version"]
        self.exchanges: Dict[str, dict] = raw["exchanges"]
        self.aliases: Dict[str, str] = raw["aliases"]
        # unified fund-moving methods: either spelling -> (snake name, category)
        self.unified: Dict[str, Tuple[str, str]] = {}
        for snake, info in raw["unified"].items():
            self.unified[snake] = (snake, info["category"])
            self.unified[info["camel"]] = (snake, info["category"])
        self.by_name: Dict[str, Endpoint] = {}
        self.by_path: Dict[str, List[Endpoint]] = {}
        self.by_url_path: Dict[str, List[Endpoint]] = {}
        for rec in raw["endpoints"]:
            ep = Endpoint(tuple(rec["names"]), rec["category"], rec["verb"], rec["api"], rec["path"],
                          frozenset(rec["exchanges"]), frozenset(rec["elsewhere"]), tuple(rec["url_paths"]))
            for n in ep.names:
                old = self.by_name.get(n)
                if old is not None:  # same name, other record: merge the exchange sets
                    ep_merged = Endpoint(old.names, old.category, old.verb, old.api, old.path,
                                         old.exchanges | ep.exchanges, (old.elsewhere | ep.elsewhere)
                                         - (old.exchanges | ep.exchanges), old.url_paths + ep.url_paths)
                    self.by_name[n] = ep_merged
                else:
                    self.by_name[n] = ep
            self.by_path.setdefault(ep.path, []).append(ep)
            for up in ep.url_paths:  # the path as sent: /sapi/v1/asset/transfer
                self.by_url_path.setdefault(up.lstrip("/"), []).append(ep)
        self.permission_names: Dict[str, Set[str]] = {}
        for ex_id, info in self.exchanges.items():
            for n in info.get("permission_check", ()):
                self.permission_names.setdefault(n, set()).add(ex_id)
        self.ids: FrozenSet[str] = frozenset(self.exchanges)
        self.hosts: FrozenSet[str] = frozenset(h for info in self.exchanges.values() for h in info["hosts"])

    def canonical(self, name: str) -> Optional[str]:
        if name in self.exchanges:
            return name
        return self.aliases.get(name)


@lru_cache(maxsize=None)
def tables() -> CcxtTables:
    from importlib import resources

    text = resources.files("botlint").joinpath("data/ccxt_tables.json").read_text(encoding="utf-8")
    return CcxtTables(json.loads(text))


def permission_hint(exchange: Optional[str]) -> Optional[str]:
    """The key-permission check to recommend for a ccxt id: its implicit method (camel spelling)."""
    if not exchange:
        return None
    names = tables().exchanges.get(exchange, {}).get("permission_check", [])
    camel = [n for n in names if "_" not in n]
    return camel[-1] if camel else (names[0] if names else None)


def has_sandbox(exchange: Optional[str]) -> Optional[bool]:
    """Does ccxt's ``set_sandbox_mode`` work for this id (None: unknown id)?"""
    if not exchange:
        return None
    info = tables().exchanges.get(exchange)
    return None if info is None else bool(info["sandbox"])
