"""Hybrid retrieval: dense chunk, dense sentence and BM25 evidence, fused by rank.

Everything here is arithmetic over vectors and scores computed at build time;
the only model pass per question is the question's own embedding.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .lexical import tokenize
from .records import Figure, Passage
from .sentences import figure_text
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
    answerable_threshold: float = 0.45


@dataclass(frozen=True)
class Evidence:
    """Per-chunk signals for one question."""

    fused: np.ndarray
    dense: np.ndarray
    sentence: np.ndarray
    lexical: np.ndarray
    best_sentence: np.ndarray  # index into data.sentences of each chunk's best sentence


def _ranks(scores: np.ndarray) -> np.ndarray:
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
            fused += weight / (config.rrf_k + 1 + _ranks(scores))
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


def match_figures(data: IndexData, query_vector: np.ndarray, question: str, config: RetrievalConfig) -> list[tuple[Figure, float]]:
    """Figures whose label, title or period match the question, best first."""
    if not data.figures:
        return []
    dense = data.figure_vectors @ query_vector
    q_tokens = set(tokenize([question])[0])
    scores = []
    for figure, d in zip(data.figures, dense):
        label_tokens = set(tokenize([" ".join(filter(None, [figure.group, figure.label]))])[0])
        all_tokens = set(tokenize([figure_text(figure)])[0])
        label_cover = len(label_tokens & q_tokens) / len(label_tokens) if label_tokens else 0.0
        query_cover = len(all_tokens & q_tokens) / len(q_tokens) if q_tokens else 0.0
        scores.append(float(d) + 0.25 * label_cover + 0.15 * query_cover)
    order = np.argsort(scores)[::-1]
    best = scores[order[0]]
    if best < config.figure_threshold:
        return []
    keep = [i for i in order[: config.max_figures] if scores[i] >= max(config.figure_threshold, best - config.figure_margin)]
    return [(data.figures[i], scores[i]) for i in keep]


def answerable(ev: Evidence, config: RetrievalConfig) -> tuple[bool, float]:
    """Whether the best evidence is strong enough to answer, with its strength."""
    top = int(np.argmax(ev.fused))
    strength = float(max(ev.dense[top], ev.sentence[top]))
    return strength >= config.answerable_threshold, strength
