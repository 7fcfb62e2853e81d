"""The reverse link: a credential passed to another module's helper, as a source of the helper's
parameter there.

The forward link (:mod:`.link`) tells a caller which parameters of an imported helper reach
which sinks, and the caller reports at its call: for a helper that takes any data
(``notify(text)``), the call that put the key in the text is the leak, and a run over the caller
alone reports it at the same place.  A helper whose parameter is named as a credential or a
config (``def connect(api_key)``, :func:`_named`) is the leak itself: the finding is made where
the data leaves (the ``requests.post`` inside it), citing the caller, and the caller's call no
longer reports it (``@delivered``).  The parameter's sources are handed over for every helper
either way: the BOT5 rules judge the helper's sink with them (an exfiltrating poster), and the
BOT2 rules leave those of a parameter that takes any data to the callers
(``DataFlow.entries``).  So:

1. **Callers export what they pass** (:func:`cred_calls`, the ``@cred_calls`` fact): for each
   call of an imported name, the arguments that carry a credential (label, kind, origin, never a
   value) and the call's path and line.
2. **The closure hands them over** (:func:`gather`, after the forward closure): each use is
   followed to the helper's parameter and on through the helper's own calls of other modules'
   helpers (edges without an attribute path); the module holding a sink the parameter reaches
   (directly or through its own helpers) gets ``@called``: ``{function: {param: [credential
   with the first caller and how many more]}}``.  The caller gets ``@delivered``: for each of
   its calls, the sinks now reported at their home, which its call site no longer reports.
   Nothing is handed to a module that is not linted in this run (``exports.in_run``): a
   pre-commit run over the caller alone keeps the finding at the call site.
3. **The helper's module reports at its sink** (:func:`passed_sources`): the credentials of
   ``@called`` are sources of the parameter, like what the module's own callers pass, so each
   sink is one finding however many callers reach it.

Precision comes from the forward facts: a helper that masks, hashes or counts its parameter
has no sink for it, so nothing is handed over.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any, Dict, List, Mapping, Optional, Set, Tuple

import libcst as cst

from ..names import holds_credentials
from .ir import Scope, Source, Taint, safe_label, union
from .modnames import _param_of, _split, arg_slots, is_project_name

if TYPE_CHECKING:  # pragma: no cover
    from . import DataFlow
    from .resolve import Resolver

_MAX_USES = 64  # calls with a credential a module exports
_MAX_HOPS = 8  # helpers calling helpers across modules
_MAX_CREDS = 3  # credentials per argument


# -- 1. the caller's export ----------------------------------------------------------------------

def call_line(flow: "DataFlow", node: cst.CSTNode) -> int:
    """The line of a node, found by its code in the source (the first occurrence of the same
    text: a call written twice alike is one call to the link; positions of the whole file would
    cost about a parse).  0 when not found.  The export and the re-lint find the same line."""
    from ...text import LineIndex

    source = str(getattr(flow.ctx, "source", "") or "")
    cache = flow.__dict__.setdefault("_call_lines", {})
    if id(node) in cache:
        return cache[id(node)]
    try:
        code = cst.Module([]).code_for_node(node)
    except Exception:  # noqa: BLE001 - no line then
        code = ""
    at = source.find(code) if code else -1
    if at < 0:
        line = 0
    else:
        index = flow.__dict__.get("_line_index")
        if index is None:
            index = flow.__dict__["_line_index"] = LineIndex(source)
        line = index.pos(at)[0]
    cache[id(node)] = line
    return line


def cred_calls(flow: "DataFlow") -> Optional[dict]:
    """``{"kind": "cred_calls", "path": [...], "uses": [{"calls": [1, "alerts", "notify"],
    "arg": 0 | "kw:name", "line": 12, "creds": [{"cred", "label", "origin", "strong"}]}]}``: the calls of imported
    names with a credential in an argument (what the module's own call sites would report)."""
    col, res = flow.col, flow.resolver
    own = str(getattr(flow.ctx, "module_name", "") or "").split(".")
    calls: List[dict] = []
    count = 0
    for caller, seq, call, qualified in col.import_calls:
        if count >= _MAX_USES:
            break
        for at, a in arg_slots(call):
            if isinstance(a.value, (cst.SimpleString, cst.Integer, cst.Float)):
                continue
            found = sorted((s for s in res.eval(a.value, caller, seq, False) if s.param < 0 and not s.obj),
                           key=lambda s: (not s.strong, s.label, s.origin))
            if not found:
                continue
            creds: List[dict] = []
            for s in found:
                label = safe_label(s.label)
                if all(c["label"] != label for c in creds):
                    creds.append({"cred": s.kind, "label": label, "origin": s.origin, "strong": s.strong})
                if len(creds) >= _MAX_CREDS:
                    break
            line = call_line(flow, call)
            if not line:
                continue
            deps = _imported_deps(flow, a.value, caller)
            if deps:
                # what the arguments read from other modules: the closure drops a credential those
                # modules' facts show masked (a SecretStr field), as the call site's re-lint would
                for c in creds:
                    c["deps"] = [_relative(q, own) for q in deps]
            use = {"calls": _relative(qualified, own), "arg": at, "line": line, "creds": creds}
            if built_text(a.value):
                use["built"] = True  # the call itself puts the key into a text: reported there
            calls.append(use)
            count += 1
    if not calls:
        return None
    # the path part by part: the engine masks random-looking strings in facts, and a whole
    # path can look random where its parts are plainly names
    display = str(getattr(flow.ctx, "path", "") or "").replace("\\", "/")
    path = [p for p in display.split("/") if p]
    return {"kind": "cred_calls", "path": path, "absolute": display.startswith("/"), "uses": calls}


_MAX_DEPS = 4


def _imported_deps(flow: "DataFlow", expr: cst.CSTNode, scope: Scope) -> List[str]:
    """The project names of other modules an argument reads (``settings`` of ``from .config
    import settings``, ``load`` of ``cfg = load()``): its own names and those of the local
    assignments it reads, two steps deep, at most four."""
    out: List[str] = []
    stack: List[Tuple[cst.CSTNode, int]] = [(expr, 0)]
    budget = 96
    while stack and budget and len(out) < _MAX_DEPS:
        budget -= 1
        node, depth = stack.pop()
        if isinstance(node, (cst.Name, cst.Attribute)):
            q = flow.qualified(node)
            if q and is_project_name(q):
                if q not in out:
                    out.append(q)
                continue
            if isinstance(node, cst.Name) and depth < 2:
                for sc in (scope, flow.col.module):
                    for ev in sc.assigns.get(node.value, ())[-2:]:
                        if ev.value is not None:
                            stack.append((ev.value, depth + 1))
                continue
        stack.extend((c, depth) for c in node.children if isinstance(c, _EXPR_PARTS))
    return out


_EXPR_PARTS = (cst.BaseExpression, cst.Arg, cst.BaseFormattedStringContent, cst.BaseElement, cst.BaseDictElement,
               cst.SubscriptElement, cst.BaseSlice)


def _relative(qualified: str, own: List[str]) -> List[Any]:
    """The name part by part, the parts it shares with this module's name as their count
    (``[2, "alerts", "notify"]`` from ``bot.main`` for ``bot.alerts.notify``): the engine masks
    random-looking strings in facts, and a checkout directory can look random where the names
    below it do not."""
    parts = qualified.split(".")
    shared = 0
    while shared < min(len(parts) - 1, len(own) - 1) and parts[shared] == own[shared]:
        shared += 1
    return [shared] + parts[shared:]


def own_wants(flow: "DataFlow", exported: Mapping[str, dict]) -> List[str]:
    """``<module>.@called`` when a function of the module has a parameter reaching one of its
    sinks, ``<module>.@delivered`` when it passes credentials to other modules' names."""
    module = str(getattr(flow.ctx, "module_name", "") or "")
    if not module:
        return []
    out = []
    if any(isinstance(f, dict) and f.get("kind") == "function"
           and any(not s.get("module") and not s.get("attr") for s in f.get("sinks", ())) for f in exported.values()):
        out.append(f"{module}.@called")
    if "@cred_calls" in exported:
        out.append(f"{module}.@delivered")
    return out


# -- 2. the closure ---------------------------------------------------------------------------------

def sink_key(home: str, sink: Mapping[str, Any]) -> List[Any]:
    """What names one sink across the link: its module, kind, display, function line, host."""
    return [home, sink.get("sink"), sink.get("what"), sink.get("line"), sink.get("host")]


def built_text(node: cst.CSTNode) -> bool:
    """Is the argument a text built at the call (an f-string, ``"key " + key``, ``"%s" % key``,
    ``"{}".format(key)``)?  Then the call is where the credential was put into the message."""
    if isinstance(node, cst.FormattedString):
        return True
    if isinstance(node, cst.BinaryOperation) and isinstance(node.operator, (cst.Add, cst.Modulo)):
        return any(isinstance(n, (cst.SimpleString, cst.FormattedString, cst.ConcatenatedString))
                   or built_text(n) for n in (node.left, node.right))
    if isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute) \
            and node.func.attr.value in ("format", "join"):
        return isinstance(node.func.value, (cst.SimpleString, cst.ConcatenatedString))
    return False


def _named(fact: dict, param: int) -> bool:
    """Is the helper's parameter named as a credential or a config (``def connect(api_key)``,
    ``def dump(cfg)``: ``names.holds_credentials``)?  A helper
    that takes a key and logs it is the leak, reported at its sink; one that takes any text
    (``notify(msg)``) is not: the caller that put the key in the text is, and the forward link
    reports there, in a run over the caller alone as in one over the project."""
    params = fact.get("params")
    return isinstance(params, list) and 0 <= param < len(params) and holds_credentials(str(params[param]))


def gather(out: Dict[str, dict], split, in_run: Optional[Set[str]]) -> None:
    """Hand each module's ``@cred_calls`` to the modules whose sinks they reach (``@called``)
    and tell the callers which of their calls are now reported there (``@delivered``)."""
    def resolve(qualified: str, near: str) -> Optional[Tuple[str, str, dict]]:
        hit = split(qualified, near) if callable(split) else _split(qualified, out)
        if hit is None:
            return None
        module, name = hit
        fact = out.get(module, {}).get(name) if isinstance(out.get(module), dict) else None
        if not isinstance(fact, dict) or fact.get("kind") != "function":
            return None
        return module, str(fact.get("name") or name), fact

    def resolve_any(qualified: str, near: str) -> Optional[Tuple[str, dict]]:
        hit = split(qualified, near) if callable(split) else _split(qualified, out)
        facts = out.get(hit[0]) if hit is not None else None
        fact = facts.get(hit[1]) if isinstance(facts, dict) and hit is not None else None
        return (hit[0], fact) if isinstance(fact, dict) and hit is not None else None

    received: Dict[str, Dict[str, Dict[str, List[dict]]]] = {}
    delivered: Dict[str, Dict[str, Dict[str, List[list]]]] = {}
    for module in sorted(out):
        passed = out[module].get("@cred_calls") if isinstance(out[module], dict) else None
        if not isinstance(passed, dict) or not isinstance(passed.get("uses"), list):
            continue
        uses = passed["uses"]
        path = "/".join(str(p) for p in passed.get("path") or ()) or module
        if passed.get("absolute"):
            path = "/" + path
        for use in uses:
            name_parts = use.get("calls") if isinstance(use, dict) else None
            if not isinstance(name_parts, list) or not name_parts or not isinstance(name_parts[0], int):
                continue
            qualified = ".".join(module.split(".")[:name_parts[0]] + [str(p) for p in name_parts[1:]])
            first = resolve(qualified, module)
            if first is None:
                continue
            param = _param_of(use.get("arg"), first[2])
            found_creds = [_refined(c, module, resolve_any) for c in use.get("creds") or () if isinstance(c, dict)]
            creds = [c for c in found_creds if c is not None]
            if param is None or not creds:
                continue  # (masked in the end: the call site's re-lint judges it)
            by = f"{path}:{use.get('line')}"
            keys: List[list] = []
            parts = first[1].split(".")
            through = (parts[-2] if len(parts) > 1 and parts[-1] == "__init__" else parts[-1]) + "()"
            stack = [(first[0], first[1], first[2], param)]
            seen: Set[Tuple[str, str, int]] = set()
            while stack and len(seen) < _MAX_HOPS:
                home, name, fact, p = stack.pop()
                if (home, name, p) in seen:
                    continue
                seen.add((home, name, p))
                local = [s for s in fact.get("sinks", ()) if isinstance(s, dict) and s.get("param") == p
                         and not s.get("module") and not s.get("attr")]
                if local and (in_run is None or home in in_run):
                    # a key put into a text at the call, handed to a helper that takes any data:
                    # the caller's call site reports it (the forward link); else the helper's sink
                    handed = bool(use.get("built")) and not _named(fact, p)
                    if not handed:
                        keys += [sink_key(home, s) for s in local]
                    slot = received.setdefault(home, {}).setdefault(name, {}).setdefault(str(p), [])
                    for cred in creds:
                        slot.append({**cred, "by": by, "through": through, "order": [path, int(use.get("line") or 0)],
                                     **({"handed": True} if handed else {})})
                for edge in fact.get("calls", ()):
                    if not isinstance(edge, dict) or edge.get("param") != p or edge.get("attr"):
                        continue
                    nxt = resolve(str(edge.get("calls", "")), home)
                    if nxt is None:
                        continue
                    q = _param_of(edge.get("arg"), nxt[2])
                    if q is not None:
                        stack.append((nxt[0], nxt[1], nxt[2], q))
            if keys:
                lines = delivered.setdefault(module, {}).setdefault(str(qualified), {})
                done = lines.setdefault(str(use.get("line")), [])
                done += [k for k in keys if k not in done]
    for home, funcs in received.items():
        merged: Dict[str, Dict[str, List[dict]]] = {}
        for fname, params in funcs.items():
            for pkey, entries in params.items():
                # one credential per parameter: the first caller's (strong first), and how many
                # other calls pass one (the sink is one finding however many callers reach it)
                ordered = sorted(entries, key=lambda e: (not e.get("strong"), e["order"]))
                cited = {k: v for k, v in ordered[0].items() if k != "order"}
                cited["more"] = len({e["by"] for e in ordered}) - 1
                merged.setdefault(fname, {})[pkey] = [cited]
        out.setdefault(home, {})["@called"] = {"kind": "called", "funcs": merged}
    for module, calls_done in delivered.items():
        out[module]["@delivered"] = {"kind": "delivered", "done": calls_done}


def _refined(cred: Mapping[str, Any], module: str, resolve_any) -> Optional[dict]:
    """The credential as the caller's re-lint would see it, from the facts of what the argument
    reads from other modules: None for a field those facts show masked (``settings.api_key``
    where ``api_key`` is a ``SecretStr``); an imported constant or a function returning a
    credential, named only by its name in the caller's first walk, gets its real origin."""
    label = str(cred.get("label") or "")
    field = label.rsplit(".", 1)[-1]
    out = {k: v for k, v in cred.items() if k != "deps"}
    for dep in cred.get("deps") or ():
        if not isinstance(dep, list) or not dep or not isinstance(dep[0], int):
            continue
        qualified = ".".join(module.split(".")[:dep[0]] + [str(p) for p in dep[1:]])
        found = resolve_any(qualified, module)
        if found is None and "." in qualified:  # a class's constructor: its class's facts
            found = resolve_any(qualified.rsplit(".", 1)[0], module)
        if found is None:
            continue
        home, fact = found
        if field in (fact.get("masked") or ()):
            return None
        if out.get("strong") or qualified.rsplit(".", 1)[-1] != field:
            continue
        ret = fact.get("returns") if fact.get("kind") == "function" else None
        if fact.get("kind") == "constant" and fact.get("cred"):
            out.update(cred=fact["cred"], label=safe_label(str(fact.get("label") or field)), strong=True,
                       origin=f"{fact.get('origin') or 'a look-up'} in {home}:{fact.get('line')}")
        elif isinstance(ret, dict) and ret.get("cred"):
            out.update(cred=ret["cred"], label=safe_label(str(ret.get("label") or field)),
                       strong=ret.get("strong", True) is not False,
                       origin=f"{ret.get('origin') or 'a look-up'} ({home}:{ret.get('line')}, returned by {field}())")
    return out


# -- 3. in the helper's module and the caller's -----------------------------------------------------

def passed_sources(res: "Resolver", scope: Scope, i: int) -> Taint:
    """The credentials other modules pass to parameter ``i`` of ``scope`` (``@called``)."""
    table = res.__dict__.get("_passed")
    if table is None:
        table = res.__dict__["_passed"] = _passed_table(res)
    return table.get((id(scope), i), frozenset())


def _passed_table(res: "Resolver") -> Dict[Tuple[int, int], Taint]:
    col = res.col
    module = getattr(col, "module_name", "")
    fact = col.linked.get(f"{module}.@called") if module else None
    funcs = fact.get("funcs") if isinstance(fact, Mapping) else None
    if not isinstance(funcs, Mapping):
        return {}
    out: Dict[Tuple[int, int], Taint] = {}
    for name, params in funcs.items():
        scope = _scope_named(col, str(name))
        if scope is None or not isinstance(params, Mapping):
            continue
        for p, creds in params.items():
            if not str(p).isdigit() or int(p) >= len(scope.params) or not isinstance(creds, list):
                continue
            found: List[Source] = []
            for c in creds:
                if not isinstance(c, Mapping) or not c.get("cred"):
                    continue
                more = int(c.get("more") or 0)
                origin = (f"{c.get('origin') or 'a look-up'}, passed to {c.get('through') or 'a helper'} by "
                          f"{c.get('by')}" + (f" and {more} more call{'s' if more > 1 else ''}" if more else ""))
                found.append(res.src(safe_label(str(c.get("label") or "")), origin, None, str(c["cred"]),
                                     bool(c.get("strong")), passed=True, handed=bool(c.get("handed"))))
            if found:
                out[(id(scope), int(p))] = union([frozenset(found)])
    return out


def _scope_named(col, name: str) -> Optional[Scope]:
    if "." in name:
        cls_name, _, method = name.partition(".")
        cls = col.class_by_name.get(cls_name)
        return cls.methods.get(method) if cls is not None else None
    return col.functions.get(name)


def delivered_keys(col, qualified: str, line_of) -> Optional[List[list]]:
    """The sinks a call of ``qualified`` no longer reports (they are reported at their home)."""
    module = getattr(col, "module_name", "")
    fact = col.linked.get(f"{module}.@delivered") if module else None
    calls = fact.get("done") if isinstance(fact, Mapping) else None
    lines = calls.get(qualified) if isinstance(calls, Mapping) else None
    if not isinstance(lines, Mapping):
        return None
    keys = lines.get(str(line_of()))
    return keys if isinstance(keys, list) else None
