"""Crawl progress per source, as log records on the ``stiwatch.progress`` logger.

One line per stored article (``[source] new: title``) and, every ``PROGRESS_INTERVAL``
seconds, one line per source with its running counts. The CLI shows this logger on
stderr; anything else may route it where it likes.
"""

from __future__ import annotations

import logging
from collections import Counter
from typing import Any

from scrapy import signals
from scrapy.exceptions import NotConfigured
from twisted.internet import task

logger = logging.getLogger("stiwatch.progress")


class ProgressReporter:
    """Scrapy extension: logs each stored article and periodic per-source totals."""

    def __init__(self, interval: float) -> None:
        self.interval = interval
        self.counts: dict[str, Counter[str]] = {}
        self._loop: task.LoopingCall | None = None

    @classmethod
    def from_crawler(cls, crawler: Any) -> ProgressReporter:
        interval = crawler.settings.getfloat("PROGRESS_INTERVAL", 10.0)
        if interval <= 0:
            raise NotConfigured("progress reporting is off")
        ext = cls(interval)
        crawler.signals.connect(ext.item_scraped, signal=signals.item_scraped)
        crawler.signals.connect(ext.response_received, signal=signals.response_received)
        crawler.signals.connect(ext.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        return ext

    def _source(self, source: str) -> Counter[str]:
        return self.counts.setdefault(source, Counter())

    def response_received(self, response: Any, request: Any, spider: Any) -> None:
        self._source(request.meta.get("source", "?"))["pages"] += 1

    def item_scraped(self, item: Any, response: Any, spider: Any) -> None:
        # An article the store could not be asked about waits in the spool: say so.
        status = (item.handoff.status or "new") if item.handoff.store_checked else "spooled"
        self._source(item.source)[status] += 1
        if status != "unchanged":
            logger.info(
                "[%(source)s] %(status)s: %(title)s",
                {
                    "source": item.source,
                    "status": status,
                    "title": item.title[:90],
                },
            )

    def spider_opened(self, spider: Any) -> None:
        self._loop = task.LoopingCall(self.report)
        self._loop.start(self.interval, now=False)

    def spider_closed(self, spider: Any, reason: str) -> None:
        if self._loop is not None and self._loop.running:
            self._loop.stop()

    def report(self) -> None:
        for source, c in sorted(self.counts.items()):
            logger.info(
                "[%(source)s] %(pages)d pages, %(new)d new, %(updated)d updated so far",
                {"source": source, "pages": c["pages"], "new": c["new"], "updated": c["updated"]},
            )
