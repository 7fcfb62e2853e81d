"""Typed reporting for the BOT3/BOT4 checks: a check reports *by rule class*, and the message
is the rule's ``TEMPLATE`` (data on the rule, pyflakes-style) filled with named arguments.

``Rule.MESSAGE`` stays the one-line summary used by the docs and SARIF; ``TEMPLATE`` is the
per-finding message (a string, or a mapping variant -> string for a rule with several shapes).
``reported_codes`` turns a check's ``REPORTS`` classes into codes.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any, Optional, Sequence, Tuple, Type

import libcst as cst

from ..model import Confidence, Severity

if TYPE_CHECKING:  # pragma: no cover
    from ..rule import Rule


def reported_codes(*rules: Type[Rule]) -> Tuple[str, ...]:
    return tuple(r.CODE for r in rules)


class TypedReports:
    """Mixin for a Rule that reports under several rule classes."""

    REPORTS: Sequence[str]

    def report_as(self, rule: Type[Rule], node: cst.CSTNode, *, variant: Optional[str] = None,
                  severity: Optional[Severity] = None, confidence: Optional[Confidence] = None,
                  **args: Any) -> None:
        """Report ``rule`` at ``node``: its ``TEMPLATE`` (or ``TEMPLATE[variant]`` when the rule
        has several message shapes) formatted with ``args``."""
        # Rule.report raises rule.UnknownCode when rule.CODE is not this check's CODE or REPORTS
        templates = rule.TEMPLATE  # type: ignore[attr-defined]  # declared by the reported rules, not Rule
        template = templates[variant] if variant is not None else templates
        self.report(node, template.format(**args), code=rule.CODE,  # type: ignore[attr-defined]
                    severity=severity, confidence=confidence)
