"""Run the processing stages on one page without Scrapy (extract/add/eval/benchmarks).

The stage order here and in ``stiwatch.crawler.settings.ITEM_PIPELINES`` is the same; a
test keeps them in step.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlparse

from stiwatch.core.article import Article, Handoff
from stiwatch.core.store import RecordStore
from stiwatch.core.tokencache import TokenCache
from stiwatch.crawler.documents import READABLE, sniff_format
from stiwatch.crawler.encoding import charset_of, decode_html
from stiwatch.crawler.registry import Source, load_sources
from stiwatch.pipelines.base import PipelineContext, RejectArticle, Stage, run_stage
from stiwatch.pipelines.clean import CleanStage
from stiwatch.pipelines.dates import DatesStage
from stiwatch.pipelines.dedupe import DedupeStage
from stiwatch.pipelines.document import DocumentStage
from stiwatch.pipelines.extract import ExtractStage
from stiwatch.pipelines.language import LanguageStage
from stiwatch.pipelines.tag import TagStage
from stiwatch.pipelines.translate import TranslateStage

STAGE_CLASSES: tuple[type, ...] = (
    DocumentStage,
    ExtractStage,
    CleanStage,
    LanguageStage,
    DatesStage,
    TagStage,
    DedupeStage,
    TranslateStage,
)

MANUAL_SOURCE = "manual"


def build_context(
    settings: Mapping[str, Any] | None = None,
    sources: Mapping[str, Source] | None = None,
    now: datetime | None = None,
    store: RecordStore | None = None,
    tokens: TokenCache | None = None,
) -> PipelineContext:
    """A context with the registry loaded; settings left out take their project defaults.

    Args:
        store: where the dedupe stage finds stored articles (None: every article is new).
        tokens: the analysis cache the store's indexing reads (None: none kept).
    """
    return PipelineContext(
        sources=load_sources() if sources is None else sources,
        settings=dict(settings or {}),
        now=now or datetime.now(UTC),
        store=store,
        tokens=tokens,
    )


def source_for_url(url: str, sources: Mapping[str, Source]) -> str:
    """The registry id whose domains and article patterns fit ``url`` best, else ``manual``."""
    host = urlparse(url).hostname or ""
    by_host = [s for s in sources.values() if host in s.domains]
    for src in by_host:
        if src.is_article_url(url):
            return src.id
    return by_host[0].id if by_host else MANUAL_SOURCE


class Processor:
    """All stages built once; ``process`` turns one page into an Article."""

    def __init__(self, context: PipelineContext, stages: Sequence[type] = STAGE_CLASSES) -> None:
        self.context = context
        self.stages: list[Stage] = [cls(context) for cls in stages]

    def process(
        self,
        url: str,
        body: bytes | str,
        *,
        source: str | None = None,
        content_type: str | None = None,
        fetched_at: str | None = None,
    ) -> Article:
        """Decode and process one page.

        Raises:
            RejectArticle: the page holds nothing to store (empty, binary, not decodable).
        """
        source_id = source or source_for_url(url, self.context.sources)
        fmt = sniff_format(body, content_type, url) if isinstance(body, bytes) else None
        if isinstance(body, bytes) and fmt is not None:
            if fmt not in READABLE:
                raise RejectArticle(
                    "unsupported-format", f"{url}: a {fmt} document (only PDF and .docx are read)"
                )
            article = Article(
                url=url,
                source=source_id,
                content_type=READABLE[fmt],
                fetched_at=fetched_at or self.context.now.isoformat(timespec="seconds"),
                handoff=Handoff(document=body, document_format=fmt),
            )
            return self._run(article)
        if isinstance(body, bytes):
            max_bytes = int(self.context.setting("CLEAN_MAX_HTML_BYTES"))
            page = decode_html(body, charset_of(content_type), max_bytes=max_bytes)
            if page.error:
                raise RejectArticle(page.error_kind or "not-text", f"{url}: {page.error}")
            html, handoff = page.text, Handoff(encoding=page.encoding, truncated=page.truncated)
        else:
            html, handoff = body, Handoff(encoding="unicode")
        article = Article(
            url=url,
            source=source_id,
            html=html,
            fetched_at=fetched_at or self.context.now.isoformat(timespec="seconds"),
            handoff=handoff,
        )
        return self._run(article)

    def _run(self, article: Article) -> Article:
        for stage in self.stages:
            article = run_stage(stage, article)
        return article
