"""The HTTP contract of /ask, /health and /figures, and the error shape, through the test client."""

import pytest

PASSAGE_KEYS = {"id", "document", "text", "section", "page", "score", "highlight"}
FIGURE_KEYS = {"id", "document", "figure", "title", "label", "values", "unit", "period", "note", "page", "source"}


def test_post_ask_contract(client):
    r = client.post("/ask", json={"question": "What is the rate of burglary in a dwelling in West Mercia?", "top_k": 3})
    assert r.status_code == 200
    body = r.get_json()
    assert set(body) >= {"question", "answer", "answerable", "passages", "figures", "took_ms"}
    assert len(body["passages"]) == 3 and PASSAGE_KEYS <= set(body["passages"][0])
    assert FIGURE_KEYS <= set(body["figures"][0])
    assert body["figures"][0]["values"] == {"West Mercia Police": 5.3, "England and Wales": 8.1}
    assert set(body["answer"]) == {"text", "citation"}


def test_get_ask_thrive_returns_the_footnote(client):
    r = client.get("/ask", query_string={"q": "What is THRIVE?", "top_k": 5})
    assert r.status_code == 200
    texts = [p["text"] for p in r.get_json()["passages"]]
    assert any(t.startswith("THRIVE is a structured assessment") for t in texts)


@pytest.mark.parametrize("kwargs,status", [
    ({"json": {"question": ""}}, 400),
    ({"json": {"question": "   "}}, 400),
    ({"json": {"question": "x" * 1001}}, 400),
    ({"json": {"question": "ok", "top_k": 0}}, 400),
    ({"json": {"question": "ok", "top_k": 21}}, 400),
    ({"json": {"question": "ok", "top_k": "5"}}, 400),
    ({"json": {"question": 5}}, 400),
    ({"json": ["question"]}, 400),
    ({"data": "{not json", "content_type": "application/json"}, 400),
    ({"data": "question=hi", "content_type": "application/x-www-form-urlencoded"}, 415),
    ({"data": "x" * 200_000, "content_type": "application/json"}, 413),
])
def test_bad_requests_get_the_error_shape(client, kwargs, status):
    r = client.post("/ask", **kwargs)
    assert r.status_code == status
    error = r.get_json()["error"]
    assert set(error) == {"code", "message"} and error["message"]


def test_other_errors_have_the_shape(client):
    for r, status in ((client.get("/nowhere"), 404), (client.delete("/ask"), 405), (client.get("/ask?q="), 400),
                      (client.get("/ask?q=hi&top_k=many"), 400)):
        assert r.status_code == status and set(r.get_json()["error"]) == {"code", "message"}


def test_health_and_figures(client):
    health = client.get("/health").get_json()
    assert health["status"] == "ok" and health["chunks"] > 100 and health["figures"] > 40
    assert health["model"] and health["built_at"]
    figures = client.get("/figures", query_string={"q": "burglary"}).get_json()["figures"]
    assert figures[0]["label"] == "Burglary in a dwelling"  # the table row, then sentences naming burglary
    assert all("burglary" in f["label"].lower() for f in figures)


def test_missing_index_is_503_with_the_shape(tmp_path):
    from qa.web import create_app

    client = create_app({"TESTING": True, "INDEX_DIR": str(tmp_path)}).test_client()
    r = client.get("/ask?q=hello")
    assert r.status_code == 503 and "peel-qa index build" in r.get_json()["error"]["message"]
    assert client.get("/health").status_code == 503
