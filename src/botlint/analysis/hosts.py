"""Which hosts belong to exchanges (requests there are the bot's own business) and which are
known third-party services (notification sinks).  Anything else receiving a credential is a
possible exfiltration (domain.md section 3).  Matching is by registrable-domain suffix; the
exchange domains come from the venue registry (``botlint.venues``)."""
from __future__ import annotations

import re
from typing import Optional
from urllib.parse import urlsplit

from .. import venues

# registrable domains of the venues' hosts (production, testnet and demo): the venue registry
EXCHANGE_DOMAINS = venues.exchange_domains()

# third-party services bots legitimately post to: still sinks for a credential
NOTIFICATION_DOMAINS = frozenset(
    """api.telegram.org telegram.org discord.com discordapp.com hooks.slack.com slack.com
    api.pushover.net ntfy.sh api.pushbullet.com""".split()
)
DATA_DOMAINS = frozenset(
    """infura.io alchemy.com alchemyapi.io api.coingecko.com coingecko.com api.3commas.io
    coinmarketcap.com cryptocompare.com etherscan.io bscscan.com""".split()
)
# node/RPC providers and public chain endpoints (wallet keys and signed transactions go there)
RPC_DOMAINS = frozenset(
    """infura.io alchemy.com alchemyapi.io quiknode.pro quicknode.com ankr.com helius-rpc.com helius.xyz
    chainstack.com getblock.io blastapi.io llamarpc.com publicnode.com drpc.org moralis.io nodereal.io
    mainnet-beta.solana.com api.mainnet-beta.solana.com api.devnet.solana.com api.testnet.solana.com
    rpc.ankr.com cloudflare-eth.com binance.org bsc-dataseed.binance.org polygon-rpc.com
    arb1.arbitrum.io mainnet.base.org triton.one syndica.io alchemy.io""".split())


def host_of(url: str) -> Optional[str]:
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    if parts.scheme not in ("http", "https", "ws", "wss") or not parts.hostname:
        return None
    return parts.hostname.lower().rstrip(".")


def under(host: str, domains) -> bool:
    """``host`` is one of ``domains`` or a subdomain of one (registrable-domain suffix match)."""
    labels = host.split(".")
    return any(".".join(labels[i:]) in domains for i in range(len(labels)))


def is_exchange_host(host: str) -> bool:
    """A host of the table above, or any REST host ccxt's pinned release knows (generated)."""
    host = host.lower()
    if under(host, EXCHANGE_DOMAINS):
        return True
    return host in venues.tables().hosts


# words in a host's labels that mean a test environment (``api-testnet.bybit.com``,
# ``demo-fapi.binance.com``, ``api.sandbox.gemini.com``, ``test.deribit.com``)
_TEST_LABEL = re.compile(r"(?:^|[.-])(?:testnet|sandbox|demo|test)(?:[.-]|$)")


def is_test_host(host: str) -> bool:
    """An exchange host that serves only the testnet, sandbox or demo environment."""
    host = host.lower().rstrip(".")
    if under(host, venues.test_domains()):
        return True
    return bool(_TEST_LABEL.search(host)) and is_exchange_host(host)


def is_notification_host(host: str) -> bool:
    return under(host.lower(), NOTIFICATION_DOMAINS)


def is_known_service_host(host: str) -> bool:
    return under(host.lower(), DATA_DOMAINS) or is_notification_host(host)


def is_rpc_host(host: str) -> bool:
    return under(host.lower(), RPC_DOMAINS)


def is_local_host(host: str) -> bool:
    return host in ("localhost", "127.0.0.1", "::1", "0.0.0.0") or host.endswith(".local")


# URLs that carry their credential in the path (domain.md 4.2): a request there sends the key
# whatever its headers say, so TLS verification off on it exposes the key
_CREDENTIAL_URLS = (
    (re.compile(r"(?i)\binfura\.io/(?:ws/)?v3/"), "an Infura RPC URL with its project key in the path"),
    (re.compile(r"(?i)\.g\.alchemy\.com/v2/|\balchemyapi\.io/v2/"), "an Alchemy RPC URL with its API key in the path"),
    (re.compile(r"(?i)\bapi\.telegram\.org/(?:file/)?bot"), "a Telegram Bot API URL with the bot token in the path"),
    (re.compile(r"(?i)\bdiscord(?:app)?\.com/api(?:/v\d+)?/webhooks/"),
     "a Discord webhook URL (its token in the path)"),
    (re.compile(r"(?i)\bhooks\.slack\.com/services/"), "a Slack webhook URL (its token in the path)"),
)


def credential_url(text: str) -> Optional[str]:
    """What credential a URL (or the literal parts of one) carries in its path, if any."""
    if "/" not in text or "." not in text:  # every pattern has a host and a path (most strings have neither)
        return None
    for pattern, label in _CREDENTIAL_URLS:
        if pattern.search(text):
            return label
    return None

