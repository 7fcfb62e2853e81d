#!/usr/bin/env python3
"""Generate botlint's ccxt data table (src/botlint/data/ccxt_tables.json) from an installed ccxt.

    pip install ccxt==4.5.90            # the pinned release (dev-time only; never a runtime dependency)
    python scripts/gen_ccxt_tables.py   # rewrites src/botlint/data/ccxt_tables.json
    python scripts/gen_ccxt_tables.py --check   # exit 1 when the committed table differs
    python scripts/gen_ccxt_tables.py --print-endpoints   # one line per fund-moving endpoint

tests/test_ccxt_tables.py runs ``build()`` and compares it with the committed file when the
pinned ccxt is installed, so a table that drifts from its release fails CI.

What goes into the table
------------------------
``exchanges``   every ccxt id of the release, with
                * ``sandbox``: ``set_sandbox_mode(True)`` works (it raises where there is no test url)
                * ``demo``: the class overrides ``enable_demo_trading`` or has demo urls
                * ``unified``: the fund-moving unified methods the class itself defines (snake case)
                * ``permission_check``: implicit methods that report the calling key's permissions
                  (per-venue endpoints chosen by hand, see PERMISSION_ENDPOINTS; names come from the
                  release so a renamed endpoint shows up as a diff)
                * ``hosts``: REST hosts of ``urls['api']``/``test``/``demo``
``aliases``     ids removed from ccxt that old bots still write (``gateio`` -> ``gate``)
``unified``     the fund-moving unified method names (snake and camel) with their category
``endpoints``   every implicit REST endpoint that withdraws, transfers or sends funds:
                names (both spellings, exactly as ccxt binds them), verb, api, path, category,
                the exchanges that have it, the URL path ccxt's own ``sign()`` produces for it,
                and ``elsewhere``: exchanges where the same name is *not* fund-moving (deribit
                performs actions over GET, so ``privateGetWithdraw`` is a withdrawal there only)

How an endpoint is classified (``classify``)
--------------------------------------------
The path is split into words (``/ _ - { }`` and camel humps).  A write (non-GET, or GET on a
venue/path that acts over GET) whose words name a withdrawal, a transfer or a send is a
candidate; words that mark a read-only or administrative endpoint (history, status, fee, quota,
address, whitelist, cancel, ...) drop it.  A short hand-made table adds endpoints whose path does
not say what they do (Coinbase v2 ``accounts/{account_id}/transactions`` = send money, Binance gift
cards, Luno ``move``).  Venues that route every signed action through one generic endpoint
(hyperliquid ``exchange``, bullish ``v2/command``, lighter ``sendTx``, dydx) cannot be classified
by path and are left out; their payloads decide.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import sys
from typing import Dict, List, Optional, Tuple
from urllib.parse import urlsplit

PINNED = "4.5.90"
HERE = os.path.dirname(os.path.abspath(__file__))
OUTPUT = os.path.join(HERE, os.pardir, "src", "botlint", "data", "ccxt_tables.json")

# -- classification -------------------------------------------------------------------------

WITHDRAW_WORDS = {"withdraw", "withdrawal", "withdrawals", "withdraws"}
TRANSFER_WORDS = {"transfer", "transfers"}
SEND_WORDS = {"send", "sendcoin", "sendto"}
# 'send' that places orders or broadcasts generic transactions
NOT_SEND_WORDS = {"order", "orders", "tx", "quote", "rfq", "child", "parent"}
READ_WORDS = {
    "history", "hist", "histories", "record", "records", "status", "info", "list", "query",
    "queries", "quota", "quotas", "fee", "fees", "limit", "limits", "methods", "detail", "details",
    "senddetails", "count", "support", "transferable", "transferables", "transferability", "can",
    "quote", "available", "max", "amount", "power", "nonce", "chance", "delay", "instructions",
    "estimate", "minimum", "configs", "services", "transfered", "summary", "search", "r", "ro",
    "get", "sendreceive", "template", "types", "report", "aml", "debug",
}
# withdrawal administration: does not itself move funds (cancel, whitelist, switches, ...)
ADMIN_WORDS = {
    "cancel", "undo", "address", "addresses", "whitelist", "switch", "travel", "rules", "resend",
    "config", "destination", "authorize", "permission", "attachment", "comment", "export", "set",
    "save", "enable", "disable", "remove", "code",
}
GET_WRITE_EXCHANGES = {"deribit"}
GET_WRITE_PATHS = re.compile(r"submit_transfer|confirm/withdraw", re.I)
SPECIAL = {
    ("coinbase", "POST", "accounts/{account_id}/transactions"): "send",
    ("cex", "POST", "do_deposit_funds_from_wallet"): "transfer",
    ("*", "POST", "giftcard/createCode"): "send",
    ("*", "POST", "giftcard/buyCode"): "send",
    ("luno", "POST", "move"): "transfer",
    ("coinbase", "POST", "brokerage/portfolios/move_funds"): "transfer",
    ("bit2c", "POST", "Payment/Send"): "send",
    ("aster", "POST", "v1/asset/sendToAddress"): "send",
}

# unified methods (domain.md 1.1): snake name -> (camel name, category)
UNIFIED = {
    "withdraw": ("withdraw", "withdraw"),
    "withdraw_ws": ("withdrawWs", "withdraw"),
    "withdraw_request": ("withdrawRequest", "withdraw"),
    "transfer": ("transfer", "transfer"),
    "futures_transfer": ("futuresTransfer", "transfer"),
    "transfer_in": ("transferIn", "transfer"),
    "transfer_out": ("transferOut", "transfer"),
    "transfer_classic": ("transferClassic", "transfer"),
    "transfer_uta": ("transferUta", "transfer"),
    "transfer_between_main_and_sub_account": ("transferBetweenMainAndSubAccount", "transfer"),
    "transfer_between_sub_accounts": ("transferBetweenSubAccounts", "transfer"),
    "deposit": ("deposit", "deposit"),
    "create_vault": ("createVault", "vault"),
}

# key-permission endpoints (domain.md 1.4), by the venues that really use them
PERMISSION_ENDPOINTS = [
    (("binance", "binanceus", "binanceusdm", "binancecoinm"), "GET", "account/apiRestrictions"),
    (("bybit", "bybiteu", "bybitid"), "GET", "v5/user/query-api"),
    (("bybit", "bybiteu", "bybitid"), "GET", "user/v3/private/query-api"),
    (("okx", "myokx", "okxus"), "GET", "account/config"),
    (("kraken",), "POST", "GetApiKeyInfo"),
    (("coinbase",), "GET", "brokerage/key_permissions"),
    (("kucoin", "kucoinfutures"), "GET", "user/api-key"),
    (("htx",), "GET", "user/api-key"),
    (("htx",), "GET", "v2/user/api-key"),
    (("bitfinex",), "POST", "auth/r/permissions"),
    (("mexc",), "GET", "apiKeyInfo"),
    (("bingx",), "GET", "account/apiPermissions"),
    (("bitget",), "GET", "v2/spot/account/info"),
]

ALIASES = {"gateio": "gate", "huobi": "htx", "huobipro": "htx", "okex": "okx", "okex5": "okx",
           "coinbasepro": "coinbaseexchange", "binanceje": "binance"}


def words(path: str) -> List[str]:
    return [t.lower() for t in re.findall(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])|[0-9]+", path)]


def classify(exchange_id: str, path: str, verb: str) -> Optional[str]:
    """'withdraw' | 'transfer' | 'send' | 'admin' | None for one implicit endpoint."""
    special = SPECIAL.get((exchange_id, verb, path)) or SPECIAL.get(("*", verb, path))
    if special:
        return special
    ws = set(words(path))
    is_withdraw = bool(ws & WITHDRAW_WORDS)
    is_transfer = bool(ws & TRANSFER_WORDS)
    is_send = bool(ws & SEND_WORDS) and not ws & NOT_SEND_WORDS
    if not (is_withdraw or is_transfer or is_send):
        return None
    if verb == "GET" and not (exchange_id in GET_WRITE_EXCHANGES or GET_WRITE_PATHS.search(path)):
        return None
    if ws & READ_WORDS:
        return None
    if "margin" in ws and re.search(r"withdraw[-_]?margin", path, re.I):
        return None  # takes margin off a position, like unified reduce_margin
    if verb == "DELETE" or ws & ADMIN_WORDS:
        return "admin"
    return "withdraw" if is_withdraw else "transfer" if is_transfer else "send"


# -- walking ccxt ---------------------------------------------------------------------------

def _entries(cls) -> List[Tuple[object, List[str]]]:
    from ccxt.base.types import Entry

    groups: Dict[int, Tuple[object, set]] = {}
    for klass in cls.__mro__:
        for name, value in vars(klass).items():
            if isinstance(value, Entry):
                groups.setdefault(id(value), (value, set()))[1].add(name)
    return [(v, sorted(n)) for v, n in groups.values()]


def _api(entry) -> str:
    api = entry.api if isinstance(entry.api, list) else [entry.api]
    return "/".join(str(a) for a in api)


def _hosts(node, hostname: Optional[str]) -> set:
    out = set()
    if isinstance(node, str):
        m = re.match(r"[a-z]+://([^/]+)", node)
        if m:
            host = m.group(1).replace("{hostname}", hostname or "")
            if "{" not in host and "zendesk" not in host:
                out.add(host.lower())
    elif isinstance(node, dict):
        for v in node.values():
            out |= _hosts(v, hostname)
    elif isinstance(node, (list, tuple)):
        for v in node:
            out |= _hosts(v, hostname)
    return out


_FAKE_CREDS = {
    "apiKey": "0123456789abcdef0123456789abcdef",
    "secret": "0123456789abcdef0123456789abcdef",
    "password": "passphrase",
    "uid": "123456",
    "login": "login",
    "accountId": "123456",
    "walletAddress": "0x" + "11" * 20,
    "privateKey": "0x" + "22" * 32,
    "token": "token",
}


def _url_path(instance, entry) -> Optional[str]:
    """The URL path ccxt's own sign() builds for an endpoint (query string dropped)."""
    params = {p: "{" + p + "}" for p in re.findall(r"{(\w+)}", entry.path)}
    try:
        signed = instance.sign(entry.path, entry.api, entry.method, dict(params))
    except Exception:
        return None
    url = signed.get("url") if isinstance(signed, dict) else None
    if not isinstance(url, str):
        return None
    path = urlsplit(url).path if "://" in url else url.split("?")[0]
    path = re.sub(r"%7B(\w+)%7D", r"{\1}", path)
    # keep it only when it ends with the endpoint's own path: venues with one action URL
    # (zaif, bitbank '/tapi') or a path in the body say nothing in the URL
    tail = [p.lower() for p in entry.path.split("/") if p]
    segs = [p.lower() for p in path.split("/") if p]
    if not tail or len(segs) < len(tail) or segs[len(segs) - len(tail):] != tail:
        return None
    return path


def _sandbox_works(cls) -> bool:
    """set_sandbox_mode(True) succeeds (it raises on venues without test urls)."""
    try:
        cls().set_sandbox_mode(True)
    except Exception:
        return False
    return True


def _defines(cls, name: str) -> bool:
    import ccxt

    for klass in cls.__mro__:
        if klass is ccxt.Exchange or klass.__name__ == "Exchange":
            return False
        if name in vars(klass):
            return True
    return False


def build() -> dict:
    import ccxt

    exchanges: Dict[str, dict] = {}
    endpoints: Dict[Tuple, dict] = {}
    all_names: Dict[str, set] = {}  # name -> exchanges where it exists (any category)
    for exchange_id in ccxt.exchanges:
        cls = getattr(ccxt, exchange_id)
        try:
            instance = cls(dict(_FAKE_CREDS))
        except Exception:  # pragma: no cover - depends on the release
            instance = cls()
        urls = instance.urls or {}
        hostname = getattr(instance, "hostname", None)
        hosts = _hosts(urls.get("api"), hostname) | _hosts(urls.get("test"), hostname) | _hosts(
            urls.get("demo") or urls.get("demotrading"), hostname)
        has_test = _sandbox_works(cls)
        has_demo = bool(urls.get("demo") or urls.get("demotrading")) or _defines(cls, "enable_demo_trading")
        unified = sorted(n for n in UNIFIED if _defines(cls, n))
        perm = []
        entries = _entries(cls)
        for entry, names in entries:
            verb = entry.method.upper()
            for name in names:
                all_names.setdefault(name, set()).add(exchange_id)
            for ids, pverb, ppath in PERMISSION_ENDPOINTS:
                if exchange_id in ids and verb == pverb and entry.path == ppath:
                    perm.extend(names)
            cat = classify(exchange_id, entry.path, verb)
            if cat is None or cat == "admin":
                continue
            api = _api(entry)
            key = (tuple(names), verb, api, entry.path, cat)
            rec = endpoints.setdefault(key, {
                "names": list(names), "verb": verb, "api": api, "path": entry.path,
                "category": cat, "exchanges": [], "url_paths": [],
            })
            rec["exchanges"].append(exchange_id)
            up = _url_path(instance, entry)
            if up and up not in rec["url_paths"]:
                rec["url_paths"].append(up)
        exchanges[exchange_id] = {
            "sandbox": has_test,
            "demo": has_demo,
            "unified": unified,
            "permission_check": sorted(set(perm)),
            "hosts": sorted(hosts),
        }
    rows = []
    for rec in endpoints.values():
        fund_on = set(rec["exchanges"])
        elsewhere = set()
        for n in rec["names"]:
            elsewhere |= all_names.get(n, set()) - fund_on
        # an exchange may list the same name as fund-moving under another record (merged below)
        rec["elsewhere"] = sorted(elsewhere)
        rec["exchanges"] = sorted(fund_on)
        rec["url_paths"] = sorted(rec["url_paths"])
        rows.append(rec)
    # a name that is fund-moving on some exchanges through two records: not "elsewhere"
    fund_by_name: Dict[str, set] = {}
    for rec in rows:
        for n in rec["names"]:
            fund_by_name.setdefault(n, set()).update(rec["exchanges"])
    for rec in rows:
        rec["elsewhere"] = sorted(set(rec["elsewhere"]) - set().union(*(fund_by_name[n] for n in rec["names"])))
    rows.sort(key=lambda r: (r["names"][0], r["verb"], r["api"], r["path"]))
    return {
        "ccxt_version": ccxt.__version__,
        "generator": "scripts/gen_ccxt_tables.py",
        "aliases": dict(sorted(ALIASES.items())),
        "unified": {snake: {"camel": camel, "category": cat} for snake, (camel, cat) in sorted(UNIFIED.items())},
        "exchanges": exchanges,
        "endpoints": rows,
    }


def render(table: dict) -> str:
    return json.dumps(table, indent=1, sort_keys=True) + "\n"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-o", "--output", default=os.path.normpath(OUTPUT))
    ap.add_argument("--check", action="store_true", help="compare with the committed table, write nothing")
    ap.add_argument("--print-endpoints", action="store_true")
    ap.add_argument("--allow-other-version", action="store_true",
                    help=f"generate from a ccxt other than the pinned {PINNED}")
    args = ap.parse_args(argv)
    import ccxt

    if ccxt.__version__ != PINNED and not args.allow_other_version:
        print(f"ccxt {ccxt.__version__} is installed; the table is pinned to {PINNED} "
              f"(pip install ccxt=={PINNED}, or pass --allow-other-version)", file=sys.stderr)
        return 2
    table = build()
    text = render(table)
    if args.print_endpoints:
        for r in table["endpoints"]:
            print(f"{r['category']:9s} {r['verb']:6s} {r['api']:20s} {r['path']:55s} "
                  f"{','.join(r['exchanges'])}  {' '.join(r['url_paths'])}")
        return 0
    if args.check:
        try:
            with open(args.output, encoding="utf-8") as fh:
                current = fh.read()
        except OSError:
            current = ""
        if current != text:
            print(f"{args.output} is out of date for ccxt {ccxt.__version__}: rerun {sys.argv[0]}",
                  file=sys.stderr)
            return 1
        return 0
    with open(args.output, "w", encoding="utf-8") as fh:
        fh.write(text)
    cats: Dict[str, int] = {}
    for r in table["endpoints"]:
        cats[r["category"]] = cats.get(r["category"], 0) + 1
    print(f"ccxt {ccxt.__version__}: {len(table['exchanges'])} exchanges, {len(table['endpoints'])} "
          f"fund-moving endpoints ({', '.join(f'{k} {v}' for k, v in sorted(cats.items()))}) -> {args.output}",
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
