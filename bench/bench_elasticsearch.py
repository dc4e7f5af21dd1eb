"""Benchmark of the Elasticsearch backend's own cost, as ratios to the raw client.

1. Bulk indexing: ``ElasticsearchBackend.upsert`` (documents built from records,
   per-item outcome checks, retries) against ``elasticsearch.helpers.bulk`` of the
   very same documents built beforehand (their analysis not timed: ``analysis_s``).
   As a crawl runs it: processing first (the tag stage segments each article's title
   and text as the index does, keeping the tokens and the Thai words in the data
   directory's analysis cache, stiwatch.core.tokencache; story linking, the dedupe
   stage, reads the text's tokens back; ``process_s``), then the store stage's
   indexing (``index_ratio``: it still segments what processing never read, the
   translations). ``crawl_s`` is the two together, against ``crawl_unshared_s`` (the
   tag stage, story linking and indexing each segmenting on their own, as before the
   cache was shared). Also: indexing with an empty cache (``index_ratio_unprocessed``: records
   that never went through processing here) and again with that cache full
   (``index_ratio_cached``: a re-crawl of the same text, a reindex), and the crawl's
   indexing with one bulk request per batch (``index_ratio_one_request``: nothing built
   while a request is in flight, as before requests were pipelined). Every ratio is
   against the median of five raw passes, each before ours.
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
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

from bench_search import QUERY_MIX, generate  # noqa: E402
from elasticsearch import Elasticsearch, helpers  # noqa: E402

from stiwatch.core.article import Article  # noqa: E402
from stiwatch.core.tokencache import TokenCache  # noqa: E402
from stiwatch.pipelines.base import PipelineContext  # noqa: E402
from stiwatch.pipelines.stories import StoryIndex  # noqa: E402
from stiwatch.pipelines.tag import TagStage  # noqa: E402
from stiwatch.search.elasticsearch import ElasticsearchBackend, ElasticsearchSettings, bulk  # noqa: E402
from stiwatch.search.elasticsearch.client import make_client  # noqa: E402
from stiwatch.search.elasticsearch.documents import make_document  # noqa: E402
from stiwatch.search.elasticsearch.mappings import IndexNames  # noqa: E402
from stiwatch.search.elasticsearch.query import search_body  # noqa: E402

BATCH = 500
# Passes of each kind (medians): the server and the machine are noisy. One raw pass
# alone varies by 20-30 % from one pass to the next, so indexing (a second or two a
# pass) gets more passes than processing (15-20 s a pass).
PASSES = 3
INDEX_PASSES = 5


def _timed(func: Any) -> float:
    t0 = time.perf_counter()
    func()
    return time.perf_counter() - t0


def _process(records: list[dict[str, Any]], tokens: TokenCache | None) -> None:
    """What processing does with the text before the store stage: the tag stage (its
    words are the index's Thai words, taken from ``tokens`` when given) and story linking
    (the dedupe stage), which compares the index's tokens of each text. Translations
    come after them (the translate stage), so they see none, as in a first crawl."""
    tag = TagStage(PipelineContext(tokens=tokens))
    stories = StoryIndex(tokens=tokens)
    for record in records:
        tag(Article.from_record({**record, "translations": {}}))
        stories.assign({**record, "translations": {}})


def run(
    url: str, size: int, rounds: int, passes: int = PASSES, index_passes: int = INDEX_PASSES
) -> dict[str, Any]:
    records = list(generate(size))
    work = Path(tempfile.mkdtemp(prefix="stiwatch-bench-tokens-"))
    raw_names = IndexNames("bench-raw")
    client = make_client(ElasticsearchSettings(url=url, index_prefix=raw_names.prefix))
    # The raw side gets the same settings and mappings (its own template).
    ElasticsearchBackend(ElasticsearchSettings(url=url, index_prefix=raw_names.prefix)).close()

    # Warm-up on another corpus: loads the Thai dictionary and lets the segmenter's
    # caches fill, so that every timed pass below sees the same warm analysis.
    warm = list(generate(min(size, 1000), seed=7))
    for record in warm:
        make_document(record)
    _process(warm[:100], None)
    t0 = time.perf_counter()
    documents = [make_document(r) for r in records]
    analysis_s = time.perf_counter() - t0

    def raw_index() -> None:
        actions = (
            {"_op_type": "index", "_index": raw_names.write_alias, "_id": d["id"], "_source": d}
            for d in documents
        )
        helpers.bulk(client, actions, chunk_size=BATCH)
        client.indices.refresh(index=raw_names.write_alias)

    segmented: dict[str, int] = {}

    def ours_index(prefix: str, cache: Path, kind: str) -> float:
        """Seconds for our backend to index every record into a fresh index, with ``cache``."""
        tokens = TokenCache(cache)
        ours = ElasticsearchBackend(ElasticsearchSettings(url=url, index_prefix=prefix), tokens=tokens)
        seconds = _timed(lambda: _upsert_all(ours, records))
        assert ours.count() == size
        segmented[kind] = tokens.misses
        _drop(client, ours.names)
        ours.close()
        return seconds

    # Processing as a crawl runs it, before the store stage: with each stage segmenting
    # on its own, and sharing the data directory's analysis cache; alternated, medians.
    process: dict[str, list[float]] = {"unshared": [], "shared": []}
    for n in range(passes):
        for kind in ("unshared", "shared") if n % 2 == 0 else ("shared", "unshared"):
            if kind == "unshared":
                process[kind].append(_timed(lambda: _process(records, None)))
                continue
            processed = TokenCache(work / f"processed-{n}.sqlite3")
            process[kind].append(_timed(lambda: _process(records, processed)))  # noqa: B023
            segmented["process"] = processed.misses
            processed.close()
    process_s = statistics.median(process["shared"])
    process_unshared_s = statistics.median(process["unshared"])

    # Each pass: a raw bulk; ours on the cache processing filled (a crawl); ours on an
    # empty cache (text no processing saw here); ours again on that cache, now full (a
    # re-crawl of the same text, a reindex). Medians over the passes, indexes dropped
    # after each (the server slows as its indexes grow).
    times: dict[str, list[float]] = {
        "raw": [],
        "crawl": [],
        "crawl_one_request": [],
        "cold": [],
        "cached": [],
    }
    for n in range(index_passes):
        crawl_cache = work / f"crawl-{n}.sqlite3"
        shutil.copyfile(work / "processed-0.sqlite3", crawl_cache)
        times["raw"].append(_timed(raw_index))
        assert client.count(index=raw_names.read_alias)["count"] == size
        _drop(client, raw_names)
        ElasticsearchBackend(ElasticsearchSettings(url=url, index_prefix=raw_names.prefix)).close()
        times["crawl"].append(ours_index(f"bench-crawl-{n}", crawl_cache, "index"))
        # The same, one request per batch: nothing built while a request is in flight.
        one_cache = work / f"one-{n}.sqlite3"
        shutil.copyfile(work / "processed-0.sqlite3", one_cache)
        with _request_items(BATCH):
            times["crawl_one_request"].append(ours_index(f"bench-one-{n}", one_cache, "index_one_request"))
        times["cold"].append(ours_index(f"bench-cold-{n}", work / f"cold-{n}.sqlite3", "index_unprocessed"))
        times["cached"].append(ours_index(f"bench-cached-{n}", work / f"cold-{n}.sqlite3", "index_cached"))
    median = {k: statistics.median(v) for k, v in times.items()}
    raw_s = median["raw"]

    ours = ElasticsearchBackend(
        ElasticsearchSettings(url=url, index_prefix="bench-ours"), tokens=TokenCache(work / "q.sqlite3")
    )
    _upsert_all(ours, records)
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
    _drop(client, ours.names)
    ours.close()
    client.close()
    shutil.rmtree(work, ignore_errors=True)
    crawl_s = process_s + median["crawl"]
    crawl_unshared_s = process_unshared_s + median["cold"]
    return {
        "articles": size,
        "index_passes": index_passes,
        "analysis_s": round(analysis_s, 2),
        "process_s": round(process_s, 2),
        "process_unshared_s": round(process_unshared_s, 2),
        "ours_index_s": round(median["crawl"], 2),
        "raw_bulk_s": round(raw_s, 2),
        "index_ratio": round(median["crawl"] / raw_s, 2),
        "index_ratio_one_request": round(median["crawl_one_request"] / raw_s, 2),
        "ours_index_unprocessed_s": round(median["cold"], 2),
        "index_ratio_unprocessed": round(median["cold"] / raw_s, 2),
        "ours_index_cached_s": round(median["cached"], 2),
        "index_ratio_cached": round(median["cached"] / raw_s, 2),
        "passes_s": {
            **{k: [round(x, 2) for x in v] for k, v in times.items()},
            **{f"process_{k}": [round(x, 2) for x in v] for k, v in process.items()},
        },
        # Texts segmented (analysis-cache misses) by each step: the work the cache saves,
        # counted rather than timed. Processing segments each article's title and text once.
        "texts_segmented": segmented,
        "crawl_s": round(crawl_s, 2),
        "crawl_unshared_s": round(crawl_unshared_s, 2),
        "crawl_ratio": round(crawl_s / crawl_unshared_s, 2),
        "crawl_vs_raw_ratio": round(crawl_s / (process_s + raw_s), 2),
        "queries": len(ours_ms),
        "ours_query_p50_ms": round(statistics.median(ours_ms), 2),
        "raw_query_p50_ms": round(statistics.median(raw_ms), 2),
        "query_ratio": round(statistics.median(ours_ms) / statistics.median(raw_ms), 2),
    }


@contextmanager
def _request_items(items: int) -> Iterator[None]:
    """Bulk requests of ``items`` documents for a while (the writer's bound is a module
    setting: the backend has no option for it)."""
    kept, bulk.MAX_REQUEST_ITEMS = bulk.MAX_REQUEST_ITEMS, items
    try:
        yield
    finally:
        bulk.MAX_REQUEST_ITEMS = kept


def _upsert_all(backend: ElasticsearchBackend, records: list[dict[str, Any]]) -> None:
    for start in range(0, len(records), BATCH):
        backend.upsert(records[start : start + BATCH])
    backend.commit()


def _drop(client: Elasticsearch, names: IndexNames) -> None:
    for index in client.indices.get(index=names.pattern).body:
        client.indices.delete(index=index)


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
