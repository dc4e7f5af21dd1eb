"""The search flags the analyst commands share (trends, rising, brief): the query text, a
flag per declared facet, ``--since`` and ``--until`` — the search of ``stiwatch search``."""

from __future__ import annotations

import argparse
from datetime import date, datetime

from stiwatch.core.config import Config
from stiwatch.core.facets import FACETS, Facet
from stiwatch.search.backend import SearchQuery
from stiwatch.search.query import QueryError, build_query, parse_day
from stiwatch.search.records import DEFAULT_OFFSET

# The facets with a flag of their own (--country, --lang, ...), as declared.
FLAGGED: tuple[Facet, ...] = tuple(f for f in FACETS if f.flag)


def add_search_filters(parser: argparse.ArgumentParser, *, language_flag: str = "--lang") -> None:
    """``[QUERY] --country CC ... --since D --until D`` (``language_flag`` filters the language)."""
    parser.add_argument("query", nargs="?", default="", metavar="QUERY", help="search text, as for `search`")
    for facet in FLAGGED:
        flag = language_flag if facet.name == "language" else facet.flag or f"--{facet.param}"
        parser.add_argument(flag, dest=facet.query, action="append", metavar=facet.metavar)
    parser.add_argument("--since", metavar="YYYY-MM-DD", help="first publication day (inclusive)")
    parser.add_argument("--until", metavar="YYYY-MM-DD", help="last publication day (inclusive)")
    parser.add_argument(
        "--no-expand", action="store_true", help="match the words as typed (no taxonomy aliases)"
    )


def query_from_args(args: argparse.Namespace, config: Config) -> SearchQuery:
    """The search the flags state (raises QueryError on bad input: one line, exit 2)."""
    return build_query(
        args.query,
        **{f.query: getattr(args, f.query) for f in FLAGGED},
        since=args.since,
        until=args.until,
        limit=0,
        facets=(),
        expand=not args.no_expand and bool(config.get("search", "query_expansion")),
    )


def today() -> date:
    """Today in the region's time (+07:00), the day articles are dated in."""
    return datetime.now(DEFAULT_OFFSET).date()


def day_arg(value: str | None, name: str, default: date) -> date:
    """A ``YYYY-MM-DD`` flag, or ``default`` when it was not given."""
    parsed = parse_day(value, name)
    return parsed if parsed is not None else default


__all__ = ["FLAGGED", "QueryError", "add_search_filters", "day_arg", "query_from_args", "today"]
