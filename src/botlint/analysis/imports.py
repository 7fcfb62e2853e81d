"""A cheap import alias map (instead of libcst's QualifiedNameProvider, ~10x cheaper).

Filled by the engine's tracker during the one batched walk, so a rule sees the imports that
precede the node it visits, which is where Python code puts them.
"""
from __future__ import annotations

from typing import Dict, Optional

import libcst as cst


def dotted(node: Optional[cst.CSTNode]) -> Optional[str]:
    """``a.b.c`` for Name/Attribute chains, else None."""
    # ``type(...) is``: Name and Attribute have no subclasses, and ``isinstance`` on libcst's
    # ABC-based node classes is a Python-level call (this runs ~80k times on a large module)
    attribute, name = cst.Attribute, cst.Name
    if type(node) is name:
        return node.value  # type: ignore[union-attr]
    parts = []
    while type(node) is attribute:
        parts.append(node.attr.value)  # type: ignore[union-attr]
        node = node.value  # type: ignore[union-attr]
    if type(node) is name:
        parts.append(node.value)  # type: ignore[union-attr]
        return ".".join(reversed(parts))
    return None


class ImportMap:
    def __init__(self) -> None:
        self.aliases: Dict[str, str] = {}
        self.modules: set = set()
        self.version = 0  # bumped by every import seen (FileContext.qualified's memo)

    def add_import(self, node: cst.Import) -> None:
        self.version += 1
        for alias in node.names:
            name = dotted(alias.name)
            if not name:
                continue
            self.modules.add(name)
            if alias.asname and isinstance(alias.asname.name, cst.Name):
                self.aliases[alias.asname.name.value] = name
            else:
                head = name.split(".")[0]
                self.aliases[head] = head

    def add_import_from(self, node: cst.ImportFrom) -> None:
        self.version += 1
        if node.relative:
            return  # the project's own modules: nothing to resolve
        module = dotted(node.module) if node.module else None
        if not module or isinstance(node.names, cst.ImportStar):
            if module:
                self.modules.add(module)
            return
        self.modules.add(module)
        for alias in node.names:
            name = dotted(alias.name)
            if not name:
                continue
            local = alias.asname.name.value if alias.asname and isinstance(alias.asname.name, cst.Name) else name
            self.aliases[local] = f"{module}.{name}"

    def resolve(self, node: Optional[cst.CSTNode]) -> Optional[str]:
        """The dotted name with its first part replaced by what it was imported as."""
        name = dotted(node)
        if name is None:
            return None
        head, _, rest = name.partition(".")
        full = self.aliases.get(head)
        if full is None:
            return name
        return f"{full}.{rest}" if rest else full

    def imports_module(self, prefix: str) -> bool:
        return any(m == prefix or m.startswith(prefix + ".") for m in self.modules)
