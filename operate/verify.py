"""`stiwatch sources verify`: does each source give articles worth the name, end to end?

For each source: its discovery cascade runs for real (Scrapy, the replay archive or the
live site), up to N articles are fetched and processed into a scratch data directory
(the user's index is never touched), and each stored article is checked with the same
rules the scheduler's live canary applies to what scheduled crawls bring
(``canary.article_problems``): title present, a date found and not in the future, a
language the source declares, at least ``MIN_TEXT_CHARS`` characters, none of the
source's known boilerplate. A source whose robots.txt forbids every article page is
reported ``blocked-by-robots``; never bypassed. A ``render: browser`` source that no
browser could render (no Chromium here) is reported ``needs-browser``.
"""

from __future__ import annotations

import copy
import dataclasses
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from stiwatch.core.config import Config
from stiwatch.crawler.registry import Source
from stiwatch.operate.canary import article_problems
from stiwatch.operate.health import BLOCKED_BY_ROBOTS, NEEDS_BROWSER, robots_blocked
from stiwatch.search.embedded import EmbeddedBackend

# Articles checked per source unless told otherwise.
DEFAULT_ARTICLES = 3


@dataclass
class Verdict:
    """One source's result: ``pass``, ``fail``, ``blocked-by-robots`` or ``needs-browser``,
    with the reasons."""

    source: str
    result: str
    reasons: list[str] = field(default_factory=list)
    checked: int = 0
    articles: list[dict[str, Any]] = field(default_factory=list)
    errors: dict[str, int] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.result == "pass"


def judge(
    source: Source, summary: dict[str, Any], records: Sequence[dict[str, Any]], now: datetime
) -> Verdict:
    """The verdict for one source from its crawl summary entry and its stored articles."""
    errors = dict(summary.get("errors") or {})
    verdict = Verdict(source.id, "pass", errors=errors)
    if robots_blocked(summary.get("new", 0), errors):
        verdict.result = BLOCKED_BY_ROBOTS
        verdict.reasons.append(f"robots.txt forbids its article pages ({errors['robots']} skipped)")
        return verdict
    if errors.get(NEEDS_BROWSER) and not summary.get("fetched"):
        # Not crawled at all: its pages are built by JavaScript and no browser was there.
        verdict.result = NEEDS_BROWSER
        verdict.reasons.append(
            "its pages are built by JavaScript (render: browser) and no Chromium could render them"
        )
        return verdict
    if not summary.get("fetched"):
        verdict.result = "fail"
        verdict.reasons.append("no discovery page answered" + (f" ({_kinds(errors)})" if errors else ""))
        return verdict
    if not records:
        verdict.result = "fail"
        verdict.reasons.append("discovery found no article" + (f" ({_kinds(errors)})" if errors else ""))
        return verdict
    for record in records:
        problems = article_problems(record, source, now)
        verdict.articles.append({"url": record["url"], "title": record.get("title"), "problems": problems})
        verdict.checked += 1
        for p in problems:
            verdict.reasons.append(f"{record['url']}: {p}")
    if verdict.reasons:
        verdict.result = "fail"
    return verdict


def _kinds(errors: dict[str, int]) -> str:
    return ", ".join(f"{k} ×{n}" for k, n in sorted(errors.items()))


def verify_sources(
    config: Config,
    sources: Sequence[Source],
    *,
    replay: bool,
    articles: int = DEFAULT_ARTICLES,
    now: datetime | None = None,
) -> list[Verdict]:
    """Crawl each source (at most ``articles`` article pages) into a scratch directory and judge it."""
    # defers Scrapy and the stages (heavy) to the command that crawls.
    from stiwatch.operate.crawl import run_crawl

    now = now or datetime.now(UTC)
    capped = [dataclasses.replace(s, max_articles=articles) for s in sources]
    with tempfile.TemporaryDirectory(prefix="stiwatch-verify-") as scratch:
        values = copy.deepcopy(config.values)
        values["data"]["dir"] = str(Path(scratch) / "data")
        # Verification crawls the embedded index of the scratch folder, alone.
        values["search"]["backend"] = "embedded"
        values["redis"]["url"] = ""
        scratch_config = Config(values, dict(config.origins), list(config.files))
        backend = EmbeddedBackend(scratch_config.data_dir)
        try:
            summary = run_crawl(
                scratch_config, backend, capped, replay=replay, full=True, record_history=False
            )
            records = list(backend.iter_records())
        finally:
            backend.close()
    by_source: dict[str, list[dict[str, Any]]] = {}
    for record in records:
        by_source.setdefault(str(record["source"]), []).append(record)
    per_source = summary.get("sources") or {}
    return [judge(s, per_source.get(s.id, {}), by_source.get(s.id, [])[:articles], now) for s in sources]
