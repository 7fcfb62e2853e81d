"""A cold run on one file imports only what the file needs (issue 12): a file no rule's gate
opens for is linted without libcst, without detect-secrets (and ``requests``), without the rule
modules, the fixes, the other report renderers or a worker pool; a file with a finding still
gets it, importing then what finds it.  Each run is a fresh interpreter (``python -c``) that
calls ``botlint.cli.main`` and then reports ``sys.modules``."""
from __future__ import annotations

import json
import os
import random
import string
import subprocess
import sys
from typing import List, Tuple

import pytest

WRAPPER = ("import json, sys\n"
           "from botlint.cli import main\n"
           "rc = main(sys.argv[1:])\n"
           "sys.stderr.write('\\nMODULES ' + json.dumps({'rc': rc, 'modules': sorted(sys.modules)}) + '\\n')\n")

# a plain module: arithmetic, a dataclass, logging of numbers; no credential, network, fund or
# exec word a gate looks for
CLEAN = '''"""Moving averages over a price series."""
from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import List

log = logging.getLogger(__name__)


@dataclass
class Window:
    size: int
    values: List[float]

    def push(self, value: float) -> float:
        self.values.append(value)
        if len(self.values) > self.size:
            self.values.pop(0)
        return sum(self.values) / len(self.values)


def crossover(fast: Window, slow: Window, price: float) -> int:
    a, b = fast.push(price), slow.push(price)
    log.debug("fast %.2f slow %.2f", a, b)
    return 1 if a > b else -1 if a < b else 0
'''

HEAVY = ("libcst", "detect_secrets", "requests", "jinja2", "tqdm", "multiprocessing", "concurrent.futures", "shutil",
         "tomllib", "zipfile", "pathlib", "pkgutil",
         "botlint.rule", "botlint.fix", "botlint.report.sarif", "botlint.report.github", "botlint.analysis.clients",
         "botlint.analysis.dataflow")


def run(tmp_path, name: str, text: str, *args: str) -> Tuple[int, str, List[str]]:
    path = tmp_path / name
    path.write_text(text)
    env = dict(os.environ)
    env.pop("BOTLINT_PREFILTER", None)
    proc = subprocess.run([sys.executable, "-c", WRAPPER, "--isolated", "--no-cache", *args, name],
                          cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    line = [x for x in proc.stderr.splitlines() if x.startswith("MODULES ")][-1]
    data = json.loads(line[len("MODULES "):])
    return data["rc"], proc.stdout, data["modules"]


def test_a_clean_file_imports_no_libcst_no_detect_secrets_no_rule(tmp_path):
    rc, out, modules = run(tmp_path, "indicators.py", CLEAN * 8)  # about 200 lines
    assert rc == 0, out
    loaded = [m for m in HEAVY if m in modules]
    assert loaded == []
    assert [m for m in modules if m.startswith("botlint.rules.")] == ["botlint.rules._index"]
    assert [m for m in modules if m.startswith("botlint.report.")] == ["botlint.report._summary", "botlint.report.full",
                                                                       "botlint.report.safe"]


def test_a_clean_config_file_imports_no_libcst(tmp_path):
    rc, out, modules = run(tmp_path, "settings.json", json.dumps({"pairs": ["BTC/USDT"], "timeframe": "5m"}))
    assert rc == 0, out
    assert "libcst" not in modules and "detect_secrets" not in modules


def test_a_file_with_a_finding_still_gets_it(tmp_path):
    src = CLEAN + "\n\ndef run(payload):\n    import base64\n    exec(base64.b64decode(payload))\n"
    src += '\nexec(__import__("base64").b64decode("cHJpbnQoMSk="))\n'
    rc, out, modules = run(tmp_path, "strategy.py", src, "--format", "concise")
    assert rc == 1
    assert "BOT501" in out
    assert "libcst" in modules and "botlint.rules.bot5.bot501_exec_of_decoded_code" in modules
    assert "botlint.rules.bot3_fund_moving" not in modules  # its gate stayed shut


def test_a_token_a_plugin_confirms_imports_that_plugin(tmp_path):
    rng = random.Random(12)
    token = "ghp_" + "".join(rng.choice(string.ascii_letters + string.digits) for _ in range(36))
    src = CLEAN + f'\n# deploy key, revoked\nDEPLOY = "{token}"  # pragma: allowlist secret\n'
    # the pragma hides the finding, not the scan: the plugin still ran on the match
    rc, out, modules = run(tmp_path, "deploy.py", src, "--ignore-noqa", "--format", "concise")
    assert rc == 1 and "BOT109" in out, out
    assert "detect_secrets.plugins.github_token" in modules
    assert "detect_secrets.plugins.discord" not in modules  # no match of its patterns


@pytest.mark.parametrize("fmt", ["json", "sarif", "github"])
def test_only_the_renderer_asked_for_is_imported(tmp_path, fmt):
    rc, out, modules = run(tmp_path, "indicators.py", CLEAN, "--format", fmt)
    assert rc == 0
    renderers = {m for m in modules if m.startswith("botlint.report.") and m not in (
        "botlint.report._summary", "botlint.report.safe")}
    assert renderers == {f"botlint.report.{'json_' if fmt == 'json' else fmt}"}
