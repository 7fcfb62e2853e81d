from __future__ import annotations

from typing import List

from ..model import Finding


def render(findings: List[Finding], **_: object) -> str:
    return "".join(f"{f.path}:{f.line}:{f.column}: {f.code} {f.message}\n" for f in findings)
