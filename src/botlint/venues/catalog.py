"""The records: exchanges and native SDKs botlint knows (facts from domain.md and ccxt's tables).

Add an exchange with one ``Venue(...)`` in ``VENUES`` and an SDK with one ``Sdk(...)`` in
``SDKS``, plus a fixture under ``fixtures/rules/``.  Only facts checked against the vendor's
docs, the SDK's source or ccxt's generated tables belong here.
"""
from __future__ import annotations

from .model import Sdk, Venue

_HL_ADVICE = ("trade with an API (agent) wallet approved with approveAgent, which cannot withdraw or "
              "transfer, instead of the master private key; use `{var}.set_sandbox_mode(flag)` for "
              "testnet runs")

VENUES = (
    Venue(
        "binance", ccxt_ids=("binance", "binanceus", "binanceusdm", "binancecoinm"),
        domains=("binance.com", "binance.us", "binance.vision", "binancefuture.com"),
        test_domains=("testnet.binance.vision", "testnet.binancefuture.com", "demo-api.binance.com",
                      "demo-fapi.binance.com", "demo-dapi.binance.com"),
        words=("binance",), permission_paths=("account/apiRestrictions",),
        permission_signal="`enableWithdrawals` must be false", demo_trading=True,
        extra_fund_paths={"/sapi/v1/localentity/withdraw/apply": "withdraw"},
    ),
    Venue(
        "bybit", ccxt_ids=("bybit", "bybiteu", "bybitid"),
        domains=("bybit.com", "bytick.com", "bybit.nl", "bybit.com.hk", "bybit.eu", "bybit.id", "bybit-tr.com"),
        test_domains=("api-testnet.bybit.com", "api-demo.bybit.com"),
        words=("bybit",), permission_paths=("v5/user/query-api",),
        permission_signal="`permissions.Wallet` must not contain `Withdraw`", demo_trading=True,
        extra_fund_paths={
            "/asset/v3/private/withdraw/create": "withdraw",
            "/asset/v3/private/transfer/inter-transfer": "transfer",
            "/asset/v3/private/transfer/universal-transfer": "transfer",
            "/asset/v3/private/transfer/sub-member-transfer": "transfer",
        },
    ),
    Venue(
        "okx", ccxt_ids=("okx", "myokx", "okxus"), domains=("okx.com", "okx.cab"),
        words=("okx", "okex"), permission_paths=("account/config",),
        permission_signal="`perm` must not contain `withdraw`",
    ),
    Venue(
        "kraken", ccxt_ids=("kraken", "krakenfutures"), domains=("kraken.com",),
        test_domains=("demo-futures.kraken.com",), words=("kraken",), permission_paths=("GetApiKeyInfo",),
        permission_signal="`permissions` must not contain `withdraw-funds`",
    ),
    Venue(
        "coinbase", ccxt_ids=("coinbase", "coinbaseexchange", "coinbaseinternational"),
        domains=("coinbase.com", "exchange.coinbase.com"),
        test_domains=("api-public.sandbox.exchange.coinbase.com",),
        words=("coinbase",), permission_paths=("brokerage/key_permissions",),
        permission_signal="`can_transfer` must be false",
        extra_fund_paths={
            "/v2/accounts/{account_id}/withdrawals": "withdraw",
            "/v2/accounts/{account_id}/withdrawals/{id}/commit": "withdraw",
        },
    ),
    Venue(
        "kucoin", ccxt_ids=("kucoin", "kucoinfutures"), domains=("kucoin.com",), words=("kucoin",),
        permission_paths=("user/api-key",),
        permission_signal="`permission` must not contain `Transfer`/`Withdraw`",
        extra_fund_paths={
            "/api/v1/withdrawals": "withdraw",
            "/api/v2/accounts/inner-transfer": "transfer",
            "/api/v2/accounts/sub-transfer": "transfer",
            "/api/v3/accounts/universal-transfer": "transfer",
            "/api/ua/v1/account/transfer": "transfer",
            "/api/v1/broker/nd/transfer": "transfer",
        },
    ),
    Venue(
        "gate", ccxt_ids=("gate", "gateeu"),
        domains=("gateio.ws", "gateapi.io", "gate.io", "gate.com", "gateeu.com"),
        test_domains=("api-testnet.gateapi.io",), words=("gate", "gateio"),
    ),
    Venue(
        "bitget", ccxt_ids=("bitget",), domains=("bitget.com",), words=("bitget",), demo_trading=True,
        extra_fund_paths={
            "/api/spot/v1/wallet/withdrawal": "withdraw",
            "/api/spot/v1/wallet/withdrawal-v2": "withdraw",
            "/api/spot/v1/wallet/withdrawal-inner": "withdraw",
            "/api/spot/v1/wallet/withdrawal-inner-v2": "withdraw",
            "/api/v3/account/withdrawal": "withdraw",
            "/api/v3/account/transfer": "transfer",
            "/api/v3/account/sub-transfer": "transfer",
            "/api/v3/account/sub-master-transfer": "transfer",
        },
    ),
    Venue(
        "mexc", ccxt_ids=("mexc",), domains=("mexc.com",), words=("mexc",), permission_paths=("apiKeyInfo",),
        extra_fund_paths={"/api/v3/capital/withdraw/apply": "withdraw"},
    ),
    Venue(
        "htx", ccxt_ids=("htx",), domains=("huobi.pro", "huobi.com", "htx.com", "hbdm.vn", "hbdm.com"),
        words=("htx", "huobi"), permission_paths=("v2/user/api-key",),
        permission_signal="`permission` must not contain `withdraw`",
    ),
    Venue(
        "hyperliquid", ccxt_ids=("hyperliquid",), domains=("hyperliquid.xyz", "hyperliquid-testnet.xyz"),
        test_domains=("api.hyperliquid-testnet.xyz",), words=("hyperliquid",), sandbox_advice=_HL_ADVICE,
    ),
    Venue("deribit", ccxt_ids=("deribit",), domains=("deribit.com",), test_domains=("test.deribit.com",),
          words=("deribit",)),
    Venue("bingx", ccxt_ids=("bingx",), domains=("bingx.com",), test_domains=("open-api-vst.bingx.com",),
          words=("bingx",), permission_paths=("account/apiPermissions",)),
    Venue("phemex", ccxt_ids=("phemex",), domains=("phemex.com",), test_domains=("testnet-api.phemex.com",),
          words=("phemex",)),
    Venue("gemini", ccxt_ids=("gemini",), domains=("gemini.com",), test_domains=("api.sandbox.gemini.com",),
          words=("gemini",)),
    Venue("cryptocom", ccxt_ids=("cryptocom",), domains=("crypto.com", "3ona.co"),
          test_domains=("uat-api.3ona.co",)),
    Venue("bitfinex", ccxt_ids=("bitfinex",), domains=("bitfinex.com",), words=("bitfinex",),
          permission_paths=("auth/r/permissions",), permission_signal="the `withdraw` scope must not be writable"),
    # not in ccxt: hosts and the withdraw endpoint from Aevo's own SDK (aevoxyz/aevo-sdk)
    Venue("aevo", domains=("aevo.xyz",), test_domains=("api-testnet.aevo.xyz", "ws-testnet.aevo.xyz"),
          words=("aevo",), extra_fund_paths={"/withdraw": "withdraw"}),
    Venue("bitmex", domains=("bitmex.com",), words=("bitmex",)),
    Venue("bitstamp", ccxt_ids=("bitstamp",), domains=("bitstamp.net",), words=("bitstamp",)),
    # venues known by their hosts only (ccxt's tables carry the rest)
    *(Venue(domain.split(".")[0], domains=(domain,)) for domain in (
        "bitvavo.com bitso.com bitflyer.com bithumb.com upbit.com coincheck.com woo.org woox.io "
        "ascendex.com lbank.com lbkex.net poloniex.com probit.com whitebit.com xt.com bitmart.com "
        "coinex.com digifinex.com bitrue.com blofin.com btse.com delta.exchange bitpanda.com luno.com "
        "independentreserve.com btcmarkets.net coinspot.com.au bitopro.com paradex.trade apex.exchange "
        "dydx.exchange vertexprotocol.com").split()),
)

SDKS = (
    Sdk(
        "python-binance", venue="binance", module_heads=("binance",), client_classes=("Client", "AsyncClient"),
        positional_creds=("api_key", "api_secret"), cred_kwargs=("api_key", "api_secret", "private_key"),
        sandbox_kwargs=("testnet", "demo"),
        fund_methods={
            "withdraw": "withdraw",
            "margin_v1_post_localentity_withdraw_apply": "withdraw",
            "margin_v1_post_managed_subaccount_withdraw": "withdraw",
            "universal_transfer": "transfer",
            "make_universal_transfer": "transfer",
            "futures_account_transfer": "transfer",
            "transfer_spot_to_margin": "transfer",
            "transfer_margin_to_spot": "transfer",
            "transfer_spot_to_isolated_margin": "transfer",
            "transfer_isolated_margin_to_spot": "transfer",
            "options_funds_transfer": "transfer",
            "make_subaccount_transfer": "transfer",
            "make_subaccount_to_subaccount_transfer": "transfer",
            "make_subaccount_to_master_transfer": "transfer",
            "make_subaccount_futures_transfer": "transfer",
            "make_subaccount_margin_transfer": "transfer",
            "make_subaccount_universal_transfer": "transfer",
        },
        distinctive=("margin_v1_post_localentity_withdraw_apply", "margin_v1_post_managed_subaccount_withdraw",
                     "universal_transfer", "make_universal_transfer", "futures_account_transfer",
                     "transfer_spot_to_margin", "transfer_margin_to_spot", "transfer_spot_to_isolated_margin",
                     "transfer_isolated_margin_to_spot", "make_subaccount_transfer",
                     "make_subaccount_to_subaccount_transfer", "make_subaccount_to_master_transfer",
                     "make_subaccount_futures_transfer", "make_subaccount_margin_transfer",
                     "make_subaccount_universal_transfer"),
        permission_methods=("get_account_api_permissions",),
        permission_signal="`enableWithdrawals` must be false",
        sandbox_advice="pass `testnet=True` (or `demo=True`) while testing",
    ),
    Sdk(
        "binance-connector", venue="binance", module_heads=("binance",),
        client_classes=("Spot", "UMFutures", "CMFutures"),
        positional_creds=("api_key", "api_secret"), cred_kwargs=("api_key", "api_secret", "private_key"),
        url_kwargs=("base_url",),
        fund_methods={
            "withdraw": "withdraw",
            "user_universal_transfer": "transfer",
            "universal_transfer": "transfer",
            "futures_transfer": "transfer",
            "margin_transfer": "transfer",
            "isolated_margin_transfer": "transfer",
            "sub_account_universal_transfer": "transfer",
            "sub_account_transfer_to_master": "transfer",
            "sub_account_transfer_to_sub": "transfer",
        },
        distinctive=("user_universal_transfer", "sub_account_universal_transfer", "sub_account_transfer_to_master",
                     "sub_account_transfer_to_sub"),
        permission_methods=("api_key_permission",), permission_signal="`enableWithdrawals` must be false",
        sandbox_advice="use the testnet `base_url` while testing",
    ),
    Sdk(
        "pybit", venue="bybit", module_heads=("pybit",), client_classes=("HTTP",),
        cred_kwargs=("api_key", "api_secret"), sandbox_kwargs=("testnet", "demo"),
        fund_methods={
            "withdraw": "withdraw",
            "create_internal_transfer": "transfer",
            "create_universal_transfer": "transfer",
            "pwm_fund_transfer": "transfer",
        },
        distinctive=("create_internal_transfer", "create_universal_transfer", "pwm_fund_transfer"),
        permission_methods=("get_api_key_information",),
        permission_signal="no `Withdraw` in `permissions.Wallet`",
        sandbox_advice="pass `testnet=True` (or `demo=True`) while testing", receiver="session",
    ),
    Sdk(
        "coinbase-advanced-py", venue="coinbase", module_heads=("coinbase",),
        client_classes=("RESTClient", "EnhancedRESTClient"), positional_creds=("api_key", "api_secret"),
        cred_kwargs=("api_key", "api_secret", "key_file"), url_kwargs=("base_url",),
        fund_methods={"move_portfolio_funds": "transfer"}, distinctive=("move_portfolio_funds",),
        permission_methods=("get_api_key_permissions",), permission_signal="`can_transfer` must be false",
    ),
    # Aevo's Python SDK (aevoxyz/aevo-sdk, imported as ``aevo``): AevoClient(signing_key,
    # wallet_address, wallet_private_key, api_key, api_secret, env="testnet"), withdraw() POSTs /withdraw
    Sdk(
        "aevo-sdk", venue="aevo", module_heads=("aevo",), client_classes=("AevoClient",),
        positional_creds=("signing_key", "wallet_address", "wallet_private_key", "api_key", "api_secret"),
        cred_kwargs=("signing_key", "wallet_private_key", "api_key", "api_secret"),
        sandbox_kwargs=("env=testnet",), sandbox_default=True, fund_methods={"withdraw": "withdraw"},
        sandbox_advice='keep `env="testnet"` (the default) while testing',
    ),
    # kucoin-python (Kucoin/kucoin-python-sdk, ``from kucoin.client import User, Trade, Market``):
    # ``User(key, secret, passphrase, is_sandbox=False, url="")``; ``User.apply_withdrawal(currency,
    # address, amount)`` POSTs /api/v1/withdrawals, ``inner_transfer`` /api/v2/accounts/inner-transfer,
    # ``transfer_master_sub`` /api/v2/accounts/sub-transfer, ``flex_transfer``
    # /api/v3/accounts/universal-transfer.  python-kucoin (sammchardy/python-kucoin) shares the
    # import: ``Client(api_key, api_secret, passphrase, sandbox=False)``, ``create_withdrawal``,
    # ``create_inner_transfer``.  The three distinctive names are reported on any receiver.
    Sdk("kucoin", venue="kucoin", module_heads=("kucoin",), client_classes=("Client", "AsyncClient"),
        import_classes=("User", "Trade", "Market", "Margin"),
        positional_creds=("api_key", "api_secret", "passphrase"),
        cred_kwargs=("key", "secret", "passphrase", "api_key", "api_secret"),
        sandbox_kwargs=("is_sandbox", "sandbox"), url_kwargs=("url",),
        fund_methods={"apply_withdrawal": "withdraw", "create_withdrawal": "withdraw",
                      "inner_transfer": "transfer", "transfer_master_sub": "transfer", "flex_transfer": "transfer",
                      "create_inner_transfer": "transfer"},
        distinctive=("apply_withdrawal", "inner_transfer", "transfer_master_sub"),
        sandbox_advice="pass `is_sandbox=True` (kucoin-python; python-kucoin: `sandbox=True`) while testing"),
    # python-okx (okxapi/python-okx, imported as ``okx``): ``okx.Funding.FundingAPI(api_key,
    # api_secret_key, passphrase, use_server_time, flag="1", ...)``, flag "1" = demo trading (the
    # default), "0" = live; ``withdrawal()`` POSTs asset/withdrawal, ``withdrawal_lightning()``
    # asset/withdrawal-lightning, ``funds_transfer()`` asset/transfer (the SDK's Funding.py).
    # Its other API classes (Account, Trade, ...) are known by import only.
    Sdk(
        "python-okx", venue="okx", module_heads=("okx",), client_classes=("FundingAPI",),
        positional_creds=("api_key", "api_secret_key", "passphrase"),
        cred_kwargs=("api_key", "api_secret_key", "passphrase"), sandbox_kwargs=("flag=1",), sandbox_default=True,
        fund_methods={"withdrawal": "withdraw", "withdrawal_lightning": "withdraw", "funds_transfer": "transfer"},
        distinctive=("withdrawal_lightning", "funds_transfer"),
        sandbox_advice='keep `flag="1"` (demo trading, the default) while testing',
    ),
    Sdk("krakenex", venue="kraken", module_heads=("krakenex",), tracked=False),
    # gate-api (gateio/gateapi-python): ``Configuration(host=..., key=..., secret=...)`` holds the
    # credentials, ``ApiClient(configuration)`` signs, and the API classes take the ApiClient:
    # ``WalletApi.transfer(Transfer(...))`` (between own accounts), ``transfer_with_sub_account``,
    # ``WithdrawalApi.withdraw(LedgerRecord(...))`` (POST /withdrawals).  The configuration is the
    # client BOT404 judges (a testnet ``host`` is its switch); the API objects are clients for BOT3.
    Sdk("gate-api", venue="gate", module_heads=("gate_api",),
        client_classes=("ApiClient", "WalletApi", "WithdrawalApi", "SpotApi", "FuturesApi", "DeliveryApi",
                        "MarginApi", "MarginUniApi", "UnifiedApi", "SubAccountApi", "AccountApi", "OptionsApi",
                        "EarnApi", "EarnUniApi", "FlashSwapApi", "CollateralLoanApi", "MultiCollateralLoanApi"),
        import_classes=("Configuration",), cred_kwargs=("key", "secret"), url_kwargs=("host",),
        fund_methods={"transfer_with_sub_account": "transfer"}, distinctive=("transfer_with_sub_account",),
        sandbox_advice="use the testnet `host` (fx-api-testnet.gateio.ws) while testing"),
    Sdk("hyperliquid-python-sdk", venue="hyperliquid", module_heads=("hyperliquid",), tracked=False),
)
