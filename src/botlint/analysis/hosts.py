"""Which hosts belong to exchanges (requests there are the bot's own business) and which are
known third-party services (notification sinks).  Anything else receiving a credential is a
possible exfiltration (domain.md section 3).  Matching is by registrable-domain suffix."""
from __future__ import annotations

from typing import Optional
from urllib.parse import urlsplit

# production, testnet and demo hosts of the venues bots use (ccxt 4.5.90 `urls`, domain.md §3)
EXCHANGE_DOMAINS = frozenset(
    """binance.com binance.us binance.vision binancefuture.com bybit.com bytick.com bybit.nl
    bybit.com.hk bybit.eu bybit.id bybit-tr.com okx.com okx.cab kraken.com coinbase.com
    exchange.coinbase.com kucoin.com gateio.ws gateapi.io gate.io gate.com gateeu.com bitget.com
    mexc.com huobi.pro huobi.com htx.com hbdm.vn hbdm.com hyperliquid.xyz hyperliquid-testnet.xyz
    deribit.com bingx.com phemex.com gemini.com crypto.com 3ona.co bitfinex.com bitstamp.net
    bitmex.com bitvavo.com bitso.com bitflyer.com bithumb.com upbit.com coincheck.com
    woo.org woox.io ascendex.com lbank.com lbkex.net poloniex.com probit.com whitebit.com
    xt.com bitmart.com coinex.com digifinex.com bitrue.com blofin.com btse.com delta.exchange
    bitpanda.com luno.com independentreserve.com btcmarkets.net coinspot.com.au bitopro.com
    paradex.trade apex.exchange dydx.exchange vertexprotocol.com""".split()
)

# third-party services bots legitimately post to: still sinks for a credential
NOTIFICATION_DOMAINS = frozenset(
    """api.telegram.org telegram.org discord.com discordapp.com hooks.slack.com slack.com
    api.pushover.net ntfy.sh api.pushbullet.com""".split()
)
DATA_DOMAINS = frozenset(
    """infura.io alchemy.com alchemyapi.io api.coingecko.com coingecko.com api.3commas.io
    coinmarketcap.com cryptocompare.com etherscan.io bscscan.com""".split()
)


def host_of(url: str) -> Optional[str]:
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    if parts.scheme not in ("http", "https", "ws", "wss") or not parts.hostname:
        return None
    return parts.hostname.lower().rstrip(".")


def _under(host: str, domains) -> bool:
    labels = host.split(".")
    return any(".".join(labels[i:]) in domains for i in range(len(labels)))


def is_exchange_host(host: str) -> bool:
    """A host of the table above, or any REST host ccxt's pinned release knows (generated)."""
    host = host.lower()
    if _under(host, EXCHANGE_DOMAINS):
        return True
    from .clients import tables

    return host in tables().hosts


def is_notification_host(host: str) -> bool:
    return _under(host.lower(), NOTIFICATION_DOMAINS)


def is_known_service_host(host: str) -> bool:
    return _under(host.lower(), DATA_DOMAINS) or is_notification_host(host)


def is_local_host(host: str) -> bool:
    return host in ("localhost", "127.0.0.1", "::1", "0.0.0.0") or host.endswith(".local")
