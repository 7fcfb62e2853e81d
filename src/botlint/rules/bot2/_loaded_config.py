"""A config loader that logs the whole loaded config, whose callers read credentials from it.

``cfg = yaml.safe_load(fh); logger.info("loaded config: %s", cfg); return cfg`` shows nothing
by itself: the file's content is not known here.  It becomes a leak when the loader's result
is used as a credential container (``cfg["kucoin"]["secret"]``, ``cfg.api_secret``) by a caller
in the same module or in another module of the run: then the config holds the key, and the log
line writes it out.  BOT201 reports at the log call, citing the caller's read.

Across modules this rides the link (:func:`register_link`): a loader module exports
``@loaders`` (its functions that log their loaded data) and wants ``@load_used``; a caller
exports ``@loaded_uses`` (the imported functions whose result it reads credentials from); the
closer hands each use to the loader's module.  Facts carry labels and lines, never a value.
"""
from __future__ import annotations

from typing import Dict, Iterator, List, Optional, Tuple

import libcst as cst

from ...analysis.dataflow import LOG, DataFlow, Scope, SinkSite, register_link, safe_label
from ...analysis.dataflow.reverse import call_line
from ...analysis.dataflow.vocab import DATA_LOADERS
from ...analysis.imports import dotted


def _scopes(flow: DataFlow) -> Iterator[Scope]:
    col = flow.col
    yield col.module
    yield from col.functions.values()
    for cls in col.class_by_name.values():
        yield from cls.methods.values()


def loader_sites(flow: DataFlow) -> Iterator[Tuple[SinkSite, str]]:
    """(log site, function name) for each log call in a module function that logs a name
    bound to a data loader's result (``json.load``, ``yaml.safe_load``) and returns it."""
    col = flow.col
    for site in flow.sites(LOG):
        sc = site.scope
        if sc.kind != "function" or not sc.name:
            continue
        returned = {dotted(ev.value) for ev in sc.returns if ev.value is not None}
        for name in _logged_names(site):
            evs = sc.assigns.get(name) or []
            if name not in returned or not evs or evs[-1].mode != "value":
                continue
            value = evs[-1].value
            if isinstance(value, cst.Call):
                made = col.imports.resolve(value.func) or dotted(value.func) or ""
                if made.endswith(DATA_LOADERS):
                    yield site, sc.name
                    break


def _logged_names(site: SinkSite) -> Iterator[str]:
    """Names logged whole: an argument, or an f-string's expression (``f"config={config}"``)."""
    for e in site.exprs:
        if isinstance(e, cst.Name):
            yield e.value
        elif isinstance(e, cst.FormattedString):
            for part in e.parts:
                if isinstance(part, cst.FormattedStringExpression) and isinstance(part.expression, cst.Name):
                    yield part.expression.value


def local_use(flow: DataFlow, func: str) -> Optional[str]:
    """The credential read of a caller in this module from ``func()``'s result, else None."""
    for sc in _scopes(flow):
        for name, evs in sc.assigns.items():
            if name in sc.containers and any(_calls(ev.value, func) for ev in evs if ev.mode == "value"):
                return sc.containers[name][0]
    return None


def _calls(value: Optional[cst.CSTNode], func: str) -> bool:
    value = value.expression if isinstance(value, cst.Await) else value
    return isinstance(value, cst.Call) and isinstance(value.func, cst.Name) and value.func.value == func


def _path(flow: DataFlow) -> List[str]:
    display = str(getattr(flow.ctx, "path", "") or "").replace("\\", "/")
    path = [p for p in display.split("/") if p]
    if display.startswith("/") and path:
        path[0] = "/" + path[0]
    return path


def _export(flow: DataFlow) -> Tuple[Dict[str, dict], List[str]]:
    module = str(getattr(flow.ctx, "module_name", "") or "")
    facts: Dict[str, dict] = {}
    wanted: List[str] = []
    if not module:
        return facts, wanted
    loaders = sorted({func for _site, func in loader_sites(flow)})
    if loaders:
        facts["@loaders"] = {"kind": "loaders", "functions": loaders[:16]}
        wanted.append(f"{module}.@load_used")
    uses: List[dict] = []
    col = flow.col
    for caller, _seq, call, qualified in col.import_calls:
        for name, evs in caller.assigns.items():
            if name in caller.containers and any(ev.value is call for ev in evs if ev.mode == "value"):
                uses.append({"calls": qualified, "label": f"{safe_label(name, 'config')}[...]",
                             "line": call_line(flow, call), "path": _path(flow)})
        if len(uses) >= 16:
            break
    if uses:
        facts["@loaded_uses"] = {"kind": "loaded_uses", "uses": uses}
    return facts, wanted


def _close(out: Dict[str, dict], split, in_run) -> None:
    for m in sorted(out):
        facts = out[m]
        fact = facts.get("@loaded_uses") if isinstance(facts, dict) else None
        if not isinstance(fact, dict):
            continue
        for use in fact.get("uses") or ():
            hit = split(str(use.get("calls") or ""), m) if callable(split) else None
            if hit is None:
                continue
            target = out.get(hit[0])
            if not isinstance(target, dict):
                continue
            loaders = target.get("@loaders")
            if not isinstance(loaders, dict) or hit[1] not in (loaders.get("functions") or ()):
                continue
            if in_run is not None and hit[0] not in in_run:
                continue
            used = target.setdefault("@load_used", {"kind": "load_used", "uses": {}})
            used["uses"].setdefault(hit[1], use)


register_link(_export, _close)


def linked_use(flow: DataFlow, func: str) -> Optional[str]:
    """``label (path:line)`` of another module's credential read from ``func()``'s result."""
    module = str(getattr(flow.ctx, "module_name", "") or "")
    fact = flow.col.linked.get(f"{module}.@load_used") if module else None
    use = (fact.get("uses") or {}).get(func) if isinstance(fact, dict) else None
    if not isinstance(use, dict):
        return None
    path = "/".join(str(p) for p in use.get("path") or ())
    return f"{safe_label(str(use.get('label') or 'a credential'))} ({path}:{use.get('line')})"
