"""Start-up cost of botlint on single files: what a pre-commit hook pays on a small commit.

    python bench/startup.py FILE [FILE ...]                    # 5 cold runs of each, interleaved
    python bench/startup.py -n 9 FILE --old "/path/to/old/bin/python -m botlint"
    python bench/startup.py --importtime FILE                  # the slowest imports of one run

Each run is ``PYTHON -m botlint --isolated --no-cache FILE`` (a fresh interpreter, so the time
includes Python's own start-up), from the file's directory.  Runs are interleaved (file A, B,
..., then again; with ``--old``, old and new alternate, in turns which goes first) so that the
drift of a shared machine's load hits every side alike.  Prints per file and side the median,
min and max wall seconds and the median CPU seconds (user+system of the child), the exit status
and the 1-minute load average before and after.  One untimed run per file and side comes first,
with bytecode caching on (as for an installed botlint), so the timed runs find the ``.pyc``
files.  With a load average above the number of cores, wall time mostly measures the other
processes: compare CPU seconds then.
"""
from __future__ import annotations

import argparse
import os
import resource
import shlex
import statistics
import subprocess
import sys
import time
from typing import Dict, List, Optional, Sequence, Tuple


def child_env() -> Dict[str, str]:
    """The environment of every run: bytecode caching on (``PYTHONDONTWRITEBYTECODE`` dropped),
    since an installed botlint has its ``.pyc`` files and compiling the sources again on every
    run would be most of what is measured."""
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def run_once(cmd: List[str], cwd: str) -> Tuple[float, float, int]:
    """(wall s, CPU s of the child, exit status)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=cwd, env=child_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, proc.returncode


def command(base: str, path: str) -> Tuple[List[str], str]:
    full = os.path.abspath(path)
    return shlex.split(base) + ["--isolated", "--no-cache", os.path.basename(full)], os.path.dirname(full)


def importtime(base: str, path: str, top: int) -> List[Tuple[int, int, str]]:
    """The ``top`` imports of one run by cumulative microseconds: (self, cumulative, module)."""
    cmd, cwd = command(base, path)
    # after the interpreter (the command may start with ``env VAR=...``)
    at = next((i + 1 for i, part in enumerate(cmd) if os.path.basename(part).startswith("python")), 1)
    cmd = cmd[:at] + ["-X", "importtime"] + cmd[at:]
    proc = subprocess.run(cmd, cwd=cwd, env=child_env(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                          text=True)
    rows = []
    for line in proc.stderr.splitlines():
        if not line.startswith("import time:") or "self [us]" in line:
            continue
        own, cumulative, name = line[len("import time:"):].split("|", 2)
        rows.append((int(own), int(cumulative), name.rstrip()))
    return sorted(rows, key=lambda r: -r[1])[:top]


def main(argv: Optional[Sequence[str]] = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("paths", nargs="+", help="files to lint, one run each per round")
    ap.add_argument("-n", "--runs", type=int, default=5, help="runs per file and side (default 5)")
    ap.add_argument("--new", default=f"{shlex.quote(sys.executable)} -m botlint", help="the botlint command")
    ap.add_argument("--old", default="", help="a second botlint command to interleave with --new")
    ap.add_argument("--importtime", type=int, nargs="?", const=25, default=0, metavar="TOP",
                    help="print the TOP slowest imports (cumulative) of one run per file and side, then time")
    ns = ap.parse_args(argv)
    sides = {"new": ns.new}
    if ns.old:
        sides = {"old": ns.old, "new": ns.new}
    if ns.importtime:
        for path in ns.paths:
            for side, base in sides.items():
                print(f"-- {side} {path}: slowest imports (cumulative ms, self ms)")
                for own, cumulative, name in importtime(base, path, ns.importtime):
                    print(f"  {cumulative / 1000:8.1f} {own / 1000:8.1f}  {name}")
    walls: Dict[Tuple[str, str], List[float]] = {}
    cpus: Dict[Tuple[str, str], List[float]] = {}
    status: Dict[Tuple[str, str], set] = {}
    for path in ns.paths:  # one untimed run each: the bytecode caches are written
        for base in sides.values():
            run_once(*command(base, path))
    load_before = os.getloadavg()[0]
    for k in range(ns.runs):
        order = list(sides.items()) if k % 2 == 0 else list(reversed(list(sides.items())))
        for path in ns.paths:
            for side, base in order:
                cmd, cwd = command(base, path)
                wall, cpu, rc = run_once(cmd, cwd)
                walls.setdefault((side, path), []).append(wall)
                cpus.setdefault((side, path), []).append(cpu)
                status.setdefault((side, path), set()).add(rc)
    load_after = os.getloadavg()[0]
    print(f"load average (1 min): {load_before:.2f} before, {load_after:.2f} after; {os.cpu_count()} cores")
    print(f"{'side':4} {'median':>7} {'min':>6} {'max':>6} {'spread':>6} {'cpu':>6}  exit  file")
    for path in ns.paths:
        for side in sides:
            w, c = walls[(side, path)], cpus[(side, path)]
            exits = ",".join(str(s) for s in sorted(status[(side, path)]))
            print(f"{side:4} {statistics.median(w):7.3f} {min(w):6.3f} {max(w):6.3f} {max(w) - min(w):6.3f}"
                  f" {statistics.median(c):6.3f}  {exits:>4}  {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
