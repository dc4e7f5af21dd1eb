"""Other versions of the same story (reposts, syndicated copies) for the article page."""

from __future__ import annotations

from typing import Any

from stiwatch.search.backend import SearchBackend, SearchQuery

MAX_VERSIONS = 20


def other_versions(backend: SearchBackend, record: dict[str, Any]) -> list[dict[str, Any]]:
    """Records sharing ``record``'s story_id, newest first, the record itself left out.

    A backend may offer ``story_versions(story_id)`` (the ids); otherwise the records found by
    the title (copies share their words) are kept when their story_id matches, which
    works on every backend through the common search protocol.
    """
    story = record.get("story_id")
    if not story:
        return []
    finder = getattr(backend, "story_versions", None)
    if callable(finder):
        ids = [i for i in finder(story) if i != record.get("id")]
        found = backend.get_many(ids[: MAX_VERSIONS * 5])
    else:
        title = str(record.get("title") or "")[:300]
        if not title.strip():
            return []
        found = backend.search(SearchQuery(text=title, limit=200, facets=())).hits
    out = [r for r in found if r.get("story_id") == story and r.get("id") != record.get("id")]
    out.sort(key=lambda r: str(r.get("published") or ""), reverse=True)
    return out[:MAX_VERSIONS]
