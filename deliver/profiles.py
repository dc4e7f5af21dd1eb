"""Country and agency profiles: who they are, what is written about them, with whom, on what.

A profile holds the taxonomy entry (names in English, Thai and Vietnamese; for an agency
its country, parent, sub-bodies, years and mergers), a monthly timeline of the articles
tagged with it, its top partners (the other countries and agencies tagged on the same
articles), its themes, and its cooperation events: articles tagged with a cooperation type
(MoU, visit, joint committee …), one per story, with their forum numbers. A country
profile with a partner is one relationship: the articles about both.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from stiwatch.core.facets import BY_NAME
from stiwatch.core.taxonomy import Taxonomy
from stiwatch.search.aggregation import counts, terms
from stiwatch.search.backend import SearchBackend, SearchQuery
from stiwatch.search.trends import Trends, trends

TOP_PARTNERS = 12
EVENTS_SHOWN = 25
RECENT_SHOWN = 20
# Facets counted on a profile's articles (the partners are countries and agencies).
COUNTED = ("country", "agency", "theme", "cooperation", "forum")


class UnknownEntity(LookupError):
    """No country or agency with this id in the taxonomy."""


@dataclass
class Profile:
    """One country or agency (or one relationship) and its articles."""

    kind: str  # "country" | "agency"
    id: str
    names: dict[str, str]
    facts: dict[str, Any]
    partner: str | None = None
    total: int = 0
    timeline: Trends | None = None
    counted: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    events: list[dict[str, Any]] = field(default_factory=list)
    recent: list[dict[str, Any]] = field(default_factory=list)

    def partners(self, facet: str) -> list[tuple[str, int]]:
        """The values tagged alongside this one (itself and the partner left out)."""
        own = {self.id, self.partner}
        return [(v, n) for v, n in self.counted.get(facet, []) if v not in own][:TOP_PARTNERS]

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "id": self.id,
            "names": self.names,
            **self.facts,
            "partner": self.partner,
            "total": self.total,
            "timeline": self.timeline.to_json() if self.timeline else None,
            "partner_countries": [{"key": k, "count": n} for k, n in self.partners("country")],
            "partner_agencies": [{"key": k, "count": n} for k, n in self.partners("agency")],
            "themes": [{"key": k, "count": n} for k, n in self.counted.get("theme", [])],
            "cooperation": [{"key": k, "count": n} for k, n in self.counted.get("cooperation", [])],
            "forums": [{"key": k, "count": n} for k, n in self.counted.get("forum", [])],
            "events": self.events,
            "recent": self.recent,
        }


def _names(entry: Any) -> dict[str, str]:
    return {lang: str(entry.names.get(lang) or "") for lang in ("en", "th", "vi")}


def entity_facts(taxonomy: Taxonomy, kind: str, entity_id: str) -> tuple[dict[str, str], dict[str, Any]]:
    """Names and facts of a taxonomy entry. Raises: UnknownEntity."""
    if kind == "country":
        country = taxonomy.countries.get(entity_id)
        if country is None:
            raise UnknownEntity(f"no country {entity_id!r} in the taxonomy (ISO 3166 alpha-2, e.g. TH)")
        agencies = sorted(a.id for a in taxonomy.agencies.values() if a.country == entity_id)
        return _names(country), {"asean": country.asean, "agencies": agencies}
    agency = taxonomy.agencies.get(entity_id)
    if agency is None:
        raise UnknownEntity(f"no agency {entity_id!r} in the taxonomy (e.g. NSTDA, MOST-VN)")
    facts = {
        "country": agency.country,
        "international": agency.international,
        "acronyms": [a.text for a in agency.acronyms],
        "former_names": [{"name": a.text, "lang": a.lang} for a in agency.former_names],
        "parent": agency.parent,
        "ancestors": taxonomy.ancestors(entity_id),
        "children": sorted(a.id for a in taxonomy.agencies.values() if a.parent == entity_id),
        "since": agency.since,
        "until": agency.until,
        "merged_into": agency.merged_into,
        "merged_from": sorted(a.id for a in taxonomy.agencies.values() if a.merged_into == entity_id),
    }
    return _names(agency), facts


def _summary(record: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": record["id"],
        "title": record.get("title") or "",
        "translations": {
            lang: v.get("title")
            for lang, v in (record.get("translations") or {}).items()
            if isinstance(v, dict) and v.get("title")
        },
        "language": record.get("language"),
        "source": record.get("source"),
        "published": record.get("published"),
        "url": record.get("url"),
        "countries": record.get("countries") or [],
        "agencies": record.get("agencies") or [],
        "cooperation": record.get("cooperation") or [],
        "forums": record.get("forums") or [],
        "versions": record.get("versions") or [],
    }


def build_profile(
    backend: SearchBackend,
    taxonomy: Taxonomy,
    kind: str,
    entity_id: str,
    *,
    partner: str | None = None,
    interval: str = "month",
) -> Profile:
    """The profile of a country (``kind="country"``, optionally with a partner country) or
    an agency. Raises: UnknownEntity (an id, or a partner, not in the taxonomy)."""
    names, facts = entity_facts(taxonomy, kind, entity_id)
    if partner is not None:
        if kind != "country":
            raise UnknownEntity("a partner is a country, and goes with a country profile")
        entity_facts(taxonomy, "country", partner)
    own = BY_NAME[kind]
    own_filter: dict[str, Any] = {own.query: (entity_id,)}
    scope = replace(SearchQuery(partners=(partner,) if partner else (), facets=()), **own_filter)
    out = Profile(kind, entity_id, names, facts, partner=partner)
    found = backend.aggregate(scope, {name: terms(BY_NAME[name].field) for name in COUNTED})
    out.total = found.total
    out.counted = {name: list(counts(found.aggregations[name]).items()) for name in COUNTED}
    out.timeline = trends(backend, scope, "theme", interval, top=6)
    recent = backend.search(SearchQuery(**_fields(scope), sort="date", collapse=True, limit=RECENT_SHOWN))
    out.recent = [_summary(r) for r in recent.hits]
    cooperation = tuple(v for v, _ in out.counted["cooperation"])
    if cooperation:
        events = backend.search(
            SearchQuery(
                **_fields(scope), cooperation=cooperation, sort="date", collapse=True, limit=EVENTS_SHOWN
            )
        )
        out.events = [_summary(r) for r in events.hits]
    return out


def _fields(scope: SearchQuery) -> dict[str, Any]:
    """The filters of ``scope`` as keyword arguments for another SearchQuery."""
    return {
        name: getattr(scope, name) for name in ("countries", "agencies", "partners") if getattr(scope, name)
    }
