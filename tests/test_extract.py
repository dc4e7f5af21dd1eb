"""Extraction, and the seed pages end to end: decode → extract → clean → language → dates."""

from __future__ import annotations

import contextlib
import re
import unicodedata
from datetime import UTC, datetime
from pathlib import Path

import lxml.html
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from trafilatura.utils import load_html

from stiwatch.core.article import Article
from stiwatch.crawler.encoding import decode_html
from stiwatch.crawler.registry import Source
from stiwatch.pipelines.base import PipelineContext, RejectArticle, StageError
from stiwatch.pipelines.clean import CleanStage
from stiwatch.pipelines.dates import DatesStage
from stiwatch.pipelines.extract import ExtractPipeline, ExtractStage
from stiwatch.pipelines.language import LanguageStage
from stiwatch.pipelines.pagetree import fallback_text, machine_dates, unwrap_layout_tables
from stiwatch.pipelines.regions import header_text, html_source_line, title_element
from stiwatch.pipelines.titles import choose_title, strip_site_name

FIXTURES = Path(__file__).parent / "fixtures" / "text"
NOW = datetime(2026, 1, 1, tzinfo=UTC)
GOV_HOUSE = {
    "trailing": [r"^A\d{4}$", r"^สำนักโฆษก.*โทร"],
    "drop_lines": [r"^\(โปรดตรวจสอบมติคณะรัฐมนตรี.*\)$"],
}
SOURCES = {
    "corehoon": Source(
        id="corehoon",
        name="Corehoon",
        country="TH",
        agency=None,
        languages=("th",),
        base_url="https://www.corehoononline.com/",
        clean=GOV_HOUSE,
    )
}
CONTEXT = PipelineContext(sources=SOURCES, now=NOW)
STAGES = [ExtractStage(CONTEXT), CleanStage(CONTEXT), LanguageStage(CONTEXT), DatesStage(CONTEXT)]


def process(html: str, url: str, source: str = "x") -> Article:
    article = Article(url=url, source=source, html=html)
    for stage in STAGES:
        try:
            article = stage(article)
        except StageError as exc:
            article.add_error(stage.name, exc.kind, str(exc))
    return article


def fixture(name: str, declared: str | None = None) -> str:
    page = decode_html((FIXTURES / name).read_bytes(), declared)
    assert page.ok
    return page.text


# --- the seeds end to end ------------------------------------------------------------------


def test_seed_000_pmu_hr():
    a = process(fixture("seed000_pmu-hr.html"), "https://www.pmu-hr.or.th/9380/")
    assert a.language == "th"
    assert a.published == "2023-10-17T00:00:00+07:00" and a.published_from == "text"
    assert a.title.startswith("บพค. เสนอแผนและความก้าวหน้าของ ASEAN Talent Mobility")
    assert a.text.startswith("วันที่ 17 ตุลาคม 2566 บพค.")
    assert "ASEAN Expert Group on Talent Mobility" in a.text
    for chrome in ("หน้าแรก", "ข่าวล่าสุด", "All rights reserved", "ข่าวก่อนหน้า"):
        assert chrome not in a.text
    assert "\n\n" in a.text  # paragraphs separated by a blank line
    assert a.handoff.html_lang == "th"
    assert a.metadata["sitename"] == "บพค."


def test_seed_001_pmua_counter_widget_goes():
    a = process(fixture("seed001_pmua.html"), "https://www.pmua.or.th/news/thai-china/")
    assert a.published == "2023-09-20T00:00:00+07:00"
    assert a.language == "th"
    assert "สถิติการเข้าชม" not in a.text
    assert a.text.endswith("ดำเนินการโดยเร็วที่สุด")


def test_seed_002_tis620_page_labelled_latin1():
    raw = (FIXTURES / "seed002_most-tis620.html").read_bytes()
    page = decode_html(raw, "ISO-8859-1")
    assert page.encoding == "cp874"
    a = process(page.text, "https://oldweb.most.go.th/main/index.php/organization-news/4231.html")
    assert a.language == "th"
    assert a.published == "2015-08-09T00:00:00+07:00"  # not the 2012 cabinet date cited first
    assert "ดำเนินการ" in a.text and "ด าเนินการ" not in a.text
    assert "เข้าสู่ระบบ" not in a.text and "แสดงความคิดเห็น" not in a.text
    assert "\u00a0" not in a.text and "  " not in a.text
    assert "๒๕๕๘" in a.text and "2558" in a.handoff.text_index


def test_seed_003_metadata_date_and_source_url():
    a = process(fixture("seed003_vietnam-vn.html"), "https://www.vietnam.vn/th/connect-ecosystem")
    assert a.published == "2025-07-16T14:12:00+07:00" and a.published_from == "metadata"
    assert a.source_url == (
        "https://mst.gov.vn/doi-moi-toan-dien-cong-tac-hop-tac-quoc-te-trong-linh-vuc-khcn-"
        "197250716093504364.htm"
    )
    assert a.language == "th"
    assert "การแสดงความคิดเห็น" not in a.text and "ที่มา:" not in a.text


def test_seed_004_joomla_published_line_and_site_rules():
    a = process(fixture("seed004_corehoon.html"), "https://www.corehoononline.com/cabinet/123", "corehoon")
    assert a.published == "2021-06-29T22:00:00+07:00" and a.published_from == "published-line"
    assert a.metadata["category"] == "มติ ครม." and a.metadata["hits"] == 9965
    assert a.language == "th"
    assert not re.search(r"^A\d{4}$", a.text, re.M)
    assert "สำนักโฆษก" not in a.text and "Hits:" not in a.text
    assert "กรอบงบประมาณ" in a.text  # the table survived extraction


# --- extraction details ---------------------------------------------------------------------


def test_title_falls_back_to_h1_when_trafilatura_gives_the_site_name():
    body = "<p>" + "การประชุมความร่วมมือด้านวิทยาศาสตร์ระหว่างไทยและเวียดนาม " * 8 + "</p>"
    html = (
        "<html><head><title>NSTDA</title><meta property='og:site_name' content='NSTDA'></head>"
        f"<body><div><h1>ไทย-เวียดนาม ลงนามความร่วมมือ</h1>{body}{body}</div></body></html>"
    )
    a = ExtractStage(CONTEXT)(Article(url="https://www.nstda.or.th/a/", source="x", html=html))
    assert a.title == "ไทย-เวียดนาม ลงนามความร่วมมือ"
    assert a.metadata["sitename"] == "NSTDA"


# --- titles without the site name ---------------------------------------------------------

_BODY_EN = "<p>" + "The ministers agreed to extend cooperation in science and technology. " * 6 + "</p>"
_BODY_TH = "<p>" + "ความร่วมมือด้านวิทยาศาสตร์และเทคโนโลยีระหว่างไทยและจีนเพื่อชุมชน " * 6 + "</p>"


def extract(html: str, url: str = "https://example.org/news/a/") -> Article:
    return ExtractStage(CONTEXT)(Article(url=url, source="x", html=html))


@pytest.mark.parametrize(
    ("head", "h1", "expected"),
    [
        # Yoast: og:title and <title> carry " - " + og:site_name.
        (
            "<title>ASEAN and Japan Launch Joint Call - ASEAN Main Portal</title>"
            "<meta property='og:title' content='ASEAN and Japan Launch Joint Call - ASEAN Main Portal'>"
            "<meta property='og:site_name' content='ASEAN Main Portal'>",
            "<h1>ASEAN and Japan Launch Joint Call</h1>",
            "ASEAN and Japan Launch Joint Call",
        ),
        # The site name alone, no visible heading to fall back on.
        (
            "<title>Ministers Back Regional Sandbox | Tech Wire</title>"
            "<meta property='og:title' content='Ministers Back Regional Sandbox | Tech Wire'>"
            "<meta property='og:site_name' content='Tech Wire'>",
            "",
            "Ministers Back Regional Sandbox",
        ),
        # application-name, a leading name and the "::" separator.
        (
            "<title>Science Office :: Ministers Back Regional Sandbox</title>"
            "<meta name='application-name' content='Science Office'>",
            "",
            "Ministers Back Regional Sandbox",
        ),
    ],
)
def test_title_loses_a_known_site_name(head, h1, expected):
    a = extract(f"<html><head>{head}</head><body><article>{h1}{_BODY_EN}{_BODY_EN}</article></body></html>")
    assert a.title == expected


def test_title_loses_a_thai_site_name_with_a_dot():
    title = "กระทรวง อว. สานพลังความร่วมมือไทย-จีน ขับเคลื่อนการขจัดความยากจน"
    head = (
        f"<title>{title} - บพท.</title><meta property='og:title' content='{title} - บพท.'>"
        "<meta property='og:site_name' content='บพท.'>"
    )
    a = extract(
        f"<html><head>{head}</head><body><div><h1>{title}</h1>{_BODY_TH}{_BODY_TH}</div></body></html>"
    )
    assert a.title == title
    assert a.metadata["sitename"] == "บพท."


def test_site_name_is_learnt_from_the_title_tag_when_no_metadata_names_it():
    # No og:site_name: the <title> part left beside the post heading is the site's name.
    head = "<title>Ministers Back Regional Sandbox – Science Wire</title>"
    h1 = "<h1 class='entry-title'>Ministers Back Regional Sandbox</h1>"
    a = extract(f"<html><head>{head}</head><body><article>{h1}{_BODY_EN}{_BODY_EN}</article></body></html>")
    assert a.title == "Ministers Back Regional Sandbox"


def test_a_one_word_subject_before_a_hyphen_is_not_taken_for_the_site():
    assert strip_site_name("ASEAN - Japan Launch Joint Call", ["ASEAN"]) == "ASEAN - Japan Launch Joint Call"
    assert strip_site_name("ASEAN | Japan Launch Joint Call", ["ASEAN"]) == "Japan Launch Joint Call"
    assert strip_site_name("Japan Launch Joint Call – ASEAN", ["ASEAN"]) == "Japan Launch Joint Call"
    assert strip_site_name("Japan Launch Joint Call", ["ASEAN"]) == "Japan Launch Joint Call"


def test_classic_wordpress_site_title_h1_loses_to_the_entry_title():
    # Twenty-Ten-style theme: the masthead <h1 class="site-title"> comes first, and the
    # Thai headline's dotted abbreviation makes trafilatura read it as the site name.
    headline = "วว. ร่วมมือสถาบันวิจัยเวียดนาม พัฒนาปุ๋ยชีวภาพ"
    html = (
        f"<html><head><title>{headline} | Lab Blog</title></head><body>"
        "<div id='masthead'><h1 class='site-title'><a href='/'>Lab Blog</a></h1></div>"
        f"<article><header class='entry-header'><h1 class='entry-title'>{headline}</h1>"
        "<div class='entry-meta'>โพสต์เมื่อ 16 มิถุนายน 2022</div></header>"
        f"<div class='entry-content'>{_BODY_TH}{_BODY_TH}</div></article></body></html>"
    )
    a = extract(html)
    assert a.title == headline
    assert a.metadata["sitename"] == "Lab Blog"
    assert "16 มิถุนายน 2022" in a.handoff.header_text


def test_unclassed_h1_that_opens_the_title_tag_is_the_headline():
    html = (
        "<html><head><title>Regional Sandbox Agreed | Lab Blog</title></head><body>"
        "<h1>Lab Blog</h1><div><h1>Regional Sandbox Agreed</h1>"
        f"{_BODY_EN}{_BODY_EN}</div></body></html>"
    )
    tree = load_html(html)
    title, sitename = choose_title(tree, "Lab Blog", None)
    assert title == "Regional Sandbox Agreed" and sitename == "Lab Blog"


def test_title_without_any_site_name_is_kept():
    html = f"<html><head><title>Plain Headline</title></head><body><h1>Plain Headline</h1>{_BODY_EN}</body></html>"
    assert choose_title(load_html(html), "Plain Headline", "example.org") == ("Plain Headline", "example.org")


# --- the header region ----------------------------------------------------------------------


def test_header_text_holds_the_dateline():
    from trafilatura.utils import load_html

    tree = load_html(
        "<html><body><header><h1>Title</h1>"
        "<span class='post-date'>Thứ hai, 8/5/2023, 15:58 (GMT+7)</span></header>"
        "<article><p>Body text here.</p></article></body></html>"
    )
    assert "8/5/2023, 15:58" in header_text(tree)


def test_dateline_right_under_a_headline_without_h1():
    # EWT / table layouts: the headline is a <span><b>, the date a <font> after a <br>,
    # and the body names the event day first.
    headline = "สศช. และ UNDP จัดเวทีนวัตกรรมเชิงนโยบาย"
    body = "<p>" + "จัดเวทีเมื่อวันที่ 7 กรกฎาคม 2565 ณ จังหวัดขอนแก่น ผู้แทนหน่วยงานเข้าร่วม " * 4 + "</p>"
    html = (
        f"<html><head><title>{headline}</title></head><body><div class='menu'><a href='/'>หน้าหลัก</a></div>"
        f"<div class='news-main'><span class='head_news'><b>{headline}</b></span><br>"
        "<font size='1'>วันที่ 8 ก.ค. 2565</font><br><br>"
        f"<div class='news_detail'>{body}{body}</div></div></body></html>"
    )
    tree = load_html(html)
    element = title_element(tree, headline)
    assert element is not None and element.get("class") == "head_news"
    header = header_text(tree, headline)
    assert "วันที่ 8 ก.ค. 2565" in header.split("\n")
    a = process(html, "https://www.example.go.th/ewt_news.php?nid=1")
    assert a.published == "2022-07-08T00:00:00+07:00" and a.published_from == "published-line"


def test_lines_after_a_headline_alone_in_its_wrapper():
    tree = load_html(
        "<html><body><div class='top'><div class='wrap'><h2>Headline here</h2></div>"
        "<p class='x'>Posted 3 March 2024</p><p>By a reporter</p>"
        "<div>" + "Long body text. " * 40 + "</div><p>Later: 9 May 2024</p></div></body></html>"
    )
    header = header_text(tree, "Headline here")
    # The lines under the headline lead the region; the body does not come between.
    assert header.split("\n")[:3] == ["Headline here", "Posted 3 March 2024", "By a reporter"]


# --- source lines read from the HTML --------------------------------------------------------


def test_link_only_source_line_is_read_from_the_html():
    url = "https://mst.gov.vn/viet-nam-va-thai-lan-197250715142012873.htm"
    html = (
        "<html><head><title>ข่าว</title></head><body><article><h1>ข่าว</h1>"
        f"{_BODY_TH}{_BODY_TH}<p>ที่มา: <a href='{url}' rel='nofollow'>{url}</a></p></article></body></html>"
    )
    a = process(html, "https://www.vietnam.vn/th/x")
    assert a.source_url == url
    assert "ที่มา" not in a.text


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (
            "<p><strong>Nguồn:</strong> <a href='https://mst.gov.vn/a.htm'>Bộ KH&amp;CN</a></p>",
            ("https://mst.gov.vn/a.htm", "Bộ KH&CN"),
        ),
        ("<p>SOURCE: <a href='/local'>Reuters</a></p>", (None, "Reuters")),
        ("<div>แหล่งที่มา : https://www.nstda.or.th/x/</div>", ("https://www.nstda.or.th/x/", None)),
        # Decomposed Vietnamese, as some CMSs store it.
        (
            "<p>" + unicodedata.normalize("NFD", "Nguồn") + ": <a href='https://a.vn/b'>A</a></p>",
            ("https://a.vn/b", "A"),
        ),
    ],
)
def test_html_source_line_forms(line, expected):
    tree = load_html(f"<html><body><article><p>Body</p>{line}</article></body></html>")
    assert html_source_line(tree) == expected


@pytest.mark.parametrize(
    "html",
    [
        "<aside><p>Source: <a href='https://other.org/x'>Other</a></p></aside>",
        "<div class='related-posts'><p>ที่มา: <a href='https://other.org/x'>x</a></p></div>",
        "<figure><img src='a.jpg'><figcaption>Nguồn: <a href='https://img.org'>Internet</a></figcaption></figure>",
        "<p>Sources of funding were discussed, see <a href='https://x.org'>here</a>.</p>",
        "<p>ที่มาของโครงการนี้ <a href='https://x.org'>อ่านต่อ</a></p>",
    ],
)
def test_html_source_lines_outside_the_article_or_not_labels_are_ignored(html):
    tree = load_html(f"<html><body><article><p>Body</p></article>{html}</body></html>")
    assert html_source_line(tree) is None


def test_fallback_picks_the_largest_block():
    from trafilatura.utils import load_html

    tree = load_html(
        "<html><body><nav><a href='/'>หน้าแรก</a> <a href='/b'>ข่าว</a></nav>"
        "<div class='c'>บรรทัดแรกของเนื้อหาข่าวที่ยาวพอสมควร<br>บรรทัดที่สองของเนื้อหา ต่อเนื่องยาวพอ</div>"
        "<footer>ลิขสิทธิ์</footer></body></html>"
    )
    text = fallback_text(tree)
    assert text.startswith("บรรทัดแรก") and "บรรทัดที่สอง" in text and "ลิขสิทธิ์" not in text


@pytest.mark.parametrize(
    "html",
    ["", "   ", "<html></html>", "<html><body><script>var a = 1;</script><!-- x --></body></html>"],
)
def test_empty_pages_are_rejected(html):
    with pytest.raises(RejectArticle) as exc:
        ExtractStage(CONTEXT)(Article(url="https://x.org/e", source="x", html=html))
    assert exc.value.reason == "empty"


def test_page_date_needs_machine_readable_metadata():
    body = "<p>" + "ข่าววิทยาศาสตร์และเทคโนโลยีของประเทศไทยในปี 2566 " * 10 + "</p>"
    html = f"<html><head><title>ข่าว</title></head><body><article><h1>ข่าว</h1>{body}</article></body></html>"
    a = ExtractStage(CONTEXT)(Article(url="https://x.org/n", source="x", html=html))
    assert a.handoff.page_date is None and a.handoff.page_date_machine is False


def test_pipeline_class():
    assert ExtractPipeline.stage_class is ExtractStage and ExtractStage.name == "extract"


# --- robustness -------------------------------------------------------------------------------

_TAGS = st.sampled_from(["p", "div", "h1", "table", "tr", "td", "li", "ul", "span", "script", "time", "br"])
_WORDS = st.sampled_from(
    [
        "วันที่ 17 ตุลาคม 2566",
        "๙ – ๑๑ สิงหาคม ๒๕๕๘",
        "Published: 29 June 2021",
        "Ngày 16/7/2025",
        "ที่มา: https://mst.gov.vn/a",
        "สถิติการเข้าชม",
        " | ",
        "\u200b",
        "\x00",
        "&nbsp;",
        "<",
        ">",
        "&",
        "ด าเนินการ",
        "Đổi mới",
        "Science policy",
        "<?xml version='1.0' encoding='utf-8'?>",
        "<!--",
        "]]>",
    ]
)


@st.composite
def html_pages(draw: st.DrawFn) -> bytes:
    parts = []
    for _ in range(draw(st.integers(0, 25))):
        tag = draw(_TAGS)
        inner = draw(st.one_of(_WORDS, st.text(max_size=30)))
        style = draw(st.integers(0, 3))
        parts.append(f"<{tag}>{inner}</{tag}>" if style else f"<{tag}>{inner}")
    text = "<html><head><title>t</title></head><body>" + "".join(parts) + "</body></html>"
    raw = text.encode(draw(st.sampled_from(["utf-8", "utf-16"])), errors="ignore")
    if draw(st.booleans()):
        raw = draw(st.binary(max_size=200)) + raw[: draw(st.integers(0, len(raw)))]
    return raw


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(body=html_pages(), declared=st.sampled_from([None, "utf-8", "iso-8859-1", "tis-620", "bogus"]))
def test_random_pages_never_crash(body, declared):
    page = decode_html(body, declared)
    if not page.ok:
        return
    article = Article(url="https://x.org/fuzz", source="x", html=page.text)
    try:
        for stage in STAGES:
            with contextlib.suppress(StageError):
                article = stage(article)
    except RejectArticle:
        return
    assert article.text
    assert article.language
    assert article.published is None or article.published_from is not None


# -- table layouts (Joomla 1.5, EWT) -----------------------------------------------------------

_BODY = "<p>" + "ข้อความข่าวที่ยาวพอสำหรับการสกัดเนื้อหาหลักของหน้า " * 4 + "</p>"


def test_layout_tables_become_divs_data_tables_stay():
    html = (
        "<html><body><table><tr><td>เมนู</td></tr><tr><td>"
        f"<table class='inner'><tr><td>หัวข้อ</td></tr><tr><td>{_BODY}{_BODY}</td></tr></table>"
        "<table class='data'><tr><th>ยุทธศาสตร์</th><th>เป้าหมาย</th></tr><tr><td>ก</td><td>ข</td></tr></table>"
        "</td></tr></table></body></html>"
    )
    tree = load_html(html)
    assert unwrap_layout_tables(tree) == 2
    tables = tree.xpath("//table")
    assert [t.get("class") for t in tables] == ["data"]
    assert len(tables[0].xpath(".//td")) == 2


def test_table_layout_page_loses_its_chrome_and_keeps_its_headline():
    html = (
        "<html><head><title>สำนักงานตัวอย่างแห่งชาติ</title></head><body><table>"
        "<tr><td class='menu'><a href='/'>หน้าหลัก</a> <a href='/about'>เกี่ยวกับสำนักงาน</a></td></tr><tr><td>"
        "<table><tr><td><span class='head_news'><b>สำนักงานลงนามความร่วมมือกับญี่ปุ่น</b></span></td></tr>"
        f"<tr><td>วันที่ 9 ม.ค. 2562</td></tr><tr><td>{_BODY}{_BODY}</td></tr></table>"
        "</td></tr><tr><td class='footer'>ถนนกรุงเกษม กรุงเทพฯ</td></tr></table></body></html>"
    )
    article = ExtractStage(PipelineContext())(Article(url="https://x.go.th/n?nid=1", source="x", html=html))
    assert article.title == "สำนักงานลงนามความร่วมมือกับญี่ปุ่น"
    assert "ข้อความข่าว" in article.text
    assert "เกี่ยวกับสำนักงาน" not in article.text and "ถนนกรุงเกษม" not in article.text


def test_a_lone_h2_named_in_the_title_tag_is_the_headline():
    # SharePoint: no <h1>; the <title> part beside the <h2> is the site, which the
    # registry names ("MTIC Brunei - CREATES (...)").
    html = (
        "<html><head><title>CREATES - Workshop on digital agriculture</title></head><body>"
        "<div>Skip Ribbon Commands</div><h2 class='ms-rteElement-H2'>Workshop on digital agriculture</h2>"
        f"<div><p>{'Researchers shared experience in drone-based crop monitoring. ' * 6}</p></div></body></html>"
    )
    source = Source(
        id="bn",
        name="MTIC Brunei - CREATES (Centre)",
        country="BN",
        agency=None,
        languages=("en",),
        base_url="https://x.gov.bn/",
    )
    article = ExtractStage(PipelineContext(sources={"bn": source}))(
        Article(url="https://x.gov.bn/News/Pages/a.aspx", source="bn", html=html)
    )
    assert article.title == "Workshop on digital agriculture"
    # Nothing names "CREATES" as the site: the <title> is a headline with a hyphen, kept whole.
    unnamed = ExtractStage(PipelineContext())(
        Article(url="https://x.gov.bn/News/Pages/a.aspx", source="x", html=html)
    )
    assert unnamed.title == "CREATES - Workshop on digital agriculture"


_HYPHEN_BODY = "<div><p>" + "ผู้แทนทั้งสองฝ่ายหารือความร่วมมือด้านดาวเทียมและการสำรวจระยะไกล " * 8 + "</p></div>"


@pytest.mark.parametrize(
    "head, heading",
    [
        # No <h1>: trafilatura cuts <title> at its first " - " and keeps "ไทย".
        ("<title>ไทย - ญี่ปุ่น หารือความร่วมมือด้านอวกาศ</title>", ""),
        # A sub-heading equal to the second half is no reason to drop the first.
        (
            "<title>ไทย - ญี่ปุ่น หารือความร่วมมือด้านอวกาศ</title>"
            "<meta property='og:title' content='ไทย - ญี่ปุ่น หารือความร่วมมือด้านอวกาศ'>",
            "<h2>ญี่ปุ่น หารือความร่วมมือด้านอวกาศ</h2>",
        ),
    ],
)
def test_a_headline_with_a_hyphen_is_not_cut_where_no_site_is_named(head: str, heading: str) -> None:
    html = f"<html><head>{head}</head><body>{heading}{_HYPHEN_BODY}</body></html>"
    article = ExtractStage(PipelineContext())(
        Article(url="https://www.thaigov.go.th/news/1", source="x", html=html)
    )
    assert article.title == "ไทย - ญี่ปุ่น หารือความร่วมมือด้านอวกาศ"


def test_a_title_part_carrying_the_host_word_is_the_site():
    html = (
        "<html><head><title>Japan and Thailand discuss satellites - Example Portal</title></head>"
        f"<body><div><p>{'Officials met to discuss cooperation on satellites. ' * 8}</p></div></body></html>"
    )
    article = ExtractStage(PipelineContext())(Article(url="https://www.example.org/a", source="x", html=html))
    assert article.title == "Japan and Thailand discuss satellites"


def test_repeated_marked_headlines_are_teasers_not_the_title():
    teaser = "<div class='news-title'>Teaser {}</div>"
    html = (
        "<html><head><title>Real headline of the page</title></head><body>"
        + "".join(teaser.format(i) for i in range(3))
        + f"<div><p>{'Body text of the article about research cooperation. ' * 6}</p></div></body></html>"
    )
    article = ExtractStage(PipelineContext())(Article(url="https://x.org/a", source="x", html=html))
    assert article.title == "Real headline of the page"


def test_machine_dates_read_microdata_inside_the_body() -> None:
    # schema.org microdata keeps <meta itemprop> inside the article, not in <head>.
    tree = lxml.html.fromstring(
        '<html><head><meta property="article:published_time" content="2025-07-16T09:35:04+07:00">'
        '</head><body><article><meta itemprop="datePublished" content="2025-07-15">'
        '<time datetime="2025-07-14">14/7</time><p>x</p></article></body></html>'
    )
    assert machine_dates(tree)[:3] == ["2025-07-16T09:35:04+07:00", "2025-07-15", "2025-07-14"]
