"""`stiwatch extract` and `stiwatch add`: process one page or document (a file or a URL) outside
a crawl: an HTML page, a PDF (its text layer, or OCR when Tesseract is installed) or a .docx."""

from __future__ import annotations

import argparse
import json
import sys
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

from stiwatch.cli.common import UserError, add_common, config_from_args, open_configured_backend, short
from stiwatch.core.article import Article
from stiwatch.core.config import DEFAULTS
from stiwatch.core.store import BackendUnavailable
from stiwatch.crawler.documents import sniff_format
from stiwatch.crawler.registry import load_sources
from stiwatch.crawler.settings import from_config
from stiwatch.pipelines.spool import Spool, SpoolEntry, write_or_spool
from stiwatch.search.backend import SearchBackend


def register(sub: Any) -> None:
    """Add ``add`` and ``extract`` to the ``stiwatch`` parser."""
    for name, helptext, func in (
        ("add", "process one page and store it", cmd_add),
        ("extract", "process one page and print its article record (nothing stored)", cmd_extract),
    ):
        p = sub.add_parser(name, help=helptext)
        add_common(p)
        p.add_argument("target", metavar="FILE_OR_URL")
        p.add_argument("--url", help="the page's address when FILE_OR_URL is a local file")
        p.add_argument("--source", metavar="ID", help="registry id of the page's source")
        p.set_defaults(func=func)


def _read_target(target: str, url: str | None, limit: int) -> tuple[str, bytes, str | None]:
    """(url, body, content type) for a local file or an http(s) URL of at most ``limit`` bytes."""
    too_large = f"{target}: larger than {limit} bytes (crawl.max_pdf_bytes, crawl.max_page_bytes)"
    if target.startswith(("http://", "https://")):
        user_agent = DEFAULTS["crawl"]["user_agent"]
        request = urllib.request.Request(target, headers={"User-Agent": user_agent})
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                body = response.read(limit + 1)
                if len(body) > limit:
                    raise UserError(too_large)
                return target, body, response.headers.get("Content-Type")
        except (urllib.error.URLError, OSError) as exc:
            raise UserError(f"cannot fetch {target}: {exc}") from None
    path = Path(target)
    if not path.is_file():
        raise UserError(f"no such file: {target}")
    if path.stat().st_size > limit:
        raise UserError(too_large)
    return url or path.resolve().as_uri(), path.read_bytes(), None


def _process_one(args: argparse.Namespace) -> tuple[Article, SearchBackend | None]:
    """The page processed by every stage; with ``add``, the backend it dedupes against."""
    # defers the processing stages (trafilatura, Scrapy: heavy) to the commands that run them.
    from stiwatch.core.tokencache import open_cache
    from stiwatch.pipelines.base import RejectArticle
    from stiwatch.pipelines.process import Processor, build_context

    registry = load_sources()
    if args.source and args.source not in registry:
        raise UserError(f"unknown source id: {args.source} (see `stiwatch sources list --all`)")
    config = config_from_args(args, must_exist=False)
    max_document = int(config.get("crawl", "max_pdf_bytes"))
    limit = max(max_document, int(config.get("crawl", "max_page_bytes")))
    url, body, content_type = _read_target(args.target, args.url, limit)
    if len(body) > max_document and sniff_format(body, content_type, url) is not None:
        raise UserError(f"{args.target}: a document larger than {max_document} bytes (crawl.max_pdf_bytes)")
    # The stages' settings from the configuration, as a crawl gets them.
    settings = {**from_config(config.values), "STIWATCH_DATA_DIR": str(config.data_dir)}
    # A remote backend that is down does not stop `add`: the article is spooled.
    backend = open_configured_backend(config, tolerate_outage=True) if args.command == "add" else None
    # `add` links the page to the stored stories: their texts come from the analysis cache.
    tokens = open_cache(config.data_dir) if backend is not None else None
    processor = Processor(build_context(settings, sources=registry, store=backend, tokens=tokens))
    try:
        article = processor.process(url, body, source=args.source, content_type=content_type)
    except RejectArticle as exc:
        raise UserError(f"{url}: nothing to store ({exc.reason})") from None
    return article, backend


def cmd_extract(args: argparse.Namespace) -> int:
    article, _ = _process_one(args)
    print(json.dumps(article.to_record(), indent=2, ensure_ascii=False))
    return 0


def cmd_add(args: argparse.Namespace) -> int:
    """Store the page; while the backend is down (or refuses it) it waits in the spool."""
    article, backend = _process_one(args)
    assert backend is not None  # `add` always opens one
    spool = Spool.of(config_from_args(args).data_dir)
    checked = article.handoff.store_checked
    try:
        outcome = write_or_spool(backend, spool, [SpoolEntry(article.to_record(), checked, not checked)])
        if outcome.written and spool.pending():
            _replay_quietly(spool, backend)
    finally:
        backend.close()
    status = "spooled" if outcome.spooled else article.handoff.status or "new"
    published = article.published or "-"
    print(f"{status}: {article.id} {article.language} {published} {short(article.title, 70)}")
    if outcome.spooled:
        why = outcome.error or "the search backend could not be asked"
        print(
            f"  note: kept in the spool ({spool.directory}) until the search backend takes it: {why}",
            file=sys.stderr,
        )
    for error in article.errors:
        print(f"  note: {error['stage']}: {error['kind']}: {error['message']}", file=sys.stderr)
    return 0


def _replay_quietly(spool: Spool, backend: SearchBackend) -> None:
    """The backend answered: send what earlier commands spooled (a failure keeps it there)."""
    try:
        result = spool.replay(backend)
    except BackendUnavailable as exc:
        print(f"  note: spooled articles not sent yet: {exc}", file=sys.stderr)
        return
    if result.replayed:
        print(f"  note: {result.describe()}", file=sys.stderr)
