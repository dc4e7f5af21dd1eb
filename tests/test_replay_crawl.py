"""End to end: real Scrapy crawls the replay archive through a real local HTTP server.

Each source's expected articles (tests/replay_expected/*.yaml) must be stored with the
right fields, chrome must not leak into the text, non-articles must not be stored, and
the search facets must count what was stored.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import yaml

from stiwatch.core.article import article_id
from stiwatch.crawler.registry import load_sources
from stiwatch.search.backend import SearchQuery
from stiwatch.search.embedded import EmbeddedBackend
from tests.conftest import cli_json

EXPECTED_DIR = Path(__file__).parent / "replay_expected"
EXPECTED = {
    p.stem: yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted(EXPECTED_DIR.glob("*.yaml"))
}

pytestmark = pytest.mark.slow


def _records(data_dir: Path) -> dict[str, dict[str, Any]]:
    backend = EmbeddedBackend(data_dir)
    try:
        return {r["id"]: r for r in backend.iter_records()}
    finally:
        backend.close()


def _expected_articles() -> list[tuple[str, dict[str, Any]]]:
    return [(sid, a) for sid, exp in EXPECTED.items() for a in exp.get("articles", [])]


def test_every_enabled_source_has_expectations() -> None:
    enabled = {s.id for s in load_sources().values() if s.enabled}
    assert enabled <= set(EXPECTED), sorted(enabled - set(EXPECTED))
    for sid, exp in EXPECTED.items():
        assert exp["source"] == sid
        # A source whose robots.txt forbids its articles stores none, and lists them instead.
        assert len(exp["articles"]) >= 2 or len(exp.get("blocked_by_robots", [])) >= 2, sid


def test_summary_per_source(replay_crawl: dict[str, Any]) -> None:
    summary = replay_crawl["summary"]
    records = _records(replay_crawl["data_dir"])
    stored = Counter(r["source"] for r in records.values())
    for sid in EXPECTED:
        entry = summary["sources"][sid]
        blocked = EXPECTED[sid].get("blocked_by_robots", [])
        if blocked:
            assert entry["new"] == 0 and entry["errors"].get("robots", 0) >= len(blocked), (sid, entry)
            continue
        assert entry["fetched"] >= 3, (sid, entry)
        assert entry["new"] == stored[sid], (sid, entry)
        assert entry["new"] >= len(EXPECTED[sid]["articles"]), (sid, entry)
    assert summary["totals"]["new"] == len(records)
    # One source's robots.txt forbids one linked article: obeyed and counted.
    assert summary["totals"]["errors"].get("robots", 0) >= 1


@pytest.mark.parametrize(
    ("source", "expected"), _expected_articles(), ids=lambda v: v if isinstance(v, str) else v["url"][-50:]
)
def test_expected_article(replay_crawl: dict[str, Any], source: str, expected: dict[str, Any]) -> None:
    records = _records(replay_crawl["data_dir"])
    record = records.get(article_id(expected["url"]))
    assert record is not None, f"{expected['url']} was not stored"
    assert record["source"] == source
    assert record["title"] == expected["title"]
    assert record["language"] == expected["language"]
    if expected.get("published"):
        assert (record["published"] or "")[:10] == str(expected["published"]), record["published_from"]
    for snippet in expected.get("must_contain", []):
        assert snippet in record["text"], snippet
    for snippet in expected.get("must_not_contain", []):
        assert snippet not in record["text"], snippet
    # The expected agencies and countries are every body and country the page names (what
    # the tagger must find: a tag or a mention); the expected themes are its subjects (tags),
    # and `mentions:` lists what it must find but the page is not about.
    for facet in ("agencies", "countries", "themes"):
        found = set(record[facet]) if facet == "themes" else set(record["mentions"][facet])
        missing = set(expected.get(facet) or []) - found
        assert not missing, (facet, missing, record.get("tag_evidence"))
        only = set((expected.get("mentions") or {}).get(facet) or [])
        assert only <= set(record["mentions"][facet]) - set(record[facet]), (facet, only, record[facet])
    if expected.get("source_url"):
        assert record["source_url"] == expected["source_url"]


def test_non_articles_are_not_stored(replay_crawl: dict[str, Any]) -> None:
    records = _records(replay_crawl["data_dir"])
    for exp in EXPECTED.values():
        for url in exp.get("not_articles", []) + exp.get("blocked_by_robots", []):
            assert article_id(url) not in records, url


def test_search_facets_count_what_was_stored(replay_crawl: dict[str, Any]) -> None:
    data_dir = replay_crawl["data_dir"]
    records = list(_records(data_dir).values())
    result = cli_json(["search", "--json", "--limit", "500"], data_dir)
    assert result["total"] == len(records)
    assert set(result) == {"total", "hits", "facets"}
    assert set(result["facets"]) == {"country", "agency", "theme", "language", "source"}
    expected_langs = Counter(r["language"] for r in records)
    assert result["facets"]["language"] == dict(expected_langs)
    # 80 sources store articles: the facet lists the 50 largest (SearchQuery.facet_size), each
    # with its exact count, none left out that outnumbers one shown.
    expected_sources = Counter(r["source"] for r in records)
    shown = result["facets"]["source"]
    assert len(shown) == min(len(expected_sources), SearchQuery.facet_size) and len(expected_sources) > 50
    assert all(expected_sources[sid] == n for sid, n in shown.items())
    assert min(shown.values()) >= max(
        (n for sid, n in expected_sources.items() if sid not in shown), default=0
    )
    expected_countries = Counter(c for r in records for c in r["countries"])
    assert result["facets"]["country"] == dict(expected_countries)
    # Filtering by one facet value returns exactly that many hits.
    thai = cli_json(["search", "--json", "--lang", "th", "--limit", "0"], data_dir)
    assert thai["total"] == expected_langs["th"]


def test_text_search_in_each_language(replay_crawl: dict[str, Any]) -> None:
    data_dir = replay_crawl["data_dir"]
    for query, lang in (
        ("ความร่วมมือ", "th"),
        ("hợp tác", "vi"),
        ("hop tac", "vi"),
        ("cooperation", "en"),
        ("kerja sama", "id"),
        ("kerjasama", "ms"),
        ("siyentista", "tl"),  # "mga batang siyentista ng ASEAN" (DOST-STII, Filipino)
    ):
        result = cli_json(["search", query, "--json", "--lang", lang], data_dir)
        assert result["total"] >= 1, query
        assert all(h["language"] == lang for h in result["hits"])


def test_rendered_listing_links_exist_only_after_its_script(replay_crawl: dict[str, Any]) -> None:
    """BRIN's /news is an empty shell whose script fetches the list: its two articles were
    found, so the listing was rendered; the shell itself holds no article link."""
    from stiwatch.crawler.replay.archive import load_archive

    shell = load_archive()["https://brin.go.id/news"].body().decode("utf-8")
    assert "/news/1" not in shell
    records = _records(replay_crawl["data_dir"])
    for article in EXPECTED["brin"]["articles"]:
        record = records[article_id(article["url"])]
        assert record["title"] == article["title"]
        assert all(snippet in record["text"] for snippet in article["must_contain"])
        assert not record["text"].startswith(("Jakarta –", "Bandung –"))  # clean.strip_prefix


def test_documents_linked_from_listings_are_stored(replay_crawl: dict[str, Any]) -> None:
    """MISTI's news listing links its STI roadmap (a PDF): stored as a document of the listing."""
    url = "https://misti.gov.kh/storage/documents/STI-Roadmap-2030-EN.pdf"
    record = _records(replay_crawl["data_dir"])[article_id(url)]
    assert record["content_type"] == "application/pdf"
    assert record["attachment_of"] in (
        "https://misti.gov.kh/en/pressroom/news-and-events",
        "https://misti.gov.kh/en/pressroom/news-and-events?page=2",
    )
    assert record["published_from"] == "pdf-metadata"


def test_second_crawl_changes_nothing(replay_crawl: dict[str, Any]) -> None:
    """Incremental: only each source's first discovery page is asked again, it answers
    304 (a rendered listing is rendered again: its links come from its scripts), and
    nothing is fetched or stored (tests/test_incremental.py has the details)."""
    data_dir = replay_crawl["data_dir"]
    before = _records(data_dir)
    summary = cli_json(["crawl", "--replay", "--json"], data_dir)
    totals = summary["totals"]
    assert (totals["new"], totals["updated"], totals["unchanged"]) == (0, 0, 0)
    rendered = [sid for sid, s in load_sources().items() if s.enabled and s.needs_browser]
    assert totals["not_modified"] >= len(EXPECTED) - len(rendered) - 1
    assert totals["fetched"] <= len(EXPECTED) + 1
    assert _records(data_dir) == before
