"""Build a SearchQuery from user input (CLI flags, HTTP parameters) with clear errors.

Every entry point builds its queries here, so input is checked the same way
everywhere: dates (a Buddhist-Era year such as ``2568-01-01`` is converted, with a
note), sort, paging, facet names and modes, and every filter value
(stiwatch.search.vocabulary: an unknown value is refused with the nearest valid ones).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from stiwatch.core.facets import ALL_OF_FACETS, FACETS, PARTNER
from stiwatch.search.backend import SearchQuery
from stiwatch.search.vocabulary import UnknownValue, check_filters

# Each facet by the SearchQuery attribute that filters on it.
_BY_QUERY = {f.query: f for f in FACETS}
# A year this large is a Buddhist-Era year (BE = CE + 543); no news is dated 2400 CE.
BE_YEARS_FROM = 2400
BE_OFFSET = 543
SORTS = ("relevance", "date")


class QueryError(ValueError):
    """User input that cannot make a query; the message says which input and why."""


def parse_day(value: str | None, name: str, notes: list[str] | None = None) -> date | None:
    """``YYYY-MM-DD`` or None; a Buddhist-Era year is converted and a note added to ``notes``."""
    if value in (None, ""):
        return None
    text = str(value).strip()
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise QueryError(f"bad date {value!r} for {name}: use YYYY-MM-DD") from None
    if day.year >= BE_YEARS_FROM:
        try:
            converted = day.replace(year=day.year - BE_OFFSET)
        except ValueError:  # 29 February of a year that is not leap in CE
            raise QueryError(
                f"bad date {value!r} for {name}: {day.year} is a Buddhist-Era year and "
                f"{day.year - BE_OFFSET}-02-29 does not exist; use a CE date (YYYY-MM-DD)"
            ) from None
        if notes is not None:
            notes.append(
                f"{name} {text}: {day.year} is a Buddhist-Era year; searching with "
                f"{converted.isoformat()} (CE)"
            )
        return converted
    return day


def _ids(values: Sequence[str] | None, case: str | None) -> tuple[str, ...]:
    out: list[str] = []
    for value in values or ():
        for part in str(value).split(","):
            part = part.strip()
            if part:
                out.append(part.upper() if case == "upper" else part.lower() if case == "lower" else part)
    return tuple(dict.fromkeys(out))


def default_sort(text: str | None) -> str:
    """Relevance for a text query, newest first without one."""
    return "relevance" if (text or "").strip() else "date"


def build_query(
    text: str | None = None,
    *,
    since: str | None = None,
    until: str | None = None,
    sort: str | None = None,
    limit: int = 20,
    offset: int = 0,
    facets: Sequence[str] | None = None,
    expand: bool = True,
    collapse: bool = False,
    mentions: bool = False,
    partial: bool = True,
    all_of: Sequence[str] | None = None,
    validate: bool = True,
    notes: list[str] | None = None,
    **filters: Sequence[str] | None,
) -> SearchQuery:
    """A validated query; comma-separated values are accepted in every list.

    Args:
        mentions: country, agency and theme filters (and counts) also take what articles
            only mention, not just what they are about.
        sort: relevance or date; None or "": relevance with a text, else date.
        all_of: facets whose values must all match (``country``, ``agency``).
        validate: check every filter value against its vocabulary.
        notes: collects what was changed on the way (a Buddhist-Era year converted).
        filters: facet values by the facet's ``SearchQuery`` attribute (``countries=``,
            ``languages=``, ... as declared in stiwatch.core.facets), and
            ``partners=`` (stiwatch.core.facets.PARTNER), normalised as declared.

    Raises:
        QueryError: a bad date, sort, limit, facet name, mode or filter value.
        TypeError: a filter no facet declares.
    """
    unknown = sorted(set(filters) - set(_BY_QUERY) - {PARTNER.query})
    if unknown:
        raise TypeError(f"build_query: no facet filters on {', '.join(unknown)}")
    sort = sort or default_sort(text)
    if sort not in SORTS:
        raise QueryError(f"bad sort {sort!r}: use relevance or date")
    modes = tuple(dict.fromkeys(all_of or ()))
    bad_modes = [m for m in modes if m not in {f.name for f in ALL_OF_FACETS}]
    if bad_modes:
        raise QueryError(
            f"no 'all of' mode for {', '.join(bad_modes)}: only {', '.join(f.name for f in ALL_OF_FACETS)}"
        )
    try:
        kwargs: dict[str, Any] = {"facets": tuple(facets)} if facets else {}
        for name, facet in _BY_QUERY.items():
            kwargs[name] = _ids(filters.get(name), facet.case)
        kwargs[PARTNER.query] = _ids(filters.get(PARTNER.query), PARTNER.facet.case)
        if validate:
            check_filters({k: v for k, v in kwargs.items() if k != "facets"})
        return SearchQuery(
            text=(text or "").strip(),
            since=parse_day(since, "since", notes),
            until=parse_day(until, "until", notes),
            sort=sort,  # type: ignore[arg-type]
            limit=int(limit),
            offset=int(offset),
            expand=bool(expand),
            collapse=bool(collapse),
            mentions=bool(mentions),
            partial=bool(partial),
            all_of=modes,
            **kwargs,
        )
    except QueryError:
        raise
    except UnknownValue as exc:
        raise QueryError(str(exc)) from None
    except ValueError as exc:
        raise QueryError(str(exc)) from None
