"""Name/value pairs out of any text file that has no structure-aware scanner.

Shell scripts, Dockerfiles, Markdown and text notes, JS/TS sources and configs, XML,
``.properties``, logs, ``.netrc``...: the forms a credential is written in there are found line
by line and handed, as ``configfiles.Entry``, to the same name-and-value judgement as config
files (``analysis.names`` for the name, ``binding.judge`` / ``analysis.values`` for the value):

* ``NAME=VALUE``, ``name: value``, ``export NAME=value`` at the start of a line
  (``configfiles``' own .env/INI scanner);
* ``key="value"`` / ``"key": "value"`` / ``apiKey: 'value'`` anywhere in a line (the quoted
  binding scanner ``configfiles`` uses for Python that did not parse);
* ``NAME=value`` inside a line (a log line, ``API_KEY=... ./run.sh``);
* Dockerfile ``ENV NAME value`` / ``ENV NAME=value ...`` / ``ARG NAME=value``; systemd
  ``Environment=NAME=value`` / ``Environment="A=1" "B=2"``;
* ``--flag value`` / ``--flag=value`` on a command line;
* ``Authorization: Bearer <token>``; ``<password>value</password>``; .NET
  ``<add key="ApiKey" value="..."/>``;
* netrc ``machine H login U password P`` (one line or several);
* PHP ``define('NAME', 'value')``; a string-keyed subscript store (``$cfg['password'] = '...'``).

Markdown prose (outside fenced code blocks) is read the same way but a value there counts only
when it looks machine-generated: "password: hunter2 is a bad example" is a sentence.  Every
regex here runs on untrusted text and is linear: single bounded character classes, literal
separators between quantified parts, no nested quantifiers.
"""
from __future__ import annotations

import os
import re
from typing import Iterator, Tuple

from ..analysis import values as V
from ..text import LineIndex
from . import configfiles as C
from .configfiles import Entry

PROSE_SUFFIXES = (".md", ".markdown", ".mdx", ".rst", ".adoc", ".asciidoc", ".textile", ".org")
# source code of other languages: there an unquoted right-hand side (``this.token=e.next``,
# ``key: value,``) is an expression, not a literal, so only the quoted forms apply
CODE_SUFFIXES = (".js", ".mjs", ".cjs", ".jsx", ".ts", ".mts", ".cts", ".tsx", ".vue", ".svelte",
                 ".java", ".kt", ".kts", ".scala", ".groovy", ".gradle", ".go", ".rs", ".c", ".cc",
                 ".cpp", ".cxx", ".h", ".hh", ".hpp", ".hxx", ".cs", ".fs", ".php", ".rb", ".swift",
                 ".m", ".mm", ".lua", ".dart", ".pyx", ".pxd", ".pxi", ".jl", ".r", ".pl", ".pm",
                 ".ex", ".exs", ".erl", ".clj", ".hs", ".sol", ".html", ".htm")
NETRC_NAMES = (".netrc", "_netrc", "netrc")

# NAME=value inside a line; the value stops at whitespace, quotes and shell/URL punctuation
_INLINE = re.compile(
    r"(?<![\w.$/\\-])(?P<key>[A-Za-z_][\w.-]{0,80})=(?P<val>[^\s\"'`<>&;,|()\[\]{}\\=][^\s\"'`<>&;,|()\[\]{}\\]{0,499})")
# Dockerfile ENV / ARG; in Dockerfiles the instruction is case-insensitive
_DOCKER = re.compile(r"^[ \t]*(?:ENV|ARG)[ \t]+(?P<rest>[^\r\n]{1,4000})", re.M)
_DOCKER_ANY_CASE = re.compile(r"^[ \t]*(?:[Ee][Nn][Vv]|[Aa][Rr][Gg])[ \t]+(?P<rest>[^\r\n]{1,4000})", re.M)
_DOCKER_PAIR = re.compile(
    r"(?P<key>[A-Za-z_][\w.-]{0,80})=(?:\"(?P<dq>[^\"\r\n]{0,1000})\"|'(?P<sq>[^'\r\n]{0,1000})'|(?P<bare>[^\s\"']{0,1000}))")
# systemd unit ``Environment=NAME=value`` / ``Environment="A=1" "B=2"`` (the pairs: _DOCKER_PAIR)
_SYSTEMD_ENV = re.compile(r"^[ \t]*Environment[ \t]*=[ \t]*(?P<rest>[^\r\n]{1,4000})", re.M)
_DOCKER_LEGACY = re.compile(r"(?P<key>[A-Za-z_][\w.-]{0,80})[ \t]+(?P<val>[^\r\n]{1,1000})")
# Four patterns below start with their literal and check the character before it with a
# look-behind placed after the literal: a pattern that starts with a look-behind or ``\b`` is
# tried at every position of the text, one that starts with a literal is searched for it at C
# speed (0.1 s each on a 6.9 MB bundle).  Same matches: ``tests/test_textfiles_literal_first.py``.
_BEARER = re.compile(r"[Aa](?<!\w[Aa])uthorization[\"']?[ \t]*[:=][ \t]*[\"']?(?:[Bb]earer|[Tt]oken)[ \t]{1,8}"
                     r"(?P<val>[A-Za-z0-9._~+/=-]{16,2000})")
# attributes allowed (FileZilla's ``<Pass encoding="base64">``): they cannot hold a ``>``
_XML_ELEMENT = re.compile(r"<(?P<key>[A-Za-z_][\w.-]{0,80})(?:[ \t][^<>]{0,200})?>(?P<val>[^<>\s]{1,500})</(?P=key)>")
_XML_ADD = re.compile(r"key=\"(?<!\wkey=\")(?P<key>[A-Za-z_][\w.:-]{0,80})\"[ \t]{1,8}"
                      r"value=\"(?P<val>[^\"\r\n]{1,500})\"")
# netrc on one line inside any text (a README's example, a CI script writing ~/.netrc)
_NETRC_LINE = re.compile(r"machine(?<![\w-]machine)[ \t]{1,8}(?P<host>[^\s]{1,200})[ \t][^\r\n]{0,300}?"
                         r"(?<![\w-])password[ \t]{1,8}(?P<val>[^\s]{1,500})")
# PHP ``define('DB_PASSWORD', 'value')`` (wp-config.php, config.inc.php): a constant bound by call
_PHP_DEFINE = re.compile(
    r"define(?<![\w$>:]define)[ \t]*\([ \t]*(?P<kq>['\"])(?P<key>[A-Za-z_][\w]{0,80})(?P=kq)[ \t]*,[ \t]*"
    r"(?:'(?P<sq>[^'\\\r\n]{0,500})'|\"(?P<dq>[^\"\\\r\n]{0,500})\")[ \t]*\)")
# a store into a string-keyed subscript: PHP ``$cfg['Servers'][$i]['password'] = '...';``,
# JS/Ruby ``config["api_key"] = "..."`` (the key is the last subscript before the ``=``)
_SUBSCRIPT_STORE = re.compile(
    r"\[[ \t]*(?P<kq>['\"])(?P<key>[A-Za-z_][\w.-]{0,80})(?P=kq)[ \t]*\][ \t]*=(?![=>])[ \t]*"
    r"(?:'(?P<sq>[^'\\\r\n]{1,500})'|\"(?P<dq>[^\"\\\r\n]{1,500})\")")
_TOKEN = re.compile(r"\S{1,2000}")
_FENCE = re.compile(r"^[ \t]{0,3}(?P<f>`{3,}|~{3,})")


def _shift(entries, base: int) -> Iterator[Entry]:
    for e in entries:
        yield Entry(e.name, e.parents, e.value, e.start + base, e.end + base)


def _group(m: "re.Match[str]") -> str:
    for g in ("dq", "sq", "bare"):
        if m.group(g) is not None:
            return g
    return "bare"


def _docker(text: str, any_case: bool) -> Iterator[Entry]:
    rx = _DOCKER_ANY_CASE if any_case else _DOCKER
    if "ENV" not in text and "ARG" not in text and not any_case:
        return
    for m in rx.finditer(text):
        rest = m.group("rest").rstrip(" \t\\")
        base = m.start("rest")
        first = rest.split(None, 1)[0] if rest.strip() else ""
        if "=" in first:
            for p in _DOCKER_PAIR.finditer(rest):
                g = _group(p)
                yield Entry(p.group("key"), (), p.group(g) or "", base + p.start(g), base + p.end(g))
        else:
            lm = _DOCKER_LEGACY.match(rest)
            if lm:
                val = lm.group("val").strip()
                q = val[:1] if val[:1] in "\"'" and val.endswith(val[:1]) and len(val) > 1 else ""
                val = val[1:-1] if q else val
                at = base + lm.start("val") + lm.group("val").find(val)
                yield Entry(lm.group("key"), (), val, at, at + len(val))


def _systemd(text: str) -> Iterator[Entry]:
    """The assignments of a systemd ``Environment=`` line, each on its own: the generic
    ``NAME=VALUE`` reading names them all ``Environment``."""
    if "Environment" not in text:
        return
    for m in _SYSTEMD_ENV.finditer(text):
        rest, base = m.group("rest"), m.start("rest")
        for p in _DOCKER_PAIR.finditer(rest):
            g = _group(p)
            yield Entry(p.group("key"), (), p.group(g) or "", base + p.start(g), base + p.end(g))


def netrc(text: str) -> Iterator[Entry]:
    """``machine H login U password P [account A]`` tokens, on one line or many (``default``
    stands for any machine).  ``macdef`` bodies are skipped up to the blank line that ends them."""
    host = ""
    toks = list(_TOKEN.finditer(text))
    i = 0
    while i < len(toks):
        tok = toks[i].group(0)
        if tok == "macdef":
            nxt = text.find("\n\n", toks[i].end())
            if nxt < 0:
                return
            while i < len(toks) and toks[i].start() < nxt:
                i += 1
            continue
        if tok in ("machine", "default"):
            host = toks[i + 1].group(0) if tok == "machine" and i + 1 < len(toks) else "default"
            i += 2 if tok == "machine" else 1
            continue
        if tok in ("password", "account") and i + 1 < len(toks):
            v = toks[i + 1]
            value = v.group(0)
            s, e = v.start(), v.end()
            if len(value) > 1 and value[0] == value[-1] == '"':
                value, s, e = value[1:-1], s + 1, e - 1
            yield Entry("password", ("netrc", host) if host else ("netrc",), value, s, e)
            i += 2
            continue
        i += 1


# curl's header and user options: ``-H "X-MBX-APIKEY: <key>"``, ``--header 'X-Api-Key: ...'``,
# ``-u user:password``.  Found with ``str.find`` (no pattern: the option names are literals) and
# the quoted header read by the .env/INI line scanner, as a header line on its own is.
_HEADER_FLAGS = ("-H", "--header")
_USER_FLAGS = ("-u", "--user")


def _option_values(text: str, flags: Tuple[str, ...]) -> Iterator[Tuple[int, int]]:
    """(start, end) of the argument after each of ``flags`` standing as its own word: a quoted
    string on the same line, or a bare word."""
    for flag in flags:
        at = text.find(flag)
        while at >= 0:
            after = at + len(flag)
            nxt = text.find(flag, after)
            if (at == 0 or text[at - 1] in " \t\n\r") and after < len(text) and text[after] in " \t=":
                i = after + 1
                while i < len(text) and i - after < 8 and text[i] in " \t":
                    i += 1
                if i < len(text) and text[i] in "\"'":
                    close = text.find(text[i], i + 1)
                    line_end = text.find("\n", i)
                    if close > i + 1 and (line_end < 0 or close < line_end):
                        yield i + 1, close
                elif i < len(text):
                    j = i
                    while j < len(text) and j - i < 500 and text[j] not in " \t\r\n\"'`;|&<>()":
                        j += 1
                    if j > i:
                        yield i, j
            at = nxt


def _curl(text: str) -> Iterator[Entry]:
    if "-H" in text or "--header" in text:
        for start, end in _option_values(text, _HEADER_FLAGS):
            if ":" in text[start:end]:
                yield from _shift(C._keyvalue(text[start:end]), start)
    if "-u" in text:
        for start, end in _option_values(text, _USER_FLAGS):
            colon = text.find(":", start, end)
            if colon > start and colon + 1 < end:
                yield Entry("password", ("curl", "user"), text[colon + 1:end], colon + 1, end)


def _code(text: str, filename: str) -> Iterator[Entry]:
    """Every line form over a chunk of code-like text."""
    low = os.path.basename(filename).lower()
    docker = low.startswith(("dockerfile", "containerfile")) or low.endswith((".dockerfile", ".containerfile"))
    literal = not low.endswith(CODE_SUFFIXES)  # an unquoted value is a literal here
    for e in C._keyvalue(text) if literal else ():
        # ``name:value`` glued to its colon is a path:line, host:port or label, not a mapping
        if not (e.start and text[e.start - 1] == ":"):
            yield e
    if '"' in text or "'" in text:
        yield from C.python_fallback(text)
    if "=" in text and literal:
        for m in _INLINE.finditer(text):
            yield Entry(m.group("key"), (), m.group("val"), m.start("val"), m.end("val"))
    yield from _docker(text, docker)
    yield from _systemd(text)
    if "--" in text:
        for m in C.FLAG.finditer(text):  # --flag value (a YAML command line's too)
            g = _group(m)
            yield Entry(m.group("key"), (), m.group(g), m.start(g), m.end(g))
    yield from _curl(text)
    if "uthorization" in text:
        for m in _BEARER.finditer(text):
            yield Entry("bearer_token", (), m.group("val"), m.start("val"), m.end("val"))
    if "</" in text:
        for m in _XML_ELEMENT.finditer(text):
            yield Entry(m.group("key"), (), m.group("val"), m.start("val"), m.end("val"))
    if "value=" in text:
        for m in _XML_ADD.finditer(text):
            yield Entry(m.group("key"), (), m.group("val"), m.start("val"), m.end("val"))
    if "] =" in text or "']=" in text or '"]=' in text:
        for m in _SUBSCRIPT_STORE.finditer(text):
            g = "sq" if m.group("sq") is not None else "dq"
            yield Entry(m.group("key"), (), m.group(g), m.start(g), m.end(g))
    if "define" in text:
        for m in _PHP_DEFINE.finditer(text):
            g = "sq" if m.group("sq") is not None else "dq"
            yield Entry(m.group("key"), (), m.group(g), m.start(g), m.end(g))
    if "machine" in text:
        for m in _NETRC_LINE.finditer(text):
            yield Entry("password", ("netrc", m.group("host")), m.group("val"), m.start("val"), m.end("val"))


def _generated(value: str) -> bool:
    """Prose holds a secret only when the value reads as machine-generated."""
    v = value.strip().strip("\"'`")
    return V.looks_random(v) and not V.is_placeholder(v) and not V.is_template(v)


def _markdown_chunks(text: str) -> Iterator[Tuple[bool, int, int]]:
    """(is_code, start, end) pieces: fenced code blocks and the prose around them.  Lines are
    botlint's lines (``text.LineIndex``: CommonMark too ends a line at ``\\r\\n``, ``\\r``,
    ``\\n`` only); ``str.splitlines`` would open or close a fence after a form feed or U+2028 and
    judge a code block as prose."""
    pos = 0
    chunk_start = 0
    in_code = False
    fence = ""
    starts = LineIndex(text).starts
    for i, start in enumerate(starts):
        line = text[start:starts[i + 1] if i + 1 < len(starts) else len(text)]
        if not line:
            break
        m = _FENCE.match(line)
        if m and (not in_code or (m.group("f")[0] == fence[0] and len(m.group("f")) >= len(fence))):
            if in_code:
                yield True, chunk_start, pos
                chunk_start = pos + len(line)
                in_code = False
            else:
                yield False, chunk_start, pos
                chunk_start = pos + len(line)
                in_code, fence = True, m.group("f")
        pos += len(line)
    yield in_code, chunk_start, len(text)


def entries(text: str, filename: str) -> Iterator[Entry]:
    low = os.path.basename(filename).lower()
    if low in NETRC_NAMES:
        yield from netrc(text)
        return
    if low.endswith(".key") and "-----BEGIN" not in text:
        yield from C.key_file(text, filename)
        return
    if low.endswith(PROSE_SUFFIXES) or low.startswith(("readme", "changelog", "changes", "history")):
        for is_code, start, end in _markdown_chunks(text):
            if start >= end:
                continue
            found = _code(text[start:end], filename)
            for e in _shift(found, start):
                if is_code or _generated(e.value):
                    yield e
        return
    yield from _code(text, filename)

