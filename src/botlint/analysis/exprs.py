"""Expression -> text helpers shared by every rule family (never a literal value).

* :func:`dotted`: ``a.b.c`` for Name/Attribute chains (from :mod:`.imports`).
* :func:`describe`: a short display name for a callee (``self.logger().info``).
* :func:`key_of`: a stable key for an expression that can hold an object (``self.exchanges[]``).
* :func:`last_identifier`: the last name of an expression (``self.ex`` -> ``ex``).
* :func:`subscript_key`: the literal key of ``x["key"]`` (THE subscript-key helper).
* :func:`key_chain`: ``(root, keys)`` of ``a["x"]["y"]`` / ``a.get("x", {}).get("y")``.
* :func:`unwrap`: an expression without its ``await``.
* :func:`annotation_parts`: the names an annotation mentions (``Optional[Creds]`` -> ``Creds``).
"""
from __future__ import annotations

from typing import Iterable, List, Optional, Tuple

import libcst as cst

from .imports import dotted
from .strings import literal_str

__all__ = ["dotted", "describe", "key_of", "last_identifier", "subscript_key", "key_chain", "unwrap"]


def unwrap(node: Optional[cst.CSTNode]) -> Optional[cst.CSTNode]:
    while isinstance(node, cst.Await):
        node = node.expression
    return node


def describe(node: Optional[cst.CSTNode], depth: int = 0) -> str:
    """A short display name for a callee (``self.logger().info``), never a literal value."""
    if depth > 6 or node is None:
        return "..."
    if isinstance(node, cst.Name):
        return node.value
    if isinstance(node, cst.Attribute):
        return f"{describe(node.value, depth + 1)}.{node.attr.value}"
    if isinstance(node, cst.Call):
        return f"{describe(node.func, depth + 1)}()"
    if isinstance(node, cst.Subscript):
        return f"{describe(node.value, depth + 1)}[...]"
    if isinstance(node, cst.Await):
        return describe(node.expression, depth + 1)
    return "..."


def key_of(node: Optional[cst.CSTNode]) -> Optional[str]:
    """A stable text for an expression that can hold a client: ``ex``, ``self.exchange``,
    ``self.exchanges[]``."""
    node = unwrap(node)
    if isinstance(node, cst.Name):
        return node.value
    if isinstance(node, cst.Attribute):
        base = key_of(node.value)
        return f"{base}.{node.attr.value}" if base else None
    if isinstance(node, cst.Subscript):
        base = key_of(node.value)
        return f"{base}[]" if base else None
    return None


def last_identifier(node: Optional[cst.CSTNode]) -> Optional[str]:
    node = unwrap(node)
    while isinstance(node, cst.Subscript):
        node = node.value
    if isinstance(node, cst.Name):
        return node.value
    if isinstance(node, cst.Attribute):
        return node.attr.value
    if isinstance(node, cst.Call):
        return last_identifier(node.func)
    return None


def subscript_key(node: cst.Subscript, text=literal_str) -> Optional[str]:
    """The key of ``x["key"]`` as ``text`` evaluates it (a literal by default), else None."""
    if len(node.slice) == 1 and isinstance(node.slice[0].slice, cst.Index):
        return text(node.slice[0].slice.value)
    return None


def key_chain(node: cst.CSTNode) -> Tuple[Optional[cst.CSTNode], Tuple[str, ...]]:
    """(root expression, (key, key, ...)) for ``a["x"]["y"]`` / ``a.get("x", {}).get("y")``."""
    keys: List[str] = []
    cur: Optional[cst.CSTNode] = node
    while True:
        if isinstance(cur, cst.Subscript):
            k = subscript_key(cur)
            if k is not None:
                keys.append(k)
            cur = cur.value
        elif (isinstance(cur, cst.Call) and isinstance(cur.func, cst.Attribute)
              and cur.func.attr.value == "get" and cur.args and cur.args[0].keyword is None):
            k = literal_str(cur.args[0].value)
            if k is not None:
                keys.append(k)
            cur = cur.func.value
        else:
            break
    return cur, tuple(reversed(keys))


def annotation_parts(ann: Optional[cst.CSTNode]) -> Iterable[cst.CSTNode]:
    """The names in an annotation (``Creds``, ``models.Creds``, ``"Creds"`` strings) through
    ``Optional[...]``, ``X | None`` and other subscripts, without recursion."""
    stack = [ann]
    while stack:
        n = stack.pop()
        if isinstance(n, cst.Annotation):
            stack.append(n.annotation)
        elif isinstance(n, (cst.Name, cst.Attribute, cst.SimpleString)):
            yield n
        elif isinstance(n, cst.Subscript):
            stack.extend(e.slice.value for e in n.slice if isinstance(e.slice, cst.Index))
        elif isinstance(n, cst.BinaryOperation):
            stack.extend((n.left, n.right))
