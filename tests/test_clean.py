"""The cleaning rules of pipelines/clean.py, one test per rule, the seeds, and idempotence."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from stiwatch.core.article import Article
from stiwatch.crawler.registry import Source
from stiwatch.pipelines.base import PipelineContext, RejectArticle
from stiwatch.pipelines.clean import SHARED_TRAILING, CleanPipeline, CleanStage, clean_text, source_line

# The five real sample articles (title line, then the extracted text with its noise).
SEEDS = Path(__file__).parent / "fixtures" / "text" / "seeds"

# Government House cabinet summaries (reposted by corehoononline.com): rules of one
# site family, given as a registry entry would give them.
GOV_HOUSE = {
    "trailing": [r"^A\d{4}$", r"^สำนักโฆษก.*โทร"],
    "drop_lines": [r"^\(โปรดตรวจสอบมติคณะรัฐมนตรี.*\)$"],
}


def seed(n: int) -> tuple[str, str]:
    raw = next(SEEDS.glob(f"{n:03d}_*.txt")).read_text(encoding="utf-8")
    return raw.split("\n", 1)[0], raw


def lines(text: str) -> list[str]:
    return [x for x in text.split("\n") if x]


# --- rule 1: NFC, never NFKC -------------------------------------------------------


def test_rule1_nfc_keeps_sara_am():
    decomposed = unicodedata.normalize("NFD", "Đổi mới sáng tạo")
    out = clean_text(f"{decomposed}\n\nทำงาน น้ำ", "")
    assert "Đổi mới sáng tạo" in out.text
    assert "ทำงาน น้ำ" in out.text  # NFKC would split ำ into ํ + า
    assert "\u0e4d" not in out.text


# --- rule 2: zero-width characters and NBSP ---------------------------------------------


def test_rule2_zero_width_removed_and_nbsp_is_a_space():
    out = clean_text("วิทยา\u200bศาสตร์\u00a0และ\u200dเทคโนโลยี\ufeff", "")
    assert out.text == "วิทยาศาสตร์ และเทคโนโลยี"


# --- rule 3: space runs collapse, paragraphs stay -----------------------------------------


def test_rule3_spaces_collapse_paragraphs_stay():
    out = clean_text("หนึ่ง     สอง\t\tสาม\n\n\n\nสี่  ห้า\nหก", "")
    assert out.text == "หนึ่ง สอง สาม\n\nสี่ ห้า\nหก"


# --- rule 4: broken sara am ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("broken", "fixed"),
    [
        ("โดยเริ่มด าเนินการ", "โดยเริ่มดำเนินการ"),
        ("อาสามาท าหน้าที่", "อาสามาทำหน้าที่"),
        ("น ้าท่วม", "น้ำท่วม"),
        ("ค ่าใช้จ่าย", "ค่ำใช้จ่าย"),
        ("ท\u0e4d\u0e32งาน", "ทำงาน"),
        ("น\u0e49\u0e4d\u0e32", "น้ำ"),
    ],
)
def test_rule4_sara_am_repair(broken, fixed):
    assert clean_text(broken, "").text == fixed


def test_rule4_leaves_normal_spacing_alone():
    text = "ประชุม ASEAN าน"  # Latin before the space: not a split sara am
    assert clean_text("การประชุม ณ กรุงเทพ และ ASEAN", "").text == "การประชุม ณ กรุงเทพ และ ASEAN"
    assert clean_text(text, "").text == text


def test_two_sara_e_typed_for_sara_ae_become_sara_ae():
    # "เเละ" looks like "และ" on screen; tagging and search need the real letter.
    out = clean_text("กระทรวงดิจิทัลเพื่อเศรษฐกิจเเละสังคม เเถลงข่าว", "ข่าวเเจ้ง")
    assert out.text == "กระทรวงดิจิทัลเพื่อเศรษฐกิจและสังคม แถลงข่าว"
    assert out.title == "ข่าวแจ้ง"
    assert clean_text(out.text, "").text == out.text


def test_rule4_seed_002():
    title, raw = seed(2)
    out = clean_text(raw, title)
    assert "ด าเนินการ" not in out.text and "ท าหน้าที่" not in out.text
    assert "โดยเริ่มดำเนินการเมื่อปี" in out.text
    assert "อาสามาทำหน้าที่" in out.text


# --- rule 5: Thai digits → Arabic, in the index copy only ---------------------------------


def test_rule5_thai_digits_in_index_copy_only():
    out = clean_text("วันที่ ๙ – ๑๑ สิงหาคม ๒๕๕๘", "")
    assert out.text == "วันที่ ๙ – ๑๑ สิงหาคม ๒๕๕๘"
    assert out.text_index == "วันที่ 9 – 11 สิงหาคม 2558"


# --- rule 6: Joomla article-info block ----------------------------------------------------


def test_rule6_joomla_info_block_harvested_and_removed():
    title, raw = seed(4)
    out = clean_text(raw, title)
    assert out.metadata == {
        "category": "มติ ครม.",
        "published_raw": "Tuesday, 29 June 2021 22:00",
        "hits": 9965,
    }
    for gone in ("Details", "Category:", "Published:", "Hits:"):
        assert gone not in out.text


def test_rule6_block_with_blank_lines_and_thai_labels():
    text = "ข่าว\n\nรายละเอียด\n\nหมวดหมู่: ข่าวกิจกรรม\n\nHits: 1,204\n\nเนื้อหาข่าวจริง"
    out = clean_text(text, "")
    assert out.metadata == {"category": "ข่าวกิจกรรม", "hits": 1204}
    assert out.text == "ข่าว\n\nเนื้อหาข่าวจริง"


def test_rule6_a_lone_labelled_sentence_is_body_text():
    text = "Category: this single line is part of a list of topics"
    assert clean_text(text, "").text == text


# --- rule 7: source lines -----------------------------------------------------------------


def test_rule7_source_url_seed_003():
    title, raw = seed(3)
    out = clean_text(raw, title)
    assert out.source_url == (
        "https://mst.gov.vn/doi-moi-toan-dien-cong-tac-hop-tac-quoc-te-trong-linh-vuc-khcn-"
        "197250716093504364.htm"
    )
    assert "ที่มา:" not in out.text


@pytest.mark.parametrize(
    ("line", "url", "name"),
    [
        (
            "Nguồn: https://baochinhphu.vn/abc-102250716.htm",
            "https://baochinhphu.vn/abc-102250716.htm",
            None,
        ),
        ("Source: Bangkok Post", None, "Bangkok Post"),
        ("แหล่งที่มา : สำนักข่าวไทย อสมท", None, "สำนักข่าวไทย อสมท"),
        (
            "ที่มา https://www.nstda.or.th/home/news_post/x/",
            "https://www.nstda.or.th/home/news_post/x/",
            None,
        ),
    ],
)
def test_rule7_source_line_forms(line, url, name):
    out = clean_text(f"เนื้อหา\n\n{line}", "")
    assert out.text == "เนื้อหา"
    assert out.source_url == url and out.source_name == name


def test_rule7_heading_then_url():
    out = clean_text("เนื้อหา\n\nแหล่งที่มา\n\nhttps://mst.gov.vn/a-197250716093504364.htm", "")
    assert out.text == "เนื้อหา"
    assert out.source_url == "https://mst.gov.vn/a-197250716093504364.htm"


def test_rule7_words_that_merely_start_like_a_label_stay():
    text = "ที่มาของโครงการนี้คือความร่วมมือระหว่างสองประเทศ"
    assert clean_text(text, "").text == text


def test_rule7_labelled_heading_with_colon_then_url():
    out = clean_text("เนื้อหา\n\nแหล่งที่มา:\n\nhttps://mst.gov.vn/a-197250716093504364.htm", "")
    assert out.text == "เนื้อหา"
    assert out.source_url == "https://mst.gov.vn/a-197250716093504364.htm"


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("ที่มา: https://mst.gov.vn/a-1.htm.", ("https://mst.gov.vn/a-1.htm", None)),
        ("Nguồn: Bộ KH&CN", (None, "Bộ KH&CN")),
        ("SOURCE: Reuters", (None, "Reuters")),
        ("Sources of funding were discussed at length", None),
        ("ที่มาของโครงการ", None),
        ("ที่มา: " + "ก" * 400, None),
    ],
)
def test_source_line_reads_one_line(line, expected):
    assert source_line(line) == expected


# --- rule 8: trailing boilerplate ----------------------------------------------------------


def test_rule8_shared_trailing_seed_001_and_002():
    for n, gone in ((1, "สถิติการเข้าชม"), (2, "เข้าสู่ระบบ")):
        title, raw = seed(n)
        out = clean_text(raw, title)
        assert gone not in out.text
        assert "แสดงความคิดเห็น" not in out.text
    assert clean_text(*reversed(seed(2))).text.endswith("ร่วมกับจังหวัดและกลุ่มจังหวัด")


def test_rule8_list_marks_from_extraction():
    out = clean_text("เนื้อหา\n\nแสดงความคิดเห็น\n\n- *\n\n- • เข้าสู่ระบบ", "")
    assert out.text == "เนื้อหา"


def test_rule8_per_site_rules_seed_004():
    title, raw = seed(4)
    shared_only = clean_text(raw, title)
    assert shared_only.text.splitlines()[-1] == "A6859"  # the news id is a site rule
    out = clean_text(raw, title, GOV_HOUSE)
    assert not re.search(r"A\d{4}", out.text)
    assert "สำนักโฆษก" not in out.text and "โปรดตรวจสอบ" not in out.text
    assert "กด Like" not in out.text and "*****" not in out.text
    assert out.text.endswith("(นายกรัฐมนตรี) 29 มิถุนายน 2564")


def test_rule8_shared_patterns_hold_no_site_rules():
    for pattern in SHARED_TRAILING:
        assert not pattern.search("A6859")
        assert not pattern.search("สำนักโฆษก สำนักเลขาธิการนายกรัฐมนตรี โทร. 0 2288-4396")


def test_rule8_only_trailing_lines_go():
    out = clean_text("สถิติการเข้าชม\n\nเนื้อหาจริง", "")
    assert out.text == "สถิติการเข้าชม\n\nเนื้อหาจริง"


# --- rule 9: repeated title ----------------------------------------------------------------


@pytest.mark.parametrize(
    "block",
    [
        "กลุ่มประชาสัมพันธ์และเผยแพร่ สำนักงานปลัดกระทรวงการอุดมศึกษา วิทยาศาสตร์ วิจัยและนวัตกรรม",
        "ข่าว: กองประชาสัมพันธ์ / ภาพ: นายสมศักดิ์ ใจดี\nโทร. 02 333 3700",
        "ข่าว/ภาพ : ฝ่ายสื่อสารองค์กร\nE-mail: pr@example.go.th",
        "Reported by Public Relations Division\nTel: +66 2 333 3700",
    ],
)
def test_rule8b_a_sign_off_block_at_the_end_goes(block):
    body = "นายกรัฐมนตรีเป็นประธานการประชุมความร่วมมือด้านวิทยาศาสตร์\n\nที่ประชุมเห็นชอบแผนงานร่วม"
    assert clean_text(f"{body}\n\n{block}").text == body


def test_rule8b_sign_off_words_inside_the_article_stay():
    text = (
        "กลุ่มประชาสัมพันธ์ของกระทรวงจัดกิจกรรมให้ความรู้แก่นักเรียนในหลายจังหวัด\n\n"
        "ข่าว: การประชุมครั้งนี้ได้ข้อสรุปสามประการ\n\nที่ประชุมเห็นชอบแผนงานร่วม"
    )
    # Only a block at the end goes; the same words opening paragraphs of the story stay.
    assert clean_text(text).text == text
    long_line = "ข่าว: " + "การประชุมได้ข้อสรุปหลายประการ " * 8
    assert clean_text(f"ที่ประชุมเห็นชอบ\n\n{long_line}").text.endswith(long_line.strip())


@pytest.mark.parametrize(
    "credit",
    [
        "Cr : กระทรวงเกษตรฯ",
        "ภาพ: สำนักงานปลัดกระทรวง",
        "ขอบคุณภาพจาก สวทช.",
        "Photo: VNA",
        "(Photo courtesy of NSTDA)",
        "Ảnh: TTXVN",
    ],
)
def test_rule11_credit_lines_go_wherever_they_stand(credit):
    text = f"ความร่วมมือด้านเกษตรอัจฉริยะ\n\n{credit}\n\nที่ประชุมเห็นชอบแผนงานร่วม"
    assert clean_text(text).text == "ความร่วมมือด้านเกษตรอัจฉริยะ\n\nที่ประชุมเห็นชอบแผนงานร่วม"


def test_rule11_inline_credits_are_cut_out_and_look_alikes_stay():
    text = (
        "Thủ tướng phát biểu. (Ảnh: Thống Nhất/TTXVN) Chiều 15/5, Thủ tướng làm việc. "
        "Ảnh minh họa: Sỹ Thắng/TTXVN. Vụ trưởng cho biết. Ảnh: Phương Hoa - TTXVN Đại biểu phát biểu."
    )
    assert clean_text(text).text == (
        "Thủ tướng phát biểu. Chiều 15/5, Thủ tướng làm việc. Vụ trưởng cho biết. Đại biểu phát biểu."
    )
    # A caption whose dash joins words, not an agency in capitals, stays.
    caption = "Sáng nay hai bên ký kết. Ảnh: Lễ ký kết - Hội nghị hợp tác diễn ra tại Hà Nội và Viêng Chăn."
    assert clean_text(caption).text == caption
    # "ภาพรวม" (overview) and "Photos of the launch were shown" are text, not credits.
    kept = "ภาพรวมของโครงการเป็นไปด้วยดี\n\nPhotos of the launch were shown to the press."
    assert clean_text(kept).text == kept


@pytest.mark.parametrize("separator", ["......", "-----", "*****", "……", "= = = =", "___"])
def test_rule12_separator_lines_go_anywhere(separator):
    text = f"ย่อหน้าแรกของข่าว\n{separator}\nย่อหน้าที่สองของข่าว"
    assert clean_text(text).text == "ย่อหน้าแรกของข่าว\nย่อหน้าที่สองของข่าว"
    assert clean_text("ราคา 1.5 - 2.0 ล้านบาท\n...ต่อ").text == "ราคา 1.5 - 2.0 ล้านบาท\n...ต่อ"


def test_rule9_title_repeated_with_other_spacing_seed_002():
    title, raw = seed(2)
    out = clean_text(raw, title)
    first = lines(out.text)[0]
    assert first.startswith("กระทรวงวิทยาศาสตร์และเทคโนโลยี (วท.)")
    assert "“๑๒ ปี คลินิกเทคโนโลยีกับการนำ วทน.สู่ชุมชน”" in out.title


def test_rule9_title_deeper_than_three_lines_stays():
    title = "หัวข้อข่าว"
    out = clean_text("หนึ่ง\n\nสอง\n\nสาม\n\nหัวข้อข่าว", title)
    assert out.text.endswith("หัวข้อข่าว")


# --- rule 10: table residue ---------------------------------------------------------------


def test_rule10_table_residue_seed_004():
    title, raw = seed(4)
    out = clean_text(raw, title)
    assert not any(x.rstrip().endswith("|") for x in out.text.splitlines())
    assert "หัวข้อ\nสาระสำคัญ\nวัตถุประสงค์" in out.text


# --- the seeds and the stage ----------------------------------------------------------------


@pytest.mark.parametrize("n", range(5))
def test_seed_titles_leave_the_body(n):
    title, raw = seed(n)
    out = clean_text(raw, title, GOV_HOUSE if n == 4 else None)
    squashed = re.sub(r"\s+", "", title)
    assert all(re.sub(r"\s+", "", x) != squashed for x in lines(out.text)[:3])
    assert clean_text(out.text, out.title, GOV_HOUSE if n == 4 else None).text == out.text


def make_source(clean: dict[str, list[str]] | None = None) -> Source:
    return Source(
        id="corehoon",
        name="Corehoon",
        country="TH",
        agency=None,
        languages=("th",),
        base_url="https://www.corehoononline.com/",
        clean=clean or {},
    )


def test_stage_uses_the_registry_rules_and_fills_the_article():
    title, raw = seed(4)
    ctx = PipelineContext(sources={"corehoon": make_source(GOV_HOUSE)})
    art = Article(url="https://www.corehoononline.com/a/1", source="corehoon", title=title, text=raw)
    art = CleanStage(ctx)(art)
    assert art.text.endswith("29 มิถุนายน 2564")
    assert art.metadata["hits"] == 9965
    assert art.handoff.text_index == art.text  # no Thai digits in this one


def test_stage_keeps_source_url_and_index():
    title, raw = seed(3)
    art = CleanStage(PipelineContext())(
        Article(url="https://vietnam.vn/th/x", source="x", title=title, text=raw)
    )
    assert art.source_url and art.source_url.startswith("https://mst.gov.vn/")
    title, raw = seed(2)
    art = CleanStage(PipelineContext())(Article(url="https://x.org/2", source="x", title=title, text=raw))
    assert "๒๕๕๘" in art.text and "2558" in art.handoff.text_index


def test_stage_falls_back_to_the_source_line_the_extractor_read_from_the_html():
    url = "https://mst.gov.vn/viet-nam-va-thai-lan-197250715142012873.htm"
    art = Article(url="https://vietnam.vn/th/y", source="x", title="t", text="เนื้อหาข่าว")
    art.handoff.html_source = (url, None)
    art = CleanStage(PipelineContext())(art)
    assert art.source_url == url


def test_stage_prefers_the_source_line_in_the_text():
    text_url = "https://mst.gov.vn/a-197250716093504364.htm"
    art = Article(url="https://vietnam.vn/th/z", source="x", title="t", text=f"เนื้อหาข่าว\n\nที่มา: {text_url}")
    art.handoff.html_source = ("https://other.example/b", None)
    art = CleanStage(PipelineContext())(art)
    assert art.source_url == text_url
    named = Article(url="https://vietnam.vn/th/n", source="x", title="t", text="เนื้อหาข่าว")
    named.handoff.html_source = (None, "Bộ Khoa học và Công nghệ")
    named = CleanStage(PipelineContext())(named)
    assert named.source_url is None and named.metadata["source_name"] == "Bộ Khoa học và Công nghệ"


def test_stage_rejects_nothing_left():
    art = Article(url="https://x.org/3", source="x", title="t", text="สถิติการเข้าชม\n\n* * *")
    with pytest.raises(RejectArticle):
        CleanStage(PipelineContext())(art)


def test_pipeline_class():
    assert CleanPipeline.stage_class is CleanStage and CleanStage.name == "clean"


# --- idempotence -----------------------------------------------------------------------------

_PIECES = st.sampled_from(
    [
        "ด าเนินการ",
        "น ้า",
        "\u0e4d\u0e32",
        " | ",
        "|",
        "\u200b",
        "\u00a0",
        "  ",
        "\n",
        "\n\n",
        "สถิติการเข้าชม",
        "แสดงความคิดเห็น (2)",
        "• เข้าสู่ระบบ",
        "*",
        "- ",
        "•",
        "ที่มา: https://mst.gov.vn/x",
        "Source: Reuters",
        "แหล่งที่มา",
        "Details",
        "Hits: 12",
        "Category: ข่าว",
        "Published: Tuesday, 29 June 2021 22:00",
        "หัวข้อ",
        "A6859",
        "วันที่ ๑๗ ตุลาคม ๒๕๖๖",
        "Đổi mới",
        "e\u0301",
        "ก",
        "า",
        "\u0e48",
    ]
)
_TEXTS = st.lists(st.one_of(_PIECES, st.text(max_size=8)), max_size=40).map("".join)


@example(text=" | \x85 | ", title="หัวข้อ", site=False)  # pipes around a U+0085 (found by this test)
@settings(max_examples=400, deadline=None)
@given(text=_TEXTS, title=st.one_of(st.just("หัวข้อ"), st.text(max_size=10)), site=st.booleans())
def test_clean_is_idempotent(text, title, site):
    rules = GOV_HOUSE if site else None
    once = clean_text(text, title, rules)
    twice = clean_text(once.text, once.title, rules)
    assert twice.text == once.text
    assert twice.title == once.title
