"""Hybrid retrieval: dense chunk, dense best-sentence, BM25 and term-coverage evidence, fused.

The default fusion is a weighted blend of the two cosines, BM25 scaled by its
best score and the idf-weighted share of the question's terms a chunk holds,
plus a prior for the kind of passage asked for (measured better than
reciprocal rank fusion, which remains an option). Everything here is arithmetic over vectors and scores computed at
build time; the only model pass per question is the question's own embedding.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .records import Passage
from .candidates import EXACT_LIMIT, POOL, highest, pool, sentence_rows
from .store import IndexData


@dataclass(frozen=True)
class RetrievalConfig:
    """Fusion weights, priors and thresholds, calibrated with ``peel-qa eval`` on the tuning half.

    ``answerable_threshold`` is on the blended score of the best passage;
    ``figure_threshold``, ``grade_threshold`` and ``named_threshold`` on
    :class:`qa.figmatch.FigureMatcher` scores.
    """

    rrf_k: float = 60.0
    dense_weight: float = 1.0
    sentence_weight: float = 0.5
    lexical_weight: float = 0.2
    coverage_weight: float = 0.05  # idf-weighted share of the question's terms a chunk contains
    definition_weight: float = 0.1  # bonus to footnotes (the reports' definitions) when a term is asked about
    spelled_weight: float = 0.1  # bonus to passages spelling out an abbreviation asked about ("… (NCA)")
    figure_threshold: float = 0.9
    figure_margin: float = 0.08
    grade_threshold: float = 0.5  # for grade questions: a report holds few judgments, and one is asked for
    max_figures: int = 3
    fig_label: float = 0.15
    fig_query: float = 0.3
    fig_passage: float = 0.6
    fig_period: float = 0.1
    fig_polarity: float = 0.1  # taken from a figure whose label negates a word the question asserts, or the reverse
    fig_prose: float = 0.5  # handicap of a statistic stated only in a sentence (qa.figures_prose)
    fig_movement: float = 0.1  # handicap of a level when the question asks how much something rose or fell
    fig_phrase: float = 0.2  # given to a figure stating a table label the question names, once one matched
    fig_counted: float = 0.3  # given back to a count stated in a sentence when the question counts its noun
    fig_counted_several: float = 0.15  # and more when the question asks other things too ("…, and from when?")
    fig_definition: bool = True  # a label's defining sentence and passage count as the figure's own
    # Grade questions: a report's few judgments are told apart by their own words ("tackling serious
    # and organised crime"), not by the overall summary passage that mentions every one of them.
    grade_passage: float = 0.1
    grade_label: float = 1.5
    named_threshold: float = 0.7  # for an amount asked for when the top figure's label shares a word with it
    area_weight: float = 0.2  # grade questions: share of the question's area words in a judgment's own headings
    named_grade: float = 0.5  # "which area still requires improvement?": judgments given the grade it names
    overall_bonus: float = 0.3  # to the judgment tagged Overall: "overall" asked, or no area named
    grade_boost: bool = True
    reserved: tuple[str, ...] = ("lexical", "dense")  # signals whose own best chunk gets one of the last places
    advice_weight: float = 0.15  # bonus to "Areas for improvement" passages when the question asks what to improve
    method_weight: float = 0.15  # bonus to "About the data" passages when the question asks how a statistic is made
    gap_weight: float = 0.15  # bonus to passages saying which forces could not supply data, when that is asked
    pointer_penalty: float = 0.3  # taken from chunks that only point elsewhere ("Please see 'X' above.")
    figure_first: bool = True  # a statistic asked for and matched: the passage stating it comes first
    answerable_threshold: float = 0.52  # the stock model's 0.6 at the same quantile of tune strengths
    passage_words: int = 240  # a shown passage: its chunk widened by neighbours' sentences to this many words (0: chunk only)
    table_words: int = 250  # a part of a long table: shown with its other parts up to this many words
    exact_limit: int = EXACT_LIMIT  # above this many chunks, only a candidate pool is scored in full
    pool: int = POOL  # dense and BM25 candidates each, for a large index
    sentence_pool: int = 100  # of those, the chunks whose sentences are scored
    fusion: str = "blend"  # "blend" (weighted cosines + BM25 / its max) or "rrf" (reciprocal rank)


@dataclass(frozen=True)
class Evidence:
    """Per-chunk signals for one question."""

    fused: np.ndarray
    dense: np.ndarray
    sentence: np.ndarray
    lexical: np.ndarray
    best_sentence: np.ndarray  # index into data.sentences of each chunk's best sentence
    rows: np.ndarray | None = None  # the chunks scored in full (None: all)
    prior: np.ndarray | None = None  # the per-chunk bonus or penalty for the kind of passage asked for


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


def gather(data: IndexData, query_vector: np.ndarray, question: str, config: RetrievalConfig,
           allowed: np.ndarray | None = None, prior: np.ndarray | None = None) -> Evidence:
    """Score the chunks of the index (or of the ``allowed`` rows) for one question.

    ``prior`` (one value per chunk) is added to the blended score. Chunks
    outside the scored pool (see :mod:`qa.candidates`) get a fused score of -inf.
    """
    n = len(data.chunks)
    lexical = data.lexical.scores(question)
    rows = pool(data, query_vector, lexical, allowed, config.exact_limit, config.pool)
    if rows is None:
        dense = np.asarray(data.chunk_vectors) @ query_vector  # every chunk: one product, no sort
        picked = np.arange(len(data.sentences))
        sentence_vectors = np.asarray(data.sentence_vectors)
    else:
        dense = np.full(n, -1.0, dtype=np.float32)
        dense[rows] = np.asarray(data.chunk_vectors[rows]) @ query_vector
        picked = sentence_rows(data, _narrow(rows, dense, lexical, config))
        sentence_vectors = data.sentence_vectors[picked]
    sims = sentence_vectors @ query_vector
    sentence, best = best_sentences(n, data.sentences[picked, 0], sims, picked)
    fused = _fuse(dense, sentence, lexical, config, rows)
    if config.fusion == "blend":
        if config.coverage_weight:
            fused += config.coverage_weight * data.lexical.coverage(question)
        if prior is not None:
            fused += prior
    return Evidence(fused, dense, sentence, lexical, best, rows, prior)


def _narrow(rows: np.ndarray, dense: np.ndarray, lexical: np.ndarray, config: RetrievalConfig) -> np.ndarray:
    """The pool's best ``config.sentence_pool`` rows by dense and BM25 evidence: only their sentences are read.

    In a large index sentence vectors are read from disk row by row; reading them
    for 100 chunks rather than 400 keeps a question's reads small. The others
    keep no sentence evidence.
    """
    if len(rows) <= config.sentence_pool:
        return rows
    top = lexical[rows].max(initial=0.0)
    partial = config.dense_weight * dense[rows] + config.lexical_weight * (lexical[rows] / top if top > 0 else 0.0)
    return np.sort(rows[np.argpartition(-partial, config.sentence_pool)[:config.sentence_pool]])


def best_sentences(n: int, owner: np.ndarray, sims: np.ndarray, ids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each chunk's best sentence score (-1 if none) and its sentence id (-1 if none).

    ``owner`` is sorted (sentences are stored in chunk order), so every chunk's
    sentences form one segment and a segmented maximum does it in C.
    """
    sentence = np.full(n, -1.0, dtype=np.float32)
    best = np.full(n, -1, dtype=np.int64)
    if not len(owner):
        return sentence, best
    starts = np.flatnonzero(np.r_[True, owner[1:] != owner[:-1]])
    chunks = owner[starts]
    sentence[chunks] = np.maximum.reduceat(sims, starts)
    hits = np.flatnonzero(sims == np.repeat(sentence[chunks], np.diff(np.r_[starts, len(owner)])))
    first = np.unique(owner[hits], return_index=True)[1]  # the first best sentence of each chunk
    best[owner[hits[first]]] = ids[hits[first]]
    return sentence, best


def _fuse(dense: np.ndarray, sentence: np.ndarray, lexical: np.ndarray, config: RetrievalConfig,
          rows: np.ndarray | None) -> np.ndarray:
    """The blended (or reciprocal-rank) score of every chunk; -inf outside ``rows``."""
    fused = np.zeros(len(dense), dtype=np.float64)
    if config.fusion == "blend":
        top = (lexical if rows is None else lexical[rows]).max(initial=0.0)
        fused += config.dense_weight * dense + config.sentence_weight * sentence
        fused += config.lexical_weight * (lexical / top if top > 0 else lexical)
    else:
        for weight, scores in ((config.dense_weight, dense), (config.sentence_weight, sentence),
                               (config.lexical_weight, lexical)):
            if weight and (scores > 0).any():
                fused += weight / (config.rrf_k + 1 + ranks(scores))
    if rows is not None:
        outside = np.ones(len(fused), dtype=bool)
        outside[rows] = False
        fused[outside] = -np.inf
    return fused


def best_first(ev: Evidence) -> np.ndarray:
    """Chunk rows by fused score, best first: every chunk, or only the scored pool of a large index."""
    if ev.rows is None:
        return np.argsort(-ev.fused, kind="stable")
    return ev.rows[np.argsort(-ev.fused[ev.rows], kind="stable")]


def passage_ranks(ev: Evidence) -> np.ndarray:
    """Rank of every chunk (0 = best); chunks outside the scored pool rank after all of it."""
    if ev.rows is None:
        return ranks(ev.fused)
    out = np.full(len(ev.fused), len(ev.rows), dtype=np.int64)
    out[best_first(ev)] = np.arange(len(ev.rows))
    return out


def _top(scores: np.ndarray, k: int) -> list[int]:
    """Indices of the ``k`` highest scores, best first (a partial sort)."""
    head = highest(scores, k)
    return [int(i) for i in head[np.argsort(-scores[head], kind="stable")]]


def top_passages(data: IndexData, ev: Evidence, top_k: int, reserved: tuple[str, ...] = ()) -> list[Passage]:
    """The ``top_k`` best scored chunks with their best sentence as the highlight.

    The last places (at most half of those after the first) go, one per named signal ("lexical",
    "dense", "sentence"), to the best chunk by that signal alone among those not already shown:
    a passage that one kind of evidence ranks high (an exact term BM25 finds, a paraphrase only
    the dense vector sees) still reaches the reader, and the blend's top places are kept. A chunk
    the prior penalises (a bare cross-reference) is not brought back this way.
    """
    order = [int(i) for i in best_first(ev)[:top_k] if np.isfinite(ev.fused[i])]
    reserved = reserved[:max(0, (top_k - 1) // 2)]
    if reserved and len(order) == top_k:
        keep = order[:top_k - len(reserved)]
        for signal in reserved:
            usable = np.isfinite(ev.fused) if ev.prior is None else np.isfinite(ev.fused) & (ev.prior >= 0)
            scores = np.where(usable, getattr(ev, signal), -np.inf)
            best = next((i for i in _top(scores, top_k + 1) if i not in keep), None)
            if best is not None and scores[best] > 0:
                keep.append(best)
        order = (keep + [i for i in order if i not in keep])[:top_k]
    scale = (ev.fused[order[0]] if order else 1.0) or 1.0
    out = []
    for i in order:
        s = ev.best_sentence[i]
        span = (int(data.sentences[s, 1]), int(data.sentences[s, 2])) if s >= 0 else (0, len(data.chunks[i].text))
        out.append(Passage(data.chunks[i], round(float(ev.fused[i] / scale), 4), span))
    return out


def match_figures(data: IndexData, scores: np.ndarray, config: RetrievalConfig,
                  threshold: float | None = None) -> list[tuple[int, float]]:
    """Indices and scores of the figures that match, best first; none under ``threshold``
    (``config.figure_threshold`` unless given)."""
    threshold = config.figure_threshold if threshold is None else threshold
    if not len(scores):
        return []
    order = np.argsort(-scores, kind="stable")
    best = scores[order[0]]
    if best < threshold:
        return []
    floor = max(threshold, best - config.figure_margin)
    return [(int(i), float(scores[i])) for i in order[: config.max_figures] if scores[i] >= floor]


def answerable(ev: Evidence, config: RetrievalConfig, unknown: list[str]) -> tuple[bool, float]:
    """Whether the evidence is strong enough to answer, with its strength (the best fused score)."""
    strength = float(ev.fused.max()) if len(ev.fused) else 0.0
    strength = strength if np.isfinite(strength) else 0.0
    return strength >= config.answerable_threshold and not unknown, strength
