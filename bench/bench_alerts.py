"""Benchmark of one `alerts run`: many subscriptions over many newly indexed articles.

Builds a temporary data directory on the embedded backend, adds the subscriptions
(one email address each, schedule ``immediate``), indexes the synthetic articles of
``bench_search.py`` as newly fetched (10 % of them reposts sharing a story id), starts a
real SMTP server (aiosmtpd) on 127.0.0.1, then times:

- a dry run (search, first-seen filter, collapse, ledger look-ups; nothing sent);
- the real run (the same plus rendering, SMTP and the ledger writes);
- a second run (nothing new: the cost of a quiet run).

    .venv/bin/python bench/bench_alerts.py                    # 1,000 subscriptions, 10,000 articles
    .venv/bin/python bench/bench_alerts.py --subs 200 --articles 2000 --out /tmp/alerts.json
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
from datetime import UTC, datetime
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
    """Counts accepted messages."""

    def __init__(self) -> None:
        self.count = 0

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.count += 1
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
    """Wall time, per-subscription times and the report."""
    per_sub: list[float] = []
    original = runner._run_one

    def timed(*args: Any, **kwargs: Any) -> Any:
        t0 = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            per_sub.append(time.perf_counter() - t0)

    runner._run_one = timed  # type: ignore[method-assign]
    t0 = time.perf_counter()
    report = runner.run(dry_run=dry_run).to_json()
    wall = time.perf_counter() - t0
    runner._run_one = original  # type: ignore[method-assign]
    return wall, per_sub, report


def ms(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return round(1000 * ordered[min(len(ordered) - 1, int(q * len(ordered)))], 2)


def run(n_subs: int, n_articles: int) -> dict[str, Any]:
    rng = random.Random(7)
    with tempfile.TemporaryDirectory() as tmp:
        data_dir = Path(tmp) / "data"
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
        backend = EmbeddedBackend(data_dir)
        t0 = time.perf_counter()
        for start in range(0, len(records), 2000):
            backend.upsert(records[start : start + 2000])
        backend.commit()
        index_s = time.perf_counter() - t0

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
            wall, per, report = timed_run(runner, dry_run=False)
            quiet_wall, quiet_per, _ = timed_run(runner, dry_run=False)
        finally:
            controller.stop()
            backend.close()
        stories = [c["stories"] for s in report["subscriptions"] for c in s["channels"]]
        return {
            "subscriptions": n_subs,
            "articles": n_articles,
            "distinct_searches": distinct,
            "add_subscriptions_s": round(add_s, 2),
            "index_s": round(index_s, 1),
            "dry_run_s": round(dry_wall, 2),
            "dry_run_per_sub_ms": {
                "median": ms(dry_per, 0.5),
                "p95": ms(dry_per, 0.95),
                "max": ms(dry_per, 1.0),
            },
            "run_s": round(wall, 2),
            "run_per_sub_ms": {
                "mean": round(1000 * wall / n_subs, 2),
                "median": ms(per, 0.5),
                "p95": ms(per, 0.95),
                "max": ms(per, 1.0),
            },
            "emails_accepted": sink.count,
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
    parser.add_argument("--out", type=Path, help="also write the results as JSON here")
    args = parser.parse_args(argv)
    result = {
        "machine": f"{platform.machine()} {os.cpu_count()} cpu, Python {platform.python_version()}",
        **run(args.subs, args.articles),
    }
    print(json.dumps(result, indent=2, ensure_ascii=False))
    if args.out:
        args.out.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
