"""The per-scope collector: builds the data-flow IR during the one walk, evaluating nothing.

Per scope (module, class body, function) it records assignments by target name (with a
sequence number that gives source order), ``self.x`` stores per class, returns, calls that may
reach functions of the same module, names used as whole credential containers (``config`` in
``config["exchange"]["secret"]``), ccxt clients (recognised by the shared client tracker),
and **sink sites**: places where data leaves the program, by kind (LOG, CONSOLE, NOTIFY,
FILE, HTTP, SOCKET, EXCEPTION; LOG_LEVEL for logging configuration).  Which calls are sinks is
data (:class:`~.ir.SinkSpec` records registered by the rules that judge them); the collector
only knows how to recognise the receivers a spec names (a logger, a file, a session, a
socket...) from what it has seen so far in the walk.
"""
from __future__ import annotations

import re
from typing import Any, Callable, Dict, Iterable, List, Mapping, Optional, Sequence, Set, Tuple

import libcst as cst

from ..exprs import describe, key_chain, subscript_key
from ..imports import dotted
from ..names import EXCHANGE, KEY_MAYBE, SECRET, TOKEN_MAYBE, classify, connection_url, credential_kind
from ..literals import literal_strings
from ..strings import leading_text, literal_str, static_str
from . import vocab
from .link import call_args, is_project_name, where
from .reverse import delivered_keys, sink_key
from .ir import (
    FILE, HTTP, LOG, LOG_LEVEL, NOTIFY, RESPONSE, SOCKET, ClassInfo, ClientRec, Event, RecordField, Scope,
    LABEL_OK, SINK_KINDS, SinkSite, SinkSpec, safe_label,
)

_LOGGER_NAME = re.compile(r"(?i)(?:^|_)(?:get_?)?logger$")
_STDIO = frozenset({"sys.stdout", "sys.stderr"})


class SinkIndex:
    """The registered :class:`SinkSpec` records indexed by callee and by method name, so a call
    costs a few dict look-ups; ``order`` keeps the registration order (first match wins)."""

    def __init__(self, specs: Sequence[SinkSpec]) -> None:
        self.by_callee: Dict[str, List[Tuple[int, SinkSpec]]] = {}
        self.by_method: Dict[str, List[Tuple[int, SinkSpec]]] = {}
        self.patterns: List[Tuple[int, SinkSpec, Tuple[Tuple[str, str], ...]]] = []
        self.any_method: List[Tuple[int, SinkSpec]] = []  # receiver-only specs
        for order, spec in enumerate(specs):
            for c in spec.callees:
                if "*" not in c:
                    self.by_callee.setdefault(c, []).append((order, spec))
            globs = tuple((c.split("*", 1)[0], c.split("*", 1)[1]) for c in spec.callees if "*" in c)
            globs += tuple(("", sfx) for sfx in spec.suffixes)
            if globs:
                self.patterns.append((order, spec, globs))
            for m in spec.methods:
                self.by_method.setdefault(m, []).append((order, spec))
            if not spec.callees and not spec.suffixes and not spec.methods:
                self.any_method.append((order, spec))
        # every ending of a pattern, for one C-speed test before the patterns are tried
        self.endings = tuple({b for _o, _s, globs in self.patterns for _a, b in globs})
        self.receivers = {spec.receiver[1:] for _o, spec in self.any_method if spec.receiver.startswith("=")}
        self.any_other = [(o, sp) for o, sp in self.any_method if not sp.receiver.startswith("=")]

    def candidates(self, resolved: str, attr: Optional[str], recv_d: str = "") -> List[SinkSpec]:
        found: List[Tuple[int, SinkSpec]] = list(self.by_callee.get(resolved, ()))
        if attr is not None:
            found += self.by_method.get(attr, ())
            if self.any_other:
                found += self.any_other
            if recv_d and recv_d in self.receivers:
                found += [(o, sp) for o, sp in self.any_method if sp.receiver[1:] == recv_d]
        if self.endings and resolved.endswith(self.endings):
            for order, spec, globs in self.patterns:
                if any(len(resolved) >= len(a) + len(b) and resolved.startswith(a) and resolved.endswith(b)
                       for a, b in globs):
                    found.append((order, spec))
        if not found:
            return []
        if len(found) > 1:
            found.sort(key=lambda p: p[0])
        return [spec for _o, spec in found]


_INDEXES: Dict[Tuple[SinkSpec, ...], "SinkIndex"] = {}


def sink_index(specs: Sequence[SinkSpec]) -> "SinkIndex":
    """One index per set of registered specs (built once per process, not per file)."""
    key = tuple(specs)
    found = _INDEXES.get(key)
    if found is None:
        found = _INDEXES[key] = SinkIndex(key)
    return found


class Collector:
    """Builds the IR.  Called by the DataFlow visitor in source order."""

    def __init__(self, imports, specs: Sequence[SinkSpec] = (), clients=None) -> None:
        self.imports = imports
        self.module = Scope("module", "<module>", None, None)
        self.stack: List[Scope] = [self.module]
        self.classes: List[ClassInfo] = []
        self.class_by_name: Dict[str, ClassInfo] = {}
        self.functions: Dict[str, Scope] = {}  # module-level functions
        self.seq = 0
        self.sites: List[SinkSite] = []
        # open ``try`` statements: [first site of the body, first site after it (None while the
        # body is walked)] (the requests a handler's exception may describe)
        self.tries: List[List[Optional[int]]] = []
        # the handlers being walked: the name their exception is bound to, when it may show a
        # credential (a request's URL), else None
        self.handlers: List[Optional[cst.Name]] = []
        self.level_sites: List[SinkSite] = []
        self.sink_index = sink_index([sp for sp in specs if sp.kind != LOG_LEVEL])
        self.level_index = sink_index([sp for sp in specs if sp.kind == LOG_LEVEL])
        self._imports_memo: Dict[Tuple[Tuple[str, ...], int], bool] = {}
        self.tracker = clients  # the shared ClientTracker (analysis.clients), when in the walk
        self.calls: List[Tuple[Scope, int, cst.Call]] = []
        self.logger_vars: Set[str] = set()
        self.file_vars: Set[str] = set()
        # cfg["verbose"] = True on a config dict built in steps: (scope, seq, node) by dict name
        self.verbose_stores: Dict[str, List[Tuple[Any, int, cst.CSTNode]]] = {}
        self.session_vars: Set[str] = set()
        self.consts: Dict[str, str] = {}
        self.clients: Dict[str, ClientRec] = {}
        self.client_funcs: Dict[str, ClientRec] = {}
        self.client_by_call: Dict[int, ClientRec] = {}
        self.cli_creds: List[Tuple[str, cst.CSTNode]] = []
        self.client_list: List[ClientRec] = []
        self.lambda_depth = 0
        self.lists: Dict[str, List[str]] = {}  # names bound to a list of string literals
        self.levels: Dict[str, str] = {}  # names bound to a log-level string ("DEBUG")
        # argparse destinations whose default is a log-level string (``--log-level``, default="DEBUG")
        self.cli_levels: Dict[str, str] = {}
        self.cli_dests: Dict[str, str] = {}  # argparse dest -> option, for credential options
        self.sockets: Dict[str, Tuple[str, Optional[str]]] = {}  # name -> ("tcp" | "ws", host)
        self.session_hosts: Dict[str, str] = {}  # session / connection name -> its base host
        # (where the session is bound, its name) -> the headers / auth / params it sends with every
        # request, with where they were written; "where": the scope that binds the name, or the
        # class for a ``self.`` attribute (its methods share it)
        self.session_payload: Dict[Tuple[int, str], List[Tuple[cst.CSTNode, Scope, int]]] = {}
        self.session_homes: Dict[str, Set[int]] = {}  # name -> the scopes / classes that bind it
        self.metric_vars: Set[str] = set()  # names bound to a Prometheus metric
        self.decorated: List[Scope] = []  # functions with decorators (a wrapper may log their arguments)
        self.root_loggers: Dict[str, str] = {}  # names bound to the root or the ccxt logger
        # the link step (link.py): how a name resolves to another module's, the facts of the
        # names this module wants, calls to imported functions, and the names wanted
        self.qualify: Callable[[cst.CSTNode], Optional[str]] = lambda node: None
        self.linked: Mapping[str, dict] = {}
        self.module_name = ""
        self.line_of: Callable[[cst.CSTNode], int] = lambda node: 0  # a call's line (reverse.call_line)
        self.import_calls: List[Tuple[Scope, int, cst.Call, str]] = []
        self.instances: Dict[str, str] = {}  # name -> qualified imported class it was built from
        self.wanted: Set[str] = set()
        # objects whose credential attributes are read (cfg.api_key): dotted base -> (label, node)
        self.attr_creds: Dict[str, Tuple[str, cst.CSTNode]] = {}
        self.records: Set[int] = set()  # subscripts read as records of metadata (note_record_read)

    # -- scopes ------------------------------------------------------------------------
    @property
    def scope(self) -> Scope:
        return self.stack[-1]

    def next_seq(self) -> int:
        self.seq += 1
        return self.seq

    def enter_class(self, node: cst.ClassDef) -> None:
        info = ClassInfo(node.name.value, node)
        self.classes.append(info)
        if self.scope.kind == "module":
            self.class_by_name[info.name] = info
        self.stack.append(Scope("class", info.name, node, self.scope, cls=info))

    def leave_class(self) -> None:
        self.stack.pop()

    def enter_function(self, node: cst.FunctionDef) -> None:
        parent = self.scope
        cls = parent.cls if parent.kind == "class" else None
        sc = Scope("function", node.name.value, node, parent, cls=cls)
        decos = {dotted(d.decorator) or "" for d in node.decorators}
        if cls is not None:
            sc.is_method = True
            sc.is_static = "staticmethod" in decos
            cls.methods.setdefault(sc.name, sc)
        elif parent.kind == "module":
            self.functions.setdefault(sc.name, sc)
        elif parent.kind == "function":
            parent.inner.setdefault(sc.name, sc)  # a decorator's wrapper, a closure
        if node.decorators:
            sc.decorators = [d.decorator for d in node.decorators]
            self.decorated.append(sc)
        if parent.kind == "module":
            self._note_url_function(node)
        p = node.params
        for param in list(p.posonly_params) + list(p.params):
            sc.params.append(param.name.value)
            sc.param_nodes.append(param)
        if isinstance(p.star_arg, cst.Param):
            sc.params.append("*" + p.star_arg.name.value)
            sc.param_nodes.append(p.star_arg)
        for param in p.kwonly_params:
            sc.params.append(param.name.value)
            sc.param_nodes.append(param)
        if isinstance(p.star_kwarg, cst.Param):
            sc.params.append("**" + p.star_kwarg.name.value)
            sc.param_nodes.append(p.star_kwarg)
        for pnode in sc.param_nodes:
            default = getattr(pnode, "default", None)
            if isinstance(default, cst.Attribute):
                # def __init__(self, s=config.settings) with a script-style ``import config``:
                # the other module's instance is what the parameter holds (from-imports are
                # wanted at the import)
                q = self.qualify(default)
                if q and is_project_name(q):
                    self.wanted.add(q)
            ann = getattr(pnode, "annotation", None)
            hint = ann.annotation if ann is not None else None
            if isinstance(hint, (cst.Name, cst.Attribute)) and isinstance(pnode, cst.Param):
                # def show(svc: ExchangeService): svc.describe() is that class's method
                # (flow-insensitive by name, like the instances built by a constructor)
                q = self.qualify(hint)
                if q and is_project_name(q) and q.rsplit(".", 1)[-1][:1].isupper():
                    self.instances.setdefault(pnode.name.value, q)
        self.stack.append(sc)

    def leave_function(self) -> None:
        self.stack.pop()

    # -- assignments -------------------------------------------------------------------
    def _bind(self, target: cst.CSTNode, value: Optional[cst.CSTNode], seq: int, mode: str = "value",
              index: int = 0, unpacked: bool = False) -> None:
        sc = self.scope
        if isinstance(target, cst.Name):
            sc.assigns.setdefault(target.value, []).append(Event(seq, value, mode, index, unpacked))
        elif isinstance(target, (cst.Tuple, cst.List)):
            for i, el in enumerate(target.elements):
                tgt = el.value
                if isinstance(el, cst.StarredElement):
                    self._bind(tgt, value, seq, "iter" if mode == "iter" else "value")
                elif mode == "value":
                    self._bind(tgt, value, seq, "index", i)
                else:
                    self._bind(tgt, value, seq, mode, i, unpacked=mode == "iter")
        elif isinstance(target, cst.Attribute):
            base = target.value
            if isinstance(base, cst.Name) and base.value in ("self", "cls") and sc.cls is not None:
                sc.cls.stores.setdefault(target.attr.value, []).append(
                    (sc, Event(seq, value, "augment" if mode == "augment" else mode, index)))
            self._attr_store(target, value, seq)
        elif isinstance(target, cst.Subscript):
            root, _keys = key_chain(target)
            self._note_container(target)
            if isinstance(root, cst.Name):
                sc.assigns.setdefault(root.value, []).append(Event(seq, value, "augment"))
                if tuple(_keys) == ("verbose",) and isinstance(value, cst.Name) and value.value == "True":
                    self.verbose_stores.setdefault(root.value, []).append((sc, seq, target))
            elif (isinstance(root, cst.Attribute) and isinstance(root.value, cst.Name)
                  and root.value.value in ("self", "cls") and sc.cls is not None):
                sc.cls.stores.setdefault(root.attr.value, []).append((sc, Event(seq, value, "augment")))
        elif isinstance(target, cst.StarredElement):
            self._bind(target.value, value, seq, mode, index)

    def _wraps_file(self, call: cst.Call) -> bool:
        """``csv.writer(fh)`` over an open file (not over an ``io.StringIO`` a web route returns)."""
        first = call.args[0].value if call.args and call.args[0].keyword is None else None
        if isinstance(first, cst.Call):
            return bool(vocab.OPENERS.search(self.imports.resolve(first.func) or ""))
        return (dotted(first) or "") in self.file_vars

    def _attr_store(self, target: cst.Attribute, value: Optional[cst.CSTNode], seq: int) -> None:
        base = dotted(target.value)
        if not base or base not in self.clients:
            return
        rec = self.clients[base]
        attr = target.attr.value
        if attr == "verbose" and isinstance(value, cst.Name) and value.value == "True":
            rec.verbose.append(target)
        elif attr in vocab.CCXT_CRED_ATTRS and value is not None:
            rec.creds.append((value, self.scope, seq))

    def on_try(self) -> None:
        self.tries.append([len(self.sites), None])

    def leave_try(self) -> None:
        if self.tries:
            self.tries.pop()

    def on_except(self, handler: cst.ExceptHandler) -> None:
        """``except requests.RequestException as exc``: the text of an exception that requests,
        httpx or aiohttp raise holds the URL of the failed request (``... for url: https://api
        .telegram.org/bot<token>/sendMessage``), so ``exc`` carries what the body's request URLs
        carry (a token in the path, a key in the query).  urllib's errors do not show the URL."""
        self.handlers.append(None)
        if not self.tries:
            return
        span = self.tries[-1]
        if span[1] is None:
            span[1] = len(self.sites)
        name = handler.name
        target = name.name if name is not None and isinstance(name.name, cst.Name) else None
        if name is not None and target is None:
            return
        urls: List[cst.CSTNode] = []
        for site in self.sites[span[0]:span[1]]:
            if (site.kind == HTTP and site.scope is self.scope and isinstance(site.node, cst.Call)
                    and not (self.imports.resolve(site.node.func) or "").startswith(_URL_SILENT)):
                urls.extend(url_parts(site))
        if urls:
            value = urls[0] if len(urls) == 1 else cst.Tuple(
                [cst.Element(u) for u in urls[:8] if isinstance(u, cst.BaseExpression)])
            # an unnamed handler's exception is still in the traceback ``log.exception`` writes
            exc = target if target is not None else cst.Name(_EXC)
            self.on_assign([exc], value, mode="url_error")
            self.handlers[-1] = exc

    def leave_except(self) -> None:
        if self.handlers:
            self.handlers.pop()

    def on_assign(self, targets: Sequence[cst.CSTNode], value: Optional[cst.CSTNode], mode: str = "value") -> None:
        seq = self.next_seq()
        for t in targets:
            self._bind(t, value, seq, mode)
        if value is None:
            return
        if self.session_payload or self.session_vars:
            for t in targets:
                if isinstance(t, (cst.Attribute, cst.Subscript)):
                    self._session_store(t, value)
        # remember loggers, files, sessions, URL constants and ccxt clients by name
        names = _dotted_names(targets)
        if not names:
            return
        if isinstance(value, (cst.List, cst.Tuple)) and 0 < len(value.elements) <= 64:
            items = literal_strings(value)
            if items is not None:
                for n in names:
                    self.lists[n] = items
            return
        if self.scope.kind == "class":
            # a class attribute is read as ``self.NAME`` / ``cls.NAME`` in the methods
            names = names + [f"{who}.{n}" for n in names if "." not in n for who in ("self", "cls")]
        s = static_str(value, self.consts, self.lists)
        if s is not None:
            if "://" in s[:12]:
                for n in names:
                    self.consts[n] = s
            elif s.upper() in vocab.DEBUG_LEVELS or s.upper() in ("INFO", "WARNING", "ERROR"):
                for n in names:
                    self.levels[n] = s.upper()
            return
        inner = value.expression if isinstance(value, cst.Await) else value
        if isinstance(inner, cst.Call):
            # a URL template filled in (``self.API.format(token=token)``): the URL's host
            lead = leading_text(inner, self.consts) if isinstance(inner.func, cst.Attribute) else None
            if lead and "://" in lead[:12]:
                for n in names:
                    self.consts[n] = lead
                return
            self.note_instance(names, inner)
            func = self.imports.resolve(inner.func) or ""
            if self.is_logger_expr(inner):
                self.logger_vars.update(names)
                root = self.root_logger_desc(inner)
                if root:
                    for n in names:
                        self.root_loggers[n] = root
            elif vocab.OPENERS.search(func) or func.endswith(("aiofiles.open", "codecs.open", "io.open")) \
                    or func in vocab.FILE_WRITERS and self._wraps_file(inner):
                self.file_vars.update(names)  # (a csv writer writes its rows to its file)
            elif vocab.SESSION_CTORS.match(func) or vocab.CONNECTION_CTORS.match(func):
                self.session_vars.update(names)
                self._note_session_host(inner, func, names)
                self._note_session_payload(inner, names)
            elif self._note_socket(inner, func, names):
                pass
            elif _is_metric_ctor(func):
                self.metric_vars.update(names)
            else:
                fd = dotted(inner.func)
                if fd in self.client_funcs:
                    for n in names:
                        self.clients[n] = self.client_funcs[fd]
                else:
                    self.maybe_client(inner, names)
        elif isinstance(inner, (cst.Name, cst.Attribute)):
            d = dotted(inner)
            if d in self.logger_vars:
                self.logger_vars.update(names)
            elif d in self.consts:
                for n in names:
                    self.consts[n] = self.consts[d]
            elif d in self.clients:
                for n in names:
                    self.clients[n] = self.clients[d]
        elif isinstance(inner, (cst.FormattedString, cst.BinaryOperation)):
            lead = leading_text(inner, self.consts)
            if lead and "://" in lead[:12]:
                for n in names:
                    self.consts[n] = lead

    def _note_url_function(self, node: cst.FunctionDef) -> None:
        """``def _u(): return b64decode("...").decode()``: a module function of no parameters
        whose one statement returns a static URL; its calls are that URL (kept as ``name()``)."""
        p = node.params
        if p.params or p.posonly_params or p.kwonly_params or p.star_arg not in (None, cst.MaybeSentinel.DEFAULT) \
                or p.star_kwarg is not None or not isinstance(node.body, cst.IndentedBlock):
            return
        body = [st for st in node.body.body if not (
            isinstance(st, cst.SimpleStatementLine) and len(st.body) == 1 and isinstance(st.body[0], cst.Expr)
            and literal_str(st.body[0].value) is not None)]  # a docstring
        if len(body) != 1 or not isinstance(body[0], cst.SimpleStatementLine) or len(body[0].body) != 1:
            return
        ret = body[0].body[0]
        if not isinstance(ret, cst.Return) or ret.value is None:
            return
        s = static_str(ret.value, self.consts, self.lists)
        if s is not None and "://" in s[:12]:
            self.consts[node.name.value + "()"] = s

    def _note_session_host(self, call: cst.Call, func: str, names: Sequence[str]) -> None:
        """``httpx.Client(base_url=...)``, ``aiohttp.ClientSession(base_url)``,
        ``http.client.HTTPSConnection(host)``: requests on it go to that host."""
        from ..hosts import host_of

        arg = next((a.value for a in call.args if a.keyword and a.keyword.value in ("base_url", "host")), None)
        if arg is None and call.args and call.args[0].keyword is None and (
                func.endswith("ClientSession") or vocab.CONNECTION_CTORS.match(func)):
            arg = call.args[0].value
        text = static_str(arg, self.consts, self.lists) if arg is not None else None
        if not text:
            return
        if "://" in text[:12]:
            host = host_of(text)
        else:
            host = host_of("https://" + text) if vocab.CONNECTION_CTORS.match(func) else None
        if host:
            for n in names:
                self.session_hosts[n] = host

    def _note_session_payload(self, call: cst.Call, names: Sequence[str]) -> None:
        """``aiohttp.ClientSession(headers={...})``: what every request of the session sends (a
        new session bound to the name replaces what the name's old one sent)."""
        vals = [a.value for a in call.args if a.keyword and a.keyword.value in vocab.SESSION_PAYLOAD]
        for n in names:
            home = self._home_key(n, self.scope)
            self.session_homes.setdefault(n, set()).add(home)
            self.session_payload.pop((home, n), None)
        self._add_session_payload(names, vals)

    def _home_key(self, name: str, scope: Scope) -> int:
        return id(scope.cls) if name.startswith("self.") and scope.cls is not None else id(scope)

    def session_home(self, name: str, scope: Scope) -> Optional[int]:
        """Where the session ``name`` used in ``scope`` is bound (the innermost binding scope,
        or the class of a ``self.`` attribute), else None (a parameter, another module's)."""
        homes = self.session_homes.get(name)
        if not homes:
            return None
        if name.startswith("self."):
            return id(scope.cls) if scope.cls is not None and id(scope.cls) in homes else None
        sc: Optional[Scope] = scope
        while sc is not None:
            if id(sc) in homes:
                return id(sc)
            if sc.kind == "function" and name in sc.params:
                return None
            sc = sc.parent
        return None

    def session_carried(self, name: str, scope: Scope) -> List[Tuple[cst.CSTNode, Scope, int]]:
        """What the session ``name`` used in ``scope`` sends with every request (its headers,
        auth, params, with where each was written); [] for a name bound to no session here."""
        home = self.session_home(name, scope) if self.session_payload else None
        return self.session_payload.get((home, name), []) if home is not None else []

    def _add_session_payload(self, names: Sequence[str], vals: Sequence[cst.CSTNode]) -> None:
        if vals:
            seq = self.seq
            for n in names:
                home = self.session_home(n, self.scope)
                if home is not None:
                    self.session_payload.setdefault((home, n), []).extend((v, self.scope, seq) for v in vals)

    def _session_store(self, target: cst.CSTNode, value: cst.CSTNode) -> None:
        """``s.headers["X-MBX-APIKEY"] = key`` / ``s.auth = (key, secret)`` on a session."""
        if isinstance(target, cst.Subscript):
            target = target.value
        if (isinstance(target, cst.Attribute) and target.attr.value in vocab.SESSION_PAYLOAD
                and (dotted(target.value) or "") in self.session_vars):
            self._add_session_payload([dotted(target.value) or ""], [value])

    def _note_socket(self, call: cst.Call, func: str, names: Sequence[str]) -> bool:
        """Raw sockets and websocket connections, with their host when it is a literal."""
        from ..hosts import host_of

        kind = None
        host = None
        args = [a.value for a in call.args if a.keyword is None and not a.star]
        if func in ("socket.create_connection", "socket.socket", "ssl.wrap_socket") or (
            func.endswith(".wrap_socket") and isinstance(call.func, cst.Attribute)
        ):
            kind = "tcp"
            if func == "socket.create_connection" and args and isinstance(args[0], cst.Tuple) and args[0].elements:
                host = static_str(args[0].elements[0].value, self.consts, self.lists)
            elif func.endswith("wrap_socket") and args:
                inner = self.sockets.get(dotted(args[0]) or "")
                host = inner[1] if inner else None
        elif func in (
            "websockets.connect",
            "websockets.client.connect",
            "websocket.create_connection",
            "websockets.sync.client.connect",
        ) or (isinstance(call.func, cst.Attribute) and call.func.attr.value == "ws_connect"):
            kind = "ws"
            url = (
                args[0]
                if args
                else next((a.value for a in call.args if a.keyword and a.keyword.value in ("uri", "url")), None)
            )
            text = leading_text(url, self.consts, self.lists) if url is not None else None
            host = host_of(text) if text else None
        if kind is None:
            return False
        for n in names:
            self.sockets[n] = (kind, host.lower() if host else None)
        return True

    def root_logger_desc(self, call: cst.Call) -> Optional[str]:
        if (self.imports.resolve(call.func) or "") != "logging.getLogger":
            return None
        arg = literal_str(call.args[0].value) if call.args else None
        if not call.args or arg in ("", "root"):
            return "root"
        if arg and arg.startswith("ccxt"):
            return "ccxt"
        return None

    def on_with_item(self, item: cst.WithItem) -> None:
        if item.asname is None:
            return
        self.on_assign([item.asname.name], item.item)
        inner = item.item
        if isinstance(inner, cst.Call):
            func = self.imports.resolve(inner.func) or ""
            names = _dotted_names([item.asname.name])
            if vocab.OPENERS.search(func) or (
                isinstance(inner.func, cst.Attribute) and inner.func.attr.value == "open"
            ):
                self.file_vars.update(names)
            elif vocab.SESSION_CTORS.match(func) or vocab.CONNECTION_CTORS.match(func):
                self.session_vars.update(names)
                self._note_session_host(inner, func, names)
                self._note_session_payload(inner, names)
            else:
                self._note_socket(inner, func, names)

    def on_ann_assign(self, target: cst.CSTNode, annotation: cst.CSTNode, value: Optional[cst.CSTNode]) -> None:
        """A field of a dataclass / attrs / pydantic class body."""
        sc = self.scope
        if (isinstance(target, cst.Attribute) and isinstance(target.value, cst.Name) and target.value.value == "self"
                and sc.kind == "function" and sc.cls is not None):
            sc.cls.attr_types.setdefault(target.attr.value, annotation)  # self.cfg: Settings = cfg
            return
        if sc.kind != "class" or sc.cls is None or not isinstance(target, cst.Name):
            return
        name = target.value
        kind = credential_kind(name)
        if kind is None and sc.cls.is_settings and connection_url(name) and not _public_default(value):
            kind = SECRET  # a settings class's DATABASE_URL / REDIS_URL comes from the environment
        if kind is None and not sc.cls.is_record:
            if value is None:
                sc.cls.attr_types.setdefault(name, annotation)  # a declared attribute: cfg: Settings
            return
        secret_typed = False
        stack: List[cst.CSTNode] = [annotation]
        while stack and kind is not None:
            n = stack.pop()
            if isinstance(n, cst.Name):
                if n.value in ("SecretStr", "SecretBytes", "Secret"):
                    secret_typed = True
                    break
            elif isinstance(n, cst.Attribute):
                stack.append(n.attr)
            elif isinstance(n, cst.Subscript):  # Optional[SecretStr], Annotated[SecretStr, ...]
                stack.append(n.value)
                stack.extend(e.slice.value for e in n.slice if isinstance(e.slice, cst.Index))
            elif isinstance(n, cst.BinaryOperation):  # SecretStr | None
                stack.extend((n.left, n.right))
            elif isinstance(n, cst.SimpleString):  # "SecretStr"
                if "Secret" in n.value:
                    secret_typed = True
                    break
        shown = True
        default = value
        if isinstance(value, cst.Call) and (dotted(value.func) or "").rsplit(".", 1)[-1] in (
            "field",
            "Field",
            "ib",
            "attrib",
        ):
            default = None
            for a in value.args:
                if a.keyword is None and not a.star and default is None:
                    default = a.value  # pydantic Field(default, ...)
                elif a.keyword and a.keyword.value in ("default", "default_factory", "factory"):
                    default = a.value
                    if isinstance(default, cst.Lambda):
                        default = default.body
                if (
                    a.keyword
                    and a.keyword.value == "repr"
                    and isinstance(a.value, cst.Name)
                    and a.value.value == "False"
                ):
                    shown = False
        f = RecordField(name, target, kind, shown, secret_typed, annotation, default)
        sc.cls.fields.append(f)
        sc.cls.field_map.setdefault(name, f)

    def on_return(self, value: Optional[cst.CSTNode]) -> None:
        if value is not None and self.scope.kind == "function":
            self.scope.returns.append(Event(self.next_seq(), value))
            route = self.route_of(self.scope)
            if route:
                self.add_site(RESPONSE, value, f"the HTTP response of {route}", [value])
            # a function that returns a ccxt client makes its callers' targets clients
            inner = value.expression if isinstance(value, cst.Await) else value
            rec = None
            if isinstance(inner, cst.Call):
                n = len(self.client_list)
                self.maybe_client(inner, [f"<return of {self.scope.name}>"])
                if len(self.client_list) > n:
                    rec = self.client_list[-1]
            elif isinstance(inner, (cst.Name, cst.Attribute)):
                rec = self.clients.get(dotted(inner) or "")
            if rec is not None and self.scope.parent is not None:
                key = self.scope.name if self.scope.parent.kind == "module" else f"self.{self.scope.name}"
                self.client_funcs[key] = rec

    # -- containers ----------------------------------------------------------------------
    def _note_container(self, node: cst.CSTNode) -> None:
        """``config["exchange"]["secret"]`` makes ``config`` a credential container."""
        root, keys = key_chain(node)
        if not keys:
            return
        kind = credential_kind(keys[-1], _context(root) + keys[:-1])
        if kind is None:
            return
        self._mark_container(root, keys, node, 0)

    def _mark_container(self, root, keys, node, depth: int) -> None:
        d = dotted(root) if isinstance(root, (cst.Name, cst.Attribute)) else None
        if not d or d in ("os.environ", "environ") or d.endswith(".environ"):
            return
        if d.rsplit(".", 1)[-1].strip("_").lower() in vocab.RESPONSE_ROOTS:
            return
        label = safe_label(d) + "".join(f"[{safe_label(k, '...')!r}]" for k in keys)
        sc = self.scope
        holder = sc.cls if d.startswith(("self.", "cls.")) and sc.cls is not None else sc
        holder.containers.setdefault(d, (label, node))
        paths = holder.cpaths.setdefault(d, set())
        if len(paths) < 32:
            paths.add(tuple(keys))
        # exchange = config["exchange"]: config holds what exchange holds
        if depth < 3 and isinstance(root, cst.Name):
            evs = sc.assigns.get(root.value) or []
            for ev in reversed(evs):
                if ev.mode == "value" and isinstance(ev.value, (cst.Subscript, cst.Call)):
                    up_root, up_keys = key_chain(ev.value)
                    if up_keys and up_root is not None:
                        self._mark_container(up_root, up_keys + keys, node, depth + 1)
                    break

    def on_attribute(self, node: cst.Attribute) -> None:
        """``cfg.api_key``: ``cfg`` holds a credential; when ``cfg`` was loaded as data
        (``json.load``, ``SimpleNamespace``, ``OmegaConf.load``) its repr shows it, so ``cfg``
        is a credential container like ``config`` in ``config["exchange"]["secret"]``."""
        if isinstance(node.value, cst.Subscript):
            self.note_record_read(node)
        attr = node.attr.value
        if not vocab.CRED_HINT.search(attr):
            return
        base = node.value
        d = dotted(base) if isinstance(base, (cst.Name, cst.Attribute)) else None
        if (
            not d
            or d in ("self", "cls", "os", "os.environ")
            or d.rsplit(".", 1)[-1].strip("_").lower() in vocab.RESPONSE_ROOTS
        ):
            return
        if credential_kind(attr, (d.rsplit(".", 1)[-1],)) is None:
            return
        label = f"{d}.{attr}"
        self.attr_creds.setdefault(d, (label, node))
        holder, value = self._binding(d)
        if holder is not None and isinstance(value, cst.Call):
            made = self.imports.resolve(value.func) or dotted(value.func) or ""
            if made.endswith(vocab.DATA_LOADERS):
                holder.containers.setdefault(d, (safe_label(label, "a credential attribute"), node))

    def _binding(self, d: str):
        """(the scope or class that binds ``d``, its last value) as the walk has seen them."""
        if d.startswith("self.") and d.count(".") == 1:
            cls = self.scope.cls
            stores = cls.stores.get(d[5:], []) if cls is not None else []
            return (cls, stores[-1][1].value) if stores else (None, None)
        if "." in d:
            return None, None
        for sc in reversed(self.stack):
            evs = sc.assigns.get(d)
            if evs:
                return (sc, evs[-1].value) if evs[-1].mode == "value" else (None, None)
        return None, None

    def on_subscript(self, node: cst.Subscript) -> None:
        key = subscript_key(node)
        if isinstance(node.value, cst.Subscript) and key is not None:
            self.records.add(id(node.value))
        if key is not None and len(key) < 60 and id(node) not in self.records:
            self._note_container(node)

    def note_record_read(self, node: cst.CSTNode) -> None:
        """``stored["exchange_api_key"]["id"]`` / ``.get("name")`` / ``.exchange``: the value
        under a credential-named key is read as a record of metadata (an id, a name), not used
        as a string: it does not make its mapping a credential container (jesse's API-key
        records).  Visited before the inner subscript (the walk goes outside in)."""
        inner = node.value if isinstance(node, cst.Attribute) else None
        if isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute) and node.func.attr.value == "get":
            if node.args and literal_str(node.args[0].value) is not None:
                inner = node.func.value
        if isinstance(node, cst.Attribute) and (node.attr.value in vocab.PROPAGATE_METHODS
                                                or node.attr.value in vocab.PREDICATE_METHODS
                                                or node.attr.value == "get"):
            return  # a string method (``.strip()``), or a .get() handled with its call
        if isinstance(inner, cst.Subscript):
            self.records.add(id(inner))

    # -- calls ---------------------------------------------------------------------------
    def is_logger_expr(self, node: cst.CSTNode, depth: int = 0) -> bool:
        if depth > 5:
            return False
        if isinstance(node, cst.Call):
            func = node.func
            name = self.imports.resolve(func) or ""
            if name in (
                "logging.getLogger",
                "structlog.get_logger",
                "structlog.getLogger",
                "loguru.logger.bind",
                "logging.getLoggerClass",
            ):
                return True
            if isinstance(func, cst.Attribute):
                if func.attr.value in ("bind", "opt", "new", "patch", "getChild", "with_fields", "get_child"):
                    return self.is_logger_expr(func.value, depth + 1)
                return bool(vocab.LOGGER_FACTORY.search(func.attr.value)) and func.attr.value.lower() not in (
                    "new",
                    "patch",
                    "bind",
                    "opt",
                )
            if isinstance(func, cst.Name):
                return bool(_LOGGER_NAME.search(func.value)) or func.value in self.logger_vars
            return False
        d = dotted(node)
        if d is None:
            return False
        if d in self.logger_vars:
            return True
        resolved = self.imports.resolve(node) or d
        if resolved in ("logging", "logging.root", "loguru.logger", "structlog") or resolved.startswith(
            "loguru.logger"
        ):
            return True
        last = d.rsplit(".", 1)[-1].lower()
        bare = last.strip("_")
        return (
            bare in ("log", "logger", "logging", "lg", "applog", "_log")
            or bare.endswith("logger")
            or bare.endswith("_log")
            or bare.startswith("log_")
            or bare.startswith("logger")
        )

    def maybe_client(self, call: cst.Call, targets: Sequence[str]) -> None:
        """A ccxt client construction, as the shared client tracker recognises it."""
        if self.tracker is None:
            return
        from ..clients import CCXT

        found = self.tracker.ctor(call)
        if found is None or found.kind != CCXT:
            return
        config = None
        for a in call.args:
            if a.keyword is None and not a.star:
                config = a.value
                break
            if a.keyword is not None and a.keyword.value == "config":
                config = a.value
                break
        rec = ClientRec(targets[0], call, config, self.scope, self.seq)
        self.client_by_call[id(call)] = rec
        cfg = config
        if isinstance(cfg, cst.Name):
            # the dict literal the config name was last bound to
            evs = self.scope.assigns.get(cfg.value) or self.module.assigns.get(cfg.value) or []
            for ev in reversed(evs):
                if ev.mode == "value" and isinstance(ev.value, cst.Dict):
                    cfg = ev.value
                    break
        if isinstance(config, cst.Name):
            # params["verbose"] = True before the client is made from params (ccxt reads its
            # config when it is constructed: a later store changes nothing)
            for store_scope, store_seq, node in self.verbose_stores.get(config.value, ()):
                if store_seq < self.seq and store_scope in (self.scope, self.module):
                    rec.verbose.append(node)
        if isinstance(cfg, cst.Dict):
            for el in cfg.elements:
                if isinstance(el, cst.DictElement):
                    k = literal_str(el.key)
                    if k == "verbose" and isinstance(el.value, cst.Name) and el.value.value == "True":
                        rec.verbose.append(el)
        for n in targets:
            self.clients[n] = rec
        self.client_list.append(rec)

    def on_call(self, node: cst.Call) -> None:
        func = node.func
        sc = self.scope
        # calls that may reach a function of this module
        if isinstance(func, (cst.Name, cst.Attribute)):
            self.calls.append((sc, self.seq, node))
        if isinstance(func, cst.Attribute):
            attr = func.attr.value
            if attr == "get" and node.args and node.args[0].keyword is None:
                if isinstance(func.value, cst.Subscript):
                    self.note_record_read(node)
                self._note_container(node)
            if attr in vocab.ABSORB_METHODS and node.args:
                recv = func.value
                if isinstance(recv, cst.Attribute) and self.session_vars:
                    self._session_store(recv, node.args[0].value)  # s.headers.update({...})
                vals = [a.value for a in node.args]
                seq = self.next_seq()
                target_val = vals[-1] if attr not in ("update",) else vals[0]
                if isinstance(recv, cst.Name):
                    sc.assigns.setdefault(recv.value, []).append(Event(seq, target_val, "augment"))
                elif (
                    isinstance(recv, cst.Attribute)
                    and isinstance(recv.value, cst.Name)
                    and recv.value.value in ("self", "cls")
                    and sc.cls is not None
                ):
                    sc.cls.stores.setdefault(recv.attr.value, []).append((sc, Event(seq, target_val, "augment")))
            if attr == "add_argument" and node.args:
                self._note_cli_option(node)
            if attr == "connect" and node.args and isinstance(node.args[0].value, cst.Tuple):
                rd = dotted(func.value) or ""
                rec = self.sockets.get(rd)
                if rec is not None and rec[0] == "tcp" and node.args[0].value.elements:
                    host = static_str(node.args[0].value.elements[0].value, self.consts, self.lists)
                    self.sockets[rd] = ("tcp", host.lower() if host else None)
        self.match_sinks(node)
        if isinstance(func, (cst.Name, cst.Attribute)):
            self.imported_call(node)

    def route_of(self, sc: Scope) -> Optional[str]:
        """``GET /keys`` for a web route (``@app.get("/keys")``, ``@bp.route("/keys")``) of a
        module that imports a web framework, else None."""
        node = sc.node
        if not isinstance(node, cst.FunctionDef) or not node.decorators:
            return None
        for deco in node.decorators:
            call = deco.decorator
            if not (isinstance(call, cst.Call) and isinstance(call.func, cst.Attribute)
                    and call.func.attr.value in vocab.ROUTE_DECORATORS):
                continue
            if not self._imports_any(vocab.WEB_FRAMEWORKS):
                return None
            path = literal_str(call.args[0].value) if call.args and call.args[0].keyword is None else None
            verb = call.func.attr.value.upper() if call.func.attr.value not in ("route", "api_route") else "route"
            if path and LABEL_OK.match(path.strip("/").replace("/", ".") or "x"):
                return f"{verb} {path}"
            return f"{node.name.value}()"
        return None

    # -- calls to other modules of the project (the link step) -----------------------------
    def imported_call(self, node: cst.Call) -> None:
        func = node.func
        if isinstance(func, cst.Name) and func.value in self.functions:
            return  # a function of this module
        qualified = self.qualify(func)
        method = False
        if qualified is None and isinstance(func, cst.Attribute):
            cls_q = self.instance_of_imported(func.value)
            if cls_q is not None:
                qualified, method = f"{cls_q}.{func.attr.value}", True
        if qualified is None or not is_project_name(qualified):
            return
        if not method and qualified.rsplit(".", 1)[-1][:1].isupper():
            self.wanted.add(qualified)  # the class (its repr) and its constructor
            qualified, method = f"{qualified}.__init__", True
        self.wanted.add(qualified)
        self.import_calls.append((self.scope, self.seq, node, qualified))
        fact = self.linked.get(qualified)
        if isinstance(fact, Mapping) and fact.get("sinks"):
            self._linked_sites(node, qualified, fact, method)

    def instance_of_imported(self, recv: cst.CSTNode) -> Optional[str]:
        """``n.send()`` where ``n = Notifier()`` (or ``self.n = Notifier()``) and ``Notifier``
        is imported: the class's qualified name."""
        if isinstance(recv, cst.Call):  # Notifier().send(...)
            return self._imported_class(recv)
        if not self.instances:
            return None
        d = dotted(recv)
        return self.instances.get(d) if d else None

    def _imported_class(self, call: cst.Call) -> Optional[str]:
        q = self.qualify(call.func)
        return q if q is not None and q.rsplit(".", 1)[-1][:1].isupper() else None

    def note_instance(self, names: Sequence[str], value: cst.CSTNode) -> None:
        """Names bound to an instance of an imported class (flow-insensitive, by name)."""
        if isinstance(value, cst.Call):
            q = self._imported_class(value)
            if q is not None:
                for n in names:
                    self.instances[n] = q

    def _linked_sites(self, node: cst.Call, qualified: str, fact: Mapping, method: bool) -> None:
        groups: Dict[Tuple[str, Optional[str]], Tuple[dict, List[cst.CSTNode]]] = {}
        # sinks the reverse link reports at their home for this call (reverse.py)
        done = delivered_keys(self, qualified, lambda: self.line_of(node)) or ()
        for sink in fact.get("sinks") or ():
            if not isinstance(sink, Mapping) or sink.get("sink") not in SINK_KINDS:
                continue
            if done and sink_key(str(sink.get("module") or fact.get("module") or ""), sink) in done:
                continue
            exprs = call_args(node, fact, [sink.get("param")])
            path = [str(p) for p in sink.get("attr") or () if isinstance(p, str) and p.isidentifier()][:3]
            if path:
                # an attribute of the parameter reaches the sink: judge that attribute of the
                # argument (``acct.key`` of ``load_account()``, ``ex.__dict__`` of a client)
                exprs = [_attr_chain(e, path) for e in exprs]
            if exprs:
                key = (str(sink["sink"]), sink.get("host"))
                groups.setdefault(key, (dict(sink), []))[1].extend(exprs)
        label = ".".join(qualified.split(".")[-2:]) if method else describe(node.func)
        for (kind, host), (sink, exprs) in groups.items():
            what = f"{sink.get('what') or 'a sink'} in {where(dict(fact), sink)} through {label}()"
            self.add_site(kind, node, what, exprs, host=host)

    def _note_cli_option(self, node: cst.Call) -> None:
        """``parser.add_argument("--api-secret")`` / ``("--key", help="API key")``."""
        opts = [o for o in (literal_str(a.value) for a in node.args if a.keyword is None) if o]
        kw = {a.keyword.value: a.value for a in node.args if a.keyword is not None}
        longs = [o for o in opts if o.startswith("--")] or [o for o in opts if o.startswith("-")] or opts
        if not longs:
            return
        opt = longs[0].lstrip("-")
        dest = literal_str(kw.get("dest")) or opt.replace("-", "_")
        level = literal_str(kw.get("default"))
        if level is not None and (level.upper() in vocab.DEBUG_LEVELS or level.upper() in ("INFO", "WARNING", "ERROR")):
            self.cli_levels[dest] = level.upper()
        kind = credential_kind(opt) or credential_kind(dest)
        if kind is None and classify(dest) in (KEY_MAYBE, TOKEN_MAYBE):
            helptext = literal_str(kw.get("help")) or ""
            if vocab.CLI_CRED_HELP.search(helptext):
                kind = EXCHANGE
        if kind is None:
            return
        self.cli_creds.append((safe_label(opt, "option"), node))
        if LABEL_OK.match(dest):
            self.cli_dests[dest] = safe_label(opt, "option")

    # -- sink sites ----------------------------------------------------------------------
    def add_site(self, kind: str, node: cst.CSTNode, what: str, exprs: List[cst.CSTNode], **kw) -> None:
        """A sink site at the current point of the walk (also for statement sinks that a rule
        recognises itself: ``raise``, ``assert``)."""
        if exprs:
            self.sites.append(SinkSite(kind, node, what, exprs, self.scope, self.next_seq(), **kw))

    def args_of(self, node: cst.Call, skip_kw: Iterable[str] = (), start: int = 0) -> List[cst.CSTNode]:
        """The content arguments of a call: positional from ``start``, and keywords that are
        neither options (``skip_kw``) nor destinations (``chat_id=``, ``webhook_url=``)."""
        out: List[cst.CSTNode] = []
        pos = 0
        skip = set(skip_kw) | vocab.DESTINATION_KW
        for a in node.args:
            if a.keyword is None:
                if pos >= start:
                    out.append(a.value)
                pos += 1
            elif a.keyword.value not in skip:
                out.append(a.value)
        return out

    def match_sinks(self, node: cst.Call) -> None:
        func = node.func
        resolved = self.imports.resolve(func) or ""
        attr = func.attr.value if isinstance(func, cst.Attribute) else None
        recv = func.value if isinstance(func, cst.Attribute) else None
        recv_d = (dotted(recv) or "") if recv is not None else ""
        for spec in self.sink_index.candidates(resolved, attr, recv_d):
            if self._matches(spec, node, resolved, recv, recv_d):
                self._site(spec, node, resolved, recv_d)
                break
        if self.level_index.by_callee or self.level_index.by_method:
            for spec in self.level_index.candidates(resolved, attr, recv_d):
                if self._matches(spec, node, resolved, recv, recv_d):
                    self.level_sites.append(
                        SinkSite(LOG_LEVEL, node, describe(func), [], self.scope, self.seq, call=node)
                    )
                    break

    def _imports_any(self, modules: Tuple[str, ...]) -> bool:
        key = (modules, len(self.imports.modules))  # imports only grow during the walk
        found = self._imports_memo.get(key)
        if found is None:
            found = self._imports_memo[key] = any(self.imports.imports_module(m) for m in modules)
        return found

    def _matches(self, spec: SinkSpec, node: cst.Call, resolved: str, recv: Optional[cst.CSTNode], recv_d: str) -> bool:
        if spec.imports and not self._imports_any(spec.imports):
            return False
        if spec.methods and not spec.callees and not spec.suffixes and recv is None:
            return False
        last = recv_d.rsplit(".", 1)[-1] if recv_d else ""
        if (
            spec.not_receiver is not None
            and spec.not_receiver.search(last or "_")
            and not (spec.unless_receiver and spec.unless_receiver in last.lower())
        ):
            return False
        if spec.need_receiver and spec.need_receiver not in recv_d.lower():
            return False
        test = spec.receiver
        if not test:
            return True
        if test.startswith("="):
            return recv_d in test[1:].split("|")
        if test == "name":
            return isinstance(node.func, cst.Name)
        if test == "logger":
            return recv is not None and self.is_logger_expr(recv)
        if test == "self":
            return recv_d in ("self", "cls")
        if test == "console":
            return "console" in recv_d.lower()
        if test == "file":
            return (
                recv_d in self.file_vars
                or (isinstance(recv, cst.Call) and bool(vocab.OPENERS.search(self.imports.resolve(recv.func) or "")))
                or (
                    isinstance(recv, cst.Call)
                    and isinstance(recv.func, cst.Attribute)
                    and recv.func.attr.value == "open"
                )
                or bool(vocab.FILEISH.match(last))
            )
        if test == "metric":
            if isinstance(recv, cst.Call):  # Info("bot", "...").info({...})
                return _is_metric_ctor(self.imports.resolve(recv.func) or "")
            return recv_d in self.metric_vars
        if test == "socket":
            found = self.sockets.get(recv_d)
            return found is not None and (found[1] is not None or found[0] == "tcp")
        if test == "http":
            head = resolved.split(".")[0] if resolved else ""
            if resolved.startswith(vocab.HTTP_MODULES) and head in (
                "requests",
                "httpx",
                "urllib",
                "urllib3",
                "treq",
                "grequests",
            ):
                return True
            if isinstance(recv, cst.Call):
                return bool(vocab.SESSION_CTORS.match(self.imports.resolve(recv.func) or ""))
            low = last.lower()
            return (
                recv_d in self.session_vars
                or "session" in low
                or low in ("client", "http", "sess", "s", "_client", "http_client", "httpclient")
            )
        return False

    def _site(self, spec: SinkSpec, node: cst.Call, resolved: str, recv_d: str) -> None:
        kind = spec.kind
        if kind == HTTP:
            self._http_site(node, node.func.attr.value if isinstance(node.func, cst.Attribute) else "")
            return
        if spec.redirect_kw:
            dest = next((a.value for a in node.args if a.keyword and a.keyword.value == spec.redirect_kw), None)
            if dest is not None and (dotted(dest) or "") not in _STDIO:
                self.add_site(FILE, node, describe(node.func), self.args_of(node, spec.skip))
                return
        exprs: List[cst.CSTNode]
        if spec.needs_stream:
            pos = [a for a in node.args if a.keyword is None]
            if not (len(pos) >= 2 or any(a.keyword and a.keyword.value in ("fp", "stream", "file") for a in node.args)):
                return
            exprs = [pos[0].value] if pos else []
        elif spec.only >= 0:
            pos_vals: List[cst.CSTNode] = [a.value for a in node.args if a.keyword is None]
            exprs = pos_vals[spec.only : spec.only + 1] or [
                a.value for a in node.args if a.keyword and a.keyword.value == spec.only_kw
            ]
        else:
            exprs = self.args_of(node, spec.skip, spec.start)
            if spec.first_only:
                exprs = exprs[:1]
        if spec.notify_kw and any(
            a.keyword
            and a.keyword.value == spec.notify_kw
            and isinstance(a.value, cst.Name)
            and a.value.value == "True"
            for a in node.args
        ):
            kind = NOTIFY
        host = None
        if kind == SOCKET:
            host = self.sockets[recv_d][1] or "an unnamed host"
        if kind == LOG and self.handlers and self.handlers[-1] is not None and _logs_traceback(node):
            exprs = exprs + [self.handlers[-1]]  # log.exception(...): the traceback ends with the text
        self.add_site(kind, node, describe(node.func), exprs, whole_objects=spec.whole_objects, host=host)

    def _http_site(self, node: cst.Call, method: str) -> None:
        from ..hosts import host_of

        pos = [a for a in node.args if a.keyword is None and not a.star]
        url = next((a.value for a in node.args if a.keyword and a.keyword.value in ("url", "str_or_url")), None)
        rest_start = 1
        if url is None and pos:
            if method == "request" and len(pos) >= 2 and literal_str(pos[0].value) is not None:
                url = pos[1].value
                rest_start = 2
            else:
                url = pos[0].value
        if url is None:
            return
        lead = leading_text(url, self.consts, self.lists)
        host = host_of(lead) if lead else None
        if host is None and (lead is None or "://" not in lead[:12]) and isinstance(node.func, cst.Attribute):
            host = self.session_hosts.get(dotted(node.func.value) or "")
        exprs: List[cst.CSTNode] = [url]
        exprs += [a.value for a in pos[rest_start:]]
        exprs += [a.value for a in node.args if a.keyword and a.keyword.value in vocab.HTTP_PAYLOAD_KW]
        carried = self.session_carried(dotted(node.func.value) or "", self.scope) \
            if isinstance(node.func, cst.Attribute) else []
        self.add_site(HTTP, node, describe(node.func), exprs, host=host, url=url, carried=list(carried))


def url_parts(site: SinkSite) -> List[cst.CSTNode]:
    """What an HTTP site's full URL is made of: the URL, and a ``params=`` dict written at the
    call (requests, httpx and aiohttp put it in the query; a parameter's dict may be the body of
    another method's call: the analysis does not tell the paths apart)."""
    if site.url is None:
        return []
    out = [site.url]
    if isinstance(site.node, cst.Call):
        out.extend(a.value for a in site.node.args
                   if a.keyword is not None and a.keyword.value == "params" and isinstance(a.value, cst.Dict))
    return out


# the name a handler without ``as`` has its exception bound to (no program spells it)
_EXC = "__botlint_exception__"


def _logs_traceback(call: cst.Call) -> bool:
    """``log.exception(...)`` / ``log.error(..., exc_info=True)``: the record ends with the
    traceback, whose last line is the exception's text."""
    if isinstance(call.func, cst.Attribute) and call.func.attr.value == "exception":
        return True
    return any(a.keyword is not None and a.keyword.value == "exc_info" and isinstance(a.value, cst.Name)
               and a.value.value == "True" for a in call.args)


# HTTP clients whose exceptions do not show the request's URL
_URL_SILENT = ("urllib.request", "urllib3", "http.client", "pycurl")


def _is_metric_ctor(func: str) -> bool:
    """``prometheus_client.Counter`` (and its submodules' spellings)."""
    return func.startswith(vocab.METRIC_MODULES) and func.endswith(vocab.METRIC_CLASSES)


def _attr_chain(expr: cst.CSTNode, path: Sequence[str]) -> cst.CSTNode:
    """``expr.a.b`` as a node (made for a linked sink: the site keeps it alive)."""
    for attr in path:
        expr = cst.Attribute(value=expr, attr=cst.Name(attr))  # type: ignore[arg-type]
    return expr


def _public_default(value: Optional[cst.CSTNode]) -> bool:
    """A connection URL field's default that carries no password (``"redis://localhost:6379/0"``,
    ``"sqlite:///bot.db"``): the setting is a local default, not a secret a reader should assume."""
    text = literal_str(value) if value is not None else None
    if text is None:
        return False
    rest = text.split("://", 1)[-1]
    userinfo = rest.split("@", 1)[0] if "@" in rest.split("/", 1)[0] else ""
    return ":" not in userinfo


def _dotted_names(targets: Sequence[cst.CSTNode]) -> List[str]:
    """The dotted names of the Name / Attribute targets of an assignment."""
    out = []
    for t in targets:
        d = dotted(t) if isinstance(t, (cst.Name, cst.Attribute)) else None
        if d:
            out.append(d)
    return out


def _context(root: Optional[cst.CSTNode]) -> Tuple[str, ...]:
    """The name of the mapping looked into, as context for a bare key (``exchange_conf["key"]``)."""
    if isinstance(root, cst.Name):
        return (root.value,)
    if isinstance(root, cst.Attribute):
        return (root.attr.value,)
    return ()
