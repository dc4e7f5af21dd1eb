"""`stiwatch retag`: apply the current taxonomy to the stored articles, no re-crawl.

Analysts edit ``core/taxonomy/*.yaml`` (an alias, a theme keyword) and run
``stiwatch retag``; every stored article is tagged again from its stored title and
text, and the records whose tags changed are written back and re-indexed. The Thai
words come from the data directory's analysis cache (the crawl that stored a text
segmented it), so a retag segments only text the cache does not hold.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from stiwatch.cli.common import UserError, add_common, config_from_args, open_configured_backend
from stiwatch.core.facets import MENTIONS_FIELD, TAG_FACETS
from stiwatch.core.taxonomy import TaxonomyError, load_taxonomy
from stiwatch.core.tokencache import TokenCache, open_cache
from stiwatch.crawler.registry import load_sources
from stiwatch.search.backend import SearchBackend

# The record fields the tag stage sets: the tag facets, then the evidence.
TAG_FIELDS = (*(f.field for f in TAG_FACETS), MENTIONS_FIELD, "tag_evidence")
BATCH = 200


def register(sub: Any) -> None:
    """Add ``retag`` to the ``stiwatch`` parser."""
    p = sub.add_parser("retag", help="re-apply the taxonomy to stored articles (no re-crawl)")
    add_common(p)
    p.add_argument("--dry-run", action="store_true", help="count the changes, write nothing")
    p.add_argument("--json", action="store_true", help="print the summary as JSON")
    p.set_defaults(func=cmd_retag)


def retag_records(
    backend: SearchBackend, *, dry_run: bool = False, tokens: TokenCache | None = None
) -> dict[str, Any]:
    """Tag every stored record again; returns {"articles", "changed", "facets": {facet: n}}.

    Args:
        tokens: the data directory's analysis cache: the stored texts' Thai words.
    """
    # defers the pipeline stages' modules (Scrapy, heavy) to the command that retags.
    from stiwatch.pipelines.tag import tag_article

    try:
        taxonomy = load_taxonomy()
    except TaxonomyError as exc:
        raise UserError(f"taxonomy: {exc}") from None
    sources = load_sources()
    summary: dict[str, Any] = {"articles": 0, "changed": 0, "facets": dict.fromkeys(TAG_FIELDS[:5], 0)}
    pending: list[dict[str, Any]] = []
    # Read everything first: the store must not change under its own iterator.
    for record in list(backend.iter_records()):
        summary["articles"] += 1
        source = sources.get(record.get("source") or "")
        title, text = record.get("title") or "", record.get("text") or ""
        tags = tag_article(
            title,
            text,
            record.get("language") or "",
            source.country if source else None,
            taxonomy,
            published=record.get("published"),
            url=record.get("url"),
            thai=tokens.thai_runs([title, text]) if tokens is not None else None,
        )
        new = {
            **{f.field: getattr(tags, f.field) for f in TAG_FACETS},
            MENTIONS_FIELD: tags.mentions,
            "tag_evidence": tags.evidence,
        }
        changed = [f for f in TAG_FIELDS if record.get(f) != new[f]]
        if not changed:
            continue
        summary["changed"] += 1
        for facet in changed:
            if facet in summary["facets"]:
                summary["facets"][facet] += 1
        pending.append({**record, **new})
        if len(pending) >= BATCH and not dry_run:
            backend.upsert(pending)
            pending = []
    if pending and not dry_run:
        backend.upsert(pending)
    if not dry_run:
        backend.commit()
    return summary


def cmd_retag(args: argparse.Namespace) -> int:
    config = config_from_args(args)
    backend = open_configured_backend(config)
    tokens = open_cache(config.data_dir)
    try:
        summary = retag_records(backend, dry_run=args.dry_run, tokens=tokens)
    finally:
        if tokens is not None:
            tokens.close()
        backend.close()
    if args.json:
        print(json.dumps(summary, indent=2))
        return 0
    verb = "would change" if args.dry_run else "changed"
    facets = ", ".join(f"{k} {v}" for k, v in summary["facets"].items() if v) or "-"
    print(f"retagged {summary['articles']} articles: {verb} {summary['changed']} ({facets})")
    if args.dry_run:
        print("nothing written (--dry-run)", file=sys.stderr)
    return 0
