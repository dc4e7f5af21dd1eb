"""The Article record: the one contract between the crawler, the pipelines and search.

Spiders create an ``Article`` holding the raw page (``html``); the pipeline stages
fill the remaining fields in order; the store stage persists ``to_record()``,
which leaves out the transient fields (raw HTML and the stage hand-offs).

What one stage hands to a later one about the same article, and what is never stored,
travels in ``article.handoff``: a :class:`Handoff` with one typed field per fact
(docs/architecture.md lists who writes and who reads each).
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

from w3lib.url import canonicalize_url

# Fields that live only while an article travels through the pipelines.
TRANSIENT_FIELDS = ("html", "handoff")

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
    "mentions",
    "source_url",
    "translations",
    "fetched_at",
    "errors",
    "tag_evidence",
    "metadata",
    "content_hash",
    "story_id",
    "revision",
    # Documents (PDF, Word) and the pages that link them.
    "content_type",
    "attachment_of",
    "attachments",
)

# The content type of an article read from a web page; documents carry their own.
HTML = "text/html"

# What the dedupe stage found: first time seen, text changed, or the same text again.
Status = Literal["new", "updated", "unchanged"]


def canonical_url(url: str) -> str:
    """Canonical form of an article URL: sorted query, no fragment, http(s) kept."""
    return canonicalize_url(url.strip(), keep_fragments=False)


def article_id(url: str) -> str:
    """Stable article id derived from the canonical URL (16 hex chars of SHA-256)."""
    return hashlib.sha256(canonical_url(url).encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True)
class StoryLink:
    """Why an article joined a story: ``kind`` is source, copy, near-duplicate,
    translation or new; ``other`` the article it was linked to; ``score`` the similarity."""

    story_id: str
    kind: str
    other: str
    score: float = 1.0


@dataclass
class Handoff:
    """Facts one stage leaves for later ones about the same article; never stored.

    Set where the page is decoded (the spider, or ``Processor`` without Scrapy):
    ``encoding``, ``truncated``; by discovery: ``discovered_date`` (what the feed or
    sitemap gave for the URL, the last resort of the dates stage) and ``discovered_url``
    (the link before redirects: the crawl state's key). By extract: ``page_date`` (ISO
    date from page metadata, or None), ``page_date_machine`` (the page carries
    machine-readable date metadata, so ``page_date`` is trusted), ``page_date_guess``
    (htmldate's answer without such metadata), ``html_lang`` (``<html lang>`` or
    content-language), ``header_text`` (text near the title, where datelines live),
    ``html_source`` (``(url, name)`` of a source line read from the HTML). By clean:
    ``text_index`` (the text with Thai digits as Arabic ones). By dedupe: ``status``,
    ``story_link`` and ``store_checked``. For documents, by the spider: ``document`` (the
    bytes) and ``document_format``; by the document stage: ``document_date``,
    ``document_date_from`` and ``document_ocr``.
    """

    encoding: str = ""
    truncated: bool = False
    discovered_date: str | None = None
    discovered_url: str | None = None
    page_date: str | None = None
    page_date_machine: bool = True
    page_date_guess: str | None = None
    html_lang: str | None = None
    header_text: str = ""
    html_source: tuple[str | None, str | None] | None = None
    text_index: str = ""
    status: Status | None = None
    story_link: StoryLink | None = None
    # False when the dedupe stage could not ask the store (it was down): ``status`` and the
    # story are then a guess, and the store stage spools the record for reconciliation.
    store_checked: bool = True
    # A document (PDF, .docx) still to be read: its bytes and format (``pdf``, ``docx``),
    # set by the spider or ``Processor``; the document stage turns them into text.
    document: bytes = b""
    document_format: str = ""
    # What the document stage read: the date its metadata gives and which metadata that
    # was (``pdf-metadata``, ``docx-metadata``); whether the text came from OCR.
    document_date: str | None = None
    document_date_from: str | None = None
    document_ocr: bool = False


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
    # Everything the article names, per tag facet field (countries, agencies, themes):
    # the tags above are what it is about, these also what it only mentions.
    mentions: dict[str, list[str]] = field(default_factory=dict)
    source_url: str | None = None
    translations: dict[str, dict[str, str]] = field(default_factory=dict)
    errors: list[dict[str, str]] = field(default_factory=list)
    # Per facet field, why each id was matched: {"id", "alias", "where", "salience", ...}.
    tag_evidence: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    metadata: dict[str, Any] = field(default_factory=dict)
    content_hash: str = ""
    story_id: str = ""
    # 1 when first stored; +1 each time a re-crawl finds the text changed (pipelines/dedupe.py).
    revision: int = 1
    # "text/html" for web pages, "application/pdf" and the Word type for documents.
    content_type: str = HTML
    # A document: the page that links it (article or listing page), when it was found on one.
    attachment_of: str | None = None
    # A page: the documents it links, ``[{"url", "id", "format", "text"}]`` (link text).
    attachments: list[dict[str, str]] = field(default_factory=list)
    # Stage-to-stage facts (the extractor's metadata date, <html lang>, ...); never stored.
    handoff: Handoff = field(default_factory=Handoff)

    def __post_init__(self) -> None:
        if not self.id:
            self.id = article_id(self.url)

    def add_error(self, stage: str, kind: str, message: str) -> None:
        """Record an enrichment problem on the article instead of raising."""
        self.errors.append({"stage": stage, "kind": kind, "message": message})

    @property
    def is_document(self) -> bool:
        """A PDF or Word document rather than a web page."""
        return self.content_type != HTML

    def to_record(self) -> dict[str, Any]:
        """The stored/serialised form: every record field, no transient ones."""
        data = asdict(self)
        return {name: data[name] for name in RECORD_FIELDS}

    @classmethod
    def from_record(cls, record: dict[str, Any]) -> Article:
        """Rebuild an article from a stored record (unknown keys are ignored)."""
        known = {k: v for k, v in record.items() if k in RECORD_FIELDS}
        return cls(**known)
