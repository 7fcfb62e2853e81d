"""botlint: the security linter for trading-bot code."""
# No ``from __future__`` import and nothing else before this block: under ``python -m botlint``
# the current directory is first on sys.path while this package is imported, and a downloaded
# bot's ``__future__.py``, ``json.py`` or ``libcst/`` there would run on the next import.  sys is
# built in and os is loaded at interpreter start, so neither can be shadowed from there.
import sys as _sys


def _drop_cwd_from_path() -> None:
    """Under ``-m`` (``sys.argv[0] == "-m"`` while the module is located), remove the
    entries that mean the current directory.  Imported as a library, sys.path is left alone."""
    if _sys.argv[:1] != ["-m"] and not getattr(_sys, "_botlint_main", False):
        return
    import os as _os

    try:
        cwd = _os.getcwd()
    except OSError:
        cwd = None
    _sys.path[:] = [p for p in _sys.path
                    if p not in ("", ".") and (cwd is None or _os.path.abspath(p) != cwd)]


_drop_cwd_from_path()

from ._version import __version__  # noqa: E402
from .model import Finding  # noqa: E402


def lint_paths(paths, settings=None, **kw):
    """``settings``: a ``config.Settings`` or a resolved ``config.RunConfig`` (default: the
    defaults); the engine resolves it, so no caller has to."""
    from .engine import lint_paths as _lint_paths

    return _lint_paths(paths, settings, **kw)


def lint_source(source, filename="example.py", settings=None):
    from .engine import lint_source as _lint_source

    return _lint_source(source, filename, settings)


__all__ = ["Finding", "lint_paths", "lint_source", "__version__"]
