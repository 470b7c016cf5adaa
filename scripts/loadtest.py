#!/usr/bin/env python3
"""Load-test a running peel-qa server: N clients for T seconds, then throughput, latency percentiles and errors.

Only loopback hosts are accepted (this is a tool for your own server, not
anyone else's), and both the client count and the duration are capped. Each
client sends a mix of questions in turn, alternating GET and POST /ask, and
counts anything but a 200 with a JSON body as an error.

    .venv/bin/python scripts/loadtest.py --clients 4 --seconds 20
"""

from __future__ import annotations

import argparse
import http.client
import ipaddress
import json
import math
import socket
import sys
import threading
import time
from collections import Counter
from urllib.parse import urlencode, urlsplit

MAX_CLIENTS = 32
MAX_SECONDS = 600
MAX_REQUESTS = 1_000_000
QUESTIONS = [
    "What is THRIVE?",
    "What is the rate of burglary in a dwelling in West Mercia?",
    "How good is West Mercia Police at protecting vulnerable people?",
    "How many missing children were reported?",
    "What grade did the force get for effectiveness?",
    "How does the force tackle serious and organised crime?",
    "What are the areas for improvement?",
    "How quickly does the force respond to emergency calls?",
    "What does the report say about domestic abuse arrest rates?",
    "Who wrote the poem about the zebra crossing?",  # unanswerable on purpose
]


def loopback_target(url: str) -> tuple[str, int]:
    """(host, port) of an http:// URL on a loopback address, or SystemExit.

    The host must be a loopback IP literal or ``localhost`` (which must then resolve to loopback
    only); other names are refused without being looked up.
    """
    parts = urlsplit(url)
    if parts.scheme != "http" or not parts.hostname:
        raise SystemExit(f"refusing {url!r}: use an http:// URL of a local server")
    host, port = parts.hostname, parts.port or 80
    try:
        addresses = {ipaddress.ip_address(host)}
    except ValueError:
        if host != "localhost":
            raise SystemExit(f"refusing {host!r}: only loopback hosts (127.0.0.1, ::1, localhost) are allowed")
        infos = socket.getaddrinfo(host, port, proto=socket.IPPROTO_TCP)
        addresses = {ipaddress.ip_address(info[4][0].split("%")[0]) for info in infos}
    if not addresses or not all(a.is_loopback for a in addresses):
        raise SystemExit(f"refusing {host!r}: only loopback hosts (127.0.0.1, ::1, localhost) are allowed")
    return host, port


def percentile(sorted_values: list[float], q: float) -> float:
    """Nearest-rank percentile of already sorted values (0 when there are none)."""
    if not sorted_values:
        return 0.0
    rank = max(1, min(len(sorted_values), math.ceil(q / 100 * len(sorted_values))))
    return sorted_values[rank - 1]


class Stats:
    """Latencies of successful requests and a count of each kind of error, shared by the client threads."""

    def __init__(self, budget: int) -> None:
        self.lock = threading.Lock()
        self.latencies: list[float] = []
        self.errors: Counter[str] = Counter()
        self.budget = budget

    def take(self) -> bool:
        """Reserve one request of the budget; False once it is spent."""
        with self.lock:
            self.budget -= 1
            return self.budget >= 0

    def record(self, seconds: float, error: str | None) -> None:
        with self.lock:
            if error is None:
                self.latencies.append(seconds * 1000)
            else:
                self.errors[error] += 1


def one_request(conn: http.client.HTTPConnection, turn: int, top_k: int) -> str | None:
    """Send question number ``turn`` (GET on even turns, POST on odd ones); the error kind or None."""
    question = QUESTIONS[turn % len(QUESTIONS)]
    if turn % 2:
        body = json.dumps({"question": question, "top_k": top_k})
        conn.request("POST", "/ask", body=body, headers={"Content-Type": "application/json"})
    else:
        conn.request("GET", "/ask?" + urlencode({"q": question, "top_k": top_k}))
    response = conn.getresponse()
    payload = response.read()
    if response.status != 200:
        return f"HTTP {response.status}"
    try:
        json.loads(payload)["passages"]
    except (ValueError, KeyError, TypeError):
        return "bad JSON body"
    return None


def client(host: str, port: int, offset: int, deadline: float, top_k: int, timeout: float, stats: Stats) -> None:
    """Ask questions on one keep-alive connection until the deadline, reconnecting after any error."""
    conn = http.client.HTTPConnection(host, port, timeout=timeout)
    turn = offset
    while time.monotonic() < deadline and stats.take():
        started = time.perf_counter()
        try:
            error = one_request(conn, turn, top_k)
        except (OSError, http.client.HTTPException) as exc:
            error = type(exc).__name__
            conn.close()
            conn = http.client.HTTPConnection(host, port, timeout=timeout)
            time.sleep(0.1)  # back off: a refused connection must not become a busy loop
        stats.record(time.perf_counter() - started, error)
        turn += 1
    conn.close()


def run(url: str, clients: int, seconds: float, top_k: int, timeout: float, max_requests: int) -> dict:
    """Run the load and return the summary."""
    host, port = loopback_target(url)
    stats = Stats(max_requests)
    started = time.monotonic()
    deadline = started + seconds
    threads = [threading.Thread(target=client, args=(host, port, i * 3, deadline, top_k, timeout, stats), daemon=True)
               for i in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=seconds + timeout + 5)
    elapsed = time.monotonic() - started
    latencies = sorted(stats.latencies)
    errors = sum(stats.errors.values())
    return {"url": url, "clients": clients, "seconds": round(elapsed, 1), "requests": len(latencies) + errors,
            "ok": len(latencies), "errors": errors, "error_kinds": dict(stats.errors),
            "throughput_rps": round(len(latencies) / elapsed, 2) if elapsed else 0.0,
            "p50_ms": round(percentile(latencies, 50), 1), "p95_ms": round(percentile(latencies, 95), 1),
            "p99_ms": round(percentile(latencies, 99), 1), "max_ms": round(latencies[-1], 1) if latencies else 0.0}


def bounded(kind, low, high):
    """An argparse type: ``kind`` parsed and checked to lie in [low, high]."""

    def parse(text: str):
        value = kind(text)
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"must be between {low} and {high}")
        return value
    return parse


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", default="http://127.0.0.1:8000", help="server base URL (loopback only)")
    parser.add_argument("--clients", type=bounded(int, 1, MAX_CLIENTS), default=4, help=f"1-{MAX_CLIENTS}")
    parser.add_argument("--seconds", type=bounded(float, 1, MAX_SECONDS), default=20.0, help=f"1-{MAX_SECONDS}")
    parser.add_argument("--top-k", type=bounded(int, 1, 20), default=5)
    parser.add_argument("--timeout", type=bounded(float, 1, 120), default=30.0, help="per-request timeout (s)")
    parser.add_argument("--max-requests", type=bounded(int, 1, MAX_REQUESTS), default=100_000,
                        help="stop after this many requests in all")
    parser.add_argument("--json", action="store_true", help="print the summary as JSON")
    args = parser.parse_args(argv)
    summary = run(args.url, args.clients, args.seconds, args.top_k, args.timeout, args.max_requests)
    if args.json:
        print(json.dumps(summary, indent=2))
    else:
        print(f"{summary['clients']} clients, {summary['seconds']} s against {summary['url']}")
        kinds = summary["error_kinds"] or ""
        print(f"requests {summary['requests']}  ok {summary['ok']}  errors {summary['errors']} {kinds}")
        print(f"throughput {summary['throughput_rps']} req/s")
        print(f"latency ms  p50 {summary['p50_ms']}  p95 {summary['p95_ms']}  p99 {summary['p99_ms']}  "
              f"max {summary['max_ms']}")
    return 1 if summary["errors"] else 0


if __name__ == "__main__":
    sys.exit(main())
