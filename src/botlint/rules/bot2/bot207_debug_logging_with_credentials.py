"""BOT207: DEBUG logging in a module with a credentialed ccxt client."""
from __future__ import annotations

from typing import List, Optional

import libcst as cst

from ...analysis.dataflow import LOG_LEVEL, DataFlow, SinkSite, safe_label
from ...analysis.dataflow.vocab import DEBUG_LEVELS
from ...analysis.imports import dotted
from ...analysis.strings import literal_str
from ...model import Confidence, Severity
from ._family import Bot2Rule, Report


def classify_debug(flow: DataFlow, site: SinkSite) -> Optional[str]:
    """What a logging configuration call sets to DEBUG (the root or the ccxt logger), else None."""
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
    if isinstance(node, cst.Call):
        f = col.imports.resolve(node.func) or dotted(node.func) or ""
        if f.endswith(("getenv", "environ.get")) and len(node.args) >= 2:
            return _is_debug(flow, node.args[1].value, depth + 1)
        if isinstance(node.func, cst.Attribute) and node.func.attr.value == "upper":
            return _is_debug(flow, node.func.value, depth + 1)
        return False
    return _is_debug_literal(node)


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

    def extra(self, flow: DataFlow) -> List[Report]:
        credentialed = flow.credentialed_clients()
        sites = flow.sites(LOG_LEVEL)
        if not credentialed or not sites:
            return []
        rec, creds = credentialed[0]
        out = []
        for site in sites:
            desc = classify_debug(flow, site)
            if desc:
                out.append(Report(site.node, creds, f"is held by ccxt client {safe_label(rec.target, 'client')} "
                                  f"while {desc} is configured: ccxt's debug log writes request headers with the key"))
        return out
