"""The audit report as text (a terminal), markdown (a PR comment, an issue), html (one
self-contained file for a browser) or json (the contract other tools read).

Every string that came from the scanned tree (paths, call texts, host names, variable names,
finding messages: already masked by the engine, never a value) is escaped for its output:
``report.safe.terminal_text`` for text, :func:`md` for markdown, jinja2's autoescape for html,
``report.safe.json_text`` for json.
"""
from __future__ import annotations

import os
import re
from typing import Any, Dict, List

from ..analysis.capabilities import ONCHAIN, READ, TRADE, TRANSFER, WITHDRAW
from ..report.safe import json_text, terminal_text
from .model import FAMILIES, PERMISSIONS, Audit, Evidence, _relative
from .verdict import advice, verdict, verdict_text

FORMATS = ("text", "markdown", "html", "json")
LABELS = {READ: "read", TRADE: "trade", WITHDRAW: "withdraw", TRANSFER: "transfer", ONCHAIN: "on-chain send"}
KIND_LABELS = {"exchange": "exchange", "notification": "notification", "rpc": "RPC provider",
               "third_party": "third party", "raw_ip": "raw IP", "unknown": "unknown"}
SHOWN = 5  # evidence lines per permission / host in text and markdown


def render(fmt: str, a: Audit) -> str:
    if fmt == "json":
        return json_text(to_json(a))
    if fmt == "markdown":
        return _markdown(a)
    if fmt == "html":
        return _html(a)
    return _text(a)


def to_json(a: Audit) -> Dict[str, Any]:
    """The JSON contract (README "Vetting a bot"): keep these keys stable."""
    grouped: Dict[str, List[Dict[str, Any]]] = {}
    for f in a.findings:
        row = {"code": f.code, "path": f.path, "line": f.line, "message": f.message}
        grouped.setdefault(f.code[:4], []).append(row)
    return {
        "version": 1,
        "path": a.path,
        "verdict": verdict(a),
        "verdict_text": verdict_text(a),
        "permissions": dict(a.permissions),
        # every permission, with [] when nothing needs it: readers index it without a check
        "evidence": {p: [e.to_dict() for e in a.evidence.get(p, [])] for p in PERMISSIONS},
        "exchanges": list(a.exchanges),
        "hosts": [h.to_dict() for h in a.hosts],
        "credentials": {"hard_coded": a.hard_coded, "exposed": a.exposed, "sources": [s.to_dict() for s in a.sources]},
        "malicious": a.malicious,
        "findings": {fam: grouped[fam] for fam in FAMILIES if fam in grouped},
    }


def view(a: Audit) -> Dict[str, Any]:
    """What every human-readable format shows, as plain data (unescaped: each renderer escapes)."""

    def where(e: Evidence) -> str:
        return f"{_relative(e.path, a.path)}:{e.line}"

    perms = []
    for p in PERMISSIONS:
        evs = a.evidence.get(p, [])
        perms.append({"id": p, "label": LABELS[p], "needed": a.permissions[p], "count": a.counts.get(p, 0),
                      "dangerous": p in (WITHDRAW, TRANSFER, ONCHAIN),
                      "evidence": [{"where": where(e), "code": e.code} for e in evs],
                      "implied": a.permissions[p] and not evs})
    hosts = [{"host": h.host, "kind": KIND_LABELS.get(h.kind, h.kind), "risky": h.kind in ("raw_ip", "unknown"),
              "count": h.count, "evidence": [{"where": where(e), "code": e.code} for e in h.evidence]}
             for h in a.hosts]
    by_kind: Dict[str, List[str]] = {}
    for s in a.sources:
        by_kind.setdefault(s.kind, []).append(s.name)
    findings = [{"code": f.code, "where": f"{_relative(f.path, a.path)}:{f.line}", "message": f.message,
                 "severity": f.severity.label} for f in a.findings]
    return {
        "path": a.path, "files": a.files, "verdict": verdict(a), "verdict_text": verdict_text(a),
        "needs": [LABELS[p] for p in PERMISSIONS if a.permissions[p]],
        "never": [LABELS[p] for p in (WITHDRAW, TRANSFER) if not a.permissions[p]],
        "permissions": perms, "exchanges": a.exchanges, "hosts": hosts,
        "env": by_kind.get("env", []), "config_files": by_kind.get("config_file", []),
        "prompts": by_kind.get("prompt", []),
        "hard_coded_kinds": by_kind.get("hard_coded", []), "hard_coded": a.hard_coded, "exposed": a.exposed,
        "exposed_findings": [f for f in findings if f["code"].startswith("BOT2") or f["code"] == "BOT504"],
        "malicious": a.malicious, "malicious_findings": [f for f in findings if f["code"].startswith("BOT5")],
        "other_findings": len([f for f in findings if not f["code"].startswith(("BOT2", "BOT5"))]),
        "fund_findings": [f for f in findings if f["code"].startswith("BOT3")],
        "advice": advice(a), "frameworks": a.frameworks, "errors": a.errors,
        "risky": a.risky,
    }


# -- text ---------------------------------------------------------------------------------------------

def _text(a: Audit) -> str:
    v = view(a)
    t = terminal_text
    files = f"{v['files']} file{'s' if v['files'] != 1 else ''}"
    out: List[str] = [f"botlint audit: {t(v['path'])} ({files})", "", t(v["verdict_text"]), ""]
    out.append("Key permissions")
    out.append(f"  needs:      {', '.join(v['needs']).upper() or 'none'}")
    if v["never"]:
        out.append(f"  never give: {', '.join(v['never']).upper()}")
    for p in v["permissions"]:
        if not p["needed"]:
            continue
        mark = "!" if p["dangerous"] else " "
        if p["implied"]:
            out.append(f"  {mark} {p['label'].upper():<9} implied by trade")
        for e in p["evidence"][:SHOWN]:
            out.append(f"  {mark} {p['label'].upper():<9} {t(e['code']):<40} {t(e['where'])}")
        more = p["count"] - min(len(p["evidence"]), SHOWN)
        if more > 0:
            out.append(f"    ... {more} more {p['label']} call site{'s' if more != 1 else ''}")
    out.append("")
    out.append(f"Exchanges: {t(', '.join(v['exchanges'])) if v['exchanges'] else 'none found'}")
    out.append("")
    if v["hosts"]:
        out.append(f"Hosts it contacts or is configured to contact ({len(v['hosts'])})")
        for h in v["hosts"][:40]:
            mark = "!" if h["risky"] else " "
            first = h["evidence"][0] if h["evidence"] else None
            where = f"{t(first['where'])} ({t(first['code'])})" if first else ""
            extra = f" +{h['count'] - 1}" if h["count"] > 1 else ""
            out.append(f"  {mark} {h['kind']:<13} {t(h['host']):<40} {where}{extra}")
        if len(v["hosts"]) > 40:
            out.append(f"    ... {len(v['hosts']) - 40} more hosts (--format json lists them all)")
    else:
        out.append("Hosts: none found")
    out.append("")
    out.append("Credentials")
    if v["env"]:
        out.append(f"  from the environment: {t(', '.join(v['env'][:12]))}"
                   + (f" and {len(v['env']) - 12} more" if len(v["env"]) > 12 else ""))
    if v["config_files"]:
        out.append(f"  from config files:    {t(', '.join(v['config_files'][:8]))}")
    if v["prompts"]:
        out.append(f"  typed in / keyring:   {t(', '.join(v['prompts']))}")
    out.append("  hard-coded:           " + ("YES: " + t(", ".join(v["hard_coded_kinds"])) if v["hard_coded"]
                                            else "none found"))
    out.append("  exposed:              " + (f"YES: {len(v['exposed_findings'])} place(s) where a credential "
                                             "reaches a log, message, file or third party" if v["exposed"]
                                             else "no leak found"))
    for f in v["exposed_findings"][:SHOWN]:
        out.append(f"    {f['code']} {t(f['where'])}: {t(f['message'])}")
    out.append("")
    if v["malicious"]:
        out.append(f"Malicious code: {len(v['malicious_findings'])} finding(s)")
        for f in v["malicious_findings"][:10]:
            out.append(f"  ! {f['code']} {t(f['where'])}: {t(f['message'])}")
    else:
        out.append("Malicious code: none found")
    out.append("")
    out.append("What to do")
    for i, line in enumerate(v["advice"], 1):
        out.append(f"  {i}. {t(line)}")
    if v["other_findings"]:
        out.append("")
        out.append(f"{v['other_findings']} other finding(s): `botlint check --isolated --ignore-noqa "
                   f"{t(v['path'])}` lists them.")
    for e in v["errors"]:
        out.append(f"error: {t(e)}")
    return "\n".join(out) + "\n"


# -- markdown --------------------------------------------------------------------------------------------

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]|<>~])")


def md(text: Any) -> str:
    """Scanned text for markdown: one escaped line (``terminal_text``) with every markdown
    character backslash-escaped and ``<``/``>``/``&`` as entities (no raw HTML on GitHub)."""
    s = terminal_text(str(text))
    s = s.replace("&", "&amp;")
    s = _MD_SPECIAL.sub(r"\\\1", s)
    return s.replace("\\<", "&lt;").replace("\\>", "&gt;")


def code(text: Any) -> str:
    """Scanned text as a markdown code span: one escaped line, no backtick to close it early, no
    ``|`` to split a table cell (GitHub splits cells inside code spans too)."""
    s = terminal_text(str(text)).replace("`", "'").replace("|", "\\|")
    return f"`{s}`" if s else ""


def _markdown(a: Audit) -> str:
    """Markdown: botlint's own sentences as they are, every scanned string as a code span
    (:func:`code`) or escaped prose (:func:`md`, finding messages)."""
    v = view(a)

    def ev(e: Dict[str, str]) -> str:
        return f"{code(e['code'])} {code(e['where'])}"

    out = [f"## botlint audit: {code(v['path'])}", "", f"**{md(v['verdict_text'])}**", "",
           "### Key permissions", "", "| permission | needed | where |", "|---|---|---|"]
    for p in v["permissions"]:
        where = "<br>".join(ev(e) for e in p["evidence"][:SHOWN])
        if p["implied"]:
            where = "implied by trade"
        more = p["count"] - min(len(p["evidence"]), SHOWN)
        if more > 0:
            where += f"<br>… {more} more"
        need = ("**yes**" if p["dangerous"] else "yes") if p["needed"] else "no"
        out.append(f"| {p['label']} | {need} | {where} |")
    out += ["", f"**Never give:** {', '.join(v['never']) or '(see above)'}", "",
            "### Exchanges", "", ", ".join(code(e) for e in v["exchanges"]) or "none found", "",
            "### Hosts", ""]
    if v["hosts"]:
        out += ["| host | kind | where |", "|---|---|---|"]
        for h in v["hosts"][:60]:
            where = ev(h["evidence"][0]) if h["evidence"] else ""
            out.append(f"| {code(h['host'])} | {'**' + h['kind'] + '**' if h['risky'] else h['kind']} | {where} |")
        if len(v["hosts"]) > 60:
            out.append(f"\n… {len(v['hosts']) - 60} more hosts (`--format json` lists them all)")
    else:
        out.append("none found")
    out += ["", "### Credentials", "",
            f"- from the environment: {', '.join(code(n) for n in v['env']) or 'none found'}",
            f"- from config files: {', '.join(code(n) for n in v['config_files']) or 'none found'}",
            "- hard-coded: " + ("**yes**: " + md(", ".join(v["hard_coded_kinds"])) if v["hard_coded"]
                                else "none found"),
            f"- exposed: {'**yes**' if v['exposed'] else 'no leak found'}"]
    for f in v["exposed_findings"][:SHOWN]:
        out.append(f"  - {f['code']} {code(f['where'])}: {md(f['message'])}")
    out += ["", "### Malicious code", ""]
    if v["malicious"]:
        out += [f"- **{f['code']}** {code(f['where'])}: {md(f['message'])}" for f in v["malicious_findings"][:20]]
    else:
        out.append("none found")
    out += ["", "### What to do", ""] + [f"{i}. {md(line)}" for i, line in enumerate(v["advice"], 1)]
    return "\n".join(out) + "\n"


# -- html --------------------------------------------------------------------------------------------------

def _html(a: Audit) -> str:
    """One self-contained page (inline CSS, no script, nothing fetched), from a jinja2 template
    with autoescape on: every value is data, never markup."""
    import jinja2

    here = os.path.dirname(os.path.abspath(__file__))
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(here), autoescape=True,
                             undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    v = view(a)
    # terminal_text drops control and bidi characters a browser would also honour
    clean = _cleaned(v)
    return env.get_template("report.html.j2").render(v=clean)


def _cleaned(value: Any) -> Any:
    if isinstance(value, str):
        return terminal_text(value)
    if isinstance(value, list):
        return [_cleaned(x) for x in value]
    if isinstance(value, dict):
        return {k: _cleaned(x) for k, x in value.items()}
    return value
