"""A run: tasks -> cache -> pool -> sort -> fingerprints -> RunResult.

The cache answers the files it has seen with this content, botlint and configuration; the
pool lints the rest.  Fingerprints need the repository root, which depends on where the run
is rather than on a file's content, so they are set after the cache over the whole run
(``model.with_fingerprints``).  The baseline is applied by the caller on the RunResult
(``botlint.baseline``, the CLI).  Never prints.
"""
from __future__ import annotations

from typing import Any, Callable, Dict, Iterable, List, Optional, Tuple

from ..config import resolve
from ..discovery import FileTask, discover
from ..model import FileResult, Finding, RunResult, with_fingerprints
from .file import unreadable
from .pool import _lint_chunk, _run_pool
from .source import read_task


def lint_tasks(tasks: List[FileTask], settings: Any = None, jobs: Optional[int] = None,
               use_cache: bool = True, cache_dir: Optional[str] = None,
               progress: Optional[Callable[[int], None]] = None) -> RunResult:
    """``settings``: a RunConfig, or Settings resolved here.  ``progress(n)``, when given, is
    called as files finish (n of them each time)."""
    from ..cache import Cache

    config = resolve(settings)
    cache = Cache.open(config, cache_dir) if use_cache else None
    results: Dict[int, FileResult] = {}
    todo: List[Tuple[int, str, bytes, str, str]] = []
    cached = 0
    for i, task in enumerate(tasks):
        data, err = read_task(task)
        if data is None:
            results[i] = unreadable(task.display, task.kind, err or "unknown error", config)
            continue
        key = cache.key(task.display, task.kind, data) if cache else ""
        hit = cache.get(key) if cache else None
        if hit is not None:
            results[i] = hit
            cached += 1
            continue
        todo.append((i, task.display, data, task.kind, key))

    if progress is not None and len(todo) < len(tasks):
        progress(len(tasks) - len(todo))  # cache hits and unreadable files
    for (i, _d, _data, _k, key), res in zip(todo, _run_pool(todo, config, jobs, progress)):
        results[i] = res
        if cache and not res.errors:
            cache.put(key, res)
    if cache:
        cache.save()
    findings: List[Finding] = []
    notes: List[str] = []
    errors: List[str] = []
    for i in range(len(tasks)):
        findings.extend(results[i].findings)
        notes.extend(results[i].notes)
        errors.extend(results[i].errors)
    findings.sort(key=Finding.sort_key)
    # fingerprints need the repository root, which depends on where the run is, not on the
    # file's content: set after the cache, over the whole run (model.with_fingerprints)
    findings = with_fingerprints(findings, config.root)
    return RunResult(findings, notes, len(tasks), cached, errors)


def lint_paths(paths: Iterable[str], settings: Any = None, jobs: Optional[int] = None,
               use_cache: bool = True, cache_dir: Optional[str] = None,
               force_exclude: bool = False) -> RunResult:
    """Discover and lint ``paths``.  ``settings``: Settings (discovery reads its excludes) or
    None for the defaults."""
    from ..config import Settings

    if settings is None:
        settings = Settings()
    tasks, notes = discover(list(paths), settings, force_exclude=force_exclude)
    res = lint_tasks(tasks, settings, jobs=jobs, use_cache=use_cache, cache_dir=cache_dir)
    res.notes[:0] = notes
    return res


def lint_source(source: Any, filename: str = "example.py", settings: Any = None) -> List[Finding]:
    """Lint a string (or bytes) as if it were the file ``filename``; serial, no cache."""
    from ..discovery import file_kind

    config = resolve(settings)
    data = source.encode("utf-8") if isinstance(source, str) else source
    kind = file_kind(filename) or "text"
    return with_fingerprints(_lint_chunk([(filename, data, kind)], config)[0].findings, config.root)
