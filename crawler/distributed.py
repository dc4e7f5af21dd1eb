"""Distributed crawling: workers on one or many machines share one Redis-held crawl.

With ``REDIS_URL`` set, every worker's Scrapy scheduler is scrapy-redis's: one request
queue and one duplicate filter in Redis, both scoped to a *crawl id*, so N workers
split the pages of a crawl and none fetches a page another already took. Each worker
runs the pipelines itself and writes to the shared search backend.

Bounded: the queue and duplicate-filter keys expire ``ttl`` seconds after their last
use (``redis.dupefilter_ttl``), so finished crawls leave nothing behind for long.

A worker whose queue runs dry does not stop while another worker is still busy (it
may yet push new links): :class:`WorkerCoordinator` keeps it waiting until every
registered worker is idle and the queue is empty.
"""

from __future__ import annotations

import logging
import os
import socket
import uuid
from typing import Any

from scrapy import signals
from scrapy.exceptions import DontCloseSpider, NotConfigured
from scrapy_redis.dupefilter import RFPDupeFilter  # type: ignore[import-untyped]

from stiwatch.crawler.hostqueue import pending, queue_keys

logger = logging.getLogger(__name__)

KEY_PREFIX = "stiwatch"
# Refresh the TTL of the duplicate filter every this many additions.
_EXPIRE_EVERY = 200


def crawl_keys(crawl_id: str) -> dict[str, str]:
    """The Redis keys of one crawl."""
    base = f"{KEY_PREFIX}:{crawl_id}"
    return {
        "requests": f"{base}:requests",
        "dupefilter": f"{base}:dupefilter",
        "workers": f"{base}:workers",
    }


def redis_settings(redis_url: str, crawl_id: str, ttl: int) -> dict[str, Any]:
    """Scrapy settings that make this process one worker of crawl ``crawl_id``."""
    if "%" in crawl_id or ":" in crawl_id:
        raise ValueError(f"crawl id {crawl_id!r} must not contain '%' or ':'")
    keys = crawl_keys(crawl_id)
    return {
        "REDIS_URL": redis_url,
        "SCHEDULER": "scrapy_redis.scheduler.Scheduler",
        "DUPEFILTER_CLASS": "stiwatch.crawler.distributed.ExpiringDupeFilter",
        "SCHEDULER_QUEUE_KEY": keys["requests"],
        "SCHEDULER_DUPEFILTER_KEY": keys["dupefilter"],
        # FIFO per host, hosts in turn: a worker's requests in flight spread over hosts.
        "SCHEDULER_QUEUE_CLASS": "stiwatch.crawler.hostqueue.HostRoundRobinQueue",
        # Other workers still use the queue and the filter: never flush them on close.
        "SCHEDULER_PERSIST": True,
        "STIWATCH_REDIS_CRAWL_ID": crawl_id,
        "STIWATCH_REDIS_TTL": ttl,
        "STIWATCH_WORKER_ID": f"{socket.gethostname()}-{os.getpid()}-{uuid.uuid4().hex[:6]}",
    }


def _text(value: bytes | str) -> str:
    return value.decode() if isinstance(value, bytes) else value


class ExpiringDupeFilter(RFPDupeFilter):  # type: ignore[misc]
    """scrapy-redis's duplicate filter whose key expires (never grows without bound)."""

    ttl = 86400

    @classmethod
    def from_spider(cls, spider: Any) -> ExpiringDupeFilter:
        df = super().from_spider(spider)
        df.ttl = spider.settings.getint("STIWATCH_REDIS_TTL", 86400)
        df._added = 0
        return df  # type: ignore[no-any-return]

    def request_seen(self, request: Any) -> bool:
        fp = self.request_fingerprint(request)
        added = self.server.sadd(self.key, fp)
        if added:
            self._added = getattr(self, "_added", 0) + 1
            if self._added % _EXPIRE_EVERY == 1:
                self.server.expire(self.key, self.ttl)
        return bool(added == 0)

    def close(self, reason: str = "") -> None:
        """Keep the fingerprints for the other workers; only refresh their expiry."""
        self.server.expire(self.key, self.ttl)


class WorkerCoordinator:
    """Scrapy extension: a worker stops only when the whole crawl is done."""

    # Consecutive idle checks (one per heartbeat) with every worker idle and the
    # queue empty before this worker stops. More than one: a worker that has just taken
    # the last queued request still reads idle until the request reaches its
    # downloader. Leaving early loses no page (the busy worker crawls on, its links
    # included), only help: two checks half a second apart are enough.
    QUIET_CHECKS = 2
    # Scrapy polls its scheduler every 5 s when it has nothing to do; links another
    # worker pushes to Redis would wait that long. Poll faster.
    HEARTBEAT_SECONDS = 0.25

    def __init__(self, crawler: Any) -> None:
        settings = crawler.settings
        crawl_id = settings.get("STIWATCH_REDIS_CRAWL_ID")
        if not crawl_id or not settings.get("REDIS_URL"):
            raise NotConfigured("not a distributed crawl")
        import redis

        self.crawler = crawler
        self.server = redis.Redis.from_url(settings.get("REDIS_URL"))
        self.keys = crawl_keys(crawl_id)
        self.ttl = settings.getint("STIWATCH_REDIS_TTL", 86400)
        self.worker = settings.get("STIWATCH_WORKER_ID") or uuid.uuid4().hex
        self.busy = False
        self.quiet = 0

    @classmethod
    def from_crawler(cls, crawler: Any) -> WorkerCoordinator:
        ext = cls(crawler)
        crawler.signals.connect(ext.opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.working, signal=signals.request_reached_downloader)
        crawler.signals.connect(ext.idle, signal=signals.spider_idle)
        crawler.signals.connect(ext.closed, signal=signals.spider_closed)
        return ext

    def _set(self, state: str) -> None:
        self.server.hset(self.keys["workers"], self.worker, state)
        queue = queue_keys(self.keys["requests"])
        for key in (self.keys["dupefilter"], self.keys["workers"], queue["rotation"]):
            self.server.expire(key, self.ttl)

    def opened(self, spider: Any) -> None:
        # A class attribute of Scrapy's engine (2.13+); the instance value wins, and the
        # heartbeat starts after spider_opened.
        engine = self.crawler.engine
        if engine is not None and hasattr(engine, "_SLOT_HEARTBEAT_INTERVAL"):
            engine._SLOT_HEARTBEAT_INTERVAL = self.HEARTBEAT_SECONDS
        self._set("busy")
        self.busy = True

    def working(self, request: Any = None, spider: Any = None) -> None:
        self.quiet = 0
        if not self.busy:
            self.busy = True
            self._set("busy")

    def idle(self, spider: Any = None) -> None:
        if self.busy:
            self.busy = False
            self._set("idle")
        waiting = pending(self.server, self.keys["requests"])
        raw: dict[Any, Any] = self.server.hgetall(self.keys["workers"])
        states = {_text(k): _text(v) for k, v in raw.items()}
        others_busy = any(state == "busy" for w, state in states.items() if w != self.worker)
        if waiting or others_busy:
            self.quiet = 0
            raise DontCloseSpider
        self.quiet += 1
        if self.quiet < self.QUIET_CHECKS:
            raise DontCloseSpider

    def closed(self, spider: Any = None, reason: str = "") -> None:
        self._set("done")
