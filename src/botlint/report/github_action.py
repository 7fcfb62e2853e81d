"""The GitHub Action's one step: ``python -m botlint.report.github_action [OPTIONS] -- ARGS``.

One scan: botlint runs once (``botlint ARGS --format sarif --output-file FILE``); the
annotations, the log listing and the step summary are then rendered from that SARIF file, so
all three say exactly what code scanning will get.  Exits with botlint's own exit code.

Options: ``--sarif-file FILE`` (default botlint.sarif), ``--annotate true|false``,
``--category NAME`` (SARIF ``automationDetails``).  Writes ``sarif-file``, ``exit-code`` and
``findings`` to ``$GITHUB_OUTPUT`` and the summary to ``$GITHUB_STEP_SUMMARY`` when set.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
from typing import List, Optional, Sequence, Tuple
from urllib.parse import unquote_to_bytes, urlparse
from urllib.request import url2pathname

from ..model import Confidence, Finding, Location, Severity
from . import concise, github
from .sarif import SRCROOT

_OURS = ("--format", "--output-format", "--output-file", "-o", "--statistics")
_FROM_LEVEL = {"error": Severity.HIGH, "warning": Severity.MEDIUM, "note": Severity.LOW}


def _path_of(loc: dict, base: Optional[str]) -> str:
    uri = loc.get("uri", "")
    if loc.get("uriBaseId") == SRCROOT and base is not None:
        return os.path.join(base, os.fsdecode(unquote_to_bytes(uri)))
    parsed = urlparse(uri)
    if parsed.scheme == "file":
        return url2pathname(parsed.path)
    return os.fsdecode(unquote_to_bytes(uri))


def _finding(code: str, name: str, item: dict, base: Optional[str], severity: Severity) -> Finding:
    phys = (item.get("locations") or [{}])[0].get("physicalLocation", {})
    region = phys.get("region", {})
    line = int(region.get("startLine", 1))
    props = item.get("properties", {})
    try:
        confidence = Confidence[str(props.get("confidence", "medium")).upper()]
    except KeyError:
        confidence = Confidence.MEDIUM
    return Finding(
        code=code, name=name, message=item.get("message", {}).get("text", ""),
        path=_path_of(phys.get("artifactLocation", {}), base),
        location=Location(line, int(region.get("startColumn", 1)), int(region.get("endLine", line)),
                          int(region.get("endColumn", 1))),
        severity=severity, confidence=confidence,
        fingerprint=item.get("partialFingerprints", {}).get("botlintFingerprint/v1", ""))


def findings_from_sarif(doc: dict) -> Tuple[List[Finding], int, int, Optional[str]]:
    """(findings, internal errors, files checked, source root) from botlint's own SARIF:
    results and the BOT0xx tool notifications alike."""
    run = doc["runs"][0]
    base_uri = run.get("originalUriBaseIds", {}).get(SRCROOT, {}).get("uri")
    base = url2pathname(urlparse(base_uri).path).rstrip("/") or "/" if base_uri else None
    driver = run["tool"]["driver"]
    rules = driver.get("rules", [])
    out: List[Finding] = []
    for res in run.get("results", []):
        code = res.get("ruleId", "")
        idx = res.get("ruleIndex")
        name = rules[idx]["name"] if isinstance(idx, int) and 0 <= idx < len(rules) else ""
        label = str(res.get("properties", {}).get("severity", "")).upper()
        if label in Severity.__members__:
            severity = Severity[label]
        else:
            severity = _FROM_LEVEL.get(res.get("level"), Severity.MEDIUM)
        out.append(_finding(code, name, res, base, severity))
    invocation = (run.get("invocations") or [{}])[0]
    descriptors = driver.get("notifications", [])
    errors = 0
    for note in invocation.get("toolExecutionNotifications", []):
        desc = note.get("descriptor")
        if not desc:
            errors += note.get("level") == "error"
            continue
        idx = desc.get("index")
        name = descriptors[idx]["name"] if isinstance(idx, int) and 0 <= idx < len(descriptors) else ""
        out.append(_finding(desc.get("id", ""), name, note, base, Severity.LOW))
    if not invocation.get("executionSuccessful", True):
        errors = max(errors, 1)
    files = int(invocation.get("properties", {}).get("files", 0) or 0)
    out.sort(key=Finding.sort_key)
    return out, errors, files, base


def _set_outputs(values: dict) -> None:
    target = os.environ.get("GITHUB_OUTPUT")
    if not target:
        return
    try:
        with open(target, "a", encoding="utf-8") as fh:
            for k, v in values.items():
                fh.write(f"{k}={v}\n")
    except OSError:
        pass


def _bool(value: str) -> bool:
    v = value.strip().lower()
    if v in ("true", "yes", "1", "on"):
        return True
    if v in ("false", "no", "0", "off", ""):
        return False
    raise argparse.ArgumentTypeError(f"expected true or false, got {value!r}")


def main(argv: Optional[Sequence[str]] = None) -> int:
    from .. import cli

    argv = list(sys.argv[1:] if argv is None else argv)
    own, rest = (argv[:argv.index("--")], argv[argv.index("--") + 1:]) if "--" in argv else (argv, [])
    p = argparse.ArgumentParser(prog="python -m botlint.report.github_action")
    p.add_argument("--sarif-file", default="botlint.sarif")
    p.add_argument("--annotate", type=_bool, default=True)
    p.add_argument("--category", default="botlint")
    ns = p.parse_args(own)
    clash = [a for a in rest if a.split("=", 1)[0] in _OURS]
    if clash:
        sys.stderr.write(f"botlint: error: the action sets {clash[0].split('=', 1)[0]} itself; "
                         "remove it from args\n")
        return cli.EXIT_ERROR
    parent = os.path.dirname(ns.sarif_file)
    if parent:
        try:
            os.makedirs(parent, exist_ok=True)
        except OSError as e:
            sys.stderr.write(f"botlint: error: cannot create {parent}: {e.strerror}\n")
            return cli.EXIT_ERROR
    rc = cli.main(["check", "--format", "sarif", "--output-file", ns.sarif_file] + rest)
    try:
        with open(ns.sarif_file, encoding="utf-8") as fh:
            doc = json.load(fh)
        findings, errors, files, base = findings_from_sarif(doc)
        category = ns.category.strip("/")
        if category and category != "botlint":
            # upload-sarif ignores its own category input once the file has automationDetails
            for run in doc["runs"]:
                run["automationDetails"] = {"id": f"{category}/"}
            with open(ns.sarif_file, "w", encoding="utf-8") as fh:
                json.dump(doc, fh, indent=2)
                fh.write("\n")
    except (OSError, ValueError, KeyError, IndexError, TypeError):
        sys.stdout.write(f"::error title=botlint::botlint exited with {rc} and wrote no SARIF report "
                         "(see the messages above)\n")
        _set_outputs({"exit-code": rc})
        return rc or cli.EXIT_ERROR
    rel = github.relative_paths(findings, base)
    shown = [f.with_path(rel[f.path]) for f in findings]
    n = len(findings)
    # the whole list in the log (annotations stop at 10 of a level), folded in a group
    sys.stdout.write(f"::group::botlint: {n} finding{'s' if n != 1 else ''}\n")
    sys.stdout.write(concise.render(github.severity_order(shown)))
    sys.stdout.write("::endgroup::\n")
    if ns.annotate:
        sys.stdout.write("".join(github.annotation(f, f.path) for f in github.severity_order(shown)))
    github.write_step_summary(findings, files=files, root=base, annotated=ns.annotate, errors=["error"] * errors)
    _set_outputs({"sarif-file": ns.sarif_file, "exit-code": rc, "findings": n})
    return rc


if __name__ == "__main__":
    sys.exit(main())
