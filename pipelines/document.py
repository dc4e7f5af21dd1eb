"""Document stage: a PDF or Word document's bytes become an article's title and text.

Runs first, before extraction; a web page passes through untouched. What a document
gives (``stiwatch.pipelines.documents.convert``): the repaired text, a title (the
document's own heading, else its metadata title, else its first paragraph), the
metadata date for the dates stage, and problems: ``no-text-layer`` (a scan without
OCR), ``damaged`` and ``unsupported-format`` leave nothing to store and reject the
document (counted for its source); ``ocr`` and ``pages-cut`` are recorded on it.

In a crawl the reading runs in worker processes (``DocumentPipeline``), so a large or
hostile PDF never holds up the pages of other sources; ``Processor`` (``stiwatch add``,
``extract``, ``eval``) reads in-process.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import re
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, ClassVar

from scrapy import signals
from scrapy.exceptions import DropItem
from scrapy.utils.misc import load_object

from stiwatch.core.article import Article
from stiwatch.crawler.documents import READABLE
from stiwatch.pipelines.base import PipelineContext, RejectArticle, StagePipeline, context_for_crawler
from stiwatch.pipelines.documents.convert import Converted, DocumentOptions, convert_document
from stiwatch.pipelines.documents.datelines import is_date_line

logger = logging.getLogger(__name__)

# Problems that leave nothing to store: the document is rejected with this kind.
FATAL = frozenset({"no-text-layer", "damaged", "unsupported-format"})
# The line that names a legal or administrative document's kind; its subject follows.
_KIND_LINE = re.compile(
    r"^(?:QUYẾT ĐỊNH|NGHỊ QUYẾT|NGHỊ ĐỊNH|THÔNG TƯ|CHỈ THỊ|CÔNG VĂN|KẾ HOẠCH|CHƯƠNG TRÌNH(?: HÀNH ĐỘNG)?|"
    r"BÁO CÁO|THÔNG BÁO|TỜ TRÌNH|LUẬT|PHÁP LỆNH|"
    r"พระราชกฤษฎีกา|พระราชบัญญัติ|พระราชกำหนด|กฎกระทรวง|ประกาศ\S*|คำสั่ง\S*|ระเบียบ\S*|"
    r"มติคณะรัฐมนตรี|บันทึกข้อความ|บันทึกความเข้าใจ|แถลงการณ์\S*)$"
)
_TITLE_MAX = 400


def document_options(context: PipelineContext) -> DocumentOptions:
    """The ``[document]`` settings as reading options."""
    return DocumentOptions(
        ocr=bool(context.setting("DOCUMENT_OCR")),
        ocr_languages=str(context.setting("DOCUMENT_OCR_LANGUAGES")),
        ocr_page_timeout=float(context.setting("DOCUMENT_OCR_PAGE_TIMEOUT")),
        ocr_jobs=int(context.setting("DOCUMENT_OCR_JOBS")),
        max_pages=int(context.setting("DOCUMENT_MAX_PAGES")),
    )


def document_title(text: str, metadata_title: str = "") -> str:
    """A document's title: its kind line with the subject under it ("QUYẾT ĐỊNH" + subject,
    "พระราชกฤษฎีกา" + subject + year), else the metadata title, else the first paragraph."""
    paragraphs = [p.strip() for p in text.split("\n\n") if p.strip()]
    for i, para in enumerate(paragraphs[:15]):
        if not _KIND_LINE.match(para):
            continue
        parts = [para]
        thai = "\u0e01" <= para[0] <= "\u0e5b"
        for follow in paragraphs[i + 1 : i + 3 if thai else i + 2]:
            if is_date_line(follow) or len(follow) > _TITLE_MAX or _KIND_LINE.match(follow):
                break
            parts.append(follow)
        if len(parts) > 1:
            return " ".join(" ".join(parts).split())[:_TITLE_MAX]
    if metadata_title:
        return metadata_title[:_TITLE_MAX]
    for para in paragraphs[:10]:
        if len(para) >= 8 and not is_date_line(para):
            return " ".join(para.split())[:_TITLE_MAX]
    return ""


class DocumentStage:
    """Reads ``article.handoff.document`` into title and text; web pages pass through."""

    name: ClassVar[str] = "document"

    def __init__(self, context: PipelineContext) -> None:
        self.context = context
        self.options = document_options(context)

    def read(self, article: Article) -> Converted:
        """The document's text and metadata, read in this process."""
        return convert_document(article.handoff.document, article.handoff.document_format, self.options)

    def apply(self, article: Article, converted: Converted) -> Article:
        """Fill the article from what its document gave.

        Raises:
            RejectArticle: the document gave no text (a scan without OCR, damaged, unreadable).
        """
        handoff = article.handoff
        handoff.document = b""
        article.content_type = READABLE.get(converted.format, article.content_type)
        for kind, message in converted.problems:
            if kind not in FATAL:
                article.add_error(self.name, kind, message)
        if not converted.text.strip():
            kind = next((k for k, _ in converted.problems if k in FATAL), "empty")
            message = next((m for k, m in converted.problems if k == kind), "no text in the document")
            raise RejectArticle(kind, f"{article.url}: {message}")
        article.text = converted.text
        article.title = document_title(converted.text, converted.title)
        if converted.pages:
            article.metadata["pages"] = converted.pages
        article.metadata["read_by"] = converted.method
        if converted.title:
            article.metadata["document_title"] = converted.title
        if converted.ocr_confidence is not None:
            article.metadata["ocr_confidence"] = converted.ocr_confidence
        handoff.document_ocr = converted.method == "ocr"
        handoff.document_date = converted.created or converted.modified
        if handoff.document_date:
            handoff.document_date_from = f"{converted.format}-metadata"
        # Web-page facts do not apply: no <html lang>, no page metadata date, no header region.
        handoff.page_date = None
        handoff.header_text = ""
        return article

    def __call__(self, article: Article) -> Article:
        if not article.handoff.document:
            return article
        return self.apply(article, self.read(article))


Converter = Callable[[bytes, str, DocumentOptions], Converted]


class DocumentPipeline(StagePipeline):
    """Scrapy adapter: documents are read in worker processes while the crawl goes on.

    ``DOCUMENT_WORKERS`` processes (spawned, so that no reactor state is forked) read one
    document each; the item waits without blocking the reactor. A document that runs past
    ``DOCUMENT_TIMEOUT`` seconds, or kills its worker, is recorded (``document-timeout``,
    ``document-crash``) and the workers are replaced. ``DOCUMENT_CONVERTER`` names the
    reading function (``convert_document``; any picklable function of the same shape).
    """

    stage_class = DocumentStage
    stage: DocumentStage

    def __init__(self, stage: DocumentStage, stats: Any = None, converter: Converter | None = None) -> None:
        super().__init__(stage, stats)
        self.converter: Converter = converter or convert_document
        self.workers = max(1, int(stage.context.setting("DOCUMENT_WORKERS")))
        self.timeout = float(stage.context.setting("DOCUMENT_TIMEOUT"))
        self._pool: ProcessPoolExecutor | None = None

    @classmethod
    def from_crawler(cls, crawler: Any) -> DocumentPipeline:
        converter = load_object(crawler.settings.get("DOCUMENT_CONVERTER") or convert_document)
        pipeline = cls(DocumentStage(context_for_crawler(crawler)), crawler.stats, converter)
        crawler.signals.connect(pipeline.close, signal=signals.spider_closed)
        return pipeline

    def _executor(self) -> ProcessPoolExecutor:
        if self._pool is None:
            self._pool = ProcessPoolExecutor(self.workers, mp_context=multiprocessing.get_context("spawn"))
        return self._pool

    def _discard_pool(self) -> None:
        """Stop the workers now (one is stuck or dead); the next document starts new ones."""
        pool, self._pool = self._pool, None
        if pool is None:
            return
        for process in list(getattr(pool, "_processes", {}).values()):
            process.terminate()
        pool.shutdown(wait=False, cancel_futures=True)

    def close(self) -> None:
        pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)

    async def _convert(self, item: Article) -> Converted:
        """Read the document in a worker, retrying once when another document broke the pool."""
        body, fmt = item.handoff.document, item.handoff.document_format
        for attempt in (1, 2):
            pool = self._executor()
            future: Future[Converted] = pool.submit(self.converter, body, fmt, self.stage.options)
            try:
                return await asyncio.wait_for(asyncio.wrap_future(future), self.timeout)
            except TimeoutError:
                if pool is self._pool:
                    self._discard_pool()
                return Converted(
                    format=fmt,
                    method="none",
                    problems=[("document-timeout", f"reading took longer than {self.timeout:.0f} s")],
                )
            except asyncio.CancelledError:
                if not future.cancelled():
                    raise  # the crawl itself is stopping
                # Another document's timeout stopped the workers before this one ran.
                continue
            except BrokenProcessPool as exc:
                if pool is self._pool:
                    self._discard_pool()
                if attempt == 2:
                    return Converted(
                        format=fmt,
                        method="none",
                        problems=[("document-crash", f"the reading process died: {exc or 'crash'}")],
                    )
        return Converted(format=fmt, method="none", problems=[("document-crash", "workers kept stopping")])

    async def process_item(self, item: Article) -> Article:  # type: ignore[override]
        if not isinstance(item, Article) or not item.handoff.document:
            return item
        converted = await self._convert(item)
        for kind, message in converted.problems:
            if kind in ("document-timeout", "document-crash"):
                self._error(kind, item.source)
                item.add_error(self.stage.name, kind, message)
                raise DropItem(f"{self.stage.name}: {kind}: {item.url}")
        try:
            out = self.stage.apply(item, converted)
        except RejectArticle as exc:
            self._error(exc.reason, item.source)
            item.add_error(self.stage.name, exc.reason, str(exc))
            raise DropItem(f"{self.stage.name}: {exc.reason}: {item.url}") from None
        self._inc("ok")
        return out
