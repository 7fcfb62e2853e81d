"""BOT3xx: code that moves funds out of (or around) an exchange account or a wallet.

Two checks walk the tree.  ``FundMovingCall`` finds exchange fund movers and reports each under
the code of its mechanism: unified ccxt/SDK withdrawals (BOT301) and transfers (BOT302), ccxt
implicit endpoints from the generated table (BOT303), raw REST paths in strings (BOT304), and the
same operations inside code that *implements* an exchange client (BOT306).  ``OnchainTransfer``
finds on-chain sends (BOT305); it shares nothing with the first but the pre-check.  The rules
(identity, docs, message ``TEMPLATE``) come first; the checks report by rule class.

Clients are recognised by the shared client tracker (``analysis.clients``), also when they are
built by a factory, ``getattr(ccxt, name)``, ``ccxt.__dict__[name]`` or a config dict built in
steps, stored on ``self`` in ``__init__`` and used in another method.  Fund movers are found
where the bot calls them, also when it hands them to a scheduler or a callback
(``schedule.every().day.do(ex.withdraw, ...)``, ``loop.run_in_executor(None, ex.withdraw, ...)``)
and when a private helper takes the method name or endpoint path as an argument
(``self._call("withdraw", ...)`` with ``getattr(self.exchange, method)(...)`` inside): the
finding is at the call that names the fund mover, once.

Implementer versus caller: a library that defines an exchange adapter (a class deriving from a
ccxt exchange, ``Exchange``/``ImplicitAPI``, a hummingbot ``ExchangePyBase``, or any class with
ccxt's ``describe``+``sign`` pair) necessarily contains the withdraw endpoint it wraps; that is a
different statement from a bot that calls it.  Such findings (calls on ``self``/``super()`` inside
the adapter class, endpoint strings in a module defining one) are reported as BOT306 at low
severity, never dropped: they show where a library can move funds, and ``--ignore BOT306`` (or a
per-file ignore) silences them for vendored exchange code.  Endpoint *tables* (dict keys of
ccxt's ``describe()['api']``, ``Entry(...)`` declarations) are not calls and are not reported.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Dict, List, Optional, Set, Tuple

import libcst as cst

from .. import venues
from ..analysis import clients, fund_paths, syntax
from ..analysis.imports import dotted
from ..analysis.literals import literal_str
from ..model import Confidence, Severity
from ..rule import Rule
from ._typed import TypedReports, reported_codes

from ..gates.bot3 import PRECHECK as _PRECHECK  # noqa: E402

_WHY_WITHDRAW = ("a trading bot's key needs read and trade permissions only; a key that can withdraw "
                 "turns a leaked key into an empty account")
_WHY_TRANSFER = ("a key allowed to transfer can move funds to sub-accounts or, on some venues, to "
                 "other users; a trading bot's key should not carry that permission")
_WHY_ONCHAIN = "an on-chain send is final: whoever holds the signing key can empty the wallet this way"
# an endpoint given by name (``Withdraw``, ``submit_transfer_to_subaccount``), not a path; and the
# spelling of ccxt's implicit API methods (``sapiPostCapitalWithdrawApply``)
_ENDPOINT_WORD = re.compile(r"^[A-Za-z][A-Za-z0-9_]{2,40}$")
_IMPLICIT_STYLE = re.compile(r"[a-z0-9](?:Get|Post|Put|Delete|Patch)[A-Z]")

_CATEGORY_TEXT = {"withdraw": "a withdrawal", "transfer": "a transfer between accounts",
                  "send": "a payment to another user or address",
                  "deposit": "a fiat deposit from a linked payment method",
                  "vault": "a vault funded from the account"}
_WHAT = {"withdraw": "withdraws funds", "transfer": "moves funds between accounts",
         "deposit": "pulls fiat from a linked payment method", "vault": "creates a vault funded from the account",
         "send": "sends funds"}
_ONCHAIN_SEND = {"send_transaction", "send_raw_transaction", "sendTransaction", "sendRawTransaction"}
_ONCHAIN_MODULES = ("web3", "eth_account", "solana", "solders", "spl", "anchorpy", "tronpy", "hexbytes")
_ONCHAIN_BUILD = {"transact", "build_transaction", "buildTransaction"}
_ERC20_MOVES = {"transfer", "transferFrom", "safeTransfer", "safeTransferFrom"}
_SOLANA_TRANSFER = re.compile(r"^(?:solders|solana|spl)\..*\.(?:transfer|transfer_checked)$")
_SKIP_CALLS = {"Entry"}
# the bot's own web routes (FastAPI/Flask/aiohttp/Starlette): a path registered here is served
# by the bot, never sent to an exchange (``@app.get("/api/withdrawals")``, ``router.add_get(...)``)
_ROUTE_DECORATORS = frozenset({"get", "post", "put", "delete", "patch", "head", "options", "route",
                               "api_route", "websocket", "view"})
_ROUTE_REGISTRARS = frozenset({"add_url_rule", "add_get", "add_post", "add_put", "add_delete", "add_patch",
                               "add_head", "add_route", "add_api_route", "add_websocket_route",
                               "add_api_websocket_route", "add_view"})
_HTTP_VERBS = frozenset({"GET", "POST", "PUT", "DELETE", "PATCH"})
# getattr(ex, "privatePost" + coin + "Withdrawal"): a write verb and a fund word in the literal parts
_DYNAMIC_VERB = re.compile(r"(?:^|[a-z_])(?:[Pp]ost|[Pp]ut)(?:[A-Z_]|$)")
_WORDISH = re.compile(r"\w+")
_DYNAMIC_FUND = re.compile(r"(?i)withdraw|transfer")


def _why(category: str) -> str:
    return _WHY_WITHDRAW if category == "withdraw" else _WHY_TRANSFER


def _receiver_text(node: Optional[cst.CSTNode]) -> str:
    k = syntax.key_of(node)
    if k:
        return k.replace("[]", "[...]")
    last = syntax.last_identifier(node)
    return f"{last}(...)" if last else "<client>"


def _receiver_name(node: Optional[cst.CSTNode]) -> Optional[str]:
    """The name a receiver goes by: its last identifier, or the literal key of a subscript
    (``context.bot_data["exchange"]``, ``self.clients["binance"]``)."""
    node = syntax.unwrap(node)
    if isinstance(node, cst.Subscript) and len(node.slice) == 1 and isinstance(node.slice[0].slice, cst.Index):
        key = literal_str(node.slice[0].slice.value)
        if key and _WORDISH.fullmatch(key):
            return key
    return syntax.last_identifier(node)


def _exchanges_text(exchanges) -> str:
    """binance, binanceus, binanceusdm -> binance: a family is named by its shortest id."""
    exs = sorted(exchanges)
    exs = [e for e in exs if not any(o != e and e.startswith(o) for o in exs)]
    if not exs:
        return ""
    if len(exs) > 4:
        return ", ".join(exs[:4]) + f" and {len(exs) - 4} more"
    return ", ".join(exs)


# -- the rules: identity, docs, examples, message templates ---------------------------------------

class TransferCall(Rule):
    """## What it does
    Finds calls that move funds between accounts: ccxt's unified `transfer()`,
    `futures_transfer`, `transfer_in`/`transfer_out`, kucoin's `transfer_classic`/`transfer_uta`,
    cex's sub-account transfers (both spellings), coinbase `deposit` and hyperliquid
    `create_vault` on known ccxt clients, and the SDK equivalents (python-binance
    `universal_transfer`, `futures_account_transfer`, `make_subaccount_*_transfer`; pybit
    `create_internal_transfer`/`create_universal_transfer`; coinbase-advanced-py
    `move_portfolio_funds`; python-okx `FundingAPI.funds_transfer`; kucoin-python
    `inner_transfer`/`transfer_master_sub`/`flex_transfer`; gate-api `WalletApi.transfer`).

    ## Why is this bad?
    A transfer permission lets a key move funds to sub-accounts, and on several venues to other
    users' accounts; combined with a sub-account the attacker controls it is a withdrawal by
    another name.  A trading bot does not need it.

    ## Example
    ```python
    exchange = ccxt.bybit({"apiKey": key, "secret": secret})
    exchange.transfer("USDT", 500, "spot", "funding")
    ```

    ## Use instead
    ```python
    # keep transfers out of the trading key's permissions and do them by hand
    balance = exchange.fetch_balance()
    ```

    ## Known problems
    Transfers between one's own spot and futures wallets are less dangerous than sub-account
    or user-to-user transfers; the rule does not look at the arguments.  `deposit` and
    `create_vault` are only reported on receivers known to be ccxt clients.

    ## References
    - [CWE-749: Exposed Dangerous Method or Function](https://cwe.mitre.org/data/definitions/749.html)
    - [ccxt: transfer](https://docs.ccxt.com/#/README?id=transfers)
    """

    CODE = "BOT302"
    IN_TESTS = "lower"  # a fund mover in a test is kept, one severity lower
    NAME = "transfer-call"
    SEVERITY = Severity.MEDIUM
    CONFIDENCE = Confidence.HIGH
    CWE = 749
    MESSAGE = "Transfer between exchange accounts in bot code"
    TEMPLATE = "`{receiver}.{method}()` {what}{on} ({label}){via}: {why}"
    VALID = ('import ccxt\nex = ccxt.bybit()\nex.fetch_transfers("USDT")\n',
             'def transfer(a, b):\n    return a + b\ntransfer(1, 2)\n')
    INVALID = ('import ccxt\nex = ccxt.bybit({"apiKey": k, "secret": s})\nex.transfer("USDT", 5, "spot", "swap")\n',
               'from pybit.unified_trading import HTTP\ns = HTTP(api_key=k, api_secret=s2)\n'
               's.create_internal_transfer(transferId=i, coin="USDT", amount="1", fromAccountType="UNIFIED", '
               'toAccountType="FUND")\n')


class ImplicitFundEndpoint(Rule):
    """## What it does
    Finds calls of ccxt implicit API methods whose endpoint withdraws, transfers or sends
    funds (`sapi_post_capital_withdraw_apply`, `privatePostAssetV3PrivateTransferInterTransfer`,
    `v2PrivatePostAccountsAccountIdTransactions`, ...), in both of ccxt's spellings, also through
    `getattr(exchange, "sapiPostCapitalWithdrawApply")` and the generic
    `exchange.request("capital/withdraw/apply", "sapi", "POST")`.  The list is generated from
    ccxt's own endpoint tables for a pinned release (`scripts/gen_ccxt_tables.py`).

    ## Why is this bad?
    Implicit methods bypass the unified API but need the same key permissions: a bot that calls
    a withdrawal endpoint runs with a key that can withdraw.

    ## Example
    ```python
    exchange.sapi_post_capital_withdraw_apply({"coin": "USDT", "address": addr, "amount": 50})
    ```

    ## Use instead
    ```python
    # no withdrawal endpoints in the bot; verify instead that the key cannot withdraw
    restrictions = exchange.sapi_get_account_apirestrictions()
    assert not restrictions["enableWithdrawals"]
    ```

    ## Known problems
    Venues that route every signed action through one endpoint (hyperliquid `exchange`,
    bullish `v2/command`, lighter `sendTx`) cannot be classified by name and are not
    reported.  A name that is fund-moving on one exchange and a read on another (deribit acts
    over GET) is skipped when the client's exchange is known to be the other.

    ## References
    - [CWE-749: Exposed Dangerous Method or Function](https://cwe.mitre.org/data/definitions/749.html)
    - [ccxt: implicit API methods](https://docs.ccxt.com/#/README?id=implicit-api-methods)
    """

    CODE = "BOT303"
    IN_TESTS = "lower"  # a fund mover in a test is kept, one severity lower
    NAME = "implicit-fund-endpoint"
    SEVERITY = Severity.HIGH
    CONFIDENCE = Confidence.HIGH
    CWE = 749
    MESSAGE = "Implicit ccxt API call to a withdraw/transfer endpoint"
    TEMPLATE = {
        "method": ("`{receiver}.{method}()` calls the {exchanges} endpoint {endpoint} (ccxt implicit API){via}, "
                   "{category}: {why}"),
        "request": ("`{receiver}.request('{path}', ...)` calls the {exchanges} endpoint {endpoint}{via}, "
                    "{category}: {why}"),
        "dynamic": "`{shown}` on `{receiver}` picks a ccxt implicit {kind} endpoint at run time, {category}: {why}",
    }
    VALID = ('import ccxt\nex = ccxt.binance()\nex.sapi_get_capital_withdraw_history()\n',
             'import ccxt\nex = ccxt.binance()\nex.request("capital/withdraw/history", "sapi", "GET")\n')
    INVALID = ('import ccxt\nex = ccxt.binance({"apiKey": k, "secret": s})\n'
               'ex.sapi_post_capital_withdraw_apply({"coin": "USDT", "amount": 5, "address": a})\n',
               'ex.privatePostAssetV3PrivateTransferInterTransfer(params)\n',
               'import ccxt\nex = ccxt.binance()\nex.request("capital/withdraw/apply", "sapi", "POST", params)\n',
               'fn = getattr(exchange, "privatePostWithdraw")\n')


class RawFundEndpoint(Rule):
    """## What it does
    Finds string literals and f-strings that hold a withdraw, transfer or send REST path or
    URL of an exchange: `"https://api.binance.com/sapi/v1/capital/withdraw/apply"`,
    `f"{BASE}/api/v5/asset/withdrawal"`, `"/v5/asset/transfer/inter-transfer"`.  Paths come from
    the URLs ccxt's own request signer builds for every fund-moving endpoint, plus legacy paths
    of the major venues that ccxt no longer lists.

    ## Why is this bad?
    A hand-rolled request to a withdrawal endpoint is a withdrawal: the key that signs it must
    allow withdrawals, and it escapes reviews that only look for ccxt's `withdraw()`.

    ## Example
    ```python
    requests.post("https://api.bybit.com/v5/asset/withdraw/create", headers=signed, json=body)
    ```

    ## Use instead
    ```python
    # no withdrawal endpoints in the bot; query the key's permissions instead
    requests.get("https://api.bybit.com/v5/user/query-api", headers=signed)
    ```

    ## Known problems
    A bare relative path needs at least two segments that end like a known endpoint (and two
    words of it, not a placeholder); full URLs must be on an exchange host.  Docstrings,
    comments and dict keys (endpoint rate-limit tables) are not reported, nor are the bot's own
    web routes (`@app.get("/withdrawals")`, `app.add_url_rule`, `router.add_get`), nor a path
    sent only with a verb its endpoint does not move funds with (a GET of coinbase's
    `accounts/{id}/withdrawals` lists them).  Paths built piece by piece at run time are missed.

    ## References
    - [CWE-749: Exposed Dangerous Method or Function](https://cwe.mitre.org/data/definitions/749.html)
    - [Binance: Withdraw](https://developers.binance.com/docs/wallet/capital/withdraw)
    """

    CODE = "BOT304"
    IN_TESTS = "lower"  # a fund mover in a test is kept, one severity lower
    NAME = "raw-fund-endpoint"
    SEVERITY = Severity.MEDIUM
    CONFIDENCE = Confidence.MEDIUM
    CWE = 749
    MESSAGE = "Withdraw/transfer REST endpoint in a string"
    TEMPLATE = "string holds the {exchanges} {kind} endpoint `{path}`{where}: {category} over raw REST; {why}"
    VALID = ('URL = "https://api.binance.com/sapi/v1/capital/withdraw/history"\n',
             'LIMITS = {"capital/withdraw/apply": 4}\n',
             'TRANSFERABLE = "v5/account/withdrawal"\n')
    INVALID = ('import requests\nrequests.post("https://api.binance.com/sapi/v1/capital/withdraw/apply", data=d)\n',
               'URL = f"{BASE_URL}/api/v5/asset/withdrawal"\n',
               'PATH = "/v5/asset/transfer/inter-transfer"\n')


class FundEndpointImplementation(Rule):
    """## What it does
    Reports fund-moving operations inside code that *implements* an exchange client rather
    than calls one: a class deriving from a ccxt exchange, ccxt's `Exchange`/`ImplicitAPI`, a
    hummingbot-style `ExchangePyBase`/`*Exchange`/`*Derivative` base, or any class with ccxt's
    `describe()` + `sign()` pair, calling its own withdraw/transfer methods or endpoints
    (`self.sapiPostCapitalWithdrawApply(...)`, `self.transfer_uta(...)`), and withdraw/transfer
    REST paths in a module that defines such a class.

    ## Why is this bad?
    It is not a bug: an exchange library must implement withdrawals.  It is reported, at low
    severity, so that vendored or forked exchange code in a bot repository is visible: any
    code path reaching it needs a key with withdraw or transfer permission.

    ## Example
    ```python
    class mybinance(ccxt.binance):
        def sweep(self, code, amount, address):
            return self.sapiPostCapitalWithdrawApply({"coin": code, "amount": amount, "address": address})
    ```

    ## Use instead
    ```python
    # in a bot, do not wrap or extend exchange withdrawals; in a library, ignore this code:
    # [tool.botlint] per-file-ignores = {"mylib/exchanges/*" = ["BOT306"]}
    ```

    ## Known problems
    The adapter is recognised by its bases and methods in the same file; an adapter whose base
    class is defined elsewhere under an unusual name is judged as a caller (BOT301-BOT304).

    ## References
    - [CWE-749: Exposed Dangerous Method or Function](https://cwe.mitre.org/data/definitions/749.html)
    """

    CODE = "BOT306"
    IN_TESTS = "lower"  # a fund mover in a test is kept, one severity lower
    NAME = "fund-endpoint-implementation"
    SEVERITY = Severity.LOW
    CONFIDENCE = Confidence.MEDIUM
    CWE = 749
    MESSAGE = "Withdraw/transfer implemented in an exchange adapter"
    TEMPLATE = ("exchange implementation: {what} is {category}{where} implemented in this adapter{desc}; bots that "
                "call it need a key with that permission")
    VALID = ('import ccxt\nclass Bot:\n    def withdraw(self):\n        pass\n'
             '    def run(self):\n        self.withdraw()\n',)
    INVALID = ('from ccxt.base.exchange import Exchange\nclass myex(Exchange):\n'
               '    def withdraw(self, code, amount, address):\n'
               '        return self.privatePostWithdraw({"currency": code})\n',)


# -- the checks: on-chain sends, then exchange fund movers ------------------------------------------


class OnchainTransfer(TypedReports, Rule):
    """## What it does
    Finds on-chain sends: web3.py `w3.eth.send_transaction(...)` and
    `send_raw_transaction(...)`, ERC-20 `contract.functions.transfer(...).transact()` /
    `.build_transaction()` (also `transferFrom`), and Solana transfers built with
    `solders`/`solana` `system_program.transfer` or `spl.token` `transfer(_checked)`.

    ## Why is this bad?
    A bot that signs and broadcasts transactions holds a hot wallet key that can send anything
    the wallet owns; a transfer cannot be reversed.  Such code deserves a review of where the
    destination comes from and where the key lives.

    ## Example
    ```python
    tx = usdt.functions.transfer(to, amount).build_transaction({"from": acct.address, "nonce": n})
    w3.eth.send_raw_transaction(acct.sign_transaction(tx).raw_transaction)
    ```

    ## Use instead
    ```python
    # trade through the venue's contract with a key limited to trading (an approved agent key),
    # keep the funds in a wallet whose key the bot never holds
    ```

    ## Known problems
    A broadcast (`send_raw_transaction`) is reported whatever the transaction does: placing
    an order on a DEX is also a signed send.  Sends in modules that import no chain library
    are reported only when the receiver is named like one (`w3.eth`, `web3`).

    ## References
    - [CWE-749: Exposed Dangerous Method or Function](https://cwe.mitre.org/data/definitions/749.html)
    - [web3.py: sending transactions](https://web3py.readthedocs.io/en/stable/transactions.html)
    """

    CODE = "BOT305"
    IN_TESTS = "lower"  # a fund mover in a test is kept, one severity lower
    NAME = "onchain-transfer"
    SEVERITY = Severity.HIGH
    CONFIDENCE = Confidence.MEDIUM
    CWE = 749
    MESSAGE = "On-chain send from the bot's wallet"
    PRECHECK = _PRECHECK
    TEMPLATE = {
        "send": ("on-chain send: `{receiver}.{method}()` broadcasts a transaction signed with the bot's wallet key; "
                 "{why}"),
        "erc20": "on-chain token transfer: `{contract}.functions.{fn}(...).{method}()` moves ERC-20 tokens out of the "
                 "bot's wallet; {why}",
        "solana": "on-chain send: `{fn}()` ({lib}) builds a Solana transfer from the bot's wallet; {why}",
    }
    VALID = ('from web3 import Web3\nw3 = Web3()\nbal = token.functions.balanceOf(addr).call()\n',
             'import web3\ntx = contract.functions.transfer(to, 1).call()\n')
    INVALID = ('from web3 import Web3\nw3 = Web3()\nw3.eth.send_raw_transaction(signed.raw_transaction)\n',
               'from web3 import Web3\ntx = usdt.functions.transfer(to, amt).build_transaction({"nonce": n})\n',
               'from solders.system_program import transfer, TransferParams\n'
               'ix = transfer(TransferParams(from_pubkey=a, to_pubkey=b, lamports=1))\n')

    # -- the check: sends, token transfers and Solana transfers; nothing shared with the
    # exchange fund movers but the pre-check.  A Solana transfer instruction put into a
    # transaction the same function sends (``ix = transfer(TransferParams(...))``,
    # ``client.send_transaction(Transaction([kp], Message([ix]), ...))``) is one fund movement:
    # reported once, at the send.  The instruction waits for the end of its function
    # (``_frames``) and is dropped when a send of that function takes a name it was bound to.
    def __init__(self, ctx) -> None:
        super().__init__(ctx)
        self._frames: List[List[_Build]] = [[]]
        self._targets: List[Set[str]] = []  # the names of the assignments being visited

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        self._frames.append([])

    def leave_FunctionDef(self, original_node: cst.FunctionDef) -> None:
        self._flush(self._frames.pop())

    def leave_Module(self, original_node: cst.Module) -> None:
        while self._frames:
            self._flush(self._frames.pop())

    def visit_Assign(self, node: cst.Assign) -> None:
        self._targets.append({t.target.value for t in node.targets if isinstance(t.target, cst.Name)})

    def leave_Assign(self, original_node: cst.Assign) -> None:
        targets = self._targets.pop()
        if targets and self._frames[-1]:
            used = _names_in(original_node.value)
            for b in self._frames[-1]:
                if b.names & used:  # signed = acct.sign_transaction(tx): signed carries it too
                    b.names.update(targets)

    def _flush(self, frame: List["_Build"]) -> None:
        for b in frame:
            if not b.sent:
                self.report_as(OnchainTransfer, b.node, **b.kw)

    def _build(self, node: cst.Call, **kw: Any) -> None:
        self._frames[-1].append(_Build(node, kw, set(self._targets[-1]) if self._targets else set()))

    def _onchain_imports(self) -> bool:
        return any(self.ctx.imports.imports_module(m) for m in _ONCHAIN_MODULES)

    def visit_Call(self, node: cst.Call) -> None:
        func = node.func
        if isinstance(func, cst.Name):
            self._solana(node)
            return
        if not isinstance(func, cst.Attribute):
            return
        meth = func.attr.value
        if meth in _ONCHAIN_SEND:
            self._onchain_send(node, func.value, meth)
        elif meth in _ONCHAIN_BUILD:
            self._erc20(node, func.value, meth)
        elif meth in ("transfer", "transfer_checked"):
            self._solana(node)

    def _onchain_send(self, node: cst.Call, recv: cst.CSTNode, meth: str) -> None:
        chain = (syntax.key_of(recv) or "").lower()
        if not (self._onchain_imports() or any(p in ("eth", "w3") or "web3" in p or p.startswith("solana")
                                               for p in chain.split(".") if _WORDISH.fullmatch(p))):
            return
        used = _names_in(node)
        built = [b for b in self._frames[-1] if not b.sent and b.names & used]
        why = _WHY_ONCHAIN
        for b in built:
            b.sent = True
        if built:  # the transfer it broadcasts was built here: said once, at the send
            why = f"it sends the transfer built with `{built[0].kw['fn']}()`; " + _WHY_ONCHAIN
        self.report_as(OnchainTransfer, node, variant="send", receiver=_receiver_text(recv), method=meth,
                       why=why, severity=Severity.HIGH if built else Severity.MEDIUM,
                       confidence=Confidence.HIGH if built else Confidence.MEDIUM)

    def _erc20(self, node: cst.Call, recv: cst.CSTNode, meth: str) -> None:
        # contract.functions.transfer(to, amount).transact() / .build_transaction({...})
        inner = syntax.unwrap(recv)
        if not (isinstance(inner, cst.Call) and isinstance(inner.func, cst.Attribute)):
            return
        fn = inner.func.attr.value
        owner = inner.func.value
        if fn not in _ERC20_MOVES or not (isinstance(owner, cst.Attribute) and owner.attr.value == "functions"):
            return
        # (a token transfer is its own finding even when the same function sends it: the
        # contract call names the destination and the amount, a reviewer's line of its own)
        self.report_as(OnchainTransfer, node, variant="erc20", contract=_receiver_text(owner.value), fn=fn,
                       method=meth, why=_WHY_ONCHAIN, severity=Severity.HIGH, confidence=Confidence.HIGH)

    def _solana(self, node: cst.Call) -> None:
        name = self.ctx.imports.resolve(node.func) or ""
        if not _SOLANA_TRANSFER.match(name):
            return
        self._build(node, variant="solana", fn=name.rsplit(".", 1)[-1], lib=name.split(".")[0],
                    why=_WHY_ONCHAIN, severity=Severity.HIGH, confidence=Confidence.HIGH)


@dataclass
class _Build:
    """A token or Solana transfer built, not yet sent (``OnchainTransfer._frames``)."""

    node: cst.Call
    kw: Dict[str, Any]
    names: Set[str]  # the names its transaction is bound to
    sent: bool = False


def _names_in(node: cst.CSTNode, depth: int = 0) -> Set[str]:
    """The plain names an expression reads (a few levels deep: arguments of a send)."""
    out: Set[str] = set()
    if depth > 12:
        return out
    if isinstance(node, cst.Name):
        out.add(node.value)
        return out
    for child in node.children:
        out |= _names_in(child, depth + 1)
    return out


@dataclass(frozen=True)
class _Call:
    """A call of a possible fund mover, judged at the end of the module (clients resolved)."""

    node: cst.CSTNode
    receiver: Optional[cst.CSTNode]
    method: str
    in_impl: bool
    is_self: bool
    via: str = ""  # " through `helper(...)`" when a helper was given the method name


class FundMovingCall(TypedReports, syntax.StringVisits, Rule):
    """## What it does
    Finds calls that withdraw funds from an exchange account: ccxt's unified `withdraw()`
    (`withdraw_ws`, `withdrawWs`, `withdraw_request`) on a ccxt client, and the withdraw methods
    of native SDKs (python-binance `Client.withdraw`, pybit `HTTP.withdraw`, binance-connector,
    python-okx `FundingAPI.withdrawal`/`withdrawal_lightning`, kucoin-python
    `User.apply_withdrawal`, python-kucoin `Client.create_withdrawal`, gate-api
    `WithdrawalApi.withdraw`).
    Also `getattr(exchange, "withdraw")`.  A receiver counts as a client when it was built by
    `ccxt.<id>(...)`, `ccxt.async_support`/`ccxt.pro`, `getattr(ccxt, name)(...)`, an SDK
    constructor or a factory function returning one (also one of another module of the project),
    is stored on `self`, is a parameter annotated `ccxt.Exchange`, or is a connector a hummingbot
    strategy takes from `self.connectors[name]`; when nothing better is known, a name such as `exchange`,
    `self.ex`, `binance` or `context.bot_data["exchange"]` is enough, at lower confidence.
    Also a withdraw method handed to a scheduler or callback (`schedule.every().day.do(ex.withdraw,
    ...)`) or referenced uncalled (`ACTIONS = {"withdraw": ex.withdraw}`, `fn = ex.withdraw`), and
    a private helper given the method name (`self._call("withdraw", ...)` where the helper does
    `getattr(self.exchange, method)(...)`): reported where it is named, once.

    ## Why is this bad?
    A trading bot needs read and trade permissions, never withdraw.  If the bot withdraws,
    its key must allow withdrawals, and that key, once leaked (a log line, a committed config,
    a compromised VPS), empties the account.  Keep withdrawals out of the bot, or in a separate
    tool with its own IP-whitelisted key.

    ## Example
    ```python
    import ccxt, os
    exchange = ccxt.binance({"apiKey": os.environ["KEY"], "secret": os.environ["SECRET"]})
    exchange.withdraw("USDT", 100, "0xabc...")
    ```

    ## Use instead
    ```python
    # no withdrawals from the trading process: move profits by hand, or with a separate,
    # IP-whitelisted key that the bot never sees
    exchange.create_order("BTC/USDT", "limit", "sell", 0.01, 70000)
    ```

    ## Known problems
    Receivers recognised only by name (`exchange`, `client`, `api` when the module imports an
    exchange SDK) are reported at medium or low confidence; SDK fund movers named so that no
    other API uses the name (pybit `create_internal_transfer`, python-binance
    `universal_transfer`, the venue registry's `Sdk.distinctive`) on any receiver, at medium.  Read-only look-ups
    (`fetch_withdrawals`, `fetch_deposit_address`, withdrawal fees) are not reported, nor is
    a method of the same name on something that is not a client (`pool.withdraw_liquidity()`).
    Findings in tests are kept at a lower severity.

    ## References
    - [CWE-749: Exposed Dangerous Method or Function](https://cwe.mitre.org/data/definitions/749.html)
    - [ccxt: withdraw](https://docs.ccxt.com/#/README?id=withdraw)
    - [Binance: API key restrictions](https://www.binance.com/en/support/faq/360002502072)
    """

    CODE = "BOT301"
    IN_TESTS = "lower"  # a fund mover in a test is kept, one severity lower
    NAME = "withdraw-call"
    SEVERITY = Severity.HIGH
    CONFIDENCE = Confidence.HIGH
    CWE = 749
    MESSAGE = "Withdrawal from an exchange account in bot code"
    TEMPLATE = "`{receiver}.{method}()` {what}{on} ({label}){via}: {why}"
    PRECHECK = _PRECHECK
    ANALYSES = ("clients",)
    REPORTS = reported_codes(TransferCall, ImplicitFundEndpoint, RawFundEndpoint, FundEndpointImplementation)
    VALID = (
        'import ccxt\nex = ccxt.binance()\nex.fetch_withdrawals("USDT")\nex.fetch_deposit_address("USDT")\n',
        'class Pool:\n    def withdraw_liquidity(self, amount):\n        pass\n\n'
        'pool = Pool()\npool.withdraw_liquidity(1)\n',
        '"""Call exchange.withdraw() by hand, never from the bot."""\n# exchange.withdraw("BTC", 1, addr)\n',
    )
    INVALID = (
        'import ccxt, os\nex = ccxt.kraken({"apiKey": os.environ["K"], "secret": os.environ["S"]})\n'
        'ex.withdraw("BTC", 0.5, "bc1qxyz")\n',
        'import ccxt.async_support as ccxt\n\nasync def sweep(exchange: ccxt.Exchange, addr):\n'
        '    await exchange.withdraw("USDT", 100, addr)\n',
        'from binance.client import Client\nclient = Client(key, secret)\n'
        'client.withdraw(coin="USDT", address=a, amount=5)\n',
    )

    def __init__(self, ctx) -> None:
        super().__init__(ctx)
        self.t = clients.ClientTracker.shared(ctx)
        self.calls: List[_Call] = []
        # (string node, hit, host, in an adapter class)
        self.strings: List[Tuple[cst.CSTNode, fund_paths.PathHit, Optional[str], bool]] = []
        self.skip: Set[int] = set()
        self._generic_ok: Optional[bool] = None
        self.str_exprs: Dict[str, cst.CSTNode] = {}
        # the HTTP verbs of the calls each string (by id) or name is handed to: a GET of a path
        # whose fund-moving verb is POST is a read (coinbase lists withdrawals with GET)
        self.verbs: Dict[object, Set[str]] = {}
        self.bound_strings: Dict[int, str] = {}  # string id -> the name it is assigned to

    # -- walk events (the shared client tracker has already seen each node) -------------------
    def visit_Assign(self, node: cst.Assign) -> None:
        # name = 'privatePost' + coin + 'Withdrawal' (for getattr(self, name) below)
        if len(node.targets) == 1 and isinstance(node.targets[0].target, cst.Name) and isinstance(
                node.value, (cst.BinaryOperation, cst.FormattedString, cst.SimpleString)):
            self.str_exprs[node.targets[0].target.value] = node.value
        if len(node.targets) == 1:
            target = syntax.key_of(node.targets[0].target)
            if target:
                for string in self._strings_in(node.value):
                    self.bound_strings[id(string)] = target
        self._referenced(node.value)  # fn = ex.withdraw

    # -- the bot's own web routes, and the verb a path is sent with -------------------------
    def visit_Decorator(self, node: cst.Decorator) -> None:
        d = node.decorator
        if isinstance(d, cst.Call) and isinstance(d.func, cst.Attribute) and d.func.attr.value in _ROUTE_DECORATORS:
            for a in d.args:
                self.skip.update(id(x) for x in self._strings_in(a.value))

    def _strings_in(self, value: Optional[cst.CSTNode], names: bool = False) -> List[cst.CSTNode]:
        """The string nodes a value is built from: itself, ``+`` and ``%`` operands, the
        arguments of a call (``urljoin(BASE, path)``); with ``names``, the names too."""
        out: List[cst.CSTNode] = []
        stack = [value]
        while stack and len(out) < 32:
            node = syntax.unwrap(stack.pop())
            if isinstance(node, (cst.SimpleString, cst.FormattedString, cst.ConcatenatedString)):
                out.append(node)
            elif names and isinstance(node, (cst.Name, cst.Attribute)):
                out.append(node)
            elif isinstance(node, cst.BinaryOperation):
                stack.extend((node.left, node.right))
            elif isinstance(node, cst.Call):
                stack.extend(a.value for a in node.args)
        return out

    def _verb_of(self, node: cst.Call) -> Optional[str]:
        """The HTTP verb of a request call: the method's name (``session.get``), a literal verb
        among the first arguments (``self._request("GET", path)``) or ``method="GET"``."""
        func = node.func
        if isinstance(func, cst.Attribute) and func.attr.value.upper() in _HTTP_VERBS:
            return func.attr.value.upper()
        for i, a in enumerate(node.args):
            if a.keyword is not None and a.keyword.value not in ("method", "verb", "http_method"):
                continue
            if a.keyword is None and i > 2:
                break
            text = literal_str(a.value)
            if text and text.upper() in _HTTP_VERBS:
                return text.upper()
        return None

    def _note_verb(self, node: cst.Call) -> None:
        verb = self._verb_of(node)
        if verb is None:
            return
        for a in node.args:
            for string in self._strings_in(a.value, names=True):
                k = syntax.key_of(string) if isinstance(string, (cst.Name, cst.Attribute)) else None
                self.verbs.setdefault(k or id(string), set()).add(verb)

    def _read_only_use(self, node: cst.CSTNode, hit: fund_paths.PathHit) -> bool:
        """Is a fund path only ever sent with a verb its fund-moving endpoint does not use (a
        GET of coinbase's withdrawals lists them)?  Unknown use: no."""
        used = set(self.verbs.get(id(node), ()))
        name = self.bound_strings.get(id(node))
        if name:
            used |= self.verbs.get(name, set())
        moving = fund_paths.path_verbs(hit)
        return bool(used) and bool(moving) and not used & moving

    # -- strings that are not code (docstrings, bare strings, dict keys) ---------------------
    def visit_Expr(self, node: cst.Expr) -> None:
        if isinstance(node.value, (cst.SimpleString, cst.ConcatenatedString, cst.FormattedString)):
            self.skip.add(id(node.value))

    # -- calls -----------------------------------------------------------------------------
    def visit_Call(self, node: cst.Call) -> None:
        self._handed_over(node)
        self._note_verb(node)
        func = node.func
        if isinstance(func, cst.Attribute) and func.attr.value in _ROUTE_REGISTRARS:
            for a in node.args:  # app.add_url_rule("/withdrawals", ...), router.add_get(...)
                self.skip.update(id(x) for x in self._strings_in(a.value) if a.keyword is None or a.keyword.value
                                 in ("rule", "path"))
        if isinstance(func, cst.Subscript):  # Entry[_Dict](...)
            func = func.value
        if isinstance(func, cst.Name):
            name = func.value
            if name in _SKIP_CALLS:
                for a in node.args:
                    self.skip.add(id(a.value))
                return
            if name == "getattr" and len(node.args) >= 2:
                meth = self._literal_name(node.args[1].value)
                if meth:
                    self._method(node, node.args[0].value, meth)
                else:
                    self._dynamic_getattr(node, node.args[0].value, node.args[1].value)
            return
        if not isinstance(func, cst.Attribute):
            return
        meth = func.attr.value
        recv = func.value
        if meth in ("request", "fetch2") and node.args:
            self._request(node, recv)
            return
        if meth in _ONCHAIN_SEND or meth in _ONCHAIN_BUILD:
            return  # OnchainTransfer's
        if self._named_endpoint(node, meth):
            return
        self._method(node, recv, meth)

    def _named_endpoint(self, node: cst.Call, meth: str) -> bool:
        """``k.query_private("Withdraw", {...})``: a REST signing helper (krakenex's, or a bot's
        own ``private()``) given a fund-moving endpoint by name; the path is built inside it."""
        if not fund_paths.PRIVATE_CALLER.match(meth) or not node.args or node.args[0].keyword is not None:
            return False
        name = literal_str(node.args[0].value)
        if not name or not _ENDPOINT_WORD.match(name) or _IMPLICIT_STYLE.search(name):
            return False  # a path is the raw-string rule's; privatePostWithdraw is ccxt's implicit API (BOT303)
        category = fund_paths.fund_endpoint(name)
        if category is None:
            return False
        self.skip.add(id(node.args[0].value))
        if self.t.in_impl_class:
            self._report_impl(node, f"the endpoint `{name}`", "", category, ())
            return True
        venue = next((sdk.venue for head in ("krakenex", "pykrakenapi") if self.ctx.imports.imports_module(head)
                      for sdk in venues.sdk_by_head(head) if sdk.venue), None)
        self.report_as(RawFundEndpoint, node, exchanges=venue or "exchange", kind=category, path=name,
                       where=f" given to {meth}()", category=_CATEGORY_TEXT.get(category), why=_why(category),
                       severity=self._fund_sev(category), confidence=Confidence.MEDIUM)
        return True

    def _handed_over(self, node: cst.Call) -> None:
        """A fund mover passed uncalled to a scheduler, executor or callback registry
        (``schedule.every().day.do(ex.withdraw, ...)``, ``run_in_executor(None, ex.withdraw, ...)``,
        ``partial(ex.transfer, ...)``): judged as a call where it is handed over."""
        for a in node.args:
            v = a.value
            if isinstance(v, cst.Attribute) and not isinstance(v.value, cst.Call):
                self._method(v, v.value, v.attr.value)

    # a fund mover referenced without a call (``ACTIONS = {"withdraw": ex.withdraw}``, ``jobs =
    # [ex.withdraw]``, ``fn = ex.transfer``, ``return self.exchange.withdraw``): judged as a call
    # where it is referenced, since whoever calls the reference moves the funds
    def visit_DictElement(self, node: cst.DictElement) -> None:
        self.skip.add(id(node.key))
        self._referenced(node.value)

    def visit_Element(self, node: cst.Element) -> None:
        self._referenced(node.value)

    def visit_Return(self, node: cst.Return) -> None:
        self._referenced(node.value)

    def visit_AnnAssign(self, node: cst.AnnAssign) -> None:
        self._referenced(node.value)

    def _referenced(self, value: Optional[cst.CSTNode]) -> None:
        v = syntax.unwrap(value)
        if isinstance(v, cst.Attribute) and not isinstance(v.value, cst.Call):
            self._method(v, v.value, v.attr.value)

    def _literal_name(self, expr: cst.CSTNode) -> Optional[str]:
        """The literal an attribute name is: ``"withdraw"``, ``f"withdraw"`` (no expression), a
        name bound to one (``ACTION = "withdraw"; getattr(ex, ACTION)``)."""
        if isinstance(expr, cst.Name) and self.t.param_index(expr) is None:  # not a parameter here
            expr = self.str_exprs.get(expr.value, expr)
        text = literal_str(expr)
        if text is None and isinstance(expr, cst.FormattedString) and all(
                isinstance(p, cst.FormattedStringText) for p in expr.parts):
            text = syntax.string_text(expr)
        return text if text and _WORDISH.fullmatch(text) else None

    def _dynamic_getattr(self, node: cst.Call, recv: cst.CSTNode, name_expr: cst.CSTNode) -> None:
        """getattr(self, 'privatePost' + method + 'Withdrawal'): an implicit endpoint built at run time."""
        parts: List[str] = []
        if isinstance(name_expr, cst.Name):
            name_expr = self.str_exprs.get(name_expr.value, name_expr)
        stack = [name_expr]
        while stack:
            n = stack.pop()
            if isinstance(n, cst.BinaryOperation) and isinstance(n.operator, cst.Add):
                stack.extend((n.right, n.left))
            elif isinstance(n, (cst.SimpleString, cst.FormattedString, cst.ConcatenatedString)):
                parts.append(syntax.string_text(n) or "")
        text = "".join(parts)
        if not (_DYNAMIC_VERB.search(text) and _DYNAMIC_FUND.search(text)):
            return
        category = "withdraw" if "withdraw" in text.lower() else "transfer"
        shown = "getattr(..., '" + "...".join(p for p in parts if p) + "')"
        if self._is_self(recv) and self.t.in_impl_class:
            self._report_impl(node, f"`{shown}`", "implicit endpoint chosen at run time", category, ())
            return
        self.report_as(ImplicitFundEndpoint, node, variant="dynamic", shown=shown, receiver=_receiver_text(recv),
                       kind=category, category=_CATEGORY_TEXT[category], why=_why(category),
                       severity=self._fund_sev(category), confidence=Confidence.MEDIUM)

    def _is_self(self, recv: Optional[cst.CSTNode]) -> bool:
        recv = syntax.unwrap(recv)
        if isinstance(recv, cst.Name) and recv.value in ("self", "cls"):
            return True
        return isinstance(recv, cst.Call) and dotted(recv.func) == "super"

    def _method(self, node: cst.CSTNode, recv: Optional[cst.CSTNode], meth: str, via: str = "") -> None:
        t = venues.tables()
        if meth in t.by_name or meth in t.unified or venues.sdk_method_category(None, meth) \
                or venues.SDK_GENERIC.search(meth):
            self.calls.append(_Call(node, recv, meth, self.t.in_impl_class and not via, self._is_self(recv), via))

    def _request(self, node: cst.Call, recv: cst.CSTNode) -> None:
        path = literal_str(node.args[0].value)
        if not path:
            return
        api = None
        if len(node.args) >= 2:
            a = node.args[1].value
            api = literal_str(a)
            if isinstance(a, cst.List):
                parts = [literal_str(e.value) for e in a.elements]
                api = "/".join(p for p in parts if p) if all(parts) else None
        verb_text = literal_str(node.args[2].value) if len(node.args) >= 3 else None
        self._request_path(node, recv, node.args[0].value, path, api, verb_text.upper() if verb_text else None)

    def _request_path(self, node: cst.Call, recv: cst.CSTNode, path_node: cst.CSTNode, path: str,
                      api: Optional[str], verb: Optional[str], via: str = "") -> bool:
        """ccxt's generic ``request(path, api, method)`` with a fund-moving path: BOT303 at the
        call, and the path string is judged here, not again as a raw REST path (BOT304)."""
        t = venues.tables()
        # the endpoint's path, or the path as sent with its api prefix (``sapi/v1/asset/transfer``)
        eps = t.by_path.get(path.lstrip("/")) or t.by_path.get(path) or t.by_url_path.get(path.lstrip("/"))
        if not eps:
            return False
        self.skip.add(id(path_node))  # judged here, with its verb and api
        match = [e for e in eps if (api is None or e.api == api) and (verb is None or e.verb == verb)]
        if not match:
            return False
        ep = match[0]
        exchanges = set().union(*(e.exchanges for e in match))
        desc = f"{ep.verb} {ep.api} {ep.path}"
        if self._is_self(recv) and self.t.in_impl_class and not via:
            self._report_impl(node, f"`self.request('{path}')`", desc, ep.category, exchanges)
            return True
        self.report_as(ImplicitFundEndpoint, node, variant="request", receiver=_receiver_text(recv), path=path,
                       exchanges=_exchanges_text(exchanges), endpoint=desc, via=via,
                       category=_CATEGORY_TEXT[ep.category], why=_why(ep.category),
                       severity=self._fund_sev(ep.category))
        return True

    # -- raw REST strings ------------------------------------------------------------------
    def _string(self, node: cst.CSTNode) -> None:
        if id(node) in self.skip or not fund_paths.may_hold_fund_path(node):
            return
        text = syntax.string_text(node)
        if not text:
            return
        found = fund_paths.match_fund_path(text)
        if found is None:
            return
        hit, host = found
        self.strings.append((node, hit, host, self.t.in_impl_class))

    # -- decisions -------------------------------------------------------------------------
    def _fund_sev(self, category: str) -> Severity:
        return Severity.HIGH if category == "withdraw" else Severity.MEDIUM

    def _generic_names_ok(self) -> bool:
        if self._generic_ok is None:
            self._generic_ok = venues.imports_exchange_sdk(self.ctx.imports)
        return self._generic_ok

    def _report_impl(self, node, what: str, desc: str, category: str, exchanges) -> None:
        self.report_as(FundEndpointImplementation, node, what=what,
                       category=_CATEGORY_TEXT.get(category, "a fund movement"),
                       where=f" ({_exchanges_text(exchanges)})" if exchanges else "",
                       desc=": " + desc if desc else "", severity=Severity.LOW, confidence=Confidence.MEDIUM)

    def _forwarded(self) -> None:
        """Calls of the module's private helpers that forward a literal method name or request
        path to a client (``self._call("withdraw", ...)``, ``self._request("capital/withdraw/apply")``)."""
        for call, fwd, arg, text in self.t.forwarded():
            callee = call.func.attr.value if isinstance(call.func, cst.Attribute) else dotted(call.func) or "helper"
            via = f" through `{callee}('{text}', ...)`"
            if fwd.kind == "method":
                self._method(call, fwd.receiver, text, via)
            elif self._request_path(call, fwd.receiver, arg, text, fwd.api, fwd.verb, via):
                self.skip.add(id(arg))

    def leave_Module(self, original_node: cst.Module) -> None:
        self._forwarded()
        t = venues.tables()
        for c in self.calls:
            if c.is_self:
                if c.in_impl:
                    self._decide_impl(c.node, c.method)
                    continue
                ep = t.by_name.get(c.method)
                if ep is None:
                    continue  # the bot's own method: what it does is judged where it is defined
                # self.<implicit endpoint>() outside a recognised adapter: a ccxt subclass we missed
                self._report_endpoint(c, ep, set(), Confidence.MEDIUM)
                continue
            found = self.t.clients_of(c.receiver)
            ep = t.by_name.get(c.method)
            if ep is not None:
                self._report_endpoint(c, ep, found, Confidence.HIGH)
                continue
            self._decide_method(c, found)
        module_impl = bool(self.t.impl_classes)
        for node, hit, host, in_impl in self.strings:
            if id(node) in self.skip:
                continue  # a path judged with the call that sends it, or the bot's own route
            if self._read_only_use(node, hit):
                continue  # sent only as a read (GET of the withdrawal history)
            if in_impl or module_impl:
                self._report_impl(node, f"the REST path `{hit.path}`", "", hit.category, hit.exchanges)
                continue
            self.report_as(RawFundEndpoint, node, exchanges=_exchanges_text(hit.exchanges), kind=hit.category,
                           path=hit.path, where=f" on {host}" if host else "",
                           category=_CATEGORY_TEXT.get(hit.category), why=_why(hit.category),
                           severity=self._fund_sev(hit.category),
                           confidence=Confidence.HIGH if host else Confidence.MEDIUM)

    def _own_instance(self, recv: Optional[cst.CSTNode], meth: str) -> bool:
        """Is ``recv`` bound to an instance of a class of this project that defines ``meth``
        (``okx = OkxRest(); okx.transfer(...)`` where ``OkxRest.transfer`` posts to the REST
        path itself), in this module or imported from another (``from api import OkxRest``:
        the class's module exports the fund movers it defines)?  What the method does is judged
        where it is defined, once."""
        key = syntax.key_of(recv)
        if not key:
            return False
        owners = {q.split(".", 1)[0] for q in self.t.qualnames.values() if q.endswith("." + meth)}
        for src in self.t.bindings.get(str(key), ()):
            if src[0] == "call" and src[1] in owners:
                return True
            if src[0] == "ext" and meth in self.t.linked_class_methods(src[1]):
                return True
        return False

    def _decide_impl(self, node, meth: str) -> None:
        t = venues.tables()
        ep = t.by_name.get(meth)
        if ep is not None:
            self._report_impl(node, f"`self.{meth}()`", f"{ep.verb} {ep.api} {ep.path}", ep.category, ep.exchanges)
            return
        uni = t.unified.get(meth)
        if uni is not None and uni[1] in ("withdraw", "transfer"):
            self._report_impl(node, f"`self.{meth}()`", "ccxt unified method", uni[1], ())

    def _report_endpoint(self, c: _Call, ep: venues.Endpoint, found, confidence) -> None:
        known = {x.exchange for x in found if x.kind == clients.CCXT and x.exchange}
        exchanges = set(ep.exchanges)
        if known:
            on = known & exchanges
            if not on and known <= set(ep.elsewhere):
                return  # same name, but a read on this exchange (deribit acts over GET)
            if on:
                exchanges = on
        elif ep.elsewhere:
            confidence = Confidence.MEDIUM
        self.report_as(ImplicitFundEndpoint, c.node, variant="method", receiver=_receiver_text(c.receiver),
                       method=c.method, exchanges=_exchanges_text(exchanges), endpoint=f"{ep.verb} {ep.api} {ep.path}",
                       via=c.via, category=_CATEGORY_TEXT[ep.category], why=_why(ep.category),
                       severity=self._fund_sev(ep.category), confidence=confidence)

    def _decide_method(self, c: _Call, found) -> None:
        t = venues.tables()
        meth, recv = c.method, c.receiver
        uni = t.unified.get(meth)
        ccxt_clients = [x for x in found if x.kind == clients.CCXT]
        sdk_clients = [x for x in found if x.kind != clients.CCXT]
        category = None
        label = ""
        exchange = None
        confidence = Confidence.HIGH
        if ccxt_clients and uni is not None:
            category = uni[1]
            exs = {x.exchange for x in ccxt_clients if x.exchange}
            exchange = _exchanges_text(exs) if exs else None
            if category == "deposit" and exs and not any(
                    "deposit" in t.exchanges.get(e, {}).get("unified", ()) for e in exs):
                return
            label = "ccxt unified method"
        elif sdk_clients:
            for x in sdk_clients:
                category = venues.sdk_method_category(x.kind, meth)
                if category:
                    exchange = clients.sdk_exchange(x.kind)
                    label = x.label
                    break
        elif not found:
            bare = syntax.unwrap(recv)
            if bare is None or isinstance(bare, cst.Name) and bare.value in self.ctx.imports.aliases:
                return  # a module, not a client
            name = _receiver_name(recv)
            if not name or syntax.key_of(recv) in self.t.mocks or clients.MOCK_NAME.match(name):
                return  # a test double (``MagicMock()``, ``mock_exchange``) is not a client
            if isinstance(c.node, cst.Call) and any(
                    fund_paths.match_fund_path(syntax.string_text(x) or "") for a in c.node.args
                    for x in self._strings_in(a.value)):
                return  # a raw REST helper handed the endpoint: BOT304 at the path says it
            if self._own_instance(recv, meth):
                return  # an instance of the module's own class: judged where the method is defined
            generic = self._generic_names_ok()
            distinctive = venues.distinctive_fund_methods().get(meth)
            if distinctive is not None and not venues.name_looks_like_exchange(name, generic):
                # an SDK fund mover no other API is named like, on a receiver of unknown kind
                # (a constructor parameter, a client built in another module)
                category, sdk_id = distinctive
                self.report_as(FundMovingCall if category == "withdraw" else TransferCall, c.node,
                               receiver=_receiver_text(recv), method=meth, what=_WHAT[category],
                               on=f" on {clients.sdk_exchange(sdk_id)}" if clients.sdk_exchange(sdk_id) else "",
                               label=f"{sdk_id} method", via=c.via, why=_why(category),
                               severity=self._fund_sev(category), confidence=Confidence.MEDIUM)
                return
            if not venues.name_looks_like_exchange(name, generic):
                return
            confidence = Confidence.MEDIUM if generic else Confidence.LOW
            if uni is not None and uni[1] in ("withdraw", "transfer"):
                category, label = uni[1], "ccxt unified method"
            else:
                category = venues.sdk_method_category(None, meth)
                label = "exchange SDK method"
            low = name.lower().lstrip("_")
            exchange = t.canonical(low) or t.canonical(low.split("_")[0])
        if not category or category not in _CATEGORY_TEXT:
            return
        if category in ("deposit", "vault") and not ccxt_clients:
            return
        rule = FundMovingCall if category == "withdraw" else TransferCall
        self.report_as(rule, c.node, receiver=_receiver_text(recv), method=meth, what=_WHAT[category],
                       on=f" on {exchange}" if exchange else "", label=label, via=c.via, why=_why(category),
                       severity=self._fund_sev(category), confidence=confidence)
