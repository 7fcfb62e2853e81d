"""The BOT2 family base: a rule declares the sink kinds it watches and judges each flow.

The shared data-flow analysis (:mod:`botlint.analysis.dataflow`) collects the module's sink
sites during the one walk and resolves which credential sources reach each one.  A BOT2 rule is
then a short module: its docs and examples, ``SINKS`` (the kinds of site it judges, see
:mod:`.sinks`), and :meth:`Bot2Rule.judge` (a site and its sources -> a :class:`Report`, or
None).  The loop over the sites at ``leave_Module`` is shared here, as is the message: the
first credential (strong sources first, then by line), where it came from, and what it
reaches.  Never a value.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Dict, Iterator, List, Optional, Sequence

import libcst as cst

from ...analysis.dataflow import DataFlow, SinkSite, Source, register_user
from ...analysis.syntax import lowered
from ...model import Confidence
from ...rule import Rule
from . import sinks  # noqa: F401 (registers the sink vocabulary)

# a file that names no credential, no credential look-up and no credential container cannot
# leak one: the walk is skipped.  The words of the old alternation regex as substring tests on
# the lowered text (``re`` tries a case-insensitive alternation at every position: about 10x
# slower); each test is the same or looser than its regex part (``vars(`` for ``\bvars\(``).
_WORDS = ("secret", "apikey", "api_key", "api-key", "api key", "dotenv", "istrategy", "passw", "passphrase",
          "private_key", "privatekey", "mnemonic", "seed", "token", "webhook", "credential", "getpass",
          "keyring", "__dict__", "vars(", "pwd", "twofa", "access_key", "accesskey", "environ", "from_key",
          "keypair", "from_mnemonic", "account.create",
          # a dump of a settings object another module defines (``s.model_dump()``, ``asdict(cfg)``)
          "model_dump", "asdict(",
          # a wallet's private key (eth_account's LocalAccount.key, HexBytes)
          "key.hex(", "wallet.key", "signer.key", "keypair.key")
_KEY_SUBSCRIPT = re.compile(r"\[\s*['\"]key['\"]\s*\]")  # cfg["key"], on the lowered text


# a module of the project imported by a script-style or relative import (``from service import
# ExchangeService``, ``from .config import load``): what it hands over may carry credentials the
# text never names (``print(svc.describe())``), so a file with such an import and an output
# walks too (it then asks the link step for those names)
_OUTPUTS = ("print(", "log", "raise ", "notify", "send", ".post(", "write(", "echo(")


def _from_imports(text: str) -> Iterator[str]:
    """The modules of the ``from X import`` statements of a text (a scan for "from " at the
    start of a line: no pattern runs over the scanned text)."""
    at = text.find("from ")
    while at >= 0:
        start = text.rfind("\n", 0, at) + 1
        if not text[start:at].strip(" \t"):
            rest = text[at + 5:at + 200].lstrip(" \t")
            module = rest.split(None, 1)[0] if rest.strip() else ""
            if module and rest[len(module):len(module) + 8].lstrip(" \t").startswith("import"):
                yield module
        at = text.find("from ", at + 5)


# data loaders whose result a config loader may log whole
_LOADERS = ("json.load(", "safe_load(", "yaml.load(", "full_load(", "toml.load(")

# a logging level configuration (BOT207 ties it to a client of another module of the program)
_LEVEL_CONFIG = ("basicconfig(", "setlevel(", "dictconfig(")


def _uses_project_names(text: str, low: str) -> bool:
    if "from " not in text or not any(w in low for w in _OUTPUTS):
        return False
    from ...analysis.dataflow.link import is_project_name

    # dotted ``from pkg.mod import`` names are skipped for speed (most are libraries), except in a
    # file that configures logging: a package's ``__main__.py`` setting DEBUG while the client
    # lives in ``pkg.exchange`` (the head is a project name: not the stdlib nor a known library)
    dotted_ok = any(w in low for w in _LEVEL_CONFIG)
    return any(m.startswith(".") or "." not in m and m.isidentifier() and is_project_name(m)
               or dotted_ok and "." in m and is_project_name(m)
               for m in _from_imports(text))


class _Precheck:
    """Duck-types ``re.Pattern.search``: True when the file may name a credential, or may get
    one from a module of the project."""

    pattern = "|".join(_WORDS) + "|" + _KEY_SUBSCRIPT.pattern

    def search(self, text: str) -> bool:
        low = lowered(text)
        if any(w in low for w in _WORDS):
            return True
        if ("'key'" in low or '"key"' in low) and _KEY_SUBSCRIPT.search(low) is not None:
            return True
        if "log" in low and any(w in low for w in _LOADERS):
            return True  # a config loader that logs what it loaded (rules/bot2/_loaded_config.py)
        return _uses_project_names(text, low)


PRECHECK = _Precheck()


@dataclass
class Report:
    """What a rule reports for one flow: the node, the sources, and the end of the message."""

    node: cst.CSTNode
    sources: List[Source]
    tail: str  # "reaches logger.info"


class Bot2Rule(Rule):
    ABSTRACT = True
    PRECHECK = PRECHECK
    # in a test file (engine.source.is_test_path) the LOCAL sinks are not reported: tests print,
    # log, assert on, raise with and write throw-away env files of fake credentials on purpose
    # (test doubles, harness code), and what they show stays in the test run.  The NETWORK
    # sinks (BOT203 notification, BOT205 third-party host / web response) override this with
    # "lower": a credential a test sends somewhere has left the machine.
    IN_TESTS = "skip"
    # the data flow (it uses the shared client tracker for ccxt clients: see DataFlow.shared)
    ANALYSES = ("dataflow",)
    # kinds of sink site this rule judges (analysis.dataflow: LOG, CONSOLE, HTTP, ...)
    SINKS: Sequence[str] = ()

    def __init_subclass__(cls, **kwargs) -> None:
        super().__init_subclass__(**kwargs)
        if not cls.__dict__.get("ABSTRACT", False):
            register_user(cls.CODE)  # the data flow walks in runs that enable a BOT2 code

    def judge(self, flow: DataFlow, site: SinkSite, sources: List[Source]) -> Optional[Report]:
        """The report for one site reached by ``sources`` (never empty), or None."""
        return Report(site.node, sources, "reaches " + site.what)

    def extra(self, flow: DataFlow) -> List[Report]:
        """Reports that do not come from one sink site (clients, configuration)."""
        return []

    def leave_Module(self, original_node: cst.Module) -> None:
        flow = DataFlow.shared(self.ctx)
        reports: List[Report] = []
        if self.SINKS:
            for site in flow.sites(*self.SINKS):
                sources = flow.taint(site)
                if sources:
                    found = self.judge(flow, site, sources)
                    if found is not None and found.sources:
                        reports.append(found)
        reports.extend(self.extra(flow))
        if not reports:
            return
        lines = flow.origin_lines([s.node for r in reports for s in r.sources] + [r.node for r in reports])
        for r in reports:
            self.report(
                r.node,
                message(r.sources, r.tail, lines, lines.get(id(r.node))),
                confidence=Confidence.HIGH if any(s.strong for s in r.sources) else Confidence.MEDIUM,
            )


def message(srcs: List[Source], tail: str, lines: Dict[int, int], at: Optional[int] = None) -> str:
    """The finding's message; the origin's "(line N)" is left out when N is the sink's own
    line ``at`` (a source read inside the sink call)."""
    ordered = sorted(srcs, key=lambda s: (not s.strong, lines.get(id(s.node), 1 << 30), s.label))
    first = ordered[0]
    line = lines.get(id(first.node))
    where = f" (line {line})" if line and line != at else ""
    more = ""
    others = {s.label for s in ordered[1:]} - {first.label}
    if others:
        more = f" (and {len(others)} other credential{'s' if len(others) > 1 else ''})"
    return f"{first.label} from {first.origin}{where}{more} {tail}"
