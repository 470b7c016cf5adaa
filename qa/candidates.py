"""Which chunks a question scores in full: all of them for a small index, a candidate pool for a large one.

Below ``EXACT_LIMIT`` chunks (a few dozen reports) every chunk is scored, as
the quality figures in the README were measured. Above it the pool is the
union of the dense top-k (one matrix product over an exact index's vectors, the
inverted file's search over a large one) and the BM25 top-k, so a question costs
about the same at 300,000 chunks as at 3,000: only the pool's sentence
vectors are read (row by row from disk, for a large index) and only its figures are matched.
A documents filter limits the pool to those documents' chunks.
"""

from __future__ import annotations

import numpy as np

from .store import IndexData

EXACT_LIMIT = 20_000
POOL = 200


def contiguous_spans(ids: list[str]) -> dict[str, tuple[int, int]]:
    """First and end row of each id in a list where every id's rows are contiguous."""
    spans: dict[str, tuple[int, int]] = {}
    for row, key in enumerate(ids):
        first = spans.get(key, (row, row))[0]
        spans[key] = (first, row + 1)
    return spans


def document_rows(data: IndexData) -> dict[str, tuple[int, int]]:
    """First and end chunk row of every document (a build stores chunks document by document)."""
    return contiguous_spans([c.document for c in data.chunks])


def allowed_rows(spans: dict[str, tuple[int, int]], documents: list[str] | None) -> np.ndarray | None:
    """Chunk rows of ``documents`` (None: every document)."""
    if documents is None:
        return None
    ranges = [np.arange(*spans[d]) for d in dict.fromkeys(documents) if d in spans]
    return np.concatenate(ranges) if ranges else np.zeros(0, dtype=np.int64)


def highest(scores: np.ndarray, k: int) -> np.ndarray:
    """Indices of the ``k`` highest scores (fewer if there are fewer), in no order: a partial sort."""
    k = min(k, len(scores))
    return np.argpartition(-scores, k - 1)[:k] if k > 0 else np.zeros(0, dtype=np.int64)


def pool(data: IndexData, query_vector: np.ndarray, lexical: np.ndarray, allowed: np.ndarray | None,
         limit: int = EXACT_LIMIT, size: int = POOL) -> np.ndarray | None:
    """Rows to score in full, or None for all; ``allowed`` when it is small enough to score exactly."""
    n = len(data.chunks) if allowed is None else len(allowed)
    if n <= limit:
        return allowed
    dense = _dense_top(data, query_vector, allowed, size)
    scores = lexical if allowed is None else lexical[allowed]
    top = highest(scores, size)
    top = top[scores[top] > 0]
    return np.union1d(dense, top if allowed is None else allowed[top]).astype(np.int64)


def _dense_top(data: IndexData, query_vector: np.ndarray, allowed: np.ndarray | None, size: int) -> np.ndarray:
    """The ``size`` rows nearest the question: one matrix product and a partial sort when the exact
    vectors are in memory (faster than FAISS's flat search for one question), else the FAISS index."""
    if data.vectors.exact and isinstance(data.chunk_vectors, np.ndarray):
        rows = np.arange(len(data.chunks)) if allowed is None else allowed
        sims = (data.chunk_vectors if allowed is None else data.chunk_vectors[allowed]) @ query_vector
        return rows[highest(sims, size)]
    _, ids = data.vectors.search(query_vector, size, allowed)
    return ids[0][ids[0] >= 0]


def sentence_rows(data: IndexData, rows: np.ndarray) -> np.ndarray:
    """Indices of the sentences of chunk ``rows`` (sentences are stored in chunk order)."""
    owner = data.sentences[:, 0]
    starts = np.searchsorted(owner, rows, side="left")
    ends = np.searchsorted(owner, rows, side="right")
    return np.concatenate([np.arange(a, b) for a, b in zip(starts, ends)]) if len(rows) else np.zeros(0, np.int64)
