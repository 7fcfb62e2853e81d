from __future__ import annotations

import os

from botlint.docs import BEGIN, END, rule_table

from conftest import ROOT


def _readme():
    with open(os.path.join(ROOT, "README.md"), encoding="utf-8") as fh:
        return fh.read()


def test_readme_rule_table_is_generated_and_current():
    text = _readme()
    table = text.split(BEGIN, 1)[1].split(END, 1)[0].strip()
    assert table == rule_table().strip(), "run: python -m botlint.docs"


def test_readme_starts_with_the_two_setup_commands():
    block = _readme().split("```sh", 1)[1].split("```", 1)[0].strip().splitlines()
    assert block == [
        "python3 -m venv .venv && . .venv/bin/activate && python -m pip install . && botlint fixtures/demo_bot/",
        "python -m pip install -e '.[test]' && python -m pytest",
    ]
    assert os.path.isdir(os.path.join(ROOT, "fixtures", "demo_bot"))
