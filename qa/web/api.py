"""JSON routes: they translate HTTP to the core and the core's records to JSON."""

from __future__ import annotations

from flask import Blueprint, current_app, jsonify, request
from pydantic import ValidationError

from ..records import Figure, Passage, Result, to_dict
from .errors import ApiError
from .schemas import AskRequest
from .state import EngineHolder, EngineUnavailable

bp = Blueprint("api", __name__)


def holder() -> EngineHolder:
    return current_app.extensions["peel_qa"]


def engine():
    try:
        return holder().get()
    except EngineUnavailable as exc:
        raise ApiError(503, "index_unavailable", str(exc)) from exc


def passage_json(p: Passage) -> dict:
    c = p.chunk
    return {"id": c.id, "document": c.document, "text": c.text, "section": list(c.section), "page": c.page,
            "pages": list(c.pages), "score": p.score, "highlight": list(p.highlight), "kind": c.kind,
            "prev": c.prev, "next": c.next}


def figure_json(f: Figure) -> dict:
    return to_dict(f)


def result_json(r: Result) -> dict:
    return {"question": r.question, "answer": to_dict(r.answer) if r.answer else None, "answerable": r.answerable,
            "passages": [passage_json(p) for p in r.passages], "figures": [figure_json(f) for f in r.figures],
            "took_ms": r.took_ms}


def _validation_message(exc: ValidationError) -> str:
    first = exc.errors()[0]
    where = ".".join(str(x) for x in first.get("loc", ())) or "body"
    return f"{where}: {first.get('msg', 'invalid')}"


def parse_ask() -> AskRequest:
    """The /ask request from a GET query string or a POST JSON body."""
    if request.method == "GET":
        top_k = request.args.get("top_k", "5")
        data = {"question": request.args.get("q", request.args.get("question", "")),
                "top_k": int(top_k) if top_k.strip().lstrip("-").isdigit() and len(top_k) < 6 else top_k}
    else:
        if not request.is_json:
            raise ApiError(415, "unsupported_media_type", "send the question as JSON (Content-Type: application/json)")
        data = request.get_json(silent=True)
        if not isinstance(data, dict):
            raise ApiError(400, "invalid_json", 'the body must be a JSON object such as {"question": "..."}')
    try:
        return AskRequest.model_validate(data)
    except ValidationError as exc:
        raise ApiError(400, "invalid_request", _validation_message(exc)) from exc


@bp.route("/ask", methods=["GET", "POST"])
def ask():
    req = parse_ask()
    return jsonify(result_json(engine().ask(req.question, req.top_k)))


@bp.get("/health")
def health():
    h = holder()
    try:
        e = h.get()
    except EngineUnavailable as exc:
        return jsonify({"status": "unavailable", "error": str(exc)}), 503
    m = e.manifest
    return jsonify({"status": "ok" if h.error is None else "degraded", "error": h.error,
                    "documents": m["documents"], "chunks": m["counts"]["chunks"], "figures": m["counts"]["figures"],
                    "model": m["model"], "built_at": m.get("built_at"), "build": m.get("data")})


@bp.get("/figures")
def figures():
    q = " ".join(request.args.get("q", "").split()).lower()
    found = [f for f in engine().data.figures if not q or q in f.label.lower() or q in (f.group or "").lower()]
    return jsonify({"figures": [figure_json(f) for f in found], "count": len(found)})


@bp.get("/chunks/<path:chunk_id>")
def chunk(chunk_id: str):
    c = engine().chunk(chunk_id)
    if c is None:
        raise ApiError(404, "not_found", f"no chunk {chunk_id!r}")
    return jsonify(passage_json(Passage(c, 0.0, (0, 0))))


@bp.get("/documents")
def documents():
    return jsonify({"documents": engine().manifest["documents"]})


@bp.get("/documents/<doc_id>")
def document(doc_id: str):
    for d in engine().data.documents:
        if d["id"] == doc_id:
            return jsonify(d)
    raise ApiError(404, "not_found", f"no document {doc_id!r}")
