"""What every processing stage shares: its context, its protocol and its Scrapy adapter.

A stage is a plain callable ``stage(article) -> article`` built from a
``PipelineContext``; it is usable without Scrapy (``stiwatch extract``, tests,
benchmarks). ``StagePipeline`` wraps a stage as a Scrapy item pipeline that counts
outcomes in the crawl stats and never loses an article to a failing enrichment.

In a crawl, every stage is built through ``from_crawler`` from the one context of that
crawl: the runner (``stiwatch.operate.crawl``) builds it once and attaches it to the
crawler; a plain ``scrapy crawl`` builds it with the factory that the
``STIWATCH_CONTEXT_FACTORY`` setting names. The live record store travels in the
context, never in the Scrapy settings.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, ClassVar, Protocol

from scrapy.exceptions import DropItem
from scrapy.utils.misc import load_object

from stiwatch.core.article import Article
from stiwatch.core.store import RecordStore
from stiwatch.core.tokencache import TokenCache
from stiwatch.crawler import settings as project_settings
from stiwatch.crawler.registry import Source
from stiwatch.crawler.stats import count_error

logger = logging.getLogger(__name__)


# Every project setting's default, by its Scrapy name (derived from the configuration's
# one table of defaults by stiwatch.crawler.settings).
SETTING_DEFAULTS: dict[str, Any] = {
    k: getattr(project_settings, k) for k in dir(project_settings) if k.isupper()
}


@dataclass
class PipelineContext:
    """Everything a stage may read: the registry, the project settings, the clock, the store,
    the analysis cache."""

    sources: Mapping[str, Source] = field(default_factory=dict)
    # Project settings by their Scrapy names (CLEAN_*, TRANSLATE_*, ...): plain values only.
    settings: Mapping[str, Any] = field(default_factory=dict)
    # Crawl time: dates after it are rejected; tests pin it.
    now: datetime = field(default_factory=lambda: datetime.now(UTC))
    # Where stored articles are read (dedupe) and new ones written (store); None: nowhere.
    store: RecordStore | None = None
    # The data directory's analysis cache: the text that story linking segments is kept
    # for the store stage's indexing (stiwatch.core.tokencache); None: nothing kept.
    tokens: TokenCache | None = None

    def source(self, source_id: str) -> Source | None:
        return self.sources.get(source_id)

    def setting(self, name: str, default: Any = None) -> Any:
        """A setting; unset, its project default (then ``default``)."""
        if name in self.settings:
            return self.settings[name]
        return SETTING_DEFAULTS.get(name, default)


class Stage(Protocol):
    """A processing step over one article."""

    name: ClassVar[str]

    def __call__(self, article: Article) -> Article: ...


class StageError(Exception):
    """An enrichment failed for one article; recorded on it, the article goes on."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind


class RejectArticle(Exception):
    """Content that must not be stored (empty page, not an article); counted by reason."""

    def __init__(self, reason: str, message: str = "") -> None:
        super().__init__(message or reason)
        self.reason = reason


def run_stage(stage: Stage, article: Article) -> Article:
    """Run one stage; record a failed enrichment on the article instead of raising.

    Raises:
        RejectArticle: passed through: the page must not be stored.
    """
    try:
        return stage(article)
    except RejectArticle:
        raise
    except StageError as exc:
        article.add_error(stage.name, exc.kind, str(exc))
    except Exception as exc:
        logger.exception("stage %(stage)s crashed on %(url)s", {"stage": stage.name, "url": article.url})
        article.add_error(stage.name, "crash", f"{type(exc).__name__}: {exc}")
    return article


def context_for_crawler(crawler: Any) -> PipelineContext:
    """The one context all stages of a crawl share (built once, kept on the crawler).

    A runner attaches it first (:func:`attach_context`); otherwise the factory named by
    the ``STIWATCH_CONTEXT_FACTORY`` setting builds it from the crawler.
    """
    context = getattr(crawler, "stiwatch_context", None)
    if context is None:
        factory = load_object(crawler.settings.get("STIWATCH_CONTEXT_FACTORY"))
        context = factory(crawler)
        attach_context(crawler, context)
    if not isinstance(context, PipelineContext):
        raise TypeError("crawler.stiwatch_context is not a PipelineContext")
    return context


def attach_context(crawler: Any, context: PipelineContext) -> None:
    """Give a crawler the context its stages will share (live objects stay out of settings)."""
    crawler.stiwatch_context = context


class StagePipeline:
    """Scrapy adapter: ``process_item`` runs the stage and counts the outcome.

    Subclasses set ``stage_class``. Unexpected exceptions from an enrichment stage
    are recorded on the article (kind ``crash``) so the article is still stored;
    ``RejectArticle`` becomes a counted ``DropItem``.
    """

    stage_class: ClassVar[type]

    def __init__(self, stage: Stage, stats: Any = None) -> None:
        self.stage = stage
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Any) -> StagePipeline:
        return cls(cls.stage_class(context_for_crawler(crawler)), crawler.stats)

    def _inc(self, key: str) -> None:
        if self.stats is not None:
            self.stats.inc_value(f"stiwatch/stage/{self.stage.name}/{key}")

    def _error(self, kind: str, source: str) -> None:
        self._inc(f"error/{kind}")
        count_error(self.stats, source, kind)

    def process_item(self, item: Article) -> Article:
        try:
            out = self.stage(item)
        except RejectArticle as exc:
            # The article never reaches the store: count it here so it is not lost silently.
            self._error(exc.reason, item.source)
            item.add_error(self.stage.name, exc.reason, str(exc))
            raise DropItem(f"{self.stage.name}: {exc.reason}: {item.url}") from None
        except StageError as exc:
            # Counted per source by the store stage, from item.errors.
            item.add_error(self.stage.name, exc.kind, str(exc))
            self._inc(f"error/{exc.kind}")
            return item
        except Exception as exc:
            logger.exception(
                "stage %(stage)s crashed on %(url)s", {"stage": self.stage.name, "url": item.url}
            )
            item.add_error(self.stage.name, "crash", f"{type(exc).__name__}: {exc}")
            self._inc("error/crash")
            return item
        self._inc("ok")
        return out
