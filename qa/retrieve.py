"""Hybrid retrieval: dense chunk, dense sentence and BM25 evidence, fused by rank.

Everything here is arithmetic over vectors and scores computed at build time;
the only model pass per question is the question's own embedding.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .records import Passage
from .store import IndexData


@dataclass(frozen=True)
class RetrievalConfig:
    """Fusion weights and thresholds (calibrated with ``peel-qa eval`` on the tuning half)."""

    rrf_k: float = 60.0
    dense_weight: float = 1.0
    sentence_weight: float = 1.0
    lexical_weight: float = 1.0
    figure_threshold: float = 0.55
    figure_margin: float = 0.08
    max_figures: int = 3
    figure_boost: float = 1.0
    figure_boost_threshold: float = 0.9
    fig_label: float = 0.3
    fig_query: float = 0.15
    fig_passage: float = 0.1
    answerable_threshold: float = 0.45


@dataclass(frozen=True)
class Evidence:
    """Per-chunk signals for one question."""

    fused: np.ndarray
    dense: np.ndarray
    sentence: np.ndarray
    lexical: np.ndarray
    best_sentence: np.ndarray  # index into data.sentences of each chunk's best sentence


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


def boost_figure_chunks(ev: Evidence, matched: list[tuple[int, float]], figure_chunk: np.ndarray,
                        config: RetrievalConfig) -> None:
    """Raise the passage that states the best matching figure to the top of the fused ranking."""
    if not matched or not config.figure_boost or matched[0][1] < config.figure_boost_threshold:
        return
    chunk = figure_chunk[matched[0][0]]
    if chunk >= 0:
        ev.fused[chunk] += config.figure_boost * (ev.fused.max() - ev.fused[chunk] + 1e-6)


def answerable(ev: Evidence, config: RetrievalConfig) -> tuple[bool, float]:
    """Whether the best evidence is strong enough to answer, with its strength."""
    top = int(np.argmax(ev.fused))
    strength = float(max(ev.dense[top], ev.sentence[top]))
    return strength >= config.answerable_threshold, strength
