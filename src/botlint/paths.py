"""Where a file sits in its repository.

SARIF URIs, GitHub annotations and fingerprints name a file relative to the root of the
repository that holds it, whatever directory botlint runs from and however the user spelled the
path (absolute, ``./x``, ``../x``).  The root is, in order:

1. the nearest directory at or above the file with a ``.git`` entry (git's top level: a
   directory in a plain clone, a file in a worktree or a submodule);
2. the configuration root (``settings.root``, where the pyproject.toml was found), if the file is
   inside it;
3. the working directory, if the file is inside it.

A file inside none of them has no repository-relative path (``repo_relative`` returns None).

Why walk up for ``.git`` instead of running ``git rev-parse --show-toplevel``: botlint is used to
vet a downloaded bot, and running git inside a hostile checkout runs that checkout's
``.git/config`` (``core.fsmonitor``, ``core.sshCommand``... are commands; this is why git added
``safe.directory``).  botlint never runs anything from the tree it scans.  The walk also needs no
git on PATH and no process per run.  It answers what ``--show-toplevel`` answers for clones,
worktrees and submodules; it ignores ``GIT_DIR``/``GIT_WORK_TREE``, which CI checkouts do not set.
"""
from __future__ import annotations

import os
from collections import Counter
from typing import Dict, Iterable, List, Optional


def _dir_of(path: str) -> str:
    a = os.path.abspath(path)
    return a if os.path.isdir(a) else os.path.dirname(a)


def _within(path: str, root: str) -> bool:
    try:
        return os.path.commonpath([path, root]) == root
    except ValueError:  # different drives on Windows
        return False


def git_root(start: str) -> Optional[str]:
    """The nearest directory at or above ``start`` (a file or a directory) holding ``.git``."""
    d = _dir_of(start)
    while True:
        if os.path.lexists(os.path.join(d, ".git")):
            return d
        parent = os.path.dirname(d)
        if parent == d:
            return None
        d = parent


def repo_root(start: str, config_root: Optional[str] = None) -> str:
    """The root ``start`` is named relative to: git top level, else the configuration root,
    else the working directory (see the module docstring)."""
    root = git_root(start)
    if root is not None:
        return root
    target = os.path.abspath(start)
    for cand in (config_root, os.getcwd()):
        if cand and _within(target, os.path.abspath(cand)):
            return os.path.abspath(cand)
    return os.getcwd()


def repo_relative(path: str, root: str) -> Optional[str]:
    """``path`` relative to ``root`` in POSIX form, or None when it is not inside ``root``.
    Never starts with ``../``."""
    for resolve in (os.path.abspath, os.path.realpath):  # realpath (a stat per part) only when needed
        a, r = resolve(path), resolve(root)
        if _within(a, r):
            rel = os.path.relpath(a, r)
            return rel.replace(os.sep, "/") if os.sep != "/" else rel
    return None


class Roots:
    """Per-run memo of ``repo_root`` by directory (a run asks for thousands of files)."""

    def __init__(self, config_root: Optional[str] = None) -> None:
        self.config_root = config_root
        self._memo: Dict[str, str] = {}
        self._dirs: Dict[str, Optional[str]] = {}  # relative_file: a directory's path below its root

    def root_of(self, path: str) -> str:
        d = _dir_of(path)
        root = self._memo.get(d)
        if root is None:
            root = self._memo[d] = repo_root(d, self.config_root)
        return root

    def relative(self, path: str) -> Optional[str]:
        return repo_relative(path, self.root_of(path))

    def relative_file(self, path: str) -> Optional[str]:
        """``relative`` of a file (never a directory), by way of its directory's relative
        path, computed once per directory (a run asks for every file of the tree)."""
        d, base = os.path.split(os.path.abspath(path))
        if d not in self._dirs:
            root = os.path.abspath(self.root_of(d))
            self._dirs[d] = os.path.relpath(d, root).replace(os.sep, "/") if _within(d, root) else None
        rel_dir = self._dirs[d]
        if rel_dir is None:  # outside the root by its spelling: repo_relative's realpath route
            return self.relative(path)
        return base if rel_dir == "." else f"{rel_dir}/{base}"

    def base_for(self, paths: Iterable[str]) -> str:
        """One root for a whole report (SARIF's ``%SRCROOT%``, the annotations' workspace):
        the candidate root that contains the most of ``paths``, the outermost on a tie (a
        superproject over its submodules); with no paths, the root of the working directory."""
        paths = list(paths)
        if not paths:
            return repo_root(os.getcwd(), self.config_root)
        candidates: List[str] = sorted({self.root_of(p) for p in paths}, key=len)
        counts: Counter[str] = Counter()
        for c in candidates:
            counts[c] = sum(1 for p in paths if repo_relative(p, c) is not None)
        return max(candidates, key=lambda c: (counts[c], -len(c)))
