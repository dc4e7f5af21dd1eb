"""Search parameters from HTTP query strings, shared by the API and the pages.

The names are those of ``stiwatch search`` (``q``, ``country``, ``agency``, ``theme``,
``lang``, ``source``, ``partner``, ``since``, ``until``, ``sort``, ``limit``, ``offset``,
``mentions``), plus the web's ``cooperation`` and ``forum`` filters: one list parameter per facet, as
``stiwatch.core.facets`` declares it. Every list parameter may be repeated or
comma-separated. Several values of one facet match any of them; ``country_mode=all``
and ``agency_mode=all`` ask for all of them. Bad input is a 422 whose ``detail``
names the parameter (and, for an unknown value, the nearest valid ones).
"""

from __future__ import annotations

import inspect
from dataclasses import dataclass, field, replace
from typing import Annotated, Any, Literal
from urllib.parse import urlencode

from fastapi import HTTPException, Query, Request

from stiwatch.core.facets import ALL_OF_FACETS, PARTNER
from stiwatch.core.facets import FACETS as DECLARED
from stiwatch.search.backend import FACETS, MAX_LIMIT, SearchQuery
from stiwatch.search.query import QueryError, build_query, default_sort

# Bounds on user input: a query string is typed by a person, not pasted from a book.
MAX_QUERY_CHARS = 500
MAX_FILTER_VALUES = 50
MAX_OFFSET = 100_000

# URL parameter behind each facet (the language facet filters with ``lang``).
FACET_PARAM = {f.name: f.param for f in DECLARED}
LIST_PARAMS = (*(f.param for f in DECLARED), PARTNER.param)
# ``country_mode`` -> ``country``: the facets with an "all of" mode.
MODE_PARAMS = {f.mode_param: f.name for f in ALL_OF_FACETS}

ListParam = Annotated[list[str] | None, Query(description="repeat or comma-separate for several values")]
ModeParam = Annotated[
    Literal["any", "all"] | None, Query(description="several values: any of them (default) or all of them")
]


@dataclass(frozen=True)
class SearchParams:
    """One search as the URL states it; ``filters`` maps a list parameter to its values.

    ``sort`` is empty when the URL does not choose (relevance with a query, newest
    first without); ``collapse`` is None when the URL does not choose (the page
    collapses stories, the API does not).
    """

    q: str = ""
    filters: dict[str, tuple[str, ...]] = field(default_factory=dict)
    modes: tuple[str, ...] = ()  # facet names in "all of" mode
    since: str = ""
    until: str = ""
    sort: str = ""
    limit: int = 20
    offset: int = 0
    # Concept expansion through the taxonomy (stiwatch.search.expansion); `expand=false` turns it off.
    expand: bool = True
    # `mentions=true`: country/agency/theme filters also take articles that only mention them.
    mentions: bool = False
    collapse: bool | None = None
    partial: bool = True

    def values(self, name: str) -> tuple[str, ...]:
        return self.filters.get(name, ())

    @property
    def effective_sort(self) -> str:
        return self.sort or default_sort(self.q)

    def to_query(
        self,
        facets: tuple[str, ...] = FACETS,
        *,
        limit: int | None = None,
        collapse: bool = False,
        notes: list[str] | None = None,
    ) -> SearchQuery:
        """The backend query; raises HTTPException(422) for bad input.

        Args:
            collapse: the default when the URL does not choose.
        """
        filters: dict[str, Any] = {f.query: self.values(f.param) for f in DECLARED}
        filters[PARTNER.query] = self.values(PARTNER.param)
        try:
            query = build_query(
                self.q,
                **filters,
                all_of=self.modes,
                since=self.since or None,
                until=self.until or None,
                sort=self.sort or None,
                limit=self.limit if limit is None else limit,
                offset=self.offset,
                expand=self.expand,
                mentions=self.mentions,
                collapse=collapse if self.collapse is None else self.collapse,
                partial=self.partial,
                notes=notes,
            )
        except QueryError as exc:
            raise HTTPException(status_code=422, detail=str(exc)) from None
        return query if query.facets == facets else replace(query, facets=facets)

    def state(self) -> dict[str, Any]:
        """The non-empty parameters, as they go into a URL (paging left out)."""
        out: dict[str, Any] = {}
        if self.q:
            out["q"] = self.q
        for name in LIST_PARAMS:
            if self.values(name):
                out[name] = list(self.values(name))
        for param, facet in MODE_PARAMS.items():
            if facet in self.modes:
                out[param] = "all"
        if self.since:
            out["since"] = self.since
        if self.until:
            out["until"] = self.until
        if self.sort:
            out["sort"] = self.sort
        if not self.expand:
            out["expand"] = "false"
        if self.mentions:
            out["mentions"] = "true"
        if self.collapse is not None:
            out["collapse"] = "true" if self.collapse else "false"
        if not self.partial:
            out["partial"] = "false"
        return out

    def query_string(self, **extra: Any) -> str:
        merged = {**self.state(), **extra}
        return urlencode({k: v for k, v in merged.items() if v not in ("", None, [], ())}, doseq=True)

    def toggled(self, name: str, value: str) -> SearchParams:
        """The same search with ``value`` added to or removed from filter ``name``."""
        current = self.values(name)
        changed = tuple(v for v in current if v != value) if value in current else (*current, value)
        return replace(self, filters={**self.filters, name: changed}, offset=0)

    def with_mode(self, facet: str, all_of: bool) -> SearchParams:
        """The same search with ``facet`` in "all of" (True) or "any of" mode."""
        modes = tuple(m for m in self.modes if m != facet) + ((facet,) if all_of else ())
        return replace(self, modes=modes, offset=0)

    def without(self, name: str) -> SearchParams:
        if name in LIST_PARAMS:
            return replace(self, filters={**self.filters, name: ()}, offset=0)
        if name == "since":
            return replace(self, since="", offset=0)
        if name == "until":
            return replace(self, until="", offset=0)
        return replace(self, q="", offset=0)


def _split(values: list[str] | None, name: str) -> tuple[str, ...]:
    out: list[str] = []
    for value in values or ():
        out.extend(part.strip() for part in value.split(",") if part.strip())
    if len(out) > MAX_FILTER_VALUES:
        raise HTTPException(
            status_code=422, detail=f"too many values for {name} (at most {MAX_FILTER_VALUES})"
        )
    return tuple(dict.fromkeys(out))


def _modes(modes: dict[str, str | None] | None) -> tuple[str, ...]:
    out = []
    for param, value in (modes or {}).items():
        if value in (None, "", "any"):
            continue
        if value != "all" or param not in MODE_PARAMS:
            raise HTTPException(status_code=422, detail=f"bad {param} {value!r}: use any or all")
        out.append(MODE_PARAMS[param])
    return tuple(out)


def make_params(
    q: str = "",
    filters: dict[str, list[str] | None] | None = None,
    since: str | None = None,
    until: str | None = None,
    sort: str | None = None,
    limit: int = 20,
    offset: int = 0,
    expand: bool = True,
    mentions: bool = False,
    *,
    modes: dict[str, str | None] | None = None,
    collapse: bool | None = None,
    partial: bool = True,
) -> SearchParams:
    """Checked parameters; raises HTTPException(422) naming the bad one."""
    if len(q) > MAX_QUERY_CHARS:
        raise HTTPException(status_code=422, detail=f"q is too long (at most {MAX_QUERY_CHARS} characters)")
    if sort not in (None, "", "relevance", "date"):
        raise HTTPException(status_code=422, detail=f"bad sort {sort!r}: use relevance or date")
    params = SearchParams(
        q=q.strip(),
        filters={name: _split(values, name) for name, values in (filters or {}).items()},
        modes=_modes(modes),
        since=(since or "").strip(),
        until=(until or "").strip(),
        sort=sort or "",
        limit=limit,
        offset=offset,
        expand=expand,
        mentions=mentions,
        collapse=collapse,
        partial=partial,
    )
    params.to_query()  # dates, values and the rest checked once, here
    return params


def search_params(
    request: Request,
    q: Annotated[
        str,
        Query(
            description=(
                'free text in Thai, Vietnamese or English: words must all match (stop words are ignored), "quoted '
                'words" side by side, a OR b, -word to leave out; with three or more words, articles missing a few '
                "come after full matches"
            )
        ),
    ] = "",
    since: Annotated[
        str | None, Query(description="YYYY-MM-DD, inclusive (a Buddhist-Era year is converted)")
    ] = None,
    until: Annotated[str | None, Query(description="YYYY-MM-DD, inclusive")] = None,
    sort: Annotated[
        str | None,
        Query(description="relevance or date (newest first); default: relevance with q, else date"),
    ] = None,
    limit: Annotated[int, Query(ge=0, le=MAX_LIMIT)] = 20,
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0,
    expand: Annotated[
        bool | None,
        Query(description="find a concept's aliases in every language (default: search.query_expansion)"),
    ] = None,
    mentions: Annotated[
        bool,
        Query(
            description="country, agency and theme filters and counts also take articles that only "
            "mention the value (default: only articles about it)"
        ),
    ] = False,
    collapse: Annotated[bool | None, Query(description="one hit per story (default: false)")] = None,
    partial: Annotated[bool, Query(description="false: every word of q must match")] = True,
    **filters: Any,
) -> SearchParams:
    """FastAPI dependency: the search parameters of the request (one list per facet)."""
    if expand is None:
        expand = bool(request.app.state.config.get("search", "query_expansion"))
    modes = {param: filters.pop(param, None) for param in MODE_PARAMS}
    return make_params(
        q,
        filters,
        since,
        until,
        sort,
        limit,
        offset,
        expand,
        mentions,
        modes=modes,
        collapse=collapse,
        partial=partial,
    )


def _with_facet_parameters(func: Any) -> None:
    """Give ``func`` one query parameter per declared facet (and the partner and mode
    parameters), after ``q`` (FastAPI reads the signature): the facets' parameters are
    declared once, in stiwatch.core.facets."""
    signature = inspect.signature(func)
    fixed = [p for p in signature.parameters.values() if p.kind is not inspect.Parameter.VAR_KEYWORD]
    lists = [
        inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, default=None, annotation=ListParam)
        for name in LIST_PARAMS
    ]
    modes = [
        inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, default=None, annotation=ModeParam)
        for name in MODE_PARAMS
    ]
    head = [p.replace(kind=inspect.Parameter.KEYWORD_ONLY) for p in fixed[1:]]
    func.__signature__ = signature.replace(parameters=[fixed[0], head[0], *lists, *modes, *head[1:]])


_with_facet_parameters(search_params)
