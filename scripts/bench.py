#!/usr/bin/env python3
"""Benchmark: index build time (Markdown and PDF) and question latency, on this machine.

    python scripts/bench.py [--repeat 3]

Prints one line per measurement; the numbers in README.md come from here.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="builds per format (default 3)")
    args = parser.parse_args()
    from qa import evaluate as ev
    from qa.build import build_index
    from qa.embed import get_embedder
    from qa.engine import Engine

    get_embedder().encode(["warm up"])  # model load is not part of a build's cost
    sources = {"markdown": ROOT / "reports", "pdf": ROOT / "tests" / "fixtures" / "west-mercia-peel-effectiveness-2016.pdf"}
    with tempfile.TemporaryDirectory() as tmp:
        for name, source in sources.items():
            times = []
            for i in range(args.repeat):
                started = time.perf_counter()
                report = build_index([source], Path(tmp) / f"{name}-{i}")
                times.append(time.perf_counter() - started)
            print(f"build {name}: median {statistics.median(times):.1f} s over {args.repeat} "
                  f"({report.chunks} chunks, {report.figures} figures, {report.sentences} sentences)")
        engine = Engine.load(Path(tmp) / "markdown-0")
        questions = [q["question"] for q in ev.load_questions(ev.DEFAULT_SET)]
        engine.ask("warm up")
        latencies = []
        for q in questions:
            started = time.perf_counter()
            engine.ask(q)
            latencies.append((time.perf_counter() - started) * 1000)
        latencies.sort()
        print(f"ask (in process, {len(latencies)} questions): p50 {statistics.median(latencies):.1f} ms, "
              f"p95 {latencies[int(0.95 * len(latencies)) - 1]:.1f} ms")


if __name__ == "__main__":
    main()
