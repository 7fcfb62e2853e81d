"""BOT2 round 9: where a flow through a helper is reported, and shapes across modules.

1. A credential passed to a helper of another module (or of the same module) is reported once,
   at the sink inside the helper, citing the caller ("and N more" for more callers); at the call
   site only when the helper's module is not in the run (pre-commit on one file).

Projects are written to a temporary tree and linted end to end (``lint_paths``: the link step
across modules included).  Credentials are environment look-ups, never values.
"""
from __future__ import annotations

from typing import Dict, List, Optional, Tuple

import pytest

from botlint.engine import lint_paths

from helpers import line_of, settings, where


def run(tmp_path, files: Dict[str, str], paths=None, **kw) -> List[Tuple[str, int, str, str]]:
    """(path, line, code, message) of the BOT2 findings of a project."""
    for rel, text in files.items():
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    targets = list(paths) if paths else [str(tmp_path)]  # paths: relative to the current directory
    kw.setdefault("use_cache", False)
    res = lint_paths(targets, settings(["BOT2"]), **kw)
    assert not res.errors
    root = str(tmp_path) + "/"
    return sorted((f.path.replace(root, ""), f.location.line, f.code, f.message) for f in res.findings)



# -- 1. the finding sits at the helper's sink, citing the caller -------------------------------

TELEGRAM = '''import requests

URL = "https://api.telegram.org/bot1/sendMessage"


def notify(text, chat_id=1):
    requests.post(URL, json={"chat_id": chat_id, "text": text})
'''

TELEGRAM_DEBUG = '''import requests

URL = "https://api.telegram.org/bot1/sendMessage"


def notify(text, debug=False):
    if debug:
        requests.post(URL, json={"chat_id": 1, "text": text})
'''

HTTPX_ASYNC = '''import httpx

WEBHOOK = "https://discord.com/api/webhooks/1/abc"


async def notify(text):
    async with httpx.AsyncClient() as client:
        await client.post(WEBHOOK, json={"content": text})
'''

AIOHTTP_CLASS = '''import aiohttp


class Alerts:
    def __init__(self, chat):
        self.chat = chat

    async def notify(self, message):
        async with aiohttp.ClientSession() as session:
            await session.post("https://api.telegram.org/bot1/sendMessage",
                               json={"chat_id": self.chat, "text": message})
'''

LOGGER = '''import logging

log = logging.getLogger(__name__)


def notify(msg):
    log.info("alert: %s", msg)
'''

RICH = '''from rich.console import Console

console = Console()


def notify(msg):
    console.print("[bold]" + msg)
'''

HELPERS = {
    "telegram_requests": (TELEGRAM, "requests.post", "BOT203"),
    "telegram_debug_only": (TELEGRAM_DEBUG, "requests.post", "BOT203"),
    "discord_httpx_async": (HTTPX_ASYNC, "client.post", "BOT203"),
    "logger": (LOGGER, "log.info", "BOT201"),
    "rich": (RICH, "console.print", "BOT201"),
}

CALLERS = {
    "fstring_module_level": 'import os\nfrom alerts import notify\n\nkey = os.environ["BINANCE_API_KEY"]\n'
                            'notify(f"key={key}")\n',
    "format_in_function": 'import os\nfrom bot.alerts import notify\n\n\ndef start():\n'
                          '    secret = os.getenv("BYBIT_API_SECRET")\n    notify("secret {}".format(secret))\n',
    "percent_script_import": 'import os\nimport alerts\n\n\ndef start():\n'
                             '    alerts.notify("pw %s" % os.environ["OKX_PASSPHRASE"])\n',
    "concat_relative": 'import os\nfrom .alerts import notify\n\n\nclass Bot:\n    def run(self):\n'
                       '        notify("key " + os.environ["KRAKEN_API_KEY"])\n',
}


def layout(helper: str, caller: str) -> Dict[str, str]:
    if "bot.alerts" in caller or "from .alerts" in caller:
        return {"bot/__init__.py": "", "bot/alerts.py": helper, "bot/main.py": caller}
    return {"alerts.py": helper, "main.py": caller}


@pytest.mark.parametrize("caller", sorted(CALLERS))
@pytest.mark.parametrize("helper", sorted(HELPERS))
def test_a_credential_passed_to_another_modules_helper_is_reported_at_the_call(tmp_path, helper, caller):
    # the call is where the key is put into the message (the helper sends any text): the
    # finding is there, citing the helper's sink, in a run over the project as in one over
    # the caller alone (the pre-commit hook), so suppressions and baselines hold in both
    text, sink, code = HELPERS[helper]
    files = layout(text, CALLERS[caller])
    found = run(tmp_path, files)
    alerts = next(p for p in files if p.endswith("alerts.py"))
    main = next(p for p in files if p.endswith("main.py"))
    assert where(found) == [(main, line_of(CALLERS[caller], "notify("), code)]
    message = found[0][3]
    assert f"reaches {sink} in " in message and f"{alerts}:{line_of(text, sink + '(')} through " in message


def test_a_method_of_an_imported_class_reports_at_the_call(tmp_path):
    caller = ('import os\nfrom alerts import Alerts\n\n\nasync def main():\n    alerts = Alerts(5)\n'
              '    await alerts.notify(f"secret={os.environ[\'BINANCE_API_SECRET\']}")\n')
    found = run(tmp_path, {"alerts.py": AIOHTTP_CLASS, "main.py": caller})
    assert where(found) == [("main.py", 7, "BOT203")]
    assert "reaches session.post in " in found[0][3] and "through Alerts.notify()" in found[0][3]


def test_three_callers_of_a_key_one_finding_at_the_sink_citing_the_first(tmp_path):
    # each call hands over the key itself (no text built at the call): the helper shows it
    files = {"alerts.py": TELEGRAM}
    for name in ("a", "b", "c"):
        files[f"{name}.py"] = f'import os\nfrom alerts import notify\nnotify(os.environ["{name.upper()}_API_KEY"])\n'
    found = run(tmp_path, files)
    assert where(found) == [("alerts.py", 7, "BOT203")]
    assert "a.py:3" in found[0][3] and "and 2 more" in found[0][3]


def test_three_callers_building_texts_one_finding_at_each_call(tmp_path):
    files = {"alerts.py": TELEGRAM}
    for name in ("a", "b", "c"):
        files[f"{name}.py"] = (f'import os\nfrom alerts import notify\n'
                               f'notify("up with " + os.environ["{name.upper()}_API_KEY"])\n')
    found = run(tmp_path, files)
    assert where(found) == [("a.py", 3, "BOT203"), ("b.py", 3, "BOT203"), ("c.py", 3, "BOT203")]
    assert all("alerts.py:7 through notify()" in f[3] for f in found)


def test_a_chain_of_helpers_across_three_modules(tmp_path):
    relay = 'from alerts import notify\n\n\ndef relay(event, detail):\n    notify(event + ": " + detail)\n'
    caller = 'import os\nfrom relay import relay\nrelay("start", os.environ["BINANCE_API_SECRET"])\n'
    found = run(tmp_path, {"alerts.py": TELEGRAM, "relay.py": relay, "main.py": caller})
    assert where(found) == [("alerts.py", 7, "BOT203")]  # the key is handed over as it is
    assert "main.py:3" in found[0][3]
    caller = 'import os\nfrom relay import relay\nrelay("start", f"key {os.environ[\'BINANCE_API_SECRET\']}")\n'
    found = run(tmp_path, {"alerts.py": TELEGRAM, "relay.py": relay, "main.py": caller})
    assert where(found) == [("main.py", 3, "BOT203")]  # a text built at the first call
    assert "alerts:7 through relay()" in found[0][3]  # (the sink's module, two links away)


def test_same_module_helper_the_sink_or_the_call_that_built_the_text(tmp_path):
    text = TELEGRAM + ('\n\nimport os\nnotify(os.environ["BINANCE_API_KEY"])\n'
                       'notify("secret " + os.environ["BINANCE_API_SECRET"])\nnotify("started")\n')
    found = run(tmp_path, {"bot.py": text})
    # the key handed over as it is: the helper's sink; a text built with it: that call
    assert where(found) == [("bot.py", 7, "BOT203"), ("bot.py", 12, "BOT203")]
    assert "passed to notify(), reaches requests.post to api.telegram.org there (line 7)" in found[1][3]


def test_the_helpers_module_outside_the_run_keeps_the_call_site(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # the repository root: where a run over a few files looks up the rest
    files = {"alerts.py": TELEGRAM, "main.py": CALLERS["fstring_module_level"]}
    cache = str(tmp_path / ".cache")
    whole = run(tmp_path, files, paths=["."], use_cache=True, cache_dir=cache)
    assert where(whole) == [("main.py", 5, "BOT203")]
    found = run(tmp_path, files, paths=["main.py"], use_cache=True, cache_dir=cache)
    assert found == whole  # the same finding, line and message: one suppression, one baseline entry


NEGATIVE_HELPERS = {
    "masked": TELEGRAM.replace('"text": text}', '"text": text[:4]}'),
    "hashed": "import hashlib\n" + TELEGRAM.replace('"text": text}',
                                                    '"text": hashlib.sha256(text.encode()).hexdigest()}'),
    "length": LOGGER.replace('"alert: %s", msg', '"alert of %d chars", len(msg)'),
    "boolean": LOGGER.replace('"alert: %s", msg', '"alert set: %s", bool(msg)'),
}


@pytest.mark.parametrize("helper", sorted(NEGATIVE_HELPERS))
def test_a_helper_that_masks_hashes_or_counts_is_not_reported(tmp_path, helper):
    found = run(tmp_path, {"alerts.py": NEGATIVE_HELPERS[helper], "main.py": CALLERS["fstring_module_level"]})
    assert found == []


@pytest.mark.parametrize("helper", sorted(HELPERS))
def test_a_helper_called_with_public_data_only_is_not_reported(tmp_path, helper):
    caller = ('import os\nfrom alerts import notify\nsymbol = os.environ.get("SYMBOL", "BTC/USDT")\n'
              'notify(f"started on {symbol}")\nnotify("filled 0.1 BTC")\n')
    assert run(tmp_path, {"alerts.py": HELPERS[helper][0], "main.py": caller}) == []


def test_a_helper_never_called_with_a_credential_is_not_reported(tmp_path):
    caller = 'from alerts import notify\n\n\ndef on_fill(order):\n    notify(f"filled {order[\'id\']}")\n'
    assert run(tmp_path, {"alerts.py": TELEGRAM, "main.py": caller}) == []


CONFIG_RECORD = '''import os
from dataclasses import dataclass


@dataclass
class Config:
    api_key: str
    api_secret: str


def load_config():
    return Config(os.environ["BINANCE_API_KEY"], os.environ["BINANCE_API_SECRET"])
'''

CONFIG_SECRETSTR = '''from pydantic import SecretStr
from pydantic_settings import BaseSettings


class Settings(BaseSettings):
    api_key: SecretStr
    api_secret: SecretStr


settings = Settings()
'''


def test_a_config_objects_credential_attribute_reaches_the_helpers_sink(tmp_path):
    caller = ('from config import load_config\nfrom alerts import notify\n\n\ndef main():\n'
              '    cfg = load_config()\n    notify(f"key={cfg.api_key}")\n')
    found = run(tmp_path, {"config.py": CONFIG_RECORD, "alerts.py": TELEGRAM, "main.py": caller})
    assert where(found) == [("main.py", 7, "BOT203")]
    assert "alerts.py:7 through notify()" in found[0][3]


@pytest.mark.parametrize("helper", sorted(HELPERS))
def test_a_secretstr_setting_passed_to_a_helper_is_not_reported(tmp_path, helper):
    caller = ('from config import settings\nfrom alerts import notify\n\n\ndef main():\n'
              '    notify(f"key={settings.api_key}")\n    notify("secret " + str(settings.api_secret))\n')
    assert run(tmp_path, {"config.py": CONFIG_SECRETSTR, "alerts.py": HELPERS[helper][0], "main.py": caller}) == []


# -- 4. eth_account wallets built in loops and comprehensions -------------------------------------

WALLET_LOOPS = {
    "list_comprehension": ('keys = os.environ["PRIVATE_KEYS"].split(",")\n'
                           'accounts = [Account.from_key(k) for k in keys]\n'
                           'for acct in accounts:\n    SINK(acct.key.hex())\n'),
    "enumerate": ('accounts = [Account.from_key(k) for k in os.getenv("WALLET_KEYS").split(",")]\n'
                  'for i, acct in enumerate(accounts):\n    SINK(f"{i}: {acct.key.hex()}")\n'),
    "dict_values": ('accts = {name: Account.from_key(pk) for name, pk in KEYS.items()}\n'
                    'for a in accts.values():\n    SINK("key %s" % a.key.hex())\n'),
    "dict_items": ('accts = {name: Account.from_key(pk) for name, pk in KEYS.items()}\n'
                   'for name, a in accts.items():\n    SINK(name + " " + a._private_key.hex())\n'),
    "subscript": ('accounts = [Account.from_key(k) for k in os.environ["PRIVATE_KEYS"].split(",")]\n'
                  'SINK("first {}".format(accounts[0].key.hex()))\n'),
    "generator_in_function": ('def show(keys):\n    wallets = list(Account.from_key(k) for k in keys)\n'
                              '    for w in wallets:\n        SINK(w.key.hex())\n'),
    "appended_in_async_method": ('class Bot:\n    async def start(self, keys):\n        wallets = []\n'
                                 '        for k in keys:\n            wallets.append(Account.from_key(k))\n'
                                 '        for w in wallets:\n            SINK(w.key.hex())\n'),
}
WALLET_HEAD = ('import os\nimport logging\nfrom eth_account import Account\nlog = logging.getLogger(__name__)\n'
               'KEYS = {"a": os.environ["PK_A"], "b": os.environ["PK_B"]}\n')


@pytest.mark.parametrize("sink", ["print", "log.info"])
@pytest.mark.parametrize("shape", sorted(WALLET_LOOPS))
def test_a_wallets_key_printed_from_a_loop_or_comprehension(tmp_path, shape, sink):
    text = WALLET_HEAD + WALLET_LOOPS[shape].replace("SINK", sink)
    found = run(tmp_path, {"bot.py": text})
    assert where(found) == [("bot.py", line_of(text, sink + "("), "BOT201")]
    assert "Account.from_key()" in found[0][3]


WALLET_NEGATIVES = {
    "address_only": ('accounts = [Account.from_key(k) for k in os.environ["PRIVATE_KEYS"].split(",")]\n'
                     'for acct in accounts:\n    print(acct.address)\n'),
    "addresses_comprehension": ('addrs = [Account.from_key(k).address for k in os.environ["PKS"].split(",")]\n'
                                'for a in addrs:\n    print(a)\n'),
    "index_of_enumerate": ('accounts = [Account.from_key(k) for k in os.environ["PKS"].split(",")]\n'
                           'for i, acct in enumerate(accounts):\n    print(i, acct.address)\n'),
    "dict_keys": ('accts = {name: Account.from_key(pk) for name, pk in KEYS.items()}\n'
                  'for name, a in accts.items():\n    print(name, a.address)\n'),
    "other_objects_key": ('orders = [dict(key=i) for i in range(3)]\nfor o in orders:\n    print(o.key)\n'),
}


@pytest.mark.parametrize("shape", sorted(WALLET_NEGATIVES))
def test_a_wallets_public_data_from_a_loop_is_not_reported(tmp_path, shape):
    assert run(tmp_path, {"bot.py": WALLET_HEAD + WALLET_NEGATIVES[shape]}) == []


# -- 3. methods and attributes of objects typed in other modules ----------------------------------

SERVICE = '''class ExchangeService:
    def __init__(self, cfg):
        self.api_key = cfg.api_key
        self.name = cfg.name

    def describe(self):
        return f"{self.name} key={self.api_key}"

    def public(self):
        return "exchange " + self.name
'''

SERVICE_USERS = {
    "constructed_local": 'def main(cfg):\n    svc = ExchangeService(cfg)\n    SINK(svc.describe())\n',
    "self_attribute": ('class App:\n    def __init__(self, cfg):\n        self.svc = ExchangeService(cfg)\n\n'
                       '    async def run(self):\n        SINK("service: %s" % self.svc.describe())\n'),
    "annotated_param": 'def show(svc: ExchangeService):\n    SINK(f"{svc.describe()}")\n',
}


@pytest.mark.parametrize("sink", ["print", "log.info"])
@pytest.mark.parametrize("shape", sorted(SERVICE_USERS))
def test_a_method_of_another_modules_class_returning_its_key(tmp_path, shape, sink):
    main = ("import logging\nfrom service import ExchangeService\nlog = logging.getLogger(__name__)\n\n\n"
            + SERVICE_USERS[shape].replace("SINK", sink))
    found = run(tmp_path, {"service.py": SERVICE, "main.py": main})
    assert where(found) == [("main.py", line_of(main, sink + "("), "BOT201")]
    assert "returned by describe()" in found[0][3]


@pytest.mark.parametrize("shape", sorted(SERVICE_USERS))
def test_a_public_method_of_another_modules_class_is_not_reported(tmp_path, shape):
    main = ("from service import ExchangeService\n\n\n"
            + SERVICE_USERS[shape].replace("SINK", "print").replace("describe()", "public()"))
    assert run(tmp_path, {"service.py": SERVICE, "main.py": main}) == []


NESTED = '''import os
from dataclasses import dataclass


@dataclass
class ExchangeSettings:
    name: str
    api_key: str
    api_secret: str


@dataclass
class Settings:
    exchange: ExchangeSettings
    symbol: str


def load() -> Settings:
    ex = ExchangeSettings("binance", os.environ["BINANCE_API_KEY"], os.environ["BINANCE_API_SECRET"])
    return Settings(ex, "BTC/USDT")
'''

NESTED_USERS = {
    "annotated_self": ('class App:\n    def __init__(self, settings: Settings):\n        self.settings = settings\n\n'
                       '    def run(self):\n        SINK("exchange %s", self.settings.exchange)\n'),
    "factory": 'def start():\n    s = load()\n    SINK(f"config: {s.exchange}")\n',
    "annotated_param": 'def show(settings: Settings):\n    SINK("cfg " + str(settings.exchange))\n',
}


@pytest.mark.parametrize("shape", sorted(NESTED_USERS))
def test_a_nested_record_of_another_modules_settings_shows_its_key(tmp_path, shape):
    main = ("import logging\nfrom settings import Settings, load\nlog = logging.getLogger(__name__)\n\n\n"
            + NESTED_USERS[shape].replace("SINK", "log.info"))
    found = run(tmp_path, {"settings.py": NESTED, "main.py": main})
    assert where(found) == [("main.py", line_of(main, "log.info("), "BOT201")]
    assert "repr shows ExchangeSettings.api_key" in found[0][3]


@pytest.mark.parametrize("shape", sorted(NESTED_USERS))
def test_public_fields_of_another_modules_nested_settings_are_not_reported(tmp_path, shape):
    main = ("import logging\nfrom settings import Settings, load\nlog = logging.getLogger(__name__)\n\n\n"
            + NESTED_USERS[shape].replace("SINK", "log.info").replace(".exchange", ".exchange.name"))
    assert run(tmp_path, {"settings.py": NESTED, "main.py": main}) == []


def test_a_nested_record_with_masked_fields_is_not_reported(tmp_path):
    hidden = "    api_key: str = field(repr=False)\n    api_secret: str = field(repr=False)\n"
    masked = NESTED.replace("from dataclasses import dataclass", "from dataclasses import dataclass, field").replace(
        "    api_key: str\n    api_secret: str\n", hidden)
    main = "from settings import load\n\n\ndef start():\n    s = load()\n    print(s.exchange)\n"
    assert run(tmp_path, {"settings.py": masked, "main.py": main}) == []


ERRORS = '''class ExchangeAuthError(Exception):
    pass


def auth_error(key):
    return ExchangeAuthError(f"exchange rejected key {key}")


def build_error(key, code):
    msg = "rejected key %s (code %d)" % (key, code)
    return RuntimeError(msg)


def quiet_error(key):
    return RuntimeError(f"rejected a key of {len(key)} characters")
'''

ERROR_USERS = {
    "logged": ('def start():\n    err = auth_error(os.environ["BYBIT_API_KEY"])\n'
               '    logger.error("failed: %s", err)\n', "logger.error(", "BOT201"),
    "raised_async": ('async def start():\n    e = build_error(os.getenv("OKX_API_SECRET"), 401)\n    raise e\n',
                     "raise e", "BOT202"),
    "exception_logged": ('def start():\n    try:\n        pass\n    except Exception:\n'
                         '        logger.exception(auth_error(os.environ["KRAKEN_API_KEY"]))\n',
                         "logger.exception(", "BOT201"),
}


@pytest.mark.parametrize("shape", sorted(ERROR_USERS))
def test_an_exception_built_from_a_key_in_another_module_reaches_a_sink(tmp_path, shape):
    body, needle, code = ERROR_USERS[shape]
    main = ("import os\nimport logging\nfrom errors import auth_error, build_error, quiet_error\n"
            "logger = logging.getLogger(__name__)\n\n\n" + body)
    found = run(tmp_path, {"errors.py": ERRORS, "main.py": main})
    assert where(found) == [("main.py", line_of(main, needle), code)]


@pytest.mark.parametrize("shape", sorted(ERROR_USERS))
def test_an_exception_from_another_module_without_the_key_is_not_reported(tmp_path, shape):
    body = ERROR_USERS[shape][0]
    main = ("import os\nimport logging\nfrom errors import auth_error, build_error, quiet_error\n"
            "logger = logging.getLogger(__name__)\n\n\n"
            + body.replace("auth_error(", "quiet_error(").replace("build_error(os.getenv(\"OKX_API_SECRET\"), 401)",
                                                                 "quiet_error(os.getenv(\"OKX_API_SECRET\"))"))
    assert run(tmp_path, {"errors.py": ERRORS, "main.py": main}) == []


# -- 2. BOT207 across modules: DEBUG configured in one module, the credentialed client in another -

CLIENTS = {
    "factory": ('import os\nimport ccxt\n\n\ndef make_exchange():\n    return ccxt.binance({"apiKey": '
                'os.environ["BINANCE_API_KEY"], "secret": os.environ["BINANCE_API_SECRET"]})\n'),
    "class_async": ('import os\nimport ccxt.async_support as ccxt\n\n\nclass Venue:\n    def __init__(self):\n'
                    '        self.exchange = ccxt.okx({"apiKey": os.getenv("OKX_API_KEY"), "secret": '
                    'os.getenv("OKX_API_SECRET"), "password": os.getenv("OKX_PASSPHRASE")})\n'),
}
DEBUG_CONFIGS = {
    "basic_config": ("logging.basicConfig(level=logging.DEBUG)\n", None),
    "root_set_level": ('logging.getLogger().setLevel("DEBUG")\n', None),
    "ccxt_set_level": ('logging.getLogger("ccxt").setLevel(logging.DEBUG)\n', None),
    "config_constant_from": ("logging.basicConfig(level=LOG_LEVEL)\n", 'LOG_LEVEL = "DEBUG"\n'),
    "config_module_env": ("logging.basicConfig(level=config.LOG_LEVEL)\n",
                          'import os\nLOG_LEVEL = os.getenv("LOG_LEVEL", "DEBUG")\n'),
}


def debug_project(client: str, config: str, level: Optional[str] = None) -> Dict[str, str]:
    line, constant = DEBUG_CONFIGS[config]
    head = "import logging\n"
    if "config." in line:
        head += "import config\n"
    elif "LOG_LEVEL" in line:
        head += "from config import LOG_LEVEL\n"
    files = {"exchange.py": CLIENTS[client],
             "main.py": head + "from exchange import *  # noqa\n\n" + line + "\n\ndef main():\n    print('start')\n"}
    if constant:
        files["config.py"] = constant if level is None else constant.replace("DEBUG", level)
    return files


@pytest.mark.parametrize("config", sorted(DEBUG_CONFIGS))
@pytest.mark.parametrize("client", sorted(CLIENTS))
def test_debug_logging_in_one_module_and_a_keyed_client_in_another(tmp_path, client, config):
    files = debug_project(client, config)
    found = run(tmp_path, files)
    assert where(found) == [("main.py", line_of(files["main.py"], "logging."), "BOT207")]
    assert "exchange.py:" in found[0][3] and "DEBUG" in found[0][3]


def test_debug_logging_across_modules_is_reported_once_per_project(tmp_path):
    files = debug_project("factory", "basic_config")
    files["venue.py"] = CLIENTS["class_async"]
    files["tools.py"] = "import logging\nlogging.basicConfig(level=logging.DEBUG)\n"
    # the second client's module is part of the program (imported); a module nobody imports is not
    files["main.py"] = files["main.py"].replace("from exchange import *  # noqa\n",
                                                "from exchange import *  # noqa\nimport venue  # noqa\n")
    found = run(tmp_path, files)
    assert where(found) == [("main.py", 5, "BOT207")]
    assert "and 1 more client" in found[0][3]


@pytest.mark.parametrize("config", ["config_constant_from", "config_module_env"])
@pytest.mark.parametrize("level", ["INFO", "WARNING"])
def test_an_info_level_from_config_is_not_reported(tmp_path, config, level):
    assert run(tmp_path, debug_project("factory", config, level)) == []


@pytest.mark.parametrize("line", ["logging.basicConfig(level=logging.INFO)\n",
                                  "logging.getLogger(__name__).setLevel(logging.DEBUG)\n",
                                  'logging.getLogger("bot").setLevel("DEBUG")\n'])
def test_info_level_or_a_named_logger_is_not_reported(tmp_path, line):
    files = debug_project("factory", "basic_config")
    files["main.py"] = files["main.py"].replace("logging.basicConfig(level=logging.DEBUG)\n", line)
    assert run(tmp_path, files) == []


def test_debug_logging_with_a_keyless_client_in_another_module_is_not_reported(tmp_path):
    files = debug_project("factory", "basic_config")
    files["exchange.py"] = "import ccxt\n\n\ndef make_exchange():\n    return ccxt.binance({'enableRateLimit': True})\n"
    assert run(tmp_path, files) == []


def test_debug_logging_beside_its_own_client_is_reported_there_once_per_program(tmp_path):
    files = debug_project("factory", "basic_config")
    files["bot.py"] = ("import logging\n" + CLIENTS["factory"]
                       + "\nlogging.basicConfig(level=logging.DEBUG)\nx = make_exchange()\n")
    found = run(tmp_path, files)
    # bot.py is a program of its own (nobody imports it): it reports itself, and main.py's
    # DEBUG configuration still exposes exchange.py's client
    assert where(found) == [("bot.py", line_of(files["bot.py"], "basicConfig"), "BOT207"), ("main.py", 4, "BOT207")]
    files["main.py"] = files["main.py"].replace("from exchange import *  # noqa\n",
                                                "from exchange import *  # noqa\nimport bot  # noqa\n")
    found = run(tmp_path, files)
    # one program: the module holding both reports it, once
    assert where(found) == [("bot.py", line_of(files["bot.py"], "basicConfig"), "BOT207")]


def test_debug_logging_of_one_bot_is_not_tied_to_another_bots_client(tmp_path):
    # a folder of unrelated bots scanned in one run: each is its own program
    files = {f"grid_bot/{k}": v for k, v in debug_project("factory", "basic_config").items()}
    files["grid_bot/exchange.py"] = "import ccxt\n\n\ndef make_exchange():\n    return ccxt.binance()\n"
    files["arb_bot/venue.py"] = CLIENTS["class_async"]
    assert run(tmp_path, files) == []
    files["arb_bot/main.py"] = "import logging\nfrom venue import Venue\n\nlogging.basicConfig(level=logging.INFO)\n"
    assert run(tmp_path, files) == []


def test_debug_logging_is_tied_to_the_client_of_its_own_bot(tmp_path):
    files = {f"grid_bot/{k}": v for k, v in debug_project("factory", "basic_config").items()}
    files["arb_bot/venue.py"] = CLIENTS["class_async"]
    found = run(tmp_path, files)
    assert where(found) == [("grid_bot/main.py", 4, "BOT207")]
    assert "grid_bot/exchange.py:" in found[0][3] and "more client" not in found[0][3]


def test_a_debug_root_beside_the_ccxt_loggers_own_level_is_not_reported_across_modules(tmp_path):
    # freqtrade's shape: the ccxt logger kept at INFO unless very verbose, the root at DEBUG with -v
    files = debug_project("factory", "basic_config")
    files["main.py"] = ("import logging\nfrom exchange import make_exchange  # noqa\n\n\ndef setup(verbosity):\n"
                        "    levels = {'ccxt.base.exchange': logging.INFO if verbosity <= 2 else logging.DEBUG}\n"
                        "    for name, level in levels.items():\n        logging.getLogger(name).setLevel(level)\n"
                        "    logging.root.setLevel(logging.INFO if verbosity < 1 else logging.DEBUG)\n")
    assert run(tmp_path, files) == []


WALLETS_MODULE = '''import os
from eth_account import Account

KEYS = os.environ["PRIVATE_KEYS"].split(",")
ACCOUNTS = [Account.from_key(k) for k in KEYS]


def load_accounts():
    return [Account.from_key(k) for k in os.environ["PRIVATE_KEYS"].split(",")]
'''

WALLET_USERS = {
    "imported_list": "from wallets import ACCOUNTS\n\nfor acct in ACCOUNTS:\n    print(acct.key.hex())\n",
    "imported_factory": ("from wallets import load_accounts\n\n\ndef main():\n"
                         "    for i, acct in enumerate(load_accounts()):\n        print(i, acct.key.hex())\n"),
    "local_factory": ("import os\nfrom eth_account import Account\n\n\ndef load():\n"
                      "    return [Account.from_key(k) for k in os.environ['PKS'].split(',')]\n\n\n"
                      "for w in load():\n    print(w.key.hex())\n"),
}


@pytest.mark.parametrize("shape", sorted(WALLET_USERS))
def test_wallets_from_a_factory_or_another_modules_list(tmp_path, shape):
    main = WALLET_USERS[shape]
    found = run(tmp_path, {"wallets.py": WALLETS_MODULE, "main.py": main})
    assert where(found) == [("main.py", line_of(main, "key.hex()"), "BOT201")]


@pytest.mark.parametrize("shape", sorted(WALLET_USERS))
def test_addresses_of_wallets_from_a_factory_or_another_module_are_not_reported(tmp_path, shape):
    main = WALLET_USERS[shape].replace(".key.hex()", ".address")
    assert run(tmp_path, {"wallets.py": WALLETS_MODULE, "main.py": main}) == []
