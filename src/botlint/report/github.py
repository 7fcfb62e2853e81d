"""GitHub Actions: workflow-command annotations, and the Markdown step summary.

Annotations follow the workflow-command spec: ``file`` relative to the repository root (so
GitHub can place it whatever directory botlint ran from), no ``col``/``endColumn`` on a finding
that spans lines.  GitHub shows at most 10 error, 10 warning and 10 notice annotations per step
(50 per job) and drops the rest, so the most severe come first.

Escape order for scanned text: first ``terminal_text`` (control characters become ``\\n``,
``\\x1b``..., ``##[`` is broken), then the workflow-command escaping (``%`` first, then CR/LF,
and ``:``/``,`` in properties).  The other way round, the runner would turn ``%0A`` back into a
line break inside the message; and since ``escape`` leaves no CR/LF, the second step only has
``%`` (and ``:``/``,``) left to do.
"""
from __future__ import annotations

import os
import re
from collections import Counter
from typing import Dict, Iterable, List, Mapping, Optional, Sequence

from ..model import Finding, Severity
from ..paths import Roots, repo_relative
from .safe import terminal_text

_LEVEL = {Severity.CRITICAL: "error", Severity.HIGH: "error", Severity.MEDIUM: "warning", Severity.LOW: "notice"}
# annotations of one level GitHub shows per step
PER_STEP = 10
# the worst findings listed by file:line in the step summary
SUMMARY_ROWS = 20
_MD_PUNCT = re.compile(r"([!-/:-@\[-`{-~])")


def _data(s: str) -> str:
    return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _prop(s: str) -> str:
    return _data(s).replace(":", "%3A").replace(",", "%2C")


def severity_order(findings: Iterable[Finding]) -> List[Finding]:
    return sorted(findings, key=lambda f: (-int(f.severity), f.sort_key()))


def relative_paths(findings: Sequence[Finding], root: Optional[str] = None) -> Dict[str, str]:
    """display path -> path relative to the report's repository root (the display path when
    the file is outside it)."""
    roots = Roots(root)
    paths = sorted({f.path for f in findings})
    if not paths:
        return {}
    base = roots.base_for(paths)
    out = {}
    for p in paths:
        rel = repo_relative(p, base)
        out[p] = rel if rel is not None else p
    return out


def annotation(f: Finding, path: str) -> str:
    loc = f.location
    props = [f"file={_prop(terminal_text(path))}", f"line={loc.line}"]
    if loc.end_line == loc.line:
        props.append(f"col={loc.column}")
    props.append(f"endLine={loc.end_line}")
    if loc.end_line == loc.line:
        props.append(f"endColumn={loc.end_column}")
    props.append(f"title={_prop(f'botlint ({f.code})')}")
    return f"::{_LEVEL[f.severity]} {','.join(props)}::{_data(f'{f.code} ' + terminal_text(f.message))}\n"


def render(findings: List[Finding], *, root: Optional[str] = None, **_: object) -> str:
    rel = relative_paths(findings, root)
    return "".join(annotation(f, rel[f.path]) for f in severity_order(findings))


def not_shown(findings: Sequence[Finding]) -> int:
    """How many annotations GitHub drops from one step (over 10 of a level)."""
    per_level = Counter(_LEVEL[f.severity] for f in findings)
    return sum(max(0, n - PER_STEP) for n in per_level.values())


def md(text: str) -> str:
    """Scanned text as literal Markdown: escaped for the log first, then every ASCII
    punctuation character backslash-escaped (CommonMark allows it for all of them), so no
    raw HTML, link, emphasis or table-breaking ``|`` can come from a scanned file."""
    return _MD_PUNCT.sub(r"\\\1", terminal_text(text))


def step_summary(findings: Sequence[Finding], *, files: int = 0, root: Optional[str] = None,
                 annotated: bool = True, errors: Sequence[str] = ()) -> str:
    """The Markdown for ``$GITHUB_STEP_SUMMARY``: findings per rule, the worst ones with
    file:line, and how many were not shown inline.  Messages are the findings' own (secrets
    redacted by the engine); every scanned text goes through ``md``."""
    from .. import registry

    n = len(findings)
    out = ["## botlint", ""]
    sev = Counter(f.severity for f in findings)
    by_sev = ", ".join(f"{s.label}: {sev[s]}" for s in sorted(sev, reverse=True))
    out.append(f"**{n} finding{'s' if n != 1 else ''}** in {files} file{'s' if files != 1 else ''} checked"
               + (f" ({by_sev})." if n else "."))
    if errors:
        out += ["", f"**botlint had {len(errors)} internal error{'s' if len(errors) != 1 else ''}: "
                    "the analysis is incomplete** (the step's log has the details)."]
    if n:
        rows = Counter(f.code for f in findings)
        worst: Dict[str, Severity] = {}
        for f in findings:
            worst[f.code] = max(worst.get(f.code, f.severity), f.severity)
        out += ["", "| Rule | Name | Severity | Findings |", "|---|---|---|---|"]
        for code in sorted(rows, key=lambda c: (-int(worst[c]), -rows[c], c)):
            try:
                name = registry.info(code).NAME
            except KeyError:
                name = ""
            out.append(f"| {code} | `{name}` | {worst[code].label} | {rows[code]} |")
        rel = relative_paths(findings, root)
        ordered = severity_order(findings)
        out += ["", f"### Most severe{f' (first {SUMMARY_ROWS} of {n})' if n > SUMMARY_ROWS else ''}", "",
                "| Severity | Rule | Location | Message |", "|---|---|---|---|"]
        for f in ordered[:SUMMARY_ROWS]:
            out.append(f"| {f.severity.label} | {f.code} | {md(rel[f.path])}:{f.line} | {md(f.message)} |")
        out.append("")
        if not annotated:
            out.append("Inline annotations were off for this step.")
        else:
            hidden = not_shown(findings)
            if hidden:
                out.append(f"**{hidden} of {n} findings were not shown as inline annotations**: GitHub shows "
                           f"at most {PER_STEP} error, {PER_STEP} warning and {PER_STEP} notice annotations per "
                           "step (50 per job). The SARIF upload (code scanning) and `botlint --format concise` "
                           "list them all.")
            else:
                out.append("Every finding was shown as an inline annotation.")
    return "\n".join(out) + "\n"


def write_step_summary(findings: Sequence[Finding], *, files: int = 0, root: Optional[str] = None,
                       annotated: bool = True, errors: Sequence[str] = (),
                       environ: Optional[Mapping[str, str]] = None) -> bool:
    """Append ``step_summary`` to the file ``$GITHUB_STEP_SUMMARY`` names, when it is set.
    Returns whether it wrote; a summary that cannot be written is not an error of the run."""
    env = os.environ if environ is None else environ
    target = env.get("GITHUB_STEP_SUMMARY")
    if not target:
        return False
    text = step_summary(findings, files=files, root=root, annotated=annotated, errors=errors)
    try:
        with open(target, "a", encoding="utf-8") as fh:
            fh.write(text)
    except OSError:
        return False
    return True
