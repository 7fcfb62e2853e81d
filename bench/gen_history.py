#!/usr/bin/env python3
"""Generate a git repository with a long history of trading-bot code, and time ``botlint
history`` on it against ``git log -p`` itself.

    python bench/gen_history.py DEST --commits 3000          # make the repository
    python bench/gen_history.py DEST --commits 3000 --time   # make it (if missing) and time

The history: ~30 Python modules and a few config files, 1-3 of them edited per commit (a
handful of lines changed or appended, as in real work), one merge every 50 commits, and every
200 commits a fake key (random, made now) committed to a module or a ``.env`` and removed a few
commits later.  Built with ``git fast-import`` (git itself; seconds for thousands of commits).

``--time`` prints the patch lines git produces and, for each of ``git log -p`` (default
context), the patch stream botlint reads (``--unified=0``), ``botlint history`` cold (empty
cache) and warm (second run), the wall time and lines/s.  The cache goes to a temporary
directory, never the user's.
"""
from __future__ import annotations

import argparse
import base64
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time

ENV = {"GIT_CONFIG_NOSYSTEM": "1", "GIT_TERMINAL_PROMPT": "0"}

MODULE = '''"""Strategy module {n}."""
import os
import logging

import ccxt

log = logging.getLogger(__name__)
API_KEY = os.environ.get("EXCHANGE_API_KEY", "")
API_SECRET = os.environ["EXCHANGE_API_SECRET"]


class Strategy{n}:
    timeframe = "5m"
    minimal_roi = {{"0": 0.04, "30": 0.02}}

    def __init__(self, exchange=None):
        self.exchange = exchange or ccxt.binance({{"apiKey": API_KEY, "secret": API_SECRET}})
        self.position = 0.0
'''

FUNC = '''
    def step_{i}(self, candles):{order}
        fast = sum(c[4] for c in candles[-{a}:]) / {a}
        slow = sum(c[4] for c in candles[-{b}:]) / {b}
        if fast > slow * {r} and self.position == 0:
            log.info("buy signal %s", fast)
            return "buy"
        if fast < slow and self.position > 0:
            return "sell"
        return None
'''


PAIRS = ("BTC/USDT", "ETH/USDT", "SOL/USDT", "XRP/BTC")


def _key(rng: random.Random) -> str:
    return base64.b64encode(bytes(rng.getrandbits(8) for _ in range(48))).decode()


def generate(dest: str, commits: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    secret_rng = random.Random(os.urandom(16))  # the fake keys are new every time
    if os.path.exists(dest):
        sys.exit(f"{dest} exists; give a new directory")
    subprocess.run(["git", "init", "-q", "-b", "main", dest], check=True, env=dict(os.environ, **ENV))
    files = {f"bot/strategy_{n:02d}.py": MODULE.format(n=n) for n in range(30)}
    files["config/settings.yaml"] = "exchange: binance\ntimeframe: 5m\npairs:\n  - BTC/USDT\n"
    files[".env.example"] = "EXCHANGE_API_KEY=\nEXCHANGE_API_SECRET=\n"
    names = sorted(files)
    out = []
    mark = 0
    main_tip = 0
    pending_removal = []  # (commit index, path, clean content)
    t0 = 1767268800  # 2026-01-01

    def blob(text: str) -> None:
        data = text.encode()
        out.append(b"data %d\n%s\n" % (len(data), data))

    side_tip = None  # the side branch's commit waiting for its merge
    for i in range(commits):
        mark += 1
        branch = "refs/heads/main"
        changed = {}
        if i == 0:
            changed = dict(files)
        else:
            for path in rng.sample(names, rng.randint(1, 3)):
                text = files[path]
                if path.endswith(".py"):
                    if rng.random() < 0.3 and text.count("\n") < 300:  # modules stay a few hundred lines
                        # half of them quote a market symbol: a literal botlint must judge
                        order = (f'\n        self.exchange.create_order("{rng.choice(PAIRS)}", "limit", "buy", 1)'
                                 if rng.random() < 0.5 else "")
                        text += FUNC.format(i=i, a=rng.randint(3, 9), b=rng.randint(10, 40), r=rng.random() + 1,
                                            order=order)
                    else:
                        lines = text.split("\n")
                        j = rng.randrange(len(lines))
                        lines[j] = lines[j] + f"  # tuned {i}" if lines[j].strip() else lines[j]
                        text = "\n".join(lines)
                else:
                    text += f"# revision {i}\n"
                files[path] = changed[path] = text
        for due, path, clean in list(pending_removal):
            if due == i:
                files[path] = changed[path] = clean
                pending_removal.remove((due, path, clean))
        if i and i % 200 == 0:
            path = rng.choice([p for p in names if p.endswith(".py")] + [".env"])
            clean = files.get(path, "")
            if path == ".env":
                files[path] = changed[path] = f"EXCHANGE_API_SECRET={_key(secret_rng)}\n"
                clean = "EXCHANGE_API_SECRET=\n"
            else:
                files[path] = changed[path] = files[path] + f'\nBINANCE_API_SECRET = "{_key(secret_rng)}"\n'
            pending_removal.append((i + 3, path, clean))
        if i and i % 50 == 25:
            branch = "refs/heads/side"  # forks from main's tip, merged back 5 commits later
        merge = None
        if i and i % 50 == 30 and side_tip is not None:
            merge, side_tip = side_tip, None
        out.append(f"commit {branch}\nmark :{mark}\n".encode())
        out.append(f"committer Bench <bench@example.invalid> {t0 + i * 3600} +0000\n".encode())
        blob(f"change {i}")
        if i:
            out.append(f"from :{main_tip}\n".encode())
        if merge is not None:
            out.append(f"merge :{merge}\n".encode())
        for path, text in sorted(changed.items()):
            out.append(f"M 100644 inline {path}\n".encode())
            blob(text)
        if branch == "refs/heads/main":
            main_tip = mark
        else:
            side_tip = mark
    subprocess.run(["git", "fast-import", "--quiet"], cwd=dest, input=b"".join(out), check=True,
                   env=dict(os.environ, **ENV))
    subprocess.run(["git", "reset", "-q", "--hard", "main"], cwd=dest, check=True, env=dict(os.environ, **ENV))


def _timed(cmd, cwd, env=None) -> tuple:
    t = time.perf_counter()
    proc = subprocess.run(cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    return time.perf_counter() - t, proc


def bench(dest: str) -> None:
    env = dict(os.environ, **ENV)
    git_p = ["git", "--no-pager", "log", "-p", "--no-color", "--full-history", "HEAD"]
    git_u0 = ["git", "--no-pager", "log", "-p", "--no-color", "--unified=0", "--text", "-M", "--full-index",
              "--diff-merges=first-parent", "--full-history", "HEAD"]
    rows = []
    secs, proc = _timed(git_p, dest, env)
    rows.append(("git log -p", secs, proc.stdout.count(b"\n")))
    secs, proc = _timed(git_u0, dest, env)
    lines_u0 = proc.stdout.count(b"\n")
    rows.append(("git log -p --unified=0 (what botlint reads)", secs, lines_u0))
    commits = subprocess.run(["git", "rev-list", "--count", "HEAD"], cwd=dest, stdout=subprocess.PIPE,
                             env=env).stdout.decode().strip()
    cache = tempfile.mkdtemp(prefix="botlint-bench-")
    try:
        cmd = [sys.executable, "-m", "botlint", "history", "--isolated", "--format", "json", "--exit-zero",
               "--cache-dir", cache, "."]
        secs, proc = _timed(cmd, dest)
        if proc.returncode != 0:
            sys.exit(f"botlint failed: {proc.stderr.decode()[-500:]}")
        import json

        found = len(json.loads(proc.stdout)["findings"])
        rows.append((f"botlint history, cold ({found} findings)", secs, lines_u0))
        secs, proc = _timed(cmd, dest)
        rows.append(("botlint history, warm (cache)", secs, lines_u0))
    finally:
        shutil.rmtree(cache, ignore_errors=True)
    print(f"{commits} commits\n")
    print("| run | seconds | patch lines | lines/s |\n|---|---:|---:|---:|")
    for name, secs, lines in rows:
        print(f"| {name} | {secs:.2f} | {lines:,} | {lines / secs:,.0f} |")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("dest", help="directory for the new repository (must not exist, unless --time)")
    ap.add_argument("--commits", type=int, default=3000)
    ap.add_argument("--time", action="store_true", help="time botlint history and git log -p on it")
    ns = ap.parse_args()
    if not (ns.time and os.path.isdir(os.path.join(ns.dest, ".git"))):
        generate(ns.dest, ns.commits)
    if ns.time:
        bench(ns.dest)


if __name__ == "__main__":
    main()
