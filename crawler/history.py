"""Per-source crawl history: one row per source per crawl, kept in the data directory.

The crawl summary (crawler/stats.py) is recorded here after every crawl, so that source
health (operate/health.py), digest coverage footers and the sources page all read one
history. Rows older than a year are pruned on every record, so the file stays bounded.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Mapping
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from stiwatch.core.sqlite import transaction

HISTORY_FILE = "crawl_history.sqlite3"
KEEP_DAYS = 365

# Error kinds that mean the source itself failed, not just one page.
FATAL_KINDS = ("network", "robots", "feed-empty", "listing-empty", "sitemap-empty")

# Run status: ``ok``; ``partial`` (articles or discovery worked, some pages failed);
# ``failed`` (nothing usable came back).
RUN_STATUSES = ("ok", "partial", "failed")

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

# Columns added after the first version; added to older files on open.
_ADDED_COLUMNS = {
    "not_modified": "INTEGER NOT NULL DEFAULT 0",
    "known": "INTEGER NOT NULL DEFAULT 0",
    "duration": "REAL NOT NULL DEFAULT 0",
    "status": "TEXT NOT NULL DEFAULT 'ok'",
    "full": "INTEGER NOT NULL DEFAULT 0",
}

_COLUMNS = (
    "source, started_at, finished_at, fetched, new, updated, unchanged, spooled, errors, replay,"
    " not_modified, known, duration, status, full"
)


@dataclass(frozen=True)
class CrawlRun:
    """What one crawl did for one source.

    ``fetched`` counts every answered request (304s included), ``not_modified`` the
    discovery pages answered 304, ``known`` the article links skipped because the
    crawl state already had them.
    """

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
    not_modified: int = 0
    known: int = 0
    duration: float = 0.0
    status: str = "ok"
    full: bool = False

    @property
    def failed(self) -> bool:
        return self.status == "failed"

    @property
    def error_count(self) -> int:
        return sum(self.errors.values())


def run_status(entry: Mapping[str, Any]) -> str:
    """``failed`` when nothing usable came back, ``partial`` with errors, else ``ok``."""
    fetched = int(entry.get("fetched", 0))
    errors = sum(int(v) for v in dict(entry.get("errors", {})).values())
    useful = sum(int(entry.get(k, 0)) for k in ("new", "updated", "unchanged", "not_modified", "known"))
    if fetched == 0 or (useful == 0 and errors > 0):
        return "failed"
    return "partial" if errors else "ok"


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _seconds_between(start: str, end: str) -> float:
    try:
        return max(0.0, (datetime.fromisoformat(end) - datetime.fromisoformat(start)).total_seconds())
    except ValueError:
        return 0.0


def _run(r: tuple[Any, ...]) -> CrawlRun:
    return CrawlRun(
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
        not_modified=r[10],
        known=r[11],
        duration=float(r[12]),
        status=str(r[13]),
        full=bool(r[14]),
    )


class CrawlHistory:
    """The crawl_runs table of ``<data dir>/crawl_history.sqlite3``."""

    def __init__(self, data_dir: Path) -> None:
        self.path = data_dir / HISTORY_FILE
        data_dir.mkdir(parents=True, exist_ok=True)
        with self._db() as db:
            db.executescript(_SCHEMA)
            have = {row[1] for row in db.execute("PRAGMA table_info(crawl_runs)")}
            for name, decl in _ADDED_COLUMNS.items():
                if name not in have:
                    db.execute(f"ALTER TABLE crawl_runs ADD COLUMN {name} {decl}")

    def _db(self) -> AbstractContextManager[sqlite3.Connection]:
        return transaction(self.path, timeout=30)

    def record(
        self,
        summary: Mapping[str, Any],
        started_at: str,
        finished_at: str,
        *,
        replay: bool = False,
        duration: float | None = None,
        full: bool = False,
    ) -> list[CrawlRun]:
        """Store one crawl summary (``{"sources": {id: {...}}}``); returns the runs stored."""
        seconds = _seconds_between(started_at, finished_at) if duration is None else duration
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
                not_modified=int(s.get("not_modified", 0)),
                known=int(s.get("known", 0)),
                duration=round(seconds, 3),
                status=run_status(s),
                full=full,
            )
            for sid, s in summary["sources"].items()
        ]
        with self._db() as db:
            db.executemany(
                f"INSERT INTO crawl_runs ({_COLUMNS}) VALUES ({', '.join('?' * 15)})",
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
                        r.not_modified,
                        r.known,
                        r.duration,
                        r.status,
                        int(r.full),
                    )
                    for r in runs
                ],
            )
        self.prune()
        return runs

    def runs(self, source: str | None = None, since: str | None = None, limit: int = 1000) -> list[CrawlRun]:
        """Runs newest first, optionally for one source and/or finished at or after ``since``."""
        sql = f"SELECT {_COLUMNS} FROM crawl_runs"
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
        return [_run(r) for r in rows]

    def last_run(self, source: str) -> CrawlRun | None:
        runs = self.runs(source=source, limit=1)
        return runs[0] if runs else None

    def last_success(self, source: str) -> CrawlRun | None:
        """The newest run of ``source`` that did not fail."""
        with self._db() as db:
            row = db.execute(
                f"SELECT {_COLUMNS} FROM crawl_runs WHERE source = ? AND status != 'failed'"
                " ORDER BY finished_at DESC, id DESC LIMIT 1",
                (source,),
            ).fetchone()
        return _run(row) if row else None

    def prune(self, keep_days: int = KEEP_DAYS) -> int:
        """Drop runs older than ``keep_days`` so the history stays bounded."""
        cutoff = datetime.now(UTC) - timedelta(days=keep_days)
        with self._db() as db:
            cur = db.execute(
                "DELETE FROM crawl_runs WHERE finished_at < ?", (cutoff.isoformat(timespec="seconds"),)
            )
            return cur.rowcount
