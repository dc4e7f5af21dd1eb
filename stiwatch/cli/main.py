"""The `stiwatch` command line: one entry point; each command module adds its sub-commands.

A command module holds the commands it registers (``register(subparsers)``): their
parsers and their implementation side by side.

Errors users can cause (unknown source, bad date, unusable data dir, unreachable
backend) print one line on stderr and exit with status 2; never a traceback.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Sequence

from stiwatch.cli import (
    alerts,
    brief,
    config,
    crawl,
    evaluate,
    index,
    kibana,
    process,
    retag,
    run,
    search,
    serve,
    sources,
    taxonomy,
    translate,
    trends,
)
from stiwatch.cli.common import UserError, add_common
from stiwatch.core.config import ConfigError
from stiwatch.core.store import BackendUnavailable
from stiwatch.crawler.registry import RegistryError
from stiwatch.search.query import QueryError

EXIT_USAGE = 2

# Command modules, in help order; each has ``register(subparsers)``.
COMMAND_MODULES = (
    config,
    sources,
    crawl,
    process,
    search,
    trends,
    brief,
    taxonomy,
    serve,
    run,
    index,
    alerts,
    kibana,
    evaluate,
    translate,
    retag,
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="stiwatch",
        description="STI cooperation news monitor for Thailand, Vietnam and ASEAN.",
    )
    add_common(parser, top=True)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for module in COMMAND_MODULES:
        module.register(sub)
    return parser


def _configure_logging(verbose: bool) -> None:
    level = logging.INFO if verbose else logging.WARNING
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s")
    # Scrapy lowers the root logger's level when a crawl starts; the handler keeps ours.
    for root_handler in logging.root.handlers:
        root_handler.setLevel(level)
    # Crawl progress is for people: plain lines on stderr, even when not verbose.
    progress = logging.getLogger("stiwatch.progress")
    progress.setLevel(logging.INFO)
    progress.propagate = False
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(message)s"))
    progress.addHandler(handler)


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    _configure_logging(args.verbose)
    try:
        return int(args.func(args))
    except (UserError, ConfigError, RegistryError, QueryError, BackendUnavailable) as exc:
        print(f"stiwatch: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (`stiwatch search | head`): that is how such output ends.
        # Point stdout at /dev/null so the interpreter's final flush does not fail again.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
