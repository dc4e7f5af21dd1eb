"""What every command module shares: common flags, configuration, backend, sources, tables."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from typing import Any

from wcwidth import wcwidth

from stiwatch.core.config import Config, load_config
from stiwatch.core.facets import ALL_OF_FACETS, PARTNER
from stiwatch.crawler.registry import Source, load_sources
from stiwatch.search.backend import SearchBackend
from stiwatch.search.factory import open_backend, open_outage_tolerant


class UserError(Exception):
    """A problem the user can fix; printed as one line with exit status 2."""


def add_common(parser: argparse.ArgumentParser, *, top: bool = False) -> None:
    """``--data-dir`` and ``--verbose`` on every command (and before it)."""
    # Sub-commands use SUPPRESS so a --data-dir given before the sub-command survives.
    default = None if top else argparse.SUPPRESS
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        default=default,
        help="data directory (default ./data, or STIWATCH_DATA_DIR)",
    )
    parser.add_argument(
        "-v",
        "--verbose",
        action="store_true",
        default=False if top else argparse.SUPPRESS,
        help="log progress details",
    )


def config_from_args(
    args: argparse.Namespace,
    overrides: dict[str, Any] | None = None,
    *,
    must_exist: bool = True,
    for_index: bool = False,
) -> Config:
    """The effective configuration for this invocation.

    Args:
        must_exist: refuse a data directory that does not exist (a typo in ``--data-dir``
            must not search an empty index or start a new one silently); only the commands
            that fill a data directory (``crawl``, ``run``, ``add``, ``serve`` with its
            scheduled crawls) or do not read one pass False.
        for_index: the command needs the data directory only for the embedded index:
            with Elasticsearch (``search.backend``) a missing one is no error.
    """
    config = load_config(data_dir=getattr(args, "data_dir", None), overrides=overrides)
    if for_index and config.get("search", "backend") != "embedded":
        return config
    if must_exist and not config.data_dir.is_dir():
        where = config.origins.get("data.dir", "default")
        raise UserError(
            f"data directory {config.data_dir} does not exist ({where}); check --data-dir or "
            "STIWATCH_DATA_DIR, or fill it first with `stiwatch crawl`"
        )
    return config


def open_configured_backend(config: Config, *, tolerate_outage: bool = False) -> SearchBackend:
    """The search backend the configuration selects.

    Args:
        tolerate_outage: for commands that go on while a remote backend is down (crawl,
            add, serve): no error when it is unreachable; calls fail fast until it is back.
    """
    name = config.get("search", "backend")
    if tolerate_outage:
        retry = float(config.get("search", "outage_retry"))
        options = dict(config.values.get(name) or {}) if name == "elasticsearch" else {}
        return open_outage_tolerant(name, config.data_dir, retry_seconds=retry, **options)
    return open_backend(name, config.data_dir)


def selected_sources(ids: Sequence[str] | None) -> list[Source]:
    """The registry entries ``--source`` names; every enabled source when none is named."""
    registry = load_sources()
    if not ids:
        return [s for s in registry.values() if s.enabled]
    unknown = [i for i in ids if i not in registry]
    if unknown:
        raise UserError(f"unknown source id(s): {', '.join(unknown)} (see `stiwatch sources list --all`)")
    return [registry[i] for i in ids]


def width(text: str) -> int:
    """Columns ``text`` takes in a terminal: Thai vowel and tone marks take none, CJK
    characters two (wcwidth); unprintable characters count as one."""
    return sum(max(wcwidth(ch), 0) if ch != "\t" else 1 for ch in text)


def pad(text: str, columns: int) -> str:
    """``text`` followed by spaces up to ``columns`` display columns."""
    return text + " " * max(0, columns - width(text))


def print_table(rows: list[list[str]], headers: list[str]) -> None:
    """Left-aligned columns, as wide as their widest cell on screen (not in characters:
    Thai, Vietnamese and CJK text line up too)."""
    widths = [max([width(h), *(width(r[i]) for r in rows)]) for i, h in enumerate(headers)]
    print("  ".join(pad(h, w) for h, w in zip(headers, widths, strict=True)).rstrip())
    for row in rows:
        print("  ".join(pad(c, w) for c, w in zip(row, widths, strict=True)).rstrip())


def short(text: str, n: int) -> str:
    """``text`` on one line, cut to ``n`` display columns with an ellipsis."""
    text = " ".join(text.split())
    if width(text) <= n:
        return text
    out, used = [], 0
    for ch in text:
        w = max(wcwidth(ch), 0)
        if used + w > n - 1:
            break
        out.append(ch)
        used += w
    return "".join(out) + "…"


def add_partner_and_modes(parser: argparse.ArgumentParser) -> None:
    """The partner filter and the any/all modes, as ``search`` and ``alerts add`` both take them."""
    parser.add_argument(
        PARTNER.flag,
        dest=PARTNER.query,
        action="append",
        metavar="CC",
        help="also about this country: --country TH --partner VN is Thai-Vietnamese work",
    )
    for facet in ALL_OF_FACETS:
        parser.add_argument(
            f"{facet.flag}-mode",
            dest=f"{facet.name}_mode",
            choices=("any", "all"),
            default="any",
            help=f"several {facet.flag} values: articles with any of them (default) or all of them",
        )
