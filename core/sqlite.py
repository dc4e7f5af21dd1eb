"""Short SQLite transactions for the small state files in the data directory."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def transaction(path: Path, *, timeout: float = 30) -> Iterator[sqlite3.Connection]:
    """A connection whose work commits on success and rolls back on error, then closes.

    Each call opens its own connection, so crawls, the scheduler and the web server can
    share one file; ``timeout`` is how long a writer waits for another one's lock.
    """
    db = sqlite3.connect(path, timeout=timeout)
    try:
        with db:
            yield db
    finally:
        db.close()
