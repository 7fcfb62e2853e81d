#!/usr/bin/env python
"""Measure botlint's BOT1 (hard-coded credentials) precision and recall on fixtures/corpus.

The comparison (what counts as a TP, FP, FN or code mismatch) lives in tests/corpus_eval.py,
which the test gate imports too.

Usage:
    python scripts/eval_corpus.py                 # Python API (fast)
    python scripts/eval_corpus.py --cli           # `python -m botlint --format json ...` per project
    python scripts/eval_corpus.py --json out.json # also write the raw comparison
    python scripts/eval_corpus.py -v              # print every FP / FN / mismatch with its message
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from typing import List

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# the comparison lives with the tests, which gate on it (tests/corpus_eval.py)
for _dir in (os.path.join(ROOT, "src"), os.path.join(ROOT, "tests")):
    if _dir not in sys.path:
        sys.path.insert(0, _dir)

from corpus_eval import BOT1_DEFAULT, CORPUS, Found, evaluate, per_code, report, run_api, totals  # noqa: E402


def run_cli(project_dir: str, select=None) -> List[Found]:
    cmd = [sys.executable, "-m", "botlint", "--format", "json", "--no-cache", "--isolated",
           "--select", ",".join(select or BOT1_DEFAULT), "."]
    env = dict(os.environ, PYTHONPATH=os.path.join(ROOT, "src"))
    proc = subprocess.run(cmd, cwd=project_dir, capture_output=True, text=True, env=env)
    if proc.returncode not in (0, 1):
        raise RuntimeError(f"botlint failed on {project_dir}: {proc.stderr.strip()}")
    data = json.loads(proc.stdout or "[]")
    items = data if isinstance(data, list) else data.get("findings", [])
    out = []
    for d in items:
        if not d["code"].startswith("BOT1"):
            continue
        rel = os.path.normpath(d["path"]).replace(os.sep, "/")
        out.append(Found(rel, d["line"], d.get("end_line", d["line"]), d["code"], d.get("message", "")))
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", default=CORPUS)
    ap.add_argument("--cli", action="store_true", help="run `python -m botlint` per project")
    ap.add_argument("--json", metavar="FILE", help="write the comparison as JSON")
    ap.add_argument("-v", "--verbose", action="store_true", help="list every FP, FN and mismatch")
    ns = ap.parse_args(argv)
    results = evaluate(ns.corpus, runner=run_cli if ns.cli else run_api)
    print(report(results, ns.verbose))
    if ns.json:
        data = {
            "totals": totals(results),
            "per_code": per_code(results),
            "projects": {
                r.project: {
                    "tp": [[e.path, e.line, e.code] for e, _ in r.tp],
                    "mismatch": [[e.path, e.line, e.code, f.code] for e, f in r.mismatch],
                    "fp": [[f.path, f.line, f.code, f.message] for f in r.fp],
                    "fn": [[e.path, e.line, e.code] for e in r.fn],
                } for r in results
            },
        }
        with open(ns.json, "w", encoding="utf-8") as fh:
            json.dump(data, fh, indent=2)
    return 0


if __name__ == "__main__":
    sys.exit(main())
