"""Credential data flow inside one module: a shared analysis any rule can query.

Design (one walk, then a demand-driven resolution when a rule asks):

* :class:`DataFlow` is an entry of ``analysis.ANALYSES``: the engine puts it in the one batched
  walk once, however many rules need it, right after the shared client tracker (ccxt clients
  are recognised there, not here).  During the walk it feeds :class:`~.collect.Collector`,
  which records a small IR per scope (:mod:`.ir`) and the **sink sites** of the module by kind
  (LOG, CONSOLE, EXCEPTION, NOTIFY, FILE, HTTP, SOCKET, RESPONSE, METRICS; LOG_LEVEL for logging
  configuration).
  Which calls are sinks is data registered by the rules that judge them
  (:func:`register_sinks`); statement sinks (``raise``) are added by their rule with
  :meth:`DataFlow.add_site`.  Nothing is evaluated during the walk.
* At the end, rules ask: :meth:`DataFlow.sites` (the sites of the kinds they judge),
  :meth:`DataFlow.taint` (the credential sources that reach a site's content),
  :meth:`DataFlow.eval` (the sources of any expression at a site), and
  :meth:`DataFlow.origin_lines` (lines for messages).  :class:`~.resolve.Resolver` answers,
  memoised; every site is resolved once, in source order, whichever rule asks first.

The analysis knows no rule codes.  No libcst metadata provider is used during the walk;
positions (the "(line N)" of an origin) are resolved once, only for a file with a finding.
"""
from __future__ import annotations

import re
from typing import Callable, Dict, FrozenSet, Iterable, List, Optional, Sequence, Set, Tuple

import libcst as cst

from ..imports import dotted
from ..names import holds_credentials
from ..strings import literal_str
from .collect import Collector
from .ir import (  # noqa: F401 (the API of the package)
    CONSOLE, EMPTY, EXCEPTION, FILE, HTTP, LOG, LOG_LEVEL, METRICS, NOTIFY, RESPONSE, SINK_KINDS, SOCKET, ClientRec,
    Scope, SinkSite, SinkSpec, Source, Taint, safe_label, union,
)
from .hooks import register_link  # noqa: F401 (the API of the package)
from .link import export, is_project_name, linked_facts, wants
from .resolve import Resolver
from .reverse import built_text, call_line

# the node events the client tracker may define: forwarded to it when this analysis drives it
FORWARDED = ("visit_Module", "visit_ImportFrom", "visit_ClassDef", "leave_ClassDef", "visit_FunctionDef",
             "leave_FunctionDef", "visit_Assign", "visit_AnnAssign", "visit_WithItem", "visit_Return",
             "visit_Call")

# every registered sink spec, in registration order (first match wins): see ir.SinkSpec
SINK_SPECS: List[SinkSpec] = []


def register_sinks(specs: Iterable[SinkSpec]) -> None:
    """Add sink vocabulary (once, at import of the module that owns it)."""
    for spec in specs:
        if spec not in SINK_SPECS:
            SINK_SPECS.append(spec)


_PCT_SPEC = re.compile(r"%(?:\([^()]*\))?[-#0 +]*(?:\d+|\*)?(?:\.(?:\d+|\*))?[hlL]?([diouxXeEfFgGcrsa])")


class DataFlow(cst.BatchableCSTVisitor):
    """The walk side feeds the collector; the query side answers rules at ``leave_Module``."""

    # the names the engine asks this module's export for (``engine.prescan``: the names other
    # modules of the run import; ``@`` facts always): None for every name
    export_only: Optional[FrozenSet[str]] = None

    def __init__(self, ctx, clients=None) -> None:
        super().__init__()
        self.ctx = ctx
        self.col = Collector(ctx.imports, tuple(SINK_SPECS), clients)
        self.col.qualify = self.qualified
        self.col.linked = linked_facts(ctx)
        self.col.module_name = str(getattr(ctx, "module_name", "") or "")
        self.col.line_of = lambda node: call_line(self, node)
        self.module: Optional[cst.Module] = None
        self._resolver: Optional[Resolver] = None
        self._taints: Optional[Dict[int, List[Source]]] = None
        self._url_taints: Dict[int, Taint] = {}
        self._clients: Optional[List[Tuple[ClientRec, List[Source]]]] = None
        self._forward: Dict[str, Optional[Callable[[cst.CSTNode], None]]] = {}  # the tracker's events

    @staticmethod
    def shared(ctx) -> "DataFlow":
        flow = ctx.shared.get("dataflow")
        if flow is None:
            tracker = ctx.shared.get("clients")
            forward = tracker is None and "ccxt" in (ctx.source or "")
            if forward:
                # ccxt clients come from the shared client tracker; when no rule of the walk put
                # it in the walk (BOT2 alone), this analysis drives it, and only in a module that
                # names ccxt: a module without it pays nothing for client tracking
                from ..clients import ClientTracker

                tracker = ClientTracker.shared(ctx)
            flow = ctx.shared["dataflow"] = DataFlow(ctx, tracker)
            if forward:
                flow._forward = {name: getattr(tracker, name, None) for name in FORWARDED}
        return flow

    def _fwd(self, name: str, node: cst.CSTNode) -> None:
        method = self._forward.get(name)
        if method is not None:
            method(node)

    # -- walk ----------------------------------------------------------------------------
    def visit_Module(self, node: cst.Module) -> None:
        if self._forward:
            self._fwd("visit_Module", node)
        self.module = node

    def visit_ImportFrom(self, node: cst.ImportFrom) -> None:
        """``from .notify import send_alert`` / ``from bot.notify import send_alert``: names
        this module wants facts about (the link step).  The tracker, first in the walk, has
        already recorded relative imports in ``ctx.relative_imports``."""
        if self._forward:
            self._fwd("visit_ImportFrom", node)
        if isinstance(node.names, cst.ImportStar):
            return
        module = dotted(node.module) if node.module is not None else None
        if node.relative:
            module = self.ctx.absolute_module(len(node.relative), module)
        if not module or self.col.scope.kind != "module":
            return
        for alias in node.names:
            name = dotted(alias.name)
            qualified = f"{module}.{name}" if name else ""
            if qualified and is_project_name(qualified):
                self.col.wanted.add(qualified)

    def qualified(self, node: cst.CSTNode) -> Optional[str]:
        """The fully-qualified name of a Name/Attribute chain whose head this module imported
        (``FileContext.qualified``: relative imports as the tracker recorded them)."""
        return self.ctx.qualified(node)

    # -- the link step (see link.py) ---------------------------------------------------------
    def export(self) -> Dict[str, dict]:
        """What this module defines that other modules' flows need (JSON data, no value)."""
        return export(self)

    def wants(self) -> List[str]:
        return wants(self)

    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        if self._forward:
            self._fwd("visit_ClassDef", node)
        self.col.enter_class(node)

    def leave_ClassDef(self, original_node: cst.ClassDef) -> None:
        if self._forward:
            self._fwd("leave_ClassDef", original_node)
        self.col.leave_class()

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        if self._forward:
            self._fwd("visit_FunctionDef", node)
        self.col.enter_function(node)

    def leave_FunctionDef(self, original_node: cst.FunctionDef) -> None:
        if self._forward:
            self._fwd("leave_FunctionDef", original_node)
        self.col.leave_function()

    def visit_Assign(self, node: cst.Assign) -> None:
        if self._forward:
            self._fwd("visit_Assign", node)
        self.col.on_assign([t.target for t in node.targets], node.value)

    def visit_AnnAssign(self, node: cst.AnnAssign) -> None:
        if self._forward:
            self._fwd("visit_AnnAssign", node)
        self.col.on_ann_assign(node.target, node.annotation.annotation, node.value)
        if node.value is not None:
            self.col.on_assign([node.target], node.value)

    def visit_AugAssign(self, node: cst.AugAssign) -> None:
        self.col.on_assign([node.target], node.value, mode="augment")

    def visit_NamedExpr(self, node: cst.NamedExpr) -> None:
        self.col.on_assign([node.target], node.value)

    def visit_For(self, node: cst.For) -> None:
        self.col.on_assign([node.target], node.iter, mode="iter")

    def visit_Try(self, node: cst.Try) -> None:
        self.col.on_try()

    def leave_Try(self, original_node: cst.Try) -> None:
        self.col.leave_try()

    def visit_ExceptHandler(self, node: cst.ExceptHandler) -> None:
        self.col.on_except(node)

    def leave_ExceptHandler(self, original_node: cst.ExceptHandler) -> None:
        self.col.leave_except()

    def visit_WithItem(self, node: cst.WithItem) -> None:
        if self._forward:
            self._fwd("visit_WithItem", node)
        self.col.on_with_item(node)

    def visit_Return(self, node: cst.Return) -> None:
        if self._forward:
            self._fwd("visit_Return", node)
        self.col.on_return(node.value)

    def visit_Subscript(self, node: cst.Subscript) -> None:
        self.col.on_subscript(node)

    def visit_Attribute(self, node: cst.Attribute) -> None:
        self.col.on_attribute(node)

    def visit_Call(self, node: cst.Call) -> None:
        if self._forward:
            self._fwd("visit_Call", node)
        self.col.on_call(node)

    # -- API for rules -------------------------------------------------------------------
    def add_site(self, kind: str, node: cst.CSTNode, what: str, exprs: List[cst.CSTNode]) -> None:
        """A sink site a rule recognises itself (a statement), at the current point of the walk."""
        self.col.add_site(kind, node, what, exprs)

    def sites(self, *kinds: str) -> List[SinkSite]:
        """The module's sink sites of these kinds, in source order."""
        if kinds == (LOG_LEVEL,):
            return list(self.col.level_sites)
        return [s for s in self.col.sites if s.kind in kinds]

    @property
    def resolver(self) -> Resolver:
        if self._resolver is None:
            self._resolver = Resolver(self.col)
        return self._resolver

    def eval(self, expr: Optional[cst.CSTNode], at: SinkSite) -> Taint:
        """The credential sources of any expression, evaluated where ``at`` sits."""
        return self.resolver.eval(expr, at.scope, at.seq, False)

    def taint(self, site: SinkSite) -> List[Source]:
        """The concrete credential sources that reach the content of a site."""
        self._resolve_all()
        return (self._taints or {}).get(id(site), [])

    def url_taint(self, site: SinkSite) -> Taint:
        """The sources that reach an HTTP site's URL (a bot token in a Telegram URL)."""
        self._resolve_all()
        return self._url_taints.get(id(site), EMPTY)

    def credentialed_clients(self) -> List[Tuple[ClientRec, List[Source]]]:
        """ccxt clients of the module with the credential sources they were given."""
        self._resolve_all()
        return [(rec, creds) for rec, creds in self._clients or () if creds]

    def clients(self) -> List[Tuple[ClientRec, List[Source]]]:
        self._resolve_all()
        return list(self._clients or ())

    def origin_lines(self, nodes: Iterable[Optional[cst.CSTNode]]) -> Dict[int, int]:
        """id(node) -> 1-based line, for the few origin nodes of a file that has findings."""
        wanted = [n for n in nodes if n is not None]
        if not wanted or self.module is None:
            return {}
        try:
            pos = self.ctx.positions(self.module)
        except Exception:  # pragma: no cover - positions are a nicety in a message
            return {}
        # positions are converted on access: ask for the wanted nodes only
        return {id(n): pos[n].start.line for n in wanted if n in pos}

    # -- resolution, once, in source order -------------------------------------------------
    def _resolve_all(self) -> None:
        if self._taints is not None:
            return
        self._taints = {}
        col = self.col
        if not col.sites and not col.client_list:
            self._clients = []
            return
        res = self.resolver
        for site in col.sites:
            if site.url is not None:
                self._url_taints[id(site)] = res.eval(site.url, site.scope, site.seq, False)
            self._taints[id(site)] = self._site_taint(res, site)
        seen: Dict[int, Tuple[ClientRec, List[Source]]] = {}
        for rec in col.client_list:
            if id(rec) not in seen:
                seen[id(rec)] = (rec, [s for s in res.client_creds(rec) if s.param < 0])
        self._clients = list(seen.values())

    def entries(self, site: SinkSite, sources: List[Source]) -> List[Tuple[cst.CSTNode, List[Source], List[str]]]:
        """Where the ``sources`` of a finding at ``site`` entered the path to its sink: a
        credential a caller of this module passes to the sink's function through a parameter
        that reaches the sink is reported at that call (the line where the key is put into the
        message; the helper that posts any text is not the leak), following callers of
        callers; what the function reaches by itself stays at the sink.  [(node, sources,
        the helpers passed through, outermost first)]."""
        res = self.resolver
        out: List[Tuple[cst.CSTNode, List[Source], List[str]]] = []
        todo: List[Tuple[Scope, int, List[cst.CSTNode], cst.CSTNode, List[Source], List[str]]] = [
            (site.scope, site.seq, list(site.exprs), site.node, list(sources), [])]
        budget = 64
        while todo:
            scope, seq, exprs, node, srcs, via = todo.pop()
            budget -= 1
            deep = scope.kind == "function" and budget > 0 and len(via) < 6
            calls = res.callsites().get(id(scope), ()) if deep else ()
            marks: Set[int] = set()  # the parameters through which a caller's text can come
            local: Set[Source] = set()
            if deep:
                for e in exprs:
                    for s in res.eval(e, scope, seq, True):
                        if s.param >= 0 and s.owner is scope:
                            # (a parameter named as a credential or a config, ``def connect(
                            # api_key)``, ``def dump(cfg)``, or an attribute the helper reads
                            # from it, ``a.key.hex()``: the helper that shows what it knows
                            # holds a key is the leak, reported here)
                            if not (s.param == 0 and scope.is_method and not scope.is_static) \
                                    and not s.path and not holds_credentials(scope.params[s.param].lstrip("*")):
                                marks.add(s.param)
                        else:
                            local.add(s)
            if not marks:
                local = set(srcs)
            left = [s for s in srcs if s in local]
            rest = [s for s in srcs if s not in local]
            moved: Set[Source] = set()
            for caller, cseq, call, offset in calls if rest else ():
                args: List[cst.CSTNode] = []
                for i in sorted(marks):
                    # only a text built at the call moves there: a name, a dict or an object
                    # handed over is the helper's to show (``audit(account=master)``)
                    args += [a for a in res.args_for(call, scope, i, offset) if built_text(a)]
                got = union(res.eval(a, caller, cseq, False) for a in args)
                hit = [s for s in rest if s in got]
                if hit:
                    moved.update(hit)
                    todo.append((caller, cseq, args, call, hit, [scope.display()] + via))
            # what another module's caller passes through a parameter that takes any data is
            # reported at that call (the forward link), not here again
            left += [s for s in rest if s not in moved and not (s.passed and s.handed)]
            if left:
                out.append((node, left, via))
        return out

    @staticmethod
    def _site_taint(res: Resolver, site: SinkSite) -> List[Source]:
        parts = [res.eval(e, site.scope, site.seq, False) for e in site.exprs]
        parts += [res.eval(e, sc, seq, False) for e, sc, seq in site.carried]
        if res.display_classes and len(site.exprs) > 1:
            # logger.debug("account %r", acc): the %r arguments show their repr()
            fmt = literal_str(site.exprs[0])
            if fmt and "%r" in fmt.replace("%%", ""):
                specs = _PCT_SPEC.findall(fmt.replace("%%", ""))
                for spec, e in zip(specs, site.exprs[1:]):
                    if spec == "r":
                        parts.append(res.display(e, site.scope, "repr"))
        t = union(parts)
        return [s for s in t if s.param < 0 and (site.whole_objects or not s.obj)]


# codes of the rules that query the data flow (registered by their family): a run that
# enables none of them gets an idle visitor, so the link step's export walk costs nothing
USERS: Set[str] = set()


def register_user(code: str) -> None:
    USERS.add(code)


class Idle(cst.BatchableCSTVisitor):
    """What the analysis is in a run where no enabled rule asks it anything: no walk, no export."""


def factory(ctx) -> cst.BatchableCSTVisitor:
    enabled = getattr(ctx.settings, "enabled", None)
    if USERS and enabled is not None and not USERS & set(enabled):
        return Idle()
    return DataFlow.shared(ctx)

__all__: Sequence[str] = (
    "DataFlow", "SinkSpec", "SinkSite", "Source", "register_sinks", "SINK_SPECS", "LOG", "CONSOLE",
    "EXCEPTION", "NOTIFY", "FILE", "HTTP", "SOCKET", "RESPONSE", "METRICS", "LOG_LEVEL", "SINK_KINDS", "safe_label",
)
