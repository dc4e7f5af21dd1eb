"""Benchmark of the Elasticsearch backend's own cost, as ratios to the raw client.

1. Bulk indexing: ``ElasticsearchBackend.upsert`` (documents built from records,
   per-item outcome checks, retries) against ``elasticsearch.helpers.bulk`` of the
   very same documents built beforehand (their analysis not timed: ``analysis_s``).
   As a crawl runs it: processing first (story linking, the dedupe stage, segments each
   article's text as the index does and keeps the tokens in the data directory's
   analysis cache, stiwatch.core.tokencache; ``process_s``), then the store stage's
   indexing (``index_ratio``: it still segments what processing never read, titles
   and translations). ``crawl_s`` is the two together, against ``crawl_unshared_s``
   (story linking and indexing each segmenting on their own, as before the cache was
   shared). Also: indexing with an empty cache (``index_ratio_unprocessed``: records
   that never went through processing here) and again with that cache full
   (``index_ratio_cached``: a re-crawl of the same text, a reindex). Every ratio is
   against the median of three raw passes (before, between and after ours).
2. Queries: ``backend.search(query)`` against ``client.search(body)`` with the
   body our layer sends for that query. The ratio is the cost of planning the
   query (expansion), parsing hits and sorting facets.

By default a noida-db server is started on 127.0.0.1 in a temporary directory
(``--url`` points at a real cluster instead; absolute numbers there differ).

    .venv/bin/python bench/bench_elasticsearch.py                # 2,000 articles
    .venv/bin/python bench/bench_elasticsearch.py --size 5000 --rounds 5 --out bench/results_elasticsearch.json
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

from bench_search import QUERY_MIX, generate  # noqa: E402
from elasticsearch import helpers  # noqa: E402

from stiwatch.core.tokencache import CACHE_FILE, TokenCache  # noqa: E402
from stiwatch.pipelines.stories import StoryIndex  # noqa: E402
from stiwatch.search.elasticsearch import ElasticsearchBackend, ElasticsearchSettings  # noqa: E402
from stiwatch.search.elasticsearch.documents import make_document  # noqa: E402
from stiwatch.search.elasticsearch.mappings import IndexNames  # noqa: E402
from stiwatch.search.elasticsearch.query import search_body  # noqa: E402

BATCH = 500


def _timed(func: Any) -> float:
    t0 = time.perf_counter()
    func()
    return time.perf_counter() - t0


def _link_stories(records: list[dict[str, Any]], tokens: TokenCache | None) -> None:
    """What processing does with the text before the store stage: story linking (the
    dedupe stage), which segments each text as the index does. Translations come after
    it (the translate stage), so it sees none, as in a first crawl."""
    stories = StoryIndex(tokens=tokens)
    for record in records:
        stories.assign({**record, "translations": {}})


def run(url: str, size: int, rounds: int) -> dict[str, Any]:
    records = list(generate(size))
    cache_dir = Path(tempfile.mkdtemp(prefix="stiwatch-bench-tokens-"))

    def backend(prefix: str, cache: str) -> ElasticsearchBackend:
        settings = ElasticsearchSettings(url=url, index_prefix=prefix)
        return ElasticsearchBackend(settings, tokens=TokenCache(cache_dir / cache / CACHE_FILE))

    # A crawl: processing fills the data directory's cache, the store stage's index reads it.
    crawled = backend("bench-ours", "crawl")
    # No processing before: every text segmented while indexing (the cache starts empty),
    # then the same records again with that cache full (a re-crawl of the same text, a reindex).
    cold = backend("bench-cold", "cold")
    again = backend("bench-again", "cold")
    raw_names = IndexNames("bench-raw")
    client = crawled.client
    # The raw side gets the same settings and mappings (its own template).
    raw = ElasticsearchBackend(ElasticsearchSettings(url=url, index_prefix=raw_names.prefix))
    raw.close()

    # Warm-up on another corpus: loads the Thai dictionary and lets the segmenter's
    # caches fill, so that every timed pass below sees the same warm analysis.
    warm = list(generate(min(size, 1000), seed=7))
    for record in warm:
        make_document(record)
    _link_stories(warm[:100], None)
    t0 = time.perf_counter()
    documents = [make_document(r) for r in records]
    analysis_s = time.perf_counter() - t0

    def index_with(ours: ElasticsearchBackend) -> None:
        for start in range(0, len(records), BATCH):
            ours.upsert(records[start : start + BATCH])
        ours.commit()

    def raw_index() -> None:
        actions = (
            {"_op_type": "index", "_index": raw_names.write_alias, "_id": d["id"], "_source": d}
            for d in documents
        )
        helpers.bulk(client, actions, chunk_size=BATCH)
        client.indices.refresh(index=raw_names.write_alias)

    process_unshared_s = _timed(lambda: _link_stories(records, None))
    process_tokens = TokenCache(cache_dir / "crawl" / CACHE_FILE)  # the crawl's stages' own
    process_s = _timed(lambda: _link_stories(records, process_tokens))
    # Raw passes before, between and after ours (the server slows as its indexes grow):
    # each ratio is against their median.
    raw_passes = [_timed(raw_index)]
    crawled_s = _timed(lambda: index_with(crawled))
    cold_s = _timed(lambda: index_with(cold))
    raw_passes.append(_timed(raw_index))
    cached_s = _timed(lambda: index_with(again))
    raw_passes.append(_timed(raw_index))
    raw_s = statistics.median(raw_passes)
    assert crawled.count() == cold.count() == again.count() == size
    assert client.count(index=raw_names.read_alias)["count"] == size

    ours_ms: list[float] = []
    raw_ms: list[float] = []
    for query in QUERY_MIX:  # warm-up
        crawled.search(query)
    for _ in range(rounds):
        for query in QUERY_MIX:
            t0 = time.perf_counter()
            crawled.search(query)
            ours_ms.append((time.perf_counter() - t0) * 1000)
            body = search_body(query)
            t0 = time.perf_counter()
            client.search(index=crawled.names.read_alias, body=body)
            raw_ms.append((time.perf_counter() - t0) * 1000)
    for name in (raw_names, crawled.names, cold.names, again.names):
        for index in client.indices.get(index=name.pattern).body:
            client.indices.delete(index=index)
    for ours in (again, cold):
        ours.close()
    process_tokens.close()
    crawled.client.close()
    return {
        "articles": size,
        "analysis_s": round(analysis_s, 2),
        "process_s": round(process_s, 2),
        "process_unshared_s": round(process_unshared_s, 2),
        "ours_index_s": round(crawled_s, 2),
        "raw_bulk_s": round(raw_s, 2),
        "raw_bulk_passes_s": [round(x, 2) for x in raw_passes],
        "index_ratio": round(crawled_s / raw_s, 2),
        "ours_index_unprocessed_s": round(cold_s, 2),
        "index_ratio_unprocessed": round(cold_s / raw_s, 2),
        "ours_index_cached_s": round(cached_s, 2),
        "index_ratio_cached": round(cached_s / raw_s, 2),
        "crawl_s": round(process_s + crawled_s, 2),
        "crawl_unshared_s": round(process_unshared_s + cold_s, 2),
        "crawl_ratio": round((process_s + crawled_s) / (process_unshared_s + cold_s), 2),
        "crawl_vs_raw_ratio": round((process_s + crawled_s) / (process_s + raw_s), 2),
        "queries": len(ours_ms),
        "ours_query_p50_ms": round(statistics.median(ours_ms), 2),
        "raw_query_p50_ms": round(statistics.median(raw_ms), 2),
        "query_ratio": round(statistics.median(ours_ms) / statistics.median(raw_ms), 2),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=5, help="passes over the query mix")
    parser.add_argument("--url", help="an Elasticsearch URL (default: start noida-db)")
    parser.add_argument("--out", type=Path, help="write the results as JSON to this file")
    args = parser.parse_args(argv)

    server = None
    url = args.url
    with tempfile.TemporaryDirectory(prefix="stiwatch-bench-es-") as tmp:
        if not url:
            from tests.noida import NoidaServer

            server = NoidaServer(Path(tmp) / "data").start()
            url = server.url
        try:
            result = run(url, args.size, args.rounds)
        finally:
            if server:
                server.stop()
    for key, value in result.items():
        print(f"{key}: {value}")
    if args.out:
        payload = {
            "benchmark": "elasticsearch backend vs raw client",
            "server": "noida-db" if server else url,
            "python": platform.python_version(),
            "machine": platform.machine(),
            "result": result,
        }
        args.out.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
