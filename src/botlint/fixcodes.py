"""The codes botlint can fix and whether each fix is safe, shared by ``botlint.fix`` (the libcst
codemods) and ``botlint.fixmarks`` (the ``[*]`` marks, libcst-free) without either importing
the other at module level."""
from __future__ import annotations

from typing import Dict, List, Sequence

from .model import Finding

CREDENTIAL_CODES = ("BOT101", "BOT102", "BOT105", "BOT107", "BOT108", "BOT109")
# code -> True: the fix is safe; False: it changes behaviour (``--unsafe-fixes``)
SAFE = {**{c: False for c in CREDENTIAL_CODES}, "BOT206": True, "BOT402": False}


def fixable_files(tasks, findings: Sequence[Finding]):
    """(task, bytes, its findings with a fixer) for each Python file on disk that has some."""
    from .engine import read_task

    by_path: Dict[str, List[Finding]] = {}
    for f in findings:
        if f.code in SAFE:
            by_path.setdefault(f.path, []).append(f)
    for t in tasks:
        fs = by_path.get(t.display)
        if not fs or t.fs_path == "-" or t.kind != "python":
            continue
        data, _err = read_task(t)
        if data is not None:
            yield t, data, fs
