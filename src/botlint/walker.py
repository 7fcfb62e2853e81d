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
_METHODS: Dict[object, Tuple[Dict[str, str], Dict[str, str]]] = {}


def _fields(tp: type) -> Tuple[str, ...]:
    names = _FIELDS.get(tp)
    if names is None:
        names = tuple(f.name for f in dataclasses.fields(tp) if not _SKIP_FIELD.search(f.name))
        _FIELDS[tp] = names
    return names


# type -> 1 (a libcst node), 2 (a list or tuple), 0 (anything else).  ``isinstance`` on
# libcst's abstract base class goes through ``ABCMeta.__instancecheck__``, a Python call per
# field of every node (1.3 million on ccxt's binance.py); the answer is the type's, asked once.
_KINDS: Dict[type, int] = {}


def _kind(tp: type) -> int:
    kind = 1 if issubclass(tp, cst.CSTNode) else 2 if issubclass(tp, (list, tuple)) else 0
    _KINDS[tp] = kind
    return kind


def _key(cls: type) -> object:
    """The cache key of a visitor class.  A class defined inside a function is a new class
    object on every call (rules build small ``_Look`` visitors per call: 488 of them on ccxt's
    binance.py, each paying ``dir()``), but its methods' code objects are the enclosing
    function's constants, the same on every call: they key the cache, bounded by the number
    of class statements in the source."""
    if "<locals>" not in cls.__qualname__:
        return cls
    own = tuple(
        (name, getattr(value, "__code__", None)) for name, value in vars(cls).items() if callable(value)
    )
    return (cls.__module__, cls.__qualname__, cls.__bases__, own)


def _methods(cls: type) -> Tuple[Dict[str, str], Dict[str, str]]:
    key = _key(cls)
    found = _METHODS.get(key)
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
        _METHODS[key] = found
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
    get_fields = _fields
    kinds = _KINDS

    def go(node: cst.CSTNode) -> None:
        name = type(node).__name__
        fns = on_visit.get(name)
        if fns:
            for fn in fns:
                fn(node)
        for field in get_fields(type(node)):
            value = getattr(node, field)
            kind = kinds.get(type(value))
            if kind is None:
                kind = _kind(type(value))
            if kind == 1:
                go(value)
            elif kind == 2:
                for item in value:
                    item_kind = kinds.get(type(item))
                    if item_kind == 1 or item_kind is None and _kind(type(item)) == 1:
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
