"""Documents where users see them: a "PDF" mark and the page that links it, in search results,
on the article page (with the parent's list of attachments) and in digests (text and HTML)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from stiwatch.core.article import Article
from stiwatch.core.config import load_config
from stiwatch.deliver.alerts.coverage import Coverage
from stiwatch.deliver.alerts.digest import build_digest
from stiwatch.deliver.alerts.render import email_message, webhook_payload
from stiwatch.deliver.alerts.subscriptions import Subscription
from stiwatch.deliver.web.app import create_app
from tests.alerts_support import now_iso, seed

PARENT = "https://www.mhesi.go.th/news/mou-semiconductor.html"
PDF = "https://www.mhesi.go.th/files/mou-semiconductor.pdf"


def _records() -> list[dict[str, Any]]:
    page = Article(url=PARENT, source="mhesi", title="MoU on semiconductor talent", language="en")
    page.text = "The ministry signed an MoU on semiconductor talent with its partner."
    page.published, page.fetched_at = "2025-06-01T09:00:00+07:00", now_iso()
    page.attachments = [
        {"url": PDF, "id": Article(url=PDF, source="x").id, "format": "pdf", "text": "MoU text"}
    ]
    doc = Article(url=PDF, source="mhesi", title="Memorandum: semiconductor talent", language="en")
    doc.text = "Memorandum of understanding on semiconductor talent and IC design."
    doc.content_type, doc.attachment_of = "application/pdf", PARENT
    doc.published, doc.published_from, doc.fetched_at = (
        "2025-05-30T00:00:00+07:00",
        "document-line",
        now_iso(),
    )
    doc.add_error("document", "ocr", "text read by OCR")
    return [page.to_record(), doc.to_record()]


@pytest.fixture()
def client(tmp_path: Path) -> TestClient:
    seed(tmp_path, _records())
    return TestClient(create_app(load_config(data_dir=tmp_path)))


def test_search_results_mark_documents_and_link_their_parent(client: TestClient) -> None:
    html = client.get("/", params={"q": "semiconductor"}).text
    cards = html.split('<article class="card"')[1:]
    doc = next(c for c in cards if "Memorandum:" in c)  # the query words are marked
    page = next(c for c in cards if "MoU on" in c)
    assert '<span class="badge">PDF</span>' in doc and f'href="{PARENT}"' in doc
    assert "OCR" in doc
    assert "badge" not in page


def test_article_pages_show_the_mark_and_the_attachments(client: TestClient) -> None:
    records = _records()
    doc = client.get(f"/articles/{records[1]['id']}").text
    assert '<span class="badge">PDF</span>' in doc and f'href="{PARENT}"' in doc
    page = client.get(f"/articles/{records[0]['id']}").text
    assert 'class="attachments"' in page and f'href="{PDF}"' in page and "MoU text" in page
    api = client.get(f"/api/articles/{records[1]['id']}").json()
    assert (api["content_type"], api["attachment_of"]) == ("application/pdf", PARENT)


def test_hostile_parent_addresses_are_not_links(tmp_path: Path) -> None:
    records = _records()
    records[1]["attachment_of"] = "javascript:alert(1)"
    records[1]["title"] = "<script>alert(1)</script> Memorandum"
    seed(tmp_path, records)
    html = TestClient(create_app(load_config(data_dir=tmp_path))).get(f"/articles/{records[1]['id']}").text
    assert 'href="javascript:' not in html and "<script>alert(1)</script>" not in html


def test_digests_mark_documents_and_name_their_parent() -> None:
    sub = Subscription(name="chips", query="semiconductor", emails=["desk@example.org"])
    digest = build_digest(
        _records()[::-1],
        sub,
        "email:desk@example.org",
        as_of=now_iso(),
        since=None,
        already=lambda keys, ids: set(),
        max_items=10,
        snippet_chars=200,
        base_url="https://watch.example.org",
    )
    message = email_message(
        digest, Coverage(), sender="s@example.org", recipient="desk@example.org", unsubscribe_url="https://u"
    )
    text = message.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    html = message.get_body(("html",)).get_content()  # type: ignore[union-attr]
    assert "[PDF] Memorandum: semiconductor talent" in text and f"attached to: {PARENT}" in text
    assert ">PDF</span>" in html and f'href="{PARENT}"' in html
    items = {i["title"]: i for i in webhook_payload(digest, Coverage())["items"]}
    assert items["Memorandum: semiconductor talent"]["document"] == "PDF"
    assert items["MoU on semiconductor talent"]["document"] is None
