"""Documents in a crawl: the PDF and Word files pages link, fetched under the source's rules.

A mixin of the generic spider (``SourcesSpider``): links found on article pages, listing
pages, feeds (item links and enclosures) and sitemaps that
``crawler.documents.is_document_url`` accepts are fetched with ``crawl.max_pdf_bytes`` as
their size cap, after the pages already found; a response that is a PDF or a .docx becomes
an ``Article`` carrying the bytes for the document stage; any other document format is
counted as ``unsupported-format`` and remembered.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urljoin

import scrapy
from scrapy.http import Request, Response

from stiwatch.core.article import Article, Handoff, article_id
from stiwatch.core.config import DEFAULTS
from stiwatch.crawler.discovery import feed_enclosures
from stiwatch.crawler.documents import (
    CONTENT_LINKS,
    READABLE,
    document_links,
    format_of_url,
    is_document_url,
)
from stiwatch.crawler.registry import Source
from stiwatch.crawler.state import SeenArticle
from stiwatch.crawler.stats import count, count_error

logger = logging.getLogger(__name__)


class DocumentDiscovery:
    """Fetching and handing on the documents a source's pages link (mixed into the spider)."""

    crawler: Any
    settings: Any
    sources: dict[str, Source]
    _queued: dict[str, int]
    _seen: list[SeenArticle]

    def _is_new(self, src: Source, url: str, date: str | None) -> bool:
        raise NotImplementedError

    def _remember(self, request: Request | Response, outcome: str, content_hash: str = "") -> None:
        raise NotImplementedError

    def parse_article(self, response: Response) -> Iterator[Article | Request]:
        raise NotImplementedError

    def on_error(self, failure: Any) -> Iterator[Request]:
        raise NotImplementedError

    def _document_requests(
        self, src: Source, urls: Iterable[str], attachment_of: str | None, date: str | None = None
    ) -> Iterator[Request]:
        """Requests for new linked documents; a format stiwatch cannot read is counted
        (``unsupported-format``) and remembered instead of fetched."""
        max_bytes = self.settings.getint("DOCUMENT_MAX_BYTES", DEFAULTS["crawl"]["max_pdf_bytes"])
        for url in urls:
            if not self._is_new(src, url, date):
                count(self.crawler.stats, src.id, "known")
                continue
            fmt = format_of_url(url)
            if fmt is not None and fmt not in READABLE:
                count_error(self.crawler.stats, src.id, "unsupported-format")
                self._seen.append(SeenArticle(src.id, article_id(url), url, "", date, "unsupported"))
                logger.info(
                    "%(source)s: %(url)s is a %(fmt)s document: not read (unsupported-format)",
                    {"source": src.id, "url": url, "fmt": fmt},
                )
                continue
            if self._queued[src.id] >= src.max_articles:
                self.crawler.stats.inc_value(f"stiwatch/source/{src.id}/capped")
                return
            self._queued[src.id] += 1
            meta = {"source": src.id, "kind": "document", "discovered_date": date}
            yield Request(
                url,
                callback=self.parse_article,
                errback=self.on_error,
                # Pages first: a document waits behind the articles already found.
                priority=-1,
                meta={**meta, "attachment_of": attachment_of, "download_maxsize": max_bytes},
            )

    def _feed_documents(self, response: Response, src: Source) -> Iterator[Request]:
        """Requests for the documents a feed's items carry as enclosures, each a document
        of its item's page."""
        for url, item, date in feed_enclosures(response.body):
            absolute = urljoin(response.url, url)
            if is_document_url(absolute, src):
                parent = urljoin(response.url, item) if item else None
                yield from self._document_requests(src, [absolute], parent, date)

    def _linked_documents(self, response: Response, src: Source) -> Iterator[Request]:
        """Requests for the documents a page links from its content (not menus or footers)."""
        if not src.documents.enabled or not isinstance(response, scrapy.http.TextResponse):
            return
        links = [
            (a.attrib.get("href", ""), " ".join(a.css("::text").getall()))
            for a in response.xpath(CONTENT_LINKS)
        ]
        found = document_links(links, response.url, src)
        yield from self._document_requests(src, [d.url for d in found], response.url)

    def _document_item(self, response: Response, src: Source, fmt: str) -> Iterator[Article]:
        """A PDF or Word response as an article for the document stage; other formats counted."""
        if fmt not in READABLE:
            count_error(self.crawler.stats, src.id, "unsupported-format")
            self._remember(response.request or response, "unsupported")
            logger.warning(
                "%(source)s: %(url)s is a %(fmt)s document: not read (unsupported-format)",
                {"source": src.id, "url": response.url, "fmt": fmt},
            )
            return
        yield Article(
            url=response.url,
            source=src.id,
            fetched_at=datetime.now(UTC).isoformat(timespec="seconds"),
            content_type=READABLE[fmt],
            attachment_of=response.meta.get("attachment_of"),
            handoff=Handoff(
                discovered_date=response.meta.get("discovered_date"),
                discovered_url=(response.meta.get("redirect_urls") or [response.url])[0],
                document=response.body,
                document_format=fmt,
            ),
        )
