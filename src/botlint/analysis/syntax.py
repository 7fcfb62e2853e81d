"""Small helpers shared by the rules and the analyses: the cheap pre-checks, the string-visit
mixin and two value tests (moved out of ``clients.py``, where they had nothing to do with
clients).  String texts and expression keys come from THE evaluators, ``strings`` and
``exprs``, and are re-exported here for the code written against this module.
"""
from __future__ import annotations

from typing import List, Optional, Sequence

import libcst as cst

from .exprs import key_of, last_identifier, unwrap
from .literals import concat_nodes, literal_str
from .strings import raw_text, string_text

__all__ = ["lowered", "LiteralPrecheck", "skip_parts", "StringVisits", "is_false", "is_none_or_empty",
           "key_of", "last_identifier", "unwrap", "raw_text", "string_text"]

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


