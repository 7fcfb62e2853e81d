"""The Rule base class: a libcst batchable visitor that carries its own docs and examples.

A rule is one class.  Its class attributes are its metadata, its docstring is its user
documentation (fixed ``## `` sections, rendered by ``botlint rule``, SARIF and the README),
and ``VALID``/``INVALID`` are examples the meta-tests run.  Subclassing registers the rule.

Rules whose findings come from the engine rather than from a walk (BOT0xx, and BOT1xx codes
produced by the secrets pass) are still Rule classes: they simply define no ``visit_`` method,
so they cost nothing during the walk, and say who makes their findings (``SOURCE``).

Family policy is data on the rule, read by the engine: ``SECRET`` (merge by specificity, masked
code frames, the allowlist pragma) and ``IN_TESTS`` (what a finding in a test file becomes).
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar, Dict, FrozenSet, List, Mapping, Optional, Sequence, Tuple, Union

import libcst as cst

from . import registry
from .model import Confidence, Severity

if TYPE_CHECKING:  # pragma: no cover
    from .analysis.imports import ImportMap
    from .config import RunConfig

DOC_SECTIONS = (
    "What it does",
    "Why is this bad?",
    "Example",
    "Use instead",
    "Known problems",
    "References",
)

# Example code in VALID/INVALID/docstrings may hold ``{{fake:KIND}}`` markers: the docs and the
# meta-tests expand them into generated fake credentials, so botlint's own source never holds
# anything that looks like a real secret (and `botlint src/` stays clean).
FAKE_MARKER = re.compile(r"\{\{fake:([a-z0-9_]+)\}\}")


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
        module imported (absolute or relative import), else None: what ``wants()`` lists."""
        from .analysis.imports import dotted

        root = node
        while isinstance(root, cst.Attribute):
            root = root.value
        if not isinstance(root, cst.Name):
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


class Rule(cst.BatchableCSTVisitor):
    CODE: str = ""
    NAME: str = ""
    SEVERITY: Severity = Severity.MEDIUM
    CONFIDENCE: Confidence = Confidence.MEDIUM
    CWE: Optional[int] = None
    MESSAGE: str = ""
    # examples the meta-tests run: plain source (str, or bytes for decoding rules), or Valid /
    # Invalid records that pin more
    VALID: Sequence[Union[str, bytes, Valid]] = ()
    INVALID: Sequence[Union[str, bytes, Invalid]] = ()
    # the file name examples are linted under (a rule for .env files says ".env")
    EXAMPLE_FILENAME: str = "example.py"
    DEFAULT_ENABLED: bool = True
    # a cheap test over the source (a regex, or any object with ``.search(text)``); when it
    # does not match, the rule is not walked at all
    PRECHECK: Optional[Any] = None
    # codes of other (docs-only) rules this visitor may report under
    REPORTS: Sequence[str] = ()
    # shared per-file analyses (analysis.ANALYSES) that must see every node before this rule
    # does; the engine puts each one in the walk once, however many rules need it
    ANALYSES: Sequence[str] = ()
    # abstract helpers set this so they are not registered
    ABSTRACT: bool = False
    # who makes the findings of a rule no walking rule reports: "engine" (BOT0) or "secrets"
    # (the secrets pass, which may also emit any SECRET code); None for walked codes
    SOURCE: Optional[str] = None
    # a finding of this rule is a secret: overlapping SECRET findings merge by specificity,
    # code frames mask its span, and ``# pragma: allowlist secret`` hides it
    SECRET: bool = False
    # what the engine does with a finding in a test file: lower its severity one step, drop
    # it, or keep it as it is
    IN_TESTS: str = "keep"  # "lower" | "skip" | "keep"
    # settings the meta-tests lint this rule's examples with (RunConfig field -> value)
    EXAMPLE_SETTINGS: ClassVar[Mapping[str, Any]] = {}

    _codes: ClassVar[FrozenSet[str]] = frozenset()

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if not cls.__dict__.get("ABSTRACT", False):
            registry.register(cls)

    def __init__(self, ctx: FileContext) -> None:
        super().__init__()
        self.ctx = ctx

    # -- metadata -----------------------------------------------------------------------
    @classmethod
    def walks(cls) -> bool:
        """True when the rule defines visit_/leave_ methods (engine-only rules do not)."""
        for klass in cls.__mro__:
            if klass is Rule or klass.__module__.startswith("libcst") or klass is object:
                continue
            if any(n.startswith(("visit_", "leave_")) for n in vars(klass)):
                return True
        return False

    @classmethod
    def precheck(cls, text: str) -> bool:
        """Can this rule match anything in ``text``?  False skips the walk for the rule.
        Truthiness, not ``is not None``: a duck-typed pre-check answers True/False, a regex a
        match or None (``is not None`` once let every file through the BOT3/BOT4 gates)."""
        return cls.PRECHECK is None or bool(cls.PRECHECK.search(text))

    @classmethod
    def precheck_file(cls, path: str, text: str) -> Optional[bool]:
        """A pre-check that looks at the file's path too (``setup.py``, ``conftest.py``): True
        or False decides, None leaves it to :meth:`precheck` on the text."""
        return None

    @classmethod
    def codes(cls) -> Tuple[str, ...]:
        return (cls.CODE,) + tuple(cls.REPORTS)

    @classmethod
    def declares(cls, code: str) -> bool:
        own = cls.__dict__.get("_codes")
        if own is None:
            own = frozenset(cls.codes())
            cls._codes = own  # per class: a subclass has its own CODE and REPORTS
        return code in own

    # -- reporting ----------------------------------------------------------------------
    def report(
        self,
        node: cst.CSTNode,
        message: Optional[str] = None,
        *,
        code: Optional[str] = None,
        severity: Optional[Severity] = None,
        confidence: Optional[Confidence] = None,
        secret_hash: str = "",
        specificity: int = 0,
    ) -> None:
        code = code or self.CODE
        if not self.declares(code):
            raise UnknownCode(f"{type(self).__name__} reported {code!r}, which is not in its CODE or REPORTS "
                              f"{self.codes()}")
        self.ctx.raw.append(
            RawFinding(
                code=code,
                node=node,
                message=message or self.MESSAGE,
                severity=severity,
                confidence=confidence,
                secret_hash=secret_hash,
                stmt=self.ctx.current_stmt,
                specificity=specificity,
            )
        )


class _Tracker(cst.BatchableCSTVisitor):
    """Always first in the batch: statement stack (for suppressions) and the import map."""

    def __init__(self, ctx: FileContext) -> None:
        super().__init__()
        self.ctx = ctx

    def visit_SimpleStatementLine(self, node: cst.SimpleStatementLine) -> None:
        self.ctx.stmt_stack.append(node)

    def leave_SimpleStatementLine(self, original_node: cst.SimpleStatementLine) -> None:
        self.ctx.stmt_stack.pop()

    def visit_Import(self, node: cst.Import) -> None:
        self.ctx.imports.add_import(node)

    def visit_ImportFrom(self, node: cst.ImportFrom) -> None:
        self.ctx.imports.add_import_from(node)
        if node.relative and not isinstance(node.names, cst.ImportStar):
            self._relative(node)

    def _relative(self, node: cst.ImportFrom) -> None:
        from .analysis.imports import dotted

        module = self.ctx.absolute_module(len(node.relative), dotted(node.module) if node.module else None)
        if module is None or isinstance(node.names, cst.ImportStar):
            return
        for alias in node.names:
            name = dotted(alias.name)
            if not name:
                continue
            local = alias.asname.name.value if alias.asname and isinstance(alias.asname.name, cst.Name) else name
            self.ctx.relative_imports[local] = f"{module}.{name}"


def tracker(ctx: FileContext) -> cst.BatchableCSTVisitor:
    return _Tracker(ctx)


def parse_doc(cls: type) -> Dict[str, str]:
    """Split a rule docstring into its ``## Section`` parts."""
    import inspect

    doc = inspect.cleandoc(cls.__doc__ or "")
    sections: Dict[str, str] = {}
    current = None
    buf: List[str] = []
    for line in doc.splitlines():
        if line.startswith("## "):
            if current is not None:
                sections[current] = "\n".join(buf).strip()
            current = line[3:].strip()
            buf = []
        else:
            buf.append(line)
    if current is not None:
        sections[current] = "\n".join(buf).strip()
    return sections
