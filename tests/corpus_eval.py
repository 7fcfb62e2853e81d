"""BOT1 precision and recall on a labelled corpus (fixtures/corpus): the comparison.

Imported by tests/test_corpus.py (the gate) and scripts/eval_corpus.py (the report; -v lists
every FP and FN).

Each project under fixtures/corpus/<project>/ has an EXPECTED file listing every planted
credential as ``relative/path:line:CODE``.  botlint runs over each project (BOT1 rules at their
defaults, no cache, no configuration file) and its findings are compared with EXPECTED:

* a finding *matches* an expected secret when the paths are equal and the expected line lies in
  the finding's line span (a multi-line PEM or YAML block counts once);
* a match with the same code is a TP; a match with another BOT1 code is a TP at detection level
  and is also counted as a *code mismatch* (strict precision/recall count it as FP + FN);
* unmatched findings are FPs, unmatched expected secrets are FNs.
"""
from __future__ import annotations

import os
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Callable, Dict, List, Optional, Tuple

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CORPUS = os.path.join(ROOT, "fixtures", "corpus")

BOT1_DEFAULT = ["BOT1"]


@dataclass(frozen=True)
class Expected:
    path: str
    line: int
    code: str


@dataclass(frozen=True)
class Found:
    path: str
    line: int
    end_line: int
    code: str
    message: str = ""


@dataclass
class Result:
    project: str
    tp: List[Tuple[Expected, Found]] = field(default_factory=list)  # same code
    mismatch: List[Tuple[Expected, Found]] = field(default_factory=list)  # other BOT1 code
    fp: List[Found] = field(default_factory=list)
    fn: List[Expected] = field(default_factory=list)


def projects(corpus: str = CORPUS) -> List[str]:
    return sorted(d for d in os.listdir(corpus)
                  if not d.startswith(("_", ".")) and os.path.isfile(os.path.join(corpus, d, "EXPECTED")))


def read_expected(project_dir: str) -> List[Expected]:
    out = []
    with open(os.path.join(project_dir, "EXPECTED"), encoding="utf-8") as fh:
        for raw in fh:
            raw = raw.strip()
            if not raw or raw.startswith("#"):
                continue
            path, line, code = raw.rsplit(":", 2)
            out.append(Expected(path, int(line), code.strip()))
    return out


def _settings(select=None):
    from botlint.config import Settings

    s = Settings()
    s.select = list(select or BOT1_DEFAULT)
    s.resolve_rules()
    return s


def run_api(project_dir: str, select=None) -> List[Found]:
    from botlint.engine import lint_paths

    settings = _settings(select)
    settings.root = project_dir
    res = lint_paths([project_dir], settings, jobs=1, use_cache=False)
    out = []
    for f in res.findings:
        if not f.code.startswith("BOT1"):
            continue
        rel = os.path.relpath(f.path, project_dir).replace(os.sep, "/")
        out.append(Found(rel, f.location.line, f.location.end_line, f.code, f.message))
    return out


def compare(project: str, expected: List[Expected], found: List[Found]) -> Result:
    res = Result(project)
    by_path: Dict[str, List[Found]] = defaultdict(list)
    for f in found:
        by_path[f.path].append(f)
    used = set()
    pending: List[Expected] = []
    # pass 1: exact code; pass 2: any BOT1 code on the same span
    for e in expected:
        hit = next((i for i, f in enumerate(found) if i not in used and f.path == e.path
                    and f.line <= e.line <= f.end_line and f.code == e.code), None)
        if hit is None:
            pending.append(e)
            continue
        used.add(hit)
        res.tp.append((e, found[hit]))
    for e in pending:
        hit = next((i for i, f in enumerate(found) if i not in used and f.path == e.path
                    and f.line <= e.line <= f.end_line), None)
        if hit is None:
            res.fn.append(e)
            continue
        used.add(hit)
        res.mismatch.append((e, found[hit]))
    res.fp = [f for i, f in enumerate(found) if i not in used]
    return res


def evaluate(corpus: str = CORPUS, runner: Callable[..., List[Found]] = run_api, select=None) -> List[Result]:
    out = []
    for p in projects(corpus):
        pdir = os.path.join(corpus, p)
        out.append(compare(p, read_expected(pdir), runner(pdir, select)))
    return out


def _ratio(a: int, b: int) -> Optional[float]:
    return a / b if b else None


def totals(results: List[Result]) -> dict:
    tp = sum(len(r.tp) for r in results)
    mm = sum(len(r.mismatch) for r in results)
    fp = sum(len(r.fp) for r in results)
    fn = sum(len(r.fn) for r in results)
    return {
        "tp": tp, "mismatch": mm, "fp": fp, "fn": fn,
        # detection level: a secret found under another BOT1 code still counts as found
        "precision": _ratio(tp + mm, tp + mm + fp),
        "recall": _ratio(tp + mm, tp + mm + fn),
        # strict: the code must match too
        "strict_precision": _ratio(tp, tp + mm + fp),
        "strict_recall": _ratio(tp, tp + mm + fn),
    }


def per_code(results: List[Result]) -> Dict[str, dict]:
    """Recall per expected code, precision per reported code (strict: code must match)."""
    exp = Counter()
    rep = Counter()
    tp = Counter()
    det = Counter()  # expected code detected under any code
    for r in results:
        for e, f in r.tp:
            exp[e.code] += 1
            rep[f.code] += 1
            tp[e.code] += 1
            det[e.code] += 1
        for e, f in r.mismatch:
            exp[e.code] += 1
            rep[f.code] += 1
            det[e.code] += 1
        for e in r.fn:
            exp[e.code] += 1
        for f in r.fp:
            rep[f.code] += 1
    out = {}
    for code in sorted(set(exp) | set(rep)):
        out[code] = {
            "expected": exp[code], "reported": rep[code], "tp": tp[code], "detected": det[code],
            "precision": _ratio(tp[code], rep[code]),
            "recall": _ratio(tp[code], exp[code]),
            "detect_recall": _ratio(det[code], exp[code]),
        }
    return out


def _pct(x: Optional[float]) -> str:
    return "  n/a" if x is None else f"{x * 100:5.1f}%"


def report(results: List[Result], verbose: bool = False) -> str:
    lines = []
    lines.append(f"{'project':<22} {'exp':>4} {'TP':>4} {'mis':>4} {'FP':>4} {'FN':>4}  {'prec':>6} {'recall':>6}")
    for r in results:
        t = totals([r])
        n_exp = len(r.tp) + len(r.mismatch) + len(r.fn)
        lines.append(f"{r.project:<22} {n_exp:>4} {t['tp']:>4} {t['mismatch']:>4} {t['fp']:>4} {t['fn']:>4}"
                     f"  {_pct(t['precision'])} {_pct(t['recall'])}")
    t = totals(results)
    n_exp = t["tp"] + t["mismatch"] + t["fn"]
    lines.append(f"{'TOTAL':<22} {n_exp:>4} {t['tp']:>4} {t['mismatch']:>4} {t['fp']:>4} {t['fn']:>4}"
                 f"  {_pct(t['precision'])} {_pct(t['recall'])}")
    lines.append(f"strict (code must match): precision {_pct(t['strict_precision'])}, "
                 f"recall {_pct(t['strict_recall'])}")
    lines.append("")
    lines.append(f"{'code':<7} {'exp':>4} {'rep':>4} {'TP':>4} {'det':>4}  {'prec':>6} {'recall':>6} {'det.rec':>7}")
    for code, c in per_code(results).items():
        lines.append(f"{code:<7} {c['expected']:>4} {c['reported']:>4} {c['tp']:>4} {c['detected']:>4}"
                     f"  {_pct(c['precision'])} {_pct(c['recall'])} {_pct(c['detect_recall']):>7}")
    if verbose:
        for r in results:
            for f in r.fp:
                lines.append(f"FP  {r.project}/{f.path}:{f.line} {f.code} {f.message}")
            for e in r.fn:
                lines.append(f"FN  {r.project}/{e.path}:{e.line} {e.code}")
            for e, f in r.mismatch:
                lines.append(f"MIS {r.project}/{e.path}:{e.line} expected {e.code}, got {f.code} {f.message}")
    return "\n".join(lines)
