#!/usr/bin/env python3
"""CPU seconds of botlint's per-file analysis, file by file, in one process.

    python bench/perfile.py TREE [TREE...]              # the 10 slowest files of each tree
    python bench/perfile.py TREE --top 20 --over 2      # and every file over 2 s
    python bench/perfile.py TREE --largest 40           # the 40 largest files only (quick)
    python bench/perfile.py TREE --profile FILE.prof    # cProfile the slowest file again

Each tree is discovered as a run discovers it (default settings, no cache); every file is
linted by ``engine.file.lint_bytes`` on botlint's big-stack thread, with the module name and
skipped exports of the run's first pass, and timed with ``time.process_time`` (CPU time: on a
shared machine wall time mostly measures the other processes).  The link step's re-lints are
not timed: they are the same analysis of one file again.  A file with an internal error
(BOT006 ``internal error``, or an error line in its result) is listed whatever its time.
"""
from __future__ import annotations

import argparse
import sys
import time
from typing import List, Tuple


def measure(tree: str, largest: int = 0) -> Tuple[List[Tuple[float, str, int]], List[str], int]:
    """([(cpu seconds, display path, findings)], internal errors, files).  ``largest``: lint
    only that many of the largest files (module names and skipped exports still those of the
    whole tree)."""
    from botlint.config import Settings, resolve
    from botlint.discovery import discover
    from botlint.engine import link
    from botlint.engine.file import lint_bytes
    from botlint.engine.pool import _in_big_stack, _warm_up
    from botlint.engine.run import _export_skips
    from botlint.engine.source import read_task
    from botlint.paths import Roots

    settings = Settings()
    tasks, _notes = discover([tree], settings)
    config = resolve(settings)
    roots = Roots(config.root)
    modules = [link.module_name(t.display, roots) if config.link and t.kind == "python" else ""
               for t in tasks]
    read = {}
    for i, task in enumerate(tasks):
        data, _err = read_task(task)
        if data is not None:
            read[i] = data
    skips = _export_skips(tasks, modules, read) if config.link else {}
    if largest:
        keep = sorted(read, key=lambda i: -len(read[i]))[:largest]
        read = {i: read[i] for i in sorted(keep)}
    _warm_up()
    times: List[Tuple[float, str, int]] = []
    errors: List[str] = []

    def work() -> None:
        for i, data in read.items():
            task = tasks[i]
            start = time.process_time()
            res = lint_bytes(task.display, data, task.kind, config, module_name=modules[i],
                             skip_exports=skips.get(i, ()))
            times.append((time.process_time() - start, task.display, len(res.findings)))
            errors.extend(res.errors)
            errors.extend(f"{task.display}:{f.location.line}: {f.code} {f.message}" for f in res.findings
                          if f.code.startswith("BOT0") and "internal error" in f.message)

    _in_big_stack(work)
    return times, errors, len(read)


def profile(path: str, out: str) -> None:
    """cProfile one file's lint (the same call as ``measure``) into ``out``."""
    import cProfile
    import pstats

    from botlint.config import Settings, resolve
    from botlint.discovery import file_kind
    from botlint.engine.file import lint_bytes
    from botlint.engine.pool import _in_big_stack, _warm_up

    config = resolve(Settings())
    with open(path, "rb") as fh:
        data = fh.read()
    _warm_up()
    prof = cProfile.Profile()

    def work() -> None:
        prof.enable()
        lint_bytes(path, data, file_kind(path) or "text", config, module_name="m")
        prof.disable()

    _in_big_stack(work)
    prof.dump_stats(out)
    pstats.Stats(out).sort_stats("cumulative").print_stats(30)


def main(argv: List[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("trees", nargs="+")
    ap.add_argument("--top", type=int, default=10, help="slowest files to list per tree (10)")
    ap.add_argument("--over", type=float, default=2.0, help="also list every file over this many CPU s (2)")
    ap.add_argument("--largest", type=int, default=0, metavar="N", help="only the N largest files of each tree")
    ap.add_argument("--profile", metavar="OUT", help="cProfile the slowest file of the last tree into OUT")
    args = ap.parse_args(argv)
    status = 0
    slowest = ""
    for tree in args.trees:
        start = time.process_time()
        times, errors, n = measure(tree, args.largest)
        total = time.process_time() - start
        times.sort(reverse=True)
        over = [t for t in times if t[0] > args.over]
        print(f"## {tree}: {n} files, {total:.1f} CPU s, {len(over)} over {args.over:g} s, "
              f"{len(errors)} internal errors")
        for secs, display, nfind in times[:max(args.top, len(over))]:
            print(f"{secs:8.2f}  {display}  ({nfind} findings)")
        for e in errors:
            print(f"internal error: {e}")
        if over or errors:
            status = 1
        if times:
            slowest = times[0][1]  # a display path: relative to the working directory
        sys.stdout.flush()
    if args.profile and slowest:
        profile(slowest, args.profile)
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
