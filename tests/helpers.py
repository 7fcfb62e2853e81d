"""Shared by the tests: settings, fixture markers, fixture secrets."""
from __future__ import annotations

import os
import re
from typing import Iterable, List, Optional, Set, Tuple

from botlint.config import Settings

MARKER = re.compile(r"(?:#|//|;)\s*error:\s*\[([^\]]+)\]")
SELECT = re.compile(r"(?:#|//|;)\s*select:\s*([A-Za-z0-9_, -]+)")


def settings(select: Optional[Iterable[str]] = None, ignore_noqa: bool = False, **kw) -> Settings:
    s = Settings()
    s.select = list(select) if select is not None else None
    s.ignore_noqa = ignore_noqa
    for k, v in kw.items():
        setattr(s, k, v)
    s.resolve_rules()
    return s


def expected_markers(text: str) -> Set[Tuple[int, str]]:
    """{(line, code)} from `# error: [code-or-name, ...]` markers."""
    from botlint import registry

    out = set()
    for i, line in enumerate(text.splitlines(), 1):
        for m in MARKER.finditer(line):
            for sel in m.group(1).split(","):
                sel = sel.strip()
                if sel:
                    out.add((i, registry.get(sel).CODE))
    return out


def fixture_select(path: str, text: str) -> list:
    m = SELECT.search(text.split("\n", 3)[0] if text else "")
    if m:
        return [s.strip() for s in m.group(1).split(",") if s.strip()]
    fam = re.match(r"(BOT\d)", os.path.basename(path))
    return [fam.group(1)] if fam else ["ALL"]


_QUOTED = re.compile(r"""["']([^"'\s]{12,})["']|=\s*([^\s"'#]{16,})""")


def secrets_in(text: str) -> Set[str]:
    """Every random-looking literal on a line that expects a BOT1 finding."""
    from botlint.analysis.values import looks_random

    out = set()
    for line in text.splitlines():
        m = MARKER.search(line)
        if not m or "BOT1" not in m.group(1).upper() and "hardcoded" not in m.group(1):
            continue
        for q in _QUOTED.finditer(line):
            tok = q.group(1) or q.group(2)
            for piece in re.split(r"[\\/]n|/", tok):
                if re.fullmatch(r"[a-z][a-z_]*|[A-Z][A-Z_]*|[a-z0-9.-]+\.[a-z]{2,}", piece):
                    continue  # a key, an env var name or a host name, not a value
                if len(piece) >= 12 and looks_random(piece, 3.0, 2.5, 12):
                    out.add(piece)
    return out


def run_cli(capsys, *argv) -> Tuple[int, str, str]:
    """botlint's main() in-process: (exit code, stdout, stderr)."""
    from botlint.cli import main

    rc = main(list(argv))
    out, err = capsys.readouterr()
    return rc, out, err


_TOKEN = re.compile(r"[A-Za-z0-9_+-]{12,}")


def random_literals(text: str) -> Set[str]:
    """Every random-looking token of 12+ characters in ``text`` (cut at ``/``, ``:``, ``=``, ``.``,
    quotes and spaces), whatever line it is on: what a fixture without markers plants.  A
    ``0x`` prefix is dropped, so the value is found however a renderer spells it."""
    from botlint.analysis.values import looks_random

    out = set()
    for tok in _TOKEN.findall(text):
        tok = tok[2:] if tok.startswith("0x") else tok
        if re.fullmatch(r"[a-z][a-z_]*|[A-Z][A-Z_]*|[A-Za-z]+(?:_[A-Za-z]+)+", tok):
            continue  # a key or an env var name, not a value
        if len(tok) >= 12 and looks_random(tok, 3.0, 2.5, 12):
            out.add(tok)
    return out


def lint_project(tmp_path, monkeypatch, files, select=("BOT3", "BOT4")):
    """Write ``files`` (relative path -> text) under ``tmp_path`` and lint the tree from there
    (the link step across modules included): (sorted (path, line, code), the findings)."""
    from botlint.engine import lint_paths

    for rel, text in files.items():
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    monkeypatch.chdir(tmp_path)
    res = lint_paths(["."], settings(list(select)), use_cache=False)
    assert not res.errors
    return sorted((f.path, f.line, f.code) for f in res.findings), res.findings


def where(found) -> List[Tuple[str, int, str]]:
    """(path, line, code) of (path, line, code, message) findings."""
    return [(p, line, code) for p, line, code, _m in found]


def line_of(text: str, needle: str) -> int:
    """The 1-based line of the first line of ``text`` holding ``needle``."""
    return next(i for i, line in enumerate(text.split("\n"), 1) if needle in line)


def write_tree(root, files) -> None:
    """Write ``{relative path: text}`` under ``root``, making directories."""
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)


def finding_rows(run) -> list:
    """A run's findings as dicts, asserting it had no internal error."""
    assert not run.errors
    return [f.to_dict() for f in run.findings]


def gate_runs(files, tmp_path, monkeypatch) -> dict:
    """The project ``files`` linted with the pre-checks on ("1") and off ("0"): for each, the
    rows of a run without cache, cold, warm, and a pre-commit run over each Python file alone
    with the rest from the cache; the first three asserted equal.  The caller compares "1"
    with "0" (an equivalence test of a gate)."""
    from botlint.engine import lint_paths
    from botlint.rule import PREFILTER_ENV

    write_tree(tmp_path / "p", files)
    monkeypatch.chdir(tmp_path / "p")
    runs = {}
    for gate in ("1", "0"):
        monkeypatch.setenv(PREFILTER_ENV, gate)
        cache = str(tmp_path / f"cache{gate}")
        full = lint_paths(["."], settings(["ALL"]), jobs=1, use_cache=False)
        cold = lint_paths(["."], settings(["ALL"]), jobs=1, cache_dir=cache)
        warm = lint_paths(["."], settings(["ALL"]), jobs=1, cache_dir=cache)
        few = [finding_rows(lint_paths([rel], settings(["ALL"]), jobs=1, cache_dir=cache))
               for rel in sorted(files) if rel.endswith(".py")]
        runs[gate] = (finding_rows(full), finding_rows(cold), finding_rows(warm), few)
        assert runs[gate][0] == runs[gate][1] == runs[gate][2]
    return runs


_FAMILY_MARK = re.compile(r"#> (BOT\d\d\d)")


def check_marked(src: str, select: Iterable[str], filename: str = "bot.py") -> List[Tuple[int, str, str]]:
    """Lint a small module whose expected findings are marked on their lines (``#> BOT201``):
    the (line, code) pairs found must be exactly the marked ones.  Returns (line, code, message)."""
    from botlint.engine import lint_source

    got = sorted((f.location.line, f.code, f.message) for f in lint_source(src, filename, settings(list(select))))
    want = {(i, m.group(1)) for i, line in enumerate(src.splitlines(), 1) for m in _FAMILY_MARK.finditer(line)}
    assert {(line, code) for line, code, _m in got} == want, got
    return got
