"""Read and write one built index's files, and check its manifest.

An index directory holds ``manifest.json`` (the pointer readers trust) and
``builds/<id>/`` folders with the data. A build writes a whole new folder,
then replaces ``manifest.json`` in one ``os.replace``; see :mod:`qa.build`.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

import numpy as np

from .lexical import LexicalIndex
from .records import Chunk, Figure, to_dict
from .rowfile import RowFile
from .vectors import VectorIndex

FORMAT_VERSION = 2
IN_MEMORY_BYTES = 256 * 2**20  # vector files larger than this are read row by row
MANIFEST = "manifest.json"


class IndexUnusable(Exception):
    """The index cannot be used; the message says what to do."""


class IndexMissing(IndexUnusable):
    """No index has been built in this directory yet."""


@dataclass(frozen=True)
class IndexData:
    """Everything a built index holds, loaded in memory."""

    manifest: dict[str, Any]
    documents: Sequence[dict[str, Any]]  # a list while building, :class:`Documents` once loaded
    chunks: list[Chunk]
    figures: list[Figure]
    vectors: VectorIndex
    lexical: LexicalIndex
    sentences: np.ndarray  # rows of (chunk index, start, end)
    sentence_vectors: Any  # an array, or a RowFile for a large index: only a question's candidates are read
    figure_vectors: np.ndarray
    chunk_vectors: Any  # an exact index's vectors copied out of FAISS, or a RowFile beside an inverted file
    glossary: dict[str, str]
    vocabulary: frozenset[str]


class Documents(Sequence):
    """A build's parsed documents, each read from ``documents.jsonl`` only when asked for.

    A collection's parsed reports are its whole text again; keeping a thousand of
    them in memory would cost gigabytes for the reader view alone. Only the byte
    offset of each line is kept.
    """

    def __init__(self, path: Path):
        self.path = path
        self.offsets: list[int] = []
        with path.open("rb") as src:
            position = 0
            for line in src:
                if line.strip():
                    self.offsets.append(position)
                position += len(line)

    def __len__(self) -> int:
        return len(self.offsets)

    def __getitem__(self, index):  # type: ignore[override]
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        with self.path.open("rb") as src:
            src.seek(self.offsets[index])
            return json.loads(src.readline())


def _intern(value: Any) -> Any:
    """Strings shared by many records (section titles, ids, captions, series names) stored once."""
    if isinstance(value, str):
        return sys.intern(value) if len(value) < 400 else value
    if isinstance(value, list):
        return tuple(_intern(v) for v in value)
    if isinstance(value, dict):
        return {_intern(k): v for k, v in value.items()}
    return value


def _records(cls, path: Path) -> list:
    """Records of ``cls`` from a JSON lines file, built line by line (no list of dicts held at once)."""
    names = {f.name for f in fields(cls)}
    with path.open(encoding="utf-8") as src:
        return [cls(**{k: _intern(v) for k, v in json.loads(line).items() if k in names}) for line in src if line.strip()]


def _rows(path: Path) -> Any:
    """A vector file: in memory when small, read row by row on demand (:class:`RowFile`) when large."""
    return RowFile(path) if path.stat().st_size > IN_MEMORY_BYTES else np.load(path)


def write_jsonl(path: Path, records: list[Any]) -> None:
    with path.open("w", encoding="utf-8") as out:
        for record in records:
            out.write(json.dumps(record if isinstance(record, dict) else to_dict(record), ensure_ascii=False) + "\n")


def save_data(folder: Path, data: IndexData) -> None:
    """Write every file of ``data`` into ``folder`` (which must exist)."""
    write_jsonl(folder / "documents.jsonl", data.documents)
    write_jsonl(folder / "chunks.jsonl", data.chunks)
    write_jsonl(folder / "figures.jsonl", data.figures)
    data.vectors.save(folder / "chunks.faiss")
    data.lexical.save(folder / "bm25")
    np.save(folder / "sentences.npy", data.sentences)
    np.save(folder / "sentence_vectors.npy", data.sentence_vectors)
    np.save(folder / "figure_vectors.npy", data.figure_vectors)
    if not data.vectors.exact:  # an inverted file does not keep vectors in id order
        np.save(folder / "chunk_vectors.npy", data.chunk_vectors)
    (folder / "glossary.json").write_text(json.dumps(data.glossary, ensure_ascii=False), encoding="utf-8")
    (folder / "vocabulary.json").write_text(json.dumps(sorted(data.vocabulary), ensure_ascii=False), encoding="utf-8")
    (folder / MANIFEST).write_text(json.dumps(data.manifest, indent=2), encoding="utf-8")


def read_manifest(index_dir: Path) -> dict[str, Any]:
    """The manifest of ``index_dir``, checked for format and completeness."""
    path = index_dir / MANIFEST
    if not path.exists():
        raise IndexMissing(f"no index in {index_dir}: build one with `peel-qa index build --index-dir {index_dir}`")
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise IndexUnusable(f"{path} is unreadable ({exc}); rebuild with `peel-qa index build`") from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT_VERSION:
        found = manifest.get("format") if isinstance(manifest, dict) else None
        raise IndexUnusable(f"{path} has index format {found!r}, this peel-qa reads format {FORMAT_VERSION}; rebuild with `peel-qa index build`")
    for key in ("model", "dimension", "counts", "data", "documents"):
        if key not in manifest:
            raise IndexUnusable(f"{path} lacks {key!r}; rebuild with `peel-qa index build`")
    return manifest


def load_data(index_dir: Path) -> IndexData:
    """Load the index that ``index_dir/manifest.json`` points at, checking every file."""
    manifest = read_manifest(index_dir)
    folder = index_dir / manifest["data"]
    counts = manifest["counts"]
    try:
        chunks = _records(Chunk, folder / "chunks.jsonl")
        figures = _records(Figure, folder / "figures.jsonl")
        documents = Documents(folder / "documents.jsonl")
        vectors = VectorIndex.load(folder / "chunks.faiss")
        lexical = LexicalIndex.load(folder / "bm25", len(chunks))
        sentences = np.load(folder / "sentences.npy")
        sentence_vectors = _rows(folder / "sentence_vectors.npy")
        figure_vectors = np.load(folder / "figure_vectors.npy")
        chunk_vectors = vectors.stored() if vectors.exact else RowFile(folder / "chunk_vectors.npy")
        glossary = json.loads((folder / "glossary.json").read_text(encoding="utf-8"))
        vocabulary = frozenset(json.loads((folder / "vocabulary.json").read_text(encoding="utf-8")))
    except Exception as exc:  # any damaged file: json, faiss, numpy, bm25s all raise their own kinds
        raise IndexUnusable(f"index in {index_dir} is damaged ({type(exc).__name__}: {exc}); rebuild with `peel-qa index build`") from exc
    found = {"chunks": len(chunks), "figures": len(figures), "documents": len(documents)}
    expected = {k: counts.get(k) for k in found}
    problems = [
        found != expected,
        vectors.count != len(chunks),
        vectors.dimension != manifest["dimension"],
        len(sentence_vectors) != len(sentences),
        len(figure_vectors) != len(figures),
        chunk_vectors.shape != (len(chunks), manifest["dimension"]),
        not isinstance(glossary, dict),
        *_shape_problems(manifest["dimension"], len(chunks), lexical, sentences, sentence_vectors, figure_vectors),
    ]
    if any(problems):
        raise IndexUnusable(f"index in {index_dir} is inconsistent (found {found}, manifest says {expected}); rebuild with `peel-qa index build`")
    return IndexData(manifest, documents, chunks, figures, vectors, lexical, sentences, sentence_vectors, figure_vectors,
                     chunk_vectors, glossary, vocabulary)


def _shape_problems(dimension: int, n_chunks: int, lexical: LexicalIndex, sentences: np.ndarray,
                    sentence_vectors: np.ndarray, figure_vectors: np.ndarray) -> list[bool]:
    """Checks that catch files which load but would fail at query time (wrong sizes or shapes)."""
    scores = getattr(lexical.retriever, "scores", None)
    bm25_docs = scores.get("num_docs") if isinstance(scores, dict) else None
    if bm25_docs is not None and bm25_docs != n_chunks:
        return [True]
    if sentences.ndim != 2 or sentences.shape[1] != 3:
        return [True]
    if sentences.size and (int(sentences[:, 0].max()) >= n_chunks or int(sentences.min()) < 0):
        return [True]
    if sentences.size and (np.diff(sentences[:, 0]) < 0).any():  # rows must stay in chunk order
        return [True]
    return [vectors.ndim != 2 or (len(vectors) > 0 and vectors.shape[1] != dimension)
            for vectors in (sentence_vectors, figure_vectors)]
