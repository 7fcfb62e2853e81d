"""Rule documentation, generated from the rules' own docstrings and metadata: used by
`botlint rule`, the SARIF `help`, and the README rule table (`python -m botlint.docs`)."""
from __future__ import annotations

import sys
from typing import List

from . import registry
from .fakes import expand, placeholders
from .rule import DOC_SECTIONS, parse_doc


def rule_markdown(cls, fakes: bool = True) -> str:
    """``fakes``: examples with generated fake values (terminal); False: with placeholders
    (``fakes.placeholders``, for documents that are stored or uploaded)."""
    fill = expand if fakes else placeholders
    doc = parse_doc(cls)
    lines = [f"# {cls.NAME} ({cls.CODE})", ""]
    meta = f"Severity: {cls.SEVERITY.label} · confidence: {cls.CONFIDENCE.label}"
    if cls.CWE:
        meta += f" · CWE-{cls.CWE}"
    if not cls.DEFAULT_ENABLED:
        meta += " · opt-in (not enabled by default)"
    lines += [meta, ""]
    for section in DOC_SECTIONS:
        if section in doc:
            lines += [f"## {section}", fill(doc[section]), ""]
    return "\n".join(lines).rstrip() + "\n"


def rule_json(cls) -> dict:
    doc = parse_doc(cls)
    return {
        "code": cls.CODE,
        "name": cls.NAME,
        "summary": cls.MESSAGE,
        "severity": cls.SEVERITY.label,
        "confidence": cls.CONFIDENCE.label,
        "cwe": cls.CWE,
        "default_enabled": cls.DEFAULT_ENABLED,
        "explanation": rule_markdown(cls),
        "sections": {k: expand(v) for k, v in doc.items()},
    }


def rule_table() -> str:
    rows: List[str] = ["| code | name | what it finds | severity | default |", "|---|---|---|---|---|"]
    for cls in registry.all_rules():
        rows.append(f"| {cls.CODE} | `{cls.NAME}` | {cls.MESSAGE} | {cls.SEVERITY.label} | "
                    f"{'on' if cls.DEFAULT_ENABLED else 'opt-in'} |")
    return "\n".join(rows) + "\n"


BEGIN, END = "<!-- rules:begin -->", "<!-- rules:end -->"


def update_readme(path: str = "README.md") -> bool:
    """Rewrite the table between the markers; True when the file changed."""
    with open(path, encoding="utf-8") as fh:
        text = fh.read()
    head, sep, rest = text.partition(BEGIN)
    if not sep:
        raise SystemExit(f"{path}: no {BEGIN} marker")
    _, sep2, tail = rest.partition(END)
    new = head + BEGIN + "\n" + rule_table() + END + tail
    if new != text:
        with open(path, "w", encoding="utf-8") as fh:
            fh.write(new)
        return True
    return False


if __name__ == "__main__":  # pragma: no cover
    changed = update_readme(sys.argv[1] if len(sys.argv) > 1 else "README.md")
    print("README rule table updated" if changed else "README rule table up to date")
