"""BOT2xx: credentials reaching logs, output, exceptions, notifications, files and third-party
hosts, and ccxt clients that print their own request headers.

One module per code.  Each declares the sink kinds it judges (``SINKS``, see :mod:`.sinks`
for which calls are sinks of each kind) and its judgement; the data flow that says which
credentials reach a site is the shared analysis :mod:`botlint.analysis.dataflow`, and the
loop and message are shared in :mod:`._family`.  One finding per sink, at the sink, naming the
credential and where it came from; never a value.
"""
from . import (  # noqa: F401 (registers the rules)
    bot201_secret_in_log_call,
    bot202_secret_in_exception,
    bot203_secret_in_notification,
    bot204_secret_written_to_file,
    bot205_secret_sent_to_third_party,
    bot206_ccxt_verbose_with_credentials,
    bot207_debug_logging_with_credentials,
)
