"""`stiwatch reindex` and `stiwatch index`: rebuild the search index, send spooled articles."""

from __future__ import annotations

import argparse
from typing import Any

from stiwatch.cli.common import UserError, add_common, config_from_args, open_configured_backend
from stiwatch.core.config import Config
from stiwatch.core.store import BackendUnavailable
from stiwatch.pipelines.spool import Spool
from stiwatch.search.embedded.store import DB_NAME, ArticleStore


def register(sub: Any) -> None:
    """Add ``reindex`` and ``index`` to the ``stiwatch`` parser."""
    p = sub.add_parser("reindex", help="rebuild the search index from stored articles")
    add_common(p)
    p.add_argument(
        "--from-embedded",
        action="store_true",
        help="Elasticsearch backend: index the embedded store of the data directory",
    )
    p.set_defaults(func=cmd_reindex)

    p = sub.add_parser("index", help="index maintenance")
    add_common(p)
    p.add_argument("--replay-spool", action="store_true", help="send spooled articles")
    p.set_defaults(func=cmd_index)


def cmd_reindex(args: argparse.Namespace) -> int:
    config = config_from_args(args, for_index=True)
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
    if config.get("search", "backend") == "embedded":
        raise UserError("--from-embedded copies the embedded store into Elasticsearch: set search.backend")
    if not (config.data_dir / DB_NAME).is_file():
        raise UserError(f"no embedded article store in {config.data_dir} ({DB_NAME} is missing)")
    # defers the elasticsearch client (heavy, optional): only this Elasticsearch command loads it.
    from stiwatch.search.elasticsearch import ElasticsearchBackend

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
    """Exit 0 when the spool is empty afterwards, 1 when the backend still refuses some."""
    if not args.replay_spool:
        raise UserError("nothing to do: use --replay-spool")
    config = config_from_args(args)
    spool = Spool.of(config.data_dir)
    waiting = spool.pending()
    backend = open_configured_backend(config, tolerate_outage=True)
    try:
        result = spool.replay(backend)
    except BackendUnavailable as exc:
        raise UserError(f"{exc}; {waiting} articles stay in the spool ({spool.directory})") from None
    finally:
        backend.close()
    if result.busy:
        print("another stiwatch process is sending the spool right now; nothing to do")
        return 0
    print(result.describe())
    return 1 if result.refused else 0
