"""``path:line:col: CODE message``, one line per finding; scanned text escaped."""
from __future__ import annotations

from typing import List

from ..model import Finding
from .safe import commit_label, display_path, terminal_text


def render(findings: List[Finding], **_: object) -> str:
    return "".join(f"{display_path(f.path)}:{f.line}:{f.column}: {commit_label(f)}{f.code} "
                   f"{terminal_text(f.message)}\n" for f in findings)
