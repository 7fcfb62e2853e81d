"""The secrets pass: credential values in any text, Python source or config file.

Runs on the text the engine already holds, once per file, whatever the rules walk did.
Returns offsets; the engine turns them into positions.  Secret values never leave this package:
each match is reduced to a hash and a length here, and the key paths that go into messages are
masked (``secrets.masking.mask_name``): a key can itself be a credential.

Hostile text: every pattern here runs in time linear in the text (``tests/test_redos.py``), so
lines are not cut or skipped at any length.  A length limit would have been the other way to
bound a super-linear pattern, and it would have let a key hide on a long line of a minified
JSON or JS file; instead the patterns were restructured (Python 3.9 has no possessive or atomic
groups) and the few detect-secrets denylists that cannot be are replaced by linear finders
(``ds_adapter``).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Dict, Iterable, Iterator, List, Set

from ..model import Confidence, secret_digest
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # imported where they are used: a warm run reads no text and compiles none of their patterns
    from . import configfiles, shapes


@dataclass(frozen=True)
class Hit:
    code: str
    label: str
    start: int
    end: int
    secret_hash: str
    length: int
    confidence: Confidence
    key: str = ""  # the config key the value was bound to, if any (already masked)
    shape: str = ""
    message: str = ""  # set for a file problem (a BOT0xx code), not a secret


def _hit(m: shapes.Match, key: str = "") -> Hit:
    return Hit(m.code, m.label, m.start, m.end, secret_digest(m.value), len(m.value),
               Confidence.HIGH if m.high_confidence else Confidence.LOW, key)


def scan_text(text: str, filename: str, file_kind: str, settings, enabled: Set[str],
              name_scan: bool = False) -> List[Hit]:
    """Shapes and detect-secrets plugins over the whole text; for config files (and Python
    files whose syntax tree could not be walked, ``name_scan``) also the key/value pairs
    judged by name."""
    from . import configfiles, kinds, shapes
    from . import ds_adapter  # the only detect_secrets import, kept lazy

    hits: List[Hit] = []
    for m in kinds.find(text) + shapes.find(text):  # kinds first: of equal findings its label wins
        hits.append(_hit(m))
    for m in ds_adapter.find(text):
        if m.code == shapes.PASSWORD and (_placeholder(m.value, settings) or kinds.weak_url_password(m.value)):
            continue
        if m.code != shapes.PASSWORD and (not kinds.plausible_token(m.value) or kinds.embedded(text, m.start, m.end)):
            continue  # ghp_XXXX..., AKIA...EXAMPLE, a run inside a base64 blob: not a token
        if shapes.is_known_example(m.value):
            continue
        hits.append(_hit(m))
    if shapes.ENTROPY in enabled:
        sec = settings.secrets
        for m in ds_adapter.high_entropy(text, sec.entropy_base64_limit, sec.entropy_hex_limit):
            hits.append(_hit(m))
    from ..engine.source import is_test_path  # the engine's one definition of a test file
    in_test = is_test_path(filename)
    if filename.lower().endswith(".ipynb"):
        problem = configfiles.notebook_problem(text)
        if problem is not None:
            hits.append(Hit(problem[0], "", 0, 0, "", 0, Confidence.HIGH,
                            message=f"{problem[1]}; scanned for secrets as raw text"))
        hits.extend(_config_hits(configfiles.notebook(text, problem is None), settings, text, in_test))
    elif file_kind == "text" and not name_scan:
        from . import textfiles  # plain-text files only (its patterns are compiled then)

        hits.extend(_config_hits(textfiles.entries(text, filename), settings, text, in_test))
    elif file_kind in ("config", "text", "notebook") or name_scan:
        hits.extend(_config_hits(configfiles.entries(text, filename), settings, text, in_test))
    elif file_kind == "python":
        hits.extend(_config_hits(configfiles.python_comments(text), settings, text, in_test))
        hits.extend(_joined_hits(text, hits))
    hits.extend(_store_hits(text, filename, settings, hits))
    return hits


_JOINS = ('" +', "' +", '"+', "'+")


def _joined_hits(text: str, found: List[Hit]) -> Iterator[Hit]:
    """A credential split into string literals joined with ``+`` on one line (``"https://discord
    .com/api/webhooks/" + "<id>/<token>"``, ``"ghp_" + "..."``): the shapes of the joined text
    that no single piece holds.  The line is parsed with ``ast`` (never run); the finding spans
    the pieces."""
    if not any(j in text for j in _JOINS):
        return
    from . import kinds, shapes

    spans = [(h.start, h.end) for h in found]
    starts: Set[int] = set()
    for j in _JOINS:  # the lines holding a join, found at C speed
        at = text.find(j)
        while at >= 0:
            starts.add(text.rfind("\n", 0, at) + 1)
            nxt = text.find("\n", at)
            at = text.find(j, nxt) if nxt >= 0 else -1
    for start in sorted(starts):
        end = text.find("\n", start)
        line = text[start:end if end >= 0 else len(text)]
        if len(line) > 4000 or not _joins_two_literals(line):
            continue
        quotes = [i for i, c in enumerate(line) if c in "\"'"]
        tree = _parse_join(line, quotes)
        if tree is None:
            continue
        a, b = start + quotes[0], start + quotes[-1] + 1  # the finding spans the pieces
        for joined in _literal_joins(tree):
            inner = kinds.find(joined) + shapes.find(joined)
            if not inner or any(x < b and a < y for x, y in spans):
                continue  # nothing in it, or a piece alone already reported
            m = max(inner, key=lambda m: m.end - m.start)
            yield Hit(m.code, m.label + " (split into joined strings)", a, b, secret_digest(m.value), len(m.value),
                      Confidence.HIGH if m.high_confidence else Confidence.LOW)
            spans.append((a, b))


def _parse_join(line: str, quotes: List[int]):
    """The line's expression tree (``ast``, never run): the whole line, else the expression
    after the last ``=`` / ``:`` / ``(`` / ``,`` before the join (a dict entry, an argument).
    ``quotes``: the positions of the line's quote characters (a join has some)."""
    import ast

    tries = [line.strip().rstrip(",;\\")]
    plus = line.find("+", quotes[0])
    if plus > 0:
        left = max(line.rfind(c, 0, plus) for c in "=:(,[{")
        tries.append("(" + line[left + 1:quotes[-1] + 1].strip() + ")")
    for t in tries:
        try:
            return ast.parse(t)
        except (SyntaxError, ValueError, RecursionError, MemoryError):
            continue
    return None


def _joins_two_literals(line: str) -> bool:
    """A ``+`` with a closing quote before it and an opening quote after it (spaces aside):
    ``"a" + "b"``, not ``"a" + b`` (a cheap test before the line is parsed)."""
    at = line.find("+")
    while at >= 0:
        before = line[:at].rstrip()
        after = line[at + 1:].lstrip()
        if before.endswith(("'", '"')) and after[:1] in ("'", '"'):
            return True
        at = line.find("+", at + 1)
    return False


def _literal_joins(tree) -> Iterator[str]:
    """The values of the largest ``str + str (+ ...)`` expressions made only of literals, also
    inside a larger expression (``"https://.../webhooks/" + "<id>/<token>" + suffix``)."""
    import ast

    order = list(ast.walk(tree))  # parents before children
    values: Dict[int, str] = {}
    for n in reversed(order):  # children first: a join's value from its two sides
        if isinstance(n, ast.Constant) and isinstance(n.value, str):
            values[id(n)] = n.value
        elif isinstance(n, ast.BinOp) and isinstance(n.op, ast.Add):
            left, right = values.get(id(n.left)), values.get(id(n.right))
            if left is not None and right is not None and len(left) + len(right) <= 2000:
                values[id(n)] = left + right
    covered: Set[int] = set()  # the joins inside a join already given
    for n in order:
        if isinstance(n, ast.BinOp) and id(n) in values:
            if id(n) not in covered:
                yield values[id(n)]
            covered.update((id(n.left), id(n.right)))


def _store_hits(text: str, filename: str, settings, found: List[Hit]) -> Iterator[Hit]:
    """A credential-store file's passwords and hashes (``stores``) that nothing above reported:
    where the name-and-value judgement already found a value, its finding stands as it was."""
    from . import masking, shapes, stores

    spans = sorted((h.start, h.end) for h in found)
    for s in stores.find(text, filename, tuple(settings.secrets.allowed_placeholders)):
        if any(a < s.end and s.start < b for a, b in spans):
            continue
        yield Hit(shapes.PASSWORD, s.label, s.start, s.end, secret_digest(s.value), len(s.value),
                  Confidence.MEDIUM if s.label.startswith("password hash") else Confidence.HIGH,
                  masking.mask_name(s.key))


def scan_names(text: str, filename: str, settings) -> List[Hit]:
    """The key/value pairs of ``text`` judged by name (the line scan of an unwalked Python
    file), for the parts of a walked file the rules could not see."""
    from . import configfiles
    from ..engine.source import is_test_path

    return list(_config_hits(configfiles.entries(text, filename), settings, text, is_test_path(filename)))


def _placeholder(value: str, settings) -> bool:
    from ..analysis import values

    secret = value.rsplit(":", 1)[-1].rstrip("@")
    if any(c in secret for c in "{}$<>") or values.is_template(secret):
        return True  # f"postgresql://{user}:{self.db_password}@..."
    return values.is_placeholder(secret, tuple(settings.secrets.allowed_placeholders))


def _config_hits(entries: Iterable[configfiles.Entry], settings, text: str = "",
                 in_test: bool = False) -> Iterable[Hit]:
    from . import binding, masking, shapes
    from ..analysis import names

    sec = settings.secrets
    reported_keys: Set[str] = set()
    for e in entries:
        if e.name.lower() in binding.BASIC_AUTH_NAMES:
            password = binding.basic_auth_password(e.value)
            verdict = binding.judge("password", password, kind=names.PASSWORD,
                                    extra_placeholders=tuple(sec.allowed_placeholders)) if password else None
            if verdict is not None:
                yield Hit(shapes.PASSWORD, binding.BASIC_AUTH_LABEL, e.start, e.end, secret_digest(e.value.strip()),
                          len(e.value.strip()), verdict.confidence, masking.mask_name(".".join(e.parents + (e.name,))))
            continue
        if names.classify(e.name, e.parents) is None:
            continue
        verdict = binding.judge(e.name, e.value, e.parents, base64_limit=sec.base64_limit,
                                hex_limit=sec.hex_limit,
                                extra_placeholders=tuple(sec.allowed_placeholders), in_test=in_test)
        if verdict is None:
            continue
        key = masking.mask_name(".".join(e.parents + (e.name,)))
        yield Hit(verdict.code, verdict.label, e.start, e.end, secret_digest(e.value.strip()),
                  len(e.value.strip()), verdict.confidence, key, verdict.shape)
        # accounts keyed by their API key ({"accounts": {"<api key>": {"secret": ...}}}): the
        # key is reported too when a credential bound under it is, and never shown
        if verdict.code != shapes.API or not e.parents or not text:
            continue
        parent = e.parents[-1]
        if parent in reported_keys or not binding.is_account_key(parent):
            continue
        reported_keys.add(parent)
        at = text.rfind(parent, 0, e.start)
        if at >= 0:
            yield Hit(shapes.API, binding.ACCOUNT_KEY_LABEL, at, at + len(parent),
                      secret_digest(parent), len(parent), Confidence.HIGH,
                      masking.mask_name(".".join(e.parents[:-1])), shapes.describe(parent) or "")
