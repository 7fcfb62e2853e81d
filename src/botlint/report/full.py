"""The default format: location, code, message, and a code frame with a caret.  The frame is
the finding's line with secrets masked; colour only on a terminal, never with NO_COLOR.  Paths,
messages and the frame come from the scanned tree and are escaped (``terminal_text``): the caret
is placed under the escaped text."""
from __future__ import annotations

from typing import List, Sequence

from ..model import Finding, Severity
from .safe import commit_label, display_path, terminal_text

_SEV_COLOR = {Severity.CRITICAL: "1;31", Severity.HIGH: "31", Severity.MEDIUM: "33", Severity.LOW: "36"}


def _c(text: str, code: str, color: bool) -> str:
    return f"\x1b[{code}m{text}\x1b[0m" if color else text


def render(findings: List[Finding], *, files: int = 0, color: bool = False, errors: Sequence[str] = (),
           **_: object) -> str:
    out = []
    for f in findings:
        head = (f"{_c(display_path(f.path), '1', color)}:{f.line}:{f.column}: {commit_label(f)}"
                f"{_c(f.code, _SEV_COLOR[f.severity], color)} {terminal_text(f.message)}")
        out.append(head)
        out.append(f"  [{f.name}] severity={f.severity.label} confidence={f.confidence.label}")
        if f.snippet.strip():
            gutter = f"{f.line} | "
            pad = " " * (len(str(f.line)) + 1) + "| "
            snippet = f.snippet.expandtabs(1)
            width = (f.location.end_column - f.column) if f.location.end_line == f.line else len(snippet) - f.column + 1
            width = max(1, min(width, max(1, len(snippet) - f.column + 1)))
            start = min(f.column - 1, len(snippet))
            # escaping lengthens control characters: measure the caret on the escaped text
            before = terminal_text(snippet[:start])
            under = terminal_text(snippet[start:start + width]) or " "
            out.append(_c(gutter, "34", color) + terminal_text(snippet))
            out.append(_c(pad, "34", color) + " " * len(before) + _c("^" * len(under), _SEV_COLOR[f.severity], color))
        out.append("")
    n = len(findings)
    if errors:  # botlint failed on part of the run: never claim it is clean (exit 2)
        e = len(errors)
        out.append(f"Found {n} finding{'s' if n != 1 else ''} in {files} file{'s' if files != 1 else ''} checked;"
                   f" {e} internal error{'s' if e != 1 else ''}: not every check ran (see stderr).")
    elif n:
        out.append(f"Found {n} finding{'s' if n != 1 else ''} in {files} file{'s' if files != 1 else ''} checked.")
    else:
        out.append(f"All checks passed ({files} file{'s' if files != 1 else ''} checked).")
    return "\n".join(out) + "\n"
