"""Benchmark of the Elasticsearch backend's own cost, as ratios to the raw client.

1. Bulk indexing: ``ElasticsearchBackend.upsert`` (documents built from records,
   per-item outcome checks, retries) against ``elasticsearch.helpers.bulk`` of the
   very same documents built beforehand. The ratio is what our layer adds; the
   text analysis (Thai segmentation) is timed on its own as well. Our side indexes
   twice: cold (``index_ratio``: an empty analysis cache, every text segmented, as the
   first crawl of new articles) and again into a fresh index with the analysis cache
   that first pass filled (``index_ratio_cached``: what a re-crawl of the same text
   or a reindex pays, stiwatch.search.tokencache).
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

from stiwatch.search.elasticsearch import ElasticsearchBackend, ElasticsearchSettings  # noqa: E402
from stiwatch.search.elasticsearch.documents import make_document  # noqa: E402
from stiwatch.search.elasticsearch.mappings import IndexNames  # noqa: E402
from stiwatch.search.elasticsearch.query import search_body  # noqa: E402
from stiwatch.search.tokencache import CACHE_FILE, TokenCache  # noqa: E402

BATCH = 500


def _timed(func: Any) -> float:
    t0 = time.perf_counter()
    func()
    return time.perf_counter() - t0


def run(url: str, size: int, rounds: int) -> dict[str, Any]:
    records = list(generate(size))
    cache_dir = Path(tempfile.mkdtemp(prefix="stiwatch-bench-tokens-"))
    ours = ElasticsearchBackend(
        ElasticsearchSettings(url=url, index_prefix="bench-ours"), tokens=TokenCache(cache_dir / CACHE_FILE)
    )
    again = ElasticsearchBackend(
        ElasticsearchSettings(url=url, index_prefix="bench-again"), tokens=TokenCache(cache_dir / CACHE_FILE)
    )
    raw_names = IndexNames("bench-raw")
    client = ours.client
    # The raw side gets the same settings and mappings (its own template).
    raw = ElasticsearchBackend(ElasticsearchSettings(url=url, index_prefix=raw_names.prefix))
    raw.close()

    # Warm-up on another corpus: loads the Thai dictionary and lets the segmenter's
    # caches fill, so that both timed passes below see the same warm analysis.
    for record in generate(min(size, 1000), seed=7):
        make_document(record)
    t0 = time.perf_counter()
    documents = [make_document(r) for r in records]
    analysis_s = time.perf_counter() - t0

    def ours_index() -> None:
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

    def again_index() -> None:
        for start in range(0, len(records), BATCH):
            again.upsert(records[start : start + BATCH])
        again.commit()

    raw_s = _timed(raw_index)
    ours_s = _timed(ours_index)
    cached_s = _timed(again_index)
    raw2_s = _timed(raw_index)  # again, so that the cached pass has a raw pass beside it
    assert ours.count() == size and again.count() == size
    assert client.count(index=raw_names.read_alias)["count"] == size

    ours_ms: list[float] = []
    raw_ms: list[float] = []
    for query in QUERY_MIX:  # warm-up
        ours.search(query)
    for _ in range(rounds):
        for query in QUERY_MIX:
            t0 = time.perf_counter()
            ours.search(query)
            ours_ms.append((time.perf_counter() - t0) * 1000)
            body = search_body(query)
            t0 = time.perf_counter()
            client.search(index=ours.names.read_alias, body=body)
            raw_ms.append((time.perf_counter() - t0) * 1000)
    for name in (raw_names, ours.names, again.names):
        for index in client.indices.get(index=name.pattern).body:
            client.indices.delete(index=index)
    again.close()
    ours.client.close()
    return {
        "articles": size,
        "analysis_s": round(analysis_s, 2),
        "ours_index_s": round(ours_s, 2),
        "raw_bulk_s": round(raw_s, 2),
        "index_ratio": round(ours_s / raw_s, 2),
        "index_ratio_without_analysis": round((ours_s - analysis_s) / raw_s, 2),
        "ours_index_cached_s": round(cached_s, 2),
        "raw_bulk_again_s": round(raw2_s, 2),
        "index_ratio_cached": round(cached_s / raw2_s, 2),
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
