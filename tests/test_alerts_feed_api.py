"""The Atom feed (parsed by feedparser) and the subscriptions HTTP API."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import feedparser
import pytest
from fastapi.testclient import TestClient

from stiwatch.core.config import load_config
from stiwatch.deliver.alerts.subscriptions import Subscription, SubscriptionStore
from stiwatch.deliver.web.app import create_app
from tests.alerts_support import record, seed
from tests.conftest import ROOT, run_cli

TOKEN = "s3cret-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
HOSTILE_PAGE = (
    ROOT
    / "crawler/replay/archive/astnet.asean.org/asean-quantum-technology-workshop-call-for-abstracts/index.html"
)


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    data_dir = tmp_path / "data"
    env = {
        "STIWATCH_WEB_API_TOKEN": TOKEN,
        "STIWATCH_ALERTS_SECRET": "x",
        "STIWATCH_ALERTS_BASE_URL": "https://watch.example",
        # Long snippets, so the hostile page's markup-looking text is in them.
        "STIWATCH_ALERTS_SNIPPET_CHARS": "2000",
    }
    config = load_config(data_dir=data_dir, env=env)
    SubscriptionStore(data_dir).add(
        Subscription(name="semi", query="semiconductor", feed=True, display_lang="en")
    )
    SubscriptionStore(data_dir).add(
        Subscription(name="mailonly", query="semiconductor", emails=["a@example.org"])
    )
    seed(
        data_dir,
        [
            record(
                "fab",
                "Vietnam opens semiconductor fab",
                "The semiconductor fab.",
                published="2025-06-03T10:00:00+07:00",
                story_id="s-fab",
            ),
            record(
                "fab2",
                "Vietnam opens semiconductor fab (repost)",
                "The semiconductor fab.",
                published="2025-06-03T09:00:00+07:00",
                story_id="s-fab",
                source="vietnamplus",
            ),
            record(
                "vi",
                "Chiến lược bán dẫn",
                "Chiến lược semiconductor.",
                published="2025-06-02T10:00:00+07:00",
                language="vi",
                translations={
                    "en": {"title": "Semiconductor strategy", "text": "The semiconductor strategy."}
                },
            ),
            record("rice", "Rice research", "Nothing.", published="2025-06-04T10:00:00+07:00"),
        ],
    )
    proc = run_cli(
        [
            "add",
            str(HOSTILE_PAGE),
            "--url",
            "https://astnet.asean.org/asean-quantum-technology-workshop-call-for-abstracts/",
            "--source",
            "astnet",
        ],
        data_dir,
    )
    assert proc.returncode == 0, proc.stderr
    with TestClient(create_app(config)) as c:
        yield c


def test_feed_is_valid_atom_with_one_entry_per_story(client: TestClient) -> None:
    resp = client.get("/feeds/semi.atom")
    assert resp.status_code == 200
    assert resp.headers["content-type"].startswith("application/atom+xml")
    feed = feedparser.parse(resp.content)
    assert feed.bozo == 0, feed.get("bozo_exception")
    assert feed.version == "atom10"
    assert feed.feed.title == "stiwatch: semi"
    assert feed.feed.id == "urn:stiwatch:feed:semi"
    links = {link.rel: link.href for link in feed.feed.links}
    assert links["self"] == "https://watch.example/feeds/semi.atom"
    assert links["alternate"] == "https://watch.example/?q=semiconductor&sort=date"
    ids = [e.id for e in feed.entries]
    assert ids == ["urn:stiwatch:story:s-fab", f"urn:stiwatch:story:{record('vi', '', '')['id']}"]
    fab, vi = feed.entries
    assert fab.link == "https://example.org/news/fab"
    assert [link.href for link in fab.links if link.rel == "related"] == ["https://example.org/news/fab2"]
    assert fab.author == "astnet"
    assert {t.term for t in fab.tags} == {"VN", "semiconductors"}
    assert fab.published.startswith("2025-06-03T10:00:00")
    assert fab.content[0].value == "The semiconductor fab."  # feedparser drops our <mark> tags
    raw = ET.fromstring(resp.content).find("{http://www.w3.org/2005/Atom}entry")
    assert raw is not None
    assert raw.findtext("{http://www.w3.org/2005/Atom}content") == "The <mark>semiconductor</mark> fab."
    assert vi.title == "Semiconductor strategy — Chiến lược bán dẫn"  # display language: English


def test_feed_escapes_crawled_markup(client: TestClient) -> None:
    data_dir = Path(client.app.state.config.data_dir)  # type: ignore[attr-defined]
    SubscriptionStore(data_dir).add(Subscription(name="quantum", query="quantum", feed=True))
    resp = client.get("/feeds/quantum.atom")
    assert feedparser.parse(resp.content).bozo == 0
    entry = ET.fromstring(resp.content).find("{http://www.w3.org/2005/Atom}entry")
    assert entry is not None
    title = entry.findtext("{http://www.w3.org/2005/Atom}title") or ""
    content = entry.findtext("{http://www.w3.org/2005/Atom}content") or ""
    assert "<script>alert(1)</script>" in title  # type="text": shown as text by readers
    # The HTML content is escaped crawled text plus our <mark> tags only.
    assert "<script" not in content.lower() and "<img" not in content.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in content
    assert "&lt;img src=x onerror=alert(document.cookie)&gt;" in content
    assert "<mark>" in content


def test_feed_only_for_feed_subscriptions(client: TestClient) -> None:
    assert client.get("/feeds/mailonly.atom").status_code == 404
    assert client.get("/feeds/nosuch.atom").status_code == 404


def test_subscriptions_api_crud_needs_the_token(client: TestClient) -> None:
    body = {
        "name": "ai-th",
        "query": "artificial intelligence",
        "countries": ["th"],
        "emails": ["desk@example.org"],
        "schedule": "weekly",
        "at": "07:30",
    }
    assert client.post("/api/subscriptions", json=body).status_code == 401
    assert client.get("/api/subscriptions").status_code == 401
    created = client.post("/api/subscriptions", json=body, headers=AUTH)
    assert created.status_code == 201, created.text
    assert created.json()["countries"] == ["TH"] and created.json()["timezone"] == "Asia/Bangkok"
    assert client.post("/api/subscriptions", json=body, headers=AUTH).status_code == 409
    bad = client.post("/api/subscriptions", json={**body, "name": "x", "at": "25:00"}, headers=AUTH)
    assert bad.status_code == 422 and "HH:MM" in bad.json()["detail"]
    bad = client.post("/api/subscriptions", json={**body, "name": "y", "webhook": "ftp://x"}, headers=AUTH)
    assert bad.status_code == 422 and "webhook URL" in bad.json()["detail"]
    names = [s["name"] for s in client.get("/api/subscriptions", headers=AUTH).json()]
    assert names == ["ai-th", "mailonly", "semi"]
    patched = client.patch(
        "/api/subscriptions/ai-th", json={"schedule": "daily", "display_lang": "th"}, headers=AUTH
    )
    assert patched.status_code == 200 and patched.json()["schedule"] == "daily"
    shown = client.get("/api/subscriptions/ai-th", headers=AUTH).json()
    assert shown["display_lang"] == "th" and shown["deliveries"] == []
    assert client.patch("/api/subscriptions/nosuch", json={"at": "01:00"}, headers=AUTH).status_code == 404
    assert client.delete("/api/subscriptions/ai-th", headers=AUTH).status_code == 204
    assert client.get("/api/subscriptions/ai-th", headers=AUTH).status_code == 404


def test_run_through_the_api(client: TestClient) -> None:
    dry = client.post("/api/alerts/run?dry_run=true", headers=AUTH)
    assert dry.status_code == 200, dry.text
    report = dry.json()
    assert report["dry_run"] is True
    by_name = {s["name"]: s for s in report["subscriptions"]}
    # Created moments ago with a daily schedule: not due yet.
    assert by_name["mailonly"]["due"] is False
    assert client.post("/api/alerts/run?name=nosuch", headers=AUTH).status_code == 404
    assert client.post("/api/alerts/run").status_code == 401
