"""Step 5 of a file: raw findings to reported ones.  In order: one finding per secret per place
(secret findings merge by specificity), the selection and per-file-ignores, each rule's test
file policy (``Rule.IN_TESTS``), suppression comments, and code frames with every secret
masked.  Fingerprints are a run-level step (``model.with_fingerprints``, after the cache).
Family policy is read from the rule classes (``SECRET``, ``IN_TESTS``), never from a code's
prefix.
"""
from __future__ import annotations

import bisect
import os
import re
from typing import Dict, List, Sequence, Set, Tuple

from .. import registry
from ..config import RunConfig
from ..model import Finding, Location
from ..context import RawFinding
from ..suppress import filter_findings
from ..text import split_lines


def assemble(raws: List[RawFinding], text: str, display: str, config: RunConfig, is_test: bool) -> List[Finding]:
    """The file's findings, sorted; ``raws`` all have spans (``locate``)."""
    raws = _merge(raws)
    lines = split_lines(text)
    ignored = _per_file_ignored(display, config)
    out: List[Finding] = []
    for r in raws:
        if r.code not in config.enabled or r.code in ignored:
            continue
        meta = registry.info(r.code)  # the index's entry: no rule module is imported for it
        sev = r.severity or meta.SEVERITY
        if is_test and meta.IN_TESTS != "keep":
            if meta.IN_TESTS == "skip":
                continue
            sev = sev.lowered()
        line, col, end_line, end_col = r.span or (1, 1, 1, 1)  # every raw finding is located by now
        out.append(Finding(
            code=r.code, name=meta.NAME, message=r.message, path=display,
            location=Location(line, col, end_line, end_col), severity=sev,
            confidence=r.confidence or meta.CONFIDENCE, secret_hash=r.secret_hash,
            suppress_lines=tuple(r.stmt_lines),
        ))
    # a comment inside the code botlint could not check must not hide that fact: BOT006
    # is silenced by configuration (ignore, per-file-ignores) only
    degraded = [f for f in out if f.code == "BOT006"]
    out = filter_findings([f for f in out if f.code != "BOT006"], lines,
                          config.secrets.allowlist_markers,
                          disabled=config.ignore_noqa) + degraded
    out = _with_snippets(out, lines, raws)
    out.sort(key=Finding.sort_key)
    return out


def _merge(raws: List[RawFinding]) -> List[RawFinding]:
    """One finding per secret per place: where secret findings (``Rule.SECRET``) overlap (same span, or the same
    secret on the same line), the most specific code wins.

    Linear-logarithmic: the kept spans never overlap one another, so a new span overlaps one of
    them only if the kept span starting last before it reaches into it, or the first one
    starting at or after it starts inside it (a sorted list of starts, bisected)."""
    secret = {r.code: registry.is_secret(r.code) for r in raws}
    secrets = [(r, r.span) for r in raws if secret[r.code] and r.span]
    others = [r for r in raws if not (secret[r.code] and r.span)]
    secrets.sort(key=lambda rs: (-rs[0].specificity, -(rs[0].confidence or 0), rs[1]))
    kept: List[RawFinding] = []
    starts: list = []  # sorted (start, end) of kept spans
    seen_secrets: set = set()  # (secret hash, line) of kept spans
    for r, span in secrets:
        a0, a1 = (span[0], span[1]), (span[2], span[3])
        if r.secret_hash and (r.secret_hash, span[0]) in seen_secrets:
            continue
        i = bisect.bisect_left(starts, (a0,))
        if i > 0 and starts[i - 1][1] > a0:
            continue  # a kept span starting before this one reaches into it
        if i < len(starts) and (starts[i][0] < a1 or starts[i][0] == a0):
            continue  # a kept span starts inside this one (or where it starts)
        starts.insert(i, (a0, a1))
        if r.secret_hash:
            seen_secrets.add((r.secret_hash, span[0]))
        kept.append(r)
    # several findings of one non-secret code on one node: keep one
    seen = set()
    uniq = []
    for r in others:
        key = (r.code, r.span, r.message)
        if key in seen:
            continue
        seen.add(key)
        uniq.append(r)
    return kept + uniq


def _per_file_ignored(path: str, config: RunConfig) -> Set[str]:
    if not config.per_file_ignores:
        return set()
    import fnmatch

    from ..discovery import path_matches

    out: Set[str] = set()
    rel = path
    try:
        absp = os.path.abspath(path)
        root = os.path.realpath(config.root)
        if os.path.commonpath([absp, root]) == root:
            rel = os.path.relpath(absp, root).replace(os.sep, "/")
    except ValueError:
        pass
    for pattern, codes in config.per_file_ignores:
        if fnmatch.fnmatchcase(rel, pattern) or path_matches(rel, [pattern]):
            out |= codes
    return out


_TOKEN = re.compile(r"[A-Za-z0-9+/_\-.~]{10,}={0,2}")


def redact_line(line: str, spans: Sequence[Tuple[int, int]]) -> str:
    """The line with every reported secret span and every random-looking token masked, so
    a code frame can never print a secret (reported or not)."""
    from ..analysis.values import looks_random

    chars = list(line[:500])
    for start, end in spans:
        for i in range(max(0, start - 1), min(len(chars), end - 1)):
            if not chars[i].isspace():
                chars[i] = "*"
    text = "".join(chars)

    def mask(m: "re.Match[str]") -> str:
        tok = m.group(0)
        if re.fullmatch(r"[A-Z][A-Z0-9_]*|[a-z][a-z0-9_.]*", tok.rstrip("=")) and not looks_random(tok.rstrip("=")):
            return tok  # identifiers, env var names, dotted names
        return "*" * len(tok) if looks_random(tok, 3.0, 2.5, 10) else tok

    return _TOKEN.sub(mask, text)


def _with_snippets(findings: List[Finding], lines: Sequence[str], raws: List[RawFinding]) -> List[Finding]:
    from dataclasses import replace

    spans: Dict[int, List[Tuple[int, int]]] = {}
    for r in raws:
        if r.span and registry.is_secret(r.code):
            for ln in range(r.span[0], r.span[2] + 1):
                start = r.span[1] if ln == r.span[0] else 1
                end = r.span[3] if ln == r.span[2] else 10**6
                spans.setdefault(ln, []).append((start, end))
    out = []
    for f in findings:
        ln = f.location.line
        text = lines[ln - 1] if 0 < ln <= len(lines) else ""
        out.append(replace(f, snippet=redact_line(text, spans.get(ln, ()))))
    return out
