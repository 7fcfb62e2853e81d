"""Rule selection as in ruff: the command line is a layer the config file cannot narrow, and
inside a layer the more specific selector wins (ignore wins a tie)."""
from __future__ import annotations

import pytest

from botlint.cli import main
from botlint.config import ConfigError, RuleSelection, select_rules

DEFAULT = select_rules([RuleSelection()])


def sel(*layers):
    return select_rules([RuleSelection(*layer) for layer in layers])


def test_default_layer_is_every_default_rule_and_no_opt_in():
    assert "BOT101" in DEFAULT and "BOT401" in DEFAULT and "BOT110" not in DEFAULT


def test_command_line_select_is_not_narrowed_by_the_file():
    file_layer = (None, ["BOT105"])
    assert "BOT105" not in sel(file_layer)
    assert sel(file_layer, (["BOT105"],)) == {"BOT105"}
    assert "BOT105" in sel(file_layer, (None, [], ["BOT105"]))  # --extend-select too
    # a file's select is replaced, not intersected
    assert sel((["BOT2"],), (["BOT101"],)) == {"BOT101"}


def test_more_specific_selector_wins_inside_a_layer():
    assert sel((["BOT101"], ["BOT1"])) == {"BOT101"}
    bot1 = sel((["BOT1"], ["BOT101"]))
    assert "BOT101" not in bot1 and "BOT102" in bot1
    assert sel((["BOT10"], ["BOT1"])) == {c for c in DEFAULT if c.startswith("BOT10")}
    # names count as codes
    assert sel((["hardcoded-api-credential"], ["BOT1"])) == {"BOT101"}
    # ALL is the least specific of all
    assert "BOT2" not in {c[:4] for c in sel((["ALL"], ["BOT2"]))}
    assert sel((["BOT2"], ["ALL"])) == {c for c in DEFAULT if c.startswith("BOT2")}


def test_ignore_wins_at_equal_specificity():
    assert sel((["BOT101"], ["BOT101"])) == set()
    assert sel((["BOT1"], ["BOT1"])) == set()


def test_lower_layer_adjustments_survive_when_the_top_has_no_select():
    both = sel((["BOT1"], ["BOT102"]), (None, ["BOT103"]))
    assert "BOT101" in both and "BOT102" not in both and "BOT103" not in both
    assert "BOT201" not in both


def test_opt_in_rules_only_by_exact_code_or_name():
    assert "BOT110" not in sel((["ALL"],)) and "BOT110" not in sel((["BOT1"],))
    assert "BOT110" in sel((None, [], ["BOT110"]))
    assert "BOT110" in sel((["high-entropy-string"],))
    # an ignore removes it by any selector
    assert "BOT110" not in sel((None, [], ["BOT110"]), (None, ["BOT1"]))


def test_empty_select_with_ignores_carries_them_to_the_next_layer():
    # ruff's carry-over: `select = []` plus ignores, then a layer without select
    assert "BOT101" not in sel(([], ["BOT101"]), (None, [], ["BOT1"]))


def test_unknown_selector_suggests_the_nearest():
    with pytest.raises(ConfigError, match=r"--select: unknown rule selector 'hardcoded-api-credentail' "
                                          r"\(did you mean 'hardcoded-api-credential'\?\)"):
        select_rules([RuleSelection(["hardcoded-api-credentail"], where="command line")])
    with pytest.raises(ConfigError, match=r"\[tool.botlint\] ignore: .*'BOT1O1'"):
        select_rules([RuleSelection(None, ["BOT1O1"])])




def rc(capsys, *argv):
    code = main(list(argv))
    capsys.readouterr()
    return code


def test_cli_over_pyproject(project, capsys):
    (project / "pyproject.toml").write_text("[tool.botlint]\nignore = ['BOT101']\n")
    assert rc(capsys, "bot.py") == 0
    assert rc(capsys, "--select", "BOT101", "bot.py") == 1
    assert rc(capsys, "--extend-select", "BOT101", "bot.py") == 1
    assert rc(capsys, "--select", "BOT101", "--ignore", "BOT1", "bot.py") == 1
    (project / "pyproject.toml").write_text("[tool.botlint]\nselect = ['BOT1']\nignore = ['BOT101']\n")
    assert rc(capsys, "bot.py") == 0


def test_per_file_ignores_are_not_overridden_by_the_command_line(project, capsys):
    (project / "pyproject.toml").write_text("[tool.botlint]\nper-file-ignores = {'bot.py' = ['BOT1']}\n")
    assert rc(capsys, "--select", "BOT101", "bot.py") == 0
