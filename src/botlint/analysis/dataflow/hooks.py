"""The link facts a rule adds to the data flow's (registered by the rule, like its sinks).

``exporter(flow) -> (facts, wanted names)`` runs at the end of a module's export; ``closer(closed
exports, split, modules in the run)`` at the end of the closure over the project (BOT2's DEBUG
configuration in one module and a credentialed ccxt client in another).  A leaf module: the
package and the link import it, nothing here imports them.
"""
from __future__ import annotations

from typing import Any, Callable, Dict, List, Tuple

Exporter = Callable[[Any], Tuple[Dict[str, dict], List[str]]]
EXPORTERS: List[Exporter] = []
CLOSERS: List[Callable[..., None]] = []


def register_link(exporter: Exporter, closer: Callable[..., None]) -> None:
    if exporter not in EXPORTERS:
        EXPORTERS.append(exporter)
    if closer not in CLOSERS:
        CLOSERS.append(closer)
