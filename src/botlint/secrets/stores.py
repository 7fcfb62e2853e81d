"""Credential-store formats: files whose whole purpose is to hold credentials.

In an ordinary config file ``password: admin`` is usually a local development default, so
botlint leaves weak, word-like passwords out there (``analysis.values``).  A credential store is
different: ``~/.pgpass``, ``~/.git-credentials``, ``~/.netrc``, an ``.htpasswd``, a shadow file,
FileZilla's saved servers, an editor's SFTP profile, ``.my.cnf``, Composer's ``auth.json``,
Maven's ``~/.m2/settings.xml``, ``.s3cfg``, a Firefox ``logins.json``...  exist only to
hold what logs in somewhere, and a committed one is a leak whatever the password's strength (a
leaked weak password is still a leak).  Here a non-empty password that is not an obvious
placeholder, template or environment reference is reported; password hashes in crypt formats
(htpasswd, shadow, an SQL dump's rows) are reported as hashes: they are cracked offline.

The format is recognised by the file's name (and, for a few generic names, its directory or a
key the format always has), never by a key name alone: a ``config.json`` with ``"password":
"admin"`` keeps today's policy, ``.docker/config.json`` or ``.vscode/sftp.json`` does not.

Every pattern here is linear: literal prefixes, single bounded character classes.
"""
from __future__ import annotations

import base64
import binascii
import re
from dataclasses import dataclass
from typing import Iterable, Iterator, Optional, Sequence, Tuple

from ..analysis import values as V

# what each finding is (messages: "hard-coded <label> in `<key>` (<redacted: N chars>)")
STORE_PASSWORD = "password (in a credential store)"
HASH_LABEL = "password hash ({algo}; crackable offline)"  # the format is added
BROWSER_LABEL = "saved browser password (Firefox logins.json, decryptable with the profile's key4.db)"
TOKEN_LABEL = "access token (in a credential store)"
REGISTRY_LABEL = "registry credential (base64 of user:password)"


@dataclass(frozen=True)
class StoreHit:
    label: str
    start: int
    end: int
    value: str  # never leaves the secrets package
    key: str  # where in the format (a field name, not a value)


# -- which format ------------------------------------------------------------------------------

_SFTP_JSON = (".ftpconfig", ".remote-sync.json", "sftp-config.json", "sftp-settings.json",
              "deployment-config.json")
_SHADOW = ("shadow", "shadow-", "gshadow", "gshadow-", "master.passwd", "passwd", "passwd-")
_FILEZILLA = ("recentservers.xml", "sitemanager.xml", "filezilla.xml")
# Composer's auth.json: HTTP basic credentials and tokens per host
_COMPOSER_TOKENS = ("github-oauth", "gitlab-oauth", "gitlab-token", "bearer")
_COMPOSER_KEYS = tuple(f'"{k}"' for k in ("http-basic",) + _COMPOSER_TOKENS)


def store_format(filename: str, text: str) -> Optional[str]:
    """The credential-store format of ``filename`` (``text`` settles a generic name), or None."""
    norm = filename.replace("\\", "/")
    base = norm.rsplit("/", 1)[-1].lower()
    parent = norm.rsplit("/", 2)[-2].lower() if norm.count("/") else ""
    if base in (".pgpass", "pgpass", "pgpass.conf"):
        return "pgpass"
    if base in (".git-credentials", "git-credentials"):
        return "git-credentials"
    if base in (".netrc", "_netrc", "netrc"):
        return "netrc"
    if base in (".htpasswd", "htpasswd") or base.endswith(".htpasswd"):
        return "htpasswd"
    if base in _SHADOW or base.endswith("passwd"):
        return "passwd"  # /etc/shadow, proftpd's ftpd.passwd and cPanel's proftpdpasswd, BSD master.passwd
    if base == ".dockercfg" or base == "config.json" and parent == ".docker":
        return "docker"
    if base in _FILEZILLA:
        return "filezilla"
    if base in _SFTP_JSON or base == "sftp.json" and parent == ".vscode":
        return "sftp"
    if base == "webservers.xml":
        return "jetbrains"
    if "dbeaver" in base and base.endswith((".xml", ".json")) or (
            parent == ".dbeaver" and base.startswith("data-sources")):
        return "dbeaver"
    if base in ("robomongo.json", "robo3t.json"):
        return "robomongo"
    if base in (".esmtprc", "esmtprc"):
        return "esmtprc"
    if base in (".npmrc", "npmrc"):
        return "npmrc"
    if base == ".pypirc":
        return "pypirc"
    if base == ".s3cfg":
        return "s3cfg"  # s3cmd's configuration: the secret key and the GPG passphrase
    if base == ".my.cnf":
        return "mycnf"  # the MySQL client's per-user option file
    if base == "auth.json" and any(k in text for k in _COMPOSER_KEYS):
        return "composer"
    if base == "settings.xml" and parent == ".m2":
        return "maven"
    if base == "ventrilo_srv.ini":
        return "ventrilo"
    if base == "logins.json" and '"encryptedPassword"' in text:
        return "firefox"
    if base.endswith(".sql") and "$" in text:
        return "sql"
    if base == "wp-config.php" or base.startswith("wp-config-") and base.endswith(".php") and "sample" not in base:
        return "wordpress"
    return None


# -- the value judgement -----------------------------------------------------------------------

# a whole value that only names the field it fills (``password`` in ``.pgpass``'s password field,
# the format line people copy from the docs): a template, not a password
_FIELD_WORDS = frozenset({"password", "passwd", "pass", "pwd", "passphrase", "secret", "token",
                          "none", "null", "nil", "empty", "blank", "undefined"})


def stored_password(value: str, extra_placeholders: Sequence[str] = ()) -> bool:
    """A password a credential store holds: anything but empty, an obvious placeholder
    (``<password>``, ``changeme``, ``your_password``, ``xxxx``, ``****``, a template, an
    environment reference, a value that only names its field).  Strength does not matter."""
    v = value.strip()
    if not v or len(v) > 4096 or any(c in v for c in "\r\n"):
        return False
    if V.is_template(v) or v.startswith("$") or v.lower() in _FIELD_WORDS or V.is_env_name(v):
        return False
    return not V.is_obvious_placeholder(v, tuple(extra_placeholders))


# crypt(3) and friends; each starts with a literal, so a search skips to it at C speed
_CRYPT = re.compile(
    r"\$2[abxy]?\$[0-9]{2}\$[./A-Za-z0-9]{53}"  # bcrypt
    r"|\$(?:1|apr1)\$[./A-Za-z0-9]{0,8}\$[./A-Za-z0-9]{22}"  # MD5-crypt, Apache's apr1
    r"|\$[56]\$(?:rounds=[0-9]{1,9}\$)?[./A-Za-z0-9]{0,16}\$(?:[./A-Za-z0-9]{86}|[./A-Za-z0-9]{43})"  # SHA-crypt
    r"|\$y\$[./A-Za-z0-9]{1,30}\$[./A-Za-z0-9]{0,86}\$[./A-Za-z0-9]{43}"  # yescrypt
    r"|\$argon2(?:id|i|d)\$v=[0-9]{1,3}\$m=[0-9]{1,9},t=[0-9]{1,9},p=[0-9]{1,3}\$[A-Za-z0-9+/]{8,128}\$[A-Za-z0-9+/]{16,256}"
    r"|\$[PH]\$[./A-Za-z0-9]{31}"  # phpass (WordPress, phpBB)
    r"|pbkdf2_sha(?:256|1)\$[0-9]{1,9}\$[A-Za-z0-9./+]{1,128}\$[A-Za-z0-9+/]{27,86}={0,2}"  # Django
    r"|\{SSHA\}[A-Za-z0-9+/]{32,}={0,2}|\{SHA\}[A-Za-z0-9+/]{27}="  # LDAP / htpasswd SHA-1
)
_DES = re.compile(r"[./A-Za-z0-9]{13}")
_ALGO = (("$2", "bcrypt"), ("$1$", "MD5-crypt"), ("$apr1$", "Apache MD5"), ("$5$", "SHA-256-crypt"),
         ("$6$", "SHA-512-crypt"), ("$y$", "yescrypt"), ("$argon2", "Argon2"), ("$P$", "phpass"),
         ("$H$", "phpass"), ("pbkdf2_", "Django PBKDF2"), ("{SSHA}", "salted SHA-1"), ("{SHA}", "SHA-1"))


def hash_algo(value: str, des: bool = False) -> Optional[str]:
    """The crypt format of a whole value, or None (``des``: a bare 13-character DES crypt too,
    only in a password field of htpasswd/shadow, where nothing else is that shape)."""
    if _CRYPT.fullmatch(value):
        return next((name for prefix, name in _ALGO if value.startswith(prefix)), "crypt")
    if des and _DES.fullmatch(value) and not value.isalpha() and not value.isdigit():
        return "DES-crypt"
    return None


# -- the formats -------------------------------------------------------------------------------

def _lines(text: str) -> Iterator[Tuple[int, str]]:
    from .configfiles import _lines as lines

    return iter(lines(text))


def _pgpass(text: str) -> Iterator[StoreHit]:
    """``hostname:port:database:username:password``; ``\\:`` and ``\\\\`` escape."""
    for at, line in _lines(text):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        colons: list = []
        i = 0
        while i < len(line) and len(colons) < 4:
            if line[i] == "\\":
                i += 2
                continue
            if line[i] == ":":
                colons.append(i)
            i += 1
        if len(colons) == 4:
            s = colons[3] + 1
            value = line[s:].rstrip()
            yield StoreHit(STORE_PASSWORD, at + s, at + s + len(value), value, "pgpass")


def _git_credentials(text: str) -> Iterator[StoreHit]:
    """``scheme://user:password@host`` per line (the password may itself hold ``@``)."""
    for at, line in _lines(text):
        sep = line.find("://")
        if sep <= 0:
            continue
        start = sep + 3
        end = line.find("/", start)
        end = len(line.rstrip()) if end < 0 else end
        amp = line.rfind("@", start, end)
        colon = line.find(":", start, amp)
        if amp < 0 or colon < 0:
            continue
        yield StoreHit(STORE_PASSWORD, at + colon + 1, at + amp, line[colon + 1:amp], "git-credentials")


def _netrc(text: str) -> Iterator[StoreHit]:
    from .textfiles import netrc

    for e in netrc(text):
        yield StoreHit(STORE_PASSWORD, e.start, e.end, e.value, "netrc")


def _colon_file(text: str, fmt: str) -> Iterator[StoreHit]:
    """``user:field[:...]`` lines (htpasswd, shadow, proftpd's passwd): a crypt hash in the
    second field; in an htpasswd a plain-text password too (Apache allows one on Windows)."""
    for at, line in _lines(text):
        if not line or line.startswith("#"):
            continue
        first = line.find(":")
        if first <= 0:
            continue
        second = line.find(":", first + 1)
        field = line[first + 1:second if second >= 0 else len(line)].rstrip()
        if fmt == "passwd" and field[:1] in ("!", "*") and len(field) > 1:
            field_start = first + 2  # a locked account keeps its hash after "!"
            field = field[1:]
        else:
            field_start = first + 1
        algo = hash_algo(field, des=True)
        if algo:
            yield StoreHit(HASH_LABEL.format(algo=algo), at + field_start, at + field_start + len(field), field, fmt)
        elif fmt == "htpasswd" and second < 0 and "$" not in field and not field.startswith("{"):
            yield StoreHit(STORE_PASSWORD, at + field_start, at + field_start + len(field), field, fmt)


def _json_values(text: str, wanted) -> Iterator[Tuple[str, str, int, int]]:
    from .configfiles import _json

    for e in _json(text):
        if wanted(e.name):
            yield e.name, e.value, e.start, e.end


_PASSWORD_WORD = re.compile(r"pass(?:word|wd|phrase)?$|pwd$", re.I)


def _password_key(name: str) -> bool:
    """``password``, ``pass``, ``userPassword``, ``sshPassphrase``, ``AdminPassword``..."""
    return bool(_PASSWORD_WORD.search(name)) and not name.lower().startswith(("promptfor", "save", "keyboard"))


def _basic_auth(value: str) -> Optional[Tuple[str, str]]:
    from .binding import basic_auth_pair

    return basic_auth_pair(value, min_len=4)


def _docker(text: str) -> Iterator[StoreHit]:
    """``auths.<registry>.auth`` (base64 of ``user:password``), ``identitytoken``."""
    from .configfiles import _json

    for e in _json(text):
        low = e.name.lower()
        if low == "auth":
            pair = _basic_auth(e.value)
            if pair:
                yield StoreHit(REGISTRY_LABEL, e.start, e.end, e.value, "auth\0" + pair[1])
        elif low in ("identitytoken", "registrytoken"):
            yield StoreHit(TOKEN_LABEL, e.start, e.end, e.value, e.name)
        elif low == "password":
            yield StoreHit(STORE_PASSWORD, e.start, e.end, e.value, e.name)


# FileZilla's ``<Pass>`` / ``<Pass encoding="base64">`` (attributes cannot hold a ``>``)
_FILEZILLA_PASS = re.compile(r"<Pass(?P<attrs>[ \t][^<>]{0,200})?>(?P<val>[^<>]{1,2000})</Pass>")


def _filezilla(text: str) -> Iterator[StoreHit]:
    for m in _FILEZILLA_PASS.finditer(text):
        value = m.group("val")
        decoded = ""
        if m.group("attrs") and "base64" in m.group("attrs"):
            try:
                decoded = base64.b64decode(value.strip(), validate=True).decode("utf-8", "replace")
            except (binascii.Error, ValueError):
                decoded = ""
        key = "Pass\0" + decoded if decoded else "Pass"
        yield StoreHit(STORE_PASSWORD, m.start("val"), m.end("val"), value, key)


_XML_PASSWORD = re.compile(r"[Pp]assword=\"(?<![\w-][Pp]assword=\")(?P<val>[^\"\r\n]{1,2000})\"")


def _xml_password_attrs(text: str, key: str) -> Iterator[StoreHit]:
    for m in _XML_PASSWORD.finditer(text):
        yield StoreHit(STORE_PASSWORD, m.start("val"), m.end("val"), m.group("val"), key)


# esmtp's ``password value`` / ``password "value"`` / ``password = value`` (one separator form
# or the other: no two quantifiers take the same blanks)
_KEYWORD_PASSWORD = re.compile(r"[ \t]*password(?:[ \t]*=[ \t]*|[ \t]+)(?P<val>\"[^\"]*\"|'[^']*'|[^\s#]+)")


def _esmtprc(text: str) -> Iterator[StoreHit]:
    for at, line in _lines(text):
        m = _KEYWORD_PASSWORD.match(line)
        if m:
            raw, s = m.group("val"), m.start("val")
            if raw[:1] in "\"'" and len(raw) >= 2:
                raw, s = raw[1:-1], s + 1
            yield StoreHit(STORE_PASSWORD, at + s, at + s + len(raw), raw, "password")


def _ini(text: str, wanted, key_of=lambda name: name) -> Iterator[StoreHit]:
    from .configfiles import _keyvalue

    for e in _keyvalue(text):
        if wanted(e.name):
            yield StoreHit(STORE_PASSWORD, e.start, e.end, e.value, key_of(e.name))


def _npmrc(text: str) -> Iterator[StoreHit]:
    """``_auth`` (base64 of ``user:password``), ``_password`` (base64), ``_authToken``, bare or
    scoped to a registry (``//registry.npmjs.org/:_authToken=...``)."""
    from .configfiles import _keyvalue

    for e in _keyvalue(text):
        yield from _npm_value(e.name.rsplit(":", 1)[-1].strip(), e.value, e.start, e.end)


# npm's registry-scoped auth line, wherever it is written (a CI step ``echo "//registry.npmjs.org/
# :_authToken=..." > ~/.npmrc``, a Dockerfile): the line is the .npmrc format itself.  Host and
# path segments exclude ``/`` and ``:``, so each attempt is linear and bounded.
_NPM_AUTH_LINE = re.compile(
    r"//(?<![\w/:]//)[^\s:/\"'`]{1,253}(?:/[^\s:/\"'`]{0,200}){0,20}/:(?P<key>_authToken|_auth|_password)=[ \t]?"
    r"(?P<val>[^\s\"'`]{1,2000})")


def _npm_auth_lines(text: str) -> Iterator[StoreHit]:
    for m in _NPM_AUTH_LINE.finditer(text):
        yield from _npm_value(m.group("key"), m.group("val"), m.start("val"), m.end("val"))


def _npm_value(name: str, value: str, start: int, end: int) -> Iterator[StoreHit]:
    low = name.lower()
    if low == "_auth":
        pair = _basic_auth(value)
        if pair:
            yield StoreHit(REGISTRY_LABEL, start, end, value, "_auth\0" + pair[1])
    elif low == "_password":
        try:
            plain = base64.b64decode(value.strip(), validate=True).decode("utf-8")
        except (binascii.Error, ValueError):
            return
        if plain and plain.isprintable():
            yield StoreHit("registry password (base64)", start, end, value, "_password\0" + plain)
    elif low == "_authtoken":
        yield StoreHit(TOKEN_LABEL, start, end, value, "_authToken")


def _composer(text: str) -> Iterator[StoreHit]:
    from .configfiles import _json

    for e in _json(text):
        if e.parents and e.parents[0] in _COMPOSER_TOKENS:
            yield StoreHit(TOKEN_LABEL, e.start, e.end, e.value, e.parents[0])
        elif e.parents and e.parents[0] == "http-basic" and _password_key(e.name):
            yield StoreHit(STORE_PASSWORD, e.start, e.end, e.value, "http-basic." + e.name)


# Maven's ~/.m2/settings.xml ``<server><password>`` (or ``<passphrase>`` of a key)
_MAVEN_PASSWORD = re.compile(r"<(?P<tag>password|passphrase)>(?P<val>[^<>]{1,2000})</(?P=tag)>")


def _maven(text: str) -> Iterator[StoreHit]:
    for m in _MAVEN_PASSWORD.finditer(text):
        yield StoreHit(STORE_PASSWORD, m.start("val"), m.end("val"), m.group("val"), m.group("tag"))


def _firefox(text: str) -> Iterator[StoreHit]:
    for name, value, s, e in _json_values(text, lambda n: n == "encryptedPassword"):
        yield StoreHit(BROWSER_LABEL, s, e, value, name)


# a quoted SQL string holding a crypt hash (an INSERT of a users table, a seeded admin)
_SQL_HASH = re.compile(r"'(?P<val>(?:\$|pbkdf2_|\{S)[^'\s\\]{20,300})'")


def _sql(text: str) -> Iterator[StoreHit]:
    for m in _SQL_HASH.finditer(text):
        algo = hash_algo(m.group("val"))
        if algo:
            yield StoreHit(HASH_LABEL.format(algo=algo), m.start("val"), m.end("val"), m.group("val"), "")


def _sftp(text: str) -> Iterator[StoreHit]:
    for name, value, s, e in _json_values(text, _password_key):
        yield StoreHit(STORE_PASSWORD, s, e, value, name)


# WordPress's authentication keys and salts: wp-config.php declares them secret (they sign the
# login cookies and nonces; api.wordpress.org/secret-key generates 64 printable characters)
_WP_KEYS = ("AUTH_KEY", "SECURE_AUTH_KEY", "LOGGED_IN_KEY", "NONCE_KEY", "AUTH_SALT", "SECURE_AUTH_SALT",
            "LOGGED_IN_SALT", "NONCE_SALT")
WP_LABEL = "WordPress authentication key or salt (signs login cookies)"


def _wordpress(text: str) -> Iterator[StoreHit]:
    from .textfiles import _PHP_DEFINE

    for m in _PHP_DEFINE.finditer(text):
        if m.group("key") in _WP_KEYS:
            g = "sq" if m.group("sq") is not None else "dq"
            yield StoreHit(WP_LABEL, m.start(g), m.end(g), m.group(g), m.group("key"))


_FORMATS = {
    "pgpass": _pgpass,
    "git-credentials": _git_credentials,
    "netrc": _netrc,
    "htpasswd": lambda t: _colon_file(t, "htpasswd"),
    "passwd": lambda t: _colon_file(t, "passwd"),
    "docker": _docker,
    "filezilla": _filezilla,
    "sftp": _sftp,
    "jetbrains": lambda t: _xml_password_attrs(t, "password"),
    "dbeaver": lambda t: _sftp(t) if t.lstrip().startswith("{") else _xml_password_attrs(t, "password"),
    "robomongo": _sftp,
    "esmtprc": _esmtprc,
    "npmrc": _npmrc,
    "pypirc": lambda t: _ini(t, lambda n: n.lower() == "password"),
    "mycnf": lambda t: _ini(t, lambda n: n.lower() in ("password", "pass")),
    "s3cfg": lambda t: _ini(t, lambda n: n.lower() in ("secret_key", "gpg_passphrase", "proxy_password")),
    "composer": _composer,
    "maven": _maven,
    "ventrilo": lambda t: _ini(t, lambda n: n.lower() in ("password", "adminpassword")),
    "firefox": _firefox,
    "sql": _sql,
    "wordpress": _wordpress,
}


# how a message names each format
FORMAT_NAMES = {"pgpass": ".pgpass", "git-credentials": ".git-credentials", "netrc": "netrc",
                "htpasswd": ".htpasswd", "passwd": "passwd/shadow file", "docker": "Docker config",
                "filezilla": "FileZilla", "sftp": "editor SFTP profile", "jetbrains": "JetBrains WebServers.xml",
                "dbeaver": "DBeaver", "robomongo": "Robomongo", "esmtprc": ".esmtprc", "npmrc": ".npmrc",
                "pypirc": ".pypirc", "ventrilo": "Ventrilo server", "firefox": "Firefox", "sql": "SQL dump",
                "wordpress": "wp-config.php", "mycnf": ".my.cnf", "s3cfg": ".s3cfg", "composer": "Composer auth.json",
                "maven": "Maven settings.xml"}


def _prose(filename: str) -> bool:
    from .textfiles import PROSE_SUFFIXES

    low = filename.replace("\\", "/").rsplit("/", 1)[-1].lower()
    return low.endswith(PROSE_SUFFIXES) or low.startswith(("readme", "changelog", "changes", "history"))


def find(text: str, filename: str, extra_placeholders: Sequence[str] = ()) -> Iterator[StoreHit]:
    """The credentials of a credential-store file (nothing for any other file).  A hit's
    ``key`` may carry, after a NUL, the decoded password a base64 field holds: judged here,
    then dropped."""
    fmt = store_format(filename, text)
    if fmt is None:
        if "/:_auth" not in text and "/:_password" not in text or _prose(filename):
            return  # (in Markdown an example line is judged by the ordinary policy)
        fmt = "npmrc"  # a registry-scoped npm auth line in any other file
        found: Iterable[StoreHit] = _npm_auth_lines(text)
    else:
        found = _FORMATS[fmt](text)
    where = FORMAT_NAMES[fmt]
    for hit in found:
        key, encoded, decoded = hit.key.partition("\0")
        label = hit.label
        if label.startswith("password hash"):
            ok = True
            label = label.replace("; crackable", f", {where}; crackable")
        elif label == WP_LABEL:
            v = hit.value.strip()
            ok = len(v) >= 32 and not V.is_template(v) and not V.is_obvious_placeholder(v, tuple(extra_placeholders))
        elif label == BROWSER_LABEL:
            ok = len(hit.value.strip()) >= 16  # base64 of the ASN.1 envelope
        elif label == TOKEN_LABEL:
            # a token is generated, not chosen: ``token-with-hyphens`` is a placeholder
            v = hit.value.strip()
            ok = stored_password(v, extra_placeholders) and len(v) >= 8 and not V.looks_wordy(v)
        else:
            ok = stored_password(decoded if encoded else hit.value, extra_placeholders)
            if label == STORE_PASSWORD:
                label = f"password (credential store: {where})"
        if ok:
            yield StoreHit(label, hit.start, hit.end, hit.value, "" if key == fmt else key)
