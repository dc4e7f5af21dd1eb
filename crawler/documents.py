"""Documents on the web (PDF, Word and the rest): what a response is, which links lead to one.

``sniff_format`` names a body's format from its first bytes (a server's Content-Type is
the fallback: ministries serve PDFs as ``application/octet-stream`` and pages as
``application/pdf``); ``format_of_url`` guesses it from a link's extension, which is
all discovery has. Only ``pdf`` and ``docx`` are read (``READABLE``); every other
document format is recorded as ``unsupported-format`` for its source, never dropped
silently.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import PurePosixPath
from urllib.parse import urldefrag, urljoin, urlparse

from stiwatch.core.article import article_id
from stiwatch.crawler.registry import Source

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
# Formats read into articles, with the content type their records carry.
READABLE = {"pdf": "application/pdf", "docx": DOCX_TYPE}
# The mark search results, article pages and digests put on a document.
LABELS = {"application/pdf": "PDF", DOCX_TYPE: "Word"}


def document_label(content_type: object) -> str | None:
    """ "PDF" or "Word" for a document's content type; None for a web page."""
    return LABELS.get(str(content_type or ""))


# Link extensions that name a document, and the format each one is.
EXTENSIONS = {
    ".pdf": "pdf",
    ".docx": "docx",
    ".doc": "doc",
    ".rtf": "rtf",
    ".odt": "odt",
    ".xls": "xls",
    ".xlsx": "xlsx",
    ".ods": "ods",
    ".ppt": "ppt",
    ".pptx": "pptx",
    ".odp": "odp",
}
_CONTENT_TYPES = {
    "application/pdf": "pdf",
    "application/x-pdf": "pdf",
    DOCX_TYPE: "docx",
    "application/msword": "doc",
    "application/rtf": "rtf",
    "text/rtf": "rtf",
    "application/vnd.oasis.opendocument.text": "odt",
    "application/vnd.ms-excel": "xls",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
    "application/vnd.ms-powerpoint": "ppt",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": "pptx",
}
# Inside an Office Open XML or OpenDocument zip, the part that tells the format.
_ZIP_PARTS = (("word/document.xml", "docx"), ("xl/workbook.xml", "xlsx"), ("ppt/presentation.xml", "pptx"))
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# Links in a page's content: menus, headers, footers and sidebars link the same files
# (an annual report, a form) from every page, and those are no page's attachments.
_CHROME = " or ".join(
    [f"self::{tag}" for tag in ("nav", "header", "footer", "aside")]
    + [
        f"contains(@{attr}, '{word}')"
        for attr in ("class", "id")
        for word in ("menu", "footer", "sidebar", "widget")
    ]
)
CONTENT_LINKS = f"//a[@href][not(ancestor::*[not(self::body or self::html) and ({_CHROME})])]"


def format_of_url(url: str) -> str | None:
    """The document format a link's extension names (``pdf``, ``docx``, ``doc``, ...), or None."""
    return EXTENSIONS.get(PurePosixPath(urlparse(url).path).suffix.lower())


def _zip_format(body: bytes) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            names = set(archive.namelist())
            for part, fmt in _ZIP_PARTS:
                if part in names:
                    return fmt
            if "mimetype" in names:
                kind = archive.read("mimetype").decode("ascii", "replace").strip()
                return {"text": "odt", "spreadsheet": "ods", "presentation": "odp"}.get(
                    kind.rsplit(".", 1)[-1], "zip"
                )
    except (zipfile.BadZipFile, KeyError, OSError, ValueError):
        return "zip"
    return "zip"


def sniff_format(body: bytes, content_type: str | None = None, url: str = "") -> str | None:
    """The document format of a response (``pdf``, ``docx``, ``doc``, ...), or None for a web page.

    The bytes decide when they can (a PDF signature may follow some junk, as readers allow);
    a legacy Office file (OLE) takes its kind from the Content-Type or the extension.
    """
    head = body[:1024]
    if b"%PDF-" in head:
        return "pdf"
    if body.startswith(b"PK\x03\x04"):
        return _zip_format(body)
    declared = _CONTENT_TYPES.get((content_type or "").split(";", 1)[0].strip().lower())
    if body.startswith(_OLE_MAGIC):
        by_url = format_of_url(url)
        return declared or (by_url if by_url in ("doc", "xls", "ppt") else "doc")
    if body.startswith(b"{\\rtf"):
        return "rtf"
    if declared and declared != "pdf":
        return declared
    return None


def _base_domain(host: str) -> str:
    return host[4:] if host.startswith("www.") else host


def on_source_hosts(url: str, source: Source) -> bool:
    """The link's host is one of the source's, or a subdomain of its base site."""
    host = urlparse(url).hostname or ""
    bases = {_base_domain(d) for d in source.domains}
    return any(host == b or host.endswith("." + b) for b in bases)


def is_document_url(url: str, source: Source) -> bool:
    """A link to a document this source's crawl may fetch.

    The source's ``article.deny`` and ``documents.deny`` patterns exclude; ``documents.allow``
    patterns, when given, include; otherwise any link with a document extension on the
    source's own hosts is one. ``documents.enabled: false`` turns documents off.
    """
    rules = source.documents
    if not rules.enabled or urlparse(url).scheme not in ("http", "https"):
        return False
    if any(p.search(url) for p in (*source.deny, *rules.deny)):
        return False
    if rules.allow:
        return any(p.search(url) for p in rules.allow)
    return format_of_url(url) is not None and on_source_hosts(url, source)


def _stem(url: str) -> str:
    """The address without its query, fragment and file extension."""
    parts = urlparse(url)
    path = PurePosixPath(parts.path)
    return f"{parts.netloc}{path.parent / path.stem}"


def page_source(url: str) -> Source:
    """A stand-in source for a page from outside the registry: its own host's documents."""
    host = urlparse(url).hostname or "localhost"
    return Source(id="manual", name=host, country="", agency=None, languages=(), base_url=f"https://{host}/")


@dataclass(frozen=True)
class DocumentLink:
    """A document linked from a page: where, in which format (as far as the link says), why."""

    url: str
    format: str
    text: str

    def as_attachment(self) -> dict[str, str]:
        """The entry in the linking page's ``attachments``."""
        return {"url": self.url, "id": article_id(self.url), "format": self.format, "text": self.text}


def document_links(links: Iterable[tuple[str, str]], base_url: str, source: Source) -> list[DocumentLink]:
    """The document links among ``(href, link text)`` pairs of a page, first occurrence kept."""
    found: dict[str, DocumentLink] = {}
    page = _stem(base_url)
    for href, text in links:
        url = urldefrag(urljoin(base_url, href.strip())).url
        if url in found or not is_document_url(url, source):
            continue
        if _stem(url) == page:
            continue  # the page's own printable copy (Joomla's PDF button): the same text again
        label = " ".join(text.split())[:300]
        found[url] = DocumentLink(url, format_of_url(url) or "unknown", label)
    return list(found.values())
