"""Judge a literal bound to a name: ``api_secret = "..."``, ``{"apiKey": "..."}``, ``KEY=...``.

Shared by the Python rule (names from assignments, arguments, dict keys) and the config-file
scanner (names from JSON/YAML/TOML/INI/.env keys), so both draw the same line between a
credential and a placeholder.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional, Sequence, Tuple

from ..analysis import names as N
from ..analysis import values as V
from ..model import Confidence
from . import shapes as S


@dataclass(frozen=True)
class Verdict:
    code: str
    label: str
    confidence: Confidence
    shape: str = ""  # the known exchange format the value has, for the message


def _label(name: str, kind: str) -> str:
    ws = N.words(name)
    if kind == N.EXCHANGE:
        if "passphrase" in ws or "password" in ws:
            return "API passphrase"
        if "secret" in ws:
            return "API secret"
        return "API key"
    return {
        N.PRIVATE_KEY: "private key",
        N.MNEMONIC: "seed phrase",
        N.BOT_TOKEN: "bot token",
        N.PASSWORD: "password",
        N.TOKEN: "access token",
        N.TOKEN_MAYBE: "token",
        N.SECRET: "secret",
        N.KEY_MAYBE: "API key",
        N.WEBHOOK: "webhook URL",
        N.SERVICE: "service credential",
    }.get(kind, "credential")


def _is_encrypted_blob(v: str) -> bool:
    """hummingbot stores secure config values as hex of an encrypted keyfile JSON."""
    if len(v) > 100 and re.fullmatch(r"[0-9a-f]+", v) and len(v) % 2 == 0:
        try:
            return bytes.fromhex(v[:16]).decode("ascii").lstrip().startswith("{")
        except (ValueError, UnicodeDecodeError):
            return False
    return False


_FERNET = re.compile(r"[A-Za-z0-9_-]{43}=")


def fernet_key(value: str) -> bool:
    """32 random bytes in url-safe base64 with at least one of its two url-safe characters:
    the shape of a ``cryptography.fernet`` key (``Fernet.generate_key()``), which an API
    secret in standard base64 never has."""
    return bool(_FERNET.fullmatch(value)) and ("-" in value or "_" in value) and V.looks_random(value)


ACCOUNT_KEY_LABEL = "API key (as the key of an account entry)"


# names that hold base64 of ``user:password`` (Docker's ``auths.<registry>.auth``, npm's ``_auth``)
BASIC_AUTH_NAMES = frozenset({"auth", "_auth"})
BASIC_AUTH_LABEL = "registry credential (base64 of user:password)"


def basic_auth_pair(value: str, min_len: int = 8) -> Optional[Tuple[str, str]]:
    """(user, password) of a base64 ``user:password`` (what ``docker login`` stores in
    ``~/.docker/config.json`` and npm in ``_auth``), or None when the value is not one."""
    import base64
    import binascii

    v = value.strip()
    if not min_len <= len(v) <= 4096 or any(c not in _B64_CHARS for c in v):
        return None
    try:
        raw = base64.b64decode(v + "=" * (-len(v) % 4), validate=True).decode("utf-8")
    except (binascii.Error, ValueError):
        return None
    user, sep, password = raw.partition(":")
    if not sep or not user or any(not c.isprintable() for c in raw):
        return None
    return user, password


def basic_auth_password(value: str) -> Optional[str]:
    """The password inside a base64 ``user:password``, or None (not one, or no password)."""
    pair = basic_auth_pair(value)
    return pair[1] if pair and pair[1] else None


_B64_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=")


def is_account_key(name: str) -> bool:
    """A dict or config key that is itself an exchange API key (accounts keyed by API key): a
    known exchange key format (Binance's 64 characters, OKX/KuCoin's UUID, ...) that also looks
    machine-generated.  Reported only when a credential bound under it is (precision first)."""
    return S.describe(name) is not None and V.looks_random(name)


def shape_verdict(value: str) -> Optional[Verdict]:
    """Shapes specific enough to need no name (the same ones the line pass finds)."""
    for m in S.find(value):
        if m.start == 0 or (m.end - m.start) >= len(value) * 0.8:
            return Verdict(m.code, m.label, Confidence.HIGH)
    return None


_UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")


def judge(name: str, value: str, parents: Tuple[str, ...] = (), *, kind: Optional[str] = None,
          base64_limit: float = 3.5, hex_limit: float = 2.8,
          extra_placeholders: Sequence[str] = (), in_test: bool = False) -> Optional[Verdict]:
    """``kind`` overrides the name (a call context such as ``Account.from_key(...)``).

    ``in_test``: the file is a test file (``engine.source.is_test_path``).  There a bare UUID
    bound to a credential name is fixture data (a record id used as ``id=BYBIT_KEY``, a mocked
    ``SessionToken``), not a credential; outside tests it stays one (OKX and KuCoin API keys
    are UUIDs)."""
    kind = kind or N.classify(name, tuple(parents))
    if kind is None:
        return None
    v = value.strip()
    if _is_encrypted_blob(v):
        return None
    if in_test and _UUID.fullmatch(v):
        return None
    if kind == N.MNEMONIC:
        words = v.split()
        if S.bip39_valid(words) and shape_verdict(" ".join(words)):
            return Verdict(S.MNEMONIC, "BIP39 seed phrase", Confidence.HIGH)
        if S.bip39_words_only(words):
            # bound to a seed-phrase name, 12-24 words of the list: a phrase typed by hand or
            # made up for a demo has a wrong checksum, and is still a seed phrase in the code
            return Verdict(S.MNEMONIC, "BIP39 seed phrase (checksum not valid)", Confidence.MEDIUM)
        return None
    if kind in (N.PRIVATE_KEY, N.EXCHANGE, N.SECRET, N.KEY_MAYBE) and S.evm_private_key(v):
        if kind == N.PRIVATE_KEY or "wallet" in N.words(name) or not re.fullmatch(r"[0-9a-f]{64}", v):
            return Verdict(S.WALLET, "EVM private key", Confidence.HIGH)
    if kind in (N.PRIVATE_KEY, N.SECRET, N.EXCHANGE) and S.solana_keypair(v):
        return Verdict(S.WALLET, "Solana keypair", Confidence.HIGH)
    if S.is_known_example(v) or S.is_public_jwt(v):
        return None
    if kind == N.BOT_TOKEN and re.match(r"\d+:", v) and not re.fullmatch(r"\d{8,10}:[\w-]{35}", v):
        return None  # a malformed Telegram token is a docs example, not a token
    ws = N.words(name)
    judge_as = N.PASSWORD if kind == N.EXCHANGE and ("passphrase" in ws or "password" in ws) else kind
    if not V.credential_value(v, judge_as, base64_limit=base64_limit, hex_limit=hex_limit,
                              extra_placeholders=extra_placeholders):
        return None
    label = _label(name, kind)
    if kind in (N.KEY_MAYBE, N.SECRET) and fernet_key(v):
        label = "encryption key (Fernet-style)"  # a bare KEY holding 32 url-safe base64 bytes
    randomish = V.looks_random(v, base64_limit, hex_limit)
    if kind in (N.EXCHANGE, N.KEY_MAYBE):
        code = S.API
    elif kind == N.SERVICE:
        code = S.SERVICE
    elif kind == N.PRIVATE_KEY:
        code = S.WALLET if len(v) >= 32 else S.API
    elif kind == N.BOT_TOKEN:
        code = S.BOT_TOKEN if re.fullmatch(r"\d{8,10}:[\w-]{35}", v) else S.PASSWORD
    else:
        code = S.PASSWORD
    if kind in (N.TOKEN_MAYBE, N.KEY_MAYBE):
        conf = Confidence.MEDIUM
    elif randomish or kind == N.PASSWORD:
        conf = Confidence.HIGH
    else:
        conf = Confidence.MEDIUM
    shape = (S.describe(v) or "") if code == S.API else ""
    return Verdict(code, label, conf, shape)
