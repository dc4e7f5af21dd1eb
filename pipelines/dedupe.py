"""Dedupe stage: content hash, new/updated/unchanged status and story linking.

An article whose id (canonical URL) is already stored with the same content hash is
``unchanged`` and is not written again; with a different hash it is ``updated`` in
place. Every article gets a ``story_id`` shared by the versions of the same news:
copies and reposts, near-duplicates on other sites, and translations
(``stiwatch.pipelines.stories``). A story id, once stored, does not change. Stored
records come from the crawl's record store (``PipelineContext.store``).

While the store is down (a remote backend in an outage) nothing can be compared: the
article goes on as ``new`` with ``handoff.store_checked`` false, linked to a story among
what this crawl has seen, and the store stage spools it; replaying the spool compares it
with the store then (``stiwatch.pipelines.reconcile``), so nothing is stored twice.
"""

from __future__ import annotations

import hashlib
import logging
import re
import time
from typing import Any, ClassVar

from scrapy import signals

from stiwatch.core.article import Article
from stiwatch.core.store import BackendUnavailable, RecordStore
from stiwatch.pipelines.base import PipelineContext, StagePipeline
from stiwatch.pipelines.lookahead import StoredLookahead
from stiwatch.pipelines.stories import StoryIndex

logger = logging.getLogger(__name__)

_SPACE = re.compile(r"\s+")
# After the store failed to give the stored stories, how long to wait before asking again.
STORIES_RETRY_SECONDS = 30.0


def content_hash(title: str, text: str) -> str:
    """Hash of the normalised title and text: whitespace and case do not matter."""
    norm = _SPACE.sub(" ", f"{title}\n{text}").strip().lower()
    return hashlib.sha256(norm.encode("utf-8")).hexdigest()[:32]


class DedupeStage:
    """Sets content_hash, story_id and ``handoff.status`` (new, updated or unchanged);
    ``handoff.story_link`` says how the story was found (source, copy, near-duplicate,
    translation or new) and with which article.

    Settings: ``STORIES_ENABLED`` (default true) links versions by similarity; without
    it only the stored story id or the article's own id is used.
    """

    name: ClassVar[str] = "dedupe"

    def __init__(self, context: PipelineContext) -> None:
        self.store: RecordStore | None = context.store
        # Stored versions fetched in batches with those of the articles in flight.
        self.lookahead = StoredLookahead(self.store) if self.store is not None else None
        self.tokens = context.tokens
        self.enabled = bool(context.setting("STORIES_ENABLED", True))
        self._stories: StoryIndex | None = None
        # The index holds every stored story (False while the store could not be read).
        self._complete = False
        self._retry_at = 0.0

    @property
    def stories(self) -> StoryIndex:
        """Filled from the stored articles on first use (one pass over the store); while
        the store is down, only what this crawl has seen, refilled once it answers."""
        if self._stories is None or (not self._complete and time.monotonic() >= self._retry_at):
            self._fill_stories()
        assert self._stories is not None
        return self._stories

    def _fill_stories(self) -> None:
        try:
            records = self.store.iter_records() if self.store is not None else iter(())
            self._stories = StoryIndex.from_records(records, tokens=self.tokens)
            self._complete = True
            logger.info("story index: %(n)d stored articles", {"n": len(self._stories)})
        except BackendUnavailable as exc:
            if self._stories is None:
                self._stories = StoryIndex(tokens=self.tokens)
            self._complete = False
            self._retry_at = time.monotonic() + STORIES_RETRY_SECONDS
            logger.info("stored stories unavailable, links are checked later: %(e)s", {"e": exc})

    def _stored(self, article_id: str) -> tuple[dict[str, Any] | None, bool]:
        """(the stored record or None, whether the store could be asked)."""
        if self.lookahead is None:
            return None, True
        try:
            return self.lookahead.get(article_id), True
        except BackendUnavailable:
            return None, False

    def __call__(self, article: Article) -> Article:
        article.content_hash = content_hash(article.title, article.text)
        existing, checked = self._stored(article.id)
        if not checked:
            # Unknown, not new: the spool replay compares it with the store.
            article.handoff.store_checked = False
            article.handoff.status = "new"
        elif existing is None:
            article.handoff.status = "new"
        elif existing.get("content_hash") == article.content_hash:
            article.handoff.status = "unchanged"
        else:
            article.handoff.status = "updated"
            # Updated in place, not duplicated: the record counts its revisions.
            article.revision = int(existing.get("revision") or 1) + 1
        if existing is not None and existing.get("story_id"):
            article.story_id = existing["story_id"]
            if self.enabled:
                self.stories.add(_story_record(article))
            return article
        if not self.enabled:
            article.story_id = article.id
            return article
        link = self.stories.assign(_story_record(article))
        article.story_id = link.story_id
        article.handoff.story_link = link
        if not self._complete:
            article.handoff.store_checked = False  # linked without the stored stories
        return article


def _story_record(article: Article) -> dict[str, Any]:
    """The fields story linking reads (cheaper than ``to_record``, which copies the html)."""
    return {
        "id": article.id,
        "story_id": article.story_id,
        "language": article.language,
        "text": article.text,
        "translations": article.translations,
        "content_hash": article.content_hash,
        "source_url": article.source_url,
    }


class DedupePipeline(StagePipeline):
    stage_class = DedupeStage

    @classmethod
    def from_crawler(cls, crawler: Any) -> StagePipeline:
        pipeline = super().from_crawler(crawler)
        stage = pipeline.stage
        if isinstance(stage, DedupeStage) and stage.lookahead is not None:
            # Each article request this worker is about to fetch is announced to the lookahead.
            crawler.signals.connect(stage.lookahead.expect_request, signal=signals.request_reached_downloader)
        return pipeline
