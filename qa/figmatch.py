"""Match a question to the structured figures.

Evidence for a figure: the question's similarity to the figure's own text and
to the sentence (table row, statistic line) that states it in the report; the
share of the figure's label words the question uses, weighted by how rare each
word is among figures (so "adults" counts more than "caution"); and the rank
of the passage that states it. All vectors come from the build.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .lexical import tokenize
from .linking import figure_sentences
from .sentences import figure_text
from .store import IndexData


@dataclass(frozen=True)
class FigureWeights:
    label: float = 0.15
    query: float = 0.3
    passage: float = 0.6


class FigureMatcher:
    """Scores every figure of an index for a question."""

    def __init__(self, data: IndexData):
        self.data = data
        position = {c.id: i for i, c in enumerate(data.chunks)}
        self.chunk = np.array([position.get(f.chunk or "", -1) for f in data.figures], dtype=np.int64)
        self.sentence = figure_sentences(data.figures, data.chunks, data.sentences)
        self.is_grade = np.array([any(isinstance(v, str) for v in f.values.values()) for f in data.figures], dtype=bool)
        self.label_tokens = [set(t) for t in tokenize([" ".join(filter(None, [f.group, f.label])) for f in data.figures])]
        self.all_tokens = [set(t) for t in tokenize([figure_text(f) for f in data.figures])]
        n = max(len(data.figures), 1)
        df: dict[str, int] = {}
        for tokens in self.all_tokens:
            for t in tokens:
                df[t] = df.get(t, 0) + 1
        self.idf = {t: math.log(1 + n / c) for t, c in df.items()}

    def _cover(self, tokens: set[str], q_tokens: set[str]) -> float:
        total = sum(self.idf.get(t, 0.0) for t in tokens)
        return sum(self.idf.get(t, 0.0) for t in tokens & q_tokens) / total if total else 0.0

    def scores(self, query_vector: np.ndarray, query: str, passage_rank: np.ndarray,
               weights: FigureWeights = FigureWeights(), subset: np.ndarray | None = None) -> np.ndarray:
        """One score per figure, comparable across questions (cosine-like scale); -1 outside ``subset``."""
        out = np.full(len(self.data.figures), -1.0)
        if not self.data.figures:
            return out
        subset = np.arange(len(out)) if subset is None else subset
        dense = self.data.figure_vectors[subset] @ query_vector
        rows = self.sentence[subset]
        row = np.where(rows >= 0, np.asarray(self.data.sentence_vectors[np.maximum(rows, 0)]) @ query_vector, -1.0)
        q_tokens = set(tokenize([query])[0])
        known = {t for t in q_tokens if t in self.idf}
        out[subset] = np.maximum(dense, row)
        for i in subset:
            out[i] += weights.label * self._cover(self.label_tokens[i], q_tokens)
            out[i] += weights.query * self._cover(known, self.all_tokens[i]) if known else 0.0
            if self.chunk[i] >= 0:
                out[i] += weights.passage / (1 + passage_rank[self.chunk[i]])
        return out
