"""Deterministic fake credentials for rule docs, examples and tests.

Rule examples write ``{{fake:KIND}}``; ``expand`` replaces each marker with a value generated
here, so botlint's source holds no credential-shaped literal and every fake is random-looking
enough to behave like a real key.  None of these values is, or was ever, a real credential.
"""
from __future__ import annotations

import hashlib
import random
import re
import string
from typing import Callable, Dict

from .rule import FAKE_MARKER

_ALNUM = string.ascii_letters + string.digits
_B64 = _ALNUM + "+/"
_B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"


def _s(rng: random.Random, alphabet: str, n: int) -> str:
    return "".join(rng.choice(alphabet) for _ in range(n))


def _b58encode(raw: bytes) -> str:
    num = int.from_bytes(raw, "big")
    out = ""
    while num:
        num, r = divmod(num, 58)
        out = _B58[r] + out
    return "1" * (len(raw) - len(raw.lstrip(b"\0"))) + out


def _mnemonic(rng: random.Random, words: int = 12) -> str:
    from .secrets.shapes import bip39_words

    index = bip39_words()
    table = sorted(index, key=index.__getitem__)
    ent_bits = words * 11 * 32 // 33
    entropy = bytes(rng.randrange(256) for _ in range(ent_bits // 8))
    cs = words * 11 - ent_bits
    bits = (int.from_bytes(entropy, "big") << cs) | (hashlib.sha256(entropy).digest()[0] >> (8 - cs))
    return " ".join(table[(bits >> (11 * (words - 1 - i))) & 2047] for i in range(words))


def _solana(rng: random.Random) -> str:
    from .secrets.ed25519 import public_key

    seed = bytes(rng.randrange(256) for _ in range(32))
    return _b58encode(seed + public_key(seed))


def _pem(rng: random.Random) -> str:
    body = _s(rng, _B64, 64)
    head, tail = "-----BEGIN " + "PRIVATE KEY-----", "-----END " + "PRIVATE KEY-----"
    return f"{head}\\n{body}\\n{_s(rng, _B64, 60)}==\\n{tail}"


def _evm(rng: random.Random) -> str:
    return "0x" + _s(rng, "0123456789abcdef", 64)


GENERATORS: Dict[str, Callable[[random.Random], str]] = {
    "alnum64": lambda r: _s(r, _ALNUM, 64),
    "alnum36": lambda r: _s(r, _ALNUM, 36),
    "alnum18": lambda r: _s(r, _ALNUM, 18),
    "hex32u": lambda r: _s(r, "0123456789ABCDEF", 32),
    "hex64": lambda r: _s(r, "0123456789abcdef", 64),
    "uuid": lambda r: "-".join(_s(r, "0123456789abcdef", n) for n in (8, 4, 4, 4, 12)),
    "b64_88": lambda r: _s(r, _B64, 86) + "==",
    "password": lambda r: _s(r, string.ascii_letters, 6) + _s(r, string.digits, 3) + "!" + _s(r, _ALNUM, 4),
    "telegram": lambda r: f"{r.randrange(10**8, 10**10)}:AA{_s(r, _ALNUM + '_-', 33)}",
    "discord_webhook": lambda r: "https://discord.com/api/webhooks/"
    f"{r.randrange(10**17, 10**19)}/{_s(r, _ALNUM + '_-', 68)}",
    "slack_webhook": lambda r: "https://hooks.slack.com/services/"
    f"T{_s(r, string.ascii_uppercase + string.digits, 10)}"
    f"/B{_s(r, string.ascii_uppercase + string.digits, 10)}/{_s(r, _ALNUM, 24)}",
    "infura": lambda r: f"https://mainnet.infura.io/v3/{_s(r, '0123456789abcdef', 32)}",
    "alchemy": lambda r: f"https://eth-mainnet.g.alchemy.com/v2/{_s(r, _ALNUM, 32)}",
    "evm_key": _evm,
    "solana": _solana,
    "mnemonic": _mnemonic,
    "pem": _pem,
    "github": lambda r: "ghp_" + _s(r, _ALNUM, 36),
    "aws": lambda r: "AKIA" + _s(r, string.ascii_uppercase + "234567", 16),
    "bitget": lambda r: "bg_" + _s(r, "0123456789abcdef", 32),
}


def fake(kind: str, seed: int = 0) -> str:
    rng = random.Random(f"botlint-fake-{kind}-{seed}")
    return GENERATORS[kind](rng)


def placeholders(text: str) -> str:
    """Each marker as a readable placeholder (``<fake alnum64>``): for documentation that
    leaves the terminal (SARIF ``help``), where a generated fake would look like a key to
    every secret scanner that reads the report, botlint included."""
    return FAKE_MARKER.sub(lambda m: f"<fake {m.group(1)}>", text)


def expand(text: str, seed: int = 0) -> str:
    counter = {"n": 0}

    def sub(m: "re.Match[str]") -> str:
        counter["n"] += 1
        return fake(m.group(1), seed * 1000 + counter["n"])

    return FAKE_MARKER.sub(sub, text)
