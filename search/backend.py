"""The search backend protocol shared by the embedded and Elasticsearch backends.

Queries and results are plain data so that the CLI, the HTTP API, alerts and the
conformance tests speak one language whatever the backend.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Literal, Protocol

from stiwatch.core.facets import ALL_OF_FACETS, DEFAULT_NAMES, EXTRA_NAMES
from stiwatch.core.facets import FACETS as DECLARED
from stiwatch.core.store import BackendUnavailable, UpsertFailed
from stiwatch.search.aggregation import Aggregated

__all__ = [
    "EXTRA_FACETS",
    "FACETS",
    "FACET_FIELDS",
    "MAX_LIMIT",
    "MENTION_FIELDS",
    "Aggregated",
    "BackendUnavailable",
    "SearchBackend",
    "SearchQuery",
    "SearchResult",
    "UpsertFailed",
]

# Facets every backend returns, in this order (the CLI/API JSON contract); declared in
# stiwatch.core.facets.
FACETS = DEFAULT_NAMES
# Extra facets a caller may ask for (the web UI shows cooperation types and forums), and
# the month of publication, which the backends derive when they index a record.
MONTH = "month"
EXTRA_FACETS = (*EXTRA_NAMES, MONTH)
# Index field behind each facet: the record field, or published_month for the month.
FACET_FIELDS = {**{f.name: f.field for f in DECLARED}, MONTH: "published_month"}
# ... and with ``SearchQuery.mentions``: what articles name, about or only mentioned.
MENTION_FIELDS = {f.name: f.mention_field for f in DECLARED if f.mentions}


def facet_index_field(name: str, mentions: bool) -> str:
    """The index field a facet filters and counts on (its mention field when asked)."""
    return MENTION_FIELDS.get(name, FACET_FIELDS[name]) if mentions else FACET_FIELDS[name]


MAX_LIMIT = 500


@dataclass(frozen=True)
class SearchQuery:
    """A search: free text plus facet filters, a date window, sort and paging.

    Filters within one facet are OR-ed (any of the countries) unless the facet is named
    in ``all_of`` (then every value must match); across facets they are AND-ed.
    ``partners`` is a second country filter AND-ed with ``countries``: countries=("TH",),
    partners=("VN",) finds articles about both (stiwatch.core.facets.PARTNER).
    The text follows the query language of stiwatch.search.querytext (stop words,
    quoted phrases, OR, -exclusion); with ``partial`` an article that misses a few of
    three or more clauses is found too, after those that match them all.
    """

    text: str = ""
    countries: tuple[str, ...] = ()
    agencies: tuple[str, ...] = ()
    themes: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    cooperation: tuple[str, ...] = ()
    forums: tuple[str, ...] = ()
    partners: tuple[str, ...] = ()
    # Names of facets whose several values must all match ("all of"): country, agency.
    all_of: tuple[str, ...] = ()
    since: date | None = None
    until: date | None = None
    sort: Literal["relevance", "date"] = "relevance"
    limit: int = 20
    offset: int = 0
    facets: tuple[str, ...] = FACETS
    facet_size: int = 50
    # Query expansion through the taxonomy (search/expansion.py): a concept named in
    # ``text`` also matches its aliases in every language.
    expand: bool = True
    # One hit per story (story_id), the best-ranked version; ``total`` then counts
    # stories and each hit carries ``versions``: the ids of the story's other articles.
    collapse: bool = False
    # Ask for SearchResult.highlights (a snippet per hit with the matched terms marked).
    highlight: bool = False
    # Country, agency and theme filters and counts also take what articles only mention
    # (record field ``mentions``), not just what they are about (their tags).
    mentions: bool = False
    # Rank articles that match most, not all, of three or more clauses after the full
    # matches (stiwatch.search.tiers); False: every clause is required.
    partial: bool = True

    def __post_init__(self) -> None:
        if not 0 <= self.limit <= MAX_LIMIT:
            raise ValueError(f"limit must be between 0 and {MAX_LIMIT}")
        if self.offset < 0:
            raise ValueError("offset must not be negative")
        if self.since and self.until and self.since > self.until:
            raise ValueError("since is after until")
        unknown = set(self.facets) - set(FACETS) - set(EXTRA_FACETS)
        if unknown:
            raise ValueError(f"unknown facet(s): {', '.join(sorted(unknown))}")
        modes = set(self.all_of) - {f.name for f in ALL_OF_FACETS}
        if modes:
            allowed = ", ".join(f.name for f in ALL_OF_FACETS)
            raise ValueError(f"no 'all of' mode for {', '.join(sorted(modes))}: only {allowed}")


@dataclass
class SearchResult:
    """Hits (full article records, best first), the total and facet counts."""

    total: int
    hits: list[dict[str, Any]] = field(default_factory=list)
    facets: dict[str, dict[str, int]] = field(default_factory=dict)
    # Article id -> HTML snippet: escaped text with matched terms in <mark>…</mark>
    # (only when the query asked for highlights; see stiwatch.search.highlight).
    highlights: dict[str, str] = field(default_factory=dict)
    # When partial matches were searched for (stiwatch.search.tiers): how many hits (or
    # stories) match every clause (they come first), and for each partial hit on this
    # page the clauses it misses, as typed.
    full_total: int | None = None
    missing: dict[str, list[str]] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"total": self.total, "hits": self.hits, "facets": self.facets}
        if self.highlights:
            out["highlights"] = self.highlights
        if self.full_total is not None:
            out["full_total"] = self.full_total
            out["missing"] = self.missing
        return out


class SearchBackend(Protocol):
    """What a search backend does. Records are ``Article.to_record()`` dicts.

    A backend is also the ``RecordStore`` (stiwatch.core.store) the stages write through.
    """

    name: str

    def upsert(self, records: Iterable[dict[str, Any]]) -> int:
        """Insert or replace records by id; returns how many were written."""
        ...

    def get(self, article_id: str) -> dict[str, Any] | None: ...

    def get_many(self, article_ids: Iterable[str]) -> list[dict[str, Any]]: ...

    def search(self, query: SearchQuery) -> SearchResult: ...

    def aggregate(self, query: SearchQuery, aggregations: dict[str, Any]) -> Aggregated:
        """Counts over the articles matching ``query`` (its text, filters and dates; paging
        and facets ignored): the aggregation language of stiwatch.search.aggregation,
        answered in its normalised shape."""
        ...

    def count(self) -> int: ...

    def fetched_since(self, since: datetime) -> list[dict[str, Any]]:
        """Records first seen (``fetched_at``) at or after ``since``, and those without a
        readable ``fetched_at``, in the order ``search(sort="date")`` returns them: the hits
        of any date-sorted search among them keep this order (the alert percolator's batch)."""
        ...

    def iter_records(self) -> Iterator[dict[str, Any]]:
        """Every stored record (for reindex, retag, export)."""
        ...

    def delete(self, article_ids: Iterable[str]) -> int: ...

    def reindex(self) -> int:
        """Rebuild the search index from the source of truth; returns the count."""
        ...

    def commit(self) -> None:
        """Make writes visible to searches."""
        ...

    @property
    def durable_upserts(self) -> bool:
        """See ``stiwatch.core.store.RecordStore.durable_upserts``."""
        ...

    def close(self) -> None: ...
