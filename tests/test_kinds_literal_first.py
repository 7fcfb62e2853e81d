"""The service-key patterns search for their literal prefix first (``kinds._token``); each must
match exactly what the plain form ``(?<![A-Za-z0-9_-])(literal rest)(?![A-Za-z0-9_-])`` matches,
checked on generated text full of near-miss tokens."""
import random
import re

from botlint.secrets import kinds as K

_MOVED = re.compile(r"^\((?P<lit>.*?)\(\?<!(?P<cls>\[[^\]]*\])(?P=lit)\)(?P<rest>.*)\)(?P<end>\(\?!\[[^\]]*\]\))$",
                    re.S)


def _plain(rx: "re.Pattern[str]") -> "re.Pattern[str]":
    m = _MOVED.match(rx.pattern)
    assert m, rx.pattern
    return re.compile("(?<!" + m.group("cls") + ")(" + m.group("lit") + m.group("rest") + ")" + m.group("end"))


def _text(rng: random.Random, gates) -> str:
    out = []
    for _ in range(6000):
        alphabet = rng.choice(["abcXYZ0189", "ABCXYZ0189", "abcdef0189", "abcXYZ0189_-"])
        before = rng.choice(["", " ", "a", "_", "-", "=", "/", "+", '"', "9"])
        size = rng.choice([8, 16, 20, 24, 34, 35, 36, 37, 40, 48, 50, 52, 59, 64, 69, 80, 100])
        body = "".join(rng.choice(alphabet) for _ in range(size))
        middle = rng.choice(["", "_" + "".join(rng.choice("aZ9") for _ in range(59)), "api03-", "admin01-"])
        out.append(before + rng.choice(gates) + middle + body + rng.choice(["", " ", "-", "x", "\n", '"']))
    return "".join(out)


def test_literal_first_patterns_match_like_the_plain_form():
    rng = random.Random(7)
    gates = [g for _c, _l, g, _rx, _grp in K.KINDS]
    text = _text(rng, gates + ["AKIA", "ASIA", "AKCp"])
    checked = 0
    for _code, label, _gate, rx, group in K.KINDS:
        plain = _plain(rx)
        got = [(m.start(group), m.end(group)) for m in rx.finditer(text)]
        want = [(m.start(group), m.end(group)) for m in plain.finditer(text)]
        assert got == want, label
        checked += bool(want)
    assert checked >= 15  # the generator really makes matches for most kinds
