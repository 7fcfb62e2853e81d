"""--fix, --diff and --unsafe-fixes (botlint.fix): libcst codemods that keep formatting and
comments, and never show or write a secret.  Every key is generated at test time."""
from __future__ import annotations

import ast
import os
import random
import shutil
import stat
import sys

import pytest

from botlint import fakes
from botlint.cli import main
from botlint.fix import FileFix, WriteError, env_name, write

from conftest import FIXTURES


def key(kind: str = "alnum64") -> str:
    return fakes.fake(kind, random.randrange(10**9))


def run(capsys, *argv):
    rc = main(["--no-cache", *argv])
    out, err = capsys.readouterr()
    return rc, out, err


@pytest.fixture
def tree(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)

    def put(text: str, name: str = "bot.py"):
        p = tmp_path / name
        p.write_bytes(text.encode("utf-8"))
        return p

    return put


def fixed(capsys, path, *flags):
    rc, out, err = run(capsys, "--fix", *flags, str(path))
    return path.read_text(encoding="utf-8"), rc, out, err


# -- credential literal -> environment lookup (unsafe) ------------------------------------

def test_assignment_becomes_env_lookup_with_import_os_after_docstring_and_future(tree, capsys):
    k = key()
    p = tree(f'"""Grid bot."""\nfrom __future__ import annotations\n\nimport ccxt\n\n'
             f'api_secret = "{k}"  # binance, rotate me\n')
    text, rc, out, err = fixed(capsys, p, "--unsafe-fixes")
    assert text == ('"""Grid bot."""\nfrom __future__ import annotations\n\nimport os\nimport ccxt\n\n'
                    'api_secret = os.environ["API_SECRET"]  # binance, rotate me\n')
    assert k not in out + err + text
    assert "rotate it" in err and "API_SECRET" in err and "botlint history" in err
    assert rc == 0 and "All checks passed" in out  # the report is of the fixed content


def test_annotated_and_class_attribute_and_self_attribute(tree, capsys):
    k1, k2, k3 = key(), key(), key()
    p = tree("import os\n\n\nclass Settings:\n"
             f'    api_key: str = "{k1}"\n'
             f"    API_SECRET = '{k2}'\n\n"
             "    def __init__(self):\n"
             f'        self.passphrase = "{k3}"\n')
    text, rc, _out, err = fixed(capsys, p, "--unsafe-fixes")
    assert 'api_key: str = os.environ["API_KEY"]' in text
    assert "API_SECRET = os.environ['API_SECRET']" in text  # the literal's quote style kept
    assert 'self.passphrase = os.environ["PASSPHRASE"]' in text
    assert text.count("import os") == 1
    assert not any(k in text + err for k in (k1, k2, k3))


def test_ccxt_config_dict_gets_exchange_names_and_keeps_comments(tree, capsys):
    k1, k2 = key(), key("hex32u")
    p = tree("import ccxt\n\nexchange = ccxt.binance({\n"
             f'    "apiKey": "{k1}",  # from the web UI\n'
             f'    "secret": "{k2}",\n'
             '    "enableRateLimit": True,\n})\n')
    text, _rc, _out, _err = fixed(capsys, p, "--unsafe-fixes")
    assert text == ("import os\nimport ccxt\n\nexchange = ccxt.binance({\n"
                    '    "apiKey": os.environ["BINANCE_API_KEY"],  # from the web UI\n'
                    '    "secret": os.environ["BINANCE_API_SECRET"],\n'
                    '    "enableRateLimit": True,\n})\n')


def test_keyword_argument_subscript_store_and_getenv_fallback(tree, capsys):
    k1, k2, k3, k4 = key(), key(), key(), key()
    p = tree("import os\nfrom pybit.unified_trading import HTTP\n\n"
             f'session = HTTP(testnet=False, api_key="{k1}", api_secret="{k2}")\n'
             "config = {}\n"
             f'config["binance"]["secret"] = "{k3}"\n'
             f'SECRET = os.getenv("BYBIT_API_SECRET", "{k4}")\n')
    text, _rc, _out, _err = fixed(capsys, p, "--unsafe-fixes")
    assert 'HTTP(testnet=False, api_key=os.environ["API_KEY"], api_secret=os.environ["API_SECRET"])' in text
    assert 'config["binance"]["secret"] = os.environ["BINANCE_SECRET"]' in text
    assert 'SECRET = os.environ["BYBIT_API_SECRET"]' in text
    assert not any(k in text for k in (k1, k2, k3, k4))


def test_from_os_import_environ_is_used_and_os_not_imported(tree, capsys):
    k = key()
    p = tree(f'from os import environ as env\n\nAPI_SECRET = "{k}"\n')
    text, _rc, _out, _err = fixed(capsys, p, "--unsafe-fixes")
    assert text == 'from os import environ as env\n\nAPI_SECRET = env["API_SECRET"]\n'


def test_distinct_secrets_with_one_derived_name_get_numbered(tree, capsys):
    k1, k2 = key(), key()
    p = tree("import ccxt, os\n"
             f'a = ccxt.kraken({{"apiKey": "{k1}"}})\n'
             f'b = ccxt.kraken({{"apiKey": "{k2}"}})\n')
    text, _rc, _out, _err = fixed(capsys, p, "--unsafe-fixes")
    assert 'os.environ["KRAKEN_API_KEY"]' in text and 'os.environ["KRAKEN_API_KEY_2"]' in text


@pytest.mark.parametrize("code", [
    'def connect(api_key="{k}"):\n    pass\n',                        # a signature default
    'def connect(cfg={{"apiKey": "{k}"}}):\n    pass\n',               # a dict default
    'api_secret = b"{k}"\n',                                          # bytes
    'HEADERS = {{"Authorization": "Bearer {k}"}}\n',                  # part of a string
    'api_key, api_secret = "{k}", "{k}"\n',                           # tuple unpacking
])
def test_no_fix_where_a_replacement_is_unsafe(tree, capsys, code):
    k = key()
    src = "import os\n" + code.format(k=k)
    p = tree(src)
    rc, out, err = run(capsys, "--fix", "--unsafe-fixes", str(p))
    assert p.read_text() == src
    assert k not in out + err


def test_env_name_derivation():
    assert env_name("api_secret") == "API_SECRET"
    assert env_name("BINANCE_SECRET") == "BINANCE_SECRET"
    assert env_name("binance", "secret") == "BINANCE_SECRET"
    assert env_name("binance", "API_KEY") == "BINANCE_API_KEY"
    assert env_name("apiKey") == "API_KEY"
    assert env_name("api-key.v2") == "API_KEY_V2"
    assert env_name("9") == "" and env_name("é") == ""


# -- verbose (safe) and TLS (unsafe) ------------------------------------------------------

def test_verbose_removed_by_plain_fix(tree, capsys):
    p = tree("import ccxt\nimport os\n\nexchange = ccxt.okx({\n"
             '    "apiKey": os.environ["OKX_API_KEY"],\n'
             '    "secret": os.environ["OKX_SECRET"],  # keep me\n'
             '    "verbose": True,  # debugging\n'
             "})\n"
             "if os.environ.get('DEBUG'):\n    exchange.verbose = True\n")
    text, _rc, out, err = fixed(capsys, p)
    assert text == ("import ccxt\nimport os\n\nexchange = ccxt.okx({\n"
                    '    "apiKey": os.environ["OKX_API_KEY"],\n'
                    '    "secret": os.environ["OKX_SECRET"],  # keep me\n'
                    "})\n"
                    "if os.environ.get('DEBUG'):\n    pass\n")
    assert "BOT206" not in out and "Fixed 2 findings" in err


def test_verbose_in_one_line_config_and_fix_is_idempotent(tree, capsys):
    p = tree('import ccxt, os\n'
             'ex = ccxt.binance({"apiKey": os.environ["BINANCE_API_KEY"], "verbose": True, "timeout": 5})\n')
    text, _rc, _out, _err = fixed(capsys, p)
    assert text == 'import ccxt, os\nex = ccxt.binance({"apiKey": os.environ["BINANCE_API_KEY"], "timeout": 5})\n'
    again, _rc, _out, err = fixed(capsys, p, "--unsafe-fixes")
    assert again == text and "Fixed" not in err
    assert run(capsys, "--diff", "--unsafe-fixes", str(p))[0] == 0


def test_tls_off_removed_only_with_unsafe_fixes(tree, capsys):
    src = ("import os\nimport aiohttp\nimport requests\n\n"
           "API_KEY = os.environ['BINANCE_API_KEY']\n"
           'r = requests.get("https://api.binance.com/api/v3/account", headers={"X-MBX-APIKEY": API_KEY}, '
           "verify=False)\n"
           "conn = aiohttp.TCPConnector(ssl=False)\n")
    p = tree(src)
    text, rc, out, _err = fixed(capsys, p)
    assert text == src and rc == 1
    assert "2 hidden fixes can be enabled with the `--unsafe-fixes` option" in out
    text, rc, out, _err = fixed(capsys, p, "--unsafe-fixes")
    assert 'headers={"X-MBX-APIKEY": API_KEY})\n' in text and "TCPConnector()\n" in text
    assert rc == 0 and "BOT402" not in out


def test_safe_fix_is_marked_and_counted_in_full_output(tree, capsys):
    p = tree('import ccxt, os\nex = ccxt.binance({"apiKey": os.environ["BINANCE_API_KEY"]})\nex.verbose = True\n')
    rc, out, _err = run(capsys, str(p))
    assert rc == 1 and "BOT206 [*] " in out
    assert out.rstrip().endswith("[*] 1 fixable with the `--fix` option.")
    rc, out, _err = run(capsys, "--format", "json", str(p))
    assert "[*]" not in out  # the marks are for the text formats only


def test_cascade_key_moved_then_verbose_removed_and_report_is_of_fixed_content(tree, capsys):
    k = key()
    p = tree("import ccxt\n"
             f'ex = ccxt.binance({{"apiKey": "{k}", "verbose": True}})\n'
             'ex.withdraw("USDT", 100, "TQn9Y2khEsLJW1ChVWFMSMeRDow5KcbLSE")\n')
    text, rc, out, err = fixed(capsys, p, "--unsafe-fixes")
    assert text.splitlines()[:3] == ["import os", "import ccxt",
                                     'ex = ccxt.binance({"apiKey": os.environ["BINANCE_API_KEY"]})']
    # the withdraw finding is reported at its line in the fixed file (4, not 3)
    assert "bot.py:4:" in out and "BOT301" in out and "BOT206" not in out and "BOT101" not in out
    assert k not in out + err


# -- diff -----------------------------------------------------------------------------------

def test_diff_writes_nothing_and_shows_no_secret(tree, capsys):
    k1, k2 = key(), key()
    src = ("import ccxt\n\n"
           f'exchange = ccxt.bybit({{"apiKey": "{k1}", "secret": "{k2}", "verbose": True}})\n'
           f'OTHER_SECRET = "{k1}"  # noqa: BOT101\n')
    p = tree(src)
    before = os.stat(p).st_mtime_ns
    rc, out, err = run(capsys, "--diff", "--unsafe-fixes", "bot.py")
    assert rc == 1 and p.read_text() == src and os.stat(p).st_mtime_ns == before
    assert k1 not in out + err and k2 not in out + err
    assert out.startswith("--- bot.py\n+++ bot.py\n")
    assert ('+exchange = ccxt.bybit({"apiKey": os.environ["BYBIT_API_KEY"],'
            ' "secret": os.environ["BYBIT_API_SECRET"]})') in out
    assert "+import os" in out and "Would fix" in err
    assert not [n for n in os.listdir(p.parent) if n.startswith(".botlint-fix") or n == ".env"]


def test_diff_without_changes_exits_0(tree, capsys):
    p = tree("import os\nAPI_SECRET = os.environ['API_SECRET']\n")
    rc, out, _err = run(capsys, "--diff", str(p))
    assert rc == 0 and out == ""


def test_fix_and_diff_refuse_stdin(tree, capsys, monkeypatch):
    import io

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"x = 1\n")))
    for flag in ("--fix", "--diff"):
        rc, _out, err = run(capsys, flag, "-")
        assert rc == 2 and "stdin" in err


# -- writing --------------------------------------------------------------------------------

def test_crlf_bom_and_mode_are_kept(tree, capsys):
    k = key()
    p = tree("")
    p.write_bytes(b"\xef\xbb\xbfimport ccxt\r\n" + f'api_secret = "{k}"\r\n'.encode())
    os.chmod(p, 0o640)
    text, _rc, _out, _err = fixed(capsys, p, "--unsafe-fixes")
    assert p.read_bytes() == b'\xef\xbb\xbfimport os\r\nimport ccxt\r\napi_secret = os.environ["API_SECRET"]\r\n'
    assert stat.S_IMODE(os.stat(p).st_mode) == 0o640


def test_file_changed_since_read_is_not_overwritten(tmp_path):
    p = tmp_path / "bot.py"
    p.write_bytes(b"x = 1\n")
    ff = FileFix("bot.py", b"x = 0\n", b"x = 2\n")
    with pytest.raises(WriteError, match="changed since"):
        write(ff, str(p), str(tmp_path))
    assert p.read_bytes() == b"x = 1\n"


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symlinks")
def test_symlink_out_of_the_tree_is_not_written(tmp_path):
    outside = tmp_path / "outside.py"
    outside.write_bytes(b"x = 0\n")
    root = tmp_path / "repo"
    root.mkdir()
    link = root / "bot.py"
    os.symlink(outside, link)
    with pytest.raises(WriteError, match="symlink"):
        write(FileFix("bot.py", b"x = 0\n", b"x = 2\n"), str(link), str(root))
    assert outside.read_bytes() == b"x = 0\n"


def test_demo_bot_can_be_fixed_without_breaking_its_syntax(tmp_path, monkeypatch, capsys):
    demo = tmp_path / "demo"
    shutil.copytree(os.path.join(FIXTURES, "demo_bot"), demo)
    monkeypatch.chdir(demo)
    original = (demo / "bot.py").read_text()
    env_before = (demo / ".env").read_bytes()
    rc, out, err = run(capsys, "--fix", "--unsafe-fixes", "bot.py")
    text = (demo / "bot.py").read_text()
    ast.parse(text)
    assert text != original and 'os.environ["BINANCE_API_SECRET"]' in text
    assert "BOT101" not in out and "BOT105" not in out  # the fixed credentials lint clean
    assert "BOT301" in out  # what has no fix is still reported
    assert text.count("import os\n") == 1
    assert (demo / ".env").read_bytes() == env_before  # a fix never writes a secret anywhere
    assert sorted(os.listdir(demo)) == sorted(os.listdir(os.path.join(FIXTURES, "demo_bot")))


def test_positional_sdk_arguments_private_key_and_shape_only_token(tree, capsys):
    k1, k2, pk, gh = key(), key(), key("evm_key"), key("github")
    p = tree("from binance.client import Client\nfrom eth_account import Account\n"
             f'client = Client("{k1}", "{k2}")\n'
             f'acct = Account.from_key("{pk}")\n'
             f'ghtok = "{gh}"\n')  # found by its shape (secrets pass), inside the quotes
    text, _rc, out, err = fixed(capsys, p, "--unsafe-fixes")
    assert 'client = Client(os.environ["BINANCE_API_KEY"], os.environ["BINANCE_API_SECRET"])' in text
    assert 'acct = Account.from_key(os.environ["PRIVATE_KEY"])' in text
    assert 'ghtok = os.environ["GHTOK"]' in text
    assert not any(k in text + out + err for k in (k1, k2, pk, gh))


def test_fix_with_the_cache_reports_the_fixed_content(tree, capsys):
    k = key()
    p = tree(f'import ccxt\nex = ccxt.binance({{"apiKey": "{k}", "verbose": True}})\n')
    assert main([str(p)]) == 1  # fills the cache with the unfixed file's findings
    capsys.readouterr()
    rc = main(["--fix", "--unsafe-fixes", str(p)])
    out, err = capsys.readouterr()
    assert "BOT101" not in out and "BOT206" not in out and k not in out + err
    assert main([str(p)]) == rc
    assert k not in p.read_text()
