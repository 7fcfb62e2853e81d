"""BOT206: a credentialed ccxt client in verbose mode."""
from __future__ import annotations

from typing import List

from ...analysis.dataflow import DataFlow, safe_label
from ...model import Confidence, Severity
from ._family import Bot2Rule, Report


class CcxtVerboseWithCredentials(Bot2Rule):
    """## What it does
    Reports a ccxt client built with credentials that has `verbose=True` (in its config or set
    later with `exchange.verbose = True`).

    ## Why is this bad?
    In verbose mode ccxt prints every request and response, headers included, with `print`:
    `X-MBX-APIKEY`, `X-BAPI-API-KEY`, and the OKX, Bitget and Coinbase passphrases in plain text
    (`OK-ACCESS-PASSPHRASE`).  Console output gets logged, shared and pasted into issues.

    ## Example
    ```python
    exchange = ccxt.okx({"apiKey": key, "secret": secret, "password": passphrase, "verbose": True})
    ```

    ## Use instead
    ```python
    exchange = ccxt.okx({"apiKey": key, "secret": secret, "password": passphrase})
    ```

    ## Known problems
    Only a literal `True` is reported; `verbose=args.verbose` is not.

    Fix (safe: `--fix`): the `"verbose": True` entry or the `exchange.verbose = True`
    statement is removed; only ccxt's request printing changes.

    ## References
    - [CWE-532](https://cwe.mitre.org/data/definitions/532.html)
    - [ccxt manual: verbose mode](https://docs.ccxt.com/#/README?id=troubleshooting)
    """

    CODE = "BOT206"
    NAME = "ccxt-verbose-with-credentials"
    SEVERITY = Severity.MEDIUM
    CONFIDENCE = Confidence.HIGH
    CWE = 532
    MESSAGE = "A ccxt client with credentials in verbose mode prints them"
    VALID = (
        'import ccxt\nex = ccxt.binance({"verbose": True})\nprint(ex.fetch_ticker("BTC/USDT"))\n',
    )
    INVALID = (
        'import ccxt, os\nex = ccxt.okx({"apiKey": os.environ["OKX_API_KEY"], "secret": os.environ["OKX_SECRET"],'
        ' "password": os.environ["OKX_PASSPHRASE"], "verbose": True})\n',
        'import ccxt, os\nex = ccxt.binance({"apiKey": os.environ["BINANCE_API_KEY"]})\nex.verbose = True\n',
    )

    def extra(self, flow: DataFlow) -> List[Report]:
        out = []
        for rec, creds in flow.credentialed_clients():
            for v in rec.verbose:
                held = safe_label(rec.target, "")
                by = f"ccxt client {held}" if held else "a ccxt client"
                out.append(Report(v, creds, f"is held by {by}, which has "
                                  "verbose=True: ccxt prints every request with its headers, API key included"))
        return out
