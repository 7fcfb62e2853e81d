"""One renderer per output format, chosen from a dict.  A renderer turns findings into text;
it never sees a secret (findings hold none, snippets are masked).

Text from the scanned tree (paths, messages naming a key, snippets) is data, never markup:
``report.safe`` holds the escaping every renderer uses (re-exported here)."""
from __future__ import annotations

from typing import Callable, Dict, List, Optional, Sequence

from ..model import Finding
from ._summary import summary
from .safe import commit_label, display_path, json_safe, json_text, terminal_text

FORMATS = ("full", "concise", "json", "sarif", "github")
# format -> the module of this package that renders it
_RENDERERS: Dict[str, str] = {"full": "full", "concise": "concise", "json": "json_", "sarif": "sarif",
                              "github": "github"}


def render(fmt: str, findings: List[Finding], *, files: int = 0, color: bool = False,
           errors: Sequence[str] = (), root: Optional[str] = None, category: Optional[str] = None) -> str:
    """``errors``: the run's internal errors (SARIF ``executionSuccessful``); ``root``: the
    configuration root, the fallback repository root outside git (``botlint.paths``);
    ``category``: SARIF ``automationDetails`` category.  All optional and keyword-only."""
    import importlib

    # only the renderer asked for is imported (SARIF's loads the rules' documentation)
    module = importlib.import_module(f"{__name__}.{_RENDERERS[fmt]}")
    renderer: Callable[..., str] = module.render
    return renderer(findings, files=files, color=color, errors=list(errors), root=root, category=category)


__all__ = ["FORMATS", "render", "summary", "commit_label", "display_path", "json_safe", "json_text",
           "terminal_text"]
