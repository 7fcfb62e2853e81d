"""Positions of libcst nodes, computed at most once per file and only when asked.

PositionProvider over a whole module costs more than the parse, so the engine asks only for
files that have findings; rules that need a line in a message (BOT2's "from ... (line 12)")
share the same result through this one-entry cache instead of computing it again.

libcst computes positions by generating the code, which recurses about three Python frames
per nesting level: a long ``if/elif`` chain (each ``elif`` is nested in the previous ``if``)
that the walk handled exceeds the default recursion limit there.  So the limit is raised here
as in the walk; if positions still fail (any exception: libcst turns a RecursionError into a
chained KeyError in its position bookkeeping), ``approximate`` gives each top-level statement
exact positions on its own where it can, and a statement-level best-effort line otherwise.
"""
from __future__ import annotations

import sys
import threading
from collections.abc import Mapping
from typing import Any, Dict, List, Optional, Sequence, Tuple

# frames: the walk needs about one per nesting level, position codegen about three
WALK_LIMIT = 12_000
_BIG_STACK_LIMIT = 60_000
BIG_STACK_THREAD = "botlint-file"


class deep_recursion:
    """Raise the recursion limit for a block: generously on botlint's big-stack thread,
    moderately elsewhere (Python 3.11+ Python-to-Python calls use little C stack)."""

    def __init__(self, limit: Optional[int] = None) -> None:
        if limit is None:
            big = threading.current_thread().name == BIG_STACK_THREAD
            limit = _BIG_STACK_LIMIT if big else WALK_LIMIT
        self.limit = limit
        self.old = 0

    def __enter__(self) -> None:
        self.old = sys.getrecursionlimit()
        sys.setrecursionlimit(max(self.old, self.limit))

    def __exit__(self, *exc: object) -> None:
        sys.setrecursionlimit(self.old)


def positions_for(module: Any) -> Mapping[Any, Any]:
    """node -> libcst ``CodeRange``, exactly what ``PositionProvider`` gives, about 6x cheaper
    (``_TokenIndexState``).  Not cached here: the file's ``FileContext.positions`` computes
    them once and hands them to whoever asks (the data flow's origin lines, then the engine's
    ``locate``), so no state outlives the file."""
    state = _token_index_state(module)
    with deep_recursion():
        module._codegen(state)
    return _Positions(state.spans, state.tokens)


def _token_index_state(module: Any) -> Any:
    """A codegen state that records, per node, the indices of its first and past-last token
    instead of a line and column: ``PositionProvider``'s state splits every token on newlines
    and builds a ``CodeRange`` for every node of the module (147k on a large ccxt exchange
    file: 4.8 s against 0.8 s here).  The same ``record_syntactic_position`` rules apply, so
    the ranges are libcst's own; ``_Positions`` turns indices into lines and columns only for
    the nodes asked about.  (libcst has no cheaper public provider; this depends only on the
    ``CodegenState`` hooks that its own providers override.)"""
    from contextlib import contextmanager
    from dataclasses import dataclass, field

    from libcst._nodes.internal import CodegenState

    @dataclass
    class _TokenIndexState(CodegenState):
        spans: Dict[Any, Tuple[int, int]] = field(default_factory=dict)
        _stack: List[int] = field(default_factory=list)

        def before_codegen(self, node: Any) -> None:
            self._stack.append(len(self.tokens))

        def after_codegen(self, node: Any) -> None:
            start = self._stack.pop()
            if node not in self.spans:  # a syntactic position recorded inside wins
                self.spans[node] = (start, len(self.tokens))

        def pop_trailing_newline(self) -> None:
            pass  # the token stays counted, as in PositionProvider (no code is produced)

        @contextmanager
        def record_syntactic_position(self, node: Any, *, start_node: Any = None, end_node: Any = None):
            start = len(self.tokens)
            try:
                yield
            finally:
                end = len(self.tokens)
                if start_node is not None:
                    start = self.spans[start_node][0]
                if end_node is not None:
                    end = self.spans[end_node][1]
                self.spans[node] = (start, end)

    return _TokenIndexState(default_indent=module.default_indent, default_newline=module.default_newline)


class _Positions(Mapping):
    """node -> ``CodeRange`` (1-based line, 0-based column, as libcst), computed on access."""

    def __init__(self, spans: Dict[Any, Tuple[int, int]], tokens: Sequence[str]) -> None:
        from itertools import accumulate

        from libcst.metadata import CodePosition, CodeRange

        from .text import LineIndex

        self._position, self._range = CodePosition, CodeRange
        self._spans = spans
        self._offsets = list(accumulate((len(t) for t in tokens), initial=0))
        self._index = LineIndex("".join(tokens))

    def _at(self, token: int) -> Any:
        line, col = self._index.pos(self._offsets[token])
        return self._position(line, col - 1)

    def __getitem__(self, node: Any) -> Any:
        start, end = self._spans[node]
        return self._range(self._at(start), self._at(end))

    def __contains__(self, node: object) -> bool:
        return node in self._spans

    def __iter__(self) -> Any:
        return iter(self._spans)

    def __len__(self) -> int:
        return len(self._spans)


class _Provider:
    """What libcst's position codegen state needs of a provider: the results dict."""

    def __init__(self) -> None:
        self._computed: Dict[Any, Any] = {}


def statement_starts(module: Any, text: str) -> Optional[List[Tuple[int, int]]]:
    """(first line, last line) of each top-level libcst statement, from CPython's ast (which
    does not recurse per ``elif``); None when ast cannot tell."""
    import ast

    try:
        with deep_recursion(WALK_LIMIT):
            tree = ast.parse(text)
    except Exception:  # noqa: BLE001 - any failure: no statement lines, callers fall back
        return None
    import libcst as cst

    body = list(tree.body)
    out: List[Tuple[int, int]] = []
    i = 0
    for stmt in module.body:
        n = len(stmt.body) if isinstance(stmt, cst.SimpleStatementLine) else 1
        group = body[i:i + n]
        i += n
        if not group:
            return None
        first = min([group[0].lineno] + [d.lineno for d in getattr(group[0], "decorator_list", ())])
        out.append((first, max(getattr(g, "end_lineno", None) or g.lineno for g in group)))
    return out if i == len(body) else None


def approximate(module: Any, text: str, needed: Sequence[Any]) -> Tuple[Dict[Any, Any], Dict[int, Tuple[int, int]]]:
    """(exact positions for the top-level statements whose own codegen succeeds,
    {id(node): (first, last line) of its top-level statement} for needed nodes elsewhere)."""
    from libcst.metadata.position_provider import PositionProvidingCodegenState

    from .walker import _fields

    starts = statement_starts(module, text)
    exact: Dict[Any, Any] = {}
    failed: List[Tuple[Any, Tuple[int, int]]] = []
    for k, stmt in enumerate(module.body):
        span = starts[k] if starts else (1, 1)
        lead = len(stmt.leading_lines)
        decorators = getattr(stmt, "decorators", ())
        if decorators:
            lead += len(decorators[0].leading_lines)
        provider = _Provider()
        state = PositionProvidingCodegenState(
            default_indent=module.default_indent, default_newline=module.default_newline,
            provider=provider,  # type: ignore[arg-type]  # duck-typed: the state only fills _computed
            line=max(1, span[0] - lead))
        try:
            if starts is None:
                raise ValueError("no statement lines")
            with deep_recursion():
                stmt._codegen(state)
            exact.update(provider._computed)
        except Exception:  # noqa: BLE001 - this statement gets statement-level lines below
            failed.append((stmt, span))
    where: Dict[int, Tuple[int, int]] = {}
    want = {id(n) for n in needed if n not in exact}
    node_base = _node_base()
    for stmt, span in failed:
        if not want:
            break
        stack = [stmt]  # iterative: this statement is the one too deep to recurse over
        while stack and want:
            node = stack.pop()
            if id(node) in want:
                where[id(node)] = span
                want.discard(id(node))
            for name in _fields(type(node)):
                value = getattr(node, name)
                if isinstance(value, node_base):
                    stack.append(value)
                elif isinstance(value, (list, tuple)):
                    stack.extend(v for v in value if isinstance(v, node_base))
    return exact, where


def _node_base() -> type:
    import libcst as cst

    return cst.CSTNode
