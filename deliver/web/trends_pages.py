"""The trends page: the current search over time, split by a facet, and the country × theme matrix.

``/trends?<search>&facet=country&interval=month&top=8&chart=line|stacked``. Both charts
are SVG drawn on the server (:mod:`stiwatch.deliver.charts`), each with its data table
beside it; every period in the table links to the search over that period.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse
from markupsafe import Markup

from stiwatch.deliver.trend_views import Labels, matrix_svg, trend_rows, trend_svg
from stiwatch.deliver.web.i18n import Translator, ui_lang
from stiwatch.deliver.web.login import require_page_access
from stiwatch.deliver.web.render import render, with_ui
from stiwatch.deliver.web.url_search import int_param, search_from_url
from stiwatch.search.backend import SearchBackend
from stiwatch.search.periods import INTERVALS
from stiwatch.search.trends import MAX_TOP, TREND_FACETS, Trends, matrix, trends

router = APIRouter(include_in_schema=False, dependencies=[Depends(require_page_access)])

# The facets the page offers to split by (the six; forums stay in the API).
PAGE_FACETS = tuple(f for f in TREND_FACETS if f != "forum")
DEFAULT_TOP = 8


def _backend(request: Request) -> SearchBackend:
    backend: SearchBackend = request.app.state.backend
    return backend


def _choice(request: Request, name: str, allowed: tuple[str, ...], default: str) -> str:
    value = request.query_params.get(name) or default
    return value if value in allowed else default


@router.get("/trends", response_class=HTMLResponse)
def trends_page(request: Request) -> HTMLResponse:
    """The search's articles per period by facet value, and the country × theme heatmap."""
    params, error = search_from_url(request)
    tr = Translator(ui_lang(request))
    facet = _choice(request, "facet", PAGE_FACETS, "country")
    interval = _choice(request, "interval", INTERVALS, "month")
    stacked = request.query_params.get("chart") == "stacked"
    top = int_param(request, "top", DEFAULT_TOP, 1, MAX_TOP)
    state = params.state()
    context: dict[str, Any] = {"error": error, "params": params, "facet": facet, "interval": interval}
    if error is None:
        query = params.to_query(())
        backend = _backend(request)
        found = trends(backend, query, facet, interval, top=top)
        crossed = matrix(backend, query)
        title = tr.t(
            "trends.chart_title", facet=tr.t(f"facet.{facet}"), interval=tr.t(f"interval.{interval}")
        )
        context.update(
            trends=found,
            chart=Markup(
                trend_svg(
                    found,
                    tr.facet_label,
                    Labels(title, tr.t("trends.all")),
                    chart_id="trend",
                    stacked=stacked,
                )
            ),
            chart_title=title,
            headers=[tr.facet_label(facet, v) for v in found.values],
            rows=_rows(request, state, found),
            matrix=crossed,
            matrix_chart=Markup(matrix_svg(crossed, tr.facet_label, Labels(tr.t("trends.matrix_title")))),
            matrix_columns=[(v, tr.facet_label("theme", v)) for v, _ in crossed.columns],
            matrix_rows=[(v, tr.facet_label("country", v)) for v, _ in crossed.rows],
        )
    return render(
        request,
        "trends.html",
        status=422 if error else 200,
        **context,
        top=top,
        stacked=stacked,
        facets=[(f, tr.t(f"facet.{f}")) for f in PAGE_FACETS],
        intervals=[(i, tr.t(f"interval.{i}")) for i in INTERVALS],
        hidden=[(k, v) for k, vs in state.items() for v in (vs if isinstance(vs, list) else [vs])],
        search_url=with_ui(request, "/", **state),
        csv_url=with_ui(
            request, "/api/trends", **state, facet=facet, interval=interval, top=top, format="csv"
        ),
        json_url=with_ui(request, "/api/trends", **state, facet=facet, interval=interval, top=top),
        brief_url=with_ui(request, "/brief", **state),
    )


def _rows(request: Request, state: dict[str, Any], found: Trends) -> list[dict[str, Any]]:
    """The data table: each period with its counts and a link to its articles."""
    out = []
    for row, bucket in zip(trend_rows(found), found.buckets, strict=True):
        # The period's articles, newest first (the search's own sort, if any, gives way).
        period = {
            **state,
            "since": bucket.period.first.isoformat(),
            "until": bucket.period.last.isoformat(),
            "sort": "date",
        }
        out.append({"key": row[0], "cells": row[3:], "href": with_ui(request, "/", **period)})
    return out
