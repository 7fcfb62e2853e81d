"""BOT304 precision: the bot's own web routes are not exchange endpoints; a fund path sent only
with a read verb (GET of coinbase's withdrawals) is a read; a raw REST transfer is reported as
raw REST (BOT304) once, not again as a BOT302 call of the bot's own wrapper."""
from __future__ import annotations

import pytest

from botlint.engine import lint_source

from helpers import settings


def _codes(src, select=("BOT3",)):
    return sorted((f.line, f.code) for f in lint_source(src, "bot.py", settings(list(select))))


@pytest.mark.parametrize("src", [
    # FastAPI / Flask / aiohttp decorators
    "from fastapi import FastAPI\napp = FastAPI()\n\n\n@app.get(\"/sapi/v1/capital/withdraw/apply\")\n"
    "async def withdrawals():\n    return []\n",
    "from flask import Flask\napp = Flask(__name__)\n\n\n@app.route(\"/accounts/<account_id>/withdrawals\", "
    "methods=[\"POST\"])\ndef withdrawals(account_id):\n    return {}\n",
    "from aiohttp import web\nroutes = web.RouteTableDef()\n\n\n@routes.post(\"/api/v5/asset/transfer\")\n"
    "async def transfer(request):\n    return web.json_response({})\n",
    # registration calls
    "from flask import Flask\napp = Flask(__name__)\napp.add_url_rule(\"/capital/withdraw/apply\", view_func=v)\n",
    "from aiohttp import web\napp = web.Application()\napp.router.add_post(\"/v5/asset/transfer/inter-transfer\", h)\n",
    "from fastapi import APIRouter\nrouter = APIRouter()\nrouter.add_api_route(\"/capital/withdraw/apply\", h)\n",
])
def test_the_bots_own_routes_are_not_exchange_endpoints(src):
    assert _codes(src) == []


def test_a_two_segment_route_does_not_match_a_longer_endpoint_by_its_placeholder():
    # "/api/withdrawals" shares one word with coinbase's accounts/{account_id}/withdrawals
    assert _codes('WITHDRAWALS = "/api/withdrawals"\n') == []
    assert _codes('PATH = "accounts/{account_id}/withdrawals"\n') == [(1, "BOT304")]


def test_the_same_path_sent_to_an_exchange_stays_a_finding():
    src = ("import requests\n\n\ndef go(body):\n"
           "    return requests.post(\"https://api.binance.com/sapi/v1/capital/withdraw/apply\", data=body)\n")
    assert _codes(src) == [(5, "BOT304")]


COINBASE = '''import requests

BASE = "https://api.coinbase.com/v2"


def history(session, account_id):
    {get}


def withdraw(session, account_id, body):
    {post}
'''


@pytest.mark.parametrize("get", [
    'return session.get(f"{BASE}/accounts/{account_id}/withdrawals").json()',
    'path = f"accounts/{account_id}/withdrawals"\n    return session.request("GET", BASE + "/" + path).json()',
    'return session.request(method="GET", url=f"{BASE}/accounts/{account_id}/withdrawals")',
])
def test_a_get_of_coinbase_withdrawals_is_a_read_and_a_post_is_not(get):
    assert _codes(COINBASE.format(get=get, post="pass")) == []
    post = 'return session.post(f"{BASE}/accounts/{account_id}/withdrawals", json=body)'
    found = _codes(COINBASE.format(get=get, post=post))
    assert [c for _ln, c in found] == ["BOT304"] and found[0][0] > 9


OKX_WRAPPER = '''import os
import requests


class OkxRest:
    def _private(self, method, path, body=None):
        return requests.request(method, "https://www.okx.com" + path, json=body,
                                headers={"OK-ACCESS-KEY": os.environ["OKX_KEY"]})

    def transfer(self, ccy, amount):
        return self._private("POST", "/api/v5/asset/transfer", {"ccy": ccy, "amt": amount, "from": "6", "to": "18"})


okx = OkxRest()
okx.transfer("USDT", "10")
'''


def test_a_raw_rest_transfer_is_reported_as_raw_rest_once():
    assert _codes(OKX_WRAPPER) == [(11, "BOT304")]


def test_a_name_only_receiver_handed_the_raw_path_is_the_raw_path_finding():
    src = ("import os\n\n\nasync def move(exchange, body):\n"
           "    await exchange.transfer(\"POST\", \"/api/v5/asset/transfer\", body)\n")
    assert _codes(src) == [(5, "BOT304")]


def test_a_ccxt_transfer_on_a_real_client_stays_bot302():
    src = ("import ccxt, os\nex = ccxt.okx({'apiKey': os.environ['K'], 'secret': os.environ['S']})\n"
           "ex.transfer('USDT', 10, 'funding', 'trading')\n")
    assert _codes(src) == [(3, "BOT302")]
