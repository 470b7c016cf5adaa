#!/usr/bin/env python3
"""Speed benchmark on this machine, with a naive baseline measured in the same run.

    python scripts/bench.py [--repeat 3] [--seconds 20]      (pip install -e ".[bench]" for the baseline)

Measures: the naive tutorial pipeline (LangChain's 1000/200-character splitter,
all-MiniLM-L6-v2 through sentence-transformers, a flat FAISS index, in process)
per query; peel-qa in process (ONNX int8 and torch backends); ``/ask`` over HTTP
at concurrency 1 and 8 against ``peel-qa serve``; cold and warm index builds;
the time from starting the server to its first answer. Numbers in README.md
come from here.
"""

from __future__ import annotations

import argparse
import http.client
import json
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REPORT = ROOT / "reports" / "west-mercia-peel-effectiveness-2016.md"
sys.path.insert(0, str(ROOT / "scripts"))
import loadtest  # noqa: E402


def percentiles(ms: list[float]) -> tuple[float, float]:
    ms = sorted(ms)
    return round(statistics.median(ms), 2), round(ms[max(0, int(0.95 * len(ms)) - 1)], 2)


def timed(fn, items) -> list[float]:
    out = []
    for item in items:
        started = time.perf_counter()
        fn(item)
        out.append((time.perf_counter() - started) * 1000)
    return out


def naive_baseline(questions: list[str]) -> tuple[float, float]:
    """The tutorial pipeline: 1000/200-character chunks, MiniLM via sentence-transformers, exact FAISS."""
    import faiss
    from langchain_text_splitters import RecursiveCharacterTextSplitter

    from qa.embed import get_embedder

    chunks = RecursiveCharacterTextSplitter(chunk_size=1000, chunk_overlap=200).split_text(REPORT.read_text())
    model = get_embedder().model
    vectors = model.encode(chunks, normalize_embeddings=True)
    index = faiss.IndexFlatIP(vectors.shape[1])
    index.add(vectors)
    model.encode(["warm up"])
    return percentiles(timed(lambda q: index.search(model.encode([q], normalize_embeddings=True), 5), questions))


def server(index_dir: Path, port: int) -> tuple[subprocess.Popen, float]:
    """``peel-qa serve`` on ``index_dir``, and the seconds from its start to its first answer."""
    started = time.perf_counter()
    proc = subprocess.Popen([str(Path(sys.executable).with_name("peel-qa")), "serve", "--index-dir", str(index_dir),
                             "--port", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    while proc.poll() is None:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/ask?q=burglary", timeout=30) as r:
                if r.status == 200:
                    return proc, time.perf_counter() - started
        except OSError:
            time.sleep(0.02)
    raise SystemExit("the server exited before answering")


def http_latency(port: int, questions: list[str]) -> tuple[float, float]:
    """GET /ask per question over one kept-alive connection, as an API client or a browser would."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)

    def ask(q: str) -> None:
        conn.request("GET", "/ask?" + urllib.parse.urlencode({"q": q}))
        response = conn.getresponse()
        response.read()
        assert response.status == 200, response.status
    try:
        return percentiles(timed(ask, questions))
    finally:
        conn.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="builds per measurement (default 3)")
    parser.add_argument("--seconds", type=float, default=20, help="concurrency-8 load duration (default 20)")
    parser.add_argument("--port", type=int, default=47217)
    args = parser.parse_args()
    from qa import evaluate as ev
    from qa.build import build_index
    from qa.engine import Engine

    questions = [q["question"] for q in ev.load_questions(ev.DEFAULT_SET)]
    rows: dict[str, object] = {}
    rows["naive in-process p50/p95 ms"] = base = naive_baseline(questions)
    with tempfile.TemporaryDirectory() as tmp:
        for backend in ("torch", "onnx-int8"):
            times = []
            for i in range(args.repeat):
                started = time.perf_counter()
                build_index([REPORT], Path(tmp) / f"{backend}-{i}", backend=backend)
                times.append(time.perf_counter() - started)
            rows[f"build {backend} s (median of {args.repeat}, export cached, model loaded)"] = round(statistics.median(times), 2)
            engine = Engine.load(Path(tmp) / f"{backend}-0")
            engine.ask("warm up")
            rows[f"peel-qa {backend} in-process p50/p95 ms"] = percentiles(timed(engine.ask, questions))
        proc, first = server(Path(tmp) / "onnx-int8-0", args.port)
        try:
            rows["first answer after server start s"] = round(first, 2)
            http_latency(args.port, questions[:20])
            rows["/ask HTTP c=1 p50/p95 ms"] = http = http_latency(args.port, questions)
            rows["ratio c=1 p50 to naive p50"] = round(http[0] / base[0], 2)
            load = loadtest.run(f"http://127.0.0.1:{args.port}", 8, args.seconds, 5, 30.0, 1_000_000)
            rows["/ask HTTP c=8"] = {k: load[k] for k in ("requests", "errors", "throughput_rps", "p50_ms", "p95_ms") if k in load}
        finally:
            proc.terminate()
            proc.wait(timeout=30)
    for key, value in rows.items():
        print(f"{key}: {json.dumps(value)}")


if __name__ == "__main__":
    main()
