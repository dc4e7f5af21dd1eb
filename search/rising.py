"""What is rising this week: themes, countries and agencies with significantly more articles.

For the seven local days ending ``as_of`` (this week) and the ``weeks`` seven-day windows
before it (the baseline), count the articles of each theme, country and agency among those
matching the scope search (every article by default). A value rises when, all three:

1. its count this week is at least ``min_count``;
2. it is at least ``min_ratio`` times what the baseline predicts (the baseline's weekly
   mean, scaled by this week's share of all articles when ``volume_adjusted``: a new source
   or a crawl outage changes every count, not one theme's share);
3. the exact conditional Poisson test (stiwatch.search.significance) gives a p-value whose
   Benjamini–Hochberg adjustment over every value tested (all three facets together) is at
   most ``fdr``: among the values flagged, at most that share are expected to be chance.

One aggregation request, answered alike by both backends, holds every count.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Any

from stiwatch.core.facets import BY_NAME
from stiwatch.search.aggregation import counts, day_ranges, terms
from stiwatch.search.backend import SearchBackend, SearchQuery
from stiwatch.search.significance import benjamini_hochberg, binomial_sf

WINDOW_DAYS = 7


@dataclass(frozen=True)
class RisingSettings:
    """The ``[rising]`` configuration section."""

    weeks: int = 8
    min_count: int = 3
    min_ratio: float = 1.5
    fdr: float = 0.05
    volume_adjusted: bool = True
    facets: tuple[str, ...] = ("theme", "country", "agency")
    max_items: int = 10

    @classmethod
    def from_config(cls, section: dict[str, Any]) -> RisingSettings:
        facets = tuple(str(f) for f in section.get("facets", cls.facets))
        unknown = [f for f in facets if f not in BY_NAME]
        if unknown:
            raise ValueError(f"rising.facets: unknown facet(s) {', '.join(unknown)}")
        return cls(
            weeks=max(1, int(section.get("weeks", cls.weeks))),
            min_count=max(1, int(section.get("min_count", cls.min_count))),
            min_ratio=float(section.get("min_ratio", cls.min_ratio)),
            fdr=float(section.get("fdr", cls.fdr)),
            volume_adjusted=bool(section.get("volume_adjusted", cls.volume_adjusted)),
            facets=facets,
            max_items=max(1, int(section.get("max_items", cls.max_items))),
        )


@dataclass
class RisingItem:
    """One facet value's counts and test."""

    facet: str
    value: str
    current: int
    baseline: list[int]
    expected: float
    ratio: float | None
    p_value: float
    q_value: float = 1.0
    rising: bool = False

    def to_json(self) -> dict[str, Any]:
        return {
            "facet": self.facet,
            "key": self.value,
            "current": self.current,
            "baseline": self.baseline,
            "baseline_mean": round(sum(self.baseline) / max(len(self.baseline), 1), 3),
            "expected": round(self.expected, 3),
            "ratio": None if self.ratio is None else round(self.ratio, 3),
            "p_value": self.p_value,
            "q_value": self.q_value,
        }


@dataclass
class Rising:
    """The week, its baseline, the totals and the values flagged (most significant first)."""

    as_of: date
    week: tuple[date, date]
    baseline: tuple[date, date]
    settings: RisingSettings
    current_total: int = 0
    baseline_totals: list[int] = field(default_factory=list)
    tested: int = 0
    items: list[RisingItem] = field(default_factory=list)

    @property
    def has_baseline(self) -> bool:
        return sum(self.baseline_totals) > 0

    def to_json(self) -> dict[str, Any]:
        s = self.settings
        return {
            "as_of": self.as_of.isoformat(),
            "week": {"start": self.week[0].isoformat(), "end": self.week[1].isoformat()},
            "baseline": {"start": self.baseline[0].isoformat(), "end": self.baseline[1].isoformat()},
            "current_total": self.current_total,
            "baseline_totals": self.baseline_totals,
            "tested": self.tested,
            "test": {
                "method": "exact conditional Poisson (binomial) test, Benjamini-Hochberg adjusted",
                "weeks": s.weeks,
                "min_count": s.min_count,
                "min_ratio": s.min_ratio,
                "fdr": s.fdr,
                "volume_adjusted": s.volume_adjusted,
            },
            "items": [i.to_json() for i in self.items],
        }


def windows(as_of: date, weeks: int) -> list[tuple[str, date, date]]:
    """``w0`` (the seven days ending ``as_of``), then ``w1`` … ``w<weeks>`` going back."""
    out = []
    for n in range(weeks + 1):
        last = as_of - timedelta(days=WINDOW_DAYS * n)
        out.append((f"w{n}", last - timedelta(days=WINDOW_DAYS - 1), last))
    return out


def score(
    current: int, baseline: list[int], current_total: int, baseline_total: int, volume_adjusted: bool
) -> tuple[float, float | None, float]:
    """(expected count this week, ratio to it, p-value) for one value."""
    weeks = len(baseline)
    past = sum(baseline)
    if volume_adjusted:
        if baseline_total <= 0 or current_total <= 0:
            return 0.0, None, 1.0
        share = current_total / (current_total + baseline_total)
        expected = past * current_total / baseline_total
    else:
        share = 1.0 / (weeks + 1)
        expected = past / weeks
    p_value = binomial_sf(current, current + past, share)
    ratio = current / expected if expected > 0 else None
    return expected, ratio, p_value


def rising(
    backend: SearchBackend,
    scope: SearchQuery,
    as_of: date,
    settings: RisingSettings | None = None,
) -> Rising:
    """The values of ``settings.facets`` rising in the week ending ``as_of`` within ``scope``."""
    settings = settings or RisingSettings()
    spans = windows(as_of, settings.weeks)
    query = replace(
        scope, since=spans[-1][1], until=as_of, limit=0, offset=0, facets=(), collapse=False, highlight=False
    )
    sub = {name: terms(BY_NAME[name].field) for name in settings.facets}
    found = backend.aggregate(query, {"weeks": day_ranges(spans, **sub)})
    buckets = found.aggregations["weeks"]["buckets"]
    out = Rising(as_of, (spans[0][1], spans[0][2]), (spans[-1][1], spans[1][2]), settings)
    out.current_total = buckets[0]["doc_count"]
    out.baseline_totals = [b["doc_count"] for b in buckets[1:]]
    tested: list[RisingItem] = []
    for name in settings.facets:
        per_week = [counts(b[name]) for b in buckets]
        for value in sorted(set().union(*per_week)):
            current = per_week[0].get(value, 0)
            baseline = [week.get(value, 0) for week in per_week[1:]]
            expected, ratio, p_value = score(
                current, baseline, out.current_total, sum(out.baseline_totals), settings.volume_adjusted
            )
            tested.append(RisingItem(name, value, current, baseline, expected, ratio, p_value))
    for item, q_value in zip(tested, benjamini_hochberg([i.p_value for i in tested]), strict=True):
        item.q_value = q_value
        item.rising = (
            q_value <= settings.fdr
            and item.current >= settings.min_count
            and (item.ratio is None or item.ratio >= settings.min_ratio)
            and out.has_baseline
        )
    out.tested = len(tested)
    flagged = sorted((i for i in tested if i.rising), key=lambda i: (i.p_value, -i.current, i.facet, i.value))
    out.items = flagged[: settings.max_items]
    return out
