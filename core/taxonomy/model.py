"""The taxonomy: countries, agencies, themes, cooperation types and forums, with their matchers.

Built and validated by ``stiwatch.core.taxonomy.loader``; read by the tag stage, the
registry (ids), search (facet labels, query expansion) and the CLI.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from stiwatch.core.facets import FACETS
from stiwatch.core.taxonomy.entries import (
    Agency,
    Alias,
    AmbiguousAlias,
    CooperationType,
    Country,
    Forum,
    Theme,
    ThemeScoring,
)
from stiwatch.core.taxonomy.home import HomeEvidence
from stiwatch.core.taxonomy.matchers import TaxonomyMatchers
from stiwatch.core.taxonomy.salience import SalienceRules

# Taxonomy tables by the name of the facet they label ("country"), and by their own name.
_TABLE_OF_FACET = {f.name: f.labels for f in FACETS if f.labels}
TABLES = tuple(_TABLE_OF_FACET.values())


@dataclass(frozen=True)
class Taxonomy:
    """The loaded, validated taxonomy (build it with ``load_taxonomy()``)."""

    countries: Mapping[str, Country]
    agencies: Mapping[str, Agency]
    themes: Mapping[str, Theme]
    cooperation: Mapping[str, CooperationType] = field(default_factory=dict)
    forums: tuple[Forum, ...] = ()
    ambiguous: tuple[AmbiguousAlias, ...] = ()
    country_blockers: tuple[Alias, ...] = ()
    scoring: ThemeScoring = field(default_factory=ThemeScoring)
    # How much an article is about what it names (salience.yaml).
    salience: SalienceRules = field(default_factory=SalienceRules)
    # What shows an article is a country's home news (home.yaml), by country id.
    home: Mapping[str, HomeEvidence] = field(default_factory=dict)

    @property
    def country_ids(self) -> frozenset[str]:
        return frozenset(self.countries)

    @property
    def agency_ids(self) -> frozenset[str]:
        return frozenset(self.agencies)

    @property
    def theme_ids(self) -> frozenset[str]:
        return frozenset(self.themes)

    @property
    def cooperation_ids(self) -> frozenset[str]:
        return frozenset(self.cooperation)

    def _facet(self, facet: str) -> Mapping[str, Any]:
        # The facet's name ("country") or its table's ("countries"), as people type both.
        name = _TABLE_OF_FACET.get(facet, facet)
        if name not in TABLES:
            raise KeyError(f"unknown facet {facet!r} (one of {', '.join(TABLES)})")
        table: Mapping[str, Any] = getattr(self, name)
        return table

    def label(self, facet: str, id: str, lang: str = "en") -> str:
        """Display label of a facet value in ``lang`` (en/th/vi).

        Falls back to English, then to the id itself (an id no longer in the taxonomy).
        """
        entry = self._facet(facet).get(id)
        if entry is None:
            return id
        names: Mapping[str, str] = entry.names
        return names.get(lang) or names.get("en") or id

    def ancestors(self, agency_id: str) -> list[str]:
        """Parent chain of an agency, nearest first."""
        out: list[str] = []
        current = self.agencies.get(agency_id)
        while current is not None and current.parent and current.parent not in out:
            out.append(current.parent)
            current = self.agencies.get(current.parent)
        return out

    @cached_property
    def matchers(self) -> TaxonomyMatchers:
        """Compiled alias matchers (built on first use: tagging and query expansion)."""
        return TaxonomyMatchers(self)

    def expand_query_terms(self, text: str) -> list[str]:
        """The query followed by every alias (en/th/vi) of each concept it names.

        ``"semiconductor"`` gives the semiconductor terms in Thai and Vietnamese;
        ``"NSTDA"`` gives สวทช. and its full names. Unknown words expand to nothing.
        """
        return self.matchers.expand(text)
