"""Findings and rule metadata: plain frozen data, no behaviour beyond ordering."""
from __future__ import annotations

import enum
import hashlib
from dataclasses import dataclass, field, replace
from typing import Optional


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
        return {
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


def secret_digest(value: str) -> str:
    """The only form in which botlint keeps a secret: a truncated HMAC-SHA256 under a key
    that stays on this machine (botlint.hashkey), so a hash cannot confirm a guess offline."""
    from .hashkey import keyed_hexdigest

    return keyed_hexdigest(value.encode("utf-8", "surrogatepass"))


def fingerprint(code: str, path: str, line_text: str, secret_hash: str) -> str:
    """Stable across edits above the finding: no line number in it."""
    norm = " ".join(line_text.split())
    # the line text may hold the secret: it is hashed together with the rest, never stored
    h = hashlib.sha256("\x1f".join((code, path, norm, secret_hash)).encode("utf-8", "surrogatepass"))
    return h.hexdigest()[:32]


@dataclass(frozen=True)
class RuleMeta:
    code: str
    name: str
    summary: str
    severity: Severity
    confidence: Confidence
    cwe: Optional[int]
    doc: str
    default_enabled: bool = True
