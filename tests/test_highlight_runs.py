"""Highlights and tiers skip segmenting runs of Thai (and other unspaced scripts) that hold
none of the query's terms: the marked words must be exactly those of a full segmentation.
They also skip pieces of text that cannot hold a match, and read Latin words as columns: the
marks and snippets must be exactly those of reading and matching word by word."""

from __future__ import annotations

import html
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stiwatch.core.text import fold_latin, nfc
from stiwatch.core.wordspans import SKIPPED_RUN, text_words, word_spans, word_spans_by_run
from stiwatch.pipelines.evaluation.tags import DEFAULT_SETS, load_articles
from stiwatch.search.highlight import MARK_CLOSE, MARK_OPEN, SNIPPET_CHARS, Terms, query_terms, snippet


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
    full = text_words(text)
    for terms in _queries(text):
        assert terms.spans(text_words(text, terms.could_match)) == terms.spans(full)


def test_a_skipped_run_keeps_its_neighbours_apart() -> None:
    # "ก" and "ข" are side by side in no text here: the run between them holds neither.
    text = "ก ความร่วมมือด้านวิทยาศาสตร์ ข"
    terms = Terms.of([["ก", "ข"]])
    words = text_words(text, terms.could_match)
    assert SKIPPED_RUN in words.terms
    assert terms.spans(words) == terms.spans(text_words(text)) == []


def test_a_snippet_still_marks_a_word_inside_a_long_run() -> None:
    text = "ข่าว ทั้งสองฝ่ายหารือความร่วมมือด้านวิทยาศาสตร์อย่างใกล้ชิด ต่อไป"
    found = snippet(text, Terms.of([["วิทยาศาสตร์"]]))
    assert found is not None and "<mark>วิทยาศาสตร์</mark>" in found


# The marks and snippets as they were cut before words became columns: every word read one
# at a time (word_spans_by_run, with the same skipped runs), folded and matched one by one,
# and the window chosen by counting. Text pieces that cannot match are not analysed now.
def _reference_spans(terms: Terms, text: str) -> list[tuple[int, int]]:
    words = word_spans_by_run(text, terms.could_match)
    folded = [term if term.isascii() else fold_latin(term) for _, _, term in words]
    marked = [term in terms.single for term in folded]
    for phrase in terms.phrases:
        n = len(phrase)
        for i in range(len(folded) - n + 1):
            if tuple(folded[i : i + n]) == phrase:
                marked[i : i + n] = [True] * n
    return [(start, end) for (start, end, _), hit in zip(words, marked, strict=True) if hit]


def _reference_snippet(text: str, terms: Terms, size: int = SNIPPET_CHARS) -> str | None:
    text = nfc(text)
    matched = _reference_spans(terms, text)
    if not matched:
        return None
    best, best_count = 0, -1
    for i, (start, _) in enumerate(matched):
        n = sum(1 for s, e in matched[i:] if e <= start + size)
        if n > best_count:
            best, best_count = i, n
    start = matched[best][0]
    lead = max(0, start - size // 6)
    if lead > 0:
        space = text.find(" ", lead, start)
        lead = space + 1 if space >= 0 else lead
    end = min(len(text), lead + size)
    if end < len(text):
        space = text.rfind(" ", lead, end)
        end = space if space > start else end
    out, last = [], lead
    for s, e in matched:
        if s >= lead and e <= end:
            out += [html.escape(text[last:s]), MARK_OPEN + html.escape(text[s:e]) + MARK_CLOSE]
            last = e
    out.append(html.escape(text[last:end]))
    return ("…" if lead > 0 else "") + "".join(out) + ("…" if end < len(text) else "")


def _assert_same_marks(text: str, terms: Terms) -> None:
    text = nfc(text)
    assert terms.spans(terms.words(text)) == _reference_spans(terms, text), (text[:80], terms)
    assert snippet(text, terms) == _reference_snippet(text, terms), (text[:80], terms)


# A long English text (so that it is cut into pieces, most of which cannot match), and
# words of it on both sides of the pieces' edges.
_ENGLISH = (
    "The ministry's policies on semiconductors and the processes of approval were discussed. " * 3
    + "Universities' research policy: a policy process for taxes, boxes and the approaches. " * 4
    + "a "
    + "x" * 65
    + " b policies "
    + "y" * 63
    + "ies policies"
)
_VIETNAMESE = (
    "Bộ Khoa học và Công nghệ công bố chiến lược đổi mới sáng tạo; “đổi mới” là động lực, "
    "hòa bình và hoà hợp, khoa học công nghệ, đào tạo nhân lực bán dẫn, mỗi người một việc. "
) * 3
_THAI = (
    "กระทรวงการอุดมศึกษา วิทยาศาสตร์ วิจัยและนวัตกรรม (อว.) ลงนาม MOU ความร่วมมือด้าน semiconductors "
    "กับ ASEAN ปี ๒๕๖๗ เพื่อพัฒนา AI policies และ research universities ความร่วมมือ ๒๐๒๕ "
) * 3

CASES = [
    (_ENGLISH, Terms.of([["policy"]])),
    (_ENGLISH, Terms.of([["semiconductor"], ["process"], ["tax"]])),
    (_ENGLISH, Terms.of([["policy", "process"]])),  # "policy process", across words
    (_ENGLISH, Terms.of([["a", "b"]])),  # the over-long word between is dropped: adjacent
    (_ENGLISH, Terms.of([["y" * 63 + "y"]])),  # the singular brings it to the limit
    (_ENGLISH, Terms.of([["approach"], ["box"]])),
    (_VIETNAMESE, Terms.of([["đổi", "mới"], ["sáng"], ["tạo"]])),
    (_VIETNAMESE, Terms.of([["doi", "moi"], ["sang", "tao"]])),  # folded query
    (_VIETNAMESE, Terms.of([["hoa"], ["khoa", "hoc"], ["ban", "dan"]])),
    (_VIETNAMESE, Terms.of([["moi"]])),  # "mỗi" and "mới" both fold to it
    (_THAI, Terms.of([["ความร่วมมือ"]])),
    (_THAI, Terms.of([["semiconductor"], ["policy"], ["university"]])),
    (_THAI, Terms.of([["research", "university"], ["asean"]])),
    (_THAI, Terms.of([["2567"], ["2025"]])),  # Thai numerals are Arabic digits
    (_THAI, Terms.of([["อว"], ["mou", "ความร่วมมือ"]])),  # a phrase across scripts
    (_THAI + _ENGLISH, Terms.of([["ความร่วมมือ"], ["policy"]])),
    (_ENGLISH, Terms.of([["straße"], ["policy"]])),  # a term with no ASCII probe
    ("İstanbul policies and İzmir universities " * 8, Terms.of([["policy"], ["university"]])),
]


@pytest.mark.parametrize(("text", "terms"), CASES)
def test_marks_and_snippets_are_those_of_word_by_word_matching(text: str, terms: Terms) -> None:
    _assert_same_marks(text, terms)


def test_a_piece_that_cannot_match_is_not_analysed() -> None:
    text = nfc(_ENGLISH)
    terms = Terms.of([["discussed"]])  # only in the first sentences
    words = terms.words(text)
    assert SKIPPED_RUN in words.terms and len(words.terms) < len(word_spans(text)) - 30


@pytest.mark.parametrize("between", [" filler" * 14, " " + "ความร่วมมือด้านวิทยาศาสตร์" * 4])
def test_a_piece_left_unread_keeps_its_neighbours_apart(between: str) -> None:
    # "alpha" ends the first piece and "beta" starts the third: the second, unread, must
    # still stand between them (its words, or its Thai run, do in a full reading).
    text = "z" * 90 + " alpha" + between + " beta"
    terms = Terms.of([["alpha", "beta"]])
    assert SKIPPED_RUN in terms.words(text).terms
    assert terms.spans(terms.words(text)) == _reference_spans(terms, text) == []


_BENCH_QUERIES = [
    "ความร่วมมือ",
    "เซมิคอนดักเตอร์",
    "đổi mới sáng tạo",
    "doi moi sang tao",
    "semiconductor policies",
    "ASEAN",
    "carbon",
    "khoa học công nghệ",
    "quantum technologies",
]
_REAL_SETS = [name for name in DEFAULT_SETS if name.startswith("tags-real")]


@pytest.mark.parametrize("name", _REAL_SETS)
def test_marks_and_snippets_on_the_labelled_texts(name: str) -> None:
    """Each text of a labelled set against the bench's queries (expanded by the taxonomy)
    and, drawn with a fixed seed, words and pairs of its own: as written, plural, folded."""
    articles = load_articles(DEFAULT_SETS[name])
    fixed = [query_terms(q) for q in _BENCH_QUERIES]
    draw = random.Random(name)
    for article in articles:
        text = nfc(article.text)
        words = [t for _, _, t in word_spans_by_run(text) if t]
        drawn: list[Terms] = []
        if words:
            picks = [draw.choice(words) for _ in range(3)]
            drawn.append(Terms.of([[w] for w in picks]))
            drawn.append(Terms.of([[fold_latin(w)] for w in picks]))
            drawn.append(Terms.of([[w + "s"] for w in picks if w.isascii()] + [["zzzq"]]))
            i = draw.randrange(len(words))
            drawn.append(Terms.of([words[i : i + 2], words[i : i + 3]]))
        for terms in [*fixed, *drawn]:
            _assert_same_marks(text, terms)


# Words that put each rule to work: plurals of every kind, folded and unfolded Vietnamese,
# Thai (segmented, with acronym dots and Thai digits), a word over the limit and one the
# singular brings to it.
_VOCABULARY = [
    "policies", "policy", "processes", "taxes", "boxes", "approaches", "news", "days", "ies",
    "đổi", "mới", "mỗi", "môi", "doi", "moi", "hòa", "hoà", "đào", "tạo", "Đà", "Nẵng",
    "ความร่วมมือ", "อว.", "สป.อว.", "วิทยาศาสตร์", "๒๕๖๗", "2567", "ASEAN", "AI",
    "x" * 65, "y" * 63 + "ies", "İzmir", "snake_case",
]  # fmt: skip


@settings(max_examples=200, deadline=None)
@given(
    parts=st.lists(
        st.tuples(st.sampled_from(_VOCABULARY), st.sampled_from([" ", " ", ", ", ". ", "\n", " – ", "-"])),
        max_size=60,
    ),
    picks=st.lists(st.integers(min_value=0, max_value=400), max_size=4),
)
def test_marks_and_snippets_on_any_text(parts: list[tuple[str, str]], picks: list[int]) -> None:
    text = "".join(word + gap for word, gap in parts)
    words = [t for _, _, t in word_spans_by_run(nfc(text)) if t]
    chosen = [words[i % len(words)] for i in picks] if words else []
    # Two words far apart, as a phrase: it must not match across the pieces left unread.
    apart = [[words[i % len(words)], words[(i + 9 + i % 20) % len(words)]] for i in picks] if words else []
    for terms in (
        Terms.of([[w] for w in chosen]),
        Terms.of([[fold_latin(w)] for w in chosen]),
        Terms.of([chosen[:2], chosen[2:]]),
        Terms.of(apart),
    ):
        _assert_same_marks(text, terms)
