"""botlint's cheap positions are libcst's PositionProvider ranges, node for node."""
import glob
import os

import libcst as cst
import pytest
from libcst.metadata import MetadataWrapper, PositionProvider

from botlint.positions import positions_for

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SOURCES = sorted(glob.glob(os.path.join(ROOT, "fixtures", "**", "*.py"), recursive=True)
                 + glob.glob(os.path.join(ROOT, "src", "botlint", "**", "*.py"), recursive=True))
ODD = [
    "x = 1\r\ny = (\r\n  2)\r\n",           # CRLF
    "def f():\n\tif x:\n\t\treturn 1\n",     # tabs
    "@dec\n# c\n@dec2(1)\nclass A(B):\n    'doc'\n    x: int = 3  # t\n",
    "s = f'{a!r:>{w}}' 'x' \\\n    'y'\n",
    "if a:\n    pass\nelif b:\n    pass\nelse:\n    pass\n",
    "lambda: (yield)\n",
    "",
    "# only a comment, no newline",
]


@pytest.mark.parametrize("source", ODD + [p for p in SOURCES if os.path.getsize(p) < 200_000][::3])
def test_positions_equal_libcsts_position_provider(source):
    text = source
    if source in SOURCES:
        with open(source, encoding="utf-8") as fh:
            text = fh.read()
    module = cst.parse_module(text)
    reference = MetadataWrapper(module, unsafe_skip_copy=True).resolve(PositionProvider)
    ours = positions_for(module)
    assert set(ours) == set(reference)
    assert all(ours[node] == rng for node, rng in reference.items())


def test_positions_are_computed_once_per_file_and_kept_by_its_context(monkeypatch):
    """No module-global cache: the file's FileContext computes positions once (a rule's message
    lines and the engine's locate share them) and nothing outlives the file."""
    from botlint import positions
    from botlint.engine import lint_source

    calls, made = [], []
    real = positions.positions_for
    monkeypatch.setattr(positions, "positions_for", lambda m: calls.append(m) or real(m))
    real_init = positions.StatementPositions.__init__
    monkeypatch.setattr(positions.StatementPositions, "__init__",
                        lambda self, m, t: made.append(m) or real_init(self, m, t))
    src = "import os, logging\nlog = logging.getLogger()\nK = os.environ['BINANCE_API_KEY']\nlog.info('k %s', K)\n"
    found = lint_source(src, "bot.py")
    assert [f.code for f in found] == ["BOT201"] and "(line 3)" in found[0].message
    # one statement-at-a-time mapping per file, never the whole module's codegen
    assert len(made) == 1 and calls == []
    assert not hasattr(positions, "_last")
