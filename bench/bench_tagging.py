"""Tagging throughput at the full taxonomy size, and its share of the pipeline time.

Runs every archived article page through all stages (extract → … → dedupe, nothing
stored) and times each stage, so the tag stage's share of the total is measured in the
same run. Then times ``tag_article`` alone, back to back, on the cleaned articles
(the labelled tag set included): that is the throughput a `stiwatch retag` sees.
Also reports the one-off cost of compiling the taxonomy's matchers.

    python bench/bench_tagging.py [--repeat 5] [--out results.json]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.bench_pipeline import article_pages
from stiwatch.core.article import Article, Handoff
from stiwatch.core.taxonomy import TAXONOMY_DIR, load_taxonomy
from stiwatch.core.taxonomy.loader import load_taxonomy_dir
from stiwatch.core.taxonomy.matchers import TaxonomyMatchers
from stiwatch.pipelines.base import RejectArticle, run_stage
from stiwatch.pipelines.evaluation.tags import DEFAULT_SET, load_articles
from stiwatch.pipelines.process import Processor, build_context
from stiwatch.pipelines.tag import tag_article


def pipeline_share(pages: list[tuple[str, str, str]]) -> tuple[dict[str, float], list[Article]]:
    """Seconds per stage over all pages, and the processed articles."""
    processor = Processor(build_context())
    seconds: dict[str, float] = defaultdict(float)
    done: list[Article] = []
    for url, html, source in pages:
        article = Article(url=url, source=source, html=html, handoff=Handoff(encoding="utf-8"))
        try:
            for stage in processor.stages:
                start = time.perf_counter()
                article = run_stage(stage, article)
                seconds[stage.name] += time.perf_counter() - start
        except RejectArticle:
            continue
        done.append(article)
    return dict(seconds), done


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()

    taxonomy = load_taxonomy()
    start = time.perf_counter()
    compiled = TaxonomyMatchers(load_taxonomy_dir(TAXONOMY_DIR, check_segmentation=False))
    compile_s = time.perf_counter() - start
    _ = taxonomy.matchers

    pages = article_pages()
    shares = []
    articles: list[Article] = []
    for _ in range(max(1, args.repeat // 2)):
        seconds, articles = pipeline_share(pages)
        total = sum(seconds.values())
        shares.append((seconds.get("tag", 0.0) / total, total / len(articles), seconds))

    texts = [(a.title, a.text, a.language) for a in articles]
    texts += [(a.title, a.text, a.language) for a in load_articles(DEFAULT_SET, taxonomy)]
    chars = sum(len(t) + len(x) for t, x, _ in texts)
    rates = []
    cpu_rates = []
    for _ in range(args.repeat):
        start, cpu = time.perf_counter(), time.process_time()
        for title, text, lang in texts:
            tag_article(title, text, lang, None, taxonomy)
        rates.append(len(texts) / (time.perf_counter() - start))
        # CPU time too: on a machine shared with other work, wall time mostly measures them.
        cpu_rates.append(len(texts) / (time.process_time() - cpu))

    tax_size = {
        "countries": len(taxonomy.countries),
        "agencies": len(taxonomy.agencies),
        "themes": len(taxonomy.themes),
        "compiled_aliases": len(compiled.entities) + len(compiled.themes) + len(compiled.cooperation),
        "long_forms": len(compiled.long_forms),
    }
    result: dict[str, Any] = {
        "taxonomy": tax_size,
        "compile_matchers_s": round(compile_s, 3),
        "tag_articles": len(texts),
        "mean_chars_per_article": round(chars / len(texts)),
        "tag_articles_per_s_median": round(statistics.median(rates), 1),
        "tag_articles_per_cpu_s_median": round(statistics.median(cpu_rates), 1),
        "pipeline_pages": len(articles),
        "pipeline_s_per_article_median": round(statistics.median(s[1] for s in shares), 4),
        "tag_share_of_pipeline_median": round(statistics.median(s[0] for s in shares), 3),
        "stage_seconds_last_run": {k: round(v, 3) for k, v in shares[-1][2].items()},
    }
    text = json.dumps(result, indent=2)
    print(text)
    if args.out:
        args.out.write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
