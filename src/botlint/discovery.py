"""Expand the paths a user gave into files to lint.

Never follows a directory symlink (so no symlink loop can trap the walk), never reads a file
symlink whose target lies outside the tree being walked, and never depends on git.
"""
from __future__ import annotations

import fnmatch
import os
from dataclasses import dataclass
from typing import Iterable, List, Optional, Tuple

from .config import Settings

PYTHON_SUFFIXES = (".py", ".pyw", ".pyi")
CONFIG_SUFFIXES = (".json", ".yaml", ".yml", ".toml", ".ini", ".cfg", ".conf", ".env", ".properties")
# files with these names are config/secret stores whatever their suffix
CONFIG_NAMES = (".env", ".envrc", ".npmrc", ".pypirc", ".netrc", "credentials", "secrets", "id_rsa",
                "id_ed25519", "id_ecdsa", "id_dsa")
# key files: no names inside, but a PEM block or an exchange key is found by its shape
KEY_SUFFIXES = (".pem", ".key", ".p8", ".ppk")
STDIN = "-"


@dataclass(frozen=True)
class FileTask:
    display: str  # the path as the user will see it (POSIX, relative stays relative)
    fs_path: str  # where to read it ("-" for stdin)
    kind: str  # "python" | "config" | "text"


def file_kind(name: str) -> Optional[str]:
    base = os.path.basename(name)
    low = base.lower()
    if low.endswith(PYTHON_SUFFIXES):
        return "python"
    if low.startswith(".env") or low.endswith(".env") or low in CONFIG_NAMES:
        return "config"
    if low.endswith(CONFIG_SUFFIXES):
        return "config"
    if low.endswith(KEY_SUFFIXES):
        return "text"
    if low.endswith(".ipynb"):
        return "notebook"
    return None


def _posix(path: str) -> str:
    return path.replace(os.sep, "/") if os.sep != "/" else path


def _matches(rel: str, patterns: Iterable[str]) -> bool:
    rel = _posix(rel)
    parts = rel.split("/")
    for pat in patterns:
        pat = pat.rstrip("/")
        if pat.startswith("./"):
            pat = pat[2:]
        if "/" in pat:
            if fnmatch.fnmatchcase(rel, pat) or fnmatch.fnmatchcase(rel, pat + "/*"):
                return True
        elif any(fnmatch.fnmatchcase(p, pat) for p in parts):
            return True
    return False


def _is_within(path: str, root: str) -> bool:
    try:
        return os.path.commonpath([path, root]) == root
    except ValueError:
        return False


def discover(paths: List[str], settings: Settings, force_exclude: bool = False) -> Tuple[List[FileTask], List[str]]:
    """Returns (files, notes); notes are one-line reasons for what was skipped.

    As in ruff, excludes apply to what the walk finds *below* a path the user gave (matched on
    each name and on the path relative to that root), not to the path itself: ``botlint .``
    skips ``fixtures/`` when it is excluded, ``botlint fixtures/demo_bot`` checks it.  With
    ``force_exclude`` (the pre-commit hook) explicitly named files are matched too."""
    files: List[FileTask] = []
    notes: List[str] = []
    seen = set()
    excludes = list(settings.exclude) + list(settings.extend_exclude)
    cfg_root = os.path.realpath(settings.root)

    def excluded(fs_path: str, root: str) -> bool:
        return _matches(os.path.relpath(fs_path, root), excludes)

    def force_excluded(fs_path: str) -> bool:
        real = os.path.abspath(fs_path)
        rel = os.path.relpath(real, cfg_root) if _is_within(real, cfg_root) else fs_path
        return _matches(rel, excludes)

    def add(display: str, fs_path: str, kind: str) -> None:
        key = os.path.realpath(fs_path)
        if key in seen:
            return
        seen.add(key)
        files.append(FileTask(_posix(os.path.normpath(display)), fs_path, kind))

    for given in paths:
        if given == STDIN:
            files.append(FileTask(STDIN, STDIN, "python"))
            continue
        if os.path.islink(given) and not os.path.exists(given):
            notes.append(f"{given}: broken symlink, skipped")
            continue
        if not os.path.exists(given):
            notes.append(f"{given}: no such file or directory")
            continue
        if os.path.isdir(given) and force_exclude and force_excluded(given) and given not in (".", "./"):
            continue
        if os.path.isfile(given):
            real = os.path.realpath(given)
            if os.path.islink(given) and not _is_within(real, os.path.realpath(os.getcwd())):
                notes.append(f"{given}: symlink to a file outside the working tree, skipped")
                continue
            if force_exclude and force_excluded(given):
                continue
            add(given, given, file_kind(given) or "text")
            continue
        root_real = os.path.realpath(given)

        def onerror(err: OSError) -> None:
            notes.append(f"{_posix(err.filename or given)}: cannot list directory ({err.strerror})")

        for dirpath, dirnames, filenames in os.walk(given, topdown=True, onerror=onerror, followlinks=False):
            keep = []
            for d in sorted(dirnames):
                full = os.path.join(dirpath, d)
                if os.path.islink(full):
                    continue  # never descend through a directory symlink
                if _matches(d, excludes) or excluded(full, given):
                    continue
                if os.path.isfile(os.path.join(full, "pyvenv.cfg")):
                    continue  # a virtualenv under any name
                keep.append(d)
            dirnames[:] = keep
            for f in sorted(filenames):
                full = os.path.join(dirpath, f)
                kind = file_kind(f)
                if kind is None:
                    continue
                if _matches(f, excludes) or excluded(full, given):
                    continue
                if os.path.islink(full):
                    real = os.path.realpath(full)
                    if not os.path.exists(real):
                        notes.append(f"{_posix(full)}: broken symlink, skipped")
                        continue
                    if not _is_within(real, root_real):
                        notes.append(f"{_posix(full)}: symlink out of the scanned tree, skipped")
                        continue
                    if not os.path.isfile(real):
                        continue
                add(full, full, kind)
    return files, notes
