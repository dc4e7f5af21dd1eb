"""`stiwatch eval`: quality scores over the labelled page sets, one section per measure.

A section is a function ``(args) -> (json_data, text)`` listed in ``SECTIONS``; each
reads its own labelled set. ``--only NAME`` runs one section.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from stiwatch.cli.common import UserError, add_common

Section = Callable[[argparse.Namespace], tuple[dict[str, Any], str]]


def labelled_folder(given: str | None, default: Path, flag: str) -> Path:
    """The set to score: the one given, else the checkout's (an installed wheel has none).

    Raises:
        UserError: no folder given and the default set is not there.
    """
    if given:
        return Path(given)
    if not default.is_dir():
        raise UserError(
            f"no labelled set at {default}: the sets ship with the source checkout, not the installed "
            f"package; run from a checkout or point {flag} DIR at one"
        )
    return default


def text_section(args: argparse.Namespace) -> tuple[dict[str, Any], str]:
    """Title, language, date, content recall and leaks over the labelled text set."""
    # defers the processing stages (trafilatura, Scrapy: heavy) to the command that runs them.
    from stiwatch.pipelines.evaluation.labelled import DEFAULT_SET, LabelError, load_set
    from stiwatch.pipelines.evaluation.text import evaluate_text, format_report

    folder = labelled_folder(args.set, DEFAULT_SET, "--set")
    try:
        pages = load_set(folder)
    except LabelError as exc:
        raise UserError(str(exc)) from None
    report = evaluate_text(pages)
    return {"set": str(folder), **report.to_dict()}, format_report(report)


def tags_section(args: argparse.Namespace) -> tuple[dict[str, Any], str]:
    """Precision and recall per tag facet and language, every tag set side by side."""
    # defers the tag stage's module (Scrapy, heavy) to the command that runs it.
    from stiwatch.pipelines.evaluation.tags import DEFAULT_SETS, TagSetError, evaluate, format_reports

    given = getattr(args, "tags_set", None) or []
    if given:
        folders = {Path(d).name or str(d): Path(d) for d in given}
    else:
        folders = {name: labelled_folder(None, path, "--tags-set") for name, path in DEFAULT_SETS.items()}
    reports = {}
    try:
        for name, folder in folders.items():
            reports[name] = evaluate(folder)
    except TagSetError as exc:
        raise UserError(str(exc)) from None
    data = {name: {"set": str(folders[name]), **report.to_dict()} for name, report in reports.items()}
    return data, format_reports(reports, differences=bool(getattr(args, "differences", False)))


def languages_section(args: argparse.Namespace) -> tuple[dict[str, Any], str]:
    """Language ID and dates over the labelled texts in Indonesian, Malay, Filipino, Khmer,
    Lao and Myanmar: each set, and all of them together."""
    # defers the text stages' modules (Scrapy, heavy) to the command that runs them.
    from stiwatch.pipelines.evaluation.languages import (
        DEFAULT_SETS as LANG_SETS,
    )
    from stiwatch.pipelines.evaluation.languages import (
        LanguageSetError,
        evaluate_sets,
        format_report,
        to_dict,
    )

    given = getattr(args, "languages_set", None)
    if given:
        folders = {Path(d).name: labelled_folder(d, LANG_SETS["languages"], "--languages-set") for d in given}
    else:
        folders = {name: labelled_folder(None, path, "--languages-set") for name, path in LANG_SETS.items()}
    try:
        report = evaluate_sets(folders)
    except LanguageSetError as exc:
        raise UserError(str(exc)) from None
    # "by_language" is the union when there are several sets, else the one set.
    overall = report["all"] if "all" in report else next(iter(report.values()))
    data = {
        "set": ", ".join(str(f) for f in folders.values()),
        **to_dict(overall),
        "sets": {
            name: {"set": str(folders[name]), **to_dict(r)} for name, r in report.items() if name != "all"
        },
    }
    return data, "\n\n".join(format_report(r, name) for name, r in report.items())


def documents_section(args: argparse.Namespace) -> tuple[dict[str, Any], str]:
    """Character error rate, dates and outcomes over the labelled PDF/Word set."""
    # defers the document stage (PDFium, Scrapy: heavy) to the command that runs it.
    from stiwatch.pipelines.evaluation.documents import (
        DEFAULT_SET as DOCUMENTS_SET,
    )
    from stiwatch.pipelines.evaluation.documents import (
        DocumentSetError,
        evaluate_documents,
    )
    from stiwatch.pipelines.evaluation.documents import (
        format_report as format_documents,
    )

    folder = labelled_folder(getattr(args, "documents_set", None), DOCUMENTS_SET, "--documents-set")
    try:
        report = evaluate_documents(folder, ocr=False if getattr(args, "no_ocr", False) else None)
    except DocumentSetError as exc:
        raise UserError(str(exc)) from None
    return {"set": str(folder), **report.to_dict()}, format_documents(report)


# Sections in output order; other measures add theirs here.
SECTIONS: dict[str, Section] = {
    "text": text_section,
    "tags": tags_section,
    "languages": languages_section,
    "documents": documents_section,
}


def register(sub: Any) -> None:
    """Add ``eval`` to the ``stiwatch`` parser."""
    p = sub.add_parser("eval", help="quality scores over the labelled page sets")
    add_common(p)
    p.add_argument("--set", metavar="DIR", help="labelled text set (default: tests/labelled/text)")
    p.add_argument(
        "--tags-set",
        metavar="DIR",
        action="append",
        help="labelled tag set, repeatable (default: every tags-real set and tags, under tests/labelled)",
    )
    p.add_argument(
        "--differences", action="store_true", help="also list each article's missed and extra tags"
    )
    p.add_argument(
        "--languages-set",
        metavar="DIR",
        action="append",
        help="labelled id/ms/tl/km/lo/my texts, repeatable (default: tests/labelled/languages and languages-2)",
    )
    p.add_argument(
        "--documents-set", metavar="DIR", help="labelled PDF/Word set (default: tests/labelled/pdf)"
    )
    p.add_argument("--no-ocr", action="store_true", help="documents: leave scans unread (no Tesseract)")
    p.add_argument("--only", choices=sorted(SECTIONS), help="run one section only")
    p.add_argument("--json", action="store_true", help="print JSON {section: scores}")
    p.set_defaults(func=cmd_eval)


def cmd_eval(args: argparse.Namespace) -> int:
    names = [args.only] if args.only else list(SECTIONS)
    data: dict[str, Any] = {}
    texts: list[str] = []
    for name in names:
        data[name], text = SECTIONS[name](args)
        texts.append(text)
    print(json.dumps(data, ensure_ascii=False, indent=2) if args.json else "\n\n".join(texts))
    return 0
