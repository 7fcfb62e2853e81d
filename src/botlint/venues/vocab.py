"""Words every family must agree on: which keys of an exchange client's config hold
credentials, which switch a sandbox on, which calls are HTTP requests.

One table each (BOT1, BOT2, BOT3 and BOT4 used to keep their own, with different contents).
"""
from __future__ import annotations

from typing import Dict, FrozenSet

# config keys / client attributes holding a credential -> role.  ccxt's ``requiredCredentials``
# (domain.md 1.5) plus the snake spellings native SDKs and bots use for the same values.
CREDENTIAL_KEYS: Dict[str, str] = {
    "apiKey": "key", "api_key": "key",
    "secret": "secret", "api_secret": "secret", "secretKey": "secret", "secret_key": "secret",
    "privateKey": "wallet", "private_key": "wallet",
    "password": "passphrase",
    "uid": "account", "login": "account",
    "twofa": "second factor",
    "token": "token",
}
CRED_KEYS: FrozenSet[str] = frozenset(CREDENTIAL_KEYS)
# the keys that alone make a client credentialed (a passphrase, login or uid never signs alone)
SIGNING_KEYS: FrozenSet[str] = frozenset(k for k, role in CREDENTIAL_KEYS.items()
                                         if role in ("key", "secret", "wallet", "token"))
# an API key/secret pair: a dict with one of these is an exchange client config
API_PAIR_KEYS: FrozenSet[str] = frozenset(k for k, role in CREDENTIAL_KEYS.items() if role in ("key", "secret"))

# config keys and calls that put a ccxt client on its sandbox/testnet/demo (domain.md 1.3)
SANDBOX_KEYS: FrozenSet[str] = frozenset({"sandbox", "testnet", "sandboxMode", "sandbox_mode", "demo",
                                          "demo_trading", "enableDemoTrading"})
SANDBOX_CALLS: FrozenSet[str] = frozenset({"set_sandbox_mode", "setSandboxMode", "enable_demo_trading",
                                           "enableDemoTrading", "set_demo_mode", "setDemoMode"})
# ``options.sandboxMode`` is a switch only here (bitget's ``set_sandbox_mode`` just sets it); other
# venues read it for signing or routing and keep production URLs (domain.md 1.3)
SANDBOX_MODE_VENUES: FrozenSet[str] = frozenset({"bitget"})
SANDBOX_MODE_KEYS: FrozenSet[str] = frozenset({"sandboxMode", "sandbox_mode"})
# request headers that put a venue's live host on its demo environment (okx's
# ``set_sandbox_mode`` adds ``x-simulated-trading: 1``, bitget's ``PAPTRADING: 1``; domain.md 1.3)
DEMO_HEADERS: FrozenSet[str] = frozenset({"x-simulated-trading", "paptrading"})
# keys of ccxt's ``urls`` that hold the test endpoints (``urls["api"] = urls["test"]``)
TEST_URL_KEYS: FrozenSet[str] = frozenset({"test", "demo", "sandbox"})

# HTTP request methods of requests/httpx/aiohttp/urllib (the verbs, and request/stream/urlopen)
HTTP_VERBS: FrozenSet[str] = frozenset({"get", "post", "put", "patch", "delete", "head", "options",
                                        "request", "urlopen", "Request", "stream"})
# ... plus the session/client/socket constructors and senders a TLS switch can be given to
HTTP_CALLS: FrozenSet[str] = HTTP_VERBS | frozenset({
    "send", "Session", "Client", "AsyncClient", "ClientSession", "ws_connect", "connect",
    "create_connection", "WebSocketApp", "fetch"})
HTTP_MODULES = ("requests", "httpx", "urllib3", "aiohttp", "urllib", "websocket", "websockets", "ccxt")
