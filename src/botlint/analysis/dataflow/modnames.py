"""Module names across the link: which dotted names may be the project's, and the lookups of
a closure over ``{module -> facts}`` (a leaf module: the link, the reverse link and the rules
share it without an import cycle)."""
from __future__ import annotations

from typing import Any, Iterator, Mapping, Optional, Tuple

from ..project_names import _EXTERNAL, _STDLIB, is_project_name  # noqa: F401 (the API of the link modules)


def arg_slots(call: Any) -> Iterator[Tuple[Any, Any]]:
    """``(slot, argument)`` for each argument of a libcst call but ``*args``/``**kw``: the slot
    is its position among the positional arguments, or ``"kw:name"`` (what :func:`_param_of`
    maps back to a parameter)."""
    pos = 0
    for a in call.args:
        if a.star:
            continue
        at: Any = pos if a.keyword is None else f"kw:{a.keyword.value}"
        if a.keyword is None:
            pos += 1
        yield at, a


def _param_of(arg: Any, fact: dict) -> Optional[int]:
    """The callee parameter an edge's argument lands in (methods skip ``self``)."""
    offset = 1 if fact.get("method") else 0
    if isinstance(arg, int):
        return arg + offset
    if isinstance(arg, str) and arg.startswith("kw:"):
        params = fact.get("params") or []
        return params.index(arg[3:]) if arg[3:] in params else None
    return None


def _split(qualified: str, modules: Mapping[str, dict]) -> Optional[Tuple[str, str]]:
    parts = qualified.split(".")
    for i in range(len(parts) - 1, 0, -1):
        m = ".".join(parts[:i])
        full = _full(m, modules)
        if full is not None:
            return full, ".".join(parts[i:])
    return None


def _full(name: str, modules: Mapping[str, dict]) -> Optional[str]:
    if name in modules:
        return name
    found = [m for m in modules if m.endswith("." + name)]
    return found[0] if len(found) == 1 else None
