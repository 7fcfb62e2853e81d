"""Cheap checks that README.md names only options and configuration keys botlint accepts."""
from __future__ import annotations

import os
import re

from botlint.cli import main
from botlint.config import load_settings

README = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "README.md")

# options README quotes from git, from scanned files (`--flag value`) or of history/baseline only
NOT_CHECK_OPTIONS = {"--since", "--all", "--from-detect-secrets", "--no-ext-diff", "--no-textconv",
                     "--text", "--format", "--help", "--flag"}


def _readme() -> str:
    with open(README, encoding="utf-8") as f:
        return f.read()


def _check_help(capsys) -> str:
    try:
        main(["--help"])
    except SystemExit:
        pass
    out = capsys.readouterr().out
    assert "--select" in out
    return out


def test_every_check_option_in_readme_exists(capsys):
    help_text = _check_help(capsys)
    named = set(re.findall(r"`(--[a-z][a-z-]*)", _readme()))
    missing = sorted(o for o in named - NOT_CHECK_OPTIONS if o not in help_text)
    assert not missing, f"README names options `botlint --help` does not have: {missing}"


def test_every_check_option_is_in_readme(capsys):
    help_text = _check_help(capsys)
    options = set(re.findall(r"(?<![\w-])(--[a-z][a-z-]*)", help_text)) - {"--help", "--all"}
    missing = sorted(o for o in options if o not in _readme())
    assert not missing, f"README does not mention: {missing}"


def test_readme_configuration_example_is_accepted(tmp_path):
    text = _readme()
    start = text.index("```toml\n[tool.botlint]")
    block = text[start + len("```toml\n"):text.index("```", start + 3)]
    (tmp_path / "pyproject.toml").write_text(block, encoding="utf-8")
    settings = load_settings(cwd=str(tmp_path))
    assert settings is not None
