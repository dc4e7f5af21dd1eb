"""Story linking: reposts naming their original, syndicated copies, translations,
and different news that must stay apart; collapse-by-story in the embedded backend."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from stiwatch.core.article import article_id
from stiwatch.pipelines.dedupe import content_hash
from stiwatch.pipelines.process import Processor, build_context
from stiwatch.pipelines.stories import NEAR_THRESHOLD, StoryIndex, jaccard, normalised_words, shingle_set
from stiwatch.search.backend import SearchQuery
from stiwatch.search.embedded import EmbeddedBackend

FIXTURES = Path(__file__).parent / "fixtures"
ARCHIVE = Path(__file__).parent.parent / "crawler" / "replay" / "archive"
TEXTS: dict[str, str] = yaml.safe_load((FIXTURES / "stories" / "stories.yaml").read_text("utf-8"))
MST_ORIGINAL = (
    "https://mst.gov.vn/doi-moi-toan-dien-cong-tac-hop-tac-quoc-te-trong-linh-vuc-khcn-197250716093504364.htm"
)


def record(url: str, text: str, language: str = "en", **extra: Any) -> dict[str, Any]:
    return {
        "id": article_id(url),
        "url": url,
        "language": language,
        "title": "",
        "text": text,
        "content_hash": content_hash("", text),
        **extra,
    }


def syndicated() -> str:
    return TEXTS["syndicated_header"] + TEXTS["press_release"] + TEXTS["syndicated_footer"]


def test_thai_translation_names_its_vietnamese_original() -> None:
    processor = Processor(build_context())
    thai = processor.process(
        "https://www.vietnam.vn/th/doi-moi-toan-dien-cong-tac-hop-tac-quoc-te-trong-linh-vuc-khcn",
        (FIXTURES / "text" / "seed003_vietnam-vn.html").read_bytes(),
    )
    original_page = ARCHIVE / "mst.gov.vn" / MST_ORIGINAL.rsplit("/", 1)[1]
    original = processor.process(MST_ORIGINAL, original_page.read_bytes())
    assert thai.language == "th" and original.language == "vi"
    assert thai.source_url == MST_ORIGINAL
    # Either order of arrival gives one story.
    for first, second in ((original, thai), (thai, original)):
        index = StoryIndex()
        a = index.assign(first.to_record())
        b = index.assign(second.to_record())
        assert a.story_id == b.story_id == original.id
    link = StoryIndex.from_records([original.to_record()]).find(thai.to_record())
    assert link is not None and link.kind == "source" and link.other == original.id


def test_syndicated_release_on_two_sites_is_one_story() -> None:
    index = StoryIndex()
    first = index.assign(record("https://www.mhesi.go.th/news/1", TEXTS["press_release"]))
    copy = index.assign(record("https://www.businesswireasia.example/release/77", syndicated()))
    assert first.kind == "new"
    assert copy.kind == "near-duplicate" and copy.story_id == first.story_id
    assert copy.score >= NEAR_THRESHOLD


def test_exact_copy_is_linked_by_hash() -> None:
    index = StoryIndex()
    a = index.assign(record("https://a.example/1", TEXTS["press_release"]))
    b = index.assign(record("https://b.example/2", TEXTS["press_release"]))
    assert (b.kind, b.story_id) == ("copy", a.story_id)


def test_different_articles_on_the_same_subject_stay_apart() -> None:
    index = StoryIndex()
    a = index.assign(record("https://www.mhesi.go.th/news/1", TEXTS["press_release"]))
    b = index.assign(record("https://mst.gov.vn/other", TEXTS["other_report"]))
    assert b.kind == "new" and b.story_id != a.story_id
    words = normalised_words
    score = jaccard(
        shingle_set(words(TEXTS["press_release"]), 3), shingle_set(words(TEXTS["other_report"]), 3)
    )
    assert score < NEAR_THRESHOLD / 4


def test_cross_language_versions_through_their_translations() -> None:
    index = StoryIndex()
    vi = record(
        "https://mst.gov.vn/ai-nong-nghiep",
        TEXTS["vi_original"],
        "vi",
        translations={"en": {"title": "", "text": TEXTS["en_translation_of_vi"]}},
    )
    a = index.assign(vi)
    different = index.assign(record("https://www.a-star.example/ai", TEXTS["en_different_ai_news"]))
    same = index.assign(record("https://en.vietnamplus.vn/ai-agri", TEXTS["en_report_same_news"]))
    assert different.story_id != a.story_id
    assert (same.kind, same.story_id) == ("translation", a.story_id)
    # Without the translation the English report cannot be linked to the Vietnamese text.
    bare = StoryIndex()
    bare.assign({**vi, "translations": {}})
    assert bare.find(record("https://en.vietnamplus.vn/ai-agri", TEXTS["en_report_same_news"])) is None


def test_short_texts_are_not_linked_by_similarity() -> None:
    index = StoryIndex()
    index.assign(record("https://a.example/1", "Thailand and Vietnam sign a semiconductor MoU."))
    link = index.find(record("https://b.example/2", "Thailand and Vietnam sign a semiconductor MoU today."))
    assert link is None


@pytest.fixture()
def backend(tmp_path: Path):
    with EmbeddedBackend(tmp_path / "data") as b:
        yield b


def test_dedupe_stage_links_across_runs_and_search_collapses(tmp_path: Path) -> None:
    data = tmp_path / "data"
    processor_records = []
    # Run 1 stores the release; run 2 (a new process would do the same) finds the copy.
    with EmbeddedBackend(data) as backend:
        from stiwatch.core.article import Article
        from stiwatch.pipelines.base import PipelineContext
        from stiwatch.pipelines.dedupe import DedupeStage

        def article(url: str, text: str) -> Article:
            a = Article(url=url, source="manual", title="Thailand and Viet Nam semiconductor programme")
            a.id = article_id(url)
            a.text, a.language = text, "en"
            return a

        stage = DedupeStage(PipelineContext(sources={}, store=backend))
        first = stage(article("https://www.mhesi.go.th/news/1", TEXTS["press_release"]))
        backend.upsert([first.to_record()])
        backend.commit()
        stage = DedupeStage(PipelineContext(sources={}, store=backend))
        copy = stage(article("https://wire.example/77", syndicated()))
        other = stage(article("https://mst.gov.vn/other", TEXTS["other_report"]))
        assert copy.story_id == first.id and copy.handoff.story_link.kind == "near-duplicate"
        assert other.story_id == other.id
        backend.upsert([copy.to_record(), other.to_record()])
        backend.commit()
        processor_records = [first.id, copy.id, other.id]

        plain = backend.search(SearchQuery(text="semiconductor"))
        assert plain.total == 3
        collapsed = backend.search(SearchQuery(text="semiconductor", collapse=True))
        assert collapsed.total == 2
        by_id = {h["id"]: h for h in collapsed.hits}
        assert len(by_id) == 2
        story_hit = next(h for h in collapsed.hits if h["story_id"] == first.id)
        assert sorted([story_hit["id"], *story_hit["versions"]]) == sorted(processor_records[:2])
        assert next(h for h in collapsed.hits if h["id"] == other.id)["versions"] == []
        # Paging walks stories, not articles.
        page2 = backend.search(SearchQuery(text="semiconductor", collapse=True, limit=1, offset=1))
        assert page2.total == 2 and len(page2.hits) == 1
        assert backend.story_versions(first.id) == sorted(processor_records[:2])


def test_size_bound_never_changes_a_link(monkeypatch: pytest.MonkeyPatch) -> None:
    """Candidates are skipped when their size alone rules them out; every link found is
    the one an exhaustive comparison of the same candidates finds. Texts drawn from a
    few shared sentences, of varied lengths, so that most candidates are close calls."""
    import random

    from stiwatch.pipelines import stories

    rng = random.Random(7)
    pool = [
        s.strip() + "."
        for s in (TEXTS["press_release"] + " " + TEXTS["other_report"]).split(".")
        if len(s.split()) > 4
    ]
    records = [
        record(f"https://s{i}.example/{i}", " ".join(rng.choices(pool, k=rng.randint(3, 14))))
        for i in range(120)
    ]

    def links() -> list[tuple[str, str, float]]:
        index = StoryIndex()
        return [(x.kind, x.story_id, x.score) for x in map(index.assign, records)]

    pruned = links()
    monkeypatch.setattr(stories, "jaccard_bound", lambda a, b: 1.0)
    assert pruned == links()
    assert {kind for kind, _, _ in pruned} >= {"new", "near-duplicate"}
