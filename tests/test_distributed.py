"""Distributed crawling against a real redis-server: two worker processes share one
Scrapy-Redis queue and duplicate filter. Every page is fetched once (the replay server
counts requests by path) and every article stored once.

The test starts redis-server (Debian package) on a free 127.0.0.1 port in a temporary
directory and stops it at the end.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import redis

from stiwatch.core.config import load_config
from stiwatch.crawler.replay.archive import load_archive
from stiwatch.search.embedded import EmbeddedBackend
from tests.conftest import ROOT, run_cli
from tests.replay_util import counting_server

pytestmark = pytest.mark.slow


def _local_path(url: str) -> str:
    """The path the replay server is asked for a URL: /host/path?query."""
    parts = urlsplit(url)
    return f"/{parts.netloc}{parts.path}" + (f"?{parts.query}" if parts.query else "")


def _records(data_dir: Path) -> list[dict[str, Any]]:
    with EmbeddedBackend(data_dir) as backend:
        return list(backend.iter_records())


def test_two_workers_fetch_each_page_once_and_store_each_article_once(tmp_path: Path, redis_url: str) -> None:
    data_dir = tmp_path / "data"
    # A little latency per request, as from a remote site, so both workers get work.
    server = counting_server(latency=0.03)
    env = {**os.environ, "REDIS_URL": redis_url, "STIWATCH_REDIS_DUPEFILTER_TTL": "600"}
    command = [
        sys.executable,
        "-m",
        "stiwatch.cli",
        "crawl",
        "--worker",
        "--json",
        "--crawl-id",
        "test1",
        "--replay-url",
        server.url,
        "--data-dir",
        str(data_dir),
    ]
    try:
        workers = [
            subprocess.Popen(
                command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT, env=env
            )
            for _ in range(2)
        ]
        results = [w.communicate(timeout=600) for w in workers]
        paths = dict(server.httpd.paths)  # type: ignore[attr-defined]
    finally:
        server.stop()
    for worker, (_, err) in zip(workers, results, strict=True):
        assert worker.returncode == 0, err[-3000:]
    summaries = [json.loads(out) for out, _ in results]
    # What a rendered page's scripts load (its bundle and stylesheet, the API it calls; a
    # browser may ask twice for a preloaded module) is the browser's, not a page of the crawl.
    subresources = ("/brin.go.id/_nuxt/", "/api.brin.go.id/")
    pages = {
        p: n for p, n in paths.items() if not p.endswith("/robots.txt") and not p.startswith(subresources)
    }
    # Pages the archive answers with a server error (Bernama's Malay feed: HTTP 500 with a
    # full RSS body) are retried by the worker that took them, as any 5xx is; a retry is
    # not a second worker's duplicate.
    retried = {_local_path(url) for url, page in load_archive().items() if page.status >= 500}
    assert retried, "the archive models a 5xx page"
    retries = int(load_config().get("crawl", "retries"))
    assert all(pages.get(p, 0) <= 1 + retries for p in retried)
    # Every other page once, whichever worker took it.
    others = {p: n for p, n in pages.items() if p not in retried}
    assert others and max(others.values()) == 1, [p for p, n in others.items() if n > 1]
    fetched = [s["totals"]["fetched"] for s in summaries]
    # Answered pages plus the ones refused with an HTTP error (feeds, sitemaps and listings
    # count as discovery-http-*): every request accounted for (a 5xx page whose body was
    # read anyway counts on both sides).
    refused = sum(
        n
        for s in summaries
        for k, n in s["totals"]["errors"].items()
        if k.startswith(("http-", "discovery-http-"))
    )
    assert sum(fetched) + refused == len(pages) + len(retried & set(pages))
    assert min(fetched) > 0, fetched  # the work was split
    # Every article once: the workers' "new" add up to the records, ids unique.
    records = _records(data_dir)
    assert sum(s["totals"]["new"] for s in summaries) == len(records) >= 60
    assert len({r["id"] for r in records}) == len(records)
    # Bounded: the crawl's duplicate filter expires.
    client = redis.Redis.from_url(redis_url)
    ttl = client.ttl("stiwatch:test1:dupefilter")
    assert 0 < ttl <= 600


def test_crawl_workers_option_merges_the_summary(tmp_path: Path, redis_url: str) -> None:
    data_dir = tmp_path / "data"
    proc = run_cli(
        ["crawl", "--replay", "--workers", "2", "--json", "--source", "nstda", "--source", "mst-gov-vn"],
        data_dir,
        env={"REDIS_URL": redis_url},
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    summary = json.loads(proc.stdout)
    assert summary["workers"] == 2
    assert set(summary["sources"]) == {"nstda", "mst-gov-vn"}
    assert summary["totals"]["new"] == len(_records(data_dir)) >= 5
    status = json.loads(run_cli(["sources", "status", "--json", "--source", "nstda"], data_dir).stdout)
    assert status["nstda"]["last_crawl"] is not None


def test_workers_without_redis_is_a_clear_error(tmp_path: Path) -> None:
    proc = run_cli(["crawl", "--replay", "--workers", "2"], tmp_path / "data", env={"REDIS_URL": ""})
    assert proc.returncode == 2
    assert "Redis" in proc.stderr and "Traceback" not in proc.stderr


def _synthetic_records(n: int) -> list[dict[str, Any]]:
    """``n`` distinct articles in Thai, Vietnamese and English (the conformance corpus, numbered)."""
    from tests.corpus_conformance import CORPUS

    usable = [r for r in CORPUS if r["language"] in ("th", "vi", "en") and len(r["text"]) > 40]
    out = []
    for i in range(n):
        base = usable[i % len(usable)]
        out.append(
            {
                "title": f"{base['title']} ({i})",
                "text": f"{base['text']}\n\n{i} " + " ".join(base["text"].split()[:30]),
                "language": base["language"],
                "published": base["published"],
            }
        )
    return out


def test_workers_on_redis_and_elasticsearch_fetch_once_and_store_once(
    tmp_path: Path, redis_url: str, noida_server: Any, es_prefix: str
) -> None:
    """The production layout: the shared queue in Redis, the shared index in Elasticsearch
    (dedupe reads it), two workers, a synthetic archive of several sites."""
    from elasticsearch import Elasticsearch

    from tests.synthetic_archive import write_archive

    synthetic = write_archive(tmp_path / "synthetic", _synthetic_records(36), hosts=4)
    server = counting_server(Path(synthetic["archive"]), latency=0.02)
    env = {
        "REDIS_URL": redis_url,
        "STIWATCH_CRAWL_SOURCES_DIR": synthetic["sources_dir"],
        "STIWATCH_SEARCH_BACKEND": "elasticsearch",
        "STIWATCH_ELASTICSEARCH_URL": noida_server.url,
        "STIWATCH_ELASTICSEARCH_INDEX_PREFIX": es_prefix,
    }
    try:
        proc = run_cli(
            ["crawl", "--replay-url", server.url, "--workers", "2", "--json"], tmp_path / "data", env=env
        )
        paths = dict(server.httpd.paths)  # type: ignore[attr-defined]
    finally:
        server.stop()
    assert proc.returncode == 0, proc.stderr[-3000:]
    summary = json.loads(proc.stdout)
    pages = {p: n for p, n in paths.items() if not p.endswith("/robots.txt")}
    assert len(pages) == 36 + 4  # the articles and each site's feed
    assert max(pages.values()) == 1, [p for p, n in pages.items() if n > 1]
    assert summary["totals"]["requests"]["article"] == 36
    assert summary["totals"]["new"] == 36
    client = Elasticsearch(noida_server.url)
    try:
        client.indices.refresh(index=f"{es_prefix}-articles")
        hits = client.search(
            index=f"{es_prefix}-articles", body={"size": 100, "fields": ["id"], "_source": False}
        )
    finally:
        client.close()
    ids = [h["fields"]["id"][0] for h in hits["hits"]["hits"]]
    assert len(ids) == len(set(ids)) == 36


def test_a_finished_worker_leaves_with_its_exit_handlers_run_and_output_flushed(tmp_path: Path) -> None:
    # leave_worker skips the interpreter's teardown; what a worker leaves pending at exit
    # (the analysis cache's last writes are flushed by an exit handler) must still land.
    marker = tmp_path / "flushed"
    script = (
        "import atexit, sys\n"
        "from stiwatch.cli.crawl import leave_worker\n"
        f"atexit.register(lambda: open({str(marker)!r}, 'w').write('done'))\n"
        "sys.stdout.write('{\"totals\": {}}')\n"  # no newline: only a flush sends it
        "leave_worker()\n"
        "print('never reached')\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, check=False
    )
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout) == {"totals": {}}
    assert marker.read_text() == "done"
