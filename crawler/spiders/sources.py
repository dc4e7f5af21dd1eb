"""The generic spider: crawls registered sources through their declared discovery paths.

For each source: feeds (RSS/Atom), sitemaps (sitemap indexes, news sitemaps) and listing
pages (with pagination) yield candidate URLs; those accepted by the source's allow/deny
patterns are fetched as articles and handed to the pipelines as ``Article`` items.
Every request carries its source id, so statistics and errors are kept per source.
"""

from __future__ import annotations

import gzip
import logging
from collections.abc import AsyncIterator, Iterable, Iterator
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urljoin, urlparse

import scrapy
from lxml import etree
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Request, Response
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

from crawler.encoding import charset_of, decode_html
from crawler.items import Article
from crawler.registry import Listing, Source, load_sources
from crawler.stats import count, count_error

logger = logging.getLogger(__name__)

_XML_PARSER = etree.XMLParser(recover=True, resolve_entities=False, no_network=True, huge_tree=False)


def _local(tag: Any) -> str:
    return etree.QName(tag).localname if isinstance(tag, str) else ""


def _xml_root(body: bytes) -> Any:
    """The root element, or None for bodies that are not XML at all."""
    try:
        return etree.fromstring(body, parser=_XML_PARSER)
    except etree.XMLSyntaxError:
        return None


def parse_feed(body: bytes) -> list[tuple[str, str | None]]:
    """(link, date) of every item of an RSS or Atom feed."""
    root = _xml_root(body)
    if root is None:
        return []
    out = []
    for node in root.iter():
        name = _local(node.tag)
        if name not in ("item", "entry"):
            continue
        link, date = None, None
        for child in node:
            cname = _local(child.tag)
            if cname == "link":
                href = child.get("href")
                if href and child.get("rel", "alternate") == "alternate":
                    link = href.strip()
                elif child.text and child.text.strip():
                    link = child.text.strip()
            elif cname == "guid" and not link and (child.text or "").startswith("http"):
                link = (child.text or "").strip()
            elif cname in ("pubDate", "published", "updated", "date") and child.text and not date:
                date = child.text.strip()
        if link:
            out.append((link, date))
    return out


def parse_sitemap(body: bytes) -> tuple[str, list[tuple[str, str | None]]]:
    """The sitemap kind (``urlset`` or ``sitemapindex``) and its (loc, date) entries.

    A news sitemap's ``news:publication_date`` wins over ``lastmod``.
    """
    if body[:2] == b"\x1f\x8b":
        body = gzip.decompress(body)
    root = _xml_root(body)
    if root is None:
        return "", []
    kind = _local(root.tag)
    entries = []
    for node in root:
        if _local(node.tag) not in ("url", "sitemap"):
            continue
        loc, lastmod, news_date = None, None, None
        for child in node.iter():
            cname = _local(child.tag)
            if cname == "loc" and child.text:
                loc = child.text.strip()
            elif cname == "lastmod" and child.text:
                lastmod = child.text.strip()
            elif cname == "publication_date" and child.text:
                news_date = child.text.strip()
        if loc:
            entries.append((loc, news_date or lastmod))
    return kind, entries


class SourcesSpider(scrapy.Spider):
    """Crawl one or more registered sources (``-a sources=id1,id2``; default: all enabled)."""

    name = "stiwatch"

    def __init__(self, sources: str | Iterable[str] | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        registry = load_sources()
        if sources is None or sources == "":
            selected = [s for s in registry.values() if s.enabled]
        else:
            ids = sources.split(",") if isinstance(sources, str) else list(sources)
            unknown = [i for i in ids if i not in registry]
            if unknown:
                raise ValueError(f"unknown source id(s): {', '.join(unknown)}")
            selected = [registry[i] for i in ids]
        self.sources: dict[str, Source] = {s.id: s for s in selected}
        self._queued: dict[str, int] = {sid: 0 for sid in self.sources}

    # -- discovery ---------------------------------------------------------------------

    async def start(self) -> AsyncIterator[Any]:
        for request in self.start_requests_for_sources():
            yield request

    def start_requests_for_sources(self) -> Iterator[Request]:
        for src in self.sources.values():
            for url in src.feeds:
                yield self._request(url, src, self.parse_feed_page, kind="feed")
            for url in src.sitemaps:
                yield self._request(url, src, self.parse_sitemap_page, kind="sitemap")
            for listing in src.listings:
                yield self._request(
                    listing.url,
                    src,
                    self.parse_listing_page,
                    kind="listing",
                    listing=listing,
                    page=1,
                )

    def _request(self, url: str, src: Source, callback: Any, **meta: Any) -> Request:
        return Request(
            url,
            callback=callback,
            errback=self.on_error,
            meta={"source": src.id, **meta},
            dont_filter=False,
        )

    def _fetched(self, response: Response) -> Source:
        src = self.sources[response.meta["source"]]
        count(self.crawler.stats, src.id, "fetched")
        return src

    def _article_requests(
        self, src: Source, candidates: Iterable[tuple[str, str | None]], base_url: str
    ) -> Iterator[Request]:
        for raw, date in candidates:
            url = urljoin(base_url, raw)
            if urlparse(url).scheme not in ("http", "https") or not src.is_article_url(url):
                continue
            if self._queued[src.id] >= src.max_articles:
                self.crawler.stats.inc_value(f"stiwatch/source/{src.id}/capped")
                return
            self._queued[src.id] += 1
            yield Request(
                url,
                callback=self.parse_article,
                errback=self.on_error,
                meta={"source": src.id, "kind": "article", "discovered_date": date},
            )

    def parse_feed_page(self, response: Response) -> Iterator[Request]:
        src = self._fetched(response)
        entries = parse_feed(response.body)
        if not entries:
            count_error(self.crawler.stats, src.id, "feed-empty")
        yield from self._article_requests(src, entries, response.url)

    def parse_sitemap_page(self, response: Response) -> Iterator[Request]:
        src = self._fetched(response)
        try:
            kind, entries = parse_sitemap(response.body)
        except (OSError, EOFError):
            count_error(self.crawler.stats, src.id, "sitemap-unreadable")
            return
        if kind == "sitemapindex":
            # Newest child sitemaps first: news sites list them by month or day.
            for loc, _ in sorted(entries, key=lambda e: e[1] or "", reverse=True)[:5]:
                yield self._request(loc, src, self.parse_sitemap_page, kind="sitemap")
            return
        if not entries:
            count_error(self.crawler.stats, src.id, "sitemap-empty")
        newest_first = sorted(entries, key=lambda e: e[1] or "", reverse=True)
        yield from self._article_requests(src, newest_first, response.url)

    def parse_listing_page(self, response: Response) -> Iterator[Request]:
        src = self._fetched(response)
        listing: Listing = response.meta["listing"]
        page: int = response.meta["page"]
        links = [(href, None) for href in response.css("a::attr(href)").getall()]
        found = [u for u, _ in links if src.is_article_url(urljoin(response.url, u))]
        if not found:
            count_error(self.crawler.stats, src.id, "listing-empty")
        yield from self._article_requests(src, links, response.url)
        if page >= listing.max_pages or not found:
            return
        next_url = None
        if listing.next:
            # The selector may name the link element or its href (``a.next::attr(href)``).
            node = response.css(listing.next)[:1]
            href = node.attrib.get("href") or node.get()
            if href:
                next_url = urljoin(response.url, href.strip())
        elif listing.page_template:
            next_url = listing.page_template.format(page=listing.first_page + page - 1)
        if next_url:
            yield self._request(
                next_url,
                src,
                self.parse_listing_page,
                kind="listing",
                listing=listing,
                page=page + 1,
            )

    # -- articles ----------------------------------------------------------------------

    def parse_article(self, response: Response) -> Iterator[Article]:
        src = self._fetched(response)
        content_type = (response.headers.get("Content-Type") or b"").decode("latin-1")
        page = decode_html(
            response.body,
            charset_of(content_type),
            max_bytes=int(self.settings.getint("CLEAN_MAX_HTML_BYTES", 5_000_000)),
        )
        if page.error:
            count_error(self.crawler.stats, src.id, "not-text")
            logger.warning(
                "%(source)s: %(url)s not processed: %(error)s",
                {"source": src.id, "url": response.url, "error": page.error},
            )
            return
        yield Article(
            url=response.url,
            source=src.id,
            html=page.text,
            fetched_at=datetime.now(UTC).isoformat(timespec="seconds"),
            meta={
                "encoding": page.encoding,
                "discovered_date": response.meta.get("discovered_date"),
                "truncated": page.truncated,
            },
        )

    def on_error(self, failure: Failure) -> None:
        request = failure.request  # type: ignore[attr-defined]
        source = request.meta.get("source", "unknown")
        error = failure.value
        if isinstance(error, HttpError):
            kind = f"http-{error.response.status}"
        elif isinstance(error, IgnoreRequest) and "robots" in str(error).lower():
            kind = "robots"
        elif isinstance(error, IgnoreRequest):
            kind = "ignored"
        else:
            kind = "network"
        count_error(self.crawler.stats, source, kind)
        logger.warning(
            "%(source)s: %(url)s failed (%(kind)s): %(error)s",
            {"source": source, "url": request.url, "kind": kind, "error": failure.getErrorMessage()},
        )
