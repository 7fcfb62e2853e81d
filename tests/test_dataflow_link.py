"""Credential flows across modules (issue 9, item 2; LINK.md): the data flow's export(),
wants() and close(), and a module linted with the facts it wants in ``ctx.linked``.

Until the engine's link step is on this branch, the contexts are built by hand the way the
engine builds them (``module_name``, ``linked``), and the link plan is done here in a few lines.
"""
from __future__ import annotations

import json
from typing import Dict, List, Tuple

import libcst as cst
import pytest

from botlint import registry
from botlint.analysis import ANALYSES, LINKERS
from botlint.analysis.imports import ImportMap
from botlint.rule import FileContext, tracker
from botlint.walker import walk

from helpers import settings


def lint(src: str, module: str, path: str, linked=None):
    """(DataFlow, findings as (code, message)) of one module walked with the BOT2 rules."""
    ctx = FileContext(path=path, source=src, settings=settings(["BOT2"]), imports=ImportMap())
    ctx.module_name = module  # type: ignore[attr-defined]
    ctx.linked = linked or {}  # type: ignore[attr-defined]
    registry.load()
    rules = [r for r in registry.walking_rules() if r.CODE.startswith("BOT2")]
    walk(cst.parse_module(src), [tracker(ctx), ANALYSES["clients"](ctx), ANALYSES["dataflow"](ctx)]
         + [r(ctx) for r in rules])
    return ctx.shared["dataflow"], [(r.code, r.message) for r in ctx.raw]


def export(src: str, module: str) -> Dict[str, dict]:
    flow, _ = lint(src, module, module.replace(".", "/") + ".py")
    return json.loads(json.dumps(flow.export()))


def project(files: Dict[str, str], main: str) -> List[Tuple[str, str]]:
    """Findings of ``main`` linted with the closed facts of the other modules it wants."""
    exports = {m: export(src, m) for m, src in files.items()}
    closed = LINKERS["dataflow"](exports)
    flow, _ = lint(files[main], main, main.replace(".", "/") + ".py")
    linked: Dict[str, dict] = {}
    for want in flow.wants():
        for m, facts in closed.items():
            if m != main and want.startswith(m + ".") and want[len(m) + 1:] in facts:
                linked[want] = {**facts[want[len(m) + 1:]], "path": m.replace(".", "/") + ".py", "module": m}
    return lint(files[main], main, main.replace(".", "/") + ".py", {"dataflow": linked})[1]


NOTIFY = ("import logging, requests\nfrom .log import log_it\nlog = logging.getLogger(__name__)\n"
          "URL = 'https://api.telegram.org/bot1/sendMessage'\n"
          "def send_alert(text, chat=1):\n    requests.post(URL, json={'chat_id': chat, 'text': text})\n"
          "def warn(msg):\n    log_it('warn: ' + msg)\n"
          "def quiet(msg):\n    log.info('message of %d chars', len(msg))\n"
          "def _fmt(m):\n    return m\n"
          "def shout(m):\n    print(_fmt(m))\n"
          "class Notifier:\n    def send(self, text):\n        log.info('notify %s', text)\n"
          "class Hook:\n    def __init__(self, url, note=''):\n        print('hook', note)\n"
          "hooks = Notifier()\n")
LOG = "import logging\ndef log_it(m, level=20):\n    logging.getLogger().log(level, m)\n"
CONFIG = ("import os\nfrom dataclasses import dataclass, field\nAPI_KEY = os.environ['BINANCE_API_KEY']\n"
          "LITERAL_SECRET = 'fake-not-a-real-value'\n"
          "@dataclass\nclass Creds:\n    api_secret: str\n"
          "@dataclass\nclass Hidden:\n    api_secret: str = field(repr=False)\n"
          "def load_secret():\n    return os.environ['BINANCE_API_SECRET']\n")


# -- export -----------------------------------------------------------------------------------------

def test_export_parameters_reaching_sinks_directly_and_through_local_helpers():
    facts = export(NOTIFY, "bot.notify")
    assert {(s["param"], s["sink"], s["host"]) for s in facts["send_alert"]["sinks"]} >= {
        (0, "http", "api.telegram.org")
    }
    assert facts["send_alert"]["params"] == ["text", "chat"]
    assert [(s["param"], s["sink"]) for s in facts["shout"]["sinks"]] == [(0, "console")]  # through _fmt()
    assert [(s["param"], s["sink"]) for s in facts["Notifier.send"]["sinks"]] == [(1, "log")]  # self is 0
    assert facts["Notifier.send"]["method"] is True
    assert "quiet" not in facts  # len(msg) is no flow
    assert facts["warn"]["calls"] == [{"param": 0, "calls": "bot.log.log_it", "arg": 0}]
    assert facts["send_alert"]["line"] == 5 and facts["Notifier.send"]["line"] == 16


def test_export_returns_classes_and_constants_without_values():
    facts = export(CONFIG, "bot.config")
    assert facts["API_KEY"] == {
        "kind": "constant",
        "cred": "exchange",
        "label": "BINANCE_API_KEY",
        "origin": "os.environ",
        "container": False,
        "line": 3,
    }
    assert facts["load_secret"]["returns"]["cred"] == "exchange"
    assert facts["Creds"]["kind"] == "class" and facts["Creds"]["cred"] == "exchange"
    # a repr=False field is not shown by repr; a dump (model_dump(), asdict()) still shows it
    assert "shows" not in facts["Hidden"] and facts["Hidden"]["creds"] == ["api_secret"]
    assert "LITERAL_SECRET" not in facts
    assert "fake-not-a-real-value" not in json.dumps(facts)


def test_wants_are_the_project_names_used():
    src = (
        "import os, logging, requests\nfrom bot.notify import send_alert\nfrom .config import API_KEY\n"
        "import bot.helpers as h\nfrom .notify import Notifier\n"
        "def go():\n    h.report(1)\n    n = Notifier()\n    n.send('x')\n    requests.get('u')\n    os.getenv('X')\n"
    )
    flow, _ = lint(src, "bot.main", "bot/main.py")
    assert flow.wants() == [
        "bot.config.API_KEY",
        "bot.helpers.report",
        "bot.notify.Notifier",
        "bot.notify.Notifier.__init__",
        "bot.notify.Notifier.send",
        "bot.notify.send_alert",
    ]


# -- close ------------------------------------------------------------------------------------------


def test_close_follows_helpers_across_modules_however_deep():
    ex = {
        "a": {"f": {"kind": "function", "params": ["x"], "calls": [{"param": 0, "calls": "b.g", "arg": 0}]}},
        "b": {"g": {"kind": "function", "params": ["y"], "calls": [{"param": 0, "calls": "c.h", "arg": "kw:z"}]}},
        "c": {
            "h": {
                "kind": "function",
                "params": ["q", "z"],
                "line": 7,
                "sinks": [{"param": 1, "sink": "log", "what": "log.info", "line": 7, "module": "", "host": None}],
            }
        },
    }
    closed = LINKERS["dataflow"](ex)
    assert [(s["param"], s["module"], s["line"]) for s in closed["a"]["f"]["sinks"]] == [(0, "c", 7)]
    assert [(s["param"], s["module"]) for s in closed["b"]["g"]["sinks"]] == [(0, "c")]
    assert "sinks" not in ex["a"]["f"]  # the input is not changed


def test_close_is_cycle_safe_and_bounded():
    ex = {
        "a": {
            "f": {
                "kind": "function",
                "params": ["x"],
                "calls": [{"param": 0, "calls": "b.g", "arg": 0}],
                "sinks": [{"param": 0, "sink": "console", "what": "print", "line": 2, "module": "", "host": None}],
            }
        },
        "b": {"g": {"kind": "function", "params": ["y"], "calls": [{"param": 0, "calls": "a.f", "arg": 0}]}},
    }
    closed = LINKERS["dataflow"](ex)
    assert len(closed["a"]["f"]["sinks"]) == 1
    assert [(s["module"]) for s in closed["b"]["g"]["sinks"]] == ["a"]


def test_close_maps_method_arguments_past_self():
    ex = {
        "a": {"f": {"kind": "function", "params": ["x"], "calls": [{"param": 0, "calls": "b.N.send", "arg": 0}]}},
        "b": {
            "N.send": {
                "kind": "function",
                "params": ["self", "t"],
                "method": True,
                "sinks": [{"param": 1, "sink": "log", "what": "log", "line": 3, "module": "", "host": None}],
            }
        },
    }
    assert [s["param"] for s in LINKERS["dataflow"](ex)["a"]["f"]["sinks"]] == [0]


# -- a module linted with the facts it wants ----------------------------------------------------------

FILES = {"bot.notify": NOTIFY, "bot.log": LOG, "bot.config": CONFIG}


@pytest.mark.parametrize(
    "body,code,cites",
    [
        ("send_alert(f'started with {KEY}')", "BOT203", "bot/notify.py:6 through send_alert()"),
        ("warn(KEY)", "BOT201", "bot.log:3 through warn()"),
        ("Notifier().send(KEY)", "BOT201", "bot/notify.py:17 through Notifier.send()"),
        ("n = Notifier()\n    n.send(text=KEY)", "BOT201", "through Notifier.send()"),
        ("shout(KEY)", "BOT201", "bot/notify.py:14 through shout()"),
        ("print(API_KEY)", "BOT201", "os.environ in bot/config.py:3"),
        ("print(load_secret())", "BOT201", "returned by load_secret()"),
        ("hooks.send(KEY)", "BOT201", "bot/notify.py:17 through hooks.send()"),
        ("Hook('u', note=KEY)", "BOT201", "bot/notify.py:20 through Hook.__init__()"),
    ],
)
def test_a_credential_reaching_another_modules_sink(body, code, cites):
    main = (
        "import os\nfrom .notify import send_alert, warn, Notifier, shout, quiet, hooks, Hook\n"
        "from .config import API_KEY, load_secret, Creds\nKEY = os.environ['OKX_SECRET_KEY']\n"
        f"def go():\n    {body}\n"
    )
    found = project({**FILES, "bot.main": main}, "bot.main")
    assert [c for c, _m in found] == [code], found
    assert cites in found[0][1]


def test_a_parameter_typed_with_another_modules_record_class():
    main = "from bot.config import Creds, Hidden\ndef show(c: Creds, h: Hidden):\n    print(c)\n    print(h)\n"
    found = project({**FILES, "bot.main": main}, "bot.main")
    assert [(c, "bot/config.py" in m) for c, m in found] == [("BOT201", True)]


@pytest.mark.parametrize(
    "body",
    [
        "send_alert(f'key has {len(KEY)} chars')",
        "send_alert('started')",
        "quiet(KEY)",
        "warn(KEY[:4])",
        "Notifier().send('hello')",
        "Hook(KEY)",
        "hooks.send(len(KEY))",
    ],
)
def test_clean_calls_of_another_modules_helpers(body):
    main = (
        "import os\nfrom .notify import send_alert, warn, Notifier, quiet, Hook, hooks\n"
        f"KEY = os.environ['OKX_SECRET_KEY']\ndef go():\n    {body}\n"
    )
    assert project({**FILES, "bot.main": main}, "bot.main") == []


def test_without_linked_facts_nothing_changes():
    main = "import os\nfrom .notify import send_alert\nsend_alert(os.environ['OKX_SECRET_KEY'])\n"
    assert lint(main, "bot.main", "bot/main.py")[1] == []


# -- end to end: lint_paths over a project (the engine's link step) ------------------------------

def write_project(root, files: Dict[str, str]) -> None:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)


PROJECT = {
    "src/bot/__init__.py": "",
    "src/bot/notify.py": NOTIFY,
    "src/bot/log.py": LOG,
    "src/bot/config.py": CONFIG,
    "src/bot/main.py": ("from .notify import send_alert, warn, Notifier\nfrom .config import API_KEY, load_secret\n"
                        "def start():\n    send_alert(f'up with {API_KEY}')\n    warn(load_secret())\n"
                        "    Notifier().send('hello')\n"),
}


def test_end_to_end_findings_at_the_call_or_the_helpers_sink(tmp_path, monkeypatch):
    from botlint.engine import lint_paths

    write_project(tmp_path, PROJECT)
    monkeypatch.chdir(tmp_path)
    res = lint_paths(["src"], settings(["BOT2"]), use_cache=False)
    got = sorted((f.path, f.line, f.code, f.message) for f in res.findings)
    # send_alert(f"up with {API_KEY}"): the call builds the text with the key, reported there,
    # citing the sink; warn(load_secret()) hands the key over as it is: the helper's sink
    # (warn() -> log_it() in log.py), citing the caller
    assert [(p, line, c) for p, line, c, _m in got] == [("src/bot/log.py", 3, "BOT201"),
                                                        ("src/bot/main.py", 4, "BOT203")]
    assert "returned by load_secret()" in got[0][3] and "passed to warn() by src/bot/main.py:5" in got[0][3]
    assert "os.environ in src/bot/config.py:3" in got[1][3] and "notify.py:6 through send_alert()" in got[1][3]
    # a run over the caller alone (nothing cached): the helpers are not linked at all
    assert lint_paths(["src/bot/main.py"], settings(["BOT2"]), use_cache=False).findings == []
    # without the link step each file is judged alone
    assert [f for f in lint_paths(["src"], settings(["BOT2"], link=False), use_cache=False).findings] == []


def test_end_to_end_serial_equals_parallel_and_the_cache_keeps_links(tmp_path, monkeypatch):
    from botlint.engine import lint_paths

    write_project(tmp_path, PROJECT)
    monkeypatch.chdir(tmp_path)
    serial = lint_paths(["src"], settings(["BOT2"]), jobs=1, use_cache=False)
    parallel = lint_paths(["src"], settings(["BOT2"]), jobs=2, use_cache=False)
    assert [f.to_dict() for f in serial.findings] == [f.to_dict() for f in parallel.findings]
    cache = str(tmp_path / "cache")
    first = lint_paths(["src"], settings(["BOT2"]), cache_dir=cache)
    again = lint_paths(["src"], settings(["BOT2"]), cache_dir=cache)
    assert [f.to_dict() for f in again.findings] == [f.to_dict() for f in first.findings] == \
        [f.to_dict() for f in serial.findings]
