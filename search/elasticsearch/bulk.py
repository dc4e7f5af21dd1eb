"""Bulk writes with per-item outcomes and bounded retries.

Elasticsearch answers a bulk request item by item: some documents may be stored
while others are rejected (mapping errors) or pushed back (429 when the cluster
is busy, 5xx while a shard recovers). Pushed-back items are sent again with a
backoff; what still fails is returned to the caller, who spools it. A request
that fails as a whole (cluster down) is retried by the client's transport and
then raised.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, cast

from elasticsearch import Elasticsearch

logger = logging.getLogger(__name__)

# Item statuses worth sending again: the cluster was busy or a shard unavailable.
RETRY_STATUSES = frozenset({429, 502, 503, 504})
# Bytes per bulk request: Elasticsearch's default http.max_content_length is 100 MB;
# a few MB per request keeps memory flat and retries cheap.
MAX_REQUEST_BYTES = 5_000_000
MAX_REQUEST_ITEMS = 500


@dataclass
class BulkOutcome:
    """What happened to each action of a bulk write, by position in the input."""

    succeeded: list[int] = field(default_factory=list)
    # position -> (status, "type: reason")
    failed: dict[int, tuple[int, str]] = field(default_factory=dict)
    results: dict[int, str] = field(default_factory=dict)  # position -> created/updated/deleted/...


@dataclass(frozen=True)
class Action:
    """One bulk action: the metadata line and an optional source line."""

    op: str  # index | create | delete
    index: str
    doc_id: str
    source: dict[str, Any] | None = None

    def lines(self) -> list[dict[str, Any]]:
        head = {self.op: {"_index": self.index, "_id": self.doc_id}}
        return [head] if self.source is None else [head, self.source]


def _chunks(actions: Sequence[Action], sizes: Sequence[int]) -> list[list[int]]:
    """Positions grouped into requests of bounded item count and byte size."""
    chunks: list[list[int]] = []
    current: list[int] = []
    current_bytes = 0
    for position, size in enumerate(sizes):
        if current and (len(current) >= MAX_REQUEST_ITEMS or current_bytes + size > MAX_REQUEST_BYTES):
            chunks.append(current)
            current, current_bytes = [], 0
        current.append(position)
        current_bytes += size
    if current:
        chunks.append(current)
    return chunks


def _reason(error: Any) -> str:
    if isinstance(error, dict):
        cause = error.get("caused_by")
        text = f"{error.get('type', 'error')}: {error.get('reason', '')}"
        if isinstance(cause, dict):
            text += f" ({cause.get('type', '')}: {cause.get('reason', '')})"
        return text[:500]
    return str(error)[:500]


def write(
    client: Elasticsearch,
    actions: Sequence[Action],
    *,
    retries: int = 3,
    backoff: float = 0.5,
    sleep: Callable[[float], None] = time.sleep,
    refresh: bool = False,
) -> BulkOutcome:
    """Send ``actions``; items pushed back are retried up to ``retries`` times in all.

    Raises:
        elastic_transport.TransportError / elasticsearch.ApiError: a request failed
            as a whole (after the transport's own retries).
    """
    outcome = BulkOutcome()
    # Each line serialised once, by the client's own JSON serializer (the one its NDJSON
    # serializer applies to each line): the bytes size the requests and are sent as they
    # are (a document was serialised twice before, once only to be measured).
    dumps = client.transport.serializers.get_serializer("application/json").dumps
    encoded = [[dumps(line) for line in a.lines()] for a in actions]
    sizes = [sum(len(line) + 1 for line in lines) for lines in encoded]
    pending = list(range(len(actions)))
    attempt = 0
    while pending:
        attempt += 1
        retry: list[int] = []
        for chunk in _chunks([actions[p] for p in pending], [sizes[p] for p in pending]):
            positions = [pending[i] for i in chunk]
            operations: list[bytes] = []
            for position in positions:
                operations.extend(encoded[position])
            # The NDJSON serializer passes lines that are bytes through; the stubs only
            # know mappings.
            response = client.bulk(operations=cast(Sequence[Mapping[str, Any]], operations), refresh=refresh)
            for position, item in zip(positions, response["items"], strict=True):
                (result,) = item.values()
                status = int(result.get("status", 500))
                if status < 300 or (actions[position].op == "delete" and status == 404):
                    outcome.succeeded.append(position)
                    outcome.results[position] = str(result.get("result", ""))
                elif status in RETRY_STATUSES and attempt < retries:
                    retry.append(position)
                else:
                    outcome.failed[position] = (status, _reason(result.get("error")))
        if retry:
            delay = backoff * 2 ** (attempt - 1)
            logger.warning(
                "Elasticsearch pushed back %(n)d bulk items; retrying in %(delay).1f s",
                {"n": len(retry), "delay": delay},
            )
            sleep(delay)
        pending = retry
    outcome.succeeded.sort()
    return outcome
