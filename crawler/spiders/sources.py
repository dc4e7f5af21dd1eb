"""The generic spider: crawls registered sources through their declared discovery paths.

For each source: feeds (RSS/Atom), sitemaps (sitemap indexes, news sitemaps) and listing
pages (with pagination) yield candidate URLs; those accepted by the source's allow/deny
patterns are fetched as articles and handed to the pipelines as ``Article`` items.
Every request carries its source id, so statistics and errors are kept per source.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlparse

import scrapy
from scrapy import signals
from scrapy.exceptions import DownloadCancelledError, IgnoreRequest
from scrapy.http import Request, Response
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet.defer import CancelledError
from twisted.python.failure import Failure

from stiwatch.core.article import Article, Handoff, article_id
from stiwatch.core.config import DEFAULTS
from stiwatch.crawler.discovery import discovery_steps, parse_feed, parse_sitemap
from stiwatch.crawler.documents import is_document_url, sniff_format
from stiwatch.crawler.encoding import charset_of, decode_html
from stiwatch.crawler.registry import Listing, Source, load_sources
from stiwatch.crawler.spiders.documents import DocumentDiscovery
from stiwatch.crawler.spiders.rendering import RenderedPages
from stiwatch.crawler.state import CrawlState, SeenArticle
from stiwatch.crawler.stats import count, count_error

logger = logging.getLogger(__name__)


class SourcesSpider(DocumentDiscovery, RenderedPages, scrapy.Spider):
    """Crawl one or more registered sources (``-a sources=id1,id2``; default: all enabled).

    Incremental (stiwatch.crawler.state): discovery runs as a cascade per source, feed → news
    sitemap → sitemap → listing pages; a page that answers 304 or lists no article the
    crawl state does not already know ends it, a page that lists something new (or
    fails) leads to the next one. Known article URLs are not fetched again unless
    their discovery date changed. ``STIWATCH_FULL_CRAWL`` fetches everything.
    """

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
        self.full = False
        self.state: CrawlState | None = None
        self._known: dict[str, dict[str, str | None]] = {sid: {} for sid in self.sources}
        self._validators: dict[str, tuple[str | None, str | None]] = {}
        # Written at the end of the crawl (see closed()).
        self._seen: list[SeenArticle] = []
        self._listed_again: dict[str, set[str]] = {sid: set() for sid in self.sources}
        self._new_validators: dict[str, tuple[str, str | None, str | None]] = {}

    def _open_state(self) -> None:
        data_dir = self.settings.get("STIWATCH_DATA_DIR")
        self.full = self.settings.getbool("STIWATCH_FULL_CRAWL")
        if not data_dir:
            return  # plain `scrapy crawl` without a data directory: a full crawl
        self.state = CrawlState(
            Path(data_dir),
            self.settings.getint("STIWATCH_STATE_TTL_DAYS", DEFAULTS["schedule"]["state_ttl_days"]),
        )
        if self.full:
            return
        for sid in self.sources:
            self._known[sid] = self.state.known(sid)
            self._validators.update(self.state.validators(sid))

    # -- discovery ---------------------------------------------------------------------

    async def start(self) -> AsyncIterator[Any]:
        self._open_state()
        for request in self.start_requests_for_sources():
            yield request

    def start_requests_for_sources(self) -> Iterator[Request]:
        for src in self.sources.values():
            if self._unrenderable(src):
                continue
            request = self._step_request(src, 0)
            if request is not None:
                yield request

    def _step_request(self, src: Source, step: int) -> Request | None:
        """The request for discovery step ``step`` of ``src``, or None past the last one."""
        steps = discovery_steps(src)
        if step >= len(steps):
            return None
        kind, url, listing = steps[step]
        callbacks = {"feed": self.parse_feed_page, "sitemap": self.parse_sitemap_page}
        callback = callbacks.get(kind, self.parse_listing_page)
        extra: dict[str, Any] = {"listing": listing, "page": 1} if kind == "listing" else {}
        return self._request(url, src, callback, kind=kind, step=step, **extra)

    def _request(self, url: str, src: Source, callback: Any, **meta: Any) -> Request:
        headers = {}
        render = self._render(src, url) if meta.get("kind") == "listing" else {}
        # A rendered page is never asked conditionally: its links come from what its
        # scripts fetch, which the page's own validators say nothing about.
        etag, last_modified = self._validators.get(url, (None, None)) if not render else (None, None)
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        return Request(
            url,
            callback=callback,
            errback=self.on_error,
            headers=headers,
            meta={"source": src.id, "handle_httpstatus_list": [304], **meta, **render},
            dont_filter=False,
        )

    def _fetched(self, response: Response) -> Source:
        src = self.sources[response.meta["source"]]
        count(self.crawler.stats, src.id, "fetched")
        return src

    def _not_modified(self, response: Response, src: Source) -> bool:
        """True for a 304 (counted; nothing new behind it). Remembers a 200's validators."""
        if response.status == 304:
            count(self.crawler.stats, src.id, "not_modified")
            return True
        etag = (response.headers.get("ETag") or b"").decode("latin-1") or None
        modified = (response.headers.get("Last-Modified") or b"").decode("latin-1") or None
        if etag or modified:
            self._new_validators[response.url] = (src.id, etag, modified)
        return False

    def _next_step(self, response: Response, src: Source) -> Iterator[Request]:
        """Go on with the cascade: the discovery page after this one's step."""
        step = response.meta.get("step")
        if step is None:
            return
        request = self._step_request(src, int(step) + 1)
        if request is not None:
            yield request

    def _is_new(self, src: Source, url: str, date: str | None) -> bool:
        """Not processed before, or its discovery date moved (the article was revised)."""
        if self.full:
            return True
        known = self._known[src.id]
        aid = article_id(url)
        if aid not in known:
            return True
        before = known[aid]
        if date and before and date != before:
            return True
        self._listed_again[src.id].add(aid)
        return False

    def _article_requests(
        self, src: Source, candidates: Iterable[tuple[str, str | None]], base_url: str, found: list[int]
    ) -> Iterator[Request]:
        """Requests for the new article and document links among ``candidates``; ``found[0]``
        counts the articles."""
        seen_here: set[str] = set()
        for raw, date in candidates:
            url = urljoin(base_url, raw)
            if url in seen_here or urlparse(url).scheme not in ("http", "https"):
                continue
            seen_here.add(url)
            if not src.is_article_url(url):
                if is_document_url(url, src):
                    yield from self._document_requests(src, [url], None, date)
                continue
            if not self._is_new(src, url, date):
                count(self.crawler.stats, src.id, "known")
                continue
            if self._queued[src.id] >= src.max_articles:
                self.crawler.stats.inc_value(f"stiwatch/source/{src.id}/capped")
                return
            self._queued[src.id] += 1
            found[0] += 1
            yield Request(
                url,
                callback=self.parse_article,
                errback=self.on_error,
                meta={"source": src.id, "kind": "article", "discovered_date": date, **self._render(src, url)},
            )

    def parse_feed_page(self, response: Response) -> Iterator[Request]:
        src = self._fetched(response)
        if self._not_modified(response, src):
            return
        entries = parse_feed(response.body)
        if not entries:
            count_error(self.crawler.stats, src.id, "feed-empty")
        found = [0]
        yield from self._article_requests(src, entries, response.url, found)
        yield from self._feed_documents(response, src)
        # A page with nothing new ends the cascade; one that was empty falls back.
        if found[0] or not entries:
            yield from self._next_step(response, src)

    def parse_sitemap_page(self, response: Response) -> Iterator[Request]:
        src = self._fetched(response)
        if self._not_modified(response, src):
            return
        try:
            kind, entries = parse_sitemap(response.body)
        except (OSError, EOFError):
            count_error(self.crawler.stats, src.id, "sitemap-unreadable")
            yield from self._next_step(response, src)
            return
        if kind == "sitemapindex":
            # Newest child sitemaps first: news sites list them by month or day. The
            # children carry the cascade step, so the first with news goes on.
            for loc, _ in sorted(entries, key=lambda e: e[1] or "", reverse=True)[:5]:
                yield self._request(
                    loc, src, self.parse_sitemap_page, kind="sitemap", step=response.meta.get("step")
                )
            if not entries:
                count_error(self.crawler.stats, src.id, "sitemap-empty")
                yield from self._next_step(response, src)
            return
        if not entries:
            count_error(self.crawler.stats, src.id, "sitemap-empty")
        newest_first = sorted(entries, key=lambda e: e[1] or "", reverse=True)
        found = [0]
        yield from self._article_requests(src, newest_first, response.url, found)
        if found[0] or not entries:
            yield from self._next_step(response, src)

    def parse_listing_page(self, response: Response) -> Iterator[Request]:
        src = self._fetched(response)
        if self._not_modified(response, src):
            return
        listing: Listing = response.meta["listing"]
        page: int = response.meta["page"]
        links: list[tuple[str, str | None]] = [
            (href, None) for href in response.css("a::attr(href)").getall()
        ]
        # Document links are taken from the page's content only (_linked_documents).
        links = [(h, d) for h, d in links if not is_document_url(urljoin(response.url, h), src)]
        matching = [u for u, _ in links if src.is_article_url(urljoin(response.url, u))]
        if not matching:
            count_error(self.crawler.stats, src.id, "listing-empty")
        found = [0]
        yield from self._article_requests(src, links, response.url, found)
        yield from self._linked_documents(response, src)
        if matching and not found[0]:
            return  # caught up: older pages and later steps hold nothing new either
        if page == 1:
            yield from self._next_step(response, src)
        if page >= listing.max_pages or not matching:
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

    def parse_article(self, response: Response) -> Iterator[Article | Request]:
        src = self._fetched(response)
        content_type = (response.headers.get("Content-Type") or b"").decode("latin-1")
        fmt = sniff_format(response.body, content_type, response.url)
        if fmt is not None:
            yield from self._document_item(response, src, fmt)
            return
        page = decode_html(
            response.body,
            charset_of(content_type),
            max_bytes=self.settings.getint("CLEAN_MAX_HTML_BYTES", DEFAULTS["crawl"]["max_page_bytes"]),
        )
        if page.truncated:
            # Over the size cap: the head is processed, the cut is recorded for the source.
            count_error(self.crawler.stats, src.id, "truncated")
        if page.error:
            count_error(self.crawler.stats, src.id, page.error_kind or "not-text")
            self._remember(response.request or response, "rejected")
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
            attachment_of=response.meta.get("attachment_of"),
            handoff=Handoff(
                encoding=page.encoding,
                discovered_date=response.meta.get("discovered_date"),
                # The link as discovery listed it (before redirects): the crawl state key.
                discovered_url=(response.meta.get("redirect_urls") or [response.url])[0],
                truncated=page.truncated,
            ),
        )
        yield from self._linked_documents(response, src)

    # -- crawl state -------------------------------------------------------------------

    @classmethod
    def from_crawler(cls, crawler: Any, *args: Any, **kwargs: Any) -> SourcesSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        crawler.signals.connect(spider.item_done, signal=signals.item_scraped)
        crawler.signals.connect(spider.item_dropped, signal=signals.item_dropped)
        return spider

    def _remember(self, request: Request | Response, outcome: str, content_hash: str = "") -> None:
        meta = request.meta
        source = meta.get("source")
        if source not in self.sources:
            return
        url = (meta.get("redirect_urls") or [request.url])[0]
        self._seen.append(
            SeenArticle(source, article_id(url), url, content_hash, meta.get("discovered_date"), outcome)
        )

    def _remember_article(self, item: Any, outcome: str) -> None:
        if not isinstance(item, Article) or item.source not in self.sources:
            return
        url = item.handoff.discovered_url or item.url
        self._seen.append(
            SeenArticle(
                item.source,
                article_id(url),
                url,
                item.content_hash,
                item.handoff.discovered_date,
                outcome,
            )
        )

    def item_done(self, item: Any, response: Any = None, spider: Any = None) -> None:
        """An article went through every stage: remember it (and check its language)."""
        if isinstance(item, Article) and item.source in self.sources:
            expected = self.sources[item.source].languages
            if item.language and expected and item.language not in expected:
                count_error(self.crawler.stats, item.source, "language-unexpected")
            self._remember_article(item, item.handoff.status or "stored")

    def item_dropped(
        self, item: Any, response: Any = None, exception: Any = None, spider: Any = None
    ) -> None:
        self._remember_article(item, "rejected")

    def closed(self, reason: str) -> None:
        """Save what this crawl learnt. Runs after the pipelines flushed their batches,
        so a URL is remembered only once its article is stored."""
        if self.state is None:
            return
        self.state.record_articles(self._seen)
        for sid, ids in self._listed_again.items():
            self.state.touch(sid, ids)
        # Validators only after a finished crawl: an interrupted one must not turn the
        # next visit of a discovery page into a 304 that hides links never fetched.
        if reason == "finished":
            self.state.record_validators(self._new_validators)
            stats = self.crawler.stats
            ok = [
                sid
                for sid in self.sources
                if stats is not None and stats.get_value(f"stiwatch/source/{sid}/fetched", 0) > 0
            ]
            self.state.mark_crawled(self.sources, ok)

    def on_error(self, failure: Failure) -> Iterator[Request]:
        request = failure.request  # type: ignore[attr-defined]
        source = request.meta.get("source", "unknown")
        error = failure.value
        if isinstance(error, HttpError):
            kind = f"http-{error.response.status}"
        elif (
            isinstance(error, DownloadCancelledError | CancelledError) and "download_maxsize" in request.meta
        ):
            kind = "too-large"
        elif isinstance(error, IgnoreRequest) and "robots" in str(error).lower():
            kind = "robots"
        elif isinstance(error, IgnoreRequest):
            kind = "ignored"
        else:
            kind = "network"
        if request.meta.get("kind") not in ("article", "document"):
            # A feed, sitemap or listing page: source health treats these apart
            # (stiwatch.operate.health). Articles and documents keep their plain kinds.
            kind = f"discovery-{kind}"
        count_error(self.crawler.stats, source, kind)
        logger.warning(
            "%(source)s: %(url)s failed (%(kind)s): %(error)s",
            {"source": source, "url": request.url, "kind": kind, "error": failure.getErrorMessage()},
        )
        if (
            isinstance(error, HttpError)
            and request.meta.get("kind") == "feed"
            and parse_feed(error.response.body)
        ):
            # Some feeds answer 5xx with a complete RSS body (Bernama's Malay feed, sources.md
            # §5a): the status stays counted, the items are read.
            yield from self.parse_feed_page(error.response)
            return
        if request.meta.get("kind") in ("article", "document"):
            # Gone or forbidden for good: not worth a request every crawl. Other
            # failures (5xx, network) are tried again next time.
            if kind in ("http-404", "http-410"):
                self._remember(request, "gone")
            elif kind == "too-large":
                self._remember(request, "too-large")
            elif kind == "robots":
                self._remember(request, "forbidden")
        elif source in self.sources:
            # A discovery page that failed: fall back to the next one in the cascade
            # (pagination pages carry no step: their listing already went on).
            step = request.meta.get("step")
            if step is not None:
                following = self._step_request(self.sources[source], int(step) + 1)
                if following is not None:
                    yield following
