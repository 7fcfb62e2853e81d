"""The audit of one project: findings and per-file capability summaries -> :class:`Audit`.

What each part rests on:

* **read / trade**: authenticated exchange calls of the capability summaries (ccxt unified and
  implicit methods, SDK order and account calls, hummingbot ``self.buy``), and the trading
  frameworks' engines: a freqtrade config with ``"dry_run": false``, a freqtrade ``IStrategy``
  unless every config of the project is a dry run, a hummingbot or jesse strategy.  A key that
  trades also reads (every exchange's trading permission includes reading), so trade implies read.
* **withdraw / transfer / onchain_send**: the BOT3 findings (BOT301-BOT305, by category) and
  BOT507 (a fund mover to a destination fixed in the code).  BOT306 (an exchange adapter that
  *implements* a withdrawal) is not a call the bot makes.
* **exchanges, hosts, credential sources**: the summaries; host kinds from ``analysis.capabilities``.
* **hard-coded**: a BOT1 finding outside tests at its rule's own severity (not lowered);
  **exposed**: any BOT2 finding, or BOT504 (credentials, a config or wallet harvested and sent
  away); **malicious**: any BOT5 finding (tests included: a
  ``conftest.py`` runs on ``pytest``).

Test files (``tests/``, ``test_*.py``) do not add permissions, exchanges or hosts: the bot does
not run them with the user's key.  Evidence is capped per item (the report stays readable on a
framework with hundreds of call sites); counts are kept.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional, Sequence

from ..analysis.capabilities import (ONCHAIN, READ, TRADE, TRANSFER, WITHDRAW, dex_of_host, exchange_of_host,
                                     host_kind)
from ..discovery import file_kind
from ..engine.source import is_test_path
from ..model import Finding, Location, RunResult

PERMISSIONS = (READ, TRADE, WITHDRAW, TRANSFER, ONCHAIN)
MAX_EVIDENCE = 10  # per permission and per host in a report (the count is kept)
FAMILIES = ("BOT0", "BOT1", "BOT2", "BOT3", "BOT4", "BOT5")


@dataclass
class Evidence:
    path: str
    line: int
    code: str

    def to_dict(self) -> Dict[str, Any]:
        return {"path": self.path, "line": self.line, "code": self.code}


@dataclass
class Host:
    host: str
    kind: str
    evidence: List[Evidence] = field(default_factory=list)
    count: int = 0

    def to_dict(self) -> Dict[str, Any]:
        return {"host": self.host, "kind": self.kind, "evidence": [e.to_dict() for e in self.evidence]}


@dataclass
class Source:
    """Where a credential comes from: kind env | config_file | prompt (typed in, or the OS
    keyring) | hard_coded, and its name (an env variable, a file, ``getpass()``, or a credential
    kind): never a value."""

    kind: str
    name: str
    evidence: List[Evidence] = field(default_factory=list)

    def to_dict(self) -> Dict[str, Any]:
        return {"kind": self.kind, "name": self.name, "evidence": [e.to_dict() for e in self.evidence]}


@dataclass
class Audit:
    path: str
    files: int
    permissions: Dict[str, bool]
    evidence: Dict[str, List[Evidence]]
    counts: Dict[str, int]
    exchanges: List[str]
    exchange_evidence: Dict[str, List[Evidence]]
    hosts: List[Host]
    hard_coded: bool
    exposed: bool
    sources: List[Source]
    findings: List[Finding]
    frameworks: List[str]
    dry_run: Optional[bool]
    errors: List[str] = field(default_factory=list)

    @property
    def malicious(self) -> bool:
        return any(f.code.startswith("BOT5") for f in self.findings)

    def family(self, prefix: str) -> List[Finding]:
        return [f for f in self.findings if f.code.startswith(prefix)]

    @property
    def risky(self) -> bool:
        """What the exit status gates on: funds can leave, malicious code, a hard-coded key."""
        p = self.permissions
        return bool(p[WITHDRAW] or p[TRANSFER] or self.malicious or self.hard_coded)

    @property
    def exit_code(self) -> int:
        return 1 if self.risky else 0


def _relative(display: str, root: str) -> str:
    d = display.replace("\\", "/")
    r = root.replace("\\", "/").rstrip("/")
    if r in ("", "."):
        return d[2:] if d.startswith("./") else d
    if d == r:
        return os.path.basename(d)
    return d[len(r) + 1:] if d.startswith(r + "/") else d


def is_test(display: str, root: str) -> bool:
    """A test file of the vetted project: the engine's judgement (``is_test_path``), below the
    project's root, so a project kept under a directory named ``tests`` is not all tests."""
    return is_test_path(_relative(display, root))


# BOT3/BOT5 findings -> the permission a key needs for them
_FUND_CODES = {"BOT301": WITHDRAW, "BOT302": TRANSFER, "BOT305": ONCHAIN}
_CATEGORY_CODES = ("BOT303", "BOT304", "BOT507")


def _fund_permission(f: Finding) -> Optional[str]:
    if f.code in _FUND_CODES:
        return _FUND_CODES[f.code]
    if f.code not in _CATEGORY_CODES:
        return None
    msg = f.message.lower()
    if f.code == "BOT507" and re.search(
            r"on-chain|web3|solana|send_(?:raw_)?transaction|erc-?20|transfer\(|native coin", msg) \
            and "withdraw" not in msg:
        return ONCHAIN
    if "withdraw" in msg:
        return WITHDRAW
    if "transfer" in msg or "sub-account" in msg:
        return TRANSFER
    return WITHDRAW if f.code == "BOT507" else None


def _finding_code(f: Finding) -> str:
    m = re.search(r"`([^`]{1,80})`", f.message)
    return m.group(1) if m else f.name


def build(path: str, result: RunResult) -> Audit:
    from .. import registry

    root = path
    evidence: Dict[str, List[Evidence]] = {p: [] for p in PERMISSIONS}
    counts: Dict[str, int] = {p: 0 for p in PERMISSIONS}

    def add(perm: str, ev: Evidence) -> None:
        counts[perm] += 1
        if len(evidence[perm]) < MAX_EVIDENCE and ev not in evidence[perm]:
            evidence[perm].append(ev)

    findings = sorted(result.findings + _pth_installers(result), key=Finding.sort_key)
    for f in findings:
        perm = _fund_permission(f)
        if perm and (f.code == "BOT507" or not is_test(f.path, root)):
            add(perm, Evidence(f.path, f.line, _finding_code(f)))

    exchanges: Dict[str, List[Evidence]] = {}
    hosts: Dict[str, Host] = {}
    env: Dict[str, List[Evidence]] = {}
    prompts: Dict[str, List[Evidence]] = {}
    frameworks: Dict[str, List[Evidence]] = {}
    dry_runs: List[bool] = []
    fw_classes: List[Evidence] = []
    untraced: List[tuple] = []  # ccxt order/account calls on receivers no client traces to
    uses_ccxt = False
    hidden: List[tuple] = []  # credentials written inside an encoded payload (the capability summary)
    harvesting = False  # a decoded payload that reads credentials and sends (the capability summary)
    for display in sorted(result.capabilities):
        caps = result.capabilities[display]
        test = is_test(display, root)
        for name, line, code in _rows(caps.get("perms"), 3):
            if not test:
                add(str(name), Evidence(display, int(line), str(code)))
        if not test:
            untraced.extend((str(n), Evidence(display, int(line), str(code)))
                            for n, line, code in _rows(caps.get("untraced"), 3))
            uses_ccxt = uses_ccxt or bool(_rows(caps.get("libs"), 3))
        for name, line, _code in _rows(caps.get("env"), 3, pad=True):
            if not test:
                env.setdefault(str(name), []).append(Evidence(display, int(line), f"env {name}"))
        for name, line, _code in _rows(caps.get("prompts"), 3, pad=True):
            if not test:
                prompts.setdefault(str(name), []).append(Evidence(display, int(line), str(name)))
        if test:
            continue
        hidden.extend((str(label), Evidence(display, int(line), str(code)))
                      for label, line, code in _rows(caps.get("hidden_secrets"), 3))
        harvesting = harvesting or bool(_rows(caps.get("payload_harvests"), 3))
        for name, line, code in _rows(caps.get("exchanges"), 3):
            exchanges.setdefault(str(name), []).append(Evidence(display, int(line), str(code)))
        for name, line, via in _rows(caps.get("hosts"), 3):
            h = hosts.get(str(name))
            if h is None:
                h = hosts[str(name)] = Host(str(name), host_kind(str(name)))
                venue = exchange_of_host(h.host) if h.kind == "exchange" else None
                if venue:  # a raw REST bot names its exchange by its host
                    exchanges.setdefault(venue, []).append(Evidence(display, int(line), h.host))
            dex = dex_of_host(h.host)
            if dex and h.count == 0:  # a DEX's swap/quote API (quote-api.jup.ag): the bot trades there
                exchanges.setdefault(dex, []).append(Evidence(display, int(line), h.host))
            h.count += 1
            if len(h.evidence) < MAX_EVIDENCE:
                h.evidence.append(Evidence(display, int(line), str(via)))
        for name, line, code in _rows(caps.get("frameworks"), 3):
            ev = Evidence(display, int(line), str(code))
            frameworks.setdefault(str(name), []).append(ev)
            if name in ("freqtrade",):
                fw_classes.append(ev)
        for value, line, _how in _rows(caps.get("dry_run"), 3):
            dry_runs.append(bool(value))
            if value is False:
                add(TRADE, Evidence(display, int(line), '"dry_run": false'))
    if uses_ccxt:
        # a project that uses ccxt: its unified order and account calls count on any receiver (a
        # client kept in a dict a factory returns, handed to a helper module, a loop variable)
        for perm, ev in untraced:
            add(perm, ev)
    for fw, evs in frameworks.items():
        if fw == "freqtrade" and dry_runs and all(dry_runs):
            continue  # every config of the project is a dry run: its strategies do not trade
        for ev in evs:
            add(TRADE, Evidence(ev.path, ev.line, f"{fw} strategy {ev.code}"))

    permissions = {p: bool(counts[p]) for p in PERMISSIONS}
    if permissions[TRADE]:
        permissions[READ] = True  # every exchange's trading permission includes reading

    hard_coded = False
    hard_kinds: Dict[str, List[Evidence]] = {}
    for f in findings:
        if not f.code.startswith("BOT1") or f.code == "BOT110" or is_test(f.path, root):
            continue
        try:
            default = registry.info(f.code).SEVERITY
        except KeyError:
            continue
        if f.severity >= default:
            hard_coded = True
            hard_kinds.setdefault(registry.info(f.code).MESSAGE, []).append(Evidence(f.path, f.line, f.code))
    for label, ev in hidden:  # a webhook or key inside a base64 blob is written in the code as well
        hard_coded = True
        hard_kinds.setdefault(f"{label} (inside an encoded payload)", []).append(ev)
    # a credential reaching a log or a third party (BOT2), or harvested and sent away (BOT504:
    # the environment, a config, a wallet or key file posted to a remote host)
    exposed = any(f.code.startswith("BOT2") or f.code == "BOT504" for f in findings) or harvesting

    sources: List[Source] = []
    for name in sorted(env):
        sources.append(Source("env", name, env[name][:MAX_EVIDENCE]))
    for display, caps in sorted(result.capabilities.items()):
        if (caps.get("cred_keys") or caps.get("env") and file_kind(display) == "config") and not is_test(display, root):
            sources.append(Source("config_file", _relative(display, root), [Evidence(display, 1, "config file")]))
    for name in sorted(prompts):
        sources.append(Source("prompt", name, prompts[name][:MAX_EVIDENCE]))
    for label in sorted(hard_kinds):
        sources.append(Source("hard_coded", label, hard_kinds[label][:MAX_EVIDENCE]))

    host_list = sorted(hosts.values(), key=lambda h: (_KIND_ORDER.get(h.kind, 9), h.host))
    ex_ids = sorted(exchanges)
    return Audit(path=path, files=result.files, permissions=permissions,
                 evidence={p: evidence[p] for p in PERMISSIONS}, counts=counts, exchanges=ex_ids,
                 exchange_evidence={e: exchanges[e][:MAX_EVIDENCE] for e in ex_ids}, hosts=host_list,
                 hard_coded=hard_coded, exposed=exposed, sources=sources, findings=findings,
                 frameworks=sorted(frameworks), dry_run=(all(dry_runs) if dry_runs else None),
                 errors=list(result.errors))


def _pth_installers(result: RunResult) -> List[Finding]:
    """A setup.py that installs a .pth file whose `import` line BOT5 reported is part of the same
    payload: it puts that line where Python's site module runs it on every start (a copy into
    the build or site-packages, ``data_files``).  One BOT503 finding at the setup.py's mention."""
    flagged = {f.path.replace("\\", "/").rsplit("/", 1)[-1]: f.path for f in result.findings
               if f.code.startswith("BOT5") and f.path.endswith(".pth")}
    if not flagged:
        return []
    from .. import registry

    try:
        info = registry.info("BOT503")
    except KeyError:
        return []
    out: List[Finding] = []
    for display in sorted(result.capabilities):
        for name, line, _how in _rows(result.capabilities[display].get("pth_refs"), 3):
            if str(name) in flagged:
                out.append(Finding(
                    code="BOT503", name=info.NAME, path=display,
                    message=f"installs `{name}`, a .pth file whose `import` line runs code reported there: "
                            "Python's site module runs it on every start",
                    location=Location(int(line), 1, int(line), 1), severity=info.SEVERITY,
                    confidence=info.CONFIDENCE))
                break
    return out


_KIND_ORDER = {"raw_ip": 0, "unknown": 1, "third_party": 2, "notification": 3, "rpc": 4, "exchange": 5}


def _rows(value: Any, width: int, pad: bool = False) -> Sequence[list]:
    """Rows of a cached summary that have the expected shape (anything else is skipped)."""
    if not isinstance(value, list):
        return []
    out = []
    for row in value:
        if not isinstance(row, list) or len(row) < (width - 1 if pad else width):
            continue
        row = list(row) + [""] * (width - len(row))
        if not isinstance(row[1], int) or isinstance(row[1], bool):
            continue
        out.append(row[:width])
    return out
