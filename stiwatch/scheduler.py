"""The serve-time scheduler: crawl each source at its interval, send digests when due.

`stiwatch serve` runs one :class:`Scheduler` in a background thread beside the web
server. Every ``schedule.tick`` seconds it:

1. starts one crawl (a `stiwatch crawl` child process: Scrapy's reactor runs once per
   process) of every enabled source whose last crawl is older than its
   ``crawl_interval``; while that crawl runs no other is started, and the per-source
   lock files (stiwatch/crawl.py) keep cron jobs and manual crawls from overlapping it;
2. runs the alerts (`search.alerts`), which send the digests whose schedule is due;
3. runs the archive canaries every ``schedule.canary_hours``.

On SIGTERM the web server stops, then :meth:`Scheduler.stop` interrupts a running crawl
gracefully (SIGINT: Scrapy finishes in-flight pages and keeps its job state, so the
next crawl resumes it). `stiwatch run --once` does one such cycle and returns (cron).
"""

from __future__ import annotations

import json
import logging
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from crawler.history import CrawlHistory
from crawler.registry import Source, load_sources
from stiwatch.config import Config

logger = logging.getLogger(__name__)

STOP_GRACE_SECONDS = 60.0


def run_alerts(config: Config) -> dict[str, Any] | None:
    """Send due digests with the alerts engine; None when it is not installed."""
    try:
        from search.alerts.runner import AlertRunner
    except ImportError:
        logger.warning("alerts not available in this installation: no digests sent")
        return None
    from search.factory import open_backend

    backend = open_backend(config.get("search", "backend"), config.data_dir)
    try:
        report = AlertRunner(config, backend).run()
    finally:
        backend.close()
    out = report.to_json()
    return out if isinstance(out, dict) else {"report": out}


class Scheduler:
    """Decides what is due and runs it; see the module docstring."""

    def __init__(
        self,
        config: Config,
        *,
        replay: str | bool | None = None,
        now: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self.config = config
        self.replay = config.get("schedule", "replay") if replay is None else replay
        self.now = now
        self.tick_seconds = float(config.get("schedule", "tick"))
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._crawl: subprocess.Popen[str] | None = None
        self._crawl_sources: list[str] = []
        self._last_canary: datetime | None = None
        self.last_summary: dict[str, Any] | None = None

    # -- what is due -------------------------------------------------------------------

    def due_sources(self) -> list[Source]:
        """Enabled sources never crawled, or last crawled an interval or more ago."""
        history = CrawlHistory(self.config.data_dir)
        now = self.now()
        due = []
        for source in load_sources().values():
            if not source.enabled:
                continue
            last = history.last_run(source.id)
            if last is None:
                due.append(source)
                continue
            finished = datetime.fromisoformat(last.finished_at)
            if now - finished >= timedelta(seconds=source.crawl_interval):
                due.append(source)
        return due

    def _canary_due(self) -> bool:
        hours = float(self.config.get("schedule", "canary_hours"))
        return self._last_canary is None or self.now() - self._last_canary >= timedelta(hours=hours)

    # -- doing it ----------------------------------------------------------------------

    def _crawl_command(self, ids: list[str]) -> list[str]:
        command = [sys.executable, "-m", "stiwatch.cli", "crawl", "--json"]
        command += ["--data-dir", str(self.config.data_dir)]
        for sid in ids:
            command += ["--source", sid]
        if self.replay is True or str(self.replay).lower() in ("yes", "true", "1"):
            command.append("--replay")
        elif self.replay is False or str(self.replay).lower() in ("no", "false", "0"):
            command.append("--live")
        return command

    def start_crawl(self, ids: list[str]) -> None:
        logger.info("scheduled crawl of %(n)d source(s): %(ids)s", {"n": len(ids), "ids": ", ".join(ids)})
        self._crawl_sources = ids
        self._crawl = subprocess.Popen(self._crawl_command(ids), stdout=subprocess.PIPE, text=True)

    def _finish_crawl(self) -> dict[str, Any] | None:
        """Collect a finished crawl's summary (None while it still runs)."""
        proc = self._crawl
        if proc is None or proc.poll() is None:
            return None
        out = proc.stdout.read() if proc.stdout else ""
        self._crawl = None
        if proc.returncode != 0:
            logger.error("scheduled crawl exited with status %(rc)s", {"rc": proc.returncode})
            return {"error": f"crawl exited with status {proc.returncode}", "sources": self._crawl_sources}
        try:
            self.last_summary = json.loads(out)
        except ValueError:
            self.last_summary = {"error": "crawl printed no summary"}
        return self.last_summary

    def run_canaries(self) -> dict[str, int]:
        from crawler.canary import run_canaries
        from search.factory import open_backend

        ids = [s.id for s in load_sources().values() if s.enabled]
        backend = open_backend(self.config.get("search", "backend"), self.config.data_dir)
        try:
            results = run_canaries(self.config.data_dir, ids, backend)
        finally:
            backend.close()
        self._last_canary = self.now()
        return {mode: sum(1 for r in rs if not r.ok) for mode, rs in results.items()}

    def tick(self) -> None:
        """One scheduling step; never raises (a failing step is logged and retried)."""
        steps: list[tuple[str, Callable[[], Any]]] = [
            ("crawl", self._tick_crawl),
            ("alerts", lambda: run_alerts(self.config)),
        ]
        if self._canary_due() and self._crawl is None:
            steps.append(("canary", self.run_canaries))
        for name, step in steps:
            try:
                step()
            except Exception:
                logger.exception("scheduler: %(step)s step failed", {"step": name})

    def _tick_crawl(self) -> None:
        if self._crawl is not None and self._finish_crawl() is None:
            return  # still running: overlapping crawls are never started
        due = [s.id for s in self.due_sources()]
        if due:
            self.start_crawl(due)

    # -- lifecycle ---------------------------------------------------------------------

    def _loop(self) -> None:
        # The first check comes one tick after start: the web server is up first, and a
        # serve started only briefly (tests, a quick look) stops without a crawl to wait for.
        while not self._stop.wait(self.tick_seconds):
            self.tick()

    def start(self) -> Scheduler:
        self._thread = threading.Thread(target=self._loop, name="stiwatch-scheduler", daemon=True)
        self._thread.start()
        return self

    def stop(self, grace: float = STOP_GRACE_SECONDS) -> None:
        """Stop ticking; interrupt a running crawl gracefully, kill it after ``grace``."""
        self._stop.set()
        proc = self._crawl
        if proc is not None and proc.poll() is None:
            logger.warning("stopping the running crawl (it resumes next time)")
            proc.send_signal(signal.SIGINT)
            try:
                proc.wait(timeout=grace)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        if self._thread is not None:
            self._thread.join(timeout=grace)

    def run_once(self, *, crawl_all: bool = False) -> dict[str, Any]:
        """One cycle for cron: crawl what is due (or everything), canaries, digests."""
        started = time.monotonic()
        ids = (
            [s.id for s in load_sources().values() if s.enabled]
            if crawl_all
            else [s.id for s in self.due_sources()]
        )
        summary: dict[str, Any] | None = None
        if ids:
            self.start_crawl(ids)
            assert self._crawl is not None
            self._crawl.wait()
            summary = self._finish_crawl()
        canaries = self.run_canaries()
        alerts = run_alerts(self.config)
        totals = (summary or {}).get("totals") or {}
        text = (
            f"crawled {len(ids)} source(s)"
            + (f": {totals.get('new', 0)} new, {totals.get('updated', 0)} updated" if totals else "")
            + f"; canary failures {canaries}; alerts {'sent' if alerts is not None else 'not available'}"
            + f" ({time.monotonic() - started:.0f} s)"
        )
        return {"crawled": ids, "summary": summary, "canaries": canaries, "alerts": alerts, "text": text}
