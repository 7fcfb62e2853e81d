"""Helpers for testing rules: lint a snippet, and the records rule examples may use.

``check`` lints a piece of source the way the meta-tests lint a rule's examples and returns
what was found as ``{(line, code)}``, so a test reads as the finding it expects::

    from botlint.testing import check

    assert check('api_secret = "{{fake:alnum64}}"', select=["BOT1"]) == {(1, "BOT101")}

``{{fake:KIND}}`` markers are expanded first (``botlint.fakes``), so a test never holds a
credential-shaped literal.  ``select`` takes what ``--select`` takes (codes, prefixes, names,
``ALL``); ``None`` means botlint's default rules.  Other keyword arguments are settings fields
(``ignore_noqa=True``, ``max_file_size=64``...), set before the run is resolved.

A rule's ``VALID`` and ``INVALID`` examples are plain strings, or records that say more::

    INVALID = (
        "exchange = ccxt.binance()\\nexchange.withdraw('USDT', 10, addr)\\n",   # one BOT301 anywhere
        Invalid("exchange = ccxt.binance()\\nexchange.withdraw('USDT', 10, addr)\\n", line=2,
                message_contains="withdraws funds"),                           # on line 2, saying so
    )
    VALID = ("exchange.fetch_balance()\\n", Valid("exchange.fetch_ticker('BTC/USDT')\\n"))

``Invalid(src, line=None, code=None, message_contains=None)``: a finding of ``code`` (default:
the rule's own CODE) on ``line`` (1-based, when given) whose message contains
``message_contains`` (when given).  ``Valid(src)``: no finding of the rule's code.  Both live in
``botlint.rule`` (a rule module must not import the engine, which this module does) and are
re-exported here; ``as_invalid``/``as_valid`` turn a plain string into a record.
"""
from __future__ import annotations

from typing import Any, Iterable, List, Optional, Set, Tuple, Union

from .model import Finding
from .rule import Invalid, Valid

__all__ = ["Invalid", "Valid", "as_invalid", "as_valid", "check", "findings"]


def as_invalid(example: Union[str, bytes, Invalid]) -> Invalid:
    """An INVALID example as a record (a plain string asks only for the rule's code)."""
    return example if isinstance(example, Invalid) else Invalid(example)


def as_valid(example: Union[str, bytes, Valid]) -> Valid:
    """A VALID example as a record."""
    return example if isinstance(example, Valid) else Valid(example)


def findings(src: Union[str, bytes], select: Optional[Iterable[str]] = None, filename: str = "example.py",
             **settings: Any) -> List[Finding]:
    """The findings botlint reports for ``src`` linted as the file ``filename`` (serial, no
    cache, no config file), after ``{{fake:KIND}}`` markers are expanded (bytes are linted as
    they are: that is how a decoding rule's example is written)."""
    from . import fakes
    from .config import Settings
    from .engine import lint_source

    config = Settings()
    config.select = list(select) if select is not None else None
    for name, value in settings.items():
        if not hasattr(config, name):
            raise TypeError(f"check(): unknown setting {name!r}")
        setattr(config, name, value)
    return lint_source(fakes.expand(src) if isinstance(src, str) else src, filename, config)


def check(src: Union[str, bytes], select: Optional[Iterable[str]] = None, filename: str = "example.py",
          **settings: Any) -> Set[Tuple[int, str]]:
    """``{(line, code)}`` of the findings botlint reports for ``src`` (see ``findings``)."""
    return {(f.line, f.code) for f in findings(src, select, filename, **settings)}
