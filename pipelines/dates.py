"""Publication dates: Thai (Buddhist Era), Vietnamese and English formats, and the cascade.

Generic parsers get these pages wrong (dateparser keeps BE years and reads
"20-21 ก.ย. 2566" as 2021-11-20; thai_strptime takes the end of a range), so the
formats seen on the sources are parsed here with explicit patterns.

Cascade (see docs/architecture.md): page metadata → the harvested "Published:"
line → a date in the title, header region or first paragraphs → a date in a
body anchored by the year the title names → the date encoded in the URL → a dateline
without a year ("18 พ.ค.-", "Sáng 16/7") dated by the feed's date or the crawl time →
the date the feed or sitemap listed the article with. Ranges and lists of days
("20-21 ก.ย.", "9 และ 10 สิงหาคม", "9 và 10/8/2023") give their first day.
A date after the crawl time is never accepted.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta, timezone
from email.utils import parsedate_to_datetime
from typing import ClassVar

from crawler.items import Article
from crawler.registry import DateInUrl
from pipelines.base import PipelineContext, StageError, StagePipeline

# Pages without an explicit offset are local time in Thailand and Vietnam.
LOCAL_TZ = timezone(timedelta(hours=7))
_MIN_YEAR = 1970
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
_FIRST_PARAGRAPHS = 3
_FIRST_CHARS = 1500


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
# A labelled publication line in the header region counts as the "Published:" line.
_PUBLISHED_LABEL = re.compile(
    r"(?:Published|Posted(?:\s+on)?|Date\s+published|เผยแพร่(?:เมื่อ)?|วันที่เผยแพร่|Ngày\s+đăng)"
    r"\s*[:：]?\s*(.{6,60})",
    re.IGNORECASE,
)
# A short header line that starts with a date label is the page's dateline ("วันที่ 8 ก.ค.
# 2565" under an EWT headline, "Ngày 16/7/2025", "Tarikh: 5 Ogos 2025"); only whole short
# lines count, since body sentences also start with "วันที่" when they name an event day.
_DATELINE = re.compile(
    r"^\s*(?:วันที่|(?:Ngày|Date|Dated|Tarikh|Posted(?:\s+on)?)\b)\s*[:：]?\s*(.+)$",
    re.IGNORECASE | re.MULTILINE,
)
_DATELINE_MAX = 80
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


def _arabic_digits(text: str) -> str:
    """Thai digits → 0-9 (ten C-level replaces beat str.translate's per-character path)."""
    if _THAI_DIGIT.search(text):
        for thai, arabic in _DIGIT_PAIRS:
            text = text.replace(thai, arabic)
    return text


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
        if y < _MIN_YEAR:
            return None
        return datetime(y, m, d, hour, minute, tzinfo=tz)
    except ValueError:
        return None


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


def _iter_vietnamese(text: str) -> Iterator[tuple[int, datetime]]:
    for m in _VI_NUMERIC.finditer(text):
        tz = LOCAL_TZ
        if m["tz"]:
            offset = int(m["tz"])
            if not -12 <= offset <= 14:
                continue
            tz = timezone(timedelta(hours=offset))
        day = int(m["d0"] or m["d"])
        dt = _make(_year(m["y"]), int(m["m"]), day, m["hh"], m["mm"], tz)
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
    text = _arabic_digits(text)
    found = [*_iter_thai(text), *_iter_vietnamese(text), *_iter_english(text)]
    return sorted(found, key=lambda item: item[0])


def _first(found: Iterator[tuple[int, datetime]]) -> datetime | None:
    best = min(found, default=None, key=lambda item: item[0])
    return best[1] if best else None


def parse_thai_date(s: str) -> datetime | None:
    """First Thai date in ``s`` ("17 ตุลาคม 2566", "20-21 ก.ย. 2566", "๙ – ๑๑ สิงหาคม ๒๕๕๘")."""
    return _first(_iter_thai(_arabic_digits(s)))


def parse_vietnamese_date(s: str) -> datetime | None:
    """First Vietnamese date in ``s`` ("Thứ hai, 8/5/2023, 15:58 (GMT+7)", "Ngày 16/7/2025")."""
    return _first(_iter_vietnamese(_arabic_digits(s)))


def parse_english_date(s: str) -> datetime | None:
    """First English date in ``s`` ("29 June 2021", "June 29, 2021", "8 Mar 2024 10:00")."""
    return _first(_iter_english(s))


def _aware(now: datetime) -> datetime:
    return now if now.tzinfo else now.replace(tzinfo=UTC)


def find_date_in_text(text: str, now: datetime) -> datetime | None:
    """The first plausible date in ``text`` that is not after ``now``.

    Callers pass a header region or the first paragraphs, never a whole body.
    """
    now = _aware(now)
    for _, dt in iter_dates(text):
        if dt <= now:
            return dt
    return None


def date_in_year(text: str, years: set[int], now: datetime) -> datetime | None:
    """The earliest date of ``text`` falling in one of ``years`` (the title's year), if any.

    A title that names its year ("ประจำปี ๒๕๕๘") ties the article to it; the body may
    mention older dates first (sample 002 cites 2012 before its 2015 event), and the
    earliest day of that year is the start of the event the article reports.
    """
    now = _aware(now)
    candidates = [dt for _, dt in iter_dates(text) if dt.year in years and dt <= now]
    return min(candidates, default=None)


def title_years(title: str) -> set[int]:
    """CE years a title names with four digits (BE or CE)."""
    years = {_year(y) for y in _YEAR.findall(_arabic_digits(title))}
    return {y for y in years if _MIN_YEAR <= y <= 2200}


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
    text = _arabic_digits(text)
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
    for _, month, day in sorted(found):
        dt = _latest_not_after(month, day, _aware(reference))
        if dt is not None:
            return dt
    return None


def date_from_url(url: str, rule: DateInUrl | None) -> datetime | None:
    """The timestamp a source encodes in its article URLs (registry ``date_in_url``)."""
    if rule is None:
        return None
    m = rule.pattern.search(url)
    if not m:
        return None
    try:
        dt = datetime.strptime(m.group(1), rule.format)
    except ValueError:
        return None
    return dt.replace(tzinfo=dt.tzinfo or LOCAL_TZ)


def parse_page_date(value: str, *, machine: bool = True) -> datetime | None:
    """An ISO date or datetime from page metadata; a bare Jan 1 guess is refused.

    htmldate falls back to "YYYY-01-01" when all it saw was a year; that is only
    believed when the page carried machine-readable date metadata (``machine``).
    """
    value = value.strip()
    try:
        if len(value) == 10:
            d = date.fromisoformat(value)
            if (d.month, d.day) == (1, 1) and not machine:
                return None
            return datetime(d.year, d.month, d.day, tzinfo=LOCAL_TZ)
        dt = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    if dt.year < _MIN_YEAR:
        return None
    return dt if dt.tzinfo else dt.replace(tzinfo=LOCAL_TZ)


def parse_feed_date(value: str) -> datetime | None:
    """The date a feed or sitemap gave for an entry: ISO 8601 (Atom, sitemaps) or RFC 822 (RSS)."""
    value = value.strip()
    if not value:
        return None
    dt = parse_page_date(value)
    if dt is None:
        try:
            dt = parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            dt = _any_date(value)
    if dt is None or dt.year < _MIN_YEAR:
        return None
    return dt if dt.tzinfo else dt.replace(tzinfo=LOCAL_TZ)


def header_datelines(header: str) -> list[str]:
    """Short header lines that start with a date label; their text after the label."""
    return [m.group(1) for m in _DATELINE.finditer(header) if len(m.group(0).strip()) <= _DATELINE_MAX]


def _any_date(s: str) -> datetime | None:
    found = iter_dates(s)
    return found[0][1] if found else None


def first_paragraphs(text: str, count: int = _FIRST_PARAGRAPHS, limit: int = _FIRST_CHARS) -> str:
    """The opening paragraphs of a body (where news sites put the dateline)."""
    paras = [p for p in re.split(r"\n\s*\n|\n", text) if p.strip()]
    return "\n".join(paras[:count])[:limit]


class DatesStage:
    """Sets ``published`` (ISO 8601 with offset) and ``published_from`` on an article."""

    name: ClassVar[str] = "dates"

    def __init__(self, context: PipelineContext) -> None:
        self.context = context

    def _find(self, article: Article) -> tuple[datetime | None, str | None]:
        now = _aware(self.context.now)
        meta = article.meta

        def ok(dt: datetime | None) -> bool:
            return dt is not None and dt <= now

        page_date = meta.get("page_date")
        if page_date:
            dt = parse_page_date(str(page_date), machine=bool(meta.get("page_date_machine", True)))
            if ok(dt):
                return dt, "metadata"
        header = meta.get("header_text") or ""
        raws = [str(article.metadata.get("published_raw") or "")]
        raws += [m.group(1) for m in _PUBLISHED_LABEL.finditer(header)]
        raws += header_datelines(header)
        for raw in raws:
            dt = _any_date(raw) if raw else None
            if ok(dt):
                return dt, "published-line"
        body = meta.get("text_index") or article.text
        head = "\n".join(part for part in (article.title, header, first_paragraphs(body)) if part)
        dt = find_date_in_text(head, now)
        if dt is not None:
            return dt, "text"
        years = title_years(article.title)
        if years:
            dt = date_in_year(body, years, now)
            if dt is not None:
                return dt, "text"
        source = self.context.source(article.source)
        dt = date_from_url(article.url, source.date_in_url if source else None)
        if ok(dt):
            return dt, "url"
        discovered = meta.get("discovered_date")
        feed_dt = parse_feed_date(str(discovered)) if discovered else None
        feed_dt = feed_dt if ok(feed_dt) else None
        # A dateline without its year ("18 พ.ค.-") takes the year from the feed's date,
        # else from the crawl time: never a future day.
        lead = "\n".join(part for part in (header, first_paragraphs(body, 1, 400)) if part)
        dt = yearless_dateline(lead, feed_dt or now)
        if ok(dt):
            return dt, "text"
        # Last resort: the date the feed or sitemap listed the article under (RSS pubDate,
        # Atom updated, news:publication_date, lastmod); lastmod may be a later edit.
        if feed_dt is not None:
            return feed_dt, "feed"
        return None, None

    def __call__(self, article: Article) -> Article:
        dt, origin = self._find(article)
        article.published = dt.isoformat() if dt else None
        article.published_from = origin
        if dt is None:
            raise StageError("date-missing", f"no publication date found for {article.url}")
        return article


class DatesPipeline(StagePipeline):
    stage_class = DatesStage
