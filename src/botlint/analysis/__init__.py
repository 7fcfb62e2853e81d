"""Rule-free helpers shared by rules: name and value judgement, imports, strings and
expressions, and the shared per-file analyses (client tracking, credential data flow)."""
from ..modnames import is_project_name


def _clients(ctx):
    from .clients import ClientTracker

    return ClientTracker.shared(ctx)


class _ClientExportPrecheck:
    """A file may export a client factory, a module-level client, a TLS-off session, a URL
    carrying a credential or a helper forwarding a method name or path to a client (walk it for
    ``export()`` even when no BOT3/BOT4 rule's own pre-check matches)."""

    pattern = "ccxt | client( | session | ssl | verify | URLs carrying a credential | getattr( | .request("
    # "client(" / "client =", not "client": a bare "client" is in every import of a package
    # named client (hummingbot.client: 205 of hummingbot's 908 modules matched on it alone)
    # and in "ClientConfigAdapter"; "alchemy.com", not "alchemy" (sqlalchemy)
    WORDS = ("ccxt", "client(", "client =", "session", "ssl", "verify", "http(", "spot(", "futures(",
             "infura.io", "alchemy.com", "alchemyapi", "api.telegram.org", "/webhooks/", "getattr(", ".request(",
             ".fetch2(",
             # a config loader or a config file's data (a ccxt client built from it has its keys)
             "json.load", "safe_load", "yaml.load", "full_load", "toml.load", "tomllib", "tomli")

    _sdk_words: tuple = ()

    def search(self, text: str) -> bool:
        low = text.lower()
        if any(w in low for w in self.WORDS):
            return True
        if not self._sdk_words:  # the registry's SDK client classes (``FundingAPI(``), once
            from ..venues import sdk_client_classes

            from ..venues import SDKS

            # SDKs whose classes are ordinary words (kucoin's ``User``): their import heads
            heads = {h for sdk in SDKS if sdk.tracked and sdk.import_classes for h in sdk.module_heads}
            type(self)._sdk_words = tuple(sorted({f"{c.lower()}(" for c in sdk_client_classes()} | heads))
        return any(w in low for w in self._sdk_words)


_clients.EXPORT_PRECHECK = _ClientExportPrecheck()  # type: ignore[attr-defined]


def _close_clients(exports_by_module):
    from .clients import close

    return close(exports_by_module)


def _dataflow(ctx):
    from .dataflow import factory

    return factory(ctx)


def _dataflow_close(exports):
    from .dataflow.link import close

    return close(exports)


class _ExportPrecheck:
    """A module that may define a helper other modules' credentials reach (a function named
    for logging, alerting or sending, or code using a chat or notification API), or that
    names a credential (a constant, a config class): walked for its exports even when no BOT2
    rule's pre-check matches it.  Plain substring tests (linear, C speed)."""

    WORDS = ("telegram", "discord", "slack", "webhook", "send_message", "sendmessage", "smtplib", "apprise",
             "notif", ".post(", "def log", "def alert", "def send", "def report", "def debug", "def info",
             "def warn", "def error", "def echo", "def show", "def display", "def dump", "def save", "def write",
             "def print", "def emit", "def fail", "secret", "api_key", "apikey", "passw", "private_key", "token",
             "error(", "exception(")  # s9-bot2: a helper building an exception from its argument

    def search(self, text: str) -> bool:
        low = text.lower()
        # s9-bot2: a module defining a log level another module configures logging with;
        # a pydantic-settings class (its connection URL fields are the environment's)
        return "def " in low and any(w in low for w in self.WORDS) or "level" in low or "basesettings" in low


_dataflow.EXPORT_PRECHECK = _ExportPrecheck()  # type: ignore[attr-defined]
# the only names the data flow links across modules (the import pre-scan asks: engine.prescan)
_dataflow.LINKS_NAME = is_project_name  # type: ignore[attr-defined]

# name -> factory(ctx) of a visitor that collects facts for several rules in the one walk
ANALYSES = {"clients": _clients, "dataflow": _dataflow}

# The link step across modules (engine.link): an analysis above may define ``export() ->
# dict`` and ``wants() -> list[str]``, and its factory an ``EXPORT_PRECHECK`` (``.search(text)``:
# a file it matches is walked for its exports even when no rule needing the analysis passes
# its PRECHECK).  Here: name (as in ANALYSES) -> ``close(exports_by_module) -> closed exports``,
# the analysis's closure over the project's modules, called once per run.
LINKERS = {"clients": _close_clients, "dataflow": _dataflow_close}
