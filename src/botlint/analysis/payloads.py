"""Static decoding of the literal layers droppers wrap their payloads in, and a summary of what
a decoded payload does, for BOT5.

:func:`unwrap_payload` follows an expression the way it would run (``exec(zlib.decompress(
base64.b64decode("..."))``) and answers with a :class:`Payload`: the layers it went through
(``base64``, ``zlib``, ``marshal``, ``download``...), and, when every layer is a pure,
well-known decoder applied to literals, the decoded bytes.  :func:`summarize` says what the
decoded text does (the modules it imports, the kinds of host it names, whether it runs code)
without ever quoting it.

Nothing here executes, imports or unmarshals anything: literals are read, and only the standard
library's decoders and decompressors run, each output bounded (``MAX_SIZE``) and the number of
layers bounded (``MAX_DEPTH``).  A decompressor is driven with ``max_length``, so a zip bomb
stops at the limit instead of filling memory.  Written by hand (not a deobfuscation library):
the layers are the few the standard library offers, and no kept library decodes statically
without running the code.
"""
from __future__ import annotations

import base64
import binascii
import bz2
import codecs
import lzma
import re
import zlib
from dataclasses import dataclass, field
from typing import Callable, Dict, List, Optional, Sequence, Tuple

import libcst as cst

from .hosts import host_of, is_exchange_host, is_local_host, is_notification_host
from .imports import dotted
from .literals import literal_str

MAX_SIZE = 1 << 20  # bytes of any decoded layer
MAX_DEPTH = 8  # layers followed in one expression

# layer names (what the message says)
DOWNLOAD = "download"
MARSHAL = "marshal"
PICKLE = "pickle"
DECRYPT = "decryption"
XOR = "xor"


@dataclass
class Payload:
    """What an expression evaluates to, as far as static reading goes."""

    layers: List[str] = field(default_factory=list)  # outermost last: ["base64", "zlib"]
    data: Optional[bytes] = None  # the decoded bytes, when every layer was decoded
    truncated: bool = False  # a layer hit MAX_SIZE

    @property
    def decoded(self) -> bool:
        return any(layer not in (DOWNLOAD, MARSHAL, PICKLE, DECRYPT) for layer in self.layers)

    @property
    def downloaded(self) -> bool:
        return DOWNLOAD in self.layers


def _bounded_decompress(make: Callable[[], object], data: bytes) -> Tuple[Optional[bytes], bool]:
    try:
        d = make()
        out = d.decompress(data, MAX_SIZE + 1)  # type: ignore[attr-defined]
    except Exception:  # noqa: BLE001 - corrupt or not compressed: not decodable
        return None, False
    if len(out) > MAX_SIZE:
        return out[:MAX_SIZE], True
    return out, False


def _b64(data: bytes, alt: bool = False) -> bytes:
    data = re.sub(rb"\s+", b"", data)
    data += b"=" * (-len(data) % 4)
    return base64.urlsafe_b64decode(data) if alt else base64.b64decode(data)


# resolved-name endings -> (layer, pure bytes -> bytes decoder); a decompressor returns
# (bytes, truncated) through _DECOMPRESSORS instead
_DECODERS: Dict[str, Tuple[str, Callable[[bytes], bytes]]] = {
    "b64decode": ("base64", _b64),
    "standard_b64decode": ("base64", _b64),
    "decodebytes": ("base64", _b64),
    "decodestring": ("base64", _b64),
    "a2b_base64": ("base64", _b64),
    "urlsafe_b64decode": ("base64", lambda d: _b64(d, True)),
    "b32decode": ("base32", lambda d: base64.b32decode(d + b"=" * (-len(d) % 8))),
    "b16decode": ("hex", lambda d: base64.b16decode(d, casefold=True)),
    "b85decode": ("base85", base64.b85decode),
    "a85decode": ("ascii85", base64.a85decode),
    "unhexlify": ("hex", binascii.unhexlify),
    "a2b_hex": ("hex", binascii.unhexlify),
    "fromhex": ("hex", lambda d: bytes.fromhex(d.decode("ascii"))),
}
_DECOMPRESSORS: Dict[str, Tuple[str, Callable[[], object]]] = {
    "zlib.decompress": ("zlib", lambda: zlib.decompressobj(47)),  # 47: zlib or gzip header, auto
    "gzip.decompress": ("gzip", lambda: zlib.decompressobj(31)),
    "bz2.decompress": ("bz2", bz2.BZ2Decompressor),
    "lzma.decompress": ("lzma", lzma.LZMADecompressor),
}
_CODEC_LAYERS = {"rot13": "rot13", "rot_13": "rot13", "hex": "hex", "hex_codec": "hex", "base64": "base64",
                 "base64_codec": "base64", "zlib": "zlib", "zlib_codec": "zlib", "bz2": "bz2", "bz2_codec": "bz2"}
# calls whose result is code fetched over the network
_DOWNLOADERS = (
    "urllib.request.urlopen", "urllib2.urlopen", "urlopen", "requests.get", "requests.post", "requests.request",
    "httpx.get", "httpx.post", "urllib3.request", "aiohttp.request",
)
_DOWNLOAD_METHODS = ("get", "post", "request", "urlopen")
_BODY_ATTRS = ("text", "content", "data", "body")
_BODY_METHODS = ("read", "text", "json", "read_text")
# passes its argument through unchanged, as far as the payload goes
_PASS_METHODS = ("decode", "encode", "strip", "rstrip", "lstrip", "replace")
_PASS_CALLS = ("str", "bytes", "bytearray", "memoryview")


class Unwrapper:
    """Follows one expression through names bound in the module (``names``: name -> the values
    assigned to it, last first) and the layers above.  ``resolve``: a dotted name to what it
    was imported as."""

    def __init__(self, names: Dict[str, List[cst.CSTNode]], resolve: Callable[[cst.CSTNode], Optional[str]],
                 functions: Optional[Dict[str, cst.FunctionDef]] = None) -> None:
        self.names = names
        self.resolve = resolve
        # the module's own functions: a dropper's ``exec(_load())`` runs what ``_load`` returns
        self.functions = functions or {}

    def payload(self, node: Optional[cst.CSTNode]) -> Payload:
        out = Payload()
        out.data = self._walk(node, out, 0, set())
        out.layers.reverse()  # collected outside-in; reported inside-out
        return out

    # returns the decoded bytes of ``node`` when known
    def _walk(self, node: Optional[cst.CSTNode], out: Payload, depth: int, seen: set) -> Optional[bytes]:
        if node is None or depth > MAX_DEPTH * 3:
            return None
        if isinstance(node, (cst.SimpleString, cst.ConcatenatedString)):
            return _literal_bytes(node)
        if isinstance(node, cst.Name):
            if node.value in seen:
                return None
            values = self.names.get(node.value) or []
            for v in values[:3]:
                data = self._walk(v, out, depth + 1, seen | {node.value})
                if data is not None or out.layers:
                    return data
            return None
        if isinstance(node, cst.Subscript) and _is_reversal(node):
            data = self._walk(node.value, out, depth + 1, seen)
            return data[::-1] if data is not None else None
        if isinstance(node, cst.Subscript):  # requests.get(url).json()["code"]: the layers of the body
            self._walk(node.value, out, depth + 1, seen)
            return None
        if isinstance(node, cst.Await):
            return self._walk(node.expression, out, depth + 1, seen)
        if isinstance(node, cst.Attribute):
            if node.attr.value in _BODY_ATTRS and self._is_download(node.value, seen):
                out.layers.append(DOWNLOAD)
            return None
        if not isinstance(node, cst.Call):
            return None
        return self._call(node, out, depth, seen)

    def _call(self, node: cst.Call, out: Payload, depth: int, seen: set) -> Optional[bytes]:
        args = [a.value for a in node.args if a.keyword is None and not a.star]
        func = node.func
        name = self.resolve(func) or dotted(func) or import_attr(func) or ""
        helper = self._helper(func, seen)
        if helper is not None:
            return self._returned(helper, args, out, depth, seen)
        if name in ("compile", "builtins.compile") and args:
            return self._walk(args[0], out, depth + 1, seen)  # compile(source, name, "exec"): the source
        if isinstance(func, cst.Attribute) and func.attr.value == "join" and len(args) == 1:
            return self._join(func.value, args[0], out, depth, seen)
        last = name.rsplit(".", 1)[-1] if name else (func.attr.value if isinstance(func, cst.Attribute) else "")
        if isinstance(func, cst.Attribute) and last in _BODY_METHODS and self._is_download(func.value, seen):
            out.layers.append(DOWNLOAD)
            return None
        if name in _DOWNLOADERS:
            out.layers.append(DOWNLOAD)
            return None
        if name in ("marshal.loads", "pickle.loads", "dill.loads", "cloudpickle.loads"):
            out.layers.append(MARSHAL if name.startswith("marshal") else PICKLE)
            if args:
                self._walk(args[0], out, depth + 1, seen)
            return None
        if isinstance(func, cst.Attribute) and last in ("decrypt", "decrypt_and_verify") and args:
            out.layers.append(DECRYPT)  # Fernet(key).decrypt(token), AES.new(...).decrypt(data)
            self._walk(args[0], out, depth + 1, seen)
            return None
        if name in ("codecs.decode", "codecs.encode") and len(args) >= 1:
            codec = literal_str(args[1]) if len(args) > 1 else None
            if codec is None:
                codec = next((literal_str(a.value) for a in node.args if a.keyword and a.keyword.value == "encoding"),
                             None)
            inner = self._walk(args[0], out, depth + 1, seen)
            if codec and codec.lower().replace("-", "_") in _CODEC_LAYERS:
                return self._codec(codec, inner, out)
            return None
        if isinstance(func, cst.Attribute) and last in _PASS_METHODS:
            codec = literal_str(args[0]) if args and last in ("decode", "encode") else None
            inner = self._walk(func.value, out, depth + 1, seen)
            if codec and codec.lower().replace("-", "_") in _CODEC_LAYERS:
                return self._codec(codec, inner, out)
            return inner
        if name in ("bytes", "bytearray") and len(args) == 1 and isinstance(args[0], (cst.GeneratorExp, cst.ListComp)):
            return self._xor(args[0], out, depth, seen)
        if name in _PASS_CALLS and args:
            return self._walk(args[0], out, depth + 1, seen)
        if name in _DECOMPRESSORS and args:
            layer, make = _DECOMPRESSORS[name]
            out.layers.append(layer)
            inner = self._walk(args[0], out, depth + 1, seen)
            if inner is None or len(out.layers) > MAX_DEPTH:
                return None
            data, truncated = _bounded_decompress(make, inner)
            out.truncated |= truncated
            return data
        if (name.startswith(("base64.", "binascii.")) or name == "bytes.fromhex" or last == "fromhex") \
                and last in _DECODERS and args:
            layer, fn = _DECODERS[last]
            out.layers.append(layer)
            inner = self._walk(args[0], out, depth + 1, seen)
            if inner is None or len(out.layers) > MAX_DEPTH or len(inner) > 2 * MAX_SIZE:
                return None
            try:
                data = fn(inner)
            except Exception:  # noqa: BLE001 - not valid in that encoding
                return None
            return data[:MAX_SIZE]
        return None

    def _xor(self, gen: cst.CSTNode, out: Payload, depth: int, seen: set) -> Optional[bytes]:
        """``bytes(b ^ k for b in data)``: a one-byte XOR, undone when the key is a literal
        (or a name bound to one), else a decryption layer."""
        if not isinstance(gen, (cst.GeneratorExp, cst.ListComp)) or gen.for_in.inner_for_in is not None \
                or not isinstance(gen.elt, cst.BinaryOperation) or not isinstance(gen.elt.operator, cst.BitXor) \
                or not isinstance(gen.for_in.target, cst.Name):
            return None
        var = gen.for_in.target.value
        left, right = gen.elt.left, gen.elt.right
        key_node: Optional[cst.CSTNode] = right if isinstance(left, cst.Name) and left.value == var else (
            left if isinstance(right, cst.Name) and right.value == var else None)
        if key_node is None:
            return None
        if isinstance(key_node, cst.Name):
            bound = self.names.get(key_node.value) or []
            key_node = bound[0] if len(bound) == 1 else key_node
        out.layers.append(XOR)
        inner = self._walk(gen.for_in.iter, out, depth + 1, seen)
        if inner is None or not isinstance(key_node, cst.Integer):
            if inner is None and not any(x != XOR for x in out.layers):
                out.layers[-1] = DECRYPT  # nothing under it is known: a key applied at run time
            return None
        try:
            key = int(key_node.value, 0)
        except ValueError:
            return None
        if not 0 <= key < 256:
            return None
        return bytes(b ^ key for b in inner)

    def _helper(self, func: cst.CSTNode, seen: set) -> Optional[cst.CSTNode]:
        """The lambda or module function ``func`` names (``_ = lambda s: b64decode(s[::-1])``,
        ``def _load(): return bytes.fromhex(...)``), or None."""
        if isinstance(func, cst.Attribute) and isinstance(func.value, cst.Name) and func.value.value in (
                "self", "cls") and func.attr.value in self.functions and ("()" + func.attr.value) not in seen:
            return self.functions[func.attr.value]  # exec(self.fetch()): a method of the module's class
        if not isinstance(func, cst.Name) or ("()" + func.value) in seen:
            return None
        if func.value in self.functions:
            return self.functions[func.value]
        values = self.names.get(func.value) or []
        return values[0] if len(values) == 1 and isinstance(values[0], cst.Lambda) else None

    def _returned(self, helper: cst.CSTNode, args: Sequence[cst.CSTNode], out: Payload, depth: int,
                  seen: set) -> Optional[bytes]:
        """What a call of the module's own helper returns: its parameters bound to the call's
        arguments, its ``return`` expressions followed (the first that shows a layer wins)."""
        params = helper.params if isinstance(helper, (cst.Lambda, cst.FunctionDef)) else None
        if params is None:
            return None
        names = dict(self.names)
        declared = list(params.params)
        if declared and declared[0].name.value in ("self", "cls"):
            declared = declared[1:]
        for param, arg in zip(declared, args):
            names[param.name.value] = [arg]
        inner = Unwrapper(names, self.resolve, self.functions)
        key = "()" + (helper.name.value if isinstance(helper, cst.FunctionDef) else "lambda")
        exprs = [helper.body] if isinstance(helper, cst.Lambda) else returns_of(helper) if isinstance(
            helper, cst.FunctionDef) else []
        for expr in exprs[:4]:
            before = len(out.layers)
            data = inner._walk(expr, out, depth + 1, seen | {key})
            if data is not None or len(out.layers) > before:
                return data
        return None

    def _join(self, sep_node: cst.CSTNode, parts_node: cst.CSTNode, out: Payload, depth: int,
              seen: set) -> Optional[bytes]:
        """``"".join(["aW1w", "b3J0"])`` (or a name bound to such a list): the fragments joined."""
        sep = _literal_bytes(sep_node)
        if sep is None:
            return None
        if isinstance(parts_node, cst.Name) and parts_node.value not in seen:
            values = self.names.get(parts_node.value) or []
            parts_node = values[0] if len(values) == 1 else parts_node
        whole = _literal_bytes(parts_node) if isinstance(parts_node, (cst.SimpleString, cst.ConcatenatedString)) \
            else None
        if whole is not None:
            # "".join(_BLOB) with _BLOB = ("aW1w" "b3J0"): a parenthesised string, joined character by character
            if not sep:
                return whole
            try:
                return sep.decode("utf-8").join(whole.decode("utf-8")).encode("utf-8")[:MAX_SIZE]
            except UnicodeDecodeError:
                return None
        if not isinstance(parts_node, (cst.List, cst.Tuple)) or not parts_node.elements or len(
                parts_node.elements) > 4096:
            return None
        pieces = []
        for el in parts_node.elements:
            piece = self._walk(el.value, out, depth + 1, seen)
            if piece is None:
                return None
            pieces.append(piece)
        data = sep.join(pieces)
        return data if len(data) <= MAX_SIZE else None

    def _codec(self, codec: str, inner: Optional[bytes], out: Payload) -> Optional[bytes]:
        layer = _CODEC_LAYERS[codec.lower().replace("-", "_")]
        out.layers.append(layer)
        if inner is None or len(out.layers) > MAX_DEPTH:
            return None
        try:
            if layer == "rot13":
                return codecs.decode(inner.decode("latin-1"), "rot13").encode("latin-1")
            if layer == "hex":
                return binascii.unhexlify(inner.strip())
            if layer == "base64":
                return _b64(inner)
            make = _DECOMPRESSORS["zlib.decompress" if layer == "zlib" else "bz2.decompress"][1]
            data, truncated = _bounded_decompress(make, inner)
            out.truncated |= truncated
            return data
        except Exception:  # noqa: BLE001
            return None

    def _is_download(self, node: Optional[cst.CSTNode], seen: set, depth: int = 0) -> bool:
        """Is ``node`` a response of an HTTP request (``requests.get(url)``, ``urlopen(url)``,
        ``session.get(url)``, or a name bound to one)?"""
        if node is None or depth > 4:
            return False
        if isinstance(node, cst.Await):
            return self._is_download(node.expression, seen, depth + 1)
        if isinstance(node, cst.Name) and node.value not in seen:
            values = (self.names.get(node.value) or [])[:3]
            return any(self._is_download(v, seen | {node.value}, depth + 1) for v in values)
        if not isinstance(node, cst.Call):
            return False
        name = self.resolve(node.func) or dotted(node.func) or ""
        if name in _DOWNLOADERS:
            return True
        func = node.func
        if isinstance(func, cst.Attribute) and func.attr.value in _DOWNLOAD_METHODS and node.args:
            recv = dotted(func.value) or ""
            head = (self.resolve(func.value) or recv).split(".")[0]
            if head in ("requests", "httpx", "urllib3", "aiohttp", "urllib") or re.search(
                    r"(?i)(?:^|[._])(?:session|client|http|sess)$", recv):
                return bool(_url_like(node.args[0].value))
        return False


def imported_module(node: cst.CSTNode) -> Optional[str]:
    """``__import__("builtins")`` / ``importlib.import_module("zlib")``: the module it names."""
    if isinstance(node, cst.Call) and dotted(node.func) in ("__import__", "importlib.import_module") and node.args:
        module = literal_str(node.args[0].value)
        if module and re.fullmatch(r"[\w.]+", module):
            return module
    return None


def import_attr(node: cst.CSTNode) -> Optional[str]:
    """``__import__("base64").b64decode`` / ``importlib.import_module("zlib").decompress`` as
    the dotted name it spells ("base64.b64decode"), else None."""
    if not isinstance(node, cst.Attribute):
        return None
    inner = node.value
    if isinstance(inner, cst.Attribute):
        head = import_attr(inner)
        return f"{head}.{node.attr.value}" if head else None
    if isinstance(inner, cst.Call) and dotted(inner.func) in ("__import__", "importlib.import_module") and inner.args:
        module = literal_str(inner.args[0].value)
        if module and re.fullmatch(r"[\w.]+", module):
            return f"{module}.{node.attr.value}"
    return None


def returns_of(func: cst.FunctionDef) -> List[cst.BaseExpression]:
    """The values of the ``return`` statements of ``func`` itself (not of nested functions)."""
    out: List[cst.BaseExpression] = []
    stack: List[cst.CSTNode] = [func.body]
    while stack and len(out) < 8:
        n = stack.pop()
        if isinstance(n, (cst.FunctionDef, cst.ClassDef, cst.Lambda)):
            continue
        if isinstance(n, cst.Return) and n.value is not None:
            out.append(n.value)
            continue
        stack.extend(reversed(n.children))
    return out


def _url_like(node: cst.CSTNode) -> bool:
    """A literal URL, or anything not a literal (a variable holding one)."""
    s = literal_str(node)
    return s is None or "://" in s


def _is_reversal(node: cst.Subscript) -> bool:
    if len(node.slice) != 1 or not isinstance(node.slice[0].slice, cst.Slice):
        return False
    sl = node.slice[0].slice
    step = sl.step
    return sl.lower is None and sl.upper is None and isinstance(step, cst.UnaryOperation) \
        and isinstance(step.operator, cst.Minus) and isinstance(step.expression, cst.Integer) \
        and step.expression.value == "1"


def _literal_bytes(node: cst.CSTNode) -> Optional[bytes]:
    """The bytes of a str or bytes literal (str as UTF-8), else None."""
    if isinstance(node, cst.ConcatenatedString):
        left, right = _literal_bytes(node.left), _literal_bytes(node.right)
        return left + right if left is not None and right is not None else None
    if not isinstance(node, cst.SimpleString):
        return None
    prefix = node.prefix.lower()
    if "b" in prefix:
        import ast

        try:
            value = ast.literal_eval(node.value)  # a bytes literal only: literal_eval never runs code
        except (ValueError, SyntaxError):
            return None
        return value if isinstance(value, bytes) else None
    s = literal_str(node)
    return s.encode("utf-8", "surrogatepass") if s is not None else None


# -- what a decoded payload does ------------------------------------------------------------------

_IMPORT = re.compile(r"(?m)^[ \t]*(?:import[ \t]+([\w.]+(?:[ \t]*,[ \t]*[\w.]+)*)|from[ \t]+([\w.]+)[ \t]+import\b)")
_DUNDER_IMPORT = re.compile(r"__import__\(\s*['\"]([\w.]+)['\"]")
_URL = re.compile(r"(?i)\b(?:https?|wss?)://[^\s'\"<>\\)]{1,300}")
_RAW_IP = re.compile(r"^\d{1,3}(?:\.\d{1,3}){3}$")
_PASTE_HOSTS = ("pastebin.com", "paste.ee", "hastebin.com", "ghostbin", "rentry.co", "transfer.sh", "0x0.st",
                "termbin.com", "dpaste", "pastes.io", "file.io", "anonfiles", "gofile.io", "ngrok", "workers.dev",
                "glitch.me", "repl.co", "herokuapp.com", "webhook.site", "requestbin", "pipedream", "paste.rs",
                "paste.c-net.org", "ix.io", "sprunge.us", "paste.gg", "privatebin", "controlc.com", "justpaste.it")
_CODE_WORDS = ("exec(", "eval(", "compile(", "marshal.loads", "__import__(")
_INTERESTING = ("os", "subprocess", "socket", "ctypes", "requests", "urllib", "http", "shutil", "winreg",
                "base64", "zlib", "marshal", "sqlite3", "browser_cookie3", "pyperclip", "telebot", "telegram",
                "discord", "win32crypt", "Crypto", "cryptography", "platform", "getpass", "pty", "paramiko", "ftplib",
                "smtplib", "pynput", "keyboard", "PIL", "pyautogui", "psutil", "tempfile", "threading", "json", "sys")


def host_kind(host: str) -> str:
    """The kind of host a payload or a harvester talks to, for a message."""
    h = host.lower()
    if "api.telegram.org" in h:
        return "the Telegram bot API"
    if ("discord.com" in h or "discordapp.com" in h) and h:
        return "Discord"
    if is_notification_host(h):
        return "a notification service"
    if _RAW_IP.match(h):
        return "a raw IP address"
    if any(p in h for p in _PASTE_HOSTS):
        return "a paste or file-drop site"
    if is_local_host(h):
        return "the local machine"
    if is_exchange_host(h):
        return "an exchange"
    return "an unknown host"


def summarize(data: bytes) -> str:
    """What decoded text does, in a few words ("imports os, subprocess; posts to a raw IP
    address; runs more code"), never quoting it.  "" when nothing stands out."""
    text = data[:MAX_SIZE].decode("utf-8", "replace")
    mods: List[str] = []
    for m in _IMPORT.finditer(text):
        names = m.group(1) or m.group(2) or ""
        for n in names.split(","):
            top = n.strip().split(".")[0]
            if top and top not in mods:
                mods.append(top)
    for m in _DUNDER_IMPORT.finditer(text):
        top = m.group(1).split(".")[0]
        if top not in mods:
            mods.append(top)
    shown = [m for m in mods if m in _INTERESTING] or mods
    parts = []
    if shown:
        parts.append("imports " + ", ".join(shown[:5]) + (f" and {len(shown) - 5} more" if len(shown) > 5 else ""))
    kinds: List[str] = []
    for m in _URL.finditer(text):
        host = host_of(m.group(0))
        if host:
            k = host_kind(host)
            if k not in kinds:
                kinds.append(k)
    if kinds:
        parts.append("contacts " + ", ".join(kinds[:3]))
    if any(w in text for w in _CODE_WORDS):
        parts.append("runs more code")
    return "; ".join(parts)


def layer_text(layers: Sequence[str]) -> str:
    """``base64 -> zlib`` (first layer undone first)."""
    out: List[str] = []
    for layer in layers:
        if not out or out[-1] != layer:
            out.append(layer)
    return " -> ".join(out)


def looks_like_code(data: bytes) -> bool:
    """Decoded bytes that read as Python source (text with a statement keyword or a call)."""
    head = data[:4096]
    if not head or sum(b < 9 or 13 < b < 32 for b in head) > len(head) // 20:
        return False
    text = head.decode("utf-8", "replace")
    return bool(re.search(r"\b(?:import|def|exec|eval|print|lambda|for|while|return)\b|\w\(", text))
