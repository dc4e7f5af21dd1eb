"""`stiwatch sources list|status|canary`: the source registry and each source's health."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from stiwatch.cli.common import (
    add_common,
    config_from_args,
    open_configured_backend,
    print_table,
    selected_sources,
    short,
)
from stiwatch.crawler.registry import Source, load_sources
from stiwatch.operate.health import backend_status, coverage, sources_status


def register(sub: Any) -> None:
    """Add ``sources`` and its actions to the ``stiwatch`` parser."""
    p = sub.add_parser("sources", help="the source registry")
    add_common(p)
    ssub = p.add_subparsers(dest="sources_command", metavar="ACTION", required=True)
    sl = ssub.add_parser("list", help="list registered sources")
    add_common(sl)
    sl.add_argument("--json", action="store_true", help="print JSON")
    sl.add_argument("--all", action="store_true", help="include disabled sources")
    st = ssub.add_parser("status", help="source health: healthy, degraded, failing (with why)")
    add_common(st)
    st.add_argument("--source", action="append", metavar="ID", help="only this source (repeatable)")
    st.add_argument("--json", action="store_true", help="print JSON {id: {status, reason, ...}}")
    sc = ssub.add_parser("canary", help="check each source's golden article and newest article")
    add_common(sc)
    sc.add_argument("--source", action="append", metavar="ID", help="only this source (repeatable)")
    sc.add_argument("--archive-only", action="store_true", help="skip the check of stored articles")
    p.set_defaults(func=cmd_sources)


def cmd_sources(args: argparse.Namespace) -> int:
    if args.sources_command == "status":
        return cmd_sources_status(args)
    if args.sources_command == "canary":
        return cmd_sources_canary(args)
    return cmd_sources_list(args)


def _json(s: Source) -> dict[str, Any]:
    return {
        "id": s.id,
        "name": s.name,
        "country": s.country,
        "agency": s.agency,
        "languages": list(s.languages),
        "enabled": s.enabled,
        "discovery": {
            "feeds": list(s.feeds),
            "sitemaps": list(s.sitemaps),
            "listings": [li.url for li in s.listings],
        },
        "crawl_interval": s.crawl_interval,
    }


def cmd_sources_list(args: argparse.Namespace) -> int:
    sources = [s for s in load_sources().values() if args.all or s.enabled]
    if args.json:
        print(json.dumps([_json(s) for s in sources], indent=2, ensure_ascii=False))
        return 0
    rows = []
    for s in sources:
        via = ",".join(
            k for k, v in (("feed", s.feeds), ("sitemap", s.sitemaps), ("listing", s.listings)) if v
        )
        rows.append(
            [
                s.id,
                s.country,
                s.agency or "-",
                ",".join(s.languages),
                via,
                _every(s.crawl_interval),
                "yes" if s.enabled else "no",
                short(s.name, 50),
            ]
        )
    print_table(rows, ["ID", "CC", "AGENCY", "LANGS", "DISCOVERY", "EVERY", "ENABLED", "NAME"])
    print(f"\n{len(sources)} sources")
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
    print_table(rows, ["SOURCE", "STATUS", "LAST SUCCESS", "PAGES", "NEW 7D", "REASON"])
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
