"""The scheduler: what is due, one cycle for cron, `serve` crawling on schedule and
stopping cleanly on SIGTERM, and no two crawls of one source at once."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from stiwatch.core.config import load_config
from stiwatch.core.store import BackendUnavailable
from stiwatch.crawler.history import CrawlHistory
from stiwatch.crawler.registry import load_sources
from stiwatch.operate.canary import check_live
from stiwatch.operate.coordination import SourceLocks
from stiwatch.operate.scheduler import Jobs, Scheduler
from stiwatch.search.embedded import EmbeddedBackend
from tests.conftest import ROOT, run_cli
from tests.corpus_conformance import _record


def _summary(sid: str) -> dict[str, object]:
    return {"sources": {sid: {"fetched": 3, "new": 1, "errors": {}}}}


def test_due_sources_follow_each_crawl_interval(tmp_path: Path) -> None:
    config = load_config(data_dir=tmp_path)
    now = datetime.now(UTC)
    history = CrawlHistory(tmp_path)
    nstda = load_sources()["nstda"]
    recent = (now - timedelta(seconds=nstda.crawl_interval / 2)).isoformat(timespec="seconds")
    old = (now - timedelta(seconds=nstda.crawl_interval + 60)).isoformat(timespec="seconds")
    history.record(_summary("nstda"), recent, recent)
    history.record(_summary("mhesi"), old, old)
    due = {s.id for s in Scheduler(config, now=lambda: now).due_sources()}
    enabled = {s.id for s in load_sources().values() if s.enabled}
    assert "nstda" not in due
    assert "mhesi" in due
    assert due == enabled - {"nstda"}


def test_a_source_being_crawled_is_skipped(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    locks = SourceLocks(data_dir)
    assert locks.acquire(["nstda"]) == []
    try:
        assert SourceLocks(data_dir).acquire(["nstda"]) == ["nstda"]
        proc = run_cli(["crawl", "--replay", "--json", "--source", "nstda"], data_dir)
        assert proc.returncode == 0, proc.stderr
        assert "already being crawled elsewhere, skipped: nstda" in proc.stderr
        assert json.loads(proc.stdout)["finish_reason"] == "nothing-to-do"
    finally:
        locks.release()
    assert SourceLocks(data_dir).acquire(["nstda"]) == []


@pytest.mark.slow
def test_run_once_crawls_checks_and_alerts(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    proc = run_cli(["run", "--once", "--replay", "yes", "--json"], data_dir, timeout=600)
    assert proc.returncode == 0, proc.stderr[-3000:]
    report = json.loads(proc.stdout)
    enabled = {s.id for s in load_sources().values() if s.enabled}
    assert set(report["crawled"]) == enabled
    assert report["summary"]["totals"]["new"] >= 60
    # The verify checks of what the crawl brought, then the canaries: all pass on the archive
    # (thaigov, blocked by robots.txt, has nothing stored to check and is not counted).
    assert report["checks"] == {"live": 0}
    assert report["canaries"] == {"archive": 0, "live": 0}
    assert report["alerts"] is not None
    # Nothing is due right after: a second cycle crawls nothing.
    again = json.loads(run_cli(["run", "--once", "--replay", "yes", "--json"], data_dir).stdout)
    assert again["crawled"] == []
    status = json.loads(run_cli(["sources", "status", "--json"], data_dir).stdout)
    # Replays of the bundled archive say nothing about the live sites (operate/health.py);
    # a robots.txt refusal the archive records is the site's policy and shows as such.
    assert {s["status"] for s in status.values()} == {"replay", "blocked-by-robots"}
    assert status["thaigov"]["status"] == "blocked-by-robots"
    assert all(s["canary"]["ok"] for s in status.values())


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.mark.slow
def test_serve_crawls_on_schedule_and_stops_on_sigterm(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    port = _free_port()
    env = {**os.environ, "STIWATCH_SCHEDULE_TICK": "1", "STIWATCH_SCHEDULE_REPLAY": "yes"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "stiwatch.cli", "serve", "--port", str(port), "--data-dir", str(data_dir)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 300
        crawled = False
        while time.monotonic() < deadline and not crawled:
            time.sleep(1)
            assert proc.poll() is None, proc.stderr.read() if proc.stderr else ""
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/sources", timeout=10) as r:
                    body = json.loads(r.read())
            except OSError:
                continue
            crawled = all(s["last_crawl"] for s in body["sources"].values())
        assert crawled, "the scheduler did not crawl every source"
        assert body["coverage"]["counts"]["never-crawled"] == 0
    finally:
        proc.send_signal(signal.SIGTERM)
        rc = proc.wait(timeout=120)
    assert rc == 0


def _fake_crawl(summary: dict[str, object], rc: int = 0) -> Callable[[list[str], str | bool], list[str]]:
    """A crawl command that prints ``summary`` as a real crawl would, and exits with ``rc``."""
    code = f"import sys; print({json.dumps(json.dumps(summary))}); sys.exit({rc})"
    return lambda ids, replay: [sys.executable, "-c", code]


def test_a_finished_crawl_has_its_sources_verified(tmp_path: Path) -> None:
    """The verify checks (the live canary) run on exactly the sources the crawl crawled."""
    config = load_config(data_dir=tmp_path)
    checked: list[list[str]] = []

    def checks(ids: list[str]) -> dict[str, int]:
        checked.append(ids)
        return {"live": 2}

    jobs = Jobs(crawl_command=_fake_crawl({"sources": {}, "totals": {"new": 0}}), checks=checks)
    report = Scheduler(config, jobs=jobs).run_once()
    enabled = [s.id for s in load_sources().values() if s.enabled]
    assert checked == [enabled]
    assert report["checks"] == {"live": 2}
    assert "verify-check failures {'live': 2}" in report["text"]
    # A crawl that failed as a whole leaves nothing new to check.
    checked.clear()
    failed = Scheduler(config, jobs=Jobs(crawl_command=_fake_crawl({}, rc=1), checks=checks)).run_once()
    assert checked == [] and failed["checks"] == {}


def test_checks_that_cannot_run_never_stop_the_next_crawl(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """A finished crawl's checks during a backend outage wait (a warning, no traceback: an
    outage is a state); checks that fail otherwise are logged; either way the next crawl starts."""
    config = load_config(data_dir=tmp_path)
    for failure, traceback in (
        (BackendUnavailable("backend down since 09:00"), False),
        (RuntimeError("bug"), True),
    ):

        def checks(ids: list[str], error: Exception = failure) -> dict[str, int]:
            raise error

        jobs = Jobs(crawl_command=_fake_crawl({"sources": {}, "totals": {"new": 0}}), checks=checks)
        scheduler = Scheduler(config, jobs=jobs)
        scheduler.start_crawl(["nstda"])
        assert scheduler._crawl is not None
        scheduler._crawl.wait(timeout=60)
        caplog.clear()
        scheduler._tick_crawl()
        [record] = [r for r in caplog.records if "checks of the finished crawl" in r.getMessage()]
        assert str(failure) in record.getMessage() or record.exc_info is not None
        assert (record.exc_info is not None) is traceback
        assert scheduler._crawl is not None  # the due sources' next crawl has started
        scheduler._crawl.wait(timeout=60)


def test_the_live_canary_applies_the_verify_rules(tmp_path: Path) -> None:
    backend = EmbeddedBackend(tmp_path / "data")
    good = _record(
        "km000000000009",
        title="កម្ពុជា និងថៃ ពង្រឹងកិច្ចសហប្រតិបត្តិការ",
        text="ភ្នំពេញ៖ " + "កិច្ចសហប្រតិបត្តិការវិទ្យាសាស្ត្រ " * 12,
        language="km",
        source="akp",
        published="2024-02-20T10:00:00+07:00",
    )
    wrong = {**good, "id": "th000000000009", "language": "th", "published": "2999-01-01T00:00:00+07:00"}
    wrong["url"] = good["url"] + "-th"
    backend.upsert([good, wrong])
    backend.commit()
    try:
        [result] = check_live(backend, ["akp"], now=datetime(2025, 1, 1, tzinfo=UTC))
    finally:
        backend.close()
    assert not result.ok
    assert any("language th is not among km, en" in p for p in result.problems), result.problems
    assert any("is in the future" in p for p in result.problems), result.problems
    assert not [p for p in result.problems if good["url"] + ":" in p]
