"""Tag stage: what an article is about (countries, agencies, themes), what it only
mentions, its cooperation types and forums.

``tag_article`` is a pure function over the title and text; ``TagStage`` applies it to an
``Article`` and ``TagPipeline`` is its Scrapy adapter. Every match is kept: the tags
(``countries``, ``agencies``, ``themes``) are what the article is about, ``mentions`` holds
everything matched per facet, and ``tag_evidence`` says for each id where it was found
and its salience (``pipelines/salience.py``; 1.0 or more means about).

Rules, in short:
- agencies: every alias found; an ambiguous alias (DOST, NRF, สนช., the bare "Ministry
  of Science and Technology") goes to the candidate best supported by the article's
  context words and countries, the publisher's country and the article language; a
  name used after its agency ended means its successor (``pipelines/history.py``); a
  named agency also brings in its parent bodies (NECTEC → NSTDA).
- countries: the countries the article names, plus the country of each agency it
  names, with the agency's occurrences. The publisher's own country comes in when the
  article is about no country at all and shows home news (``pipelines/publisher.py``).
- themes: keyword weights add up (more in the title and lead, more for repeats and for
  mentions spread over paragraphs); weak keywords are capped, so a list of generic words
  ("data, platforms, chips") makes no theme. Keywords inside a name (an agency's, or a
  country-qualified one) do not count: naming a ministry is not a topic.
- enumerations: a name that is one of three or more names listed together, or a theme
  among several others in a list of areas, weighs less (salience.yaml ``lists``).
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, ClassVar

from stiwatch.core.analysis import ThaiRuns
from stiwatch.core.article import Article
from stiwatch.core.facets import MENTION_FACETS
from stiwatch.core.taxonomy import Taxonomy, load_taxonomy
from stiwatch.core.taxonomy.matchers import AGENCY, AMBIGUOUS, COUNTRY, THEME
from stiwatch.pipelines.base import PipelineContext, StagePipeline
from stiwatch.pipelines.history import article_year, in_time
from stiwatch.pipelines.publisher import home_named_row, publisher_row
from stiwatch.pipelines.salience import (
    Occurrence,
    ThemeConcept,
    name_salience,
    theme_lists,
    theme_salience,
)
from stiwatch.pipelines.tag_context import ContextCounts, count_context, resolve_ambiguous
from stiwatch.pipelines.tag_forums import find_forums
from stiwatch.pipelines.tag_parts import Part, build_parts, overlaps
from stiwatch.pipelines.tag_roles import (
    abroad,
    ministers_meeting,
    named_for_another,
    titled,
)

logger = logging.getLogger(__name__)

# The facets the tag stage scores for salience, by record field: those whose mentions
# the record keeps (``Facet.mentions`` in core/facets.py), countries, agencies, themes.
SCORED = tuple(f.field for f in MENTION_FACETS)
# Evidence kept per id: enough to explain it, small enough to store on every article.
MAX_EVIDENCE = 3


@dataclass
class Tags:
    """What the tag stage found in one article (ids sorted)."""

    countries: list[str] = field(default_factory=list)
    agencies: list[str] = field(default_factory=list)
    themes: list[str] = field(default_factory=list)
    cooperation: list[str] = field(default_factory=list)
    forums: list[str] = field(default_factory=list)
    # Per facet field: every id matched, the tags above included.
    mentions: dict[str, list[str]] = field(default_factory=dict)
    # Per facet field: salience of every id matched (1.0 or more: about).
    salience: dict[str, dict[str, float]] = field(default_factory=dict)
    evidence: dict[str, list[dict[str, Any]]] = field(default_factory=dict)


class _Found:
    """Occurrences and evidence rows per facet and id."""

    def __init__(self) -> None:
        self.occurrences: dict[str, dict[str, list[Occurrence]]] = {f: defaultdict(list) for f in SCORED}
        self.rows: dict[str, dict[str, list[dict[str, Any]]]] = {f: defaultdict(list) for f in SCORED}
        # Agencies named only as history (never tags), and occurrences of the rest.
        self.historical: set[str] = set()

    def add(self, facet: str, ident: str, occ: Occurrence, alias: str, **extra: Any) -> None:
        self.occurrences[facet][ident].append(occ)
        row: dict[str, Any] = {"id": ident, "alias": alias, "where": occ.where}
        if occ.passing:
            row["passing"] = occ.passing
        row.update({k: v for k, v in extra.items() if v})
        rows = self.rows[facet][ident]
        if len(rows) < MAX_EVIDENCE and row not in rows:
            rows.append(row)


def _agencies(
    taxonomy: Taxonomy,
    parts: list[Part],
    resolve: Callable[[int], str | None],
    year: int | None,
    found: _Found,
    include_parents: bool,
) -> None:
    """Agencies named: direct aliases, ambiguous ones resolved, each in its time."""
    for part in parts:
        for index, hit in enumerate(part.entities):
            kind, name = hit.target
            ident: str | None = name
            if kind == AMBIGUOUS:
                ident = resolve(int(name))
            elif kind != AGENCY:
                continue
            country = taxonomy.agencies[ident].country if ident is not None else None
            if ident is None or (country and abroad(part.text, hit.end, part.entities, country, False)):
                continue  # unresolved, or another country's ministry of that name
            surface = part.text[hit.start : hit.end]
            meant = in_time(taxonomy, ident, year, part.text, hit.start, hit.end)
            occ = part.occurrence(index, taxonomy.salience, roles=True)
            if meant.historical:
                found.historical.add(meant.id)
            history = {"successor_of": meant.successor_of, "historical": meant.historical}
            found.add("agencies", meant.id, occ, surface, **history)
            if include_parents and not meant.historical:
                for parent in taxonomy.ancestors(meant.id):
                    found.add("agencies", parent, occ, surface, via=meant.id)
        _officials(taxonomy, part, resolve, year, found, include_parents)


def _officials(
    taxonomy: Taxonomy,
    part: Part,
    resolve: Callable[[int], str | None],
    year: int | None,
    found: _Found,
    include_parents: bool,
) -> None:
    """A minister's own title (``roles.portfolios``) before a name without its opening word
    ("รมว.การอุดมศึกษา วิทยาศาสตร์ วิจัยและนวัตกรรม", "Minister of Industry, Science,
    Technology and Innovation") names that agency too; the form of an ambiguous name
    ("Minister of Science and Technology") names the body that name names in the article."""
    rules, names = taxonomy.salience, part.names
    titles = rules.portfolio_roles or rules.roles
    for mask in part.masks:
        _, agency_id, ambiguous = mask.target
        if not agency_id and ambiguous >= 0:
            resolved = resolve(ambiguous)
            if resolved is not None:
                meant = in_time(taxonomy, resolved, year, part.text, mask.start, mask.end)
                agency_id = "" if meant.historical else meant.id
            # The article's countries chose the ministry; a country named just before the
            # title says whose minister this is.
            owner = taxonomy.agencies[agency_id].country if agency_id else None
            if agency_id and named_for_another(part.text, mask.start, part.entities, owner):
                continue
        if not agency_id or overlaps(mask, names) or not titled(titles, part.text, mask.start):
            continue
        country = taxonomy.agencies[agency_id].country
        if abroad(part.text, mask.end, part.entities, country):
            continue
        if ministers_meeting(rules, part.text, mask.start, mask.end, part.entities, country):
            continue  # "การประชุมรัฐมนตรีต่างประเทศ ...": the ministers of several countries
        occ = Occurrence(part.where, part.paragraphs.at(mask.start), role=True)
        surface = part.text[mask.start : mask.end]
        found.add("agencies", agency_id, occ, surface)
        if include_parents:
            for parent in taxonomy.ancestors(agency_id):
                found.add("agencies", parent, occ, surface, via=agency_id)


def _countries(taxonomy: Taxonomy, parts: list[Part], found: _Found) -> None:
    """Countries named, and the country of each agency named (with its occurrences)."""
    for part in parts:
        for index, hit in enumerate(part.entities):
            if hit.target[0] == COUNTRY:
                occ = part.occurrence(index, taxonomy.salience)
                found.add("countries", hit.target[1], occ, part.text[hit.start : hit.end])
    for ident, occurrences in list(found.occurrences["agencies"].items()):
        country = taxonomy.agencies[ident].country if ident in taxonomy.agencies else None
        if not country or ident in found.historical:
            continue
        first = found.rows["agencies"][ident][0]
        for occ in occurrences:
            found.add("countries", country, occ, first["alias"], via=ident)


def _themes(
    taxonomy: Taxonomy, parts: list[Part], found: _Found, language: str
) -> dict[str, list[ThemeConcept]]:
    """Theme keyword occurrences outside names, grouped by theme and keyword concept, each
    with its weight in the article's language."""
    lists = taxonomy.salience.lists
    concepts: dict[tuple[str, int], list[Occurrence]] = defaultdict(list)
    for part in parts:
        names = part.names
        hits = [h for h in part.topics if h.target[0] == THEME and not overlaps(h, names)]
        listed = theme_lists([(h.start, h.target[1]) for h in hits], lists)
        for i, hit in enumerate(hits):
            _, theme_id, k = hit.target
            occ = Occurrence(part.where, part.paragraphs.at(hit.start), "list" if i in listed else None)
            concepts[(theme_id, k)].append(occ)
            found.add("themes", theme_id, occ, part.text[hit.start : hit.end])
    by_theme: dict[str, list[ThemeConcept]] = defaultdict(list)
    for (theme_id, k), occurrences in concepts.items():
        keyword = taxonomy.themes[theme_id].keywords[k]
        by_theme[theme_id].append((keyword.weight_in(language), keyword.headline, occurrences))
    return by_theme


def _cooperation(parts: list[Part], taxonomy: Taxonomy) -> set[str]:
    """Cooperation types named outside agency names."""
    found: set[str] = set()
    for part in parts:
        names = part.names
        for coop in taxonomy.matchers.cooperation.find(part.tokens):
            if not overlaps(coop, names):
                found.add(coop.target)
    return found


def _scores(
    taxonomy: Taxonomy,
    found: _Found,
    themes: dict[str, list[ThemeConcept]],
    threshold: float,
) -> dict[str, dict[str, float]]:
    rules, agencies = taxonomy.salience, taxonomy.agencies
    scores = {
        "agencies": {
            a: name_salience(o, rules.agencies, a in agencies and agencies[a].backdrop)
            for a, o in found.occurrences["agencies"].items()
        },
        "countries": {
            c: name_salience(o, rules.countries) for c, o in found.occurrences["countries"].items()
        },
        "themes": {t: theme_salience(c, taxonomy.scoring, threshold) for t, c in themes.items()},
    }
    for ident in found.historical:
        # History is a mention, never a tag (unless the agency is also named in its time).
        if not any(not r.get("historical") for r in found.rows["agencies"][ident]):
            scores["agencies"][ident] = min(scores["agencies"][ident], 0.0)
    return scores


def tag_article(
    title: str,
    text: str,
    language: str,
    source_country: str | None,
    taxonomy: Taxonomy,
    *,
    published: str | None = None,
    url: str | None = None,
    theme_threshold: float | None = None,
    include_parents: bool = True,
    include_publisher: bool = True,
    thai: ThaiRuns | None = None,
) -> Tags:
    """Tag one article (pure: the same input always gives the same tags).

    Args:
        title: the cleaned title.
        text: the cleaned body text; its first paragraph counts as the lead.
        language: the article language (th, vi, en, ...), a tie-break for ambiguous aliases.
        source_country: ISO code of the publisher's country, or None.
        taxonomy: from ``load_taxonomy()``.
        published: the article's ISO date: names of agencies that had ended by then
            mean their successors (None: names are taken as written).
        url: the page's address (a government domain shows home news).
        theme_threshold: overrides the threshold of themes.yaml.
        include_parents: also tag the parent bodies of named agencies.
        include_publisher: tag the publisher's country when the article is about none.
        thai: the words of the title's and text's Thai runs when they were segmented
            already (the analysis cache's ``thai_runs``); the rest is segmented here,
            the same way, so the tags are the same either way.
    """
    threshold = taxonomy.scoring.threshold if theme_threshold is None else theme_threshold
    parts = build_parts(title, text, taxonomy, thai)
    counts: ContextCounts = count_context(parts, taxonomy)

    def resolve(index: int) -> str | None:
        return resolve_ambiguous(taxonomy, index, counts, source_country, language)

    found = _Found()
    _agencies(taxonomy, parts, resolve, article_year(published), found, include_parents)
    _countries(taxonomy, parts, found)
    scores = _scores(taxonomy, found, _themes(taxonomy, parts, found, language), threshold)
    about = {f: sorted(i for i, s in scores[f].items() if s >= 1.0) for f in SCORED}
    if (
        include_publisher
        and source_country in taxonomy.countries
        and source_country not in about["countries"]
    ):
        assert source_country is not None
        if about["countries"]:
            # About others: also about the publisher's own if its title or lead names one of
            # its places, its people, firms or citizens ("Hàn Quốc tài trợ TP HCM ...").
            row = home_named_row(taxonomy, source_country, parts[0].text, parts[1].text)
        else:
            # About no country: about the publisher's own if it shows home news.
            row = publisher_row(taxonomy, source_country, found.rows["countries"], title, text, url)
        if row:
            about["countries"] = sorted({*about["countries"], source_country})
            scores["countries"].setdefault(source_country, 0.0)
            found.rows["countries"][source_country].insert(0, row)
    tags = Tags(
        countries=about["countries"],
        agencies=about["agencies"],
        themes=about["themes"],
        cooperation=sorted(_cooperation(parts, taxonomy)),
        forums=find_forums(taxonomy, f"{title}\n{text}"),
        mentions={f: sorted(set(scores[f]) | set(about[f])) for f in SCORED},
        salience=scores,
    )
    tags.evidence = {
        f: [
            {**row, "salience": scores[f].get(ident, 0.0)}
            for ident in tags.mentions[f]
            for row in found.rows[f][ident]
        ]
        for f in SCORED
    }
    return tags


class TagStage:
    """Sets countries, agencies, themes, mentions, tag_evidence, cooperation and forums.

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
        # Segmented once for the whole crawl: the words this stage matches are the
        # index's, kept in the analysis cache for story linking and indexing.
        cache = self.context.tokens
        thai = cache.thai_runs([article.title, article.text]) if cache is not None else None
        tags = tag_article(
            article.title,
            article.text,
            article.language,
            source.country if source else None,
            self.taxonomy,
            published=article.published,
            url=article.url,
            theme_threshold=self.threshold,
            include_parents=self.include_parents,
            thai=thai,
        )
        apply_tags(article, tags)
        return article


def apply_tags(article: Article, tags: Tags) -> None:
    """Copy the tags, mentions and evidence onto the article."""
    article.countries = tags.countries
    article.agencies = tags.agencies
    article.themes = tags.themes
    article.mentions = tags.mentions
    article.tag_evidence = tags.evidence
    article.cooperation = tags.cooperation
    article.forums = tags.forums


class TagPipeline(StagePipeline):
    stage_class = TagStage
