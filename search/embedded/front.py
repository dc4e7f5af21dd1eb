"""The facet counts of the unfiltered search, kept until the index changes.

Every visit to the search page without a query asks for them, and they count every
article: the slowest aggregation there is. A commit (in this process or another) replaces
tantivy's ``meta.json``, which changes the key, so the counts are never stale.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from stiwatch.core.facets import FACETS
from stiwatch.search.backend import SearchQuery

Counts = dict[str, dict[str, int]]


class FrontFacets:
    """One cached answer: the unfiltered search's facet counts for one index state."""

    def __init__(self, index_path: Path) -> None:
        self.index_path = index_path
        self._kept: tuple[Any, Counts] | None = None

    def key(self, num_docs: int, query: SearchQuery) -> Any:
        """What identifies the counts now, or None for a query that filters anything."""
        if query.text.strip() or query.since or query.until:
            return None
        if any(getattr(query, facet.query) for facet in FACETS) or query.partners:
            return None
        try:
            # tantivy replaces meta.json on every commit (a new file, so a new inode).
            meta = (self.index_path / "meta.json").stat()
        except OSError:
            return None
        return (
            meta.st_ino,
            meta.st_mtime_ns,
            meta.st_size,
            num_docs,
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
