"""Extraction, and the seed pages end to end: decode → extract → clean → language → dates."""

from __future__ import annotations

import contextlib
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crawler.encoding import decode_html
from crawler.items import Article
from crawler.registry import Source
from pipelines.base import PipelineContext, RejectArticle, StageError
from pipelines.clean import CleanStage
from pipelines.dates import DatesStage
from pipelines.extract import ExtractPipeline, ExtractStage, fallback_text, header_text
from pipelines.language import LanguageStage

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
    assert a.meta["html_lang"] == "th"
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
    assert "๒๕๕๘" in a.text and "2558" in a.meta["text_index"]


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
    a = process(
        fixture("seed004_corehoon.html"), "https://www.corehoononline.com/cabinet/123", "corehoon"
    )
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


def test_header_text_holds_the_dateline():
    from trafilatura.utils import load_html

    tree = load_html(
        "<html><body><header><h1>Title</h1>"
        "<span class='post-date'>Thứ hai, 8/5/2023, 15:58 (GMT+7)</span></header>"
        "<article><p>Body text here.</p></article></body></html>"
    )
    assert "8/5/2023, 15:58" in header_text(tree)


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
    html = (
        "<html><head><title>ข่าว</title></head>"
        f"<body><article><h1>ข่าว</h1>{body}</article></body></html>"
    )
    a = ExtractStage(CONTEXT)(Article(url="https://x.org/n", source="x", html=html))
    assert a.meta["page_date"] is None and a.meta["page_date_machine"] is False


def test_pipeline_class():
    assert ExtractPipeline.stage_class is ExtractStage and ExtractStage.name == "extract"


# --- robustness -------------------------------------------------------------------------------

_TAGS = st.sampled_from(
    ["p", "div", "h1", "table", "tr", "td", "li", "ul", "span", "script", "time", "br"]
)
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
@given(
    body=html_pages(), declared=st.sampled_from([None, "utf-8", "iso-8859-1", "tis-620", "bogus"])
)
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
