"""Per-source rows for the Sources page and ``/api/sources``.

Status, reason, last crawl, daily article counts and errors come from
``stiwatch.operate.health.sources_status`` (the one reading the CLI and digests use too); the
number of indexed articles per source comes from the search backend's source facet. The
page lists the rows grouped as ``stiwatch sources list`` does (by country, regional bodies
under ASEAN; ``stiwatch.crawler.registry.source_group``) and filters them by language,
status and group.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from stiwatch.crawler.registry import discovery_methods, group_rank, load_sources, source_group
from stiwatch.operate.health import DISABLED, RECENT_DAYS, backend_status, sources_status, utc_text
from stiwatch.search.backend import BackendUnavailable, SearchBackend, SearchQuery


@dataclass
class SourceRow:
    id: str
    name: str
    country: str
    enabled: bool
    base_url: str
    status: str  # one of stiwatch.operate.health.LISTED_STATUSES
    group: str = ""  # the country, or the region of a regional body (ASEAN)
    languages: list[str] = field(default_factory=list)
    discovery: list[str] = field(default_factory=list)  # feed, sitemap, listing (cascade order)
    unconfirmed: bool = False  # some registry facts still await `sources verify --live`
    reason: str = ""
    last_crawl: str | None = None
    last_success: str | None = None
    last_replay: bool = False
    fetched: int = 0
    new: int = 0
    errors: dict[str, int] = field(default_factory=dict)
    new_per_day: dict[str, int] = field(default_factory=dict)
    articles_per_day: float = 0.0
    articles: int | None = 0  # None: the search backend is down

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def source_rows(data_dir: Path, backend: SearchBackend) -> list[SourceRow]:
    """Every registered source (disabled ones too) with its health and indexed count."""
    sources = load_sources()
    health = sources_status(data_dir, {sid: s for sid, s in sources.items() if s.enabled})
    try:
        counts: dict[str, int] | None = backend.search(
            SearchQuery(limit=0, facets=("source",), facet_size=1000)
        ).facets.get("source", {})
    except BackendUnavailable:
        counts = None  # the health rows still show; the indexed counts are unknown meanwhile
    rows = []
    for sid, src in sources.items():
        h = health.get(sid, {})
        last = h.get("last_run") or {}
        per_day = {str(k): int(v) for k, v in (h.get("articles_per_day") or {}).items()}
        rows.append(
            SourceRow(
                id=sid,
                name=src.name,
                country=src.country,
                enabled=src.enabled,
                base_url=src.base_url,
                group=source_group(src),
                languages=list(src.languages),
                discovery=list(discovery_methods(src)),
                unconfirmed=bool(src.unconfirmed),
                status=str(h.get("status") or DISABLED),
                reason=str(h.get("reason") or ""),
                last_crawl=h.get("last_crawl"),
                last_success=h.get("last_success"),
                last_replay=bool(last.get("replay")),
                fetched=int(last.get("fetched") or 0),
                new=int(last.get("new") or 0),
                errors=dict(h.get("errors") or {}),
                new_per_day=per_day,
                articles_per_day=round(sum(per_day.values()) / RECENT_DAYS, 1),
                articles=int(counts.get(sid, 0)) if counts is not None else None,
            )
        )
    return rows


def backend_view(data_dir: Path) -> dict[str, Any]:
    """The search backend's outage and spool (``operate.health.backend_status``) for a page."""
    status = backend_status(data_dir)
    return {**status, "since_text": utc_text(status["since"]) if status["since"] else ""}


@dataclass(frozen=True)
class SourceFilter:
    """What the Sources page shows: every value empty means every source."""

    lang: str = ""
    status: str = ""
    group: str = ""

    def keeps(self, row: SourceRow) -> bool:
        return (
            (not self.lang or self.lang in row.languages)
            and (not self.status or row.status == self.status)
            and (not self.group or self.group in (row.group, row.country))
        )


def grouped(rows: list[SourceRow], wanted: SourceFilter) -> list[tuple[str, list[SourceRow]]]:
    """The rows ``wanted`` keeps, by group (ASEAN members, regional bodies, partners),
    registry order within a group."""
    groups: dict[str, list[SourceRow]] = {}
    for row in rows:
        if wanted.keeps(row):
            groups.setdefault(row.group, []).append(row)
    return sorted(groups.items(), key=lambda kv: group_rank(kv[0]))
