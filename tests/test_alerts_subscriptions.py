"""Subscriptions: the store's validation and errors, the CLI, schedules, digest helpers."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from stiwatch.crawler.history import CrawlRun
from stiwatch.deliver.alerts.coverage import summarise
from stiwatch.deliver.alerts.digest import build_digest, collapse, highlight_html, search_url, snippet
from stiwatch.deliver.alerts.schedule import is_due, latest_slot
from stiwatch.deliver.alerts.subscriptions import (
    DuplicateSubscription,
    InvalidSubscription,
    Subscription,
    SubscriptionStore,
    UnknownSubscription,
)
from stiwatch.deliver.alerts.tokens import BadToken, make_unsubscribe_token, read_unsubscribe_token
from tests.conftest import run_cli


def test_store_round_trip_and_normalisation(tmp_path: Path) -> None:
    store = SubscriptionStore(tmp_path)
    sub = store.add(
        Subscription(
            name="chips",
            query=" semiconductor ",
            countries=["vn", "th,vn"],
            emails=["Ann@Example.ORG"],
            window_days=30,
        )
    )
    assert (
        sub.countries == ["VN", "TH"] and sub.emails == ["Ann@example.org"] and sub.query == "semiconductor"
    )
    assert sub.created_at and sub.created_at == sub.updated_at
    assert store.get("chips") == sub
    q = sub.to_query(50, today=datetime(2025, 6, 30).date())
    assert (q.text, q.countries, q.sort, q.limit, str(q.since)) == (
        "semiconductor",
        ("VN", "TH"),
        "date",
        50,
        "2025-05-31",
    )
    updated = store.update("chips", at="09:15", feed=True)
    assert (
        updated.at == "09:15" and updated.created_at == sub.created_at and updated.updated_at > sub.updated_at
    )
    assert [s.name for s in store.list()] == ["chips"]
    store.remove("chips")
    assert store.list() == []


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"name": "has space"}, "bad subscription name"),
        ({"name": ""}, "needs a name"),
        ({"emails": ["not-an-address"]}, "bad email address"),
        ({"emails": ["a@b.org; c@d.org"]}, "bad email address"),
        ({"webhook": "javascript:alert(1)"}, "bad webhook URL"),
        ({"at": "8:00"}, "bad time"),
        ({"at": "24:00"}, "bad time"),
        ({"schedule": "monthly"}, "bad schedule"),
        ({"timezone": "Mars/Olympus"}, "unknown time zone"),
        ({"display_lang": "vi"}, "bad display language"),
        ({"window_days": 0}, "bad window_days"),
        ({"emails": [], "feed": False}, "has no channel"),
    ],
)
def test_bad_fields_are_refused_with_clear_errors(
    tmp_path: Path, changes: dict[str, object], message: str
) -> None:
    base: dict[str, object] = {"name": "ok", "emails": ["a@example.org"]}
    with pytest.raises(InvalidSubscription, match=message):
        SubscriptionStore(tmp_path).add(Subscription(**{**base, **changes}))  # type: ignore[arg-type]
    assert SubscriptionStore(tmp_path).list() == []


def test_duplicate_unknown_and_rename(tmp_path: Path) -> None:
    store = SubscriptionStore(tmp_path)
    store.add(Subscription(name="a", feed=True))
    with pytest.raises(DuplicateSubscription, match="exists already"):
        store.add(Subscription(name="a", feed=True))
    for call in (lambda: store.get("b"), lambda: store.remove("b"), lambda: store.update("b", at="01:00")):
        with pytest.raises(UnknownSubscription, match="no subscription named 'b'"):
            call()
    with pytest.raises(InvalidSubscription, match="cannot be renamed"):
        store.update("a", name="c")
    with pytest.raises(InvalidSubscription, match="unknown subscription field"):
        store.update("a", colour="red")


def test_unsubscribe_removes_the_address_then_the_subscription(tmp_path: Path) -> None:
    store = SubscriptionStore(tmp_path)
    store.add(Subscription(name="a", emails=["x@example.org", "y@example.org"]))
    assert store.unsubscribe("a", "X@example.org") is False
    assert store.get("a").emails == ["y@example.org"]
    assert store.unsubscribe("a", "y@example.org") is True
    assert not store.exists("a")


def test_tokens_are_signed() -> None:
    token = make_unsubscribe_token("k", "semi", "a@example.org")
    assert read_unsubscribe_token("k", token) == ("semi", "a@example.org")
    with pytest.raises(BadToken):
        read_unsubscribe_token("other-key", token)
    with pytest.raises(BadToken):
        read_unsubscribe_token("k", token[:-2] + "xx")


def _sub(schedule: str, at: str = "08:00") -> Subscription:
    return Subscription(name="s", feed=True, schedule=schedule, at=at, created_at="2025-06-01T00:00:00+00:00")


def test_schedules_in_bangkok_time() -> None:
    now = datetime(2025, 6, 4, 2, 30, tzinfo=UTC)  # Wednesday 09:30 in Bangkok
    assert latest_slot(_sub("daily"), now) == datetime(2025, 6, 4, 1, 0, tzinfo=UTC)  # 08:00 +07:00
    assert latest_slot(_sub("daily", "10:00"), now) == datetime(2025, 6, 3, 3, 0, tzinfo=UTC)
    assert latest_slot(_sub("hourly", "00:45"), now) == datetime(2025, 6, 4, 1, 45, tzinfo=UTC)
    assert latest_slot(_sub("weekly"), now) == datetime(2025, 6, 2, 1, 0, tzinfo=UTC)  # Monday 08:00
    assert is_due(_sub("immediate"), "2025-06-04T02:29:00+00:00", now)
    assert is_due(_sub("daily"), "2025-06-03T01:00:00+00:00", now)
    assert not is_due(_sub("daily"), "2025-06-04T01:00:05+00:00", now)
    assert not is_due(_sub("weekly"), "2025-06-02T01:00:05+00:00", now)
    # Never run: due once a slot passed after creation.
    assert is_due(_sub("daily"), None, now)


def test_highlight_escapes_before_marking() -> None:
    text = 'Quantum <script>alert("quantum")</script> & more'
    out = highlight_html(text, ["quantum", "amp"])
    assert out == (
        "<mark>Quantum</mark> &lt;script&gt;alert(&quot;<mark>quantum</mark>&quot;)&lt;/script&gt; &amp; more"
    )
    cut = snippet("word " * 100 + "semiconductor fab " + "tail " * 100, ["semiconductor"], 80)
    assert "semiconductor fab" in cut and cut.startswith("…") and cut.endswith("…") and len(cut) <= 82


def test_a_window_counts_back_from_the_run_not_the_wall_clock() -> None:
    # The same run gives the same digest on any later day (tests/test_alerts_recorded.py).
    sub = Subscription(name="w", query="chip", window_days=30)
    assert "since=2025-05-02" in search_url("https://w.example", sub, date(2025, 6, 1))
    digest = build_digest(
        [],
        sub,
        "email",
        as_of="2025-06-01T23:30:00+00:00",
        since=None,
        already=lambda keys, ids: set(),
        max_items=10,
        snippet_chars=100,
        base_url="https://w.example",
    )
    assert "since=2025-05-02" in digest.search_url


def test_collapse_keeps_first_seen_order() -> None:
    recs = [
        {"id": "1", "story_id": "A"},
        {"id": "2", "story_id": "B"},
        {"id": "3", "story_id": "A"},
        {"id": "4", "story_id": ""},
    ]
    stories = collapse(recs)
    assert [(s.key, [r["id"] for r in s.records]) for s in stories] == [
        ("A", ["1", "3"]),
        ("B", ["2"]),
        ("4", ["4"]),
    ]


def test_coverage_summary() -> None:
    def run(source: str, **kw: object) -> CrawlRun:
        return CrawlRun(source=source, started_at="t", finished_at="t", **kw)  # type: ignore[arg-type]

    cov = summarise(
        [
            run("a", fetched=3, new=2),
            run("b", fetched=0, errors={"network": 1}, status="failed"),
            run("c", fetched=2, unchanged=2),
            run("b", fetched=1, new=1),
        ]
    )
    assert cov.failed == {"b": {"network": 1}} and cov.empty == ["c"] and cov.ok == ["a"]
    assert cov.lines() == ["Sources that failed: b (network 1).", "Sources with nothing new: c."]
    assert summarise([run("a", fetched=1, new=1)], sources=["z"]).lines() == [
        "No crawl ran since the last digest."
    ]


def test_coverage_footer_names_sources_blocked_by_robots() -> None:
    def run(source: str, **kw: object) -> CrawlRun:
        return CrawlRun(source=source, started_at="t", finished_at="t", **kw)  # type: ignore[arg-type]

    cov = summarise(
        [
            # Reached, but every article page refused by robots.txt: blocked, not "nothing new".
            run("thaigov", fetched=1, errors={"robots": 6}),
            run("thaigov", fetched=1, errors={"robots": 5}),
            # One refused page among stored articles is an ordinary crawl.
            run("nstda", fetched=4, new=3, errors={"robots": 1}),
            run("tna", fetched=2, unchanged=2),
        ]
    )
    assert cov.blocked == ["thaigov"] and cov.ok == ["nstda"] and cov.empty == ["tna"]
    assert cov.lines() == [
        "Sources blocked by their robots.txt (not crawled, never bypassed): thaigov.",
        "Sources with nothing new: tna.",
    ]
    assert cov.to_json()["blocked_by_robots"] == ["thaigov"]


def test_cli_add_keeps_the_partner_filter_and_all_of_modes(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    args = ["alerts", "add", "th-vn", "--country", "TH", "--partner", "vn", "--agency", "NSTDA"]
    proc = run_cli([*args, "--agency", "MOST-VN", "--agency-mode", "all", "--feed", "--json"], data_dir)
    assert proc.returncode == 0, proc.stderr
    stored = json.loads(proc.stdout)
    assert stored["partners"] == ["VN"] and stored["all_of"] == ["agency"]
    query = Subscription.from_dict(stored).to_query()
    assert query.countries == ("TH",) and query.partners == ("VN",) and query.all_of == ("agency",)
    table = run_cli(["alerts", "list"], data_dir).stdout
    assert "country=TH agency=NSTDA,MOST-VN partner=VN agency_mode=all" in table


def test_cli_add_list_show_remove(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    data_dir.mkdir()  # `alerts add` refuses a data dir that does not exist
    proc = run_cli(
        [
            "alerts",
            "add",
            "chips",
            "--query",
            "semiconductor",
            "--country",
            "VN",
            "--email",
            "a@example.org",
            "--feed",
            "--schedule",
            "weekly",
            "--at",
            "07:00",
            "--lang",
            "th",
        ],
        data_dir,
    )
    assert proc.returncode == 0, proc.stderr
    assert "added subscription 'chips'" in proc.stdout
    listed = json.loads(run_cli(["alerts", "list", "--json"], data_dir).stdout)
    assert [(s["name"], s["schedule"], s["display_lang"], s["countries"]) for s in listed] == [
        ("chips", "weekly", "th", ["VN"])
    ]
    shown = json.loads(run_cli(["alerts", "show", "chips", "--json"], data_dir).stdout)
    assert shown["feed_url"] == "http://127.0.0.1:8000/feeds/chips.atom" and shown["deliveries"] == []
    table = run_cli(["alerts", "list"], data_dir).stdout
    assert "chips" in table and "weekly 07:00" in table and '"semiconductor" country=VN' in table
    for args, message in (
        (["alerts", "add", "chips", "--feed"], "exists already"),
        (["alerts", "add", "x", "--email", "nope"], "bad email address"),
        (["alerts", "add", "x", "--feed", "--at", "7pm"], "bad time"),
        (["alerts", "add", "x", "--webhook", "ftp://h/x"], "bad webhook URL"),
        (["alerts", "show", "nosuch"], "no subscription named 'nosuch'"),
        (["alerts", "run", "--name", "nosuch"], "no subscription named 'nosuch'"),
    ):
        bad = run_cli(args, data_dir)
        assert bad.returncode == 2 and message in bad.stderr and len(bad.stderr.strip().splitlines()) == 1, (
            bad.stderr
        )
    dry = json.loads(run_cli(["alerts", "run", "--dry-run", "--json"], data_dir).stdout)
    assert dry["dry_run"] is True and dry["subscriptions"][0]["due"] is False
    assert run_cli(["alerts", "remove", "chips"], data_dir).returncode == 0
    assert json.loads(run_cli(["alerts", "list", "--json"], data_dir).stdout) == []


def test_coverage_footer_keeps_a_blocked_source_blocked_across_304_revisits() -> None:
    runs = [
        CrawlRun("thaigov", "t", "t", fetched=2, errors={"robots": 4}, status="failed"),
        CrawlRun("thaigov", "t", "t", fetched=1, not_modified=1),
    ]
    cov = summarise(runs)
    assert cov.blocked == ["thaigov"] and not cov.failed and not cov.empty
