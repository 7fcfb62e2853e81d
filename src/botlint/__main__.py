"""``python -m botlint``.  The package's ``__init__`` has already dropped the current directory
from sys.path (a downloaded bot's ``json.py`` there must not run); this repeats it for the
case where ``__main__`` is run some other way (``runpy.run_module``).  What cannot be defended
from here: a ``botlint/`` package in the current directory replaces this one entirely, and
modules Python imports before any of botlint runs.  For vetting, use the ``botlint`` console
script or ``python -P -m botlint`` (3.11+)."""
import sys

sys._botlint_main = True  # type: ignore[attr-defined]
import botlint  # noqa: E402

botlint._drop_cwd_from_path()

from botlint.cli import main  # noqa: E402

sys.exit(main())
