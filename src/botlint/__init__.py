"""botlint: the security linter for trading-bot code."""
from __future__ import annotations

__version__ = "0.1.0"

from .model import Finding  # noqa: E402


def lint_paths(paths, settings=None, **kw):
    from .config import Settings
    from .engine import lint_paths as _lint_paths

    if settings is None:
        settings = Settings()
        settings.resolve_rules()
    return _lint_paths(paths, settings, **kw)


def lint_source(source, filename="example.py", settings=None):
    from .engine import lint_source as _lint_source

    return _lint_source(source, filename, settings)


__all__ = ["Finding", "lint_paths", "lint_source", "__version__"]
