"""Alert subscriptions: a saved search plus a schedule, channels and a display language.

Subscriptions live in ``<data dir>/alerts.sqlite3`` (table ``subscriptions``) so that they
work with either search backend. The same file holds the delivery ledger
(:mod:`stiwatch.deliver.alerts.ledger`).

The web UI and the HTTP API build on :class:`SubscriptionStore`; every write is validated
and fails with a :class:`SubscriptionError` subclass whose message says what to fix.
"""

from __future__ import annotations

import json
import re
import sqlite3
import unicodedata
from collections.abc import Sequence
from contextlib import AbstractContextManager
from dataclasses import asdict, dataclass, field, fields, replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from stiwatch.core.facets import FACETS, PARTNER, Facet
from stiwatch.core.sqlite import transaction
from stiwatch.search.backend import SearchQuery
from stiwatch.search.query import QueryError, build_query, parse_day

ALERTS_FILE = "alerts.sqlite3"
# The facets a subscription filters on: every facet a search can filter on
# (stiwatch.core.facets). Each is a list field of Subscription named as the facet's
# SearchQuery attribute (tests/test_alerts_subscriptions.py checks that each has one).
FILTER_FACETS: tuple[Facet, ...] = FACETS

SCHEDULES = ("immediate", "hourly", "daily", "weekly")
DISPLAY_LANGS = ("original", "en", "th")
DEFAULT_TIMEZONE = "Asia/Bangkok"
MAX_NAME_CHARS = 64

_TIME = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")
# Deliberately loose: the SMTP server is the judge of an address; this catches typos
# such as a missing @, spaces, or a list pasted into one field.
_EMAIL = re.compile(r"^[^@\s<>,;\"()\[\]]+@[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?$")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS subscriptions (
    name TEXT PRIMARY KEY,
    data TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
"""


class SubscriptionError(ValueError):
    """A subscription cannot be stored or found; the message says which and why."""


class DuplicateSubscription(SubscriptionError):
    """A subscription with this name exists already."""


class UnknownSubscription(SubscriptionError):
    """No subscription has this name."""


class InvalidSubscription(SubscriptionError):
    """A field has a bad value (email, URL, time, schedule, query...)."""


def utc_now() -> str:
    """Now, UTC, ISO 8601 with microseconds (ledger order depends on it)."""
    return datetime.now(UTC).isoformat(timespec="microseconds")


@dataclass
class Subscription:
    """A saved search with its schedule, channels and display language.

    ``query`` uses the search query language (the same text as ``stiwatch search``);
    facet lists are OR-ed within a facet and AND-ed across facets. ``window_days``
    keeps only articles published in the last N days (None: any date); ``since`` and
    ``until`` (``YYYY-MM-DD``) are the fixed date window of the search it was made from.
    ``expand`` is the search's concept expansion. Together these are the whole search:
    a subscription made from a search keeps every filter it had. ``rising`` adds the
    "rising this week" section to its digests.
    ``at`` is the local time (``timezone``) of the daily/weekly digest, and the minute
    of the hourly one; weekly digests go out on Mondays.
    """

    name: str
    query: str = ""
    countries: list[str] = field(default_factory=list)
    agencies: list[str] = field(default_factory=list)
    themes: list[str] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    cooperation: list[str] = field(default_factory=list)
    forums: list[str] = field(default_factory=list)
    # The partner filter (``country=TH&partner=VN``: about both) and the facets whose
    # several values must all match (``country``, ``agency``), as in SearchQuery.
    partners: list[str] = field(default_factory=list)
    all_of: list[str] = field(default_factory=list)
    window_days: int | None = None
    since: str | None = None
    until: str | None = None
    expand: bool = True
    schedule: str = "daily"
    at: str = "08:00"
    timezone: str = DEFAULT_TIMEZONE
    emails: list[str] = field(default_factory=list)
    feed: bool = False
    webhook: str | None = None
    display_lang: str = "original"
    rising: bool = False
    created_at: str = ""
    updated_at: str = ""

    def to_query(
        self, limit: int = 20, *, offset: int = 0, today: date | None = None, validate: bool = False
    ) -> SearchQuery:
        """The subscription's search, newest first.

        Args:
            validate: check the filter values against their vocabularies (done when the
                subscription is saved; a stored one keeps working if a source is retired).

        Raises:
            InvalidSubscription: the stored filters no longer make a valid query.
        """
        try:
            since = parse_day(self.since, "since")
            if self.window_days:
                recent = (today or date.today()) - timedelta(days=self.window_days)
                since = max(since, recent) if since else recent
            return build_query(
                self.query,
                **{f.query: getattr(self, f.query) for f in FILTER_FACETS},
                partners=self.partners,
                all_of=self.all_of,
                since=since.isoformat() if since else None,
                until=self.until,
                expand=self.expand,
                sort="date",
                limit=limit,
                offset=offset,
                validate=validate,
            )
        except QueryError as exc:
            raise InvalidSubscription(f"subscription {self.name!r}: {exc}") from None

    def channels(self) -> list[str]:
        """Push channel keys: ``email:ADDR`` for each address and ``webhook`` (the feed is pulled)."""
        keys = [f"email:{addr}" for addr in self.emails]
        if self.webhook:
            keys.append("webhook")
        return keys

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Subscription:
        """A subscription from a dict (stored row, JSON body); unknown keys are an error."""
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(data) - known)
        if unknown:
            raise InvalidSubscription(f"unknown subscription field(s): {', '.join(unknown)}")
        if not data.get("name"):
            raise InvalidSubscription("a subscription needs a name")
        return cls(**data)

    def validated(self) -> Subscription:
        """A normalised copy (ids cased, duplicates dropped).

        Raises:
            InvalidSubscription: the first problem found, naming the field.
        """
        name = str(self.name or "").strip()
        _check_name(name)
        schedule = str(self.schedule)
        if schedule not in SCHEDULES:
            raise InvalidSubscription(f"bad schedule {schedule!r}: use {', '.join(SCHEDULES)}")
        at = str(self.at).strip()
        if not _TIME.match(at):
            raise InvalidSubscription(f"bad time {self.at!r}: use HH:MM (24-hour), e.g. 08:00")
        try:
            ZoneInfo(str(self.timezone))
        except (ZoneInfoNotFoundError, ValueError):
            raise InvalidSubscription(
                f"unknown time zone {self.timezone!r}: use an IANA name such as Asia/Bangkok"
            ) from None
        if self.display_lang not in DISPLAY_LANGS:
            raise InvalidSubscription(
                f"bad display language {self.display_lang!r}: use {', '.join(DISPLAY_LANGS)}"
            )
        window = self.window_days
        if window is not None and (isinstance(window, bool) or not isinstance(window, int) or window < 1):
            raise InvalidSubscription(f"bad window_days {window!r}: a whole number of days, 1 or more")
        emails = _unique(_check_email(e) for e in _strings(self.emails, "emails"))
        webhook = _check_webhook(self.webhook) if self.webhook else None
        for flag in ("feed", "expand", "rising"):
            if not isinstance(getattr(self, flag), bool):
                raise InvalidSubscription(f"bad {flag} {getattr(self, flag)!r}: true or false")
        if not emails and not webhook and not self.feed:
            raise InvalidSubscription(
                f"subscription {name!r} has no channel: give an email address, the feed or a webhook URL"
            )
        filters: dict[str, Any] = {f.query: _filter_values(f, getattr(self, f.query)) for f in FILTER_FACETS}
        filters[PARTNER.query] = _filter_values(PARTNER.facet, self.partners)
        filters["all_of"] = _unique(s.lower() for s in _strings(self.all_of, "all_of"))
        sub = replace(
            self,
            name=name,
            query=str(self.query or "").strip(),
            **filters,
            at=at,
            emails=emails,
            webhook=webhook,
            since=_day_text(self.since),
            until=_day_text(self.until),
        )
        sub.to_query(limit=1, validate=True)  # the filters must make a valid search, with known values
        return sub


def _day_text(value: str | None) -> str | None:
    """A ``YYYY-MM-DD`` field as stored: stripped, None when empty (checked by to_query)."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise InvalidSubscription(f"bad date {value!r}: use YYYY-MM-DD")
    return value.strip() or None


def _filter_values(facet: Facet, values: Sequence[str] | None) -> list[str]:
    """A facet filter's values, cased as the facet declares, duplicates dropped."""
    strings = _strings(values, facet.query)
    if facet.case == "upper":
        return _unique(s.upper() for s in strings)
    if facet.case == "lower":
        return _unique(s.lower() for s in strings)
    return _unique(strings)


def _strings(values: Sequence[str] | None, what: str) -> list[str]:
    if values is None:
        return []
    if isinstance(values, str):
        values = [values]
    out: list[str] = []
    for value in values:
        if not isinstance(value, str):
            raise InvalidSubscription(f"bad {what} value {value!r}: expected text")
        out.extend(part.strip() for part in value.split(",") if part.strip())
    return out


def _unique(values: Any) -> list[str]:
    return list(dict.fromkeys(values))


def _check_name(name: str) -> None:
    """Names appear in feed URLs and email subjects: letters, digits, ``_ . -``, no spaces."""
    if not name:
        raise InvalidSubscription("a subscription needs a name")
    if len(name) > MAX_NAME_CHARS:
        raise InvalidSubscription(f"subscription name too long ({len(name)} > {MAX_NAME_CHARS} characters)")
    for ch in name:
        if ch in "_.-" or unicodedata.category(ch)[0] in "LMN":
            continue
        raise InvalidSubscription(
            f"bad subscription name {name!r}: use letters, digits, '_', '.' or '-' (no {ch!r})"
        )
    if name[0] in ".-":
        raise InvalidSubscription(f"bad subscription name {name!r}: must start with a letter or digit")


def _check_email(addr: str) -> str:
    addr = addr.strip()
    if not _EMAIL.match(addr):
        raise InvalidSubscription(f"bad email address {addr!r}: expected name@domain")
    local, _, domain = addr.rpartition("@")
    return f"{local}@{domain.lower()}"


def _check_webhook(url: str) -> str:
    url = str(url).strip()
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise InvalidSubscription(f"bad webhook URL {url!r}: expected http:// or https:// with a host")
    return url


class SubscriptionStore:
    """Subscriptions in ``<data dir>/alerts.sqlite3``; every method opens its own connection."""

    def __init__(self, data_dir: Path) -> None:
        self.path = Path(data_dir) / ALERTS_FILE
        try:
            Path(data_dir).mkdir(parents=True, exist_ok=True)
            with self._db() as db:
                db.executescript(_SCHEMA)
        except (OSError, sqlite3.Error) as exc:
            raise SubscriptionError(f"cannot open the subscription store {self.path}: {exc}") from None

    def _db(self) -> AbstractContextManager[sqlite3.Connection]:
        return transaction(self.path, timeout=30)

    def add(self, sub: Subscription) -> Subscription:
        """Validate and store a new subscription; returns it as stored.

        Raises:
            InvalidSubscription: a bad field.
            DuplicateSubscription: the name is taken.
        """
        now = utc_now()
        sub = replace(sub.validated(), created_at=now, updated_at=now)
        try:
            with self._db() as db:
                db.execute(
                    "INSERT INTO subscriptions (name, data, created_at, updated_at) VALUES (?, ?, ?, ?)",
                    (sub.name, json.dumps(sub.to_dict(), ensure_ascii=False), now, now),
                )
        except sqlite3.IntegrityError:
            raise DuplicateSubscription(f"a subscription named {sub.name!r} exists already") from None
        return sub

    def get(self, name: str) -> Subscription:
        """Raises: UnknownSubscription."""
        with self._db() as db:
            row = db.execute("SELECT data FROM subscriptions WHERE name = ?", (name,)).fetchone()
        if row is None:
            raise UnknownSubscription(f"no subscription named {name!r} (see `stiwatch alerts list`)")
        return Subscription.from_dict(json.loads(row[0]))

    def exists(self, name: str) -> bool:
        with self._db() as db:
            return db.execute("SELECT 1 FROM subscriptions WHERE name = ?", (name,)).fetchone() is not None

    def list(self) -> list[Subscription]:
        """Every subscription, by name."""
        with self._db() as db:
            rows = db.execute("SELECT data FROM subscriptions ORDER BY name").fetchall()
        return [Subscription.from_dict(json.loads(r[0])) for r in rows]

    def update(self, name: str, /, **changes: Any) -> Subscription:
        """Change some fields of a subscription (not its name); returns it as stored.

        Raises:
            UnknownSubscription, InvalidSubscription.
        """
        current = self.get(name)
        if "name" in changes and changes["name"] != name:
            raise InvalidSubscription("a subscription cannot be renamed: add a new one and remove this one")
        known = {f.name for f in fields(Subscription)} - {"name", "created_at", "updated_at"}
        unknown = sorted(set(changes) - known - {"name"})
        if unknown:
            raise InvalidSubscription(f"unknown subscription field(s): {', '.join(unknown)}")
        changes.pop("name", None)
        sub = replace(current, **changes).validated()
        sub = replace(sub, created_at=current.created_at, updated_at=utc_now())
        with self._db() as db:
            cur = db.execute(
                "UPDATE subscriptions SET data = ?, updated_at = ? WHERE name = ?",
                (json.dumps(sub.to_dict(), ensure_ascii=False), sub.updated_at, name),
            )
            if cur.rowcount == 0:
                raise UnknownSubscription(f"no subscription named {name!r}")
        return sub

    def unsubscribe(self, name: str, email: str) -> bool:
        """Drop one address; the subscription goes too when it has no channel left.

        Returns True when the subscription was removed. Raises: UnknownSubscription.
        """
        sub = self.get(name)
        emails = [e for e in sub.emails if e.lower() != email.lower()]
        if not emails and not sub.feed and not sub.webhook:
            self.remove(name)
            return True
        if emails != sub.emails:
            self.update(name, emails=emails)
        return False

    def remove(self, name: str) -> None:
        """Delete a subscription and its delivery ledger.

        Raises:
            UnknownSubscription.
        """
        with self._db() as db:
            cur = db.execute("DELETE FROM subscriptions WHERE name = ?", (name,))
            if cur.rowcount == 0:
                raise UnknownSubscription(f"no subscription named {name!r} (see `stiwatch alerts list`)")
            # The ledger tables exist only once a run has happened.
            tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            for table in ("deliveries", "delivered_stories", "sub_state"):
                if table in tables:
                    db.execute(f"DELETE FROM {table} WHERE subscription = ?", (name,))
            # Delivered articles are kept under the channel's number, which stays (the
            # ledger remembers numbers for a whole run).
            if "delivered" in tables:
                db.execute(
                    "DELETE FROM delivered WHERE channel_key IN"
                    " (SELECT id FROM channel_keys WHERE subscription = ?)",
                    (name,),
                )
