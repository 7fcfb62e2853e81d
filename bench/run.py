#!/usr/bin/env python3
"""Time botlint against its peers (bandit, detect-secrets, ruff's S rules) on real bot code.

    python bench/run.py                      # freqtrade + hummingbot, best of 3
    python bench/run.py -n 1 PATH [PATH...]  # your own trees, one run each
    python bench/run.py --profile [TREE]     # cProfile botlint in-process on one tree

Prints a Markdown table and writes the raw numbers to bench/.work/results.json.  Every tool
runs with the tree as its working directory and ``.`` as its target, with a timeout; a tool
that fails, times out or is missing is recorded as such and the run goes on.  See README.md.
"""
from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import platform
import pstats
import shutil
import signal
import subprocess
import sys
import tarfile
import tempfile
import time
import zipfile
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Callable, Dict, List, Optional, Sequence, Tuple

HERE = Path(__file__).resolve().parent
WORK = HERE / ".work"
# unpacked trees from an earlier run may be reused: $BOTLINT_BENCH_TREES/<package>
DEFAULT_UNPACKED = Path(os.environ.get("BOTLINT_BENCH_TREES", str(WORK / "trees")))
DEFAULT_PACKAGES = ("freqtrade", "hummingbot")
PY_SUFFIXES = (".py", ".pyw", ".pyi")
# botlint's default directory excludes (src/botlint/config.py DEFAULT_EXCLUDE), for counting only
SKIP_DIRS = {".git", ".hg", ".svn", ".venv", "venv", ".tox", ".nox", ".mypy_cache", ".pytest_cache",
             ".ruff_cache", ".botlint_cache", "__pycache__", "node_modules", "site-packages",
             "dist-packages", "build", "dist", ".eggs"}


# -- trees --------------------------------------------------------------------------------------

@dataclass
class Tree:
    name: str
    path: str
    py_files: int = 0
    lines: int = 0
    bytes: int = 0
    sample_file: str = ""  # a median-sized Python file, relative to path, for the 1-file rows
    sample_lines: int = 0


def count_tree(name: str, path: Path) -> Tree:
    """Python files and lines under path (reading them also warms the page cache)."""
    tree = Tree(name, str(path))
    sizes: List[Tuple[int, str, int]] = []
    for dirpath, dirnames, filenames in os.walk(path):
        dirnames[:] = sorted(d for d in dirnames if d not in SKIP_DIRS and not d.endswith(".egg-info")
                             and not os.path.islink(os.path.join(dirpath, d)))
        for f in sorted(filenames):
            if not f.lower().endswith(PY_SUFFIXES):
                continue
            full = os.path.join(dirpath, f)
            try:
                with open(full, "rb") as fh:
                    data = fh.read()
            except OSError:
                continue
            n = data.count(b"\n") + (1 if data and not data.endswith(b"\n") else 0)
            tree.py_files += 1
            tree.lines += n
            tree.bytes += len(data)
            sizes.append((len(data), os.path.relpath(full, path), n))
    if sizes:
        sizes.sort()
        _, tree.sample_file, tree.sample_lines = sizes[len(sizes) // 2]
    return tree


def _safe_extract_tar(tf: tarfile.TarFile, dest: Path) -> None:
    if hasattr(tarfile, "data_filter"):  # 3.12+, and security backports of 3.8-3.11
        tf.extractall(dest, filter="data")
        return
    root = dest.resolve()
    members = []
    for m in tf.getmembers():
        target = (dest / m.name).resolve()
        if not (m.isfile() or m.isdir()) or os.path.commonpath([str(root), str(target)]) != str(root):
            continue
        members.append(m)
    tf.extractall(dest, members=members)


def unpack(archive: Path, dest_root: Path) -> Optional[Path]:
    name = archive.name
    if name.endswith(".whl") or name.endswith(".zip"):
        stem = name[:-4]
    elif name.endswith((".tar.gz", ".tgz")):
        stem = name[:-7] if name.endswith(".tar.gz") else name[:-4]
    else:
        return None
    dest = dest_root / stem
    if dest.is_dir() and any(dest.iterdir()):
        return dest
    dest.mkdir(parents=True, exist_ok=True)
    if name.endswith((".whl", ".zip")):
        with zipfile.ZipFile(archive) as zf:
            root = dest.resolve()
            for info in zf.infolist():
                target = (dest / info.filename).resolve()
                if os.path.commonpath([str(root), str(target)]) == str(root):
                    zf.extract(info, dest)
    else:
        with tarfile.open(archive, "r:gz") as tf:
            _safe_extract_tar(tf, dest)
    return dest


def download_trees(packages: Sequence[str], work: Path, timeout: float) -> List[Tuple[str, Path]]:
    """pip download --no-deps PKG... into work/downloads, unpack into work/trees."""
    dl = work / "downloads"
    dl.mkdir(parents=True, exist_ok=True)
    base = [sys.executable, "-m", "pip", "download", "--no-deps", "--disable-pip-version-check", "-d", str(dl)]

    def have(pkg: str) -> List[Path]:
        return [p for p in dl.iterdir() if p.name.lower().replace("-", "_").startswith(pkg.lower() + "-")
                or p.name.lower().startswith(pkg.lower() + "-")]

    missing = [p for p in packages if not have(p)]
    if missing:
        log(f"downloading {' '.join(missing)} with pip into {dl}")
        rc = _quiet_run(base + missing, timeout)
        for pkg in missing:
            if have(pkg):
                continue
            # one at a time, and a wheel if there is one: an sdist needs its build requirements
            # installed just so pip can read its metadata (hummingbot's need numpy and Cython)
            for extra in (["--only-binary", ":all:"], []):
                if _quiet_run(base + extra + [pkg], timeout) == 0 and have(pkg):
                    break
            else:
                log(f"could not download {pkg} (pip exit {rc}); skipped")
    out = []
    for pkg in packages:
        archives = sorted(have(pkg), key=lambda p: (not p.name.endswith(".whl"), p.name))
        for a in archives:
            dest = unpack(a, work / "trees")
            if dest is not None:
                out.append((pkg, dest))
                break
    return out


def _quiet_run(cmd: List[str], timeout: float) -> int:
    try:
        p = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=timeout)
    except (OSError, subprocess.TimeoutExpired) as e:
        log(f"{' '.join(cmd[:6])}...: {e}")
        return -1
    if p.returncode:
        tail = p.stderr.decode("utf-8", "replace").strip().splitlines()[-3:]
        log(f"pip exit {p.returncode}: " + " | ".join(tail))
    return p.returncode


def default_trees(work: Path, timeout: float) -> List[Tuple[str, Path]]:
    local = [(p, DEFAULT_UNPACKED / p) for p in DEFAULT_PACKAGES if (DEFAULT_UNPACKED / p).is_dir()]
    if len(local) == len(DEFAULT_PACKAGES):
        return local
    got = {n for n, _ in local}
    return local + download_trees([p for p in DEFAULT_PACKAGES if p not in got], work, timeout)


def scale_trees(src: Path, sizes: Sequence[int], work: Path) -> List[Tuple[str, Path]]:
    """Subtrees of ``src`` holding its Python files (sorted by path, default excludes skipped)
    up to each line count, hard-linked (copied across file systems) under work/scale/: the same
    kind of code at growing sizes, for lines/s against size."""
    files: List[Tuple[Path, int]] = []
    for path in sorted(src.rglob("*")):
        rel = path.relative_to(src)
        if any(part in SKIP_DIRS for part in rel.parts[:-1]) or path.suffix not in PY_SUFFIXES \
                or path.is_symlink() or not path.is_file():
            continue
        try:
            files.append((rel, path.read_bytes().count(b"\n")))
        except OSError:
            continue
    out = []
    total = sum(n for _, n in files)
    for size in sizes:
        dest = work / "scale" / f"{src.name}-{size}"
        if dest.exists():
            shutil.rmtree(dest)
        got = 0
        for rel, n in files:
            if got >= size:
                break
            target = dest / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            try:
                os.link(src / rel, target)
            except OSError:
                shutil.copyfile(src / rel, target)
            got += n
        out.append((f"{src.name}-{got // 1000}k", dest))
        if got >= total:
            break
    return out


# -- tools --------------------------------------------------------------------------------------

def find_exe(script: str, module: str) -> List[str]:
    """The console script next to this interpreter, else on PATH, else ``python -m module``."""
    bindir = Path(sys.executable).parent
    for cand in (bindir / script, bindir / (script + ".exe")):
        if cand.is_file() and os.access(cand, os.X_OK):
            return [str(cand)]
    found = shutil.which(script)
    return [found] if found else [sys.executable, "-m", module]


def count_botlint(out: str) -> Tuple[int, Dict[str, Any]]:
    doc = json.loads(out)
    summary = doc.get("summary", {})
    # what the gate check compares (no message text in results.json: a digest of the rows)
    import hashlib

    rows = sorted(json.dumps([f.get("code"), f.get("path"), f.get("line"), f.get("column"), f.get("end_line"),
                              f.get("end_column"), f.get("message")]) for f in doc["findings"])
    digest = hashlib.sha256("\n".join(rows).encode("utf-8", "surrogatepass")).hexdigest()[:16]
    return len(doc["findings"]), {"scanned_files": summary.get("files"), "by_code": summary.get("by_code"),
                                  "findings_digest": digest}


def count_bandit(out: str) -> Tuple[int, Dict[str, Any]]:
    doc = json.loads(out)
    by: Dict[str, int] = {}
    for r in doc["results"]:
        by[r.get("test_id", "?")] = by.get(r.get("test_id", "?"), 0) + 1
    files = len([k for k in doc.get("metrics", {}) if k != "_totals"])
    return len(doc["results"]), {"scanned_files": files, "by_code": by, "errors": len(doc.get("errors", []))}


def count_detect_secrets(out: str) -> Tuple[int, Dict[str, Any]]:
    doc = json.loads(out)
    by: Dict[str, int] = {}
    n = 0
    for secrets in doc["results"].values():
        for s in secrets:
            n += 1
            by[s.get("type", "?")] = by.get(s.get("type", "?"), 0) + 1
    return n, {"files_with_findings": len(doc["results"]), "by_code": by}


def count_ruff(out: str) -> Tuple[int, Dict[str, Any]]:
    doc = json.loads(out)
    by: Dict[str, int] = {}
    for r in doc:
        by[str(r.get("code"))] = by.get(str(r.get("code")), 0) + 1
    return len(doc), {"files_with_findings": len({r.get("filename") for r in doc}), "by_code": by}


@dataclass
class Spec:
    key: str
    label: str
    argv: Callable[[Tree, "Ctx"], List[str]]
    counter: Callable[[str], Tuple[int, Dict[str, Any]]]
    ok_codes: Tuple[int, ...]
    setup: Optional[Callable[[Tree, "Ctx"], None]] = None  # untimed, before the timed runs
    env: Dict[str, str] = field(default_factory=dict)  # extra environment of the timed runs


@dataclass
class Ctx:
    exe: Dict[str, List[str]]
    cache_dir: str = ""


def _botlint(*extra: str, single: bool = False) -> Callable[[Tree, Ctx], List[str]]:
    # --isolated: a pyproject.toml with [tool.botlint] in or above the tree (or in the directory
    # the benchmark is started from) must not change what is scanned
    def argv(t: Tree, ctx: Ctx) -> List[str]:
        target = t.sample_file if single else "."
        return ctx.exe["botlint"] + ["--isolated", "--format", "json", *extra, target]
    return argv


def _botlint_warm(t: Tree, ctx: Ctx) -> List[str]:
    return ctx.exe["botlint"] + ["--isolated", "--format", "json", "--cache-dir", ctx.cache_dir, "."]


def _fill_cache(t: Tree, ctx: Ctx) -> None:
    ctx.cache_dir = tempfile.mkdtemp(prefix="botlint-bench-cache-")
    code, _secs, _cpu, _out, err = run_once(_botlint_warm(t, ctx), t.path, ctx_timeout)
    if code not in (0, 1):
        raise RuntimeError(f"filling the cache: {err.strip()[-200:] or f'exit {code}'}")


def _bandit(single: bool = False) -> Callable[[Tree, Ctx], List[str]]:
    # no -x: bandit's own default excludes only (.svn,CVS,.bzr,.hg,.git,__pycache__,.tox,.eggs,*.egg)
    return lambda t, ctx: ctx.exe["bandit"] + ["-q", "-r", "-f", "json", t.sample_file if single else "."]


def _detect_secrets(single: bool = False) -> Callable[[Tree, Ctx], List[str]]:
    # --all-files: walk the directory instead of asking git which files it tracks
    return lambda t, ctx: ctx.exe["detect-secrets"] + ["scan", "--all-files"] + ([t.sample_file] if single else [])


def _ruff(single: bool = False) -> Callable[[Tree, Ctx], List[str]]:
    # --isolated: ignore the tree's own ruff config (excludes, per-file-ignores)
    return lambda t, ctx: ctx.exe["ruff"] + ["check", "--isolated", "--select", "S", "--no-cache", "--exit-zero",
                                             "--output-format", "json", t.sample_file if single else "."]


SPECS = [
    Spec("botlint-cold", "botlint --no-cache", _botlint("--no-cache"), count_botlint, (0, 1)),
    Spec("botlint-warm", "botlint (warm cache)", _botlint_warm, count_botlint, (0, 1), setup=_fill_cache),
    Spec("botlint-j1", "botlint --jobs 1 --no-cache", _botlint("--jobs", "1", "--no-cache"), count_botlint, (0, 1)),
    # every pre-check and gate off: its findings must equal botlint-cold's (the gate is proved)
    Spec("botlint-nogate", "botlint --no-cache, BOTLINT_PREFILTER=0", _botlint("--no-cache"), count_botlint, (0, 1),
         env={"BOTLINT_PREFILTER": "0"}),
    Spec("bandit", "bandit -r", _bandit(), count_bandit, (0, 1)),
    Spec("detect-secrets", "detect-secrets scan --all-files", _detect_secrets(), count_detect_secrets, (0,)),
    Spec("ruff", "ruff check --select S", _ruff(), count_ruff, (0,)),
    # one median-sized file: what a pre-commit hook on a small commit pays (mostly startup)
    Spec("botlint-1file", "botlint --no-cache, 1 file", _botlint("--no-cache", single=True), count_botlint, (0, 1)),
    Spec("bandit-1file", "bandit, 1 file", _bandit(single=True), count_bandit, (0, 1)),
    Spec("detect-secrets-1file", "detect-secrets, 1 file", _detect_secrets(single=True), count_detect_secrets, (0,)),
    Spec("ruff-1file", "ruff --select S, 1 file", _ruff(single=True), count_ruff, (0,)),
]
ctx_timeout = 900.0
extra_pythonpath = ""  # --snapshot: where the frozen copy of botlint lives


@dataclass
class Result:
    tree: str
    tool: str
    label: str
    argv: List[str]
    times: List[float] = field(default_factory=list)
    best: Optional[float] = None
    cpu_times: List[float] = field(default_factory=list)
    cpu: Optional[float] = None  # CPU seconds of the fastest run
    load_before: List[Optional[float]] = field(default_factory=list)  # 1-min load average
    peak_mb: List[float] = field(default_factory=list)  # sampled peak RSS of the run's processes, summed
    exit_codes: List[Optional[int]] = field(default_factory=list)
    findings: Optional[int] = None
    details: Dict[str, Any] = field(default_factory=dict)
    error: str = ""


LAST_PEAK_MB = [0.0]  # the last run_once's sampled peak (see _Sampler)


class _Sampler:
    """The peak of the summed memory of a process and its descendants (a pool's workers
    included), read from /proc every 50 ms while it runs; 0 where there is no /proc.  Each
    process counts its proportional set size (``Pss`` in ``smaps_rollup``: a page shared by
    forked workers counts once over all of them; plain RSS would count the parent's pages in
    every worker) and its RSS where the kernel has no ``smaps_rollup``.  A sum of samples, so a
    peak shorter than 50 ms may be missed."""

    def __init__(self, pid: int) -> None:
        import threading

        self.pid, self.peak, self._stop = pid, 0, threading.Event()
        self._page = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096
        self._thread = threading.Thread(target=self._run, daemon=True)
        if os.path.isdir("/proc"):
            self._thread.start()

    def _tree_rss(self) -> int:
        parents: Dict[int, int] = {}
        rss: Dict[int, int] = {}
        for name in os.listdir("/proc"):
            if not name.isdigit():
                continue
            try:
                with open(f"/proc/{name}/stat", "rb") as fh:
                    fields = fh.read().rsplit(b")", 1)[1].split()
            except OSError:
                continue
            parents[int(name)] = int(fields[1])  # ppid
            rss[int(name)] = int(fields[21]) * self._page  # rss pages
        total, todo, seen = 0, [self.pid], set()
        while todo:
            pid = todo.pop()
            if pid in seen:
                continue
            seen.add(pid)
            total += self._pss(pid, rss.get(pid, 0))
            todo.extend(c for c, pp in parents.items() if pp == pid)
        return total

    @staticmethod
    def _pss(pid: int, rss: int) -> int:
        try:
            with open(f"/proc/{pid}/smaps_rollup", "rb") as fh:
                for line in fh:
                    if line.startswith(b"Pss:"):
                        return int(line.split()[1]) * 1024  # kB
        except (OSError, ValueError, IndexError):
            pass
        return rss

    def _run(self) -> None:
        while not self._stop.wait(0.05):
            self.peak = max(self.peak, self._tree_rss())

    def stop(self) -> float:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join()
        return round(self.peak / 1e6, 1)


def run_once(argv: List[str], cwd: str, timeout: float,
             extra_env: Optional[Dict[str, str]] = None) -> Tuple[Optional[int], float, float, str, str]:
    """(exit code or None on timeout/failure to start, wall seconds, CPU seconds, stdout, stderr);
    the run's sampled peak memory in ``LAST_PEAK_MB[0]``.

    CPU seconds are user+system time of the process and of every child it waited for (pool
    workers included): unlike wall time, hardly inflated when other work shares the machine."""
    env = dict(os.environ, NO_COLOR="1", PYTHONWARNINGS="ignore", **(extra_env or {}))
    # bytecode caching on: an installed tool has its .pyc files, and compiling every module
    # again on each run would be measured as the tool's start-up (bench/startup.py does the same)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    if extra_pythonpath:
        env["PYTHONPATH"] = extra_pythonpath + os.pathsep + env.get("PYTHONPATH", "")
    ru0 = _child_cpu()
    t0 = time.perf_counter()
    try:
        proc = subprocess.Popen(argv, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
                                start_new_session=(os.name == "posix"))
    except OSError as e:
        return None, 0.0, 0.0, "", f"cannot start: {e}"
    sampler = _Sampler(proc.pid)
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        _kill_group(proc)  # botlint's worker processes too
        out, err = proc.communicate()
        LAST_PEAK_MB[0] = sampler.stop()
        return None, time.perf_counter() - t0, _child_cpu() - ru0, "", f"timed out after {timeout:g}s"
    elapsed = time.perf_counter() - t0
    LAST_PEAK_MB[0] = sampler.stop()
    return proc.returncode, elapsed, _child_cpu() - ru0, out.decode("utf-8", "replace"), err.decode("utf-8", "replace")


def _child_cpu() -> float:
    try:
        import resource
    except ImportError:  # Windows
        return 0.0
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    return ru.ru_utime + ru.ru_stime


def _load() -> Optional[float]:
    try:
        return round(os.getloadavg()[0], 2)
    except (OSError, AttributeError):
        return None


def _kill_group(proc: subprocess.Popen) -> None:
    try:
        if os.name == "posix":
            os.killpg(proc.pid, signal.SIGKILL)
        else:
            proc.kill()
    except OSError:
        pass


def bench_one(tree: Tree, spec: Spec, ctx: Ctx, runs: int, timeout: float) -> Result:
    res = Result(tree.name, spec.key, spec.label, [])
    try:
        if spec.setup:
            spec.setup(tree, ctx)
        argv = spec.argv(tree, ctx)
    except Exception as e:  # noqa: BLE001 - one tool must never end the run
        res.error = f"setup failed: {type(e).__name__}: {e}"
        _drop_cache(ctx)
        return res
    res.argv = argv
    out = err = ""
    for _ in range(runs):
        res.load_before.append(_load())
        code, secs, cpu, out, err = run_once(argv, tree.path, timeout, spec.env)
        res.exit_codes.append(code)
        res.cpu_times.append(round(cpu, 3))
        res.peak_mb.append(LAST_PEAK_MB[0])
        if code is None:
            res.error = err
            break
        res.times.append(round(secs, 4))
        if code not in spec.ok_codes:
            res.error = f"exit {code}: " + " ".join(err.strip().splitlines()[-1:])[:300]
            break
    if res.times and not res.error:
        res.best = min(res.times)
        res.cpu = res.cpu_times[res.times.index(res.best)]
    if out.strip():
        try:
            res.findings, res.details = spec.counter(out)
        except Exception as e:  # noqa: BLE001
            res.error = res.error or f"unparseable output: {type(e).__name__}: {e}"
    elif not res.error:
        res.error = "no output" + (f": {err.strip().splitlines()[-1][:300]}" if err.strip() else "")
    _drop_cache(ctx)
    return res


def _drop_cache(ctx: Ctx) -> None:
    if ctx.cache_dir:
        shutil.rmtree(ctx.cache_dir, ignore_errors=True)
        ctx.cache_dir = ""


def tool_version(argv: List[str]) -> str:
    try:
        p = subprocess.run(argv + ["--version"], capture_output=True, timeout=120)
        text = (p.stdout or p.stderr).decode("utf-8", "replace").strip().splitlines()
        return text[0] if text else f"exit {p.returncode}"
    except (OSError, subprocess.TimeoutExpired) as e:
        return f"unavailable ({e})"


# -- which botlint ------------------------------------------------------------------------------

def botlint_package_dir(src_path: Optional[str] = None) -> Optional[Path]:
    """Where ``import botlint`` resolves (in a subprocess, so this process imports nothing)."""
    env = dict(os.environ)
    if src_path:
        env["PYTHONPATH"] = src_path + os.pathsep + env.get("PYTHONPATH", "")
    try:
        p = subprocess.run([sys.executable, "-c", "import botlint, os; print(os.path.dirname(botlint.__file__))"],
                           capture_output=True, timeout=60, env=env)
    except (OSError, subprocess.TimeoutExpired):
        return None
    out = p.stdout.decode().strip()
    return Path(out) if p.returncode == 0 and out else None


def source_digest(pkg: Optional[Path]) -> str:
    """sha256 over botlint's .py/.json/.txt files: which code a number belongs to."""
    if pkg is None:
        return ""
    import hashlib

    h = hashlib.sha256()
    for f in sorted(pkg.rglob("*")):
        if f.is_file() and f.suffix in (".py", ".json", ".txt") and "__pycache__" not in f.parts:
            h.update(str(f.relative_to(pkg)).encode() + b"\0" + f.read_bytes() + b"\0")
    return h.hexdigest()[:12]


def git_state(pkg: Optional[Path]) -> Dict[str, Any]:
    if pkg is None:
        return {}
    def git(*args: str) -> str:
        try:
            p = subprocess.run(["git", *args], cwd=pkg, capture_output=True, timeout=30)
            return p.stdout.decode("utf-8", "replace").strip() if p.returncode == 0 else ""
        except (OSError, subprocess.TimeoutExpired):
            return ""
    head = git("rev-parse", "--short", "HEAD")
    if not head:
        return {}
    dirty = git("status", "--porcelain", "--", ".")
    return {"head": head, "dirty_files": len(dirty.splitlines())}


def snapshot(pkg: Path, work: Path) -> Path:
    """Copy botlint's package to work/snapshot/<digest>/botlint; returns the dir for PYTHONPATH."""
    dest = work / "snapshot" / source_digest(pkg)
    if not (dest / "botlint").is_dir():
        tmp = dest.with_name(dest.name + ".tmp")
        shutil.rmtree(tmp, ignore_errors=True)
        shutil.copytree(pkg, tmp / "botlint", ignore=shutil.ignore_patterns("__pycache__"))
        os.replace(tmp, dest)
    return dest


# -- output -------------------------------------------------------------------------------------

def _spread(values: List[float]) -> str:
    """``best (min-max)`` of a run's times, or just the value for one run."""
    if not values:
        return "—"
    if len(values) == 1:
        return f"{values[0]:.2f}"
    return f"{min(values):.2f} ({min(values):.2f}–{max(values):.2f})"


def table(trees: List[Tree], results: List[Result]) -> str:
    """One row per tree and tool: wall and CPU seconds as best (spread over the runs), wall time
    as a multiple of bandit's on the same tree, lines per second, peak memory (summed over the
    run's processes, the largest run), findings and exit codes."""
    by_tree = {t.name: t for t in trees}
    bandit = {(r.tree, r.tool.endswith("-1file")): r.best for r in results
              if r.tool in ("bandit", "bandit-1file") and r.best}
    rows = ["| tree | files | lines | tool | seconds | cpu s | × bandit | lines/s | peak MB | findings | exit |",
            "|---|---:|---:|---|---:|---:|---:|---:|---:|---:|---|"]
    for r in results:
        t = by_tree[r.tree]
        single = r.tool.endswith("-1file")
        files = "1" if single else f"{t.py_files:,}"
        lines = f"{t.sample_lines:,}" if single else f"{t.lines:,}"
        secs = _spread(r.times) if r.best is not None else "—"
        cpu = _spread(r.cpu_times) if r.cpu is not None else "—"
        base = bandit.get((r.tree, single))
        ratio = f"{r.best / base:.2f}" if r.best is not None and base else "—"
        n_lines = t.sample_lines if single else t.lines
        speed = f"{n_lines / r.best:,.0f}" if r.best else "—"
        peak = f"{max(r.peak_mb):,.0f}" if r.peak_mb and max(r.peak_mb) > 0 else "—"
        found = f"{r.findings:,}" if r.findings is not None else "—"
        codes = ",".join("timeout" if c is None else str(c) for c in sorted(set(r.exit_codes), key=str))
        status = codes or "—"
        if r.error:
            status = f"{status} ({r.error[:80]})" if codes else r.error[:80]
        rows.append(f"| {t.name} | {files} | {lines} | {r.label} | {secs} | {cpu} | {ratio} | {speed} | {peak} "
                    f"| {found} | {status} |")
    return "\n".join(rows)


def gate_check(results: List[Result]) -> List[str]:
    """Per tree: whether the findings with every gate off (botlint-nogate) equal the cold
    run's (compared by a digest of code, path, span and message of every finding)."""
    out = []
    for tree in dict.fromkeys(r.tree for r in results):
        on = next((r for r in results if r.tree == tree and r.tool == "botlint-cold"), None)
        off = next((r for r in results if r.tree == tree and r.tool == "botlint-nogate"), None)
        if on is None or off is None:
            continue
        a, b = on.details.get("findings_digest"), off.details.get("findings_digest")
        if not a or not b:
            out.append(f"{tree}: gate check not possible ({on.error or off.error or 'no findings digest'})")
        else:
            same = "identical" if a == b else "DIFFERENT"
            out.append(f"{tree}: findings with the gates on and off (BOTLINT_PREFILTER=0): {same} "
                       f"({on.findings} / {off.findings} findings)")
    return out


def log(msg: str) -> None:
    sys.stderr.write(f"[bench] {msg}\n")
    sys.stderr.flush()


# -- profile ------------------------------------------------------------------------------------

def profile(tree: Path, top: int, sort: str, out_dir: Path) -> None:
    """botlint in-process, serial (a pool's workers would be invisible to cProfile), no cache."""
    if extra_pythonpath:
        sys.path.insert(0, extra_pythonpath)
    from botlint import engine
    from botlint.config import load_settings, merge_cli

    try:  # the engine package (0.2): the pool module holds the hop into a big-stack thread
        from botlint.engine import pool as hop
    except ImportError:  # 0.1's one-module engine
        hop = engine

    settings = merge_cli(load_settings(isolated=True))
    prof = cProfile.Profile()
    # cProfile sees only the thread that enabled it, and the engine lints in a thread of its own
    # (a big native stack for libcst): run the whole lint in one such thread, profiled there,
    # with the engine's own hop into a thread made a plain call.
    big_stack = getattr(hop, "_in_big_stack", None)
    if big_stack is not None:
        hop._in_big_stack = lambda fn, *a: fn(*a)

    def work():
        prof.enable()
        try:
            return engine.lint_paths([str(tree)], settings, jobs=1, use_cache=False)
        finally:
            prof.disable()

    t0 = time.perf_counter()
    try:
        result = big_stack(work) if big_stack is not None else work()
    finally:
        if big_stack is not None:
            hop._in_big_stack = big_stack
    wall = time.perf_counter() - t0
    out_dir.mkdir(parents=True, exist_ok=True)
    dump = out_dir / f"profile-{tree.name}.prof"
    prof.dump_stats(str(dump))
    print(f"## botlint profile: {tree} ({result.files} files, {len(result.findings)} findings, "
          f"{wall:.2f}s under cProfile, serial)\n")
    for key in sort.split(","):
        buf = io.StringIO()
        pstats.Stats(prof, stream=buf).strip_dirs().sort_stats(key.strip()).print_stats(top)
        text = buf.getvalue()
        start = text.find("   ncalls")
        print(f"### top {top} by {key.strip()}\n\n```\n{text[start:].rstrip()}\n```\n")
    print(f"raw profile: {dump} (e.g. python -m pstats {dump}, or snakeviz)")


# -- main ---------------------------------------------------------------------------------------

def main(argv: Optional[Sequence[str]] = None) -> int:
    global ctx_timeout, extra_pythonpath
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("trees", nargs="*", metavar="DIR",
                    help="directories of Python code (default: freqtrade and hummingbot, "
                         f"from {DEFAULT_UNPACKED} or downloaded with pip)")
    ap.add_argument("-n", "--runs", type=int, default=3, help="timed runs per tool; the best is reported (default 3)")
    ap.add_argument("--timeout", type=float, default=900, help="seconds per tool run (default 900)")
    ap.add_argument("--tools", default=",".join(s.key for s in SPECS),
                    help="comma-separated subset of: " + ", ".join(s.key for s in SPECS))
    ap.add_argument("--no-single-file", action="store_true", help="skip the *-1file (startup) rows")
    ap.add_argument("--scale", metavar="DIR", default=None,
                    help="linearity: time the tools on growing subtrees of DIR's Python files (--scale-lines)")
    ap.add_argument("--scale-lines", default="10000,50000,200000,800000",
                    help="line counts of the --scale subtrees (default 10k,50k,200k,800k; the last is capped at DIR)")
    ap.add_argument("--work-dir", default=str(WORK), help=f"downloads, trees and results (default {WORK})")
    ap.add_argument("--json", dest="json_out", default=None, help="results file (default WORK_DIR/results.json)")
    ap.add_argument("--snapshot", action="store_true",
                    help="run a frozen copy of botlint's package (in WORK_DIR/snapshot/) so edits made to "
                         "the checkout during a long run do not mix two versions into one table")
    ap.add_argument("--profile", nargs="?", const="", default=None, metavar="DIR",
                    help="instead of benchmarking, cProfile botlint in-process on DIR (default: the first tree)")
    ap.add_argument("--profile-top", type=int, default=25)
    ap.add_argument("--profile-sort", default="cumulative",
                    help="pstats sort key(s), comma-separated, e.g. cumulative,tottime")
    ns = ap.parse_args(argv)
    if ns.runs < 1:
        ap.error("--runs must be at least 1")
    ctx_timeout = ns.timeout
    work = Path(ns.work_dir).resolve()
    work.mkdir(parents=True, exist_ok=True)

    if ns.scale:
        src = Path(ns.scale).resolve()
        if not src.is_dir():
            ap.error(f"not a directory: {src}")
        named = scale_trees(src, [int(x) for x in ns.scale_lines.split(",") if x.strip()], work)
        ns.no_single_file = True
    elif ns.trees:
        named = [(Path(p).resolve().name, Path(p).resolve()) for p in ns.trees]
        for _, p in named:
            if not p.is_dir():
                ap.error(f"not a directory: {p}")
    elif ns.profile:
        named = [(Path(ns.profile).resolve().name, Path(ns.profile).resolve())]  # no download
    else:
        named = default_trees(work, ns.timeout)
        if not named:
            log("no trees to benchmark (nothing under $BOTLINT_BENCH_TREES or bench/.work/trees"
                " and pip download failed)")
            return 2

    pkg = botlint_package_dir()
    if pkg is None:
        log("botlint is not importable by this interpreter: pip install -e '.[bench]'")
    git = git_state(pkg)
    if ns.snapshot and pkg is not None:
        snap = snapshot(pkg, work)
        extra_pythonpath = str(snap)
        pkg = snap / "botlint"
        log(f"botlint snapshot: {snap}")
    digest_before = source_digest(pkg)

    if ns.profile is not None:
        target = Path(ns.profile).resolve() if ns.profile else named[0][1]
        profile(target, ns.profile_top, ns.profile_sort, work)
        return 0

    keys = [k.strip() for k in ns.tools.split(",") if k.strip()]
    unknown = [k for k in keys if k not in {s.key for s in SPECS}]
    if unknown:
        ap.error(f"unknown tool(s): {', '.join(unknown)}")
    specs = [s for s in SPECS if s.key in keys and not (ns.no_single_file and s.key.endswith("-1file"))]

    ctx = Ctx(exe={"botlint": [sys.executable, "-m", "botlint"] if extra_pythonpath else find_exe("botlint", "botlint"),
                   "bandit": find_exe("bandit", "bandit"),
                   "detect-secrets": find_exe("detect-secrets", "detect_secrets"),
                   "ruff": find_exe("ruff", "ruff")})
    # also an untimed warm-up: the first run of each tool compiles its .pyc files
    versions = {name: tool_version(argv) for name, argv in ctx.exe.items()}
    for name, v in versions.items():
        log(f"{name}: {v} ({' '.join(ctx.exe[name])})")

    trees = []
    for name, path in named:
        t = count_tree(name, path)
        log(f"{name}: {t.py_files:,} Python files, {t.lines:,} lines ({path})")
        trees.append(t)

    results: List[Result] = []
    json_path = Path(ns.json_out) if ns.json_out else work / "results.json"

    def save() -> None:
        doc = {
            "when": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
            "machine": {"python": sys.version.split()[0], "platform": platform.platform(),
                        "cpus": os.cpu_count()},
            "runs": ns.runs, "timeout": ns.timeout, "versions": versions,
            "botlint_source": {"package": str(pkg) if pkg else None, "digest": digest_before,
                               "snapshot": bool(extra_pythonpath), **git},
            "trees": [asdict(t) for t in trees],
            "results": [asdict(r) for r in results],
        }
        json_path.parent.mkdir(parents=True, exist_ok=True)
        tmp = json_path.with_suffix(".tmp")
        tmp.write_text(json.dumps(doc, indent=2) + "\n", encoding="utf-8")
        os.replace(tmp, json_path)

    for t in trees:
        for spec in specs:
            if spec.key.endswith("-1file") and not t.sample_file:
                continue
            log(f"{t.name}: {spec.label} x{ns.runs} ...")
            r = bench_one(t, spec, ctx, ns.runs, ns.timeout)
            results.append(r)
            took = f"{r.best:.2f}s" if r.best is not None else "—"
            log(f"{t.name}: {spec.label}: {took}, findings {r.findings}"
                + (f", ERROR {r.error}" if r.error else ""))
            save()  # partial results survive an interrupted run

    save()
    if source_digest(pkg) != digest_before:
        log("WARNING: botlint's source changed during the run; its rows mix two versions "
            "(use --snapshot)")
    print(table(trees, results))
    print()
    for line in gate_check(results):
        print(line)
    print(f"best of {ns.runs} wall-clock run(s) each; {os.cpu_count()} CPUs; "
          + "; ".join(v if v.startswith(k) else f"{k} {v}" for k, v in versions.items()))
    for t in trees:
        if t.sample_file and any(r.tree == t.name and r.tool.endswith("-1file") for r in results):
            print(f"{t.name}: 1-file rows use {t.sample_file} ({t.sample_lines} lines)")
    loads = [x for r in results for x in r.load_before if x is not None]
    ncpu = os.cpu_count() or 1
    if loads and max(loads) > ncpu:
        print(f"WARNING: the machine was busy (1-min load average up to {max(loads):.1f} on {ncpu} CPUs "
              "before some runs): wall times are inflated; the cpu column is the steadier number")
    src = f"botlint source {digest_before}"
    if git:
        src += f" (git {git['head']}, {git['dirty_files']} changed files)"
    print(src + (", frozen snapshot" if extra_pythonpath else ""))
    print(f"raw numbers: {json_path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
