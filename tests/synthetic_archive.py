"""A synthetic replay archive for crawl benchmarks and tests: many hosts, many article pages.

The bundled archive is real but small (a few pages per site), too small to keep two
crawl workers busy. :func:`write_archive` writes, under a root folder:

- ``archive/<host>/manifest.yaml`` + pages, in the replay archive's format
  (crawler/replay/archive.py): a robots.txt, an RSS feed listing every article, and the
  article pages (the records' Thai, Vietnamese or English text, a publication date in
  the page metadata, navigation and footer boilerplate around it);
- ``sources/synthetic.yaml``: one registry entry per host, for ``crawl.sources_dir``.

The benchmark (bench/bench_incremental.py) feeds it bench_search's seeded generator; the
test suite a few records of its own. Generated into a temporary folder, never into git.
"""

from __future__ import annotations

import html
import random
from collections.abc import Iterable
from datetime import datetime
from email.utils import format_datetime
from pathlib import Path
from typing import Any

import yaml

PROVENANCE = {"modelled": "synthetic page written by bench/synthetic_archive.py for crawl benchmarks"}
COUNTRY = {"th": "TH", "vi": "VN", "en": "SG"}


def host_name(i: int) -> str:
    return f"news{i:02d}.synthetic.test"


def _page(record: dict[str, Any], host: str) -> str:
    title = html.escape(record["title"])
    paragraphs = "\n".join(f"<p>{html.escape(p)}</p>" for p in record["text"].split("\n\n"))
    published = record["published"] or ""
    meta = f'<meta property="article:published_time" content="{published}">' if published else ""
    return f"""<!DOCTYPE html>
<html lang="{record["language"]}">
<head><meta charset="utf-8"><title>{title} | {host}</title>{meta}</head>
<body>
<header><nav><a href="/">Home</a> <a href="/about.html">About</a> <a href="/contact.html">Contact</a></nav></header>
<main><article>
<h1>{title}</h1>
{paragraphs}
</article></main>
<footer><p>Copyright {host}. All rights reserved.</p></footer>
</body>
</html>
"""


def _feed(host: str, items: list[tuple[str, str, datetime | None]]) -> str:
    entries = []
    for url, title, when in items:
        date = f"<pubDate>{format_datetime(when)}</pubDate>" if when else ""
        entries.append(
            f"<item><title>{html.escape(title)}</title><link>{url}</link>{date}<guid>{url}</guid></item>"
        )
    body = "\n".join(entries)
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>{host}</title><link>https://{host}/</link><description>news</description>
{body}
</channel></rss>
"""


def write_archive(
    root: Path, records: Iterable[dict[str, Any]], hosts: int = 20, seed: int = 11
) -> dict[str, Any]:
    """Write the records as article pages spread over ``hosts`` sites, and their registry,
    under ``root``; returns where (``archive``, ``sources_dir``) and how many pages.

    Records need ``title``, ``text`` (paragraphs separated by blank lines), ``language``
    (th, vi or en) and ``published`` (ISO 8601 or None).
    """
    rng = random.Random(seed)
    archive, registry = root / "archive", root / "sources"
    registry.mkdir(parents=True, exist_ok=True)
    per_host: dict[int, list[dict[str, Any]]] = {i: [] for i in range(hosts)}
    count = 0
    for n, record in enumerate(records):
        per_host[n % hosts].append(record)
        count += 1
    sources = []
    for i, records in per_host.items():
        host = host_name(i)
        folder = archive / host
        (folder / "news").mkdir(parents=True, exist_ok=True)
        pages: list[dict[str, Any]] = []
        (folder / "robots.txt").write_text("User-agent: *\nDisallow: /admin/\n", encoding="utf-8")
        pages.append(
            {"url": f"https://{host}/robots.txt", "file": "robots.txt", "content_type": "text/plain"}
        )
        items = []
        for k, record in enumerate(records):
            url = f"https://{host}/news/{k:05d}.html"
            (folder / "news" / f"{k:05d}.html").write_text(_page(record, host), encoding="utf-8")
            pages.append(
                {"url": url, "file": f"news/{k:05d}.html", "content_type": "text/html; charset=utf-8"}
            )
            when = datetime.fromisoformat(record["published"]) if record["published"] else None
            items.append((url, record["title"], when))
        (folder / "feed.xml").write_text(_feed(host, items), encoding="utf-8")
        pages.append(
            {"url": f"https://{host}/feed.xml", "file": "feed.xml", "content_type": "application/rss+xml"}
        )
        for page in pages:
            page["provenance"] = PROVENANCE
        (folder / "manifest.yaml").write_text(
            yaml.safe_dump({"pages": pages}, sort_keys=False), encoding="utf-8"
        )
        languages = sorted({r["language"] for r in records})
        sources.append(
            {
                "id": f"synthetic-{i:02d}",
                "name": f"Synthetic news site {i}",
                "country": COUNTRY[rng.choice(languages)],
                "languages": languages,
                "base_url": f"https://{host}/",
                "feeds": [f"https://{host}/feed.xml"],
                "article": {"allow": [f"^https://{host.replace('.', '[.]')}/news/[0-9]+[.]html$"]},
                "crawl_interval": "6h",
                "max_articles": len(records) + 10,
                "notes": "synthetic (bench/synthetic_archive.py)",
            }
        )
    (registry / "synthetic.yaml").write_text(
        yaml.safe_dump({"sources": sources}, sort_keys=False, allow_unicode=True), encoding="utf-8"
    )
    return {"hosts": hosts, "articles": count, "archive": str(archive), "sources_dir": str(registry)}
