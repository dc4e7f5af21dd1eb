"""The spool and the outage, piece by piece, on the real embedded backend: what a spooled
record becomes on replay, the dedupe stage while the store is down, the outage record
shared by processes, the health line, and a crawl's job state after a kill."""

from __future__ import annotations

import copy
import fcntl
from pathlib import Path
from typing import Any

import pytest

from stiwatch.core.article import Article
from stiwatch.core.outage import OutageRecord
from stiwatch.core.store import BackendUnavailable, UpsertFailed
from stiwatch.operate.crawl import RUNNING_MARK, close_job_dir, open_job_dir
from stiwatch.operate.health import backend_status
from stiwatch.pipelines.dedupe import DedupeStage, content_hash
from stiwatch.pipelines.process import build_context
from stiwatch.pipelines.reconcile import reconcile
from stiwatch.pipelines.spool import LOCK_FILE, Spool, SpoolEntry
from stiwatch.pipelines.store import StorePipeline
from stiwatch.search.backend import SearchBackend
from stiwatch.search.embedded import EmbeddedBackend
from stiwatch.search.outage import OutageTolerantBackend
from tests.corpus_conformance import CORPUS

# Long enough for story linking by similarity (at least 25 words).
TEXT = (
    "The ministries of science of Thailand and Vietnam signed a memorandum on semiconductor "
    "research, talent exchange and joint laboratories in Hanoi and Bangkok, with funding for "
    "forty researchers over three years and a steering committee meeting twice a year."
)


def _record(
    slug: str, *, text: str = TEXT, fetched_at: str = "2025-06-01T00:00:00+00:00", **kw: Any
) -> dict[str, Any]:
    article = Article(url=f"https://example.org/{slug}", source="nstda")
    article.title, article.text, article.language, article.fetched_at = slug, text, "en", fetched_at
    article.content_hash = content_hash(slug, text)
    article.story_id = kw.pop("story_id", article.id)
    for key, value in kw.items():
        setattr(article, key, value)
    return article.to_record()


@pytest.fixture
def store(tmp_path: Path) -> Any:
    backend = EmbeddedBackend(tmp_path / "data")
    yield backend
    backend.close()


def test_reconcile_decides_against_what_is_stored() -> None:
    stored = _record("a", story_id="story-1", revision=3, fetched_at="2025-06-02T00:00:00+00:00")
    assert reconcile(_record("b"), None) == ("new", _record("b"))
    assert reconcile(dict(stored, fetched_at="2025-07-01T00:00:00+00:00"), stored) == ("unchanged", None)
    older = _record("a", text="An older text " * 5, fetched_at="2025-06-01T00:00:00+00:00")
    assert reconcile(older, stored) == ("superseded", None)
    newer = _record("a", text="A corrected text " * 5, fetched_at="2025-06-03T00:00:00+00:00")
    outcome, written = reconcile(newer, stored)
    assert outcome == "updated" and written is not None
    assert (written["story_id"], written["revision"], written["text"]) == ("story-1", 4, newer["text"])


def test_replay_writes_only_what_is_new_or_changed_and_twice_writes_nothing(
    store: EmbeddedBackend, tmp_path: Path
) -> None:
    kept = _record("kept", story_id="story-kept", fetched_at="2025-06-02T00:00:00+00:00")
    store.upsert([kept])
    store.commit()
    spool = Spool(tmp_path / "spool")
    # Spooled while the store was down: decided blind, compared on replay.
    again = dict(kept, fetched_at="2025-06-05T00:00:00+00:00", story_id=kept["id"])
    copy_elsewhere = _record("copy", text=TEXT + " Reposted.", fetched_at="2025-06-05T00:00:00+00:00")
    spool.add([again, copy_elsewhere], checked=False, relink=True)
    changed = _record("kept", text=TEXT + " Updated.", fetched_at="2025-06-06T00:00:00+00:00")
    spool.add([changed, _record("fresh", text="Something else entirely. " * 10)])
    assert spool.pending() == 4 and [p.name.endswith("-n2.jsonl") for p in spool.files()] == [True, True]

    result = spool.replay(store)
    assert sorted((r.id, r.outcome) for r in result.replayed) == sorted(
        [
            (kept["id"], "unchanged"),
            (copy_elsewhere["id"], "new"),
            (kept["id"], "updated"),
            (_record("fresh")["id"], "new"),
        ]
    )
    assert result.sent == 3 and spool.pending() == 0 and spool.files() == []
    now = store.get(kept["id"])
    assert now is not None
    # Updated in place: the stored story stays, the revision counts, the blind guess is gone.
    assert (now["story_id"], now["revision"], now["text"]) == ("story-kept", 2, changed["text"])
    # Linked again against the stored stories: the repost joins the story it copies.
    linked = store.get(copy_elsewhere["id"])
    assert linked is not None and linked["story_id"] == "story-kept"

    spool.add([again, changed], checked=False, relink=True)
    second = spool.replay(store)
    assert second.sent == 0 and {r.outcome for r in second.replayed} == {"unchanged", "superseded"}
    assert store.count() == 3


def test_old_spool_lines_are_checked_records(tmp_path: Path) -> None:
    spool = Spool(tmp_path / "spool")
    spool.directory.mkdir(parents=True)
    (spool.directory / "spool-1-2.jsonl").write_text(
        '{"id": "x1", "title": "old format"}\n', encoding="utf-8"
    )
    assert spool.pending() == 1
    (entry,) = spool.entries(spool.files()[0])
    assert entry == SpoolEntry({"id": "x1", "title": "old format"}, checked=True, relink=False)


def test_one_replay_at_a_time(store: EmbeddedBackend, tmp_path: Path) -> None:
    spool = Spool(tmp_path / "spool")
    spool.add([_record("a")])
    with (spool.directory / LOCK_FILE).open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        assert spool.replay(store).busy
    assert spool.replay(store).sent == 1


class _Down:
    """Opens nothing: the cluster is down."""

    calls = 0

    def __call__(self) -> SearchBackend:
        _Down.calls += 1
        raise BackendUnavailable("Elasticsearch at http://127.0.0.1:9 (connecting) is unreachable")


def test_a_down_backend_fails_fast_and_is_recorded_for_every_process(tmp_path: Path) -> None:
    clock = [100.0]
    _Down.calls = 0
    backend = OutageTolerantBackend(
        "elasticsearch", _Down(), tmp_path, retry_seconds=30, clock=lambda: clock[0]
    )
    assert backend.down and _Down.calls == 1
    for _ in range(50):  # e.g. the dedupe stage, once per article: no new attempt, no wait
        with pytest.raises(BackendUnavailable, match="unreachable"):
            backend.get("x")
    assert _Down.calls == 1
    outage = OutageRecord(tmp_path).read()
    assert outage is not None and outage.backend == "elasticsearch"
    clock[0] += 31
    with pytest.raises(BackendUnavailable):
        backend.get("x")
    assert _Down.calls == 2
    assert OutageRecord(tmp_path).read().since == outage.since  # type: ignore[union-attr]


def test_recovery_clears_the_outage_but_refused_records_are_not_an_outage(tmp_path: Path) -> None:
    inner = EmbeddedBackend(tmp_path / "data")
    OutageRecord(tmp_path).down("elasticsearch", "was down")
    backend = OutageTolerantBackend("elasticsearch", lambda: inner, tmp_path)
    assert not backend.down and OutageRecord(tmp_path).read() is None

    def refuse(records: Any) -> int:
        raise UpsertFailed("refused one", list(records), 0)

    inner.upsert = refuse  # type: ignore[method-assign]
    with pytest.raises(UpsertFailed):
        backend.upsert([_record("a")])
    assert not backend.down and OutageRecord(tmp_path).read() is None
    backend.close()


def test_dedupe_and_store_while_the_store_is_down(tmp_path: Path) -> None:
    down = OutageTolerantBackend("elasticsearch", _Down(), tmp_path / "data", retry_seconds=60)
    context = build_context({"STIWATCH_DATA_DIR": str(tmp_path / "data")}, store=down)
    dedupe = DedupeStage(context)
    first = Article(url="https://example.org/one", source="nstda", title="One", text=TEXT, language="en")
    repost = Article(url="https://example.org/two", source="nstda", title="Two", text=TEXT, language="en")
    first, repost = dedupe(first), dedupe(repost)
    assert (first.handoff.status, first.handoff.store_checked) == ("new", False)
    # Linked among what this crawl saw; linked again against the store on replay.
    assert repost.story_id == first.id and not repost.handoff.store_checked

    spool = Spool.of(tmp_path / "data")
    pipeline = StorePipeline(down, spool, batch_size=10)
    for article in (first, repost):
        pipeline.process_item(article)
    pipeline.close_spider()
    entries = [e for p in spool.files() for e in spool.entries(p)]
    assert [(e.record["id"], e.checked, e.relink) for e in entries] == [
        (first.id, False, True),
        (repost.id, False, True),
    ]
    status = backend_status(tmp_path / "data")
    assert status["state"] == "down" and status["spooled"] == 2
    assert status["summary"].startswith("backend down since ") and status["summary"].endswith(
        ", 2 articles spooled"
    )

    store = EmbeddedBackend(tmp_path / "store")
    try:
        assert spool.replay(store).sent == 2
        assert {r["id"] for r in store.iter_records()} == {first.id, repost.id}
    finally:
        store.close()
    assert backend_status(tmp_path / "data")["spooled"] == 0


def test_a_killed_crawls_job_state_is_discarded_a_stopped_ones_resumed(tmp_path: Path) -> None:
    jobdir = tmp_path / "jobs" / "crawl-x"
    open_job_dir(jobdir)
    (jobdir / "requests.seen").write_text("fingerprint\n")
    close_job_dir(jobdir, "shutdown")  # Ctrl-C / SIGTERM: Scrapy saved its queue
    assert not (jobdir / RUNNING_MARK).exists()
    open_job_dir(jobdir)
    assert (jobdir / "requests.seen").exists(), "a cleanly stopped crawl resumes"
    # Killed: the mark stays; the next crawl starts over rather than trust the filter.
    open_job_dir(jobdir)
    assert not (jobdir / "requests.seen").exists() and (jobdir / RUNNING_MARK).exists()
    close_job_dir(jobdir, "finished")
    assert not jobdir.exists()


def test_corpus_records_replay_as_they_were(store: EmbeddedBackend, tmp_path: Path) -> None:
    records = copy.deepcopy(CORPUS[:6])
    spool = Spool(tmp_path / "spool")
    spool.add(records)
    assert spool.replay(store).sent == 6
    assert [store.get(r["id"]) for r in records] == records


def test_a_record_the_store_cannot_take_stays_alone_in_the_spool(
    store: EmbeddedBackend, tmp_path: Path
) -> None:
    good = copy.deepcopy(CORPUS[:3])
    broken = dict(copy.deepcopy(CORPUS[3]), title=5)  # not text: the index cannot analyse it
    spool = Spool(tmp_path / "spool")
    spool.add([good[0], broken, *good[1:]])
    result = spool.replay(store)
    assert (result.sent, result.refused) == (3, 1)
    assert "TypeError" in result.refusal and broken["id"] in result.refusal
    assert spool.pending() == 1
    assert [e.record["id"] for e in spool.entries(spool.files()[0])] == [broken["id"]]
    assert {r["id"] for r in store.iter_records()} == {r["id"] for r in good}
