"""The query language: stop words, quoted phrases, OR, exclusion, partial-match thresholds."""

from __future__ import annotations

from stiwatch.search.querytext import parse_text
from stiwatch.search.stopwords import is_stop_word, stop_lists


def _texts(query: str, expand: bool = True) -> list[str]:
    return [c.text for c in parse_text(query, expand=expand).required]


def test_filler_words_in_three_languages_are_ignored() -> None:
    parsed = parse_text("what Vietnam announced on semiconductors with Japan")
    assert [c.text for c in parsed.required] == ["Vietnam", "announced", "semiconductors", "Japan"]
    assert parsed.ignored == ("what", "on", "with")
    assert _texts("ความร่วมมือด้านเซมิคอนดักเตอร์กับญี่ปุ่น") == ["ความร่วมมือ", "เซมิคอนดักเตอร์", "ญี่ปุ่น"]
    assert "của" in parse_text("công nghệ của Việt Nam").ignored


def test_content_words_the_lists_hold_are_kept() -> None:
    # The maintained lists call these stop words; stopwords.yaml keeps them.
    for word in ("research", "computer", "bán", "dẫn", "số", "ร่วมมือ"):
        assert not is_stop_word(word), word
    assert {"the", "what"} <= stop_lists()["en"]
    assert "และ" in stop_lists()["th"] and "của" in stop_lists()["vi"]


def test_capitals_concepts_and_quotes_protect_words() -> None:
    assert _texts("US policy", expand=False) == ["US", "policy"]  # "us" is a stop word, "US" a country
    assert _texts('"the future of work"') == ['"the future of work"']
    assert parse_text('"the future of work"').required[0].alternatives == (("the", "future", "of", "work"),)
    # Only stop words: they are what was asked for.
    assert _texts("the who") == ["the", "who"]


def test_or_joins_the_clauses_beside_it() -> None:
    parsed = parse_text("chips OR semiconductor Japan", expand=False)
    assert [c.text for c in parsed.required] == ["chips OR semiconductor", "Japan"]
    assert parsed.required[0].alternatives == (("chip",), ("semiconductor",))
    assert _texts("alpha | beta gamma", expand=False) == ["alpha | beta", "gamma"]


def test_exclusion_and_hyphenated_words() -> None:
    parsed = parse_text('semiconductor -Japan -"joint venture"', expand=False)
    assert [c.text for c in parsed.required] == ["semiconductor"]
    assert [c.text for c in parsed.excluded] == ["Japan", '"joint venture"']
    # A hyphen inside a word is not an operator.
    assert _texts("SCIRD-59", expand=False) == ["SCIRD", "59"]
    assert not parse_text("SCIRD-59").excluded


def test_partial_threshold_and_removing_a_clause() -> None:
    assert parse_text("a b", expand=False).min_match() == 2
    assert parse_text("alpha beta gamma", expand=False).min_match() == 2
    assert parse_text("alpha beta gamma delta", expand=False).min_match() == 3
    assert parse_text(" ".join(f"w{i}" for i in range(8)), expand=False).min_match() == 6
    parsed = parse_text("semiconductor Japan Vietnam")
    japan = parsed.required[1]
    assert parsed.without(japan) == "semiconductor Vietnam"
