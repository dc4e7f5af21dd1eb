"""Bad pages (binary, empty, huge, cut short, random bytes) never crash processing.

Two levels: a real Scrapy crawl of a registered source through the local replay server
must record each bad page as an error of that source in the crawl summary; and random
or malformed bytes fed to the whole processing (``Processor.process``, bytes in) must
either give an article or a clean rejection.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stiwatch.core.article import RECORD_FIELDS
from stiwatch.crawler.replay.server import ReplayServer
from stiwatch.pipelines.base import RejectArticle
from stiwatch.pipelines.process import Processor, build_context
from tests.conftest import run_cli

HOST = "www.pmu-hr.or.th"
CAP = 20_000
ARTICLE = (
    "<html><head><title>บพค. ประชุมเครือข่ายนักวิจัย</title></head><body><article>"
    "<h1>บพค. ประชุมเครือข่ายนักวิจัย</h1><p>วันที่ 17 ตุลาคม 2566</p>"
    + "<p>หน่วยบริหารและจัดการทุนด้านการพัฒนากำลังคน จัดประชุมเครือข่ายนักวิจัยรุ่นใหม่ร่วมกับมหาวิทยาลัยในภูมิภาคอาเซียน</p>"
    * 3
)
PAGES: dict[str, tuple[bytes, str]] = {
    "101": (
        b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n",
        "text/html; charset=UTF-8",
    ),
    "102": (b"", "text/html; charset=UTF-8"),
    # Over the cap: the head is kept and processed, the cut is recorded.
    "103": ((ARTICLE + "<p>" + "ข้อความ " * 6000 + "</p></article></body></html>").encode(), "text/html"),
    # Cut in the middle of a tag, as a dropped connection leaves it.
    "104": (ARTICLE.encode()[:-7], "text/html; charset=UTF-8"),
    "105": ((ARTICLE + "</article></body></html>").encode(), "text/html; charset=UTF-8"),
    "106": (b"<html><body>   \n\t </body></html>", "text/html"),
}


def _archive(root: Path) -> Path:
    host = root / HOST
    host.mkdir(parents=True)
    items = "".join(f"<item><link>https://{HOST}/{n}/</link></item>" for n in PAGES)
    (host / "feed.xml").write_text(f"<rss><channel>{items}</channel></rss>", encoding="utf-8")
    (host / "robots.txt").write_text("User-agent: *\nAllow: /\n", encoding="utf-8")
    entries = [
        f"  - url: https://{HOST}/robots.txt\n    file: robots.txt\n    content_type: text/plain",
        f"  - url: https://{HOST}/feed/\n    file: feed.xml\n    content_type: application/rss+xml",
    ]
    for name, (body, content_type) in PAGES.items():
        (host / f"{name}.html").write_bytes(body)
        entries.append(
            f"  - url: https://{HOST}/{name}/\n    file: {name}.html\n    content_type: {content_type}"
        )
    (host / "manifest.yaml").write_text("pages:\n" + "\n".join(entries) + "\n", encoding="utf-8")
    return root


@pytest.mark.slow
def test_crawl_records_bad_pages_per_source(tmp_path: Path) -> None:
    root = _archive(tmp_path / "archive")
    with ReplayServer(root) as server:
        proc = run_cli(
            ["crawl", "--replay-url", server.url, "--source", "pmu-b", "--json", "--full"],
            tmp_path / "data",
            env={"STIWATCH_CRAWL_MAX_PAGE_BYTES": str(CAP)},
        )
    assert proc.returncode == 0, proc.stderr[-3000:]
    entry = json.loads(proc.stdout)["sources"]["pmu-b"]
    errors = entry["errors"]
    # 101: a PDF served as HTML is read as a document, and is too broken to read.
    assert errors.get("damaged") == 1 and "binary" not in errors, entry
    assert errors.get("empty") == 2, entry  # 102: no bytes, 106: no text
    assert errors.get("truncated") == 1, entry  # 103: over the cap
    assert entry["new"] == 3, entry  # 103 (its head), 104 (cut short) and 105


_TAGS = st.sampled_from(["p", "div", "h1", "table", "td", "script", "meta", "title", "article", "br", "font"])
_WORDS = st.sampled_from(
    [
        "วันที่ 17 ตุลาคม 2566",
        "ทำเนียบรัฐบาล 18 พ.ค.-",
        "๙ และ ๑๐ สิงหาคม ๒๕๕๘",
        "Published: 29 June 2021",
        "Thứ hai, 8/5/2023, 15:58 (GMT+7)",
        "Sáng 16/7,",
        "ที่มา: https://mst.gov.vn/a",
        "Nguồn:",
        "- Hits: 12",
        "สถิติการเข้าชม",
        "ด าเนินการ",
        "\u200b",
        "\xa0",
        "&nbsp;",
        "<",
        "&#0;",
        "]]>",
        "<!--",
        "Đổi mới sáng tạo",
        "font-family: .VnTime",
        "charset=tis-620",
        "Science policy forum",
    ]
)


@st.composite
def page_bytes(draw: st.DrawFn) -> bytes:
    parts = []
    for _ in range(draw(st.integers(0, 30))):
        tag = draw(_TAGS)
        inner = draw(st.one_of(_WORDS, st.text(max_size=40)))
        parts.append(f"<{tag}>{inner}</{tag}>" if draw(st.booleans()) else f"<{tag}>{inner}")
    text = "<html><head><title>t</title></head><body>" + "".join(parts) + "</body></html>"
    raw = text.encode(
        draw(st.sampled_from(["utf-8", "utf-16", "cp874", "cp1258", "latin-1"])), errors="ignore"
    )
    cut = draw(st.integers(0, len(raw)))
    mode = draw(st.sampled_from(["whole", "cut", "noise", "random"]))
    if mode == "cut":
        return raw[:cut]
    if mode == "noise":
        return raw[:cut] + draw(st.binary(max_size=300)) + raw[cut:]
    if mode == "random":
        return draw(st.binary(max_size=2000))
    return raw


_PROCESSOR = Processor(build_context({"CLEAN_MAX_HTML_BYTES": 4000}))


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    body=page_bytes(),
    content_type=st.sampled_from(
        [
            None,
            "text/html",
            "text/html; charset=utf-8",
            "text/html; charset=TIS-620",
            "text/html; charset=bogus",
            "application/octet-stream",
        ]
    ),
    url=st.sampled_from(
        [
            "https://www.pmu-hr.or.th/9999/",
            "https://mst.gov.vn/a-197250716093504364.htm",
            "https://example.org/x",
        ]
    ),
)
def test_whole_processing_never_crashes(body: bytes, content_type: str | None, url: str) -> None:
    try:
        article = _PROCESSOR.process(url, body, content_type=content_type)
    except RejectArticle as exc:
        # Documents among the bytes (a PDF signature, a zip) are refused by the document stage.
        assert exc.reason in (
            "empty",
            "not-text",
            "binary",
            "damaged",
            "unsupported-format",
            "no-text-layer",
        ), exc.reason
        return
    record = article.to_record()
    assert set(record) == set(RECORD_FIELDS)
    assert article.text.strip() and article.language
    assert not [e for e in article.errors if e["kind"] == "crash"], article.errors
    assert (article.published is None) == (article.published_from is None)
    json.dumps(record, ensure_ascii=False)
