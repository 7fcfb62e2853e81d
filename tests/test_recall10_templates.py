"""BOT2: a template filled from a mapping shows the credentials its fields name
(``"key={api_key} secret={api_secret}".format(**acct)``, ``format_map(acct)``,
``"%(api_secret)s" % acct``), also through a helper returning the text; fields naming no
credential, and a credential template sent to its own service, stay quiet."""
from __future__ import annotations

import pytest

from botlint.engine import lint_source

from helpers import line_of, settings


def found(src):
    return [(f.line, f.code) for f in lint_source(src, "util.py", settings(["BOT2"]))]


HELPER = '''import logging

log = logging.getLogger("mm")


def describe_account(acct: dict) -> str:
    return "testnet={testnet} key={api_key} secret={api_secret}".format(**acct)


def log_startup(cfg: dict):
    log.info("starting on %s", cfg["quoting"]["symbol"])
    log.info("account: %s", describe_account(cfg["account"]))
'''


@pytest.mark.parametrize("template", [
    '"testnet={testnet} key={api_key} secret={api_secret}".format(**acct)',
    '"key={api_key} secret={api_secret:>8}".format_map(acct)',
    '"key=%(api_key)s secret=%(api_secret)s" % acct',
    '"passphrase: %(passphrase)s" % acct',
])
def test_a_template_naming_credentials_reaches_the_log_through_a_helper(template):
    src = HELPER.replace('"testnet={testnet} key={api_key} secret={api_secret}".format(**acct)', template)
    assert found(src) == [(line_of(src, "describe_account(cfg"), "BOT201")]


@pytest.mark.parametrize("template", [
    '"account {name} on {exchange} ({key_id})".format(**acct)',
    '"%(name)s on %(exchange)s" % acct',
    '"{{api_key}} must be set".format(**acct)',
    '"key=%s" % ("set" if acct else "unset")',
])
def test_a_template_naming_no_credential_is_quiet(template):
    src = HELPER.replace('"testnet={testnet} key={api_key} secret={api_secret}".format(**acct)', template)
    assert found(src) == []


def test_a_bot_token_template_toward_its_own_service_is_quiet():
    src = ("import requests\n\n\ndef send(cfg, text):\n"
           "    url = 'https://api.telegram.org/bot{bot_token}/sendMessage'.format(**cfg)\n"
           "    requests.post(url, json={'chat_id': cfg['chat_id'], 'text': text})\n")
    assert found(src) == []
