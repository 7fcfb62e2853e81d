"""Every regex that runs on scanned (untrusted) text is linear (issue 8, item 2).

* ``NAMED``: each module-level compiled pattern of the scanning modules, with how the code
  calls it and adversarial inputs of its own; ``test_every_pattern_is_in_the_table`` fails when
  a module gains a pattern that is not listed here (add it, with inputs that attack it).
* Inline ``re.search(r"...", ...)`` calls in the secrets, analysis and rules packages are found
  in the source and get the generic attack too.
* ``FINDERS``: the hand-written finders that replaced super-linear regexes (PEM, URL keys,
  three detect-secrets denylists, the prechecks) and the scanners as a whole.
* ``test_lint_scales_linearly``: ``lint_source`` on each file kind.

An attack is a text of 1 KB and of 16 KB: repetitions of characters a pattern's quantifiers
share, after a prefix that gets the pattern going, before a suffix that makes it fail.  The
16 KB time (min of 3) must stay under 40x the 1 KB time; times under a floor are noise and pass.
No absolute time is asserted.  Times are CPU times of this process (``time.process_time``), so
other processes on a shared machine do not make a linear pattern look quadratic.
"""
from __future__ import annotations

import ast
import importlib
import inspect
import os
import re
import time
from typing import Callable, Dict, List, Tuple

import pytest

SMALL, BIG = 1024, 16 * 1024
RATIO = 40
FLOOR = 0.004  # seconds: a 16 KB run under this is linear enough whatever the ratio says

SCANNING_MODULES = [
    "botlint.engine.source", "botlint.engine.parse", "botlint.engine.assemble", "botlint.engine.file",
    "botlint.suppress", "botlint.text",
    "botlint.secrets", "botlint.secrets.shapes", "botlint.secrets.configfiles",
    "botlint.secrets.binding", "botlint.secrets.ds_adapter", "botlint.secrets.masking",
    "botlint.secrets.kinds", "botlint.secrets.textfiles", "botlint.secrets.markers", "botlint.secrets.stores",
    "botlint.analysis.values", "botlint.analysis.names", "botlint.analysis.literals",
    "botlint.analysis.strings", "botlint.analysis.exprs", "botlint.analysis.dataflow",
    "botlint.analysis.dataflow.ir", "botlint.analysis.dataflow.vocab", "botlint.analysis.dataflow.collect",
    "botlint.analysis.dataflow.resolve", "botlint.analysis.clients", "botlint.analysis.hosts",
    "botlint.analysis.imports", "botlint.analysis.fund_paths", "botlint.analysis.syntax",
    "botlint.venues", "botlint.venues.ccxt", "botlint.venues.catalog",
    "botlint.gates", "botlint.gates.bot1", "botlint.gates.bot2", "botlint.gates.bot3", "botlint.gates.bot4",
    "botlint.gates.bot5", "botlint.rules.bot0_tool", "botlint.rules.bot1_credentials", "botlint.rules.bot2._family",
    "botlint.rules.bot2.sinks", "botlint.rules.bot2.bot205_secret_sent_to_third_party",
    "botlint.rules.bot2.bot207_debug_logging_with_credentials", "botlint.analysis.capabilities", "botlint.analysis.shell",
    "botlint.rules.bot3_fund_moving", "botlint.rules.bot4_client_safety",
    "botlint.analysis.payloads", "botlint.rules.bot5._family", "botlint.rules.bot5.bot501_exec_of_decoded_code",
    "botlint.rules.bot5.bot502_obfuscated_import", "botlint.rules.bot5.bot503_install_time_execution",
    "botlint.rules.bot5.bot504_harvest_and_exfiltrate", "botlint.rules.bot5.bot505_clipboard_hijack",
    "botlint.rules.bot5.bot506_exchange_library_tampering", "botlint.rules.bot5.bot507_fixed_fund_destination",
]
# packages whose inline `re.<fn>("literal", ...)` calls are checked too
INLINE_PACKAGES = ("secrets", "analysis", "rules", "gates")

# patterns that never see scanned text
TRUSTED = {
    # a method name's parts (the lazy api part is quadratic): matched only on names of 120
    # characters or fewer (capabilities._ccxt_method_permission)
    "botlint.analysis.capabilities._IMPLICIT",
    "botlint.rule.FAKE_MARKER",  # test fixtures only
    "botlint.fakes.FAKE_MARKER",
    "botlint.walker._SKIP_FIELD",  # libcst dataclass field names
}

GENERIC_UNITS = [" ", "\t", "\n", "\r\n", " \n", "\n\n ", "a", "A", "0", "_", "aA0", "a ", "a\n", "a_",
                 "\\n", "\\", "+", "/", "-", ".", "=", ":", ",", "'", '"', "#", "[", "]", "{", "}",
                 "(", ")", "<", ">", "%(", "${", "{{", "*", "0,", "a:", "a=", "a.", "\\\"", "//", "/*"]


def _fill(prefix: str, unit: str, suffix: str, n: int) -> str:
    k = max(1, (n - len(prefix) - len(suffix)) // max(1, len(unit)))
    return prefix + unit * k + suffix


def attack(unit: str, prefix: str = "", suffix: str = "!") -> Callable[[int], str]:
    def make(n: int) -> str:
        return _fill(prefix, unit, suffix, n)

    make.__name__ = f"{prefix[:12]!r}+{unit[:12]!r}*n+{suffix[:8]!r}"
    return make


def _elapsed(fn: Callable[[str], object], s: str) -> float:
    t0 = time.process_time()
    fn(s)
    return time.process_time() - t0


def assert_linear(fn: Callable[[str], object], make: Callable[[int], str], label: str) -> None:
    """Fails only when every one of three measurements says super-linear: the machine is shared,
    a quadratic pattern fails every time, a noisy one does not."""
    small, big = make(SMALL), make(BIG)
    t_big = _elapsed(fn, big)
    if t_big < FLOOR or t_big <= RATIO * _elapsed(fn, small):
        return  # one run each settles the common case; a suspicious one is measured again
    for _attempt in range(3):
        t_big = min([t_big] + [_elapsed(fn, big) for _ in range(2)])
        if t_big < FLOOR:
            return
        t_small = min(_elapsed(fn, small) for _ in range(3))
        if t_big <= RATIO * t_small:
            return
        t_big = _elapsed(fn, big)
    raise AssertionError(
        f"{label}: {t_big * 1000:.1f} ms on 16 KB vs {t_small * 1000:.2f} ms on 1 KB "
        f"({t_big / max(t_small, 1e-9):.0f}x for 16x the input) with {make.__name__}")


def _use(rx: "re.Pattern", mode: str) -> Callable[[str], object]:
    if isinstance(rx.pattern, bytes):
        def enc(s: str) -> bytes:
            return s.encode("utf-8", "replace")
    else:
        def enc(s: str) -> str:
            return s
    if mode == "finditer":
        return lambda s: sum(1 for _ in rx.finditer(enc(s)))
    if mode == "sub":
        return lambda s: rx.sub("", enc(s))
    if mode == "split":
        return lambda s: rx.split(enc(s))
    return lambda s: getattr(rx, mode)(enc(s))


def _words(pattern: str) -> List[str]:
    """Literal words of a pattern (keywords a flood should repeat)."""
    text = re.sub(r"\\.", " ", pattern if isinstance(pattern, str) else pattern.decode("latin-1"))
    text = re.sub(r"\[[^\]]*\]", " ", text)
    return sorted(set(re.findall(r"[A-Za-z_]{2,}", text)), key=lambda w: (-len(w), w))[:6]


def auto_attacks(pattern) -> List[Callable[[int], str]]:
    out = [attack(u) for u in GENERIC_UNITS]
    for w in _words(pattern):
        out += [attack(w), attack(w + " "), attack(w + "a"), attack(" ", w, "!"), attack("a", w, "!")]
    return out


# -- the table of named patterns ---------------------------------------------------------------

PEM_HEAD = "-----BEGIN PRIVATE KEY-----"
NAMED: Dict[str, Tuple[str, List[Callable[[int], str]]]] = {
    # engine (regex definitions only; the engine helper owns the rest of the module)
    "botlint.engine.source._CODING": ("match", [attack("coding", "#"), attack(" ", "# coding:"), attack("-", "# coding: ")]),
    "botlint.text._BRACKETS": ("finditer", [attack("([{")]),
    "botlint.engine.parse._PY2": ("search", [attack(" \n"), attack("\n "), attack(" ", "print", "!"),
                                        attack(" ", "except a"), attack("a", "except "), attack("raise ", "", "")]),
    "botlint.engine.assemble._TOKEN": ("sub", [attack("a+"), attack("a=")]),
    "botlint.engine.source._LINE_END": ("findall", [attack("\r"), attack("\r\n"), attack("\n\r")]),
    "botlint.engine.source._BLANK_OR_COMMENT": ("match", [attack(" \t"), attack("#", " "), attack(" ", "#", "\n")]),
    "botlint.secrets.masking._DOTTED": ("fullmatch", [attack("a."), attack("a"), attack("a.", "", ".")]),
    "botlint.secrets.masking._WORDED": ("fullmatch", [attack("A_"), attack("a_1_"), attack("AB", "", "_")]),
    "botlint.engine.parse._INDENT": ("match", [attack(" \t\x0c")]),
    "botlint.engine.parse._BREAK": ("split", [attack("\r\n"), attack(" \r"), attack("\r\r\n")]),
    "botlint.engine.parse._NOT_BREAK": ("sub", [attack("a\n"), attack(" \r\n")]),
    "botlint.engine.parse._ERROR_AT": ("search", [attack("error at "), attack("error at 1"), attack("1:", "error at ")]),
    "botlint.suppress._BOTLINT": ("search", [attack("botlint: ignore["), attack(" ", "botlint:"), attack("a", "botlint: ignore[")]),
    "botlint.suppress._NOQA": ("search", [attack("# noqa:"), attack(" ", "# noqa: ", "!"), attack("#  ")]),
    "botlint.suppress._PRAGMA": ("search", [attack("pragma: "), attack(" ", "pragma:")]),
    "botlint.suppress._PRAGMA_NEXT": ("search", [attack("pragma: allowlist "), attack(" ", "pragma: allowlist")]),
    "botlint.text._BREAK": ("finditer", [attack("\r"), attack("\r\n")]),
    "botlint.text._ASCII_SAFE": ("match", [attack("a", "", "\x1b")]),
    # secrets.shapes
    "botlint.secrets.shapes._WORD_RUN": ("finditer", [attack("abc "), attack("abcdefgh "), attack(" ", "abc", "abc"),
                                                        attack("abc\t"), attack("abcdefghi ")]),
    "botlint.secrets.shapes._B58_88": ("finditer", [attack("1"), attack("z"), attack("abcdefgh")]),
    "botlint.secrets.shapes._INT_ARRAY": ("finditer", [attack("1, "), attack("[1,"), attack(" ", "[1,"), attack("123,")]),
    "botlint.secrets.shapes._PEM_BEGIN": ("finditer", [attack(PEM_HEAD), attack("A ", "-----BEGIN "), attack("-----BEGIN ")]),
    "botlint.secrets.shapes._PEM_END": ("match", [attack("A ", "-----END ")]),
    "botlint.secrets.shapes._PEM_BODY": ("match", [attack("+"), attack("\\n"), attack("a+/"), attack("+", "", "\\x")]),
    "botlint.secrets.shapes._PEM_BAD": ("finditer", [attack("+"), attack("\\n")]),
    "botlint.secrets.shapes._PEM_OPEN": ("match", [attack(" ")]),
    "botlint.secrets.shapes._SIMPLE[0][2]": ("finditer", [attack("1"), attack("12345678:"), attack("1234567890:a")]),
    "botlint.secrets.shapes._SIMPLE[1][2]": ("finditer", [attack("https://discord.com/api/v"), attack("1", "https://discord.com/api/v")]),
    "botlint.secrets.shapes._SIMPLE[2][2]": ("finditer", [attack("https://hooks.slack.com/services/T")]),
    "botlint.secrets.shapes._SIMPLE[3][2]": ("finditer", [attack("https://a"), attack("a", "https://"), attack("https://a.infura.io/")]),
    "botlint.secrets.shapes._SIMPLE[4][2]": ("finditer", [attack("https://a"), attack("a", "https://")]),
    "botlint.secrets.shapes._SIMPLE[5][2]": ("finditer", [attack("https://a"), attack("a.", "https://"), attack("a.a", "http://")]),
    "botlint.secrets.shapes._SIMPLE[6][2]": ("finditer", [attack("https://rpc.ankr.com/a"), attack("a", "https://rpc.ankr.com/")]),
    "botlint.secrets.shapes._SIMPLE[7][2]": ("finditer", [attack("https://a"), attack("a", "https://")]),
    "botlint.secrets.shapes._SIMPLE[8][2]": ("finditer", [attack("bg_"), attack("bg_0")]),
    "botlint.secrets.shapes._SIMPLE[9][2]": ("finditer", [attack("mx0"), attack("mx0a")]),
    "botlint.secrets.shapes._SIMPLE[10][2]": ("finditer", [attack("organizations/"), attack("0-", "organizations/")]),
    "botlint.secrets.shapes._URL_QUERY": ("finditer", [attack("&token="), attack("a", "?token=", "!"), attack("?apikey=a")]),
    # secrets.configfiles (line patterns are matched against one line)
    "botlint.secrets.configfiles._JSON_TOKEN": ("finditer", [attack('"a '), attack('"\\a'), attack("/* "), attack("// ")]),
    "botlint.secrets.configfiles._YAML_KEY": ("match", [attack(" "), attack(" ", "a", "b"), attack(" ", "a: b", "c\x0b"),
                                                         attack("a ", "- "), attack(" ", '"a', '"'), attack("\t ", "k:")]),
    "botlint.secrets.configfiles._YAML_LIST_ENV": ("match", [attack(" ", "- K=a", '"x'), attack("a ", "- K=", "'")]),
    "botlint.secrets.configfiles._SECTION": ("match", [attack(" ", "[", "x"), attack(" ", "[a", "a"), attack("a ", "[", "]x")]),
    "botlint.secrets.configfiles._KV": ("match", [attack(" ", "a= x", "y\x0b!"), attack(" ", "a", "b"), attack(" ", "export", "!"),
                                                   attack("a.", "", "!")]),
    "botlint.secrets.configfiles._PY_BINDING": ("finditer", [attack("key"), attack(" ", "a:", "b"), attack(" b", "a:"),
                                                              attack(" ", "a=", "x"), attack('"a'), attack("a: a: ")]),
    "botlint.secrets.configfiles._COMMENT": ("finditer", [attack("#")]),
    "botlint.secrets.configfiles._BINDING_VALUE": ("finditer", [attack(" ", "="), attack("= "), attack(":\n"),
                                                                 attack("\t", ":", "r")]),
    "botlint.secrets.configfiles._VALUE_STOP": ("search", [attack("a")]),
    "botlint.secrets.configfiles._SDK_PAIR": ("finditer", [attack("Client('a"), attack(" ", "Client(", "!"), attack("Client")]),
    # secrets.ds_adapter: stand-ins for three plugins' denylists
    "botlint.secrets.ds_adapter._JWT_REST": ("match", [attack("a"), attack("a.", "a")]),
    "botlint.secrets.ds_adapter._JWT_RUN_END": ("match", [attack("a")]),
    "botlint.secrets.ds_adapter._WINDOWS['MailchimpDetector'][1]": ("finditer", [attack("-us"), attack("-u")]),
    "botlint.secrets.shapes._TELEGRAM_ANCHOR": ("finditer", [attack("1:"), attack("1"), attack(":")]),
    "botlint.secrets.shapes._WINDOWS['Telegram bot token'][0]": ("finditer", [attack("1:"), attack("1")]),
    "botlint.secrets.ds_adapter._OPENAI_RUN_END": ("match", [attack("a")]),
    "botlint.secrets.ds_adapter._OPENAI_CORE": ("match", [attack("a")]),
    "botlint.secrets.ds_adapter._NPM_TAIL": ("finditer", [attack("/:_authToken="), attack("/:_authToken=npm_")]),
    # BOT5: decoded payloads (up to 1 MB) and the literals of the scanned file
    "botlint.analysis.payloads._IMPORT": ("finditer", [attack("import a"), attack("a, ", "import "), attack(" \t"),
                                                        attack("from a"), attack("\n import a,")]),
    "botlint.analysis.payloads._DUNDER_IMPORT": ("finditer", [attack("__import__("), attack(" ", "__import__(")]),
    "botlint.analysis.payloads._URL": ("finditer", [attack("http://"), attack("a", "https://"), attack("wss://a")]),
    "botlint.analysis.payloads._RAW_IP": ("match", [attack("1."), attack("1", "1.1.1.")]),
    "botlint.rules.bot5.bot503_install_time_execution._FETCH_OR_SHELL": (
        "search", [attack("python "), attack("pip install "), attack(" ", "nc"), attack("chmod "), attack("sh ")]),
    "botlint.rules.bot5.bot501_exec_of_decoded_code._PIPE_TO_SHELL": (
        "search", [attack("|"), attack(" ", "|"), attack(" ", "| sudo"), attack("|/bin/"), attack("| python")]),
    "botlint.rules.bot5.bot507_fixed_fund_destination.ADDRESS_SHAPES[0][1]": ("fullmatch", [attack("a", "0x")]),
    "botlint.rules.bot5.bot507_fixed_fund_destination.ADDRESS_SHAPES[1][1]": ("fullmatch", [attack("a", "bc1"),
                                                                                           attack("a", "1")]),
    "botlint.rules.bot5.bot507_fixed_fund_destination.ADDRESS_SHAPES[2][1]": ("fullmatch", [attack("a", "T")]),
    "botlint.rules.bot5.bot507_fixed_fund_destination._SOLANA": ("fullmatch", [attack("a")]),
    "botlint.rules.bot5.bot507_fixed_fund_destination._EMAIL": ("fullmatch", [attack("a."), attack("a", "a@"),
                                                                              attack(".a", "a@a")]),
    # analysis.values (values are at most a line, often much less; matched as the code does)
    "botlint.analysis.values._TEMPLATE": ("search", [attack("{{"), attack("${"), attack("%("), attack("{{a")]),
    "botlint.analysis.values._ENV_NAME": ("fullmatch", [attack("A_"), attack("A")]),
    "botlint.analysis.values._DOTTED_PATH": ("fullmatch", [attack("_"), attack("a."), attack("a:a")]),
    "botlint.analysis.values._STRONG_PLACEHOLDER": ("search", [attack("<a"), attack("enter"), attack("."), attack("*")]),
    "botlint.analysis.values._MARKER_WORDS": ("search", [attack("te")]),
    "botlint.analysis.values._WEAK_RE": ("sub", [attack("apikey"), attack("0")]),
    "botlint.analysis.values._HEX": ("fullmatch", [attack("a")]),
    "botlint.analysis.values._B58": ("fullmatch", [attack("a")]),
    "botlint.analysis.values._TOKEN_CHARS": ("fullmatch", [attack("a")]),
    "botlint.analysis.values._PIECE": ("finditer", [attack("A"), attack("Aa"), attack("AAa")]),
    "botlint.secrets.masking._NAME_PART": ("finditer", [attack("a."), attack("a")]),
    "botlint.analysis.names._SPLIT": ("split", [attack("_-")]),
    "botlint.analysis.names._CAMEL": ("finditer", [attack("A"), attack("AAb"), attack("A", "", "b")]),
    "botlint.analysis.literals._QUOTE": ("match", [attack("r")]),
    # analysis.dataflow / clients: names, dotted names and literals from the code
    "botlint.analysis.dataflow.ir.LABEL_OK": ("match", [attack("a")]),
    "botlint.analysis.dataflow.collect.LABEL_OK": ("match", [attack("a")]),
    "botlint.analysis.dataflow.resolve._IDENTIFIER": ("findall", [attack("a"), attack("a_")]),
    "botlint.analysis.dataflow.vocab.CRED_HINT": ("search", [attack("ke"), attack("pas")]),
    "botlint.analysis.dataflow.collect._LOGGER_NAME": ("search", [attack("_"), attack("get_"), attack("_", "", "logge")]),
    "botlint.analysis.dataflow._PCT_SPEC": ("finditer", [attack("%("), attack("%(a"), attack("% "), attack("%0")]),
    "botlint.analysis.dataflow.vocab.SANITIZER_NAME": ("search", [attack("mas")]),
    "botlint.analysis.dataflow.vocab.GETTER_CALLS": ("match", [attack("get")]),
    "botlint.analysis.dataflow.vocab.LOGGER_FACTORY": ("search", [attack(".get")]),
    "botlint.analysis.dataflow.vocab.OPENERS": ("search", [attack(".op")]),
    "botlint.analysis.dataflow.vocab.CONNECTION_CTORS": ("match", [attack("http.client.HTTP")]),
    "botlint.analysis.dataflow.vocab.CLI_CRED_HELP": ("search", [attack("api "), attack("private ")]),
    "botlint.analysis.dataflow.vocab.SESSION_CTORS": ("match", [attack("requests.")]),
    "botlint.analysis.dataflow.vocab.FILEISH": ("match", [attack("_"), attack("_file"), attack("a_")]),
    "botlint.analysis.clients._ANNOTATION_HEAD": ("match", [attack(" "), attack(" ", "Optional[")]),
    "botlint.analysis.clients.MOCK_NAME": ("match", [attack("_"), attack("mock"), attack("_", "", "mock")]),
    "botlint.analysis.clients._FUNDISH": ("search", [attack("withdra"), attack("sa")]),
    "botlint.analysis.clients.CRED_CONTEXT": ("search", [attack("api"), attack("bot_"), attack("infura.io/"),
                                                         attack("api.telegram.org/")]),
    "botlint.analysis.clients._CRED_CONTEXT_LOWER": ("search", [attack("api"), attack("bot_"), attack("infura.io/"),
                                                               attack("api.telegram.org/")]),
    "botlint.analysis.clients._CRED_NAME": ("search", [attack("secre"), attack("a")]),
    "botlint.analysis.clients._URL_HOST": ("match", [attack(" "), attack("a", "https://"), attack(" ", "", "https://")]),
    "botlint.analysis.clients._TEST_WORDS": ("search", [attack("testne"), attack("a")]),
    "botlint.analysis.hosts._TEST_LABEL": ("search", [attack("test"), attack(".test"), attack("-"), attack("a.")]),
    "botlint.analysis.hosts._CREDENTIAL_URLS[0][0]": ("search", [attack("infura.io/"), attack("ws/", "infura.io/")]),
    "botlint.analysis.hosts._CREDENTIAL_URLS[1][0]": ("search", [attack(".g.alchemy.com/"), attack("alchemyapi.io/")]),
    "botlint.analysis.hosts._CREDENTIAL_URLS[2][0]": ("search", [attack("api.telegram.org/"), attack("file/")]),
    "botlint.analysis.hosts._CREDENTIAL_URLS[3][0]": ("search", [attack("discord.com/api/"), attack("/v1", "discord.com/api")]),
    "botlint.analysis.hosts._CREDENTIAL_URLS[4][0]": ("search", [attack("hooks.slack.com/")]),
    "botlint.analysis.fund_paths._WORDS_HINT": ("search", [attack("withdra")]),
    "botlint.analysis.fund_paths._PLACEHOLDER": ("fullmatch", [attack("a", "{"), attack("a", ":"), attack("a", "<")]),
    "botlint.analysis.fund_paths._URL": ("match", [attack("/", "https://"), attack("a", "https://"), attack(":", "ws://")]),
    # venues: names and methods from the code
    "botlint.venues.SDK_GENERIC": ("search", [attack("_withdraw"), attack("withdraw")]),
    "botlint.venues._SDK_READ": ("search", [attack("get")]),
    "botlint.venues._NAMEISH": ("match", [attack("_"), attack("_ex"), attack("exchange"), attack("_", "", "")]),
    "botlint.venues._GENERIC_NAMEISH": ("match", [attack("_"), attack("_client"), attack("_", "", "")]),
    "botlint.venues._IDENTIFIER": ("fullmatch", [attack("a")]),
    # rules
    "botlint.gates.bot1._PRECHECK_BIND": ("finditer", [attack("key"), attack(" ", "key=", "x"), attack(" ", "key:", "x"),
                                                                  attack(" ", "key: a", "x"), attack("key'"), attack(" a", "key:")]),
    "botlint.gates.bot1._PRECHECK_WORD": ("search", [attack("ke")]),
    "botlint.gates.bot1._WORD_LOWER": ("finditer", [attack("ke"), attack("key")]),
    "botlint.gates.bot1._WORD_CHAR": ("match", [attack("a")]),
    "botlint.gates.bot1._BIND_TAIL": ("match", [attack(" "), attack(" ", ":"), attack("a", ": "), attack(" ", "=", "x")]),
    "botlint.gates.bot1._CALL_OPEN": ("finditer", [attack("("), attack(" ", "("), attack("r", "(")]),
    "botlint.gates.bot1._CALLEE_AT_END": ("search", [attack("Client"), attack("getenv"), attack("a")]),
    "botlint.gates.bot1._PRECHECK_CALL": ("finditer", [attack("Client"), attack(" ", "Client(", "x"), attack("getenv(")]),
    "botlint.gates.bot1._FALLBACK_ARG": ("search", [attack(", "), attack(" ", ",")]),
    "botlint.gates.bot2._KEY_SUBSCRIPT": ("search", [attack("[ "), attack(" ", "[", "'key'")]),
    "botlint.rules.bot2.sinks.SOCKETY": ("search", [attack("so")]),
    # shell scripts' echo of a credential variable (lines are length-guarded at their use)
    "botlint.analysis.shell._SHEBANG": ("match", [attack(" "), attack("#!", " "), attack("#!/", "a/")]),
    "botlint.analysis.shell._SEGMENTS": ("split", [attack("&"), attack("|"), attack(";")]),
    "botlint.analysis.shell._COMMAND": ("match", [attack(" \t"), attack("sudo ", "echo")]),
    "botlint.analysis.shell._EXPANSION": ("finditer", [attack("$"), attack("${a"), attack("${A:-", "x"),
                                                        attack("\\$"), attack("$a")]),
    "botlint.analysis.shell._REDIRECT": ("search", [attack("0>"), attack("&")]),
    "botlint.analysis.shell._PLAIN_URL": ("finditer", [attack("http://"), attack("ws://", "a."), attack("a")]),
    # the audit's capability summary (its patterns read code literals and config files)
    "botlint.analysis.capabilities._CCXT_TRADE": ("search", []),
    "botlint.analysis.capabilities._CCXT_READ": ("search", []),
    "botlint.analysis.capabilities._PRIVATE_API": ("search", []),
    "botlint.analysis.capabilities._ORDERISH": ("search", []),
    "botlint.analysis.capabilities._SDK_TRADE": ("search", []),
    "botlint.analysis.capabilities._SDK_READ": ("search", []),
    "botlint.analysis.capabilities._HB_SUFFIX": ("search", []),
    "botlint.analysis.capabilities._HB_PAPER": ("search", []),
    "botlint.analysis.capabilities._URL": ("search", []),
    "botlint.analysis.capabilities._WHOLE_URL": ("search", []),
    "botlint.analysis.capabilities._BARE_HOST": ("search", []),
    "botlint.analysis.capabilities._HOST_SETTING": ("search", []),
    "botlint.analysis.capabilities._RAW_IP": ("search", []),
    "botlint.analysis.capabilities._CRED_WORD": ("search", []),
    "botlint.analysis.capabilities._DOC_HOST": ("search", []),
    "botlint.analysis.capabilities._DOC_PATH": ("search", []),
    "botlint.analysis.capabilities._REST_PATH": ("search", []),
    "botlint.analysis.capabilities._TRADE_PATH": ("search", []),
    "botlint.analysis.capabilities._READ_ORDER_PATH": ("search", []),
    "botlint.analysis.capabilities._READ_PATH": ("search", []),
    "botlint.analysis.capabilities._ORDER_WORD": ("search", []),
    "botlint.analysis.capabilities._SIGNING": ("search", []),
    "botlint.analysis.fund_paths.PRIVATE_CALLER": ("search", []),
    "botlint.analysis.capabilities._REQUEST_CALLER": ("search", []),
    "botlint.analysis.capabilities._ENDPOINT_NAME": ("search", []),
    "botlint.analysis.capabilities._PROMPT_WORDS": ("search", []),
    "botlint.analysis.capabilities._RAW_IP_IN_TEXT": ("search", []),
    "botlint.analysis.capabilities._META_FILES": ("search", []),
    "botlint.analysis.capabilities._SHELL": ("search", []),
    "botlint.analysis.capabilities._ENV_LINE": ("search", []),
    "botlint.analysis.capabilities._CONFIG_EXCHANGE": ("search", []),
    "botlint.analysis.capabilities._NESTED_EXCHANGE": ("search", []),
    "botlint.analysis.capabilities._CONFIG_KEY": ("search", []),
    "botlint.analysis.capabilities._DRY_RUN": ("search", []),
    "botlint.analysis.capabilities._ACCOUNTS_KEY": ("search", []),
    "botlint.analysis.capabilities._CRED_KEY": ("search", []),
    "botlint.analysis.capabilities._YAML_KEY": ("search", []),
    "botlint.analysis.capabilities._YAML_ANY_KEY": ("search", []),
    "botlint.analysis.capabilities._TOML_TABLE": ("search", []),
    "botlint.analysis.capabilities._LIST_KEY": ("match", []),
    "botlint.analysis.capabilities._INLINE_LIST": ("finditer", [attack(" "), attack("a,", "exchanges: ["),
                                                                 attack(" ", "venues = [", "\n")]),
    "botlint.analysis.capabilities._YAML_ITEM": ("match", [attack(" "), attack(" ", "-"), attack("a", "- ", "\x0b")]),
    "botlint.rules.bot3_fund_moving._ENDPOINT_WORD": ("match", [attack("a"), attack("a_", "W")]),
    "botlint.rules.bot3_fund_moving._IMPLICIT_STYLE": ("search", [attack("aGet"), attack("a", "", "Post")]),
    "botlint.rules.bot2.bot207_debug_logging_with_credentials._CCXT_LOGGER": ("search", [attack("'ccxt"), attack(".")]),
    "botlint.rules.bot2.bot207_debug_logging_with_credentials._HTTP_CONNECTION": ("match", [attack("http.client.")]),
    "botlint.rules.bot3_fund_moving._SOLANA_TRANSFER": ("match", [attack(".", "solana.")]),
    "botlint.rules.bot3_fund_moving._DYNAMIC_VERB": ("search", [attack("Pos")]),
    "botlint.rules.bot3_fund_moving._WORDISH": ("fullmatch", [attack("a")]),
    "botlint.rules.bot3_fund_moving._DYNAMIC_FUND": ("search", [attack("withdra")]),
    "botlint.gates.bot4._Precheck.TLS_FALSE": ("finditer", [attack("verify"), attack(" ", "verify=", "x"), attack("ssl")]),
    "botlint.rules.bot4_client_safety._QUERY_KEY": ("search", [attack("&api_key"), attack("?", "", "=x"),
                                                              attack("key", "?")]),
    "botlint.rules.bot4_client_safety._CRED_CONTEXT": ("search", [attack("api"), attack("bot_"), attack("infura.io/"),
                                                                 attack("api.telegram.org/")]),
    # secrets.kinds (credential kinds beyond exchanges; KINDS entries are added below)
    "botlint.secrets.kinds._AZURE_KEY": ("finditer", [attack("a"), attack("a=", "azure "), attack("==")]),
    "botlint.secrets.kinds._AZURE_MENTION": ("finditer", [attack("azur"), attack(".core.windows.")]),
    "botlint.secrets.binding._UUID": ("fullmatch", [attack("a"), attack("aaaaaaaa-")]),
    "botlint.secrets.binding._FERNET": ("fullmatch", [attack("a"), attack("a=")]),
    "botlint.secrets.markers._WORD": ("findall", [attack("a"), attack("a-"), attack("a'"), attack("a-a'")]),
    "botlint.secrets.kinds._DB_URL": ("finditer", [attack("postgres://"), attack("a", "postgres://"), attack("a:", "redis://"),
                                                    attack(":a", "mysql://", "")]),
    "botlint.secrets.kinds._KEY_BEGIN": ("finditer", [attack("-----BEGIN "), attack("A ", "-----BEGIN "),
                                                       attack("-----BEGIN RSA PRIVATE KEY-----")]),
    "botlint.secrets.kinds._ARMOR_HEADER": ("sub", [attack("a"), attack("a-"), attack(" ", "\n"), attack("a:")]),
    "botlint.secrets.kinds._B64_CHARS": ("findall", [attack("a+")]),
    "botlint.secrets.kinds._PUTTY": ("finditer", [attack("PuTTY-User-Key-File-2: "), attack("a", "PuTTY-User-Key-File-2: ")]),
    "botlint.secrets.kinds._PUTTY_PRIVATE": ("finditer", [attack("Private-Lines: "), attack("1", "Private-Lines: ")]),
    # secrets.textfiles (the generic text line judgement)
    "botlint.secrets.textfiles._INLINE": ("finditer", [attack("a="), attack("a"), attack("a.", "", "="), attack("=a")]),
    "botlint.secrets.textfiles._DOCKER": ("finditer", [attack("ENV "), attack(" ", "ENV"), attack("a", "ENV ")]),
    "botlint.secrets.textfiles._DOCKER_ANY_CASE": ("finditer", [attack("env "), attack(" ", "Env"), attack("a", "ARG ")]),
    "botlint.secrets.textfiles._DOCKER_PAIR": ("finditer", [attack("a"), attack("a=a "), attack('a="'), attack("a='")]),
    "botlint.secrets.textfiles._SYSTEMD_ENV": ("finditer", [attack("Environment="), attack(" ", "Environment"),
                                                             attack("a", "Environment=")]),
    "botlint.secrets.textfiles._DOCKER_LEGACY": ("match", [attack("a"), attack(" ", "a"), attack("a ", "", "")]),
    "botlint.secrets.configfiles.FLAG": ("finditer", [attack("--a"), attack("--a "), attack("a", "--"), attack(" ", "--a"),
                                                      attack('--a "')]),
    "botlint.secrets.textfiles._BEARER": ("finditer", [attack("Authorization: "), attack(" ", "Authorization:"),
                                                        attack("a", "Authorization: Bearer ", "!")]),
    "botlint.secrets.textfiles._XML_ELEMENT": ("finditer", [attack("<a>"), attack("a", "<a>"), attack("<a"), attack("</a>")]),
    "botlint.secrets.textfiles._XML_ADD": ("finditer", [attack('key="a" '), attack("a", 'key="'), attack(" ", 'key="a"')]),
    "botlint.secrets.textfiles._NETRC_LINE": ("finditer", [attack("machine a "), attack("a", "machine "), attack(" ", "machine a"),
                                                            attack("machine a password ")]),
    "botlint.secrets.textfiles._TOKEN": ("finditer", [attack("a"), attack("a ")]),
    "botlint.secrets.textfiles._SUBSCRIPT_STORE": ("finditer", [attack("['a'] = '"), attack(" ", "['a']"), attack("[' "),
                                                                 attack("a", "['"), attack("['a'] = 'a", "", ""),
                                                                 attack("['a']=")]),
    "botlint.secrets.textfiles._PHP_DEFINE": ("finditer", [attack("define('a', '"), attack(" ", "define("),
                                                            attack("a", "define('"), attack("define('a',"),
                                                            attack("a", "define('a', '", "")]),
    # secrets.stores (credential-store formats)
    "botlint.secrets.stores._CRYPT": ("fullmatch", [attack("a", "$2y$12$"), attack("a", "$6$"), attack("$", "$6$a"),
                                                    attack("a", "$argon2id$v=19$m=1,t=1,p=1$"), attack("a", "{SSHA}")]),
    "botlint.secrets.stores._DES": ("fullmatch", [attack("a")]),
    "botlint.secrets.stores._PASSWORD_WORD": ("search", [attack("pass"), attack("a", "", "pass"), attack("pwd")]),
    "botlint.secrets.stores._FILEZILLA_PASS": ("finditer", [attack("<Pass>"), attack("a", "<Pass>"), attack(" ", "<Pass"),
                                                             attack("a", '<Pass encoding="')]),
    "botlint.secrets.stores._XML_PASSWORD": ("finditer", [attack('password="'), attack("a", 'password="'),
                                                           attack('Password="a" ')]),
    "botlint.secrets.stores._KEYWORD_PASSWORD": ("match", [attack(" ", "password", "="), attack(" ", "password ", "!"),
                                                            attack("a", 'password "', ""), attack(" ", "", "password")]),
    "botlint.secrets.stores._MAVEN_PASSWORD": ("finditer", [attack("<password>"), attack("a", "<password>"),
                                                             attack("<passphrase>a</password>")]),
    "botlint.secrets.stores._SQL_HASH": ("finditer", [attack("'$"), attack("a", "'$"), attack("'"), attack("a", "'pbkdf2_")]),
    "botlint.secrets.stores._NPM_AUTH_LINE": ("finditer", [attack("//a"), attack("/a", "//"), attack("a", "//"),
                                                            attack("//a/:_auth="), attack("a", "//a/:_authToken="),
                                                            attack("/", "//a"), attack("//a/"), attack("/:", "//a")]),
    "botlint.secrets.textfiles._FENCE": ("match", [attack("`"), attack(" ", "", "")]),
}


def _kinds_table() -> Dict[str, Tuple[str, List[Callable[[int], str]]]]:
    from botlint.secrets.kinds import KINDS

    out = {}
    for i, (_code, _label, gate, _rx, _group) in enumerate(KINDS):
        out[f"botlint.secrets.kinds.KINDS[{i}][3]"] = (
            "finditer", [attack(gate), attack("a", gate), attack(gate + "a"), attack("_", gate), attack("-", gate + "a")])
    return out


NAMED.update(_kinds_table())


def _patterns_in(value, path: str, module: str, out: Dict[str, "re.Pattern"], depth: int = 0) -> None:
    if isinstance(value, re.Pattern):
        out[path] = value
    elif depth >= 3:
        return
    elif isinstance(value, (list, tuple)):
        for i, x in enumerate(value):
            _patterns_in(x, f"{path}[{i}]", module, out, depth + 1)
    elif isinstance(value, dict):
        for k, x in value.items():
            _patterns_in(x, f"{path}[{k!r}]", module, out, depth + 1)
    elif inspect.isclass(value) and value.__module__ == module:
        for k, x in vars(value).items():
            _patterns_in(x, f"{path}.{k}", module, out, depth + 1)
    elif type(value).__module__ == module and hasattr(value, "__dict__") and not callable(value):
        for k, x in vars(value).items():
            _patterns_in(x, f"{path}.{k}", module, out, depth + 1)


def module_patterns() -> Dict[str, "re.Pattern"]:
    out: Dict[str, re.Pattern] = {}
    for name in SCANNING_MODULES:
        mod = importlib.import_module(name)
        for k, v in vars(mod).items():
            if not inspect.ismodule(v):
                _patterns_in(v, f"{name}.{k}", name, out)
    return out


def inline_patterns() -> List[Tuple[str, str, str, int]]:
    """(module file, call, pattern, flags) of every ``re.<fn>(<literal>, ...)`` call."""
    import botlint

    root = os.path.dirname(botlint.__file__)
    out = []
    for pkg in INLINE_PACKAGES:
        for fn in sorted(os.listdir(os.path.join(root, pkg))):
            if not fn.endswith(".py"):
                continue
            path = os.path.join(root, pkg, fn)
            with open(path, encoding="utf-8") as fh:
                tree = ast.parse(fh.read())
            for node in ast.walk(tree):
                if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                        and isinstance(node.func.value, ast.Name) and node.func.value.id == "re"
                        and node.func.attr in ("search", "match", "fullmatch", "finditer", "findall", "sub", "split")
                        and node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):
                    flags = 0
                    for a in node.args[1:] + [k.value for k in node.keywords]:
                        if isinstance(a, ast.Attribute) and a.attr in ("I", "IGNORECASE"):
                            flags |= re.I
                    mode = {"findall": "finditer"}.get(node.func.attr, node.func.attr)
                    out.append((f"{pkg}/{fn}:{node.lineno}", mode, node.args[0].value, flags))
    return out


def test_every_pattern_is_in_the_table():
    found = set(module_patterns())
    missing = sorted(found - set(NAMED) - TRUSTED)
    assert not missing, f"patterns on scanned text without a ReDoS entry in tests/test_redos.py: {missing}"
    stale = sorted(set(NAMED) - found)
    assert not stale, f"table entries for patterns that are gone: {stale}"


def test_inline_patterns_are_found():
    assert len(inline_patterns()) > 20  # the scan of the source works


@pytest.mark.parametrize("name", sorted(NAMED))
def test_named_pattern_is_linear(name):
    rx = module_patterns()[name]
    mode, attacks = NAMED[name]
    fn = _use(rx, mode)
    for make in attacks + auto_attacks(rx.pattern):
        assert_linear(fn, make, name)


@pytest.mark.parametrize("where,mode,pattern,flags", inline_patterns(), ids=lambda x: str(x)[:40])
def test_inline_pattern_is_linear(where, mode, pattern, flags):
    fn = _use(re.compile(pattern, flags), mode)
    for make in auto_attacks(pattern):
        assert_linear(fn, make, f"{where} {pattern!r}")


# -- the finders and scanners as called --------------------------------------------------------

def _finders() -> Dict[str, Tuple[Callable[[str], object], List[Callable[[int], str]]]]:
    from botlint.analysis import values as V
    from botlint.secrets import masking
    from botlint.rules import bot1_credentials as B1
    from botlint.rules import bot4_client_safety as B4
    from botlint.secrets import configfiles as CF
    from botlint.secrets import ds_adapter as DS
    from botlint.secrets import kinds as KI
    from botlint.secrets import markers
    from botlint.secrets import shapes as S
    from botlint.secrets import textfiles as TF

    def plugin(name: str) -> Callable[[str], object]:
        (p,) = [p for p, _c, _l in DS._plugins() if type(p).__name__ == name]
        return lambda s: list(DS._spans(name, p.denylist, s))

    return {
        # the PEM pattern was exponential: two classes of its body both took "+"
        "shapes._pem": (lambda s: list(S._pem(s)), [
            attack("+", PEM_HEAD), attack("+/", PEM_HEAD), attack(PEM_HEAD + " "), attack(PEM_HEAD + "\n"),
            attack(PEM_HEAD + "a\\x"), attack("a", PEM_HEAD, "\\x-----END PRIVATE KEY-----"),
            attack("-----END X ", PEM_HEAD), attack("\\n", PEM_HEAD, "\x00")]),
        "shapes._url_query_matches": (lambda s: list(S._url_query_matches(s)), [
            attack("https://a"), attack("https://a?token=" + "b" * 19), attack("a", "https://", "?token=" + "b" * 30),
            attack("&token=" + "a" * 20, "https://x")]),
        "shapes.find": (S.find, [attack("https://a"), attack("abc "), attack(PEM_HEAD + "+"), attack("1234567890:")]),
        "ds_adapter.jwt": (plugin("JwtTokenDetector"), [attack("eyJ"), attack("eyJa."), attack("a", "eyJ")]),
        "ds_adapter.openai": (plugin("OpenAIDetector"), [attack("sk-"), attack("T3BlbkFJ", "sk-"), attack("a", "sk-", "T3BlbkFJ")]),
        "ds_adapter.npm": (plugin("NpmDetector"), [attack("/"), attack("//", "", "/:_authToken="),
                                                   attack("/:_authToken=npm_x //")]),
        "ds_adapter.find": (lambda s: list(DS.find(s)), [attack("eyJ"), attack("sk-"), attack("//", "_authToken "),
                                                          attack("://a:"), attack("xoxb-1-"), attack("aws key ")]),
        "ds_adapter.high_entropy": (lambda s: list(DS.high_entropy(s, 4.5, 3.0)), [attack("'a"), attack('"')]),
        "masking.mask_name": (masking.mask_name, [attack("aB3"), attack("a_"), attack("aB3_x"), attack("aB3."), attack("Ab3_A")]),
        "values.is_template": (V.is_template, [attack("{{"), attack("${"), attack("%(")]),
        "values.credential_value": (lambda s: V.credential_value(s[:10_000], "exchange"), [attack("{{"), attack("aB3")]),
        "bot1.precheck": (B1.HardcodedApiCredential.precheck, [
            attack("key"), attack(" ", "key=", "x"), attack("getenv('a' "), attack("api_key = 'x', "),
            attack(" ", "key: a", "x"), attack("akey"), attack("a", "key"), attack("\t", "Client"), attack(" ", "Client", "('x")]),
        "bot4.precheck": (B4._PRECHECK.search, [attack("verify", "false "), attack(" ", "verify=", "x false")]),
        "configfiles.json": (lambda s: list(CF.entries(s, "a.json")), [
            attack("/* "), attack('{"a": '), attack("[", '{"key": '), attack('{"a":'), attack('"a'),
            attack('{"secret": "x", ')]),
        "configfiles.yaml": (lambda s: list(CF.entries(s, "a.yaml")), [
            attack(" ", "a", "b\n"), attack(" ", "key: a", "b\n"), attack(" ", "- K=a", "'x\n"), attack(" a:\n"),
            attack("  ", "a:\n", "b: |\n")]),
        "configfiles.keyvalue": (lambda s: list(CF.entries(s, ".env")), [
            attack(" ", "a= x", "y\x0b\n"), attack(" ", "[", "x\n"), attack("a=b\n"), attack("[a]\n"),
            attack("\r"), attack("a.", "", "\n")]),
        "configfiles.python": (lambda s: list(CF.python_fallback(s)) + list(CF.python_comments(s)), [
            attack("key"), attack(" ", "# a:", "b"), attack(" ", "a=", "x"), attack("#a: ")]),
        "configfiles.notebook": (lambda s: list(CF.notebook(s)), [
            attack("[", '{"cells": '), attack('"a = \\"x\\" ", '), attack("{", "", "")]),
        # many key headers without an end marker: one pass to collect markers, not one scan each
        "markers.marks_line": (lambda s: (markers.marks_line(s), markers.marks_next_line(s)), [
            attack("a"), attack('"'), attack("'a"), attack("\\"), attack("dummy "), attack("# a"), attack(" /")]),
        "kinds.find": (KI.find, [attack("-----BEGIN RSA PRIVATE KEY-----\n"), attack(PEM_HEAD + "a"),
                                 attack("azure\n" + "a" * 86 + "==\n"), attack("a", "azure\n"),
                                 attack("PuTTY-User-Key-File-2: ssh-rsa\n"), attack("Private-Lines: 1\n"),
                                 attack("postgres://a:b"), attack("ghp_"), attack("AKIA"), attack("sk-")]),
        "textfiles.entries": (lambda s: list(TF.entries(s, "notes.txt")), [
            attack("a=b "), attack("export A=b\n"), attack("ENV A b\n"), attack("--a "), attack("--a b "),
            attack("machine a "), attack("<a>b"), attack('key="a" value="b" '), attack("Authorization: Bearer "),
            attack("a: b\n"), attack(" ", "a=", "\n")]),
        "textfiles.dockerfile": (lambda s: list(TF.entries(s, "Dockerfile")), [
            attack("ENV a=b "), attack("env A=\"b "), attack("a", "ARG "), attack("ENV A b\n")]),
        "textfiles.markdown": (lambda s: list(TF.entries(s, "README.md")), [
            attack("```\n"), attack("a=b\n"), attack("~~~\n", "", "x"), attack("`")]),
        "textfiles.netrc": (lambda s: list(TF.entries(s, ".netrc")), [
            attack("machine a "), attack("password "), attack("macdef a\n"), attack("default ")]),
    }


FINDERS = _finders()


@pytest.mark.parametrize("name", sorted(FINDERS))
def test_finder_is_linear(name):
    fn, attacks = FINDERS[name]
    for make in attacks:
        assert_linear(fn, make, name)


def test_replaced_denylists_are_still_the_plugins_own():
    """The linear stand-ins in ds_adapter were written for these exact plugin patterns."""
    from botlint.secrets import ds_adapter as DS

    plugins = {type(p).__name__: p for p, _c, _l in DS._plugins()}
    for name, pattern in DS.REPLACED_PATTERNS.items():
        assert [rx.pattern for rx in plugins[name].denylist] == [pattern], name


@pytest.mark.parametrize("name", ["JwtTokenDetector", "OpenAIDetector", "NpmDetector"])
def test_replaced_denylists_find_what_the_plugins_find(name):
    import random

    from botlint.secrets import ds_adapter as DS

    pieces = {"JwtTokenDetector": ["eyJ", "a", "=", ".", "-", " ", "eyJ", "/"],
              "OpenAIDetector": ["sk-", "T3BlbkFJ", "a" * 20, "a", "-", " ", "B" * 7, "_"],
              "NpmDetector": ["//", "/", ":_authToken=", "npm_x", "a" * 36, " ", "x", "/:_authToken="]}[name]
    rx = re.compile(DS.REPLACED_PATTERNS[name])
    rng = random.Random(8)
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 12)))
        assert list(DS._SPANS[name](text)) == [(m.start(), m.end()) for m in rx.finditer(text)], text


@pytest.mark.parametrize("name", ["JwtTokenDetector", "OpenAIDetector"])
def test_run_finders_match_the_plugins_on_long_runs(name):
    """The JWT and OpenAI finders read a run's start off the reversed text: long texts whose
    runs start far before the literal, and literals inside runs begun before the last match."""
    import random

    from botlint.secrets import ds_adapter as DS

    pieces = {"JwtTokenDetector": ["eyJ", "a", "=", ".", "-", " ", "/", "eyJhbGciOi", "abc.def", "x" * 300],
              "OpenAIDetector": ["sk-", "T3BlbkFJ", "a" * 20, "a", "-", " ", "B" * 7, "_", "sk-proj-", "y" * 300]}[name]
    rx = re.compile(DS.REPLACED_PATTERNS[name])
    rng = random.Random(9)
    for _ in range(30):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(100, 3000)))
        assert list(DS._SPANS[name](text)) == [(m.start(), m.end()) for m in rx.finditer(text)]


# -- end to end ----------------------------------------------------------------------------------

def _kinds() -> Dict[str, Tuple[str, List[Callable[[int], str]]]]:
    return {
        # floods sit in strings and comments, where the patterns see them: libcst's own parser
        # is quadratic on long operator chains (a-a-a-...), which is not a regex (reported)
        "python": ("bot.py", [attack("key"), attack(" \n"), attack(" ", "# a:", "b\n"), attack("https://a", "x = '", "'\n"),
                              attack("+", "x = '" + PEM_HEAD, "'\n"), attack("verify"), attack("eyJ"),
                              attack("sk-", "x = '", "'\n"), attack("%(", "log.info('", "')\n"),
                              attack("#  botlint: ignore["), attack("key = 'a' ", "# ")]),
        ".env": (".env", [attack(" ", "API_KEY= x", "y\x0b\n"), attack("A=b\n"), attack("\r"), attack("key"),
                          attack("+", PEM_HEAD)]),
        "yaml": ("config.yaml", [attack(" ", "a", "b\n"), attack(" ", "api_key: a", "b\n"), attack("  a:\n"),
                                 attack(" ", "- API_KEY=a", "'x\n")]),
        "json": ("config.json", [attack("/* "), attack("[", '{"key": '), attack('{"a": '), attack("eyJ")]),
        "toml": ("config.toml", [attack(" ", "[", "x\n"), attack("[a]\n"), attack(" ", "[[a", "a\n")]),
        "ini": ("setup.cfg", [attack(" ", "[", "x\n"), attack("a = b\n"), attack(" ", "password= x", "y\x0b\n")]),
        "notebook": ("nb.ipynb", [attack("[", '{"cells": '), attack('"key = \\"x\\" ", ', '{"cells": [{"source": ['),
                                  attack("{{"), attack("key")]),
        "key file": ("kraken.key", [attack("a"), attack("a\n"), attack(" \n")]),
        "shell": ("deploy.sh", [attack("export A=b\n"), attack("a=b "), attack("--a b "), attack("key"),
                                attack("machine a "), attack("-----BEGIN RSA PRIVATE KEY-----\n")]),
        "dockerfile": ("Dockerfile", [attack("ENV a=b "), attack("ENV A b\n"), attack("ARG ")]),
        "markdown": ("README.md", [attack("```\n"), attack("a=b\n"), attack("key: a\n")]),
        "netrc": (".netrc", [attack("machine a "), attack("password ")]),
    }


@pytest.mark.parametrize("kind", sorted(_kinds()))
def test_lint_scales_linearly(kind):
    from botlint.engine import lint_source

    from helpers import settings

    s = settings()
    filename, attacks = _kinds()[kind]
    for make in attacks:
        assert_linear(lambda text: lint_source(text, filename, s), make, f"lint_source({filename})")


# the single regexes the PEM and URL-key finders replaced (exponential / quadratic on long
# input, fine on the short random texts below): the finders must find exactly what they found
_OLD_PEM = (r"-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----"
            r"(?P<body>(?:\\n|\\r|[\s\"'+]|[A-Za-z0-9+/=:,-])*?)"
            r"-----END (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----"
            r"|-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----(?P<open>(?:\\n|[\s\"']){0,8}[A-Za-z0-9+/]{40})")
_OLD_URL_QUERY = (r"https?://[^\s\"'<>]+?[?&](?:api[-_]?key|apikey|access[-_]?token|auth[-_]?token|token)"
                  r"=([A-Za-z0-9_\-]{20,})")


def test_pem_and_url_finders_find_what_the_old_regexes_found():
    import random

    from botlint.secrets import shapes as S

    old_pem, old_url = re.compile(_OLD_PEM, re.S), re.compile(_OLD_URL_QUERY)
    pem = [PEM_HEAD, "-----END PRIVATE KEY-----", "-----BEGIN RSA PRIVATE KEY-----", "-----END RSA PRIVATE KEY-----",
           "abc", "A" * 40, "\\n", "\\x", "\n", "+", '"', "!", " ", "-----END ", "\\"]
    url = ["https://", "http://", "a", "?token=", "&apikey=", "b" * 20, " ", '"', "x.com", "/", "?", "&", "=", "c" * 5]
    rng = random.Random(5)
    for _ in range(4000):
        text = "".join(rng.choice(pem) for _ in range(rng.randint(0, 8)))
        assert [(s, e) for s, e, _b0, _b1 in S._pem_spans(text)] == [m.span() for m in old_pem.finditer(text)], text
        text = "".join(rng.choice(url) for _ in range(rng.randint(0, 9)))
        assert list(S._url_query_matches(text)) == [m.span() + m.span(1) for m in old_url.finditer(text)], text
