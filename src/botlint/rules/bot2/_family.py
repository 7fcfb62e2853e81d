"""The BOT2 family base: a rule declares the sink kinds it watches and judges each flow.

The shared data-flow analysis (:mod:`botlint.analysis.dataflow`) collects the module's sink
sites during the one walk and resolves which credential sources reach each one.  A BOT2 rule is
then a short module: its docs and examples, ``SINKS`` (the kinds of site it judges, see
:mod:`.sinks`), and :meth:`Bot2Rule.judge` (a site and its sources -> a :class:`Report`, or
None).  The loop over the sites at ``leave_Module`` is shared here, as is the message: the
first credential (strong sources first, then by line), where it came from, and what it
reaches.  Never a value.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Dict, List, Optional, Sequence, Tuple

import libcst as cst

from ...analysis.dataflow import DataFlow, SinkSite, Source, register_user
from ...model import Confidence
from ...rule import Rule
from . import sinks  # noqa: F401 (registers the sink vocabulary)

from ...gates.bot2 import PRECHECK  # noqa: E402 (the family's gate, libcst-free)


@dataclass
class Report:
    """What a rule reports for one flow: the node, the sources, and the end of the message."""

    node: cst.CSTNode
    sources: List[Source]
    tail: str  # "reaches logger.info"


class Bot2Rule(Rule):
    ABSTRACT = True
    PRECHECK = PRECHECK
    # in a test file (engine.source.is_test_path) the LOCAL sinks are not reported: tests print,
    # log, assert on, raise with and write throw-away env files of fake credentials on purpose
    # (test doubles, harness code), and what they show stays in the test run.  The NETWORK
    # sinks (BOT203 notification, BOT205 third-party host / web response) override this with
    # "lower": a credential a test sends somewhere has left the machine.
    IN_TESTS = "skip"
    # the data flow (it uses the shared client tracker for ccxt clients: see DataFlow.shared)
    ANALYSES = ("dataflow",)
    # kinds of sink site this rule judges (analysis.dataflow: LOG, CONSOLE, HTTP, ...)
    SINKS: Sequence[str] = ()

    def __init_subclass__(cls, **kwargs) -> None:
        super().__init_subclass__(**kwargs)
        if not cls.__dict__.get("ABSTRACT", False):
            register_user(cls.CODE)  # the data flow walks in runs that enable a BOT2 code

    def judge(self, flow: DataFlow, site: SinkSite, sources: List[Source]) -> Optional[Report]:
        """The report for one site reached by ``sources`` (never empty), or None."""
        return Report(site.node, sources, "reaches " + site.what)

    def extra(self, flow: DataFlow) -> List[Report]:
        """Reports that do not come from one sink site (clients, configuration)."""
        return []

    def leave_Module(self, original_node: cst.Module) -> None:
        flow = DataFlow.shared(self.ctx)
        reports: List[Report] = []
        # (the report, where its sources entered, through which helpers): a credential passed
        # to a helper of this module is reported at the call that passes it (DataFlow.entries)
        placed: List[Tuple[Report, cst.CSTNode, List[Source], List[str]]] = []
        if self.SINKS:
            for site in flow.sites(*self.SINKS):
                sources = flow.taint(site)
                if sources:
                    found = self.judge(flow, site, sources)
                    if found is not None and found.sources:
                        reports.append(found)
                        if found.node is site.node:  # (empty: all of it is reported at callers)
                            placed += [(found, node, srcs, via)
                                       for node, srcs, via in flow.entries(site, found.sources)]
                        else:
                            placed.append((found, found.node, found.sources, []))
        placed += [(r, r.node, r.sources, []) for r in self.extra(flow)]
        if not placed:
            return
        lines = flow.origin_lines([s.node for _r, _n, srcs, _v in placed for s in srcs]
                                  + [r.node for r, _n, _s, _v in placed] + [n for _r, n, _s, _v in placed])
        merged: Dict[int, Tuple[cst.CSTNode, List[Source], str]] = {}
        for r, node, srcs, via in placed:
            tail = r.tail
            if via:
                sink_line = lines.get(id(r.node))
                tail = (f"passed to {' and on to '.join(via)}, {r.tail}"
                        + (f" there (line {sink_line})" if sink_line else " there"))
            if id(node) in merged:  # two sinks of one helper reached through one call
                merged[id(node)][1].extend(s for s in srcs if s not in merged[id(node)][1])
                continue
            merged[id(node)] = (node, list(srcs), tail)
        for node, srcs, tail in merged.values():
            self.report(
                node,
                message(srcs, tail, lines, lines.get(id(node))),
                confidence=Confidence.HIGH if any(s.strong for s in srcs) else Confidence.MEDIUM,
            )


def message(srcs: List[Source], tail: str, lines: Dict[int, int], at: Optional[int] = None) -> str:
    """The finding's message; the origin's "(line N)" is left out when N is the sink's own
    line ``at`` (a source read inside the sink call)."""
    ordered = sorted(srcs, key=lambda s: (not s.strong, lines.get(id(s.node), 1 << 30), s.label, s.origin))
    first = ordered[0]
    line = lines.get(id(first.node))
    where = f" (line {line})" if line and line != at else ""
    more = ""
    others = {s.label for s in ordered[1:]} - {first.label}
    if others:
        more = f" (and {len(others)} other credential{'s' if len(others) > 1 else ''})"
    return f"{first.label} from {first.origin}{where}{more} {tail}"
