"""Measure retrieval quality on a question set, in-process or against a server.

Each question lists report substrings a correct passage contains, and the
figure values expected when a figure answers it. Metrics: hit@1/3/5, MRR@k,
figure accuracy (the first figure's values), stray figures (figures shown for a
question no figure answers), abstention on questions the
report does not answer, false abstention on those it does, latency p50/p95.
"""

from __future__ import annotations

import json
import statistics
import time
import urllib.request
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from .validate import MAX_QUESTION

DEFAULT_SET = Path(__file__).resolve().parents[1] / "tests" / "questions.jsonl"
Asker = Callable[[str, int], dict[str, Any]]


@dataclass(frozen=True)
class Outcome:
    """How one question went."""

    id: str
    category: str
    rank: int | None  # 1-based rank of the first correct passage, None if none in top k
    figure_ok: bool | None  # None when no figure is expected
    figures_shown: bool
    answerable_expected: bool
    answerable_said: bool
    ms: float


class QuestionSetError(Exception):
    """A question set file that cannot be read, or a line that is not a question object."""


def _problem(row: Any) -> str | None:
    """What is wrong with one question object, or None (the fields the eval and the tuner read)."""
    if not isinstance(row, dict):
        return "not a JSON object"
    if not isinstance(row.get("id"), str) or not row["id"]:
        return 'a question needs an "id" string'
    if not isinstance(row.get("question"), str) or not 1 <= len(normalized(row["question"])) <= MAX_QUESTION:
        return f'a question needs a "question" string of 1-{MAX_QUESTION} characters'
    if not isinstance(row.get("answerable", True), bool):
        return '"answerable" must be true or false'
    answers = row.get("answers", [])
    if not isinstance(answers, list) or not all(isinstance(a, str) and a.strip() for a in answers):
        return '"answers" must be a list of non-empty strings'
    figure = row.get("figure")
    if figure is not None and not (isinstance(figure, dict) and isinstance(figure.get("label"), str)
                                   and isinstance(figure.get("values"), dict)
                                   and all(isinstance(v, (str, int, float)) and not isinstance(v, bool)
                                           for v in figure["values"].values())):
        return '"figure" must be null or {"label": string, "values": {series: number or string}}'
    return None


def load_questions(path: Path, split: str | None = None) -> list[dict[str, Any]]:
    """The questions of ``path`` (JSON lines) in ``split`` (None or "all": every one)."""
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise QuestionSetError(f"cannot read the question set {path}: {exc}") from exc
    rows = []
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise QuestionSetError(f"{path}, line {number}: not JSON ({exc.msg})") from exc
        problem = _problem(row)
        if problem:
            raise QuestionSetError(f"{path}, line {number}: {problem}")
        rows.append(row)
    return [r for r in rows if split in (None, "all") or r.get("split") == split]


def normalized(text: str) -> str:
    """``text`` with its runs of white space collapsed: the form answers and passages are compared in."""
    return " ".join(text.split())


def _same(expected: Any, got: Any) -> bool:
    if isinstance(expected, str) or isinstance(got, str):
        return str(expected).lower() == str(got).lower()
    return got is not None and abs(float(expected) - float(got)) < 0.051


def figure_matches(expected: dict[str, Any], figure: dict[str, Any]) -> bool:
    values = figure.get("values") or {}
    return all(k in values and _same(v, values[k]) for k, v in expected["values"].items())


def judge(q: dict[str, Any], response: dict[str, Any], ms: float) -> Outcome:
    answers = [normalized(a) for a in q.get("answers", [])]
    rank = None
    for i, p in enumerate(response["passages"], 1):
        text = normalized(p["text"])
        if any(a in text for a in answers):
            rank = i
            break
    figure_ok = None
    if q.get("figure"):
        figs = response.get("figures") or []
        figure_ok = bool(figs) and figure_matches(q["figure"], figs[0])
    return Outcome(q["id"], q["category"], rank, figure_ok, bool(response.get("figures")),
                   bool(q.get("answerable", True)), bool(response["answerable"]), ms)


def engine_asker(index_dir: Path) -> Asker:
    from .engine import Engine
    from .web.api import result_json

    engine = Engine.load(index_dir)
    engine.embedder.encode(["warm up"])  # load the model before anything is timed
    return lambda question, k: result_json(engine.ask(question, k))


def url_asker(url: str) -> Asker:
    def ask(question: str, k: int) -> dict[str, Any]:
        body = json.dumps({"question": question, "top_k": k}).encode()
        req = urllib.request.Request(url.rstrip("/") + "/ask", body, {"Content-Type": "application/json"})
        with urllib.request.urlopen(req, timeout=60) as resp:
            return json.loads(resp.read())
    return ask


def run(questions: list[dict[str, Any]], ask: Asker, k: int = 5) -> list[Outcome]:
    out = []
    for q in questions:
        started = time.perf_counter()
        response = ask(q["question"], k)
        out.append(judge(q, response, (time.perf_counter() - started) * 1000))
    return out


def metrics(outcomes: list[Outcome]) -> dict[str, Any]:
    """Aggregate metrics over outcomes (answerable questions for hits)."""
    ans = [o for o in outcomes if o.answerable_expected]
    una = [o for o in outcomes if not o.answerable_expected]
    figs = [o for o in outcomes if o.figure_ok is not None]
    no_figs = [o for o in outcomes if o.figure_ok is None]
    hit = lambda n: round(sum(o.rank is not None and o.rank <= n for o in ans) / len(ans), 3) if ans else None
    ms = sorted(o.ms for o in outcomes)
    return {
        "questions": len(outcomes), "hit@1": hit(1), "hit@3": hit(3), "hit@5": hit(5),
        "mrr": round(sum(1 / o.rank for o in ans if o.rank) / len(ans), 3) if ans else None,
        "figure_accuracy": round(sum(o.figure_ok for o in figs) / len(figs), 3) if figs else None,
        "stray_figures": round(sum(o.figures_shown for o in no_figs) / len(no_figs), 3) if no_figs else None,
        "abstention": round(sum(not o.answerable_said for o in una) / len(una), 3) if una else None,
        "false_abstention": round(sum(not o.answerable_said for o in ans) / len(ans), 3) if ans else None,
        "p50_ms": round(statistics.median(ms), 1) if ms else None,
        "p95_ms": round(ms[min(len(ms) - 1, int(0.95 * len(ms)))], 1) if ms else None,
    }


def report(outcomes: list[Outcome]) -> dict[str, Any]:
    """Overall metrics, metrics by category, and the misses."""
    by_cat: dict[str, list[Outcome]] = defaultdict(list)
    for o in outcomes:
        by_cat[o.category].append(o)
    misses = [o.id for o in outcomes if o.answerable_expected and o.rank != 1]
    return {"overall": metrics(outcomes), "by_category": {c: metrics(v) for c, v in sorted(by_cat.items())},
            "not_first": misses,
            "figure_misses": [o.id for o in outcomes if o.figure_ok is False],
            "wrong_abstention": [o.id for o in outcomes if o.answerable_said == (not o.answerable_expected)]}
