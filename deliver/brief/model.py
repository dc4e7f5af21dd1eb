"""A desk's brief: what a search found in a period, gathered once, then written as HTML,
Markdown or DOCX (the writers only lay it out).

The period's articles are read once (page by page, newest first) and grouped by story;
a story's rank is the number of sources that carried it, then of its articles, then its
date. Each theme and country gets its top stories; counts are compared with the period of
the same length just before; "rising this week" is taken as of the period's last day and
the trend chart shows the twelve weeks up to it, by theme.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from typing import Any

from stiwatch.core.facets import FACETS
from stiwatch.deliver.brief.lead import lead_sentences
from stiwatch.search.aggregation import counts, terms
from stiwatch.search.backend import MAX_LIMIT, SearchBackend, SearchQuery
from stiwatch.search.rising import Rising, RisingSettings, rising
from stiwatch.search.trends import Trends, trends

LANGS = ("en", "th", "vi")
TREND_WEEKS = 12
# Articles read for one brief at most (a week is hundreds; a year of everything is not a brief).
MAX_ARTICLES = 20_000

Namer = Callable[[str, str], str]


@dataclass(frozen=True)
class BriefSettings:
    stories_per_section: int = 3
    themes: int = 20
    countries: int = 10
    versions: int = 6


@dataclass
class Version:
    id: str
    title: str
    source: str
    language: str
    url: str


@dataclass
class BriefStory:
    """One story as the brief shows it (its best version for the reader's language)."""

    story_id: str
    id: str
    title: str
    title_translated: str | None
    lead: str
    lead_translated: bool
    source: str
    language: str
    published: str
    url: str
    sources: int
    articles: int
    versions: list[Version] = field(default_factory=list)


@dataclass
class Section:
    """One theme or country: its counts now and before, and its top stories."""

    facet: str
    key: str
    label: str
    count: int
    previous: int
    stories: list[BriefStory]


@dataclass
class Brief:
    lang: str
    since: date
    until: date
    previous_since: date
    previous_until: date
    query: SearchQuery
    scope: list[tuple[str, str]]
    generated_at: str
    total: int = 0
    previous_total: int = 0
    stories_total: int = 0
    truncated: bool = False
    themes: list[Section] = field(default_factory=list)
    countries: list[Section] = field(default_factory=list)
    rising: Rising | None = None
    trend: Trends | None = None

    def to_json(self) -> dict[str, Any]:
        def section(s: Section) -> dict[str, Any]:
            return {
                "key": s.key,
                "label": s.label,
                "count": s.count,
                "previous": s.previous,
                "stories": [{**vars(t), "versions": [vars(v) for v in t.versions]} for t in s.stories],
            }

        return {
            "lang": self.lang,
            "since": self.since.isoformat(),
            "until": self.until.isoformat(),
            "previous": {"since": self.previous_since.isoformat(), "until": self.previous_until.isoformat()},
            "scope": [{"filter": k, "value": v} for k, v in self.scope],
            "generated_at": self.generated_at,
            "total": self.total,
            "previous_total": self.previous_total,
            "stories": self.stories_total,
            "truncated": self.truncated,
            "themes": [section(s) for s in self.themes],
            "countries": [section(s) for s in self.countries],
            "rising": self.rising.to_json() if self.rising else None,
            "trend": self.trend.to_json() if self.trend else None,
        }


def scope_of(query: SearchQuery, name: Namer) -> list[tuple[str, str]]:
    """The search's filters as ``(what, value)`` pairs for people (dates are the brief's own)."""
    out: list[tuple[str, str]] = [("q", query.text)] if query.text else []
    for facet in FACETS:
        for value in getattr(query, facet.query):
            out.append((facet.name, name(facet.name, value)))
    out.extend(("partner", name("country", value)) for value in query.partners)
    return out


def period(since: date | None, until: date | None, today: date) -> tuple[date, date]:
    """The brief's days: a week ending today unless the dates say otherwise."""
    end = until or (since + timedelta(days=6) if since and since + timedelta(days=6) < today else today)
    start = since or end - timedelta(days=6)
    if start > end:
        raise ValueError(f"since ({start}) is after until ({end})")
    return start, end


def _read(backend: SearchBackend, query: SearchQuery) -> tuple[list[dict[str, Any]], bool]:
    """The period's articles, newest first (at most MAX_ARTICLES), and whether some were left."""
    out: list[dict[str, Any]] = []
    while len(out) < MAX_ARTICLES:
        found = backend.search(replace(query, sort="date", limit=MAX_LIMIT, offset=len(out), facets=()))
        out.extend(found.hits)
        if not found.hits or len(out) >= found.total:
            return out, False
    return out, True


def _pick(records: list[dict[str, Any]], lang: str) -> dict[str, Any]:
    """The version to show: in the reader's language, else one translated into it, else the first."""
    for record in records:
        if record.get("language") == lang:
            return record
    for record in records:
        if isinstance((record.get("translations") or {}).get(lang), dict):
            return record
    return records[-1]  # the oldest: usually the original


def make_story(records: list[dict[str, Any]], lang: str, name: Namer, settings: BriefSettings) -> BriefStory:
    shown = _pick(records, lang)
    translation = (shown.get("translations") or {}).get(lang) if shown.get("language") != lang else None
    translation = translation if isinstance(translation, dict) else {}
    lead_source = translation.get("text") or ""
    lead = lead_sentences(str(lead_source), lang) if lead_source else ""
    if not lead:
        lead = lead_sentences(str(shown.get("text") or ""), str(shown.get("language") or ""))
    versions = [
        Version(
            str(r["id"]),
            str(r.get("title") or ""),
            name("source", str(r.get("source") or "")),
            str(r.get("language") or ""),
            str(r.get("url") or ""),
        )
        for r in records
        if r is not shown
    ][: settings.versions]
    return BriefStory(
        story_id=str(shown.get("story_id") or shown["id"]),
        id=str(shown["id"]),
        title=str(shown.get("title") or shown.get("url") or ""),
        title_translated=str(translation["title"]) if translation.get("title") else None,
        lead=lead,
        lead_translated=bool(lead_source) and bool(lead),
        source=name("source", str(shown.get("source") or "")),
        language=str(shown.get("language") or ""),
        published=str(shown.get("published") or "")[:10],
        url=str(shown.get("url") or ""),
        sources=len({r.get("source") for r in records}),
        articles=len(records),
        versions=versions,
    )


def _stories(records: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """Articles grouped by story, ranked: most sources, most articles, newest."""
    grouped: dict[str, list[dict[str, Any]]] = {}
    for record in records:
        grouped.setdefault(str(record.get("story_id") or record["id"]), []).append(record)
    # Newest first, then (stable) by reach: ties in reach keep the newest on top.
    newest = sorted(grouped.values(), key=lambda rs: str(rs[0].get("published") or ""), reverse=True)
    return sorted(newest, key=lambda rs: (-len({r.get("source") for r in rs}), -len(rs)))


def _sections(
    facet: str,
    field_name: str,
    stories: list[list[dict[str, Any]]],
    now: dict[str, int],
    before: dict[str, int],
    shown: int,
    make: Callable[[list[dict[str, Any]]], BriefStory],
    name: Namer,
    settings: BriefSettings,
) -> list[Section]:
    out = []
    for key, count in list(now.items())[:shown]:
        tagged = [rs for rs in stories if any(key in (r.get(field_name) or []) for r in rs)]
        top = [make(rs) for rs in tagged[: settings.stories_per_section]]
        out.append(Section(facet, key, name(facet, key), count, before.get(key, 0), top))
    return out


def build_brief(
    backend: SearchBackend,
    query: SearchQuery,
    *,
    since: date,
    until: date,
    lang: str,
    name: Namer,
    scope: list[tuple[str, str]],
    rising_settings: RisingSettings | None = None,
    settings: BriefSettings | None = None,
) -> Brief:
    """The brief of ``query`` over ``since``..``until`` (inclusive), for a reader of ``lang``."""
    settings = settings or BriefSettings()
    days = (until - since).days + 1
    before = (since - timedelta(days=days), since - timedelta(days=1))
    brief = Brief(
        lang,
        since,
        until,
        before[0],
        before[1],
        query,
        scope,
        datetime.now(UTC).isoformat(timespec="seconds"),
    )
    current = replace(query, since=since, until=until)
    previous = replace(query, since=before[0], until=before[1])
    aggs = {"themes": terms("themes"), "countries": terms("countries")}
    now_counts, before_counts = backend.aggregate(current, aggs), backend.aggregate(previous, aggs)
    brief.total, brief.previous_total = now_counts.total, before_counts.total
    records, brief.truncated = _read(backend, current)
    stories = _stories(records)
    brief.stories_total = len(stories)

    def make(rs: list[dict[str, Any]]) -> BriefStory:
        return make_story(rs, lang, name, settings)

    for facet, field_name, agg, shown, target in (
        ("theme", "themes", "themes", settings.themes, brief.themes),
        ("country", "countries", "countries", settings.countries, brief.countries),
    ):
        target.extend(
            _sections(
                facet,
                field_name,
                stories,
                counts(now_counts.aggregations[agg]),
                counts(before_counts.aggregations[agg]),
                shown,
                make,
                name,
                settings,
            )
        )
    brief.rising = rising(backend, replace(query, since=None, until=None), until, rising_settings)
    window = replace(query, since=until - timedelta(days=7 * TREND_WEEKS - 1), until=until)
    brief.trend = trends(backend, window, "theme", "week", top=5)
    return brief
