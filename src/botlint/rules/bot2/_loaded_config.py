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
from ...walker import walk


def _scopes(flow: DataFlow) -> Iterator[Scope]:
    col = flow.col
    yield col.module
    yield from col.functions.values()
    for cls in col.class_by_name.values():
        yield from cls.methods.values()


def loader_sites(flow: DataFlow) -> Iterator[Tuple[SinkSite, str]]:
    """(log site, function name) for each log call in a module function that logs a name
    bound to a data loader's result (``json.load``, ``yaml.safe_load``) and returns it."""
    for site in flow.sites(LOG):
        sc = site.scope
        if sc.kind != "function" or not sc.name:
            continue
        returned = {dotted(ev.value) for ev in sc.returns if ev.value is not None}
        for name in _logged_names(site):
            evs = sc.assigns.get(name) or []
            if name not in returned or not evs or evs[-1].mode != "value":
                continue
            if _loaded(flow, evs[-1].value):
                yield site, sc.name
                break


# calls that show their first argument whole: ``json.dumps(cfg)``, ``pformat(cfg)``, ``str(cfg)``
_DUMPERS = frozenset({"dumps", "dump", "safe_dump", "pformat", "pprint", "str", "repr", "dict", "format"})


def _loaded(flow: DataFlow, value: Optional[cst.CSTNode], depth: int = 0) -> bool:
    """A data loader's result (``yaml.safe_load(fh)``), also through a transformation of it
    (``_expand(yaml.safe_load(fh))``, ``Box(json.load(f))``): what the file holds."""
    if not isinstance(value, cst.Call) or depth > 2:
        return False
    made = flow.col.imports.resolve(value.func) or dotted(value.func) or ""
    if made.endswith(DATA_LOADERS):
        return True
    first = next((a.value for a in value.args if a.keyword is None and not a.star), None)
    return _loaded(flow, first, depth + 1)


def _logged_names(site: SinkSite) -> Iterator[str]:
    """Names logged whole: an argument, an f-string's expression (``f"config={config}"``), a
    ``%`` or ``.format`` operand, or what a dump shows whole (``json.dumps(cfg)``)."""
    stack: List[cst.CSTNode] = list(reversed(site.exprs))
    while stack:
        e = stack.pop()
        if isinstance(e, cst.Name):
            yield e.value
        elif isinstance(e, cst.FormattedString):
            stack.extend(part.expression for part in e.parts if isinstance(part, cst.FormattedStringExpression))
        elif isinstance(e, cst.BinaryOperation) and isinstance(e.operator, (cst.Modulo, cst.Add)):
            stack.extend((e.left, e.right))
        elif isinstance(e, cst.Tuple):
            stack.extend(el.value for el in e.elements)
        elif isinstance(e, cst.Call):
            last = e.func.attr.value if isinstance(e.func, cst.Attribute) else (dotted(e.func) or "")
            if isinstance(e.func, cst.Attribute) and last == "format":
                stack.extend(a.value for a in e.args)  # "config: {}".format(cfg)
            elif last in _DUMPERS:
                first = next((a.value for a in e.args if a.keyword is None and not a.star), None)
                if first is not None:
                    stack.append(first)


def local_use(flow: DataFlow, func: str) -> Optional[str]:
    """The credential read of a caller in this module from ``func()``'s result, else None."""
    passed = passed_containers(flow)
    for sc in _scopes(flow):
        for name, evs in sc.assigns.items():
            if any(_calls(ev.value, func) for ev in evs if ev.mode == "value"):
                label = _container_label(sc, name, passed)
                if label:
                    return label
    for call, label in passed.direct:
        if _calls(call, func):
            return label
    return None


def _container_label(sc: Scope, name: str, passed: "Passed") -> Optional[str]:
    """The credential read that makes ``name`` of ``sc`` a credential container: its own
    (``cfg["kucoin"]["secret"]``), or that of the helper it is passed to (``sweep(cfg)`` where
    ``sweep`` reads ``cfg["kucoin"]["secret"]``)."""
    if name in sc.containers:
        return sc.containers[name][0]
    return passed.names.get((id(sc), name))


class Passed:
    """What this module passes to its own functions' credential-container parameters:
    ``names`` ((scope id, name) -> the helper's credential read) and ``direct`` (calls passed
    as such an argument, ``sweep(config_loader.load())``, with the read)."""

    def __init__(self) -> None:
        self.names: Dict[Tuple[int, str], str] = {}
        self.direct: List[Tuple[cst.Call, str]] = []


_MAX_ROUNDS = 4  # helpers handing the config on to helpers


def passed_containers(flow: DataFlow) -> Passed:
    """Which names and calls of the module are passed to a module function's parameter that is
    a credential container there (``def clients(cfg): k = cfg["kucoin"]; k["secret"]``), also
    through functions handing the parameter on (``def sweep(cfg): clients(cfg)``)."""
    done = flow.__dict__.get("_passed_containers")
    if done is not None:
        return done
    out = flow.__dict__["_passed_containers"] = Passed()
    col = flow.col
    if not (col.functions or col.class_by_name) or flow.module is None:
        return out
    # (callee name, parameter index) -> label, seeded with each callee's own container params
    # (``self.x = cfg["okx"]["secret_key"]`` in ``__init__`` marks its ``cfg`` too)
    params: Dict[Tuple[str, int], str] = {}
    callees = {name: sc for name in list(col.functions) + list(col.class_by_name)
               for sc in (_callee(flow, name),) if sc is not None}
    for fname, sc in callees.items():
        for i, p in enumerate(sc.params):
            if p in sc.containers:
                params[(fname, i)] = sc.containers[p][0]
    calls = _local_calls(flow)
    for _round in range(_MAX_ROUNDS):
        changed = False
        for sc, call, callee in calls:
            for i, value in _arg_params(call, callees[callee]):
                label = params.get((callee, i))
                if label is None or not isinstance(value, cst.Name) or sc.kind != "function" or not sc.name:
                    continue
                owner = next((n for n, c in callees.items() if c is sc), None)
                if owner is not None and value.value in sc.params:
                    key = (owner, sc.params.index(value.value))
                    if key not in params:
                        params[key] = label
                        changed = True
        if not changed:
            break
    for sc, call, callee in calls:
        for i, value in _arg_params(call, callees[callee]):
            label = params.get((callee, i))
            if label is None:
                continue
            inner = value.expression if isinstance(value, cst.Await) else value
            if isinstance(inner, cst.Call):
                out.direct.append((inner, label))
            elif isinstance(inner, cst.Name):
                out.names.setdefault((id(sc), inner.value), label)
    return out


def _callee(flow: DataFlow, name: str) -> Optional[Scope]:
    """The module function ``name``, or the ``__init__`` of the module class ``name``."""
    col = flow.col
    if name in col.functions:
        return col.functions[name]
    cls = col.class_by_name.get(name)
    return cls.methods.get("__init__") if cls is not None else None


def _arg_params(call: cst.Call, callee: Scope) -> Iterator[Tuple[int, cst.CSTNode]]:
    """(parameter index of ``callee``, argument) for the plain arguments of ``call`` (a
    method's ``self`` is bound)."""
    pos = 1 if callee.is_method and not callee.is_static else 0
    for a in call.args:
        if a.star:
            continue
        if a.keyword is None:
            if pos < len(callee.params) and not callee.params[pos].startswith("*"):
                yield pos, a.value
            pos += 1
        elif a.keyword.value in callee.params:
            yield callee.params.index(a.keyword.value), a.value


def _local_calls(flow: DataFlow) -> List[Tuple[Scope, cst.Call, str]]:
    """(calling scope, call, callee) for each call of a module function by its bare name."""
    col = flow.col
    by_node: Dict[int, Scope] = {id(sc.node): sc for sc in _scopes(flow) if sc.node is not None}
    found: List[Tuple[Scope, cst.Call, str]] = []

    class Calls(cst.CSTVisitor):
        def __init__(self) -> None:
            self.stack: List[Scope] = [col.module]

        def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
            self.stack.append(by_node.get(id(node), self.stack[-1]))

        def leave_FunctionDef(self, original_node: cst.FunctionDef) -> None:
            self.stack.pop()

        def visit_Call(self, node: cst.Call) -> None:
            if isinstance(node.func, cst.Name) and len(found) < 512 and _callee(flow, node.func.value) is not None:
                found.append((self.stack[-1], node, node.func.value))

    assert flow.module is not None
    # botlint's read-only walk: libcst's visit rebuilt every node (2.7 s on ccxt's exchange.py)
    walk(flow.module, [Calls()])
    return found


def _root_call(value: Optional[cst.CSTNode]) -> Optional[cst.CSTNode]:
    """``load()`` of ``load()["okx"]["api"]``: the call a subscript chain reads from."""
    value = value.expression if isinstance(value, cst.Await) else value
    while isinstance(value, cst.Subscript):
        value = value.value
    return value


def _calls(value: Optional[cst.CSTNode], func: str) -> bool:
    value = _root_call(value)
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
    passed: Optional[Passed] = None
    for caller, _seq, call, qualified in col.import_calls:
        used = None
        for name, evs in caller.assigns.items():
            if any(_root_call(ev.value) is call for ev in evs if ev.mode == "value"):
                if name in caller.containers:
                    used = name
                    break
                passed = passed or passed_containers(flow)
                if (id(caller), name) in passed.names:
                    used = name
                    break
        if used is None:
            passed = passed or passed_containers(flow)
            if any(c is call for c, _label in passed.direct):
                used = "config"  # sweep(config_loader.load()): the helper's parameter
        if used is not None:
            uses.append({"calls": qualified, "label": f"{safe_label(used, 'config')}[...]",
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
