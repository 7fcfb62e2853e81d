"""The audit's run: ``botlint check``'s discovery, engine and cache, with vetting defaults.

The vetted project is someone else's code, so nothing in it may configure the run: no
configuration file is read (``--isolated``), inline suppressions are ignored (``--ignore-noqa``),
every rule family is selected, and each file's capability summary is collected during the
same walk (``RunConfig.capabilities``; cached by content with the findings).  Nothing is
written into the tree: the cache lives where ``botlint check``'s does.
"""
from __future__ import annotations

import dataclasses
from typing import List, Optional, Tuple

from ..model import RunResult

# opt-in rules the audit adds: BOT404 (an unguarded native-SDK client) is a fact about the key's
# use; BOT110 (raw high-entropy strings) stays off: noise, and the credential verdict must not
# rest on a guess
AUDIT_EXTEND_SELECT = ("BOT404",)


def audit_config(extend_exclude: Optional[List[str]] = None):
    """(Settings for discovery, RunConfig for the engine) of an audit run."""
    from ..config import load_settings, merge_cli, resolve

    settings = load_settings(None, isolated=True)
    settings = merge_cli(settings, select=None, ignore=[], extend_select=list(AUDIT_EXTEND_SELECT),
                         extend_exclude=list(extend_exclude or []), ignore_noqa=True, severity_level=None,
                         baseline=None, no_link=False)
    config = dataclasses.replace(resolve(settings), capabilities=True)
    return settings, config


def collect(path: str, jobs: Optional[int] = None, use_cache: bool = True, cache_dir: Optional[str] = None,
            extend_exclude: Optional[List[str]] = None) -> Tuple[RunResult, List[str], List[str]]:
    """(the run's result, notes, missing paths) for the project at ``path``."""
    from ..discovery import discover
    from ..engine import lint_tasks

    settings, config = audit_config(extend_exclude)
    missing: List[str] = []
    tasks, notes = discover([path], settings, missing=missing)
    result = lint_tasks(tasks, config, jobs=jobs, use_cache=use_cache, cache_dir=cache_dir)
    return result, list(notes) + list(result.notes), missing
