"""Attention over time: a search's articles per period, split by the values of one facet.

``trends(backend, query, "country", "month")`` counts, for every month the search spans,
the matching articles and, among them, those of each of the facet's top values (the values
with the most matching articles overall). Empty periods are kept, so a chart's time axis
is continuous. Both backends answer through the same aggregation requests
(stiwatch.search.aggregation), so their trends are identical (the conformance suite
checks it). The country × theme matrix is here too: the same counts, crossed.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from stiwatch.core.facets import BY_NAME, Facet
from stiwatch.search.aggregation import DAY_FIELD, counts, day_histogram, stats, terms
from stiwatch.search.backend import SearchBackend, SearchQuery
from stiwatch.search.periods import INTERVALS, Interval, Period, from_day_number, period_of, periods_between

DEFAULT_TOP = 10
MAX_TOP = 50
# A chart of more periods than this is unreadable (and a daily chart of a decade costs a
# lot): the latest ones are kept and the articles before them counted as ``earlier``.
MAX_PERIODS = 1000
# Facets a trend can be split by: every declared facet.
TREND_FACETS: tuple[str, ...] = tuple(BY_NAME)


class TrendError(ValueError):
    """A trend that cannot be computed (bad facet, interval or top); the message says why."""


@dataclass
class TrendBucket:
    """One period: its matching articles and, of those, the count of each top value."""

    period: Period
    total: int
    by: dict[str, int]

    def to_json(self) -> dict[str, Any]:
        return {
            "key": self.period.key,
            "start": self.period.first.isoformat(),
            "end": self.period.last.isoformat(),
            "total": self.total,
            "by": self.by,
        }


@dataclass
class Trends:
    """A search's articles over time, split by ``facet``.

    ``total`` counts every matching article, ``undated`` those without a publication day
    (in no period) and ``earlier`` the dated ones before the first period shown (when the
    span had more than ``MAX_PERIODS`` periods). ``top`` holds the facet's values shown,
    with their counts over the whole search, most frequent first.
    """

    facet: str
    interval: str
    total: int = 0
    undated: int = 0
    earlier: int = 0
    top: list[tuple[str, int]] = field(default_factory=list)
    buckets: list[TrendBucket] = field(default_factory=list)

    @property
    def values(self) -> list[str]:
        return [value for value, _ in self.top]

    def to_json(self) -> dict[str, Any]:
        return {
            "facet": self.facet,
            "interval": self.interval,
            "total": self.total,
            "undated": self.undated,
            "earlier": self.earlier,
            "top": [{"key": value, "count": n} for value, n in self.top],
            "buckets": [b.to_json() for b in self.buckets],
        }


def trend_facet(name: str) -> Facet:
    facet = BY_NAME.get(name)
    if facet is None:
        raise TrendError(f"bad facet {name!r}: use {', '.join(TREND_FACETS)}")
    return facet


def check_interval(interval: str) -> Interval:
    if interval not in INTERVALS:
        raise TrendError(f"bad interval {interval!r}: use {', '.join(INTERVALS)}")
    return interval  # type: ignore[return-value]


def trends(
    backend: SearchBackend,
    query: SearchQuery,
    facet: str,
    interval: str = "month",
    *,
    top: int = DEFAULT_TOP,
    max_periods: int = MAX_PERIODS,
) -> Trends:
    """The search's articles per period, with the counts of the facet's ``top`` values.

    Raises:
        TrendError: an unknown facet or interval, or ``top`` outside 1..MAX_TOP.
    """
    declared = trend_facet(facet)
    step = check_interval(interval)
    if not 1 <= top <= MAX_TOP:
        raise TrendError(f"bad top {top}: between 1 and {MAX_TOP}")
    query = replace(query, limit=0, offset=0, facets=(), collapse=False, highlight=False)
    first = backend.aggregate(query, {"values": terms(declared.field), "days": stats(DAY_FIELD)})
    span = first.aggregations["days"]
    out = Trends(facet=declared.name, interval=step, total=first.total, undated=first.total - span["count"])
    out.top = list(counts(first.aggregations["values"]).items())[:top]
    if span["count"] == 0 and not (query.since and query.until):
        return out
    start = query.since or from_day_number(span["min"])
    end = query.until or from_day_number(span["max"])
    # The first and last periods are cut to the search's own dates, so that each bucket's
    # days are exactly the days its articles can have.
    periods = [
        Period(p.key, max(p.first, start), min(p.last, end)) for p in periods_between(start, end, step)
    ][-max_periods:]
    if not periods:
        return out
    # Days (or months) that have articles, for all of them and under each top value, then
    # rolled up into the periods: a histogram under a few values costs tantivy far less than
    # a values breakdown under thousands of days, or a range per period.
    histogram = day_histogram(100 if step == "month" else 1)
    request: dict[str, Any] = {"days": histogram}
    if out.values:
        request["values"] = terms(declared.field, include=out.values, days=histogram)
    # Only the days shown are counted (a day trend over years keeps its latest periods).
    shown = replace(query, since=periods[0].first, until=periods[-1].last)
    second = backend.aggregate(shown, request).aggregations
    index = {p.key: n for n, p in enumerate(periods)}
    slot: dict[int, int | None] = {}  # day number -> period index (None: before the periods)

    def period_index(number: int) -> int | None:
        if number not in slot:
            day = from_day_number(number + 1 if step == "month" else number)
            slot[number] = index.get(period_of(day, step).key)
        return slot[number]

    totals = [0] * len(periods)
    for bucket in second["days"]["buckets"]:
        n = period_index(int(bucket["key"]))
        if n is not None:  # else before the periods shown: counted as earlier
            totals[n] += bucket["doc_count"]
    by: list[dict[str, int]] = [dict.fromkeys(out.values, 0) for _ in periods]
    for value_bucket in second.get("values", {}).get("buckets", []):
        value = str(value_bucket["key"])
        for bucket in value_bucket["days"]["buckets"]:
            n = period_index(int(bucket["key"]))
            if n is not None:
                by[n][value] += bucket["doc_count"]
    out.buckets = [TrendBucket(p, totals[n], by[n]) for n, p in enumerate(periods)]
    out.earlier = span["count"] - sum(b.total for b in out.buckets)  # dated, before the first period
    return out


@dataclass
class Matrix:
    """Articles by two facets at once: ``cells[(row, column)]`` counts those with both."""

    rows_facet: str
    columns_facet: str
    rows: list[tuple[str, int]] = field(default_factory=list)
    columns: list[tuple[str, int]] = field(default_factory=list)
    cells: dict[tuple[str, str], int] = field(default_factory=dict)

    @property
    def peak(self) -> int:
        return max(self.cells.values(), default=0)

    def to_json(self) -> dict[str, Any]:
        return {
            "rows": {"facet": self.rows_facet, "values": [{"key": k, "count": n} for k, n in self.rows]},
            "columns": {
                "facet": self.columns_facet,
                "values": [{"key": k, "count": n} for k, n in self.columns],
            },
            "cells": [{"row": r, "column": c, "count": n} for (r, c), n in self.cells.items()],
        }


def matrix(
    backend: SearchBackend,
    query: SearchQuery,
    rows: str = "country",
    columns: str = "theme",
    *,
    top_rows: int = 15,
    top_columns: int = 20,
) -> Matrix:
    """The top values of ``rows`` × those of ``columns``, counted over the search."""
    row_facet, column_facet = trend_facet(rows), trend_facet(columns)
    query = replace(query, limit=0, offset=0, facets=(), collapse=False, highlight=False)
    found = backend.aggregate(
        query,
        {
            "rows": terms(row_facet.field, cells=terms(column_facet.field)),
            "columns": terms(column_facet.field),
        },
    )
    aggs = found.aggregations
    out = Matrix(row_facet.name, column_facet.name)
    out.rows = list(counts(aggs["rows"]).items())[:top_rows]
    out.columns = list(counts(aggs["columns"]).items())[:top_columns]
    shown_rows, shown_columns = dict(out.rows), dict(out.columns)
    for bucket in aggs["rows"]["buckets"]:
        row = str(bucket["key"])
        if row in shown_rows:
            for column, n in counts(bucket["cells"]).items():
                if column in shown_columns:
                    out.cells[(row, column)] = n
    return out
