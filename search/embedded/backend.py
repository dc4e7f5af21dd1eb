"""EmbeddedBackend: SQLite as the source of truth, tantivy as the search index.

Layout of ``data_dir``::

    articles.sqlite3      every record (stiwatch.search.embedded.store)
    index/                the tantivy index, rebuilt from SQLite at will
    index-version.json    schema + analysis version the index was built with, and the
                          fingerprint of the concept matcher (stiwatch.search.concepts)
    analysis-cache.sqlite3  index tokens by text (stiwatch.core.tokencache): a re-crawl,
                          a reindex and the alert percolator reuse them

Concurrency: any number of processes may search; one may write at a time. The
tantivy writer (which takes a lock file) is opened on the first write only, so a
process that only searches never blocks a crawler that writes. Writes become
visible on :meth:`commit`, in this and other processes (every search reloads
the index reader, which is cheap when nothing changed).
"""

from __future__ import annotations

import logging
import shutil
import threading
from collections.abc import Hashable, Iterable, Iterator
from datetime import datetime
from itertools import islice
from pathlib import Path
from typing import Any

import tantivy

from stiwatch.core.tokencache import shared_cache
from stiwatch.search.aggregation import Aggregated, normalise
from stiwatch.search.backend import BackendUnavailable, SearchQuery, SearchResult
from stiwatch.search.embedded import index as ix
from stiwatch.search.embedded.front import FrontFacets, generation
from stiwatch.search.embedded.journal import CommitJournal
from stiwatch.search.embedded.store import ArticleStore
from stiwatch.search.embedded.version import IndexVersion
from stiwatch.search.highlight import highlights_for
from stiwatch.search.records import text_parts
from stiwatch.search.tiers import Tier, search_in_tiers

logger = logging.getLogger(__name__)

INDEX_DIR = "index"
# Records analysed together when the whole store is indexed again.
_REBUILD_BATCH = 1000


class EmbeddedBackend:
    """The default search backend: a data directory, no server.

    Args:
        data_dir: where the SQLite store and the tantivy index live (created).
        read_only: never open the writer; an index that is missing or built by
            another schema version raises instead of being rebuilt.
        writer_heap_bytes: memory for tantivy's indexing buffer.
        writer_threads: tantivy indexing threads (0: tantivy decides).
    """

    name = "embedded"

    def __init__(
        self,
        data_dir: Path,
        *,
        read_only: bool = False,
        writer_heap_bytes: int = 128_000_000,
        writer_threads: int = 0,
    ) -> None:
        self.data_dir = Path(data_dir)
        self.read_only = read_only
        self._heap = writer_heap_bytes
        self._threads = writer_threads
        self._lock = threading.RLock()
        self._writer: tantivy.IndexWriter | None = None
        self._pending = False
        # Ids written since the last commit (the journal lists them while committing).
        self._dirty: set[str] = set()
        self._journal = CommitJournal(self.data_dir)
        self._schema = ix.build_schema()
        self.store = ArticleStore(self.data_dir)
        # Shared with a crawl's stages in this process (story linking fills it).
        self.tokens = shared_cache(self.data_dir)
        self._closed = False
        self._front = FrontFacets()
        self.version = IndexVersion(self.data_dir)
        self._index = self._open_index()
        if not read_only and self._journal.pending() is not None:
            self._repair_now()

    # -- opening ----------------------------------------------------------------

    @property
    def index_path(self) -> Path:
        return self.data_dir / INDEX_DIR

    def _open_index(self) -> tantivy.Index:
        path = self.index_path
        current = path.is_dir() and tantivy.Index.exists(str(path))
        if current and self.version.current():
            return tantivy.Index(self._schema, path=str(path), reuse=True)
        if self.read_only:
            raise BackendUnavailable(
                f"the search index in {path} is missing or was built by another version; "
                "open the backend once without read_only (or run a reindex) to rebuild it"
            )
        logger.info("Building the search index in %(path)s from the article store", {"path": path})
        return self._rebuild_index()

    def _rebuild_index(self) -> tantivy.Index:
        """Drop ``index/`` and build it again from SQLite (schema change, lost index)."""
        path = self.index_path
        if path.exists():
            self._ensure_no_other_writer(path)
            shutil.rmtree(path)
        self.version.clear()
        path.mkdir(parents=True)
        index = tantivy.Index(self._schema, path=str(path), reuse=False)
        writer = self._make_writer(index)
        self._add_all(writer)
        writer.commit()
        writer.wait_merging_threads()
        index.reload()
        # Written last: a build interrupted half-way is detected and redone on next open.
        self.version.write()
        self._journal.end()  # every record is indexed: nothing left to repair
        return index

    @property
    def concepts_indexed(self) -> bool:
        """Whether searches look concepts up by their indexed key (the index holds the
        running taxonomy's keys); else they expand them, and a warning, once, asks for
        `stiwatch reindex` (stiwatch.search.embedded.version)."""
        return self.version.concepts_indexed()

    def documents(self, records: list[dict[str, Any]]) -> list[tantivy.Document]:
        """Index documents of ``records``, each text analysed at most once (the cache)."""
        known = self.tokens.lookup(text_parts(records))
        return [ix.make_document(r, known) for r in records]

    def _add_all(self, writer: tantivy.IndexWriter) -> int:
        """Add every stored record to ``writer``; returns the count."""
        count = 0
        records = self.store.iter_records()
        while batch := list(islice(records, _REBUILD_BATCH)):
            for doc in self.documents(batch):
                writer.add_document(doc)
            count += len(batch)
        return count

    def _ensure_no_other_writer(self, path: Path) -> None:
        try:
            old = tantivy.Index.open(str(path))
        except (ValueError, OSError):
            return  # not a readable index: nobody can be writing to it
        writer = self._make_writer(old)
        writer.wait_merging_threads()  # releases the lock

    def _make_writer(self, index: tantivy.Index) -> tantivy.IndexWriter:
        try:
            return index.writer(heap_size=self._heap, num_threads=self._threads)
        except ValueError as exc:
            raise BackendUnavailable(
                f"cannot write to the search index in {self.index_path}: another process "
                f"holds its writer lock ({exc}); stop that process or write from it"
            ) from exc

    def _get_writer(self) -> tantivy.IndexWriter:
        if self.read_only:
            raise BackendUnavailable("this EmbeddedBackend was opened read_only")
        if self._writer is None:
            self._writer = self._make_writer(self._index)
            self._repair(self._writer)
        return self._writer

    def _repair_now(self) -> None:
        """A writer died mid-commit: repair if the writer is free (then let it go again,
        so that a process that only searches never keeps a crawler from writing)."""
        with self._lock:
            try:
                self._get_writer()
            except BackendUnavailable:
                return  # a live process holds the writer; it repaired when it took it
            self._release_writer()

    def _repair(self, writer: tantivy.IndexWriter) -> None:
        """Re-index from SQLite the ids a dead writer committed there but maybe not here."""
        ids = self._journal.pending()
        if ids is None:
            return
        if not ids:  # unreadable journal: rebuild every document
            for record in self.store.iter_records():
                writer.delete_documents_by_term(ix.ID_FIELD, record["id"])
                writer.add_document(ix.make_document(record))
        else:
            records = {r["id"]: r for r in self.store.get_many(ids)}
            for article_id in ids:
                writer.delete_documents_by_term(ix.ID_FIELD, article_id)
                if article_id in records:
                    writer.add_document(ix.make_document(records[article_id]))
        writer.commit()
        self._index.reload()
        self._journal.end()
        logger.warning(
            "a process writing to %(dir)s was killed between its two commits: re-indexed %(n)s "
            "articles from the article store",
            {"dir": self.data_dir, "n": len(ids) if ids else "all"},
        )

    def _release_writer(self) -> None:
        if self._writer is not None:
            self._writer.wait_merging_threads()
            self._writer = None

    # -- writing ----------------------------------------------------------------

    def upsert(self, records: Iterable[dict[str, Any]]) -> int:
        """Insert or replace records by id; visible to searches after commit()."""
        batch = list(records)
        if not batch:
            return 0  # and no writer lock taken for nothing
        for record in batch:
            if not record.get("id"):
                raise ValueError(f"record without an id: {record.get('url')!r}")
        # Analyse before touching either store so a bad record fails the batch cleanly.
        docs = list(zip((r["id"] for r in batch), self.documents(batch), strict=True))
        with self._lock:
            writer = self._get_writer()
            written = self.store.upsert(batch)
            for article_id, doc in docs:
                # Delete-then-add is ordered by tantivy's opstamps, so the same id twice
                # in one batch keeps only the last version.
                writer.delete_documents_by_term(ix.ID_FIELD, article_id)
                writer.add_document(doc)
                self._dirty.add(article_id)
            self._pending = True
        return written

    def delete(self, article_ids: Iterable[str]) -> int:
        with self._lock:
            writer = self._get_writer()
            deleted = self.store.delete(article_ids)
            for article_id in deleted:
                writer.delete_documents_by_term(ix.ID_FIELD, article_id)
                self._dirty.add(article_id)
            if deleted:
                self._pending = True
        return len(deleted)

    # Writes wait in a SQLite transaction and the index writer until commit().
    durable_upserts = False

    def commit(self) -> None:
        """SQLite first (the truth), then the index. The journal lists the ids in
        between, so a process killed there is repaired by the next writer (journal.py)."""
        with self._lock:
            indexing = self._writer is not None and self._pending
            if indexing:
                self._journal.begin(self._dirty)
            self.store.commit()
            if self._writer is not None and indexing:
                self._writer.commit()
                self._index.reload()
                self._journal.end()
            self._pending = False
            self._dirty.clear()

    def reindex(self) -> int:
        """Drop every indexed document and index the SQLite store again."""
        with self._lock:
            self.commit()
            writer = self._get_writer()
            writer.delete_all_documents()
            count = self._add_all(writer)
            writer.commit()
            writer.garbage_collect_files()
            self._index.reload()
            self.version.write()
            self._journal.end()
        return count

    # -- reading ----------------------------------------------------------------

    def get(self, article_id: str) -> dict[str, Any] | None:
        return self.store.get(article_id)

    def get_many(self, article_ids: Iterable[str]) -> list[dict[str, Any]]:
        return self.store.get_many(article_ids)

    def count(self) -> int:
        return self.store.count()

    def iter_records(self) -> Iterator[dict[str, Any]]:
        return self.store.iter_records()

    def generation(self) -> Hashable | None:
        """A token that any commit, here or in another process, changes (front.generation)."""
        return generation(self.index_path, self.store)

    def fetched_since(self, since: datetime) -> list[dict[str, Any]]:
        """Records first seen at or after ``since`` (or with no readable ``fetched_at``), in
        the order a date-sorted search returns them: newest published first, undated last,
        ties in index order. A search's hits among them keep this order."""
        ids = self.store.ids_fetched_since(since)
        if not ids:
            return []
        self._index.reload()
        searcher = self._index.searcher()
        found = searcher.search(
            tantivy.Query.term_set_query(self._schema, ix.ID_FIELD, ids),
            len(ids),
            order_by_field=ix.PUBLISHED,
            order=tantivy.Order.Desc,
        )
        return self._records([searcher.doc(address)[ix.ID_FIELD][0] for _, address in found.hits])

    def search(self, query: SearchQuery) -> SearchResult:
        """Hits in rank order, the full match count and facet counts.

        Facet counts are computed over the documents matching the whole query,
        every filter included (the usual drill-down behaviour): with
        ``countries=("TH",)`` the country facet shows TH and the countries that
        co-occur with it, not the counts the other countries would have alone.
        With ``query.collapse`` the hits are one per story and ``total`` counts stories;
        facet counts still count articles. Full matches come before partial ones
        (stiwatch.search.tiers).
        """
        return search_in_tiers(query, self._search_tier)

    def _search_tier(self, query: SearchQuery, tier: Tier, skip_stories: tuple[str, ...]) -> SearchResult:
        concepts = self.concepts_indexed
        # Which documents match: facet counts, totals, date order. Relevance order needs
        # the scores as well (the same documents; see index.build_query).
        matching = ix.build_query(self._schema, query, tier, skip_stories, concepts=concepts, scored=False)
        ranking = matching
        if query.sort != "date" and (query.limit or query.collapse):
            ranking = ix.build_query(self._schema, query, tier, skip_stories, concepts=concepts)
        # Taken before the reload: counts kept under it are never older than it.
        generation = self.generation() if query.facets else None
        # Reloading costs ~0.1 ms when nothing changed and makes another process's
        # last commit visible at once (tantivy's own watcher lags by up to a second).
        self._index.reload()
        searcher = self._index.searcher()
        facets: dict[str, dict[str, int]] = {}
        hits: list[dict[str, Any]] = []
        if query.limit == 0 and not query.collapse:
            # Only counts (the partial tier's, stiwatch.search.tiers): one aggregation.
            facets, total = self._front.counted(searcher, matching, query, generation, total=True)
        else:
            if query.collapse:
                hits, total = self._collapsed(searcher, ranking, matching, query)
            else:
                hits, total = self._ranked(searcher, ranking, query)
            if query.facets:
                facets = self._front.counts(searcher, matching, query, generation)
        highlights: dict[str, str] = {}
        if query.highlight and query.text:
            # Shared with every backend (stiwatch.search.highlight), so snippets agree across them.
            highlights = highlights_for(hits, query.text, expand=query.expand)
        return SearchResult(total=total, hits=hits, facets=facets, highlights=highlights)

    def aggregate(self, query: SearchQuery, aggregations: dict[str, Any]) -> Aggregated:
        """Counts over the documents matching ``query`` (see stiwatch.search.aggregation)."""
        tq = ix.build_query(self._schema, query, concepts=self.concepts_indexed, scored=False)
        self._index.reload()
        searcher = self._index.searcher()
        # The match count comes from the same pass (aggregation names never start with _).
        raw = searcher.aggregate(tq, {**aggregations, ix.MATCHES: ix.MATCH_COUNT})
        total = ix.match_count(raw)
        return Aggregated(total=total, aggregations=normalise(aggregations, raw if total else {}))

    def _records(self, ids: list[str]) -> list[dict[str, Any]]:
        hits = self.store.get_many(ids)
        if len(hits) != len(ids):
            logger.warning(
                "%(n)d indexed article(s) missing from the store; run a reindex",
                {"n": len(ids) - len(hits)},
            )
        return hits

    def _ranked(
        self, searcher: tantivy.Searcher, tq: tantivy.Query, query: SearchQuery
    ) -> tuple[list[dict[str, Any]], int]:
        addresses, total = ix.top_addresses(searcher, tq, query, query.limit, query.offset)
        ids = [searcher.doc(address)[ix.ID_FIELD][0] for address in addresses]
        return self._records(ids), total

    def _collapsed(
        self, searcher: tantivy.Searcher, tq: tantivy.Query, matching: tantivy.Query, query: SearchQuery
    ) -> tuple[list[dict[str, Any]], int]:
        """One hit per story, the best-ranked version; ``total`` counts stories."""
        needed = query.offset + query.limit
        best: dict[str, str] = {}  # story id -> best article id, in rank order
        window = max(needed * 4, 64)
        while True:
            addresses, matched = ix.top_addresses(searcher, tq, query, window, 0)
            best.clear()
            for address in addresses:
                doc = searcher.doc(address)
                story = (doc[ix.STORY_FIELD] or doc[ix.ID_FIELD])[0]
                best.setdefault(story, doc[ix.ID_FIELD][0])
            if len(best) >= needed or window >= matched:
                break
            window *= 4
        stories = searcher.aggregate(matching, {"s": {"terms": {"field": ix.STORY_FIELD, "size": 1_000_000}}})
        total = len(stories.get("s", {}).get("buckets", [])) or len(best)
        page = list(best.items())[query.offset : needed]
        hits = self._records([article for _, article in page])
        for hit, (story, _) in zip(hits, page, strict=False):
            hit["versions"] = [v for v in self.story_versions(story) if v != hit["id"]]
        return hits, total

    def story_versions(self, story_id: str) -> list[str]:
        """Ids of every stored article of a story (the versions of one news item)."""
        if not story_id:
            return []
        self._index.reload()
        searcher = self._index.searcher()
        found = searcher.search(tantivy.Query.term_query(self._schema, ix.STORY_FIELD, story_id), 1000)
        return sorted(searcher.doc(address)[ix.ID_FIELD][0] for _, address in found.hits)

    def stats(self) -> dict[str, int]:
        """Article count, indexed document count and sizes on disk in bytes."""
        index_bytes = sum(p.stat().st_size for p in self.index_path.rglob("*") if p.is_file())
        return {
            "articles": self.count(),
            "indexed": int(self._index.searcher().num_docs),
            "index_bytes": index_bytes,
            "store_bytes": self.store.size_bytes(),
        }

    def close(self) -> None:
        """Commit pending writes, release the writer lock, close the store."""
        with self._lock:
            if self._pending or self.store.in_transaction:
                self.commit()
            self._release_writer()
            self.store.close()
            if not self._closed:  # the cache is shared: let go of it once
                self._closed = True
                self.tokens.close()

    def __enter__(self) -> EmbeddedBackend:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
