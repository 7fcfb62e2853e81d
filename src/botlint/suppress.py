"""Inline suppressions.

* ``# botlint: ignore[BOT101]`` / ``# botlint: ignore[hardcoded-password, BOT3]``
* ``# noqa: BOT101`` (a bare ``# noqa`` does not hide botlint findings)
* ``# pragma: allowlist secret`` (detect-secrets' marker) hides BOT1xx findings on the line;
  ``# pragma: allowlist nextline secret`` hides them on the next line
* extra markers from ``[tool.botlint.secrets] allowlist-markers`` act like the pragma.
* a comment that calls the value a dummy / mock / fake / example one (``# noqa: mock``,
  ``# dummy key``), on its line or on a comment line right above, acts like the pragma too
  (``botlint.secrets.markers`` says which comments count).

A comment on the first or the last line of a multi-line statement covers the whole statement.

Lines are the parser's lines (``botlint.text.split_lines``: ``\r\n``, ``\r``, ``\n`` only):
``str.splitlines`` would also break on a form feed or U+2028 in a comment and shift every
suppression after it onto the wrong line.
"""
from __future__ import annotations

import re
from typing import Dict, FrozenSet, List, Sequence, Union

from . import registry
from .model import Finding
from .secrets import markers
from .text import split_lines

_BOTLINT = re.compile(r"botlint\s*:\s*ignore\[([^\[\]]*)\]", re.I)
_NOQA = re.compile(r"#\s*noqa\s*:\s*([A-Za-z0-9_,\s-]+)", re.I)
_PRAGMA = re.compile(r"pragma\s*:\s*allowlist[ -]secret", re.I)
_PRAGMA_NEXT = re.compile(r"pragma\s*:\s*allowlist[ -]nextline[ -]secret", re.I)
ALL_SECRETS = "BOT1*"


def _selectors(text: str) -> List[str]:
    return [t.strip() for t in re.split(r"[,\s]+", text) if t.strip()]


class Suppressions:
    def __init__(self, lines: Union[str, Sequence[str]], markers: Sequence[str] = ()) -> None:
        self._lines = split_lines(lines) if isinstance(lines, str) else lines
        self._markers = [m.lower() for m in markers if m]
        self._cache: Dict[int, FrozenSet[str]] = {}

    def _codes_on(self, lineno: int) -> FrozenSet[str]:
        """Selectors a comment on this (1-based) line names."""
        if lineno in self._cache:
            return self._cache[lineno]
        out: set = set()
        if 1 <= lineno <= len(self._lines):
            line = self._lines[lineno - 1]
            if "#" in line or ";" in line or "botlint" in line:
                for m in _BOTLINT.finditer(line):
                    out.update(_selectors(m.group(1)))
                for m in _NOQA.finditer(line):
                    out.update(s for s in _selectors(m.group(1)) if s.upper().startswith("BOT"))
                if _PRAGMA.search(line) and not _PRAGMA_NEXT.search(line):
                    out.add(ALL_SECRETS)
                low = line.lower()
                if any(mk in low for mk in self._markers):
                    out.add(ALL_SECRETS)
            if markers.marks_line(line) or lineno >= 2 and markers.marks_next_line(self._lines[lineno - 2]):
                out.add(ALL_SECRETS)
        if 2 <= lineno <= len(self._lines) + 1 and _PRAGMA_NEXT.search(self._lines[lineno - 2]):
            out.add(ALL_SECRETS)
        result = frozenset(out)
        self._cache[lineno] = result
        return result

    def suppressed(self, finding: Finding) -> bool:
        lines = {finding.location.line, finding.location.end_line, *finding.suppress_lines}
        for ln in lines:
            for sel in self._codes_on(ln):
                if _covers(sel, finding):
                    return True
        return False


def _covers(selector: str, finding: Finding) -> bool:
    if selector == ALL_SECRETS:
        return registry.is_secret(finding.code)  # Rule.SECRET
    up = selector.upper()
    if up == finding.code:
        return True
    if selector.lower() == finding.name:
        return True
    # a family prefix (BOT1, BOT10) names several rules explicitly enough
    return bool(re.fullmatch(r"BOT\d{1,2}", up)) and finding.code.startswith(up)


def filter_findings(findings: List[Finding], lines: Union[str, Sequence[str]], markers: Sequence[str] = (),
                    disabled: bool = False) -> List[Finding]:
    if disabled or not findings:
        return findings
    sup = Suppressions(lines, markers)
    return [f for f in findings if not sup.suppressed(f)]
