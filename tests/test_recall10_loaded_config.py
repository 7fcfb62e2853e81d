"""BOT201: a config loader that logs the whole config it loaded (``json.dumps(cfg)``,
``pformat(cfg)``, ``f"{yaml.dump(cfg)}"``), whose result a caller hands to a helper that reads a
credential from it (``sweep(loader.load())`` where ``sweep`` passes it on to a function reading
``cfg["kucoin"]["secret"]``), in one module or across modules; a loader logging only part of it,
or whose config no helper reads a credential from, stays quiet."""
from __future__ import annotations

import pytest

from botlint.engine import lint_source

from helpers import lint_project, line_of, settings

LOADER = '''import json
import logging

import yaml

log = logging.getLogger("bot.config")


def load(path="config.yaml"):
    with open(path) as fh:
        cfg = yaml.safe_load(fh)
    logging.getLogger("bot.config").info("config: %s", json.dumps(cfg))
    return cfg
'''

PFORMAT_LOADER = '''import json
import logging
from pprint import pformat

log = logging.getLogger(__name__)


def read_settings(path):
    with open(path) as f:
        data = json.load(f)
    log.debug("settings loaded:\\n" + pformat(data))
    return data
'''

SWEEPER = '''from kucoin.client import User

import loader


def clients(cfg):
    k = cfg["kucoin"]
    return User(key=k["key"], secret=k["secret"], passphrase=k["passphrase"])


def sweep(cfg):
    user = clients(cfg)
    return user.get_account_list()


if __name__ == "__main__":
    sweep(loader.load())
'''

RUNNER = '''from app.settings import read_settings
import ccxt


def make(conf):
    return ccxt.okx({"apiKey": conf["okx"]["api_key"], "secret": conf["okx"]["api_secret"]})


def main():
    conf = read_settings("settings.json")
    start(settings=conf)


def start(settings):
    make(settings).fetch_balance()
'''


def test_a_loader_dumping_its_config_whose_result_a_helper_reads_a_secret_from(tmp_path, monkeypatch):
    where, _ = lint_project(tmp_path, monkeypatch, {"loader.py": LOADER, "sweeper.py": SWEEPER}, select=("BOT201",))
    assert where == [("loader.py", line_of(LOADER, "json.dumps(cfg)"), "BOT201")]


def test_a_package_loader_and_a_keyword_hand_over(tmp_path, monkeypatch):
    files = {"app/__init__.py": "", "app/settings.py": PFORMAT_LOADER, "app/run.py": RUNNER}
    where, _ = lint_project(tmp_path, monkeypatch, files, select=("BOT201",))
    assert where == [("app/settings.py", line_of(PFORMAT_LOADER, "pformat(data)"), "BOT201")]


def test_a_helper_reading_no_credential_from_the_config_is_quiet(tmp_path, monkeypatch):
    runner = RUNNER.replace('conf["okx"]["api_key"], "secret": conf["okx"]["api_secret"]',
                            '"enableRateLimit": conf["rate_limit"]')
    files = {"app/__init__.py": "", "app/settings.py": PFORMAT_LOADER, "app/run.py": runner}
    where, _ = lint_project(tmp_path, monkeypatch, files, select=("BOT201",))
    assert where == []


def found(src):
    return [(f.line, f.code) for f in lint_source(src, "bot.py", settings(["BOT201"]))]


SAME_MODULE = LOADER + '''

def exchange_keys(conf):
    return conf["binance"]["api_secret"]


def main():
    print(len(exchange_keys(load())))
'''


@pytest.mark.parametrize("logged", [
    'logging.getLogger("bot.config").info("config: %s", json.dumps(cfg))',
    'log.info(f"config: {yaml.safe_dump(cfg)}")',
    'log.info("config: {}".format(cfg))',
    'log.info("config: %s" % (cfg,))',
])
def test_a_loader_logging_its_config_in_the_module_of_the_helper(logged):
    src = SAME_MODULE.replace('logging.getLogger("bot.config").info("config: %s", json.dumps(cfg))', logged)
    assert found(src) == [(line_of(src, logged), "BOT201")]


@pytest.mark.parametrize("logged", [
    'log.info("config keys: %s", list(cfg))',
    'log.info("config: %d entries", len(cfg))',
    'log.info("symbols: %s", json.dumps(cfg["symbols"]))',
])
def test_a_loader_logging_part_of_its_config_is_quiet(logged):
    src = SAME_MODULE.replace('logging.getLogger("bot.config").info("config: %s", json.dumps(cfg))', logged)
    assert found(src) == []


EXPANDING_LOADER = '''import logging
import os
import re

import yaml

log = logging.getLogger("rebal")
_VAR = re.compile(r"\\$\\{(\\w+)\\}")


def _expand(value):
    if isinstance(value, str):
        return _VAR.sub(lambda m: os.environ.get(m.group(1), ""), value)
    if isinstance(value, dict):
        return {k: _expand(v) for k, v in value.items()}
    return value


def load(path="settings.yaml"):
    with open(path) as fh:
        cfg = _expand(yaml.safe_load(fh))
    log.debug("loaded settings: %s", cfg)
    return cfg
'''

CLASS_USER = '''from loader import load


class Rebalancer:
    def __init__(self, cfg):
        o = cfg["okx"]
        self.creds = (o["api_key"], o["secret_key"], o["passphrase"])
        self.targets = cfg["targets"]


def main():
    Rebalancer(load()).run_once()
'''

SUBSCRIPT_USER = '''import okx.Account as Account

from loader import load


def balance():
    o = load()["okx"]
    return Account.AccountAPI(o["api_key"], o["secret_key"], o["passphrase"], False, "0").get_account_balance()
'''


@pytest.mark.parametrize("user", [CLASS_USER, SUBSCRIPT_USER], ids=["class_constructor", "subscripted_result"])
def test_a_transformed_loaded_config_read_by_a_class_or_through_a_subscript(tmp_path, monkeypatch, user):
    where, _ = lint_project(tmp_path, monkeypatch, {"loader.py": EXPANDING_LOADER, "user.py": user},
                            select=("BOT201",))
    assert where == [("loader.py", line_of(EXPANDING_LOADER, "log.debug"), "BOT201")]


def test_a_class_reading_no_credential_from_the_loaded_config_is_quiet(tmp_path, monkeypatch):
    user = CLASS_USER.replace('        o = cfg["okx"]\n', "").replace(
        '        self.creds = (o["api_key"], o["secret_key"], o["passphrase"])\n', "")
    where, _ = lint_project(tmp_path, monkeypatch, {"loader.py": EXPANDING_LOADER, "user.py": user},
                            select=("BOT201",))
    assert where == []
