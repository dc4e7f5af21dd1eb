"""Backend conformance: the embedded backend and Elasticsearch (a real noida-db server)
give the same answers to the same queries.

Every query runs on both backends and the answers are compared: totals, facet
counts, highlights, and the hits (in order where the order is defined: date sort
over distinct dates; as a set under relevance, where each engine's BM25 may order
equal-looking documents differently). A second set of tests states what the right
answer is and runs once per backend.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from stiwatch.search import aggregation as agg
from stiwatch.search.backend import SearchBackend, SearchQuery, SearchResult
from stiwatch.search.elasticsearch import ElasticsearchBackend, ElasticsearchSettings
from stiwatch.search.embedded import EmbeddedBackend
from stiwatch.search.embedded.index import parse_published
from stiwatch.search.highlight import marked_terms
from stiwatch.search.trends import matrix, trends
from tests.corpus_conformance import CORPUS
from tests.noida import NoidaServer

pytestmark = pytest.mark.slow

BACKENDS = ("embedded", "elasticsearch")


@pytest.fixture(scope="module")
def backends(
    noida_server: NoidaServer, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[dict[str, SearchBackend]]:
    embedded = EmbeddedBackend(tmp_path_factory.mktemp("conformance") / "data")
    elastic = ElasticsearchBackend(ElasticsearchSettings(url=noida_server.url, index_prefix="conformance"))
    opened: dict[str, SearchBackend] = {"embedded": embedded, "elasticsearch": elastic}
    for backend in opened.values():
        backend.upsert(copy.deepcopy(CORPUS))
        backend.commit()
    yield opened
    for backend in opened.values():
        backend.close()


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest, backends: dict[str, SearchBackend]) -> SearchBackend:
    return backends[request.param]


def _instant(hit: dict[str, Any]) -> float | None:
    parsed = parse_published(hit.get("published"))
    return parsed.timestamp() if parsed else None


def comparable(result: SearchResult, query: SearchQuery) -> dict[str, Any]:
    """What must be identical across backends for ``query``."""
    out: dict[str, Any] = {
        "total": result.total,
        "facets": result.facets,
        "highlights": result.highlights,
    }
    if query.sort == "date":
        # Dated hits in order; undated ones (the tail) tie, so as a set.
        dated = [h for h in result.hits if _instant(h) is not None]
        undated = [h for h in result.hits if _instant(h) is None]
        assert result.hits == dated + undated, "undated hits must come last"
        out["dated"] = dated
        out["undated"] = sorted(h["id"] for h in undated)
    else:
        out["ids"] = sorted(h["id"] for h in result.hits)
        out["records"] = sorted(result.hits, key=lambda h: str(h["id"]))
    if query.collapse:
        out["versions"] = {h["id"]: h.get("versions") for h in result.hits}
    return out


DATED = date(2000, 1, 1)  # a `since` that leaves out undated articles (they tie in date order)

QUERIES: dict[str, SearchQuery] = {
    # Text in three languages; with and without expansion.
    "thai-word": SearchQuery(text="เซมิคอนดักเตอร์"),
    "thai-acronym": SearchQuery(text="สวทช."),
    "thai-acronym-no-dot": SearchQuery(text="สวทช", expand=False),
    "thai-phrase": SearchQuery(text="ปัญญาประดิษฐ์"),
    "thai-digits": SearchQuery(text="๒๕๖๖"),
    "vietnamese": SearchQuery(text="bán dẫn"),
    "vietnamese-folded": SearchQuery(text="ban dan", expand=False),
    "vietnamese-doi-moi": SearchQuery(text="doi moi"),
    "vietnamese-hoa": SearchQuery(text="hoà hợp", expand=False),
    "vietnamese-multi": SearchQuery(text="khoa học công nghệ"),
    "english-plural": SearchQuery(text="semiconductors", expand=False),
    "english-expanded": SearchQuery(text="semiconductor"),
    "english-two-words": SearchQuery(text="artificial intelligence"),
    "english-possessive": SearchQuery(text="Thailand's universities", expand=False),
    "translation-only": SearchQuery(text="grants young researchers"),
    "agency-expansion": SearchQuery(text="NSTDA"),
    # The six languages of issue 15: Latin-script words folded, Khmer/Lao/Myanmar segmented.
    "indonesian": SearchQuery(text="kecerdasan artifisial", expand=False),
    "malay": SearchQuery(text="penyelidikan bioteknologi", expand=False),
    "filipino": SearchQuery(text="pananaliksik sa klima", expand=False),
    "khmer-word": SearchQuery(text="បច្ចេកវិទ្យា", expand=False),
    "khmer-unspaced": SearchQuery(text="កិច្ចសហប្រតិបត្តិការវិទ្យាសាស្ត្រ", expand=False),
    "khmer-digits": SearchQuery(text="២០២៤", expand=False),
    "lao-word": SearchQuery(text="ປັນຍາປະດິດ", expand=False),
    "myanmar-word": SearchQuery(text="စွမ်းအင်", expand=False),
    "myanmar-expanded": SearchQuery(text="ကိုရီးယား"),
    "country-in-khmer": SearchQuery(text="កម្ពុជា"),
    "new-languages": SearchQuery(languages=("km", "lo", "my", "id", "ms", "tl")),
    "no-match": SearchQuery(text="zzzzqqq"),
    # Queries that match more than a page of the corpus ask for all of it: under relevance,
    # hits that tie may come in any order, so a page of them is not comparable.
    "match-all": SearchQuery(limit=50),
    # Every facet, OR within, AND across.
    "country": SearchQuery(countries=("VN",)),
    "countries-or": SearchQuery(countries=("SG", "PH")),
    "agency": SearchQuery(agencies=("MOST-VN",)),
    "theme": SearchQuery(themes=("energy",)),
    "language": SearchQuery(languages=("th",)),
    "source": SearchQuery(sources=("bangkokpost-tech", "astar")),
    "cooperation": SearchQuery(cooperation=("mou",)),
    "forum": SearchQuery(forums=("COSTI-84",)),
    "facets-across": SearchQuery(countries=("TH",), themes=("energy", "ai"), languages=("en",)),
    "text-and-facets": SearchQuery(text="semiconductor", countries=("JP",)),
    "extra-facets": SearchQuery(facets=("country", "cooperation", "forum", "month"), limit=50),
    "facet-size": SearchQuery(facet_size=2, limit=50),
    # Dates: the local day of the article, both ends inclusive.
    "since": SearchQuery(since=date(2024, 3, 1), sort="date"),
    "until": SearchQuery(until=date(2023, 12, 31), sort="date"),
    "day-window": SearchQuery(since=date(2024, 1, 1), until=date(2024, 1, 31), sort="date"),
    "month-end": SearchQuery(since=date(2024, 3, 31), until=date(2024, 3, 31)),
    "text-and-dates": SearchQuery(text="semiconductor", since=date(2024, 3, 6), sort="date"),
    # Sorting and paging.
    "date-sort": SearchQuery(sort="date", limit=50),
    "page-1": SearchQuery(sort="date", since=DATED, limit=4, offset=0),
    "page-2": SearchQuery(sort="date", since=DATED, limit=4, offset=4),
    "page-last": SearchQuery(sort="date", since=DATED, limit=4, offset=8),
    "page-beyond": SearchQuery(sort="date", since=DATED, limit=4, offset=40),
    "count-only": SearchQuery(text="semiconductor", limit=0),
    # Highlights.
    "highlight-thai": SearchQuery(text="เซมิคอนดักเตอร์", highlight=True),
    "highlight-vietnamese": SearchQuery(text="doi moi", highlight=True),
    "highlight-english": SearchQuery(text="semiconductor policies", highlight=True),
    "highlight-escaped": SearchQuery(text="clean energy", highlight=True),
    "highlight-khmer": SearchQuery(text="បច្ចេកវិទ្យា", highlight=True, expand=False),
    "highlight-lao": SearchQuery(text="ປັນຍາປະດິດ", highlight=True, expand=False),
    "highlight-myanmar": SearchQuery(text="သုတေသန", highlight=True, expand=False),
    # What articles only mention: filters and counts on it when asked.
    "mentions-off": SearchQuery(countries=("KH",)),
    "mentions-country": SearchQuery(countries=("KH",), mentions=True),
    "mentions-agency-theme": SearchQuery(agencies=("ASEC",), themes=("energy",), mentions=True),
    # every record on one page: with no text, ties would pick a different top 20 per backend
    "mentions-counts": SearchQuery(mentions=True, limit=50),
    "mentions-legacy": SearchQuery(themes=("robotics",), mentions=True),
    # The query language (stiwatch.search.querytext): stop words, OR, phrases, exclusion, partial.
    "stop-words": SearchQuery(text="what Vietnam announced on semiconductors with Japan"),
    "stop-words-date": SearchQuery(text="what Vietnam announced on semiconductors with Japan", sort="date"),
    "or": SearchQuery(text="biotechnology OR energy"),
    "or-expanded": SearchQuery(text="semiconductor OR energy", sort="date"),
    "phrase": SearchQuery(text='"clean energy"'),
    "phrase-miss": SearchQuery(text='"energy clean"'),
    "exclusion": SearchQuery(text="semiconductor -Japan"),
    "exclusion-only": SearchQuery(text="-energy", sort="date"),
    "exclusion-phrase": SearchQuery(text='semiconductor -"talent programme"'),
    "partial-page": SearchQuery(text="semiconductor Japan Vietnam engineers", limit=2, offset=1),
    "partial-off": SearchQuery(text="semiconductor Japan Vietnam engineers", partial=False),
    "partial-collapse": SearchQuery(text="semiconductor Japan Vietnam engineers", collapse=True),
    # Facet modes: all of, partner.
    "countries-all": SearchQuery(countries=("TH", "VN"), all_of=("country",)),
    "agencies-all": SearchQuery(agencies=("ASTAR", "NSTDA"), all_of=("agency",)),
    "partner": SearchQuery(countries=("TH",), partners=("VN",)),
    "partner-any": SearchQuery(countries=("TH",), partners=("VN", "JP")),
    "partner-alone": SearchQuery(partners=("JP",)),
    # One hit per story.
    "collapse": SearchQuery(sort="date", collapse=True),
    "collapse-text": SearchQuery(text="semiconductor", sort="date", collapse=True),
    "collapse-page": SearchQuery(sort="date", since=DATED, collapse=True, limit=3, offset=3),
}


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_same_answers(backends: dict[str, SearchBackend], name: str) -> None:
    query = QUERIES[name]
    embedded = backends["embedded"].search(query)
    elastic = backends["elasticsearch"].search(query)
    assert comparable(elastic, query) == comparable(embedded, query)


def test_the_suite_exercises_real_answers(backends: dict[str, SearchBackend]) -> None:
    """Guard against a suite that passes by comparing empty results."""
    empty = {n for n, q in QUERIES.items() if backends["embedded"].search(q).total == 0}
    # Empty on purpose: an unknown word, words out of the phrase's order, a Thai acronym
    # typed without its dot and searched as typed. Every other query must find something.
    assert empty == {"no-match", "phrase-miss", "thai-acronym-no-dot"}
    assert backends["elasticsearch"].count() == backends["embedded"].count() == len(CORPUS)
    for name, query in QUERIES.items():
        if query.highlight:
            assert backends["embedded"].search(query).highlights, name
        if query.collapse and not query.offset:
            assert any(h["versions"] for h in backends["embedded"].search(query).hits), name


# -- the right answers, on each backend ------------------------------------------------------


def _ids(result: SearchResult) -> set[str]:
    return {h["id"] for h in result.hits}


def test_thai_pre_segmented_words_match(backend: SearchBackend) -> None:
    assert _ids(backend.search(SearchQuery(text="เซมิคอนดักเตอร์", expand=False))) == {"th000000000001"}
    assert "th000000000001" in _ids(backend.search(SearchQuery(text="สวทช.")))


def test_vietnamese_without_diacritics(backend: SearchBackend) -> None:
    assert _ids(backend.search(SearchQuery(text="doi moi", expand=False))) == {"vi000000000002"}


def test_new_languages_find_their_article(backend: SearchBackend) -> None:
    """Khmer, Lao and Myanmar words are found as words, however the query is spaced;
    Indonesian, Malay and Filipino words are found without their diacritics too."""
    expect = {
        "បច្ចេកវិទ្យា": "km000000000001",  # technology: a word between zero-width spaces
        "កិច្ចសហប្រតិបត្តិការ វិទ្យាសាស្ត្រ": "km000000000001",
        "កិច្ចសហប្រតិបត្តិការវិទ្យាសាស្ត្រ": "km000000000001",  # the same two words, unspaced
        "ປັນຍາປະດິດ": "lo000000000001",  # artificial intelligence
        "ກອງປະຊຸມ": "lo000000000001",
        "စွမ်းအင်": "my000000000001",  # energy
        "အလုပ်ရုံဆွေးနွေးပွဲ": "my000000000001",  # workshop
        "kecerdasan artifisial": "id000000000001",
        "penyelidikan bioteknologi": "ms000000000001",
        "pananaliksik sa klima": "tl000000000001",
    }
    for text, rid in expect.items():
        assert _ids(backend.search(SearchQuery(text=text, expand=False))) == {rid}, text
    # Khmer digits are the number 2024, which the Myanmar article writes in its own digits.
    assert _ids(backend.search(SearchQuery(text="២០២៤", expand=False))) == {
        "km000000000001",
        "my000000000001",
    }
    # A Khmer syllable that only occurs inside longer words is not a word of the index.
    assert _ids(backend.search(SearchQuery(text="វិទ្យា", expand=False))) == set()


def test_names_in_new_scripts_expand_to_every_language(backend: SearchBackend) -> None:
    # "Cambodia" expands to កម្ពុជា; ကိုရီးယား (Korea, in Myanmar) to "Korea" in Indonesian.
    assert "km000000000001" in _ids(backend.search(SearchQuery(text="Cambodia")))
    assert {"id000000000001", "my000000000001"} <= _ids(backend.search(SearchQuery(text="ကိုရီးယား")))


def test_highlights_mark_segmented_words(backend: SearchBackend) -> None:
    result = backend.search(SearchQuery(text="បច្ចេកវិទ្យា", highlight=True, expand=False))
    assert set(marked_terms(result.highlights["km000000000001"])) == {"បច្ចេកវិទ្យា"}
    result = backend.search(SearchQuery(text="သုတေသန", highlight=True, expand=False))
    assert set(marked_terms(result.highlights["my000000000001"])) == {"သုတေသန"}


def test_expansion_crosses_languages(backend: SearchBackend) -> None:
    plain = _ids(backend.search(SearchQuery(text="semiconductor", expand=False)))
    expanded = _ids(backend.search(SearchQuery(text="semiconductor")))
    assert "th000000000001" not in plain
    assert {"th000000000001", "vi000000000001"} <= expanded
    assert plain < expanded


def test_translation_text_is_searchable(backend: SearchBackend) -> None:
    assert _ids(backend.search(SearchQuery(text="grants young researchers"))) == {"th000000000003"}


def test_local_day_windows(backend: SearchBackend) -> None:
    # 2024-01-01T00:30+07:00 is 2023-12-31 in UTC: it belongs to 1 January here.
    jan = _ids(backend.search(SearchQuery(since=date(2024, 1, 1), until=date(2024, 1, 1))))
    assert jan == {"vi000000000002"}
    march_end = _ids(backend.search(SearchQuery(since=date(2024, 3, 31), until=date(2024, 3, 31))))
    assert march_end == {"en000000000005"}


def test_date_sort_newest_first_undated_last(backend: SearchBackend) -> None:
    hits = backend.search(SearchQuery(sort="date", limit=50)).hits
    assert hits[0]["id"] == "en000000000006"
    assert {h["id"] for h in hits[-3:]} == {"th000000000003", "vi000000000004", "en000000000007"}


def test_facet_counts_apply_every_filter(backend: SearchBackend) -> None:
    result = backend.search(SearchQuery(countries=("JP",)))
    assert result.total == 3
    assert result.facets["country"] == {"JP": 3, "VN": 2, "TH": 1}
    assert result.facets["theme"] == {"semiconductors": 3, "ai": 2}


def test_mentions_widen_the_tag_filters_and_counts(backend: SearchBackend) -> None:
    # The Khmer record is about Cambodia; th000000000002 only names it.
    assert _ids(backend.search(SearchQuery(countries=("KH",)))) == {"km000000000001"}
    widened = _ids(backend.search(SearchQuery(countries=("KH",), mentions=True)))
    assert widened == {"km000000000001", "th000000000002"}
    about = backend.search(SearchQuery())
    named = backend.search(SearchQuery(mentions=True))
    assert about.facets["country"]["KH"] == 1 and named.facets["country"]["KH"] == 2
    assert named.facets["agency"]["ASEC"] == 1
    # Tags count as mentions too; a record stored without mentions keeps its tags.
    assert named.facets["country"]["TH"] == about.facets["country"]["TH"]
    assert _ids(backend.search(SearchQuery(themes=("robotics",), mentions=True))) == {"en000000000007"}
    # Language, source and the other facets are the same either way.
    assert named.facets["language"] == about.facets["language"]


def test_hits_are_the_stored_records(backend: SearchBackend) -> None:
    by_id = {r["id"]: r for r in CORPUS}
    for hit in backend.search(SearchQuery(limit=50)).hits:
        assert hit == by_id[hit["id"]]


def test_collapse_keeps_the_best_version(backend: SearchBackend) -> None:
    result = backend.search(SearchQuery(text="semiconductor", sort="date", collapse=True))
    chip = [h for h in result.hits if h["story_id"] == "story-chip"]
    assert [h["id"] for h in chip] == ["en000000000004"]
    assert chip[0]["versions"] == ["th000000000001", "vi000000000001"]
    assert result.total == len(result.hits)


def test_highlights_mark_words_as_written(backend: SearchBackend) -> None:
    result = backend.search(SearchQuery(text="doi moi", highlight=True, expand=False))
    snippet = result.highlights["vi000000000002"]
    assert [t.lower() for t in marked_terms(snippet)] == ["đổi", "mới"]
    escaped = backend.search(SearchQuery(text="clean energy", highlight=True)).highlights["en000000000005"]
    assert "<script>" not in escaped and "&lt;script&gt;" in escaped


def test_stop_words_are_ignored_and_partial_matches_follow(backend: SearchBackend) -> None:
    """The README's example finds the chip story; an article missing one word comes after."""
    result = backend.search(SearchQuery(text="what Vietnam announced on semiconductors with Japan"))
    assert result.full_total == 0  # nothing says "announced"
    assert _ids(result) == {"vi000000000001", "en000000000004"}
    assert all(result.missing[h["id"]] == ["announced"] for h in result.hits)
    strict = backend.search(
        SearchQuery(text="what Vietnam announced on semiconductors with Japan", partial=False)
    )
    assert strict.total == 0 and strict.full_total is None


def test_full_matches_rank_before_partial_ones(backend: SearchBackend) -> None:
    query = SearchQuery(text="semiconductor Japan Vietnam engineers", sort="date")
    result = backend.search(query)
    assert result.full_total == 1
    assert result.hits[0]["id"] == "en000000000004"  # the only one with "engineers"
    assert result.missing == {h["id"]: ["engineers"] for h in result.hits[1:]}
    assert result.total == len(result.hits) == 2
    # Pages cut across the tiers without losing or repeating a hit.
    pages = [backend.search(replace(query, limit=1, offset=i)).hits for i in range(2)]
    assert [p[0]["id"] for p in pages] == [h["id"] for h in result.hits]
    # A page the full tier fills counts the partial tier without listing it: same totals.
    for filled in (replace(query, limit=1), replace(query, limit=0)):
        counted = backend.search(filled)
        assert (counted.total, counted.full_total, counted.facets) == (2, 1, result.facets)
    # One story: its full-match version stands for it; its partial versions are not listed again.
    collapsed = backend.search(replace(query, collapse=True))
    assert [h["id"] for h in collapsed.hits] == ["en000000000004"] and collapsed.total == 1


def test_or_phrase_and_exclusion(backend: SearchBackend) -> None:
    # th000000000003 through its English translation.
    assert _ids(backend.search(SearchQuery(text="biotechnology OR energy", expand=False))) == {
        "en000000000003",
        "en000000000005",
        "th000000000003",
    }
    assert _ids(backend.search(SearchQuery(text='"clean energy"'))) == {"en000000000005"}
    assert _ids(backend.search(SearchQuery(text='"energy clean"'))) == set()
    with_japan = _ids(backend.search(SearchQuery(text="semiconductor")))
    without = _ids(backend.search(SearchQuery(text="semiconductor -Japan")))
    # Japan is left out in every language: the Thai and Vietnamese versions name ญี่ปุ่น / Nhật Bản.
    assert {"th000000000001", "vi000000000001", "en000000000002"} <= with_japan
    assert "en000000000002" in without and without < with_japan
    assert not without & {"th000000000001", "vi000000000001"}
    # A lower-case "or" is a stop word, an upper-case one an operator.
    assert backend.search(SearchQuery(text="biotechnology or energy", expand=False)).total == 0


def test_all_of_and_partner_filters(backend: SearchBackend) -> None:
    any_of = _ids(backend.search(SearchQuery(countries=("TH", "VN"))))
    all_of = _ids(backend.search(SearchQuery(countries=("TH", "VN"), all_of=("country",))))
    assert all_of == {"th000000000004", "en000000000002", "en000000000005"}
    assert all_of < any_of
    assert _ids(backend.search(SearchQuery(countries=("TH",), partners=("VN",)))) == all_of
    assert _ids(backend.search(SearchQuery(countries=("TH",), partners=("JP",)))) == {"th000000000001"}
    agencies = backend.search(SearchQuery(agencies=("ASTAR", "NSTDA"), all_of=("agency",)))
    assert _ids(agencies) == {"en000000000001"}


def test_upsert_is_idempotent(backend: SearchBackend, tmp_path: Path) -> None:
    record = copy.deepcopy(CORPUS[0])
    before = backend.count()
    backend.upsert([record])
    backend.upsert([record])
    backend.commit()
    assert backend.count() == before
    assert backend.get(record["id"]) == record


# -- counting: aggregations, trends and the matrix (stiwatch.search.aggregation) -------------

TREND_CASES: dict[str, tuple[SearchQuery, str, str, int]] = {
    "country-month": (SearchQuery(), "country", "month", 10),
    "agency-week": (SearchQuery(), "agency", "week", 5),
    "theme-day-window": (SearchQuery(since=date(2024, 3, 1), until=date(2024, 3, 31)), "theme", "day", 3),
    "language-month": (SearchQuery(text="semiconductor"), "language", "month", 10),
    "source-week-filtered": (SearchQuery(countries=("TH",)), "source", "week", 4),
    "cooperation-month": (SearchQuery(since=date(2023, 10, 1)), "cooperation", "month", 10),
    "empty-window": (SearchQuery(since=date(2021, 1, 1), until=date(2021, 1, 31)), "country", "week", 5),
    "no-match": (SearchQuery(text="zzzzqqq"), "theme", "month", 5),
}


@pytest.mark.parametrize("name", sorted(TREND_CASES))
def test_same_trends(backends: dict[str, SearchBackend], name: str) -> None:
    query, facet, interval, top = TREND_CASES[name]
    embedded = trends(backends["embedded"], query, facet, interval, top=top).to_json()
    elastic = trends(backends["elasticsearch"], query, facet, interval, top=top).to_json()
    assert elastic == embedded


def test_same_matrix(backends: dict[str, SearchBackend]) -> None:
    for query in (SearchQuery(), SearchQuery(languages=("en",)), SearchQuery(text="semiconductor")):
        embedded = matrix(backends["embedded"], query).to_json()
        assert matrix(backends["elasticsearch"], query).to_json() == embedded


def test_same_raw_aggregations(backends: dict[str, SearchBackend]) -> None:
    request = {
        "themes": agg.terms("themes", include=["energy", "ai", "absent"]),
        "days": agg.stats(agg.DAY_FIELD),
        "quarters": agg.day_ranges(
            [("q4", date(2023, 10, 1), date(2023, 12, 31)), ("q1", date(2024, 1, 1), date(2024, 3, 31))],
            sources=agg.terms("source"),
        ),
        "by_day": agg.terms(agg.DAY_FIELD),
    }
    for query in (SearchQuery(), SearchQuery(countries=("VN",)), SearchQuery(text="zzzzqqq")):
        embedded = backends["embedded"].aggregate(query, request)
        assert backends["elasticsearch"].aggregate(query, request) == embedded


def test_trends_count_what_a_search_finds(backend: SearchBackend) -> None:
    """Each bucket's articles are those a search over the bucket's days finds."""
    result = trends(backend, SearchQuery(), "country", "month", top=2)
    assert result.total == len(CORPUS)
    assert result.undated == 3  # no date, no date, "not a date"
    assert result.values == ["TH", "VN"]
    assert sum(b.total for b in result.buckets) == result.total - result.undated
    assert [b.period.key for b in result.buckets][:2] == ["2022-12", "2023-01"]  # empty months kept
    march = next(b for b in result.buckets if b.period.key == "2024-03")
    found = backend.search(SearchQuery(since=date(2024, 3, 1), until=date(2024, 3, 31), countries=("TH",)))
    assert march.by["TH"] == found.total == 2
    assert march.total == backend.search(SearchQuery(since=date(2024, 3, 1), until=date(2024, 3, 31))).total


def test_trend_periods_are_cut_to_the_search_dates(backend: SearchBackend) -> None:
    result = trends(backend, SearchQuery(since=date(2024, 3, 6), until=date(2024, 3, 31)), "theme", "week")
    assert result.buckets[0].period.first == date(2024, 3, 6)
    assert result.buckets[0].period.key == "2024-W10"
    assert result.buckets[-1].period.last == date(2024, 3, 31)
    assert [b.total for b in result.buckets] == [2, 0, 0, 1]


def test_matrix_counts_articles_with_both(backend: SearchBackend) -> None:
    found = matrix(backend, SearchQuery())
    assert found.cells[("VN", "semiconductors")] == 3
    assert found.cells[("TH", "energy")] == 3
    assert ("SG", "biotech") not in found.cells
