"""How the Elasticsearch backend writes, against a real noida-db server: a crawl's batches
refreshed once at the end, and workers that open a new index at the same time agreeing on
one."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from elasticsearch import Elasticsearch

from stiwatch.core.article import Article
from stiwatch.pipelines.spool import Spool
from stiwatch.pipelines.store import StorePipeline
from stiwatch.search.elasticsearch import ElasticsearchBackend, ElasticsearchSettings, indices
from stiwatch.search.elasticsearch.mappings import IndexNames
from stiwatch.search.embedded import EmbeddedBackend
from tests.corpus_conformance import CORPUS
from tests.noida import NoidaServer

pytestmark = pytest.mark.slow


@pytest.fixture
def es(noida_server: NoidaServer, es_prefix: str) -> Iterator[ElasticsearchBackend]:
    backend = ElasticsearchBackend(ElasticsearchSettings(url=noida_server.url, index_prefix=es_prefix))
    yield backend
    backend.close()
    _drop(noida_server.url, es_prefix)


def _drop(url: str, prefix: str) -> None:
    with Elasticsearch(url) as client:
        for index in client.indices.get(index=f"{prefix}-*").body:
            client.indices.delete(index=index)


def _records(n: int) -> list[dict[str, Any]]:
    base = CORPUS[0]
    records = []
    for i in range(n):
        record = copy.deepcopy(base)
        record["id"] = f"write-{i:03d}"
        record["url"] = f"https://example.org/write/{i}"
        record["title"] = f"{base['title']} {i}"
        records.append(record)
    return records


class _CountingCommits(ElasticsearchBackend):
    commits = 0

    def commit(self) -> None:
        self.commits += 1
        super().commit()


def test_a_crawl_refreshes_elasticsearch_once_at_the_end(
    noida_server: NoidaServer, es_prefix: str, tmp_path: Path
) -> None:
    backend = _CountingCommits(ElasticsearchSettings(url=noida_server.url, index_prefix=es_prefix))
    try:
        pipeline = StorePipeline(backend, Spool(tmp_path / "spool"), batch_size=2)
        for record in _records(5):
            pipeline.process_item(Article.from_record(record))
        assert backend.commits == 0  # two batches written, durable, not refreshed one by one
        pipeline.close_spider()
        assert backend.commits == 1
        # Searchable as soon as the crawl ends.
        assert backend.client.count(index=backend.names.read_alias)["count"] == 5
    finally:
        backend.close()
        _drop(noida_server.url, es_prefix)


def test_the_embedded_store_still_commits_every_batch(tmp_path: Path) -> None:
    backend = EmbeddedBackend(tmp_path / "data")
    commits: list[int] = []
    real_commit = backend.commit

    def commit() -> None:
        commits.append(1)
        real_commit()

    backend.commit = commit  # type: ignore[method-assign]
    try:
        pipeline = StorePipeline(backend, Spool(tmp_path / "spool"), batch_size=2)
        for record in _records(5):
            pipeline.process_item(Article.from_record(record))
        assert len(commits) == 2  # its commit is what makes a batch durable
        pipeline.close_spider()
        assert len(commits) == 3 and backend.count() == 5
    finally:
        backend.close()


def test_workers_opening_a_new_index_together_agree_on_one(
    noida_server: NoidaServer, es_prefix: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    names = IndexNames(es_prefix)
    real_targets = indices.alias_targets
    reads: list[str] = []

    def targets_after_another_worker(client: Elasticsearch, alias: str) -> list[str]:
        reads.append(alias)
        if len(reads) == 1:
            # Another worker creates the first version, with its aliases, right after this
            # worker found no alias.
            other = ElasticsearchBackend(ElasticsearchSettings(url=noida_server.url, index_prefix=es_prefix))
            other.close()
            return []
        return real_targets(client, alias)

    monkeypatch.setattr(indices, "alias_targets", targets_after_another_worker)
    try:
        with Elasticsearch(noida_server.url) as client:
            indices.ensure_template(client, names)
            chosen = indices.ensure_index(client, names)
            assert chosen == names.version_index(1)
            assert indices.versioned_indices(client, names) == [names.version_index(1)]
    finally:
        _drop(noida_server.url, es_prefix)
