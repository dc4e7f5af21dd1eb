"""From page lines to paragraphs: running heads and page numbers out, wrapped lines joined.

- A line in a page's top or bottom margin that repeats (digits aside) on most pages is a
  running header or footer; a margin line that is only a page number ("- 3 -", "หน้า ๓
  จาก ๘", "Page 3 of 8", "Trang 2") is one too. Both leave the text.
- Lines join into paragraphs unless the gap above a line is wider than the page's usual
  line spacing, the line is indented, it starts a list item or an article ("Điều 2.",
  "มาตรา ๕", "1)"), or the line before it stopped well short of its column's right edge.
- Thai lines join without a space (Thai writes no space between words; a space the
  author typed at the break is kept as a character of the line); other scripts with one.
  A word hyphenated across the break is joined without its hyphen.
"""

from __future__ import annotations

import itertools
import math
import re
import statistics
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace

from stiwatch.pipelines.documents.pdf import Line, PdfPage

# Lines this close to the top or bottom edge (share of the page height) can be running heads.
_TOP_MARGIN = 0.15
_BOTTOM_MARGIN = 0.12
# How many lines at each end of a page are looked at, and on what share of pages a line must recur.
_ZONE_LINES = 3
_RECUR_SHARE = 0.6
_PAGE_NUMBER = re.compile(
    r"^[\s\-–—(]*(?:(?:หน้า|Page|Trang|p\.)\s*)?[\d๐-๙]{1,4}"
    r"(?:\s*(?:/|จาก|of|trên)\s*[\d๐-๙]{1,4})?[\s\-–—)]*$",
    re.IGNORECASE,
)
_DIGITS = re.compile(r"[\d๐-๙]+")
_SPACE = re.compile(r"\s+")
_LIST_START = re.compile(
    r"^(?:[-•–●▪◦*]\s|\(?[\d๐-๙]{1,3}[.)]\s?|\(?[a-zก-ฮ][.)]\s|Điều\s+\d|Chương\s+[IVXLC\d]|"
    r"Mục\s+\d|มาตรา\s|ข้อ\s*[\d๐-๙]|[IVX]{1,4}\.\s)",
)
_SOFT_HYPHEN = "\ufffe"
_VN_MOTTO = re.compile(
    r"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM|CỘNG HÒA XÃ HỘI|Độc lập\s*[-–]\s*Tự do", re.IGNORECASE
)
# A line whose gap above it exceeds the usual spacing by this factor starts a paragraph.
_GAP_FACTOR = 1.45
# An indent of this many font sizes starts a paragraph.
_INDENT_EMS = 0.9
# A line that stops short of its column's right edge by this share of the column ends one.
_SHORT_SHARE = 0.25
# A change of font size by more than this share starts a paragraph (a heading's end).
_SIZE_CHANGE = 0.1
# Two lines whose centres differ by less than this share of the column are centred together.
_CENTRED_SHARE = 0.03


def _is_thai(ch: str) -> bool:
    return "\u0e01" <= ch <= "\u0e5b"


def _capitals(line: Line) -> bool:
    """The line is written in capitals (Latin script; Thai has no case)."""
    letters = [ch for ch in line.text if ch.isalpha() and not "\u0e00" <= ch <= "\u0e7f"]
    return len(letters) >= 4 and all(ch.isupper() for ch in letters)


def _key(text: str) -> str:
    return _DIGITS.sub("#", _SPACE.sub("", text)).casefold()


def _rows(lines: Sequence[Line]) -> list[list[Line]]:
    """Lines grouped by the physical line (row) they were cut from."""
    rows: list[list[Line]] = []
    for line in lines:
        if rows and rows[-1][0].row == line.row:
            rows[-1].append(line)
        else:
            rows.append([line])
    return rows


def _in_margin(row: Sequence[Line], page: PdfPage) -> bool:
    if page.height <= 0:
        return True
    share = row[0].baseline / page.height
    return share >= 1 - _TOP_MARGIN or share <= _BOTTOM_MARGIN


def _zone(rows: Sequence[Sequence[Line]]) -> list[int]:
    n = len(rows)
    return sorted(set(range(min(_ZONE_LINES, n))) | set(range(max(0, n - _ZONE_LINES), n)))


def _row_text(row: Sequence[Line]) -> str:
    return " ".join(line.text.strip() for line in row)


def strip_running_heads(pages: Sequence[PdfPage]) -> list[list[Line]]:
    """Every page's lines without running headers, footers and page-number lines."""
    paged = [_rows(page.lines) for page in pages]
    recur: Counter[str] = Counter()
    for page, rows in zip(pages, paged, strict=True):
        recur.update({_key(_row_text(rows[i])) for i in _zone(rows) if _in_margin(rows[i], page)})
    needed = max(2, math.ceil(_RECUR_SHARE * len(pages)))
    running = {key for key, n in recur.items() if key and n >= needed}
    kept: list[list[Line]] = []
    for page, rows in zip(pages, paged, strict=True):
        drop = {
            i
            for i in _zone(rows)
            if _in_margin(rows[i], page)
            and (_key(_row_text(rows[i])) in running or _PAGE_NUMBER.match(_row_text(rows[i])))
        }
        kept.append([line for i, row in enumerate(rows) if i not in drop for line in row])
    return kept


def split_vietnamese_header(lines: Sequence[Line]) -> list[Line]:
    """Cut a line that runs the issuer into the national motto into its two cells.

    Every Vietnamese administrative document opens with the same block (Decree 30/2020
    on the format of administrative documents): issuer and number on the left, the
    national name and motto on the right, set side by side. A producer that writes the
    two cells as one run of text gives "CHÍNH PHỦ CỘNG HÒA XÃ HỘI ..."; split at the motto.
    """
    out: list[Line] = []
    for line in lines:
        match = _VN_MOTTO.search(line.text)
        if line.part or match is None or not line.text[: match.start()].strip():
            out.append(line)
            continue
        middle = line.left + (line.right - line.left) / 2
        out.append(replace(line, text=line.text[: match.start()].rstrip(), right=middle))
        out.append(replace(line, text=line.text[match.start() :], left=middle, part=1))
    return out


def cells_in_order(lines: Sequence[Line]) -> list[Line]:
    """Side-by-side cells read cell by cell: in a run of lines split into parts, all first
    parts (top to bottom), then all second parts, and so on."""
    rows = _rows(lines)
    out: list[Line] = []
    i = 0
    while i < len(rows):
        j = i
        while j < len(rows) and len(rows[j]) > 1:
            j += 1
        if j == i:
            out.extend(rows[i])
            i += 1
            continue
        width = max(len(r) for r in rows[i:j])
        for part in range(width):
            out.extend(r[part] for r in rows[i:j] if part < len(r))
        i = j
    return out


def join_lines(before: str, after: str) -> str:
    """Two wrapped lines of one paragraph as one."""
    after = after.lstrip()
    if not before:
        return after
    if before.endswith(_SOFT_HYPHEN):
        stem = before[:-1]
        keep = (stem[-1:].isupper() and after[:1].isupper()) or after[:1].isdigit()
        return stem + ("-" if keep else "") + after
    if before.endswith((" ", "\t")):
        return before.rstrip() + " " + after
    if _is_thai(before[-1]) and after and _is_thai(after[0]):
        return before + after
    return before + " " + after


def _column(line: Line, lines: Sequence[Line]) -> tuple[float, float]:
    """The left and right edges of the text column ``line`` sits in: the medians over the
    lines that overlap it horizontally (a centred heading takes the body's edges, a line of
    the left column the left column's)."""
    overlapping = [o for o in lines if o.left < line.right and o.right > line.left]
    if not overlapping:
        return line.left, line.right
    return statistics.median(o.left for o in overlapping), statistics.median(o.right for o in overlapping)


def _usual_gap(lines: Sequence[Line]) -> float:
    gaps = [
        a.baseline - b.baseline
        for a, b in itertools.pairwise(lines)
        if 0 < a.baseline - b.baseline < 3 * max(b.size, 1.0)
    ]
    return statistics.median(gaps) if gaps else 0.0


def _ends_short(prev: Line, lines: Sequence[Line]) -> bool:
    """``prev`` ends its paragraph by its shape: it stops well short of its column's right
    edge, or it is narrow (a centred heading, a right-aligned date, a header-block line)."""
    left, right = _column(prev, lines)
    column = max(right - left, prev.size, 1.0)
    narrow = prev.right - prev.left < (1 - _SHORT_SHARE) * column
    return narrow or right - prev.right > _SHORT_SHARE * column


def _starts_paragraph(prev: Line, line: Line, lines: Sequence[Line], gap: float) -> bool:
    """Whether ``line`` (after ``prev`` on the same page) begins a new paragraph."""
    size = max(line.size, prev.size, 1.0)
    if _LIST_START.match(line.text.lstrip()):
        return True
    drop = prev.baseline - line.baseline
    if drop > 0 and gap > 0 and drop > _GAP_FACTOR * gap:
        return True
    if _ends_short(prev, lines) or abs(prev.size - line.size) > _SIZE_CHANGE * size:
        return True
    if _capitals(prev) != _capitals(line):
        return True  # a heading in capitals ends or begins
    left, right = _column(prev, lines)
    column = max(right - left, size)
    # A wrapped centred heading: both lines share their centre; the second may be short.
    if abs((prev.left + prev.right) - (line.left + line.right)) / 2 < _CENTRED_SHARE * column:
        return False
    if drop > 0 and line.left - prev.left > _INDENT_EMS * size:
        return True
    # A continuation line starts at the column's left edge; one further in stands alone.
    return line.left - left > _SHORT_SHARE * column


def paragraphs(pages: Sequence[PdfPage]) -> list[str]:
    """The document's paragraphs in reading order (running heads removed first)."""
    out: list[str] = []
    current = ""
    for _page, page_lines in zip(pages, strip_running_heads(pages), strict=True):
        lines = cells_in_order(split_vietnamese_header(page_lines))
        gap = _usual_gap(lines)
        for i, line in enumerate(lines):
            # Across a page break a paragraph goes on unless its last line ended short.
            if current and (
                (i == 0 and _LIST_START.match(line.text.lstrip()))
                or (i > 0 and _starts_paragraph(lines[i - 1], line, lines, gap))
            ):
                out.append(current)
                current = ""
            current = join_lines(current, line.text) if current else line.text.strip()
        if current and lines and _ends_short(lines[-1], lines):
            out.append(current)
            current = ""
    if current:
        out.append(current)
    return [_SPACE.sub(" ", p.replace(_SOFT_HYPHEN, "-")).strip() for p in out if p.strip()]
