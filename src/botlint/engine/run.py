"""A run: tasks -> cache -> pool -> link -> sort -> fingerprints -> RunResult.

The cache answers the files it has seen with this content, botlint and configuration; the
pool lints the rest.  The link step (``engine.link``) then joins the shared analyses'
exports across modules and lints again, through the same cache and pool, the few files whose
imports it can answer (``--no-link`` / ``link = false`` turn it off).  Fingerprints need
the repository root, which depends on where the run is rather than on a file's content, so
they are set after the cache over the whole run (``model.with_fingerprints``).  The
baseline is applied by the caller on the RunResult (``botlint.baseline``, the CLI).  Never
prints.
"""
from __future__ import annotations

import os
from typing import Any, Callable, Dict, Iterable, List, Optional, Sequence, Set, Tuple

from ..config import RunConfig, resolve
from ..discovery import FileTask, discover
from ..model import FileResult, Finding, RunResult, with_fingerprints
from ..paths import Roots
from . import link, prescan
from .file import unreadable
from .pool import _lint_chunk, _run_pool
from .source import read_task


def lint_tasks(tasks: List[FileTask], settings: Any = None, jobs: Optional[int] = None,
               use_cache: bool = True, cache_dir: Optional[str] = None,
               progress: Optional[Callable[[int], None]] = None) -> RunResult:
    """``settings``: a RunConfig, or Settings resolved here.  ``progress(n)``, when given, is
    called as files finish (n of them each time)."""
    config = resolve(settings)
    cache = None
    if use_cache:  # botlint.cache (and its tempfile, shutil) only when the cache is used
        from ..cache import Cache

        cache = Cache.open(config, cache_dir)
    roots = Roots(config.root)
    modules = [link.module_name(t.display, roots) if config.link and t.kind == "python" else "" for t in tasks]
    results = _Results()
    todo: List[tuple] = []
    cached = 0
    read: Dict[int, bytes] = {}
    for i, task in enumerate(tasks):
        data, err = read_task(task)
        if data is None:
            results[i] = unreadable(task.display, task.kind, err or "unknown error", config)
            continue
        read[i] = data
    keys = {i: cache.key(tasks[i].display, tasks[i].kind, data, modules[i]) for i, data in read.items()} \
        if cache else {}
    replay = _replay_key(tasks, modules, keys, read, config, cache)
    if replay and _replayed(replay, cache, keys, results):
        if progress is not None:
            progress(len(tasks))
        return _assembled(tasks, results, config, len(read), [])
    scans: List[prescan.ImportScan] = []  # the run's import pre-scan, for the pre-commit lookup
    skips = _export_skips(tasks, modules, read, names=True, scans=scans, memo=cache, keys=keys) \
        if config.link else {}
    for i, data in read.items():
        task = tasks[i]
        key = keys.get(i, "")
        hit = cache.get(key, skips.get(i, ())) if cache else None
        if hit is not None:
            results.put(i, hit, key)
            cached += 1
            continue
        todo.append((i, task.display, data, task.kind, key, modules[i], None, (), skips.get(i, ())))
    read.clear()

    if progress is not None and len(todo) < len(tasks):
        progress(len(tasks) - len(todo))  # cache hits and unreadable files
    for item, res in zip(todo, _run_pool(todo, config, jobs, progress)):
        results.fresh(item[0], res, cache, item[4], item[8])
    link_errors: List[str] = []
    if config.link:
        try:
            link_errors = _link(tasks, modules, results, config, cache, jobs, roots, skips,
                                scans[0] if scans else None)
        except Exception as e:  # noqa: BLE001 - a bug in the link step costs its findings, not the run
            from .file import describe_error

            link_errors = [f"internal error in the link step ({describe_error(e)}); "
                           "findings across modules may be missing"]
    if replay and not link_errors:
        _remember(replay, cache, keys, results)
    if cache:
        cache.save()
    return _assembled(tasks, results, config, cached, link_errors)


def _assembled(tasks: List[FileTask], results: Dict[int, FileResult], config: RunConfig, cached: int,
               link_errors: List[str]) -> RunResult:
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
    out = RunResult(findings, notes, len(tasks), cached, errors + link_errors)
    # audit hook: each file's capability summary, by display path (botlint audit)
    out.capabilities = {tasks[i].display: results[i].capabilities for i in range(len(tasks)) if results[i].capabilities}
    return out


class _Results(Dict[int, FileResult]):
    """The run's results by task index, and the cache entry each one is stored under
    (``entries``; none for a result the cache does not hold): what a replay of the run reads."""

    def __init__(self) -> None:
        super().__init__()
        self.entries: Dict[int, str] = {}
        self.lookups: List[list] = []  # _looked_up's files: [path, display, module, key, needs, hit]
        self.probes = _Probes()

    def put(self, i: int, result: FileResult, key: str) -> None:
        self[i] = result
        if key:
            self.entries[i] = key
        else:
            self.entries.pop(i, None)

    def fresh(self, i: int, result: FileResult, cache: Any, key: str, skips: Sequence[str] = ()) -> None:
        """A result the pool just computed: kept, and stored under ``key`` when the cache takes
        it (not a result with internal errors: the next run lints that file again)."""
        stored = cache is not None and bool(key) and not result.errors
        if stored:
            cache.put(key, result, skips)
        self.put(i, result, key if stored else "")


# -- replay: a warm run of an unchanged tree ------------------------------------------------
# The link step's result is a function of every file's content and name, of the files outside
# the run the pre-commit lookup reads (``_looked_up``) and of what the cache held for them.  A
# run whose files all hash as a remembered run's did, and whose lookups find the same files
# with the same content and cache entries, has that run's results: each file's final entry is
# read back and the pre-scan, export rounds and link plan are not computed again.

class _Probes(List[list]):
    """The file-system questions ``_looked_up`` asked and their answers, to ask again."""

    _ASK: Dict[str, Callable[[str], Any]] = {"e": os.path.exists, "f": os.path.isfile, "r": os.path.realpath}

    def ask(self, what: str, path: str) -> Any:
        answer = self._ASK[what](path)
        self.append([what, path, answer])
        return answer

    @classmethod
    def same(cls, stored: Any) -> bool:
        try:
            return all(cls._ASK[w](p) == a for w, p, a in stored)
        except (KeyError, TypeError, ValueError, OSError):
            return False


def _replay_key(tasks: List[FileTask], modules: List[str], keys: Dict[int, str], read: Dict[int, bytes],
                config: RunConfig, cache: Any) -> str:
    """The run entry of this exact set of files (names, kinds, module names, content keys; the
    unreadable ones by name), or "" when there is no replay (no cache, no link step)."""
    if cache is None or not config.link:
        return ""
    import json

    from ..context import prefilter_on

    files = [[t.display, t.kind, modules[i], keys.get(i, "") if i in read else "!"] for i, t in enumerate(tasks)]
    return cache.run_key("replay", json.dumps([prefilter_on(), files]))


def _replayed(replay: str, cache: Any, keys: Dict[int, str], results: "_Results") -> bool:
    """Fill ``results`` from the remembered run, True; False (``results`` untouched but for
    the unreadable files) when anything it depended on differs or an entry is gone."""
    stored = cache.run_entry(replay)
    if stored is None:
        return False
    try:
        finals, outside, probes = stored["k"], stored["o"], stored["p"]
        if not isinstance(finals, dict) or set(finals) != {str(i) for i in keys}:
            return False
        if not _Probes.same(probes) or not all(_still(cache, *o) for o in outside):
            return False
        got = {int(i): cache.get(k, None) for i, k in finals.items()}
    except (KeyError, TypeError, ValueError):
        return False
    if any(r is None for r in got.values()):
        return False
    for i, r in got.items():
        results.put(i, r, finals[str(i)])
    return True


def _still(cache: Any, path: str, display: str, module: str, key: str, needs: List[str], hit: bool) -> bool:
    """A file the lookup read: the same content, and the cache answers it as it did."""
    data, _err = read_task(FileTask(display, path, "python"))
    if data is None:
        return key == ""
    now = cache.key(display, "python", data, module)
    return now == key and (cache.get(now, tuple(needs)) is not None) == hit


def _remember(replay: str, cache: Any, keys: Dict[int, str], results: "_Results") -> None:
    """Store the run for a replay, when every file's result is in the cache."""
    if any(i not in results.entries for i in keys):
        return  # an internal error (not cached): the next run lints that file again
    cache.put_run_entry(replay, {"k": {str(i): results.entries[i] for i in keys},
                                 "o": results.lookups, "p": results.probes})


def _export_skips(tasks: List[FileTask], modules: List[str], data: Dict[int, bytes], names: bool = False,
                  scans: Optional[List[prescan.ImportScan]] = None, memo: Any = None,
                  keys: Optional[Dict[int, str]] = None) -> Dict[int, Tuple[str, ...]]:
    """{run index -> analyses whose ``export()`` the file can skip} (``engine.prescan``): all of
    them (``"*"``) where no file of the run imports the module and it imports none of the run.
    A module that imports one keeps every export: facts flow back to what it imports (the
    clients' ``@tls_uses``/``@ctor_calls``, the data flow's ``@cred_calls``).  Nothing is skipped
    with ``BOTLINT_PREFILTER=0``.  Files outside the run that the pre-commit lookup brings in
    may name a module of the run too: ``_refilled`` lints those again with their exports.
    ``names``: the other modules also export only the names the run's imports take
    (``prescan.names_of``: ``"<analysis>=<name>"`` entries).  ``scans`` gets the pre-scan."""
    from ..context import prefilter_on

    if not prefilter_on():
        return {}
    python = [i for i in data if modules[i]]
    found = _scan(tasks, modules, data, python, memo, keys or {})
    if scans is not None:
        scans.append(found)
    out: Dict[int, Tuple[str, ...]] = {i: ("*",) for i in python
                                       if not found.imported(modules[i]) and not found.imports_run(modules[i])}
    if names:
        for i in python:
            if i not in out:
                only = prescan.name_skips(found, modules[i], _linkers())
                if only:
                    out[i] = only
    return out


def _scan(tasks: List[FileTask], modules: List[str], data: Dict[int, bytes], python: List[int], memo: Any,
          keys: Dict[int, str]) -> prescan.ImportScan:
    """The run's import pre-scan; with a cache (``memo``), kept there under the run's module
    names and the files' content keys: a warm run of an unchanged tree scans no file's bytes
    (the names a file imports depend on the run's module names too, so the key is the run's)."""
    items = [(modules[i], _is_package(tasks[i].display), data[i]) for i in python]
    key = ""
    if memo is not None and all(i in keys for i in python):
        import json

        key = memo.run_key("prescan", json.dumps(sorted((m, p, keys[i]) for (m, p, _d), i in zip(items, python))))
        stored = memo.run_entry(key)
        if stored is not None:
            try:
                by_module = {m: set(names) for m, names in stored["by_module"].items()}
                found = prescan.ImportScan(by_module)
                found.dropped = set(stored["dropped"])
                return found
            except (KeyError, TypeError, AttributeError):  # a malformed entry: scan again
                pass
    found = prescan.scan(items)
    if key:
        memo.put_run_entry(key, {"by_module": {m: sorted(v) for m, v in found.by_module.items()},
                                 "dropped": sorted(found.dropped)})
    return found


def _is_package(display: str) -> bool:
    """As ``FileContext.absolute_module`` tells a package's ``__init__`` from a module."""
    path = display.replace("\\", "/")
    return path.endswith("/__init__.py") or path == "__init__.py"


def _link(tasks: List[FileTask], modules: List[str], results: "_Results", config: RunConfig,
          cache: Any, jobs: Optional[int], roots: Roots, skips: Dict[int, Tuple[str, ...]],
          scan: Optional[prescan.ImportScan] = None) -> List[str]:
    """The link step (``engine.link``): the results of the files whose wants hit another
    module's export are replaced by a lint with those facts (from the cache when it has them,
    else through the pool).  The run's internal errors of the step."""
    files = [link.LinkFile(i, tasks[i].display, modules[i], results[i].exports, results[i].wants)
             for i in sorted(results) if modules[i]]
    if not any(f.wants for f in files):
        return []
    files = _exported(files, tasks, results, config, cache, jobs)
    missing = link.unsatisfied(files)
    if missing and cache is not None:
        outside = _looked_up(missing, tasks, cache, roots, scan, results)
        if outside and skips:
            files = _refilled(files, outside, tasks, results, skips, config, cache, jobs)
        files += outside
    errors: List[str] = []
    wanted = link.plan(files, _linkers(), errors, cache)
    todo: List[tuple] = []
    for i in sorted(wanted):
        task = tasks[i]
        data, _err = read_task(task)
        if data is None:
            continue  # gone since the first read: its first result stands
        key = ""
        if cache is not None:
            key = cache.linked_key(cache.key(task.display, task.kind, data, modules[i]), link.facts_text(wanted[i]))
            hit = cache.get(key)
            if hit is not None:
                results.put(i, hit, key)
                continue
        todo.append((i, task.display, data, task.kind, key, modules[i], wanted[i]))
    for item, res in zip(todo, _run_pool(todo, config, jobs)):
        results.fresh(item[0], res, cache, item[4])
    return errors


def _refilled(files: List[link.LinkFile], outside: List[link.LinkFile], tasks: List[FileTask],
              results: "_Results", skips: Dict[int, Tuple[str, ...]], config: RunConfig,
              cache: Any, jobs: Optional[int]) -> List[link.LinkFile]:
    """The modules of the run whose exports were skipped (no file of the run imports them) that
    a file outside the run, brought in by the pre-commit lookup, may name in its facts (every
    edge of a closure is a name in some module's facts): linted again with every export, from
    the cache when it has them, so the closure sees what a run without the pre-scan sees."""
    names: Set[str] = set()
    for f in outside:
        _strings(f.exports, names)
    named = prescan.ImportScan({"": names})
    by_index = {f.index: n for n, f in enumerate(files)}
    todo: List[tuple] = []
    for i in sorted(skips):
        if i not in by_index or not named.imported(files[by_index[i]].module):
            continue
        task = tasks[i]
        data, _err = read_task(task)
        if data is None:
            continue
        key = cache.key(task.display, task.kind, data, files[by_index[i]].module)
        hit = cache.get(key)
        if hit is not None:
            results.put(i, hit, key)
        else:
            todo.append((i, task.display, data, task.kind, key, files[by_index[i]].module))
    for item, res in zip(todo, _run_pool(todo, config, jobs)):
        results.fresh(item[0], res, cache, item[4])
    out = list(files)
    for i in skips:
        if i in by_index and i in results:
            f = out[by_index[i]]
            out[by_index[i]] = link.LinkFile(i, f.display, f.module, results[i].exports, results[i].wants)
    return out


def _strings(value: Any, out: Set[str], depth: int = 0) -> None:
    """Every string (keys too) in a module's facts, which are JSON data."""
    if depth > 50:
        return
    if isinstance(value, str):
        out.add(value)
    elif isinstance(value, dict):
        for k, v in value.items():
            out.add(str(k))
            _strings(v, out, depth + 1)
    elif isinstance(value, (list, tuple)):
        for v in value:
            _strings(v, out, depth + 1)


_EXPORT_ROUNDS = 8  # helpers calling helpers in other modules, this many links deep


def _exported(files: List[link.LinkFile], tasks: List[FileTask], results: "_Results",
              config: RunConfig, cache: Any, jobs: Optional[int]) -> List[link.LinkFile]:
    """Walk, for their exports alone, the modules others want that the per-file phase did
    not walk (through the cache and the pool, like any lint); their results replace the
    first ones (same findings: the same rules ran).  Round by round, since a module walked
    now has wants of its own."""
    analyses = sorted(set(_linkers()) | {n for n, f in _analyses().items() if hasattr(f, "EXPORT_PRECHECK")})
    asked: Set[Tuple[int, str]] = set()
    by_index = {f.index: n for n, f in enumerate(files)}
    for _round in range(_EXPORT_ROUNDS):
        requests = link.export_requests(files, analyses, asked)
        if not requests:
            break
        todo: List[tuple] = []
        for i, names in sorted(requests.items()):
            task = tasks[i]
            data, _err = read_task(task)
            if data is None:
                continue
            names = _can_export(names, data)
            if not names:
                continue  # nothing there for the asked analyses to export: no walk at all
            key = plain = ""
            if cache is not None:
                plain = cache.key(task.display, task.kind, data, _module(files, by_index, i))
                key = cache.linked_key(plain, "exports:" + ",".join(names))
                hit = cache.get(key)
                if hit is not None:
                    results.put(i, hit, key)
                    continue
            todo.append((i, task.display, data, task.kind, key, _module(files, by_index, i), None, names, plain))
        for item, res in zip(todo, _run_pool([t[:8] for t in todo], config, jobs)):
            results.fresh(item[0], res, cache, item[4])
            if item[0] in results.entries:
                # the plain entry too: the same findings as the first pass (the same rules ran)
                # plus the exports, which is what a later run over a few files looks up
                cache.put(item[8], res)
        for i in requests:
            if i not in results:
                continue
            f = files[by_index[i]]
            files[by_index[i]] = link.LinkFile(i, f.display, f.module, results[i].exports, results[i].wants)
    return files


def _can_export(names: Tuple[str, ...], data: bytes) -> Tuple[str, ...]:
    """The analyses whose ``EXPORT_PRECHECK`` (a substring test) can match this file."""
    from ..context import prefilter_on

    if not prefilter_on():
        return names
    analyses = _analyses()
    text = data.decode("utf-8", "replace")
    out = []
    for name in names:
        precheck = getattr(analyses.get(name), "EXPORT_PRECHECK", None)
        if precheck is None or precheck.search(text):
            out.append(name)
    return tuple(out)


def _module(files: List[link.LinkFile], by_index: Dict[Optional[int], int], i: int) -> str:
    return files[by_index[i]].module


def _analyses() -> Dict[str, Any]:
    from ..analysis import ANALYSES

    return dict(ANALYSES)


def _linkers() -> Dict[str, Callable[..., Dict[str, dict]]]:
    from ..analysis import LINKERS

    return dict(LINKERS)


def _looked_up(missing: List[Tuple[link.LinkFile, str]], tasks: List[FileTask], cache: Any,
               roots: Roots, scan: Optional[prescan.ImportScan] = None,
               trail: Optional[_Results] = None) -> List[link.LinkFile]:
    """The pre-commit lookup: for wants no file of the run answers, the repository's other
    Python files whose path matches the dotted name (under the repository root or its
    ``src/``), read and hashed (never parsed), with their exports from the cache.  A file the
    cache does not know is skipped: computing its exports would cost the parse the cache
    exists to save (the recall cost README describes).  An entry that kept only some names
    (``prescan.names_of``) answers when it has every name the run's files and the looked-up
    ones import from it (``scan``: the run's pre-scan; without it, only a whole export does)."""
    probes = trail.probes if trail is not None else _Probes()  # what a replay asks again
    in_run: Set[str] = {os.path.realpath(t.fs_path) for t in tasks if t.fs_path != "-"}
    seen: Set[str] = set()
    asked: Set[Tuple[str, str]] = set()
    heads: Dict[Tuple[str, str], bool] = {}
    found: List[Tuple[str, str, bytes, str]] = []
    for wanting, full_want in missing:
        want = link.parse_want(full_want)[1]
        root = roots.root_of(wanting.display)
        if (root, want) in asked:
            continue
        asked.add((root, want))
        head = (root, want.split(".", 1)[0])
        if head not in heads:  # most wants name other packages (ccxt, logging): one look each
            heads[head] = any(probes.ask("e", os.path.join(base, name))
                              for base in (root, os.path.join(root, "src")) for name in (head[1], f"{head[1]}.py"))
        if not heads[head]:
            continue
        real_root = probes.ask("r", root)
        for path in link.candidates(want, root):
            real = probes.ask("r", path)
            if not probes.ask("f", real) or not _within(real, real_root):
                continue  # missing, or a symlink out of the tree: never followed
            if real in in_run or real in seen:
                break
            seen.add(real)
            display = _shown(path)
            data, _err = read_task(FileTask(display, path, "python"))
            module = link.module_name(display, roots)
            if data is not None:
                found.append((display, module, data, path))
            elif trail is not None:
                trail.lookups.append([path, display, module, "", [], False])
            break  # the longest module prefix that is a file answers, or nothing does
    needs = prescan.outside_skips(scan, [(m, _is_package(d), data) for d, m, data, _p in found], _linkers()) \
        if scan is not None else {}
    out: List[link.LinkFile] = []
    for display, module, data, path in found:
        key = cache.key(display, "python", data, module)
        hit = cache.get(key, needs.get(module, ()))
        if trail is not None:
            trail.lookups.append([path, display, module, key, list(needs.get(module, ())), hit is not None])
        if hit is not None and hit.exports:
            out.append(link.LinkFile(None, display, module, hit.exports))
    return out


def _within(path: str, root: str) -> bool:
    try:
        return os.path.commonpath([path, root]) == root
    except ValueError:
        return False


def _shown(path: str) -> str:
    """A looked-up file's path as a run from the working directory shows it (the cache key
    holds the display path): relative inside the working directory, else absolute."""
    rel = os.path.relpath(path)
    return path if rel.startswith("..") else rel.replace(os.sep, "/")


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
