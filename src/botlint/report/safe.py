"""Text from the scanned tree made safe for every output: paths, messages naming a key and
snippets are data, never markup.  The text formats pass them through ``terminal_text``
(``botlint.text.escape`` plus GitHub's workflow command syntax), JSON and SARIF through
``json_safe``.  A module of its own so that the renderers import it, not the package that
dispatches to them."""
from __future__ import annotations

import json
import re
from typing import Any

from ..model import Finding
from ..text import escape

# GitHub's runner also reads the old ``##[command]`` syntax anywhere in a log line (V2 ``::``
# commands only at the start after leading blanks): break every ``##[`` in scanned text
_V1_COMMAND = re.compile(r"#(?=#\[)")
_SURROGATE = re.compile(r"[\ud800-\udfff]")


def terminal_text(text: str) -> str:
    """Scanned text made safe for a terminal or a CI log: one printable line (``escape``) in
    which no workflow command can start."""
    return _V1_COMMAND.sub(r"\\x23", escape(text))


def display_path(path: str) -> str:
    """A scanned path at the start of an output line: ``terminal_text``, and a path that would
    begin with ``:`` or a blank (a file named ``::error::x``) gets ``./`` in front, the same
    file, so the line cannot be read as a ``::command::``."""
    shown = terminal_text(path)
    if shown[:1] == ":" or shown[:1].isspace():
        shown = "./" + shown
    return shown


def commit_label(f: Finding) -> str:
    """``commit abc1234 (2026-01-02) `` for a finding from git history (``botlint history``),
    else ""; the text formats put it after ``path:line:col:``, so a history line does not read
    as a location in the current file."""
    return f"commit {f.commit[:7]} ({f.commit_date[:10]}) " if f.commit else ""


def json_safe(obj: Any) -> Any:
    """``obj`` with every lone surrogate (an undecodable file-name byte, a ``\\udc80`` escape in
    a scanned JSON key) written as the text ``\\udc80``: strict JSON readers reject lone
    surrogates, and the output must be valid UTF-8."""
    if isinstance(obj, str):
        return _SURROGATE.sub(lambda m: f"\\u{ord(m.group(0)):04x}", obj) if _SURROGATE.search(obj) else obj
    if isinstance(obj, dict):
        return {json_safe(k): json_safe(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [json_safe(v) for v in obj]
    return obj


def json_text(doc: Any) -> str:
    """``doc`` as indented JSON for stdout or a file: ``json_safe``, and every ``##[`` (which
    can only sit inside a string) written ``#\\u0023[``, the same string to a JSON reader, so
    a JSON report printed to a CI log carries no old-style workflow command.  Control
    characters are escaped by ``json`` itself and no line starts with ``::``."""
    return json.dumps(json_safe(doc), indent=2).replace("##[", "#\\u0023[") + "\n"
