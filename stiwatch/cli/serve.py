"""`stiwatch serve`: the web UI and API, with the crawl, canary and digest schedule beside it."""

from __future__ import annotations

import argparse
import os
import signal
import sys
from collections.abc import Callable
from typing import Any

from stiwatch.cli.common import UserError, add_common, config_from_args
from stiwatch.core.config import Config
from stiwatch.operate.recovery import replay_spool
from stiwatch.operate.scheduler import Jobs, Scheduler


def register(sub: Any) -> None:
    """Add ``serve`` to the ``stiwatch`` parser."""
    p = sub.add_parser("serve", help="serve the search API and pages")
    add_common(p)
    p.add_argument("--host", default=None)
    p.add_argument("--port", type=int, default=None)
    p.add_argument(
        "--workers", type=int, default=None, metavar="N", help="server processes (default serve.workers: 1)"
    )
    p.set_defaults(func=cmd_serve)


def crawl_command(config: Config) -> Callable[[list[str], str | bool], list[str]]:
    """``(ids, replay) -> argv``: a `stiwatch crawl` child process (Scrapy's reactor runs
    once per process) of those sources, printing its summary as JSON."""

    def command(ids: list[str], replay: str | bool) -> list[str]:
        argv = [sys.executable, "-m", "stiwatch.cli", "crawl", "--json"]
        argv += ["--data-dir", str(config.data_dir)]
        for sid in ids:
            argv += ["--source", sid]
        if replay is True or str(replay).lower() in ("yes", "true", "1"):
            argv.append("--replay")
        elif replay is False or str(replay).lower() in ("no", "false", "0"):
            argv.append("--live")
        return argv

    return command


def scheduler(config: Config, replay: str | bool | None = None) -> Scheduler:
    """The scheduler with its jobs: crawls in child processes, the verify checks of what
    they crawled, digests, canaries."""

    def digests() -> dict[str, Any] | None:
        # defers the alerts engine (httpx, Jinja2) until digests are due.
        from stiwatch.deliver.alerts.runner import run_due

        return run_due(config)

    def canaries(ids: list[str]) -> dict[str, int]:
        # defers the processing stages (trafilatura, Scrapy: heavy) until the canaries run.
        from stiwatch.operate.canary import failures

        return failures(config, ids)

    def checks(ids: list[str]) -> dict[str, int]:
        # defers the canary module (it loads the processing stages) until a crawl ends.
        from stiwatch.operate.canary import live_failures

        return live_failures(config, ids)

    jobs = Jobs(
        crawl_command=crawl_command(config),
        digests=digests,
        canaries=canaries,
        checks=checks,
        replay_spool=lambda: replay_spool(config),
    )
    return Scheduler(config, replay=replay, jobs=jobs)


def serve(
    config: Config,
    host: str | None,
    port: int | None,
    *,
    replay: str | bool | None = None,
    workers: int | None = None,
) -> int:
    """Serve the web app; with ``schedule.enabled`` the scheduler crawls and alerts beside it.

    With several workers, uvicorn starts that many server processes, each building the app
    from the configuration handed over in the environment (``WORKER_CONFIG_ENV``); the
    scheduler runs once, in this process.

    Raises:
        UserError: ``workers`` is not a positive number.
    """
    import uvicorn

    # defers the web app (FastAPI, heavy): only the serving commands load it.
    from stiwatch.deliver.web.app import WORKER_CONFIG_ENV, create_app, worker_config

    host = host or config.get("serve", "host")
    port = port or int(config.get("serve", "port"))
    workers = int(workers if workers is not None else config.get("serve", "workers"))
    if workers < 1:
        raise UserError(f"bad --workers {workers}: give 1 or more server processes")
    running = scheduler(config, replay) if config.get("schedule", "enabled") else None
    print(
        f"serving search on http://{host}:{port}/"
        f"{f' with {workers} workers' if workers > 1 else ''}"
        f"{' with the crawl and digest schedule' if running else ''}  (Ctrl-C stops)",
        file=sys.stderr,
    )
    if running is not None:
        running.start()
    # uvicorn shuts down gracefully on SIGTERM, then raises the signal again under the
    # handler it found: make that one return, so the scheduler below stops cleanly too.
    signal.signal(signal.SIGTERM, lambda signum, frame: None)
    try:
        if workers == 1:
            uvicorn.run(create_app(config), host=host, port=port, log_level="warning")
        else:
            os.environ[WORKER_CONFIG_ENV] = worker_config(config)
            uvicorn.run(
                "stiwatch.deliver.web.app:create_worker_app",
                factory=True,
                workers=workers,
                host=host,
                port=port,
                log_level="warning",
            )
    finally:
        if running is not None:
            running.stop()
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    config = config_from_args(args, must_exist=False)
    if not config.get("schedule", "enabled"):
        # Serving only: nothing will fill a data directory that does not exist.
        config = config_from_args(args, for_index=True)
    return serve(config, args.host, args.port, workers=args.workers)
