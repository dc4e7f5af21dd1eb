"""Incremental crawling: a re-crawl with nothing changed fetches only discovery pages
(answered 304) and stores nothing; a changed article is updated in place with a
revision count; ``--full`` fetches everything; an interrupted crawl resumes.

Real Scrapy crawls (the `stiwatch` CLI in child processes) against a real local
replay server that counts every request by path.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from stiwatch.core.article import article_id
from stiwatch.crawler.discovery import discovery_steps
from stiwatch.crawler.registry import load_sources
from stiwatch.crawler.state import CrawlState, SeenArticle
from stiwatch.search.embedded import EmbeddedBackend
from tests.conftest import ROOT, run_cli
from tests.replay_util import archive_copy, counting_server

pytestmark = pytest.mark.slow

SOURCES = ["nstda", "mst-gov-vn", "nesdc"]
NSTDA = "www.nstda.or.th"
ARTICLE = "https://www.nstda.or.th/home/news_post/nstda-cars-railway-mou-2025/"
ARTICLE_FILE = "home/news_post/nstda-cars-railway-mou-2025/index.html"
FEED_FILE = "home/feed/index.xml"


def _crawl(
    data_dir: Path, url: str, *extra: str, sources: list[str] = SOURCES, env: dict[str, str] | None = None
) -> dict[str, Any]:
    args = ["crawl", "--replay-url", url, "--json", *extra]
    for sid in sources:
        args += ["--source", sid]
    proc = run_cli(args, data_dir, env=env)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return json.loads(proc.stdout)


def _records(data_dir: Path) -> dict[str, dict[str, Any]]:
    with EmbeddedBackend(data_dir) as backend:
        return {r["id"]: r for r in backend.iter_records()}


def _first_steps() -> set[str]:
    """The local paths of each source's first discovery page (what a no-change re-crawl asks)."""
    registry = load_sources()
    out = set()
    for sid in SOURCES:
        url = discovery_steps(registry[sid])[0][1]
        host, _, rest = url.split("://", 1)[1].partition("/")
        out.add(f"/{host}/{rest}")
    return out


def test_second_crawl_fetches_only_discovery_pages(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    server = counting_server()
    try:
        first = _crawl(data_dir, server.url)
        first_paths = dict(server.httpd.paths)  # type: ignore[attr-defined]
        stored = _records(data_dir)
        assert first["totals"]["new"] == len(stored) >= 7
        server.httpd.paths.clear()  # type: ignore[attr-defined]
        second = _crawl(data_dir, server.url)
        second_paths = dict(server.httpd.paths)  # type: ignore[attr-defined]
    finally:
        server.stop()
    t = second["totals"]
    assert (t["new"], t["updated"], t["unchanged"]) == (0, 0, 0)
    assert t["not_modified"] == len(SOURCES)
    # Only one conditional request per discovery page: no article, and robots.txt is
    # kept from the first crawl (crawl.robots_ttl).
    assert set(second_paths) == _first_steps(), sorted(second_paths)
    assert all(n == 1 for n in second_paths.values())
    assert t["requests"] == {"robots": 0, "discovery": len(SOURCES), "article": 0, "document": 0}
    # The first crawl's requests, by kind, are the requests the server answered.
    robots = sum(n for p, n in first_paths.items() if p.endswith("/robots.txt"))
    assert robots == len({p.split("/")[1] for p in first_paths}) >= 2
    assert first["totals"]["requests"]["robots"] == robots
    assert sum(first["totals"]["requests"].values()) == sum(first_paths.values())
    assert first["totals"]["requests"]["article"] >= len(stored)
    assert _records(data_dir) == stored


def test_robots_txt_is_asked_again_once_it_is_older_than_the_ttl(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    server = counting_server()
    try:
        _crawl(data_dir, server.url, sources=["nstda"])
        server.httpd.paths.clear()  # type: ignore[attr-defined]
        again = _crawl(data_dir, server.url, sources=["nstda"], env={"STIWATCH_CRAWL_ROBOTS_TTL": "0"})
        paths = dict(server.httpd.paths)  # type: ignore[attr-defined]
    finally:
        server.stop()
    assert paths.get(f"/{NSTDA}/robots.txt") == 1
    assert again["totals"]["requests"]["robots"] == 1


def test_changed_article_is_updated_in_place(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    root = archive_copy(tmp_path, [NSTDA])
    aid = article_id(ARTICLE)
    server = counting_server(root)
    try:
        _crawl(data_dir, server.url, sources=["nstda"])
        before = _records(data_dir)
        assert before[aid]["revision"] == 1
        # The site revises the article and its feed entry (new pubDate, new ETag).
        page = root / NSTDA / ARTICLE_FILE
        page.write_text(
            page.read_text(encoding="utf-8").replace(
                "<p>ผู้อำนวยการ สวทช. กล่าวว่า",
                "<p>แก้ไขเพิ่มเติม: ลงนามครั้งที่สองในเดือนมีนาคม พ.ศ. 2568</p><p>ผู้อำนวยการ สวทช. กล่าวว่า",
                1,
            ),
            encoding="utf-8",
        )
        feed = root / NSTDA / FEED_FILE
        feed.write_text(
            feed.read_text(encoding="utf-8").replace(
                "Fri, 21 Feb 2025 08:30:00 +0000", "Sat, 22 Feb 2025 09:00:00 +0000"
            ),
            encoding="utf-8",
        )
        server.stop()
        server = counting_server(root)
        summary = _crawl(data_dir, server.url, sources=["nstda"])
        article_fetches = server.httpd.paths.get(f"/{NSTDA}/{ARTICLE_FILE.removesuffix('index.html')}", 0)  # type: ignore[attr-defined]
    finally:
        server.stop()
    after = _records(data_dir)
    assert summary["totals"]["updated"] == 1, summary
    assert summary["totals"]["new"] == 0
    assert article_fetches == 1
    assert set(after) == set(before)  # in place: no second record
    assert after[aid]["revision"] == 2
    assert "ลงนามครั้งที่สอง" in after[aid]["text"]
    assert after[aid]["content_hash"] != before[aid]["content_hash"]


def test_full_crawl_fetches_everything_again(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    server = counting_server()
    try:
        first = _crawl(data_dir, server.url)
        first_requests = server.requests
        full = _crawl(data_dir, server.url, "--full")
        full_requests = server.requests - first_requests
    finally:
        server.stop()
    assert full["totals"]["not_modified"] == 0
    assert full["totals"]["unchanged"] == first["totals"]["new"]
    assert full["totals"]["new"] == full["totals"]["updated"] == 0
    assert full_requests == first_requests


def test_interrupted_crawl_resumes_without_loss_or_duplicates(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    sources = ["nstda", "mst-gov-vn", "nesdc", "mhesi", "tistr", "thaigov"]
    reference_dir = tmp_path / "reference"
    server = counting_server(latency=0.4)
    try:
        _crawl(reference_dir, server.url, sources=sources)
        server.httpd.paths.clear()  # type: ignore[attr-defined]
        args = ["crawl", "--replay-url", server.url, "--json", "--data-dir", str(data_dir)]
        for sid in sources:
            args += ["--source", sid]
        proc = subprocess.Popen(
            [sys.executable, "-m", "stiwatch.cli", *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=ROOT,
            env=os.environ.copy(),
        )
        assert proc.stderr is not None
        stored_lines = 0
        for line in proc.stderr:  # progress: one "[source] new: title" line per stored article
            if " new: " in line:
                stored_lines += 1
                if stored_lines == 3:
                    proc.send_signal(signal.SIGINT)
                    break
        out, _ = proc.communicate(timeout=120)
        interrupted = json.loads(out)
        assert interrupted["finish_reason"] == "shutdown"
        assert list((data_dir / "jobs").iterdir()), "job state kept for the resume"
        resumed = _crawl(data_dir, server.url, sources=sources)
        paths = dict(server.httpd.paths)  # type: ignore[attr-defined]
    finally:
        server.stop()
    assert resumed["finish_reason"] == "finished"
    assert not list((data_dir / "jobs").iterdir()), "a finished job leaves no state"
    records = _records(data_dir)
    expected = _records(reference_dir)
    assert set(records) == set(expected)  # nothing lost
    new_total = interrupted["totals"]["new"] + resumed["totals"]["new"]
    assert new_total == len(expected)  # nothing stored twice
    articles = {p: n for p, n in paths.items() if not p.endswith("/robots.txt")}
    assert max(articles.values()) == 1, [p for p, n in articles.items() if n > 1]


def test_state_expires_by_age_per_source(tmp_path: Path) -> None:
    state = CrawlState(tmp_path, ttl_days=30)
    state.record_articles([SeenArticle("a", "1", "https://a/1"), SeenArticle("b", "2", "https://b/2")])
    assert state.count() == 2
    later = datetime.now(UTC) + timedelta(days=40)
    assert state.prune({"b": 60}, now=later) == 1  # a expired; b keeps 60 days
    assert state.known("a") == {} and "2" in state.known("b")
    state.touch("b", ["2"])  # listed again today: the 30 days start over
    assert state.prune(now=datetime.now(UTC) + timedelta(days=20)) == 0
    assert state.prune(now=datetime.now(UTC) + timedelta(days=31)) == 1
