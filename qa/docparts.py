"""One document's share of an index, embedded once and reused while its file is unchanged.

A build turns every new report into a :class:`DocPart` (chunks, figures,
sentence spans and their vectors) and takes the parts of unchanged reports
(same sha256, same model and settings) from the build it replaces, so adding
one report to a collection costs one report. Texts repeated across reports
(shared boilerplate, footnotes, methodology) are embedded once per build.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

import numpy as np

from .candidates import contiguous_spans, document_rows
from .chunking import ChunkConfig, chunk_document
from .glossary import build_glossary, expand_chunks
from .linking import define_figures, link_figures
from .records import Chunk, Document, Figure, to_dict
from .sentences import chunk_sentences, figure_text, sentence_text
from .store import IndexData


@dataclass(frozen=True)
class DocPart:
    """A document's records and vectors; ``sentences`` rows are (chunk index in this part, start, end)."""

    document: dict[str, Any]
    chunks: list[Chunk]
    figures: list[Figure]
    sentences: np.ndarray
    chunk_vectors: np.ndarray
    sentence_vectors: np.ndarray
    figure_vectors: np.ndarray


@dataclass(frozen=True)
class Pending:
    """A parsed document whose texts still await their vectors."""

    document: Document
    chunks: list[Chunk]
    figures: list[Figure]
    sentences: np.ndarray

    def texts(self) -> tuple[list[str], list[str], list[str]]:
        return ([c.embed_text() for c in self.chunks],
                [sentence_text(self.chunks[i], a, b) for i, a, b in self.sentences],
                [figure_text(f) for f in self.figures])


def prepare(doc: Document, config: ChunkConfig, count: Callable[[str], int]) -> Pending:
    """Chunk ``doc``, spell out its own abbreviations in the embedded text, extract and link its figures."""
    from .figures import extract_figures

    chunks = chunk_document(doc, config, count)
    chunks = expand_chunks(chunks, build_glossary([c.text for c in chunks]))
    figures = define_figures(link_figures(extract_figures(doc), chunks), chunks)
    sentences = np.asarray(chunk_sentences(chunks), dtype=np.int32).reshape(-1, 3)
    return Pending(doc, chunks, figures, sentences)


def embed_pending(pending: list[Pending], encode: Callable[[list[str]], np.ndarray], dimension: int) -> list[DocPart]:
    """Vectors for every pending document, each distinct text encoded once."""
    texts = [t for p in pending for group in p.texts() for t in group]
    unique = list(dict.fromkeys(texts))
    vectors = encode(unique) if unique else np.zeros((0, dimension), np.float32)
    row = {t: i for i, t in enumerate(unique)}

    def lookup(group: list[str]) -> np.ndarray:
        return vectors[[row[t] for t in group]] if group else np.zeros((0, dimension), np.float32)

    parts = []
    for p in pending:
        chunk_texts, sentence_texts, figure_texts = p.texts()
        parts.append(DocPart(to_dict(p.document), p.chunks, p.figures, p.sentences,
                             lookup(chunk_texts), lookup(sentence_texts), lookup(figure_texts)))
    return parts


def split_parts(data: IndexData, chunk_vectors: np.ndarray) -> dict[tuple[str, str], DocPart]:
    """The parts of a loaded index, by (document id, sha256); chunks, sentences and figures are stored document by document."""
    out: dict[tuple[str, str], DocPart] = {}
    owner = data.sentences[:, 0]
    chunk_spans = document_rows(data)
    figure_spans = contiguous_spans([f.document for f in data.figures])
    empty = np.zeros((0, chunk_vectors.shape[1]), np.float32)
    for document in data.documents:
        if document["id"] not in chunk_spans:
            continue
        first, last = chunk_spans[document["id"]]
        f0, f1 = figure_spans.get(document["id"], (0, 0))
        a, b = np.searchsorted(owner, first), np.searchsorted(owner, last)
        sentences = np.array(data.sentences[a:b], dtype=np.int32)
        sentences[:, 0] -= first
        out[(document["id"], document["sha256"])] = DocPart(
            document, data.chunks[first:last], data.figures[f0:f1], sentences,
            np.array(chunk_vectors[first:last]), np.array(data.sentence_vectors[a:b]),
            np.array(data.figure_vectors[f0:f1]) if f1 > f0 else empty)
    return out


def concatenate(parts: list[DocPart], dimension: int) -> dict[str, Any]:
    """The parts joined in order: records, global sentence rows and stacked vectors."""
    chunks = [c for p in parts for c in p.chunks]
    offsets = np.cumsum([0] + [len(p.chunks) for p in parts])[:-1]
    sentences = [p.sentences + np.array([offset, 0, 0], np.int32) for p, offset in zip(parts, offsets)]

    def stack(name: str) -> np.ndarray:
        arrays = [getattr(p, name) for p in parts if len(getattr(p, name))]
        return np.vstack(arrays).astype(np.float32) if arrays else np.zeros((0, dimension), np.float32)

    return {
        "documents": [p.document for p in parts], "chunks": chunks,
        "figures": [f for p in parts for f in p.figures],
        "sentences": np.vstack(sentences).astype(np.int32) if sentences else np.zeros((0, 3), np.int32),
        "chunk_vectors": stack("chunk_vectors"), "sentence_vectors": stack("sentence_vectors"),
        "figure_vectors": stack("figure_vectors"),
    }
