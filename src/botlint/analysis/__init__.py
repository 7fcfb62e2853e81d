"""Rule-free helpers shared by rules: name and value judgement, import aliases."""


def _clients(ctx):
    from .clients import ClientTracker

    return ClientTracker.shared(ctx)


# name -> factory(ctx) of a visitor that collects facts for several rules in the one walk
ANALYSES = {"clients": _clients}
