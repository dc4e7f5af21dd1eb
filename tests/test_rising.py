"""What is rising: the test statistics on constructed counts, then the whole computation on a
constructed corpus (tests/analyst_corpus.py) in the embedded backend."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from datetime import date, timedelta
from fractions import Fraction
from math import comb
from pathlib import Path

import pytest

from stiwatch.search.backend import SearchQuery
from stiwatch.search.embedded import EmbeddedBackend
from stiwatch.search.rising import RisingSettings, rising, score, windows
from stiwatch.search.significance import benjamini_hochberg, binomial_sf
from tests.analyst_corpus import AS_OF, analyst_corpus


def exact_sf(k: int, n: int, p: Fraction) -> Fraction:
    return sum((comb(n, i) * p**i * (1 - p) ** (n - i) for i in range(k, n + 1)), Fraction(0))


@pytest.mark.parametrize(
    "k, n, p",
    [
        (0, 5, "1/9"),
        (1, 1, "1/9"),
        (3, 3, "1/9"),
        (5, 20, "1/9"),
        (2, 30, "1/2"),
        (17, 40, "1/3"),
        (9, 9, "2/7"),
    ],
)
def test_binomial_tail_is_exact(k: int, n: int, p: str) -> None:
    assert binomial_sf(k, n, float(Fraction(p))) == pytest.approx(
        float(exact_sf(k, n, Fraction(p))), rel=1e-12
    )


def test_binomial_tail_edges() -> None:
    assert binomial_sf(0, 0, 0.5) == 1.0
    assert binomial_sf(1, 0, 0.5) == 0.0
    assert binomial_sf(4, 10, 0.0) == 0.0
    assert binomial_sf(4, 10, 1.0) == 1.0
    # A far tail stays positive and tiny, and large n costs no time.
    assert 0 < binomial_sf(900, 1000, 0.5) < 1e-100
    assert binomial_sf(100, 5000, 1 / 9) == pytest.approx(1.0)


def test_benjamini_hochberg_matches_the_textbook_example() -> None:
    p = [0.01, 0.04, 0.03, 0.005, 0.20]
    q = benjamini_hochberg(p)
    # Sorted: 0.005, 0.01, 0.03, 0.04, 0.20 → ×m/rank: 0.025, 0.025, 0.05, 0.05, 0.20.
    assert q == pytest.approx([0.025, 0.05, 0.05, 0.025, 0.20])
    assert benjamini_hochberg([]) == []


def test_a_new_value_needs_several_articles() -> None:
    # Equal weeks: share 1/9. Never seen before: p = (1/9)^x.
    _, ratio, p_one = score(1, [0] * 8, 100, 800, volume_adjusted=False)
    assert ratio is None and p_one == pytest.approx(1 / 9)
    _, _, p_three = score(3, [0] * 8, 100, 800, volume_adjusted=False)
    assert p_three == pytest.approx((1 / 9) ** 3)


def test_a_steady_value_is_not_significant() -> None:
    expected, ratio, p_value = score(5, [5, 4, 6, 5, 5, 4, 6, 5], 100, 800, volume_adjusted=False)
    assert expected == 5.0 and ratio == 1.0
    assert p_value > 0.4


def test_volume_adjustment_cancels_a_crawl_that_doubled() -> None:
    # Every source published twice as much this week: the value's share did not change.
    adjusted = score(10, [5] * 8, 200, 800, volume_adjusted=True)
    plain = score(10, [5] * 8, 200, 800, volume_adjusted=False)
    assert adjusted[0] == pytest.approx(10.0) and adjusted[2] > 0.4
    assert plain[2] < 0.05


def test_windows_are_seven_days_going_back() -> None:
    spans = windows(date(2024, 6, 16), 8)
    assert spans[0] == ("w0", date(2024, 6, 10), date(2024, 6, 16))
    assert spans[1] == ("w1", date(2024, 6, 3), date(2024, 6, 9))
    assert len(spans) == 9 and spans[-1][1] == date(2024, 6, 16) - timedelta(days=62)


@pytest.fixture(scope="module")
def backend(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmbeddedBackend]:
    opened = EmbeddedBackend(Path(tmp_path_factory.mktemp("rising")) / "data")
    opened.upsert(copy.deepcopy(analyst_corpus()))
    opened.commit()
    yield opened
    opened.close()


def test_rising_flags_the_constructed_rises(backend: EmbeddedBackend) -> None:
    found = rising(backend, SearchQuery(), AS_OF)
    flagged = {(i.facet, i.value) for i in found.items}
    # The three-language story is new this week too: three articles about semiconductors
    # (versions count as articles: wide coverage is attention).
    assert flagged == {("theme", "quantum"), ("country", "KR"), ("theme", "semiconductors")}
    quantum = next(i for i in found.items if i.value == "quantum")
    assert quantum.current == 7 and quantum.baseline == [0, 1, 0, 1, 0, 1, 0, 1]
    assert found.week == (date(2024, 6, 10), AS_OF)
    assert found.current_total == 4 + 3 + 7 + 3
    assert found.baseline_totals == [7, 8, 7, 8, 7, 8, 7, 8]
    assert found.tested >= 8  # every value seen in the nine weeks, all facets together
    ranked = [i["p_value"] for i in found.to_json()["items"]]
    assert ranked == sorted(ranked)  # most significant first


def test_rising_respects_the_minimum_count_and_the_scope(backend: EmbeddedBackend) -> None:
    strict = rising(backend, SearchQuery(), AS_OF, RisingSettings(min_count=5))
    assert {i.value for i in strict.items} == {"quantum"}  # KR has 4
    steady = rising(backend, SearchQuery(themes=("energy", "ai")), AS_OF)
    assert steady.items == [] and steady.tested > 0


def test_nothing_rises_without_a_baseline(backend: EmbeddedBackend) -> None:
    # Eleven weeks of data: nine weeks later, the current week is empty and so is most history.
    found = rising(backend, SearchQuery(), AS_OF - timedelta(days=7 * 10))
    assert not found.has_baseline and found.items == []
