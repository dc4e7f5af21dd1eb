"""Running a search for the web: highlights added, backend-made or our own.

A backend that supports ``SearchQuery.highlight`` returns snippets itself; they are
re-escaped here (only ``<mark>`` survives), so a backend bug cannot inject markup.
Hits it gave no snippet for get one from :mod:`stiwatch.deliver.web.highlight`.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from markupsafe import Markup

from stiwatch.deliver.web.highlight import Highlighter, safe_snippet
from stiwatch.search.backend import SearchBackend, SearchQuery, SearchResult


def run_search(backend: SearchBackend, query: SearchQuery) -> tuple[SearchResult, dict[str, Markup]]:
    """The result and a safe snippet per hit id (the first part of the text when no term matched)."""
    fields = {f.name for f in dataclasses.fields(query)}
    if "highlight" in fields and query.text:
        query = dataclasses.replace(query, highlight=True)
    result = backend.search(query)
    given: dict[str, Any] = dict(getattr(result, "highlights", None) or {})
    highlighter = Highlighter.for_query(query.text, expand=getattr(query, "expand", True))
    snippets: dict[str, Markup] = {}
    for hit in result.hits:
        snippet = given.get(hit["id"])
        if isinstance(snippet, str) and snippet.strip():
            snippets[hit["id"]] = safe_snippet(snippet)
        else:
            snippets[hit["id"]] = highlighter.snippet(str(hit.get("text") or ""))
    return result, snippets
