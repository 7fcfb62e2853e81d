"""Positions of libcst nodes, computed at most once per file and only when asked.

PositionProvider over a whole module costs more than the parse, so the engine asks only for
files that have findings; rules that need a line in a message (BOT2's "from ... (line 12)")
share the same result through this one-entry cache instead of computing it again.  Even then
only the statements holding the nodes asked about are generated (``StatementPositions``):
a large generated exchange module with a few findings pays for those few statements, not for
its 190,000 nodes.

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
from functools import lru_cache
from itertools import accumulate
from typing import Any, Dict, List, Optional, Sequence, Set, Tuple

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
    return _token_index_class()(default_indent=module.default_indent, default_newline=module.default_newline)


@lru_cache(maxsize=1)
def _token_index_class() -> type:
    """The state class of ``_token_index_state``, made once (a dataclass is costly to make and
    ``StatementPositions`` makes a state per statement)."""
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

    return _TokenIndexState


class _Positions(Mapping):
    """node -> ``CodeRange`` (1-based line, 0-based column, as libcst), computed on access."""

    def __init__(self, spans: Dict[Any, Tuple[int, int]], tokens: Sequence[str]) -> None:
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


class StatementPositions(Mapping):
    """node -> ``CodeRange``, the same ranges as ``positions_for``, computed one statement at a
    time: a node's innermost block statement (an element of the module's or an indented
    block's body) is generated alone, starting at the line CPython's ``ast`` gives it and
    with its enclosing blocks' indentation, and its code must be the parsed text at that
    place (libcst regenerates its input exactly), so every range is the one the whole-module
    codegen gives.  Whatever cannot be placed that way (``ast`` and libcst disagree, a
    statement's code is not found where ``ast`` puts it, a node the walk never reaches) turns
    the whole mapping into ``positions_for`` once.  ``text``: what ``module`` was parsed from.

    When libcst's codegen fails (recursion on a statement nested too deeply; libcst turns it
    into a chained ``KeyError``), the mapping is empty from then on and ``failed`` is set:
    a rule asking for a line in a message gets none, and ``locate`` falls back to statement
    lines (``approximate``).  It never raises but ``KeyError`` for a node it has no range for."""

    def __init__(self, module: Any, text: str) -> None:
        self._module = module
        self._text = text
        self._spans: Dict[Any, Tuple[int, int]] = {}  # node -> (start, end) offsets in text
        self._generated: Set[int] = set()  # ids of the block statements generated
        self._lines: Optional[Dict[int, Tuple[int, Tuple[str, ...]]]] = None  # see _statements
        self._owners: Optional[Dict[int, Any]] = None  # id(node) -> innermost block statement
        self._index: Optional[Any] = None
        self._full: Optional[Mapping[Any, Any]] = None
        self.generated_nodes = 0  # how many nodes were given spans (tests, bench/perfile.py)
        self.failed = False

    # -- the mapping ---------------------------------------------------------------------
    def __getitem__(self, node: Any) -> Any:
        if self._full is None:
            span = self._spans.get(node)
            if span is None and self._place(node):
                span = self._spans.get(node)
            if span is not None:
                return self._range(span)
        return self._whole()[node]

    def __contains__(self, node: object) -> bool:
        if self._full is None:
            if node in self._spans or self._place(node) and node in self._spans:
                return True
        return node in self._whole()

    def __iter__(self) -> Any:
        return iter(self._whole())

    def __len__(self) -> int:
        return len(self._whole())

    def statement(self, stmt: Any) -> None:
        """Generate the block statement ``stmt`` now (a finding's statement, known to the
        caller): its nodes need no search through the module."""
        if self._full is None and id(stmt) not in self._generated and not self._generate(stmt):
            self._whole()

    def simple_statement_lines(self, node: Any) -> Optional[Tuple[int, int]]:
        """(first, last line) of the simple statement line holding ``node``, None when it is
        in no simple statement (a compound statement's header)."""
        import libcst as cst

        owners = self._owner_index() if self._full is None else None
        owner = owners.get(id(node)) if owners is not None else None
        if owner is None:
            whole = self._whole()
            rng = whole.get(node)
            return _innermost_simple_lines(whole, rng) if rng is not None else None
        if not isinstance(owner, cst.SimpleStatementLine):
            return None
        rng = self.get(owner)
        return (rng.start.line, rng.end.line) if rng is not None else None

    # -- one statement at a time ---------------------------------------------------------
    def _place(self, node: Any) -> bool:
        """Generate the block statement holding ``node``; False when it cannot be placed
        (then the whole module is generated)."""
        owners = self._owner_index()
        owner = owners.get(id(node)) if owners is not None else None
        if owner is None or id(owner) in self._generated or not self._generate(owner):
            self._whole()
            return False
        return True

    def _generate(self, stmt: Any) -> bool:
        try:
            return self._generate_one(stmt)
        except Exception:  # noqa: BLE001 - any failure of libcst's codegen: no positions
            self._fail()
            return True  # nothing more to try

    def _generate_one(self, stmt: Any) -> bool:
        lines = self._statement_lines()
        where = lines.get(id(stmt)) if lines is not None else None
        if where is None:
            return False
        first_line, indents = where
        index = self._line_index()
        if not 1 <= first_line <= len(index.starts):
            return False
        state = _token_index_state(self._module)
        state.indent_tokens = list(indents)
        with deep_recursion():
            stmt._codegen(state)
        tokens = state.tokens
        code = "".join(tokens)
        base = index.starts[first_line - 1]
        if not self._text.startswith(code, base):
            return False  # not where ast puts it: positions from here would be wrong
        offsets = list(accumulate((len(t) for t in tokens), initial=base))
        spans = self._spans
        for node, (start, end) in state.spans.items():
            if node not in spans:  # a node seen twice keeps its first place, as in codegen
                spans[node] = (offsets[start], offsets[end])
        self.generated_nodes += len(state.spans)
        self._generated.add(id(stmt))
        return True

    def _statement_lines(self) -> Optional[Dict[int, Tuple[int, Tuple[str, ...]]]]:
        if self._lines is None:
            try:
                self._lines = _statement_lines(self._module, self._text) or {}
            except Exception:  # noqa: BLE001 - trees of unexpected shape: the whole module then
                self._lines = {}
        return self._lines or None

    def _owner_index(self) -> Optional[Dict[int, Any]]:
        """id(node) -> innermost block statement, for every node the rules' walk reaches
        (``walker._fields``): one pass over the tree, no code generated."""
        if self._owners is None:
            lines = self._statement_lines()
            try:
                self._owners = _owners(self._module, lines) if lines else {}
            except Exception:  # noqa: BLE001 - MemoryError: the whole module then
                self._owners = {}
        return self._owners or None

    def _line_index(self) -> Any:
        if self._index is None:
            from .text import LineIndex

            self._index = LineIndex(self._text)
        return self._index

    def _range(self, span: Tuple[int, int]) -> Any:
        from libcst.metadata import CodePosition, CodeRange

        index = self._line_index()
        start_line, start_col = index.pos(span[0])
        end_line, end_col = index.pos(span[1])
        return CodeRange(CodePosition(start_line, start_col - 1), CodePosition(end_line, end_col - 1))

    def _whole(self) -> Mapping[Any, Any]:
        if self._full is None:
            try:
                self._full = positions_for(self._module)
            except Exception:  # noqa: BLE001 - any failure of libcst's codegen: no positions
                self._fail()
                return {}
            self._spans.clear()
        return self._full

    def _fail(self) -> None:
        self.failed = True
        self._full = {}
        self._spans.clear()


def _innermost_simple_lines(pos: Mapping[Any, Any], rng: Any) -> Optional[Tuple[int, int]]:
    """The innermost simple statement line whose lines hold ``rng``, over a whole module's
    positions (the fallback: every simple statement line is looked at)."""
    import libcst as cst

    spans = [(p.start.line, p.end.line) for p in (pos[n] for n in pos if isinstance(n, cst.SimpleStatementLine))]
    inner = sorted(sp for sp in spans if sp[0] <= rng.start.line and rng.end.line <= sp[1])
    return min(inner, key=lambda sp: sp[1] - sp[0]) if inner else None


def _cached_ast(text: str) -> Any:
    """The engine's guard parse of ``text`` when that is the file being linted."""
    from .astcache import tree_of

    return tree_of(text)


def _statement_lines(module: Any, text: str) -> Optional[Dict[int, Tuple[int, Tuple[str, ...]]]]:
    """id(block statement) -> (the line its code starts on, leading comment and blank lines
    included; its enclosing blocks' indentation), from CPython's ast paired with libcst's
    tree block by block; None when they disagree or ast cannot parse the text.  Iterative
    (an ``elif`` chain nests)."""
    import ast
    import warnings

    import libcst as cst

    tree = _cached_ast(text)
    try:
        if tree is None:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                tree = ast.parse(text)
    except Exception:  # noqa: BLE001 - RecursionError, MemoryError: the whole module then
        return None
    out: Dict[int, Tuple[int, Tuple[str, ...]]] = {}
    todo: List[Tuple[Sequence[Any], Sequence[Any], Tuple[str, ...]]] = [(module.body, tree.body, ())]
    default = module.default_indent
    while todo:
        stmts, nodes, indents = todo.pop()
        i = 0
        for stmt in stmts:
            if isinstance(stmt, cst.SimpleStatementLine):
                n = len(stmt.body)
                if n == 0 or i + n > len(nodes):
                    return None
                first = nodes[i].lineno
                lead = len(stmt.leading_lines)
                i += n
            else:
                if i >= len(nodes):
                    return None
                node = nodes[i]
                i += 1
                first = min([node.lineno] + [d.lineno for d in getattr(node, "decorator_list", ())])
                lead = len(stmt.leading_lines)
                decorators = getattr(stmt, "decorators", ())
                if decorators:
                    lead += len(decorators[0].leading_lines)
                blocks = _blocks(stmt, node)
                if blocks is None:
                    return None
                # a match statement's cases are indented once more than the match
                outer = indents + ((default if stmt.indent is None else stmt.indent,)
                                   if isinstance(stmt, cst.Match) else ())
                for block, body in blocks:
                    if isinstance(block, cst.IndentedBlock):  # a one-line suite holds no block statements
                        todo.append((block.body, body, outer + (default if block.indent is None else block.indent,)))
            out[id(stmt)] = (first - lead, indents)
        if i != len(nodes):
            return None
    return out


def _blocks(stmt: Any, node: Any) -> Optional[List[Tuple[Any, List[Any]]]]:
    """(libcst suite, the ast statements it holds) of each block of a compound statement;
    None when the two trees do not have the same shape here."""
    import ast

    import libcst as cst

    out: List[Tuple[Any, List[Any]]] = []
    for kind, kinds in ((cst.FunctionDef, (ast.FunctionDef, ast.AsyncFunctionDef)), (cst.ClassDef, ast.ClassDef),
                        (cst.With, (ast.With, ast.AsyncWith))):
        if isinstance(stmt, kind):
            return [(stmt.body, node.body)] if isinstance(node, kinds) else None
    if isinstance(stmt, cst.If):
        branch: Any = stmt
        while isinstance(branch, cst.If):  # an elif chain: iterative
            if not isinstance(node, ast.If):
                return None
            out.append((branch.body, node.body))
            branch = branch.orelse
            if isinstance(branch, cst.If):
                if len(node.orelse) != 1:
                    return None
                node = node.orelse[0]
            elif branch is not None:
                out.append((branch.body, node.orelse))
            elif node.orelse:
                return None
        return out
    if isinstance(stmt, (cst.For, cst.While)):
        if not isinstance(node, (ast.For, ast.AsyncFor) if isinstance(stmt, cst.For) else ast.While):
            return None
        out.append((stmt.body, node.body))
        if stmt.orelse is not None:
            out.append((stmt.orelse.body, node.orelse))
        return out
    try_star = getattr(ast, "TryStar", ast.Try)
    if isinstance(stmt, (cst.Try, cst.TryStar)):
        if not isinstance(node, ast.Try if isinstance(stmt, cst.Try) else try_star) \
                or len(stmt.handlers) != len(node.handlers):
            return None
        out.append((stmt.body, node.body))
        handlers: Sequence[Any] = stmt.handlers
        out.extend((h.body, a.body) for h, a in zip(handlers, node.handlers))
        if stmt.orelse is not None:
            out.append((stmt.orelse.body, node.orelse))
        if stmt.finalbody is not None:
            out.append((stmt.finalbody.body, node.finalbody))
        return out
    match_type: Any = getattr(ast, "Match", None)  # Python 3.10+
    if isinstance(stmt, cst.Match):
        if match_type is None or not isinstance(node, match_type) or len(stmt.cases) != len(node.cases):
            return None
        return [(c.body, a.body) for c, a in zip(stmt.cases, node.cases)]
    return None  # a compound statement this pairing does not know


def _owners(module: Any, lines: Dict[int, Any]) -> Dict[int, Any]:
    """id(node) -> its innermost block statement (a key of ``lines``), for the nodes under
    the fields the rules' walk follows.  Iterative; whether a value is a node is asked once
    per type (``isinstance`` on libcst's abstract base class is most of such a walk)."""
    from .walker import _fields

    node_base = _node_base()
    is_node: Dict[type, bool] = {}
    sequences = (list, tuple)
    owners: Dict[int, Any] = {}
    stack: List[Tuple[Any, Any]] = [(module, None)]
    while stack:
        node, owner = stack.pop()
        if id(node) in lines:
            owner = node
        if owner is not None:
            owners[id(node)] = owner
        for name in _fields(type(node)):
            value = getattr(node, name)
            kind = type(value)
            if kind in sequences:
                for item in value:
                    item_kind = type(item)
                    found = is_node.get(item_kind)
                    if found is None:
                        found = is_node[item_kind] = issubclass(item_kind, node_base)
                    if found:
                        stack.append((item, owner))
                continue
            found = is_node.get(kind)
            if found is None:
                found = is_node[kind] = issubclass(kind, node_base)
            if found:
                stack.append((value, owner))
    return owners


class _Provider:
    """What libcst's position codegen state needs of a provider: the results dict."""

    def __init__(self) -> None:
        self._computed: Dict[Any, Any] = {}


def statement_starts(module: Any, text: str) -> Optional[List[Tuple[int, int]]]:
    """(first line, last line) of each top-level libcst statement, from CPython's ast (which
    does not recurse per ``elif``); None when ast cannot tell."""
    import ast

    tree = _cached_ast(text)
    try:
        if tree is None:
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
