"""Core commands: config, sources, crawl, add, extract, search, serve, run, reindex, index."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from crawler.registry import Source, load_sources
from stiwatch.cli_util import (
    UserError,
    add_common,
    config_from_args,
    open_configured_backend,
    print_table,
    short,
)
from stiwatch.config import Config


def register(sub: Any) -> None:
    """Add the core sub-commands to the ``stiwatch`` parser."""

    p = sub.add_parser("config", help="print the effective configuration (secrets masked)")
    add_common(p)
    p.add_argument("--json", action="store_true", help="print JSON")

    p = sub.add_parser("sources", help="the source registry")
    add_common(p)
    ssub = p.add_subparsers(dest="sources_command", metavar="ACTION", required=True)
    sl = ssub.add_parser("list", help="list registered sources")
    add_common(sl)
    sl.add_argument("--json", action="store_true", help="print JSON")
    sl.add_argument("--all", action="store_true", help="include disabled sources")

    p = sub.add_parser("crawl", help="crawl sources, process and index their articles")
    add_common(p)
    p.add_argument("--source", action="append", metavar="ID", help="only this source (repeatable)")
    mode = p.add_mutually_exclusive_group()
    mode.add_argument("--replay", action="store_true", help="replay the bundled archive (offline)")
    mode.add_argument("--live", action="store_true", help="fetch the real sites")
    p.add_argument("--json", action="store_true", help="print the summary as JSON")

    for name, helptext in (
        ("add", "process one page and store it"),
        ("extract", "process one page and print its article record (nothing stored)"),
    ):
        p = sub.add_parser(name, help=helptext)
        add_common(p)
        p.add_argument("target", metavar="FILE_OR_URL")
        p.add_argument("--url", help="the page's address when FILE_OR_URL is a local file")
        p.add_argument("--source", metavar="ID", help="registry id of the page's source")

    p = sub.add_parser("search", help="search stored articles")
    add_common(p)
    p.add_argument("query", nargs="?", default="", metavar="QUERY")
    p.add_argument("--country", action="append", metavar="CC")
    p.add_argument("--agency", action="append", metavar="ID")
    p.add_argument("--theme", action="append", metavar="ID")
    p.add_argument("--lang", action="append", metavar="XX")
    p.add_argument("--source", action="append", metavar="ID")
    p.add_argument("--since", metavar="YYYY-MM-DD")
    p.add_argument("--until", metavar="YYYY-MM-DD")
    p.add_argument("--sort", choices=("relevance", "date"), default="relevance")
    p.add_argument("--limit", type=int, default=20, metavar="N")
    p.add_argument("--offset", type=int, default=0, metavar="N")
    p.add_argument("--json", action="store_true", help="print JSON")

    p = sub.add_parser("serve", help="serve the search API and pages")
    add_common(p)
    p.add_argument("--host", default=None)
    p.add_argument("--port", type=int, default=None)

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

    p = sub.add_parser("reindex", help="rebuild the search index from stored articles")
    add_common(p)

    p = sub.add_parser("index", help="index maintenance")
    add_common(p)
    p.add_argument("--replay-spool", action="store_true", help="send spooled articles")
    for name, func in COMMANDS.items():
        sub.choices[name].set_defaults(func=func)


# -- helpers -----------------------------------------------------------------------------


def _selected_sources(ids: Sequence[str] | None) -> list[Source]:
    registry = load_sources()
    if not ids:
        return [s for s in registry.values() if s.enabled]
    unknown = [i for i in ids if i not in registry]
    if unknown:
        raise UserError(f"unknown source id(s): {', '.join(unknown)} (see `stiwatch sources list --all`)")
    return [registry[i] for i in ids]


def _read_target(target: str, url: str | None) -> tuple[str, bytes, str | None]:
    """(url, body, content type) for a local file or an http(s) URL."""
    if target.startswith(("http://", "https://")):
        import urllib.error
        import urllib.request

        from crawler.settings import USER_AGENT

        request = urllib.request.Request(target, headers={"User-Agent": USER_AGENT})
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return target, response.read(), response.headers.get("Content-Type")
        except (urllib.error.URLError, OSError) as exc:
            raise UserError(f"cannot fetch {target}: {exc}") from None
    path = Path(target)
    if not path.is_file():
        raise UserError(f"no such file: {target}")
    return url or path.resolve().as_uri(), path.read_bytes(), None


def _process_one(args: argparse.Namespace) -> Any:
    from pipelines.base import RejectArticle
    from pipelines.process import Processor, build_context

    registry = load_sources()
    if args.source and args.source not in registry:
        raise UserError(f"unknown source id: {args.source} (see `stiwatch sources list --all`)")
    url, body, content_type = _read_target(args.target, args.url)
    config = config_from_args(args)
    settings: dict[str, Any] = {"STIWATCH_LANGUAGES": config.get("pipeline", "languages")}
    if args.command == "add":
        settings["STIWATCH_BACKEND"] = open_configured_backend(config)
    processor = Processor(build_context(settings, sources=registry))
    try:
        article = processor.process(url, body, source=args.source, content_type=content_type)
    except RejectArticle as exc:
        raise UserError(f"{url}: nothing to store ({exc.reason})") from None
    return article, settings.get("STIWATCH_BACKEND")


# -- commands ----------------------------------------------------------------------------


def cmd_config(args: argparse.Namespace) -> int:
    config = config_from_args(args)
    if args.json:
        print(json.dumps(config.masked(), indent=2, ensure_ascii=False))
        return 0
    for section, values in config.masked().items():
        print(f"[{section}]")
        for key, value in values.items():
            origin = config.origins.get(f"{section}.{key}", "")
            print(f"{key} = {json.dumps(value, ensure_ascii=False)}    # {origin}")
        print()
    return 0


def cmd_sources(args: argparse.Namespace) -> int:
    sources = [s for s in load_sources().values() if args.all or s.enabled]
    if args.json:
        out = [
            {
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
            for s in sources
        ]
        print(json.dumps(out, indent=2, ensure_ascii=False))
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


def _print_summary(summary: dict[str, Any]) -> None:
    rows = []
    for sid, s in summary["sources"].items():
        errors = ", ".join(f"{k}:{v}" for k, v in s["errors"].items()) or "-"
        rows.append(
            [
                sid,
                str(s["fetched"]),
                str(s["new"]),
                str(s["updated"]),
                str(s["unchanged"]),
                str(s["spooled"]),
                errors,
            ]
        )
    t = summary["totals"]
    rows.append(
        [
            "TOTAL",
            str(t["fetched"]),
            str(t["new"]),
            str(t["updated"]),
            str(t["unchanged"]),
            str(t["spooled"]),
            ", ".join(f"{k}:{v}" for k, v in t["errors"].items()) or "-",
        ]
    )
    print_table(rows, ["SOURCE", "FETCHED", "NEW", "UPDATED", "UNCHANGED", "SPOOLED", "ERRORS"])


def _crawl(config: Config, ids: Sequence[str] | None, replay_mode: str | bool) -> dict[str, Any]:
    from stiwatch.crawl import run_crawl, should_replay

    sources = _selected_sources(ids)
    replay = should_replay(replay_mode, sources)
    backend = open_configured_backend(config)
    print(
        f"crawling {len(sources)} source(s) {'from the bundled archive' if replay else 'live'}"
        f" into {config.data_dir}",
        file=sys.stderr,
    )
    try:
        return run_crawl(config, backend, sources, replay=replay)
    finally:
        backend.close()


def cmd_crawl(args: argparse.Namespace) -> int:
    config = config_from_args(args)
    mode: str | bool = config.get("crawl", "replay")
    if args.replay or args.live:
        mode = bool(args.replay)
    summary = _crawl(config, args.source, mode)
    if args.json:
        print(json.dumps(summary, indent=2, ensure_ascii=False))
    else:
        _print_summary(summary)
    return 0


def cmd_extract(args: argparse.Namespace) -> int:
    article, _ = _process_one(args)
    print(json.dumps(article.to_record(), indent=2, ensure_ascii=False))
    return 0


def cmd_add(args: argparse.Namespace) -> int:
    article, backend = _process_one(args)
    try:
        backend.upsert([article.to_record()])
        backend.commit()
    finally:
        backend.close()
    status = article.meta.get("status", "new")
    published = article.published or "-"
    print(f"{status}: {article.id} {article.language} {published} {short(article.title, 70)}")
    for error in article.errors:
        print(f"  note: {error['stage']}: {error['kind']}: {error['message']}", file=sys.stderr)
    return 0


def cmd_search(args: argparse.Namespace) -> int:
    from search.query import build_query

    query = build_query(
        args.query,
        countries=args.country,
        agencies=args.agency,
        themes=args.theme,
        languages=args.lang,
        sources=args.source,
        since=args.since,
        until=args.until,
        sort=args.sort,
        limit=args.limit,
        offset=args.offset,
    )
    config = config_from_args(args)
    backend = open_configured_backend(config)
    try:
        result = backend.search(query)
    finally:
        backend.close()
    if args.json:
        print(json.dumps(result.to_json(), indent=2, ensure_ascii=False))
        return 0
    rows = [
        [
            (h.get("published") or "")[:10] or "-",
            h.get("language") or "-",
            h.get("source", ""),
            short(h.get("title") or "(no title)", 60),
            ",".join([*h.get("countries", []), *h.get("agencies", [])][:6]) or "-",
        ]
        for h in result.hits
    ]
    print_table(rows, ["DATE", "LANG", "SOURCE", "TITLE", "TAGS"])
    print(f"\n{result.total} article(s)")
    for facet, counts in result.facets.items():
        if counts:
            top = ", ".join(f"{k} {v}" for k, v in list(counts.items())[:8])
            print(f"  {facet}: {top}")
    return 0


def _serve(config: Config, host: str | None, port: int | None) -> int:
    import uvicorn

    from search.web.app import create_app

    host = host or config.get("serve", "host")
    port = port or int(config.get("serve", "port"))
    print(f"serving search on http://{host}:{port}/  (Ctrl-C stops)", file=sys.stderr)
    uvicorn.run(create_app(config), host=host, port=port, log_level="warning")
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    return _serve(config_from_args(args), args.host, args.port)


def cmd_run(args: argparse.Namespace) -> int:
    config = config_from_args(args)
    modes: dict[str, str | bool] = {"yes": True, "no": False, "auto": "auto"}
    mode = modes.get(args.replay or "", config.get("crawl", "replay"))
    summary = _crawl(config, None, mode)
    _print_summary(summary)
    if args.no_serve:
        return 0
    return _serve(config, args.host, args.port)


def cmd_reindex(args: argparse.Namespace) -> int:
    config = config_from_args(args)
    backend = open_configured_backend(config)
    try:
        n = backend.reindex()
    finally:
        backend.close()
    print(f"reindexed {n} articles")
    return 0


def cmd_index(args: argparse.Namespace) -> int:
    from pipelines.store import Spool

    if not args.replay_spool:
        raise UserError("nothing to do: use --replay-spool")
    config = config_from_args(args)
    backend = open_configured_backend(config)
    try:
        sent = Spool(config.data_dir / "spool").replay(backend)
    finally:
        backend.close()
    print(f"sent {sent} spooled articles")
    return 0


COMMANDS = {
    "config": cmd_config,
    "sources": cmd_sources,
    "crawl": cmd_crawl,
    "extract": cmd_extract,
    "add": cmd_add,
    "search": cmd_search,
    "serve": cmd_serve,
    "run": cmd_run,
    "reindex": cmd_reindex,
    "index": cmd_index,
}
