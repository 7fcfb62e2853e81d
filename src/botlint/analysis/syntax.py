"""Small helpers over libcst strings and expressions, shared by the rules and the analyses:
the cheap pre-checks, string texts, the string-visit mixin, and expression keys.

They depend on nothing but libcst and ``literals`` (moved out of ``clients.py``, where they had
nothing to do with clients).
"""
from __future__ import annotations

from typing import List, Optional, Sequence

import libcst as cst

from .literals import concat_nodes, concat_parts, join_concat, literal_str

# -- pre-checks ---------------------------------------------------------------------------------

_LOWER_CACHE: List[object] = [None, ""]


def lowered(text: str) -> str:
    """``text.lower()``, computed once per file for all the rules' pre-checks."""
    if _LOWER_CACHE[0] is not text:
        _LOWER_CACHE[0], _LOWER_CACHE[1] = text, text.lower()
    return _LOWER_CACHE[1]  # type: ignore[return-value]


class LiteralPrecheck:
    """A pre-check made of plain substring tests (C-speed ``in`` on the lower-cased text),
    about 10x cheaper than an alternation regex; duck-types ``re.Pattern.search``."""

    def __init__(self, words: Sequence[str], pattern: str = "") -> None:
        self.words = tuple(w.lower() for w in words)
        self.pattern = pattern or "|".join(self.words)

    def search(self, text: str) -> bool:
        low = lowered(text)
        return any(w in low for w in self.words)


# -- strings ------------------------------------------------------------------------------------


def string_text(node: cst.CSTNode) -> Optional[str]:
    """A string expression's text with ``{}`` for every f-string expression part."""
    if isinstance(node, cst.SimpleString):
        return literal_str(node)
    if isinstance(node, cst.FormattedString):
        out = []
        for p in node.parts:
            out.append(p.value if isinstance(p, cst.FormattedStringText) else "{}")
        return "".join(out)
    if isinstance(node, cst.ConcatenatedString):
        return join_concat(node, string_text)
    return None


def raw_text(node: cst.CSTNode) -> str:
    """The source text of a string node's literal parts (quotes and escapes included): a cheap
    pre-filter before evaluating anything."""
    if isinstance(node, cst.SimpleString):
        return node.value
    if isinstance(node, cst.FormattedString):
        return "".join(p.value for p in node.parts if isinstance(p, cst.FormattedStringText))
    if isinstance(node, cst.ConcatenatedString):
        return "".join(raw_text(p) for p in concat_parts(node))
    return ""


def skip_parts(node: cst.ConcatenatedString, skip: set) -> None:
    """Mark the parts of an implicit concatenation as seen (the whole string was judged)."""
    for n in concat_nodes(node):
        skip.add(id(n.left))
        skip.add(id(n.right))


class StringVisits:
    """Mixin: calls ``self._string(node)`` once per whole string expression (an implicit
    concatenation is judged as one string, never part by part).  Needs ``self.skip: set``."""

    skip: set

    def _string(self, node: cst.CSTNode) -> None:
        raise NotImplementedError

    def visit_SimpleString(self, node: cst.SimpleString) -> None:
        self._string(node)

    def visit_FormattedString(self, node: cst.FormattedString) -> None:
        self._string(node)

    def visit_ConcatenatedString(self, node: cst.ConcatenatedString) -> None:
        if id(node) in self.skip:
            return  # a part of an outer concatenation, already marked with all its parts
        self._string(node)
        skip_parts(node, self.skip)  # the parts belong to this string


# -- expressions --------------------------------------------------------------------------------


def is_false(node: Optional[cst.CSTNode]) -> bool:
    return isinstance(node, cst.Name) and node.value == "False" or (
        isinstance(node, cst.Integer) and node.value == "0")


def is_none_or_empty(node: Optional[cst.CSTNode]) -> bool:
    if node is None:
        return True
    if isinstance(node, cst.Name) and node.value in ("None", "False"):
        return True
    s = literal_str(node)
    return s is not None and not s.strip()


def unwrap(node: Optional[cst.CSTNode]) -> Optional[cst.CSTNode]:
    while isinstance(node, cst.Await):
        node = node.expression
    return node


def key_of(node: Optional[cst.CSTNode]) -> Optional[str]:
    """A stable text for an expression that can hold a client: ``ex``, ``self.exchange``,
    ``self.exchanges[]``."""
    node = unwrap(node)
    if isinstance(node, cst.Name):
        return node.value
    if isinstance(node, cst.Attribute):
        base = key_of(node.value)
        return f"{base}.{node.attr.value}" if base else None
    if isinstance(node, cst.Subscript):
        base = key_of(node.value)
        return f"{base}[]" if base else None
    return None


def last_identifier(node: Optional[cst.CSTNode]) -> Optional[str]:
    node = unwrap(node)
    while isinstance(node, cst.Subscript):
        node = node.value
    if isinstance(node, cst.Name):
        return node.value
    if isinstance(node, cst.Attribute):
        return node.attr.value
    if isinstance(node, cst.Call):
        return last_identifier(node.func)
    return None
