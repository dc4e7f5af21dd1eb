"""Incremental and distributed crawling.

1. First crawl of every enabled source of the bundled replay archive vs a second crawl
   with nothing changed: requests the replay server answered (and by kind, from the crawl
   summary: robots, discovery, article), and wall seconds.
2. One worker vs two workers (`stiwatch crawl --workers N`) in the documented production
   layout: a real redis-server (shared queue and duplicate filter) and Elasticsearch
   (a real noida-db server; dedupe reads the shared index), on a synthetic archive
   (tests/synthetic_archive.py with bench_search's generator: ``--articles`` pages
   over ``--hosts`` sites) served with
   an injected per-request latency imitating remote sites: pages/s over the whole command
   (``speedup``) and between the first and the last request the sites saw (``crawling_speedup``:
   the crawl without the command's fixed start and end), and a check that every page was
   fetched once and every article stored once.

Every crawl is the real `stiwatch` CLI in a child process against a counting replay
server in this process. Usage::

    .venv/bin/python bench/bench_incremental.py [--latency 0.2] [--rounds 3] [--out FILE]
    .venv/bin/python bench/bench_incremental.py --rounds 1 --articles 2000 --hosts 20
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from tests.redis_support import start_redis  # noqa: E402
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
        firsts.append((r1, t1, first["totals"]["new"], first["totals"].get("requests")))
        seconds_.append((r2, t2, second["totals"]["not_modified"], second["totals"].get("requests")))
    return {
        "first": {
            "requests": firsts[0][0],
            "requests_by_kind": firsts[0][3],
            "seconds_median": round(statistics.median(t for _, t, _, _ in firsts), 2),
            "new": firsts[0][2],
        },
        "second": {
            "requests": seconds_[0][0],
            "requests_by_kind": seconds_[0][3],
            "seconds_median": round(statistics.median(t for _, t, _, _ in seconds_), 2),
            "not_modified": seconds_[0][2],
        },
    }


def _redis() -> tuple[subprocess.Popen[bytes], str, Path]:
    workdir = Path(tempfile.mkdtemp(prefix="bench-redis-"))
    proc, url = start_redis(workdir)
    return proc, url, workdir


def _stored_ids(es_url: str, prefix: str) -> list[str]:
    """Every article id in the crawl's index (ids repeat if an article was stored twice);
    the index is dropped afterwards (the server slows as it holds more indexes, which would
    weigh on the later rounds)."""
    from elasticsearch import Elasticsearch

    client = Elasticsearch(es_url)
    try:
        return _ids(client, prefix)
    finally:
        for index in client.indices.get(index=f"{prefix}-articles-*").body:
            client.indices.delete(index=index)
        client.close()


def _ids(client: Any, prefix: str) -> list[str]:
    client.indices.refresh(index=f"{prefix}-articles")
    ids: list[str] = []
    after: list[Any] | None = None
    while True:
        body: dict[str, Any] = {"size": 1000, "sort": [{"id": "asc"}], "_source": False, "fields": ["id"]}
        if after:
            body["search_after"] = after
        hits = client.search(index=f"{prefix}-articles", body=body)["hits"]["hits"]
        ids.extend(h["fields"]["id"][0] for h in hits)
        if len(hits) < 1000:
            return ids
        after = hits[-1]["sort"]


def workers(tmp: Path, latency: float, rounds: int, hosts: int, articles: int) -> dict[str, Any]:
    from bench_search import generate

    from tests.noida import NoidaServer
    from tests.synthetic_archive import write_archive

    synthetic = write_archive(tmp / "synthetic", generate(articles, seed=11), hosts=hosts)
    archive = Path(synthetic["archive"])
    redis_proc, url, workdir = _redis()
    noida = NoidaServer(tmp / "noida").start()
    out: dict[str, Any] = {
        "layout": "redis-server + Elasticsearch (noida-db)",
        "hosts": hosts,
        "article_pages": articles,
    }
    try:
        for n in (1, 2):
            rates, steady, fixed = [], [], []
            for i in range(rounds):
                prefix = f"bench-w{n}-{i}"
                server = counting_server(archive, latency=latency)
                try:
                    summary, seconds = _cli(
                        ["crawl", "--replay-url", server.url, "--workers", str(n)],
                        tmp / f"w{n}-{i}",
                        env={
                            "REDIS_URL": url,
                            "STIWATCH_CRAWL_SOURCES_DIR": synthetic["sources_dir"],
                            "STIWATCH_SEARCH_BACKEND": "elasticsearch",
                            "STIWATCH_ELASTICSEARCH_URL": noida.url,
                            "STIWATCH_ELASTICSEARCH_INDEX_PREFIX": prefix,
                        },
                    )
                    paths = dict(server.httpd.paths)  # type: ignore[attr-defined]
                    crawling = server.httpd.last_at - server.httpd.first_at  # type: ignore[attr-defined]
                finally:
                    server.stop()
                stored = _stored_ids(noida.url, prefix)
                rates.append(summary["totals"]["fetched"] / seconds)
                steady.append(summary["totals"]["fetched"] / crawling)
                fixed.append(seconds - crawling)
                pages, secs = summary["totals"]["fetched"], seconds
                checks = {
                    "pages_fetched_more_than_once": sum(1 for c in paths.values() if c > 1),
                    "articles_stored": len(set(stored)),
                    "articles_stored_twice": len(stored) - len(set(stored)),
                    "requests": summary["totals"].get("requests"),
                }
            out[f"workers_{n}"] = {
                "pages": pages,
                "pages_per_s_median": round(statistics.median(rates), 2),
                # Between the first and the last request the sites saw: the crawl itself,
                # without the fixed start and end of a command (interpreter, imports, the
                # taxonomy, the index set-up, the workers' quiet checks and exit).
                "crawling_pages_per_s_median": round(statistics.median(steady), 2),
                # The command's fixed start and end: its seconds less the crawl's.
                "fixed_seconds_median": round(statistics.median(fixed), 2),
                "last_seconds": round(secs, 1),
                **checks,
            }
    finally:
        noida.stop()
        redis_proc.terminate()
        redis_proc.wait()
        shutil.rmtree(workdir, ignore_errors=True)
    out["speedup"] = round(out["workers_2"]["pages_per_s_median"] / out["workers_1"]["pages_per_s_median"], 2)
    out["crawling_speedup"] = round(
        out["workers_2"]["crawling_pages_per_s_median"] / out["workers_1"]["crawling_pages_per_s_median"], 2
    )
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--latency", type=float, default=0.2, help="seconds added to every request")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--hosts", type=int, default=20, help="synthetic sites of the distributed part")
    parser.add_argument("--articles", type=int, default=2000, help="synthetic article pages")
    parser.add_argument("--skip-incremental", action="store_true", help="only the distributed part")
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        results: dict[str, Any] = {"load_average": os.getloadavg()}
        if not args.skip_incremental:
            results["incremental"] = incremental(Path(tmp), args.rounds)
        results["latency"] = args.latency
        results["distributed"] = workers(Path(tmp), args.latency, args.rounds, args.hosts, args.articles)
        results["load_average_after"] = os.getloadavg()
    text = json.dumps(results, indent=2)
    print(text)
    if args.out:
        args.out.write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
