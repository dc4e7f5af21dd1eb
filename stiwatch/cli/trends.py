"""`stiwatch trends` and `stiwatch rising`: a search over time, and what is rising this week."""

from __future__ import annotations

import argparse
import json
from typing import Any

from stiwatch.cli.common import UserError, add_common, config_from_args, open_configured_backend, print_table
from stiwatch.cli.filters import add_search_filters, day_arg, query_from_args, today
from stiwatch.deliver.trend_views import trend_rows, trends_csv
from stiwatch.search.periods import INTERVALS
from stiwatch.search.rising import RisingSettings, rising
from stiwatch.search.trends import DEFAULT_TOP, MAX_TOP, TREND_FACETS, TrendError, trends


def register(sub: Any) -> None:
    """Add ``trends`` and ``rising`` to the ``stiwatch`` parser."""
    p = sub.add_parser("trends", help="a search's articles per day, week or month, split by a facet")
    add_common(p)
    add_search_filters(p)
    p.add_argument("--facet", choices=TREND_FACETS, default="country", help="split by (default country)")
    p.add_argument("--interval", choices=INTERVALS, default="month", help="period (default month)")
    p.add_argument("--top", type=int, default=DEFAULT_TOP, metavar="N", help=f"values shown (1-{MAX_TOP})")
    out = p.add_mutually_exclusive_group()
    out.add_argument("--json", action="store_true", help="print the JSON of GET /api/trends")
    out.add_argument("--csv", action="store_true", help="print CSV (a column per value)")
    p.set_defaults(func=cmd_trends)

    r = sub.add_parser("rising", help="themes, countries and agencies rising this week")
    add_common(r)
    add_search_filters(r)
    r.add_argument("--as-of", metavar="YYYY-MM-DD", help="last day of the week (default today, +07:00)")
    r.add_argument("--json", action="store_true", help="print the JSON of GET /api/rising")
    r.set_defaults(func=cmd_rising)


def cmd_trends(args: argparse.Namespace) -> int:
    config = config_from_args(args)
    query = query_from_args(args, config)
    backend = open_configured_backend(config)
    try:
        found = trends(backend, query, args.facet, args.interval, top=args.top)
    except TrendError as exc:
        raise UserError(str(exc)) from None
    finally:
        backend.close()
    if args.json:
        print(json.dumps(found.to_json(), indent=2, ensure_ascii=False))
    elif args.csv:
        print(trends_csv(found), end="")
    else:
        print_table(
            [[str(c) for c in row[:1] + row[3:]] for row in trend_rows(found)],
            ["PERIOD", "TOTAL", *found.values],
        )
        print(f"\n{found.total} article(s); {found.undated} undated (in no period)", end="")
        print(f"; {found.earlier} before the first period shown" if found.earlier else "")
    return 0


def cmd_rising(args: argparse.Namespace) -> int:
    config = config_from_args(args)
    query = query_from_args(args, config)
    as_of = day_arg(args.as_of, "as-of", today())
    try:
        settings = RisingSettings.from_config(config.values["rising"])
    except ValueError as exc:
        raise UserError(str(exc)) from None
    backend = open_configured_backend(config)
    try:
        found = rising(backend, query, as_of, settings)
    finally:
        backend.close()
    if args.json:
        print(json.dumps(found.to_json(), indent=2, ensure_ascii=False))
        return 0
    start, end = found.week
    print(
        f"Week {start} to {end}: {found.current_total} article(s); baseline {found.baseline[0]} to "
        f"{found.baseline[1]}: {sum(found.baseline_totals)} ({settings.weeks} weeks); {found.tested} values tested"
    )
    if not found.has_baseline:
        print("No articles in the baseline weeks: nothing can be called rising yet.")
        return 0
    rows = [
        [
            i.facet,
            i.value,
            str(i.current),
            f"{sum(i.baseline) / len(i.baseline):.1f}",
            f"{i.expected:.1f}",
            "new" if i.ratio is None else f"×{i.ratio:.1f}",
            f"{i.q_value:.2g}",
        ]
        for i in found.items
    ]
    if rows:
        print_table(rows, ["FACET", "VALUE", "THIS WEEK", "WEEKLY MEAN", "EXPECTED", "RATIO", "Q"])
    else:
        print("Nothing is rising significantly this week.")
    return 0
