"""The FAISS wrapper: exact inner-product search over normalised vectors.

One small class with build / search / save / load / count, as in txtai. Report
collections are small (hundreds to a few thousand chunks per report), so an
exact ``IndexFlatIP`` is both fastest to build and exact.
"""

from __future__ import annotations

from pathlib import Path

import faiss
import numpy as np


class VectorIndex:
    """Inner product (cosine on normalised vectors) nearest-neighbour search."""

    def __init__(self, index: faiss.Index | None = None):
        self.index = index

    @classmethod
    def build(cls, vectors: np.ndarray) -> "VectorIndex":
        vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        index = faiss.IndexFlatIP(vectors.shape[1])
        index.add(vectors)
        return cls(index)

    @property
    def count(self) -> int:
        return 0 if self.index is None else int(self.index.ntotal)

    @property
    def dimension(self) -> int:
        return int(self.index.d)

    def search(self, queries: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        """Scores and ids of the ``k`` best rows for each query, best first."""
        queries = np.ascontiguousarray(np.atleast_2d(queries), dtype=np.float32)
        k = max(1, min(k, self.count))
        return self.index.search(queries, k)

    def scores(self, query: np.ndarray) -> np.ndarray:
        """The score of every stored vector for one query, in storage order."""
        scores, ids = self.search(query, self.count)
        out = np.full(self.count, -1.0, dtype=np.float32)
        out[ids[0]] = scores[0]
        return out

    def save(self, path: Path) -> None:
        faiss.write_index(self.index, str(path))

    @classmethod
    def load(cls, path: Path) -> "VectorIndex":
        return cls(faiss.read_index(str(path)))
