"""Trends and the country × theme matrix as people see them: charts, tables and CSV.

Shared by the trends page, the API's CSV, ``stiwatch trends`` and the brief, so that a
chart and its data table always show the same numbers. ``name(facet, value)`` gives a
value's display name (from the taxonomy, in the reader's language).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass

from stiwatch.deliver.charts import Series, heatmap, line_chart
from stiwatch.search.trends import Matrix, Trends

Namer = Callable[[str, str], str]


@dataclass(frozen=True)
class Labels:
    """The words a chart needs, in the reader's language."""

    title: str
    total: str = "All articles"
    period: str = "Period"


def trend_svg(trends: Trends, name: Namer, labels: Labels, *, chart_id: str, stacked: bool = False) -> str:
    """The trend as a line (or stacked area) chart, one series per top value."""
    categories = [b.period.key for b in trends.buckets]
    series = [Series(name(trends.facet, v), [b.by.get(v, 0) for b in trends.buckets]) for v in trends.values]
    shown = ", ".join(s.label for s in series) or "none"
    peak = max(trends.buckets, key=lambda b: b.total, default=None)
    description = (
        f"{len(categories)} periods ({trends.interval}) from {categories[0] if categories else '-'} "
        f"to {categories[-1] if categories else '-'}; {trends.total} articles; series: {shown}"
        + (f"; busiest period {peak.period.key} with {peak.total} articles" if peak and peak.total else "")
        + ". The data table next to the chart holds every value."
    )
    return line_chart(
        categories,
        series,
        title=labels.title,
        description=description,
        chart_id=chart_id,
        stacked=stacked,
        totals=None if stacked else [b.total for b in trends.buckets],
        total_label=labels.total,
    )


def trend_rows(trends: Trends) -> list[list[str | int]]:
    """One row per period: key, first day, last day, total, then each top value's count."""
    rows: list[list[str | int]] = []
    for b in trends.buckets:
        row: list[str | int] = [b.period.key, b.period.first.isoformat(), b.period.last.isoformat(), b.total]
        row.extend(b.by.get(v, 0) for v in trends.values)
        rows.append(row)
    return rows


def trends_csv(trends: Trends, name: Namer | None = None) -> str:
    """The trend as CSV: ``period, start, end, total`` then one column per top value."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    headers = [name(trends.facet, v) if name else v for v in trends.values]
    writer.writerow(["period", "start", "end", "total", *headers])
    writer.writerows(trend_rows(trends))
    return buffer.getvalue()


def matrix_svg(found: Matrix, name: Namer, labels: Labels, *, chart_id: str = "matrix") -> str:
    rows = [(v, name(found.rows_facet, v)) for v, _ in found.rows]
    columns = [(v, name(found.columns_facet, v)) for v, _ in found.columns]
    description = (
        f"Articles counted by {found.rows_facet} (rows, {len(rows)}) and {found.columns_facet} "
        f"(columns, {len(columns)}); the largest cell holds {found.peak}. "
        "The data table next to the chart holds every value."
    )
    return heatmap(rows, columns, found.cells, title=labels.title, description=description, chart_id=chart_id)
