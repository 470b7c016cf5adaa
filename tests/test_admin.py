"""Admin routes: bearer-token auth (403 disabled, 401 missing/wrong), reload, background rebuild and status."""

from __future__ import annotations

import json
import os
import shutil
import time
from pathlib import Path

import pytest

from qa.build import build_lock
from qa.web import create_app

ROOT = Path(__file__).resolve().parents[1]
TOKEN = "correct horse battery staple"
ROUTES = [("POST", "/admin/reload"), ("POST", "/admin/rebuild"), ("GET", "/admin/status")]
PATIENCE = 600  # seconds; a bound for a rebuild on a busy machine, never an assertion


def auth(token: str = TOKEN) -> dict:
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture()
def admin_dir(index_dir, tmp_path) -> Path:
    target = tmp_path / "index"
    shutil.copytree(index_dir, target)
    return target


def make_client(index_dir: Path, **config):
    app = create_app({"TESTING": True, "INDEX_DIR": str(index_dir), "ADMIN_TOKEN": TOKEN, "ACCESS_LOG": False,
                      **config})
    return app, app.test_client()


def error_code(response) -> str:
    body = response.get_json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message"}
    return body["error"]["code"]


@pytest.mark.parametrize("method,path", ROUTES)
def test_no_token_configured_means_403_disabled(index_dir, method, path):
    client = create_app({"TESTING": True, "INDEX_DIR": str(index_dir), "ACCESS_LOG": False}).test_client()
    r = client.open(path, method=method, headers=auth())
    assert r.status_code == 403 and error_code(r) == "admin_disabled"


@pytest.mark.parametrize("method,path", ROUTES)
@pytest.mark.parametrize("headers", [{}, auth("wrong"), auth(TOKEN + "x"), auth(""), {"Authorization": TOKEN},
                                     {"Authorization": f"Basic {TOKEN}"}, auth("é" * 5)])
def test_missing_or_wrong_token_is_401_with_a_challenge(index_dir, method, path, headers):
    _, client = make_client(index_dir)
    r = client.open(path, method=method, headers=headers)
    assert r.status_code == 401 and error_code(r) == "unauthorized"
    assert r.headers["WWW-Authenticate"].startswith("Bearer")


def test_right_token_status_and_reload(index_dir):
    _, client = make_client(index_dir)
    status = client.get("/admin/status", headers=auth())
    assert status.status_code == 200
    assert status.get_json()["rebuild"]["state"] == "idle"
    reload = client.post("/admin/reload", headers={"Authorization": f"bearer {TOKEN}"})
    assert reload.status_code == 200 and reload.get_json()["status"] == "reloaded"
    assert reload.get_json()["build"] == json.loads((index_dir / "manifest.json").read_text())["data"]


def test_token_from_environment_even_when_numeric(index_dir, monkeypatch):
    monkeypatch.setenv("PEEL_QA_ADMIN_TOKEN", "1234567890")  # from_prefixed_env parses this as an int
    client = create_app({"TESTING": True, "INDEX_DIR": str(index_dir), "ACCESS_LOG": False}).test_client()
    assert client.get("/admin/status", headers=auth("1234567890")).status_code == 200
    assert client.get("/admin/status", headers=auth("123456789")).status_code == 401


def test_reload_of_a_damaged_index_is_409_and_the_old_one_serves(admin_dir):
    _, client = make_client(admin_dir, WATCH_INDEX=False)
    assert client.post("/ask", json={"question": "What is THRIVE?"}).status_code == 200
    manifest = json.loads((admin_dir / "manifest.json").read_text())
    (admin_dir / manifest["data"] / "chunks.faiss").write_bytes(b"not faiss")
    r = client.post("/admin/reload", headers=auth())
    assert r.status_code == 409 and error_code(r) == "reload_failed"
    assert "keeps serving" in r.get_json()["error"]["message"]
    assert client.post("/ask", json={"question": "What is THRIVE?"}).status_code == 200
    assert client.get("/health").get_json()["status"] == "degraded"


def test_rebuild_is_409_while_another_build_holds_the_lock(admin_dir):
    _, client = make_client(admin_dir)
    with build_lock(admin_dir):
        r = client.post("/admin/rebuild", headers=auth())
    assert r.status_code == 409 and error_code(r) == "build_running"
    assert "another build" in r.get_json()["error"]["message"]


def wait_for_rebuild(client) -> dict:
    deadline = time.monotonic() + PATIENCE
    while True:
        state = client.get("/admin/status", headers=auth()).get_json()["rebuild"]
        if state["state"] != "running":
            return state
        assert time.monotonic() < deadline, "rebuild never finished"
        time.sleep(0.5)


def test_rebuild_failure_is_reported_in_status(admin_dir, tmp_path):
    empty = tmp_path / "no-reports"
    empty.mkdir()
    _, client = make_client(admin_dir, SOURCES=str(empty))
    assert client.post("/admin/rebuild", headers=auth()).status_code == 202
    state = wait_for_rebuild(client)
    assert state["state"] == "failed" and "no .md" in state["error"] and state["finished_at"]
    assert client.get("/health").get_json()["status"] == "ok"


def test_rebuild_runs_in_background_then_swaps(admin_dir):
    app, client = make_client(admin_dir, SOURCES=[str(ROOT / "reports")], WATCH_INDEX=False)
    before = client.get("/health").get_json()["build"]
    answer = client.post("/ask", json={"question": "What is THRIVE?"}).get_json()
    r = client.post("/admin/rebuild", headers=auth())
    assert r.status_code == 202 and r.get_json() == {"status": "started", "status_url": "/admin/status"}
    assert r.headers["Location"].endswith("/admin/status")
    again = client.post("/admin/rebuild", headers=auth())
    assert again.status_code == 409 and error_code(again) == "build_running"
    assert client.post("/ask", json={"question": "What is THRIVE?"}).status_code == 200  # served meanwhile
    state = wait_for_rebuild(client)
    assert state["state"] == "succeeded", state
    assert state["build"] != before and state["seconds"] > 0 and state["chunks"] > 100
    status = client.get("/admin/status", headers=auth()).get_json()
    assert status["build"] == state["build"] == client.get("/health").get_json()["build"]
    after = client.post("/ask", json={"question": "What is THRIVE?"}).get_json()
    assert [p["id"] for p in after["passages"]] == [p["id"] for p in answer["passages"]]
    assert not list(admin_dir.glob("builds/*.tmp")) and os.path.exists(admin_dir / state["build"])
