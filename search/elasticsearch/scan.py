"""Every record stored in an index or alias, page by page (``search_after`` on the id)."""

from __future__ import annotations

from collections.abc import Iterator
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
    after: list[Any] | None = None
    while True:
        kwargs: dict[str, Any] = {
            "index": index,
            "query": {"match_all": {}},
            "sort": [{"id": "asc"}],
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
