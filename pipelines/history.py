"""Agencies in time: a name used after its agency ended.

Thailand's Ministry of Science and Technology became MHESI in 2019; Vietnam's MIC merged
into MOST-VN in 2025. ``agencies.yaml`` gives such an agency ``until`` (its last year)
and ``merged_into`` (its successor). In an article published after that year the name
means the successor, unless the text puts the mention in the past (a history word or a
year up to the agency's last nearby, ``salience.yaml`` ``history``): then it is history,
a mention and never a tag.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from stiwatch.core.taxonomy import Taxonomy

_THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
_YEAR = re.compile(r"(?<!\d)(1[89]\d\d|20\d\d|24\d\d|25\d\d|26\d\d)(?!\d)")
# Buddhist Era years (Thai texts) are CE + 543.
_BE_OFFSET = 543
_FIRST_BE_YEAR = 2400


@dataclass(frozen=True)
class InTime:
    """What a name means in the article's time: ``id`` to tag, and why."""

    id: str
    successor_of: str | None = None
    historical: bool = False


def article_year(published: str | None) -> int | None:
    """The year of an ISO date, or None."""
    if not published or len(published) < 4 or not published[:4].isdigit():
        return None
    return int(published[:4])


def _years(text: str) -> list[int]:
    out = []
    for m in _YEAR.finditer(text.translate(_THAI_DIGITS)):
        year = int(m.group(1))
        out.append(year - _BE_OFFSET if year >= _FIRST_BE_YEAR else year)
    return out


def _in_the_past(taxonomy: Taxonomy, context: str, until: int) -> bool:
    """The words around a mention put it in the past: a history word, or a year up to
    ``until``."""
    rules = taxonomy.salience
    if rules.history is not None and rules.history.search(context):
        return True
    return any(year <= until for year in _years(context))


def in_time(taxonomy: Taxonomy, agency_id: str, year: int | None, text: str, start: int, end: int) -> InTime:
    """What the agency name at ``text[start:end]`` means in an article of ``year``.

    Args:
        year: the article's year (None: undated, the name is taken as written).
    """
    agency = taxonomy.agencies.get(agency_id)
    if agency is None or year is None or agency.until is None or year <= agency.until:
        return InTime(agency_id)
    window = taxonomy.salience.history_window
    context = text[max(0, start - window) : end + window]
    if _in_the_past(taxonomy, context, agency.until):
        return InTime(agency_id, historical=True)
    successor = agency.merged_into
    seen = {agency_id}
    # A successor may itself have ended since (a chain of mergers): follow it to the body
    # that existed in the article's year.
    while successor is not None and successor not in seen:
        seen.add(successor)
        nxt = taxonomy.agencies[successor]
        if nxt.until is None or year <= nxt.until or nxt.merged_into is None:
            return InTime(successor, successor_of=agency_id)
        successor = nxt.merged_into
    return InTime(agency_id, historical=True)
