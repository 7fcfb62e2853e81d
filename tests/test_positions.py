"""botlint's cheap positions are libcst's PositionProvider ranges, node for node."""
import glob
import os

import libcst as cst
import pytest
from libcst.metadata import MetadataWrapper, PositionProvider

from botlint.positions import forget, positions_for

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
    forget()
    ours = positions_for(module)
    forget()
    assert set(ours) == set(reference)
    assert all(ours[node] == rng for node, rng in reference.items())
