"""Per-source crawl history: one row per source per crawl, kept in the data directory.

The crawl summary (crawler/stats.py) is recorded here after every crawl, so that source
health, digest coverage footers and the sources page all read one history.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

HISTORY_FILE = "crawl_history.sqlite3"

# Error kinds that mean the source itself failed, not just one page.
FATAL_KINDS = ("network", "robots", "feed-empty", "listing-empty", "sitemap-empty")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS crawl_runs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    source TEXT NOT NULL,
    started_at TEXT NOT NULL,
    finished_at TEXT NOT NULL,
    fetched INTEGER NOT NULL,
    new INTEGER NOT NULL,
    updated INTEGER NOT NULL,
    unchanged INTEGER NOT NULL,
    spooled INTEGER NOT NULL,
    errors TEXT NOT NULL,
    replay INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS crawl_runs_source_time ON crawl_runs (source, finished_at);
"""


@dataclass(frozen=True)
class CrawlRun:
    """What one crawl did for one source."""

    source: str
    started_at: str
    finished_at: str
    fetched: int = 0
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    spooled: int = 0
    errors: dict[str, int] = field(default_factory=dict)
    replay: bool = False

    @property
    def failed(self) -> bool:
        """Nothing came back at all, or only errors."""
        return self.fetched == 0 or (self.new + self.updated + self.unchanged == 0 and bool(self.errors))

    @property
    def error_count(self) -> int:
        return sum(self.errors.values())


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class CrawlHistory:
    """The crawl_runs table of ``<data dir>/crawl_history.sqlite3``."""

    def __init__(self, data_dir: Path) -> None:
        self.path = data_dir / HISTORY_FILE
        data_dir.mkdir(parents=True, exist_ok=True)
        with self._db() as db:
            db.executescript(_SCHEMA)

    @contextmanager
    def _db(self) -> Iterator[sqlite3.Connection]:
        db = sqlite3.connect(self.path, timeout=30)
        try:
            with db:
                yield db
        finally:
            db.close()

    def record(
        self, summary: Mapping[str, Any], started_at: str, finished_at: str, *, replay: bool = False
    ) -> list[CrawlRun]:
        """Store one crawl summary (``{"sources": {id: {...}}}``); returns the runs stored."""
        runs = [
            CrawlRun(
                source=sid,
                started_at=started_at,
                finished_at=finished_at,
                fetched=int(s.get("fetched", 0)),
                new=int(s.get("new", 0)),
                updated=int(s.get("updated", 0)),
                unchanged=int(s.get("unchanged", 0)),
                spooled=int(s.get("spooled", 0)),
                errors=dict(s.get("errors", {})),
                replay=replay,
            )
            for sid, s in summary["sources"].items()
        ]
        with self._db() as db:
            db.executemany(
                "INSERT INTO crawl_runs (source, started_at, finished_at, fetched, new, updated,"
                " unchanged, spooled, errors, replay) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    (
                        r.source,
                        r.started_at,
                        r.finished_at,
                        r.fetched,
                        r.new,
                        r.updated,
                        r.unchanged,
                        r.spooled,
                        json.dumps(r.errors, sort_keys=True),
                        int(r.replay),
                    )
                    for r in runs
                ],
            )
        return runs

    def runs(self, source: str | None = None, since: str | None = None, limit: int = 1000) -> list[CrawlRun]:
        """Runs newest first, optionally for one source and/or finished at or after ``since``."""
        sql = "SELECT source, started_at, finished_at, fetched, new, updated, unchanged, spooled, errors, replay FROM crawl_runs"
        where, params = [], []
        if source:
            where.append("source = ?")
            params.append(source)
        if since:
            where.append("finished_at >= ?")
            params.append(since)
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY finished_at DESC, id DESC LIMIT ?"
        with self._db() as db:
            rows = db.execute(sql, [*params, limit]).fetchall()
        return [
            CrawlRun(
                source=r[0],
                started_at=r[1],
                finished_at=r[2],
                fetched=r[3],
                new=r[4],
                updated=r[5],
                unchanged=r[6],
                spooled=r[7],
                errors=json.loads(r[8]),
                replay=bool(r[9]),
            )
            for r in rows
        ]

    def last_run(self, source: str) -> CrawlRun | None:
        runs = self.runs(source=source, limit=1)
        return runs[0] if runs else None

    def prune(self, keep_days: int = 365) -> int:
        """Drop runs older than ``keep_days`` so the history stays bounded."""
        cutoff = datetime.fromtimestamp(datetime.now(UTC).timestamp() - keep_days * 86400, UTC)
        with self._db() as db:
            cur = db.execute(
                "DELETE FROM crawl_runs WHERE finished_at < ?", (cutoff.isoformat(timespec="seconds"),)
            )
            return cur.rowcount
