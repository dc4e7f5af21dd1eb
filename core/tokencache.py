"""Each text analysed once: index tokens, and the words of its Thai runs, kept by a hash
of the text they came from.

Analysis (Thai segmentation above all) is most of what indexing costs. A re-crawl that
stores the same text, a reindex, a copy into Elasticsearch and the alert percolator all
need the tokens of text that was analysed before; this cache hands them back instead.

The key is a hash of each searchable part (a title, a text, a translation's title or
text), not of the record's ``content_hash``: translations arrive later and change on
their own, and a part keyed by its own text is reused wherever it appears again.
The file is a cache: deleting it loses nothing but time. It empties itself when the
analysis changes (``ANALYSIS_VERSION``, the PyThaiNLP version, the project's Thai words).

In a crawl, the tag stage analyses each article's title and text first (it matches the
taxonomy's aliases over the Thai words, ``thai_runs``), story linking (the dedupe stage)
reads the text's tokens back, and so does the store stage's indexing: all hold the one
``TokenCache`` that :func:`open_cache` gives every user of a data directory in a
process, and new analyses are written to the file in batches (``FLUSH_EVERY``, and on
close), not one transaction per article.
"""

from __future__ import annotations

import atexit
import hashlib
import logging
import sqlite3
import threading
import zlib
from collections.abc import Iterable
from functools import lru_cache
from importlib import metadata
from pathlib import Path

from stiwatch.core.analysis import ANALYSIS_VERSION, ThaiRuns, analyse_text, field_text
from stiwatch.core.text import THAI_WORDS_FILE

logger = logging.getLogger(__name__)

CACHE_FILE = "analysis-cache.sqlite3"
# Bump when what a row holds changes (2: the Thai runs' words beside the tokens): the
# table is then dropped and made again.
CACHE_FORMAT = 2
# SQLite's limit on "?" parameters is far above this; it keeps each statement short.
_CHUNK = 500
# Fresh tokens kept in memory until this many are written in one transaction.
FLUSH_EVERY = 256

# The open cache of each file in this process (open_cache), with its number of users.
_SHARED: dict[Path, TokenCache] = {}
_SHARED_LOCK = threading.Lock()

_META = "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)"
# ``joined``: the index tokens joined by spaces; ``thai``: each Thai run's words joined by
# "|", runs joined by spaces (a run holds only Thai letters and dots). Compressed.
_TOKENS = "CREATE TABLE IF NOT EXISTS tokens (key BLOB PRIMARY KEY, joined BLOB NOT NULL, thai BLOB NOT NULL)"


@lru_cache(maxsize=1)
def fingerprint() -> str:
    """What the tokens depend on besides the text: a different value empties the cache."""
    try:
        pythainlp = metadata.version("pythainlp")
    except metadata.PackageNotFoundError:
        pythainlp = "?"
    words = THAI_WORDS_FILE.read_bytes() if THAI_WORDS_FILE.exists() else b""
    return (
        f"analysis {ANALYSIS_VERSION}; format {CACHE_FORMAT}; pythainlp {pythainlp}; "
        f"words {hashlib.sha256(words).hexdigest()[:16]}"
    )


def text_key(text: str) -> bytes:
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).digest()


def analyse(text: str) -> str:
    """The index tokens of ``text`` joined by spaces (tokens never hold whitespace)."""
    return _analysed(text)[0]


def _analysed(text: str) -> tuple[str, str]:
    """``(joined tokens, encoded Thai runs)`` of ``text``: what one row holds."""
    analysis = analyse_text(text)
    return field_text(analysis.tokens), " ".join("|".join(words) for words in analysis.thai.values())


def decode_thai(encoded: str, into: ThaiRuns) -> None:
    """Add the Thai runs of one row (``_analysed``) to ``into``, by run text."""
    for run in encoded.split(" ") if encoded else ():
        words = tuple(run.split("|"))
        into["".join(words)] = words


class TokenCache:
    """Index tokens of text parts in ``<data dir>/analysis-cache.sqlite3``.

    Safe to share between threads; several processes may use one file (WAL, and a
    writer waits for another's lock). A file that cannot be opened or written is
    logged once and the cache works without it: it never fails an indexing run.
    """

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._lock = threading.Lock()
        self._db: sqlite3.Connection | None = None
        self.hits = 0
        self.misses = 0
        self.users = 1
        # Analysed but not yet written, (joined tokens, encoded Thai runs): served from
        # here, written FLUSH_EVERY at a time.
        self._pending: dict[bytes, tuple[str, str]] = {}
        try:
            self._db = self._open()
        except sqlite3.Error as exc:
            logger.warning(
                "analysis cache %(path)s unusable, analysing every text: %(e)s", {"path": path, "e": exc}
            )

    def _open(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False, timeout=30)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")
        db.execute(_META)
        row = db.execute("SELECT value FROM meta WHERE key = 'fingerprint'").fetchone()
        if row is None or row[0] != fingerprint():
            with db:
                # Dropped, not emptied: an older format's table has other columns.
                db.execute("DROP TABLE IF EXISTS tokens")
                db.execute(_TOKENS)
                db.execute("INSERT OR REPLACE INTO meta VALUES ('fingerprint', ?)", (fingerprint(),))
        return db

    def lookup(self, texts: Iterable[str]) -> dict[str, str]:
        """``text -> joined tokens`` for every text; the missing ones are analysed and stored."""
        return {text: row[0] for text, row in self._rows(texts, thai=False).items()}

    def thai_runs(self, texts: Iterable[str]) -> ThaiRuns:
        """The words of every Thai run of ``texts``, by run (``Analysis.thai``); texts not
        analysed yet are analysed and stored, tokens included, for the index."""
        runs: ThaiRuns = {}
        for _, encoded in self._rows(texts, thai=True).values():
            decode_thai(encoded, runs)
        return runs

    def _rows(self, texts: Iterable[str], thai: bool) -> dict[str, tuple[str, str]]:
        """``text -> (joined tokens, encoded Thai runs)``; the runs are read from the file
        only when ``thai`` is asked for ("" otherwise)."""
        wanted = {text_key(t): t for t in dict.fromkeys(texts) if t}
        with self._lock:
            found = {text: self._pending[key] for key, text in wanted.items() if key in self._pending}
        unread = {key: text for key, text in wanted.items() if text not in found}
        if self._db is not None and unread:
            found.update(self._read(unread, thai))
        missing = [(key, text) for key, text in wanted.items() if text not in found]
        self.hits += len(found)
        self.misses += len(missing)
        fresh = {text: _analysed(text) for _, text in missing}
        if fresh:
            with self._lock:
                self._pending.update((key, fresh[text]) for key, text in missing)
                full = len(self._pending) >= FLUSH_EVERY
            if full:
                self.flush()
        found.update(fresh)
        return found

    def flush(self) -> None:
        """Write the tokens analysed since the last flush."""
        with self._lock:
            rows, self._pending = list(self._pending.items()), {}
        if rows and self._db is not None:
            self._write(rows)

    def _read(self, wanted: dict[bytes, str], thai: bool) -> dict[str, tuple[str, str]]:
        keys = list(wanted)
        found: dict[str, tuple[str, str]] = {}
        # Indexing reads only the tokens: the Thai runs stay on disk.
        columns = "key, joined, thai" if thai else "key, joined, ''"
        try:
            with self._lock:
                assert self._db is not None
                for start in range(0, len(keys), _CHUNK):
                    chunk = keys[start : start + _CHUNK]
                    marks = ",".join("?" * len(chunk))
                    for key, joined, runs in self._db.execute(
                        f"SELECT {columns} FROM tokens WHERE key IN ({marks})", chunk
                    ):
                        found[wanted[bytes(key)]] = (_unpack(joined), _unpack(runs) if runs else "")
        except (sqlite3.Error, zlib.error) as exc:
            self._disable(exc)
        return found

    def _write(self, rows: list[tuple[bytes, tuple[str, str]]]) -> None:
        packed = [(key, _pack(joined), _pack(runs)) for key, (joined, runs) in rows]
        try:
            with self._lock:
                assert self._db is not None
                with self._db:
                    self._db.execute("BEGIN IMMEDIATE")
                    self._db.executemany(
                        "INSERT OR IGNORE INTO tokens (key, joined, thai) VALUES (?, ?, ?)", packed
                    )
        except sqlite3.Error as exc:
            self._disable(exc)

    def _disable(self, exc: Exception) -> None:
        logger.warning(
            "analysis cache %(path)s failed, analysing without it: %(e)s", {"path": self.path, "e": exc}
        )
        self._close_file()

    def close(self) -> None:
        """Let go of the cache; the last of its users writes what is pending and closes it."""
        with _SHARED_LOCK:
            self.users -= 1
            if self.users > 0:
                return
            if _SHARED.get(self.path) is self:
                del _SHARED[self.path]
        self.flush()
        self._close_file()

    def _close_file(self) -> None:
        with self._lock:
            if self._db is not None:
                self._db.close()
                self._db = None


def _pack(text: str) -> bytes:
    return zlib.compress(text.encode("utf-8"), 1)


def _unpack(blob: bytes) -> str:
    return zlib.decompress(blob).decode("utf-8")


def open_cache(data_dir: Path | None) -> TokenCache | None:
    """The data directory's cache (:func:`shared_cache`), or None without a data directory."""
    return shared_cache(data_dir) if data_dir is not None else None


def shared_cache(data_dir: Path) -> TokenCache:
    """The cache of ``data_dir``: one object per file in a process (a crawl's stages and its
    backend share it); each caller ``close`` s it when done."""
    path = Path(data_dir).resolve() / CACHE_FILE
    with _SHARED_LOCK:
        cache = _SHARED.get(path)
        if cache is not None:
            cache.users += 1
            return cache
        if not _SHARED:
            atexit.register(_flush_shared)
        cache = _SHARED[path] = TokenCache(path)
        return cache


def _flush_shared() -> None:
    """At exit, write what a user that never closed its cache left pending (a plain
    ``scrapy crawl``'s stages, ``stiwatch add``)."""
    with _SHARED_LOCK:
        caches = list(_SHARED.values())
    for cache in caches:
        cache.flush()
