"""An author's marker: a comment that calls the value next to it a dummy, mock or example.

Bot code builds connectors with made-up credentials where it needs an object and no account
(``api_secret="..."  # noqa: mock``, ``private_key="..."  # dummy 64-byte base58 encoded
key``).  The author has said what the value is, on its line or on a comment line right above
it; ``botlint.suppress`` treats such a comment like ``# pragma: allowlist secret`` (BOT1 only),
and ``--ignore-noqa`` (an audit) disregards it like every other suppression.

Kept narrow, because a marker hides a finding: the comment must be short and *describe the
value*.  It names the value a dummy / mock / fake / placeholder / bogus one (``# dummy``,
``# this is a fake key``, ``# noqa: mock``), or an example / sample / test / fixture *value*
(``# example key``, ``# test secret``, ``# sample``), or says it is not real (``# not a real
key``).  "test" somewhere in a longer comment (``# test the login with the real key``,
``# sample rate in seconds``) is no marker.
"""
from __future__ import annotations

import re
from typing import Optional

# words that on their own say the value is not a real one
_STRONG = frozenset({"dummy", "dummies", "mock", "mocked", "fake", "faked", "placeholder", "bogus"})
# words that say it only when they describe a value: last word, or before a value noun
_WEAK = frozenset({"example", "sample", "test", "testing", "fixture"})
_VALUE_NOUNS = frozenset({
    "key", "keys", "secret", "secrets", "token", "tokens", "value", "values", "password",
    "passwords", "passphrase", "credential", "credentials", "creds", "cred", "data", "only",
    "api", "apikey", "seed", "mnemonic", "wallet", "keypair", "account", "string", "pem", "hash",
    "id", "uuid", "session", "signature", "private", "public", "64-byte", "32-byte", "hex",
    "base58", "base64", "encoded", "random",
})
# words that may come before the marker word ("this is just a dummy key"; hummingbot writes
# its marker after a noqa tag)
_LEAD = frozenset({"a", "an", "the", "this", "that", "these", "those", "is", "are", "it", "it's",
                   "its", "just", "only", "here", "value", "key", "secret", "token", "noqa"})
_MAX_WORDS = 10  # a longer comment is prose about something, not a label on the value
_MAX_LEAD = 5
_WORD = re.compile(r"[a-z0-9]+(?:['-][a-z0-9]+)*")


def comment_of(line: str) -> Optional[str]:
    """The text of a trailing or whole-line comment (``#`` or ``//`` at the start or after a
    blank, or a line starting with ``;``), found outside quotes; None when the line has none."""
    stripped = line.lstrip()
    if stripped.startswith(";"):
        return stripped[1:]
    quote = ""
    i, n = 0, len(line)
    while i < n:
        c = line[i]
        if quote:
            if c == "\\":
                i += 2
                continue
            if c == quote:
                quote = ""
        elif c in "\"'":
            quote = c
        elif c == "#" and (i == 0 or line[i - 1] in " \t"):
            return line[i + 1:]  # not "pass#word": in a .env value a "#" after no blank is the value's
        elif c == "/" and line.startswith("//", i) and (i == 0 or line[i - 1] in " \t"):
            return line[i + 2:]
        i += 1
    return None


def describes_dummy(comment: str) -> bool:
    """Whether a comment's text labels the value as made up (see the module docstring)."""
    words = _WORD.findall(comment.lower())
    if not words or len(words) > _MAX_WORDS:
        return False
    i = 0
    while i < len(words) and i < _MAX_LEAD and words[i] in _LEAD and words[i] not in _STRONG | _WEAK:
        i += 1
    if i >= len(words):
        return False
    first = words[i]
    if first == "not":
        rest = words[i + 1:i + 3]
        return rest[:1] == ["real"] or rest == ["a", "real"]
    if first in _STRONG:
        return True
    if first in _WEAK:
        after = words[i + 1:i + 3]
        return not after or any(w in _VALUE_NOUNS for w in after)
    return False


def marks_line(line: str) -> bool:
    """The line carries a comment that labels its value as made up."""
    if "#" not in line and "//" not in line and ";" not in line:
        return False
    comment = comment_of(line)
    return comment is not None and describes_dummy(comment)


def marks_next_line(line: str) -> bool:
    """A comment-only line that labels the value on the next line as made up."""
    stripped = line.lstrip()
    if not stripped.startswith(("#", "//", ";")):
        return False
    return marks_line(line)
