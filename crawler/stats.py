"""Per-source crawl statistics: one key scheme, and the summary built from it.

Keys: ``stiwatch/source/<id>/<counter>`` for fetched/new/updated/unchanged/spooled,
``stiwatch/source/<id>/errors/<kind>`` for problems (network, http-404, robots, empty,
decode, date-missing, ...) and ``stiwatch/source/<id>/requests/<kind>`` for the requests
sent (robots, discovery, article, document; crawler/robots.py). The crawl summary (`stiwatch crawl --json`) is derived
from these keys only, so every component that counts something shows up in it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

PREFIX = "stiwatch/source/"
# not_modified: discovery pages answered 304; known: article links skipped because the
# crawl state had them (crawler/state.py).
COUNTERS = ("fetched", "new", "updated", "unchanged", "spooled", "not_modified", "known")
REQUEST_KINDS = ("robots", "discovery", "article", "document")


def source_key(source: str, *parts: str) -> str:
    return PREFIX + "/".join((source, *parts))


def count(stats: Any, source: str, counter: str, n: int = 1) -> None:
    """Increment a per-source counter (``stats`` is a Scrapy StatsCollector or None)."""
    if stats is not None:
        stats.inc_value(source_key(source, counter), n)


def count_error(stats: Any, source: str, kind: str) -> None:
    """Count one problem of ``kind`` for ``source``."""
    if stats is not None:
        stats.inc_value(source_key(source, "errors", kind))


def summarize(stats: Mapping[str, Any], sources: Iterable[str]) -> dict[str, Any]:
    """``{"sources": {id: {"fetched", "new", "updated", ..., "errors": {kind: n},
    "requests": {"robots", "discovery", "article", "document"}}}, "totals": {...}}``."""
    per: dict[str, dict[str, Any]] = {sid: _empty() for sid in sources}
    for key, value in stats.items():
        if not key.startswith(PREFIX) or not isinstance(value, int):
            continue
        parts = key[len(PREFIX) :].split("/")
        sid = parts[0]
        entry = per.setdefault(sid, _empty())
        if len(parts) == 2 and parts[1] in COUNTERS:
            entry[parts[1]] += value
        elif len(parts) == 3 and parts[1] == "errors":
            entry["errors"][parts[2]] = entry["errors"].get(parts[2], 0) + value
        elif len(parts) == 3 and parts[1] == "requests" and parts[2] in REQUEST_KINDS:
            entry["requests"][parts[2]] += value
    return with_totals(per)


def _empty() -> dict[str, Any]:
    return {**{c: 0 for c in COUNTERS}, "errors": {}, "requests": {k: 0 for k in REQUEST_KINDS}}


def with_totals(per: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """``{"sources": per, "totals": ...}``: counters and errors added up over the sources."""
    totals: dict[str, Any] = {c: sum(e[c] for e in per.values()) for c in COUNTERS}
    errors: dict[str, int] = {}
    for entry in per.values():
        entry["errors"] = dict(sorted(entry["errors"].items()))
        for kind, n in entry["errors"].items():
            errors[kind] = errors.get(kind, 0) + n
    totals["errors"] = dict(sorted(errors.items()))
    totals["requests"] = {
        k: sum(e.get("requests", {}).get(k, 0) for e in per.values()) for k in REQUEST_KINDS
    }
    return {"sources": per, "totals": totals}
