"""The windowed binding scan (``configfiles._bindings``) finds exactly what the binding
pattern finds over the whole text, on large generated texts made of the pieces that matter to
it: names, quoted names, annotations, separators, quotes, prefixes, blanks and breaks."""
import random

from botlint.secrets import configfiles as C
from botlint.secrets.windowed import WINDOWED_FROM

PIECES = ["api_key", "secret", "x", "_T", '"name"', "'k'", ": int", ": Dict[str, int]", " = ", "=", ":",
          ": ", '"', "'", 'b"', "r'", "value", "ab12CD34", " ", "\t", "\n", "\n\n", ",", "{", "}", "(", ")",
          "#", ".", "|", "[", "]", "a" * 40, "tok" * 30]


def _text(rng: random.Random, size: int) -> str:
    out, n = [], 0
    while n < size:
        piece = rng.choice(PIECES)
        out.append(piece)
        n += len(piece)
    return "".join(out)


def _spans(matches):
    return [(m.start(), m.end(), m.group("key"), m.group("val")) for m in matches]


def test_windowed_scan_equals_the_whole_text_scan():
    rng = random.Random(20261201)
    for _ in range(12):
        text = _text(rng, WINDOWED_FROM + rng.randrange(40_000))
        whole = _spans(C._PY_BINDING.finditer(text))
        assert whole, "the generator should make bindings"
        assert _spans(C._bindings(text)) == whole


def test_windowed_scan_on_one_long_line():
    # minified code: one line of hundreds of kilobytes with a few bindings far apart
    filler = "a.b(c,d)&&e[f]||g;" * 20_000
    text = filler + 'apiKey:"k3yV4lue"' + filler + "token = 'zz'" + filler
    got = _spans(C._bindings(text))
    assert got == _spans(C._PY_BINDING.finditer(text))
    assert [g[2] for g in got] == ["apiKey", "token"]


def test_small_text_uses_the_plain_scan():
    text = 'API_KEY = "abc"\n'
    assert _spans(C._bindings(text)) == _spans(C._PY_BINDING.finditer(text))
