"""The BOT4 rules' gate (``rules/bot4_client_safety.py``)."""
from __future__ import annotations

import re

from .. import venues
from . import lowered


class _Precheck:
    """Walk a file only if it may build a credentialed client (a client word *and* a credential
    word), switch TLS off, or hold a plain http/ws URL.  Plain substring tests on the lower-cased
    text (see gates.LiteralPrecheck); duck-types ``re.Pattern.search``."""

    pattern = ("client+credentials | ccxt+config load | kucoin/gate_api | client/session+https:// | session+ccxt | "
               "https://+credentials | ssl= | connector= | TLS off | http:// | ws:// | set_sandbox_mode(False)")
    # ccxt, and the client classes of the venue registry's SDKs (``HTTP(``, ``FundingAPI(``)
    CLIENT = ("ccxt", "client", "umfutures", "cmfutures") + tuple(
        sorted(f"{name.lower()}(" for name in venues.sdk_client_classes()))
    IMPORT_SDKS = tuple(sorted({h for sdk in venues.SDKS if sdk.tracked and sdk.import_classes
                                for h in sdk.module_heads}))
    CREDS = ("apikey", "api_key", "secret", "privatekey", "private_key", "keyfile", "key_file")
    # a config file's data handed to a ccxt client whole (its keys live in the file)
    # (or another module's: ``from config import load_config``, ``CONFIG["exchange"]``)
    LOADS = ("json.load", "safe_load", "yaml.load", "full_load", "toml.load", "tomllib", "tomli", "json5",
             "config", "cfg", "settings")
    # a session, connector or SSL context handed over (``TCPConnector(ssl=ctx)``, ``ssl=CTX``)
    USES = ("ssl=", "connector=", "ssl_context=")
    TLS_WORDS = ("cert_none", "unverified_context", "stdlib_context", "check_hostname", "http://", "ws://")
    # matched from the start of the name (``verify\w*`` restarted a scan at every "verify")
    TLS_FALSE = re.compile(r"(?<!\w)(\w+)(['\"]?)(\]?)\s*([:=])\s*false")

    # a client (maybe another module's) switched to live trading on purpose
    LIVE = ("sandbox_mode(false", "sandboxmode(false")

    def search(self, text: str) -> bool:
        low = lowered(text)
        if any(w in low for w in self.TLS_WORDS) or any(w in low for w in self.LIVE):
            return True
        if any(w in low for w in self.USES) or "session" in low and (
                "https://" in low or any(w in low for w in self.CREDS) or "ccxt" in low):
            return True  # may use a TLS-off session or context made in another module
        if "https://" in low and any(w in low for w in self.CREDS):
            return True  # a keyed request, maybe through another module's TLS-off helper
        if "ccxt" in low and any(w in low for w in self.LOADS):
            return True
        if any(h in low for h in self.IMPORT_SDKS):
            return True  # an SDK whose client classes are ordinary words (kucoin's ``User(k, s, p)``)
        if any(w in low for w in self.CLIENT) and (any(w in low for w in self.CREDS) or "https://" in low):
            return True
        # last: the one regex scan over the whole text (every test above is a substring test)
        if "false" in low and ("verify" in low or "ssl" in low):
            for m in self.TLS_FALSE.finditer(low):
                name, quote, bracket, sep = m.groups()
                if "verify" in name or name.endswith("ssl") and (not quote or bracket) and sep == "=":
                    return True
        return False


PRECHECK = _Precheck()
