"""The machine's key for hashing secrets (HMAC-SHA256).

A plain sha256 of a secret lets anyone holding a report, a SARIF file or the cache confirm a
guessed password offline.  A keyed hash does not, as long as the key stays on the machine:

1. ``BOTLINT_HASH_KEY`` if set (share it to get equal hashes on several machines, e.g. CI);
2. else a random key created once, mode 0600, as ``hash-key`` in botlint's cache directory
   (``$BOTLINT_CACHE_DIR``, ``$XDG_CACHE_HOME/botlint`` or ``~/.cache/botlint``: never the
   scanned tree);
3. else (no writable directory) a random key for this process only.
"""
from __future__ import annotations

import hashlib
import hmac
import os
import secrets as _random
from typing import Optional

KEY_FILE = "hash-key"
_key: Optional[bytes] = None


def _load_or_create(path: str) -> Optional[bytes]:
    try:
        with open(path, "rb") as fh:
            data = fh.read(256).strip()
        if len(data) >= 32:
            return data
    except OSError:
        pass
    try:
        folder = os.path.dirname(path)
        if not os.path.isdir(folder):
            os.makedirs(folder, exist_ok=True)
            with open(os.path.join(folder, ".gitignore"), "w", encoding="utf-8") as fh:
                fh.write("# created by botlint\n*\n")  # as the cache does for its directory
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another botlint created it meanwhile
        try:
            with open(path, "rb") as fh:
                data = fh.read(256).strip()
            return data if len(data) >= 32 else None
        except OSError:
            return None
    except OSError:
        return None
    key = _random.token_hex(32).encode("ascii")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(key + b"\n")
    except OSError:
        return None
    return key


def key() -> bytes:
    global _key
    if _key is None:
        env = os.environ.get("BOTLINT_HASH_KEY")
        if env:
            _key = env.encode("utf-8", "surrogatepass")
        else:
            from .cache_dir import default_dir

            _key = _load_or_create(os.path.join(default_dir(), KEY_FILE)) or _random.token_bytes(32)
    return _key


def forget() -> None:
    """Read the key again on next use (tests, a changed environment)."""
    global _key
    _key = None


def keyed_hexdigest(data: bytes, length: int = 16) -> str:
    return hmac.new(key(), data, hashlib.sha256).hexdigest()[:length]
