"""Build a SearchQuery from user input (CLI flags, HTTP parameters) with clear errors."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from stiwatch.core.facets import FACETS
from stiwatch.search.backend import SearchQuery

# Each facet by the SearchQuery attribute that filters on it.
_BY_QUERY = {f.query: f for f in FACETS}


class QueryError(ValueError):
    """User input that cannot make a query; the message says which input and why."""


def parse_day(value: str | None, name: str) -> date | None:
    """``YYYY-MM-DD`` or None."""
    if value in (None, ""):
        return None
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise QueryError(f"bad date {value!r} for {name}: use YYYY-MM-DD") from None


def _ids(values: Sequence[str] | None, case: str | None) -> tuple[str, ...]:
    out: list[str] = []
    for value in values or ():
        for part in str(value).split(","):
            part = part.strip()
            if part:
                out.append(part.upper() if case == "upper" else part.lower() if case == "lower" else part)
    return tuple(dict.fromkeys(out))


def build_query(
    text: str | None = None,
    *,
    since: str | None = None,
    until: str | None = None,
    sort: str = "relevance",
    limit: int = 20,
    offset: int = 0,
    facets: Sequence[str] | None = None,
    expand: bool = True,
    collapse: bool = False,
    mentions: bool = False,
    **filters: Sequence[str] | None,
) -> SearchQuery:
    """A validated query; comma-separated values are accepted in every list.

    Args:
        mentions: country, agency and theme filters (and counts) also take what articles
            only mention, not just what they are about.
        filters: facet values by the facet's ``SearchQuery`` attribute (``countries=``,
            ``languages=``, ... as declared in stiwatch.core.facets), normalised as declared.

    Raises:
        QueryError: a bad date, sort, limit or facet name.
        TypeError: a filter no facet declares.
    """
    unknown = sorted(set(filters) - set(_BY_QUERY))
    if unknown:
        raise TypeError(f"build_query: no facet filters on {', '.join(unknown)}")
    if sort not in ("relevance", "date"):
        raise QueryError(f"bad sort {sort!r}: use relevance or date")
    try:
        kwargs: dict[str, Any] = {"facets": tuple(facets)} if facets else {}
        for name, facet in _BY_QUERY.items():
            kwargs[name] = _ids(filters.get(name), facet.case)
        return SearchQuery(
            text=(text or "").strip(),
            since=parse_day(since, "since"),
            until=parse_day(until, "until"),
            sort=sort,  # type: ignore[arg-type]
            limit=int(limit),
            offset=int(offset),
            expand=bool(expand),
            collapse=bool(collapse),
            mentions=bool(mentions),
            **kwargs,
        )
    except QueryError:
        raise
    except ValueError as exc:
        raise QueryError(str(exc)) from None
