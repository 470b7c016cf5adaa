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

from tqdm import tqdm

from . import __version__
from .chunking import ChunkConfig
from .docparts import DocPart, Pending, concatenate, embed_pending, prepare, split_parts
from .embed import DEFAULT_BACKEND, DEFAULT_MODEL, model_fingerprint, prepare_encoder, token_counter
from .glossary import build_glossary
from .ingest import document_id, file_sha256, find_sources, load_document
from .lexical import LexicalIndex
from .scope import vocabulary
from .store import FORMAT_VERSION, MANIFEST, IndexData, IndexUnusable, load_data, save_data
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
    reused: int = 0
    embedded: int = 0


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


def _settings(model: str, backend: str, config: ChunkConfig) -> dict:
    """Everything a document's vectors depend on; a previous build's parts are reused only when it matches."""
    return {"format": FORMAT_VERSION, "model": model, "model_fingerprint": model_fingerprint(model), "backend": backend,
            "package_version": __version__,
            "chunking": {"max_words": config.max_words, "min_words": config.min_words, "max_tokens": config.max_tokens}}


def _reusable(index_dir: Path, settings: dict) -> dict[tuple[str, str], DocPart]:
    """The current build's documents by (id, sha256), when it was built with the same settings."""
    try:
        data = load_data(index_dir)
    except IndexUnusable:
        return {}
    return split_parts(data, data.chunk_vectors) if data.manifest.get("settings") == settings else {}


def _parts(sources: list[Path], previous: dict, encoder, config: ChunkConfig, count,
           progress: Progress) -> tuple[list[DocPart], int, int]:
    """One part per source, reused when unchanged, else parsed and embedded; the number reused and texts embedded."""
    slots: list[DocPart | Pending] = []
    for source in tqdm(sources, desc="Parsing", unit="report", disable=len(sources) < 3):
        part = previous.get((document_id(source), file_sha256(source)))
        if part is None:
            progress(f"parsing {source}") if len(sources) < 3 else None
            part = prepare(load_document(source), config, count)
        slots.append(part)
    ids = [s.document["id"] if isinstance(s, DocPart) else s.document.id for s in slots]
    if len(set(ids)) != len(ids):
        raise BuildError(f"two sources share a document id: {sorted({i for i in ids if ids.count(i) > 1})}")
    pending = [s for s in slots if isinstance(s, Pending)]
    n_texts = len({t for p in pending for group in p.texts() for t in group})
    progress(f"embedding {len(pending)} new report(s), {n_texts} distinct texts; reusing {len(slots) - len(pending)}")
    fresh = iter(embed_pending(pending, lambda texts: encoder.encode(texts, progress=True), encoder.dimension))
    return [s if isinstance(s, DocPart) else next(fresh) for s in slots], len(slots) - len(pending), n_texts


def _assemble(parts: list[DocPart], dimension: int, manifest: dict) -> IndexData:
    """One index from the parts: stacked vectors, a FAISS index sized to them, BM25 over every chunk."""
    joined = concatenate(parts, dimension)
    chunks = joined["chunks"]
    if not chunks:
        raise BuildError("the sources hold no text to index")
    glossary: dict[str, str] = {}
    for part in parts:
        for abbr, long_form in build_glossary([c.text for c in part.chunks]).items():
            glossary.setdefault(abbr, long_form)
    vectors = VectorIndex.build(joined["chunk_vectors"])
    counts = {"documents": len(parts), "chunks": len(chunks), "figures": len(joined["figures"]),
              "sentences": len(joined["sentences"])}
    manifest.update(counts=counts, dimension=dimension, index_type="flat" if vectors.exact else "ivf",
                    documents=[{k: d.get(k) for k in ("id", "title", "source", "sha256", "pages")} for d in joined["documents"]])
    return IndexData(manifest, joined["documents"], chunks, joined["figures"], vectors,
                     LexicalIndex.build([c.embed_text() for c in chunks]), joined["sentences"],
                     joined["sentence_vectors"], joined["figure_vectors"], joined["chunk_vectors"],
                     glossary, frozenset(vocabulary([c.text for c in chunks])))


def build_index(paths: list[Path], index_dir: Path, *, model: str = DEFAULT_MODEL, backend: str = DEFAULT_BACKEND,
                reuse: bool = True, progress: Progress = lambda _: None, config: ChunkConfig = ChunkConfig()) -> BuildReport:
    """Parse, chunk, embed and index ``paths`` into ``index_dir``, then make it current.

    With ``reuse``, reports unchanged since the current build keep their records and vectors.
    """
    with build_lock(index_dir):
        return build_index_locked(paths, index_dir, model=model, backend=backend, reuse=reuse, progress=progress,
                                  config=config)


def build_index_locked(paths: list[Path], index_dir: Path, *, model: str = DEFAULT_MODEL, backend: str = DEFAULT_BACKEND,
                       reuse: bool = True, progress: Progress = lambda _: None,
                       config: ChunkConfig = ChunkConfig()) -> BuildReport:
    """:func:`build_index` for a caller that already holds :func:`acquire_build_lock` on ``index_dir``."""
    started = time.perf_counter()
    sources = find_sources(paths)
    if not sources:
        raise BuildError(f"no .md, .txt or .pdf files in {', '.join(map(str, paths))}")
    _clean_stale(index_dir, keep={n for n in [_current_build(index_dir)] if n})
    encoder, encoder_record = prepare_encoder(index_dir, model, backend)
    settings = _settings(model, backend, config)
    parts, reused, embedded = _parts(sources, _reusable(index_dir, settings) if reuse else {}, encoder, config, token_counter(model), progress)
    build_id = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%fZ")
    manifest = {"format": FORMAT_VERSION, "model": model, "encoder": encoder_record, "settings": settings,
                "normalized": True, "metric": "inner_product", "chunking": settings["chunking"],
                "package_version": __version__, "reused_documents": reused, "embedded_texts": embedded}
    data = _assemble(parts, encoder.dimension, manifest)
    manifest.update(built_at=datetime.now(timezone.utc).isoformat(timespec="seconds"),
                    build_seconds=round(time.perf_counter() - started, 2), data=f"builds/{build_id}")
    progress(f"writing builds/{build_id}")
    _write_build(index_dir / "builds", build_id, data)
    previous = _current_build(index_dir)
    _publish(index_dir, manifest)
    _clean_stale(index_dir, keep={build_id, previous or build_id})
    counts = manifest["counts"]
    return BuildReport(counts["documents"], counts["chunks"], counts["figures"], counts["sentences"],
                       time.perf_counter() - started, index_dir, reused, embedded)


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
