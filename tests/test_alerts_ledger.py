"""The delivery ledger's storage: delivered articles under channel numbers, ledgers
written before them moved over on open, and removal of a subscription."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

from stiwatch.deliver.alerts.ledger import Ledger
from stiwatch.deliver.alerts.subscriptions import ALERTS_FILE, Subscription, SubscriptionStore

# The table as ledgers before channel numbers wrote it: both names and an ISO time on
# every delivered article.
NAMED_ROWS = """
CREATE TABLE delivered_stories (
    subscription TEXT NOT NULL,
    channel TEXT NOT NULL,
    article_id TEXT NOT NULL,
    story_key TEXT NOT NULL,
    delivered_at TEXT NOT NULL,
    PRIMARY KEY (subscription, channel, article_id)
);
CREATE INDEX delivered_story_key ON delivered_stories (subscription, channel, story_key);
"""


def _iso(days_ago: int) -> str:
    return (datetime.now(UTC) - timedelta(days=days_ago)).isoformat(timespec="microseconds")


def test_a_ledger_written_before_channel_numbers_is_moved_over_on_open(tmp_path: Path) -> None:
    with sqlite3.connect(tmp_path / ALERTS_FILE) as db:
        db.executescript(NAMED_ROWS)
        db.executemany(
            "INSERT INTO delivered_stories VALUES (?, ?, ?, ?, ?)",
            [
                ("chips", "email:ann@example.org", "a1", "s1", _iso(1)),
                ("chips", "email:ann@example.org", "a2", "s1", _iso(1)),
                ("chips", "email:bob@example.org", "a3", "s3", _iso(400)),
                ("ai", "email:ann@example.org", "a4", "s4", _iso(2)),
            ],
        )
    ledger = Ledger(tmp_path)
    try:
        assert ledger.delivered_among("chips", "email:ann@example.org", ["s1", "s3"], ["a2", "a4"]) == {
            "s1",
            "a2",
        }
        assert ledger.delivered_among("chips", "email:bob@example.org", ["s3"], []) == {"s3"}
        assert ledger.delivered_among("ai", "email:ann@example.org", [], ["a4", "a1"]) == {"a4"}
        assert ledger.delivered_among("ai", "email:bob@example.org", ["s4"], ["a4"]) == set()
        # The moved times still age: only the 400-day-old article goes.
        assert ledger.prune(keep_days=30) == 1
        assert ledger.delivered_among("chips", "email:bob@example.org", ["s3"], ["a3"]) == set()
    finally:
        ledger.close()
    with sqlite3.connect(tmp_path / ALERTS_FILE) as db:
        tables = {name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert "delivered_stories" not in tables and {"delivered", "channel_keys"} <= tables
    again = Ledger(tmp_path)  # nothing left to move
    try:
        assert again.delivered_among("chips", "email:ann@example.org", ["s1"], []) == {"s1"}
    finally:
        again.close()


def test_removing_a_subscription_forgets_what_it_was_sent(tmp_path: Path) -> None:
    store = SubscriptionStore(tmp_path)
    for name in ("chips", "ai"):
        store.add(Subscription(name=name, query=name, emails=["ann@example.org"]))
    channel = "email:ann@example.org"
    ledger = Ledger(tmp_path)
    try:
        ledger.record("chips", channel, _iso(0), "d1", [("s1", "a1"), ("s1", "a2")])
        ledger.record("ai", channel, _iso(0), "d2", [("s9", "a9")])
        store.remove("chips")
        # The ledger open during the removal still answers by the channel's number.
        assert ledger.delivered_among("chips", channel, ["s1"], ["a1", "a2"]) == set()
        assert ledger.delivered_among("ai", channel, ["s9"], []) == {"s9"}
        store.add(Subscription(name="chips", query="chips", emails=["ann@example.org"]))
        ledger.record("chips", channel, _iso(0), "d3", [("s5", "a5")])
        assert ledger.delivered_among("chips", channel, ["s1", "s5"], []) == {"s5"}
    finally:
        ledger.close()
