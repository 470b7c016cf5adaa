#!/usr/bin/env python3
"""Scale benchmark: 1, 10, 100, 1,000 synthetic reports in one index.

For each size: the build (cold, and by adding the new reports to the previous
size's index), the index's size on disk, a served index's time to its first
answer, resident memory, and ``/ask`` p50/p95 over HTTP at concurrency 1; at
sizes that use an HNSW graph, its recall@10 against exact search.

    python bench/scale.py --sizes 1 10 100 1000 --work /tmp/peel-scale [--cold-max 100]

Numbers in README.md ("Scale") come from this script.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
from synth import generate  # noqa: E402


def disk_mb(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 2**20


def build(sources: list[Path], index_dir: Path, reuse: bool) -> tuple[float, dict]:
    from qa.build import build_index

    started = time.perf_counter()
    report = build_index(sources, index_dir, reuse=reuse)
    return time.perf_counter() - started, {"reused": report.reused, "embedded_texts": report.embedded,
                                           "chunks": report.chunks, "sentences": report.sentences}


def get(url: str) -> tuple[int, dict]:
    try:
        with urllib.request.urlopen(url, timeout=60) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as exc:
        return exc.code, {}


def rss_mb(pid: int) -> dict[str, float]:
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "RssAnon", "RssFile", "VmHWM"):
            fields[key] = int(value.split()[0]) / 1024
    return fields


def serve(index_dir: Path, port: int, questions: list[str]) -> dict:
    """Start ``peel-qa serve``; time to first answer, RSS after the questions, HTTP latency at concurrency 1."""
    started = time.perf_counter()
    proc = subprocess.Popen([str(Path(sys.executable).with_name("peel-qa")), "serve", "--index-dir", str(index_dir),
                             "--port", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        while True:
            try:
                if get(f"{base}/ask?q=burglary")[0] == 200:
                    break
            except OSError:
                time.sleep(0.05)
            if proc.poll() is not None or time.perf_counter() - started > 600:
                raise SystemExit(f"server on {index_dir} did not answer")
        first = time.perf_counter() - started
        latencies = []
        for q in questions:
            t = time.perf_counter()
            status, _ = get(f"{base}/ask?" + urllib.parse.urlencode({"q": q}))
            latencies.append((time.perf_counter() - t) * 1000)
            assert status == 200, (q, status)
        latencies.sort()
        return {"first_answer_s": round(first, 2), "p50_ms": round(statistics.median(latencies), 1),
                "p95_ms": round(latencies[int(0.95 * len(latencies)) - 1], 1), **rss_mb(proc.pid)}
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def recall_at_10(index_dir: Path, questions: list[str]) -> float | None:
    """Share of FAISS's top 10 that belong to the exact top 10, when FAISS is approximate.

    Synthetic variants repeat the same passage in many reports, so the exact
    top 10 is often a tie among identical vectors; a returned id counts when its
    exact score reaches the exact 10th best (ties included).
    """
    import numpy as np

    from qa.embed import encoder_for
    from qa.store import load_data

    data = load_data(index_dir)
    if data.vectors.exact:
        return None
    queries = encoder_for(index_dir, data.manifest).encode(questions)
    vectors = np.asarray(data.chunk_vectors)
    exact = queries @ vectors.T
    tenth = -np.partition(-exact, 9, axis=1)[:, 9]
    _, found = data.vectors.search(queries, 10)
    hits = [(exact[i, ids[ids >= 0]] >= tenth[i] - 1e-5).sum() / 10 for i, ids in enumerate(found)]
    return float(np.mean(hits))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1, 10, 100, 1000])
    parser.add_argument("--work", type=Path, default=Path("/tmp/peel-scale"))
    parser.add_argument("--cold-max", type=int, default=100, help="largest size also built cold (default 100)")
    parser.add_argument("--port", type=int, default=47231)
    parser.add_argument("--measure-only", action="store_true",
                        help="skip the builds: measure the index already in WORK/index-grown")
    args = parser.parse_args()
    from qa import evaluate as ev

    questions = [q["question"] for q in ev.load_questions(ev.DEFAULT_SET)]
    if args.measure_only:
        grown = args.work / "index-grown"
        manifest = json.loads((grown / "manifest.json").read_text())
        row = {"reports": manifest["counts"]["documents"], "chunks": manifest["counts"]["chunks"],
               "index_type": manifest["index_type"], "disk_mb": round(disk_mb(grown / manifest["data"]), 1),
               "recall_at_10": recall_at_10(grown, questions), **serve(grown, args.port, questions)}
        print(json.dumps(row), flush=True)
        return
    sources = generate(max(args.sizes), args.work / "corpus")
    grown = args.work / "index-grown"
    shutil.rmtree(grown, ignore_errors=True)
    for size in sorted(args.sizes):
        row: dict = {"reports": size}
        if size <= args.cold_max:
            cold = args.work / f"index-cold-{size}"
            shutil.rmtree(cold, ignore_errors=True)
            row["cold_build_s"], _ = build(sources[:size], cold, reuse=False)
            shutil.rmtree(cold, ignore_errors=True)
        row["grown_build_s"], info = build(sources[:size], grown, reuse=True)
        row.update(info)
        manifest = json.loads((grown / "manifest.json").read_text())
        row["index_type"] = manifest["index_type"]
        row["disk_mb"] = round(disk_mb(grown / manifest["data"]), 1)
        row["recall_at_10"] = recall_at_10(grown, questions)
        row.update(serve(grown, args.port, questions))
        print(json.dumps({k: round(v, 2) if isinstance(v, float) else v for k, v in row.items()}), flush=True)


if __name__ == "__main__":
    main()
