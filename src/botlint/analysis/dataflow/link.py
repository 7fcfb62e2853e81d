"""Credential flows across modules: what a module exports, what it wants, and the closure.

The link step of the engine (LINK.md) calls, per file, :func:`export` (facts about what the
module defines at top level) and :func:`wants` (the fully-qualified names it imports and uses),
then once per run :func:`close` over every module's export, and re-lints a file with the facts
it wants in ``ctx.linked["dataflow"]``.  Facts are small JSON data, never a value:

* a function or method (``"send_alert"``, ``"Notifier.send"``)::

    {"kind": "function", "params": ["text", "chat"], "line": 30,
     "sinks": [{"param": 0, "sink": "notify", "what": "bot.send_message", "line": 30,
                "module": "", "host": null}],
     "calls": [{"param": 0, "calls": "bot.log.log_it", "arg": 0}],
     "returns": {"cred": "exchange", "label": "BINANCE_API_KEY", "origin": "os.environ", "line": 12}}

  ``sinks``: which parameter reaches which sink kind (through the module's own helpers too);
  ``calls``: symbolic edges, "parameter ``param`` is passed as argument ``arg`` (an index, or
  ``"kw:name"``) of the imported ``calls``", which :func:`close` turns into sinks of the other
  module (``module`` names where the sink is when it is not the defining module);
  ``returns``: the credential a function returns.
* a class: ``{"kind": "class", "shows": "api_key", "cred": "exchange", "line": 8}`` when its
  str/repr shows a credential field.
* a constant: ``{"kind": "constant", "cred": "exchange", "label": "API_KEY", "origin":
  "os.environ", "container": false, "line": 12}``.

Lines are those of the ``def`` / ``class`` / assignment statement, found by one linear scan of
the source (positions of the libcst tree would cost more than the walk).
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, Dict, FrozenSet, Iterable, Iterator, List, Mapping, Optional, Set, Tuple

import libcst as cst

from .. import names
from ..names import connection_url, credential_kind
from . import hooks, reverse
from .modnames import _param_of, _split, arg_slots, is_project_name  # noqa: F401 (is_project_name: API)
from .ir import EMPTY, Scope, Source, safe_label

if TYPE_CHECKING:  # pragma: no cover
    from . import DataFlow

_DEF = re.compile(r"^([ \t]*)(?:async[ \t]+)?(def|class)[ \t]+(\w+)", re.M)
_ASSIGN = re.compile(r"^(\w+)[ \t]*(?::[^=\n]*)?=[^=]", re.M)
_MAX_SINKS = 16
_NOTIFY_URL = frozenset({names.WEBHOOK, names.BOT_TOKEN})
_MAX_ROUNDS = 12



def def_lines(source: str) -> Dict[str, int]:
    """``{"send_alert": 30, "Notifier": 40, "Notifier.send": 42}`` for the top-level functions
    and classes and the methods of top-level classes, from one scan of the source."""
    out: Dict[str, int] = {}
    cls: Optional[str] = None
    cls_indent = ""
    line_at = _LineCounter(source)
    for m in _DEF.finditer(source):
        indent, kind, name = m.group(1), m.group(2), m.group(3)
        line = line_at(m.start())
        if not indent:
            cls = name if kind == "class" else None
            cls_indent = ""
            out.setdefault(name, line)
        elif cls is not None and kind == "def":
            if not cls_indent:
                cls_indent = indent
            if indent == cls_indent:
                out.setdefault(f"{cls}.{name}", line)
    for m in _ASSIGN.finditer(source):
        out.setdefault(m.group(1), line_at(m.start()))
    return out


class _LineCounter:
    """Offsets -> 1-based lines for increasing offsets, counting newlines once."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0
        self.line = 1

    def __call__(self, offset: int) -> int:
        if offset < self.pos:
            self.pos, self.line = 0, 1
        self.line += self.text.count("\n", self.pos, offset)
        self.pos = offset
        return self.line


# -- export ----------------------------------------------------------------------------------

def call_args(call: cst.Call, fact: Mapping[str, Any], indexes: Iterable[Any]) -> List[cst.CSTNode]:
    """The arguments of ``call`` that land in the parameters ``indexes`` of another module's
    function (``fact``: its ``params``; a method's ``self`` is bound)."""
    params = [str(p) for p in fact.get("params") or ()]
    offset = 1 if fact.get("method") else 0
    wanted = {i for i in indexes if isinstance(i, int)}
    names_ = {params[i] for i in wanted if 0 <= i < len(params)}
    out: List[cst.CSTNode] = []
    pos = 0
    for a in call.args:
        if a.star:
            continue
        if a.keyword is None:
            if pos + offset in wanted:
                out.append(a.value)
            pos += 1
        elif a.keyword.value in names_:
            out.append(a.value)
    return out


def export(flow: "DataFlow") -> Dict[str, dict]:
    done = flow.__dict__.get("_exported")
    if done is None:
        done = flow.__dict__["_exported"] = _export(flow)
    return done


def _export(flow: "DataFlow") -> Dict[str, dict]:
    col = flow.col
    res = flow.resolver
    lines: Optional[Dict[str, int]] = None
    # the names other modules of the run can take (the engine's import pre-scan; None: all):
    # the facts of the rest are not computed, but for the classes of the module-level
    # instances among them (``notifier = Notifier()`` exports ``notifier.send``)
    only: Optional[FrozenSet[str]] = getattr(flow, "export_only", None)
    need = None if only is None else _needed(col, res, only)

    def line_of(name: str) -> Optional[int]:
        nonlocal lines
        if lines is None:
            lines = def_lines(flow.ctx.source or "")
        return lines.get(name)

    from . import vocab

    funcs: Dict[str, Scope] = dict(col.functions)
    for cls in col.class_by_name.values():
        for mname, m in cls.methods.items():
            funcs[f"{cls.name}.{mname}"] = m
    if need is not None and not need:
        funcs = {}  # only the ``@`` facts: no function's sinks, edges or returns are read
    by_scope = {id(sc): name for name, sc in funcs.items()}
    sinks: Dict[int, List[dict]] = {}
    # 1. parameters that reach a sink site of their own function
    for site in col.sites:
        sc = site.scope
        if id(sc) not in by_scope:
            continue
        if site.kind == "response":
            continue  # a route is called by the web framework, not by other modules
        kind, what = site.kind, site.what
        if site.kind == "http" and site.host is None:
            # the host decides the judgement: unknown here, unless the URL is a webhook or bot
            # URL (``requests.post(DISCORD_WEBHOOK, json=...)``): then it is a notification,
            # as the notification rule judges it in the module itself
            if site.url is None or not any(s.kind in _NOTIFY_URL for s in res.eval(site.url, sc, site.seq, False)):
                continue
            kind, what = "notify", f"{site.what} (a notification webhook)"
        marks: Set[Tuple[int, Tuple[str, ...]]] = set()
        for e in site.exprs:
            if e is site.url and kind != site.kind:
                continue  # the webhook URL is where it goes, not what is said
            marks.update((s.param, s.path) for s in res.eval(e, sc, site.seq, True) if s.param >= 0 and s.owner is sc)
        for i, path in sorted(marks):
            if i == 0 and sc.is_method and not sc.is_static:
                continue
            typed = _typed(flow, res, sc, i)
            if typed is True and not path:
                continue  # def audit(acc: Creds): the finding is made here, at the sink, once
            if path and any(credential_kind(p, tuple(path[:n])) for n, p in enumerate(path)):
                continue  # s.bybit_api_key: named a credential, found here at the sink already
            # the sink's own line (what a caller's finding cites), else the function's
            entry: Dict[str, Any] = {"param": i, "sink": kind, "what": what,
                                     "line": reverse.call_line(flow, site.node) or line_of(by_scope[id(sc)]),
                                     "module": "", "host": site.host}
            if path:
                entry["attr"] = list(path)  # an attribute of the parameter reaches the sink
            if isinstance(typed, str) and not path:
                entry["typed"] = typed  # close() drops it when that class shows a credential
            _add(sinks.setdefault(id(sc), []), entry)
    # 1b. constructor parameters kept in fields that another method's sink shows
    #     (``Notifier(token).describe()`` prints ``self.token``): sinks of ``__init__``
    ctor = _ctor_flows(flow, funcs, line_of, by_scope)
    for sid, entries in ctor.sinks.items():
        for entry in entries:
            _add(sinks.setdefault(sid, []), entry)
    # 2. through the module's own helpers: a parameter passed on to a helper's sinking parameter
    for _round in range(_MAX_ROUNDS):
        changed = False
        for caller, seq, call in col.calls:
            if id(caller) not in by_scope:
                continue
            target = res.callee(caller, call)
            if target is None or id(target[0]) not in sinks:
                continue
            callee, offset = target
            for done in list(sinks[id(callee)]):
                attr = tuple(done.get("attr") or ())
                for arg in res.args_for(call, callee, int(done["param"]), offset):
                    for s in res.eval(res.attr_path(arg, attr) if attr else arg, caller, seq, True):
                        if s.param >= 0 and s.owner is caller and not (s.param == 0 and caller.is_method
                                                                         and not caller.is_static):
                            changed |= _add(sinks.setdefault(id(caller), []), _with_path(done, s.param, s.path))
        if not changed:
            break
    # 3. symbolic edges to imported functions
    calls: Dict[int, List[dict]] = {}
    for caller, seq, call, qualified in col.import_calls:
        if id(caller) not in by_scope or need is not None and by_scope[id(caller)].split(".", 1)[0] not in need:
            continue
        for edge in _param_edges(res, call, caller, seq, qualified):
            lst = calls.setdefault(id(caller), [])
            if edge not in lst and len(lst) < _MAX_SINKS:
                lst.append(edge)
    out: Dict[str, dict] = {}
    for name, sc in funcs.items():
        last = name.rsplit(".", 1)[-1]
        if last.startswith("_") and last != "__init__" and "." in name:
            continue  # private methods are not called from other modules (a constructor is); a
            # private top-level function is imported (``from ._relay import _register_signer``)
        if need is not None and name.split(".", 1)[0] not in need:
            continue
        fact: Dict[str, Any] = {}
        if id(sc) in sinks:
            fact["sinks"] = sinks[id(sc)]
        if id(sc) in calls:
            fact["calls"] = calls[id(sc)]
        if sc.returns:
            returned = res.returns(sc)
            # (a credential-named parameter is not a source of the function: ``passes`` says
            # what flows from the caller's argument)
            concrete = [s for s in returned if s.param < 0 and not s.obj and not s.origin.startswith("parameter of")]
            ret = _strong(concrete) or _first(s for s in concrete if not _plural(s.label))
            if ret is not None:
                fact["returns"] = {"cred": ret.kind, "label": safe_label(ret.label), "origin": safe_label(
                    ret.origin, "a look-up") if " " not in ret.origin else ret.origin, "line": line_of(name),
                    "strong": ret.strong}
            # parameters whose content the function returns (``return f"key={acc.key}"``)
            skip_self = sc.is_method and not sc.is_static
            passes = sorted({s.param for s in returned if s.param >= 0 and s.owner is sc and not s.path
                             and not (s.param == 0 and skip_self)})
            _returned_calls(sc, col, res, fact, skip_self)
            made = next((m for m in (res.made_by(ev.value, sc) for ev in sc.returns
                                     if isinstance(ev.value, (cst.Call, cst.Name, cst.Await))) if m), None)
            if made:  # a wallet / signer factory: load_account() -> Account.from_key(...)
                fact["wallet"] = safe_label(made, "a maker")
                fact["keypair"] = made.lower().endswith(vocab.KEYPAIR_FROM_KEY)
            else:  # load_accounts() -> [Account.from_key(k) for k in keys]: its elements are wallets
                many = next((m for m in (res.elements_made_by(ev.value, sc, None, 0) for ev in sc.returns) if m), None)
                if many:
                    fact["wallets"] = safe_label(many, "a maker")
            if passes:
                fact["passes"] = passes[:_MAX_SINKS]
            kept = ctor.returns.get(id(sc))
            if kept:  # ``Auth(key, secret).headers()`` returns what the constructor was given
                fact["ctor_passes"], fact["ctor_params"] = kept
            # per position of a returned tuple (``return key, raw``) and of the tuples of a
            # returned list (``out.append((venue, key, secret))``): callers keep them apart
            for what in ("elements", "items"):
                positions = _positions(res, sc, what)
                if positions is not None:
                    fact[what] = positions
            # a factory of a class with SecretStr fields: those fields of its result are masked
            product = res.annotation_class(getattr(sc.node, "returns", None)) if col.class_by_name else None
            product = product or next((c for c in (res.ctor_class(ev.value) for ev in sc.returns) if c), None)
            secret_fields = sorted(f.name for f in product.fields if f.secret_typed and f.kind) if product else []
            if secret_fields:
                fact["masked"] = secret_fields[:_MAX_SINKS]
            if product is not None and product.is_record:
                fact["creds"] = _dumped(product)
                types = _field_types(res, product, line_of)
                if types:
                    fact["types"] = types
        if fact:
            fact.update({"kind": "function", "params": [p.lstrip("*") for p in sc.params], "line": line_of(name),
                         "method": sc.is_method and not sc.is_static})
            out[name] = fact
    # classes whose str/repr shows a credential, and their SecretStr fields (masked when shown)
    for cls in col.class_by_name.values():
        if need is not None and cls.name not in need:
            continue
        shown = res.class_display(cls, cls.name, None)
        masked = sorted(f.name for f in cls.fields if f.secret_typed and f.kind)[:_MAX_SINKS]
        if shown:
            first = sorted(shown, key=lambda s: s.label)[0]
            out.setdefault(cls.name, {"kind": "class", "shows": safe_label(first.label), "cred": first.kind,
                                      "line": line_of(cls.name)})
        if masked:
            out.setdefault(cls.name, {"kind": "class", "line": line_of(cls.name)})["masked"] = masked
        # a settings class's connection URL fields (``database_url``): filled from the environment
        conn = sorted(f.name for f in cls.fields if cls.is_settings and not f.secret_typed and f.kind
                      and connection_url(f.name))[:_MAX_SINKS]
        if conn:
            out.setdefault(cls.name, {"kind": "class", "line": line_of(cls.name)})["conn"] = conn
        if cls.is_record and any(f.kind for f in cls.fields):
            fact = out.setdefault(cls.name, {"kind": "class", "line": line_of(cls.name)})
            fact["creds"] = _dumped(cls)
            # the fields in order: ``acc.secret`` of ``ApiAccount("okx", KEY, SECRET)`` elsewhere
            fact["fields"] = [f.name for f in cls.fields][:_MAX_SINKS]
            not_shown = [f.name for f in cls.fields if not f.shown][:_MAX_SINKS]
            if not_shown:
                fact["hidden"] = not_shown  # field(repr=False) / attr.ib(repr=False): not in its repr
        types = _field_types(res, cls, line_of) if cls.is_record else {}
        if types:
            # the fields typed with a record that shows a credential (``settings.exchange``)
            out.setdefault(cls.name, {"kind": "class", "line": line_of(cls.name)})["types"] = types
    # module-level instances of the module's classes: notifier = Notifier() -> "notifier.send";
    # settings = Settings() with SecretStr fields -> "settings": their names (masked when shown)
    for name, evs in col.module.assigns.items():
        if need is not None and name not in need:
            continue
        last_ev = evs[-1] if evs else None
        value = last_ev.value if last_ev is not None and last_ev.mode == "value" else None
        if isinstance(value, cst.Call) and isinstance(value.func, cst.Name) and value.func.value in col.class_by_name:
            hidden = out.get(value.func.value, {}).get("masked")
            if hidden and not name.startswith("_"):
                out.setdefault(name, {"kind": "instance", "masked": hidden, "line": line_of(name)})
            urls = out.get(value.func.value, {}).get("conn")
            if urls and not name.startswith("_"):
                out.setdefault(name, {"kind": "instance", "line": line_of(name)})["conn"] = urls
            prefix = value.func.value + "."
            for key, fact in list(out.items()):
                if key.startswith(prefix) and fact.get("kind") == "function" and not key.endswith(".__init__"):
                    # (the function's own name: the reverse link hands credentials to it)
                    out.setdefault(f"{name}.{key[len(prefix):]}", {**fact, "name": key})
    # module-level credential constants, and wallets / signers built from a key
    for name, evs in col.module.assigns.items():
        if (name in out and out[name].get("kind") != "instance") or not evs or len(name) > 64 or name.startswith("_"):
            continue
        if need is not None and name not in need:
            continue
        final = evs[-1]
        made = res.made_by(cst.Name(name), col.module) if final.mode == "value" else None
        if made:
            out[name] = {"kind": "wallet", "made": safe_label(made, "a maker"), "line": line_of(name),
                         "keypair": made.lower().endswith(vocab.KEYPAIR_FROM_KEY)}
            continue
        many = res.elements_made_by(cst.Name(name), col.module, None, 0) if final.mode in ("value", "augment") else None
        if many:  # ACCOUNTS = [Account.from_key(k) for k in keys]: a list (or dict) of wallets
            out[name] = {"kind": "wallets", "made": safe_label(many, "a maker"), "line": line_of(name)}
            continue
        if final.mode != "value" or not isinstance(final.value, (cst.Call, cst.Subscript, cst.Attribute, cst.Name,
                                                                  cst.Dict, cst.BinaryOperation, cst.Tuple,
                                                                  cst.List)):
            continue
        if not (credential_kind(name) or name in col.module.containers or _looks_like_lookup(final.value)
                or _record_instance(res, final.value)):
            continue
        t = res.events(name, evs, col.module, 1 << 60, False)
        src = _strong(s for s in t if not s.obj)
        if src is not None:
            # (an instance of a record with SecretStr fields keeps its masked fields)
            out[name] = {**out.get(name, {}), "kind": "constant", "cred": src.kind, "label": safe_label(src.label),
                         "origin": src.origin, "container": bool(src.container or src.env), "line": line_of(name)}
            elements = _elements(final.value, res, col.module)
            if elements is not None:
                out[name]["elements"] = elements
    # module-level instances of the module's records (settings = Settings()): the credential
    # fields a dump of them shows (model_dump(exclude=...) of another module judges with them)
    for name, evs in col.module.assigns.items():
        if need is not None and name not in need:
            continue
        value = evs[-1].value if evs and evs[-1].mode == "value" else None
        record = res.ctor_class(value) if isinstance(value, cst.Call) and not name.startswith("_") else None
        if record is not None and record.is_record and any(f.kind for f in record.fields):
            fact = out.setdefault(name, {"kind": "instance", "line": line_of(name)})
            fact.setdefault("creds", _dumped(record))
            if "masked" not in fact and "masked" in out.get(record.name, {}):
                fact["masked"] = out[record.name]["masked"]
    passed = reverse.cred_calls(flow)
    if passed:
        out["@cred_calls"] = passed  # what this module passes to other modules' names
    for exporter in hooks.EXPORTERS:  # the facts rules add (their wants are the module's too)
        facts, wanted = exporter(flow)
        for name, fact in facts.items():
            out.setdefault(name, fact)
        col.wanted.update(wanted)
    if only is not None:  # (the classes of instances were computed for the instances only)
        out = {k: v for k, v in out.items() if k.startswith("@") or k.split(".", 1)[0] in only}
    return out


class _CtorFlows:
    """What a class's methods do with its constructor's parameters: ``sinks`` of the
    ``__init__`` scopes (by id), ``returns``: {method scope id: (parameter indexes, the
    constructor's parameters)}."""

    def __init__(self) -> None:
        self.sinks: Dict[int, List[dict]] = {}
        self.returns: Dict[int, Tuple[List[int], List[str]]] = {}


_PROBE = "\x00ctor"  # the label of a probe credential (never a name a module can bind)


def _ctor_flows(flow: "DataFlow", funcs: Mapping[str, Scope], line_of, by_scope: Mapping[int, str]) -> _CtorFlows:
    """The constructor parameters stored in fields (``self.token = token``) that a method of
    the class sends to a sink or returns.  Another module building the object with a credential
    (``Notifier(os.environ["TG_TOKEN"])``) then reaches that sink (the reverse link hands it
    to ``__init__``, whose fields the method reads) or gets it back from the method (the
    forward link: ``auth.headers()``).  Found with probes: a resolver of its own in which each
    constructor parameter receives a credential of its own, as other modules' do
    (``reverse.passed_sources``), so the sinks' and returns' own judgement (masking, lengths,
    hashes) applies; the module's memos are untouched."""
    out = _CtorFlows()
    col = flow.col
    classes = [c for c in col.class_by_name.values()
               if "__init__" in c.methods and len(c.methods["__init__"].params) > 1 and c.stores]
    if not classes:
        return out
    wanted = {id(m) for c in classes for name, m in c.methods.items() if name != "__init__"}
    sites = [site for site in col.sites if id(site.scope) in wanted and site.kind != "response"]
    returning = [m for c in classes for name, m in c.methods.items()
                 if name != "__init__" and not name.startswith("_") and m.returns and id(m) in by_scope]
    if not sites and not returning:
        return out
    probe = type(flow.resolver)(col)  # (the class of the module's resolver: no import cycle)
    table: Dict[Tuple[int, int], Any] = {}
    for c in classes:
        init = c.methods["__init__"]
        for i in range(1, len(init.params)):
            if not init.params[i].startswith("*"):
                table[(id(init), i)] = frozenset({probe.src(f"{_PROBE}{i}", "a probe", None, names.SECRET, True,
                                                            passed=True)})
    probe.probes = table

    def probed(sources) -> List[int]:
        return sorted({int(s.label[len(_PROBE):]) for s in sources if s.label.startswith(_PROBE)})

    init_of = {id(m): c.methods["__init__"] for c in classes for m in c.methods.values()}
    res = flow.resolver
    for site in sites:
        init = init_of[id(site.scope)]
        if site.kind == "http" and site.host is None:
            if site.url is None or not any(s.kind in _NOTIFY_URL for s in res.eval(site.url, site.scope, site.seq,
                                                                                    False)):
                continue
        found: Set[int] = set()
        for e in site.exprs:
            if e is site.url:
                continue
            found.update(probed(probe.eval(e, site.scope, site.seq, False)))
        for i in sorted(found):
            if credential_kind(init.params[i].lstrip("*")):
                continue  # a key-named parameter is a source of the module itself: reported here
            _add(out.sinks.setdefault(id(init), []),
                 {"param": i, "sink": site.kind, "what": site.what, "module": "", "host": site.host,
                  "line": reverse.call_line(flow, site.node) or line_of(by_scope.get(id(site.scope), ""))})
    for m in returning:
        init = init_of[id(m)]
        kept = probed(s for s in probe.returns(m))
        if kept:
            out.returns[id(m)] = (kept[:_MAX_SINKS], [p.lstrip("*") for p in init.params])
    return out


def _needed(col, res, only: FrozenSet[str]) -> Set[str]:
    """``only`` and the module's classes that module-level names among them are instances of
    (their facts are what an instance's facts are made of)."""
    need = set(only)
    for name in only:
        evs = col.module.assigns.get(name)
        value = evs[-1].value if evs and evs[-1].mode == "value" else None
        if not isinstance(value, cst.Call):
            continue
        if isinstance(value.func, cst.Name):
            need.add(value.func.value)
        record = res.ctor_class(value)
        if record is not None:
            need.add(record.name)
    return need


def _field_types(res, cls, line_of) -> Dict[str, dict]:
    """``{"exchange": {"kind": "class", "shows": ..., "cred": ..., "line": ...}}``: the fields of
    a record typed with a record of this module whose repr shows a credential (another
    module's ``settings.exchange`` shows it, nested however the config is)."""
    out: Dict[str, dict] = {}
    for f in cls.fields:
        sub = res.annotation_class(f.annotation) if f.annotation is not None else None
        if sub is None or sub is cls:
            continue
        shown = res.class_display(sub, sub.name, None)
        if shown:
            first = sorted(shown, key=lambda s: s.label)[0]
            out[f.name] = {"kind": "class", "shows": safe_label(first.label), "cred": first.kind,
                           "line": line_of(sub.name)}
        if len(out) >= _MAX_SINKS:
            break
    return out


def _dumped(cls) -> List[str]:
    """The credential fields of a record a dump shows (``model_dump()``, ``asdict()``: also
    the ``repr=False`` ones; not ``SecretStr``)."""
    return sorted(f.name for f in cls.fields if f.kind and not f.secret_typed)[:_MAX_SINKS]


_EXPR_PARTS = (cst.BaseExpression, cst.Arg, cst.BaseFormattedStringContent, cst.BaseElement, cst.BaseDictElement)


def _returned_calls(sc: Scope, col, res, fact: Dict[str, Any], skip_self: bool) -> None:
    """Symbolic edges of a function that returns what an imported function returns for one of
    its parameters (``return render(acc)``): ``fact["rcalls"]`` gets
    ``{"param": i, "calls": qualified, "arg": a}``; :func:`close` adds ``i`` to ``passes`` when
    the imported function returns what it gets as ``a``."""
    mine = {id(call): (seq, call, q) for owner, seq, call, q in col.import_calls if owner is sc}
    if not mine:
        return
    found: List[Tuple[int, cst.Call, str]] = []
    for ev in sc.returns:
        stack = [ev.value] if ev.value is not None else []
        budget = 64
        while stack and budget:
            budget -= 1
            n = stack.pop()
            if isinstance(n, cst.Call) and id(n) in mine:
                found.append(mine[id(n)])
            elif isinstance(n, cst.Name):
                for bound in sc.assigns.get(n.value, ())[-1:]:
                    if bound.mode == "value" and bound.value is not None and id(bound.value) in mine:
                        found.append(mine[id(bound.value)])
            stack.extend(c for c in n.children if isinstance(c, _EXPR_PARTS))
    edges: List[dict] = fact.setdefault("rcalls", [])
    for seq, call, qualified in found:
        for edge in _param_edges(res, call, sc, seq, qualified):
            if (not (edge["param"] == 0 and skip_self) and "attr" not in edge and edge not in edges
                    and len(edges) < _MAX_SINKS):
                edges.append(edge)
    if not edges:
        del fact["rcalls"]


def _param_edges(res, call: cst.Call, scope: Scope, seq: int, qualified: str) -> Iterator[dict]:
    """``{"param": i, "calls": qualified, "arg": j}`` for each parameter ``i`` of ``scope``
    that reaches argument ``j`` (a position, or ``"kw:name"``) of ``call``."""
    for at, a in arg_slots(call):
        for s in res.eval(a.value, scope, seq, True):
            if s.param >= 0 and s.owner is scope:
                edge: Dict[str, Any] = {"param": s.param, "calls": qualified, "arg": at}
                if s.path:
                    edge["attr"] = list(s.path)  # this attribute of the parameter is what is passed
                yield edge


def _elements(value: cst.CSTNode, res, module: Scope) -> Optional[List[Optional[dict]]]:
    """Per element of a tuple / list constant (``("okx", os.environ["OKX_KEY"], ...)``): the
    credential it holds, or None for a clean element, so another module's ``name, key = CREDS``
    and ``CREDS[0]`` keep element taint (at most 16 elements, no starred one)."""
    if not isinstance(value, (cst.Tuple, cst.List)) or not 0 < len(value.elements) <= _MAX_SINKS:
        return None
    if any(isinstance(e, cst.StarredElement) for e in value.elements):
        return None
    out: List[Optional[dict]] = []
    for e in value.elements:
        src = _strong(s for s in res.eval(e.value, module, 1 << 60, False) if not s.obj)
        out.append(None if src is None else {"cred": src.kind, "label": safe_label(src.label),
                                             "origin": src.origin, "container": bool(src.container or src.env)})
    return out


def _positions(res, sc: Scope, what: str) -> Optional[List[Optional[dict]]]:
    """Per position of what ``sc`` returns (``what``: "elements" of a tuple, "items" of a list
    of tuples): the strong credential there or None, when every return tells the positions
    apart, at least one position holds a credential and one does not (else the whole value
    says as much), and no position holds only a name-like (weak) source."""
    out: List[Optional[dict]] = []
    for i in range(_MAX_SINKS):
        parts = []
        for ev in sc.returns:
            if what == "elements":
                t = res.element(ev.value, i, sc, ev.seq, False)
            else:
                t = res.item_element(ev.value, i, sc, ev.seq, False)
            if t is None:
                break
            parts.append(t)
        else:
            found = [s for p in parts for s in p if not s.obj and s.param < 0]
            src = _strong(found)
            if found and src is None:
                return None
            out.append(None if src is None else {"cred": src.kind, "label": safe_label(src.label),
                                                 "origin": src.origin, "container": bool(src.container or src.env)})
            continue
        break
    if not out or len(out) >= _MAX_SINKS or all(e is None for e in out) or all(e is not None for e in out):
        return None
    return out


def _plural(label: str) -> bool:
    """``settings.secrets``, ``creds``, ``api_keys``: a name for a section or a collection (a
    weak source by its name only, whose returned value is as often metadata as a credential:
    not exported)."""
    last = label.rsplit(".", 1)[-1].lower()
    return last.endswith("s") and not last.endswith("ss") or last.endswith("creds")


def _first(sources: Iterable[Source]) -> Optional[Source]:
    found = sorted(sources, key=lambda s: (s.label, s.origin))
    return found[0] if found else None


def _looks_like_lookup(v: cst.CSTNode) -> bool:
    return isinstance(v, (cst.Call, cst.Subscript, cst.Dict))


# kinds named first when a fact can cite one source: the keys a rule judges most strictly (a
# route returning a settings object with an exchange secret and a DB password cites the secret)
_FIRST_KINDS = (names.EXCHANGE, names.PRIVATE_KEY, names.MNEMONIC)


def _strong(sources: Iterable[Source]) -> Optional[Source]:
    found = sorted((s for s in sources if s.strong), key=lambda s: (s.kind not in _FIRST_KINDS, s.label, s.origin))
    return found[0] if found else None


def _typed(flow, res, sc: Scope, i: int) -> Any:
    """Parameter ``i`` annotated with a credential class: True for a class of this module
    whose repr shows a credential (the sink's own finding reports the flow), the qualified name
    of an imported class (:func:`close` asks its facts), else None."""
    from ..exprs import annotation_parts

    ann = getattr(sc.param_nodes[i], "annotation", None)
    if ann is None:
        return None
    cls = res.annotation_class(ann.annotation) if flow.col.class_by_name else None
    if cls is not None:
        return True if res.class_display(cls, cls.name, None) else None
    for n in annotation_parts(ann.annotation):
        q = flow.qualified(n) if isinstance(n, (cst.Name, cst.Attribute)) else None
        if q and is_project_name(q):
            return q
    return None


def _with_path(entry: dict, param: int, prefix: Tuple[str, ...]) -> dict:
    """A sink entry moved to a caller's parameter ``param``: the caller passes attribute path
    ``prefix`` of it, so the sink is reached by ``prefix`` + the entry's own path (at most
    three attributes: deeper is dropped to the whole parameter's prefix)."""
    path = list(prefix) + list(entry.get("attr") or ())
    out = {k: v for k, v in entry.items() if k != "attr"}
    out["param"] = param
    if path:
        out["attr"] = path[:3]
    return out


def _key(entry: dict) -> tuple:
    return (entry["param"], entry["sink"], entry.get("module", ""), entry.get("line"), entry.get("what"),
            tuple(entry.get("attr") or ()))


def _add(lst: List[dict], entry: dict) -> bool:
    key = _key(entry)
    for e in lst:
        if _key(e) == key:
            return False
    if len(lst) >= _MAX_SINKS:
        return False
    lst.append(entry)
    return True


def wants(flow: "DataFlow") -> List[str]:
    own = reverse.own_wants(flow, export(flow)) if getattr(flow.ctx, "module_name", "") else []
    return sorted(flow.col.wanted | set(own))




# -- closure over the project ------------------------------------------------------------------

def close(exports: Mapping[str, dict]) -> Dict[str, dict]:
    """Turn symbolic edges into sinks of the modules they reach: a helper that passes its
    parameter to another module's helper reaches that helper's sinks, however many calls deep
    (a fixed point, bounded, cycle-safe: a sink is added once)."""
    out: Dict[str, dict] = {m: {n: dict(f) for n, f in facts.items()} for m, facts in exports.items()}
    for facts in out.values():
        for f in facts.values():
            if "sinks" in f:
                f["sinks"] = [dict(s) for s in f["sinks"]]
    split = getattr(exports, "split", None)

    def target(qualified: str, near: str) -> Optional[Tuple[str, dict]]:
        # near: the module the edge comes from (a script-style `import settings` is its own bot's)
        hit = split(qualified, near) if callable(split) else _split(qualified, out)
        if hit is None:
            return None
        module, name = hit
        facts = out.get(module)
        fact = facts.get(name) if isinstance(facts, dict) else None
        return (module, fact) if isinstance(fact, dict) else None

    # a helper whose parameter is annotated with a class that shows a credential reports the
    # flow at its own sink (``def audit(acc: ApiAccount): console.print(acc)``): its callers
    # do not report it a second time
    for module, facts in out.items():
        for fact in facts.values():
            if any(s.get("typed") for s in fact.get("sinks", ())):
                fact["sinks"] = [s for s in fact["sinks"]
                                 if s.get("attr") or not _shows_credential(target, s.get("typed"), module)]
    for _round in range(_MAX_ROUNDS):
        changed = False
        for module, facts in out.items():
            for fact in facts.values():
                for edge in fact.get("rcalls", ()):
                    found = target(str(edge.get("calls", "")), module)
                    if found is None or _param_of(edge.get("arg"), found[1]) not in (found[1].get("passes") or ()):
                        continue
                    passes = fact.setdefault("passes", [])
                    if edge["param"] not in passes and len(passes) < _MAX_SINKS:
                        passes.append(edge["param"])
                        passes.sort()
                        changed = True
                for edge in fact.get("calls", ()):
                    found = target(str(edge.get("calls", "")), module)
                    if found is None:
                        continue
                    tmodule, tfact = found
                    index = _param_of(edge.get("arg"), tfact)
                    if index is None:
                        continue
                    for s in list(tfact.get("sinks", ())):
                        if s.get("param") != index:
                            continue
                        home = s.get("module") or tmodule
                        entry = _with_path({**s, "module": "" if home == module else home}, edge["param"],
                                           tuple(edge.get("attr") or ()))
                        changed |= _add(fact.setdefault("sinks", []), entry)
        if not changed:
            break
    # the reverse direction: what callers pass is reported at the helper's sink
    reverse.gather(out, split, getattr(exports, "in_run", None))
    for closer in hooks.CLOSERS:
        closer(out, split, getattr(exports, "in_run", None))
    return out


def _shows_credential(target, typed: Any, module: str) -> bool:
    found = target(str(typed), module) if typed else None
    return found is not None and found[1].get("kind") == "class" and bool(found[1].get("shows"))




# -- use of linked facts in a module -----------------------------------------------------------

def _record_instance(res, value: cst.CSTNode) -> bool:
    """``settings = Settings()`` of a module record with credential fields (their defaults may
    read the environment: the instance is then a credential constant of the module)."""
    cls = res.ctor_class(value)
    return cls is not None and cls.is_record and any(f.kind for f in cls.fields)


def linked_facts(ctx) -> Mapping[str, dict]:
    linked = getattr(ctx, "linked", None) or {}
    facts = linked.get("dataflow") if isinstance(linked, Mapping) else None
    return facts if isinstance(facts, Mapping) else {}


def where(fact: dict, sink: Optional[dict] = None) -> str:
    """``bot/notify.py:30`` (the defining file, or the module a closed sink is in)."""
    module = (sink or {}).get("module") or ""
    line = (sink or {}).get("line") if sink else fact.get("line")
    place = module if module and module != fact.get("module") else str(fact.get("path") or fact.get("module") or "")
    return f"{place}:{line}" if line else place


def constant_source(fact: dict, qualified: str, node: Optional[cst.CSTNode], src) -> frozenset:
    """The source an imported credential constant stands for."""
    if fact.get("kind") != "constant" or not fact.get("cred"):
        return EMPTY
    label = safe_label(str(fact.get("label") or qualified.rsplit(".", 1)[-1]))
    origin = f"{fact.get('origin') or 'a look-up'} in {where(fact)}"
    return frozenset({src(label, origin, node, str(fact["cred"]), True, container=bool(fact.get("container")))})
