"""Hold the served engine and swap it when a new index is published.

Each request asks :meth:`EngineHolder.get`, which costs one ``stat`` of
``manifest.json``. A build publishes by ``os.replace``, so a new manifest has a
new inode: when the stamp differs from the loaded one, a background thread
loads the new index completely (data, model, a warm-up encode) and only then
swaps one reference. Requests never wait for that load and always get one
whole engine, old or new. A new index that fails to load is logged, reported
by ``/health`` as degraded, and the old engine keeps serving.
"""

from __future__ import annotations

import logging
import threading
import time
from pathlib import Path
from typing import Callable

from ..embed import ModelError
from ..engine import Engine
from ..store import MANIFEST, IndexUnusable

log = logging.getLogger(__name__)

Loader = Callable[[Path, "str | None"], Engine]


class EngineUnavailable(Exception):
    """No usable index is loaded; the message says why."""


def load_checked(index_dir: Path, model: str | None = None) -> Engine:
    """Load ``index_dir`` and prove it can answer: model matches, model loads, a query encodes.

    Raises :class:`IndexUnusable` with a message meant for the operator.
    """
    try:
        engine = Engine.load(index_dir, model)
    except ModelError as exc:  # the index's exported encoder is gone or damaged
        raise IndexUnusable(f"index in {index_dir} cannot load its model: {exc}; rebuild with `peel-qa index build`") from exc
    built_with = engine.manifest["model"]
    if model and model != built_with:
        raise IndexUnusable(f"index in {index_dir} was built with model {built_with!r} but {model!r} is configured; "
                            f"rebuild with `peel-qa index build --model {model}` or drop the model setting")
    try:
        dimension = engine.embedder.dimension
        engine.embedder.encode(["warm up"])
    except ModelError as exc:
        raise IndexUnusable(f"index in {index_dir} needs model {built_with!r}, which cannot be loaded: {exc}") from exc
    if dimension != engine.manifest["dimension"]:
        raise IndexUnusable(f"index in {index_dir} holds {engine.manifest['dimension']}-d vectors but model "
                            f"{built_with!r} makes {dimension}-d ones; rebuild with `peel-qa index build`")
    return engine


class EngineHolder:
    """The current :class:`Engine` of one index directory, reloaded on change."""

    def __init__(self, index_dir: Path, model: str | None = None, watch: bool = True, loader: Loader = load_checked):
        self.index_dir = Path(index_dir)
        self.model = model
        self.watch = watch
        self.loader = loader
        self.loaded_at: float | None = None
        self._engine: Engine | None = None
        self._error: str | None = None
        self._loaded_stamp: tuple | None = None
        self._lock = threading.Lock()  # held for the whole of one load; at most one load at a time

    def _stamp(self) -> tuple | None:
        """What identifies the published manifest file (a new one is a new inode)."""
        try:
            st = (self.index_dir / MANIFEST).stat()
        except OSError:
            return None
        return (st.st_dev, st.st_ino, st.st_mtime_ns, st.st_size)

    def _load_locked(self) -> Engine:
        """Load the published index (caller holds the lock); keep the old engine on failure."""
        stamp = self._stamp()
        try:
            engine = self.loader(self.index_dir, self.model)
        except Exception as exc:  # noqa: BLE001 - any failure keeps the old engine serving
            message = str(exc) if isinstance(exc, IndexUnusable) else \
                f"index in {self.index_dir} failed to load ({type(exc).__name__}: {exc})"
            self._error, self._loaded_stamp = message, stamp
            log.error("index not loaded: %s", message, exc_info=not isinstance(exc, IndexUnusable))
            if self._engine is None:
                raise EngineUnavailable(message) from exc
            return self._engine
        self._engine, self._error, self._loaded_stamp = engine, None, stamp
        self.loaded_at = time.time()
        log.info("index loaded: build %s", engine.manifest.get("data"))
        return engine

    def reload(self) -> Engine:
        """Load the published index now, waiting for any load in progress first."""
        with self._lock:
            return self._load_locked()

    def get(self) -> Engine:
        """The engine to answer with; never waits for a reload when one is already serving."""
        engine = self._engine
        if engine is None:
            return self._first_load()
        if self.watch and self._stamp() != self._loaded_stamp:
            self._reload_in_background()
        return engine

    def _first_load(self) -> Engine:
        """Load synchronously when nothing serves yet; a known failure is not retried until the manifest changes."""
        with self._lock:
            if self._engine is not None:
                return self._engine
            if self._error is not None and self._stamp() == self._loaded_stamp:
                raise EngineUnavailable(self._error)
            return self._load_locked()

    def _reload_in_background(self) -> None:
        """Start one loader thread unless a load is already running."""
        if not self._lock.acquire(blocking=False):
            return
        if self._stamp() == self._loaded_stamp:  # another thread finished the reload meanwhile
            self._lock.release()
            return

        def run() -> None:
            try:
                self._load_locked()
            except EngineUnavailable:
                pass  # recorded in self.error; /health reports it
            finally:
                self._lock.release()

        try:
            threading.Thread(target=run, name="peel-qa-reload", daemon=True).start()
        except BaseException:
            self._lock.release()
            raise

    @property
    def loading(self) -> bool:
        return self._lock.locked()

    @property
    def error(self) -> str | None:
        return self._error

    @property
    def loaded(self) -> Engine | None:
        return self._engine
