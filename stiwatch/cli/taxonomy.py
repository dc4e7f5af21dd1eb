"""`stiwatch themes|agencies|countries [--json]`: the values the filters accept, with their names."""

from __future__ import annotations

import argparse
import json
from typing import Any

from stiwatch.cli.common import add_common, print_table
from stiwatch.core.taxonomy import load_taxonomy

# Command -> (taxonomy table, what it lists).
LISTS = {
    "countries": ("countries", "countries (--country, --partner)"),
    "agencies": ("agencies", "agencies and bodies (--agency)"),
    "themes": ("themes", "themes (--theme)"),
}
NAME_LANGS = ("en", "th", "vi")


def register(sub: Any) -> None:
    """Add ``countries``, ``agencies`` and ``themes`` to the ``stiwatch`` parser."""
    for command, (_, what) in LISTS.items():
        p = sub.add_parser(command, help=f"list the {what} with their names in English, Thai, Vietnamese")
        add_common(p)
        p.add_argument("--json", action="store_true", help="print JSON")
        p.set_defaults(func=cmd_list, table=command)


def entries(table: str) -> list[dict[str, Any]]:
    """``[{"id", "names": {en, th, vi}, ...}]`` of one taxonomy table, in file order."""
    taxonomy = load_taxonomy(check_segmentation=False)
    out = []
    for ident, entry in getattr(taxonomy, table).items():
        item: dict[str, Any] = {
            "id": ident,
            "names": {lang: entry.names.get(lang, "") for lang in NAME_LANGS},
        }
        if table == "agencies":
            item["country"] = entry.country
            item["acronyms"] = [a.text for a in entry.acronyms]
        out.append(item)
    return out


def cmd_list(args: argparse.Namespace) -> int:
    table = LISTS[args.table][0]
    items = entries(table)
    if args.json:
        print(json.dumps(items, indent=2, ensure_ascii=False))
        return 0
    headers = ["ID", *(f"NAME ({lang})" for lang in NAME_LANGS)]
    rows = [[i["id"], *(i["names"][lang] for lang in NAME_LANGS)] for i in items]
    if table == "agencies":
        headers.insert(1, "COUNTRY")
        for row, item in zip(rows, items, strict=True):
            row.insert(1, item["country"] or "-")
    print_table(rows, headers)
    print(f"\n{len(items)} {table}")
    return 0
