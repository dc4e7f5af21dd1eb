"""Tag quality: precision and recall per facet over a labelled article set.

A set is a folder of ``*.yaml`` files, each with ``articles:``, a list of::

    id: th-01
    url: https://...
    language: th
    source_country: TH          # or null
    title: ...
    text: ...                   # paragraphs separated by blank lines
    expected: {countries: [...], agencies: [...], themes: [...]}

(see ``tests/labelled/tags/README.md`` for how the labels are decided). Scores are
micro-averaged: every (article, tag) pair counts once. The tag stage runs exactly as
in a crawl (``pipelines.tag.tag_article``), without Scrapy.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from stiwatch.core.taxonomy import Taxonomy, load_taxonomy
from stiwatch.pipelines.tag import tag_article

DEFAULT_SET = Path(__file__).resolve().parents[2] / "tests" / "labelled" / "tags"
FACETS = ("agencies", "countries", "themes")
_FIELDS = {"id", "url", "language", "source_country", "title", "text", "expected", "notes", "provenance"}
# Where an article came from: written here (modelled: in which source's style), or a real
# published text (captured: where from, or the repository, path and commit of a corpus).
PROVENANCE_KINDS = ("modelled", "captured", "repository")


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
    # One row per article and facet with a difference: what was missed, what was extra.
    differences: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "articles": self.articles,
            "articles_per_second": round(self.articles / self.seconds, 1) if self.seconds else None,
            "facets": {f: s.to_dict() for f, s in self.facets.items()},
            "by_language": {
                lang: {f: s.to_dict() for f, s in scores.items()}
                for lang, scores in sorted(self.by_language.items())
            },
            "differences": self.differences,
        }


def _ids(raw: Any, where: str, facet: str) -> frozenset[str]:
    if raw is None:
        return frozenset()
    if not isinstance(raw, list) or not all(isinstance(x, str) for x in raw):
        raise TagSetError(f"{where}: expected.{facet} must be a list of ids")
    return frozenset(raw)


def _article(raw: Any, where: str, taxonomy: Taxonomy) -> LabelledArticle:
    if not isinstance(raw, dict):
        raise TagSetError(f"{where}: an article is a mapping")
    unknown = sorted(set(raw) - _FIELDS)
    if unknown:
        raise TagSetError(f"{where}: unknown field(s) {', '.join(unknown)}")
    for name in ("id", "language", "title", "text", "expected"):
        if not raw.get(name):
            raise TagSetError(f"{where}: missing {name!r}")
    provenance = raw.get("provenance")
    if not isinstance(provenance, dict) or not any(provenance.get(k) for k in PROVENANCE_KINDS):
        raise TagSetError(f"{where}: provenance must say modelled, captured or repository/path/commit")
    expected_raw = raw["expected"]
    if not isinstance(expected_raw, dict) or set(expected_raw) - set(FACETS):
        raise TagSetError(f"{where}: expected is a mapping of {', '.join(FACETS)}")
    expected = {f: _ids(expected_raw.get(f), where, f) for f in FACETS}
    known = {
        "agencies": taxonomy.agency_ids,
        "countries": taxonomy.country_ids,
        "themes": taxonomy.theme_ids,
    }
    for facet, ids in expected.items():
        bad = sorted(ids - known[facet])
        if bad:
            raise TagSetError(f"{where}: expected.{facet}: unknown id(s) {', '.join(bad)}")
    return LabelledArticle(
        id=str(raw["id"]),
        url=str(raw.get("url") or ""),
        language=str(raw["language"]),
        source_country=raw.get("source_country"),
        title=str(raw["title"]),
        text=str(raw["text"]),
        expected=expected,
    )


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
    for path in sorted(folder.glob("*.yaml")):
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except yaml.YAMLError as exc:
            raise TagSetError(f"{path.name}: not valid YAML: {exc}") from None
        if not isinstance(data, dict) or not isinstance(data.get("articles"), list):
            raise TagSetError(f"{path.name}: the file must be a mapping with 'articles:' (a list)")
        for index, raw in enumerate(data["articles"]):
            label = raw.get("id") if isinstance(raw, dict) else None
            article = _article(raw, f"{path.name}: article {label or f'#{index + 1}'}", taxonomy)
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


def evaluate_articles(articles: Iterable[LabelledArticle], taxonomy: Taxonomy | None = None) -> TagReport:
    taxonomy = taxonomy or load_taxonomy()
    _ = taxonomy.matchers  # compiled before the clock starts
    report = TagReport()
    start = time.perf_counter()
    for article in articles:
        tags = tag_article(article.title, article.text, article.language, article.source_country, taxonomy)
        report.articles += 1
        per_lang = report.by_language.setdefault(article.language, {f: FacetScore() for f in FACETS})
        for facet in FACETS:
            found = frozenset(getattr(tags, facet))
            wanted = article.expected[facet]
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


def format_report(report: TagReport) -> str:
    """The report as a small table, then the differences."""
    lines = [f"tags: {report.articles} articles", f"{'FACET':<10} {'PRECISION':>9} {'RECALL':>7}  TP  FP  FN"]
    for facet, score in report.facets.items():
        lines.append(
            f"{facet:<10} {score.precision:>9.3f} {score.recall:>7.3f} "
            f"{score.true_positives:>3} {score.false_positives:>3} {score.false_negatives:>3}"
        )
    for lang, scores in sorted(report.by_language.items()):
        parts = ", ".join(f"{f} P {s.precision:.2f} R {s.recall:.2f}" for f, s in scores.items())
        lines.append(f"  {lang}: {parts}")
    if report.differences:
        lines.append("differences (missed / extra):")
        for row in report.differences:
            missed = ",".join(row["missed"]) or "-"
            extra = ",".join(row["extra"]) or "-"
            lines.append(f"  {row['article']:<8} {row['facet']:<10} missed {missed}  extra {extra}")
    return "\n".join(lines)
