"""The published OpenAPI document against the app: schemathesis fuzzing, explicit contract checks, and
what a damaged index does at startup (/health 503 with the reason, CLI exit code 2).

Uses the session's real index (conftest ``index_dir``) read-only: admin routes
are fuzzed without the token, so nothing here rebuilds or reloads.
"""

from __future__ import annotations

import io
import json
import logging
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.generation.modes import GenerationMode

from qa.cli import EXIT_INDEX_UNUSABLE, main
from qa.web import create_app
from qa.web.hardening import ACCESS_LOGGER, SECURITY_HEADERS

ROOT = Path(__file__).resolve().parents[1]
PEEL_QA = str(Path(sys.executable).parent / "peel-qa")
PASSAGE_KEYS = {"id", "document", "text", "section", "page", "pages", "score", "highlight", "chunk_span", "kind", "prev", "next"}
ASK_KEYS = {"question", "answer", "answerable", "passages", "figures", "took_ms"}
FUZZ_MIN_REQUESTS = 1000
SEEN: dict[tuple, int] = {}  # (method, path, mode) -> generated requests, filled by the fuzz test


@pytest.fixture(scope="module")
def contract_app(index_dir):
    return create_app({"TESTING": True, "INDEX_DIR": str(index_dir), "ADMIN_TOKEN": "contract-token",
                       "ACCESS_LOG": False})


@pytest.fixture(scope="module")
def api_client(contract_app):
    return contract_app.test_client()


@pytest.fixture(scope="module")
def api_schema(contract_app):
    return schemathesis.openapi.from_wsgi("/openapi.json", contract_app)


# Each operation of the document with how many positive and negative cases to generate: about 1,100 requests.
# Answers cost an embedding, so /ask gets fewer positive cases; free-form path ids cannot be made invalid.
OPERATIONS = {
    ("POST", "/ask"): (80, 150), ("GET", "/ask"): (80, 150), ("GET", "/figures"): (150, 150),
    ("GET", "/chunks/{chunk_id}"): (150, 0), ("GET", "/documents/{doc_id}"): (150, 0),
    ("GET", "/health"): (5, 0), ("GET", "/documents"): (5, 0), ("POST", "/admin/reload"): (10, 0),
    ("POST", "/admin/rebuild"): (10, 0), ("GET", "/admin/status"): (10, 0),
}


def is_error_shape(body) -> bool:
    return (isinstance(body, dict) and set(body) == {"error"} and isinstance(body["error"], dict)
            and set(body["error"]) == {"code", "message"} and all(isinstance(v, str) for v in body["error"].values()))


def check_case(case) -> None:
    """schemathesis's checks (status documented, schema conformance, data acceptance/rejection) plus ours."""
    response = case.call()
    body = response.json() if response.headers.get("content-type", [""])[0].startswith("application/json") else None
    # Document ids are the index's own: the schema can only say what an id looks like, so a well-formed
    # id that this index lacks is the one schema-valid input answered with a 400.
    # A body over the size limit is rejected with 413 before it is read, which schemathesis does not
    # count among rejections.
    code = body["error"]["code"] if is_error_shape(body) else None
    if not ((response.status_code, code) in {(400, "unknown_document"), (413, "request_entity_too_large")}):
        case.validate_response(response)
    assert response.status_code < 500, response.text
    if 400 <= response.status_code < 500:
        assert is_error_shape(response.json()), response.text
    for name, value in SECURITY_HEADERS.items():
        assert response.headers.get(name.lower()) == [value]


FUZZ_RUNS = [(m, p, mode) for (m, p), counts in OPERATIONS.items()
             for mode, n in zip(("positive", "negative"), counts) if n]


@pytest.mark.parametrize("method,path,mode", FUZZ_RUNS)
def test_openapi_fuzz(api_schema, method, path, mode):
    """Generated requests per operation (in-process WSGI): no 5xx and every 4xx in the error shape.

    Built with ``as_strategy`` + ``given`` because ``schemathesis.pytest.from_fixture`` fails on pytest 9.2
    (it sets ``node._nodeid``).
    """
    examples = OPERATIONS[(method, path)][mode == "negative"]
    strategy = api_schema[path][method].as_strategy(generation_mode=GenerationMode(mode))

    @given(case=strategy)
    @settings(max_examples=examples, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    def run(case):
        SEEN[(method, path, mode)] = SEEN.get((method, path, mode), 0) + 1
        check_case(case)

    run()


def test_fuzz_made_enough_requests(api_schema):
    """Runs after the fuzz tests (file order): every operation was exercised, >= 1000 requests in all."""
    if len(SEEN) < len(FUZZ_RUNS):
        pytest.skip("the full fuzz set did not run in this session")
    assert sum(SEEN.values()) >= FUZZ_MIN_REQUESTS, SEEN
    documented = {(m.upper(), p) for p, item in api_schema.raw_schema["paths"].items() for m in item}
    assert documented == set(OPERATIONS)


def test_spec_lists_every_api_route(contract_app, api_client):
    """Each JSON route of the app is documented; pages and the document itself are left out."""
    spec = api_client.get("/openapi.json").get_json()
    assert spec["openapi"].startswith("3.")
    documented = {(path, method.upper()) for path, item in spec["paths"].items() for method in item}
    for rule in contract_app.url_map.iter_rules():
        if rule.endpoint.startswith(("api.", "admin.")):
            path = rule.rule.replace("<path:", "{").replace("<", "{").replace(">", "}")
            for method in rule.methods - {"HEAD", "OPTIONS"}:
                assert (path, method) in documented
    assert spec["components"]["securitySchemes"]["bearerAuth"]["scheme"] == "bearer"


def test_docs_ui_is_off(api_client):
    for path in ("/openapi", "/openapi/", "/openapi/swagger", "/docs"):
        r = api_client.get(path)
        assert r.status_code == 404 and is_error_shape(r.get_json())


def test_ask_field_names(api_client):
    question = {"question": "What is the rate of burglary in a dwelling?", "top_k": 3}
    body = api_client.post("/ask", json=question).get_json()
    assert set(body) == ASK_KEYS and len(body["passages"]) == 3
    assert all(set(p) == PASSAGE_KEYS for p in body["passages"])
    assert body["answer"] is None or set(body["answer"]) == {"text", "citation"}


def test_get_and_post_ask_agree(api_client):
    def strip(body):
        return {k: v for k, v in body.items() if k != "took_ms"}

    got = api_client.get("/ask", query_string={"q": "  What is   THRIVE? ", "top_k": 4}).get_json()
    posted = api_client.post("/ask", json={"question": "What is THRIVE?", "top_k": 4}).get_json()
    assert strip(got) == strip(posted) and got["question"] == "What is THRIVE?"


@pytest.mark.parametrize("request_kwargs,status,code", [
    ({"method": "POST", "path": "/ask", "json": {"question": "\u3000\u2028 \t"}}, 400, "invalid_request"),
    ({"method": "POST", "path": "/ask", "json": {"question": "ok", "top_k": True}}, 400, "invalid_request"),
    ({"method": "POST", "path": "/ask", "json": {"question": "ok", "top_k": 2.5}}, 400, "invalid_request"),
    ({"method": "POST", "path": "/ask", "json": {"question": "ok", "other": 1}}, 400, "invalid_request"),
    ({"method": "POST", "path": "/ask", "data": '"{\\"question\\": \\"hi\\"}"', "content_type": "application/json"},
     400, "invalid_json"),
    ({"method": "POST", "path": "/ask", "data": '{"question": "\\ud800 THRIVE"}', "content_type": "application/json"},
     400, "invalid_request"),  # a lone surrogate would crash the tokenizer (core bug): refused here
    ({"method": "POST", "path": "/ask", "data": "{}", "content_type": "text/plain"}, 415, "unsupported_media_type"),
    ({"method": "POST", "path": "/ask", "data": "{" + " " * 70_000 + "}", "content_type": "application/json"},
     413, "request_entity_too_large"),
    ({"method": "GET", "path": "/ask?q=hi&top_k=1_0"}, 400, "invalid_request"),
    ({"method": "GET", "path": "/ask?q=hi&top_k=21"}, 400, "invalid_request"),
    ({"method": "GET", "path": "/figures?q=" + "x" * 1001}, 400, "invalid_request"),
    ({"method": "PUT", "path": "/ask"}, 405, "method_not_allowed"),
    ({"method": "GET", "path": "/no/such/route"}, 404, "not_found"),
    ({"method": "GET", "path": "/chunks/no-such-chunk"}, 404, "not_found"),
    ({"method": "GET", "path": "/documents/no-such-document"}, 404, "not_found"),
])
def test_limits_use_the_error_shape(api_client, request_kwargs, status, code):
    kwargs = dict(request_kwargs)
    r = api_client.open(kwargs.pop("path"), **kwargs)
    assert r.status_code == status and is_error_shape(r.get_json()) and r.get_json()["error"]["code"] == code
    if status == 405:
        assert "POST" in r.headers["Allow"]


def test_security_headers_on_pages_errors_and_api(api_client):
    for path in ("/", "/health", "/nowhere", "/openapi.json", "/ask?q="):
        r = api_client.get(path)
        for name, value in SECURITY_HEADERS.items():
            assert r.headers.get(name) == value, (path, name)


def test_pages_still_served(api_client, contract_app):
    assert api_client.get("/").status_code == 200
    assert "pages.static" in {r.endpoint for r in contract_app.url_map.iter_rules()}


def test_unexpected_error_is_500_without_traceback(contract_app, api_client, monkeypatch):
    holder = contract_app.extensions["peel_qa"]
    engine = holder.get()

    def explode(*args, **kwargs):
        raise RuntimeError("secret internal detail")

    monkeypatch.setattr(engine, "ask", explode)
    r = api_client.post("/ask", json={"question": "anything"})
    assert r.status_code == 500 and is_error_shape(r.get_json())
    assert "secret" not in r.get_data(as_text=True) and "Traceback" not in r.get_data(as_text=True)


def _log_lines(app, requests) -> list[dict]:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    logger = logging.getLogger(ACCESS_LOGGER)
    logger.addHandler(handler)
    level = logger.level
    logger.setLevel(logging.INFO)
    app.config["ACCESS_LOG"] = True
    try:
        client = app.test_client()
        for method, path, kwargs in requests:
            client.open(path, method=method, **kwargs)
    finally:
        app.config["ACCESS_LOG"] = False
        logger.removeHandler(handler)
        logger.setLevel(level)
    return [json.loads(line) for line in stream.getvalue().splitlines()]


def test_one_access_line_per_request_without_questions(contract_app):
    secret = "what does my neighbour Jane Doe report"
    lines = _log_lines(contract_app, [("POST", "/ask", {"json": {"question": secret}}),
                                      ("GET", "/ask", {"query_string": {"q": secret}}), ("GET", "/nowhere", {})])
    assert [(x["method"], x["path"], x["status"]) for x in lines] == [("POST", "/ask", 200), ("GET", "/ask", 200),
                                                                      ("GET", "/nowhere", 404)]
    assert all(isinstance(x["ms"], float) for x in lines) and secret not in json.dumps(lines)


def test_questions_logged_only_when_enabled(contract_app):
    contract_app.config["LOG_QUESTIONS"] = True
    try:
        lines = _log_lines(contract_app, [("POST", "/ask", {"json": {"question": "What is THRIVE?"}})])
    finally:
        contract_app.config["LOG_QUESTIONS"] = False
    assert lines[0]["question"] == "What is THRIVE?"


# ---------------------------------------------------------------- damaged indexes at startup: 503 and exit 2


def damage(index_dir: Path, how: str) -> None:
    manifest = json.loads((index_dir / "manifest.json").read_text())
    data = index_dir / manifest["data"]
    if how == "truncated vectors":
        (data / "chunks.faiss").write_bytes((data / "chunks.faiss").read_bytes()[:1000])
    elif how == "truncated manifest":
        (index_dir / "manifest.json").write_text(json.dumps(manifest)[:200])
    elif how == "other format":
        (index_dir / "manifest.json").write_text(json.dumps({**manifest, "format": 99}))
    elif how == "other model dimension":
        (index_dir / "manifest.json").write_text(json.dumps({**manifest, "dimension": 768}))


DAMAGES = ["truncated vectors", "truncated manifest", "other format", "other model dimension"]


@pytest.fixture()
def damaged_copy(index_dir, tmp_path):
    def make(how: str) -> Path:
        target = tmp_path / how.replace(" ", "-")
        shutil.copytree(index_dir, target)
        damage(target, how)
        return target
    return make


@pytest.mark.parametrize("how", DAMAGES)
def test_damaged_index_health_is_503_with_the_reason(damaged_copy, how):
    client = create_app({"TESTING": True, "INDEX_DIR": str(damaged_copy(how)), "ACCESS_LOG": False}).test_client()
    r = client.get("/health")
    assert r.status_code == 503 and r.get_json()["status"] == "unavailable"
    assert "rebuild" in r.get_json()["error"] or "peel-qa index build" in r.get_json()["error"]
    r = client.post("/ask", json={"question": "What is THRIVE?"})
    assert r.status_code == 503 and r.get_json()["error"]["code"] == "index_unavailable"


@pytest.mark.parametrize("how", DAMAGES)
def test_damaged_index_ask_exits_2(damaged_copy, how):
    from click.testing import CliRunner

    result = CliRunner().invoke(main, ["ask", "What is THRIVE?", "--index-dir", str(damaged_copy(how))])
    assert result.exit_code == EXIT_INDEX_UNUSABLE and "Error:" in result.output and "rebuild" in result.output


def test_damaged_index_serve_exits_2_before_listening(damaged_copy):
    done = subprocess.run([PEEL_QA, "serve", "--index-dir", str(damaged_copy("truncated vectors")), "--port", "0"],
                          cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == EXIT_INDEX_UNUSABLE and "damaged" in done.stderr and "Traceback" not in done.stderr


def test_configured_model_must_match_the_index(index_dir):
    client = create_app({"TESTING": True, "INDEX_DIR": str(index_dir), "MODEL": "another-model",
                         "ACCESS_LOG": False}).test_client()
    r = client.get("/health")
    assert r.status_code == 503 and "built with model" in r.get_json()["error"]
