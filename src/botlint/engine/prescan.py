"""The import pre-scan: which of the run's modules another module may take facts from.

A module's exports (``engine.link``) are read only by the modules whose wants name it, and a
want is always a name the wanting module imported (``ctx.qualified``: absolute and relative
imports).  So before the pool runs, the run's Python files are scanned for their imports
(bytes, no parse: bounded regular expressions, linear in the file) and each module is told
whether its exports can be used at all; a module nobody imports skips ``export()``, which is
a tenth of a cold run's CPU on a large tree.  The others export only the names the run's
imports take from them (``names_of``, below: ``"<analysis>=<name>"`` skips), and the data flow
computes facts for those names alone.

The scan over-approximates and must never under-approximate: a name in a comment or a string
that looks like an import counts, an import it cannot read cleanly counts for its whole
module (``from pkg import *`` -> everything under ``pkg``), and a plain ``import a.b.c``
counts as ``a.b.c`` and every ``a.x.y`` chain the text names (the file can use ``a.anything``).
``ImportScan.imported`` then answers for a module as ``ModuleIndex.find`` would find it: by any
dotted suffix, beside the importer, from any prefix of a wanted name or any name below it.

Why not ``ast``: the parent has only the bytes (the guard parse runs in the workers), and
parsing every file twice costs more than the exports it would save.
"""
from __future__ import annotations

import re
from typing import Callable, Dict, FrozenSet, Iterable, Iterator, List, Optional, Sequence, Set, Tuple

# ``from <dots and dotted name> import`` on one logical line: the gap allows what Python allows
# between those tokens (blanks, backslash continuations), bounded so one ``from`` costs at most
# that many bytes; a longer gap makes the file count as importing anything
_GAP = rb"(?:[\w.\t\f \x80-\xff]|\\\r\n|\\[\r\n])"
# (no leading ``\b``: a pattern that starts with a literal is searched for at C speed, about ten
# times faster; ``_words`` drops the matches a word character precedes, as ``\b`` would)
_FROM = re.compile(rb"from\b(?:(" + _GAP + rb"{0,400}?)\bimport\b|" + _GAP + rb"{400})")  # one pass, both
_IMPORT = re.compile(rb"import\b")
_WORD_BYTES = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_")


def _words(pattern: "re.Pattern[bytes]", data: bytes) -> Iterator["re.Match[bytes]"]:
    """``pattern.finditer(data)`` as if the pattern started with ``\b``: a match preceded by a
    word character is dropped and the search goes on from the next byte (as the scan of the
    pattern with ``\b`` would, which may find a match inside the dropped one)."""
    pos = 0
    while True:
        m = pattern.search(data, pos)
        if m is None:
            return
        start = m.start()
        if start and data[start - 1] in _WORD_BYTES:
            pos = start + 1
            continue
        yield m
        pos = m.end()
_CONTINUATION = re.compile(rb"\\\r\n|\\[\r\n]")
_COMMENT = re.compile(rb"#[^\r\n]*")
_WORD = re.compile(r"[A-Za-z_]\w*\Z")
# a dotted name however spaced (``a . b``): what a statement can hold where prose has words
_DOTTED_SHAPE = re.compile(r"\.*\s*[^\s.]+(?:\s*\.\s*[^\s.]+)*")
_LIST_LIMIT = 20_000  # bytes of the names after one ``import``
ANYTHING = "*"  # the file may import anything: every module of the run counts as imported
NON_ASCII = "!"  # a name with a non-ASCII character: its encoding is not checked here, so anything
# marks a name the file may use as written or by a prefix, never by a name below it (``import
# a.b`` without ``as``: its uses are the ``a.x.y`` chains of the text, each found as written)
EXACT = "="


def _names_text(data: bytes, start: int, paren_close: List[int]) -> Optional[bytes]:
    """The text after ``import`` up to the statement's end: a parenthesised list to its ``)``
    (``paren_close`` memoises the next ``)``, so a flood of unclosed ``(`` stays linear), else
    to the first newline not escaped by a backslash, ``;`` or ``#``.  None when it runs past
    ``_LIST_LIMIT`` (read it as anything)."""
    n = len(data)
    i = start
    while i < n and data[i] in b" \t\f":
        i += 1
    if data[i:i + 1] == b"(":
        if paren_close[0] < i:
            found = data.find(b")", i)
            paren_close[0] = found if found >= 0 else n
        end = paren_close[0]
        if end - i > _LIST_LIMIT:
            return None
        return _COMMENT.sub(b"", data[i + 1:end])  # a comment in the list ends at its newline
    stop = min(n, i + _LIST_LIMIT)
    out = bytearray()
    while i < stop:
        c = data[i]
        if c == 0x5C and i + 1 < n and data[i + 1] in b"\r\n":  # a backslash continuation
            i += 3 if data[i + 1:i + 3] == b"\r\n" else 2
            out += b" "
            continue
        if c in b"\r\n;#":
            return bytes(out)
        out.append(c)
        i += 1
    return bytes(out) if i >= n else None


def _items(text: bytes) -> List[Tuple[str, bool]]:
    """``a.b as c, d`` -> [("a.b", True), ("d", False)]: each dotted name and whether it has
    an ``as``; what is not a dotted name comes back as ``ANYTHING``."""
    out: List[Tuple[str, bool]] = []
    for raw in text.decode("latin-1").replace("\\", " ").split(","):
        words = raw.split()
        if not words:
            continue
        alias = "as" in words
        name = "".join(words[:words.index("as")] if alias else words)
        if not name.isascii():
            shaped = _DOTTED_SHAPE.fullmatch(" ".join(words[:words.index("as")] if alias else words))
            out.append((NON_ASCII if shaped else ANYTHING, False))  # else prose after "import"
        elif name and all(_WORD.match(p) for p in name.split(".")):
            out.append((name, alias))
        else:
            out.append((ANYTHING, False))
    return out


def imported_names(data: bytes, module: str, is_package: bool, components: Optional[Set[str]] = None,
                   dropped: Optional[Set[str]] = None) -> Set[str]:
    """The dotted names a Python file may use from other modules (a superset): ``from m
    import a`` -> ``m.a``, ``from m import *`` -> ``m``, ``import a.b`` -> ``a.b`` and each
    chain ``a.x.y`` in the text, ``import a.b as c`` -> ``a.b``; relative imports resolved
    against ``module`` (the file's dotted name; ``is_package``: the file is a package's
    ``__init__``), as ``FileContext.absolute_module`` does.  ``ANYTHING`` among them when some
    import could not be read; a name marked ``EXACT`` counts as written or by a prefix.
    ``components``: the parts of the run's module names (a chain under another head names no
    module of the run: not collected, its head is added to ``dropped``)."""
    out: Set[str] = set()
    from_imports: Set[int] = set()
    paren_close = [-1]
    for m in _words(_FROM, data):
        if m.group(1) is None:  # a gap too long to read: this file may import anything
            out.add(ANYTHING)
            continue
        from_imports.add(m.end() - len(b"import"))
        spec = "".join(_CONTINUATION.sub(b" ", m.group(1)).decode("latin-1").split())
        if not spec.isascii():
            raw = _CONTINUATION.sub(b" ", m.group(1)).decode("latin-1").strip()
            if _DOTTED_SHAPE.fullmatch(raw):
                out.add(ANYTHING)  # a non-ASCII module name (and its encoding): not read here
            continue  # else prose between a "from" and an "import"
        level = len(spec) - len(spec.lstrip("."))
        base = _absolute(module, is_package, level, spec[level:]) if level else spec
        text = _names_text(data, m.end(), paren_close)
        names = _items(text) if text is not None else []
        if not base:
            continue  # climbs above the top package (Python refuses it): no want comes of it
        if not names or any(n in (ANYTHING, NON_ASCII) for n, _ in names):
            out.add(base)  # ``*`` or a list it cannot read: anything below the module
            continue
        out.update(f"{base}.{name}" for name, _alias in names)
    paren_close = [-1]  # the memo holds for increasing positions only: one per pass
    heads: Set[str] = set()
    for m in _words(_IMPORT, data):
        if m.start() in from_imports:
            continue
        text = _names_text(data, m.end(), paren_close)
        if text is None:
            out.add(ANYTHING)
            continue
        for name, alias in _items(text):
            if name == NON_ASCII:
                out.add(ANYTHING)
                continue
            if name == ANYTHING:
                continue  # not a dotted name: no import statement, a word in prose
            if alias:
                out.add(name)
            else:
                out.add(EXACT + name)
                heads.add(name.split(".", 1)[0])
    if components is not None:
        if dropped is not None:
            dropped |= heads - components
        heads &= components  # a chain under any other head can name no module of the run
    if heads:
        out.update(_chains(data, heads))
    return out


def _chains(data: bytes, heads: Set[str]) -> Set[str]:
    """``import a.b`` binds ``a``: the file can then name ``a.x.y`` (a want, ``ctx.qualified``)
    anywhere, so every dotted chain in the text that starts with ``a`` counts (``a . x`` and
    backslash continuations too; not ``o.a.x``, an attribute of something else)."""
    alternatives = b"|".join(re.escape(h.encode("latin-1")) for h in sorted(heads))
    part = rb"(?:\s|\\)*\.(?:\s|\\)*[A-Za-z_\x80-\xff][\w\x80-\xff]*"
    chain = re.compile(rb"(?<![\w.])(?:" + alternatives + rb")\b(?:" + part + rb")+")
    out = {EXACT + "".join(m.group(0).decode("latin-1").replace("\\", " ").split()) for m in chain.finditer(data)}
    return {ANYTHING if not n.isascii() else n for n in out}


def _absolute(module: str, is_package: bool, level: int, rest: str) -> str:
    """As ``FileContext.absolute_module``: "" when it climbs above the top (Python refuses
    it, and no want comes of it)."""
    if not module:
        return ""
    parts = module.split(".")
    package = parts if is_package else parts[:-1]
    if level > len(package):
        return ""
    base = package[:len(package) - (level - 1)]
    return ".".join(base + ([rest] if rest else []))


def _prefixes(name: str) -> Iterable[str]:
    parts = name.split(".")
    return (".".join(parts[:i]) for i in range(1, len(parts) + 1))


def _suffixes(name: str) -> Iterable[str]:
    parts = name.split(".")
    return (".".join(parts[i:]) for i in range(len(parts)))


class ImportScan:
    """The run's imports, asked per module: may another module's want reach it
    (``imported``), and does it import any module of the run (``imports_run``)?"""

    def __init__(self, names_by_module: Dict[str, Set[str]]) -> None:
        self.by_module = names_by_module
        everything: Set[str] = set().union(*names_by_module.values()) if names_by_module else set()
        self.anything = ANYTHING in everything
        # names a want may extend (``from m import a``: ``m.a.x``), and every prefix of any name
        self.names = {n for n in everything if n != ANYTHING and not n.startswith(EXACT)}
        self.name_prefixes: Set[str] = {p for n in everything if n != ANYTHING for p in _prefixes(n.lstrip(EXACT))}
        suffixes = {s for m in names_by_module if m for s in _suffixes(m)}
        self.run_suffixes = suffixes
        self.suffix_prefixes: Set[str] = {p for s in suffixes for p in _prefixes(s)}
        self.indexes: Dict[int, "_NameIndex"] = {}  # names_of: one per name filter
        # heads of ``import a.b`` whose ``a.x.y`` chains were not collected (no module of the
        # run has such a part: ``scan``); a module outside the run under one takes everything
        self.dropped: Set[str] = set()

    def imported(self, module: str) -> bool:
        """Whether some file's import may resolve to ``module`` (``ModuleIndex.find`` of any
        prefix of a wanted name: a dotted suffix of ``module`` that is a prefix of an imported
        name, or has one as its own prefix)."""
        if self.anything:
            return True
        for suffix in _suffixes(module):
            if suffix in self.name_prefixes or any(p in self.names for p in _prefixes(suffix)):
                return True
        return False

    def imports_run(self, module: str) -> bool:
        """Whether ``module`` imports a name that may resolve to a module of the run (its
        facts may then flow back to that module: ``@`` facts)."""
        names = self.by_module.get(module, set())
        if ANYTHING in names:
            return True
        return any((not n.startswith(EXACT) and n in self.suffix_prefixes)
                   or any(p in self.run_suffixes for p in _prefixes(n.lstrip(EXACT))) for n in names)


# -- the names of a module other modules take (a name-level export skip) ----------------------
#
# A module's export is read only through a wanted name (``<module>.<name>...``) or an ``@``
# fact (what flows back to the modules it imports, gathered by a closure).  So a module may
# export just the names some import of the run can reach, each by its first part (``Notifier``
# for ``Notifier.send``), and its ``@`` facts.  An import that names the module itself (``from
# pkg import mod``, ``import pkg.mod [as m]``, ``from mod import *``) or anything below it
# takes everything.  An analysis that links only some names (the data flow: project names,
# ``botlint.modnames``) counts only the imports of those.

ONLY = "="  # ``"<analysis>=<name>"`` in a file's skips: that analysis exports only such names


class _NameIndex:
    """The imported names of a run, indexed for :meth:`ImportScan.names_of`: every dotted
    prefix of a name -> the parts that follow it; the names as written; the names a want may
    extend below (not ``EXACT``)."""

    def __init__(self, names: Iterable[str]) -> None:
        self.following: Dict[str, Set[str]] = {}
        self.full: Set[str] = set()
        self.loose: Set[str] = set()
        for raw in names:
            name = raw.lstrip(EXACT)
            self.full.add(name)
            if not raw.startswith(EXACT):
                self.loose.add(name)
            parts = name.split(".")
            for i in range(1, len(parts)):
                self.following.setdefault(".".join(parts[:i]), set()).add(parts[i])

    def names_of(self, module: str) -> Optional[Set[str]]:
        """None: everything (an import names the module or a package above it); else the
        first parts of the names imported from it (maybe none)."""
        out: Set[str] = set()
        for suffix in _suffixes(module):
            if suffix in self.full:
                return None
            parts = suffix.split(".")
            if any(".".join(parts[:i]) in self.loose for i in range(1, len(parts))):
                return None  # ``from pkg import *`` (or a list it could not read): all below pkg
            out |= self.following.get(suffix, set())
        return out


def _name_index(scan_: "ImportScan", accept: Optional[Callable[[str], bool]]) -> _NameIndex:
    key = id(accept)
    found = scan_.indexes.get(key)
    if found is None:
        everything = {n for names in scan_.by_module.values() for n in names if n != ANYTHING}
        if accept is not None:
            everything = {n for n in everything if accept(n.lstrip(EXACT))}
        found = scan_.indexes[key] = _NameIndex(everything)
    return found


def names_of(scan_: "ImportScan", module: str, accept: Optional[Callable[[str], bool]] = None) -> Optional[Set[str]]:
    """The names other modules of the run may take from ``module`` (their first parts), or
    None for everything.  ``accept``: the analysis reads only names it accepts."""
    if scan_.anything or any(s.split(".", 1)[0] in scan_.dropped for s in _suffixes(module)):
        return None
    return _name_index(scan_, accept).names_of(module)


def name_skips(scan_: "ImportScan", module: str, analyses: Iterable[str]) -> Tuple[str, ...]:
    """The ``"<analysis>=<name>"`` skips of ``module`` for each linking analysis (``"<analysis>="``
    alone: its ``@`` facts only); () when every analysis exports everything.  An analysis's
    factory may say which names it links (``LINKS_NAME``, a predicate on a qualified name)."""
    from ..analysis import ANALYSES

    out: List[str] = []
    for analysis in sorted(analyses):
        accept = getattr(ANALYSES.get(analysis), "LINKS_NAME", None)
        names = names_of(scan_, module, accept)
        if names is not None:
            out += [f"{analysis}{ONLY}{n}" for n in sorted(names)] or [f"{analysis}{ONLY}"]
    return tuple(out)


def outside_skips(run: "ImportScan", outside: Sequence[Tuple[str, bool, bytes]],
                  analyses: Iterable[str]) -> Dict[str, Tuple[str, ...]]:
    """{module -> the name skips its cache entry may have} for the files outside the run that
    the pre-commit lookup found (``outside``: module, is a package, bytes): the names the run's
    files and these files import from each (an entry with more names answers too)."""
    by_module = dict(run.by_module)
    for module, is_package, data in outside:
        if module:
            by_module[module] = by_module.get(module, set()) | imported_names(data, module, is_package)
    everyone = ImportScan(by_module)
    everyone.dropped = run.dropped
    return {module: name_skips(everyone, module, analyses) for module, _p, _d in outside if module}


def only_names(skips: Iterable[str], analysis: str) -> Optional[FrozenSet[str]]:
    """What a file's skips (``lint_bytes(skip_exports=...)``) leave of ``analysis``'s export:
    None for everything, else the names it may export (and its ``@`` facts); an analysis
    skipped whole (``"*"``, its name) keeps nothing."""
    skips = tuple(skips)
    if "*" in skips or analysis in skips:
        return frozenset()
    prefix = analysis + ONLY
    found = [s[len(prefix):] for s in skips if s.startswith(prefix)]
    return frozenset(n for n in found if n) if found else None


def _keeps(skips: Tuple[str, ...], analysis: str) -> Tuple[int, FrozenSet[str]]:
    """(0, {}) the analysis's export is skipped, (1, names) only those names (and ``@``
    facts), (2, {}) all of it."""
    if "*" in skips or analysis in skips:
        return 0, frozenset()
    only = only_names(skips, analysis)
    return (2, frozenset()) if only is None else (1, only)


def serves(entry: Iterable[str], run: Iterable[str]) -> bool:
    """Whether a cache entry linted with skips ``entry`` answers a run that skips ``run``:
    each analysis's export in the entry holds at least what the run keeps of it (nothing <
    some names and the ``@`` facts < everything)."""
    entry, run = tuple(entry), tuple(run)
    if not entry or "*" in run:
        return True
    if "*" in entry:
        return False
    for analysis in {s.split(ONLY, 1)[0] for s in entry}:
        (has, names), (needs, wanted) = _keeps(entry, analysis), _keeps(run, analysis)
        if needs > has or needs == has == 1 and not wanted <= names:
            return False
    return True


def kept(facts: Dict[str, dict], only: Optional[FrozenSet[str]]) -> Dict[str, dict]:
    """``facts`` of an export without the names ``only`` leaves out (``@`` facts stay)."""
    if only is None or not isinstance(facts, dict):
        return facts
    return {k: v for k, v in facts.items() if k.startswith("@") or k.split(".", 1)[0] in only}


def scan(items: Sequence[Tuple[str, bool, Optional[bytes]]]) -> ImportScan:
    """``items``: (module name, is a package ``__init__``, bytes or None) of the run's
    Python files."""
    by_module: Dict[str, Set[str]] = {}
    # every part of a module name: ``ModuleIndex.find`` matches dotted suffixes, so a name can
    # reach a module of the run only when its first part is one of these
    components = {part for module, _p, _d in items for part in module.split(".") if module}
    dropped: Set[str] = set()
    for module, is_package, data in items:
        if not module:
            continue
        names = imported_names(data, module, is_package, components, dropped) if data is not None else set()
        by_module.setdefault(module, set()).update(names)  # (an unread file: no names)
    found = ImportScan(by_module)
    found.dropped = dropped
    return found
