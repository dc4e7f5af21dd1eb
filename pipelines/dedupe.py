"""Dedupe stage: content hash, new/updated/unchanged status and story grouping.

An article whose id (canonical URL) is already stored with the same content hash is
``unchanged`` and is not written again; with a different hash it is ``updated`` in
place. Exact copies of the same text under different URLs (syndicated releases)
share a ``story_id``. Near-duplicate and cross-language stories come later.
"""

from __future__ import annotations

import hashlib
import re
from typing import Any, ClassVar

from crawler.items import Article
from pipelines.base import PipelineContext, StagePipeline

_SPACE = re.compile(r"\s+")


def content_hash(title: str, text: str) -> str:
    """Hash of the normalised title and text: whitespace and case do not matter."""
    norm = _SPACE.sub(" ", f"{title}\n{text}").strip().lower()
    return hashlib.sha256(norm.encode("utf-8")).hexdigest()[:32]


class DedupeStage:
    """Sets content_hash, story_id and meta["status"] (new, updated or unchanged)."""

    name: ClassVar[str] = "dedupe"

    def __init__(self, context: PipelineContext) -> None:
        self.backend: Any = context.setting("STIWATCH_BACKEND")
        # Text hash -> story id for copies seen in this run (syndication).
        self._stories: dict[str, str] = {}

    def __call__(self, article: Article) -> Article:
        article.content_hash = content_hash(article.title, article.text)
        existing = self.backend.get(article.id) if self.backend is not None else None
        if existing is None:
            article.meta["status"] = "new"
        elif existing.get("content_hash") == article.content_hash:
            article.meta["status"] = "unchanged"
        else:
            article.meta["status"] = "updated"
        if existing is not None and existing.get("story_id"):
            article.story_id = existing["story_id"]
        else:
            article.story_id = self._stories.get(article.content_hash, article.id)
        self._stories.setdefault(article.content_hash, article.story_id)
        return article


class DedupePipeline(StagePipeline):
    stage_class = DedupeStage
