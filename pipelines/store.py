"""Store stage: writes articles to the crawl's record store in batches, never losing one.

The store is the search backend the runner put in the crawl's context
(``PipelineContext.store``; the stage knows it only as a ``RecordStore``). What it
refuses, what could not be written because it is down, and every article the dedupe
stage could not compare with it (``handoff.store_checked`` false) go to the spool
(``stiwatch.pipelines.spool``, ``<data dir>/spool/``). The spool is replayed when the
crawl opens and again when it closes, so a crawl that outlives an outage sends what it
spooled itself; the crawl summary's ``spooled`` counts what is still waiting at the end.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from scrapy.exceptions import NotConfigured

from stiwatch.core.article import Article
from stiwatch.core.config import DEFAULTS
from stiwatch.core.store import RecordStore
from stiwatch.crawler.stats import count, count_error
from stiwatch.pipelines.base import context_for_crawler
from stiwatch.pipelines.spool import ReplayResult, Spool, SpoolEntry, commit_quietly, write_or_spool

logger = logging.getLogger(__name__)

BATCH_SIZE = DEFAULTS["crawl"]["store_batch"]
# Error kinds that say something about this installation rather than about the source.
DEPLOYMENT_KINDS = frozenset({"model-missing"})


class StorePipeline:
    """Scrapy pipeline: batches records into the backend; spools what cannot be written."""

    def __init__(
        self,
        backend: RecordStore,
        spool: Spool,
        stats: Any = None,
        *,
        batch_size: int = BATCH_SIZE,
        relink: bool = True,
    ) -> None:
        self.backend = backend
        self.spool = spool
        self.stats = stats
        self.batch_size = max(1, batch_size)
        # Spooled records whose story links were made without the store get them remade.
        self.relink = relink
        self._batch: list[Article] = []
        # Ids this crawl spooled and whether the dedupe stage checked them against the store.
        self._spooled: dict[str, bool] = {}

    @classmethod
    def from_crawler(cls, crawler: Any) -> StorePipeline:
        """The crawl context's store, spooling into ``STIWATCH_DATA_DIR``/spool.

        Raises:
            NotConfigured: the context holds no store (nothing to write to).
        """
        context = context_for_crawler(crawler)
        if context.store is None:
            raise NotConfigured("no record store in the crawl's context: articles are not stored")
        data_dir = Path(context.setting("STIWATCH_DATA_DIR") or DEFAULTS["data"]["dir"])
        return cls(
            context.store,
            Spool.of(data_dir),
            crawler.stats,
            batch_size=int(context.setting("STORE_BATCH_SIZE") or BATCH_SIZE),
            relink=bool(context.setting("STORIES_ENABLED", True)),
        )

    def open_spider(self) -> None:
        self._replay("before the crawl")

    def process_item(self, item: Article) -> Article:
        status = item.handoff.status or "new"
        if item.handoff.store_checked:
            count(self.stats, item.source, status)
        for error in item.errors:
            # A missing translation model is the deployment's state, not the source's
            # health: the article keeps the error, `stiwatch translate --pending` fixes it.
            if error["kind"] not in DEPLOYMENT_KINDS:
                count_error(self.stats, item.source, error["kind"])
        if status != "unchanged" or not item.handoff.store_checked:
            self._batch.append(item)
            if len(self._batch) >= self.batch_size:
                self.flush()
        return item

    def flush(self) -> None:
        if not self._batch:
            return
        batch, self._batch = self._batch, []
        entries = [
            SpoolEntry(a.to_record(), a.handoff.store_checked, self.relink and not a.handoff.store_checked)
            for a in batch
        ]
        # A store whose upserts are durable is committed once, when the crawl ends.
        outcome = write_or_spool(self.backend, self.spool, entries, commit=not self.backend.durable_upserts)
        if outcome.error:
            logger.error(
                "the search backend did not take %(n)d of %(total)d articles, spooled: %(error)s",
                {"n": len(outcome.spooled), "total": len(entries), "error": outcome.error},
            )
        elif outcome.spooled:
            # The store was down when they were compared with it: expected, said once by the CLI.
            logger.info("%(n)d articles spooled for reconciliation", {"n": len(outcome.spooled)})
        for entry in outcome.spooled:
            self._spooled[str(entry.record["id"])] = entry.checked
            count(self.stats, str(entry.record.get("source") or "unknown"), "spooled")

    def close_spider(self) -> None:
        self.flush()
        # Batches written to a store whose upserts are durable were not committed one by
        # one: make the crawl's articles searchable now.
        if self.backend.durable_upserts:
            commit_quietly(self.backend)
        if self._spooled:
            self._replay("after the crawl")

    def _replay(self, when: str) -> None:
        """Send what waits in the spool, if the backend takes it now."""
        try:
            result = self.spool.replay(self.backend)
        except Exception as exc:  # noqa: BLE001 - the backend may still be down: it stays spooled
            logger.info("spooled articles not sent %(when)s: %(error)s", {"when": when, "error": exc})
            return
        if result.replayed:
            logger.info("%(what)s %(when)s", {"what": result.describe(), "when": when})
            self._count_replayed(result)

    def _count_replayed(self, result: ReplayResult) -> None:
        """This crawl's spooled articles now stored are no longer ``spooled``; those the
        dedupe stage could not check get the status the replay found."""
        if self.stats is None:
            return
        self.stats.inc_value("stiwatch/spool/replayed", len(result.replayed))
        for replayed in result.replayed:
            checked = self._spooled.pop(replayed.id, None)
            if checked is None:
                continue  # spooled by an earlier run
            count(self.stats, replayed.source, "spooled", -1)
            if not checked:
                status = "unchanged" if replayed.outcome == "superseded" else replayed.outcome
                count(self.stats, replayed.source, status)
