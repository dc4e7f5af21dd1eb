"""robots.txt asked for at most once per host per ``crawl.robots_ttl``, and requests counted
by kind.

Scrapy's RobotsTxtMiddleware fetches every host's robots.txt again in every crawl: an
unchanged re-crawl of 31 sources paid 32 robots.txt requests for 31 conditional discovery
requests. :class:`PersistentRobotsTxtMiddleware` keeps each host's robots.txt in the crawl
state (crawler/state.py) and parses the kept copy while it is younger than
``ROBOTSTXT_TTL`` seconds. A robots.txt answered with a server error or not at all is not
kept: the next crawl asks again, as Scrapy would.

:class:`RequestKindCounter` counts what each source cost on the wire, by kind, in the
per-source stats the crawl summary reads (crawler/stats.py): ``requests/robots``,
``requests/discovery`` (feeds, sitemaps, listings) and ``requests/article``.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware
from scrapy.http import Request, Response
from scrapy.robotstxt import RobotParser
from scrapy.utils.httpobj import urlparse_cached
from scrapy.utils.misc import build_from_crawler

from stiwatch.crawler.state import CrawlState
from stiwatch.crawler.stats import count

logger = logging.getLogger(__name__)

DISCOVERY_KINDS = frozenset({"feed", "sitemap", "listing"})


def request_kind(request: Request) -> str | None:
    """``robots``, ``discovery``, ``article`` or ``document`` (a PDF or Word file) for a crawl
    request; None for others."""
    if request.meta.get("dont_obey_robotstxt") and request.url.endswith("/robots.txt"):
        return "robots"
    kind = request.meta.get("kind")
    if kind in DISCOVERY_KINDS:
        return "discovery"
    if kind in ("article", "document"):
        return str(kind)
    return None


class PersistentRobotsTxtMiddleware(RobotsTxtMiddleware):
    """Scrapy's robots.txt middleware with each host's file kept across crawls."""

    def __init__(self, crawler: Any) -> None:
        super().__init__(crawler)
        self.ttl = crawler.settings.getfloat("ROBOTSTXT_TTL", 86_400.0)
        data_dir = crawler.settings.get("STIWATCH_DATA_DIR")
        self.state = CrawlState(Path(data_dir)) if data_dir and self.ttl > 0 else None
        # `crawl --full` fetches everything again, robots.txt included (and keeps the new copy).
        self.reuse = not crawler.settings.getbool("STIWATCH_FULL_CRAWL")

    async def robot_parser(self, request: Request) -> RobotParser | None:
        url = urlparse_cached(request)
        netloc = url.netloc
        if netloc not in self._parsers and self.state is not None and self.reuse:
            body = self.state.robots(f"{url.scheme}://{netloc}", self.ttl)
            if body is not None:
                self._stats.inc_value("robotstxt/kept")
                self._parsers[netloc] = build_from_crawler(self._parserimpl, self.crawler, body)
        if netloc not in self._parsers and request.meta.get("source"):
            # This request makes the middleware fetch the host's robots.txt.
            count(self._stats, str(request.meta["source"]), "requests/robots")
        return await super().robot_parser(request)

    async def _parse_robots(self, response: Response, netloc: str, request: Request) -> None:
        await super()._parse_robots(response, netloc, request)
        if self.state is not None and response.status < 500:
            url = urlparse_cached(response)
            self.state.record_robots(f"{url.scheme}://{url.netloc}", response.status, response.body)


class RequestKindCounter:
    """Counts each request a source sends, by kind (a downloader middleware)."""

    def __init__(self, stats: Any) -> None:
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Any) -> RequestKindCounter:
        return cls(crawler.stats)

    def process_request(self, request: Request, spider: Any = None) -> None:
        kind = request_kind(request)
        source = request.meta.get("source")
        # robots.txt requests carry no source: the robots middleware counts them.
        if kind in ("discovery", "article", "document") and source:
            count(self.stats, str(source), f"requests/{kind}")
