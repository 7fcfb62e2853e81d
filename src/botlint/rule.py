"""The Rule base class: a libcst batchable visitor that carries its own docs and examples.
What a rule reports into and knows about its file (``RawFinding``, ``FileContext``) lives in
the libcst-free ``botlint.context`` (re-exported here), so a file no rule walks is linted
without importing this module or libcst.

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

import re
from typing import Any, ClassVar, Dict, FrozenSet, List, Mapping, Optional, Sequence, Tuple, Union

import libcst as cst

from . import registry
from .context import (  # noqa: F401 (re-exported: the names rule modules and tests import from here)
    PREFILTER_ENV,
    FileContext,
    Invalid,
    RawFinding,
    UnknownCode,
    Valid,
    prefilter_on,
)
from .model import Confidence, Severity

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
        or False decides, None leaves it to :meth:`precheck` on the text.  The gate object's
        ``search_file(path, text)`` when it has one (``botlint.gates``)."""
        search_file = getattr(cls.PRECHECK, "search_file", None)
        return search_file(path, text) if search_file is not None else None

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
            if self.ctx.imports is not None:
                self.ctx.imports.version += 1  # FileContext.qualified's memo


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
