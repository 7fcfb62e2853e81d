"""Expand the paths a user gave into files to lint.

Never follows a directory symlink (so no symlink loop can trap the walk), never reads a file
symlink whose target lies outside the tree being walked, and keeps regular files only (a FIFO or
a device would block or never end).  git is optional: inside a work tree, ``git ls-files`` lets
tracked files through botlint's default excludes; without git the walk is the same minus that.
"""
from __future__ import annotations

import fnmatch
import re
import os
import stat
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable, List, Optional, Set, Tuple

from .config import Settings

PYTHON_SUFFIXES = (".py", ".pyw", ".pyi")
CONFIG_SUFFIXES = (".json", ".yaml", ".yml", ".toml", ".ini", ".cfg", ".conf", ".env", ".properties")
# files with these names are config/secret stores whatever their suffix
CONFIG_NAMES = (".env", ".envrc", ".npmrc", ".pypirc", ".netrc", "credentials", "secrets", "id_rsa",
                "id_ed25519", "id_ecdsa", "id_dsa")
# key files: no names inside, but a PEM block or an exchange key is found by its shape
KEY_SUFFIXES = (".pem", ".key", ".p8", ".ppk")
# netrc files are whitespace-separated tokens, not key=value lines: the text line judgement
NETRC_NAMES = (".netrc", "_netrc", "netrc")
# files that cannot hold a secret as text: skipped by name before anything is read (the
# engine's ``is_binary`` also judges the content of every other file it reads)
BINARY_SUFFIXES = (
    ".pyc", ".pyo", ".pyd", ".so", ".dll", ".dylib", ".exe", ".o", ".a", ".lib", ".obj", ".class",
    ".jar", ".war", ".wasm", ".bin", ".pkl", ".pickle", ".npy", ".npz", ".h5", ".hdf5",
    ".parquet", ".feather", ".arrow", ".onnx", ".pt", ".ckpt", ".safetensors",
    ".png", ".jpg", ".jpeg", ".gif", ".bmp", ".ico", ".icns", ".tif", ".tiff", ".webp", ".psd",
    ".mp3", ".mp4", ".m4a", ".wav", ".ogg", ".flac", ".avi", ".mov", ".mkv", ".webm",
    ".zip", ".gz", ".tgz", ".bz2", ".xz", ".zst", ".7z", ".rar", ".tar", ".whl", ".egg", ".deb",
    ".rpm", ".dmg", ".iso", ".msi", ".apk",
    ".woff", ".woff2", ".ttf", ".otf", ".eot",
    ".sqlite", ".sqlite3", ".db", ".mdb",
    ".pdf", ".doc", ".docx", ".xls", ".xlsx", ".ppt", ".pptx", ".odt", ".ods",
    ".der", ".p12", ".pfx", ".jks", ".keystore", ".gpg",
)
# a `.pth` file is either a path configuration file that `site` reads on every Python start
# (its `import` lines run: an install-time hook malware uses) or PyTorch model weights (a zip or
# a pickle, recognised by content).  Path configuration files are tiny; anything larger is weights.
PTH_SUFFIX = ".pth"
PTH_MAX_SIZE = 1 << 20
STDIN = "-"


@dataclass(frozen=True)
class FileTask:
    display: str  # the path as the user will see it (POSIX, relative stays relative)
    fs_path: str  # where to read it ("-" for stdin)
    kind: str  # "python" | "notebook" | "pth" | "config" | "text"


def file_kind(name: str) -> Optional[str]:
    """How a file is scanned: "python" (syntax tree), "notebook", "config" (the structured
    config scanners), "pth" (a path configuration file: its `import` lines are Python that
    runs on every start), "text" (every other file: the generic line judgement), or None for a
    known binary format, skipped without reading it."""
    base = os.path.basename(name)
    low = base.lower()
    if low.endswith(PYTHON_SUFFIXES):
        return "python"
    if low in NETRC_NAMES:
        return "text"
    if low.startswith(".env") or low.endswith(".env") or low in CONFIG_NAMES:
        return "config"
    if low.endswith(CONFIG_SUFFIXES):
        return "config"
    if low.endswith(".ipynb"):
        return "notebook"
    if low.endswith(PTH_SUFFIX):
        return "pth"
    if low.endswith(BINARY_SUFFIXES):
        return None
    return "text"


def _posix(path: str) -> str:
    return path.replace(os.sep, "/") if os.sep != "/" else path


def path_matches(rel: str, patterns: Iterable[str]) -> bool:
    """Whether ``rel`` (or, for a pattern without a slash, one of its parts) matches one of
    the glob ``patterns`` (fnmatch, case-sensitive; ``dir/`` and ``./dir`` as ``dir``)."""
    whole, part = _matcher(tuple(patterns))
    rel = _posix(rel)
    if whole is not None and whole.match(rel):
        return True
    return part is not None and any(part.match(p) for p in rel.split("/"))


@lru_cache(maxsize=64)
def _matcher(patterns: Tuple[str, ...]) -> Tuple[Optional["re.Pattern[str]"], Optional["re.Pattern[str]"]]:
    """(one regex for the patterns with a slash, matched against the whole path, ``pat`` or
    ``pat/*``; one for the others, matched against each part): the patterns of a run are few
    and fixed, the paths many (fnmatch per pattern and part was a tenth of a warm run)."""
    whole, part = [], []
    for pat in patterns:
        pat = pat.rstrip("/")
        if pat.startswith("./"):
            pat = pat[2:]
        if "/" in pat:
            whole += [fnmatch.translate(pat), fnmatch.translate(pat + "/*")]
        else:
            part.append(fnmatch.translate(pat))
    return (re.compile("|".join(f"(?:{t})" for t in whole)) if whole else None,
            re.compile("|".join(f"(?:{t})" for t in part)) if part else None)


def _is_within(path: str, root: str) -> bool:
    try:
        return os.path.commonpath([path, root]) == root
    except ValueError:
        return False


# directories git never tracks anything in: pruned without asking git
_VCS_DIRS = (".git", ".hg", ".svn")
GIT_TIMEOUT = 10


@dataclass
class _Tracked:
    files: Set[str]  # absolute, normalised
    dirs: Set[str]


def git_tracked(directory: str) -> Optional[_Tracked]:
    """The files git tracks below ``directory`` (absolute paths), or None when it is not inside
    a git work tree, git is missing, or git fails or is slow: then the walk behaves as without git.

    The git command line rather than a library: GitPython itself runs this same command,
    dulwich would be a new dependency that does not read every index version and worktree
    layout git does, and pygit2 is a native extension; the git CLI is the reference for what
    "tracked" means.  The repository may be hostile (a downloaded bot): ``ls-files`` runs no
    hooks or filters, and ``core.fsmonitor`` (a configured command) is forced off."""
    import subprocess

    env = {k: v for k, v in os.environ.items() if k not in ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE")}
    env["GIT_TERMINAL_PROMPT"] = "0"
    env["GIT_OPTIONAL_LOCKS"] = "0"
    try:
        proc = subprocess.run(
            ["git", "-c", "core.fsmonitor=false", "--no-pager", "ls-files", "-z", "--cached"],
            cwd=directory, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL, timeout=GIT_TIMEOUT, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    if proc.returncode != 0:
        return None
    base = os.path.abspath(directory)
    files: Set[str] = set()
    dirs: Set[str] = set()
    for raw in proc.stdout.split(b"\0"):
        if not raw:
            continue
        full = os.path.normpath(os.path.join(base, os.fsdecode(raw)))
        files.add(full)
        parent = os.path.dirname(full)
        while parent not in dirs and _is_within(parent, base) and parent != base:
            dirs.add(parent)
            parent = os.path.dirname(parent)
    return _Tracked(files, dirs)


_FILE_TYPES = ((stat.S_ISFIFO, "a FIFO"), (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
               (stat.S_ISSOCK, "a socket"), (stat.S_ISDIR, "a directory"))


def _not_regular(st: os.stat_result) -> Optional[str]:
    """Why a path is not a regular file (None when it is one): a FIFO would block the read for
    ever and a device can be read without end, so only regular files are linted."""
    if stat.S_ISREG(st.st_mode):
        return None
    for test, what in _FILE_TYPES:
        if test(st.st_mode):
            return what
    return "not a regular file"


def discover(paths: List[str], settings: Settings, force_exclude: bool = False,
             missing: Optional[List[str]] = None) -> Tuple[List[FileTask], List[str]]:
    """Returns (files, notes); notes are one-line reasons for what was skipped (raw text: the
    caller escapes them).  Paths given that do not exist are also appended to ``missing``.

    As in ruff, excludes apply to what the walk finds *below* a path the user gave (matched on
    each name and on the path relative to that root), not to the path itself: ``botlint .``
    skips ``fixtures/`` when it is excluded, ``botlint fixtures/demo_bot`` checks it.

    botlint's default excludes (``build``, ``dist``, virtualenvs, ...) never hide a file named
    on the command line, nor, in a walk inside a git work tree, a file git tracks: a key
    committed under ``build/`` is still a committed key.  The user's own excludes (``exclude``,
    ``extend-exclude``) always apply to a walk; with ``force_exclude`` (the pre-commit hook)
    they apply to named files too, and named files botlint would not pick in a walk (an image,
    an archive) are skipped silently, so the hook can pass every file."""
    files: List[FileTask] = []
    notes: List[str] = []
    seen = set()
    user = settings.user_excludes()
    defaults = list(settings.exclude) if settings.exclude_is_default() else []
    cfg_root = os.path.realpath(settings.root)

    def force_excluded(fs_path: str) -> bool:
        real = os.path.abspath(fs_path)
        rel = os.path.relpath(real, cfg_root) if _is_within(real, cfg_root) else fs_path
        return path_matches(rel, user)

    def add(display: str, fs_path: str, kind: str, real: Optional[str] = None) -> None:
        key = real or os.path.realpath(fs_path)
        if key in seen:
            return
        seen.add(key)
        files.append(FileTask(_posix(os.path.normpath(display)), fs_path, kind))

    for given in paths:
        if given == STDIN:
            files.append(FileTask(STDIN, STDIN, "python"))
            continue
        try:
            lst = os.lstat(given)
        except OSError:
            notes.append(f"{given}: no such file or directory")
            if missing is not None:
                missing.append(given)
            continue
        try:
            st = os.stat(given)
        except OSError:
            if stat.S_ISLNK(lst.st_mode):
                notes.append(f"{given}: broken symlink, skipped")
            else:
                notes.append(f"{given}: cannot be read, skipped")
            continue
        if stat.S_ISDIR(st.st_mode):
            if force_exclude and given not in (".", "./") and force_excluded(given):
                continue
            _walk(given, user, defaults, notes, add)
            continue
        why = _not_regular(st)
        if why:
            notes.append(f"{given}: {why}, not a regular file: skipped")
            continue
        if stat.S_ISLNK(lst.st_mode) and not _is_within(os.path.realpath(given), os.path.realpath(os.getcwd())):
            notes.append(f"{given}: symlink to a file outside the working tree, skipped")
            continue
        kind = file_kind(given)
        if force_exclude and (kind is None or force_excluded(given)):
            continue
        add(given, given, kind or "text")
    return files, notes


def _walk(given: str, user: List[str], defaults: List[str], notes: List[str], add) -> None:
    root_real = os.path.realpath(given)
    tracked_box: List[Optional[_Tracked]] = []

    def tracked() -> Optional[_Tracked]:
        if not tracked_box:  # one git call per walk, only when a default exclude is met
            tracked_box.append(git_tracked(given))
        return tracked_box[0]

    def hit(name: str, rel: str, patterns: List[str]) -> bool:
        return bool(patterns) and (path_matches(name, patterns) or path_matches(rel, patterns))

    def onerror(err: OSError) -> None:
        notes.append(f"{_posix(err.filename or given)}: cannot list directory ({err.strerror})")

    # directories inside a default exclude that hold git-tracked files: only those files count
    zone: Set[str] = set()
    for dirpath, dirnames, filenames in os.walk(given, topdown=True, onerror=onerror, followlinks=False):
        in_zone = dirpath in zone
        # the walk never enters a directory symlink, so a directory's real path is the root's
        # plus its path below it: one relpath per directory, not per file (a stat per part)
        rel_dir = os.path.relpath(dirpath, given)
        real_dir = root_real if rel_dir == "." else os.path.join(root_real, rel_dir)
        keep = []
        for d in sorted(dirnames):
            full = os.path.join(dirpath, d)
            if os.path.islink(full):
                continue  # never descend through a directory symlink
            rel = d if rel_dir == "." else os.path.join(rel_dir, d)
            if hit(d, rel, user):
                continue
            if d in _VCS_DIRS:
                continue
            if in_zone or hit(d, rel, defaults) or os.path.isfile(os.path.join(full, "pyvenv.cfg")):
                # a default exclude (or a virtualenv under any name): only what git tracks
                t = tracked()
                if t is None or os.path.abspath(full) not in t.dirs:
                    continue
                zone.add(full)
            keep.append(d)
        dirnames[:] = keep
        for f in sorted(filenames):
            full = os.path.join(dirpath, f)
            kind = file_kind(f)
            if kind is None:
                continue
            rel = f if rel_dir == "." else os.path.join(rel_dir, f)
            if hit(f, rel, user):
                continue
            if in_zone or hit(f, rel, defaults):
                t = tracked()
                if t is None or os.path.abspath(full) not in t.files:
                    continue
            try:
                lst = os.lstat(full)
            except OSError:
                add(full, full, kind)  # gone or unreadable: the read reports it (BOT005)
                continue
            linked = stat.S_ISLNK(lst.st_mode)
            if linked:
                real = os.path.realpath(full)
                if not os.path.exists(real):
                    notes.append(f"{_posix(full)}: broken symlink, skipped")
                    continue
                if not _is_within(real, root_real):
                    notes.append(f"{_posix(full)}: symlink out of the scanned tree, skipped")
                    continue
                try:
                    lst = os.stat(real)
                except OSError:
                    continue
            why = _not_regular(lst)
            if why:
                if not stat.S_ISDIR(lst.st_mode):
                    notes.append(f"{_posix(full)}: {why}, not a regular file: skipped")
                continue
            if kind == "pth" and lst.st_size > PTH_MAX_SIZE:
                continue  # model weights, not a path configuration file
            add(full, full, kind, None if linked else os.path.join(real_dir, f))
