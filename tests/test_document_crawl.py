"""Documents in a real crawl: real Scrapy (the `stiwatch` CLI) against a real local replay server.

An NSTDA article links a PDF, a legacy .doc and a PDF over the size cap, and NSTDA's feed
carries a fourth as the article item's enclosure; NESDC is the other source. The PDF is stored as a document of its own (content type, the page that links
it), the article lists its attachments, the .doc is counted as ``unsupported-format`` and
the large PDF as ``too-large``. While the PDF is being read, NESDC's articles go through
every stage: the PDF never holds up the crawl of other sources.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pytest
import yaml

from stiwatch.core.article import article_id
from stiwatch.crawler.replay.server import ReplayServer, _Handler
from stiwatch.crawler.state import CrawlState
from stiwatch.search.embedded import EmbeddedBackend
from tests.conftest import ROOT
from tests.document_support import GATE_ENV
from tests.replay_util import archive_copy

pytestmark = pytest.mark.slow

SET = ROOT / "tests" / "labelled" / "pdf"
NSTDA = "www.nstda.or.th"
NESDC = "www.nesdc.go.th"
ARTICLE = "https://www.nstda.or.th/home/news_post/nstda-cars-railway-mou-2025/"
ARTICLE_FILE = "home/news_post/nstda-cars-railway-mou-2025/index.html"
PDF = "https://www.nstda.or.th/home/wp-content/uploads/2025/mou-text.pdf"
BIG_PDF = "https://www.nstda.or.th/home/wp-content/uploads/2025/annual-report.pdf"
DOC = "https://www.nstda.or.th/home/wp-content/uploads/2025/annex.doc"
# Carried by the feed's item for the article as an enclosure (not linked from the page).
ENCLOSED = "https://www.nstda.or.th/home/wp-content/uploads/2025/asean-hungary.pdf"
# Documents larger than this are not fetched in these crawls (the big one is 280 KB).
MAX_PDF_BYTES = 150_000
NESDC_TITLES_SEEN = 2


def _archive(tmp: Path) -> Path:
    """The NSTDA and NESDC pages, an NSTDA article that links three documents, the documents."""
    root = archive_copy(tmp, [NSTDA, NESDC])
    page = root / NSTDA / ARTICLE_FILE
    html = page.read_text(encoding="utf-8")
    links = (
        '<p>เอกสารประกอบ: <a href="/home/wp-content/uploads/2025/mou-text.pdf">บันทึกความเข้าใจ (PDF)</a>'
        ' <a href="/home/wp-content/uploads/2025/annex.doc">ภาคผนวก</a>'
        ' <a href="/home/wp-content/uploads/2025/annual-report.pdf">รายงานประจำปี</a></p>'
    )
    marker = "</article>" if "</article>" in html else "</body>"
    page.write_text(html.replace(marker, links + marker, 1), encoding="utf-8")
    uploads = root / NSTDA / "home" / "wp-content" / "uploads" / "2025"
    uploads.mkdir(parents=True)
    shutil.copy(SET / "th-mou-thai-digits.pdf", uploads / "mou-text.pdf")
    shutil.copy(SET / "th-report-multipage-scanned.pdf", uploads / "annual-report.pdf")
    shutil.copy(SET / "th-innovation.doc", uploads / "annex.doc")
    shutil.copy(SET / "th-asean-hungary-nodate.pdf", uploads / "asean-hungary.pdf")
    feed = root / NSTDA / "home" / "feed" / "index.xml"
    item_link = f"<link>{ARTICLE}</link>"
    enclosure = f'<enclosure url="{ENCLOSED}" length="30000" type="application/pdf" />'
    xml = feed.read_text(encoding="utf-8")
    assert xml.count(item_link) == 1
    feed.write_text(xml.replace(item_link, item_link + enclosure), encoding="utf-8")
    manifest = root / NSTDA / "manifest.yaml"
    data = yaml.safe_load(manifest.read_text(encoding="utf-8"))
    for url, name, kind in (
        (PDF, "mou-text.pdf", "application/pdf"),
        (BIG_PDF, "annual-report.pdf", "application/pdf"),
        (DOC, "annex.doc", "application/msword"),
        (ENCLOSED, "asean-hungary.pdf", "application/pdf"),
    ):
        data["pages"].append(
            {"url": url, "file": f"home/wp-content/uploads/2025/{name}", "content_type": kind}
        )
    manifest.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return root


class _GatedServer:
    """The replay server, holding NESDC's article pages until the PDF has been sent, so that
    they are processed while the PDF is being read."""

    def __init__(self, root: Path) -> None:
        self.pdf_sent = threading.Event()
        self.server = ReplayServer(root)
        outer = self

        class Handler(_Handler):
            def do_GET(self) -> None:
                if self.path.startswith(f"/{NESDC}/ewt_news.php"):
                    outer.pdf_sent.wait(60)
                super().do_GET()
                if self.path.endswith("/mou-text.pdf"):
                    outer.pdf_sent.set()

        self.server.httpd.RequestHandlerClass = Handler

    def __enter__(self) -> ReplayServer:
        return self.server.start()

    def __exit__(self, *exc: object) -> None:
        self.server.stop()


def _records(data_dir: Path) -> dict[str, dict[str, Any]]:
    with EmbeddedBackend(data_dir) as backend:
        return {r["id"]: r for r in backend.iter_records()}


@pytest.fixture(scope="module")
def crawl(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    tmp = tmp_path_factory.mktemp("documents")
    data_dir, gate = tmp / "data", tmp / "gate"
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        GATE_ENV: str(gate),
        "STIWATCH_DOCUMENT_CONVERTER": "tests.document_support.gated_convert",
        "STIWATCH_CRAWL_MAX_PDF_BYTES": str(MAX_PDF_BYTES),
    }
    root = _archive(tmp)
    with _GatedServer(root) as server:
        command = [sys.executable, "-m", "stiwatch.cli", "crawl", "--replay-url", server.url, "--json"]
        command += ["--source", "nstda", "--source", "nesdc", "--data-dir", str(data_dir)]
        proc = subprocess.Popen(
            command, cwd=tmp, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        progress: list[str] = []
        assert proc.stderr is not None
        for line in proc.stderr:
            progress.append(line.rstrip("\n"))
            # NESDC's articles went through every stage while the PDF waits: open the gate.
            if sum(1 for p in progress if p.startswith("[nesdc] new:")) >= NESDC_TITLES_SEEN:
                gate.touch()
        out, _ = proc.communicate(timeout=300)
    assert proc.returncode == 0, "\n".join(progress[-40:])
    return {
        "summary": json.loads(out),
        "progress": progress,
        "records": _records(data_dir),
        "gate": gate,
        "data_dir": data_dir,
    }


def test_the_pdf_is_stored_as_a_document_of_the_page_that_links_it(crawl: dict[str, Any]) -> None:
    pdf = crawl["records"].get(article_id(PDF))
    assert pdf is not None, crawl["progress"][-20:]
    assert pdf["content_type"] == "application/pdf"
    assert pdf["attachment_of"] == ARTICLE
    assert pdf["source"] == "nstda" and pdf["language"] == "th"
    assert pdf["published"].startswith("2021-07-06") and pdf["published_from"] == "document-line"
    assert "บันทึกความเข้าใจ" in pdf["text"] and pdf["metadata"]["read_by"] == "text-layer"


def test_a_feed_enclosure_is_stored_as_a_document_of_its_item(crawl: dict[str, Any]) -> None:
    pdf = crawl["records"].get(article_id(ENCLOSED))
    assert pdf is not None, crawl["progress"][-20:]
    assert pdf["content_type"] == "application/pdf" and pdf["attachment_of"] == ARTICLE
    # No date line of its own: dated by its metadata, and said so.
    assert pdf["published"].startswith("2022-01-19") and pdf["published_from"] == "pdf-metadata"
    assert "ฮังการี" in pdf["title"]


def test_the_article_lists_its_attachments(crawl: dict[str, Any]) -> None:
    article = crawl["records"][article_id(ARTICLE)]
    assert article["content_type"] == "text/html" and article["attachment_of"] is None
    listed = {a["url"]: a for a in article["attachments"]}
    assert set(listed) == {PDF, DOC, BIG_PDF}
    assert listed[PDF]["id"] == article_id(PDF) and listed[PDF]["text"] == "บันทึกความเข้าใจ (PDF)"
    assert listed[DOC]["format"] == "doc"


def test_other_formats_and_large_documents_are_counted_not_dropped(crawl: dict[str, Any]) -> None:
    nstda = crawl["summary"]["sources"]["nstda"]
    assert nstda["errors"].get("unsupported-format") == 1, nstda
    assert nstda["errors"].get("too-large") == 1, nstda
    assert article_id(DOC) not in crawl["records"] and article_id(BIG_PDF) not in crawl["records"]
    # The three PDFs were asked for (the large one cut off) and counted as documents; the
    # .doc, known unreadable by its link, was counted without being fetched.
    assert nstda["requests"]["document"] == 3, nstda


def test_a_pdf_being_read_never_holds_up_another_source(crawl: dict[str, Any]) -> None:
    """The PDF's reading waited for NESDC's articles to be processed and stored: had reading
    blocked the crawl, they could not have been, and the reader would have given up."""
    assert crawl["gate"].exists()
    lines = crawl["progress"]
    nesdc = [i for i, line in enumerate(lines) if line.startswith("[nesdc] new:")]
    pdf = [i for i, line in enumerate(lines) if line.startswith("[nstda] new:") and "กระทรวงกลาโหม" in line]
    assert len(nesdc) >= NESDC_TITLES_SEEN and pdf, lines[-20:]
    assert max(nesdc[:NESDC_TITLES_SEEN]) < pdf[0]
    assert crawl["summary"]["sources"]["nesdc"]["new"] >= NESDC_TITLES_SEEN


def test_documents_are_remembered_like_articles(crawl: dict[str, Any]) -> None:
    """The crawl state knows the PDF (stored), the .doc (counted) and the large PDF (cut off),
    so the next incremental crawl asks for none of them again (`--full` does)."""
    known = CrawlState(crawl["data_dir"], 180).known("nstda")
    assert {article_id(PDF), article_id(DOC), article_id(BIG_PDF)} <= set(known)
