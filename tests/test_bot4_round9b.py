"""BOT4 round 9b: TLS verification off toward an RPC provider whose URL carries the project key.

7. A TLS-off session, client or connector (``httpx.Client(verify=False)``, aiohttp
   ``TCPConnector(ssl=False)``, ``requests.Session`` with ``verify = False``) in a module whose
   calls go to an Infura / Alchemy URL with its key in the path (here or another module's
   constant) is BOT402: the module makes credentialed calls even with no exchange in sight.  A
   keyless public RPC, or verification left on, is quiet.

Projects are written to a temporary tree and linted end to end (the link step included).
"""
from __future__ import annotations

from typing import Dict, List, Tuple

import pytest

from botlint.engine import lint_paths

from helpers import settings


def run(tmp_path, files: Dict[str, str]) -> List[Tuple[str, int, str]]:
    for rel, text in files.items():
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    res = lint_paths([str(tmp_path)], settings(["BOT4"]), use_cache=False)
    assert not res.errors
    root = str(tmp_path) + "/"
    return sorted((f.path.replace(root, ""), f.location.line, f.code) for f in res.findings)


RPC_URLS = [
    'f"https://mainnet.infura.io/v3/{os.environ[\'INFURA_PROJECT_ID\']}"',
    '"https://eth-mainnet.g.alchemy.com/v2/" + os.getenv("ALCHEMY_KEY", "")',
]

SESSIONS = [
    ("import httpx\n", "client = httpx.Client(verify=False)\n",
     "def block():\n    return client.post(RPC_URL, json={'method': 'eth_blockNumber'}).json()\n"),
    ("import aiohttp\n", "",
     "async def block():\n    conn = aiohttp.TCPConnector(ssl=False)\n"
     "    async with aiohttp.ClientSession(connector=conn) as s:\n"
     "        async with s.post(RPC_URL, json={}) as r:\n            return await r.json()\n"),
    ("import requests\n", "session = requests.Session()\nsession.verify = False\n",
     "def block():\n    return session.post(RPC_URL, json={}).json()\n"),
]


def _tls_line(text: str) -> int:
    return next(i for i, line in enumerate(text.split("\n"), 1)
                if "verify=False" in line or "ssl=False" in line or "verify = False" in line)


@pytest.mark.parametrize("url", RPC_URLS)
@pytest.mark.parametrize("imports,session,use", SESSIONS)
def test_tls_off_session_toward_keyed_rpc_url_from_another_module(tmp_path, url, imports, session, use):
    cfg = f"import os\n\nRPC_URL = {url}\n"
    chain = imports + "\nfrom settings import RPC_URL\n\n" + session + "\n\n" + use
    assert run(tmp_path, {"settings.py": cfg, "chain.py": chain}) == [("chain.py", _tls_line(chain), "BOT402")]


@pytest.mark.parametrize("url", RPC_URLS)
@pytest.mark.parametrize("imports,session,use", SESSIONS)
def test_tls_off_session_toward_keyed_rpc_url_same_module(tmp_path, url, imports, session, use):
    chain = "import os\n" + imports + f"\nRPC_URL = {url}\n" + session + "\n\n" + use
    assert run(tmp_path, {"chain.py": chain}) == [("chain.py", _tls_line(chain), "BOT402")]


@pytest.mark.parametrize("imports,session,use", SESSIONS)
def test_tls_off_toward_a_keyless_public_rpc_is_quiet(tmp_path, imports, session, use):
    chain = imports + '\nRPC_URL = "https://cloudflare-eth.com"\n' + session + "\n\n" + use
    assert run(tmp_path, {"chain.py": chain}) == []


@pytest.mark.parametrize("url", RPC_URLS)
@pytest.mark.parametrize("imports,session,use", SESSIONS)
def test_tls_on_toward_keyed_rpc_is_quiet(tmp_path, url, imports, session, use):
    on = (session + use).replace("verify=False", "verify=True").replace("ssl=False", "ssl=True").replace(
        "session.verify = False\n", "")
    chain = "import os\n" + imports + f"\nRPC_URL = {url}\n" + on
    assert run(tmp_path, {"chain.py": chain}) == []
