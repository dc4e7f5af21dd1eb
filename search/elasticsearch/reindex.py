"""Reindex with no downtime: build the next index version, then swap the aliases.

1. Create ``<base>-v<N+1>`` from the (possibly new) template.
2. Move the write alias to it: from now on crawls write into the new index.
3. Copy every record (from the current index, or from the records given, e.g. the
   embedded store) with ``create``: a record written by a crawl during the copy
   is newer than the copy and is kept (the copy gets 409 and is skipped).
4. Refresh, then move the read alias in one ``_aliases`` call; searches switch
   from the complete old index to the complete new one.
5. Delete the old index.

A failure before step 4 moves the write alias back and drops the new index:
the old index stays in service, untouched except for writes made meanwhile,
which land in the new index and are lost with it — so the copy is aborted
loudly and the user runs the reindex again.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from itertools import islice
from typing import Any, Protocol

from elasticsearch import Elasticsearch

from stiwatch.core.store import BackendUnavailable
from stiwatch.search.elasticsearch import bulk, indices
from stiwatch.search.elasticsearch.client import REQUEST_ERRORS, ElasticsearchSettings, describe_error
from stiwatch.search.elasticsearch.documents import make_document
from stiwatch.search.elasticsearch.mappings import IndexNames
from stiwatch.search.elasticsearch.scan import iter_index

logger = logging.getLogger(__name__)

BATCH = 500
CONFLICT = 409
# What aborts a copy (and rolls the aliases back).
_ABORTS: tuple[type[BaseException], ...] = (*REQUEST_ERRORS, BackendUnavailable)


class Target(Protocol):
    """What a reindex works on: the backend's client, index names and settings."""

    client: Elasticsearch
    names: IndexNames
    settings: ElasticsearchSettings
    retry_backoff: float

    def known_tokens(self, records: list[dict[str, Any]]) -> dict[str, str] | None: ...


def _batches(records: Iterable[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    iterator = iter(records)
    while batch := list(islice(iterator, size)):
        yield batch


def _copy(backend: Target, new: str, records: Iterable[dict[str, Any]]) -> int:
    copied = 0
    for batch in _batches(records, BATCH):
        known = backend.known_tokens(batch)
        # Built as the writer draws them: the next request's documents while the
        # cluster indexes the last.
        actions = (
            bulk.Action("create", new, str(r["id"]), make_document(r, known)) for r in batch if r.get("id")
        )
        outcome = bulk.write(
            backend.client, actions, retries=backend.settings.retries, backoff=backend.retry_backoff
        )
        errors = {p: e for p, e in outcome.failed.items() if e[0] != CONFLICT}
        if errors:
            status, reason = next(iter(errors.values()))
            raise BackendUnavailable(
                f"Elasticsearch at {backend.settings.display_url} refused {len(errors)} articles "
                f"while reindexing into {new}: HTTP {status}: {reason}"
            )
        copied += len(outcome.succeeded) + len(outcome.failed)
    return copied


def rebuild(backend: Target, records: Iterable[dict[str, Any]] | None) -> int:
    """Steps 1-5 above; returns how many records were copied."""
    client, names = backend.client, backend.names
    try:
        indices.ensure_template(client, names)
        old = indices.alias_targets(client, names.read_alias)
        new = indices.next_index(client, names)
        indices.create_index(client, new)
        indices.move_aliases(client, names, new, read=False)
    except REQUEST_ERRORS as exc:
        raise BackendUnavailable(describe_error(backend.settings, exc, "starting a reindex")) from None
    logger.info("reindexing into %(new)s (was %(old)s)", {"new": new, "old": ", ".join(old) or "-"})
    try:
        source = (
            records
            if records is not None
            else (r for index in old for r in iter_index(client, backend.settings, index))
        )
        copied = _copy(backend, new, source)
        client.indices.refresh(index=new)
        indices.move_aliases(client, names, new, read=True)
    except _ABORTS as exc:
        _roll_back(backend, old, new)
        if isinstance(exc, BackendUnavailable):
            raise
        raise BackendUnavailable(describe_error(backend.settings, exc, f"reindexing into {new}")) from None
    for index in old:
        if index != new:
            try:
                client.indices.delete(index=index)
            except REQUEST_ERRORS as exc:
                logger.warning(
                    "reindexed, but the old index %(index)s could not be deleted: %(error)s",
                    {"index": index, "error": describe_error(backend.settings, exc)},
                )
    return copied


def _roll_back(backend: Target, old: list[str], new: str) -> None:
    """Writes back to the old index, the half-built new one dropped (best effort)."""
    client, names = backend.client, backend.names
    try:
        if old:
            indices.move_aliases(client, names, old[-1], read=False)
        client.indices.delete(index=new)
    except REQUEST_ERRORS as exc:
        logger.error(
            "could not roll back the failed reindex (aliases may point at %(new)s): %(error)s",
            {"new": new, "error": describe_error(backend.settings, exc)},
        )
