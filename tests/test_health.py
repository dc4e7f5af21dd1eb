"""Source health from the crawl history and the canaries; `sources status`; /api/sources."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from stiwatch.crawler.history import CrawlHistory, CrawlRun, run_status
from stiwatch.crawler.registry import load_sources
from stiwatch.operate.canary import check_archive, load_canaries
from stiwatch.operate.canary_results import CanaryResult, save_results
from stiwatch.operate.health import classify, coverage, error_group, sources_status
from tests.conftest import run_cli

# Relative to the real clock: recording prunes runs older than a year.
NOW = datetime.now(UTC).replace(microsecond=0)


def _at(hours_ago: float) -> str:
    return (NOW - timedelta(hours=hours_ago)).isoformat(timespec="seconds")


def _summary(sid: str, **counts: Any) -> dict[str, Any]:
    entry = {"fetched": 0, "new": 0, "updated": 0, "unchanged": 0, "spooled": 0, "errors": {}}
    entry.update(counts)
    return {"sources": {sid: entry}}


def _record(data_dir: Path, sid: str, hours_ago: float, **counts: Any) -> None:
    CrawlHistory(data_dir).record(_summary(sid, **counts), _at(hours_ago + 0.1), _at(hours_ago), duration=6.0)


def test_run_status_from_counts() -> None:
    assert run_status({"fetched": 0, "errors": {"network": 3}}) == "failed"
    assert run_status({"fetched": 2, "errors": {"http-404": 2}}) == "failed"
    assert run_status({"fetched": 1, "not_modified": 1}) == "ok"
    assert run_status({"fetched": 5, "new": 2, "errors": {"http-404": 1}}) == "partial"


def test_error_groups() -> None:
    assert error_group("http-503") == "http-status"
    assert error_group("network") == "network"
    assert error_group("empty") == "extraction-empty"
    assert error_group("listing-empty") == "discovery-empty"
    assert error_group("date-missing") == "date-missing"
    assert error_group("language-unexpected") == "language-unexpected"


def test_feed_errors_and_refused_pages_are_not_healthy(tmp_path: Path) -> None:
    registry = load_sources()
    sources = {sid: registry[sid] for sid in ("nstda", "mhesi", "nxpo", "tistr")}
    # The feed answered 404; the sitemap fallback still found articles.
    _record(tmp_path, "nstda", 0, fetched=6, new=3, errors={"discovery-http-404": 1})
    # One page behind a paywall among ten good ones.
    _record(tmp_path, "mhesi", 0, fetched=10, new=4, errors={"http-402": 1})
    # robots.txt forbade the sitemap: the crawler obeyed, nothing is wrong with the site.
    _record(tmp_path, "nxpo", 0, fetched=5, new=1, errors={"discovery-robots": 1})
    status = sources_status(tmp_path, sources, now=NOW)
    assert status["nstda"]["status"] == "degraded" and "discovery-http-404 ×1" in status["nstda"]["reason"]
    assert status["mhesi"]["status"] == "degraded" and "http-402 ×1" in status["mhesi"]["reason"]
    assert status["nxpo"]["status"] == "healthy"
    assert error_group("discovery-http-404") == "discovery" and error_group("http-402") == "access"


def test_replays_are_not_health(tmp_path: Path) -> None:
    registry = load_sources()
    sources = {sid: registry[sid] for sid in ("nstda", "mhesi")}
    history = CrawlHistory(tmp_path)
    history.record(_summary("nstda", fetched=4, new=4), _at(1.1), _at(1), duration=1.0, replay=True)
    # A live crawl that failed, then a replay that worked: the live one decides.
    history.record(_summary("mhesi", fetched=0, errors={"network": 3}), _at(3.1), _at(3), duration=1.0)
    history.record(_summary("mhesi", fetched=4, new=4), _at(1.1), _at(1), duration=1.0, replay=True)
    status = sources_status(tmp_path, sources, now=NOW)
    assert status["nstda"]["status"] == "replay" and "bundled archive" in status["nstda"]["reason"]
    assert status["nstda"]["last_replay"] == _at(1)
    assert status["mhesi"]["status"] == "failing"
    assert status["mhesi"]["last_success"] is None


def test_statuses_and_reasons(tmp_path: Path) -> None:
    registry = load_sources()
    ids = ["nstda", "mhesi", "nxpo", "tistr", "nesdc", "thaigov"]
    sources = {sid: registry[sid] for sid in ids}
    _record(tmp_path, "nstda", 0, fetched=4, new=3)  # healthy
    _record(tmp_path, "mhesi", 30, fetched=4, new=3)  # ok once ...
    _record(tmp_path, "mhesi", 2, fetched=0, errors={"network": 4})  # ... then the site went away
    _record(tmp_path, "mhesi", 1, fetched=0, errors={"network": 4})
    _record(tmp_path, "nxpo", 1, fetched=10, new=2, errors={"http-404": 6})  # many dead links
    _record(tmp_path, "tistr", 24 * 5, fetched=4, new=2)  # interval 6h: stale after 18h
    _record(tmp_path, "nesdc", 1, fetched=3, new=1)
    save_results(tmp_path, [CanaryResult("nesdc", "archive", False, ["title is 'x'"])])
    status = sources_status(tmp_path, sources, now=NOW)
    assert status["nstda"]["status"] == "healthy"
    assert status["mhesi"]["status"] == "failing"
    assert status["mhesi"]["reason"] == "last 2 crawls failed: network ×4"
    assert status["mhesi"]["last_success"] == _at(30)
    assert status["nxpo"]["status"] == "degraded" and "http-404 ×6" in status["nxpo"]["reason"]
    assert (
        status["tistr"]["status"] == "degraded"
        and "no successful crawl for 5.0 days" in status["tistr"]["reason"]
    )
    assert status["nesdc"]["status"] == "degraded" and "canary (archive) failed" in status["nesdc"]["reason"]
    assert status["thaigov"]["status"] == "never-crawled"
    assert status["nstda"]["articles_per_day"][NOW.date().isoformat()] == 3
    assert len(status["nstda"]["articles_per_day"]) == 7
    assert status["nxpo"]["errors"] == {"http-404": 6}
    assert status["nxpo"]["error_groups"] == {"http-status": 6}
    assert status["nstda"]["last_run"]["duration"] == 6.0
    cov = coverage(status)
    assert cov["counts"] == {
        "healthy": 1,
        "degraded": 3,
        "failing": 1,
        "blocked-by-robots": 0,
        "replay": 0,
        "never-crawled": 1,
        "needs-browser": 0,
    }
    assert [p["id"] for p in cov["problems"]] == ["mhesi", "nesdc", "nxpo", "thaigov", "tistr"]


def test_classify_blocked_by_robots() -> None:
    # The listing answered, every article it linked was refused by robots.txt: never bypassed.
    run = CrawlRun("thaigov", _at(1), _at(1), fetched=2, new=0, errors={"robots": 4})
    status, reason = classify([run], run, 3 * 3600, None, NOW)
    assert status == "blocked-by-robots" and "robots.txt forbids" in reason
    # One refused article among stored ones is obedience, not a blocked source.
    mixed = CrawlRun("tna", _at(1), _at(1), fetched=3, new=2, errors={"robots": 1})
    assert classify([mixed], mixed, 3 * 3600, None, NOW)[0] == "healthy"


def test_classify_intermittent_failures() -> None:
    ok = CrawlRun("s", _at(1), _at(1), fetched=3, new=1)
    bad = CrawlRun("s", _at(7), _at(7), fetched=0, errors={"network": 1}, status="failed")
    status, reason = classify([ok, bad, ok], ok, 6 * 3600, None, NOW)
    assert (status, reason) == ("degraded", "1 of the last 3 crawls failed")


def test_archive_canaries_pass_and_detect_a_broken_expectation() -> None:
    canaries = load_canaries()
    enabled = {s.id for s in load_sources().values() if s.enabled}
    assert enabled <= set(canaries)
    results = check_archive(["nstda", "mst-gov-vn"])
    assert all(r.ok for r in results), [r.problems for r in results]


def test_canaries_match_the_replay_expectations() -> None:
    import yaml

    expected_dir = Path(__file__).parent / "replay_expected"
    for sid, canary in load_canaries().items():
        data = yaml.safe_load((expected_dir / f"{sid}.yaml").read_text(encoding="utf-8"))
        if not data["articles"]:
            # robots.txt forbids the crawl (thaigov); its stored page still checks extraction
            assert canary.url in data["blocked_by_robots"], sid
            continue
        first = data["articles"][0]
        assert canary.url == first["url"] and canary.title == first["title"], sid


def test_sources_status_cli_and_api(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    _record(data_dir, "nstda", 0, fetched=4, new=3)
    _record(data_dir, "mhesi", 0, fetched=0, errors={"network": 2})
    proc = run_cli(["sources", "status", "--json"], data_dir)
    assert proc.returncode == 0, proc.stderr
    status = json.loads(proc.stdout)
    assert status["nstda"]["status"] == "healthy"
    assert status["mhesi"]["status"] == "failing"
    assert status["thaigov"]["status"] == "never-crawled"
    for entry in status.values():
        assert {"status", "reason", "last_success", "last_crawl", "articles_per_day", "errors"} <= set(entry)
    table = run_cli(["sources", "status"], data_dir)
    assert table.returncode == 0
    assert "failing" in table.stdout and "network ×2" in table.stdout
    bad = run_cli(["sources", "status", "--source", "nope"], data_dir)
    assert bad.returncode == 2 and "unknown source" in bad.stderr

    from stiwatch.core.config import load_config
    from stiwatch.deliver.web.app import create_app

    client = TestClient(create_app(load_config(data_dir=data_dir)))
    body = client.get("/api/sources").json()
    assert body["sources"]["mhesi"]["status"] == "failing"
    assert body["coverage"]["counts"]["failing"] == 1
    one = client.get("/api/sources/nstda").json()
    assert one["id"] == "nstda" and one["status"] == "healthy"
    assert client.get("/api/sources/nope").status_code == 404


def test_a_crawl_stopped_by_robots_at_its_discovery_page_is_blocked_not_failing() -> None:
    # Nothing fetched at all (the listing itself is forbidden): the run is recorded as failed,
    # and the source is still reported blocked-by-robots, not failing.
    run = CrawlRun("thaigov", _at(1), _at(1), fetched=0, new=0, errors={"robots": 4}, status="failed")
    status, _ = classify([run], None, 3 * 3600, None, NOW)
    assert status == "blocked-by-robots"
    # A dead server met in the same crawl is a failure.
    down = CrawlRun("thaigov", _at(1), _at(1), fetched=0, errors={"robots": 1, "network": 2}, status="failed")
    assert classify([down], None, 3 * 3600, None, NOW)[0] == "failing"


def test_a_blocked_source_stays_blocked_while_its_listing_answers_304() -> None:
    blocked = CrawlRun("thaigov", _at(8), _at(8), fetched=2, errors={"robots": 4}, status="failed")
    revisit = CrawlRun("thaigov", _at(1), _at(1), fetched=1, not_modified=1)
    status, reason = classify([revisit, blocked], None, 3 * 3600, None, NOW)
    assert status == "blocked-by-robots" and "4 skipped" in reason
    # A crawl that reads a changed listing again is news: it decides.
    fresh = CrawlRun("thaigov", _at(0.5), _at(0.5), fetched=3, new=2)
    assert classify([fresh, revisit, blocked], None, 3 * 3600, None, NOW)[0] == "healthy"
