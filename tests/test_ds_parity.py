"""detect-secrets parity: botlint wraps detect-secrets' plugins, so on the same files it must
find every true positive detect-secrets finds (recall >= detect-secrets') with no more false
positives on decoys.

The corpus is built here, at test time, from realistic lines per plugin family (none of
detect-secrets' own test files is used): positives hold freshly generated fake values; decoys
are what a bot repository is full of (placeholders, documented example keys, hashes, ids,
templates, env references, local defaults).  detect-secrets runs as its users run it: its own
``scan_file`` with its default settings (every plugin, default filters).  A line counts as found
when a tool reports anything on it.

A bare random string with no credential name or prefix is labelled a decoy (a hash, a nonce, a
fixture): detect-secrets' high-entropy plugins flag those; botlint does only with the opt-in
BOT110.  ``python -m pytest tests/test_ds_parity.py -s`` prints the figures.
"""
from __future__ import annotations

import base64
import json
import os
import random
import string
from typing import Dict, List, Optional, Tuple

import pytest

from botlint.config import Settings
from botlint.engine import lint_paths

AL = string.ascii_letters + string.digits
HEX = "0123456789abcdef"
UP = string.ascii_uppercase + string.digits
B64 = AL + "+/"


_RNG = random.Random(20261201)  # seeded: the same corpus on every run


def r(n: int, alphabet: str = AL) -> str:
    return "".join(_RNG.choice(alphabet) for _ in range(n))


def _jwt(payload: dict) -> str:
    enc = lambda d: base64.urlsafe_b64encode(json.dumps(d).encode()).decode().rstrip("=")  # noqa: E731
    return f"{enc({'alg': 'HS256', 'typ': 'JWT'})}.{enc(payload)}.{r(43, AL + '-_')}"


def _pem() -> str:
    body = "\n".join(r(64, B64) for _ in range(8))
    return f"-----BEGIN RSA PRIVATE KEY-----\n{body}\n-----END RSA PRIVATE KEY-----"


def corpus() -> Dict[str, List[Tuple[str, Optional[bool]]]]:
    """family -> [(line, is_secret)]; each family is written as its own file.  ``None``: a
    line that is neither a secret nor a decoy (a code fence, a key block's inner lines)."""
    return {
        "aws.sh": [
            (f"export AWS_ACCESS_KEY_ID=AKIA{r(16, UP)}", True),
            (f'aws_secret_access_key = "{r(40, B64)}"', True),
            ("export AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE", False),
            ('aws_secret_access_key = "${AWS_SECRET_ACCESS_KEY}"', False),
        ],
        "azure.env": [
            (f"AZURE_STORAGE=DefaultEndpointsProtocol=https;AccountName=botdata;AccountKey={r(86, B64)}==;"
             "EndpointSuffix=core.windows.net", True),
            ("AZURE_STORAGE=DefaultEndpointsProtocol=https;AccountName=botdata;AccountKey=<account-key>", False),
        ],
        "artifactory.txt": [
            (f'curl -H "X-JFrog-Art-Api: AKCp{r(69)}" https://repo.example.org/api', True),
            ("artifactory_build = 1234567", False),
        ],
        "basic_auth.md": [
            ("```", None),
            (f"git clone https://deploy:{r(20)}@git.example.org/bot.git", True),
            ("git clone https://user:${GIT_PASSWORD}@git.example.org/bot.git", False),
            ("DATABASE_URL=postgres://postgres:postgres@localhost:5432/bot", False),
            ("```", None),
        ],
        "cloudant.py": [
            (f'COUCH_URL = "https://botadmin:{r(64, HEX)}@botadmin.cloudant.com"', True),
            ('cloudant_password = os.environ["CLOUDANT_PASSWORD"]', False),
        ],
        "discord.txt": [
            (f"DISCORD_BOT_TOKEN=M{r(23)}.{r(6)}.{r(27, AL + '-_')}", True),
            ("DISCORD_BOT_TOKEN=your-discord-bot-token", False),
        ],
        "github.yml.txt": [
            (f"GH_TOKEN: ghp_{r(36)}", True),
            ("GH_TOKEN: ${{ secrets.GITHUB_TOKEN }}", False),
            ("GH_TOKEN: ghp_XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX", False),
        ],
        "gitlab.sh": [
            (f"git remote add origin https://oauth2:glpat-{r(20)}@gitlab.com/me/bot.git", True),
            ("export GITLAB_TOKEN=glpat-xxxxxxxxxxxxxxxxxxxx", False),
        ],
        "ibm.properties.txt": [
            (f"ibm_cloud_iam_api_key={r(44, AL + '_-')}", True),
            (f"softlayer_api_key={r(64, HEX)}", True),
            ("ibm_cloud_iam_api_key=${IBM_KEY}", False),
        ],
        "jwt.js": [
            (f"const authToken = '{_jwt({'sub': 'bot', 'role': 'service_role'})}';", True),
            (f"const anonKey = '{_jwt({'iss': 'supabase', 'role': 'anon'})}';", False),
        ],
        "mailchimp.txt": [
            (f"MAILCHIMP_API_KEY={r(32, HEX)}-us12", True),
            ("MAILCHIMP_API_KEY=<mailchimp-key>-us12", False),
        ],
        ".npmrc.txt": [
            (f"//registry.npmjs.org/:_authToken=npm_{r(36)}", True),
            ("//registry.npmjs.org/:_authToken=${NPM_TOKEN}", False),
        ],
        "openai.env.txt": [
            (f"OPENAI_API_KEY=sk-{r(20)}T3BlbkFJ{r(20)}", True),
            ("OPENAI_API_KEY=sk-...your-key...", False),
        ],
        "pypirc.txt": [
            (f"password = pypi-AgEIcHlwaS5vcmc{r(80, AL + '-_')}", True),
            ("password = __token__", False),
        ],
        "sendgrid.txt": [
            (f"SENDGRID_API_KEY=SG.{r(22)}.{r(43)}", True),
            ("SENDGRID_API_KEY=SG.your-key", False),
        ],
        "slack.txt": [
            (f"SLACK_BOT_TOKEN=xoxb-{r(11, string.digits)}-{r(12, string.digits)}-{r(24)}", True),
            (f"SLACK_WEBHOOK=https://hooks.slack.com/services/T{r(8, UP)}/B{r(8, UP)}/{r(24)}", True),
            ("SLACK_BOT_TOKEN=xoxb-your-token", False),
        ],
        "square.txt": [
            (f"SQUARE_SECRET=sq0csp-{r(43, AL + '-_')}", True),
        ],
        "stripe.txt": [
            (f"STRIPE_SECRET_KEY=sk_live_{r(24)}", True),
            ("STRIPE_SECRET_KEY=sk_live_000000000000000000000000", False),
        ],
        "telegram.txt": [
            (f"TELEGRAM_TOKEN={r(10, string.digits)}:AA{r(33, AL + '_-')}", True),
            ("TELEGRAM_TOKEN=123456789:your-telegram-token", False),
        ],
        "twilio.txt": [
            (f"TWILIO_API_KEY=SK{r(32, HEX)}", True),
        ],
        "keyword.py": [
            (f'DB_PASSWORD = "{r(12)}!{r(4)}"', True),
            (f'api_secret = "{r(64)}"', True),
            ('password = "changeme"', False),
            ('api_secret = os.environ["API_SECRET"]', False),
            ('secret_name = "BINANCE_API_SECRET"', False),
            ('password_field = "password"', False),
        ],
        # the block is one secret, at its first line; its other lines are neither (None)
        "id_deploy": [(line, True if i == 0 else None) for i, line in enumerate(_pem().split("\n"))],
        "high_entropy.py": [
            (f'headers = {{"X-MBX-APIKEY": "{r(64)}"}}', True),
            (f'CHECKSUM = "{r(64, HEX)}"', False),
            (f'commit_sha = "{r(40, HEX)}"', False),
            (f'request_id = "{r(8, HEX)}-{r(4, HEX)}-4{r(3, HEX)}-a{r(3, HEX)}-{r(12, HEX)}"', False),
            (f'NONCE_SEED = "{r(44, B64)}"', False),
            (f'integrity = "sha512-{r(86, B64)}=="', False),
            ('wallet_address = "0x' + r(40, HEX) + '"', False),
        ],
    }


def _ds_lines(path: str) -> set:
    from detect_secrets.core.scan import scan_file
    from detect_secrets.settings import default_settings

    with default_settings():
        return {s.line_number for s in scan_file(path)}


@pytest.fixture(scope="module")
def results(tmp_path_factory):
    root = tmp_path_factory.mktemp("parity")
    truth: Dict[Tuple[str, int], Optional[bool]] = {}
    for name, lines in corpus().items():
        # a multi-line secret (the PEM block) is one secret, at its first line
        (root / name).write_text("\n".join(line for line, _ in lines) + "\n")
        for i, (_line, secret) in enumerate(lines, 1):
            truth[(name, i)] = secret
    ds = {(name, ln) for name in corpus() for ln in _ds_lines(str(root / name))}
    settings = Settings(root=str(root))
    settings.resolve_rules()
    cwd = os.getcwd()
    os.chdir(root)
    try:
        res = lint_paths(["."], settings, jobs=1, use_cache=False)
    finally:
        os.chdir(cwd)
    bl = {(f.path, f.location.line) for f in res.findings if f.code.startswith("BOT1")}
    return truth, ds, bl


def _figures(truth, found):
    pos = {k for k, v in truth.items() if v is True}
    neg = {k for k, v in truth.items() if v is False}
    return len(found & pos) / len(pos), len(found & neg) / len(neg), found & pos, found & neg


def test_botlint_finds_every_true_positive_detect_secrets_finds(results):
    truth, ds, bl = results
    ds_recall, ds_fpr, ds_tp, _ = _figures(truth, ds)
    bl_recall, bl_fpr, bl_tp, _ = _figures(truth, bl)
    print(f"\ndetect-secrets: recall {ds_recall:.2f}, FP rate {ds_fpr:.2f}; "
          f"botlint: recall {bl_recall:.2f}, FP rate {bl_fpr:.2f}")
    assert ds_tp - bl_tp == set(), sorted(ds_tp - bl_tp)
    assert bl_recall >= ds_recall


def test_botlint_has_no_more_false_positives_than_detect_secrets(results):
    truth, ds, bl = results
    _, ds_fpr, _, ds_fp = _figures(truth, ds)
    _, bl_fpr, _, bl_fp = _figures(truth, bl)
    assert bl_fpr <= ds_fpr, sorted(bl_fp)
    assert bl_fp == set(), sorted(bl_fp)  # and, on this corpus, none at all


def test_the_corpus_is_not_trivial(results):
    """Both tools are exercised: detect-secrets finds most positives and flags some decoys."""
    truth, ds, _ = results
    ds_recall, ds_fpr, _, _ = _figures(truth, ds)
    assert ds_recall >= 0.6 and ds_fpr > 0
