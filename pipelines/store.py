"""Store stage: writes articles to the crawl's record store in batches, never losing one.

The store is the search backend the runner put in the crawl's context
(``PipelineContext.store``; the stage knows it only as a ``RecordStore``). When it
refuses a batch, the records go to an on-disk spool
(``<data dir>/spool/*.jsonl``) that the next run (or ``stiwatch index --replay-spool``)
sends again; the crawl summary counts them as ``spooled``.
"""

from __future__ import annotations

import json
import logging
import os
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from scrapy.exceptions import NotConfigured

from stiwatch.core.article import Article
from stiwatch.core.config import DEFAULTS
from stiwatch.core.store import RecordStore, UpsertFailed
from stiwatch.crawler.stats import count, count_error
from stiwatch.pipelines.base import context_for_crawler

logger = logging.getLogger(__name__)

BATCH_SIZE = 100
# Error kinds that say something about this installation rather than about the source.
DEPLOYMENT_KINDS = frozenset({"model-missing"})


class Spool:
    """Append-only JSON Lines files of records waiting for the backend."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory

    def add(self, records: Iterable[dict[str, Any]]) -> int:
        self.directory.mkdir(parents=True, exist_ok=True)
        path = self.directory / f"spool-{os.getpid()}-{time.time_ns()}.jsonl"
        n = 0
        with path.open("w", encoding="utf-8") as fh:
            for record in records:
                fh.write(json.dumps(record, ensure_ascii=False) + "\n")
                n += 1
            fh.flush()
            os.fsync(fh.fileno())
        return n

    def pending(self) -> int:
        return sum(1 for p in self.files() for _ in p.open(encoding="utf-8"))

    def files(self) -> list[Path]:
        return sorted(self.directory.glob("spool-*.jsonl")) if self.directory.exists() else []

    def replay(self, backend: RecordStore) -> int:
        """Send every spooled record; a file is removed only after its upsert succeeded.

        When the backend refuses only some records of a file, the file is rewritten
        with just those and :class:`UpsertFailed` is raised after the other files.
        """
        sent = 0
        refused: list[dict[str, Any]] = []
        for path in self.files():
            records = [json.loads(line) for line in path.open(encoding="utf-8") if line.strip()]
            try:
                sent += backend.upsert(records)
            except UpsertFailed as exc:
                backend.commit()
                self._rewrite(path, exc.failed)
                sent += exc.written
                refused.extend(exc.failed)
                continue
            backend.commit()
            path.unlink()
        if refused:
            raise UpsertFailed(
                f"sent {sent} spooled articles; {len(refused)} still refused and kept in the spool",
                refused,
                sent,
            )
        return sent

    def _rewrite(self, path: Path, records: list[dict[str, Any]]) -> None:
        """Replace ``path`` with ``records`` atomically (write a sibling, then rename)."""
        tmp = path.with_suffix(".tmp")
        with tmp.open("w", encoding="utf-8") as fh:
            for record in records:
                fh.write(json.dumps(record, ensure_ascii=False) + "\n")
            fh.flush()
            os.fsync(fh.fileno())
        tmp.replace(path)


class StorePipeline:
    """Scrapy pipeline: batches records into the backend; spools what it refuses."""

    def __init__(self, backend: RecordStore, spool: Spool, stats: Any = None) -> None:
        self.backend = backend
        self.spool = spool
        self.stats = stats
        self._batch: list[Article] = []

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
        return cls(context.store, Spool(data_dir / "spool"), crawler.stats)

    def open_spider(self) -> None:
        try:
            sent = self.spool.replay(self.backend)
        except Exception as exc:  # noqa: BLE001 - the backend may still be down
            logger.warning("spooled articles not sent yet: %(error)s", {"error": exc})
            return
        if sent:
            logger.info("sent %(n)d spooled articles", {"n": sent})
            if self.stats is not None:
                self.stats.set_value("stiwatch/spool/replayed", sent)

    def process_item(self, item: Article) -> Article:
        status = item.handoff.status or "new"
        count(self.stats, item.source, status)
        for error in item.errors:
            # A missing translation model is the deployment's state, not the source's
            # health: the article keeps the error, `stiwatch translate --pending` fixes it.
            if error["kind"] not in DEPLOYMENT_KINDS:
                count_error(self.stats, item.source, error["kind"])
        if status != "unchanged":
            self._batch.append(item)
            if len(self._batch) >= BATCH_SIZE:
                self.flush()
        return item

    def flush(self) -> None:
        if not self._batch:
            return
        batch, self._batch = self._batch, []
        records = [a.to_record() for a in batch]
        try:
            self.backend.upsert(records)
            self.backend.commit()
        except UpsertFailed as exc:
            # Only the refused records are spooled: the rest are stored already.
            logger.error(
                "backend refused %(n)d of %(total)d articles, spooling them: %(error)s",
                {"n": len(exc.failed), "total": len(records), "error": exc},
            )
            self._commit_quietly()
            self.spool.add(exc.failed)
            for record in exc.failed:
                count(self.stats, record.get("source") or "unknown", "spooled")
        except Exception as exc:  # noqa: BLE001 - never lose an article to a storage error
            logger.error(
                "backend refused %(n)d articles, spooling them: %(error)s",
                {"n": len(records), "error": exc},
            )
            self.spool.add(records)
            for article in batch:
                count(self.stats, article.source, "spooled")

    def _commit_quietly(self) -> None:
        try:
            self.backend.commit()
        except Exception as exc:  # noqa: BLE001 - the written part shows up at the next commit
            logger.warning("commit after a partial write failed: %(error)s", {"error": exc})

    def close_spider(self) -> None:
        self.flush()
