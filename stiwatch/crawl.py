"""Run a crawl of registered sources through Scrapy and return its per-source summary."""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
import socket
import time
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from crawler.history import CrawlHistory, now_iso
from crawler.registry import Source
from crawler.replay.server import ReplayServer
from crawler.state import CrawlState
from crawler.stats import COUNTERS, summarize, with_totals
from pipelines.base import attach_context
from pipelines.process import build_context
from pipelines.translate import translate_settings
from search.backend import SearchBackend
from stiwatch.config import Config

logger = logging.getLogger(__name__)

REPLAY_HANDLER = "crawler.replay.handler.ReplayDownloadHandler"


def sources_reachable(sources: Sequence[Source], timeout: float = 2.0, probes: int = 3) -> bool:
    """True when at least one source host accepts a TCP connection (are we online?)."""
    hosts = [s.domains[0] for s in sources if s.domains][:probes]
    for host in hosts:
        try:
            with socket.create_connection((host, 443), timeout=timeout):
                return True
        except OSError:
            continue
    return False


def should_replay(mode: str | bool, sources: Sequence[Source]) -> bool:
    """Resolve the replay setting: ``auto`` replays when no source host is reachable."""
    if isinstance(mode, bool):
        return mode
    low = str(mode).lower()
    if low in ("1", "true", "yes", "on", "always"):
        return True
    if low in ("0", "false", "no", "off", "never"):
        return False
    online = sources_reachable(sources)
    if not online:
        logger.warning("no source host is reachable: replaying the bundled archive")
    return not online


def scrapy_settings(config: Config, replay_url: str | None) -> dict[str, Any]:
    """Scrapy settings for this crawl: defaults from crawler/settings.py plus configuration."""
    from crawler import settings as defaults

    settings = {k: getattr(defaults, k) for k in dir(defaults) if k.isupper()}
    # Logging is configured by the CLI; Scrapy must not add a second root handler.
    settings["LOG_INSTALL_ROOT_HANDLER"] = False
    crawl = config.values["crawl"]
    settings.update(
        {
            "USER_AGENT": crawl["user_agent"],
            "CONCURRENT_REQUESTS_PER_DOMAIN": int(crawl["concurrency_per_domain"]),
            "DOWNLOAD_DELAY": float(crawl["download_delay"]),
            "AUTOTHROTTLE_ENABLED": bool(crawl["autothrottle"]),
            "ROBOTSTXT_OBEY": bool(crawl["obey_robots"]),
            "DOWNLOAD_TIMEOUT": int(crawl["timeout"]),
            "RETRY_TIMES": int(crawl["retries"]),
            "CLEAN_MAX_HTML_BYTES": int(crawl["max_page_bytes"]),
            "STIWATCH_LANGUAGES": list(config.values["pipeline"]["languages"]),
            "STIWATCH_DATA_DIR": str(config.data_dir),
            "LOG_LEVEL": "WARNING",
            "LOG_ENABLED": True,
        }
    )
    # The translate stage's TRANSLATE_* settings come from the [translate] section.
    settings.update(translate_settings(config.values["translate"]))
    if replay_url:
        # The archive server is local: no politeness delay is needed, only the routing.
        settings.update(
            {
                "REPLAY_URL": replay_url,
                "DOWNLOAD_HANDLERS": {"http": REPLAY_HANDLER, "https": REPLAY_HANDLER},
                "DOWNLOAD_DELAY": 0,
                "AUTOTHROTTLE_ENABLED": False,
                "RETRY_TIMES": 1,
            }
        )
    return settings


def redis_url(config: Config) -> str:
    """The Redis URL for distributed crawling: ``[redis] url``, else ``REDIS_URL``; "" = off."""
    return str(config.get("redis", "url") or os.environ.get("REDIS_URL", "")).strip()


def default_crawl_id() -> str:
    """Workers started by the same cron line on several machines agree on this id: the
    UTC hour (two crawls of the same sources within one hour share a duplicate filter)."""
    return datetime.now(UTC).strftime("%Y%m%dT%H")


def job_dir(config: Config, sources: Sequence[Source], full: bool) -> Path:
    """Where Scrapy keeps the job state of this selection, so an interrupted crawl resumes."""
    key = hashlib.sha256((",".join(sorted(s.id for s in sources)) + f"|{full}").encode()).hexdigest()[:12]
    return config.data_dir / "jobs" / f"crawl-{key}"


def run_crawl(
    config: Config,
    backend: SearchBackend,
    sources: Sequence[Source],
    *,
    replay: bool,
    replay_latency: float = 0.0,
    replay_url: str | None = None,
    full: bool = False,
    crawl_id: str | None = None,
    record_history: bool = True,
) -> dict[str, Any]:
    """Crawl ``sources`` (live or from the archive) into ``backend``; returns the summary.

    Incremental unless ``full`` (crawler/state.py). With a Redis URL configured this
    process is one worker of the distributed crawl ``crawl_id`` (crawler/distributed.py);
    otherwise Scrapy's job state in ``<data dir>/jobs/`` lets an interrupted crawl
    resume where it stopped.
    """
    from scrapy.crawler import CrawlerProcess

    from crawler.spiders.sources import SourcesSpider

    server = ReplayServer(latency=replay_latency).start() if replay and not replay_url else None
    started_at = now_iso()
    clock = time.monotonic()
    redis = redis_url(config)
    jobdir = None if redis else job_dir(config, sources, full)
    try:
        settings = scrapy_settings(config, replay_url or (server.url if server else None))
        settings["STIWATCH_FULL_CRAWL"] = full
        settings["STIWATCH_STATE_TTL_DAYS"] = int(config.get("schedule", "state_ttl_days"))
        if redis:
            from crawler.distributed import redis_settings

            settings.update(
                redis_settings(
                    redis, crawl_id or default_crawl_id(), int(config.get("redis", "dupefilter_ttl"))
                )
            )
            settings["EXTENSIONS"] = {**settings["EXTENSIONS"], "crawler.distributed.WorkerCoordinator": 600}
        elif jobdir is not None:
            if jobdir.exists():
                logger.warning("resuming the interrupted crawl kept in %(dir)s", {"dir": jobdir})
            settings["JOBDIR"] = str(jobdir)
        process = CrawlerProcess(settings)
        crawler = process.create_crawler(SourcesSpider)
        # Live objects ride on the crawler, not in the settings (Scrapy copies settings).
        attach_context(crawler, build_context({**settings, "STIWATCH_BACKEND": backend}))
        process.crawl(crawler, sources=[s.id for s in sources])
        process.start()
        stats = crawler.stats.get_stats() if crawler.stats else {}
    finally:
        if server:
            server.stop()
    reason = str(stats.get("finish_reason", "unknown"))
    if jobdir is not None and reason == "finished":
        # A finished job's duplicate filter would hide every page from the next crawl.
        shutil.rmtree(jobdir, ignore_errors=True)
    summary = summarize(stats, [s.id for s in sources])
    summary["finish_reason"] = reason
    if record_history:
        record(config, summary, started_at, time.monotonic() - clock, replay=replay, full=full)
    return summary


def record(
    config: Config,
    summary: dict[str, Any],
    started_at: str,
    duration: float,
    *,
    replay: bool,
    full: bool,
) -> None:
    """Keep a finished crawl's summary in the history and prune the crawl state."""
    CrawlHistory(config.data_dir).record(
        summary, started_at, now_iso(), replay=replay, duration=duration, full=full
    )
    CrawlState(config.data_dir, int(config.get("schedule", "state_ttl_days"))).prune()


def merge_summaries(summaries: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """One summary from several workers' (counters and errors added up)."""
    per: dict[str, dict[str, Any]] = {}
    for summary in summaries:
        for sid, entry in summary["sources"].items():
            into = per.setdefault(sid, {c: 0 for c in COUNTERS} | {"errors": {}})
            for c in COUNTERS:
                into[c] += int(entry.get(c, 0))
            for kind, n in entry.get("errors", {}).items():
                into["errors"][kind] = into["errors"].get(kind, 0) + n
    reasons = {str(s.get("finish_reason", "unknown")) for s in summaries}
    return {
        **with_totals(per),
        "finish_reason": reasons.pop() if len(reasons) == 1 else ",".join(sorted(reasons)),
    }


class SourceLocks:
    """Per-source lock files (``<data dir>/locks/<id>.lock``): one crawl of a source at a
    time, whether started by the scheduler, cron or a person. Released by the OS if the
    holder dies."""

    def __init__(self, data_dir: Path) -> None:
        self.directory = data_dir / "locks"
        self._held: list[Any] = []

    def acquire(self, ids: Sequence[str]) -> list[str]:
        """Lock what is free; returns the ids that another process holds."""
        import fcntl

        self.directory.mkdir(parents=True, exist_ok=True)
        busy = []
        for sid in ids:
            handle = (self.directory / f"{sid}.lock").open("a")
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                handle.close()
                busy.append(sid)
                continue
            self._held.append(handle)
        return busy

    def release(self) -> None:
        for handle in self._held:
            handle.close()  # closing drops the flock
        self._held = []
