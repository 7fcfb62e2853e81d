"""A credential split into string literals joined with ``+`` on one line is judged joined
(a dropper's webhook, a token cut in two to slip past scanners); the fake values are made at
test time."""
from __future__ import annotations

import secrets
import string

from botlint.engine import lint_source

from helpers import settings

ALNUM = string.ascii_letters + string.digits


def fake(n: int, alphabet: str = ALNUM) -> str:
    return "".join(secrets.choice(alphabet) for _ in range(n))


def codes(src: str):
    return [(f.location.line, f.code) for f in lint_source(src, "bot/notify.py", settings(["BOT1"]))]


def test_a_webhook_and_a_token_split_in_two():
    hook = f"{secrets.randbelow(10**18) + 10**18}/{fake(68, ALNUM + '_-')}"
    src = (f'_HOOK = "https://discord.com/api/webhooks/" + "{hook}"\n'
           f'CFG = {{"token": "ghp_" + "{fake(36)}", "name": "grid" + "bot"}}\n')
    got = codes(src)
    assert got == [(1, "BOT106"), (2, "BOT109")], got
    res = lint_source(src, "bot/notify.py", settings(["BOT1"]))
    assert all("split into joined strings" in f.message and hook not in f.message for f in res)


def test_joins_that_make_no_credential_and_pieces_already_reported():
    assert codes('BASE = "https://api.binance.com" + "/api/v3/ticker"\nprint("a" + "b", x + "c")\n') == []
    token = "ghp_" + fake(36)
    # the piece alone is the token: reported once, as a token, not again as a joined one
    got = lint_source(f'T = "{token}" + "\\n"\n', "bot/notify.py", settings(["BOT1"]))
    assert [f.code for f in got] == ["BOT109"] and "split" not in got[0].message


def test_a_join_inside_a_larger_expression():
    hook = f"{secrets.randbelow(10**18) + 10**18}/{fake(68, ALNUM + '_-')}"
    src = f'URL = "https://discord.com/api/webhooks/" + "{hook}" + "?wait=" + str(wait)\n'
    assert codes(src) == [(1, "BOT106")]
