"""BOT507: funds sent to a destination fixed in the code."""
from __future__ import annotations

import re
from typing import Dict, List, Optional, Tuple

import libcst as cst

from ...analysis import payloads
from ...analysis.imports import dotted
from ...analysis.literals import literal_str
from ...model import Severity
from ._family import Bot5Walk, obfuscated_str

from ...gates.bot5 import BOT507 as PRECHECK  # noqa: E402 (the rule's gate, libcst-free)

# an address the code fixes (whole literal): chain -> pattern
ADDRESS_SHAPES: Tuple[Tuple[str, "re.Pattern[str]"], ...] = (
    ("an EVM address", re.compile(r"0x[0-9a-fA-F]{40}")),
    ("a Bitcoin address", re.compile(r"bc1[02-9ac-hj-np-z]{11,71}|[13][1-9A-HJ-NP-Za-km-z]{25,34}")),
    ("a Tron address", re.compile(r"T[0-9A-Za-z]{33}")),
)
_SOLANA = re.compile(r"[1-9A-HJ-NP-Za-km-z]{32,44}")
_EMAIL = re.compile(r"[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63}){1,4}")
WITHDRAW_METHODS = frozenset(("withdraw", "withdraw_ws", "withdrawWs", "withdrawal", "withdraw_request",
                              "submit_withdraw", "withdraw_coin", "apply_withdraw"))
ADDRESS_KEYWORDS = ("address", "toAddress", "to_address", "toAddr", "addr", "dest", "destination", "wallet",
                    "to", "recipient", "receiver")
_EMAIL_KEYWORDS = ("toEmail", "to_email")
_ERC20 = {"transfer": 0, "transferFrom": 1, "safeTransfer": 0, "safeTransferFrom": 1}


class FixedFundDestination(Bot5Walk):
    """## What it does
    Finds fund movers whose destination is written in the code: a withdrawal
    (`exchange.withdraw(code, amount, "0x...")`, SDK `withdraw(address="T...")`), an ERC-20
    `transfer("0x...", amount)`, a plain native-coin transaction `{"to": "0x...", "value": ...}`,
    a Solana `transfer(... to_pubkey=Pubkey.from_string("..."))`, a tronpy
    `trx.transfer(from, "T...", amount)`, or a sub-account transfer to a fixed e-mail, when the
    address is a literal or a constant holding one, also hidden (decoded from base64 or hex,
    joined from fragments, reversed, `chr` codes) or returned by one of the module's functions.

    ## Why is this bad?
    The user cannot configure where the money goes: it goes to whoever wrote the bot.  "Profit
    sweeps", "gas refills" and "fee payments" to a hard-coded wallet are how drainer bots
    turn a key into theft.  A legitimate bot takes the destination from its configuration.

    ## Example
    ```python
    exchange.withdraw("USDT", balance, "TQ5hGkMGb2yFyVnLNBHRiBxvNfTnmoTBxM", params={"network": "TRC20"})
    ```

    ## Use instead
    ```python
    exchange.withdraw("USDT", amount, config["payout_address"])  # your address, from your config
    ```

    ## Known problems
    A destination read from a file or the environment is not reported, even with a
    hard-coded default, nor a constant imported from another module.  Contract calls with
    data (swaps through a router) are not transfers and are not reported.

    ## References
    - [CWE-506: Embedded Malicious Code](https://cwe.mitre.org/data/definitions/506.html)
    - [ccxt: withdraw](https://docs.ccxt.com/#/README?id=withdraw)
    """

    CODE = "BOT507"
    NAME = "fixed-fund-destination"
    SEVERITY = Severity.CRITICAL
    CWE = 506
    MESSAGE = "Funds sent to a destination fixed in the code"
    PRECHECK = PRECHECK
    VALID = (
        'import ccxt\nex = ccxt.binance()\nex.withdraw("USDT", 10, config["payout_address"])\n',
        'tx = {"to": ROUTER, "value": amount, "data": calldata}\nw3.eth.send_transaction(tx)\n',
        'import ccxt\nex = ccxt.binance()\nex.transfer("USDT", 10, "spot", "future")\n',
        'token.functions.approve("0x7a250d5630B4cF539739dF2C5dAcb4c659F2488D", amount)\n',
    )
    INVALID = (
        'import ccxt\nex = ccxt.binance()\nex.withdraw("USDT", 100, "0x' + "ab12" * 10 + '")\n',
        'FEE_WALLET = "0x' + "cd34" * 10 + '"\ntoken.functions.transfer(FEE_WALLET, fee).transact()\n',
        'w3.eth.send_transaction({"to": "0x' + "ef56" * 10 + '", "value": w3.to_wei(1, "ether")})\n',
    )

    def __init__(self, ctx) -> None:
        super().__init__(ctx)
        self.calls: List[cst.Call] = []
        self.dicts: List[cst.Dict] = []

    def visit_Call(self, node: cst.Call) -> None:
        if isinstance(node.func, cst.Attribute):
            self.calls.append(node)
        elif isinstance(node.func, cst.Name) and node.func.value in ("transfer", "TransferParams"):
            self.calls.append(node)

    def visit_Dict(self, node: cst.Dict) -> None:
        self.dicts.append(node)

    def leave_Module(self, original_node: cst.Module) -> None:
        for call in self.calls:
            found = self._call(call)
            if found:
                what, shape = found
                self.report(call, f"{what} sends funds to {shape} fixed in the code: the user cannot "
                                  "choose where the money goes")
        for d in self.dicts:
            native = self._native(d)
            if native:
                self.report(d, f"a transaction sends the native coin to {native} fixed in the code: the user "
                               "cannot choose where the money goes")

    def _call(self, call: cst.Call) -> Optional[Tuple[str, str]]:
        func = call.func
        if isinstance(func, cst.Attribute):
            meth = func.attr.value
        elif isinstance(func, cst.Name):
            meth = func.value
        else:
            return None
        pos: List[cst.CSTNode] = [a.value for a in call.args if a.keyword is None and not a.star]
        kw: Dict[str, cst.CSTNode] = {a.keyword.value: a.value for a in call.args if a.keyword is not None}
        if meth in WITHDRAW_METHODS:
            candidates = [kw[k] for k in ADDRESS_KEYWORDS if k in kw] + pos[2:3] + [
                v for a in pos + list(kw.values()) if isinstance(a, cst.Dict)
                for v in _dict_values(a, ADDRESS_KEYWORDS)]
            shape = self._first_address(candidates)
            return (f"{meth}()", shape) if shape else None
        if meth in _ERC20 and isinstance(func, cst.Attribute) and (dotted(func.value) or "").endswith("functions"):
            i = _ERC20[meth]
            shape = self._first_address(pos[i:i + 1])
            return (f"ERC-20 {meth}()", shape) if shape else None
        if meth == "transfer" and isinstance(func, cst.Attribute) and (dotted(func.value) or "").endswith("trx"):
            shape = self._first_address(pos[1:2] + [kw[k] for k in ("to",) if k in kw])
            return ("trx.transfer()", shape) if shape else None
        if "to_pubkey" in kw:
            if self._solana(kw["to_pubkey"]):
                return (f"{meth}()", "a Solana address")
        for k in _EMAIL_KEYWORDS:
            if k in kw and "transfer" in meth.lower():
                s = self._const(kw[k])
                if s and _EMAIL.fullmatch(s):
                    return (f"{meth}()", "an account (e-mail)")
        return None

    def _native(self, d: cst.Dict) -> Optional[str]:
        keys = {literal_str(el.key): el.value for el in d.elements if isinstance(el, cst.DictElement)}
        if "to" not in keys or "value" not in keys or "data" in keys or "input" in keys:
            return None
        return self._first_address([keys["to"]])

    def _const(self, node: Optional[cst.CSTNode], depth: int = 0) -> Optional[str]:
        if node is None or depth > 3:
            return None
        s = literal_str(node)
        if s is not None:
            return s
        if isinstance(node, cst.Call) and node.args and (
                (dotted(node.func) or "").rsplit(".", 1)[-1] in ("to_checksum_address", "toChecksumAddress",
                                                                 "from_string", "PublicKey", "Pubkey", "str")):
            return self._const(node.args[0].value, depth + 1)
        if isinstance(node, cst.Call) and isinstance(node.func, cst.Name) and node.func.value in self.names.functions:
            # def _refund_address(): return Web3.to_checksum_address("".join(_PARTS))
            for expr in payloads.returns_of(self.names.functions[node.func.value])[:3]:
                found = self._const(expr, depth + 1)
                if found:
                    return found
            return None
        key = dotted(node)
        if key is None:
            return self._decoded(node)
        values = self.names.values.get(key) or (self.names.values.get(key.rsplit(".", 1)[-1])
                                                if key.startswith("self.") else None) or []
        if len(values) == 1:
            return self._const(values[0], depth + 1)
        return None

    def _decoded(self, node: cst.CSTNode) -> Optional[str]:
        """A destination hidden in the code: decoded (base64, hex...), joined from fragments,
        reversed or spelled in ``chr`` codes."""
        text, _how = obfuscated_str(node, self.names)
        if text is not None:
            return text
        data = self.unwrapper().payload(node).data
        if data is None or len(data) > 128:
            return None
        try:
            return data.decode("ascii")
        except UnicodeDecodeError:
            return None

    def _first_address(self, nodes: List[cst.CSTNode]) -> Optional[str]:
        for n in nodes:
            s = self._const(n)
            if not s:
                continue
            for shape, rx in ADDRESS_SHAPES:
                if rx.fullmatch(s) and not _placeholder(s):
                    return shape
        return None

    def _solana(self, node: cst.CSTNode) -> bool:
        s = self._const(node)
        return bool(s and _SOLANA.fullmatch(s) and not _placeholder(s))


def _placeholder(s: str) -> bool:
    """``0x000...0``, ``0xdead...``: burn and example addresses, not someone's wallet."""
    body = s[2:] if s.startswith("0x") else s
    return len(set(body.lower())) <= 2


def _dict_values(d: cst.Dict, keys) -> List[cst.CSTNode]:
    return [el.value for el in d.elements if isinstance(el, cst.DictElement) and literal_str(el.key) in keys]
