"""BOT207: DEBUG logging in a program (any module of the run) with a credentialed ccxt client."""
from __future__ import annotations

import re
from contextlib import contextmanager
from typing import Any, Dict, Iterator, List, Mapping, Optional, Tuple

import libcst as cst

from ...analysis.dataflow import HTTP, LOG_LEVEL, DataFlow, SinkSite, register_link, safe_label, union
from ...analysis.dataflow.collect import url_parts
from ...analysis.dataflow.link import is_project_name
from ...analysis.dataflow.reverse import _relative, call_line
from ...analysis.dataflow.vocab import DEBUG_LEVELS
from ...analysis.imports import dotted
from ...analysis.strings import literal_str
from ...model import Confidence, Severity
from ._family import Bot2Rule, Report


def classify_debug(flow: DataFlow, site: SinkSite, imported: Optional[List[str]] = None) -> Optional[str]:
    """What a logging configuration call sets to DEBUG (the root or the ccxt logger), else None.
    ``imported``: a list to collect the other modules' names the level comes from when their
    facts are not known yet (``level=config.LOG_LEVEL`` in the first walk): taken as DEBUG."""
    flow.__dict__["_level_names"] = imported
    try:
        with _judging(flow, site):
            return _classify(flow, site)
    finally:
        flow.__dict__["_level_names"] = None


@contextmanager
def _judging(flow: DataFlow, site: SinkSite) -> Iterator[None]:
    """The logging configuration call whose level is being read (``_bound_value`` takes the
    names bound before it)."""
    flow.__dict__["_level_site"] = site
    try:
        yield
    finally:
        flow.__dict__["_level_site"] = None


def _classify(flow: DataFlow, site: SinkSite) -> Optional[str]:
    col = flow.col
    node = site.call
    if node is None:
        return None
    resolved = col.imports.resolve(node.func) or ""
    if resolved in ("logging.basicConfig", "coloredlogs.install", "logzero.loglevel"):
        if resolved == "coloredlogs.install" and any(a.keyword and a.keyword.value == "logger" for a in node.args):
            return None  # installs on that logger, not the root
        lvl = next((a.value for a in node.args if a.keyword and a.keyword.value == "level"), None)
        if lvl is None and resolved != "logging.basicConfig" and node.args and node.args[0].keyword is None:
            lvl = node.args[0].value
        if lvl is not None and _is_debug(flow, lvl):
            return f"{resolved}(level=DEBUG)"
        return None
    if resolved == "logging.config.dictConfig" and node.args:
        if _dict_config_debug(flow, site, node.args[0].value):
            return "a logging dictConfig with a DEBUG root or ccxt logger"
        return None
    if isinstance(node.func, cst.Attribute) and node.func.attr.value == "setLevel" and node.args:
        if not _is_debug(flow, node.args[0].value):
            return None
        recv = node.func.value
        rd = col.imports.resolve(recv) or ""
        if rd == "logging.root":
            return "the root logger set to DEBUG"
        if isinstance(recv, cst.Call):
            desc = col.root_logger_desc(recv)
            return f"the {desc} logger set to DEBUG" if desc else None
        if (dotted(recv) or "") in col.root_loggers:
            return f"the {col.root_loggers[dotted(recv) or '']} logger set to DEBUG"
    return None


def _is_debug(flow: DataFlow, node: cst.CSTNode, depth: int = 0) -> bool:
    """DEBUG, also under a condition (``DEBUG if args.debug else INFO``), through a module
    constant, or as the default of an environment look-up (``os.getenv("LOG_LEVEL", "DEBUG")``)."""
    if depth > 3:
        return False
    col = flow.col
    if isinstance(node, cst.IfExp):
        return _is_debug(flow, node.body, depth + 1) or _is_debug(flow, node.orelse, depth + 1)
    if isinstance(node, cst.Name) and node.value in col.levels:
        return col.levels[node.value] in DEBUG_LEVELS
    if isinstance(node, cst.Name):
        # level = os.getenv("LOG_LEVEL", "DEBUG").upper() in the configuring function
        value = _bound_value(flow, node.value)
        if value is not None:
            return _is_debug(flow, value, depth + 1)
    if isinstance(node, cst.Attribute) and isinstance(node.value, cst.Name) and node.attr.value in col.cli_levels:
        # ``args.log_level`` of ``add_argument("--log-level", default="DEBUG")``: DEBUG unless told
        return col.cli_levels[node.attr.value] in DEBUG_LEVELS
    if isinstance(node, cst.Attribute) and not _is_debug_literal(node):
        # ``CONFIG.log_level`` / ``Settings().log_level``: a field of a settings class of this
        # module, its default or the value the instance was built with
        value = _field_value(flow, node)
        if value is not None:
            return _is_debug(flow, value, depth + 1)
    if isinstance(node, (cst.Name, cst.Attribute)) and not _is_debug_literal(node):
        # a level another module defines (``from config import LOG_LEVEL``, ``config.LOG_LEVEL``,
        # ``CONFIG.log_level`` of a settings instance there)
        fact = flow.resolver.linked(node) if col.linked else None
        if fact is not None and fact.get("kind") == "level":
            return bool(fact.get("debug"))
        names = flow.__dict__.get("_level_names")
        q = flow.qualified(node)
        last = q.rsplit(".", 1)[-1] if q else ""
        if names is not None and q and is_project_name(q) and (
                last.isupper() or isinstance(node, cst.Attribute) and "level" in last.lower()):
            names.append(q)
            return True
        return False
    if isinstance(node, cst.Call):
        f = col.imports.resolve(node.func) or dotted(node.func) or ""
        if f.endswith(("getenv", "environ.get")) and len(node.args) >= 2:
            return _is_debug(flow, node.args[1].value, depth + 1)
        if isinstance(node.func, cst.Attribute) and node.func.attr.value == "upper":
            return _is_debug(flow, node.func.value, depth + 1)
        if f == "getattr" and len(node.args) >= 2:  # getattr(logging, args.log_level)
            return _is_debug(flow, node.args[1].value, depth + 1)
        return False
    return _is_debug_literal(node)


def _bound_value(flow: DataFlow, name: str) -> Optional[cst.CSTNode]:
    """The value ``name`` was last bound to before the logging call being judged, in its
    function (or the module), when it is one plain binding."""
    site: Optional[SinkSite] = flow.__dict__.get("_level_site")
    if site is None:
        return None
    for sc in (site.scope, flow.col.module):
        evs = [e for e in sc.assigns.get(name, ()) if e.seq <= site.seq or sc is not site.scope]
        if evs:
            last = evs[-1]
            return last.value if last.mode == "value" else None
    return None


def _field_value(flow: DataFlow, node: cst.Attribute) -> Optional[cst.CSTNode]:
    """The value of ``X.field`` when ``X`` is an instance of a class of this module (a module
    name bound to ``Config(...)``, or ``Config(...)`` itself): the keyword the instance was
    built with, else the class's default for the field."""
    base: Optional[cst.CSTNode] = node.value
    if isinstance(base, cst.Name):
        evs = flow.col.module.assigns.get(base.value) or []
        base = evs[-1].value if evs and evs[-1].mode == "value" else None
    if not isinstance(base, cst.Call) or not isinstance(base.func, cst.Name):
        return None
    cls = flow.col.class_by_name.get(base.func.value)
    if cls is None:
        return None
    attr = node.attr.value
    given = next((a.value for a in base.args if a.keyword is not None and a.keyword.value == attr), None)
    return given if given is not None else class_default(cls.node, attr)


def class_default(cls: cst.ClassDef, attr: str) -> Optional[cst.CSTNode]:
    """The default a class body gives ``attr`` (``log_level: str = "DEBUG"``,
    ``LOG_LEVEL = os.getenv("LOG_LEVEL", "DEBUG")``, ``Field("DEBUG")``), else None."""
    body = cls.body.body if isinstance(cls.body, cst.IndentedBlock) else ()
    value: Optional[cst.CSTNode] = None
    for stmt in body:
        for small in stmt.body if isinstance(stmt, cst.SimpleStatementLine) else ():
            if isinstance(small, cst.AnnAssign) and isinstance(small.target, cst.Name) \
                    and small.target.value == attr:
                value = small.value
            elif isinstance(small, cst.Assign) and any(
                    isinstance(t.target, cst.Name) and t.target.value == attr for t in small.targets):
                value = small.value
    if isinstance(value, cst.Call) and (dotted(value.func) or "").rsplit(".", 1)[-1] in ("field", "Field"):
        value = next((a.value for a in value.args if a.keyword is None and not a.star), None) or next(
            (a.value for a in value.args if a.keyword is not None and a.keyword.value == "default"), None)
    return value


def _is_debug_literal(node: cst.CSTNode) -> bool:
    d = dotted(node)
    if d and d.rsplit(".", 1)[-1] in DEBUG_LEVELS:
        return True
    s = literal_str(node)
    if s is not None and s.upper() in DEBUG_LEVELS:
        return True
    return isinstance(node, cst.Integer) and node.value in ("10",)


def _dict_config_debug(flow: DataFlow, site: SinkSite, cfg: Optional[cst.CSTNode]) -> bool:
    if isinstance(cfg, cst.Name):
        # the value the name had when the call ran (its events before the call)
        evs = [e for e in site.scope.assigns.get(cfg.value, ()) if e.seq <= site.seq] or [
            e for e in flow.col.module.assigns.get(cfg.value, ()) if e.seq <= site.seq]
        cfg = evs[-1].value if evs and evs[-1].mode == "value" else None
    if not isinstance(cfg, cst.Dict):
        return False

    def level_of(d: cst.CSTNode) -> bool:
        if isinstance(d, cst.Dict):
            for el in d.elements:
                if isinstance(el, cst.DictElement) and literal_str(el.key) == "level":
                    return _is_debug(flow, el.value)
        return False

    for el in cfg.elements:
        if not isinstance(el, cst.DictElement):
            continue
        k = literal_str(el.key)
        if k == "root" and level_of(el.value):
            return True
        if k == "loggers" and isinstance(el.value, cst.Dict):
            for sub in el.value.elements:
                if isinstance(sub, cst.DictElement):
                    name = literal_str(sub.key)
                    if name is not None and (name in ("", "root") or name.startswith("ccxt")) and level_of(sub.value):
                        return True
    return False


class DebugLoggingWithCredentials(Bot2Rule):
    """## What it does
    Reports `logging.basicConfig(level=logging.DEBUG)` (or the root or `ccxt` logger set to
    DEBUG) in a module that builds a ccxt client with credentials; and http.client's wire
    debugging (`http.client.HTTPConnection.debuglevel = 1`, `conn.set_debuglevel(1)`) in a
    module whose requests carry a credential (a header such as `X-MBX-APIKEY`, a query
    parameter, a credentialed ccxt client).

    ## Why is this bad?
    ccxt logs every request at DEBUG on the `ccxt.base.exchange` logger, headers included, so
    a DEBUG root logger writes the API key (and OKX/Bitget/Coinbase passphrases in plain text)
    to every log handler.  http.client's debuglevel prints each request line and header
    (`send: b'GET /api/v3/account ... X-MBX-APIKEY: ...'`) to stdout, whatever the log level.

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

    The level may come from a constant, an environment look-up's default
    (`os.getenv("LOG_LEVEL", "DEBUG")`), a variable of the configuring function, an argparse
    default, or a field of a settings object (`CONFIG.log_level` of a dataclass or pydantic
    settings instance whose default is DEBUG), here or in another module.

    ## Known problems
    Across modules (the client built in `exchange.py`, DEBUG configured in `main.py`, or the
    level a `LOG_LEVEL` constant of `config.py`), the finding is made once per run at the DEBUG
    configuration, citing the client, when the run links modules; a run over one of the files
    alone sees only what that file does.

    ## References
    - [CWE-532](https://cwe.mitre.org/data/definitions/532.html)
    """

    CODE = "BOT207"
    NAME = "debug-logging-with-credentials"
    SEVERITY = Severity.MEDIUM
    CONFIDENCE = Confidence.MEDIUM
    CWE = 532
    MESSAGE = "DEBUG logging in a program with a credentialed ccxt client"
    VALID = (
        'import ccxt, logging, os\nlogging.basicConfig(level=logging.INFO)\n'
        'ex = ccxt.binance({"apiKey": os.environ["BINANCE_API_KEY"], "secret": os.environ["BINANCE_API_SECRET"]})\n',
    )
    INVALID = (
        'import ccxt, logging, os\nlogging.basicConfig(level=logging.DEBUG)\n'
        'ex = ccxt.binance({"apiKey": os.environ["BINANCE_API_KEY"], "secret": os.environ["BINANCE_API_SECRET"]})\n',
    )

    def visit_Module(self, node: cst.Module) -> None:
        self._wire: List[cst.CSTNode] = []  # http.client wire debugging switched on

    def visit_Assign(self, node: cst.Assign) -> None:
        """``http.client.HTTPConnection.debuglevel = 1``: every request and its headers are
        printed to stdout (the snippet that "turns on requests debugging")."""
        for t in node.targets:
            tgt = t.target
            if (isinstance(tgt, cst.Attribute) and tgt.attr.value == "debuglevel" and _nonzero(node.value)
                    and _HTTP_CONNECTION.match(self.ctx.imports.resolve(tgt.value) or "")):
                self._wire.append(node)

    def visit_Call(self, node: cst.Call) -> None:
        func = node.func
        if (isinstance(func, cst.Attribute) and func.attr.value == "set_debuglevel" and node.args
                and _nonzero(node.args[0].value) and self.ctx.imports.imports_module("http.client")):
            self._wire.append(node)
        if node.args and node.args[0].keyword is None and self.ctx.imports.imports_module("telegram"):
            level = _telegram_token_call(self.ctx.imports, node)
            if level:  # ApplicationBuilder().token(TOKEN): every request URL holds the token
                DataFlow.shared(self.ctx).add_site(level, node, "python-telegram-bot", [node.args[0].value])

    def _wire_reports(self, flow: DataFlow) -> List[Report]:
        """Wire debugging in a module whose requests carry a credential (a header, a query
        parameter, a credentialed ccxt client's signed requests)."""
        if not getattr(self, "_wire", None):
            return []
        creds: List = []
        for site in flow.sites(HTTP):
            creds.extend(s for s in flow.taint(site) if s.strong and not s.obj)
        for _rec, cs in flow.credentialed_clients():
            creds.extend(cs)
        if not creds:
            return []
        return [Report(node, creds, "is sent in this module's requests while http.client's debuglevel is on: "
                       "it prints every request with its headers to stdout") for node in self._wire]

    def extra(self, flow: DataFlow) -> List[Report]:
        wire = self._wire_reports(flow)
        return wire + self._level_reports(flow) + self._url_log_reports(flow)

    def _url_log_reports(self, flow: DataFlow) -> List[Report]:
        """Logging at INFO (httpx) or DEBUG (urllib3, under requests) in a module whose request
        URLs hold a credential: those libraries log every request's URL at that level, so the
        log gets the token (python-telegram-bot puts the bot token in every URL)."""
        levels = flow.sites(LOG_LEVEL)
        if not levels:
            return []
        info: List = []  # sources of URLs httpx logs at INFO
        debug: List = []  # sources of URLs urllib3 logs at DEBUG
        for site in flow.sites(_URL_INFO, _URL_DEBUG):
            (info if site.kind == _URL_INFO else debug).extend(s for s in flow.taint(site) if s.strong)
        for site in flow.sites(HTTP):
            lib = _http_library(flow, site)
            if lib:
                taint = union(flow.eval(e, site) for e in url_parts(site))  # the URL and its query
                srcs = [s for s in taint if s.strong and s.param < 0 and not s.obj]
                (info if lib == "httpx" else debug).extend(srcs)
        if not info and not debug:
            return []
        configured = [(site, got) for site in levels for got in (_logger_level(flow, site),) if got]
        for site, (logger, level, what) in configured:
            if level == "OTHER":
                continue
            text = self.ctx.source or ""
            if info and logger in ("root", "httpx") and not _quiets(configured, text, "httpx"):
                return [Report(site.node, info, "is in the URL of requests made with httpx, which logs every request "
                               f"URL at INFO, and {what} sends INFO to the log: add "
                               "logging.getLogger(\"httpx\").setLevel(logging.WARNING)")]
            if level == "DEBUG" and debug and logger != "httpx" and not _quiets(configured, text, "urllib3"):
                return [Report(site.node, debug, "is in the URL of requests made with requests/urllib3, which logs "
                               f"every request's path and query at DEBUG, and {what} sends DEBUG to the log")]
        return []

    def _level_reports(self, flow: DataFlow) -> List[Report]:
        credentialed = flow.credentialed_clients()
        sites = flow.sites(LOG_LEVEL)
        if not sites:
            return []
        if not credentialed:
            return _across_modules(flow, sites)
        rec, creds = credentialed[0]
        out = []
        for site in sites:
            desc = classify_debug(flow, site)
            if desc:
                out.append(Report(site.node, creds, f"is held by ccxt client {safe_label(rec.target, 'client')} "
                                  f"while {desc} is configured: ccxt's debug log writes request headers with the key"))
        return out


# rule-made sites (DataFlow.add_site): a Telegram bot token given to python-telegram-bot, whose
# HTTP client logs every request URL at INFO (v20+, httpx) or at DEBUG (v13 Updater, urllib3)
_URL_INFO = "url-logged-at-info"
_URL_DEBUG = "url-logged-at-debug"


def _telegram_token_call(imports, call: cst.Call) -> Optional[str]:
    """The level at which the library of a python-telegram-bot call taking a bot token logs
    its request URLs: ``ApplicationBuilder().token(T)``, ``Application.builder().token(T)``,
    ``Bot(T)`` (httpx: INFO), ``Updater(T)`` of v13 (urllib3: DEBUG); else None."""
    func = call.func
    if isinstance(func, cst.Attribute) and func.attr.value == "token":
        inner: Optional[cst.CSTNode] = func.value
        while isinstance(inner, (cst.Call, cst.Attribute)):
            name = imports.resolve(inner.func if isinstance(inner, cst.Call) else inner) or ""
            if name.startswith("telegram."):
                return _URL_INFO
            inner = inner.func.value if isinstance(inner, cst.Call) and isinstance(inner.func, cst.Attribute) else (
                inner.value if isinstance(inner, cst.Attribute) else None)
        return None
    name = imports.resolve(func) or ""
    if name in ("telegram.Bot", "telegram.ExtBot", "telegram.ext.ExtBot"):
        return _URL_INFO
    if name == "telegram.ext.Updater":
        return _URL_DEBUG
    return None


def _http_library(flow: DataFlow, site: SinkSite) -> Optional[str]:
    """"httpx" or "requests" for a request made with one of them (module functions, or a
    client of a module that imports only that one), else None."""
    call = site.node
    if not isinstance(call, cst.Call):
        return None
    imports = flow.col.imports
    name = imports.resolve(call.func) or ""
    if name.startswith("httpx."):
        return "httpx"
    if name.startswith(("requests.", "urllib3.")):
        return "requests"
    if name:
        return None
    has_httpx, has_requests = imports.imports_module("httpx"), imports.imports_module("requests")
    if has_httpx != has_requests:
        return "httpx" if has_httpx else "requests"
    return None


def _logger_level(flow: DataFlow, site: SinkSite) -> Optional[Tuple[str, str, str]]:
    """(logger, level, what) a logging configuration call sets: the logger "root" or an HTTP
    library's, the level "DEBUG", "INFO" or "OTHER" (another, or one not known here), and the
    call as a message says it (``logging.basicConfig(level=INFO)``); None for other calls."""
    node = site.call
    if node is None:
        return None
    if (flow.col.imports.resolve(node.func) or "") == "logging.basicConfig":
        logger, what = "root", "logging.basicConfig(level={})"
        lvl = next((a.value for a in node.args if a.keyword and a.keyword.value == "level"), None)
        if lvl is None:
            return None
    elif isinstance(node.func, cst.Attribute) and node.func.attr.value == "setLevel" and node.args:
        recv = node.func.value
        lib = _library_logger(flow, recv)
        if lib:
            logger, what = lib, f'the "{lib}" logger set to {{}}'
        elif (isinstance(recv, cst.Call) and flow.col.root_logger_desc(recv) == "root") \
                or (flow.col.imports.resolve(recv) or "") == "logging.root":
            logger, what = "root", "the root logger set to {}"
        else:
            return None
        lvl = node.args[0].value
    else:
        return None
    with _judging(flow, site):
        level = "DEBUG" if _is_debug(flow, lvl) else "INFO" if _is_info(flow, lvl) else "OTHER"
    return logger, level, what.format(level)


_LIBRARY_LOGGERS = ("httpx", "urllib3", "requests.packages.urllib3", "urllib3.connectionpool")


def _library_logger(flow: DataFlow, recv: cst.CSTNode) -> Optional[str]:
    """``logging.getLogger("urllib3")``: the HTTP library's logger it names, else None."""
    if isinstance(recv, cst.Call) and (flow.col.imports.resolve(recv.func) or "") == "logging.getLogger" \
            and recv.args:
        name = literal_str(recv.args[0].value)
        return name if name in _LIBRARY_LOGGERS else None
    return None


def _is_info(flow: DataFlow, node: cst.CSTNode) -> bool:
    if isinstance(node, cst.IfExp):
        return _is_info(flow, node.body) or _is_info(flow, node.orelse)
    if isinstance(node, cst.Name) and node.value in flow.col.levels:
        return flow.col.levels[node.value] == "INFO"
    d = dotted(node)
    s = literal_str(node)
    return bool(d and d.rsplit(".", 1)[-1] == "INFO") or (s is not None and s.upper() == "INFO") or (
        isinstance(node, cst.Integer) and node.value == "20")


def _quiets(configured: List[Tuple[SinkSite, Tuple[str, str, str]]], text: str, logger: str) -> bool:
    """The module quiets that library's logger: sets it to a level above INFO
    (``logging.getLogger("httpx").setLevel(logging.WARNING)``), or names it some other way (a
    dictConfig entry, ``.disabled = True``): taken as quieted (precision first), unless all it
    does is turn it up."""
    levels = [level for _site, (name, level, _what) in configured if name.split(".")[0] == logger]
    if levels:
        return "OTHER" in levels
    return f'"{logger}"' in text or f"'{logger}'" in text


_HTTP_CONNECTION = re.compile(r"^http\.client\.HTTPS?Connection$")


def _nonzero(node: cst.CSTNode) -> bool:
    return (isinstance(node, cst.Integer) and node.value not in ("0", "0x0")) or (
        isinstance(node, cst.Name) and node.value == "True")


# -- across modules (the link step): the client in one module, DEBUG configured in another ---------

def _across_modules(flow: DataFlow, sites: List[SinkSite]) -> List[Report]:
    """The first DEBUG configuration of a module the closure chose (``@debug_clients``: a
    credentialed client of another module of the run), reported citing that client."""
    module = str(getattr(flow.ctx, "module_name", "") or "")
    fact = flow.col.linked.get(f"{module}.@debug_clients") if module else None
    client = fact.get("client") if isinstance(fact, Mapping) else None
    if not isinstance(client, Mapping) or not client.get("cred"):
        return []
    for site in sites:
        desc = classify_debug(flow, site)
        if not desc or "ccxt" not in desc and _names_ccxt_logger(flow):
            continue
        path = "/".join(str(p) for p in client.get("path") or ()) or str(client.get("module") or "")
        more = int(fact.get("more") or 0) if isinstance(fact, Mapping) else 0
        src = flow.resolver.src(safe_label(str(client.get("label") or "")), str(client.get("origin") or "a look-up"),
                                None, str(client["cred"]), bool(client.get("strong")))
        also = f" (and {more} more client{'s' if more > 1 else ''})" if more else ""
        name = safe_label(str(client.get("client") or ""), "")
        held = f"ccxt client {name}" if name and name != "client" else "a ccxt client"
        return [Report(site.node, [src], f"is held by {held} in {path}:{client.get('line')}{also} "
                       f"while {desc} is configured: ccxt's debug log writes request headers with the key")]
    return []


_CCXT_LOGGER = re.compile(r"""['"]ccxt(?:\.[\w.]*)?['"]""")


def _names_ccxt_logger(flow: DataFlow) -> bool:
    """The module names the ccxt logger (``{"ccxt.base.exchange": logging.INFO}``,
    ``getLogger("ccxt")``): it gives ccxt its own level, so a DEBUG root is not what decides
    whether requests are logged (when that level is DEBUG, the configuration says so itself)."""
    return bool(_CCXT_LOGGER.search(str(getattr(flow.ctx, "source", "") or "")))


def _export(flow: DataFlow) -> Tuple[Dict[str, dict], List[str]]:
    """``@cred_client`` (the module's first credentialed ccxt client), ``@debug_level`` (its
    DEBUG configurations, sure or through another module's level), and its module-level level
    constants (``LOG_LEVEL = "DEBUG"``): for :func:`_close`."""
    module = str(getattr(flow.ctx, "module_name", "") or "")
    facts: Dict[str, dict] = {}
    wanted: List[str] = []
    if not module:
        return facts, wanted
    display = str(getattr(flow.ctx, "path", "") or "").replace("\\", "/")
    path = [p for p in display.split("/") if p]
    if display.startswith("/") and path:
        path[0] = "/" + path[0]
    credentialed = flow.credentialed_clients()
    if credentialed:
        rec, creds = credentialed[0]
        first = sorted(creds, key=lambda s: (not s.strong, s.label))[0]
        facts["@cred_client"] = {"kind": "cred_client", "client": safe_label(rec.target, "client"),
                                 "label": safe_label(first.label), "origin": first.origin, "cred": first.kind,
                                 "strong": first.strong, "line": call_line(flow, rec.ctor), "path": path}
    sure, maybe = 0, []
    for site in flow.sites(LOG_LEVEL):
        names: List[str] = []
        desc = classify_debug(flow, site, names)
        if desc and "ccxt" not in desc and _names_ccxt_logger(flow):
            continue  # the module sets the ccxt logger's own level (freqtrade: INFO unless -vvv)
        if desc:
            if names:
                # part by part, relative to this module: the engine masks random-looking strings
                # in facts, and a checkout directory can look random where the names do not
                own = module.split(".")
                maybe.append([_relative(q, own) for q in names[:4]])
                wanted.extend(names[:4])  # the re-lint judges the level with their facts
            else:
                sure += 1
    if sure or maybe:
        facts["@debug_level"] = {"kind": "debug_level", "sure": sure, "maybe": maybe, "path": path}
        wanted.append(f"{module}.@debug_clients")
    for name, evs in flow.col.module.assigns.items():
        value = evs[-1].value if evs and evs[-1].mode == "value" else None
        if value is not None and name.isupper() and "LEVEL" in name and _is_debug(flow, value):
            facts[name] = {"kind": "level", "debug": True}
        for field in _level_fields(flow, value):
            facts[f"{name}.{field}"] = {"kind": "level", "debug": True}
    return facts, wanted


def _level_fields(flow: DataFlow, value: Optional[cst.CSTNode]) -> List[str]:
    """The level fields (``log_level``, ``LOG_LEVEL``) of a module-level instance of a class of
    this module (``CONFIG = Config()``) that are DEBUG (``CONFIG.log_level`` in another module)."""
    if not isinstance(value, cst.Call) or not isinstance(value.func, cst.Name):
        return []
    cls = flow.col.class_by_name.get(value.func.value)
    if cls is None or not isinstance(cls.node.body, cst.IndentedBlock):
        return []
    out: List[str] = []
    for stmt in cls.node.body.body:
        for small in stmt.body if isinstance(stmt, cst.SimpleStatementLine) else ():
            target = small.target if isinstance(small, cst.AnnAssign) else (
                small.targets[0].target if isinstance(small, cst.Assign) and len(small.targets) == 1 else None)
            name = target.value if isinstance(target, cst.Name) else ""
            if "level" in name.lower() and name not in out and _is_debug(
                    flow, cst.Attribute(value, cst.Name(name))):
                out.append(name)
    return out[:4]


def _close(out: Dict[str, dict], split, in_run) -> None:
    """One ``@debug_clients`` per program: to the first module of the run (by name) that
    configures DEBUG logging, when no module of its program has both (that module reports it
    itself).  A program is approximated by directories (:func:`_programs`): a run over a folder
    of unrelated bots must not tie one bot's DEBUG configuration to another bot's client."""
    clients = [(m, out[m]["@cred_client"]) for m in sorted(out)
               if isinstance(out[m], dict) and isinstance(out[m].get("@cred_client"), dict)]
    if not clients:
        return

    def is_debug_level(qualified: str, near: str) -> bool:
        hit = split(qualified, near) if callable(split) else None
        facts = out.get(hit[0]) if hit is not None else None
        fact = facts.get(hit[1]) if isinstance(facts, dict) and hit is not None else None
        return isinstance(fact, dict) and fact.get("kind") == "level" and bool(fact.get("debug"))

    debug: List[Tuple[str, dict]] = []
    for m in sorted(out):
        level: Any = out[m].get("@debug_level") if isinstance(out[m], dict) else None
        if not isinstance(level, dict):
            continue
        if level.get("sure") or any(isinstance(names, list) and any(is_debug_level(_absolute(q, m), m) for q in names)
                                    for names in level.get("maybe") or ()):
            debug.append((m, level))
    if not debug:
        return
    program = _programs([c.get("path") for _m, c in clients] + [lv.get("path") for _m, lv in debug])
    client_keys = program[:len(clients)]
    done: set = set()
    for (m, _level), key in zip(debug, program[len(clients):]):
        if key in done:
            continue
        mine = [(cm, c) for (cm, c), ck in zip(clients, client_keys) if _same_program(key, ck)]
        if not mine or any(cm == dm for cm, _c in mine for dm, _lv in debug):
            continue  # no client in its program, or a module with both reports it
        if in_run is not None and m not in in_run:
            continue
        done.add(key)
        module, client = mine[0]
        out[m]["@debug_clients"] = {"kind": "debug_clients", "client": {**client, "module": module},
                                    "more": len(mine) - 1}


def _absolute(name: Any, module: str) -> str:
    """A name of ``@debug_level``'s ``maybe`` (``[shared parts, rest...]``, see
    :func:`~botlint.analysis.dataflow.reverse._relative`) made whole again from ``module``."""
    if isinstance(name, list) and name and isinstance(name[0], int):
        return ".".join(module.split(".")[:name[0]] + [str(p) for p in name[1:]])
    return str(name)


def _programs(paths: List[Any]) -> List[str]:
    """Each module's program key: the first directory under the directory all of them share
    ("" for a module sitting in that shared directory itself, a script that may import any
    of them).  Modules under one package are one program; ``bots/a/`` and ``bots/b/`` are two."""
    dirs = [[str(p) for p in path[:-1]] if isinstance(path, list) else [] for path in paths]
    common = 0
    if dirs:
        while all(len(d) > common and d[common] == dirs[0][common] for d in dirs):
            common += 1
    return [d[common] if len(d) > common else "" for d in dirs]


def _same_program(a: str, b: str) -> bool:
    return a == b or not a or not b


register_link(_export, _close)
