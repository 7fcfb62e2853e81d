"""Data literals of thousands of items are not walked (issue 8, item 10: a 1.9 MB one-line list
took 75 s and 1.25 GB per worker, because libcst builds several objects per item).

Above ``MAX_LITERAL_ITEMS`` constant items, the literal's inside is emptied for libcst with every
line break and every later column kept, reported as BOT006, and the code around it is analysed.
"""
from __future__ import annotations

import os
import subprocess
import sys
import textwrap

from botlint.engine import lint_source
from botlint.engine.parse import MAX_LITERAL_ITEMS, huge_literals, parse_python

from helpers import settings

N = MAX_LITERAL_ITEMS + 1000
HEAD = "import os\nAPI_KEY = os.environ['API_KEY']\n"


def _codes(text: str, filename: str = "bot.py"):
    return [(f.code, f.line, f.column) for f in lint_source(text, filename, settings())]


def test_a_one_line_data_list_is_emptied_and_the_code_after_it_on_the_line_keeps_its_column():
    data = ", ".join(str(i) for i in range(N))
    text = HEAD + f"DATA = [{data}]; print(API_KEY)\n"
    found = _codes(text)
    col = text.splitlines()[2].index("print") + 1
    assert ("BOT201", 3, col) in found
    bot006 = [f for f in lint_source(text, "bot.py", settings()) if f.code == "BOT006"]
    assert [(f.line, f"{N:,} items" in f.message) for f in bot006] == [(3, True)]


def test_a_multi_line_table_keeps_the_line_numbers_after_it():
    rows = "".join(f"    ({i}, 'BTC/USDT', {i}.5),\n" for i in range(N))
    text = HEAD + "CANDLES = [\n" + rows + "]\nprint(API_KEY)\n"
    last = text.count("\n")
    assert ("BOT201", last, 1) in _codes(text)


def test_what_libcst_parses_holds_no_item_of_the_literal_and_keeps_every_line():
    rows = "".join(f"    'ETH{i}',\n" for i in range(N))
    text = "é = 1; PAIRS = (\n" + rows + ")\n"  # a non-ASCII byte column before the literal
    added, parsed = _parsed(text)
    assert added == ["BOT006"]
    assert "ETH" not in parsed
    assert parsed.count("\n") == text.count("\n")
    assert [len(line) for line in parsed.split("\n")][1:] == [len(line) for line in text.split("\n")][1:]


def test_an_unparenthesised_tuple_and_a_dict_are_emptied_too():
    tup = "T = " + ", ".join(str(i) for i in range(N)) + "\n"
    dct = "D = {" + ", ".join(f"'k{i}': -{i}" for i in range(N)) + "}\n"
    for text in (tup, dct):
        added, parsed = _parsed(text)
        assert added == ["BOT006"] and len(parsed) == len(text)


def _parsed(text: str):
    added = []
    _module, parsed = parse_python(text, True, lambda *a, **k: added.append(a[0]))
    return added, parsed


def test_small_literals_and_literals_holding_code_are_walked_as_before():
    small = HEAD + "DATA = [" + ", ".join(str(i) for i in range(MAX_LITERAL_ITEMS)) + "]\n"
    calls = HEAD + "FNS = [" + ", ".join(f"f{i}()" for i in range(N)) + "]\n"
    import ast
    for text in (small, calls):
        assert huge_literals(ast.parse(text), text) == []
        assert all(code != "BOT006" for code, _line, _col in _codes(text))


def test_a_credential_inside_a_huge_literal_is_still_found_by_the_secrets_pass():
    from botlint import fakes

    secret = fakes.fake("alnum64", seed=7)
    rows = "".join(f"    {{'name': 'acct{i}', 'balance': {i}}},\n" for i in range(N))
    text = "ACCOUNTS = [\n" + rows + f"    {{'name': 'main', 'api_secret': '{secret}'}},\n]\n"
    found = lint_source(text, "bot.py", settings())
    assert any(f.code.startswith("BOT1") and f.line == N + 2 for f in found)
    assert all(secret not in f.message for f in found)


def test_memory_of_a_two_megabyte_one_line_list_is_bounded(tmp_path):
    # 0.1.0 and the code before this test: about 1.25 GB resident for this file
    path = tmp_path / "big.py"
    path.write_text(HEAD + "DATA = [" + ", ".join(str(i) for i in range(250_000)) + "]\n")
    script = textwrap.dedent(f"""
        import resource, sys
        sys.path.insert(0, {os.path.dirname(__file__)!r})
        from helpers import settings
        from botlint.engine import lint_source
        lint_source(open({str(path)!r}).read(), "big.py", settings())
        print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
    """)
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert int(out.stdout.strip()) < 600_000  # KB: ast's own tree is most of what remains


def test_a_credential_in_a_statement_blanked_for_deep_nesting_is_judged_by_name():
    from botlint import fakes

    secret = fakes.fake("alnum64", seed=3)
    text = 'CFG = {"api_secret": "' + secret + '", "n": 1' + "-1" * 400 + "}\n"
    found = [(f.code, f.line) for f in lint_source(text, "bot.py", settings())]
    assert ("BOT006", 1) in found and ("BOT101", 1) in found
