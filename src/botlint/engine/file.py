"""Step 3, one file from bytes to findings: decode -> parse -> walk -> secrets pass -> locate ->
assemble.  Whatever fails in one file becomes that file's BOT0xx finding (and, for a bug in
botlint, an internal error), so every other file is still reported; a rule that crashes never
costs the file its secrets pass.
"""
from __future__ import annotations

import gc
import os
from typing import Any, Dict, List, Mapping, Optional, Sequence, Tuple

from .. import astcache, registry
from ..config import RunConfig, resolve
from ..model import FileResult, Finding, Location, secret_message
from ..context import RawFinding, prefilter_on
from ..text import LineIndex, escape, split_lines
from .assemble import assemble
from .locate import locate
from .parse import parse_python
from .source import HARD_SIZE_LIMIT, TOO_LARGE, decode, is_binary, is_generated, is_test_path

_PKG_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def lint_bytes(display: str, data: bytes, kind: str, settings: Any, module_name: str = "",
               linked: Optional[Mapping[str, Mapping[str, dict]]] = None,
               export_for: Sequence[str] = (), skip_exports: Sequence[str] = ()) -> FileResult:
    """Never raises (short of KeyboardInterrupt): whatever fails in one file becomes that
    file's BOT0xx finding, so every other file is still reported.  ``settings``: a RunConfig
    (or Settings, resolved here).  ``module_name``: the file's dotted name when the run links
    modules (``engine.link``: the shared analyses' exports and wants are collected then);
    ``linked``: the facts of other modules it wants (the link step's re-lint);
    ``export_for``: shared analyses to walk for their exports even where no rule needs them
    (another module wants this one's facts); ``skip_exports``: analyses whose ``export()`` no
    module of the run can read (``engine.prescan``; ``"*"``: every one)."""
    config = resolve(settings)
    enabled = gc.isenabled()
    gc.disable()  # see _freeze_tree
    try:
        return _lint_one(display, data, kind, config, module_name, linked, export_for, skip_exports)
    finally:
        astcache.forget()
        _release_tree()  # the linter and everything it built are garbage by now
        if enabled:
            gc.enable()


def _lint_one(display: str, data: bytes, kind: str, config: RunConfig, module_name: str,
              linked: Optional[Mapping[str, Mapping[str, dict]]], export_for: Sequence[str],
              skip_exports: Sequence[str]) -> FileResult:
    """lint_bytes' work, in a frame of its own: when it returns, nothing but its result
    refers to the file's tree and analyses any more (``_release_tree``)."""
    linter = _FileLinter(display, kind, config, module_name, linked, export_for)
    linter.skip_exports = frozenset(skip_exports)
    try:
        return linter.run(data)
    except Exception as e:  # noqa: BLE001 - an internal error on one file must not end the run
        try:
            return linter.bare(e)
        except Exception as e2:  # noqa: BLE001
            return FileResult([], [], [f"{display}: internal error ({describe_error(e2)}); file skipped"])


# Python's cyclic garbage collector and a file's libcst tree.  A large module's tree is a few
# hundred thousand objects that live as long as the file.  The collector is off while one file
# is linted: every collection while the walk, the positions and the ``ast`` passes allocate
# would traverse the whole tree again (a third of a large generated exchange module's time).
# And the tree is frozen (``gc.freeze``) once parsed: the rules' and analyses' state refers to
# it from reference cycles, so without the freeze the tree became cyclic garbage with them and
# the collection that freed it traversed all of it (0.4 s after ccxt's binance.py, paid by
# whichever file came next, with the memory held until then).  Frozen, it is never traversed:
# the young collection after the file frees the cycles, and the tree, which has no cycles of
# its own, goes by reference counting (0.02 s).  Skipped when something else froze objects
# before (an embedding program's ``gc.freeze`` before forking): ``unfreeze`` would take it back.
_FROZEN = [False]


def _freeze_tree() -> None:
    if not _FROZEN[0] and not gc.isenabled() and gc.get_freeze_count() == 0:
        gc.freeze()
        _FROZEN[0] = True


def _release_tree() -> None:
    if _FROZEN[0]:
        _FROZEN[0] = False
        gc.collect(0)  # the file's cycles are all young (nothing was collected during it)
        gc.unfreeze()  # what was old before the file goes back to the oldest generation


def unreadable(display: str, kind: str, reason: str, config: RunConfig) -> FileResult:
    """The result of a file that could not be read (BOT003 over the hard limit, else BOT005)."""
    linter = _FileLinter(display, kind, config)
    if reason == TOO_LARGE:
        linter.add("BOT003", f"file is over botlint's hard limit of {HARD_SIZE_LIMIT:,} bytes: not scanned")
    else:
        linter.add("BOT005", f"file could not be read: {reason}")
    return linter.finish()


class _FileLinter:
    def __init__(self, display: str, kind: str, config: RunConfig, module_name: str = "",
                 linked: Optional[Mapping[str, Mapping[str, dict]]] = None,
                 export_for: Sequence[str] = ()) -> None:
        self.display = display
        self.kind = kind
        self.settings = config  # the name rules and callers of 0.1 know
        self.config = config
        self.enabled = config.enabled
        self.module_name = module_name
        self.linked = linked or {}
        self.raw: List[RawFinding] = []
        self.notes: List[str] = []
        self.errors: List[str] = []
        self.text = ""
        self.module = None
        # the text the module was parsed from (differs from self.text after a recovery)
        self.parsed_text = ""
        # the link step: what the shared analyses export and want (FileResult.exports/wants)
        self.exports: Dict[str, dict] = {}
        self.wants: Tuple[str, ...] = ()
        self.exporting: List[str] = []
        self.ctx: Optional[Any] = None  # the walk's FileContext, when rules walked
        self.export_for = tuple(export_for)
        self.skip_exports: frozenset = frozenset()  # lint_bytes: exports nobody can read
        # botlint audit only (RunConfig.capabilities): the file's capability summary
        self.capabilities: Dict[str, Any] = {}

    # engine-made findings at a fixed span
    def add(self, code: str, message: str, line: int = 1, col: int = 1, end_line: Optional[int] = None,
            end_col: Optional[int] = None, **kw: Any) -> None:
        self.raw.append(RawFinding(code=code, node=None, message=message,
                                   span=(line, col, end_line or line, end_col or col), **kw))

    def failed(self, stage: str, e: BaseException, keep: bool = False) -> None:
        """One stage of this file failed: a finding for the file (the run goes on), and for a
        bug in botlint also an internal error.  The rules' findings are dropped (their walk
        was cut short) unless ``keep``."""
        if not keep:
            self.raw = [r for r in self.raw if r.node is None]
            self.module = None
        after = "rules skipped, secrets pass ran" if stage == "the rules" else "findings may be missing"
        if _caused_by(e, RecursionError):
            self.add("BOT004", f"nesting too deep to analyse ({stage}); {after}")
        elif _caused_by(e, MemoryError):
            self.add("BOT003", f"file too large to analyse in memory ({stage}); {after}")
        else:
            what = describe_error(e)
            self.add("BOT006", f"this file could not be fully analysed: internal error in {stage} "
                               f"({what}); a file can use this to hide code")
            self.errors.append(f"{self.display}: internal error in {stage} ({what}); {after}")

    def run(self, data: bytes) -> FileResult:
        size = len(data)
        if size > HARD_SIZE_LIMIT:
            self.add("BOT003", f"file is {size:,} bytes, over botlint's hard limit of {HARD_SIZE_LIMIT:,}: not scanned")
            return self.finish()
        if is_binary(data, self.display):
            self.notes.append(f"{self.display}: binary file, skipped")
            return FileResult([], self.notes)
        if self.kind == "text" and is_generated(data):
            self.notes.append(f"{self.display}: generated by Cython, skipped (its .pyx source is checked)")
            return FileResult([], self.notes)
        text, err = decode(data, self.kind == "python")
        self.text = text
        if err:
            self.add("BOT002", f"file could not be decoded: {err[1]}; scanned for secrets with "
                               "undecodable bytes replaced", line=err[0])
        too_big = size > self.settings.max_file_size
        if too_big and self.kind == "python":
            self.add("BOT003", f"file is {size:,} bytes, over max-file-size ({self.settings.max_file_size:,}):"
                               " only the secrets pass ran")
        if self.kind in ("python", "pth") and not too_big:
            try:
                self.walk(text if self.kind == "python" else pth_code(text))
            except Exception as e:  # noqa: BLE001 - one file never ends the run
                self.failed("the rules", e)
        # a Python file whose tree could not be walked gets the name-aware line scan instead
        # (after a recovery from libcst's grammar gaps the rules did walk the rest: BOT006 alone
        # does not count)
        unwalked = self.kind == "python" and any(
            r.code in ("BOT001", "BOT003", "BOT004") or (r.code == "BOT006" and self.module is None)
            for r in self.raw)
        # statements and data literals blanked for libcst were not walked either: their lines
        # get the name-aware scan too
        blanked = None
        if not unwalked and self.module is not None and self.parsed_text != text:
            from .parse import left_out

            blanked = left_out(text, self.parsed_text)
        try:
            self.secrets_pass(text, name_scan=unwalked, names_in=blanked)
        except Exception as e:  # noqa: BLE001
            self.failed("the secrets pass", e, keep=True)  # the rules did their part
        if self.kind in ("text", "config"):
            self.line_rules(text)
        # audit hook: config files, scripts (a .pth file's import lines were walked)
        if self.config.capabilities and self.kind not in ("python", "pth"):
            from ..analysis.capabilities import text_summary

            self.capabilities = text_summary(self.display, text, self.kind)
        return self.finish()

    # -- python ------------------------------------------------------------------------
    def walk(self, text: str) -> None:
        # the enabled rules whose gate opens (registry.gated_rules: only their modules are
        # imported); a re-lint with facts of other modules (engine.link): a rule that reads them
        # walks whatever its own pre-check says, the facts are what the text does not show
        linked = frozenset(name for name, facts in (self.linked or {}).items() if facts)
        rules: List[Any] = registry.gated_rules(self.enabled, self.display, text, linked)

        def need_tree(tree: Any) -> bool:
            # the gates' second stage, on the guard parse's ``ast`` tree (already paid for)
            nonlocal rules
            if tree is not None and rules:
                rules = registry.tree_gated(rules, tree, text, linked)
            # analyses walked for their exports alone (engine.link), when no rule needs them here
            self.exporting = self._exporting(text, rules)
            # audit hook: an audit run walks every Python file for its capability summary
            return bool(rules or self.exporting or self.config.capabilities)

        parsed = parse_python(text, need_tree, self.add)
        if parsed is None:
            return
        _freeze_tree()
        self.module, self.parsed_text = parsed
        try:
            self.run_rules(self.module, rules, self.parsed_text)
        except Exception as e:  # a bug in a rule must not cost the file its secrets pass
            self.failed("the rules", e)

    def run_rules(self, module, rules, text: str) -> None:
        from ..analysis import ANALYSES
        from ..analysis.imports import ImportMap
        from ..rule import FileContext, tracker
        from ..walker import walk

        from ..positions import StatementPositions

        # positions one statement at a time, on first use (a rule's message line, locate):
        # the context's one-entry cache starts with them, so nothing generates the module
        ctx = FileContext(path=self.display, source=text, settings=self.config,
                          is_test=is_test_path(self.display), imports=ImportMap(),
                          module_name=self.module_name, linked=self.linked,
                          _positions=(module, StatementPositions(module, text)))
        self.ctx = ctx  # its positions() serve locate() too
        # audit hook: the capability collector needs the client tracker, and walks last
        caps = {"clients"} if self.config.capabilities else set()
        needed = sorted({a for r in rules for a in r.ANALYSES} | set(self.exporting) | caps)
        analyses = [ANALYSES[a](ctx) for a in needed]
        visitors = [tracker(ctx)] + analyses + [r(ctx) for r in rules]
        collector = _capability_collector(ctx) if caps else None
        if collector is not None:
            visitors.append(collector)
        try:
            walk(module, visitors)
        except RecursionError:
            self.raw.clear()
            self.module = None
            self.add("BOT004", "nesting too deep to walk; rules skipped, secrets pass ran")
            return
        self.raw.extend(ctx.raw)
        if collector is not None:  # audit hook
            self.capabilities = collector.summary()
        if self.links:
            self._collect_links(dict(zip(needed, analyses)))

    # -- the link step (engine.link) ---------------------------------------------------
    @property
    def links(self) -> bool:
        """Whether this lint collects exports and wants: the run links modules and the file
        has a module name."""
        return self.config.link and bool(self.module_name)

    def _exporting(self, text: str, rules: List[Any]) -> List[str]:
        """The analyses walked for their exports alone: only those another module asked this
        one for (``export_for``, the link step's second pass), and only where the analysis's
        ``EXPORT_PRECHECK`` says the text can export anything.  The first pass exports what
        the rules' walk computes anyway, so a file no rule needs is never parsed for a fact
        nobody may want."""
        if not self.links or not self.export_for:
            return []
        from ..analysis import ANALYSES

        wanted = {a for r in rules for a in r.ANALYSES}
        out = []
        for name in self.export_for:
            factory = ANALYSES.get(name)
            precheck = getattr(factory, "EXPORT_PRECHECK", None)
            if factory is None or name in wanted:
                continue
            if precheck is None or not prefilter_on() or precheck.search(text):
                out.append(name)
        return sorted(out)

    def _collect_links(self, analyses: Dict[str, Any]) -> None:
        """Call ``export()``/``wants()`` on the analyses that define them, after the walk.
        Exports go through JSON (what the cache gives back is what a fresh run gives) and
        any random-looking string in them is masked: a fact never carries a secret."""
        import json

        from ..secrets.masking import mask_fact
        from .prescan import kept, only_names

        wants: set = set()
        for name, visitor in analyses.items():
            export = getattr(visitor, "export", None)
            if "*" in self.skip_exports or name in self.skip_exports:
                export = None  # no module of the run imports this one (engine.prescan)
            # the names other modules of the run can take (engine.prescan); an analysis that
            # can leave the rest out of its computation says so (``export_only``)
            only = only_names(self.skip_exports, name)
            if only is not None and hasattr(visitor, "export_only"):
                visitor.export_only = only
            if callable(export):
                facts = json.loads(json.dumps(kept(export(), only), sort_keys=True))
                if not isinstance(facts, dict):
                    raise TypeError(f"{name}.export() must return a dict")
                # kept when empty too: the link step then knows this analysis has nothing
                # here and never walks the file again for it (engine.link.export_requests)
                self.exports[name] = mask_fact(facts) if facts else {}
            want = getattr(visitor, "wants", None)
            if callable(want):
                # "<analysis>:<qualified name>": the link step asks the wanted module for that
                # analysis's exports only (engine.link.parse_want)
                wants.update(f"{name}:{w}" for w in want() if isinstance(w, str) and w)
        self.wants = tuple(sorted(wants))

    # -- secrets -----------------------------------------------------------------------
    def secrets_pass(self, text: str, name_scan: bool = False, names_in: Optional[str] = None) -> None:
        """``names_in``: the text with only the lines the rules did not walk (blanked for
        libcst), whose key/value pairs are judged by name as in an unwalked file."""
        if not any(registry.is_secret(c) for c in self.enabled):
            return
        from ..secrets import scan_names, scan_text, shapes

        index = LineIndex(text)
        # a path configuration file's lines are judged as text (its `import` lines were walked)
        kind = "text" if self.kind == "pth" else self.kind
        hits = scan_text(text, self.display, kind, self.config, set(self.enabled), name_scan)
        if names_in is not None:
            hits += scan_names(names_in, self.display, self.config)
        for h in hits:
            line, col = index.pos(h.start)
            end_line, end_col = index.pos(h.end)
            msg = h.message or secret_message(h.label, f"`{h.key}`" if h.key else "", h.length, h.shape)
            self.add(h.code, msg, line, col, end_line, end_col, confidence=h.confidence,
                     secret_hash=h.secret_hash, specificity=shapes.SPECIFICITY.get(h.code, 0))

    def line_rules(self, text: str) -> None:
        """The rules judged on the lines of a shell script or a config file (``analysis.shell``):
        BOT201, a script's ``echo`` / ``printf`` of a credential variable; BOT403, an exchange
        host's plain http:// or ws:// URL.  Other text (a README, notes) is prose, not a program."""
        from ..analysis.shell import PLAIN_URL_TEMPLATE, echo_leaks, is_shell_script, plain_exchange_urls

        script = self.kind == "text" and is_shell_script(self.display, text)
        if script and "BOT201" in self.enabled and "$" in text:
            for e in echo_leaks(text):
                self.add("BOT201", f"{e.name} from the environment reaches {e.command}: a script's output goes "
                                   "to the console, the container log and CI logs", e.line, e.col + 1, e.line,
                         e.end_col + 1)
        if (script or self.kind == "config") and "BOT403" in self.enabled and "://" in text:
            for u in plain_exchange_urls(text):
                self.add("BOT403", PLAIN_URL_TEMPLATE.format(scheme=u.scheme, host=u.host, secure=u.secure),
                         u.line, u.col + 1, u.line, u.end_col + 1)

    # -- results -----------------------------------------------------------------------
    def finish(self) -> FileResult:
        ctx = self.ctx
        self.raw, notes = locate(self.raw, self.module, self.parsed_text,
                                 ctx.positions if ctx is not None else None)
        self.notes.extend(f"{self.display}: {n}" for n in notes)
        out = assemble(self.raw, self.text, self.display, self.config, is_test_path(self.display))
        return FileResult(out, self.notes, self.errors, self.exports, self.wants,
                          _masked(self.capabilities))  # audit hook

    def bare(self, e: BaseException) -> FileResult:
        """Last resort when finishing itself failed: the engine-made findings only, built
        without suppressions or snippets (nothing here can touch the tree again)."""
        self.failed("the report", e, keep=True)
        out = []
        for r in self.raw:
            if not r.span:
                continue
            if r.code not in self.enabled:
                continue
            meta = registry.info(r.code)
            line, col, end_line, end_col = r.span
            out.append(Finding(code=r.code, name=meta.NAME, message=r.message, path=self.display,
                               location=Location(line, col, end_line, end_col),
                               severity=r.severity or meta.SEVERITY,
                               confidence=r.confidence or meta.CONFIDENCE, secret_hash=r.secret_hash))
        out.sort(key=Finding.sort_key)
        return FileResult(out, self.notes, self.errors)


def pth_code(text: str) -> str:
    """The Python in a path configuration file: ``site`` executes each line that starts with
    ``import`` followed by a space or tab, on every interpreter start; every other line is a
    directory or a comment.  Those lines are blanked, so lines and columns stay the file's."""
    return "\n".join(line if line.startswith(("import ", "import\t")) else ""
                     for line in split_lines(text)) + "\n"


def _capability_collector(ctx: Any) -> Any:
    """Audit hook: the capability collector of ``botlint audit`` (``analysis.capabilities``)."""
    from ..analysis.capabilities import CapabilityCollector

    return CapabilityCollector(ctx)


def _masked(summary: Dict[str, Any]) -> Dict[str, Any]:
    """Audit hook: a capability summary as the cache stores it (random-looking strings masked)."""
    if not summary:
        return {}
    from ..analysis.capabilities import mask_summary

    return mask_summary(summary)


def describe_error(e: BaseException) -> str:
    """An exception for a message: its type and where in botlint it was raised, never
    ``str(e)``: a libcst exception's text can hold a node's repr (source code, secrets
    included) and formatting it can recurse again."""
    name = escape(type(e).__name__)[:80]
    where = ""
    try:
        tb, n = e.__traceback__, 0
        while tb is not None and n < 100_000:
            fn = tb.tb_frame.f_code.co_filename
            if fn.startswith(_PKG_DIR + os.sep):
                rel = fn[len(_PKG_DIR) + 1:].replace(os.sep, "/")
                where = f" at botlint/{escape(rel)[:120]}:{tb.tb_lineno}"
            tb, n = tb.tb_next, n + 1
    except Exception:  # noqa: BLE001 - the description is best effort
        pass
    return name + where


def _caused_by(e: BaseException, kind: type) -> bool:
    """Whether ``e`` or an exception it was raised from or while handling is a ``kind``."""
    seen = 0
    cur: Optional[BaseException] = e
    while cur is not None and seen < 50:
        if isinstance(cur, kind):
            return True
        cur = cur.__cause__ or cur.__context__
        seen += 1
    return False
