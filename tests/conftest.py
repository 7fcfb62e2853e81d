import os
import sys

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
FIXTURES = os.path.join(ROOT, "fixtures")
sys.path.insert(0, os.path.join(ROOT, "src"))


@pytest.fixture(autouse=True)
def _isolated_cache(tmp_path, monkeypatch):
    """No test reads or writes the user's cache."""
    monkeypatch.setenv("BOTLINT_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("NO_COLOR", raising=False)


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A bot with one fake hard-coded secret (bot.py) and one clean file, as the cwd."""
    from botlint import fakes

    monkeypatch.chdir(tmp_path)
    (tmp_path / "bot.py").write_text(fakes.expand('API_SECRET = "{{fake:alnum64}}"\n'))
    (tmp_path / "clean.py").write_text("import os\nAPI_SECRET = os.environ['API_SECRET']\n")
    return tmp_path
