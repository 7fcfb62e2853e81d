"""Interleaved old/new timing of two botlint commands on one tree (a shared machine's load
drifts: pairs run back to back, alternating which goes first, so both see the same drift).

    python bench/pairs.py TREE --old /path/to/old/bin/botlint --new botlint -n 5
    python bench/pairs.py TREE --old "python -m botlint" --old-pythonpath SNAPSHOT/src --new botlint

Each run is ``CMD --isolated --format json --no-cache --jobs J .`` with the tree as its working
directory; wall time and user+system CPU of the process and its children (pool workers).  Prints
each pair, then mean, min and max per side and the mean ratio; ``--json FILE`` keeps the raw
numbers.  ``--findings DIR`` also writes each side's JSON output of its first run there, to
compare findings (``python bench/pairs.py --same A.json B.json`` says whether they match).
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import shlex
import statistics
import subprocess
import sys
import time
from typing import Dict, List, Optional, Sequence, Tuple


def run_once(cmd: List[str], tree: str, env: Dict[str, str], out_path: Optional[str]) -> Tuple[float, float, int]:
    """(wall s, CPU s of the process tree, exit status)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    with open(out_path or os.devnull, "wb") as out:
        proc = subprocess.run(cmd, cwd=tree, env=env, stdout=out, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, proc.returncode


def findings_of(path: str) -> list:
    with open(path, encoding="utf-8") as fh:
        data = json.load(fh)
    rows = data.get("findings", data) if isinstance(data, dict) else data
    return sorted(json.dumps(r, sort_keys=True) for r in rows)


def summary(label: str, values: Sequence[float]) -> str:
    return (f"{label}: mean {statistics.mean(values):.2f}  min {min(values):.2f}  max {max(values):.2f}"
            f"  (n={len(values)})")


def main(argv: Optional[Sequence[str]] = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("tree", nargs="?")
    ap.add_argument("--old", help="the old botlint command (split like a shell)")
    ap.add_argument("--new", help="the new botlint command")
    ap.add_argument("--old-pythonpath", default="", help="PYTHONPATH for the old command")
    ap.add_argument("--new-pythonpath", default="", help="PYTHONPATH for the new command")
    ap.add_argument("--new-env", action="append", default=[], metavar="K=V", help="extra environment, new side")
    ap.add_argument("-n", "--pairs", type=int, default=5)
    ap.add_argument("-j", "--jobs", type=int, default=2)
    ap.add_argument("--json", help="write the raw numbers here")
    ap.add_argument("--findings", help="directory for each side's JSON output of its first run")
    ap.add_argument("--same", nargs=2, metavar=("A", "B"), help="compare two JSON outputs and exit")
    ns = ap.parse_args(argv)
    if ns.same:
        a, b = (findings_of(p) for p in ns.same)
        print(f"{len(a)} vs {len(b)} findings: {'identical' if a == b else 'DIFFERENT'}")
        return 0 if a == b else 1
    if not (ns.tree and ns.old and ns.new):
        ap.error("TREE, --old and --new are required (or --same A B)")
    tree = os.path.abspath(ns.tree)
    tail = ["--isolated", "--format", "json", "--no-cache", "--jobs", str(ns.jobs), "."]
    sides = {"old": (shlex.split(ns.old) + tail, ns.old_pythonpath, []),
             "new": (shlex.split(ns.new) + tail, ns.new_pythonpath, ns.new_env)}
    envs = {}
    for side, (_cmd, pythonpath, extra) in sides.items():
        env = dict(os.environ)
        env.pop("PYTHONPATH", None)
        if pythonpath:
            env["PYTHONPATH"] = pythonpath
        for kv in extra:
            k, _, v = kv.partition("=")
            env[k] = v
        envs[side] = env
    if ns.findings:
        os.makedirs(ns.findings, exist_ok=True)
    raw: Dict[str, List[Tuple[float, float, int]]] = {"old": [], "new": []}
    for i in range(ns.pairs):
        order = ("old", "new") if i % 2 == 0 else ("new", "old")
        for side in order:
            out = os.path.join(ns.findings, f"{side}.json") if ns.findings and i < 2 and not raw[side] else None
            raw[side].append(run_once(sides[side][0], tree, envs[side], out))
        o, n = raw["old"][-1], raw["new"][-1]
        load = os.getloadavg()[0]
        print(f"pair {i + 1}: old {o[0]:.2f} s wall {o[1]:.2f} s cpu (exit {o[2]})  new {n[0]:.2f} s wall "
              f"{n[1]:.2f} s cpu (exit {n[2]})  load {load:.1f}", flush=True)
    for what, k in (("wall", 0), ("cpu", 1)):
        for side in ("old", "new"):
            print(summary(f"{side} {what}", [r[k] for r in raw[side]]))
        ratios = [n[k] / o[k] for o, n in zip(raw["old"], raw["new"]) if o[k]]
        print(f"new/old {what}: mean {statistics.mean(ratios):.3f}  min {min(ratios):.3f}  max {max(ratios):.3f}")
    if ns.json:
        with open(ns.json, "w", encoding="utf-8") as fh:
            json.dump(raw, fh)
    return 0


if __name__ == "__main__":
    sys.exit(main())
