"""Hybrid retrieval: dense chunk, dense best-sentence and BM25 evidence, fused.

The default fusion is a weighted blend of the two cosines and BM25 scaled by
its best score (measured better than reciprocal rank fusion, which remains an
option). Everything here is arithmetic over vectors and scores computed at
build time; the only model pass per question is the question's own embedding.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from .records import Passage
from .store import IndexData


@dataclass(frozen=True)
class RetrievalConfig:
    """Fusion weights and thresholds, calibrated with ``peel-qa eval`` on the tuning half.

    ``answerable_threshold`` is on the blended score of the best passage;
    ``figure_threshold`` on :class:`qa.figmatch.FigureMatcher` scores.
    """

    rrf_k: float = 60.0
    dense_weight: float = 1.0
    sentence_weight: float = 0.5
    lexical_weight: float = 0.2
    figure_threshold: float = 0.9
    figure_margin: float = 0.08
    max_figures: int = 3
    fig_label: float = 0.15
    fig_query: float = 0.3
    fig_passage: float = 0.6
    grade_boost: bool = True
    answerable_threshold: float = 0.6
    fusion: str = "blend"  # "blend" (weighted cosines + BM25 / its max) or "rrf" (reciprocal rank)


@dataclass(frozen=True)
class Evidence:
    """Per-chunk signals for one question."""

    fused: np.ndarray
    dense: np.ndarray
    sentence: np.ndarray
    lexical: np.ndarray
    best_sentence: np.ndarray  # index into data.sentences of each chunk's best sentence


_GRADE_INTENT = re.compile(r"\b(grade[sd]?|grading|judge?ments?|judged|verdict|ratings?|rated|score[sd]?)\b", re.I)


def asks_for_grade(question: str) -> bool:
    """Whether the question asks for an inspection grade (judgment) rather than a fact."""
    return bool(_GRADE_INTENT.search(question))


def promote(ev: Evidence, chunk: int) -> None:
    """Put ``chunk`` first in the fused ranking (the passage that states the answer's figure)."""
    if chunk >= 0:
        ev.fused[chunk] = ev.fused.max() + 1e-3


def ranks(scores: np.ndarray) -> np.ndarray:
    """Rank of every entry (0 = best)."""
    order = np.argsort(-scores, kind="stable")
    ranks = np.empty_like(order)
    ranks[order] = np.arange(len(order))
    return ranks


def gather(data: IndexData, query_vector: np.ndarray, question: str, config: RetrievalConfig) -> Evidence:
    """Score every chunk of the index for one question."""
    n = len(data.chunks)
    dense = data.vectors.scores(query_vector)
    sims = data.sentence_vectors @ query_vector
    owner = data.sentences[:, 0]
    sentence = np.full(n, -1.0, dtype=np.float32)
    np.maximum.at(sentence, owner, sims)
    best = np.full(n, -1, dtype=np.int64)
    order = np.argsort(sims, kind="stable")  # ascending: the last write per chunk is its best
    best[owner[order]] = order
    lexical = data.lexical.scores(question)
    fused = np.zeros(n, dtype=np.float64)
    if config.fusion == "blend":
        top = lexical.max()
        fused += config.dense_weight * dense + config.sentence_weight * sentence
        fused += config.lexical_weight * (lexical / top if top > 0 else lexical)
        return Evidence(fused, dense, sentence, lexical, best)
    for weight, scores in ((config.dense_weight, dense), (config.sentence_weight, sentence), (config.lexical_weight, lexical)):
        if weight and (scores > 0).any():
            fused += weight / (config.rrf_k + 1 + ranks(scores))
    return Evidence(fused, dense, sentence, lexical, best)


def top_passages(data: IndexData, ev: Evidence, top_k: int) -> list[Passage]:
    """The ``top_k`` best chunks with their best sentence as the highlight."""
    order = np.argsort(-ev.fused, kind="stable")[:top_k]
    scale = ev.fused.max() or 1.0
    out = []
    for i in order:
        s = ev.best_sentence[i]
        span = (int(data.sentences[s, 1]), int(data.sentences[s, 2])) if s >= 0 else (0, len(data.chunks[i].text))
        out.append(Passage(data.chunks[i], round(float(ev.fused[i] / scale), 4), span))
    return out


def match_figures(data: IndexData, scores: np.ndarray, config: RetrievalConfig) -> list[tuple[int, float]]:
    """Indices and scores of the figures that match, best first; none under the threshold."""
    if not len(scores):
        return []
    order = np.argsort(-scores, kind="stable")
    best = scores[order[0]]
    if best < config.figure_threshold:
        return []
    floor = max(config.figure_threshold, best - config.figure_margin)
    return [(int(i), float(scores[i])) for i in order[: config.max_figures] if scores[i] >= floor]


_WORD = re.compile(r"[A-Za-z][A-Za-z-]*|\d+")


def vocabulary(texts: list[str]) -> set[str]:
    """Every lower-cased word and number of the indexed text."""
    return {w.lower() for t in texts for w in _WORD.findall(t)}


def unknown_names(question: str, vocab: set[str]) -> list[str]:
    """Names (capitalised words after the first) and numbers in ``question`` that the reports never use.

    A question about "Herefordshire", "2019" or "999 calls" that no indexed
    report mentions cannot be answered from them, however close its topic.
    """
    words = _WORD.findall(question.replace("'s ", " ").replace("’s ", " "))
    salient = [w for i, w in enumerate(words) if (i > 0 and w[0].isupper() and not w.isupper()) or w.isdigit()]
    return [w for w in salient if w.lower() not in vocab]


def answerable(ev: Evidence, config: RetrievalConfig, unknown: list[str]) -> tuple[bool, float]:
    """Whether the evidence is strong enough to answer, with its strength (the best fused score)."""
    strength = float(ev.fused.max())
    return strength >= config.answerable_threshold and not unknown, strength
