"""Per file: read and decode once, parse once, walk once with every enabled rule batched, run
the secrets pass over the same text, merge, suppress, sort.  Across files: a process pool
whose output is identical to a serial run, and a content-hash cache.  Never prints.
"""
from __future__ import annotations

import ast
import bisect
import codecs
import os
import re
import stat
import sys
import threading
import warnings
from dataclasses import dataclass, field
from typing import Callable, Dict, Iterable, List, Optional, Sequence, Set, Tuple

from . import registry
from .config import Settings
from .discovery import BINARY_SUFFIXES as _BINARY_SUFFIXES  # one list, shared with the walk
from .discovery import FileTask, discover
from .model import Finding, Location, with_fingerprints
from .suppress import filter_findings
from .text import LineIndex, escape, split_lines

# a file above this is not read at all (BOT003); between settings.max_file_size and this it
# only gets the secrets pass
HARD_SIZE_LIMIT = 50_000_000
# approximate bracket depth above which libcst's native parser may overflow its stack
MAX_BRACKET_DEPTH = 400
_STACK_SIZE = 256 * 1024 * 1024
_CODING = re.compile(rb"^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)")
_BRACKETS = re.compile(r"[()\[\]{}]")
_PY2 = re.compile(r"^[ \t\f]*(?:print[ \t]+[\"'\w]|exec[ \t]+[\"']|except[ \t]+\w+[ \t]*,[ \t]*\w+[ \t]*:)|\bur[\"']|^[ \t\f]*raise[ \t]+\w+[ \t]*,", re.M)
_TEST_DIRS = {"tests", "test", "testing", "unit_tests", "integration_tests", "test_support",
              "test_utils", "testdata", "test_data", "mocks"}


@dataclass
class FileResult:
    findings: List[Finding] = field(default_factory=list)
    notes: List[str] = field(default_factory=list)
    # internal errors: the run reports them and exits 2, like ruff
    errors: List[str] = field(default_factory=list)


@dataclass
class RunResult:
    findings: List[Finding]
    notes: List[str]
    files: int
    cached: int = 0
    errors: List[str] = field(default_factory=list)


# -- helpers --------------------------------------------------------------------------------

_PKG_DIR = os.path.dirname(os.path.abspath(__file__))


def describe_error(e: BaseException) -> str:
    """An exception for a message: its type and where in botlint it was raised, never
    ``str(e)``: a libcst exception's text can hold a node's repr (source code, secrets
    included) and formatting it can recurse again."""
    name = escape(type(e).__name__)[:80]
    where = ""
    try:
        tb, n = e.__traceback__, 0
        while tb is not None and n < 100_000:
            fn = tb.tb_frame.f_code.co_filename
            if fn.startswith(_PKG_DIR + os.sep):
                rel = fn[len(_PKG_DIR) + 1:].replace(os.sep, "/")
                where = f" at botlint/{escape(rel)[:120]}:{tb.tb_lineno}"
            tb, n = tb.tb_next, n + 1
    except Exception:  # noqa: BLE001 - the description is best effort
        pass
    return name + where


def _caused_by(e: BaseException, kind: type) -> bool:
    """Whether ``e`` or an exception it was raised from or while handling is a ``kind``."""
    seen = 0
    cur: Optional[BaseException] = e
    while cur is not None and seen < 50:
        if isinstance(cur, kind):
            return True
        cur = cur.__cause__ or cur.__context__
        seen += 1
    return False


def is_test_path(path: str) -> bool:
    parts = path.replace("\\", "/").split("/")
    base = parts[-1]
    if base.startswith("test_") or base.endswith(("_test.py", "_tests.py")) or base == "conftest.py":
        return True
    return any(p in _TEST_DIRS for p in parts[:-1])


# (BOM, codec) longest first: a UTF-32-LE BOM starts with the UTF-16-LE one
_BOMS = ((codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
         (codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))
_LINE_END = re.compile(rb"\r\n|\r|\n")
_BLANK_OR_COMMENT = re.compile(rb"[ \t\f]*(?:#.*)?\Z", re.S)
# file types whose first bytes say what they are (checked before any share of NULs)
_BINARY_MAGIC = (b"\x89PNG", b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08", b"\x1f\x8b", b"BZh",
                 b"\xfd7zXZ\x00", b"7z\xbc\xaf", b"SQLite format 3\x00", b"\x7fELF", b"\xff\xd8\xff",
                 b"GIF87a", b"GIF89a", b"%PDF-", b"\xca\xfe\xba\xbe", b"\xcf\xfa\xed\xfe", b"\xce\xfa\xed\xfe",
                 b"\x00asm", b"OggS", b"RIFF", b"\x28\xb5\x2f\xfd", b"Rar!")
_CONTROL = bytes(b for b in range(32) if b not in b"\t\n\r\f\v\x1b")


def _bom(data: bytes) -> Tuple[str, int]:
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return codec, len(bom)
    return "", 0


def _utf16_without_bom(data: bytes) -> str:
    """'utf-16-le' / 'utf-16-be' when the first bytes alternate NUL and ASCII the way
    UTF-16 text does (PowerShell and some Windows editors write it), else ''."""
    head = data[:512]
    head = head[:len(head) - len(head) % 2]
    if len(head) < 4:
        return ""
    even, odd = head[0::2], head[1::2]
    pairs = len(odd)

    def share(b: bytes, ch: int) -> float:
        return b.count(ch) / pairs

    def asciiish(b: bytes) -> bool:
        return sum(1 for x in b if 0x20 <= x < 0x7f or x in (9, 10, 13)) >= 0.9 * pairs

    if share(odd, 0) >= 0.9 and share(even, 0) <= 0.05 and asciiish(even):
        return "utf-16-le"
    if share(even, 0) >= 0.9 and share(odd, 0) <= 0.05 and asciiish(odd):
        return "utf-16-be"
    return ""


# Cython's C/C++ output: megabytes per module (hummingbot's sdist ships 43 MB of it), made from
# a .pyx file that is scanned itself, so reading it would only double the cost of the walk.
_CYTHON_HEADER = b"/* Generated by Cython "


def is_generated(data: bytes) -> bool:
    """Compiler output whose source is in the tree: Cython's C/C++ (its first line says so)."""
    return data.startswith(_CYTHON_HEADER)


def is_binary(data: bytes, name: str = "") -> bool:
    """A judgement, not one NUL byte: a known binary signature or suffix, or a first 8 KB
    that is mostly NULs and control bytes.  UTF-16/32 text (with or without a BOM) is text."""
    if _bom(data)[0] or _utf16_without_bom(data):
        return False
    if data.startswith(_BINARY_MAGIC) or name.lower().endswith(_BINARY_SUFFIXES):
        return True
    head = data[:8192]
    if not head:
        return False
    nul = head.count(0)
    if nul == 0:
        return False
    ctrl = len(head) - len(head.translate(None, _CONTROL))
    return nul / len(head) > 0.05 or ctrl / len(head) > 0.3


_ASCII_PROBE = "# -*- coding: x -*-\nx = [0, 9, 'aZ/=_.']\r\n"
_ASCII_COMPATIBLE: Dict[str, bool] = {}


def _ascii_compatible(codec: str) -> bool:
    ok = _ASCII_COMPATIBLE.get(codec)
    if ok is None:
        try:
            ok = codecs.decode(_ASCII_PROBE.encode("ascii"), codec) == _ASCII_PROBE
        except Exception:  # noqa: BLE001 - a codec that fails on plain ASCII is no use here
            ok = False
        _ASCII_COMPATIBLE[codec] = ok
    return ok


def _cookie(data: bytes) -> Optional[str]:
    """The PEP 263 coding cookie as Python's tokenizer reads it: on line 1, or on line 2 when
    line 1 is blank or only a comment; a cookie further down is not one."""
    lines = _LINE_END.split(data[:4096], 2)[:2]
    for i, line in enumerate(lines):
        m = _CODING.match(line)
        if m:
            return m.group(1).decode("ascii", "replace")
        if i == 0 and not _BLANK_OR_COMMENT.match(line):
            return None
    return None


def decode(data: bytes, is_python: bool) -> Tuple[str, Optional[Tuple[int, str]]]:
    """(text, error) where error is (line, reason) when the bytes are not valid text.  Every
    failure decodes the bytes as UTF-8 with replacement, so the secrets pass still runs."""
    encoding, skip = _bom(data)
    if encoding:
        data = data[skip:]
    else:
        encoding = _utf16_without_bom(data) or "utf-8"
    if is_python and encoding == "utf-8" and not skip:
        cookie = _cookie(data)
        if cookie is not None:
            try:
                info = codecs.lookup(cookie)
            except LookupError:
                return data.decode("utf-8", "replace"), (1, f"unknown source encoding {escape(cookie)[:60]!r}")
            if not getattr(info, "_is_text_encoding", True):
                # Python refuses these too: never let a cookie transform the file (rot13, zlib)
                return data.decode("utf-8", "replace"), (1, f"{escape(cookie)[:60]!r} is not a text encoding")
            if not _ascii_compatible(info.name):
                # the cookie line is ASCII, so such a file cannot be valid in its own encoding
                # (Python fails on it too); decoding it would turn every key into noise
                return data.decode("utf-8", "replace"), (
                    1, f"{escape(cookie)[:60]!r} cannot encode its own coding line")
            encoding = info.name
    try:
        return data.decode(encoding), None
    except UnicodeDecodeError as e:
        start = e.start if isinstance(e.start, int) and 0 <= e.start < len(data) else 0
        line = len(_LINE_END.findall(data, 0, start)) + 1
        try:
            text = data.decode(encoding, "replace")
        except Exception:  # noqa: BLE001 - a codec without the replace handler
            text = data.decode("utf-8", "replace")
        return text, (
            line, f"not valid {escape(encoding)} (byte 0x{data[start]:02x} at offset {start})")
    except Exception as e:  # noqa: BLE001 - idna, punycode, undefined: a plain UnicodeError
        return data.decode("utf-8", "replace"), (1, f"cannot be decoded as {escape(encoding)[:60]} "
                                                    f"({escape(type(e).__name__)})")


# libcst parses at most this many times per file while it recovers from its grammar gaps
MAX_RECOVERIES = 8
_INDENT = re.compile(r"[ \t\f]*")


_GRAMMAR_GAP = "Python accepts code there that botlint's parser (libcst) rejects"
_TOO_DEEP = "an expression there is nested too deeply for botlint's parser (libcst)"


def degraded_message(first: int, last: int, reason: str = _GRAMMAR_GAP) -> str:
    where = f"line {first}" if first == last else f"lines {first}-{last}"
    return f"part of this file could not be analysed ({where}): {reason}; a file can use this to hide code"


def _statement_ranges(tree: ast.AST) -> List[Tuple[int, int]]:
    """(first, last) line of every statement, nested ones too (decorators included)."""
    out = []
    for node in ast.walk(tree):  # breadth first with a queue: no recursion
        if isinstance(node, ast.stmt):
            first = min([node.lineno] + [d.lineno for d in getattr(node, "decorator_list", ())])
            out.append((first, getattr(node, "end_lineno", None) or node.lineno))
    return out


_ERROR_AT = re.compile(r"error at (\d+):\d+")


def _error_line(error) -> int:
    """The line libcst's parser failed on: its message says it exactly (``error at 9:12``);
    ``raw_line`` is one too far in some libcst versions."""
    m = _ERROR_AT.search(str(getattr(error, "message", ""))[:300])
    if m:
        return int(m.group(1))
    return int(getattr(error, "raw_line", 0) or 0)


def _joined(ranges: List[Tuple[int, int]]) -> List[Tuple[int, int]]:
    out: List[Tuple[int, int]] = []
    for a, b in sorted(ranges):
        if out and a <= out[-1][1] + 1:
            out[-1] = (out[-1][0], max(b, out[-1][1]))
        else:
            out.append((a, b))
    return out


def _line_pieces(text: str) -> List[str]:
    """The lines of ``text`` with their line breaks (``split_lines``' breaks)."""
    starts = LineIndex(text).starts
    return [text[starts[i]:starts[i + 1]] for i in range(len(starts) - 1)] + [text[starts[-1]:]]


def _blanked(pieces: List[str], ranges: List[Tuple[int, int]]) -> str:
    """The text with each statement range replaced by a ``pass`` at its indentation and empty
    lines, so every other line keeps its number and columns."""
    out = list(pieces)
    for first, last in ranges:
        for ln in range(first, last + 1):
            body = pieces[ln - 1]
            end = body[len(body.rstrip("\r\n")):]
            out[ln - 1] = (_INDENT.match(body).group(0) + "pass" + end) if ln == first else end
    return "".join(out)


def deep_expression_statements(tree: ast.AST) -> List[Tuple[int, int]]:
    """(first, last) line of each innermost statement holding an expression nested deeper than
    ``MAX_EXPR_DEPTH``.  libcst's parser is quadratic in such nesting and its native code
    crashes the process on a few thousand levels (``a-a-a-...``), which CPython's parser
    accepts: those statements are blanked for libcst and reported as BOT006.  Iterative."""
    out: List[Tuple[int, int]] = []
    stack: List[tuple] = [(tree, 0, None)]
    while stack:
        node, depth, stmt = stack.pop()
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.stmt):
                first = min([child.lineno] + [d.lineno for d in getattr(child, "decorator_list", ())])
                stack.append((child, 0, (first, getattr(child, "end_lineno", None) or child.lineno)))
                continue
            d = depth + 1 if isinstance(child, ast.expr) else depth
            if d > MAX_EXPR_DEPTH:
                if stmt is not None:
                    out.append(stmt)
                continue
            stack.append((child, d, stmt))
    return _joined(out)


def safe_for_libcst(text: str) -> bool:
    """Whether libcst may parse ``text`` outside the linting walk (the fixes do): CPython
    parses it at the default recursion limit, and neither its brackets nor its expressions are
    nested deeper than the walk's limits, which keep libcst's native parser from crashing the
    process or turning quadratic."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            tree = ast.parse(text)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return False
    return bracket_depth(text) <= MAX_BRACKET_DEPTH and not deep_expression_statements(tree)


def recover(text: str, tree: ast.AST, error) -> Optional[tuple]:
    """When CPython's parser accepts ``text`` and libcst's does not: blank out the
    statement(s) libcst rejects (a ``pass`` at the statement's indentation, then empty lines,
    so every other line keeps its number and columns), re-parse, and widen to the enclosing
    statement when that does not help.  (module, parsed text, replaced line ranges) or None."""
    import libcst as cst

    ranges = sorted(set(_statement_ranges(tree)))
    pieces = _line_pieces(text)
    replaced: List[Tuple[int, int]] = []
    for _ in range(MAX_RECOVERIES):
        line = _error_line(error)

        def covered(r: Tuple[int, int]) -> bool:
            return any(p[0] <= r[0] and r[1] <= p[1] for p in replaced)

        cands = [r for r in ranges if r[0] <= line <= r[1] and not covered(r)]
        if not cands:  # the error is reported after the statement at fault
            cands = [r for r in ranges if r[1] <= line and not covered(r)]
            cands = [max(cands, key=lambda r: (r[1], -r[0]))] if cands else []
        if not cands:
            return None
        pick = min(cands, key=lambda r: (r[1] - r[0], -r[0]))
        replaced = [p for p in replaced if not (pick[0] <= p[0] and p[1] <= pick[1])] + [pick]
        candidate = _blanked(pieces, replaced)
        try:
            return cst.parse_module(candidate), candidate, _joined(replaced)
        except cst.ParserSyntaxError as e:
            error = e
    return None


# expression nesting above which libcst's parser turns slow (quadratic on conditional chains)
MAX_EXPR_DEPTH = 200


def _deep_statements_only(text: str) -> Optional[ast.AST]:
    """The ast of a file CPython's ast conversion found too deep at the default recursion
    limit, parsed again on botlint's big stack; None when that fails too.  A long if/elif
    chain nests statements, which libcst parses in linear time; statements holding deeply
    nested expressions are blanked for libcst by the walk (``deep_expression_statements``)."""
    from .positions import BIG_STACK_THREAD, WALK_LIMIT, deep_recursion

    if threading.current_thread().name != BIG_STACK_THREAD:
        return None  # the C stack of an ordinary thread is too small for the retry
    try:
        with warnings.catch_warnings(), deep_recursion(WALK_LIMIT):
            warnings.simplefilter("ignore")
            return ast.parse(text)
    except Exception:  # noqa: BLE001 - RecursionError, MemoryError, SyntaxError: give up
        return None


def bracket_depth(text: str) -> int:
    depth = best = 0
    for m in _BRACKETS.finditer(text):
        if m.group(0) in "([{":
            depth += 1
            if depth > best:
                best = depth
        elif depth:
            depth -= 1
    return best


def secret_message(label: str, where: str, length: int, shape: str = "") -> str:
    """The one message shape for a secret: its kind and length, never its value."""
    place = f" in {where}" if where else ""
    extra = f", {shape}" if shape else ""
    return f"hard-coded {label}{place} (<redacted: {length} chars>{extra})"


# -- one file -------------------------------------------------------------------------------

class _FileLinter:
    def __init__(self, display: str, kind: str, settings: Settings) -> None:
        self.display = display
        self.kind = kind
        self.settings = settings
        self.enabled = settings.enabled
        self.raw: list = []  # RawFinding
        self.notes: List[str] = []
        self.errors: List[str] = []
        self.text = ""
        self.module = None
        # the text the module was parsed from (differs from self.text after a recovery)
        self.parsed_text = ""

    # engine-made findings at a fixed span
    def add(self, code: str, message: str, line: int = 1, col: int = 1, end_line: Optional[int] = None,
            end_col: Optional[int] = None, **kw) -> None:
        from .rule import RawFinding

        self.raw.append(RawFinding(code=code, node=None, message=message,
                                   span=(line, col, end_line or line, end_col or col), **kw))

    def failed(self, stage: str, e: BaseException, keep: bool = False) -> None:
        """One stage of this file failed: a finding for the file (the run goes on), and for a
        bug in botlint also an internal error.  The rules' findings are dropped (their walk
        was cut short) unless ``keep``."""
        if not keep:
            self.raw = [r for r in self.raw if r.node is None]
            self.module = None
        after = "rules skipped, secrets pass ran" if stage == "the rules" else "findings may be missing"
        if _caused_by(e, RecursionError):
            self.add("BOT004", f"nesting too deep to analyse ({stage}); {after}")
        elif _caused_by(e, MemoryError):
            self.add("BOT003", f"file too large to analyse in memory ({stage}); {after}")
        else:
            what = describe_error(e)
            self.add("BOT006", f"this file could not be fully analysed: internal error in {stage} "
                               f"({what}); a file can use this to hide code")
            self.errors.append(f"{self.display}: internal error in {stage} ({what}); {after}")

    def run(self, data: bytes) -> FileResult:
        size = len(data)
        if size > HARD_SIZE_LIMIT:
            self.add("BOT003", f"file is {size:,} bytes, over botlint's hard limit of {HARD_SIZE_LIMIT:,}: not scanned")
            return self.finish()
        if is_binary(data, self.display):
            self.notes.append(f"{self.display}: binary file, skipped")
            return FileResult([], self.notes)
        if self.kind == "text" and is_generated(data):
            self.notes.append(f"{self.display}: generated by Cython, skipped (its .pyx source is checked)")
            return FileResult([], self.notes)
        text, err = decode(data, self.kind == "python")
        self.text = text
        if err:
            self.add("BOT002", f"file could not be decoded: {err[1]}; scanned for secrets with "
                               "undecodable bytes replaced", line=err[0])
        too_big = size > self.settings.max_file_size
        if too_big and self.kind == "python":
            self.add("BOT003", f"file is {size:,} bytes, over max-file-size ({self.settings.max_file_size:,}):"
                               " only the secrets pass ran")
        if self.kind == "python" and not too_big:
            try:
                self.walk(text)
            except Exception as e:  # noqa: BLE001 - one file never ends the run
                self.failed("the rules", e)
        # a Python file whose tree could not be walked gets the name-aware line scan instead
        # (after a recovery from libcst's grammar gaps the rules did walk the rest: BOT006 alone
        # does not count)
        unwalked = self.kind == "python" and any(
            r.code in ("BOT001", "BOT003", "BOT004") or (r.code == "BOT006" and self.module is None)
            for r in self.raw)
        try:
            self.secrets_pass(text, name_scan=unwalked)
        except Exception as e:  # noqa: BLE001
            self.failed("the secrets pass", e, keep=True)  # the rules did their part
        return self.finish()

    # -- python ------------------------------------------------------------------------
    def walk(self, text: str) -> None:
        rules = [r for r in registry.walking_rules() if set(r.codes()) & self.enabled]
        if rules:
            rules = [r for r in rules if r.precheck(text)]
        # a cheap, crash-proof syntax and nesting check first: CPython's parser refuses what
        # would overflow libcst's native parser, and is ~10x faster when no rule needs libcst
        tree = None
        try:
            # at the default recursion limit on purpose: deeper trees make libcst's parser slow
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                tree = ast.parse(text)
            ast_error = None
        except RecursionError:
            # a long if/elif chain or a deep expression: retry on the big stack; deep
            # expressions are blanked for libcst below (BOT006), the rest is analysed
            tree = _deep_statements_only(text)
            if tree is None:
                self.add("BOT004", "nesting too deep to parse safely; rules skipped, secrets pass ran")
                return
            ast_error = None
        except MemoryError:
            self.add("BOT004", "nesting too deep to parse safely; rules skipped, secrets pass ran")
            return
        except SyntaxError as e:
            if "too many nested" in str(e.msg) or "too complex" in str(e.msg):
                self.add("BOT004", f"nesting too deep to parse safely ({e.msg}); rules skipped",
                         line=e.lineno or 1)
                return
            ast_error = e
        except ValueError as e:  # null bytes
            ast_error = SyntaxError(str(e))
        if ast_error is None and not rules and "BOT006" not in self.enabled:
            return
        if bracket_depth(text) > MAX_BRACKET_DEPTH:
            self.add("BOT004", "nesting too deep to parse safely; rules skipped, secrets pass ran")
            return
        import libcst as cst

        source = text
        if tree is not None and ast_error is None:
            deep = deep_expression_statements(tree)
            if deep:
                source = _blanked(_line_pieces(text), deep)
                for a, b in deep:
                    self.add("BOT006", degraded_message(a, b, _TOO_DEEP), line=a, end_line=b)
        try:
            module = cst.parse_module(source)
            parsed = source
        except cst.ParserSyntaxError as e:
            recovered = recover(source, tree, e) if tree is not None else None
            if recovered is None:
                if ast_error is None:
                    # Python accepts this file and libcst does not: never a silent pass
                    n = len(split_lines(text)) or 1
                    self.add("BOT006", degraded_message(1, n), line=1)
                    return
                self.syntax_error(text, ast_error, e)
                return
            module, parsed, ranges = recovered
            for a, b in ranges:
                self.add("BOT006", degraded_message(a, b), line=a, end_line=b)
        except RecursionError:
            self.add("BOT004", "nesting too deep to parse; rules skipped, secrets pass ran")
            return
        if not rules:
            return
        self.module = module
        self.parsed_text = parsed
        try:
            self.run_rules(module, rules, parsed)
        except Exception as e:  # a bug in a rule must not cost the file its secrets pass
            self.failed("the rules", e)

    def syntax_error(self, text: str, ast_error: SyntaxError, e) -> None:
        line = getattr(ast_error, "lineno", None) or getattr(e, "raw_line", 1) or 1
        col = getattr(ast_error, "offset", None) or (getattr(e, "raw_column", 0) + 1) or 1
        # CPython's message names no source text; libcst's str() would quote the line
        msg = escape(str(getattr(ast_error, "msg", "") or "invalid syntax"))[:200]
        hint = " (this looks like Python 2 code)" if _PY2.search(text) else ""
        self.add("BOT001", f"syntax error{hint}: {msg}; rules skipped, secrets pass ran",
                 line=line, col=max(1, int(col)))

    def run_rules(self, module, rules, text: str) -> None:
        from .analysis.imports import ImportMap
        from .rule import FileContext, tracker

        ctx = FileContext(path=self.display, source=text, settings=self.settings,
                          is_test=is_test_path(self.display), imports=ImportMap())
        from .analysis import ANALYSES

        needed = sorted({a for r in rules for a in r.ANALYSES})
        visitors = [tracker(ctx)] + [ANALYSES[a](ctx) for a in needed] + [r(ctx) for r in rules]
        from .walker import walk

        try:
            walk(module, visitors)
        except RecursionError:
            self.raw.clear()
            self.module = None
            self.add("BOT004", "nesting too deep to walk; rules skipped, secrets pass ran")
            return
        self.raw.extend(ctx.raw)

    # -- secrets -----------------------------------------------------------------------
    def secrets_pass(self, text: str, name_scan: bool = False) -> None:
        if not any(c.startswith("BOT1") for c in self.enabled):
            return
        from .secrets import scan_text
        from .secrets import shapes

        index = LineIndex(text)
        for h in scan_text(text, self.display, self.kind, self.settings, self.enabled, name_scan):
            line, col = index.pos(h.start)
            end_line, end_col = index.pos(h.end)
            msg = h.message or secret_message(h.label, f"`{h.key}`" if h.key else "", h.length, h.shape)
            self.add(h.code, msg, line, col, end_line, end_col, confidence=h.confidence,
                     secret_hash=h.secret_hash, specificity=shapes.SPECIFICITY.get(h.code, 0))

    # -- results -----------------------------------------------------------------------
    def positions(self) -> None:
        need = [r for r in self.raw if r.span is None and r.node is not None]
        if not need:
            return
        if self.module is None:
            for r in need:  # pragma: no cover - node findings are dropped with the module
                r.span = (1, 1, 1, 1)
            return
        from .positions import approximate, forget, positions_for

        where: Dict[int, Tuple[int, int]] = {}
        try:
            pos = positions_for(self.module)
        except Exception:  # noqa: BLE001 - too deep for libcst's codegen: best-effort lines
            try:
                pos, where = approximate(self.module, self.parsed_text,
                                         [n for r in need for n in (r.node, r.stmt) if n is not None])
            except Exception:  # noqa: BLE001
                pos, where = {}, {}
            self.notes.append(f"{self.display}: code too deeply nested for exact positions; "
                              "some findings are reported at the line of their top-level statement")
        finally:
            forget()
        stmt_spans = None
        for r in need:
            rng = pos.get(r.node)
            if rng is None:
                line = where.get(id(r.node), (1, 1))[0]
                r.span = (line, 1, line, 1)
                continue
            r.span = (rng.start.line, rng.start.column + 1, rng.end.line, rng.end.column + 1)
            srng = pos.get(r.stmt) if r.stmt is not None else None
            if srng is not None:
                r.stmt_lines = (srng.start.line, srng.end.line)
            else:
                # reported after the walk (at leave_Module): find the enclosing statement here
                if stmt_spans is None:
                    import libcst as cst

                    stmt_spans = sorted((p.start.line, p.end.line) for p in
                                        (pos[n] for n in pos if isinstance(n, cst.SimpleStatementLine)))
                inner = [sp for sp in stmt_spans if sp[0] <= r.span[0] and r.span[2] <= sp[1]]
                if inner:
                    r.stmt_lines = min(inner, key=lambda sp: sp[1] - sp[0])

    def finish(self) -> FileResult:
        self.positions()
        raws = _merge(self.raw)
        lines = split_lines(self.text)
        is_test = is_test_path(self.display)
        ignored = _per_file_ignored(self.display, self.settings)
        out: List[Finding] = []
        for r in raws:
            if r.code not in self.enabled or r.code in ignored:
                continue
            meta = registry.get(r.code)
            sev = r.severity or meta.SEVERITY
            if is_test and r.code.startswith("BOT1"):
                sev = sev.lowered()
            line, col, end_line, end_col = r.span
            out.append(Finding(
                code=r.code, name=meta.NAME, message=r.message, path=self.display,
                location=Location(line, col, end_line, end_col), severity=sev,
                confidence=r.confidence or meta.CONFIDENCE, secret_hash=r.secret_hash,
                suppress_lines=tuple(r.stmt_lines),
            ))
        # a comment inside the code botlint could not check must not hide that fact: BOT006
        # is silenced by configuration (ignore, per-file-ignores) only
        degraded = [f for f in out if f.code == "BOT006"]
        out = filter_findings([f for f in out if f.code != "BOT006"], lines,
                              self.settings.secrets.allowlist_markers,
                              disabled=self.settings.ignore_noqa) + degraded
        out = _with_snippets(out, lines, raws)
        out.sort(key=Finding.sort_key)
        return FileResult(out, self.notes, self.errors)

    def bare(self, e: BaseException) -> FileResult:
        """Last resort when finishing itself failed: the engine-made findings only, built
        without suppressions or snippets (nothing here can touch the tree again)."""
        self.failed("the report", e, keep=True)
        out = []
        for r in self.raw:
            if not r.span:
                continue
            if r.code not in self.enabled:
                continue
            meta = registry.get(r.code)
            line, col, end_line, end_col = r.span
            out.append(Finding(code=r.code, name=meta.NAME, message=r.message, path=self.display,
                               location=Location(line, col, end_line, end_col),
                               severity=r.severity or meta.SEVERITY,
                               confidence=r.confidence or meta.CONFIDENCE, secret_hash=r.secret_hash))
        out.sort(key=Finding.sort_key)
        return FileResult(out, self.notes, self.errors)


_TOKEN = re.compile(r"[A-Za-z0-9+/_\-.~]{10,}={0,2}")


def redact_line(line: str, spans: Sequence[Tuple[int, int]]) -> str:
    """The line with every reported secret span and every random-looking token masked, so
    a code frame can never print a secret (reported or not)."""
    from .analysis.values import looks_random

    chars = list(line[:500])
    for start, end in spans:
        for i in range(max(0, start - 1), min(len(chars), end - 1)):
            if not chars[i].isspace():
                chars[i] = "*"
    text = "".join(chars)

    def mask(m: "re.Match[str]") -> str:
        tok = m.group(0)
        if re.fullmatch(r"[A-Z][A-Z0-9_]*|[a-z][a-z0-9_.]*", tok.rstrip("=")) and not looks_random(tok.rstrip("=")):
            return tok  # identifiers, env var names, dotted names
        return "*" * len(tok) if looks_random(tok, 3.0, 2.5, 10) else tok

    return _TOKEN.sub(mask, text)


def _with_snippets(findings: List[Finding], lines: Sequence[str], raws: list) -> List[Finding]:
    from dataclasses import replace

    spans: Dict[int, List[Tuple[int, int]]] = {}
    for r in raws:
        if r.code.startswith("BOT1") and r.span:
            for ln in range(r.span[0], r.span[2] + 1):
                start = r.span[1] if ln == r.span[0] else 1
                end = r.span[3] if ln == r.span[2] else 10**6
                spans.setdefault(ln, []).append((start, end))
    out = []
    for f in findings:
        ln = f.location.line
        text = lines[ln - 1] if 0 < ln <= len(lines) else ""
        out.append(replace(f, snippet=redact_line(text, spans.get(ln, ()))))
    return out


def _merge(raws: list) -> list:
    """One finding per secret per place: where BOT1 findings overlap (same span, or the same
    secret on the same line), the most specific code wins.

    Linear-logarithmic: the kept spans never overlap one another, so a new span overlaps one of
    them only if the kept span starting last before it reaches into it, or the first one
    starting at or after it starts inside it (a sorted list of starts, bisected)."""
    secrets = [r for r in raws if r.code.startswith("BOT1") and r.span]
    others = [r for r in raws if not (r.code.startswith("BOT1") and r.span)]
    secrets.sort(key=lambda r: (-r.specificity, -(r.confidence or 0), r.span))
    kept: list = []
    starts: list = []  # sorted (start, end) of kept spans
    seen_secrets: set = set()  # (secret hash, line) of kept spans
    for r in secrets:
        a0, a1 = (r.span[0], r.span[1]), (r.span[2], r.span[3])
        if r.secret_hash and (r.secret_hash, r.span[0]) in seen_secrets:
            continue
        i = bisect.bisect_left(starts, (a0,))
        if i > 0 and starts[i - 1][1] > a0:
            continue  # a kept span starting before this one reaches into it
        if i < len(starts) and (starts[i][0] < a1 or starts[i][0] == a0):
            continue  # a kept span starts inside this one (or where it starts)
        starts.insert(i, (a0, a1))
        if r.secret_hash:
            seen_secrets.add((r.secret_hash, r.span[0]))
        kept.append(r)
    # several findings of one non-secret code on one node: keep one
    seen = set()
    uniq = []
    for r in others:
        key = (r.code, r.span, r.message)
        if key in seen:
            continue
        seen.add(key)
        uniq.append(r)
    return kept + uniq


def _per_file_ignored(path: str, settings: Settings) -> Set[str]:
    if not settings.per_file_ignores:
        return set()
    import fnmatch

    from .discovery import _matches

    out: Set[str] = set()
    rel = path
    try:
        absp = os.path.abspath(path)
        root = os.path.realpath(settings.root)
        if os.path.commonpath([absp, root]) == root:
            rel = os.path.relpath(absp, root).replace(os.sep, "/")
    except ValueError:
        pass
    for pattern, codes in settings.per_file_ignores.items():
        if fnmatch.fnmatchcase(rel, pattern) or _matches(rel, [pattern]):
            for c in codes:
                out |= registry.expand(c)
    return out


def lint_bytes(display: str, data: bytes, kind: str, settings: Settings) -> FileResult:
    """Never raises (short of KeyboardInterrupt): whatever fails in one file becomes that
    file's BOT0xx finding, so every other file is still reported."""
    linter = _FileLinter(display, kind, settings)
    try:
        return linter.run(data)
    except Exception as e:  # noqa: BLE001 - an internal error on one file must not end the run
        try:
            return linter.bare(e)
        except Exception as e2:  # noqa: BLE001
            return FileResult([], [], [f"{display}: internal error ({describe_error(e2)}); file skipped"])


def _in_big_stack(fn, *args):
    """Run fn in a thread with a large native stack: libcst's parser recurses deeply."""
    box: dict = {}

    def target():
        try:
            box["result"] = fn(*args)
        except BaseException as e:  # pragma: no cover - re-raised below
            box["error"] = e

    old = threading.stack_size()
    try:
        threading.stack_size(_STACK_SIZE)
        t = threading.Thread(target=target, name="botlint-file")
        t.start()
    finally:
        threading.stack_size(old)
    t.join()
    if "error" in box:
        raise box["error"]
    return box["result"]


def _lint_chunk(chunk: Sequence[Tuple[str, bytes, str]], settings: Settings) -> List[FileResult]:
    def work():
        return [lint_bytes(d, data, kind, settings) for d, data, kind in chunk]

    return _in_big_stack(work)


# -- many files -----------------------------------------------------------------------------

def read_task(task: FileTask) -> Tuple[Optional[bytes], Optional[str]]:
    if task.fs_path == "-":
        return sys.stdin.buffer.read(), None
    try:
        if os.path.getsize(task.fs_path) > HARD_SIZE_LIMIT:
            return None, TOO_LARGE
        # O_NONBLOCK: a FIFO swapped in after discovery must not block the open (defence in depth)
        with open(task.fs_path, "rb", opener=lambda p, fl: os.open(p, fl | getattr(os, "O_NONBLOCK", 0))) as fh:
            if not stat.S_ISREG(os.fstat(fh.fileno()).st_mode):
                return None, "not a regular file"
            return fh.read(HARD_SIZE_LIMIT + 1), None
    except OSError as e:
        return None, e.strerror or type(e).__name__


TOO_LARGE = "too large"


def _unreadable(task: FileTask, reason: str, settings: Settings) -> FileResult:
    linter = _FileLinter(task.display, task.kind, settings)
    if reason == TOO_LARGE:
        linter.add("BOT003", f"file is over botlint's hard limit of {HARD_SIZE_LIMIT:,} bytes: not scanned")
    else:
        linter.add("BOT005", f"file could not be read: {reason}")
    return linter.finish()


def lint_tasks(tasks: List[FileTask], settings: Settings, jobs: Optional[int] = None,
               use_cache: bool = True, cache_dir: Optional[str] = None,
               progress: Optional[Callable[[int], None]] = None) -> RunResult:
    """``progress(n)``, when given, is called as files finish (n of them each time)."""
    from .cache import Cache

    cache = Cache.open(settings, cache_dir) if use_cache else None
    results: Dict[int, FileResult] = {}
    todo: List[Tuple[int, str, bytes, str, str]] = []
    cached = 0
    for i, task in enumerate(tasks):
        data, err = read_task(task)
        if data is None:
            results[i] = _unreadable(task, err or "unknown error", settings)
            continue
        key = cache.key(task.display, task.kind, data) if cache else ""
        hit = cache.get(key) if cache else None
        if hit is not None:
            results[i] = hit
            cached += 1
            continue
        todo.append((i, task.display, data, task.kind, key))

    if progress is not None and len(todo) < len(tasks):
        progress(len(tasks) - len(todo))  # cache hits and unreadable files
    for (i, _d, _data, _k, key), res in zip(todo, _run_pool(todo, settings, jobs, progress)):
        results[i] = res
        if cache and not res.errors:
            cache.put(key, res)
    if cache:
        cache.save()
    findings: List[Finding] = []
    notes: List[str] = []
    errors: List[str] = []
    for i in range(len(tasks)):
        findings.extend(results[i].findings)
        notes.extend(results[i].notes)
        errors.extend(results[i].errors)
    findings.sort(key=Finding.sort_key)
    # fingerprints need the repository root, which depends on where the run is, not on the
    # file's content: set after the cache, over the whole run (model.with_fingerprints)
    findings = with_fingerprints(findings, settings.root)
    return RunResult(findings, notes, len(tasks), cached, errors)


def _run_pool(todo, settings: Settings, jobs: Optional[int], progress=None) -> List[FileResult]:
    items = [(d, data, kind) for _i, d, data, kind, _key in todo]
    jobs = jobs or os.cpu_count() or 1
    total = sum(len(x[1]) for x in items)
    if jobs <= 1 or len(items) < 4 or total < 100_000:
        if progress is None:
            return _lint_chunk(items, settings)
        done: List[FileResult] = []
        for it in items:  # one file at a time, so the progress line moves
            done.extend(_lint_chunk([it], settings))
            progress(1)
        return done
    import concurrent.futures as cf
    import multiprocessing as mp

    # chunks of roughly equal bytes, several per worker, in input order
    target = max(20_000, total // (jobs * 8))
    chunks: List[List[int]] = [[]]
    acc = 0
    for idx, it in enumerate(items):
        if acc >= target and chunks[-1]:
            chunks.append([])
            acc = 0
        chunks[-1].append(idx)
        acc += len(it[1])
    ctx = mp.get_context("fork") if sys.platform.startswith("linux") else None
    if ctx is not None:
        _warm_up()  # forked workers inherit imports and tables instead of each loading them
    # biggest chunks first, so one large file does not finish last on a single core
    chunks.sort(key=lambda ch: -sum(len(items[j][1]) for j in ch))
    out: List[Optional[FileResult]] = [None] * len(items)
    try:
        with cf.ProcessPoolExecutor(max_workers=jobs, mp_context=ctx) as pool:
            futs = {pool.submit(_lint_chunk, [items[j] for j in ch], settings): ch for ch in chunks}
            for fut in cf.as_completed(futs):
                try:
                    results = fut.result()
                except Exception:  # noqa: BLE001 - never re-raise a worker's exception here:
                    continue  # its files are retried one by one below
                for j, res in zip(futs[fut], results):
                    out[j] = res
                if progress is not None:
                    progress(len(futs[fut]))
    except (cf.process.BrokenProcessPool, OSError):
        pass  # a worker died (a native crash on some file): isolate the rest below
    for j, res in enumerate(out):
        if res is None:
            out[j] = _isolated(items[j], settings)
    return out  # type: ignore[return-value]


def _warm_up() -> None:
    import libcst  # noqa: F401

    from . import hashkey
    from .secrets import ds_adapter, shapes

    hashkey.key()  # one key for every worker, even when it is a per-process one

    registry.walking_rules()
    ds_adapter._plugins()
    shapes.bip39_words()


def _isolated(item, settings: Settings) -> FileResult:
    """Lint one file in a process of its own; if that process dies, report it and still run
    the secrets pass here (regexes only, which cannot crash the interpreter)."""
    import concurrent.futures as cf
    import multiprocessing as mp

    ctx = mp.get_context("fork") if sys.platform.startswith("linux") else None
    try:
        with cf.ProcessPoolExecutor(max_workers=1, mp_context=ctx) as pool:
            return pool.submit(_lint_chunk, [item], settings).result()[0]
    except Exception:  # noqa: BLE001 - a dead worker, or an exception that escaped it
        display, data, kind = item
        linter = _FileLinter(display, "config" if kind != "python" else kind, settings)
        linter.add("BOT004", "the parser crashed on this file (pathological nesting?); rules "
                             "skipped, secrets pass ran")
        try:
            text, _ = decode(data, kind == "python")
            linter.text = text
            linter.secrets_pass(text, name_scan=True)
            return linter.finish()
        except Exception as e:  # noqa: BLE001
            return linter.bare(e)


def lint_paths(paths: Iterable[str], settings: Settings, jobs: Optional[int] = None,
               use_cache: bool = True, cache_dir: Optional[str] = None,
               force_exclude: bool = False) -> RunResult:
    tasks, notes = discover(list(paths), settings, force_exclude=force_exclude)
    res = lint_tasks(tasks, settings, jobs=jobs, use_cache=use_cache, cache_dir=cache_dir)
    res.notes[:0] = notes
    return res


def lint_source(source, filename: str = "example.py", settings: Optional[Settings] = None) -> List[Finding]:
    """Lint a string (or bytes) as if it were the file ``filename``; serial, no cache."""
    from .config import Settings as _S
    from .discovery import file_kind

    if settings is None:
        settings = _S()
        settings.resolve_rules()
    data = source.encode("utf-8") if isinstance(source, str) else source
    kind = file_kind(filename) or "text"
    return with_fingerprints(_lint_chunk([(filename, data, kind)], settings)[0].findings, settings.root)
