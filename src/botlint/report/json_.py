"""Every finding as data.  JSON escapes control characters itself; ``json_safe`` writes lone
surrogates as text so that strict readers accept the document."""
from __future__ import annotations

from typing import List

from .._version import __version__
from ..model import Finding
from ._summary import summary
from .safe import json_text


def render(findings: List[Finding], *, files: int = 0, **_: object) -> str:
    doc = {"version": __version__, "findings": [f.to_dict() for f in findings],
           "summary": summary(findings, files)}
    return json_text(doc)
