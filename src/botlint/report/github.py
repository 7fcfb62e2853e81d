"""GitHub Actions workflow commands: one inline annotation per finding."""
from __future__ import annotations

from typing import List

from ..model import Finding, Severity

_LEVEL = {Severity.CRITICAL: "error", Severity.HIGH: "error", Severity.MEDIUM: "warning", Severity.LOW: "notice"}


def _data(s: str) -> str:
    return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _prop(s: str) -> str:
    return _data(s).replace(":", "%3A").replace(",", "%2C")


def render(findings: List[Finding], **_: object) -> str:
    out = []
    for f in findings:
        loc = f.location
        props = (f"file={_prop(f.path)},line={loc.line},col={loc.column},endLine={loc.end_line},"
                 f"endColumn={loc.end_column},title={_prop(f'botlint ({f.code})')}")
        out.append(f"::{_LEVEL[f.severity]} {props}::{_data(f'{f.code} {f.message}')}\n")
    return "".join(out)
