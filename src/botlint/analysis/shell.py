"""Shell scripts that print a credential (the log-call rule outside Python): ``echo "key=${BINANCE_API_KEY}"``
in the ``start.sh`` that launches a bot writes the key to the console, the container log and the
CI log.  A line judgement, libcst-free: the ``echo`` / ``printf`` commands of a script (a line or
a ``;`` / ``&&`` / ``||`` segment) that expand a variable named as a credential
(``names.credential_kind``).  Not findings: a command whose output goes to a file or a pipe
(``echo "KEY=$KEY" > .env`` writes a config; ``| docker login --password-stdin`` hands it over),
the length or a test of a variable (``${#KEY}``, ``${KEY:+set}``), a substring (``${KEY:0:4}``),
and comments.

Why hand-written: no kept library reads shell for this; ``shlex`` splits words but does not
tell a redirection from an argument, and the judgement needs only the command word, the
expansions and whether the output is redirected.
"""
from __future__ import annotations

import os
import re
from typing import List, NamedTuple

from .names import STRONG_KINDS, credential_kind

SHELL_SUFFIXES = (".sh", ".bash", ".zsh", ".ksh", ".command")
_SHEBANG = re.compile(r"#![ \t]*/\S*(?:/env[ \t]+)?(?:ba|z|k|da)?sh\b")
_SEGMENTS = re.compile(r"&&|\|\||;")
_COMMAND = re.compile(r"[ \t]*(?:sudo[ \t]+)?(echo|printf)\b")
# $NAME or ${NAME} or ${NAME:-default}, not ${#NAME}, ${NAME:+x}, ${NAME:0:4}, \$NAME
_EXPANSION = re.compile(r"(?<!\\)\$(?:\{([A-Za-z_][A-Za-z0-9_]{0,80})(?:(:?-)[^}]{0,200})?\}"
                        r"|([A-Za-z_][A-Za-z0-9_]{0,80}))")
_REDIRECT = re.compile(r"(?<![0-9&])>|\|")
_MAX_LINE = 2000


_PLAIN_URL = re.compile(r"\b(http|ws)://([A-Za-z0-9.-]{1,253})", re.I)


# the plain-URL rule's message, for a string literal and for a script's or a config's line alike
PLAIN_URL_TEMPLATE = ("plain {scheme}:// URL of the exchange host {host}: requests, signatures and API-key headers "
                      "travel unencrypted; use {secure}://")


class PlainUrl(NamedTuple):
    line: int
    col: int
    end_col: int
    scheme: str
    host: str

    @property
    def secure(self) -> str:
        return secure_scheme(self.scheme)


def secure_scheme(scheme: str) -> str:
    return "https" if scheme == "http" else "wss"


def plain_exchange_urls(text: str) -> List[PlainUrl]:
    """``http://`` / ``ws://`` URLs of an exchange host in a script or a config file (``curl
    http://api.gateio.ws/api/v4/spot/time``, ``rest_url: http://api.binance.com``): what the
    Python rule reports for a string literal, for the lines of a text file."""
    from .hosts import is_exchange_host

    out: List[PlainUrl] = []
    if "http://" not in text and "ws://" not in text and "HTTP://" not in text:
        return out
    for no, line in enumerate(text.splitlines(), 1):
        if len(line) > _MAX_LINE or "://" not in line:
            continue
        for m in _PLAIN_URL.finditer(line):
            host = m.group(2).lower().rstrip(".")
            if is_exchange_host(host):
                out.append(PlainUrl(no, m.start(), m.end(), m.group(1).lower(), host))
    return out


class EchoLeak(NamedTuple):
    line: int  # 1-based
    col: int  # 0-based, of the command word
    end_col: int
    name: str  # the variable
    command: str  # echo / printf


def is_shell_script(display: str, text: str) -> bool:
    low = os.path.basename(display).lower()
    return low.endswith(SHELL_SUFFIXES) or bool(_SHEBANG.match(text[:80]))


def echo_leaks(text: str) -> List[EchoLeak]:
    out: List[EchoLeak] = []
    if "echo" not in text and "printf" not in text:
        return out
    for no, line in enumerate(text.splitlines(), 1):
        if len(line) > _MAX_LINE or "$" not in line or line.lstrip().startswith("#"):
            continue
        start = 0
        for seg in _SEGMENTS.split(line):
            offset = line.find(seg, start)
            start = offset + len(seg)
            m = _COMMAND.match(seg)
            if m is None:
                continue
            body = seg[m.end():]
            if _REDIRECT.search(_unquoted(body)):
                continue  # to a file or another program, not to the console
            for e in _EXPANSION.finditer(body):
                name = e.group(1) or e.group(3)
                if name and credential_kind(name) in STRONG_KINDS:
                    out.append(EchoLeak(no, offset + m.start(1), offset + len(seg.rstrip()), name, m.group(1)))
                    break
    return out


def _unquoted(body: str) -> str:
    """``body`` with quoted parts blanked and a trailing comment cut: a ``>`` or ``|`` inside
    quotes or after `` #`` is text."""
    out, quote, prev = [], "", " "
    for ch in body:
        if quote:
            if ch == quote:
                quote = ""
            out.append(" ")
        elif ch in "'\"":
            quote = ch
            out.append(" ")
        elif ch == "#" and prev in " \t":
            break
        else:
            out.append(ch)
        prev = ch
    return "".join(out)
