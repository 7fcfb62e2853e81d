"""BOT2 round 9b: credential containers and configs that leave through a response or a log.

1. A settings record whose credential fields default to environment reads (``secret: str =
   os.getenv("X", "")``) is a credential container: dumping an instance (``asdict``, ``vars``,
   ``__dict__``, ``.dict()``) into a route's response is BOT205, in the module and from another
   module (``from config import settings`` / ``get_settings()``).

Projects are written to a temporary tree and linted end to end (the link step included).
Credentials are environment look-ups, never values.
"""
from __future__ import annotations

from typing import Dict, List, Tuple

import pytest

from botlint.engine import lint_paths

from helpers import settings


def run(tmp_path, files: Dict[str, str], select: str = "BOT2") -> List[Tuple[str, int, str, str]]:
    """(path, line, code, message) of the findings of a project."""
    for rel, text in files.items():
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    res = lint_paths([str(tmp_path)], settings([select]), use_cache=False)
    assert not res.errors
    root = str(tmp_path) + "/"
    return sorted((f.path.replace(root, ""), f.location.line, f.code, f.message) for f in res.findings)


def codes(found) -> List[Tuple[str, int, str]]:
    return [(p, line, code) for p, line, code, _m in found]


# -- 1. a settings object returned by a debug route --------------------------------------------

def _settings_module(field_default: str, decorator: str = "@dataclass", extra: str = "") -> str:
    return f'''import os
from dataclasses import dataclass, field


{decorator}
class Settings:
    exchange_secret: str = {field_default}
    db_password: str = os.getenv("DB_PASSWORD", "")
    symbol: str = "BTC/USDT"
{extra}
'''


DEFAULTS = [
    'os.getenv("EXCHANGE_SECRET", "")',
    'os.environ["EXCHANGE_SECRET"]',
    'os.environ.get("EXCHANGE_SECRET")',
    'field(default_factory=lambda: os.environ["EXCHANGE_SECRET"])',
    'field(default=os.getenv("EXCHANGE_SECRET"))',
]

ROUTES = [
    ("from dataclasses import asdict\nfrom flask import Flask, jsonify\n", '@app.route("/debug")',
     "return jsonify(asdict(cfg))"),
    ("from flask import Flask\n", '@app.get("/debug/config")', "return vars(cfg)"),
    ("from flask import Flask\n", '@app.route("/cfg")', "return dict(cfg.__dict__)"),
]


@pytest.mark.parametrize("default", DEFAULTS)
@pytest.mark.parametrize("imports,deco,ret", ROUTES)
def test_settings_dump_in_route_same_module(tmp_path, default, imports, deco, ret):
    text = _settings_module(default) + "\n" + imports + f'''
cfg = Settings()
app = Flask(__name__)


{deco}
def debug():
    {ret}
'''
    found = run(tmp_path, {"app.py": text})
    assert [c for _p, _l, c in codes(found)] == ["BOT205"], found
    assert "EXCHANGE_SECRET" in found[0][3]


@pytest.mark.parametrize("imp,bind", [
    ("from config import settings", "cfg = settings"),
    ("from config import get_settings", "cfg = get_settings()"),
    ("from config import settings as cfg", ""),
])
@pytest.mark.parametrize("imports,deco,ret", ROUTES)
def test_settings_dump_in_route_other_module(tmp_path, imp, bind, imports, deco, ret):
    config = _settings_module('os.getenv("EXCHANGE_SECRET", "")', extra='''

settings = Settings()


def get_settings():
    return Settings()
''')
    web = imports + imp + "\n\n" + bind + f'''
app = Flask(__name__)


{deco}
def debug():
    {ret}
'''
    found = run(tmp_path, {"config.py": config, "web.py": web})
    assert codes(found) == [("web.py", web.split("\n").index("    " + ret) + 1, "BOT205")], found
    # the exchange secret is cited, not the DB password (the strictest kind first)
    assert "EXCHANGE_SECRET" in found[0][3]


@pytest.mark.parametrize("config", [
    # no credential field: public configuration
    '''import os
from dataclasses import dataclass


@dataclass
class Settings:
    symbol: str = os.getenv("SYMBOL", "BTC/USDT")
    timeframe: str = "1h"
''',
    # the credential field is left out of the repr and is a literal placeholder
    '''import os
from dataclasses import dataclass, field


@dataclass
class Settings:
    exchange_secret: str = field(default="", repr=False)
    symbol: str = os.getenv("SYMBOL", "BTC/USDT")
''',
])
def test_settings_dump_negatives(tmp_path, config):
    web = '''from dataclasses import asdict
from flask import Flask, jsonify
from config import Settings

cfg = Settings()
app = Flask(__name__)


@app.route("/debug")
def debug():
    return jsonify(asdict(cfg))
'''
    assert run(tmp_path, {"config.py": config, "web.py": web}) == []
    assert run(tmp_path / "one", {"app.py": config + "\n" + web.replace("from config import Settings\n", "")}) == []


# -- 4. BOT207: a package's __main__ sets DEBUG by default, the client in another module ---------

COLLECTOR = '''import os

import ccxt


def run():
    ex = ccxt.binance({"apiKey": os.environ["BINANCE_KEY"], "secret": os.environ["BINANCE_SECRET"]})
    return ex.fetch_balance()
'''

MAIN_GETENV = '''import logging
import os

{imp}


def main():
    logging.basicConfig(level={level})
    run()


if __name__ == "__main__":
    main()
'''

MAIN_ARGPARSE = '''import argparse
import logging

{imp}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--log-level", default="{default}")
    args = parser.parse_args()
    logging.basicConfig(level={level})
    run()


if __name__ == "__main__":
    main()
'''

IMPORTS = ["from exporter.collector import run", "from .collector import run"]


@pytest.mark.parametrize("imp", IMPORTS)
@pytest.mark.parametrize("main,level,default", [
    (MAIN_GETENV, 'os.getenv("LOG_LEVEL", "DEBUG")', ""),
    (MAIN_GETENV, 'os.environ.get("LOG_LEVEL", "debug").upper()', ""),
    (MAIN_ARGPARSE, "args.log_level", "DEBUG"),
    (MAIN_ARGPARSE, "args.log_level.upper()", "debug"),
    (MAIN_ARGPARSE, "getattr(logging, args.log_level)", "DEBUG"),
])
def test_bot207_package_main_debug_default(tmp_path, imp, main, level, default):
    files = {"exporter/__init__.py": "", "exporter/collector.py": COLLECTOR,
             "exporter/__main__.py": main.format(imp=imp, level=level, default=default)}
    found = run(tmp_path, files)
    assert [(p, c) for p, _l, c in codes(found)] == [("exporter/__main__.py", "BOT207")], found
    assert "collector.py" in found[0][3]


@pytest.mark.parametrize("imp", IMPORTS)
@pytest.mark.parametrize("main,level,default", [
    (MAIN_GETENV, 'os.getenv("LOG_LEVEL", "INFO")', ""),
    (MAIN_GETENV, "logging.INFO", ""),
    (MAIN_ARGPARSE, "args.log_level", "INFO"),
    (MAIN_ARGPARSE, "getattr(logging, args.log_level)", "WARNING"),
])
def test_bot207_package_main_info_default_quiet(tmp_path, imp, main, level, default):
    files = {"exporter/__init__.py": "", "exporter/collector.py": COLLECTOR,
             "exporter/__main__.py": main.format(imp=imp, level=level, default=default)}
    assert run(tmp_path, files) == []


def test_bot207_package_main_debug_without_credentials_quiet(tmp_path):
    files = {"exporter/__init__.py": "",
             "exporter/collector.py": COLLECTOR.replace(
                 '{"apiKey": os.environ["BINANCE_KEY"], "secret": os.environ["BINANCE_SECRET"]}', ""),
             "exporter/__main__.py": MAIN_GETENV.format(imp=IMPORTS[0], level='os.getenv("LOG_LEVEL", "DEBUG")')}
    assert run(tmp_path, files) == []


# -- 3. a chat command's text that the handler splits into an API key and secret ---------------

HANDLERS = [
    # python-telegram-bot: the text logged, then unpacked into key and secret for a client
    '''import logging

import ccxt

logger = logging.getLogger(__name__)
USERS = {{}}


async def setkeys(update, context):
    {log}
    _, key, secret = update.message.text.split()
    USERS[update.effective_user.id] = ccxt.kucoin({{"apiKey": key, "secret": secret}})
    await update.message.reply_text("saved")
''',
    # an alias of the text, its parts passed by position into the client config
    '''import logging

import ccxt

logger = logging.getLogger(__name__)


async def setkeys(update, context):
    text = update.message.text
    {log}
    parts = text.split(" ")
    return ccxt.binance({{"apiKey": parts[1], "secret": parts[2]}})
''',
    # aiogram: message.text split into credential-named names stored for the user
    '''import logging

from aiogram import types

logger = logging.getLogger(__name__)
STORE = {{}}


async def set_keys(message: types.Message):
    {log}
    cmd, api_key, api_secret = message.text.split(maxsplit=2)
    STORE[message.from_user.id] = {{"key": api_key, "secret": api_secret}}
''',
]

LOGS = [
    'logger.info("cmd %s", {text})',
    'logging.info(f"received {{{text}}}")',
    'logger.debug("user sent: " + {text})',
]


@pytest.mark.parametrize("handler", HANDLERS)
@pytest.mark.parametrize("log", LOGS)
def test_logged_command_text_with_keys(tmp_path, handler, log):
    text = "text" if "text = update.message.text" in handler else (
        "update.message.text" if "update" in handler else "message.text")
    src = handler.format(log=log.format(text=text))
    if "logging." in src and "import logging" not in src:
        src = "import logging\n" + src
    found = run(tmp_path, {"bot.py": src})
    assert [c for _p, _l, c in codes(found)] == ["BOT201"], found
    assert "chat command" in found[0][3]


@pytest.mark.parametrize("body", [
    # the command carries a symbol and an amount, not credentials
    '''    logger.info("cmd %s", update.message.text)
    _, symbol, qty = update.message.text.split()
    await update.message.reply_text(f"buying {qty} {symbol}")
''',
    # the keys come from the environment: the text is a plain command
    '''    logger.info("cmd %s", update.message.text)
    ex = ccxt.kucoin({"apiKey": os.environ["KEY"], "secret": os.environ["SECRET"]})
    await update.message.reply_text(str(ex.fetch_balance()["total"]))
''',
    # the handler logs only the command's name and the user's id
    '''    logger.info("cmd %s from %s", update.message.text.split()[0], update.effective_user.id)
    _, key, secret = update.message.text.split()
    USERS[update.effective_user.id] = ccxt.kucoin({"apiKey": key, "secret": secret})
''',
])
def test_logged_command_text_negatives(tmp_path, body):
    src = ("import logging\nimport os\n\nimport ccxt\n\nlogger = logging.getLogger(__name__)\nUSERS = {}\n\n\n"
           "async def handler(update, context):\n" + body)
    assert run(tmp_path, {"bot.py": src}) == []


# -- 2. a config loader that logs the whole config its callers read credentials from -------------

LOADERS = [
    '''import logging

import yaml

logger = logging.getLogger(__name__)


def load_config(path="config.yaml"):
    with open(path) as fh:
        cfg = yaml.safe_load(fh)
    {log}
    return cfg
''',
    '''import json
import logging


def load_config(path="config.json"):
    with open(path, encoding="utf-8") as fh:
        cfg = json.load(fh)
    {log}
    return cfg
''',
]

LOADER_LOGS = ['logger.info("loaded config: %s", cfg)', 'logging.info(f"config={cfg}")',
               'logging.debug("config %r", cfg)']

READS = [
    'ex = ccxt.kucoin({{"apiKey": cfg["kucoin"]["api_key"], "secret": cfg["kucoin"]["secret"]}})',
    'ex = ccxt.binance({{"apiKey": cfg["api_key"], "secret": cfg["api_secret"]}})',
]


def _loader(loader: str, log: str) -> str:
    text = loader.format(log=log)
    if "logging." in log and "import logging" not in text:
        text = "import logging\n" + text
    return text


@pytest.mark.parametrize("loader", LOADERS)
@pytest.mark.parametrize("log", LOADER_LOGS)
@pytest.mark.parametrize("read", READS)
def test_loader_logs_config_read_elsewhere(tmp_path, loader, log, read):
    main = "import ccxt\n\nfrom config_loader import load_config\n\ncfg = load_config()\n" + read.format() + "\n"
    found = run(tmp_path, {"config_loader.py": _loader(loader, log), "main.py": main})
    assert [(p, c) for p, _l, c in codes(found)] == [("config_loader.py", "BOT201")], found
    assert "main.py:5" in found[0][3] and "load_config()" in found[0][3]


@pytest.mark.parametrize("loader", LOADERS)
@pytest.mark.parametrize("log", LOADER_LOGS)
def test_loader_logs_config_read_here(tmp_path, loader, log):
    text = _loader(loader, log) + '''

def make_exchange():
    import ccxt

    cfg = load_config()
    return ccxt.okx({"apiKey": cfg["okx"]["api_key"], "secret": cfg["okx"]["secret"]})
'''
    found = run(tmp_path, {"bot.py": text})
    assert [c for _p, _l, c in codes(found)] == ["BOT201"], found


@pytest.mark.parametrize("loader", LOADERS)
@pytest.mark.parametrize("log,main", [
    # nobody reads a credential from the config: public settings
    ('logger.info("loaded config: %s", cfg)',
     "from config_loader import load_config\n\ncfg = load_config()\nprint(cfg['symbol'], cfg['timeframe'])\n"),
    # the loader logs how much it loaded, not what
    ('logging.info("loaded %d keys", len(cfg))',
     "import ccxt\nfrom config_loader import load_config\n\ncfg = load_config()\n"
     "ex = ccxt.binance({'apiKey': cfg['api_key'], 'secret': cfg['api_secret']})\n"),
    # the loader logs the path only
    ('logging.info("loaded %s", path)',
     "import ccxt\nfrom config_loader import load_config\n\ncfg = load_config()\n"
     "ex = ccxt.binance({'apiKey': cfg['api_key'], 'secret': cfg['api_secret']})\n"),
])
def test_loader_logs_config_negatives(tmp_path, loader, log, main):
    assert run(tmp_path, {"config_loader.py": _loader(loader, log), "main.py": main}) == []
