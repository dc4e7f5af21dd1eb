"""Killed mid-way (SIGKILL, no chance to clean up), resumed cleanly: real processes.

- a crawl killed half-way (some batches stored, others in flight), then run again:
  every article ends up stored exactly once, the search index agrees with the store,
  and the crawl state and job directory are as after an uninterrupted crawl;
- an embedded-backend writer killed between its two commits (SQLite, then the index):
  the next process re-indexes what the index missed;
- an `alerts run` killed once the SMTP server has a message and before the ledger
  recorded it: the next run sends that same message (same Message-ID) and nothing else twice.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pytest

from stiwatch.crawler.replay.server import ReplayServer, _Handler
from stiwatch.crawler.state import CrawlState
from stiwatch.deliver.alerts.ledger import Ledger
from stiwatch.operate.coordination import SourceLocks
from stiwatch.search.backend import SearchQuery
from stiwatch.search.embedded import EmbeddedBackend
from tests.alerts_support import SmtpServer, parts, record, seed
from tests.conftest import ROOT, run_cli
from tests.corpus_conformance import CORPUS
from tests.smtp_support import Handler

pytestmark = pytest.mark.slow

SOURCES = ["nstda", "mst-gov-vn", "nesdc", "mhesi", "tistr", "nrct"]


def _popen(args: list[str], data_dir: Path, env: dict[str, str] | None = None) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "stiwatch.cli", *args, "--data-dir", str(data_dir)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env={**os.environ, **(env or {})},
    )


def _records(data_dir: Path) -> dict[str, dict[str, Any]]:
    with EmbeddedBackend(data_dir) as backend:
        return {r["id"]: r for r in backend.iter_records()}


def _crawl_args(url: str) -> list[str]:
    args = ["crawl", "--replay-url", url, "--json"]
    for sid in SOURCES:
        args += ["--source", sid]
    return args


def _blocking_server(fragment: str) -> tuple[ReplayServer, threading.Event, threading.Event]:
    """A replay server that holds every request whose path holds ``fragment`` until released."""
    arrived, release = threading.Event(), threading.Event()

    class Holding(_Handler):
        def do_GET(self) -> None:
            if fragment in self.path:
                arrived.set()
                release.wait(120)
            super().do_GET()

    server = ReplayServer()
    server.httpd.RequestHandlerClass = Holding
    return server.start(), arrived, release


def test_crawl_killed_half_way_then_rerun_stores_every_article_once(tmp_path: Path) -> None:
    reference_dir, data_dir = tmp_path / "reference", tmp_path / "data"
    with ReplayServer() as plain:
        proc = run_cli(_crawl_args(plain.url), reference_dir)
        assert proc.returncode == 0, proc.stderr[-3000:]
    expected = _records(reference_dir)
    held = next(r for r in expected.values() if r["source"] == "nrct")["url"].rsplit("/", 1)[-1]
    server, arrived, release = _blocking_server(held)
    try:
        # Batches of two: some are stored before the kill, others are in flight.
        crawl = _popen(_crawl_args(server.url), data_dir, {"STIWATCH_CRAWL_STORE_BATCH": "2"})
        assert crawl.stderr is not None
        reported = 0
        for line in crawl.stderr:  # one "[source] new: title" line per article through the pipelines
            reported += " new: " in line
            if reported == 5 and arrived.wait(60):
                break
        assert crawl.poll() is None, "the crawl must still be running when it is killed"
        crawl.kill()  # SIGKILL: no close_spider, no job state saved, no crawl state written
        crawl.wait(timeout=30)
        crawl.stdout.close()  # type: ignore[union-attr]
        crawl.stderr.close()
        release.set()
        stored_before = _records(data_dir)
        assert 4 <= len(stored_before) < len(expected)
        assert CrawlState(data_dir).count() == 0  # written only by a crawl that stops

        proc = run_cli(_crawl_args(server.url), data_dir)
        assert proc.returncode == 0, proc.stderr[-3000:]
        assert "the last crawl of these sources was killed" in proc.stderr
        again = json.loads(proc.stdout)
    finally:
        release.set()
        server.stop()
    assert again["finish_reason"] == "finished"
    records = _records(data_dir)
    assert set(records) == set(expected)  # nothing lost
    assert again["totals"]["new"] == len(expected) - len(stored_before)  # nothing stored twice
    assert again["totals"]["unchanged"] == len(stored_before) and again["totals"]["updated"] == 0
    assert all(r["revision"] == 1 for r in records.values())
    for article_id, before in stored_before.items():  # not announced again to digests
        assert records[article_id]["fetched_at"] == before["fetched_at"]
    with EmbeddedBackend(data_dir) as backend:  # the index agrees with the store
        assert backend.search(SearchQuery(limit=0)).total == len(records)
    state, reference = CrawlState(data_dir), CrawlState(reference_dir)
    for sid in SOURCES:
        assert set(state.known(sid)) == set(reference.known(sid)), sid
        assert state.source_times(sid)[1] is not None
    assert not list((data_dir / "jobs").iterdir()), "a finished crawl leaves no job state"
    assert SourceLocks(data_dir).acquire(SOURCES) == []


_DIES_BETWEEN_COMMITS = """
import copy, os, signal, sys
from pathlib import Path
from stiwatch.search.embedded import EmbeddedBackend
from tests.corpus_conformance import CORPUS

backend = EmbeddedBackend(Path(sys.argv[1]))
backend.upsert(copy.deepcopy(CORPUS[:5]))

class DiesOnCommit:
    # The index writer, killed the moment it would commit: SQLite has committed by then.
    def __init__(self, writer):
        self.writer = writer
    def __getattr__(self, name):
        return getattr(self.writer, name)
    def commit(self):
        os.kill(os.getpid(), signal.SIGKILL)

backend._writer = DiesOnCommit(backend._writer)
backend.commit()
"""


def test_writer_killed_between_store_and_index_commits_is_repaired(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    proc = subprocess.run(
        [sys.executable, "-c", _DIES_BETWEEN_COMMITS, str(data_dir)], cwd=ROOT, capture_output=True, text=True
    )
    assert proc.returncode == -signal.SIGKILL, proc.stderr
    ids = {r["id"] for r in CORPUS[:5]}
    with EmbeddedBackend(data_dir) as backend:
        assert {r["id"] for r in backend.iter_records()} == ids  # SQLite committed
        hits = backend.search(SearchQuery(limit=20, facets=())).hits
        assert {h["id"] for h in hits} == ids  # and the index has them again
    assert not (data_dir / "index-pending.json").exists()


def test_alerts_run_killed_after_acceptance_resends_the_same_message(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    smtp = SmtpServer()
    smtp.handler = Handler(hold_reply=True)  # type: ignore[assignment]
    smtp.start()
    try:
        env = smtp.env()
        data_dir.mkdir(parents=True)  # `alerts add` refuses a missing data dir
        add = ["alerts", "add", "semi", "--query", "semiconductor", "--schedule", "immediate"]
        proc = run_cli([*add, "--email", "ann@example.org", "--email", "bob@example.org"], data_dir, env=env)
        assert proc.returncode == 0, proc.stderr
        seed(data_dir, [record("fab", "Vietnam opens first semiconductor fab", "A semiconductor fab.")])
        run = _popen(["alerts", "run", "--json"], data_dir, env)
        # The server has kept ann's digest and holds its reply: the client has handed the
        # message over and not written the ledger. Kill it there.
        assert smtp.handler.held.wait(120), "the run never sent a message"  # type: ignore[attr-defined]
        run.kill()
        run.communicate(timeout=30)
        smtp.handler.release.set()  # type: ignore[attr-defined]
        assert [m["X-Rcpt"] for m in smtp.messages] == ["ann@example.org"]
        first = smtp.messages[0]
        ledger = Ledger(data_dir)
        try:
            assert ledger.deliveries("semi") == []  # killed before the record
        finally:
            ledger.close()

        dry = run_cli(["alerts", "run", "--dry-run", "--json"], data_dir, env=env)
        assert dry.returncode == 0, dry.stderr
        (planned,) = json.loads(dry.stdout)["subscriptions"]
        assert [(c["status"], bool(c["resent"])) for c in planned["channels"]] == [
            ("would-send", True),
            ("would-send", False),
        ]
        assert len(smtp.messages) == 1

        seed(data_dir, [record("grant", "New semiconductor grant call", "A semiconductor grant.")])
        proc = run_cli(["alerts", "run", "--json"], data_dir, env=env)
        assert proc.returncode == 0, proc.stderr
        report = json.loads(proc.stdout)
        channels = {c["channel"]: c for c in report["subscriptions"][0]["channels"]}
        assert channels["email:ann@example.org"]["resent"] is not None
        assert channels["email:bob@example.org"]["resent"] is None
        mail = [(m["X-Rcpt"], m["Message-ID"], m["Subject"]) for m in smtp.messages[1:]]
        ann = [m for m in smtp.messages if m["X-Rcpt"] == "ann@example.org"]
        bob = [m for m in smtp.messages if m["X-Rcpt"] == "bob@example.org"]
        # ann: the same message again (same Message-ID, same text), then only what is new.
        assert len(ann) == 3, mail
        assert ann[1]["Message-ID"] == first["Message-ID"]
        assert parts(ann[1]) == parts(first)
        assert ann[2]["Message-ID"] != first["Message-ID"]
        assert ann[2]["Subject"] == "[stiwatch] semi: 1 new story"
        assert "New semiconductor grant call" in parts(ann[2])["text/plain"]
        assert "first semiconductor fab" not in parts(ann[2])["text/plain"]
        # bob: one digest with both stories, once.
        assert [m["Subject"] for m in bob] == ["[stiwatch] semi: 2 new stories"]
        assert run_cli(["alerts", "run"], data_dir, env=env).returncode == 0
        assert len(smtp.messages) == 4  # nothing else, ever
    finally:
        smtp.stop()
    ledger = Ledger(data_dir)
    try:
        sent = [(d["channel"], d["stories"]) for d in ledger.deliveries("semi")]
    finally:
        ledger.close()
    assert sorted(sent) == [
        ("email:ann@example.org", 1),
        ("email:ann@example.org", 1),
        ("email:bob@example.org", 2),
    ]
