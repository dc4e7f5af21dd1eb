"""Highlights and tiers skip segmenting runs of Thai (and other unspaced scripts) that hold
none of the query's terms: the marked words must be exactly those of a full segmentation."""

from __future__ import annotations

import pytest

from stiwatch.core.analysis import SKIPPED_RUN, word_spans
from stiwatch.pipelines.evaluation.tags import DEFAULT_SETS, load_articles
from stiwatch.search.highlight import Terms, snippet


def _texts() -> list[str]:
    return [a.text for name in ("tags-real", "tags") for a in load_articles(DEFAULT_SETS[name])]


def _queries(text: str) -> list[Terms]:
    """Single words and two-word phrases taken from the text itself (so they match), and
    one word it does not hold."""
    words = [term for _, _, term in word_spans(text)]
    singles = [Terms.of([[w]]) for w in words[5::41]]
    phrases = [Terms.of([[a, b]]) for a, b in zip(words[9::53], words[10::53], strict=False)]
    return [*singles, *phrases, Terms.of([["เซมิคอนดักเตอร์"], ["quantum"]])]


TEXTS = _texts()


@pytest.mark.parametrize("index", range(0, len(TEXTS), 3))
def test_skipping_runs_marks_the_same_words_as_a_full_segmentation(index: int) -> None:
    text = TEXTS[index]
    full = word_spans(text)
    for terms in _queries(text):
        assert terms.spans(word_spans(text, terms.could_match)) == terms.spans(full)


def test_a_skipped_run_keeps_its_neighbours_apart() -> None:
    # "ก" and "ข" are side by side in no text here: the run between them holds neither.
    text = "ก ความร่วมมือด้านวิทยาศาสตร์ ข"
    terms = Terms.of([["ก", "ข"]])
    spans = word_spans(text, terms.could_match)
    assert any(term == SKIPPED_RUN for _, _, term in spans)
    assert terms.spans(spans) == terms.spans(word_spans(text)) == []


def test_a_snippet_still_marks_a_word_inside_a_long_run() -> None:
    text = "ข่าว ทั้งสองฝ่ายหารือความร่วมมือด้านวิทยาศาสตร์อย่างใกล้ชิด ต่อไป"
    found = snippet(text, Terms.of([["วิทยาศาสตร์"]]))
    assert found is not None and "<mark>วิทยาศาสตร์</mark>" in found
