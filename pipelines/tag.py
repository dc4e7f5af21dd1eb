"""Tag stage: countries, agencies, themes, cooperation types and forums of an article.

``tag_article`` is a pure function over the title and text; ``TagStage`` applies it to an
``Article`` and ``TagPipeline`` is its Scrapy adapter. Every tag keeps its evidence (the
words that produced it and where: title, lead or body) in ``article.tag_evidence``.

Rules, in short:
- agencies: every alias found; an ambiguous alias (DOST, NRF, สนช., the bare "Ministry
  of Science and Technology") goes to the candidate best supported by the article's
  context words and countries, the publisher's country and the article language;
  a named agency also brings in its parent bodies (NECTEC → NSTDA).
- countries: the countries the article names, plus the country of each agency it
  names. The publisher's own country comes in the same way when named, and also when
  the article names no country at all (it is then about home news).
- themes: keyword weights add up (more in the title and lead, a little more for each
  repeat); weak keywords are capped, so a list of generic words ("data, platforms,
  chips") makes no theme, and a theme needs the threshold. The fields of cooperation
  an agreement lists ("AI, biotechnology and smart cities") are strong terms and do
  count. Keywords inside an agency's name do not count (naming a ministry is not a
  topic).
"""

from __future__ import annotations

import logging
import re
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, ClassVar

from stiwatch.core.article import Article
from stiwatch.core.taxonomy import Taxonomy, load_taxonomy
from stiwatch.core.taxonomy.matchers import AGENCY, AMBIGUOUS, COUNTRY, Entity, TaxonomyMatchers
from stiwatch.core.taxonomy.phrases import Hit
from stiwatch.core.taxonomy.tokenizer import Token
from stiwatch.pipelines.base import PipelineContext, StagePipeline

logger = logging.getLogger(__name__)

WHERE = ("title", "lead", "body")
# The country whose publications are written in a language: a tie-break for ambiguous
# aliases (a bare "กระทรวงวิทยาศาสตร์และเทคโนโลยี" in a Thai text is Thailand's).
LANGUAGE_HOME = {"th": "TH", "vi": "VN"}
# Evidence kept per tag: enough to explain it, small enough to store on every article.
MAX_EVIDENCE = 3
_THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
_PARAGRAPHS = re.compile(r"\n\s*\n")


@dataclass
class Tags:
    """What the tag stage found in one article (ids sorted)."""

    countries: list[str] = field(default_factory=list)
    agencies: list[str] = field(default_factory=list)
    themes: list[str] = field(default_factory=list)
    cooperation: list[str] = field(default_factory=list)
    forums: list[str] = field(default_factory=list)
    evidence: dict[str, list[dict[str, str]]] = field(default_factory=dict)
    theme_scores: dict[str, float] = field(default_factory=dict)


def split_parts(title: str, text: str) -> list[tuple[str, str]]:
    """(where, text) for the title, the lead (first paragraph) and the rest of the body."""
    text = text.strip()
    paragraphs = [p for p in _PARAGRAPHS.split(text) if p.strip()]
    if len(paragraphs) <= 1:
        # No blank lines (many extracted pages): paragraphs are lines.
        paragraphs = [p for p in text.split("\n") if p.strip()]
    lead = paragraphs[0] if paragraphs else ""
    body = "\n\n".join(paragraphs[1:])
    return [("title", title.strip()), ("lead", lead), ("body", body)]


@dataclass
class _Part:
    where: str
    text: str
    tokens: list[Token]
    entities: list[Hit[Entity]]

    def names(self) -> list[Hit[Entity]]:
        """Spans of agency names: keywords inside them are not topics."""
        return [h for h in self.entities if h.target[0] in (AGENCY, AMBIGUOUS)]


class _Evidence:
    """Collects evidence rows per facet and id, at most MAX_EVIDENCE distinct rows each."""

    def __init__(self) -> None:
        self.rows: dict[str, dict[str, list[dict[str, str]]]] = defaultdict(dict)

    def add(self, facet: str, ident: str, alias: str, where: str, via: str | None = None) -> None:
        rows = self.rows[facet].setdefault(ident, [])
        row = {"id": ident, "alias": alias, "where": where}
        if via:
            row["via"] = via
        if len(rows) < MAX_EVIDENCE and row not in rows:
            rows.append(row)

    def export(self, facet: str, keep: list[str]) -> list[dict[str, str]]:
        return [row for ident in keep for row in self.rows[facet].get(ident, [])]


def _resolve_ambiguous(
    taxonomy: Taxonomy,
    index: int,
    context_hits: Counter[tuple[int, int]],
    country_mentions: Counter[str],
    source_country: str | None,
    language: str,
) -> str | None:
    """The agency an ambiguous alias names here, or None (a body we do not tag)."""
    amb = taxonomy.ambiguous[index]
    home = LANGUAGE_HOME.get(language)
    scored = []
    for c, cand in enumerate(amb.candidates):
        score = 2.0 * context_hits[(index, c)]
        if cand.country:
            score += country_mentions[cand.country]
            score += 1.5 if cand.country == source_country else 0.0
            score += 0.5 if cand.country == home else 0.0
        scored.append((score, cand.id))
    best = max(score for score, _ in scored)
    if best <= 0:
        return amb.default
    winners = [cid for score, cid in scored if score == best]
    return amb.default if amb.default in winners else winners[0]


def _overlaps(hit: Hit[Any], spans: list[Hit[Entity]]) -> bool:
    return any(hit.start < s.end and s.start < hit.end for s in spans)


def _score_themes(
    taxonomy: Taxonomy, parts: list[_Part], threshold: float, evidence: _Evidence
) -> dict[str, float]:
    """Score of every theme with at least one keyword hit outside agency names."""
    sc = taxonomy.scoring
    multiplier = {"title": sc.title, "lead": sc.lead, "body": sc.body}
    # (theme, keyword index) -> [multipliers of each hit]
    hits: dict[tuple[str, int], list[float]] = defaultdict(list)
    for part in parts:
        names = part.names()
        for hit in taxonomy.matchers.themes.find(part.tokens):
            if _overlaps(hit, names):
                continue
            theme_id, k = hit.target
            hits[(theme_id, k)].append(multiplier[part.where])
            evidence.add("themes", theme_id, part.text[hit.start : hit.end], part.where)
    strong: dict[str, float] = defaultdict(float)
    weak: dict[str, float] = defaultdict(float)
    for (theme_id, k), mults in hits.items():
        weight = taxonomy.themes[theme_id].keywords[k].weight
        repeats = min(len(mults) - 1, sc.max_repeats)
        value = weight * max(mults) + weight * sc.repeat * repeats
        if weight < sc.weak_below:
            weak[theme_id] += value
        else:
            strong[theme_id] += value
    scores = {t: strong[t] + min(weak[t], sc.weak_cap) for t in set(strong) | set(weak)}
    return {t: round(s, 2) for t, s in scores.items() if s > 0 and t}


def find_forums(taxonomy: Taxonomy, text: str) -> list[str]:
    """Numbered meetings named in ``text`` ("COSTI-84", "SCIRD-59"), sorted."""
    text = text.translate(_THAI_DIGITS)
    found = set()
    for forum in taxonomy.forums:
        for pattern in forum.patterns:
            for m in pattern.finditer(text):
                found.add(f"{forum.id}-{int(m.group('n'))}")
    return sorted(found)


def _mentions(
    parts: list[_Part], matchers: TaxonomyMatchers, evidence: _Evidence
) -> tuple[Counter[str], Counter[tuple[int, int]]]:
    """Countries named, and the context words of ambiguous aliases, over every part."""
    country_mentions: Counter[str] = Counter()
    context_hits: Counter[tuple[int, int]] = Counter()
    for part in parts:
        for hit in part.entities:
            kind, name = hit.target
            if kind == COUNTRY:
                country_mentions[name] += 1
                evidence.add("countries", name, part.text[hit.start : hit.end], part.where)
        for context in matchers.context.find(part.tokens):
            context_hits[context.target] += 1
    return country_mentions, context_hits


def _agencies(
    taxonomy: Taxonomy,
    parts: list[_Part],
    resolve: Callable[[int], str | None],
    evidence: _Evidence,
    include_parents: bool,
) -> list[str]:
    """Agencies named: direct aliases, then ambiguous ones resolved by ``resolve``."""
    agencies: list[str] = []
    for part in parts:
        for hit in part.entities:
            kind, name = hit.target
            ident: str | None = name
            if kind == AMBIGUOUS:
                ident = resolve(int(name))
            elif kind != AGENCY:
                continue
            if ident is None:
                continue
            surface = part.text[hit.start : hit.end]
            evidence.add("agencies", ident, surface, part.where)
            if ident not in agencies:
                agencies.append(ident)
            if include_parents:
                for parent in taxonomy.ancestors(ident):
                    evidence.add("agencies", parent, surface, part.where, via=ident)
                    if parent not in agencies:
                        agencies.append(parent)
    return agencies


def _countries(
    taxonomy: Taxonomy,
    mentions: Counter[str],
    agencies: list[str],
    source_country: str | None,
    evidence: _Evidence,
    include_publisher: bool,
) -> set[str]:
    """Countries named, those of the agencies named, else the publisher's own."""
    countries = set(mentions)
    for ident in agencies:
        country = taxonomy.agencies[ident].country
        if country and country not in mentions:
            countries.add(country)
            for row in evidence.rows["agencies"].get(ident, [])[:1]:
                evidence.add("countries", country, row["alias"], row["where"], via=ident)
    if not countries and source_country and source_country in taxonomy.countries and include_publisher:
        # An article that names no country at all is about its publisher's own
        # (a Hanoi department's news on Hanoi startups).
        countries.add(source_country)
        evidence.add("countries", source_country, "", "source", via="publisher")
    return countries


def _cooperation(parts: list[_Part], matchers: TaxonomyMatchers) -> set[str]:
    """Cooperation types named outside agency names."""
    found: set[str] = set()
    for part in parts:
        names = part.names()
        for coop in matchers.cooperation.find(part.tokens):
            if not _overlaps(coop, names):
                found.add(coop.target)
    return found


def tag_article(
    title: str,
    text: str,
    language: str,
    source_country: str | None,
    taxonomy: Taxonomy,
    *,
    theme_threshold: float | None = None,
    include_parents: bool = True,
    include_publisher: bool = True,
) -> Tags:
    """Tag one article (pure: the same input always gives the same tags).

    Args:
        title: the cleaned title.
        text: the cleaned body text; its first paragraph counts as the lead.
        language: the article language (th, vi, en, ...), a tie-break for ambiguous aliases.
        source_country: ISO code of the publisher's country, or None.
        taxonomy: from ``load_taxonomy()``.
        theme_threshold: overrides the threshold of themes.yaml.
        include_parents: also tag the parent bodies of named agencies.
        include_publisher: tag the publisher's country when the article names none.
    """
    matchers = taxonomy.matchers
    threshold = taxonomy.scoring.threshold if theme_threshold is None else theme_threshold
    parts = []
    for where, part_text in split_parts(title, text):
        tokens = matchers.tokenize(part_text)
        parts.append(_Part(where, part_text, tokens, matchers.entities.find(tokens)))
    evidence = _Evidence()
    mentions, context_hits = _mentions(parts, matchers, evidence)

    def resolve(index: int) -> str | None:
        return _resolve_ambiguous(taxonomy, index, context_hits, mentions, source_country, language)

    agencies = _agencies(taxonomy, parts, resolve, evidence, include_parents)
    countries = _countries(taxonomy, mentions, agencies, source_country, evidence, include_publisher)
    theme_scores = _score_themes(taxonomy, parts, threshold, evidence)
    tags = Tags(
        countries=sorted(countries),
        agencies=sorted(agencies),
        themes=sorted(t for t, s in theme_scores.items() if s >= threshold),
        cooperation=sorted(_cooperation(parts, matchers)),
        forums=find_forums(taxonomy, f"{title}\n{text}"),
        theme_scores=theme_scores,
    )
    tags.evidence = {
        "agencies": evidence.export("agencies", tags.agencies),
        "countries": evidence.export("countries", tags.countries),
        "themes": evidence.export("themes", tags.themes),
    }
    return tags


class TagStage:
    """Sets countries, agencies, themes, tag_evidence and metadata cooperation/forums.

    Settings: ``TAG_THEME_THRESHOLD`` (default: themes.yaml), ``TAG_INCLUDE_PARENTS``
    (default true).
    """

    name: ClassVar[str] = "tag"

    def __init__(self, context: PipelineContext) -> None:
        self.context = context
        self.taxonomy = load_taxonomy()
        threshold = context.setting("TAG_THEME_THRESHOLD")
        self.threshold = float(threshold) if threshold is not None else None
        self.include_parents = bool(context.setting("TAG_INCLUDE_PARENTS", True))
        # Compile the matchers now rather than on the first article.
        _ = self.taxonomy.matchers

    def __call__(self, article: Article) -> Article:
        source = self.context.source(article.source)
        tags = tag_article(
            article.title,
            article.text,
            article.language,
            source.country if source else None,
            self.taxonomy,
            theme_threshold=self.threshold,
            include_parents=self.include_parents,
        )
        article.countries = tags.countries
        article.agencies = tags.agencies
        article.themes = tags.themes
        article.tag_evidence = tags.evidence
        article.cooperation = tags.cooperation
        article.forums = tags.forums
        return article


class TagPipeline(StagePipeline):
    stage_class = TagStage
