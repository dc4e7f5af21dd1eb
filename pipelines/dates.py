"""Dates stage: which date of a page is its publication date (the cascade).

Documents (PDF, Word) have their own short cascade: the document's date line, then the
file's metadata date (``pdf-metadata``, ``docx-metadata``), then the feed's date.

Cascade for web pages (see docs/architecture.md): page metadata → the harvested "Published:"
line → a date in the title, header region or first paragraphs → a date in a
body anchored by the year the title names → the date encoded in the URL → a dateline
without a year ("18 พ.ค.-", "Sáng 16/7") dated by the feed's date or the crawl time →
the date the feed or sitemap listed the article with. The formats themselves are read
by ``stiwatch.pipelines.datefmt``. A date after the crawl time is never accepted.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from email.utils import parsedate_to_datetime
from typing import ClassVar

from stiwatch.core.article import Article
from stiwatch.crawler.registry import DateInUrl
from stiwatch.pipelines.base import PipelineContext, StageError, StagePipeline
from stiwatch.pipelines.datecues import PLAIN, rank
from stiwatch.pipelines.datefmt import (
    LOCAL_TZ,
    MIN_YEAR,
    arabic_digits,
    aware,
    iter_dates,
    iter_marked_dates,
    make_date,
    title_years,
    yearless_dateline,
)
from stiwatch.pipelines.datefmt_asean import past_marked, weekday_dates
from stiwatch.pipelines.documents.datelines import document_date

_FIRST_PARAGRAPHS = 3
_FIRST_CHARS = 1500
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


def _best_in_text(text: str, now: datetime, mdy: bool, past: bool) -> tuple[int, datetime] | None:
    now = aware(now)
    found = iter_marked_dates(text, mdy)
    text = arabic_digits(text)  # the positions are in this form of the text
    best: tuple[int, datetime] | None = None
    for pos, dt, marked in found:
        if dt <= now and marked == past:
            ranked = (rank(text, pos), dt)
            if best is None or ranked[0] < best[0]:
                best = ranked
    return best


def find_date_in_text(text: str, now: datetime, *, mdy: bool = False, past: bool = False) -> datetime | None:
    """The page's own date among the dates of ``text`` that are not after ``now``.

    Callers pass a header region or the first paragraphs, never a whole body. The date
    introduced as today's wins, then a dateline, then the first date standing alone, then
    the first end of a range (``datecues``). A date after a past marker ("noong ...")
    reports an earlier event: it is skipped, unless ``past`` asks for exactly those (the
    cascade's last resort).
    """
    best = _best_in_text(text, now, mdy, past)
    return best[1] if best else None


def stated_weekday_date(text: str, now: datetime) -> datetime | None:
    """The first weekday-stated date of ``text`` ("Jumat (28/2/2020)"), not after ``now``.

    Indonesian and Malay reports give the day of each statement they quote this way,
    anywhere in the body; it outranks a plain date of the lead, which in these texts
    names the events the statement is about ("ditandatangani pada 22 Januari 2019").
    """
    now = aware(now)
    digits = arabic_digits(text)
    for pos, year, month, day in weekday_dates(digits):
        dt = make_date(year, month, day)
        if dt is not None and dt <= now and not past_marked(digits, pos):
            return dt
    return None


def date_in_year(text: str, years: set[int], now: datetime) -> datetime | None:
    """The earliest date of ``text`` falling in one of ``years`` (the title's year), if any.

    A title that names its year ("ประจำปี ๒๕๕๘") ties the article to it; the body may
    mention older dates first (sample 002 cites 2012 before its 2015 event), and the
    earliest day of that year is the start of the event the article reports.
    """
    now = aware(now)
    candidates = [dt for _, dt in iter_dates(text) if dt.year in years and dt <= now]
    return min(candidates, default=None)


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
    if dt.year < MIN_YEAR:
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
    if dt is None or dt.year < MIN_YEAR:
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
        # A dateline without a year is dated near the crawl time; `stiwatch eval` turns this
        # off to score only the dates a text states in full.
        self.date_yearless = True

    def _document(self, article: Article, now: datetime) -> tuple[datetime | None, str | None]:
        """A document's date: its own date line, else its file metadata, else the feed's date."""
        handoff = article.handoff
        dt = document_date(handoff.text_index or article.text, now)
        if dt is not None:
            # A date line read by OCR is less certain than one from a text layer.
            return dt, "ocr-line" if handoff.document_ocr else "document-line"
        for value, origin in (
            (handoff.document_date, handoff.document_date_from or "pdf-metadata"),
            (handoff.discovered_date, "feed"),
        ):
            dt = parse_feed_date(value) if value else None
            if dt is not None and dt <= now:
                return dt, origin
        return None, None

    def find(self, article: Article) -> tuple[datetime | None, str | None]:
        """The publication date of ``article`` and where it came from (or None, None)."""
        now = aware(self.context.now)
        handoff = article.handoff
        if article.is_document:
            return self._document(article, now)

        def ok(dt: datetime | None) -> bool:
            return dt is not None and dt <= now

        if handoff.page_date:
            dt = parse_page_date(handoff.page_date, machine=handoff.page_date_machine)
            if ok(dt):
                return dt, "metadata"
        header = handoff.header_text
        raws = [str(article.metadata.get("published_raw") or "")]
        raws += [m.group(1) for m in _PUBLISHED_LABEL.finditer(header)]
        raws += header_datelines(header)
        for raw in raws:
            dt = _any_date(raw) if raw else None
            if ok(dt):
                return dt, "published-line"
        source = self.context.source(article.source)
        mdy = source is not None and source.date_order == "mdy"
        body = handoff.text_index or article.text
        head = "\n".join(part for part in (article.title, header, first_paragraphs(body)) if part)
        best = _best_in_text(head, now, mdy, False)
        if best is not None and best[0] < PLAIN:
            return best[1], "text"
        stated = stated_weekday_date(body, now)
        if stated is not None:
            return stated, "text"
        if best is not None:
            return best[1], "text"
        years = title_years(article.title)
        if years:
            dt = date_in_year(body, years, now)
            if dt is not None:
                return dt, "text"
        dt = date_from_url(article.url, source.date_in_url if source else None)
        if ok(dt):
            return dt, "url"
        discovered = handoff.discovered_date
        feed_dt = parse_feed_date(discovered) if discovered else None
        feed_dt = feed_dt if ok(feed_dt) else None
        # A dateline without its year ("18 พ.ค.-") takes the year from the feed's date,
        # else from the crawl time: never a future day.
        lead = "\n".join(part for part in (header, first_paragraphs(body, 1, 400)) if part)
        dt = yearless_dateline(lead, feed_dt or now) if self.date_yearless else None
        if ok(dt):
            return dt, "text"
        # Last resort: the date the feed or sitemap listed the article under (RSS pubDate,
        # Atom updated, news:publication_date, lastmod); lastmod may be a later edit.
        if feed_dt is not None:
            return feed_dt, "feed"
        # A date the lead marks as past ("noong ika-21 ng Mayo 2025") when nothing else dates
        # the page: the report of the event is the closest thing to its publication.
        dt = find_date_in_text(head, now, mdy=mdy, past=True)
        if dt is not None:
            return dt, "text"
        return None, None

    def __call__(self, article: Article) -> Article:
        dt, origin = self.find(article)
        article.published = dt.isoformat() if dt else None
        article.published_from = origin
        if dt is None:
            raise StageError("date-missing", f"no publication date found for {article.url}")
        return article


class DatesPipeline(StagePipeline):
    stage_class = DatesStage
