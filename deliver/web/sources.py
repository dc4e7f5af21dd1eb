"""Per-source rows for the Sources page and ``/api/sources``.

Status, reason, last crawl and errors come from ``stiwatch.operate.health.sources_status``
(the one reading the CLI and digests use too). From the search backend come what the
index holds per source: articles, articles *published* in the last ``RECENT_DAYS`` days
(not first seen: a crawl that finds a backlog of old pages is not news), the newest
article's date and the span of months covered. The page lists the rows grouped as
``stiwatch sources list`` does (by country, regional bodies under ASEAN;
``stiwatch.crawler.registry.source_group``) and filters them by language, status and group.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from stiwatch.core.taxonomy import load_taxonomy
from stiwatch.crawler.registry import Source, discovery_methods, group_rank, load_sources, source_group
from stiwatch.operate.health import DISABLED, RECENT_DAYS, backend_status, sources_status, utc_text
from stiwatch.search.backend import BackendUnavailable, SearchBackend, SearchQuery

# Regional bodies are listed under their region, not the country that hosts them.
REGION = "ASEAN"


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
    last_replay: str | None = None
    last_run_replay: bool = False
    fetched: int = 0
    new: int = 0
    errors: dict[str, int] = field(default_factory=dict)
    first_seen_per_day: dict[str, int] = field(default_factory=dict)
    published_recent: int | None = 0
    newest: str | None = None
    coverage: tuple[str, str] | None = None
    articles: int | None = 0  # None: the search backend is down

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def region_of(source: Source) -> str:
    """The country code, or ``ASEAN`` for a source whose body is an ASEAN organ (the
    Secretariat, COSTI...): its host country would misplace it."""
    if not source.agency:
        return source.country
    try:
        agency = load_taxonomy(check_segmentation=False).agencies.get(source.agency)
    except ValueError:
        return source.country
    if agency is not None and agency.international and REGION in agency.names.get("en", ""):
        return REGION
    return source.country


def _span(backend: SearchBackend, sid: str) -> tuple[str | None, tuple[str, str] | None]:
    """The newest article's publication time and the first and last month covered."""
    result = backend.search(
        SearchQuery(sources=(sid,), sort="date", limit=1, facets=("month",), facet_size=10_000)
    )
    newest = str(result.hits[0].get("published") or "") or None if result.hits else None
    months = sorted(result.facets.get("month", {}))
    return newest, (months[0], months[-1]) if months else None


def source_rows(data_dir: Path, backend: SearchBackend, *, now: datetime | None = None) -> list[SourceRow]:
    """Every registered source (disabled ones too) with its health and what the index holds."""
    now = now or datetime.now(UTC)
    sources = load_sources()
    health = sources_status(data_dir, {sid: s for sid, s in sources.items() if s.enabled}, now=now)
    since = (now - timedelta(days=RECENT_DAYS)).date()
    try:
        counts: dict[str, int] | None = backend.search(
            SearchQuery(limit=0, facets=("source",), facet_size=1000)
        ).facets.get("source", {})
        recent: dict[str, int] | None = backend.search(
            SearchQuery(limit=0, since=since, facets=("source",), facet_size=1000)
        ).facets.get("source", {})
    except BackendUnavailable:
        # The health rows still show; what the index holds is unknown meanwhile.
        counts = recent = None
    rows = []
    for sid, src in sources.items():
        h = health.get(sid, {})
        last = h.get("last_run") or {}
        newest, coverage = _span(backend, sid) if counts and counts.get(sid) else (None, None)
        rows.append(
            SourceRow(
                id=sid,
                name=src.name,
                country=region_of(src),
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
                last_replay=h.get("last_replay"),
                last_run_replay=bool(last.get("replay")),
                fetched=int(last.get("fetched") or 0),
                new=int(last.get("new") or 0),
                errors=dict(h.get("errors") or {}),
                first_seen_per_day={str(k): int(v) for k, v in (h.get("articles_per_day") or {}).items()},
                published_recent=int(recent.get(sid, 0)) if recent is not None else None,
                newest=newest,
                coverage=coverage,
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
