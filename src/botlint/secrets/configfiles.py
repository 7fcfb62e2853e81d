"""Key/value pairs out of config and dotenv files, with their key path and offsets.

Small tolerant scanners, not full parsers: they must give line positions (``json.loads`` does
not), survive the comments freqtrade allows in its JSON, and never fail on a broken file.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterator, List, Tuple


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

_JSON_TOKEN = re.compile(
    r'"(?:\\.|[^"\\\n])*"|//[^\n]*|/\*.*?\*/|#[^\n]*|[{}\[\]:,]|[^\s{}\[\]:,"]+', re.S
)


def _unescape(s: str) -> str:
    if "\\" not in s:
        return s[1:-1]
    try:
        import json

        return json.loads(s)
    except ValueError:
        return s[1:-1]


def _json(text: str) -> Iterator[Entry]:
    # stack of [kind, current_key]; kind "o" object or "a" array
    stack: List[list] = []
    expect_key = False
    for m in _JSON_TOKEN.finditer(text):
        tok = m.group(0)
        c = tok[0]
        if c in "/#" and (tok.startswith(("//", "/*")) or c == "#"):
            continue
        if c == "{":
            stack.append(["o", None])
            expect_key = True
        elif c == "[":
            stack.append(["a", stack[-1][1] if stack else None])
            expect_key = False
        elif c in "}]":
            if stack:
                stack.pop()
            expect_key = False
        elif c == ",":
            expect_key = bool(stack) and stack[-1][0] == "o"
        elif c == ":":
            expect_key = False
        elif c == '"':
            if not stack:
                continue
            if stack[-1][0] == "o" and expect_key:
                stack[-1][1] = _unescape(tok)
                continue
            name = stack[-1][1]
            if name is None:
                continue
            parents = tuple(str(f[1]) for f in stack[:-1] if f[0] == "o" and f[1] is not None)
            yield Entry(str(name), parents, _unescape(tok), m.start() + 1, m.end() - 1)


# YAML (block style) -------------------------------------------------------------------------

_YAML_KEY = re.compile(r"^(?P<ind>[ \t]*)(?:-[ \t]+)?(?P<q>[\"']?)(?P<key>[^:#\"'{}\[\]]+?)(?P=q)[ \t]*:(?:[ \t]+(?P<val>.*?))?[ \t]*$")


# docker-compose `environment:` in list form: `- NAME=value`
_YAML_LIST_ENV = re.compile(r"^[ \t]*-[ \t]+[\"']?(?P<key>[A-Za-z_][\w.]*)=(?P<val>[^\"'\n]*?)[\"']?[ \t]*$")


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


def _yaml(text: str) -> Iterator[Entry]:
    stack: List[Tuple[int, str]] = []
    offset = 0
    lines = text.splitlines(keepends=True)
    i = 0
    while i < len(lines):
        line = lines[i]
        line_start = offset
        offset += len(line)
        i += 1
        body = line.rstrip("\r\n")
        if not body.strip() or body.lstrip().startswith("#"):
            continue
        lm = _YAML_LIST_ENV.match(body)
        if lm:
            key = lm.group("key")
            parts = tuple(p for p in key.split("__") if p) or (key,)
            value, s0, e0 = _strip_yaml_value(lm.group("val"))
            base = line_start + lm.start("val")
            yield Entry(parts[-1], tuple(k for _, k in stack) + parts[:-1], value, base + s0, base + e0)
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
        parents = tuple(k for _, k in stack)
        if raw[:1] in ("|", ">"):
            # block scalar: the more-indented lines that follow
            block_start = offset
            parts = []
            while i < len(lines) and (not lines[i].strip() or len(lines[i]) - len(lines[i].lstrip()) > indent):
                parts.append(lines[i].strip())
                offset += len(lines[i])
                i += 1
            yield Entry(key, parents, "\n".join(parts).strip(), block_start, offset)
            continue
        value, s, e = _strip_yaml_value(raw)
        base = line_start + m.start("val")
        yield Entry(key, parents, value, base + s, base + e)


# .env / INI / TOML / properties -------------------------------------------------------------

_SECTION = re.compile(r"^\s*\[\[?\s*([^\]]+?)\s*\]\]?\s*(?:[#;].*)?$")
_KV = re.compile(r"^(?P<ind>\s*)(?:export\s+)?(?P<q>[\"']?)(?P<key>[A-Za-z_][\w.\-]*)(?P=q)\s*(?:=|:(?!//))\s*(?P<val>.*?)\s*$")


def _keyvalue(text: str) -> Iterator[Entry]:
    section: Tuple[str, ...] = ()
    offset = 0
    for line in text.splitlines(keepends=True):
        line_start = offset
        offset += len(line)
        body = line.rstrip("\r\n")
        stripped = body.lstrip()
        if not stripped or stripped[0] in "#;":
            continue
        sm = _SECTION.match(body)
        if sm:
            section = tuple(p.strip().strip("\"'") for p in sm.group(1).split("."))
            continue
        m = _KV.match(body)
        if not m:
            continue
        raw = m.group("val")
        if not raw:
            continue
        if raw[:1] in ("'", '"'):
            value, s, e = _strip_yaml_value(raw)
        else:
            cut = re.search(r"\s[#;]", raw)
            value = raw[: cut.start()] if cut else raw
            value = value.rstrip().rstrip(",")
            s, e = 0, len(value)
        base = line_start + m.start("val")
        key = m.group("key")
        parts = tuple(key.split("."))
        # FREQTRADE__EXCHANGE__SECRET style nesting
        if "__" in parts[-1]:
            parts = tuple(p for p in parts[-1].split("__") if p)
        yield Entry(parts[-1], section + parts[:-1], value, base + s, base + e)


# Python that could not be parsed -------------------------------------------------------------

_PY_BINDING = re.compile(
    r"""(?P<key>[A-Za-z_]\w*|"[^"\n]{1,80}"|'[^'\n]{1,80}')\s*(?::\s*[\w\[\], .]+\s*)?[:=]\s*[rbuRB]?"""
    r"""(?P<q>["'])(?P<val>[^"'\n]*)(?P=q)"""
)


_COMMENT = re.compile(r"#[^\n]*")


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


_SDK_PAIR = re.compile(
    r"""\b(?:Client|AsyncClient)(?:\.create)?\(\s*[rbuRB]?(["'])(?P<k>[^"'\n]+)\1\s*,\s*[rbuRB]?(["'])(?P<s>[^"'\n]+)\3"""
)


def python_fallback(text: str) -> Iterator[Entry]:
    """``NAME = "value"``, ``"key": "value"`` and ``key="value"`` anywhere in a line, and
    python-binance's ``Client("key", "secret")``: the name binding the syntax tree would have
    given, for a file that did not parse (or a notebook cell)."""
    for m in _PY_BINDING.finditer(text):
        key = m.group("key").strip("\"'")
        yield Entry(key, (), m.group("val"), m.start("val"), m.end("val"))
    for m in _SDK_PAIR.finditer(text):
        yield Entry("api_key", (), m.group("k"), m.start("k"), m.end("k"))
        yield Entry("api_secret", (), m.group("s"), m.start("s"), m.end("s"))


# Jupyter notebooks ---------------------------------------------------------------------------

def notebook(text: str) -> Iterator[Entry]:
    """Scan each cell's source (and its text outputs: a printed key is in the file as well) as
    Python, then find each value back in the raw JSON to place the finding."""
    import json

    try:
        nb = json.loads(text)
    except ValueError:
        yield from python_fallback(text)
        return
    chunks = []
    for cell in nb.get("cells", []) if isinstance(nb, dict) else []:
        if not isinstance(cell, dict):
            continue
        src = cell.get("source", "")
        chunks.append("".join(src) if isinstance(src, list) else str(src))
        for out in cell.get("outputs", []) or []:
            if isinstance(out, dict) and "text" in out:
                t = out["text"]
                chunks.append("".join(t) if isinstance(t, list) else str(t))
    cursor = 0
    for chunk in chunks:
        for e in list(python_fallback(chunk)) + list(python_comments(chunk)):
            needle = json.dumps(e.value)[1:-1]
            at = text.find(needle, cursor) if needle else -1
            if at < 0:
                at = text.find(needle) if needle else -1
            if at < 0:
                continue
            cursor = at + len(needle)
            yield Entry(e.name, e.parents, e.value, at, at + len(needle))


# key files -------------------------------------------------------------------------------------

def key_file(text: str, filename: str) -> Iterator[Entry]:
    """A ``*.key`` file holds keys by name: a line that is one random token is a key (krakenex
    keeps the API key and secret on two lines of ``kraken.key``)."""
    import os

    stem = os.path.splitext(os.path.basename(filename))[0]
    offset = 0
    for i, line in enumerate(text.splitlines(keepends=True)):
        start = offset
        offset += len(line)
        tok = line.strip()
        if 16 <= len(tok) <= 200 and re.fullmatch(r"[A-Za-z0-9+/=_\-]+", tok):
            at = line.find(tok)
            name = f"{stem}_api_key" if i == 0 else f"{stem}_api_secret"
            yield Entry(name, (), tok, start + at, start + at + len(tok))
