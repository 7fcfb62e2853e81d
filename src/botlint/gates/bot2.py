"""The BOT2 family's gate (``rules/bot2/_family.py``): the file may name a credential, or get
one from a module of the project."""
from __future__ import annotations

import re
from typing import Iterator

from ..modnames import is_project_name
from . import lowered

# a file that names no credential, no credential look-up and no credential container cannot
# leak one: the walk is skipped.  The words of the old alternation regex as substring tests on
# the lowered text (``re`` tries a case-insensitive alternation at every position: about 10x
# slower); each test is the same or looser than its regex part (``vars(`` for ``\bvars\(``).
_WORDS = ("secret", "apikey", "api_key", "api-key", "api key", "dotenv", "istrategy", "passw", "passphrase",
          "private_key", "privatekey", "mnemonic", "seed", "token", "webhook", "credential", "getpass",
          "keyring", "__dict__", "vars(", "pwd", "twofa", "access_key", "accesskey", "environ", "from_key",
          "keypair", "from_mnemonic", "account.create",
          # a dump of a settings object another module defines (``s.model_dump()``, ``asdict(cfg)``)
          "model_dump", "asdict(",
          # a wallet's private key (eth_account's LocalAccount.key, HexBytes)
          "key.hex(", "wallet.key", "signer.key", "keypair.key",
          # a credential named without those words: read with getenv, or written into the module as
          # a literal (``BINANCE_KEY = "..."``, ``PRIVKEY = '...'``, ``API_PASS``) and then printed.
          # "priv" only before "key": a name is a private key when "key" follows the word (analysis
          # .names), and a bare "priv" (every ``private`` in a comment) opened a third more files
          "getenv", "key = \"", "key = '", "key=\"", "key='", "_pass", "privkey", "priv_key", "priv-key",
          "private-key")
_KEY_SUBSCRIPT = re.compile(r"\[\s*['\"]key['\"]\s*\]")  # cfg["key"], on the lowered text


# a module of the project imported by a script-style or relative import (``from service import
# ExchangeService``, ``from .config import load``): what it hands over may carry credentials the
# text never names (``print(svc.describe())``), so a file with such an import and an output
# walks too (it then asks the link step for those names)
_OUTPUTS = ("print(", "log", "raise ", "notify", "send", ".post(", "write(", "echo(")


def _from_imports(text: str) -> Iterator[str]:
    """The modules of the ``from X import`` statements of a text (a scan for "from " at the
    start of a line: no pattern runs over the scanned text)."""
    at = text.find("from ")
    while at >= 0:
        start = text.rfind("\n", 0, at) + 1
        if not text[start:at].strip(" \t"):
            rest = text[at + 5:at + 200].lstrip(" \t")
            module = rest.split(None, 1)[0] if rest.strip() else ""
            if module and rest[len(module):len(module) + 8].lstrip(" \t").startswith("import"):
                yield module
        at = text.find("from ", at + 5)


# data loaders whose result a config loader may log whole
_LOADERS = ("json.load(", "safe_load(", "yaml.load(", "full_load(", "toml.load(")

# a logging level configuration (BOT207 ties it to a client of another module of the program)
_LEVEL_CONFIG = ("basicconfig(", "setlevel(", "dictconfig(")


def _uses_project_names(text: str, low: str) -> bool:
    if "from " not in text or not any(w in low for w in _OUTPUTS):
        return False
    # dotted ``from pkg.mod import`` names are skipped for speed (most are libraries), except in a
    # file that configures logging: a package's ``__main__.py`` setting DEBUG while the client
    # lives in ``pkg.exchange`` (the head is a project name: not the stdlib nor a known library)
    dotted_ok = any(w in low for w in _LEVEL_CONFIG)
    return any(m.startswith(".") or "." not in m and m.isidentifier() and is_project_name(m)
               or dotted_ok and "." in m and is_project_name(m)
               for m in _from_imports(text))


class _Precheck:
    """Duck-types ``re.Pattern.search``: True when the file may name a credential, or may get
    one from a module of the project."""

    pattern = "|".join(_WORDS) + "|" + _KEY_SUBSCRIPT.pattern

    def search(self, text: str) -> bool:
        low = lowered(text)
        if any(w in low for w in _WORDS):
            return True
        if ("'key'" in low or '"key"' in low) and _KEY_SUBSCRIPT.search(low) is not None:
            return True
        if "log" in low and any(w in low for w in _LOADERS):
            return True  # a config loader that logs what it loaded (rules/bot2/_loaded_config.py)
        return _uses_project_names(text, low)


PRECHECK = _Precheck()
