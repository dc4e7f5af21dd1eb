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
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from stiwatch.core.config import load_config
from stiwatch.crawler.history import CrawlHistory
from stiwatch.crawler.registry import load_sources
from stiwatch.operate.coordination import SourceLocks
from stiwatch.operate.scheduler import Scheduler
from tests.conftest import ROOT, run_cli


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
    assert report["canaries"] == {"archive": 0, "live": 0}
    assert report["alerts"] is not None
    # Nothing is due right after: a second cycle crawls nothing.
    again = json.loads(run_cli(["run", "--once", "--replay", "yes", "--json"], data_dir).stdout)
    assert again["crawled"] == []
    status = json.loads(run_cli(["sources", "status", "--json"], data_dir).stdout)
    assert {s["status"] for s in status.values()} <= {"healthy", "degraded"}
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
