"""Small helpers shared by the rules and the analyses: the cheap pre-checks, the string-visit
mixin and two value tests (moved out of ``clients.py``, where they had nothing to do with
clients).  String texts and expression keys come from THE evaluators, ``strings`` and
``exprs``, and are re-exported here for the code written against this module.
"""
from __future__ import annotations

from typing import Optional

import libcst as cst

from ..gates import LiteralPrecheck, lowered
from .exprs import key_of, last_identifier, unwrap
from .literals import concat_nodes, literal_str
from .strings import raw_text, string_text

__all__ = ["lowered", "LiteralPrecheck", "skip_parts", "StringVisits", "is_false", "is_none_or_empty",
           "key_of", "last_identifier", "unwrap", "raw_text", "string_text"]

# -- pre-checks: botlint.gates (libcst-free, the engine asks them before any parse) ----------


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


