"""Benchmark of the analyst tools on the embedded backend: trends latency and a week's brief.

Indexes the seeded synthetic corpus of bench_search.py (default 100k articles, dates over
2019-2025), then times:
- a mix of trends requests (every facet, day/week/month, with and without text and
  filters), each ``--rounds`` times after a warm-up pass: p50 and p95 over all of them;
- the country × theme matrix and "rising this week";
- a week's brief (the last full week of the corpus): gathering its data, then writing
  HTML, Markdown and DOCX, ``--briefs`` times each.

    .venv/bin/python bench/bench_analyst.py                       # 100k, ~3-5 minutes
    .venv/bin/python bench/bench_analyst.py --size 10000 --rounds 5
    .venv/bin/python bench/bench_analyst.py --keep /tmp/corpus100k  # reuse an indexed corpus
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from bench_search import generate, index_records, percentile

from stiwatch.deliver.brief.html import render_html
from stiwatch.deliver.brief.markdown import render_markdown
from stiwatch.deliver.brief.model import build_brief, scope_of
from stiwatch.deliver.brief.names import namer
from stiwatch.deliver.brief.word import render_docx
from stiwatch.search.backend import SearchQuery
from stiwatch.search.embedded import EmbeddedBackend
from stiwatch.search.rising import rising
from stiwatch.search.trends import matrix, trends

# (query, facet, interval): the trends mix.
TRENDS_MIX: list[tuple[SearchQuery, str, str]] = [
    (SearchQuery(), "country", "month"),
    (SearchQuery(), "theme", "week"),
    (SearchQuery(), "agency", "day"),
    (SearchQuery(text="semiconductor policies"), "agency", "month"),
    (SearchQuery(text="ความร่วมมือ"), "language", "week"),
    (SearchQuery(countries=("TH",)), "theme", "week"),
    (SearchQuery(themes=("ai",), since=date(2024, 1, 1), until=date(2024, 12, 31)), "source", "day"),
    (SearchQuery(text="đổi mới sáng tạo", languages=("vi",)), "country", "month"),
]
# The corpus's dates end on 2025-12-31 (bench_search.START + DAYS): its last full week.
BRIEF_WEEK = (date(2025, 12, 22), date(2025, 12, 28))


def _timed(func: Callable[[], Any]) -> float:
    start = time.perf_counter()
    func()
    return (time.perf_counter() - start) * 1000


def _trends(backend: EmbeddedBackend, rounds: int) -> dict[str, Any]:
    for query, facet, interval in TRENDS_MIX:  # warm-up
        trends(backend, query, facet, interval)
    per_case: dict[str, list[float]] = {}
    for _ in range(rounds):
        for query, facet, interval in TRENDS_MIX:
            key = f"{query.text or '-'}|{facet}|{interval}|{','.join(query.countries + query.themes)}"
            per_case.setdefault(key, []).append(
                _timed(lambda q=query, f=facet, i=interval: trends(backend, q, f, i))  # type: ignore[misc]
            )
    every = [t for ts in per_case.values() for t in ts]
    return {
        "requests": len(every),
        "p50_ms": round(statistics.median(every), 2),
        "p95_ms": round(percentile(every, 95), 2),
        "max_ms": round(max(every), 2),
        "per_case_p50_ms": {k: round(statistics.median(v), 2) for k, v in per_case.items()},
    }


def _brief(backend: EmbeddedBackend, briefs: int) -> dict[str, Any]:
    name = namer("en")
    query = SearchQuery()
    since, until = BRIEF_WEEK
    timings: dict[str, list[float]] = {"gather": [], "html": [], "md": [], "docx": [], "total": []}
    articles = 0
    for _ in range(briefs):
        start = time.perf_counter()
        brief = build_brief(
            backend, query, since=since, until=until, lang="en", name=name, scope=scope_of(query, name)
        )
        timings["gather"].append((time.perf_counter() - start) * 1000)
        timings["html"].append(_timed(lambda b=brief: render_html(b, name)))  # type: ignore[misc]
        timings["md"].append(_timed(lambda b=brief: render_markdown(b, name)))  # type: ignore[misc]
        timings["docx"].append(_timed(lambda b=brief: render_docx(b, name)))  # type: ignore[misc]
        timings["total"].append((time.perf_counter() - start) * 1000)
        articles = brief.total
    return {
        "articles_in_week": articles,
        **{f"{k}_median_ms": round(statistics.median(v), 1) for k, v in timings.items()},
    }


def run(size: int, rounds: int, briefs: int, keep: Path | None) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        data_dir = keep or Path(tmp) / "data"
        backend = EmbeddedBackend(data_dir)
        index_s = 0.0
        if backend.count() != size:
            start = time.perf_counter()
            index_records(backend, generate(size), 2000)
            index_s = time.perf_counter() - start
        try:
            result = {
                "articles": backend.count(),
                "index_s": round(index_s, 1),
                "trends": _trends(backend, rounds),
                "matrix_median_ms": round(
                    statistics.median(_timed(lambda: matrix(backend, SearchQuery())) for _ in range(rounds)),
                    2,
                ),
                "rising_median_ms": round(
                    statistics.median(
                        _timed(lambda: rising(backend, SearchQuery(), BRIEF_WEEK[1])) for _ in range(rounds)
                    ),
                    2,
                ),
                "brief": _brief(backend, briefs),
            }
        finally:
            backend.close()
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=10, help="passes over the trends mix")
    parser.add_argument("--briefs", type=int, default=5, help="briefs built and written")
    parser.add_argument("--keep", type=Path, help="index into (or reuse) this data dir")
    parser.add_argument("--out", type=Path, help="write the results as JSON here")
    args = parser.parse_args(argv)
    result = {
        "machine": f"{platform.machine()} {platform.processor() or ''}".strip(),
        "python": platform.python_version(),
        "when": time.strftime("%Y-%m-%d %H:%M"),
        **run(args.size, args.rounds, args.briefs, args.keep),
    }
    print(json.dumps(result, indent=2, ensure_ascii=False))
    if args.out:
        args.out.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
