"""Full matches first, then partial ones: the paging both backends share.

A query of three or more clauses (stiwatch.search.querytext) is searched in two
tiers: ``full`` (every clause) and ``partial`` (at least ``min_match()`` clauses, not
all of them). The result lists the full tier, then the partial one, in the order the
query asks for within each; ``total`` counts both, ``full_total`` the first, and each
partial hit on the page names the clauses it misses. Facet counts cover both tiers
(``any``: at least ``min_match()`` clauses), as the hits do.
When the full tier fills the page, the partial tier is only counted: the ``any`` search
that counts the facets gives it (partial = any - full), one search fewer.

With ``collapse``, a story that has a version in the full tier is left out of the
partial tier, so it is listed once. The stories of the full tier's first
``MAX_SKIPPED_STORIES`` articles are read for that; a query with more full-match articles
than that could list a story twice, far down its pages.

A backend supplies one function, ``run(query, tier, skip_stories)``, that searches
one tier ("full", "partial" or "any") with the query's own limit, offset, sort,
collapse and facets, leaving out the stories in ``skip_stories``.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any, Literal, Protocol

from stiwatch.search.backend import MAX_LIMIT, SearchQuery, SearchResult
from stiwatch.search.highlight import Terms
from stiwatch.search.querytext import Clause, parse_text

Tier = Literal["full", "partial", "any"]
MAX_SKIPPED_STORIES = MAX_LIMIT


class TierRunner(Protocol):
    def __call__(self, query: SearchQuery, tier: Tier, skip_stories: tuple[str, ...]) -> SearchResult: ...


def has_tiers(query: SearchQuery) -> bool:
    """Whether ``query`` has a partial tier (three or more clauses, partial allowed)."""
    if not query.partial or not query.text:
        return False
    parsed = parse_text(query.text, expand=query.expand)
    return parsed.min_match() < len(parsed.required)


def search_in_tiers(query: SearchQuery, run: TierRunner) -> SearchResult:
    """The result of ``query``: one plain search, or the full tier then the partial one."""
    if not has_tiers(query):
        return run(query, "full", ())
    full = run(replace(query, facets=()), "full", ())
    shown = len(full.hits)
    skip: tuple[str, ...] = ()
    if query.collapse and full.total:
        # The full tier's articles, not collapsed: only their story ids are needed, and a
        # collapsed search would also look up every story's versions.
        stories = run(
            replace(query, facets=(), highlight=False, collapse=False, offset=0, limit=MAX_SKIPPED_STORIES),
            "full",
            (),
        )
        skip = tuple(dict.fromkeys(str(h.get("story_id") or h["id"]) for h in stories.hits))
    partial_page = replace(
        query, facets=(), offset=max(0, query.offset - full.total), limit=max(0, query.limit - shown)
    )
    counts = replace(query, limit=0, offset=0, highlight=False, collapse=False)
    if not partial_page.limit and not query.collapse:
        # The full tier fills the page: the partial tier is only counted, and "any" (full
        # or partial) counts it with the facets in one search (partial = any - full).
        anywhere = run(counts, "any", ())
        partial = SearchResult(total=anywhere.total - full.total, hits=[], facets={}, highlights={})
        facets = anywhere.facets
    else:
        partial = run(partial_page, "partial", skip)
        facets = run(counts, "any", ()).facets if query.facets else {}
    parsed = parse_text(query.text, expand=query.expand)
    return SearchResult(
        total=full.total + partial.total,
        hits=full.hits + partial.hits,
        facets=facets,
        highlights={**full.highlights, **partial.highlights},
        full_total=full.total,
        missing={str(h["id"]): missing_clauses(h, parsed.required) for h in partial.hits},
    )


def _parts(record: dict[str, Any]) -> list[str]:
    parts = [str(record.get("title") or ""), str(record.get("text") or "")]
    for version in (record.get("translations") or {}).values():
        if isinstance(version, dict):
            parts += [str(version.get("title") or ""), str(version.get("text") or "")]
    return [p for p in parts if p]


def missing_clauses(record: dict[str, Any], clauses: tuple[Clause, ...]) -> list[str]:
    """The clauses (as typed) that no text of ``record`` matches."""
    every = Terms.of(list(alt) for clause in clauses for alt in clause.alternatives)
    words = [every.words(part) for part in _parts(record)]
    out = []
    for clause in clauses:
        terms = Terms.of(list(alt) for alt in clause.alternatives)
        if not any(terms.spans(w) for w in words):
            out.append(clause.text)
    return out
