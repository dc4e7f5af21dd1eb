"""A document's own date line: where Thai and Vietnamese official documents state their date.

Thai documents end (or open) with a line such as "ประกาศ ณ วันที่ ๖ กรกฎาคม พ.ศ. ๒๕๖๔",
"ให้ไว้ ณ วันที่ ๑๗ มีนาคม พ.ศ. ๒๕๖๖" or a bare "วันศุกร์ที่ 5 พฤศจิกายน 2564"; Vietnamese
ones carry "Hà Nội, ngày 16 tháng 3 năm 2021" under the national motto. A date line is a
short paragraph that is a date with at most a label or a place before it; dates inside
sentences (a cited resolution, the day of a meeting) are never the document's date.
"""

from __future__ import annotations

import re
from datetime import datetime

from stiwatch.pipelines.datefmt import arabic_digits, aware, iter_dates

# A date line is short; the text before its date is a label or a place, after it little.
_MAX_CHARS = 80
_MAX_BEFORE = 45
_MAX_AFTER = 30
# Words that may stand before the date: labels, "at <place>", weekdays; no other digits.
_LABEL = re.compile(
    r"^[\s(]*(?:[^\d,]{0,30},\s*)?"
    r"(?:(?:ประกาศ|ให้ไว้|สั่ง|ตราไว้|ทำ|ลงนาม|เขียน)\s*ณ\s*)?"
    r"(?:วัน(?:จันทร์|อังคาร|พุธ|พฤหัสบดี|พฤหัส|ศุกร์|เสาร์|อาทิตย์)?ที่|ลงวันที่|"
    r"(?:Thứ\s+\w+,\s*)?ngày|Dated?\s*:?|Done\s+at\s+[^\d]{0,30}\s+on)?\s*$",
    re.IGNORECASE,
)
# How many paragraphs at the top and at the end of a document are searched.
_HEAD = 15
_TAIL = 15


def _date_of_line(line: str, now: datetime | None = None) -> datetime | None:
    line = " ".join(arabic_digits(line).split())
    if not line or len(line) > _MAX_CHARS:
        return None
    for start, when in iter_dates(line):
        if start > _MAX_BEFORE or len(line) - start > _MAX_AFTER + 20:
            continue
        if not _LABEL.match(line[:start]):
            continue
        if now is not None and when > aware(now):
            continue
        return when
    return None


def is_date_line(paragraph: str) -> bool:
    """The paragraph is a date line (a date with at most a label or place before it)."""
    return _date_of_line(paragraph) is not None


def document_date(text: str, now: datetime) -> datetime | None:
    """The date of the first date line among the opening paragraphs, else the closing ones."""
    paragraphs = [p for p in re.split(r"\n\s*\n|\n", text) if p.strip()]
    head = paragraphs[:_HEAD]
    tail = paragraphs[max(_HEAD, len(paragraphs) - _TAIL) :]
    for paragraph in (*head, *reversed(tail)):
        when = _date_of_line(paragraph, now)
        if when is not None:
            return when
    return None
