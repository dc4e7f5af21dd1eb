"""Concept keys at index time (stiwatch.search.concepts): the field holds the right keys on
both backends, a concept looked up by key finds exactly what its expansion finds (and ranks
it the same), and an index built with another taxonomy falls back to the expansion until
a reindex."""

from __future__ import annotations

import copy
import itertools
import json
import logging
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import tantivy

from bench.bench_search import generate
from stiwatch.search import concepts as concepts_module
from stiwatch.search.backend import SearchQuery
from stiwatch.search.concepts import CONCEPT_FIELD, concept_table, fingerprint
from stiwatch.search.elasticsearch import ElasticsearchBackend, ElasticsearchSettings
from stiwatch.search.elasticsearch import indices as es_indices
from stiwatch.search.elasticsearch.query import build_query as es_query
from stiwatch.search.embedded import EmbeddedBackend
from stiwatch.search.embedded import index as ix
from stiwatch.search.embedded.version import VERSION_FILE
from stiwatch.search.querytext import Clause, parse_text
from tests.corpus_conformance import CORPUS
from tests.noida import NoidaServer

pytestmark = pytest.mark.slow


def _doc(rid: str, language: str, title: str, text: str) -> dict[str, Any]:
    return {"id": rid, "url": f"https://x.example/{rid}", "source": "manual", "language": language,
            "title": title, "text": text}  # fmt: skip


DOCS = [
    _doc("k-en", "en", "Semiconductor talks", "Thailand and Japan discussed semiconductor supply chains."),
    _doc("k-th", "th", "ความร่วมมือเซมิคอนดักเตอร์", "ไทยและญี่ปุ่นหารือความร่วมมือด้านเซมิคอนดักเตอร์"),
    _doc("k-vi", "vi", "Hợp tác bán dẫn", "Việt Nam và Nhật Bản thảo luận về công nghiệp bán dẫn."),
    # The two syllables apart: not the concept.
    _doc("k-apart", "vi", "Bán hàng", "Doanh nghiệp bán sản phẩm và dẫn đầu thị trường."),
    # Folded: no diacritics, still the concept (the folded fields match it).
    _doc("k-folded", "vi", "Hop tac ban dan", "Viet Nam va Nhat Ban thao luan ve cong nghiep ban dan."),
    _doc("k-nstda", "th", "สวทช. ลงนาม", "สำนักงานพัฒนาวิทยาศาสตร์และเทคโนโลยีแห่งชาติ ลงนามความร่วมมือ"),
    # "thái độ" (attitude) is not Thailand: the short alias "Thai" is no alternative.
    _doc("k-thai", "vi", "Thái độ tích cực", "Một thái độ tích cực trong nghiên cứu."),
]
EXPECTED = {
    "k-en": {"countries:TH", "countries:JP", "themes:semiconductors:0"},
    "k-th": {"countries:TH", "countries:JP", "themes:semiconductors:0"},
    "k-vi": {"countries:VN", "countries:JP", "themes:semiconductors:0"},
    "k-folded": {"countries:VN", "countries:JP", "themes:semiconductors:0"},
    "k-nstda": {"agencies:NSTDA"},
}
ABSENT = {"k-apart": "themes:semiconductors:0", "k-thai": "countries:TH"}


_prefixes = itertools.count()


def _prefix() -> str:
    return f"concepts{next(_prefixes)}x{int(time.time() * 1000) % 100000}"


def _records() -> list[dict[str, Any]]:
    # The conformance corpus (nine languages), the examples above and synthetic STI news
    # in Thai, Vietnamese and English that names many concepts.
    return [*copy.deepcopy(CORPUS), *copy.deepcopy(DOCS), *generate(400, seed=7)]


@pytest.fixture(scope="module")
def embedded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmbeddedBackend]:
    backend = EmbeddedBackend(tmp_path_factory.mktemp("concepts") / "data")
    backend.upsert(_records())
    backend.commit()
    yield backend
    backend.close()


@pytest.fixture(scope="module")
def elastic(noida_server: NoidaServer) -> Iterator[ElasticsearchBackend]:
    backend = ElasticsearchBackend(ElasticsearchSettings(url=noida_server.url, index_prefix=_prefix()))
    backend.upsert(_records())
    backend.commit()
    yield backend
    backend.close()


def _embedded_ids(backend: EmbeddedBackend, query: tantivy.Query) -> list[str]:
    backend._index.reload()
    searcher = backend._index.searcher()
    found = searcher.search(query, 10_000)
    return [searcher.doc(address)[ix.ID_FIELD][0] for _, address in found.hits]


def _es_hits(backend: ElasticsearchBackend, query: dict[str, Any]) -> list[tuple[str, float]]:
    body = {"query": query, "size": 10_000, "sort": [{"_score": "desc"}, {"id": "asc"}], "_source": False}
    response = backend.client.search(index=backend.names.read_alias, body=body)
    return [(hit["_id"], round(float(hit["_score"] or 0.0), 4)) for hit in response["hits"]["hits"]]


def _whole_concept(key: str) -> Clause:
    """A clause of every alternative of concept ``key`` (nothing pruned)."""
    alternatives = concept_table()[key]
    return Clause(key, 0, 0, alternatives, concepts=(key,), residual=())


def test_the_field_holds_the_concepts_each_document_contains(
    embedded: EmbeddedBackend, elastic: ElasticsearchBackend
) -> None:
    schema = embedded._schema
    for rid, keys in EXPECTED.items():
        for key in keys:
            assert rid in _embedded_ids(embedded, tantivy.Query.term_query(schema, CONCEPT_FIELD, key)), key
            assert rid in {i for i, _ in _es_hits(elastic, {"term": {CONCEPT_FIELD: key}})}, key
    for rid, key in ABSENT.items():
        assert rid not in _embedded_ids(embedded, tantivy.Query.term_query(schema, CONCEPT_FIELD, key))
        assert rid not in {i for i, _ in _es_hits(elastic, {"term": {CONCEPT_FIELD: key}})}


def test_every_concept_key_matches_what_its_expansion_matches(embedded: EmbeddedBackend) -> None:
    """Document for document, for every concept of the taxonomy."""
    schema = embedded._schema
    found_some = 0
    for key in concept_table():
        clause = _whole_concept(key)
        by_key = set(_embedded_ids(embedded, ix._clause(schema, clause, True, False)))
        expanded = set(_embedded_ids(embedded, ix._clause(schema, clause, False, True)))
        assert by_key == expanded, key
        found_some += bool(by_key)
    assert found_some >= 40  # the corpus names many concepts: the comparison is not empty


def test_elasticsearch_concept_keys_match_the_expansion(elastic: ElasticsearchBackend) -> None:
    from stiwatch.search.elasticsearch.query import _clause as es_clause

    keys = sorted({k for keys in EXPECTED.values() for k in keys} | {"themes:ai:0", "countries:KH"})
    for key in keys:
        clause = _whole_concept(key)
        by_key = {i for i, _ in _es_hits(elastic, es_clause(clause, True, False))}
        expanded = {i for i, _ in _es_hits(elastic, es_clause(clause, False, True))}
        assert by_key == expanded and by_key, key


QUERIES = [
    "semiconductor",
    "เซมิคอนดักเตอร์",
    "bán dẫn",
    "semiconductor policies",
    "quantum technologies",
    "NSTDA",
    "Thai",  # the typed word is looked up beside the concept (the alias is too short)
    "Japan semiconductor engineers",
    "semiconductor OR energy",
    "semiconductor -Japan",
    "artificial intelligence Vietnam",
    "ปัญญาประดิษฐ์",
    "កម្ពុជា",
    "ကိုရီးယား",
]


@pytest.mark.parametrize("text", QUERIES)
def test_concept_queries_find_and_rank_as_the_expansion_did(
    embedded: EmbeddedBackend, elastic: ElasticsearchBackend, text: str
) -> None:
    assert any(c.concepts for c in parse_text(text).required + parse_text(text).excluded)
    schema = embedded._schema
    for tier in ("full", "partial", "any"):
        query = SearchQuery(text=text, limit=500)
        before = ix.build_query(schema, query, tier)
        after = ix.build_query(schema, query, tier, concepts=True)
        matching = ix.build_query(schema, query, tier, concepts=True, scored=False)
        # Same documents in the same order: the scores are the expansion's.
        assert _embedded_ids(embedded, after) == _embedded_ids(embedded, before), tier
        assert set(_embedded_ids(embedded, matching)) == set(_embedded_ids(embedded, before)), tier
        es_before = _es_hits(elastic, es_query(query, tier))
        assert _es_hits(elastic, es_query(query, tier, concepts=True)) == es_before, tier
        es_matching = {i for i, _ in _es_hits(elastic, es_query(query, tier, concepts=True, scored=False))}
        assert es_matching == {i for i, _ in es_before}, tier
    # And the backends use the field (fresh indexes).
    assert embedded.concepts_indexed and elastic.concepts_indexed


def test_a_stale_embedded_index_expands_until_reindex(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    data = tmp_path / "data"
    # An index built by a taxonomy that knew none of these concepts: no keys stored.
    with monkeypatch.context() as patched:
        patched.setattr(ix, "concept_keys", lambda *fields: [])
        with EmbeddedBackend(data) as backend:
            backend.upsert(copy.deepcopy(DOCS))
    version = json.loads((data / VERSION_FILE).read_text(encoding="utf-8"))
    # Same fingerprint: the key is trusted and finds nothing (what the fallback prevents).
    with EmbeddedBackend(data) as backend:
        assert backend.concepts_indexed
        assert backend.search(SearchQuery(text="semiconductor")).total == 0
    (data / VERSION_FILE).write_text(json.dumps({**version, "concepts": "older"}), encoding="utf-8")
    with caplog.at_level(logging.WARNING), EmbeddedBackend(data) as backend:
        assert not backend.concepts_indexed
        first = backend.search(SearchQuery(text="semiconductor", limit=50))
        again = backend.search(SearchQuery(text="bán dẫn", limit=50))
        assert {h["id"] for h in first.hits} == {"k-en", "k-th", "k-vi", "k-folded"}
        assert {h["id"] for h in again.hits} == {h["id"] for h in first.hits}
        assert len([r for r in caplog.records if "another taxonomy" in r.getMessage()]) == 1
        backend.reindex()
        assert backend.concepts_indexed
        assert json.loads((data / VERSION_FILE).read_text(encoding="utf-8"))["concepts"] == fingerprint()
        after = backend.search(SearchQuery(text="semiconductor", limit=50))
        assert [h["id"] for h in after.hits] == [h["id"] for h in first.hits]


def test_a_stale_elasticsearch_index_expands_until_reindex(
    noida_server: NoidaServer, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    settings = ElasticsearchSettings(url=noida_server.url, index_prefix=_prefix())
    with monkeypatch.context() as patched:
        patched.setattr(concepts_module, "concept_matcher", lambda: concepts_module.ConceptMatcher({}))
        with ElasticsearchBackend(settings) as backend:
            backend.upsert(copy.deepcopy(DOCS))
    with ElasticsearchBackend(settings) as backend:
        index = es_indices.alias_targets(backend.client, backend.names.read_alias)[0]
        assert backend.concepts_indexed  # trusted: the key finds nothing
        assert backend.search(SearchQuery(text="semiconductor")).total == 0
        # What an index of an older mapping looks like once given the new fields.
        es_indices.add_new_fields(backend.client, index)
    with caplog.at_level(logging.WARNING), ElasticsearchBackend(settings) as backend:
        assert not backend.concepts_indexed
        found = {h["id"] for h in backend.search(SearchQuery(text="semiconductor", limit=50)).hits}
        assert found == {"k-en", "k-th", "k-vi", "k-folded"}
        backend.search(SearchQuery(text="NSTDA"))
        assert len([r for r in caplog.records if "another taxonomy" in r.getMessage()]) == 1
        backend.reindex()
        assert backend.concepts_indexed
        assert {h["id"] for h in backend.search(SearchQuery(text="semiconductor", limit=50)).hits} == found
