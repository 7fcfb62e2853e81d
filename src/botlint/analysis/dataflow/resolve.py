"""The demand-driven resolver: which credential sources reach an expression.

At the end of the module the resolver evaluates only what the sinks need: the taint of each
sink argument, recursively through the assignments that precede it (flow-sensitive in source
order, branches merged by "last assignment wins"), through ``self`` attributes stored in any
method of the class, through parameters (union over the module's call sites: the parameter
becomes a source) and through return values (per-function summaries in which parameters are
symbolic markers, substituted at each call site).  Everything is memoised; recursion is cut by
an in-progress set.

A taint is a frozenset of :class:`~.ir.Source`.  Strong sources are lookups whose *key* names
a credential (``os.environ["BINANCE_API_SECRET"]``, ``config["exchange"]["key"]``,
``SecretStr.get_secret_value()``, ``keyring.get_password``, ccxt client credential
attributes); weak sources are identifiers that only *name* a credential (``api_key``).
Object sources (a credentialed ccxt client) leak only through whole-object dumps (``vars(ex)``,
``ex.__dict__``, ``rich.inspect(ex)``, ``pickle.dump(ex, f)``).

Sanitisers end a flow: ``len``/``bool``/comparisons/``is None``, hashes and HMACs (any call
not known to propagate is a sanitiser: the default is *no* flow), functions named
mask/redact/obfuscate, and slices of at most 6 characters.
"""
from __future__ import annotations

import re
from typing import Any, Callable, Dict, List, Mapping, Optional, Set, Tuple, Union

import libcst as cst

from ..exprs import annotation_parts as _annotation_parts, describe, key_chain, subscript_key
from ..imports import dotted
from ..names import (
    EXCHANGE, KEY_MAYBE, MNEMONIC, PASSWORD, PRIVATE_KEY, SECRET, TOKEN_MAYBE, classify, connection_url,
    credential_kind, func_name_kind, is_exchange_context, is_key_id,
)
from ..literals import literal_strings
from ..strings import key_text, literal_str
from . import vocab
from .collect import Collector, _context
from .link import call_args, constant_source
from .ir import EMPTY, ClassInfo, ClientRec, Event, RecordField, Scope, Source, Taint, safe_label, union
from .reverse import passed_sources
from ...walker import walk

_IDENTIFIER = re.compile(r"[A-Za-z_]\w*")
_KEY_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=_-")
_INF = 1 << 60
# method names too common to stand for one class of the module
_COMMON_METHODS = frozenset(
    """get set run start stop close send update items keys values copy pop append extend format
    json dict read write open load save execute connect fetch call process handle result render
    encode decode split strip lower upper join replace sort count index add remove clear info
    debug warning error log emit post put delete patch request submit cancel buy sell""".split()
)


class Resolver:
    def __init__(self, col: Collector) -> None:
        self.col = col
        self.memo: Dict[Tuple[int, bool], Taint] = {}
        self.busy: Set[Tuple] = set()
        self.summary: Dict[int, Taint] = {}
        self.param_memo: Dict[Tuple[int, int], Taint] = {}
        self.attr_memo: Dict[Tuple[int, str], Taint] = {}
        self.src_cache: Dict[Tuple, Source] = {}
        self._callsites: Optional[Dict[int, List[Tuple[Scope, int, cst.Call, int]]]] = None
        self._passed_cont: Dict[Tuple[int, str], Optional[Tuple[Tuple[str, cst.CSTNode], str]]] = {}
        self.type_ov: List[Dict[str, ClassInfo]] = []
        # comprehension variables that run over a literal list of names (``for k in ("API_KEY",
        # "API_SECRET")``, a module constant list): {k: os.environ[k] for k in REQUIRED}
        self.key_ov: List[Dict[str, List[str]]] = []
        self._methods: Optional[Dict[str, List[Scope]]] = None
        self.shown_memo: Dict[Tuple[int, str], Taint] = {}
        self._wrapped: Optional[Dict[int, List[Scope]]] = None
        self.wallet_ov: List[Dict[str, str]] = []  # comprehension variables bound to wallets
        self.elem_memo: Dict[Tuple[int, Union[int, str]], Optional[Taint]] = {}
        self.display_classes = {id(c) for c in col.classes if "__str__" in c.methods or "__repr__" in c.methods}
        self.path_markers: Dict[Tuple[int, int, Tuple[str, ...]], Source] = {}
        self.synthetic: Dict[Tuple[int, Tuple[str, ...]], cst.CSTNode] = {}
        self.keep: List[cst.CSTNode] = []  # the expressions synthetic nodes were made from
        self.param_attr_memo: Dict[Tuple[int, int, Tuple[str, ...]], Taint] = {}
        # a probe resolver's stand-ins for what other modules pass (link._ctor_flows)
        self.probes: Optional[Dict[Tuple[int, int], Taint]] = None

    # -- sources -------------------------------------------------------------------------
    def src(self, label: str, origin: str, node: Optional[cst.CSTNode], kind: str, strong: bool, **kw) -> Source:
        key = (label, origin, id(node), kind, strong, tuple(sorted(kw.items())) if kw else ())
        s = self.src_cache.get(key)
        if s is None:
            s = Source(label, origin, node, kind, strong, **kw)
            self.src_cache[key] = s
        return s

    def marker(self, scope: Scope, i: int) -> Source:
        while len(scope.markers) <= i:
            j = len(scope.markers)
            scope.markers.append(Source(f"param{j}", "parameter", None, "", False, param=j, owner=scope))
        return scope.markers[i]

    def path_marker(self, scope: Scope, i: int, path: Tuple[str, ...]) -> Source:
        """The marker of attribute ``path`` of parameter ``i`` (``acct.key`` in a helper)."""
        if not path:
            return self.marker(scope, i)
        key = (id(scope), i, path)
        found = self.path_markers.get(key)
        if found is None:
            found = self.path_markers[key] = Source(f"param{i}.{'.'.join(path)}", "parameter", None, "", False,
                                                    param=i, owner=scope, path=path)
        return found

    def attr_path(self, expr: cst.CSTNode, path: Tuple[str, ...]) -> cst.CSTNode:
        """``expr.a.b`` for a path of attributes, as a node (made once per expression and
        path, and kept: memos are keyed by node identity)."""
        key = (id(expr), path)
        node = self.synthetic.get(key)
        if node is None:
            node = expr
            for attr in path:
                node = cst.Attribute(value=node, attr=cst.Name(attr))
            self.synthetic[key] = node
            self.keep.append(expr)
        return node

    # -- call sites ----------------------------------------------------------------------
    def callsites(self) -> Dict[int, List[Tuple[Scope, int, cst.Call, int]]]:
        """id(callee scope) -> [(caller scope, seq, call, offset of first positional param)]."""
        if self._callsites is not None:
            return self._callsites
        out: Dict[int, List[Tuple[Scope, int, cst.Call, int]]] = {}
        for caller, seq, call in self.col.calls:
            target = self.callee(caller, call)
            if target is not None:
                callee, offset = target
                out.setdefault(id(callee), []).append((caller, seq, call, offset))
        self._callsites = out
        return out

    def callee(self, scope: Scope, call: cst.Call) -> Optional[Tuple[Scope, int]]:
        func = call.func
        if isinstance(func, cst.Name):
            name = func.value
            # a local definition of the same name shadows the module function
            if scope.kind == "function" and name in scope.assigns:
                return None
            f = self.col.functions.get(name)
            if f is not None:
                return f, 0
            cls = self.col.class_by_name.get(name)
            if cls is not None and "__init__" in cls.methods:
                return cls.methods["__init__"], 1
            return None
        if isinstance(func, cst.Attribute) and isinstance(func.value, cst.Name) and func.value.value in ("self", "cls"):
            cls = self._class_of(scope)
            if cls is not None:
                m = cls.methods.get(func.attr.value)
                if m is not None:
                    return m, 0 if m.is_static else 1
            return None
        if (
            isinstance(func, cst.Attribute)
            and isinstance(func.value, cst.Name)
            and func.value.value in self.col.class_by_name
        ):
            m = self.col.class_by_name[func.value.value].methods.get(func.attr.value)
            if m is not None:  # Creds.from_env(): a class or static method
                return m, 0 if m.is_static else 1
        if isinstance(func, cst.Attribute) and self.col.class_by_name:
            cls = self.instance_class(func.value, scope)
            if cls is not None:
                m = cls.methods.get(func.attr.value)
                if m is not None:
                    return m, 0 if m.is_static else 1
            elif isinstance(func.value, cst.Name):
                # ``a.to_dict()`` on a parameter / loop variable of unknown type, when exactly
                # one class of the module defines that (uncommon) method
                m = self.unique_method(func.attr.value)
                if m is not None and self._untyped(func.value.value, scope):
                    return m, 0 if m.is_static else 1
        return None

    def unique_method(self, name: str) -> Optional[Scope]:
        if name.startswith("__") or name in _COMMON_METHODS:
            return None
        if self._methods is None:
            self._methods = {}
            for c in self.col.classes:
                for mname, m in c.methods.items():
                    self._methods.setdefault(mname, []).append(m)
        found = self._methods.get(name)
        return found[0] if found and len(found) == 1 and found[0].returns else None

    @staticmethod
    def _untyped(name: str, scope: Scope) -> bool:
        sc: Optional[Scope] = scope
        while sc is not None:
            evs = sc.assigns.get(name)
            if evs:
                for e in evs:
                    if e.mode == "value":
                        return False
                return True
            if sc.kind == "function" and name in sc.params:
                return True
            sc = sc.parent
        return True  # a comprehension variable

    def instance_class(self, recv: cst.CSTNode, scope: Scope, depth: int = 0) -> Optional[ClassInfo]:
        """The module class an expression is an instance of, from its (last) assignment, or
        from the elements of what it iterates (``for acc in accounts``, comprehensions)."""
        values: List[cst.CSTNode] = []
        if isinstance(recv, cst.Name):
            for tov in reversed(self.type_ov):
                if recv.value in tov:
                    return tov[recv.value]
            sc: Optional[Scope] = scope
            while sc is not None:
                evs = sc.assigns.get(recv.value)
                if evs:
                    values = [e.value for e in evs if e.mode == "value" and e.value is not None]
                    last = evs[-1]
                    if last.mode == "iter" and last.index == 0 and depth < 4:
                        return self.elem_class(last.value, sc, depth + 1)
                    break
                sc = sc.parent
        elif isinstance(recv, cst.Attribute) and isinstance(recv.value, cst.Name) and recv.value.value == "self":
            cls = self._class_of(scope)
            if cls is not None:
                values = [ev.value for _sc, ev in cls.stores.get(recv.attr.value, []) if ev.value is not None]
        for v in reversed(values):
            if isinstance(v, cst.Call) and isinstance(v.func, cst.Name):
                c = self.col.class_by_name.get(v.func.value)
                if c is not None:
                    return c
        return None

    def ctor_class(self, v: Optional[cst.CSTNode]) -> Optional[ClassInfo]:
        if isinstance(v, cst.Call) and isinstance(v.func, cst.Name):
            return self.col.class_by_name.get(v.func.value)
        return None

    def elem_class(self, node: Optional[cst.CSTNode], scope: Scope, depth: int = 0) -> Optional[ClassInfo]:
        """The module class of the elements of an iterable expression."""
        if node is None or depth > 4 or not self.col.class_by_name:
            return None
        if isinstance(node, (cst.ListComp, cst.GeneratorExp, cst.SetComp)):
            return self.ctor_class(node.elt)
        if isinstance(node, (cst.List, cst.Tuple, cst.Set)):
            for el in node.elements:
                c = self.ctor_class(el.value)
                if c is not None:
                    return c
            return None
        if (
            isinstance(node, cst.Call)
            and isinstance(node.func, cst.Name)
            and node.func.value in ("list", "sorted", "tuple", "reversed", "set", "iter")
            and node.args
        ):
            return self.elem_class(node.args[0].value, scope, depth + 1)
        values: List[Tuple[cst.CSTNode, Scope]] = []
        if isinstance(node, cst.Name):
            sc: Optional[Scope] = scope
            while sc is not None:
                evs = sc.assigns.get(node.value)
                if evs:
                    values = [(e.value, sc) for e in evs if e.value is not None and e.mode in ("value", "augment")]
                    break
                sc = sc.parent
            if not values:
                sc = scope
                while sc is not None and sc.kind == "function":
                    if node.value in sc.params:
                        # a parameter: what the module's callers pass (once the call graph is built)
                        if self._callsites is None:
                            return None
                        i = sc.params.index(node.value)
                        for caller, _seq, call, offset in self.callsites().get(id(sc), ())[:4]:
                            arg = self.arg_for(call, sc, i, offset)
                            c = self.elem_class(arg, caller, depth + 1) if arg is not None else None
                            if c is not None:
                                return c
                        return None
                    sc = sc.parent
        elif isinstance(node, cst.Attribute) and isinstance(node.value, cst.Name) and node.value.value == "self":
            cls = self._class_of(scope)
            if cls is not None:
                values = [(ev.value, sc) for sc, ev in cls.stores.get(node.attr.value, []) if ev.value is not None]
        for v, sc in reversed(values):
            c = self.ctor_class(v) or self.elem_class(v, sc, depth + 1)
            if c is not None:
                return c
        return None

    def shown(self, cls: ClassInfo, how: str) -> Taint:
        """What ``str()`` (how="str") or ``repr()`` of an instance of a module class shows,
        when the class defines ``__str__`` / ``__repr__``."""
        key = (id(cls), how)
        if key in self.shown_memo:
            return self.shown_memo[key]
        self.shown_memo[key] = EMPTY  # recursion guard
        out = EMPTY
        for name in ("__str__", "__repr__") if how == "str" else ("__repr__",):
            m = cls.methods.get(name)
            if m is not None:
                out = frozenset(s for s in self.returns(m) if s.param < 0)
                break
        self.shown_memo[key] = out
        return out

    def display(self, node: cst.CSTNode, scope: Scope, how: str) -> Taint:
        """Object display taint of a name: an instance (str/repr) or a collection of instances
        (always repr) of a module class with its own ``__str__`` / ``__repr__``."""
        if not self.display_classes or not isinstance(node, (cst.Name, cst.Attribute)):
            return EMPTY
        cls = self.instance_class(node, scope)
        if cls is not None:
            return self.shown(cls, how) if id(cls) in self.display_classes else EMPTY
        cls = self.elem_class(node, scope)
        if cls is not None and id(cls) in self.display_classes:
            return self.shown(cls, "repr")
        return EMPTY

    def annotation_class(self, ann: Optional[cst.CSTNode]) -> Optional[ClassInfo]:
        """The module class an annotation names: ``Creds``, ``"Creds"``, ``Optional[Creds]``,
        ``Creds | None``, ``models.Creds``."""
        for n in _annotation_parts(ann):
            if isinstance(n, cst.Name):
                c = self.col.class_by_name.get(n.value)
            elif isinstance(n, cst.Attribute):
                c = self.col.class_by_name.get(n.attr.value)
            else:  # "Creds", "Optional[Creds]"
                c = next((self.col.class_by_name[w] for w in _IDENTIFIER.findall(literal_str(n) or "")
                          if w in self.col.class_by_name), None)
            if c is not None:
                return c
        return None

    def class_display(self, cls: ClassInfo, label: str, node: Optional[cst.CSTNode]) -> Taint:
        """What ``str()`` / ``repr()`` of an instance of ``cls`` shows when its content is not
        seen (a parameter typed ``Creds``, a factory's result): its own ``__str__`` /
        ``__repr__``, else a record's shown credential fields (not ``repr=False``, not
        ``SecretStr``); a plain class's default repr shows nothing."""
        if "__str__" in cls.methods or "__repr__" in cls.methods:
            return self.shown(cls, "str")
        if not cls.is_record:
            return EMPTY
        key = (id(cls), "fields")
        if key in self.shown_memo:
            return self.shown_memo[key]
        self.shown_memo[key] = EMPTY  # recursion guard (a record holding itself)
        out = EMPTY
        f = next((f for f in cls.fields if f.kind and f.shown and not f.secret_typed), None)
        if f is not None and f.kind:
            out = frozenset(
                {
                    self.src(
                        safe_label(f"{label}.{f.name}", f"{cls.name}.{f.name}"),
                        f"a {cls.name} whose repr shows {f.name}",
                        f.node,
                        f.kind,
                        False,
                    )
                }
            )
        else:
            for f in cls.fields:  # a field typed with a record that shows a credential
                inner = self.annotation_class(f.annotation) if f.shown and f.annotation is not None else None
                if inner is not None and inner is not cls:
                    out = self.class_display(inner, f"{label}.{f.name}", f.node)
                    if out:
                        break
        self.shown_memo[key] = out
        return out

    # -- decorators: a wrapper's ``*args`` / ``**kwargs`` are the decorated function's ------
    def _returned_inner(self, fn: Scope) -> Optional[Scope]:
        """The function ``fn`` defines and returns (``def deco(f): def wrapper(...): ...;
        return wrapper``), else None."""
        for ev in fn.returns:
            if isinstance(ev.value, cst.Name) and ev.value.value in fn.inner:
                return fn.inner[ev.value.value]
        return None

    def _wrapper_of(self, deco: cst.BaseExpression) -> Optional[Scope]:
        """The wrapper a decorator of this module puts around a function: ``@log_call`` (its
        returned inner function) or ``@log_calls("info")`` (the inner function of the
        decorator the factory returns)."""
        if isinstance(deco, cst.Name) and deco.value in self.col.functions:
            return self._returned_inner(self.col.functions[deco.value])
        if isinstance(deco, cst.Call) and isinstance(deco.func, cst.Name) and deco.func.value in self.col.functions:
            made = self._returned_inner(self.col.functions[deco.func.value])
            return self._returned_inner(made) if made is not None else None
        return None

    def wrapped(self) -> Dict[int, List[Scope]]:
        """id(wrapper scope) -> the functions of the module it wraps."""
        if self._wrapped is None:
            self._wrapped = {}
            for fn in self.col.decorated:
                for deco in fn.decorators:
                    w = self._wrapper_of(deco)
                    if w is not None and w is not fn:
                        self._wrapped.setdefault(id(w), []).append(fn)
        return self._wrapped

    def wrapped_args(self, wrapper: Scope, param: str) -> List[Taint]:
        """What a wrapper's ``*args`` (``**kwargs``) holds: the arguments of the calls of the
        functions it decorates, and their parameters named as credentials (``@log_call def
        connect(api_key, secret)``: every call hands the wrapper a key and a secret)."""
        fns = self.wrapped().get(id(wrapper)) if self.col.decorated else None
        if not fns:
            return []
        parts: List[Taint] = []
        star2 = param.startswith("**")
        for fn in fns:
            first = 1 if fn.is_method and not fn.is_static else 0
            named = [p.lstrip("*") for p in fn.params]
            for j in range(first, len(fn.params)):
                kind = credential_kind(named[j])
                if kind and not self.typed(fn.param_nodes[j]):
                    parts.append(frozenset({self.src(named[j], f"parameter of {fn.display()} (its decorator's "
                                                     f"wrapper gets it in {param})", fn.param_nodes[j], kind, False)}))
            for caller, seq, call, offset in self.callsites().get(id(fn), ()):
                pos = offset
                for a in call.args:
                    if a.keyword is None and not a.star:
                        pname = named[pos] if pos < len(named) else ""
                        pos += 1
                    else:
                        pname = a.keyword.value if a.keyword is not None else ""
                    if star2 != (a.keyword is not None or a.star == "**"):
                        continue  # positional arguments go to *args, keywords to **kwargs
                    kind = credential_kind(pname) if pname else None
                    parts.append(frozenset(s for s in self.eval(a.value, caller, seq, False)
                                           if s.strong or kind or s.passed))
        return parts

    def _constructed(self, v: Optional[cst.CSTNode]) -> bool:
        """``Creds(...)``: an instance of a class of this module."""
        if isinstance(v, cst.Await):
            v = v.expression
        cls = self.ctor_class(v) if isinstance(v, cst.Call) else None
        return cls is not None and not cls.bases & vocab.MAPPING_BASES

    def typed(self, param: Optional[cst.CSTNode]) -> bool:
        """A parameter annotated with a class of the program (this module's, or another
        module's by its facts): what its str/repr shows is the class's business
        (:meth:`annotated_display`), not the parameter's name (``creds: Creds`` whose fields
        are ``field(repr=False)``)."""
        ann = getattr(param, "annotation", None)
        if ann is None:
            return False
        cls = self.annotation_class(ann.annotation) if self.col.class_by_name else None
        if cls is not None:
            return not cls.bases & vocab.MAPPING_BASES  # a TypedDict / dict subclass shows its items
        return bool(self.col.linked) and self.linked_class(ann.annotation) is not None

    def wallet_annotation(self, param: Optional[cst.CSTNode]) -> Optional[str]:
        """``kp: Keypair`` / ``acct: LocalAccount``: the wallet type a parameter is declared
        with (a library's, not a class of the program), else None."""
        ann = getattr(param, "annotation", None)
        if ann is None:
            return None
        for n in _annotation_parts(ann.annotation):
            if isinstance(n, (cst.Name, cst.Attribute)):
                words = [(self.col.imports.resolve(n) or dotted(n) or "").rsplit(".", 1)[-1]]
            else:  # kp: "Keypair", Optional["Keypair"]
                words = _IDENTIFIER.findall(literal_str(n) or "")
            for last in words:
                if last in vocab.WALLET_TYPES and last not in self.col.class_by_name:
                    return last
        return None

    def keypair_param(self, scope: Scope, i: int) -> Taint:
        """A parameter declared ``Keypair``: its str() and bytes() are the secret key."""
        if self.wallet_annotation(scope.param_nodes[i]) not in vocab.KEYPAIR_TYPES:
            return EMPTY
        name = scope.params[i].lstrip("*")
        return frozenset({self.src(safe_label(name, "keypair"), f"a Keypair parameter of {scope.display()} (str() "
                                   "and bytes() of a Keypair are its secret key)", scope.param_nodes[i],
                                   PRIVATE_KEY, True)})

    def annotated_display(self, param: Optional[cst.CSTNode], label: str) -> Taint:
        """A parameter annotated with a class (of this module, or imported from another one)
        whose str/repr shows a credential."""
        ann = getattr(param, "annotation", None)
        if ann is None:
            return EMPTY
        return self.type_display(ann.annotation, label, param)

    def type_display(self, ann: cst.CSTNode, label: str, node: Optional[cst.CSTNode]) -> Taint:
        """What str/repr of a value declared with type ``ann`` shows (a class of this module,
        or another module's class by its facts)."""
        cls = self.annotation_class(ann) if self.col.class_by_name else None
        if cls is not None:
            return self.class_display(cls, label, node)
        fact = self.linked_class(ann) if self.col.linked else None
        return self.imported_display(fact, label, node) if fact is not None else EMPTY

    def linked(self, node: Optional[cst.CSTNode]) -> Optional[dict]:
        """The linked facts of the other module's name ``node`` refers to, if any."""
        if not self.col.linked or node is None:
            return None
        q = self.col.qualify(node)
        if q is None and isinstance(node, cst.Attribute):
            # svc.describe() where svc = ExchangeService(cfg), a class of another module
            cls_q = self.col.instance_of_imported(node.value)
            q = f"{cls_q}.{node.attr.value}" if cls_q else None
        fact = self.col.linked.get(q) if q else None
        return fact if isinstance(fact, dict) else None

    def _built_with(self, recv: cst.CSTNode, scope: Scope, seq: int) -> Optional[Tuple[cst.Call, Scope, int]]:
        """The constructor call an object of another module's class was made with, and where:
        ``Auth(k, s)`` itself, ``auth`` bound to it in this scope or an enclosing one, or
        ``self.auth`` stored by a method of the class."""
        if isinstance(recv, cst.Call):
            return recv, scope, seq
        found: Optional[Tuple[Scope, Event]] = None
        if isinstance(recv, cst.Name):
            sc: Optional[Scope] = scope
            while sc is not None:
                evs = sc.assigns.get(recv.value)
                if evs:
                    found = (sc, evs[-1])
                    break
                if sc.kind == "function" and self.param_index(sc, recv.value) >= 0:
                    return None
                sc = sc.parent
        elif isinstance(recv, cst.Attribute) and isinstance(recv.value, cst.Name) and recv.value.value == "self":
            cls = self._class_of(scope)
            stores = cls.stores.get(recv.attr.value) if cls is not None else None
            if stores and len(stores) == 1:
                found = stores[0]
        if found is None or found[1].mode != "value":
            return None
        value = found[1].value.expression if isinstance(found[1].value, cst.Await) else found[1].value
        return (value, found[0], found[1].seq) if isinstance(value, cst.Call) else None

    def linked_element(self, node: cst.Name, index: Union[int, str]) -> Optional[Taint]:
        """Element ``index`` of another module's tuple / list constant (its ``elements`` fact)."""
        fact = self.linked(node)
        elements = fact.get("elements") if fact is not None and fact.get("kind") == "constant" else None
        if not isinstance(elements, list) or not isinstance(index, int) or not -len(elements) <= index < len(elements):
            return None
        entry = elements[index]
        if not isinstance(entry, dict) or not entry.get("cred"):
            return EMPTY
        return constant_source({**fact, **entry}, node.value, None, self.src)

    def linked_class(self, ann: Optional[cst.CSTNode]) -> Optional[dict]:
        """Another module's class an annotation names (its linked facts)."""
        for n in _annotation_parts(ann):
            fact = self.linked(n) if isinstance(n, (cst.Name, cst.Attribute)) else None
            if fact is not None and fact.get("kind") == "class":
                return fact
        return None

    def imported_display(self, fact: dict, label: str, node: Optional[cst.CSTNode]) -> Taint:
        from .link import where

        shows, cred = fact.get("shows"), fact.get("cred")
        if not shows or not cred:
            return EMPTY
        return frozenset(
            {
                self.src(
                    safe_label(f"{label}.{str(shows).rsplit('.', 1)[-1]}", "an object"),
                    f"an object whose repr shows {safe_label(str(shows))} ({where(fact)})",
                    node,
                    str(cred),
                    False,
                )
            }
        )

    @staticmethod
    def _class_of(scope: Optional[Scope]) -> Optional[ClassInfo]:
        while scope is not None:
            if scope.cls is not None:
                return scope.cls
            scope = scope.parent
        return None

    def arg_for(self, call: cst.Call, callee: Scope, index: int, offset: int) -> Optional[cst.CSTNode]:
        name = callee.params[index] if index < len(callee.params) else None
        pos_i = index - offset
        i = 0
        for a in call.args:
            if a.keyword is None and not a.star:
                if i == pos_i:
                    return a.value
                i += 1
            elif a.keyword is not None and a.keyword.value == name:
                return a.value
        return None

    def args_for(self, call: cst.Call, callee: Scope, index: int, offset: int) -> List[cst.CSTNode]:
        """The arguments a call passes to parameter ``index``: one for a plain parameter, every
        extra positional one for ``*args``, every extra keyword one for ``**kwargs``."""
        name = callee.params[index] if index < len(callee.params) else ""
        if name.startswith("**"):
            named = {p.lstrip("*") for p in callee.params if not p.startswith("*")}
            return [
                a.value for a in call.args if (a.keyword is not None and a.keyword.value not in named) or a.star == "**"
            ]
        if name.startswith("*"):
            pos_i = index - offset
            out: List[cst.CSTNode] = []
            i = 0
            for a in call.args:
                if a.keyword is None and not a.star:
                    if i >= pos_i:
                        out.append(a.value)
                    i += 1
                elif a.star == "*":
                    out.append(a.value)
            return out
        arg = self.arg_for(call, callee, index, offset)
        return [arg] if arg is not None else []

    @staticmethod
    def param_index(scope: Scope, name: str) -> int:
        """The index of parameter ``name`` (``*args`` / ``**kwargs`` by their bare name), or -1."""
        for i, p in enumerate(scope.params):
            if p == name or p.lstrip("*") == name:
                return i
        return -1

    # -- parameters ----------------------------------------------------------------------
    def param_taint(self, scope: Scope, i: int) -> Taint:
        """Concrete taint of parameter i: its name, plus what the module's callers pass."""
        key = (id(scope), i)
        if key in self.param_memo:
            return self.param_memo[key]
        if ("param",) + key in self.busy:
            return EMPTY
        self.busy.add(("param",) + key)
        name = scope.params[i].lstrip("*")
        parts: List[Taint] = []
        kind = credential_kind(name)
        if kind and not (i == 0 and scope.is_method and not scope.is_static) and not self.typed(scope.param_nodes[i]):
            parts.append(
                frozenset({self.src(name, f"parameter of {scope.display()}", scope.param_nodes[i], kind, False)})
            )
        typed = self.annotated_display(scope.param_nodes[i], name) or self.keypair_param(scope, i)
        if typed:
            parts.append(typed)
        if not kind:
            slot = self.client_slot(scope, name)
            if slot:  # def __init__(self, key, secret): ccxt.kraken({"apiKey": key, ...})
                parts.append(frozenset({self.src(name, f"parameter of {scope.display()}, given to {slot[0]} as its "
                                                       f"{slot[1]}", scope.param_nodes[i], slot[2], True)}))
        default = getattr(scope.param_nodes[i], "default", None)
        if isinstance(default, (cst.Name, cst.Attribute)):
            # def __init__(self, s=settings): a caller that passes nothing passes the default
            # (a module-level settings instance), evaluated where the function is defined
            parts.append(frozenset(s for s in self.eval(default, scope.parent or self.col.module, _INF, False)
                                   if s.strong or kind))
        if self.col.linked:
            parts.append(passed_sources(self, scope, i))  # what other modules pass (reverse.py)
        if self.probes is not None:
            parts.append(self.probes.get(key, EMPTY))
        if scope.params[i].startswith("*"):
            parts.extend(self.wrapped_args(scope, scope.params[i]))
        for caller, seq, call, offset in self.callsites().get(id(scope), ()):
            for arg in self.args_for(call, scope, i, offset):
                # a name-only (weak) source stays a source only under a credential name, or when
                # its own name is unambiguous (``self.s.creds.api_key``, ``cfg.private_key``; a
                # ``token`` or ``secret`` attribute may be a coin or a nonce)
                # (not an attribute of the caller's own parameter, ``acc.secret`` in ``report(acc)``:
                # what its callers pass is followed, the name alone would say it twice)
                parts.append(frozenset(s for s in self.eval(arg, caller, seq, False)
                                       if s.strong or kind or s.passed or (s.kind in _CLEAR_KINDS and s.param < 0
                                                                           and not s.obj and not s.container
                                                                           and not _of_params(s.label, caller))))
        out = union(parts)
        self.busy.discard(("param",) + key)
        self.param_memo[key] = out
        return out

    def passed_container(self, name: str, scope: Scope) -> Optional[Tuple[Tuple[str, cst.CSTNode], str]]:
        """``cfg = load_config(); Bot(cfg)`` where ``Bot.__init__`` reads ``cfg["exchange"]
        ["api_key"]``: ``cfg`` is a credential container too, by that read (and " (read by
        <callee>)" for the message).  One call deep; memoised per scope and name."""
        key = (id(scope), name)
        if key in self._passed_cont:
            return self._passed_cont[key]
        self._passed_cont[key] = None
        for caller, _seq, call in self.col.calls:
            if caller is not scope or not any(isinstance(a.value, cst.Name) and a.value.value == name
                                              for a in call.args):
                continue
            target = self.callee(caller, call)
            if target is None:
                continue
            callee, offset = target
            for i, p in enumerate(callee.params):
                arg = self.arg_for(call, callee, i, offset) if not p.startswith("*") else None
                if isinstance(arg, cst.Name) and arg.value == name and p in callee.containers:
                    found = (callee.containers[p], f" (read by {callee.display()})")
                    self._passed_cont[key] = found
                    return found
        return None

    def client_slot(self, scope: Scope, name: str) -> Optional[Tuple[str, str, str]]:
        """(client, credential option, kind) when ``scope`` gives its parameter ``name`` to a
        ccxt client it builds as a credential (``{"apiKey": key}``): whatever the parameter is
        called, it holds that credential."""
        for rec in self.col.client_list:
            if rec.scope is not scope or not isinstance(rec.config, cst.Dict):
                continue
            for e in rec.config.elements:
                if isinstance(e, cst.DictElement) and isinstance(e.value, cst.Name) and e.value.value == name:
                    option = literal_str(e.key)
                    if option in vocab.CCXT_CRED_ATTRS:
                        return describe(rec.ctor.func), option, vocab.CCXT_CRED_ATTRS[option]
        return None

    # -- functions -----------------------------------------------------------------------
    def returns(self, scope: Scope) -> Taint:
        """Symbolic return summary: concrete sources plus markers of parameters."""
        key = id(scope)
        if key in self.summary:
            return self.summary[key]
        if ("ret", key) in self.busy:
            return EMPTY
        self.busy.add(("ret", key))
        out = union(self.eval(ev.value, scope, ev.seq, True) for ev in scope.returns)
        self.busy.discard(("ret", key))
        self.summary[key] = out
        return out

    def substitute(
        self, taint: Taint, callee: Scope, call: cst.Call, offset: int, scope: Scope, seq: int, symbolic: bool
    ) -> Taint:
        parts: List[Taint] = []
        plain = set()
        for s in taint:
            if s.param >= 0 and s.owner is callee:
                for arg in self.args_for(call, callee, s.param, offset):
                    parts.append(self.eval(self.attr_path(arg, s.path) if s.path else arg, scope, seq, symbolic))
            elif s.param < 0:
                plain.add(s)
        parts.append(frozenset(plain))
        return union(parts)

    # -- names ---------------------------------------------------------------------------
    def lookup(self, name: str, scope: Scope, seq: int, symbolic: bool, use: cst.CSTNode) -> Taint:
        parts: List[Taint] = []
        sc: Optional[Scope] = scope
        first = True
        found = False
        while sc is not None:
            if sc.kind == "class" and not first:
                sc = sc.parent
                continue
            evs = sc.assigns.get(name)
            if evs:
                found = True
                parts.append(self.events(name, evs, sc, seq if first else _INF, symbolic))
            i = self.param_index(sc, name) if sc.kind == "function" else -1
            if i >= 0:
                found = True
                if symbolic and first:
                    parts.append(frozenset({self.marker(sc, i)}))
                    kind = credential_kind(name)
                    if kind and not (i == 0 and sc.is_method) and not self.typed(sc.param_nodes[i]):
                        parts.append(
                            frozenset({self.src(name, f"parameter of {sc.display()}", sc.param_nodes[i], kind, False)})
                        )
                    typed = self.annotated_display(sc.param_nodes[i], name) or self.keypair_param(sc, i)
                    if typed:
                        parts.append(typed)
                else:
                    parts.append(self.param_taint(sc, i))
            cont = sc.containers.get(name)
            via = ""
            if cont is None and found:
                cont, via = self.passed_container(name, sc) or (None, "")
            if cont is not None:
                parts.append(
                    frozenset({self.src(name, f"a config holding {cont[0]}{via}", cont[1], SECRET, True,
                                        container=True)})
                )
            if found:
                break
            sc = sc.parent
            first = False
        if not found:
            fact = self.linked(use)
            if fact is not None and fact.get("kind") == "constant":
                parts.append(constant_source(fact, name, None, self.src))  # no line of this file
            elif fact is not None and fact.get("kind") == "wallet" and fact.get("keypair"):
                from .link import where

                made = safe_label(str(fact.get("made") or "a maker"), "a maker")
                parts.append(frozenset({self.src(safe_label(name), f"{made}() in {where(fact)} (str() of a Keypair "
                                                 "is its secret key)", None, PRIVATE_KEY, True)}))
            kind = credential_kind(name)
            if kind and not parts:
                parts.append(frozenset({self.src(name, "a name", use, kind, False)}))
            rec = self.col.clients.get(name)
            if rec is not None:
                parts.append(self.client_source(rec))
        return union(parts)

    def events(self, name: str, evs: List[Event], scope: Scope, seq: int, symbolic: bool) -> Taint:
        before = [e for e in evs if e.seq < seq]
        if not before:
            before = evs  # used before (or in a loop around) its assignment: take them all
        # the last plain assignment and every augmentation after it
        start = 0
        for i in range(len(before) - 1, -1, -1):
            if before[i].mode != "augment":
                start = i
                break
        chosen = before[start:]
        parts = []
        kind = credential_kind(name)
        for ev in chosen:
            t = self.event_taint(ev, scope, symbolic)
            if not t and kind and ev.mode == "value" and scope.kind == "module" and _hardcoded(ev.value):
                # API_SECRET = "NhqP...": a key written into the module (BOT1 reports the literal;
                # where it goes is this flow's business)
                t = frozenset({self.src(name, "a hard-coded literal", ev.value, kind, True)})
            if not t and kind and ev.mode in ("value", "index", "iter") and _opaque(ev.value) and not (
                    ev.mode == "value" and self.col.class_by_name and self._constructed(ev.value)):
                # (creds = Creds(...) of a class of the module: its repr decides, not the name)
                t = frozenset(
                    {
                        self.src(
                            name,
                            f"an assignment in {scope.display() if scope.kind == 'function' else 'the module'}",
                            ev.value,
                            kind,
                            False,
                        )
                    }
                )
            parts.append(t)
        return union(parts)

    def element(
        self, v: Optional[cst.CSTNode], index: Union[int, str], scope: Scope, seq: int, symbolic: bool, depth: int = 0
    ) -> Optional[Taint]:
        """The taint of element ``index`` of a tuple or list: of a literal, of a name bound to
        one, or of what a function of the module returns (``key, name = load()``); None when
        the elements cannot be told apart (then the whole value counts)."""
        if isinstance(v, cst.Await):
            v = v.expression
        if depth > 4 or v is None:
            return None
        if isinstance(v, cst.Dict):
            if not isinstance(index, str) or any(not isinstance(e, cst.DictElement) for e in v.elements):
                return None
            for e in reversed(v.elements):
                if isinstance(e, cst.DictElement) and literal_str(e.key) == index:
                    return self.eval(e.value, scope, seq, symbolic)
            return None
        if isinstance(v, cst.Subscript) and isinstance(index, int) and _int_index(v) is not None:
            # wallets[0][1], or first = wallets[0]; first[1]: position 1 of the items of wallets
            return self.item_element(v.value, index, scope, seq, symbolic, depth + 1)
        if isinstance(v, (cst.Tuple, cst.List)):
            els = v.elements
            if not isinstance(index, int) or any(isinstance(e, cst.StarredElement) for e in els):
                return None
            if index < 0:
                index += len(els)
            return self.eval(els[index].value, scope, seq, symbolic) if 0 <= index < len(els) else None
        if isinstance(v, cst.Name):
            sc: Optional[Scope] = scope
            while sc is not None:
                evs = [e for e in sc.assigns.get(v.value, ()) if e.seq < seq] or list(sc.assigns.get(v.value, ()))
                if evs:
                    last = evs[-1]
                    if last.mode == "iter" and not last.unpacked and not (last.index == 0 and _items_iter(last.value)):
                        # for acct in load_accounts(): acct[0] is position 0 of the items
                        return self.item_element(last.value, index, sc, last.seq, symbolic, depth + 1)
                    if last.mode != "value":
                        return None  # changed after it was built (d["k"] = ..., d.update(...))
                    return self.element(last.value, index, sc, last.seq, symbolic, depth + 1)
                if sc.kind == "function" and self.param_index(sc, v.value) >= 0:
                    return None
                sc = sc.parent
            return self.linked_element(v, index)
        if isinstance(v, cst.Call):
            target = self.callee(scope, v)
            if target is None:
                return self.linked_position(v, "elements", index)
            callee, offset = target
            found = self._over_returns(callee, (id(callee), index),
                                       lambda ev: self.element(ev.value, index, callee, ev.seq, True, depth + 1))
            if found is None:
                return None
            return self.substitute(found, callee, v, offset, scope, seq, symbolic)
        return None

    def _over_returns(self, callee: Scope, key: tuple, position) -> Optional[Taint]:
        """The union of ``position(return event)`` over ``callee``'s returns, memoised under
        ``key`` (and guarded against recursion); None when one return's position is unknown."""
        if key not in self.elem_memo:
            self.elem_memo[key] = None  # recursion guard
            parts: List[Taint] = []
            for ev in callee.returns:
                t = position(ev)
                if t is None:
                    break
                parts.append(t)
            else:
                self.elem_memo[key] = union(parts) if callee.returns else None
        return self.elem_memo[key]

    def item_element(
        self, v: Optional[cst.CSTNode], index: Union[int, str], scope: Scope, seq: int, symbolic: bool, depth: int = 0
    ) -> Optional[Taint]:
        """Position ``index`` of the items of an iterable: of a list literal or comprehension
        of tuples, of a name bound to one and grown with ``append((venue, key, secret))``, or
        of what a function (of this module or another: its ``items`` facts) returns; None when
        the positions cannot be told apart."""
        if isinstance(v, cst.Await):
            v = v.expression
        if depth > 4 or v is None or not isinstance(index, int):
            return None
        if isinstance(v, (cst.List, cst.Tuple, cst.Set)):
            if not v.elements:
                return EMPTY  # out = [] (grown later)
            if any(isinstance(e, cst.StarredElement) for e in v.elements):
                return None
            parts = [self.element(e.value, index, scope, seq, symbolic, depth + 1) for e in v.elements]
            return None if any(p is None for p in parts) else union(p for p in parts if p is not None)
        if isinstance(v, (cst.ListComp, cst.GeneratorExp, cst.SetComp)):
            return None  # (the comprehension's variables are not bound outside it)
        if isinstance(v, cst.Name):
            sc: Optional[Scope] = scope
            while sc is not None:
                evs = [e for e in sc.assigns.get(v.value, ()) if e.seq < seq] or list(sc.assigns.get(v.value, ()))
                if evs:
                    start = max((i for i, e in enumerate(evs) if e.mode != "augment"), default=0)
                    chosen = evs[start:]
                    if chosen[0].mode != "value":
                        return None
                    parts = []
                    for e in chosen:
                        if e.mode == "value":
                            found = self.item_element(e.value, index, sc, e.seq, symbolic, depth + 1)
                        else:  # out.append((venue, key, secret))
                            found = self.element(e.value, index, sc, e.seq, symbolic, depth + 1)
                        if found is None:
                            return None
                        parts.append(found)
                    return union(parts)
                if sc.kind == "function" and self.param_index(sc, v.value) >= 0:
                    return None
                sc = sc.parent
            return None
        if isinstance(v, cst.Call):
            target = self.callee(scope, v)
            if target is None:
                return self.linked_position(v, "items", index)
            callee, _offset = target
            return self._over_returns(callee, (id(callee), f"items:{index}"),
                                      lambda ev: self.item_element(ev.value, index, callee, ev.seq, False, depth + 1))
        return None

    def linked_position(self, call: cst.Call, what: str, index: Union[int, str]) -> Optional[Taint]:
        """Position ``index`` of what another module's function returns: of the tuple
        (``what="elements"``: ``key, raw = CdpKey.load()``) or of each item of the list
        (``"items"``: ``for acct in load_accounts()``), from its facts; None when unknown."""
        fact = self.linked(call.func) if self.col.linked else None
        entries = (fact or {}).get(what) if (fact or {}).get("kind") == "function" else None
        if not isinstance(entries, list) or not isinstance(index, int) or not -len(entries) <= index < len(entries):
            return None
        entry = entries[index]
        if not isinstance(entry, dict) or not entry.get("cred"):
            return EMPTY
        from .link import where

        assert fact is not None
        label = safe_label(str(entry.get("label") or "a credential"))
        origin = f"{entry.get('origin') or 'a look-up'} ({where(fact)})"
        return frozenset({self.src(label, origin, call, str(entry["cred"]), True,
                                   container=bool(entry.get("container")))})

    def event_taint(self, ev: Event, scope: Scope, symbolic: bool) -> Taint:
        v = ev.value
        if v is None:
            return EMPTY
        if ev.mode == "index":
            t = self.element(v, ev.index, scope, ev.seq, symbolic)
            if t is not None:
                return t
            if _splits_command(v):
                # exchange, key, secret = command.args.split(): each part is one word of the
                # text, not the text (the credential parts are sources by their names)
                return frozenset(s for s in self.eval(v, scope, ev.seq, symbolic)
                                 if not s.origin.startswith(_COMMAND_ORIGIN))
        if ev.mode == "iter" and ev.index == 0 and _items_iter(v):
            return EMPTY  # the key of ``for k, v in d.items()``
        if ev.mode == "url_error":  # except requests.RequestException as exc (Collector.on_except)
            return frozenset(
                s if s.param >= 0 else self.src(s.label, s.origin + _URL_ERROR_NOTE, s.node, s.kind, s.strong)
                for s in self.eval(v, scope, ev.seq, symbolic) if not s.obj)
        if ev.mode == "iter" and ev.unpacked:
            item = self.item_element(v, ev.index, scope, ev.seq, symbolic)
            if item is not None:  # for venue, key, secret in load_accounts(): one position each
                return frozenset(s for s in item if not (s.container or s.env))
        t = self.eval(v, scope, ev.seq, symbolic)
        if ev.mode == "iter":
            # iterating a mapping yields its keys: containers and environments do not flow
            t = frozenset(s for s in t if not (s.container or s.env))
            t = self._minus_shown(t, v, scope)
        return t

    def _minus_shown(self, t: Taint, iterable: cst.CSTNode, scope: Scope) -> Taint:
        """The elements of a list of objects are the objects, not the list's repr."""
        if t and self.display_classes:
            c = self.elem_class(iterable, scope)
            if c is not None and id(c) in self.display_classes:
                return t - self.shown(c, "repr")
        return t

    def attr_taint(self, cls: ClassInfo, attr: str, use: cst.CSTNode) -> Taint:
        key = (id(cls), attr)
        if key in self.attr_memo:
            return self.attr_memo[key]
        if ("attr",) + key in self.busy:
            return EMPTY
        self.busy.add(("attr",) + key)
        parts = []
        kind = credential_kind(attr)
        stores = cls.stores.get(attr, [])
        opaque = not stores
        for sc, ev in stores:
            t = self.event_taint(ev, sc, False)
            if not t and ev.mode != "augment" and _opaque(ev.value):
                opaque = True
            parts.append(t)
        if kind and opaque and not any(parts):
            node = stores[0][1].value if stores else use
            parts.append(frozenset({self.src(f"self.{attr}", f"an attribute of {cls.name}", node, kind, False)}))
        declared = cls.attr_types.get(attr)
        if declared is not None:  # self.cfg: ExchangeSettings: what its repr shows
            parts.append(self.type_display(declared, f"self.{attr}", stores[0][1].value if stores else use))
        cont = cls.containers.get(f"self.{attr}") or cls.containers.get(f"cls.{attr}")
        if cont is not None:
            parts.append(
                frozenset(
                    {self.src(f"self.{attr}", f"a config holding {cont[0]}", cont[1], SECRET, True, container=True)}
                )
            )
        out = union(parts)
        self.busy.discard(("attr",) + key)
        self.attr_memo[key] = out
        return out

    def client_source(self, rec: ClientRec) -> Taint:
        creds = self.client_creds(rec)
        if not creds:
            return EMPTY
        first = sorted(creds, key=lambda s: (not s.strong, s.label))[0]
        return frozenset(
            {
                self.src(
                    first.label,
                    f"{first.origin}, held by a ccxt client",
                    first.node,
                    first.kind,
                    first.strong,
                    obj=True,
                )
            }
        )

    def client_creds(self, rec: ClientRec) -> Taint:
        parts = []
        cfg = rec.config
        if cfg is not None:
            t = self.eval(cfg, rec.scope, rec.seq, False)
            parts.append(frozenset(s for s in t if not s.obj))
        for value, sc, seq in rec.creds:
            t = self.eval(value, sc, seq, False)
            if not t and _opaque(value):
                t = frozenset({self.src("client credential", "an attribute store", value, EXCHANGE, False)})
            parts.append(t)
        return union(parts)

    # -- expressions ---------------------------------------------------------------------
    def eval(
        self,
        node: Optional[cst.CSTNode],
        scope: Scope,
        seq: int,
        symbolic: bool,
        overlay: Optional[Dict[str, Taint]] = None,
    ) -> Taint:
        if node is None:
            return EMPTY
        if overlay:
            return self._eval(node, scope, seq, symbolic, overlay)
        key = (id(node), symbolic)
        t = self.memo.get(key)
        if t is not None:
            return t
        if ("expr",) + key in self.busy:
            return EMPTY
        self.busy.add(("expr",) + key)
        try:
            t = self._eval(node, scope, seq, symbolic, None)
        finally:
            self.busy.discard(("expr",) + key)
        self.memo[key] = t
        return t

    def _eval(self, node: cst.CSTNode, scope: Scope, seq: int, symbolic: bool, ov: Optional[Dict[str, Taint]]) -> Taint:
        ev = lambda n: self.eval(n, scope, seq, symbolic, ov)  # noqa: E731
        if isinstance(
            node, (cst.SimpleString, cst.Integer, cst.Float, cst.Imaginary, cst.Ellipsis, cst.Lambda, cst.Comparison)
        ):
            return EMPTY
        if isinstance(node, cst.Name):
            if ov and node.value in ov:
                t = ov[node.value]
            elif node.value in ("None", "True", "False", "self", "cls"):
                return EMPTY
            else:
                t = self.lookup(node.value, scope, seq, symbolic, node)
            if self.display_classes:
                t = union((t, self.display(node, scope, "str")))
            return t
        if isinstance(node, cst.FormattedString):
            parts = [ev(p.expression) for p in node.parts if isinstance(p, cst.FormattedStringExpression)]
            if self.display_classes:
                parts += [
                    self.display(p.expression, scope, "repr")
                    for p in node.parts
                    if isinstance(p, cst.FormattedStringExpression) and p.conversion == "r"
                ]
            return union(parts)
        if isinstance(node, cst.ConcatenatedString):
            return union((ev(node.left), ev(node.right)))
        if isinstance(node, cst.BinaryOperation):
            if isinstance(node.operator, cst.Modulo) and not isinstance(node.right, (cst.Tuple, cst.SimpleString)):
                # "key=%(api_key)s secret=%(api_secret)s" % acct: the template names what it shows
                named = self._template_fields(node.left, node.right, "%")
                if named:
                    return union((ev(node.left), ev(node.right), named))
            return union((ev(node.left), ev(node.right)))
        if isinstance(node, cst.BooleanOperation):
            return union((ev(node.left), ev(node.right)))
        if isinstance(node, cst.UnaryOperation):
            return EMPTY if isinstance(node.operator, cst.Not) else ev(node.expression)
        if isinstance(node, cst.IfExp):
            return union((ev(node.body), ev(node.orelse)))
        if isinstance(node, (cst.Tuple, cst.List, cst.Set)):
            return union(ev(e.value) for e in node.elements)
        if isinstance(node, cst.Dict):
            parts = []
            for e in node.elements:
                if isinstance(e, cst.DictElement):
                    k = literal_str(e.key)
                    if k is None:
                        parts.append(ev(e.key))
                    parts.append(ev(e.value))
                else:
                    parts.append(ev(e.value))
            return union(parts)
        if isinstance(node, (cst.Await, cst.StarredElement)):
            return ev(node.expression if isinstance(node, cst.Await) else node.value)
        if isinstance(node, cst.NamedExpr):
            return ev(node.value)
        if isinstance(node, (cst.ListComp, cst.SetComp, cst.GeneratorExp, cst.DictComp)):
            return self._comp(node, scope, seq, symbolic, ov)
        if isinstance(node, cst.Subscript):
            return self._subscript(node, scope, seq, symbolic, ov)
        if isinstance(node, cst.Attribute):
            return self._attribute(node, scope, seq, symbolic, ov)
        if isinstance(node, cst.Call):
            return self._call(node, scope, seq, symbolic, ov)
        return EMPTY

    def _comp(self, node, scope, seq, symbolic, ov) -> Taint:
        overlay = dict(ov or {})
        types: Dict[str, ClassInfo] = {}
        wallets: Dict[str, str] = {}
        keys: Dict[str, List[str]] = {}
        fc = node.for_in
        while fc is not None:
            if isinstance(fc.target, cst.Name):
                names_list = self._literal_names(fc.iter)
                if names_list:
                    keys[fc.target.value] = names_list
            if self.col.class_by_name and isinstance(fc.target, cst.Name):
                c = self.elem_class(fc.iter, scope)
                if c is not None:
                    types[fc.target.value] = c
            if isinstance(fc.target, cst.Name):
                m = self.elements_made_by(fc.iter, scope, None, 0)
                if m:  # [a.key.hex() for a in accounts]: a is a wallet
                    wallets[fc.target.value] = m
            t = self.eval(fc.iter, scope, seq, symbolic, overlay)
            t = self._minus_shown(frozenset(s for s in t if not (s.container or s.env)), fc.iter, scope)
            names = _target_names(fc.target)
            for i, n in enumerate(names):
                overlay[n] = EMPTY if (i == 0 and len(names) > 1 and _items_iter(fc.iter)) else t
            fc = fc.inner_for_in
        fc = node.for_in
        if fc.ifs and _items_iter(fc.iter):
            names = _target_names(fc.target)
            tests = [i.test for i in fc.ifs if names and names[0] in _names_in(i.test)]
            if tests and not all(self._keeps_credentials(t, names[0], fc.iter, scope) for t in tests):
                return EMPTY  # {k: v for k, v in cfg.items() if k not in SECRET_SECTIONS}: a filter
        self.type_ov.append(types)
        self.wallet_ov.append(wallets)
        self.key_ov.append(keys)
        try:
            if isinstance(node, cst.DictComp):
                return union(
                    (
                        self.eval(node.key, scope, seq, symbolic, overlay),
                        self.eval(node.value, scope, seq, symbolic, overlay),
                    )
                )
            return self.eval(node.elt, scope, seq, symbolic, overlay)
        finally:
            self.type_ov.pop()
            self.wallet_ov.pop()
            self.key_ov.pop()

    def _literal_names(self, it: cst.CSTNode) -> Optional[List[str]]:
        """The strings of a literal list / tuple / set, or of a module constant bound to one."""
        if isinstance(it, (cst.List, cst.Tuple, cst.Set)):
            return literal_strings(it)
        if isinstance(it, cst.Name):
            return self.col.lists.get(it.value)
        return None

    def looped_key(self, node: cst.CSTNode) -> Optional[str]:
        """For a comprehension variable over literal names, the first of them that names a
        credential (``k`` of ``for k in ("EXCHANGE", "API_SECRET")`` -> ``API_SECRET``)."""
        if not isinstance(node, cst.Name):
            return None
        for ov in reversed(self.key_ov):
            names_list = ov.get(node.value)
            if names_list is not None:
                return next((n for n in names_list if credential_kind(n)), None)
        return None

    def _keeps_credentials(self, test: cst.CSTNode, key: str, it: cst.CSTNode, scope: Scope) -> bool:
        """Does ``if k in ("apiKey", "secret")`` keep the credentials of ``d.items()`` (a
        selection), or does ``if k not in ("binance", "telegram")`` drop them (a filter)?"""
        if _selects_secret_names(test, key, self.col.lists):
            return True  # {k: v for k, v in os.environ.items() if "KEY" in k or "SECRET" in k}
        if not (
            isinstance(test, cst.Comparison)
            and isinstance(test.left, cst.Name)
            and test.left.value == key
            and len(test.comparisons) == 1
        ):
            return False
        op = test.comparisons[0].operator
        comp = test.comparisons[0].comparator
        lits: Optional[List[str]] = None
        if isinstance(comp, (cst.Tuple, cst.List, cst.Set)):
            maybe = [literal_str(e.value) for e in comp.elements]
            if any(x is None for x in maybe):
                return False
            lits = [x for x in maybe if x is not None]
        elif literal_str(comp) is not None:
            lits = [literal_str(comp)]  # type: ignore[list-item]
        elif isinstance(comp, cst.Name):
            lits = self.col.lists.get(comp.value)
        if lits is None:
            return False
        sections: Set[str] = set()
        recv: Optional[cst.CSTNode] = it
        while isinstance(recv, cst.Call):
            f = recv.func
            if isinstance(f, cst.Attribute) and f.attr.value == "items":
                recv = f.value
                break
            recv = recv.args[0].value if recv.args else None
        d = dotted(recv) if isinstance(recv, (cst.Name, cst.Attribute)) else None
        found = _find_paths(scope, d) if d else None
        if found is not None:
            sections = {p[0] for p in found[1] if len(p) > 1}
        credish = any(
            credential_kind(x) or classify(x) in (KEY_MAYBE, TOKEN_MAYBE) or x in sections or is_exchange_context(x)
            for x in lits
            if x
        )
        if isinstance(op, (cst.In, cst.Equal)):
            return credish
        if isinstance(op, (cst.NotIn, cst.NotEqual)):
            return not credish
        return False

    def _subscript(self, node: cst.Subscript, scope, seq, symbolic, ov) -> Taint:
        ev = lambda n: self.eval(n, scope, seq, symbolic, ov)  # noqa: E731
        value = node.value
        if (isinstance(value, cst.Call) and isinstance(value.func, cst.Attribute) and value.func.attr.value == "split"
                and isinstance(value.func.value, cst.Attribute) and value.func.value.attr.value in _COMMAND_TEXTS
                and len(node.slice) == 1 and isinstance(node.slice[0].slice, cst.Index)
                and isinstance(node.slice[0].slice.value, cst.Integer) and node.slice[0].slice.value.value == "0"):
            return EMPTY  # message.text.split()[0]: the command's name ("/setkeys")
        root, keys = key_chain(node)
        key = subscript_key(node)
        if key is None and self.key_ov and len(node.slice) == 1 and isinstance(node.slice[0].slice, cst.Index):
            key = self.looped_key(node.slice[0].slice.value)
        if key is not None:
            kind = credential_kind(key, self.section_of(root, scope) + _context(root) + keys[:-1])
            origin = _origin_of(root, self.col.imports)
            if kind or (origin in _ENV_ORIGINS and connection_url(key)):
                if keys[:-1] and origin not in ("os.environ", "os.getenv"):
                    origin += "".join(f"[{safe_label(k, '...')!r}]" for k in keys[:-1])
                if not kind:
                    kind, origin = SECRET, origin + _CONN_NOTE
                return frozenset({self.src(safe_label(key), origin, node, kind, True)})
            entry = self.element(node.value, key, scope, seq, symbolic)
            if entry is not None:
                return frozenset(s for s in entry if not s.env)  # {"key": K, "name": "bot"}["name"]
            section = self.section(root, keys, scope, node)
            if section:
                return section
            base = ev(node.value)
            holder = (dotted(node.value) or "").rsplit(".", 1)[-1].lower()
            if holder in _CREDENTIAL_STORES and _names_an_account(key):
                # st.secrets["binance"], credentials["okx"]: a section of a store of credentials
                return frozenset(self.src(f"{safe_label(holder)}[{safe_label(key, '...')!r}]", s.origin, node,
                                          s.kind, s.strong, container=True) for s in base if not s.obj) or base
            # a non-credential key of a mapping holding credentials is clean
            return frozenset(s for s in base if s.obj)  # never leaks itself
        if len(node.slice) == 1 and isinstance(node.slice[0].slice, cst.Index):
            shape = key_text(node.slice[0].slice.value)
            if shape is not None and literal_str(node.slice[0].slice.value) is None:
                kind = credential_kind(shape, _context(root))
                if kind:
                    return frozenset(
                        {
                            self.src(
                                safe_label(shape, "a computed key"),
                                _origin_of(root, self.col.imports),
                                node,
                                kind,
                                True,
                            )
                        }
                    )
        index = _int_index(node)
        if index is not None:
            t = self.element(node.value, index, scope, seq, symbolic)
            if t is not None:
                return t
        if len(node.slice) == 1 and isinstance(node.slice[0].slice, cst.Slice):
            if _short_slice(node.slice[0].slice):
                return EMPTY
            if _short_slice(node.slice[0].slice, _KEY_ID_SHOWN):
                # up to eight characters of an API key id (``ex.apiKey[:8]``) tell keys apart; of
                # a secret they are part of it
                return frozenset(s for s in ev(node.value) if not is_key_id(s.label))
            return ev(node.value)
        base = ev(node.value)
        return frozenset(s for s in base if not s.env)

    def section_of(self, root: Optional[cst.CSTNode], scope: Scope) -> Tuple[str, ...]:
        """The keys a name was looked up with, as context for its own keys: ``tg =
        config.get("telegram", {})`` makes ``tg.get("token")`` the Telegram bot token."""
        if not isinstance(root, cst.Name):
            return ()
        sc: Optional[Scope] = scope
        while sc is not None:
            evs = sc.assigns.get(root.value)
            if evs:
                last = evs[-1]
                if last.mode != "value" or not isinstance(last.value, (cst.Subscript, cst.Call)):
                    return ()
                inner, keys = key_chain(last.value)
                return (_context(inner) + keys) if keys and inner is not last.value else ()
            if sc.kind == "function" and root.value in sc.params:
                return ()
            sc = sc.parent
        return ()

    def section(self, root: Optional[cst.CSTNode], keys: Tuple[str, ...], scope: Scope, node: cst.CSTNode) -> Taint:
        """``config["exchange"]`` where ``config["exchange"]["secret"]`` is read somewhere: the
        section holds a credential."""
        if not keys or not isinstance(root, (cst.Name, cst.Attribute)):
            return EMPTY
        d = dotted(root)
        if not d:
            return EMPTY
        found = _find_paths(scope, d)
        if found is None:
            return EMPTY
        (label, cnode), paths = found
        n = len(keys)
        inside = sorted(p for p in paths if len(p) > n and p[:n] == keys)
        if inside:
            sub = safe_label(d) + "".join(f"[{safe_label(k, '...')!r}]" for k in keys)
            # name a credential of this section (the container's first one may be elsewhere)
            held = sub + "".join(f"[{safe_label(k, '...')!r}]" for k in inside[0][n:])
            if label.startswith(safe_label(d) + "[") and not label.startswith(sub):
                note = label.find(" (")
                label = held + (label[note:] if note >= 0 else "")
            return frozenset({self.src(sub, f"a config section holding {label}", cnode, SECRET, True, container=True)})
        return EMPTY

    def record_taint(self, cinfo: ClassInfo, node: cst.Call, scope, seq, symbolic, ov) -> Taint:
        """What the repr of a new dataclass / pydantic instance shows: the arguments of its
        shown, unmasked fields, and for pydantic settings the credential fields it loads."""
        ev = lambda n: frozenset(s for s in self.eval(n, scope, seq, symbolic, ov) if not s.obj)  # noqa: E731
        ev_in = lambda n, sc: frozenset(s for s in self.eval(n, sc, 1 << 30, False, ov) if not s.obj)  # noqa: E731
        if not cinfo.fields:
            return union(ev(a.value) for a in node.args)
        parts: List[Taint] = []
        passed: Set[str] = set()
        i = 0
        for a in node.args:
            if a.star:
                parts.append(ev(a.value))
                continue
            if a.keyword is None:
                f = cinfo.fields[i] if i < len(cinfo.fields) else None
                i += 1
            else:
                f = cinfo.field_map.get(a.keyword.value)
            if f is not None:
                passed.add(f.name)
                if not f.shown or f.secret_typed:
                    continue
            t = ev(a.value)
            if not t and f is not None and f.kind and _opaque(a.value):
                # Creds(api_key=key_from_somewhere): the field's name says what it holds
                t = frozenset(
                    {
                        self.src(
                            f"{cinfo.name}.{f.name}",
                            f"a field of {cinfo.name} shown by its repr",
                            a.value,
                            f.kind,
                            False,
                        )
                    }
                )
            parts.append(t)
        if any(a.star == "**" for a in node.args):
            # Creds(**data): every shown credential field is filled from data
            f = next(
                (f for f in cinfo.fields if f.kind and f.shown and not f.secret_typed and f.name not in passed), None
            )
            if f is not None and f.kind:
                parts.append(
                    frozenset(
                        {
                            self.src(
                                f"{cinfo.name}.{f.name}",
                                f"a field of {cinfo.name} shown by its repr",
                                node,
                                f.kind,
                                False,
                            )
                        }
                    )
                )
        module_scope = scope
        while module_scope.parent is not None:
            module_scope = module_scope.parent
        for f in cinfo.fields:
            # Settings() with a field left to its default: ``secret: str = os.getenv("X", "")``
            if (f.kind and f.shown and not f.secret_typed and f.name not in passed and f.default is not None
                    and not isinstance(f.default, (cst.SimpleString, cst.ConcatenatedString))):
                parts.append(ev_in(f.default, module_scope))
        if cinfo.is_settings:
            for f in cinfo.fields:
                if f.kind and f.shown and not f.secret_typed and f.name not in passed:
                    parts.append(
                        frozenset(
                            {
                                self.src(
                                    f"{cinfo.name}.{f.name}",
                                    "a settings field loaded from the environment",
                                    f.node,
                                    f.kind,
                                    True,
                                )
                            }
                        )
                    )
        return union(parts)

    def _attribute(self, node: cst.Attribute, scope, seq, symbolic, ov) -> Taint:
        t = self._attribute_of(node, scope, seq, symbolic, ov)
        if node.attr.value in _COMMAND_TEXTS:
            t = union((t, self._command_creds(node, scope)))
        found = self._param_path(node, scope)
        if found is None:
            return t
        owner, i, path = found
        if symbolic and owner is scope:
            # ``acct.key`` of a parameter: the caller's argument's ``.key`` (a summary marker)
            return union((t, frozenset({self.path_marker(owner, i, path)})))
        return union((t, self.param_attr_taint(owner, i, path)))

    def _template_fields(self, template: cst.CSTNode, filled: cst.CSTNode, style: str) -> Taint:
        """The credentials a template filled from a mapping shows by name: ``{api_secret}`` of
        ``"...".format(**acct)`` / ``format_map(acct)``, ``%(api_secret)s`` of ``"..." % acct``
        (the mapping's own taint is its caller's business; the names say what is in the text)."""
        text = literal_str(template)
        if not text:
            return EMPTY
        if style == "%":
            fields = re.findall(r"%\(([A-Za-z_]\w*)\)", text)
        else:
            # a field's name, then only a conversion, a format spec, an attribute or an index
            fields = re.findall(r"(?<!\{)\{([A-Za-z_]\w*)(?:[!:.\[][^{}]*)?\}", text)
        shown = safe_label(dotted(filled) or "", "a mapping")
        out = [self.src(safe_label(f), f"the `{safe_label(f)}` field of a template filled from {shown}", template,
                        kind, True)
               for f in dict.fromkeys(fields) for kind in (credential_kind(f),) if kind is not None]
        return frozenset(out[:4])

    def _command_creds(self, node: cst.Attribute, scope: Scope) -> Taint:
        """A chat command's text (``update.message.text``) in a handler that splits that text
        into credentials (``_, key, secret = text.split()``, ``parts[1]`` as ``apiKey``): the
        text carries the user's API key and secret, so logging it leaks them."""
        d = dotted(node)
        fn: Optional[Scope] = scope
        while fn is not None and fn.kind != "function":
            fn = fn.parent
        if not d or fn is None or fn.node is None:
            return EMPTY
        key = (id(fn), d)
        memo = self.__dict__.setdefault("_command_memo", {})
        if key not in memo:
            finder = _CommandSplit(d)
            walk(fn.node, [finder])
            memo[key] = finder.found
        found = memo[key]
        if found is None:
            return EMPTY
        return frozenset({self.src(safe_label(d, "the message text"),
                                   f"{_COMMAND_ORIGIN} {safe_label(found, 'a credential')} in this handler",
                                   node, EXCHANGE, True)})

    def _param_path(self, node: cst.Attribute, scope: Scope) -> Optional[Tuple[Scope, int, Tuple[str, ...]]]:
        """(function, parameter index, attribute path) of ``acct.key`` / ``acc.creds.secret``
        on a parameter (not ``self``), at most three attributes deep."""
        path: List[str] = []
        cur: cst.CSTNode = node
        while isinstance(cur, cst.Attribute) and len(path) <= 3:
            path.append(cur.attr.value)
            cur = cur.value
        if not isinstance(cur, cst.Name) or len(path) > 3 or cur.value in ("self", "cls"):
            return None
        sc: Optional[Scope] = scope
        while sc is not None:
            if cur.value in sc.assigns and any(e.mode != "param" for e in sc.assigns[cur.value]):
                return None
            if sc.kind == "function":
                i = self.param_index(sc, cur.value)
                if i >= 0:
                    if i == 0 and sc.is_method and not sc.is_static:
                        return None
                    return sc, i, tuple(reversed(path))
            sc = sc.parent
        return None

    def param_attr_taint(self, scope: Scope, i: int, path: Tuple[str, ...]) -> Taint:
        """Concrete taint of attribute ``path`` of parameter ``i``: that attribute of what the
        module's callers pass (strong sources only: a name says nothing about a field)."""
        key = (id(scope), i, path)
        if key in self.param_attr_memo:
            return self.param_attr_memo[key]
        if ("pattr",) + key in self.busy:
            return EMPTY
        self.busy.add(("pattr",) + key)
        parts: List[Taint] = []
        for caller, seq, call, offset in self.callsites().get(id(scope), ()):
            for arg in self.args_for(call, scope, i, offset):
                parts.append(frozenset(s for s in self.eval(self.attr_path(arg, path), caller, seq, False)
                                       if s.strong))
        out = union(parts)
        self.busy.discard(("pattr",) + key)
        self.param_attr_memo[key] = out
        return out

    def _field_value(self, base: cst.Name, attr: str, scope: Scope, symbolic: bool) -> Optional[Taint]:
        """``acc.secret`` where ``acc = ApiAccount("binance", KEY, SECRET)`` (a record of this
        module, or another module's whose facts list its ``fields``): the argument given for
        that field; None when the field was not given or ``acc`` was not built so."""
        sc: Optional[Scope] = scope
        while sc is not None:
            evs = sc.assigns.get(base.value)
            if evs:
                break
            if sc.kind == "function" and self.param_index(sc, base.value) >= 0:
                return None
            sc = sc.parent
        if sc is None or not evs or evs[-1].mode != "value":
            return None
        ev = evs[-1]
        call = ev.value.expression if isinstance(ev.value, cst.Await) else ev.value
        if not isinstance(call, cst.Call):
            return None
        fields: List[str] = []
        cls = self.ctor_class(call)
        if cls is not None:
            if not cls.is_record:
                return None
            fields = [f.name for f in cls.fields]
        else:
            fact = self.linked(call.func) if self.col.linked else None
            listed = (fact or {}).get("fields") if (fact or {}).get("kind") == "class" else None
            if not isinstance(listed, list):
                return None
            fields = [str(f) for f in listed]
        if attr not in fields:
            return None
        arg = next((a.value for a in call.args if a.keyword is not None and a.keyword.value == attr), None)
        if arg is None:
            positional = [a for a in call.args if a.keyword is None]
            if any(a.star for a in positional):
                return None
            at = fields.index(attr)
            arg = positional[at].value if at < len(positional) else None
        if arg is None:
            return None
        return self.eval(arg, sc, ev.seq, symbolic and sc is scope)

    def _attribute_of(self, node: cst.Attribute, scope, seq, symbolic, ov) -> Taint:
        attr = node.attr.value
        d = dotted(node)
        base = node.value
        if attr == "__dict__":
            return self.dump(base, scope, seq, symbolic, ov)
        resolved = self.col.imports.resolve(node) if d else None
        if resolved in ("os.environ",) or (d and d == "environ" and resolved and resolved.endswith("environ")):
            return frozenset({self.src("the process environment", "os.environ", node, SECRET, True, env=True)})
        if isinstance(base, cst.Name) and base.value in ("self", "cls"):
            cls = self._class_of(scope)
            parts = []
            if cls is not None:
                parts.append(self.attr_taint(cls, attr, node))
            else:
                kind = credential_kind(attr)
                if kind:
                    parts.append(frozenset({self.src(f"self.{attr}", "an attribute", node, kind, False)}))
            rec = self.col.clients.get(d or "")
            if rec is not None:
                parts.append(self.client_source(rec))
            return union(parts)
        base_d = dotted(base) or ""
        if attr in vocab.SESSION_PAYLOAD and base_d in self.col.session_vars:
            # session.headers: what the session was created or updated with (an API key header)
            t = union(self.eval(v, sc, sq, False) for v, sc, sq in self.col.session_carried(base_d, scope))
            if t:
                return t
        rec = self.col.clients.get(base_d)
        if rec is not None and attr in vocab.CCXT_CRED_ATTRS:
            if self.client_creds(rec):
                return frozenset(
                    {
                        self.src(
                            f"{safe_label(base_d, 'exchange')}.{attr}",
                            "a ccxt client credential attribute",
                            node,
                            vocab.CCXT_CRED_ATTRS[attr],
                            True,
                        )
                    }
                )
            return EMPTY
        if attr in vocab.WALLET_SECRET_ATTRS:
            made = self.made_by(base, scope)
            if made:
                return frozenset(
                    {
                        self.src(
                            f"{safe_label(base_d, 'wallet')}.{attr}", f"a wallet from {made}()", node, PRIVATE_KEY, True
                        )
                    }
                )
        if isinstance(base, (cst.Name, cst.Attribute)) and self.masked_field(base, attr, scope):
            return EMPTY  # pydantic SecretStr: its str() and repr() are masked
        if isinstance(base, (cst.Name, cst.Attribute)) and (self.col.class_by_name or self.col.linked) \
                and connection_url(attr) and self.settings_url(base, attr, scope):
            return frozenset({self.src(d or attr, "a settings field loaded from the environment" + _CONN_NOTE,
                                           node, SECRET, True)})
        if isinstance(base, cst.Name) and (self.col.class_by_name or self.col.linked):
            given = self._field_value(base, attr, scope, symbolic)
            if given is not None:
                return given
        if attr in self.col.cli_dests and isinstance(base, cst.Name):
            if any(s.origin == "a command-line option" for s in self.eval(base, scope, seq, symbolic, ov)):
                return frozenset(
                    {self.src(f"--{self.col.cli_dests[attr]}", "a command-line option", node, EXCHANGE, True)}
                )
        parents = tuple(p for p in base_d.split(".") if p) if base_d else ()
        kind = credential_kind(attr, parents)
        if kind:
            return frozenset({self.src(d or attr, "an attribute", node, kind, False)})
        parts = []
        if self.col.linked and isinstance(base, (cst.Name, cst.Attribute)):
            # self.settings.exchange where Settings (another module's record) types its field
            # ``exchange`` with a record whose repr shows a credential
            found = self.type_of(base, scope)
            types = (found[1] or {}).get("types") if found is not None and found[0] is None else None
            sub = types.get(attr) if isinstance(types, dict) else None
            if isinstance(sub, dict):
                parts.append(self.imported_display({**(found[1] or {}), **sub}, d or attr, node))
        if d:
            rec = self.col.clients.get(d)
            if rec is not None:
                parts.append(self.client_source(rec))
            cont = _find_container(scope, d)
            if cont is not None:
                parts.append(
                    frozenset({self.src(d, f"a config holding {cont[0]}", cont[1], SECRET, True, container=True)})
                )
            if not parts and self.col.linked and isinstance(base, cst.Name):
                fact = self.linked(node)  # config.settings of a script-style ``import config``
                if fact is not None and fact.get("kind") == "constant":
                    parts.append(constant_source(fact, d, None, self.src))
        return union(parts)

    def settings_url(self, base: cst.CSTNode, attr: str, scope: Scope) -> bool:
        """Is ``base.attr`` a connection URL field of a pydantic-settings class (filled from the
        environment: ``settings.database_url``), of this module or another (its facts' ``conn``)?"""
        return self._field_is(base, attr, scope, "conn",
                              lambda cls, f: cls.is_settings and not f.secret_typed and f.kind is not None)

    def masked_field(self, base: cst.CSTNode, attr: str, scope: Scope) -> bool:
        """Is ``base.attr`` a pydantic ``SecretStr`` / ``SecretBytes`` field (its str and repr
        are ``**********``)?  ``base``'s type as :meth:`type_of` finds it: a class of this
        module, or another module's class or instance (the link facts list its masked fields)."""
        return self._field_is(base, attr, scope, "masked", lambda _cls, f: f.secret_typed)

    def _field_is(self, base: cst.CSTNode, attr: str, scope: Scope, listed: str,
                  test: Callable[[ClassInfo, RecordField], bool]) -> bool:
        """``test`` of the field ``attr`` of ``base``'s class when it is of this module, else
        whether another module's facts about its type list ``attr`` under ``listed``."""
        found = self.type_of(base, scope)
        if found is None:
            return False
        cls, fact = found
        if cls is not None:
            f = cls.field_map.get(attr)
            return f is not None and bool(test(cls, f))
        return attr in ((fact or {}).get(listed) or ())

    def type_of(self, base: cst.CSTNode, scope: Scope,
                depth: int = 0) -> Optional[Tuple[Optional[ClassInfo], Optional[dict]]]:
        """The type of an expression as (a class of this module, None) or (None, another
        module's facts about its class, instance or factory), from what the expression was
        bound to: a constructor call (``s = Settings()``, ``self.s = Settings()``), a parameter's
        annotation (``s: Settings``) or default (``def __init__(self, s=settings)``), what a
        ``self`` attribute was stored from (``self.s = s``), an imported instance
        (``from .config import settings``) or another module's factory (``load_settings()``)."""
        if depth > 4:
            return None
        if self.col.class_by_name:
            icls = self.instance_class(base, scope)
            if icls is not None:
                return icls, None
        value: Optional[cst.CSTNode] = None
        vscope = scope
        if isinstance(base, cst.Name):
            param = self._param_node(base.value, scope)
            if isinstance(param, cst.Param):
                ann = param.annotation.annotation if param.annotation is not None else None
                if ann is not None:
                    cls = self.annotation_class(ann) if self.col.class_by_name else None
                    if cls is not None:
                        return cls, None
                    fact = self.linked_class(ann) if self.col.linked else None
                    if fact is not None:
                        return None, fact
                value = param.default
                vscope = self.col.module
            elif self.col.linked:
                fact = self.linked(base)
                if fact is not None:
                    return None, fact
                value = self._bound_value(base.value, scope)
        elif isinstance(base, cst.Attribute) and isinstance(base.value, cst.Name) and base.value.value == "self":
            cls = self._class_of(scope)
            stores = [(sc, ev) for sc, ev in cls.stores.get(base.attr.value, ()) if ev.mode == "value"] if cls else []
            if stores:
                vscope, ev = stores[-1]
                value = ev.value
        if isinstance(value, cst.Await):
            value = value.expression
        if isinstance(value, cst.Attribute) and self.col.linked:  # s=config.settings (import config)
            fact = self.linked(value)
            if fact is not None:
                return None, fact
        if isinstance(value, cst.Name):
            return self.type_of(value, vscope, depth + 1)
        if isinstance(value, cst.Call) and isinstance(value.func, (cst.Name, cst.Attribute)):
            cls = self.ctor_class(value)
            if cls is not None:
                return cls, None
            fact = self.linked(value.func) if self.col.linked else None
            if fact is not None:
                return None, fact
        return None

    def _dump_selection(self, node: cst.Call, recv_t: Taint, scope: Scope) -> Taint:
        """``model_dump(exclude={...})`` / ``dict(include={...})`` of a pydantic model: the
        fields left out are not in the result.  Clean when no credential field of the model's
        type is left (the type known: :meth:`record_creds`), or, the type unknown, when
        ``include=`` names no credential; otherwise the sources of the excluded fields go."""
        func = node.func
        assert isinstance(func, cst.Attribute)
        include = _field_set(node, "include")
        exclude = _field_set(node, "exclude")
        if include is None and exclude is None:
            return recv_t
        creds = self.record_creds(func.value, scope)
        if creds is not None:
            # (another module's field names come as the engine stored them: a random-looking
            # one, ``bitget_passphrase``, as its length; compare in that form too)
            left = creds & _stored(include) if include is not None else set(creds)
            left -= _stored(exclude or set())
            if not left:
                return EMPTY
        elif include is not None and not any(credential_kind(f) for f in include):
            return EMPTY

        def field(s: Source) -> str:
            return s.label.rsplit(".", 1)[-1]

        kept = frozenset(s for s in recv_t if not ((exclude and field(s) in exclude)
                                                   or (include is not None and field(s) not in include
                                                       and credential_kind(field(s)))))
        if kept or creds is None:
            return kept
        # the sources named other fields than the ones left: name one that is left
        first = sorted(recv_t, key=lambda s: (not s.strong, s.label))[0]
        name = sorted(left)[0]
        return frozenset({self.src(safe_label(f"{describe(func.value)}.{name}", "a settings field"), first.origin,
                                   first.node, credential_kind(name) or first.kind, first.strong)})

    def record_creds(self, base: cst.CSTNode, scope: Scope) -> Optional[Set[str]]:
        """The credential fields a dump of ``base`` shows (``model_dump()``, ``dict()``, its
        repr): a record's credential-named fields that are not ``SecretStr`` nor
        ``repr=False``; None when ``base``'s type is not known."""
        found = self.type_of(base, scope)
        if found is None:
            return None
        cls, fact = found
        if cls is not None:
            return {f.name for f in cls.fields if f.kind and not f.secret_typed} if cls.is_record else None
        creds = (fact or {}).get("creds")
        return {str(c) for c in creds} if isinstance(creds, list) else None

    @staticmethod
    def _bound_value(name: str, scope: Scope) -> Optional[cst.CSTNode]:
        """The value of the last plain assignment of ``name`` visible from ``scope``."""
        sc: Optional[Scope] = scope
        while sc is not None:
            evs = sc.assigns.get(name)
            if evs:
                last = evs[-1]
                value = last.value if last.mode == "value" else None
                return value.expression if isinstance(value, cst.Await) else value
            sc = sc.parent
        return None

    @staticmethod
    def _param_node(name: str, scope: Scope) -> Optional[cst.CSTNode]:
        """The parameter ``name`` of the innermost function that binds it as a parameter."""
        sc: Optional[Scope] = scope
        while sc is not None:
            if name in sc.assigns and any(e.mode == "value" for e in sc.assigns[name]):
                return None
            if sc.kind == "function" and name in sc.params:
                return sc.param_nodes[sc.params.index(name)]
            sc = sc.parent
        return None

    def _is_dict_name(self, node: cst.CSTNode, scope: Scope) -> bool:
        if not isinstance(node, cst.Name):
            return isinstance(node, cst.Dict)
        sc: Optional[Scope] = scope
        while sc is not None:
            evs = sc.assigns.get(node.value)
            if evs:
                return isinstance(evs[-1].value, (cst.Dict, cst.DictComp)) and evs[-1].mode == "value"
            sc = sc.parent
        return False

    def made_by(self, obj: cst.CSTNode, scope: Scope, depth: int = 0) -> Optional[str]:
        """The wallet / signer maker (``Account.from_key``, ``Keypair.from_base58_string``)
        that built ``obj`` (a name, a ``self`` attribute, an element ``accounts[0]``, a loop
        variable over wallets built in a comprehension or a loop), else None."""
        v: Optional[cst.CSTNode] = None
        if depth > 4:
            return None
        if isinstance(obj, cst.Subscript):  # accounts[0], wallets["main"]
            return self.elements_made_by(obj.value, scope, None, depth + 1)
        if isinstance(obj, cst.Name):
            for frame in reversed(self.wallet_ov):
                if obj.value in frame:
                    return frame[obj.value]  # a comprehension's variable over wallets
            sc: Optional[Scope] = scope
            while sc is not None:
                pi = self.param_index(sc, obj.value) if sc.kind == "function" else -1
                if pi >= 0 and not sc.assigns.get(obj.value):
                    return self.wallet_annotation(sc.param_nodes[pi])  # def sign(kp: Keypair)
                evs = sc.assigns.get(obj.value)
                if evs:
                    last = evs[-1]
                    if last.mode == "iter":  # for acct in accounts / for i, acct in enumerate(accounts)
                        return self.elements_made_by(last.value, sc, last.index if last.unpacked else None, depth + 1)
                    v = last.value
                    if isinstance(v, (cst.Name, cst.Subscript)) and last.mode == "value":
                        return self.made_by(v, sc, depth + 1)  # an alias
                    break
                sc = sc.parent
            if sc is None:  # a wallet of another module (``from .wallet import acct``)
                fact = self.linked(obj)
                if fact is not None and fact.get("kind") == "wallet":
                    return safe_label(str(fact.get("made") or "a maker"), "a maker")
        elif isinstance(obj, cst.Attribute) and isinstance(obj.value, cst.Name) and obj.value.value == "self":
            cls = self._class_of(scope)
            stores = cls.stores.get(obj.attr.value, []) if cls is not None else []
            v = stores[-1][1].value if stores else None
        elif isinstance(obj, cst.Call):
            v = obj
        if isinstance(v, cst.Await):
            v = v.expression
        if not isinstance(v, cst.Call):
            return None
        made = self.col.imports.resolve(v.func) or dotted(v.func) or _attr_tail(v.func)
        low = made.lower()
        if any(low == m or low.endswith("." + m) for m in vocab.WALLET_MAKERS_LOWER):
            return made
        return self.factory_wallet(v, scope)

    def elements_made_by(self, it: Optional[cst.CSTNode], scope: Scope, index: Optional[int],
                         depth: int) -> Optional[str]:
        """The maker of the wallets an iterable holds (``[Account.from_key(k) for k in keys]``,
        a list appended to in a loop, a dict comprehension's values, ``enumerate(...)``,
        ``.values()`` / ``.items()``); ``index``: the unpacked position a loop variable takes
        (``for i, acct in enumerate(accounts)``: 1 is the wallet, 0 its number)."""
        if it is None or depth > 5:
            return None
        if isinstance(it, cst.Await):
            it = it.expression
        if isinstance(it, cst.Call):
            func = it.func
            first = it.args[0].value if it.args and it.args[0].keyword is None else None
            if isinstance(func, cst.Name) and func.value == "enumerate":
                return None if index == 0 else self.elements_made_by(first, scope, None, depth + 1)
            if isinstance(func, cst.Name) and func.value in ("list", "tuple", "sorted", "reversed", "iter", "set"):
                return self.elements_made_by(first, scope, index, depth + 1)
            if isinstance(func, cst.Attribute) and func.attr.value in ("values", "items") and not it.args:
                if func.attr.value == "items" and index != 1:
                    return None
                return self.elements_made_by(func.value, scope, None, depth + 1) if self._dict_like(
                    func.value, scope) else None
            if index is not None:
                return None
            made = self.made_by(it, scope, depth + 1)
            if made:
                return made  # (a factory's list built in steps: ``wallets.append(...)``)
            target = self.callee(scope, it)
            if target is not None:  # def load_accounts(): return [Account.from_key(k) for k in keys]
                key = ("wallets", id(target[0]))
                if key in self.busy:
                    return None
                self.busy.add(key)
                try:
                    return next((m for m in (self.elements_made_by(ev.value, target[0], None, depth + 1)
                                             for ev in target[0].returns) if m), None)
                finally:
                    self.busy.discard(key)
            fact = self.linked(it.func) if self.col.linked else None
            if fact is not None and fact.get("kind") == "function" and fact.get("wallets"):
                return safe_label(str(fact["wallets"]), "a maker")
            return None
        if index is not None:
            return None
        if isinstance(it, (cst.ListComp, cst.SetComp, cst.GeneratorExp)):
            return self.made_by(it.elt, scope, depth + 1) if isinstance(it.elt, cst.Call) else None
        if isinstance(it, cst.DictComp):
            return self.made_by(it.value, scope, depth + 1) if isinstance(it.value, cst.Call) else None
        if isinstance(it, (cst.List, cst.Tuple, cst.Set)):
            return next((m for m in (self.made_by(e.value, scope, depth + 1) for e in it.elements
                                     if isinstance(e.value, cst.Call)) if m), None)
        if isinstance(it, cst.Dict):
            return next((m for m in (self.made_by(e.value, scope, depth + 1) for e in it.elements
                                     if isinstance(e, cst.DictElement) and isinstance(e.value, cst.Call)) if m), None)
        if isinstance(it, cst.Name):
            sc: Optional[Scope] = scope
            while sc is not None:
                evs = sc.assigns.get(it.value)
                if evs:
                    for ev in reversed(evs[-4:]):
                        if ev.mode == "augment" and isinstance(ev.value, cst.Call):  # wallets.append(...)
                            found = self.made_by(ev.value, sc, depth + 1)
                        elif ev.mode == "value":
                            found = self.elements_made_by(ev.value, sc, None, depth + 1)
                        else:
                            found = None
                        if found:
                            return found
                    return None
                sc = sc.parent
            fact = self.linked(it) if self.col.linked else None  # from .wallets import ACCOUNTS
            if fact is not None and fact.get("kind") == "wallets":
                return safe_label(str(fact.get("made") or "a maker"), "a maker")
        return None

    def _dict_like(self, node: cst.CSTNode, scope: Scope) -> bool:
        """A name bound to a dict literal or comprehension (``.values()`` of it yields its values)."""
        if isinstance(node, (cst.Dict, cst.DictComp)):
            return True
        if isinstance(node, cst.Name):
            sc: Optional[Scope] = scope
            while sc is not None:
                evs = sc.assigns.get(node.value)
                if evs:
                    return any(ev.mode == "value" and isinstance(ev.value, (cst.Dict, cst.DictComp)) for ev in evs)
                sc = sc.parent
        return False

    def factory_wallet(self, call: cst.Call, scope: Scope) -> Optional[str]:
        """The maker of the wallet a factory returns: ``load_account()`` of this module or of
        another one (its facts say ``wallet``) that returns ``Account.from_key(...)``."""
        target = self.callee(scope, call)
        if target is not None:
            key = ("wallet", id(target[0]))
            if key in self.busy:
                return None
            self.busy.add(key)
            try:
                return next((m for m in (self.made_by(ev.value, target[0]) for ev in target[0].returns
                                         if isinstance(ev.value, (cst.Call, cst.Name, cst.Await))) if m), None)
            finally:
                self.busy.discard(key)
        fact = self.linked(call.func) if self.col.linked else None
        if fact is not None and fact.get("kind") == "function" and fact.get("wallet"):
            return safe_label(str(fact["wallet"]), "a maker")
        return None

    def dump(self, obj: cst.CSTNode, scope, seq, symbolic, ov) -> Taint:
        """vars(x) / x.__dict__: the object's credentials come out in clear."""
        if isinstance(obj, cst.Name) and obj.value in ("self", "cls"):
            cls = self._class_of(scope)
            if cls is None:
                return EMPTY
            parts = []
            for attr in cls.stores:
                if credential_kind(attr) or f"self.{attr}" in cls.containers:
                    parts.append(self.attr_taint(cls, attr, obj))
            return frozenset(
                self.src(s.label, s.origin, s.node, s.kind, s.strong) if s.obj else s for s in union(parts)
            )
        t = self.eval(obj, scope, seq, symbolic, ov)
        if symbolic:
            # vars(ex) of a parameter: the call site dumps its argument's attributes
            t = frozenset(self.path_marker(s.owner, s.param, s.path + ("__dict__",))
                          if s.param >= 0 and s.owner is not None and len(s.path) < 3 and "__dict__" not in s.path
                          else s for s in t)
        built = self._built_from(obj, scope, seq, symbolic, ov)
        if built:
            t = union((t, built))
        held = self.col.attr_creds.get(dotted(obj) or "") if not t else None
        if held is not None:
            label, hnode = held
            t = frozenset(
                {
                    self.src(
                        safe_label(dotted(obj) or "", "an object"),
                        f"an object holding {safe_label(label)}",
                        hnode,
                        SECRET,
                        True,
                        container=True,
                    )
                }
            )
        return frozenset(self.src(s.label, s.origin, s.node, s.kind, s.strong) if s.obj else s for s in t)

    def _built_from(self, obj: cst.CSTNode, scope, seq, symbolic, ov) -> Taint:
        """``client = Client(API_KEY, API_SECRET)``: the object's attributes hold what its
        constructor was given (a module class: what its methods store on self)."""
        values: List[Tuple[cst.CSTNode, Scope, int]] = []
        if isinstance(obj, cst.Name):
            sc: Optional[Scope] = scope
            while sc is not None:
                pi = self.param_index(sc, obj.value) if sc.kind == "function" else -1
                if pi >= 0 and not sc.assigns.get(obj.value):
                    return EMPTY  # a parameter: no constructor here (an outer binding is another name)
                evs = sc.assigns.get(obj.value)
                if evs:
                    values = [(e.value, sc, e.seq) for e in evs if e.mode == "value" and e.value is not None]
                    break
                sc = sc.parent
        elif isinstance(obj, cst.Attribute) and isinstance(obj.value, cst.Name) and obj.value.value == "self":
            cls = self._class_of(scope)
            if cls is not None:
                values = [
                    (ev.value, sc, ev.seq)
                    for sc, ev in cls.stores.get(obj.attr.value, [])
                    if ev.value is not None and ev.mode == "value"
                ]
        if not values:
            return EMPTY
        v, sc, vseq = values[-1]
        if isinstance(v, cst.Await):
            v = v.expression
        if not isinstance(v, cst.Call):
            return EMPTY
        cls = self.ctor_class(v)
        if cls is not None:
            parts = [self.attr_taint(cls, a, obj) for a in cls.stores if credential_kind(a)]
            return frozenset(s for s in union(parts) if not s.obj)
        name = (dotted(v.func) or "").rsplit(".", 1)[-1]
        if not name[:1].isupper():
            return EMPTY  # a function result, not a constructed object
        return union(frozenset(s for s in self.eval(a.value, sc, vseq, symbolic) if not s.obj) for a in v.args)

    def _call(self, node: cst.Call, scope, seq, symbolic, ov) -> Taint:
        ev = lambda n: self.eval(n, scope, seq, symbolic, ov)  # noqa: E731
        func = node.func
        imports = self.col.imports
        resolved = imports.resolve(func) or ""
        last = resolved.rsplit(".", 1)[-1] if resolved else (func.attr.value if isinstance(func, cst.Attribute) else "")
        args = [a.value for a in node.args]
        # sanitisers
        if (
            last in vocab.SANITIZER_CALLS
            or vocab.SANITIZER_NAME.search(last or "")
            or resolved.startswith(vocab.SANITIZER_MODULES)
        ):
            return EMPTY
        # sources
        if last in ("get_secret_value", "reveal", "get_secret"):
            recv = func.value if isinstance(func, cst.Attribute) else None
            label = (dotted(recv) if recv is not None else None) or last
            # an unwrap: the result is the credential the wrapped field's name says it is
            # (``settings.okx_api_key.get_secret_value()`` is an exchange key)
            kind = credential_kind(label.rsplit(".", 1)[-1]) if label != last else None
            return frozenset({self.src(label, f"{last}()", node, kind or SECRET, True)})
        if resolved == "input" and args and vocab.CLI_CRED_HELP.search(literal_str(args[0]) or ""):
            return frozenset({self.src("input()", "an interactive prompt for a credential", node, PASSWORD, True)})
        if resolved in ("keyring.get_password", "keyring.get_credential", "getpass.getpass") or last == "getpass":
            return frozenset({self.src(resolved or last, "an interactive or keyring look-up", node, PASSWORD, True)})
        if resolved.endswith("dotenv_values"):
            return frozenset({self.src("dotenv_values()", "the .env file", node, SECRET, True, env=True)})
        if last and vocab.GETTER_CALLS.match(last) and node.args and node.args[0].keyword is None:
            idx = 1 if last == "getattr" else 0
            pos = [a for a in node.args if a.keyword is None]
            if len(pos) > idx:
                key = literal_str(pos[idx].value)
                if key is None and self.key_ov:
                    key = self.looped_key(pos[idx].value)  # {k: os.getenv(k) for k in REQUIRED}
                computed = False
                if key is None:
                    key = key_text(pos[idx].value)  # os.getenv(f"{name}_API_SECRET")
                    computed = key is not None
                kind = None
                if key is not None:
                    root, keys = key_chain(func.value) if isinstance(func, cst.Attribute) else (None, ())
                    kind = credential_kind(key, self.section_of(root, scope) + _context(root) + keys)
                # a connection URL, from the environment only (a config's reaches logs through
                # generic helpers that print other keys)
                conn = (key is not None and not kind and not computed and connection_url(key)
                        and (resolved.endswith(("getenv", "environ.get")) or last == "env"))
                if conn:
                    kind = SECRET
                if key is not None and (kind or not computed):
                    if kind:
                        if resolved.endswith("getenv") or resolved.endswith("environ.get"):
                            origin = "os.getenv" if resolved.endswith("getenv") else "os.environ"
                        elif isinstance(func, cst.Attribute):
                            origin = _origin_of(func.value, imports)
                        else:
                            origin = f"{safe_label(resolved or last, 'a look-up')}()"
                        if last == "getattr":
                            origin = f"getattr({describe(pos[0].value)})"
                        if conn:
                            origin += _CONN_NOTE
                        return frozenset({self.src(safe_label(key, "a computed key"), origin, node, kind, True)})
                    if last in ("get", "pop") and isinstance(func, cst.Attribute):
                        root, keys = key_chain(node)
                        section = self.section(root, keys, scope, node)
                        if section:
                            return section
                    return EMPTY  # the value of a key that names no credential
        if isinstance(func, cst.Name):
            cinfo = self.col.class_by_name.get(func.value)
            if cinfo is None and func.value == "cls":
                cinfo = self._class_of(scope)  # cls(...) in a classmethod factory
            if cinfo is not None and cinfo.is_record:
                # a dataclass / NamedTuple / pydantic repr shows its (unmasked, repr=True) fields
                return self.record_taint(cinfo, node, scope, seq, symbolic, ov)
        rec = self.col.client_by_call.get(id(node)) or self.col.client_funcs.get(dotted(func) or "")
        if rec is not None:
            return self.client_source(rec)
        if args and (resolved or dotted(func) or "").lower().endswith(vocab.KEYPAIR_FROM_KEY):
            # a Keypair built from a key: its str() and bytes() are that key (its methods such as
            # pubkey() are calls that do not propagate)
            made = resolved or dotted(func) or "Keypair"
            return frozenset({self.src("Keypair", f"{safe_label(made, 'a maker')}() (str() of a Keypair is its "
                                       "secret key)", node, PRIVATE_KEY, True)})
        if not args and resolved.lower().startswith(vocab.KEYPAIR_MODULES) and last in vocab.KEYPAIR_TYPES:
            # a new Keypair(): the key it generates is in its str() and bytes()
            return frozenset({self.src("Keypair", "a new Keypair() (str() and bytes() of a Keypair are its secret "
                                       "key)", node, PRIVATE_KEY, True)})
        if isinstance(func, cst.Attribute) and func.attr.value in vocab.WALLET_SECRET_METHODS:
            made = self.made_by(func.value, scope)
            if made:  # kp.secret(), kp.to_base58_string(): the signing key itself
                label = f"{safe_label(dotted(func.value) or 'wallet', 'wallet')}.{func.attr.value}()"
                return frozenset({self.src(label, f"a wallet from {made}()", node, PRIVATE_KEY, True)})
        if (
            isinstance(func, cst.Attribute)
            and func.attr.value in vocab.MNEMONIC_MAKERS
            and any(imports.imports_module(m) for m in ("mnemonic", "bip_utils", "hdwallet", "bip39"))
        ):
            return frozenset({self.src(f"{func.attr.value}()", "a generated seed phrase", node, MNEMONIC, True)})
        if (
            isinstance(func, cst.Attribute)
            and func.attr.value in ("parse_args", "parse_known_args")
            and self.col.cli_creds
        ):
            opt, onode = self.col.cli_creds[0]
            return frozenset({self.src(opt, "a command-line option", onode, EXCHANGE, True, container=True)})
        if resolved == "vars" and len(args) == 1:
            return self.dump(args[0], scope, seq, symbolic, ov)
        # local functions (summaries)
        target = self.callee(scope, node)
        if target is not None:
            callee, offset = target
            t = self.substitute(self.returns(callee), callee, node, offset, scope, seq, symbolic)
            if t:
                return t
            returns = getattr(callee.node, "returns", None)
            if returns is not None and self.col.class_by_name:
                cls = self.annotation_class(returns)
                if cls is not None:  # def load() -> Creds: its result shows what a Creds shows
                    t = self.class_display(cls, f"{callee.name}()", node)
                    if t:
                        return t
        fact = self.linked(func) if target is None else None
        if fact is not None:
            from .link import where

            ret = fact.get("returns")
            parts: List[Taint] = []
            if fact.get("kind") == "function" and isinstance(ret, dict) and ret.get("cred"):
                label = safe_label(str(ret.get("label") or last), "a credential")
                parts.append(frozenset(
                    {
                        self.src(
                            label,
                            f"{ret.get('origin') or 'a look-up'} ({where(fact)}, "
                            f"returned by {safe_label(last, 'a function')}())",
                            node,
                            str(ret["cred"]),
                            ret.get("strong", True) is not False,
                        )
                    }
                ))
            if fact.get("kind") == "function" and fact.get("passes"):
                # the function returns (something built from) these parameters: what is passed
                parts.extend(ev(a) for a in call_args(node, fact, fact["passes"]))
            if fact.get("kind") == "function" and fact.get("ctor_passes") and isinstance(func, cst.Attribute):
                # a method returning what its object was built with (``Auth(key, s).headers()``)
                built = self._built_with(func.value, scope, seq)
                if built is not None:
                    ctor, at_scope, at_seq = built
                    shape = {"params": fact.get("ctor_params") or (), "method": True}
                    parts.extend(self.eval(a, at_scope, at_seq, symbolic and at_scope is scope)
                                 for a in call_args(ctor, shape, fact["ctor_passes"]))
            if parts:
                return union(parts)
            if fact.get("kind") == "class":
                args = _shown_args(node, fact)
                t = union(frozenset(s for s in ev(a.value) if not s.obj) for a in args)
                return t or self.imported_display(fact, last, node)
        fk = func_name_kind(last) if last else None
        if fk:
            return frozenset(
                {self.src(safe_label(last, "a getter"), f"a call to {safe_label(last, 'a getter')}()", node, fk, False)}
            )
        if isinstance(func, cst.Attribute):
            attr = func.attr.value
            if attr in vocab.PREDICATE_METHODS:
                return EMPTY
            if attr in vocab.PROPAGATE_METHODS:
                recv_t = ev(func.value)
                if attr in _DUMPS and recv_t:
                    recv_t = self._dump_selection(node, recv_t, scope)
                if attr in ("items", "values", "copy", "to_dict", "dict", "model_dump", "json", "model_dump_json"):
                    recv_t = frozenset(
                        self.src(s.label, s.origin, s.node, s.kind, s.strong) if (s.container or s.env) else s
                        for s in recv_t
                        if not s.obj
                    )
                if attr == "join":
                    # joining a mapping joins its keys
                    parts = [recv_t] + [
                        frozenset(s for s in ev(a) if not (s.container or s.env))
                        for a in args
                        if not self._is_dict_name(a, scope)
                    ]
                    return union(parts)
                parts = [recv_t] + ([ev(a) for a in args] if attr in vocab.PROPAGATE_ARGS else [])
                filled = next((a.value for a in node.args if a.star == "**"), None) if attr == "format" else (
                    args[0] if attr == "format_map" and args else None)
                if filled is not None:
                    # "key={api_key} secret={api_secret}".format(**acct): the fields name what it shows
                    parts.append(self._template_fields(func.value, filled, "{}"))
                return union(parts)
            if attr in ("get", "pop") and args and literal_str(args[0]) is None:
                return EMPTY
        if last.endswith(("Error", "Exception", "Warning")) and last[:1].isupper():
            # an exception built now and raised or logged later carries its message
            return union(frozenset(s for s in ev(a) if not s.obj) for a in args)
        if resolved == "repr" and len(args) == 1 and self.display_classes:
            return union((frozenset(s for s in ev(args[0]) if not s.obj), self.display(args[0], scope, "repr")))
        if resolved == "filter" and len(args) == 2:
            return ev(args[1])  # filter(None, urls): the items it keeps
        if last in vocab.PROPAGATE_FUNCS or resolved in (
            "json.dumps",
            "yaml.dump",
            "yaml.safe_dump",
            "toml.dumps",
            "pprint.pformat",
            "copy.deepcopy",
            "copy.copy",
        ):
            if resolved in ("dict", "copy.deepcopy", "copy.copy", "deepcopy") or last in ("dict", "asdict"):
                return union(ev(a) for a in args)
            if resolved in _ITERATING and args:
                # sorted(cfg), list(os.environ): iterating a mapping yields its keys
                return union(frozenset(s for s in ev(a) if not (s.obj or s.container or s.env)) for a in args)
            return union(frozenset(s for s in ev(a) if not s.obj) for a in args)
        return EMPTY


# mappings that hold nothing but credentials (Streamlit's st.secrets, a credentials file loaded
# into ``credentials``): a section of one holds credentials whatever its key, except these
_CREDENTIAL_STORES = frozenset({"secrets", "credentials", "creds"})
_ACCOUNT_WORDS = frozenset({"telegram", "discord", "slack", "wallet", "wallets", "exchange", "exchanges", "account",
                            "accounts", "api", "bot", "db", "database", "postgres", "redis", "smtp", "email"})


def _names_an_account(key: str) -> bool:
    """A section named after an exchange or a service (``binance``, ``telegram``, ``wallet``)."""
    from ..names import words

    return is_exchange_context(key) or bool(_ACCOUNT_WORDS & set(words(key)))

def _of_params(label: str, scope: Scope) -> bool:
    """Is ``label`` (``acc.secret``) rooted at a parameter of ``scope`` or of a function around it?"""
    root = label.split(".", 1)[0].split("[", 1)[0]
    if root in ("self", "cls"):
        return False  # the object's own state, not what a caller passes
    sc: Optional[Scope] = scope
    while sc is not None:
        if sc.kind == "function" and root in {p.lstrip("*") for p in sc.params}:
            return True
        sc = sc.parent
    return False


# kinds a name alone tells (an ``api_key`` attribute is one): they keep a weak source through a
# helper's parameter of any name
_CLEAR_KINDS = frozenset({EXCHANGE, PRIVATE_KEY, MNEMONIC, PASSWORD})

# builtins whose result holds the items of their iterable argument (a mapping's keys)
_ITERATING = frozenset({"sorted", "list", "set", "frozenset", "tuple", "reversed"})

# where a credential in a request's URL goes when the request fails
_URL_ERROR_NOTE = ", in the URL of a request, which the request's exception text shows"

# what a connection string or node URL read from configuration carries (names.connection_url)
_CONN_NOTE = ", a connection URL that carries its password or API key"
# look-ups of the process environment (a connection URL is followed from there only: a config
# dict's URL reaches logs through generic helpers that print other keys, ``config[argname]``)
_ENV_ORIGINS = frozenset({"os.environ", "os.getenv"})

# dumps of a model that take include= / exclude= field selections (pydantic v2 and v1)
_DUMPS = frozenset({"model_dump", "model_dump_json", "dict", "json"})


def _stored(fields: Set[str]) -> Set[str]:
    """Field names, and the form the link step stores them in when they look random (the
    engine masks such strings in every fact: ``secrets.masking.mask_string_fact``)."""
    from ...secrets.masking import mask_string_fact

    return fields | {mask_string_fact(f) for f in fields}


def _field_set(call: cst.Call, keyword: str) -> Optional[Set[str]]:
    """The field names of a literal ``include=`` / ``exclude=`` (a set, list, tuple or the
    keys of a dict), else None (absent or computed)."""
    arg = next((a.value for a in call.args if a.keyword is not None and a.keyword.value == keyword), None)
    if isinstance(arg, (cst.Set, cst.List, cst.Tuple)):
        items = [literal_str(e.value) for e in arg.elements]
    elif isinstance(arg, cst.Dict):
        items = [literal_str(e.key) if isinstance(e, cst.DictElement) else None for e in arg.elements]
    else:
        return None
    return None if any(i is None for i in items) else {i for i in items if i is not None}


def _attr_tail(func: cst.BaseExpression) -> str:
    """The attribute names ending a callee whose head is a call (``Web3().eth.account.create``
    -> ``eth.account.create``)."""
    parts: List[str] = []
    while isinstance(func, cst.Attribute) and len(parts) < 4:
        parts.append(func.attr.value)
        func = func.value
    return ".".join(reversed(parts))


def _hardcoded(value: Optional[cst.CSTNode]) -> bool:
    """A string literal that looks like a generated key, not a placeholder or a word."""
    from ..values import is_placeholder, looks_random

    if not isinstance(value, (cst.SimpleString, cst.ConcatenatedString)):
        return False
    text = literal_str(value)
    # a key's characters only (base64, base58, hex): a URL, a sentence or a path is not a key
    return bool(text) and len(text or "") >= 16 and _KEY_CHARS.issuperset(text or "") \
        and not is_placeholder(text or "") and looks_random(text or "")


def _opaque(value: Optional[cst.CSTNode]) -> bool:
    """Is an assigned value something whose content we cannot see (so the name decides)?"""
    if isinstance(value, cst.Await):
        value = value.expression
    if isinstance(value, cst.Call):
        cur: Optional[cst.CSTNode] = value
        while isinstance(cur, (cst.Call, cst.Attribute)):
            if isinstance(cur, cst.Call):
                func = cur.func
                last = func.attr.value if isinstance(func, cst.Attribute) else (dotted(func) or "").rsplit(".", 1)[-1]
                if (
                    last in vocab.SANITIZER_CALLS
                    or vocab.SANITIZER_NAME.search(last)
                    or last in vocab.PREDICATE_METHODS
                ):
                    return False
                cur = func.value if isinstance(func, cst.Attribute) else None
            else:
                cur = cur.value
        return True
    return isinstance(value, (cst.Attribute, cst.Subscript, cst.Name)) and not (
        isinstance(value, cst.Name) and value.value in ("None", "True", "False")
    )


def _shown_args(call: cst.Call, fact: Mapping[str, Any]) -> List[cst.Arg]:
    """The arguments of another module's record constructor that its repr shows: not those
    given for a ``repr=False`` field (the class's facts list its ``fields`` in order and the
    ``hidden`` ones)."""
    hidden = fact.get("hidden")
    fields = fact.get("fields")
    if not isinstance(hidden, list) or not isinstance(fields, list):
        return list(call.args)
    out = []
    for i, a in enumerate(call.args):
        if a.star:
            return list(call.args)  # *args / **kwargs: positions unknown
        name = a.keyword.value if a.keyword is not None else (fields[i] if i < len(fields) else None)
        if name not in hidden:
            out.append(a)
    return out


def _int_index(node: cst.Subscript) -> Optional[int]:
    """``x[1]`` / ``x[-1]``: the literal integer index, else None."""
    if len(node.slice) != 1 or not isinstance(node.slice[0].slice, cst.Index):
        return None
    v = node.slice[0].slice.value
    neg = isinstance(v, cst.UnaryOperation) and isinstance(v.operator, cst.Minus)
    if neg:
        v = v.expression  # type: ignore[attr-defined]
    if isinstance(v, cst.Integer):
        try:
            n = int(v.value, 0)
        except ValueError:
            return None
        return -n if neg else n
    return None


def _short_slice(sl: cst.Slice, shown: int = 0) -> bool:
    """``s[:4]``, ``s[-4:]``, ``s[:6]``, ``s[2:6]``: at most six characters (bots show a key's
    first or last four to six characters to tell keys apart; an exchange key or secret is 32
    to 64 random characters, so six of them give nothing away)."""

    def num(n):
        if n is None:
            return None
        if isinstance(n, cst.Integer):
            return int(n.value, 0)
        if (
            isinstance(n, cst.UnaryOperation)
            and isinstance(n.operator, cst.Minus)
            and isinstance(n.expression, cst.Integer)
        ):
            return -int(n.expression.value, 0)
        return "x"

    lo, hi = num(sl.lower), num(sl.upper)
    most = shown or _SHOWN_CHARS
    if sl.step is not None or lo == "x" or hi == "x":
        return False
    if lo is None and isinstance(hi, int):
        return 0 <= hi <= most
    if hi is None and isinstance(lo, int):
        return -most <= lo < 0
    if isinstance(lo, int) and isinstance(hi, int):
        return (lo >= 0 and 0 <= hi - lo <= most) or (lo < 0 and hi < 0 and hi - lo <= most)
    return False


_SHOWN_CHARS = 6
_KEY_ID_SHOWN = 8  # an API key id (not its secret): bots show its first eight characters


def _names_in(node: cst.CSTNode) -> Set[str]:
    out: Set[str] = set()
    stack = [node]
    while stack:
        n = stack.pop()
        if isinstance(n, cst.Name):
            out.add(n.value)
        elif isinstance(n, (cst.Comparison, cst.BooleanOperation, cst.UnaryOperation, cst.Call, cst.Attribute)):
            stack.extend(
                c
                for c in n.children
                if isinstance(c, cst.BaseExpression) or isinstance(c, cst.ComparisonTarget) or isinstance(c, cst.Arg)
            )
        elif isinstance(n, (cst.ComparisonTarget, cst.Arg)):
            stack.append(n.comparator if isinstance(n, cst.ComparisonTarget) else n.value)
    return out


def _items_iter(node: Optional[cst.CSTNode]) -> bool:
    """``d.items()``, possibly inside sorted()/list()/reversed()."""
    for _ in range(3):
        if not isinstance(node, cst.Call):
            return False
        f = node.func
        if isinstance(f, cst.Attribute) and f.attr.value == "items":
            return True
        if isinstance(f, cst.Name) and f.value in ("sorted", "list", "reversed", "tuple") and node.args:
            node = node.args[0].value
            continue
        return False
    return False


def _target_names(t: cst.CSTNode) -> List[str]:
    if isinstance(t, cst.Name):
        return [t.value]
    if isinstance(t, (cst.Tuple, cst.List)):
        out = []
        for el in t.elements:
            out.extend(_target_names(el.value))
        return out
    return []


def _find_container(scope: Scope, d: str):
    sc: Optional[Scope] = scope
    while sc is not None:
        c = sc.containers.get(d)
        if c is not None:
            return c
        if sc.cls is not None:
            c = sc.cls.containers.get(d)
            if c is not None:
                return c
        sc = sc.parent
    return None


def _find_paths(scope: Scope, d: str):
    """((label, node), key paths) of the container ``d`` visible from ``scope``, else None."""
    sc: Optional[Scope] = scope
    while sc is not None:
        for holder in (sc, sc.cls):
            if holder is None:
                continue
            c = holder.containers.get(d)
            if c is not None:
                return c, holder.cpaths.get(d, set())
        sc = sc.parent
    return None


def _origin_of(root: Optional[cst.CSTNode], imports) -> str:
    if root is None:
        return "a config look-up"
    if isinstance(root, cst.Call):
        name = imports.resolve(root.func) or dotted(root.func) or ""
        if name:
            return f"{safe_label(name, 'a call')}()"
        return "a config look-up"
    name = imports.resolve(root) or dotted(root) or ""
    if name.endswith("environ") or name in ("os.getenv", "getenv"):
        return "os.environ" if name.endswith("environ") else "os.getenv"
    return safe_label(name, "a config look-up") if name else "a config look-up"


# the text of a chat message (python-telegram-bot / aiogram ``message.text``, Telethon ``raw_text``)
_COMMAND_TEXTS = frozenset({"text", "raw_text", "content", "caption", "args"})
# credentials a user hands a bot in a command: API keys and secrets, a wallet key or seed
_COMMAND_CRED_KINDS = frozenset({EXCHANGE, PRIVATE_KEY, MNEMONIC})


_COMMAND_ORIGIN = "a chat command split into"


def _splits_command(value: cst.CSTNode) -> bool:
    """``(command.args or "").split()``, ``update.message.text.split(maxsplit=2)``,
    ``context.args``: a chat text cut into its words."""
    if isinstance(value, cst.Attribute):
        return value.attr.value == "args"
    if not (isinstance(value, cst.Call) and isinstance(value.func, cst.Attribute)
            and value.func.attr.value in ("split", "rsplit")):
        return False
    text = value.func.value
    while isinstance(text, cst.BooleanOperation):
        text = text.left
    return isinstance(text, cst.Attribute) and text.attr.value in _COMMAND_TEXTS


class _CommandSplit(cst.CSTVisitor):
    """In one handler: is the text ``d`` (or a name bound to it) split into credentials?
    ``found`` is the credential's name (a credential-named target of the split, or the key a
    part of it is passed as: ``{"apiKey": parts[1]}``, ``api_secret=parts[2]``), else None."""

    def __init__(self, d: str) -> None:
        super().__init__()
        self.texts = {d}  # the text and its aliases (text = update.message.text)
        self.parts: Set[str] = set()  # names holding the split parts
        self.found: Optional[str] = None

    def _text(self, value: cst.CSTNode) -> bool:
        """The text or an alias, or another text of the same update (``command.args`` of
        aiogram's ``/addkey`` beside ``message.text``; ``context.args`` beside
        ``update.message.text``): all are what the user typed."""
        while isinstance(value, cst.BooleanOperation):
            value = value.left  # (command.args or "")
        d = dotted(value)
        return d in self.texts or (isinstance(value, cst.Attribute) and value.attr.value in _COMMAND_TEXTS
                                   and isinstance(value.value, (cst.Name, cst.Attribute)))

    def _split_of(self, value: cst.CSTNode) -> bool:
        if isinstance(value, cst.Subscript):
            value = value.value  # text.split()[1:]
        if isinstance(value, cst.Attribute) and value.attr.value == "args":
            return True  # api_key, api_secret = context.args (already split into words)
        return (isinstance(value, cst.Call) and isinstance(value.func, cst.Attribute)
                and value.func.attr.value in ("split", "rsplit") and self._text(value.func.value))

    def visit_Assign(self, node: cst.Assign) -> None:
        value = node.value
        for t in node.targets:
            target = t.target
            if isinstance(target, cst.Name) and dotted(value) in self.texts:
                self.texts.add(target.value)
            elif self._split_of(value):
                names = ([e.value for e in target.elements] if isinstance(target, (cst.Tuple, cst.List))
                         else [target])
                for n in names:
                    if isinstance(n, cst.StarredElement):
                        n = n.value
                    if isinstance(n, cst.Name):
                        self.parts.add(n.value)
                        if self.found is None and credential_kind(n.value) in _COMMAND_CRED_KINDS:
                            self.found = n.value

    def _part(self, value: cst.CSTNode) -> bool:
        return (isinstance(value, cst.Subscript) and isinstance(value.value, cst.Name)
                and value.value.value in self.parts) or (isinstance(value, cst.Name) and value.value in self.parts)

    def visit_DictElement(self, node: cst.DictElement) -> None:
        k = literal_str(node.key)
        if self.found is None and k and credential_kind(k) == EXCHANGE and self._part(node.value):
            self.found = k

    def visit_Arg(self, node: cst.Arg) -> None:
        k = node.keyword.value if node.keyword is not None else None
        if self.found is None and k and credential_kind(k) == EXCHANGE and self._part(node.value):
            self.found = k



# parts of a variable's name that mark a secret (``"KEY" in k``, ``k.endswith("_SECRET")``)
_SECRET_NAME_PARTS = frozenset(("key", "secret", "token", "pass", "password", "passphrase", "mnemonic", "seed",
                                "private", "priv", "api", "apikey", "api_key", "_key", "_secret", "_token"))


def _selects_secret_names(test: cst.CSTNode, key: str, lists: Mapping[str, List[str]]) -> bool:
    """A comprehension filter that keeps the entries whose NAME looks secret: ``"KEY" in k``,
    ``"SECRET" in k.upper()``, ``k.endswith("_KEY")``, ``any(w in k for w in WORDS)``, or an
    ``or`` of such tests."""
    def is_key(n: cst.CSTNode) -> bool:
        while isinstance(n, cst.Call) and isinstance(n.func, cst.Attribute) and n.func.attr.value in (
                "upper", "lower", "casefold") and not n.args:
            n = n.func.value
        return isinstance(n, cst.Name) and n.value == key

    def secretish(words: Optional[List[Optional[str]]]) -> bool:
        return bool(words) and any(w and w.lower().strip("_") in _SECRET_NAME_PARTS for w in words or ())

    def words_of(n: cst.CSTNode) -> Optional[List[Optional[str]]]:
        if isinstance(n, (cst.Tuple, cst.List, cst.Set)):
            return [literal_str(e.value) for e in n.elements]
        if isinstance(n, cst.Name):
            return list(lists.get(n.value) or []) or None
        text = literal_str(n)
        return [text] if text is not None else None

    if isinstance(test, cst.BooleanOperation):
        return _selects_secret_names(test.left, key, lists) or _selects_secret_names(test.right, key, lists)
    if isinstance(test, cst.Comparison) and len(test.comparisons) == 1 and isinstance(
            test.comparisons[0].operator, cst.In) and is_key(test.comparisons[0].comparator):
        return secretish(words_of(test.left))
    if isinstance(test, cst.Call) and isinstance(test.func, cst.Attribute) and test.func.attr.value in (
            "startswith", "endswith") and is_key(test.func.value) and test.args:
        return secretish(words_of(test.args[0].value))
    if isinstance(test, cst.Call) and isinstance(test.func, cst.Name) and test.func.value == "any" and len(
            test.args) == 1 and isinstance(test.args[0].value, cst.GeneratorExp):
        gen = test.args[0].value
        elt, fc = gen.elt, gen.for_in
        if isinstance(elt, cst.Comparison) and len(elt.comparisons) == 1 and isinstance(
                elt.comparisons[0].operator, cst.In) and is_key(elt.comparisons[0].comparator) and isinstance(
                elt.left, cst.Name) and isinstance(fc.target, cst.Name) and fc.target.value == elt.left.value:
            return secretish(words_of(fc.iter))
    return False
