"""``botlint audit --diff OLD NEW``: what changed between two versions of a bot, as a user
updating it needs to see (capslock-git-diff and malcontent's diff mode are the model): permissions
gained or lost, exchanges and hosts added or removed, BOT5 findings new or gone, a hard-coded
credential appearing.  The update is risky (exit 1) when the new version gains withdraw,
transfer, malicious code or a hard-coded credential, or a new host of kind unknown, raw IP or
third party."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Dict, List, Tuple

from ..analysis.capabilities import TRANSFER, WITHDRAW
from ..report.safe import json_text, terminal_text
from .model import PERMISSIONS, Audit, _relative

RISKY_HOST_KINDS = ("unknown", "raw_ip", "third_party")


@dataclass
class AuditDiff:
    old: Audit
    new: Audit
    gained: List[str] = field(default_factory=list)
    lost: List[str] = field(default_factory=list)
    exchanges_added: List[str] = field(default_factory=list)
    exchanges_removed: List[str] = field(default_factory=list)
    hosts_added: List[Tuple[str, str]] = field(default_factory=list)  # (host, kind)
    hosts_removed: List[Tuple[str, str]] = field(default_factory=list)
    malicious_added: List[Dict[str, Any]] = field(default_factory=list)
    malicious_removed: List[Dict[str, Any]] = field(default_factory=list)
    hard_coded_added: bool = False
    exposed_added: bool = False

    @property
    def risky(self) -> bool:
        return bool(set(self.gained) & {WITHDRAW, TRANSFER} or self.malicious_added or self.hard_coded_added
                    or any(kind in RISKY_HOST_KINDS for _h, kind in self.hosts_added))

    @property
    def exit_code(self) -> int:
        return 1 if self.risky else 0

    def to_dict(self) -> Dict[str, Any]:
        return {
            "version": 1, "old": self.old.path, "new": self.new.path, "risky": self.risky,
            "permissions": {"gained": self.gained, "lost": self.lost},
            "exchanges": {"added": self.exchanges_added, "removed": self.exchanges_removed},
            "hosts": {"added": [{"host": h, "kind": k} for h, k in self.hosts_added],
                      "removed": [{"host": h, "kind": k} for h, k in self.hosts_removed]},
            "malicious": {"added": self.malicious_added, "removed": self.malicious_removed},
            "credentials": {"hard_coded_added": self.hard_coded_added, "exposed_added": self.exposed_added},
        }


def _bot5(a: Audit) -> Dict[Tuple[str, str, str], Dict[str, Any]]:
    """BOT5 findings keyed without their line (an edit above a finding does not make it new)."""
    out = {}
    for f in a.family("BOT5"):
        rel = _relative(f.path, a.path)
        out[(f.code, rel, f.message)] = {"code": f.code, "path": rel, "line": f.line, "message": f.message}
    return out


def compare(old: Audit, new: Audit) -> AuditDiff:
    d = AuditDiff(old, new)
    d.gained = [p for p in PERMISSIONS if new.permissions[p] and not old.permissions[p]]
    d.lost = [p for p in PERMISSIONS if old.permissions[p] and not new.permissions[p]]
    d.exchanges_added = sorted(set(new.exchanges) - set(old.exchanges))
    d.exchanges_removed = sorted(set(old.exchanges) - set(new.exchanges))
    old_hosts = {h.host: h.kind for h in old.hosts}
    new_hosts = {h.host: h.kind for h in new.hosts}
    d.hosts_added = sorted((h, k) for h, k in new_hosts.items() if h not in old_hosts)
    d.hosts_removed = sorted((h, k) for h, k in old_hosts.items() if h not in new_hosts)
    ob, nb = _bot5(old), _bot5(new)
    d.malicious_added = [nb[k] for k in sorted(nb) if k not in ob]
    d.malicious_removed = [ob[k] for k in sorted(ob) if k not in nb]
    d.hard_coded_added = new.hard_coded and not old.hard_coded
    d.exposed_added = new.exposed and not old.exposed
    return d


def render(fmt: str, d: AuditDiff) -> str:
    if fmt == "json":
        return json_text(d.to_dict())
    t = terminal_text
    md = fmt == "markdown"
    out = [("## " if md else "") + f"botlint audit --diff {t(d.old.path)} -> {t(d.new.path)}", ""]
    if d.risky:
        out.append("The new version is riskier: review the lines marked + before updating.")
    elif any((d.gained, d.exchanges_added, d.hosts_added, d.malicious_added, d.exposed_added)):
        out.append("The new version changes what the bot does, with no new withdraw, transfer, malicious code "
                   "or unknown host.")
    else:
        out.append("No new permission, exchange, host or malicious code in the new version.")
    out.append("")
    lines: List[str] = []
    lines += [f"+ permission {p}" for p in d.gained] + [f"- permission {p}" for p in d.lost]
    lines += [f"+ exchange {t(e)}" for e in d.exchanges_added] + [f"- exchange {t(e)}" for e in d.exchanges_removed]
    lines += [f"+ host {t(h)} ({k})" for h, k in d.hosts_added] + [f"- host {t(h)} ({k})" for h, k in d.hosts_removed]
    lines += [f"+ {f['code']} {t(f['path'])}:{f['line']}: {t(f['message'])}" for f in d.malicious_added]
    lines += [f"- {f['code']} {t(f['path'])}:{f['line']}: {t(f['message'])}" for f in d.malicious_removed]
    if d.hard_coded_added:
        lines.append("+ a hard-coded credential")
    if d.exposed_added:
        lines.append("+ a credential reaching a log, message, file or third party")
    if lines:
        out += (["```diff"] if md else []) + lines + (["```"] if md else [])
    return "\n".join(out) + "\n"
