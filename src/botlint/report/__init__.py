"""One renderer per output format, chosen from a dict.  A renderer turns findings into text;
it never sees a secret (findings hold none, snippets are masked)."""
from __future__ import annotations

from typing import Callable, Dict, List

from ..model import Finding

FORMATS = ("full", "concise", "json", "sarif", "github")


def render(fmt: str, findings: List[Finding], *, files: int = 0, color: bool = False) -> str:
    from . import concise, full, github, json_, sarif

    renderers: Dict[str, Callable[..., str]] = {
        "full": full.render,
        "concise": concise.render,
        "json": json_.render,
        "sarif": sarif.render,
        "github": github.render,
    }
    return renderers[fmt](findings, files=files, color=color)


def summary(findings: List[Finding], files: int) -> dict:
    by_code: Dict[str, int] = {}
    by_sev: Dict[str, int] = {}
    for f in findings:
        by_code[f.code] = by_code.get(f.code, 0) + 1
        by_sev[f.severity.label] = by_sev.get(f.severity.label, 0) + 1
    return {"files": files, "findings": len(findings), "by_code": dict(sorted(by_code.items())),
            "by_severity": by_sev}
