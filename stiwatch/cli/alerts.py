"""`stiwatch alerts add|list|show|remove|run`: subscriptions and their digests."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from functools import wraps
from typing import Any

from stiwatch.cli.common import (
    UserError,
    add_common,
    add_partner_and_modes,
    config_from_args,
    open_configured_backend,
    print_table,
)
from stiwatch.core.facets import ALL_OF_FACETS, PARTNER
from stiwatch.deliver.alerts.ledger import AlertsBusy, Ledger
from stiwatch.deliver.alerts.subscriptions import (
    DISPLAY_LANGS,
    FILTER_FACETS,
    SCHEDULES,
    Subscription,
    SubscriptionError,
    SubscriptionStore,
)

# `alerts add` filters with the facets' own flags but one: --lang is the digest's display
# language here, so the language filter is --language.
FLAGS = {f.name: f.flag or f"--{f.param}" for f in FILTER_FACETS} | {"language": "--language"}


def register(sub: Any) -> None:
    """Add the ``alerts`` sub-command and its actions."""
    p = sub.add_parser("alerts", help="alert subscriptions and their digests (email, Atom feed, webhook)")
    add_common(p)
    asub = p.add_subparsers(dest="alerts_command", metavar="ACTION", required=True)

    a = asub.add_parser("add", help="save a search as a subscription")
    add_common(a)
    a.add_argument("name", metavar="NAME")
    a.add_argument("--query", default="", metavar="Q", help="search text, as for `stiwatch search`")
    for facet in FILTER_FACETS:
        extra = {"help": "only articles in this language"} if facet.name == "language" else {}
        a.add_argument(FLAGS[facet.name], dest=facet.query, action="append", metavar=facet.metavar, **extra)
    add_partner_and_modes(a)
    a.add_argument("--window-days", type=int, metavar="N", help="only articles published in the last N days")
    a.add_argument("--since", metavar="YYYY-MM-DD", help="only articles published on or after this day")
    a.add_argument("--until", metavar="YYYY-MM-DD", help="only articles published on or before this day")
    a.add_argument("--no-expand", action="store_true", help="match the words as typed (no taxonomy aliases)")
    a.add_argument("--rising", action="store_true", help='add a "rising this week" section to the digests')
    a.add_argument("--email", action="append", metavar="ADDR")
    a.add_argument("--feed", action="store_true", help="publish an Atom feed")
    a.add_argument("--webhook", metavar="URL")
    a.add_argument("--schedule", choices=SCHEDULES, default="daily")
    a.add_argument("--at", default="08:00", metavar="HH:MM", help="local send time (default 08:00)")
    a.add_argument("--timezone", default="Asia/Bangkok", metavar="TZ")
    a.add_argument("--lang", choices=DISPLAY_LANGS, default="original", help="display language")
    a.add_argument("--json", action="store_true", help="print the stored subscription as JSON")

    a = asub.add_parser("list", help="list subscriptions")
    add_common(a)
    a.add_argument("--json", action="store_true", help="print JSON")

    a = asub.add_parser("show", help="one subscription, its feed URL and recent deliveries")
    add_common(a)
    a.add_argument("name", metavar="NAME")
    a.add_argument("--json", action="store_true", help="print JSON")

    a = asub.add_parser("remove", help="delete a subscription and its delivery ledger")
    add_common(a)
    a.add_argument("name", metavar="NAME")

    a = asub.add_parser("run", help="send the digests that are due (immediate ones always are)")
    add_common(a)
    a.add_argument("--dry-run", action="store_true", help="build the digests, send and record nothing")
    a.add_argument("--name", action="append", metavar="NAME", help="only this subscription (repeatable)")
    a.add_argument("--json", action="store_true", help="print the run report as JSON")

    actions: dict[str, Callable[[argparse.Namespace], int]] = {
        "add": cmd_add,
        "list": cmd_list,
        "show": cmd_show,
        "remove": cmd_remove,
        "run": cmd_run,
    }
    for name, func in actions.items():
        asub.choices[name].set_defaults(func=_user_errors(func))


def _user_errors(func: Callable[[argparse.Namespace], int]) -> Callable[[argparse.Namespace], int]:
    """Subscription problems and a busy lock are the user's to fix: one line, exit 2."""

    @wraps(func)
    def wrapper(args: argparse.Namespace) -> int:
        try:
            return func(args)
        except (SubscriptionError, AlertsBusy) as exc:
            raise UserError(str(exc)) from None

    return wrapper


def _store(args: argparse.Namespace) -> SubscriptionStore:
    return SubscriptionStore(config_from_args(args).data_dir)


def cmd_add(args: argparse.Namespace) -> int:
    filters: dict[str, Any] = {f.query: getattr(args, f.query) or [] for f in FILTER_FACETS}
    sub = _store(args).add(
        Subscription(
            name=args.name,
            query=args.query,
            **filters,
            partners=getattr(args, PARTNER.query) or [],
            all_of=[f.name for f in ALL_OF_FACETS if getattr(args, f"{f.name}_mode") == "all"],
            window_days=args.window_days,
            since=args.since,
            until=args.until,
            expand=not args.no_expand,
            rising=args.rising,
            schedule=args.schedule,
            at=args.at,
            timezone=args.timezone,
            emails=args.email or [],
            feed=args.feed,
            webhook=args.webhook,
            display_lang=args.lang,
        )
    )
    if args.json:
        print(json.dumps(sub.to_dict(), indent=2, ensure_ascii=False))
    else:
        print(f"added subscription {sub.name!r} ({sub.schedule}, channels: {_channels(sub)})")
    return 0


def _channels(sub: Subscription) -> str:
    parts = [*sub.emails, *(["feed"] if sub.feed else []), *(["webhook"] if sub.webhook else [])]
    return ", ".join(parts)


def _filters(sub: Subscription) -> str:
    parts = [f'"{sub.query}"'] if sub.query else []
    for facet in FILTER_FACETS:
        values = getattr(sub, facet.query)
        if values:
            parts.append(f"{facet.param}={','.join(values)}")
    if sub.partners:
        parts.append(f"{PARTNER.param}={','.join(sub.partners)}")
    parts.extend(f"{name}_mode=all" for name in sub.all_of)
    if sub.window_days:
        parts.append(f"last {sub.window_days}d")
    parts.extend(f"{name}={getattr(sub, name)}" for name in ("since", "until") if getattr(sub, name))
    if not sub.expand:
        parts.append("expand=false")
    return " ".join(parts) or "(everything)"


def cmd_list(args: argparse.Namespace) -> int:
    subs = _store(args).list()
    if args.json:
        print(json.dumps([s.to_dict() for s in subs], indent=2, ensure_ascii=False))
        return 0
    rows = [
        [
            s.name,
            s.schedule if s.schedule in ("immediate", "hourly") else f"{s.schedule} {s.at}",
            _filters(s),
            _channels(s),
        ]
        for s in subs
    ]
    print_table(rows, ["NAME", "SCHEDULE", "SEARCH", "CHANNELS"])
    print(f"\n{len(subs)} subscription(s)")
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    config = config_from_args(args)
    sub = SubscriptionStore(config.data_dir).get(args.name)
    ledger = Ledger(config.data_dir)
    try:
        deliveries = ledger.deliveries(sub.name)
        last_completed = ledger.last_completed(sub.name)
    finally:
        ledger.close()
    base = str(config.get("alerts", "base_url")).rstrip("/")
    data = {
        **sub.to_dict(),
        "feed_url": f"{base}/feeds/{sub.name}.atom" if sub.feed else None,
        "last_completed_at": last_completed,
        "deliveries": deliveries,
    }
    if args.json:
        print(json.dumps(data, indent=2, ensure_ascii=False))
        return 0
    for key, value in data.items():
        if key != "deliveries":
            print(f"{key:18} {value if value not in (None, [], '') else '-'}")
    print("\nrecent deliveries:" if deliveries else "\nno deliveries yet")
    for d in deliveries:
        print(f"  {d['sent_at']}  {d['channel']}  {d['stories']} stories")
    return 0


def cmd_remove(args: argparse.Namespace) -> int:
    _store(args).remove(args.name)
    print(f"removed subscription {args.name!r}")
    return 0


def cmd_run(args: argparse.Namespace) -> int:
    """Exit 0 when every due channel got its digest, 1 when some delivery failed (retried next run)."""
    # defers the alerts engine (httpx, Jinja2) to the command that sends digests.
    from stiwatch.deliver.alerts.runner import AlertRunner

    config = config_from_args(args)
    backend = open_configured_backend(config)
    try:
        report = AlertRunner(config, backend).run(args.name or (), dry_run=args.dry_run)
    finally:
        backend.close()
    if args.json:
        print(json.dumps(report.to_json(), indent=2, ensure_ascii=False))
    else:
        rows = [
            [s.name, c.channel, c.status, str(c.stories), c.error or ""]
            for s in report.subscriptions
            for c in s.channels
        ]
        if rows:
            print_table(rows, ["SUBSCRIPTION", "CHANNEL", "STATUS", "STORIES", "ERROR"])
        summary = report.to_json()
        if report.smtp_error:
            # One line for the one cause behind every failed email of this run.
            print(f"stiwatch: error: {report.smtp_error}; the digests wait for the next run", file=sys.stderr)
        verb = "would send" if args.dry_run else "sent"
        print(
            f"\n{summary['due']} due of {len(report.subscriptions)}; {verb} {summary['sent'] if not args.dry_run else sum(1 for r in rows if r[2] == 'would-send')}, failed {summary['failed']}"
        )
    return 1 if report.failed else 0
