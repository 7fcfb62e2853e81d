"""The link step: facts joined across the project's modules, after the per-file phase.

Per file (in the worker, cached with the result): a shared analysis that defines ``export()``
says what the module defines at top level (``{"send_alert": {...}}``), and ``wants()`` which
fully-qualified names the module uses where facts would change a finding
(``"bot.notify.send_alert"``).  Here, in the parent:

1. every module is indexed by its dotted name and every dotted suffix of it (``src/bot/
   notify.py`` is ``bot.notify`` and ``notify``); an ambiguous suffix names nothing, except
   that a module's own full name always names it;
2. each analysis registered in ``analysis.LINKERS`` closes its exports over the project (a
   helper that calls another module's helper reaches that module's sink), once;
3. a module that another module's wants name but that the per-file phase did not walk (no
   rule needed it) is walked now for its exports alone (``export_requests``; its findings
   cannot change: the rules it runs are the same), round by round along chains of helpers;
4. each file whose wants hit another file's export is linted again with ``ctx.linked``
   holding only the facts it wants, each extended with the defining file's ``path`` and
   ``module``; the result replaces the per-file one (``run``).  The reverse direction: a
   closure may add to a module's export a fact named ``@<name>`` gathered from the modules
   using it (the clients' ``@tls_used``: where others use its TLS-off session), and a module
   wanting its own ``<module>.@<name>`` gets it (its own other names are never linked back).
5. A run over a few files (pre-commit) looks up the wants no file of the run satisfies among
   the repository's other Python files (read and hashed, never parsed), taking their exports
   from the cache when a run has put them there; a missing entry is not computed.

All of it is plain data: no node, no source text and no secret crosses a process.
"""
from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from typing import Any, Callable, Dict, Iterable, List, Mapping, Optional, Sequence, Set, Tuple

from ..paths import Roots

# analysis name -> {wanted fully-qualified name -> facts}
Linked = Dict[str, Dict[str, dict]]
_LAST: List[Optional[Tuple[Tuple[str, ...], "ModuleIndex"]]] = [None]  # index_of's one entry


def module_name(display: str, roots: Roots) -> str:
    """The dotted module name of a Python file, from its path relative to the repository
    root (``paths.Roots``); a leading ``src/`` is stripped and ``pkg/__init__.py`` is ``pkg``.
    "" for anything that is not a ``.py``/``.pyi`` file."""
    if display == "-" or not display.endswith((".py", ".pyi")):
        return ""
    rel = roots.relative_file(display)
    path = rel if rel is not None else display.replace("\\", "/")
    parts = [p for p in path.split("/") if p not in ("", ".", "..")]
    if not parts:
        return ""
    stem = parts[-1].rsplit(".", 1)[0]
    parts = parts[:-1] + ([] if stem == "__init__" else [stem])
    if parts[:1] == ["src"]:
        parts = parts[1:]
    return ".".join(parts)


def index_of(names: Iterable[str]) -> "ModuleIndex":
    """A ModuleIndex of ``names``, the last one built again when the names are the same (the
    link step indexes the run's modules once per export round, and for the plan)."""
    key = tuple(sorted(n for n in names if n))
    last = _LAST[0]
    if last is None or last[0] != key:
        last = _LAST[0] = (key, ModuleIndex(key))
    return last[1]


class ModuleIndex:
    """Module names found by their full dotted name or any unambiguous dotted suffix."""

    def __init__(self, names: Iterable[str]) -> None:
        self.full: Set[str] = {n for n in names if n}
        owners: Dict[str, Set[str]] = {}
        for name in self.full:
            parts = name.split(".")
            for i in range(len(parts)):
                owners.setdefault(".".join(parts[i:]), set()).add(name)
        self.by_suffix = {s: next(iter(o)) for s, o in owners.items() if len(o) == 1}
        # split() by (name, the importer's package): the link step asks the same wants round
        # after round (export_requests) and again in plan()
        self._splits: Dict[Tuple[str, str], Optional[Tuple[str, str]]] = {}

    def find(self, dotted: str, near: str = "") -> Optional[str]:
        """The module ``dotted`` names, imported from module ``near``: first a module beside
        ``near`` or in one of its parent packages (a bot run as a script has its directory
        first on ``sys.path``: ``import settings`` in ``grid/bot.py`` is ``grid/settings.py``
        even when another bot of the tree has a ``settings.py`` too), then the full name, then
        an unambiguous suffix."""
        if near:
            package = near.split(".")[:-1]
            for i in range(len(package), 0, -1):
                beside = ".".join(package[:i] + [dotted])
                if beside in self.full:
                    return beside
        if dotted in self.full:
            return dotted
        return self.by_suffix.get(dotted)

    def split(self, qualified: str, near: str = "") -> Optional[Tuple[str, str]]:
        """``"bot.notify.Notifier.send"`` -> (the module it names, ``"Notifier.send"``): the
        longest module prefix the index knows (as seen from module ``near``), and the rest
        (never empty)."""
        key = (qualified, near.rpartition(".")[0])  # find() reads only near's package
        if key not in self._splits:
            self._splits[key] = self._split(qualified, near)
        return self._splits[key]

    def _split(self, qualified: str, near: str) -> Optional[Tuple[str, str]]:
        parts = qualified.split(".")
        for i in range(len(parts) - 1, 0, -1):
            module = self.find(".".join(parts[:i]), near)
            if module is not None:
                return module, ".".join(parts[i:])
        return None


class ProjectExports(Dict[str, dict]):
    """``{module name -> one analysis's export}`` as a linker's ``close`` gets it: lookups
    (``[]``, ``get``, ``in``) also accept any unambiguous dotted suffix of a module name, and
    ``split("bot.log.log_it")`` gives ``("<module>", "log_it")`` for a symbolic edge."""

    def __init__(self, data: Mapping[str, dict], index: ModuleIndex) -> None:
        super().__init__(data)
        self.index = index
        self.in_run: Optional[Set[str]] = None  # s9-bot2: the modules linted in this run (plan sets it)

    def __missing__(self, key: str) -> dict:
        found = self.index.find(key) if isinstance(key, str) else None
        if found is None or found == key or not dict.__contains__(self, found):
            raise KeyError(key)
        return dict.__getitem__(self, found)

    def get(self, key: str, default: Any = None) -> Any:  # type: ignore[override]
        try:
            return self[key]
        except KeyError:
            return default

    def __contains__(self, key: object) -> bool:
        return dict.__contains__(self, key) or (
            isinstance(key, str) and dict.__contains__(self, self.index.find(key) or ""))

    def split(self, qualified: str, near: str = "") -> Optional[Tuple[str, str]]:
        """As ``ModuleIndex.split``: pass the module an edge comes from as ``near`` so that a
        script-style import (``import settings``) finds that bot's own module."""
        return self.index.split(qualified, near)


def parse_want(want: str) -> Tuple[str, str]:
    """``"dataflow:bot.notify.send"`` -> (the analysis that wants it, the qualified name)."""
    analysis, sep, name = want.partition(":")
    return (analysis, name) if sep else ("", want)


@dataclass
class LinkFile:
    """One module as the link step sees it: its run index (None for a file outside the run,
    found by the pre-commit lookup), display path, dotted name, exports and wants."""

    index: Optional[int]
    display: str
    module: str
    exports: Dict[str, dict] = field(default_factory=dict)
    wants: Tuple[str, ...] = ()


def plan(files: Sequence[LinkFile], linkers: Mapping[str, Callable[[Dict[str, dict]], Dict[str, dict]]],
         errors: List[str], memo: Any = None) -> Dict[int, Linked]:
    """{run index -> the linked facts that file wants} for every file of the run whose wants
    hit another module's export (after each linker's closure).  A linker that fails costs its
    analysis the link step and adds an internal error; the run goes on.  ``memo``: the run's
    cache, which keeps each closure by the exact exports and module set it was computed from
    (a warm run of an unchanged project computes none, and imports no analysis for it)."""
    modules: Dict[str, LinkFile] = {}
    clashes: Set[str] = set()
    for f in files:
        if f.module:
            if f.module in modules:
                clashes.add(f.module)  # two files, one name (another root): neither is linked
            modules[f.module] = f
    for name in clashes:
        del modules[name]
    index = index_of(modules)
    closed: Dict[str, Dict[str, dict]] = {}
    # an analysis that ran and found nothing to export (``{}``) is left out, as if it had not run
    for analysis in sorted({a for f in modules.values() for a, e in f.exports.items() if e}):
        exports = {m: f.exports[analysis] for m, f in modules.items() if f.exports.get(analysis)}
        close = linkers.get(analysis)
        if close is not None:
            try:
                # s9-bot2: a closure may hand facts back only to modules this run lints (the data flow's reverse link)
                in_run = {m for m, f in modules.items() if f.index is not None}
                key = memo.run_key("closure", _closure_text(analysis, exports, modules, in_run)) \
                    if memo is not None else ""
                hit = memo.run_entry(key) if memo is not None else None
                if hit is not None and all(isinstance(e, dict) for e in hit.values()):
                    exports = hit
                else:
                    project = ProjectExports(exports, index)
                    project.in_run = in_run
                    result = close(project)
                    exports = {m: e for m, e in dict(result).items() if m in modules and isinstance(e, dict)}
                    if memo is not None:
                        memo.put_run_entry(key, exports)
            except Exception as e:  # noqa: BLE001 - a linker's bug must not end the run
                from .file import describe_error

                errors.append(f"internal error in the link step of {analysis!r} ({describe_error(e)}); "
                              "its facts were not linked across modules")
                continue
        closed[analysis] = exports
    out: Dict[int, Linked] = {}
    for f in files:
        if f.index is None or not f.wants:
            continue
        linked: Linked = {}
        for want in f.wants:
            analysis, qualified = parse_want(want)
            hit = index.split(qualified, f.module)
            if hit is None or hit[0] == f.module and not hit[1].startswith("@"):
                continue  # its own names are its own, except what a closure gathered for it
            module, name = hit
            where = modules[module]
            for exporter, exports in closed.items():
                if analysis and exporter != analysis:
                    continue
                facts = exports.get(module, {}).get(name)
                if isinstance(facts, dict):
                    linked.setdefault(exporter, {})[qualified] = {**facts, "path": where.display, "module": module}
        if linked:
            out[f.index] = linked
    return out


def _closure_text(analysis: str, exports: Mapping[str, dict], modules: Mapping[str, "LinkFile"],
                  in_run: Set[str]) -> str:
    """What a closure is a function of, as stable JSON: the analysis, every module's exports,
    the modules the names resolve against (and their files) and those this run lints."""
    import json

    return json.dumps([analysis, exports, sorted((m, f.display) for m, f in modules.items()), sorted(in_run)],
                      sort_keys=True, separators=(",", ":"), default=repr)


def export_requests(files: Sequence[LinkFile], analyses: Sequence[str],
                    asked: Set[Tuple[int, str]]) -> Dict[int, Tuple[str, ...]]:
    """{run index -> analyses to walk for exports}: the modules of the run that another
    module's wants name and whose exports of an exporting analysis are not known yet (the
    first pass walked only what its rules needed; an analysis that ran there and exported
    nothing has an empty entry, and is not asked again).  ``asked`` (index, analysis) pairs are
    never asked again, so a chain of helpers takes one round per link and a cycle ends."""
    modules = {f.module: f for f in files if f.module}
    index = index_of(modules)
    out: Dict[int, Set[str]] = {}
    for f in files:
        for want in f.wants:
            wanted_by, qualified = parse_want(want)
            hit = index.split(qualified, f.module)
            if hit is None or hit[0] == f.module:
                continue
            target = modules[hit[0]]
            if target.index is None:
                continue
            for analysis in analyses:
                if wanted_by and analysis != wanted_by:
                    continue  # the module is asked only for what the wanting analysis reads
                if analysis not in target.exports and (target.index, analysis) not in asked:
                    out.setdefault(target.index, set()).add(analysis)
    for i, names in out.items():
        asked.update((i, a) for a in names)
    return {i: tuple(sorted(names)) for i, names in out.items()}


def unsatisfied(files: Sequence[LinkFile]) -> List[Tuple[LinkFile, str]]:
    """(file, want) for every want of a run's file that no module of the run can answer."""
    index = index_of(f.module for f in files)
    return [(f, w) for f in files if f.index is not None for w in f.wants
            if index.split(parse_want(w)[1], f.module) is None]


def candidates(want: str, root: str) -> List[str]:
    """Files under ``root`` (or its ``src/``) whose path matches a module prefix of ``want``,
    longest first: ``a.b.c`` -> ``a/b.py``, ``a/b/__init__.py``, then ``a.py``..."""
    parts = want.split(".")
    out = []
    for i in range(len(parts) - 1, 0, -1):
        rel = os.path.join(*parts[:i])
        for base in (root, os.path.join(root, "src")):
            out += [os.path.join(base, rel + ".py"), os.path.join(base, rel, "__init__.py")]
    return out


def facts_text(linked: Linked) -> str:
    """A stable text of the linked facts, for the cache key of a linked result."""
    return json.dumps(linked, sort_keys=True, separators=(",", ":"))
