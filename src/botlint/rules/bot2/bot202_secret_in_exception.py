"""BOT202: credentials in exception and assert messages."""
from __future__ import annotations

import libcst as cst

from ...analysis.dataflow import EXCEPTION, DataFlow
from ...analysis.exprs import describe
from ...model import Confidence, Severity
from ._family import Bot2Rule


class SecretInException(Bot2Rule):
    """## What it does
    Reports exceptions raised with a credential in their message (`raise ValueError(f"bad
    key {api_key}")`), and assert messages holding one.

    ## Why is this bad?
    Exception messages end up in tracebacks, log files, crash reporters (Sentry attaches them),
    Telegram error notifications and GitHub issues pasted by users.

    ## Example
    ```python
    if not exchange.check_required_credentials():
        raise RuntimeError(f"invalid credentials {api_key}:{api_secret}")
    ```

    ## Use instead
    ```python
    raise RuntimeError(f"invalid credentials for key ending ...{api_key[-4:]}")
    ```

    ## Known problems
    The arguments of the raised call are checked, and an exception object built earlier and
    raised by name (`err = ValueError(msg)` ... `raise err`); a bare `raise` or an exception
    re-raised from a library is not.  Helpers in another module of the project that raise their
    argument are followed when the run links modules.

    ## References
    - [CWE-209: Generation of Error Message Containing Sensitive Information](https://cwe.mitre.org/data/definitions/209.html)
    """

    CODE = "BOT202"
    NAME = "secret-in-exception"
    SEVERITY = Severity.MEDIUM
    CONFIDENCE = Confidence.HIGH
    CWE = 209
    MESSAGE = "Credential in an exception message"
    VALID = (
        'import os\nkey = os.environ.get("KRAKEN_API_KEY")\nif not key:\n'
        '    raise RuntimeError("KRAKEN_API_KEY is not set")\n',
        'def check(api_secret):\n    if len(api_secret) != 64:\n'
        '        raise ValueError(f"secret has {len(api_secret)} chars, expected 64")\n',
    )
    INVALID = (
        'def check(api_secret):\n    if len(api_secret) != 64:\n'
        '        raise ValueError(f"bad secret {api_secret}")\n',
    )

    SINKS = (EXCEPTION,)

    # statement sinks: recognised here, recorded in the shared flow at this point of the walk
    def visit_Raise(self, node: cst.Raise) -> None:
        exc = node.exc
        flow = DataFlow.shared(self.ctx)
        if isinstance(exc, cst.Call):
            flow.add_site(EXCEPTION, exc, f"raise {describe(exc.func)}", [a.value for a in exc.args])
        elif isinstance(exc, cst.Name):
            handlers = flow.col.handlers
            if handlers and handlers[-1] is not None and handlers[-1].value == exc.value:
                return  # except ... as e: raise e: the caught exception goes on, nothing is added to it
            # err = ValueError(f"... {key}") ... raise err
            flow.add_site(EXCEPTION, exc, f"raise {exc.value}", [exc])

    def visit_Assert(self, node: cst.Assert) -> None:
        if node.msg is not None:
            DataFlow.shared(self.ctx).add_site(EXCEPTION, node.msg, "an assert message", [node.msg])
