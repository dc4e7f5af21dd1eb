"""A SearchQuery as an Elasticsearch request body, and the response as facet counts.

The query has the embedded backend's semantics (search/embedded/index.py): every
required clause of the query (stiwatch.search.querytext) must match, or most of them
in the partial tier (stiwatch.search.tiers); a clause matches when any alternative
does; excluded clauses must not match; an alternative is a term, or a phrase of terms, looked up in the exact and
folded token fields with the same boosts; adjacent terms side by side add score.
Filters are OR within a facet and AND across facets and never change scores.
Where the index holds the running taxonomy's concept keys (stiwatch.search.concepts), a
concept matches by its key and its expansion only adds the score, as in the embedded index.
"""

from __future__ import annotations

from typing import Any

from stiwatch.core.analysis import field_text, folded_tokens
from stiwatch.core.facets import FACETS, PARTNER
from stiwatch.search.backend import SearchQuery, facet_index_field
from stiwatch.search.concepts import CONCEPT_FIELD
from stiwatch.search.querytext import Clause, parse_text
from stiwatch.search.tiers import Tier

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


def _expanded(clause: Clause) -> dict[str, Any]:
    alternatives = [_alternative(list(alt)) for alt in clause.alternatives]
    # A clause scores as its best alternative (dis_max), as in the embedded index.
    return alternatives[0] if len(alternatives) == 1 else {"dis_max": {"queries": alternatives}}


def _clause(clause: Clause, concepts: bool, scored: bool) -> dict[str, Any]:
    """One clause; with ``concepts``, a concept matches by key and the typed words beside
    it (the same documents as its expansion), which ``scored`` keeps for the score only."""
    keys, residual = clause.lookup()
    if not concepts or not keys:
        return _expanded(clause)
    parts = [{"terms": {CONCEPT_FIELD: list(keys)}}, *(_alternative(list(alt)) for alt in residual)]
    match = parts[0] if len(parts) == 1 else {"bool": {"should": parts, "minimum_should_match": 1}}
    if not scored:
        return match
    return {"bool": {"filter": [match], "should": [_expanded(clause)]}}


def text_clauses(
    query: SearchQuery, tier: Tier = "full", *, concepts: bool = False, scored: bool = True
) -> dict[str, list[dict[str, Any]]]:
    """``must``, ``must_not`` and ``should`` clauses of the free text for one tier
    (stiwatch.search.tiers); all empty when the text has no terms."""
    parsed = parse_text(query.text, expand=query.expand)
    out: dict[str, list[dict[str, Any]]] = {"must": [], "must_not": [], "should": []}
    required = [_clause(c, concepts, scored) for c in parsed.required]
    if tier == "full":
        out["must"] = required
    elif required:
        out["must"] = [{"bool": {"should": required, "minimum_should_match": parsed.min_match()}}]
        if tier == "partial":
            every = [_clause(c, concepts, False) for c in parsed.required]
            out["must_not"].append({"bool": {"must": every}})
    out["must_not"] += [_clause(c, concepts, False) for c in parsed.excluded]
    if required and scored:
        # Adjacent words of the query as typed, found side by side, add score.
        out["should"] = [
            {"term": {PAIR_FIELD: {"value": pair, "boost": PAIR_BOOST}}} for pair in parsed.pairs
        ]
    return out


def filter_clauses(query: SearchQuery) -> list[dict[str, Any]]:
    filters: list[dict[str, Any]] = []
    for facet in FACETS:
        values = getattr(query, facet.query)
        field = facet_index_field(facet.name, query.mentions)
        if values and facet.name in query.all_of:
            filters.extend({"term": {field: value}} for value in values)  # "all of"
        elif values:
            filters.append({"terms": {field: list(values)}})  # "any of"
    partners = getattr(query, PARTNER.query)
    if partners:
        # Partners are countries too: with mentions on, what articles mention counts.
        filters.append({"terms": {facet_index_field(PARTNER.facet.name, query.mentions): list(partners)}})
    if query.since or query.until:
        bounds: dict[str, int] = {}
        if query.since:
            bounds["gte"] = query.since.year * 10_000 + query.since.month * 100 + query.since.day
        if query.until:
            bounds["lte"] = query.until.year * 10_000 + query.until.month * 100 + query.until.day
        filters.append({"range": {"published_day": bounds}})
    return filters


def build_query(
    query: SearchQuery,
    tier: Tier = "full",
    skip_stories: tuple[str, ...] = (),
    *,
    concepts: bool = False,
    scored: bool = True,
) -> dict[str, Any]:
    """The ``query`` part of the request for one tier, the stories in ``skip_stories`` left
    out; ``concepts``: the index holds concept keys; ``scored``: hits are ranked."""
    text = text_clauses(query, tier, concepts=concepts, scored=scored)
    filters = filter_clauses(query)
    must_not = text["must_not"] + ([{"terms": {"story_id": list(skip_stories)}}] if skip_stories else [])
    if not text["must"] and not filters and not must_not:
        return {"match_all": {}}
    body: dict[str, Any] = {"must": text["must"] or [{"match_all": {}}]}
    if text["must"] and text["should"]:
        body["should"] = text["should"]
    if must_not:
        body["must_not"] = must_not
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


def search_body(
    query: SearchQuery, tier: Tier = "full", skip_stories: tuple[str, ...] = (), *, concepts: bool = False
) -> dict[str, Any]:
    """The whole request body for ``query`` (without collapsing)."""
    # Scores order the hits, under date order too (ties); a count needs none.
    scored = bool(query.limit or query.collapse)
    body: dict[str, Any] = {
        "query": build_query(query, tier, skip_stories, concepts=concepts, scored=scored),
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
