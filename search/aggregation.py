"""Counting over a search: the small aggregation language both backends answer the same.

Trends, "rising this week", the country × theme matrix and the country and agency pages
all count articles by facet value and by period. Both backends already speak
Elasticsearch's aggregation JSON (tantivy's ``searcher.aggregate`` takes it), so the
request is written once, here, with three kinds of aggregation:

- ``terms(field)``: one bucket per value of a facet field (or of ``published_day``);
- ``day_ranges(ranges)``: one bucket per period ``[first, last]`` of local days, on
  ``published_day`` (``YYYYMMDD`` numbers keep calendar order, so a period is a range);
- ``day_histogram(step)``: one bucket per day that has articles (``step`` 1) or per month
  (``step`` 100: ``YYYYMMDD`` floored to ``YYYYMM00``), keyed by that number — much faster
  than many ranges, and rolled up into weeks by the caller;
- ``stats(field)``: count, minimum and maximum of a numeric field.

Each may hold sub-aggregations. The engines' answers differ in small ways (tantivy adds
open-ended range buckets and returns numeric keys as floats; Elasticsearch adds error
bounds), so each backend passes its raw answer through :func:`normalise`, which returns
exactly one shape: what callers read and what the conformance suite compares.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from itertools import pairwise
from typing import Any

from stiwatch.search.records import day_number

# Index field of the local publication day (YYYYMMDD), in both backends.
DAY_FIELD = "published_day"
# Facet value lists are short; counting all of them lets callers order ties themselves.
ALL_VALUES = 10_000


@dataclass(frozen=True)
class Aggregated:
    """The matching article count and the normalised aggregation results."""

    total: int
    aggregations: dict[str, Any]


def terms(field: str, *, include: list[str] | None = None, **sub: dict[str, Any]) -> dict[str, Any]:
    """Buckets by value of ``field`` (every value, or only those in ``include``)."""
    # Every value is asked for even with ``include``: an engine that ignores ``include``
    # (the test stand-in does) must still return the wanted ones; normalise() drops the rest.
    body: dict[str, Any] = {"field": field, "size": ALL_VALUES}
    if include:
        body["include"] = list(include)
    agg: dict[str, Any] = {"terms": body}
    if sub:
        agg["aggs"] = dict(sub)
    return agg


def day_ranges(periods: list[tuple[str, date, date]], **sub: dict[str, Any]) -> dict[str, Any]:
    """Buckets by period: ``(key, first day, last day)``, both days inclusive."""
    ranges = [
        {"key": key, "from": day_number(first), "to": day_number(last) + 1} for key, first, last in periods
    ]
    agg: dict[str, Any] = {"range": {"field": DAY_FIELD, "ranges": ranges}}
    if sub:
        agg["aggs"] = dict(sub)
    return agg


def day_histogram(step: int, **sub: dict[str, Any]) -> dict[str, Any]:
    """Buckets of ``published_day`` per day (``step=1``) or per month (``step=100``), empty ones left out."""
    if step not in (1, 100):
        raise ValueError("a day histogram steps by 1 (days) or 100 (months)")
    agg: dict[str, Any] = {"histogram": {"field": DAY_FIELD, "interval": step, "min_doc_count": 1}}
    if sub:
        agg["aggs"] = dict(sub)
    return agg


def stats(field: str) -> dict[str, Any]:
    return {"stats": {"field": field}}


def _key(value: Any) -> str | int:
    # tantivy returns numeric keys as floats (20240101.0); keyword keys stay text.
    if isinstance(value, str | int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return str(value)


def _number(value: Any) -> int | None:
    return None if value is None else round(float(value))


def normalise(request: dict[str, Any], response: dict[str, Any]) -> dict[str, Any]:
    """The engine's answer to ``request`` in the one shape callers read.

    Terms buckets are ``{"key", "doc_count", <sub>}`` by count descending then key;
    histogram buckets are the non-empty ones by key; range buckets are the requested
    periods, in request order, with their key; stats are ``{"count", "min", "max"}`` with
    whole numbers (min and max None when count is 0). Trends read thousands of buckets,
    so this stays a plain loop.
    """
    out: dict[str, Any] = {}
    for name, spec in request.items():
        raw = response.get(name) or {}
        sub = spec.get("aggs") or {}
        if "histogram" in spec and not sub:
            # Trends read tens of thousands of these: keys are whole numbers, in key order.
            days = [
                {"key": int(b["key"]), "doc_count": int(b["doc_count"])}
                for b in raw.get("buckets", ())
                if b.get("doc_count")
            ]
            if any(a["key"] > b["key"] for a, b in pairwise(days)):
                days.sort(key=lambda b: int(b["key"]))
            out[name] = {"buckets": days}
        elif "terms" in spec or "histogram" in spec:
            include = spec["terms"].get("include") if "terms" in spec else None
            wanted = frozenset(include) if include is not None else None
            buckets = []
            for found in raw.get("buckets", ()):
                count = int(found.get("doc_count") or 0)
                key = _key(found.get("key"))
                if count <= 0 or (wanted is not None and str(key) not in wanted):
                    continue
                bucket: dict[str, Any] = {"key": key, "doc_count": count}
                if sub:
                    bucket.update(normalise(sub, found))
                buckets.append(bucket)
            if "terms" in spec:
                buckets.sort(key=lambda b: (-b["doc_count"], str(b["key"])))
            else:
                buckets.sort(key=lambda b: int(b["key"]))
            out[name] = {"buckets": buckets}
        elif "range" in spec:
            found_by_key = {str(b.get("key")): b for b in raw.get("buckets", [])}
            out[name] = {
                "buckets": [
                    _bucket(found_by_key.get(r["key"]) or {"key": r["key"]}, sub)
                    for r in spec["range"]["ranges"]
                ]
            }
        elif "stats" in spec:
            count = int(raw.get("count") or 0)
            out[name] = {
                "count": count,
                "min": _number(raw.get("min")) if count else None,
                "max": _number(raw.get("max")) if count else None,
            }
        else:
            raise ValueError(f"aggregation {name!r}: only terms, histogram, range and stats are supported")
    return out


def _bucket(raw: dict[str, Any], sub: dict[str, Any]) -> dict[str, Any]:
    bucket: dict[str, Any] = {"key": _key(raw.get("key")), "doc_count": int(raw.get("doc_count") or 0)}
    if sub:
        bucket.update(normalise(sub, raw))
    return bucket


def counts(result: dict[str, Any]) -> dict[str, int]:
    """A normalised terms result as ``{value: count}`` (values as text)."""
    return {str(b["key"]): int(b["doc_count"]) for b in result.get("buckets", [])}
