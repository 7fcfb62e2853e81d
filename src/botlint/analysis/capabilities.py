"""What a file lets a bot do, for ``botlint audit``: the capability summary of one file.

The findings already say what is dangerous (BOT3 fund movers, BOT5 malicious code, BOT1/BOT2
credentials); what they do not say is what an honest bot needs: which authenticated exchange
calls it makes (read, trade), which exchanges it talks to, which hosts it contacts or is
configured to contact, and where its credentials come from.  This module answers that, per
file, from the shared analyses:

* :class:`CapabilityCollector` walks in the one batched libcst walk (the engine adds it only in
  an audit run, ``RunConfig.capabilities``) next to the client tracker
  (``analysis.clients``), and at ``leave_Module`` resolves the calls on exchange clients
  against the ccxt method vocabulary below, SDK calls against the venue registry, classes
  against the trading frameworks' strategy bases, string literals through
  ``analysis.hosts`` and decoded literal payloads through ``analysis.payloads``;
* :func:`text_summary` does the same for a configuration file (a freqtrade ``config.json``
  with ``"dry_run": false``, a ``.env`` naming key variables, URLs of an RPC provider).

The summary is JSON data (``FileResult.capabilities``, cached with the file's findings): rule-free
facts with a line each, never a value (hosts are host names only, env variables their names).
"""
from __future__ import annotations

import ipaddress
import json
import re
from typing import Any, Dict, List, Optional, Set, Tuple

import libcst as cst

from .. import venues
from ..text import LineIndex
from . import fund_paths
from . import hosts as hostlib
from .imports import dotted
from .literals import literal_str

# permission names (the audit's JSON contract)
READ, TRADE, WITHDRAW, TRANSFER, ONCHAIN = "read", "trade", "withdraw", "transfer", "onchain_send"

# -- ccxt's unified API: which methods need which key permission ---------------------------------
# ccxt's generated tables (data/ccxt_tables.json) list only fund movers; the order and account
# methods are a small, stable part of the unified API (docs.ccxt.com "Unified API"), kept here.
_CCXT_TRADE = re.compile(
    r"^(?:create|cancel|edit)_?(?:\w*_)?orders?(?:_ws)?$|^(?:create|cancel|edit)\w*Orders?(?:Ws)?$"
    r"|^cancel_?all_?orders(?:_?after)?$|^cancelAllOrders(?:After)?$"
    r"|^(?:set_?leverage|setLeverage|set_?margin_?mode|setMarginMode|set_?position_?mode|setPositionMode"
    r"|add_?margin|addMargin|reduce_?margin|reduceMargin|close_?position|closePosition"
    r"|close_?all_?positions|closeAllPositions)$")
_CCXT_READ = re.compile(
    r"^(?:fetch|watch)_?(?:balance|orders?|open_?orders?|closed_?orders?|canceled_?orders?|canceled_?and_?closed_?orders"
    r"|my_?trades|positions?|positions_?risk|ledger|ledger_?entry|deposits?|withdrawals?|deposit_?address(?:es)?"
    r"|deposits_?withdrawals|transactions|trading_?fees?|accounts|funding_?history|leverages?|margin_?modes?"
    r"|borrow_?interest|order_?trades|my_?liquidations|transfers|deposit_?withdraw_?fees?|open_?order"
    r"|closed_?order|position_?mode|isolated_?positions|account_?positions)$",
    re.I)
# ccxt's implicit API: ``privateGetAccount`` / ``private_post_order`` / ``sapiGetCapitalConfigGetall``
_IMPLICIT = re.compile(r"^(?P<api>[a-z][a-zA-Z0-9]*?|[a-z][a-z0-9_]*?_)(?P<verb>Get|Post|Put|Delete|Patch"
                       r"|get_|post_|put_|delete_|patch_)(?P<path>\w+)$")
_PRIVATE_API = re.compile(r"(?i)private|sapi|papi|fapiprivate|dapiprivate|account|trade|user|auth|signed")
_ORDERISH = re.compile(r"(?i)order|leverage|margin|position")

# native SDKs and hummingbot connectors: method names that place or change orders, and account reads
_SDK_TRADE = re.compile(
    r"(?i)^(?:(?:create|place|new|submit|cancel|amend|edit|modify|replace|close)_?\w*orders?"
    r"|\w*_?order_(?:market|limit|oco|stop)\w*|order_(?:market|limit|oco|stop)\w*"
    r"|(?:futures|margin|spot)_(?:create|cancel|place)_\w*|(?:market|limit|stop)_order_\w+"
    r"|cancel_all\w*|set_leverage|switch_?margin_?mode|change_leverage|futures_change_leverage"
    r"|close_position|batch_orders)$")
_SDK_READ = re.compile(
    r"(?i)^(?!set_|update_|_)(?:get_|fetch_|query_)?(?:account\w*|\w*balances?|\w*positions?(?:_info)?|open_orders|all_orders"
    r"|my_trades|\w*trade_history|get_orders|order_history|wallet_balance|get_wallet_balance|get_accounts"
    r"|futures_account\w*|margin_account\w*|get_asset_balance|get_order|query_order|executions|fills"
    r"|get_fills|list_orders|list_accounts|get_executions|orders?_(?:history|list|details?)\w*|order_info"
    r"|fills_history|\w*_order_details?)$")

# trading frameworks whose engine trades with the key: strategy base classes (resolved names or
# bare names in a module importing the framework)
_FRAMEWORK_BASES = {
    "IStrategy": "freqtrade", "ScriptStrategyBase": "hummingbot", "StrategyPyBase": "hummingbot",
    "DirectionalStrategyBase": "hummingbot", "StrategyV2Base": "hummingbot", "StrategyBase": "hummingbot",
}
_FRAMEWORK_HEADS = {"freqtrade": "freqtrade", "hummingbot": "hummingbot", "jesse": "jesse"}
# hummingbot connector name suffixes: ``binance_paper_trade``, ``bybit_perpetual_testnet``
_HB_SUFFIX = re.compile(r"_(?:paper_trade|perpetual_testnet|perpetual|testnet|spot_candles)$")
_HB_PAPER = re.compile(r"_paper_trade$|_testnet$")

# DEX routers and programs -> DEX name (public contract / program addresses and API hosts)
_DEX_ADDRESSES = {
    "0x7a250d5630b4cf539739df2c5dacb4c659f2488d": "uniswap",  # Uniswap V2 Router02
    "0xe592427a0aece92de3edee1f18e0157c05861564": "uniswap",  # Uniswap V3 SwapRouter
    "0x68b3465833fb72a70ecdf485e0e4c7bd8665fc45": "uniswap",  # Uniswap V3 SwapRouter02
    "0x3fc91a3afd70395cd496c647d5a6cc9d4b2b7fad": "uniswap",  # Uniswap Universal Router
    "0x66a9893cc07d91d95644aedd05d03f95e1dba8af": "uniswap",  # Uniswap Universal Router (v4)
    "0xc36442b4a4522e871399cd717abdd847ab11fe88": "uniswap",  # Uniswap V3 NonfungiblePositionManager
    "0x1f98431c8ad98523631ae4a59f267346ea31f984": "uniswap",  # Uniswap V3 Factory
    "0x5c69bee701ef814a2b6a3edd4b1652cb9cc5aa6f": "uniswap",  # Uniswap V2 Factory
    "0xb27308f9f90d607463bb33ea1bebb41c27ce5ab6": "uniswap",  # Uniswap V3 Quoter
    "0x61ffe014ba17989e743c5f6cb21bf9697530b21e": "uniswap",  # Uniswap V3 QuoterV2
    "0xca143ce32fe78f1f7019d7d551a6402fc5350c73": "pancakeswap",  # PancakeSwap V2 factory
    "0x0bfbcf9fa4f9c56b0f40a671ad40e0805a091865": "pancakeswap",  # PancakeSwap V3 factory
    "0xc0aee478e3658e2610c5f7a4a2e1777ce9e4f2ac": "sushiswap",  # SushiSwap factory
    "0xdef1c0ded9bec7f1a1670819833240f027b25eff": "0x",  # 0x Exchange Proxy
    "0xba12222222228d8ba445958a75a0704d566bf2c8": "balancer",  # Balancer V2 Vault
    "0xdef171fe48cf0115b1d80b88dc8eab59176fee57": "paraswap",  # ParaSwap Augustus V5
    "jup4fb2cqiructahdrpc8h2gnsa2etxipdd33wcgujb": "jupiter",  # Jupiter v4 program
    "cammczo5yl8w4vff8kvhrk22ggusp5vtaw7grrkgrwqk": "raydium",  # Raydium CLMM program
    "cpmmoo8l3f4nbtegbckvnunggl7h1zpdthkxqb5qkp1c": "raydium",  # Raydium CPMM program
    "lbuzkhrxpf3xupbcjp4yztkglccjzhtsdm9yuvapwxo": "meteora",  # Meteora DLMM program
    "0x10ed43c718714eb63d5aa57b78b54704e256024e": "pancakeswap",  # PancakeSwap V2 router
    "0x13f4ea83d0bd40e75c8222255bc855a974568dd4": "pancakeswap",  # PancakeSwap V3 SmartRouter
    "0xd9e1ce17f2641f24ae83637ab66a2cca9c378b9f": "sushiswap",  # SushiSwap router
    "0x1111111254eeb25477b68fb85ed929f73a960582": "1inch",  # 1inch v5 router
    "0x111111125421ca6dc452d289314280a0f8842a65": "1inch",  # 1inch v6 router
    "675kpx9mhtjs2zt1qfr1nyhuzelxfqm9h24wfsut1mp8": "raydium",  # Raydium AMM v4 program
    "jup6lkbzbjs1jkkwaphny74zcz3tluzoi5qnyvtav4": "jupiter",  # Jupiter v6 program
    "whirlloaeqyhscekkkkjzfzk9mzxttgtcjfw4xqfmts": "orca",  # Orca Whirlpool program
    "6ef8rrecthr5dkzon8nwu78hrvfckubj14m5ubewf6p": "pump.fun",  # pump.fun program
}
_DEX_HOSTS = {"jup.ag": "jupiter", "1inch.io": "1inch", "1inch.dev": "1inch", "0x.org": "0x",
              "uniswap.org": "uniswap", "raydium.io": "raydium", "pancakeswap.finance": "pancakeswap",
              "orca.so": "orca", "pump.fun": "pump.fun", "paraswap.io": "paraswap", "hyperliquid.xyz": "hyperliquid"}
_DEX_MODULES = {"uniswap": "uniswap", "pancakeswap": "pancakeswap", "jupiter_python_sdk": "jupiter",
                "raydium": "raydium", "hyperliquid": "hyperliquid", "dydx3": "dydx", "dydx_v4_client": "dydx"}

# -- hosts -------------------------------------------------------------------------------------------
_URL = re.compile(r"(?i)\b(?:https?|wss?)://[^\s\"'<>`\\{}|^]+")
# (a template's placeholders may follow the host: "https://api.telegram.org/bot{token}/sendMessage")
_WHOLE_URL = re.compile(r"(?i)^\s*(?:https?|wss?)://[^\s\"'<>`\\{}|^/]*(?:/[^\s\"'<>`\\|^]*)?\s*$")
# a bare host name as a whole literal: a few common top-level domains only ("config.json" and
# "setup.py" are file names, "np.nan" an attribute)
_BARE_HOST = re.compile(r"^(?=.{4,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+"
                        r"(?:com|net|org|io|xyz|co|me|ru|cc|top|gg|pro|cloud|ai|dev|app|link|site|online)$", re.I)
# a setting that names a host without a scheme (``"coinbase_base_url": "api.coinbase.com"``,
# ``RPC_HOST=rpc.ankr.com``): the key's last word, then bounded runs (it starts with a literal:
# the scan is at C speed)
_HOST_SETTING = re.compile(r"""(?i)(url|host|endpoint|domain|server)["']?[ \t]{0,4}[:=][ \t]{0,4}"""
                           r"""["']?([a-z0-9][a-z0-9.-]{2,252})(?=["'\s,}]|$)""")
_RAW_IP = re.compile(r"^(?:\d{1,3}\.){3}\d{1,3}(?::\d{1,5})?$")
THIRD_PARTY_DOMAINS = frozenset(
    """coingecko.com coinmarketcap.com cryptocompare.com etherscan.io bscscan.com polygonscan.com solscan.io
    3commas.io tradingview.com github.com githubusercontent.com pypi.org pythonhosted.org
    pastebin.com paste.ee hastebin.com transfer.sh file.io anonfiles.com ngrok.io ngrok-free.app
    ngrok.app workers.dev vercel.app herokuapp.com glitch.me repl.co webhook.site requestbin.com
    pipedream.net ipify.org ipinfo.io ifconfig.me openai.com anthropic.com googleapis.com
    messari.io glassnode.com dexscreener.com birdeye.so defillama.com llama.fi
    binance.vision paste.rs paste.c-net.org rentry.co 0x0.st termbin.com dpaste.org dpaste.com pastes.io
    gofile.io ix.io sprunge.us paste.gg privatebin.net controlc.com justpaste.it paste.mozilla.org
    healthchecks.io hc-ping.com uptimerobot.com betteruptime.com cronitor.io sentry.io""".split())
HOST_KINDS = ("exchange", "notification", "rpc", "third_party", "raw_ip", "unknown")

# -- credentials ----------------------------------------------------------------------------------
_ENV_FUNCS = {"os.getenv", "os.environ.get", "os.environ.__getitem__", "getenv", "environ.get",
              "decouple.config", "os.environ.setdefault"}
_CRED_WORD = re.compile(r"(?i)(?:^|_)(?:api_?key|key|secret|passphrase|password|passwd|pass|token|private_?key"
                        r"|mnemonic|seed_?phrase|pk|apikey|sk|webhook|credential|signing_?key)(?:_|$)")


def mask_summary(summary: Dict[str, Any]) -> Dict[str, Any]:
    """A summary as the cache stores it: every random-looking string masked (``mask_fact``), a
    host name label by label, so ``5fde2c.vercel.app`` stays readable and only a long random
    label (a token in a subdomain) becomes ``<redacted: N chars>``."""
    from ..secrets.masking import mask_fact, mask_string_fact

    out: Dict[str, Any] = {}
    for key, rows in summary.items():
        if key == "hosts" and isinstance(rows, list):
            out[key] = [[".".join(mask_string_fact(label) for label in str(r[0]).split("."))] + mask_fact(list(r[1:]))
                        for r in rows if isinstance(r, list) and r]
        else:
            out[key] = mask_fact(rows)
    return out


def credential_env_name(name: str) -> bool:
    """An environment variable name that holds a credential (``BINANCE_API_KEY``, ``TG_TOKEN``)."""
    from .names import credential_kind

    return bool(name) and len(name) <= 80 and (credential_kind(name) is not None or bool(_CRED_WORD.search(name)))


def host_kind(host: str) -> str:
    """exchange / notification / rpc / third_party / raw_ip / unknown (``HOST_KINDS``)."""
    h = host.lower().rstrip(".")
    try:
        ipaddress.ip_address(h.strip("[]"))
        return "raw_ip"
    except ValueError:
        pass
    if hostlib.is_rpc_host(h) or "rpc" in h.split(".")[0]:
        return "rpc"
    if hostlib.is_exchange_host(h) or venues.venue_of_host(h) is not None:
        return "exchange"
    if dex_of_host(h) is not None:
        return "exchange"  # a DEX's swap / quote API (quote-api.jup.ag): the venue the bot trades on
    if hostlib.is_notification_host(h):
        return "notification"
    if any(hostlib.under(h, domains) for domains in (THIRD_PARTY_DOMAINS, hostlib.DATA_DOMAINS)):
        return "third_party"
    return "unknown"


def exchange_of_host(host: str) -> Optional[str]:
    """The exchange an exchange host belongs to: its venue's id, else the ccxt id whose hosts
    hold it (``api.kraken.com`` -> kraken)."""
    venue = venues.venue_of_host(host)
    if venue is not None:
        return venue.id
    return _ccxt_hosts().get(host.lower())


def dex_of_host(host: str) -> Optional[str]:
    """The DEX whose API a host serves (``quote-api.jup.ag`` -> jupiter), else None."""
    labels = host.lower().rstrip(".").split(".")
    for i in range(len(labels) - 1):
        dex = _DEX_HOSTS.get(".".join(labels[i:]))
        if dex:
            return dex
    return None


_CCXT_HOSTS: Dict[str, str] = {}


def _ccxt_hosts() -> Dict[str, str]:
    if not _CCXT_HOSTS:
        for ex_id, info in sorted(venues.tables().exchanges.items(), key=lambda kv: (len(kv[0]), kv[0])):
            for h in info.get("hosts", ()):
                _CCXT_HOSTS.setdefault(h.lower(), ex_id)  # the shortest id of a family first
    return _CCXT_HOSTS


def _skip_host(host: str) -> bool:
    """Hosts that are not a contact: the local machine, documentation placeholders."""
    h = host.lower()
    if hostlib.is_local_host(h) or h.endswith((".example", ".invalid", ".test", ".localhost", ".internal")):
        return True
    if h in ("example.com", "example.org", "example.net") or h.endswith((".example.com", ".example.org")):
        return True
    try:
        ip = ipaddress.ip_address(h.strip("[]"))
        # the local machine and private networks only: ``is_private`` also holds the documentation
        # ranges (203.0.113.0/24), which a report must still show as a raw IP
        return ip.is_loopback or ip.is_unspecified or ip.is_link_local or ip.is_multicast or any(
            ip in net for net in _PRIVATE_NETS if ip.version == net.version)
    except ValueError:
        return "." not in h


_PRIVATE_NETS = tuple(ipaddress.ip_network(n) for n in ("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16",
                                                          "100.64.0.0/10", "fc00::/7"))


# a link to documentation, not an address the bot talks to: a docs host, a docs path, a page
_DOC_HOST = re.compile(r"(?i)^(?:docs?|wiki|help|support|blog|forum|community)\.|\.readthedocs\.(?:io|org)$")
_DOC_PATH = re.compile(r"(?i)/(?:en/)?(?:latest|stable)(?:/|$)|/docs?(?:/|$)|\.html?(?:[#?]|$)|/wiki(?:/|$)"
                       r"|/(?:blob|tree|issues|pull|releases|discussions)/|readme|#")


def doc_link(url: str) -> bool:
    """A URL that points at documentation (``https://docs.x.org/en/latest/a.html#b``)."""
    host = hostlib.host_of(url) or ""
    if _DOC_HOST.search(host):
        return True
    rest = url.split("://", 1)[-1]
    path = rest[len(rest.split("/", 1)[0]):]
    return bool(_DOC_PATH.search(path))


def hosts_in_text(text: str, skip_docs: bool = False) -> List[Tuple[str, int]]:
    """(host, offset) of each URL in ``text`` (a decoded payload, a config file's value);
    ``skip_docs``: not the links to documentation (a config file's comments and help texts)."""
    out = []
    for m in _URL.finditer(text):
        url = m.group(0).rstrip(".,;)]")
        if skip_docs and doc_link(url):
            continue
        host = hostlib.host_of(url)
        if host and not _skip_host(host):
            out.append((host, m.start()))
    return out


def host_of_literal(text: str) -> Optional[str]:
    """The host a string literal names when the literal IS an address: a whole URL, a bare host
    name, a raw ``ip[:port]`` (a URL inside a sentence, help text or a docstring is not a contact)."""
    s = text.strip()
    if not s or len(s) > 2048:
        return None
    if _WHOLE_URL.match(s):
        if doc_link(s):
            return None
        host = hostlib.host_of(s)
    elif _RAW_IP.match(s):
        host = s.split(":")[0]
        try:
            ipaddress.ip_address(host)
        except ValueError:
            return None
    elif _BARE_HOST.match(s):
        host = s.lower()
    else:
        return None
    if not host or _skip_host(host):
        return None
    return host


def _ccxt_method_permission(meth: str) -> Optional[str]:
    if venues.tables().unified.get(meth):
        return None  # a fund mover: BOT3 reports it (withdraw / transfer come from the findings)
    if _CCXT_TRADE.match(meth):
        return TRADE
    if _CCXT_READ.match(meth):
        return READ
    m = _IMPLICIT.match(meth) if len(meth) <= 120 else None  # a method name (the lazy api part is quadratic)
    if m and _PRIVATE_API.search(m.group("api")):
        if venues.tables().by_name.get(meth):
            return None  # a fund-moving implicit endpoint: the fund-mover rules report it
        verb = m.group("verb").strip("_").lower()
        if verb == "get":
            return READ
        return TRADE if _ORDERISH.search(m.group("path")) else READ
    return None


def _sdk_method_permission(meth: str) -> Optional[str]:
    if venues.sdk_fund_methods().get(meth) or venues.SDK_GENERIC.search(meth):
        return None
    if _SDK_TRADE.match(meth):
        return TRADE
    if _SDK_READ.match(meth):
        return READ
    return None


# -- raw REST calls: an exchange's private endpoints by their path ---------------------------------
_REST_PATH = re.compile(r"^\s*(?:(?:https?)://[^/\s]+)?(/[A-Za-z0-9_./{}:-]{3,200})(?:\?\S*)?\s*$")
_TRADE_PATH = re.compile(r"(?i)(?:create|place|add|cancel|new|amend|modify|replace|submit|edit|batch)[-_]?orders?"
                         r"|orders?/(?:create|place|cancel|amend|modify|replace|submit|batch)|leverage|margin[-_]?mode"
                         r"|position[-_]?mode|close[-_]?position|cancel[-_]?all")
_READ_ORDER_PATH = re.compile(r"(?i)open[-_]?orders|all[-_]?orders|closed[-_]?orders|query[-_]?orders"
                              r"|orders?/(?:history|list|query|detail|info|open)"
                              r"|order[-_]?(?:history|list|info|detail)|my[-_]?orders")
_READ_PATH = re.compile(r"(?i)(?:^|/)(?:accounts?|balances?|positions?|wallet[-_]?balance|wallets?|my[-_]?trades|"
                        r"user[-_]?trades|fills|ledger|income|assets?|private|trade[-_]?history|user[-_]?data|"
                        r"listen[-_]?key|spot/accounts?|capital/config)(?:/|$|[A-Z_-])")
# "order" as a word of a path (``/api/v3/order``, ``AddOrder``, ``openOrders``), not ``orderbook``/``orderly``
_ORDER_WORD = re.compile(r"(?:^|[/_.-]|(?<=[a-z]))(?:order|Order)s?(?=$|[/_.?-]|[A-Z])")
_SIGNING = re.compile(r"(?i)hmac|[\"']signature[\"']|x-mbx-apikey|ok-access-key|x-bapi-api-key|api-key|api-sign"
                      r"|kc-api-key")
_VERBS = frozenset(("get", "post", "put", "delete", "patch"))
# in a module that signs requests, the generic request helpers too (fund_paths.PRIVATE_CALLER: the
# helpers named private/signed/auth)
_REQUEST_CALLER = re.compile(r"^_+(?:request|call|query|send|api|api_call|api_request)$")
# an endpoint named in a word, not a path: ``AddOrder``, ``CancelAll``, ``openOrders``, ``order``
_ENDPOINT_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]{2,40}$")


def rest_permission(path: str, verb: str = "") -> Optional[str]:
    """read / trade for a REST path of an exchange's private API, by its words and the HTTP verb
    (None: a public or unknown path; withdrawals and transfers are the fund-mover rules')."""
    if fund_paths.match_fund_path(path) is not None:
        return None
    if re.search(r"(?i)withdraw|transfer", path):
        # a fund mover is the fund-mover rules'; a query about one is a read
        # (/v5/asset/transfer/query-account-coins-balance, /withdraw/history)
        return READ if re.search(r"(?i)query|balance|history|records?\b|list|status|info", path) else None
    verb = verb.lower()
    if _ORDER_WORD.search(path):
        if _TRADE_PATH.search(path) or verb in ("post", "put", "delete", "patch"):
            return TRADE
        if verb == "get" or _READ_ORDER_PATH.search(path):
            return READ
        return TRADE
    if _TRADE_PATH.search(path):
        return TRADE
    if _READ_PATH.search(path):
        return READ
    return None


class CapabilityCollector(cst.BatchableCSTVisitor):
    """One file's capability summary, collected in the engine's walk (``summary()`` after it)."""

    def __init__(self, ctx) -> None:
        super().__init__()
        from .clients import ClientTracker

        self.ctx = ctx
        self.tracker = ClientTracker.shared(ctx)
        self.module: Optional[cst.Module] = None
        self._calls: List[Tuple[cst.Call, cst.CSTNode, str]] = []  # method calls, judged at the end
        self._docstrings: Set[int] = set()
        self._values: Dict[str, List[cst.CSTNode]] = {}  # name -> values bound (payload names)
        self._loops: Dict[str, List[str]] = {}  # loop name -> the literal strings it iterates over
        self._ccxt_classes: Dict[str, List[str]] = {}  # name bound to getattr(ccxt, eid) -> the ids
        # (permission, node, code text), (exchange, node, how), (host, node, via), (env name, node)
        self.perms: List[Tuple[str, cst.CSTNode, str]] = []
        self.exchanges: List[Tuple[str, cst.CSTNode, str]] = []
        self.hosts: List[Tuple[str, cst.CSTNode, str]] = []
        # credentials written inside an encoded payload (a Discord webhook in a base64 blob):
        # (what kind, where, how) - never the value
        self.hidden_secrets: List[Tuple[str, cst.CSTNode, str]] = []
        self.payload_harvests: List[Tuple[str, cst.CSTNode, str]] = []
        # the .pth files a setup.py names (copies into the build or site-packages, data_files):
        # the audit ties them to the findings of those files
        self.pth_refs: List[Tuple[str, cst.CSTNode, str]] = []
        self._setup_py = ctx.path.replace("\\", "/").rsplit("/", 1)[-1] == "setup.py"
        self.env: List[Tuple[str, cst.CSTNode]] = []
        self.prompts: List[Tuple[str, cst.CSTNode]] = []  # credentials typed in or from a keyring
        self.frameworks: List[Tuple[str, cst.CSTNode, str]] = []
        self._framework_class: List[Optional[str]] = []
        self._hb_markets: List[str] = []  # connector names of hummingbot scripts' ``markets``
        self._routes: Set[int] = set()  # strings in decorators (web routes)
        self._verbs: Dict[int, str] = {}  # string node -> the HTTP verb of the call it is an argument of
        self._signing = bool(_SIGNING.search(ctx.source or ""))  # the module signs requests itself
        # names bound to an object of a native SDK's API class the client tracker does not follow
        # (python-okx ``TradeAPI``/``AccountAPI``, krakenex ``API``): their order/account calls count
        self._sdk_objects: Set[str] = set()
        self._functions: List[str] = []  # the functions being walked, innermost last
        self._sdk_module: Optional[bool] = None
        self._sdk_factories: Dict[str, List[bool]] = {}  # function -> which returned items are SDK clients
        # ccxt unified order/account calls on a receiver no client traces to (a client kept in a
        # dict built elsewhere, a parameter, a loop variable): the model counts them when the
        # project uses ccxt ("untraced" rows; "libs" says this module imports ccxt)
        self.untraced: List[Tuple[str, cst.CSTNode, str]] = []
        self.libs: List[Tuple[str, cst.CSTNode, str]] = []
        self._impl_calls: Set[int] = set()  # calls inside an exchange adapter class (it implements them)

    # -- walk ------------------------------------------------------------------------------------
    def visit_Module(self, node: cst.Module) -> None:
        self.module = node

    def visit_Expr(self, node: cst.Expr) -> None:
        if isinstance(node.value, (cst.SimpleString, cst.ConcatenatedString)):
            self._docstrings.add(id(node.value))  # a docstring or a bare string: prose, not a contact

    def _ccxt_getattr(self, call: cst.Call) -> List[str]:
        """The ccxt ids ``getattr(ccxt, eid)`` may fetch: a literal, or a loop name over literals."""
        if dotted(call.func) != "getattr" or len(call.args) < 2 or not self.tracker.ccxt_module(call.args[0].value):
            return []
        ex = self._static(call.args[1].value)
        arg = call.args[1].value
        each = [ex] if ex else (self._loops.get(arg.value, []) if isinstance(arg, cst.Name) else [])
        return [e for e in each if venues.tables().canonical(e)]

    def visit_Assign(self, node: cst.Assign) -> None:
        if isinstance(node.value, cst.Call) and dotted(node.value.func) == "getattr":
            each = self._ccxt_getattr(node.value)
            if each:
                for t in node.targets:
                    if isinstance(t.target, cst.Name):
                        self._ccxt_classes[t.target.value] = each
        for t in node.targets:
            if isinstance(t.target, cst.Name):
                self._values.setdefault(t.target.value, []).insert(0, node.value)
            self._sdk_object(t.target, node.value)
        if self._framework_class and self._framework_class[-1] == "hummingbot":
            for t in node.targets:
                if isinstance(t.target, cst.Name) and t.target.value == "markets":
                    self._hummingbot_markets(node.value)

    def visit_For(self, node: cst.For) -> None:
        self._loop_target(node.target, node.iter)

    def _comprehension(self, node) -> None:
        # the element is visited before its ``for``: the loop names are read first
        comp: Optional[cst.CompFor] = node.for_in
        while comp is not None:
            self._loop_target(comp.target, comp.iter)
            comp = comp.inner_for_in

    visit_ListComp = visit_SetComp = visit_DictComp = visit_GeneratorExp = _comprehension

    def _loop_target(self, target: cst.CSTNode, it: cst.CSTNode) -> None:
        """``for eid in ["binance", "okx"]`` (or over a name bound to such a list, or over a
        literal dict's keys): the loop name stands for each of those strings."""
        if isinstance(target, cst.Tuple) and target.elements and isinstance(it, cst.Call) \
                and isinstance(it.func, cst.Attribute) and it.func.attr.value == "items":
            target, it = target.elements[0].value, it.func.value
        if not isinstance(target, cst.Name):
            return
        if isinstance(it, cst.Call) and isinstance(it.func, cst.Attribute) and it.func.attr.value == "keys":
            it = it.func.value
        if isinstance(it, cst.Name):
            vals = self._values.get(it.value) or []
            it = vals[0] if len(vals) == 1 else it
        items = [el.key for el in it.elements if isinstance(el, cst.DictElement)] if isinstance(it, cst.Dict) else (
            [el.value for el in it.elements] if isinstance(it, (cst.List, cst.Tuple, cst.Set)) else [])
        strings = [x for x in (literal_str(i) for i in items[:64]) if x]
        if strings and len(strings) == len(items):
            self._loops.setdefault(target.value, []).extend(strings)

    def visit_AnnAssign(self, node: cst.AnnAssign) -> None:
        if node.value is not None:
            self._sdk_object(node.target, node.value)

    def _other_object(self, k: Optional[str]) -> bool:
        """``orders = Orders()``: a name last bound to an instance of some class not of an SDK."""
        bound = self._values.get(k or "") or []
        return bool(bound) and isinstance(bound[0], cst.Call) and not self._sdk_classes(bound[0])

    def _imports_sdk(self) -> bool:
        """The module imports a native exchange SDK (not ccxt: its calls have their own rule)."""
        if self._sdk_module is None:
            heads = [h for h in venues.sdk_module_heads() if h not in ("ccxt", "ccxtpro")]
            self._sdk_module = any(self.ctx.imports.imports_module(h) for h in heads)
        return self._sdk_module

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        self._functions.append(node.name.value)

    def leave_FunctionDef(self, original_node: cst.FunctionDef) -> None:
        self._functions.pop()

    def visit_Return(self, node: cst.Return) -> None:
        """``return (AccountAPI(...), TradeAPI(...), MarketAPI(...))``: a factory of SDK clients,
        whose callers unpack them (``account, trade, market = clients()``)."""
        if self._functions and isinstance(node.value, cst.Tuple):
            made = [bool(self._sdk_classes(e.value)) for e in node.value.elements]
            if any(made):
                self._sdk_factories[self._functions[-1]] = made

    def _sdk_classes(self, value: cst.CSTNode) -> Tuple[Any, ...]:
        """The SDKs whose client ``value`` constructs (``okx.Trade.TradeAPI(...)``: a class of a
        native SDK's module), else ()."""
        if not isinstance(value, cst.Call):
            return ()
        resolved = self.ctx.imports.resolve(value.func) or ""
        head, last = resolved.split(".")[0], resolved.rsplit(".", 1)[-1]
        return venues.sdk_by_head(head) if "." in resolved and last[:1].isupper() else ()

    def _sdk_object(self, target: cst.CSTNode, value: cst.CSTNode) -> None:
        """``trade = okx.Trade.TradeAPI(key, secret, phrase, False, flag)``: an instance of a class
        of a native SDK's module (``okx``, ``kucoin``, ``krakenex``, ...); also unpacked from a
        tuple of them or from a factory of the module returning one."""
        from .syntax import key_of

        if isinstance(target, (cst.Tuple, cst.List)):
            if isinstance(value, (cst.Tuple, cst.List)):
                for el, v in zip(target.elements, value.elements):
                    self._sdk_object(el.value, v.value)
            elif isinstance(value, cst.Call) and isinstance(value.func, cst.Name):
                for el, is_sdk in zip(target.elements, self._sdk_factories.get(value.func.value, ())):
                    k = key_of(el.value)
                    if is_sdk and k:
                        self._sdk_objects.add(k)
            return
        k = key_of(target)
        sdks = self._sdk_classes(value)
        if not k or not sdks or not isinstance(value, cst.Call):
            return
        self._sdk_objects.add(k)
        named = {s.venue for s in sdks}
        venue = named.pop() if len(named) == 1 else None
        if venue:  # krakenex.API(...): an untracked SDK's client still names its exchange
            self.exchanges.append((venue, value, f"{self.ctx.imports.resolve(value.func)}(...)"))

    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        found = None
        for base in node.bases:
            resolved = self.ctx.imports.resolve(base.value) or dotted(base.value) or ""
            last = resolved.rsplit(".", 1)[-1]
            head = resolved.split(".")[0]
            fw = _FRAMEWORK_BASES.get(last)
            if fw and (head == fw or self.ctx.imports.imports_module(fw) or head == last and fw == "freqtrade"
                       and last == "IStrategy"):
                found = fw
            elif head == "jesse" and last == "Strategy":
                found = "jesse"
        self._framework_class.append(found)
        if found:
            self.frameworks.append((found, node, f"class {node.name.value}({_base_text(node)})"))

    def leave_ClassDef(self, original_node: cst.ClassDef) -> None:
        if self._framework_class:
            self._framework_class.pop()

    def visit_Call(self, node: cst.Call) -> None:
        func = node.func
        name = self.ctx.imports.resolve(func) or dotted(func) or ""
        if self.tracker.in_impl_class:
            self._impl_calls.add(id(node))
        if isinstance(func, cst.Attribute):
            self._calls.append((node, func.value, func.attr.value))
        elif isinstance(func, cst.Call) and dotted(func.func) == "getattr" and len(func.args) >= 2:
            meth = literal_str(func.args[1].value)  # getattr(ex, "create_order")(...)
            if meth and meth.isidentifier():
                self._calls.append((node, func.args[0].value, meth))
        callee = func.attr.value if isinstance(func, cst.Attribute) else name.rsplit(".", 1)[-1]
        if fund_paths.PRIVATE_CALLER.match(callee) or self._signing and _REQUEST_CALLER.match(callee):
            self._endpoint_names(node)
        self._note_verb(node, func.attr.value if isinstance(func, cst.Attribute) else name.rsplit(".", 1)[-1])
        if name.rsplit(".", 1)[-1] == "setup" and (name == "setup" or name.startswith(("setuptools", "distutils"))):
            self._package_metadata(node)
        if name in _PROMPTS or name == "input" and node.args and _PROMPT_WORDS.search(
                literal_str(node.args[0].value) or ""):
            self.prompts.append((_PROMPTS.get(name, "input()"), node))
        if name in _ENV_FUNCS or name.endswith(("os.getenv", "os.environ.get")):
            if node.args:
                key = literal_str(node.args[0].value)
                if key and credential_env_name(key):
                    self.env.append((key, node))
        elif isinstance(func, cst.Call) or isinstance(func, cst.Name) and func.value in self._ccxt_classes:
            # getattr(ccxt, eid)({...}) / cls = getattr(ccxt, eid) ... cls({...}): a client is made;
            # a class only fetched to be patched or inspected names no exchange the bot uses
            each = self._ccxt_getattr(func) if isinstance(func, cst.Call) else self._ccxt_classes[func.value]
            for ex in each:
                self.exchanges.append((ex, node, f"getattr(ccxt, {ex!r})"))
        elif name.rsplit(".", 1)[-1] in _DECODERS and (name.split(".")[0] in _DECODER_MODULES
                                                       or name.endswith("fromhex")):
            self._payload_hosts(node)

    def visit_Subscript(self, node: cst.Subscript) -> None:
        if len(node.slice) == 1 and isinstance(node.slice[0].slice, cst.Slice) and node.slice[0].slice.step is not None:
            self._built(node)  # "moc.tsoh-live//:sptth"[::-1]: a URL written backwards
            return
        name = self.ctx.imports.resolve(node.value) or dotted(node.value) or ""
        if name in ("os.environ", "environ") and len(node.slice) == 1 and isinstance(node.slice[0].slice, cst.Index):
            key = literal_str(node.slice[0].slice.value)
            if key and credential_env_name(key):
                self.env.append((key, node))

    def visit_SimpleString(self, node: cst.SimpleString) -> None:
        if id(node) in self._docstrings:
            return
        text = literal_str(node)
        if self._setup_py and text and text.endswith(".pth") and 4 < len(text) <= 200:
            self.pth_refs.append((text.replace("\\", "/").rsplit("/", 1)[-1], node, "setup.py"))
        self._literal(node, text)

    def visit_ConcatenatedString(self, node: cst.ConcatenatedString) -> None:
        if id(node) in self._docstrings:
            return
        from .literals import concat_parts

        for part in concat_parts(node):
            self._docstrings.add(id(part))  # the parts are judged as the whole
        self._literal(node, literal_str(node))

    def visit_FormattedString(self, node: cst.FormattedString) -> None:
        # f"https://{host}/x": only a literal host before the first placeholder counts
        head = ""
        for part in node.parts:
            if isinstance(part, cst.FormattedStringText):
                head += part.value
            else:
                break
        text = "".join(p.value if isinstance(p, cst.FormattedStringText) else "{}" for p in node.parts)
        path = re.sub(r"^(?:\{\}|(?:https?|wss?)://[^/\s]*)+", "", text)
        if path.startswith("/"):
            self._rest(node, path)
        m = re.match(r"(?i)^\s*((?:https?|wss?)://[^\s\"'/{}]+)", head)
        if m and (len(head) > len(m.group(1)) or len(node.parts) > 1) and not doc_link(head):
            host = hostlib.host_of(m.group(1))
            if host and not _skip_host(host) and "." in host:
                self.hosts.append((host, node, "URL in code"))


    def visit_BinaryOperation(self, node: cst.BinaryOperation) -> None:
        if isinstance(node.operator, cst.Add) and isinstance(node.left, (cst.SimpleString, cst.BinaryOperation)):
            self._built(node)  # "ht" + "tps://" + "host/x"

    def _built(self, node: cst.CSTNode) -> None:
        """A URL a dropper assembles from literals: its host counts, the pieces do not."""
        from .strings import static_str

        text = static_str(node, {})
        if text and "://" in text[:12]:
            host = host_of_literal(text)
            if host and not any(h == host for h, _n, _w in self.hosts):
                self.hosts.append((host, node, "URL built from pieces in code"))

    def _literal(self, node: cst.CSTNode, text: Optional[str]) -> None:
        if not text:
            return
        host = host_of_literal(text)
        if host:
            self.hosts.append((host, node, "URL in code"))
        if "/" in text:
            self._rest(node, text)
        low = text.strip().lower()
        dex = _DEX_ADDRESSES.get(low)
        if dex:
            self.exchanges.append((dex, node, "router/program address"))

    def _note_verb(self, node: cst.Call, meth: str) -> None:
        """The HTTP verb of a call, for the path literals among its arguments:
        ``requests.post(url)``, ``session.request("DELETE", url)``, ``self._send("POST", "/order")``."""
        verb = meth.lower() if meth.lower() in _VERBS else ""
        leaves: List[cst.CSTNode] = []
        for arg in node.args:
            stack = [arg.value]
            while stack and len(leaves) < 20:
                n = stack.pop()
                if isinstance(n, cst.BinaryOperation):
                    stack.extend((n.left, n.right))
                elif isinstance(n, (cst.SimpleString, cst.ConcatenatedString, cst.FormattedString)):
                    leaves.append(n)
        if not verb:
            for leaf in leaves:
                lit = (literal_str(leaf) or "").strip().lower()
                if lit in _VERBS:
                    verb = lit
                    break
        if verb:
            for leaf in leaves:
                self._verbs[id(leaf)] = verb

    def _endpoint_names(self, node: cst.Call) -> None:
        """``self.private("AddOrder", ...)``, ``api.query_private("Balance")``,
        ``self._signed("POST", "order", ...)``: a REST signing helper given the endpoint by name
        (the path is built inside it from a parameter, so no path literal names it)."""
        verb = ""
        for arg in node.args[:3]:
            lit = literal_str(arg.value) if arg.keyword is None or arg.keyword.value in (
                "method", "endpoint", "path", "command") else None
            if lit is None:
                continue
            low = lit.strip().lower()
            if low in _VERBS:
                verb = low
                continue
            if _ENDPOINT_NAME.match(lit) and not self.tracker.in_impl_class:
                perm = fund_paths.fund_endpoint(lit) or rest_permission("/" + lit, verb)
                if perm:
                    self.perms.append((perm, node, f"{verb.upper() or 'request'} {lit}"))
                return

    def visit_Decorator(self, node: cst.Decorator) -> None:
        # @app.get("/orders"): the bot's own web server's route, not a request it makes
        stack: List[cst.CSTNode] = [node.decorator]
        while stack:
            n = stack.pop()
            if isinstance(n, cst.Call):
                stack.extend(a.value for a in n.args)
            elif isinstance(n, (cst.SimpleString, cst.ConcatenatedString, cst.FormattedString)):
                self._routes.add(id(n))

    def _rest(self, node: cst.CSTNode, text: str) -> None:
        m = _REST_PATH.match(text)
        if m is None or id(node) in self._routes:
            return
        if self.tracker.in_impl_class:
            return  # an exchange adapter's endpoint table: the library implements it, a bot calls it
        if "://" in text:
            host = hostlib.host_of(text.strip())
            if not (host and hostlib.is_exchange_host(host)):
                return  # a full URL elsewhere (a logo, a docs page) is no exchange call
        elif not self._signing:
            return
        verb = self._verbs.get(id(node), "")
        perm = rest_permission(m.group(1), verb)
        if perm:
            self.perms.append((perm, node, f"{verb.upper() or 'request'} {m.group(1)[:80]}"))

    # -- helpers -----------------------------------------------------------------------------------
    def _static(self, node: cst.CSTNode) -> Optional[str]:
        s = literal_str(node)
        if s is None and isinstance(node, cst.Name):
            vals = self._values.get(node.value) or []
            if len(vals) == 1:
                s = literal_str(vals[0])
        return s

    def _package_metadata(self, node: cst.Call) -> None:
        """``setup(url=..., project_urls={...})``: the package's homepage, not a contact."""
        for arg in node.args:
            if arg.keyword is not None and arg.keyword.value in ("url", "download_url", "project_urls"):
                stack = [arg.value]
                while stack:
                    n = stack.pop()
                    if isinstance(n, (cst.SimpleString, cst.ConcatenatedString, cst.FormattedString)):
                        self._docstrings.add(id(n))
                    elif isinstance(n, cst.Dict):
                        stack.extend(el.value for el in n.elements if isinstance(el, cst.DictElement))

    def _hummingbot_markets(self, value: cst.CSTNode) -> None:
        if not isinstance(value, cst.Dict):
            return
        for el in value.elements:
            if isinstance(el, cst.DictElement):
                key = literal_str(el.key)
                if key:
                    self._connector_name(key, el.key)

    def _connector_name(self, key: str, node: cst.CSTNode) -> None:
        self._hb_markets.append(key)
        if _HB_PAPER.search(key):
            return  # paper trading: no exchange account
        base = _HB_SUFFIX.sub("", key)
        if venues.tables().canonical(base) or venues.venue(base):
            self.exchanges.append((base, node, f"hummingbot connector {key!r}"))

    def _payload_hosts(self, node: cst.Call) -> None:
        from .payloads import Unwrapper

        try:
            payload = Unwrapper(self._values, lambda n: self.ctx.imports.resolve(n) or dotted(n)).payload(node)
        except Exception:  # noqa: BLE001 - a payload that cannot be read has no hosts to report
            return
        if payload.data and payload.decoded:
            from ..rules.bot5.bot501_exec_of_decoded_code import inner_stages

            # the stages it runs in turn too (a payload that decodes and runs the next one)
            text = "\n".join(d.decode("utf-8", "replace") for d in [payload.data] + inner_stages(payload.data))
            for host, _off in hosts_in_text(text):
                self.hosts.append((host, node, "decoded payload"))
            for m in _RAW_IP_IN_TEXT.finditer(text):
                host = m.group(1)
                if not _skip_host(host):
                    self.hosts.append((host, node, "decoded payload"))
            from ..secrets import shapes

            for found in shapes.find(text[:200_000]):
                if found.high_confidence and not shapes.is_known_example(found.value):
                    self.hidden_secrets.append((found.label, node, "decoded payload"))
            low = text[:200_000].lower()
            harvested = next((w for w in _PAYLOAD_HARVESTS if w in low), None)
            if harvested and any(w in low for w in _PAYLOAD_SENDS):
                # a decoded payload that reads credentials and sends: the stage the rules never
                # walk (it runs only when decoded); the audit counts it as credentials exposed
                self.payload_harvests.append((harvested, node, "decoded payload"))

    # -- the end -------------------------------------------------------------------------------------
    def leave_Module(self, original_node: cst.Module) -> None:
        from .clients import CCXT, HUMMINGBOT

        t = self.tracker
        t.finish()
        for c in t.clients:
            if c.node is None:
                continue
            if c.kind == CCXT:
                if c.exchange:
                    self.exchanges.append((c.exchange, c.node, f"ccxt.{c.exchange}(...)"))
            else:
                record = venues.sdk(c.kind)
                if record is not None and record.venue:
                    self.exchanges.append((record.venue, c.node, f"{c.kind} client"))
        if self._hb_markets and all(_HB_PAPER.search(k) for k in self._hb_markets):
            # a hummingbot script trading on paper connectors only: no exchange key at all
            self.frameworks = [f for f in self.frameworks if f[0] != "hummingbot"]
        fw_trade = {"hummingbot"}
        if self.ctx.imports.imports_module("ccxt") or self.ctx.imports.imports_module("ccxtpro"):
            self.libs.append(("ccxt", original_node, "import ccxt"))
        for call, recv, meth in self._calls:
            clients = t.clients_of(recv)
            if not clients:
                if meth in ("buy", "sell", "cancel") and _is_self(recv) and \
                        any(fw in fw_trade for fw, _n, _c in self.frameworks):
                    self.perms.append((TRADE, call, f"self.{meth}()"))
                else:
                    self._untraced_call(call, recv, meth)
                continue
            kinds = {c.kind for c in clients}
            perm = None
            if CCXT in kinds:
                perm = _ccxt_method_permission(meth)
            if perm is None and kinds - {CCXT}:
                perm = _sdk_method_permission(meth)
                if perm is None and HUMMINGBOT in kinds and meth in ("buy", "sell", "cancel"):
                    perm = TRADE
            if perm:
                self.perms.append((perm, call, f"{_recv_text(recv)}.{meth}()"))
        for head, dex in _DEX_MODULES.items():
            if self.ctx.imports.imports_module(head):
                self.exchanges.append((dex, original_node, f"import {head}"))

    def _untraced_call(self, call: cst.Call, recv: cst.CSTNode, meth: str) -> None:
        from .syntax import key_of

        if id(call) in self._impl_calls or _is_self(recv) or isinstance(recv, cst.Call) and \
                dotted(recv.func) == "super":
            return
        k = key_of(recv)
        known = bool(k) and k in self._sdk_objects
        if known or self._imports_sdk() and not self._other_object(k):
            # an SDK client, or in a module that imports a native SDK, a receiver no client traces
            # to (a parameter: run(market, trade, accounts) given the clients a factory made)
            perm = _sdk_method_permission(meth)
            if perm:
                self.perms.append((perm, call, f"{_recv_text(recv)}.{meth}()"))
                return
            if known:
                return
        if (_CCXT_TRADE.match(meth) or _CCXT_READ.match(meth)) and not venues.tables().unified.get(meth):
            perm = TRADE if _CCXT_TRADE.match(meth) else READ
            self.untraced.append((perm, call, f"{_recv_text(recv)}.{meth}()"))

    def summary(self) -> Dict[str, Any]:
        """The JSON summary: lists of [name, line, text]; sorted, duplicates dropped."""
        pos = self._positions()

        def line(node: cst.CSTNode) -> int:
            r = pos.get(node) if pos is not None else None
            return r.start.line if r is not None else 1

        out: Dict[str, Any] = {}
        for key, rows in (("perms", self.perms), ("exchanges", self.exchanges), ("hosts", self.hosts),
                          ("frameworks", self.frameworks), ("untraced", self.untraced), ("libs", self.libs),
                          ("hidden_secrets", self.hidden_secrets), ("pth_refs", self.pth_refs),
                          ("payload_harvests", self.payload_harvests)):
            vals = sorted({(a, line(n), b) for a, n, b in rows}, key=lambda r: (r[1], r[0], r[2]))
            if vals:
                out[key] = [list(v) for v in vals[:_MAX_ROWS]]
        for key, pairs in (("env", self.env), ("prompts", self.prompts)):
            rows2 = sorted({(k, line(n)) for k, n in pairs}, key=lambda r: (r[1], r[0]))
            if rows2:
                out[key] = [list(v) for v in rows2[:_MAX_ROWS]]
        return out

    def _positions(self) -> Optional[Any]:
        if self.module is None or not (self.perms or self.exchanges or self.hosts or self.env or self.frameworks
                                       or self.prompts or self.untraced or self.libs):
            return None
        try:
            return self.ctx.positions(self.module)
        except Exception:  # noqa: BLE001 - lines are a nicety; line 1 stands in
            return None


# credentials typed in at start-up or read from the OS keyring
_PROMPTS = {"getpass.getpass": "getpass()", "getpass": "getpass()", "keyring.get_password": "keyring",
            "keyring.get_credential": "keyring"}
_PROMPT_WORDS = re.compile(r"(?i)key|secret|password|passphrase|token|seed|mnemonic|private")
_MAX_ROWS = 200  # rows of one kind per file (a generated exchange adapter names hundreds of URLs)
# what a decoded payload reads (credentials, wallets, sessions) and how it sends (lower case)
_PAYLOAD_HARVESTS = ("os.environ", "getenv(", "dotenv", ".env", "keystore", "wallet", "mnemonic", "seed_phrase",
                     "private_key", "privatekey", "id.json", "tdata", "login data", "cookies", "id_rsa", "api_key",
                     "apikey", "secret")
_PAYLOAD_SENDS = ("requests.post", "requests.get", "urlopen", "urllib.request", "httpx.", "aiohttp", "socket.",
                  "sendall", "webhook", "api.telegram.org", "discord.com/api", "ftplib", "smtplib")

_DECODERS = frozenset(("b64decode", "b32decode", "b85decode", "a85decode", "urlsafe_b64decode", "fromhex",
                       "unhexlify", "a2b_hex", "a2b_base64", "decompress", "decode", "loads"))
_DECODER_MODULES = frozenset(("base64", "binascii", "zlib", "bz2", "lzma", "gzip", "codecs", "marshal"))
_RAW_IP_IN_TEXT = re.compile(r"(?<![\d.])((?:\d{1,3}\.){3}\d{1,3})(?![\d.])")


def _is_self(node: cst.CSTNode) -> bool:
    return isinstance(node, cst.Name) and node.value == "self"


def _recv_text(node: cst.CSTNode) -> str:
    from .syntax import key_of, last_identifier

    k = key_of(node)
    if k:
        return k.replace("[]", "[...]")[:60]
    last = last_identifier(node)
    return f"{last}(...)" if last else "<client>"


def _base_text(node: cst.ClassDef) -> str:
    return ", ".join((dotted(b.value) or "...") for b in node.bases)[:80]


# -- configuration files -----------------------------------------------------------------------------

# files that describe the project, not the bot's runtime (their URLs are homepages, registries, CI)
_META_FILES = re.compile(
    r"(?:^|/)(?:pyproject\.toml|setup\.cfg|tox\.ini|package(?:-lock)?\.json|[\w.-]*\.lock|poetry\.lock"
    r"|\.pre-commit-config\.ya?ml|mkdocs\.ya?ml|\.readthedocs\.ya?ml|environment\.ya?ml|renovate\.json"
    r"|tsconfig\.json|codecov\.ya?ml|\.?dependabot\.ya?ml|conda[\w.-]*\.ya?ml|docker-compose[\w.-]*\.ya?ml"
    r"|compose\.ya?ml|\.gitlab-ci\.yml|mypy\.ini|pytest\.ini|\.flake8|\.pylintrc|\.coveragerc)$"
    r"|(?:^|/)\.github/|(?:^|/)docs?/|schema[\w.-]*\.json$")
_SHELL = re.compile(r"(?i)\.(?:sh|bash|zsh|ps1|bat|cmd)$|(?:^|/)(?:Dockerfile[\w.-]*|Makefile|Procfile)$")
# (blanks within the line only: ``^\s*`` under (?m) ran through every following blank line at each
# line start, quadratic on a file of empty lines)
_ENV_LINE = re.compile(r"(?m)^[ \t]*(?:export[ \t]+)?([A-Za-z_][A-Za-z0-9_]{0,79})[ \t]*=")
_CONFIG_EXCHANGE = re.compile(r"(?im)^[ \t]*(?:-[ \t]+)?[\"']?(?:exchange|exchange_id|exchange_name|venue)[\"']?"
                              r"[ \t]*[:=][ \t]*"
                              r"[\"']?([a-z0-9]{2,30})[\"']?[ \t]*,?[ \t]*\r?$")
_NESTED_EXCHANGE = re.compile(r"[\"']exchange[\"']\s*:\s*\{[^{}]{0,2000}?[\"']name[\"']\s*:\s*"
                              r"[\"']([A-Za-z0-9]{2,30})[\"']")
# a key of a config file (``"secret": ``, ``api_key: ``, ``password = ``)
_CONFIG_KEY = re.compile(r"(?m)^[ \t]*[\"']?([A-Za-z_][\w.-]{0,60})[\"']?[ \t]*[:=]")
_DRY_RUN = re.compile(r"(?im)^[ \t]*[\"']?dry_run[\"']?[ \t]*[:=][ \t]*(true|false|yes|no|0|1)\b")


def text_summary(display: str, text: str, kind: str) -> Dict[str, Any]:
    """The capability summary of a configuration file or a shell script: hosts its values name,
    exchanges it configures, credential variables it declares, and freqtrade's ``dry_run``."""
    path = display.replace("\\", "/")
    if _META_FILES.search(path):
        return {}
    shell = bool(_SHELL.search(path))
    if kind != "config" and not shell:
        return {}
    index = LineIndex(text)
    out: Dict[str, List[list]] = {}

    def add(key: str, row: list) -> None:
        rows = out.setdefault(key, [])
        if row not in rows and len(rows) < _MAX_ROWS:
            rows.append(row)

    for host, off in hosts_in_text(text, skip_docs=True):
        line_no = index.pos(off)[0]
        starts = index.starts
        line_text = text[starts[line_no - 1]:starts[line_no] if line_no < len(starts) else len(text)]
        if "$schema" in line_text or "$id" in line_text or line_text.lstrip().startswith(("#", ";", "//")):
            continue  # a JSON schema's name, a comment
        add("hosts", [host, line_no, "URL in config" if not shell else "URL in script"])
    for m in _HOST_SETTING.finditer(text):
        value = m.group(2).rstrip(".")
        if _BARE_HOST.match(value) and not _skip_host(value.lower()):
            add("hosts", [value.lower(), index.pos(m.start(2))[0], "host in config"])
    if shell:
        return out
    low = path.lower()
    is_env = low.rsplit("/", 1)[-1].startswith(".env") or low.endswith(".env")
    if is_env:
        for m in _ENV_LINE.finditer(text):
            if credential_env_name(m.group(1)):
                add("env", [m.group(1), index.pos(m.start(1))[0]])
    else:
        from .names import credential_kind

        for m in _CONFIG_KEY.finditer(text):
            if credential_kind(m.group(1)) is not None:
                add("cred_keys", [m.group(1), index.pos(m.start(1))[0]])
    data = None
    if low.endswith(".json"):
        try:
            data = json.loads(text)
        except (ValueError, RecursionError):
            data = None
    for account, line_no in config_exchange_accounts(text, data if isinstance(data, dict) else None, index):
        add("exchanges", [account, line_no, "config"])
    for listed, line_no in config_exchange_lists(text, data if isinstance(data, dict) else None, index):
        add("exchanges", [listed, line_no, "config"])
    if isinstance(data, dict):
        ex = data.get("exchange")
        name = ex.get("name") if isinstance(ex, dict) else ex if isinstance(ex, str) else None
        if isinstance(name, str) and (venues.tables().canonical(name.lower()) or venues.venue(name.lower())):
            add("exchanges", [name.lower(), _line_of_key(text, index, "name" if isinstance(ex, dict) else "exchange"),
                              "config"])
        if isinstance(data.get("dry_run"), bool):
            add("dry_run", [bool(data["dry_run"]), _line_of_key(text, index, "dry_run"), "config"])
    else:
        for m in _NESTED_EXCHANGE.finditer(text):  # freqtrade's "exchange": {"name": ...} in JSON with comments
            name = m.group(1).lower()
            if venues.tables().canonical(name) or venues.venue(name):
                add("exchanges", [name, index.pos(m.start(1))[0], "config"])
        for m in _CONFIG_EXCHANGE.finditer(text):
            name = m.group(1).lower()
            if venues.tables().canonical(name) or venues.venue(name):
                add("exchanges", [name, index.pos(m.start(1))[0], "config"])
        for m in _DRY_RUN.finditer(text):
            add("dry_run", [m.group(1).lower() in ("true", "yes", "1"), index.pos(m.start(1))[0], "config"])
    return out


# a config's section of exchange accounts (``exchanges:``/``accounts:``), and a credential's key
_ACCOUNTS_KEY = re.compile(r"(?i)^(?:exchanges|accounts|exchange_accounts|venues|exchange_keys|api_keys|keys)$")
_CRED_KEY = re.compile(r"(?i)key|secret|passphrase|password|token|credential")
_YAML_KEY = re.compile(r"^([ \t]*)[\"']?([A-Za-z0-9_.-]{1,60})[\"']?[ \t]*:[ \t]*(?:#.*)?$")
_YAML_ANY_KEY = re.compile(r"^([ \t]*)[\"']?([A-Za-z0-9_.-]{1,60})[\"']?[ \t]*:")
_TOML_TABLE = re.compile(r"(?m)^[ \t]*\[[ \t]*(?:([A-Za-z0-9_-]+)\.)?([A-Za-z0-9_-]{2,30})[ \t]*\][ \t]*$")


def _exchange_id(name: str) -> Optional[str]:
    low = name.lower()
    if venues.tables().canonical(low) or venues.venue(low):
        return low
    return None


def config_exchange_accounts(text: str, data: Optional[dict], index: LineIndex) -> List[Tuple[str, int]]:
    """Exchanges a config file keeps accounts for: a key that is an exchange id under an
    ``exchanges``/``accounts`` section, or whose section holds credential keys
    (``binance: {apiKey: ..., secret: ...}``, ``kraken:\n  key_env: KRAKEN_KEY``, ``[okx]`` with
    ``api_key = ...``).  JSON from its data; YAML and TOML by their indentation and tables:
    a YAML parser (PyYAML comes with detect-secrets) is not run on a scanned file, because
    alias expansion makes its memory unbounded on hostile input and the lines are needed;
    this reads the two shapes only, as the secrets pass's YAML reader does."""
    out: List[Tuple[str, int]] = []
    if data is not None:
        stack: List[Tuple[Any, str, int]] = [(data, "", 0)]
        while stack and len(out) < 50:
            node, parent, depth = stack.pop()
            if not isinstance(node, dict) or depth > 6:
                continue
            for key, value in node.items():
                if not isinstance(key, str):
                    continue
                ex = _exchange_id(key)
                if ex and isinstance(value, dict) and (_ACCOUNTS_KEY.match(parent) or any(
                        isinstance(k, str) and _CRED_KEY.search(k) for k in value)):
                    out.append((ex, _line_of_key(text, index, key)))
                elif isinstance(value, dict):
                    stack.append((value, key, depth + 1))
        return out
    lines = text.splitlines()
    for i, line in enumerate(lines):
        m = _YAML_KEY.match(line)
        if m is None:
            continue
        ex = _exchange_id(m.group(2))
        if ex is None:
            continue
        indent = len(m.group(1).expandtabs())
        parent = ""
        for prev in reversed(lines[:i]):  # the key this one is nested under
            pm = _YAML_ANY_KEY.match(prev)
            if pm and len(pm.group(1).expandtabs()) < indent:
                parent = pm.group(2)
                break
        creds = False
        for nxt in lines[i + 1:i + 12]:  # the keys nested under it
            nm = _YAML_ANY_KEY.match(nxt)
            if nm is None:
                continue
            if len(nm.group(1).expandtabs()) <= indent:
                break
            creds = creds or bool(_CRED_KEY.search(nm.group(2)))
        if creds or (parent and _ACCOUNTS_KEY.match(parent) and indent > 0):
            out.append((ex, i + 1))
    for m in _TOML_TABLE.finditer(text):
        ex = _exchange_id(m.group(2))
        if ex is None:
            continue
        body = text[m.end():m.end() + 600].split("\n[", 1)[0]
        if m.group(1) and _ACCOUNTS_KEY.match(m.group(1)) or _CONFIG_KEY.search(body) and any(
                _CRED_KEY.search(k.group(1)) for k in _CONFIG_KEY.finditer(body)):
            out.append((ex, index.pos(m.start(2))[0]))
    return out


# ``"exchanges": ["bybit", "okx"]``, ``venues = ["binance"]``, ``exchanges: [kraken, okx]`` or a YAML
# block list under such a key
_LIST_KEY = re.compile(r"(?i)^(?:exchanges|venues|exchange_ids|exchange_list|enabled_exchanges|markets_exchanges)$")
_INLINE_LIST = re.compile(r"(?im)^[ \t]*[\"']?(exchanges|venues|exchange_ids|exchange_list|enabled_exchanges)[\"']?"
                          r"[ \t]*[:=][ \t]*\[([^\]\n]{1,400})\]")
_YAML_ITEM = re.compile(r"^([ \t]*)-[ \t]+[\"']?([A-Za-z0-9_.-]{2,30})[\"']?[ \t]*(?:#.*)?$")


def config_exchange_lists(text: str, data: Optional[dict], index: LineIndex) -> List[Tuple[str, int]]:
    """Exchanges a config lists by id under an ``exchanges``/``venues`` key (a JSON or TOML array,
    a YAML flow or block list): the bot connects to each (``getattr(ccxt, name)``)."""
    out: List[Tuple[str, int]] = []
    if data is not None:
        stack: List[Tuple[Any, int]] = [(data, 0)]
        while stack and len(out) < 50:
            node, depth = stack.pop()
            if not isinstance(node, dict) or depth > 4:
                continue
            for key, value in node.items():
                if isinstance(key, str) and _LIST_KEY.match(key) and isinstance(value, list):
                    for item in value[:50]:
                        ex = _exchange_id(item) if isinstance(item, str) else None
                        if ex:
                            out.append((ex, _line_of_key(text, index, key)))
                elif isinstance(value, dict):
                    stack.append((value, depth + 1))
        return out
    for lm in _INLINE_LIST.finditer(text):
        for item in lm.group(2).split(","):
            ex = _exchange_id(item.strip().strip("\"' "))
            if ex:
                out.append((ex, index.pos(lm.start(2))[0]))
    lines = text.splitlines()
    for i, line in enumerate(lines):
        km = _YAML_KEY.match(line)
        if km is None or not _LIST_KEY.match(km.group(2)):
            continue
        indent = len(km.group(1).expandtabs())
        for j in range(i + 1, min(len(lines), i + 60)):
            im = _YAML_ITEM.match(lines[j])
            if not im:
                if lines[j].strip() and not lines[j].lstrip().startswith("#"):
                    break
                continue
            if len(im.group(1).expandtabs()) < indent:
                break
            ex = _exchange_id(im.group(2))
            if ex:
                out.append((ex, j + 1))
    return out


def _line_of_key(text: str, index: LineIndex, key: str) -> int:
    m = re.search(r"[\"']%s[\"']\s*:" % re.escape(key), text)
    return index.pos(m.start())[0] if m else 1
