"""Canaries: does each source still extract the way it should?

Two checks per source, their results kept beside the crawl history
(``stiwatch.operate.canary_results``) so that source health (``stiwatch.operate.health``)
can report them:

- ``archive``: the source's golden page in the replay archive (``operate/canaries.yaml``)
  is processed by the real stages and must still give its expected title, date and
  text snippets: catches extraction regressions and broken site rules.
- ``live``: the newest stored articles of the source (what the last crawls brought)
  must pass `stiwatch sources verify`'s article checks (:func:`article_problems`): a
  title, a date not in the future, a language the source declares, non-trivial text,
  none of the source's known boilerplate. Catches a site redesign that still answers
  200 but no longer yields articles worth the name. The scheduler runs these checks on
  the sources each scheduled crawl has just crawled (:func:`live_failures`), and both
  checks on every source every ``schedule.canary_hours``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from stiwatch.core.config import Config
from stiwatch.core.yamlfile import read_yaml
from stiwatch.crawler.history import CrawlHistory
from stiwatch.crawler.registry import Source, load_sources
from stiwatch.crawler.replay.archive import load_archive
from stiwatch.operate.canary_results import CanaryResult, save_results
from stiwatch.operate.health import RECENT_RUNS, not_modified_only, run_blocked_by_robots
from stiwatch.pipelines.base import RejectArticle
from stiwatch.pipelines.process import Processor, build_context
from stiwatch.search.backend import SearchBackend, SearchQuery
from stiwatch.search.factory import open_backend

CANARIES_FILE = Path(__file__).parent / "canaries.yaml"
# Below this many characters a live article's text is not an article.
MIN_TEXT_CHARS = 200
# Newest stored articles the live check reads per source (as `sources verify` by default).
LIVE_ARTICLES = 3


@dataclass(frozen=True)
class Canary:
    """A golden article: its URL in the archive and what it must extract to."""

    source: str
    url: str
    title: str
    published: str | None
    must_contain: tuple[str, ...] = ()


def load_canaries(path: Path = CANARIES_FILE) -> dict[str, Canary]:
    data = read_yaml(path) or {}
    out = {}
    for entry in data.get("canaries") or []:
        out[entry["source"]] = Canary(
            source=entry["source"],
            url=entry["url"],
            title=entry["title"],
            published=str(entry["published"]) if entry.get("published") else None,
            must_contain=tuple(entry.get("must_contain") or ()),
        )
    return out


def check_archive(sources: Iterable[str], data_dir: Path | None = None) -> list[CanaryResult]:
    """Process each source's golden archive page and compare it with its expectations.

    Args:
        data_dir: the data directory the stages read (installed translation models).
    """
    canaries = load_canaries()
    pages = load_archive()
    processor = Processor(build_context({"STIWATCH_DATA_DIR": str(data_dir)} if data_dir else None))
    results = []
    for sid in sources:
        canary = canaries.get(sid)
        if canary is None:
            results.append(CanaryResult(sid, "archive", False, ["no canary article declared"]))
            continue
        page = pages.get(canary.url)
        if page is None or page.file is None:
            results.append(CanaryResult(sid, "archive", False, [f"{canary.url} is not in the archive"]))
            continue
        try:
            article = processor.process(canary.url, page.body(), source=sid, content_type=page.content_type)
        except RejectArticle as exc:
            results.append(CanaryResult(sid, "archive", False, [f"rejected: {exc.reason}"]))
            continue
        problems = []
        if article.title != canary.title:
            problems.append(f"title is {article.title[:80]!r}")
        if canary.published and (article.published or "")[:10] != canary.published:
            problems.append(f"date is {article.published!r}, expected {canary.published}")
        missing = [s for s in canary.must_contain if s not in article.text]
        if missing:
            problems.append(f"text lacks {missing[0][:60]!r}")
        results.append(CanaryResult(sid, "archive", not problems, problems))
    return results


def check_live(
    backend: SearchBackend, sources: Iterable[str], now: datetime | None = None
) -> list[CanaryResult]:
    """The newest stored articles of each source pass the verify checks."""
    now = now or datetime.now(UTC)
    registry = load_sources()
    results = []
    for sid in sources:
        found = backend.search(SearchQuery(sources=(sid,), sort="date", limit=LIVE_ARTICLES, facets=()))
        if not found.hits:
            results.append(CanaryResult(sid, "live", False, ["no stored article"]))
            continue
        source = registry.get(sid)
        problems: list[str] = []
        for hit in found.hits:
            found_problems = article_problems(hit, source, now) if source else record_problems(hit)
            problems.extend(f"{hit.get('url')}: {p}" for p in found_problems)
        results.append(CanaryResult(sid, "live", not problems, problems))
    return results


def record_problems(record: Mapping[str, Any]) -> list[str]:
    """What makes a stored article not worth the name: no title, no date, too little text."""
    problems = []
    if not str(record.get("title") or "").strip():
        problems.append("has no title")
    if not record.get("published"):
        problems.append("has no date")
    if len(str(record.get("text") or "")) < MIN_TEXT_CHARS:
        problems.append(f"text under {MIN_TEXT_CHARS} characters")
    return problems


def article_problems(record: Mapping[str, Any], source: Source, now: datetime) -> list[str]:
    """What is wrong with one stored article of ``source`` (empty: nothing): the record
    rules above plus the registry's own facts (`stiwatch sources verify` and the live
    canary both judge articles with this)."""
    problems = record_problems(record)
    published = record.get("published")
    if published:
        try:
            when = datetime.fromisoformat(str(published))
        except ValueError:
            problems.append(f"date {published!r} is not a date")
        else:
            if (when if when.tzinfo else when.replace(tzinfo=UTC)) > now:
                problems.append(f"date {published} is in the future")
    if record.get("language") not in source.languages:
        problems.append(f"language {record.get('language')} is not among {', '.join(source.languages)}")
    text = str(record.get("text") or "")
    leaked = [b for b in source.boilerplate if b in text]
    if leaked:
        problems.append(f"boilerplate in the text: {leaked[0][:60]!r}")
    return problems


def checkable(data_dir: Path, sources: Iterable[str]) -> list[str]:
    """``sources`` less those whose last crawl was refused every article page by robots.txt:
    they have nothing stored to judge, and their health says blocked-by-robots already."""
    history = CrawlHistory(data_dir)
    out = []
    for sid in sources:
        runs = history.runs(source=sid, limit=RECENT_RUNS)
        seen = next((r for r in runs if not not_modified_only(r)), None)
        if seen is None or not run_blocked_by_robots(seen):
            out.append(sid)
    return out


def run_canaries(
    data_dir: Path, sources: Iterable[str], backend: SearchBackend | None = None
) -> Mapping[str, list[CanaryResult]]:
    """Archive checks, and live checks when a backend is given; results saved and returned."""
    ids = list(sources)
    results = {"archive": check_archive(ids, data_dir)}
    if backend is not None:
        results["live"] = check_live(backend, checkable(data_dir, ids))
    save_results(data_dir, [r for rs in results.values() for r in rs])
    return results


def failures(config: Config, sources: Iterable[str]) -> dict[str, int]:
    """Archive and live canaries of ``sources`` on the configured backend: how many
    failed per mode (the scheduler's canary job)."""
    backend = open_backend(config.get("search", "backend"), config.data_dir)
    try:
        results = run_canaries(config.data_dir, sources, backend)
    finally:
        backend.close()
    return {mode: sum(1 for r in rs if not r.ok) for mode, rs in results.items()}


def live_failures(config: Config, sources: Iterable[str]) -> dict[str, int]:
    """The live checks alone, on the configured backend: the scheduler runs them on the
    sources a scheduled crawl has just crawled. Results are saved like every canary's."""
    ids = checkable(config.data_dir, sources)
    backend = open_backend(config.get("search", "backend"), config.data_dir)
    try:
        results = check_live(backend, ids)
    finally:
        backend.close()
    save_results(config.data_dir, results)
    return {"live": sum(1 for r in results if not r.ok)}
