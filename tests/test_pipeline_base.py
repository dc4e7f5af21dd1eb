"""The stage adapter: failures are recorded and counted, articles are never lost silently."""

from __future__ import annotations

from typing import ClassVar

import pytest
from scrapy.exceptions import DropItem
from scrapy.settings import Settings
from scrapy.statscollectors import MemoryStatsCollector

from stiwatch.core.article import Article
from stiwatch.crawler import settings
from stiwatch.crawler.stats import summarize
from stiwatch.pipelines.base import PipelineContext, RejectArticle, StageError, StagePipeline, run_stage
from stiwatch.pipelines.process import STAGE_CLASSES


class _Crawler:
    def __init__(self) -> None:
        self.settings = Settings()
        self.stats = MemoryStatsCollector(self)  # type: ignore[arg-type]


class _Boom:
    name: ClassVar[str] = "boom"

    def __init__(self, context: PipelineContext) -> None:
        self.mode = context.setting("MODE")

    def __call__(self, article: Article) -> Article:
        if self.mode == "error":
            raise StageError("date-missing", "no date on the page")
        if self.mode == "reject":
            raise RejectArticle("empty", "nothing extracted")
        if self.mode == "crash":
            raise KeyError("bug")
        article.title = "ok"
        return article


def _pipeline(mode: str) -> StagePipeline:
    crawler = _Crawler()
    return StagePipeline(_Boom(PipelineContext(settings={"MODE": mode})), crawler.stats)


def test_error_is_recorded_and_item_goes_on() -> None:
    pipe = _pipeline("error")
    item = pipe.process_item(Article(url="https://x.example/a", source="s"))
    assert item.errors == [{"stage": "boom", "kind": "date-missing", "message": "no date on the page"}]


def test_crash_is_recorded_not_raised() -> None:
    pipe = _pipeline("crash")
    item = pipe.process_item(Article(url="https://x.example/a", source="s"))
    assert item.errors[0]["kind"] == "crash"
    assert "KeyError" in item.errors[0]["message"]


def test_reject_is_dropped_and_counted_per_source() -> None:
    pipe = _pipeline("reject")
    with pytest.raises(DropItem):
        pipe.process_item(Article(url="https://x.example/a", source="s"))
    summary = summarize(pipe.stats.get_stats(), ["s"])
    assert summary["sources"]["s"]["errors"] == {"empty": 1}
    assert summary["totals"]["errors"] == {"empty": 1}


def test_run_stage_records_and_passes_rejects() -> None:
    article = Article(url="https://x.example/a", source="s")
    run_stage(_Boom(PipelineContext(settings={"MODE": "crash"})), article)
    assert article.errors[0]["stage"] == "boom"
    with pytest.raises(RejectArticle):
        run_stage(_Boom(PipelineContext(settings={"MODE": "reject"})), article)


def test_scrapy_pipeline_order_matches_the_processor() -> None:
    ordered = sorted(settings.ITEM_PIPELINES, key=settings.ITEM_PIPELINES.__getitem__)
    stage_modules = [cls.__module__ for cls in STAGE_CLASSES]
    assert [p.rsplit(".", 1)[0] for p in ordered[: len(stage_modules)]] == stage_modules
    assert ordered[-1] == "stiwatch.pipelines.store.StorePipeline"


def test_article_ids_are_stable_and_canonical() -> None:
    a = Article(url="https://Example.org/a?b=2&a=1#frag", source="s")
    b = Article(url="https://example.org/a?a=1&b=2", source="s")
    assert a.id == b.id
    assert len(a.id) == 16
    record = a.to_record()
    assert "html" not in record and "meta" not in record
    assert Article.from_record(record).to_record() == record
