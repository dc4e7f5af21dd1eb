"""Home evidence: signs that an article is its publisher's country's home news.

An article that is about no country is tagged with its publisher's country only when it
shows that it is home news (``pipelines/publisher.py``). A Vietnamese site's piece on
Apple's chips or a shark's lifespan names no country and is not Viet Nam's news; one on
Đà Nẵng's hi-tech park or on a 700-million-đồng prize is. Besides the country's own
name and its agencies, the evidence is read from ``home.yaml``, per country:

- ``domains``: the government's domains: a ministry's own page is its country's news
  ("mtic.gov.bn", under "gov.bn");
- ``places``: provinces, cities and regions, matched as written (case and all, so the
  province "Hòa Bình" is not "hòa bình", peace);
- ``words``: phrases only home news writes ("nước ta", our country; "ทั่วประเทศ",
  nationwide; "ล้านบาท");
- ``people``: the people's name written bare, as home news does ("nhà khoa học Việt", a
  Vietnamese scientist);
- ``firms``: national firms ("Viettel", "Vingroup");
- ``amounts``: currency words that count after a number ("50 บาท", "500.000 đồng");
- ``unowned``: institutions home news names bare ("Chính phủ", the government), which
  count only when no proper name follows ("Chính phủ Ethiopia" is Ethiopia's);
- ``surnames``: family names that start a personal name ("Nguyễn" in "Nguyễn Trung
  Chính"), counted when a capitalised word follows;
- ``not_inside``: longer names that hold a place's name and mean something else
  ("Thái Bình Dương", the Pacific, holds the provinces Thái Bình and Bình Dương).

Places, people, firms and personal names say whose news it is even beside other countries:
named in the title or the lead, they add the publisher's country to the countries the
article is about (``named``). The other words only tell home news from no country's news:
"người dân" (the people) in a report on Japan are Japan's people.

Thai, Khmer, Lao and Myanmar phrases match anywhere (those scripts write no spaces
between words); the others match whole words only.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

from stiwatch.core.scripts import ALL_SCRIPTS
from stiwatch.core.taxonomy.entries import TaxonomyError
from stiwatch.core.text import THAI_CHAR
from stiwatch.core.yamlfile import read_yaml

HOME_FILE = "home.yaml"
_KINDS = ("domains", "places", "words", "people", "firms", "amounts", "unowned", "surnames", "not_inside")
# Scripts written without spaces between words (Thai; Khmer, Lao, Myanmar): their
# phrases match inside runs.
_UNSPACED = re.compile(f"{THAI_CHAR.pattern}|[{ALL_SCRIPTS}]")
# Old Vietnamese tone placement on an open "oa"/"oe" syllable ("Hoà", "Thanh Hoá"):
# the tone moves to the o, as in the new placement ("Hòa"), so both spellings match.
# A closed syllable ("hoàn", "toán") has its tone on the a in both placements.
_OLD_TONE = re.compile(r"([oO])([àáảãạèéẻẽẹ])(?!\w)")
_MOVE_TONE = {
    "à": ("\u0300", "a"), "á": ("\u0301", "a"), "ả": ("\u0309", "a"), "ã": ("\u0303", "a"),
    "ạ": ("\u0323", "a"), "è": ("\u0300", "e"), "é": ("\u0301", "e"), "ẻ": ("\u0309", "e"),
    "ẽ": ("\u0303", "e"), "ẹ": ("\u0323", "e"),
}  # fmt: skip
_NUMBER = r"\d[\d.,]*\s?"


class HomeError(TaxonomyError):
    """home.yaml is invalid; the message names the country and the problem."""


def modern_tone(text: str) -> str:
    """``text`` with old-style tone placement on open "oa"/"oe" syllables made new-style."""

    def move(m: re.Match[str]) -> str:
        mark, vowel = _MOVE_TONE[m.group(2)]
        return unicodedata.normalize("NFC", m.group(1) + mark) + vowel

    return _OLD_TONE.sub(move, text)


def _phrase(text: str) -> str:
    escaped = re.escape(modern_tone(text))
    return escaped if _UNSPACED.search(text) else rf"(?<!\w){escaped}(?!\w)"


def _alternation(phrases: Iterable[str]) -> str:
    # Longest first, so that a longer name wins over its start ("Hà Nam" / "Hà Nam Ninh").
    return "|".join(_phrase(p) for p in sorted(set(phrases), key=lambda p: (-len(p), p)))


def _compile(pattern: str) -> re.Pattern[str] | None:
    return re.compile(pattern) if pattern else None


@dataclass(frozen=True)
class HomeEvidence:
    """The compiled home evidence of one country (``load_home`` keys them by country id);
    ``on_domain`` and ``find`` give the first piece of it."""

    domains: tuple[str, ...]
    plain: re.Pattern[str] | None
    own: re.Pattern[str] | None  # places, people, firms: the country's own, beside others too
    amounts: re.Pattern[str] | None
    unowned: re.Pattern[str] | None
    surnames: re.Pattern[str] | None
    not_inside: re.Pattern[str] | None

    @classmethod
    def build(cls, lists: Mapping[str, list[str]]) -> HomeEvidence:
        amounts = _alternation(lists.get("amounts", []))
        own = [*lists.get("places", []), *lists.get("people", []), *lists.get("firms", [])]
        return cls(
            domains=tuple(d.lower().lstrip(".") for d in lists.get("domains", [])),
            plain=_compile(_alternation([*own, *lists.get("words", [])])),
            own=_compile(_alternation(own)),
            amounts=_compile(rf"{_NUMBER}(?:{amounts})" if amounts else ""),
            unowned=_compile(_alternation(lists.get("unowned", []))),
            surnames=_compile(_alternation(lists.get("surnames", []))),
            not_inside=_compile(_alternation(lists.get("not_inside", []))),
        )

    def on_domain(self, url: str | None) -> str | None:
        """The host of ``url`` when it is under one of the country's government domains."""
        host = (urlsplit(url).hostname or "") if url else ""
        return host if any(host == d or host.endswith(f".{d}") for d in self.domains) else None

    def _prepared(self, text: str) -> str:
        text = modern_tone(text)
        if self.not_inside is not None:
            text = self.not_inside.sub(lambda m: " " * len(m.group(0)), text)
        return text

    def named(self, text: str) -> str | None:
        """The first place, people's name, firm or personal name of the country in ``text``,
        or None: what makes an article the country's news even when it names others."""
        text = self._prepared(text)
        if self.own is not None and (m := self.own.search(text)):
            return m.group(0)
        for m in self.surnames.finditer(text) if self.surnames is not None else ():
            if _capitalised_next(text, m.end()):
                return m.group(0)
        return None

    def find(self, text: str) -> str | None:
        """The first phrase of ``text`` that shows home news, or None."""
        text = self._prepared(text)
        for pattern in (self.plain, self.amounts):
            if pattern is not None and (m := pattern.search(text)):
                return m.group(0).strip()
        for pattern, named in ((self.unowned, False), (self.surnames, True)):
            for m in pattern.finditer(text) if pattern is not None else ():
                # A capitalised word after it: a surname starts a name; an institution
                # followed by a proper name is that name's ("Chính phủ Ethiopia").
                if _capitalised_next(text, m.end()) == named:
                    return m.group(0)
        return None


def _capitalised_next(text: str, end: int) -> bool:
    rest = text[end : end + 2]
    return len(rest) == 2 and rest[0] == " " and rest[1].isupper()


def load_home(path: Path, countries: Iterable[str]) -> Mapping[str, HomeEvidence]:
    """Read and validate ``home.yaml``: every key a country id, every list of strings.

    Without the file no country has home evidence but its own mentions.
    """
    if not path.exists():
        return {}
    try:
        raw: Any = read_yaml(path) or {}
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise HomeError(f"{path.name}: cannot read: {exc}") from exc
    if not isinstance(raw, dict):
        raise HomeError(f"{path.name}: expected a mapping of country ids")
    known = set(countries)
    out: dict[str, HomeEvidence] = {}
    for country, lists in raw.items():
        where = f"{path.name}: {country}"
        if country not in known:
            raise HomeError(f"{where}: not a country of countries.yaml")
        if not isinstance(lists, dict) or set(lists) - set(_KINDS):
            raise HomeError(f"{where}: expected lists named {', '.join(_KINDS)}")
        for kind, items in lists.items():
            if not isinstance(items, list) or not all(isinstance(i, str) and i.strip() for i in items):
                raise HomeError(f"{where}: {kind} must be a list of non-empty strings")
        out[country] = HomeEvidence.build(lists)
    return out
