"""Step 2 of a Python file: the parse gate, then one libcst parse.

CPython's ``ast`` parses first, at the default recursion limit: it is about 10x faster than
libcst, crash-proof, and refuses what would overflow libcst's native parser.  Then the
bracket depth, then statements holding expressions nested too deeply for libcst (blanked and
reported as BOT006), then libcst itself; when libcst rejects code Python accepts (its grammar
gaps), the statements at fault are blanked and reported as BOT006 while the rest is analysed.
A syntax error is BOT001, nesting too deep to parse safely BOT004.  Engine-made findings go
through the ``add`` callback of the file being linted, in the order they are found.
"""
from __future__ import annotations

import ast
import re
import threading
import warnings
from typing import Any, Callable, List, NamedTuple, Optional, Tuple, Union

from .. import astcache
from ..text import MAX_BRACKET_DEPTH, LineIndex, bracket_depth, escape, split_lines

# expression nesting above which libcst's parser turns slow (quadratic on conditional chains)
MAX_EXPR_DEPTH = 200
_PY2 = re.compile(r"^[ \t\f]*(?:print[ \t]+[\"'\w]|exec[ \t]+[\"']|except[ \t]+\w+[ \t]*,[ \t]*\w+[ \t]*:)"
                  r"|\bur[\"']|^[ \t\f]*raise[ \t]+\w+[ \t]*,", re.M)

# the engine-made finding callback: add(code, message, line=1, col=1, end_line=None)
Add = Callable[..., None]


def parse_python(text: str, need_tree: Union[bool, Callable[[Optional[ast.AST]], bool]],
                 add: Add) -> Optional[Tuple[Any, str]]:
    """(libcst module, the text it was parsed from) when the rules have a tree to walk, else
    None.  ``need_tree``: some rule will walk the file (libcst is not paid for otherwise: a file no
    rule can fire on has nothing a parser gap could hide), or a function asked with the guard's
    ``ast`` tree (None when it could not parse) that says so: the gates' second stage
    (``registry.tree_gated``).  The text parsed differs from ``text`` where statements were
    blanked (deep expressions, a recovery)."""
    # a cheap, crash-proof syntax and nesting check first: CPython's parser refuses what
    # would overflow libcst's native parser, and is ~10x faster when no rule needs libcst
    tree: Optional[ast.AST] = None
    try:
        # at the default recursion limit on purpose: deeper trees make libcst's parser slow
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            tree = ast.parse(text)
        ast_error = None
    except RecursionError:
        # a long if/elif chain or a deep expression: retry on the big stack; deep
        # expressions are blanked for libcst below (BOT006), the rest is analysed
        tree = _deep_statements_only(text)
        if tree is None:
            add("BOT004", "nesting too deep to parse safely; rules skipped, secrets pass ran")
            return None
        ast_error = None
    except MemoryError:
        add("BOT004", "nesting too deep to parse safely; rules skipped, secrets pass ran")
        return None
    except SyntaxError as e:
        if "too many nested" in str(e.msg) or "too complex" in str(e.msg):
            add("BOT004", f"nesting too deep to parse safely ({e.msg}); rules skipped",
                line=e.lineno or 1)
            return None
        ast_error = e
    except ValueError as e:  # null bytes
        ast_error = SyntaxError(str(e))
    if tree is not None:
        astcache.remember(text, tree)  # for the positions' statement pairing
    if callable(need_tree):
        need_tree = need_tree(tree if ast_error is None else None)
    if ast_error is None and not need_tree:
        # no rule's pre-check matches the text: nothing libcst could fail to show to a rule,
        # so no BOT006 to look for either (and no libcst parse, which is most of a cold run)
        return None
    if bracket_depth(text) > MAX_BRACKET_DEPTH:
        add("BOT004", "nesting too deep to parse safely; rules skipped, secrets pass ran")
        return None
    import libcst as cst

    source = text
    if tree is not None and ast_error is None:
        data = huge_literals(tree, text)
        deep = deep_expression_statements(tree, skip=frozenset(lit.node for lit in data))
        data = [lit for lit in data if not any(a <= lit.last and lit.first <= b for a, b in deep)]
        if data:
            # first: emptying keeps every line's length, so the deep ranges' lines stay put
            source = _emptied(source, data)
            for lit in data:
                add("BOT006", f"a literal of {lit.items:,} items at lines {lit.first}-{lit.last} "
                    "is data botlint does not walk (the secrets pass read it)",
                    line=lit.first, end_line=lit.last)
        if deep:
            source = _blanked(_line_pieces(source), deep)
            for a, b in deep:
                add("BOT006", degraded_message(a, b, _TOO_DEEP), line=a, end_line=b)
    try:
        module = parse_module(source)
        parsed = source
    except cst.ParserSyntaxError as e:
        recovered = recover(source, tree, e) if tree is not None else None
        if recovered is None:
            if ast_error is None:
                # Python accepts this file and libcst does not: never a silent pass
                n = len(split_lines(text)) or 1
                add("BOT006", degraded_message(1, n), line=1)
                return None
            syntax_error(text, ast_error, e, add)
            return None
        module, parsed, ranges = recovered
        for a, b in ranges:
            add("BOT006", degraded_message(a, b), line=a, end_line=b)
    except RecursionError:
        add("BOT004", "nesting too deep to parse; rules skipped, secrets pass ran")
        return None
    if not need_tree:
        return None
    return module, parsed


def parse_module(source: str) -> Any:
    """``libcst.parse_module`` without the per-node validation.  libcst validates every node
    it builds (``CSTNode.__post_init__`` calls ``_validate``), which is a quarter of a parse
    (0.80 s to 0.61 s on ccxt's binance.py) and checks nothing a parser-built node can fail:
    those checks guard trees that code builds by hand (libcst's own comment there suggests
    skipping them when parsing).  The class attribute is restored before this returns, so
    the trees botlint's fixes build are validated as before; one parse at a time per process
    (a worker lints one file at a time)."""
    import libcst as cst
    from libcst._nodes.base import CSTNode

    validate = CSTNode.__dict__.get("__post_init__")
    if validate is None:  # another libcst layout: parse as it does
        return cst.parse_module(source)
    CSTNode.__post_init__ = _no_validation  # type: ignore[method-assign]
    try:
        return cst.parse_module(source)
    finally:
        CSTNode.__post_init__ = validate  # type: ignore[method-assign]


def _no_validation(self: Any) -> None:
    return None


def syntax_error(text: str, ast_error: SyntaxError, e: Any, add: Add) -> None:
    line = getattr(ast_error, "lineno", None) or getattr(e, "raw_line", 1) or 1
    col = getattr(ast_error, "offset", None) or (getattr(e, "raw_column", 0) + 1) or 1
    # CPython's message names no source text; libcst's str() would quote the line
    msg = escape(str(getattr(ast_error, "msg", "") or "invalid syntax"))[:200]
    hint = " (this looks like Python 2 code)" if _PY2.search(text) else ""
    add("BOT001", f"syntax error{hint}: {msg}; rules skipped, secrets pass ran",
        line=line, col=max(1, int(col)))


# libcst parses at most this many times per file while it recovers from its grammar gaps
MAX_RECOVERIES = 8
_INDENT = re.compile(r"[ \t\f]*")


_GRAMMAR_GAP = "Python accepts code there that botlint's parser (libcst) rejects"
_TOO_DEEP = "an expression there is nested too deeply for botlint's parser (libcst)"


def degraded_message(first: int, last: int, reason: str = _GRAMMAR_GAP) -> str:
    where = f"line {first}" if first == last else f"lines {first}-{last}"
    return f"part of this file could not be analysed ({where}): {reason}; a file can use this to hide code"


def _statement_ranges(tree: ast.AST) -> List[Tuple[int, int]]:
    """(first, last) line of every statement, nested ones too (decorators included)."""
    out = []
    for node in ast.walk(tree):  # breadth first with a queue: no recursion
        if isinstance(node, ast.stmt):
            first = min([node.lineno] + [d.lineno for d in getattr(node, "decorator_list", ())])
            out.append((first, getattr(node, "end_lineno", None) or node.lineno))
    return out


_ERROR_AT = re.compile(r"error at (\d+):\d+")


def _error_line(error) -> int:
    """The line libcst's parser failed on: its message says it exactly (``error at 9:12``);
    ``raw_line`` is one too far in some libcst versions."""
    m = _ERROR_AT.search(str(getattr(error, "message", ""))[:300])
    if m:
        return int(m.group(1))
    return int(getattr(error, "raw_line", 0) or 0)


def _joined(ranges: List[Tuple[int, int]]) -> List[Tuple[int, int]]:
    out: List[Tuple[int, int]] = []
    for a, b in sorted(ranges):
        if out and a <= out[-1][1] + 1:
            out[-1] = (out[-1][0], max(b, out[-1][1]))
        else:
            out.append((a, b))
    return out


def left_out(text: str, parsed: str) -> str:
    """``text`` with every line libcst was given blanked (``parsed``, of the same lines) left
    empty: what the rules did not walk, at the same offsets (line breaks and other lines'
    characters become spaces)."""
    mine, theirs = _line_pieces(text), _line_pieces(parsed)
    return "".join(a if a != b else _NOT_BREAK.sub(" ", a) for a, b in zip(mine, theirs))


def _line_pieces(text: str) -> List[str]:
    """The lines of ``text`` with their line breaks (``split_lines``' breaks)."""
    starts = LineIndex(text).starts
    return [text[starts[i]:starts[i + 1]] for i in range(len(starts) - 1)] + [text[starts[-1]:]]


def _blanked(pieces: List[str], ranges: List[Tuple[int, int]]) -> str:
    """The text with each statement range replaced by a ``pass`` at its indentation and empty
    lines, so every other line keeps its number and columns."""
    out = list(pieces)
    for first, last in ranges:
        for ln in range(first, last + 1):
            body = pieces[ln - 1]
            end = body[len(body.rstrip("\r\n")):]
            indent = _INDENT.match(body)  # always matches (possibly empty)
            out[ln - 1] = ((indent.group(0) if indent else "") + "pass" + end) if ln == first else end
    return "".join(out)


def deep_expression_statements(tree: ast.AST, skip: frozenset = frozenset()) -> List[Tuple[int, int]]:
    """(first, last) line of each innermost statement holding an expression nested deeper than
    ``MAX_EXPR_DEPTH``.  libcst's parser is quadratic in such nesting and its native code
    crashes the process on a few thousand levels (``a-a-a-...``), which CPython's parser
    accepts: those statements are blanked for libcst and reported as BOT006.  Iterative.
    ``skip``: ids of expressions not to walk (the data literals emptied for libcst)."""
    out: List[Tuple[int, int]] = []
    stack: List[tuple] = [(tree, 0, None)]
    while stack:
        node, depth, stmt = stack.pop()
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.stmt):
                if _too_short(child):
                    continue  # most statements: not walked at all
                first = min([child.lineno] + [d.lineno for d in getattr(child, "decorator_list", ())])
                stack.append((child, 0, (first, getattr(child, "end_lineno", None) or child.lineno)))
                continue
            if isinstance(child, ast.expr):
                if id(child) in skip:
                    continue
                d = depth + 1
                if depth + _width(child) <= MAX_EXPR_DEPTH:
                    continue  # too narrow to nest deeper (see _too_short): not walked
            else:
                d = depth
            if d > MAX_EXPR_DEPTH:
                if stmt is not None:
                    out.append(stmt)
                continue
            stack.append((child, d, stmt))
    return _joined(out)


# direct items above which a literal list, tuple, set or dict of constants is data: libcst
# spends ~0.3 ms and ~5 KB per item (a 1.9 MB one-line list: 75 s and 1.25 GB per worker)
MAX_LITERAL_ITEMS = 5000


class _Literal(NamedTuple):
    first: int  # lines, 1-based
    last: int
    start: int  # offsets in the text: the literal's first and one-past-last character
    end: int
    items: int
    node: int  # id() of the ast node


def huge_literals(tree: ast.AST, text: str) -> List[_Literal]:
    """Each outermost list, tuple, set or dict display of more than ``MAX_LITERAL_ITEMS``
    direct items that are all constants (or constant displays): a data table, not code.  Its
    inside is emptied for libcst (``_emptied``), so memory and time stay bounded per file; the
    statement around it is still analysed (``exec(bytes([...]))`` is still an ``exec`` of bytes).
    Only a text of at least two bytes an item can hold one, so most files cost a length test."""
    if len(text) < 2 * MAX_LITERAL_ITEMS:
        return []
    index = LineIndex(text)
    out: List[_Literal] = []
    stack: List[ast.AST] = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, ast.stmt) and _span_chars(index, node) < MAX_LITERAL_ITEMS:
            # too short to hold such a literal (two characters an item at least; half of that
            # leaves room for byte columns): most statements are not walked
            continue
        items = _display_items(node)
        if items is not None and len(items) > MAX_LITERAL_ITEMS and all(map(_constant, items)):
            assert isinstance(node, ast.expr)
            start = _offset(index, text, node.lineno, node.col_offset)
            end = _offset(index, text, node.end_lineno or node.lineno,
                          node.end_col_offset or node.col_offset)
            out.append(_Literal(node.lineno, node.end_lineno or node.lineno, start, end, len(items),
                                id(node)))
            continue
        stack.extend(ast.iter_child_nodes(node))
    return sorted(out)


def _span_chars(index: LineIndex, node: ast.stmt) -> int:
    """About how many characters a statement spans (``ast``'s columns count UTF-8 bytes)."""
    end = node.end_lineno or node.lineno
    return (index.starts[end - 1] + (node.end_col_offset or 0)) - (index.starts[node.lineno - 1] + node.col_offset)


def _display_items(node: ast.AST) -> Optional[List[ast.AST]]:
    items: List[ast.AST] = []
    if isinstance(node, (ast.List, ast.Tuple, ast.Set)):
        items.extend(node.elts)
    elif isinstance(node, ast.Dict):
        items.extend(k for k in node.keys if k is not None)
        items.extend(node.values)
    else:
        return None
    return items


def _constant(node: ast.AST) -> bool:
    """A constant, a signed number, or a display of constants (iterative: data nests)."""
    stack = [node]
    while stack:
        n = stack.pop()
        if isinstance(n, ast.Constant):
            continue
        if isinstance(n, ast.UnaryOp) and isinstance(n.operand, ast.Constant):
            continue
        items = _display_items(n)
        if items is None or (isinstance(n, ast.Dict) and None in n.keys):
            return False
        stack.extend(items)
    return True


def _offset(index: LineIndex, text: str, line: int, col_bytes: int) -> int:
    """The text offset of ``ast``'s (line, UTF-8 byte column)."""
    start = index.starts[line - 1]
    piece = text[start:start + col_bytes]
    if piece.isascii():
        return start + col_bytes
    return start + len(text[start:].encode("utf-8")[:col_bytes].decode("utf-8", "ignore"))


def _emptied(text: str, literals: List[_Literal]) -> str:
    """The text with each literal's inside replaced by spaces and its line breaks, so every line
    keeps its number and every column after the literal stays put; most of the spaces are
    turned into one string (``_as_string``).  A display keeps its brackets; a tuple written
    without them gets ``()``."""
    out: List[str] = []
    done = 0
    for lit in literals:
        body = text[lit.start:lit.end]
        opener, closer = body[0], body[-1]
        if (opener, closer) not in (("[", "]"), ("(", ")"), ("{", "}")):
            opener, closer = "(", ")"
        inside = _as_string(_NOT_BREAK.sub(" ", body[1:-1]))
        out.append(text[done:lit.start] + opener + inside + closer)
        done = lit.end
    out.append(text[done:])
    return "".join(out)


def _as_string(blank: str) -> str:
    """Spaces and line breaks with a string literal laid over their spaces, from the first run of
    three spaces to the last (triple-quoted when it spans lines), else over the longest line's:
    libcst checks a whitespace token with a regular expression, which costs seconds on a
    megabyte, and takes a string token whole.  No line break is moved."""
    pieces = _BREAK.split(blank)  # text, break, text, ...: the texts are runs of spaces
    runs = [i for i in range(0, len(pieces), 2) if len(pieces[i]) >= 3]
    if len(runs) >= 2:
        first, last = runs[0], runs[-1]
        pieces[first] = '"""' + pieces[first][3:]
        pieces[last] = pieces[last][:-3] + '"""'
    else:
        longest = max(range(0, len(pieces), 2), key=lambda i: len(pieces[i]))
        if len(pieces[longest]) >= 2:
            pieces[longest] = '"' + pieces[longest][2:] + '"'
    return "".join(pieces)


_BREAK = re.compile(r"(\r\n|\r|\n)")
_NOT_BREAK = re.compile(r"[^\r\n]")


def _width(node: ast.expr) -> int:
    """The bytes an expression spans when it is on one line (at least its depth: every level of
    nesting has a token of its own), else a width no expression limit admits."""
    end_line = getattr(node, "end_lineno", None)
    end_col = getattr(node, "end_col_offset", None)
    if end_line != node.lineno or end_col is None:
        return MAX_EXPR_DEPTH + 1
    return end_col - node.col_offset


def _too_short(stmt: ast.stmt) -> bool:
    """A simple statement on one line no longer than ``MAX_EXPR_DEPTH`` bytes cannot nest an
    expression deeper: every level of nesting has a token of its own (an operator, a dot, a
    bracket, a keyword), one byte at least, so its depth is at most its width."""
    end_line = getattr(stmt, "end_lineno", None)
    end_col = getattr(stmt, "end_col_offset", None)
    return (end_line == stmt.lineno and end_col is not None and not hasattr(stmt, "body")
            and end_col - stmt.col_offset <= MAX_EXPR_DEPTH)


def safe_for_libcst(text: str) -> bool:
    """Whether libcst may parse ``text`` outside the linting walk (the fixes do): CPython
    parses it at the default recursion limit, and neither its brackets nor its expressions are
    nested deeper than the walk's limits, which keep libcst's native parser from crashing the
    process or turning quadratic."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            tree = ast.parse(text)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return False
    return bracket_depth(text) <= MAX_BRACKET_DEPTH and not deep_expression_statements(tree)


def _covered(r: Tuple[int, int], replaced: List[Tuple[int, int]]) -> bool:
    return any(p[0] <= r[0] and r[1] <= p[1] for p in replaced)


def recover(text: str, tree: ast.AST, error) -> Optional[tuple]:
    """When CPython's parser accepts ``text`` and libcst's does not: blank out the
    statement(s) libcst rejects (a ``pass`` at the statement's indentation, then empty lines,
    so every other line keeps its number and columns), re-parse, and widen to the enclosing
    statement when that does not help.  (module, parsed text, replaced line ranges) or None."""
    import libcst as cst

    ranges = sorted(set(_statement_ranges(tree)))
    pieces = _line_pieces(text)
    replaced: List[Tuple[int, int]] = []
    for _ in range(MAX_RECOVERIES):
        line = _error_line(error)

        cands = [r for r in ranges if r[0] <= line <= r[1] and not _covered(r, replaced)]
        if not cands:  # the error is reported after the statement at fault
            cands = [r for r in ranges if r[1] <= line and not _covered(r, replaced)]
            cands = [max(cands, key=lambda r: (r[1], -r[0]))] if cands else []
        if not cands:
            return None
        pick = min(cands, key=lambda r: (r[1] - r[0], -r[0]))
        replaced = [p for p in replaced if not (pick[0] <= p[0] and p[1] <= pick[1])] + [pick]
        candidate = _blanked(pieces, replaced)
        try:
            return parse_module(candidate), candidate, _joined(replaced)
        except cst.ParserSyntaxError as e:
            error = e
    return None


def _deep_statements_only(text: str) -> Optional[ast.AST]:
    """The ast of a file CPython's ast conversion found too deep at the default recursion
    limit, parsed again on botlint's big stack; None when that fails too.  A long if/elif
    chain nests statements, which libcst parses in linear time; statements holding deeply
    nested expressions are blanked for libcst by the walk (``deep_expression_statements``)."""
    from ..positions import BIG_STACK_THREAD, WALK_LIMIT, deep_recursion

    if threading.current_thread().name != BIG_STACK_THREAD:
        return None  # the C stack of an ordinary thread is too small for the retry
    try:
        with warnings.catch_warnings(), deep_recursion(WALK_LIMIT):
            warnings.simplefilter("ignore")
            return ast.parse(text)
    except Exception:  # noqa: BLE001 - RecursionError, MemoryError, SyntaxError: give up
        return None


