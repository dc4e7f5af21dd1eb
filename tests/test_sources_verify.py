"""`stiwatch sources verify` on the replay archive: every enabled source passes, thaigov is
reported blocked-by-robots, and a broken source fails with its reason."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime
from pathlib import Path

import pytest

from stiwatch.crawler.registry import load_sources
from stiwatch.operate.verify import article_problems, judge
from tests.conftest import cli_json, run_cli

pytestmark = pytest.mark.slow


def test_every_enabled_source_passes_on_the_replay_archive(tmp_path: Path) -> None:
    proc = run_cli(["sources", "verify", "--json"], tmp_path / "data", timeout=900)
    assert proc.returncode == 0, proc.stderr[-3000:]
    import json

    verdicts = json.loads(proc.stdout)
    enabled = {s.id for s in load_sources().values() if s.enabled}
    assert set(verdicts) == enabled
    failed = {
        sid: v["reasons"] for sid, v in verdicts.items() if v["result"] not in ("pass", "blocked-by-robots")
    }
    assert not failed, failed
    assert verdicts["thaigov"]["result"] == "blocked-by-robots"
    assert all(v["checked"] >= 2 for sid, v in verdicts.items() if sid != "thaigov")
    # verify works in a scratch folder: the user's data directory stays empty
    assert not (tmp_path / "data" / "index").exists()


def test_one_source_and_its_blocked_status(tmp_path: Path) -> None:
    out = cli_json(
        ["sources", "verify", "--source", "thaigov", "--source", "akp", "--json"], tmp_path / "data"
    )
    assert out["thaigov"]["result"] == "blocked-by-robots"
    assert "robots.txt forbids" in out["thaigov"]["reasons"][0]
    assert out["akp"]["result"] == "pass"


def test_unknown_source_is_a_usage_error(tmp_path: Path) -> None:
    proc = run_cli(["sources", "verify", "--source", "nope"], tmp_path / "data")
    assert proc.returncode == 2 and proc.stderr.count("\n") == 1


def test_article_checks_name_what_is_wrong() -> None:
    source = dataclasses.replace(load_sources()["akp"], boilerplate=("រក្សាសិទ្ធិគ្រប់យ៉ាង",))
    now = datetime(2026, 1, 1, tzinfo=UTC)
    record = {
        "url": "https://www.akp.gov.kh/post/detail/1",
        "title": "",
        "published": "2026-05-01T00:00:00+07:00",
        "language": "th",
        "text": "short រក្សាសិទ្ធិគ្រប់យ៉ាង",
    }
    problems = article_problems(record, source, now)
    assert any("no title" in p for p in problems)
    assert any("future" in p for p in problems)
    assert any("language th" in p for p in problems)
    assert any("characters" in p for p in problems)
    assert any("boilerplate" in p for p in problems)
    verdict = judge(source, {"fetched": 3, "new": 1, "errors": {}}, [record], now)
    assert verdict.result == "fail" and verdict.checked == 1
    blocked = judge(source, {"fetched": 1, "new": 0, "errors": {"robots": 3}}, [], now)
    assert blocked.result == "blocked-by-robots"
    nothing = judge(source, {"fetched": 1, "new": 0, "errors": {"listing-empty": 1}}, [], now)
    assert nothing.result == "fail" and "no article" in nothing.reasons[0]
    # A render: browser source crawled without Chromium (tests/test_rendering.py: the spider
    # counts it needs-browser and fetches nothing).
    browserless = judge(source, {"fetched": 0, "new": 0, "errors": {"needs-browser": 1}}, [], now)
    assert browserless.result == "needs-browser" and "render: browser" in browserless.reasons[0]
