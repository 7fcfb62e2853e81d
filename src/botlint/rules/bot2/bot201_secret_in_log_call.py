"""BOT201: credentials reaching a log call or the console."""
from __future__ import annotations

from typing import List

from ...analysis.dataflow import CONSOLE, LOG, DataFlow
from ...analysis.names import SECRET
from ...model import Confidence, Severity
from . import _loaded_config
from ._family import Bot2Rule, Report


class SecretInLogCall(Bot2Rule):
    """## What it does
    Follows credentials (environment and config look-ups whose key names a credential, names
    and attributes such as `api_secret`, ccxt client credential attributes, `SecretStr`
    values, keyring look-ups, functions of the same module that return one) through
    assignments, f-strings, `%`, `.format`, concatenation, containers, `self` attributes,
    parameters and return values of the module's functions, and reports the ones that reach a
    log call: stdlib `logging` and logger objects (hummingbot's `self.logger()` too), loguru,
    structlog (keyword arguments included), `print`, `pprint`, `sys.stdout/stderr.write`,
    rich, `warnings.warn`, Streamlit pages (`st.write`, `st.json`, `st.code`, `st.sidebar.*`: shown
    to whoever opens the page).  A decorator's wrapper that logs its `*args` / `**kwargs` is
    reached by the arguments of the functions it decorates (and by their parameters named as
    credentials); a Solana `Keypair` (built from a key, generated, or a parameter declared
    `Keypair`) is its secret key in `str()`, `bytes()` and `.secret()` (`.pubkey()` is public);
    a credential written into the module as a literal and then printed is reported here too
    (BOT1 reports the literal).  A parameter or variable holding an instance of a class of the
    module is judged by that class's repr (`field(repr=False)`, a masking `__repr__`), not by
    its name.  Also a config loader that logs the whole config it loaded
    (`cfg = yaml.safe_load(fh)`, `logger.info("config: %s", cfg)`, `return cfg`) when a caller, in
    the module or another of the run, reads a credential from its result; and a chat command's
    text (`update.message.text`) logged in a handler that splits it into an API key and secret.

    ## Why is this bad?
    Logs are copied to terminals, files, screenshots, log shippers and bug reports.  A key read
    correctly from the environment and then printed at start-up is as lost as a committed one.

    ## Example
    ```python
    api_secret = os.environ["BINANCE_API_SECRET"]
    logger.info(f"starting with secret {api_secret}")
    ```

    ## Use instead
    ```python
    api_secret = os.environ["BINANCE_API_SECRET"]
    logger.info("starting, secret configured: %s", bool(api_secret))
    logger.info("key ...%s", api_key[-4:])  # at most six characters
    ```

    ## Known problems
    Across modules, a credential is followed into the project's helper functions and methods
    (however many calls deep), constants, functions returning credentials and record classes
    when the run links modules (the default); a pre-commit run over a few files uses the
    cached facts of the other files and misses what no earlier run cached.  Calls to unknown
    functions end a flow (so hashes, HMAC signatures and
    encryption are not leaks, but neither is a custom formatter).  Branches are merged by
    "last assignment wins" in source order.  A bare `token` or `key` is not a credential
    unless qualified (`bot_token`, `config["exchange"]["key"]`).

    ## References
    - [CWE-532: Insertion of Sensitive Information into Log File](https://cwe.mitre.org/data/definitions/532.html)
    - [CodeQL: py/clear-text-logging-sensitive-data](https://codeql.github.com/codeql-query-help/python/py-clear-text-logging-sensitive-data/)
    """

    CODE = "BOT201"
    NAME = "secret-in-log-call"
    SEVERITY = Severity.MEDIUM
    CONFIDENCE = Confidence.HIGH
    CWE = 532
    MESSAGE = "Credential reaches a log call or the console"
    VALID = (
        'import os, logging\nlogger = logging.getLogger(__name__)\n'
        'api_key = os.environ["BINANCE_API_KEY"]\n'
        'logger.info(f"api key configured: {bool(api_key)}")\n'
        'logger.info("key ...%s", api_key[-4:])\n',
        'import logging\ndef connect(token="USDT", api_key_name="main"):\n'
        '    logging.info("trading %s with key %s", token, api_key_name)\n',
        'import os\nsecret = os.getenv("BYBIT_API_SECRET")\nif not secret:\n'
        '    print("BYBIT_API_SECRET is not set")\n',
    )
    INVALID = (
        'import os, logging\nlogger = logging.getLogger(__name__)\n'
        'api_secret = os.environ["BINANCE_API_SECRET"]\n'
        'logger.info(f"starting with secret {api_secret}")\n',
        'import logging\ndef connect(api_key):\n    logging.info("Using key %s", api_key)\n',
        'from loguru import logger\nimport os\n'
        'creds = {"key": os.getenv("OKX_API_KEY"), "passphrase": os.getenv("OKX_PASSPHRASE")}\n'
        'logger.debug("creds: {}", creds)\n',
    )

    SINKS = (LOG, CONSOLE)

    def extra(self, flow: DataFlow) -> List[Report]:
        """A loader logging the whole config it loaded, whose result a caller reads a
        credential from (:mod:`._loaded_config`)."""
        out: List[Report] = []
        for site, func in _loaded_config.loader_sites(flow):
            if flow.taint(site):
                continue  # reported as a flow already
            used = _loaded_config.local_use(flow, func)
            where = "" if used is None else " (its caller reads it)"
            if used is None:
                used = _loaded_config.linked_use(flow, func)
            if used is None:
                continue
            src = flow.resolver.src(used, f"the config {func}() loads{where}", None, SECRET, True, container=True)
            out.append(Report(site.node, [src], f"is in the whole config logged by {site.what}"))
        return out

