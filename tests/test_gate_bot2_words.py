"""BOT2's gate opens on a private key named with "priv" (``PRIVKEY``, ``priv_key``) but not on
every ``private`` in a file: a name is a private key only when "key" follows the word
(``analysis.names``), and a bare "priv" opened a third more of hummingbot's files."""
from botlint.analysis.names import credential_kind
from botlint.gates.bot2 import PRECHECK

PRIVATE_ONLY = '''"""Order book helpers (private: not part of the connector's API)."""


def _private_levels(book):
    return [(p, q) for p, q in book if q > 0]
'''


def test_private_words_alone_do_not_open_the_gate():
    assert not PRECHECK.search(PRIVATE_ONLY)


def test_priv_key_names_open_the_gate_and_are_private_keys():
    for name in ("PRIVKEY", "priv_key", "walletPrivKey"):
        assert credential_kind(name) == "private_key", name
        assert PRECHECK.search(f'{name} = load()\nprint({name})\n'), name
    assert credential_kind("is_private") is None
