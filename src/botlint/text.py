"""Text from scanned files, handled one way everywhere.

- ``split_lines`` / ``LineIndex``: the one line splitter.  It breaks on ``\\r\\n``, ``\\r`` and
  ``\\n`` only, as Python's tokenizer and libcst do.  ``str.splitlines`` also breaks on form
  feed, ``\\v``, ``\\x1c``-``\\x1e``, ``\\x85`` and U+2028/9, which would put code frames,
  suppressions and line numbers on different lines from the parser's.
- ``escape``: anything that came from a scanned file (a path, a key name, a snippet) before
  it reaches a terminal, a CI log or stderr.  Control characters, line and paragraph
  separators, bidi overrides, lone surrogates and other non-printables become ``repr``-style
  escapes, so a file cannot forge an output line, a workflow command or an ANSI sequence.
"""
from __future__ import annotations

import bisect
import re
import unicodedata
from typing import List, Tuple

_BREAK = re.compile(r"\r\n|\r|\n")

# categories that never print as themselves: controls, format chars (bidi overrides, zero
# width), surrogates, private use, unassigned, line/paragraph separators
_UNSAFE_CATEGORIES = {"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"}
_ASCII_SAFE = re.compile(r"[ -~]*\Z")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def split_lines(text: str) -> List[str]:
    """Lines without their terminators; a final terminator does not add an empty line."""
    lines = _BREAK.split(text)
    if lines and lines[-1] == "" and len(lines) > 1:
        lines.pop()
    elif text == "":
        return []
    return lines


class LineIndex:
    """Offsets to 1-based (line, column) with the same line breaks as ``split_lines``."""

    def __init__(self, text: str) -> None:
        self.starts = [0]
        for m in _BREAK.finditer(text):
            self.starts.append(m.end())

    def pos(self, offset: int) -> Tuple[int, int]:
        i = bisect.bisect_right(self.starts, offset) - 1
        return i + 1, offset - self.starts[i] + 1


def _escape_char(ch: str) -> str:
    if ch in _NAMED:
        return _NAMED[ch]
    o = ord(ch)
    if o < 0x100:
        return f"\\x{o:02x}"
    if o < 0x10000:
        return f"\\u{o:04x}"
    return f"\\U{o:08x}"


def escape(text: str) -> str:
    """``text`` safe to print on one terminal line: printable characters stay, the rest
    becomes a backslash escape (``\\n``, ``\\x1b``, ``\\u202e``)."""
    if _ASCII_SAFE.match(text):
        return text
    return "".join(
        _escape_char(ch) if (ch < " " or ch == "\x7f" or (ch > "~" and unicodedata.category(ch) in _UNSAFE_CATEGORIES))
        else ch
        for ch in text
    )


# approximate bracket depth above which libcst's native parser may overflow its stack (the
# engine's guard, and BOT501's parse of a decoded stage: here, below both)
MAX_BRACKET_DEPTH = 400
_BRACKETS = re.compile(r"[()\[\]{}]")


def bracket_depth(text: str) -> int:
    depth = best = 0
    for m in _BRACKETS.finditer(text):
        if m.group(0) in "([{":
            depth += 1
            if depth > best:
                best = depth
        elif depth:
            depth -= 1
    return best
