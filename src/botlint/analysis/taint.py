"""Old home of the credential data flow, kept importable for code written against 0.1.0.

The analysis is now :mod:`botlint.analysis.dataflow` (IR, vocabulary, collector, resolver),
the string evaluator :mod:`botlint.analysis.strings`, the expression helpers
:mod:`botlint.analysis.exprs` and the credential-name judgement :mod:`botlint.analysis.names`.
"""
from __future__ import annotations

from .dataflow import DataFlow, SinkSite, Source, safe_label  # noqa: F401 (re-exported)
from .dataflow.ir import EMPTY, Taint, union  # noqa: F401 (re-exported)
from .dataflow.resolve import Resolver  # noqa: F401 (re-exported)
from .exprs import describe, key_chain, subscript_key  # noqa: F401 (re-exported)
from .names import STRONG_KINDS, credential_kind, func_name_kind  # noqa: F401 (re-exported)
from .strings import key_text, leading_text, literal_str, static_str  # noqa: F401 (re-exported)
