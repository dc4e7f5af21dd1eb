"""Several crawl workers writing to one embedded backend (one machine only).

The embedded backend's tantivy index takes one writer at a time, held until the backend
closes. Distributed crawling is meant for Elasticsearch, which takes writes from many
processes; for workers on one machine with the embedded backend (and for the tests),
this wrapper makes each batch a short exclusive write: take ``<data dir>/write.lock``,
open the backend, upsert, commit, close. Reads go straight to the SQLite store,
which serves any number of readers.
"""

from __future__ import annotations

import fcntl
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

from stiwatch.search.aggregation import Aggregated
from stiwatch.search.backend import SearchQuery, SearchResult
from stiwatch.search.embedded import EmbeddedBackend
from stiwatch.search.embedded.store import ArticleStore

LOCK_FILE = "write.lock"


class SerializedEmbeddedBackend:
    """A SearchBackend over an embedded data directory shared by several processes."""

    name = "embedded"

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = Path(data_dir)
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self._pending: dict[str, dict[str, Any]] = {}
        # The first open may build the index: do it under the lock, once.
        with self._exclusive():
            EmbeddedBackend(self.data_dir).close()
        self._store = ArticleStore(self.data_dir)

    @contextmanager
    def _exclusive(self) -> Iterator[None]:
        with (self.data_dir / LOCK_FILE).open("a") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def upsert(self, records: Iterable[dict[str, Any]]) -> int:
        batch = list(records)
        for record in batch:
            self._pending[record["id"]] = record
        return len(batch)

    # Upserts wait in this process until commit() writes them.
    durable_upserts = False

    def commit(self) -> None:
        if not self._pending:
            return
        records, self._pending = list(self._pending.values()), {}
        with self._exclusive():
            backend = EmbeddedBackend(self.data_dir)
            try:
                backend.upsert(records)
                backend.commit()
            finally:
                backend.close()

    def get(self, article_id: str) -> dict[str, Any] | None:
        return self._pending.get(article_id) or self._store.get(article_id)

    def get_many(self, article_ids: Iterable[str]) -> list[dict[str, Any]]:
        return self._store.get_many(article_ids)

    def count(self) -> int:
        return self._store.count()

    def iter_records(self) -> Iterator[dict[str, Any]]:
        return self._store.iter_records()

    def search(self, query: SearchQuery) -> SearchResult:
        backend = EmbeddedBackend(self.data_dir, read_only=True)
        try:
            return backend.search(query)
        finally:
            backend.close()

    def aggregate(self, query: SearchQuery, aggregations: dict[str, Any]) -> Aggregated:
        backend = EmbeddedBackend(self.data_dir, read_only=True)
        try:
            return backend.aggregate(query, aggregations)
        finally:
            backend.close()

    def fetched_since(self, since: datetime) -> list[dict[str, Any]]:
        backend = EmbeddedBackend(self.data_dir, read_only=True)
        try:
            return backend.fetched_since(since)
        finally:
            backend.close()

    def delete(self, article_ids: Iterable[str]) -> int:
        with self._exclusive():
            backend = EmbeddedBackend(self.data_dir)
            try:
                n = backend.delete(article_ids)
                backend.commit()
                return n
            finally:
                backend.close()

    def reindex(self) -> int:
        with self._exclusive():
            backend = EmbeddedBackend(self.data_dir)
            try:
                return backend.reindex()
            finally:
                backend.close()

    def close(self) -> None:
        self.commit()
        self._store.close()
