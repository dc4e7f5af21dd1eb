"""About, not mentioned: salience from place, repeats, spread, lists, venues, examples,
officials' titles; names mask their words; agencies in time (issue 14)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from stiwatch.core.article import RECORD_FIELDS, Article
from stiwatch.core.facets import MENTION_FACETS, MENTIONS_FIELD
from stiwatch.core.taxonomy import TAXONOMY_DIR, TaxonomyError, load_taxonomy
from stiwatch.core.taxonomy.salience import ListRules, NameSalience, load_salience
from stiwatch.pipelines.history import article_year
from stiwatch.pipelines.salience import Occurrence, enumerated, name_salience
from stiwatch.pipelines.tag import Tags, apply_tags, tag_article

LEAD = "ผู้แทนทั้งสองฝ่ายหารือแนวทางความร่วมมือด้านวิทยาศาสตร์และเทคโนโลยี"


@pytest.fixture(scope="module")
def tax():
    return load_taxonomy()


def tag(tax, text: str, title: str = "", language: str = "en", source: str | None = None, **kw) -> Tags:
    return tag_article(title, text, language, source, tax, **kw)


def rows(t: Tags, facet: str, ident: str) -> list[dict]:
    return [r for r in t.evidence[facet] if r["id"] == ident]


# --- the salience arithmetic ----------------------------------------------------------------


def test_name_salience_adds_place_repeats_and_spread():
    rules = NameSalience(
        title=3, lead=2, body=1, repeat=0.5, max_repeats=4, spread=0.5, passing=0, threshold=2
    )
    body = Occurrence("body", 2)
    assert name_salience([body], rules) == 0.5  # one passing mention: below 1
    assert name_salience([body, Occurrence("body", 2)], rules) == 0.75  # again, same paragraph
    assert name_salience([body, Occurrence("body", 3)], rules) == 1.0  # again, another paragraph
    assert name_salience([Occurrence("lead", 1)], rules) == 1.0
    assert name_salience([Occurrence("title", 0)], rules) == 1.5
    # List items weigh `passing` times their place and add no repeats.
    listed = [Occurrence("lead", 1, "list"), Occurrence("body", 3, "list")]
    assert name_salience(listed, rules) == 0.0
    assert name_salience([*listed, Occurrence("title", 0)], rules) == 1.5


def test_a_backdrop_named_only_in_the_body_needs_the_backdrop_points():
    rules = NameSalience(body=1.5, role=2.0, repeat=0.5, threshold=2.0, backdrop=2.5)
    acting = Occurrence("body", 2, role=True)
    assert name_salience([acting], rules) == 1.0
    assert name_salience([acting], rules, backdrop=True) == 0.8  # once, even acting
    assert name_salience([acting, Occurrence("body", 3)], rules, backdrop=True) == 1.2
    # In the lead it counts as any other body.
    assert name_salience([Occurrence("lead", 1)], rules, backdrop=True) == 1.0


def test_a_trade_bloc_named_once_in_the_body_is_only_mentioned(tax):
    lead = "Deputy Prime Minister met the Japanese ambassador to discuss semiconductor research."
    body = (
        "He also expressed Thailand's intent to become a member of the Organization for "
        "Economic Cooperation and Development (OECD) to attract greater investment."
    )
    t = tag(tax, f"{lead}\n\n{body}", source="TH")
    assert "OECD" not in t.agencies and "OECD" in t.mentions["agencies"]
    # A body of another kind named the same way is a subject.
    t = tag(
        tax,
        f"{lead}\n\n"
        + body.replace(
            "Organization for Economic Cooperation and Development (OECD)",
            "International Telecommunication Union (ITU)",
        ),
        source="TH",
    )
    assert "ITU" in t.agencies
    # Named in the lead, the bloc is a subject.
    t = tag(tax, "Thailand and the European Union (EU) opened talks on research funding.", source="TH")
    assert "EU" in t.agencies


def test_enumerations_need_three_names_joined_only_by_separators():
    lists = ListRules(joiner=load_salience(TAXONOMY_DIR / "salience.yaml").lists.joiner)
    text = "Cambodia, Lao PDR, Myanmar and Viet Nam met Japan."
    spans = []
    for name in ("Cambodia", "Lao PDR", "Myanmar", "Viet Nam", "Japan"):
        start = text.index(name)
        spans.append((start, start + len(name), name))
    assert enumerated(spans, text, lists) == {0, 1, 2, 3}
    assert enumerated(spans[3:], text, lists) == set()  # "Viet Nam met Japan": a sentence
    pair = "ไทย-จีน"  # a hyphen pairs two parties
    assert enumerated([(0, 3, "TH"), (4, 7, "CN")], pair, lists) == set()


# --- lists, venues, examples --------------------------------------------------------------------


def test_countries_listed_are_mentions_unless_also_named_in_the_title_or_lead(tax):
    text = (
        "Thailand and Japan signed a memorandum on satellite data.\n\n"
        "The ASEAN members Cambodia, Lao PDR, Myanmar and Viet Nam were invited as observers."
    )
    t = tag(tax, text)
    assert t.countries == ["JP", "TH"]
    assert {"KH", "LA", "MM", "VN"} <= set(t.mentions["countries"])
    assert all(r.get("passing") == "list" for r in rows(t, "countries", "KH"))
    # Named again in the lead, outside the list: about it.
    t = tag(tax, text.replace("Thailand and Japan", "Viet Nam and Japan"))
    assert "VN" in t.countries and "KH" not in t.countries


def test_a_comparison_listing_values_is_a_list(tax):
    text = (
        "ราคาน้ำมันดีเซลของไทยยังต่ำกว่าหลายประเทศ\n\n"
        "เช่น ฮ่องกง อยู่ที่ 84.97 บาท/ลิตร นอร์เวย์ อยู่ที่ 80.57 บาท/ลิตร อังกฤษอยู่ที่ 77.80 บาท/ลิตร "
        "อินเดีย 44.23 บาท/ลิตร"
    )
    t = tag(tax, text, language="th", source="TH")
    assert t.countries == ["TH"]
    assert {"HK", "NO", "GB", "IN"} <= set(t.mentions["countries"])


def test_a_venue_or_an_example_is_in_passing(tax):
    lead = "ปลัดกระทรวงการอุดมศึกษาฯ หารือกับคณะผู้แทนญี่ปุ่น ณ ห้องประชุม 1 ชั้น 2 สป.อว."
    t = tag(tax, f"{lead}\n\nที่ประชุมเห็นชอบให้ขยายความร่วมมือกับประเทศพันธมิตร เช่น อินเดีย", language="th")
    assert "OPS-MHESI" not in t.agencies and "OPS-MHESI" in t.mentions["agencies"]
    assert [r["passing"] for r in rows(t, "agencies", "OPS-MHESI") if r["alias"] == "สป.อว."] == ["venue"]
    assert "JP" in t.countries
    assert "IN" not in t.countries and rows(t, "countries", "IN")[0]["passing"] == "example"
    # A venue in the title is the meeting the article is about.
    t = tag(tax, "รายละเอียดการประชุม", title="การประชุม SCIRD ครั้งที่ 59 ณ ประเทศฟิลิปปินส์", language="th")
    assert "PH" in t.countries


def test_an_agency_acting_through_an_official_is_about_it_even_once_in_the_body(tax):
    text = (
        "Hội thảo về công nghệ sinh học diễn ra tại Hà Nội.\n\n"
        "Thứ trưởng Bộ Khoa học và Công nghệ Trần Văn Tùng cho biết sẽ hỗ trợ.\n\n"
        "Đại diện Bộ Công Thương cũng tham dự."
    )
    t = tag(tax, text, language="vi", source="VN")
    assert "MOST-VN" in t.agencies
    assert "MOIT-VN" not in t.agencies and "MOIT-VN" in t.mentions["agencies"]


@pytest.mark.parametrize(
    "text",
    [
        # Another country's foreign minister, a region's foreign ministers: not Thailand's MFA.
        "นางสาวศุภมาส หารือกับ รมว.ต่างประเทศสหราชอาณาจักร ในโอกาสเยือนไทย",
        "ไทยร่วมการประชุมรัฐมนตรีต่างประเทศอาเซียน ครั้งที่ 55 ที่กัมพูชา",
        # The ministry's full name, then the country that owns it.
        "รัฐมนตรีช่วยว่าการกระทรวงการต่างประเทศ สาธารณรัฐเช็ก เข้าเยี่ยมคารวะนายกรัฐมนตรี",
        "The Prime Minister met the Prime Minister and Minister of Foreign Affairs of the State of Qatar.",
        # A meeting of ministers (roles.meetings), of several countries: no one country's.
        "ครม.เห็นชอบร่างเอกสารผลลัพธ์การประชุมรัฐมนตรีต่างประเทศกรอบความร่วมมือแม่โขง-ล้านช้าง ครั้งที่ 9",
        "ร่างเอกสารการประชุมรัฐมนตรี ต่างประเทศของการประชุมสุดยอดเอเชียตะวันออก",
    ],
)
def test_a_portfolio_followed_by_another_country_is_that_countrys_ministry(tax, text):
    t = tag(tax, text, title=text, language="th", source="TH")
    assert "MFA-TH" not in t.agencies and "MFA-TH" not in t.mentions["agencies"]
    # Thailand's own minister still names it, and a ministry's full name before "ASEAN".
    award = "The Ministry of Digital Economy and Society ASEAN Digital Awards were handed out."
    assert "MDES" in tag(tax, award, language="en", source="TH").mentions["agencies"]
    own = "นายมาริษ เสงี่ยมพงษ์ รมว.ต่างประเทศ หารือกับคณะผู้แทนสหราชอาณาจักร"
    assert "MFA-TH" in tag(tax, own, title=own, language="th", source="TH").agencies
    # A meeting of Thailand's foreign minister with another's names Thailand's ministry.
    joint = "การประชุมรัฐมนตรีต่างประเทศ ไทย-ญี่ปุ่น ครั้งที่ 5 ที่กรุงเทพฯ"
    assert "MFA-TH" in tag(tax, joint, title=joint, language="th", source="TH").agencies


def test_a_portfolio_names_its_ministry_after_a_ministers_title_only(tax):
    # "Khoa học" is the short "Bộ Khoa học" without "Bộ": after a director's title it is a
    # scientific director's job (roles.portfolios), after a minister's the ministry.
    director = "Giáo sư Trần Văn Minh được mời làm Giám đốc khoa học của viện dữ liệu lớn."
    t = tag(tax, director, title=director, language="vi", source="VN")
    assert "MOST-VN" not in t.agencies and "MOST-VN" not in t.mentions["agencies"]
    minister = "Bộ trưởng Khoa học Công nghệ Trần Văn Minh làm việc với tỉnh Lào Cai."
    assert "MOST-VN" in tag(tax, minister, title=minister, language="vi", source="VN").agencies


def test_a_portfolio_of_an_ambiguous_ministry_is_the_ministry_that_name_names_here(tax):
    # "Minister of Science and Technology": the bare ministry's name is ambiguous, and its
    # portfolio names whichever ministry the article's countries and publisher point to.
    lead = "A workshop on biotechnology took place in Hanoi.\n\n"
    body = "Minister of Science and Technology Tran Van Minh met Vietnamese researchers."
    vn = tag(tax, lead + body, language="en", source="VN")
    assert "MOST-VN" in vn.agencies and "VN" in vn.countries
    # Named for another country, it is that country's (here none we tag).
    abroad = "Minister of Science and Technology of Japan Taro Sato met the researchers."
    assert not {"MOST-VN", "MOST-TH"} & set(
        tag(tax, lead + abroad, language="en", source="VN").mentions["agencies"]
    )
    # A country named just before the title, in the same clause, owns the minister: the
    # article's countries no longer decide.
    india = "India is represented by the Minister of Science and Technology Ravi Kumar."
    assert "MOST-VN" not in tag(tax, lead + india, language="en", source="VN").mentions["agencies"]
    # Across a sentence's end the country before is no owner.
    after_india = (
        "The talks ended in India. Minister of Science and Technology Tran Van Minh met researchers."
    )
    assert "MOST-VN" in tag(tax, lead + after_india, language="en", source="VN").agencies


# A first paragraph that names no body, so that the body's one mention is all there is.
_LEADS = {
    "vi": "Hội thảo về công nghệ sinh học diễn ra tại Hà Nội.\n\n",
    "en": "A workshop on biotechnology took place.\n\n",
    "th": LEAD + "\n\n",
}


@pytest.mark.parametrize(
    ("body", "language", "ident"),
    [
        # The subject of a verb of acting, with its acronym between.
        ("Bộ Khoa học và Công nghệ (KH&CN) chủ trì, phối hợp với các địa phương.", "vi", "MOST-VN"),
        # A date, bracketed or not, between the name and its verb does not count toward the
        # window: the verb still follows the name.
        ("สำนักงานพัฒนาวิทยาศาสตร์และเทคโนโลยีแห่งชาติ (13 กุมภาพันธ์ 2567) ประกาศผลรางวัล", "th", "NSTDA"),
        ("สำนักงานพัฒนาวิทยาศาสตร์และเทคโนโลยีแห่งชาติ เมื่อวันที่ 8 ก.ค. 66 ให้ความเห็นชอบแผนงาน", "th", "NSTDA"),
        ("Bộ Khoa học và Công nghệ ngày 5/3/2024 đã ký biên bản ghi nhớ.", "vi", "MOST-VN"),
        (
            "The Vietnam Academy of Science and Technology on 5 March 2024 announced a new satellite.",
            "en",
            "VAST",
        ),
        # A body that speaks in the article, or that the article reports from.
        ("Bộ Khoa học và Công nghệ cho biết sẽ mở rộng hợp tác quốc tế.", "vi", "MOST-VN"),
        # A Vietnamese tense or aspect marker between the name and its verb (acts.markers).
        ("Bộ Giáo dục và Đào tạo đã tổ chức lễ tuyên dương học sinh.", "vi", "MOET-VN"),
        ("Bộ Khoa học và Công nghệ vừa ban hành thông tư hướng dẫn.", "vi", "MOST-VN"),
        ("The Vietnam Academy of Science and Technology said the satellite was ready.", "en", "VAST"),
        # After "hosted by", "between" with "the" before the name.
        ("The forum was hosted by the Vietnam Academy of Science and Technology last week.", "en", "VAST"),
        # Parties of an agreement: right after "between", and after "A and".
        ("An agreement between NSTDA and the Japan Science and Technology Agency was noted.", "en", "NSTDA"),
        ("An agreement between NSTDA and the Japan Science and Technology Agency was noted.", "en", "JST"),
        ("ที่ผ่านมามีความร่วมมือระหว่างกระทรวง อว. และสำนักงานพัฒนาวิทยาศาสตร์และเทคโนโลยีแห่งชาติ", "th", "NSTDA"),
        # A deputy prime minister's second office still names its ministry.
        ("นายดอน รองนายกรัฐมนตรีและรัฐมนตรีว่าการกระทรวงการต่างประเทศ ร่วมหารือในวันนี้", "th", "MFA-TH"),
    ],
)
def test_an_agency_that_acts_is_about_it_even_once_in_the_body(tax, body, language, ident):
    t = tag(tax, _LEADS[language] + body, language=language)
    assert ident in t.agencies


@pytest.mark.parametrize(
    ("body", "language", "ident"),
    [
        # "between A, B, C and D" opens a list of participants.
        ("Representatives of a forum between NSTDA, JST, A*STAR and KOICA spoke.", "en", "NSTDA"),
        # A verb that does not follow the name: a photo credit, then a passive sentence.
        ("Ảnh: An Đăng - TTXVN Hội thảo được tổ chức nhằm tìm giải pháp.", "vi", "VNA"),
        # Three parties away from "between", with no joining word before the name.
        (
            "มีความร่วมมือระหว่างกระทรวงอุตสาหกรรม สำนักงานพัฒนาวิทยาศาสตร์และเทคโนโลยีแห่งชาติ กระทรวงพาณิชย์",
            "th",
            "NSTDA",
        ),
        # Thai words that begin with a word of acting are other words (acts.unlike):
        # "ระหว่างประเทศ" is international, not "between"; "โดยเฉพาะ" is especially, not "by".
        ("ส่งเสริมความร่วมมือระหว่างประเทศ และสำนักงานพัฒนาวิทยาศาสตร์และเทคโนโลยีแห่งชาติ", "th", "NSTDA"),
        ("ในปีนี้ สำนักงานพัฒนาวิทยาศาสตร์และเทคโนโลยีแห่งชาติ โดยเฉพาะด้านเกษตร", "th", "NSTDA"),
        # "รัฐมนตรี" inside "นายกรัฐมนตรี" (the prime minister) and "คณะรัฐมนตรี" (the cabinet)
        # is no official's title of the agency after it (roles.unlike).
        ("นายกรัฐมนตรีชื่นชมสำนักงานพัฒนาวิทยาศาสตร์และเทคโนโลยีแห่งชาติ ในงานนี้", "th", "NSTDA"),
        ("คณะรัฐมนตรีรับทราบรายงานของสำนักงานพัฒนาวิทยาศาสตร์และเทคโนโลยีแห่งชาติ ในวันนี้", "th", "NSTDA"),
    ],
)
def test_an_agency_near_a_verb_or_in_a_list_of_parties_is_only_mentioned(tax, body, language, ident):
    t = tag(tax, _LEADS[language] + body, language=language)
    assert ident not in t.agencies and ident in t.mentions["agencies"]


def test_a_news_agency_credited_as_the_source_is_only_mentioned(tax):
    text = _LEADS["vi"] + (
        "Trao đổi với phóng viên TTXVN tại Seoul, giáo sư cho biết sẽ hợp tác.\n\n"
        "Theo đặc phái viên TTXVN, hai bên đã ký kết."
    )
    t = tag(tax, text, language="vi", source="VN")
    assert "VNA" not in t.agencies and "VNA" in t.mentions["agencies"]
    assert {r["passing"] for r in rows(t, "agencies", "VNA")} == {"byline"}


@pytest.mark.parametrize(
    "text, language",
    [
        # A dateline credits the agency that filed the report ...
        (
            "Hanoi (VNA) – The two ministries signed a science and technology agreement.\n\n"
            "Both sides will exchange researchers.-VNA",
            "en",
        ),
        ("Jakarta (VNA) - The ASEAN meeting on science opened in Bali.\n\nDelegates met.", "en"),
        # ... and so does a photo caption's sign-off glued into the text.
        (
            "Hai bên thảo luận hợp tác khoa học. /TTXVN Theo ông Minh, hai bên sẽ ký kết.\n\n"
            "Ảnh minh họa. /TTXVN Hai bên đã ký kết.",
            "vi",
        ),
    ],
)
def test_a_news_agency_in_a_dateline_or_sign_off_is_only_credited(tax, text, language):
    t = tag(tax, text, language=language)
    assert "VNA" not in t.agencies and "VNA" in t.mentions["agencies"]
    assert {r["passing"] for r in rows(t, "agencies", "VNA")} == {"byline"}


def test_an_agency_named_as_a_subject_is_no_credit(tax):
    # Brackets that gloss a name, a dash pairing two agencies: not a credit.
    t = tag(
        tax,
        "The Vietnam News Agency (VNA) signed a cooperation agreement with ANTARA.\n\n"
        "VNA will train reporters on science news.",
    )
    assert "VNA" in t.agencies
    assert not any(r.get("passing") for r in rows(t, "agencies", "VNA"))


def test_a_roll_of_officials_is_a_list(tax):
    text = _LEADS["vi"] + (
        "Tham dự có Bộ trưởng Bộ Công Thương Trần Tuấn Anh, Bộ trưởng Bộ Giáo dục và Đào tạo "
        "Phùng Xuân Nhạ, Bộ trưởng Bộ Thông tin và Truyền thông Trương Minh Tuấn."
    )
    t = tag(tax, text, language="vi", source="VN", published="2017-06-27")
    for ident in ("MOIT-VN", "MOET-VN", "MIC-VN"):
        assert ident not in t.agencies and ident in t.mentions["agencies"]


@pytest.mark.parametrize(
    ("text", "language", "ident"),
    [
        # A lower-case "cabinet" on a Thai government page, acting.
        (
            "The spokesperson spoke.\n\nThe cabinet approved the plan on Tuesday.",
            "en",
            "CABINET-TH",
        ),
        # A body submitting a proposal to the government.
        (
            "Hội thảo về công nghệ sinh học diễn ra tại Hà Nội.\n\nBộ Khoa học và Công nghệ trình Chính phủ quyết định.",
            "vi",
            "MOST-VN",
        ),
        # A body asking others to act.
        (
            "The spokesperson spoke.\n\nThe cabinet has sought cooperation from the provinces.",
            "en",
            "CABINET-TH",
        ),
        # The second party, far from "between", after the first party's name and "and".
        (
            "Ten agreements were signed.\n\nAn MOU between the National Science and Technology Development "
            "Agency of the Kingdom of Thailand and the Japan Science and Technology Agency was signed.",
            "en",
            "JST",
        ),
        # "กระทรวง … โดย หน่วยงาน": the ministry acting through its agency.
        (LEAD + "\n\nกระทรวงการอุดมศึกษา วิทยาศาสตร์ วิจัยและนวัตกรรม โดย ศูนย์ความเป็นเลิศ จัดงาน", "th", "MHESI"),
    ],
)
def test_more_ways_an_agency_acts(tax, text, language, ident):
    assert ident in tag(tax, text, language=language, source="TH").agencies


@pytest.mark.parametrize(
    ("body", "language", "ident"),
    [
        # An earlier decision the news follows, and the meeting it happens around.
        ("ทั้งสองฝ่ายหารือความคืบหน้าการดำเนินการตามมติคณะรัฐมนตรี เมื่อวันที่ 24 กันยายน", "th", "CABINET-TH"),
        ("รัฐมนตรีลงพื้นที่ก่อนการประชุมคณะรัฐมนตรี (ครม.) สัญจร ที่จังหวัดนครราชสีมา", "th", "CABINET-TH"),
        ("The ministry acted following the National Research Council of Thailand's review.", "en", "NRCT"),
    ],
)
def test_a_decision_or_meeting_in_the_background_is_only_mentioned(tax, body, language, ident):
    t = tag(tax, _LEADS[language] + body, language=language, source="TH")
    assert ident not in t.agencies and ident in t.mentions["agencies"]


@pytest.mark.parametrize(
    ("title", "body", "language", "ident"),
    [
        # A meeting in the news's time: after it, before the weekly one, before it in the title.
        ("", "นายกรัฐมนตรี กล่าวภายหลังการประชุมคณะรัฐมนตรี (ครม.) ว่า จะเร่งรัดเรื่องดังกล่าว", "th", "CABINET-TH"),
        (
            "",
            "At Government House, following the weekly cabinet meeting, the Prime Minister spoke.",
            "en",
            "CABINET-TH",
        ),
        ("รัฐมนตรีลงพื้นที่ จ.ชัยภูมิ ก่อนประชุม ครม.สัญจร", "รัฐมนตรีพบเกษตรกรในพื้นที่", "th", "CABINET-TH"),
    ],
)
def test_the_meeting_the_news_happens_around_is_only_mentioned(tax, title, body, language, ident):
    # In the lead, where one mention would be enough.
    t = tag(tax, body, title=title, language=language, source="TH")
    assert ident not in t.agencies and ident in t.mentions["agencies"]


@pytest.mark.parametrize(
    ("title", "body"),
    [
        # A resolution taken before: "ตามมติ", also spaced.
        ("", "ปลัดกระทรวงเปิดเผยว่า ตามมติคณะรัฐมนตรีที่เห็นชอบแผนงาน กระทรวงจะเร่งดำเนินการ"),
        ("กรมเร่งติดตามงานตาม มติครม. เดือนมีนาคม", "ทั้งสองฝ่ายหารือแนวทางการทำงานร่วมกัน"),
        # Where a proposal is yet to go: the cabinet has not acted.
        ("", "คณะกรรมการเห็นชอบร่างแผนงาน ซึ่งจะเสนอที่ประชุมคณะรัฐมนตรีต่อไป"),
        ("", "ร่างกฎหมายฉบับนี้จะเข้าสู่การพิจารณาของคณะรัฐมนตรีในเดือนหน้า"),
    ],
)
def test_a_resolution_taken_or_a_proposal_yet_to_go_is_background(tax, title, body):
    # In the lead (or the title), where one mention would be enough.
    t = tag(tax, body, title=title, language="th", source="TH")
    assert "CABINET-TH" not in t.agencies and "CABINET-TH" in t.mentions["agencies"]
    assert {r.get("passing") for r in rows(t, "agencies", "CABINET-TH")} == {"background"}


@pytest.mark.parametrize(
    ("body", "language", "ident"),
    [
        # "โดยมี <officials and their offices> เข้าร่วม": they attend.
        (
            "รัฐมนตรีเป็นประธานเปิดงาน โดยมี นายสมชาย ใจดี ผู้อำนวยการสำนักงานพัฒนาวิทยาศาสตร์และเทคโนโลยีแห่งชาติ"
            " และผู้บริหารหน่วยงานในสังกัด เข้าร่วม ณ ห้องประชุม",
            "th",
            "NSTDA",
        ),
        (
            "ทั้งสองบริษัทลงนามความร่วมมือ พร้อมด้วย นายสมชาย ใจดี ผู้อำนวยการศูนย์เศรษฐกิจการลงทุน"
            " สำนักงานคณะกรรมการส่งเสริมการลงทุน (BOI) ร่วมเป็นสักขีพยาน",
            "th",
            "BOI",
        ),
        (
            "The Prime Minister, accompanied by the Secretary General of the Thailand Board of Investment, "
            "witnessed the signing.",
            "en",
            "BOI",
        ),
        (
            "Hội nghị diễn ra với sự tham dự của đại diện Bộ Khoa học và Công nghệ và nhiều doanh nghiệp.",
            "vi",
            "MOST-VN",
        ),
    ],
)
def test_an_agency_among_those_who_attend_is_only_mentioned(tax, body, language, ident):
    t = tag(tax, _LEADS[language] + body, language=language, source="TH")
    assert ident not in t.agencies and ident in t.mentions["agencies"]
    assert {r.get("passing") for r in rows(t, "agencies", ident)} == {"attending"}


@pytest.mark.parametrize(
    "body",
    [
        # Another part than attending: it chairs, or serves the meeting as its secretary.
        "การประชุมครั้งนี้ โดยมี ผู้อำนวยการสำนักงานพัฒนาวิทยาศาสตร์และเทคโนโลยีแห่งชาติ เป็นประธาน"
        " และผู้แทนหน่วยงานต่าง ๆ เข้าร่วม",
        "การประชุมครั้งนี้ พร้อมด้วย ผู้อำนวยการสำนักงานพัฒนาวิทยาศาสตร์และเทคโนโลยีแห่งชาติ เป็นเลขานุการ"
        " โดยมีผู้แทนหน่วยงานต่าง ๆ เข้าร่วมประชุม",
        # The list closed before the name: the meeting they attend is the agency's.
        "รัฐมนตรี พร้อมด้วย ปลัดกระทรวง เข้าร่วมการประชุมของสำนักงานพัฒนาวิทยาศาสตร์และเทคโนโลยีแห่งชาติ",
        # No closing word: "โดยมี" also opens what an agency does.
        "โครงการนี้ดำเนินการ โดยมี ผู้อำนวยการสำนักงานพัฒนาวิทยาศาสตร์และเทคโนโลยีแห่งชาติ ดูแลการดำเนินงาน",
    ],
)
def test_an_agency_with_another_part_than_attending_is_not_an_attendee(tax, body):
    t = tag(tax, _LEADS["th"] + body, language="th", source="TH")
    assert "attending" not in {r.get("passing") for r in rows(t, "agencies", "NSTDA")}


def test_a_minister_in_the_list_of_those_who_attend_is_a_party(tax):
    body = (
        "นายกรัฐมนตรีเป็นประธานการประชุมสภานโยบาย โดยมี นางสาวสมศรี ใจดี รัฐมนตรีว่าการกระทรวงการอุดมศึกษา"
        " วิทยาศาสตร์ วิจัยและนวัตกรรม และผู้แทนหน่วยงานที่เกี่ยวข้อง เข้าร่วม"
    )
    t = tag(tax, _LEADS["th"] + body, language="th", source="TH")
    assert "attending" not in {r.get("passing") for r in rows(t, "agencies", "MHESI")}


def test_ministers_on_a_roll_of_those_who_attend_only_attend(tax):
    body = (
        "ผู้นำทั้งสองหารือข้อราชการ โดยฝ่ายไทยมีผู้เข้าร่วม ดังนี้\n\n"
        "นายสมชาย ใจดี รัฐมนตรีว่าการกระทรวงการต่างประเทศ นายสมศักดิ์ มีสุข รัฐมนตรีว่าการกระทรวงพลังงาน"
    )
    t = tag(tax, _LEADS["th"] + body, language="th", source="TH")
    assert "MFA-TH" not in t.agencies
    assert {r.get("passing") for r in rows(t, "agencies", "MFA-TH")} == {"attending"}
    # A list that no closing word of attendance announces is no roll.
    listed = body.replace("มีผู้เข้าร่วม ดังนี้", "มีข้อสรุป ดังนี้")
    t = tag(tax, _LEADS["th"] + listed, language="th", source="TH")
    assert "attending" not in {r.get("passing") for r in rows(t, "agencies", "MFA-TH")}


def test_an_ambassadors_title_is_no_agencys_official(tax):
    body = "เอกอัครราชทูตญี่ปุ่นกล่าวขอบคุณรัฐบาลและกระทรวงการต่างประเทศที่ให้การต้อนรับ"
    t = tag(tax, _LEADS["th"] + body, language="th", source="TH")
    assert "MFA-TH" not in t.agencies and "MFA-TH" in t.mentions["agencies"]


def test_a_country_whose_envoy_attends_is_no_attendee(tax):
    body = "รัฐมนตรีเปิดงาน โดยมี เอกอัครราชทูตญี่ปุ่นประจำประเทศไทย เข้าร่วม"
    t = tag(tax, _LEADS["th"] + body, language="th", source="TH")
    assert "attending" not in {r.get("passing") for r in rows(t, "countries", "JP")}


def test_a_vietnamese_portfolio_followed_by_a_short_country_name_is_that_countrys(tax):
    text = "Ông Koji Omi - nguyên Bộ trưởng Khoa học và Công nghệ Nhật - sẽ đến Bình Định dự hội nghị."
    t = tag(tax, text, title="Nhà khoa học Nhật sẽ đến Việt Nam", language="vi", source="VN")
    assert "MOST-VN" not in t.mentions["agencies"]
    assert "JP" in t.countries
    # "Chủ Nhật" is Sunday.
    assert (
        "JP" not in tag(tax, "Hội nghị diễn ra vào Chủ Nhật tại Hà Nội.", language="vi").mentions["countries"]
    )


def test_the_same_name_acting_now_is_about_it(tax):
    t = tag(tax, _LEADS["th"] + "คณะรัฐมนตรีมีมติเห็นชอบร่างแผนงานดังกล่าว", language="th", source="TH")
    assert "CABINET-TH" in t.agencies


def test_a_body_that_gives_its_approval_acts(tax):
    # "ให้ความเห็นชอบ" (gave its approval) is the longer form of "เห็นชอบ" (approved).
    t = tag(tax, _LEADS["th"] + "โดยคณะรัฐมนตรีได้ให้ความเห็นชอบแผนงานดังกล่าว", language="th", source="TH")
    assert "CABINET-TH" in t.agencies


@pytest.mark.parametrize(
    "body",
    [
        "Nhiều đặc sản đã được Cục Sở hữu trí tuệ (Bộ Khoa học và Công nghệ) cấp chứng nhận bảo hộ.",
        "Ông Đỗ Hoài Nam, Vụ trưởng Vụ Đánh giá thẩm định công nghệ (Bộ Khoa học và Công nghệ) cho biết.",
    ],
)
def test_a_ministry_in_parentheses_after_its_unit_acts_through_it(tax, body):
    assert "MOST-VN" in tag(tax, _LEADS["vi"] + body, language="vi").agencies


@pytest.mark.parametrize(
    ("body", "language", "ident"),
    [
        # The parenthesis after a unit's name and a comma is no owner: a list goes on.
        ("Đại diện Cục Tần số, (Bộ Khoa học và Công nghệ) cũng có mặt.", "vi", "MOST-VN"),
        # "nhiệm vụ" (a task) is no unit: unit words are capitalised.
        ("Đây là một nhiệm vụ quan trọng (Bộ Khoa học và Công nghệ) trong năm nay.", "vi", "MOST-VN"),
    ],
)
def test_a_parenthesis_without_a_unit_before_it_is_no_owner(tax, body, language, ident):
    t = tag(tax, _LEADS[language] + body, language=language)
    assert ident not in t.agencies and ident in t.mentions["agencies"]


def test_an_agency_in_parentheses_after_its_own_name_owns_no_unit(tax):
    from stiwatch.pipelines.tag_roles import owns_unit

    text = "The Department of Science and Technology (DOST) of the Philippines"
    hits = tax.matchers.entities.find(tax.matchers.tokenize(text))
    dost = [h for h in hits if text[h.start : h.end] == "DOST"]
    assert dost and not owns_unit(tax.salience, text, dost[0])


@pytest.mark.parametrize(("source", "expected"), [("TH", True), ("VN", False)])
def test_a_bare_cabinet_or_foreign_ministry_is_the_publishers_own(tax, source, expected):
    text = (
        "The spokesperson said the meeting went well.\n\n"
        "The Cabinet approved the draft plan, as proposed by the Ministry of Foreign Affairs."
    )
    t = tag(tax, text, source=source)
    assert ("CABINET-TH" in t.agencies) is expected
    assert ("MFA-TH" in t.mentions["agencies"]) is expected


# --- names mask their words ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        # The full name, spaced differently from the taxonomy ("วิจัย และนวัตกรรม").
        "รัฐมนตรีว่าการกระทรวงการอุดมศึกษา วิทยาศาสตร์ วิจัย และนวัตกรรม เป็นประธานเปิดงาน",
        # The minister's title before the name without "กระทรวง".
        "รมว.การอุดมศึกษา วิทยาศาสตร์ วิจัยและนวัตกรรม เป็นประธานเปิดงาน",
    ],
)
def test_a_keyword_inside_a_ministry_name_is_no_topic(tax, text):
    t = tag(tax, text, language="th")
    assert "MHESI" in t.agencies
    assert "higher-education-research" not in t.mentions["themes"]


def test_a_name_without_its_head_masks_only_longer_spans(tax):
    # "ความร่วมมือด้านอุดมศึกษา วิทยาศาสตร์ วิจัยและนวัตกรรม": the ministry's portfolio, no topic.
    t = tag(tax, "ทั้งสองฝ่ายหารือความร่วมมือด้านอุดมศึกษา วิทยาศาสตร์ วิจัยและนวัตกรรม", language="th")
    assert "higher-education-research" not in t.mentions["themes"]
    assert "MHESI" not in t.mentions["agencies"]  # no official named it: the words only mask
    # "ทรัพย์สินทางปัญญา" is both a department's name without its head and the topic itself.
    t = tag(tax, "การคุ้มครองทรัพย์สินทางปัญญาและสิทธิบัตรของนักวิจัย", title="ทรัพย์สินทางปัญญา", language="th")
    assert "standards-ip" in t.themes


def test_a_proper_name_written_lower_case_is_a_common_noun(tax):
    # NIC-VN's name is matched with its capitals (agencies.yaml exact aliases): lower case it is
    # "national innovation centres" in general, whose words are the startup theme's.
    generic = "Chính phủ đồng ý hình thành các trung tâm đổi mới sáng tạo quốc gia tại ba vùng."
    t = tag(tax, generic, language="vi")
    assert "NIC-VN" not in t.mentions["agencies"]
    assert "startups-innovation" in t.mentions["themes"]
    named = "Trung tâm Đổi mới sáng tạo Quốc gia ký kết hợp tác với Google."
    assert "NIC-VN" in tag(tax, named, language="vi").agencies


def test_the_chair_of_a_board_is_no_official_of_its_office(tax):
    # TSRI is "สำนักงานคณะกรรมการส่งเสริมวิทยาศาสตร์ วิจัยและนวัตกรรม", the office of a committee;
    # the committee's chair (salience.yaml boards) is named without "สำนักงาน".
    chair = "ศ.ดร. สมชาย ใจดี ประธานคณะกรรมการส่งเสริมวิทยาศาสตร์ วิจัยและนวัตกรรม ร่วมเป็นเกียรติในพิธี"
    t = tag(tax, chair, language="th")
    assert "TSRI" not in t.mentions["agencies"]
    # The office's own head is its official; a ministry without "กระทรวง" is still the ministry.
    head = "ผู้อำนวยการสำนักงานคณะกรรมการส่งเสริมวิทยาศาสตร์ วิจัยและนวัตกรรม ร่วมเป็นเกียรติในพิธี"
    assert "TSRI" in tag(tax, head, language="th").agencies
    assert "MHESI" in tag(tax, "รมว.การอุดมศึกษา วิทยาศาสตร์ วิจัยและนวัตกรรม เป็นประธาน", language="th").agencies


# --- one passing word ----------------------------------------------------------------------------


def test_one_area_of_a_long_list_is_no_topic(tax):
    text = (
        "ไทยและกัมพูชาลงนามบันทึกความเข้าใจว่าด้วยความร่วมมือทางวิชาการ\n\n"
        "โดยมีสาขาความร่วมมือ ได้แก่ การเกษตร การท่องเที่ยว พลังงาน อวกาศ ระบบราง "
        "การศึกษา สาธารณสุข และการค้า"
    )
    t = tag(tax, text, language="th")
    for theme in ("energy", "space", "rail-transport"):
        assert theme not in t.themes, theme
        assert theme in t.mentions["themes"], theme
        assert all(r.get("passing") == "list" for r in rows(t, "themes", theme))


def test_a_term_of_art_in_one_language_is_about_even_once_in_the_body(tax):
    # "technology transfer" weighs 4 in English news (themes.yaml `weights`): once in the
    # body names the topic. ถ่ายทอดเทคโนโลยี is also everyday extension work: once is a mention.
    lead = "The two ministries met in Bangkok on Monday to review their cooperation.\n\n"
    t = tag(tax, lead + "They agreed on joint laboratories and technology transfer to local firms.")
    assert "technology-transfer" in t.themes
    th = tag(tax, LEAD + "\n\nทั้งสองฝ่ายจะร่วมกันถ่ายทอดเทคโนโลยีให้เกษตรกรในพื้นที่", language="th")
    assert "technology-transfer" not in th.themes and "technology-transfer" in th.mentions["themes"]
    # One concept for query expansion all the same.
    assert "ถ่ายทอดเทคโนโลยี" in tax.expand_query_terms("technology transfer")


def test_a_topic_developed_in_the_text_is_about(tax):
    text = (
        "สวทช. เปิดศูนย์ทดสอบแบตเตอรี่สำหรับยานยนต์ไฟฟ้า\n\n"
        "ศูนย์นี้จะช่วยผู้ผลิตยานยนต์ไฟฟ้าในประเทศทดสอบมาตรฐานความปลอดภัย\n\n"
        "นักวิจัยยังพัฒนาระบบสับเปลี่ยนแบตเตอรี่สำหรับยานยนต์ไฟฟ้าสองล้อ"
    )
    t = tag(tax, text, title="สวทช. เปิดศูนย์ทดสอบยานยนต์ไฟฟ้า", language="th")
    assert "rail-transport" in t.themes  # the taxonomy's "rail & transport tech" holds EVs
    assert t.salience["themes"]["rail-transport"] >= 1.0


def test_a_common_word_of_the_headline_taken_up_in_the_text_is_its_topic(tax):
    title = "Singapore and Brunei enhance collaboration in energy"
    lead = "The two countries agreed to work together on energy."
    body = "Officials said energy would be a pillar of the partnership."
    # "energy" alone is a weak word: in the title and taken up in the text, the headline's topic.
    assert "energy" in tag(tax, f"{lead}\n\n{body}", title=title).themes
    assert "energy" in tag(tax, f"{lead}\n\nOfficials met in the capital.", title=title).themes
    # Without the title, the same words stay capped as weak words.
    t = tag(tax, f"{lead}\n\n{body}", title="Singapore and Brunei meet")
    assert "energy" not in t.themes and "energy" in t.mentions["themes"]


def test_a_weak_word_of_the_headline_names_its_topic_even_when_the_text_does_not_repeat_it(tax):
    # themes.yaml headline: true asks nothing of the text: a headline names its topic once
    # ("Ứng dụng CNTT vào quản lý ...", "... an ninh năng lượng ..."), the text tells the rest.
    title = "Hai nước hợp tác ứng dụng công nghệ thông tin trong quản lý bệnh viện"
    text = "Hai bộ trưởng đã ký biên bản ghi nhớ tại Hà Nội.\n\nThỏa thuận có hiệu lực trong 5 năm."
    t = tag(tax, text, title=title, language="vi")
    assert "digital-transformation" in t.themes
    t = tag(
        tax,
        "The two countries met.\n\nOfficials met in the capital.",
        title="Partners enhance collaboration in energy",
    )
    assert "energy" in t.themes
    # A university in the title alone is the partner (headline: partner); a policy never names one.
    t = tag(
        tax,
        "The two sides met.\n\nThe deal runs five years.",
        title="Ministry signs deal with Mahidol University",
    )
    assert "higher-education-research" not in t.themes
    t = tag(tax, "The two sides met.\n\nThe deal runs five years.", title="Cabinet approves trade policy")
    assert "policy-innovation" not in t.themes


def test_farmers_in_the_headline_need_the_text_to_name_them_again(tax):
    # themes.yaml headline: again. A headline names the people a project serves: a mention,
    # unless the text takes farming up once more.
    title = "Trường đại học hợp tác với nông dân sáng chế máy gặt"
    text = "Hai bên ký thỏa thuận tại Cần Thơ.\n\nThỏa thuận có hiệu lực trong 3 năm."
    t = tag(tax, text, title=title, language="vi")
    assert "agriculture-bcg" not in t.themes and "agriculture-bcg" in t.mentions["themes"]
    text = "Máy gặt giúp nông dân đồng bằng giảm chi phí.\n\nThỏa thuận có hiệu lực trong 3 năm."
    assert "agriculture-bcg" in tag(tax, text, title=title, language="vi").themes


def test_a_weak_vietnamese_startup_word_names_its_headline(tax):
    # "khởi nghiệp" is starting any business as much as a startup: in passing, a mention;
    # in the title and taken up in the text, the topic.
    lead = "Thành phố sẽ hỗ trợ thanh niên khởi nghiệp bằng các khoản vay ưu đãi."
    t = tag(tax, lead, title="Hỗ trợ thanh niên khởi nghiệp", language="vi")
    assert "startups-innovation" in t.themes
    t = tag(tax, lead, title="Thành phố họp bàn kế hoạch năm mới", language="vi")
    assert "startups-innovation" not in t.themes and "startups-innovation" in t.mentions["themes"]


def test_a_short_ministry_name_masks_its_words(tax):
    # "กระทรวงดิจิทัลฯ" (ฯ: the rest of the name left out) is MDES; its "ดิจิทัล" is no topic.
    t = tag(tax, "กระทรวงดิจิทัลฯ ลงนามความร่วมมือกับกระทรวงสาธารณสุข", title="", language="th")
    assert "MDES" in t.agencies
    assert "digital-transformation" not in t.mentions["themes"]


def test_a_university_in_the_headline_is_mostly_the_partner(tax):
    # themes.yaml headline: partner. The lead names the signing university again: a mention.
    title = "Ministry signs agreement with Chulalongkorn University"
    lead = "The ministry and the university signed a memorandum on flood forecasting."
    t = tag(tax, f"{lead}\n\nThe agreement runs for five years.", title=title)
    assert "higher-education-research" not in t.themes
    assert "higher-education-research" in t.mentions["themes"]
    # Taken up in two paragraphs, universities are what the article is about.
    body = "Universities in the region will share courses under the scheme."
    assert "higher-education-research" in tag(tax, f"{lead}\n\n{body}", title=title).themes


def test_some_common_words_never_name_a_headline_topic(tax):
    # Every government text has a policy; "amid COVID-19" dates the news (themes.yaml headline: false).
    text = "The ministry set out its policy.\n\nThe policy covers exports.\n\nA policy review follows."
    assert "policy-innovation" not in tag(tax, text, title="Cabinet approves trade policy").themes
    text = (
        "Talks went on amid COVID-19.\n\nCOVID-19 slowed trade.\n\nBoth sides expect recovery after COVID-19."
    )
    assert "health" not in tag(tax, text, title="Trade talks amid COVID-19").themes


def test_an_award_name_masks_its_words(tax):
    title = "Giải thưởng Nhân tài Đất Việt 2017 vinh danh sản phẩm công nghệ"
    text = (
        "Giải thưởng Nhân tài Đất Việt năm nay nhận 200 hồ sơ.\n\n"
        "Ban tổ chức Nhân tài Đất Việt công bố kết quả vào tháng 11."
    )
    assert "talent-mobility" not in tag(tax, text, title=title, language="vi").mentions["themes"]
    # The word on its own is still a keyword.
    t = tag(tax, "Chương trình thu hút nhân tài từ nước ngoài.", title="Thu hút nhân tài", language="vi")
    assert "talent-mobility" in t.mentions["themes"]


def test_the_name_of_a_body_the_taxonomy_does_not_hold_masks_its_words(tax):
    # salience.yaml names: Viet Nam's agriculture ministry names no rural development.
    title = "Bộ Nông nghiệp và Phát triển Nông thôn họp về hợp tác xã"
    text = "Bộ Nông nghiệp và Phát triển Nông thôn tổ chức hội nghị sơ kết Luật Hợp tác xã."
    assert "poverty-eradication" not in tag(tax, text, title=title, language="vi").mentions["themes"]
    # The words on their own still name it.
    text = "Tỉnh triển khai chương trình phát triển nông thôn ở các huyện miền núi."
    t = tag(tax, text, title="Phát triển nông thôn miền núi", language="vi")
    assert "poverty-eradication" in t.mentions["themes"]


# --- agencies in time ----------------------------------------------------------------------------

_MOST_TH = "ผู้แทนกระทรวงวิทยาศาสตร์และเทคโนโลยีร่วมประชุมกับหน่วยงานของไทย"


def test_a_dissolved_agency_named_later_means_its_successor(tax):
    t = tag(tax, f"{LEAD}\n\n{_MOST_TH}", language="th", source="TH", published="2025-03-01")
    assert "MOST-TH" not in t.mentions["agencies"]
    assert "MHESI" in t.mentions["agencies"]
    assert rows(t, "agencies", "MHESI")[0]["successor_of"] == "MOST-TH"
    # In its own time it is itself; undated, the name is taken as written.
    assert "MOST-TH" in tag(tax, _MOST_TH, language="th", source="TH", published="2015-01-15").agencies
    assert "MOST-TH" in tag(tax, _MOST_TH, language="th", source="TH").agencies


def test_a_dissolved_agency_named_as_history_is_a_mention(tax):
    text = f"{_MOST_TH} ขณะนั้น ได้จัดตั้งศูนย์วิจัย"
    t = tag(tax, text, title="ประวัติศูนย์วิจัย", language="th", source="TH", published="2024-04-05")
    assert "MOST-TH" in t.mentions["agencies"] and "MOST-TH" not in t.agencies
    assert rows(t, "agencies", "MOST-TH")[0]["historical"] is True
    # A year up to the agency's last, nearby, puts it in the past too (Buddhist Era here).
    t = tag(
        tax, "ในปี 2555 กระทรวงวิทยาศาสตร์และเทคโนโลยีได้ลงนาม", language="th", source="TH", published="2024-04-05"
    )
    assert "MOST-TH" not in t.agencies and "MHESI" not in t.agencies


def test_a_merger_into_a_living_agency_follows_the_chain(tax):
    t = tag(
        tax,
        "Bộ Thông tin và Truyền thông tổ chức hội thảo chuyển đổi số",
        language="vi",
        published="2026-01-10",
    )
    assert "MOST-VN" in t.agencies and "MIC-VN" not in t.mentions["agencies"]
    assert article_year("2026-01-10T08:00:00+07:00") == 2026 and article_year(None) is None


# --- mentions and evidence ------------------------------------------------------------------------


def test_every_match_is_a_mention_with_its_salience(tax):
    text = (
        "Thailand and Japan signed a memorandum on satellite data.\n\n"
        "Officials from Cambodia, Lao PDR, Myanmar and Viet Nam attended; NSTDA hosted a dinner."
    )
    t = tag(tax, text)
    for facet in ("countries", "agencies", "themes"):
        assert set(getattr(t, facet)) <= set(t.mentions[facet])
        for ident in t.mentions[facet]:
            assert rows(t, facet, ident), (facet, ident)
            assert all(r["salience"] == t.salience[facet][ident] for r in rows(t, facet, ident))
        for ident in getattr(t, facet):
            assert t.salience[facet].get(ident, 1.0) >= 1.0 or rows(t, facet, ident)[0]["where"] == "source"
    assert t == tag(tax, text)  # deterministic


# --- the thresholds are data ----------------------------------------------------------------------


def _taxonomy_copy(tmp_path: Path, salience: str | None) -> Path:
    folder = tmp_path / "taxonomy"
    folder.mkdir()
    for path in TAXONOMY_DIR.glob("*.yaml"):
        shutil.copy(path, folder / path.name)
    if salience is not None:
        (folder / "salience.yaml").write_text(salience, encoding="utf-8")
    return folder


def test_thresholds_live_in_salience_yaml(tmp_path: Path):
    text = "Officials met on Monday.\n\nThey spoke of Japan once."
    assert tag_article("", text, "en", None, load_taxonomy()).countries == []
    eager = load_taxonomy(_taxonomy_copy(tmp_path, "countries: {body: 2.0}\n"), check_segmentation=False)
    assert tag_article("", text, "en", None, eager).countries == ["JP"]


@pytest.mark.parametrize(
    "raw, problem",
    [
        ("countries: {body: -1}\n", "countries.body: a number >= 0"),
        ("countries: {threshold: 0}\n", "countries.threshold must be above 0"),
        ("countries: {weight: 1}\n", "countries: a mapping of"),
        ("lists: {min_items: 1}\n", "lists.min_items: a whole number >= 2"),
        ("roles: {words: {fr: [ministre]}}\n", "roles.words: unknown language(s) fr"),
        ("colours: {}\n", "top-level keys are"),
        (
            "attendance: {opens: [with]}\n",
            "attendance: a mapping of open, close, ends, parties, rolls and window",
        ),
        ("attendance: {window: 0}\n", "attendance.window: a whole number"),
    ],
)
def test_bad_salience_files_are_reported(tmp_path: Path, raw: str, problem: str):
    with pytest.raises(TaxonomyError, match=r"salience\.yaml") as info:
        load_taxonomy(_taxonomy_copy(tmp_path, raw), check_segmentation=False)
    assert problem in str(info.value)


# --- the record field other stages build on ------------------------------------------------------


def test_the_record_keeps_mentions_per_declared_facet(tax):
    """``mentions`` on a stored record: one sorted id list per facet declared with
    ``mentions`` in core/facets.py, each holding the tags too; evidence rows carry salience."""
    text = (
        "Thailand and Japan signed a memorandum on satellite data.\n\n"
        "Officials from Cambodia, Lao PDR, Myanmar and Viet Nam attended; NSTDA hosted a dinner."
    )
    article = Article(url="https://example.org/a", source="test", title="", text=text, language="en")
    apply_tags(article, tag(tax, text))
    record = article.to_record()
    assert MENTIONS_FIELD in RECORD_FIELDS
    mentions = record[MENTIONS_FIELD]
    assert set(mentions) == {f.field for f in MENTION_FACETS} == {"countries", "agencies", "themes"}
    for facet in MENTION_FACETS:
        ids = mentions[facet.field]
        assert ids == sorted(set(ids))
        assert set(record[facet.field]) <= set(ids)
        assert all("salience" in row for row in record["tag_evidence"][facet.field])
    assert {"KH", "LA", "MM", "VN"} <= set(mentions["countries"]) - set(record["countries"])
