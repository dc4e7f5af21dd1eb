"""The delivery ledger (what each channel of each subscription has received) and the run lock.

Exactly-once rests on three rules: a delivery is written here only after the SMTP server
accepted the message or the webhook answered 2xx, in the same transaction as the
stories it carried; only one ``alerts run`` works at a time (:class:`RunLock`); and
every message is kept in the ``outbox`` exactly as it is about to be sent, until that
transaction. The one window left — the process dying (or the connection breaking)
between the server's acceptance and the commit — leaves the message in the outbox,
and the next run sends that same message again, with the same Message-ID /
idempotency key (which mail clients and well-behaved receivers collapse), before
building anything new.

Only the outbox write is forced to disk before it returns (``synchronous=FULL``); the
other writes reach the write-ahead log before the next message goes, which a killed
process cannot undo. A power cut could undo the last of them, and then it leaves what the
outbox already covers: a recorded message back in the outbox, sent again the same way.

A run reads each channel's last delivery, each subscription's last completed run and the
outbox once (:meth:`Ledger.load_run_state`) and keeps them up to date as it writes.
"""

from __future__ import annotations

import fcntl
import json
import os
import sqlite3
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import TracebackType

from stiwatch.deliver.alerts.subscriptions import ALERTS_FILE

LOCK_FILE = "alerts.lock"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS deliveries (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    subscription TEXT NOT NULL,
    channel TEXT NOT NULL,
    as_of TEXT NOT NULL,
    sent_at TEXT NOT NULL,
    delivery_id TEXT NOT NULL,
    stories INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS deliveries_sub ON deliveries (subscription, channel, as_of);
-- Each (subscription, channel) once, by number: the delivered rows below carry the
-- number, not the two names (a run writes a row for every article of every digest).
CREATE TABLE IF NOT EXISTS channel_keys (
    id INTEGER PRIMARY KEY,
    subscription TEXT NOT NULL,
    channel TEXT NOT NULL,
    UNIQUE (subscription, channel)
);
CREATE TABLE IF NOT EXISTS delivered (
    channel_key INTEGER NOT NULL,
    article_id TEXT NOT NULL,
    story_key TEXT NOT NULL,
    delivered_at INTEGER NOT NULL, -- Unix seconds
    PRIMARY KEY (channel_key, article_id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS delivered_story ON delivered (channel_key, story_key);
CREATE TABLE IF NOT EXISTS sub_state (
    subscription TEXT PRIMARY KEY,
    last_completed_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS outbox (
    subscription TEXT NOT NULL,
    channel TEXT NOT NULL,
    delivery_id TEXT NOT NULL,
    as_of TEXT NOT NULL,
    entries TEXT NOT NULL,
    body BLOB NOT NULL,
    staged_at TEXT NOT NULL,
    PRIMARY KEY (subscription, channel)
);
"""

# SQLite's default limit on host parameters is 999 in old builds; stay well under it.
_CHUNK = 400

# A ledger written before channel keys kept each delivered article under the two names,
# with ISO times (``delivered_stories``): its rows move to ``delivered`` once, when a
# ledger opens the file.
_MOVE_NAMED_ROWS = (
    "INSERT OR IGNORE INTO channel_keys (subscription, channel)"
    " SELECT DISTINCT subscription, channel FROM delivered_stories",
    # A time that does not parse counts as now: the row is kept the longest.
    "INSERT OR REPLACE INTO delivered (channel_key, article_id, story_key, delivered_at)"
    " SELECT k.id, d.article_id, d.story_key,"
    " COALESCE(CAST(strftime('%s', d.delivered_at) AS INTEGER), CAST(strftime('%s', 'now') AS INTEGER))"
    " FROM delivered_stories AS d JOIN channel_keys AS k USING (subscription, channel)",
    "DROP TABLE delivered_stories",
)


@dataclass(frozen=True)
class Staged:
    """A message in the outbox: about to be sent, or sent without its delivery recorded."""

    subscription: str
    channel: str
    delivery_id: str
    as_of: str
    entries: list[tuple[str, str]]
    body: bytes


@dataclass
class _RunState:
    """What one run asks per subscription, read once and kept current by the run's writes."""

    last_as_of: dict[tuple[str, str], str]
    completed: dict[str, str]
    staged: set[tuple[str, str]]


class AlertsBusy(RuntimeError):
    """Another ``alerts run`` holds the lock."""


class RunLock:
    """An exclusive ``flock`` on ``<data dir>/alerts.lock``, held for a whole run.

    The kernel drops the lock when the process dies, so a crashed run never leaves
    the next one locked out.
    """

    def __init__(self, data_dir: Path, timeout: float = 600.0) -> None:
        self.path = Path(data_dir) / LOCK_FILE
        self.timeout = timeout
        self._fd: int | None = None

    def acquire(self) -> None:
        """Wait up to ``timeout`` seconds. Raises: AlertsBusy."""
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        deadline = time.monotonic() + self.timeout
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    os.close(fd)
                    raise AlertsBusy(
                        f"another `alerts run` has held {self.path} for over {self.timeout:g} s;"
                        " try again when it finishes"
                    ) from None
                time.sleep(0.05)
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
        self._fd = fd

    def release(self) -> None:
        if self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None

    def __enter__(self) -> RunLock:
        self.acquire()
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.release()


class Ledger:
    """Deliveries, delivered stories and completed runs in ``<data dir>/alerts.sqlite3``."""

    def __init__(self, data_dir: Path) -> None:
        self.path = Path(data_dir) / ALERTS_FILE
        self._db = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")  # see the module docstring
        self._db.executescript(_SCHEMA)
        self._move_named_rows()
        self._state: _RunState | None = None
        # (subscription, channel) -> its number in channel_keys. A number is never
        # reused or dropped (removing a subscription drops its delivered rows, not its
        # numbers), so a number once committed stays right for the life of this ledger.
        self._keys: dict[tuple[str, str], int] = {}

    def _move_named_rows(self) -> None:
        if not self._has_named_rows():
            return  # the usual case: no write lock taken
        with self._db:
            self._db.execute("BEGIN IMMEDIATE")
            if self._has_named_rows():  # another process may have moved them meanwhile
                for statement in _MOVE_NAMED_ROWS:
                    self._db.execute(statement)

    def _has_named_rows(self) -> bool:
        found = self._db.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'delivered_stories'"
        ).fetchone()
        return found is not None

    def _channel_key(self, subscription: str, channel: str, *, create: bool = False) -> int | None:
        """The channel's number, or None if it has none. With ``create``, one is made if
        needed, inside the caller's transaction, and remembered only by the caller
        (:meth:`record`, after its commit)."""
        key = (subscription, channel)
        number = self._keys.get(key)
        if number is not None:
            return number
        if create:
            self._db.execute("INSERT OR IGNORE INTO channel_keys (subscription, channel) VALUES (?, ?)", key)
        row = self._db.execute(
            "SELECT id FROM channel_keys WHERE subscription = ? AND channel = ?", key
        ).fetchone()
        if row is None:
            return None
        if not create:
            self._keys[key] = int(row[0])
        return int(row[0])

    def close(self) -> None:
        self._db.close()

    # -- a run's reads, once per run ------------------------------------------------------

    def load_run_state(self) -> None:
        """Read every channel's last delivery, every subscription's last completed run and
        what waits in the outbox, once: from now on this ledger answers those from memory
        (and keeps the answers current as it writes; only one run writes at a time)."""
        db = self._db
        last = db.execute(
            "SELECT subscription, channel, max(as_of) FROM deliveries GROUP BY subscription, channel"
        )
        self._state = _RunState(
            last_as_of={(sub, ch): as_of for sub, ch, as_of in last},
            completed=dict(db.execute("SELECT subscription, last_completed_at FROM sub_state").fetchall()),
            staged={(sub, ch) for sub, ch in db.execute("SELECT subscription, channel FROM outbox")},
        )
        self._keys.update(
            ((sub, ch), number)
            for number, sub, ch in db.execute("SELECT id, subscription, channel FROM channel_keys")
        )

    # -- reads ----------------------------------------------------------------------------

    def last_as_of(self, subscription: str, channel: str) -> str | None:
        """The ``as_of`` time of the channel's last successful delivery."""
        if self._state is not None:
            return self._state.last_as_of.get((subscription, channel))
        row = self._db.execute(
            "SELECT max(as_of) FROM deliveries WHERE subscription = ? AND channel = ?",
            (subscription, channel),
        ).fetchone()
        return row[0] if row and row[0] else None

    def delivered_among(
        self, subscription: str, channel: str, story_keys: Sequence[str], article_ids: Sequence[str]
    ) -> set[str]:
        """Which of ``story_keys``, and which of ``article_ids``, the channel has had already.

        Returns the delivered ones of both together; callers test both. Each is answered
        from an index alone (no row read): a run asks about every article of every digest.
        """
        if self._state is not None and (subscription, channel) not in self._state.last_as_of:
            return set()  # never delivered to (rows are recorded with a delivery): nothing to ask
        number = self._channel_key(subscription, channel, create=False)
        if number is None:
            return set()
        found: set[str] = set()
        for column, values in (("story_key", list(story_keys)), ("article_id", list(article_ids))):
            for start in range(0, len(values), _CHUNK):
                chunk = values[start : start + _CHUNK]
                marks = ",".join("?" * len(chunk))
                rows = self._db.execute(
                    f"SELECT DISTINCT {column} FROM delivered WHERE channel_key = ? AND {column} IN ({marks})",
                    (number, *chunk),
                )
                found.update(value for (value,) in rows)
        return found

    def record(
        self,
        subscription: str,
        channel: str,
        as_of: str,
        delivery_id: str,
        entries: Iterable[tuple[str, str]],
    ) -> None:
        """One accepted delivery and its ``(story_key, article_id)`` entries, atomically."""
        sent = datetime.now(UTC)
        now, seconds = sent.isoformat(timespec="microseconds"), int(sent.timestamp())
        entries = list(entries)
        with self._db:
            self._db.execute("BEGIN IMMEDIATE")
            number = self._channel_key(subscription, channel, create=True)
            assert number is not None  # made just above if it was missing
            self._db.execute(
                "INSERT INTO deliveries (subscription, channel, as_of, sent_at, delivery_id, stories)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (subscription, channel, as_of, now, delivery_id, len({story for story, _ in entries})),
            )
            self._db.executemany(
                "INSERT OR REPLACE INTO delivered (channel_key, article_id, story_key, delivered_at)"
                " VALUES (?, ?, ?, ?)",
                [(number, article_id, story_key, seconds) for story_key, article_id in entries],
            )
            # Delivered: no longer waiting in the outbox.
            self._db.execute(
                "DELETE FROM outbox WHERE subscription = ? AND channel = ?", (subscription, channel)
            )
        self._keys[(subscription, channel)] = number
        if self._state is not None:
            state, key = self._state, (subscription, channel)
            state.last_as_of[key] = max(as_of, state.last_as_of.get(key, as_of))
            state.staged.discard(key)

    # -- the outbox ---------------------------------------------------------------------

    def stage(
        self,
        subscription: str,
        channel: str,
        as_of: str,
        delivery_id: str,
        entries: Iterable[tuple[str, str]],
        body: bytes,
    ) -> None:
        """Keep the message exactly as it is about to be sent: on disk before it returns."""
        now = datetime.now(UTC).isoformat(timespec="microseconds")
        self._db.execute("PRAGMA synchronous=FULL")  # also syncs the writes before it
        try:
            self._db.execute(
                "INSERT OR REPLACE INTO outbox (subscription, channel, delivery_id, as_of, entries, body,"
                " staged_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (subscription, channel, delivery_id, as_of, json.dumps(list(entries)), body, now),
            )
        finally:
            self._db.execute("PRAGMA synchronous=NORMAL")
        if self._state is not None:
            self._state.staged.add((subscription, channel))

    def staged(self, subscription: str, channel: str) -> Staged | None:
        """The channel's message left in the outbox by a run that did not record it."""
        if self._state is not None and (subscription, channel) not in self._state.staged:
            return None
        row = self._db.execute(
            "SELECT delivery_id, as_of, entries, body FROM outbox WHERE subscription = ? AND channel = ?",
            (subscription, channel),
        ).fetchone()
        if row is None:
            return None
        entries = [(str(key), str(article)) for key, article in json.loads(row[2])]
        return Staged(subscription, channel, row[0], row[1], entries, bytes(row[3]))

    def unstage(self, subscription: str, channel: str) -> None:
        """The server refused it for sure: the next run builds a new digest instead."""
        self._db.execute("DELETE FROM outbox WHERE subscription = ? AND channel = ?", (subscription, channel))
        if self._state is not None:
            self._state.staged.discard((subscription, channel))

    def drop_staged(self, subscription: str, keep: Sequence[str]) -> int:
        """Forget outbox messages of channels the subscription no longer has (unsubscribed)."""
        if self._state is not None:
            gone = {key for key in self._state.staged if key[0] == subscription and key[1] not in keep}
            if not gone:
                return 0
            self._state.staged -= gone
        marks = ",".join("?" * len(keep)) or "''"
        cur = self._db.execute(
            f"DELETE FROM outbox WHERE subscription = ? AND channel NOT IN ({marks})", (subscription, *keep)
        )
        return cur.rowcount

    def last_completed(self, subscription: str) -> str | None:
        if self._state is not None:
            return self._state.completed.get(subscription)
        row = self._db.execute(
            "SELECT last_completed_at FROM sub_state WHERE subscription = ?", (subscription,)
        ).fetchone()
        return row[0] if row else None

    def mark_completed(self, subscription: str, at: str) -> None:
        """Every channel of the subscription got what was due at ``at``."""
        self._db.execute(
            "INSERT INTO sub_state (subscription, last_completed_at) VALUES (?, ?)"
            " ON CONFLICT (subscription) DO UPDATE SET last_completed_at = excluded.last_completed_at",
            (subscription, at),
        )
        if self._state is not None:
            self._state.completed[subscription] = at

    def deliveries(self, subscription: str, limit: int = 20) -> list[dict[str, object]]:
        """Recent deliveries, newest first (for `alerts show`)."""
        rows = self._db.execute(
            "SELECT channel, as_of, sent_at, delivery_id, stories FROM deliveries"
            " WHERE subscription = ? ORDER BY id DESC LIMIT ?",
            (subscription, limit),
        ).fetchall()
        keys = ("channel", "as_of", "sent_at", "delivery_id", "stories")
        return [dict(zip(keys, row, strict=True)) for row in rows]

    def prune(self, keep_days: int) -> int:
        """Forget delivered stories older than ``keep_days`` (the ledger stays bounded)."""
        cutoff = int((datetime.now(UTC) - timedelta(days=keep_days)).timestamp())
        cur = self._db.execute("DELETE FROM delivered WHERE delivered_at < ?", (cutoff,))
        return cur.rowcount
