"""The taxonomy data and its loader: validation messages, ids, labels, query expansion."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from stiwatch.core.taxonomy import TAXONOMY_DIR, Taxonomy, TaxonomyError, load_taxonomy
from stiwatch.core.text import extra_thai_words, segment_thai


@pytest.fixture(scope="module")
def tax():
    return load_taxonomy()


# --- the project's own data --------------------------------------------------------


def test_every_asean_member_and_partner_country(tax):
    asean = {"TH", "VN", "LA", "KH", "MM", "MY", "SG", "ID", "PH", "BN", "TL"}
    partners = {"CN", "JP", "KR", "IN", "AU", "NZ", "US", "GB", "DE", "FR", "RU"}
    assert asean | partners <= tax.country_ids
    assert {c.id for c in tax.countries.values() if c.asean} == asean
    assert "EU" not in tax.country_ids and "EU" in tax.agency_ids


# The canonical agency ids every deployment relies on (the project's id list, written out).
IDS_MD_AGENCIES = [
    "MHESI",
    "OPS-MHESI",
    "MOST-TH",
    "NXPO",
    "PMU-B",
    "PMU-A",
    "PMU-C",
    "TSRI",
    "NRCT",
    "NSTDA",
    "TISTR",
    "NIA",
    "GISTDA",
    "TINT",
    "NARIT",
    "SLRI",
    "DSS",
    "NSM",
    "NESDC",
    "CABINET-TH",
    "MFA-TH",
    "TICA",
    "DEPA",
    "MDES",
    "BOI",
    "TISI",
    "DIP-TH",
    "ETDA",
    "MOST-VN",
    "MIC-VN",
    "MOET-VN",
    "MOIT-VN",
    "VAST",
    "NAFOSTED",
    "VNA",
    "ASEC",
    "COSTI",
    "AMMSTI",
    "ADGMIN",
    "SCIRD",
    "SCSER",
    "BRIN",
    "MOSTI",
    "DOST-PH",
    "ASTAR",
    "MISTI",
    "MOST-CN",
    "CRTDC",
    "CNSA",
    "METI-JP",
    "MEXT-JP",
    "JST",
    "JICA",
    "MSIT-KR",
    "KOICA",
    "NASA",
    "ESA",
    "EU",
    "UNDP",
    "ITU",
    "WIPO",
    "WTO",
    "OECD",
    "WEF",
    "ISO",
    "IEC",
    "IAEA",
    "UNESCO",
    "ESCAP",
    "ADB",
    "APEC",
]
IDS_MD_THEMES = [
    "ai",
    "semiconductors",
    "carbon-neutrality",
    "talent-mobility",
    "digital-transformation",
    "technology-transfer",
    "poverty-eradication",
    "nuclear",
    "space",
    "biotech",
    "health",
    "agriculture-bcg",
    "rail-transport",
    "standards-ip",
    "startups-innovation",
    "policy-innovation",
    "higher-education-research",
    "smart-cities",
    "quantum",
    "energy",
]


def test_every_agency_and_theme_id_of_ids_md(tax):
    assert set(IDS_MD_AGENCIES) <= tax.agency_ids
    assert set(IDS_MD_THEMES) == tax.theme_ids


def test_agencies_know_their_country_parent_and_history(tax):
    assert tax.agencies["NSTDA"].country == "TH"
    assert tax.agencies["UNDP"].country is None and tax.agencies["UNDP"].international
    assert tax.agencies["NECTEC"].parent == "NSTDA"
    assert tax.agencies["OPS-MHESI"].parent == "MHESI"
    assert tax.agencies["MIC-VN"].merged_into == "MOST-VN"
    assert tax.ancestors("NECTEC") == ["NSTDA"]
    assert tax.ancestors("MHESI") == []


def test_every_thai_acronym_is_one_segmenter_word(tax):
    extra = extra_thai_words()
    for agency in tax.agencies.values():
        for alias in agency.acronyms:
            if alias.lang == "th":
                assert alias.text in extra, (agency.id, alias.text)
                assert segment_thai(f"โดย{alias.text}ร่วมกับ") == ["โดย", alias.text, "ร่วมกับ"]


def test_labels_in_three_languages(tax):
    assert tax.label("countries", "CN", "th") == "จีน"
    assert tax.label("countries", "CN", "vi") == "Trung Quốc"
    assert tax.label("agencies", "MOST-VN", "vi") == "Bộ Khoa học và Công nghệ"
    assert tax.label("themes", "semiconductors", "vi") == "Bán dẫn và điện tử"
    assert tax.label("cooperation", "mou", "th") == "บันทึกความเข้าใจ"
    # Unknown language falls back to English, unknown id to the id itself.
    assert tax.label("country", "JP", "fr") == "Japan"
    assert tax.label("agencies", "NO-SUCH", "en") == "NO-SUCH"
    with pytest.raises(KeyError):
        tax.label("people", "X", "en")


def test_load_is_cached():
    assert load_taxonomy() is load_taxonomy()


# --- query expansion ---------------------------------------------------------------


def test_expand_concept_into_three_languages(tax):
    terms = tax.expand_query_terms("semiconductor")
    assert terms[0] == "semiconductor"
    for term in ("เซมิคอนดักเตอร์", "สารกึ่งตัวนำ", "bán dẫn"):
        assert term in terms
    # A plural or another language names the same concept.
    assert "bán dẫn" in tax.expand_query_terms("semiconductors")
    assert "semiconductor" in tax.expand_query_terms("bán dẫn")
    assert "semiconductor" in tax.expand_query_terms("ban dan")


def test_expand_agency_acronym(tax):
    terms = tax.expand_query_terms("NSTDA")
    assert "สวทช." in terms
    assert "สำนักงานพัฒนาวิทยาศาสตร์และเทคโนโลยีแห่งชาติ" in terms
    assert "National Science and Technology Development Agency" in terms
    thai = tax.expand_query_terms("สวทช.")
    assert "NSTDA" in thai


def test_expand_country_and_unknown_words(tax):
    terms = tax.expand_query_terms("Trung Quốc")
    assert {"China", "จีน", "PRC"} <= set(terms)
    assert tax.expand_query_terms("zebra crossing") == ["zebra crossing"]
    assert tax.expand_query_terms("  ") == []
    # Acronyms are case-sensitive: "most" is a word, not a ministry.
    assert tax.expand_query_terms("most") == ["most"]


# --- validation of bad files -------------------------------------------------------


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """A copy of the taxonomy files to break one at a time."""
    for name in ("countries.yaml", "agencies.yaml", "themes.yaml", "cooperation.yaml"):
        shutil.copy(TAXONOMY_DIR / name, tmp_path / name)
    return tmp_path


def _edit(path: Path, change: Callable[[dict[str, Any]], object]) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


def _load(directory: Path) -> Taxonomy:
    return load_taxonomy(directory, check_segmentation=False)


def test_copy_of_good_files_loads(data_dir):
    assert "MHESI" in _load(data_dir).agency_ids


def _agency(data: dict[str, Any], ident: str) -> dict[str, Any]:
    return next(a for a in data["agencies"] if a["id"] == ident)


@pytest.mark.parametrize(
    ("file", "change", "message"),
    [
        (
            "agencies.yaml",
            lambda d: d["agencies"].append(dict(_agency(d, "NSTDA"))),
            "agencies.yaml: agency NSTDA: duplicate id",
        ),
        (
            "agencies.yaml",
            lambda d: _agency(d, "NECTEC").update(parent="NSTDX"),
            "agencies.yaml: agency NECTEC: parent 'NSTDX' does not exist",
        ),
        (
            "agencies.yaml",
            lambda d: _agency(d, "MIC-VN").update(merged_into="MOST-XX"),
            "agencies.yaml: agency MIC-VN: merged_into 'MOST-XX' does not exist",
        ),
        (
            "agencies.yaml",
            lambda d: _agency(d, "NSTDA").update(country="XX"),
            "agencies.yaml: agency NSTDA: country 'XX' does not exist",
        ),
        (
            "agencies.yaml",
            lambda d: _agency(d, "NSTDA")["names"].pop("vi"),
            "agencies.yaml: agency NSTDA: missing names: vi",
        ),
        (
            "agencies.yaml",
            lambda d: _agency(d, "NSTDA").pop("names"),
            "agencies.yaml: agency NSTDA: missing required field 'names'",
        ),
        (
            "agencies.yaml",
            lambda d: _agency(d, "NSTDA").update(colour="red"),
            "agencies.yaml: agency NSTDA: unknown field(s) colour",
        ),
        (
            "agencies.yaml",
            lambda d: _agency(d, "NSTDA").update(id="nstda"),
            "agencies.yaml: agency nstda: bad id 'nstda'",
        ),
        (
            "agencies.yaml",
            lambda d: _agency(d, "UNDP").update(international=False),
            "agencies.yaml: agency UNDP: country is null",
        ),
        (
            "agencies.yaml",
            lambda d: _agency(d, "NECTEC").update(acronyms=["NSTDA"]),
            "alias 'NSTDA' also names agency NSTDA",
        ),
        (
            "agencies.yaml",
            lambda d: d["ambiguous"][0]["candidates"].append({"id": "DOST-XX"}),
            "agencies.yaml: ambiguous alias 'DOST': candidate 'DOST-XX' does not exist",
        ),
        (
            "countries.yaml",
            lambda d: d["countries"][0].update(id="THA"),
            "countries.yaml: country THA: bad id 'THA'",
        ),
        (
            "countries.yaml",
            lambda d: d["countries"][1].update(id="TH"),
            "countries.yaml: country TH: duplicate id",
        ),
        (
            "themes.yaml",
            lambda d: d["themes"][0]["keywords"][0].update(weight=0),
            "themes.yaml: theme ai: keyword weight must be a positive number",
        ),
        (
            "themes.yaml",
            lambda d: d["themes"][0]["keywords"][0].update(weights={"en": -1}),
            "themes.yaml: theme ai: keyword weight must be a positive number",
        ),
        (
            "themes.yaml",
            lambda d: d["themes"][0]["keywords"][1].update(weights={"km": 4}),
            "themes.yaml: theme ai: keyword weight must be a positive number, by term language: 2 {'km': 4}",
        ),
        (
            "themes.yaml",
            lambda d: d["themes"][0]["keywords"][0].update(headline="twice"),
            "themes.yaml: theme ai: keyword headline must be true, false, again or partner, got 'twice'",
        ),
        (
            "themes.yaml",
            # The values are words, not paragraph counts (YAML 1 is not true).
            lambda d: d["themes"][0]["keywords"][0].update(headline=1),
            "themes.yaml: theme ai: keyword headline must be true, false, again or partner, got 1",
        ),
        (
            "themes.yaml",
            lambda d: d["themes"][0]["names"].pop("th"),
            "themes.yaml: theme ai: missing names: th",
        ),
        (
            "cooperation.yaml",
            lambda d: d["forums"][0]["patterns"].append(r"COSTI-(\d+)"),
            "cooperation.yaml: forum COSTI: pattern 'COSTI-",
        ),
        (
            "cooperation.yaml",
            lambda d: d["forums"][0]["patterns"].append("COSTI-(?P<n>"),
            "cooperation.yaml: forum COSTI: bad regex",
        ),
    ],
)
def test_bad_entries_are_reported_with_file_entry_and_problem(data_dir, file, change, message):
    _edit(data_dir / file, change)
    with pytest.raises(TaxonomyError) as err:
        _load(data_dir)
    assert message in str(err.value)


def test_a_country_known_only_by_a_removed_entry_fails(data_dir):
    # Removing Japan breaks every agency that points at it.
    _edit(
        data_dir / "countries.yaml",
        lambda d: d.update(countries=[c for c in d["countries"] if c["id"] != "JP"]),
    )
    with pytest.raises(TaxonomyError, match=r"country 'JP' does not exist in countries\.yaml"):
        _load(data_dir)


def test_not_yaml_and_wrong_shape(data_dir):
    (data_dir / "themes.yaml").write_text("themes: [unclosed", encoding="utf-8")
    with pytest.raises(TaxonomyError, match=r"themes\.yaml: not valid YAML"):
        _load(data_dir)
    (data_dir / "themes.yaml").write_text("topics: []\n", encoding="utf-8")
    with pytest.raises(TaxonomyError, match=r"themes\.yaml: unknown top-level key"):
        _load(data_dir)


def test_unquoted_norway_is_caught(data_dir):
    # YAML 1.1 reads a bare NO as false: the id check must say so, not crash.
    path = data_dir / "countries.yaml"
    text = path.read_text(encoding="utf-8").replace('id: "NO"', "id: NO")
    path.write_text(text, encoding="utf-8")
    with pytest.raises(TaxonomyError, match="bad id False"):
        _load(data_dir)


def test_a_split_thai_acronym_is_reported(data_dir):
    _edit(data_dir / "agencies.yaml", lambda d: _agency(d, "NSTDA")["acronyms"].append("สวทชฯ."))
    with pytest.raises(TaxonomyError, match=r"agency NSTDA: Thai acronym 'สวทชฯ\.' is split"):
        load_taxonomy(data_dir, check_segmentation=True)


def test_no_theme_keyword_is_an_agency_name():
    # A keyword inside an agency's name does not count for its theme (naming a body is not
    # a topic), so a keyword that is a whole agency name never fires: "NASA" was one.
    tax = load_taxonomy()
    names = {
        alias.text.casefold(): agency.id for agency in tax.agencies.values() for alias in agency.all_aliases()
    }
    clashes = sorted(
        (theme.id, term.text, names[term.text.casefold()])
        for theme in tax.themes.values()
        for keyword in theme.keywords
        for term in keyword.terms
        if term.text.casefold() in names
    )
    assert clashes == []
