"""Email digests against a real SMTP server (aiosmtpd on 127.0.0.1): content, headers,
no repeats, catch-up after an outage or a crash, the run lock, escaping of crawled text."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from stiwatch.core.config import load_config
from stiwatch.crawler.history import CrawlHistory
from stiwatch.deliver.alerts.channels import SmtpSession
from stiwatch.deliver.alerts.ledger import AlertsBusy, RunLock
from stiwatch.deliver.alerts.runner import AlertRunner
from stiwatch.deliver.alerts.subscriptions import SubscriptionStore
from stiwatch.deliver.web.app import create_app
from stiwatch.search.embedded import EmbeddedBackend
from tests.alerts_support import SmtpServer, now_iso, parts, record, seed
from tests.conftest import ROOT, run_cli

pytestmark = pytest.mark.slow

HOSTILE_PAGE = (
    ROOT
    / "crawler/replay/archive/astnet.asean.org/asean-quantum-technology-workshop-call-for-abstracts/index.html"
)
HOSTILE_URL = "https://astnet.asean.org/asean-quantum-technology-workshop-call-for-abstracts/"


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


def alerts(data_dir: Path, smtp: SmtpServer, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return run_cli(["alerts", *args], data_dir, env={**smtp.env(), **env}, timeout=120)


def run_json(data_dir: Path, smtp: SmtpServer, **env: str) -> tuple[int, dict[str, Any]]:
    proc = alerts(data_dir, smtp, "run", "--json", **env)
    assert proc.returncode in (0, 1), proc.stderr
    return proc.returncode, json.loads(proc.stdout)


def add_sub(data_dir: Path, smtp: SmtpServer, name: str, *args: str) -> None:
    data_dir.mkdir(parents=True, exist_ok=True)  # `alerts add` refuses a missing data dir
    proc = alerts(data_dir, smtp, "add", name, "--schedule", "immediate", *args)
    assert proc.returncode == 0, proc.stderr


def statuses(report: dict[str, Any]) -> dict[str, str]:
    return {c["channel"]: c["status"] for s in report["subscriptions"] for c in s["channels"]}


def by_rcpt(messages: list[Any]) -> dict[str, list[Any]]:
    out: dict[str, list[Any]] = {}
    for m in messages:
        out.setdefault(m["X-Rcpt"], []).append(m)
    return out


def seed_semiconductor_news(data_dir: Path) -> None:
    seed(
        data_dir,
        [
            # Fetched before the subscription existed: not new.
            record(
                "old",
                "Semiconductor news from last year",
                "Semiconductor text.",
                fetched_at="2024-01-01T00:00:00+00:00",
            ),
            record(
                "fab",
                "Vietnam opens first semiconductor fab",
                "Hanoi. The semiconductor fab will train engineers. " * 3,
                published="2025-06-03T10:00:00+07:00",
                story_id="story-fab",
            ),
            record(
                "fab-repost",
                "Vietnam opens first semiconductor fab (repost)",
                "Hanoi. The semiconductor fab will train engineers. " * 3,
                published="2025-06-03T09:00:00+07:00",
                story_id="story-fab",
                source="vietnamplus",
            ),
            record(
                "vi",
                "Việt Nam công bố chiến lược bán dẫn",
                "Chiến lược phát triển công nghiệp bán dẫn (semiconductor) đến 2030.",
                published="2025-06-02T08:00:00+07:00",
                language="vi",
                translations={
                    "en": {
                        "title": "Vietnam announces semiconductor strategy",
                        "text": "The semiconductor industry strategy to 2030.",
                    }
                },
            ),
            record(
                "older",
                "Semiconductor training with Korea",
                "A semiconductor course.",
                published="2025-05-01T08:00:00+07:00",
            ),
            record(
                "other",
                "Rice research in Vietnam",
                "Nothing about chips here.",
                published="2025-06-04T08:00:00+07:00",
            ),
        ],
    )


def test_digest_content_and_headers(data_dir: Path, smtp: SmtpServer) -> None:
    add_sub(
        data_dir,
        smtp,
        "semi",
        "--query",
        "semiconductor",
        "--country",
        "VN",
        "--email",
        "ann@example.org",
        "--email",
        "bob@example.org",
        "--lang",
        "en",
    )
    seed_semiconductor_news(data_dir)
    history = CrawlHistory(data_dir)
    history.record(
        {
            "sources": {
                "astnet": {"fetched": 3, "new": 3},
                "mst-gov-vn": {"fetched": 0, "errors": {"network": 2}},
                "most-old": {"fetched": 2, "unchanged": 2},
            }
        },
        now_iso(),
        now_iso(),
    )

    rc, report = run_json(data_dir, smtp)

    assert rc == 0
    assert statuses(report) == {"email:ann@example.org": "sent", "email:bob@example.org": "sent"}
    mails = by_rcpt(smtp.messages)
    assert sorted(mails) == ["ann@example.org", "bob@example.org"]
    msg = mails["ann@example.org"][0]
    assert msg["Subject"] == "[stiwatch] semi: 3 new stories"
    assert msg["From"] == "alerts@stiwatch.test"
    assert msg["To"] == "ann@example.org"
    assert msg.get_content_type() == "multipart/alternative"
    assert msg["Message-ID"].endswith("@stiwatch.test>")
    assert msg["List-Unsubscribe"].startswith("<http://127.0.0.1:8000/unsubscribe/")
    assert msg["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    body = parts(msg)
    text, page = body["text/plain"], body["text/html"]
    # Newest first, the repost collapsed into its story, old and non-matching articles absent.
    order = [
        text.index(t)
        for t in (
            "Vietnam opens first semiconductor fab\n",
            "Việt Nam công bố",
            "Semiconductor training with Korea",
        )
    ]
    assert order == sorted(order)
    assert "(repost)" not in text and "also: https://example.org/news/fab-repost (vietnamplus, en)" in text
    assert "last year" not in text and "Rice research" not in text
    # The subscriber asked for English: the translated title and snippet come with the original.
    assert "Vietnam announces semiconductor strategy" in text
    assert "The <mark>semiconductor</mark> industry strategy" in page
    assert "<mark>semiconductor</mark> fab" in page
    assert 'href="https://example.org/news/fab"' in page
    # Coverage footer.
    assert "Sources that failed: mst-gov-vn (network 2)." in text
    assert "Sources with nothing new: most-old." in text
    assert "Sources that failed: mst-gov-vn (network 2)." in page
    assert "http://127.0.0.1:8000/?q=semiconductor&country=VN&sort=date" in text
    # Each recipient gets their own unsubscribe link.
    assert mails["bob@example.org"][0]["List-Unsubscribe"] != msg["List-Unsubscribe"]


def test_no_repeat_on_second_run_and_only_new_after(data_dir: Path, smtp: SmtpServer) -> None:
    add_sub(data_dir, smtp, "semi", "--query", "semiconductor", "--email", "ann@example.org")
    seed_semiconductor_news(data_dir)
    assert run_json(data_dir, smtp)[0] == 0
    assert len(smtp.messages) == 1

    rc, report = run_json(data_dir, smtp)
    assert rc == 0 and statuses(report) == {"email:ann@example.org": "empty"}
    assert len(smtp.messages) == 1  # nothing matched anew: nothing sent

    seed(
        data_dir,
        [
            record(
                "new",
                "New semiconductor grant",
                "A semiconductor grant call.",
                published="2025-07-01T08:00:00+07:00",
            ),
            # A late repost of a story already sent is not news either.
            record("fab-late", "Fab repost, late", "semiconductor", story_id="story-fab", source="other"),
        ],
    )
    assert run_json(data_dir, smtp)[0] == 0
    assert len(smtp.messages) == 2
    latest = smtp.messages[-1]
    assert latest["Subject"] == "[stiwatch] semi: 1 new story"
    text = parts(latest)["text/plain"]
    assert (
        "New semiconductor grant" in text and "Vietnam opens" not in text and "Fab repost, late" not in text
    )


def test_send_empty_is_configurable(data_dir: Path, smtp: SmtpServer) -> None:
    add_sub(data_dir, smtp, "quiet", "--query", "nothingmatchesthis", "--email", "ann@example.org")
    seed_semiconductor_news(data_dir)
    assert statuses(run_json(data_dir, smtp)[1]) == {"email:ann@example.org": "empty"}
    assert smtp.messages == []
    _, report = run_json(data_dir, smtp, STIWATCH_ALERTS_SEND_EMPTY="true")
    assert statuses(report) == {"email:ann@example.org": "sent"}
    assert smtp.messages[0]["Subject"] == "[stiwatch] quiet: 0 new stories"
    assert "Nothing new matched" in parts(smtp.messages[0])["text/plain"]


def test_cap_with_and_n_more(data_dir: Path, smtp: SmtpServer) -> None:
    add_sub(data_dir, smtp, "semi", "--query", "semiconductor", "--email", "ann@example.org")
    seed(
        data_dir,
        [
            record(
                f"n{i}",
                f"Semiconductor item {i}",
                "semiconductor",
                published=f"2025-06-{10 + i}T08:00:00+07:00",
            )
            for i in range(5)
        ],
    )
    assert run_json(data_dir, smtp, STIWATCH_ALERTS_MAX_ITEMS="2")[0] == 0
    text = parts(smtp.messages[0])["text/plain"]
    assert smtp.messages[0]["Subject"] == "[stiwatch] semi: 5 new stories"
    assert (
        "Semiconductor item 4" in text
        and "Semiconductor item 3" in text
        and "Semiconductor item 2" not in text
    )
    assert "… and 3 more: http://127.0.0.1:8000/?q=semiconductor&sort=date" in text
    # The stories behind "and 3 more" were reported too: they do not come back.
    assert statuses(run_json(data_dir, smtp, STIWATCH_ALERTS_MAX_ITEMS="2")[1]) == {
        "email:ann@example.org": "empty"
    }


def test_smtp_down_then_catch_up_without_duplicates(data_dir: Path, smtp: SmtpServer) -> None:
    add_sub(data_dir, smtp, "semi", "--query", "semiconductor", "--email", "ann@example.org")
    seed_semiconductor_news(data_dir)
    smtp.stop()
    rc, report = run_json(data_dir, smtp)
    assert rc == 1
    channel = report["subscriptions"][0]["channels"][0]
    assert channel["status"] == "failed" and "unreachable" in channel["error"]

    smtp.start()
    seed(data_dir, [record("during", "Semiconductor news during the outage", "semiconductor")])
    assert run_json(data_dir, smtp)[0] == 0
    assert len(smtp.messages) == 1
    text = parts(smtp.messages[0])["text/plain"]
    assert "during the outage" in text and "Vietnam opens first semiconductor fab" in text
    assert smtp.messages[0]["Subject"] == "[stiwatch] semi: 4 new stories"
    assert run_json(data_dir, smtp)[0] == 0
    assert len(smtp.messages) == 1


def test_temporary_refusal_451_then_catch_up(data_dir: Path, smtp: SmtpServer) -> None:
    add_sub(data_dir, smtp, "semi", "--query", "semiconductor", "--email", "ann@example.org")
    seed_semiconductor_news(data_dir)
    smtp.handler.reply = "451 4.3.0 Mail server temporarily rejected message"
    rc, report = run_json(data_dir, smtp)
    assert rc == 1 and "451" in report["subscriptions"][0]["channels"][0]["error"]
    assert smtp.messages == []
    smtp.handler.reply = "250 OK"
    assert run_json(data_dir, smtp)[0] == 0
    assert run_json(data_dir, smtp)[0] == 0
    assert len(smtp.messages) == 1 and smtp.messages[0]["Subject"] == "[stiwatch] semi: 3 new stories"


def _config(data_dir: Path, smtp: SmtpServer) -> Any:
    return load_config(data_dir=data_dir, env={**os.environ, **smtp.env()})


def test_process_dying_mid_run_resends_only_what_was_missed(data_dir: Path, smtp: SmtpServer) -> None:
    add_sub(
        data_dir,
        smtp,
        "semi",
        "--query",
        "semiconductor",
        "--email",
        "ann@example.org",
        "--email",
        "bob@example.org",
    )
    seed_semiconductor_news(data_dir)
    config = _config(data_dir, smtp)
    from stiwatch.deliver.alerts.channels import SmtpSettings

    settings = SmtpSettings.from_config(config.values["smtp"])

    class Died(BaseException):
        """Stands for the process being killed: nothing after it runs."""

    session = SmtpSession(settings)

    def dies_after_first(body: bytes) -> None:
        if smtp.messages:
            raise Died()
        session.send(body)

    backend = EmbeddedBackend(data_dir)
    try:
        with pytest.raises(Died):
            AlertRunner(config, backend, email_sender=dies_after_first).run()
    finally:
        session.close()
        backend.close()
    assert [m["X-Rcpt"] for m in smtp.messages] == ["ann@example.org"]

    rc, report = run_json(data_dir, smtp)
    assert rc == 0
    assert statuses(report) == {"email:ann@example.org": "empty", "email:bob@example.org": "sent"}
    assert sorted(m["X-Rcpt"] for m in smtp.messages) == ["ann@example.org", "bob@example.org"]


def test_two_concurrent_runs_do_not_double_send(data_dir: Path, smtp: SmtpServer) -> None:
    add_sub(
        data_dir,
        smtp,
        "semi",
        "--query",
        "semiconductor",
        "--email",
        "ann@example.org",
        "--email",
        "bob@example.org",
    )
    seed_semiconductor_news(data_dir)
    smtp.handler.delay = 1.0  # keeps the first run inside the lock while the second starts
    env = {**os.environ, **smtp.env()}
    cmd = [sys.executable, "-m", "stiwatch.cli", "alerts", "run", "--json", "--data-dir", str(data_dir)]
    procs = [
        subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for _ in range(2)
    ]
    outs = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], [o[1] for o in outs]
    sent = [statuses(json.loads(o[0])) for o in outs]
    assert sorted(m["X-Rcpt"] for m in smtp.messages) == ["ann@example.org", "bob@example.org"]
    # One run sent both; the other waited for the lock, then found nothing new.
    assert sorted(sorted(s.values()) for s in sent) == [["empty", "empty"], ["sent", "sent"]]


def test_lock_held_makes_a_second_run_wait_then_give_up(data_dir: Path, smtp: SmtpServer) -> None:
    add_sub(data_dir, smtp, "semi", "--query", "semiconductor", "--email", "ann@example.org")
    with RunLock(data_dir):
        with pytest.raises(AlertsBusy):
            RunLock(data_dir, timeout=0.2).acquire()
        proc = alerts(data_dir, smtp, "run", STIWATCH_ALERTS_LOCK_TIMEOUT="0.5")
        assert proc.returncode == 2
        assert "another `alerts run`" in proc.stderr and len(proc.stderr.strip().splitlines()) == 1
    assert smtp.messages == []
    assert alerts(data_dir, smtp, "run").returncode == 0


def test_hostile_page_is_escaped_in_email(data_dir: Path, smtp: SmtpServer) -> None:
    add_sub(data_dir, smtp, "quantum", "--query", "quantum", "--email", "ann@example.org")
    proc = run_cli(["add", str(HOSTILE_PAGE), "--url", HOSTILE_URL, "--source", "astnet"], data_dir)
    assert proc.returncode == 0, proc.stderr
    assert run_json(data_dir, smtp, STIWATCH_ALERTS_SNIPPET_CHARS="2000")[0] == 0
    msg = smtp.messages[0]
    page, text = parts(msg)["text/html"], parts(msg)["text/plain"]
    assert "<script>alert(1)</script>" in text  # plain text shows it as text
    assert "<script" not in page.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;img src=x onerror=alert(document.cookie)&gt;" in page
    assert 'href="javascript:' not in page.lower()
    assert "<img" not in page.lower()
    assert "<mark>Quantum</mark>" in page or "<mark>quantum</mark>" in page


def test_unsubscribe_link(data_dir: Path, smtp: SmtpServer) -> None:
    add_sub(
        data_dir,
        smtp,
        "semi",
        "--query",
        "semiconductor",
        "--email",
        "ann@example.org",
        "--email",
        "bob@example.org",
    )
    seed_semiconductor_news(data_dir)
    assert run_json(data_dir, smtp)[0] == 0
    link = by_rcpt(smtp.messages)["ann@example.org"][0]["List-Unsubscribe"].strip("<>")
    path = link.removeprefix("http://127.0.0.1:8000")
    config = _config(data_dir, smtp)
    with TestClient(create_app(config)) as client:
        page = client.get(path)
        assert page.status_code == 200 and 'method="post"' in page.text and "ann@example.org" in page.text
        assert SubscriptionStore(data_dir).get("semi").emails == ["ann@example.org", "bob@example.org"]
        assert client.post(path[:-3] + "xyz").status_code == 400  # tampered
        done = client.post(path)
        assert done.status_code == 200 and "no more" in done.text
    assert SubscriptionStore(data_dir).get("semi").emails == ["bob@example.org"]
    seed(data_dir, [record("new", "New semiconductor grant", "semiconductor")])
    assert run_json(data_dir, smtp)[0] == 0
    assert [m["X-Rcpt"] for m in smtp.messages[2:]] == ["bob@example.org"]
