"""Calendar periods of local publication days: days, ISO weeks and months.

Articles are counted on the day they carry (``published_day``, the same day ``since`` and
``until`` filter on), so a period's count is exactly what a search over that period finds.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal, get_args

Interval = Literal["day", "week", "month"]
INTERVALS: tuple[str, ...] = get_args(Interval)


@dataclass(frozen=True)
class Period:
    """One period: its key (``2024-01-31``, ``2024-W05``, ``2024-01``) and its days, inclusive."""

    key: str
    first: date
    last: date

    def days(self) -> int:
        return (self.last - self.first).days + 1


def period_of(day: date, interval: Interval) -> Period:
    """The period of ``interval`` holding ``day``."""
    if interval == "day":
        return Period(day.isoformat(), day, day)
    if interval == "week":
        monday = day - timedelta(days=day.weekday())
        year, week, _ = monday.isocalendar()
        return Period(f"{year}-W{week:02d}", monday, monday + timedelta(days=6))
    if interval == "month":
        first = day.replace(day=1)
        following = date(first.year + first.month // 12, first.month % 12 + 1, 1)
        return Period(first.strftime("%Y-%m"), first, following - timedelta(days=1))
    raise ValueError(f"bad interval {interval!r}: use {', '.join(INTERVALS)}")


def periods_between(first: date, last: date, interval: Interval) -> list[Period]:
    """Every period from the one holding ``first`` to the one holding ``last``, in order."""
    out: list[Period] = []
    current = period_of(first, interval)
    while current.first <= last:
        out.append(current)
        current = period_of(current.last + timedelta(days=1), interval)
    return out


def from_day_number(number: int) -> date:
    """The date of a ``YYYYMMDD`` number (the index's ``published_day``)."""
    return date(number // 10_000, number // 100 % 100, number % 100)
