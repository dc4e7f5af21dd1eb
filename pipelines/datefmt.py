"""Date formats: Thai (Buddhist Era), Vietnamese and English dates found in page text
(the other ASEAN languages: ``datefmt_asean``).

Generic parsers get these pages wrong (dateparser keeps BE years and reads
"20-21 ก.ย. 2566" as 2021-11-20; thai_strptime takes the end of a range), so the
formats seen on the sources are parsed here with explicit patterns. Ranges and lists
of days ("20-21 ก.ย.", "9 และ 10 สิงหาคม", "9 và 10/8/2023") give their first day.
The dates stage (``stiwatch.pipelines.dates``) decides which date of a page is its own.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone

from stiwatch.pipelines.datefmt_asean import (
    asean_digits,
    asean_no_year,
    iter_asean,
    past_marked,
    strip_invisible,
)

# Pages without an explicit offset are local time in Thailand and Vietnam.
LOCAL_TZ = timezone(timedelta(hours=7))
MIN_YEAR = 1970
_BE_OFFSET = 543
_THAI_DIGIT = re.compile("[๐-๙]")
_DIGIT_PAIRS = tuple(zip("๐๑๒๓๔๕๖๗๘๙", "0123456789", strict=True))
# Cheap substring checks that let most texts skip a whole family of patterns.
_EN_HINTS = (
    "jan",
    "feb",
    "mar",
    "apr",
    "may",
    "jun",
    "jul",
    "aug",
    "sep",
    "oct",
    "nov",
    "dec",
    # Malay months the English pattern also reads (Malaysian and Bruneian pages).
    "mac",
    "mei",
    "ogo",
    "ogs",
    "okt",
    "dis",
)


def _abbr(abbr: str) -> str:
    """Regex for a dotted Thai abbreviation whose dots and inner space are optional."""
    letters = [p for p in abbr.split(".") if p]
    return r"\.?\s?".join(re.escape(p) for p in letters) + r"\.?"


_THAI_MONTHS: tuple[tuple[str, str], ...] = (
    ("มกราคม", "ม.ค."),
    ("กุมภาพันธ์", "ก.พ."),
    ("มีนาคม", "มี.ค."),
    ("เมษายน", "เม.ย."),
    ("พฤษภาคม", "พ.ค."),
    ("มิถุนายน", "มิ.ย."),
    ("กรกฎาคม", "ก.ค."),
    ("สิงหาคม", "ส.ค."),
    ("กันยายน", "ก.ย."),
    ("ตุลาคม", "ต.ค."),
    ("พฤศจิกายน", "พ.ย."),
    ("ธันวาคม", "ธ.ค."),
)
_THAI_MONTH_RE: list[tuple[re.Pattern[str], int]] = [
    (re.compile(f"^(?:{re.escape(full)}|{_abbr(ab)})$"), i + 1) for i, (full, ab) in enumerate(_THAI_MONTHS)
]
# Full names first so that "มีนาคม" is not read as the abbreviation "มี.ค" + garbage.
_THAI_MONTH_ALT = "|".join(
    [re.escape(full) for full, _ in _THAI_MONTHS] + [_abbr(ab) for _, ab in _THAI_MONTHS]
)
_FULL_THAI_MONTHS = frozenset(full for full, _ in _THAI_MONTHS)
_DASH = r"\s*(?:[-–—]|ถึง)\s*"
# Further days of a range or list: "20-21", "9 และ 10", "9, 10 และ 11" (the first day is kept).
_MORE_DAYS = r"(?:(?:\s*[-–—,]\s*|\s*(?:ถึง|และ)\s*)\d{1,2}){0,6}"
_THAI_DATE = re.compile(
    rf"(?<!\d)(?P<d>\d{{1,2}}){_MORE_DAYS}\s*(?P<mon>{_THAI_MONTH_ALT})"
    rf"(?:{_DASH}\d{{1,2}}\s*(?:{_THAI_MONTH_ALT}))?"
    r"\s*(?:(?:พ|ค)\.\s?ศ\.)?\s*(?P<y>\d{4}|\d{2})(?!\d)"
    r"(?:\s*(?:เวลา)?\s*(?P<hh>\d{1,2})[:.](?P<mm>\d{2})\s*(?P<suffix>น\.|:)?)?"
)

# Keyed by the first three letters. English pages of Malaysian and Bruneian agencies
# keep a Malay dateline ("5 Ogos 2025, Putrajaya –"), so the Malay names
# (Januari Februari Mac April Mei Jun Julai Ogos September Oktober November Disember)
# and their short forms are read by the same Latin-script patterns.
_EN_MONTHS = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "may": 5,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
    "mac": 3,
    "mei": 5,
    "ogo": 8,
    "ogs": 8,
    "okt": 10,
    "dis": 12,
}
_EN_MONTH_ALT = (
    r"(?:Jan(?:uary|uari)?|Feb(?:ruary|ruari)?|Mar(?:ch)?|Mac|Apr(?:il)?|May|Mei|June?"
    r"|Jul(?:y|ai)?|Aug(?:ust)?|Ogos|Ogo|Ogs|Sept?(?:ember)?|Oct(?:ober)?|Okt(?:ober)?"
    r"|Nov(?:ember)?|Dec(?:ember)?|Dis(?:ember)?)"
)
_EN_TIME = r"(?:,?\s+(?:at\s+)?(?P<hh>\d{1,2}):(?P<mm>\d{2})(?:\s*(?P<ampm>[AaPp]\.?[Mm]\.?))?)?"
_EN_MORE_DAYS = r"(?:\s*(?:[-–,&]|and|to)\s*\d{1,2}(?:st|nd|rd|th)?){0,6}"
_EN_DMY = re.compile(
    rf"(?<!\d)(?P<d>\d{{1,2}})(?:st|nd|rd|th)?{_EN_MORE_DAYS}\s+(?:of\s+)?"
    rf"(?P<mon>{_EN_MONTH_ALT})\.?,?\s+(?P<y>\d{{4}})(?!\d){_EN_TIME}",
    re.IGNORECASE,
)
_EN_MDY = re.compile(
    rf"\b(?P<mon>{_EN_MONTH_ALT})\.?\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?{_EN_MORE_DAYS},?\s+"
    rf"(?P<y>\d{{4}})(?!\d){_EN_TIME}",
    re.IGNORECASE,
)

_VI_NUMERIC = re.compile(
    # "9-10/8/2023", "ngày 9 và 10/8/2023": a range's first day comes before the full date.
    r"(?<![\d/.\-])(?:(?P<d0>\d{1,2})\s*(?:[-–]|và|,)\s*)?(?P<d>\d{1,2})(?P<sep>[/.\-])(?P<m>\d{1,2})(?P=sep)(?P<y>\d{4})(?!\d)"
    r"(?:\s*[,\-|]?\s*(?P<hh>\d{1,2})[:hg](?P<mm>\d{2}))?"
    r"(?:\s*\(?\s*GMT\s*(?P<tz>[+\-]\d{1,2})\s*\)?)?",
    re.IGNORECASE,
)
_VI_WORDS = re.compile(
    r"(?<!\d)(?P<d>\d{1,2})\s+tháng\s+(?P<m>\d{1,2}),?\s+năm\s+(?P<y>\d{4})(?!\d)", re.IGNORECASE
)
# Datelines that give a day and month but no year: "ทำเนียบรัฐบาล 18 พ.ค.-" (TNA),
# "BANGKOK, May 18 (TNA) -", "Sáng 16/7, ..." in Vietnamese leads. The year is the one
# that puts the day closest before the reference date (the feed's date or the crawl).
_THAI_NO_YEAR = re.compile(rf"(?<!\d)(?P<d>\d{{1,2}})\s*(?P<mon>{_THAI_MONTH_ALT})\s*[-–—]")
_EN_NO_YEAR = re.compile(
    rf"\b(?P<mon>{_EN_MONTH_ALT})\.?\s+(?P<d>\d{{1,2}})\s*(?:\([^()\n]{{1,24}}\)\s*)?[-–—]",
    re.IGNORECASE,
)
_VI_NO_YEAR = re.compile(
    r"\b(?:Sáng|Chiều|Tối|Trưa|Đêm|Ngày|Hôm nay)\s+(?:qua\s+|nay\s+)?(?:\(|ngày\s+)?"
    r"(?P<d>\d{1,2})/(?P<m>\d{1,2})\)?(?![/\d])",
    re.IGNORECASE,
)
_YEAR = re.compile(r"(?<!\d)(\d{4})(?!\d)")


def arabic_digits(text: str) -> str:
    """Thai, Khmer, Lao and Myanmar digits → 0-9 (Thai by ten C-level replaces, which beat
    str.translate's per-character path on the long Thai pages)."""
    if _THAI_DIGIT.search(text):
        for thai, arabic in _DIGIT_PAIRS:
            text = text.replace(thai, arabic)
    return strip_invisible(asean_digits(text))


def _year(raw: str) -> int:
    """CE year from a 4-digit BE/CE year or a 2-digit BE year (25yy)."""
    y = int(raw)
    if len(raw) <= 2:
        return 2500 + y - _BE_OFFSET
    return y - _BE_OFFSET if y >= 2400 else y


def _make(
    y: int,
    m: int,
    d: int,
    hh: str | None = None,
    mm: str | None = None,
    tz: timezone = LOCAL_TZ,
) -> datetime | None:
    try:
        hour = int(hh) if hh else 0
        minute = int(mm) if mm else 0
        if y < MIN_YEAR:
            return None
        return datetime(y, m, d, hour, minute, tzinfo=tz)
    except ValueError:
        return None


def make_date(year: int, month: int, day: int) -> datetime | None:
    """Midnight local time of a day, or None for an impossible or too early one."""
    return _make(year, month, day)


def _thai_month(raw: str) -> int | None:
    for pattern, month in _THAI_MONTH_RE:
        if pattern.match(raw):
            return month
    return None


def _iter_thai(text: str) -> Iterator[tuple[int, datetime]]:
    for m in _THAI_DATE.finditer(text):
        month = _thai_month(m["mon"])
        # Two-digit years come with abbreviated months ("22 พ.ย. 64"); after a full
        # month name two digits are a count ("17 ตุลาคม 30 คน"), not a year.
        if month is None or (len(m["y"]) == 2 and m["mon"] in _FULL_THAI_MONTHS):
            continue
        # A clock time needs a colon or the "น." suffix; "2566 10.5" is not 10:05.
        timed = m["hh"] and (m["suffix"] or ":" in m.group(0)[m.start("hh") - m.start() :])
        dt = _make(_year(m["y"]), month, int(m["d"]), m["hh"] if timed else None, m["mm"] if timed else None)
        if dt:
            yield m.start(), dt


def _iter_english(text: str) -> Iterator[tuple[int, datetime]]:
    lower = text.lower()
    if not any(hint in lower for hint in _EN_HINTS):
        return
    for pattern in (_EN_DMY, _EN_MDY):
        for m in pattern.finditer(text):
            month = _EN_MONTHS.get(m["mon"].lower()[:3])
            hh = m["hh"]
            if hh and m["ampm"]:
                h = int(hh) % 12 + (12 if m["ampm"].lower().startswith("p") else 0)
                hh = str(h)
            dt = _make(int(m["y"]), month or 0, int(m["d"]), hh, m["mm"]) if month else None
            if dt:
                yield m.start(), dt


def _iter_vietnamese(text: str, mdy: bool = False) -> Iterator[tuple[int, datetime]]:
    for m in _VI_NUMERIC.finditer(text):
        tz = LOCAL_TZ
        if m["tz"]:
            offset = int(m["tz"])
            if not -12 <= offset <= 14:
                continue
            tz = timezone(timedelta(hours=offset))
        day, month = int(m["d0"] or m["d"]), int(m["m"])
        if (mdy or month > 12) and day <= 12 and not m["d0"]:
            # MM/DD/YYYY (Myanmar's MOI, US-style pages): the second number cannot be a month.
            day, month = month, day
        dt = _make(_year(m["y"]), month, day, m["hh"], m["mm"], tz)
        if dt:
            yield m.start(), dt
    if "tháng" not in text.lower():
        return
    for m in _VI_WORDS.finditer(text):
        dt = _make(int(m["y"]), int(m["m"]), int(m["d"]))
        if dt:
            yield m.start(), dt


def iter_dates(text: str) -> list[tuple[int, datetime]]:
    """Every date found in ``text`` (any supported format) with its position, in text order."""
    return [(pos, dt) for pos, dt, _ in iter_marked_dates(text)]


def iter_marked_dates(text: str, mdy: bool = False) -> list[tuple[int, datetime, bool]]:
    """Every date of ``text`` with its position and whether a past marker precedes it.

    Args:
        mdy: numeric dates are month first (a source whose registry says so).
    """
    text = arabic_digits(text)
    found = [*_iter_thai(text), *_iter_vietnamese(text, mdy), *_iter_english(text)]
    for pos, y, m, d in iter_asean(text):
        dt = _make(y, m, d)
        if dt:
            found.append((pos, dt))
    return [(pos, dt, past_marked(text, pos)) for pos, dt in sorted(found, key=lambda item: item[0])]


def _first(found: Iterator[tuple[int, datetime]]) -> datetime | None:
    best = min(found, default=None, key=lambda item: item[0])
    return best[1] if best else None


def parse_thai_date(s: str) -> datetime | None:
    """First Thai date in ``s`` ("17 ตุลาคม 2566", "20-21 ก.ย. 2566", "๙ – ๑๑ สิงหาคม ๒๕๕๘")."""
    return _first(_iter_thai(arabic_digits(s)))


def parse_vietnamese_date(s: str) -> datetime | None:
    """First Vietnamese date in ``s`` ("Thứ hai, 8/5/2023, 15:58 (GMT+7)", "Ngày 16/7/2025")."""
    return _first(_iter_vietnamese(arabic_digits(s)))


def parse_english_date(s: str) -> datetime | None:
    """First English date in ``s`` ("29 June 2021", "June 29, 2021", "8 Mar 2024 10:00")."""
    return _first(_iter_english(s))


def aware(now: datetime) -> datetime:
    """``now`` with a time zone (UTC when it had none)."""
    return now if now.tzinfo else now.replace(tzinfo=UTC)


def title_years(title: str) -> set[int]:
    """CE years a title names with four digits (BE or CE)."""
    years = {_year(y) for y in _YEAR.findall(arabic_digits(title))}
    return {y for y in years if MIN_YEAR <= y <= 2200}


def _latest_not_after(month: int, day: int, reference: datetime) -> datetime | None:
    """The date with this month and day that is closest to ``reference`` without passing it."""
    local = reference.astimezone(LOCAL_TZ)
    for year in (local.year, local.year - 1):
        dt = _make(year, month, day)
        if dt is not None and dt.date() <= local.date():
            return dt
    # 29 February seen from a year that has none: the last leap year.
    for year in range(local.year - 2, local.year - 8, -1):
        dt = _make(year, month, day)
        if dt is not None:
            return dt
    return None


def yearless_dateline(text: str, reference: datetime) -> datetime | None:
    """The first day-and-month dateline without a year in ``text``, dated near ``reference``.

    Callers pass the header region and the first paragraph only.
    """
    text = arabic_digits(text)
    found: list[tuple[int, int, int]] = []
    for m in _THAI_NO_YEAR.finditer(text):
        month = _thai_month(m["mon"])
        if month:
            found.append((m.start(), month, int(m["d"])))
    if any(hint in text.lower() for hint in _EN_HINTS):
        for m in _EN_NO_YEAR.finditer(text):
            found.append((m.start(), _EN_MONTHS[m["mon"].lower()[:3]], int(m["d"])))
    for m in _VI_NO_YEAR.finditer(text):
        found.append((m.start(), int(m["m"]), int(m["d"])))
    found.extend(asean_no_year(text))
    for _, month, day in sorted(found):
        dt = _latest_not_after(month, day, aware(reference))
        if dt is not None:
            return dt
    return None
