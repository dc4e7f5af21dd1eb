"""Answers of ``GET /api/search`` kept for the searches that repeat, until the index changes.

A monitoring desk asks the same few searches again and again (the front page, a saved
search, a shared link), as Elasticsearch's request cache assumes too. The encoded JSON of
an answer is kept under the backend's *generation* taken before the search ran
(``EmbeddedBackend.generation``: a commit here or in another process changes it), so an
answer is never served once the index has moved on. A backend without a generation (an
Elasticsearch cluster, which has its own request cache) is never cached here.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Hashable
from dataclasses import dataclass, field

from stiwatch.search.backend import SearchBackend

# An answer larger than this is not kept (a page of 100 long records): memory stays bounded
# by entries x this, and such pages are rare.
MAX_ANSWER_BYTES = 1_000_000


def generation_of(backend: SearchBackend) -> Hashable | None:
    """The backend's generation token, or None when it has none (then nothing is kept)."""
    generation = getattr(backend, "generation", None)
    return generation() if callable(generation) else None


@dataclass
class AnswerCache:
    """The last ``entries`` answers used, by request, for the newest generation seen; answers
    of an older generation are dropped when a newer one is first stored. 0 entries keeps none.

    Shared by the server's threads (FastAPI runs the search endpoint in a thread pool).
    """

    entries: int
    hits: int = 0
    misses: int = 0
    _generation: Hashable | None = None
    _kept: OrderedDict[Hashable, bytes] = field(default_factory=OrderedDict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def __post_init__(self) -> None:
        self.entries = max(0, self.entries)  # a negative setting keeps none, as 0 does

    def get(self, generation: Hashable | None, request: Hashable) -> bytes | None:
        if generation is None or not self.entries:
            return None
        with self._lock:
            body = self._kept.get(request) if generation == self._generation else None
            if body is None:
                self.misses += 1
                return None
            self._kept.move_to_end(request)
            self.hits += 1
            return body

    def put(self, generation: Hashable | None, request: Hashable, body: bytes) -> None:
        if generation is None or not self.entries or len(body) > MAX_ANSWER_BYTES:
            return
        with self._lock:
            if generation != self._generation:
                # The index changed (or a search that began before the change ends now:
                # its answer replaces the newer ones, which only costs them a search again).
                self._kept.clear()
                self._generation = generation
            self._kept[request] = body
            self._kept.move_to_end(request)
            while len(self._kept) > self.entries:
                self._kept.popitem(last=False)  # the least recently used

    def __len__(self) -> int:
        return len(self._kept)
