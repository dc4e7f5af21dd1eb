"""Stored records asked for in batches, for the articles a worker is about to process.

The dedupe stage compares each article with its stored version. Asked one by one, that
is a round trip to the search backend per article: on Elasticsearch the worker waits on
it, and the cluster answers thousands of one-id requests per crawl. The stage is told
instead about every article request that reaches this worker's downloader (the pages
whose text it will process in a moment); when an article needs its stored record, the
records of the requests in flight are fetched with it, in one ``get_many``.

An answer is as fresh as the moment it was fetched, seconds before the article is
processed. Within one crawl nothing else writes a page this worker is fetching (the
shared duplicate filter hands each page to one worker), and a page redirected to another
URL is simply asked for on its own.
"""

from __future__ import annotations

from itertools import islice
from typing import Any

from stiwatch.core.article import article_id
from stiwatch.core.store import RecordStore

# Ids asked for together: what is in flight on one worker (16 requests by default), with
# room to spare.
BATCH = 50
# Answers and announced ids kept at most (requests that failed are never processed).
KEEP = 2_000
# Request kinds whose response becomes an article (feeds and listings do not).
ARTICLE_KINDS = frozenset({"article", "document"})


class StoredLookahead:
    """``get(id)``: the stored record of ``id`` or None, fetched along with the records of
    the articles announced by :meth:`expect`."""

    def __init__(self, store: RecordStore, batch: int = BATCH) -> None:
        self.store = store
        self.batch = max(1, batch)
        self._expected: dict[str, None] = {}  # ordered set: announced, not yet fetched
        self._answers: dict[str, dict[str, Any] | None] = {}

    def expect(self, url: str) -> None:
        """An article at ``url`` will be processed soon."""
        key = article_id(url)
        if key in self._answers or key in self._expected:
            return
        self._expected[key] = None
        if len(self._expected) > KEEP:
            del self._expected[next(iter(self._expected))]

    def expect_request(self, request: Any, spider: Any = None) -> None:
        """Scrapy's ``request_reached_downloader`` handler."""
        if request.meta.get("kind") in ARTICLE_KINDS:
            self.expect(request.url)

    def get(self, key: str) -> dict[str, Any] | None:
        """The stored record of article ``key``.

        Raises:
            BackendUnavailable: the store could not be asked (nothing is remembered then).
        """
        if key in self._answers:
            return self._answers.pop(key)
        self._expected.pop(key, None)
        others = list(islice(self._expected, self.batch - 1))
        wanted = [key, *others]
        records = self.store.get_many(wanted)
        found = {str(r.get("id")): r for r in records}
        for other in others:
            del self._expected[other]
            self._answers[other] = found.get(other)
        while len(self._answers) > KEEP:
            del self._answers[next(iter(self._answers))]
        return found.get(key)
