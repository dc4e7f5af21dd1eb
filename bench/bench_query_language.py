"""What the query language costs: partial-match tiers and the zero-results explanation.

On the same synthetic corpus as bench_search.py (same generator and seed), in one run:
- a four-word query ("semiconductor packaging research cooperation") searched in tiers (full matches, then partial ones: three searches,
  stiwatch.search.tiers) against the same query with every word required (one search);
- the same with one hit per story (collapse: the full tier's stories are read once more);
- a two-word query (no tiers: must cost what it did);
- the zero-results explanation (stiwatch.search.diagnose) of a query with two words and
  three filters: one count per word and filter, and one per word alone.

    .venv/bin/python bench/bench_query_language.py --size 10000 --rounds 20
    .venv/bin/python bench/bench_query_language.py --out bench/results_query_language.json

Medians of ``rounds`` runs after one warm-up pass; ratios come from the same run.
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_search import generate, index_records

from stiwatch.search.backend import SearchQuery
from stiwatch.search.diagnose import diagnose
from stiwatch.search.embedded import EmbeddedBackend

# Four clauses (three must match); the synthetic corpus has full and partial matches.
FOUR_WORDS = SearchQuery(text="semiconductor packaging research cooperation")
TWO_WORDS = SearchQuery(text="semiconductor cooperation")
EMPTY = SearchQuery(
    text="semiconductor zzqqxx", countries=("MM",), themes=("quantum",), since=date(2024, 1, 1), facets=()
)


def _median_ms(func: Callable[[], Any], rounds: int) -> float:
    func()  # warm-up
    times = []
    for _ in range(rounds):
        t0 = time.perf_counter()
        func()
        times.append((time.perf_counter() - t0) * 1000)
    return round(statistics.median(times), 2)


def run(size: int, rounds: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="stiwatch-bench-ql-") as tmp:
        backend = EmbeddedBackend(Path(tmp))
        index_records(backend, generate(size), 2000)
        tiers = backend.search(FOUR_WORDS)
        cases = {
            "four_words_tiers": lambda: backend.search(FOUR_WORDS),
            "four_words_all_required": lambda: backend.search(replace(FOUR_WORDS, partial=False)),
            "four_words_tiers_collapse": lambda: backend.search(replace(FOUR_WORDS, collapse=True)),
            "four_words_all_required_collapse": lambda: backend.search(
                replace(FOUR_WORDS, partial=False, collapse=True)
            ),
            "two_words": lambda: backend.search(TWO_WORDS),
            "zero_results_explanation": lambda: diagnose(backend, EMPTY),
        }
        medians = {name: _median_ms(func, rounds) for name, func in cases.items()}
        backend.close()
    return {
        "articles": size,
        "rounds": rounds,
        "four_words_total": tiers.total,
        "four_words_full_total": tiers.full_total,
        "median_ms": medians,
        "ratio_tiers_vs_all_required": round(
            medians["four_words_tiers"] / medians["four_words_all_required"], 2
        ),
        "ratio_tiers_vs_all_required_collapse": round(
            medians["four_words_tiers_collapse"] / medians["four_words_all_required_collapse"], 2
        ),
        "machine": f"{platform.processor() or platform.machine()}, Python {platform.python_version()}",
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args(argv)
    result = run(args.size, args.rounds)
    text = json.dumps(result, indent=2)
    print(text)
    if args.out:
        args.out.write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
