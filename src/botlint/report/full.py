"""The default format: location, code, message, and a code frame with a caret.  The frame is
the finding's line with secrets masked; colour only on a terminal, never with NO_COLOR."""
from __future__ import annotations

from typing import List

from ..model import Finding, Severity

_SEV_COLOR = {Severity.CRITICAL: "1;31", Severity.HIGH: "31", Severity.MEDIUM: "33", Severity.LOW: "36"}


def _c(text: str, code: str, color: bool) -> str:
    return f"\x1b[{code}m{text}\x1b[0m" if color else text


def render(findings: List[Finding], *, files: int = 0, color: bool = False, **_: object) -> str:
    out = []
    for f in findings:
        head = (f"{_c(f.path, '1', color)}:{f.line}:{f.column}: "
                f"{_c(f.code, _SEV_COLOR[f.severity], color)} {f.message}")
        out.append(head)
        out.append(f"  [{f.name}] severity={f.severity.label} confidence={f.confidence.label}")
        if f.snippet.strip():
            gutter = f"{f.line} | "
            pad = " " * (len(str(f.line)) + 1) + "| "
            snippet = f.snippet.expandtabs(1)
            width = (f.location.end_column - f.column) if f.location.end_line == f.line else len(snippet) - f.column + 1
            width = max(1, min(width, max(1, len(snippet) - f.column + 1)))
            out.append(_c(gutter, "34", color) + snippet)
            out.append(_c(pad, "34", color) + " " * (f.column - 1) + _c("^" * width, _SEV_COLOR[f.severity], color))
        out.append("")
    n = len(findings)
    if n:
        out.append(f"Found {n} finding{'s' if n != 1 else ''} in {files} file{'s' if files != 1 else ''} checked.")
    else:
        out.append(f"All checks passed ({files} file{'s' if files != 1 else ''} checked).")
    return "\n".join(out) + "\n"
