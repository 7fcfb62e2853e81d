"""Rule-free helpers shared by rules: name and value judgement, imports, strings and
expressions, and the shared per-file analyses (client tracking, credential data flow)."""


def _clients(ctx):
    from .clients import ClientTracker

    return ClientTracker.shared(ctx)


class _ClientExportPrecheck:
    """A file may export a client factory, a module-level client or a TLS-off session (walk it
    for ``export()`` even when no BOT3/BOT4 rule's own pre-check matches)."""

    pattern = "ccxt | client | session | ssl | verify"
    WORDS = ("ccxt", "client", "session", "ssl", "verify", "http(", "spot(", "futures(")

    def search(self, text: str) -> bool:
        low = text.lower()
        return any(w in low for w in self.WORDS)


_clients.EXPORT_PRECHECK = _ClientExportPrecheck()  # type: ignore[attr-defined]


def _close_clients(exports_by_module):
    from .clients import close

    return close(exports_by_module)


def _dataflow(ctx):
    from .dataflow import DataFlow

    return DataFlow.shared(ctx)


# name -> factory(ctx) of a visitor that collects facts for several rules in the one walk
ANALYSES = {"clients": _clients, "dataflow": _dataflow}

# the link step across modules (LINK.md): analysis name -> close(exports_by_module)
LINKERS = {"clients": _close_clients}
