"""Across files: a process pool whose output is identical to a serial run.

Files go in chunks of roughly equal bytes, several per worker, biggest first; workers are
forked (Linux) after a warm-up, so each inherits the imports and tables instead of loading
them.  Each chunk runs on a thread with a 256 MB native stack (libcst's parser recurses
deeply).  A worker that dies (a native crash on some file) costs nothing but time: its files
are linted again one per process, and a file whose process dies still gets its secrets pass
here.  Items are ``(display, bytes, kind)``, or ``(display, bytes, kind, module name,
linked facts)`` when the run links modules (``engine.link``); history passes its own blobs
through here too.
"""
from __future__ import annotations

import os
import sys
import threading
from typing import Any, Callable, List, Optional, Sequence

from .. import registry
from ..config import resolve
from ..model import FileResult
from .file import _FileLinter, lint_bytes
from .source import decode

_STACK_SIZE = 256 * 1024 * 1024


def _in_big_stack(fn, *args):
    """Run fn in a thread with a large native stack: libcst's parser recurses deeply."""
    box: dict = {}

    def target():
        try:
            box["result"] = fn(*args)
        except BaseException as e:  # pragma: no cover - re-raised below
            box["error"] = e

    old = threading.stack_size()
    try:
        threading.stack_size(_STACK_SIZE)
        t = threading.Thread(target=target, name="botlint-file")
        t.start()
    finally:
        threading.stack_size(old)
    t.join()
    if "error" in box:
        raise box["error"]
    return box["result"]


def _lint_chunk(chunk: Sequence[tuple], settings: Any) -> List[FileResult]:
    config = resolve(settings)

    def work():
        return [_lint_item(item, config) for item in chunk]

    return _in_big_stack(work)


def _lint_item(item: tuple, config: Any) -> FileResult:
    display, data, kind = item[:3]
    if len(item) > 3:
        return lint_bytes(display, data, kind, config, module_name=item[3],
                          linked=item[4] if len(item) > 4 else None, export_for=item[5] if len(item) > 5 else (),
                          skip_exports=item[6] if len(item) > 6 else ())
    return lint_bytes(display, data, kind, config)


def _run_pool(todo, settings: Any, jobs: Optional[int],
              progress: Optional[Callable[[int], None]] = None) -> List[FileResult]:
    """``todo``: ``(index, display, bytes, kind, cache key[, module name[, linked facts[,
    analyses to export[, analyses whose exports to skip]]]])``; the results in that order."""
    settings = resolve(settings)
    items = [tuple(t[1:4]) + tuple(t[5:9]) for t in todo]
    jobs = jobs or os.cpu_count() or 1
    total = sum(len(x[1]) for x in items)
    if jobs <= 1 or len(items) < 4 or total < 100_000:
        if progress is None:
            return _lint_chunk(items, settings)
        done: List[FileResult] = []
        for it in items:  # one file at a time, so the progress line moves
            done.extend(_lint_chunk([it], settings))
            progress(1)
        return done
    import concurrent.futures as cf
    import multiprocessing as mp

    # chunks of roughly equal bytes, several per worker, in input order
    target = max(20_000, total // (jobs * 8))
    chunks: List[List[int]] = [[]]
    acc = 0
    for idx, it in enumerate(items):
        if acc >= target and chunks[-1]:
            chunks.append([])
            acc = 0
        chunks[-1].append(idx)
        acc += len(it[1])
    ctx = mp.get_context("fork") if sys.platform.startswith("linux") else None
    if ctx is not None:
        _warm_up()  # forked workers inherit imports and tables instead of each loading them
    # biggest chunks first, so one large file does not finish last on a single core
    chunks.sort(key=lambda ch: -sum(len(items[j][1]) for j in ch))
    out: List[Optional[FileResult]] = [None] * len(items)
    try:
        with cf.ProcessPoolExecutor(max_workers=jobs, mp_context=ctx) as pool:
            futs = {pool.submit(_lint_chunk, [items[j] for j in ch], settings): ch for ch in chunks}
            for fut in cf.as_completed(futs):
                try:
                    results = fut.result()
                except Exception:  # noqa: BLE001 - never re-raise a worker's exception here:
                    continue  # its files are retried one by one below
                for j, res in zip(futs[fut], results):
                    out[j] = res
                if progress is not None:
                    progress(len(futs[fut]))
    except (cf.process.BrokenProcessPool, OSError):
        pass  # a worker died (a native crash on some file): isolate the rest below
    return [res if res is not None else _isolated(items[j], settings) for j, res in enumerate(out)]


def _warm_up() -> None:
    import libcst  # noqa: F401

    from .. import hashkey
    from ..secrets import ds_adapter, shapes

    hashkey.key()  # one key for every worker, even when it is a per-process one

    registry.walking_rules()
    ds_adapter._plugins()
    shapes.bip39_words()


def _isolated(item, settings: Any) -> FileResult:
    """Lint one file in a process of its own; if that process dies, report it and still run
    the secrets pass here (regexes only, which cannot crash the interpreter)."""
    import concurrent.futures as cf
    import multiprocessing as mp

    ctx = mp.get_context("fork") if sys.platform.startswith("linux") else None
    try:
        with cf.ProcessPoolExecutor(max_workers=1, mp_context=ctx) as pool:
            return pool.submit(_lint_chunk, [item], settings).result()[0]
    except Exception:  # noqa: BLE001 - a dead worker, or an exception that escaped it
        display, data, kind = item[:3]
        linter = _FileLinter(display, "config" if kind != "python" else kind, settings)
        linter.add("BOT004", "the parser crashed on this file (pathological nesting?); rules "
                             "skipped, secrets pass ran")
        try:
            text, _ = decode(data, kind == "python")
            linter.text = text
            linter.secrets_pass(text, name_scan=True)
            return linter.finish()
        except Exception as e:  # noqa: BLE001
            return linter.bare(e)
