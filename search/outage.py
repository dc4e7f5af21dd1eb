"""A remote search backend that may be down, for the processes that must go on without it.

Crawls, ``stiwatch add``, the web server and its scheduler keep working through an
Elasticsearch outage: they hold an :class:`OutageTolerantBackend`, which opens the real
backend lazily and, once a request failed, answers every call at once with
:class:`BackendUnavailable` (no network wait) until ``retry_seconds`` have passed; then
the next call tries the cluster again. Callers decide what a failure means (the crawl's
dedupe stage treats the stored version as unknown, the store stage spools, a search
page answers 503).

Every failure and every recovery is shared with the other processes of the data
directory through ``stiwatch.core.outage`` ("backend down since …").
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar

from stiwatch.core.outage import OutageRecord
from stiwatch.search.backend import (
    Aggregated,
    BackendUnavailable,
    SearchBackend,
    SearchQuery,
    SearchResult,
    UpsertFailed,
)

logger = logging.getLogger(__name__)

T = TypeVar("T")


class OutageTolerantBackend:
    """A SearchBackend over ``opener()``'s backend that survives it being down.

    Args:
        name: the backend's name (``elasticsearch``).
        opener: connects and returns the real backend; raises BackendUnavailable when down.
        data_dir: where the outage is recorded for the other processes.
        retry_seconds: after a failure, calls fail at once for this long.
        clock: monotonic seconds (tests pin it).
    """

    def __init__(
        self,
        name: str,
        opener: Callable[[], SearchBackend],
        data_dir: Path,
        *,
        retry_seconds: float = 30.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.name = name
        self._opener = opener
        self._record = OutageRecord(data_dir)
        self._retry = max(0.0, retry_seconds)
        self._clock = clock
        self._lock = threading.RLock()
        self._backend: SearchBackend | None = None
        self._failed_at: float | None = None
        self.last_error = ""
        # The first success clears an outage another process recorded.
        self._clear_record = True
        # Connect now so that "down" is known (and recorded) before the first call.
        with contextlib.suppress(BackendUnavailable):
            self._inner()

    @property
    def down(self) -> bool:
        """The last attempt failed (and no later one succeeded)."""
        return self._failed_at is not None

    # -- plumbing -----------------------------------------------------------------------

    def _inner(self) -> SearchBackend:
        with self._lock:
            if self._failed_at is not None and self._clock() - self._failed_at < self._retry:
                raise BackendUnavailable(self.last_error)
            if self._backend is None:
                try:
                    self._backend = self._opener()
                except BackendUnavailable as exc:
                    self._failed(exc)
                    raise
                self._succeeded()
            return self._backend

    def _failed(self, exc: BaseException) -> None:
        with self._lock:
            self.last_error = str(exc)
            self._failed_at = self._clock()
            self._clear_record = True
        self._record.down(self.name, str(exc))

    def _succeeded(self) -> None:
        with self._lock:
            if self._failed_at is None and not self._clear_record:
                return
            self._failed_at = None
            self._clear_record = False
        self._record.up()

    def _call(self, func: Callable[[SearchBackend], T]) -> T:
        backend = self._inner()
        try:
            result = func(backend)
        except UpsertFailed as exc:
            # Records refused one by one say nothing about the cluster being down.
            if exc.unreachable:
                self._failed(exc)
            else:
                self._succeeded()
            raise
        except BackendUnavailable as exc:
            self._failed(exc)
            raise
        self._succeeded()
        return result

    # -- the SearchBackend protocol -----------------------------------------------------

    def upsert(self, records: Iterable[dict[str, Any]]) -> int:
        batch = list(records)
        return self._call(lambda b: b.upsert(batch))

    def get(self, article_id: str) -> dict[str, Any] | None:
        return self._call(lambda b: b.get(article_id))

    def get_many(self, article_ids: Iterable[str]) -> list[dict[str, Any]]:
        ids = list(article_ids)
        return self._call(lambda b: b.get_many(ids))

    def search(self, query: SearchQuery) -> SearchResult:
        return self._call(lambda b: b.search(query))

    def aggregate(self, query: SearchQuery, aggregations: dict[str, Any]) -> Aggregated:
        return self._call(lambda b: b.aggregate(query, aggregations))

    def fetched_since(self, since: datetime) -> list[dict[str, Any]]:
        return self._call(lambda b: b.fetched_since(since))

    def count(self) -> int:
        return self._call(lambda b: b.count())

    def iter_records(self) -> Iterator[dict[str, Any]]:
        backend = self._inner()  # fails now, not at the first next(), when known down
        return self._iterate(backend)

    def _iterate(self, backend: SearchBackend) -> Iterator[dict[str, Any]]:
        try:
            yield from backend.iter_records()
        except BackendUnavailable as exc:
            self._failed(exc)
            raise
        self._succeeded()

    def delete(self, article_ids: Iterable[str]) -> int:
        ids = list(article_ids)
        return self._call(lambda b: b.delete(ids))

    def reindex(self) -> int:
        return self._call(lambda b: b.reindex())

    def commit(self) -> None:
        self._call(lambda b: b.commit())

    @property
    def durable_upserts(self) -> bool:
        """The backend's, once it has been reached (until then, commit every batch)."""
        backend = self._backend
        return bool(backend is not None and backend.durable_upserts)

    def story_versions(self, story_id: str) -> list[str]:
        """The ids of a story's articles (the web's "other versions")."""

        def versions(backend: SearchBackend) -> list[str]:
            finder = getattr(backend, "story_versions", None)
            return list(finder(story_id)) if finder is not None else []

        return self._call(versions)

    def close(self) -> None:
        """Close the real backend; an outage at this point loses nothing (writes were
        acknowledged or spooled), so it is logged, not raised."""
        with self._lock:
            backend, self._backend = self._backend, None
        if backend is None:
            return
        try:
            backend.close()
        except BackendUnavailable as exc:
            logger.warning("closing the search backend: %(error)s", {"error": exc})

    def __enter__(self) -> OutageTolerantBackend:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
