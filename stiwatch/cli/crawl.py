"""`stiwatch crawl`: crawl sources (incrementally), process and index their articles.

One crawl runs in this process (``stiwatch.operate.crawl``); ``--workers N`` starts N
worker processes of this command sharing one Redis-held crawl.
"""

from __future__ import annotations

import argparse
import atexit
import json
import os
import subprocess
import sys
import time
import uuid
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any, NoReturn

from stiwatch.cli.common import (
    UserError,
    add_common,
    config_from_args,
    open_configured_backend,
    print_table,
    selected_sources,
)
from stiwatch.core.config import Config
from stiwatch.crawler.replay.server import ReplayServer
from stiwatch.operate.coordination import SourceLocks, merge_summaries, record, redis_url, should_replay
from stiwatch.pipelines.spool import Spool
from stiwatch.search.backend import SearchBackend
from stiwatch.search.embedded.serialized import SerializedEmbeddedBackend
from stiwatch.search.outage import OutageTolerantBackend


def register(sub: Any) -> None:
    """Add ``crawl`` to the ``stiwatch`` parser."""
    p = sub.add_parser("crawl", help="crawl sources, process and index their articles")
    add_common(p)
    p.add_argument("--source", action="append", metavar="ID", help="only this source (repeatable)")
    mode = p.add_mutually_exclusive_group()
    mode.add_argument("--replay", action="store_true", help="replay the bundled archive (offline)")
    mode.add_argument("--live", action="store_true", help="fetch the real sites")
    mode.add_argument("--replay-url", metavar="URL", help="replay through a running archive server")
    p.add_argument("--json", action="store_true", help="print the summary as JSON")
    p.add_argument("--full", action="store_true", help="fetch every page again (not incremental)")
    p.add_argument("--workers", type=int, metavar="N", help="N local workers sharing a Redis crawl")
    p.add_argument("--crawl-id", metavar="ID", help="Redis crawl to join (default: the UTC hour)")
    p.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    p.set_defaults(func=cmd_crawl)


def print_summary(summary: dict[str, Any]) -> None:
    """The per-source crawl summary as a table (the TOTAL row last)."""
    columns = ("fetched", "not_modified", "known", "new", "updated", "unchanged", "spooled")
    rows = []
    for sid, s in [*summary["sources"].items(), ("TOTAL", summary["totals"])]:
        errors = ", ".join(f"{k}:{v}" for k, v in s["errors"].items()) or "-"
        rows.append([sid, *(str(s.get(c, 0)) for c in columns), errors])
    print_table(
        rows, ["SOURCE", "FETCHED", "304", "KNOWN", "NEW", "UPDATED", "UNCHANGED", "SPOOLED", "ERRORS"]
    )


def crawl_backend(config: Config, distributed: bool) -> SearchBackend:
    """The configured backend; a distributed crawl on the embedded one serialises writes.

    A remote backend that is down does not stop the crawl: articles go to the spool.
    """
    if distributed and config.get("search", "backend") == "embedded":
        return SerializedEmbeddedBackend(config.data_dir)
    return open_configured_backend(config, tolerate_outage=True)


def _say_backend_down(config: Config, backend: SearchBackend) -> None:
    if isinstance(backend, OutageTolerantBackend) and backend.down:
        print(
            f"search backend down ({backend.last_error}): crawling on; articles go to the spool"
            f" ({Spool.of(config.data_dir).directory}) and are sent when it is back",
            file=sys.stderr,
        )


def say_spooled(config: Config) -> None:
    """One line when articles wait in the spool after a crawl."""
    waiting = Spool.of(config.data_dir).pending()
    if waiting:
        print(
            f"{waiting} articles wait in the spool ({Spool.of(config.data_dir).directory}): they are sent"
            " when the search backend answers (next crawl, `stiwatch serve`, or"
            " `stiwatch index --replay-spool`)",
            file=sys.stderr,
        )


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
    # defers Scrapy, Twisted and the stages (heavy): only crawling commands load them.
    from stiwatch.operate.crawl import run_crawl

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
            _say_backend_down(config, backend)
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


def leave_worker() -> NoReturn:
    """End a finished worker without tearing its heap down.

    A worker holds the taxonomy's matchers, the Thai dictionaries and the concept table
    (some 800,000 objects); freeing them one by one at interpreter exit took about a
    second, which its parent and so every ``--workers`` crawl waited for. By now the
    crawl has closed its backend, caches and state; the exit handlers (pending cache
    writes, logging, temporary files) still run, and the output is flushed.
    """
    atexit._run_exitfuncs()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)


def _check_redis(url: str) -> None:
    import redis

    try:
        redis.Redis.from_url(url, socket_connect_timeout=5).ping()
    except (redis.RedisError, ValueError) as exc:
        raise UserError(f"cannot reach Redis at {url}: {exc}") from None


def cmd_crawl(args: argparse.Namespace) -> int:
    config = config_from_args(args, must_exist=False)
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
    if args.worker and summary.get("finish_reason") in ("finished", "nothing-to-do", None):
        leave_worker()
    if not args.worker:
        say_spooled(config)
    if summary.get("finish_reason") not in ("finished", "nothing-to-do", None):
        print(
            f"crawl stopped early ({summary['finish_reason']}); the next crawl resumes it",
            file=sys.stderr,
        )
    return 0
