"""The engine: a pipeline whose modules are its steps, in the order a file goes through them.

Per file (in a worker): ``source`` reads and decodes the bytes once and tells binary,
generated and test files apart; ``parse`` gates the text through CPython's parser and parses
it once with libcst (recovering from libcst's grammar gaps, BOT0xx for what cannot be
parsed); ``file`` walks it once with every enabled rule batched and the shared analyses they
need, then runs the secrets pass over the same text; ``locate`` turns the rules' nodes into
positions; ``assemble`` merges secrets by specificity and applies per-file ignores, each
rule's test-file policy, suppressions and masked code frames.  Across files: ``pool`` (a
fork pool whose output equals a serial run, with crash isolation) and ``run`` (cache ->
pool -> sort -> fingerprints -> RunResult).  Nothing here prints.

The names below are the engine's public API (and the paths other modules have imported
since 0.1): import them from ``botlint.engine``.
"""
from __future__ import annotations

from ..model import FileResult, RunResult, secret_message
from .assemble import _merge, _with_snippets, redact_line
from .file import _FileLinter, describe_error, lint_bytes
from .parse import (
    MAX_BRACKET_DEPTH,
    MAX_EXPR_DEPTH,
    bracket_depth,
    deep_expression_statements,
    degraded_message,
    recover,
    safe_for_libcst,
)
from .pool import _in_big_stack, _lint_chunk, _run_pool
from .run import lint_paths, lint_source, lint_tasks
from .source import HARD_SIZE_LIMIT, TOO_LARGE, decode, is_binary, is_generated, is_test_path, read_task

__all__ = [
    "FileResult", "RunResult", "secret_message", "redact_line", "describe_error", "lint_bytes",
    "MAX_BRACKET_DEPTH", "MAX_EXPR_DEPTH", "bracket_depth", "deep_expression_statements",
    "degraded_message", "recover", "safe_for_libcst", "lint_paths", "lint_source", "lint_tasks",
    "HARD_SIZE_LIMIT", "TOO_LARGE", "decode", "is_binary", "is_generated", "is_test_path",
    "read_task", "_merge", "_with_snippets", "_FileLinter", "_in_big_stack", "_lint_chunk", "_run_pool",
]
