"""Each text segmented once in its life: story linking (processing) fills the analysis
cache, the index reads it, and the next crawl's story index reads it too.

Counted with the cache's own hit/miss counters: a miss is a text that was segmented.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

from stiwatch.core.article import Article
from stiwatch.core.tokencache import CACHE_FILE, FLUSH_EVERY, TokenCache, open_cache
from stiwatch.pipelines.base import PipelineContext
from stiwatch.pipelines.dedupe import DedupeStage
from stiwatch.pipelines.stories import StoryIndex
from stiwatch.search.embedded import EmbeddedBackend
from tests.test_stories import TEXTS, record, syndicated

THAI = (
    "สำนักงานการวิจัยแห่งชาติ (วช.) ร่วมกับกระทรวงวิทยาศาสตร์และเทคโนโลยีเวียดนาม "
    "ลงนามบันทึกความเข้าใจด้านการวิจัยเซมิคอนดักเตอร์และปัญญาประดิษฐ์ "
    "เพื่อพัฒนากำลังคนด้านวิทยาศาสตร์ เทคโนโลยี และนวัตกรรมของทั้งสองประเทศ " * 3
)


def stream() -> list[dict[str, Any]]:
    """Originals, a syndicated copy, a different report, a translation's match, Thai."""
    vi = record(
        "https://mst.gov.vn/ai-nong-nghiep",
        TEXTS["vi_original"],
        "vi",
        translations={"en": {"title": "", "text": TEXTS["en_translation_of_vi"]}},
    )
    return [
        record("https://www.mhesi.go.th/news/1", TEXTS["press_release"]),
        record("https://wire.example/77", syndicated()),
        record("https://mst.gov.vn/other", TEXTS["other_report"]),
        vi,
        record("https://www.a-star.example/ai", TEXTS["en_different_ai_news"]),
        record("https://en.vietnamplus.vn/ai-agri", TEXTS["en_report_same_news"]),
        record("https://www.nrct.go.th/news/1", THAI, "th"),
        record("https://www.nstda.or.th/news/9", "ข่าว: " + THAI, "th"),
    ]


def test_story_links_through_the_cache_are_the_links_without_it(tmp_path: Path) -> None:
    plain = StoryIndex()
    cache = TokenCache(tmp_path / CACHE_FILE)
    cached = StoryIndex(tokens=cache)
    expected = [plain.assign(r) for r in stream()]
    assert [cached.assign(r) for r in stream()] == expected
    assert {link.kind for link in expected} >= {"new", "near-duplicate", "translation"}
    cache.close()  # the crawl ends: what it analysed is written
    # A second process reads the stored stories' words from the cache: nothing segmented.
    again = TokenCache(tmp_path / CACHE_FILE)
    refilled = StoryIndex.from_records(
        [{**r, "story_id": x.story_id} for r, x in zip(stream(), expected, strict=True)], again
    )
    assert again.misses == 0 and again.hits > 0
    late = record("https://late.example/1", TEXTS["press_release"] + " A late repost.")
    assert refilled.find(late) == StoryIndex.from_records(
        [{**r, "story_id": x.story_id} for r, x in zip(stream(), expected, strict=True)]
    ).find(late)
    again.close()


def article(item: dict[str, Any], title: str) -> Article:
    a = Article(url=item["url"], source="manual", title=title)
    a.id = item["id"]
    a.text, a.language = item["text"], item["language"]
    a.translations = item.get("translations") or {}
    return a


def test_processing_then_indexing_segments_each_text_once(tmp_path: Path) -> None:
    data = tmp_path / "data"
    items = stream()
    texts = {i["text"] for i in items} | {
        v["text"] for i in items for v in (i.get("translations") or {}).values()
    }
    titles = [f"Thailand and Viet Nam cooperation {n}" for n in range(len(items))]
    with EmbeddedBackend(data) as backend:
        # A crawl opens the data directory's cache for its stages (operate.crawl): the
        # very object its backend holds.
        tokens = open_cache(data)
        assert tokens is backend.tokens
        stage = DedupeStage(PipelineContext(sources={}, store=backend, tokens=tokens))
        done = [stage(article(item, title)) for item, title in zip(items, titles, strict=True)]
        # Finding a story and adding the article to the index analysed each text once.
        assert (tokens.misses, tokens.hits) == (len(texts), 0)
        backend.upsert([a.to_record() for a in done])
        backend.commit()
        # The store stage's indexing segmented only what processing never read: the titles.
        assert tokens.misses == len(texts) + len(set(titles))
        assert tokens.hits == len(texts)
        tokens.close()
        assert backend.tokens.users == 1  # still open for the backend

    # The next crawl, another process: its story index is filled from the store and the
    # cache file, and segments only the new article's text.
    with EmbeddedBackend(data) as backend:
        later = TokenCache(data / CACHE_FILE)
        stage = DedupeStage(PipelineContext(sources={}, store=backend, tokens=later))
        repost = stage(
            article(record("https://repost.example/5", TEXTS["press_release"] + " Reposted."), "x")
        )
        assert repost.story_id == done[0].story_id
        assert later.misses == 1
        later.close()


def test_cache_writes_in_batches_and_on_close(tmp_path: Path) -> None:
    cache = TokenCache(tmp_path / CACHE_FILE)
    texts = [f"ความร่วมมือ {n}" for n in range(FLUSH_EVERY + 10)]
    cache.lookup(texts[:10])
    other = TokenCache(tmp_path / CACHE_FILE)  # another process: nothing written yet
    assert other.lookup(texts[:1]) and other.misses == 1
    cache.lookup(texts[10:])  # FLUSH_EVERY reached: all written
    third = TokenCache(tmp_path / CACHE_FILE)
    third.lookup(texts)
    assert (third.hits, third.misses) == (len(texts), 0)
    cache.lookup(["ใหม่"])
    cache.close()  # the last user writes what is pending
    third.lookup(["ใหม่"])
    assert third.misses == 0
    other.close()
    third.close()


def test_a_shared_cache_left_open_is_written_at_exit(tmp_path: Path) -> None:
    """A plain `scrapy crawl` and `stiwatch add` never close the stages' cache: what they
    analysed is still written when the process ends."""
    script = (
        "import sys; from pathlib import Path; from stiwatch.core.tokencache import open_cache; "
        "open_cache(Path(sys.argv[1])).lookup(['ความร่วมมือด้านวิทยาศาสตร์'])"
    )
    subprocess.run([sys.executable, "-c", script, str(tmp_path)], check=True, timeout=120)
    cache = TokenCache(tmp_path / CACHE_FILE)
    cache.lookup(["ความร่วมมือด้านวิทยาศาสตร์"])
    assert (cache.hits, cache.misses) == (1, 0)
    cache.close()
