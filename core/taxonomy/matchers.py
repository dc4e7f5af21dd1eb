"""The taxonomy's aliases compiled into matchers, once per taxonomy.

Tagging and query expansion both read these: countries, agencies (with the
country-qualified long forms derived from the data), ambiguous aliases, themes,
cooperation types, and the context words that resolve ambiguous aliases.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Protocol

from stiwatch.core.taxonomy.entries import (
    Agency,
    Alias,
    AmbiguousAlias,
    CooperationType,
    Country,
    Theme,
)
from stiwatch.core.taxonomy.masks import ambiguous_forms, headless_forms
from stiwatch.core.taxonomy.phrases import PhraseMatcher
from stiwatch.core.taxonomy.salience import SalienceRules
from stiwatch.core.taxonomy.tokenizer import Tokenizer, thai_alias_words


class Tables(Protocol):
    """The taxonomy tables the matchers compile (``Taxonomy`` has them)."""

    @property
    def countries(self) -> Mapping[str, Country]: ...

    @property
    def agencies(self) -> Mapping[str, Agency]: ...

    @property
    def themes(self) -> Mapping[str, Theme]: ...

    @property
    def cooperation(self) -> Mapping[str, CooperationType]: ...

    @property
    def ambiguous(self) -> tuple[AmbiguousAlias, ...]: ...

    @property
    def country_blockers(self) -> tuple[Alias, ...]: ...

    @property
    def salience(self) -> SalienceRules: ...


# Targets of the entity matcher: (kind, id); for AMBIGUOUS the id is the index of the
# entry in ``Taxonomy.ambiguous``, as a string.
COUNTRY, AGENCY, AMBIGUOUS, BLOCKER = "country", "agency", "ambiguous", "blocker"
Entity = tuple[str, str]
# Targets of the topics matcher: (THEME, theme id, keyword index) or (MASK, agency id or
# "" when the headless name is shared, the index in ``Taxonomy.ambiguous`` of the ambiguous
# alias it is the headless form of, or -1).
THEME, MASK = "theme", "mask"
Topic = tuple[str, str, int]


# Words that join an agency name to its country in long forms: "กระทรวง...ไอซีที
# แห่งสาธารณรัฐเกาหลี", "Bộ ... của Hàn Quốc", "Ministry of ... of the Republic of Korea".
_CONNECTORS = {"th": ("", "แห่ง", "ของ"), "vi": ("", "của", "nước"), "en": ("of", "of the")}


@dataclass(frozen=True, slots=True)
class Concept:
    """A span of a query that names a taxonomy concept, with every way of writing it."""

    facet: str  # countries, agencies, themes or cooperation
    id: str
    start: int
    end: int
    terms: tuple[Alias, ...]
    # A theme has several concepts (its keyword groups): the group's index; -1 otherwise.
    group: int = -1

    @property
    def key(self) -> str:
        """The concept's id across facets: ``countries:TH``, ``themes:semiconductors:0``."""
        return concept_key(self.facet, self.id, self.group)


def concept_key(facet: str, ident: str, group: int = -1) -> str:
    return f"{facet}:{ident}" if group < 0 else f"{facet}:{ident}:{group}"


# Connectors left at the end of a stem once the country is cut off, longest first.
_STEM_TAILS = {
    "th": ("แห่งประเทศ", "ของประเทศ", "ประเทศ", "แห่ง", "ของ"),
    "vi": ("của", "nước"),
    "en": ("of the", "of", "the"),
}


def _strip_suffix(text: str, suffix: str, lang: str) -> str | None:
    """``text`` minus a trailing ``suffix`` and the connector before it, or None."""
    if lang == "th":
        if not text.endswith(suffix):
            return None
        bare = text[: -len(suffix)].rstrip()
    elif text.casefold().endswith(" " + suffix.casefold()):
        bare = text[: -len(suffix)].rstrip()
    else:
        return None
    for tail in _STEM_TAILS.get(lang, ()):
        if lang == "th" and bare.endswith(tail):
            return bare[: -len(tail)].rstrip()
        if lang != "th" and bare.casefold().endswith(" " + tail):
            return bare[: -len(tail)].rstrip()
    return bare


class TaxonomyMatchers:
    """The taxonomy's aliases compiled into matchers, one per kind of tag."""

    def __init__(self, taxonomy: Tables) -> None:
        self.taxonomy = taxonomy
        self.long_forms = self._long_forms()
        self.tokenize = Tokenizer(thai_alias_words(self._all_alias_texts()))
        tok = self.tokenize
        # Countries, agencies, ambiguous aliases and blockers share one matcher: a
        # country named inside an agency name is part of that name ("Ministry of Science
        # and Technology of China" is MOST-CN, which implies CN anyway).
        self.entities: PhraseMatcher[Entity] = PhraseMatcher(proper=True, tokenizer=tok)
        self._fill_entities(self.entities)
        self.themes: PhraseMatcher[tuple[str, int]] = PhraseMatcher(tokenizer=tok)
        for theme in taxonomy.themes.values():
            for k, keyword in enumerate(theme.keywords):
                for alias in keyword.terms:
                    self.themes.add(alias, (theme.id, k))
        self.cooperation: PhraseMatcher[str] = PhraseMatcher(tokenizer=tok)
        for ctype in taxonomy.cooperation.values():
            for alias in ctype.all_aliases():
                self.cooperation.add(alias, ctype.id)
        self.context: PhraseMatcher[tuple[int, int]] = PhraseMatcher(tokenizer=tok)
        for index, amb in enumerate(taxonomy.ambiguous):
            for c, cand in enumerate(amb.candidates):
                for alias in cand.context:
                    self.context.add(alias, (index, c))
        # Tagging reads theme keywords and agency names without their opening word in one
        # pass: a longer name wins over a keyword inside it (which then is no topic), and
        # a keyword as long as the name ("ทรัพย์สินทางปัญญา") wins over it (added first).
        self.topics: PhraseMatcher[Topic] = PhraseMatcher(tokenizer=tok)
        for theme in taxonomy.themes.values():
            for k, keyword in enumerate(theme.keywords):
                for alias in keyword.terms:
                    self.topics.add(alias, (THEME, theme.id, k))
        ambiguous = [a.alias.text for a in taxonomy.ambiguous]
        rules = taxonomy.salience
        unsure = ambiguous_forms([a.alias for a in taxonomy.ambiguous], rules.heads)
        for alias, agency_id in headless_forms(taxonomy.agencies, rules.heads, ambiguous, rules.boards):
            self.topics.add(alias, (MASK, agency_id, -1 if agency_id else unsure.get(alias, -1)))
        for lang, names in rules.names.items():
            for name in names:
                self.topics.add(Alias(name, lang), (MASK, "", -1))
        self._query_entities: PhraseMatcher[Entity] | None = None

    def _fill_entities(self, matcher: PhraseMatcher[Entity]) -> None:
        tax = self.taxonomy
        ambiguous_texts = {a.alias.text for a in tax.ambiguous}
        for country in tax.countries.values():
            for alias in country.all_aliases():
                matcher.add(alias, (COUNTRY, country.id))
        for agency in tax.agencies.values():
            for alias in agency.all_aliases():
                if alias.text not in ambiguous_texts:
                    matcher.add(alias, (AGENCY, agency.id))
        for alias, agency_id in self.long_forms:
            matcher.add(alias, (AGENCY, agency_id))
        for index, amb in enumerate(tax.ambiguous):
            matcher.add(amb.alias, (AMBIGUOUS, str(index)))
        for alias in tax.country_blockers:
            matcher.add(alias, (BLOCKER, ""))

    def _all_alias_texts(self) -> Iterator[str]:
        tax = self.taxonomy
        for country in tax.countries.values():
            yield from (a.text for a in country.all_aliases())
        for agency in tax.agencies.values():
            yield from (a.text for a in agency.all_aliases())
        yield from (a.text for a, _ in self.long_forms)
        for amb in tax.ambiguous:
            yield amb.alias.text
            for cand in amb.candidates:
                yield from (a.text for a in cand.context)
        yield from (a.text for a in tax.country_blockers)
        for theme in tax.themes.values():
            for keyword in theme.keywords:
                yield from (a.text for a in keyword.terms)
        for ctype in tax.cooperation.values():
            yield from (a.text for a in ctype.all_aliases())

    def _long_forms(self) -> list[tuple[Alias, str]]:
        """Country-qualified variants of agency names, derived from the data.

        A name that ends with its country ("กระทรวงวิทยาศาสตร์และไอซีทีเกาหลี") or carries
        a country qualifier ("Ministry of Science and Technology (China)") gives a stem;
        the stem followed by a connector and ANY name of that country is the same body
        ("...ไอซีทีแห่งสาธารณรัฐเกาหลี", "...Technology of the People's Republic of
        China"). A variant two agencies would share, or an explicit alias, is left out.
        """
        tax = self.taxonomy
        explicit = {a.text for ag in tax.agencies.values() for a in ag.all_aliases()} | {
            a.alias.text for a in tax.ambiguous
        }
        owners: dict[tuple[str, str], set[str]] = {}
        for agency in tax.agencies.values():
            country = tax.countries.get(agency.country or "")
            if country is None:
                continue
            cnames: dict[str, set[str]] = {}
            for alias in (*country.all_aliases(), *(Alias(n, lg) for lg, n in country.names.items())):
                cnames.setdefault(alias.lang, set()).add(alias.text)
            stems: set[tuple[str, str]] = set()
            for lang, name in agency.names.items():
                bare = re.sub(r"\s*\([^()]*\)\s*$", "", name).strip()
                # A qualified display name ("... (China)") names the body with its country.
                if bare != name.strip() and (lang == "th" or len(bare.split()) >= 2):
                    stems.add((lang, bare))
            for alias in agency.all_aliases():
                if alias in agency.acronyms:
                    continue
                # The longest country name that ends the alias ("สาธารณรัฐประชาชนจีน", not "จีน").
                for cname in sorted(cnames.get(alias.lang, ()), key=len, reverse=True):
                    stem = _strip_suffix(alias.text, cname, alias.lang)
                    if stem is not None:
                        if len(stem) >= 8:
                            stems.add((alias.lang, stem))
                        break
            for lang, stem in stems:
                for cname in cnames.get(lang, ()):
                    for conn in _CONNECTORS.get(lang, ()):
                        text = " ".join(p for p in (stem, conn, cname) if p)
                        if lang == "th":
                            text = f"{stem}{conn}{cname}"
                        owners.setdefault((lang, text), set()).add(agency.id)
                    if lang == "en":
                        for form in (f"{cname} {stem}", f"{cname}'s {stem}", f"{cname}’s {stem}"):
                            owners.setdefault((lang, form), set()).add(agency.id)
        out = []
        for (lang, text), ids in sorted(owners.items()):
            if len(ids) == 1 and text not in explicit:
                out.append((Alias(text, lang), next(iter(ids))))
        return out

    # -- queries --------------------------------------------------------------------

    def _query_entity_matcher(self) -> PhraseMatcher[Entity]:
        """Entities for queries: English proper names match in lower case too."""
        if self._query_entities is None:
            matcher: PhraseMatcher[Entity] = PhraseMatcher(proper=False, tokenizer=self.tokenize)
            self._fill_entities(matcher)
            self._query_entities = matcher
        return self._query_entities

    def concepts(self, text: str) -> list[Concept]:
        """Non-overlapping spans of ``text`` naming a country, agency, theme concept or
        cooperation type, left to right (the longer span wins an overlap)."""
        tax = self.taxonomy
        tokens = self.tokenize(text)
        found: list[Concept] = []
        for hit in self._query_entity_matcher().find(tokens):
            kind, ident = hit.target
            if kind == COUNTRY:
                found.append(
                    Concept("countries", ident, hit.start, hit.end, tax.countries[ident].all_aliases())
                )
            elif kind == AGENCY:
                agency = tax.agencies[ident]
                found.append(Concept("agencies", ident, hit.start, hit.end, agency.all_aliases()))
        for th in self.themes.find(tokens):
            theme_id, k = th.target
            found.append(
                Concept("themes", theme_id, th.start, th.end, tax.themes[theme_id].keywords[k].terms, k)
            )
        for co in self.cooperation.find(tokens):
            found.append(
                Concept("cooperation", co.target, co.start, co.end, tax.cooperation[co.target].all_aliases())
            )
        found.sort(key=lambda c: (-(c.end - c.start), c.start))
        kept: list[Concept] = []
        for concept in found:
            if all(concept.end <= k.start or k.end <= concept.start for k in kept):
                kept.append(concept)
        return sorted(kept, key=lambda c: c.start)

    def concept_terms(self) -> dict[str, tuple[Alias, ...]]:
        """Every concept :meth:`concepts` can find, by ``Concept.key``, with the aliases it
        gives that concept (what query expansion and the index's concept field read)."""
        tax = self.taxonomy
        table: dict[str, tuple[Alias, ...]] = {}
        for country in tax.countries.values():
            table[concept_key("countries", country.id)] = country.all_aliases()
        for agency in tax.agencies.values():
            table[concept_key("agencies", agency.id)] = agency.all_aliases()
        for theme in tax.themes.values():
            for k, keyword in enumerate(theme.keywords):
                table[concept_key("themes", theme.id, k)] = keyword.terms
        for ctype in tax.cooperation.values():
            table[concept_key("cooperation", ctype.id)] = ctype.all_aliases()
        return table

    def expand(self, text: str) -> list[str]:
        """The query, then every alias (en/th/vi) of each concept it names."""
        out: list[str] = []
        seen: set[str] = set()

        def add(terms: Iterable[str]) -> None:
            for term in terms:
                key = term.casefold()
                if key not in seen:
                    seen.add(key)
                    out.append(term)

        query = " ".join(text.split())
        if not query:
            return []
        add([query])
        for concept in self.concepts(query):
            add(a.text for a in concept.terms)
        return out
