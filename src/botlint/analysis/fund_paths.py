"""Raw REST paths that move funds: is a string a withdraw/transfer endpoint of an
exchange, as a bare path or a full URL?

Known paths are the URL paths ccxt's own signer builds for every fund-moving implicit endpoint
(the generated tables) plus the legacy paths of the venue registry (``Venue.extra_fund_paths``).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Dict, Iterable, List, Optional, Set, Tuple

import libcst as cst

from .. import venues
from .hosts import is_exchange_host
from .names import words
from .syntax import raw_text

_WORDS_HINT = re.compile(r"(?i)withdraw|transfer|send|giftcard|move|transactions|deposit|payment")
_PLACEHOLDER = re.compile(r"\{\w*\}|:\w+|<\w+>")
_URL = re.compile(r"^(?:https?|wss?)://([^/?#]*)(.*)$", re.I)


@dataclass(frozen=True)
class PathHit:
    exchanges: Tuple[str, ...]
    category: str
    path: str  # the known endpoint path it matched


def may_hold_fund_path(node: cst.CSTNode) -> bool:
    return bool(_WORDS_HINT.search(raw_text(node)))


def _segments(path: str) -> Tuple[str, ...]:
    segs = []
    for s in path.split("/"):
        if not s:
            continue
        segs.append("*" if _PLACEHOLDER.fullmatch(s) else s.lower())
    return tuple(segs)


@lru_cache(maxsize=None)
def _path_index() -> Dict[str, List[Tuple[Tuple[str, ...], PathHit]]]:
    t = venues.tables()
    index: Dict[str, List[Tuple[Tuple[str, ...], PathHit]]] = {}
    seen: Set[Tuple[Tuple[str, ...], str]] = set()

    def add(path: str, exchanges: Iterable[str], category: str) -> None:
        segs = _segments(path)
        if not segs or segs[-1] == "*":
            segs_last = segs[-2] if len(segs) >= 2 else None
        else:
            segs_last = segs[-1]
        if segs_last is None:
            return
        exs = tuple(sorted(exchanges))
        if (segs, ",".join(exs)) in seen:
            return
        seen.add((segs, ",".join(exs)))
        index.setdefault(segs[-1], []).append((segs, PathHit(exs, category, path)))

    for ep in {id(e): e for e in t.by_name.values()}.values():
        for up in ep.url_paths:
            add(up, ep.exchanges, ep.category)
            _VERBS.setdefault(up, set()).add(ep.verb)
        add(ep.path, ep.exchanges, ep.category)
        _VERBS.setdefault(ep.path, set()).add(ep.verb)
    for path, (ex, cat) in venues.extra_fund_paths().items():
        add(path, (ex,), cat)
    return index


# known endpoint path -> the HTTP verbs its fund-moving endpoints use (legacy paths: none known)
_VERBS: Dict[str, Set[str]] = {}


def path_verbs(hit: PathHit) -> Set[str]:
    """The HTTP verbs that make the endpoint ``hit`` matched move funds (``{"POST"}`` for
    coinbase's ``accounts/{account_id}/withdrawals``, whose GET lists past withdrawals)."""
    _path_index()
    return set(_VERBS.get(hit.path, ()))


def _seg_eq(a: str, b: str) -> bool:
    return a == b or a == "*" or b == "*"


def match_fund_path(text: str) -> Optional[Tuple[PathHit, Optional[str]]]:
    """(hit, host) when a string holds a fund-moving REST path or URL of an exchange.

    A bare relative path must have at least two segments and end like a known endpoint
    (``capital/withdraw/apply``, ``/api/v5/asset/withdrawal``); a full URL must be on an
    exchange host.  ``{}`` stands for an f-string expression (a base URL when it leads)."""
    if not _WORDS_HINT.search(text) or len(text) > 300 or "\n" in text or " " in text.strip():
        return None
    s = text.strip()
    host = None
    m = _URL.match(s)
    if m:
        host = m.group(1).lower().split(":")[0]
        s = m.group(2)
        if "{}" in host:
            host = None
        elif not is_exchange_host(host):
            return None
    elif "://" in s:
        return None
    s = s.split("?", 1)[0].split("#", 1)[0]
    raw = [p for p in s.split("/") if p]
    while raw and raw[0].startswith("{}"):
        raw.pop(0)  # f"{BASE_URL}/sapi/..." : the base is an expression
    segs = tuple("*" if (p == "{}" or _PLACEHOLDER.fullmatch(p)) else p.lower() for p in raw)
    if not segs or segs[-1] == "*" and len(segs) < 3:
        return None
    if any("{}" in p for p in segs):
        return None
    if host is None and len(segs) < 2:
        return None
    candidates = _path_index().get(segs[-1], ()) if segs[-1] != "*" else [
        x for lst in _path_index().values() for x in lst]
    # the venue of the URL's host names the endpoint when it has one of that shape
    venue = venues.venue_of_host(host)
    own = {venue.id, *venue.ccxt_ids} if venue else set()
    best = None
    for known, hit in candidates:
        if len(segs) > len(known):
            continue
        tail = known[len(known) - len(segs):]
        if all(_seg_eq(a, b) for a, b in zip(segs, tail)):
            if host is None and len(segs) < len(known) and not any(_WORDS_HINT.search(x) for x in segs):
                continue
            if host is None and sum(a == b != "*" for a, b in zip(segs, tail)) < 2:
                continue  # "/api/withdrawals" is not coinbase's accounts/{id}/withdrawals: two words must match
            rank = (not own & set(hit.exchanges), len(known))
            if best is None or rank < best[0]:
                best = (rank, hit)
    if best is None:
        return None
    return best[1], host


# REST helpers that sign, by their names: private/signed/auth (``private``, ``_signed_request``,
# ``query_private``); the audit (capabilities) and the fund-mover rules judge the endpoint they are given
PRIVATE_CALLER = re.compile(r"(?i)^_*(?:query_|call_|send_|do_)?(?:private|signed|auth|authenticated)"
                             r"(?:_?(?:request|call|query|api|get|post|put|delete))?$"
                             r"|^_*(?:private|signed|auth)_?(?:request|call|query|api|get|post|put|delete)$"
                             r"|^_*(?:send|make|do)_(?:private|signed|auth)_request$")


def fund_endpoint(name: str) -> Optional[str]:
    """withdraw / transfer for an endpoint a signing helper is given by name (Kraken's
    ``query_private("Withdraw")``, ``"WalletTransfer"``, Deribit's ``submit_transfer_to_
    subaccount``); reads about them (``WithdrawStatus``, ``get_withdrawals``) do not."""
    ws = words(name)
    if not ws or ws[0] in _READ_VERBS or _ABOUT_WORDS & set(ws):
        return None  # get_withdrawals, WithdrawStatus, withdrawal_fee: a read about them
    if {"withdraw", "withdrawal"} & set(ws):
        return "withdraw"  # Withdraw, create_withdrawal
    if "transfer" in ws:
        return "transfer"  # WalletTransfer, submit_transfer_to_subaccount
    return None  # plural words name a collection (Deribit's get_withdrawals, "withdrawals")


_READ_VERBS = frozenset({"get", "list", "query", "fetch", "search", "read", "show", "view", "check"})
_ABOUT_WORDS = frozenset({"status", "history", "info", "fee", "fees", "quota", "limit", "limits", "address",
                          "addresses", "methods", "method", "records", "record", "list", "detail", "details"})
