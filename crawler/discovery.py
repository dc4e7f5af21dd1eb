"""Discovery pages read: RSS/Atom feeds, sitemaps (indexes and news sitemaps), the cascade.

Pure functions over response bodies and registry entries; the spider
(``stiwatch.crawler.spiders.sources``) fetches the pages and follows what these find.
"""

from __future__ import annotations

import gzip
from typing import Any

from lxml import etree

from stiwatch.crawler.registry import Listing, Source

_XML_PARSER = etree.XMLParser(recover=True, resolve_entities=False, no_network=True, huge_tree=False)


def _local(tag: Any) -> str:
    return etree.QName(tag).localname if isinstance(tag, str) else ""


def _xml_root(body: bytes) -> Any:
    """The root element, or None for bodies that are not XML at all."""
    try:
        return etree.fromstring(body, parser=_XML_PARSER)
    except etree.XMLSyntaxError:
        return None


def parse_feed(body: bytes) -> list[tuple[str, str | None]]:
    """(link, date) of every item of an RSS or Atom feed."""
    root = _xml_root(body)
    if root is None:
        return []
    out = []
    for node in root.iter():
        name = _local(node.tag)
        if name not in ("item", "entry"):
            continue
        link, date = None, None
        for child in node:
            cname = _local(child.tag)
            if cname == "link":
                href = child.get("href")
                if href and child.get("rel", "alternate") == "alternate":
                    link = href.strip()
                elif child.text and child.text.strip():
                    link = child.text.strip()
            elif cname == "guid" and not link and (child.text or "").startswith("http"):
                link = (child.text or "").strip()
            elif cname in ("pubDate", "published", "updated", "date") and child.text and not date:
                date = child.text.strip()
        if link:
            out.append((link, date))
    return out


def feed_enclosures(body: bytes) -> list[tuple[str, str | None, str | None]]:
    """(enclosure URL, item link, date) of the files a feed's items carry: RSS
    ``<enclosure url>`` and Atom ``<link rel="enclosure" href>`` (an agency's feed often
    carries the PDF of the announcement it links)."""
    root = _xml_root(body)
    if root is None:
        return []
    out: list[tuple[str, str | None, str | None]] = []
    for node in root.iter():
        if _local(node.tag) not in ("item", "entry"):
            continue
        files = []
        for child in node:
            if _local(child.tag) == "enclosure" and child.get("url"):
                files.append(child.get("url").strip())
            elif _local(child.tag) == "link" and child.get("rel") == "enclosure" and child.get("href"):
                files.append(child.get("href").strip())
        if files:
            entry = parse_feed(etree.tostring(node))
            link, date = entry[0] if entry else (None, None)
            out.extend((url, link, date) for url in files)
    return out


def parse_sitemap(body: bytes) -> tuple[str, list[tuple[str, str | None]]]:
    """The sitemap kind (``urlset`` or ``sitemapindex``) and its (loc, date) entries.

    A news sitemap's ``news:publication_date`` wins over ``lastmod``.
    """
    if body[:2] == b"\x1f\x8b":
        body = gzip.decompress(body)
    root = _xml_root(body)
    if root is None:
        return "", []
    kind = _local(root.tag)
    entries = []
    for node in root:
        if _local(node.tag) not in ("url", "sitemap"):
            continue
        loc, lastmod, news_date = None, None, None
        for child in node.iter():
            cname = _local(child.tag)
            if cname == "loc" and child.text:
                loc = child.text.strip()
            elif cname == "lastmod" and child.text:
                lastmod = child.text.strip()
            elif cname == "publication_date" and child.text:
                news_date = child.text.strip()
        if loc:
            entries.append((loc, news_date or lastmod))
    return kind, entries


def discovery_steps(src: Source) -> list[tuple[str, str, Listing | None]]:
    """The source's discovery pages in cascade order: feeds, news sitemaps, other
    sitemaps, listings, as (kind, url, listing)."""
    news = [u for u in src.sitemaps if "news" in u.lower()]
    plain = [u for u in src.sitemaps if u not in news]
    return [
        *(("feed", u, None) for u in src.feeds),
        *(("sitemap", u, None) for u in (*news, *plain)),
        *(("listing", li.url, li) for li in src.listings),
    ]
