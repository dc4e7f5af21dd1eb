"""`stiwatch sources list|status|canary|verify`: the source registry, each source's health,
and an end-to-end check of each source."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from stiwatch.cli.common import (
    UserError,
    add_common,
    config_from_args,
    open_configured_backend,
    print_table,
    selected_sources,
    short,
)
from stiwatch.crawler.registry import (
    LANGUAGES,
    REGIONS,
    Source,
    discovery_methods,
    group_rank,
    load_sources,
    source_group,
)
from stiwatch.operate.health import DISABLED, LISTED_STATUSES, backend_status, coverage, sources_status


def register(sub: Any) -> None:
    """Add ``sources`` and its actions to the ``stiwatch`` parser."""
    p = sub.add_parser("sources", help="the source registry")
    add_common(p)
    ssub = p.add_subparsers(dest="sources_command", metavar="ACTION", required=True)
    sl = ssub.add_parser("list", help="list registered sources")
    add_common(sl)
    sl.add_argument("--json", action="store_true", help="print JSON")
    sl.add_argument("--all", action="store_true", help="include disabled sources")
    sl.add_argument("--lang", metavar="XX", help="only sources publishing in this language")
    sl.add_argument(
        "--country", metavar="CC", help="only sources of this country (ASEAN: the regional bodies)"
    )
    sl.add_argument(
        "--status", metavar="STATUS", help=f"only sources with this status ({', '.join(LISTED_STATUSES)})"
    )
    st = ssub.add_parser("status", help="source health: healthy, degraded, failing (with why)")
    add_common(st)
    st.add_argument("--source", action="append", metavar="ID", help="only this source (repeatable)")
    st.add_argument("--json", action="store_true", help="print JSON {id: {status, reason, ...}}")
    sc = ssub.add_parser("canary", help="check each source's golden article and newest article")
    add_common(sc)
    sc.add_argument("--source", action="append", metavar="ID", help="only this source (repeatable)")
    sc.add_argument("--archive-only", action="store_true", help="skip the check of stored articles")
    sv = ssub.add_parser("verify", help="crawl each source and check what it gives (pass/fail with why)")
    add_common(sv)
    sv.add_argument("--source", action="append", metavar="ID", help="only this source (repeatable)")
    sv.add_argument("--live", action="store_true", help="the real sites (default: the replay archive)")
    sv.add_argument("--articles", type=int, default=3, metavar="N", help="articles checked per source (3)")
    sv.add_argument("--json", action="store_true", help="print JSON {id: {result, reasons, ...}}")
    p.set_defaults(func=cmd_sources)


def cmd_sources(args: argparse.Namespace) -> int:
    if args.sources_command == "status":
        return cmd_sources_status(args)
    if args.sources_command == "canary":
        return cmd_sources_canary(args)
    if args.sources_command == "verify":
        return cmd_sources_verify(args)
    return cmd_sources_list(args)


def _json(s: Source) -> dict[str, Any]:
    return {
        "id": s.id,
        "name": s.name,
        "country": s.country,
        "group": source_group(s),
        "agency": s.agency,
        "languages": list(s.languages),
        "enabled": s.enabled,
        "discovery_methods": list(discovery_methods(s)),
        "discovery": {
            "feeds": list(s.feeds),
            "sitemaps": list(s.sitemaps),
            "listings": [li.url for li in s.listings],
        },
        "crawl_interval": s.crawl_interval,
        "region": s.region,
        "unconfirmed": list(s.unconfirmed),
        "terms": s.terms or None,
    }


def _check_filters(args: argparse.Namespace, sources: dict[str, Source]) -> None:
    """Usage errors for a filter value that cannot match (a typo must not list nothing)."""
    if args.lang and args.lang not in LANGUAGES:
        raise UserError(
            f"--lang {args.lang}: not a language of the registry ({', '.join(sorted(LANGUAGES))})"
        )
    groups = {source_group(s) for s in sources.values()} | {s.country for s in sources.values()} | REGIONS
    if args.country and args.country.upper() not in groups:
        raise UserError(
            f"--country {args.country}: no source is listed under it ({', '.join(sorted(groups))})"
        )
    if args.status and args.status not in LISTED_STATUSES:
        raise UserError(f"--status {args.status}: one of {', '.join(LISTED_STATUSES)}")


def cmd_sources_list(args: argparse.Namespace) -> int:
    registry = load_sources()
    _check_filters(args, registry)
    sources = [s for s in registry.values() if args.all or s.enabled or args.status == DISABLED]
    if args.lang:
        sources = [s for s in sources if args.lang in s.languages]
    if args.country:
        wanted = args.country.upper()
        sources = [s for s in sources if wanted in (s.country, source_group(s))]
    if args.status:
        statuses = sources_status(config_from_args(args).data_dir, {s.id: s for s in sources if s.enabled})
        sources = [s for s in sources if statuses.get(s.id, {}).get("status", DISABLED) == args.status]
    # Grouped by country (regional bodies under ASEAN), in registry order within a group.
    sources.sort(key=lambda s: group_rank(source_group(s)))
    if args.json:
        print(json.dumps([_json(s) for s in sources], indent=2, ensure_ascii=False))
        return 0
    rows = []
    group = None
    for s in sources:
        here = source_group(s)
        if here != group and group is not None:
            rows.append([""] * 8)
        group = here
        rows.append(
            [
                here,
                s.id,
                s.agency or "-",
                ",".join(s.languages),
                ",".join(discovery_methods(s)),
                _every(s.crawl_interval),
                ("yes" if s.enabled else "no") + ("*" if s.unconfirmed else ""),
                short(s.name, 50),
            ]
        )
    print_table(rows, ["GROUP", "ID", "AGENCY", "LANGS", "DISCOVERY", "EVERY", "ENABLED", "NAME"])
    print(f"\n{len(sources)} sources; * = some fields unconfirmed (`stiwatch sources verify --live`)")
    return 0


def _every(seconds: int) -> str:
    return f"{seconds // 3600}h" if seconds >= 3600 else f"{seconds // 60}m"


def cmd_sources_status(args: argparse.Namespace) -> int:
    config = config_from_args(args)
    registry = load_sources()
    statuses = sources_status(config.data_dir, {s.id: s for s in selected_sources(args.source)})
    backend = backend_status(config.data_dir)
    if args.json:
        print(json.dumps(statuses, indent=2, ensure_ascii=False))
        if backend["state"] == "down" or backend["spooled"]:
            print(f"search {_backend_line(backend)}", file=sys.stderr)  # stdout stays {id: ...}
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
    print_table(rows, ["SOURCE", "STATUS", "LAST SUCCESS", "PAGES", "FIRST SEEN 7D", "REASON"])
    cov = coverage(statuses)
    counts = ", ".join(f"{k} {v}" for k, v in cov["counts"].items() if v)
    print(f"\n{cov['total']} of {len(registry)} sources: {counts}")
    print(f"search {_backend_line(backend)}")
    return 0


def _backend_line(backend: dict[str, Any]) -> str:
    """``backend down since …, N articles spooled (last error: …)``."""
    line = str(backend["summary"])
    return f"{line} (last error: {backend['last_error']})" if backend["last_error"] else line


def cmd_sources_canary(args: argparse.Namespace) -> int:
    # defers the processing stages (trafilatura, Scrapy: heavy) to the command that runs them.
    from stiwatch.operate.canary import run_canaries

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


def cmd_sources_verify(args: argparse.Namespace) -> int:
    # defers Scrapy and the stages (heavy) to the command that crawls.
    from stiwatch.operate.verify import verify_sources

    if args.articles < 1:
        raise UserError("--articles must be at least 1")
    # verify crawls into a scratch folder: it needs no filled data directory.
    config = config_from_args(args, must_exist=False)
    sources = selected_sources(args.source)
    verdicts = verify_sources(config, sources, replay=not args.live, articles=args.articles)
    if args.json:
        out = {
            v.source: {"result": v.result, "reasons": v.reasons, "checked": v.checked, "errors": v.errors}
            for v in verdicts
        }
        print(json.dumps(out, indent=2, ensure_ascii=False))
    else:
        rows = [[v.source, v.result, str(v.checked), short("; ".join(v.reasons), 110)] for v in verdicts]
        print_table(rows, ["SOURCE", "RESULT", "CHECKED", "REASON"])
        passed = sum(v.ok for v in verdicts)
        print(
            f"\n{passed} of {len(verdicts)} sources passed ({'live sites' if args.live else 'replay archive'})"
        )
    # Sources robots.txt closes, or that need a browser this machine lacks, are reported,
    # not failed: nothing about the source itself is wrong.
    return 0 if all(v.ok or v.result in ("blocked-by-robots", "needs-browser") for v in verdicts) else 1
