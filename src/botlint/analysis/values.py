"""Is a literal value credential-like, or a placeholder, template, label, id, address or hash?

This is where precision is won: ``api_secret = "<64 random chars>"`` is a finding,
``"YOUR_API_SECRET"``, ``"${SECRET}"``, ``"BINANCE_API_SECRET"``, ``"Bearer"``, ``""``,
``"********"`` and ``"0x" + 40 hex`` are not.
"""
from __future__ import annotations

import math
import re
from collections import Counter
from functools import lru_cache
from typing import Iterable, Optional, Sequence

from . import names as N

_TEMPLATE = re.compile(
    # the bodies exclude their own opener, so a flood of "${" or "{{" is not rescanned from each
    r"\$\{[^{}]*\}|\{\{[^{}\n]*\}\}|%\([^()]*\)[sd]|^\$[A-Za-z_{(]|^<[^<>]+>$|^\{[A-Za-z_][\w.]*\}$"
    r"|^%[A-Z_]+%$|^\[[A-Z_ ]+\]$|\bos\.environ|\bgetenv\(|^env\(|^ENC\[|^vault:|^!vault|^secret://"
    r"|^op://|^arn:aws:secretsmanager"
)
_ENV_NAME = re.compile(r"[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+|[A-Z]{2,}[0-9]{0,4}")
_DOTTED_PATH = re.compile(r"[a-z_][a-z0-9_]*(?:[.:][a-z_][a-z0-9_-]*)+")
# markers that make any value a placeholder, wherever they stand
_STRONG_PLACEHOLDER = re.compile(
    r"example|placeholder|your|changeme|change[_-]?me|replace|redacted|dummy|sample|xxxx|"
    r"insert|enter[_-]|[_-]here\b|^here$|todo|fixme|\.\.\.|…|\*\*\*|<[a-z_ -]+>|not[_-]?set|"
    r"^none$|^null$|^nil$|^undefined$|^false$|^true$|^n/?a$|^tbd$|^secret$|sentinel",
    re.I,
)
_WEAK_WORDS = sorted(
    """api key keys secret secrets password passwd pwd pass token tokens test tests testing fake
    mock mocked demo my the value values default none null string str foo bar baz qux quux abc xyz
    admin user username bot binance bybit okx kraken coinbase kucoin exchange telegram discord
    private public access auth client id new old sandbox testnet secure super strong wallet
    mnemonic seed phrase passphrase word words hello world qwerty letmein welcome some random
    valid invalid wrong bad good sk pk hmac sign signature signing here account my_ local dev
    prod production staging encrypted plain text live real dummy data info config""".split(),
    key=len,
    reverse=True,
)
# words that make a value read as an example rather than a key ("test_api_key", "password123")
_MARKER_WORDS = re.compile(
    r"test|fake|mock|demo|dummy|my|sample|secret|passw|pass|pwd|key|token|api|abc|foo|bar|baz|"
    r"qwerty|letmein|welcome|hello|admin|user|default|value|string|none|null|sandbox|testnet",
    re.I,
)
_WEAK_RE = re.compile("|".join(re.escape(w) for w in _WEAK_WORDS) + r"|\d{1,6}|[^a-z0-9]", re.I)
_HEX = re.compile(r"[0-9a-fA-F]+")
_B58 = re.compile(r"[1-9A-HJ-NP-Za-km-z]+")
_TOKEN_CHARS = re.compile(r"[A-Za-z0-9+/=_\-.:~!@#$%^&*?|,;]+")
_B58_ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"


def shannon_entropy(s: str) -> float:
    if not s:
        return 0.0
    n = len(s)
    return -sum(c / n * math.log2(c / n) for c in Counter(s).values())


def b58decode(s: str) -> Optional[bytes]:
    num = 0
    for ch in s:
        i = _B58_ALPHABET.find(ch)
        if i < 0:
            return None
        num = num * 58 + i
    body = num.to_bytes((num.bit_length() + 7) // 8, "big") if num else b""
    pad = len(s) - len(s.lstrip("1"))
    return b"\x00" * pad + body


def _base58check(v: str) -> bool:
    import hashlib

    raw = b58decode(v)
    if raw is None or len(raw) < 5:
        return False
    body, check = raw[:-4], raw[-4:]
    return hashlib.sha256(hashlib.sha256(body).digest()).digest()[:4] == check


def is_template(v: str) -> bool:
    return bool(_TEMPLATE.search(v))


def is_sequential(v: str) -> bool:
    """abcdefgh, 12345678, 0123456789abcdef, qwertyuiop and the like (detect-secrets' filter),
    and character sets written out (``a-z`` + ``A-Z`` + ``0-9`` + ``_-``: an alphabet constant)."""
    low = v.lower()
    if len(low) >= 6 and _is_seq(low[::-1]):
        return True
    return _is_seq(low) or _mostly_runs(v)


def _mostly_runs(v: str) -> bool:
    """At least 80% of a 16+ character value lies in ascending runs of 4+ consecutive code
    points (``abcd...XYZ0123...``): a written-out alphabet; random keys have almost no such runs."""
    if len(v) < 16:
        return False
    covered, run = 0, 1
    for a, b in zip(v, v[1:]):
        if ord(b) == ord(a) + 1:
            run += 1
            continue
        covered += run if run >= 4 else 0
        run = 1
    covered += run if run >= 4 else 0
    return covered >= 0.8 * len(v)


def _is_seq(low: str) -> bool:
    seqs = (
        "abcdefghijklmnopqrstuvwxyz0123456789" * 2,
        "0123456789abcdefghijklmnopqrstuvwxyz" * 2,
        "0123456789abcdef" * 4,
        "qwertyuiopasdfghjklzxcvbnm" * 2,
        "9876543210" * 4,
    )
    return len(low) >= 6 and any(low in s for s in seqs)


def is_repetitive(v: str) -> bool:
    if len(set(v)) <= 2:
        return True
    for size in range(1, min(8, len(v) // 2) + 1):
        chunk = v[:size]
        if (chunk * (len(v) // size + 1))[: len(v)] == v:
            return True
    return False


@lru_cache(maxsize=8192)
def is_placeholder(v: str, extra: Sequence[str] = ()) -> bool:
    if is_obvious_placeholder(v, extra):
        return True
    s = v.strip().strip("\"'`")
    pieces = [p for p in re.split(r"[:_\-.\s/]+", s) if p]
    if pieces and all(is_sequential(p) or is_repetitive(p) or p.isdigit() and len(p) <= 4 for p in pieces):
        return True
    if not _MARKER_WORDS.search(s):
        return False
    rest = _WEAK_RE.sub("", s)
    return len(rest) < 4


def is_env_name(v: str) -> bool:
    """``BINANCE_API_SECRET``, ``NPM_TOKEN``: the name of an environment variable."""
    return bool(_ENV_NAME.fullmatch(v))


def is_obvious_placeholder(v: str, extra: Sequence[str] = ()) -> bool:
    """The placeholders of a credential store's password field (``secrets.stores``): the
    marker words (example, your, changeme, dummy, redacted, xxxx, ``***``, ``<...>``), a
    repeated or sequential run, a configured pattern.  Not ``is_placeholder``'s weak-word test:
    ``pass123`` there is a weak password, and a weak password in a credential store is a leak."""
    s = v.strip().strip("\"'`")
    if not s:
        return True
    if any(re.fullmatch(p, s) for p in extra):
        return True
    strong = _STRONG_PLACEHOLDER.search(s)
    if strong and not _random_around(s, strong):
        return True
    return is_repetitive(s) or is_sequential(s)


def _random_around(s: str, m: "re.Match[str]") -> bool:
    """A placeholder word that a long random value happens to contain (``YOUr...``, ``...toDo...``
    inside 64 random base64 characters: about one real key in a thousand): the rest of the
    value, without the word, is still long, random and free of any other placeholder word."""
    if len(s) < 32 or not m.group(0).isalpha():
        return False
    rest = s[:m.start()] + s[m.end():]
    return len(rest) >= 28 and not _STRONG_PLACEHOLDER.search(rest) and shannon_entropy(rest) > 4.0 \
        and looks_random(rest) and _worded_share(rest) < 0.5


def _worded_share(v: str) -> float:
    """The share of ``v`` in pronounceable pieces of 4+ letters (``Binance``, ``Secret``): about
    0.9 for camelCase prose, under 0.3 for random base64."""
    worded = sum(len(p) for p in _PIECE.findall(v)
                 if len(p) >= 4 and p.isalpha() and re.search(r"[aeiouy]", p.lower())
                 and not re.search(r"[^aeiouy]{4,}", p.lower()))
    return worded / max(1, len(v))


def is_public_address(v: str, base58_pubkeys: bool = True) -> bool:
    if re.fullmatch(r"0x[0-9a-fA-F]{40}", v):
        return True  # EVM address
    if re.fullmatch(r"(?:bc1|tb1)[02-9ac-hj-np-z]{25,87}", v):
        return True  # bech32 bitcoin address
    if _HEX.fullmatch(v):
        return False
    if re.fullmatch(r"[13][1-9A-HJ-NP-Za-km-z]{25,34}", v) and _base58check(v):
        return True  # bitcoin address
    if re.fullmatch(r"r[1-9A-HJ-NP-Za-km-z]{24,34}", v):
        return True  # XRPL classic address
    if base58_pubkeys and 32 <= len(v) <= 44 and _B58.fullmatch(v):
        raw = b58decode(v)
        if raw is not None and len(raw) == 32:
            return True  # Solana / ed25519 public key, program id, mint
    return False


def is_probably_path_or_url(v: str) -> bool:
    if len(v) >= 32 and re.fullmatch(r"[A-Za-z0-9+/]+={0,2}", v) and "." not in v and \
            max(len(p) for p in v.split("/")) >= 16 and shannon_entropy(v) > 4.0:
        return False  # base64 that happens to contain or start with '/'
    if "://" in v or v.startswith(("/", "./", "../", "~/", "\\\\")) or re.match(r"[A-Za-z]:\\", v):
        return True
    if re.search(r"\.(?:json|ya?ml|pem|key|txt|env|cfg|ini|toml|py|csv|log|db|sqlite|gpg|asc)$", v, re.I):
        return True
    return False


_PIECE = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])|\d+")


def looks_wordy(v: str) -> bool:
    """Human words joined: 'NextToken', 'Bearer', 'SuperSecurePassword', 'my-secret-name',
    'api-key-sentinel-0001'; not random letters such as 'xQzTrwbkLm_pqA'."""
    if not re.fullmatch(r"[A-Za-z0-9 _\-.]+", v):
        return False
    pieces = _PIECE.findall(v)
    words = [p for p in pieces if not p.isdigit()]
    if not words:
        return False
    if any(p.isdigit() for p in pieces) and (len(words) < 2 or sum(len(p) for p in pieces if p.isdigit()) > 6):
        return False
    for w in words:
        low = w.lower()
        if w.isupper() and len(w) <= 5:
            continue  # abbreviations: API, URL, ID
        if len(low) < 3 or not re.search(r"[aeiouy]", low) or re.search(r"[^aeiouy]{5,}", low):
            return False
    return True


def char_classes(v: str) -> int:
    return sum(bool(re.search(p, v)) for p in (r"[a-z]", r"[A-Z]", r"\d", r"[^A-Za-z0-9]"))


def looks_random(v: str, base64_limit: float = 3.5, hex_limit: float = 2.8, min_len: int = 16) -> bool:
    """A machine-generated key, secret or token rather than a word, id or number."""
    if len(v) < min_len or not _TOKEN_CHARS.fullmatch(v):
        return False
    if v.isdigit() or looks_wordy(v):
        return False
    if _HEX.fullmatch(v):
        return shannon_entropy(v) >= hex_limit
    if re.fullmatch(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}", v):
        return shannon_entropy(v.replace("-", "")) >= hex_limit
    # entropy of a random string is bounded by log2(len): scale the limit for short keys
    limit = min(base64_limit, math.log2(len(v)) - (1.0 if len(v) < 24 else 0.7))
    if shannon_entropy(v) < limit:
        return False
    return char_classes(v) >= 2


# Punctuation generated secrets draw from beyond ``_TOKEN_CHARS``: Django's
# ``get_random_secret_key()`` takes ``!@#$%^&*(-_=+)``, so half of its keys hold a parenthesis
_GENERATED_PUNCT = frozenset("!@#$%^&*()-_=+[]{}<>~|;:,.?/")


def looks_generated_printable(v: str) -> bool:
    """A long secret drawn from letters, digits and punctuation that ``looks_random`` does not
    take (a Django ``SECRET_KEY`` such as ``k3(x!...)``): 40 to 512 printable characters with no
    blank, quote or backslash, three classes or more, five punctuation characters or more, few
    pronounceable pieces and high entropy.  Checked without a pattern (a loop over the characters)."""
    if not 40 <= len(v) <= 512 or not all(c.isalnum() and c.isascii() or c in _GENERATED_PUNCT for c in v):
        return False
    if sum(c in _GENERATED_PUNCT for c in v) < 5 or char_classes(v) < 3:
        return False
    if _worded_share(v) > 0.3:
        return False  # SELECT(password)FROM(users)...: words joined by punctuation
    return shannon_entropy(v) >= 4.6 and not is_probably_path_or_url(v)


def looks_like_password(v: str) -> bool:
    if len(v) < 6 or len(v) > 128 or any(c.isspace() for c in v):
        return False
    if v.isdigit() or looks_wordy(v):
        return False
    return char_classes(v) >= 2 and len(set(v)) >= 5


def credential_value(value: str, kind: str, *, base64_limit: float = 3.5, hex_limit: float = 2.8,
                     extra_placeholders: Iterable[str] = ()) -> bool:
    """Is ``value``, bound to a name of credential ``kind``, a real-looking credential?"""
    v = value.strip()
    if not v or len(v) > 10_000:
        return False
    extra = tuple(extra_placeholders)
    if is_template(v) or is_placeholder(v, extra):
        return False
    if kind == N.WEBHOOK:
        return False  # only by URL shape (secrets.detectors), never by name alone
    if kind == N.MNEMONIC:
        return False  # only by the BIP39 check (secrets.detectors)
    if _ENV_NAME.fullmatch(v) or _DOTTED_PATH.fullmatch(v):
        return False  # the *name* of an env var or a config path
    pubkeys_possible = kind in (N.TOKEN_MAYBE, N.KEY_MAYBE, N.PRIVATE_KEY)
    if is_probably_path_or_url(v) or is_public_address(v, base58_pubkeys=pubkeys_possible):
        return False
    if kind in (N.PASSWORD,):
        return looks_like_password(v) or looks_random(v, base64_limit, hex_limit)
    if kind == N.EXCHANGE:
        # passphrases are user-chosen: a password shape is enough when short
        return looks_random(v, base64_limit, hex_limit, min_len=16) or looks_generated_printable(v) or (
            len(v) < 16 and looks_like_password(v) and char_classes(v) >= 3
        )
    if kind == N.PRIVATE_KEY:
        return looks_random(v.removeprefix("0x"), base64_limit, hex_limit, min_len=32)
    if kind in (N.TOKEN, N.SECRET, N.BOT_TOKEN, N.SERVICE):
        return looks_random(v, base64_limit, hex_limit, min_len=16) or looks_generated_printable(v)
    if kind in (N.TOKEN_MAYBE, N.KEY_MAYBE):
        if re.fullmatch(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}", v):
            return False  # a bare "key"/"token" holding a UUID is a record or idempotency key
        return looks_random(v, max(base64_limit, 4.0), max(hex_limit, 3.0), min_len=24)
    return False

