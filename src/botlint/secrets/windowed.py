"""``pattern.finditer(text)`` run only near the places a match must contain.

Python's ``re`` searches a pattern that starts with a literal at C speed, but one that starts
with a look-behind or a character class is tried at every position of the text: on a 6.9 MB
minified bundle each such pattern costs 0.1-0.2 s.  When every match holds an *anchor* (a
literal, or a short pattern ``re`` searches fast) at a bounded distance from its start, the
pattern only needs to run in windows around the anchor's matches.

Exact, given the bounds: every match of ``pattern`` starts at most ``back`` characters before
the start of an anchor match it contains, and ends (its look-ahead included) at most
``forward`` characters after that anchor match's end.  Then every match lies inside one
window; windows that overlap are merged, so no match spans two; a scan of the whole text
enters each window outside a match; and inside a window ``finditer(text, pos, endpos)`` makes
the same attempts (a look-behind still sees the text before ``pos``, and ``endpos`` lies past
the longest match).  ``tests/test_windowed.py`` compares both on generated text.
"""
from __future__ import annotations

import re
from typing import Callable, Iterator, Optional

WINDOWED_FROM = 64 * 1024  # below this a text is scanned whole: the windows cost more than they save


def finditer_near(pattern: "re.Pattern[str]", text: str, anchor: "re.Pattern[str]", back: int,
                  forward: int, end_of: Optional[Callable[["re.Match[str]"], int]] = None) -> Iterator["re.Match[str]"]:
    """``end_of(anchor match)``: where a window ends, for a pattern whose matches have no fixed
    longest extent after the anchor (then ``forward`` is not used)."""
    if len(text) < WINDOWED_FROM:
        yield from pattern.finditer(text)
        return
    start = end = -1
    for a in anchor.finditer(text):
        lo = max(0, a.start() - back)
        hi = min(len(text), end_of(a) if end_of is not None else a.end() + forward)
        if lo <= end:
            end = max(end, hi)
            continue
        if end > start:
            yield from pattern.finditer(text, start, end)
        start, end = lo, hi
    if end > start:
        yield from pattern.finditer(text, start, end)
