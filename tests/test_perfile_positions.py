"""Positions one statement at a time (``positions.StatementPositions``) are the whole module's,
node for node, and a file with a few findings generates only their statements."""
import libcst as cst
import pytest
from libcst._nodes.base import CSTNode

from botlint import positions
from botlint.engine import lint_source
from botlint.engine.file import lint_bytes
from botlint.positions import StatementPositions, positions_for

# shapes the statement pairing must place exactly: leading comments, form feeds, decorators,
# nested blocks, elif chains, try/else/finally, one-line suites, continuation lines, tabs
BODY = '''\
# leading comment
\f
import os, requests  # two names
\f# a form feed before a comment
@decorator
# between decorators
@other(1,
       2)
class Client(object):
    """doc"""

    \f
    def fetch(self, url, *, verify=False):  # c
        if url:
            return requests.get(url, verify=verify)
        elif url is None:
            pass
        else:
            x = 1; y = 2
        for i in range(3):
            while i:
                i -= 1
            else:
                continue
        else:
            pass
        try:
            import json
        except (ValueError,
                KeyError) as e:
            raise
        except Exception:
            pass
        else:
            z = \\
                3
        finally:
            pass
        with open(url) as fh, open(url):
            data = fh.read()
        if url: return 1
        return [i for i in
                range(3)]

    async def run(self):
        async with self.lock:
            async for item in self.feed:
                await item
\tdef_after_tab = None
'''
TAIL = '''
def helper(key=os.environ["API_KEY"]):
    return requests.post("https://api.binance.com/sapi/v1/capital/withdraw/apply",
                         data={"key": key}, verify=False)


match = 1
'''


def _variants():
    text = BODY.replace("\tdef_after_tab = None\n", "") + TAIL
    yield "lf", text
    yield "crlf", text.replace("\n", "\r\n")
    yield "cr", text.replace("\n", "\r")
    yield "tabs", text.replace("    ", "\t")
    yield "match", text + "match match:\n    case [1, *rest]:\n        pass\n    case _:\n        x = 2\n"


def _block_statements(module, mapping):
    owners = mapping._owner_index()
    assert owners, "the statement pairing failed on this module"
    return list({id(o): o for o in owners.values()}.values())


@pytest.mark.parametrize("name,text", list(_variants()), ids=[n for n, _ in _variants()])
def test_each_statement_generated_alone_has_the_whole_modules_positions(name, text):
    module = cst.parse_module(text)
    whole = positions_for(module)
    stmts = _block_statements(module, StatementPositions(module, text))
    assert len(stmts) >= 25
    for stmt in stmts:
        mapping = StatementPositions(module, text)
        mapping.statement(stmt)
        assert mapping._full is None, f"statement at {whole[stmt]} was not placed"
        for node in list(mapping._spans):
            assert mapping[node] == whole[node], type(node).__name__


@pytest.mark.parametrize("name,text", list(_variants()), ids=[n for n, _ in _variants()])
def test_any_node_asked_for_is_placed_through_its_statement(name, text):
    module = cst.parse_module(text)
    whole = positions_for(module)
    mapping = StatementPositions(module, text)
    nodes = [n for n in mapping._owner_index() and _reachable(module)]
    for node in reversed(nodes):  # innermost first: each statement generated on its own
        assert node in mapping and mapping[node] == whole[node]
    assert mapping._full is None


def _reachable(module):
    from botlint.walker import _fields

    out, stack = [], [module.body]
    while stack:
        for node in stack.pop():
            out.append(node)
            for name in _fields(type(node)):
                value = getattr(node, name)
                stack.append([value] if isinstance(value, CSTNode) else
                             [v for v in value if isinstance(v, CSTNode)] if isinstance(value, (list, tuple)) else [])
    return out


def test_a_statement_ast_places_wrongly_falls_back_to_the_whole_module():
    # CPython puts a parenthesised decorator's expression on its second line
    text = "import os\n@(\n    dec)\ndef f():\n    return os.environ['K']\n"
    module = cst.parse_module(text)
    mapping = StatementPositions(module, text)
    func = module.body[1]
    assert mapping[func] == positions_for(module)[func]
    assert mapping._full is not None  # the code was not where ast put it: whole module


def test_foreign_nodes_are_not_in_the_mapping():
    text = "x = 1\n"
    mapping = StatementPositions(cst.parse_module(text), text)
    assert cst.Name("x") not in mapping
    assert mapping.get(cst.Name("x")) is None


def _findings(src, monkeypatch=None, whole=False):
    if whole:  # the whole module's positions, as before statements were generated alone
        monkeypatch.setattr(StatementPositions, "_generate_one", lambda self, stmt: False)
    res = lint_bytes("bot.py", src.encode("utf-8"), "python", None)
    assert res.errors == []
    return [(f.code, f.location, f.suppress_lines, f.message) for f in res.findings]


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_findings_in_many_places_keep_their_lines_and_columns(monkeypatch, newline):
    """Findings all over a module, after form feeds in comments, with CRLF and CR-only line
    ends: the same spans (and messages, which name lines) as with the whole module's positions."""
    url = "https://api.binance.com/api/v3/account"
    parts = ["import os, logging, requests\nlog = logging.getLogger()\n"]
    for i in range(12):
        parts.append(f"\f# section {i}\f\n"
                     f"class C{i}:\n"
                     f"    def m(self):\n"
                     f"        k = os.environ['BINANCE_API_SECRET']\n"
                     f"        if k:\n"
                     f"            log.info('k %s', k)\n"
                     f"        return requests.get('{url}',\n"
                     f"                            verify=False)\n\n")
        parts.append(f"r{i} = requests.get('{url}', verify=False)  \f# trailing\n")
    src = "".join(parts).replace("\n", newline)
    ours = _findings(src)
    assert len(ours) >= 36 and {c for c, *_ in ours} >= {"BOT201", "BOT402"}
    assert ours == _findings(src, monkeypatch, whole=True)


def test_a_file_with_one_finding_generates_its_statement_only(monkeypatch):
    """The nodes libcst generates to place one finding do not grow with the module (the
    whole-module positions generated every node: 16x the module, 16x the work)."""
    finding = ("import requests\n\ndef f():\n"
               "    return requests.get('https://api.binance.com/api/v3/account', verify=False)\n")
    filler = "".join(f"def g{i}(a, b):\n    c = a + b * {i}\n    return [c, a, b]\n\n" for i in range(40))
    counts = []
    real = CSTNode._codegen

    for n in (1, 16):
        calls = [0]

        def counting(self, state, *a, _calls=calls, **k):
            _calls[0] += 1
            return real(self, state, *a, **k)

        monkeypatch.setattr(CSTNode, "_codegen", counting)
        found = lint_source(finding + filler * n, "bot.py")
        monkeypatch.setattr(CSTNode, "_codegen", real)
        assert [(f.code, f.line) for f in found] == [("BOT402", 4)]
        counts.append(calls[0])
    assert counts[1] <= counts[0] * 1.5, counts


def test_positions_that_fail_in_a_rule_leave_the_file_analysed(monkeypatch):
    """libcst's codegen failing on a statement (its recursion surfaces as a KeyError) costs a
    rule's message its line, never the file: locate falls back to statement lines."""
    def fail(module):
        raise KeyError("codegen")

    monkeypatch.setattr(positions, "_token_index_state", fail)
    src = "import os, logging\nlog = logging.getLogger()\nK = os.environ['BINANCE_API_KEY']\nlog.info('k %s', K)\n"
    res = lint_bytes("bot.py", src.encode(), "python", None)
    assert res.errors == []
    assert [(f.code, f.line) for f in res.findings] == [("BOT201", 4)]
    assert any("positions" in n for n in res.notes)
