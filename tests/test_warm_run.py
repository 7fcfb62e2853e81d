"""A warm run of an unchanged project (issue 12): the link step's closures and the import
pre-scan come from the cache (computed again when a file or a module's exports change), and the
run imports neither libcst nor the
fixes, the shared analyses or the rule modules, while it reports the same findings as the cold
run, ``[*]`` marks included."""
from __future__ import annotations

import json
import subprocess
import sys

from helpers import finding_rows, write_tree

CONFIG = 'import os\n\nAPI_KEY = os.environ["BINANCE_API_KEY"]\nSECRET = os.environ["BINANCE_SECRET"]\n'
NOTIFY = ('import logging\n\nfrom bot.config import API_KEY\n\nlog = logging.getLogger(__name__)\n\n\n'
          'def announce():\n    log.info("starting with key %s", API_KEY)\n')
# a literal key: BOT101, whose fix (``os.environ``) --unsafe-fixes marks with [*]
KEY = "Zq8vR2nLk4Tw9XyB3mPc7HdJ5sFa1GeU"  # pragma: allowlist secret
MAIN = f'import ccxt\n\nfrom bot.notify import announce\n\nexchange = ccxt.binance({{"apiKey": "{KEY}"}})\nannounce()\n'
FILES = {"bot/__init__.py": "", "bot/config.py": CONFIG, "bot/notify.py": NOTIFY, "bot/main.py": MAIN}


def _counting(monkeypatch):
    from botlint import analysis

    calls = []
    for name, close in list(analysis.LINKERS.items()):
        def counted(exports, _close=close, _name=name):
            calls.append(_name)
            return _close(exports)
        monkeypatch.setitem(analysis.LINKERS, name, counted)
    return calls


def test_warm_run_reuses_the_link_closures_and_recomputes_them_after_a_change(tmp_path, monkeypatch):
    from botlint.engine import lint_paths

    write_tree(tmp_path / "p", FILES)
    cache = str(tmp_path / "cache")
    calls = _counting(monkeypatch)
    cold = lint_paths([str(tmp_path / "p")], jobs=1, cache_dir=cache)
    assert calls, "the project links modules: the closures ran"
    assert any(f.code == "BOT201" and f.path.endswith("notify.py") for f in cold.findings)
    calls.clear()
    from botlint.engine import prescan

    scanned = []
    real = prescan.imported_names
    monkeypatch.setattr(prescan, "imported_names", lambda *a, **k: scanned.append(a[1]) or real(*a, **k))
    warm = lint_paths([str(tmp_path / "p")], jobs=1, cache_dir=cache)
    assert calls == []
    assert scanned == [], "the import pre-scan came from the cache"
    assert finding_rows(warm) == finding_rows(cold)
    # the imported constant read from another variable: config.py's exports change, and so do
    # the closures' inputs (a constant no module imports would not: names nobody imports are
    # not exported)
    (tmp_path / "p" / "bot" / "config.py").write_text(CONFIG.replace("BINANCE_API_KEY", "KUCOIN_API_KEY"))
    again = lint_paths([str(tmp_path / "p")], jobs=1, cache_dir=cache)
    assert calls, "changed exports: the closures ran again"
    assert len(set(scanned)) == 4, "a changed file: the whole run scanned again"
    leak = [f.message for f in again.findings if f.code == "BOT201"]
    assert len(leak) == 1 and "KUCOIN_API_KEY" in leak[0]


WRAPPER = ("import json, sys\n"
           "from botlint.cli import main\n"
           "rc = main(sys.argv[1:])\n"
           "sys.stderr.write('\\nMODULES ' + json.dumps({'rc': rc, 'modules': sorted(sys.modules)}) + '\\n')\n")


def _cli(tmp_path, *args):
    p = subprocess.run([sys.executable, "-c", WRAPPER, "--isolated", "--cache-dir", str(tmp_path / "cache"), *args,
                        str(tmp_path / "p")], capture_output=True, text=True, cwd=tmp_path, timeout=300)
    line = [ln for ln in p.stderr.splitlines() if ln.startswith("MODULES ")][-1]
    doc = json.loads(line[len("MODULES "):])
    return doc["rc"], p.stdout, set(doc["modules"])


def test_warm_cli_run_imports_no_libcst(tmp_path):
    write_tree(tmp_path / "p", FILES)
    rc, cold_out, cold_modules = _cli(tmp_path, "--unsafe-fixes")
    assert rc == 1 and "libcst" in cold_modules
    assert "[*]" in cold_out
    rc, warm_out, warm_modules = _cli(tmp_path, "--unsafe-fixes")
    assert rc == 1
    assert warm_out == cold_out
    heavy = {"libcst", "botlint.fix", "botlint.analysis.clients", "botlint.analysis.dataflow", "botlint.rule",
             "botlint.secrets.binding", "botlint.secrets.shapes", "detect_secrets"}
    assert not heavy & warm_modules, sorted(heavy & warm_modules)
