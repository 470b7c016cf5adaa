"""Hold the served engine and swap it when a new index is published.

Each request asks :meth:`EngineHolder.get`. It compares the build named by
``manifest.json`` with the one loaded (a stat and a small read); when a new
build has been published it loads it completely first and only then swaps
the reference, so every request is answered by one whole index, old or new.
A new index that fails to load is logged and the old one keeps serving.
"""

from __future__ import annotations

import json
import logging
import threading
from pathlib import Path

from ..engine import Engine
from ..store import MANIFEST, IndexUnusable

log = logging.getLogger(__name__)


class EngineUnavailable(Exception):
    """No usable index is loaded; the message says why."""


class EngineHolder:
    """The current :class:`Engine` of one index directory, reloaded on change."""

    def __init__(self, index_dir: Path, model: str | None = None, watch: bool = True):
        self.index_dir = Path(index_dir)
        self.model = model
        self.watch = watch
        self._engine: Engine | None = None
        self._error: str | None = None
        self._loaded_stamp: tuple | None = None
        self._lock = threading.Lock()

    def _stamp(self) -> tuple | None:
        """What identifies the published build: manifest mtime and its data folder."""
        path = self.index_dir / MANIFEST
        try:
            stat = path.stat()
            data = json.loads(path.read_text(encoding="utf-8")).get("data")
        except (OSError, ValueError, AttributeError):
            return None
        return (stat.st_mtime_ns, data)

    def reload(self) -> Engine:
        """Load the published index now; keep the old engine if that fails."""
        with self._lock:
            stamp = self._stamp()
            try:
                engine = Engine.load(self.index_dir, self.model)
            except IndexUnusable as exc:
                self._error = str(exc)
                self._loaded_stamp = stamp
                log.error("index not loaded: %s", exc)
                if self._engine is None:
                    raise EngineUnavailable(str(exc)) from exc
                return self._engine
            self._engine, self._error, self._loaded_stamp = engine, None, stamp
            log.info("index loaded: build %s", engine.manifest.get("data"))
            return engine

    def get(self) -> Engine:
        """The engine to answer with (loading or reloading when needed)."""
        engine = self._engine
        if engine is None or (self.watch and self._stamp() != self._loaded_stamp):
            if engine is not None and self._lock.locked():
                return engine  # another thread is loading the new build; keep serving the old one
            return self.reload()
        return engine

    @property
    def error(self) -> str | None:
        return self._error

    @property
    def loaded(self) -> Engine | None:
        return self._engine
