"""Generated and mutated inputs (issue 8, "Done when"): a few hundred seeded programs and
config files, plus truncations, byte flips, deep nesting and odd line breaks, through
``lint_bytes`` for every file kind.  No internal error, no exception, and every finding's
line inside the file.

The generator is our own small grammar (a dozen statement and expression forms that bot code
uses: clients, env reads, requests calls, withdrawals, f-strings, comprehensions, match,
try/except, decorators, walrus): hypothesmith would add a dependency and minutes of run time
for shapes this suite does not need.
"""
from __future__ import annotations

import json
import random

import pytest

from botlint import fakes
from botlint.engine import decode, lint_bytes
from botlint.text import split_lines

from helpers import settings

SEED = 20260801
FAKE_KINDS = ["alnum64", "alnum36", "hex64", "password", "telegram", "infura", "github", "aws",
              "mnemonic", "uuid"]
NAMES = ["api_key", "API_SECRET", "password", "token", "x", "data", "cfg", "client", "ex",
         "webhook", "db_url", "value", "self.secret", "passphrase"]
BREAKS = ["\n", "\r\n", "\r", "\f\n", "\v", "\x1c", "\x85", "\u2028", "\x00"]
_SETTINGS = None


def _settings():
    global _SETTINGS
    if _SETTINGS is None:
        _SETTINGS = settings(select=["ALL"])
    return _SETTINGS


class Gen:
    def __init__(self, rng: random.Random) -> None:
        self.r = rng

    def secret(self) -> str:
        return fakes.fake(self.r.choice(FAKE_KINDS), seed=self.r.randrange(10**6))

    def name(self) -> str:
        return self.r.choice(NAMES)

    def target(self) -> str:
        return self.name() if self.r.random() < 0.8 else f"{self.name()}[{self.r.randrange(3)}]"

    def expr(self, depth: int = 0) -> str:
        r = self.r
        if depth > 3:
            return r.choice([repr(self.secret()), str(r.randrange(100)), self.name(), "None"])
        forms = [
            lambda: repr(self.secret()),
            lambda: f'os.environ["{self.name().upper().replace(".", "_")}"]',
            lambda: f'os.getenv("{self.name().upper().replace(".", "_")}", {self.expr(depth + 1)})',
            lambda: f"ccxt.{r.choice(['binance', 'kraken', 'okx'])}({{'apiKey': {self.expr(depth + 1)}, "
                    f"'secret': {self.expr(depth + 1)}}})",
            lambda: f"requests.{r.choice(['get', 'post'])}({r.choice(['url', repr('https://api.binance.com/x')])}, "
                    f"data={self.expr(depth + 1)}, verify={r.choice(['False', 'True'])})",
            lambda: f'f"{{{self.name()}}}:{{{self.expr(4)}!r}}"',
            lambda: f"[{self.expr(depth + 1)} for _ in range({r.randrange(5)})]",
            lambda: f"{{{repr(self.name())}: {self.expr(depth + 1)}}}",
            lambda: f"({self.expr(depth + 1)} if {self.name()} else {self.expr(depth + 1)})",
            lambda: f"{self.name()}.{r.choice(['withdraw', 'transfer', 'fetch_balance', 'info'])}"
                    f"({self.expr(depth + 1)})",
            lambda: f"({self.name().split('.')[-1]} := {self.expr(depth + 1)})",
            lambda: f"lambda {self.name().split('.')[0]}: {self.expr(depth + 1)}",
            lambda: " + ".join(repr(self.secret()[:8]) for _ in range(r.randrange(1, 4))),
        ]
        return r.choice(forms)()

    def stmt(self, indent: str, depth: int) -> list:
        r = self.r
        simple = [
            lambda: [f"{indent}{self.target()} = {self.expr()}"],
            lambda: [f"{indent}{self.name()}: str = {self.expr()}"],
            lambda: [f"{indent}print({self.expr()})"],
            lambda: [f"{indent}logging.info({self.expr()})"],
            lambda: [f"{indent}{self.expr()}"],
            lambda: [f"{indent}pass  # {self.name()} = {self.secret()}"],
            lambda: [f"{indent}x = 1; {self.target()} = {self.expr()}"],
        ]
        if depth >= 3:
            return r.choice(simple)()
        inner = indent + "    "

        def block() -> list:
            return [line for _ in range(r.randrange(1, 4)) for line in self.stmt(inner, depth + 1)]

        compound = [
            lambda: [f"{indent}def {r.choice(['run', 'main', 'sweep'])}({self.name().split('.')[0]}):"] + block(),
            lambda: [f"{indent}if {self.expr(3)}:"] + block() + [f"{indent}else:"] + block(),
            lambda: [f"{indent}for item in {self.expr(3)}:"] + block(),
            lambda: [f"{indent}try:"] + block() + [f"{indent}except Exception as e:"] + block(),
            lambda: [f"{indent}class Bot:"] + block(),
            lambda: [f"{indent}with open('k.txt', 'w') as fh:"] + block(),
            lambda: [f"{indent}@staticmethod", f"{indent}def helper():"] + block(),
            lambda: [f"{indent}match {self.name()}:", f"{inner}case {{'key': k}}:"]
                    + [line for line in self.stmt(inner + "    ", depth + 2)],
        ]
        return r.choice(simple + compound)()

    def program(self) -> str:
        head = ["import os, logging, requests", "import ccxt"]
        body = [line for _ in range(self.r.randrange(2, 12)) for line in self.stmt("", 0)]
        return "\n".join(head + body) + "\n"

    def env(self) -> str:
        return "".join(f"{self.name().upper().replace('.', '_')}={self.secret()}\n"
                       for _ in range(self.r.randrange(1, 10)))

    def data(self, depth: int = 0):
        r = self.r
        if depth > 3 or r.random() < 0.3:
            return r.choice([self.secret(), r.randrange(100), None, True, "placeholder"])
        if r.random() < 0.5:
            return [self.data(depth + 1) for _ in range(r.randrange(1, 4))]
        return {self.name(): self.data(depth + 1) for _ in range(r.randrange(1, 4))}

    def json(self) -> str:
        return json.dumps(self.data(), indent=self.r.choice([None, 2]))

    def yaml(self) -> str:
        import yaml

        return yaml.safe_dump(self.data(), default_flow_style=self.r.random() < 0.3)

    def notebook(self) -> str:
        cells = [{"cell_type": "code", "source": self.program().splitlines(True), "metadata": {},
                  "outputs": [], "execution_count": None} for _ in range(self.r.randrange(1, 3))]
        return json.dumps({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5})

    # -- mutations ---------------------------------------------------------------------
    def mutate(self, data: bytes) -> bytes:
        r = self.r
        choice = r.randrange(8)
        if choice == 0 and data:  # truncation
            return data[:r.randrange(len(data))]
        if choice == 1 and data:  # random byte flips
            b = bytearray(data)
            for _ in range(r.randrange(1, 6)):
                b[r.randrange(len(b))] = r.randrange(256)
            return bytes(b)
        if choice == 2:  # deep nesting
            n = r.choice([50, 300, 1200])
            opener, closer = r.choice([("[", "]"), ("(", ")"), ("{", "}")])
            return data + f"x = {opener * n}1{closer * n}\n".encode()
        if choice == 3:  # odd line breaks
            text = data.decode("utf-8", "replace")
            return "".join(ch if ch != "\n" else r.choice(BREAKS) for ch in text).encode("utf-8")
        if choice == 4:  # another encoding
            return data.decode("utf-8", "replace").encode(r.choice(["utf-16", "utf-16-le", "utf-32", "latin-1"]),
                                                         "replace")
        if choice == 6:  # a coding cookie, sane or hostile
            cookie = r.choice(["latin-1", "utf-8", "undefined", "punycode", "idna", "rot13", "utf-16",
                               "cp037", "no-such-codec"])
            return f"# -*- coding: {cookie} -*-\n".encode() + data
        if choice == 5:  # a line Python accepts and libcst rejects (BOT006 recovery)
            return b"(_x): int = 0\n" + data
        return data + b"\n" + bytes(r.randrange(256) for _ in range(r.randrange(1, 40)))


KINDS = [("bot.py", "python", "program", 220), (".env", "config", "env", 60),
         ("config.json", "config", "json", 60), ("settings.yaml", "config", "yaml", 60),
         ("research.ipynb", "notebook", "notebook", 30)]


def _cases():
    rng = random.Random(SEED)
    gen = Gen(rng)
    for name, kind, method, count in KINDS:
        for i in range(count):
            data = getattr(gen, method)().encode("utf-8")
            yield name, kind, data if i % 2 == 0 else gen.mutate(data)
    # a long elif chain: libcst's position codegen recursion (issue 8, item 1)
    chain = ["import requests", "def route(x):", "    if x == 0:", "        return 0"]
    for i in range(1, 520):
        chain += [f"    elif x == {i}:", f"        return {gen.expr(3)}"]
    chain.append(f"requests.get({gen.expr(3)}, verify=False)")
    yield "route.py", "python", ("\n".join(chain) + "\n").encode()


def test_generated_and_mutated_files_never_break_the_linter():
    problems = []
    n = 0
    for name, kind, data in _cases():
        n += 1
        res = lint_bytes(name, data, kind, _settings())
        if res.errors:
            problems.append((name, "errors", res.errors[:1], data[:200]))
            continue
        text, _ = decode(data, kind == "python")
        last = max(1, len(split_lines(text)))
        for f in res.findings:
            loc = f.location
            if not (1 <= loc.line <= loc.end_line <= last and loc.column >= 1):
                problems.append((name, f.code, (loc.line, loc.end_line, last), data[:200]))
    assert n >= 400
    assert problems == []


@pytest.mark.parametrize("seed", range(3))
def test_generated_programs_give_the_same_findings_twice(seed):
    # no hidden state between files (positions cache, key, caches of the rules)
    gen = Gen(random.Random(seed))
    progs = [gen.program().encode() for _ in range(5)]
    first = [lint_bytes("bot.py", p, "python", _settings()).findings for p in progs]
    second = [lint_bytes("bot.py", p, "python", _settings()).findings for p in progs]
    assert first == second
