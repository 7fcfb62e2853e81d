"""The generated start-up indexes (``python scripts/gen_index.py``) match the code they describe:
the rule index (``botlint.rules._index``) the rule classes, the denylist table
(``botlint.secrets._ds_index``) the installed detect-secrets plugins; and the gates the index
names are the rules' own ``PRECHECK`` objects, importable without libcst."""
from __future__ import annotations

import importlib.util
import os
import subprocess
import sys

import pytest

from botlint import registry

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SCRIPT = os.path.join(ROOT, "scripts", "gen_index.py")


def _generator():
    spec = importlib.util.spec_from_file_location("gen_index", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def gen():
    return _generator()


def test_the_committed_indexes_are_up_to_date(gen):
    for path, text in gen.outputs().items():
        with open(path, encoding="utf-8") as fh:
            committed = fh.read()
        assert committed == text, f"{os.path.relpath(path, ROOT)} is stale: run {gen.COMMAND}"


def test_every_rule_reads_the_same_from_the_index_and_its_class():
    index = registry._index()
    classes = {r.CODE: r for r in registry.all_rules()}
    assert set(index) == set(classes)
    for code, entry in index.items():
        cls = classes[code]
        for attr in ("NAME", "SEVERITY", "CONFIDENCE", "CWE", "MESSAGE", "DEFAULT_ENABLED", "SECRET", "IN_TESTS",
                     "SOURCE"):
            assert getattr(entry, attr) == getattr(cls, attr), (code, attr)
        assert entry.codes() == cls.codes() and tuple(entry.ANALYSES) == tuple(cls.ANALYSES), code
        assert entry.walks() == cls.walks(), code
        assert (entry.MODULE, entry.CLASS) == (cls.__module__, cls.__name__), code
        assert entry.rule() is cls
        if entry.GATE is None:
            assert not cls.walks() or cls.PRECHECK is None, code
        else:
            assert registry.gate(entry.GATE) is cls.PRECHECK, code


def test_the_generator_refuses_a_gate_outside_botlint_gates(gen, monkeypatch):
    import re

    cls = registry.get("BOT505")
    monkeypatch.setattr(cls, "PRECHECK", re.compile("clipboard"))
    with pytest.raises(gen.GenError, match="not an object defined in botlint.gates"):
        gen.build_rules()


def test_a_stale_index_names_the_command(gen, tmp_path, monkeypatch):
    stale = tmp_path / "_index.py"
    stale.write_text("RULES = {}\n")
    monkeypatch.setattr(gen, "RULES_FILE", str(stale))
    monkeypatch.setattr(gen, "DS_FILE", str(tmp_path / "_ds_index.py"))
    assert gen.main(["--check"]) == 1


def test_the_gates_import_no_libcst():
    code = ("import sys, pkgutil, importlib, botlint.gates as g\n"
            "for m in pkgutil.iter_modules(g.__path__): importlib.import_module('botlint.gates.' + m.name)\n"
            "import botlint.rules._index, botlint.secrets._ds_index, botlint.context, botlint.registry\n"
            "print(sorted(m for m in ('libcst', 'detect_secrets') if m in sys.modules))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
