"""The link step across modules (LINK.md): a toy analysis and a toy rule registered by the
test show the engine's side end to end: export/wants after the walk, the index by dotted
suffix, closure through LINKERS, targeted re-lint with only the wanted facts, the cache of
both phases, serial == parallel, the pre-commit lookup, and ``link = false``."""
from __future__ import annotations

from typing import Dict, List, Tuple

import libcst as cst
import pytest

from botlint import analysis, registry
from botlint.analysis.imports import dotted
from botlint.engine import lint_paths
from botlint.engine.link import ModuleIndex, ProjectExports, module_name
from botlint.paths import Roots
from botlint.rule import Rule

from helpers import settings

CODE = "BOT098"


class ToyAnalysis(cst.BatchableCSTVisitor):
    """Top-level functions that print (``{"sink": "print"}``) or call imported functions
    (``{"calls": [...]}``); wants every imported name the module calls."""

    made = 0

    def __init__(self, ctx) -> None:
        super().__init__()
        ToyAnalysis.made += 1
        self.ctx = ctx
        self.defs: Dict[str, dict] = {}
        self.calls: List[Tuple[str, cst.Call]] = []
        self.stack: List[str] = []
        ctx.shared["toy"] = self

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        self.stack.append(node.name.value)
        if len(self.stack) == 1:
            self.defs[node.name.value] = {"calls": []}

    def leave_FunctionDef(self, original_node: cst.FunctionDef) -> None:
        self.stack.pop()

    def visit_Call(self, node: cst.Call) -> None:
        name = dotted(node.func)
        if name == "print" and self.stack:
            self.defs[self.stack[0]]["sink"] = "print"
            return
        qualified = self.ctx.qualified(node.func)
        if qualified:
            if self.stack:
                self.defs[self.stack[0]]["calls"].append(qualified)
            else:
                self.calls.append((qualified, node))

    def export(self) -> dict:
        return self.defs

    def wants(self) -> List[str]:
        return sorted({q for q, _ in self.calls})


def close(exports: ProjectExports) -> Dict[str, dict]:
    """A function that calls a printing function of another module prints too."""
    out = {m: {f: dict(facts) for f, facts in defs.items()} for m, defs in exports.items()}
    for _ in range(10):
        changed = False
        for defs in out.values():
            for facts in defs.values():
                if "sink" in facts:
                    continue
                for q in facts.get("calls", ()):
                    hit = exports.split(q)
                    if hit and "sink" in out.get(hit[0], {}).get(hit[1], {}):
                        facts["sink"] = "print"
                        changed = True
        if not changed:
            break
    return out


class ToyRule(Rule):
    """Toy.

    ## What it does
    Reports a call of another module's function that prints.
    """

    ABSTRACT = True  # registered by the fixture only
    CODE = CODE
    NAME = "toy-linked-print"
    MESSAGE = "Calls a function that prints"
    ANALYSES = ("toy",)

    def leave_Module(self, original_node: cst.Module) -> None:
        toy = self.ctx.shared["toy"]
        for qualified, call in toy.calls:
            facts = self.ctx.linked.get("toy", {}).get(qualified)
            if facts and facts.get("sink") == "print":
                self.report(call, f"{qualified}() prints its argument ({facts['path']}, module {facts['module']})")


@pytest.fixture
def toy(monkeypatch, tmp_path):
    monkeypatch.setitem(analysis.ANALYSES, "toy", ToyAnalysis)
    monkeypatch.setitem(analysis.LINKERS, "toy", close)
    monkeypatch.setitem(registry._RULES, CODE, ToyRule)
    monkeypatch.setitem(registry._NAMES, ToyRule.NAME, CODE)
    monkeypatch.setattr(registry, "_walking", list(registry.walking_rules()) + [ToyRule])
    monkeypatch.chdir(tmp_path)
    ToyAnalysis.made = 0
    return tmp_path


def project(root, extra: int = 0, pad: int = 0):
    pkg = root / "src" / "pkg"
    pkg.mkdir(parents=True)
    (pkg / "__init__.py").write_text("")
    (pkg / "a.py").write_text("def shout(x):\n    print(x)\n\n\ndef quiet(x):\n    return x\n")
    (pkg / "b.py").write_text("from pkg.a import shout, quiet\n\nshout(1)\nquiet(2)\n")
    (pkg / "c.py").write_text("from .a import shout\n\n\ndef relay(x):\n    shout(x)\n")
    (pkg / "d.py").write_text("from . import c\nimport pkg.c as other\n\nc.relay(3)\nother.relay(4)\n")
    for i in range(extra):
        (pkg / f"m{i}.py").write_text("from pkg.c import relay\n\nrelay(5)\n" + "# padding\n" * pad)


def found(res):
    return sorted((f.path, f.line) for f in res.findings if f.code == CODE)


EXPECTED = [("src/pkg/b.py", 3), ("src/pkg/d.py", 4), ("src/pkg/d.py", 5)]


def test_module_names_and_the_suffix_index(tmp_path):
    roots = Roots(str(tmp_path))
    assert module_name(str(tmp_path / "src" / "bot" / "notify.py"), roots) == "bot.notify"
    assert module_name(str(tmp_path / "bot" / "__init__.py"), roots) == "bot"
    assert module_name(str(tmp_path / "bot" / "config.toml"), roots) == ""
    index = ModuleIndex(["bot.notify", "tools.notify", "bot.log"])
    assert index.find("log") == "bot.log" and index.find("notify") is None
    assert index.split("bot.notify.Notifier.send") == ("bot.notify", "Notifier.send")
    assert index.split("log.log_it") == ("bot.log", "log_it")
    exports = ProjectExports({"bot.log": {"log_it": {}}}, index)
    assert "log" in exports and exports["log"] == {"log_it": {}} and exports.get("nothing") is None


def test_relative_imports_resolve_against_the_module_name():
    from botlint.config import resolve
    from botlint.rule import FileContext

    def ctx(path, module):
        return FileContext(path=path, source="", settings=resolve(None), module_name=module)

    assert ctx("src/pkg/__init__.py", "pkg").absolute_module(1, "a") == "pkg.a"
    assert ctx("src/pkg/b.py", "pkg.b").absolute_module(1, "a") == "pkg.a"
    assert ctx("src/pkg/b.py", "pkg.b").absolute_module(1, None) == "pkg"
    assert ctx("src/pkg/sub/b.py", "pkg.sub.b").absolute_module(2, "a.x") == "pkg.a.x"
    assert ctx("src/pkg/b.py", "pkg.b").absolute_module(2, "x") is None  # beyond the top
    assert ctx("b.py", "").absolute_module(1, "x") is None


def test_a_finding_across_modules_only_when_linked(toy):
    project(toy)
    res = lint_paths(["src"], settings([CODE]), use_cache=False)
    assert found(res) == EXPECTED  # b: direct; d: relative import and alias, through c's relay
    message = next(f.message for f in res.findings if f.path == "src/pkg/b.py")
    assert message == "pkg.a.shout() prints its argument (src/pkg/a.py, module pkg.a)"
    assert found(lint_paths(["src"], settings([CODE], link=False), use_cache=False)) == []
    # per file, nothing is known of the other modules
    assert found(lint_paths(["src/pkg/b.py"], settings([CODE]), use_cache=False)) == []


def test_serial_equals_parallel(toy):
    project(toy, extra=8, pad=1500)
    serial = lint_paths(["src"], settings([CODE]), jobs=1, use_cache=False)
    parallel = lint_paths(["src"], settings([CODE]), jobs=2, use_cache=False)
    assert len(found(serial)) == len(EXPECTED) + 8
    assert [f.to_dict() for f in serial.findings] == [f.to_dict() for f in parallel.findings]


def test_the_cache_holds_both_phases_and_misses_when_an_export_changes(toy):
    project(toy)
    cache = str(toy / "cache")
    first = lint_paths(["src"], settings([CODE]), cache_dir=cache)
    assert found(first) == EXPECTED
    ToyAnalysis.made = 0
    second = lint_paths(["src"], settings([CODE]), cache_dir=cache)
    assert found(second) == EXPECTED and second.cached == second.files
    assert ToyAnalysis.made == 0  # neither phase walked a file again
    # a comment in a.py: a.py is linted again, its facts are the same, b's linked result holds
    commented = "# a comment\ndef shout(x):\n    print(x)\n\n\ndef quiet(x):\n    return x\n"
    (toy / "src" / "pkg" / "a.py").write_text(commented)
    ToyAnalysis.made = 0
    assert found(lint_paths(["src"], settings([CODE]), cache_dir=cache)) == EXPECTED
    assert ToyAnalysis.made == 1
    # shout no longer prints: the facts b and d were linted with changed, so they miss
    (toy / "src" / "pkg" / "a.py").write_text("def shout(x):\n    return x\n")
    assert found(lint_paths(["src"], settings([CODE]), cache_dir=cache)) == []


def test_a_run_over_a_few_files_uses_the_cached_exports_of_the_rest(toy):
    project(toy)
    cache = str(toy / "cache")
    # nothing cached yet: the other modules are not parsed for the lookup (the recall cost)
    assert found(lint_paths(["src/pkg/b.py"], settings([CODE]), cache_dir=cache)) == []
    lint_paths(["src"], settings([CODE]), cache_dir=cache)  # a full run fills the cache
    ToyAnalysis.made = 0
    res = lint_paths(["src/pkg/b.py", "src/pkg/d.py"], settings([CODE]), cache_dir=cache)
    assert found(res) == EXPECTED
    assert ToyAnalysis.made == 0  # b and d from the cache; a and c looked up, never parsed
    (toy / "src" / "pkg" / "a.py").write_text("def shout(x):\n    return x\n")  # a's entry is stale now
    assert found(lint_paths(["src/pkg/b.py"], settings([CODE]), cache_dir=cache)) == []


def test_a_wanted_module_is_walked_for_its_exports_even_when_no_rule_needs_it(toy, monkeypatch):
    """The per-file phase walks what its rules need; a module another module wants is walked
    afterwards for its exports alone (round by round: c wants a), and EXPORT_PRECHECK only
    narrows which of those are worth a walk."""
    import re

    project(toy, extra=2)
    monkeypatch.setattr(ToyRule, "PRECHECK", re.compile(r"^(?:shout|c\.relay)\(", re.M))  # b and d only
    assert found(lint_paths(["src"], settings([CODE]), use_cache=False)) == EXPECTED
    monkeypatch.setattr(ToyAnalysis, "EXPORT_PRECHECK", re.compile(r"nothing-matches-this"), raising=False)
    assert found(lint_paths(["src"], settings([CODE]), use_cache=False)) == []  # a and c never walked
    monkeypatch.setattr(ToyAnalysis, "EXPORT_PRECHECK", re.compile(r"print\(|relay"), raising=False)
    assert found(lint_paths(["src"], settings([CODE]), use_cache=False)) == EXPECTED


def test_exports_are_json_and_never_hold_a_random_looking_value(toy, monkeypatch, tmp_path):
    from botlint import fakes
    from botlint.engine import lint_bytes

    key = fakes.fake("alnum64", 40)
    monkeypatch.setattr(ToyAnalysis, "export", lambda self: {"f": {"label": "api_key", "value": key, "lines": (1, 2)}})
    res = lint_bytes("src/pkg/a.py", b"def f():\n    pass\n", "python", settings([CODE]), module_name="pkg.a")
    masked = f"<redacted: {len(key)} chars>"
    assert res.exports == {"toy": {"f": {"label": "api_key", "value": masked, "lines": [1, 2]}}}
    project(toy)
    cache = tmp_path / "cache"
    lint_paths(["src"], settings([CODE]), cache_dir=str(cache))
    stored = "".join(p.read_text() for p in cache.glob("cache-*.json"))
    assert '"x":{"toy"' in stored and key not in stored


def test_a_failing_linker_is_an_internal_error_and_the_run_goes_on(toy, monkeypatch):
    def broken(exports):
        raise RuntimeError("linker bug")

    monkeypatch.setitem(analysis.LINKERS, "toy", broken)
    project(toy)
    res = lint_paths(["src"], settings([CODE]), use_cache=False)
    assert len(res.errors) == 1 and "link step of 'toy'" in res.errors[0] and "linker bug" not in res.errors[0]
    assert found(res) == []


def test_no_link_on_the_command_line_and_in_the_config(toy, capsys):
    from botlint.cli import main

    project(toy)
    assert main(["--no-cache", "--format", "concise", "--select", CODE, "src"]) == 1
    assert "src/pkg/b.py:3" in capsys.readouterr().out
    assert main(["--no-cache", "--no-link", "--format", "concise", "--select", CODE, "src"]) == 0
    (toy / "pyproject.toml").write_text("[tool.botlint]\nlink = false\n")
    assert main(["--no-cache", "--format", "concise", "--select", CODE, "src"]) == 0


def test_the_lookup_looks_only_where_the_project_could_hold_the_name(toy, monkeypatch):
    from botlint.engine import link

    project(toy)
    (toy / "src" / "pkg" / "e.py").write_text("import json\nfrom pkg.a import shout\n\njson.dumps(1)\nshout(2)\n")
    cache = str(toy / "cache")
    lint_paths(["src"], settings([CODE]), cache_dir=cache)
    asked = []
    real = link.candidates
    monkeypatch.setattr(link, "candidates", lambda want, root: asked.append(want) or real(want, root))
    assert found(lint_paths(["src/pkg/e.py"], settings([CODE]), cache_dir=cache)) == [("src/pkg/e.py", 5)]
    assert asked == ["pkg.a.shout"]  # json.dumps: no json/ or json.py in the project, never looked for


def test_a_bug_in_the_link_step_keeps_the_per_file_findings(toy, monkeypatch):
    from botlint import fakes
    from botlint.engine import link

    def boom(*a, **k):
        raise RuntimeError("bug")

    monkeypatch.setattr(link, "plan", boom)
    project(toy)
    (toy / "src" / "pkg" / "keys.py").write_text(fakes.expand('API_SECRET = "{{fake:alnum64}}"\n'))
    res = lint_paths(["src"], settings([CODE, "BOT101"]), use_cache=False)
    assert len(res.errors) == 1 and res.errors[0].startswith("internal error in the link step (RuntimeError at ")
    assert [f.code for f in res.findings] == ["BOT101"] and found(res) == []


def test_a_script_style_import_finds_its_own_bots_module():
    """``import settings`` in ``grid/bot.py`` is ``grid/settings.py`` even when another bot of
    the tree has a ``settings.py`` (a script's directory is first on sys.path)."""
    from botlint.engine.link import ModuleIndex

    index = ModuleIndex(["grid.settings", "grid.bot", "dca.settings", "dca.bot", "settings"])
    assert index.find("settings", near="grid.bot") == "grid.settings"
    assert index.find("settings", near="dca.bot") == "dca.settings"
    assert index.find("settings") == "settings"
    assert index.split("settings.OKX_CREDS", near="grid.bot") == ("grid.settings", "OKX_CREDS")
    assert ModuleIndex(["grid.settings", "dca.settings"]).find("settings") is None  # ambiguous


def test_the_lookup_finds_exports_of_modules_walked_only_for_them(toy, monkeypatch):
    """A module the full run walked only for its exports (no rule needed it) is cached with
    them: a later run over the callers alone finds them without parsing it."""
    import re

    project(toy)
    monkeypatch.setattr(ToyRule, "PRECHECK", re.compile(r"^(?:shout|c\.relay)\(", re.M))  # b and d only
    cache = str(toy / "cache")
    assert found(lint_paths(["src"], settings([CODE]), cache_dir=cache)) == EXPECTED
    ToyAnalysis.made = 0
    assert found(lint_paths(["src/pkg/b.py", "src/pkg/d.py"], settings([CODE]), cache_dir=cache)) == EXPECTED
    assert ToyAnalysis.made == 0


def test_exported_facts_keep_long_qualified_names_and_mask_random_parts():
    """A fact naming another module's function by its qualified name is a label: a long dotted
    name is not taken for a pasted key (which would break the link), while a random-looking
    part of one still is."""
    from botlint.secrets.masking import mask_fact as _masked

    name = "hummingbot.client.ui.custom_widgets.CustomTextArea"  # looks random as a whole
    assert _masked({"calls": name}) == {"calls": name}
    random_part = "Xq7Lp2Vz9KfR3tYb8NwM5cHs"  # pragma: allowlist secret
    assert _masked({"calls": f"bot.{random_part}.make"})["calls"].startswith("<redacted")
    assert _masked(random_part + "Ab1Cd2").startswith("<redacted")
    # snake_case field names are labels too (they looked random as a whole)
    assert _masked(["bitget_passphrase", "exchange_api_key_id", "BITGET_PASSPHRASE"]) == [
        "bitget_passphrase", "exchange_api_key_id", "BITGET_PASSPHRASE"]
    assert _masked("Xq7Lp2_Vz9KfR3tYb8NwM5cHs_aB").startswith("<redacted")  # pragma: allowlist secret


def test_a_module_whose_walk_exported_nothing_is_not_walked_again_for_its_exports(toy):
    """The first pass walked a.py with the toy analysis, which had nothing to export there:
    b.py wanting ``pkg.a.shout`` must not make the link step parse a.py a second time."""
    pkg = toy / "src" / "pkg"
    pkg.mkdir(parents=True)
    (pkg / "__init__.py").write_text("")
    (pkg / "a.py").write_text("shout = print\n")  # no function: the toy exports nothing
    (pkg / "b.py").write_text("from pkg.a import shout\n\nshout(1)\n")
    res = lint_paths(["src"], settings([CODE]), jobs=1, use_cache=False)
    assert found(res) == [] and not res.errors
    assert ToyAnalysis.made == 3  # __init__, a and b, once each
