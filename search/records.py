"""Record fields as every search backend reads them: dates, searchable parts, facet values.

Both backends index the same parts the same way (so the conformance suite can demand
identical answers); this module is that shared reading of an article record.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from typing import Any

from stiwatch.core.analysis import index_tokens

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


def tokens_of(parts: list[str]) -> list[str]:
    """Index tokens of several parts, in order."""
    tokens: list[str] = []
    for part in parts:
        tokens.extend(index_tokens(part))
    return tokens


def facet_values(record: dict[str, Any], field: str) -> list[str]:
    """A facet field's values as a list of strings (single values wrapped)."""
    value = record.get(field)
    if isinstance(value, list | tuple):
        return [str(v) for v in value if v]
    return [str(value)] if value else []
