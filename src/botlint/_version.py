"""botlint's version, in a module of its own so that the cache, the renderers and the CLI can
read it without importing the package (and through it the engine)."""

__version__ = "0.1.0"
