"""The value of a string literal node, shared by every rule family."""
from __future__ import annotations

import re
from typing import Optional

import libcst as cst

_QUOTE = re.compile(r"[rRbBuU]{0,2}('''|\"\"\"|'|\")")


def literal_str(node: Optional[cst.CSTNode]) -> Optional[str]:
    """A plain or implicitly concatenated string literal's value (bytes as latin-1), else None."""
    if isinstance(node, cst.SimpleString):
        raw = node.value
        m = _QUOTE.match(raw)
        if m:
            inner = raw[m.end(): len(raw) - len(m.group(1))]
            if "\\" not in inner:
                return inner  # no escapes: the text is the value (evaluated_value compiles)
        try:
            v = node.evaluated_value
        except Exception:  # malformed escapes
            return None
        return v.decode("latin-1") if isinstance(v, bytes) else v
    if isinstance(node, cst.ConcatenatedString):
        a, b = literal_str(node.left), literal_str(node.right)
        return a + b if a is not None and b is not None else None
    return None
