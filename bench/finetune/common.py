"""Shared helpers for the tune-split training experiments (never reads check questions for training)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
OUT = Path(__file__).resolve().parent / "out"  # models, indexes and results (not committed)
sys.path.insert(0, str(ROOT))

from qa.evaluate import DEFAULT_SET, load_questions, metrics, run  # noqa: E402
from qa.glossary import expand  # noqa: E402
from qa.store import load_data  # noqa: E402

KEYS = ("hit@1", "hit@3", "hit@5", "mrr", "figure_accuracy", "stray_figures", "abstention", "false_abstention")


def _norm(text: str) -> str:
    return " ".join(text.split())


def query_text(question: str, glossary: dict) -> str:
    """What Engine.ask embeds: the whitespace-collapsed question with the glossary expansion."""
    return expand(_norm(question), glossary)


def gold_rows(q: dict, chunks) -> list[int]:
    """Rows of chunks whose text contains one of the question's answers (same test as qa.evaluate.judge)."""
    answers = [_norm(a) for a in q.get("answers", [])]
    return [i for i, c in enumerate(chunks) if any(a in _norm(c.text) for a in answers)]


def training_pairs(index_dir: Path, split: str = "tune"):
    """(question dict, query text, gold rows) for answerable questions of ``split`` with at least one gold chunk."""
    assert split == "tune", "training data must come from the tune split only"
    data = load_data(index_dir)
    out = []
    for q in load_questions(DEFAULT_SET, split):
        if not q.get("answerable", True):
            continue
        rows = gold_rows(q, data.chunks)
        if rows:
            out.append((q, query_text(q["question"], data.glossary), rows))
    return data, out


def evaluate(index_dir: Path, transform=None, splits=("check", "tune")) -> dict:
    """Metrics per split for ``index_dir``; ``transform`` (optional) maps the engine's query vectors (n x d)."""
    from qa.engine import Engine
    from qa.web.api import result_json

    engine = Engine.load(Path(index_dir))
    if transform is not None:
        encode = engine.embedder.encode

        def wrapped(texts, *a, **kw):
            return transform(np.asarray(encode(texts, *a, **kw), dtype=np.float32)).astype(np.float32)

        engine.embedder = type("Wrapped", (), {"encode": staticmethod(wrapped), "dimension": 384})()
    out = {}
    tune_gold = {r for q in load_questions(DEFAULT_SET, "tune") if q.get("answerable", True)
                 for r in gold_rows(q, engine.data.chunks)}
    for split in splits:
        qs = load_questions(DEFAULT_SET, split)
        outcomes = run(qs, lambda q, k: result_json(engine.ask(q, k)))
        m = metrics(outcomes)
        out[split] = {k: m[k] for k in KEYS}
        if split == "check":  # analysis only: answerable check questions whose gold chunks all are / none is a tune gold
            golds = {q["id"]: set(gold_rows(q, engine.data.chunks)) for q in qs if q.get("answerable", True)}
            for name, keep in (("seen", lambda g: g and g <= tune_gold), ("unseen", lambda g: g and not g & tune_gold)):
                sub = [o for o in outcomes if o.id in golds and keep(golds[o.id])]
                ms = metrics(sub)
                out[f"check_{name}"] = {"n": len(sub), **{k: ms[k] for k in ("hit@1", "hit@5", "mrr")}}
    return out


def show(name: str, result: dict) -> str:
    lines = []
    for split, m in result.items():
        lines.append(f"{name:40s} {split:12s} " + " ".join(f"{k}={v}" for k, v in m.items()))
    return "\n".join(lines)


def append_result(name: str, result: dict, extra: dict | None = None) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with (OUT / "results.jsonl").open("a") as fh:
        fh.write(json.dumps({"name": name, **result, **(extra or {})}) + "\n")
