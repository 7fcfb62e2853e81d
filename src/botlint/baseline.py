"""A baseline: today's findings recorded in a file, so that a run reports only what is new.

``botlint baseline [PATHS] [-o FILE]`` writes it (default: the ``baseline`` setting, else
``.botlint-baseline.json`` in the working directory); ``botlint check --baseline FILE`` or
``baseline = "FILE"`` in ``[tool.botlint]`` (relative to the config file's directory; on the
command line, to the working directory) then leaves out every finding it holds.

Matching.  A finding is *known* when an entry has the same rule code, repository-relative path
and fingerprint (``model.with_fingerprints``: code, path, the finding's line with every secret
masked, whitespace-normalised, and the occurrence index among identical such lines in the file;
no line number).  So a finding survives edits above it and moves within its file.  Consequences,
accepted and documented:

* a file rename makes its findings new (ruff and detect-secrets do the same);
* an identical line added *above* known ones takes occurrence 1: it is matched, each old line
  moves up one occurrence and the last of them, with an occurrence no entry has, is reported.
  The count of new findings is right, the line named may be an older one;
* a line that only changes inside a masked secret keeps its fingerprint (the mask keeps the
  length).  That is why secret findings also carry their ``secret_hash`` (below).

Secret hashes.  ``Finding.secret_hash`` is an HMAC under a key local to the machine
(``botlint.hashkey``): it differs between machines unless they share ``BOTLINT_HASH_KEY``.  A
committed baseline is read in CI and on every developer's machine, so matching never *depends*
on it.  The file records ``hash_key_id`` (an HMAC of a fixed label under the key: it names the
key without revealing it; without the key the hashes confirm no guess) and, per secret entry,
the secret hash.  When the reader's key is the file's key, a secret finding matches an entry of
its code and file with the same secret hash, wherever its line went, and nothing else: a
hard-coded key replaced in place by another of the same length is new, and a duplicate line
added above a known one is reported itself.  Under another key the hashes are ignored and the
fingerprint rules above apply.  A rewrite on a machine with another key keeps the file's key id
and the hashes of the entries it keeps, and writes new entries without a hash, so the file
does not churn between machines.

File format.  JSON, ``{"version": 1, "generated_by": "botlint X", "hash_key_id": ...,
"entries": [{"code", "path", "fingerprint", "secret_hash"?}]}``, entries sorted by (path, code,
fingerprint), no timestamp: the same findings give a byte-identical file.  Never a value, a
masked snippet or a line number.  Writing it writes into the scanned tree, only when asked to
(``botlint baseline``, ``--update-baseline``), atomically (a temporary file, then a rename).

Updating.  ``botlint check --update-baseline`` (bandit's ``-b`` reads a baseline, detect-secrets'
``scan --baseline FILE`` updates one in place; botlint does the latter from ``check``, the
command a user is running when the new findings show up) and ``botlint baseline`` on an
existing baseline both rewrite it from the run's findings and say on stderr how many entries
went stale (no longer found) and how many were added.  Entries for files outside the paths of
the run are kept as they are, so ``botlint baseline src/`` does not forget ``tests/``.

Importing detect-secrets.  ``botlint baseline --from-detect-secrets .secrets.baseline`` scans the
tree and records the BOT1 findings detect-secrets' baseline already holds, so a team switches
without re-triaging.  detect-secrets keeps a SHA-1 of each secret (``hashed_secret``); botlint
keeps no value outside the file being linted, so the comparison happens there: while the
import runs, ``model.secret_digest`` (the one place where a value becomes a hash) hands each
value to an observer that computes its SHA-1, looks it up among the baseline's and remembers,
by botlint's own keyed hash, which detect-secrets results it matched.  The SHA-1 is never
stored, written or cached (the import runs without the cache and in one process).  A result
whose secret botlint extracts differently (detect-secrets hashes the password of a URL, or the
``BEGIN ... PRIVATE KEY`` marker) is matched by its file and line instead, when no hash matched
it.  Results audited as false positives (``is_secret: false``) are baselined like unaudited
ones.  Results audited as real secrets (``is_secret: true``) are not: a migration must not hide
a known live key; they stay reported, and stderr says how many and that they need rotating.
Findings detect-secrets did not know (other rules, or secrets it missed) are not baselined,
unless the botlint baseline being written already held them: an import adds to it.

Reports.  Baselined findings are left out before any format is rendered (SARIF, JSON, GitHub
annotations, the exit code); a note on stderr says how many.  SARIF ``baselineState`` is not
written: every result a baseline run reports would be ``"new"``, which says nothing more.

Paths.  Entry paths, like fingerprints, are relative to the repository root (``botlint.paths``:
the ``.git`` directory above a file, else the config file's directory, else the working
directory); outside a git repository and without a config file, run botlint from one directory.
"""
from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
from dataclasses import dataclass, field
from typing import Dict, Iterator, List, Optional, Sequence, Set, Tuple

from . import __version__
from .model import Finding
from .paths import Roots, _within, repo_root

VERSION = 1
DEFAULT_FILE = ".botlint-baseline.json"
_FINGERPRINT = re.compile(r"[0-9a-f]{32}\Z")
_HASH = re.compile(r"[0-9a-f]{16}\Z")
_SHA1 = re.compile(r"[0-9a-f]{40}\Z")


class BaselineError(ValueError):
    """A baseline that cannot be read or written: one line, exit 2."""


@dataclass(frozen=True, order=True)
class Entry:
    path: str
    code: str
    fingerprint: str
    secret_hash: str = ""

    def to_dict(self) -> dict:
        d = {"code": self.code, "path": self.path, "fingerprint": self.fingerprint}
        if self.secret_hash:
            d["secret_hash"] = self.secret_hash
        return d


def key_id() -> str:
    from .hashkey import keyed_hexdigest

    return keyed_hexdigest(b"botlint baseline hash key id")


@dataclass
class Baseline:
    entries: List[Entry] = field(default_factory=list)
    hash_key_id: str = ""
    path: str = ""

    def match(self, findings: Sequence[Finding], roots: Roots) -> Dict[int, Entry]:
        """id(finding) -> the entry it matches, each entry used once.  Under the file's own hash
        key a secret finding matches an entry of its code and file holding the same secret
        hash (wherever the line went); every other finding matches by code, path and
        fingerprint."""
        same_key = bool(self.hash_key_id) and self.hash_key_id == key_id()
        by_hash: Dict[Tuple[str, str, str], List[Entry]] = {}
        by_fp: Dict[Tuple[str, str, str], Entry] = {}
        for e in self.entries:
            by_fp[(e.code, e.path, e.fingerprint)] = e
            if e.secret_hash:
                by_hash.setdefault((e.code, e.path, e.secret_hash), []).append(e)
        used: Set[Entry] = set()
        out: Dict[int, Entry] = {}
        rels = {id(f): relative(f.path, roots) for f in findings}
        if same_key:
            for f in findings:
                for e in by_hash.get((f.code, rels[id(f)], f.secret_hash), ()) if f.secret_hash else ():
                    if e not in used:
                        used.add(e)
                        out[id(f)] = e
                        break
        for f in findings:
            if id(f) in out:
                continue
            entry = by_fp.get((f.code, rels[id(f)], f.fingerprint))
            if entry is None or entry in used or (same_key and entry.secret_hash and f.secret_hash):
                continue  # under the file's key a secret entry matches its own secret only
            used.add(entry)
            out[id(f)] = entry
        return out

    def split(self, findings: Sequence[Finding], roots: Roots) -> Tuple[List[Finding], List[Finding]]:
        """(new findings, known findings)."""
        pairs = self.match(findings, roots)
        return [f for f in findings if id(f) not in pairs], [f for f in findings if id(f) in pairs]


def relative(path: str, roots: Roots) -> str:
    """The repository-relative path ``with_fingerprints`` puts in a fingerprint."""
    rel = roots.relative(path) if path != "-" else None
    return rel if rel is not None else path.replace("\\", "/")


def shown(path: str) -> str:
    """A path for a message: relative to the working directory when inside it."""
    rel = os.path.relpath(path)
    return path if rel.startswith("..") else rel


def load(path: str) -> Baseline:
    where = shown(path)
    try:
        with open(path, "rb") as fh:
            raw = fh.read(200_000_000)
    except FileNotFoundError:
        raise BaselineError(f"baseline file not found: {where} (create it with `botlint baseline`)") from None
    except OSError as e:
        raise BaselineError(f"cannot read baseline {where}: {e.strerror}") from None
    try:
        doc = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise BaselineError(f"{where}: not a botlint baseline (not UTF-8 text)") from None
    except json.JSONDecodeError as e:
        raise BaselineError(f"{where}:{e.lineno}: not a botlint baseline (invalid JSON: {e.msg})") from None
    except RecursionError:
        raise BaselineError(f"{where}: not a botlint baseline (nested too deeply)") from None
    bad = f"{where}: not a botlint baseline"
    if not isinstance(doc, dict) or "entries" not in doc or "version" not in doc:
        raise BaselineError(f"{bad} (expected an object with version and entries)")
    if type(doc["version"]) is not int or doc["version"] != VERSION:
        raise BaselineError(f"{where}: baseline version {json.dumps(doc['version'])[:20]} is not supported "
                            f"(this botlint reads version {VERSION})")
    if not isinstance(doc["entries"], list):
        raise BaselineError(f"{bad} (entries must be a list)")
    key = doc.get("hash_key_id", "")
    if not isinstance(key, str) or (key and not _HASH.match(key)):
        raise BaselineError(f"{bad} (hash_key_id must be 16 hex digits)")
    entries = []
    for i, item in enumerate(doc["entries"]):
        if not isinstance(item, dict) or not all(isinstance(item.get(k), str) for k in ("code", "path", "fingerprint")):
            raise BaselineError(f"{bad} (entry {i + 1}: expected code, path and fingerprint strings)")
        h = item.get("secret_hash", "")
        if not _FINGERPRINT.match(item["fingerprint"]) or not isinstance(h, str) or (h and not _HASH.match(h)):
            raise BaselineError(f"{bad} (entry {i + 1}: malformed fingerprint or secret_hash)")
        entries.append(Entry(item["path"], item["code"], item["fingerprint"], h))
    return Baseline(entries, key, path)


def dumps(baseline: Baseline) -> str:
    doc = {"version": VERSION, "generated_by": f"botlint {__version__}"}
    entries = sorted(set(baseline.entries))
    if any(e.secret_hash for e in entries):
        doc["hash_key_id"] = baseline.hash_key_id
    doc["entries"] = [e.to_dict() for e in entries]
    return json.dumps(doc, indent=2, sort_keys=False) + "\n"


def write(path: str, baseline: Baseline) -> bool:
    """Write atomically; False (nothing written) when the file already says exactly this."""
    text = dumps(baseline)
    try:
        with open(path, encoding="utf-8") as fh:
            if fh.read() == text:
                return False
    except (OSError, UnicodeDecodeError):
        pass
    tmp = f"{path}.{os.getpid()}.tmp"
    try:
        with open(tmp, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
        os.replace(tmp, path)
    except OSError as e:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise BaselineError(f"cannot write baseline {path}: {e.strerror}") from None
    return True


def existing(path: str) -> Optional[Baseline]:
    """The baseline at ``path``, None when there is no file; a file that is not a baseline is
    an error (``-o pyproject.toml`` must not overwrite the project file)."""
    if not os.path.lexists(path):
        return None
    try:
        return load(path)
    except BaselineError as e:
        raise BaselineError(f"{e}; not overwritten") from None


@dataclass
class Update:
    baseline: Baseline
    stale: int
    added: int


def updated(old: Optional[Baseline], findings: Sequence[Finding], roots: Roots, scope: Sequence[str],
            baseline_path: str) -> Update:
    """The baseline for ``findings``: old entries for files outside ``scope`` (the run's paths)
    are kept; old entries inside it that no finding matched are stale."""
    mine = key_id()
    key = old.hash_key_id if old is not None and old.hash_key_id else mine
    pairs = old.match(findings, roots) if old is not None else {}
    entries: Set[Entry] = set()
    for f in findings:
        e = pairs.get(id(f))
        # the finding's own fingerprint (it may have moved); a secret hash only under the file's key
        h = f.secret_hash if key == mine else (e.secret_hash if e is not None else "")
        entries.add(Entry(relative(f.path, roots), f.code, f.fingerprint, h))
    stale = 0
    if old is not None:
        matched = set(pairs.values())
        root = repo_root(os.path.dirname(os.path.abspath(baseline_path)), roots.config_root)
        dirs = [os.path.abspath(p) for p in scope]
        for e in old.entries:
            if e in matched:
                continue
            where = os.path.abspath(os.path.join(root, e.path))
            if any(_within(where, d) for d in dirs):
                stale += 1
            else:
                entries.add(e)
    added = len(findings) - len(pairs)
    return Update(Baseline(sorted(entries), key, baseline_path), stale, added)


def summary(path: str, up: Update, created: bool, changed: bool) -> str:
    n = len(up.baseline.entries)
    if created:
        return f"wrote {path}: {n} {_plural(n, 'entry', 'entries')}"
    how = "updated" if changed else "unchanged"
    return (f"{how} {path}: {n} {_plural(n, 'entry', 'entries')}, {up.stale} stale "
            f"{_plural(up.stale, 'entry', 'entries')} removed, {up.added} added")


def _plural(n: int, one: str, many: str) -> str:
    return one if n == 1 else many


# -- detect-secrets import ------------------------------------------------------------------

@dataclass(frozen=True)
class DsResult:
    path: str  # repository-relative
    line: int
    sha1: str
    real: bool  # audited as a true secret (is_secret: true)


def read_detect_secrets(path: str, roots: Roots) -> List[DsResult]:
    """The results of a detect-secrets baseline; filenames are relative to the directory it was
    scanned from, taken to be the baseline file's directory (where ``detect-secrets scan >
    .secrets.baseline`` puts it)."""
    try:
        with open(path, "rb") as fh:
            doc = json.loads(fh.read(200_000_000).decode("utf-8"))
    except FileNotFoundError:
        raise BaselineError(f"detect-secrets baseline not found: {path}") from None
    except OSError as e:
        raise BaselineError(f"cannot read {path}: {e.strerror}") from None
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
        raise BaselineError(f"{path}: not a detect-secrets baseline (invalid JSON)") from None
    results = doc.get("results") if isinstance(doc, dict) else None
    if not isinstance(results, dict):
        raise BaselineError(f"{path}: not a detect-secrets baseline (no \"results\" object)")
    base = os.path.dirname(os.path.abspath(path))
    out = []
    for filename, items in results.items():
        if not isinstance(items, list):
            raise BaselineError(f"{path}: not a detect-secrets baseline (results must map files to lists)")
        try:
            rel = relative(os.path.join(base, filename), roots)
        except ValueError:  # a NUL in the name: no such file
            continue
        for item in items:
            if not isinstance(item, dict):
                raise BaselineError(f"{path}: not a detect-secrets baseline (a result is not an object)")
            sha1 = item.get("hashed_secret")
            line = item.get("line_number", 0)
            if not isinstance(sha1, str) or not _SHA1.match(sha1.lower()):
                raise BaselineError(f"{path}: not a detect-secrets baseline (a result has no hashed_secret)")
            if isinstance(line, bool) or not isinstance(line, int):
                line = 0
            out.append(DsResult(rel, line, sha1.lower(), item.get("is_secret") is True))
    return out


def _candidates(value: str) -> Iterator[str]:
    """The strings detect-secrets may have hashed for a value botlint found."""
    yield value
    yield value.strip()
    yield value.strip().strip("'\"")
    m = re.search(r"://[^:/@\s]*:([^@\s]+)@", value)
    if m:  # detect-secrets' BasicAuthDetector hashes the password only
        yield m.group(1)


class _Observer:
    def __init__(self, results: Sequence[DsResult]) -> None:
        self.by_sha1: Dict[str, List[DsResult]] = {}
        for r in results:
            self.by_sha1.setdefault(r.sha1, []).append(r)
        # botlint's keyed hash -> the detect-secrets results its value matched
        self.matched: Dict[str, Set[DsResult]] = {}

    def __call__(self, value: str, digest: str) -> None:
        for cand in dict.fromkeys(_candidates(value)):
            hit = self.by_sha1.get(hashlib.sha1(cand.encode("utf-8", "surrogatepass")).hexdigest())
            if hit:
                self.matched.setdefault(digest, set()).update(hit)


@contextlib.contextmanager
def observing(results: Sequence[DsResult]) -> Iterator[_Observer]:
    from . import model

    obs = _Observer(results)
    before = model.digest_observer
    model.digest_observer = obs
    try:
        yield obs
    finally:
        model.digest_observer = before


@dataclass
class Imported:
    known: List[Finding]
    by_hash: int
    by_line: int
    real: List[Finding]
    unmatched: int  # detect-secrets results no botlint finding matched
    not_known: int  # botlint findings detect-secrets did not know


def import_matches(findings: Sequence[Finding], results: Sequence[DsResult], obs: _Observer,
                   roots: Roots) -> Imported:
    claimed: Set[DsResult] = set()
    verdict: Dict[int, Tuple[str, bool]] = {}  # id(finding) -> (how, real)
    for f in findings:
        if not f.code.startswith("BOT1"):
            continue
        rel = relative(f.path, roots)
        hits = {r for r in obs.matched.get(f.secret_hash, ()) if r.path == rel} if f.secret_hash else set()
        if hits:
            claimed |= hits
            verdict[id(f)] = ("hash", any(r.real for r in hits))
    by_line: Dict[Tuple[str, int], List[DsResult]] = {}
    for r in results:
        if r not in claimed:
            by_line.setdefault((r.path, r.line), []).append(r)
    for f in findings:
        if not f.code.startswith("BOT1") or id(f) in verdict:
            continue
        rel = relative(f.path, roots)
        on_lines = [r for ln in range(f.location.line, f.location.end_line + 1) for r in by_line.get((rel, ln), ())]
        if on_lines:
            claimed.update(on_lines)
            verdict[id(f)] = ("line", any(r.real for r in on_lines))
    known = [f for f in findings if id(f) in verdict and not verdict[id(f)][1]]
    real = [f for f in findings if id(f) in verdict and verdict[id(f)][1]]
    return Imported(
        known=known,
        by_hash=sum(1 for f in known if verdict[id(f)][0] == "hash"),
        by_line=sum(1 for f in known if verdict[id(f)][0] == "line"),
        real=real,
        unmatched=sum(1 for r in results if r not in claimed),
        not_known=len(findings) - len(known) - len(real),
    )


def without_own_file(findings: Sequence[Finding], path: str) -> List[Finding]:
    """``findings`` less those in the baseline file itself (its fingerprints and hashes are
    hex strings the opt-in BOT110 reports; writing the file would change them again)."""
    own = os.path.realpath(path)
    return [f for f in findings if f.path == "-" or os.path.realpath(f.path) != own]


__all__ = ["Baseline", "BaselineError", "DEFAULT_FILE", "Entry", "load", "write", "updated", "existing",
           "read_detect_secrets", "observing", "import_matches"]
