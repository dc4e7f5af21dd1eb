"""Document quality over the labelled PDF/Word set (tests/labelled/pdf): text, dates, outcomes.

Each document's bytes go through the document, clean, language and dates stages as a
crawl runs them, and are scored against ``manifest.yaml`` and the truth text:

- character error rate (CER): Levenshtein edits over the truth's characters, summed over
  a group's documents. Both sides are NFC with sara am composed (a truth may keep the
  source's ``ํา``); Thai is compared with all whitespace removed (where Thai lines join
  is a judgement, see the set's README), other languages with whitespace runs as one
  space. ``cer_spaced`` compares every language the latter way, for information;
- date accuracy: the local day of ``published`` is the document's date line, or, for a
  document without one, its file metadata date; and ``published_from`` says which;
- outcome accuracy: a readable document is stored, a legacy .doc is refused as
  ``unsupported-format``, a scan is read by OCR when Tesseract is installed and
  refused as ``no-text-layer`` when not;
- title accuracy, and language accuracy.
Groups: text layers (PDF) per language, Word files, scans (OCR, scored only when
Tesseract is installed).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from rapidfuzz.distance import Levenshtein

from stiwatch.core.article import Article
from stiwatch.core.yamlfile import read_yaml
from stiwatch.pipelines.base import RejectArticle
from stiwatch.pipelines.clean import CleanStage
from stiwatch.pipelines.datefmt import LOCAL_TZ
from stiwatch.pipelines.dates import DatesStage
from stiwatch.pipelines.document import DocumentStage
from stiwatch.pipelines.documents.ocr import missing_languages
from stiwatch.pipelines.language import LanguageStage
from stiwatch.pipelines.process import Processor, build_context

DEFAULT_SET = Path(__file__).resolve().parents[2] / "tests" / "labelled" / "pdf"
STAGES: tuple[type, ...] = (DocumentStage, CleanStage, LanguageStage, DatesStage)
# The crawl time the set is read at: after every document's date.
READ_AT = datetime(2026, 1, 1, tzinfo=UTC)
_SPACES = re.compile(r"\s+")


class DocumentSetError(ValueError):
    """The set cannot be read (no manifest, a missing document or truth file)."""


def comparable(text: str, language: str, *, spaced: bool = False) -> str:
    """The form both sides are compared in (see the module docstring)."""
    text = unicodedata.normalize("NFC", text).replace("\u0e4d\u0e32", "\u0e33")
    if language == "th" and not spaced:
        return _SPACES.sub("", text)
    return _SPACES.sub(" ", text).strip()


def _day(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        when = value
    elif isinstance(value, date):
        return value.isoformat()
    else:
        text = str(value)
        if len(text) == 10:
            return text
        when = datetime.fromisoformat(text.replace("Z", "+00:00"))
    return (when if when.tzinfo else when.replace(tzinfo=LOCAL_TZ)).astimezone(LOCAL_TZ).date().isoformat()


@dataclass
class DocumentResult:
    """What one document gave and how it scored."""

    file: str
    language: str
    kind: str
    outcome: str
    expected_outcome: str
    edits: int = 0
    edits_spaced: int = 0
    chars: int = 0
    chars_spaced: int = 0
    date_ok: bool = False
    title_ok: bool = False
    language_ok: bool = False
    got: dict[str, Any] = field(default_factory=dict)

    @property
    def stored(self) -> bool:
        return self.outcome == "stored"

    @property
    def cer(self) -> float:
        return self.edits / self.chars if self.chars else 0.0


@dataclass
class GroupScores:
    """The measures over one group of documents."""

    documents: int
    cer: float | None
    cer_spaced: float | None
    date_accuracy: float
    title_accuracy: float
    language_accuracy: float
    outcome_accuracy: float

    @classmethod
    def of(cls, results: Sequence[DocumentResult]) -> GroupScores:
        stored = [r for r in results if r.stored]
        chars, spaced = sum(r.chars for r in stored), sum(r.chars_spaced for r in stored)
        n, m = len(results) or 1, len(stored) or 1
        return cls(
            documents=len(results),
            cer=round(sum(r.edits for r in stored) / chars, 5) if chars else None,
            cer_spaced=round(sum(r.edits_spaced for r in stored) / spaced, 5) if spaced else None,
            date_accuracy=sum(r.date_ok for r in stored) / m,
            title_accuracy=sum(r.title_ok for r in stored) / m,
            language_accuracy=sum(r.language_ok for r in stored) / m,
            outcome_accuracy=sum(r.outcome == r.expected_outcome for r in results) / n,
        )


@dataclass
class DocumentReport:
    """Scores by group (``text-layer-th``, ``docx``, ``ocr-vi``, ...) and overall."""

    groups: dict[str, GroupScores]
    overall: GroupScores
    documents: list[DocumentResult]
    ocr: bool

    def to_dict(self) -> dict[str, Any]:
        return {
            "ocr_installed": self.ocr,
            "overall": asdict(self.overall),
            "groups": {name: asdict(s) for name, s in self.groups.items()},
            "documents": [{**asdict(r), "cer": round(r.cer, 5)} for r in self.documents],
        }


def _load(folder: Path) -> list[dict[str, Any]]:
    manifest = folder / "manifest.yaml"
    if not manifest.is_file():
        raise DocumentSetError(f"{folder}: no manifest.yaml (not a labelled document set)")
    entries = (read_yaml(manifest) or {}).get("documents") or []
    for entry in entries:
        for key in ("file", "truth"):
            if not (folder / str(entry.get(key, ""))).is_file():
                raise DocumentSetError(f"{manifest}: {entry.get('file')}: missing {key} file")
    return list(entries)


def _expected_outcome(entry: dict[str, Any], ocr: bool) -> str:
    if entry["kind"] == "doc":
        return "unsupported-format"
    if entry["kind"] == "scanned" and not ocr:
        return "no-text-layer"
    return "stored"


def _group(entry: dict[str, Any]) -> str:
    kind = {"text-layer": "text-layer", "scanned": "ocr", "docx": "docx", "doc": "doc"}[entry["kind"]]
    return f"{kind}-{entry['language']}" if kind in ("text-layer", "ocr") else kind


def score_document(
    entry: dict[str, Any], truth: str, article: Article | None, outcome: str, ocr: bool
) -> DocumentResult:
    """Compare one processed document with its manifest entry and truth text."""
    language = str(entry["language"])
    result = DocumentResult(
        file=entry["file"],
        language=language,
        kind=entry["kind"],
        outcome=outcome,
        expected_outcome=_expected_outcome(entry, ocr),
    )
    if article is None:
        return result
    want, got = comparable(truth, language), comparable(article.text, language)
    want_s, got_s = comparable(truth, language, spaced=True), comparable(article.text, language, spaced=True)
    result.edits, result.chars = Levenshtein.distance(got, want), len(want)
    result.edits_spaced, result.chars_spaced = Levenshtein.distance(got_s, want_s), len(want_s)
    metadata_date = entry.get("pdf_metadata_date") or entry.get("docx_core_created")
    expected_day = _day(entry.get("published")) or _day(metadata_date)
    from_line = entry.get("published") is not None
    line_origins = ("document-line", "ocr-line")
    origin_ok = (article.published_from in line_origins) == from_line
    result.date_ok = _day(article.published) == expected_day and origin_ok
    result.title_ok = comparable(article.title, language, spaced=True) == comparable(
        str(entry.get("title") or ""), language, spaced=True
    )
    result.language_ok = article.language == language
    result.got = {
        "title": article.title,
        "language": article.language,
        "published": article.published,
        "published_from": article.published_from,
        "errors": [e["kind"] for e in article.errors],
    }
    return result


def evaluate_documents(folder: Path = DEFAULT_SET, *, ocr: bool | None = None) -> DocumentReport:
    """Process every document of the set and score it.

    Args:
        ocr: read scans with Tesseract (default: when it is installed with its languages).
    """
    entries = _load(folder)
    context = build_context(now=READ_AT)
    if ocr is None:
        ocr = not missing_languages(str(context.setting("DOCUMENT_OCR_LANGUAGES")))
    context.settings = {**context.settings, "DOCUMENT_OCR": ocr}
    processor = Processor(context, STAGES)
    results: list[DocumentResult] = []
    for entry in entries:
        path = folder / entry["file"]
        try:
            article: Article | None = processor.process(
                f"https://labelled.invalid/{entry['file']}", path.read_bytes()
            )
            outcome = "stored"
        except RejectArticle as exc:
            article, outcome = None, exc.reason
        truth = (folder / entry["truth"]).read_text(encoding="utf-8")
        results.append(score_document(entry, truth, article, outcome, ocr))
    by_group: dict[str, list[DocumentResult]] = {}
    for entry, result in zip(entries, results, strict=True):
        by_group.setdefault(_group(entry), []).append(result)
    return DocumentReport(
        groups={name: GroupScores.of(rs) for name, rs in sorted(by_group.items())},
        overall=GroupScores.of(results),
        documents=results,
        ocr=ocr,
    )


def _pct(value: float | None) -> str:
    return "     -" if value is None else f"{100 * value:5.2f}%"


def format_report(report: DocumentReport) -> str:
    """One row per group, then the documents that missed something."""
    rows = [
        f"{'documents':16s} {'docs':>4s} {'CER':>7s} {'CER sp':>7s} {'date':>6s} {'title':>6s} {'outcome':>7s}"
    ]
    for name, s in [*report.groups.items(), ("overall", report.overall)]:
        rows.append(
            f"{name:16s} {s.documents:4d} {_pct(s.cer):>7s} {_pct(s.cer_spaced):>7s} "
            f"{s.date_accuracy:6.3f} {s.title_accuracy:6.3f} {s.outcome_accuracy:7.3f}"
        )
    if not report.ocr:
        rows.append(
            "  (Tesseract with tha+vie is not installed: scans are expected to be refused as no-text-layer)"
        )
    for r in report.documents:
        wrong = []
        if r.outcome != r.expected_outcome:
            wrong.append(f"outcome {r.outcome} (expected {r.expected_outcome})")
        if r.stored and not r.date_ok:
            wrong.append(f"published={r.got.get('published')} ({r.got.get('published_from')})")
        if r.stored and r.cer > 0.01:
            wrong.append(f"CER {100 * r.cer:.2f}%")
        if wrong:
            rows.append(f"  {r.file}: " + "; ".join(wrong))
    return "\n".join(rows)
