"""Fine-tune the embedding model on a labelled question set (``peel-qa model tune``).

A question set names, for each question, report substrings a correct passage holds. Every
chunk of an index whose text holds one of them is a *gold* chunk; each (question, gold text)
pair, the text being a gold chunk, one of its sentences holding the answer or the figure the
question expects, is a training example for sentence-transformers'
MultipleNegativesRankingLoss: the question should sit nearer its gold text than the other
texts of its batch (and its hard negative, when one is given).

Only answerable questions of the chosen split are read (``tune`` by default), so the check
half stays unseen. Batches never hold two examples that share a chunk, or a chunk that is
another example's gold: an in-batch "negative" that answers the question would teach the
wrong thing. The library's ``SentenceTransformerTrainer`` (with its no-duplicates sampler)
would need ``datasets`` and ``accelerate``; for about a hundred steps a plain torch loop does it.

The weights are saved as float16 (half the size, loaded back as float32: the config says so)
with ``tuning.json``, a record of what the model was trained on and how.
"""

from __future__ import annotations

import hashlib
import json
import random
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Callable, Iterator

import numpy as np

from .candidates import sentence_rows
from .evaluate import normalized
from .glossary import expand
from .store import IndexData

RECORD = "tuning.json"


class TuningError(Exception):
    """The question set or index gives nothing to train on, or the model cannot be trained or saved."""


@dataclass(frozen=True)
class TuneSettings:
    """The recipe of ``models/peel-minilm-l6``: 2 epochs, lr 3e-5, batch 16, seed 0, all three kinds of
    pairs, and hard negatives mined from an index of the stock model.

    ``pairs`` says what a question is paired with: its gold ``chunk`` (what passages are ranked
    by), also the gold chunks' ``sentence`` holding the answer (the answer sentence is scored on
    its own) and the ``figure`` it expects (a table row or grade, matched on label and values).
    """

    epochs: int = 2
    lr: float = 3e-5
    batch: int = 16
    seed: int = 0
    warmup: float = 0.1
    weight_decay: float = 0.01
    pairs: tuple[str, ...] = ("chunk", "sentence", "figure")


PAIR_KINDS = ("chunk", "sentence", "figure")


@dataclass(frozen=True)
class Example:
    """One training pair: the query as the engine embeds it, and a gold text (its key and text).

    Keys name what was embedded ("c12" a chunk, "s345" a sentence, "f7" a figure); ``gold`` holds
    every key that answers the question, so none of them is used as its negative.
    """

    question_id: str
    query: str
    key: str
    text: str
    gold: frozenset[str]
    negative: tuple[str, str] | None = None  # (key, text): a chunk ranked high for the question that does not answer it


def _same_label(a: str, b: str) -> bool:
    return normalized(a).lower().rstrip("*") == normalized(b).lower().rstrip("*")


def _gold_texts(q: dict[str, Any], answers: list[str], data: IndexData, rows: set[int],
                kinds: tuple[str, ...]) -> dict[str, str]:
    """Key -> embedded text of everything of ``kinds`` that answers ``q``, given its gold chunk ``rows``."""
    from .evaluate import figure_matches
    from .records import to_dict
    from .sentences import figure_text, sentence_text

    out = {f"c{i}": data.chunks[i].embed_text() for i in sorted(rows)} if "chunk" in kinds else {}
    if "sentence" in kinds:
        for s in sentence_rows(data, np.array(sorted(rows), dtype=np.int64)).tolist():
            i, a, b = (int(x) for x in data.sentences[s])
            said = normalized(data.chunks[i].text[a:b])
            if said and any(x in said or (len(said.split()) >= 5 and said in x) for x in answers):
                out[f"s{s}"] = sentence_text(data.chunks[i], a, b)
    expected = q.get("figure") if "figure" in kinds else None
    if expected and expected.get("label"):
        for k, f in enumerate(data.figures):
            if _same_label(expected["label"], f.label) and figure_matches(expected, to_dict(f)):
                out[f"f{k}"] = figure_text(f)
    return out


def parse_kinds(text: str) -> tuple[str, ...]:
    """``"chunk,sentence"`` -> the pair kinds, or :class:`TuningError` for none or an unknown one."""
    kinds = tuple(dict.fromkeys(k.strip() for k in text.split(",") if k.strip()))
    unknown = set(kinds) - set(PAIR_KINDS)
    if not kinds or unknown:
        raise TuningError(f"--pairs takes one or more of {', '.join(PAIR_KINDS)} (got {text!r})")
    return kinds


def examples(questions: list[dict[str, Any]], data: IndexData, kinds: tuple[str, ...] = PAIR_KINDS,
             ranked: Callable[[str], list[int]] | None = None) -> list[Example]:
    """One example per (answerable question, gold text of ``kinds``); questions with no gold chunk are skipped.

    A question's ``gold`` always holds its gold chunks, whatever ``kinds``, so that no chunk that
    answers it serves as a negative. With ``ranked`` (question -> chunk rows, best first: the
    engine's ranking), each example also carries a *hard negative*, the best-ranked chunk that
    holds none of the answers; questions whose ranking holds no such chunk are skipped.
    """
    parse_kinds(",".join(kinds))
    texts = [normalized(c.text) for c in data.chunks]
    out = []
    for q in questions:
        answers = [normalized(a) for a in q.get("answers", []) if a.strip()]
        if not q.get("answerable", True) or not answers:
            continue
        rows = {i for i, t in enumerate(texts) if any(a in t for a in answers)}
        shown = _gold_texts(q, answers, data, rows, kinds) if rows else {}
        gold = frozenset(shown) | {f"c{i}" for i in rows}
        negative = None
        if shown and ranked is not None:
            row = next((r for r in ranked(q["question"]) if r not in rows), None)
            if row is None:
                continue
            negative = (f"c{row}", data.chunks[row].embed_text())
        query = expand(normalized(q["question"]), data.glossary)
        out.extend(Example(q["id"], query, key, text, gold, negative) for key, text in shown.items())
    return out


def batches(items: list[Example], size: int, rng: random.Random) -> Iterator[list[Example]]:
    """Shuffled batches of at most ``size`` in which no text is two examples' positive, and no
    positive or hard negative answers another example of the batch (it would be its negative)."""
    if size < 1:
        raise TuningError("the batch size must be at least 1")
    pending = items[:]
    rng.shuffle(pending)
    while pending:
        batch, keys, golds, rest = [], set(), set(), []
        for ex in pending:
            negative = {ex.negative[0]} if ex.negative else set()
            if len(batch) < size and not ({ex.key} | negative) & golds and not (ex.gold & keys):
                batch.append(ex)
                keys |= {ex.key} | negative
                golds |= ex.gold
            else:
                rest.append(ex)
        yield batch
        pending = rest


def plan(items: list[Example], settings: "TuneSettings") -> list[list[Example]]:
    """Every epoch's batches, drawn with one generator seeded by ``settings.seed`` (so the learning-rate
    schedule knows the true number of steps). A lone example without a hard negative has nothing to
    be told apart from (its loss is 0), so such batches are left out."""
    rng = random.Random(settings.seed)
    steps = [b for _ in range(settings.epochs) for b in batches(items, settings.batch, rng)]
    return [b for b in steps if len(b) > 1 or b[0].negative]


def set_digest(path: Path) -> str:
    """The question set's sha256 (first 16 hex digits), recorded with the model."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()[:16]


def tune(base: str, items: list[Example], out: Path, settings: TuneSettings = TuneSettings(),
         record: dict[str, Any] | None = None, progress: Callable[[int, int, float], None] | None = None,
         force: bool = False) -> dict[str, Any]:
    """Train ``base`` (a model spec) on ``items`` and save it to ``out``; returns the record written beside it.

    ``out`` is written whole or not at all (see :func:`qa.tuning_loop.staged`); an existing model
    there is replaced only with ``force``, and a folder holding anything else never.
    """
    from .embed import resolve_model
    from .tuning_loop import check_out, save_half, staged, train

    if not str(base).strip():
        raise TuningError("--base must name a model")
    check_out(Path(out), force)
    steps = plan(items, settings)
    if not steps:
        raise TuningError("no training examples: no answerable question's answer is in any chunk of the index")
    started = time.perf_counter()
    with staged(Path(out)) as folder:
        model, loss = train(resolve_model(base), steps, settings, progress)
        save_half(model, folder)
        info = {"base_model": base, "settings": asdict(settings), "examples": len(items),
                "pairs": {kind: sum(e.key[0] == kind[0] for e in items) for kind in settings.pairs},
                "hard_negatives": sum(e.negative is not None for e in items),
                "questions": len({e.question_id for e in items}), "steps": len(steps), "final_loss": round(loss, 4),
                "train_seconds": round(time.perf_counter() - started, 1), **(record or {})}
        (folder / RECORD).write_text(json.dumps(info, indent=2) + "\n", encoding="utf-8")
    return info
