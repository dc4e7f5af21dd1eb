"""Per-source rows for the Sources page and ``/api/sources``: registry + crawl history.

Status here is a plain reading of the last run (never crawled / failing / degraded /
healthy); ``crawler/health.py``, where present, gives the finer verdict and its reason.
"""

from __future__ import annotations

import importlib
import logging
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from crawler.history import CrawlHistory, CrawlRun
from crawler.registry import load_sources
from search.backend import SearchBackend, SearchQuery

logger = logging.getLogger(__name__)

RATE_DAYS = 7


@dataclass
class SourceRow:
    id: str
    name: str
    country: str
    enabled: bool
    base_url: str
    status: str  # healthy | degraded | failing | never-crawled | disabled
    reason: str = ""
    last_crawl: str | None = None
    last_replay: bool = False
    fetched: int = 0
    new: int = 0
    updated: int = 0
    errors: dict[str, int] = field(default_factory=dict)
    articles_per_day: float = 0.0
    articles: int = 0

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def _status(run: CrawlRun | None, enabled: bool) -> tuple[str, str]:
    if not enabled:
        return "disabled", ""
    if run is None:
        return "never-crawled", ""
    if run.failed:
        kinds = ", ".join(sorted(run.errors)) or "nothing fetched"
        return "failing", kinds
    if run.errors:
        return "degraded", ", ".join(f"{k} {n}" for k, n in sorted(run.errors.items()))
    return "healthy", ""


def _health_verdicts(data_dir: Path) -> dict[str, tuple[str, str]]:
    """``{source: (status, reason)}`` from crawler.health when that module exists."""
    try:
        health = importlib.import_module("crawler.health")
    except ImportError:
        return {}
    fn = getattr(health, "source_health", None)
    if fn is None:
        return {}
    try:
        verdicts = fn(data_dir)
    except Exception:  # noqa: BLE001 - the page shows the plain reading instead
        logger.exception("crawler.health failed; showing the last-run status")
        return {}
    out: dict[str, tuple[str, str]] = {}
    for sid, verdict in dict(verdicts).items():
        status = getattr(verdict, "status", None) or (verdict.get("status") if isinstance(verdict, dict) else None)
        reason = getattr(verdict, "reason", None) or (verdict.get("reason") if isinstance(verdict, dict) else "")
        if status:
            out[str(sid)] = (str(status), str(reason or ""))
    return out


def source_rows(data_dir: Path, backend: SearchBackend) -> list[SourceRow]:
    """Every registered source with its last crawl, rate, indexed count and status."""
    history = CrawlHistory(data_dir)
    since = (datetime.now(UTC) - timedelta(days=RATE_DAYS)).isoformat(timespec="seconds")
    recent: dict[str, int] = {}
    for run in history.runs(since=since, limit=10_000):
        recent[run.source] = recent.get(run.source, 0) + run.new
    counts = backend.search(SearchQuery(limit=0, facets=("source",), facet_size=1000)).facets.get("source", {})
    verdicts = _health_verdicts(data_dir)
    rows = []
    for sid, src in load_sources().items():
        run = history.last_run(sid)
        status, reason = verdicts.get(sid) or _status(run, src.enabled)
        rows.append(
            SourceRow(
                id=sid,
                name=src.name,
                country=src.country,
                enabled=src.enabled,
                base_url=src.base_url,
                status=status,
                reason=reason,
                last_crawl=run.finished_at if run else None,
                last_replay=run.replay if run else False,
                fetched=run.fetched if run else 0,
                new=run.new if run else 0,
                updated=run.updated if run else 0,
                errors=dict(run.errors) if run else {},
                articles_per_day=round(recent.get(sid, 0) / RATE_DAYS, 1),
                articles=int(counts.get(sid, 0)),
            )
        )
    return rows
