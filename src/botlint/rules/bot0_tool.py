"""BOT0xx: findings about the scan itself.  A file botlint could not fully check is reported,
never skipped in silence (bandit's silent skips are how real keys slip through)."""
from __future__ import annotations

from ..model import Confidence, Severity
from ..rule import Rule


class SyntaxErrorRule(Rule):
    """## What it does
    Reports a Python file that does not parse (a syntax error, or Python 2 code).

    ## Why is this bad?
    botlint's rules need the syntax tree, so a file that does not parse is only checked by the
    secrets pass.  A stray Python 2 script in a bot repository is a classic place for a
    forgotten hard-coded key, and a file that the interpreter rejects may be obfuscated bait.

    ## Example
    ```python
    print "starting bot"
    ```

    ## Use instead
    ```python
    print("starting bot")
    ```

    ## Known problems
    Syntax newer than both CPython's parser on this interpreter and libcst's grammar is
    reported as an error.

    ## References
    - [libcst parser](https://libcst.readthedocs.io/en/latest/parser.html)
    """

    CODE = "BOT001"
    SOURCE = "engine"
    NAME = "syntax-error"
    SEVERITY = Severity.LOW
    CONFIDENCE = Confidence.HIGH
    MESSAGE = "File could not be parsed; only the secrets pass ran"
    VALID = ('print("starting bot")\n',)
    INVALID = ('print "starting bot"\n', "def f(:\n    pass\n")


class UndecodableFile(Rule):
    """## What it does
    Reports a file that is not valid UTF-8 (or not valid in the encoding it declares).

    ## Why is this bad?
    Tools that give up on such files skip them entirely.  botlint decodes what it can, runs the
    secrets pass on it, and tells you the file is malformed; odd encodings are also a trick to
    hide code from reviewers.

    ## Example
    A file saved as Latin-1 holding `name = "café"`.

    ## Use instead
    Save the file as UTF-8, or declare its encoding with a PEP 263 `# -*- coding: ... -*-` line.

    ## Known problems
    None known.

    ## References
    - [PEP 263](https://peps.python.org/pep-0263/)
    """

    CODE = "BOT002"
    SOURCE = "engine"
    NAME = "undecodable-file"
    SEVERITY = Severity.LOW
    CONFIDENCE = Confidence.HIGH
    MESSAGE = "File is not valid text in its encoding"
    VALID = ('name = "café"\n'.encode("utf-8"), b'# -*- coding: latin-1 -*-\nname = "caf\xe9"\n')
    INVALID = (b'name = "caf\xe9"\n',)


class FileTooLarge(Rule):
    """## What it does
    Reports a file over the size limit (`max-file-size`, default 2 MB): only the secrets pass
    runs on it, and a file over 50 MB is not read at all.

    ## Why is this bad?
    Huge or minified files are rarely hand-written bot code, but they are where obfuscated
    payloads hide.  botlint reports them instead of silently dropping them.

    ## Example
    A 5 MB generated module or a minified bundle.

    ## Use instead
    Exclude generated files with `extend-exclude`, or raise `max-file-size`.

    ## Known problems
    None known.

    ## References
    - [bandit issue: silently skipped files](https://github.com/PyCQA/bandit/issues)
    """

    CODE = "BOT003"
    SOURCE = "engine"
    NAME = "file-too-large"
    SEVERITY = Severity.LOW
    CONFIDENCE = Confidence.HIGH
    MESSAGE = "File is too large for the rules; only the secrets pass ran"
    EXAMPLE_SETTINGS = {"max_file_size": 64}
    VALID = ("x = 1\n",)
    INVALID = ("x = 1\n" * 20,)


class NestingTooDeep(Rule):
    """## What it does
    Reports a Python file nested too deeply to parse safely (thousands of brackets or
    operators), which would overflow the parser's stack.

    ## Why is this bad?
    Machine-generated or deliberately obfuscated code is nested like this, and a linter that
    crashes on it checks nothing.  botlint reports the file and still runs the secrets pass.

    ## Example
    ```python
    x = [[[[[[[[ ... thousands deep ... ]]]]]]]]
    ```

    ## Use instead
    Flatten generated data into a data file (JSON) and load it.

    ## Known problems
    None known.

    ## References
    - [CPython: too many nested parentheses](https://docs.python.org/3/reference/lexical_analysis.html)
    """

    CODE = "BOT004"
    SOURCE = "engine"
    NAME = "nesting-too-deep"
    SEVERITY = Severity.LOW
    CONFIDENCE = Confidence.HIGH
    MESSAGE = "File is nested too deeply to parse; only the secrets pass ran"
    VALID = ("x = [[[1]]]\n",)
    INVALID = ("x = " + "[" * 500 + "1" + "]" * 500 + "\n", "x = " + "(" * 5000 + "1" + ")" * 5000 + "\n")


class UnreadableFile(Rule):
    """## What it does
    Reports a file that could not be read (permission denied, I/O error).

    ## Why is this bad?
    A file botlint cannot read is a file nobody checked.

    ## Example
    A file with mode `000` owned by another user.

    ## Use instead
    Make the file readable to the user running botlint, or exclude it.

    ## Known problems
    None known.

    ## References
    - [os.open errors](https://docs.python.org/3/library/exceptions.html#OSError)
    """

    CODE = "BOT005"
    SOURCE = "engine"
    NAME = "unreadable-file"
    SEVERITY = Severity.LOW
    CONFIDENCE = Confidence.HIGH
    MESSAGE = "File could not be read"
    # needs a file the operating system refuses to read: tested in tests/test_engine.py
    VALID = ()
    INVALID = ()


class AnalysisDegraded(Rule):
    """## What it does
    Reports a file that botlint could only partly analyse: Python accepts code in it that
    botlint's parser (libcst) rejects, an expression is nested too deeply for libcst (a chain
    of thousands of operators, on which its parser is quadratic and then crashes), or an
    internal error stopped the rules on it.  The rest of the file is still analysed, and the
    secrets pass covers all of it.

    ## Why is this bad?
    The part botlint could not read is a part no rule checked.  A hostile bot can put a
    construct there that the interpreter runs and the linter cannot parse (a parenthesised
    annotated target, for one) to hide an exfiltration or a withdrawal; review those lines
    by hand.

    ## Example
    ```python
    (_x): int = 0
    ```

    ## Use instead
    ```python
    _x: int = 0
    ```

    ## Known problems
    The lines named in the message are the statements botlint had to leave out; code in them
    is not analysed, and their key/value pairs are judged by name as in a file botlint could
    not parse.  A literal list, tuple, set or dict of more than 5,000 constant items is data:
    its inside is left out the same way (libcst would spend seconds and gigabytes on it) while
    the statement around it is analysed.  An inline comment does not suppress this finding (it would sit in the
    code nobody checked): use `--ignore BOT006` or `per-file-ignores`.  A file on which no rule
    can fire (no rule's pre-check matches its text) is not parsed by libcst at all and gets no
    BOT006: there is nothing in it a parser gap could hide from a rule.

    ## References
    - [libcst parser](https://libcst.readthedocs.io/en/latest/parser.html)
    """

    CODE = "BOT006"
    SOURCE = "engine"
    NAME = "analysis-degraded"
    SEVERITY = Severity.HIGH
    CONFIDENCE = Confidence.HIGH
    MESSAGE = "Part of this file could not be analysed"
    VALID = ("_x: int = 0\n",)
    # each names a credential so that some rule walks the file: libcst only parses a file a
    # rule's pre-check can fire on (engine.parse), and only a parsed file can show a gap
    EXAMPLE_SETTINGS = {"select": ["BOT006", "BOT2"]}
    INVALID = ("import os\n(_x): int = 0\nAPI_KEY = os.environ['API_KEY']\n",
               "API_KEY = 1\nx = " + "-" * 5000 + "1\n")
