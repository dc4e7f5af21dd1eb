"""One document's bytes to text: the PDF text layer, OCR when there is none, or a .docx.

``convert_document`` is a plain function of bytes and options returning plain data, so
that a crawl can run it in a worker process (``stiwatch.pipelines.document``): a large
PDF, or one that makes PDFium crash or loop, never stops the crawl of other pages.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field

from stiwatch.pipelines.documents.layout import paragraphs
from stiwatch.pipelines.documents.ocr import OcrError, missing_languages, ocr_pdf
from stiwatch.pipelines.documents.pdf import PdfContent, PdfError, read_pdf
from stiwatch.pipelines.documents.repair import repair_thai
from stiwatch.pipelines.documents.word import WordError, read_docx

logger = logging.getLogger(__name__)

# A page with fewer characters than this in its text layer holds no text (a scan, or
# only a stamp or page number): below it on average, the PDF is read by OCR.
MIN_CHARS_PER_PAGE = 40
# Titles a producer writes by itself: a file name, "Microsoft Word - x.docx", a template's.
_JUNK_TITLE = re.compile(
    r"^(?:untitled|document\d*|doc\d+|microsoft word\b.*|.*\.(?:docx?|pdf|odt|rtf|xlsx?)|"
    r"[\W\d_]+|slide\s*\d+|presentation\d*)$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class DocumentOptions:
    """How documents are read (from the ``[document]`` configuration section)."""

    ocr: bool = True
    ocr_languages: str = "tha+vie+eng"
    # Seconds Tesseract may spend on one page.
    ocr_page_timeout: float = 120.0
    # Pages of one scan read at once (one Tesseract process each).
    ocr_jobs: int = 2
    # Pages read at most (the rest of a longer document is left out, and said so).
    max_pages: int = 300


@dataclass
class Converted:
    """What a document gave: text (paragraphs separated by blank lines) and metadata.

    ``method`` is ``text-layer``, ``ocr`` or ``docx``; ``problems`` are ``(kind, message)``
    pairs for the article's errors (``no-text-layer``, ``ocr``, ``pages-cut``, ...).
    """

    format: str
    text: str = ""
    title: str = ""
    created: str | None = None
    modified: str | None = None
    pages: int = 0
    method: str = ""
    ocr_confidence: float | None = None
    problems: list[tuple[str, str]] = field(default_factory=list)


def plausible_title(title: str) -> str:
    """A metadata title worth showing, or "" for a file name or a producer's placeholder."""
    title = " ".join(title.split())
    if len(title) < 4 or _JUNK_TITLE.match(title):
        return ""
    return repair_thai(title)


def _text(blocks: list[str]) -> str:
    return repair_thai("\n\n".join(block for block in blocks if block.strip()))


def _pdf(body: bytes, options: DocumentOptions) -> Converted:
    content: PdfContent = read_pdf(body, options.max_pages)
    result = Converted(
        format="pdf",
        title=plausible_title(content.title),
        created=content.created,
        modified=content.modified,
        pages=len(content.pages),
    )
    if options.max_pages and len(content.pages) >= options.max_pages:
        result.problems.append(("pages-cut", f"only the first {options.max_pages} pages were read"))
    if content.characters >= MIN_CHARS_PER_PAGE * max(len(content.pages), 1):
        result.method = "text-layer"
        result.text = _text(paragraphs(content.pages))
        return result
    missing = missing_languages(options.ocr_languages)
    if not options.ocr or missing:
        why = "OCR is off" if not options.ocr else f"install tesseract ({'+'.join(missing)}) to read it"
        result.method = "none"
        result.problems.append(("no-text-layer", f"the PDF has no text layer (a scan); {why}"))
        return result
    try:
        scanned = ocr_pdf(
            body, options.ocr_languages, options.ocr_page_timeout, options.max_pages, options.ocr_jobs
        )
    except OcrError as exc:
        result.method = "none"
        result.problems.append(("no-text-layer", f"the PDF has no text layer and OCR failed: {exc}"))
        return result
    result.method = "ocr"
    result.ocr_confidence = round(scanned.confidence, 1)
    result.text = _text(paragraphs(scanned.pages))
    result.problems.append(
        (
            "ocr",
            f"text read by OCR (tesseract {options.ocr_languages}, mean confidence "
            f"{scanned.confidence:.0f}/100): less certain than a text layer",
        )
    )
    return result


def _docx(body: bytes) -> Converted:
    content = read_docx(body)
    return Converted(
        format="docx",
        text=_text(content.blocks),
        title=plausible_title(content.title),
        created=content.created,
        modified=content.modified,
        method="docx",
    )


def convert_document(body: bytes, fmt: str, options: DocumentOptions | None = None) -> Converted:
    """Text and metadata of a ``pdf`` or ``docx`` document; never raises for bad input.

    A document that cannot be read comes back empty with a ``damaged`` problem.
    """
    options = options or DocumentOptions()
    try:
        if fmt == "pdf":
            return _pdf(body, options)
        if fmt == "docx":
            return _docx(body)
    except (PdfError, WordError) as exc:
        return Converted(format=fmt, method="none", problems=[("damaged", str(exc))])
    return Converted(format=fmt, method="none", problems=[("unsupported-format", f"cannot read {fmt}")])
