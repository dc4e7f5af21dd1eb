"""Pipeline throughput: articles/s offline through extract → … → store, on archive pages.

Also times trafilatura's extraction alone on the same pages in the same run, page by page
and back to back with our text stages (extract → clean → language → dates), so the ratio
(ours / trafilatura alone) can be quoted without machine drift. The issue's budget is 1.3.

    python bench/bench_pipeline.py [--repeat 5] [--out results.json]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import contextlib

from stiwatch.crawler.encoding import charset_of, decode_html
from stiwatch.crawler.replay.archive import load_archive
from stiwatch.pipelines.base import RejectArticle
from stiwatch.pipelines.clean import CleanStage
from stiwatch.pipelines.dates import DatesStage
from stiwatch.pipelines.extract import ExtractStage
from stiwatch.pipelines.language import LanguageStage
from stiwatch.pipelines.process import Processor, build_context, source_for_url
from stiwatch.search.embedded import EmbeddedBackend


def article_pages() -> list[tuple[str, str, str]]:
    """(url, decoded html, source id) for every archived HTML page an article pattern accepts."""
    context = build_context()
    pages = []
    for url, page in load_archive().items():
        if page.file is None or "html" not in page.content_type:
            continue
        source = source_for_url(url, context.sources)
        src = context.sources.get(source)
        if src is None or not src.is_article_url(url):
            continue
        decoded = decode_html(page.body(), charset_of(page.content_type))
        if not decoded.error:
            pages.append((url, decoded.text, source))
    return pages


def _trafilatura(url: str, html: str) -> None:
    from trafilatura import bare_extraction

    bare_extraction(
        html,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        favor_precision=True,
        date_extraction_params={"extensive_search": False, "original_date": True},
    )


def time_interleaved(pages: list[tuple[str, str, str]]) -> tuple[float, float]:
    """Seconds for trafilatura alone and for our text stages over all pages.

    Each page is timed both ways back to back, so load from other jobs on a shared
    machine falls on both sides of the ratio alike.
    """
    processor = Processor(build_context(), stages=(ExtractStage, CleanStage, LanguageStage, DatesStage))
    traf = ours = 0.0
    for url, html, source in pages:
        start = time.perf_counter()
        _trafilatura(url, html)
        middle = time.perf_counter()
        with contextlib.suppress(RejectArticle):
            processor.process(url, html, source=source)
        traf += middle - start
        ours += time.perf_counter() - middle
    return traf, ours


def time_full_pipeline(pages: list[tuple[str, str, str]], copies: int) -> tuple[float, int]:
    """extract → store into a fresh embedded backend; ``copies`` distinct URLs per page."""
    with tempfile.TemporaryDirectory() as tmp:
        backend = EmbeddedBackend(Path(tmp))
        processor = Processor(build_context(store=backend))
        start = time.perf_counter()
        records = []
        for i in range(copies):
            for url, html, source in pages:
                # A distinct URL per pass gives a distinct article id.
                copy_url = f"{url}{'&' if '?' in url else '?'}copy={i}"
                try:
                    article = processor.process(copy_url, html, source=source)
                except RejectArticle:
                    continue
                records.append(article.to_record())
                if len(records) >= 100:
                    backend.upsert(records)
                    records = []
        backend.upsert(records)
        backend.commit()
        elapsed = time.perf_counter() - start
        n = backend.count()
        backend.close()
    return elapsed, n


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--copies", type=int, default=5, help="passes over the pages for the full run")
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()

    pages = article_pages()
    # Warm up imports, models and caches once before timing.
    time_interleaved(pages[:3])
    traf, ours = [], []
    for _ in range(args.repeat):
        t, o = time_interleaved(pages)
        traf.append(t)
        ours.append(o)
    full_s, stored = time_full_pipeline(pages, args.copies)
    result: dict[str, Any] = {
        "pages": len(pages),
        "trafilatura_alone_ms_per_page_median": 1000 * statistics.median(traf) / len(pages),
        "text_stages_ms_per_page_median": 1000 * statistics.median(ours) / len(pages),
        "ratio_text_stages_over_trafilatura": statistics.median(ours) / statistics.median(traf),
        "ratio_best_of_runs": min(ours) / min(traf),
        "full_pipeline_articles": stored,
        "full_pipeline_articles_per_s": stored / full_s,
    }
    for key, value in result.items():
        print(f"{key:45s} {value:.3f}" if isinstance(value, float) else f"{key:45s} {value}")
    if args.out:
        args.out.write_text(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
