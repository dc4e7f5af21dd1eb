"""The Elasticsearch backend against a real noida-db server: spooling when the cluster
is down or refuses writes, one-line errors, per-item bulk failures and retries, and
reindexing behind aliases without losing writes."""

from __future__ import annotations

import copy
import http.server
import json
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from elasticsearch import Elasticsearch

from stiwatch.core.article import Article
from stiwatch.pipelines.spool import Spool
from stiwatch.pipelines.store import StorePipeline
from stiwatch.search.backend import BackendUnavailable, SearchQuery, UpsertFailed
from stiwatch.search.elasticsearch import ElasticsearchBackend, ElasticsearchSettings, bulk
from stiwatch.search.elasticsearch.mappings import IndexNames
from stiwatch.search.embedded import EmbeddedBackend
from tests.conftest import run_cli
from tests.corpus_conformance import CORPUS
from tests.noida import NoidaServer, free_port

pytestmark = pytest.mark.slow


def _settings(url: str, prefix: str, **kw: Any) -> ElasticsearchSettings:
    return ElasticsearchSettings(url=url, index_prefix=prefix, **kw)


def _env(url: str, prefix: str) -> dict[str, str]:
    return {
        "STIWATCH_SEARCH_BACKEND": "elasticsearch",
        "STIWATCH_ELASTICSEARCH_URL": url,
        "STIWATCH_ELASTICSEARCH_INDEX_PREFIX": prefix,
        "STIWATCH_ELASTICSEARCH_RETRIES": "2",
    }


@pytest.fixture
def es(noida_server: NoidaServer, es_prefix: str) -> Iterator[ElasticsearchBackend]:
    backend = ElasticsearchBackend(_settings(noida_server.url, es_prefix), retry_backoff=0.01)
    yield backend
    backend.close()
    with Elasticsearch(noida_server.url) as client:
        for index in client.indices.get(index=f"{es_prefix}-*").body:
            client.indices.delete(index=index)


def _records(n: int = 4) -> list[dict[str, Any]]:
    return copy.deepcopy(CORPUS[:n])


def _block_writes(backend: ElasticsearchBackend, setting: str, value: bool | None) -> None:
    backend.client.indices.put_settings(index=backend.names.write_alias, settings={setting: value})


# -- errors -----------------------------------------------------------------------------------


def test_unreachable_cluster_is_one_line_naming_url_and_cause() -> None:
    url = f"http://127.0.0.1:{free_port()}"
    with pytest.raises(BackendUnavailable) as caught:
        ElasticsearchBackend(_settings(url, "x", retries=1))
    message = str(caught.value)
    assert url in message and "unreachable" in message and "refused" in message.lower()
    assert "\n" not in message


def test_cli_reports_unreachable_cluster_in_one_line(tmp_path: Path) -> None:
    url = f"http://127.0.0.1:{free_port()}"
    proc = run_cli(["search", "anything"], tmp_path / "data", env=_env(url, "x"))
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert lines[0].startswith("stiwatch: error: Elasticsearch at " + url)


def test_something_else_on_the_port_is_named() -> None:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), http.server.SimpleHTTPRequestHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}"
        with pytest.raises(BackendUnavailable, match="not Elasticsearch"):
            ElasticsearchBackend(_settings(url, "x", retries=1))
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        ({"url": "localhost:9200"}, r"not an http\(s\) URL"),
        ({"url": "http://127.0.0.1:9200", "username": "elastic"}, "set both"),
        ({"url": "http://127.0.0.1:9200", "index_prefix": "Bad Prefix"}, "not a valid index name"),
    ],
)
def test_misconfiguration_is_reported(options: dict[str, str], expected: str) -> None:
    with pytest.raises(BackendUnavailable, match=expected):
        ElasticsearchSettings.from_options(options)


# -- writes, spool, retries -----------------------------------------------------------------------


def test_per_item_failures_spool_only_the_refused_records(es: ElasticsearchBackend, tmp_path: Path) -> None:
    records = _records(3)
    bad = copy.deepcopy(records[1])
    bad["id"] = "x" * 600  # Elasticsearch refuses ids over 512 bytes, item by item
    with pytest.raises(UpsertFailed) as caught:
        es.upsert([records[0], bad, records[2]])
    assert caught.value.failed == [bad]
    assert caught.value.written == 2
    assert "action_request_validation_exception" in str(caught.value)
    es.commit()
    assert es.count() == 2

    spool = Spool(tmp_path / "spool")
    pipeline = StorePipeline(es, spool)
    articles = [Article.from_record(r) for r in (records[0], bad)]
    for article in articles:
        pipeline.process_item(article)
    pipeline.flush()
    assert spool.pending() == 1
    assert [e.record["id"] for e in spool.entries(spool.files()[0])] == [bad["id"]]


def test_refused_writes_are_spooled_and_replayed_by_the_cli(
    es: ElasticsearchBackend, noida_server: NoidaServer, es_prefix: str, tmp_path: Path
) -> None:
    data_dir = tmp_path / "data"
    spool = Spool(data_dir / "spool")
    records = _records(5)
    _block_writes(es, "index.blocks.write", True)
    try:
        pipeline = StorePipeline(es, spool)
        for record in records:
            pipeline.process_item(Article.from_record(record))
        pipeline.close_spider()
    finally:
        _block_writes(es, "index.blocks.write", None)
    assert spool.pending() == 5
    assert es.count() == 0

    proc = run_cli(["index", "--replay-spool"], data_dir, env=_env(noida_server.url, es_prefix))
    assert proc.returncode == 0, proc.stderr
    assert "sent 5 spooled articles" in proc.stdout
    assert spool.pending() == 0
    assert sorted(r["id"] for r in es.iter_records()) == sorted(r["id"] for r in records)


def test_replay_keeps_what_is_still_refused(es: ElasticsearchBackend, tmp_path: Path) -> None:
    spool = Spool(tmp_path / "spool")
    good, bad = _records(2)
    bad["id"] = "y" * 600
    spool.add([good, bad])
    result = spool.replay(es)
    assert (result.sent, result.refused) == (1, 1)
    assert "1 still refused and kept in the spool" in result.describe()
    assert spool.pending() == 1
    assert [e.record["id"] for e in spool.entries(spool.files()[0])] == [bad["id"]]
    assert es.get(good["id"]) == good


def test_cluster_down_spools_everything_and_nothing_is_lost(tmp_path: Path) -> None:
    server = NoidaServer(tmp_path / "noida").start()
    try:
        backend = ElasticsearchBackend(_settings(server.url, "down", retries=2), retry_backoff=0.01)
        records = _records(4)
        backend.upsert(records[:1])
        backend.commit()
        server.stop()

        with pytest.raises(UpsertFailed) as caught:
            backend.upsert(records[1:])
        assert caught.value.failed == records[1:] and caught.value.written == 0
        assert server.url in str(caught.value)

        spool = Spool(tmp_path / "spool")
        pipeline = StorePipeline(backend, spool)
        for record in records[1:]:
            pipeline.process_item(Article.from_record(record))
        pipeline.close_spider()
        assert spool.pending() == 3
        backend.client.close()

        server.start()  # same port, same data directory
        with ElasticsearchBackend(_settings(server.url, "down")) as again:
            assert spool.replay(again).sent == 3
            assert sorted(r["id"] for r in again.iter_records()) == sorted(r["id"] for r in records)
    finally:
        server.stop()


def test_pushed_back_items_are_retried(es: ElasticsearchBackend) -> None:
    records = _records(3)
    actions = [bulk.Action("index", es.names.write_alias, r["id"], {"id": r["id"]}) for r in records]
    # The flood-stage block answers 429 per item; it is lifted during the backoff,
    # as when an operator frees disk space.
    _block_writes(es, "index.blocks.read_only_allow_delete", True)
    pauses: list[float] = []

    def recover(seconds: float) -> None:
        pauses.append(seconds)
        _block_writes(es, "index.blocks.read_only_allow_delete", None)

    outcome = bulk.write(es.client, actions, retries=3, backoff=0.25, sleep=recover)
    assert pauses == [0.25]
    assert outcome.succeeded == [0, 1, 2] and not outcome.failed


def test_retries_are_bounded(es: ElasticsearchBackend) -> None:
    actions = [bulk.Action("index", es.names.write_alias, "one", {"id": "one"})]
    _block_writes(es, "index.blocks.read_only_allow_delete", True)
    pauses: list[float] = []
    try:
        outcome = bulk.write(es.client, actions, retries=3, backoff=0.5, sleep=pauses.append)
    finally:
        _block_writes(es, "index.blocks.read_only_allow_delete", None)
    assert pauses == [0.5, 1.0]
    assert outcome.failed[0][0] == 429 and "flood-stage" in outcome.failed[0][1]


def test_the_next_request_is_built_while_one_is_in_flight(
    es: ElasticsearchBackend, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Two actions a request: request 1 goes once action 3 is drawn; action 5 fills
    # request 2. A writer that built everything first, or waited for each request before
    # drawing on, fails one of the two checks (the wait below times out in the second).
    monkeypatch.setattr(bulk, "MAX_REQUEST_ITEMS", 2)
    drawn: list[int] = []
    fifth_drawn = threading.Event()
    seen_at_first_request: list[int] = []
    send = es.client.bulk

    def in_flight(**kwargs: Any) -> Any:
        if not seen_at_first_request:
            seen_at_first_request.append(len(drawn))
            assert fifth_drawn.wait(timeout=30), "nothing was drawn while the request was in flight"
        return send(**kwargs)

    monkeypatch.setattr(es.client, "bulk", in_flight)

    def actions() -> Iterator[bulk.Action]:
        for n in range(6):
            drawn.append(n)
            if n == 4:
                fifth_drawn.set()
            yield bulk.Action("index", es.names.write_alias, f"doc-{n}", {"id": f"doc-{n}"})

    outcome = bulk.write(es.client, actions())
    assert seen_at_first_request == [3]
    assert outcome.succeeded == list(range(6)) and not outcome.failed


def test_an_error_drawing_actions_waits_for_the_request_in_flight(
    es: ElasticsearchBackend, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(bulk, "MAX_REQUEST_ITEMS", 2)
    answered: list[int] = []
    send = es.client.bulk

    def counted(**kwargs: Any) -> Any:
        response = send(**kwargs)
        answered.append(len(response["items"]))
        return response

    monkeypatch.setattr(es.client, "bulk", counted)

    def actions() -> Iterator[bulk.Action]:
        for n in range(3):
            yield bulk.Action("index", es.names.write_alias, f"doc-{n}", {"id": f"doc-{n}"})
        raise ValueError("a document that cannot be built")

    with pytest.raises(ValueError, match="cannot be built"):
        bulk.write(es.client, actions())
    # Request 1 (two actions) was in flight when the error came; it ended first.
    assert answered == [2]


def test_crawl_summary_counts_spooled_articles(
    noida_server: NoidaServer, es_prefix: str, tmp_path: Path
) -> None:
    env = _env(noida_server.url, es_prefix)
    names = IndexNames(es_prefix)
    with ElasticsearchBackend(_settings(noida_server.url, es_prefix)) as backend:
        _block_writes(backend, "index.blocks.write", True)
        data_dir = tmp_path / "data"
        try:
            proc = run_cli(["crawl", "--replay", "--source", "baochinhphu", "--json"], data_dir, env=env)
        finally:
            _block_writes(backend, "index.blocks.write", None)
        assert proc.returncode == 0, proc.stderr[-3000:]
        totals = json.loads(proc.stdout)["totals"]
        assert totals["new"] >= 2
        assert totals["spooled"] == totals["new"] + totals["updated"]
        assert backend.count() == 0

        proc = run_cli(["index", "--replay-spool"], data_dir, env=env)
        assert proc.returncode == 0, proc.stderr
        backend.client.indices.refresh(index=names.read_alias)
        assert backend.count() == totals["spooled"]


# -- reindex ----------------------------------------------------------------------------------


def test_reindex_swaps_aliases_and_keeps_concurrent_writes(es: ElasticsearchBackend) -> None:
    records = _records(6)
    es.upsert(records)
    es.commit()
    names = es.names
    (old,) = es.client.indices.get_alias(name=names.read_alias).body

    late = copy.deepcopy(CORPUS[7])
    changed = copy.deepcopy(records[0])
    changed["title"] = "Updated while the reindex was copying"

    def source() -> Iterator[dict[str, Any]]:
        for i, record in enumerate(es.iter_records()):
            if i == 2:
                # A crawl writes during the copy: a new article and a newer version of one
                # the copy has already passed (and one it has not).
                es.upsert([late, changed])
                # Searches keep answering from the complete old index meanwhile.
                assert es.search(SearchQuery(limit=0)).total == 6
            yield record

    copied = es.reindex(source())
    assert copied == 6
    aliases = es.client.indices.get_alias(index=f"{names.base}-*").body
    (new,) = aliases
    assert new != old and names.version_of(new) == (names.version_of(old) or 0) + 1
    assert set(aliases[new]["aliases"]) == {names.read_alias, names.write_alias}
    assert not es.client.indices.exists(index=old)
    assert es.count() == 7
    assert es.get(changed["id"]) == changed
    assert es.get(late["id"]) == late


def test_reindex_from_embedded_store(noida_server: NoidaServer, es_prefix: str, tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    with EmbeddedBackend(data_dir) as embedded:
        embedded.upsert(copy.deepcopy(CORPUS))
    proc = run_cli(["reindex", "--from-embedded"], data_dir, env=_env(noida_server.url, es_prefix))
    assert proc.returncode == 0, proc.stderr
    assert f"reindexed {len(CORPUS)} articles" in proc.stdout
    with ElasticsearchBackend(_settings(noida_server.url, es_prefix)) as backend:
        assert sorted(r["id"] for r in backend.iter_records()) == sorted(r["id"] for r in CORPUS)
        result = backend.search(SearchQuery(text="semiconductor", countries=("JP",)))
        assert result.total == 3


def test_reindex_from_embedded_needs_the_store(
    noida_server: NoidaServer, es_prefix: str, tmp_path: Path
) -> None:
    proc = run_cli(["reindex", "--from-embedded"], tmp_path / "empty", env=_env(noida_server.url, es_prefix))
    assert proc.returncode == 2
    assert "no embedded article store" in proc.stderr


def test_delete_and_get_many(es: ElasticsearchBackend) -> None:
    records = _records(4)
    es.upsert(records)
    es.commit()
    ids = [r["id"] for r in records]
    assert [r["id"] for r in es.get_many([ids[2], "missing", ids[0]])] == [ids[2], ids[0]]
    assert es.delete([ids[0], "missing"]) == 1
    es.commit()
    assert es.get(ids[0]) is None and es.count() == 3


# -- an index built by an older mapping ---------------------------------------------------------


def test_an_index_from_before_mentions_takes_the_new_fields_in_place(
    noida_server: NoidaServer, es_prefix: str
) -> None:
    from stiwatch.search.elasticsearch import mappings

    names = IndexNames(es_prefix)
    old = mappings.index_mappings()
    for facet in ("countries", "agencies", "themes"):
        del old["properties"][f"{facet}_mentioned"]
    old["_meta"] = {**old["_meta"], "stiwatch_mapping": 1}
    with Elasticsearch(noida_server.url) as client:
        client.indices.create(
            index=names.version_index(1),
            settings=mappings.index_settings(),
            mappings=old,
            aliases={names.read_alias: {}, names.write_alias: {"is_write_index": True}},
        )
    try:
        backend = ElasticsearchBackend(_settings(noida_server.url, es_prefix), retry_backoff=0.01)
        record = copy.deepcopy(CORPUS[1])  # it mentions KH
        backend.upsert([record])
        backend.commit()
        assert [h["id"] for h in backend.search(SearchQuery(countries=("KH",), mentions=True)).hits] == [
            record["id"]
        ]
        backend.close()
    finally:
        with Elasticsearch(noida_server.url) as client:
            for index in client.indices.get(index=f"{es_prefix}-*").body:
                client.indices.delete(index=index)
