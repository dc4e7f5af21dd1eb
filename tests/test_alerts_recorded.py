"""Digests are byte-identical to a recorded run.

``tests/fixtures/alerts_recorded.json`` was recorded with the per-subscription search
(every subscription searched the whole index, then filtered on ``fetched_at``) before the
alert runner matched each batch of new articles once against all subscriptions (the
percolator, stiwatch.search.percolate). The same inputs must give the same emails (every
header but ``Date``, both bodies byte for byte), webhook bodies, Atom feeds and run
reports. The inputs cover what could tell the two apart: concept expansion across
languages, phrases, folded Vietnamese, facet filters, a date window, reposts and
translations of one story, an undated article, articles fetched before the subscription,
inside the grace window and after the last delivery, and a second run after more
articles arrive. Every article has its own publication instant: the order of articles
published at the same instant is the index's (tantivy's segment layout, which its
indexing threads decide), today as before; tests/test_percolate.py holds the percolator
to the search's order on such ties.

Record again (only when the digest format itself changes, never to make this pass):
``STIWATCH_RECORD_ALERTS=1 pytest tests/test_alerts_recorded.py``.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest

from stiwatch.core.article import Article
from stiwatch.core.config import load_config
from stiwatch.deliver.alerts import runner as runner_module
from stiwatch.deliver.alerts import subscriptions as subscriptions_module
from stiwatch.deliver.alerts.render import parse_message
from stiwatch.deliver.alerts.runner import AlertRunner
from stiwatch.deliver.alerts.subscriptions import Subscription, SubscriptionStore
from stiwatch.search.embedded import EmbeddedBackend
from tests.alerts_support import WebhookReceiver, parts

RECORDING = Path(__file__).parent / "fixtures" / "alerts_recorded.json"
START = datetime(2025, 6, 1, 0, 0, tzinfo=UTC)


class Clock:
    """``utc_now`` for the alerts modules: a fixed start, one millisecond per call."""

    def __init__(self, start: datetime) -> None:
        self.now = start

    def set(self, moment: datetime) -> None:
        self.now = moment

    def __call__(self) -> str:
        self.now += timedelta(milliseconds=1)
        return self.now.isoformat(timespec="microseconds")


def _at(hours: float) -> str:
    return (START + timedelta(hours=hours)).isoformat(timespec="seconds")


def article(
    slug: str,
    title: str,
    text: str,
    *,
    language: str,
    fetched_hours: float,
    published: str | None = "2025-05-30T09:00:00+07:00",
    source: str = "astnet",
    countries: tuple[str, ...] = (),
    agencies: tuple[str, ...] = (),
    themes: tuple[str, ...] = (),
    story: str = "",
    translations: dict[str, dict[str, str]] | None = None,
) -> dict[str, Any]:
    art = Article(url=f"https://news.example.org/{source}/{slug}", source=source)
    art.title, art.text, art.language = title, text, language
    art.published = published
    art.countries, art.agencies, art.themes = list(countries), list(agencies), list(themes)
    art.story_id = story or art.id
    art.translations = translations or {}
    art.fetched_at = _at(fetched_hours)
    return art.to_record()


def first_batch() -> list[dict[str, Any]]:
    vn_chip = article(
        "vn-chip",
        "Việt Nam và Nhật Bản hợp tác phát triển công nghiệp bán dẫn",
        "Bộ Khoa học và Công nghệ ký biên bản ghi nhớ về đào tạo nhân lực bán dẫn. "
        "Chương trình đổi mới sáng tạo quốc gia hỗ trợ các doanh nghiệp khởi nghiệp.",
        language="vi",
        source="most-vn",
        fetched_hours=2,
        countries=("VN", "JP"),
        agencies=("most-vn",),
        themes=("semiconductors", "talent"),
        translations={"en": {"title": "Vietnam and Japan cooperate on the semiconductor industry"}},
    )
    return [
        vn_chip,
        article(
            "vn-chip-repost",
            "Hợp tác bán dẫn Việt Nam - Nhật Bản",
            "Bài đăng lại: Bộ Khoa học và Công nghệ ký biên bản ghi nhớ về đào tạo nhân lực bán dẫn.",
            language="vi",
            source="baochinhphu",
            fetched_hours=3,
            published="2025-05-30T09:05:00+07:00",
            countries=("VN", "JP"),
            themes=("semiconductors",),
            story=str(vn_chip["story_id"]),
        ),
        article(
            "th-chip",
            "สวทช. ร่วมมือกับญี่ปุ่นพัฒนาอุตสาหกรรมเซมิคอนดักเตอร์",
            "สำนักงานพัฒนาวิทยาศาสตร์และเทคโนโลยีแห่งชาติ (สวทช.) ลงนามบันทึกความเข้าใจ ด้านเซมิคอนดักเตอร์และนวัตกรรม",
            language="th",
            source="nstda",
            fetched_hours=4,
            published="2025-05-30T08:00:00+07:00",
            countries=("TH", "JP"),
            agencies=("nstda",),
            themes=("semiconductors",),
            translations={"en": {"title": "NSTDA cooperates with Japan on semiconductors", "text": ""}},
        ),
        article(
            "th-quantum",
            "ไทยเปิดศูนย์วิจัยควอนตัม",
            "กระทรวงการอุดมศึกษา วิทยาศาสตร์ วิจัยและนวัตกรรม เปิดศูนย์ quantum technology แห่งใหม่",
            language="th",
            source="mhesi",
            fetched_hours=5,
            published="2025-05-31T10:00:00+07:00",
            countries=("TH",),
            themes=("quantum",),
        ),
        article(
            "en-quantum",
            "ASEAN workshop on quantum technologies",
            "Researchers from Thailand and Viet Nam discussed quantum computing and talent mobility.",
            language="en",
            source="asean-secretariat",
            fetched_hours=6,
            published="2025-05-31T10:30:00+07:00",
            countries=("TH", "VN"),
            themes=("quantum", "talent"),
        ),
        article(
            "en-undated",
            "Semiconductor supply chains in Southeast Asia",
            "An undated note on semiconductor policies and talent mobility in ASEAN.",
            language="en",
            source="asean-secretariat",
            fetched_hours=6.5,
            published=None,
            countries=("VN", "TH"),
            themes=("semiconductors",),
        ),
        article(
            "en-old-news",
            "Semiconductor roadmap of 2014",
            "An old semiconductor roadmap, crawled only now.",
            language="en",
            source="astnet",
            fetched_hours=7,
            published="2014-03-01T00:00:00+07:00",
            countries=("VN",),
            themes=("semiconductors",),
        ),
        article(
            "vn-doi-moi-plain",
            "Doi moi sang tao trong nong nghiep",
            "Bai viet khong dau ve doi moi sang tao va chuyen doi so.",
            language="vi",
            source="most-vn",
            fetched_hours=8,
            published="2025-05-31T11:00:00+07:00",
            countries=("VN",),
            themes=("digital",),
        ),
        article(
            "before-subscribing",
            "Semiconductor news fetched before anyone subscribed",
            "Semiconductor cooperation between Vietnam and Korea.",
            language="en",
            source="astnet",
            fetched_hours=-5,
            published="2025-05-28T09:00:00+07:00",
            countries=("VN", "KR"),
            themes=("semiconductors",),
        ),
        article(
            "hostile",
            "<script>alert('x')</script> Semiconductor & <b>talent</b>",
            "Semiconductor text with <img src=x onerror=alert(1)> markup & entities &amp; in it.",
            language="en",
            source="astnet",
            fetched_hours=9,
            published="2025-05-29T08:00:00+07:00",
            countries=("VN",),
            themes=("semiconductors",),
        ),
    ]


def second_batch() -> list[dict[str, Any]]:
    return [
        article(
            "late-indexed",
            "Semiconductor packaging line opens in Bac Ninh",
            "Fetched before the first run but indexed after it: the grace window must catch it.",
            language="en",
            source="astnet",
            fetched_hours=23,
            published="2025-06-01T15:00:00+07:00",
            countries=("VN",),
            themes=("semiconductors",),
        ),
        article(
            "vn-chip-translation",
            "เวียดนามและญี่ปุ่นร่วมมือด้านเซมิคอนดักเตอร์",
            "ฉบับแปลของข่าวความร่วมมือด้านเซมิคอนดักเตอร์ระหว่างเวียดนามและญี่ปุ่น",
            language="th",
            source="mhesi",
            fetched_hours=30,
            published="2025-06-02T09:00:00+07:00",
            countries=("VN", "JP"),
            themes=("semiconductors",),
            story=str(first_batch()[0]["story_id"]),
        ),
        article(
            "th-innovation",
            "นวัตกรรมด้านดาวเทียมของไทย",
            "สำนักงานพัฒนาเทคโนโลยีอวกาศและภูมิสารสนเทศพัฒนาดาวเทียมและนวัตกรรมใหม่",
            language="th",
            source="gistda",
            fetched_hours=31,
            published="2025-06-02T10:00:00+07:00",
            countries=("TH",),
            themes=("space",),
        ),
        article(
            "en-quantum-2",
            "Quantum sensing partnership between Thailand and Japan",
            "A second quantum technology story, fetched after the first run.",
            language="en",
            source="asean-secretariat",
            fetched_hours=32,
            published="2025-06-02T11:00:00+07:00",
            countries=("TH", "JP"),
            themes=("quantum",),
        ),
    ]


def subscriptions(hook_url: str) -> list[Subscription]:
    def sub(name: str, **kw: Any) -> Subscription:
        kw.setdefault("emails", [f"{name}@desk.example.org"])
        return Subscription(name=name, schedule="immediate", **kw)

    return [
        sub("chips", query="semiconductor", webhook=hook_url, display_lang="en"),
        sub("chips-copy", query="semiconductor", emails=["a@desk.example.org", "b@desk.example.org"]),
        sub("chips-window", query="semiconductor", window_days=3650),
        sub("quantum-th", query="quantum", countries=["TH"], display_lang="th"),
        sub("vn-chips", themes=["semiconductors"], countries=["VN"], feed=True),
        sub("vn-all", countries=["VN"]),
        sub("doimoi", query="đổi mới sáng tạo", display_lang="th"),
        sub("doimoi-plain", query="doi moi"),
        sub("nstda", query="NSTDA"),
        sub("talent", query="talent mobility", sources=["asean-secretariat"]),
        sub("thai-innovation", query="นวัตกรรม", languages=["th"]),
        sub("nothing", query="hydrogen", webhook=hook_url),
        sub("feed-only", query="quantum", emails=[], feed=True),
    ]


def email_record(message: EmailMessage) -> dict[str, Any]:
    """Every header but ``Date`` (the sending time) with the MIME boundary (random) left out,
    and both bodies."""
    headers = [[k, re.sub(r';\s*boundary="[^"]*"', "", str(v))] for k, v in message.items() if k != "Date"]
    return {"headers": headers, **parts(message)}


@pytest.fixture
def receiver() -> Iterator[WebhookReceiver]:
    hook = WebhookReceiver()
    yield hook
    hook.close()


def run_recorded(tmp_path: Path, hook: WebhookReceiver, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    clock = Clock(START)
    monkeypatch.setattr(subscriptions_module, "utc_now", clock)
    monkeypatch.setattr(runner_module, "utc_now", clock)
    data_dir = tmp_path / "data"
    store = SubscriptionStore(data_dir)
    for sub in subscriptions(hook.url):
        store.add(sub)
    env = {
        "STIWATCH_ALERTS_SECRET": "recorded-secret",
        "STIWATCH_ALERTS_BASE_URL": "https://watch.example.org",
        "STIWATCH_SMTP_SENDER": "alerts@stiwatch.test",
        "STIWATCH_ALERTS_MAX_ITEMS": "3",
        "STIWATCH_ALERTS_WEBHOOK_BACKOFF": "0",
    }
    sent: list[EmailMessage] = []
    out: dict[str, Any] = {"runs": []}
    backend = EmbeddedBackend(data_dir)
    try:
        runner = AlertRunner(
            load_config(data_dir=data_dir, env=env),
            backend,
            email_sender=lambda body: sent.append(parse_message(body)),
        )
        batches = [(first_batch(), 24.0), ([], 25.0), (second_batch(), 48.0)]
        for records, hours in batches:
            # The late article was fetched before the first run but is indexed only now.
            backend.upsert(records)
            backend.commit()
            clock.set(START + timedelta(hours=hours))
            moment = START + timedelta(hours=hours)
            dry = runner.run(dry_run=True, now=moment).to_json()
            report = runner.run(now=moment).to_json()
            out["runs"].append(
                {
                    "dry": dry,
                    "report": report,
                    "emails": [email_record(m) for m in sent],
                    "webhooks": [body.decode("utf-8") for _, body in hook.requests],
                    "feeds": {name: runner.feed(name).decode("utf-8") for name in ("vn-chips", "feed-only")},
                }
            )
            sent.clear()
            hook.requests.clear()
    finally:
        backend.close()
    return out


def test_digests_are_byte_identical_to_the_recorded_run(
    tmp_path: Path, receiver: WebhookReceiver, monkeypatch: pytest.MonkeyPatch
) -> None:
    got = run_recorded(tmp_path, receiver, monkeypatch)
    if os.environ.get("STIWATCH_RECORD_ALERTS") == "1":
        RECORDING.write_text(json.dumps(got, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    expected = json.loads(RECORDING.read_text(encoding="utf-8"))
    # The recording is not trivial: every run sent something, and the inputs reached
    # every branch worth comparing.
    assert all(run["emails"] for run in (expected["runs"][0], expected["runs"][2]))
    assert expected["runs"][1]["emails"] == []  # nothing new: nothing sent
    for number, (want, have) in enumerate(zip(expected["runs"], got["runs"], strict=True)):
        for key in ("report", "dry", "webhooks", "feeds"):
            assert have[key] == want[key], f"run {number}: {key} differs"
        assert len(have["emails"]) == len(want["emails"]), f"run {number}: email count"
        for mine, theirs in zip(have["emails"], want["emails"], strict=True):
            assert mine == theirs, f"run {number}: email {theirs['headers']} differs"
