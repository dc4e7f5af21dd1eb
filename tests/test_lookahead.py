"""The dedupe stage's lookahead against a real embedded store on disk: the stored
versions of the articles in flight come back in one request, and each answer is the
store's."""

from __future__ import annotations

import copy
from pathlib import Path
from types import SimpleNamespace

from stiwatch.core.article import article_id
from stiwatch.pipelines.lookahead import BATCH, StoredLookahead
from stiwatch.search.embedded import EmbeddedBackend
from tests.corpus_conformance import CORPUS


def _stored(tmp_path: Path, urls: list[str]) -> EmbeddedBackend:
    backend = EmbeddedBackend(tmp_path / "data")
    records = []
    for i, url in enumerate(urls):
        record = copy.deepcopy(CORPUS[0])
        record.update(id=article_id(url), url=url, title=f"stored {i}")
        records.append(record)
    backend.upsert(records)
    backend.commit()
    return backend


class _Counting:
    def __init__(self, store: EmbeddedBackend) -> None:
        self.store = store
        self.asked: list[list[str]] = []

    def get_many(self, ids: list[str]) -> list[dict[str, object]]:
        self.asked.append(list(ids))
        return self.store.get_many(ids)


def test_articles_in_flight_are_asked_for_together(tmp_path: Path) -> None:
    stored = [f"https://example.org/news/{i}" for i in range(0, 10, 2)]
    store = _Counting(_stored(tmp_path, stored))
    lookahead = StoredLookahead(store)  # type: ignore[arg-type]
    urls = [f"https://example.org/news/{i}" for i in range(10)]
    for url in urls:
        lookahead.expect_request(SimpleNamespace(url=url, meta={"kind": "article"}))
    lookahead.expect_request(SimpleNamespace(url="https://example.org/feed", meta={"kind": "feed"}))
    answers = [lookahead.get(article_id(url)) for url in urls]
    assert len(store.asked) == 1 and len(store.asked[0]) == 10  # the feed is not an article
    assert [a is not None for a in answers] == [i % 2 == 0 for i in range(10)]
    assert answers[4] is not None and answers[4]["title"] == "stored 2"
    # Asked once: an article processed again (a redirect to a known URL) asks anew.
    assert lookahead.get(article_id(urls[0])) is not None and len(store.asked) == 2
    store.store.close()


def test_an_unannounced_article_is_asked_for_with_at_most_a_batch(tmp_path: Path) -> None:
    store = _Counting(_stored(tmp_path, ["https://example.org/a"]))
    lookahead = StoredLookahead(store)  # type: ignore[arg-type]
    for i in range(BATCH * 2):
        lookahead.expect(f"https://example.org/next/{i}")
    assert lookahead.get(article_id("https://example.org/a")) is not None
    assert [len(ids) for ids in store.asked] == [BATCH]
    store.store.close()
