"""`stiwatch run`: the main job; crawl every enabled source, then serve (or one cycle for cron)."""

from __future__ import annotations

import argparse
import json
from typing import Any

from stiwatch.cli.common import add_common, config_from_args
from stiwatch.cli.crawl import crawl, print_summary
from stiwatch.cli.serve import scheduler, serve


def register(sub: Any) -> None:
    """Add ``run`` to the ``stiwatch`` parser."""
    p = sub.add_parser("run", help="the main job: crawl all enabled sources, then serve search")
    add_common(p)
    p.add_argument(
        "--replay",
        choices=("auto", "yes", "no"),
        default=None,
        help="replay the bundled archive: auto = when no source site is reachable (default)",
    )
    p.add_argument("--host", default=None)
    p.add_argument("--port", type=int, default=None)
    p.add_argument("--no-serve", action="store_true", help="stop after the crawl")
    p.add_argument(
        "--once", action="store_true", help="one scheduler cycle (due crawls, canaries, digests); for cron"
    )
    p.add_argument("--all", action="store_true", help="with --once: crawl every enabled source, due or not")
    p.add_argument("--json", action="store_true", help="with --once: print the cycle's report as JSON")
    p.set_defaults(func=cmd_run)


def cmd_run(args: argparse.Namespace) -> int:
    config = config_from_args(args, must_exist=False)
    modes: dict[str, str | bool] = {"yes": True, "no": False, "auto": "auto"}
    mode = modes.get(args.replay or "", config.get("crawl", "replay"))
    if args.once:
        report = scheduler(config, replay=mode).run_once(crawl_all=args.all)
        print(json.dumps(report, indent=2, ensure_ascii=False) if args.json else report["text"])
        return 0
    summary = crawl(config, None, mode)
    if summary.get("sources"):
        print_summary(summary)
    if args.no_serve:
        return 0
    return serve(config, args.host, args.port, replay=mode)
