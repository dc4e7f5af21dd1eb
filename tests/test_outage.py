"""Collection goes on through an Elasticsearch outage: a real noida-db process, stopped
cleanly (the stand-in loses acknowledged writes on SIGKILL), crawled through, restarted.

While it is down `stiwatch crawl` and `stiwatch add` go on into the spool, `sources status`
and `/healthz` say "backend down since …, N articles spooled", searches answer 503; when it
is back `stiwatch serve`'s scheduler sends the spool by itself. Nothing is lost and nothing
doubles: articles stored before the outage keep their story, revision and first-seen time.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import pytest

from stiwatch.core.outage import OutageRecord
from stiwatch.crawler.history import CrawlHistory
from stiwatch.crawler.registry import load_sources
from stiwatch.search.elasticsearch import ElasticsearchBackend, ElasticsearchSettings
from tests.conftest import ROOT, run_cli
from tests.noida import NoidaServer, free_port

pytestmark = pytest.mark.slow

HOSTILE_PAGE = (
    ROOT
    / "crawler/replay/archive/astnet.asean.org/asean-quantum-technology-workshop-call-for-abstracts/index.html"
)
HOSTILE_URL = "https://astnet.asean.org/asean-quantum-technology-workshop-call-for-abstracts/"
PREFIX = "outage"
# The source `serve`'s scheduler crawls during the outage (the others are not due).
SCHEDULED = "baochinhphu"


def _env(url: str) -> dict[str, str]:
    return {
        "STIWATCH_SEARCH_BACKEND": "elasticsearch",
        "STIWATCH_ELASTICSEARCH_URL": url,
        "STIWATCH_ELASTICSEARCH_INDEX_PREFIX": PREFIX,
        "STIWATCH_ELASTICSEARCH_RETRIES": "1",
        "STIWATCH_ELASTICSEARCH_TIMEOUT": "5",
        "STIWATCH_SEARCH_OUTAGE_RETRY": "1",
    }


def _stored(url: str) -> dict[str, dict[str, Any]]:
    with ElasticsearchBackend(ElasticsearchSettings(url=url, index_prefix=PREFIX)) as backend:
        return {r["id"]: r for r in backend.iter_records()}


def _crawl(data_dir: Path, env: dict[str, str], *args: str) -> tuple[dict[str, Any], str]:
    proc = run_cli(["crawl", "--replay", "--json", *args], data_dir, env=env)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return json.loads(proc.stdout), proc.stderr


def _get(url: str) -> tuple[int, str]:
    request = urllib.request.Request(url, headers={"Accept": "text/html"})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8")


class Serve:
    """`stiwatch serve` with its scheduler ticking every second."""

    def __init__(self, data_dir: Path, env: dict[str, str]) -> None:
        port = free_port()
        self.url = f"http://127.0.0.1:{port}"
        self.log = data_dir.parent / "serve.log"
        with self.log.open("wb") as log:
            self.proc = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "stiwatch.cli",
                    "serve",
                    "--port",
                    str(port),
                    "--data-dir",
                    str(data_dir),
                ],
                cwd=ROOT,
                env={**os.environ, **env, "STIWATCH_SCHEDULE_TICK": "1", "STIWATCH_SCHEDULE_REPLAY": "yes"},
                stdout=log,
                stderr=subprocess.STDOUT,
            )

    def health(self) -> tuple[int, dict[str, Any]] | None:
        try:
            status, body = _get(self.url + "/healthz")
        except OSError:
            return None
        return status, json.loads(body)

    def wait(self, done: Any, what: str, timeout: float = 240) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.proc.poll() is None, self.log.read_text(errors="replace")[-3000:]
            answer = self.health()
            if answer is not None and done(*answer):
                return answer[1]
            time.sleep(0.5)
        raise AssertionError(f"{what}: {self.log.read_text(errors='replace')[-3000:]}")

    def stop(self) -> int:
        self.proc.send_signal(signal.SIGTERM)
        return self.proc.wait(timeout=120)


def _only_due(data_dir: Path, due: str) -> None:
    """Every other enabled source crawled just now: the scheduler's first crawl is of ``due``."""
    now = time.strftime("%Y-%m-%dT%H:%M:%S+00:00", time.gmtime())
    sources = {sid: {"fetched": 1} for sid, s in load_sources().items() if s.enabled and sid != due}
    CrawlHistory(data_dir).record({"sources": sources}, now, now)


def test_collection_goes_on_through_an_elasticsearch_outage(tmp_path: Path) -> None:
    noida = NoidaServer(tmp_path / "noida").start()
    env, data_dir = _env(noida.url), tmp_path / "data"
    serve: Serve | None = None
    try:
        first, _ = _crawl(data_dir, env, "--source", "nstda")
        before = _stored(noida.url)
        assert first["totals"]["new"] == len(before) > 0

        noida.stop()  # cleanly: the stand-in loses acknowledged writes on SIGKILL
        during, stderr = _crawl(data_dir, env, "--full", "--source", "nstda", "--source", "mst-gov-vn")
        assert "search backend down (Elasticsearch at" in stderr and "crawling on" in stderr
        processed = during["totals"]["spooled"]
        assert processed > len(before)
        assert during["totals"]["new"] == during["totals"]["unchanged"] == 0  # unknown: not guessed
        assert f"{processed} articles wait in the spool" in stderr

        add = run_cli(
            ["add", str(HOSTILE_PAGE), "--url", HOSTILE_URL, "--source", "astnet"], data_dir, env=env
        )
        assert add.returncode == 0, add.stderr
        assert add.stdout.startswith("spooled: ") and "kept in the spool" in add.stderr
        spooled = processed + 1

        status = run_cli(["sources", "status", "--source", "nstda"], data_dir, env=env)
        assert status.returncode == 0, status.stderr
        line = status.stdout.strip().splitlines()[-1]
        assert line.startswith("search backend down since ") and f", {spooled} articles spooled" in line
        as_json = run_cli(["sources", "status", "--json", "--source", "nstda"], data_dir, env=env)
        assert set(json.loads(as_json.stdout)) == {"nstda"} and "backend down since" in as_json.stderr
        since = OutageRecord(data_dir).read()
        assert since is not None

        _only_due(data_dir, SCHEDULED)
        serve = Serve(data_dir, env)
        down = serve.wait(lambda code, body: code == 503, "healthz never said the backend is down")
        assert down["status"] == "backend-down" and down["since"] == since.since
        assert down["spooled"] >= spooled and down["detail"].startswith("backend down since ")
        # The scheduler goes on crawling: its crawl of the due source goes to the spool too.
        history = CrawlHistory(data_dir)
        down = serve.wait(
            lambda code, body: code == 503 and body["spooled"] > spooled and history.last_run(SCHEDULED),
            "the scheduler did not crawl during the outage",
        )
        scheduled = down["spooled"] - spooled
        spooled = down["spooled"]
        assert down["detail"].endswith(f", {spooled} articles spooled")
        page_status, page = _get(serve.url + "/?q=quantum")
        assert page_status == 503 and "Search backend down since" in page and f"{spooled} articles" in page
        sources_status, sources_page = _get(serve.url + "/sources")
        assert sources_status == 200 and 'data-backend="down"' in sources_page

        noida.start()  # same port, same data directory
        back = serve.wait(
            lambda code, body: code == 200 and body["spooled"] == 0, "the spool was not replayed by itself"
        )
        assert back["detail"] == "backend up, nothing spooled"
        assert serve.stop() == 0
        log = serve.log.read_text(errors="replace")
        assert "Traceback" not in log, log[-3000:]  # an outage is a state, not a crash
        serve = None
        assert OutageRecord(data_dir).read() is None
    finally:
        if serve is not None:
            serve.stop()
        after = _stored(noida.url) if noida.proc is not None else {}
        noida.stop()

    # Nothing lost: every article crawled or added during the outage is stored ...
    assert len(after) == processed + 1 + scheduled
    assert {r["source"] for r in after.values()} == {"nstda", "mst-gov-vn", "astnet", SCHEDULED}
    # ... and nothing doubled: the articles stored before keep their record, as if never replayed.
    for article_id, record in before.items():
        kept = after[article_id]
        assert (kept["fetched_at"], kept["story_id"], kept["revision"]) == (
            record["fetched_at"],
            record["story_id"],
            1,
        )
    assert all(r["revision"] == 1 for r in after.values())
    assert not list((data_dir / "spool").glob("spool-*.jsonl"))
