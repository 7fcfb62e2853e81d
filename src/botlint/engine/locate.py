"""Step 4 of a file: from libcst nodes to places.  A rule reports a node; here each such
finding gets its 1-based span and the first and last line of its statement (a suppression
comment on either covers it).  Positions are computed only for files that have node findings
(``positions.py``: about the cost of the parse), once per file.
"""
from __future__ import annotations

from dataclasses import replace
from typing import Any, Callable, Dict, List, Mapping, Optional, Tuple

from ..context import RawFinding


def locate(raws: List[RawFinding], module: Optional[Any], parsed_text: str,
           positions: Optional[Callable[[Any], Any]] = None) -> Tuple[List[RawFinding], List[str]]:
    """(``raws`` with every node finding given its span and statement lines, notes).  Findings
    that already have a span (the engine's, the secrets pass's) are returned as they are.
    ``positions``: the file's ``FileContext.positions`` (what a rule already computed is
    reused: a ``StatementPositions``), else ``positions.StatementPositions``."""
    need = [r for r in raws if r.span is None and r.node is not None]
    if not need:
        return raws, []
    if module is None:  # pragma: no cover - node findings are dropped with the module
        return [replace(r, span=(1, 1, 1, 1)) if r.span is None and r.node is not None else r
                for r in raws], []
    from ..positions import StatementPositions, approximate

    notes: List[str] = []
    try:
        pos = positions(module) if positions is not None else StatementPositions(module, parsed_text)
        located = _located(need, pos, {})
        if getattr(pos, "failed", False):  # libcst's codegen failed on some statement
            raise RecursionError("positions")
    except Exception:  # noqa: BLE001 - too deep for libcst's codegen: best-effort lines
        try:
            exact, where = approximate(module, parsed_text,
                                       [n for r in need for n in (r.node, r.stmt) if n is not None])
        except Exception:  # noqa: BLE001
            exact, where = {}, {}
        located = _located(need, exact, where)
        notes.append("code too deeply nested for exact positions; "
                     "some findings are reported at the line of their top-level statement")
    return [located.get(id(r), r) for r in raws], notes


def _located(need: List[RawFinding], pos: Mapping[Any, Any],
             where: Dict[int, Tuple[int, int]]) -> Dict[int, RawFinding]:
    """id(finding) -> the finding with its span and statement lines.  ``pos``: node ->
    ``CodeRange`` (a ``StatementPositions`` generates the findings' statements only);
    ``where``: statement-level lines for the nodes ``pos`` lacks (``approximate``)."""
    import libcst as cst  # here, not at import: a run with no parsed file never loads libcst

    statement = getattr(pos, "statement", None)
    if statement is not None:
        for r in need:
            if isinstance(r.stmt, cst.SimpleStatementLine):
                statement(r.stmt)  # the finding's own statement: no search for its node
    stmt_spans: Optional[List[Tuple[int, int]]] = None
    located: Dict[int, RawFinding] = {}
    for r in need:
        rng = pos.get(r.node)
        if rng is None:
            line = where.get(id(r.node), (1, 1))[0]
            located[id(r)] = replace(r, span=(line, 1, line, 1))
            continue
        span = (rng.start.line, rng.start.column + 1, rng.end.line, rng.end.column + 1)
        stmt_lines = r.stmt_lines
        srng = pos.get(r.stmt) if r.stmt is not None else None
        if srng is not None:
            stmt_lines = (srng.start.line, srng.end.line)
        elif hasattr(pos, "simple_statement_lines"):
            # reported after the walk (at leave_Module): the simple statement holding the node
            found = pos.simple_statement_lines(r.node)
            if found is not None:
                stmt_lines = found
        else:
            if stmt_spans is None:
                stmt_spans = _statement_spans(pos)
            inner = [sp for sp in stmt_spans if sp[0] <= span[0] and span[2] <= sp[1]]
            if inner:
                stmt_lines = min(inner, key=lambda sp: sp[1] - sp[0])
        located[id(r)] = replace(r, span=span, stmt_lines=stmt_lines)
    return located


def _statement_spans(pos: Any) -> List[Tuple[int, int]]:
    import libcst as cst

    return sorted((p.start.line, p.end.line) for p in
                  (pos[n] for n in pos if isinstance(n, cst.SimpleStatementLine)))
