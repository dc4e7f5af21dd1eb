"""The percolator (stiwatch.search.percolate) finds what a search finds among new articles,
in the search's order, on both backends; the analysis cache gives back the tokens that
analysing the text again would give."""

from __future__ import annotations

import copy
import sqlite3
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from stiwatch.core.tokencache import CACHE_FILE, TokenCache, analyse
from stiwatch.search.backend import MAX_LIMIT, SearchBackend, SearchQuery
from stiwatch.search.elasticsearch import ElasticsearchBackend, ElasticsearchSettings
from stiwatch.search.embedded import EmbeddedBackend
from stiwatch.search.percolate import BatchMatcher
from stiwatch.search.records import text_parts
from tests.corpus_conformance import CORPUS
from tests.noida import NoidaServer
from tests.test_conformance import QUERIES

CUTOFF = datetime(2025, 6, 1, 12, 0, tzinfo=UTC)
# fetched_at values around the cutoff, in several spellings; the last ones are unreadable
# (a digest counts an article without a readable first-seen time as new).
FETCHED = [
    "2025-06-01T11:59:59+00:00",  # a second before
    "2025-06-01T12:00:00+00:00",  # exactly at the cutoff
    "2025-06-01T19:30:00+07:00",  # after, in another offset
    "2025-06-01T18:00:00+07:00",  # before, in another offset (11:00 UTC)
    "2025-06-01T12:00:00.500000",  # naive: UTC, half a second after
    "2025-05-20T00:00:00+00:00",  # long before
    "",
    "not a time",
]


def corpus() -> list[dict[str, Any]]:
    records = copy.deepcopy(CORPUS)
    for i, record in enumerate(records):
        record["fetched_at"] = FETCHED[i % len(FETCHED)]
    return records


def is_new(record: dict[str, Any]) -> bool:
    try:
        seen = datetime.fromisoformat(record.get("fetched_at") or "")
    except ValueError:
        return True
    return (seen if seen.tzinfo else seen.replace(tzinfo=UTC)) >= CUTOFF


def searched(backend: SearchBackend, query: SearchQuery) -> list[dict[str, Any]]:
    """Every hit of the date-sorted search, page by page (what alerts did per subscription)."""
    hits: list[dict[str, Any]] = []
    query = replace(query, sort="date", limit=MAX_LIMIT, facets=(), collapse=False)
    while True:
        result = backend.search(replace(query, offset=len(hits)))
        hits.extend(result.hits)
        if not result.hits or len(hits) >= result.total:
            return hits


@pytest.fixture(scope="module")
def backends(
    noida_server: NoidaServer, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[dict[str, SearchBackend]]:
    embedded = EmbeddedBackend(tmp_path_factory.mktemp("percolate") / "data")
    elastic = ElasticsearchBackend(ElasticsearchSettings(url=noida_server.url, index_prefix="percolate"))
    opened: dict[str, SearchBackend] = {"embedded": embedded, "elasticsearch": elastic}
    for backend in opened.values():
        backend.upsert(corpus())
        backend.commit()
    yield opened
    for backend in opened.values():
        backend.close()


@pytest.mark.slow
@pytest.mark.parametrize("name", ["embedded", "elasticsearch"])
def test_batch_holds_the_new_articles_in_date_order(backends: dict[str, SearchBackend], name: str) -> None:
    batch = backends[name].fetched_since(CUTOFF)
    assert sorted(r["id"] for r in batch) == sorted(r["id"] for r in corpus() if is_new(r))
    assert 0 < len(batch) < len(CORPUS)
    # The date-sorted search's order, restricted to the new articles.
    everything = searched(backends[name], SearchQuery())
    assert [r["id"] for r in batch] == [r["id"] for r in everything if is_new(r)]


@pytest.mark.slow
@pytest.mark.parametrize("name", ["embedded", "elasticsearch"])
def test_percolator_matches_what_each_search_finds(backends: dict[str, SearchBackend], name: str) -> None:
    backend = backends[name]
    batch = backend.fetched_since(CUTOFF)
    matcher = BatchMatcher(batch)
    nonempty = 0
    for label, query in QUERIES.items():
        want = [r["id"] for r in searched(backend, query) if is_new(r)]
        got = [r["id"] for r in matcher.matches(query)]
        if name == "embedded":
            assert got == want, label
        else:
            # Elasticsearch orders articles published at the same instant by score.
            assert sorted(got) == sorted(want), label
        nonempty += bool(want)
    assert nonempty >= len(QUERIES) // 2  # the comparison is not between empty lists


def test_ties_and_undated_articles_keep_the_index_order(tmp_path: Path) -> None:
    """Articles published at the same instant come in the index's order, whatever it is."""
    words = ["semiconductor", "quantum", "bán dẫn", "เซมิคอนดักเตอร์", "satellite"]
    records = []
    for i in range(120):
        record = copy.deepcopy(CORPUS[i % len(CORPUS)])
        record["id"] = f"tie{i:03d}"
        record["story_id"] = record["id"]
        record["title"] = f"{words[i % len(words)]} {words[(i * 7) % len(words)]} number {i}"
        record["published"] = None if i % 9 == 0 else f"2025-05-{1 + i % 3:02d}T09:00:00+07:00"
        record["fetched_at"] = "2025-06-02T00:00:00+00:00" if i % 4 else "2025-05-01T00:00:00+00:00"
        records.append(record)
    with EmbeddedBackend(tmp_path / "data") as backend:
        for start in range(0, len(records), 25):  # several commits: several segments
            backend.upsert(records[start : start + 25])
            backend.commit()
    # Closed: tantivy's background merges are done, so the segment layout (which orders
    # the ties) is the same for every search below.
    with EmbeddedBackend(tmp_path / "data", read_only=True) as backend:
        matcher = BatchMatcher(backend.fetched_since(CUTOFF))
        for text in [*words, "number", ""]:
            query = SearchQuery(text=text)
            want = [r["id"] for r in searched(backend, query) if is_new(r)]
            assert [r["id"] for r in matcher.matches(query)] == want, text
            assert want


def test_equal_queries_are_matched_once(tmp_path: Path) -> None:
    matcher = BatchMatcher(corpus())
    first = matcher.positions(SearchQuery(text="semiconductor", limit=5))
    again = matcher.positions(SearchQuery(text="semiconductor", limit=50, offset=10, sort="relevance"))
    assert first is again and first
    assert BatchMatcher([]).matches(SearchQuery(text="semiconductor")) == []


def test_token_cache_gives_back_what_analysis_gives(tmp_path: Path) -> None:
    texts = text_parts(corpus())
    cache = TokenCache(tmp_path / CACHE_FILE)
    first = cache.lookup(texts)
    assert (cache.hits, cache.misses) == (0, len(texts))
    assert first == {t: analyse(t) for t in texts}
    cache.close()
    again = TokenCache(tmp_path / CACHE_FILE)  # another process, later
    assert again.lookup(texts) == first
    assert (again.hits, again.misses) == (len(texts), 0)
    again.close()


def test_token_cache_empties_itself_when_the_analysis_changes(tmp_path: Path) -> None:
    path = tmp_path / CACHE_FILE
    cache = TokenCache(path)
    cache.lookup(["สวทช. ร่วมมือกับญี่ปุ่น"])
    cache.close()
    with sqlite3.connect(path) as db:
        db.execute("UPDATE meta SET value = 'an older analysis' WHERE key = 'fingerprint'")
        db.execute("UPDATE tokens SET joined = x'789c4b040000620062'")  # zlib("a"): wrong tokens
    cache = TokenCache(path)
    assert cache.lookup(["สวทช. ร่วมมือกับญี่ปุ่น"]) == {"สวทช. ร่วมมือกับญี่ปุ่น": "สวทช ร่วมมือ กับ ญี่ปุ่น"}
    assert cache.misses == 1
    cache.close()


def test_unusable_token_cache_still_analyses(tmp_path: Path) -> None:
    path = tmp_path / CACHE_FILE
    path.write_bytes(b"this is not a SQLite database" * 100)
    cache = TokenCache(path)
    assert cache.lookup(["quantum technologies"]) == {"quantum technologies": "quantum technology"}
    cache.close()


def test_reindex_and_recrawl_reuse_the_analysis(tmp_path: Path) -> None:
    with EmbeddedBackend(tmp_path / "data") as backend:
        backend.upsert(corpus())
        backend.commit()
        analysed = backend.tokens.misses
        assert analysed == len(text_parts(corpus()))
        backend.upsert(corpus())  # the same texts crawled again
        backend.reindex()
        assert backend.tokens.misses == analysed
        assert backend.search(SearchQuery(text="เซมิคอนดักเตอร์")).total > 0
