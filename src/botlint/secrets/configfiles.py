"""Key/value pairs out of config and dotenv files, with their key path and offsets.

Small tolerant scanners, not full parsers: they must give line positions (``json.loads`` does
not), survive the comments freqtrade allows in its JSON, and never fail on a broken file.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterator, List, Optional, Tuple

from .. import venues
from ..text import LineIndex


@dataclass(frozen=True)
class Entry:
    name: str
    parents: Tuple[str, ...]
    value: str
    start: int  # offset of the value in the text
    end: int


def entries(text: str, filename: str) -> Iterator[Entry]:
    low = filename.lower()
    if low.endswith(".ipynb"):
        yield from notebook(text)
    elif low.endswith(".key") and "-----BEGIN" not in text:
        yield from key_file(text, filename)
    elif low.endswith((".py", ".pyw", ".pyi")):
        yield from python_fallback(text)
    elif low.endswith(".json"):
        yield from _json(text)
    elif low.endswith((".yaml", ".yml")):
        yield from _yaml(text)
    else:
        yield from _keyvalue(text)


# JSON (with // and /* */ comments) ------------------------------------------------------------

# A block comment is found with ``str.find`` (see ``_json_strings``), not by a lazy ``.*?``
# alternative: that one rescanned the rest of the file from every unterminated ``/*``.
# An unterminated string is one token to the end of its line (group 1 unset): a failed string
# match restarted at every later quote of the line.
_JSON_TOKEN = re.compile(r'"(?:\\.|[^"\\\n])*(")?|//[^\n]*|/\*|#[^\n]*|[{}\[\]:,]|[^\s{}\[\]:,"]+')
# enclosing keys kept per value: the innermost ones decide a name's meaning; a 100,000-deep
# file must not build (and message) 100,000-long key paths
MAX_PARENTS = 16


def _unescape(s: str) -> str:
    if "\\" not in s:
        return s[1:-1]
    try:
        import json

        return json.loads(s)
    except ValueError:
        return s[1:-1]


def _json_strings(text: str) -> Iterator[Tuple[Optional[str], Tuple[str, ...], bool, "re.Match[str]"]]:
    """(key, parents, is_key, token) for every string token, in order: one pass, a stack of
    [kind, current key, parents] frames ("o" object, "a" array; an array inherits its key)."""
    stack: List[list] = []
    expect_key = False
    no_comment_end_after = len(text) + 1  # no "*/" at or after this offset
    search = _JSON_TOKEN.search
    pos = 0
    while True:
        m = search(text, pos)
        if m is None:
            return
        pos = m.end()
        tok = m.group(0)
        c = tok[0]
        if tok == "/*":
            if m.end() < no_comment_end_after:
                close = text.find("*/", m.end())
                if close >= 0:
                    pos = close + 2
                else:
                    no_comment_end_after = m.end()
            continue
        if c in "/#" and (tok.startswith("//") or c == "#"):
            continue
        if c == "{" or c == "[":
            if stack:
                top = stack[-1]
                parents = top[2] if top[0] == "a" or top[1] is None else (top[2] + (str(top[1]),))[-MAX_PARENTS:]
                key = top[1] if c == "[" else None
            else:
                parents, key = (), None
            stack.append(["o" if c == "{" else "a", key, parents])
            expect_key = c == "{"
        elif c in "}]":
            if stack:
                stack.pop()
            expect_key = False
        elif c == ",":
            expect_key = bool(stack) and stack[-1][0] == "o"
        elif c == ":":
            expect_key = False
        elif c == '"':
            if m.group(1) is None:
                continue  # unterminated
            if not stack:
                yield None, (), False, m
                continue
            top = stack[-1]
            if top[0] == "o" and expect_key:
                top[1] = _unescape(tok)
                yield None, top[2], True, m
                continue
            yield top[1], top[2], False, m


def _json(text: str) -> Iterator[Entry]:
    for name, parents, is_key, m in _json_strings(text):
        if is_key or name is None:
            continue
        yield Entry(str(name), parents, _unescape(m.group(0)), m.start() + 1, m.end() - 1)


def _lines(text: str) -> List[Tuple[int, str]]:
    """(offset, line without its terminator) with botlint's one line splitter (``\\r\\n``,
    ``\\r``, ``\\n``), so offsets and line numbers agree with the engine's and the parser's
    (``str.splitlines`` also breaks on form feed and U+2028, and CR-only files are one line
    to ``split("\\n")``)."""
    starts = LineIndex(text).starts
    out = []
    for i, start in enumerate(starts):
        end = starts[i + 1] if i + 1 < len(starts) else len(text)
        if start == end and i + 1 == len(starts):
            break  # nothing after the final terminator
        out.append((start, text[start:end].rstrip("\r\n")))
    return out


# YAML (block style) -------------------------------------------------------------------------

# Every pattern here is linear on any line (tests/test_redos.py): no two adjacent quantifiers
# can take the same characters.  A key starts and ends with a non-blank character, a value
# starts and ends with one, so the blanks around them belong to exactly one quantifier.
_YAML_KEY = re.compile(
    r"^(?P<ind>[ \t]*)(?:-[ \t]+)?(?P<q>[\"']?)"
    r"(?P<key>[^\s:#\"'{}\[\]](?:[^:#\"'{}\[\]]*[^\s:#\"'{}\[\]])?)(?P=q)[ \t]*:"
    r"(?:[ \t]+(?P<val>[^ \t](?:.*[^ \t])?))?[ \t]*$"
)


# docker-compose `environment:` in list form: `- NAME=value`
_YAML_LIST_ENV = re.compile(r"^[ \t]*-[ \t]+[\"']?(?P<key>[A-Za-z_][\w.]*)="
                            r"(?P<val>(?:[ \t]*[^\"' \t\n])*)[\"']?[ \t]*$")


def _strip_yaml_value(raw: str) -> Tuple[str, int, int]:
    """(value, start, end) relative to raw, without quotes or a trailing comment."""
    if raw[:1] in ("'", '"'):
        q = raw[0]
        end = raw.find(q, 1)
        while end > 0 and q == '"' and raw[end - 1] == "\\":
            end = raw.find(q, end + 1)
        if end > 0:
            return raw[1:end], 1, end
        return raw[1:], 1, len(raw)
    cut = re.search(r"[ \t]#", raw)
    val = raw[: cut.start()] if cut else raw
    val = val.rstrip()
    return val, 0, len(val)


# --flag value / --flag=value (long options only: -p is too short to name anything)
FLAG = re.compile(
    r"--(?<![\w-]--)(?P<key>[A-Za-z][\w-]{0,60})(?:=|[ \t]{1,8})"
    r"(?:\"(?P<dq>[^\"\r\n]{1,500})\"|'(?P<sq>[^'\r\n]{1,500})'|(?P<bare>[^\s\"'`\\;|&<>()]{1,500}))")


def flag_entries(value: str, parents: Tuple[str, ...], base: int) -> Iterator[Entry]:
    """The ``--option value`` pairs of a command line held in a value (docker-compose's
    ``command: redis-server --requirepass ...``), each named by its option."""
    for m in FLAG.finditer(value):
        g = "dq" if m.group("dq") is not None else "sq" if m.group("sq") is not None else "bare"
        yield Entry(m.group("key"), parents, m.group(g), base + m.start(g), base + m.end(g))


def _yaml(text: str) -> Iterator[Entry]:
    stack: List[Tuple[int, str]] = []
    lines = _lines(text)
    i = 0
    while i < len(lines):
        line_start, body = lines[i]
        i += 1
        if not body.strip() or body.lstrip().startswith("#"):
            continue
        lm = _YAML_LIST_ENV.match(body)
        if lm:
            key = lm.group("key")
            parts = tuple(p for p in key.split("__") if p) or (key,)
            value, s0, e0 = _strip_yaml_value(lm.group("val"))
            base = line_start + lm.start("val")
            yield Entry(parts[-1], tuple(k for _, k in stack[-MAX_PARENTS:]) + parts[:-1], value,
                        base + s0, base + e0)
            continue
        m = _YAML_KEY.match(body)
        if not m:
            continue
        indent = len(m.group("ind"))
        key = m.group("key").strip()
        while stack and stack[-1][0] >= indent:
            stack.pop()
        raw = m.group("val")
        if not raw:
            stack.append((indent, key))
            continue
        parents = tuple(k for _, k in stack[-MAX_PARENTS:])
        if raw[:1] in ("|", ">"):
            # block scalar: the more-indented lines that follow
            block_start = lines[i][0] if i < len(lines) else len(text)
            block_end = block_start
            block_lines = []
            while i < len(lines) and (not lines[i][1].strip() or len(lines[i][1]) - len(lines[i][1].lstrip()) > indent):
                block_lines.append(lines[i][1].strip())
                block_end = lines[i][0] + len(lines[i][1])
                i += 1
            yield Entry(key, parents, "\n".join(block_lines).strip(), block_start, block_end)
            continue
        base = line_start + m.start("val")
        if raw[:1] == "{":  # a flow mapping on one line
            yield from _inline_table(raw, base, parents + (key,))
            continue
        value, s, e = _strip_yaml_value(raw)
        yield Entry(key, parents, value, base + s, base + e)
        if "--" in value:
            yield from flag_entries(value, parents + (key,), base + s)


# .env / INI / TOML / properties -------------------------------------------------------------

_SECTION = re.compile(r"^[ \t]*\[\[?[ \t]*([^\]\s](?:[^\]]*[^\]\s])?)[ \t]*\]\]?\s*(?:[#;].*)?$")
# A key is dotted parts, each bare or quoted (TOML's ``accounts."main".api_secret``); a part
# cannot hold a dot or a blank, so each repetition starts at a dot: linear.
_KV = re.compile(r"^(?P<ind>[ \t]*)(?:export[ \t]+)?"
                 r"(?P<key>(?:[A-Za-z_][\w\-]*|\"[^\"\n]*\"|'[^'\n]*')"
                 r"(?:[ \t]*\.[ \t]*(?:[\w\-]+|\"[^\"\n]*\"|'[^'\n]*'))*)"
                 r"[ \t]*(?:=|:(?!//))[ \t]*(?P<val>\S(?:.*\S)?)?\s*$")


def _key_parts(key: str) -> Tuple[str, ...]:
    """A dotted key's parts, quotes removed; a dot inside quotes belongs to its part."""
    parts: List[str] = []
    cur: List[str] = []
    quote = ""
    for c in key:
        if quote:
            if c == quote:
                quote = ""
            else:
                cur.append(c)
        elif c in "\"'":
            quote = c
        elif c == ".":
            parts.append("".join(cur).strip())
            cur = []
        else:
            cur.append(c)
    parts.append("".join(cur).strip())
    return tuple(p for p in parts if p) or (key,)


def _inline_table(raw: str, base: int, parents: Tuple[str, ...]) -> Iterator[Entry]:
    """The pairs of a TOML inline table or a YAML flow mapping on one line
    (``binance = { api_key = "...", secret = "..." }``, ``binance: {api_key: ..., secret: ...}``),
    nested tables included; ``base`` is the offset of ``raw`` in the text.  A character scan
    (one pass, a stack of key paths) rather than a regex over nested braces; arrays are stepped
    over.  Stops quietly at anything it does not understand."""
    n = len(raw)
    stack = [parents]
    i = 1  # past the opening brace
    while stack and i < n:
        while i < n and raw[i] in " \t,":
            i += 1
        if i >= n:
            return
        if raw[i] == "}":
            stack.pop()
            i += 1
            continue
        # the key: quoted, or bare up to a separator
        if raw[i] in "\"'":
            close = raw.find(raw[i], i + 1)
            if close < 0:
                return
            key = raw[i + 1:close]
            i = close + 1
        else:
            j = i
            while j < n and raw[j] not in "=:,{}[] \t\"'":
                j += 1
            key, i = raw[i:j], j
        while i < n and raw[i] in " \t":
            i += 1
        if not key or i >= n or raw[i] not in "=:":
            return
        i += 1
        while i < n and raw[i] in " \t":
            i += 1
        if i >= n:
            return
        c = raw[i]
        if c == "{":
            if len(stack) > MAX_PARENTS:
                return
            stack.append((stack[-1] + (key,))[-MAX_PARENTS:])
            i += 1
        elif c == "[":  # step over the array, quotes and nesting included
            depth, quote = 0, ""
            while i < n:
                ch = raw[i]
                if quote:
                    if ch == "\\":
                        i += 1
                    elif ch == quote:
                        quote = ""
                elif ch in "\"'":
                    quote = ch
                elif ch in "[{":
                    depth += 1
                elif ch in "]}":
                    depth -= 1
                    if depth == 0:
                        i += 1
                        break
                i += 1
        elif c in "\"'":
            j = i + 1
            while j < n and raw[j] != c:
                j += 2 if raw[j] == "\\" and c == '"' else 1
            if j >= n:
                return
            yield Entry(key, stack[-1], raw[i + 1:j], base + i + 1, base + j)
            i = j + 1
        else:
            j = i
            while j < n and raw[j] not in ",}":
                j += 1
            value = raw[i:j].rstrip()
            if value:
                yield Entry(key, stack[-1], value, base + i, base + i + len(value))
            i = j


def _keyvalue(text: str) -> Iterator[Entry]:
    section: Tuple[str, ...] = ()
    for line_start, body in _lines(text):
        stripped = body.lstrip()
        if not stripped or stripped[0] in "#;":
            continue
        sm = _SECTION.match(body)
        if sm:
            section = tuple(p.strip().strip("\"'") for p in sm.group(1).split("."))[-MAX_PARENTS:]
            continue
        m = _KV.match(body)
        if not m:
            continue
        raw = m.group("val")
        if not raw:
            continue
        key = m.group("key")
        parts = _key_parts(key)
        # FREQTRADE__EXCHANGE__SECRET style nesting
        if "__" in parts[-1]:
            parts = tuple(p for p in parts[-1].split("__") if p)
        base = line_start + m.start("val")
        if raw[:1] == "{":
            yield from _inline_table(raw, base, section + parts)
            continue
        if raw[:1] in ("'", '"'):
            value, s, e = _strip_yaml_value(raw)
        else:
            cut = re.search(r"\s[#;]", raw)
            value = raw[: cut.start()] if cut else raw
            value = value.rstrip().rstrip(",")
            s, e = 0, len(value)
        yield Entry(parts[-1], section + parts[:-1], value, base + s, base + e)


# Python that could not be parsed -------------------------------------------------------------

# the name starts a word (no scan restarting inside one); the annotation takes no blank the
# separator could take
_PY_BINDING = re.compile(
    r"""(?P<key>(?<!\w)[A-Za-z_]\w*|"[^"\n]{1,80}"|'[^'\n]{1,80}')\s*(?::[\w\[\], .|\t]+)?[:=]\s*[rbuRB]?"""
    r"""(?P<q>["'])(?P<val>[^"'\n]*)(?P=q)"""
)

_COMMENT = re.compile(r"#[^\n]*")

# Where a binding's value starts: ``_PY_BINDING`` from its separator on.  Every match of
# ``_PY_BINDING`` holds one, and they are rare: 1,062 in a 6.9 MB minified JS bundle, where the
# binding pattern itself, tried at every word, took 0.6 s.
_BINDING_VALUE = re.compile(r"""[:=]\s*[rbuRB]?["']""")
_VALUE_STOP = re.compile(r"""["'\n]""")
_WINDOW_BACK = 512  # key, blanks and annotation before a separator (``_PY_BINDING`` bounds none)


def _bindings(text: str) -> Iterator["re.Match[str]"]:
    """``_PY_BINDING.finditer(text)``, on a large text run only near the value starts: from
    ``_WINDOW_BACK`` characters before each separator to the end of its value (the first quote or line break), windows
    that overlap merged.  The matches are the same as a scan of the whole text (a match never
    spans two windows, and the scan enters each window outside a match: lookbehind sees the
    text before ``pos``), except a binding whose name, blanks and annotation together run
    longer than ``_WINDOW_BACK`` characters, which no credential name does."""
    from .windowed import finditer_near

    def value_end(m: "re.Match[str]") -> int:
        stop = _VALUE_STOP.search(text, m.end())  # the value ends at the first quote or break
        return len(text) if stop is None else stop.end()

    return finditer_near(_PY_BINDING, text, _BINDING_VALUE, _WINDOW_BACK, 0, end_of=value_end)


def python_comments(text: str) -> Iterator[Entry]:
    """Name bindings inside comments: a commented-out ``# API_KEY = "..."`` is still in the
    repository.  The ``#`` may sit inside a string; the binding regex and the value judgement
    make that harmless."""
    if "#" not in text:
        return
    for cm in _COMMENT.finditer(text):
        chunk = cm.group(0)
        if "=" not in chunk and ":" not in chunk:
            continue
        for m in _PY_BINDING.finditer(chunk):
            key = m.group("key").strip("\"'")
            yield Entry(key, (), m.group("val"), cm.start() + m.start("val"), cm.start() + m.end("val"))


# ``Client("key", "secret")``: the client classes of the registry's SDKs that take a key and a
# secret positionally (python-binance, binance-connector, coinbase-advanced-py)
_SDK_PAIR_CLASSES = sorted({c for sdk in venues.SDKS
                            if sdk.tracked and len(sdk.positional_creds) >= 2 for c in sdk.client_classes},
                           key=lambda c: (-len(c), c))
_SDK_PAIR = re.compile(
    r"""\b(?:""" + "|".join(map(re.escape, _SDK_PAIR_CLASSES)) + r""")(?:\.create)?"""
    r"""\(\s*[rbuRB]?(["'])(?P<k>[^"'\n]+)\1"""
    r"""\s*,\s*[rbuRB]?(["'])(?P<s>[^"'\n]+)\3"""
)


def python_fallback(text: str) -> Iterator[Entry]:
    """``NAME = "value"``, ``"key": "value"`` and ``key="value"`` anywhere in a line, and
    python-binance's ``Client("key", "secret")``: the name binding the syntax tree would have
    given, for a file that did not parse (or a notebook cell)."""
    for m in _bindings(text):
        key = m.group("key").strip("\"'")
        yield Entry(key, (), m.group("val"), m.start("val"), m.end("val"))
    for m in _SDK_PAIR.finditer(text):
        yield Entry("api_key", (), m.group("k"), m.start("k"), m.end("k"))
        yield Entry("api_secret", (), m.group("s"), m.start("s"), m.end("s"))


# Jupyter notebooks ---------------------------------------------------------------------------

def _json_type(v: object) -> str:
    if v is None:
        return "null"
    return {bool: "a boolean", int: "a number", float: "a number", str: "a string", list: "a list",
            dict: "an object"}.get(type(v), "a value")


def notebook_problem(text: str) -> Optional[Tuple[str, str]]:
    """(code, reason) when the text is not a well-formed notebook, else None.  Whatever the
    answer, ``notebook`` still scans the file (the raw strings when the structure is broken)."""
    import json

    try:
        nb = json.loads(text)
    except RecursionError:
        return "BOT004", "notebook JSON is nested too deep to parse"
    except ValueError as e:
        return "BOT001", f"notebook is not valid JSON ({str(e).split(':', 1)[0]})"
    if not isinstance(nb, dict):
        return "BOT001", f"notebook is {_json_type(nb)}, not a JSON object"
    cells = nb.get("cells", [])
    if not isinstance(cells, list):
        return "BOT001", f"notebook `cells` is {_json_type(cells)}, not a list"
    for i, cell in enumerate(cells):
        if not isinstance(cell, dict):
            return "BOT001", f"notebook cell {i} is not an object"
        parts = [cell.get("source", "")]
        outputs = cell.get("outputs", [])
        if not isinstance(outputs, list):
            return "BOT001", f"notebook cell {i} `outputs` is not a list"
        parts.extend(o.get("text", "") if isinstance(o, dict) else "" for o in outputs)
        for p in parts:
            if not (isinstance(p, str) or isinstance(p, list) and all(isinstance(x, str) for x in p)):
                return "BOT001", f"notebook cell {i} has a source or output that is not text"
    return None


def notebook(text: str, well_formed: Optional[bool] = None) -> Iterator[Entry]:
    """Scan each cell's source (and its text outputs: a printed key is in the file as well) as
    Python.  The strings come from the tolerant JSON tokenizer, each with its place in the raw
    text: consecutive strings of one ``source``/``text`` list form one chunk (a call may span
    lines), JSON escapes are undone before the Python scan (``\"`` is a quote), and a value is
    placed inside the string it came from.  A file that is not a well-formed notebook (invalid
    JSON, ``"cells": null``, too deep) gets the same scan over every string in it."""
    if well_formed is None:
        well_formed = notebook_problem(text) is None
    group: List[Tuple[int, int, str]] = []  # (raw start, raw end, value) of one chunk's strings
    for name, parents, is_key, m in _json_strings(text):
        if well_formed:
            wanted = not is_key and name in ("source", "text") and parents[:1] == ("cells",)
        else:
            wanted = True  # every string, keys included, each key on its own
        if not wanted:
            if group:
                yield from _notebook_chunk(text, group)
                group = []
            continue
        if group and (is_key or text[group[-1][1] + 1:m.start()].strip(" \t\r\n,")):
            yield from _notebook_chunk(text, group)
            group = []
        group.append((m.start() + 1, m.end() - 1, _unescape(m.group(0))))
        if is_key:
            yield from _notebook_chunk(text, group)
            group = []
    if group:
        yield from _notebook_chunk(text, group)


def _notebook_chunk(text: str, group: List[Tuple[int, int, str]]) -> Iterator[Entry]:
    import bisect
    import json

    chunk = "".join(v for _, _, v in group)
    starts = []
    at = 0
    for _, _, v in group:
        starts.append(at)
        at += len(v)
    for e in list(python_fallback(chunk)) + list(python_comments(chunk)):
        i = bisect.bisect_right(starts, e.start) - 1
        j = bisect.bisect_right(starts, max(e.end - 1, e.start)) - 1
        raw_start, raw_end, value = group[i]
        if i == j:
            k0, k1 = e.start - starts[i], e.end - starts[i]
            if text[raw_start:raw_end] == value:  # no escapes in this string
                yield Entry(e.name, e.parents, e.value, raw_start + k0, raw_start + k1)
                continue
            needle = json.dumps(value[k0:k1], ensure_ascii=False)[1:-1]
            found = text.find(needle, raw_start, raw_end) if needle else -1
            if found >= 0:
                yield Entry(e.name, e.parents, e.value, found, found + len(needle))
                continue
        yield Entry(e.name, e.parents, e.value, raw_start, group[j][1])


# key files -------------------------------------------------------------------------------------

def key_file(text: str, filename: str) -> Iterator[Entry]:
    """A ``*.key`` file holds keys by name: a line that is one random token is a key (krakenex
    keeps the API key and secret on two lines of ``kraken.key``)."""
    import os

    stem = os.path.splitext(os.path.basename(filename))[0]
    for i, (start, line) in enumerate(_lines(text)):
        tok = line.strip()
        if 16 <= len(tok) <= 200 and re.fullmatch(r"[A-Za-z0-9+/=_\-]+", tok):
            at = line.find(tok)
            name = f"{stem}_api_key" if i == 0 else f"{stem}_api_secret"
            yield Entry(name, (), tok, start + at, start + at + len(tok))
