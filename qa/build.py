"""Build an index from report files and swap it in atomically.

The new index is written to ``builds/<id>.tmp`` beside the current one,
renamed to ``builds/<id>`` when complete, and only then made current by
replacing ``manifest.json`` with ``os.replace`` (atomic on POSIX). A build
killed at any moment therefore leaves the previous manifest, and the data it
points at, untouched. An exclusive ``flock`` serialises builds; the kernel
drops it when a build dies, and the next build removes stale ``.tmp`` folders.
A build that fails with an exception removes its own ``.tmp`` folder at once.
Data files are fsynced before the manifest that names them is published.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import time
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import IO, Callable, Iterator

import numpy as np

from . import __version__
from .chunking import ChunkConfig, chunk_document
from .embed import DEFAULT_MODEL, get_embedder, token_counter
from .ingest import find_sources, load_document
from .glossary import build_glossary, expand_chunks
from .lexical import LexicalIndex
from .linking import link_figures
from .records import Document, to_dict
from .sentences import chunk_sentences, figure_text, sentence_text
from .store import FORMAT_VERSION, MANIFEST, IndexData, save_data
from .vectors import VectorIndex

Progress = Callable[[str], None]
LOCK_FILE = ".build.lock"


class BuildLocked(Exception):
    """Another build holds the lock on this index directory."""


class BuildError(Exception):
    """The sources could not be built into an index."""


@dataclass(frozen=True)
class BuildReport:
    documents: int
    chunks: int
    figures: int
    sentences: int
    seconds: float
    path: Path


def acquire_build_lock(index_dir: Path) -> IO[str]:
    """Take the build lock of ``index_dir`` and return its open file, or raise :class:`BuildLocked` at once.

    Closing the file (or the death of the process, even by SIGKILL) releases the lock.
    """
    index_dir.mkdir(parents=True, exist_ok=True)
    handle = open(index_dir / LOCK_FILE, "a+")
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError as exc:
        handle.seek(0)
        holder = handle.read().strip() or "another process"
        handle.close()
        raise BuildLocked(f"another build is running on {index_dir} ({holder}); wait for it to finish") from exc
    except BaseException:
        handle.close()
        raise
    handle.truncate(0)
    handle.write(f"pid {os.getpid()}")
    handle.flush()
    return handle


@contextmanager
def build_lock(index_dir: Path) -> Iterator[None]:
    """Hold the build lock of ``index_dir`` or raise :class:`BuildLocked` at once."""
    handle = acquire_build_lock(index_dir)
    try:
        yield
    finally:
        handle.close()


def _clean_stale(index_dir: Path, keep: set[str]) -> None:
    """Remove unfinished builds and all finished ones but those in ``keep``."""
    builds = index_dir / "builds"
    for folder in builds.iterdir() if builds.exists() else ():
        if folder.name not in keep:
            shutil.rmtree(folder, ignore_errors=True)
    for stray in index_dir.glob(MANIFEST + ".*.tmp"):
        stray.unlink(missing_ok=True)


def _current_build(index_dir: Path) -> str | None:
    try:
        return Path(json.loads((index_dir / MANIFEST).read_text())["data"]).name
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _embed_all(docs: list[Document], model: str, progress: Progress, config: ChunkConfig) -> IndexData:
    from .figures import extract_figures

    count = token_counter(model)
    chunks = [c for d in docs for c in chunk_document(d, config, count)]
    chunks = expand_chunks(chunks, build_glossary([c.text for c in chunks]))
    figures = link_figures([f for d in docs for f in extract_figures(d)], chunks)
    if not chunks:
        raise BuildError("the sources hold no text to index")
    sentences = chunk_sentences(chunks)
    embedder = get_embedder(model)
    progress(f"embedding {len(chunks)} chunks, {len(sentences)} sentences, {len(figures)} figures")
    vectors = embedder.encode([c.embed_text() for c in chunks], progress=True)
    sentence_vectors = embedder.encode([sentence_text(chunks[i], a, b) for i, a, b in sentences], progress=True)
    figure_vectors = embedder.encode([figure_text(f) for f in figures], progress=True) if figures else np.zeros((0, vectors.shape[1]), np.float32)
    documents = [to_dict(d) for d in docs]
    manifest = {
        "format": FORMAT_VERSION, "model": model, "dimension": int(vectors.shape[1]), "normalized": True,
        "metric": "inner_product",
        "counts": {"documents": len(docs), "chunks": len(chunks), "figures": len(figures), "sentences": len(sentences)},
        "documents": [{"id": d.id, "title": d.title, "source": d.source, "sha256": d.sha256, "pages": d.pages} for d in docs],
        "chunking": {"max_words": config.max_words, "min_words": config.min_words, "max_tokens": config.max_tokens},
        "package_version": __version__,
    }
    return IndexData(manifest, documents, chunks, figures, VectorIndex.build(vectors),
                     LexicalIndex.build([c.embed_text() for c in chunks]),
                     np.asarray(sentences, dtype=np.int32).reshape(-1, 3), sentence_vectors, figure_vectors)


def build_index(paths: list[Path], index_dir: Path, *, model: str = DEFAULT_MODEL,
                progress: Progress = lambda _: None, config: ChunkConfig = ChunkConfig()) -> BuildReport:
    """Parse, chunk, embed and index ``paths`` into ``index_dir``, then make it current."""
    with build_lock(index_dir):
        return build_index_locked(paths, index_dir, model=model, progress=progress, config=config)


def build_index_locked(paths: list[Path], index_dir: Path, *, model: str = DEFAULT_MODEL,
                       progress: Progress = lambda _: None, config: ChunkConfig = ChunkConfig()) -> BuildReport:
    """:func:`build_index` for a caller that already holds :func:`acquire_build_lock` on ``index_dir``."""
    started = time.perf_counter()
    sources = find_sources(paths)
    if not sources:
        raise BuildError(f"no .md, .txt or .pdf files in {', '.join(map(str, paths))}")
    _clean_stale(index_dir, keep={n for n in [_current_build(index_dir)] if n})
    docs = []
    for source in sources:
        progress(f"parsing {source}")
        docs.append(load_document(source))
    ids = [d.id for d in docs]
    if len(set(ids)) != len(ids):
        raise BuildError(f"two sources share a document id: {sorted(i for i in ids if ids.count(i) > 1)}")
    data = _embed_all(docs, model, progress, config)
    build_id = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%fZ")
    data.manifest.update(built_at=datetime.now(timezone.utc).isoformat(timespec="seconds"),
                         build_seconds=round(time.perf_counter() - started, 2), data=f"builds/{build_id}")
    progress(f"writing builds/{build_id}")
    _write_build(index_dir / "builds", build_id, data)
    previous = _current_build(index_dir)
    _publish(index_dir, data.manifest)
    _clean_stale(index_dir, keep={build_id, previous or build_id})
    counts = data.manifest["counts"]
    return BuildReport(counts["documents"], counts["chunks"], counts["figures"], counts["sentences"],
                       time.perf_counter() - started, index_dir)


def _write_build(builds: Path, build_id: str, data: IndexData) -> None:
    """Write ``builds/<id>.tmp``, flush it to disk, then rename it ``builds/<id>``; no half folder survives an error."""
    temp = builds / f"{build_id}.tmp"
    temp.mkdir(parents=True)
    try:
        save_data(temp, data)
        _fsync_tree(temp)
        os.replace(temp, builds / build_id)
    except BaseException:
        shutil.rmtree(temp, ignore_errors=True)
        raise
    _fsync_dir(builds)


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_tree(folder: Path) -> None:
    """fsync every file and folder under ``folder`` so a power cut cannot publish a manifest before its data."""
    for path in sorted(folder.rglob("*"), reverse=True):
        if path.is_file():
            with path.open("rb") as handle:
                os.fsync(handle.fileno())
        else:
            _fsync_dir(path)
    _fsync_dir(folder)


def _publish(index_dir: Path, manifest: dict) -> None:
    """Make ``manifest`` current in one atomic rename, durably."""
    temp = index_dir / f"{MANIFEST}.{os.getpid()}.tmp"
    with temp.open("w", encoding="utf-8") as out:
        json.dump(manifest, out, indent=2)
        out.flush()
        os.fsync(out.fileno())
    os.replace(temp, index_dir / MANIFEST)
    _fsync_dir(index_dir)
