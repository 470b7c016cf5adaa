"""The FAISS wrapper: inner-product search over normalised vectors, its type chosen by size.

One small class with build / search / save / load / count, as in txtai.
Below :data:`HNSW_THRESHOLD` vectors (a few hundred reports) an exact
``IndexFlatIP`` is both fast and exact; above it an ``IndexHNSWFlat`` graph
answers in about a millisecond where a flat scan would grow with the
collection. ``scripts/bench_scale.py`` measures its recall@10 against exact
search.
"""

from __future__ import annotations

from pathlib import Path

import faiss
import numpy as np

HNSW_THRESHOLD = 100_000
HNSW_M = 32
HNSW_EF_CONSTRUCTION = 80
HNSW_EF_SEARCH = 128


class VectorIndex:
    """Inner product (cosine on normalised vectors) nearest-neighbour search."""

    def __init__(self, index: faiss.Index | None = None):
        self.index = index

    @classmethod
    def build(cls, vectors: np.ndarray, threshold: int = HNSW_THRESHOLD) -> "VectorIndex":
        """Exact below ``threshold`` vectors, an HNSW graph at or above it."""
        vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        if len(vectors) < threshold:
            index = faiss.IndexFlatIP(vectors.shape[1])
        else:
            index = faiss.IndexHNSWFlat(vectors.shape[1], HNSW_M, faiss.METRIC_INNER_PRODUCT)
            index.hnsw.efConstruction = HNSW_EF_CONSTRUCTION
        index.add(vectors)
        return cls(index)

    @property
    def count(self) -> int:
        return 0 if self.index is None else int(self.index.ntotal)

    @property
    def dimension(self) -> int:
        return int(self.index.d)

    @property
    def exact(self) -> bool:
        return isinstance(self.index, faiss.IndexFlat)

    def search(self, queries: np.ndarray, k: int, allowed: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
        """Scores and ids of the ``k`` best rows for each query, best first; ``allowed`` limits the ids."""
        queries = np.ascontiguousarray(np.atleast_2d(queries), dtype=np.float32)
        k = max(1, min(k, self.count))
        if self.exact and allowed is None:
            return self.index.search(queries, k)
        if self.exact:
            params = faiss.SearchParameters()
        else:
            params = faiss.SearchParametersHNSW()
            params.efSearch = max(HNSW_EF_SEARCH, k)
        if allowed is not None:
            selector = faiss.IDSelectorBatch(np.ascontiguousarray(allowed, dtype=np.int64))
            params.sel = selector
        return self.index.search(queries, k, params=params)

    def scores(self, query: np.ndarray) -> np.ndarray:
        """The score of every stored vector for one query, in storage order (an exact scan)."""
        scores, ids = self.search(query, self.count)
        out = np.full(self.count, -1.0, dtype=np.float32)
        out[ids[0]] = scores[0]
        return out

    def save(self, path: Path) -> None:
        faiss.write_index(self.index, str(path))

    @classmethod
    def load(cls, path: Path) -> "VectorIndex":
        return cls(faiss.read_index(str(path)))
