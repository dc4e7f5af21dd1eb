"""Run a crawl of registered sources through Scrapy and return its per-source summary."""

from __future__ import annotations

import logging
import socket
from collections.abc import Sequence
from typing import Any

from crawler.history import CrawlHistory, now_iso
from crawler.registry import Source
from crawler.replay.server import ReplayServer
from crawler.stats import summarize
from pipelines.base import attach_context
from pipelines.process import build_context
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


def run_crawl(
    config: Config,
    backend: SearchBackend,
    sources: Sequence[Source],
    *,
    replay: bool,
    replay_latency: float = 0.0,
) -> dict[str, Any]:
    """Crawl ``sources`` (live or from the archive) into ``backend``; returns the summary."""
    from scrapy.crawler import CrawlerProcess

    from crawler.spiders.sources import SourcesSpider

    server = ReplayServer(latency=replay_latency).start() if replay else None
    started_at = now_iso()
    try:
        settings = scrapy_settings(config, server.url if server else None)
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
    summary = summarize(stats, [s.id for s in sources])
    CrawlHistory(config.data_dir).record(summary, started_at, now_iso(), replay=replay)
    return summary
