"""What a rule reports into and knows about its file, and the gates' switch, without libcst:
the engine needs these for every file, libcst only for a file some rule walks
(``botlint.rule`` re-exports them next to the ``Rule`` base class)."""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Dict, List, Mapping, Optional, Tuple, Union

from .model import Confidence, Severity

if TYPE_CHECKING:  # pragma: no cover
    import libcst as cst

    from .analysis.imports import ImportMap
    from .config import RunConfig


@dataclass(frozen=True)
class Valid:
    """A VALID example: ``src`` must not get a finding of the rule's code.  A plain string in
    ``VALID`` means the same; ``botlint.testing`` documents both."""

    src: Union[str, bytes]


@dataclass(frozen=True)
class Invalid:
    """An INVALID example that pins what the rule reports: a finding of ``code`` (default: the
    rule's CODE), on ``line`` (1-based, in ``src`` as written, when given) whose message
    contains ``message_contains`` (when given).  A plain string in ``INVALID`` only asks for
    one finding of the rule's code somewhere.  Lives here, not in ``botlint.testing``, so rule
    modules can use it without importing the engine."""

    src: Union[str, bytes]
    line: Optional[int] = None
    code: Optional[str] = None
    message_contains: Optional[str] = None


@dataclass
class RawFinding:
    """A finding before positions are resolved: holds the libcst node, never a secret value."""

    code: str
    node: Optional[cst.CSTNode]
    message: str
    severity: Optional[Severity] = None
    confidence: Optional[Confidence] = None
    secret_hash: str = ""
    stmt: Optional[cst.CSTNode] = None
    # for findings without a node (engine, secrets pass): 1-based (line, col, end_line, end_col)
    span: Optional[Tuple[int, int, int, int]] = None
    # a finding of a more specific code on the same span replaces a less specific one
    specificity: int = 0
    # first and last line of the enclosing statement (a suppression on either covers it)
    stmt_lines: Tuple[int, ...] = ()


# BOTLINT_PREFILTER=0 switches every pre-check and gate off (each rule walks every file, every
# analysis exports from every file): the proof that the gates never change a finding is a run
# with and without them (tests/test_prefilter.py)
PREFILTER_ENV = "BOTLINT_PREFILTER"


def prefilter_on() -> bool:
    """The pre-checks and gates are on unless ``BOTLINT_PREFILTER=0``."""
    return os.environ.get(PREFILTER_ENV, "1").strip() != "0"


class UnknownCode(ValueError):
    """A rule reported a code it does not declare (a typo would otherwise drop the finding)."""


@dataclass
class FileContext:
    """What a rule may know about the file it walks."""

    path: str
    source: str
    # the run's frozen configuration (config.RunConfig); named ``settings`` since 0.1
    settings: "RunConfig"
    is_test: bool = False
    imports: "ImportMap" = None  # type: ignore[assignment]
    # dotted module name of the file, from its path relative to the run's root (a leading
    # ``src/`` stripped, ``pkg/__init__.py`` -> ``pkg``); "" when it has none
    module_name: str = ""
    # the link step: analysis name -> {fully-qualified wanted name -> facts exported by the
    # module defining it, plus "path" and "module"}; empty in the per-file phase
    linked: Mapping[str, Mapping[str, dict]] = field(default_factory=dict)
    # local name -> fully-qualified name, for the project's relative imports (``from .notify
    # import send_alert`` in ``bot/main.py``: ``send_alert`` -> ``bot.notify.send_alert``);
    # ``imports`` holds the absolute ones.  Filled by the tracker.
    relative_imports: Dict[str, str] = field(default_factory=dict)
    # id(node) -> (imports version, node, qualified name): every rule asks for the same calls
    _qualified_memo: Dict[int, Tuple[int, Any, Optional[str]]] = field(default_factory=dict, repr=False)
    raw: List[RawFinding] = field(default_factory=list)
    # innermost simple statement / compound-statement header being visited (for suppressions)
    stmt_stack: List[cst.CSTNode] = field(default_factory=list)
    # free-form per-file state shared between rules of one family (e.g. taint state)
    shared: Dict[str, Any] = field(default_factory=dict)
    # (module, positions) once computed: see positions()
    _positions: Optional[Tuple[Any, Any]] = field(default=None, repr=False)

    def positions(self, module: Any) -> Any:
        """node -> CodeRange for ``module`` (the file's tree), computed once per file on first
        use: a rule that needs lines in a message and the engine's ``locate`` share it."""
        from . import positions as positions_module

        if self._positions is None or self._positions[0] is not module:
            self._positions = (module, positions_module.positions_for(module))
        return self._positions[1]

    @property
    def config(self) -> "RunConfig":
        return self.settings

    @property
    def current_stmt(self) -> Optional[cst.CSTNode]:
        return self.stmt_stack[-1] if self.stmt_stack else None

    def qualified(self, node: Optional[cst.CSTNode]) -> Optional[str]:
        """The fully-qualified dotted name of a Name/Attribute chain whose first part this
        module imported (absolute or relative import), else None: what ``wants()`` lists.
        Memoised per node while no import is added (the rules ask for the same nodes)."""
        version = getattr(self.imports, "version", 0)
        hit = self._qualified_memo.get(id(node))
        if hit is not None and hit[0] == version and hit[1] is node:
            return hit[2]
        found = self._qualified(node)
        self._qualified_memo[id(node)] = (version, node, found)
        return found

    def _qualified(self, node: Optional[cst.CSTNode]) -> Optional[str]:
        import libcst as cst  # loaded already: the rules walk a libcst tree

        from .analysis.imports import dotted

        root = node
        attribute = cst.Attribute
        while type(root) is attribute:  # no subclasses; isinstance on libcst's ABCs is slow
            root = root.value  # type: ignore[union-attr]
        if type(root) is not cst.Name:
            return None
        full = self.relative_imports.get(root.value)
        if full is None:
            if self.imports is None or root.value not in self.imports.aliases:
                return None  # a local name: the common case, decided without building the text
            return self.imports.resolve(node)
        name = dotted(node)
        if name is None:
            return None
        rest = name.partition(".")[2]
        return f"{full}.{rest}" if rest else full

    def absolute_module(self, level: int, module: Optional[str]) -> Optional[str]:
        """The module a relative import names (``level`` dots, then ``module``), resolved
        against this file's ``module_name``; None when it climbs above the top."""
        if not self.module_name:
            return None
        parts = self.module_name.split(".")
        package = parts if self.path.replace("\\", "/").endswith("/__init__.py") or self.path == "__init__.py" \
            else parts[:-1]
        if level > len(package):
            return None  # beyond the top-level package: Python refuses it too
        base = package[:len(package) - (level - 1)]
        full = ".".join(base + ([module] if module else []))
        return full or None
