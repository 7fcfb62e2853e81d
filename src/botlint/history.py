"""``botlint history``: secrets in every commit, not only in the tree.

A key that was committed and removed later is still leaked: anyone with a clone has it.  This
module walks a repository's history, oldest first, and reports each secret once, at the commit
that introduced it, saying whether it is still in HEAD.

How (and why this way):

- **git itself, streamed.**  One ``git log`` lists the commits (``--topo-order --reverse
  --full-history``: parents before children, so "oldest" is the ancestor; no history
  simplification, so a side branch whose key was removed before the merge is still walked).  A
  second ``git log --no-walk=unsorted --stdin -p --unified=0`` streams the patches of the
  commits the cache does not know, and one long-running ``git cat-file --batch`` hands over the
  blobs.  Nothing parses git objects or packs; only git's text output (hunk headers, ``+++``
  lines, C-quoted names) is read.  The cat-file process starts on the first blob it is asked
  for, so a run answered from the cache never starts it.
- **The same judgement as the tree.**  For each changed file of a kind botlint scans
  (``discovery.file_kind``), the file's whole content *at that commit* goes through
  ``engine.lint_bytes`` with the user's settings restricted to BOT1 (only secrets matter in
  history: a fund-moving call in an old commit endangers nobody).  Names, values, placeholders,
  env lookups and suppressions are judged exactly as ``botlint check`` would; a finding is kept
  only when its span touches a line that commit added (hunk headers of ``--unified=0``).
- **Each secret once.**  The key is ``Finding.secret_hash`` (never the value); a finding
  without a hash keys on code + path + masked line.  The first commit in the oldest-first walk
  wins, so a key copied to a second file later is not reported again.
- **Still in HEAD?**  HEAD's blobs (not the work tree, which may be edited or dirty) of every
  file a secret was added to, followed through later renames, are linted the same way; a
  secret is in HEAD when a HEAD finding has its key.
- **Merges** are diffed against their first parent only (``--diff-merges=first-parent``): what
  a side branch added is found at the side branch's own commits, which the walk reaches first;
  what the merge itself adds (an evil merge, a conflict resolution) is found at the merge.  The
  run says so in a note when it met a merge.
- **Renames** are followed (``-M``): a renamed file's unchanged lines are not "added" again.
- **Binary files**: ``--text`` makes git diff every scanned kind as text, so a hostile
  ``.gitattributes`` (``*.py -diff``) or ``core.bigFileThreshold`` cannot hide a file; the
  engine still skips content that really is binary (a NUL in the first 8 KiB).
- **Huge commits** stream file by file; a blob over the engine's hard size limit is drained,
  not kept, and noted.  A pathspec restricts git to the file kinds botlint scans, so git does
  not diff images and archives at all.
- **Paths** are bytes from git, decoded with ``os.fsdecode`` (a non-UTF-8 name keeps its bytes
  as surrogate escapes); the renderers escape them for terminals and JSON.

Speed.  The cost is the judgement: every changed version of a Python file is parsed with
libcst, as ``botlint check`` would parse it.  Three things keep it down without changing what
is reported: a Python file whose added lines hold no string literal that BOT1 could report
(``may_hold_secret``), none of them inside a triple-quoted string, is not parsed at all; a
(path, blob) is linted once per run (a merge's first-parent diff repeats its side branch's
blobs); and blobs go through the engine's process pool in batches (``--jobs``).

Git safety.  botlint vets downloaded repositories, so nothing from the repository's own config
may run: every git call gets ``-c core.fsmonitor=false -c core.hooksPath=/dev/null
-c diff.external= -c core.pager=cat -c log.showSignature=false -c protocol.allow=never
-c core.bigFileThreshold=512m -c core.quotePath=true``, ``--no-pager --no-replace-objects``,
and log gets ``--no-ext-diff --no-textconv --no-color --no-relative``, explicit prefixes and an
empty order file; the environment drops every ``GIT_*`` variable and sets
``GIT_CONFIG_NOSYSTEM=1 GIT_TERMINAL_PROMPT=0 GIT_OPTIONAL_LOCKS=0 GIT_NO_LAZY_FETCH=1``
(``protocol.allow=never`` also stops the lazy fetch of a partial clone on older git, which could
run ``core.sshCommand``).  ``log.showSignature`` matters: a repository could set it with its own
``gpg.program``.  log and cat-file run no hooks and write nothing into the repository.

Cache.  Commits are immutable, so each commit's result is cached under the key (commit sha,
scope, BOT1 settings fingerprint, botlint code digest) in ``history-<settings>.json`` in the
same directory as the file cache (``--cache-dir``, ``$BOTLINT_CACHE_DIR``, ``~/.cache/botlint``),
never in the scanned tree.  An entry holds findings as their dicts (messages redact every
secret, snippets are masked, ``secret_hash`` is the engine's hash), the renames, and for HEAD's
blobs only the finding keys.  No file content and no value is ever stored.
"""
from __future__ import annotations

import hashlib
import os
import re
import subprocess
import tempfile
from dataclasses import dataclass, field, replace
from typing import Dict, Iterator, List, Optional, Sequence, Set, Tuple

from . import __version__
from .cache import read_json, write_json
from .config import resolve
from .discovery import CONFIG_NAMES, CONFIG_SUFFIXES, KEY_SUFFIXES, PYTHON_SUFFIXES, file_kind
from .model import Confidence, Finding, Location, Severity, with_fingerprints

GIT_CONFIG = (
    "-c", "core.fsmonitor=false",
    "-c", "core.hooksPath=/dev/null",
    "-c", "diff.external=",
    "-c", "core.pager=cat",
    "-c", "log.showSignature=false",
    "-c", "protocol.allow=never",
    "-c", "core.bigFileThreshold=512m",
    "-c", "core.quotePath=true",
)
GIT_GLOBAL = ("--no-pager", "--no-replace-objects")
LOG_SAFE = ("--no-ext-diff", "--no-textconv", "--no-color", "--no-relative", "--no-notes", "--no-mailmap",
            "--src-prefix=a/", "--dst-prefix=b/", "-O/dev/null", "--submodule=short")
_COMMIT = b"\x1ebotlint-commit "
_HUNK = re.compile(rb"^@@ -\d+(?:,(\d+))? \+(\d+)(?:,(\d+))? @@")
_SKIP_MODES = (b"120000", b"160000")  # a symlink's blob is its target; a gitlink is a commit
HARD_SIZE_LIMIT = 50_000_000
# cached commits (all repositories, one settings fingerprint); past it the oldest entries go
MAX_ENTRIES = 500_000
_ROTATE = "rotate the key: removing it from the tree does not un-leak it"


class HistoryError(Exception):
    """A problem that ends the run with exit 2 and this one-line reason."""


def git_env() -> Dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(GIT_CONFIG_NOSYSTEM="1", GIT_TERMINAL_PROMPT="0", GIT_OPTIONAL_LOCKS="0",
               GIT_NO_LAZY_FETCH="1", LC_ALL="C")
    return env


def git_command(*args: str) -> List[str]:
    return ["git", *GIT_CONFIG, *GIT_GLOBAL, *args]


def _git(cwd: str, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    try:
        proc = subprocess.run(git_command(*args), cwd=cwd, env=git_env(), stdin=subprocess.DEVNULL,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, check=False)
    except OSError as e:
        raise HistoryError(f"cannot run git: {e.strerror or e}") from None
    if check and proc.returncode != 0:
        raise HistoryError(_git_reason(proc.stderr))
    return proc


def _git_reason(stderr: bytes) -> str:
    lines = [ln.strip() for ln in stderr.decode("utf-8", "replace").splitlines() if ln.strip()]
    first = lines[0] if lines else "git failed"
    return first[7:] if first.startswith("fatal: ") else first


# -- git's text output --------------------------------------------------------------------------

_C_ESCAPES = {ord("a"): 7, ord("b"): 8, ord("t"): 9, ord("n"): 10, ord("v"): 11, ord("f"): 12, ord("r"): 13,
              ord('"'): 34, ord("\\"): 92}


def unquote(name: bytes) -> bytes:
    """A path as git prints it in a patch header: as is, or C-quoted (``"a\\tb\\303\\251"``) when
    it holds a control character, a quote, a backslash or (``core.quotePath``) a non-ASCII byte.
    Written here because it is git's own small output format, not a file format a library reads."""
    if not name.startswith(b'"') or not name.endswith(b'"') or len(name) < 2:
        return name
    body, out, i = name[1:-1], bytearray(), 0
    while i < len(body):
        c = body[i]
        if c != 0x5C or i + 1 >= len(body):
            out.append(c)
            i += 1
            continue
        nxt = body[i + 1]
        if 0x30 <= nxt <= 0x37:
            out.append(int(body[i + 1:i + 4], 8) & 0xFF)
            i += 4
        else:
            out.append(_C_ESCAPES.get(nxt, nxt))
            i += 2
    return bytes(out)


@dataclass
class FileChange:
    path: bytes = b""
    blob: str = ""
    mode: bytes = b""
    deleted: bool = False
    added: List[Tuple[int, int]] = field(default_factory=list)  # [start, end] line ranges
    # some added line may hold a string literal worth judging (``may_hold_secret``)
    literal: bool = False
    rename_from: bytes = b""
    rename_to: bytes = b""


@dataclass
class CommitPatch:
    sha: str
    files: List[FileChange] = field(default_factory=list)


def parse_log(stream) -> Iterator[CommitPatch]:
    """Commits from ``git log --format=<_COMMIT>%H -p --unified=0 --full-index`` output, read
    line by line (git ends its lines with ``\\n``; content lines are counted from the hunk
    headers, so a content line is never taken for a header whatever it holds)."""
    commit: Optional[CommitPatch] = None
    cur: Optional[FileChange] = None
    remaining = 0
    for line in stream:
        if remaining:
            if not line.startswith(b"\\"):  # "\ No newline at end of file" is not a content line
                remaining -= 1
                if line.startswith(b"+") and cur is not None and not cur.literal:
                    cur.literal = may_hold_secret(line[1:])
            continue
        if line.startswith(_COMMIT):
            if commit is not None:
                yield commit
            commit = CommitPatch(line[len(_COMMIT):].strip().decode("ascii", "replace"))
            cur = None
        elif commit is None:
            continue
        elif line.startswith(b"diff --git "):
            cur = FileChange()
            commit.files.append(cur)
        elif cur is None:
            continue
        elif line.startswith(b"@@ "):
            m = _HUNK.match(line)
            if not m:
                continue
            minus = int(m.group(1)) if m.group(1) is not None else 1
            start = int(m.group(2))
            plus = int(m.group(3)) if m.group(3) is not None else 1
            remaining = minus + plus
            if plus:
                cur.added.append((start, start + plus - 1))
        elif line.startswith(b"+++ "):
            name = line[4:].rstrip(b"\n")
            if not name.startswith(b'"'):
                name = name.rstrip(b"\t")  # git adds a tab after a name with a blank
            name = unquote(name)
            if name == b"/dev/null":
                cur.deleted = True
            elif name.startswith(b"b/"):
                cur.path = name[2:]
        elif line.startswith(b"index "):
            parts = line.split()
            if len(parts) >= 2 and b".." in parts[1]:
                cur.blob = parts[1].split(b"..", 1)[1].decode("ascii", "replace")
            if len(parts) >= 3:
                cur.mode = parts[2]
        elif line.startswith((b"new file mode ", b"new mode ")):
            cur.mode = line.split()[-1]
        elif line.startswith(b"deleted file mode "):
            cur.deleted = True
        elif line.startswith(b"rename from "):
            cur.rename_from = unquote(line[12:].rstrip(b"\n"))
        elif line.startswith(b"rename to "):
            cur.rename_to = unquote(line[10:].rstrip(b"\n"))
    if commit is not None:
        yield commit


_SEGMENT = re.compile(rb"""(['"])((?:\\.|(?!\1).)*)\1""")
_LONG_RUN = re.compile(rb"[0-9A-Za-z+/=_-]{20,}")
_TRIPLE = re.compile(rb"\"\"\"|'''")


def _worth(text: bytes) -> bool:
    if len(text.split()) >= 12:
        return True  # a seed phrase
    return any(len(tok) >= 6 and not (tok.isalpha() and tok.islower() and len(tok) < 16) for tok in text.split())


def may_hold_secret(line: bytes) -> bool:
    """Whether an added Python line may hold something BOT1 could report: a quoted piece or a
    comment with a token of 6+ characters that is not a short lower-case word (the shortest
    value BOT1 reports is a 6-character password; ``"signal"`` is prose), or with 12+ words (a
    seed phrase); an unbalanced or triple quote (a literal that goes on); a 20+ character run
    of key characters in the code itself (a key written as a number).  A speed gate, not a
    judgement: a Python file whose added lines all fail it, and none of them inside a
    triple-quoted string (``_inside_triple``), is not parsed.  Known limit: a key split into
    pieces under 6 characters over several lines (``("abc12"\\n "def34")``) is missed."""
    if _TRIPLE.search(line):
        return True
    pieces = [m.group(2) for m in _SEGMENT.finditer(line)]
    rest = _SEGMENT.sub(b" ", line)
    if b"'" in rest or b'"' in rest:
        return True  # a quote left over: a literal that continues, or one the regex misread
    code, hashmark, comment = rest.partition(b"#")
    if hashmark and _worth(comment):
        return True
    if _LONG_RUN.search(code):
        return True
    return any(_worth(p) for p in pieces) or _worth(b"".join(pieces))


def _inside_triple(data: bytes, ranges: Sequence[Tuple[int, int]]) -> bool:
    """Whether a line in ``ranges`` lies inside a triple-quoted region (a PEM block or a seed
    phrase in a docstring-like literal), found by pairing triple quotes in order."""
    if b'"""' not in data and b"'''" not in data:
        return False
    starts = [0]
    for m in re.finditer(rb"\n", data):
        starts.append(m.end())
    regions = []
    open_kind, open_at = None, 0
    for m in _TRIPLE.finditer(data):
        if open_kind is None:
            open_kind, open_at = m.group(0), m.start()
        elif m.group(0) == open_kind:
            regions.append((open_at, m.end()))
            open_kind = None
    if open_kind is not None:
        regions.append((open_at, len(data)))
    for a, b in ranges:
        lo = starts[min(a, len(starts)) - 1]
        hi = starts[b] if b < len(starts) else len(data)
        if any(r0 < hi and lo < r1 for r0, r1 in regions):
            return True
    return False


def pathspecs(prefix: str) -> List[str]:
    """Git pathspecs for the file kinds ``discovery.file_kind`` scans, below ``prefix`` (a
    repository-relative directory or file, "" for all).  Every path git returns is checked
    with ``file_kind`` again; the pathspec only spares git the diffs of other files."""
    if prefix and not prefix.endswith("/"):
        return [f":(literal){prefix}"]  # one file (a directory gets the trailing slash)
    esc = re.sub(r"([*?\[\\])", r"\\\1", prefix)
    pats = [f"*{s}" for s in PYTHON_SUFFIXES + CONFIG_SUFFIXES + KEY_SUFFIXES + (".ipynb",)]
    pats += [".env*"] + [n for n in CONFIG_NAMES]
    return [f":(glob,icase){esc}**/{p}" for p in pats]


# -- blobs --------------------------------------------------------------------------------------

class CatFile:
    """One ``git cat-file --batch`` for the whole run, started on the first request."""

    def __init__(self, cwd: str) -> None:
        self.cwd = cwd
        self.proc: Optional[subprocess.Popen] = None
        self.started = 0  # how many processes this object started (the tests count them)

    def get(self, sha: str) -> Tuple[Optional[bytes], int]:
        """(content, size); content None when missing, or too large to lint (then drained)."""
        if self.proc is None:
            self.proc = subprocess.Popen(git_command("cat-file", "--batch"), cwd=self.cwd, env=git_env(),
                                         stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                         stderr=subprocess.DEVNULL)
            self.started += 1
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.proc.stdin.write(sha.encode("ascii") + b"\n")
        self.proc.stdin.flush()
        header = self.proc.stdout.readline().split()
        if len(header) != 3:
            return None, 0  # "<sha> missing"
        size = int(header[2])
        if size > HARD_SIZE_LIMIT:
            left = size + 1
            while left:
                left -= len(self.proc.stdout.read(min(left, 1 << 20)) or b"x" * left)
            return None, size
        data = self.proc.stdout.read(size)
        self.proc.stdout.read(1)
        return data, size

    def close(self) -> None:
        if self.proc is not None:
            try:
                if self.proc.stdin:
                    self.proc.stdin.close()
                self.proc.wait(timeout=10)
            except (OSError, subprocess.TimeoutExpired):
                self.proc.kill()
            self.proc = None


# -- cache --------------------------------------------------------------------------------------

def finding_dict(f: Finding) -> dict:
    d = f.to_dict()
    d["secret_hash"] = f.secret_hash
    d["snippet"] = f.snippet
    d.pop("fingerprint", None)
    return d


def finding_from(d: dict) -> Finding:
    return Finding(d["code"], d["name"], d["message"], d["path"],
                   Location(d["line"], d["column"], d["end_line"], d["end_column"]),
                   Severity[d["severity"].upper()], Confidence[d["confidence"].upper()],
                   d.get("secret_hash", ""), snippet=d.get("snippet", ""))


class HistoryCache:
    def __init__(self, path: Optional[str], scope: str) -> None:
        self.path = path
        self.scope = scope
        self.data: dict = {"version": __version__, "commits": {}, "blobs": {}}
        self.dirty = False
        data = read_json(path) or {}
        for part in ("commits", "blobs"):
            if isinstance(data.get(part), dict):
                self.data[part] = data[part]

    @classmethod
    def open(cls, settings, cache_dir: Optional[str], scope: str) -> "HistoryCache":
        from .cache import _code_digest, cache_file

        key = hashlib.sha256(f"history:{settings.cache_key()}:{_code_digest()}".encode()).hexdigest()[:16]
        return cls(cache_file(cache_dir, f"history-{key}.json"), scope)

    def _k(self, kind: str, name: str) -> str:
        return hashlib.sha256(f"{kind}\0{self.scope}\0{name}".encode("utf-8", "surrogatepass")).hexdigest()[:32]

    def commit(self, sha: str) -> Optional[dict]:
        """The cached result of commit ``sha``; an entry that does not decode is a miss."""
        entry = self.data["commits"].get(self._k("c", sha))
        try:
            for d in entry["f"]:
                finding_from(d)
            if not all(isinstance(o, str) and isinstance(n, str) for o, n in entry.get("r", [])):
                return None
        except Exception:  # noqa: BLE001 - missing or tampered with: a miss
            return None
        return entry

    def put_commit(self, sha: str, entry: dict) -> None:
        self.data["commits"][self._k("c", sha)] = entry
        self.dirty = True

    def blob(self, sha: str, path: str) -> Optional[list]:
        keys = self.data["blobs"].get(self._k("b", f"{sha}\0{path}"))
        return keys if isinstance(keys, list) and all(isinstance(k, str) for k in keys) else None

    def put_blob(self, sha: str, path: str, keys: list) -> None:
        self.data["blobs"][self._k("b", f"{sha}\0{path}")] = keys
        self.dirty = True

    def save(self) -> None:
        if not self.path or not self.dirty:
            return
        for part in ("commits", "blobs"):
            if len(self.data[part]) > MAX_ENTRIES:
                self.data[part] = dict(list(self.data[part].items())[-MAX_ENTRIES:])
        write_json(self.path, self.data)


class _NoCache(HistoryCache):
    def __init__(self) -> None:
        super().__init__(None, "")

    def save(self) -> None:
        pass


# -- the walk -----------------------------------------------------------------------------------

@dataclass
class HistoryResult:
    findings: List[Finding]
    notes: List[str]
    commits: int
    cached: int
    files: int = 0  # distinct files the reported findings are in
    errors: List[str] = field(default_factory=list)


def secret_key(f: Finding) -> str:
    return f.secret_hash or "\x1f".join((f.code, f.path, " ".join(f.snippet.split())))


def bot1_settings(settings):
    """The user's settings (selection, suppressions, limits) with only BOT1 rules enabled."""
    return resolve(settings).restricted(lambda c: c.startswith("BOT1"))


class _Repo:
    def __init__(self, path: str) -> None:
        if not os.path.exists(path):
            raise HistoryError(f"{path}: no such file or directory")
        start = path if os.path.isdir(path) else os.path.dirname(os.path.abspath(path))
        proc = _git(start, "rev-parse", "--show-toplevel", check=False)
        if proc.returncode != 0:
            reason = _git_reason(proc.stderr)
            if "not a git repository" in reason:
                raise HistoryError(f"{path}: not inside a git work tree")
            raise HistoryError(f"{path}: {reason}")
        self.top = os.fsdecode(proc.stdout.rstrip(b"\n"))
        rel = os.path.relpath(os.path.realpath(path), os.path.realpath(self.top)).replace(os.sep, "/")
        if rel == ".":
            rel = ""
        elif os.path.isdir(path):
            rel += "/"
        self.prefix = rel
        # how the run names files: relative to the working directory, as `botlint check` does
        try:
            self.shown = os.path.relpath(self.top)
        except ValueError:  # another drive
            self.shown = self.top

    def git(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        return _git(self.top, *args, check=check)

    def display(self, repo_path: str) -> str:
        return repo_path if self.shown == "." else os.path.join(self.shown, repo_path).replace(os.sep, "/")


def scan_history(path: str, settings, *, since: Optional[str] = None, all_refs: bool = False,
                 use_cache: bool = True, cache_dir: Optional[str] = None, jobs: Optional[int] = None,
                 catfile: Optional[CatFile] = None) -> HistoryResult:
    """Raises HistoryError for a problem that must end the run (exit 2)."""
    from .discovery import path_matches
    from .engine import _lint_chunk

    repo = _Repo(path)
    bot1 = bot1_settings(settings)
    notes: List[str] = []
    if not bot1.enabled:
        raise HistoryError("botlint history checks secrets (BOT1) only, and the selection enables none of them")
    head = repo.git("rev-parse", "--verify", "-q", "HEAD^{commit}", check=False).stdout.strip().decode() or None
    if head is None and not all_refs:
        notes.append(f"{path}: the repository has no commits yet")
        return HistoryResult([], notes, 0, 0)
    revs = ["--all"] if all_refs else ["HEAD"]
    if since:
        proc = repo.git("rev-parse", "--verify", "-q", "--end-of-options", f"{since}^{{commit}}", check=False)
        if proc.returncode != 0:
            raise HistoryError(f"--since {since}: not a commit in this repository")
        revs.append("^" + proc.stdout.strip().decode())
    if repo.git("rev-parse", "--is-shallow-repository", check=False).stdout.strip() == b"true":
        notes.append("shallow clone: commits before its boundary are not in it and were not scanned")
    specs = pathspecs(repo.prefix)
    listing = repo.git("log", "--topo-order", "--reverse", "--full-history", "--format=%H %cI %P",
                       *revs, "--", *specs)
    commits: List[Tuple[str, str, bool]] = []
    for row in listing.stdout.decode("ascii", "replace").splitlines():
        parts = row.split()
        if len(parts) >= 2:
            commits.append((parts[0], parts[1], len(parts) > 3))
    scope = "\0".join((repo.prefix, repo.shown))
    cache = HistoryCache.open(bot1, cache_dir, scope) if use_cache else _NoCache()
    own_catfile = catfile is None
    blobs = catfile or CatFile(repo.top)
    user_ex = settings.user_excludes()

    def excluded(repo_path: str) -> bool:
        return bool(user_ex) and path_matches(repo_path, user_ex)

    def prepare(repo_path: str, sha: str, gate: Optional[Sequence[Tuple[int, int]]] = None):
        """The (display, content, kind) to lint, or None when there is nothing to lint.  With
        ``gate`` (the added line ranges, given when no added line holds a literal worth
        judging), a Python blob none of whose ranges is inside a triple-quoted string is not
        parsed: nothing on those lines could be reported."""
        kind = file_kind(repo_path)
        if kind is None or excluded(repo_path):
            return None
        data, size = blobs.get(sha)
        if data is None:
            if size:
                notes.append(f"{repo.display(repo_path)} (blob {sha[:12]}): {size:,} bytes, over botlint's "
                             f"hard limit: not scanned")
            return None
        if gate is not None and kind == "python" and not data.startswith((b"\xff\xfe", b"\xfe\xff")) \
                and not _inside_triple(data, gate):
            return None
        return (repo.display(repo_path), data, kind)

    def lint(repo_path: str, sha: str) -> List[Finding]:
        if (repo_path, sha) in batch.memo:
            return batch.memo[(repo_path, sha)]
        item = prepare(repo_path, sha)
        if item is None:
            return []
        res = _lint_chunk([item], bot1)[0]
        errors.extend(res.errors)
        return [f for f in res.findings if f.code.startswith("BOT1")]

    errors: List[str] = []
    results: Dict[str, dict] = {}
    batch = _Batch(bot1, jobs)
    todo = []
    for sha, _date, _merge in commits:
        hit = cache.commit(sha)
        if hit is not None:
            results[sha] = hit
        else:
            todo.append(sha)
    try:
        if todo:
            for patch in _stream_patches(repo, todo, specs):
                batch.add(patch, prepare)
                if batch.full():
                    _store(batch.run(errors), results, cache, errors)
            _store(batch.run(errors), results, cache, errors)
            for sha in todo:  # a commit git showed no patch for (a merge with nothing new)
                if sha not in results:
                    results[sha] = {"f": [], "r": []}
                    cache.put_commit(sha, results[sha])

        first: Dict[str, Tuple[Finding, str, str]] = {}
        involved: Set[str] = set()
        for sha, date, _merge in commits:
            entry = results[sha]
            for old, new in entry.get("r", []):
                if old in involved:
                    involved.add(new)
            for d in entry.get("f", []):
                f = finding_from(d)
                if excluded(f.path):
                    continue
                involved.add(f.path)
                k = secret_key(f)
                if k not in first:
                    first[k] = (f, sha, date)
        in_head: Set[str] = set()
        if first and head is not None:
            in_head = _head_keys(repo, involved, cache, lint)
    finally:
        if own_catfile:
            blobs.close()
        cache.save()
    if any(m for _s, _d, m in commits):
        notes.append("merge commits were scanned against their first parent only")

    findings: List[Finding] = []
    for k, (f, sha, date) in first.items():
        still = k in in_head if head is not None else None
        where = "still in HEAD" if still else ("no longer in HEAD" if still is False else "")
        msg = f"{f.message}; added in commit {sha[:7]}" + (f", {where}" if where else "") + f": {_ROTATE}"
        findings.append(replace(f, path=repo.display(f.path), message=msg, commit=sha,
                                commit_date=date, in_head=still))
    findings = with_fingerprints(findings, settings.root)
    return HistoryResult(findings, notes, len(commits), len(commits) - len(todo),
                         len({f.path for f in findings}), errors)


def _stream_patches(repo: _Repo, shas: Sequence[str], specs: Sequence[str]) -> Iterator[CommitPatch]:
    cmd = git_command("log", "--no-walk=unsorted", "--stdin", f"--format={_COMMIT.decode()}%H", "-p",
                      "--unified=0", "--text", "--full-index", "-M", "--root", "--diff-merges=first-parent",
                      *LOG_SAFE, "--", *specs)
    err = tempfile.TemporaryFile()
    try:
        proc = subprocess.Popen(cmd, cwd=repo.top, env=git_env(), stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                stderr=err)
    except OSError as e:
        raise HistoryError(f"cannot run git: {e.strerror or e}") from None
    assert proc.stdin is not None and proc.stdout is not None
    try:
        # git reads every revision from stdin before it writes anything
        proc.stdin.write("".join(s + "\n" for s in shas).encode("ascii"))
        proc.stdin.close()
        yield from parse_log(proc.stdout)
    finally:
        proc.stdout.close()
        rc = proc.wait()
        if rc not in (0, -13):
            err.seek(0)
            raise HistoryError(f"git log failed: {_git_reason(err.read())}")
        err.close()


def _overlaps(f: Finding, ranges: Sequence[Tuple[int, int]]) -> bool:
    lo, hi = f.location.line, max(f.location.end_line, f.location.line)
    return any(a <= hi and lo <= b for a, b in ranges)


def _store(entries, results: Dict[str, dict], cache: HistoryCache, errors: List[str]) -> None:
    for sha, entry in entries:
        results[sha] = entry
        if not errors:  # a commit whose lint had an internal error is tried again next run
            cache.put_commit(sha, entry)


class _Batch:
    """Commits whose blobs are linted together, so that ``engine._run_pool`` can spread them
    over processes (its own rules: serial for a small batch); results come back per commit."""

    MAX_BYTES = 4_000_000
    MAX_COMMITS = 256

    def __init__(self, settings, jobs: Optional[int]) -> None:
        self.settings = settings
        self.jobs = jobs
        self.commits: List[Tuple[str, List[List[str]], list]] = []
        self.items: List[Tuple[int, str, bytes, str, str]] = []
        self.bytes = 0
        # (path, blob) -> its BOT1 findings, for the whole run: a merge's first-parent diff
        # repeats the side branch's blobs, and HEAD's blobs are often the last ones linted
        self.memo: Dict[Tuple[str, str], List[Finding]] = {}
        self.pending: Dict[Tuple[str, str], int] = {}

    def add(self, patch: CommitPatch, prepare) -> None:
        renames: List[List[str]] = []
        files = []
        for fc in patch.files:
            if fc.rename_from and fc.rename_to:
                renames.append([os.fsdecode(fc.rename_from), os.fsdecode(fc.rename_to)])
            if fc.deleted or not fc.added or not fc.path or not fc.blob or fc.mode in _SKIP_MODES:
                continue
            repo_path = os.fsdecode(fc.path)
            key = (repo_path, fc.blob)
            if key not in self.memo and key not in self.pending:
                item = prepare(repo_path, fc.blob, None if fc.literal else fc.added)
                if item is None:
                    continue
                self.pending[key] = len(self.items)
                self.items.append((len(self.items), item[0], item[1], item[2], ""))
                self.bytes += len(item[1])
            files.append((repo_path, fc, key))
        self.commits.append((patch.sha, renames, files))

    def full(self) -> bool:
        return self.bytes >= self.MAX_BYTES or len(self.commits) >= self.MAX_COMMITS

    def run(self, errors: List[str]) -> List[Tuple[str, dict]]:
        from .engine import _run_pool

        res = _run_pool(self.items, self.settings, self.jobs) if self.items else []
        for key, idx in self.pending.items():
            errors.extend(res[idx].errors)
            self.memo[key] = [f for f in res[idx].findings if f.code.startswith("BOT1")]
        out = []
        for sha, renames, files in self.commits:
            found = []
            for repo_path, fc, key in files:
                for f in self.memo[key]:
                    if _overlaps(f, fc.added):
                        found.append(finding_dict(replace(f, path=repo_path)))
            out.append((sha, {"f": found, "r": renames}))
        self.commits, self.items, self.bytes, self.pending = [], [], 0, {}
        return out


def _head_keys(repo: _Repo, involved: Set[str], cache: HistoryCache, lint) -> Set[str]:
    """Keys of the findings in HEAD's blobs of ``involved`` files (repository paths)."""
    out: Set[str] = set()
    tree = repo.git("ls-tree", "-r", "-z", "--full-tree", "HEAD").stdout
    for rec in tree.split(b"\0"):
        meta, _, name = rec.partition(b"\t")
        parts = meta.split()
        if len(parts) != 3 or parts[1] != b"blob" or parts[0] in _SKIP_MODES:
            continue
        repo_path = os.fsdecode(name)
        if repo_path not in involved:
            continue
        sha = parts[2].decode("ascii")
        keys = cache.blob(sha, repo_path)
        if keys is None:
            got = lint(repo_path, sha)
            keys = [secret_key(replace(f, path=repo_path)) for f in got]
            cache.put_blob(sha, repo_path, keys)
        out.update(keys)
    return out
