"""stiwatch.core.analysis: the tokens every backend indexes and queries."""

from __future__ import annotations

import re
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stiwatch.core.analysis import (
    ALL_SCRIPTS,
    WORD_CHARS,
    field_text,
    folded_tokens,
    index_tokens,
    normalise_text,
    pair_tokens,
    query_tokens,
    singular,
)
from stiwatch.core.text import fold_latin, nfc
from stiwatch.core.wordspans import (
    _UNSPACED_ONLY,
    ascii_skeleton,
    latin_probes,
    text_words,
    word_spans,
    word_spans_by_run,
)


def matches(query: str, document: str) -> bool:
    """The AND semantics backends implement: every query term is a document term
    (exact, or equal after folding)."""
    doc = set(index_tokens(document)) | set(folded_tokens(index_tokens(document)))
    return all(
        t in doc or f in doc
        for t, f in zip(query_tokens(query), folded_tokens(query_tokens(query)), strict=True)
    )


class TestLatin:
    def test_lowercase_and_split_on_punctuation(self):
        assert index_tokens("ASEAN-Japan S&T (COSTI-84), 2023/24") == [
            "asean",
            "japan",
            "s",
            "t",
            "costi",
            "84",
            "2023",
            "24",
        ]

    def test_nfc_makes_decomposed_and_composed_vietnamese_equal(self):
        decomposed = "Đo\u0302\u0309i mo\u031b\u0301i"  # Đổi mới typed with combining marks
        assert index_tokens(decomposed) == index_tokens("Đổi mới") == ["đổi", "mới"]

    def test_possessive_dropped(self):
        assert index_tokens("Thailand's UNDP’s plan") == ["thailand", "undp", "plan"]

    @pytest.mark.parametrize(
        ("plural", "single"),
        [
            ("semiconductors", "semiconductor"),
            ("policies", "policy"),
            ("technologies", "technology"),
            ("universities", "university"),
            ("processes", "process"),
            ("approaches", "approach"),
            ("taxes", "tax"),
            ("agencies", "agency"),
            ("startups", "startup"),
            ("days", "day"),
        ],
    )
    def test_plural_and_singular_meet(self, plural, single):
        assert singular(plural) == singular(single) == single
        assert index_tokens(plural) == index_tokens(single.upper())

    @pytest.mark.parametrize(
        "word", ["process", "campus", "analysis", "news", "physics", "this", "gas", "bus"]
    )
    def test_words_ending_in_s_that_are_not_plurals(self, word):
        assert singular(word) == word

    def test_non_ascii_words_not_stemmed(self):
        assert index_tokens("các nhà khoa học") == ["các", "nhà", "khoa", "học"]

    def test_no_token_contains_the_pair_joiner(self):
        assert index_tokens("snake_case_word") == ["snake", "case", "word"]

    def test_overlong_junk_dropped(self):
        assert index_tokens("a" * 200 + " real") == ["real"]


class TestVietnamese:
    def test_syllables_kept(self):
        tokens = index_tokens("Bộ Khoa học và Công nghệ")
        assert tokens == ["bộ", "khoa", "học", "và", "công", "nghệ"]

    def test_folding_finds_unaccented_query(self):
        assert folded_tokens(index_tokens("Đổi mới sáng tạo")) == ["doi", "moi", "sang", "tao"]
        assert matches("doi moi", "Chính sách Đổi mới sáng tạo quốc gia")
        assert matches("DOI MOI", "Đổi mới")

    def test_old_and_new_tone_mark_placement_match(self):
        assert matches("hoà bình", "hòa bình")
        assert matches("hòa", "hoà")

    def test_folding_leaves_thai_alone(self):
        thai = index_tokens("ความร่วมมือ")
        assert folded_tokens(thai) == thai

    def test_different_words_do_not_match(self):
        assert not matches("khoa học", "Bộ Công nghệ")


class TestThai:
    def test_words_not_characters(self):
        tokens = index_tokens("ขับเคลื่อนการขจัดความยากจน")
        assert "ความยากจน" in tokens
        assert "ขับเคลื่อน" in tokens
        # A substring inside a word is not a term: no substring matching.
        assert not matches("ยาก", "ขับเคลื่อนการขจัดความยากจน")
        assert matches("ความยากจน", "ขับเคลื่อนการขจัดความยากจน")

    def test_query_segmented_like_document(self):
        doc = "กระทรวงการอุดมศึกษา วิทยาศาสตร์ วิจัยและนวัตกรรม ร่วมมือกับจีน"
        assert matches("วิทยาศาสตร์ นวัตกรรม", doc)
        assert matches("ร่วมมือกับจีน", doc)

    def test_acronym_with_and_without_dot(self):
        assert query_tokens("อว.") == query_tokens("อว")
        assert "." not in "".join(index_tokens("กระทรวง อว. และ สป.อว."))

    def test_thai_digits_become_arabic(self):
        assert index_tokens("ปี ๒๕๕๘") == index_tokens("ปี 2558")
        assert "2558" in index_tokens("ประจำปี ๒๕๕๘")

    def test_mixed_thai_and_latin(self):
        tokens = index_tokens("บพค. เสนอแผน ASEAN Talent Mobility (SCIRD-59)")
        assert {"asean", "talent", "mobility", "scird", "59"} <= set(tokens)
        assert any("\u0e00" <= t[0] <= "\u0e7f" for t in tokens)


class TestQueryAndPairs:
    def test_query_tokens_are_unique_in_order(self):
        assert query_tokens("khoa học, khoa học") == ["khoa", "học"]

    def test_index_tokens_keep_repeats(self):
        assert index_tokens("AI AI ai") == ["ai", "ai", "ai"]

    def test_empty(self):
        assert index_tokens("") == query_tokens("  ... ") == []

    def test_pairs(self):
        assert pair_tokens(["khoa", "hoc", "moi"]) == ["khoa_hoc", "hoc_moi"]
        assert pair_tokens(["x"]) == []

    def test_field_text_round_trips_through_whitespace_split(self):
        tokens = index_tokens("Đổi mới, ความยากจน and semiconductors")
        assert field_text(tokens).split(" ") == tokens


# Texts for the two readings of word_spans: text_words (Latin words a stretch at a time, a
# split and cached terms) and word_spans_by_run (one run, one word at a time).
SPAN_TEXTS = [
    "",
    " ,.;- ",
    "The ministry's policies and processes on semiconductors, taxes; approaches 2024/25.",
    "Đổi mới sáng tạo: Bộ Khoa học và Công nghệ hòa hợp, hoà bình; “chuyển đổi số” – năm 2025.",
    "Đo\u0302\u0309i mo\u031b\u0301i (decomposed, so read word by word)",
    "กระทรวง อว. ลงนาม MOU กับ ASEAN เรื่อง semiconductors ปี ๒๕๖๗ และ AI ๆ",
    "สป.อว.ประชุม๒๕๖๖ครั้งที่3 universities",
    # Over-long words: dropped, except where the singular brings them to the limit.
    "a " + "x" * 65 + " b " + "y" * 63 + "ies c " + "z" * 62 + "sses d " + "q" * 64 + "s e",
    "see https://example.org/" + "k" * 80 + "/policies and more",
    # A lower case longer than its letter (İ): offsets cannot come from the lowered text.
    "İstanbul policies and İzmir universities",
    "ΟΔΟΣ'Α ΟΔΟΣ. Straße groß, 中文 words, snake_case_names, tab\tand\u00a0nbsp\u200bzwsp",
    "ព្រះរាជាណាចក្រកម្ពុជា និង ສປປ ລາວ ແລະ မြန်မာ research ៖ ២០២៥",
]


class TestWordSpans:
    @pytest.mark.parametrize("text", SPAN_TEXTS)
    @pytest.mark.parametrize("runs", ["all", "none"])
    def test_text_words_reads_as_word_by_word(self, text: str, runs: str) -> None:
        could_match = None if runs == "all" else (lambda run: False)
        text = nfc(text) if "decomposed" not in text else text
        expected = word_spans_by_run(text, could_match)
        assert text_words(text, could_match).spans() == expected
        assert word_spans(text, could_match) == expected

    def test_the_limit_keeps_words_the_singular_shortens(self) -> None:
        terms = [term for _, _, term in word_spans(SPAN_TEXTS[7])]
        assert terms == ["a", "b", "y" * 63 + "y", "c", "z" * 62 + "ss", "d", "q" * 64, "e"]

    @settings(max_examples=300, deadline=None)
    @given(st.text(alphabet="aeiosy ÀàĐđổớườợ\u0301\u0302İΣσ_.,'’-\n0๒๕กขคอวำ่้ ", max_size=80))
    def test_text_words_reads_as_word_by_word_on_any_text(self, text: str) -> None:
        assert text_words(text).spans() == word_spans_by_run(text)
        assert text_words(nfc(text)).spans() == word_spans_by_run(nfc(text))

    def test_lowering_moves_no_character_between_kinds(self) -> None:
        # text_words cuts words from the lowered text and runs from the unlowered one: the
        # two agree only because no letter's lower case is of another kind.
        kinds = [re.compile(WORD_CHARS), re.compile(f"[\u0e00-\u0e7f{ALL_SCRIPTS}]")]
        for code in range(sys.maxunicode + 1):
            char = chr(code)
            lower = char.lower()
            if lower != char and len(lower) == 1:
                assert [bool(k.match(char)) for k in kinds] == [bool(k.match(lower)) for k in kinds], hex(
                    code
                )

    @pytest.mark.parametrize("text", SPAN_TEXTS)
    def test_every_latin_word_holds_the_probe_of_its_folded_term(self, text: str) -> None:
        # latin_probes' promise, word by word: a piece (lowered, Arabic digits) that holds no
        # probe of a term holds no word whose folded term it is.
        for start, end, term in word_spans_by_run(nfc(text)):
            if _UNSPACED_ONLY.fullmatch(term):
                continue
            probes = latin_probes([fold_latin(term)])
            if probes is not None:
                (probe,) = probes
                assert probe in ascii_skeleton(normalise_text(nfc(text)[start:end])), (term, probe)
