"""Bulk writes with per-item outcomes and bounded retries.

Elasticsearch answers a bulk request item by item: some documents may be stored
while others are rejected (mapping errors) or pushed back (429 when the cluster
is busy, 5xx while a shard recovers). Pushed-back items are sent again with a
backoff; what still fails is returned to the caller, who spools it. A request
that fails as a whole (cluster down) is retried by the client's transport and
then raised. Requests are pipelined one deep: the next is built while one is in
flight.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, cast

from elasticsearch import Elasticsearch

logger = logging.getLogger(__name__)

# Item statuses worth sending again: the cluster was busy or a shard unavailable.
RETRY_STATUSES = frozenset({429, 502, 503, 504})
# Bytes per bulk request: Elasticsearch's default http.max_content_length is 100 MB;
# a few MB per request keeps memory flat and retries cheap.
MAX_REQUEST_BYTES = 5_000_000
# Documents per request: about 2 MB of ours. A store batch of 500 makes five requests,
# so that four of them are built while the one before is indexed (with 500 a request,
# every document of a batch was built while the cluster waited; with 25, the cost per
# request outweighed the overlap: bench/README.md, "Elasticsearch backend").
MAX_REQUEST_ITEMS = 100


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
    actions: Iterable[Action],
    *,
    retries: int = 3,
    backoff: float = 0.5,
    sleep: Callable[[float], None] = time.sleep,
    refresh: bool = False,
) -> BulkOutcome:
    """Send ``actions``; items pushed back are retried up to ``retries`` times in all.

    ``actions`` is read lazily, and one request is in flight while the next is drawn
    from it: a caller that builds each document in a generator builds request n+1
    while the cluster indexes request n (a request waits on the socket with the GIL
    released). Requests go one at a time, in order, so memory stays at two requests.

    Raises:
        elastic_transport.TransportError / elasticsearch.ApiError: a request failed
            as a whole (after the transport's own retries).
    """
    outcome = BulkOutcome()
    # Each line serialised once, by the client's own JSON serializer (the one its NDJSON
    # serializer applies to each line): the bytes size the requests and are sent as they
    # are (a document was serialised twice before, once only to be measured).
    dumps = client.transport.serializers.get_serializer("application/json").dumps
    sent: list[Action] = []
    encoded: list[list[bytes]] = []

    def send(positions: list[int], attempt: int) -> list[int]:
        """One bulk request; the positions to retry."""
        operations: list[bytes] = []
        for position in positions:
            operations.extend(encoded[position])
        # The NDJSON serializer passes lines that are bytes through; the stubs only
        # know mappings.
        response = client.bulk(operations=cast(Sequence[Mapping[str, Any]], operations), refresh=refresh)
        retry: list[int] = []
        for position, item in zip(positions, response["items"], strict=True):
            (result,) = item.values()
            status = int(result.get("status", 500))
            if status < 300 or (sent[position].op == "delete" and status == 404):
                outcome.succeeded.append(position)
                outcome.results[position] = str(result.get("result", ""))
            elif status in RETRY_STATUSES and attempt < retries:
                retry.append(position)
            else:
                outcome.failed[position] = (status, _reason(result.get("error")))
        return retry

    retry: list[int] = []
    # The executor's exit waits for a request still in flight, also when drawing the
    # next action raised.
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="es-bulk") as sender:
        in_flight: Future[list[int]] | None = None
        for request in _bounded(_encoded(actions, dumps, sent, encoded)):
            if in_flight is not None:
                retry.extend(in_flight.result())
            in_flight = sender.submit(send, request, 1)
        if in_flight is not None:
            retry.extend(in_flight.result())
    attempt = 1
    while retry:
        delay = backoff * 2 ** (attempt - 1)
        logger.warning(
            "Elasticsearch pushed back %(n)d bulk items; retrying in %(delay).1f s",
            {"n": len(retry), "delay": delay},
        )
        sleep(delay)
        attempt += 1
        pending, retry = sorted(retry), []
        for request in _bounded((p, _size(encoded[p])) for p in pending):
            retry.extend(send(request, attempt))
    outcome.succeeded.sort()
    return outcome


def _size(lines: list[bytes]) -> int:
    return sum(len(line) + 1 for line in lines)


def _encoded(
    actions: Iterable[Action], dumps: Callable[[Any], bytes], sent: list[Action], encoded: list[list[bytes]]
) -> Iterator[tuple[int, int]]:
    """(position, bytes) of each action as it is read; ``sent`` and ``encoded`` grow with it."""
    for action in actions:
        lines = [dumps(line) for line in action.lines()]
        # Hand the GIL over: the request in flight needs it for each of its socket
        # reads, and would otherwise wait a switch interval (5 ms) for it each time.
        time.sleep(0)
        yield len(sent), _size(lines)
        sent.append(action)
        encoded.append(lines)


def _bounded(sized: Iterable[tuple[int, int]]) -> Iterator[list[int]]:
    """Positions grouped into requests of bounded item count and byte size, each
    yielded as soon as the next position would not fit."""
    current: list[int] = []
    current_bytes = 0
    for position, size in sized:
        if current and (len(current) >= MAX_REQUEST_ITEMS or current_bytes + size > MAX_REQUEST_BYTES):
            yield current
            current, current_bytes = [], 0
        current.append(position)
        current_bytes += size
    if current:
        yield current
