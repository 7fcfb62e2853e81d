"""Command line: ``botlint [check] [PATHS...]``, ``botlint history [PATH]`` (``botlint.history``)
and ``botlint rule CODE|NAME|--all``.

``main(argv) -> int`` never raises and never prints a traceback: exit 0 clean, 1 findings,
2 usage/config/internal error with a one-line reason on stderr.  Every path or name that came
from the scanned tree goes through ``report.terminal_text`` (``text.escape`` plus workflow-command
breaking) before it reaches stderr, so a file name cannot forge an output line or send a terminal
escape.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
from typing import Callable, Dict, List, Mapping, NoReturn, Optional, Sequence

from . import __version__
from .config import ConfigError
from .report import FORMATS, display_path, terminal_text

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
SEVERITY_CHOICES = ("low", "medium", "high", "critical")

USAGE = """botlint [check] [options] [PATHS ...]
       botlint history [PATH] [--since REV] [--all] [options]
       botlint baseline [options] [PATHS ...] [-o FILE] [--from-detect-secrets FILE]
       botlint rule (CODE | NAME | --all) [--format text|json]
       botlint audit PATH [--format text|markdown|html|json] | botlint audit --diff OLD NEW"""
HISTORY_USAGE = "botlint history [PATH] [--since REV] [--all] [options]"
SUBCOMMANDS = """subcommands:
  check    lint files and directories (the default: `botlint src/` is `botlint check src/`)
  history  find secrets in every commit of a git repository (`botlint history .`)
  rule     show a rule's documentation (`botlint rule BOT101`, `botlint rule --all`)
  baseline record today's findings, so that check reports only new ones (`botlint baseline --help`)
  audit    is it safe to give this bot my API keys? one report on a project (`botlint audit ./bot`)

exit codes: 0 no findings, 1 findings, 2 usage, configuration or internal error"""


class UsageError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    def __init__(self, *args, **kwargs) -> None:
        # like ruff (clap): no abbreviated options, so a typo is an error, not another flag
        kwargs.setdefault("allow_abbrev", False)
        self._formatting = False
        super().__init__(*args, **kwargs)

    def _get_formatter(self) -> argparse.HelpFormatter:
        # add_argument builds a formatter only to check an action's metavar: a fixed width there
        # spares every run the terminal-size query and its shutil import (bz2, lzma, fnmatch);
        # help and usage text still take the terminal's width
        if self._formatting:
            return super()._get_formatter()
        make: Callable[..., argparse.HelpFormatter] = self.formatter_class
        return make(prog=self.prog, width=80)

    def format_help(self) -> str:
        self._formatting = True
        try:
            return super().format_help()
        finally:
            self._formatting = False

    def format_usage(self) -> str:
        self._formatting = True
        try:
            return super().format_usage()
        finally:
            self._formatting = False

    def error(self, message: str) -> NoReturn:  # one line, exit 2
        raise UsageError(message)


def _codes(value: str) -> List[str]:
    return [v.strip() for v in value.split(",") if v.strip()]


def _selection_args(p: argparse.ArgumentParser) -> None:
    sel = p.add_argument_group("rule selection",
                               "codes (BOT101), prefixes (BOT1), names or ALL; the command line is a\n"
                               "layer of its own that the config file cannot narrow")
    sel.add_argument("--select", type=_codes, action="extend", default=None, metavar="CODES",
                     help="rules to enable; replaces the default set and the config file's selection")
    sel.add_argument("--ignore", type=_codes, action="extend", default=[], metavar="CODES",
                     help="rules to disable (a more specific code beats a prefix: "
                          "--select BOT101 --ignore BOT1 keeps BOT101)")
    sel.add_argument("--extend-select", type=_codes, action="extend", default=[], metavar="CODES",
                     help="rules to enable on top of the selection (opt-in rules such as BOT110 by code or name)")
    sel.add_argument("--severity-level", type=str.lower, choices=SEVERITY_CHOICES, default=None,
                     help="report, and fail on, findings at or above this severity only (default: low)")


def _output_args(p: argparse.ArgumentParser) -> None:
    out = p.add_argument_group("output")
    out.add_argument("--format", "--output-format", dest="format", choices=FORMATS, default=None,
                     help="how findings are printed (default: full)")
    out.add_argument("--output-file", "-o", default=None, metavar="FILE",
                     help="write the report to FILE instead of stdout")
    out.add_argument("--sarif-category", default=None, metavar="NAME",
                     help="SARIF automationDetails category (default: botlint); give each botlint run that "
                          "uploads to code scanning its own (upload-sarif's category input is ignored "
                          "once the file has one)")
    out.add_argument("--statistics", action="store_true", help="counts per rule instead of findings")
    fix = p.add_argument_group("fixes", "libcst codemods that keep formatting and comments (botlint rule CODE: Fix)")
    fix.add_argument("--fix", action="store_true",
                     help="apply the safe fixes to the files, then report what remains")
    fix.add_argument("--diff", action="store_true",
                     help="print a diff of what --fix would change (secrets masked), write nothing; "
                          "exit 1 if there is a change")
    fix.add_argument("--unsafe-fixes", action="store_true",
                     help="also apply (or show) fixes that change behaviour, such as moving a key to os.environ")
    out.add_argument("--exit-zero", action="store_true", help="exit 0 even with findings (2 still means an error)")
    out.add_argument("--quiet", "-q", action="store_true",
                     help="print findings only: no notes, no summary, no progress (errors are still printed)")


def _config_args(p: argparse.ArgumentParser, check: bool) -> None:
    cfg = p.add_argument_group("configuration and run")
    cfg.add_argument("--config", default=None, metavar="FILE", help="a pyproject.toml or botlint.toml to use")
    cfg.add_argument("--isolated", action="store_true", help="ignore every configuration file")
    if check:
        cfg.add_argument("--show-settings", action="store_true",
                         help="print the resolved settings and where each value came from, and exit")
    cfg.add_argument("--ignore-noqa", action="store_true",
                     help="ignore inline suppressions (for vetting someone else's bot)")
    cfg.add_argument("--baseline", default=None, metavar="FILE",
                     help="report only findings not in this baseline (written by `botlint baseline`; "
                          "overrides the baseline setting)")
    cfg.add_argument("--update-baseline", action="store_true",
                     help="rewrite the baseline in use from this run's findings, say how many entries "
                          "went stale and how many were added, and exit 0")
    cfg.add_argument("--no-cache", action="store_true", help="neither read nor write the result cache")
    cfg.add_argument("--no-link", action="store_true", help="analyse each file on its own: no facts across modules")
    cfg.add_argument("--cache-dir", default=None, metavar="DIR",
                     help="where the cache lives (default: $BOTLINT_CACHE_DIR or ~/.cache/botlint)")
    cfg.add_argument("--jobs", "-j", type=int, default=None, metavar="N",
                     help="worker processes (default: one per CPU)")
    cfg.add_argument("--version", action="version", version=f"botlint {__version__}",
                     help="print botlint's version and exit")


def _check_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="botlint", usage=USAGE, epilog=SUBCOMMANDS,
                formatter_class=argparse.RawDescriptionHelpFormatter,
                description="Lint trading-bot code for security problems: hard-coded keys, leaked\n"
                            "secrets, fund-moving calls, unsafe exchange clients.")
    p.add_argument("paths", nargs="*", default=None, metavar="PATHS",
                   help="files or directories to check (default: .); - reads stdin")
    _selection_args(p)
    files = p.add_argument_group("files")
    files.add_argument("--extend-exclude", type=_codes, action="extend", default=[], metavar="GLOBS",
                       help="more files or directories to skip in a walk, on top of the excludes")
    files.add_argument("--force-exclude", action="store_true",
                       help="apply your excludes to files named on the command line too, and skip named "
                            "files botlint would not pick in a walk (for pre-commit)")
    files.add_argument("--stdin-filename", default=None, metavar="NAME",
                       help="the name to report for - (stdin); also decides how it is parsed")
    files.add_argument("--show-files", action="store_true",
                       help="list the files that would be checked and exit")
    _output_args(p)
    _config_args(p, check=True)
    return p


def _history_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="botlint history", usage=HISTORY_USAGE,
                description="Find secrets (BOT1) in every commit of a git repository: each secret once, at the\n"
                            "commit that added it, and whether it is still in HEAD. A leaked key must be\n"
                            "rotated: removing it from the tree does not un-leak it.",
                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("path", nargs="?", default=".", metavar="PATH",
                   help="a path inside the work tree (default: .); a subdirectory or file limits the scan to it")
    p.add_argument("--since", default=None, metavar="REV",
                   help="only commits after REV (REV..HEAD; with --all, the commits REV cannot reach)")
    p.add_argument("--all", action="store_true", help="the history of every ref, not only HEAD's")
    _selection_args(p)
    files = p.add_argument_group("files")
    files.add_argument("--extend-exclude", type=_codes, action="extend", default=[], metavar="GLOBS",
                       help="more paths (repository-relative globs) to skip, on top of the excludes")
    _output_args(p)
    _config_args(p, check=False)
    return p


def _rule_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="botlint rule", description="Show a rule's documentation.")
    p.add_argument("rule", nargs="?", help="code or name, e.g. BOT101 or hardcoded-api-credential")
    p.add_argument("--all", action="store_true", help="every rule")
    p.add_argument("--format", "--output-format", dest="format", choices=("text", "json"), default="text",
                   help="Markdown text (default) or JSON")
    return p


def _isatty(stream) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError, OSError):
        return False


def _use_color(stream) -> bool:
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return _isatty(stream) and os.environ.get("TERM") != "dumb"


def show_progress(*, quiet: bool, env: Mapping[str, str], stderr, stdout, output_file: Optional[str]) -> bool:
    """Whether to draw a progress line on stderr: only for a person at a terminal.  Never with
    --quiet, in CI (``CI`` set), on a dumb terminal, when stderr is not a terminal, or when the
    report goes to a redirected stdout (a pipe or file: the user is not watching this terminal)."""
    if quiet:
        return False
    if env.get("CI", "").lower() not in ("", "0", "false"):
        return False
    if env.get("TERM") == "dumb" or not _isatty(stderr):
        return False
    return bool(output_file) or _isatty(stdout)


def _progress_bar(total: int):
    """A tqdm bar on stderr that appears only once a run has lasted a second, and erases itself."""
    from tqdm import tqdm

    return tqdm(total=total, unit="file", desc="botlint", file=sys.stderr, delay=1.0, leave=False,
                dynamic_ncols=True)


def _say(line: str) -> None:
    """One stderr line; ``line`` is escaped whole (it names scanned paths), so it stays one line."""
    sys.stderr.write(f"botlint: {terminal_text(line)}\n")



def _write_output(ns: argparse.Namespace, text: str) -> Optional[int]:
    """Write a report to ``--output-file`` or stdout; the exit status when the file cannot be
    written (one line on stderr), else None."""
    if not ns.output_file:
        sys.stdout.write(text)
        return None
    try:
        with open(ns.output_file, "w", encoding="utf-8", errors="backslashreplace") as fh:
            fh.write(text)
    except OSError as e:
        return _err(f"cannot write {ns.output_file}: {e.strerror}")
    return None


def _err(msg: str) -> int:
    _say(f"error: {msg}")
    return EXIT_ERROR


def main(argv: Optional[Sequence[str]] = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    try:
        if args[:1] == ["rule"]:
            return _rule(args[1:])
        if args[:1] == ["history"]:
            return _history(args[1:])
        if args[:1] == ["baseline"]:
            return _baseline(args[1:])
        if args[:1] == ["audit"]:
            return _audit(args[1:])
        if args[:1] == ["check"]:
            args = args[1:]
        if args[:1] in (["--version"], ["-V"]):
            sys.stdout.write(f"botlint {__version__}\n")
            return EXIT_CLEAN
        return _check(args)
    except UsageError as e:
        return _err(f"{e} (see botlint --help)")
    except ConfigError as e:
        return _err(str(e))
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
            from .config import did_you_mean, known_selectors

            return _err(f"unknown rule {ns.rule!r}{did_you_mean(ns.rule, known_selectors()[1:])}")
    else:
        raise UsageError("give a rule code or name, or --all")
    if ns.format == "json":
        data = [rule_json(r) for r in rules]
        sys.stdout.write(json.dumps(data if ns.all else data[0], indent=2) + "\n")
    else:
        sys.stdout.write("\n".join(rule_markdown(r) for r in rules))
    return EXIT_CLEAN


def _settings(ns):
    """The run's settings from the config file and ``ns``; a ``ConfigError`` is reported by
    ``main`` (exit 2, one line)."""
    from .config import load_settings, merge_cli

    if getattr(ns, "jobs", None) is not None and ns.jobs < 1:
        raise UsageError("--jobs must be at least 1")
    settings = load_settings(ns.config, isolated=ns.isolated)
    return merge_cli(settings, select=ns.select, ignore=ns.ignore, extend_select=ns.extend_select,
                     extend_exclude=ns.extend_exclude, ignore_noqa=ns.ignore_noqa,
                     severity_level=ns.severity_level, baseline=getattr(ns, "baseline", None),
                     no_link=getattr(ns, "no_link", False))


def _tasks(ns, paths: List[str], settings, missing: List[str]):
    from .discovery import FileTask, discover, file_kind

    if "-" in paths:
        if len(paths) > 1:
            raise UsageError("- (stdin) cannot be combined with other paths")
        name = ns.stdin_filename or "-"
        return [FileTask(name, "-", file_kind(name) or "python")], []
    return discover(paths, settings, force_exclude=ns.force_exclude, missing=missing)


def _check(argv: List[str]) -> int:
    from .engine import lint_tasks

    ns = _check_parser().parse_args(argv)
    paths = ns.paths or ["."]
    settings = _settings(ns)
    if ns.show_settings:
        from .config import describe

        sys.stdout.write(describe(settings))
        return EXIT_CLEAN

    if (ns.fix or ns.diff) and "-" in paths:
        raise UsageError("--fix and --diff do not read stdin (the fixed source could print a secret)")
    missing: List[str] = []
    tasks, notes = _tasks(ns, paths, settings, missing)
    if ns.show_files:
        _print_notes(notes, missing, ns.quiet)
        sys.stdout.write("".join(display_path(t.display) + "\n" for t in tasks))
        return EXIT_ERROR if missing else EXIT_CLEAN

    progress: Optional[Callable[[int], None]] = None
    bar = None
    if tasks and show_progress(quiet=ns.quiet, env=os.environ, stderr=sys.stderr, stdout=sys.stdout,
                               output_file=ns.output_file):
        try:
            bar = _progress_bar(len(tasks))
            progress = bar.update
        except ImportError:  # tqdm is a dependency; a broken install only loses the progress line
            bar = None
    stdin = bool(tasks) and tasks[0].fs_path == "-"
    try:
        result = lint_tasks(tasks, settings, jobs=1 if stdin else ns.jobs, use_cache=not (ns.no_cache or stdin),
                            cache_dir=ns.cache_dir, progress=progress)
    finally:
        if bar is not None:
            bar.close()
    _print_notes(notes + result.notes, missing, ns.quiet)
    for error in result.errors:
        # engine errors name the exception's type and where botlint raised it, never its
        # message (which can quote a scanned literal): engine.describe_error
        _say(f"error: {error}")
    if not tasks:
        if not missing and not ns.quiet:
            _say("no files to check")
        if missing:
            return EXIT_ERROR
    if settings.baseline or ns.update_baseline:
        rc = _apply_baseline(ns, paths, settings, result)
        if rc is not None:
            return rc

    # fixes act on what is reported (at the severity level, not in the baseline); the files
    # they rewrite are linted again and judged the same way
    from .model import Severity

    level = Severity[settings.severity_level.upper()]
    reported = [f for f in result.findings if f.severity >= level]
    if not reported and not (ns.fix or ns.diff):
        # nothing to fix or mark: what after_lint would answer, without importing the fixes
        # (botlint.fix imports libcst, which a clean run never needs)
        return _report(ns, result, settings, failed=bool(result.errors or missing))
    from .fixmarks import after_lint  # libcst-free: botlint.fix only for --fix/--diff or unkept marks

    def relint(fixed_tasks):
        again = lint_tasks(fixed_tasks, settings, jobs=ns.jobs, use_cache=not ns.no_cache, cache_dir=ns.cache_dir)
        if settings.baseline:
            from . import baseline as bl
            from .paths import Roots

            again.findings = bl.load(settings.baseline).split(
                bl.without_own_file(again.findings, settings.baseline), Roots(settings.root))[0]
        return [f for f in again.findings if f.severity >= level]

    step = after_lint(ns, tasks, reported, settings, _say, relint,
                      "statistics" if ns.statistics else (ns.format or "full"))
    if step.exit is not None:  # --diff
        return EXIT_ERROR if result.errors or missing else step.exit
    result.findings = step.findings
    return _report(ns, result, settings, failed=bool(result.errors or missing), summary=step.summary)


def _report(ns, result, settings, failed: bool = False, summary: str = "") -> int:
    """Render ``result.findings`` (at or above the severity level) as ``ns`` asks, write them,
    and return the exit code; ``failed``: the run had an error (exit 2 whatever was found);
    ``summary``: a closing line for the text formats (the fixes')."""
    from .model import Severity

    level = Severity[settings.severity_level.upper()]
    findings = [f for f in result.findings if f.severity >= level]
    fmt = ns.format or "full"
    if ns.statistics:
        text = _statistics(findings, fmt)
    else:
        text = _render(fmt, findings, result, ns, settings) + (summary + "\n" if summary else "")
    wrote = _write_output(ns, text)
    if wrote is not None:
        return wrote
    if failed:
        return EXIT_ERROR
    if findings and not ns.exit_zero:
        return EXIT_FINDINGS
    return EXIT_CLEAN


def _history(argv: List[str]) -> int:
    """``botlint history``: the secrets every commit added (``botlint.history``)."""
    from .history import HistoryError, scan_history

    ns = _history_parser().parse_args(argv)
    settings = _settings(ns)
    try:
        result = scan_history(ns.path, settings, since=ns.since, all_refs=ns.all, use_cache=not ns.no_cache,
                              cache_dir=ns.cache_dir, jobs=ns.jobs)
    except HistoryError as e:
        return _err(str(e))
    notes = list(result.notes)
    if not ns.quiet:
        notes.append(f"history: {result.commits} commit{'s' if result.commits != 1 else ''} scanned"
                     f" ({result.cached} from the cache)")
    _print_notes(notes, [], ns.quiet)
    for error in result.errors:
        _say(f"error: {error}")
    return _report(ns, result, settings, failed=bool(result.errors))


# skip notes that a tree can have by the dozen (hummingbot has 59 Cython-generated .cpp files):
# past _GROUP_AFTER of one reason, the rest are counted in one line
_GROUPED = (": binary file, skipped", ": generated by Cython, skipped (its .pyx source is checked)")
_GROUP_AFTER = 3


def _print_notes(notes: List[str], missing: List[str], quiet: bool) -> None:
    """Notes (what was skipped) unless --quiet; a missing path is an error and always printed."""
    gone = {f"{m}: no such file or directory" for m in missing}
    shown: Dict[str, int] = {}
    for note in notes:
        if note in gone:
            _say(f"error: {note}")
            continue
        if quiet:
            continue
        reason = next((r for r in _GROUPED if note.endswith(r)), None)
        if reason is not None:
            shown[reason] = shown.get(reason, 0) + 1
            if shown[reason] > _GROUP_AFTER:
                continue
        _say(note)
    for reason, n in shown.items():
        if n > _GROUP_AFTER:
            more = n - _GROUP_AFTER
            _say(f"... and {more} more file{'s' if more != 1 else ''}{reason.split(',', 1)[0]}")


def _render(fmt: str, findings, result, ns, settings) -> str:
    from .report import render

    color = fmt == "full" and not ns.output_file and _use_color(sys.stdout)
    text = render(fmt, findings, files=result.files, color=color, errors=result.errors, root=settings.root,
                  category=ns.sarif_category)
    if fmt == "github":  # and $GITHUB_STEP_SUMMARY is set (report.github)
        from .report.github import write_step_summary

        write_step_summary(findings, files=result.files, root=settings.root, errors=result.errors)
    if ns.quiet and fmt == "full":
        # drop only the closing summary line: a finding for a file named "Found ..." stays
        body, _, last = text.rstrip("\n").rpartition("\n")
        if last.startswith(("Found ", "All checks")):
            text = body + "\n" if body else ""
    return text


def _statistics(findings, fmt: str) -> str:
    from . import registry

    counts: Dict[str, int] = {}
    for f in findings:
        counts[f.code] = counts.get(f.code, 0) + 1
    rows = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    names = {c: registry.info(c).NAME for c in counts}
    if fmt == "json":
        return json.dumps([{"code": c, "name": names[c], "count": n} for c, n in rows], indent=2) + "\n"
    return "".join(f"{n:>5}  {c}  {names[c]}\n" for c, n in rows)


# -- baseline -------------------------------------------------------------------------------

# check's options that `botlint baseline` shares (the same argparse actions, not copies)
_BASELINE_SHARED = ("select", "ignore", "extend_select", "extend_exclude", "force_exclude", "config",
                    "isolated", "ignore_noqa", "no_cache", "cache_dir", "jobs", "quiet")


def _baseline_parser() -> argparse.ArgumentParser:
    from .baseline import DEFAULT_FILE

    p = _Parser(prog="botlint baseline",
                description="Record today's findings in a baseline file; `botlint check` with --baseline FILE "
                            "or `baseline = \"FILE\"` in [tool.botlint] then reports only new ones. "
                            "Run it again to update the file.")
    p.add_argument("paths", nargs="*", default=None, metavar="PATHS", help="files or directories (default: .)")
    p.add_argument("--output-file", "-o", default=None, metavar="FILE",
                   help=f"the baseline to write (default: the baseline setting, else {DEFAULT_FILE})")
    p.add_argument("--from-detect-secrets", default=None, metavar="FILE",
                   help="record only the findings this detect-secrets baseline already holds "
                        "(results audited as real secrets stay reported)")
    for action in _check_parser()._actions:  # argparse has no public API to share an option
        if action.dest in _BASELINE_SHARED:
            p._add_action(action)
    p.set_defaults(severity_level=None, baseline=None)  # what _settings reads and baseline has not
    return p


def _baseline(argv: List[str]) -> int:
    from . import baseline as bl
    from .engine import lint_tasks
    from .paths import Roots

    ns = _baseline_parser().parse_args(argv)
    paths = ns.paths or ["."]
    if "-" in paths:
        raise UsageError("a baseline is recorded from files, not from - (stdin)")
    settings = _settings(ns)
    target = os.path.abspath(ns.output_file) if ns.output_file else (settings.baseline or bl.DEFAULT_FILE)
    roots = Roots(settings.root)
    try:
        old = bl.existing(target)
        ds = bl.read_detect_secrets(ns.from_detect_secrets, roots) if ns.from_detect_secrets else None
    except bl.BaselineError as e:
        return _err(str(e))
    missing: List[str] = []
    tasks, notes = _tasks(ns, paths, settings, missing)
    if ds is None:
        result = lint_tasks(tasks, settings, jobs=ns.jobs, use_cache=not ns.no_cache, cache_dir=ns.cache_dir)
    else:
        # one process and no cache: the comparison with detect-secrets' hashes happens while
        # each file is linted (botlint.baseline)
        with bl.observing(ds) as obs:
            result = lint_tasks(tasks, settings, jobs=1, use_cache=False)
    _print_notes(notes + result.notes, missing, ns.quiet)
    for error in result.errors:
        _say(f"error: {error}")
    if result.errors or missing:
        return _err("baseline not written: the run was incomplete")
    findings = bl.without_own_file(result.findings, target)
    if ds is not None:
        imp = bl.import_matches(findings, ds, obs, roots)
        # into an existing baseline: what it already held (and is still found) stays in it
        ids = {id(f) for f in imp.known} | {id(f) for f in (old.split(findings, roots)[1] if old else [])}
        findings = [f for f in findings if id(f) in ids]
        _say(f"{len(imp.known)} {'finding' if len(imp.known) == 1 else 'findings'} baselined from "
             f"{_shown(ns.from_detect_secrets)}, matching {len(ds) - imp.unmatched} of its {len(ds)} results "
             f"({imp.by_hash} by secret hash, {imp.by_line} by line); {imp.not_known} findings "
             "detect-secrets did not know stay reported")
        if imp.real:
            _say(f"{len(imp.real)} findings detect-secrets' audit marked as real secrets (is_secret: true) "
                 "are not baselined and stay reported: rotate those keys")
    up = bl.updated(old, findings, roots, paths, target)
    try:
        changed = bl.write(target, up.baseline)
    except bl.BaselineError as e:
        return _err(str(e))
    _say(bl.summary(_shown(target), up, old is None, changed))
    return EXIT_CLEAN


def _shown(path: str) -> str:
    from .baseline import shown

    return shown(path)


def _apply_baseline(ns, paths: List[str], settings, result) -> Optional[int]:
    """Drop the findings the baseline holds from ``result`` (or, with --update-baseline, rewrite
    it and drop them all); an exit code when the run ends here."""
    from . import baseline as bl
    from .paths import Roots

    if not settings.baseline:
        raise UsageError("--update-baseline needs --baseline FILE or baseline in [tool.botlint]")
    roots = Roots(settings.root)
    result.findings = bl.without_own_file(result.findings, settings.baseline)
    try:
        base = bl.load(settings.baseline)
        if ns.update_baseline:
            if result.errors:
                return _err("baseline not updated: the run was incomplete")
            up = bl.updated(base, result.findings, roots, [p for p in paths if p != "-"], settings.baseline)
            changed = bl.write(settings.baseline, up.baseline)
            _say(bl.summary(_shown(settings.baseline), up, False, changed))
            return EXIT_CLEAN
    except bl.BaselineError as e:
        return _err(str(e))
    new, known = base.split(result.findings, roots)
    result.findings = new
    if known and not ns.quiet:
        _say(f"{len(known)} {'finding' if len(known) == 1 else 'findings'} in the baseline "
             f"{_shown(settings.baseline)} not shown")
    return None


# -- audit ----------------------------------------------------------------------------------------

def _audit_parser() -> argparse.ArgumentParser:
    from .audit.render import FORMATS as AUDIT_FORMATS

    usage = "botlint audit PATH [options]\n       botlint audit --diff OLD NEW [options]"
    p = _Parser(prog="botlint audit", usage=usage,
                formatter_class=argparse.RawDescriptionHelpFormatter,
                description="Is it safe to give this bot my API keys? One report on the project at PATH: the key\n"
                            "permissions it needs, the exchanges and hosts it talks to, where its credentials come\n"
                            "from, malicious code, and what to do. The project's own configuration and inline\n"
                            "suppressions are ignored (--isolated --ignore-noqa); nothing is written into it.",
                epilog="exit codes: 0 the bot needs neither withdraw nor transfer and has no malicious code and no\n"
                       "hard-coded credential; 1 otherwise (with --diff: the new version gains one of those, or a\n"
                       "new unknown, raw-IP or third-party host); 2 usage or internal error")
    p.add_argument("paths", nargs="*", metavar="PATH", help="the project to audit (with --diff: OLD NEW)")
    p.add_argument("--diff", action="store_true", help="compare two versions of a bot: botlint audit --diff OLD NEW")
    p.add_argument("--format", "--output-format", dest="format", choices=AUDIT_FORMATS, default="text",
                   help="text (default), markdown, html (one self-contained file) or json")
    p.add_argument("--output-file", "-o", default=None, metavar="FILE", help="write the report to FILE")
    p.add_argument("--extend-exclude", type=_codes, action="extend", default=[], metavar="GLOBS",
                   help="more files or directories to skip")
    p.add_argument("--no-cache", action="store_true", help="neither read nor write the result cache")
    p.add_argument("--cache-dir", default=None, metavar="DIR", help="where the cache lives")
    p.add_argument("--jobs", "-j", type=int, default=None, metavar="N", help="worker processes")
    p.add_argument("--quiet", "-q", action="store_true", help="no notes on stderr")
    return p


def _audit(argv: List[str]) -> int:
    """``botlint audit``: ``botlint.audit`` collects, judges and renders."""
    from .audit import diff as audit_diff
    from .audit.collect import collect
    from .audit.model import build
    from .audit.render import render

    ns = _audit_parser().parse_args(argv)
    want = 2 if ns.diff else 1
    if len(ns.paths) != want:
        raise UsageError("give OLD and NEW with --diff" if ns.diff else "give one PATH to audit")
    if ns.jobs is not None and ns.jobs < 1:
        raise UsageError("--jobs must be at least 1")
    if ns.diff and ns.format == "html":
        raise UsageError("--diff prints text, markdown or json")
    audits = []
    for path in ns.paths:
        if path == "-" or not os.path.exists(path):
            return _err(f"{path}: no such file or directory")
        result, notes, missing = collect(path, jobs=ns.jobs, use_cache=not ns.no_cache, cache_dir=ns.cache_dir,
                                         extend_exclude=ns.extend_exclude)
        _print_notes(notes, missing, ns.quiet)
        for error in result.errors:
            _say(f"error: {error}")
        if missing:
            return EXIT_ERROR
        if result.errors:
            return _err("audit incomplete: an internal error cost findings (see above)")
        audits.append(build(path, result))
    if ns.diff:
        changes = audit_diff.compare(audits[0], audits[1])
        text, code = audit_diff.render(ns.format, changes), changes.exit_code
    else:
        text, code = render(ns.format, audits[0]), audits[0].exit_code
    wrote = _write_output(ns, text)
    if wrote is not None:
        return wrote
    return code
