"""Benchmark of one `alerts run`: many subscriptions over many newly indexed articles.

Builds a temporary data directory on the embedded backend, adds the subscriptions
(one email address each, schedule ``immediate``), indexes the synthetic articles of
``bench_search.py`` as newly fetched (10 % of them reposts sharing a story id), starts a
real SMTP server (aiosmtpd) on 127.0.0.1, then times:

- a dry run (the batch of new articles read once and percolated against every
  subscription, first-seen filter, collapse, ledger look-ups; nothing sent);
- the real run (the same plus rendering, SMTP and the ledger writes);
- a second run (nothing new: the cost of a quiet run).

``--old N`` first indexes N more articles fetched a year earlier (in the index, not new).
``--curves`` then measures the two curves of the percolator's cost, dry runs only: over
the number of new articles (a fixed index of just those) and over the size of the index
(a fixed number of new articles, more and more old ones).

    .venv/bin/python bench/bench_alerts.py                    # 1,000 subscriptions, 10,000 articles
    .venv/bin/python bench/bench_alerts.py --subs 200 --articles 2000 --out /tmp/alerts.json
    .venv/bin/python bench/bench_alerts.py --curves --out bench/results_alerts.json
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import socket
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench_search import COUNTRIES, THEMES, generate

from stiwatch.core.config import load_config
from stiwatch.deliver.alerts.runner import AlertRunner
from stiwatch.deliver.alerts.subscriptions import Subscription, SubscriptionStore
from stiwatch.search.embedded import EmbeddedBackend

# Query words that occur in the synthetic corpus (English, Thai, Vietnamese) and one that never does.
WORDS = [
    "semiconductor",
    "quantum",
    "satellite",
    "startups",
    "carbon",
    "memorandum",
    "artificial intelligence",
    "talent mobility",
    "เซมิคอนดักเตอร์",
    "ดาวเทียม",
    "นวัตกรรม",
    "bán dẫn",
    "chuyển đổi số",
    "đổi mới sáng tạo",
    "hydrogen",
]


class Sink:
    """Counts accepted messages and the connections they came over."""

    def __init__(self) -> None:
        self.count = 0
        self.peers: set[Any] = set()

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.count += 1
        self.peers.add(session.peer)
        return "250 OK"


def make_subscription(i: int, rng: random.Random) -> Subscription:
    """A mix: 40 % text only, 30 % text + country, 20 % theme + country, 10 % country only."""
    kind = rng.random()
    sub = Subscription(name=f"sub-{i:04d}", emails=[f"user{i}@example.org"], schedule="immediate")
    if kind < 0.7:
        sub.query = rng.choice(WORDS)
    if 0.4 <= kind < 0.7 or kind >= 0.9:
        sub.countries = [rng.choice(COUNTRIES[:9])]
    if 0.7 <= kind < 0.9:
        sub.themes = [rng.choice(THEMES)]
        sub.countries = [rng.choice(COUNTRIES[:9])]
    return sub


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def timed_run(runner: AlertRunner, dry_run: bool) -> tuple[float, list[float], dict[str, Any]]:
    """Wall time, per-subscription times (the batch's percolator build first) and the report."""
    per_sub: list[float] = []
    original, build = runner._run_one, runner._percolator

    def timed(*args: Any, **kwargs: Any) -> Any:
        t0 = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            per_sub.append(time.perf_counter() - t0)

    def timed_build(*args: Any, **kwargs: Any) -> Any:
        t0 = time.perf_counter()
        try:
            return build(*args, **kwargs)
        finally:
            runner.last_batch_s = time.perf_counter() - t0  # type: ignore[attr-defined]

    runner._run_one = timed  # type: ignore[method-assign]
    runner._percolator = timed_build  # type: ignore[method-assign]
    t0 = time.perf_counter()
    report = runner.run(dry_run=dry_run).to_json()
    wall = time.perf_counter() - t0
    runner._run_one, runner._percolator = original, build  # type: ignore[method-assign]
    return wall, per_sub, report


def ms(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return round(1000 * ordered[min(len(ordered) - 1, int(q * len(ordered)))], 2)


def old_articles(n: int) -> list[dict[str, Any]]:
    """``n`` articles first seen a year before the run (in the index, never new)."""
    year_ago = (datetime.now(UTC) - timedelta(days=365)).isoformat()
    records = []
    for rec in generate(n, seed=99):
        rec["id"] = f"old{rec['id']}"
        rec["fetched_at"] = year_ago
        rec["story_id"] = rec["id"]
        records.append(rec)
    return records


def run(n_subs: int, n_articles: int, old: int = 0, *, passes: str = "all") -> dict[str, Any]:
    rng = random.Random(7)
    with tempfile.TemporaryDirectory() as tmp:
        data_dir = Path(tmp) / "data"
        backend = EmbeddedBackend(data_dir)
        olds = old_articles(old)
        for start in range(0, len(olds), 2000):
            backend.upsert(olds[start : start + 2000])
        backend.commit()
        store = SubscriptionStore(data_dir)
        t0 = time.perf_counter()
        for i in range(n_subs):
            store.add(make_subscription(i, rng))
        add_s = time.perf_counter() - t0
        distinct = len({replace(s.to_query(limit=1), facets=()) for s in store.list()})

        time.sleep(0.01)  # articles are fetched after the subscriptions were made
        now = datetime.now(UTC).isoformat()
        records = []
        for rec in generate(n_articles):
            rec["fetched_at"] = now
            rec["story_id"] = rec["id"]
            if records and rng.random() < 0.1:
                rec["story_id"] = rng.choice(records)["story_id"]
            records.append(rec)
        t0 = time.perf_counter()
        for start in range(0, len(records), 2000):
            backend.upsert(records[start : start + 2000])
        backend.commit()
        index_s = time.perf_counter() - t0
        if passes == "dry":
            try:
                runner = AlertRunner(load_config(data_dir=data_dir, env=dict(os.environ)), backend)
                dry_wall, dry_per, dry = timed_run(runner, dry_run=True)
            finally:
                backend.close()
            return {
                "subscriptions": n_subs,
                "new_articles": n_articles,
                "old_articles": old,
                "dry_run_s": round(dry_wall, 2),
                "batch_s": round(getattr(runner, "last_batch_s", 0.0), 2),
                "matched_per_sub_ms": {"median": ms(dry_per, 0.5), "p95": ms(dry_per, 0.95)},
            }

        sink = Sink()
        controller = Controller(sink, hostname="127.0.0.1", port=free_port())
        controller.start()
        env = {
            **os.environ,
            "STIWATCH_SMTP_HOST": "127.0.0.1",
            "STIWATCH_SMTP_PORT": str(controller.port),
            "STIWATCH_ALERTS_SECRET": "bench",
        }
        try:
            runner = AlertRunner(load_config(data_dir=data_dir, env=env), backend)
            dry_wall, dry_per, dry = timed_run(runner, dry_run=True)
            batch_s = getattr(runner, "last_batch_s", 0.0)
            wall, per, report = timed_run(runner, dry_run=False)
            connections = len(sink.peers)
            run_batch_s = getattr(runner, "last_batch_s", 0.0)
            quiet_wall, quiet_per, _ = timed_run(runner, dry_run=False)
        finally:
            controller.stop()
            backend.close()
        stories = [c["stories"] for s in report["subscriptions"] for c in s["channels"]]
        return {
            "subscriptions": n_subs,
            "articles": n_articles,
            "old_articles": old,
            "distinct_searches": distinct,
            "add_subscriptions_s": round(add_s, 2),
            "index_s": round(index_s, 1),
            "dry_run_s": round(dry_wall, 2),
            "dry_run_batch_s": round(batch_s, 2),
            "dry_run_per_sub_ms": {
                "median": ms(dry_per, 0.5),
                "p95": ms(dry_per, 0.95),
                "max": ms(dry_per, 1.0),
            },
            "run_s": round(wall, 2),
            "run_batch_s": round(run_batch_s, 2),
            "run_per_sub_ms": {
                "mean": round(1000 * wall / n_subs, 2),
                "median": ms(per, 0.5),
                "p95": ms(per, 0.95),
                "max": ms(per, 1.0),
            },
            "emails_accepted": sink.count,
            "smtp_connections": connections,
            "sent": report["sent"],
            "failed": report["failed"],
            "stories_per_digest": {"median": statistics.median(stories), "max": max(stories)},
            "quiet_run_s": round(quiet_wall, 2),
            "quiet_run_per_sub_ms": {"median": ms(quiet_per, 0.5), "p95": ms(quiet_per, 0.95)},
            "dry_run_would_send": sum(
                1 for s in dry["subscriptions"] for c in s["channels"] if c["status"] == "would-send"
            ),
        }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--subs", type=int, default=1000)
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--old", type=int, default=0, help="older articles in the index, not new")
    parser.add_argument(
        "--curves", action="store_true", help="also measure cost over new articles and index size"
    )
    parser.add_argument("--out", type=Path, help="also write the results as JSON here")
    args = parser.parse_args(argv)
    result: dict[str, Any] = {
        "machine": f"{platform.machine()} {os.cpu_count()} cpu, Python {platform.python_version()}",
        "load_average": os.getloadavg(),
        **run(args.subs, args.articles, args.old),
    }
    if args.curves:
        result["curve_new_articles"] = [
            run(args.subs, n, 0, passes="dry")
            for n in (args.articles // 4, args.articles // 2, args.articles)
        ]
        result["curve_index_size"] = [
            run(args.subs, args.articles // 4, old, passes="dry")
            for old in (0, args.articles, 3 * args.articles)
        ]
        result["load_average_after"] = os.getloadavg()
    print(json.dumps(result, indent=2, ensure_ascii=False))
    if args.out:
        args.out.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
