"""Salience: how much an article is about each country, agency and theme it names.

Every match is an ``Occurrence``: where it stands (title, lead, body), in which
paragraph, and whether it is one item of an enumeration. ``name_salience`` and
``theme_salience`` turn a tag's occurrences into one number with the rules of
``core/taxonomy/salience.yaml`` and ``themes.yaml`` (``scoring``): 1.0 or more means the
article is about it, below it is only mentioned. Pure functions, no taxonomy look-ups.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from stiwatch.core.taxonomy.entries import ThemeScoring
from stiwatch.core.taxonomy.phrases import Hit
from stiwatch.core.taxonomy.salience import ListRules, NameSalience

_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
# Salience is stored with the tags: two decimals say enough.
DIGITS = 2


@dataclass(frozen=True, slots=True)
class Occurrence:
    """One match of a tag: its place, its paragraph (title 0, lead 1, body 2...), and
    whether it is only in passing: ``"list"`` (one item of an enumeration), ``"venue"``
    (where a meeting took place), ``"example"``, ``"background"`` (an earlier decision or a
    meeting the news happens around), ``"byline"`` (the news agency a reporter works for) or
    ``"attending"`` (an agency in the list of those who attend)."""

    where: str
    paragraph: int
    passing: str | None = None
    # Right after an official's title (agencies only).
    role: bool = False


# One keyword concept of a theme in an article: its weight, the paragraphs of the text that
# must take up its word in the title for the word to name the headline's topic (None: never;
# ``Keyword.headline``), and its occurrences.
ThemeConcept = tuple[float, int | None, Sequence[Occurrence]]


class Paragraphs:
    """Paragraph numbers of offsets in one part of the article (title, lead or body)."""

    def __init__(self, where: str, text: str) -> None:
        self.first = {"title": 0, "lead": 1}.get(where, 2)
        self.starts = [m.end() for m in _PARAGRAPH_BREAK.finditer(text)] if where == "body" else []

    def at(self, offset: int) -> int:
        return self.first + bisect.bisect_right(self.starts, offset)


def _points(
    occurrences: Sequence[Occurrence],
    place: dict[str, float],
    passing: float,
    repeat: float,
    max_repeats: int,
    spread: float,
    role: float = 0.0,
) -> float:
    """Best place, plus repeats and spread of the mentions that are not in passing."""
    if not occurrences:
        return 0.0
    best = max(
        max(place[o.where], role if o.role else 0.0) * (passing if o.passing else 1.0) for o in occurrences
    )
    free = [o for o in occurrences if not o.passing]
    points = best + repeat * min(max(len(free) - 1, 0), max_repeats)
    if len({o.paragraph for o in free}) >= 2:
        points += spread
    return points


def name_salience(occurrences: Sequence[Occurrence], rules: NameSalience, backdrop: bool = False) -> float:
    """Salience of a country or agency from its occurrences (see ``NameSalience``). A
    ``backdrop`` body (agencies.yaml: a trade bloc) named only in the body is measured
    against ``rules.backdrop``: there it frames the news rather than acts in it."""
    place = {w: rules.where(w) for w in ("title", "lead", "body")}
    points = _points(
        occurrences, place, rules.passing, rules.repeat, rules.max_repeats, rules.spread, rules.role
    )
    threshold = rules.threshold
    if backdrop and rules.backdrop and all(o.where == "body" for o in occurrences if not o.passing):
        threshold = rules.backdrop
    return round(points / threshold, DIGITS)


def theme_salience(concepts: Iterable[ThemeConcept], scoring: ThemeScoring, threshold: float) -> float:
    """Salience of a theme from its keyword concepts (``ThemeConcept``).

    Each concept scores its weight times its points (themes.yaml ``scoring``); weak
    concepts (weight below ``weak_below``) together add at most ``weak_cap``, so a list
    of generic words makes no theme; weak words of the headline that the text takes up
    again as often as it asks (``_headline``) name the headline's topic and add
    ``headline_cap``, however often they are named.
    """
    place = {"title": scoring.title, "lead": scoring.lead, "body": scoring.body}
    strong = weak = 0.0
    headline = False
    for weight, paragraphs, occurrences in concepts:
        if weight < scoring.weak_below and paragraphs is not None and _headline(occurrences, paragraphs):
            headline = True
            continue
        value = weight * _points(
            occurrences, place, scoring.passing, scoring.repeat, scoring.max_repeats, scoring.spread
        )
        if weight >= scoring.weak_below:
            strong += value
        else:
            weak += value
    capped = min(weak, scoring.weak_cap) + (scoring.headline_cap if headline else 0.0)
    score = (strong + min(capped, max(scoring.weak_cap, scoring.headline_cap))) / threshold
    return round(score, DIGITS)


def _headline(occurrences: Sequence[Occurrence], paragraphs: int) -> bool:
    """A word named in the title and taken up again in ``paragraphs`` paragraphs of the text
    (the lead counts as one; 0: the title alone), not in passing: the headline's own topic,
    even when the word alone is too common to make a theme."""
    free = [o for o in occurrences if not o.passing]
    return (
        any(o.where == "title" for o in free)
        and len({o.paragraph for o in free if o.where != "title"}) >= paragraphs
    )


def enumerated(
    spans: Sequence[tuple[int, int, str]],
    text: str,
    lists: ListRules,
    roles: re.Pattern[str] | None = None,
) -> set[int]:
    """Indices of the ``(start, end, id)`` spans (in text order) that are items of an
    enumeration: ``lists.min_items`` or more different names joined only by punctuation
    and joining words ("Cambodia, Lao PDR, Myanmar and Viet Nam"), or, with ``roles``, a
    roll of officials ("Bộ trưởng Bộ Công Thương Trần Tuấn Anh, Bộ trưởng Bộ Giáo dục và
    Đào tạo Phùng Xuân Nhạ, Bộ trưởng ...")."""
    items: set[int] = set()
    run: list[int] = []

    def close() -> None:
        if len({spans[i][2] for i in run}) >= lists.min_items:
            items.update(run)

    for i, (start, _, _) in enumerate(spans):
        if run and not _joins(text, spans[run[-1]][1], start, lists, roles):
            close()
            run = []
        run.append(i)
    close()
    return items


_SENTENCE_END = re.compile(r"[.!?。]\s|\n")
# Longer gaps between two names are never only joining words and punctuation.
_LONGEST_JOIN = 60
_DIGIT = re.compile(r"\d")


def _joins(text: str, start: int, end: int, lists: ListRules, roles: re.Pattern[str] | None = None) -> bool:
    """The gap ``text[start:end]`` between two names only joins them as items of a list."""
    if end - start > max(lists.value_gap, _LONGEST_JOIN):
        return False  # no run of joining words is this long
    if lists.joiner.fullmatch(text, start, end):
        return True
    gap = text[start:end]
    if _SENTENCE_END.search(gap):
        return False
    if len(gap) <= lists.value_gap and _DIGIT.search(gap):
        return True
    # A roll of officials: the gap holds the previous official's name, a separator and
    # the next one's title ("… Trần Tuấn Anh, Bộ trưởng …", "… Mr X, Minister of …").
    return roles is not None and _ROLL_GAP.search(gap) is not None and role_ends_at(roles, text, start, end)


_ROLL_GAP = re.compile(r"[,;]|\s(?:and|và)\s|และ|\sนาย|\sนาง")
# What may join an official's title to the name after it: "Minister of ...", "รมว.การ...".
_ROLE_JOIN = re.compile(r"\s*(?:of the|of|for|การ)?\s*", re.IGNORECASE)


def role_ends_at(roles: re.Pattern[str], text: str, start: int, end: int) -> bool:
    """The last official's title in ``text[start:end]`` ends at ``end``, or is joined to it
    only by "of"/"for"/"การ" ("… Trần Tuấn Anh, Bộ trưởng ", "Minister of ")."""
    ends = [m.end() for m in roles.finditer(text, start, end)]
    return bool(ends) and _ROLE_JOIN.fullmatch(text, ends[-1], end) is not None


def theme_lists(hits: Sequence[tuple[int, str]], lists: ListRules) -> set[int]:
    """Indices of the ``(offset, theme)`` hits (in text order) that stand among
    ``lists.theme_items`` or more different themes within ``lists.theme_window``
    characters: one area of a list of areas, not the article's topic."""
    items: set[int] = set()
    left = 0
    for right in range(len(hits)):
        while hits[right][0] - hits[left][0] > lists.theme_window:
            left += 1
        window = range(left, right + 1)
        if len({hits[i][1] for i in window}) >= lists.theme_items:
            items.update(window)
    return items


# A news agency credited as the source of the report, not named as a subject: in a
# dateline ("Hanoi (VNA) – ...", "Jakarta (ANTARA) - ..."), or signing off a paragraph
# or a photo caption ("... friendship.-VNA", "... ASEAN. /TTXVN").
_DATELINE_BEFORE = re.compile(r"(?:^|\n)[^\n.!?()]{0,40}\(\s*$")
_DATELINE_AFTER = re.compile(r"\s*\)\s*[-\u2013\u2014]")
_SIGN_OFF_BEFORE = re.compile(r"(?:/|[-\u2013\u2014]\s?)$")
_LINE_END = re.compile(r"[\s)]*(?:\n|$)")


def credited(text: str, start: int, end: int) -> bool:
    """The name at ``text[start:end]`` credits the report's source: a dateline's agency, or
    a sign-off ("/TTXVN" anywhere; "-VNA" at the end of a line)."""
    before = text[max(0, start - 48) : start]
    if _DATELINE_BEFORE.search(before) and _DATELINE_AFTER.match(text, end):
        return True
    if before.endswith("/"):
        return True
    return _SIGN_OFF_BEFORE.search(before) is not None and _LINE_END.match(text, end) is not None


# An acronym or short name in parentheses right after a name ("คณะรัฐมนตรี (ครม.)").
_GLOSS_GAP = re.compile(r"\s*\(\s*")


def gloss_of(hits: Sequence[Hit[Any]], index: int, text: str) -> int | None:
    """The index of the hit that hit ``index`` glosses: the same target named right before
    it, with only an opening parenthesis between (None: it glosses nothing). A gloss stands
    as its name stands: in passing when the name is."""
    hit = hits[index]
    for before in range(index - 1, -1, -1):
        other = hits[before]
        if other.end <= hit.start:
            same = other.target == hit.target
            return before if same and _GLOSS_GAP.fullmatch(text, other.end, hit.start) else None
    return None
