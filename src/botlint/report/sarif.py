"""SARIF 2.1.0 as GitHub code scanning reads it: rules with help from the rule docs,
security-severity, CWE tags, 1-based regions, repository-relative URIs and partialFingerprints.

URIs (RFC 3986): a file inside the report's repository root (``botlint.paths``: git top level,
else the configuration root, else the working directory) gets a relative reference, its bytes
percent-encoded (so ``my bot/100%#x.py`` is ``my%20bot/100%25%23x.py``; a ``:`` cannot read as a
scheme), with ``uriBaseId: "%SRCROOT%"`` and the root itself in ``run.originalUriBaseIds``.  It
never starts with ``../`` and is never ``file://``, whatever directory botlint ran from and
however the path was given.  Only a file outside the root gets an absolute ``file://`` URI.

Tool problems (BOT0xx).  DECISION: a BOT0xx that only says "this file could not be analysed and
could not run either" is a ``toolExecutionNotification``, not a result, so it never becomes a
security alert: BOT001 (syntax error: CPython refuses the file too), BOT002 (undecodable: the
secrets pass still ran on the replaced text), BOT005 (unreadable: a permission or I/O problem
of the checkout).  BOT003 (too large) and BOT004 (nesting too deep) stay results: a hostile
file can choose to be 3 MB of padding or 500 brackets deep and still run under CPython, while
botlint skipped its rules (over the hard limit, even the secrets pass); that evasion is what an
auditor must see as an alert.  Their severity is low, so they sort and filter as such.

Run metadata: ``automationDetails.id`` is ``botlint/`` (or ``<category>/``); note that
codeql-action's ``upload-sarif`` only fills in its ``category`` input when the file has no
``automationDetails``, so the category is given to botlint.  ``invocations[0]`` says whether the
execution succeeded (False when the run had internal errors) and carries the notifications.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Dict, List, Optional, Sequence
from urllib.parse import quote

from .. import registry
from .._version import __version__
from ..model import Finding, Severity
from ..paths import Roots, repo_relative
from ..rule import parse_doc
from .safe import json_text

_LEVEL = {Severity.CRITICAL: "error", Severity.HIGH: "error", Severity.MEDIUM: "warning", Severity.LOW: "note"}
_PRECISION = {3: "high", 2: "medium", 1: "low"}
NOTIFICATION_CODES = frozenset({"BOT001", "BOT002", "BOT005"})
SRCROOT = "%SRCROOT%"


def _file_uri(path: str) -> str:
    return Path(os.path.abspath(path)).as_uri()


def artifact_location(path: str, base: str) -> Dict[str, str]:
    rel = repo_relative(path, base)
    if rel is None:
        return {"uri": _file_uri(path)}
    # percent-encode the path's bytes (os.fsencode gives back an undecodable name's own bytes):
    # only unreserved characters and "/" stay as they are
    return {"uri": quote(os.fsencode(rel), safe="/"), "uriBaseId": SRCROOT}


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


def _notification_descriptor(cls) -> dict:
    return {"id": cls.CODE, "name": cls.NAME, "shortDescription": {"text": cls.MESSAGE},
            "defaultConfiguration": {"level": "warning"}}


def _region(f: Finding) -> dict:
    loc = f.location
    return {"startLine": loc.line, "startColumn": loc.column,
            "endLine": loc.end_line, "endColumn": max(loc.end_column, 1)}


def render(findings: List[Finding], *, files: int = 0, errors: Sequence[str] = (), root: Optional[str] = None,
           category: Optional[str] = None, **_: object) -> str:
    roots = Roots(root)
    base = roots.base_for(sorted({f.path for f in findings}))
    alerts = [f for f in findings if f.code not in NOTIFICATION_CODES]
    tool_problems = [f for f in findings if f.code in NOTIFICATION_CODES]

    used = sorted({f.code for f in alerts})
    rules = [rule_descriptor(registry.get(c)) for c in used]
    index = {c: i for i, c in enumerate(used)}
    results = []
    for f in alerts:
        props: Dict[str, object] = {"security-severity": f.severity.security_severity,
                                    "severity": f.severity.label, "confidence": f.confidence.label}
        if f.commit:  # botlint history: where the secret entered, and whether HEAD still has it
            props.update(commit=f.commit, commitDate=f.commit_date, inHead=f.in_head)
        results.append({
            "ruleId": f.code,
            "ruleIndex": index[f.code],
            "level": _LEVEL[f.severity],
            "message": {"text": f.message},
            "locations": [{"physicalLocation": {"artifactLocation": artifact_location(f.path, base),
                                                "region": _region(f)}}],
            "partialFingerprints": {"botlintFingerprint/v1": f.fingerprint},
            "properties": props,
        })

    n_used = sorted({f.code for f in tool_problems})
    n_index = {c: i for i, c in enumerate(n_used)}
    notifications = []
    for f in tool_problems:
        notifications.append({
            "level": "warning",
            "message": {"text": f.message},
            "descriptor": {"id": f.code, "index": n_index[f.code]},
            "locations": [{"physicalLocation": {"artifactLocation": artifact_location(f.path, base),
                                                "region": _region(f)}}],
        })
    if errors:
        # the error texts stay in the log: an exception message is not vetted for secrets
        notifications.append({"level": "error", "message": {
            "text": f"botlint had {len(errors)} internal error{'s' if len(errors) != 1 else ''}; "
                    "the analysis is incomplete (the run's log has the details)"}})
    invocation: dict = {"executionSuccessful": not errors, "properties": {"files": files}}
    if notifications:
        invocation["toolExecutionNotifications"] = notifications

    driver: dict = {"name": "botlint", "version": __version__,
                    "informationUri": "https://pypi.org/project/botlint/", "rules": rules}
    if n_used:
        driver["notifications"] = [_notification_descriptor(registry.get(c)) for c in n_used]
    doc = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": driver},
            "automationDetails": {"id": f"{(category or 'botlint').strip('/')}/"},
            "originalUriBaseIds": {SRCROOT: {"uri": _file_uri(base).rstrip("/") + "/"}},
            "invocations": [invocation],
            "results": results,
            "columnKind": "unicodeCodePoints",
        }],
    }
    return json_text(doc)
