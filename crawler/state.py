"""Persistent crawl state per source, so a re-crawl fetches only what changed.

``<data dir>/crawl_state.sqlite3`` holds, per source:

- the article URLs already processed (stored, unchanged, rejected or gone), with their
  content hash and the date their discovery page gave them (a feed's pubDate, a
  sitemap's lastmod): a known URL is not fetched again unless that date changed;
- the ETag and Last-Modified of discovery pages (feeds, sitemaps, listings), sent back
  as If-None-Match / If-Modified-Since so an unchanged page costs a 304;
- the time of the last crawl and of the last successful one;
- each host's robots.txt as last fetched, so that it is asked for at most once per
  ``crawl.robots_ttl`` whatever the number of crawls (crawler/robots.py).

Bounded: an article entry is refreshed every time discovery lists it again and expires
``ttl_days`` after it was last listed (``prune``), so the file follows the sites'
discovery windows instead of growing for years.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Mapping
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from stiwatch.core.sqlite import transaction

STATE_FILE = "crawl_state.sqlite3"
DEFAULT_TTL_DAYS = 180

_SCHEMA = """
PRAGMA journal_mode = WAL;
CREATE TABLE IF NOT EXISTS articles (
    source TEXT NOT NULL,
    id TEXT NOT NULL,
    url TEXT NOT NULL,
    content_hash TEXT NOT NULL DEFAULT '',
    discovered_date TEXT,
    outcome TEXT NOT NULL DEFAULT 'stored',
    first_seen TEXT NOT NULL,
    last_seen TEXT NOT NULL,
    PRIMARY KEY (source, id)
);
CREATE INDEX IF NOT EXISTS articles_last_seen ON articles (source, last_seen);
CREATE TABLE IF NOT EXISTS validators (
    url TEXT PRIMARY KEY,
    source TEXT NOT NULL,
    etag TEXT,
    last_modified TEXT,
    updated_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS sources (
    source TEXT PRIMARY KEY,
    last_crawl TEXT,
    last_success TEXT
);
CREATE TABLE IF NOT EXISTS robots (
    origin TEXT PRIMARY KEY,
    status INTEGER NOT NULL,
    body BLOB NOT NULL,
    fetched_at TEXT NOT NULL
);
"""


@dataclass(frozen=True)
class SeenArticle:
    """One processed article URL, as the spider reports it at the end of a crawl."""

    source: str
    id: str
    url: str
    content_hash: str = ""
    discovered_date: str | None = None
    # stored | unchanged | rejected | gone | forbidden
    outcome: str = "stored"


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class CrawlState:
    """The crawl state file of one data directory (safe to share between processes)."""

    def __init__(self, data_dir: Path, ttl_days: int = DEFAULT_TTL_DAYS) -> None:
        data_dir.mkdir(parents=True, exist_ok=True)
        self.path = data_dir / STATE_FILE
        self.ttl_days = ttl_days
        with self._db() as db:
            db.executescript(_SCHEMA)

    def _db(self) -> AbstractContextManager[sqlite3.Connection]:
        return transaction(self.path, timeout=60)

    # -- reading ---------------------------------------------------------------------

    def known(self, source: str) -> dict[str, str | None]:
        """Article id → discovered date of every URL of ``source`` already processed."""
        with self._db() as db:
            rows = db.execute("SELECT id, discovered_date FROM articles WHERE source = ?", (source,))
            return {r[0]: r[1] for r in rows}

    def validators(self, source: str) -> dict[str, tuple[str | None, str | None]]:
        """Discovery page URL → (ETag, Last-Modified) from the last finished crawl."""
        with self._db() as db:
            rows = db.execute("SELECT url, etag, last_modified FROM validators WHERE source = ?", (source,))
            return {r[0]: (r[1], r[2]) for r in rows}

    def source_times(self, source: str) -> tuple[str | None, str | None]:
        """(last crawl, last successful crawl) of ``source``."""
        with self._db() as db:
            row = db.execute(
                "SELECT last_crawl, last_success FROM sources WHERE source = ?", (source,)
            ).fetchone()
        return (row[0], row[1]) if row else (None, None)

    def robots(self, origin: str, max_age_s: float, now: datetime | None = None) -> bytes | None:
        """The robots.txt body of ``origin`` (``scheme://host``) if fetched within ``max_age_s``."""
        now = now or datetime.now(UTC)
        with self._db() as db:
            row = db.execute("SELECT body, fetched_at FROM robots WHERE origin = ?", (origin,)).fetchone()
        if row is None:
            return None
        try:
            age = (now - datetime.fromisoformat(row[1])).total_seconds()
        except ValueError:
            return None
        return bytes(row[0]) if 0 <= age <= max_age_s else None

    def record_robots(self, origin: str, status: int, body: bytes, now: datetime | None = None) -> None:
        """Keep ``origin``'s robots.txt as fetched now."""
        when = (now or datetime.now(UTC)).isoformat(timespec="seconds")
        with self._db() as db:
            db.execute(
                "INSERT OR REPLACE INTO robots (origin, status, body, fetched_at) VALUES (?, ?, ?, ?)",
                (origin, status, body, when),
            )

    def count(self, source: str | None = None) -> int:
        with self._db() as db:
            if source:
                return int(
                    db.execute("SELECT COUNT(*) FROM articles WHERE source = ?", (source,)).fetchone()[0]
                )
            return int(db.execute("SELECT COUNT(*) FROM articles").fetchone()[0])

    # -- writing ---------------------------------------------------------------------

    def record_articles(self, seen: Iterable[SeenArticle]) -> int:
        """Insert or refresh processed article URLs; returns how many rows were written."""
        now = _now()
        rows = [(a.source, a.id, a.url, a.content_hash, a.discovered_date, a.outcome, now, now) for a in seen]
        with self._db() as db:
            db.executemany(
                "INSERT INTO articles (source, id, url, content_hash, discovered_date, outcome,"
                " first_seen, last_seen) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
                " ON CONFLICT (source, id) DO UPDATE SET url = excluded.url,"
                " content_hash = CASE WHEN excluded.content_hash != '' THEN excluded.content_hash"
                " ELSE articles.content_hash END,"
                " discovered_date = COALESCE(excluded.discovered_date, articles.discovered_date),"
                " outcome = excluded.outcome, last_seen = excluded.last_seen",
                rows,
            )
        return len(rows)

    def touch(self, source: str, ids: Iterable[str]) -> None:
        """Mark known URLs as listed again (they stay until ``ttl_days`` after the last listing)."""
        now = _now()
        with self._db() as db:
            db.executemany(
                "UPDATE articles SET last_seen = ? WHERE source = ? AND id = ?",
                [(now, source, i) for i in ids],
            )

    def record_validators(self, entries: Mapping[str, tuple[str, str | None, str | None]]) -> None:
        """``{url: (source, etag, last_modified)}`` of discovery pages answered 200."""
        now = _now()
        with self._db() as db:
            db.executemany(
                "INSERT OR REPLACE INTO validators (url, source, etag, last_modified, updated_at)"
                " VALUES (?, ?, ?, ?, ?)",
                [(url, src, etag, lm, now) for url, (src, etag, lm) in entries.items()],
            )

    def mark_crawled(self, sources: Iterable[str], successful: Iterable[str]) -> None:
        now = _now()
        ok = set(successful)
        with self._db() as db:
            for source in sources:
                db.execute(
                    "INSERT INTO sources (source, last_crawl, last_success) VALUES (?, ?, ?)"
                    " ON CONFLICT (source) DO UPDATE SET last_crawl = excluded.last_crawl,"
                    " last_success = COALESCE(excluded.last_success, sources.last_success)",
                    (source, now, now if source in ok else None),
                )

    def forget(self, sources: Iterable[str] | None = None) -> None:
        """Drop the conditional-request validators (``--full`` refetches every page; with no
        sources named, robots.txt files too)."""
        with self._db() as db:
            if sources is None:
                db.execute("DELETE FROM validators")
                db.execute("DELETE FROM robots")
            else:
                db.executemany("DELETE FROM validators WHERE source = ?", [(s,) for s in sources])

    def prune(self, ttl_days: Mapping[str, int] | None = None, now: datetime | None = None) -> int:
        """Expire article entries not listed for ``ttl_days`` (per source, else the default)."""
        now = now or datetime.now(UTC)
        per_source = dict(ttl_days or {})
        removed = 0
        with self._db() as db:
            sources = [r[0] for r in db.execute("SELECT DISTINCT source FROM articles")]
            for source in sources:
                days = per_source.get(source, self.ttl_days)
                cutoff = (now - timedelta(days=days)).isoformat(timespec="seconds")
                cur = db.execute("DELETE FROM articles WHERE source = ? AND last_seen < ?", (source, cutoff))
                removed += cur.rowcount
        return removed
