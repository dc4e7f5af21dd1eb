"""Which of the dates a page's opening mentions is its own: the cues around each date.

A lead names several days: the event reported, earlier events, the span of a programme.
News writing marks the day of the report itself in a few ways, the same across the
languages the monitor reads, and those rank first (``rank``):

0. a date introduced as "today" ("ယနေ့ (၂၆-၅-၂၀၁၇)", "hari ini", "ngayong araw"): the
   day of the report, whatever else the lead mentions first;
1. a dateline: a place, a comma, the date and a dash at the start of a line
   ("Putrajaya, 21 Oktober 2020 – ..."), the wire-service form of the publication day;
2. a stamp: a date with its clock time on a short line ("Selasa, 20 November 2018 | 14:00
   WIB", "07/07/2024 06:19 PM"), a byline's form; below a dateline, since a header's stamp
   may be the last update;
3. any other date standing alone;
4. a date inside a range ("20 ມັງກອນ 1949 – 20 ມັງກອນ 2023", "10-13 Desember 2017"): the
   span of an event or an anniversary, a page's date only when nothing else dates it.

Dates after a past marker ("noong", "កាលពី") are ranked apart by the caller
(``datefmt.iter_marked_dates``). The words live in ``langdata/dates.yaml``.
"""

from __future__ import annotations

import re
from functools import lru_cache

from stiwatch.pipelines.langdata import load

TODAY, DATELINE, STAMP, PLAIN, IN_RANGE = 0, 1, 2, 3, 4

# How far before a date its "today" word may stand ("ယနေ့ (" , "hari ini, ").
_TODAY_WINDOW = 24
# A dateline's place: a capitalised name of at most this many characters before the comma.
_DATELINE = re.compile(r"(?:^|\n)[ \t]*[^\W\d_][^\n,;.]{0,40},[ \t]*$")
# After the date, the dash that ends a dateline (within the date's own length).
_DATELINE_DASH = re.compile(r"[^\n]{4,30}?[ \t][–—-][ \t]")
# A range's joiner: an en/em dash, or a hyphen with a space on at least one side (a
# numeric date's own hyphens have none: "28-5-2017").
_JOIN = r"(?:\s*[–—]\s*|\s+-\s*|\s*-\s+)"
# A date ending a range: a digit (the end of the first date), the joiner, then this date.
_RANGE_END = re.compile(rf"\d{_JOIN}$")
# A date opening one: within its own length, its last digit, the joiner and a digit.
_RANGE_START = re.compile(rf"[^\n.!?។။]{{2,24}}?\d{_JOIN}\d")
# A range of days before one month ("10-13 Desember 2017", "17-25 ມັງກອນ 2018"); a numeric
# date's own hyphen ("28-5-2017") is followed by another number.
_DAY_RANGE = re.compile(r"\d{1,2}\s*[–—-]\s*\d{1,2}(?![\d/.–—-])")


# A stamp's line is a byline, not a sentence: at most this long.
_STAMP_LINE = 100
# After the date (within its own length), a clock time: "| 14:00 WIB", "06:19 PM", "9.30".
_STAMP_CLOCK = re.compile(r"[^\n]{4,24}?[\s|,–—-]\d{1,2}[:.]\d{2}(?![\d.:])")


@lru_cache(maxsize=1)
def _today() -> re.Pattern[str]:
    words = "|".join(re.escape(str(w)) for w in load("dates")["today_markers"])
    return re.compile(rf"(?:{words})[\s,:]*\(?\s*$", re.IGNORECASE)


def today_marked(text: str, pos: int) -> bool:
    """The date at ``pos`` is introduced as today's ("ယနေ့ (…)", "hari ini, …")."""
    return bool(_today().search(text[max(0, pos - _TODAY_WINDOW) : pos]))


def dateline(text: str, pos: int) -> bool:
    """The date at ``pos`` follows "Place, " at a line start and is followed by a dash."""
    return bool(_DATELINE.search(text[max(0, pos - 48) : pos])) and bool(_DATELINE_DASH.match(text, pos))


def in_range(text: str, pos: int) -> bool:
    """The date at ``pos`` is one end of a range ("20 ມັງກອນ 1949 – 20 ມັງກອນ 2023")."""
    return (
        bool(_RANGE_END.search(text[max(0, pos - 8) : pos]))
        or bool(_RANGE_START.match(text, pos))
        or bool(_DAY_RANGE.match(text, pos))
    )


def stamp(text: str, pos: int) -> bool:
    """The date at ``pos`` is followed by a clock time on a short line: a byline's stamp."""
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    line_end = len(text) if end < 0 else end
    return line_end - start <= _STAMP_LINE and bool(_STAMP_CLOCK.match(text, pos, line_end))


def rank(text: str, pos: int) -> int:
    """The rank of the date at ``pos`` (see the module docstring; lower is better)."""
    if today_marked(text, pos):
        return TODAY
    if dateline(text, pos):
        return DATELINE
    if stamp(text, pos):
        return STAMP
    return IN_RANGE if in_range(text, pos) else PLAIN
