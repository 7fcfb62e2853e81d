"""BOT1 precision and recall on the cases the issue and users name explicitly."""
from __future__ import annotations

import pytest

from botlint import fakes
from botlint.analysis import names as N
from botlint.analysis import values as V
from botlint.engine import lint_source

from helpers import settings


def codes(src, filename="bot.py"):
    return [f.code for f in lint_source(fakes.expand(src), filename, settings(["BOT0", "BOT1"]))]


@pytest.mark.parametrize("src", [
    'api_secret = os.environ["API_SECRET"]\n',
    'api_secret = os.getenv("API_SECRET")\n',
    'api_secret = config["exchange"]["secret"]\n',
    'api_secret = keyring.get_password("bot", "binance")\n',
    'api_secret = "YOUR_API_SECRET"\n',
    'api_secret = "${SECRET}"\n',
    'api_secret = "{{ secret }}"\n',
    'api_secret = "<secret>"\n',
    'api_secret = "xxx"\n',
    'api_secret = "changeme"\n',
    'api_secret = "***"\n',
    'api_secret = ""\n',
    'api_secret = "BINANCE_API_SECRET"\n',
    'token_type = "Bearer"\n',
    'pagination = {"NextToken": "NextToken"}\n',
    'token_type = "access"\n',
    'password = "SuperSecurePassword"\n',
    'api_key = "test_api_key"\n',
    'secret = "your_exchange_secret"\n',
    'token = "USDT"\nbase_token = "SOL"\npercent_token = "HBOT"\ntoken_id = "0"\n',
    'API_KEY_FIELD = "APIKey"\nRET_CODE_API_KEY_INVALID = "40006"\n',
    'config["secret"] = ""\n',
    'secret_hash = "{{fake:hex64}}"\nchecksum = "{{fake:hex64}}"\n',
    'wallet_address = "0x52908400098527886E0F7030069857D2E4169EE7"\n',
    'mint = "EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v"\n',
    'private_key = "0x" + "00" * 32\n',
    'mnemonic = "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about"\n',
    'request_id = "{{fake:uuid}}"\n',
    'api_key_name = "my-trading-key"\nsecret_name = "prod/binance"\n',
    'def f(api_key=None, secret=""):\n    pass\n',
    'x = f"{api_key}"\n',
])
def test_not_flagged(src):
    assert codes(src) == []


@pytest.mark.parametrize("src,code", [
    ('api_secret = "{{fake:alnum64}}"\n', "BOT101"),
    ('ex = ccxt.binance({"apiKey": "{{fake:alnum64}}", "secret": "{{fake:alnum64}}"})\n', "BOT101"),
    ('ex = ccxt.okx({"apiKey": "k", "secret": "s", "password": "{{fake:password}}"})\n', "BOT101"),
    ('ex = ccxt.hyperliquid({"walletAddress": "0x' + "ab" * 20 + '", "privateKey": "{{fake:evm_key}}"})\n', "BOT102"),
    ("exchange.secret = '{{fake:alnum64}}'\n", "BOT101"),
    ('session = HTTP(api_key="{{fake:alnum18}}", api_secret="{{fake:alnum36}}")\n', "BOT101"),
    ('BOT = telebot.TeleBot("{{fake:telegram}}")\n', "BOT105"),
    ('w3 = Web3(Web3.HTTPProvider("{{fake:alchemy}}"))\n', "BOT107"),
    ('requests.post("{{fake:discord_webhook}}", json={})\n', "BOT106"),
    ('key = "{{fake:pem}}"\n', "BOT104"),
    ('SEED = "{{fake:mnemonic}}"\n', "BOT103"),
    ('kp = "{{fake:solana}}"\n', "BOT102"),
])
def test_flagged(src, code):
    assert code in codes(src)


def test_one_finding_per_secret_most_specific_code():
    # bound to a credential name AND matching the Telegram shape: one BOT105, not BOT108 too
    assert codes('BOT_TOKEN = "{{fake:telegram}}"\n') == ["BOT105"]
    assert codes('TELEGRAM_TOKEN = "{{fake:telegram}}"  # twice: {{fake:telegram}}\n') == ["BOT105", "BOT105"]


def test_literal_inside_call_is_seen():
    # detect-secrets' whole-line filters hide these; botlint must not
    assert codes('x = ccxt.binance({"apiKey": "{{fake:alnum64}}"})\n') == ["BOT101"]
    assert codes('f("{{fake:telegram}}")\n') == ["BOT105"]


def test_hummingbot_encrypted_value_is_not_a_secret():
    blob = ("7b2263727970746f223a7b22636970686572223a226165732d3132382d637472222c2263697068657270"
            "6172616d73223a7b226976223a22")
    assert codes(f"binance_api_secret: {blob}\n", "conf/connectors/binance.yml") == []


def test_freqtrade_env_override_names():
    assert codes("FREQTRADE__EXCHANGE__KEY={{fake:alnum64}}\n", ".env") == ["BOT101"]
    assert codes("FREQTRADE__EXCHANGE__KEY=\n", ".env") == []


def test_octobot_config_keys():
    src = (
        '{"exchanges": {"binance": {"api-key": "{{fake:alnum64}}", "api-secret": "{{fake:alnum64}}",'
        ' "sandboxed": false}}}'
    )
    assert codes(src, "user/config.json") == ["BOT101", "BOT101"]


def test_name_classification():
    assert N.classify("apiKey") == N.EXCHANGE
    assert N.classify("BINANCE_API_SECRET") == N.EXCHANGE
    assert N.classify("okx_passphrase") == N.EXCHANGE
    assert N.classify("api_key_name") is None
    assert N.classify("token_address") is None
    assert N.classify("base_token") is None
    assert N.classify("bot_token") == N.BOT_TOKEN
    assert N.classify("jwt_secret_key") == N.SECRET
    assert N.classify("private_key") == N.PRIVATE_KEY
    assert N.classify("public_key") is None
    assert N.classify("key", ("exchange",)) == N.EXCHANGE
    assert N.classify("key") == N.KEY_MAYBE


def test_value_gate():
    assert V.is_placeholder("YOUR_API_KEY") and V.is_placeholder("xxxxxxxx") and V.is_placeholder("changeme")
    assert not V.is_placeholder(fakes.fake("alnum64"))
    assert V.is_template("${SECRET}") and V.is_template("{{ secret }}")
    assert V.is_public_address("0x52908400098527886E0F7030069857D2E4169EE7")
    assert V.looks_random(fakes.fake("alnum64")) and not V.looks_random("NextToken" * 3)


def test_commented_out_key_is_still_committed():
    assert codes('# API_SECRET = "{{fake:alnum64}}"\nimport os\n') == ["BOT101"]
    assert codes("# the api secret is stored in the vault\n") == []


def test_notebook_cells_are_scanned():
    import json

    nb = {"cells": [{"cell_type": "code", "source": [
        "from binance.client import Client\n",
        fakes.expand('client = Client("{{fake:alnum64}}",\n', seed=1),
        fakes.expand('                "{{fake:alnum64}}")\n', seed=2)], "outputs": []}], "metadata": {}}
    text = json.dumps(nb, indent=1)
    found = lint_source(text, "research/backtest.ipynb", settings(["BOT1"]))
    assert [f.code for f in found] == ["BOT101", "BOT101"]
    assert all(f.line > 1 for f in found)


def test_key_files_and_compose_list_env():
    assert codes("{{fake:b64_88}}\n", "kraken.key") == ["BOT101"]
    compose = "services:\n  bot:\n    environment:\n      - TZ=UTC\n      - DB_PASSWORD={{fake:password}}\n"
    assert codes(compose, "docker-compose.yml") == ["BOT108"]


def test_vendor_named_tokens_are_service_tokens():
    assert codes('AWS_SECRET_ACCESS_KEY = "{{fake:alnum36}}abcd"\n') == ["BOT109"]


def test_long_passphrases_and_public_examples():
    assert codes('OKX_PASSPHRASE = "Tr4d3r-Pass#9zQ-Lx7w"\n') == ["BOT101"]
    assert codes('config = {"url": f"postgresql://{user}:{self.db_password}@{host}/db"}\n') == []


# -- hostile input (issue 8, items 5, 8, 9) ------------------------------------------------------

def _nb_source_line(src: str) -> str:
    import json

    return json.dumps(src)


@pytest.mark.parametrize("cells,code", [
    ("null", "BOT001"), ("5", "BOT001"), ('"cells"', "BOT001"), ("[5]", "BOT001"),
    ('[{"source": 5}]', "BOT001"), ('[{"source": ["x"], "outputs": 3}]', "BOT001"),
])
def test_malformed_notebook_is_reported_and_still_scanned(cells, code):
    src = fakes.expand('api_secret = "{{fake:alnum64}}"\n')
    text = '{"cells": %s, "metadata": {"note": %s}}' % (cells, _nb_source_line(src))
    found = lint_source(text, "nb.ipynb", settings(["BOT0", "BOT1"]))
    assert sorted(f.code for f in found) == sorted([code, "BOT101"]), [f.message for f in found]
    assert not any("internal error" in f.message for f in found)


def test_deeply_nested_notebook_is_reported_and_still_scanned():
    src = fakes.expand('api_secret = "{{fake:alnum64}}"\n')
    text = "[" * 100_000 + _nb_source_line(src) + "]" * 100_000
    found = lint_source(text, "nb.ipynb", settings(["BOT0", "BOT1"]))
    assert sorted(f.code for f in found) == ["BOT004", "BOT101"]


def test_notebook_that_is_not_json_has_its_escapes_undone():
    # a truncated notebook: the cell source still holds `api_secret = \"...\"`
    src = fakes.expand('api_secret = "{{fake:alnum64}}"\n')
    text = '{"cells": [{"cell_type": "code", "source": [%s' % _nb_source_line(src)
    found = lint_source(text, "nb.ipynb", settings(["BOT0", "BOT1"]))
    assert sorted(f.code for f in found) == ["BOT001", "BOT101"]
    (hit,) = [f for f in found if f.code == "BOT101"]
    start = text.index(src.split('"')[1])
    assert (hit.location.column - 1, hit.location.end_column - 1) == (start, start + 64)


def test_valid_notebook_places_values_inside_their_cell_strings():
    import json

    key = fakes.fake("alnum64", seed=4)
    nb = {"cells": [{"cell_type": "markdown", "source": ["see `secret` below\n"]},
                    {"cell_type": "code", "outputs": [], "source": ["x = 1\n", f'api_secret = "{key}"\n']}]}
    text = json.dumps(nb, indent=1)
    (hit,) = lint_source(text, "nb.ipynb", settings(["BOT1"]))
    line = text.splitlines()[hit.line - 1]
    assert line[hit.location.column - 1: hit.location.end_column - 1] == key


def test_config_lines_break_where_the_parser_breaks():
    from botlint.secrets import configfiles
    from botlint.text import LineIndex

    key = fakes.fake("alnum64", seed=5)
    # a form feed or U+2028 does not end a line: the comment goes on, the value goes on
    assert codes("# rotated\x0cAPI_SECRET=%s\n" % key, ".env") == []
    assert codes("# rotated\u2028API_SECRET=%s\n" % key, ".env") == []
    assert codes("notes: old\u2028api_secret: %s\n" % key, "config.yaml") == []
    # CR-only (old Mac) files: offsets land on the right line
    text = "A=1\rB=2\rAPI_SECRET=%s\r" % key
    (e,) = [e for e in configfiles.entries(text, ".env") if e.name == "API_SECRET"]
    assert LineIndex(text).pos(e.start) == (3, 12) and text[e.start:e.end] == key
    text = "exchange:\r  name: binance\r  secret: %s\r" % key
    (e,) = [e for e in configfiles.entries(text, "config.yml") if e.name == "secret"]
    assert LineIndex(text).pos(e.start) == (3, 11) and e.parents == ("exchange",)


def _bip39_phrase(seed: int, valid: bool) -> str:
    """12 list words (made at test time); a wrong checksum unless ``valid``."""
    import random

    from botlint.secrets import shapes

    words = sorted(shapes.bip39_words())
    rng = random.Random(seed)
    while True:
        phrase = [rng.choice(words) for _ in range(12)]
        if shapes.bip39_valid(phrase) == valid:
            return " ".join(phrase)


@pytest.mark.parametrize("name", ["MNEMONIC", "seed_phrase", "wallet_mnemonic"])
def test_a_seed_phrase_bound_to_its_name_is_reported_even_with_a_wrong_checksum(name):
    bad = _bip39_phrase(1, valid=False)
    found = lint_source(f'{name} = "{bad}"\n', "wallet_gen.py", settings(["BOT1"]))
    assert [f.code for f in found] == ["BOT103"] and "checksum not valid" in found[0].message
    assert bad not in found[0].message and bad.split()[0] not in found[0].message
    good = _bip39_phrase(2, valid=True)
    assert [f.code for f in lint_source(f'{name} = "{good}"\n', "w.py", settings(["BOT1"]))] == ["BOT103"]


@pytest.mark.parametrize("text", [
    'MNEMONIC = "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about"\n',
    'seed_phrase = "word one two three four five six seven eight nine ten eleven twelve"\n',
    'MNEMONIC = "apple banana"\n',
    'NOTE = "{words}"\n',  # list words, but no seed-phrase name and no valid checksum
])
def test_no_seed_phrase_without_the_list_words_a_name_or_a_real_vector(text):
    text = text.replace("{words}", _bip39_phrase(3, valid=False))
    assert lint_source(text, "w.py", settings(["BOT1"])) == []


def test_a_file_of_64_bytes_is_a_solana_keypair_file(tmp_path):
    """solana-keygen writes a keypair as a JSON array of 64 numbers: such a file is reported
    even when its halves do not verify (edited by hand, made up for a demo); an array inside
    other data, or of repeated filler, is not."""
    import json
    import random

    from botlint.engine import lint_paths

    rng = random.Random(4)
    (tmp_path / "keys").mkdir()
    (tmp_path / "keys" / "trader.json").write_text(json.dumps([rng.randrange(256) for _ in range(64)]))
    (tmp_path / "zeros.json").write_text(json.dumps([0] * 64))
    (tmp_path / "data.json").write_text(json.dumps({"weights": [rng.randrange(256) for _ in range(64)], "n": 1}))
    res = lint_paths([str(tmp_path)], settings(["BOT1"]), use_cache=False)
    assert [(f.path.rsplit("/", 1)[-1], f.code) for f in res.findings] == [("trader.json", "BOT102")]


@pytest.mark.parametrize("word", ["YOUr", "toDo", "Dummy", "sample", "insert"])
def test_a_random_key_that_happens_to_contain_a_placeholder_word_is_still_a_key(word):
    """One random 64-character secret in about a thousand contains "your", "todo", ... by
    chance (case-insensitive); the rest of it is still random, so it is a key.  Placeholders
    built of words stay placeholders."""
    import base64
    import random

    rng = random.Random(word)
    raw = base64.b64encode(bytes(rng.randrange(256) for _ in range(48))).decode()
    key = raw[:20] + word + raw[20 + len(word):]
    found = lint_source(f'import os\n\nBINANCE_API_SECRET = "{key}"\n', "bot.py", settings(["BOT1"]))
    assert [f.code for f in found] == ["BOT101"]
    for placeholder in ("YOUR_API_SECRET_HERE_0123456789ABCDEF", "replace-with-your-binance-api-secret-key",
                        "yourBinanceApiSecretGoesInThisPlace123"):
        assert lint_source(f'BINANCE_API_SECRET = "{placeholder}"\n', "bot.py", settings(["BOT1"])) == []


@pytest.mark.parametrize("src,filename", [
    ('accounts."main".api_secret = "{{fake:alnum64}}"\n', "bot.toml"),
    ("accounts.'main'.api_secret = '{{fake:alnum64}}'\n", "bot.toml"),
    ('binance = { api_key = "{{fake:alnum64}}", enabled = true }\n', "bot.toml"),
    ('[exchange]\ncredentials = { nested = { secret = "{{fake:alnum64}}" }, pairs = ["a", "b"] }\n', "bot.toml"),
    ("binance: {api_key: {{fake:alnum64}}, sandbox: false}\n", "config.yml"),
    ('top:\n  binance: {"name": "x", "secret": "{{fake:alnum64}}"}  # live\n', "config.yml"),
])
def test_toml_dotted_quoted_keys_and_inline_tables_are_read(src, filename):
    # TOML's quoted dotted keys and inline tables and YAML's flow mappings hold keys too: they
    # were one unreadable value to the line scanner, so the key in them was never judged
    found = lint_source(fakes.expand(src), filename, settings(["BOT1"]))
    assert [f.code for f in found] == ["BOT101"]
    line = fakes.expand(src).split("\n")[found[0].line - 1]
    value = line[found[0].location.column - 1:found[0].location.end_column - 1]
    assert len(value) == 64 and V.looks_random(value)


def test_inline_tables_keep_templates_and_placeholders_quiet():
    assert codes('binance = { api_key = "${BINANCE_KEY}", secret = "YOUR_SECRET_HERE" }\n', "bot.toml") == []
    assert codes("api_secret: {{ vault_api_secret }}\n", "config.yml") == []
    assert codes("binance: {api_key: , secret}\n", "config.yml") == []


def _django_key(seed: int) -> str:
    import random

    rng = random.Random(seed)  # get_random_secret_key()'s alphabet, drawn at test time
    while True:
        key = "".join(rng.choice("abcdefghijklmnopqrstuvwxyz0123456789!@#$%^&*(-_=+)") for _ in range(50))
        if "(" in key or ")" in key:
            return key


@pytest.mark.parametrize("template,filename", [
    ("SECRET_KEY = '{}'\n", "web/settings.py"),
    ("DJANGO_SECRET_KEY={}\n", ".env"),
    ("jwt_secret_key: '{}'\n", "config.yml"),
])
def test_a_generated_secret_with_parentheses_is_a_secret(template, filename):
    # Django's keys draw from !@#$%^&*(-_=+): a parenthesis kept them out of looks_random
    found = lint_source(template.format(_django_key(7)), filename, settings(["BOT1"]))
    assert len(found) == 1 and found[0].code.startswith("BOT1")


@pytest.mark.parametrize("value", [
    "SELECT(password)FROM(users)WHERE(id=1)AND(x=2)",
    "get_random_secret_key()+get_random_secret_key()",
    "%(SECRET_KEY)s-%(OTHER_VALUE)s-%(THIRD_VALUE)s",
    "[A-Za-z0-9+/=]{40,}(?![A-Za-z0-9])(?=[;,])",
])
def test_expressions_in_punctuation_are_not_generated_secrets(value):
    assert not V.looks_generated_printable(value)
    assert codes(f"SECRET_KEY = '{value}'\n") == []


@pytest.mark.parametrize("alphabet", [
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-",
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/",
    "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ",
])
def test_a_written_out_alphabet_named_like_a_token_is_not_a_secret(alphabet):
    from botlint.engine import lint_source

    src = f'_TOKEN_CHARS = "{alphabet}"\nSECRET_ALPHABET = "{alphabet}"\n'
    assert [f.code for f in lint_source(src.encode(), "bot/util.py", settings(["BOT1"]))] == []


def test_a_random_token_with_one_short_run_is_still_a_secret():
    from botlint.engine import lint_source

    token = "Zq8" + "abcd" + "Xw3Lp9Tn2Rv7Ks4Mh6Jc1Yb5Gd8Fe0Ua3Wi7Oq2Ez9"  # pragma: allowlist secret
    src = f'API_TOKEN = "{token}"\n'  # pragma: allowlist secret
    assert [f.code for f in lint_source(src.encode(), "bot/util.py", settings(["BOT1"]))] != []
