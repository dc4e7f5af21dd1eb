"""`stiwatch search`: search stored articles; a table, or the JSON of the HTTP API."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from typing import Any

from stiwatch.cli.common import (
    add_common,
    add_partner_and_modes,
    config_from_args,
    open_configured_backend,
    print_table,
    short,
)
from stiwatch.core.facets import ALL_OF_FACETS, BY_NAME, FACETS, PARTNER
from stiwatch.core.taxonomy import load_taxonomy
from stiwatch.search.backend import SearchResult
from stiwatch.search.query import build_query

# The facets with a flag of their own (--country, --lang, ...), as declared.
FLAGGED = tuple(f for f in FACETS if f.flag)
TITLE_COLUMNS = 60


def register(sub: Any) -> None:
    """Add ``search`` to the ``stiwatch`` parser."""
    p = sub.add_parser(
        "search",
        help="search stored articles",
        description=(
            'Query language: words must all match (stop words are ignored); "quoted words" '
            "side by side; a OR b; -word leaves articles out. With three or more words, "
            "articles that miss a few come after those that match them all. Several values "
            "of one filter match any of them (--country-mode all: all of them)."
        ),
    )
    add_common(p)
    p.add_argument("query", nargs="?", default="", metavar="QUERY")
    for facet in FLAGGED:
        p.add_argument(facet.flag, dest=facet.query, action="append", metavar=facet.metavar)
    add_partner_and_modes(p)
    p.add_argument("--since", metavar="YYYY-MM-DD", help="a Buddhist-Era year (2568) is converted")
    p.add_argument("--until", metavar="YYYY-MM-DD")
    p.add_argument(
        "--sort",
        choices=("relevance", "date"),
        default=None,
        help="default: relevance, or date without a query",
    )
    p.add_argument("--limit", type=int, default=20, metavar="N")
    p.add_argument("--offset", type=int, default=0, metavar="N")
    p.add_argument("--no-expand", action="store_true", help="match the words as typed (no taxonomy aliases)")
    p.add_argument("--no-partial", action="store_true", help="every word must match")
    p.add_argument("--collapse", action="store_true", help="one hit per story (copies, translations)")
    p.add_argument(
        "--mentions",
        action="store_true",
        help="--country/--agency/--theme (and their counts) also match articles that only mention them",
    )
    p.add_argument(
        "--labels",
        choices=("id", "en", "th", "vi"),
        default="id",
        help="show facet values as ids (default) or by their names in English, Thai or Vietnamese",
    )
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=cmd_search)


def cmd_search(args: argparse.Namespace) -> int:
    config = config_from_args(args, for_index=True)
    notes: list[str] = []
    query = build_query(
        args.query,
        **{f.query: getattr(args, f.query) for f in FLAGGED},
        partners=getattr(args, PARTNER.query),
        all_of=[f.name for f in ALL_OF_FACETS if getattr(args, f"{f.name}_mode") == "all"],
        since=args.since,
        until=args.until,
        sort=args.sort,
        limit=args.limit,
        offset=args.offset,
        expand=not args.no_expand and bool(config.get("search", "query_expansion")),
        partial=not args.no_partial,
        collapse=args.collapse,
        mentions=args.mentions,
        notes=notes,
    )
    for note in notes:
        print(f"stiwatch: note: {note}", file=sys.stderr)
    backend = open_configured_backend(config)
    try:
        result = backend.search(query)
    finally:
        backend.close()
    if args.json:
        body = result.to_json()
        if notes:
            body["notes"] = notes
        print(json.dumps(body, indent=2, ensure_ascii=False))
        return 0
    _print_hits(result)
    name = _facet_namer(args.labels)
    for facet, counts in result.facets.items():
        if counts:
            top = ", ".join(f"{name(facet, k)} {v}" for k, v in list(counts.items())[:8])
            print(f"  {facet}: {top}")
    return 0


def _print_hits(result: SearchResult) -> None:
    rows = []
    for h in result.hits:
        tags = ",".join([*h.get("countries", []), *h.get("agencies", [])][:6]) or "-"
        missing = result.missing.get(str(h.get("id")))
        if missing:
            tags += f" (without {', '.join(missing)})"
        rows.append(
            [
                str(h.get("id") or ""),
                (h.get("published") or "")[:10] or "-",
                h.get("language") or "-",
                h.get("source", ""),
                short(h.get("title") or "(no title)", TITLE_COLUMNS),
                tags,
                str(h.get("url") or ""),
            ]
        )
    print_table(rows, ["ID", "DATE", "LANG", "SOURCE", "TITLE", "TAGS", "URL"])
    if result.full_total is not None and result.full_total < result.total:
        print(
            f"\n{result.total} article(s): {result.full_total} match every word, "
            f"{result.total - result.full_total} most of them"
        )
    else:
        print(f"\n{result.total} article(s)")


def _facet_namer(lang: str) -> Callable[[str, str], str]:
    """``(facet, id) -> display text``: the id, or the taxonomy's name in ``lang``."""
    if lang == "id":
        return lambda facet, value: value
    taxonomy = load_taxonomy()

    def name(facet: str, value: str) -> str:
        declared = BY_NAME.get(facet)
        if declared is None or declared.labels is None:
            return value
        return taxonomy.label(declared.labels, value, lang)

    return name
