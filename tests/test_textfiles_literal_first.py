"""Four text-file patterns start with their literal and check the character before it with a
look-behind after it (``secrets.textfiles``): each matches exactly what its plain form, with the
look-behind or ``\\b`` first, matches, on generated text full of near misses."""
import random
import re

from botlint.secrets import configfiles as C
from botlint.secrets import textfiles as T

# the plain forms the patterns were rewritten from
PLAIN = {
    "FLAG": (r"(?<![\w-])--(?P<key>[A-Za-z][\w-]{0,60})(?:=|[ \t]{1,8})"
              r"(?:\"(?P<dq>[^\"\r\n]{1,500})\"|'(?P<sq>[^'\r\n]{1,500})'|(?P<bare>[^\s\"'`\\;|&<>()]{1,500}))"),
    "_BEARER": (r"\b[Aa]uthorization[\"']?[ \t]*[:=][ \t]*[\"']?(?:[Bb]earer|[Tt]oken)[ \t]{1,8}"
                r"(?P<val>[A-Za-z0-9._~+/=-]{16,2000})"),
    "_XML_ADD": r"\bkey=\"(?P<key>[A-Za-z_][\w.:-]{0,80})\"[ \t]{1,8}value=\"(?P<val>[^\"\r\n]{1,500})\"",
    "_NETRC_LINE": (r"(?<![\w-])machine[ \t]{1,8}(?P<host>[^\s]{1,200})[ \t][^\r\n]{0,300}?"
                    r"(?<![\w-])password[ \t]{1,8}(?P<val>[^\s]{1,500})"),
}
PIECES = ["--", "---", "-", "a--", " --api-key ", "--token=", "x", "_", "é", " ", "\t", "\n", '"', "'", "=",
          "Authorization: Bearer ", "authorization=token ", "xAuthorization: Bearer ", "ÄAuthorization: Bearer ",
          "key=\"", "akey=\"", " key=\"ApiKey\" value=\"", "machine ", "-machine ", "amachine ", " password ",
          "abcdefghijklmnop0123456789", "Zq8vR2nLk4Tw9XyB3mPc7HdJ5sFa1GeU", "host.example.com", ">", "<"]


def _text(rng: random.Random) -> str:
    return "".join(rng.choice(PIECES) for _ in range(20_000))


def test_literal_first_patterns_match_like_their_plain_forms():
    rng = random.Random(5)
    for name, plain in PLAIN.items():
        new, old = getattr(T, name, None) or getattr(C, name), re.compile(plain)
        total = 0
        for _ in range(4):
            text = _text(rng)
            got = [(m.span(), m.groupdict()) for m in new.finditer(text)]
            assert got == [(m.span(), m.groupdict()) for m in old.finditer(text)], name
            total += len(got)
        assert total > 20, name  # the generator makes matches for each
