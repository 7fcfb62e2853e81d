"""Credential kinds beyond exchanges, recognised by their documented prefixes and formats.

A trading-bot repository also holds cloud, forge, chat, payment, AI-provider, package-registry
and database credentials.  detect-secrets' plugins (``ds_adapter``) already find AWS key ids,
Azure storage keys, classic GitHub tokens, GitLab tokens, Slack, Discord, Stripe, OpenAI
(``T3BlbkFJ`` keys), PyPI and npm ``_authToken`` lines; this module adds the kinds they miss
(among them an Azure storage key near a mention of Azure, not only after ``AccountKey=``)
and a precise label for the ones whose prefix says exactly what they are (a shape found both
here and by a plugin is reported once, with this label: these run first).

Every pattern runs on untrusted text, so each is linear: one literal prefix, then a single
bounded character class; no nested or adjacent quantifiers over the same characters.
Values never leave the secrets package (``Match.value`` is hashed and measured only).
"""
from __future__ import annotations

import bisect
import re
from typing import Iterator, List, Tuple

from ..analysis import values as V
from ..text import LineIndex
from . import shapes as S

# (code, label, gate, pattern, group): ``gate`` is a literal every match contains; the
# pattern runs only when the gate is in the text.  ``group`` is the secret part.
_B = r"(?<![A-Za-z0-9_-])"  # no token character before
_E = r"(?![A-Za-z0-9_-])"  # and none after


def _token(literal: str, rest: str) -> "re.Pattern[str]":
    """``_B + (literal + rest) + _E`` with the look-behind moved after the literal, where it
    checks the same character: a pattern that starts with a literal is searched for that literal
    (C speed), while one that starts with a look-behind is tried at every position of the text
    (0.07 s per pattern on a 6.9 MB file, 25 patterns)."""
    lit = re.escape(literal)
    return re.compile(r"(" + lit + r"(?<![A-Za-z0-9_-]" + lit + r")" + rest + r")" + _E)

KINDS: List[Tuple[str, str, str, "re.Pattern[str]", int]] = [
    (S.SERVICE, "Google API key", "AIza",
     _token("AIza", r"[0-9A-Za-z_-]{35}"), 1),
    (S.SERVICE, "GitHub fine-grained personal access token", "github_pat_",
     _token("github_pat_", r"[A-Za-z0-9]{22}_[A-Za-z0-9]{59}"), 1),
    (S.SERVICE, "GitHub personal access token", "ghp_",
     _token("ghp_", r"[A-Za-z0-9]{36}"), 1),
    (S.SERVICE, "GitHub OAuth access token", "gho_",
     _token("gho_", r"[A-Za-z0-9]{36}"), 1),
    (S.SERVICE, "GitHub user-to-server token", "ghu_",
     _token("ghu_", r"[A-Za-z0-9]{36}"), 1),
    (S.SERVICE, "GitHub server-to-server token", "ghs_",
     _token("ghs_", r"[A-Za-z0-9]{36}"), 1),
    (S.SERVICE, "GitHub refresh token", "ghr_",
     _token("ghr_", r"[A-Za-z0-9]{36}"), 1),
    (S.SERVICE, "GitLab personal access token", "glpat-",
     _token("glpat-", r"[A-Za-z0-9_-]{20,64}"), 1),
    (S.SERVICE, "Stripe live secret key", "sk_live_",
     _token("sk_live_", r"[A-Za-z0-9]{24,247}"), 1),
    (S.SERVICE, "Stripe restricted key", "rk_live_",
     _token("rk_live_", r"[A-Za-z0-9]{24,247}"), 1),
    (S.SERVICE, "Anthropic API key", "sk-ant-",
     _token("sk-ant-", r"(?:api|admin)[0-9]{2}-[A-Za-z0-9_-]{80,120}"), 1),
    (S.SERVICE, "OpenAI API key", "sk-proj-",
     _token("sk-proj-", r"[A-Za-z0-9_-]{40,300}"), 1),
    (S.SERVICE, "OpenAI service-account key", "sk-svcacct-",
     _token("sk-svcacct-", r"[A-Za-z0-9_-]{40,300}"), 1),
    (S.SERVICE, "OpenAI admin key", "sk-admin-",
     _token("sk-admin-", r"[A-Za-z0-9_-]{40,300}"), 1),
    (S.SERVICE, "OpenAI API key", "sk-",
     _token("sk-", r"[A-Za-z0-9]{48}"), 1),
    (S.SERVICE, "OpenRouter API key", "sk-or-v1-",
     _token("sk-or-v1-", r"[0-9a-f]{64}"), 1),
    (S.SERVICE, "Groq API key", "gsk_",
     _token("gsk_", r"[A-Za-z0-9]{52}"), 1),
    (S.SERVICE, "Hugging Face access token", "hf_",
     _token("hf_", r"[A-Za-z0-9]{34}"), 1),
    (S.SERVICE, "Replicate API token", "r8_",
     _token("r8_", r"[A-Za-z0-9]{37}"), 1),
    (S.SERVICE, "xAI API key", "xai-",
     _token("xai-", r"[A-Za-z0-9]{80}"), 1),
    (S.SERVICE, "Perplexity API key", "pplx-",
     _token("pplx-", r"[A-Za-z0-9]{48}"), 1),
    (S.SERVICE, "JFrog Artifactory API key", "AKCp",
     _token("AKCp", r"[A-Za-z0-9]{69}"), 1),
    (S.SERVICE, "JFrog Artifactory reference token", "cmVmdGtu",
     _token("cmVmdGtuOjAxOj", r"[A-Za-z0-9]{50}"), 1),
    (S.SERVICE, "npm access token", "npm_",
     _token("npm_", r"[A-Za-z0-9]{36}"), 1),
    (S.SERVICE, "AWS access key ID", "A",
     # the look-behind after the "A", as in _token
     re.compile(r"(A(?<![A-Za-z0-9+/=]A)(?:KIA|SIA|BIA|CCA)[A-Z0-9]{16})(?![A-Za-z0-9+/=])"), 1),
    (S.SERVICE, "Slack bot token", "xoxb-",
     _token("xoxb-", r"[0-9]{8,14}-[0-9]{8,14}-[A-Za-z0-9]{20,32}"), 1),
    (S.SERVICE, "Slack user token", "xoxp-",
     _token("xoxp-", r"[0-9]{8,14}-[0-9]{8,14}-[0-9]{8,14}-[a-f0-9]{32}"), 1),
]

# database / broker URLs with a password: scheme://[user]:password@host
_DB_URL = re.compile(
    r"(?<![A-Za-z0-9+.-])(?P<scheme>postgres(?:ql)?|mysql|mariadb|mongodb(?:\+srv)?|rediss?|amqps?"
    r"|mssql|sqlserver|oracle|cockroachdb|clickhouse)(?:\+[a-z0-9]{1,20})?://"
    r"(?P<user>[^\s:/@\"'<>{}]{0,128}):(?P<pw>[^\s:/@\"'<>{}]{1,256})@(?=[A-Za-z0-9\[])"
)
_DB_GATES = ("postgres", "mysql", "mariadb", "mongodb", "redis", "amqp", "mssql", "sqlserver",
             "oracle", "cockroachdb", "clickhouse")

# private key blocks of every form: PKCS#8, RSA/EC/DSA (PKCS#1, SEC1), OpenSSH, encrypted,
# PGP armored; the end marker is found with str.find (no regex over the body)
_KEY_BEGIN = re.compile(r"-----BEGIN (?P<kind>(?:[A-Z0-9]{1,12} ){0,3})PRIVATE KEY(?P<block> BLOCK)?-----")
_ARMOR_HEADER = re.compile(r"^[ \t]*[A-Za-z][A-Za-z-]{0,30}:[^\n]*$", re.M)
_B64_CHARS = re.compile(r"[A-Za-z0-9+/=]")
_KEY_LABELS = {"": "PKCS#8 private key", "RSA": "RSA private key", "EC": "EC private key",
               "DSA": "DSA private key", "OPENSSH": "OpenSSH private key",
               "ENCRYPTED": "encrypted private key", "PGP": "PGP private key block"}
_PUTTY = re.compile(r"PuTTY-User-Key-File-[23]: [a-z0-9-]{3,40}")
_PUTTY_PRIVATE = re.compile(r"Private-Lines: [0-9]{1,3}")
MAX_KEY_BODY = 20_000


def _plausible(secret: str, core_from: int = 0) -> bool:
    """The part after a fixed prefix must look generated: not a placeholder, a run of one
    character, a sequence, or low-entropy filler (``ghp_XXXX...``, ``sk-proj-000...``)."""
    core = secret[core_from:]
    if V.is_placeholder(secret) or V.is_template(secret) or V.is_repetitive(core) or V.is_sequential(core):
        return False
    if S.is_known_example(secret):
        return False
    return V.shannon_entropy(core) >= (3.0 if len(core) >= 20 else 2.5)


def _prefix_len(secret: str) -> int:
    """Length of the documented prefix (up to and including its last ``_`` or ``-`` within
    the first 12 characters)."""
    cut = max(secret.rfind("_", 0, 12), secret.rfind("-", 0, 12))
    return cut + 1 if cut >= 0 else 0


def _shapes(text: str) -> Iterator[S.Match]:
    for code, label, gate, rx, group in KINDS:
        if gate not in text:
            continue
        for m in rx.finditer(text):
            secret = m.group(group)
            if not _plausible(secret, _core_from(secret) if not label.startswith("AWS") else 4):
                continue
            yield S.Match(code, label, m.start(group), m.end(group), secret)


def _db_urls(text: str) -> Iterator[S.Match]:
    low = text.lower()
    if "://" not in text or not any(g in low for g in _DB_GATES):
        return
    for m in _DB_URL.finditer(text):
        pw = m.group("pw")
        if V.is_template(pw) or V.is_placeholder(pw) or pw.startswith(("$", "%", "<")):
            continue
        if not (V.looks_like_password(pw) or V.looks_random(pw)):
            continue  # postgres:postgres, freqtrade:freqtrade: a local default, not a secret
        scheme = m.group("scheme").lower()
        what = "Redis" if scheme.startswith("redis") else "message broker" if scheme.startswith("amqp") else "database"
        yield S.Match(S.PASSWORD, f"password in a {what} URL", m.start("pw"), m.end("pw"), pw)


def _positions(text: str, literal: str) -> List[int]:
    out, at = [], text.find(literal)
    while at >= 0:
        out.append(at)
        at = text.find(literal, at + len(literal))
    return out


def _next(positions: List[int], after: int) -> int:
    """The first position at or after ``after`` within MAX_KEY_BODY, else -1: one pass to
    collect the markers, a bisection per block, so many headers without an end cost n log n."""
    i = bisect.bisect_left(positions, after)
    return positions[i] if i < len(positions) and positions[i] - after <= MAX_KEY_BODY else -1


def _key_blocks(text: str) -> Iterator[S.Match]:
    if "PRIVATE KEY" not in text:
        return
    ends = _positions(text, "-----END ")
    for m in _KEY_BEGIN.finditer(text):
        kind = m.group("kind").strip()
        end_marker = "-----END " + (kind + " " if kind else "") + "PRIVATE KEY" + (m.group("block") or "")
        end = _next(ends, m.end())
        if end < 0 or not text.startswith(end_marker, end):
            continue
        body = _ARMOR_HEADER.sub("", text[m.end():end].replace("\\n", "\n").replace("\\r", ""))
        b64 = "".join(_B64_CHARS.findall(body))
        if len(b64) < 40 or V.is_repetitive(b64[:40]) or V.shannon_entropy(b64) < 4.0:
            continue  # "-----BEGIN PRIVATE KEY-----\n...\n-----END" in docs
        first = kind.split(" ")[0] if kind else ""
        label = _KEY_LABELS.get(first, f"{kind.lower()} private key")
        if "ENCRYPTED" in body[:200] and first != "ENCRYPTED":
            label = "encrypted " + label
        stop = end + len(end_marker) + 5
        yield S.Match(S.PEM, label, m.start(), stop, text[m.start():stop])


def _putty(text: str) -> Iterator[S.Match]:
    if "PuTTY-User-Key-File-" not in text:
        return
    privs = [pm.end() for pm in _PUTTY_PRIVATE.finditer(text)]
    macs = _positions(text, "Private-MAC:")
    for m in _PUTTY.finditer(text):
        priv = _next(privs, m.end())
        if priv < 0:
            continue
        nl = text.find("\n", priv, priv + 10)
        stop = _next(macs, priv)
        if nl < 0 or stop < 0:
            continue
        b64 = "".join(_B64_CHARS.findall(text[nl:stop]))
        if len(b64) < 40 or V.shannon_entropy(b64) < 4.0:
            continue
        yield S.Match(S.PEM, "PuTTY private key", m.start(), stop, text[m.start():stop])


# Azure storage account keys: 64 random bytes in base64 (86 characters and "=="), a shape that
# needs context: detect-secrets' AzureStorageKeyDetector finds the ``AccountKey=`` form; this
# finds the key a few lines from a mention of Azure (a SQL ``CREATE DATABASE SCOPED CREDENTIAL``
# for an Azure blob, a connection split over lines, a config section).  Kraken secrets have the
# same shape, which is why the context is required.
_AZURE_KEY = re.compile(r"(?<![A-Za-z0-9+/=_-])([A-Za-z0-9+/]{86}==)(?![A-Za-z0-9+/=_-])")
_AZURE_MENTION = re.compile(r"azure|\.core\.windows\.net", re.I)
AZURE_CONTEXT_LINES = 2  # the mention is on the key's line or at most this many lines away
_NOT_A_KEY_BEFORE = ("sha512-", "sha384-", "ssh-rsa ", "ssh-ed25519 ", "ecdsa-sha2-")


def _azure_keys(text: str) -> Iterator[S.Match]:
    if "==" not in text:
        return
    low = text.lower()
    if "azure" not in low and ".core.windows.net" not in low:
        return
    keys = list(_AZURE_KEY.finditer(text))
    if not keys:
        return
    index = LineIndex(text)
    mention_lines = sorted({index.pos(m.start())[0] for m in _AZURE_MENTION.finditer(text)})
    for m in keys:
        key = m.group(1)
        if text[max(0, m.start() - 12):m.start()].lower().endswith(_NOT_A_KEY_BEFORE):
            continue  # an integrity hash, a public key
        line = index.pos(m.start())[0]
        i = bisect.bisect_left(mention_lines, line - AZURE_CONTEXT_LINES)
        if i == len(mention_lines) or mention_lines[i] > line + AZURE_CONTEXT_LINES:
            continue
        if not _plausible(key) or V.shannon_entropy(key) < 5.0:
            continue
        yield S.Match(S.SERVICE, "Azure storage account key", m.start(1), m.end(1), key)


def find(text: str) -> List[S.Match]:
    out: List[S.Match] = []
    for fn in (_key_blocks, _putty, _shapes, _db_urls, _azure_keys):
        out.extend(fn(text))
    return out


def _core_from(secret: str) -> int:
    """Where the generated part of a prefixed token starts: after its prefix; for a Slack
    token (``xoxb-<team>-<user>-<secret>``), whose numbers are ids, its last part."""
    if secret.startswith("xox") and secret.count("-") >= 2:
        return secret.rfind("-") + 1
    return _prefix_len(secret)


def plausible_token(secret: str) -> bool:
    """For a detect-secrets plugin's match: the value after its prefix looks generated."""
    return _plausible(secret, _core_from(secret))


def weak_url_password(secret: str) -> bool:
    """A URL password that is a plain word (``postgres:postgres@localhost``, ``guest:guest``):
    a local default, as in ``_db_urls``."""
    pw = secret.rsplit(":", 1)[-1].rstrip("@")
    return not (V.looks_like_password(pw) or V.looks_random(pw))


_TOKEN_CHAR = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")


def embedded(text: str, start: int, end: int) -> bool:
    """A plugin's match inside a much longer run of token characters (``ABIA...`` inside a
    base64 blob such as an inlined WASM module) is a coincidence, not a key.  A token a little
    longer than a plugin's pattern (Discord's newer tokens) is still one."""
    a = start
    while a > 0 and start - a < 256 and text[a - 1] in _TOKEN_CHAR:
        a -= 1
    b = end
    while b < len(text) and b - end < 256 and text[b] in _TOKEN_CHAR:
        b += 1
    run = b - a
    return run >= 100 and run >= 2 * (end - start)
