"""Main-text extraction with trafilatura, plus what later stages need from the page.

The page is parsed once; trafilatura gets the parsed tree (it works on its own
copy) and the rest is read from the same tree: the declared language, the title
without the site's name (``titles``), the header region where date lines live and a
source line trafilatura dropped as link-heavy (``regions``), and whether the page
carries machine-readable date metadata (htmldate's answer is trusted only then;
``pagetree``).
"""

from __future__ import annotations

import logging
from typing import ClassVar
from urllib.parse import urlparse

from lxml.etree import ParserError, XMLSyntaxError
from lxml.html import HtmlElement
from trafilatura import bare_extraction
from trafilatura.utils import load_html

from stiwatch.core.article import Article
from stiwatch.crawler.documents import CONTENT_LINKS, document_links, page_source
from stiwatch.pipelines.base import PipelineContext, RejectArticle, StagePipeline
from stiwatch.pipelines.pagetree import (
    fallback_text,
    html_lang,
    machine_dates,
    norm,
    page_date,
    unwrap_layout_tables,
)
from stiwatch.pipelines.regions import header_text, html_source_line
from stiwatch.pipelines.titles import choose_title

logger = logging.getLogger(__name__)


def _paragraphs(text: str) -> str:
    return "\n\n".join(line.strip() for line in text.split("\n") if line.strip())


class ExtractStage:
    """Fills title, text, ``metadata["sitename"]`` and the page facts of ``article.handoff``.

    Hand-offs: ``page_date``, ``page_date_machine``, ``page_date_guess``, ``html_lang``,
    ``header_text`` and ``html_source`` (``(url, name)`` of a source line read from the
    HTML, or None; the clean stage falls back on it).
    """

    name: ClassVar[str] = "extract"

    def __init__(self, context: PipelineContext) -> None:
        self.context = context
        self.max_chars = int(context.setting("CLEAN_MAX_HTML_BYTES"))

    def _parse(self, html: str) -> HtmlElement | None:
        try:
            tree = load_html(html[: self.max_chars])
        except (ParserError, XMLSyntaxError, ValueError, TypeError):
            return None
        return tree if isinstance(tree, HtmlElement) else None

    def __call__(self, article: Article) -> Article:
        if article.is_document:
            return article  # the document stage read it
        tree = self._parse(article.html) if article.html.strip() else None
        if tree is None:
            raise RejectArticle("empty", "no parsable HTML")
        unwrap_layout_tables(tree)
        doc = bare_extraction(
            tree,
            url=article.url,
            with_metadata=True,
            include_comments=False,
            include_tables=True,
            favor_precision=True,
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
        text = _paragraphs(getattr(doc, "text", None) or "") if doc is not None else ""
        if not text:
            text = fallback_text(tree)
            if text:
                article.add_error(self.name, "fallback", "no trafilatura text: largest block used")
        if not text:
            raise RejectArticle("empty", "no text on the page")

        article.title, sitename = choose_title(
            tree,
            getattr(doc, "title", None) or "",
            norm(getattr(doc, "sitename", None)) or None,
            urlparse(article.url).hostname,
            source.name if (source := self.context.source(article.source)) else None,
        )
        article.text = text
        if sitename:
            article.metadata.setdefault("sitename", sitename)
        evidence = machine_dates(tree)
        doc_date = getattr(doc, "date", None)
        handoff = article.handoff
        handoff.page_date = page_date(doc_date, evidence)
        handoff.page_date_machine = bool(evidence)
        if doc_date and not evidence:
            handoff.page_date_guess = doc_date
        handoff.html_lang = html_lang(tree)
        handoff.header_text = header_text(tree, article.title)
        handoff.html_source = html_source_line(tree)
        article.attachments = self._attachments(tree, article)
        return article

    def _attachments(self, tree: HtmlElement, article: Article) -> list[dict[str, str]]:
        """The documents the page's content links (the crawl fetches the same ones)."""
        source = self.context.source(article.source) or page_source(article.url)
        links = [(a.get("href", ""), a.text_content()) for a in tree.xpath(CONTENT_LINKS)]
        return [link.as_attachment() for link in document_links(links, article.url, source)]


class ExtractPipeline(StagePipeline):
    stage_class = ExtractStage
