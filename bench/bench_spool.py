"""The spool on the embedded backend: what an outage costs while it lasts and when it ends.

Measured on one seeded synthetic corpus (bench_search's generator), each round in fresh
temporary data directories, medians over the rounds:

1. **direct**: what the store stage does when the backend is up: ``upsert`` batches of
   100 records, ``commit`` after each;
2. **spool**: what a crawl does during an outage instead: the same batches written to the
   spool (JSON Lines, fsync'd);
3. **replay (checked)**: sending that spool once the backend is back: per file,
   ``get_many`` + reconcile + ``upsert`` + ``commit``;
4. **replay (unchecked)**: the same after a crawl whose dedupe could not ask the store, into
   a store already holding the corpus's first half: every record is compared with the
   stored one, and the new half is linked to its story again against every stored story
   (one pass over the store, as a crawl's dedupe stage makes).

Usage::

    .venv/bin/python bench/bench_spool.py [--size 2000] [--rounds 3] [--out FILE]
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
sys.path.insert(0, str(ROOT / "bench"))

from bench_search import generate  # noqa: E402

from stiwatch.pipelines.dedupe import content_hash  # noqa: E402
from stiwatch.pipelines.spool import Spool  # noqa: E402
from stiwatch.search.embedded import EmbeddedBackend  # noqa: E402

BATCH = 100


def corpus(size: int) -> list[dict[str, Any]]:
    records = list(generate(size))
    for record in records:
        record["content_hash"] = content_hash(record.get("title") or "", record.get("text") or "")
        record.setdefault("story_id", record["id"])
        record.setdefault("revision", 1)
    return records


def _batches(records: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    return [records[i : i + BATCH] for i in range(0, len(records), BATCH)]


def one_round(records: list[dict[str, Any]], tmp: Path) -> dict[str, float]:
    out: dict[str, float] = {}
    backend = EmbeddedBackend(tmp / "direct")
    start = time.perf_counter()
    for batch in _batches(records):
        backend.upsert(batch)
        backend.commit()
    out["direct"] = time.perf_counter() - start
    backend.close()

    spool = Spool(tmp / "spooled" / "spool")
    start = time.perf_counter()
    for batch in _batches(records):
        spool.add(batch)
    out["spool"] = time.perf_counter() - start
    backend = EmbeddedBackend(tmp / "spooled")
    start = time.perf_counter()
    result = spool.replay(backend)
    out["replay_checked"] = time.perf_counter() - start
    assert result.sent == len(records), result.describe()
    backend.close()

    half = len(records) // 2
    backend = EmbeddedBackend(tmp / "blind")
    backend.upsert(records[:half])
    backend.commit()
    spool = Spool(tmp / "blind" / "spool")
    for batch in _batches(records):
        spool.add(batch, checked=False, relink=True)
    start = time.perf_counter()
    result = spool.replay(backend)
    out["replay_unchecked"] = time.perf_counter() - start
    assert result.counts() == {"unchanged": half, "new": len(records) - half}, result.counts()
    backend.close()
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--size", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args(argv)
    records = corpus(args.size)
    rounds = []
    for i in range(args.rounds):
        with tempfile.TemporaryDirectory(prefix="bench-spool-") as tmp:
            rounds.append(one_round(records, Path(tmp)))
        print(f"round {i + 1}: " + ", ".join(f"{k} {v:.2f} s" for k, v in rounds[-1].items()), flush=True)
    medians = {k: statistics.median(r[k] for r in rounds) for k in rounds[0]}
    per_record_ms = {k: 1000 * v / args.size for k, v in medians.items()}
    ratios = {
        k: statistics.median(r[k] / r["direct"] for r in rounds)
        for k in ("spool", "replay_checked", "replay_unchecked")
    }
    print(f"{args.size} records, median of {args.rounds} rounds")
    print(f"{'':18} {'seconds':>8} {'ms/record':>10} {'÷ direct':>9}")
    for key, seconds in medians.items():
        ratio = f"{ratios[key]:.2f}" if key in ratios else "1.00"
        print(f"{key:18} {seconds:8.2f} {per_record_ms[key]:10.2f} {ratio:>9}")
    if args.out:
        report = {
            "size": args.size,
            "rounds": rounds,
            "median_seconds": medians,
            "ms_per_record": per_record_ms,
            "ratio_to_direct": ratios,
            "python": platform.python_version(),
        }
        args.out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
