"""What the CLI does with fixes after a lint: ``--diff`` and ``--fix`` (through ``botlint.fix``)
and the ``[*]`` marks with ruff's closing line about fixes.

A module of its own, free of libcst, so a run that only marks (the default output) imports
no libcst when every file's marks are kept in the cache (``availability``): on a warm run of an
unchanged tree, ``botlint.fix`` and libcst were a third of the time.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Dict, List, Optional, Sequence, Set, Tuple

from .fixcodes import fixable_files as _fixable_files
from .model import Finding


def availability(tasks, findings: Sequence[Finding], unsafe: bool,
                 cache_path: Optional[str] = None) -> Tuple[Set[int], int]:
    """(ids of the findings with a fix under the current settings, hidden unsafe fix count).

    Planning parses the file again with positions (about a second on a 90 KB module), so the
    marks of a file are kept in ``cache_path`` (a ``cache.cache_file``), keyed by a hash of its
    bytes, of its findings' codes and spans, of ``unsafe`` and of botlint's own code: a warm run
    over an unchanged tree plans nothing.  They hold indices and counts, never text."""
    from .cache import _code_digest, read_json, write_json

    stored = read_json(cache_path) if cache_path else None
    files: Dict[str, Any] = {}
    if stored and isinstance(stored.get("files"), dict):
        files = stored["files"]
    fixable: Set[int] = set()
    hidden = 0
    fresh: Dict[str, list] = {}
    code = _code_digest() if cache_path else ""
    for _t, data, fs in _fixable_files(tasks, findings):
        key = _marks_key(data, fs, unsafe, code)
        row: Any = files.get(key)
        if not _valid_marks(row, len(fs)):
            from .fix import _per_finding, plan  # libcst: only for a file whose marks are not kept

            _m, edits = plan(data, fs)
            marked = {id(e.finding) for e in _per_finding(edits) if e.safe or unsafe}
            row = [[i for i, f in enumerate(fs) if id(f) in marked],
                   sum(1 for e in _per_finding(edits) if not (e.safe or unsafe))]
            fresh[key] = row
        fixable.update(id(fs[i]) for i in row[0])
        hidden += row[1]
    if cache_path and fresh:
        from . import __version__

        merged = {**files, **fresh}
        # the newest MAX_MARKS entries (dicts keep insertion order: this run's come last)
        write_json(cache_path, {"version": __version__, "files": dict(list(merged.items())[-MAX_MARKS:])})
    return fixable, hidden


MAX_MARKS = 2000  # files whose fix marks are kept


def _marks_key(data: bytes, fs: Sequence[Finding], unsafe: bool, code: str) -> str:
    import hashlib

    h = hashlib.sha256(data)
    h.update(repr([(f.code, f.location.line, f.location.column, f.location.end_line,
                    f.location.end_column) for f in fs]).encode())
    h.update(f"{unsafe}:{code}".encode())
    return h.hexdigest()


def _valid_marks(row: Any, n: int) -> bool:
    """A cached row is ``[[finding index, ...], hidden count]``; anything else is a miss."""
    return (isinstance(row, list) and len(row) == 2 and isinstance(row[0], list)
            and all(type(i) is int and 0 <= i < n for i in row[0])
            and type(row[1]) is int and row[1] >= 0)



def summary_line(fixable: int, hidden: int) -> str:
    """ruff's closing line about fixes ('' when there is nothing to say)."""
    hid = (f"{hidden} hidden fix{'es' if hidden != 1 else ''} can be enabled with the `--unsafe-fixes` option"
           if hidden else "")
    if fixable:
        return f"[*] {fixable} fixable with the `--fix` option" + (f" ({hid})." if hid else ".")
    if hid:
        return f"No fixes available ({hid})."
    return ""



@dataclass
class Step:
    findings: List[Finding]
    summary: str = ""
    exit: Optional[int] = None  # --diff: the exit code, nothing else to print



def after_lint(ns, tasks, findings: List[Finding], settings, say: Callable[[str], None],
               relint: Callable[[list], List[Finding]], fmt: str) -> Step:
    """The CLI's one call: ``--diff`` (print, exit), ``--fix`` (write, re-lint the fixed files),
    then the ``[*]`` marks and the summary line for the text formats."""
    from dataclasses import replace

    unsafe = bool(ns.unsafe_fixes)
    if ns.diff or ns.fix:
        from .fix import WriteError, _per_finding, diff_text, fix_tasks, rotation_notes, write

        fixes, _hidden = fix_tasks(tasks, findings, settings, unsafe)
        n = sum(len(_per_finding(ff.applied)) for ff in fixes)
        if ns.diff:
            import sys

            sys.stdout.write("".join(diff_text(ff) for ff in fixes))
            if not ns.quiet:
                say(f"Would fix {n} finding{'s' if n != 1 else ''}." if n else "No fixes to apply.")
            return Step(findings, exit=1 if fixes else 0)
        written = []
        for ff in fixes:
            try:
                write(ff, ff.fs_path, settings.root)  # type: ignore[attr-defined]
            except WriteError as e:
                say(f"{ff.display}: {e}")
                continue
            written.append(ff)
            for note in rotation_notes(ff):
                say(note)
        if written:
            paths = {ff.display for ff in written}
            again = relint([t for t in tasks if t.display in paths])
            findings = sorted([f for f in findings if f.path not in paths] + again, key=Finding.sort_key)
        if written and not ns.quiet:
            k = sum(len(_per_finding(ff.applied)) for ff in written)
            say(f"Fixed {k} finding{'s' if k != 1 else ''} in {len(written)} file{'s' if len(written) != 1 else ''}.")
    if fmt not in ("full", "concise"):
        return Step(findings)
    from .cache import cache_file

    marks = None if getattr(ns, "no_cache", False) else cache_file(getattr(ns, "cache_dir", None), "fix-marks.json")
    fixable, hidden = availability(tasks, findings, unsafe, marks)
    marked = [replace(f, message="[*] " + f.message) if id(f) in fixable else f for f in findings]
    return Step(marked, summary="" if ns.quiet or fmt != "full" else summary_line(len(fixable), hidden))
