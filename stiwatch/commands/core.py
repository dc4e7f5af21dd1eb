"""Core commands: config, sources, crawl, add, extract, search, serve, run, reindex, index."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from crawler.registry import load_sources
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
    st = ssub.add_parser("status", help="source health: healthy, degraded, failing (with why)")
    add_common(st)
    st.add_argument("--source", action="append", metavar="ID", help="only this source (repeatable)")
    st.add_argument("--json", action="store_true", help="print JSON {id: {status, reason, ...}}")
    sc = ssub.add_parser("canary", help="check each source's golden article and newest article")
    add_common(sc)
    sc.add_argument("--source", action="append", metavar="ID", help="only this source (repeatable)")
    sc.add_argument("--archive-only", action="store_true", help="skip the check of stored articles")

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
    p.add_argument("--no-expand", action="store_true", help="match the words as typed (no taxonomy aliases)")
    p.add_argument("--collapse", action="store_true", help="one hit per story (copies, translations)")
    p.add_argument(
        "--labels",
        choices=("id", "en", "th", "vi"),
        default="id",
        help="show facet values as ids (default) or by their names in English, Thai or Vietnamese",
    )
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
    p.add_argument(
        "--once", action="store_true", help="one scheduler cycle (due crawls, canaries, digests); for cron"
    )
    p.add_argument("--all", action="store_true", help="with --once: crawl every enabled source, due or not")
    p.add_argument("--json", action="store_true", help="with --once: print the cycle's report as JSON")

    p = sub.add_parser("reindex", help="rebuild the search index from stored articles")
    add_common(p)
    p.add_argument(
        "--from-embedded",
        action="store_true",
        help="Elasticsearch backend: index the embedded store of the data directory",
    )

    p = sub.add_parser("index", help="index maintenance")
    add_common(p)
    p.add_argument("--replay-spool", action="store_true", help="send spooled articles")
    for name, func in COMMANDS.items():
        sub.choices[name].set_defaults(func=func)


# -- helpers -----------------------------------------------------------------------------


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
    from pipelines.translate import translate_settings

    settings: dict[str, Any] = {
        "STIWATCH_LANGUAGES": config.get("pipeline", "languages"),
        "STIWATCH_DATA_DIR": str(config.data_dir),
        **translate_settings(config.values["translate"]),
    }
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
    from stiwatch.commands import crawling

    if args.sources_command == "status":
        return crawling.cmd_sources_status(args)
    if args.sources_command == "canary":
        return crawling.cmd_sources_canary(args)
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


def print_summary(summary: dict[str, Any]) -> None:
    columns = ("fetched", "not_modified", "known", "new", "updated", "unchanged", "spooled")
    rows = []
    for sid, s in [*summary["sources"].items(), ("TOTAL", summary["totals"])]:
        errors = ", ".join(f"{k}:{v}" for k, v in s["errors"].items()) or "-"
        rows.append([sid, *(str(s.get(c, 0)) for c in columns), errors])
    print_table(
        rows, ["SOURCE", "FETCHED", "304", "KNOWN", "NEW", "UPDATED", "UNCHANGED", "SPOOLED", "ERRORS"]
    )


def cmd_crawl(args: argparse.Namespace) -> int:
    from stiwatch.commands.crawling import cmd_crawl as crawl_command

    return crawl_command(args)


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

    config = config_from_args(args)
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
        expand=not args.no_expand and bool(config.get("search", "query_expansion")),
        collapse=args.collapse,
    )
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
    name = _facet_namer(args.labels)
    for facet, counts in result.facets.items():
        if counts:
            top = ", ".join(f"{name(facet, k)} {v}" for k, v in list(counts.items())[:8])
            print(f"  {facet}: {top}")
    return 0


def _facet_namer(lang: str) -> Any:
    """``(facet, id) -> display text``: the id, or the taxonomy's name in ``lang``."""
    labelled = {"country", "agency", "theme", "cooperation"}
    if lang == "id":
        return lambda facet, value: value
    from pipelines.taxonomy import load_taxonomy

    taxonomy = load_taxonomy()
    return lambda facet, value: taxonomy.label(facet, value, lang) if facet in labelled else value


def serve(config: Config, host: str | None, port: int | None, *, replay: str | bool | None = None) -> int:
    """Serve the web app; with ``schedule.enabled`` the scheduler crawls and alerts beside it."""
    import signal

    import uvicorn

    from search.web.app import create_app
    from stiwatch.scheduler import Scheduler

    host = host or config.get("serve", "host")
    port = port or int(config.get("serve", "port"))
    scheduler = Scheduler(config, replay=replay) if config.get("schedule", "enabled") else None
    print(
        f"serving search on http://{host}:{port}/"
        f"{' with the crawl and digest schedule' if scheduler else ''}  (Ctrl-C stops)",
        file=sys.stderr,
    )
    if scheduler is not None:
        scheduler.start()
    # uvicorn shuts down gracefully on SIGTERM, then raises the signal again under the
    # handler it found: make that one return, so the scheduler below stops cleanly too.
    signal.signal(signal.SIGTERM, lambda signum, frame: None)
    try:
        uvicorn.run(create_app(config), host=host, port=port, log_level="warning")
    finally:
        if scheduler is not None:
            scheduler.stop()
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    return serve(config_from_args(args), args.host, args.port)


def cmd_run(args: argparse.Namespace) -> int:
    from stiwatch.commands.crawling import cmd_run as run_command

    return run_command(args)


def cmd_reindex(args: argparse.Namespace) -> int:
    config = config_from_args(args)
    if args.from_embedded:
        return _reindex_from_embedded(config)
    backend = open_configured_backend(config)
    try:
        n = backend.reindex()
    finally:
        backend.close()
    print(f"reindexed {n} articles")
    return 0


def _reindex_from_embedded(config: Config) -> int:
    from search.embedded.store import DB_NAME, ArticleStore

    if config.get("search", "backend") == "embedded":
        raise UserError("--from-embedded copies the embedded store into Elasticsearch: set search.backend")
    if not (config.data_dir / DB_NAME).is_file():
        raise UserError(f"no embedded article store in {config.data_dir} ({DB_NAME} is missing)")
    from search.elasticsearch import ElasticsearchBackend

    backend = open_configured_backend(config)
    if not isinstance(backend, ElasticsearchBackend):
        backend.close()
        raise UserError(f"--from-embedded is not supported by the {backend.name} backend")
    store = ArticleStore(config.data_dir)
    try:
        n = backend.reindex(store.iter_records())
    finally:
        store.close()
        backend.close()
    print(f"reindexed {n} articles from {config.data_dir / DB_NAME}")
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
