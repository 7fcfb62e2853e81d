"""The value of a string literal node, shared by every rule family."""
from __future__ import annotations

import re
from typing import Callable, List, Optional, cast

import libcst as cst

_QUOTE = re.compile(r"[rRbBuU]{0,2}('''|\"\"\"|'|\")")


def literal_str(node: Optional[cst.CSTNode]) -> Optional[str]:
    """A plain or implicitly concatenated string literal's value (bytes as latin-1), else None."""
    tp = type(node)  # ``type() is``: both classes are final, and isinstance on libcst's ABCs is slow
    if tp is cst.SimpleString:
        node = cast(cst.SimpleString, node)
        raw = node.value
        m = _QUOTE.match(raw)
        if m:
            inner = raw[m.end(): len(raw) - len(m.group(1))]
            if "\\" not in inner:
                return inner  # no escapes: the text is the value (evaluated_value compiles)
        try:
            v = node.evaluated_value
        except Exception:  # malformed escapes
            return None
        return v.decode("latin-1") if isinstance(v, bytes) else v
    if tp is cst.ConcatenatedString:
        return join_concat(cast(cst.ConcatenatedString, node), literal_str)
    return None


def literal_strings(node: Optional[cst.CSTNode], limit: int = 64) -> Optional[List[str]]:
    """The strings of a literal list / tuple / set of string literals (1 to ``limit`` of them),
    else None."""
    if not isinstance(node, (cst.List, cst.Tuple, cst.Set)) or not 0 < len(node.elements) <= limit:
        return None
    items = [literal_str(e.value) for e in node.elements]
    return None if any(i is None for i in items) else [i for i in items if i is not None]


def join_concat(node: cst.ConcatenatedString, text: Callable[[cst.CSTNode], Optional[str]]) -> Optional[str]:
    """The parts of an implicit concatenation turned into text by ``text`` and joined; None
    when any part has none."""
    out = []
    for part in concat_parts(node):
        v = text(part)
        if v is None:
            return None
        out.append(v)
    return "".join(out)


def concat_parts(node: cst.CSTNode) -> List[cst.CSTNode]:
    """The strings of an implicit concatenation, in order, without recursion: libcst nests
    ``"a" "b" "c"`` to the right, and a recursive evaluation of 10,000 parts overflowed (which
    turned every rule off) while re-evaluating nested parts was quadratic."""
    out: List[cst.CSTNode] = []
    stack = [node]
    while stack:
        n = stack.pop()
        if isinstance(n, cst.ConcatenatedString):
            stack.append(n.right)
            stack.append(n.left)
        else:
            out.append(n)
    return out


def concat_nodes(node: cst.ConcatenatedString) -> List[cst.ConcatenatedString]:
    """The nested ConcatenatedString nodes of one implicit concatenation (itself included)."""
    out: List[cst.ConcatenatedString] = []
    stack: List[cst.BaseExpression] = [node]
    while stack:
        n = stack.pop()
        if isinstance(n, cst.ConcatenatedString):
            out.append(n)
            stack.append(n.right)
            stack.append(n.left)
    return out
