"""BM25 over chunk text with bm25s, with a tokeniser that keeps numbers.

The default bm25s pattern drops one-character tokens, so "5.3" or "Figure 2"
would lose their numbers; here decimals and single digits are tokens too, and
words are stemmed (PyStemmer) with English stop words removed.
"""

from __future__ import annotations

import functools
import logging
from pathlib import Path

import bm25s
import numpy as np
import Stemmer

# bm25s sets its own logger to DEBUG on import; hand the level back to the application's configuration.
logging.getLogger("bm25s").setLevel(logging.NOTSET)

TOKEN_PATTERN = r"(?u)\b\d+(?:\.\d+)?\b|\b\w\w+\b"
_stemmer = Stemmer.Stemmer("english")


def tokenize(texts: list[str]) -> list[list[str]]:
    """Lower-cased, stemmed tokens without stop words, one list per text."""
    return bm25s.tokenize(
        [t.replace("-", " ") for t in texts], token_pattern=TOKEN_PATTERN, stopwords="en",
        stemmer=_stemmer, return_ids=False, show_progress=False,
    )


@functools.lru_cache(maxsize=4096)
def text_tokens(text: str) -> tuple[str, ...]:
    """``tokenize`` for one text, remembered: a question is tokenised by several scorers, and
    bm25s's tokeniser costs about 0.2 ms a call."""
    return tuple(tokenize([text])[0])


class LexicalIndex:
    """A bm25s index whose scores come back for every document at once."""

    def __init__(self, retriever: bm25s.BM25, size: int):
        self.retriever = retriever
        self.size = size

    @classmethod
    def build(cls, texts: list[str]) -> "LexicalIndex":
        retriever = bm25s.BM25()
        retriever.index(tokenize(texts), show_progress=False)
        return cls(retriever, len(texts))

    def scores(self, query: str) -> np.ndarray:
        """BM25 score of every document for ``query`` (zeros when no term is known)."""
        tokens = [t for t in text_tokens(query) if t in self.retriever.vocab_dict]
        if not tokens:
            return np.zeros(self.size, dtype=np.float32)
        return np.asarray(self.retriever.get_scores(tokens), dtype=np.float32)

    def coverage(self, query: str) -> np.ndarray:
        """Share of the query's distinct known terms each document contains, weighted by their idf (0 to 1).

        BM25 rewards a document that repeats one rare query word; coverage rewards
        one that uses many of the question's words. It reads the term postings the
        BM25 index already holds, so it adds no build step.
        """
        out = np.zeros(self.size, dtype=np.float32)
        vocab = self.retriever.vocab_dict
        terms = [vocab[t] for t in dict.fromkeys(text_tokens(query)) if t in vocab]
        if not terms:
            return out
        indptr, indices = self.retriever.scores["indptr"], self.retriever.scores["indices"]
        total = 0.0
        for term in terms:
            docs = indices[indptr[term]:indptr[term + 1]]
            idf = float(np.log((self.size - len(docs) + 0.5) / (len(docs) + 0.5) + 1.0))
            out[docs] += idf
            total += idf
        return out / total if total > 0 else out

    def document_frequency(self, token: str) -> int:
        """How many documents hold ``token`` (a stemmed token, as :func:`text_tokens` gives), read off
        the term postings the BM25 index already holds."""
        term = self.retriever.vocab_dict.get(token)
        if term is None:
            return 0
        indptr = self.retriever.scores["indptr"]
        return int(indptr[term + 1] - indptr[term])

    def save(self, path: Path) -> None:
        self.retriever.save(str(path), show_progress=False)

    @classmethod
    def load(cls, path: Path, size: int) -> "LexicalIndex":
        return cls(bm25s.BM25.load(str(path), show_progress=False), size)
