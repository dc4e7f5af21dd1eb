"""Home news: the publisher's country is tagged only on articles that show they are home news.

The sentences below are written here, in the style of the Vietnamese and Thai news the
real labelled sets hold (foreign science news on Vietnamese sites was tagged Viet Nam).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from stiwatch.core.taxonomy import Taxonomy, load_taxonomy
from stiwatch.core.taxonomy.home import HomeError, load_home, modern_tone
from stiwatch.pipelines.tag import Tags, tag_article


@pytest.fixture(scope="module")
def tax() -> Taxonomy:
    return load_taxonomy()


def _publisher_rows(tags: Tags) -> list[dict[str, Any]]:
    """The evidence rows that tagged the publisher's country."""
    return [r for r in tags.evidence["countries"] if r.get("via") == "publisher"]


def _home(tax: Taxonomy, text: str, lang: str, country: str, url: str | None = None) -> str | None:
    """What made ``country`` the publisher's country of ``text``, or None (not tagged)."""
    t = tag_article("", text, lang, country, tax, url=url)
    rows = _publisher_rows(t)
    assert (country in t.countries) == bool(rows)
    return rows[0]["home"] if rows else None


def test_foreign_science_news_on_a_home_site_gets_no_country(tax):
    text = (
        "Apple đang phát triển một con chip chuyên dụng cho trí tuệ nhân tạo.\n\n"
        "Con chip sẽ xử lý nhận dạng khuôn mặt và giọng nói trên điện thoại."
    )
    t = tag_article("Apple phát triển chip AI", text, "vi", "VN", tax)
    assert t.countries == []
    assert "VN" not in t.mentions["countries"]


@pytest.mark.parametrize(
    ("text", "home"),
    [
        ("Thanh Hoá sẽ xây nhà máy điện mặt trời.", "Thanh Hóa"),  # old tone placement
        ("Cuộc thi trao giải 700 triệu đồng cho ý tưởng khởi nghiệp.", "triệu đồng"),
        ("Giải thưởng trị giá 500.000 đồng cho học sinh.", "500.000 đồng"),
        ("Chính phủ điện tử phải hoàn thành sau năm 2017.", "Chính phủ"),
        ("Ông Nguyễn Trung Chính, Chủ tịch tập đoàn, cho biết.", "Nguyễn"),
        ("Hanoi will digitise all its documents.", "Hanoi"),
        # The people and the economy, named bare, are the home country's.
        ("Giá điện tăng sẽ tác động lên nền kinh tế và lạm phát.", "nền kinh tế"),
        ("Nhu cầu điện sinh hoạt của người dân gia tăng rất mạnh.", "người dân"),
        # A national firm is home news's own.
        ("Đại diện các nhà mạng gồm Viettel, VNPT sẵn sàng hợp tác xử lý vi phạm bản quyền.", "Viettel"),
    ],
)
def test_home_evidence_in_vietnamese_news(tax, text, home):
    assert _home(tax, text, "vi", "VN") == home


@pytest.mark.parametrize(
    "text",
    [
        # The Pacific holds the provinces Thái Bình and Bình Dương.
        "Các nước châu Á - Thái Bình Dương bàn về trí tuệ nhân tạo.",
        # Followed by a proper name, the government is that name's.
        "Chính phủ Ethiopia chặn kết nối Internet để ngăn gian lận thi cử.",
        "Nhà nước Hồi giáo dùng mạng xã hội để tuyển người.",
        "Nền kinh tế Mỹ cần thêm kỹ sư bán dẫn.",
        # Lower case: peace, not the province.
        "Robot phục vụ cho hòa bình và tiến bộ của nhân loại.",
        # A surname needs a capitalised word after it.
        "Các nhà khoa học tìm ra vật liệu mới, cứng hơn Lê và nhẹ hơn.",
    ],
)
def test_no_home_evidence(tax, text):
    assert _home(tax, text, "vi", "VN") is None


def test_thai_home_evidence(tax):
    assert _home(tax, "นักวิจัยลงพื้นที่ขอนแก่น เยี่ยมชมโรงงานต้นแบบแบตเตอรี่", "th", "TH") == "ขอนแก่น"
    assert _home(tax, "ได้รับเงินรางวัล 50 บาท", "th", "TH") == "50 บาท"
    # "บทบาท" (role) ends in the currency's word but is no amount.
    assert _home(tax, "บทบาทของปัญญาประดิษฐ์ในการแพทย์ยุคใหม่", "th", "TH") is None


def test_a_mention_of_the_country_or_its_agency_is_home_evidence(tax):
    # Thailand named once in a list of four: about none of them, yet home news.
    text = "Researchers from Japan, Korea, Thailand and China tested a new battery material."
    assert _home(tax, text, "en", "TH") == "Thailand"
    assert _home(tax, text, "en", "BN") is None


def test_a_government_domain_is_home_evidence(tax):
    speech = "It is an honour to welcome you all to the ministerial meeting on science."
    assert _home(tax, speech, "en", "BN", url="https://www.mtic.gov.bn/Lists/Speeches/1") == "www.mtic.gov.bn"
    assert _home(tax, speech, "en", "BN", url="https://news.example.bn/speech") is None
    # The suffix is matched by labels, not characters: "notgov.bn" is no government host.
    assert _home(tax, speech, "en", "BN", url="https://notgov.bn/speech") is None


def test_modern_tone_moves_only_open_syllables():
    assert modern_tone("Hoà Bình, Khánh Hoà, hoàn thành, toán học, khoẻ") == (
        "Hòa Bình, Khánh Hòa, hoàn thành, toán học, khỏe"
    )


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ("XX: {places: [Somewhere]}\n", "XX: not a country"),
        ("VN: {towns: [Hà Nội]}\n", "VN: expected lists named"),
        ("VN: {places: [Hà Nội, '']}\n", "VN: places must be a list of non-empty strings"),
        ("- VN\n", "expected a mapping"),
    ],
)
def test_home_file_errors_name_the_problem(tmp_path: Path, content, problem):
    path = tmp_path / "home.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(HomeError, match=problem):
        load_home(path, ["VN", "TH"])


@pytest.mark.parametrize(
    ("title", "lead", "home"),
    [
        # A home city in the title of news about another country: both countries'.
        ("Hàn Quốc tài trợ Đà Nẵng nghiên cứu tàu điện", "Hai bên ký biên bản ghi nhớ hôm qua.", "Đà Nẵng"),
        # The people's name written bare, and a personal name, in the lead.
        ("Giải thưởng của Nhật Bản", "Một nhà khoa học Việt được Nhật Bản vinh danh.", "Việt"),
        ("Hội đàm với Campuchia", "Chủ tịch Trần Văn Hùng hội đàm với Quốc vương Campuchia.", "Trần"),
        # A national firm.
        ("Vingroup mở công ty công nghệ ở Hàn Quốc", "Công ty mới đặt tại Seoul.", "Vingroup"),
    ],
)
def test_home_places_people_and_firms_add_the_publishers_country_beside_others(tax, title, lead, home):
    t = tag_article(title, f"{lead}\n\nHai bên sẽ hợp tác lâu dài.", "vi", "VN", tax)
    rows = _publisher_rows(t)
    assert "VN" in t.countries and len(t.countries) >= 2
    assert rows and rows[0]["home"] == home


def test_words_that_only_show_home_news_do_not_add_the_publishers_country_beside_others(tax):
    # "người dân" (the people) beside Japan are Japan's people; the body does not count either.
    title = "Nhật Bản tái khởi động lò phản ứng hạt nhân"
    text = "Nhiều người dân Nhật Bản phản đối kế hoạch.\n\nỞ Hà Nội, giới chuyên gia theo dõi."
    t = tag_article(title, text, "vi", "VN", tax)
    assert t.countries == ["JP"]
