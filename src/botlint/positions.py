"""Positions of libcst nodes, computed at most once per file and only when asked.

PositionProvider over a whole module costs more than the parse, so the engine asks only for
files that have findings; rules that need a line in a message (BOT2's "from ... (line 12)")
share the same result through this one-entry cache instead of computing it again.
"""
from __future__ import annotations

from typing import Any, Mapping, Optional

_last: Optional[tuple] = None


def positions_for(module: Any) -> Mapping[Any, Any]:
    global _last
    if _last is not None and _last[0] is module:
        return _last[1]
    from libcst.metadata import MetadataWrapper, PositionProvider

    pos = MetadataWrapper(module, unsafe_skip_copy=True).resolve(PositionProvider)
    _last = (module, pos)
    return pos


def forget() -> None:
    global _last
    _last = None
