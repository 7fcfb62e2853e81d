"""botlint's secrets pass vs detect-secrets on detect-secrets' OWN plugin test cases (issue 11).

The project never copies another tool's test files, so this script fetches them at run time:
``pip download --no-deps --no-binary :all: detect-secrets==<pinned>`` into a temp dir, unpacks
the sdist and reads ``tests/plugins/*_test.py`` there.  (The sdists on PyPI have held no tests/
so far; then the script says so and stops with exit 2.  ``--tests-dir`` points it at the
tests/plugins folder of a detect-secrets checkout you have instead.)

The test files are parsed with ``ast`` and never imported or executed: each
``pytest.mark.parametrize`` table is evaluated by a small literal evaluator (strings, numbers,
tuples/lists, ``+``/``*``, ``.format``, ``textwrap.dedent``, slices and module/class constants);
a table it cannot evaluate, or whose expectation it cannot tell, is counted as skipped.

Each case's payload becomes a small file; botlint (``lint_source``, BOT1 selected) and
detect-secrets (``scan_file`` with its default plugins) scan it; a case is flagged when any
finding/secret is reported.  Payloads are shown with every secret-looking token masked.

Usage: python bench/ds_plugin_tests.py [--version X] [--keep DIR] [--tests-dir DIR]
"""
from __future__ import annotations

import argparse
import ast
import glob
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import textwrap
import zipfile
from collections import defaultdict
from typing import Any, Dict, List, Optional, Tuple

PAYLOAD_NAMES = ("payload", "file_content", "content", "line", "secret", "token", "text", "string",
                 "value", "data", "test_input")
EXPECT_NAMES = ("should_flag", "expected", "expected_result", "expected_output", "is_secret",
                "should_be_flagged", "result", "output", "expected_secret")
FILENAME_NAMES = ("filename", "file_name", "path", "file_type", "extension", "ext")


def pinned_version() -> str:
    from importlib.metadata import version

    return version("detect-secrets")  # the installed one satisfies botlint's pin (pyproject.toml)


class Unknown(Exception):
    pass


class Evaluator:
    """Evaluates the constant expressions parametrize tables are written in.  Hand-written
    because ``ast.literal_eval`` refuses names, ``*`` and ``.format`` the tables use, and
    executing the test module is what this script must never do."""

    def __init__(self, env: Dict[str, Any]):
        self.env = env

    def __call__(self, node: ast.AST) -> Any:
        if isinstance(node, ast.Constant):
            return node.value
        if isinstance(node, (ast.Tuple, ast.List, ast.Set)):
            items = [self(e) for e in node.elts]
            return set(items) if isinstance(node, ast.Set) else (
                tuple(items) if isinstance(node, ast.Tuple) else items)
        if isinstance(node, ast.Dict):
            return {self(k): self(v) for k, v in zip(node.keys, node.values) if k is not None}
        if isinstance(node, ast.Name):
            if node.id in self.env:
                return self.env[node.id]
            raise Unknown(node.id)
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "self":
            raise Unknown("self")
        if isinstance(node, ast.BinOp):
            left, right = self(node.left), self(node.right)
            if isinstance(node.op, ast.Add):
                return left + right
            if isinstance(node.op, ast.Mult):
                return left * right
            if isinstance(node.op, ast.Mod):
                return left % right
            raise Unknown("op")
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
            return not self(node.operand)
        if isinstance(node, ast.JoinedStr):
            out = []
            for part in node.values:
                if isinstance(part, ast.FormattedValue):
                    out.append(str(self(part.value)))
                else:
                    out.append(self(part))
            return "".join(out)
        if isinstance(node, ast.Subscript):
            base = self(node.value)
            sl = node.slice
            if isinstance(sl, ast.Slice):
                return base[slice(*(None if p is None else self(p) for p in (sl.lower, sl.upper, sl.step)))]
            return base[self(sl)]
        if isinstance(node, ast.Call):
            func = node.func
            if isinstance(func, ast.Attribute):
                if func.attr == "format":
                    return self(func.value).format(*[self(a) for a in node.args],
                                                   **{k.arg: self(k.value) for k in node.keywords if k.arg})
                if func.attr == "dedent":
                    return textwrap.dedent(self(node.args[0]))
                if func.attr in ("strip", "lstrip", "rstrip", "lower", "upper", "encode", "decode"):
                    return getattr(self(func.value), func.attr)(*[self(a) for a in node.args])
                if func.attr == "join":
                    return self(func.value).join(self(node.args[0]))
                if func.attr == "param":  # pytest.param(*values, id=...)
                    return tuple(self(a) for a in node.args)
            if isinstance(func, ast.Name) and func.id in ("str", "tuple", "list", "bool") and node.args:
                return {"str": str, "tuple": tuple, "list": list, "bool": bool}[func.id](self(node.args[0]))
            raise Unknown("call")
        raise Unknown(type(node).__name__)


def constants(tree: ast.Module) -> Dict[str, Any]:
    """Module- and class-level NAME = <constant expression> (later ones may use earlier)."""
    env: Dict[str, Any] = {}
    ev = Evaluator(env)
    bodies = [tree.body] + [n.body for n in tree.body if isinstance(n, ast.ClassDef)]
    for body in bodies:
        for stmt in body:
            if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Name):
                try:
                    env[stmt.targets[0].id] = ev(stmt.value)
                except (Unknown, Exception):  # noqa: B014 - any failure: the name stays unknown
                    pass
    return env


def _argnames(node: ast.AST, ev: Evaluator) -> List[str]:
    names = ev(node)
    if isinstance(names, str):
        return [n.strip() for n in names.split(",") if n.strip()]
    return [str(n) for n in names]


def _expectation_from_name(func_name: str) -> Optional[bool]:
    low = func_name.lower()
    if re.search(r"(negative|not_|_no_|false|ignore|invalid|should_not|non_|_fail|skip)", low):
        return False
    if re.search(r"(positive|_analyze|_valid|flag|detect|match|secret|find|success)", low):
        return True
    return None


def extract(path: str) -> Tuple[List[dict], int, List[str]]:
    """(cases, skipped tables' rows, notes) of one test file."""
    with open(path, encoding="utf-8") as fh:
        tree = ast.parse(fh.read(), filename=path)
    env = constants(tree)
    ev = Evaluator(env)
    cases: List[dict] = []
    skipped = 0
    notes: List[str] = []
    for func in ast.walk(tree):
        if not isinstance(func, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        for deco in func.decorator_list:
            if not (isinstance(deco, ast.Call) and isinstance(deco.func, ast.Attribute)
                    and deco.func.attr == "parametrize" and len(deco.args) >= 2):
                continue
            try:
                names = _argnames(deco.args[0], ev)
            except Exception:  # noqa: BLE001 - a table this evaluator cannot read is skipped
                rows_node = deco.args[1]
                skipped += len(getattr(rows_node, "elts", [])) or 1
                notes.append(f"{func.name}: argnames unreadable")
                continue
            pay = next((i for i, n in enumerate(names) if n in PAYLOAD_NAMES), None)
            exp = next((i for i, n in enumerate(names) if n in EXPECT_NAMES), None)
            fnm = next((i for i, n in enumerate(names) if n in FILENAME_NAMES), None)
            rows_node = deco.args[1]
            row_nodes = getattr(rows_node, "elts", None)
            if row_nodes is None:
                try:
                    row_nodes = [ast.Constant(r) for r in ev(rows_node)]
                except Exception:  # noqa: BLE001
                    skipped += 1
                    notes.append(f"{func.name}: table unreadable")
                    continue
            default = _expectation_from_name(func.name) if exp is None else None
            if pay is None or (exp is None and default is None):
                skipped += len(row_nodes)
                notes.append(f"{func.name}({', '.join(names)}): no payload/expectation column")
                continue
            for rn in row_nodes:
                try:
                    row = ev(rn)
                    if len(names) == 1 and not (isinstance(row, tuple) and len(row) == 1):
                        row = (row,)
                    payload = row[pay]
                    if exp is not None and not isinstance(row[exp], bool) and "analyze" not in func.name:
                        # e.g. aws's test_get_secret_access_key: a helper's output, not a plugin verdict
                        raise Unknown("not a plugin verdict")
                    expected = bool(row[exp]) if exp is not None else default
                    if isinstance(payload, bytes):
                        payload = payload.decode("utf-8", "replace")
                    if not isinstance(payload, str):
                        raise Unknown("payload type")
                    filename = row[fnm] if fnm is not None else None
                    if filename is not None and not isinstance(filename, str):
                        filename = None
                except Exception:  # noqa: BLE001 - a row this evaluator cannot read is skipped
                    skipped += 1
                    continue
                cases.append({"test": func.name, "payload": payload, "expected": expected,
                              "filename": filename})
    return cases, skipped, notes


def file_name_for(test_file: str, given: Optional[str]) -> str:
    if given:
        base = os.path.basename(given)
        if base.startswith(".") and base.count(".") == 1:  # an extension such as ".py"
            return "case" + base
        return base if "." in base else "case." + base.lstrip(".")
    low = os.path.basename(test_file).lower()
    for ext in ("yaml", "ini", "py", "json", "xml"):
        if ext in low:
            return f"case.{ext}"
    return "case.txt"  # a plain text/config line


def wrapped(plugin_test: str) -> bool:
    """Whether botlint's adapter wraps the plugin this test file is about (its docstring says why
    the others are left out); test files are named after the plugin module (``aws_key`` ->
    ``aws``)."""
    from botlint.secrets.ds_adapter import _PLUGINS

    return any(plugin_test == module or plugin_test.startswith(module + "_") for module, _cls in _PLUGINS)


def botlint_flags(text: str, filename: str, settings: Any) -> bool:
    import botlint

    return bool(botlint.lint_source(text, filename, settings))


def ds_flags(path: str) -> bool:
    from detect_secrets.core.scan import scan_file
    from detect_secrets.settings import default_settings

    with default_settings():
        return any(True for _ in scan_file(path))


TOKEN = re.compile(r"[^\s'\"=:,;()\[\]{}<>]{8,}")


def generated(payload: str) -> bool:
    """Whether some token of the payload looks machine-generated by botlint's own judgement
    (``analysis.values.looks_random``): a miss without one is a placeholder by policy."""
    from botlint.analysis.values import looks_random

    return any(looks_random(t) for t in TOKEN.findall(payload))


FILLER = re.compile(r"([xXzZ0*.])\1{5,}")


def real_shapes(payload: str, seed: int) -> str:
    """The payload with each filler run (six or more of one ``x``, ``Z``, ``0``... as the test
    tables write a token's body) replaced by random characters of the same case: the credential
    the test stands for, for ``--real-shapes``.  Seeded per case, so runs repeat."""
    import random
    import string

    rng = random.Random(seed)

    def fill(m: "re.Match[str]") -> str:
        c = m.group(1)
        alphabet = (string.ascii_uppercase + string.digits if c.isupper() else
                    string.ascii_lowercase + string.digits if c.islower() else string.digits)
        return "".join(rng.choice(alphabet) for _ in m.group(0))

    return FILLER.sub(fill, payload)


def masked(payload: str) -> str:
    from botlint.text import escape

    first = payload.strip().splitlines()[0] if payload.strip() else ""
    shown = TOKEN.sub(lambda m: f"<{len(m.group())} chars>", first)
    more = payload.strip().count("\n")
    return escape(shown[:100]) + (f" (+{more} lines)" if more else "")


def fetch_tests(version: str, work: str) -> Optional[str]:
    """tests/plugins of the detect-secrets sdist, unpacked under ``work``; None when it has none."""
    dl = os.path.join(work, "download")
    os.makedirs(dl, exist_ok=True)
    proc = subprocess.run([sys.executable, "-m", "pip", "download", "-q", "--no-deps", "--no-binary", ":all:",
                           f"detect-secrets=={version}", "-d", dl], capture_output=True, text=True)
    if proc.returncode:
        sys.exit(f"error: pip download detect-secrets=={version} failed: {proc.stderr.strip()[-300:]}")
    for archive in sorted(os.listdir(dl)):
        full = os.path.join(dl, archive)
        dest = os.path.join(work, "src")
        if archive.endswith((".tar.gz", ".tgz")):
            with tarfile.open(full) as tar:
                members = [m for m in tar.getmembers() if m.isfile() and "/tests/" in m.name
                           and not os.path.isabs(m.name) and ".." not in m.name.split("/")]
                tar.extractall(dest, members=members)  # only regular files under tests/
        elif archive.endswith(".zip"):
            with zipfile.ZipFile(full) as zf:
                for name in zf.namelist():
                    if "/tests/" in name and ".." not in name.split("/") and not name.startswith("/"):
                        zf.extract(name, dest)
        found = glob.glob(os.path.join(dest, "*", "tests", "plugins"))
        if found:
            return found[0]
    return None


def main(argv: Optional[List[str]] = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--version", help="detect-secrets version (default: the installed one botlint pins)")
    ap.add_argument("--keep", metavar="DIR", help="work in DIR and keep it (download, case files)")
    ap.add_argument("--tests-dir", metavar="DIR",
                    help="read *_test.py from DIR (a detect-secrets checkout's tests/plugins) instead of the sdist")
    ap.add_argument("--real-shapes", action="store_true",
                    help="replace filler runs (xxxxxx, ZZZZZZ) with random characters first: does botlint find "
                         "the credential a case stands for (a second figure, not the tests' own)")
    args = ap.parse_args(argv)
    from botlint.config import Settings

    version = args.version or pinned_version()
    work = os.path.abspath(args.keep) if args.keep else tempfile.mkdtemp(prefix="ds-plugin-tests-")
    os.makedirs(work, exist_ok=True)
    try:
        if args.tests_dir:
            tests_dir: Optional[str] = args.tests_dir
            print(f"tests: {args.tests_dir} (installed detect-secrets {pinned_version()})")
        else:
            tests_dir = fetch_tests(version, work)
            if tests_dir is None:
                print(f"detect-secrets {version}: the sdist pip offers has no tests/ (PyPI is the only"
                      " source reachable here); nothing to measure.  Use --tests-dir with a checkout.",
                      file=sys.stderr)
                return 2
            print(f"tests: detect-secrets {version} sdist")
        settings = Settings(select=["BOT1"])
        per: Dict[str, Dict[str, List[int]]] = defaultdict(lambda: {"bl": [0, 0, 0, 0], "ds": [0, 0, 0, 0]})
        misses: List[Tuple[str, str, dict]] = []
        n_cases = n_skipped = 0
        cases_dir = os.path.join(work, "cases")
        os.makedirs(cases_dir, exist_ok=True)
        for test_file in sorted(glob.glob(os.path.join(tests_dir, "*_test.py"))):
            plugin = os.path.basename(test_file)[:-len("_test.py")]
            cases, skipped, _notes = extract(test_file)
            n_skipped += skipped
            for i, case in enumerate(cases):
                n_cases += 1
                if args.real_shapes:
                    case["payload"] = real_shapes(case["payload"], n_cases)
                name = file_name_for(test_file, case["filename"])
                case_dir = os.path.join(cases_dir, f"{plugin}-{i}")
                os.makedirs(case_dir, exist_ok=True)
                path = os.path.join(case_dir, name)
                with open(path, "w", encoding="utf-8") as fh:
                    fh.write(case["payload"] + ("" if case["payload"].endswith("\n") else "\n"))
                got = {"bl": botlint_flags(case["payload"], name, settings), "ds": ds_flags(path)}
                # counts: [positives, flagged positives, negatives, flagged negatives]
                for tool in ("bl", "ds"):
                    row = per[plugin][tool]
                    idx = 0 if case["expected"] else 2
                    row[idx] += 1
                    row[idx + 1] += got[tool]
                case["ds"] = got["ds"]
                if case["expected"] and not got["bl"]:
                    misses.append(("miss", plugin, case))
                elif not case["expected"] and got["bl"]:
                    misses.append(("FP", plugin, case))
        print(f"cases extracted: {n_cases}; rows skipped (not extractable): {n_skipped}\n")
        print("| plugin test | pos | neg | botlint recall | botlint FP rate | d-s recall | d-s FP rate |")
        print("|---|---|---|---|---|---|---|")
        total = {"bl": [0, 0, 0, 0], "ds": [0, 0, 0, 0]}
        inside = {"bl": [0, 0, 0, 0], "ds": [0, 0, 0, 0]}

        def rate(a: int, b: int) -> str:
            return f"{b / a:.2f}" if a else "-"

        for plugin in sorted(per) + ["ALL (wrapped plugins)", "ALL"]:
            if plugin == "ALL":
                bl, ds = total["bl"], total["ds"]
            elif plugin.startswith("ALL"):
                bl, ds = inside["bl"], inside["ds"]
            else:
                bl, ds = per[plugin]["bl"], per[plugin]["ds"]
                for tool in total:
                    total[tool] = [x + y for x, y in zip(total[tool], per[plugin][tool])]
                    if wrapped(plugin):
                        inside[tool] = [x + y for x, y in zip(inside[tool], per[plugin][tool])]
            mark = "" if plugin.startswith("ALL") or wrapped(plugin) else " (not wrapped)"
            print(f"| {plugin}{mark} | {bl[0]} | {bl[2]} | {rate(bl[0], bl[1])} | {rate(bl[2], bl[3])} "
                  f"| {rate(ds[0], ds[1])} | {rate(ds[2], ds[3])} |")
        fillers = sum(1 for what, _p, case in misses if what == "miss" and not generated(case["payload"]))
        print(f"\nbotlint misses: {sum(1 for m in misses if m[0] == 'miss')}, of which {fillers} hold no"
              " value that looks generated (x/Z runs, words, IP addresses: botlint's placeholder policy)")
        print("\nbotlint misses and false positives (payload tokens masked):")
        for what, plugin, case in misses:
            note = ("d-s flags it" if case["ds"] else "d-s misses it too") if what == "miss" else (
                "d-s flags it too" if case["ds"] else "d-s does not")
            if what == "miss" and not generated(case["payload"]):
                note += "; no generated-looking value"
            if not wrapped(plugin):
                note += "; plugin not wrapped"
            print(f"  {what:4} {plugin}/{case['test']} [{file_name_for(plugin, case['filename'])}] ({note}): "
                  f"{masked(case['payload'])}")
        return 0
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
