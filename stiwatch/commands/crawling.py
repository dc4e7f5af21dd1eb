"""Crawl, run, serve and source health commands (continuous operation).

Registered from stiwatch/commands/core.py; the work is in stiwatch/crawl.py (one
crawl), stiwatch/scheduler.py (serve-time schedule) and crawler/health.py.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import uuid
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from crawler.registry import Source, load_sources
from stiwatch.cli_util import UserError, config_from_args, open_configured_backend, print_table
from stiwatch.config import Config


def selected_sources(ids: Sequence[str] | None) -> list[Source]:
    registry = load_sources()
    if not ids:
        return [s for s in registry.values() if s.enabled]
    unknown = [i for i in ids if i not in registry]
    if unknown:
        raise UserError(f"unknown source id(s): {', '.join(unknown)} (see `stiwatch sources list --all`)")
    return [registry[i] for i in ids]


def crawl_backend(config: Config, distributed: bool) -> Any:
    """The configured backend; a distributed crawl on the embedded one serialises writes."""
    if distributed and config.get("search", "backend") == "embedded":
        from crawler.distributed_store import SerializedEmbeddedBackend

        return SerializedEmbeddedBackend(config.data_dir)
    return open_configured_backend(config)


def crawl(
    config: Config,
    ids: Sequence[str] | None,
    replay_mode: str | bool,
    *,
    full: bool = False,
    replay_url: str | None = None,
    crawl_id: str | None = None,
    record_history: bool = True,
    quiet: bool = False,
) -> dict[str, Any]:
    """One crawl in this process (or one worker's share of a distributed crawl)."""
    from stiwatch.crawl import SourceLocks, redis_url, run_crawl, should_replay

    sources = selected_sources(ids)
    replay = True if replay_url else should_replay(replay_mode, sources)
    distributed = bool(redis_url(config))
    locks = None
    if not distributed:
        # Two crawls of one source at once would fight over its state: skip busy ones.
        locks = SourceLocks(config.data_dir)
        busy = locks.acquire([s.id for s in sources])
        if busy:
            print(f"already being crawled elsewhere, skipped: {', '.join(busy)}", file=sys.stderr)
        sources = [s for s in sources if s.id not in busy]
    try:
        if not sources:
            return {"sources": {}, "totals": {}, "finish_reason": "nothing-to-do"}
        backend = crawl_backend(config, distributed)
        if not quiet:
            print(
                f"crawling {len(sources)} source(s) {'from the bundled archive' if replay else 'live'}"
                f" into {config.data_dir}{' (full)' if full else ''}",
                file=sys.stderr,
            )
        try:
            return run_crawl(
                config,
                backend,
                sources,
                replay=replay,
                replay_url=replay_url,
                full=full,
                crawl_id=crawl_id,
                record_history=record_history,
            )
        finally:
            backend.close()
    finally:
        if locks is not None:
            locks.release()


def crawl_with_workers(args: argparse.Namespace, config: Config, mode: str | bool) -> dict[str, Any]:
    """Start ``--workers N`` local worker processes sharing one Redis crawl; merged summary."""
    import time

    from crawler.replay.server import ReplayServer
    from stiwatch.crawl import SourceLocks, merge_summaries, record, redis_url, should_replay

    url = redis_url(config)
    if not url:
        raise UserError("--workers needs Redis: set REDIS_URL or [redis] url in stiwatch.toml")
    _check_redis(url)
    sources = selected_sources(args.source)
    replay = True if args.replay_url else should_replay(mode, sources)
    crawl_id = args.crawl_id or datetime.now(UTC).strftime("%Y%m%dT%H%M%S-") + uuid.uuid4().hex[:6]
    locks = SourceLocks(config.data_dir)
    busy = locks.acquire([s.id for s in sources])
    if busy:
        locks.release()
        raise UserError(f"already being crawled: {', '.join(busy)}")
    server = ReplayServer().start() if replay and not args.replay_url else None
    started_at = datetime.now(UTC).isoformat(timespec="seconds")
    clock = time.monotonic()
    command = [sys.executable, "-m", "stiwatch.cli", "crawl", "--worker", "--json", "--crawl-id", crawl_id]
    command += ["--data-dir", str(config.data_dir)]
    for s in sources:
        command += ["--source", s.id]
    if args.full:
        command.append("--full")
    if replay:
        command += ["--replay-url", args.replay_url or (server.url if server else "")]
    else:
        command.append("--live")
    print(
        f"crawling {len(sources)} source(s) with {args.workers} workers (crawl {crawl_id})",
        file=sys.stderr,
    )
    env = {**os.environ, "REDIS_URL": url}
    procs: list[subprocess.Popen[str]] = []
    try:
        procs = [
            subprocess.Popen(command, stdout=subprocess.PIPE, text=True, env=env) for _ in range(args.workers)
        ]
        outputs = [p.communicate()[0] for p in procs]
    finally:
        for p in procs:
            if p.poll() is None:
                p.terminate()
                p.wait()
        if server:
            server.stop()
        locks.release()
    failed = [i for i, p in enumerate(procs) if p.returncode != 0]
    if failed:
        raise UserError(f"worker(s) {failed} failed; see their messages above")
    summary = merge_summaries([json.loads(out) for out in outputs])
    summary["workers"] = args.workers
    record(config, summary, started_at, time.monotonic() - clock, replay=replay, full=bool(args.full))
    return summary


def _check_redis(url: str) -> None:
    import redis

    try:
        redis.Redis.from_url(url, socket_connect_timeout=5).ping()
    except (redis.RedisError, ValueError) as exc:
        raise UserError(f"cannot reach Redis at {url}: {exc}") from None


def cmd_crawl(args: argparse.Namespace) -> int:
    from stiwatch.commands.core import print_summary

    config = config_from_args(args)
    mode: str | bool = config.get("crawl", "replay")
    if args.replay or args.live:
        mode = bool(args.replay)
    if args.workers is not None and args.workers < 1:
        raise UserError("--workers must be at least 1")
    if args.workers:
        summary = crawl_with_workers(args, config, mode)
    else:
        summary = crawl(
            config,
            args.source,
            mode,
            full=args.full,
            replay_url=args.replay_url,
            crawl_id=args.crawl_id,
            record_history=not args.worker,
            quiet=args.worker,
        )
    if args.json:
        print(json.dumps(summary, indent=2, ensure_ascii=False))
    elif summary.get("sources"):
        print_summary(summary)
    if summary.get("finish_reason") not in ("finished", "nothing-to-do", None):
        print(
            f"crawl stopped early ({summary['finish_reason']}); the next crawl resumes it",
            file=sys.stderr,
        )
    return 0


def cmd_sources_status(args: argparse.Namespace) -> int:
    from crawler.health import coverage, sources_status

    config = config_from_args(args)
    registry = load_sources()
    statuses = sources_status(config.data_dir, {s.id: s for s in selected_sources(args.source)})
    if args.json:
        print(json.dumps(statuses, indent=2, ensure_ascii=False))
        return 0
    rows = []
    for sid, s in statuses.items():
        last = s["last_run"] or {}
        rows.append(
            [
                sid,
                s["status"],
                (s["last_success"] or "-")[:16],
                str(last.get("fetched", "-")),
                str(sum(s["articles_per_day"].values())),
                s["reason"] if s["status"] != "healthy" else "",
            ]
        )
    print_table(rows, ["SOURCE", "STATUS", "LAST SUCCESS", "PAGES", "NEW 7D", "REASON"])
    cov = coverage(statuses)
    counts = ", ".join(f"{k} {v}" for k, v in cov["counts"].items() if v)
    print(f"\n{cov['total']} of {len(registry)} sources: {counts}")
    return 0


def cmd_sources_canary(args: argparse.Namespace) -> int:
    from crawler.canary import run_canaries

    config = config_from_args(args)
    ids = [s.id for s in selected_sources(args.source)]
    backend = None if args.archive_only else open_configured_backend(config)
    try:
        results = run_canaries(config.data_dir, ids, backend)
    finally:
        if backend is not None:
            backend.close()
    failed = 0
    for mode, found in results.items():
        for r in found:
            if not r.ok:
                failed += 1
                print(f"{r.source} ({mode}): {'; '.join(r.problems)}")
    checked = sum(len(v) for v in results.values())
    print(f"{checked - failed} of {checked} canary checks passed")
    return 1 if failed else 0


def cmd_run(args: argparse.Namespace) -> int:
    from stiwatch.commands.core import print_summary, serve
    from stiwatch.scheduler import Scheduler

    config = config_from_args(args)
    modes: dict[str, str | bool] = {"yes": True, "no": False, "auto": "auto"}
    mode = modes.get(args.replay or "", config.get("crawl", "replay"))
    if args.once:
        report = Scheduler(config, replay=mode).run_once(crawl_all=args.all)
        print(json.dumps(report, indent=2, ensure_ascii=False) if args.json else report["text"])
        return 0
    summary = crawl(config, None, mode)
    if summary.get("sources"):
        print_summary(summary)
    if args.no_serve:
        return 0
    return serve(config, args.host, args.port, replay=mode)
