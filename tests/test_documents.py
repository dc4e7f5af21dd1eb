"""Reading documents: Thai repairs, PDF dates, formats, document links, layout, titles, date lines.

The PDFs and Word files are the labelled set's (tests/labelled/pdf): real PDFs made from
real Thai and Vietnamese text, and one real Royal Gazette PDF.
"""

from __future__ import annotations

import functools
import http.server
import io
import threading
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest

from stiwatch.core.article import HTML, Article, article_id
from stiwatch.crawler.discovery import feed_enclosures
from stiwatch.crawler.documents import (
    DOCX_TYPE,
    document_label,
    document_links,
    format_of_url,
    is_document_url,
    sniff_format,
)
from stiwatch.crawler.registry import load_sources
from stiwatch.pipelines.base import RejectArticle
from stiwatch.pipelines.document import document_title
from stiwatch.pipelines.documents.convert import DocumentOptions, convert_document, plausible_title
from stiwatch.pipelines.documents.datelines import document_date, is_date_line
from stiwatch.pipelines.documents.layout import join_lines
from stiwatch.pipelines.documents.pdf import pdf_date, read_pdf
from stiwatch.pipelines.documents.repair import pua_table, repair_thai
from stiwatch.pipelines.process import Processor, build_context
from stiwatch.search.embedded import EmbeddedBackend

SET = Path(__file__).parent / "labelled" / "pdf"
NO_OCR = DocumentOptions(ocr=False)


def _bytes(name: str) -> bytes:
    return (SET / name).read_bytes()


# -- Thai repairs ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("broken", "fixed"),
    [
        # Legacy font glyphs: shifted-left sara ii, lowered mai tho, ฐ without its descender.
        ("ป\uf702", "ปี"),
        ("น\uf70bา", "น้า"),
        ("\uf700าน", "ฐาน"),
        ("ป\uf88d", "ป้"),  # the Apple column of the same table
        # Sara am drawn as nikhahit + sara aa, with and without a tone mark moved in front.
        ("ดําเนินการ", "ดำเนินการ"),
        ("นํ้า", "น้ำ"),
        ("น้ํา", "น้ำ"),
        # A space before a combining mark is never Thai.
        ("ว ่าการ", "ว่าการ"),
        # Marks in canonical order: vowel before tone; a tone is not written after sara aa.
        ("ท\u0e48\u0e35", "ที่"),
        ("หนา\u0e49", "หน้า"),
        ("ที่่", "ที่"),
        # A digit run mixing Thai and ASCII digits is all Thai (a producer's bad ToUnicode).
        ("พ.ศ. ๒๕๖6", "พ.ศ. ๒๕๖๖"),
        # NFC for Vietnamese written with combining marks.
        ("Vie\u0302\u0323t Nam", "Việt Nam"),
    ],
)
def test_repairs(broken: str, fixed: str) -> None:
    assert repair_thai(broken) == fixed


@pytest.mark.parametrize(
    "valid",
    [
        "ดำเนินการตามมติคณะรัฐมนตรี วันที่ 5 พฤศจิกายน 2564",
        "ปี 2023 และ ๒๕๖๖ ต่างกัน 543 ปี",
        "Quyết định số 10/2021/QĐ-TTg",
        "ASEAN-China 2021-2025",
    ],
)
def test_repairs_leave_valid_text_alone(valid: str) -> None:
    assert repair_thai(valid) == valid


def test_pua_table_covers_both_columns() -> None:
    table = pua_table()
    assert len(table) == 27 + 27
    assert {chr(cp) for cp in range(0xF700, 0xF71B)} <= {chr(k) for k in table}
    assert all("\u0e00" <= v <= "\u0e7f" for v in table.values())


# -- PDF metadata, formats, links --------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "iso"),
    [
        ("D:20211108091200+07'00'", "2021-11-08T09:12:00+07:00"),
        ("D:20230320010020-07'00'", "2023-03-20T01:00:20-07:00"),
        ("D:20220401103000Z", "2022-04-01T10:30:00+00:00"),
        ("D:20220401", "2022-04-01"),
        ("garbage", None),
        (None, None),
    ],
)
def test_pdf_dates(raw: str | None, iso: str | None) -> None:
    assert pdf_date(raw) == iso


def _zip(names: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in names.items():
            archive.writestr(name, data)
    return out.getvalue()


def test_formats_are_sniffed_from_the_bytes() -> None:
    assert sniff_format(_bytes("th-mou-thai-digits.pdf")) == "pdf"
    # A PDF served under the wrong type and address is still a PDF.
    assert sniff_format(_bytes("th-mou-thai-digits.pdf"), "text/html", "https://x.go.th/a.html") == "pdf"
    assert sniff_format(_bytes("vi-qd-10-2021.docx")) == "docx"
    assert sniff_format(_bytes("th-innovation.doc")) == "doc"
    assert sniff_format(_zip({"xl/workbook.xml": b"<x/>"})) == "xlsx"
    assert sniff_format(_zip({"mimetype": b"application/vnd.oasis.opendocument.text"})) == "odt"
    assert sniff_format(b"{\\rtf1 hello}") == "rtf"
    assert sniff_format(b"<html><body>page</body></html>", "text/html") is None
    assert sniff_format(b"plain", "application/msword") == "doc"


def test_feed_enclosures_name_their_item() -> None:
    rss = (
        b"<rss><channel><item><link>https://x.go.th/news/1</link><pubDate>Fri, 21 Feb 2025 08:30:00 +0000"
        b'</pubDate><enclosure url="https://x.go.th/f/mou.pdf" type="application/pdf"/></item>'
        b"<item><link>https://x.go.th/news/2</link></item></channel></rss>"
    )
    assert feed_enclosures(rss) == [
        ("https://x.go.th/f/mou.pdf", "https://x.go.th/news/1", "Fri, 21 Feb 2025 08:30:00 +0000")
    ]
    atom = (
        b'<feed xmlns="http://www.w3.org/2005/Atom"><entry><link href="https://x.vn/tin/1"/>'
        b'<link rel="enclosure" href="/files/qd.docx"/><updated>2025-01-02</updated></entry></feed>'
    )
    assert feed_enclosures(atom) == [("/files/qd.docx", "https://x.vn/tin/1", "2025-01-02")]
    assert feed_enclosures(b"not a feed") == []


def test_formats_from_link_extensions() -> None:
    assert format_of_url("https://x.go.th/files/MoU%20text.PDF") == "pdf"
    assert format_of_url("https://x.go.th/a.docx?download=1") == "docx"
    assert format_of_url("https://x.go.th/a.doc") == "doc"
    assert format_of_url("https://x.go.th/news/123") is None
    assert document_label("application/pdf") == "PDF" and document_label(DOCX_TYPE) == "Word"
    assert document_label(HTML) is None


def test_document_links_follow_the_source_rules() -> None:
    src = load_sources()["mhesi"]
    page = "https://www.mhesi.go.th/index.php/news/1.html"
    links = [
        ("/images/files/mou-2565.pdf", " MoU  text "),
        ("https://www.mhesi.go.th/images/files/mou-2565.pdf#page=2", "again"),  # same document
        ("https://files.mhesi.go.th/report.docx", "report"),  # a subdomain of the site
        ("https://www.other.org/report.pdf", "elsewhere"),  # another site
        ("/index.php/news/2.html", "a page"),
        ("/forms/old.doc", "legacy"),
    ]
    found = document_links(links, page, src)
    assert [(d.url, d.format, d.text) for d in found] == [
        ("https://www.mhesi.go.th/images/files/mou-2565.pdf", "pdf", "MoU text"),
        ("https://files.mhesi.go.th/report.docx", "docx", "report"),
        ("https://www.mhesi.go.th/forms/old.doc", "doc", "legacy"),
    ]
    assert found[0].as_attachment()["id"] == article_id(found[0].url)


def test_document_rules_from_the_registry(tmp_path: Path) -> None:
    registry = tmp_path / "r.yaml"
    registry.write_text(
        """sources:
  - id: docs-off
    name: A
    country: TH
    languages: [th]
    base_url: https://a.go.th/
    listings: [https://a.go.th/news]
    article: {allow: ['^https://a\\.go\\.th/news/\\d+$']}
    documents: {enabled: false}
  - id: docs-by-pattern
    name: B
    country: TH
    languages: [th]
    base_url: https://b.go.th/
    listings: [https://b.go.th/news]
    article: {allow: ['^https://b\\.go\\.th/news/\\d+$'], deny: ['/private/']}
    documents: {allow: ['^https://b\\.go\\.th/download\\?id=\\d+$'], deny: ['/drafts/']}
""",
        encoding="utf-8",
    )
    sources = load_sources([registry])
    assert not is_document_url("https://a.go.th/x.pdf", sources["docs-off"])
    b = sources["docs-by-pattern"]
    assert is_document_url("https://b.go.th/download?id=7", b)
    assert not is_document_url("https://b.go.th/x.pdf", b)  # allow given: only its links
    assert not is_document_url("https://b.go.th/download?id=7&x=/drafts/", b)
    assert not is_document_url("https://b.go.th/private/download?id=7", b)  # article.deny too


def test_bad_document_rules_are_reported(tmp_path: Path) -> None:
    from stiwatch.crawler.registry import RegistryError

    registry = tmp_path / "r.yaml"
    base = "sources:\n  - {id: x, name: X, country: TH, languages: [th], base_url: 'https://x.go.th/',"
    base += " listings: ['https://x.go.th/n'], article: {allow: ['^https://x']}, "
    for extra, message in (
        ("documents: {pdf: true}}", "unknown documents field"),
        ("documents: {allow: ['(']}}", "documents.allow: bad regex"),
        ("render: chrome}", "render must be one of http, browser"),
    ):
        registry.write_text(base + extra + "\n", encoding="utf-8")
        with pytest.raises(RegistryError, match=message):
            load_sources([registry])


# -- layout ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("before", "after", "joined"),
    [
        ("ความร่วมมือ", "ด้านวิจัย", "ความร่วมมือด้านวิจัย"),  # Thai wraps without a space
        ("ดันการค้า ", "25,000 ล้าน", "ดันการค้า 25,000 ล้าน"),  # a space typed at the break stays
        ("hợp tác", "quốc tế", "hợp tác quốc tế"),
        ("In\ufffe", "novation", "Innovation"),  # a word hyphenated across the break
        ("ASEAN\ufffe", "China", "ASEAN-China"),
    ],
)
def test_join_lines(before: str, after: str, joined: str) -> None:
    assert join_lines(before, after) == joined


def test_running_heads_and_page_numbers_leave_the_text() -> None:
    text = convert_document(_bytes("th-report-multipage.pdf"), "pdf", NO_OCR).text
    header = "รายงานสรุปข่าวความร่วมมือด้านวิทยาศาสตร์ เทคโนโลยี และนวัตกรรมระหว่างประเทศ"
    assert header not in text
    assert "หน้า 2 จาก 8" not in text and "จาก 8" not in text
    assert "In\ufffe" not in text and "Innovation" in text
    gazette = convert_document(_bytes("real-th-royal-gazette-140A022N.pdf"), "pdf", NO_OCR).text
    # Its running head (on both pages, in the top margin) leaves; the body's own mention stays.
    assert "ตอนที่ ๒๒ ก" not in gazette and "ราชกิจจานุเบกษา ๒๐ มีนาคม" not in gazette
    assert "ประกาศในราชกิจจานุเบกษา" in gazette


def test_the_royal_gazette_is_repaired() -> None:
    """The real PDF: sara am mis-mapped to a raised space, a Thai digit mapped to ASCII."""
    text = convert_document(_bytes("real-th-royal-gazette-140A022N.pdf"), "pdf", NO_OCR).text
    for word in ("ดำเนิน", "อำนาจ", "ประจำปี", "กำหนด", "ให้ไว้ ณ วันที่ 17 มีนาคม พ.ศ. ๒๕๖๖"):
        assert word in text, word
    assert "ด าเนิน" not in text and "๒๕๖6" not in text


def test_legacy_fonts_and_vietnamese_nfd_are_repaired() -> None:
    pua = convert_document(_bytes("th-legacy-pua-am.pdf"), "pdf", NO_OCR).text
    assert not [ch for ch in pua if "\uf700" <= ch <= "\uf8ff"]
    assert "\u0e4d\u0e32" not in pua
    nfd = convert_document(_bytes("vi-qd-06-2020-nfd.pdf"), "pdf", NO_OCR).text
    assert "Quyết định" in nfd and "\u0302" not in nfd


def test_vietnamese_header_block_is_read_cell_by_cell() -> None:
    text = convert_document(_bytes("vi-qd-06-2020-nfc.pdf"), "pdf", NO_OCR).text
    issuer, number = text.index("THỦ TƯỚNG CHÍNH PHỦ"), text.index("Số: 06/2020/QĐ-TTg")
    motto = text.index("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    assert issuer < number < motto


def test_docx_is_read_with_its_tables() -> None:
    got = convert_document(_bytes("vi-qd-10-2021.docx"), "docx", NO_OCR)
    assert got.method == "docx" and got.created == "2021-03-16T17:20:00+07:00"
    first = got.text.split("\n\n")[0]
    assert first == "THỦ TƯỚNG CHÍNH PHỦ\nSố: 10/2021/QĐ-TTg"  # the left cell of the header block
    nfd = convert_document(_bytes("vi-qd-06-2020-nfd.docx"), "docx", NO_OCR).text
    assert "Việt Nam" in nfd


def test_scans_damaged_and_unsupported_documents() -> None:
    scan = convert_document(_bytes("th-mou-scanned.pdf"), "pdf", NO_OCR)
    assert scan.text == "" and scan.problems[0][0] == "no-text-layer"
    assert "OCR is off" in scan.problems[0][1]
    damaged = convert_document(b"%PDF-1.7\n" + b"\x00" * 200, "pdf", NO_OCR)
    assert damaged.problems[0][0] == "damaged"
    assert convert_document(b"PK\x03\x04broken", "docx").problems[0][0] == "damaged"


def test_pages_beyond_the_limit_are_left_out_and_said_so() -> None:
    got = convert_document(_bytes("th-report-multipage.pdf"), "pdf", DocumentOptions(ocr=False, max_pages=2))
    assert got.pages == 2 and ("pages-cut", "only the first 2 pages were read") in got.problems
    assert len(read_pdf(_bytes("th-report-multipage.pdf")).pages) == 8


# -- titles and date lines ---------------------------------------------------------------


def test_titles() -> None:
    assert plausible_title("Microsoft Word - 2565_mou.docx") == ""
    assert plausible_title("untitled") == "" and plausible_title("1234") == ""
    assert plausible_title("  MoU  ASEAN ") == "MoU ASEAN"
    text = (
        "CHÍNH PHỦ\n\nHà Nội, ngày 09 tháng 01 năm 2025\n\nNGHỊ QUYẾT\n\nBan hành Chương trình\n\nCHÍNH PHỦ"
    )
    assert document_title(text, "Nghị quyết số 03") == "NGHỊ QUYẾT Ban hành Chương trình"
    gazette = "พระราชกฤษฎีกา\n\nยุบสภาผู้แทนราษฎร\n\nพ.ศ. ๒๕๖๖\n\nให้ไว้ ณ วันที่ ๑๗ มีนาคม พ.ศ. ๒๕๖๖"
    assert document_title(gazette) == "พระราชกฤษฎีกา ยุบสภาผู้แทนราษฎร พ.ศ. ๒๕๖๖"
    assert document_title("วันศุกร์ที่ 5 พฤศจิกายน 2564\n\nจีนสนับสนุนงบ", "") == "จีนสนับสนุนงบ"


@pytest.mark.parametrize(
    "line",
    [
        "ประกาศ ณ วันที่ ๖ กรกฎาคม พ.ศ. ๒๕๖๔",
        "ให้ไว้ ณ วันที่ 17 มีนาคม พ.ศ. 2566",
        "วันศุกร์ที่ 5 พฤศจิกายน 2564",
        "Hà Nội, ngày 16 tháng 3 năm 2021",
        "5 พฤศจิกายน 2564",
    ],
)
def test_date_lines(line: str) -> None:
    assert is_date_line(line)


@pytest.mark.parametrize(
    "line",
    [
        "วานนี้ (4 พฤศจิกายน 2564) ครม.เห็นชอบร่างบันทึกความเข้าใจว่าด้วยความร่วมมือ",
        "thay thế Quyết định số 19/2015/QĐ-TTg ngày 15 tháng 6 năm 2015 của Thủ tướng",
        "Ban hành Chương trình hành động thực hiện Nghị quyết số 57-NQ/TW ngày 22 tháng 12 năm 2024",
        "สรุปข่าวความร่วมมือ",
    ],
)
def test_dates_inside_sentences_are_not_date_lines(line: str) -> None:
    assert not is_date_line(line)


def test_the_document_date_comes_from_its_date_line_and_never_the_future() -> None:
    now = datetime(2026, 1, 1, tzinfo=UTC)
    text = "หัวเรื่อง\n\nเนื้อความที่อ้างถึงเมื่อวันที่ 1 มกราคม 2564 ในประโยค\n\nประกาศ ณ วันที่ ๖ กรกฎาคม พ.ศ. ๒๕๖๔"
    assert document_date(text, now) == datetime.fromisoformat("2021-07-06T00:00:00+07:00")
    assert document_date("ประกาศ ณ วันที่ 6 กรกฎาคม 2570", now) is None


# -- the stages through Processor --------------------------------------------------------


def _processor() -> Processor:
    return Processor(build_context(now=datetime(2026, 1, 1, tzinfo=UTC), settings={"DOCUMENT_OCR": False}))


def test_a_pdf_becomes_a_dated_tagged_record() -> None:
    article = _processor().process("https://www.mhesi.go.th/files/mou.pdf", _bytes("th-mou-thai-digits.pdf"))
    record = article.to_record()
    assert record["content_type"] == "application/pdf"
    assert record["language"] == "th"
    assert record["published"].startswith("2021-07-06") and record["published_from"] == "document-line"
    assert record["metadata"]["pages"] == 2 and record["metadata"]["read_by"] == "text-layer"
    assert record["title"].startswith('"กระทรวงกลาโหม" และ')
    # The heading stays in the text: a document's title is its own first lines.
    assert record["text"].startswith('"กระทรวงกลาโหม"')
    assert "TH" in record["countries"]


def test_a_pdf_without_a_date_line_takes_its_metadata_date() -> None:
    article = _processor().process("https://x.go.th/a.pdf", _bytes("th-asean-hungary-nodate.pdf"))
    assert article.published == "2022-01-19T10:02:00+07:00"
    assert article.published_from == "pdf-metadata"


def test_scans_without_ocr_and_legacy_doc_are_refused_with_their_kind() -> None:
    with pytest.raises(RejectArticle) as scan:
        _processor().process("https://x.go.th/scan.pdf", _bytes("th-mou-scanned.pdf"))
    assert scan.value.reason == "no-text-layer"
    with pytest.raises(RejectArticle) as doc:
        _processor().process("https://x.go.th/a.doc", _bytes("th-innovation.doc"))
    assert doc.value.reason == "unsupported-format"


def test_a_page_lists_the_documents_it_links() -> None:
    html = b"""<html><head><title>MoU signed</title></head><body>
    <nav><a href="/files/annual-report.pdf">Annual report</a></nav>
    <article><h1>MoU signed</h1><p>The ministry signed a memorandum of understanding with its
    partner on research cooperation in semiconductors and space technology for five years.</p>
    <p>Read <a href="/files/mou-text.pdf">the MoU text (PDF)</a> and
    <a href="/files/annex.doc">the annex</a>.</p></article>
    <footer><a href="/files/privacy.pdf">Privacy</a></footer></body></html>"""
    article = _processor().process("https://www.mhesi.go.th/news/1.html", html, content_type="text/html")
    assert article.content_type == HTML
    assert [(a["url"], a["format"], a["text"]) for a in article.attachments] == [
        ("https://www.mhesi.go.th/files/mou-text.pdf", "pdf", "the MoU text (PDF)"),
        ("https://www.mhesi.go.th/files/annex.doc", "doc", "the annex"),
    ]


def test_the_record_fields_round_trip() -> None:
    article = Article(
        url="https://x.go.th/a.pdf",
        source="manual",
        content_type="application/pdf",
        attachment_of="https://x.go.th/news/1",
    )
    again = Article.from_record(article.to_record())
    assert (again.content_type, again.attachment_of, again.is_document) == (
        "application/pdf",
        "https://x.go.th/news/1",
        True,
    )


def test_cli_extract_and_add_read_documents(tmp_path: Path) -> None:
    import json

    from tests.conftest import run_cli

    data_dir = tmp_path / "data"
    pdf = SET / "vi-qd-10-2021.pdf"
    proc = run_cli(["extract", str(pdf), "--url", "https://mst.gov.vn/van-ban/qd-10.pdf"], data_dir)
    assert proc.returncode == 0, proc.stderr
    record = json.loads(proc.stdout)
    assert (
        record["content_type"] == "application/pdf"
        and record["url"] == "https://mst.gov.vn/van-ban/qd-10.pdf"
    )
    assert record["title"] == "QUYẾT ĐỊNH Quy định tiêu chí xác định doanh nghiệp công nghệ cao"
    assert record["published"].startswith("2021-03-16") and record["published_from"] == "document-line"
    added = run_cli(["add", str(SET / "th-innovation.docx")], data_dir)
    assert added.returncode == 0, added.stderr
    assert added.stdout.startswith("new: ") and "2022-10-01" in added.stdout
    refused = run_cli(["add", str(SET / "th-innovation.doc")], data_dir)
    assert refused.returncode == 2 and "unsupported-format" in refused.stderr
    too_big = run_cli(["extract", str(pdf)], data_dir, env={"STIWATCH_CRAWL_MAX_PDF_BYTES": "1000"})
    assert too_big.returncode == 2 and "larger than" in too_big.stderr
    # A URL: fetched from a real local HTTP server (its Content-Type says application/pdf).
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(SET))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/vi-qd-10-2021.pdf"
        fetched = run_cli(["add", url], data_dir)
    finally:
        server.shutdown()
        server.server_close()
    assert fetched.returncode == 0, fetched.stderr
    assert fetched.stdout.startswith("new: ") and "2021-03-16" in fetched.stdout
    with EmbeddedBackend(data_dir) as backend:
        stored = {r["url"]: r for r in backend.iter_records()}
    assert stored[url]["content_type"] == "application/pdf" and stored[url]["text"] == record["text"]
