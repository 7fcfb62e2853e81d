"""BOT204: credentials written to files in clear text."""
from __future__ import annotations

from ...analysis.dataflow import FILE
from ...model import Confidence, Severity
from ._family import Bot2Rule


class SecretWrittenToFile(Bot2Rule):
    """## What it does
    Reports credentials written to files in clear text: `open(...).write(x)`,
    `Path.write_text(x)`, `json.dump`/`yaml.dump`/`pickle.dump` of a credential or of a config
    or client object holding one, `dotenv.set_key`, `print(x, file=f)`; a wallet's private key
    written to a backup file (`json.dump({"private_key": acct.key.hex()}, f)` of an eth_account
    `Account.create()` / `from_key()`, a list of wallets built in a comprehension).

    ## Why is this bad?
    Files outlive the process: they get committed, synced, backed up and attached to bug
    reports.  A key read from a secret store and written to `state.json` is no longer in a
    secret store.

    ## Example
    ```python
    json.dump({"apiKey": api_key, "secret": api_secret}, open("state.json", "w"))
    ```

    ## Use instead
    ```python
    json.dump({"positions": positions}, open("state.json", "w"))  # keys stay in the environment
    ```

    ## Known problems
    Lower severity: a setup wizard that writes `.env` or `config.json` on purpose is a
    legitimate use; suppress it with `# botlint: ignore[BOT204]`.  Encrypted values (any
    unknown function call ends a flow) are not reported.

    ## References
    - [CWE-312: Cleartext Storage of Sensitive Information](https://cwe.mitre.org/data/definitions/312.html)
    """

    CODE = "BOT204"
    NAME = "secret-written-to-file"
    SEVERITY = Severity.LOW
    CONFIDENCE = Confidence.HIGH
    CWE = 312
    MESSAGE = "Credential written to a file in clear text"
    VALID = (
        'import json\ndef save(positions):\n    with open("state.json", "w") as f:\n'
        '        json.dump({"positions": positions}, f)\n',
    )
    INVALID = (
        'import json, os\napi_secret = os.environ["BINANCE_API_SECRET"]\n'
        'with open("state.json", "w") as f:\n    json.dump({"secret": api_secret}, f)\n',
        'def write_cert(filename, password):\n    with open(filename, "w") as file:\n        file.write(password)\n',
    )

    SINKS = (FILE,)
