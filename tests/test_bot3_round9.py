"""BOT3, round 9: kucoin-python / python-kucoin / gate-api clients are tracked (their generic
withdraw/transfer methods are fund movers); fund movers handed to schedulers, tasks, handlers
and dispatch tables are reported once, where they are named; a raw REST withdrawal is reported
once, also when the class posting it lives in another module."""
from __future__ import annotations

import pytest

from botlint.testing import check

from helpers import lint_project


def codes(src):
    return sorted(check(src, select=["BOT3"]))


# -- 1. kucoin and gate clients ----------------------------------------------------------------

KUCOIN_USER = ("from kucoin.client import User, Trade, Market\nimport os\n"
               "user = User(os.environ['K'], os.environ['S'], os.environ['P'])\n")


@pytest.mark.parametrize("call, code", [
    ("user.apply_withdrawal('USDT', addr, 10)", "BOT301"),
    ("user.inner_transfer('USDT', 'main', 'trade', 5)", "BOT302"),
    ("user.transfer_master_sub('USDT', 5, 'OUT', sub_id)", "BOT302"),
    ("user.flex_transfer(oid, 5, 'MAIN', 'INTERNAL', 'TRADE')", "BOT302"),
    ("user.withdraw('USDT', 10)", "BOT301"),
    ("user.transfer('USDT', 10)", "BOT302"),
])
def test_kucoin_python_fund_movers_on_a_user_client(call, code):
    assert codes(KUCOIN_USER + call + "\n") == [(4, code)]


@pytest.mark.parametrize("src, expected", [
    ("from kucoin.client import Client\nclient = Client(k, s, p)\nclient.create_withdrawal('USDT', 10, addr)\n",
     [(3, "BOT301")]),
    ("from kucoin.client import Client\nclient = Client(k, s, p)\n"
     "client.create_inner_transfer('USDT', 'main', 'trade', 5)\n",
     [(3, "BOT302")]),
    ("from kucoin.client import User as KucoinUser\nclass Sweeper:\n    def __init__(self, k, s, p):\n"
     "        self.user = KucoinUser(k, s, p)\n    def sweep(self, amount):\n"
     "        return self.user.withdraw('USDT', amount)\n", [(6, "BOT301")]),
])
def test_python_kucoin_and_stored_kucoin_clients(src, expected):
    assert codes(src) == expected


GATE = ("import gate_api, os\n"
        "config = gate_api.Configuration(key=os.environ['GATE_KEY'], secret=os.environ['GATE_SECRET'])\n"
        "api_client = gate_api.ApiClient(config)\n")


@pytest.mark.parametrize("tail, expected", [
    ("wallet = gate_api.WalletApi(api_client)\nwallet.transfer(gate_api.Transfer(currency='USDT', amount='10'))\n",
     [(5, "BOT302")]),
    ("gate_api.WithdrawalApi(api_client).withdraw(gate_api.LedgerRecord(currency='USDT', amount='5'))\n",
     [(4, "BOT301")]),
    ("wd = gate_api.WithdrawalApi(api_client)\nwd.withdraw(rec)\n", [(5, "BOT301")]),
    ("wallet = gate_api.WalletApi(api_client)\nwallet.transfer_with_sub_account(t)\n", [(5, "BOT302")]),
])
def test_gate_api_fund_movers(tail, expected):
    assert codes(GATE + tail) == expected


def test_gate_api_from_imports():
    src = ("from gate_api import ApiClient, Configuration, WalletApi, WithdrawalApi\n"
           "cfg = Configuration(key=K, secret=S)\nclient = ApiClient(cfg)\n"
           "WithdrawalApi(client).withdraw(rec)\nw = WalletApi(client)\nw.transfer(t)\n")
    assert codes(src) == [(4, "BOT301"), (6, "BOT302")]


@pytest.mark.parametrize("src", [
    KUCOIN_USER + "user.get_withdrawal_list()\nuser.get_withdrawal_quota('USDT')\n"
                  "user.get_transferable('USDT', 'MAIN')\n"
    "user.cancel_withdrawal(wid)\n",
    GATE + "wallet = gate_api.WalletApi(api_client)\nwallet.list_withdrawals()\nwallet.list_sub_account_transfers()\n"
    "wallet.get_transfer_order_status(oid)\n",
    # a withdraw/transfer method of something that is not the SDK's client
    "from myapp.models import User\nu = User(name, email)\nu.transfer(team)\nu.withdraw(reason)\n",
    "class Trade:\n    def withdraw(self):\n        pass\nTrade().withdraw()\n",
])
def test_reads_and_other_classes_are_not_fund_movers(src):
    assert codes(src) == []


# -- 4. fund movers in callbacks, schedulers, tasks, handlers ----------------------------------

LIVE = 'import ccxt, os\nex = ccxt.binance({"apiKey": os.environ["K"], "secret": os.environ["S"]})\n'


@pytest.mark.parametrize("tail, expected", [
    ("import schedule\ndef sweep():\n    ex.withdraw('USDT', 100, os.environ['ADDR'])\n"
     "schedule.every().day.do(sweep)\n",
     [(5, "BOT301")]),
    ("import schedule\nschedule.every().day.do(ex.withdraw, 'USDT', 100, addr)\n", [(4, "BOT301")]),
    ("from apscheduler.schedulers.blocking import BlockingScheduler\nsched = BlockingScheduler()\n"
     "sched.add_job(ex.withdraw, 'interval', hours=24, args=['USDT', 100, addr])\n", [(5, "BOT301")]),
    ("from apscheduler.schedulers.blocking import BlockingScheduler\nsched = BlockingScheduler()\n"
     "sched.add_job(func=ex.transfer, trigger='cron', hour=0, args=['USDT', 1, 'spot', 'future'])\n", [(5, "BOT302")]),
    ("import functools\njob = functools.partial(ex.withdraw, 'USDT')\njob(10, addr)\n", [(4, "BOT301")]),
    ("from functools import partial\njob = partial(ex.transfer, 'USDT', 10, 'spot', 'future')\n", [(4, "BOT302")]),
    ("getattr(ex, 'withdraw')('USDT', 1, addr)\n", [(3, "BOT301")]),
    ("fn = getattr(ex, 'withdraw')\nfn('USDT', 1, addr)\n", [(3, "BOT301")]),
    ("ex.request('sapi/v1/asset/transfer', 'sapi', 'POST', params)\n", [(3, "BOT303")]),
    ("ex.request('/sapi/v1/capital/withdraw/apply', 'sapi', 'POST', params)\n", [(3, "BOT303")]),
    ("ex.request('asset/transfer', 'sapi', 'POST', params)\n", [(3, "BOT303")]),
    ("import threading\nthreading.Thread(target=ex.withdraw, args=('USDT', 1, addr)).start()\n", [(4, "BOT301")]),
    ("import threading\nthreading.Timer(60, ex.transfer, args=('USDT', 1, 'spot', 'future')).start()\n",
     [(4, "BOT302")]),
    ("import schedule\nschedule.every().day.do(lambda: ex.withdraw('USDT', 1, addr))\n", [(4, "BOT301")]),
    ("ACTIONS = {'withdraw': ex.withdraw, 'buy': ex.create_market_buy_order}\nACTIONS[cmd](*args)\n",
     [(3, "BOT301")]),
    ("JOBS = [ex.fetch_balance, ex.transfer]\nfor job in JOBS:\n    job()\n", [(3, "BOT302")]),
    ("JOBS = (('sweep', ex.withdraw),)\n", [(3, "BOT301")]),
    ("sweep = ex.withdraw\nsweep('USDT', 1, addr)\n", [(3, "BOT301")]),
    ("def mover():\n    return ex.transfer\n", [(4, "BOT302")]),
    ("ACTION = 'withdraw'\ngetattr(ex, ACTION)('USDT', 1, addr)\n", [(4, "BOT301")]),
    ("getattr(ex, f'transfer')('USDT', 1, 'spot', 'future')\n", [(3, "BOT302")]),
    ("import asyncio\nasync def f():\n    await asyncio.to_thread(ex.withdraw, 'USDT', 1, addr)\n", [(5, "BOT301")]),
    ("HANDLERS = dict(withdraw=ex.withdraw, history=ex.fetch_withdrawals)\n", [(3, "BOT301")]),
])
def test_fund_movers_handed_over_or_referenced_are_reported_once_where_named(tail, expected):
    assert codes(LIVE + tail) == expected


def test_async_tasks_and_telegram_handlers():
    src = ("import ccxt.async_support as ccxt, asyncio, os\n"
           "from telegram.ext import Application, CommandHandler\n"
           "ex = ccxt.bybit({'apiKey': os.environ['K'], 'secret': os.environ['S']})\n"
           "async def cmd_withdraw(update, ctx):\n"
           "    await ex.withdraw('USDT', float(ctx.args[0]), os.environ['ADDR'])\n"
           "    await update.message.reply_text('done')\n"
           "async def cmd_history(update, ctx):\n"
           "    await update.message.reply_text(str(await ex.fetch_withdrawals('USDT')))\n"
           "async def cmd_move(update, context):\n"
           "    exchange = context.bot_data['exchange']\n"
           "    await exchange.transfer('USDT', 1, 'spot', 'swap')\n"
           "async def main():\n"
           "    asyncio.create_task(ex.transfer('USDT', 5, 'spot', 'swap'))\n"
           "    await asyncio.gather(ex.withdraw('USDT', 1, addr), ex.fetch_transfers())\n"
           "app = Application.builder().token(os.environ['TG']).build()\n"
           "app.add_handler(CommandHandler('withdraw', cmd_withdraw))\n"
           "app.add_handler(CommandHandler('history', cmd_history))\n")
    assert codes(src) == [(5, "BOT301"), (11, "BOT302"), (13, "BOT302"), (14, "BOT301")]


@pytest.mark.parametrize("tail", [
    "import schedule\nschedule.every().hour.do(ex.fetch_withdrawals, 'USDT')\n"
    "schedule.every().hour.do(ex.fetch_transfers)\n",
    "import functools\njob = functools.partial(ex.fetch_withdrawals, 'USDT')\n",
    "VIEWS = {'withdrawals': ex.fetch_withdrawals, 'transfers': ex.fetch_transfers,\n"
    "         'fee': ex.fetch_deposit_withdraw_fee}\n",
    "history = ex.fetch_withdrawals\nrows = [ex.fetch_deposits, ex.fetch_withdrawal]\n",
    "ex.request('asset/transfer', 'sapi', 'GET', params)\nex.request('capital/withdraw/history', 'sapi', 'GET', {})\n",
    "ex.request('sapi/v1/capital/withdraw/history', 'sapi', 'GET', {})\n",
    "getattr(ex, 'fetch_withdrawals')('USDT')\n",
    "handlers = {'withdraw': on_withdraw_event}\n",  # the bot's own function named for an event
    "callbacks = [pool.withdraw_liquidity]\n",  # not a client
    "ACTION = 'withdraw'\ndef run(ACTION):\n    return getattr(ex, ACTION)()\n",  # a parameter, not the constant
    "NAME = 'fetch_withdrawals'\ngetattr(ex, NAME)('USDT')\n",
])
def test_history_reads_and_non_clients_are_never_reported(tail):
    assert codes(LIVE + tail) == []


# -- 5. one raw REST withdrawal, one finding ---------------------------------------------------

API = ('import requests\n\nclass KucoinRest:\n    def _private(self, method, path, params):\n'
       '        return requests.request(method, "https://api.kucoin.com" + path, json=params)\n\n'
       '    def withdraw(self, currency, address, amount):\n'
       '        return self._private("POST", "/api/v1/withdrawals", {"currency": currency, "address": address})\n')


@pytest.mark.parametrize("main", [
    "from api import KucoinRest\nexchange = KucoinRest()\nexchange.withdraw('USDT', 'addr', 5)\n",
    "import ccxt\nfrom api import KucoinRest\nclient = KucoinRest()\nclient.withdraw('USDT', 'addr', 5)\n",
    "from api import KucoinRest\nclass Bot:\n    def __init__(self):\n        self.exchange = KucoinRest()\n"
    "    def sweep(self):\n        self.exchange.withdraw('USDT', 'addr', 5)\n",
    "import api\nexchange = api.KucoinRest()\nexchange.withdraw('USDT', 'addr', 5)\n",
])
def test_a_raw_withdrawal_class_of_another_module_is_reported_once_where_it_posts(tmp_path, monkeypatch, main):
    found, _ = lint_project(tmp_path, monkeypatch, {"api.py": API, "main.py": main}, select=("BOT3",))
    assert found == [("api.py", 8, "BOT304")]


def test_a_class_of_another_module_without_that_method_is_still_judged_by_name(tmp_path, monkeypatch):
    main = "from api import KucoinRest\nexchange = KucoinRest()\nexchange.transfer('USDT', 5, 'main', 'trade')\n"
    found, _ = lint_project(tmp_path, monkeypatch, {"api.py": API, "main.py": main}, select=("BOT3",))
    assert found == [("api.py", 8, "BOT304"), ("main.py", 3, "BOT302")]


@pytest.mark.parametrize("src, line", [
    ('import requests\nBASE = "https://api.binance.com"\nWITHDRAW_PATH = "/sapi/v1/capital/withdraw/apply"\n'
     'def _signed(method, path, params):\n    return requests.request(method, BASE + path, params=params)\n'
     'def withdraw(coin, amount, addr):\n    return _signed("POST", WITHDRAW_PATH, {"coin": coin})\n', 3),
    ('import requests\ndef withdraw_url():\n    return "https://api.bybit.com/v5/asset/withdraw/create"\n'
     'def do_withdraw(body, headers):\n    url = withdraw_url()\n'
     '    return requests.post(url, json=body, headers=headers)\n', 3),
    ('import requests\nclass Bybit:\n    def post(self, path, body):\n'
     '        return requests.post("https://api.bybit.com" + path, json=body)\n'
     'bot = Bybit()\nbot.post("/v5/asset/transfer/inter-transfer", {"coin": "USDT"})\n', 6),
    ('import requests\nclass Api:\n    def _private(self, method, path, params):\n'
     '        return requests.request(method, "https://api.kucoin.com" + path, json=params)\n'
     '    def withdraw(self, currency, address, amount):\n'
     '        return self._private("POST", "/api/v1/withdrawals", {"currency": currency})\n'
     'api = Api()\napi.withdraw("USDT", "addr", 5)\n', 6),
])
def test_a_raw_withdrawal_built_in_one_helper_and_posted_in_another_is_one_finding(src, line):
    assert codes(src) == [(line, "BOT304")]


# -- a private helper taking the endpoint and the verb: the caller's verb decides -------------

SAPI = ('import ccxt, os\nclass Client:\n    def __init__(self):\n'
        '        self.exchange = ccxt.binance({{"apiKey": os.environ["K"], "secret": os.environ["S"]}})\n'
        '    def _sapi(self, path, method={default!r}, params=None):\n'
        '        return self.exchange.request(path, "sapi", method, params or {{}})\n'
        '    def run(self):\n        {call}\n')


@pytest.mark.parametrize("default, call, expected", [
    ("GET", 'self._sapi("asset/transfer", "POST", {"type": "MAIN_UMFUTURE"})', [(8, "BOT303")]),
    ("GET", 'self._sapi("asset/transfer", method="POST")', [(8, "BOT303")]),
    ("POST", 'self._sapi("capital/withdraw/apply", params={"coin": "USDT"})', [(8, "BOT303")]),
    ("GET", 'self._sapi("asset/transfer", "GET", {"type": "MAIN_UMFUTURE"})', []),
    ("GET", 'self._sapi("asset/transfer")', []),  # the default verb: a read of the history
    ("POST", 'self._sapi("asset/transfer", method="GET")', []),
])
def test_a_request_helper_taking_the_verb_is_judged_with_the_callers_verb(default, call, expected):
    assert codes(SAPI.format(default=default, call=call)) == expected


def test_a_request_helper_of_another_module_taking_the_verb(tmp_path, monkeypatch):
    util = ('def private(exchange, path, method="GET", params=None):\n'
            '    return exchange.request(path, "sapi", method, params or {})\n')
    main = ('import ccxt, os\nfrom util import private\n'
            'ex = ccxt.binance({"apiKey": os.environ["K"], "secret": os.environ["S"]})\n'
            'private(ex, "asset/transfer")\nprivate(ex, "asset/transfer", "POST", {"asset": "USDT"})\n')
    found, _ = lint_project(tmp_path, monkeypatch, {"util.py": util, "main.py": main}, select=("BOT3",))
    assert found == [("main.py", 5, "BOT303")]
