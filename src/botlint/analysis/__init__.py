"""Rule-free helpers shared by rules: name and value judgement, import aliases."""


def _clients(ctx):
    from .clients import ClientTracker

    return ClientTracker.shared(ctx)


# name -> factory(ctx) of a visitor that collects facts for several rules in the one walk
ANALYSES = {"clients": _clients}

# The link step across modules (engine.link): an analysis above may define ``export() ->
# dict`` and ``wants() -> list[str]``, and its factory an ``EXPORT_PRECHECK`` (``.search(text)``:
# a file it matches is walked for its exports even when no rule needing the analysis passes
# its PRECHECK).  Here: name (as in ANALYSES) -> ``close(exports_by_module) -> closed exports``,
# the analysis's closure over the project's modules, called once per run.
LINKERS: dict = {}
