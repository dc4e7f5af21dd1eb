"""The tantivy side of the embedded backend: schema, documents, queries, facets.

Pure functions over tantivy objects; opening, locking and committing live in
``backend.py``. Text fields hold tokens already produced by ``stiwatch.core.analysis``
and use tantivy's ``whitespace`` tokenizer, so the index never re-analyses text
and the query side looks terms up exactly as they were indexed.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC
from typing import Any

import tantivy

from stiwatch.core.analysis import ANALYSIS_VERSION, field_text, folded_tokens, pair_tokens
from stiwatch.core.facets import FACETS, PARTNER
from stiwatch.search.backend import FACET_FIELDS, MENTION_FIELDS, SearchQuery, facet_index_field
from stiwatch.search.concepts import CONCEPT_FIELD, concept_keys
from stiwatch.search.querytext import Clause, parse_text
from stiwatch.search.records import (
    day_number,
    facet_values,
    mention_values,
    parse_published,
    searchable_parts,
    tokens_of,
)
from stiwatch.search.tiers import Tier

# Bump on any change to the fields below: an index with another version is rebuilt.
# 5: the concept field (stiwatch.search.concepts). 6: the facet value columns.
SCHEMA_VERSION = 6
INDEX_VERSION = {"schema": SCHEMA_VERSION, "analysis": ANALYSIS_VERSION}

ID_FIELD = "id"
# Copies of the same news share a story id (pipelines/stories.py); stored and fast so
# that a search can keep one hit per story and list the other versions.
STORY_FIELD = "story_id"
# Text fields and their weight in BM25 ranking. Folded fields weigh a little less
# than exact ones, so a query typed with the right diacritics ranks documents
# spelt the same way first while still finding the others.
TITLE, TITLE_FOLDED, TEXT, TEXT_FOLDED, PAIRS = "title", "title_f", "text", "text_f", "pairs"
TEXT_BOOSTS = {TITLE: 3.0, TITLE_FOLDED: 2.4, TEXT: 1.0, TEXT_FOLDED: 0.8}
PAIR_BOOST = 1.5
PUBLISHED = "published"  # the instant (UTC), for sorting
PUBLISHED_DAY = "published_day"  # local date as YYYYMMDD, for since/until
# One raw, fast text field per facet (in the declaration order of stiwatch.core.facets:
# the schema's field order is part of SCHEMA_VERSION), then the month, then one per facet
# whose mentions are kept (the tags and what the article only mentions).
FACET_INDEX_FIELDS = tuple(dict.fromkeys([*FACET_FIELDS.values(), *MENTION_FIELDS.values()]))
# The values of every facet that holds several per article, as "<facet>\x1f<value>", in one
# column, and in a second one as a search with mentions counts them. tantivy walks a
# multi-valued column document by document, once per aggregation: one terms aggregation
# over this column counts three facets in about 0.6x the time of three (bench/README.md,
# "Web search API under load"). Single-valued facets stay separate: theirs are cheap.
MANY_FACETS = tuple(facet.name for facet in FACETS if facet.many)
FACET_COLUMNS = {False: "facet_values", True: "facet_values_mentioned"}
_FACET_SEP = "\x1f"
_MANY = "_many"  # the aggregation over a facet column (facet names never start with _)
# The number of matching documents, counted with the facets in the same pass: every
# document has one story id.
MATCHES = "_matches"
MATCH_COUNT = {"value_count": {"field": STORY_FIELD}}


# Facet value lists are short (tens of countries/agencies); asking tantivy for
# all buckets lets us order ties by id ourselves instead of trusting its order.
_ALL_BUCKETS = 65_000


def build_schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    builder.add_text_field(ID_FIELD, stored=True, tokenizer_name="raw")
    builder.add_text_field(STORY_FIELD, stored=True, tokenizer_name="raw", fast=True)
    for name in (TITLE, TITLE_FOLDED, TEXT, TEXT_FOLDED):
        builder.add_text_field(name, tokenizer_name="whitespace")
    # Pairs only boost ranking: frequencies are enough, positions would double their size.
    builder.add_text_field(PAIRS, tokenizer_name="whitespace", index_option="freq")
    for name in FACET_INDEX_FIELDS:
        builder.add_text_field(name, tokenizer_name="raw", fast=True)
    # Keys of the taxonomy concepts the text contains: only looked up, never counted.
    builder.add_text_field(CONCEPT_FIELD, tokenizer_name="raw", index_option="basic")
    for name in FACET_COLUMNS.values():
        builder.add_text_field(name, tokenizer_name="raw", index_option="basic", fast=True)
    builder.add_date_field(PUBLISHED, indexed=True, fast=True)
    builder.add_integer_field(PUBLISHED_DAY, indexed=True, fast=True)
    return builder.build()


def make_document(
    record: dict[str, Any], known: Mapping[str, str] | None = None, *, ranking: bool = True
) -> tantivy.Document:
    """The index document for one record (text analysed here unless ``known`` has its tokens:
    see stiwatch.search.records.tokens_of). ``ranking=False`` leaves out the pairs field,
    which only adds score and never decides whether a document matches."""
    doc = tantivy.Document()
    doc.add_text(ID_FIELD, record["id"])
    doc.add_text(STORY_FIELD, record.get("story_id") or record["id"])
    titles, texts = searchable_parts(record)
    title_tokens = tokens_of(titles, known)
    text_tokens = tokens_of(texts, known)
    title_folded = folded_tokens(title_tokens)
    text_folded = folded_tokens(text_tokens)
    doc.add_text(TITLE, field_text(title_tokens))
    doc.add_text(TITLE_FOLDED, field_text(title_folded))
    doc.add_text(TEXT, field_text(text_tokens))
    doc.add_text(TEXT_FOLDED, field_text(text_folded))
    # Pairs are built per title/text so that no pair straddles two fields.
    if ranking:
        doc.add_text(PAIRS, field_text(pair_tokens(title_folded) + pair_tokens(text_folded)))
    for key in concept_keys(title_folded, text_folded):
        doc.add_text(CONCEPT_FIELD, key)
    for facet in FACETS:
        values = facet_values(record, facet.field)
        for value in values:
            doc.add_text(facet.field, value)
        # A search with mentions counts a facet kept without mentions on its tags.
        mentioned = mention_values(record, facet) if facet.mentions else values
        if facet.mentions:
            for value in mentioned:
                doc.add_text(facet.mention_field, value)
        if facet.many:
            for mentions, listed in ((False, values), (True, mentioned)):
                for value in listed:
                    doc.add_text(FACET_COLUMNS[mentions], f"{facet.name}{_FACET_SEP}{value}")
    published = parse_published(record.get("published"))
    if published is not None:
        doc.add_date(PUBLISHED, published.astimezone(UTC))
        doc.add_integer(PUBLISHED_DAY, day_number(published.date()))
        doc.add_text("published_month", published.strftime("%Y-%m"))
    return doc


def _term_any_field(schema: tantivy.Schema, token: str, folded: str) -> tantivy.Query:
    """One token in some text field, exact or folded (each field with its boost)."""
    Q, Occur = tantivy.Query, tantivy.Occur
    return Q.boolean_query(
        [
            (
                Occur.Should,
                Q.boost_query(Q.term_query(schema, name, folded if name.endswith("_f") else token), boost),
            )
            for name, boost in TEXT_BOOSTS.items()
        ]
    )


def _phrase_any_field(schema: tantivy.Schema, tokens: list[str]) -> tantivy.Query:
    """Tokens side by side, in order, in some text field (exact or folded)."""
    Q, Occur = tantivy.Query, tantivy.Occur
    exact: list[str | tuple[int, str]] = list(tokens)
    folded: list[str | tuple[int, str]] = list(folded_tokens(tokens))
    return Q.boolean_query(
        [
            (
                Occur.Should,
                Q.boost_query(Q.phrase_query(schema, name, folded if name.endswith("_f") else exact), boost),
            )
            for name, boost in TEXT_BOOSTS.items()
        ]
    )


def _alternative(schema: tantivy.Schema, alt: tuple[str, ...]) -> tantivy.Query:
    if len(alt) == 1:
        return _term_any_field(schema, alt[0], folded_tokens(list(alt))[0])
    return _phrase_any_field(schema, list(alt))


def _expanded(schema: tantivy.Schema, clause: Clause) -> tantivy.Query:
    """One clause: a term or a phrase per alternative, the best alternative scoring."""
    alternatives = [_alternative(schema, alt) for alt in clause.alternatives]
    return alternatives[0] if len(alternatives) == 1 else tantivy.Query.disjunction_max_query(alternatives)


def _clause(schema: tantivy.Schema, clause: Clause, concepts: bool, scored: bool) -> tantivy.Query:
    """One clause. With ``concepts`` (the index holds the running taxonomy's concept keys)
    a concept matches by its key, the typed words beside it where they are not an alias;
    the same documents as its expansion. ``scored`` keeps the expansion's score: it runs
    as an optional part, so its phrases are only tried on documents the key matched."""
    keys, residual = clause.lookup()
    if not concepts or not keys:
        return _expanded(schema, clause)
    Q, Occur = tantivy.Query, tantivy.Occur
    parts = [
        Q.term_set_query(schema, CONCEPT_FIELD, list(keys)),
        *(_alternative(schema, a) for a in residual),
    ]
    match = parts[0] if len(parts) == 1 else Q.boolean_query([(Occur.Should, q) for q in parts])
    if not scored:
        return match
    return Q.boolean_query(
        [(Occur.Must, Q.const_score_query(match, 0.0)), (Occur.Should, _expanded(schema, clause))]
    )


def _text_clauses(
    schema: tantivy.Schema, query: SearchQuery, tier: Tier, concepts: bool, scored: bool
) -> list[tuple[Any, tantivy.Query]]:
    """The text part of ``query`` for one tier (stiwatch.search.tiers) as boolean clauses:
    ``full`` every required clause, ``partial`` at least ``min_match()`` of them but not
    all, ``any`` at least ``min_match()``; excluded clauses never."""
    parsed = parse_text(query.text, expand=query.expand)
    if parsed.empty:
        return []
    Q, Occur = tantivy.Query, tantivy.Occur
    required = [_clause(schema, c, concepts, scored) for c in parsed.required]
    clauses: list[tuple[Any, tantivy.Query]] = []
    if not required:
        clauses.append((Occur.Must, Q.all_query()))
    elif tier == "full":
        clauses.extend((Occur.Must, q) for q in required)
    else:
        some = Q.boolean_query([(Occur.Should, q) for q in required], parsed.min_match())
        clauses.append((Occur.Must, some))
        if tier == "partial":
            every = [_clause(schema, c, concepts, False) for c in parsed.required]
            clauses.append((Occur.MustNot, Q.boolean_query([(Occur.Must, q) for q in every])))
    clauses.extend((Occur.MustNot, _clause(schema, c, concepts, False)) for c in parsed.excluded)
    # Adjacent query terms found side by side score extra (Vietnamese words are
    # several syllables; Thai compounds segment into several words).
    if required and scored:
        for pair in parsed.pairs:
            clauses.append((Occur.Should, Q.boost_query(Q.term_query(schema, PAIRS, pair), PAIR_BOOST)))
    return clauses


def _filters(schema: tantivy.Schema, query: SearchQuery) -> list[tantivy.Query]:
    Q = tantivy.Query
    filters: list[tantivy.Query] = []
    for facet in FACETS:
        values = getattr(query, facet.query)
        field = facet_index_field(facet.name, query.mentions)
        if values and facet.name in query.all_of:
            # "All of": one filter per value.
            filters.extend(Q.term_query(schema, field, value) for value in values)
        elif values:
            # "Any of" within one facet.
            filters.append(Q.term_set_query(schema, field, list(values)))
    partners = getattr(query, PARTNER.query)
    if partners:
        # Partners are countries too: with mentions on, what articles mention counts.
        field = facet_index_field(PARTNER.facet.name, query.mentions)
        filters.append(Q.term_set_query(schema, field, list(partners)))
    if query.since or query.until:
        filters.append(
            Q.range_query(
                schema,
                PUBLISHED_DAY,
                tantivy.FieldType.Integer,
                day_number(query.since) if query.since else None,
                day_number(query.until) if query.until else None,
            )
        )
    return filters


def build_query(
    schema: tantivy.Schema,
    query: SearchQuery,
    tier: Tier = "full",
    skip_stories: tuple[str, ...] = (),
    *,
    concepts: bool = False,
    scored: bool = True,
) -> tantivy.Query:
    """The text clauses of ``tier``, facet filters AND-ed across facets, the stories in
    ``skip_stories`` left out; empty text matches all.

    Args:
        concepts: the index holds concept keys made by the running taxonomy
            (stiwatch.search.concepts): concepts are looked up by key.
        scored: the query ranks; without, only which documents match counts (facet
            counts, totals, date order), and ranking-only parts are left out.
    """
    Q, Occur = tantivy.Query, tantivy.Occur
    text = _text_clauses(schema, query, tier, concepts, scored)
    filters = _filters(schema, query)
    if skip_stories:
        text.append((Occur.MustNot, Q.term_set_query(schema, STORY_FIELD, list(skip_stories))))
    if not filters and not text:
        return Q.all_query()
    if not filters and len(text) == 1 and text[0][0] == Occur.Must:
        return text[0][1]
    # Filters must not change BM25 scores: wrap them in constant-score zero.
    clauses = [*text, *((Occur.Must, Q.const_score_query(f, 0.0)) for f in filters)]
    if not any(occur == Occur.Must for occur, _ in clauses):
        clauses.append((Occur.Must, Q.all_query()))
    return Q.boolean_query(clauses)


def facet_aggregation(facets: tuple[str, ...], mentions: bool = False) -> dict[str, Any]:
    """Elasticsearch-style terms aggregations for the requested facets: one over the facet
    column (FACET_COLUMNS) for two or more that hold several values, one per other facet."""
    combined = [name for name in facets if name in MANY_FACETS]
    if len(combined) < 2:
        combined = []
    aggregations: dict[str, Any] = {
        name: {"terms": {"field": facet_index_field(name, mentions), "size": _ALL_BUCKETS}}
        for name in facets
        if name not in combined
    }
    if combined:
        aggregations[_MANY] = {"terms": {"field": FACET_COLUMNS[mentions], "size": _ALL_BUCKETS}}
    return aggregations


def facet_counts(result: dict[str, Any], facets: tuple[str, ...], size: int) -> dict[str, dict[str, int]]:
    """Bucket counts per facet, by count descending then value, at most ``size`` each."""
    buckets: dict[str, list[tuple[str, int]]] = {
        name: [(str(b["key"]), int(b["doc_count"])) for b in result.get(name, {}).get("buckets", [])]
        for name in facets
    }
    for bucket in result.get(_MANY, {}).get("buckets", []):
        name, _, value = str(bucket["key"]).partition(_FACET_SEP)
        if name in buckets:
            buckets[name].append((value, int(bucket["doc_count"])))
    counts: dict[str, dict[str, int]] = {}
    for name in facets:
        pairs = sorted((kv for kv in buckets[name] if kv[1]), key=lambda kv: (-kv[1], kv[0]))
        counts[name] = dict(pairs[:size])
    return counts


def match_count(result: dict[str, Any]) -> int:
    """The documents an aggregation with MATCHES: MATCH_COUNT counted."""
    return int(result.get(MATCHES, {}).get("value") or 0)


def top_addresses(
    searcher: tantivy.Searcher, tq: tantivy.Query, query: SearchQuery, limit: int, offset: int
) -> tuple[list[Any], int]:
    """Addresses of the best ``limit`` documents after ``offset``, and the match count."""
    # tantivy's top-docs collector panics on limit 0; a count-only query asks
    # for one hit and drops it.
    wanted = max(limit, 1)
    if query.sort == "date":
        found = searcher.search(
            tq, wanted, count=True, offset=offset, order_by_field=PUBLISHED, order=tantivy.Order.Desc
        )
    else:
        found = searcher.search(tq, wanted, count=True, offset=offset)
    # tantivy's type stub omits SearchResult.count (present at runtime).
    total = int(getattr(found, "count", 0) or 0)
    return [address for _, address in found.hits][:limit], total
