"""Content-hash cache: findings per (botlint version, settings, path, module name, file kind,
content), with the file's link exports and wants (``engine.link``: names, kinds and line
numbers, never a value); a file re-linted with other modules' facts has an entry of its own,
keyed by those facts as well.

Lives outside the scanned tree (``$BOTLINT_CACHE_DIR``, else ``$XDG_CACHE_HOME/botlint``, else
``~/.cache/botlint``), or where ``--cache-dir`` says; a cache directory botlint creates gets a
``.gitignore`` of ``*``.  It holds findings exactly as reported (messages redact every secret;
hashes are keyed, see botlint.hashkey), never file contents.  Any problem with it disables it
quietly: a cache file that is not exactly what this version writes (truncated, wrong types,
unknown rule codes) is a miss, never an error.
"""
from __future__ import annotations

import functools
import hashlib
import json
import os
import tempfile
from typing import Any, Dict, Optional, Sequence

from ._version import __version__
from .cache_dir import default_dir
from .engine.prescan import serves
from .model import Confidence, FileResult, Finding, Location, Severity

MAX_ENTRIES = 200_000
MAX_RUN_ENTRIES = 12  # whole-project results kept (Cache.run_entry): two closures and a pre-scan per state
# the layout of an entry; part of the cache file's name, so an older layout is never read.
# 2: the link step's exports ("x") and wants ("w"), and linked results keyed by their facts
# 3: the analyses whose exports were skipped ("s")
# 4: ... or restricted to some names ("<analysis>=<name>" in "s")
FORMAT = 4


@functools.lru_cache(maxsize=1)
def _code_digest() -> str:
    """botlint's own files (name, size, mtime): an edited rule in an editable install must not
    be answered from a cache filled by the old rule.  Once per process: the file cache, the
    history cache and the fix marks each key on it, and botlint's files do not change mid-run."""
    h = hashlib.sha256(__version__.encode())
    root = os.path.dirname(os.path.abspath(__file__))
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if d != "__pycache__")
        for f in sorted(filenames):
            if f.endswith((".py", ".json", ".txt")):
                st = os.stat(os.path.join(dirpath, f))
                h.update(f"{dirpath[len(root):]}/{f}:{st.st_size}:{st.st_mtime_ns};".encode())
    return h.hexdigest()[:16]


def _enc(f: Finding) -> list:
    loc = f.location
    return [f.code, f.name, f.message, loc.line, loc.column, loc.end_line, loc.end_column,
            int(f.severity), int(f.confidence), f.secret_hash, f.fingerprint, list(f.suppress_lines),
            f.snippet]


def _is_int(v: Any) -> bool:
    return isinstance(v, int) and not isinstance(v, bool) and 0 <= v < 2**31


def _dec(row: Any, path: str) -> Finding:
    """A cached row back into a Finding; ValueError for anything this version would not
    have written."""
    from . import registry

    if not isinstance(row, list) or len(row) != 13:
        raise ValueError("row")
    code, name, message, line, col, end_line, end_col, sev, conf, shash, fp, sup, snippet = row
    if not all(isinstance(v, str) for v in (code, name, message, shash, fp, snippet)):
        raise ValueError("text")
    if not all(_is_int(v) for v in (line, col, end_line, end_col, sev, conf)):
        raise ValueError("number")
    if not isinstance(sup, list) or not all(_is_int(v) for v in sup):
        raise ValueError("lines")
    try:
        meta = registry.info(code)
    except KeyError:
        raise ValueError("code") from None
    if meta.CODE != code or meta.NAME != name:
        raise ValueError("code")
    return Finding(code, name, message, path, Location(line, col, end_line, end_col),
                   Severity(sev), Confidence(conf), shash, fp, tuple(sup), snippet)


def cache_file(cache_dir: Optional[str], name: str) -> Optional[str]:
    """The path of cache file ``name`` in ``cache_dir`` (default: ``default_dir()``), the
    directory created with a ``.gitignore`` of ``*``; None when it cannot be created."""
    d = cache_dir or default_dir()
    try:
        new = not os.path.isdir(d)
        os.makedirs(d, exist_ok=True)
        if new or cache_dir:
            gi = os.path.join(d, ".gitignore")
            if not os.path.exists(gi):
                with open(gi, "w", encoding="utf-8") as fh:
                    fh.write("# created by botlint\n*\n")
        return os.path.join(d, name)
    except OSError:
        return None


def read_json(path: Optional[str]) -> Optional[dict]:
    """A cache file written by this botlint version, or None: missing, truncated, not UTF-8,
    nested too deep, another version; whatever is wrong with it is a miss."""
    if not path or not os.path.isfile(path):
        return None
    try:
        with open(path, encoding="utf-8") as fh:
            data = json.load(fh)
    except Exception:  # noqa: BLE001 - a miss
        return None
    return data if isinstance(data, dict) and data.get("version") == __version__ else None


def write_json(path: str, data: dict) -> None:
    """Atomically (a temporary file in the same directory, then a rename); a cache that cannot
    be saved is no error, and leaves no temporary file behind."""
    tmp = None
    try:
        fd, tmp = tempfile.mkstemp(dir=os.path.dirname(path), prefix=".tmp-")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(data, fh, separators=(",", ":"))
        os.replace(tmp, path)
        tmp = None
    except Exception:  # noqa: BLE001
        pass
    finally:
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass


class Cache:
    def __init__(self, path: Optional[str], settings_key: str) -> None:
        self.path = path
        self.entries: Dict[str, dict] = {}
        self.dirty = False
        self.settings_key = settings_key
        data = read_json(path)
        files = data.get("files") if data else None
        self.entries = files if isinstance(files, dict) else {}
        runs = data.get("runs") if data else None
        self.runs: Dict[str, dict] = runs if isinstance(runs, dict) else {}

    @classmethod
    def open(cls, settings, cache_dir: Optional[str] = None) -> "Cache":
        try:
            key = hashlib.sha256(f"{FORMAT}:{settings.cache_key()}:{_code_digest()}".encode()).hexdigest()[:16]
        except OSError:  # a botlint file vanished under us (an upgrade mid-run): no cache
            return cls(None, "")
        return cls(cache_file(cache_dir, f"cache-{key}.json"), key)

    def key(self, display: str, kind: str, data: bytes, module: str = "") -> str:
        """The entry of one file's content as linted under ``display`` and dotted ``module``
        name (what the link step resolves relative imports against)."""
        import hmac

        from .hashkey import key as hash_key

        # keyed like secret hashes: the content hash of a small file must not confirm a guess
        h = hmac.new(hash_key(), digestmod=hashlib.sha256)
        h.update(f"{__version__}\0{self.settings_key}\0{display}\0{kind}\0{module}\0".encode("utf-8", "surrogatepass"))
        h.update(data)
        return h.hexdigest()

    def linked_key(self, key: str, facts: str) -> str:
        """The entry of a file re-linted with other modules' facts (``facts``: their stable
        JSON text, ``engine.link.facts_text``): a change in any of them is a miss."""
        import hmac

        from .hashkey import key as hash_key

        h = hmac.new(hash_key(), digestmod=hashlib.sha256)
        h.update(f"linked\0{key}\0".encode())
        h.update(facts.encode("utf-8", "surrogatepass"))
        return h.hexdigest()

    def get(self, key: str, skip_exports: Optional[Sequence[str]] = ()) -> Optional[FileResult]:
        """The entry, or None.  An entry whose ``export()`` was skipped for some analyses, or
        kept only some names (the ``"s"`` flag: no module of that run imported the file or
        those names, ``engine.prescan``) answers only a run that skips at least as much
        (``skip_exports``; ``None``: any run, exports unused, ``prescan.serves``): a run that
        now imports the file, or another of its names, misses, never reads stale exports."""
        e = self.entries.get(key)
        if e is None:
            return None
        try:
            skipped = e.get("s", [])
            if not isinstance(skipped, list) or not all(isinstance(a, str) for a in skipped):
                return None
            if skip_exports is not None and not serves(skipped, skip_exports):
                return None
            path, rows, notes = e["p"], e["f"], e.get("n", [])
            if not isinstance(path, str) or not isinstance(rows, list) or not isinstance(notes, list) \
                    or not all(isinstance(n, str) for n in notes):
                return None
            exports, wants = e.get("x", {}), e.get("w", [])
            if not isinstance(exports, dict) or not all(isinstance(k, str) and isinstance(v, dict)
                                                        for k, v in exports.items()):
                return None
            if not isinstance(wants, list) or not all(isinstance(w, str) for w in wants):
                return None
            caps = e.get("c", {})  # botlint audit's capability summary (FileResult.capabilities)
            if not isinstance(caps, dict):
                return None
            return FileResult([_dec(r, path) for r in rows], list(notes), [], exports, tuple(wants), caps)
        except Exception:  # noqa: BLE001 - whatever is wrong with an entry: a miss
            return None

    def put(self, key: str, result: FileResult, skip_exports: Sequence[str] = ()) -> None:
        """``skip_exports``: the analyses whose ``export()`` the lint skipped (flagged, see get)."""
        path = result.findings[0].path if result.findings else ""
        self.entries[key] = {"p": path, "f": [_enc(f) for f in result.findings], "n": result.notes}
        if skip_exports:
            self.entries[key]["s"] = sorted(skip_exports)
        if result.exports:
            self.entries[key]["x"] = result.exports
        if result.wants:
            self.entries[key]["w"] = list(result.wants)
        if result.capabilities:  # botlint audit only
            self.entries[key]["c"] = result.capabilities
        self.dirty = True

    # -- results over the whole project (engine.link.plan's closures, the import pre-scan) --
    def run_key(self, what: str, text: str) -> str:
        """The entry of a result computed from the whole project: ``what`` names it (a
        closure, the pre-scan), ``text`` is the stable JSON of everything it depends on."""
        import hmac

        from .hashkey import key as hash_key

        h = hmac.new(hash_key(), digestmod=hashlib.sha256)
        h.update(f"run\0{what}\0".encode())
        h.update(text.encode("utf-8", "surrogatepass"))
        return h.hexdigest()

    def run_entry(self, key: str) -> Optional[dict]:
        """The mapping stored under ``key``, or None; its caller checks its shape."""
        found = self.runs.get(key)
        return found if isinstance(found, dict) else None

    def put_run_entry(self, key: str, value: dict) -> None:
        self.runs.pop(key, None)
        self.runs[key] = value
        self.dirty = True

    def save(self) -> None:
        if not self.path or not self.dirty:
            return
        if len(self.entries) > MAX_ENTRIES:
            self.entries = dict(list(self.entries.items())[-MAX_ENTRIES:])
        # per project state, a closure per analysis and the pre-scan: the newest few (a branch or two)
        runs = dict(list(self.runs.items())[-MAX_RUN_ENTRIES:])
        write_json(self.path, {"version": __version__, "files": self.entries, "runs": runs})
