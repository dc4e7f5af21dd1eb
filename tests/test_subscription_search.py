"""Subscriptions keep the whole search: every facet filter, the date window, concept expansion."""

from __future__ import annotations

import dataclasses
import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from stiwatch.core.facets import FACETS
from stiwatch.deliver.alerts.digest import search_url
from stiwatch.deliver.alerts.subscriptions import (
    FILTER_FACETS,
    InvalidSubscription,
    Subscription,
    SubscriptionStore,
)


def test_every_facet_a_search_filters_on_is_a_subscription_field() -> None:
    fields = {f.name: f for f in dataclasses.fields(Subscription)}
    assert FILTER_FACETS == FACETS
    for facet in FACETS:
        assert facet.query in fields, f"Subscription has no field for the {facet.name} filter"
    assert {"since", "until", "expand", "window_days", "query"} <= set(fields)


def test_the_whole_search_reaches_the_query_and_the_link(tmp_path: Path) -> None:
    store = SubscriptionStore(tmp_path)
    sub = store.add(
        Subscription(
            name="costi",
            query="semiconductor",
            countries=["th"],
            cooperation=["mou", "joint-committee"],
            forums=["costi-84"],
            since="2024-01-01",
            until=" 2024-06-30 ",
            expand=False,
            feed=True,
        )
    )
    stored = store.get("costi")
    assert stored == sub
    assert stored.forums == ["COSTI-84"] and stored.until == "2024-06-30"
    query = stored.to_query(today=date(2024, 7, 1))
    assert query.cooperation == ("mou", "joint-committee") and query.forums == ("COSTI-84",)
    assert (query.since, query.until, query.expand) == (date(2024, 1, 1), date(2024, 6, 30), False)
    url = search_url("http://h", stored)
    for part in (
        "cooperation=mou",
        "cooperation=joint-committee",
        "forum=COSTI-84",
        "since=2024-01-01",
        "until=2024-06-30",
        "expand=false",
    ):
        assert part in url


def test_a_relative_window_narrows_a_fixed_one() -> None:
    sub = Subscription(name="s", since="2024-01-01", window_days=10, feed=True)
    assert sub.to_query(today=date(2024, 6, 30)).since == date(2024, 6, 20)
    assert sub.to_query(today=date(2024, 1, 5)).since == date(2024, 1, 1)


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"since": "2024-13-01"}, "bad date"),
        ({"since": "2024-06-01", "until": "2024-01-01"}, "since is after until"),
        ({"expand": "no"}, "bad expand"),
        ({"rising": 1}, "bad rising"),
    ],
)
def test_bad_search_fields_are_refused(changes: dict[str, object], message: str) -> None:
    with pytest.raises(InvalidSubscription, match=message):
        dataclasses.replace(Subscription(name="s", feed=True), **changes).validated()  # type: ignore[arg-type]


def test_a_subscription_stored_before_these_fields_reads_as_it_did(tmp_path: Path) -> None:
    """Rows written by earlier versions lack the new keys: same search, same link, no rising."""
    old = {
        "name": "chips",
        "query": "semiconductor",
        "countries": ["VN"],
        "agencies": [],
        "themes": [],
        "languages": [],
        "sources": [],
        "window_days": 7,
        "schedule": "daily",
        "at": "08:00",
        "timezone": "Asia/Bangkok",
        "emails": [],
        "feed": True,
        "webhook": None,
        "display_lang": "en",
        "created_at": "2024-01-01T00:00:00+00:00",
        "updated_at": "2024-01-01T00:00:00+00:00",
    }
    store = SubscriptionStore(tmp_path)
    with store._db() as db:
        db.execute("INSERT INTO subscriptions VALUES (?, ?, ?, ?)", ("chips", json.dumps(old), "x", "x"))
    sub = store.get("chips")
    assert not sub.rising and sub.expand and sub.cooperation == [] and sub.since is None
    today = date(2024, 6, 30)
    assert sub.to_query(today=today).since == date(2024, 6, 23)
    assert search_url("http://h", sub).endswith(
        "/?q=semiconductor&country=VN&since=" + sub.to_query().since.isoformat() + "&sort=date"
    )  # type: ignore[union-attr]


def _digest(rising_on: bool) -> Any:
    from stiwatch.deliver.alerts.digest import build_digest

    sub = Subscription(name="chips", query="chip", feed=True, emails=["a@b.org"], rising=rising_on)
    record = {
        "id": "a1",
        "title": "Chip <x>",
        "text": "chip text",
        "language": "en",
        "source": "s",
        "url": "https://x.test/a",
        "published": "2024-06-12",
        "fetched_at": "2024-06-12T00:00:00+00:00",
    }
    return build_digest(
        [record],
        sub,
        "email:a@b.org",
        as_of="2024-06-16T00:00:00+00:00",
        since=None,
        already=lambda a, b: set(),
        max_items=5,
        snippet_chars=100,
        base_url="http://h",
    )


def test_digests_carry_rising_only_when_asked() -> None:
    from stiwatch.deliver.alerts.coverage import Coverage
    from stiwatch.deliver.alerts.render import email_message, webhook_payload
    from stiwatch.search.rising import Rising, RisingItem, RisingSettings

    cover = Coverage(runs=1, ok=["s"])
    plain = _digest(False)
    assert "rising" not in webhook_payload(plain, cover)
    text = email_message(plain, cover, sender="x@y.org", recipient="a@b.org", unsubscribe_url="http://u")
    assert "Rising this week" not in text.as_string()
    asked = _digest(True)
    week = (date(2024, 6, 10), date(2024, 6, 16))
    asked.rising = Rising(
        date(2024, 6, 16),
        week,
        (date(2024, 4, 15), date(2024, 6, 9)),
        RisingSettings(),
        items=[RisingItem("theme", "quantum", 7, [0, 1] * 4, 1.1, 6.2, 0.001)],
    )
    payload = webhook_payload(asked, cover)
    assert payload["rising"]["items"][0]["key"] == "quantum"
    message = email_message(asked, cover, sender="x@y.org", recipient="a@b.org", unsubscribe_url="http://u")
    body = message.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    assert "Rising this week (2024-06-10 to 2024-06-16):" in body
    assert "theme: quantum: 7 articles this week, 0.5 a week before (×6.2)" in body
