"""The Article record: the one contract between the crawler, the pipelines and search.

Spiders create an ``Article`` holding the raw page (``html``); the pipeline stages
fill the remaining fields in order; the store stage persists ``to_record()``,
which leaves out the transient fields (raw HTML and the stage scratch space).
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from typing import Any

from w3lib.url import canonicalize_url

# Fields that live only while an article travels through the pipelines.
TRANSIENT_FIELDS = ("html", "meta")

# Fields a stored record has, in display order (documented in README.md, "The article record").
RECORD_FIELDS = (
    "id",
    "url",
    "source",
    "title",
    "text",
    "language",
    "published",
    "published_from",
    "countries",
    "agencies",
    "themes",
    "cooperation",
    "forums",
    "source_url",
    "translations",
    "fetched_at",
    "errors",
    "tag_evidence",
    "metadata",
    "content_hash",
    "story_id",
    "revision",
)


def canonical_url(url: str) -> str:
    """Canonical form of an article URL: sorted query, no fragment, http(s) kept."""
    return canonicalize_url(url.strip(), keep_fragments=False)


def article_id(url: str) -> str:
    """Stable article id derived from the canonical URL (16 hex chars of SHA-256)."""
    return hashlib.sha256(canonical_url(url).encode("utf-8")).hexdigest()[:16]


@dataclass
class Article:
    """One news article as it travels through the pipelines and into search."""

    url: str
    source: str
    html: str = ""
    fetched_at: str = ""
    id: str = ""
    title: str = ""
    text: str = ""
    language: str = ""
    published: str | None = None
    published_from: str | None = None
    countries: list[str] = field(default_factory=list)
    agencies: list[str] = field(default_factory=list)
    themes: list[str] = field(default_factory=list)
    # Cooperation types (mou, joint-committee, ...) and forums (COSTI-84, SCIRD-59).
    cooperation: list[str] = field(default_factory=list)
    forums: list[str] = field(default_factory=list)
    source_url: str | None = None
    translations: dict[str, dict[str, str]] = field(default_factory=dict)
    errors: list[dict[str, str]] = field(default_factory=list)
    tag_evidence: dict[str, list[dict[str, str]]] = field(default_factory=dict)
    metadata: dict[str, Any] = field(default_factory=dict)
    content_hash: str = ""
    story_id: str = ""
    # 1 when first stored; +1 each time a re-crawl finds the text changed (pipelines/store.py).
    revision: int = 1
    # Scratch space for stages (e.g. the extractor's metadata date, the language
    # of the page declared in <html lang>); never stored.
    meta: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not self.id:
            self.id = article_id(self.url)

    def add_error(self, stage: str, kind: str, message: str) -> None:
        """Record an enrichment problem on the article instead of raising."""
        self.errors.append({"stage": stage, "kind": kind, "message": message})

    def to_record(self) -> dict[str, Any]:
        """The stored/serialised form: every record field, no transient ones."""
        data = asdict(self)
        return {name: data[name] for name in RECORD_FIELDS}

    @classmethod
    def from_record(cls, record: dict[str, Any]) -> Article:
        """Rebuild an article from a stored record (unknown keys are ignored)."""
        known = {k: v for k, v in record.items() if k in RECORD_FIELDS}
        return cls(**known)
