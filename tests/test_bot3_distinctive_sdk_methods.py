"""SDK fund movers whose names no other API uses (``Sdk.distinctive``) are reported on any
receiver: a pybit client handed to a class as a constructor parameter, built in another
module, in a module that imports no SDK.  Generic names stay judged by their receiver."""
from __future__ import annotations

import pytest

from botlint import venues
from botlint.engine import lint_source

from helpers import settings

MIRROR = '''import uuid


class Mirror:
    def __init__(self, leader, follower, ratio):
        self.leader = leader
        self.follower = follower
        self.ratio = ratio

    {sync}def top_up(self, amount):
        {aw}self.follower.{method}(transferId=str(uuid.uuid4()), coin="USDT", amount=str(amount),
                                 fromAccountType="FUND", toAccountType="UNIFIED")
'''


def _found(src):
    return sorted((f.line, f.code) for f in lint_source(src, "mirror.py", settings(["BOT3"])))


@pytest.mark.parametrize("method", ["create_internal_transfer", "create_universal_transfer",
                                    "transfer_spot_to_margin", "user_universal_transfer", "funds_transfer",
                                    "inner_transfer", "transfer_master_sub", "transfer_with_sub_account"])
@pytest.mark.parametrize("sync, aw", [("", ""), ("async ", "await ")])
def test_a_distinctive_sdk_transfer_on_a_constructor_parameter(method, sync, aw):
    found = lint_source(MIRROR.format(method=method, sync=sync, aw=aw), "mirror.py", settings(["BOT3"]))
    assert [(f.line, f.code) for f in found] == [(11, "BOT302")]
    assert "method" in found[0].message


def test_a_generic_name_on_a_receiver_of_unknown_kind_stays_silent():
    for method in ("transfer", "withdraw", "internal_transfer"):
        assert _found(MIRROR.format(method=method, sync="", aw="")) == []


def test_the_distinctive_names_are_fund_methods_of_their_sdk_and_not_generic():
    for name, (category, sdk_id) in venues.distinctive_fund_methods().items():
        assert venues.sdk(sdk_id).fund_methods[name] == category
        assert name not in ("withdraw", "transfer", "withdrawal")
        assert "_" in name  # a compound name, never one word


def test_a_mock_receiver_is_not_reported():
    src = ("from unittest.mock import MagicMock\nfollower = MagicMock()\n"
           "follower.create_internal_transfer(coin='USDT')\n")
    assert _found(src) == []


# -- route (a): the client's kind comes through the link step from where the class is built ------

FOLLOW = '''from pybit.unified_trading import HTTP

from {mirror} import Mirror


def leader_client(acc) -> HTTP:
    return HTTP(api_key=acc.key, api_secret=acc.secret)


def follower_client(acc):
    return HTTP(api_key=acc.key, api_secret=acc.secret, testnet=False)


def start(cfg):
    return Mirror(leader_client(cfg.leader), follower_client(cfg.follower), cfg.ratio)
'''
GENERIC_MIRROR = '''class Mirror:
    def __init__(self, leader, follower, ratio):
        self.leader = leader
        self.follower = follower

    {sync}def sweep(self, amount):
        {aw}self.follower.withdraw(coin="USDT", chain="TRX", address=self.leader_address, amount=str(amount))
'''


def _project(tmp_path, monkeypatch, files):
    from botlint.engine import lint_paths

    for rel, text in files.items():
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    monkeypatch.chdir(tmp_path)
    # the default selection: the module building the clients is walked for BOT4 (a credentialed
    # client), which is what exports the clients it hands over
    res = lint_paths(["."], settings(["BOT3", "BOT4"]), use_cache=False)
    assert not res.errors
    return sorted((f.path, f.line, f.code) for f in res.findings if f.code.startswith("BOT3")), res.findings


@pytest.mark.parametrize("mirror, path", [("copy.mirror", "copy/mirror.py"), ("mirror", "copy/mirror.py")])
@pytest.mark.parametrize("sync, aw", [("", ""), ("async ", "await ")])
def test_a_client_handed_to_another_modules_class_gives_its_parameter_a_kind(tmp_path, monkeypatch, mirror, path,
                                                                             sync, aw):
    files = {"copy/__init__.py": "", "copy/main.py": FOLLOW.format(mirror=mirror),
             path: GENERIC_MIRROR.format(sync=sync, aw=aw)}
    found, findings = _project(tmp_path, monkeypatch, files)
    assert found == [(path, 7, "BOT301")] and "pybit" in findings[0].message


def test_a_class_built_with_something_else_keeps_a_generic_name_silent(tmp_path, monkeypatch):
    main = "from copy.mirror import Mirror\n\n\ndef start(cfg):\n    return Mirror(cfg.a, cfg.b, 1)\n"
    files = {"copy/__init__.py": "", "copy/main.py": main,
             "copy/mirror.py": GENERIC_MIRROR.format(sync="", aw="")}
    found, _ = _project(tmp_path, monkeypatch, files)
    assert found == []


def test_a_kucoin_withdrawal_on_a_receiver_of_unknown_kind():
    """kucoin-python's ``apply_withdrawal`` is a withdrawal whatever holds the client."""
    src = ('class Sweeper:\n    def __init__(self, user):\n        self.user = user\n\n'
           '    def sweep(self, amount):\n        return self.user.apply_withdrawal("USDT", ADDRESS, amount)\n')
    assert _found(src) == [(6, "BOT301")]
