"""Date formats (Thai BE, Vietnamese, English), URL dates and the dates cascade."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone

import pytest

from stiwatch.core.article import Article, Handoff
from stiwatch.crawler.registry import DateInUrl, Source
from stiwatch.pipelines.base import PipelineContext, StageError, run_stage
from stiwatch.pipelines.datefmt import (
    parse_english_date,
    parse_thai_date,
    parse_vietnamese_date,
    yearless_dateline,
)
from stiwatch.pipelines.dates import (
    DatesPipeline,
    DatesStage,
    date_from_url,
    find_date_in_text,
    parse_feed_date,
    parse_page_date,
)

ICT = timezone(timedelta(hours=7))
NOW = datetime(2026, 1, 1, tzinfo=UTC)


def day(y: int, m: int, d: int, hh: int = 0, mm: int = 0, tz: timezone = ICT) -> datetime:
    return datetime(y, m, d, hh, mm, tzinfo=tz)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("วันที่ 17 ตุลาคม 2566 บพค. โดย", day(2023, 10, 17)),
        ("เมื่อวันที่ 20-21 ก.ย. 2566 หน่วย บพท.", day(2023, 9, 20)),
        ("วันที่ ๙ – ๑๑ สิงหาคม ๒๕๕๘", day(2015, 8, 9)),
        ("วันพุธที่ 24 กุมภาพันธ์ 2564", day(2021, 2, 24)),
        ("ข่าว (25 ส.ค.63)", day(2020, 8, 25)),
        ("22 พ.ย. 64", day(2021, 11, 22)),
        ("31 พฤษภาคม 2021", day(2021, 5, 31)),
        ("2 มิถุนายน 2015", day(2015, 6, 2)),
        ("30 ก.ย. - 2 ต.ค. 2566", day(2023, 9, 30)),
        ("วันที่ 16 พ.ย. 2561", day(2018, 11, 16)),
        ("13 – 17 พฤศจิกายน 2566", day(2023, 11, 13)),
        ("17 ต.ค. 2566 เวลา 10.30 น.", day(2023, 10, 17, 10, 30)),
        ("1 ม.ค. พ.ศ. 2567", day(2024, 1, 1)),
    ],
)
def test_thai_dates(text, expected):
    assert parse_thai_date(text) == expected


@pytest.mark.parametrize(
    "text",
    ["ปี 2567", "17 ตุลาคม 30 คน", "ไม่มีวันที่", "จำนวน ๗๐ เครือข่าย", "31 กุมภาพันธ์ 2566"],
)
def test_not_thai_dates(text):
    assert parse_thai_date(text) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Thứ hai, 8/5/2023, 15:58 (GMT+7)", day(2023, 5, 8, 15, 58)),
        ("Ngày 16/7/2025", day(2025, 7, 16)),
        ("Chiều 15/7/2025", day(2025, 7, 15)),
        ("Thứ tư, 16/07/2025 09:35", day(2025, 7, 16, 9, 35)),
        ("Hà Nội, ngày 16 tháng 7 năm 2025", day(2025, 7, 16)),
        ("08/05/2023 15:58 (GMT+8)", day(2023, 5, 8, 15, 58, timezone(timedelta(hours=8)))),
    ],
)
def test_vietnamese_dates(text, expected):
    assert parse_vietnamese_date(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("29 June 2021", day(2021, 6, 29)),
        ("June 29, 2021", day(2021, 6, 29)),
        ("Tuesday August 4, 2020 18:08", day(2020, 8, 4, 18, 8)),
        ("8 Mar 2024", day(2024, 3, 8)),
        ("Published: Tuesday, 29 June 2021 22:00", day(2021, 6, 29, 22, 0)),
        ("On 11 May 2025 the agency", day(2025, 5, 11)),
        ("16 November 2018, Bangkok", day(2018, 11, 16)),
        ("Sept 3, 2020 5:30 pm", day(2020, 9, 3, 17, 30)),
        ("9-11 August 2015", day(2015, 8, 9)),
    ],
)
def test_english_dates(text, expected):
    assert parse_english_date(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Malaysian and Bruneian English pages keep a Malay dateline.
        ("5 Ogos 2025, Putrajaya – The Ministry", day(2025, 8, 5)),
        ("Tarikh: 12 Disember 2023", day(2023, 12, 12)),
        ("1 Mac 2024", day(2024, 3, 1)),
        ("15 Mei 2025", day(2025, 5, 15)),
        ("3 Julai 2025", day(2025, 7, 3)),
        ("20 Jun 2024", day(2024, 6, 20)),
        ("7 Okt 2024", day(2024, 10, 7)),
        ("28 Oktober 2022", day(2022, 10, 28)),
        ("9 Januari 2021", day(2021, 1, 9)),
        ("14 Februari 2020", day(2020, 2, 14)),
        ("2 Ogs 2023", day(2023, 8, 2)),
        ("30 Dis 2019", day(2019, 12, 30)),
    ],
)
def test_malay_month_names(text, expected):
    assert parse_english_date(text) == expected


@pytest.mark.parametrize("text", ["Mac 2024", "iMac 5, 2024 edition", "dismissed 5 2024", "Disember"])
def test_malay_words_without_a_full_date_are_not_dates(text):
    assert parse_english_date(text) is None


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Tue, 05 Aug 2025 10:00:00 +0800", day(2025, 8, 5, 10, 0, timezone(timedelta(hours=8)))),
        ("Tue, 05 Aug 2025 03:00:00 GMT", datetime(2025, 8, 5, 3, 0, tzinfo=UTC)),
        ("2025-08-05T10:00:00Z", datetime(2025, 8, 5, 10, 0, tzinfo=UTC)),
        ("2025-08-05", day(2025, 8, 5)),
        ("2025-08-05T10:00:00", day(2025, 8, 5, 10, 0)),
        ("not a date", None),
        ("", None),
    ],
)
def test_feed_dates(value, expected):
    assert parse_feed_date(value) == expected


def test_find_date_rejects_future_dates():
    text = "กิจกรรมวันที่ 5 มีนาคม 2570 และเมื่อวันที่ 1 ธันวาคม 2568"
    assert find_date_in_text(text, NOW) == day(2025, 12, 1)


def test_date_from_url_mst():
    rule = DateInUrl(pattern=re.compile(r"-197(\d{12})\d*\.htm"), format="%y%m%d%H%M%S")
    url = "https://mst.gov.vn/doi-moi-toan-dien-197250716093504364.htm"
    assert date_from_url(url, rule) == day(2025, 7, 16, 9, 35).replace(second=4)
    assert date_from_url("https://mst.gov.vn/old-197144805.htm", rule) is None
    assert date_from_url(url, None) is None


def test_page_date_guess_of_january_first_is_refused_without_metadata():
    assert parse_page_date("2023-01-01", machine=False) is None
    assert parse_page_date("2023-01-01", machine=True) == day(2023, 1, 1)
    assert parse_page_date("2023-10-18") == day(2023, 10, 18)
    assert parse_page_date("2025-07-16T14:12:00+07:00") == day(2025, 7, 16, 14, 12)
    assert parse_page_date("2025-07-16T07:12:00Z") == datetime(2025, 7, 16, 7, 12, tzinfo=UTC)


# --- the cascade ---------------------------------------------------------------------------


def run(article: Article, sources: dict[str, Source] | None = None, now: datetime = NOW) -> Article:
    return run_stage(DatesStage(PipelineContext(sources=sources or {}, now=now)), article)


def art(**kw) -> Article:
    base = {"url": "https://x.org/a", "source": "x", "title": "ข่าว", "text": ""}
    meta = kw.pop("meta", {})
    a = Article(**{**base, **kw})
    a.handoff = Handoff(**meta)
    return a


def test_metadata_first():
    a = run(art(text="วันที่ 17 ตุลาคม 2566", meta={"page_date": "2023-10-18T09:00:00+07:00"}))
    assert a.published == "2023-10-18T09:00:00+07:00" and a.published_from == "metadata"


def test_metadata_guess_is_skipped():
    a = run(art(text="วันที่ 17 ตุลาคม 2566", meta={"page_date": "2023-01-01", "page_date_machine": False}))
    assert a.published == "2023-10-17T00:00:00+07:00" and a.published_from == "text"


def test_future_metadata_is_skipped():
    a = run(art(text="วันที่ 17 ตุลาคม 2566", meta={"page_date": "2027-03-01"}))
    assert a.published_from == "text"


def test_published_line_before_text():
    a = run(art(text="(4 สิงหาคม 2563) มติ", metadata={"published_raw": "Tuesday, 29 June 2021 22:00"}))
    assert a.published == "2021-06-29T22:00:00+07:00" and a.published_from == "published-line"


def test_labelled_line_in_header_counts_as_published_line():
    a = run(
        art(
            text="เนื้อหา 4 สิงหาคม 2563",
            meta={"header_text": "Details Published: 8 Mar 2024 Hits: 3"},
        )
    )
    assert a.published == "2024-03-08T00:00:00+07:00" and a.published_from == "published-line"


def test_dateline_under_the_headline_beats_an_event_date_in_the_body():
    # EWT news page: "วันที่ 8 ก.ค. 2565" right under the headline, the event on the 7th.
    a = run(
        art(
            text="สศช. จัดเวทีเมื่อวันที่ 7 กรกฎาคม 2565 ณ จังหวัดขอนแก่น",
            meta={"header_text": "สศช. และ UNDP จัดเวทีนวัตกรรม\nวันที่ 8 ก.ค. 2565\nสศช. จัดเวที"},
        )
    )
    assert a.published == "2022-07-08T00:00:00+07:00" and a.published_from == "published-line"


@pytest.mark.parametrize("label", ["Ngày 16/7/2025", "Date: 16 July 2025", "Tarikh: 16 Julai 2025"])
def test_labelled_datelines_in_other_languages(label):
    a = run(art(text="Nội dung 1/1/2020", meta={"header_text": f"Tiêu đề\n{label}"}))
    assert a.published is not None and a.published[:10] == "2025-07-16"
    assert a.published_from == "published-line"


def test_a_long_header_line_starting_with_a_date_label_is_body_text():
    sentence = "วันที่ 7 กรกฎาคม 2565 ณ จังหวัดขอนแก่น ผู้แทนจากหน่วยงานภาครัฐ ภาคเอกชน มหาวิทยาลัย และภาคประชาสังคมเข้าร่วมกว่า 120 คน"
    a = run(art(text="", meta={"header_text": f"หัวข่าว\n{sentence}"}))
    assert a.published_from == "text"


def test_text_uses_first_paragraphs_only():
    body = "ย่อหน้าแรก\n\nย่อหน้าสอง\n\nย่อหน้าสาม\n\nเมื่อวันที่ 3 มีนาคม 2566"
    a = run(art(text=body))
    assert a.published is None and a.published_from is None
    assert a.errors[-1]["kind"] == "date-missing"


def test_thai_digits_via_text_index():
    a = run(art(text="วันที่ ๑๗ ตุลาคม ๒๕๖๖", meta={"text_index": "วันที่ 17 ตุลาคม 2566"}))
    assert a.published == "2023-10-17T00:00:00+07:00"


def test_body_date_anchored_by_the_title_year():
    title = "การประชุมเครือข่าย ประจำปี ๒๕๕๘"
    body = "\n\n".join(
        [
            "ย่อหน้า 1",
            "ย่อหน้า 2",
            "ย่อหน้า 3",
            "เมื่อวันที่ ๑๓ ธันวาคม ๒๕๕๕ ครม.ได้มีมติ",
            "(เฉพาะวันที่ ๑๐ สิงหาคม ๒๕๕๘)",
            "วันที่ ๙ – ๑๑ สิงหาคม ๒๕๕๘",
        ]
    )
    a = run(art(title=title, text=body))
    assert a.published == "2015-08-09T00:00:00+07:00" and a.published_from == "text"


def test_url_last():
    src = Source(
        id="mst",
        name="MST",
        country="VN",
        agency=None,
        languages=("vi",),
        base_url="https://mst.gov.vn/",
        date_in_url=DateInUrl(pattern=re.compile(r"-197(\d{12})\d*\.htm"), format="%y%m%d%H%M%S"),
    )
    a = run(
        art(url="https://mst.gov.vn/x-197250716093504364.htm", source="mst", text="không có ngày"),
        {"mst": src},
    )
    assert a.published == "2025-07-16T09:35:04+07:00" and a.published_from == "url"
    # A sitemap lastmod may be a later edit: the URL's own date goes first.
    a = run(
        art(
            url="https://mst.gov.vn/x-197250716093504364.htm",
            source="mst",
            text="không có ngày",
            meta={"discovered_date": "2025-09-01T08:00:00+07:00"},
        ),
        {"mst": src},
    )
    assert a.published_from == "url"


def test_feed_date_is_the_last_resort():
    a = run(art(text="ไม่มีวันที่", meta={"discovered_date": "Tue, 05 Aug 2025 10:00:00 +0700"}))
    assert a.published == "2025-08-05T10:00:00+07:00" and a.published_from == "feed"
    a = run(art(text="ไม่มีวันที่", meta={"discovered_date": "2025-08-05"}))
    assert a.published == "2025-08-05T00:00:00+07:00" and a.published_from == "feed"


def test_page_dates_win_over_the_feed_date():
    a = run(art(text="วันที่ 17 ตุลาคม 2566", meta={"discovered_date": "2025-08-05"}))
    assert a.published_from == "text" and a.published is not None and a.published.startswith("2023-10-17")


def test_future_or_broken_feed_dates_are_refused():
    for value in ("2027-03-01", "soon", None):
        a = run(art(text="ไม่มีวันที่", meta={"discovered_date": value}))
        assert a.published is None and a.published_from is None


def test_missing_date_is_an_error_not_a_rejection():
    stage = DatesStage(PipelineContext(now=NOW))
    a = art(text="ไม่มีวันที่ในข่าวนี้")
    with pytest.raises(StageError) as exc:
        stage(a)
    assert exc.value.kind == "date-missing"
    assert a.published is None


def test_pipeline_class():
    assert DatesPipeline.stage_class is DatesStage and DatesStage.name == "dates"


# --- ranges and lists of days: the first day is the date ------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ระหว่างวันที่ 9 และ 10 สิงหาคม 2566", day(2023, 8, 9)),
        ("วันที่ ๙ และ ๑๐ ก.ย. ๒๕๖๖", day(2023, 9, 9)),
        ("วันที่ 7, 8 และ 9 มีนาคม 2567", day(2024, 3, 7)),
        ("ระหว่างวันที่ 3 ถึง 5 ธันวาคม 2565", day(2022, 12, 3)),
        ("Hội thảo diễn ra ngày 9 và 10/8/2023 tại Hà Nội", day(2023, 8, 9)),
        ("trong hai ngày 9-10/8/2023", day(2023, 8, 9)),
        ("held on 9 and 10 August 2023 in Bangkok", day(2023, 8, 9)),
        ("from August 9 to 11, 2023", day(2023, 8, 9)),
    ],
)
def test_ranges_and_lists_start_on_their_first_day(text, expected):
    assert find_date_in_text(text, NOW) == expected


# --- datelines without a year ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "reference", "expected"),
    [
        # TNA: the feed says when; the dateline only says the day.
        ("ทำเนียบรัฐบาล 18 พ.ค.- นายกรัฐมนตรี", day(2025, 5, 18, 14), day(2025, 5, 18)),
        # Crawled in January: a December dateline is last year's, never a future day.
        ("กรุงเทพฯ 28 ธ.ค.- กระทรวง อว.", day(2026, 1, 3), day(2025, 12, 28)),
        ("กรุงเทพฯ ๒๘ ธันวาคม - กระทรวง", day(2026, 1, 3), day(2025, 12, 28)),
        ("BANGKOK, May 18 (TNA) - The cabinet", day(2025, 6, 1), day(2025, 5, 18)),
        ("(Chinhphu.vn) - Sáng 16/7, Bộ trưởng", day(2025, 7, 16, 12), day(2025, 7, 16)),
        ("Chiều nay (15/7), tại Hà Nội", day(2025, 7, 20), day(2025, 7, 15)),
        ("29 ก.พ.- ประชุม", day(2025, 3, 1), day(2024, 2, 29)),
    ],
)
def test_yearless_datelines_take_the_year_before_the_reference(text, reference, expected):
    assert yearless_dateline(text, reference) == expected


@pytest.mark.parametrize("text", ["จำนวน 18 คน", "ในวันที่ 18 พ.ค. นี้จะมีการประชุม", "Ngày 16/7/2025"])
def test_yearless_needs_a_dateline_shape(text):
    assert yearless_dateline(text, day(2025, 7, 20)) is None


def test_yearless_dateline_in_the_cascade_uses_the_feed_year():
    a = run(
        art(
            text="ทำเนียบรัฐบาล 30 ธ.ค.- นายกรัฐมนตรีประชุมหารือ\n\nย่อหน้าถัดไป",
            meta={"discovered_date": "Fri, 31 Dec 2021 10:00:00 +0700"},
        )
    )
    assert a.published == "2021-12-30T00:00:00+07:00" and a.published_from == "text"


def test_yearless_dateline_never_lands_after_the_crawl():
    a = run(art(text="กรุงเทพฯ 31 ธ.ค.- ข่าว"), now=datetime(2026, 1, 1, 3, tzinfo=UTC))
    assert a.published == "2025-12-31T00:00:00+07:00"
