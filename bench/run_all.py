"""Run the benchmarks one after another, each with the command bench/README.md quotes.

    python bench/run_all.py                 # every benchmark, full size (about an hour here)
    python bench/run_all.py --quick         # small sizes, a few minutes: a smoke run
    python bench/run_all.py --only search pipeline

Results go to bench/results_<name>.json (full runs) or bench/out/ (quick runs).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent

# name: (full-size arguments, quick arguments). Full runs write the results file the README quotes.
BENCHMARKS: dict[str, tuple[list[str], list[str]]] = {
    "pipeline": (["--repeat", "5", "--out", "bench/results_pipeline.json"], ["--repeat", "1"]),
    "tagging": (["--repeat", "3", "--out", "bench/results_tagging.json"], ["--repeat", "1"]),
    "languages": (["--repeat", "5", "--out", "bench/results_languages.json"], ["--repeat", "1"]),
    "search": (["--out", "bench/results_search.json"], ["--sizes", "2000", "--rounds", "2"]),
    "query_language": (["--out", "bench/results_query_language.json"], ["--size", "2000", "--rounds", "3"]),
    "translate": (["--articles", "50", "--out", "bench/results_translate.json"], ["--articles", "10"]),
    "translate_base": (["--out", "bench/results_translate_base.json"], ["--articles", "2"]),
    "incremental": (
        ["--rounds", "1", "--latency", "0.2", "--out", "bench/results_incremental.json"],
        ["--rounds", "1", "--latency", "0.05", "--articles", "80", "--hosts", "4"],
    ),
    "elasticsearch": (
        ["--size", "2000", "--rounds", "5", "--out", "bench/results_elasticsearch.json"],
        ["--size", "200", "--rounds", "1"],
    ),
    "alerts": (["--curves", "--out", "bench/results_alerts.json"], ["--subs", "50", "--articles", "500"]),
    "analyst": (
        ["--out", "bench/results_analyst.json"],
        ["--size", "2000", "--rounds", "2", "--briefs", "1"],
    ),
    "spool": (
        ["--size", "2000", "--rounds", "3", "--out", "bench/results_spool.json"],
        ["--size", "200", "--rounds", "1"],
    ),
    "documents": (
        ["--repeat", "5", "--renders", "20", "--out", "bench/results_documents.json"],
        ["--repeat", "1", "--renders", "3", "--no-ocr"],
    ),
    "web": (
        ["--data-dir", "bench/out/web-100k", "--out", "bench/out/web-100k.json"],
        ["--articles", "2000", "--clients", "5", "--seconds", "5"],
    ),
}


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--quick", action="store_true", help="small sizes (a smoke run, not numbers to quote)"
    )
    parser.add_argument("--only", nargs="+", choices=sorted(BENCHMARKS), metavar="NAME")
    args = parser.parse_args()
    failed = []
    for name in args.only or BENCHMARKS:
        full, quick = BENCHMARKS[name]
        command = [sys.executable, str(HERE / f"bench_{name}.py"), *(quick if args.quick else full)]
        print(f"== {name}: {' '.join(command[1:])}", flush=True)
        start = time.perf_counter()
        if subprocess.run(command, cwd=HERE.parent, check=False).returncode != 0:
            failed.append(name)
        print(f"== {name}: {time.perf_counter() - start:.0f} s", flush=True)
    if failed:
        print(f"failed: {', '.join(failed)}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
