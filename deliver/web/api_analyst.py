"""The analysts' API: trends, the country × theme matrix, what is rising, the brief's data.

Each takes the search parameters of ``GET /api/search`` and answers what the matching
page shows, as JSON (trends also as CSV). Reads are public unless ``web.public_reads`` is
false, like every other read.
"""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import JSONResponse, Response

from stiwatch.deliver.trend_views import trends_csv
from stiwatch.deliver.web.auth import require_read_access
from stiwatch.deliver.web.params import SearchParams, search_params
from stiwatch.deliver.web.rising_view import settings_of, today_local
from stiwatch.search.backend import SearchBackend
from stiwatch.search.query import QueryError, parse_day
from stiwatch.search.rising import rising
from stiwatch.search.trends import DEFAULT_TOP, MAX_TOP, TrendError, matrix, trends

router = APIRouter(prefix="/api", tags=["analysis"], dependencies=[Depends(require_read_access)])


def backend_of(request: Request) -> SearchBackend:
    backend: SearchBackend = request.app.state.backend
    return backend


@router.get("/trends", response_model=None)
def api_trends(
    request: Request,
    params: Annotated[SearchParams, Depends(search_params)],
    facet: Annotated[
        str, Query(description="country, agency, theme, language, source, cooperation or forum")
    ] = "country",
    interval: Annotated[str, Query(description="day, week (ISO, Monday first) or month")] = "month",
    top: Annotated[int, Query(ge=1, le=MAX_TOP, description="how many of the facet's values")] = DEFAULT_TOP,
    format: Annotated[Literal["json", "csv"], Query(description="json or csv")] = "json",
) -> Response:
    """The search's articles per period (on the day each carries), split by the facet's top values.

    JSON: ``{"facet", "interval", "total", "undated", "earlier", "top": [{"key", "count"}],
    "buckets": [{"key", "start", "end", "total", "by": {value: count}}]}``; empty periods
    are included, ``undated`` articles are in no bucket.
    """
    try:
        found = trends(backend_of(request), params.to_query(()), facet, interval, top=top)
    except TrendError as exc:
        raise HTTPException(status_code=422, detail=str(exc)) from None
    if format == "csv":
        return Response(
            trends_csv(found),
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="stiwatch-trends-{facet}-{interval}.csv"'},
        )
    return JSONResponse(found.to_json())


@router.get("/matrix")
def api_matrix(
    request: Request,
    params: Annotated[SearchParams, Depends(search_params)],
    rows: Annotated[str, Query(description="the facet of the rows")] = "country",
    columns: Annotated[str, Query(description="the facet of the columns")] = "theme",
) -> JSONResponse:
    """Articles counted by two facets at once (the trends page's heatmap)."""
    try:
        found = matrix(backend_of(request), params.to_query(()), rows, columns)
    except TrendError as exc:
        raise HTTPException(status_code=422, detail=str(exc)) from None
    return JSONResponse(found.to_json())


@router.get("/rising")
def api_rising(
    request: Request,
    params: Annotated[SearchParams, Depends(search_params)],
    as_of: Annotated[
        str | None, Query(description="last day of the week, YYYY-MM-DD (default today, +07:00)")
    ] = None,
) -> JSONResponse:
    """Themes, countries and agencies rising in the seven days ending ``as_of``, within the search.

    Each item: ``facet``, ``key``, ``current`` (this week), ``baseline`` (the eight weeks
    before, newest first), ``expected``, ``ratio``, ``p_value`` and ``q_value``; the test and
    its settings are in ``test``. The search's own ``since``/``until`` are replaced by the
    nine weeks.
    """
    try:
        day = parse_day(as_of, "as_of") or today_local()
    except QueryError as exc:
        raise HTTPException(status_code=422, detail=str(exc)) from None
    scope = params.to_query(())
    found = rising(backend_of(request), scope, day, settings_of(request))
    return JSONResponse(found.to_json())
