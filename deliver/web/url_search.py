"""The search a page's URL states (``q``, a list parameter per facet, ``since``, ``until``),
for pages that work on a search without listing it: trends, the brief, profiles.

Bad input does not fail the page: the search as typed comes back with an error message
that the page shows, as the search page does.
"""

from __future__ import annotations

from fastapi import HTTPException, Request

from stiwatch.deliver.web.params import (
    LIST_PARAMS,
    MAX_FILTER_VALUES,
    MAX_QUERY_CHARS,
    SearchParams,
    make_params,
)


def search_from_url(request: Request) -> tuple[SearchParams, str | None]:
    """The URL's search and, when some input is bad, the message saying which."""
    qp = request.query_params
    filters: dict[str, list[str] | None] = {name: qp.getlist(name) for name in LIST_PARAMS}
    try:
        params = make_params(qp.get("q") or "", filters, qp.get("since"), qp.get("until"), "relevance", 20, 0)
        return params, None
    except HTTPException as exc:
        typed = SearchParams(
            q=(qp.get("q") or "")[:MAX_QUERY_CHARS],
            filters={name: tuple(values or ())[:MAX_FILTER_VALUES] for name, values in filters.items()},
            since=(qp.get("since") or "")[:40],
            until=(qp.get("until") or "")[:40],
        )
        return typed, str(exc.detail)


def int_param(request: Request, name: str, default: int, low: int, high: int) -> int:
    """An integer URL parameter kept within ``[low, high]`` (bad text gives the default)."""
    try:
        value = int(request.query_params.get(name) or default)
    except ValueError:
        return default
    return max(low, min(high, value))
