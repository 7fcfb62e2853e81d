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
                                    "transfer_spot_to_margin", "user_universal_transfer"])
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
