"""`stiwatch brief`: a desk's brief of a search over a period, as HTML, Markdown or DOCX."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from stiwatch.cli.common import UserError, add_common, config_from_args, open_configured_backend
from stiwatch.cli.filters import add_search_filters, query_from_args, today
from stiwatch.deliver.brief.html import chart_svg, render_html
from stiwatch.deliver.brief.markdown import render_markdown
from stiwatch.deliver.brief.model import LANGS, build_brief, period, scope_of
from stiwatch.deliver.brief.names import namer
from stiwatch.deliver.brief.word import render_docx
from stiwatch.deliver.brief.words import Words
from stiwatch.search.query import parse_day
from stiwatch.search.rising import RisingSettings


def register(sub: Any) -> None:
    """Add ``brief`` to the ``stiwatch`` parser."""
    p = sub.add_parser("brief", help="a desk's brief of a search over a week (HTML, Markdown or DOCX)")
    add_common(p)
    # --lang is the brief's language here, so the language filter is --language.
    add_search_filters(p, language_flag="--language")
    p.add_argument("--lang", choices=LANGS, default="en", help="the brief's language (default en)")
    p.add_argument("--format", choices=("html", "md", "docx"), required=True)
    p.add_argument("-o", "--output", required=True, metavar="FILE", help="where to write the brief")
    p.set_defaults(func=cmd_brief)


def cmd_brief(args: argparse.Namespace) -> int:
    config = config_from_args(args)
    query = query_from_args(args, config)
    try:
        since, until = period(parse_day(args.since, "since"), parse_day(args.until, "until"), today())
    except ValueError as exc:
        raise UserError(str(exc)) from None
    output = Path(args.output)
    if not output.parent.is_dir():
        raise UserError(f"cannot write {output}: folder {output.parent} does not exist")
    name = namer(args.lang)
    backend = open_configured_backend(config)
    try:
        brief = build_brief(
            backend,
            query,
            since=since,
            until=until,
            lang=args.lang,
            name=name,
            scope=scope_of(query, name),
            rising_settings=RisingSettings.from_config(config.values["rising"]),
        )
    finally:
        backend.close()
    written = [output]
    try:
        if args.format == "docx":
            output.write_bytes(render_docx(brief, name))
        elif args.format == "md":
            chart = output.with_name(output.stem + ".chart.svg")
            chart.write_text(chart_svg(brief, name, Words(args.lang)), encoding="utf-8")
            output.write_text(render_markdown(brief, name, chart_file=chart.name), encoding="utf-8")
            written.append(chart)
        else:
            output.write_text(render_html(brief, name), encoding="utf-8")
    except OSError as exc:
        raise UserError(f"cannot write {output}: {exc.strerror}") from None
    print(
        f"wrote {', '.join(str(p) for p in written)}: {brief.total} articles, {brief.stories_total} stories, "
        f"{since} to {until}"
    )
    return 0
