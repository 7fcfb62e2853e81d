"""The ``ast`` tree of the file being linted, kept for the positions' pairing of statements.

The engine's guard parse (``engine.parse.parse_python``) builds it for every Python file;
``positions`` pairs libcst's statements with the same tree to place a finding's statement, and
parsed the text again for it (twice: 0.1 s each on ccxt's binance.py).  One slot, filled by the
guard and cleared when the file is done (``engine.file.lint_bytes``): a worker lints one file at
a time.  A module of its own so ``engine.parse`` and ``positions`` need not import each other.
"""
from __future__ import annotations

from typing import Any, List, Optional

_SLOT: List[Any] = [None, None]  # [text, tree]


def remember(text: str, tree: Any) -> None:
    _SLOT[0], _SLOT[1] = text, tree


def tree_of(text: str) -> Optional[Any]:
    """The guard's tree when ``text`` is what it parsed, else None."""
    seen, tree = _SLOT
    return tree if seen is not None and (seen is text or seen == text) else None


def forget() -> None:
    _SLOT[0] = _SLOT[1] = None
