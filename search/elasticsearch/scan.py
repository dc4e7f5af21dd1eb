"""Every record stored in an index or alias, page by page (``search_after`` on the id)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

from elasticsearch import Elasticsearch

from stiwatch.core.store import BackendUnavailable
from stiwatch.search.elasticsearch.client import REQUEST_ERRORS, ElasticsearchSettings, describe_error

PAGE = 500


def iter_index(
    client: Elasticsearch, settings: ElasticsearchSettings, index: str
) -> Iterator[dict[str, Any]]:
    """Every record stored in ``index`` (an index or alias), in id order.

    Raises:
        BackendUnavailable: a request failed; the message says where and why.
    """
    return _pages(client, settings, index, {"match_all": {}}, [{"id": "asc"}])


def _seen(value: Any) -> datetime | None:
    try:
        parsed = datetime.fromisoformat(str(value)) if value else None
    except ValueError:
        return None
    return parsed if parsed is None or parsed.tzinfo else parsed.replace(tzinfo=UTC)


def iter_fetched_since(
    client: Elasticsearch, settings: ElasticsearchSettings, index: str, since: datetime
) -> Iterator[dict[str, Any]]:
    """Records fetched at or after ``since`` or without a readable ``fetched_at``, newest
    published first (undated last, ties by id), as a date-sorted search orders them.

    The index keeps ``fetched_at`` to the millisecond: a second of slack, then the exact
    comparison on the record's own value.
    """
    floor = (since.astimezone(UTC) - timedelta(seconds=1)).isoformat()
    query = {
        "bool": {
            "should": [
                {"range": {"fetched_at": {"gte": floor}}},
                {"bool": {"must_not": {"exists": {"field": "fetched_at"}}}},
            ],
            "minimum_should_match": 1,
        }
    }
    sort: list[dict[str, Any]] = [{"published": {"order": "desc", "missing": "_last"}}, {"id": "asc"}]
    for record in _pages(client, settings, index, query, sort):
        seen = _seen(record.get("fetched_at"))
        if seen is None or seen >= since:
            yield record


def _pages(
    client: Elasticsearch,
    settings: ElasticsearchSettings,
    index: str,
    query: dict[str, Any],
    sort: list[dict[str, Any]],
) -> Iterator[dict[str, Any]]:
    after: list[Any] | None = None
    while True:
        kwargs: dict[str, Any] = {
            "index": index,
            "query": query,
            "sort": sort,
            "size": PAGE,
            "source": ["record"],
        }
        if after is not None:
            kwargs["search_after"] = after
        try:
            response = client.search(**kwargs)
        except REQUEST_ERRORS as exc:
            raise BackendUnavailable(describe_error(settings, exc, "reading articles")) from None
        page = response["hits"]["hits"]
        for hit in page:
            record = hit.get("_source", {}).get("record")
            if isinstance(record, dict):
                yield record
        if len(page) < PAGE:
            return
        after = page[-1]["sort"]
