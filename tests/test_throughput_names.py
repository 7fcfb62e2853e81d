"""The name-level export skip (``engine.prescan.names_of``): a module exports only the names the
run's imports take from it (and its ``@`` facts), and no finding changes for it.  Each project is
linted with the gates on and off (``BOTLINT_PREFILTER=0``), without a cache, cold and warm over
one, and file by file over the cache (a pre-commit run: the other modules' exports come from
their cache entries, which now may hold only some names)."""
from __future__ import annotations

import pytest

from botlint.engine import lint_paths
from botlint.rule import PREFILTER_ENV

from helpers import finding_rows, gate_runs, settings, write_tree

import test_clients_link as clients_link
import test_dataflow_link as dataflow_link

NOTIFY, LOG, CONFIG = dataflow_link.NOTIFY, dataflow_link.LOG, dataflow_link.CONFIG
BASE = {"src/bot/__init__.py": "", "src/bot/notify.py": NOTIFY, "src/bot/log.py": LOG, "src/bot/config.py": CONFIG}

PROJECTS = {
    # main takes one helper of notify.py's six and one constant of config.py's
    "some_names": {**BASE, "src/bot/main.py": (
        "from .notify import send_alert\nfrom .config import API_KEY\n"
        "def start():\n    send_alert(f'up with {API_KEY}')\n")},
    # a module-level instance: its facts are made of its class's (which nobody imports)
    "instance": {**BASE, "src/bot/main.py": (
        "from .notify import hooks\nfrom .config import load_secret\n"
        "def start():\n    hooks.send(load_secret())\n")},
    "star": {**BASE, "src/bot/main.py": (
        "from .notify import *\nfrom .config import API_KEY\nfrom .log import log_it\n"
        "def start():\n    send_alert(API_KEY)\n    log_it(API_KEY)\n")},
    "module_alias": {**BASE, "src/bot/main.py": (
        "import bot.notify as m\nimport bot.log\nfrom bot import config\n"
        "def start():\n    m.warn(config.load_secret())\n    bot.log.log_it(config.API_KEY)\n")},
    "module_from_package": {**BASE, "src/bot/main.py": (
        "from . import notify, config\n"
        "def start():\n    notify.send_alert(config.API_KEY)\n")},
    # a second importer takes other names of the same module
    "two_importers": {**BASE,
                      "src/bot/main.py": "from .notify import warn\nfrom .config import load_secret\n"
                                         "def start():\n    warn(load_secret())\n",
                      "src/bot/other.py": "from .notify import Notifier\nfrom .config import API_KEY\n"
                                          "def go():\n    Notifier().send(API_KEY)\n"},
    # the client tracker's exports: main takes one factory of exchanges.py's several
    "clients": {"src/bot/__init__.py": "", "src/bot/exchanges.py": clients_link.EXCHANGES,
                "src/bot/main.py": ("import os\nfrom .exchanges import make_exchange\n"
                                    "ex = make_exchange({'apiKey': os.environ['K'], 'secret': os.environ['S']})\n"
                                    "ex.withdraw('USDT', 1, 'addr')\n")},
}


@pytest.mark.parametrize("name", sorted(PROJECTS))
def test_the_name_level_export_skip_changes_no_finding(name, tmp_path, monkeypatch):
    runs = gate_runs(PROJECTS[name], tmp_path, monkeypatch)
    assert runs["1"] == runs["0"]
    if name != "star":  # (the data flow does not follow a star import)
        # a finding across modules to lose: at a call, citing a helper's sink in another module
        assert any(r["path"] != "src/bot/main.py" or " through " in r["message"] for r in runs["1"][0])


def test_a_new_importer_of_an_unexported_name_misses_the_cache(tmp_path, monkeypatch):
    """Run 1: main takes only send_alert, so notify.py's entry holds no fact of warn().  Run 2:
    main also calls warn() with a secret: notify.py's entry must not answer (its facts of warn
    are missing), and the finding at log_it's sink is there as in a run without a cache."""
    monkeypatch.delenv(PREFILTER_ENV, raising=False)
    write_tree(tmp_path / "p", {**BASE, "src/bot/main.py": PROJECTS["some_names"]["src/bot/main.py"]})
    monkeypatch.chdir(tmp_path / "p")
    cache = str(tmp_path / "cache")
    first = lint_paths(["."], settings(["BOT2"]), jobs=1, cache_dir=cache)
    assert [(f.path, f.code) for f in first.findings] == [("src/bot/main.py", "BOT203")]
    write_tree(tmp_path / "p", {"src/bot/main.py": (
        "from .notify import send_alert, warn\nfrom .config import API_KEY, load_secret\n"
        "def start():\n    send_alert(f'up with {API_KEY}')\n    warn(load_secret())\n")})
    again = lint_paths(["."], settings(["BOT2"]), jobs=1, cache_dir=cache)
    fresh = lint_paths(["."], settings(["BOT2"]), jobs=1, use_cache=False)
    assert finding_rows(again) == finding_rows(fresh)
    assert [(f.path, f.line, f.code) for f in again.findings] == [("src/bot/log.py", 3, "BOT201"),
                                                                  ("src/bot/main.py", 4, "BOT203")]
    # and a pre-commit run over main alone reads notify.py's entry of this run (it has warn now)
    alone = lint_paths(["src/bot/main.py"], settings(["BOT2"]), jobs=1, cache_dir=cache)
    monkeypatch.setenv(PREFILTER_ENV, "0")
    cache0 = str(tmp_path / "cache0")
    lint_paths(["."], settings(["BOT2"]), jobs=1, cache_dir=cache0)
    again = lint_paths(["src/bot/main.py"], settings(["BOT2"]), jobs=1, cache_dir=cache0)
    assert finding_rows(alone) == finding_rows(again)


def test_a_pre_commit_run_misses_an_entry_without_the_names_it_takes(tmp_path, monkeypatch):
    """The cache entry of notify.py holds only send_alert (run 1); a pre-commit run over a main
    that now calls warn() must not take notify.py's facts from it (as with the gates off, where
    the entry holds every name)."""
    monkeypatch.delenv(PREFILTER_ENV, raising=False)
    write_tree(tmp_path / "p", {**BASE, "src/bot/main.py": PROJECTS["some_names"]["src/bot/main.py"]})
    monkeypatch.chdir(tmp_path / "p")
    cache = str(tmp_path / "cache")
    lint_paths(["."], settings(["BOT2"]), jobs=1, cache_dir=cache)
    write_tree(tmp_path / "p", {"src/bot/main.py": ("from .notify import warn\nfrom .config import API_KEY\n"
                                                "def start():\n    warn(API_KEY)\n")})
    alone = lint_paths(["src/bot/main.py"], settings(["BOT2"]), jobs=1, cache_dir=cache)
    # notify.py's entry has no facts of warn(): not read, so nothing links (a miss, not a stale fact)
    assert finding_rows(alone) == []


@pytest.mark.parametrize("imports, module, names", [
    ({"a.main": {"a.notify.send", "a.notify.Notifier"}}, "a.notify", {"send", "Notifier"}),
    ({"a.main": {"a.notify.Notifier"}}, "a.config", set()),
    ({"a.main": {"a.notify"}}, "a.notify", None),  # from a import notify: every name
    ({"a.main": {"=a.notify"}}, "a.notify", None),  # import a.notify
    ({"a.main": {"a"}}, "a.notify", None),  # from a import *: all below a
    ({"a.main": {"=a", "=a.notify.send"}}, "a.notify", {"send"}),  # import a; a.notify.send(...)
    ({"a.main": {"notify.send"}}, "a.notify", {"send"}),  # a script's import of its neighbour
    ({"a.main": {"*"}}, "a.notify", None),  # an import it could not read
])
def test_names_of(imports, module, names):
    from botlint.engine.prescan import ImportScan, names_of

    imports = {**imports, module: set()}
    assert names_of(ImportScan(imports), module) == names


def test_names_of_a_filtered_analysis_counts_only_the_names_it_links():
    from botlint.modnames import is_project_name
    from botlint.engine.prescan import ImportScan, names_of

    scan = ImportScan({"hummingbot.main": {"hummingbot.notify.send"}, "bot.main": {"bot.notify.warn"},
                       "hummingbot.notify": set(), "bot.notify": set()})
    assert names_of(scan, "hummingbot.notify", is_project_name) == set()
    assert names_of(scan, "hummingbot.notify") == {"send"}
    assert names_of(scan, "bot.notify", is_project_name) == {"warn"}


@pytest.mark.parametrize("entry, run, serves", [
    ((), ("dataflow=a",), True),
    (("dataflow=a",), (), False),  # the run needs every name
    (("dataflow=a", "dataflow=b"), ("dataflow=a",), True),
    (("dataflow=a",), ("dataflow=a", "dataflow=b"), False),  # a new name is taken
    (("dataflow=",), ("dataflow=a",), False),
    (("dataflow=a",), ("dataflow=",), True),
    (("dataflow=a",), ("dataflow",), True),  # the run skips the whole export
    (("dataflow",), ("dataflow=a",), False),
    (("*",), ("dataflow=", "clients="), False),
    (("dataflow=a", "clients=x"), ("*",), True),
    (("clients=x",), ("clients=x", "dataflow=a"), True),
])
def test_a_cache_entry_serves_a_run_that_keeps_no_more(entry, run, serves):
    from botlint.engine.prescan import serves as serves_

    assert serves_(entry, run) is serves
