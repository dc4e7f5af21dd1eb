"""Read a PDF's text layer with PDFium (pypdfium2), line by line with each line's geometry.

PDFium was chosen over pdfminer.six/pdfplumber by measurement on the labelled Thai and
Vietnamese PDFs (bench/README.md, "PDF text extraction"): fewer character errors before
any repair and about ten times the speed.

Spaces are decided here, where the geometry is known, because the text alone cannot
tell them apart:
- PDFium *generates* a space wherever two glyphs stand apart; justified Thai spreads the
  letters of a line, so a generated space between two Thai characters is never a word
  space (a word space the author typed is a real character in the text layer);
- a real "space" drawn above the letters is a nikhahit whose ToUnicode entry is wrong
  (the Royal Gazette's TH SarabunIT๙): before sara aa it is the lost half of sara am;
- U+FFFE is PDFium's mark for a hyphen that ends a line inside a word: the word is
  joined, the hyphen kept only between capitals or digits ("ASEAN-China").
"""

from __future__ import annotations

import ctypes
import statistics
import unicodedata
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta, timezone

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

_THAI_LO, _THAI_HI = "\u0e01", "\u0e5b"
# Combining Thai marks: drawn over or under the previous letter, they carry no line geometry.
_THAI_MARKS = frozenset(
    "\u0e31\u0e34\u0e35\u0e36\u0e37\u0e38\u0e39\u0e3a\u0e47\u0e48\u0e49\u0e4a\u0e4b\u0e4c\u0e4d\u0e4e"
)
_SOFT_HYPHEN = "\ufffe"
_SPACES = frozenset(" \u00a0")
# A gap this many font sizes wide between two glyphs of one line separates two cells
# (justified Thai stretches gaps to about two font sizes).
_CELL_GAP_EMS = 2.5


class PdfError(ValueError):
    """The bytes are not a PDF PDFium can open (damaged, or encrypted with a password)."""


@dataclass
class Line:
    """One text line of a page, as PDFium split it, with its box in PDF points."""

    text: str
    left: float
    right: float
    baseline: float
    size: float
    # The physical line it belongs to, and its part when a wide gap splits the line into
    # side-by-side cells (a Vietnamese header block: issuer | national motto).
    row: int = 0
    part: int = 0

    @property
    def empty(self) -> bool:
        return not self.text.strip()


@dataclass
class PdfPage:
    """A page's lines in reading order (content order, which is column by column)."""

    number: int
    width: float
    height: float
    lines: list[Line] = field(default_factory=list)


@dataclass
class PdfContent:
    """What the text layer and the document information dictionary hold."""

    pages: list[PdfPage]
    title: str = ""
    created: str | None = None
    modified: str | None = None
    producer: str = ""

    @property
    def characters(self) -> int:
        return sum(len(line.text.strip()) for page in self.pages for line in page.lines)


def _is_thai(ch: str) -> bool:
    return _THAI_LO <= ch <= _THAI_HI


def pdf_date(value: str | None) -> str | None:
    """A PDF date string (``D:20211108091200+07'00'``) as ISO 8601, or None when unreadable."""
    if not value:
        return None
    raw = value.strip()
    raw = raw[2:] if raw.startswith("D:") else raw
    digits = "".join(ch for ch in raw[:14] if ch.isdigit())
    if len(digits) < 8:
        return None
    try:
        when = datetime.strptime((digits + "000000")[:14], "%Y%m%d%H%M%S")
    except ValueError:
        return None
    rest = raw[len(digits) :].replace("'", "")
    tz: timezone | None = None
    if rest[:1] == "Z":
        tz = UTC
    elif rest[:1] in "+-" and len(rest) >= 3 and rest[1:3].isdigit():
        minutes = int(rest[3:5]) if rest[3:5].isdigit() else 0
        offset = timedelta(hours=int(rest[1:3]), minutes=minutes)
        tz = timezone(offset if rest[0] == "+" else -offset)
    if tz is None:
        return when.date().isoformat() if when.time() == datetime.min.time() else when.isoformat()
    return when.replace(tzinfo=tz).isoformat()


def _char_text(textpage: pdfium.PdfTextPage, count: int) -> list[str]:
    """One string per character index (surrogate pairs make ``get_text_range`` longer)."""
    text = textpage.get_text_range(0, count)
    if len(text) == count:
        return list(text)
    return [chr(pdfium_c.FPDFText_GetUnicode(textpage, i)) for i in range(count)]


def _box(textpage: pdfium.PdfTextPage, index: int) -> tuple[float, float, float, float]:
    left, bottom, right, top = (ctypes.c_double() for _ in range(4))
    pdfium_c.FPDFText_GetCharBox(textpage, index, left, right, bottom, top)
    return left.value, bottom.value, right.value, top.value


class _LineBuilder:
    """Accumulates the characters of one line and decides its spaces."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.boxes: list[tuple[float, float, float, float]] = []
        self.sizes: list[float] = []
        self.pending_space: tuple[bool, tuple[float, float, float, float]] | None = None

    def last_char(self) -> str:
        return self.parts[-1][-1:] if self.parts else ""

    def space(self, generated: bool, box: tuple[float, float, float, float]) -> None:
        if self.parts and self.pending_space is None:
            self.pending_space = (generated, box)

    def glyph(self, ch: str, box: tuple[float, float, float, float], size: float) -> None:
        if self.pending_space is not None:
            self.parts.append(self._resolve_space(ch))
            self.pending_space = None
        if ch == _SOFT_HYPHEN:
            self.parts.append(_SOFT_HYPHEN)
            return
        if self.parts and self.parts[-1] == _SOFT_HYPHEN:
            before = self.parts[-2][-1:] if len(self.parts) > 1 else ""
            keep = (ch.isupper() and before.isupper()) or ch.isdigit()
            self.parts[-1] = "-" if keep else ""
        self.parts.append(ch)
        if ch not in _THAI_MARKS:
            self.boxes.append(box)
            self.sizes.append(size)

    def _resolve_space(self, following: str) -> str:
        assert self.pending_space is not None
        generated, box = self.pending_space
        before = self.last_char()
        if following == "\u0e32" and _is_thai(before) and self.boxes:
            # A real space drawn above the letters: the nikhahit of sara am, mis-mapped.
            prev = self.boxes[-1]
            if box[3] > box[1] and box[1] >= prev[1] + 0.6 * (prev[3] - prev[1]):
                return "\u0e4d"
        if following in _THAI_MARKS:
            return ""
        if generated and _is_thai(before) and _is_thai(following):
            return ""
        return " "

    def far_from(self, box: tuple[float, float, float, float], size: float) -> bool:
        """The glyph at ``box`` stands a cell gap right of this line's last glyph."""
        return bool(self.boxes) and box[0] - self.boxes[-1][2] > _CELL_GAP_EMS * max(size, 1.0)

    def line(self, row: int = 0, part: int = 0) -> Line | None:
        # A soft hyphen can only be last here: the layout joins the word across the break.
        text = unicodedata.normalize("NFC", "".join(self.parts))
        if self.pending_space is not None and text:
            text += " "
        if not text.strip() or not self.boxes:
            return None
        return Line(
            text=text,
            left=min(b[0] for b in self.boxes),
            right=max(b[2] for b in self.boxes),
            baseline=statistics.median(b[1] for b in self.boxes),
            size=statistics.median(self.sizes) if self.sizes else 0.0,
            row=row,
            part=part,
        )


def _page_lines(textpage: pdfium.PdfTextPage) -> list[Line]:
    count = textpage.count_chars()
    if count <= 0:
        return []
    chars = _char_text(textpage, count)
    lines: list[Line] = []
    builder = _LineBuilder()
    row = part = 0

    def finish() -> None:
        done = builder.line(row, part)
        if done is not None:
            lines.append(done)

    for i, ch in enumerate(chars):
        if ch in "\r\n":
            if ch == "\n" or (i + 1 < count and chars[i + 1] != "\n"):
                finish()
                builder, row, part = _LineBuilder(), row + 1, 0
            continue
        if ch in _SPACES or ch == "\t":
            builder.space(bool(pdfium_c.FPDFText_IsGenerated(textpage, i)), _box(textpage, i))
            continue
        if ch == "\x00" or ch == "\x02":
            continue
        box, size = _box(textpage, i), pdfium_c.FPDFText_GetFontSize(textpage, i)
        if ch not in _THAI_MARKS and builder.far_from(box, size):
            builder.pending_space = None
            finish()
            builder, part = _LineBuilder(), part + 1
        builder.glyph(ch, box, size)
    finish()
    return lines


def merge_rows(lines: list[Line]) -> list[Line]:
    """Join consecutive lines PDFium broke apart although they share a baseline and follow
    each other (separate text objects of one printed line); far apart, they become parts
    (cells) of one row."""
    out: list[Line] = []
    for line in lines:
        prev = out[-1] if out else None
        if prev is None or abs(prev.baseline - line.baseline) > 0.3 * max(prev.size, line.size, 1.0):
            out.append(line)
            continue
        gap = line.left - prev.right
        size = max(prev.size, line.size, 1.0)
        if gap < -0.5 * size:
            out.append(line)  # moved back left: a new column, not the same line
        elif gap > _CELL_GAP_EMS * size:
            out.append(replace(line, row=prev.row, part=prev.part + 1))
        else:
            joint = "" if gap < 0.2 * size and _is_thai(prev.text.rstrip()[-1:]) else " "
            text = prev.text if prev.text.endswith(" ") else prev.text + joint
            out[-1] = replace(prev, text=text + line.text.lstrip(), right=max(prev.right, line.right))
    return out


def read_pdf(body: bytes, max_pages: int = 0) -> PdfContent:
    """The text lines of every page (or the first ``max_pages``) and the document's metadata.

    Raises:
        PdfError: the bytes cannot be opened as a PDF.
    """
    try:
        document = pdfium.PdfDocument(body)
    except pdfium.PdfiumError as exc:
        raise PdfError(f"not a readable PDF: {exc}") from None
    try:
        meta = document.get_metadata_dict(skip_empty=True)
        pages: list[PdfPage] = []
        total = len(document) if max_pages <= 0 else min(len(document), max_pages)
        for number in range(total):
            page = document[number]
            textpage = page.get_textpage()
            try:
                width, height = page.get_size()
                pages.append(PdfPage(number + 1, width, height, merge_rows(_page_lines(textpage))))
            finally:
                textpage.close()
                page.close()
        return PdfContent(
            pages=pages,
            title=str(meta.get("Title", "")).strip(),
            created=pdf_date(meta.get("CreationDate")),
            modified=pdf_date(meta.get("ModDate")),
            producer=str(meta.get("Producer", "")).strip(),
        )
    finally:
        document.close()


def page_count(body: bytes) -> int:
    """How many pages the PDF has (0 when it cannot be opened)."""
    try:
        document = pdfium.PdfDocument(body)
    except pdfium.PdfiumError:
        return 0
    try:
        return len(document)
    finally:
        document.close()
