"""OCR of PDFs without a text layer, with the Tesseract command line (optional at run time).

Tesseract runs in page segmentation mode 4 (one column of text of varying sizes): on the
labelled scans mode 3 (automatic) cut justified Thai paragraphs into false columns.

Pages are rendered by PDFium at the resolution of the scan they hold (the page's largest
image), at most ``MAX_SIDE`` pixels, as 8-bit grey, and read by ``tesseract`` with the
configured languages (Debian: ``tesseract-ocr``, ``tesseract-ocr-tha``,
``tesseract-ocr-vie``). Tesseract writes the text (its own word spacing, which handles
Thai) and a TSV with each line's box; the lines become the same ``Line`` objects a text
layer gives, so running heads and paragraphs are handled by one layout code.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import tempfile
from collections import deque
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from stiwatch.pipelines.documents.pdf import Line, PdfError, PdfPage

# Scans are rendered at their own resolution, within these bounds (pixels of the longer side).
MIN_SIDE = 1600
MAX_SIDE = 3600


class OcrError(RuntimeError):
    """Tesseract is missing its languages, failed, or ran past its time."""


@dataclass
class OcrResult:
    """The pages as lines, and Tesseract's mean word confidence (0-100)."""

    pages: list[PdfPage]
    confidence: float


def tesseract_path() -> str | None:
    """The ``tesseract`` executable, or None when OCR is not installed."""
    return shutil.which("tesseract")


@lru_cache(maxsize=4)
def installed_languages(executable: str) -> frozenset[str]:
    """The language packs ``tesseract --list-langs`` reports."""
    try:
        done = subprocess.run(
            [executable, "--list-langs"], capture_output=True, text=True, timeout=30, check=False
        )
    except (OSError, subprocess.TimeoutExpired):
        return frozenset()
    lines = (done.stdout + done.stderr).splitlines()
    return frozenset(line.strip() for line in lines[1:] if line.strip() and " " not in line.strip())


def missing_languages(languages: str) -> list[str]:
    """The languages of ``tha+vie+eng`` that Tesseract lacks (all of them without Tesseract)."""
    wanted = [lang for lang in languages.split("+") if lang]
    executable = tesseract_path()
    if executable is None:
        return wanted
    have = installed_languages(executable)
    return [lang for lang in wanted if lang not in have]


def _scan_scale(page: pdfium.PdfPage) -> float:
    """Render scale that gives the page's largest image its own pixel size."""
    width, height = page.get_size()
    best = 0.0
    for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=2):
        px_w, _px_h = obj.get_px_size()
        left, _bottom, right, _top = obj.get_bounds()
        if right > left:
            best = max(best, px_w / (right - left))
    longest = max(width, height, 1.0)
    scale = best if best > 0 else 300 / 72
    return float(min(max(scale, MIN_SIDE / longest), MAX_SIDE / longest))


def _write_pgm(page: pdfium.PdfPage, scale: float, path: Path) -> tuple[int, int]:
    bitmap = page.render(scale=scale, grayscale=True)
    width, height, stride = bitmap.width, bitmap.height, bitmap.stride
    data = bytes(bitmap.buffer)
    if stride != width:
        data = b"".join(data[y * stride : y * stride + width] for y in range(height))
    path.write_bytes(b"P5\n%d %d\n255\n" % (width, height) + data)
    return width, height


def _lines(text: str, tsv: str, height: int) -> tuple[list[Line], list[float]]:
    """Tesseract's text lines with the boxes of its TSV line rows (same order)."""
    rows: list[tuple[tuple[int, int, int, int], list[str]]] = []
    confidences: list[float] = []
    for record in tsv.splitlines()[1:]:
        cells = record.split("\t")
        if len(cells) < 12:
            continue
        if cells[0] == "4":
            rows.append(((int(cells[6]), int(cells[7]), int(cells[8]), int(cells[9])), []))
        elif cells[0] == "5" and cells[11].strip() and rows:
            rows[-1][1].append(cells[11])
            confidences.append(float(cells[10]))
    # The text output leaves out lines without words; so must the boxes.
    boxes = [box for box, words in rows if words]
    texts = [line for line in text.splitlines() if line.strip()]
    lines: list[Line] = []
    for row, (text_line, (left, top, width, box_h)) in enumerate(zip(texts, boxes, strict=False)):
        # Image rows grow downwards; PDF baselines grow upwards.
        bottom = float(height - top - box_h)
        lines.append(Line(text_line, float(left), float(left + width), bottom, float(box_h), row))
    return lines, confidences


def _tesseract(executable: str, image: Path, languages: str, timeout: float, number: int) -> tuple[str, str]:
    """Tesseract's text and TSV for one page image (``number`` from 0, for messages)."""
    base = image.with_suffix("")
    command = [executable, str(image), str(base), "-l", languages, "--psm", "4", "txt", "tsv"]
    # One OpenMP thread per Tesseract: pages, and the crawl's documents, run side by side.
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    try:
        done = subprocess.run(command, capture_output=True, timeout=timeout, env=env, check=False)
    except subprocess.TimeoutExpired:
        raise OcrError(f"tesseract ran past {timeout:.0f} s on page {number + 1}") from None
    finally:
        image.unlink(missing_ok=True)
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or ["failed"]
        raise OcrError(f"tesseract failed on page {number + 1}: {message[0]}")
    text = base.with_suffix(".txt").read_text(encoding="utf-8", errors="replace")
    tsv = base.with_suffix(".tsv").read_text(encoding="utf-8", errors="replace")
    return text, tsv


def ocr_pdf(body: bytes, languages: str, timeout: float, max_pages: int = 0, jobs: int = 1) -> OcrResult:
    """Read every page (or the first ``max_pages``) of a scanned PDF with Tesseract.

    Up to ``jobs`` pages are read at once (one Tesseract process each). PDFium renders the
    pages one after another in this thread (it is not thread-safe), at most ``jobs`` ahead
    of Tesseract, so that a long scan never fills the disk with page images.

    Raises:
        OcrError: Tesseract is missing, lacks a language, failed or timed out on a page.
        PdfError: the bytes cannot be opened as a PDF.
    """
    executable = tesseract_path()
    missing = missing_languages(languages)
    if executable is None or missing:
        raise OcrError(f"tesseract with {'+'.join(missing) or languages} is not installed")
    try:
        document = pdfium.PdfDocument(body)
    except pdfium.PdfiumError as exc:
        raise PdfError(f"not a readable PDF: {exc}") from None
    pages: list[PdfPage] = []
    confidences: list[float] = []

    def collect(number: int, height: int, width: int, read: Future[tuple[str, str]]) -> None:
        text, tsv = read.result()
        lines, page_confidences = _lines(text, tsv, height)
        confidences.extend(page_confidences)
        pages.append(PdfPage(number + 1, float(width), float(height), lines))

    try:
        total = len(document) if max_pages <= 0 else min(len(document), max_pages)
        with (
            tempfile.TemporaryDirectory(prefix="stiwatch-ocr-") as tmp,
            ThreadPoolExecutor(max_workers=max(1, jobs), thread_name_prefix="ocr") as pool,
        ):
            pending: deque[tuple[int, int, int, Future[tuple[str, str]]]] = deque()
            try:
                for number in range(total):
                    page = document[number]
                    image = Path(tmp) / f"page{number}.pgm"
                    try:
                        width, height = _write_pgm(page, _scan_scale(page), image)
                    finally:
                        page.close()
                    read = pool.submit(_tesseract, executable, image, languages, timeout, number)
                    pending.append((number, height, width, read))
                    if len(pending) >= max(1, jobs):
                        collect(*pending.popleft())
                while pending:
                    collect(*pending.popleft())
            finally:
                for *_, read in pending:
                    read.cancel()
    finally:
        document.close()
    return OcrResult(pages, statistics.fmean(confidences) if confidences else 0.0)
