"""The page region around the headline (where datelines live) and its source line.

The dates stage reads dates from the lines right under the headline; the clean stage
falls back on a source line ("ที่มา: <a href=...>") that trafilatura dropped as
link-heavy.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from lxml.html import HtmlElement

from stiwatch.pipelines.clean import source_line
from stiwatch.pipelines.pagetree import CHROME_TAGS, block_text, norm, outside_chrome, same, xpath

_HEADER_CHARS = 1000
_SIBLING_CHARS = 300
_DATEISH = (
    "//*[@class][not(self::body) and not(self::html) and ("
    + " or ".join(
        f"contains(@class, '{word}')"
        for word in ("date", "time", "posted", "published", "meta", "info", "byline")
    )
    # Small elements only: text_content() of a page-wide container costs more than it gives.
    + ")][count(.//*) < 12]"
)
# Source lines (ที่มา, แหล่งที่มา, Nguồn, Source) found on text nodes: one pass over the text,
# never the string value of every element. Vietnamese may come decomposed (NFD).
_SOURCE_LABELS = ("ที่มา", "แหล่งที่มา", "แหล่งข่าว", "Nguồn", "NGUỒN", "nguồn")
_SOURCE_WORDS = tuple(sorted({*_SOURCE_LABELS, *(unicodedata.normalize("NFD", x) for x in _SOURCE_LABELS)}))


@lru_cache(maxsize=64)
def _source_query(labels: tuple[str, ...], latin: bool) -> str:
    """Text nodes starting with one of ``labels`` (or "Source" in any case when ``latin``)."""
    tests = [f"starts-with(normalize-space(.), '{w}')" for w in labels]
    if latin:
        tests.append("starts-with(translate(normalize-space(.), 'SOURCE', 'source'), 'source')")
    return f"//body//text()[{' or '.join(tests)}]"


_SOURCE_BLOCKS = frozenset({"p", "div", "li", "td", "dd", "blockquote", "section"})
# A caption's "Nguồn:" credits the photo, not the article.
_NOT_ARTICLE_TAGS = CHROME_TAGS | {"figure", "figcaption"}
_SOURCE_MAX_CHARS = 300
# Class or id words of page regions whose source lines belong to other articles.
_OTHER_REGIONS = ("sidebar", "widget", "related", "comment", "footer", "menu")


def title_element(tree: HtmlElement, title: str = "") -> HtmlElement | None:
    """The element holding the headline: the <h1> with the title's text, else the outermost
    body element whose text is exactly the title (EWT and table layouts set it in a
    <span>/<b>), else the first <h1>."""
    h1s = xpath(tree, "//h1")
    key = norm(title)
    if key:
        for h1 in h1s:
            if same(h1.text_content(), key):
                return h1
        # Text nodes, not every element's string value: one cheap pass over the page.
        for node in xpath(tree, "//body//text()[normalize-space(.) = $title]", title=key):
            el = node.getparent()
            if el is None or el.tag in ("a", "option", "title") or not outside_chrome(el):
                continue
            while (
                (parent := el.getparent()) is not None
                and parent.tag not in ("body", "html")
                and same(parent.text_content(), key)
            ):
                el = parent
            return el
    return h1s[0] if h1s else None


def _is_long(el: HtmlElement) -> bool:
    """Whether an element holds more than a short line of text (normalising a prefix only)."""
    raw = el.text_content()
    return len(raw) > 8 * _SIBLING_CHARS or len(norm(raw)) > _SIBLING_CHARS


def _lines_after(el: HtmlElement, limit: int = 3) -> list[str]:
    """Short lines right after the headline block (the dateline, the byline).

    Walks the following siblings, climbing out of wrappers the headline ends (an
    <h1> alone in its <header>), and stops at the first long text: the body.
    """
    lines: list[str] = []
    node: HtmlElement | None = el
    for _ in range(3):
        if node is None or node.tag in ("body", "html"):
            break
        chunks = [node.tail or ""]
        for sib in node.itersiblings():
            if not isinstance(sib.tag, str) or sib.tag in ("script", "style"):
                chunks.append(sib.tail or "")
                continue
            if _is_long(sib):
                chunks.append("\n\x00")  # the body starts: stop here
                break
            chunks += ["\n", block_text(sib), "\n", sib.tail or ""]
        text = "".join(chunks)
        stop = "\x00" in text
        lines += [x for x in (norm(x) for x in text.split("\x00")[0].split("\n")) if x]
        if stop or len(lines) >= limit:
            break
        node = node.getparent()
    return [x[:_SIBLING_CHARS] for x in lines[:limit]]


def header_text(tree: HtmlElement, title: str = "") -> str:
    """Text around the headline and of small date-like elements (where datelines live)."""
    parts: list[str] = []
    el = title_element(tree, title)
    if el is not None:
        parent = el.getparent()
        small = parent is not None and parent.tag not in ("body", "html") and parent.xpath("count(.//*)") < 40
        # The headline and the short lines right under it come first: the dates stage
        # takes the earliest date of the region, and a body inside the same small
        # wrapper (EWT pages) must not get ahead of the dateline.
        parts.append(norm(el.text_content()))
        parts += _lines_after(el)
        around = block_text(parent) if small else ""
        if around and len(around) <= _HEADER_CHARS:
            parts.append(around)
        else:
            previous = el.getprevious()
            if previous is not None and isinstance(previous.tag, str):
                parts.append(norm(previous.text_content()[: 4 * _SIBLING_CHARS])[:_SIBLING_CHARS])
    for node in xpath(tree, _DATEISH)[:5]:
        text = norm(node.text_content())
        if text and len(text) <= _SIBLING_CHARS:
            parts.append(text)
    return "\n".join(p for p in parts if p)[:_HEADER_CHARS]


def html_source_line(tree: HtmlElement) -> tuple[str | None, str | None] | None:
    """``(url, name)`` of the first source line in the page body ("ที่มา: <a href=...>").

    trafilatura drops such paragraphs as link-heavy, so the credit is read from the
    HTML: the line's text, plus its first http(s) link when the text names no URL.
    """
    # Only the labels the page's text holds are looked for: one C-level copy of the
    # text and a few substring tests spare an XPath test per label on every text node.
    body = tree.find("body")
    page_text = (body if body is not None else tree).text_content()
    labels = tuple(w for w in _SOURCE_WORDS if w in page_text)
    latin = "ource" in page_text or "OURCE" in page_text
    if not labels and not latin:
        return None
    for node in xpath(tree, _source_query(labels, latin)):
        el = node.getparent()
        # "<p><strong>ที่มา:</strong> <a ...>" : the line is the enclosing block.
        for _ in range(3):
            if el is None or el.tag in _SOURCE_BLOCKS:
                break
            el = el.getparent()
        if el is None or el.tag in ("body", "html") or not _in_article_region(el):
            continue
        text = norm(unicodedata.normalize("NFC", el.text_content()))
        if len(text) > _SOURCE_MAX_CHARS:
            continue
        hit = source_line(text)
        if hit is None:
            continue
        url, name = hit
        if url is None:
            href = next(
                (h.strip() for h in el.xpath(".//a/@href") if h.strip().startswith(("http://", "https://"))),
                None,
            )
            url, name = (href, name) if href else (None, name)
        if url or name:
            return url, name
    return None


def _in_article_region(el: HtmlElement) -> bool:
    """Not in page chrome, a figure, nor a sidebar, related-posts or comments block."""
    for node in (el, *el.iterancestors()):
        if not isinstance(node.tag, str):
            continue
        if node.tag in _NOT_ARTICLE_TAGS:
            return False
        marks = f"{node.get('class', '')} {node.get('id', '')}".lower()
        if any(word in marks for word in _OTHER_REGIONS):
            return False
    return True
