"""``vars()`` of a parameter or a comprehension's wallet variable: the object-attribute dump
asks what the object was built from, which for a parameter is nothing in this function (it
once returned a wallet maker's name there, a string where a taint belongs: an internal error
that cost the file its rules)."""
from botlint.engine import lint_source

SOURCE = '''import logging
from solders.keypair import Keypair

log = logging.getLogger(__name__)


def dumpit(kp: Keypair):
    log.info("wallet %s", vars(kp))


def dump_all(keys):
    wallets = [Keypair.from_base58_string(k) for k in keys]
    return [log.info("w %s", vars(w)) for w in wallets]
'''


def test_vars_of_a_keypair_parameter_is_its_leak_not_an_internal_error():
    found = lint_source(SOURCE, "wallets.py")
    assert not [f for f in found if f.code.startswith("BOT0")], [f.message for f in found]
    assert [(f.code, f.location.line) for f in found if f.code.startswith("BOT2")][:1] == [("BOT201", 8)]
