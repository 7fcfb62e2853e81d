"""``[tool.botlint]`` from the nearest pyproject.toml; CLI > file > defaults.

Unknown keys, unknown rule codes, wrong types and a file that is not valid TOML are errors that
name the key or the file and line (exit 2), as ruff does: a typo in a security tool's config must
not silently turn a rule off.  Unknown names get a "did you mean" from the known ones.

Rule selection follows ruff's: the config file and the command line are two *layers*; a layer
with a ``select`` starts over from it, a layer without one adjusts the layer below, so the config
file can never narrow what the command line selects.  Inside one layer a more specific selector
beats a less specific one (``BOT101`` beats ``BOT1`` beats ``ALL``), and at equal specificity
``ignore`` beats ``select``.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import sys
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, Callable, Dict, FrozenSet, Iterable, List, Optional, Sequence, Set, Tuple


if TYPE_CHECKING:  # pragma: no cover
    from pathlib import Path


def _tomllib() -> Any:
    """The TOML parser, imported when a configuration file is read (a run with --isolated, or
    without any configuration file, never pays for it)."""
    if sys.version_info >= (3, 11):  # pragma: no cover - depends on interpreter
        import tomllib
    else:  # pragma: no cover
        import tomli as tomllib
    return tomllib


class ConfigError(ValueError):
    pass


class InvalidTOML(ConfigError):
    """The file is not valid TOML (as opposed to unreadable)."""


DEFAULT_EXCLUDE = (
    ".git",
    ".hg",
    ".svn",
    ".venv",
    "venv",
    ".tox",
    ".nox",
    ".mypy_cache",
    ".pytest_cache",
    ".ruff_cache",
    ".botlint_cache",
    "__pycache__",
    "node_modules",
    "site-packages",
    "dist-packages",
    "build",
    "dist",
    ".eggs",
    "*.egg-info",
)


@dataclass
class SecretsSettings:
    # Shannon entropy (bits/char) a value bound to a credential name must reach to be reported
    base64_limit: float = 3.5
    hex_limit: float = 2.8
    # detect-secrets' own limits for the opt-in BOT110 high-entropy-string rule
    entropy_base64_limit: float = 4.5
    entropy_hex_limit: float = 3.0
    # extra regexes: a value fully matching one is a placeholder, never a secret
    allowed_placeholders: List[str] = field(default_factory=list)
    # extra inline markers that act like `# pragma: allowlist secret` (e.g. "noqa: mock")
    allowlist_markers: List[str] = field(default_factory=list)


SEVERITY_LEVELS = ("low", "medium", "high", "critical")


@dataclass
class RuleSelection:
    """One layer of rule selection (the config file's, or the command line's)."""

    select: Optional[List[str]] = None
    ignore: List[str] = field(default_factory=list)
    extend_select: List[str] = field(default_factory=list)
    where: str = "[tool.botlint]"  # named in error messages


@dataclass
class Settings:
    # the config file's selection layer; the command line's is cli_selection
    select: Optional[List[str]] = None
    ignore: List[str] = field(default_factory=list)
    extend_select: List[str] = field(default_factory=list)
    exclude: List[str] = field(default_factory=lambda: list(DEFAULT_EXCLUDE))
    extend_exclude: List[str] = field(default_factory=list)
    per_file_ignores: Dict[str, List[str]] = field(default_factory=dict)
    secrets: SecretsSettings = field(default_factory=SecretsSettings)
    permission_checks: List[str] = field(default_factory=list)
    # files larger than this get BOT003 and only the secrets pass
    max_file_size: int = 2_000_000
    # directory the config came from (per-file-ignores and excludes are relative to it)
    root: str = "."
    config_file: Optional[str] = None
    ignore_noqa: bool = False
    cli_selection: Optional[RuleSelection] = None
    # report (and fail) only at or above this severity (bandit's --severity-level)
    severity_level: str = "low"
    # a baseline file (botlint.baseline): findings it holds are not reported; an absolute path
    baseline: Optional[str] = None
    # where each value that is not a default came from: key -> config file path or "command line"
    sources: Dict[str, str] = field(default_factory=dict)
    # the link step across modules (engine.link); ``--no-link`` / ``link = false`` turn it off
    link: bool = True

    def layers(self) -> List[RuleSelection]:
        out = [RuleSelection(self.select, list(self.ignore), list(self.extend_select))]
        if self.cli_selection is not None:
            out.append(self.cli_selection)
        return out

    def exclude_is_default(self) -> bool:
        """True while ``exclude`` is botlint's own list (the user set none)."""
        return list(self.exclude) == list(DEFAULT_EXCLUDE)

    def user_excludes(self) -> List[str]:
        """The excludes the user wrote (config or command line); --force-exclude applies only these."""
        own = [] if self.exclude_is_default() else list(self.exclude)
        return own + list(self.extend_exclude)

    def validate(self) -> None:
        """Raise a ConfigError naming the key for anything ``resolve`` would refuse: unknown
        selectors, a bad severity level, a placeholder that is not a regex.  Changes nothing."""
        select_rules(self.layers())
        for pattern, codes in self.per_file_ignores.items():
            for c in codes:
                _expand(c, f"[tool.botlint] per-file-ignores.{pattern!r}")
        if self.severity_level not in SEVERITY_LEVELS:
            raise ConfigError(f"severity-level: expected one of {', '.join(SEVERITY_LEVELS)}, "
                              f"got {shown(self.severity_level)}{did_you_mean(self.severity_level, SEVERITY_LEVELS)}")
        for p in self.secrets.allowed_placeholders:
            try:
                re.compile(p)
            except re.error as e:
                raise ConfigError(f"secrets.allowed-placeholders: bad regex {p!r}: {e}") from None

    # kept for callers written against 0.1, when the engine needed ``enabled`` set on the
    # settings: validating is all that is left to do (``resolve`` derives the rest)
    resolve_rules = validate

    def cache_key(self) -> str:
        return resolve(self).cache_key()


# -- the frozen run configuration ---------------------------------------------------------

@dataclass(frozen=True)
class SecretsConfig:
    """``[tool.botlint.secrets]`` as the secrets pass and BOT1 read it (lists made tuples)."""

    base64_limit: float = 3.5
    hex_limit: float = 2.8
    entropy_base64_limit: float = 4.5
    entropy_hex_limit: float = 3.0
    allowed_placeholders: Tuple[str, ...] = ()
    allowlist_markers: Tuple[str, ...] = ()


@dataclass(frozen=True)
class RunConfig:
    """Everything a worker needs to lint a file, resolved once per run and never changed:
    ``resolve(settings)`` builds it, the engine, the workers and every rule's ``ctx.settings``
    read it.  ``Settings`` is the parsing stage (config file, then command line); this is what
    the run uses."""

    enabled: FrozenSet[str]
    secrets: SecretsConfig = field(default_factory=SecretsConfig)
    permission_checks: Tuple[str, ...] = ()
    max_file_size: int = 2_000_000
    root: str = "."
    ignore_noqa: bool = False
    # (glob, codes it ignores, expanded) in the order written
    per_file_ignores: Tuple[Tuple[str, FrozenSet[str]], ...] = ()
    severity_level: str = "low"
    link: bool = True
    # botlint audit: collect each file's capability summary (FileResult.capabilities)
    capabilities: bool = False

    def cache_key(self) -> str:
        """Everything that changes what a file's findings are (not where they are shown)."""
        data = {
            "enabled": sorted(self.enabled),
            "secrets": {k: list(v) if isinstance(v, tuple) else v for k, v in vars(self.secrets).items()},
            "permission_checks": list(self.permission_checks),
            "max_file_size": self.max_file_size,
            "ignore_noqa": self.ignore_noqa,
            "per_file_ignores": {g: sorted(c) for g, c in self.per_file_ignores},
            "root": os.path.realpath(self.root) if self.per_file_ignores else "",
            "link": self.link,
        }
        if self.capabilities:  # only audit runs: check runs keep their cache keys
            data["capabilities"] = True
        return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()[:16]

    def restricted(self, keep: Callable[[str], bool]) -> "RunConfig":
        """The same run with only the enabled codes ``keep`` accepts (history: BOT1 only)."""
        return replace(self, enabled=frozenset(c for c in self.enabled if keep(c)))


def resolve(settings: "Optional[Settings | RunConfig]" = None) -> RunConfig:
    """The run configuration of ``settings`` (default: botlint's defaults); a RunConfig is
    returned as it is.  Raises ConfigError as ``Settings.validate`` does."""
    if isinstance(settings, RunConfig):
        return settings
    if settings is None:
        settings = Settings()
    settings.validate()
    sec = settings.secrets
    return RunConfig(
        enabled=frozenset(select_rules(settings.layers())),
        secrets=SecretsConfig(sec.base64_limit, sec.hex_limit, sec.entropy_base64_limit,
                              sec.entropy_hex_limit, tuple(sec.allowed_placeholders),
                              tuple(sec.allowlist_markers)),
        permission_checks=tuple(settings.permission_checks),
        max_file_size=settings.max_file_size,
        root=settings.root,
        ignore_noqa=settings.ignore_noqa,
        per_file_ignores=tuple(
            (pattern, frozenset().union(*[_expand(c, f"[tool.botlint] per-file-ignores.{pattern!r}")
                                          for c in codes]))
            for pattern, codes in settings.per_file_ignores.items()),
        severity_level=settings.severity_level,
        link=settings.link,
    )


_SCHEMA = {
    "select": "codes",
    "ignore": "codes",
    "extend-select": "codes",
    "exclude": "strs",
    "extend-exclude": "strs",
    "per-file-ignores": "globmap",
    "secrets": "table",
    "permission-checks": "strs",
    "max-file-size": "int",
    "severity-level": "level",
    "baseline": "str",
    "link": "bool",
}
_SECRETS_SCHEMA = {
    "base64-limit": "float",
    "hex-limit": "float",
    "entropy-base64-limit": "float",
    "entropy-hex-limit": "float",
    "allowed-placeholders": "strs",
    "allowlist-markers": "strs",
}


def _check(key: str, kind: str, value: Any) -> Any:
    def bad(what: str) -> ConfigError:
        return ConfigError(f"[tool.botlint] {key}: expected {what}, got {type(value).__name__}")

    if kind in ("codes", "strs"):
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise bad("a list of strings")
        return list(value)
    if kind == "globmap":
        if not isinstance(value, dict):
            raise bad("a table of glob = [codes]")
        out = {}
        for g, codes in value.items():
            if not isinstance(codes, list) or not all(isinstance(c, str) for c in codes):
                raise ConfigError(f"[tool.botlint] {key}.{g!r}: expected a list of rule codes")
            out[g] = list(codes)
        return out
    if kind == "int":
        if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
            raise bad("a positive integer")
        return value
    if kind == "float":
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 < value <= 8:
            raise bad("a number between 0 and 8")
        return float(value)
    if kind == "level":
        if not isinstance(value, str):
            raise bad("one of " + ", ".join(SEVERITY_LEVELS))
        if value.lower() not in SEVERITY_LEVELS:
            raise ConfigError(f"[tool.botlint] {key}: expected one of {', '.join(SEVERITY_LEVELS)}, "
                              f"got {shown(value)}{did_you_mean(value.lower(), SEVERITY_LEVELS)}")
        return value.lower()
    if kind == "str":
        if not isinstance(value, str) or not value.strip():
            raise bad("a non-empty string")
        return value
    if kind == "bool":
        if not isinstance(value, bool):
            raise bad("true or false")
        return value
    if kind == "table":
        if not isinstance(value, dict):
            raise bad("a table")
        return value
    raise AssertionError(kind)  # pragma: no cover


def find_pyproject(start: Path) -> Optional[Path]:
    start = start.resolve()
    for d in (start, *start.parents):
        candidate = d / "pyproject.toml"
        if candidate.is_file():
            try:
                data = _load_toml(candidate)
            except InvalidTOML:
                raise  # as in ruff: a broken pyproject.toml is an error, never silently skipped
            except ConfigError:
                continue  # unreadable (permissions): look further up
            tool = data.get("tool")
            if isinstance(tool, dict) and "botlint" in tool:
                return candidate
    return None


_TOML_POS = re.compile(r"\s*\(at line (\d+), column (\d+)\)\s*$")
_TOML_END = re.compile(r"\s*\(at end of document\)\s*$")


def _load_toml(path: Path) -> Dict[str, Any]:
    """The parsed file, or a one-line ConfigError naming the file, line, column and problem."""
    try:
        with open(path, "rb") as fh:
            raw = fh.read()
    except OSError as e:
        raise ConfigError(f"cannot read {path}: {e.strerror}") from None
    tomllib = _tomllib()
    try:
        return tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as e:
        bad_line = raw.count(b"\n", 0, e.start) + 1
        raise InvalidTOML(f"{path}:{bad_line}: invalid TOML: not valid UTF-8") from None
    except tomllib.TOMLDecodeError as e:
        # tomllib puts the position in the message (3.14 adds lineno/colno attributes)
        msg = str(e).splitlines()[0] if str(e) else "parse error"
        line = getattr(e, "lineno", None)
        col = getattr(e, "colno", None)
        m = _TOML_POS.search(msg)
        at_end = _TOML_END.search(msg)
        if m:
            line, col = int(m.group(1)), int(m.group(2))
            msg = msg[: m.start()]
        elif at_end:
            line = raw.count(b"\n") + (0 if raw.endswith(b"\n") else 1)
            msg = msg[: at_end.start()] + " at end of file"
        where = f"{path}:{line}:{col}" if line and col else f"{path}:{line}" if line else str(path)
        raise InvalidTOML(f"{where}: invalid TOML: {getattr(e, 'msg', None) or msg}") from None


def load_settings(config_file: Optional[str] = None, isolated: bool = False, cwd: Optional[str] = None) -> Settings:
    settings = Settings()
    if isolated:
        return settings
    from pathlib import Path  # looking for a configuration file

    path: Optional[Path]
    if config_file:
        path = Path(config_file)
        if not path.is_file():
            raise ConfigError(f"config file not found: {config_file}")
    else:
        path = find_pyproject(Path(cwd or os.getcwd()))
    if path is None:
        return settings
    data = _load_toml(path)
    tool = data.get("tool")
    if isinstance(tool, dict) and "botlint" in tool:
        table = tool["botlint"]  # pyproject.toml, or a botlint.toml written like one
    else:
        table = {} if path.name == "pyproject.toml" else data
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: [tool.botlint] must be a table")
    try:
        apply_table(settings, table, source=str(path))
        settings.validate()  # the file's own selectors, so that an error names the file
    except ConfigError as e:
        # as ruff does: the file first (the one in use may sit in a parent directory)
        raise ConfigError(f"{path}: {e}") from None
    settings.root = str(path.parent)
    settings.config_file = str(path)
    if settings.baseline is not None:  # relative to the config file's directory
        settings.baseline = os.path.abspath(os.path.join(path.parent, settings.baseline))
    return settings


def shown(value: str) -> str:
    """``value`` (from a config file or the command line) quoted for an error line, unless it
    looks like a secret, a key pasted into the wrong place: then only its length, since botlint
    never prints a secret value, not even in an error."""
    from .analysis.values import looks_random

    if len(value) > 40 or looks_random(value, min_len=12):
        return f"a {len(value)}-character value"
    return repr(value)


def did_you_mean(word: str, known: Iterable[str]) -> str:
    import difflib  # an error path only

    close = difflib.get_close_matches(word, list(known), n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


def apply_table(settings: Settings, table: Dict[str, Any], source: str = "config file") -> None:
    for key, value in table.items():
        if key not in _SCHEMA:
            raise ConfigError(f"[tool.botlint]: unknown key {shown(key)}{did_you_mean(key, _SCHEMA)}")
        value = _check(key, _SCHEMA[key], value)
        if key == "secrets":
            for skey, svalue in value.items():
                if skey not in _SECRETS_SCHEMA:
                    raise ConfigError(f"[tool.botlint.secrets]: unknown key {shown(skey)}"
                                      f"{did_you_mean(skey, _SECRETS_SCHEMA)}")
                svalue = _check(f"secrets.{skey}", _SECRETS_SCHEMA[skey], svalue)
                setattr(settings.secrets, skey.replace("-", "_"), svalue)
                settings.sources[f"secrets.{skey}"] = source
        else:
            setattr(settings, key.replace("-", "_"), value)
            settings.sources[key] = source


# -- rule selection -----------------------------------------------------------------------

def known_selectors() -> List[str]:
    from . import registry

    rules = [registry.info(c) for c in sorted(registry.expand("ALL"))]
    return ["ALL"] + [r.CODE for r in rules] + [r.NAME for r in rules]


def _expand(selector: str, where: str) -> Set[str]:
    from . import registry

    try:
        return registry.expand(selector)
    except registry.SelectorError:
        hint = did_you_mean(selector.strip(), known_selectors())
        if not hint and selector.strip().upper() != selector.strip():
            hint = did_you_mean(selector.strip().upper(), known_selectors())
        raise ConfigError(f"{where}: unknown rule selector {shown(selector)}{hint}") from None


def _specificity(selector: str) -> int:
    """ruff's Specificity: ALL < BOT < BOT1 < BOT10 < BOT101 (a rule's name counts as its code)."""
    from . import registry

    sel = selector.strip()
    if sel.upper() == "ALL":
        return 0
    try:
        registry.info(sel)
        return 4  # one rule, by code or by name
    except KeyError:
        pass
    digits = sel[3:] if sel.upper().startswith("BOT") else sel
    return min(3, 1 + len(digits))  # "BOT" -> 1, "BOT1" -> 2, "BOT10" -> 3


def _for_select(selector: str, where: str) -> Set[str]:
    """Opt-in rules (DEFAULT_ENABLED = False) are enabled only when named exactly, by code or
    name; ``ALL`` and prefixes such as ``BOT1`` leave them out, as ruff does with preview rules.
    ``ignore`` removes them by any selector."""
    from . import registry

    codes = _expand(selector, where)
    if _specificity(selector) == 4:
        return codes
    return {c for c in codes if registry.info(c).DEFAULT_ENABLED}


def _where(layer: RuleSelection, key: str) -> str:
    return f"--{key}" if layer.where == "command line" else f"{layer.where} {key}"


def select_rules(layers: Sequence[RuleSelection]) -> Set[str]:
    """The enabled codes after applying each layer in order, lowest priority first (ruff's
    ``Configuration::as_rule_table``): start from the default set; a layer's ``select`` (when
    given) replaces the set, its ``extend-select``/``ignore`` adjust it; inside a layer the more
    specific selector wins, and at equal specificity ``ignore`` wins.  A layer with an empty
    ``select`` and only ``ignore`` carries its ignores over to the next layer, as in ruff."""
    from . import registry

    enabled = {c for c in registry.expand("ALL") if registry.info(c).DEFAULT_ENABLED}
    carried: List[Tuple[str, str]] = []
    for layer in layers:
        ignores = [(s, _where(layer, "ignore")) for s in layer.ignore] + carried
        carried = []
        selects = ([(s, _where(layer, "select")) for s in layer.select or []]
                   + [(s, _where(layer, "extend-select")) for s in layer.extend_select])
        updates: Dict[str, bool] = {}
        for spec in range(5):
            for s, where in selects:
                if _specificity(s) == spec:
                    for c in _for_select(s, where):
                        updates[c] = True
            for s, where in ignores:
                if _specificity(s) == spec:
                    for c in _expand(s, where):
                        updates[c] = False
        if layer.select is not None:
            enabled = {c for c, on in updates.items() if on}
            if not layer.select and not layer.extend_select and layer.ignore:
                carried = [(s, _where(layer, "ignore")) for s in layer.ignore]
        else:
            for c, on in updates.items():
                if on:
                    enabled.add(c)
                else:
                    enabled.discard(c)
    return enabled


def merge_cli(settings: Settings, *, select: Optional[Sequence[str]] = None, ignore: Sequence[str] = (),
              extend_select: Sequence[str] = (), extend_exclude: Sequence[str] = (),
              ignore_noqa: bool = False, severity_level: Optional[str] = None,
              baseline: Optional[str] = None, no_link: bool = False) -> Settings:
    """The command line as the top layer: its rule selection is a layer of its own (the file
    cannot narrow it), the rest overrides or extends the file's values."""
    cli = "command line"
    if select is not None or ignore or extend_select:
        settings.cli_selection = RuleSelection(None if select is None else list(select), list(ignore),
                                               list(extend_select), where="command line")
        for key, value in (("select", select), ("ignore", ignore), ("extend-select", extend_select)):
            if value:
                settings.sources[f"--{key}"] = cli
    if extend_exclude:
        settings.extend_exclude = list(settings.extend_exclude) + list(extend_exclude)
        settings.sources["extend-exclude"] = (settings.sources["extend-exclude"] + " + " + cli
                                              if "extend-exclude" in settings.sources else cli)
    if ignore_noqa:
        settings.ignore_noqa = True
        settings.sources["ignore-noqa"] = cli
    if severity_level is not None:
        settings.severity_level = severity_level
        settings.sources["severity-level"] = cli
    if baseline is not None:  # relative to the working directory
        settings.baseline = os.path.abspath(baseline)
        settings.sources["baseline"] = cli
    if no_link:
        settings.link = False
        settings.sources["link"] = cli
    settings.validate()
    return settings


def describe(settings: Settings) -> str:
    """``--show-settings``: every resolved value and where it came from (default, the config
    file's path, or the command line).  Values are JSON-quoted, so nothing from a config file
    can break a line, and a ``##[`` (GitHub's old workflow-command syntax, read anywhere in a
    log line) is written ``#\\u0023[``, the same JSON string; the source path goes through
    ``terminal_text``.  Settings hold no secret values."""
    from .report.safe import terminal_text

    rows: List[Tuple[str, Any, str]] = [("config-file", settings.config_file, "")]
    keys: List[Tuple[str, Any]] = [("select", settings.select), ("ignore", settings.ignore),
                                   ("extend-select", settings.extend_select)]
    if settings.cli_selection is not None:
        cli = settings.cli_selection
        keys += [(k, v) for k, v in (("--select", cli.select), ("--ignore", cli.ignore),
                                     ("--extend-select", cli.extend_select)) if v]
    keys += [("exclude", settings.exclude), ("extend-exclude", settings.extend_exclude),
             ("per-file-ignores", settings.per_file_ignores), ("permission-checks", settings.permission_checks),
             ("max-file-size", settings.max_file_size), ("severity-level", settings.severity_level),
             ("--ignore-noqa", settings.ignore_noqa), ("baseline", settings.baseline), ("link", settings.link)]
    keys += [(f"secrets.{k.replace('_', '-')}", v) for k, v in vars(settings.secrets).items()]
    for key, value in keys:
        # --ignore-noqa is a command-line flag only (a downloaded bot's config must not be able
        # to turn it off): shown under its flag's name, never as a config key
        if key == "--ignore-noqa":
            source = settings.sources.get("ignore-noqa", "command line only, off")
        else:
            source = settings.sources.get(key, "default")
        rows.append((key, value, source))
    rows.append(("enabled-rules", sorted(resolve(settings).enabled), "resolved"))
    lines = []
    for key, value, source in rows:
        text = json.dumps(value).replace("##[", "#\\u0023[")
        lines.append(f"{key} = {text}" + (f"  # {terminal_text(source)}" if source else ""))
    return "\n".join(lines) + "\n"
