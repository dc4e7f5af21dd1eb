"""Percolation: one batch of new articles matched against many saved searches at once.

An alert run used to search the whole index once per subscription, so its cost followed
the number of matches in the index. The percolator turns that round: the articles first
seen since the earliest due delivery are read once (``SearchBackend.fetched_since``, in
the order of a date-sorted search), put in a small in-memory tantivy index built with the
embedded backend's own documents, and each subscription's ``SearchQuery``, compiled by the
embedded backend's own ``build_query``, runs against that batch. A query therefore means
exactly what it means in a search (concept expansion, phrases, folded Vietnamese, facet
filters, the date window, full matches before partial ones), and the cost follows the size of the batch, not of the index.
A concept is looked up by its key (stiwatch.search.concepts): the batch is indexed by this
process, so its concept keys are always the running taxonomy's.

This is what Elasticsearch's percolator does inside (an in-memory index of the documents,
the stored queries run against it); the same matcher serves both backends, because the
conformance suite holds them to the same hits for the same query.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

import tantivy

from stiwatch.search.backend import SearchQuery
from stiwatch.search.embedded import index as ix
from stiwatch.search.tiers import Tier, has_tiers

# tantivy's indexing buffer for one batch; a larger batch is written in several segments
# (positions are mapped per document, so that changes nothing).
_HEAP_BYTES = 64_000_000


class BatchMatcher:
    """The records of one batch, searchable by any number of queries.

    Args:
        records: the batch, in the order matches are returned in (a date-sorted search's).
        known: tokens already analysed, ``text -> joined tokens`` (stiwatch.core.tokencache).
    """

    def __init__(self, records: list[dict[str, Any]], known: Mapping[str, str] | None = None) -> None:
        self.records = records
        self._schema = ix.build_schema()
        self._index = tantivy.Index(self._schema)  # in memory
        writer = self._index.writer(heap_size=_HEAP_BYTES, num_threads=1)
        for record in records:
            # Only which documents match matters here, never their score.
            writer.add_document(ix.make_document(record, known, ranking=False))
        writer.commit()
        writer.wait_merging_threads()
        self._index.reload()
        self._searcher = self._index.searcher()
        position = {str(r["id"]): i for i, r in enumerate(records)}
        self._positions: dict[tuple[int, int], int] = {}
        if records:
            found = self._searcher.search(tantivy.Query.all_query(), len(records))
            for _, address in found.hits:
                article_id = self._searcher.doc(address)[ix.ID_FIELD][0]
                self._positions[(address.segment_ord, address.doc)] = position[article_id]
        self._cache: dict[SearchQuery, list[int]] = {}

    def __len__(self) -> int:
        return len(self.records)

    def positions(self, query: SearchQuery) -> list[int]:
        """Positions in the batch of the records ``query`` matches, ascending (paging,
        sort and facets of the query play no part); for a query with a partial tier
        (stiwatch.search.tiers), the full matches' positions, then the partial ones', as a
        search lists them. Equal queries are answered once."""
        key = replace(query, limit=1, offset=0, facets=(), sort="date", highlight=False, collapse=False)
        cached = self._cache.get(key)
        if cached is not None:
            return cached
        found: list[int] = []
        if self.records:
            tiers: tuple[Tier, ...] = ("full", "partial") if has_tiers(key) else ("full",)
            for tier in tiers:
                # The batch was indexed just now, with this process's concept keys.
                compiled = ix.build_query(self._schema, key, tier, concepts=True, scored=False)
                hits = self._searcher.search(compiled, len(self.records)).hits
                found += sorted(self._positions[(address.segment_ord, address.doc)] for _, address in hits)
        self._cache[key] = found
        return found

    def matches(self, query: SearchQuery) -> list[dict[str, Any]]:
        """The records ``query`` matches, in batch order."""
        return [self.records[p] for p in self.positions(query)]
