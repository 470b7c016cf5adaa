"""JSON routes: they translate HTTP to the core and the core's records to JSON.

Each route declares its request and response models (see :mod:`.schemas`);
flask-openapi3 validates requests against them and publishes them in
``/openapi.json``. The JSON field names are what the chat page reads.
"""

from __future__ import annotations

from flask import current_app, g, jsonify, request
from flask_openapi3 import APIBlueprint, Tag

from ..validate import QuestionError, UnknownDocument
from ..records import Figure, Passage, Result, to_dict
from . import schemas as s
from .errors import ApiError
from .state import EngineHolder, EngineUnavailable

bp = APIBlueprint("api", __name__, abp_tags=[Tag(name="questions", description="ask the reports")],
                  abp_responses=s.COMMON_RESPONSES)

UNAVAILABLE = {503: s.ErrorBody}
ASK_RESPONSES = {200: s.AskResponse, 400: s.ErrorBody, **UNAVAILABLE}


def holder() -> EngineHolder:
    return current_app.extensions["peel_qa"]


def engine():
    try:
        return holder().get()
    except EngineUnavailable as exc:
        raise ApiError(503, "index_unavailable", str(exc)) from exc


def passage_json(p: Passage) -> dict:
    c, offset = p.chunk, p.offset
    return {"id": c.id, "document": c.document, "text": p.text, "section": list(c.section), "page": c.page,
            "pages": list(p.pages or c.pages), "score": p.score, "highlight": [offset + x for x in p.highlight],
            "chunk_span": [offset, offset + len(c.text)], "kind": c.kind, "prev": c.prev, "next": c.next}


def figure_json(f: Figure) -> dict:
    return to_dict(f)


def result_json(r: Result) -> dict:
    return {"question": r.question, "answer": to_dict(r.answer) if r.answer else None, "answerable": r.answerable,
            "passages": [passage_json(p) for p in r.passages], "figures": [figure_json(f) for f in r.figures],
            "took_ms": r.took_ms}


@bp.before_request
def require_json_object():
    """POST /ask takes a JSON object: 415 for another media type, 400 for broken JSON or a non-object."""
    if request.endpoint != "api.ask_post":
        return
    if not request.is_json:
        raise ApiError(415, "unsupported_media_type", "send the question as JSON (Content-Type: application/json)")
    if not isinstance(request.get_json(silent=True), dict):
        raise ApiError(400, "invalid_json", 'the body must be a JSON object such as {"question": "..."}')


def answer(question: str, top_k: int, documents: list[str] | None = None):
    """Ask the engine; the question is kept in ``g`` only for the optional question log."""
    g.question = question
    try:
        return jsonify(result_json(engine().ask(question, top_k, documents)))
    except UnknownDocument as exc:  # valid by the schema, but not in this index
        raise ApiError(400, "unknown_document", str(exc)) from exc
    except QuestionError as exc:  # the models already enforce the core's rules; kept as a safety net
        raise ApiError(400, "invalid_request", str(exc)) from exc


@bp.get("/ask", responses=ASK_RESPONSES, summary="Answer a question (query string)")
def ask_get(query: s.AskQuery):
    """Same as POST /ask with ``q``, ``top_k`` and ``documents`` (comma-separated) in the query string."""
    return answer(query.q, query.top_k, query.document_ids())


@bp.post("/ask", responses={**ASK_RESPONSES, 413: s.ErrorBody, 415: s.ErrorBody}, summary="Answer a question")
def ask_post(body: s.AskRequest):
    """Passages, figures and a short extractive answer for a question."""
    return answer(body.question, body.top_k, body.documents)


@bp.get("/health", responses={200: s.HealthResponse, 503: s.HealthUnavailable}, summary="Is an index loaded?")
def health():
    """``ok`` when the published index is loaded; ``degraded`` when a newer one failed and the old one serves."""
    h = holder()
    try:
        e = h.get()
    except EngineUnavailable as exc:
        return jsonify({"status": "unavailable", "error": str(exc)}), 503
    m = e.manifest
    return jsonify({"status": "ok" if h.error is None else "degraded", "error": h.error,
                    "documents": m["documents"], "chunks": m["counts"]["chunks"], "figures": m["counts"]["figures"],
                    "model": m["model"], "built_at": m.get("built_at"), "build": m.get("data")})


@bp.get("/figures", responses={200: s.FiguresResponse, 400: s.ErrorBody, **UNAVAILABLE}, summary="List figures")
def figures(query: s.FiguresQuery):
    """Structured figures whose label or group contains ``q`` (all when empty)."""
    q = " ".join(query.q.split()).lower()
    found = [f for f in engine().data.figures if not q or q in f.label.lower() or q in (f.group or "").lower()]
    return jsonify({"figures": [figure_json(f) for f in found], "count": len(found)})


@bp.get("/chunks/<path:chunk_id>", responses={200: s.PassageOut, 404: s.ErrorBody, **UNAVAILABLE},
        summary="One passage by id")
def chunk(path: s.ChunkPath):
    """A chunk as a passage (score 0), to show its neighbours through ``prev``/``next``."""
    c = engine().chunk(path.chunk_id)
    if c is None:
        raise ApiError(404, "not_found", f"no chunk {path.chunk_id!r}")
    return jsonify(passage_json(Passage(c, 0.0, (0, 0))))


@bp.get("/documents", responses={200: s.DocumentsResponse, **UNAVAILABLE}, summary="Indexed documents")
def documents():
    """Id, title, source, checksum and page count of every indexed report."""
    return jsonify({"documents": engine().manifest["documents"]})


@bp.get("/documents/<doc_id>", responses={200: s.DocumentDetail, 404: s.ErrorBody, **UNAVAILABLE},
        summary="One parsed document")
def document(path: s.DocumentPath):
    """The whole parsed document: sections and their blocks."""
    found = engine().document(path.doc_id)
    if found is not None:
        return jsonify(found)
    raise ApiError(404, "not_found", f"no document {path.doc_id!r}")
