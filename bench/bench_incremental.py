"""Incremental and distributed crawling on the replay archive.

1. First crawl of every enabled source vs a second crawl with nothing changed:
   requests the replay server answered, and wall seconds.
2. One worker vs two workers (`stiwatch crawl --workers N`, a real redis-server on
   127.0.0.1) with an injected per-request latency imitating remote sites: pages/s.

Every crawl is the real `stiwatch` CLI in a child process against a counting replay
server in this process. Usage::

    .venv/bin/python bench/bench_incremental.py [--latency 0.2] [--rounds 3] [--out FILE]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.replay_util import counting_server  # noqa: E402


def _cli(args: list[str], data_dir: Path, env: dict[str, str] | None = None) -> tuple[dict[str, Any], float]:
    start = time.monotonic()
    proc = subprocess.run(
        [sys.executable, "-m", "stiwatch.cli", *args, "--json", "--data-dir", str(data_dir)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, **(env or {})},
        check=False,
    )
    seconds = time.monotonic() - start
    if proc.returncode != 0:
        raise SystemExit(proc.stderr[-3000:])
    return json.loads(proc.stdout), seconds


def incremental(tmp: Path, rounds: int) -> dict[str, Any]:
    firsts, seconds_ = [], []
    for i in range(rounds):
        data_dir = tmp / f"inc{i}"
        server = counting_server()
        try:
            first, t1 = _cli(["crawl", "--replay-url", server.url], data_dir)
            r1 = server.requests
            second, t2 = _cli(["crawl", "--replay-url", server.url], data_dir)
            r2 = server.requests - r1
        finally:
            server.stop()
        firsts.append((r1, t1, first["totals"]["new"]))
        seconds_.append((r2, t2, second["totals"]["not_modified"]))
    return {
        "first": {
            "requests": firsts[0][0],
            "seconds_median": round(statistics.median(t for _, t, _ in firsts), 2),
            "new": firsts[0][2],
        },
        "second": {
            "requests": seconds_[0][0],
            "seconds_median": round(statistics.median(t for _, t, _ in seconds_), 2),
            "not_modified": seconds_[0][2],
        },
    }


def _redis() -> tuple[subprocess.Popen[bytes], str, Path]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    workdir = Path(tempfile.mkdtemp(prefix="bench-redis-"))
    proc = subprocess.Popen(
        [
            shutil.which("redis-server") or "/usr/bin/redis-server",
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--dir",
            str(workdir),
            "--save",
            "",
            "--appendonly",
            "no",
        ],
        stdout=subprocess.DEVNULL,
    )
    time.sleep(0.5)
    return proc, f"redis://127.0.0.1:{port}/0", workdir


def workers(tmp: Path, latency: float, rounds: int) -> dict[str, Any]:
    redis_proc, url, workdir = _redis()
    out: dict[str, Any] = {}
    try:
        for n in (1, 2):
            rates = []
            for i in range(rounds):
                server = counting_server(latency=latency)
                try:
                    summary, seconds = _cli(
                        ["crawl", "--replay-url", server.url, "--workers", str(n)],
                        tmp / f"w{n}-{i}",
                        env={"REDIS_URL": url},
                    )
                finally:
                    server.stop()
                rates.append(summary["totals"]["fetched"] / seconds)
                pages, secs = summary["totals"]["fetched"], seconds
            out[f"workers_{n}"] = {
                "pages": pages,
                "pages_per_s_median": round(statistics.median(rates), 2),
                "last_seconds": round(secs, 1),
            }
    finally:
        redis_proc.terminate()
        redis_proc.wait()
        shutil.rmtree(workdir, ignore_errors=True)
    out["speedup"] = round(out["workers_2"]["pages_per_s_median"] / out["workers_1"]["pages_per_s_median"], 2)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--latency", type=float, default=0.2, help="seconds added to every request")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        results = {
            "incremental": incremental(Path(tmp), args.rounds),
            "latency": args.latency,
            "distributed": workers(Path(tmp), args.latency, args.rounds),
        }
    text = json.dumps(results, indent=2)
    print(text)
    if args.out:
        args.out.write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
