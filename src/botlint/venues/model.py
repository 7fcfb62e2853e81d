"""The two record types of the venue registry: an exchange (``Venue``) and a native SDK (``Sdk``).

Records are plain data (catalog.py); lookups are in ``botlint.venues``.  A newcomer adds an
exchange or an SDK by adding one record and one fixture.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Mapping, Optional, Tuple


@dataclass(frozen=True, eq=False)
class Venue:
    """What botlint knows about one exchange (a family of ccxt ids)."""

    id: str
    # ccxt ids of the family (``binance`` also names binanceus/usdm/coinm); the generated ccxt
    # tables stay the source for endpoints, hosts and sandbox support of each id
    ccxt_ids: Tuple[str, ...] = ()
    # registrable domains of its REST/WebSocket hosts (production, testnet and demo)
    domains: Tuple[str, ...] = ()
    # hosts (or domains) that serve only the testnet / sandbox / demo environment
    test_domains: Tuple[str, ...] = ()
    # words in identifiers and config keys that name it (``binance_key``, ``okex``)
    words: Tuple[str, ...] = ()
    # raw REST paths of its key-permission check (a request there is a permission check)
    permission_paths: Tuple[str, ...] = ()
    # what "the key cannot withdraw" looks like in the check's answer (domain.md 1.4)
    permission_signal: Optional[str] = None
    # ccxt's ``enable_demo_trading`` works for it
    demo_trading: bool = False
    # BOT401 advice replacing the sandbox/permission-check advice (hyperliquid: agent wallets)
    sandbox_advice: Optional[str] = None
    # fund-moving REST paths ccxt's pinned release does not list -> category (domain.md 2)
    extra_fund_paths: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True, eq=False)
class Sdk:
    """A native exchange SDK (not ccxt): how its clients are built and what moves funds."""

    id: str  # the kind of its clients (``Client.kind``): the package name
    venue: Optional[str]  # Venue.id
    # first parts of the import names that load it
    module_heads: Tuple[str, ...]
    # client class names (last dotted part); ``X.create(...)`` builds an ``X`` too.  Empty for
    # SDKs botlint only knows by import (their clients are recognised by name, at low confidence)
    client_classes: Tuple[str, ...] = ()
    # client classes named by ordinary words (kucoin-python's ``User``/``Trade``, gate-api's
    # ``Configuration``): a client only when imported from the SDK, never matched by text (the
    # pre-checks and the text scanners look for ``client_classes`` only)
    import_classes: Tuple[str, ...] = ()
    # names of the constructor's leading positional parameters that hold credentials
    positional_creds: Tuple[str, ...] = ()
    cred_kwargs: Tuple[str, ...] = ()
    # keyword arguments that select the testnet / demo environment: ``testnet`` (any true value)
    # or ``env=testnet`` (that literal; a non-literal value is config-driven and counts too)
    sandbox_kwargs: Tuple[str, ...] = ()
    # its clients start on the testnet unless a ``sandbox_kwargs`` argument says otherwise
    sandbox_default: bool = False
    # keyword arguments holding a base URL (a testnet/demo URL there is a sandbox switch)
    url_kwargs: Tuple[str, ...] = ()
    # fund-moving methods of its clients -> category (withdraw | transfer)
    fund_methods: Mapping[str, str] = field(default_factory=dict)
    # those of ``fund_methods`` whose name no other API uses for anything but moving funds
    # (``create_internal_transfer``): a fund mover on ANY receiver, even one not known to be a
    # client (a constructor parameter, a client built in another module).  Generic names
    # (``withdraw``, ``transfer``) never go here: they stay judged by their receiver
    distinctive: Tuple[str, ...] = ()
    # the method that reads the key's permissions, and what its answer must say
    permission_methods: Tuple[str, ...] = ()
    permission_signal: Optional[str] = None
    # how to make test runs safe (None: the SDK has no testnet)
    sandbox_advice: Optional[str] = None
    # the receiver name used in advice (``client``, ``session``)
    receiver: str = "client"
    # False: known by import only; its constructors are read for credentials (BOT1) but its
    # instances are not tracked as clients (nothing is known of their fund movers)
    tracked: bool = True

    @property
    def label(self) -> str:
        return self.id

    def permission_advice(self) -> str:
        if not self.permission_methods:
            return "a key-permission check"
        text = f"`{self.receiver}.{self.permission_methods[0]}()`"
        return f"{text} ({self.permission_signal})" if self.permission_signal else text

