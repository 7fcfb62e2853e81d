"""The only module that imports detect_secrets.

detect-secrets' plugins are used as libraries, in-process, on the text botlint already holds:
* no global settings are touched (``analyze_line`` consults process-global settings and may
  call a plugin's network ``verify``; botlint only ever calls ``analyze_string``);
* no whole-line filters, so a literal inside ``ccxt.binance({...})`` or ``f("...")`` is seen;
* each plugin's denylist regexes run once over the whole file, not line by line, and every
  match is re-confirmed by the plugin's own ``analyze_string``.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterator, List, Optional, Sequence, Tuple

from . import shapes as S

# (module, class) -> (botlint code, label).  Plugins are imported by name: detect-secrets'
# own registry reads process-global settings and can load plugin files named there, which a
# linter of untrusted checkouts must never do.  Not used: IPPublicDetector (an IP address is not
# a credential), PrivateKeyDetector (it flags a bare BEGIN header; botlint's own PEM shape
# requires a key body), KeywordDetector (botlint's own name rules replace it), the two high-entropy
# plugins (run separately, for the opt-in BOT110), and the keyword-anchored Cloudant, IBM and
# SoftLayer plugins plus Artifactory's loose `AP...` shape: they match credential *names*
# (botlint's name rules cover those with its value gate) and cost most of the plugin time.

# cheap gates: a plugin's regexes run only when one of these (lower-case) substrings is in
# the file, so a typical file costs one `in` test per plugin instead of regex scans
_GATES = {
    "AWSKeyDetector": ("a3t", "abia", "acca", "akia", "asia", "aws"),
    "AzureStorageKeyDetector": ("accountkey",),
    "BasicAuthDetector": ("://",),
    "DiscordBotTokenDetector": (".",),
    "GitHubTokenDetector": ("ghp_", "gho_", "ghu_", "ghs_", "ghr_"),
    "GitLabTokenDetector": ("glpat-", "gldt-", "glft-", "glsoat-", "glrt-", "gr1348941"),
    "JwtTokenDetector": ("eyj",),
    "MailchimpDetector": ("-us",),
    "NpmDetector": ("_authtoken",),
    "OpenAIDetector": ("sk-",),
    "PypiTokenDetector": ("pypi-",),
    "SendGridDetector": ("sg.",),
    "SlackDetector": ("xox", "hooks.slack.com"),
    "SquareOAuthDetector": ("sq0csp",),
    "StripeDetector": ("k_live_",),
    "TelegramBotTokenDetector": (":",),
    "TwilioKeyDetector": ("ac", "sk"),
}
_PLUGINS = {
    ("aws", "AWSKeyDetector"): (S.SERVICE, "AWS access key"),
    ("azure_storage_key", "AzureStorageKeyDetector"): (S.SERVICE, "Azure storage key"),
    ("basic_auth", "BasicAuthDetector"): (S.PASSWORD, "password in a URL"),
    ("discord", "DiscordBotTokenDetector"): (S.BOT_TOKEN, "Discord bot token"),
    ("github_token", "GitHubTokenDetector"): (S.SERVICE, "GitHub token"),
    ("gitlab_token", "GitLabTokenDetector"): (S.SERVICE, "GitLab token"),
    ("jwt", "JwtTokenDetector"): (S.SERVICE, "JSON web token"),
    ("mailchimp", "MailchimpDetector"): (S.SERVICE, "Mailchimp key"),
    ("npm", "NpmDetector"): (S.SERVICE, "npm token"),
    ("openai", "OpenAIDetector"): (S.SERVICE, "OpenAI key"),
    ("pypi_token", "PypiTokenDetector"): (S.SERVICE, "PyPI token"),
    ("sendgrid", "SendGridDetector"): (S.SERVICE, "SendGrid key"),
    ("slack", "SlackDetector"): (S.SERVICE, "Slack token"),
    ("square_oauth", "SquareOAuthDetector"): (S.SERVICE, "Square OAuth secret"),
    ("stripe", "StripeDetector"): (S.SERVICE, "Stripe key"),
    ("telegram_token", "TelegramBotTokenDetector"): (S.BOT_TOKEN, "Telegram bot token"),
    ("twilio", "TwilioKeyDetector"): (S.SERVICE, "Twilio key"),
}


@lru_cache(maxsize=None)
def _plugin(module: str, name: str) -> Optional[object]:
    """One plugin, imported on first use (None when this detect-secrets version lacks it)."""
    import importlib

    try:
        return getattr(importlib.import_module(f"detect_secrets.plugins.{module}"), name)()
    except (ImportError, AttributeError, TypeError):  # pragma: no cover - other versions
        return None


def _plugins() -> List[Tuple[object, str, str]]:
    """Every wrapped plugin with a denylist, imported (the pool's warm-up, the tests)."""
    out = []
    for (module, name), (code, label) in sorted(_PLUGINS.items()):
        plugin = _plugin(module, name)
        if plugin is not None and getattr(plugin, "denylist", None):
            out.append((plugin, code, label))
    return out


# Importing a plugin imports detect-secrets, and with it ``requests`` (most of a cold start), so
# the plugins' denylists are kept in a generated table (``_ds_index``, written from the plugins by
# ``scripts/gen_index.py``; tests/test_startup_index.py fails when it is stale): they run here, and
# a plugin is imported only when one of them matches, to confirm the match (``analyze_string``
# runs the plugin's own patterns on it).  ``BOTLINT_PREFILTER=0`` uses the plugins' own lists.
@lru_cache(maxsize=None)
def _denylist(module: str, name: str) -> Tuple["re.Pattern", ...]:
    from ._ds_index import DENYLISTS

    return tuple(re.compile(p, f) for p, f in DENYLISTS.get((module, name), ()))


def _wrapped() -> List[Tuple[str, str, str, str]]:
    """(module, class, code, label) of each wrapped plugin with a denylist, in a fixed order."""
    from ._ds_index import DENYLISTS

    return [(module, name, code, label) for (module, name), (code, label) in sorted(_PLUGINS.items())
            if DENYLISTS.get((module, name))]


# Three plugins' denylists are super-linear on hostile text when run over a whole file (every
# "eyJ", "sk-" or "//" restarts a scan of the rest of its run or line).  They are not run as
# they are: these finders give the same matches (the chunks ``analyze_string`` then confirms)
# in linear time.  tests/test_redos.py checks the plugins' patterns are still the ones these
# were written for.
_JWT_REST = re.compile(r"[A-Za-z0-9_=-]+\.[A-Za-z0-9_=-]+")
_JWT_RUN_END = re.compile(r"[A-Za-z0-9_=-]*")
_OPENAI_RUN_END = re.compile(r"[A-Za-z0-9_-]*")
_OPENAI_CORE = re.compile(r"[A-Za-z0-9]{20}T3BlbkFJ[A-Za-z0-9]{20}")
_NPM_TAIL = re.compile(r"/:_authToken=\s*((npm_.+)|([A-Fa-f0-9-]{36})).*")
REPLACED_PATTERNS = {
    "JwtTokenDetector": r"eyJ[A-Za-z0-9-_=]+\.[A-Za-z0-9-_=]+\.?[A-Za-z0-9-_.+/=]*?",
    "OpenAIDetector": r"sk-[A-Za-z0-9-_]*[A-Za-z0-9]{20}T3BlbkFJ[A-Za-z0-9]{20}",
    "NpmDetector": r"\/\/.+\/:_authToken=\s*((npm_.+)|([A-Fa-f0-9-]{36})).*",
}


class _Runs:
    """``re.compile("(?<![C])[C]*?LIT").search(text, pos).end()`` for the JWT and OpenAI finders
    (C: the token characters, ``run_end`` is ``[C]*``; LIT: "eyJ", "sk-"): the end of the first
    ``LIT`` of a run of C characters that starts at or after ``pos``, without trying such a
    pattern at every position (0.22 s on a 6.9 MB bundle): the literal is searched for at C
    speed, and the start of its run is read off the reversed text.  A run that started before
    ``pos`` (the pattern's look-behind fails inside it) is skipped to its end, as the pattern
    would skip it.  ``test_redos.test_replaced_denylists_find_what_the_plugins_find`` compares
    the spans with the plugins' own patterns."""

    def __init__(self, text: str, literal: str, run_end: "re.Pattern[str]") -> None:
        self.text, self.literal, self.run_end = text, literal, run_end
        self._reversed: Optional[str] = None

    def end_of_next(self, pos: int) -> int:
        text, n = self.text, len(self.literal)
        while True:
            at = text.find(self.literal, pos)
            if at < 0:
                return -1
            if self._reversed is None:
                self._reversed = text[::-1]
            back = self.run_end.match(self._reversed, len(text) - at)  # the run's part before ``at``
            start = at - (back.end() - back.start()) if back else at
            if start >= pos:
                return at + n
            run = self.run_end.match(text, at)
            pos = run.end() if run and run.end() > at else at + 1  # inside a run begun before pos


def _jwt_spans(text: str) -> Iterator[Tuple[int, int]]:
    pos = 0
    runs = _Runs(text, "eyJ", _JWT_RUN_END)
    while True:
        end = runs.end_of_next(pos)
        if end < 0:
            return
        rest = _JWT_REST.match(text, end)
        if rest:
            stop = rest.end() + (text.startswith(".", rest.end()))  # the optional third dot
            yield end - 3, stop
            pos = stop
        else:
            run_end = _JWT_RUN_END.match(text, end)
            assert run_end is not None  # a starred pattern: it matches, if only the empty string
            pos = run_end.end()


def _openai_spans(text: str) -> Iterator[Tuple[int, int]]:
    pos = 0
    runs = _Runs(text, "sk-", _OPENAI_RUN_END)
    while True:
        end = runs.end_of_next(pos)
        if end < 0:
            return
        run = _OPENAI_RUN_END.match(text, end)
        assert run is not None  # a starred pattern: it matches, if only the empty string
        run_end = run.end()
        best = -1  # the greedy prefix takes the run's last "T3BlbkFJ" core
        t = text.find("T3BlbkFJ", end + 20, run_end)
        while t >= 0:
            if _OPENAI_CORE.match(text, t - 20, run_end):
                best = t
            t = text.find("T3BlbkFJ", t + 1, run_end)
        if best >= 0:
            yield end - 3, best + 28
        pos = max(run_end, end)


def _npm_spans(text: str) -> Iterator[Tuple[int, int]]:
    """From the line's first "//" (with one character or more before the tail) to the end."""
    pos = 0
    while True:
        m = _NPM_TAIL.search(text, pos)
        if m is None:
            return
        line_start = text.rfind("\n", 0, m.start()) + 1
        at = text.find("//", line_start, m.start() - 1) if m.start() - 1 - line_start >= 2 else -1
        if at >= 0:
            yield at, m.end()
            pos = m.end()
            continue
        # no "//" before this tail on its line: a later tail must follow a later "//"
        line_end = text.find("\n", m.start())
        line_end = len(text) if line_end < 0 else line_end
        at = text.find("//", line_start, line_end)  # it ends too late for this tail
        pos = at + 3 if at >= 0 else line_end + 1


_SPANS = {"JwtTokenDetector": _jwt_spans, "OpenAIDetector": _openai_spans, "NpmDetector": _npm_spans}


# plugin -> (its denylist pattern, anchor, back, forward): a pattern that starts with a character
# class is tried at every position of the text; every match of this one holds the anchor
# (Mailchimp's "-us" after exactly 32 characters, then at most two digits): run near it only
# (secrets.windowed), and only while the plugin's pattern is the one the bounds were read from
_WINDOWS = {"MailchimpDetector": (r"[0-9a-z]{32}-us[0-9]{1,2}", re.compile(r"-us"), 32, 3)}


def _spans(name: str, denylist: Sequence["re.Pattern"], text: str) -> Iterator[Tuple[int, int]]:
    from .windowed import finditer_near

    own = _SPANS.get(name)
    if own is not None:
        yield from own(text)
        return
    window = _WINDOWS.get(name)
    for rx in denylist:
        if window is not None and rx.pattern == window[0]:
            matches = finditer_near(rx, text, window[1], window[2], window[3])
        else:
            matches = rx.finditer(text)
        for m in matches:
            yield m.start(), m.end()


def find(text: str) -> Iterator[S.Match]:
    from ..context import prefilter_on

    low = text.lower()
    gated = prefilter_on()
    for module, name, code, label in _wrapped():
        gates = _GATES.get(name) if gated else None
        if gates is not None and not any(g in low for g in gates):
            continue
        plugin = None if gated else _plugin(module, name)
        if not gated and plugin is None:
            continue
        denylist = _denylist(module, name) if gated else getattr(plugin, "denylist", ())
        for m_start, m_end in _spans(name, denylist, text):
            if plugin is None:
                plugin = _plugin(module, name)  # a match to confirm: the plugin is needed now
                if plugin is None:
                    break
            chunk = text[m_start:m_end]
            for secret in plugin.analyze_string(chunk):  # type: ignore[attr-defined]
                if not secret:
                    continue
                if label == "JSON web token" and S.is_public_jwt(secret):
                    break
                # some denylists capture only a prefix group ("ghp"): the match is the secret
                if len(secret) < 8 and chunk.startswith(secret):
                    yield S.Match(code, label, m_start, m_end, chunk)
                else:
                    off = max(chunk.find(secret), 0)
                    yield S.Match(code, label, m_start + off, m_start + off + len(secret), secret)
                break


@lru_cache(maxsize=1)
def _entropy_plugins():
    from detect_secrets.plugins.high_entropy_strings import (
        Base64HighEntropyString,
        HexHighEntropyString,
    )

    return Base64HighEntropyString, HexHighEntropyString


def high_entropy(text: str, base64_limit: float, hex_limit: float) -> Iterator[S.Match]:
    """detect-secrets' entropy plugins over quoted strings (the opt-in BOT110 rule)."""
    b64_cls, hex_cls = _entropy_plugins()
    for cls, limit, label in ((b64_cls, base64_limit, "high-entropy base64 string"),
                              (hex_cls, hex_limit, "high-entropy hex string")):
        plugin = cls(limit=limit)
        for m in plugin.regex.finditer(text):
            value = m.group(2)
            if value and plugin.calculate_shannon_entropy(value) > limit:
                off = m.group(0).find(value)
                start = m.start() + max(off, 0)
                yield S.Match(S.ENTROPY, label, start, start + len(value), value, high_confidence=False)
