"""Date formats of the other ASEAN languages: Indonesian, Malay, Filipino, Khmer, Lao, Myanmar.

Month names live in ``langdata/dates.yaml``. What the formats need beyond Thai and
Vietnamese (``datefmt``):
- Latin months in four languages ("12 Maret 2025", "21 Okt", "Pebrero 28, 2019"), with a
  comma after the day ("26, Jul 2019") and Filipino ordinals ("ika-6 ng Hunyo 2022");
- Indonesian weekday references with a two-digit year ("Kamis (27/5/21)");
- Khmer, Lao and Myanmar digits, months and phrasing ("ថ្ងៃទី២៧ ខែកក្កដា ឆ្នាំ២០១៩",
  "ວັນທີ 17-25 ມັງກອນ 2018", "၂၀၂၂ခုနှစ်၊ဒီဇင်ဘာလ(၂၈)ရက်", "ဖေဖော်ဝါရီ ၁၀၊ ၂၀၁၇");
- ISO and year-first dotted dates ("2024-04-12 06:47", "2025.10.01");
- Cambodia's Buddhist Era (CE + 543 before Visak Bochea, CE + 544 after), not Thailand's.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from stiwatch.pipelines.langdata import load

# Khmer (U+17E0), Lao (U+0ED0) and Myanmar (U+1040) digits → 0-9.
_DIGITS = {chr(base + i): str(i) for base in (0x17E0, 0x0ED0, 0x1040) for i in range(10)}
_DIGIT_RE = re.compile("[" + "".join(_DIGITS) + "]")
# Zawgyi-era Myanmar text writes the letter ဝ as the digit ၀ before a vowel sign.
_MY_ZERO_AS_WA = re.compile("\u1040(?=[\u102b-\u1032\u1036\u1038\u103a\u103b-\u103e])")
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff]")
_KM_BE_MIN = 2400


def asean_digits(text: str) -> str:
    """Khmer, Lao and Myanmar digits as 0-9 (a ၀ used as the letter ဝ is kept a letter)."""
    text = _MY_ZERO_AS_WA.sub("\u101d", text)
    if _DIGIT_RE.search(text):
        text = _DIGIT_RE.sub(lambda m: _DIGITS[m.group()], text)
    return text


@lru_cache(maxsize=1)
def _filipino_days() -> tuple[dict[str, int], str]:
    days = {}
    for day, words in load("dates")["filipino_days"].items():
        for w in words:
            days[str(w).lower().replace("’", "'")] = int(day)
    return days, "|".join(sorted((re.escape(w) for w in days), key=len, reverse=True))


@lru_cache(maxsize=1)
def _past_marker() -> re.Pattern[str]:
    words = "|".join(re.escape(str(w)) for w in load("dates")["past_markers"])
    return re.compile(rf"(?:^|[\s(])(?:{words})\s*$", re.IGNORECASE)


def past_marked(text: str, pos: int) -> bool:
    """The date at ``pos`` follows a past marker ("noong", "កាលពី")."""
    return bool(_past_marker().search(text[max(0, pos - 16) : pos]))


def strip_invisible(text: str) -> str:
    """Zero-width characters removed (Khmer text puts them between words and digits)."""
    return _INVISIBLE.sub("", text)


@lru_cache(maxsize=1)
def _tables() -> tuple[dict[str, int], str, dict[str, dict[str, int]]]:
    data = load("dates")
    latin: dict[str, int] = {}
    for month, names in data["latin_months"].items():
        for name in names:
            latin[str(name).lower()] = int(month)
    alt = "|".join(sorted((re.escape(n) for n in latin), key=len, reverse=True))
    script: dict[str, dict[str, int]] = {}
    for lang, names in data["script_months"].items():
        script[lang] = {str(n): i + 1 for i, n in enumerate(names)}
    for lang, variants in (data.get("script_month_variants") or {}).items():
        for month, names in variants.items():
            for n in names:
                script[lang][str(n)] = int(month)
    return latin, alt, script


@lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern[str]]:
    _latin, alt, script = _tables()
    mon = rf"(?P<mon>{alt})\.?"
    year = r"(?P<y>\d{4})(?!\d)"
    more = r"(?:\s*[-–]\s*\d{1,2})?"
    km = "|".join(sorted(script["km"], key=len, reverse=True))
    lo = "|".join(sorted(script["lo"], key=len, reverse=True))
    my = "|".join(sorted(script["my"], key=len, reverse=True))
    return {
        # "12 Maret 2025", "26, Jul 2019", "ika-6 ng Hunyo 2022", "21 Okt 2024 14:09",
        # "28March 2023" (a stamp typed without the space)
        "latin_dmy": re.compile(
            rf"(?<![\w-])(?:ika-?\s*)?(?P<d>\d{{1,2}}){more},?\s*(?:ng\s+|de\s+)?{mon},?\s+(?:taong\s+)?{year}",
            re.IGNORECASE,
        ),
        # "Pebrero 28, 2019", "Jun 24, 2025"
        "latin_mdy": re.compile(
            rf"(?<!\w){mon}\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?{more}(?:,\s*|\s+){year}", re.IGNORECASE
        ),
        # Indonesian "Kamis (27/5/21)", "Jumat (28/2/2020)", "Jumat, (15/12/2017)": weekday,
        # day/month/year
        "id_weekday": re.compile(
            r"\b(?:Senin|Selasa|Rabu|Kamis|Jumat|Jum'at|Sabtu|Minggu|Isnin|Khamis|Jumaat|Ahad)\s*,?\s*"
            r"\(\s*(?P<d>\d{1,2})/(?P<m>\d{1,2})/(?P<y>\d{4}|\d{2})\s*\)",
            re.IGNORECASE,
        ),
        "iso": re.compile(r"(?<![\d.])(?P<y>20\d\d|19\d\d)-(?P<m>\d{1,2})-(?P<d>\d{1,2})(?![\d])"),
        "ymd_dots": re.compile(r"(?<![\d.])(?P<y>20\d\d|19\d\d)\.(?P<m>\d{1,2})\.(?P<d>\d{1,2})(?![\d.])"),
        # "23. 2. 2023" (spaced dots)
        "dmy_spaced": re.compile(r"(?<![\d.])(?P<d>\d{1,2})\.\s+(?P<m>\d{1,2})\.\s+(?P<y>\d{4})(?!\d)"),
        "km": re.compile(
            rf"(?:ថ្ងៃ\s*ទី\s*)?(?P<d>\d{{1,2}}){more}\s*ខែ\s*(?P<mon>{km})\s*"
            rf"(?:ឆ្នាំ\s*|ព\.\s?ស\.\s*)(?P<y>\d{{4}})(?!\d)"
        ),
        "lo": re.compile(rf"(?<!\d)(?P<d>\d{{1,2}}){more}\s*(?P<mon>{lo})\s*,?\s*(?P<y>\d{{4}})(?!\d)"),
        # "၂၀၂၂ခုနှစ်၊ဒီဇင်ဘာလ(၂၈)ရက်", "2018 ခုနှစ်၊ ဇူလိုင်လ 4 ရက်", "၂၀၂၃ ဧပြီလ ၁ ရက်နေ့",
        # "၂၀၂၄ ခုနှစ်၊ ဖေဖော်ဝါရီ ၃": the year first, then the month, then the day; "ခုနှစ်"
        # (year) or "ရက်" (day) says which number is which, and at least one is written.
        "my_ymd": re.compile(
            rf"(?P<y>\d{{4}})\s*(?P<year_word>ခုနှစ်)?\s*[၊,]?\s*(?P<mon>{my})\s*လ?\s*\(?\s*(?P<d>\d{{1,2}})"
            rf"\s*\)?(?!\d)\s*(?(year_word)(?:ရက်)?|ရက်)"
        ),
        # "ဖေဖော်ဝါရီ 10၊ 2017", "နိုဝင်ဘာ 5, 2019"
        "my_mdy": re.compile(rf"(?P<mon>{my})\s*လ?\s*(?P<d>\d{{1,2}})\s*[၊,]\s*(?P<y>\d{{4}})(?!\d)"),
        # year-less datelines: "နေပြည်တော် ဒီဇင်ဘာ 28", "ໃນວັນທີ 16 ກັນຍາ", "Rabu (12/3)"
        "my_no_year": re.compile(rf"(?P<mon>{my})\s*လ?\s*\(?(?P<d>\d{{1,2}})\)?(?!\s*[၊,]?\s*\d)"),
        # "ika-dalawampu't isa ng Mayo taong 2025" (the year is optional)
        "tl_words": re.compile(
            rf"(?<!\w)ika-?\s*(?P<dw>{_filipino_days()[1]})\s+ng\s+{mon}(?:\s*,?\s*(?:taong\s+)?(?P<y>\d{{4}}))?",
            re.IGNORECASE,
        ),
        # "nitong Sabado (Pebrero 7)"
        "latin_paren_no_year": re.compile(rf"\(\s*{mon}\s+(?P<d>\d{{1,2}})\s*\)", re.IGNORECASE),
        "id_no_year": re.compile(
            r"\b(?:Senin|Selasa|Rabu|Kamis|Jumat|Jum'at|Sabtu|Minggu)\s*,?\s*\(\s*(?P<d>\d{1,2})/(?P<m>\d{1,2})\s*\)",
            re.IGNORECASE,
        ),
    }


@lru_cache(maxsize=1)
def _visak_bochea() -> tuple[dict[int, tuple[int, int]], tuple[int, int]]:
    data = load("dates")
    table = {}
    for year, day in (data.get("khmer_visak_bochea") or {}).items():
        m, d = str(day).split("-")
        table[int(year)] = (int(m), int(d))
    dm, dd = str(data["default_turnover"]).split("-")
    return table, (int(dm), int(dd))


def khmer_be_to_ce(be_year: int, month: int, day: int) -> int:
    """CE year of a Khmer Buddhist-Era date: BE − 544 from Visak Bochea on, BE − 543 before.

    Cambodia counts the Buddhist Era from the Buddha's death one year later than Thailand
    writes it for the part of the year after Visak Bochea (sources.md §5, Khmer).
    """
    table, default = _visak_bochea()
    late = be_year - 544  # the CE year if the day falls after that year's Visak Bochea
    turn = table.get(late, default)
    return late if (month, day) >= turn else be_year - 543


def iter_asean(text: str) -> Iterator[tuple[int, int, int, int]]:
    """(position, year, month, day) of each date in the formats above (``text`` has 0-9 digits
    and no zero-width characters)."""
    latin, _, script = _tables()
    pats = _patterns()
    for m in pats["latin_dmy"].finditer(text):
        month = latin.get(m["mon"].lower())
        if month:
            yield m.start(), int(m["y"]), month, int(m["d"])
    for m in pats["latin_mdy"].finditer(text):
        month = latin.get(m["mon"].lower())
        if month:
            yield m.start(), int(m["y"]), month, int(m["d"])
    days = _filipino_days()[0]
    for m in pats["tl_words"].finditer(text):
        month = latin.get(m["mon"].lower())
        if month and m["y"]:
            yield m.start(), int(m["y"]), month, days[m["dw"].lower().replace("’", "'")]
    for m in pats["id_weekday"].finditer(text):
        if len(m["y"]) == 2:  # four-digit years are read by the numeric formats already
            yield m.start(), 2000 + int(m["y"]), int(m["m"]), int(m["d"])
    for key in ("iso", "ymd_dots", "dmy_spaced"):
        for m in pats[key].finditer(text):
            yield m.start(), int(m["y"]), int(m["m"]), int(m["d"])
    for lang in ("km", "lo"):
        for m in pats[lang].finditer(text):
            month, day, year = script[lang][m["mon"]], int(m["d"]), int(m["y"])
            if year >= _KM_BE_MIN:
                year = khmer_be_to_ce(year, month, day) if lang == "km" else year - 543
            yield m.start(), year, month, day
    for key in ("my_ymd", "my_mdy"):
        for m in pats[key].finditer(text):
            yield m.start(), int(m["y"]), script["my"][m["mon"]], int(m["d"])


def asean_no_year(text: str) -> Iterator[tuple[int, int, int]]:
    """Year-less datelines (position, month, day): Myanmar "ဒီဇင်ဘာ 28", Indonesian "Rabu (12/3)"."""
    _, _, script = _tables()
    pats = _patterns()
    for m in pats["my_no_year"].finditer(text):
        yield m.start(), script["my"][m["mon"]], int(m["d"])
    for m in pats["id_no_year"].finditer(text):
        if 1 <= int(m["m"]) <= 12:
            yield m.start(), int(m["m"]), int(m["d"])
    latin, _, _ = _tables()
    for m in pats["latin_paren_no_year"].finditer(text):
        yield m.start(), latin[m["mon"].lower()], int(m["d"])
    days = _filipino_days()[0]
    for m in pats["tl_words"].finditer(text):
        if not m["y"]:
            yield m.start(), latin[m["mon"].lower()], days[m["dw"].lower().replace("’", "'")]


def weekday_dates(text: str) -> Iterator[tuple[int, int, int, int]]:
    """(position, year, month, day) of each Indonesian/Malay weekday-stated date,
    "kata Donna kepada Bisnis, Jumat (28/2/2020)": the news convention for the day a
    reported statement was made (``text`` has 0-9 digits)."""
    for m in _patterns()["id_weekday"].finditer(text):
        year = int(m["y"])
        yield m.start(), year + 2000 if year < 100 else year, int(m["m"]), int(m["d"])
