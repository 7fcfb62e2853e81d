"""The secrets pass: credential values in any text, Python source or config file.

Runs on the text the engine already holds, once per file, whatever the rules walk did.
Returns offsets; the engine turns them into positions.  Secret values never leave this package:
each match is reduced to a hash and a length here.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, List, Set

from ..model import Confidence, secret_digest
from . import binding, configfiles, kinds, shapes, textfiles


@dataclass(frozen=True)
class Hit:
    code: str
    label: str
    start: int
    end: int
    secret_hash: str
    length: int
    confidence: Confidence
    key: str = ""  # the config key the value was bound to, if any
    shape: str = ""


def _hit(m: shapes.Match, key: str = "") -> Hit:
    return Hit(m.code, m.label, m.start, m.end, secret_digest(m.value), len(m.value),
               Confidence.HIGH if m.high_confidence else Confidence.LOW, key)


def scan_text(text: str, filename: str, file_kind: str, settings, enabled: Set[str],
              name_scan: bool = False) -> List[Hit]:
    """Shapes and detect-secrets plugins over the whole text; for config files (and Python
    files whose syntax tree could not be walked, ``name_scan``) also the key/value pairs
    judged by name."""
    from . import ds_adapter  # the only detect_secrets import, kept lazy

    hits: List[Hit] = []
    for m in kinds.find(text) + shapes.find(text):  # kinds first: of equal findings its label wins
        hits.append(_hit(m))
    for m in ds_adapter.find(text):
        if m.code == shapes.PASSWORD and (_placeholder(m.value, settings) or kinds.weak_url_password(m.value)):
            continue
        if m.code != shapes.PASSWORD and not kinds.plausible_token(m.value):
            continue  # ghp_XXXX..., AKIA...EXAMPLE: a documented placeholder, not a token
        if shapes.is_known_example(m.value):
            continue
        hits.append(_hit(m))
    if shapes.ENTROPY in enabled:
        sec = settings.secrets
        for m in ds_adapter.high_entropy(text, sec.entropy_base64_limit, sec.entropy_hex_limit):
            hits.append(_hit(m))
    if file_kind == "text" and not name_scan:
        hits.extend(_config_hits(textfiles.entries(text, filename), settings))
    elif file_kind in ("config", "text", "notebook") or name_scan:
        hits.extend(_config_hits(configfiles.entries(text, filename), settings))
    elif file_kind == "python":
        hits.extend(_config_hits(configfiles.python_comments(text), settings))
    return hits


def _placeholder(value: str, settings) -> bool:
    from ..analysis import values

    secret = value.rsplit(":", 1)[-1].rstrip("@")
    if any(c in secret for c in "{}$<>") or values.is_template(secret):
        return True  # f"postgresql://{user}:{self.db_password}@..."
    return values.is_placeholder(secret, tuple(settings.secrets.allowed_placeholders))


def _config_hits(entries: Iterable[configfiles.Entry], settings) -> Iterable[Hit]:
    from ..analysis import names

    sec = settings.secrets
    for e in entries:
        if names.classify(e.name, e.parents) is None:
            continue
        verdict = binding.judge(e.name, e.value, e.parents, base64_limit=sec.base64_limit,
                                hex_limit=sec.hex_limit,
                                extra_placeholders=tuple(sec.allowed_placeholders))
        if verdict is None:
            continue
        key = ".".join(e.parents + (e.name,))
        yield Hit(verdict.code, verdict.label, e.start, e.end, secret_digest(e.value.strip()),
                  len(e.value.strip()), verdict.confidence, key, verdict.shape)
