"""THE string evaluator: what text a string expression stands for, for every rule family.

* :func:`literal_str` (from :mod:`.literals`): a plain or implicitly concatenated literal.
* :func:`literal`: literals joined by implicit concatenation, ``+`` and f-strings without
  expressions, through ``str()`` / ``bytes.fromhex()`` / ``SecretStr()`` wrappers (BOT1's
  view of an assigned value).
* :func:`static_str`: the value of an expression built only from literals the way droppers
  hide a URL (joins, base64, hex, rot13, reversal, module constants): the deobfuscator.
* :func:`key_text`: the *shape* of a look-up key, computed parts replaced by ``x``.
* :func:`leading_text`: the literal beginning of a URL-like expression (host detection).
* :func:`string_text` / :func:`raw_text`: a string's text with ``{}`` for f-string parts, and
  the source text of its literal parts (cheap pre-filters).

None of these evaluates code: they read literals and a few pure, well-known decoders.
"""
from __future__ import annotations

import base64
import codecs
from typing import Dict, List, Optional

import libcst as cst

from .imports import dotted
from .literals import concat_parts, join_concat, literal_str

__all__ = ["literal_str", "literal", "static_str", "key_text", "leading_text", "string_text", "raw_text"]


def add_operands(node: cst.BinaryOperation) -> list:
    """The operands of an ``a + b + c`` chain, in order, without recursion."""
    out: list = []
    stack: list = [node]
    while stack:
        n = stack.pop()
        if isinstance(n, cst.BinaryOperation) and isinstance(n.operator, cst.Add):
            stack.append(n.right)
            stack.append(n.left)
        else:
            out.append(n)
    return out


def _joined(nodes: list) -> Optional[str]:
    out = []
    for n in nodes:
        v = literal(n)
        if v is None:
            return None
        out.append(v)
    return "".join(out)


def literal(node: Optional[cst.CSTNode]) -> Optional[str]:
    """The value of a string expression made only of literals, else None.  Chains (implicit
    concatenation, ``+``) are flattened, not recursed into: linear, and no recursion limit."""
    if isinstance(node, (cst.SimpleString, cst.ConcatenatedString)):
        v = literal_str(node)
        if v is not None or isinstance(node, cst.SimpleString):
            return v
        return _joined(concat_parts(node))
    if isinstance(node, cst.FormattedString):
        parts = []
        for p in node.parts:
            if not isinstance(p, cst.FormattedStringText):
                return None
            parts.append(p.value)
        return "".join(parts)
    if isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.Add):
        return _joined(add_operands(node))
    if isinstance(node, cst.Call) and len(node.args) == 1 and node.args[0].keyword is None:
        name = dotted(node.func) or ""
        if name.split(".")[-1] in ("fromhex", "SecretStr", "SecretBytes", "str", "bytes", "encode"):
            return literal(node.args[0].value)
    return None


def string_text(node: cst.CSTNode) -> Optional[str]:
    """A string expression's text with ``{}`` for every f-string expression part."""
    if isinstance(node, cst.SimpleString):
        return literal_str(node)
    if isinstance(node, cst.FormattedString):
        out = []
        for p in node.parts:
            out.append(p.value if isinstance(p, cst.FormattedStringText) else "{}")
        return "".join(out)
    if isinstance(node, cst.ConcatenatedString):
        return join_concat(node, string_text)
    return None


def raw_text(node: cst.CSTNode) -> str:
    """The source text of a string node's literal parts (quotes and escapes included): a cheap
    pre-filter before evaluating anything."""
    if isinstance(node, cst.SimpleString):
        return node.value
    if isinstance(node, cst.FormattedString):
        return "".join(p.value for p in node.parts if isinstance(p, cst.FormattedStringText))
    if isinstance(node, cst.ConcatenatedString):
        return "".join(raw_text(p) for p in concat_parts(node))
    return ""



_MAX_STATIC = 2048


def static_str(node: Optional[cst.CSTNode], consts: Dict[str, str], lists: Optional[Dict[str, List[str]]] = None,
               depth: int = 0) -> Optional[str]:
    """The value of a string expression built only from literals, the way droppers hide a URL:
    ``"".join(["ht", "tps://", ...])``, ``"a" + "b"``, ``s[::-1]``, ``base64.b64decode("...")``,
    ``bytes.fromhex("...")``, ``codecs.decode("...", "rot13")``, module constants.  Else None."""
    if node is None or depth > 8:
        return None
    s = literal_str(node)
    if s is not None:
        return s

    def rec(n: Optional[cst.CSTNode]) -> Optional[str]:
        return static_str(n, consts, lists, depth + 1)

    if isinstance(node, cst.Name):
        return consts.get(node.value)
    if isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.Add):
        a = rec(node.left)
        b = rec(node.right) if a is not None else None
        return a + b if a is not None and b is not None and len(a) + len(b) <= _MAX_STATIC else None
    if isinstance(node, cst.FormattedString):
        out = ""
        for p in node.parts:
            if isinstance(p, cst.FormattedStringText):
                out += p.value
            elif isinstance(p, cst.FormattedStringExpression) and p.format_spec is None and p.conversion is None:
                v = rec(p.expression)
                if v is None:
                    return None
                out += v
            else:
                return None
        return out
    if isinstance(node, cst.Subscript) and len(node.slice) == 1 and isinstance(node.slice[0].slice, cst.Slice):
        sl = node.slice[0].slice
        if sl.lower is None and sl.upper is None and isinstance(sl.step, cst.UnaryOperation) \
                and isinstance(sl.step.operator, cst.Minus) and isinstance(sl.step.expression, cst.Integer) \
                and sl.step.expression.value == "1":
            v = rec(node.value)
            return v[::-1] if v is not None else None
        return None
    if not isinstance(node, cst.Call):
        return None
    func = node.func
    pos = [a.value for a in node.args if a.keyword is None and not a.star]
    if isinstance(func, cst.Name) and not node.args:
        # a module function of no parameters that returns a static string (``def _u():
        # return b64decode("...").decode()``): the collector keeps it as ``name()``
        return consts.get(func.value + "()")
    if isinstance(func, cst.Attribute):
        attr = func.attr.value
        if attr == "join" and len(pos) == 1:
            sep = rec(func.value)
            items: Optional[List[str]] = None
            arg = pos[0]
            if isinstance(arg, (cst.List, cst.Tuple)):
                items = []
                for el in arg.elements:
                    v = rec(el.value) if not isinstance(el, cst.StarredElement) else None
                    if v is None:
                        return None
                    items.append(v)
            elif isinstance(arg, cst.Name) and lists is not None:
                items = lists.get(arg.value)
            if sep is None or items is None:
                return None
            out = sep.join(items)
            return out if len(out) <= _MAX_STATIC else None
        if attr == "decode" and len(pos) <= 1:
            inner = func.value
            if isinstance(inner, cst.Call):
                name = dotted(inner.func) or _imported_attr(inner.func)
                ipos = [a.value for a in inner.args if a.keyword is None]
                if name.endswith(("b64decode", "urlsafe_b64decode", "standard_b64decode", "decodebytes")) and ipos:
                    raw = rec(ipos[0])
                    if raw is None:
                        return None
                    try:
                        if "urlsafe" in name:
                            return base64.urlsafe_b64decode(raw + "=" * (-len(raw) % 4)).decode("utf-8")
                        return base64.b64decode(raw + "=" * (-len(raw) % 4)).decode("utf-8")
                    except Exception:
                        return None
                if name.endswith(("bytes.fromhex", "unhexlify")) and ipos:
                    raw = rec(ipos[0])
                    try:
                        return bytes.fromhex(raw).decode("utf-8") if raw is not None else None
                    except Exception:
                        return None
            return None
        d = dotted(func) or ""
        rot13 = len(pos) == 2 and (literal_str(pos[1]) or "").replace("_", "") == "rot13"
        if d in ("codecs.decode", "codecs.encode") and rot13:
            v = rec(pos[0])
            if v is None:
                return None
            return codecs.decode(v, "rot13")
    return None


def _imported_attr(func: cst.CSTNode) -> str:
    """``__import__("base64").b64decode`` -> ``"base64.b64decode"`` (else "")."""
    if isinstance(func, cst.Attribute) and isinstance(func.value, cst.Call) \
            and dotted(func.value.func) in ("__import__", "importlib.import_module") and func.value.args:
        mod = literal_str(func.value.args[0].value)
        if mod:
            return f"{mod}.{func.attr.value}"
    return ""


def key_text(node: Optional[cst.CSTNode]) -> Optional[str]:
    """The shape of a look-up key: a literal, or an f-string / concatenation whose computed
    parts are replaced by ``x`` (``f"{ex}_API_SECRET"`` -> ``"x_API_SECRET"``)."""
    s = literal_str(node)
    if s is not None:
        return s
    if isinstance(node, cst.FormattedString):
        out = ""
        for p in node.parts:
            out += p.value if isinstance(p, cst.FormattedStringText) else "x"
        return out if any(isinstance(p, cst.FormattedStringText) for p in node.parts) else None
    if isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.Add):
        a, b = key_text(node.left), key_text(node.right)
        if a is None and b is None:
            return None
        return (a if a is not None else "x") + "_" + (b if b is not None else "x")
    return None


def leading_text(
    node: Optional[cst.CSTNode], consts: Dict[str, str], lists: Optional[Dict[str, List[str]]] = None
) -> Optional[str]:
    """The literal beginning of a string expression (URL host detection), else None."""
    if node is None:
        return None
    s = static_str(node, consts, lists)
    if s is not None:
        return s
    if isinstance(node, cst.FormattedString):
        out = ""
        for p in node.parts:
            if isinstance(p, cst.FormattedStringText):
                out += p.value
            elif isinstance(p, cst.FormattedStringExpression):
                sub = leading_text(p.expression, consts)
                if sub is None:
                    return out or None
                out += sub
            if "/" in out.split("://", 1)[-1]:
                break
        return out or None
    if isinstance(node, cst.BinaryOperation) and isinstance(node.operator, (cst.Add, cst.Modulo)):
        return leading_text(node.left, consts)
    if isinstance(node, cst.Name):
        return consts.get(node.value)
    if isinstance(node, cst.Attribute):
        d = dotted(node)
        return consts.get(d) if d else None
    if (
        isinstance(node, cst.Call)
        and isinstance(node.func, cst.Attribute)
        and node.func.attr.value in ("format", "replace", "strip", "rstrip")
    ):
        return leading_text(node.func.value, consts)
    return None
