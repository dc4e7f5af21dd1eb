"""Facet counts from the facet columns (one aggregation over every multi-valued facet) and
match counts from the aggregation equal what the records say, on a real index on disk."""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest

from stiwatch.core.facets import FACETS
from stiwatch.search.backend import SearchQuery
from stiwatch.search.embedded import EmbeddedBackend
from stiwatch.search.embedded import index as ix
from stiwatch.search.records import facet_values, mention_values

WORDS = ("alpha", "beta", "gamma", "delta")
VALUES = {
    "countries": ("TH", "VN", "LA", "KH", "JP"),
    "agencies": ("MHESI", "NSTDA", "MOST-VN", "NRCT"),
    "themes": ("ai", "semiconductors", "space", "energy"),
    "cooperation": ("mou", "joint-research"),
    "forums": ("COSTI-82", "AMMST-20"),
}


def _record(n: int, rnd: random.Random) -> dict[str, Any]:
    picked = {field: rnd.sample(values, rnd.randrange(len(values) + 1)) for field, values in VALUES.items()}
    mentioned = {
        field: rnd.sample(VALUES[field], rnd.randrange(len(VALUES[field]) + 1))
        for field in ("countries", "agencies", "themes")
    }
    return {
        "id": f"a{n:03d}",
        "url": f"https://example.org/{n}",
        "source": rnd.choice(("nstda", "vnexpress", "asean")),
        "language": rnd.choice(("th", "vi", "en")),
        "title": " ".join(rnd.sample(WORDS, 2)),
        "text": " ".join(rnd.choices(WORDS, k=rnd.randrange(1, 4))),
        "published": f"2025-0{rnd.randrange(1, 10)}-1{rnd.randrange(10)}T00:00:00+00:00",
        **picked,
        "mentions": mentioned,
        "translations": {},
        "fetched_at": "2025-01-01T00:00:00+00:00",
        "content_hash": f"hash-{n}",
        "story_id": "",
    }


RECORDS = [_record(n, random.Random(n)) for n in range(120)]


@pytest.fixture(scope="module")
def backend(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmbeddedBackend]:
    b = EmbeddedBackend(tmp_path_factory.mktemp("facet-columns"))
    b.upsert(RECORDS)
    b.commit()
    yield b
    b.close()


def _expected(ids: set[str], facets: tuple[str, ...], mentions: bool) -> dict[str, dict[str, int]]:
    by_name = {facet.name: facet for facet in FACETS}
    counts: dict[str, dict[str, int]] = {}
    for name in facets:
        facet = by_name[name]
        counter: Counter[str] = Counter()
        for record in RECORDS:
            if record["id"] in ids:
                listed = (
                    mention_values(record, facet)
                    if mentions and facet.mentions
                    else facet_values(record, facet.field)
                )
                counter.update(set(listed))
        counts[name] = dict(sorted(counter.items(), key=lambda kv: (-kv[1], kv[0])))
    return counts


ALL_FACETS = tuple(facet.name for facet in FACETS)
CASES = [
    {},
    {"text": "alpha"},
    {"text": "alpha beta gamma"},  # three clauses: a full and a partial tier
    {"countries": ("TH",)},
    {"themes": ("ai", "space"), "text": "delta"},
]


@pytest.mark.parametrize("mentions", [False, True])
@pytest.mark.parametrize(
    "facets", [ALL_FACETS, ("country", "theme"), ("country",), ("language", "agency", "forum")]
)
@pytest.mark.parametrize("case", CASES)
def test_facet_counts_equal_the_records(
    backend: EmbeddedBackend, case: dict[str, Any], facets: tuple[str, ...], mentions: bool
) -> None:
    everything = backend.search(SearchQuery(limit=500, facets=(), mentions=mentions, **case))
    assert len(everything.hits) == everything.total  # the whole match set, to count by hand
    matched = {str(hit["id"]) for hit in everything.hits}
    result = backend.search(SearchQuery(limit=20, facets=facets, facet_size=100, mentions=mentions, **case))
    assert result.facets == _expected(matched, facets, mentions)
    assert result.total == everything.total


@pytest.mark.parametrize("case", CASES)
def test_a_page_of_no_hits_counts_like_a_search(backend: EmbeddedBackend, case: dict[str, Any]) -> None:
    searched = backend.search(SearchQuery(limit=20, **case))
    counted = backend.search(SearchQuery(limit=0, **case))
    assert counted.hits == []
    assert counted.total == searched.total
    assert counted.facets == searched.facets


def test_the_facet_column_serves_two_or_more_multi_valued_facets() -> None:
    # One multi-valued facet keeps its own aggregation: the column would walk the others too.
    assert set(ix.facet_aggregation(("country", "language"))) == {"country", "language"}
    combined = ix.facet_aggregation(("country", "theme", "source"), mentions=True)
    assert set(combined) == {"source", "_many"}
    assert combined["_many"]["terms"]["field"] == ix.FACET_COLUMNS[True]


def test_aggregate_counts_its_matches(backend: EmbeddedBackend) -> None:
    query = SearchQuery(text="gamma", countries=("VN",))
    searched = backend.search(query)
    aggregated = backend.aggregate(query, {"by_lang": {"terms": {"field": "language"}}})
    assert aggregated.total == searched.total > 0
    assert sum(b["doc_count"] for b in aggregated.aggregations["by_lang"]["buckets"]) == searched.total
    none = backend.aggregate(SearchQuery(text="nowhere"), {"by_lang": {"terms": {"field": "language"}}})
    assert none.total == 0
