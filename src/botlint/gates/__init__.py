"""The rules' gates: cheap tests over a file's text (and path) that decide, before any parse,
whether a rule can match anything there.  libcst-free on purpose, like everything they import:
the engine asks them from the generated rule index (``botlint.rules._index``) without importing
the rule modules, so a file no gate opens for is never parsed by libcst and libcst is never even
imported (``tests/test_startup_imports.py``).  A rule's ``PRECHECK`` is one of the objects
defined here (``scripts/gen_index.py`` refuses any other); ``BOTLINT_PREFILTER=0`` turns every
gate off, and ``tests/test_prefilter.py`` shows the findings do not change.
"""
from __future__ import annotations

from typing import List, Sequence

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
