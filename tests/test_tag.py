"""The tag stage: the seeds, word-boundary rules per script, collisions, themes, forums."""

from __future__ import annotations

from pathlib import Path

import pytest

from stiwatch.core.article import Article
from stiwatch.core.taxonomy import Taxonomy, load_taxonomy
from stiwatch.crawler.registry import Source
from stiwatch.pipelines.base import PipelineContext
from stiwatch.pipelines.tag import TagPipeline, Tags, TagStage, find_forums, tag_article
from stiwatch.pipelines.tag_parts import split_parts
from stiwatch.search.backend import SearchQuery

# The five real sample articles, copied into the repo so the tests stand alone.
SEEDS = Path(__file__).parent / "fixtures" / "text" / "seeds"


@pytest.fixture(scope="module")
def tax():
    return load_taxonomy()


def seed(n: int) -> tuple[str, str]:
    raw = next(SEEDS.glob(f"{n:03d}_*.txt")).read_text(encoding="utf-8")
    title, text = raw.split("\n", 1)
    return title, text


def tag(
    tax: Taxonomy,
    text: str,
    title: str = "",
    language: str = "en",
    source_country: str | None = None,
) -> Tags:
    return tag_article(title, text, language, source_country, tax)


# --- the seeds ------------------------------------------------------------------------


def _row(t: Tags, facet: str, ident: str, alias: str, where: str) -> dict:
    """The evidence row of ``ident`` found as ``alias`` in ``where`` (salience and all)."""
    rows = [r for r in t.evidence[facet] if (r["id"], r["alias"], r["where"]) == (ident, alias, where)]
    assert rows, (ident, alias, where, t.evidence[facet])
    return rows[0]


def test_seed_000_talent_mobility_at_scird(tax):
    t = tag_article(*seed(0), "th", "TH", tax)
    # About: the programme's owner and the meetings it went to (in the title and lead).
    assert {"PMU-B", "MHESI", "SCIRD", "COSTI", "SCSER"} <= set(t.agencies)
    # Named once in the body, in passing: mentioned, searchable with mentions on.
    assert {"OPS-MHESI", "NXPO", "ASEC"} <= set(t.mentions["agencies"]) - set(t.agencies)
    assert {"PH", "TH"} <= set(t.countries)
    assert "talent-mobility" in t.themes
    assert t.forums == ["COSTI-84", "SCIRD-59"]
    assert _row(t, "agencies", "PMU-B", "บพค.", "title")["salience"] >= 1.0
    assert _row(t, "countries", "PH", "ประเทศฟิลิปปินส์", "title")["salience"] >= 1.0


def test_seed_001_thai_china_poverty(tax):
    t = tag_article(*seed(1), "th", "TH", tax)
    assert {"PMU-A", "MHESI", "MOST-CN", "CRTDC"} <= set(t.agencies)
    # The Chinese ministry is named in full: no Thai MOST (which no longer existed).
    assert "MOST-TH" not in t.agencies
    assert t.countries == ["CN", "TH"]
    assert {"poverty-eradication", "technology-transfer", "rail-transport"} <= set(t.themes)
    assert "joint-committee" in t.cooperation


def test_seed_002_most_thailand_technology_clinics(tax):
    t = tag_article(*seed(2), "th", "TH", tax)
    assert "MOST-TH" in t.agencies
    assert "technology-transfer" in t.themes
    assert t.countries == ["TH"]
    assert t.forums == []


def test_seed_003_vietnamese_ministry_in_thai(tax):
    # The bare Thai ministry name is Vietnam's here: the article is about Vietnam.
    t = tag_article(*seed(3), "th", "VN", tax)
    assert "MOST-VN" in t.mentions["agencies"] and "MOST-TH" not in t.mentions["agencies"]
    # About Vietnam's innovation ecosystem; the partners and bodies it cites in passing
    # (one body mention each, most of them in lists) are mentions.
    assert t.countries == ["VN"]
    assert {"US", "JP", "KR", "SG"} <= set(t.mentions["countries"])
    assert {"WIPO", "ITU", "WTO", "OECD", "EU"} <= set(t.mentions["agencies"]) - set(t.agencies)
    assert {"digital-transformation", "startups-innovation"} <= set(t.themes)
    # The same text from a Thai publisher: still Vietnam, by the country mentions.
    assert "MOST-VN" in tag_article(*seed(3), "th", "TH", tax).mentions["agencies"]


def test_seed_004_cabinet_resolution_undp(tax):
    t = tag_article(*seed(4), "th", "TH", tax)
    assert {"CABINET-TH", "NESDC", "UNDP"} <= set(t.agencies)
    assert "policy-innovation" in t.themes
    # "1 ล้านดอลลาร์สหรัฐ" is a currency, not the United States.
    assert "US" not in t.mentions["countries"]
    # The Mekong countries are one list ("กัมพูชา ลาว เมียนมา เวียดนาม"): mentioned.
    assert t.countries == ["TH"]
    assert {"KH", "LA", "MM", "VN"} <= set(t.mentions["countries"])
    assert all(r.get("passing") == "list" for r in t.evidence["countries"] if r["id"] == "KH")


# --- Thai: whole segmented words only ------------------------------------------------


def test_thai_acronym_never_fires_inside_another_word(tax):
    t = tag(tax, "ความร่วมมือด้านอวกาศและภูมิสารสนเทศระหว่างประเทศ", language="th")
    assert "MHESI" not in t.agencies  # อว inside อวกาศ
    t = tag(tax, "หน่วยงาน กวว. และ สวว. ร่วมประชุม", language="th")
    assert "TISTR" not in t.agencies  # วว. glued to an unknown fragment
    t = tag(tax, "ผู้แทนจาก วว. และ สวทช. ร่วมประชุม", language="th")
    assert {"TISTR", "NSTDA"} <= set(t.agencies)


def test_a_longer_acronym_is_one_word_not_a_shorter_one_inside_it(tax):
    # กอวช. (the NXPO executive board) is not "กอ" and NRCT's "วช.".
    t = tag(tax, "รัฐมนตรีเป็นประธานการประชุม กอวช. ครั้งที่ 3", language="th")
    assert "NRCT" not in t.mentions["agencies"]


def test_thai_acronym_glued_to_a_real_word_still_matches(tax):
    t = tag(tax, "ภาพรวมการทำงานของบพท.ในพื้นที่", language="th")
    assert t.agencies == ["PMU-A"]


def test_thai_country_words_and_blockers(tax):
    t = tag(tax, "ความร่วมมือไทย-ญี่ปุ่น ใช้งบประมาณ 2 ล้านดอลลาร์สหรัฐ เรียนภาษาจีน", language="th")
    assert t.countries == ["JP", "TH"]
    # ไทย inside มหาดไทย (the Interior ministry) is not Thailand.
    assert tag(tax, "กระทรวงมหาดไทยลงนาม", language="th").countries == []


# --- Vietnamese: folded syllables on word boundaries ---------------------------------


def test_vietnamese_with_and_without_diacritics(tax):
    for text in (
        "Bộ Khoa học và Công nghệ ký kết với Hàn Quốc về chuyển đổi số",
        "Bo Khoa hoc va Cong nghe ky ket voi Han Quoc ve chuyen doi so",
    ):
        t = tag(tax, text, title=text, language="vi", source_country="VN")
        assert "MOST-VN" in t.agencies
        assert {"KR", "VN"} <= set(t.countries)
        assert "digital-transformation" in t.themes


@pytest.mark.parametrize(
    ("text", "language", "ident"),
    [
        # Everyday names: the Vietnamese ministry without "và", the Thai one as "ดีอี".
        ("Bộ Khoa học Công nghệ tổ chức hội chợ Techmart", "vi", "MOST-VN"),
        ("Bộ Khoa học - Công nghệ tổ chức lễ trao giải thưởng", "vi", "MOST-VN"),
        ("รมว.ดีอี ร่วมเวทีรัฐมนตรีอาเซียนด้านดิจิทัล", "th", "MDES"),
        # The short names of Viet Nam's ministries ("Bộ Khoa học"; "Thông tin Truyền thông"
        # without "và", also as a minister's portfolio), and the English name of Thailand's
        # ministry of higher education as its government's pages often shorten it.
        ("Doanh nghiệp muốn hợp tác với Bộ Khoa học", "vi", "MOST-VN"),
        ("Bộ Thông tin Truyền thông công bố dịch vụ mới", "vi", "MIC-VN"),
        ("Bộ trưởng Thông tin Truyền thông trả lời chất vấn", "vi", "MIC-VN"),
        ("Ministry of Higher Education, Science and Innovation opens a robotics fair", "en", "MHESI"),
        ("Minister of Higher Education, Science and Innovation visits a robotics fair", "en", "MHESI"),
    ],
)
def test_agencies_by_their_everyday_names(tax, text, language, ident):
    assert ident in tag(tax, text, title=text, language=language).agencies


def test_an_everyday_name_needs_its_own_word(tax):
    text = "สินค้าดีอีกครั้ง"  # "good again": ดี + อีก, not ดีอี
    assert tag(tax, text, title=text, language="th").mentions["agencies"] == []


def test_vietnamese_short_country_names_are_exact(tax):
    t = tag(tax, "Thị trường lao động và pháp luật về mỹ phẩm", language="vi")
    assert t.countries == []
    t = tag(tax, "Hợp tác với Lào, Pháp và Mỹ", language="vi")
    assert t.mentions["countries"] == ["FR", "LA", "US"]
    t = tag(tax, "Hợp tác với Lào và Pháp", language="vi")
    assert t.countries == ["FR", "LA"]


def test_vietnamese_words_written_with_diacritics_keep_their_tones(tax):
    # "thủy điện" (hydropower) folds like "Thụy Điển" (Sweden), "trung hòa" (neutral)
    # like "Trung Hoa" (China), "viên tham" like "viễn thám" (remote sensing).
    t = tag(tax, "Nhà máy thủy điện trung hòa carbon; thành viên tham gia", language="vi")
    assert t.mentions["countries"] == []
    assert "space" not in t.mentions["themes"]
    t = tag(tax, "Hợp tác với Thụy Điển và Thuỵ Sĩ về công nghệ viễn thám", language="vi")
    assert t.countries == ["CH", "SE"] and "space" in t.mentions["themes"]
    # Text written without any diacritics still matches.
    assert tag(tax, "Hop tac voi Thuy Dien ve cong nghe vien tham", language="vi").countries == ["SE"]


def test_vietnamese_syllables_do_not_match_inside_words(tax):
    # "Thái" (a province, "thái độ") is not the English "Thai".
    t = tag(tax, "Tỉnh Thái Nguyên và thái độ của doanh nghiệp", language="vi")
    assert t.countries == []


# --- English: word boundaries, plurals, case-sensitive acronyms ------------------------


def test_english_plural_and_case(tax):
    t = tag(tax, "Semiconductors and chips", title="New semiconductors fab in Malaysia")
    assert "semiconductors" in t.themes and t.countries == ["MY"]
    t = tag(tax, "The two sides signed three MoUs on research.")
    assert t.cooperation == ["mou"]


def test_english_acronyms_are_case_sensitive(tax):
    assert tag(tax, "the most important meeting of costi members").agencies == []
    assert "COSTI" in tag(tax, "the COSTI meeting").agencies
    assert tag(tax, "COSTING of the project").agencies == []


# --- one word, several written forms ----------------------------------------------------


def _named(tax: Taxonomy, text: str) -> set[tuple[str, str, str]]:
    """(kind, id, the text it was found as) of every name and theme keyword in ``text``."""
    m = tax.matchers
    tokens = m.tokenize(text)
    hits = {(h.target[0], h.target[1], text[h.start : h.end]) for h in m.entities.find(tokens)}
    return hits | {("theme", h.target[0], text[h.start : h.end]) for h in m.themes.find(tokens)}


@pytest.mark.parametrize(
    "written", ["Bio-Circular-Green", "Bio\u2011Circular\u2011Green", "Bio Circular Green"]
)
def test_a_hyphen_of_any_form_joins_the_same_words_as_a_space(tax, written):
    assert ("theme", "agriculture-bcg", written) in _named(tax, f"The {written} model for farms")


def test_a_spaced_hyphen_between_the_words_of_a_name_is_no_break(tax):
    name = "Tổng cục Tiêu chuẩn - Đo lường - Chất lượng"
    assert ("agency", "STAMEQ", name) in _named(tax, f"Lễ kỷ niệm của {name} hôm qua")


def test_curly_apostrophes_are_apostrophes(tax):
    text = "a visit to the People’s Republic of China"
    assert ("country", "CN", "People’s Republic of China") in _named(tax, text)


def test_a_zero_width_space_is_a_space(tax):
    name = "Thailand Science Research and\u200bInnovation"
    assert ("agency", "TSRI", name) in _named(tax, f"\u200b{name} funds the work")


@pytest.mark.parametrize(
    ("written", "agency"), [("Bộ GD-ĐT", "MOET-VN"), ("Bộ GD & ĐT", "MOET-VN"), ("Bộ KH-CN", "MOST-VN")]
)
def test_vietnamese_abbreviations_joined_by_a_dash_or_an_ampersand(tax, written, agency):
    # The taxonomy writes them "Bộ GD&ĐT" and "Bộ KH&CN".
    assert ("agency", agency, written) in _named(tax, f"Hội thảo do {written} tổ chức")


def test_an_ampersand_reads_and_in_english_names(tax):
    name = "Ministry of Industry, Science, Technology & Innovation"
    assert ("agency", "MISTI", name) in _named(tax, f"The {name} said so.")
    # And the other way round: the name is written with "&", the text with "and".
    name = (
        "Program Management Unit for Human Resources and Institutional Development, Research and Innovation"
    )
    assert ("agency", "PMU-B", name) in _named(tax, f"The {name} funds it.")


def test_english_text_may_drop_the_marks_of_a_foreign_name(tax):
    assert ("country", "TR", "Turkiye") in _named(tax, "Thailand and Turkiye agreed")
    assert ("country", "TR", "Türkiye") in _named(tax, "Thailand and Türkiye agreed")


# --- ambiguous acronyms ----------------------------------------------------------------


def test_dost_philippines_or_vietnamese_province(tax):
    ph = tag(tax, "DOST Secretary Renato Solidum met the delegation in Manila.")
    assert "DOST-PH" in ph.agencies and "PH" in ph.countries
    vn = tag(tax, "The provincial DOST of Lao Cai province trained farmers.", source_country="VN")
    assert "DOST-PH" not in vn.agencies
    assert "DOST-PH" in tag(tax, "DOST launched a programme.", source_country="PH").agencies


def test_nrf_by_country_context(tax):
    assert "NRF-KR" in tag(tax, "NRF and Korean universities fund the project in Korea.").agencies
    assert "NRF-SG" in tag(tax, "Singapore's NRF announced grants.").agencies
    assert tag(tax, "NRF announced grants.").agencies == []


def test_thai_nia_only_with_innovation_context(tax):
    t = tag(tax, "สนช. สนับสนุนสตาร์ทอัพด้านนวัตกรรมเกษตร", language="th")
    assert "NIA" in t.agencies
    t = tag(tax, "ที่ประชุม สนช. ผ่านร่างพระราชบัญญัติ", language="th")
    assert "NIA" not in t.agencies


def test_a_department_of_international_cooperation_in_a_foreign_delegation(tax):
    # A Thai page names Thailand more often than the delegation's country, yet the department
    # is the Vietnamese ministry's: Thailand's is told by its acronym or its ministry.
    foreign = (
        "ไทยและเวียดนามหารือความร่วมมือ ผู้แทนไทยต้อนรับคณะผู้แทนจากกระทรวงสาธารณสุขเวียดนาม"
        " ประกอบด้วย อธิบดีกรมความร่วมมือระหว่างประเทศ เพื่อขยายความร่วมมือด้านสาธารณสุขของไทย"
    )
    t = tag(tax, foreign, language="th", source_country="TH")
    assert "TICA" not in t.mentions["agencies"]
    thai = "กรมความร่วมมือระหว่างประเทศ กระทรวงการต่างประเทศ มอบทุนแก่นักศึกษาเวียดนาม"
    assert "TICA" in tag(tax, thai, language="th", source_country="TH").agencies
    assert "TICA" in tag(tax, "กรมความร่วมมือระหว่างประเทศ จัดอบรม", language="th").agencies


def test_bare_ministry_of_science_and_technology(tax):
    text = "The Ministry of Science and Technology said Vietnam will invest."
    vn = tag(tax, text, source_country="VN")
    assert "MOST-VN" in vn.agencies
    th = tag(tax, "กระทรวงวิทยาศาสตร์และเทคโนโลยี จัดงาน", language="th", source_country="TH")
    assert th.agencies == ["MOST-TH"]
    # An agency implies its own country and nothing else.
    assert th.countries == ["TH"]


# --- agencies and countries -------------------------------------------------------------


def test_parent_agency_added_with_evidence(tax):
    t = tag(tax, "NECTEC researchers presented the platform.")
    assert t.agencies == ["NECTEC", "NSTDA"]
    assert _row(t, "agencies", "NSTDA", "NECTEC", "lead")["via"] == "NECTEC"
    assert t.countries == ["TH"]
    international = tag(tax, "UNDP and WIPO officials attended.")
    assert international.countries == []


def test_publisher_country_only_when_named(tax):
    t = tag(tax, "China and Japan agreed to cooperate on quantum computing.", source_country="TH")
    assert t.countries == ["CN", "JP"]
    assert "quantum" in t.themes


# --- themes -------------------------------------------------------------------------------


def test_passing_weak_mentions_do_not_make_a_theme(tax):
    text = (
        "The meeting discussed data, platform, data sharing, digital tools, standards, "
        "chip supply and AI in a long list of other topics."
    )
    t = tag(tax, text, title="Ministers meet")
    assert "digital-transformation" not in t.themes
    assert "semiconductors" not in t.themes
    assert "ai" not in t.themes


@pytest.mark.parametrize(
    ("title", "text", "language", "theme"),
    [
        # How a country runs its research: its budget and plan for science.
        (
            "Năm 2019 sẽ tăng chi cho khoa học công nghệ",
            "Thủ tướng cho biết chi cho khoa học công nghệ sẽ tăng.",
            "vi",
            "policy-innovation",
        ),
        (
            "ครม. อนุมัติงบประมาณ",
            "คณะรัฐมนตรีอนุมัติงบประมาณด้านวิทยาศาสตร์ วิจัยและนวัตกรรม ปี 2565",
            "th",
            "policy-innovation",
        ),
        (
            "Council meets",
            "The National Council for Science, Technology and Innovation held its first meeting.",
            "en",
            "policy-innovation",
        ),
        # A standard a product must meet; where technology is bought and sold; a branch of
        # farming; an enzyme; connectivity; how universities are run; scientists abroad.
        (
            "Cabinet approves standards",
            "The cabinet approved draft regulations requiring plugs to conform to the Thai Industrial Standard.",
            "en",
            "standards-ip",
        ),
        (
            "Khai mạc Techmart 2015",
            "Hội chợ kết nối cung cầu công nghệ khai mạc tại Hà Nội.",
            "vi",
            "technology-transfer",
        ),
        ("กรมหารือแนวทางพัฒนาปศุสัตว์", "ที่ประชุมหารือการพัฒนาปศุสัตว์ของประเทศ", "th", "agriculture-bcg"),
        (
            "Tìm ra enzyme tiêu hủy nhựa",
            "Các nhà khoa học tìm ra một enzyme có thể phân hủy nhựa.",
            "vi",
            "biotech",
        ),
        (
            "4G chỉ chờ giờ khai hỏa",
            "Các nhà mạng sẵn sàng triển khai 4G trên toàn quốc.",
            "vi",
            "digital-transformation",
        ),
        (
            "Đẩy mạnh tự chủ đại học",
            "Chính phủ yêu cầu thực hiện tự chủ đại học nhanh hơn.",
            "vi",
            "higher-education-research",
        ),
        (
            "Thu hút người Việt Nam ở nước ngoài",
            "Đề án thu hút người Việt Nam ở nước ngoài có trình độ cao về giảng dạy.",
            "vi",
            "talent-mobility",
        ),
        (
            "Đổi mới quản lý khoa học",
            "Bộ trưởng: cần thay đổi tư duy về quản lý hoạt động nghiên cứu.",
            "vi",
            "policy-innovation",
        ),
        # A service moved online, named by the record that went electronic.
        (
            "Triển khai bệnh án điện tử",
            "Các bệnh viện triển khai bệnh án điện tử từ năm nay.",
            "vi",
            "digital-transformation",
        ),
        # Round three: words real news uses for a theme without its name.
        (
            "ดีอีเอส ระดมความคิดเห็นร่างแผนแม่บทการคุ้มครองข้อมูลส่วนบุคคล",
            "กระทรวงเตรียมความพร้อมในการปฏิบัติตามกฎหมาย",
            "th",
            "digital-transformation",
        ),
        (
            "นักวิจัยไทยพัฒนานวัตกรรมทางการแพทย์",
            "ทีมวิจัยพัฒนาชุดตรวจเพื่อใช้ในโรงพยาบาล",
            "th",
            "health",
        ),
        (
            "อว. ผลักดันอุตสาหกรรมอาหารของประเทศ",
            "โรงงานต้นแบบผลิตสารให้กลิ่นรสสำหรับผู้ประกอบการ",
            "th",
            "agriculture-bcg",
        ),
        (
            "Lợi khuẩn mở hướng mới cho công nghiệp thực phẩm",
            "Nhóm sinh viên đưa thành công lợi khuẩn vào bánh mì.",
            "vi",
            "agriculture-bcg",
        ),
        (
            "บริษัทญี่ปุ่นสนใจลงทุนไบโอรีไฟเนอรี่ในไทย",
            "บริษัทเตรียมขยายการลงทุน",
            "th",
            "biotech",
        ),
        (
            "Workshop on national plan",
            "Stakeholders discussed the Myanmar Science, Technology and Innovation Roadmap.",
            "en",
            "policy-innovation",
        ),
        (
            "Duy trì đam mê nghiên cứu",
            "Anh đã có 25 bài trên các tạp chí quốc tế.\n\nNhóm tiếp tục gửi bài cho tạp chí quốc tế.",
            "vi",
            "higher-education-research",
        ),
        (
            "Đổi mới đào tạo đại học ngành công nghệ thông tin",
            "Bộ đưa ra cơ chế đặc thù.",
            "vi",
            "higher-education-research",
        ),
        (
            "Trường ĐH đầu tiên đào tạo miễn phí ngành robot",
            "Năm nay trường ĐH Sư phạm kỹ thuật tuyển sinh ngành mới.\n\nTrường ĐH cấp học bổng toàn phần.",
            "vi",
            "higher-education-research",
        ),
        (
            "กระทรวงดิจิทัลฯ ร่วมงาน Girls in ICT Day ส่งเสริมสะเต็มศึกษา",
            "งานส่งเสริมเด็กหญิงให้เรียนด้านเทคโนโลยี",
            "th",
            "talent-mobility",
        ),
        (
            "Myanmar to promote vocational education with ASEAN and China",
            "The ministry will open new vocational education centres.",
            "en",
            "talent-mobility",
        ),
        (
            "ดีอีเอส MOU ผู้รับทุนกองทุนพัฒนาดิจิทัล 41 โครงการ",
            "รัฐมนตรีเป็นประธานพิธีลงนามสัญญารับทุน",
            "th",
            "digital-transformation",
        ),
        (
            "Tìm ra cách chống vi khuẩn kháng kháng sinh",
            "Các nhà khoa học công bố kết quả mới.",
            "vi",
            "health",
        ),
        # Round five: everyday phrasings of a theme that named none of its words.
        # Electric vehicles named by their kind.
        ("กรุงเทพฯ ทดลองวิ่งรถโดยสารไฟฟ้าสายใหม่", "ผู้โดยสารใช้บริการได้ฟรีตลอดเดือน", "th", "rail-transport"),
        (
            "University unveils locally built electric buses",
            "The first units will run on campus.",
            "en",
            "rail-transport",
        ),
        (
            "Đà Nẵng thử nghiệm xe buýt điện",
            "Tuyến mới chạy từ sân bay vào trung tâm.",
            "vi",
            "rail-transport",
        ),
        # The electronics industry; the other Thai spelling of the printed circuit board.
        ("บีโอไอหนุนลงทุนอุตสาหกรรมอิเล็กทรอนิกส์", "นักลงทุนต่างชาติยื่นขอรับการส่งเสริม", "th", "semiconductors"),
        ("ผู้ผลิตแผ่นวงจรพิมพ์ขยายโรงงานในไทย", "บริษัทเตรียมเพิ่มกำลังการผลิต", "th", "semiconductors"),
        # Cloud without "computing"; ICT spelt out in Thai, taken up by the text.
        (
            "Ministry backs cloud service investment",
            "Firms applied for new incentives.",
            "en",
            "digital-transformation",
        ),
        (
            "กระทรวงหารือความร่วมมือด้านไอซีที",
            "ทั้งสองฝ่ายจะแลกเปลี่ยนประสบการณ์ด้านไอซีที",
            "th",
            "digital-transformation",
        ),
        # The Thai Industrial Standard's mark; a product that must meet a standard.
        ("ตรวจพบสินค้าไม่มี มอก. ขายในตลาดออนไลน์", "เจ้าหน้าที่ยึดสินค้าหลายรายการ", "th", "standards-ip"),
        ("ครม. ให้หมวกกันน็อกเป็นสินค้าควบคุม", "ผู้ผลิตต้องปรับปรุงการผลิตภายในหนึ่งปี", "th", "standards-ip"),
        # Agricultural technology without the nominaliser การ.
        ("จังหวัดจัดงานวันเทคโนโลยีเกษตร", "ผู้เข้าร่วมกว่าพันคน", "th", "agriculture-bcg"),
        # A special or pilot policy.
        (
            "Hà Nội đề xuất chính sách đặc thù cho khu công nghệ cao",
            "Thành phố kiến nghị Quốc hội.",
            "vi",
            "policy-innovation",
        ),
        # Round six. The Thai farm sector, taken up by the text.
        (
            "จังหวัดหนุนใช้โดรนในภาคเกษตร",
            "ภาคเกษตรของจังหวัดจะลดต้นทุนได้มาก",
            "th",
            "agriculture-bcg",
        ),
        # Skilled labour named with a relative clause.
        ("ครม. เร่งสร้างแรงงานที่มีทักษะสูง", "รัฐบาลตั้งงบประมาณใหม่", "th", "talent-mobility"),
        # The "gene" spelling of the Vietnamese loanword.
        ("Cấp phép thêm giống lúa biến đổi gene", "Hội đồng họp vào tuần trước.", "vi", "biotech"),
        # Services given online.
        ("กรมเปิดให้บริการทางออนไลน์ครบทุกงาน", "ประชาชนยื่นเรื่องได้ตลอดวัน", "th", "digital-transformation"),
        # KOSEN, Japan's colleges of technology.
        ("นักเรียนไทยได้ทุนไปเรียนที่โคเซ็น", "ผู้ได้รับทุนเดินทางเดือนหน้า", "th", "higher-education-research"),
        ("Thailand opens a second KOSEN campus", "Classes start in May.", "en", "higher-education-research"),
        # Energy named by its source: biofuels, geothermal power, power from waste.
        ("Firm plans a biofuel plant in the north", "Work starts next year.", "en", "energy"),
        (
            "ไทยและญี่ปุ่นลงนามความร่วมมือฉบับใหม่",
            "ทั้งสองฝ่ายจะสำรวจพลังงานใต้พิภพในภาคเหนือ\n\nแหล่งพลังงานใต้พิภพแห่งแรกอยู่ที่เชียงใหม่",
            "th",
            "energy",
        ),
        ("Bình Dương khởi công nhà máy điện rác", "Nhà máy dự kiến hoạt động năm sau.", "vi", "energy"),
    ],
)
def test_a_theme_named_by_what_it_governs_or_digitises(tax, title, text, language, theme):
    assert theme in tag(tax, text, title=title, language=language).themes


def test_title_and_repeats_weigh_more(tax):
    title = "Thailand and Japan sign AI pact"
    body = "Other news.\n\nThe pact covers AI research and AI training for officials."
    assert "ai" in tag(tax, body, title=title).themes
    assert "ai" not in tag(tax, "Other news.\n\nThe pact covers AI research.", title="Pact").themes


def test_a_battery_alone_is_no_energy_topic(tax):
    # An EV battery plant is carmakers' news; energy storage still names the theme.
    title = "Carmaker opens new plant in the east"
    text = "The plant will make batteries for electric cars.\n\nBattery output starts next year."
    assert "energy" not in tag(tax, text, title=title).themes
    text = "The plant will make energy storage systems for the grid."
    assert "energy" in tag(tax, text, title="Firm opens energy storage plant").themes


def test_a_circular_economy_alone_is_no_bcg_economy(tax):
    # Named once, even in the lead, it needs support.
    text = "The ministry promotes the circular economy by recycling plastic waste.\n\nOther news."
    assert "agriculture-bcg" not in tag(tax, text, title="Ministry backs recycling").themes
    text = "The ministry promotes the BCG economy in its provinces."
    assert "agriculture-bcg" in tag(tax, text, title="Ministry backs the BCG economy").themes


def test_keywords_inside_agency_names_do_not_count(tax):
    t = tag(tax, "The Digital Economy Promotion Agency hosted a dinner.", title="depa dinner")
    assert "DEPA" in t.agencies
    assert "digital-transformation" not in t.themes


def test_theme_threshold_override(tax):
    text = "Other news.\n\nA nuclear research group met."
    assert "nuclear" not in tag(tax, text).themes
    assert "nuclear" in tag_article("", text, "en", None, tax, theme_threshold=1.0).themes


# --- forums and cooperation -------------------------------------------------------------


def test_forum_patterns(tax):
    costi = "at the 84th ASEAN Committee on Science, Technology and Innovation"
    assert find_forums(tax, costi) == ["COSTI-84"]
    assert find_forums(tax, "การประชุม SCIRD ครั้งที่ ๕๙ ณ ฟิลิปปินส์") == ["SCIRD-59"]
    assert find_forums(tax, "AMMSTI-20 and IAMMSTI 19") == ["AMMSTI-19", "AMMSTI-20"]
    ammsti = "Hội nghị Bộ trưởng ASEAN về Khoa học, Công nghệ và Đổi mới sáng tạo lần thứ 20"
    assert find_forums(tax, ammsti) == ["AMMSTI-20"]
    assert find_forums(tax, "COSTI Priority ของปี 2567, COSTI 2024") == []


def test_cooperation_types_in_three_languages(tax):
    assert tag(tax, "ลงนามบันทึกความเข้าใจกับญี่ปุ่น", language="th").cooperation == ["mou"]
    assert "mou" in tag(tax, "ký biên bản ghi nhớ với Nhật Bản", language="vi").cooperation
    assert "official-visit" in tag(tax, "a courtesy call on the minister").cooperation


# --- structure, stage, speed ------------------------------------------------------------


def test_split_parts_lead_is_first_paragraph():
    parts = split_parts("T", "one\n\ntwo\n\nthree")
    assert parts == [("title", "T"), ("lead", "one"), ("body", "two\n\nthree")]
    assert split_parts("T", "one\ntwo") == [("title", "T"), ("lead", "one"), ("body", "two")]
    assert split_parts("", "") == [("title", ""), ("lead", ""), ("body", "")]


def test_stage_and_pipeline_set_the_article(tax):
    source = Source(
        id="pmu-hr",
        name="PMU-B",
        country="TH",
        agency="PMU-B",
        languages=("th",),
        base_url="https://www.pmu-hr.or.th/",
    )
    context = PipelineContext(sources={"pmu-hr": source})
    title, text = seed(0)
    article = Article(
        url="https://www.pmu-hr.or.th/9380/", source="pmu-hr", title=title, text=text, language="th"
    )
    out = TagPipeline(TagStage(context)).process_item(article)
    assert out.errors == []
    assert "PMU-B" in out.agencies and "talent-mobility" in out.themes
    assert out.forums == ["COSTI-84", "SCIRD-59"]
    assert "conference" in out.cooperation
    assert set(out.tag_evidence) == {"agencies", "countries", "themes"}
    rows = [row for facet in out.tag_evidence.values() for row in facet]
    assert rows and all(row["where"] in ("title", "lead", "body") for row in rows)
    record = out.to_record()
    assert record["agencies"] == out.agencies


def test_retag_applies_the_taxonomy_to_stored_articles(tmp_path: Path) -> None:
    from stiwatch.search.embedded import EmbeddedBackend
    from tests.conftest import cli_json

    data = tmp_path / "data"
    stale = {
        "id": "a1",
        "url": "https://example.org/a1",
        "source": "manual",
        "language": "th",
        "title": "ครม. อนุมัติความร่วมมือ",
        "text": "กระทรวง อว. กับกระทรวงวิทยาศาสตร์และไอซีทีแห่งสาธารณรัฐเกาหลี ร่วมมือด้านเซมิคอนดักเตอร์",
        "countries": [],
        "agencies": ["NOPE"],
        "themes": [],
        "tag_evidence": {},
    }
    with EmbeddedBackend(data) as backend:
        backend.upsert([stale])
    dry = cli_json(["retag", "--dry-run", "--json"], data)
    assert (dry["articles"], dry["changed"]) == (1, 1)
    assert {k: dry["facets"][k] for k in ("countries", "agencies", "themes")} == {
        "countries": 1,
        "agencies": 1,
        "themes": 1,
    }
    assert cli_json(["retag", "--json"], data)["changed"] == 1
    with EmbeddedBackend(data) as backend:
        record = backend.get("a1")
        assert {"MHESI", "MSIT-KR", "CABINET-TH"} <= set(record["agencies"])
        assert record["countries"] == ["KR", "TH"] and record["themes"] == ["semiconductors"]
        assert backend.search(SearchQuery(agencies=("MSIT-KR",))).total == 1
        # A record stored before mentions were kept gets them (tags included) from retag.
        assert set(record["mentions"]) == {"countries", "agencies", "themes"}
        assert set(record["agencies"]) <= set(record["mentions"]["agencies"])
        assert all(row["salience"] >= 1.0 for row in record["tag_evidence"]["countries"])
    assert cli_json(["retag", "--json"], data)["changed"] == 0


def test_long_form_agency_names_and_alias_aware_segmentation(tax):
    # "...แห่งสาธารณรัฐเกาหลี": a country-qualified long form of MSIT-KR's name.
    t = tag(tax, "ระหว่าง อว. กับกระทรวงวิทยาศาสตร์และไอซีทีแห่งสาธารณรัฐเกาหลี", language="th")
    assert "MSIT-KR" in t.agencies
    t = tag(tax, "The Ministry of Science and Technology of the People's Republic of China hosted it.")
    assert t.agencies == ["MOST-CN"]
    t = tag(tax, "Bộ Khoa học và Công nghệ của Hàn Quốc", language="vi")
    assert "MSIT-KR" not in t.agencies  # a different ministry: no variant invented for it
    # newmm alone cuts "แนว|ทางเศรษฐกิจ|บีซี|จี"; with the aliases it keeps the concept whole.
    t = tag(tax, "ปุ๋ยชีวภาพเป็นหัวใจของการทำเกษตรตามแนวทางเศรษฐกิจบีซีจี", language="th")
    assert "agriculture-bcg" in t.themes


def test_publisher_country_when_no_country_is_named(tax):
    t = tag(tax, "Hanoi supports 50 innovative startups in education and health.", source_country="VN")
    assert t.countries == ["VN"]
    assert _row(t, "countries", "VN", "", "source")["via"] == "publisher"
    assert tag(tax, "Hanoi supports 50 startups.", source_country=None).countries == []
