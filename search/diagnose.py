"""Why a search found nothing: which word or filter emptied it, and what to remove.

For a query without results, :func:`relaxations` counts what each single change would
find: the query without one of its clauses (a word, a concept, a quoted phrase, an
OR), without one facet filter (all its values), without one value of an "all of"
filter, without the partner filter, without the date window. It also says which
clauses no article contains at all. The page shows them, best first, as links.

Every count is one search with ``limit=0`` and no facets: a zero-results page costs a
few cheap searches more.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any, Literal

from stiwatch.core.facets import FACETS, PARTNER
from stiwatch.search.backend import SearchBackend, SearchQuery
from stiwatch.search.querytext import parse_text

Kind = Literal["word", "filter", "value", "partner", "dates"]


@dataclass(frozen=True)
class Relaxation:
    """One change to the query and what it finds.

    Args:
        kind: what is removed: a clause of the text (``word``), a facet filter, one value
            of an "all of" filter, the partner filter, or the date window.
        text: the clause as typed (``word``), else "".
        facet: the facet's name (``filter``, ``value``, ``partner``: ``country``).
        values: the filter values removed.
        count: how many results the changed query finds.
        query: the changed query.
    """

    kind: Kind
    count: int
    query: SearchQuery
    text: str = ""
    facet: str = ""
    values: tuple[str, ...] = ()


@dataclass(frozen=True)
class Diagnosis:
    """What emptied a search: single changes that find something (most first), and the
    clauses no article contains even without any filter."""

    relaxations: tuple[Relaxation, ...]
    unknown_words: tuple[str, ...]


def _with(query: SearchQuery, attribute: str, values: tuple[str, ...]) -> SearchQuery:
    """``query`` with one filter attribute (``countries``, ``partners``...) set to ``values``."""
    changed: dict[str, Any] = {attribute: values}
    return replace(query, **changed)


def _count(backend: SearchBackend, query: SearchQuery) -> int:
    return backend.search(replace(query, limit=0, offset=0, facets=(), highlight=False, collapse=False)).total


def _candidates(query: SearchQuery) -> list[Relaxation]:
    out: list[Relaxation] = []
    parsed = parse_text(query.text, expand=query.expand)
    for clause in parsed.required:
        out.append(Relaxation("word", 0, replace(query, text=parsed.without(clause)), text=clause.text))
    for facet in FACETS:
        values = getattr(query, facet.query)
        if not values:
            continue
        out.append(Relaxation("filter", 0, _with(query, facet.query, ()), facet=facet.name, values=values))
        if facet.name in query.all_of and len(values) > 1:
            for value in values:
                rest = tuple(v for v in values if v != value)
                out.append(
                    Relaxation("value", 0, _with(query, facet.query, rest), facet=facet.name, values=(value,))
                )
    partners = getattr(query, PARTNER.query)
    if partners:
        out.append(
            Relaxation(
                "partner", 0, _with(query, PARTNER.query, ()), facet=PARTNER.facet.name, values=partners
            )
        )
    if query.since or query.until:
        out.append(Relaxation("dates", 0, replace(query, since=None, until=None)))
    return out


def diagnose(backend: SearchBackend, query: SearchQuery) -> Diagnosis:
    """The single changes that make ``query`` find something, and the words found nowhere."""
    found = []
    for candidate in _candidates(query):
        count = _count(backend, candidate.query)
        if count:
            found.append(replace(candidate, count=count))
    found.sort(key=lambda r: -r.count)
    parsed = parse_text(query.text, expand=query.expand)
    unknown: list[str] = []
    if len(parsed.required) > 1 or any(getattr(query, f.query) for f in FACETS) or query.since or query.until:
        for clause in parsed.required:
            alone = SearchQuery(text=clause.text, expand=query.expand, partial=False, limit=0, facets=())
            if not _count(backend, alone):
                unknown.append(clause.text)
    return Diagnosis(tuple(found), tuple(unknown))
