"""Build a SearchQuery from user input (CLI flags, HTTP parameters) with clear errors."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from search.backend import SearchQuery


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


def _ids(values: Sequence[str] | None, upper: bool) -> tuple[str, ...]:
    out: list[str] = []
    for value in values or ():
        for part in str(value).split(","):
            part = part.strip()
            if part:
                out.append(part.upper() if upper else part)
    return tuple(dict.fromkeys(out))


def build_query(
    text: str | None = None,
    *,
    countries: Sequence[str] | None = None,
    agencies: Sequence[str] | None = None,
    themes: Sequence[str] | None = None,
    languages: Sequence[str] | None = None,
    sources: Sequence[str] | None = None,
    cooperation: Sequence[str] | None = None,
    forums: Sequence[str] | None = None,
    since: str | None = None,
    until: str | None = None,
    sort: str = "relevance",
    limit: int = 20,
    offset: int = 0,
    facets: Sequence[str] | None = None,
    expand: bool = True,
    collapse: bool = False,
) -> SearchQuery:
    """A validated query; comma-separated values are accepted in every list.

    Raises:
        QueryError: a bad date, sort, limit or facet name.
    """
    if sort not in ("relevance", "date"):
        raise QueryError(f"bad sort {sort!r}: use relevance or date")
    try:
        kwargs = {"facets": tuple(facets)} if facets else {}
        return SearchQuery(
            text=(text or "").strip(),
            countries=_ids(countries, upper=True),
            agencies=_ids(agencies, upper=True),
            themes=_ids(themes, upper=False),
            languages=tuple(lang.lower() for lang in _ids(languages, upper=False)),
            sources=_ids(sources, upper=False),
            cooperation=_ids(cooperation, upper=False),
            forums=_ids(forums, upper=True),
            since=parse_day(since, "since"),
            until=parse_day(until, "until"),
            sort=sort,  # type: ignore[arg-type]
            limit=int(limit),
            offset=int(offset),
            expand=bool(expand),
            collapse=bool(collapse),
            **kwargs,  # type: ignore[arg-type]
        )
    except QueryError:
        raise
    except ValueError as exc:
        raise QueryError(str(exc)) from None
