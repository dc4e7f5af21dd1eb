"""Webhook delivery against a local HTTP receiver: payload, signature, retries, catch-up."""

from __future__ import annotations

import hashlib
import hmac
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from stiwatch.core.config import load_config
from stiwatch.deliver.alerts.runner import AlertRunner
from stiwatch.deliver.alerts.subscriptions import Subscription, SubscriptionStore
from stiwatch.search.embedded import EmbeddedBackend
from tests.alerts_support import WebhookReceiver, record, seed


@pytest.fixture
def receiver() -> Iterator[WebhookReceiver]:
    r = WebhookReceiver()
    yield r
    r.close()


def run(data_dir: Path, **env: str) -> dict[str, Any]:
    config = load_config(
        data_dir=data_dir,
        env={
            **os.environ,
            "STIWATCH_ALERTS_SECRET": "hook-secret",
            "STIWATCH_ALERTS_WEBHOOK_BACKOFF": "0.01",
            **env,
        },
    )
    backend = EmbeddedBackend(data_dir)
    try:
        return AlertRunner(config, backend).run().to_json()
    finally:
        backend.close()


def channel(report: dict[str, Any]) -> dict[str, Any]:
    return dict(report["subscriptions"][0]["channels"][0])


def setup(data_dir: Path, url: str) -> None:
    SubscriptionStore(data_dir).add(
        Subscription(name="hook", query="semiconductor", webhook=url, schedule="immediate")
    )
    seed(
        data_dir,
        [
            record(
                "a",
                "Semiconductor <b>fab</b>",
                "The semiconductor fab.",
                story_id="s1",
                published="2025-06-03T10:00:00+07:00",
            ),
            record(
                "b",
                "Semiconductor fab (repost)",
                "The semiconductor fab.",
                story_id="s1",
                published="2025-06-03T09:00:00+07:00",
            ),
            record("c", "Semiconductor plan", "A semiconductor plan.", published="2025-06-01T10:00:00+07:00"),
        ],
    )


def test_webhook_payload_signature_and_no_repeat(tmp_path: Path, receiver: WebhookReceiver) -> None:
    data_dir = tmp_path / "data"
    setup(data_dir, receiver.url)
    assert channel(run(data_dir))["status"] == "sent"
    assert len(receiver.requests) == 1
    headers, body = receiver.requests[0]
    expected = "sha256=" + hmac.new(b"hook-secret", body, hashlib.sha256).hexdigest()
    assert headers["X-Stiwatch-Signature"] == expected
    assert headers["Content-Type"].startswith("application/json")
    payload = receiver.payloads()[0]
    assert headers["Idempotency-Key"] == payload["delivery_id"]
    assert payload["subscription"] == "hook" and payload["count"] == 2 and payload["more"] == 0
    first, second = payload["items"]
    assert first["title"] == "Semiconductor <b>fab</b>"  # JSON carries text; escaping is the consumer's
    assert [v["url"] for v in first["other_versions"]] == ["https://example.org/news/b"]
    assert second["title"] == "Semiconductor plan"
    assert payload["coverage"]["crawl_runs"] == 0
    # Second run: nothing new, nothing posted.
    assert channel(run(data_dir))["status"] == "empty"
    assert len(receiver.requests) == 1


def test_webhook_retries_5xx_then_succeeds(tmp_path: Path, receiver: WebhookReceiver) -> None:
    data_dir = tmp_path / "data"
    setup(data_dir, receiver.url)
    receiver.script = [503, 500]
    assert channel(run(data_dir))["status"] == "sent"
    assert len(receiver.requests) == 3
    ids = {h["Idempotency-Key"] for h, _ in receiver.requests}
    assert len(ids) == 1  # the same delivery, retried


def test_webhook_down_then_catch_up_exactly_once(tmp_path: Path, receiver: WebhookReceiver) -> None:
    data_dir = tmp_path / "data"
    setup(data_dir, receiver.url)
    receiver.script = [500] * 4  # 1 try + 3 retries, all failing
    failed = channel(run(data_dir))
    assert failed["status"] == "failed" and "after 4 tries" in failed["error"]
    seed(data_dir, [record("d", "Semiconductor news during the outage", "semiconductor")])
    assert channel(run(data_dir))["status"] == "sent"
    payloads = receiver.payloads()
    assert len(payloads) == 5
    assert payloads[-1]["count"] == 3
    assert channel(run(data_dir))["status"] == "empty"
    assert len(receiver.requests) == 5


def test_webhook_client_error_is_not_retried(tmp_path: Path, receiver: WebhookReceiver) -> None:
    data_dir = tmp_path / "data"
    setup(data_dir, receiver.url)
    receiver.script = [400]
    result = channel(run(data_dir))
    assert result["status"] == "failed" and "HTTP 400" in result["error"]
    assert len(receiver.requests) == 1


def test_webhook_unreachable(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    dead = WebhookReceiver()
    url = dead.url
    dead.close()
    setup(data_dir, url)
    result = channel(run(data_dir, STIWATCH_ALERTS_WEBHOOK_RETRIES="1"))
    assert result["status"] == "failed" and "ConnectError" in result["error"]


def test_subscriptions_sharing_a_search_each_get_their_digest(
    tmp_path: Path, receiver: WebhookReceiver
) -> None:
    data_dir = tmp_path / "data"
    SubscriptionStore(data_dir).add(
        Subscription(name="hook2", query="semiconductor", webhook=receiver.url + "?2", schedule="immediate")
    )
    setup(data_dir, receiver.url)
    report = run(data_dir)
    assert [c["status"] for s in report["subscriptions"] for c in s["channels"]] == ["sent", "sent"]
    assert sorted((p["subscription"], p["count"]) for p in receiver.payloads()) == [("hook", 2), ("hook2", 2)]
