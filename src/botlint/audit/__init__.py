"""``botlint audit PATH``: "is it safe to give this bot my API keys?" in one report.

* :mod:`.collect` runs the same discovery, engine and cache as ``botlint check`` with vetting
  defaults (no configuration file of the vetted project, its suppressions ignored, every family
  selected, each file's capability summary collected in the same walk);
* :mod:`.model` turns the findings and the summaries into an :class:`~.model.Audit`: the
  permissions a key needs with their evidence, exchanges, hosts, credentials, malicious code;
* :mod:`.verdict` says it in one sentence and lists what to do;
* :mod:`.render` prints it as text, markdown, html (one self-contained file) or json;
* :mod:`.diff` compares two versions of a bot.
"""
from __future__ import annotations

from .model import Audit, build  # noqa: F401

EXIT_SAFE, EXIT_RISK, EXIT_ERROR = 0, 1, 2
