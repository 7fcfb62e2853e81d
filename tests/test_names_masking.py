"""A key can itself be a credential; no name carries one into any output (issue 8, item 4).

Fake keys are built at test time (random base64, hex and alphanumeric of realistic lengths),
used as keys in every format, and every output format plus the cache is searched for them.
"""
from __future__ import annotations

import base64
import json
import os
import random
import string

import pytest

from botlint.secrets.masking import mask_name
from botlint.cli import main
from botlint.engine import lint_source

from helpers import settings


def _keys(seed: int):
    rng = random.Random(seed)
    alnum = "".join(rng.choice(string.ascii_letters + string.digits) for _ in range(64))
    hexkey = "".join(rng.choice("0123456789abcdef") for _ in range(40))
    b64 = base64.b64encode(bytes(rng.randrange(256) for _ in range(42))).decode()  # 56 chars
    secret = "".join(rng.choice(string.ascii_letters + string.digits) for _ in range(64))
    return alnum, hexkey, b64, secret


def _files(key: str, secret: str):
    return {
        "accounts.json": json.dumps({"accounts": {key: {"api_secret": secret, "label": "main"}}}, indent=2),
        "accounts.yaml": f"accounts:\n  {key}:\n    api_secret: {secret}\n",
        "accounts.toml": f'[accounts."{key}"]\napi_secret = "{secret}"\n',
        "accounts.ini": f"[{key}]\napi_secret = {secret}\n",
        ".env": f"{key}_API_SECRET={secret}\n",
        "bot.py": (f'import logging\ncfg = {{}}\ncfg["{key}"] = {{}}\ncfg["{key}"]["api_secret"] = "{secret}"\n'
                   f'logging.info(cfg["{key}"]["api_secret"])\n'),
        "nb.ipynb": json.dumps({"cells": [{"cell_type": "code", "outputs": [], "source": [
            f'cfg["{key}"]["api_secret"] = "{secret}"\n']}]}),
    }


@pytest.mark.parametrize("which", [0, 1, 2])
def test_no_key_reaches_any_output_or_the_cache(tmp_path, capsys, which):
    key = _keys(which)[which]
    secret = _keys(which)[3]
    tree = tmp_path / "bot"
    tree.mkdir()
    for name, text in _files(key, secret).items():
        (tree / name).write_text(text, encoding="utf-8")
    cache = tmp_path / "cache"
    seen = []
    for fmt in ("full", "concise", "json", "sarif", "github"):
        rc = main([str(tree), "--isolated", "--format", fmt, "--cache-dir", str(cache)])
        out, err = capsys.readouterr()
        assert rc == 1
        seen.append(out)
        for text in (out, err):
            assert key not in text and secret not in text, fmt
    assert "<redacted" in seen[0]
    for root, _dirs, files in os.walk(cache):
        for fn in files:
            with open(os.path.join(root, fn), "rb") as fh:
                data = fh.read()
            assert key.encode() not in data and secret.encode() not in data


def test_account_keyed_by_api_key_is_reported_and_masked():
    key, _hex, _b64, secret = _keys(7)
    for name, text in _files(key, secret).items():
        if not name.startswith("accounts."):
            continue
        found = lint_source(text, name, settings(["BOT1"]))
        messages = [f.message for f in found]
        assert [f.code for f in found] == ["BOT101", "BOT101"], (name, messages)
        assert any("key of an account entry" in m for m in messages), name
        assert all(key not in m and key not in (f.snippet or "") for f, m in zip(found, messages))


def test_plain_key_paths_stay_readable():
    assert mask_name("exchange.key") == "exchange.key"
    assert mask_name("FREQTRADE__EXCHANGE__SECRET") == "FREQTRADE__EXCHANGE__SECRET"
    assert mask_name("binance.apiSecretKey") == "binance.apiSecretKey"
    key = _keys(3)[0]
    assert mask_name(f"accounts.{key}.secret") == "accounts.<redacted: 64 chars>.secret"
    assert mask_name(f"{key}_API_SECRET") == "<redacted: 64 chars>_API_SECRET"
    assert mask_name(f"cfg['{key}']") == "cfg['<redacted: 64 chars>']"


def test_a_non_credential_key_is_not_reported():
    # a hash or id as a key, its children not credentials: nothing to report
    text = json.dumps({"orders": {_keys(4)[1]: {"side": "buy", "amount": "1"}}})
    assert lint_source(text, "orders.json", settings(["BOT1"])) == []


def test_python_account_keyed_by_api_key_is_reported_and_masked():
    key, _hex, _b64, secret = _keys(8)
    for src in (f'cfg = {{}}\ncfg["{key}"]["api_secret"] = "{secret}"\n',
                f'ACCOUNTS = {{\n    "{key}": {{"secret": "{secret}", "label": "main"}},\n}}\n'):
        found = lint_source(src, "bot.py", settings(["BOT1"]))
        assert [f.code for f in found] == ["BOT101", "BOT101"], [f.message for f in found]
        assert sum("key of an account entry" in f.message for f in found) == 1
        assert all(key not in f.message and key not in (f.snippet or "") for f in found)
    # the key alone, with nothing secret under it, is not a finding
    assert lint_source(f'ACCOUNTS = {{"{key}": {{"side": "buy"}}}}\n', "bot.py", settings(["BOT1"])) == []


def test_snake_case_names_in_one_case_are_not_masked():
    """Environment-variable and field names read as words (they looked random as a whole and
    were shown as ``<redacted: 17 chars>`` in messages); a random head keeps being masked."""
    from botlint.secrets.masking import mask_name

    for name in ("KUCOIN_PASSPHRASE", "bitget_api_secret", "EXCHANGE_API_KEY_2", "follower_api_passphrase"):
        assert mask_name(name) == name
    random_head = "aB3dE5fG7hJ9kL1mN3pQ"  # pragma: allowlist secret
    assert mask_name(random_head + "_API_SECRET") == "<redacted: 20 chars>_API_SECRET"
    assert mask_name("a8f3k2x9q1z7m4n6b2c5_x").startswith("<redacted")
