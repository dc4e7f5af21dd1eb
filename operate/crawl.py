"""Run a crawl of registered sources through Scrapy and return its per-source summary.

The runner builds the Scrapy settings from the configuration (through the one mapping
in ``stiwatch.crawler.settings``) and the stages' context once: the registry and the
backend the articles go to, attached to the crawler, never put in the settings.
"""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
import time
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from stiwatch.core.config import Config
from stiwatch.core.tokencache import open_cache
from stiwatch.crawler import settings as defaults
from stiwatch.crawler.browser import browser_problem, browser_settings, find_browser
from stiwatch.crawler.distributed import redis_settings
from stiwatch.crawler.history import now_iso
from stiwatch.crawler.registry import Source
from stiwatch.crawler.replay.server import ReplayServer
from stiwatch.crawler.spiders.sources import SourcesSpider
from stiwatch.crawler.stats import summarize
from stiwatch.operate.coordination import record, redis_url
from stiwatch.pipelines.base import attach_context
from stiwatch.pipelines.process import build_context
from stiwatch.search.backend import SearchBackend

logger = logging.getLogger(__name__)

REPLAY_HANDLER = "stiwatch.crawler.replay.handler.ReplayDownloadHandler"
# In a crawl's job directory while it runs (see open_job_dir).
RUNNING_MARK = "stiwatch-running"


def scrapy_settings(config: Config, replay_url: str | None) -> dict[str, Any]:
    """Scrapy settings for this crawl: stiwatch.crawler.settings with the configuration applied."""
    settings = {k: getattr(defaults, k) for k in dir(defaults) if k.isupper()}
    settings.update(defaults.from_config(config.values))
    settings.update(
        {
            # Logging is configured by the CLI; Scrapy must not add a second root handler.
            "LOG_INSTALL_ROOT_HANDLER": False,
            "STIWATCH_DATA_DIR": str(config.data_dir),
            "LOG_LEVEL": "WARNING",
            "LOG_ENABLED": True,
            "SCRAPER_SLOT_MAX_ACTIVE_SIZE": defaults.scraper_active_size(
                config.get("crawl", "max_pdf_bytes")
            ),
        }
    )
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


def render_settings(config: Config, sources: Sequence[Source]) -> dict[str, Any]:
    """Browser settings when a selected source needs one and Chromium is there; otherwise
    why not (``RENDER_PROBLEM``: the spider reports those sources ``needs-browser``)."""
    if not any(s.needs_browser for s in sources):
        return {}
    configured = str(config.get("render", "browser"))
    problem = browser_problem(configured)
    executable = find_browser(configured)
    if problem is not None or executable is None:
        logger.warning("pages that need a browser are not rendered: %(why)s", {"why": problem})
        return {"RENDER_PROBLEM": problem}
    return browser_settings(
        executable, float(config.get("render", "timeout")), int(config.get("render", "max_contexts"))
    )


def default_crawl_id() -> str:
    """Workers started by the same cron line on several machines agree on this id: the
    UTC hour (two crawls of the same sources within one hour share a duplicate filter)."""
    return datetime.now(UTC).strftime("%Y%m%dT%H")


def job_dir(config: Config, sources: Sequence[Source], full: bool) -> Path:
    """Where Scrapy keeps the job state of this selection, so an interrupted crawl resumes."""
    key = hashlib.sha256((",".join(sorted(s.id for s in sources)) + f"|{full}").encode()).hexdigest()[:12]
    return config.data_dir / "jobs" / f"crawl-{key}"


def open_job_dir(jobdir: Path) -> None:
    """Prepare the job state: resume one that stopped cleanly, discard one that was killed.

    Scrapy saves its request queue when it stops (Ctrl-C, SIGINT, SIGTERM), but its
    duplicate filter is written as it goes: after a SIGKILL or a power cut, the filter
    names requests the saved queue lacks, and resuming would skip those pages for good
    (the discovery page that listed them answers 304 next time). ``RUNNING_MARK`` is
    present exactly while a crawl runs (one crawl per selection: the source locks), so
    finding it means the last one was killed; nothing is lost by starting over, since
    stored articles are recognised by the dedupe stage and the crawl state is written
    only when a crawl stops.
    """
    mark = jobdir / RUNNING_MARK
    if mark.exists():
        logger.warning(
            "the last crawl of these sources was killed; its job state in %(dir)s cannot be trusted:"
            " starting over (articles already stored are not stored again)",
            {"dir": jobdir},
        )
        shutil.rmtree(jobdir, ignore_errors=True)
    elif jobdir.exists():
        logger.warning("resuming the interrupted crawl kept in %(dir)s", {"dir": jobdir})
    jobdir.mkdir(parents=True, exist_ok=True)
    mark.write_text(f"{os.getpid()}\n", encoding="utf-8")


def close_job_dir(jobdir: Path, reason: str) -> None:
    """A finished job's state goes (its duplicate filter would hide every page from the
    next crawl); an interrupted one's stays for the resume, marked as stopped cleanly."""
    if reason == "finished":
        shutil.rmtree(jobdir, ignore_errors=True)
    else:
        (jobdir / RUNNING_MARK).unlink(missing_ok=True)


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

    Incremental unless ``full`` (stiwatch.crawler.state). With a Redis URL configured this
    process is one worker of the distributed crawl ``crawl_id`` (stiwatch.crawler.distributed);
    otherwise Scrapy's job state in ``<data dir>/jobs/`` lets an interrupted crawl
    resume where it stopped.
    """
    from scrapy.crawler import CrawlerProcess

    server = ReplayServer(latency=replay_latency).start() if replay and not replay_url else None
    started_at = now_iso()
    clock = time.monotonic()
    redis = redis_url(config)
    jobdir = None if redis else job_dir(config, sources, full)
    tokens = None
    try:
        settings = scrapy_settings(config, replay_url or (server.url if server else None))
        settings["STIWATCH_FULL_CRAWL"] = full
        if redis:
            settings.update(
                redis_settings(
                    redis, crawl_id or default_crawl_id(), int(config.get("redis", "dupefilter_ttl"))
                )
            )
            settings["EXTENSIONS"] = {
                **settings["EXTENSIONS"],
                "stiwatch.crawler.distributed.WorkerCoordinator": 600,
            }
        elif jobdir is not None:
            open_job_dir(jobdir)
            settings["JOBDIR"] = str(jobdir)
        settings.update(render_settings(config, sources))
        process = CrawlerProcess(settings)
        crawler = process.create_crawler(SourcesSpider)
        # Live objects ride on the crawler, not in the settings (Scrapy copies settings).
        # The analysis cache: the text story linking segments is not segmented again
        # when the store stage indexes it.
        tokens = open_cache(config.data_dir)
        attach_context(crawler, build_context(settings, store=backend, tokens=tokens))
        process.crawl(crawler, sources=[s.id for s in sources])
        process.start()
        stats = crawler.stats.get_stats() if crawler.stats else {}
    finally:
        if tokens is not None:
            tokens.close()
        if server:
            server.stop()
    reason = str(stats.get("finish_reason", "unknown"))
    if jobdir is not None:
        close_job_dir(jobdir, reason)
    summary = summarize(stats, [s.id for s in sources])
    summary["finish_reason"] = reason
    if record_history:
        record(config, summary, started_at, time.monotonic() - clock, replay=replay, full=full)
    return summary
