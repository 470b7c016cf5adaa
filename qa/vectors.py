"""The FAISS wrapper: inner-product search over normalised vectors, its type chosen by size.

One small class with build / search / save / load / count, as in txtai.
Below :data:`IVF_THRESHOLD` vectors (a few hundred reports) an exact
``IndexFlatIP`` is both fast and exact; above it an ``IndexIVFFlat`` (about
4·√n lists, 1/32 of them and at least 16 probed) answers in under a millisecond where a flat
scan grows with the collection. IVF was chosen over HNSW by measurement: on
1,000 synthetic reports, whose passages repeat across reports, an HNSW graph
(M 32) found under a third of the exact top 10 at any efSearch, IVF 0.998
(``bench/scale.py``), and it trains in seconds.
"""

from __future__ import annotations

from pathlib import Path

import faiss
import numpy as np

IVF_THRESHOLD = 100_000
TRAIN_PER_LIST = 64


class VectorIndex:
    """Inner product (cosine on normalised vectors) nearest-neighbour search."""

    def __init__(self, index: faiss.Index | None = None):
        self.index = index

    @classmethod
    def build(cls, vectors: np.ndarray, threshold: int | None = None) -> "VectorIndex":
        """Exact below ``threshold`` (default :data:`IVF_THRESHOLD`) vectors, an inverted file of flat lists above."""
        threshold = IVF_THRESHOLD if threshold is None else threshold
        vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        n, dimension = vectors.shape
        if n < threshold:
            index = faiss.IndexFlatIP(dimension)
        else:
            lists = max(1, min(int(4 * n ** 0.5), n // 39))
            index = faiss.IndexIVFFlat(faiss.IndexFlatIP(dimension), dimension, lists, faiss.METRIC_INNER_PRODUCT)
            sample = np.random.default_rng(0).choice(n, min(n, TRAIN_PER_LIST * lists), replace=False)
            index.train(vectors[np.sort(sample)])
            index.nprobe = min(lists, max(16, lists // 32))
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

    def stored(self) -> np.ndarray:
        """An exact index's vectors in id order, copied out of FAISS (no second file on disk).

        An inverted file stores vectors list by list, not in id order, so a large
        index keeps them in ``chunk_vectors.npy`` as well (see :mod:`qa.store`).
        """
        if not self.exact:
            raise ValueError("only an exact index stores its vectors in id order")
        if not self.count:
            return np.zeros((0, self.dimension), dtype=np.float32)
        raw = faiss.rev_swig_ptr(self.index.get_xb(), self.count * self.dimension)
        # A copy: a view of FAISS's memory would not keep the index alive, and numpy may drop any
        # reference attached to the view when it makes views of it.
        return raw.reshape(self.count, self.dimension).copy()

    def search(self, queries: np.ndarray, k: int, allowed: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
        """Scores and ids of the ``k`` best rows for each query, best first; ``allowed`` limits the ids."""
        queries = np.ascontiguousarray(np.atleast_2d(queries), dtype=np.float32)
        k = max(1, min(k, self.count))
        if self.exact and allowed is None:
            return self.index.search(queries, k)
        if self.exact:
            params = faiss.SearchParameters()
        else:
            params = faiss.SearchParametersIVF()
            params.nprobe = faiss.extract_index_ivf(self.index).nprobe
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
