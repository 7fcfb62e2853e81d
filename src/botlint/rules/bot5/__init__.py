"""BOT5xx: code typical of malicious bots (droppers, obfuscation, install-time hooks,
harvesters, clipboard hijackers, exchange-library tampering, hard-wired fund destinations).

One module per code; the family policy (kept in tests, high or critical, never a secret) and
the shared helpers are in :mod:`._family`, static payload decoding in
:mod:`botlint.analysis.payloads`.
"""
from . import (  # noqa: F401 (registers the rules)
    bot501_exec_of_decoded_code,
    bot502_obfuscated_import,
    bot503_install_time_execution,
    bot504_harvest_and_exfiltrate,
    bot505_clipboard_hijack,
    bot506_exchange_library_tampering,
    bot507_fixed_fund_destination,
)
