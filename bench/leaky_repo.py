"""BOT1 recall and false-positive rate on Leaky Repo (github.com/Plazmaz/leaky-repo), a labelled
suite of hand-written files full of secrets (issue 11).

The project never copies another tool's test data, so this script reads a checkout you have:
``python bench/leaky_repo.py DIR`` where DIR is the root of a Leaky Repo checkout.

Labels: ``.leaky-meta/secrets.csv`` (``name,num_risk,num_informative`` per file; ``#`` lines are
comments), or, where a checkout has no CSV, the README's two-column table is read for file names
only (no counts: then the script stops, a count is needed).  A label counts *lines* holding a
risk ("lines with multiple risks are still counted as 1"); informative lines (a user name, a
host) are not secrets and are not expected.

How botlint is run: ``botlint check --isolated --no-cache --select BOT1 --format json DIR`` as a
user would (every text file of the walk, hidden directories included), with this checkout's
botlint (``python -m botlint``).  BOT110 (opt-in) is not selected.

Counting, per labelled file with expected count E (its ``num_risk``) and F the number of
distinct lines holding a BOT1 finding in that file:

* true positives  TP = min(E, F);
* false positives FP = max(0, F - E): findings beyond the label's count, and every finding
  in a file labelled 0;
* recall = sum TP / sum E, over every labelled file (a labelled file missing from DIR counts
  as E misses: Leaky Repo's ``etc/shadow`` is not in every copy);
* false-positive rate = sum FP / sum F (the share of reported lines that are not risks,
  i.e. 1 - precision).

Files of DIR that the CSV does not list (files added after the labels, the suite's own
README, LICENSE and ``.leaky-meta/``) are left out of both figures and listed apart.  The
output shows counts and codes, never a value.

Usage: python bench/leaky_repo.py DIR [--json] [--botlint CMD]
"""
from __future__ import annotations

import argparse
import csv
import json
import os
import shlex
import subprocess
import sys
from collections import defaultdict
from typing import Dict, List, Optional, Set, Tuple


def labels_from_csv(path: str) -> Dict[str, int]:
    out: Dict[str, int] = {}
    with open(path, encoding="utf-8") as fh:
        for row in csv.reader(line for line in fh if line.strip() and not line.lstrip().startswith("#")):
            if len(row) < 2:
                continue
            name = row[0].strip().lstrip("/")
            try:
                out[name] = int(row[1])
            except ValueError:
                continue  # a header row
    return out


def load_labels(root: str) -> Dict[str, int]:
    csv_path = os.path.join(root, ".leaky-meta", "secrets.csv")
    if os.path.isfile(csv_path):
        return labels_from_csv(csv_path)
    sys.exit(f"error: {csv_path} not found: the per-file counts come from Leaky Repo's secrets.csv")


def run_botlint(root: str, command: Optional[str]) -> List[dict]:
    cmd = shlex.split(command) if command else [sys.executable, "-m", "botlint"]
    cmd += ["check", "--isolated", "--no-cache", "--select", "BOT1", "--format", "json", "--exit-zero", "."]
    proc = subprocess.run(cmd, cwd=root, capture_output=True, text=True)
    if proc.returncode not in (0, 1):
        sys.exit(f"error: botlint exited {proc.returncode}: {proc.stderr.strip()[-500:]}")
    return json.loads(proc.stdout)["findings"]


def measure(labels: Dict[str, int], findings: List[dict], root: str) -> dict:
    lines: Dict[str, Set[int]] = defaultdict(set)
    codes: Dict[str, List[str]] = defaultdict(list)
    for f in findings:
        path = f["path"].replace(os.sep, "/")
        path = path[2:] if path.startswith("./") else path
        lines[path].add(f["line"])
        codes[path].append(f["code"])
    rows: List[Tuple[str, int, int, int, int, bool]] = []
    for name, expected in sorted(labels.items()):
        present = os.path.exists(os.path.join(root, name))
        found = len(lines.get(name, ()))
        rows.append((name, expected, found, min(expected, found), max(0, found - expected), present))
    unlabelled = {p: len(ls) for p, ls in lines.items() if p not in labels}
    e = sum(r[1] for r in rows)
    f = sum(r[2] for r in rows)
    tp = sum(r[3] for r in rows)
    fp = sum(r[4] for r in rows)
    return {"expected": e, "reported_lines": f, "tp": tp, "fp": fp,
            "recall": tp / e if e else 0.0, "fp_rate": fp / f if f else 0.0,
            "rows": rows, "codes": {k: sorted(v) for k, v in codes.items()}, "unlabelled": unlabelled,
            "missing": [r[0] for r in rows if not r[5]]}


def main(argv: Optional[List[str]] = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("dir", help="root of a Leaky Repo checkout")
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    ap.add_argument("--botlint", metavar="CMD", help="botlint command to run (default: python -m botlint)")
    args = ap.parse_args(argv)
    root = os.path.abspath(args.dir)
    labels = load_labels(root)
    res = measure(labels, run_botlint(root, args.botlint), root)
    if args.json:
        print(json.dumps({k: v for k, v in res.items() if k != "rows"}, indent=2, sort_keys=True))
        return 0
    print("| file | expected | reported lines | TP | FP | codes |")
    print("|---|---|---|---|---|---|")
    for name, expected, found, tp, fp, present in res["rows"]:
        mark = "" if present else " (missing)"
        print(f"| {name}{mark} | {expected} | {found} | {tp} | {fp} | {' '.join(res['codes'].get(name, []))} |")
    print(f"\nrecall {res['recall']:.2f} ({res['tp']}/{res['expected']}), false-positive rate "
          f"{res['fp_rate']:.2f} ({res['fp']}/{res['reported_lines']} reported lines)")
    if res["missing"]:
        print(f"labelled files absent from DIR (counted as misses): {', '.join(res['missing'])}")
    if res["unlabelled"]:
        print("unlabelled files with findings (not counted): "
              + ", ".join(f"{p} ({n})" for p, n in sorted(res["unlabelled"].items())))
    return 0


if __name__ == "__main__":
    sys.exit(main())
