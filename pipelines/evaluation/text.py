"""Text quality over a labelled set: title, language, date, content recall, boilerplate leaks.

Each page's bytes go through the text stages (extract → clean → language → dates)
exactly as a crawl runs them. Per language (the expected one) and overall:
- title accuracy: the clean title equals the label (whitespace runs and Unicode form aside);
- language accuracy;
- date accuracy: the published local day equals the label's (both absent counts as right);
- content recall: must-appear snippets found in the text, over all snippets;
- leak rate: must-not-appear snippets found in the text, over all such snippets.
A page the stages reject scores zero on everything it was expected to have.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from stiwatch.core.article import Article
from stiwatch.pipelines.clean import CleanStage
from stiwatch.pipelines.dates import DatesStage
from stiwatch.pipelines.evaluation.labelled import LabelledPage, PageRunner
from stiwatch.pipelines.extract import ExtractStage
from stiwatch.pipelines.language import LanguageStage

TEXT_STAGES: tuple[type, ...] = (ExtractStage, CleanStage, LanguageStage, DatesStage)
MEASURES = ("title_accuracy", "language_accuracy", "date_accuracy", "content_recall", "leak_rate")
_SPACES = re.compile(r"\s+")


def _same_text(a: str, b: str) -> bool:
    def norm(s: str) -> str:
        return _SPACES.sub(" ", unicodedata.normalize("NFC", s)).strip()

    return norm(a) == norm(b)


@dataclass
class PageResult:
    """What one labelled page got, and what it got wrong."""

    name: str
    url: str
    language: str
    rejected: bool
    title_ok: bool
    language_ok: bool
    date_ok: bool
    snippets: int
    found: int
    boilerplate: int
    leaked: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    got: dict[str, Any] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.title_ok and self.language_ok and self.date_ok and not self.missing and not self.leaked


@dataclass
class Scores:
    """The five measures over a group of pages."""

    pages: int
    title_accuracy: float
    language_accuracy: float
    date_accuracy: float
    content_recall: float
    leak_rate: float
    leaks: int

    @classmethod
    def of(cls, results: Sequence[PageResult]) -> Scores:
        n = len(results) or 1
        snippets = sum(r.snippets for r in results)
        boilerplate = sum(r.boilerplate for r in results)
        leaks = sum(len(r.leaked) for r in results)
        return cls(
            pages=len(results),
            title_accuracy=sum(r.title_ok for r in results) / n,
            language_accuracy=sum(r.language_ok for r in results) / n,
            date_accuracy=sum(r.date_ok for r in results) / n,
            content_recall=sum(r.found for r in results) / snippets if snippets else 1.0,
            leak_rate=leaks / boilerplate if boilerplate else 0.0,
            leaks=leaks,
        )


@dataclass
class TextReport:
    """Scores overall and per expected language, with every page's result."""

    overall: Scores
    by_language: dict[str, Scores]
    pages: list[PageResult]

    def to_dict(self) -> dict[str, Any]:
        return {
            "overall": asdict(self.overall),
            "by_language": {lang: asdict(s) for lang, s in self.by_language.items()},
            "failures": [
                {k: v for k, v in asdict(r).items() if k not in ("snippets", "found", "boilerplate")}
                for r in self.pages
                if not r.ok
            ],
        }


def score_page(page: LabelledPage, article: Article | None) -> PageResult:
    """Compare one processed page with its labels."""
    if article is None:
        return PageResult(
            name=page.name,
            url=page.url,
            language=page.language,
            rejected=True,
            title_ok=False,
            language_ok=False,
            date_ok=page.published is None,
            snippets=len(page.must_contain),
            found=0,
            boilerplate=len(page.must_not_contain),
            missing=list(page.must_contain),
        )
    text = article.text
    missing = [s for s in page.must_contain if s not in text]
    day = (article.published or "")[:10] or None
    return PageResult(
        name=page.name,
        url=page.url,
        language=page.language,
        rejected=False,
        title_ok=_same_text(article.title, page.title),
        language_ok=article.language == page.language,
        date_ok=day == page.published,
        snippets=len(page.must_contain),
        found=len(page.must_contain) - len(missing),
        boilerplate=len(page.must_not_contain),
        leaked=[s for s in page.must_not_contain if s in text],
        missing=missing,
        got={
            "title": article.title,
            "language": article.language,
            "published": article.published,
            "published_from": article.published_from,
        },
    )


def evaluate_text(pages: Iterable[LabelledPage], runner: PageRunner | None = None) -> TextReport:
    """Process every page with the text stages and score the results."""
    runner = runner or PageRunner(TEXT_STAGES)
    results = [score_page(page, runner.run(page)) for page in pages]
    languages = sorted({r.language for r in results})
    return TextReport(
        overall=Scores.of(results),
        by_language={lang: Scores.of([r for r in results if r.language == lang]) for lang in languages},
        pages=results,
    )


def format_report(report: TextReport) -> str:
    """The scores as a table (one row per language, then overall) and the failing pages."""
    header = f"{'text':8s} {'pages':>5s} {'title':>6s} {'lang':>6s} {'date':>6s} {'recall':>7s} {'leaks':>6s}"
    rows = [header]
    groups = [*report.by_language.items(), ("overall", report.overall)]
    for name, s in groups:
        rows.append(
            f"{name:8s} {s.pages:5d} {s.title_accuracy:6.3f} {s.language_accuracy:6.3f} "
            f"{s.date_accuracy:6.3f} {s.content_recall:7.3f} {s.leak_rate:6.3f}"
        )
    for r in report.pages:
        if r.ok:
            continue
        wrong = []
        if r.rejected:
            wrong.append("rejected")
        if not r.title_ok and not r.rejected:
            wrong.append(f"title={r.got.get('title')!r}")
        if not r.language_ok and not r.rejected:
            wrong.append(f"language={r.got.get('language')}")
        if not r.date_ok:
            wrong.append(f"published={r.got.get('published')} ({r.got.get('published_from')})")
        wrong += [f"missing {s!r}" for s in r.missing] + [f"leaked {s!r}" for s in r.leaked]
        rows.append(f"  {r.name}: " + "; ".join(wrong))
    return "\n".join(rows)
