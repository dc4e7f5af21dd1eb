"""The facet counts of the unfiltered search, kept until the index changes.

Every visit to the search page without a query asks for them, and they count every
article: the slowest aggregation there is. They are kept under the backend's generation
(``EmbeddedBackend.generation``), which a commit here or in another process changes, so the
counts are never stale.
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import Any

from stiwatch.core.facets import FACETS
from stiwatch.search.backend import SearchQuery

Counts = dict[str, dict[str, int]]


class FrontFacets:
    """One cached answer: the unfiltered search's facet counts for one index state."""

    def __init__(self) -> None:
        self._kept: tuple[Any, Counts] | None = None

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
