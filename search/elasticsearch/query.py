"""A SearchQuery as an Elasticsearch request body, and the response as facet counts.

The query has the embedded backend's semantics (search/embedded/index.py): every
group of the text plan must match (AND); a group matches when any alternative
does; an alternative is a term, or a phrase of terms, looked up in the exact and
folded token fields with the same boosts; adjacent terms side by side add score.
Filters are OR within a facet and AND across facets and never change scores.
"""

from __future__ import annotations

from typing import Any

from stiwatch.core.analysis import field_text, folded_tokens, pair_tokens, query_tokens
from stiwatch.core.facets import FACETS
from stiwatch.search.backend import SearchQuery, facet_index_field
from stiwatch.search.expansion import plan_text_query

# Same weights as the embedded index (TEXT_BOOSTS, PAIR_BOOST there).
TOKEN_FIELDS = {"tok.title": 3.0, "tok.title_f": 2.4, "tok.text": 1.0, "tok.text_f": 0.8}
PAIR_FIELD, PAIR_BOOST = "tok.pairs", 1.5

# Facet value lists are short; asking for all buckets lets us order ties by value
# ourselves, as the embedded backend does.
ALL_BUCKETS = 10_000


def _alternative(tokens: list[str]) -> dict[str, Any]:
    """One alternative: a term or a phrase, in any token field."""
    folded = folded_tokens(tokens)
    clauses = []
    for name, boost in TOKEN_FIELDS.items():
        words = folded if name.endswith("_f") else tokens
        if len(words) == 1:
            clauses.append({"term": {name: {"value": words[0], "boost": boost}}})
        else:
            clauses.append({"match_phrase": {name: {"query": field_text(words), "boost": boost}}})
    return {"bool": {"should": clauses, "minimum_should_match": 1}}


def text_clauses(text: str, *, expand: bool = True) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(must, should) clauses for the free text; both empty when it has no terms."""
    plan = [[alt for alt in group if alt] for group in plan_text_query(text, expand=expand)]
    must: list[dict[str, Any]] = []
    for group in (g for g in plan if g):
        alternatives = [_alternative(alt) for alt in group]
        # A group scores as its best alternative (dis_max), as in the embedded index.
        must.append(alternatives[0] if len(alternatives) == 1 else {"dis_max": {"queries": alternatives}})
    # Adjacent words of the query as typed, found side by side, add score.
    should = [
        {"term": {PAIR_FIELD: {"value": pair, "boost": PAIR_BOOST}}}
        for pair in dict.fromkeys(pair_tokens(folded_tokens(query_tokens(text))))
    ]
    return must, should


def filter_clauses(query: SearchQuery) -> list[dict[str, Any]]:
    filters: list[dict[str, Any]] = []
    for facet in FACETS:
        values = getattr(query, facet.query)
        if values:
            filters.append({"terms": {facet_index_field(facet.name, query.mentions): list(values)}})
    if query.partners:
        # Partners are countries too: with mentions on, what articles mention counts.
        filters.append({"terms": {facet_index_field("country", query.mentions): list(query.partners)}})
    if query.since or query.until:
        bounds: dict[str, int] = {}
        if query.since:
            bounds["gte"] = query.since.year * 10_000 + query.since.month * 100 + query.since.day
        if query.until:
            bounds["lte"] = query.until.year * 10_000 + query.until.month * 100 + query.until.day
        filters.append({"range": {"published_day": bounds}})
    return filters


def build_query(query: SearchQuery) -> dict[str, Any]:
    """The ``query`` part of the request."""
    must, should = text_clauses(query.text, expand=query.expand)
    filters = filter_clauses(query)
    if not must and not filters:
        return {"match_all": {}}
    body: dict[str, Any] = {}
    if must:
        body["must"] = must
        if should:
            body["should"] = should
    else:
        body["must"] = [{"match_all": {}}]
    if filters:
        body["filter"] = filters
    return {"bool": body}


def sort_clause(query: SearchQuery) -> list[Any]:
    """Relevance or date (newest first, undated last); ties by article id."""
    if query.sort == "date":
        return [{"published": {"order": "desc", "missing": "_last"}}, {"_score": "desc"}, {"id": "asc"}]
    return [{"_score": "desc"}, {"published": {"order": "desc", "missing": "_last"}}, {"id": "asc"}]


def aggregations(query: SearchQuery) -> dict[str, Any]:
    aggs: dict[str, Any] = {
        name: {"terms": {"field": facet_index_field(name, query.mentions), "size": ALL_BUCKETS}}
        for name in query.facets
    }
    return aggs


def search_body(query: SearchQuery) -> dict[str, Any]:
    """The whole request body for ``query`` (without collapsing)."""
    body: dict[str, Any] = {
        "query": build_query(query),
        "sort": sort_clause(query),
        "from": query.offset,
        "size": query.limit,
        "track_total_hits": True,
        "_source": ["record"],
    }
    aggs = aggregations(query)
    if aggs:
        body["aggs"] = aggs
    return body


def facet_counts(aggs: dict[str, Any], facets: tuple[str, ...], size: int) -> dict[str, dict[str, int]]:
    """Bucket counts per facet, by count descending then value, at most ``size`` each."""
    counts: dict[str, dict[str, int]] = {}
    for name in facets:
        buckets = aggs.get(name, {}).get("buckets", [])
        pairs = sorted(
            ((str(b["key"]), int(b["doc_count"])) for b in buckets if b.get("doc_count")),
            key=lambda kv: (-kv[1], kv[0]),
        )
        counts[name] = dict(pairs[:size])
    return counts
