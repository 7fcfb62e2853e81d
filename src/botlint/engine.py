"""Per file: read and decode once, parse once, walk once with every enabled rule batched, run
the secrets pass over the same text, merge, suppress, sort.  Across files: a process pool
whose output is identical to a serial run, and a content-hash cache.  Never prints.
"""
from __future__ import annotations

import ast
import bisect
import codecs
import os
import re
import sys
import threading
import warnings
from dataclasses import dataclass, field
from typing import Dict, Iterable, List, Optional, Sequence, Set, Tuple

from . import registry
from .config import Settings
from .discovery import FileTask, discover
from .model import Finding, Location, fingerprint
from .suppress import filter_findings

# a file above this is not read at all (BOT003); between settings.max_file_size and this it
# only gets the secrets pass
HARD_SIZE_LIMIT = 50_000_000
# approximate bracket depth above which libcst's native parser may overflow its stack
MAX_BRACKET_DEPTH = 400
_STACK_SIZE = 256 * 1024 * 1024
_CODING = re.compile(rb"^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)")
_BRACKETS = re.compile(r"[()\[\]{}]")
_PY2 = re.compile(r"^[ \t\f]*(?:print[ \t]+[\"'\w]|exec[ \t]+[\"']|except[ \t]+\w+[ \t]*,[ \t]*\w+[ \t]*:)|\bur[\"']|^[ \t\f]*raise[ \t]+\w+[ \t]*,", re.M)
_TEST_DIRS = {"tests", "test", "testing", "unit_tests", "integration_tests", "test_support",
              "test_utils", "testdata", "test_data", "mocks"}


@dataclass
class FileResult:
    findings: List[Finding] = field(default_factory=list)
    notes: List[str] = field(default_factory=list)
    # internal errors: the run reports them and exits 2, like ruff
    errors: List[str] = field(default_factory=list)


@dataclass
class RunResult:
    findings: List[Finding]
    notes: List[str]
    files: int
    cached: int = 0
    errors: List[str] = field(default_factory=list)


# -- helpers --------------------------------------------------------------------------------

class LineIndex:
    def __init__(self, text: str) -> None:
        self.starts = [0]
        for m in re.finditer("\n", text):
            self.starts.append(m.end())

    def pos(self, offset: int) -> Tuple[int, int]:
        """1-based (line, column)."""
        i = bisect.bisect_right(self.starts, offset) - 1
        return i + 1, offset - self.starts[i] + 1


def is_test_path(path: str) -> bool:
    parts = path.replace("\\", "/").split("/")
    base = parts[-1]
    if base.startswith("test_") or base.endswith(("_test.py", "_tests.py")) or base == "conftest.py":
        return True
    return any(p in _TEST_DIRS for p in parts[:-1])


def decode(data: bytes, is_python: bool) -> Tuple[str, Optional[Tuple[int, str]]]:
    """(text, error) where error is (line, reason) when the bytes are not valid text."""
    encoding = "utf-8"
    if data.startswith(codecs.BOM_UTF8):
        data = data[3:]
    elif is_python:
        for line in data.split(b"\n", 2)[:2]:
            m = _CODING.match(line)
            if m:
                encoding = m.group(1).decode("ascii", "replace")
                break
    try:
        return data.decode(encoding), None
    except LookupError:
        text = data.decode("utf-8", "replace")
        return text, (1, f"unknown source encoding {encoding!r}")
    except UnicodeDecodeError as e:
        line = data.count(b"\n", 0, e.start) + 1
        return data.decode(encoding if encoding != "utf-8" else "utf-8", "replace"), (
            line, f"not valid {encoding} (byte 0x{data[e.start]:02x} at offset {e.start})")


def bracket_depth(text: str) -> int:
    depth = best = 0
    for m in _BRACKETS.finditer(text):
        if m.group(0) in "([{":
            depth += 1
            if depth > best:
                best = depth
        elif depth:
            depth -= 1
    return best


def secret_message(label: str, where: str, length: int, shape: str = "") -> str:
    """The one message shape for a secret: its kind and length, never its value."""
    place = f" in {where}" if where else ""
    extra = f", {shape}" if shape else ""
    return f"hard-coded {label}{place} (<redacted: {length} chars>{extra})"


# -- one file -------------------------------------------------------------------------------

class _FileLinter:
    def __init__(self, display: str, kind: str, settings: Settings) -> None:
        self.display = display
        self.kind = kind
        self.settings = settings
        self.enabled = settings.enabled
        self.raw: list = []  # RawFinding
        self.notes: List[str] = []
        self.errors: List[str] = []
        self.text = ""
        self.module = None

    # engine-made findings at a fixed span
    def add(self, code: str, message: str, line: int = 1, col: int = 1, end_line: Optional[int] = None,
            end_col: Optional[int] = None, **kw) -> None:
        from .rule import RawFinding

        self.raw.append(RawFinding(code=code, node=None, message=message,
                                   span=(line, col, end_line or line, end_col or col), **kw))

    def run(self, data: bytes) -> FileResult:
        size = len(data)
        if b"\x00" in data[:8192] and not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            self.notes.append(f"{self.display}: binary file, skipped")
            return FileResult([], self.notes)
        if size > HARD_SIZE_LIMIT:
            self.add("BOT003", f"file is {size:,} bytes, over botlint's hard limit of {HARD_SIZE_LIMIT:,}: not scanned")
            return self.finish()
        text, err = decode(data, self.kind == "python")
        self.text = text
        if err:
            self.add("BOT002", f"file could not be decoded: {err[1]}; scanned for secrets with "
                               "undecodable bytes replaced", line=err[0])
        too_big = size > self.settings.max_file_size
        if too_big and self.kind == "python":
            self.add("BOT003", f"file is {size:,} bytes, over max-file-size ({self.settings.max_file_size:,}):"
                               " only the secrets pass ran")
        if self.kind == "python" and not too_big:
            self.walk(text)
        # a Python file whose tree could not be walked gets the name-aware line scan instead
        unwalked = self.kind == "python" and any(r.code in ("BOT001", "BOT003", "BOT004") for r in self.raw)
        self.secrets_pass(text, name_scan=unwalked)
        return self.finish()

    # -- python ------------------------------------------------------------------------
    def walk(self, text: str) -> None:
        rules = [r for r in registry.walking_rules() if set(r.codes()) & self.enabled]
        if rules:
            rules = [r for r in rules if r.precheck(text)]
        # a cheap, crash-proof syntax and nesting check first: CPython's parser refuses what
        # would overflow libcst's native parser, and is ~10x faster when no rule needs libcst
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                ast.parse(text)
            ast_error = None
        except (RecursionError, MemoryError):
            self.add("BOT004", "nesting too deep to parse safely; rules skipped, secrets pass ran")
            return
        except SyntaxError as e:
            if "too many nested" in str(e.msg) or "too complex" in str(e.msg):
                self.add("BOT004", f"nesting too deep to parse safely ({e.msg}); rules skipped",
                         line=e.lineno or 1)
                return
            ast_error = e
        except ValueError as e:  # null bytes
            ast_error = SyntaxError(str(e))
        if ast_error is None and not rules:
            return
        if bracket_depth(text) > MAX_BRACKET_DEPTH:
            self.add("BOT004", "nesting too deep to parse safely; rules skipped, secrets pass ran")
            return
        import libcst as cst

        try:
            module = cst.parse_module(text)
        except cst.ParserSyntaxError as e:
            err = ast_error or e
            line = getattr(err, "lineno", None) or getattr(e, "raw_line", 1) or 1
            col = (getattr(err, "offset", None) or getattr(e, "raw_column", 0) + 1 or 1)
            msg = getattr(err, "msg", None) or str(e).splitlines()[0]
            hint = " (this looks like Python 2 code)" if _PY2.search(text) else ""
            self.add("BOT001", f"syntax error{hint}: {msg}; rules skipped, secrets pass ran",
                     line=line, col=max(1, int(col)))
            return
        except RecursionError:
            self.add("BOT004", "nesting too deep to parse; rules skipped, secrets pass ran")
            return
        if not rules:
            return
        self.module = module
        try:
            self.run_rules(module, rules, text)
        except Exception as e:  # a bug in a rule must not cost the file its secrets pass
            self.raw = [r for r in self.raw if r.node is None]
            self.module = None
            self.errors.append(f"{self.display}: internal error in the rules "
                               f"({type(e).__name__}: {e}); rules skipped, secrets pass ran")

    def run_rules(self, module, rules, text: str) -> None:
        from .analysis.imports import ImportMap
        from .rule import FileContext, tracker

        ctx = FileContext(path=self.display, source=text, settings=self.settings,
                          is_test=is_test_path(self.display), imports=ImportMap())
        from .analysis import ANALYSES

        needed = sorted({a for r in rules for a in r.ANALYSES})
        visitors = [tracker(ctx)] + [ANALYSES[a](ctx) for a in needed] + [r(ctx) for r in rules]
        from .walker import walk

        try:
            walk(module, visitors)
        except RecursionError:
            self.raw.clear()
            self.add("BOT004", "nesting too deep to walk; rules skipped, secrets pass ran")
            return
        self.raw.extend(ctx.raw)

    # -- secrets -----------------------------------------------------------------------
    def secrets_pass(self, text: str, name_scan: bool = False) -> None:
        if not any(c.startswith("BOT1") for c in self.enabled):
            return
        from .secrets import scan_text
        from .secrets import shapes

        index = LineIndex(text)
        for h in scan_text(text, self.display, self.kind, self.settings, self.enabled, name_scan):
            line, col = index.pos(h.start)
            end_line, end_col = index.pos(h.end)
            msg = h.message or secret_message(h.label, f"`{h.key}`" if h.key else "", h.length, h.shape)
            self.add(h.code, msg, line, col, end_line, end_col, confidence=h.confidence,
                     secret_hash=h.secret_hash, specificity=shapes.SPECIFICITY.get(h.code, 0))

    # -- results -----------------------------------------------------------------------
    def positions(self) -> None:
        need = [r for r in self.raw if r.span is None and r.node is not None]
        if not need or self.module is None:
            return
        from .positions import forget, positions_for

        try:
            pos = positions_for(self.module)
        except RecursionError:  # pragma: no cover - the walk would have failed first
            pos = {}
        finally:
            forget()
        stmt_spans = None
        for r in need:
            rng = pos.get(r.node)
            if rng is None:
                r.span = (1, 1, 1, 1)
                continue
            r.span = (rng.start.line, rng.start.column + 1, rng.end.line, rng.end.column + 1)
            srng = pos.get(r.stmt) if r.stmt is not None else None
            if srng is not None:
                r.stmt_lines = (srng.start.line, srng.end.line)
            else:
                # reported after the walk (at leave_Module): find the enclosing statement here
                if stmt_spans is None:
                    import libcst as cst

                    stmt_spans = sorted((p.start.line, p.end.line) for n, p in pos.items()
                                        if isinstance(n, cst.SimpleStatementLine))
                inner = [sp for sp in stmt_spans if sp[0] <= r.span[0] and r.span[2] <= sp[1]]
                if inner:
                    r.stmt_lines = min(inner, key=lambda sp: sp[1] - sp[0])

    def finish(self) -> FileResult:
        self.positions()
        raws = _merge(self.raw)
        lines = self.text.splitlines()
        is_test = is_test_path(self.display)
        ignored = _per_file_ignored(self.display, self.settings)
        out: List[Finding] = []
        for r in raws:
            if r.code not in self.enabled or r.code in ignored:
                continue
            meta = registry.get(r.code)
            sev = r.severity or meta.SEVERITY
            if is_test and r.code.startswith("BOT1"):
                sev = sev.lowered()
            line, col, end_line, end_col = r.span
            line_text = lines[line - 1] if 0 < line <= len(lines) else ""
            fp = fingerprint(r.code, self.display, line_text, r.secret_hash)
            out.append(Finding(
                code=r.code, name=meta.NAME, message=r.message, path=self.display,
                location=Location(line, col, end_line, end_col), severity=sev,
                confidence=r.confidence or meta.CONFIDENCE, secret_hash=r.secret_hash,
                fingerprint=fp, suppress_lines=tuple(r.stmt_lines),
            ))
        out = filter_findings(out, lines, self.settings.secrets.allowlist_markers,
                              disabled=self.settings.ignore_noqa)
        out = _with_snippets(out, lines, raws)
        out.sort(key=Finding.sort_key)
        return FileResult(out, self.notes, self.errors)


_TOKEN = re.compile(r"[A-Za-z0-9+/_\-.~]{10,}={0,2}")


def redact_line(line: str, spans: Sequence[Tuple[int, int]]) -> str:
    """The line with every reported secret span and every random-looking token masked, so
    a code frame can never print a secret (reported or not)."""
    from .analysis.values import looks_random

    chars = list(line[:500])
    for start, end in spans:
        for i in range(max(0, start - 1), min(len(chars), end - 1)):
            if not chars[i].isspace():
                chars[i] = "*"
    text = "".join(chars)

    def mask(m: "re.Match[str]") -> str:
        tok = m.group(0)
        if re.fullmatch(r"[A-Z][A-Z0-9_]*|[a-z][a-z0-9_.]*", tok.rstrip("=")) and not looks_random(tok.rstrip("=")):
            return tok  # identifiers, env var names, dotted names
        return "*" * len(tok) if looks_random(tok, 3.0, 2.5, 10) else tok

    return _TOKEN.sub(mask, text)


def _with_snippets(findings: List[Finding], lines: Sequence[str], raws: list) -> List[Finding]:
    from dataclasses import replace

    spans: Dict[int, List[Tuple[int, int]]] = {}
    for r in raws:
        if r.code.startswith("BOT1") and r.span:
            for ln in range(r.span[0], r.span[2] + 1):
                start = r.span[1] if ln == r.span[0] else 1
                end = r.span[3] if ln == r.span[2] else 10**6
                spans.setdefault(ln, []).append((start, end))
    out = []
    for f in findings:
        ln = f.location.line
        text = lines[ln - 1] if 0 < ln <= len(lines) else ""
        out.append(replace(f, snippet=redact_line(text, spans.get(ln, ()))))
    return out


def _merge(raws: list) -> list:
    """One finding per secret per place: where BOT1 findings overlap (same span, or the same
    secret on the same line), the most specific code wins.

    Linear-logarithmic: the kept spans never overlap one another, so a new span overlaps one of
    them only if the kept span starting last before it reaches into it, or the first one
    starting at or after it starts inside it (a sorted list of starts, bisected)."""
    secrets = [r for r in raws if r.code.startswith("BOT1") and r.span]
    others = [r for r in raws if not (r.code.startswith("BOT1") and r.span)]
    secrets.sort(key=lambda r: (-r.specificity, -(r.confidence or 0), r.span))
    kept: list = []
    starts: list = []  # sorted (start, end) of kept spans
    seen_secrets: set = set()  # (secret hash, line) of kept spans
    for r in secrets:
        a0, a1 = (r.span[0], r.span[1]), (r.span[2], r.span[3])
        if r.secret_hash and (r.secret_hash, r.span[0]) in seen_secrets:
            continue
        i = bisect.bisect_left(starts, (a0,))
        if i > 0 and starts[i - 1][1] > a0:
            continue  # a kept span starting before this one reaches into it
        if i < len(starts) and (starts[i][0] < a1 or starts[i][0] == a0):
            continue  # a kept span starts inside this one (or where it starts)
        starts.insert(i, (a0, a1))
        if r.secret_hash:
            seen_secrets.add((r.secret_hash, r.span[0]))
        kept.append(r)
    # several findings of one non-secret code on one node: keep one
    seen = set()
    uniq = []
    for r in others:
        key = (r.code, r.span, r.message)
        if key in seen:
            continue
        seen.add(key)
        uniq.append(r)
    return kept + uniq


def _per_file_ignored(path: str, settings: Settings) -> Set[str]:
    if not settings.per_file_ignores:
        return set()
    import fnmatch

    from .discovery import _matches

    out: Set[str] = set()
    rel = path
    try:
        absp = os.path.abspath(path)
        root = os.path.realpath(settings.root)
        if os.path.commonpath([absp, root]) == root:
            rel = os.path.relpath(absp, root).replace(os.sep, "/")
    except ValueError:
        pass
    for pattern, codes in settings.per_file_ignores.items():
        if fnmatch.fnmatchcase(rel, pattern) or _matches(rel, [pattern]):
            for c in codes:
                out |= registry.expand(c)
    return out


def lint_bytes(display: str, data: bytes, kind: str, settings: Settings) -> FileResult:
    linter = _FileLinter(display, kind, settings)
    try:
        return linter.run(data)
    except Exception as e:  # an internal error on one file must not end the run
        return FileResult([], [], [f"{display}: internal error ({type(e).__name__}: {e}); file skipped"])


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


def _lint_chunk(chunk: Sequence[Tuple[str, bytes, str]], settings: Settings) -> List[FileResult]:
    def work():
        return [lint_bytes(d, data, kind, settings) for d, data, kind in chunk]

    return _in_big_stack(work)


# -- many files -----------------------------------------------------------------------------

def read_task(task: FileTask) -> Tuple[Optional[bytes], Optional[str]]:
    if task.fs_path == "-":
        return sys.stdin.buffer.read(), None
    try:
        if os.path.getsize(task.fs_path) > HARD_SIZE_LIMIT:
            return None, TOO_LARGE
        with open(task.fs_path, "rb") as fh:
            return fh.read(HARD_SIZE_LIMIT + 1), None
    except OSError as e:
        return None, e.strerror or type(e).__name__


TOO_LARGE = "too large"


def _unreadable(task: FileTask, reason: str, settings: Settings) -> FileResult:
    linter = _FileLinter(task.display, task.kind, settings)
    if reason == TOO_LARGE:
        linter.add("BOT003", f"file is over botlint's hard limit of {HARD_SIZE_LIMIT:,} bytes: not scanned")
    else:
        linter.add("BOT005", f"file could not be read: {reason}")
    return linter.finish()


def lint_tasks(tasks: List[FileTask], settings: Settings, jobs: Optional[int] = None,
               use_cache: bool = True, cache_dir: Optional[str] = None) -> RunResult:
    from .cache import Cache

    cache = Cache.open(settings, cache_dir) if use_cache else None
    results: Dict[int, FileResult] = {}
    todo: List[Tuple[int, str, bytes, str, str]] = []
    cached = 0
    for i, task in enumerate(tasks):
        data, err = read_task(task)
        if data is None:
            results[i] = _unreadable(task, err or "unknown error", settings)
            continue
        key = cache.key(task.display, task.kind, data) if cache else ""
        hit = cache.get(key) if cache else None
        if hit is not None:
            results[i] = hit
            cached += 1
            continue
        todo.append((i, task.display, data, task.kind, key))

    for (i, _d, _data, _k, key), res in zip(todo, _run_pool(todo, settings, jobs)):
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
    return RunResult(findings, notes, len(tasks), cached, errors)


def _run_pool(todo, settings: Settings, jobs: Optional[int]) -> List[FileResult]:
    items = [(d, data, kind) for _i, d, data, kind, _key in todo]
    jobs = jobs or os.cpu_count() or 1
    total = sum(len(x[1]) for x in items)
    if jobs <= 1 or len(items) < 4 or total < 100_000:
        return _lint_chunk(items, settings)
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
                for j, res in zip(futs[fut], fut.result()):
                    out[j] = res
    except (cf.process.BrokenProcessPool, OSError):
        pass  # a worker died (a native crash on some file): isolate the rest below
    for j, res in enumerate(out):
        if res is None:
            out[j] = _isolated(items[j], settings)
    return out  # type: ignore[return-value]


def _warm_up() -> None:
    import libcst  # noqa: F401

    from .secrets import ds_adapter, shapes

    registry.walking_rules()
    ds_adapter._plugins()
    shapes.bip39_words()


def _isolated(item, settings: Settings) -> FileResult:
    """Lint one file in a process of its own; if that process dies, report it and still run
    the secrets pass here (regexes only, which cannot crash the interpreter)."""
    import concurrent.futures as cf
    import multiprocessing as mp

    ctx = mp.get_context("fork") if sys.platform.startswith("linux") else None
    try:
        with cf.ProcessPoolExecutor(max_workers=1, mp_context=ctx) as pool:
            return pool.submit(_lint_chunk, [item], settings).result()[0]
    except (cf.process.BrokenProcessPool, OSError):
        display, data, kind = item
        linter = _FileLinter(display, "config" if kind != "python" else kind, settings)
        linter.add("BOT004", "the parser crashed on this file (pathological nesting?); rules "
                             "skipped, secrets pass ran")
        text, _ = decode(data, kind == "python")
        linter.text = text
        linter.secrets_pass(text, name_scan=True)
        return linter.finish()


def lint_paths(paths: Iterable[str], settings: Settings, jobs: Optional[int] = None,
               use_cache: bool = True, cache_dir: Optional[str] = None,
               force_exclude: bool = False) -> RunResult:
    tasks, notes = discover(list(paths), settings, force_exclude=force_exclude)
    res = lint_tasks(tasks, settings, jobs=jobs, use_cache=use_cache, cache_dir=cache_dir)
    res.notes[:0] = notes
    return res


def lint_source(source, filename: str = "example.py", settings: Optional[Settings] = None) -> List[Finding]:
    """Lint a string (or bytes) as if it were the file ``filename``; serial, no cache."""
    from .config import Settings as _S
    from .discovery import file_kind

    if settings is None:
        settings = _S()
        settings.resolve_rules()
    data = source.encode("utf-8") if isinstance(source, str) else source
    kind = file_kind(filename) or "text"
    return _lint_chunk([(filename, data, kind)], settings)[0].findings
