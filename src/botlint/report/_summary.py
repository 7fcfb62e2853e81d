"""The counts every machine-readable report ends with (JSON ``summary``)."""
from __future__ import annotations

from typing import Dict, List

from ..model import Finding


def summary(findings: List[Finding], files: int) -> dict:
    by_code: Dict[str, int] = {}
    by_sev: Dict[str, int] = {}
    for f in findings:
        by_code[f.code] = by_code.get(f.code, 0) + 1
        by_sev[f.severity.label] = by_sev.get(f.severity.label, 0) + 1
    return {"files": files, "findings": len(findings), "by_code": dict(sorted(by_code.items())),
            "by_severity": by_sev}
