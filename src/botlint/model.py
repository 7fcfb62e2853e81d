"""Findings and results: plain data, no behaviour beyond ordering, the run-level fingerprint
step and the one message shape of a secret.  Everything here is shared by the engine, the
cache, the rules and the renderers, so it imports nothing of theirs."""
from __future__ import annotations

import enum
import hashlib
from collections import Counter
from dataclasses import dataclass, field, replace
from typing import Callable, Dict, List, Optional, Sequence, Tuple


class Severity(enum.IntEnum):
    LOW = 1
    MEDIUM = 2
    HIGH = 3
    CRITICAL = 4

    @property
    def label(self) -> str:
        return self.name.lower()

    @property
    def security_severity(self) -> str:
        """GitHub code scanning's 0-10 scale (critical >= 9, high >= 7, medium >= 4)."""
        return {1: "3.0", 2: "5.5", 3: "8.0", 4: "9.5"}[self.value]

    def lowered(self) -> "Severity":
        return Severity(max(1, self.value - 1))


class Confidence(enum.IntEnum):
    LOW = 1
    MEDIUM = 2
    HIGH = 3

    @property
    def label(self) -> str:
        return self.name.lower()


@dataclass(frozen=True, order=True)
class Location:
    """1-based line and column; end is inclusive of the last line, exclusive column."""

    line: int
    column: int
    end_line: int
    end_column: int


@dataclass(frozen=True)
class Finding:
    code: str
    name: str
    message: str
    path: str
    location: Location
    severity: Severity
    confidence: Confidence
    # sha256 (truncated) of the secret or of the node text; never the value itself
    secret_hash: str = ""
    fingerprint: str = ""
    # lines on which a suppression comment covers this finding (statement start/end)
    suppress_lines: tuple = field(default=(), compare=False)
    # the finding's source line with every secret-looking token masked (for code frames)
    snippet: str = field(default="", compare=False)
    # git history only (botlint history): the commit that added the finding's line, its
    # committer date (ISO 8601), and whether the secret is still in HEAD
    commit: str = field(default="", compare=False)
    commit_date: str = field(default="", compare=False)
    in_head: Optional[bool] = field(default=None, compare=False)

    @property
    def line(self) -> int:
        return self.location.line

    @property
    def column(self) -> int:
        return self.location.column

    def sort_key(self):
        return (self.path, self.location.line, self.location.column, self.code, self.message)

    def with_path(self, path: str) -> "Finding":
        return replace(self, path=path)

    def to_dict(self) -> dict:
        d = {
            "code": self.code,
            "name": self.name,
            "message": self.message,
            "severity": self.severity.label,
            "confidence": self.confidence.label,
            "path": self.path,
            "line": self.location.line,
            "column": self.location.column,
            "end_line": self.location.end_line,
            "end_column": self.location.end_column,
            "fingerprint": self.fingerprint,
        }
        if self.commit:
            d.update(commit=self.commit, commit_date=self.commit_date, in_head=self.in_head)
        return d


def secret_digest(value: str) -> str:
    """The only form in which botlint keeps a secret: a truncated HMAC-SHA256 under a key
    that stays on this machine (botlint.hashkey), so a hash cannot confirm a guess offline."""
    from .hashkey import keyed_hexdigest

    digest = keyed_hexdigest(value.encode("utf-8", "surrogatepass"))
    if digest_observer is not None:  # only while a detect-secrets baseline is imported (botlint.baseline)
        digest_observer(value, digest)
    return digest


# set by botlint.baseline.observing for one run: sees each value as it becomes a hash, keeps none
digest_observer: Optional[Callable[[str, str], None]] = None


def fingerprint(code: str, rel_path: str, masked_line: str, occurrence: int = 1) -> str:
    """Stable across edits above the finding and across machines: no line number, no secret.

    Built from the code, the repository-relative path, the finding's line as the code frame
    shows it (every secret masked by the engine's redaction), whitespace-normalised, and the
    occurrence index among identical (code, path, line) in the file, as GitHub's
    ``primaryLocationLineHash`` counts ``:1``, ``:2``.  Neither ``secret_hash`` nor the raw
    line goes in: a fingerprint is safe to publish and the same on every machine."""
    norm = " ".join(masked_line.split())
    data = "\x1f".join((code, rel_path, norm, str(occurrence)))
    return hashlib.sha256(data.encode("utf-8", "surrogatepass")).hexdigest()[:32]


def with_fingerprints(findings: Sequence["Finding"], config_root: Optional[str] = None) -> List["Finding"]:
    """The run's findings with their fingerprints set (a post-processing step over the whole
    run, after the cache: the repository root depends on where the run happens, not on the
    file's content).  ``findings`` are in report order; the occurrence index counts identical
    (code, repository-relative path, masked line) in that order."""
    from .paths import Roots

    roots = Roots(config_root)
    seen: Counter = Counter()
    out = []
    for f in sorted(findings, key=Finding.sort_key):
        rel = roots.relative(f.path) if f.path != "-" else None
        rel = rel if rel is not None else f.path.replace("\\", "/")
        norm = " ".join(f.snippet.split())
        key = (f.code, rel, norm)
        seen[key] += 1
        out.append((f, fingerprint(f.code, rel, norm, seen[key])))
    index = {id(f): fp for f, fp in out}
    return [replace(f, fingerprint=index[id(f)]) for f in findings]


def secret_message(label: str, where: str, length: int, shape: str = "") -> str:
    """The one message shape for a secret: its kind and length, never its value (the secrets
    pass and BOT1's walking rule both write it)."""
    place = f" in {where}" if where else ""
    extra = f", {shape}" if shape else ""
    return f"hard-coded {label}{place} (<redacted: {length} chars>{extra})"


@dataclass
class FileResult:
    """One file's outcome, as the worker returns it and the cache stores it."""

    findings: List[Finding] = field(default_factory=list)
    notes: List[str] = field(default_factory=list)
    # internal errors: the run reports them and exits 2, like ruff
    errors: List[str] = field(default_factory=list)
    # the link step (engine.link): analysis name -> what the module defines at top level, and
    # the fully-qualified names it uses whose facts could change a finding (JSON data, no secret)
    exports: Dict[str, dict] = field(default_factory=dict)
    wants: Tuple[str, ...] = ()
    # botlint audit only: what the file lets the bot do (analysis.capabilities; JSON data, no value)
    capabilities: Dict[str, list] = field(default_factory=dict)


@dataclass
class RunResult:
    findings: List[Finding]
    notes: List[str]
    files: int
    cached: int = 0
    errors: List[str] = field(default_factory=list)
    # botlint audit only: display path -> that file's capability summary (FileResult.capabilities)
    capabilities: Dict[str, dict] = field(default_factory=dict)
