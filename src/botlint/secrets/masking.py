"""Names that reach output, masked: a key path, subscript or label can itself be a credential
(accounts keyed by API key, ``cfg["<key>"]["api_secret"]``), and names go into messages,
snippets, SARIF and the cache.

It judges a name's parts with the same tests as values (``analysis.values.looks_random`` and the
secret shapes), not a second set; it lives here, above both, so that neither
``analysis.values`` nor ``secrets.shapes`` has to import the other both ways.
"""
from __future__ import annotations

import re

from ..analysis import values
from . import shapes

# a component of a key path or an expression: what lies between dots, brackets, quotes, blanks
_NAME_PART = re.compile(r"[^\s.\[\]\"'(){},`]+")


def _secret_shaped(part: str) -> bool:
    return bool(shapes.find(part)) or shapes.evm_private_key(part) or shapes.solana_keypair(part) or \
        shapes.describe(part) is not None


# snake_case of words in one case (``KUCOIN_PASSPHRASE``, ``bitget_api_secret``): a name, not a
# pasted key (which mixes cases, as base64 does, or has no underscore, as hex has not); linear:
# every piece ends at an underscore
_WORDED = re.compile(r"(?:[A-Z]{1,15}|[0-9]{1,3})(?:_(?:[A-Z]{1,15}|[0-9]{1,3}))+"
                     r"|(?:[a-z]{1,15}|[0-9]{1,3})(?:_(?:[a-z]{1,15}|[0-9]{1,3}))+")


def worded_name(part: str) -> bool:
    """snake_case of short words in one case: a name (``KUCOIN_PASSPHRASE``), not a pasted key."""
    return _WORDED.fullmatch(part) is not None


def _mask_part(m: "re.Match[str]") -> str:
    part = m.group(0)
    if len(part) < 16 or worded_name(part):
        return part
    if values.looks_random(part) or _secret_shaped(part):
        # keep a worded tail ("<key>_API_SECRET" stays readable) when the rest is the random part
        pieces = part.split("_")
        first = len(pieces)  # the worded tail: up to 4 short alphabetic pieces
        while first > 1 and len(pieces) - first < 4 and pieces[first - 1].isalpha() and len(pieces[first - 1]) <= 12:
            first -= 1
        for cut in range(first, len(pieces)):  # the longest worded tail first
            head = "_".join(pieces[:cut])
            if values.looks_random(head) or _secret_shaped(head):
                return f"<redacted: {len(head)} chars>_" + "_".join(pieces[cut:])
        return f"<redacted: {len(part)} chars>"
    return part


def mask_name(text: str) -> str:
    """A key path, subscript or label with every secret-looking component replaced by
    ``<redacted: N chars>``: a key can itself be a credential (accounts keyed by API key), and
    names reach messages, snippets, SARIF and the cache.  The same judgement as values
    (``looks_random`` and the secret shapes), not a second one."""
    if not text or len(text) < 16:
        return text
    return _NAME_PART.sub(_mask_part, text)


# a qualified name: identifiers joined by dots; linear (no two quantifiers share input)
_DOTTED = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*")


def _label_part(part: str) -> bool:
    """A part of a name that is a label, not a pasted key: short, not random-looking, or
    snake_case of short words (``exchange_api_key_id``, ``BITGET_PASSPHRASE``)."""
    return len(part) < 16 or not values.looks_random(part) or worded_name(part)


def mask_string_fact(value: str) -> str:
    """A string of a fact as the cache stores it: whole, or ``<redacted: N chars>`` when it
    looks random and is not a qualified or snake_case name (``ui.CustomTextArea``)."""
    if len(value) < 16 or not values.looks_random(value):
        return value
    if _DOTTED.fullmatch(value) and all(_label_part(p) for p in value.split(".")):
        return value
    return f"<redacted: {len(value)} chars>"


def mask_fact(value):
    """``value`` (JSON data: a shared analysis's exported facts) with every string that looks
    random (a key pasted where a label belongs) replaced by its length: defence in depth for
    what the cache stores (``engine.file``).  Analyses that match names against stored facts
    use :func:`mask_string_fact` for the same form."""
    if isinstance(value, str):
        return mask_string_fact(value)
    if isinstance(value, list):
        return [mask_fact(v) for v in value]
    if isinstance(value, dict):
        return {mask_fact(k): mask_fact(v) for k, v in value.items()}
    return value
