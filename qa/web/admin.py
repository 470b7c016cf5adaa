"""Operator routes: reload the index, rebuild it in the background, report status.

Every route needs ``Authorization: Bearer <token>`` matching config
``ADMIN_TOKEN`` (env ``PEEL_QA_ADMIN_TOKEN``). Without a configured token the
routes answer 403 (disabled); a missing or wrong token gets 401 with a
``WWW-Authenticate`` challenge. Tokens are compared in constant time.

A rebuild takes the index directory's build lock in the request (so a running
CLI build or a second rebuild is refused with 409 at once), then builds from
config ``SOURCES`` in a thread, publishes atomically and swaps the engine.
"""

from __future__ import annotations

import hmac
import logging
import threading
import time
from datetime import datetime, timezone
from pathlib import Path
from typing import Literal

from flask import current_app, jsonify, request, url_for
from flask_openapi3 import APIBlueprint, Tag
from pydantic import BaseModel, Field

from ..build import BuildLocked, acquire_build_lock, build_index_locked
from ..embed import DEFAULT_BACKEND, DEFAULT_MODEL
from .errors import ApiError
from .schemas import COMMON_RESPONSES, ErrorBody
from .state import EngineHolder, EngineUnavailable

log = logging.getLogger(__name__)
SECURITY = [{"bearerAuth": []}]
AUTH_RESPONSES = {401: ErrorBody, 403: ErrorBody}
bp = APIBlueprint("admin", __name__, url_prefix="/admin", abp_tags=[Tag(name="admin", description="operators only")],
                  abp_security=SECURITY, abp_responses={**COMMON_RESPONSES, **AUTH_RESPONSES})


class RebuildState(BaseModel):
    state: Literal["idle", "running", "succeeded", "failed"]
    started_at: str | None = None
    finished_at: str | None = None
    seconds: float | None = None
    error: str | None = None
    build: str | None = None
    documents: int | None = None
    chunks: int | None = None
    reused: int | None = Field(default=None, description="reports unchanged since the previous build, whose vectors were kept")


class AdminStatus(BaseModel):
    build: str | None
    built_at: str | None
    loaded_at: str | None
    loading: bool
    error: str | None
    sources: list[str]
    rebuild: RebuildState


class ReloadResponse(BaseModel):
    status: Literal["reloaded"]
    build: str | None


class RebuildAccepted(BaseModel):
    status: Literal["started"]
    status_url: str


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


class Rebuilder:
    """One background rebuild at a time, and what the last one did."""

    def __init__(self, holder: EngineHolder, sources: list[Path], model: str | None):
        self.holder, self.sources, self.model = holder, sources, model
        self._state = RebuildState(state="idle")
        self._guard = threading.Lock()

    def state(self) -> RebuildState:
        with self._guard:
            return self._state.model_copy()

    def start(self) -> None:
        """Take the build lock here, then build in a thread; :class:`BuildLocked` if a build runs."""
        with self._guard:
            if self._state.state == "running":
                raise BuildLocked("a rebuild started by this server is running")
            handle = acquire_build_lock(self.holder.index_dir)
            try:
                threading.Thread(target=self._run, args=(handle,), name="peel-qa-rebuild", daemon=True).start()
            except BaseException:
                handle.close()
                raise
            self._state = RebuildState(state="running", started_at=_now())

    def _model(self) -> str:
        served = self.holder.loaded
        return self.model or (served.manifest["model"] if served else DEFAULT_MODEL)

    def _backend(self) -> str:
        """The served index's backend, so a rebuild keeps its vectors comparable and reuses them."""
        served = self.holder.loaded
        return (served.manifest.get("settings") or {}).get("backend", DEFAULT_BACKEND) if served else DEFAULT_BACKEND

    def _run(self, handle) -> None:
        started = time.perf_counter()
        outcome: dict = {}
        try:
            report = build_index_locked(self.sources, self.holder.index_dir, model=self._model(), backend=self._backend())
            outcome = {"documents": report.documents, "chunks": report.chunks, "reused": report.reused}
        except Exception as exc:  # noqa: BLE001 - the thread reports every failure through status
            log.exception("rebuild failed")
            outcome = {"error": f"build failed ({type(exc).__name__}: {exc}); the previous index keeps serving"}
        finally:
            handle.close()
        if "error" not in outcome:
            outcome.update(self._swap())
        with self._guard:
            self._state = self._state.model_copy(update={
                **outcome, "state": "failed" if "error" in outcome else "succeeded",
                "finished_at": _now(), "seconds": round(time.perf_counter() - started, 2)})

    def _swap(self) -> dict:
        """Load the new build now; report a failure to load as the rebuild's error."""
        try:
            engine = self.holder.reload()
        except EngineUnavailable as exc:
            return {"error": f"built but not loaded: {exc}"}
        if self.holder.error:
            return {"error": f"built but not loaded: {self.holder.error}; the previous index keeps serving"}
        return {"build": engine.manifest.get("data")}


def holder() -> EngineHolder:
    return current_app.extensions["peel_qa"]


def rebuilder() -> Rebuilder:
    return current_app.extensions["peel_qa_admin"]


@bp.before_request
def require_token():
    """403 when no token is configured, 401 (with a challenge) when the request's token is missing or wrong."""
    token = current_app.config.get("ADMIN_TOKEN")
    if not token:
        raise ApiError(403, "admin_disabled", "admin routes are disabled: set PEEL_QA_ADMIN_TOKEN to enable them")
    scheme, _, given = request.headers.get("Authorization", "").partition(" ")
    ok = scheme.lower() == "bearer" and hmac.compare_digest(given.strip().encode("utf-8", "surrogateescape"),
                                                            str(token).encode("utf-8"))
    if not ok:
        raise ApiError(401, "unauthorized", "send Authorization: Bearer <admin token>",
                       {"WWW-Authenticate": 'Bearer realm="peel-qa admin"'})


@bp.post("/reload", responses={200: ReloadResponse, 409: ErrorBody}, summary="Load the published index again")
def reload():
    """Load the index named by manifest.json now; 409 when it cannot be used (the old one keeps serving)."""
    h = holder()
    try:
        engine = h.reload()
    except EngineUnavailable as exc:
        raise ApiError(409, "reload_failed", str(exc)) from exc
    if h.error:
        raise ApiError(409, "reload_failed", f"{h.error}; the previous index keeps serving")
    return jsonify({"status": "reloaded", "build": engine.manifest.get("data")})


@bp.post("/rebuild", responses={202: RebuildAccepted, 409: ErrorBody}, summary="Rebuild from the configured sources")
def rebuild():
    """Start a background rebuild and swap; follow it at ``status_url``. 409 when a build is already running."""
    try:
        rebuilder().start()
    except BuildLocked as exc:
        raise ApiError(409, "build_running", str(exc)) from exc
    status_url = url_for("admin.status")
    response = jsonify({"status": "started", "status_url": status_url})
    response.status_code = 202
    response.headers["Location"] = status_url
    return response


@bp.get("/status", responses={200: AdminStatus}, summary="Served build and the last rebuild")
def status():
    """Which build is served, since when, any load error, and the last rebuild's state, error and timings."""
    h = holder()
    served = h.loaded
    manifest = served.manifest if served else {}
    loaded_at = datetime.fromtimestamp(h.loaded_at, timezone.utc).isoformat(timespec="seconds") if h.loaded_at else None
    return jsonify({"build": manifest.get("data"), "built_at": manifest.get("built_at"), "loaded_at": loaded_at,
                    "loading": h.loading, "error": h.error, "sources": [str(p) for p in rebuilder().sources],
                    "rebuild": rebuilder().state().model_dump()})
