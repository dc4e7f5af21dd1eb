"""Where article records are kept, as the stages see it: a narrow protocol and its errors.

The dedupe stage reads stored records, the store stage writes them and translation jobs
do both; they depend on this protocol, never on a search backend. Every backend of the
search layer (``stiwatch.search.backend.SearchBackend``) satisfies it structurally, so
the runner hands a stage whichever backend the configuration selects.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any, Protocol


class BackendUnavailable(RuntimeError):
    """The backend cannot be reached or used; the message says where and why."""


class UpsertFailed(BackendUnavailable):
    """Some records of an upsert were not written (the others were).

    ``failed`` holds the refused records, for the caller to spool; ``written`` counts
    the ones that were stored. A backend that writes nothing raises this with every
    record in ``failed`` or a plain :class:`BackendUnavailable`. ``unreachable`` says the
    request failed as a whole (the backend is down), rather than the backend refusing
    these records.
    """

    def __init__(
        self, message: str, failed: list[dict[str, Any]], written: int = 0, *, unreachable: bool = False
    ) -> None:
        super().__init__(message)
        self.failed = failed
        self.written = written
        self.unreachable = unreachable


class RecordStore(Protocol):
    """Records by id (``Article.to_record()`` dicts): what the pipeline stages need."""

    @property
    def durable_upserts(self) -> bool:
        """True when an acknowledged upsert is already durable and becomes searchable on
        its own within moments (Elasticsearch: the translog, the index's refresh
        interval), so commit() only makes writes visible at once and a writer of many
        batches commits once at the end. False when commit() is what makes writes
        durable (the embedded store)."""
        ...

    def get(self, article_id: str) -> dict[str, Any] | None: ...

    def get_many(self, article_ids: Iterable[str]) -> list[dict[str, Any]]: ...

    def iter_records(self) -> Iterator[dict[str, Any]]:
        """Every stored record."""
        ...

    def upsert(self, records: Iterable[dict[str, Any]]) -> int:
        """Insert or replace records by id; returns how many were written."""
        ...

    def commit(self) -> None:
        """Make writes durable and visible."""
        ...
