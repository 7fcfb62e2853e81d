"""Credential values recognised by their shape alone, wherever they stand.

Only shapes that are specific enough to need no context live here (domain.md section 4): a
Telegram token, a Discord webhook, an Infura URL, a PEM private key, a checksum-valid BIP39
phrase, a Solana keypair whose public half matches its seed.  Shapes that collide with hashes
and ids (64 alnum, 64 hex, UUIDs) need a credential name and are judged in ``binding``.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import lru_cache
import os
from typing import Callable, Dict, Iterator, List, Optional, Tuple

from ..analysis import values as V
from . import ed25519
from .windowed import finditer_near

# rule codes (kept here as strings: the registry is not needed to scan)
API = "BOT101"
WALLET = "BOT102"
MNEMONIC = "BOT103"
PEM = "BOT104"
BOT_TOKEN = "BOT105"
WEBHOOK = "BOT106"
RPC = "BOT107"
PASSWORD = "BOT108"
SERVICE = "BOT109"
ENTROPY = "BOT110"

# a finding of a higher rank replaces an overlapping one of a lower rank
SPECIFICITY = {PEM: 90, MNEMONIC: 90, WALLET: 85, BOT_TOKEN: 80, WEBHOOK: 80, RPC: 80,
               SERVICE: 70, API: 60, PASSWORD: 50, ENTROPY: 10}


@dataclass(frozen=True)
class Match:
    code: str
    label: str  # what kind of credential, for the message
    start: int  # offsets into the scanned text
    end: int
    value: str  # never leaves the secrets package: hashed, measured, then dropped
    high_confidence: bool = True


# BIP39 mnemonics ----------------------------------------------------------------------------

@lru_cache(maxsize=1)
def bip39_words() -> Dict[str, int]:
    # read beside the package (importlib.resources costs a zipfile import on every cold run);
    # through importlib.resources where the package is not plain files (a zip import)
    try:
        with open(os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "data",
                               "bip39_english.txt"), encoding="utf-8") as fh:
            text = fh.read()
    except OSError:  # pragma: no cover - a zipped install
        from importlib import resources

        text = resources.files("botlint.data").joinpath("bip39_english.txt").read_text("utf-8")
    return {w: i for i, w in enumerate(text.split())}


# well-known public test vectors (sha256 of the phrase): the all-zero vector, hardhat/anvil's
# "test ... junk", and the BIP39 reference vectors people paste into examples
_TEST_PHRASE_HASHES = frozenset(
    hashlib.sha256(p.encode()).hexdigest()
    for p in (
        " ".join(["abandon"] * 11 + ["about"]),
        " ".join(["abandon"] * 23 + ["art"]),
        " ".join(["abandon"] * 17 + ["agent"]),
        " ".join(["test"] * 11 + ["junk"]),
        " ".join(["zoo"] * 11 + ["wrong"]),
        " ".join(["zoo"] * 23 + ["vote"]),
        " ".join(["legal", "winner", "thank", "year", "wave", "sausage", "worth", "useful"]
                 + ["legal", "winner", "thank", "yellow"]),
        " ".join(["letter", "advice", "cage", "absurd", "amount", "doctor", "acoustic", "avoid"]
                 + ["letter", "advice", "cage", "above"]),
        "candy maple cake sugar pudding cream honey rich smooth crumble sweet treat",
        "myth like bonus scare over problem client lizard pioneer submit female collect",
    )
)

# well-known public example credentials from vendor docs (sha256 of the value): Binance's
# HMAC signing example key pair, Telegram's Bot API example token
_KNOWN_EXAMPLE_HASHES = frozenset((
    "5ba1ed8425baaa72d558afddb8aaacdfe29ad0dc1a44dae76640127e83626d29",
    "23e9efa3ced6e70c7f2dbe0d08295f18f94b0cbd5c6026677e3bc51897ee31f2",
    "731fa294d036e54f19df879bfcd4fe72d967dc6327800c5f74a48414a3f258c9",
))


def is_public_jwt(token: str) -> bool:
    """Supabase-style anon keys are public by design (payload role "anon")."""
    import base64
    import json

    if not token.startswith("eyJ"):
        return False
    try:
        payload = token.split(".")[1]
        data = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    except (IndexError, ValueError):
        return False
    return isinstance(data, dict) and data.get("role") == "anon"


def is_known_example(value: str) -> bool:
    return hashlib.sha256(value.encode("utf-8", "replace")).hexdigest() in _KNOWN_EXAMPLE_HASHES


_WORD_RUN = re.compile(r"(?<![A-Za-z])(?:[a-z]{3,8}[ \t]+){11,23}[a-z]{3,8}(?![A-Za-z])")


def bip39_valid(words: List[str]) -> bool:
    table = bip39_words()
    if len(words) not in (12, 15, 18, 21, 24) or any(w not in table for w in words):
        return False
    bits = 0
    for w in words:
        bits = (bits << 11) | table[w]
    cs = len(words) * 11 // 33
    ent_bits = len(words) * 11 - cs
    entropy = (bits >> cs).to_bytes(ent_bits // 8, "big")
    return bits & ((1 << cs) - 1) == hashlib.sha256(entropy).digest()[0] >> (8 - cs)


def bip39_words_only(words: List[str]) -> bool:
    """12-24 words of the BIP39 list, at least half of them distinct, not a published test
    vector: a seed phrase, whatever its checksum says."""
    table = bip39_words()
    if len(words) not in (12, 15, 18, 21, 24) or any(w not in table for w in words):
        return False
    if len(set(words)) < len(words) // 2:
        return False
    return hashlib.sha256(" ".join(words).encode()).hexdigest() not in _TEST_PHRASE_HASHES


def _mnemonics(text: str) -> Iterator[Match]:
    table = bip39_words()
    for m in _WORD_RUN.finditer(text):
        words = m.group(0).split()
        # slide over longer runs: a phrase may sit inside a sentence of other list words
        for size in (24, 21, 18, 15, 12):
            for i in range(0, len(words) - size + 1):
                window = words[i : i + size]
                if all(w in table for w in window) and bip39_valid(window):
                    phrase = " ".join(window)
                    if hashlib.sha256(phrase.encode()).hexdigest() in _TEST_PHRASE_HASHES:
                        break
                    if len(set(window)) < size // 2:
                        break  # "abandon abandon ..." style synthetic vectors
                    start = m.start() + m.group(0).find(window[0])
                    yield Match(MNEMONIC, "BIP39 seed phrase", start, m.end(), phrase)
                    break
            else:
                continue
            break


# Solana keypairs -----------------------------------------------------------------------------

_B58_88 = re.compile(r"(?<![1-9A-HJ-NP-Za-km-z])[1-9A-HJ-NP-Za-km-z]{86,88}(?![1-9A-HJ-NP-Za-km-z])")
_INT_ARRAY = re.compile(r"\[\s*(?:\d{1,3}\s*,\s*){63}\d{1,3}\s*\]")


def _solana(text: str) -> Iterator[Match]:
    for m in _B58_88.finditer(text):
        raw = V.b58decode(m.group(0))
        if raw is not None and ed25519.is_keypair(raw):
            yield Match(WALLET, "Solana keypair (base58)", m.start(), m.end(), m.group(0))
    for m in _INT_ARRAY.finditer(text):
        nums = [int(x) for x in re.findall(r"\d+", m.group(0))]
        if not all(n < 256 for n in nums):
            continue
        if ed25519.is_keypair(bytes(nums)):
            yield Match(WALLET, "Solana keypair (byte array)", m.start(), m.end(), m.group(0))
        elif not text[:m.start()].strip() and not text[m.end():].strip() and len(set(nums)) > 16:
            # a file that is nothing but 64 bytes is solana-keygen's keypair file (``id.json``),
            # even when its halves do not verify (a keypair edited by hand or made up for a demo)
            yield Match(WALLET, "Solana keypair file (64-byte array)", m.start(), m.end(), m.group(0))


# PEM private keys ----------------------------------------------------------------------------

# The header, the body and the footer are matched separately: one regex with a lazy body in
# front of the footer was exponential (two classes of the body both took "+") and rescanned the
# rest of the file from every header without a footer.  Here every header is matched once, the
# next footer is found with ``str.find``, and a body that fails is remembered by its last bad
# character, so every later header before it is skipped: linear in the text.
_PEM_BEGIN = re.compile(r"-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----")
_PEM_END = re.compile(r"-----END (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----")
# a body: base64, blanks, quotes and "+" of string concatenation, escaped newlines
_PEM_BODY = re.compile(r"(?:\\[nr]|[\s\"'A-Za-z0-9+/=:,-])*")
_PEM_BAD = re.compile(r"\\(?![nr])|[^\s\"'A-Za-z0-9+/=:,\\-]")
# a header followed by key material but no footer (a truncated paste)
_PEM_OPEN = re.compile(r"(?:\\n|[\s\"']){0,8}[A-Za-z0-9+/]{40}")


def _pem_spans(text: str) -> Iterator[Tuple[int, int, int, int]]:
    """(start, end, body start, body end) of each key, as the old single regex found them."""
    end_at = -2  # offset of the next footer at or after ``end_from`` (-1: none)
    end_from = -1
    skip_before = -1  # a header starting before this cannot have a valid body
    pos = 0
    while True:
        m = _PEM_BEGIN.search(text, pos)
        if m is None:
            return
        pos = m.end()
        if m.start() >= skip_before:
            if end_from < 0 or end_at >= 0 and end_at < m.end() or end_at == -2:
                end_at, end_from = -1, m.end()
                at = text.find("-----END ", m.end())
                while at >= 0:
                    if _PEM_END.match(text, at):
                        end_at = at
                        break
                    at = text.find("-----END ", at + 1)
            if end_at >= 0:
                body = _PEM_BODY.match(text, m.end(), end_at)
                assert body is not None  # a starred pattern: it matches, if only the empty string
                if body.end() == end_at:
                    close = _PEM_END.match(text, end_at)
                    assert close is not None  # end_at is where _PEM_END matched above
                    yield m.start(), close.end(), m.end(), end_at
                    pos = close.end()
                    continue
                last_bad = m.end()
                for bad in _PEM_BAD.finditer(text, m.end(), end_at):
                    last_bad = bad.end()
                skip_before = last_bad
        opened = _PEM_OPEN.match(text, m.end())
        if opened:
            yield m.start(), opened.end(), m.end(), opened.end()
            pos = opened.end()


def _pem(text: str) -> Iterator[Match]:
    for start, end, b0, b1 in _pem_spans(text):
        b64 = re.sub(r"\\[nr]|[^A-Za-z0-9+/=]", "", text[b0:b1])
        if len(b64) < 40 or V.is_repetitive(b64[:40]) or V.shannon_entropy(b64) < 4.0:
            continue  # "-----BEGIN PRIVATE KEY-----\n...\n-----END" in docs
        yield Match(PEM, "PEM private key", start, end, text[start:end])


# simple regex shapes -------------------------------------------------------------------------

_SIMPLE: List[Tuple[str, str, "re.Pattern[str]", int]] = [
    (BOT_TOKEN, "Telegram bot token",
     re.compile(r"(?<![\w:])(\d{8,10}:[A-Za-z0-9_-]{35})(?![\w-])"), 1),
    (WEBHOOK, "Discord webhook URL",
     re.compile(r"https://(?:(?:ptb|canary)\.)?discord(?:app)?\.com/api(?:/v\d+)?/webhooks/"
                r"\d{17,20}/([A-Za-z0-9_-]{60,68})"), 0),
    (WEBHOOK, "Slack webhook URL",
     re.compile(r"https://hooks\.slack\.com/(?:services|workflows|triggers)/"
                r"T[A-Z0-9]{8,12}/[A-Z0-9]{8,12}/([A-Za-z0-9]{20,32})"), 0),
    (RPC, "Infura project key in an RPC URL",
     re.compile(r"(?:https|wss)://[a-z0-9-]+\.infura\.io/(?:ws/)?v3/([0-9a-f]{32})(?![0-9a-f])"), 0),
    (RPC, "Alchemy API key in an RPC URL",
     re.compile(r"(?:https|wss)://[a-z0-9-]+\.(?:g\.alchemy\.com|alchemyapi\.io)/v2/"
                r"([A-Za-z0-9_-]{32})(?![A-Za-z0-9_-])"), 0),
    (RPC, "QuickNode endpoint token in an RPC URL",
     re.compile(r"https?://[a-z0-9-]+(?:\.[a-z0-9-]+)*\.quiknode\.pro/([0-9a-f]{32,64})"), 1),
    (RPC, "Ankr API key in an RPC URL",
     re.compile(r"https://rpc\.ankr\.com/[a-z0-9_]+/([0-9a-f]{64})"), 1),
    (RPC, "Helius API key in an RPC URL",
     re.compile(r"https?://[a-z0-9-]+\.helius-rpc\.com/?\?api-key=([0-9a-f-]{36})"), 1),
    (API, "Bitget API key",
     re.compile(r"(?<![A-Za-z0-9_])(bg_[0-9a-f]{32})(?![0-9a-zA-Z])"), 1),
    (API, "MEXC API key",
     re.compile(r"(?<![A-Za-z0-9])(mx0[A-Za-z0-9]{15})(?![A-Za-z0-9])"), 1),
    (API, "Coinbase CDP API key name",
     re.compile(r"organizations/[0-9a-f-]{36}/apiKeys/([0-9a-f-]{36})"), 0),
]


# a literal every match of the regex at the same index contains (None: always run)
_SIMPLE_GATES = (":", "discord", "hooks.slack.com", "infura.io", "alchemy", "quiknode.pro",
                 "rpc.ankr.com", "helius-rpc.com", "bg_", "mx0", "apiKeys/")
if len(_SIMPLE_GATES) != len(_SIMPLE):  # pragma: no cover - a developer error
    raise AssertionError("one gate per simple shape")


# A key in a URL's query.  Matched from the parameter backwards: ``https?://[^\s"'<>]+?[?&]token=``
# restarted a scan of the whole rest of a long token from every "https://" in it.  The URL
# starts at the first scheme of the unbroken run before the parameter, looked for at most
# URL_LOOKBACK characters back (longer URLs are not credentials people paste).
_URL_QUERY = re.compile(r"[?&](?:api[-_]?key|apikey|access[-_]?token|auth[-_]?token|token)=([A-Za-z0-9_\-]{20,})")
URL_LOOKBACK = 2048
_URL_STOPS = " \t\n\r\f\v\"'<>"


def _url_query_matches(text: str) -> Iterator[Tuple[int, int, int, int]]:
    """(url start, end, key start, key end)."""
    if "://" not in text:
        return
    last_end = 0
    for m in _URL_QUERY.finditer(text):
        lo = max(last_end, m.start() - URL_LOOKBACK)
        run = max(text.rfind(c, lo, m.start()) for c in _URL_STOPS) + 1
        run = max(run, lo)
        starts = [i for i in (text.find("http://", run, m.start()), text.find("https://", run, m.start())) if i >= 0]
        if not starts:
            continue
        start = min(starts)
        if text.find("://", start) + 3 >= m.start():
            continue  # nothing between the scheme and the query
        last_end = m.end()
        yield start, m.end(), m.start(1), m.end(1)


# the Telegram token's digits and colon: every match holds one, the colon at most 10 characters
# after the match's start, and ends 35 characters (and one of look-ahead) after it
_TELEGRAM_ANCHOR = re.compile(r"\d:")


# label -> (anchor, back, forward) of the shapes whose pattern starts with a look-behind
# (tried at every position of the text): run near their anchors only (secrets.windowed)
_WINDOWS = {"Telegram bot token": (_TELEGRAM_ANCHOR, 10, 37)}


def _simple_matches(label: str, rx: "re.Pattern[str]", text: str) -> Iterator["re.Match[str]"]:
    window = _WINDOWS.get(label)
    if window is not None:
        return finditer_near(rx, text, window[0], back=window[1], forward=window[2])
    return rx.finditer(text)


def _simple(text: str) -> Iterator[Match]:
    found = [(code, label, m.group(1), m.start(group), m.end(group), m.group(0))
             for (code, label, rx, group), gate in zip(_SIMPLE, _SIMPLE_GATES) if gate in text
             for m in _simple_matches(label, rx, text)]
    found.extend((SERVICE, "API key in a URL query", text[k0:k1], k0, k1, text[u0:u1])
                 for u0, u1, k0, k1 in _url_query_matches(text))
    for code, label, secret, start, end, whole in found:
        if V.is_placeholder(secret) or V.is_repetitive(secret[-20:]):
            continue
        core = secret.split(":", 1)[-1]
        if code != WEBHOOK and not V.looks_random(core, 3.0, 2.5, min_len=12):
            continue
        if is_known_example(secret) or V.is_template(whole):
            continue
        yield Match(code, label, start, end, whole)


# public entry --------------------------------------------------------------------------------

# cheap substring gates: a detector runs only when its gate appears in the text
_GATES: List[Tuple[Callable[[str], Iterator[Match]], Callable[[str], bool]]] = [
    (_simple, lambda t: True),
    (_pem, lambda t: "PRIVATE KEY" in t),
    (_solana, lambda t: True),
    (_mnemonics, lambda t: True),
]


def find(text: str) -> List[Match]:
    out: List[Match] = []
    for fn, gate in _GATES:
        if gate(text):
            out.extend(fn(text))
    return out


def evm_private_key(value: str) -> bool:
    """64 hex digits (0x optional) in the secp256k1 range, not all one digit."""
    v = value[2:] if value[:2] in ("0x", "0X") else value
    if not re.fullmatch(r"[0-9a-fA-F]{64}", v):
        return False
    k = int(v, 16)
    n = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141
    return 1 < k < n and not V.is_repetitive(v) and V.shannon_entropy(v.lower()) > 3.0


def solana_keypair(value: str) -> bool:
    if _B58_88.fullmatch(value):
        raw = V.b58decode(value)
        return raw is not None and ed25519.is_keypair(raw)
    return False


def describe(value: str) -> Optional[str]:
    """A label for a value's shape when it matches a known exchange format (message only)."""
    v = value
    if re.fullmatch(r"[A-Za-z0-9]{64}", v) and re.search(r"[a-z]", v) and re.search(r"[A-Z]", v):
        return "Binance-style 64-character key"
    if re.fullmatch(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", v):
        return "OKX/KuCoin-style UUID"
    if re.fullmatch(r"[0-9A-F]{32}", v):
        return "OKX-style 32-hex secret"
    if re.fullmatch(r"[A-Za-z0-9+/]{86}==", v):
        return "Kraken-style base64 secret"
    return None
