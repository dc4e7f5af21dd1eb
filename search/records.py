"""Record fields as every search backend reads them: dates, searchable parts, facet values.

Both backends index the same parts the same way (so the conformance suite can demand
identical answers); this module is that shared reading of an article record.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime, timedelta, timezone
from typing import Any

from stiwatch.core.analysis import index_tokens
from stiwatch.core.facets import MENTIONS_FIELD, Facet

# Dates without an offset are local time of the region the project watches.
DEFAULT_OFFSET = timezone(timedelta(hours=7))


def parse_published(value: Any) -> datetime | None:
    """The record's ``published`` as an aware datetime in its own offset, or None.

    Naive values are taken as +07:00; unparseable or out-of-range values are
    treated as undated rather than failing the whole batch.
    """
    if not value or not isinstance(value, str):
        return None
    try:
        parsed = datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=DEFAULT_OFFSET)
    if not 1800 <= parsed.year <= 2200:
        return None
    return parsed


def day_number(day: date) -> int:
    return day.year * 10_000 + day.month * 100 + day.day


def searchable_parts(record: dict[str, Any]) -> tuple[list[str], list[str]]:
    """Titles and texts to search: the record's own, then each translation's."""
    titles = [record.get("title") or ""]
    texts = [record.get("text") or ""]
    translations = record.get("translations") or {}
    if isinstance(translations, dict):
        for version in translations.values():
            if isinstance(version, dict):
                titles.append(version.get("title") or "")
                texts.append(version.get("text") or "")
    return [t for t in titles if t], [t for t in texts if t]


def tokens_of(parts: list[str], known: Mapping[str, str] | None = None) -> list[str]:
    """Index tokens of several parts, in order.

    Args:
        known: tokens already analysed, ``part -> tokens joined by spaces``
            (stiwatch.core.tokencache); parts not in it are analysed here.
    """
    tokens: list[str] = []
    for part in parts:
        joined = known.get(part) if known is not None else None
        if joined is None:
            tokens.extend(index_tokens(part))
        elif joined:
            tokens.extend(joined.split(" "))
    return tokens


def text_parts(records: Iterable[dict[str, Any]]) -> list[str]:
    """Every searchable part of ``records`` (what a batch needs analysed), repeats dropped."""
    out: dict[str, None] = {}
    for record in records:
        titles, texts = searchable_parts(record)
        # A part that is not text is left to tokens_of, which fails on it as before.
        out.update(dict.fromkeys(p for p in titles + texts if isinstance(p, str)))
    return list(out)


def facet_values(record: dict[str, Any], field: str) -> list[str]:
    """A facet field's values as a list of strings (single values wrapped)."""
    value = record.get(field)
    if isinstance(value, list | tuple):
        return [str(v) for v in value if v]
    return [str(value)] if value else []


def mention_values(record: dict[str, Any], facet: Facet) -> list[str]:
    """What the article names for a facet: its tags and what it only mentions.

    Records stored before mentions were kept have tags only; those stand for both.
    """
    mentions = record.get(MENTIONS_FIELD)
    named = mentions.get(facet.field) if isinstance(mentions, dict) else None
    values = facet_values(record, facet.field)
    if isinstance(named, list):
        values += [str(v) for v in named if v]
    return list(dict.fromkeys(values))
