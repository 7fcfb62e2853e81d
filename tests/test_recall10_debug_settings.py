"""BOT207: the logging level read from a field of a settings object (``CONFIG.log_level`` of a
dataclass / pydantic settings instance, ``Settings().log_level``) whose default is DEBUG, in the
module of the credentialed ccxt client or across modules (also under a checkout directory whose
name looks random); a field given INFO, by default or where the instance is built, stays quiet."""
from __future__ import annotations

import pytest

from botlint.engine import lint_source

from helpers import lint_project, line_of, settings

CLIENT = 'ex = ccxt.binance({"apiKey": os.environ["BN_KEY"], "secret": os.environ["BN_SECRET"]})\n'

DATACLASS = '''import logging, os
from dataclasses import dataclass

import ccxt


@dataclass(frozen=True)
class Config:
    port: int = 9000
    log_level: str = os.getenv("EXPORTER_LOG_LEVEL", "DEBUG")


CONFIG = Config()
logging.basicConfig(level=CONFIG.log_level)
''' + CLIENT

PYDANTIC = '''import logging, os

import ccxt
from pydantic_settings import BaseSettings


class Settings(BaseSettings):
    LOG_LEVEL: str = "DEBUG"
    symbol: str = "BTC/USDT"


logging.basicConfig(level=Settings().LOG_LEVEL, format="%(message)s")
''' + CLIENT

PLAIN_CLASS = '''import logging, os

import ccxt


class Defaults:
    level = os.environ.get("LEVEL", "DEBUG").upper()


logging.getLogger().setLevel(Defaults().level)
''' + CLIENT


def found(src):
    return [(f.line, f.code) for f in lint_source(src, "bot.py", settings(["BOT207"]))]


@pytest.mark.parametrize("src,needle", [(DATACLASS, "logging.basicConfig"), (PYDANTIC, "logging.basicConfig"),
                                        (PLAIN_CLASS, "setLevel")], ids=["dataclass", "pydantic", "plain_class"])
def test_a_debug_default_of_a_settings_field(src, needle):
    assert found(src) == [(line_of(src, needle), "BOT207")]


@pytest.mark.parametrize("src", [
    DATACLASS.replace('"DEBUG"', '"INFO"'),
    DATACLASS.replace("CONFIG = Config()", 'CONFIG = Config(log_level="WARNING")'),
    PYDANTIC.replace('LOG_LEVEL: str = "DEBUG"', 'LOG_LEVEL: str = "INFO"'),
], ids=["info_default", "given_warning", "pydantic_info"])
def test_an_info_settings_field_is_quiet(src):
    assert found(src) == []


CONFIG_MODULE = '''import os
from dataclasses import dataclass


@dataclass
class Config:
    interval: int = 30
    log_level: str = os.getenv("LOG_LEVEL", "DEBUG")
    api_key: str = os.getenv("BINANCE_KEY", "")
    api_secret: str = os.getenv("BINANCE_SECRET", "")


CONFIG = Config()
'''
CLIENTS_MODULE = '''import ccxt

from .config import CONFIG


def account():
    return ccxt.binance({"apiKey": CONFIG.api_key, "secret": CONFIG.api_secret})
'''
MAIN_MODULE = '''import logging

from .clients import account
from .config import CONFIG

logging.basicConfig(level=CONFIG.log_level, format="%(asctime)s %(message)s")


def main():
    account().fetch_balance()
'''


@pytest.mark.parametrize("root", ["", "x7_grid_and_dca_exchange_exporter/"], ids=["plain", "random_looking_root"])
def test_a_debug_settings_field_of_another_module(tmp_path, monkeypatch, root):
    files = {f"{root}app/__init__.py": "", f"{root}app/config.py": CONFIG_MODULE,
             f"{root}app/clients.py": CLIENTS_MODULE, f"{root}app/main.py": MAIN_MODULE}
    where, _ = lint_project(tmp_path, monkeypatch, files, select=("BOT207",))
    assert where == [(f"{root}app/main.py", line_of(MAIN_MODULE, "basicConfig"), "BOT207")]


def test_an_info_settings_field_of_another_module_is_quiet(tmp_path, monkeypatch):
    files = {"app/__init__.py": "", "app/config.py": CONFIG_MODULE.replace('"DEBUG"', '"INFO"'),
             "app/clients.py": CLIENTS_MODULE, "app/main.py": MAIN_MODULE}
    where, _ = lint_project(tmp_path, monkeypatch, files, select=("BOT207",))
    assert where == []


LOCAL_LEVEL = '''import logging, os

import ccxt


def configure():
    level = os.getenv("LOG_LEVEL", "DEBUG").upper()
    logging.basicConfig(level=level, format="%(asctime)s %(message)s")


def client():
''' + "    " + CLIENT


@pytest.mark.parametrize("src,expected", [
    (LOCAL_LEVEL, True),
    (LOCAL_LEVEL.replace('"DEBUG"', '"INFO"'), False),
    (LOCAL_LEVEL.replace('level = os.getenv("LOG_LEVEL", "DEBUG").upper()',
                         'level = os.getenv("LOG_LEVEL", "DEBUG").upper()\n    level = "WARNING"'), False),
], ids=["debug_default", "info_default", "rebound"])
def test_a_level_variable_of_the_configuring_function(src, expected):
    assert found(src) == ([(line_of(src, "basicConfig"), "BOT207")] if expected else [])
