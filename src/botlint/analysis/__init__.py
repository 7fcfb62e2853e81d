"""Rule-free helpers shared by rules: name and value judgement, imports, strings and
expressions, and the shared per-file analyses (client tracking, credential data flow)."""


def _clients(ctx):
    from .clients import ClientTracker

    return ClientTracker.shared(ctx)


def _dataflow(ctx):
    from .dataflow import DataFlow

    return DataFlow.shared(ctx)


# name -> factory(ctx) of a visitor that collects facts for several rules in the one walk
ANALYSES = {"clients": _clients, "dataflow": _dataflow}
