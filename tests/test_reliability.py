"""Zero-downtime rebuilds, builds killed with SIGKILL, the build lock, a damaged new build, EngineHolder threads.

A real waitress server on 127.0.0.1 (free port) serves a copy of the session
index while client threads ask questions over HTTP and ``peel-qa index build``
runs as a subprocess into the served directory. No timing assertions: waits
are bounded only so a broken build cannot hang the suite.
"""

from __future__ import annotations

import http.client
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

import pytest
from waitress.server import create_server

from qa.cli import EXIT_BUILD_LOCKED
from qa.web import create_app
from qa.web.state import EngineHolder, EngineUnavailable

ROOT = Path(__file__).resolve().parents[1]
PEEL_QA = str(Path(sys.executable).parent / "peel-qa")
QUESTIONS = ["What is THRIVE?", "What is the rate of burglary in a dwelling?", "How good is the force at "
             "protecting vulnerable people?", "How many missing children were reported?", "zebra crossing poetry"]
PATIENCE = 600  # seconds: an upper bound for a build on a busy machine, never an assertion


def http_get(port: int, path: str) -> tuple[int, dict]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        return response.status, json.loads(response.read())
    finally:
        conn.close()


def ask(port: int, question: str) -> tuple[int, dict]:
    return http_get(port, "/ask?" + urlencode({"q": question, "top_k": 3}))


def comparable(body: dict) -> dict:
    return {k: v for k, v in body.items() if k != "took_ms"}


def fingerprint(body: dict) -> tuple:
    """What must not change when the same sources are rebuilt: the answer and which passages and figures."""
    return (json.dumps(body["answer"]), body["answerable"], tuple(p["id"] for p in body["passages"]),
            tuple(f["id"] for f in body["figures"]))


class Clients:
    """Client threads asking QUESTIONS in turn over HTTP until stopped, recording every outcome."""

    def __init__(self, port: int, count: int = 3):
        self.port, self.results, self.stop = port, [], threading.Event()
        self._lock = threading.Lock()
        self.threads = [threading.Thread(target=self._loop, args=(i,), daemon=True) for i in range(count)]

    def _loop(self, offset: int) -> None:
        turn = offset
        while not self.stop.is_set():
            question = QUESTIONS[turn % len(QUESTIONS)]
            turn += 1
            try:
                outcome = ask(self.port, question)
            except Exception as exc:  # noqa: BLE001 - a connection error is a failed request to count
                outcome = (None, {"exception": repr(exc)})
            with self._lock:
                self.results.append((question, *outcome, offset))
            self.stop.wait(0.05)  # modest load: the machine is shared

    def __enter__(self) -> "Clients":
        for t in self.threads:
            t.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop.set()
        for t in self.threads:
            t.join(timeout=PATIENCE)

    def failures(self) -> list:
        return [r for r in self.results if r[1] != 200]


class Build:
    """``peel-qa index build`` as a subprocess; its stderr (progress lines and tqdm bars) is watched for markers."""

    def __init__(self, index_dir: Path):
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        self.proc = subprocess.Popen([PEEL_QA, "index", "build", str(ROOT / "reports"), "--index-dir", str(index_dir), "--full"],
                                     cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self.output = ""
        self._changed = threading.Condition()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        while chunk := os.read(self.proc.stderr.fileno(), 4096):
            with self._changed:
                self.output += chunk.decode("utf-8", "replace")
                self._changed.notify_all()
        with self._changed:  # the build ended: wake waiters now rather than at their timeout
            self._changed.notify_all()

    def wait_for(self, marker: str) -> None:
        """Block until the regular expression ``marker`` matches stderr; the build must still be running then."""
        with self._changed:
            found = self._changed.wait_for(lambda: re.search(marker, self.output) or self.proc.poll() is not None,
                                           timeout=PATIENCE)
        assert found and self.proc.poll() is None, f"build ended before {marker!r}: {self.output[-500:]}"

    def kill(self) -> None:
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(timeout=PATIENCE)


def wait_until(predicate, what: str) -> None:
    deadline = time.monotonic() + PATIENCE
    while not predicate():
        assert time.monotonic() < deadline, f"gave up waiting for {what}"
        time.sleep(0.2)


@pytest.fixture(scope="module")
def served_dir(index_dir, tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("served") / "index"
    shutil.copytree(index_dir, target)
    return target


@pytest.fixture(scope="module")
def server(served_dir):
    """A waitress server with 4 threads on a free loopback port, index loaded before it listens."""
    app = create_app({"INDEX_DIR": str(served_dir), "ACCESS_LOG": False})
    app.extensions["peel_qa"].reload()
    wsgi = create_server(app, host="127.0.0.1", port=0, threads=4)
    thread = threading.Thread(target=wsgi.run, daemon=True)
    thread.start()
    yield wsgi.effective_port
    wsgi.close()
    wsgi.task_dispatcher.shutdown()


@pytest.fixture(scope="module")
def baseline(server) -> dict:
    answers = {}
    for q in QUESTIONS:
        status, body = ask(server, q)
        assert status == 200
        answers[q] = body
    return answers


def served_build(port: int) -> str:
    return http_get(port, "/health")[1]["build"]


def test_two_builds_at_once_the_second_gets_the_lock_message(served_dir, server, baseline):
    first = Build(served_dir)
    try:
        first.wait_for("parsing")  # the lock is taken before parsing
        second = subprocess.run([PEEL_QA, "index", "build", "--index-dir", str(served_dir)], cwd=ROOT,
                                capture_output=True, text=True, timeout=PATIENCE)
    finally:
        first.kill()
    assert second.returncode == EXIT_BUILD_LOCKED
    assert "another build is running" in second.stderr and "pid" in second.stderr


# Kill points: in the lock test (while parsing), as embedding starts, and part-way through the first encode.
@pytest.mark.parametrize("kill_at", ["embedding", r"Batches: +[2-8]\d%"])
def test_killed_build_leaves_the_served_index_answering_as_before(served_dir, server, baseline, kill_at):
    manifest = (served_dir / "manifest.json").read_bytes()
    build_before = served_build(server)
    with Clients(server) as clients:
        build = Build(served_dir)
        build.wait_for(kill_at)
        build.kill()
        for q in QUESTIONS:  # after the kill, from the same clients' point of view
            assert comparable(ask(server, q)[1]) == comparable(baseline[q])
    assert clients.results and not clients.failures()
    assert all(comparable(body) == comparable(baseline[q]) for q, _, body, _ in clients.results)
    assert (served_dir / "manifest.json").read_bytes() == manifest
    assert served_build(server) == build_before


def test_leftovers_of_a_write_killed_half_way_are_ignored(served_dir, server, baseline):
    """What SIGKILL during the write or the publish leaves (a .tmp build, a manifest temp): never served.

    The write itself lasts well under a second, too short to hit reliably from outside, so the leftovers
    are planted; the next test's build must remove them.
    """
    current = json.loads((served_dir / "manifest.json").read_text())["data"]
    half = served_dir / "builds" / "20000101T000000000000Z.tmp"
    shutil.copytree(served_dir / current, half)
    (half / "chunks.faiss").write_bytes(b"half")
    (served_dir / "manifest.json.99999.tmp").write_text(json.dumps({"data": "builds/20000101T000000000000Z"})[:20])
    assert all(comparable(ask(server, q)[1]) == comparable(baseline[q]) for q in QUESTIONS)
    assert served_build(server) == current


def test_live_rebuild_switches_atomically_with_zero_failed_requests(served_dir, server, baseline):
    """Every answer comes from one whole index, old or new, and a client never goes back to the old one.

    Also the 'next build succeeds' check: it runs after the killed builds and the lock test. Old and new
    answers are normally identical (same sources); they are compared per index so that a retrieval change
    made while the suite runs cannot make this test fail.
    """
    before = served_build(server)
    with Clients(server) as clients:
        build = Build(served_dir)
        assert build.proc.wait(timeout=PATIENCE) == 0, build.output[-500:]
        published = json.loads((served_dir / "manifest.json").read_text())["data"]
        wait_until(lambda: served_build(server) == published, "the server to load the new build")
        switched_at = len(clients.results)
        wait_until(lambda: len(clients.results) > switched_at + 2 * len(QUESTIONS), "requests on the new build")
    assert published != before and clients.results and not clients.failures()
    new = {q: fingerprint(ask(server, q)[1]) for q in QUESTIONS}
    old = {q: fingerprint(baseline[q]) for q in QUESTIONS}
    for client in range(len(clients.threads)):
        seen = [(fingerprint(body), q) for q, _, body, who in clients.results if who == client]
        assert all(f in (old[q], new[q]) for f, q in seen)
        first_new = next((i for i, (f, q) in enumerate(seen) if f == new[q] != old[q]), len(seen))
        assert all(f == new[q] for f, q in seen[first_new:]), "a client got the old index after the new one"
    leftovers = [p.name for p in served_dir.glob("builds/*.tmp")] + [p.name for p in served_dir.glob("*.tmp")]
    assert not leftovers
    assert {p.name for p in (served_dir / "builds").iterdir()} == {Path(published).name, Path(before).name}


# ---------------------------------------------------------------- a damaged build published while serving


def test_bad_new_build_keeps_the_old_engine_serving(index_dir, tmp_path):
    """A published manifest whose data is damaged: logged, /health degraded, answers unchanged."""
    target = tmp_path / "index"
    shutil.copytree(index_dir, target)
    app = create_app({"TESTING": True, "INDEX_DIR": str(target), "ACCESS_LOG": False})
    client = app.test_client()
    before = client.post("/ask", json={"question": "What is THRIVE?"}).get_json()
    manifest = json.loads((target / "manifest.json").read_text())
    shutil.copytree(target / manifest["data"], target / "builds" / "broken")
    (target / "builds" / "broken" / "chunks.jsonl").write_text("{not json\n")
    (target / "manifest.tmp").write_text(json.dumps({**manifest, "data": "builds/broken"}))
    os.replace(target / "manifest.tmp", target / "manifest.json")
    client.get("/health")  # notices the new manifest and starts the background load
    holder = app.extensions["peel_qa"]
    wait_until(lambda: not holder.loading and holder.error, "the failed load")
    health = client.get("/health").get_json()
    assert health["status"] == "degraded" and "damaged" in health["error"]
    assert comparable(client.post("/ask", json={"question": "What is THRIVE?"}).get_json()) == comparable(before)


# ---------------------------------------------------------------- EngineHolder under threads


class FakeEngine:
    def __init__(self, n: int):
        self.n, self.complete, self.manifest = n, False, {"data": f"builds/{n}"}


def publish(index_dir: Path, n: int) -> None:
    (index_dir / "manifest.tmp").write_text(json.dumps({"data": f"builds/{n}"}))
    os.replace(index_dir / "manifest.tmp", index_dir / "manifest.json")


def test_reload_never_blocks_requests_and_never_shows_a_half_loaded_engine(tmp_path):
    gate, loads, active, peak = threading.Event(), [0], [0], [0]
    guard = threading.Lock()

    def loader(index_dir, model):
        with guard:
            active[0] += 1
            peak[0] = max(peak[0], active[0])
            loads[0] += 1
            n = loads[0]
        engine = FakeEngine(n)
        if n > 1:
            gate.wait(PATIENCE)  # hold every reload until the test has seen requests served meanwhile
        engine.complete = True
        with guard:
            active[0] -= 1
        return engine

    publish(tmp_path, 1)
    holder = EngineHolder(tmp_path, loader=loader)
    first = holder.get()
    publish(tmp_path, 2)
    seen: list[FakeEngine] = []

    def hammer():
        for _ in range(200):
            seen.append(holder.get())

    threads = [threading.Thread(target=hammer) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)  # a bound, not a timing assertion: a blocking get() would hold them until gate.set()
    assert all(not t.is_alive() for t in threads)  # all 1,600 requests returned while the reload was held
    assert holder.loading and {id(e) for e in seen} == {id(first)}
    gate.set()
    wait_until(lambda: not holder.loading and holder.get() is not first, "the reload to finish")
    assert holder.get().complete and all(e.complete for e in seen) and peak[0] == 1 and loads[0] == 2


def test_first_load_failure_is_cached_until_the_manifest_changes(tmp_path):
    calls = []

    def loader(index_dir, model):
        calls.append(1)
        from qa.store import IndexUnusable

        raise IndexUnusable("broken index; rebuild with `peel-qa index build`")

    publish(tmp_path, 1)
    holder = EngineHolder(tmp_path, loader=loader)
    for _ in range(3):
        with pytest.raises(EngineUnavailable, match="rebuild"):
            holder.get()
    assert len(calls) == 1
    publish(tmp_path, 2)
    with pytest.raises(EngineUnavailable):
        holder.get()
    assert len(calls) == 2
