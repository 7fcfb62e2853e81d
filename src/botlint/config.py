"""``[tool.botlint]`` from the nearest pyproject.toml; CLI > file > defaults.

Unknown keys and wrong types are errors that name the key (exit 2), as ruff does: a typo in a
security tool's config must not silently turn a rule off.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence, Set

if sys.version_info >= (3, 11):  # pragma: no cover - depends on interpreter
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib


class ConfigError(ValueError):
    pass


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


@dataclass
class Settings:
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
    enabled: Set[str] = field(default_factory=set)

    def resolve_rules(self) -> None:
        from . import registry

        try:
            self.enabled = registry.resolve(self.select, self.ignore, self.extend_select)
            for pattern, codes in self.per_file_ignores.items():
                for c in codes:
                    registry.expand(c)
        except registry.SelectorError as e:
            raise ConfigError(str(e)) from None
        for p in self.secrets.allowed_placeholders:
            try:
                re.compile(p)
            except re.error as e:
                raise ConfigError(f"secrets.allowed-placeholders: bad regex {p!r}: {e}") from None

    def cache_key(self) -> str:
        """Everything that changes what a file's findings are (not where they are shown)."""
        data = {
            "enabled": sorted(self.enabled),
            "secrets": vars(self.secrets),
            "permission_checks": self.permission_checks,
            "max_file_size": self.max_file_size,
            "ignore_noqa": self.ignore_noqa,
            "per_file_ignores": self.per_file_ignores,
            "root": os.path.realpath(self.root) if self.per_file_ignores else "",
        }
        return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()[:16]


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
                with open(candidate, "rb") as fh:
                    data = tomllib.load(fh)
            except (OSError, tomllib.TOMLDecodeError):
                continue
            if "botlint" in data.get("tool", {}):
                return candidate
    return None


def load_settings(config_file: Optional[str] = None, isolated: bool = False, cwd: Optional[str] = None) -> Settings:
    settings = Settings()
    path: Optional[Path]
    if isolated:
        path = None
    elif config_file:
        path = Path(config_file)
        if not path.is_file():
            raise ConfigError(f"config file not found: {config_file}")
    else:
        path = find_pyproject(Path(cwd or os.getcwd()))
    if path is None:
        return settings
    try:
        with open(path, "rb") as fh:
            data = tomllib.load(fh)
    except OSError as e:
        raise ConfigError(f"cannot read {path}: {e.strerror}") from None
    except tomllib.TOMLDecodeError as e:
        raise ConfigError(f"{path}: invalid TOML: {e}") from None
    table = data.get("tool", {}).get("botlint") if path.name == "pyproject.toml" else data
    if table is None and path.name == "pyproject.toml":
        table = {}
    if table is None:
        table = {}
    if "tool" in table and isinstance(table["tool"], dict) and "botlint" in table["tool"]:
        table = table["tool"]["botlint"]  # a standalone botlint.toml written like pyproject
    apply_table(settings, table)
    settings.root = str(path.parent)
    settings.config_file = str(path)
    return settings


def apply_table(settings: Settings, table: Dict[str, Any]) -> None:
    for key, value in table.items():
        if key not in _SCHEMA:
            raise ConfigError(f"[tool.botlint]: unknown key {key!r}")
        value = _check(key, _SCHEMA[key], value)
        if key == "secrets":
            for skey, svalue in value.items():
                if skey not in _SECRETS_SCHEMA:
                    raise ConfigError(f"[tool.botlint.secrets]: unknown key {skey!r}")
                svalue = _check(f"secrets.{skey}", _SECRETS_SCHEMA[skey], svalue)
                setattr(settings.secrets, skey.replace("-", "_"), svalue)
        else:
            setattr(settings, key.replace("-", "_"), value)


def merge_cli(settings: Settings, *, select: Optional[Sequence[str]] = None, ignore: Sequence[str] = (),
              extend_select: Sequence[str] = (), extend_exclude: Sequence[str] = (),
              ignore_noqa: bool = False) -> Settings:
    if select is not None:
        settings.select = list(select)
    settings.ignore = list(settings.ignore) + list(ignore)
    settings.extend_select = list(settings.extend_select) + list(extend_select)
    settings.extend_exclude = list(settings.extend_exclude) + list(extend_exclude)
    settings.ignore_noqa = settings.ignore_noqa or ignore_noqa
    settings.resolve_rules()
    return settings
