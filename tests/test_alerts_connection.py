"""A run's email over one SMTP connection (aiosmtpd on 127.0.0.1): every digest on the same
connection; a connection the server drops or closes at its limit between messages is
opened again and every digest still arrives exactly once; a connection lost while a
message goes over leaves that message to the next run (the outbox), the rest go on."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from stiwatch.core.config import load_config
from stiwatch.deliver.alerts.runner import AlertRunner
from stiwatch.deliver.alerts.subscriptions import Subscription, SubscriptionStore
from stiwatch.search.embedded import EmbeddedBackend
from tests.alerts_support import SmtpServer, parts, record, seed

pytestmark = pytest.mark.slow

ADDRESSES = [f"desk{i}@example.org" for i in range(5)]


@pytest.fixture
def data_dir(tmp_path: Path, smtp: SmtpServer) -> Path:
    """Three subscriptions, five addresses, so five digests are due; the news after them."""
    data_dir = tmp_path / "data"
    store = SubscriptionStore(data_dir)
    store.add(Subscription(name="chips", query="semiconductor", emails=ADDRESSES[:2], schedule="immediate"))
    store.add(Subscription(name="vn", countries=["VN"], emails=ADDRESSES[2:4], schedule="immediate"))
    store.add(Subscription(name="fab", query="fab", emails=ADDRESSES[4:], schedule="immediate"))
    seed(
        data_dir,
        [
            record("fab", "Vietnam opens first semiconductor fab", "The semiconductor fab in Hanoi."),
            record("course", "Semiconductor course with Korea", "A semiconductor training course."),
        ],
    )
    return data_dir


def run(data_dir: Path, smtp: SmtpServer) -> tuple[dict[str, Any], AlertRunner]:
    config = load_config(data_dir=data_dir, env={**os.environ, **smtp.env()})
    with EmbeddedBackend(data_dir) as backend:
        runner = AlertRunner(config, backend)
        return runner.run().to_json(), runner


def statuses(report: dict[str, Any]) -> dict[str, str]:
    return {c["channel"]: c["status"] for s in report["subscriptions"] for c in s["channels"]}


def assert_each_once(smtp: SmtpServer) -> None:
    """Every address got exactly one digest, each with its own Message-ID."""
    assert sorted(m["X-Rcpt"] for m in smtp.messages) == ADDRESSES
    assert len({m["Message-ID"] for m in smtp.messages}) == len(ADDRESSES)


def test_one_connection_carries_every_digest_of_a_run(data_dir: Path, smtp: SmtpServer) -> None:
    report, runner = run(data_dir, smtp)
    assert set(statuses(report).values()) == {"sent"}
    assert_each_once(smtp)
    assert smtp.handler.connections == 1
    assert runner.smtp_session is not None and runner.smtp_session.connections == 1
    # Nothing new: the next run opens no connection at all.
    report, runner = run(data_dir, smtp)
    assert report["sent"] == 0 and len(smtp.messages) == len(ADDRESSES)
    assert runner.smtp_session is not None and runner.smtp_session.connections == 0


@pytest.mark.parametrize("at_limit", ["drop", "421"])
def test_connection_closed_between_messages_is_opened_again_and_each_digest_goes_once(
    data_dir: Path, smtp: SmtpServer, at_limit: str
) -> None:
    smtp.handler.per_connection, smtp.handler.at_limit = 2, at_limit
    report, runner = run(data_dir, smtp)
    assert set(statuses(report).values()) == {"sent"}, report
    assert report["smtp_error"] is None
    assert_each_once(smtp)
    assert smtp.handler.connections == 3  # 2 + 2 + 1 messages
    assert runner.smtp_session is not None and runner.smtp_session.connections == 3
    assert run(data_dir, smtp)[0]["sent"] == 0
    assert_each_once(smtp)


def test_connection_lost_during_a_message_resends_it_next_run_and_the_others_go_on(
    data_dir: Path, smtp: SmtpServer
) -> None:
    smtp.handler.lose_reply = {2}  # the server keeps the second message; its reply is lost
    report, _ = run(data_dir, smtp)
    channels = {c["channel"]: c for s in report["subscriptions"] for c in s["channels"]}
    lost = smtp.messages[1]["X-Rcpt"]
    assert channels[f"email:{lost}"]["status"] == "failed"
    assert "connection lost while sending" in channels[f"email:{lost}"]["error"]
    assert report["smtp_error"] is None  # not a server-wide failure: the others went on
    assert sorted(m["X-Rcpt"] for m in smtp.messages) == ADDRESSES
    assert smtp.handler.connections == 2
    first = smtp.messages[1]

    # The server may have it (it does): the next run sends that same message, nothing else.
    report, _ = run(data_dir, smtp)
    assert statuses(report)[f"email:{lost}"] == "sent"
    assert report["sent"] == 1
    again = smtp.messages[len(ADDRESSES) :]
    assert [m["X-Rcpt"] for m in again] == [lost]
    assert again[0]["Message-ID"] == first["Message-ID"]
    assert parts(again[0]) == parts(first)
    assert run(data_dir, smtp)[0]["sent"] == 0


def test_a_server_that_drops_every_new_connection_is_given_up_after_one_try(
    data_dir: Path, smtp: SmtpServer
) -> None:
    smtp.handler.per_connection, smtp.handler.at_limit = 0, "drop"  # at every first MAIL
    report, runner = run(data_dir, smtp)
    assert report["smtp_error"] is not None
    assert "closed the connection before taking the message" in report["smtp_error"]
    assert set(statuses(report).values()) == {"failed"}
    assert runner.smtp_session is not None and runner.smtp_session.connections == 1
    assert smtp.messages == []
    # Fixed: everything goes, once.
    smtp.handler.per_connection = None
    report, _ = run(data_dir, smtp)
    assert set(statuses(report).values()) == {"sent"}
    assert_each_once(smtp)
