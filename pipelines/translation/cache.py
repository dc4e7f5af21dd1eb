"""Translation cache: (model id, source text) → translation, in SQLite in the data directory.

Re-crawls and re-runs never translate the same sentence with the same model twice.
Keys hold a SHA-256 of the source text (sentences can be long; the hash keeps the
index small). Several processes may share the file (crawl, API, background pass):
SQLite's WAL mode and a busy timeout serialise their writes.
"""

from __future__ import annotations

import hashlib
import sqlite3
import threading
from collections.abc import Iterable, Mapping
from pathlib import Path

CACHE_FILE = "translation-cache.sqlite3"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS translations (
    model TEXT NOT NULL,
    source_hash TEXT NOT NULL,
    target TEXT NOT NULL,
    PRIMARY KEY (model, source_hash)
) WITHOUT ROWID
"""


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class TranslationCache:
    """Sentence translations by (model id, source text hash)."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        self._db = sqlite3.connect(str(self.path), timeout=30, check_same_thread=False)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.execute(_SCHEMA)
        self._db.commit()

    def get_many(self, model: str, texts: Iterable[str]) -> dict[str, str]:
        """Cached translations of ``texts`` by ``model`` (missing ones are left out)."""
        wanted = {text_hash(t): t for t in texts}
        out: dict[str, str] = {}
        keys = list(wanted)
        with self._lock:
            for i in range(0, len(keys), 500):
                chunk = keys[i : i + 500]
                marks = ",".join("?" * len(chunk))
                rows = self._db.execute(
                    f"SELECT source_hash, target FROM translations WHERE model = ? AND source_hash IN ({marks})",
                    [model, *chunk],
                ).fetchall()
                for source_hash, target in rows:
                    out[wanted[source_hash]] = target
        return out

    def put_many(self, model: str, translations: Mapping[str, str]) -> None:
        with self._lock:
            self._db.executemany(
                "INSERT OR REPLACE INTO translations (model, source_hash, target) VALUES (?, ?, ?)",
                [(model, text_hash(s), t) for s, t in translations.items()],
            )
            self._db.commit()

    def count(self) -> int:
        with self._lock:
            return int(self._db.execute("SELECT count(*) FROM translations").fetchone()[0])

    def close(self) -> None:
        with self._lock:
            self._db.close()
