"""The SQLite article store: the source of truth behind the embedded search index.

One row per article id holding the whole record as JSON, plus the columns other
tools filter on without parsing JSON (source, language, published, fetched_at,
content_hash, story_id). WAL mode lets one writer and any number of readers (in
this or other processes) work at once; a reader sees the last committed state.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

DB_NAME = "articles.sqlite3"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS articles (
    id TEXT PRIMARY KEY,
    source TEXT NOT NULL DEFAULT '',
    language TEXT NOT NULL DEFAULT '',
    published TEXT,
    fetched_at TEXT NOT NULL DEFAULT '',
    content_hash TEXT NOT NULL DEFAULT '',
    story_id TEXT NOT NULL DEFAULT '',
    record TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS articles_source ON articles (source);
CREATE INDEX IF NOT EXISTS articles_published ON articles (published);
CREATE INDEX IF NOT EXISTS articles_content_hash ON articles (content_hash);
CREATE INDEX IF NOT EXISTS articles_story_id ON articles (story_id);
CREATE INDEX IF NOT EXISTS articles_fetched_at ON articles (fetched_at);
"""

_UPSERT = """
INSERT INTO articles (id, source, language, published, fetched_at, content_hash, story_id, record)
VALUES (?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (id) DO UPDATE SET
    source = excluded.source, language = excluded.language, published = excluded.published,
    fetched_at = excluded.fetched_at, content_hash = excluded.content_hash,
    story_id = excluded.story_id, record = excluded.record
"""

# SQLite's default limit on "?" parameters in one statement is 32766 (>= 3.32);
# stay far below it.
_CHUNK = 500


def _row(record: dict[str, Any]) -> tuple[Any, ...]:
    return (
        record["id"],
        record.get("source") or "",
        record.get("language") or "",
        record.get("published") or None,
        record.get("fetched_at") or "",
        record.get("content_hash") or "",
        record.get("story_id") or "",
        json.dumps(record, ensure_ascii=False, sort_keys=True),
    )


def _parse_time(value: str) -> datetime | None:
    """An ISO 8601 time as an aware datetime (naive values are UTC), or None."""
    try:
        parsed = datetime.fromisoformat(value)
    except (TypeError, ValueError):
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


class ArticleStore:
    """Articles by id in ``<data_dir>/articles.sqlite3``.

    Writes are held in an open transaction until :meth:`commit`; the connection
    is shared by threads under a lock (the HTTP API serves from a thread pool).
    """

    def __init__(self, data_dir: Path) -> None:
        data_dir.mkdir(parents=True, exist_ok=True)
        self.path = data_dir / DB_NAME
        self._lock = threading.RLock()
        # isolation_level=None: transactions are opened explicitly in _begin, so a
        # read-only process never holds a write lock.
        self._db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        # Another process may be committing; wait for it instead of failing at once.
        self._db.execute("PRAGMA busy_timeout=10000")
        self._db.executescript(_SCHEMA)
        self._in_tx = False

    def _begin(self) -> None:
        if not self._in_tx:
            self._db.execute("BEGIN IMMEDIATE")
            self._in_tx = True

    def upsert(self, records: Iterable[dict[str, Any]]) -> int:
        """Insert or replace by id; visible to other connections after commit()."""
        rows = [_row(r) for r in records]
        if not rows:
            return 0
        with self._lock:
            self._begin()
            self._db.executemany(_UPSERT, rows)
        return len(rows)

    def delete(self, article_ids: Iterable[str]) -> list[str]:
        """Delete by id; returns the ids that existed."""
        ids = list(dict.fromkeys(article_ids))
        deleted: list[str] = []
        with self._lock:
            for start in range(0, len(ids), _CHUNK):
                chunk = ids[start : start + _CHUNK]
                marks = ",".join("?" * len(chunk))
                rows = self._db.execute(f"SELECT id FROM articles WHERE id IN ({marks})", chunk)
                found = [r[0] for r in rows]
                if found:
                    self._begin()
                    marks = ",".join("?" * len(found))
                    self._db.execute(f"DELETE FROM articles WHERE id IN ({marks})", found)
                    deleted.extend(found)
        return deleted

    @property
    def in_transaction(self) -> bool:
        """Whether writes are waiting for commit()."""
        return self._in_tx

    def commit(self) -> None:
        with self._lock:
            if self._in_tx:
                self._db.execute("COMMIT")
                self._in_tx = False

    def rollback(self) -> None:
        with self._lock:
            if self._in_tx:
                self._db.execute("ROLLBACK")
                self._in_tx = False

    def get(self, article_id: str) -> dict[str, Any] | None:
        with self._lock:
            row = self._db.execute("SELECT record FROM articles WHERE id = ?", (article_id,)).fetchone()
        return json.loads(row[0]) if row else None

    def get_many(self, article_ids: Iterable[str]) -> list[dict[str, Any]]:
        """Records in the order of ``article_ids``; unknown ids are skipped."""
        ids = list(article_ids)
        found: dict[str, dict[str, Any]] = {}
        unique = list(dict.fromkeys(ids))
        with self._lock:
            for start in range(0, len(unique), _CHUNK):
                chunk = unique[start : start + _CHUNK]
                marks = ",".join("?" * len(chunk))
                for article_id, record in self._db.execute(
                    f"SELECT id, record FROM articles WHERE id IN ({marks})", chunk
                ):
                    found[article_id] = json.loads(record)
        return [found[i] for i in ids if i in found]

    def ids_fetched_since(self, since: datetime) -> list[str]:
        """Ids of the records fetched at or after ``since``, and of those whose ``fetched_at``
        is not a readable time (a digest counts those as new).

        The column holds ISO 8601 text in any offset: the index narrows the rows to those
        written on the day before ``since`` (UTC) or later, or not starting with a year,
        and the exact comparison is made on the parsed times.
        """
        floor = (since.astimezone(UTC) - timedelta(days=1)).date().isoformat()
        with self._lock:
            rows = self._db.execute(
                "SELECT id, fetched_at FROM articles WHERE fetched_at >= ? OR fetched_at < '1'", (floor,)
            ).fetchall()
        out = []
        for article_id, fetched in rows:
            seen = _parse_time(fetched)
            if seen is None or seen >= since:
                out.append(str(article_id))
        return out

    def version(self) -> tuple[int, int]:
        """Changes whenever the stored records may have: SQLite's ``data_version`` moves on a
        commit by another connection (another process), ``total_changes`` on this one's."""
        with self._lock:
            other = int(self._db.execute("PRAGMA data_version").fetchone()[0])
            return other, self._db.total_changes

    def count(self) -> int:
        with self._lock:
            return int(self._db.execute("SELECT COUNT(*) FROM articles").fetchone()[0])

    def iter_records(self, batch_size: int = 1000) -> Iterator[dict[str, Any]]:
        """Every record in id order, read in batches (keyset paging, no long cursor)."""
        last = ""
        while True:
            with self._lock:
                rows = self._db.execute(
                    "SELECT id, record FROM articles WHERE id > ? ORDER BY id LIMIT ?",
                    (last, batch_size),
                ).fetchall()
            if not rows:
                return
            for _, record in rows:
                yield json.loads(record)
            last = rows[-1][0]

    def size_bytes(self) -> int:
        """Database size on disk, WAL included."""
        total = 0
        for suffix in ("", "-wal", "-shm"):
            part = self.path.with_name(self.path.name + suffix)
            if part.exists():
                total += part.stat().st_size
        return total

    def close(self) -> None:
        with self._lock:
            self.rollback()
            # Fold the WAL back into the database so the data dir is one file at
            # rest; PASSIVE never waits for readers in other processes.
            self._db.execute("PRAGMA wal_checkpoint(PASSIVE)")
            self._db.close()
