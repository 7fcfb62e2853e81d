"""BOT4xx: exchange clients that are unsafe to run.

``ClientSafety`` walks once and reports: a credentialed ccxt client with neither a
sandbox/testnet/demo switch nor a key-permission check anywhere in the module (BOT401), TLS
verification turned off in code that talks to exchanges or carries credentials (BOT402), plain
``http://``/``ws://`` URLs of exchange hosts (BOT403), and, opt-in, the BOT401 case for native
SDK clients (BOT404).  The docs-only rule classes come first; the check reports by class, with
each rule's ``TEMPLATE`` as the message.  Facts are module-wide and decided at the end of the module, because
frameworks build the client in one function and switch on the sandbox or check the key in
another.  Test files are not checked.
"""
from __future__ import annotations

import re
from typing import Dict, List, Optional, Set, Tuple

import libcst as cst

from .. import venues
from ..venues.vocab import HTTP_CALLS, HTTP_MODULES
from ..analysis import clients
from ..analysis import literals
from ..analysis import syntax
from ..analysis.hosts import is_exchange_host
from ..analysis.shell import PLAIN_URL_TEMPLATE, secure_scheme
from ..analysis.names import EXCHANGE, credential_kind
from ..model import Confidence, Severity
from ..rule import Rule
from ._typed import TypedReports, reported_codes

from ..gates.bot4 import PRECHECK as _PRECHECK  # noqa: E402 (the rule's gate, libcst-free)
# the keys of an options dict (``request_kwargs``, ``**kwargs`` of a request) that turn TLS off
_TLS_DICT_KEYS = ("verify", "verify_ssl", "ssl")
# callables taking such a dict by a ``*_kwargs`` keyword or ``**``: web3's HTTP providers
_TLS_PROVIDERS = ("HTTPProvider", "AsyncHTTPProvider")
# a module mentions credentials: TLS off there exposes them
_CRED_CONTEXT = clients.CRED_CONTEXT


class TlsVerificationDisabled(Rule):
    """## What it does
    Finds TLS certificate verification turned off in code that talks to exchanges or handles
    credentials: `requests`/`httpx` `verify=False`, `session.verify = False`, aiohttp
    `ssl=False`, `TCPConnector(ssl=False)`, `verify_ssl=False`, `ssl._create_unverified_context()`,
    `check_hostname = False`, `verify_mode = CERT_NONE`, urllib3 `cert_reqs="CERT_NONE"`, and a
    ccxt client configured with `{"verify": False}`, or an options dict with verification off
    (`kwargs["verify"] = False`, `{"verify": False}`, `kw.update(verify=False)`) handed to a request
    (`**kwargs`) or a web3 provider (`request_kwargs=kwargs`).  A module whose calls go to an RPC URL that
    carries the provider's key (Infura, Alchemy; here or another module's constant) counts as
    handling credentials.

    ## Why is this bad?
    Without certificate checks anyone on the path (a hotel Wi-Fi, a compromised router, a
    malicious proxy) can impersonate the exchange, read API-key headers and signed requests,
    and feed the bot false prices.

    ## Example
    ```python
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(ssl=False)) as s:
        await s.post("https://api.binance.com/api/v3/order", headers={"X-MBX-APIKEY": key})
    ```

    ## Use instead
    ```python
    async with aiohttp.ClientSession() as s:  # verification on (the default)
        await s.post("https://api.binance.com/api/v3/order", headers={"X-MBX-APIKEY": key})
    ```

    ## Known problems
    A module counts as talking to exchanges when it imports an exchange SDK, builds a client,
    names an exchange host, or mentions credentials (a URL carrying its key in the path counts:
    Infura/Alchemy RPC URLs, Telegram bot URLs, webhooks, also as a constant of another module);
    TLS switched off elsewhere is out of scope (bandit's B501 covers `verify=False` generally).
    A session, connector or SSL context made with verification off in one module and used in
    another module of the project for an exchange client, a request to an exchange host or a
    credentialed request is reported once per object where verification is turned off (the
    first `check_hostname`/`verify_mode` store, the `verify=False` call), citing the most
    serious use (`file:line`), never again at the use.  That needs both files in the run: a
    pre-commit run over only one of them does not see it.  Test files are not reported.

    Fix (unsafe: `--fix --unsafe-fixes`): `verify=False`, `verify_ssl=False`, `ssl=False`,
    `{"verify": False}` and `session.verify = False` are removed, so certificates are checked
    again (a self-signed or intercepting-proxy setup then fails); `check_hostname`,
    `verify_mode` and `cert_reqs` are left alone.

    ## References
    - [CWE-295: Improper Certificate Validation](https://cwe.mitre.org/data/definitions/295.html)
    - [aiohttp: SSL control for TCP sockets](https://docs.aiohttp.org/en/stable/client_advanced.html#ssl-control-for-tcp-sockets)
    """

    CODE = "BOT402"
    IN_TESTS = "skip"  # tests build clients against mocks and local servers on purpose
    NAME = "tls-verification-disabled"
    SEVERITY = Severity.HIGH
    CONFIDENCE = Confidence.MEDIUM
    CWE = 295
    MESSAGE = "TLS certificate verification turned off in exchange/credential code"
    TEMPLATE = ("TLS certificate verification turned off: {what} in code that talks to an exchange or carries "
                "credentials; anyone on the network path can read signed requests and key headers, or answer "
                "as the exchange")
    VALID = ('import requests\nrequests.get("https://api.binance.com/api/v3/time", timeout=5)\n',
             'import requests\nrequests.get("https://intranet.local/status", verify=False)\n')
    INVALID = ('import requests\nrequests.get("https://api.binance.com/api/v3/account", verify=False)\n',
               'import aiohttp, os\nAPI_KEY = os.environ["API_KEY"]\nconn = aiohttp.TCPConnector(ssl=False)\n',
               'import ccxt\nex = ccxt.okx({"verify": False})\n')


class PlaintextExchangeUrl(Rule):
    """## What it does
    Finds `http://` and `ws://` URLs whose host is an exchange's (production, testnet or demo
    host from ccxt's tables and botlint's host list).

    ## Why is this bad?
    Plain HTTP and WebSocket send the API key header and signed requests in clear text; even a
    redirect to HTTPS happens after the request left.

    ## Example
    ```python
    BASE_URL = "http://api.binance.com"
    ```

    ## Use instead
    ```python
    BASE_URL = "https://api.binance.com"
    ```

    ## Known problems
    Hosts not in the table (a regional mirror) are not recognised.  Docstrings and test files are
    not reported.

    ## References
    - [CWE-319: Cleartext Transmission of Sensitive Information](https://cwe.mitre.org/data/definitions/319.html)
    """

    CODE = "BOT403"
    IN_TESTS = "skip"  # tests build clients against mocks and local servers on purpose
    NAME = "plaintext-exchange-url"
    SEVERITY = Severity.MEDIUM
    CONFIDENCE = Confidence.HIGH
    CWE = 319
    MESSAGE = "Plain http:// or ws:// URL of an exchange host"
    TEMPLATE = PLAIN_URL_TEMPLATE
    VALID = ('BASE_URL = "https://api.binance.com"\nWS = "wss://stream.bybit.com/v5/public/spot"\n',
             'LOCAL = "http://localhost:8080"\n')
    INVALID = ('BASE_URL = "http://api.binance.com"\n', 'WS = f"ws://stream.bybit.com/v5/{kind}"\n')


class UnguardedSdkClient(Rule):
    """## What it does
    The BOT401 case for native exchange SDKs instead of ccxt: a python-binance `Client`,
    binance-connector `Spot`/`UMFutures`/`CMFutures`, pybit `HTTP`, coinbase-advanced-py
    `RESTClient`, python-okx `FundingAPI`, kucoin-python `User`/`Trade`/`Market`/`Margin`,
    python-kucoin `Client` or a gate-api `Configuration(key=..., secret=...)` built with real
    credentials in a module with neither a testnet/demo switch (`testnet=True`, `demo=True`, a
    testnet `base_url`, python-okx `flag="1"`, its default, kucoin `is_sandbox=True`/`sandbox=True`
    or a sandbox `url`, a gate testnet `host`; a positional flag is not read) nor a check of the key's permissions
    (`get_account_api_permissions()`, `api_key_permission()`, `get_api_key_information()`,
    `get_api_key_permissions()`, or a function named in `[tool.botlint] permission-checks`).
    Opt-in: select it by code (`--extend-select BOT404`).

    ## Why is this bad?
    As for BOT401: nothing stops the bot from trading real money on its first run, or from
    running with a key that can withdraw.  It is off by default because native-SDK bots are
    usually small scripts whose key scope is set on the exchange's website, and the SDKs'
    testnet switches differ (coinbase-advanced-py has none).

    ## Example
    ```python
    from binance.client import Client
    client = Client(os.environ["BINANCE_KEY"], os.environ["BINANCE_SECRET"])
    ```

    ## Use instead
    ```python
    client = Client(os.environ["BINANCE_KEY"], os.environ["BINANCE_SECRET"], testnet=config.testnet)
    if client.get_account_api_permissions()["enableWithdrawals"]:
        raise SystemExit("refusing to run with a withdraw-enabled key")
    ```

    ## Known problems
    The module is the unit, as for BOT401.  Clients without credentials and test files are not
    reported.

    ## References
    - [CWE-250: Execution with Unnecessary Privileges](https://cwe.mitre.org/data/definitions/250.html)
    - [python-binance: testnet](https://python-binance.readthedocs.io/en/latest/overview.html)
    """

    CODE = "BOT404"
    IN_TESTS = "skip"  # tests build clients against mocks and local servers on purpose
    NAME = "unguarded-sdk-client"
    SEVERITY = Severity.LOW
    CONFIDENCE = Confidence.MEDIUM
    CWE = 250
    DEFAULT_ENABLED = False
    MESSAGE = "Credentialed native-SDK client with no testnet switch and no key-permission check"
    TEMPLATE = ("{label} client with real credentials and neither a testnet/demo switch nor a key-permission "
                "check in this module: {advice}")
    VALID = (
        'from binance.client import Client\nclient = Client(k, s, testnet=True)\n',
        'from pybit.unified_trading import HTTP\ns = HTTP(api_key=k, api_secret=x)\n'
        'info = s.get_api_key_information()\n',
        'from binance.client import Client\nclient = Client()\nprint(client.get_symbol_ticker(symbol="BTCUSDT"))\n',
    )
    INVALID = (
        'from binance.client import Client\nclient = Client(key, secret)\n',
        'from pybit.unified_trading import HTTP\nsession = HTTP(api_key=k, api_secret=s)\n',
        'from coinbase.rest import RESTClient\nclient = RESTClient(api_key=k, api_secret=s)\n',
    )


class CredentialInUrlQuery(Rule):
    """## What it does
    Finds an exchange API key or secret put in the query string of a request URL
    (`f"{BASE}/sapi/v1/asset/get?apiKey={API_KEY}&..."`, `requests.get(url,
    params={"apiKey": key})`) toward a venue whose REST API takes the key in a header (Binance
    `X-MBX-APIKEY`, OKX `OK-ACCESS-KEY`, KuCoin `KC-API-KEY`, Bitget `ACCESS-KEY`, Gate `KEY`,
    Coinbase, Kraken `API-Key`, MEXC `X-MEXC-APIKEY`, ...).  The value must be named as a
    credential (`API_KEY`, `self.api_key`, `cfg["secret"]`).  Opt-in: select it by code
    (`--extend-select BOT405`).

    ## Why is this bad?
    A URL is not a secret channel: proxies, load balancers and the exchange's edge write it to
    their access logs, urllib3 logs it at DEBUG, and `requests`' `HTTPError` puts it in the
    exception message that bots log and send to chat.  A key sent in a header stays out of all
    of those.

    ## Example
    ```python
    url = f"https://api.binance.com/sapi/v1/capital/deposit/hisrec?apiKey={API_KEY}&{query}"
    ```

    ## Use instead
    ```python
    requests.get(f"https://api.binance.com/sapi/v1/capital/deposit/hisrec?{query}",
                 headers={"X-MBX-APIKEY": API_KEY})
    ```

    ## Known problems
    Venues whose signing protocol carries the key id in the query (HTX's `AccessKeyId`,
    Deribit's `client_id`, Bybit's legacy `api_key`) are not judged; nor are hosts botlint does
    not know as an exchange's.  A base URL is followed through a module constant only.

    ## References
    - [CWE-598: Use of GET Request Method With Sensitive Query Strings](https://cwe.mitre.org/data/definitions/598.html)
    - [Binance: endpoint security type](https://developers.binance.com/docs/binance-spot-api-docs/rest-api/endpoint-security-type)
    """

    CODE = "BOT405"
    IN_TESTS = "skip"
    NAME = "credential-in-url-query"
    SEVERITY = Severity.MEDIUM
    CONFIDENCE = Confidence.MEDIUM
    CWE = 598
    DEFAULT_ENABLED = False
    MESSAGE = "Exchange API key or secret in a request URL's query string"
    TEMPLATE = ("`{name}` goes in the query string (`{param}=`) of a request to {host}: URLs are written to proxy "
                "and server access logs, urllib3's debug log and error messages (`HTTPError` shows the URL); "
                "{venue} takes the key in the `{header}` header")
    VALID = (
        'import requests\nrequests.get("https://api.binance.com/api/v3/account?" + q, '
        'headers={"X-MBX-APIKEY": API_KEY})\n',
        'url = f"https://api.huobi.pro/v1/account/accounts?AccessKeyId={ACCESS_KEY}&{signed}"\n',
        'url = f"https://api.binance.com/api/v3/klines?symbol={symbol}&interval=1m"\n',
    )
    INVALID = (
        'url = f"https://api.binance.com/sapi/v1/capital/config/getall?apiKey={API_KEY}&{query}"\n',
        'import requests\nrequests.get("https://www.okx.com/api/v5/account/balance", params={"api_key": api_key})\n',
    )


# venues whose REST API takes the key in a header (so a key in the query is the bot's doing),
# with that header for the message; venues signing with the key id in the query (htx, deribit,
# bybit's legacy API) are left out
_KEY_HEADERS = {
    "binance": "X-MBX-APIKEY", "okx": "OK-ACCESS-KEY", "kucoin": "KC-API-KEY", "bitget": "ACCESS-KEY",
    "gate": "KEY", "coinbase": "CB-ACCESS-KEY", "kraken": "API-Key", "mexc": "X-MEXC-APIKEY",
    "bingx": "X-BX-APIKEY", "bitmex": "api-key", "gemini": "X-GEMINI-APIKEY", "bitfinex": "bfx-apikey",
    "bitstamp": "X-Auth", "bitvavo": "Bitvavo-Access-Key", "phemex": "x-phemex-access-token",
}
# query parameter names that carry the key or the secret
_QUERY_KEY = re.compile(
    r"[?&](api[_-]?key|apikey|access[_-]?key|accesskey|key|api[_-]?secret|secret|secret[_-]?key)=$", re.I)


class ClientSafety(TypedReports, syntax.StringVisits, Rule):
    """## What it does
    Finds exchange clients built with real credentials (from any source: literals, environment,
    config, parameters, or `exchange.apiKey = ...` later) in a module that has neither a
    sandbox/testnet/demo switch nor a check of the key's permissions.  Switches:
    `set_sandbox_mode(...)`, `{"sandbox": ...}`, `{"testnet": ...}`, the same inside `options`,
    `enable_demo_trading(...)`, `urls["api"] = urls["test"]`, python-binance/pybit
    `testnet=`/`demo=`; a non-literal argument counts (config-driven).  Checks: the venue's
    key-permission endpoint (`sapiGetAccountApiRestrictions`, `privateGetV5UserQueryApi`,
    `privateGetAccountConfig`, `privatePostGetApiKeyInfo`, ...), the SDK equivalents, or a
    function listed in `[tool.botlint] permission-checks`.  A testnet/demo host put in the client's
    `urls` (`{"urls": {"api": TESTNET}}`, `ex.urls["api"] = ...`, behind a flag or a ternary)
    counts as a switch.  A literal `ex.set_sandbox_mode(False)` on a credentialed client that its
    own module (here, or the module of the factory it came from) keeps on the sandbox is reported
    at that call: it turns the client live (a `--production` flag), and only a key-permission
    check in the module bounds the key.  Covers ccxt clients (sync, async, pro); native SDK clients have their
    own, opt-in code (BOT404).

    ## Why is this bad?
    Nothing stops such a bot from trading real money the first time it runs, or from running
    with a key that can withdraw.  A sandbox switch makes test runs safe; a start-up check that
    the key cannot withdraw (and refusing to run if it can) bounds the damage of a leaked key.

    ## Example
    ```python
    exchange = ccxt.binance({"apiKey": os.environ["KEY"], "secret": os.environ["SECRET"]})
    exchange.create_market_buy_order("BTC/USDT", 0.01)
    ```

    ## Use instead
    ```python
    exchange = ccxt.binance({"apiKey": os.environ["KEY"], "secret": os.environ["SECRET"]})
    exchange.set_sandbox_mode(config.testnet)
    if exchange.sapi_get_account_apirestrictions()["enableWithdrawals"]:
        raise SystemExit("refusing to run with a withdraw-enabled key")
    ```

    ## Known problems
    The module is the unit, and within it each client has its own guards: a switch or key check
    on one client does not vouch for another client of the module (one on a helper's parameter,
    or on something not known to be a client, counts for all).  A check in another module (a
    separate start-up script) is not seen;
    name it in `permission-checks` or suppress the finding.  Clients without credentials
    (public market data) and test files are not reported.  For venues without a ccxt sandbox
    (kraken, kucoin, htx, coinbase, mexc, ...) the message says the key check is the only guard.

    ## References
    - [CWE-250: Execution with Unnecessary Privileges](https://cwe.mitre.org/data/definitions/250.html)
    - [ccxt: testnets and sandbox environments](https://docs.ccxt.com/#/README?id=testnets-and-sandbox-environments)
    - [Binance: get API key permission](https://developers.binance.com/docs/wallet/account/api-key-permission)
    """

    CODE = "BOT401"
    IN_TESTS = "skip"  # tests build clients against mocks and local servers on purpose
    NAME = "unguarded-live-client"
    SEVERITY = Severity.MEDIUM
    CONFIDENCE = Confidence.MEDIUM
    CWE = 250
    MESSAGE = "Credentialed exchange client with no sandbox switch and no key-permission check"
    TEMPLATE = {
        "client": ("{label} client with real credentials and neither a sandbox/testnet switch nor a key-permission "
                   "check in this module: {advice}"),
        "live": ("`{receiver}.set_sandbox_mode(False)` turns the {label} client{where} with real credentials to live "
                 "trading, and no key-permission check in this module bounds what its key can do: {advice}"),
    }
    PRECHECK = _PRECHECK
    ANALYSES = ("clients",)
    REPORTS = reported_codes(TlsVerificationDisabled, PlaintextExchangeUrl, UnguardedSdkClient, CredentialInUrlQuery)
    VALID = (
        'import ccxt\nex = ccxt.binance()\nprint(ex.fetch_ticker("BTC/USDT"))\n',
        'import ccxt, os\nex = ccxt.binance({"apiKey": os.environ["K"], "secret": os.environ["S"]})\n'
        'ex.set_sandbox_mode(True)\n',
        'import ccxt\n\ndef make(cfg):\n'
        '    ex = ccxt.bybit({"apiKey": cfg.key, "secret": cfg.secret})\n    return ex\n\n'
        'def start(ex, cfg):\n    ex.set_sandbox_mode(cfg.testnet)\n',
        'import ccxt\nex = ccxt.kraken({"apiKey": k, "secret": s})\ninfo = ex.privatePostGetApiKeyInfo()\n',
        'import ccxt\nex = ccxt.okx({"apiKey": k, "secret": s, "password": p, "options": {"sandbox": True}})\n',
        'import ccxt\nex = ccxt.bybit({"apiKey": k, "secret": s})\nif TESTNET:\n'
        '    ex.urls["api"] = {"public": "https://api-testnet.bybit.com", "private": "https://api-testnet.bybit.com"}\n',
        'from binance.client import Client\nclient = Client(key, secret)\n',
    )
    INVALID = (
        'import ccxt, os\nex = ccxt.binance({"apiKey": os.environ["K"], "secret": os.environ["S"]})\n',
        'import ccxt.async_support as ccxt\nex = getattr(ccxt, name)()\nex.apiKey = key\nex.secret = secret\n',
        'import ccxt\nex = ccxt.kraken({"apiKey": k, "secret": s})\nex.set_sandbox_mode(False)\n',
        'import ccxt\nex = ccxt.binance({"apiKey": k, "secret": s})\nex.urls["api"] = {"public": "https://api.binance.com/api/v3"}\n',
    )

    def __init__(self, ctx) -> None:
        super().__init__(ctx)
        self.t = clients.ClientTracker.shared(ctx)
        self.tls: List[Tuple[cst.CSTNode, str, bool]] = []  # (node, what, certain)
        self.skip: Set[int] = set()
        self.exchange_host_seen = False
        # options dicts with TLS verification off (``kwargs["verify"] = False``), by (function,
        # name): reported where they are handed to a request or provider (``request_kwargs=``)
        self.tls_dicts: Dict[Tuple[Tuple[str, ...], str], Tuple[cst.CSTNode, str]] = {}

    # -- walk events (the shared client tracker has already seen each node) -------------------
    def visit_Expr(self, node: cst.Expr) -> None:
        if isinstance(node.value, (cst.SimpleString, cst.ConcatenatedString, cst.FormattedString)):
            self.skip.add(id(node.value))

    # -- TLS -------------------------------------------------------------------------------
    def _tls_dict_key(self, name: str) -> Tuple[Tuple[str, ...], str]:
        return tuple(self.t.func_stack), name

    def _note_tls_dict(self, target: cst.CSTNode, value: cst.CSTNode, node: cst.CSTNode) -> None:
        """``kw = {"verify": False}`` / ``kw["verify"] = False``: an options dict with TLS off."""
        if isinstance(target, cst.Name) and isinstance(value, cst.Dict):
            for el in value.elements:
                key = literals.literal_str(el.key) if isinstance(el, cst.DictElement) else None
                if key in _TLS_DICT_KEYS and syntax.is_false(el.value):
                    self.tls_dicts[self._tls_dict_key(target.value)] = (node, f"`{target.value} = {{'{key}': False}}`")
                    return
        if isinstance(target, cst.Subscript) and isinstance(target.value, cst.Name) and len(target.slice) == 1:
            sub = target.slice[0].slice
            key = literals.literal_str(sub.value) if isinstance(sub, cst.Index) else None
            if key in _TLS_DICT_KEYS and syntax.is_false(value):
                self._store_tls_dict(target.value.value, key, node)

    def _store_tls_dict(self, name: str, key: str, node: cst.CSTNode) -> None:
        self.tls_dicts.setdefault(self._tls_dict_key(name), (node, f"`{name}['{key}'] = False`"))

    def _tls_dict_handed(self, node: cst.Call, name: str, short: str) -> None:
        """A call handed the options dict ``name`` (``HTTPProvider(url, request_kwargs=kw)``,
        ``requests.get(url, **kw)``): TLS off where the dict was set, reported once."""
        key = self._tls_dict_key(name)
        found = self.tls_dicts.get(key) or self.tls_dicts.get(((), name))
        if found is None:
            return
        store, what = found
        if any(n is store for n, _w, _c in self.tls):
            return
        cred_url = self._credential_url(node)
        certain = self._url_on_exchange(node) or bool(cred_url)
        self.tls.append((store, f"{what} handed to `{short}()`{cred_url}", certain))

    def visit_AnnAssign(self, node: cst.AnnAssign) -> None:
        if node.value is not None:
            self._note_tls_dict(node.target, node.value, node)

    def visit_Assign(self, node: cst.Assign) -> None:
        for t in node.targets:
            self._note_tls_dict(t.target, node.value, node)
        for t in node.targets:
            tgt = t.target
            if isinstance(tgt, cst.Attribute):
                attr = tgt.attr.value
                if attr in ("verify", "verify_ssl", "check_hostname") and syntax.is_false(node.value):
                    self.tls.append((node, f"`{syntax.key_of(tgt) or attr} = False`", False))
                elif attr == "verify_mode" and (self.ctx.imports.resolve(node.value) or "").endswith("CERT_NONE"):
                    self.tls.append((node, "`verify_mode = CERT_NONE`", False))
                elif attr == "_create_default_https_context" and (
                        self.ctx.imports.resolve(node.value) or "").endswith("_create_unverified_context"):
                    self.tls.append((node, "`ssl._create_default_https_context = ssl._create_unverified_context`"
                                           " (for the whole process)", True))

    def visit_Call(self, node: cst.Call) -> None:
        name = self.ctx.imports.resolve(node.func) or ""
        short = name.rsplit(".", 1)[-1]
        if short in ("_create_unverified_context", "_create_stdlib_context"):
            self.tls.append((node, f"`{short}()` (no certificate verification)", False))
            return
        if isinstance(node.func, cst.Attribute) and isinstance(node.func.value, cst.Name) \
                and node.func.attr.value == "update":
            # kw.update(verify=False) / kw.update({"verify": False})
            for a in node.args:
                if a.keyword is not None and a.keyword.value in _TLS_DICT_KEYS and syntax.is_false(a.value):
                    self._store_tls_dict(node.func.value.value, a.keyword.value, node)
                elif a.keyword is None and isinstance(a.value, cst.Dict):
                    self._note_tls_dict(node.func.value, a.value, node)
        http = name.split(".")[0] in HTTP_MODULES or short in HTTP_CALLS or short in _TLS_PROVIDERS
        self._query_params(node, short, name.split(".")[0] in HTTP_MODULES or short in HTTP_CALLS)
        for a in node.args:
            if isinstance(a.value, cst.Name) and (
                    a.star == "**" and http or a.keyword is not None and a.keyword.value.endswith("kwargs")):
                self._tls_dict_handed(node, a.value.value, short)
        for a in node.args:
            if a.keyword is None:
                continue
            kw = a.keyword.value
            if kw in ("verify", "verify_ssl", "ssl", "check_hostname") and syntax.is_false(a.value):
                if kw == "verify" and not (name.split(".")[0] in HTTP_MODULES or short in HTTP_CALLS):
                    continue
                self.tls.append((node, f"`{short}(..., {kw}=False)`", self._url_on_exchange(node)))
            elif kw.endswith("kwargs") and isinstance(a.value, cst.Dict) and any(
                    isinstance(el, cst.DictElement) and literals.literal_str(el.key) in ("verify", "ssl")
                    and syntax.is_false(el.value) for el in a.value.elements):
                # web3's HTTPProvider(url, request_kwargs={"verify": False})
                self.tls.append((node, f"`{short}(..., {kw}={{'verify': False}})`", self._url_on_exchange(node)))
            elif kw == "cert_reqs":
                v = literals.literal_str(a.value) or self.ctx.imports.resolve(a.value) or ""
                if v.endswith("CERT_NONE"):
                    self.tls.append((node, f"`{short}(..., cert_reqs=CERT_NONE)`", self._url_on_exchange(node)))

    def _url_on_exchange(self, node: cst.Call) -> bool:
        for a in node.args:
            s = syntax.string_text(a.value) if isinstance(
                a.value, (cst.SimpleString, cst.FormattedString, cst.ConcatenatedString)) else None
            if s:
                m = re.match(r"(?i)^(?:https?|wss?)://([^/:?#{}]+)", s)
                if m and is_exchange_host(m.group(1)):
                    return True
        return False

    # -- a key in the query string --------------------------------------------------------
    def _base_text(self, node: cst.CSTNode) -> str:
        """The literal text a URL starts with: a string, or a module constant it names."""
        text = syntax.string_text(node) if isinstance(node, (cst.SimpleString, cst.ConcatenatedString)) else None
        if text is None and isinstance(node, cst.Name):
            values = self.t.constants.get(node.value) or []
            text = literals.literal_str(values[-1]) if values else None
        return text or ""

    def _query_host(self, head: str) -> Tuple[str, str, str]:
        """(host, venue, its key header) of a URL's start when the venue takes keys in a header."""
        m = re.match(r"(?i)^https?://([^/:?#{}\s]+)", head)
        host = m.group(1).lower() if m else ""
        venue = venues.venue_of_host(host) if host and is_exchange_host(host) else None
        header = _KEY_HEADERS.get(venue.id) if venue is not None else None
        return (host, venue.id, header) if venue is not None and header else ("", "", "")

    def _cred_value(self, value: cst.CSTNode) -> Optional[str]:
        """The credential name a query value reads (``API_KEY``, ``self.api_key``, ``cfg["secret"]``)."""
        if isinstance(value, cst.Subscript) and len(value.slice) == 1 and isinstance(value.slice[0].slice, cst.Index):
            last = literals.literal_str(value.slice[0].slice.value) or ""
            shown = f"{syntax.key_of(value.value) or '...'}[{last!r}]"
        else:
            shown = syntax.key_of(value) or ""
            last = shown.rsplit(".", 1)[-1]
        return shown if last and credential_kind(last) == EXCHANGE else None

    def _fstring_head(self, node: cst.FormattedString) -> str:
        """The literal start of an f-string URL (``https://api.binance.com``), or that of the
        module constant its first expression names (``f"{SPOT}{path}?..."``)."""
        first = node.parts[0] if node.parts else None
        if isinstance(first, cst.FormattedStringText):
            return first.value
        if isinstance(first, cst.FormattedStringExpression):
            return self._base_text(first.expression)
        return ""

    def _query_creds(self, node: cst.FormattedString) -> None:
        """``f"{BASE}{path}?apiKey={API_KEY}&..."``: a credential after a key parameter."""
        parts = node.parts
        for part, nxt in zip(parts, parts[1:]):
            m = _QUERY_KEY.search(part.value) if isinstance(part, cst.FormattedStringText) else None
            if m is None or not isinstance(nxt, cst.FormattedStringExpression):
                continue
            name = self._cred_value(nxt.expression)
            host, venue, header = self._query_host(self._fstring_head(node)) if name else ("", "", "")
            if name and host:
                self.report_as(CredentialInUrlQuery, node, name=name, param=m.group(1), host=host, venue=venue,
                               header=header)
                return

    def _query_params(self, node: cst.Call, short: str, http: bool) -> None:
        """``requests.get(url, params={"apiKey": key})`` toward a venue taking keys in a header."""
        if not http or not node.args or node.args[0].keyword is not None:
            return
        params = next((a.value for a in node.args if a.keyword is not None and a.keyword.value == "params"), None)
        if not isinstance(params, cst.Dict):
            return
        url = node.args[0].value
        head = self._fstring_head(url) if isinstance(url, cst.FormattedString) else self._base_text(url)
        host, venue, header = self._query_host(head)
        if not host:
            return
        for el in params.elements:
            key = literals.literal_str(el.key) if isinstance(el, cst.DictElement) else None
            name = self._cred_value(el.value) if key and _QUERY_KEY.search(f"?{key}=") else None
            if name:
                self.report_as(CredentialInUrlQuery, node, name=name, param=key, host=host, venue=venue,
                               header=header)
                return

    # -- plain http / ws -------------------------------------------------------------------
    def _string(self, node: cst.CSTNode) -> None:
        if isinstance(node, cst.FormattedString) and id(node) not in self.skip and "=" in syntax.raw_text(node):
            self._query_creds(node)
        if id(node) in self.skip or "://" not in syntax.raw_text(node):
            return
        text = syntax.string_text(node)
        if not text or "://" not in text:
            return
        m = re.match(r"^\s*(https?|wss?)://([^/:?#{}\s]+)", text, re.I)
        if not m:
            return
        host = m.group(2).lower().rstrip(".")
        if not is_exchange_host(host):
            return
        self.exchange_host_seen = True
        scheme = m.group(1).lower()
        if scheme in ("http", "ws"):
            self.report_as(PlaintextExchangeUrl, node, confidence=Confidence.HIGH,
                           scheme=scheme, host=host, secure=secure_scheme(scheme))

    # -- decisions -------------------------------------------------------------------------
    def leave_Module(self, original_node: cst.Module) -> None:
        t = self.t
        t.finish()
        self._tls_findings()
        all_keys: Set[str] = set()
        for c in t.clients:
            all_keys |= c.keys
        for c in t.clients:
            if c.node is None:
                continue
            if c.judged_elsewhere or not t.has_creds(c) or t.guarded(c, all_keys):
                continue
            if c.kind == clients.CCXT:
                self.report_as(ClientSafety, c.node, variant="client", confidence=self._confidence(c), label=c.label,
                               advice=self._advice(c))
            else:
                self.report_as(UnguardedSdkClient, c.node, confidence=self._confidence(c), label=c.label,
                               advice=self._advice(c))
        # a factory building its client from a parameter: the credentials come at the call site
        for c in t.clients:
            for call, arg in t.config_args(c):
                creds, sandbox = t.config_facts(arg)
                if not creds or sandbox or t.guarded(c, all_keys):
                    continue
                if c.kind == clients.CCXT:
                    self.report_as(ClientSafety, call, variant="client", confidence=Confidence.MEDIUM, label=c.label,
                                   advice=self._advice(c))
                else:
                    self.report_as(UnguardedSdkClient, call, confidence=Confidence.MEDIUM, label=c.label,
                                   advice=self._advice(c))
        self._live_switches(all_keys)

    def _live_switches(self, all_keys: Set[str]) -> None:
        """``ex.set_sandbox_mode(False)`` on a credentialed ccxt client that its own module (here
        or the factory's module) keeps on the sandbox: this call turns it live, and without a
        key-permission check here nothing bounds the key.  A client already reported at its
        construction (no switch at all) is not reported again."""
        t = self.t
        done: Set[int] = set()
        for receiver, call in t.live_switches:
            for c in sorted(t.resolve_key(receiver), key=clients.client_order):
                if c.kind != clients.CCXT or id(call) in done or t.key_checked(c, all_keys):
                    continue
                if c.origin is None:
                    # made here: live only through this call when something else switched it
                    if not t.has_creds(c) or not t.guarded(c, all_keys):
                        continue
                elif not c.judged_elsewhere:
                    continue  # another module's client, with no credentials known there
                done.add(id(call))
                where = f" (made in {c.origin})" if c.origin else ""
                self.report_as(ClientSafety, call, variant="live", confidence=Confidence.MEDIUM,
                               receiver=receiver, label=c.label, where=where, advice=self._advice(c))

    def _confidence(self, c: clients.Client) -> Confidence:
        return Confidence.HIGH if c.creds and c.exchange else Confidence.MEDIUM

    def _advice(self, c: clients.Client) -> str:
        if c.kind != clients.CCXT:
            sdk = venues.sdk(c.kind)
            check = sdk.permission_advice() if sdk else "a key-permission check"
            if sdk and sdk.sandbox_advice:
                return f"{sdk.sandbox_advice}, and at start-up refuse keys that can withdraw: {check}"
            return f"{c.label} has no sandbox, so checking the key is the only guard: {check}; refuse to run otherwise"
        ex = c.exchange
        var = min(c.keys, key=len).replace("[]", "[...]") if c.keys else "exchange"
        hint = venues.permission_hint(ex)
        venue = venues.venue_of_exchange(ex)
        signal = venue.permission_signal if venue else None
        check_txt = (f"`{var}.{hint}()`" + (f" ({signal})" if signal else "")) if hint else None
        if venue and venue.sandbox_advice:
            return venue.sandbox_advice.format(var=var)
        if ex and venues.has_sandbox(ex) is False:
            if check_txt:
                return (f"{ex} has no sandbox in ccxt, so checking the key is the only guard: call "
                        f"{check_txt} at start-up and refuse keys that can withdraw")
            return (f"{ex} has no sandbox in ccxt and no key-permission endpoint; use a trade-only, "
                    f"IP-whitelisted key and name your own check in [tool.botlint] permission-checks")
        sandbox_txt = f"`{var}.set_sandbox_mode(config_flag)` (or `{{'sandbox': flag}}`)"
        if venue and venue.demo_trading:
            sandbox_txt += " or `enable_demo_trading(flag)`"
        if check_txt:
            return f"add {sandbox_txt} for test runs, and at start-up call {check_txt}"
        if ex:
            return (f"add {sandbox_txt} for test runs; {ex} has no key-permission endpoint, so name "
                    f"your own start-up check in [tool.botlint] permission-checks")
        return (f"add {sandbox_txt} for test runs, and check at start-up that the key cannot withdraw "
                f"(binance `sapiGetAccountApiRestrictions`, bybit `privateGetV5UserQueryApi`, okx "
                f"`privateGetAccountConfig`, kraken `privatePostGetApiKeyInfo`, or a function named in "
                f"[tool.botlint] permission-checks)")

    def _credential_url(self, node: cst.CSTNode) -> str:
        """" on a request to <what>" when a call's argument is a URL carrying a credential in its
        path (a literal, a constant here, or another module's constant)."""
        if not isinstance(node, cst.Call):
            return ""
        for a in node.args:
            found = self.t.credential_url_of(a.value)
            if found:
                label, where = found
                return f" on a request to {label}" + (f" (from {where})" if where else "")
        return ""

    def _tls_findings(self) -> None:
        self.tls = [(node, what + self._credential_url(node), certain or bool(self._credential_url(node)))
                    for node, what, certain in self.tls]
        for c in self.t.clients:
            if c.tls_off and c.node is not None:
                self.tls.append((c.node, f"`{{'verify': False}}` in the {c.label} client config", True))
        # a session or context made here that another module uses for exchange or credentialed
        # calls: reported here, where TLS is turned off, citing the most serious use
        cited: Dict[int, Tuple[str, Confidence]] = {}
        for root, use in self.t.tls_used():
            path = use.get("path")
            shown = "/".join(str(p) for p in path) if isinstance(path, list) else str(path or "another module")
            where = f"{shown}:{use.get('line') or '?'}"
            through = f" through {use['through']}" if use.get("through") else ""
            cited[id(root.node)] = (f" (`{use.get('name')}` is used for {use.get('why')} in {where}{through})",
                                    Confidence.HIGH if int(use.get("rank") or 0) >= 3 else Confidence.MEDIUM)
            if root.node is not None and not any(node is root.node for node, _w, _c in self.tls):
                self.tls.append((root.node, root.what, True))
        if not self.tls:
            return
        context = (bool(self.t.clients) or venues.imports_exchange_sdk(self.ctx.imports) or self.exchange_host_seen
                   or bool(_CRED_CONTEXT.search(self.ctx.source)) or self.t.credential_url_calls())
        for node, what, certain in self.tls:
            cite, confidence = cited.get(id(node), ("", Confidence.HIGH if certain else Confidence.MEDIUM))
            if not (certain or context or cite):
                continue
            self.report_as(TlsVerificationDisabled, node, what=what + cite, confidence=confidence)


