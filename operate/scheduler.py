"""The serve-time scheduler: crawl each source at its interval, send digests when due.

`stiwatch serve` runs one :class:`Scheduler` in a background thread beside the web
server. Every ``schedule.tick`` seconds it:

1. starts one crawl (a child process: Scrapy's reactor runs once per process) of every
   enabled source whose last crawl is older than its ``crawl_interval``; while that
   crawl runs no other is started, and the per-source lock files
   (``stiwatch.operate.crawl.SourceLocks``) keep cron jobs and manual crawls from
   overlapping it;
   when that crawl ends, runs `stiwatch sources verify`'s article checks on the newest
   stored articles of the sources it crawled (the live canary), so a source that
   starts giving pages without a date, in an undeclared language or full of
   boilerplate turns ``degraded`` at once;
2. sends the digests whose schedule is due;
3. runs the archive and live canaries of every source every ``schedule.canary_hours``;
4. while no crawl runs, sends the spool (articles collected while the search backend
   was down) once the backend takes it again (``stiwatch.operate.recovery``).

What each step runs is given to it as :class:`Jobs` (the command line wires the
crawl command, the alerts and the canaries), so the scheduler knows nothing above it.

On SIGTERM the web server stops, then :meth:`Scheduler.stop` interrupts a running crawl
gracefully (SIGINT: Scrapy finishes in-flight pages and keeps its job state, so the
next crawl resumes it). `stiwatch run --once` does one such cycle and returns (cron).
"""

from __future__ import annotations

import json
import logging
import signal
import subprocess
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from stiwatch.core.config import Config
from stiwatch.core.store import BackendUnavailable
from stiwatch.crawler.history import CrawlHistory
from stiwatch.crawler.registry import Source, load_sources

logger = logging.getLogger(__name__)

STOP_GRACE_SECONDS = 60.0


@dataclass(frozen=True)
class Jobs:
    """What the scheduler runs; a job left out is skipped.

    Args:
        crawl_command: the argument vector of a child process that crawls the given
            source ids (``replay``: true, false or "auto") and prints its summary as JSON.
        digests: sends the digests that are due; returns the run's report, or None when
            alerts are not available.
        canaries: runs the canaries of the given sources; returns failures per mode.
        replay_spool: sends the spool if anything waits; returns its report or None.
        checks: runs the verify checks (the live canary) on the given sources, which a
            scheduled crawl has just crawled; returns failures per mode.
    """

    crawl_command: Callable[[list[str], str | bool], list[str]] | None = None
    digests: Callable[[], dict[str, Any] | None] | None = None
    canaries: Callable[[list[str]], dict[str, int]] | None = None
    replay_spool: Callable[[], dict[str, Any] | None] | None = None
    checks: Callable[[list[str]], dict[str, int]] | None = None


class Scheduler:
    """Decides what is due and runs it; see the module docstring."""

    def __init__(
        self,
        config: Config,
        *,
        replay: str | bool | None = None,
        now: Callable[[], datetime] = lambda: datetime.now(UTC),
        jobs: Jobs | None = None,
    ) -> None:
        self.config = config
        self.jobs = jobs or Jobs()
        self.replay = config.get("schedule", "replay") if replay is None else replay
        self.now = now
        self.tick_seconds = float(config.get("schedule", "tick"))
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._crawl: subprocess.Popen[str] | None = None
        self._crawl_sources: list[str] = []
        self._last_canary: datetime | None = None
        self.last_summary: dict[str, Any] | None = None
        self.last_checks: dict[str, int] | None = None

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

    def start_crawl(self, ids: list[str]) -> None:
        if self.jobs.crawl_command is None:
            return
        logger.info("scheduled crawl of %(n)d source(s): %(ids)s", {"n": len(ids), "ids": ", ".join(ids)})
        self._crawl_sources = ids
        command = self.jobs.crawl_command(ids, self.replay)
        self._crawl = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)

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

    def run_checks(self, summary: dict[str, Any]) -> dict[str, int]:
        """The verify checks of the sources a finished crawl crawled (none after a crawl
        that failed as a whole, or without the job): failures per mode."""
        if self.jobs.checks is None or "error" in summary or not self._crawl_sources:
            return {}
        self.last_checks = self.jobs.checks(list(self._crawl_sources))
        return self.last_checks

    def run_canaries(self) -> dict[str, int]:
        """The canaries of every enabled source: failures per mode (none without the job)."""
        if self.jobs.canaries is None:
            return {}
        failures = self.jobs.canaries([s.id for s in load_sources().values() if s.enabled])
        self._last_canary = self.now()
        return failures

    def run_digests(self) -> dict[str, Any] | None:
        """Send the digests that are due; None when no alerts job is wired."""
        return self.jobs.digests() if self.jobs.digests is not None else None

    def run_spool(self) -> dict[str, Any] | None:
        """Send the spool if anything waits (None: nothing waited, or no job wired)."""
        return self.jobs.replay_spool() if self.jobs.replay_spool is not None else None

    def tick(self) -> None:
        """One scheduling step; never raises (a failing step is logged and retried)."""
        steps: list[tuple[str, Callable[[], Any]]] = [
            ("crawl", self._tick_crawl),
            ("alerts", self.run_digests),
        ]
        if self._canary_due() and self._crawl is None:
            steps.append(("canary", self.run_canaries))
        if self._crawl is None:
            # Not beside a crawl: with the embedded backend both would want its one writer.
            steps.append(("spool", self.run_spool))
        for name, step in steps:
            try:
                step()
            except BackendUnavailable as exc:
                # An outage is reported where it is recorded (sources status, /healthz).
                logger.warning(
                    "scheduler: %(step)s waits for the search backend: %(e)s", {"step": name, "e": exc}
                )
            except Exception:
                logger.exception("scheduler: %(step)s step failed", {"step": name})

    def _tick_crawl(self) -> None:
        if self._crawl is not None:
            finished = self._finish_crawl()
            if finished is None:
                return  # still running: overlapping crawls are never started
            try:
                self.run_checks(finished)
            except BackendUnavailable as exc:  # an outage is a state (healthz), not a failure
                logger.warning(
                    "scheduler: the checks of the finished crawl wait for the search backend: %s", exc
                )
            except Exception:  # the checks are advice: the next crawl still starts
                logger.warning("scheduler: the checks of the finished crawl failed", exc_info=True)
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
        checks: dict[str, int] = {}
        if ids:
            self.start_crawl(ids)
            if self._crawl is not None:
                self._crawl.wait()
                summary = self._finish_crawl()
                checks = self.run_checks(summary or {"error": "no summary"})
        spool = self.run_spool()
        canaries = self.run_canaries()
        alerts = self.run_digests()
        totals = (summary or {}).get("totals") or {}
        text = (
            f"crawled {len(ids)} source(s)"
            + (f": {totals.get('new', 0)} new, {totals.get('updated', 0)} updated" if totals else "")
            + (f"; spool: {spool['sent']} sent, {spool['error'] or 'done'}" if spool else "")
            + f"; verify-check failures {checks}; canary failures {canaries}"
            + f"; alerts {'sent' if alerts is not None else 'not available'}"
            + f" ({time.monotonic() - started:.0f} s)"
        )
        return {
            "crawled": ids,
            "summary": summary,
            "spool": spool,
            "checks": checks,
            "canaries": canaries,
            "alerts": alerts,
            "text": text,
        }
