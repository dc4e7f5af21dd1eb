"""Benchmark of the embedded search backend: index time and faceted-search latency.

Builds synthetic corpora (default 10k and 100k articles) in a temporary
directory, then runs a fixed mix of queries (text + facet filters + the five
default facets) and reports p50/p95 latency per corpus size, for our search and
for raw tantivy running the same compiled queries (``raw_*``: the tantivy calls the
search makes, prepared in advance: no query parsing, no record reads, no Python
around them), and their ratio.

    .venv/bin/python bench/bench_search.py                  # 10k and 100k
    .venv/bin/python bench/bench_search.py --sizes 10000 --out bench/results-search.json

The generator is deterministic (seeded), so runs are comparable across machines
and commits. Articles mix Thai, Vietnamese and English in roughly the
proportions the registered sources produce, with tags and dates over 2019-2025.
"""

from __future__ import annotations

import argparse
import json
import platform
import random
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import tantivy

from stiwatch.core.taxonomy import load_taxonomy
from stiwatch.search.backend import SearchQuery
from stiwatch.search.embedded import EmbeddedBackend
from stiwatch.search.embedded import index as ix
from stiwatch.search.tiers import has_tiers

ICT = timezone(timedelta(hours=7))

# Phrase pools per language: realistic STI-news fragments, recombined at random.
THAI = [
    "กระทรวงการอุดมศึกษา วิทยาศาสตร์ วิจัยและนวัตกรรม",
    "ความร่วมมือด้านวิทยาศาสตร์และเทคโนโลยีไทย-จีน",
    "การขจัดความยากจนด้วยองค์ความรู้จากงานวิจัย",
    "ส่งเสริมการถ่ายทอดเทคโนโลยีสู่ชุมชน",
    "พัฒนากำลังคนด้านเซมิคอนดักเตอร์และปัญญาประดิษฐ์",
    "เศรษฐกิจชีวภาพ เศรษฐกิจหมุนเวียน และเศรษฐกิจสีเขียว",
    "การประชุมคณะกรรมการอาเซียนด้านวิทยาศาสตร์ เทคโนโลยีและนวัตกรรม",
    "ระบบนิเวศนวัตกรรมและวิสาหกิจเริ่มต้น",
    "ความเป็นกลางทางคาร์บอนและการปล่อยก๊าซเรือนกระจกสุทธิเป็นศูนย์",
    "นักวิจัยรุ่นใหม่ได้รับทุนสนับสนุนการวิจัย",
    "ดาวเทียมสำรวจทรัพยากรและเทคโนโลยีอวกาศ",
    "ระบบรางและการขนส่งทางรางความเร็วสูง",
    "การแพทย์แม่นยำและเทคโนโลยีชีวภาพ",
    "เมืองอัจฉริยะและการเปลี่ยนผ่านสู่ดิจิทัล",
    "มาตรฐานและทรัพย์สินทางปัญญา",
]
VIETNAMESE = [
    "Bộ Khoa học và Công nghệ",
    "đổi mới sáng tạo là động lực tăng trưởng",
    "hợp tác quốc tế về khoa học công nghệ",
    "chuyển đổi số quốc gia",
    "phát triển nguồn nhân lực chất lượng cao",
    "công nghiệp bán dẫn và trí tuệ nhân tạo",
    "hệ sinh thái khởi nghiệp đổi mới sáng tạo",
    "chuyển giao công nghệ cho doanh nghiệp",
    "năng lượng tái tạo và trung hòa carbon",
    "nghiên cứu khoa học trong các trường đại học",
    "tiêu chuẩn đo lường chất lượng và sở hữu trí tuệ",
    "năng lượng nguyên tử vì mục đích hòa bình",
    "hội nghị Bộ trưởng ASEAN về khoa học công nghệ",
]
ENGLISH = [
    "the Ministry of Higher Education, Science, Research and Innovation",
    "signed a memorandum of understanding on research cooperation",
    "semiconductor policies and advanced packaging",
    "artificial intelligence governance frameworks",
    "talent mobility programmes for young researchers",
    "carbon neutrality and net zero targets",
    "technology transfer to small and medium enterprises",
    "the ASEAN Committee on Science, Technology and Innovation",
    "quantum technologies roadmap",
    "space agencies launched an earth observation satellite",
    "smart cities and digital transformation",
    "startups and venture capital in Southeast Asia",
    "standards and intellectual property protection",
]
COUNTRIES = ["TH", "VN", "LA", "KH", "MM", "MY", "SG", "ID", "PH", "CN", "JP", "KR", "US", "AU"]
AGENCIES = {
    "th": ["MHESI", "NXPO", "PMU-A", "PMU-B", "TSRI", "NRCT", "NSTDA", "TISTR", "GISTDA", "DEPA"],
    "vi": ["MOST-VN", "MIC-VN", "MOET-VN", "VAST", "NAFOSTED"],
    "en": ["ASEC", "COSTI", "AMMSTI", "JICA", "KOICA", "UNDP", "WIPO", "ADB", "EU", "OECD"],
}
# The taxonomy's own theme ids, in the order themes.yaml declares them.
THEMES = list(load_taxonomy().themes)
SOURCES = {
    # Ids from the source registry (the web API refuses a source it does not know).
    "th": ["nstda", "nxpo", "mhesi", "pmu-a", "pmu-b", "thaigov", "tsri"],
    "vi": ["mst-gov-vn", "baochinhphu", "vnexpress-khoa-hoc", "vietnamplus-vi"],
    "en": ["asean-secretariat", "astnet", "bangkokpost-tech", "vietnamplus-en"],
}
LANG_WEIGHTS = (("th", 0.5), ("vi", 0.3), ("en", 0.2))
START = date(2019, 1, 1)
DAYS = (date(2025, 12, 31) - START).days


def _pick_language(rng: random.Random) -> str:
    roll = rng.random()
    for lang, weight in LANG_WEIGHTS:
        roll -= weight
        if roll < 0:
            return lang
    return "en"


def _sentence(rng: random.Random, lang: str) -> str:
    pool = {"th": THAI, "vi": VIETNAMESE, "en": ENGLISH}[lang]
    parts = rng.sample(pool, rng.randint(2, 3))
    joiner = " " if lang == "th" else ", "
    ending = "" if lang == "th" else "."
    # Thai news mixes in Latin acronyms and numbers; all languages cite years.
    acronym = rng.choice(["ASEAN", "COSTI-84", "BCG", "AI", "SCIRD-59"])
    extra = f" {acronym} {rng.randint(2019, 2025)}"
    return joiner.join(parts) + extra + ending


def make_article(i: int, rng: random.Random) -> dict[str, Any]:
    """One deterministic synthetic record shaped like Article.to_record()."""
    lang = _pick_language(rng)
    title = _sentence(rng, lang)
    text = "\n\n".join(_sentence(rng, lang) for _ in range(rng.randint(4, 9)))
    home = {"th": "TH", "vi": "VN", "en": rng.choice(COUNTRIES)}[lang]
    countries = sorted({home, *rng.sample(COUNTRIES, rng.randint(0, 2))})
    agencies = sorted(set(rng.sample(AGENCIES[lang], rng.randint(1, 2))))
    themes = sorted(set(rng.sample(THEMES, rng.randint(1, 3))))
    published: str | None = None
    if rng.random() > 0.05:  # a few articles have no date
        day = START + timedelta(days=rng.randrange(DAYS))
        moment = datetime(day.year, day.month, day.day, rng.randrange(24), tzinfo=ICT)
        published = moment.isoformat()
    translations = {}
    if lang != "en" and rng.random() < 0.2:
        translations["en"] = {"title": _sentence(rng, "en"), "text": _sentence(rng, "en")}
    return {
        "id": f"{i:016x}",
        "url": f"https://example.org/{lang}/{i}",
        "source": rng.choice(SOURCES[lang]),
        "title": title,
        "text": text,
        "language": lang,
        "published": published,
        "published_from": "metadata" if published else None,
        "countries": countries,
        "agencies": agencies,
        "themes": themes,
        "source_url": None,
        "translations": translations,
        "fetched_at": "2025-12-31T00:00:00+00:00",
        "errors": [],
        "tag_evidence": {},
        "metadata": {},
        "content_hash": f"{rng.getrandbits(64):016x}",
        "story_id": "",
    }


def generate(n: int, seed: int = 20250101) -> Iterator[dict[str, Any]]:
    rng = random.Random(seed)
    for i in range(n):
        yield make_article(i, rng)


# The query mix: each runs with the five default facets.
QUERY_MIX = [
    SearchQuery(text="ความร่วมมือ"),
    SearchQuery(text="เซมิคอนดักเตอร์", countries=("TH",)),
    SearchQuery(text="đổi mới sáng tạo"),
    SearchQuery(text="doi moi sang tao", languages=("vi",), sort="date"),
    SearchQuery(text="semiconductor policies"),
    SearchQuery(text="ASEAN", themes=("talent-mobility", "ai")),
    SearchQuery(text="carbon", since=date(2023, 1, 1), until=date(2024, 12, 31)),
    SearchQuery(countries=("VN", "LA"), agencies=("MOST-VN",), sort="date"),
    SearchQuery(themes=("semiconductors",), since=date(2024, 1, 1)),
    SearchQuery(text="khoa học công nghệ", offset=40),
    SearchQuery(),
    SearchQuery(text="quantum technologies", sources=("asean-secretariat", "astnet")),
]


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    rank = max(0, min(len(ordered) - 1, round(pct / 100 * len(ordered) + 0.5) - 1))
    return ordered[rank]


def index_records(backend: EmbeddedBackend, records: Iterator[dict[str, Any]], batch: int) -> None:
    """Upsert ``records`` in batches of ``batch`` and commit once at the end."""
    pending: list[dict[str, Any]] = []
    for record in records:
        pending.append(record)
        if len(pending) >= batch:
            backend.upsert(pending)
            pending = []
    backend.upsert(pending)
    backend.commit()


def _compiled(backend: EmbeddedBackend, query: SearchQuery, tier: Any) -> tuple[Any, Any]:
    """(ranking, matching) tantivy queries of one tier, as the backend builds them."""
    schema = backend._schema
    concepts = getattr(backend, "concepts_indexed", None)
    if concepts is None:  # a checkout from before concept keys: one query for both
        tq = ix.build_query(schema, query, tier)
        return tq, tq
    matching = ix.build_query(schema, query, tier, concepts=concepts, scored=False)
    if query.sort == "date" or not query.limit:
        return matching, matching
    return ix.build_query(schema, query, tier, concepts=concepts), matching


def raw_call(backend: EmbeddedBackend, query: SearchQuery) -> Callable[[], None]:
    """The tantivy calls ``backend.search(query)`` makes, compiled in advance: top hits with
    the count and their ids, then the facet aggregation, per tier (the partial tier with the
    query's own page; a tier asked only for counts, one aggregation that also counts the
    matches). The engine's floor for the query."""
    searcher = backend._index.searcher()
    steps: list[tuple[SearchQuery, str]] = [(query, "full")]
    if has_tiers(query):
        full = replace(query, facets=())
        steps = [(full, "full"), (replace(query, limit=0, offset=0), "any")]
        filled = getattr(searcher.search(_compiled(backend, full, "full")[1], 1, count=True), "count", 0)
        # The partial tier is searched when the full tier leaves room on the page (or, in a
        # checkout from before that rule, always).
        older = getattr(backend, "concepts_indexed", None) is None
        if older or filled < query.offset + query.limit:
            steps.insert(1, (full, "partial"))
    plans = [(q, *_compiled(backend, q, tier)) for q, tier in steps]

    counts_only = hasattr(ix, "MATCH_COUNT")  # a page of no hits is one aggregation (c7b7d0e on)

    def call() -> None:
        for q, ranking, matching in plans:
            if counts_only and q.limit == 0 and not q.collapse:
                searcher.aggregate(
                    matching, {**ix.facet_aggregation(q.facets, q.mentions), ix.MATCHES: ix.MATCH_COUNT}
                )
                continue
            wanted = max(q.limit, 1)
            if q.sort == "date":
                found = searcher.search(
                    ranking, wanted, count=True, offset=q.offset, order_by_field=ix.PUBLISHED,
                    order=tantivy.Order.Desc,
                )  # fmt: skip
            else:
                found = searcher.search(ranking, wanted, count=True, offset=q.offset)
            for _, address in found.hits[: q.limit]:
                searcher.doc(address)[ix.ID_FIELD]
            if q.facets:
                searcher.aggregate(matching, ix.facet_aggregation(q.facets, q.mentions))

    return call


def run(size: int, rounds: int, batch: int = 2000) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="stiwatch-bench-") as tmp:
        backend = EmbeddedBackend(Path(tmp))
        started = time.perf_counter()
        index_records(backend, generate(size), batch)
        index_s = time.perf_counter() - started
        stats = backend.stats()

        raw_calls = [raw_call(backend, query) for query in QUERY_MIX]
        for query, raw in zip(QUERY_MIX, raw_calls, strict=True):  # warm-up: first touches of the files
            backend.search(query)
            raw()
        latencies: list[float] = []
        raw_latencies: list[float] = []
        totals = []
        # Ours and raw back to back, query by query, so that load falls on both.
        for _ in range(rounds):
            for query, raw in zip(QUERY_MIX, raw_calls, strict=True):
                t0 = time.perf_counter()
                result = backend.search(query)
                t1 = time.perf_counter()
                raw()
                t2 = time.perf_counter()
                latencies.append((t1 - t0) * 1000)
                raw_latencies.append((t2 - t1) * 1000)
                totals.append(result.total)
        per_query = {
            f"{i}:{(query.text or '-')[:24]}": round(statistics.median(latencies[i :: len(QUERY_MIX)]), 2)
            for i, query in enumerate(QUERY_MIX)
        }
        backend.close()
        # Measured after close, which folds the write-ahead log into the database.
        store_bytes = backend.store.size_bytes()
    return {
        "articles": size,
        "index_seconds": round(index_s, 2),
        "docs_per_second": round(size / index_s),
        "index_mb": round(stats["index_bytes"] / 1e6, 1),
        "store_mb": round(store_bytes / 1e6, 1),
        "queries": len(latencies),
        "p50_ms": round(statistics.median(latencies), 2),
        "p95_ms": round(percentile(latencies, 95), 2),
        "max_ms": round(max(latencies), 2),
        "raw_p50_ms": round(statistics.median(raw_latencies), 2),
        "raw_p95_ms": round(percentile(raw_latencies, 95), 2),
        "ratio_p50": round(statistics.median(latencies) / statistics.median(raw_latencies), 2),
        "ratio_p95": round(percentile(latencies, 95) / percentile(raw_latencies, 95), 2),
        "mean_hits_total": round(statistics.mean(totals)),
        "per_query_p50_ms": per_query,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--rounds", type=int, default=10, help="passes over the query mix")
    parser.add_argument("--out", type=Path, help="write the results as JSON to this file")
    args = parser.parse_args(argv)

    results = [run(size, args.rounds) for size in args.sizes]
    columns = [c for c in results[0] if c != "per_query_p50_ms"]
    print(" | ".join(columns))
    for row in results:
        print(" | ".join(str(row[c]) for c in columns))
    for row in results:
        print(
            f"median ms per query at {row['articles']:,}:",
            json.dumps(row["per_query_p50_ms"], ensure_ascii=False),
        )
    if args.out:
        payload = {
            "benchmark": "embedded search",
            "python": platform.python_version(),
            "machine": platform.machine(),
            "query_mix": len(QUERY_MIX),
            "results": results,
        }
        args.out.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
