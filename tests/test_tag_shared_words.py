"""The tag stage matches over the search index's Thai words, taken from the analysis cache.

A crawl segments each title and text once: the tag stage asks the data directory's
analysis cache for the Thai runs' words (``TokenCache.thai_runs``), which stores the index
tokens with them; story linking and indexing then read the tokens back. The tags must be
the same whether the words come from the cache or are segmented on the spot, and the
words must be the index's (those spelling a name joined into one), except in the runs
whose index words hide a taxonomy name.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from stiwatch.core.analysis import analyse_text, index_tokens
from stiwatch.core.article import Article
from stiwatch.core.scripts import DIGITS
from stiwatch.core.taxonomy import Taxonomy, load_taxonomy
from stiwatch.core.taxonomy.hidden import HiddenNames, trie_pattern
from stiwatch.core.text import THAI_RUN, nfc, segment_thai
from stiwatch.core.tokencache import CACHE_FILE, TokenCache, open_cache
from stiwatch.pipelines.base import PipelineContext
from stiwatch.pipelines.dedupe import DedupeStage
from stiwatch.pipelines.evaluation.tags import DEFAULT_SETS, LabelledArticle, load_articles
from stiwatch.pipelines.tag import TagStage, tag_article
from stiwatch.search.embedded import EmbeddedBackend
from tests.test_analysis_once import article, stream


@pytest.fixture(scope="module")
def tax() -> Taxonomy:
    return load_taxonomy()


@pytest.fixture(scope="module")
def thai_articles(tax: Taxonomy) -> list[LabelledArticle]:
    """The Thai articles of the labelled tag sets: real text, every kind of run."""
    return [a for s in DEFAULT_SETS.values() for a in load_articles(s, tax) if a.language == "th"]


def _runs(text: str) -> list[str]:
    """Thai runs as the index and the tokenizer find them (NFC, digits as ASCII)."""
    return THAI_RUN.findall(nfc(text).translate(DIGITS))


def test_an_analysis_keeps_each_thai_runs_words_and_gives_the_index_tokens() -> None:
    text = "สป.อว. ร่วมกับ สวทช. ในปี ๒๕๖๗ on Thailand's semiconductor policies; ไทย."
    analysis = analyse_text(text)
    assert analysis.tokens == index_tokens(text)
    # Dots kept in the words (the tokenizer matches "สป.อว." whole), dropped in the tokens.
    assert analysis.thai["สป.อว."] == ("สป.อว.",)
    assert analysis.thai["ไทย."] == ("ไทย", ".")
    assert "สปอว" in analysis.tokens
    assert set(analysis.thai) == set(_runs(text))
    for run, words in analysis.thai.items():
        assert "".join(words) == run and list(words) == segment_thai(run)


def test_the_cache_hands_back_the_runs_and_drops_an_older_format(tmp_path: Path) -> None:
    path = tmp_path / CACHE_FILE
    # A file of the format before the Thai runs were kept: another table, another fingerprint.
    db = sqlite3.connect(path)
    db.executescript(
        "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
        "CREATE TABLE tokens (key BLOB PRIMARY KEY, joined BLOB NOT NULL);"
        "INSERT INTO meta VALUES ('fingerprint', 'analysis 2; pythainlp 5; words x');"
    )
    db.close()
    text = "ความร่วมมือด้านเซมิคอนดักเตอร์ระหว่างไทยกับเวียดนาม COSTI-84"
    cache = TokenCache(path)
    runs = cache.thai_runs([text, "English only"])
    assert runs == analyse_text(text).thai and cache.misses == 2
    assert cache.lookup([text])[text] == " ".join(index_tokens(text)) and cache.hits == 1
    cache.close()
    again = TokenCache(path)  # another process: read from the file, nothing segmented
    assert again.thai_runs([text]) == runs and again.lookup([text])
    assert (again.hits, again.misses) == (2, 0)
    again.close()


def test_tags_are_the_same_from_the_cache_as_segmented_on_the_spot(
    tax: Taxonomy, thai_articles: list[LabelledArticle], tmp_path: Path
) -> None:
    cache = TokenCache(tmp_path / CACHE_FILE)
    for a in thai_articles:
        thai = cache.thai_runs([a.title, a.text])
        fresh = tag_article(a.title, a.text, a.language, a.source_country, tax, published=a.published)
        shared = tag_article(
            a.title, a.text, a.language, a.source_country, tax, published=a.published, thai=thai
        )
        assert shared == fresh, a.id
    cache.close()


def test_the_tag_stage_reads_the_index_words_except_where_they_hide_a_name(
    tax: Taxonomy, thai_articles: list[LabelledArticle]
) -> None:
    tokenize = tax.matchers.tokenize
    hidden = tokenize.hidden
    runs = [run for a in thai_articles for t in (a.title, a.text) for run in _runs(t)]
    recut = 0

    def thai(words: list[str]) -> list[str]:
        # Runs of dots ("พ.ศ.....": "พ.ศ." then "....") are punctuation, not words.
        return [w for w in words if w.strip(".")]

    for run in runs:
        index_words = segment_thai(run)
        # Thai words only: "." and the like become punctuation tokens, as before.
        words = [t.raw for t in tokenize(run) if t.thai]
        if hidden.hides(run, index_words):
            recut += 1
            assert "".join(words) == "".join(thai(hidden.segment(run)))
        else:
            # The index's words, those that spell a name joined into one.
            assert "".join(words) == "".join(thai(index_words)), run
            assert words == thai(hidden.join(index_words)), run
    # The exception is rare: almost every run is matched over the words the index holds.
    assert 0 < recut < len(runs) * 0.1


def test_a_name_the_index_words_hide_is_still_found(tax: Taxonomy) -> None:
    hidden = tax.matchers.tokenize.hidden
    # newmm over the index's dictionary: "แนว|ทางเศรษฐกิจ|บีซี|จี" hides "เศรษฐกิจบีซีจี".
    run = "แนวทางเศรษฐกิจบีซีจี"
    assert hidden.hides(run, segment_thai(run))
    assert hidden.segment(run) == ["แนวทาง", "เศรษฐกิจบีซีจี"]
    # A name is one word, in the text as in its alias: a name inside it does not compete.
    assert [t.raw for t in tax.matchers.tokenize("และเทคโนโลยีนิวเคลียร์")] == ["และ", "เทคโนโลยีนิวเคลียร์"]
    assert [t.raw for t in tax.matchers.tokenize.alias("เทคโนโลยีนิวเคลียร์")] == ["เทคโนโลยีนิวเคลียร์"]
    # A name inside a longer dictionary word stays inside it: "ลาว" is not in "ลาวา".
    text = "นักวิจัยศึกษาลาวาจากภูเขาไฟ"
    assert [t.raw for t in tax.matchers.tokenize(text)] == segment_thai(text)
    assert tag_article("", text, "th", None, tax).countries == []


def test_trie_pattern_finds_every_name_at_every_position() -> None:
    pattern = trie_pattern(["วช.", "วช", "สวทช.", "ไทย", "ประเทศไทย"])
    found = [(m.start(), m.group(1)) for m in pattern.finditer("สวทช.กับวช.ของประเทศไทย")]
    # "ไทย" inside "ประเทศไทย" too (a lookahead: overlapping names are all found).
    assert found == [(0, "สวทช."), (8, "วช."), (14, "ประเทศไทย"), (20, "ไทย")]
    assert not HiddenNames([]).hides("ไทย", ["ไทย"])


def test_a_crawl_segments_each_title_and_text_once(tmp_path: Path) -> None:
    """Tag stage, story linking, then the store stage's indexing: one segmentation each."""
    data = tmp_path / "data"
    items = stream()
    titles = [f"ความร่วมมือไทย–เวียดนาม ครั้งที่ {n}" for n in range(len(items))]
    texts = {i["text"] for i in items}
    translations = {v["text"] for i in items for v in (i.get("translations") or {}).values()}
    with EmbeddedBackend(data) as backend:
        tokens = open_cache(data)
        context = PipelineContext(sources={}, store=backend, tokens=tokens)
        tag, dedupe = TagStage(context), DedupeStage(context)
        done: list[Article] = []
        for item, title in zip(items, titles, strict=True):
            done.append(dedupe(tag(article(item, title))))
        # The tag stage analysed every title and text, story linking read the texts back
        # (and analysed the one translation this stream carries from the start).
        assert tokens.misses == len(set(titles) | texts | translations)
        assert any(a.countries for a in done)
        segmented = tokens.misses
        backend.upsert([a.to_record() for a in done])
        backend.commit()
        # Indexing segmented nothing: every part was analysed in processing.
        assert tokens.misses == segmented
        tokens.close()
