"""Tag quality: precision and recall per facet over labelled article sets.

A set is a folder of ``*.yaml`` files, each with ``articles:``, a list of::

    id: th-01
    url: https://...            # or null
    language: th
    source_country: TH          # or null
    published: 2025-07-16       # or null: agencies that had ended by then mean their successors
    title: ...                  # or null (a text-only item)
    text: ...                   # paragraphs separated by blank lines
    expected: {countries: [...], agencies: [...], themes: [...]}
    uncertain: {countries: [...], ...}   # optional: borderline values, counted neither way
    provenance: {...}           # modelled (written here) or captured / repository+path+commit

(the sets' READMEs say how their labels are decided). A file may say what its labels
mean per facet, ``labels: {agencies: mentioned}``: ``about`` (the default) scores the
tags, ``mentioned`` the tags and everything else the article names (``mentions``).
Scores are micro-averaged: every (article, tag) pair counts once. Each article goes
through the clean stage's text rules and the tag stage exactly as in a crawl, without
Scrapy.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from stiwatch.core.taxonomy import Taxonomy, load_taxonomy
from stiwatch.core.yamlfile import read_yaml
from stiwatch.pipelines.clean import clean_text
from stiwatch.pipelines.tag import Tags, tag_article

LABELLED = Path(__file__).resolve().parents[2] / "tests" / "labelled"
# The sets `stiwatch eval` scores by default, by name: real published articles first (the
# three sets tuned on, then the held-out ones), then the articles written here (a regression set).
DEFAULT_SETS = {
    "tags-real": LABELLED / "tags-real",
    "tags-real-2": LABELLED / "tags-real-2",
    "tags-real-3": LABELLED / "tags-real-3",
    "tags-real-4": LABELLED / "tags-real-4",
    "tags-real-5": LABELLED / "tags-real-5",
    "tags-real-6": LABELLED / "tags-real-6",
    "tags-real-7": LABELLED / "tags-real-7",
    "tags-real-8": LABELLED / "tags-real-8",
    "tags-real-9": LABELLED / "tags-real-9",
    "tags-real-10": LABELLED / "tags-real-10",
    "tags-real-11": LABELLED / "tags-real-11",
    "tags-real-12": LABELLED / "tags-real-12",
    "tags-real-13": LABELLED / "tags-real-13",
    "tags-real-14": LABELLED / "tags-real-14",
    "tags-real-15": LABELLED / "tags-real-15",
    "tags-real-16": LABELLED / "tags-real-16",
    "tags-real-17": LABELLED / "tags-real-17",
    "tags-real-18": LABELLED / "tags-real-18",
    "tags-real-19": LABELLED / "tags-real-19",
    "tags-real-20": LABELLED / "tags-real-20",
    "tags-real-21": LABELLED / "tags-real-21",
    "tags-real-22": LABELLED / "tags-real-22",
    "tags-real-23": LABELLED / "tags-real-23",
    "tags-real-24": LABELLED / "tags-real-24",
    "tags-real-25": LABELLED / "tags-real-25",
    "tags-real-26": LABELLED / "tags-real-26",
    "tags-real-27": LABELLED / "tags-real-27",
    "tags-real-28": LABELLED / "tags-real-28",
    "tags-real-29": LABELLED / "tags-real-29",
    "tags-real-30": LABELLED / "tags-real-30",
    "tags": LABELLED / "tags",
}
DEFAULT_SET = DEFAULT_SETS["tags"]
FACETS = ("agencies", "countries", "themes")
LABEL_MEANINGS = ("about", "mentioned")
_FIELDS = {
    "id",
    "url",
    "language",
    "source_country",
    "published",
    "title",
    "text",
    "expected",
    "uncertain",
    "notes",
    "note",
    "provenance",
    "near_miss",
    "trimmed",
    "missing_from_taxonomy",
}
# Where an article came from: written here (modelled: in which source's style), or a real
# published text (captured: where from, or the repository, path and commit of a corpus).
PROVENANCE_KINDS = ("modelled", "captured", "repository", "url")


class TagSetError(ValueError):
    """A labelled tag set that cannot be read; the message names the file and entry."""


@dataclass(frozen=True)
class LabelledArticle:
    id: str
    url: str
    language: str
    source_country: str | None
    title: str
    text: str
    expected: dict[str, frozenset[str]]
    uncertain: dict[str, frozenset[str]] = field(default_factory=dict)
    published: str | None = None
    # What the labels of each facet mean: "about" (tags) or "mentioned" (tags + mentions).
    labels: Mapping[str, str] = field(default_factory=dict)
    # The ids the labeller could choose from, per facet (the set's ``vocabulary.yaml``);
    # None: the whole current taxonomy.
    vocabulary: Mapping[str, frozenset[str]] | None = None


@dataclass
class FacetScore:
    true_positives: int = 0
    false_positives: int = 0
    false_negatives: int = 0

    @property
    def precision(self) -> float:
        found = self.true_positives + self.false_positives
        return self.true_positives / found if found else 1.0

    @property
    def recall(self) -> float:
        wanted = self.true_positives + self.false_negatives
        return self.true_positives / wanted if wanted else 1.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "tp": self.true_positives,
            "fp": self.false_positives,
            "fn": self.false_negatives,
        }


@dataclass
class TagReport:
    articles: int = 0
    seconds: float = 0.0
    facets: dict[str, FacetScore] = field(default_factory=lambda: {f: FacetScore() for f in FACETS})
    by_language: dict[str, dict[str, FacetScore]] = field(default_factory=dict)
    articles_by_language: dict[str, int] = field(default_factory=dict)
    # One row per article and facet with a difference: what was missed, what was extra.
    differences: list[dict[str, Any]] = field(default_factory=list)
    # Tags whose id was not on offer when the set was labelled, counted neither way.
    outside_vocabulary: dict[str, int] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "articles": self.articles,
            "articles_per_second": round(self.articles / self.seconds, 1) if self.seconds else None,
            "facets": {f: s.to_dict() for f, s in self.facets.items()},
            "by_language": {
                lang: {
                    "articles": self.articles_by_language.get(lang, 0),
                    **{f: s.to_dict() for f, s in scores.items()},
                }
                for lang, scores in sorted(self.by_language.items())
            },
            "differences": self.differences,
            "outside_vocabulary": dict(sorted(self.outside_vocabulary.items())),
        }


def _ids(raw: Any, where: str, facet: str, what: str = "expected") -> frozenset[str]:
    if raw is None:
        return frozenset()
    if not isinstance(raw, list) or not all(isinstance(x, str) for x in raw):
        raise TagSetError(f"{where}: {what}.{facet} must be a list of ids")
    return frozenset(raw)


def _by_facet(raw: Any, where: str, what: str, taxonomy: Taxonomy) -> dict[str, frozenset[str]]:
    if raw is None:
        raw = {}
    if not isinstance(raw, dict) or set(raw) - set(FACETS):
        raise TagSetError(f"{where}: {what} is a mapping of {', '.join(FACETS)}")
    ids = {f: _ids(raw.get(f), where, f, what) for f in FACETS}
    known = {"agencies": taxonomy.agency_ids, "countries": taxonomy.country_ids, "themes": taxonomy.theme_ids}
    for facet, values in ids.items():
        bad = sorted(values - known[facet])
        if bad:
            raise TagSetError(f"{where}: {what}.{facet}: unknown id(s) {', '.join(bad)}")
    return ids


VOCABULARY_FILE = "vocabulary.yaml"


def _vocabulary(folder: Path) -> dict[str, frozenset[str]] | None:
    """The ids on offer when the set was labelled (``vocabulary.yaml``), if it says."""
    path = folder / VOCABULARY_FILE
    if not path.is_file():
        return None
    try:
        data = read_yaml(path)
    except yaml.YAMLError as exc:
        raise TagSetError(f"{path.name}: not valid YAML: {exc}") from None
    if not isinstance(data, dict) or any(not isinstance(data.get(f), list) for f in FACETS):
        raise TagSetError(f"{path.name}: a list of ids for each of {', '.join(FACETS)}")
    return {f: frozenset(str(i) for i in data[f]) for f in FACETS}


def _article(
    raw: Any,
    where: str,
    taxonomy: Taxonomy,
    labels: Mapping[str, str],
    vocabulary: Mapping[str, frozenset[str]] | None = None,
) -> LabelledArticle:
    if not isinstance(raw, dict):
        raise TagSetError(f"{where}: an article is a mapping")
    unknown = sorted(set(raw) - _FIELDS)
    if unknown:
        raise TagSetError(f"{where}: unknown field(s) {', '.join(unknown)}")
    for name in ("id", "language", "text", "expected"):
        if not raw.get(name):
            raise TagSetError(f"{where}: missing {name!r}")
    provenance = raw.get("provenance")
    if not isinstance(provenance, dict) or not any(provenance.get(k) for k in PROVENANCE_KINDS):
        raise TagSetError(f"{where}: provenance must say modelled, captured or repository/path/commit")
    expected = _by_facet(raw["expected"], where, "expected", taxonomy)
    uncertain = _by_facet(raw.get("uncertain"), where, "uncertain", taxonomy)
    both = sorted(f"{f}: {i}" for f in FACETS for i in expected[f] & uncertain[f])
    if both:
        raise TagSetError(f"{where}: both expected and uncertain: {', '.join(both)}")
    if vocabulary is not None:
        unknown_ids = sorted(
            f"{f}: {i}" for f in FACETS for i in (expected[f] | uncertain[f]) - vocabulary[f]
        )
        if unknown_ids:
            raise TagSetError(f"{where}: not in {VOCABULARY_FILE}: {', '.join(unknown_ids)}")
    published = raw.get("published")
    return LabelledArticle(
        id=str(raw["id"]),
        url=str(raw.get("url") or ""),
        language=str(raw["language"]),
        source_country=raw.get("source_country"),
        title=str(raw.get("title") or ""),
        text=str(raw["text"]),
        expected=expected,
        uncertain=uncertain,
        published=str(published) if published else None,
        labels=labels,
        vocabulary=vocabulary,
    )


def _labels(data: dict[str, Any], name: str) -> dict[str, str]:
    raw = data.get("labels") or {}
    if not isinstance(raw, dict) or set(raw) - set(FACETS) or set(raw.values()) - set(LABEL_MEANINGS):
        raise TagSetError(f"{name}: labels maps {', '.join(FACETS)} to {' or '.join(LABEL_MEANINGS)}")
    return {f: str(raw.get(f, "about")) for f in FACETS}


def load_articles(folder: Path | str, taxonomy: Taxonomy | None = None) -> list[LabelledArticle]:
    """Every labelled article of ``folder`` (``*.yaml``, sorted), validated.

    Raises:
        TagSetError: no such folder, no articles, bad YAML, a bad entry or duplicate ids.
    """
    folder = Path(folder)
    taxonomy = taxonomy or load_taxonomy()
    if not folder.is_dir():
        raise TagSetError(f"no labelled tag set at {folder}")
    out: list[LabelledArticle] = []
    seen: set[str] = set()
    vocabulary = _vocabulary(folder)
    for path in sorted(p for p in folder.glob("*.yaml") if p.name != VOCABULARY_FILE):
        try:
            data = read_yaml(path)
        except yaml.YAMLError as exc:
            raise TagSetError(f"{path.name}: not valid YAML: {exc}") from None
        if not isinstance(data, dict) or not isinstance(data.get("articles"), list):
            raise TagSetError(f"{path.name}: the file must be a mapping with 'articles:' (a list)")
        labels = _labels(data, path.name)
        for index, raw in enumerate(data["articles"]):
            label = raw.get("id") if isinstance(raw, dict) else None
            where = f"{path.name}: article {label or f'#{index + 1}'}"
            article = _article(raw, where, taxonomy, labels, vocabulary)
            if article.id in seen:
                raise TagSetError(f"{path.name}: duplicate article id {article.id!r}")
            seen.add(article.id)
            out.append(article)
    if not out:
        raise TagSetError(f"no labelled articles in {folder}")
    return out


def _score(score: FacetScore, found: frozenset[str], wanted: frozenset[str]) -> None:
    score.true_positives += len(found & wanted)
    score.false_positives += len(found - wanted)
    score.false_negatives += len(wanted - found)


def tag_as_crawled(article: LabelledArticle, taxonomy: Taxonomy) -> tuple[str, Tags]:
    """The article's text after the clean stage's text rules, and its tags, as in a crawl."""
    text = clean_text(article.text, article.title).text
    tags = tag_article(
        article.title,
        text,
        article.language,
        article.source_country,
        taxonomy,
        published=article.published,
        url=article.url or None,
    )
    return text, tags


def evaluate_articles(articles: Iterable[LabelledArticle], taxonomy: Taxonomy | None = None) -> TagReport:
    taxonomy = taxonomy or load_taxonomy()
    _ = taxonomy.matchers  # compiled before the clock starts
    report = TagReport()
    start = time.perf_counter()
    for article in articles:
        _, tags = tag_as_crawled(article, taxonomy)
        report.articles += 1
        lang = article.language
        report.articles_by_language[lang] = report.articles_by_language.get(lang, 0) + 1
        per_lang = report.by_language.setdefault(lang, {f: FacetScore() for f in FACETS})
        for facet in FACETS:
            mentioned = article.labels.get(facet) == "mentioned"
            uncertain = article.uncertain.get(facet, frozenset())
            # Uncertain values count neither way.
            found = frozenset(tags.mentions[facet] if mentioned else getattr(tags, facet)) - uncertain
            if article.vocabulary is not None:
                # An id added to the taxonomy after labelling was never on offer: neither way.
                outside = found - article.vocabulary[facet]
                if outside:
                    report.outside_vocabulary[facet] = report.outside_vocabulary.get(facet, 0) + len(outside)
                    found -= outside
            wanted = article.expected[facet] - uncertain
            _score(report.facets[facet], found, wanted)
            _score(per_lang[facet], found, wanted)
            if found != wanted:
                report.differences.append(
                    {
                        "article": article.id,
                        "facet": facet,
                        "missed": sorted(wanted - found),
                        "extra": sorted(found - wanted),
                    }
                )
    report.seconds = time.perf_counter() - start
    return report


def evaluate(set_dir: Path | str = DEFAULT_SET, taxonomy: Taxonomy | None = None) -> TagReport:
    """Tag every article of the set and score the tags against the labels."""
    taxonomy = taxonomy or load_taxonomy()
    return evaluate_articles(load_articles(set_dir, taxonomy), taxonomy)


def format_reports(reports: Mapping[str, TagReport], differences: bool = False) -> str:
    """The sets side by side, per language and overall; then, asked for, the differences."""
    head = f"{'SET':<12} {'LANG':<4} {'N':>4}  " + "  ".join(f"{f.upper():<13}" for f in FACETS)
    lines = ["tags: precision / recall per facet (uncertain labels count neither way)", head]
    for name, report in reports.items():
        rows = [
            (lang, report.articles_by_language[lang], report.by_language[lang])
            for lang in sorted(report.by_language)
        ]
        rows.append(("all", report.articles, report.facets))
        for lang, count, scores in rows:
            cells = "  ".join(f"{scores[f].precision:.2f} / {scores[f].recall:.2f}  " for f in FACETS)
            lines.append(f"{name:<12} {lang:<4} {count:>4}  {cells}")
    for name, report in reports.items():
        if report.outside_vocabulary:
            counts = ", ".join(f"{n} {f}" for f, n in sorted(report.outside_vocabulary.items()))
            lines.append(f"{name}: {counts} tag(s) set aside, ids added to the taxonomy after labelling")
    if differences:
        for name, report in reports.items():
            lines.append(f"{name}: differences (missed / extra):")
            for row in report.differences:
                missed = ",".join(row["missed"]) or "-"
                extra = ",".join(row["extra"]) or "-"
                lines.append(f"  {row['article']:<12} {row['facet']:<10} missed {missed}  extra {extra}")
    return "\n".join(lines)
