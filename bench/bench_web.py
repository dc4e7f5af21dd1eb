"""Load test of the search API: N concurrent clients for S seconds on 127.0.0.1.

Builds (or reuses) a synthetic embedded index with bench_search's deterministic
generator, starts `stiwatch serve` on a free 127.0.0.1 port over it, and lets
``--clients`` asyncio clients (httpx) send ``GET /api/search`` requests from a fixed
mix, each waiting for its answer before sending the next, for ``--seconds``.
Reports p50/p95/p99 latency and requests per second; any non-200 answer is counted.

    .venv/bin/python bench/bench_web.py                        # 100k articles, 20 clients x 30 s
    .venv/bin/python bench/bench_web.py --articles 10000 --seconds 10
    .venv/bin/python bench/bench_web.py --data-dir bench/out/web-100k   # keep the index for the next run
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

from bench_search import generate, index_records, percentile  # noqa: E402

from stiwatch.search.embedded import EmbeddedBackend  # noqa: E402

# The request mix: the same kinds of query as bench_search, as URL parameters.
REQUESTS: list[dict[str, Any]] = [
    {"q": "ความร่วมมือ"},
    {"q": "เซมิคอนดักเตอร์", "country": "TH"},
    {"q": "đổi mới sáng tạo"},
    {"q": "doi moi sang tao", "lang": "vi", "sort": "date"},
    {"q": "semiconductor policies"},
    {"q": "ASEAN", "theme": ["talent-mobility", "ai"]},
    {"q": "carbon", "since": "2023-01-01", "until": "2024-12-31"},
    {"country": ["VN", "LA"], "agency": "MOST-VN", "sort": "date"},
    {"theme": "semiconductors", "since": "2024-01-01"},
    {"q": "khoa học công nghệ", "offset": 40},
    {},
    {"q": "quantum technologies", "source": ["asean-secretariat", "astnet"]},
]


def build(data_dir: Path, articles: int, batch: int = 2000) -> float:
    """Index ``articles`` synthetic records unless ``data_dir`` already holds them."""
    backend = EmbeddedBackend(data_dir)
    try:
        if backend.count() == articles:
            return 0.0
        if backend.count():
            raise SystemExit(
                f"{data_dir} holds {backend.count()} articles, not {articles}: use another --data-dir"
            )
        started = time.perf_counter()
        index_records(backend, generate(articles), batch)
        return time.perf_counter() - started
    finally:
        backend.close()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def serve(data_dir: Path, port: int, workers: int = 1) -> subprocess.Popen[bytes]:
    # Serve only: the scheduler would crawl into the synthetic index and share the CPUs.
    env = {
        **os.environ,
        "STIWATCH_SEARCH_BACKEND": "embedded",
        "STIWATCH_SCHEDULE_ENABLED": "false",
        "PYTHAINLP_OFFLINE": "1",
    }
    argv = [sys.executable, "-m", "stiwatch.cli", "serve", "--port", str(port), "--workers", str(workers)]
    proc = subprocess.Popen(
        [*argv, "--data-dir", str(data_dir)],
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        cwd=data_dir,
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit("stiwatch serve exited before answering")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1):
                return proc
        except OSError:
            time.sleep(0.2)
    proc.terminate()
    raise SystemExit("stiwatch serve did not answer within 120 s")


async def client(
    http: httpx.AsyncClient,
    index: int,
    stop_at: float,
    latencies: list[float],
    errors: list[int],
    extra: dict[str, str],
) -> None:
    i = index  # each client starts at another place in the mix
    while time.perf_counter() < stop_at:
        params = {**REQUESTS[i % len(REQUESTS)], **extra}
        i += 1
        t0 = time.perf_counter()
        response = await http.get("/api/search", params=params)
        elapsed = (time.perf_counter() - t0) * 1000
        if response.status_code == 200:
            latencies.append(elapsed)
        else:
            errors.append(response.status_code)


async def load(port: int, clients: int, seconds: float, extra: dict[str, str]) -> dict[str, Any]:
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", limits=limits, timeout=60) as http:
        for params in REQUESTS:  # warm-up: first touches of the mmapped index
            (await http.get("/api/search", params=params)).raise_for_status()
        latencies: list[float] = []
        errors: list[int] = []
        started = time.perf_counter()
        stop_at = started + seconds
        await asyncio.gather(*(client(http, n, stop_at, latencies, errors, extra) for n in range(clients)))
        wall = time.perf_counter() - started
    return {
        "requests": len(latencies),
        "errors": len(errors),
        "requests_per_second": round(len(latencies) / wall, 1),
        "p50_ms": round(statistics.median(latencies), 1),
        "p95_ms": round(percentile(latencies, 95), 1),
        "p99_ms": round(percentile(latencies, 99), 1),
        "max_ms": round(max(latencies), 1),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument(
        "--data-dir", type=Path, help="where the index is built and kept (default: a temporary dir)"
    )
    parser.add_argument("--no-highlight", action="store_true", help="ask for no snippets (highlight=false)")
    parser.add_argument("--workers", type=int, default=1, help="`stiwatch serve --workers N`")
    parser.add_argument("--out", type=Path, help="write the results as JSON to this file")
    args = parser.parse_args(argv)
    extra = {"highlight": "false"} if args.no_highlight else {}
    if not 1 <= args.clients <= 200 or not 1 <= args.seconds <= 600:
        parser.error("--clients must be 1-200 and --seconds 1-600: this is a bounded test")

    with tempfile.TemporaryDirectory(prefix="stiwatch-bench-web-") as tmp:
        data_dir = args.data_dir or Path(tmp) / "data"
        data_dir.mkdir(parents=True, exist_ok=True)
        index_s = build(data_dir, args.articles)
        port = free_port()
        proc = serve(data_dir, port, args.workers)
        try:
            result = asyncio.run(load(port, args.clients, args.seconds, extra))
        finally:
            proc.terminate()
            proc.wait(timeout=30)
    result = {
        "articles": args.articles,
        "clients": args.clients,
        "seconds": args.seconds,
        "highlight": not args.no_highlight,
        "workers": args.workers,
        "load_average": os.getloadavg(),
        "index_seconds": round(index_s, 1),
        **result,
        "machine": f"{platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}",
    }
    print(json.dumps(result, indent=2))
    if args.out:
        args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return 0 if result["errors"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
