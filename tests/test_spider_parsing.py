"""Feed and sitemap parsing used by the generic spider."""

from stiwatch.crawler.discovery import parse_feed, parse_sitemap

RSS = b"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>t</title>
<item><title>A</title><link>https://mst.gov.vn/a-197250716093504364.htm</link><pubDate>Wed, 16 Jul 2025 09:35:04 +0700</pubDate></item>
<item><title>B</title><guid>https://mst.gov.vn/b-197250717093504364.htm</guid></item>
</channel></rss>"""

ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title>
<entry><title>A</title><link rel="alternate" href="https://asean.org/a/"/><link rel="edit" href="https://asean.org/edit"/><updated>2024-06-07T10:00:00Z</updated></entry>
</feed>"""

NEWS_SITEMAP = b"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
<url><loc>https://vnexpress.net/a-4700001.html</loc><news:news><news:publication_date>2025-07-16T09:00:00+07:00</news:publication_date></news:news></url>
<url><loc>https://vnexpress.net/b-4700002.html</loc><lastmod>2025-07-15</lastmod></url>
</urlset>"""

INDEX = b"""<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>https://www.vietnamplus.vn/sitemaps/news-2025-7.xml</loc><lastmod>2025-07-31</lastmod></sitemap>
</sitemapindex>"""


def test_rss_links_and_dates() -> None:
    assert parse_feed(RSS) == [
        ("https://mst.gov.vn/a-197250716093504364.htm", "Wed, 16 Jul 2025 09:35:04 +0700"),
        ("https://mst.gov.vn/b-197250717093504364.htm", None),
    ]


def test_atom_takes_the_alternate_link() -> None:
    assert parse_feed(ATOM) == [("https://asean.org/a/", "2024-06-07T10:00:00Z")]


def test_news_sitemap_prefers_publication_date() -> None:
    kind, entries = parse_sitemap(NEWS_SITEMAP)
    assert kind == "urlset"
    assert entries == [
        ("https://vnexpress.net/a-4700001.html", "2025-07-16T09:00:00+07:00"),
        ("https://vnexpress.net/b-4700002.html", "2025-07-15"),
    ]


def test_sitemap_index_and_gzip() -> None:
    import gzip

    kind, entries = parse_sitemap(gzip.compress(INDEX))
    assert kind == "sitemapindex"
    assert entries == [("https://www.vietnamplus.vn/sitemaps/news-2025-7.xml", "2025-07-31")]


def test_garbage_is_not_a_crash() -> None:
    assert parse_feed(b"<html><body>not a feed") == []
    assert parse_sitemap(b"\x00\x01garbage")[1] == []
