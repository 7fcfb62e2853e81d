"""A read-only walk over a libcst tree that dispatches to every rule's visit_/leave_ methods.

libcst's own ``visit`` rebuilds every node it passes (``_visit_and_replace_children`` plus
dataclass validation), which made the walk cost twice the parse on real bot code.  Rules never
change the tree, so this walker only reads it: per node type it caches which dataclass fields
can hold interesting children (whitespace, commas, brackets and parentheses are skipped), and
per rule class which methods to call.  Order is the source order of the fields, so imports are
seen before the code that uses them and statements are entered and left in order.  As in
libcst's batched visitors, a visit method's return value is ignored: every rule sees every node.
"""
from __future__ import annotations

import dataclasses
import re
import sys
from typing import Callable, Dict, List, Sequence, Tuple

import libcst as cst

_SKIP_FIELD = re.compile(
    r"whitespace|^lpar$|^rpar$|comma|semicolon|^colon$|^lbracket$|^rbracket$|^lbrace$|^rbrace$"
    r"|^header$|^footer$|leading_lines|lines_after_decorators|newline|^indent$|^equal$|^dot$"
    r"|^star_tok$|^walrus$|^arrow$|^lsqb$|^rsqb$|^asynchronous$|^whitespace"
)
_FIELDS: Dict[type, Tuple[str, ...]] = {}
_METHODS: Dict[type, Tuple[Dict[str, str], Dict[str, str]]] = {}


def _fields(tp: type) -> Tuple[str, ...]:
    names = _FIELDS.get(tp)
    if names is None:
        names = tuple(f.name for f in dataclasses.fields(tp) if not _SKIP_FIELD.search(f.name))
        _FIELDS[tp] = names
    return names


def _methods(cls: type) -> Tuple[Dict[str, str], Dict[str, str]]:
    found = _METHODS.get(cls)
    if found is None:
        visits, leaves = {}, {}
        for name in dir(cls):
            if name.startswith("visit_") and not name.startswith("visit_Module_"):
                part = name[6:]
                if "_" not in part:
                    visits[part] = name
            elif name.startswith("leave_"):
                part = name[6:]
                if "_" not in part:
                    leaves[part] = name
        # drop libcst's empty defaults so only methods a rule defines are called
        base = cst.BatchableCSTVisitor
        visits = {k: v for k, v in visits.items() if getattr(cls, v) is not getattr(base, v, None)}
        leaves = {k: v for k, v in leaves.items() if getattr(cls, v) is not getattr(base, v, None)}
        found = (visits, leaves)
        if "<locals>" not in cls.__qualname__:  # a class made per call would fill the cache
            _METHODS[cls] = found
    return found


def walk(module: cst.CSTNode, visitors: Sequence[object]) -> None:
    """Walk ``module`` (or any node's subtree) with ``visitors``."""
    on_visit: Dict[str, List[Callable]] = {}
    on_leave: Dict[str, List[Callable]] = {}
    for v in visitors:
        visits, leaves = _methods(type(v))
        for node_type, meth in visits.items():
            on_visit.setdefault(node_type, []).append(getattr(v, meth))
        for node_type, meth in leaves.items():
            on_leave.setdefault(node_type, []).append(getattr(v, meth))
    node_base = cst.CSTNode
    get_fields = _fields

    def go(node: cst.CSTNode) -> None:
        name = type(node).__name__
        fns = on_visit.get(name)
        if fns:
            for fn in fns:
                fn(node)
        for field in get_fields(type(node)):
            value = getattr(node, field)
            if isinstance(value, node_base):
                go(value)
            elif isinstance(value, (list, tuple)):
                for item in value:
                    if isinstance(item, node_base):
                        go(item)
        fns = on_leave.get(name)
        if fns:
            for fn in fns:
                fn(node)

    old = sys.getrecursionlimit()
    sys.setrecursionlimit(max(old, 12000))
    try:
        go(module)
    finally:
        sys.setrecursionlimit(old)
