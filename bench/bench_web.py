"""Load test of the search API: N concurrent clients for S seconds on 127.0.0.1.

Builds (or reuses) a synthetic embedded index with bench_search's deterministic
generator, starts `stiwatch serve` on a free 127.0.0.1 port over it, and lets
``--clients`` asyncio clients send ``GET /api/search`` requests from a fixed mix, each
waiting for its answer before sending the next, for ``--seconds``. The clients speak
HTTP/1.1 keep-alive over raw asyncio streams (``--client httpx``: through httpx, which
costs the shared cores several times more per request). Reports p50/p95/p99 latency,
requests per second, and the CPU per request of the clients and of the server; any
non-200 answer is counted as an error, and so is a connection the server closes without
answering (status 0 in ``errors_by_status``; the client then reconnects). ``--distinct``
makes every request of the run a search of its own, so that no answer can come from the
server's cache of repeated searches.

    .venv/bin/python bench/bench_web.py                        # 100k articles, 20 clients x 30 s
    .venv/bin/python bench/bench_web.py --articles 10000 --seconds 10
    .venv/bin/python bench/bench_web.py --data-dir bench/out/web-100k   # keep the index for the next run
    .venv/bin/python bench/bench_web.py --data-dir bench/out/web-100k --distinct --workers 2
    .venv/bin/python bench/bench_web.py --data-dir bench/out/web-100k --distinct --in-process 96
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
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
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

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
# ``--distinct``: request n asks for articles until this day minus n days (no generated
# article is dated after 2025, so only the undated ones drop out).
DISTINCT_FROM = date(2099, 12, 31)
# Counted among the errors in place of a status: a connection closed with no answer.
CLOSED = 0


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


def request_params(n: int, distinct: bool, extra: dict[str, str]) -> dict[str, Any]:
    """The ``n``-th request of the run: the mix in turn. With ``distinct``, an ``until`` date
    that no other request of the run has, so no answer can come from a cache of repeated
    requests: far in the future (the matches are the mix entry's dated ones), or, for the
    entry with a date range of its own, its ``until`` moved ``n`` days later."""
    params = {**REQUESTS[n % len(REQUESTS)], **extra}
    if distinct:
        own = params.get("until")
        until = date.fromisoformat(own) + timedelta(days=n) if own else DISTINCT_FROM - timedelta(days=n)
        params["until"] = until.isoformat()
    return params


def target(port: int, params: dict[str, Any]) -> str:
    return f"/api/search?{urlencode(params, doseq=True)}" if params else "/api/search"


class RawClient:
    """One keep-alive HTTP/1.1 connection, spoken directly over asyncio streams: the load
    generator shares the server's cores, so it must cost as little as it can (httpx costs
    several times more per request, see bench/README.md)."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.streams: tuple[asyncio.StreamReader, asyncio.StreamWriter] | None = None

    async def get(self, path: str) -> tuple[int, bytes]:
        if self.streams is None:
            self.streams = await asyncio.open_connection("127.0.0.1", self.port)
        reader, writer = self.streams
        writer.write(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{self.port}\r\n\r\n".encode("ascii"))
        head = await reader.readuntil(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        status = int(lines[0].split(" ", 2)[1])
        headers = dict(line.split(":", 1) for line in lines[1:] if ":" in line)
        fields = {k.strip().lower(): v.strip() for k, v in headers.items()}
        if "content-length" in fields:
            body = await reader.readexactly(int(fields["content-length"]))
        elif fields.get("transfer-encoding", "").lower() == "chunked":
            body = await self._chunked(reader)
        else:
            raise SystemExit(f"an answer with neither Content-Length nor chunks: {lines[0]}")
        if fields.get("connection", "").lower() == "close":
            await self.close()
        return status, body

    @staticmethod
    async def _chunked(reader: asyncio.StreamReader) -> bytes:
        parts = []
        while size := int((await reader.readuntil(b"\r\n")).split(b";")[0], 16):
            parts.append(await reader.readexactly(size))
            await reader.readexactly(2)
        await reader.readuntil(b"\r\n")
        return b"".join(parts)

    async def close(self) -> None:
        if self.streams is not None:
            self.streams[1].close()
            self.streams = None


class HttpxClient:
    """The same requests through httpx (``--client httpx``: what the earlier figures used)."""

    def __init__(self, http: httpx.AsyncClient) -> None:
        self.http = http

    async def get(self, path: str) -> tuple[int, bytes]:
        response = await self.http.get(path)
        return response.status_code, response.content

    async def close(self) -> None:
        return None


async def client(
    http: RawClient | HttpxClient,
    counter: Iterator[int],
    stop_at: float,
    latencies: list[float],
    errors: list[int],
    plan: Callable[[int], str],
) -> None:
    while time.perf_counter() < stop_at:
        path = plan(next(counter))
        t0 = time.perf_counter()
        try:
            status, _ = await http.get(path)
        except (asyncio.IncompleteReadError, ConnectionError):
            # The server closed the connection without an answer: an error of the run
            # (CLOSED), and the next request opens a new connection.
            await http.close()
            status = CLOSED
        elapsed = (time.perf_counter() - t0) * 1000
        if status == 200:
            latencies.append(elapsed)
        else:
            errors.append(status)


def cpu_seconds(pid: int) -> float:
    """User + system CPU of a process and its waited-for children (a worker pool's), from /proc."""
    total = 0.0
    tick = os.sysconf("SC_CLK_TCK")
    for proc in [pid, *children(pid)]:
        try:
            fields = Path(f"/proc/{proc}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / tick  # utime, stime
    return total


def children(pid: int) -> list[int]:
    try:
        listed = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return []
    found = [int(c) for c in listed]
    return found + [g for c in found for g in children(c)]


async def load(
    port: int, clients: int, seconds: float, plan: Callable[[int], str], kind: str, server_pid: int
) -> dict[str, Any]:
    async with httpx.AsyncClient(
        base_url=f"http://127.0.0.1:{port}",
        limits=httpx.Limits(max_connections=clients, max_keepalive_connections=clients),
        timeout=60,
    ) as http:
        for n in range(len(REQUESTS)):  # warm-up: first touches of the mmapped index
            (await http.get(target(port, request_params(n, False, {})))).raise_for_status()
        pool = [HttpxClient(http) if kind == "httpx" else RawClient(port) for _ in range(clients)]
        # One untimed request on each connection at once, so that every worker of
        # `--workers N` has searched before the clock starts.
        warm = [c.get(target(port, request_params(n, False, {}))) for n, c in enumerate(pool)]
        if any(status != 200 for status, _ in await asyncio.gather(*warm)):
            raise SystemExit("a warm-up request failed")
        # The connections that answered first waited for the slowest, idle for longer than
        # the server keeps an idle connection (uvicorn: 5 s), and were closed: the timed
        # requests open new ones.
        for c in pool:
            await c.close()
        latencies: list[float] = []
        errors: list[int] = []
        # Each client starts at another place in the mix, then all take the next number.
        counter = itertools.count()
        own, served = time.process_time(), cpu_seconds(server_pid)
        started = time.perf_counter()
        stop_at = started + seconds
        await asyncio.gather(*(client(c, counter, stop_at, latencies, errors, plan) for c in pool))
        wall = time.perf_counter() - started
        own, served = time.process_time() - own, cpu_seconds(server_pid) - served
        for c in pool:
            await c.close()
    done = max(1, len(latencies) + len(errors))
    return {
        "requests": len(latencies),
        "errors": len(errors),
        "errors_by_status": {str(status): n for status, n in sorted(Counter(errors).items())},
        "requests_per_second": round(len(latencies) / wall, 1),
        "p50_ms": round(statistics.median(latencies), 1),
        "p95_ms": round(percentile(latencies, 95), 1),
        "p99_ms": round(percentile(latencies, 99), 1),
        "max_ms": round(max(latencies), 1),
        # Where the two cores went: the load generator's own CPU, and the server's.
        "client_cpu_ms_per_request": round(own * 1000 / done, 2),
        "server_cpu_ms_per_request": round(served * 1000 / done, 2),
    }


def in_process(data_dir: Path, requests: int, distinct: bool, extra: dict[str, str]) -> dict[str, Any]:
    """CPU per request of the API's search body in this process, no server and no client:
    what bounds a server's requests per second on the machine's cores. ``requests`` of the
    mix in turn after one untimed round; the median per mix entry, and their mean."""
    from stiwatch.deliver.web.api import _search_body  # the body of GET /api/search
    from stiwatch.deliver.web.params import make_params
    from stiwatch.search.backend import FACETS

    backend = EmbeddedBackend(data_dir)
    facet_params = {"country", "agency", "theme", "lang", "source"}

    def body(n: int) -> None:
        params = request_params(n, distinct, extra)
        filters = {k: v if isinstance(v, list) else [v] for k, v in params.items() if k in facet_params}
        checked = make_params(
            q=params.get("q", ""),
            filters=filters,
            since=params.get("since"),
            until=params.get("until"),
            sort=params.get("sort"),
            offset=int(params.get("offset", 0)),
        )
        _search_body(backend, checked, FACETS, params.get("highlight") != "false")

    for n in range(len(REQUESTS)):
        body(n)
    per_entry: dict[int, list[float]] = {}
    for n in range(len(REQUESTS), len(REQUESTS) + requests):
        started = time.process_time()
        body(n)
        per_entry.setdefault(n % len(REQUESTS), []).append((time.process_time() - started) * 1000)
    backend.close()
    medians = {k: statistics.median(v) for k, v in sorted(per_entry.items())}
    return {
        "requests": requests,
        "cpu_ms_per_request": round(statistics.mean(medians.values()), 2),
        "cpu_ms_by_entry": {
            json.dumps(REQUESTS[k], ensure_ascii=False): round(v, 2) for k, v in medians.items()
        },
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
    parser.add_argument(
        "--distinct",
        action="store_true",
        help="no request repeats (each gets its own far-future `until`): no answer comes from a cache",
    )
    parser.add_argument(
        "--client",
        choices=("raw", "httpx"),
        default="raw",
        help="load generator: raw asyncio HTTP/1.1 keep-alive (default, lighter) or httpx",
    )
    parser.add_argument(
        "--in-process",
        type=int,
        metavar="N",
        help="no server: N requests through the API's search body in this process, CPU per request",
    )
    parser.add_argument("--out", type=Path, help="write the results as JSON to this file")
    args = parser.parse_args(argv)
    extra = {"highlight": "false"} if args.no_highlight else {}
    if args.in_process:
        if args.data_dir is None:
            parser.error("--in-process reads an index built earlier: give --data-dir")
        measured = in_process(args.data_dir.resolve(), args.in_process, args.distinct, extra)
        measured = {"distinct": args.distinct, "highlight": not args.no_highlight, **measured}
        print(json.dumps(measured, indent=2, ensure_ascii=False))
        if args.out:
            args.out.write_text(json.dumps(measured, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        return 0
    if not 1 <= args.clients <= 200 or not 1 <= args.seconds <= 600:
        parser.error("--clients must be 1-200 and --seconds 1-600: this is a bounded test")

    with tempfile.TemporaryDirectory(prefix="stiwatch-bench-web-") as tmp:
        data_dir = (args.data_dir or Path(tmp) / "data").resolve()
        data_dir.mkdir(parents=True, exist_ok=True)
        index_s = build(data_dir, args.articles)
        port = free_port()
        proc = serve(data_dir, port, args.workers)
        try:
            plan = lambda n: target(port, request_params(n, args.distinct, extra))  # noqa: E731
            result = asyncio.run(load(port, args.clients, args.seconds, plan, args.client, proc.pid))
        finally:
            proc.terminate()
            proc.wait(timeout=30)
    result = {
        "articles": args.articles,
        "clients": args.clients,
        "seconds": args.seconds,
        "highlight": not args.no_highlight,
        "workers": args.workers,
        "distinct": args.distinct,
        "client": args.client,
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
