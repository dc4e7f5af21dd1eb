"""Query expansion: the plan contract and the embedded backend's use of it."""

from __future__ import annotations

from pathlib import Path

import pytest

from stiwatch.search.backend import SearchQuery
from stiwatch.search.embedded import EmbeddedBackend
from stiwatch.search.querytext import plan_text_query
from tests.conftest import cli_json


def test_without_expansion_every_token_is_a_group() -> None:
    assert plan_text_query("Vietnam semiconductors", expand=False) == [["vietnam"], ["semiconductor"]] or (
        plan_text_query("Vietnam semiconductors", expand=False) == [[["vietnam"]], [["semiconductor"]]]
    )
    assert plan_text_query("Vietnam semiconductors", expand=False) == [[["vietnam"]], [["semiconductor"]]]
    assert plan_text_query("   ") == []


def test_a_theme_keyword_becomes_one_group_in_three_languages() -> None:
    plan = plan_text_query("semiconductor")
    assert len(plan) == 1
    group = plan[0]
    assert ["semiconductor"] in group
    assert ["bán", "dẫn"] in group  # a phrase: the two syllables side by side
    assert any("คอนดักเตอร์" in "".join(alt) for alt in group)
    # The Vietnamese query expands the same way, with or without diacritics.
    assert ["semiconductor"] in plan_text_query("bán dẫn")[0]
    assert ["semiconductor"] in plan_text_query("ban dan")[0]


def test_an_agency_acronym_expands_to_its_names() -> None:
    (group,) = plan_text_query("NSTDA")
    assert ["nstda"] in group
    assert ["สวทช"] in group
    assert ["national", "science", "and", "technology", "development", "agency"] in group


def test_concepts_and_plain_words_mix() -> None:
    plan = plan_text_query("Vietnam semiconductor cooperation")
    assert len(plan) == 3
    assert ["เวียดนาม"] in plan[0] and ["việt", "nam"] in plan[0]
    assert plan[2] == [["cooperation"]]
    # Unknown words and lower-case look-alikes of acronyms are not concepts.
    # ("most" is also an English stop word, so it drops out instead.)
    assert plan_text_query("most zebra") == [[["zebra"]]]


def test_short_ambiguous_aliases_are_not_alternatives() -> None:
    # "Thai" (Thailand) would match the Vietnamese syllable "thái" in the folded field.
    (group,) = plan_text_query("Thailand")
    assert ["thai"] not in group and ["ไทย"] in group


DOCS = [
    ("en", "Semiconductor talks", "Thailand and Japan discussed semiconductor supply chains."),
    ("th", "ความร่วมมือเซมิคอนดักเตอร์", "ไทยและญี่ปุ่นหารือความร่วมมือด้านเซมิคอนดักเตอร์และการพัฒนากำลังคน"),
    ("vi", "Hợp tác bán dẫn", "Việt Nam và Nhật Bản thảo luận về công nghiệp bán dẫn."),
    # The two syllables apart: not the concept.
    ("vi", "Bán hàng", "Doanh nghiệp bán sản phẩm và dẫn đầu thị trường."),
    ("th", "สวทช. ลงนาม", "สำนักงานพัฒนาวิทยาศาสตร์และเทคโนโลยีแห่งชาติ ลงนามความร่วมมือกับญี่ปุ่น"),
]


@pytest.fixture(scope="module")
def backend(tmp_path_factory: pytest.TempPathFactory):
    b = EmbeddedBackend(tmp_path_factory.mktemp("expansion") / "data")
    b.upsert(
        {
            "id": f"d{i}",
            "url": f"https://x.example/{i}",
            "source": "manual",
            "language": lang,
            "title": title,
            "text": text,
        }
        for i, (lang, title, text) in enumerate(DOCS)
    )
    b.commit()
    yield b
    b.close()


def ids(backend: EmbeddedBackend, text: str, expand: bool = True) -> set[str]:
    return {h["id"] for h in backend.search(SearchQuery(text=text, expand=expand, limit=50)).hits}


def test_concept_search_finds_every_language(backend: EmbeddedBackend) -> None:
    assert ids(backend, "semiconductor") == {"d0", "d1", "d2"}
    assert ids(backend, "semiconductor", expand=False) == {"d0"}
    assert ids(backend, "bán dẫn") == {"d0", "d1", "d2"}
    # Without expansion the syllables match anywhere (the plain AND of terms).
    assert ids(backend, "bán dẫn", expand=False) == {"d2", "d3"}


def test_agency_acronym_finds_the_full_name(backend: EmbeddedBackend) -> None:
    assert ids(backend, "NSTDA") == {"d4"}
    assert ids(backend, "NSTDA", expand=False) == set()


def test_expansion_keeps_the_other_words_required(backend: EmbeddedBackend) -> None:
    assert ids(backend, "semiconductor Japan") == {"d0", "d1", "d2"}
    assert ids(backend, "semiconductor supply") == {"d0"}


def test_cli_search_expands_by_default(tmp_path: Path, backend: EmbeddedBackend) -> None:
    data = tmp_path / "data"
    with EmbeddedBackend(data) as b:
        b.upsert(backend.get_many(["d0", "d1", "d2", "d3"]))
    expanded = cli_json(["search", "semiconductor", "--json"], data)
    plain = cli_json(["search", "semiconductor", "--no-expand", "--json"], data)
    assert expanded["total"] == 3 and plain["total"] == 1
