"""Where botlint keeps its caches and its hash key: ``$BOTLINT_CACHE_DIR``, else
``$XDG_CACHE_HOME/botlint``, else ``~/.cache/botlint``; never inside the scanned tree.  A module
of its own so that the hash key (``hashkey``) can find it without importing the cache."""
from __future__ import annotations

import os


def default_dir() -> str:
    env = os.environ.get("BOTLINT_CACHE_DIR")
    if env:
        return env
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "botlint")
