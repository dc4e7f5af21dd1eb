"""The index generation, and the facet counts of the unfiltered search kept until it changes.

Every visit to the search page without a query asks for them, and they count every
article: the slowest aggregation there is. They are kept under the backend's generation
(``EmbeddedBackend.generation``), which a commit here or in another process changes, so the
counts are never stale.
"""

from __future__ import annotations

from collections.abc import Hashable
from pathlib import Path
from typing import Any

import tantivy

from stiwatch.core.facets import FACETS
from stiwatch.search.backend import SearchQuery
from stiwatch.search.embedded import index as ix
from stiwatch.search.embedded.store import ArticleStore

Counts = dict[str, dict[str, int]]


def generation(index_path: Path, store: ArticleStore) -> Hashable | None:
    """A token that changes whenever a search could answer differently: a commit here or in
    another process replaces tantivy's ``meta.json`` (a new file, so a new inode) and moves
    the store's version. None when the index cannot be read. Taken before a search, it keys
    the answers kept for later (here, and stiwatch.deliver.web.answers): an answer is never
    older than its key."""
    try:
        meta = (index_path / "meta.json").stat()
    except OSError:
        return None
    return (meta.st_ino, meta.st_mtime_ns, meta.st_size, store.version())


class FrontFacets:
    """One cached answer: the unfiltered search's facet counts for one index state."""

    def __init__(self) -> None:
        self._kept: tuple[Any, Counts] | None = None

    def counts(
        self, searcher: tantivy.Searcher, tq: tantivy.Query, query: SearchQuery, generation: Hashable | None
    ) -> Counts:
        """Facet counts of ``query``'s matches (``tq``); the unfiltered search's are kept."""
        return self.counted(searcher, tq, query, generation, total=False)[0]

    def counted(
        self,
        searcher: tantivy.Searcher,
        tq: tantivy.Query,
        query: SearchQuery,
        generation: Hashable | None,
        *,
        total: bool,
    ) -> tuple[Counts, int]:
        """Facet counts of ``query``'s matches (``tq``) and, with ``total``, how many there
        are (else 0), from one aggregation: a page of no hits needs no ranked search."""
        key = self.key(generation, query) if query.facets else None
        facets = self.get(key)
        aggregations = {ix.MATCHES: ix.MATCH_COUNT} if total else {}
        if facets is None and query.facets:
            aggregations.update(ix.facet_aggregation(query.facets, query.mentions))
        aggregated = searcher.aggregate(tq, aggregations) if aggregations else {}
        if facets is None:
            facets = ix.facet_counts(aggregated, query.facets, query.facet_size)
            self.put(key, facets)
        return facets, ix.match_count(aggregated)

    def key(self, generation: Hashable | None, query: SearchQuery) -> Any:
        """What identifies the counts of ``query`` at ``generation`` (taken before the
        search), or None: a query that filters anything, an unreadable index."""
        if generation is None or query.text.strip() or query.since or query.until:
            return None
        if any(getattr(query, facet.query) for facet in FACETS) or query.partners:
            return None
        return (
            generation,
            query.facets,
            query.facet_size,
            query.mentions,
        )

    def get(self, key: Any) -> Counts | None:
        if key is None or self._kept is None or self._kept[0] != key:
            return None
        return {name: dict(counts) for name, counts in self._kept[1].items()}

    def put(self, key: Any, counts: Counts) -> None:
        if key is not None:
            self._kept = (key, {name: dict(c) for name, c in counts.items()})
