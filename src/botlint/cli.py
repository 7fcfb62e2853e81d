"""Command line: ``botlint [check] [PATHS...]`` and ``botlint rule CODE|NAME|--all``.

``main(argv) -> int`` never raises and never prints a traceback: exit 0 clean, 1 findings,
2 usage/config/internal error with a one-line reason on stderr.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
from typing import List, Optional, Sequence

from . import __version__
from .report import FORMATS

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


class UsageError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line, exit 2
        raise UsageError(message)


def _codes(value: str) -> List[str]:
    return [v.strip() for v in value.split(",") if v.strip()]


def _check_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="botlint check", description="Lint trading-bot code for security problems.")
    p.add_argument("paths", nargs="*", default=None, help="files or directories (default: .); - for stdin")
    p.add_argument("--select", type=_codes, action="extend", default=None, metavar="CODES",
                   help="rules to enable (codes, prefixes such as BOT1, names, or ALL); replaces the default set")
    p.add_argument("--ignore", type=_codes, action="extend", default=[], metavar="CODES")
    p.add_argument("--extend-select", type=_codes, action="extend", default=[], metavar="CODES")
    p.add_argument("--extend-exclude", type=_codes, action="extend", default=[], metavar="GLOBS")
    p.add_argument("--force-exclude", action="store_true",
                   help="apply excludes to paths named on the command line too (for pre-commit)")
    p.add_argument("--format", "--output-format", dest="format", choices=FORMATS, default=None)
    p.add_argument("--output-file", "-o", default=None)
    p.add_argument("--exit-zero", action="store_true", help="exit 0 even with findings (2 still means an error)")
    p.add_argument("--statistics", action="store_true", help="counts per rule instead of findings")
    p.add_argument("--no-cache", action="store_true")
    p.add_argument("--cache-dir", default=None)
    p.add_argument("--config", default=None, metavar="FILE", help="a pyproject.toml or botlint.toml to use")
    p.add_argument("--isolated", action="store_true", help="ignore every configuration file")
    p.add_argument("--ignore-noqa", action="store_true",
                   help="ignore inline suppressions (for vetting someone else's bot)")
    p.add_argument("--stdin-filename", default=None)
    p.add_argument("--jobs", "-j", type=int, default=None)
    p.add_argument("--quiet", "-q", action="store_true", help="print findings only, no notes or summary")
    p.add_argument("--version", action="version", version=f"botlint {__version__}")
    return p


def _rule_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="botlint rule", description="Show a rule's documentation.")
    p.add_argument("rule", nargs="?", help="code or name, e.g. BOT101 or hardcoded-api-credential")
    p.add_argument("--all", action="store_true")
    p.add_argument("--format", "--output-format", dest="format", choices=("text", "json"), default="text")
    return p


def _use_color(stream) -> bool:
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return hasattr(stream, "isatty") and stream.isatty() and os.environ.get("TERM") != "dumb"


def _err(msg: str) -> int:
    sys.stderr.write(f"botlint: error: {' '.join(str(msg).split())}\n")
    return EXIT_ERROR


def main(argv: Optional[Sequence[str]] = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    try:
        if args[:1] == ["rule"]:
            return _rule(args[1:])
        if args[:1] == ["check"]:
            args = args[1:]
        if args[:1] in (["--version"], ["-V"]):
            sys.stdout.write(f"botlint {__version__}\n")
            return EXIT_CLEAN
        return _check(args)
    except UsageError as e:
        return _err(f"{e} (see botlint --help)")
    except KeyboardInterrupt:
        return _err("interrupted")
    except BrokenPipeError:
        return EXIT_ERROR
    except SystemExit as e:  # --help
        return int(e.code or 0) if isinstance(e.code, int) else EXIT_CLEAN
    except Exception as e:  # an internal error: one line, no traceback
        return _err(f"internal error: {type(e).__name__}: {e}")


def _rule(argv: List[str]) -> int:
    from . import registry
    from .docs import rule_json, rule_markdown

    ns = _rule_parser().parse_args(argv)
    if ns.all:
        rules = registry.all_rules()
    elif ns.rule:
        try:
            rules = [registry.get(ns.rule)]
        except KeyError:
            return _err(f"unknown rule {ns.rule!r}")
    else:
        raise UsageError("give a rule code or name, or --all")
    if ns.format == "json":
        data = [rule_json(r) for r in rules]
        sys.stdout.write(json.dumps(data if ns.all else data[0], indent=2) + "\n")
    else:
        sys.stdout.write("\n".join(rule_markdown(r) for r in rules))
    return EXIT_CLEAN


def _check(argv: List[str]) -> int:
    from .config import ConfigError, load_settings, merge_cli
    from .engine import lint_paths, lint_tasks
    from .discovery import FileTask, file_kind
    from .report import render
    from .report.github import write_step_summary

    ns = _check_parser().parse_args(argv)
    paths = ns.paths or ["."]
    if ns.jobs is not None and ns.jobs < 1:
        raise UsageError("--jobs must be at least 1")
    try:
        settings = load_settings(ns.config, isolated=ns.isolated)
        merge_cli(settings, select=ns.select, ignore=ns.ignore, extend_select=ns.extend_select,
                  extend_exclude=ns.extend_exclude, ignore_noqa=ns.ignore_noqa)
    except ConfigError as e:
        return _err(str(e))
    if "-" in paths:
        if len(paths) > 1:
            raise UsageError("- (stdin) cannot be combined with other paths")
        name = ns.stdin_filename or "-"
        task = FileTask(name, "-", file_kind(name) or "python")
        result = lint_tasks([task], settings, jobs=1, use_cache=False)
    else:
        result = lint_paths(paths, settings, jobs=ns.jobs, use_cache=not ns.no_cache,
                            cache_dir=ns.cache_dir, force_exclude=ns.force_exclude)
    if not ns.quiet:
        for note in result.notes:
            sys.stderr.write(f"botlint: {note}\n")
    for error in result.errors:
        sys.stderr.write(f"botlint: error: {error}\n")
    missing = [n for n in result.notes if n.endswith("no such file or directory")]
    if missing and result.files == 0:
        return EXIT_ERROR
    fmt = ns.format or "full"
    out_stream = sys.stdout
    if ns.statistics:
        text = _statistics(result.findings, fmt)
    else:
        color = fmt == "full" and not ns.output_file and _use_color(sys.stdout)
        text = render(fmt, result.findings, files=result.files, color=color, errors=result.errors, root=settings.root)
        if fmt == "github":  # and $GITHUB_STEP_SUMMARY is set (report.github)
            write_step_summary(result.findings, files=result.files, root=settings.root, errors=result.errors)
        if ns.quiet and fmt == "full":
            text = "\n".join(l for l in text.splitlines() if not l.startswith(("Found ", "All checks"))) + "\n"
    if ns.output_file:
        try:
            with open(ns.output_file, "w", encoding="utf-8") as fh:
                fh.write(text)
        except OSError as e:
            return _err(f"cannot write {ns.output_file}: {e.strerror}")
    else:
        out_stream.write(text)
    if result.errors:
        return EXIT_ERROR
    if result.findings and not ns.exit_zero:
        return EXIT_FINDINGS
    return EXIT_CLEAN


def _statistics(findings, fmt: str) -> str:
    from . import registry

    counts = {}
    for f in findings:
        counts[f.code] = counts.get(f.code, 0) + 1
    rows = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    if fmt == "json":
        return json.dumps([{"code": c, "name": registry.get(c).NAME, "count": n} for c, n in rows], indent=2) + "\n"
    return "".join(f"{n:>5}  {c}  {registry.get(c).NAME}\n" for c, n in rows)
