"""The coverage footer: which sources failed or produced nothing since the last digest."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from stiwatch.crawler.history import CrawlHistory, CrawlRun
from stiwatch.operate.health import not_modified_only, run_blocked_by_robots


@dataclass
class Coverage:
    """Crawl outcomes over a window, by source."""

    runs: int = 0
    failed: dict[str, dict[str, int]] = field(default_factory=dict)
    empty: list[str] = field(default_factory=list)
    ok: list[str] = field(default_factory=list)
    # Reached, but robots.txt forbade every article page (the crawler never bypasses it).
    blocked: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        """Plain-text sentences for the digest footer."""
        if self.runs == 0:
            return ["No crawl ran since the last digest."]
        out: list[str] = []
        if self.failed:
            parts = [
                f"{source} ({', '.join(f'{kind} {n}' for kind, n in sorted(kinds.items())) or 'nothing fetched'})"
                for source, kinds in sorted(self.failed.items())
            ]
            out.append("Sources that failed: " + "; ".join(parts) + ".")
        if self.blocked:
            out.append(
                "Sources blocked by their robots.txt (not crawled, never bypassed): "
                + ", ".join(self.blocked)
                + "."
            )
        if self.empty:
            out.append("Sources with nothing new: " + ", ".join(self.empty) + ".")
        if not out:
            out.append(f"All {len(self.ok)} crawled sources produced new articles.")
        return out

    def to_json(self) -> dict[str, Any]:
        return {
            "crawl_runs": self.runs,
            "failed": self.failed,
            "blocked_by_robots": self.blocked,
            "empty": self.empty,
            "ok": self.ok,
        }


def summarise(runs: Sequence[CrawlRun], sources: Sequence[str] = ()) -> Coverage:
    """A source is blocked by robots.txt if every run was refused all its pages by it
    (``stiwatch.operate.health.run_blocked_by_robots``); else it failed if any run failed; it
    is empty if its runs added nothing."""
    wanted = set(sources)
    by_source: dict[str, list[CrawlRun]] = {}
    for run in runs:
        if not wanted or run.source in wanted:
            by_source.setdefault(run.source, []).append(run)
    coverage = Coverage(runs=sum(len(v) for v in by_source.values()))
    for source in sorted(by_source):
        source_runs = by_source[source]
        failures = [r for r in source_runs if r.failed and not run_blocked_by_robots(r)]
        seen = [r for r in source_runs if not not_modified_only(r)]
        if seen and all(run_blocked_by_robots(r) for r in seen):
            coverage.blocked.append(source)
        elif failures:
            kinds: dict[str, int] = {}
            for r in failures:
                for kind, n in r.errors.items():
                    kinds[kind] = kinds.get(kind, 0) + n
            coverage.failed[source] = kinds
        elif sum(r.new for r in source_runs) == 0:
            coverage.empty.append(source)
        else:
            coverage.ok.append(source)
    return coverage


class CoverageReader:
    """Reads the crawl history once per run and answers for any cutoff."""

    def __init__(self, data_dir: Path) -> None:
        self._history = CrawlHistory(data_dir)
        self._cache: dict[str | None, list[CrawlRun]] = {}

    def since(self, since: str | None, sources: Sequence[str] = ()) -> Coverage:
        if since not in self._cache:
            self._cache[since] = self._history.runs(since=since, limit=100_000)
        return summarise(self._cache[since], sources)
