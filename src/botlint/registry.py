"""Code -> rule, and selector resolution (``ALL``, ``BOT1``, ``BOT101``, ``hardcoded-password``)."""
from __future__ import annotations

import importlib
import pkgutil
import re
from typing import TYPE_CHECKING, Dict, Iterable, List, Set, Type

if TYPE_CHECKING:  # pragma: no cover
    from .rule import Rule

_RULES: Dict[str, Type["Rule"]] = {}
_NAMES: Dict[str, str] = {}
_loaded = False

CODE_RE = re.compile(r"^BOT\d{3}$")
NAME_RE = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")


class SelectorError(ValueError):
    pass


def register(cls: Type["Rule"]) -> None:
    code, name = cls.CODE, cls.NAME
    if not CODE_RE.match(code or ""):
        raise ValueError(f"rule {cls.__name__}: bad code {code!r}")
    if code in _RULES and _RULES[code] is not cls:
        raise ValueError(f"duplicate rule code {code} ({cls.__name__}, {_RULES[code].__name__})")
    if name in _NAMES and _NAMES[name] != code:
        raise ValueError(f"duplicate rule name {name}")
    _RULES[code] = cls
    _NAMES[name] = code


def load() -> None:
    """Import every module in botlint.rules once: that registers the rules."""
    global _loaded
    if _loaded:
        return
    _loaded = True
    from . import rules

    for mod in sorted(pkgutil.iter_modules(rules.__path__), key=lambda m: m.name):
        importlib.import_module(f"{rules.__name__}.{mod.name}")
    validate()


SOURCES = ("engine", "secrets")


class RegistryError(ValueError):
    """The rules contradict one another: botlint refuses to start rather than drop findings."""


def validate() -> None:
    """Every code a rule may report is registered, and each code has exactly one producer:
    one walking rule (its CODE or REPORTS) or a ``SOURCE`` ("engine", "secrets").  Run when
    the rules are loaded, so a mistyped code fails every test instead of silently dropping
    its findings (``Rule.report`` refuses a code its rule does not declare)."""
    owners: Dict[str, List[str]] = {code: [] for code in _RULES}
    for code, cls in sorted(_RULES.items()):
        source = getattr(cls, "SOURCE", None)
        if source is not None:
            if source not in SOURCES:
                raise RegistryError(f"{code}: SOURCE must be one of {SOURCES}, not {source!r}")
            owners[code].append(f"SOURCE={source}")
        if cls.IN_TESTS not in ("lower", "skip", "keep"):
            raise RegistryError(f"{code}: IN_TESTS must be 'lower', 'skip' or 'keep', not {cls.IN_TESTS!r}")
        if not cls.walks():
            if cls.REPORTS:
                raise RegistryError(f"{code}: REPORTS on a rule that does not walk")
            continue
        for reported in cls.codes():
            if reported not in _RULES:
                raise RegistryError(f"{cls.__name__} reports {reported!r}, which no rule registers")
            owners[reported].append(cls.__name__)
    for code, by in sorted(owners.items()):
        if len(by) != 1:
            what = ", ".join(by) if by else "no walking rule and no SOURCE"
            raise RegistryError(f"{code} must have exactly one producer, has: {what}")


def all_rules() -> List[Type["Rule"]]:
    load()
    return [_RULES[c] for c in sorted(_RULES)]


_walking: List[Type["Rule"]] = []


def walking_rules() -> List[Type["Rule"]]:
    """Rules that take part in the walk (define visit_/leave_ methods), computed once."""
    if not _walking:
        _walking.extend(r for r in all_rules() if r.walks())
    return _walking


def get(code_or_name: str) -> Type["Rule"]:
    load()
    key = code_or_name.strip()
    if key.upper() in _RULES:
        return _RULES[key.upper()]
    if key.lower() in _NAMES:
        return _RULES[_NAMES[key.lower()]]
    raise KeyError(code_or_name)


def is_secret(code: str) -> bool:
    """Whether findings of ``code`` are secrets (``Rule.SECRET``): merged by specificity,
    masked in code frames, hidden by ``# pragma: allowlist secret``."""
    load()
    rule = _RULES.get(code.strip().upper())
    return bool(rule is not None and rule.SECRET)


def expand(selector: str) -> Set[str]:
    """One selector -> the set of codes it names."""
    load()
    sel = selector.strip()
    if not sel:
        raise SelectorError("empty rule selector")
    if sel.upper() == "ALL":
        return set(_RULES)
    if sel.lower() in _NAMES:
        return {_NAMES[sel.lower()]}
    up = sel.upper()
    if re.fullmatch(r"BOT\d{0,3}", up):
        hit = {c for c in _RULES if c.startswith(up)}
        if hit:
            return hit
    raise SelectorError(f"unknown rule selector {selector!r}")


def resolve(
    select: Iterable[str] | None,
    ignore: Iterable[str] = (),
    extend_select: Iterable[str] = (),
) -> Set[str]:
    """ruff-style: ``select`` replaces the default set, ``extend-select`` adds, ``ignore`` removes.

    The default set is every rule with DEFAULT_ENABLED.
    """
    load()
    if select is None:
        enabled = {c for c, r in _RULES.items() if r.DEFAULT_ENABLED}
    else:
        enabled = set()
        for s in select:
            enabled |= _expand_for_select(s)
    for s in extend_select:
        enabled |= _expand_for_select(s)
    for s in ignore:
        enabled -= expand(s)
    return enabled


def _expand_for_select(sel: str) -> Set[str]:
    """Opt-in rules (DEFAULT_ENABLED = False) are enabled only when named exactly, by code or
    name; ``ALL`` and prefixes such as ``BOT1`` leave them out, as ruff does with preview rules."""
    codes = expand(sel)
    if CODE_RE.match(sel.strip().upper()) or sel.strip().lower() in _NAMES:
        return codes
    return {c for c in codes if _RULES[c].DEFAULT_ENABLED}
