from __future__ import annotations

import json
from typing import List

from .. import __version__
from ..model import Finding


def render(findings: List[Finding], *, files: int = 0, **_: object) -> str:
    from . import summary

    doc = {"version": __version__, "findings": [f.to_dict() for f in findings],
           "summary": summary(findings, files)}
    return json.dumps(doc, indent=2) + "\n"
