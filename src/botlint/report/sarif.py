"""SARIF 2.1.0 as GitHub code scanning reads it: rules with help from the rule docs,
security-severity, CWE tags, 1-based regions, relative URIs and partialFingerprints."""
from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Dict, List

from .. import __version__, registry
from ..model import Finding, Severity
from ..rule import parse_doc

_LEVEL = {Severity.CRITICAL: "error", Severity.HIGH: "error", Severity.MEDIUM: "warning", Severity.LOW: "note"}
_PRECISION = {3: "high", 2: "medium", 1: "low"}


def _uri(path: str) -> Dict[str, str]:
    p = Path(path)
    if not p.is_absolute():
        return {"uri": p.as_posix(), "uriBaseId": "%SRCROOT%"}
    try:
        return {"uri": p.relative_to(Path(os.getcwd())).as_posix(), "uriBaseId": "%SRCROOT%"}
    except ValueError:
        return {"uri": p.as_uri()}


def rule_descriptor(cls) -> dict:
    from ..docs import rule_markdown

    doc = parse_doc(cls)
    full = doc.get("What it does", cls.MESSAGE).replace("\n", " ")
    tags = ["security"]
    if cls.CWE:
        tags.append(f"external/cwe/cwe-{cls.CWE}")
    return {
        "id": cls.CODE,
        "name": cls.NAME,
        "shortDescription": {"text": cls.MESSAGE},
        "fullDescription": {"text": full},
        "help": {"text": rule_markdown(cls), "markdown": rule_markdown(cls)},
        "defaultConfiguration": {"level": _LEVEL[cls.SEVERITY]},
        "properties": {
            "security-severity": cls.SEVERITY.security_severity,
            "precision": _PRECISION[int(cls.CONFIDENCE)],
            "tags": tags,
        },
    }


def render(findings: List[Finding], **_: object) -> str:
    used = sorted({f.code for f in findings})
    rules = [rule_descriptor(registry.get(c)) for c in used]
    index = {c: i for i, c in enumerate(used)}
    results = []
    for f in findings:
        loc = f.location
        results.append({
            "ruleId": f.code,
            "ruleIndex": index[f.code],
            "level": _LEVEL[f.severity],
            "message": {"text": f.message},
            "locations": [{"physicalLocation": {
                "artifactLocation": _uri(f.path),
                "region": {"startLine": loc.line, "startColumn": loc.column,
                           "endLine": loc.end_line, "endColumn": max(loc.end_column, 1)},
            }}],
            "partialFingerprints": {"botlintFingerprint/v1": f.fingerprint},
            "properties": {"security-severity": f.severity.security_severity,
                           "confidence": f.confidence.label},
        })
    doc = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "botlint", "version": __version__,
                                "informationUri": "https://pypi.org/project/botlint/",
                                "rules": rules}},
            "results": results,
            "columnKind": "unicodeCodePoints",
        }],
    }
    return json.dumps(doc, indent=2) + "\n"
