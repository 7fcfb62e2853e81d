"""BOT101's gate: a credential-ish name bound to a plausible literal, or a credential call
(``rules/bot1_credentials.py`` walks what it lets through)."""
from __future__ import annotations

import re

from ..analysis.values import looks_wordy as _looks_wordy

# a credential-ish name followed by = or : and a string literal, or a call that takes a
# credential positionally; files without either skip the walk for this rule.  Linear on any
# text (tests/test_redos.py): a binding is matched from the start of its name, whose words are
# then looked at (a keyword followed by ``\w*`` restarted a scan of the name from every
# keyword in it), and no two adjacent quantifiers take the same blanks.
_PRECHECK_BIND = re.compile(
    r"(?<!\w)(\w+)['\"]?\]?\s*(?::[\w\[\], .|\t]+)?[=:]\s*(?:\(\s*)?[rbuf]{0,2}['\"]", re.I
)
_PRECHECK_WORD = re.compile(r"(?i)key|secret|pass|pwd|token|mnemonic|seed|phrase|cred|auth|twofa|api_?hash")
_PRECHECK_CALL = re.compile(
    r"(?:from_key|privateKeyToAccount|private_key_to_account|from_mnemonic|from_base58_string|"
    r"getenv|environ\.get|environ\.setdefault|Client|TeleBot|Bot|Updater|token|SecretStr|HTTP)"
    r"\s*\(\s*[rbuf]{0,2}['\"]", re.I
)
_FALLBACK_ARG = re.compile(r",\s*[rbuf]{0,2}['\"]")


# what follows a credential-ish name in a binding (``_PRECHECK_BIND`` after its ``(\w+)``)
_BIND_TAIL = re.compile(_PRECHECK_BIND.pattern.split(r"(\w+)", 1)[1], re.I)
_WORD_CHAR = re.compile(r"\w")


class _Hit:
    """A match-like (start(), end(), group(0)) for a binding found word first."""

    __slots__ = ("_text", "_start", "_end")

    def __init__(self, text: str, start: int, end: int) -> None:
        self._text, self._start, self._end = text, start, end

    def start(self) -> int:
        return self._start

    def end(self) -> int:
        return self._end

    def group(self, index: int = 0) -> str:
        return self._text[self._start:self._end]


# the same tests, fast: a case-insensitive alternation is tried at every position by ``re``
# (no literal prefix to skip to), so the words are searched in lowered text, and a call is
# found from its ``("`` (rare) backwards to the callee's name
_WORD_LOWER = re.compile(_PRECHECK_WORD.pattern.replace("(?i)", ""))
_CALL_OPEN = re.compile(r"\(\s*[rbuf]{0,2}['\"]", re.I)
_CALLEE_AT_END = re.compile(r"(?:" + _PRECHECK_CALL.pattern.split("(?:", 1)[1].split(r")\s*\(", 1)[0] + r")\Z", re.I)
_LONGEST_CALLEE = 32


def _words(text: str):
    low = text.lower()
    if len(low) != len(text):  # a character whose lower case is longer: positions would shift
        return _PRECHECK_WORD.finditer(text)
    return _WORD_LOWER.finditer(low)


def _calls(text: str):
    """``_PRECHECK_CALL.finditer(text)``, from the calls' openings: (start, end, text) hits."""
    for m in _CALL_OPEN.finditer(text):
        j = m.start()
        while j > 0 and text[j - 1].isspace():
            j -= 1
        name = _CALLEE_AT_END.search(text, max(0, j - _LONGEST_CALLEE), j)
        if name is not None:
            yield _Hit(text, name.start(), m.end())


def _bindings(text: str):
    """The bindings ``_PRECHECK_BIND`` matches whose name holds a ``_PRECHECK_WORD``, found
    from the (rare) words rather than by trying the binding pattern at every name of the file:
    the name around each word, then the tail after it.  Each name is looked at once (linear);
    a superset of the regex's matches (it also sees names inside an annotation it consumed),
    which only makes the gate more permissive."""
    done = 0
    for word in _words(text):
        if word.start() < done:
            continue  # a second word in a name already looked at
        start = word.start()
        while start > done and _WORD_CHAR.match(text, start - 1):
            start -= 1
        end = word.end()
        while end < len(text) and _WORD_CHAR.match(text, end):
            end += 1
        done = end
        tail = _BIND_TAIL.match(text, end)
        if tail is not None:
            yield _Hit(text, start, tail.end())


class _Precheck:
    """Both pre-check regexes, in text order; duck-types ``re.Pattern``'s ``search`` and
    ``finditer``.  Lazy: the first plausible binding ends the gate's scan."""

    pattern = _PRECHECK_BIND.pattern + " | " + _PRECHECK_CALL.pattern

    def finditer(self, text: str):
        import heapq

        return heapq.merge(_bindings(text), _calls(text), key=lambda m: m.start())

    def search(self, text: str):
        return next(self.finditer(text), None)


_PRECHECK = _Precheck()


class _Gate:
    """BOT101's gate (the rule's ``PRECHECK``): ``_PRECHECK``'s hits, each then judged on the
    literal after it; duck-types ``re.Pattern``'s ``search`` (True/False) and ``finditer``."""

    pattern = _Precheck.pattern

    def finditer(self, text: str):
        return _PRECHECK.finditer(text)

    def search(self, text: str) -> bool:
        """The regex finds a credential-ish name bound to a string, or a credential call; the
        literal after it must then be plausible (8+ characters, not a word, not a template),
        so the many ``key="name"`` and ``token_type = "Bearer"`` files skip the parse."""
        no_fallback = (-1, -1)  # (from, to): no fallback argument in text[from:to]
        for m in _PRECHECK.finditer(text):
            if "(" in m.group(0):
                if "getenv" not in m.group(0) and "environ" not in m.group(0):
                    return True  # Account.from_key("..."), Client("...", "...")
                line_end = text.find("\n", m.end())
                line_end = len(text) if line_end < 0 else line_end
                if no_fallback[0] <= m.end() and line_end == no_fallback[1]:
                    continue  # already searched from an earlier call on this line
                if _FALLBACK_ARG.search(text, m.end(), line_end):
                    return True  # os.getenv("NAME", "fallback literal")
                no_fallback = (m.end(), line_end)
                continue
            quote_at = m.end() - 1
            q = text[quote_at]
            if text[quote_at:quote_at + 3] == q * 3:
                return True  # a triple-quoted value: judge it properly
            end = text.find(q, quote_at + 1)
            if end < 0:
                continue
            value = text[quote_at + 1:end]
            if "\n" in value or len(value) < 8 or "{" in value and text[m.end() - 2:m.end() - 1] in "fF":
                continue
            words = len(value.split())
            if " " in value.strip() and words < 12:
                continue  # prose, not a key (a seed phrase has 12+ words)
            if words >= 12:
                return True  # a seed phrase is all words: the wordiness test below would skip it
            if _looks_wordy(value):
                continue
            return True
        return False


PRECHECK = _Gate()
