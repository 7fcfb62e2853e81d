"""The BOT5 rules' gates (``rules/bot5/``), with the data they are made of."""
from __future__ import annotations

import ast
from typing import List, Optional, Tuple

from .. import venues
from . import LiteralPrecheck, lowered


# -- BOT501 --------------------------------------------------------------------------------

class _ExecPrecheck:
    """Code execution a payload can reach: ``exec(``/``eval(``/``compile(`` (not
    ``re.compile(``), the names as strings or aliases (``getattr(builtins, "exec")``,
    ``run = exec``), shells and program starts, pickle/marshal/dill.  Substring tests on the
    lowered text (bare "exec", "eval", "compile" and "pty" are in "executor", "retrieval",
    every ``re.compile`` and "empty": most files of a bot matched)."""

    WORDS = ("exec(", "eval(", "'exec'", '"exec"', "'eval'", '"eval"', "'compile'", '"compile"', "= exec",
             "= eval", "=exec", "=eval", "system(", "popen(", "subprocess", "spawn", "startfile", "pickle.loads",
             "dill", "pty.", "import pty", "marshal", "builtins", "__import__", "functiontype",
             # a downloaded file run through runpy or the import machinery
             "run_path(", "spec_from_file_location(", "sourcefileloader(", "load_source(")
    pattern = " | ".join(WORDS) + " | compile( (not re.compile()"

    def search(self, text: str) -> bool:
        low = lowered(text)
        if any(w in low for w in self.WORDS):
            return True
        return "compile(" in low and low.count("compile(") > low.count("re.compile(")


BOT501 = _ExecPrecheck()

# -- BOT502 --------------------------------------------------------------------------------

BOT502 = LiteralPrecheck(("__import__", "import_module", "getattr"))

# -- BOT505 --------------------------------------------------------------------------------

BOT505 = LiteralPrecheck(("clipboard", "pyperclip", "clipman", "xerox", "pbcopy", "xclip", "xsel"))

# -- BOT507 --------------------------------------------------------------------------------

BOT507 = LiteralPrecheck(("withdraw", "transfer", "to_pubkey", "toemail", '"to"', "'to'"))

# -- BOT503 --------------------------------------------------------------------------------

SETUP = "setup.py"
STARTUP = ("sitecustomize.py", "usercustomize.py")
# a path configuration file shipped in a package: `site` runs its `import` lines on every start
# (the engine walks only those lines of it)
PTH = ".pth"
CONFTEST = "conftest.py"


# what the rule looks for: network, process and code-running calls (the file name, which decides
# whether the code runs on its own, is checked when the walk starts)
_INSTALL_WORDS = LiteralPrecheck(("request", "urlopen", "urlretrieve", "socket", "http", "ftplib", "smtplib",
                                  "urllib", "wget", "system", "popen", "subprocess", "spawn", "startfile", "exec",
                                  "eval", "compile", ".pth"))


class _InstallPrecheck:
    """BOT503's gate looks at the path first: hook files walk when they may fetch or run
    something, any other file only when it may write a ``.pth`` file."""

    words = _INSTALL_WORDS.words
    pattern = _INSTALL_WORDS.pattern

    def search(self, text: str) -> bool:
        return _INSTALL_WORDS.search(text)

    def search_file(self, path: str, text: str) -> Optional[bool]:
        """A hook file (setup.py, site customization, conftest.py) that may fetch or run
        something; any other file only when it may write a ``.pth`` file."""
        base = path.replace("\\", "/").rsplit("/", 1)[-1]
        if base in (SETUP, CONFTEST) + STARTUP or base.endswith(PTH):
            return bool(_INSTALL_WORDS.search(text))
        return ".pth" in text


BOT503 = _InstallPrecheck()

# -- BOT504 --------------------------------------------------------------------------------

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
    ("utc--", "wallet keystores"),  # geth / web3 keystore file names (UTC--<date>--<address>)
    (".ethereum", "wallet keystores"),
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
    (".bitcoinlib", "the bitcoinlib wallet database"),
    ("wallet.db", "a wallet database"),
)
BOT504 = LiteralPrecheck(tuple(p for p, _ in SENSITIVE_PATHS) + ("environ", "dotenv", "mnemonic", "seed",
                                                                    "private_key", "privatekey", "secret",
                                                                    "signer", "keypair", "password",
                                                                    "inspect", "_getframe", "wallet", "payer",
                                                                    "bytes(", ".secret(", "extract_stack",
                                                                    "walk_stack", "zipfile", "make_archive",
                                                                    "files=", "gists", "gethostbyname",
                                                                    "getaddrinfo", "dns.resolver",
                                                                    # a helper another module hands a
                                                                    # secret to (the reverse link)
                                                                    "urlopen(", "requests.post", "httpx.post",
                                                                    "session.post", ".sendall("))

# -- BOT506 --------------------------------------------------------------------------------

# methods through which every key, signature or request of a client passes
TAMPER_METHODS = frozenset(
    """sign request fetch fetch2 describe sign_request handle_errors _request _sign _generate_signature
    _create_signature create_signature _request_api _signed_request _send_request send_request api_request
    private_request _init_session hmac set_credentials __init__""".split()
)  # (__init__: an SDK client's constructor takes the key and secret, python-binance typosquats)
# wallet and signing libraries: every private key or seed a bot loads passes through their
# constructors (semantic-types patched solders' Keypair, ReversingLabs/Socket 2025-05; set-utils
# patched eth_account's Account.create/from_key, Socket 2025-03)
WALLET_LIBS = frozenset(("solders", "solana", "eth_account", "web3", "bitcoinlib", "bip_utils", "mnemonic",
                         "nacl", "eth_keys", "coincurve", "hdwallet", "ecdsa", "tronpy", "bit"))
_WALLET_WORDS = ("key", "sign", "seed", "mnemonic", "secret", "from_", "create", "encrypt", "decrypt", "bytes",
                 "base58", "wallet", "account")
CCXT_ONLY = frozenset(("__init__",))


def wallet_method(attr: str) -> bool:
    """A method a key or seed passes through (``from_bytes``, ``from_key``, ``create``,
    ``sign_transaction``, ``from_mnemonic``, ``privateKeyToAccount``)."""
    low = attr.lower()
    return any(w in low for w in _WALLET_WORDS)


def tamper_method(attr: str) -> bool:
    """A method every signed request passes through: the fixed list, and SDK spellings
    (pybit ``_submit_request``, python-binance ``_request_api``, ``_generate_signature``,
    ``_get_auth_headers``)."""
    low = attr.lower()
    return attr in TAMPER_METHODS or "request" in low or "signature" in low or "auth" in low \
        or low.lstrip("_").startswith("sign")


class _TamperPrecheck(LiteralPrecheck):
    """BOT506's gate.  First the text: an exchange library in the module (ccxt or an SDK's
    import head), a ``setattr``, or an assignment to one of the methods every signed request
    passes through (``ex.sign = f`` on a client made elsewhere); "request", "fetch" and "sign"
    alone matched most modules of a bot.  Then the ``ast`` tree: what the rule can report
    (``rules/bot5/bot506_exchange_library_tampering.py``) needs one of an assignment to such a
    method of something that is not the method's own ``self``/``cls`` (the rule never judges
    those), ``setattr(a, b, c)``, a class of a ccxt module overriding one (the text names ccxt),
    or a program found with ``shutil.which``: most modules of a connector package name an
    exchange and set ``self._auth``, and have none of these."""

    def search_tree(self, tree: ast.AST, text: str) -> bool:
        if "which(" in text:
            return True
        ccxt = "ccxt" in text
        stack: List[Tuple[ast.AST, Tuple[str, ...], bool]] = [(tree, (), False)]
        while stack:
            node, own, in_class = stack.pop()
            if isinstance(node, ast.Assign):
                for t in node.targets:
                    if isinstance(t, ast.Attribute) and (tamper_method(t.attr) or t.attr in CCXT_ONLY
                                                         or wallet_method(t.attr)) \
                            and not (isinstance(t.value, ast.Name) and t.value.id in own):
                        return True
            elif isinstance(node, ast.Call):
                if isinstance(node.func, ast.Name) and node.func.id == "setattr" and len(node.args) >= 3:
                    return True
            elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                if in_class and tamper_method(node.name):
                    return True
                args = node.args.posonlyargs + node.args.args
                first = args[0].arg if args else None
                own = own + (first,) if first in ("self", "cls") else own
            elif isinstance(node, ast.ClassDef) and ccxt and node.bases:
                in_class = True
            stack.extend((child, own, in_class) for child in ast.iter_child_nodes(node))
        return False


BOT506 = _TamperPrecheck(
    ("setattr(", "which(") + venues.sdk_module_heads() + tuple(sorted(WALLET_LIBS - {"bit"}))
    + tuple(f".{m}{eq}" for m in sorted(TAMPER_METHODS) for eq in (" =", "=")),
    pattern="ccxt | SDK import heads | setattr( | which( | .<tamper method> =",
)
