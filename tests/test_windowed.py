"""``secrets.windowed.finditer_near`` finds exactly what a scan of the whole text finds, for
the two shapes run that way (the Telegram bot token and detect-secrets' Mailchimp denylist),
on large generated texts full of near misses: tokens one character short or long, neighbours
that the look-arounds refuse, anchors without a match, matches next to each other."""
import random

from botlint.secrets import ds_adapter, shapes
from botlint.secrets.windowed import WINDOWED_FROM, finditer_near


def _tokens(rng: random.Random, alphabet: str, n: int) -> str:
    return "".join(rng.choice(alphabet) for _ in range(n))


def _telegram_text(rng: random.Random) -> str:
    tail = "abcXYZ019_-"
    out, size = [], 0
    while size < WINDOWED_FROM + 30_000:
        piece = rng.choice([
            lambda: (_tokens(rng, "0123456789", rng.choice([7, 8, 9, 10, 11])) + ":"
                     + _tokens(rng, tail, rng.choice([34, 35, 36]))),
            lambda: (rng.choice(["a", ":", "_", "x", " ", "-", "\n"]) + _tokens(rng, "0123456789", 9) + ":"
                     + _tokens(rng, tail, 35)),
            lambda: "{a:1,b:2};" * rng.randrange(1, 4),
            lambda: _tokens(rng, "0123456789:", rng.randrange(1, 40)),
            lambda: " " * rng.randrange(1, 5),
        ])()
        out.append(piece)
        size += len(piece)
    return "".join(out)


def _mailchimp_text(rng: random.Random) -> str:
    out, size = [], 0
    while size < WINDOWED_FROM + 30_000:
        piece = rng.choice([
            lambda: (_tokens(rng, "0123456789abcdefxyz", rng.choice([31, 32, 33, 40])) + "-us"
                     + _tokens(rng, "0123456789", rng.choice([0, 1, 2, 3]))),
            lambda: "-us" * rng.randrange(1, 4),
            lambda: _tokens(rng, "abc-us12", rng.randrange(1, 60)),
            lambda: rng.choice(["A", " ", "\n", "_"]),
        ])()
        out.append(piece)
        size += len(piece)
    return "".join(out)


def _spans(matches):
    return [m.span() for m in matches]


def test_telegram_tokens_windowed_equal_the_whole_scan():
    rng = random.Random(11)
    anchor, back, forward = shapes._WINDOWS["Telegram bot token"]
    rx = next(r for _c, label, r, _g in shapes._SIMPLE if label == "Telegram bot token")
    found = 0
    for _ in range(6):
        text = _telegram_text(rng)
        whole = _spans(rx.finditer(text))
        assert _spans(finditer_near(rx, text, anchor, back, forward)) == whole
        found += len(whole)
    assert found > 50


def test_mailchimp_windowed_equals_the_whole_scan_of_the_plugins_own_pattern():
    rng = random.Random(12)
    pattern, anchor, back, forward = ds_adapter._WINDOWS["MailchimpDetector"]
    module, name = next((m, n) for m, n, _c, _l in ds_adapter._wrapped() if n == "MailchimpDetector")
    rx = next(r for r in ds_adapter._denylist(module, name) if r.pattern == pattern)  # still detect-secrets' pattern
    found = 0
    for _ in range(6):
        text = _mailchimp_text(rng)
        whole = _spans(rx.finditer(text))
        assert _spans(finditer_near(rx, text, anchor, back, forward)) == whole
        assert [s for s in ds_adapter._spans(name, [rx], text)] == whole
        found += len(whole)
    assert found > 50
