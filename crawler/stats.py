"""Per-source crawl statistics: one key scheme, and the summary built from it.

Keys: ``stiwatch/source/<id>/<counter>`` for fetched/new/updated/unchanged/spooled and
``stiwatch/source/<id>/errors/<kind>`` for problems (network, http-404, robots, empty,
decode, date-missing, ...). The crawl summary (`stiwatch crawl --json`) is derived
from these keys only, so every component that counts something shows up in it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

PREFIX = "stiwatch/source/"
# not_modified: discovery pages answered 304; known: article links skipped because the
# crawl state had them (crawler/state.py).
COUNTERS = ("fetched", "new", "updated", "unchanged", "spooled", "not_modified", "known")


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
    """``{"sources": {id: {"fetched", "new", "updated", "errors": {kind: n}}}, "totals": {...}}``."""
    per: dict[str, dict[str, Any]] = {sid: {**{c: 0 for c in COUNTERS}, "errors": {}} for sid in sources}
    for key, value in stats.items():
        if not key.startswith(PREFIX) or not isinstance(value, int):
            continue
        parts = key[len(PREFIX) :].split("/")
        sid = parts[0]
        entry = per.setdefault(sid, {**{c: 0 for c in COUNTERS}, "errors": {}})
        if len(parts) == 2 and parts[1] in COUNTERS:
            entry[parts[1]] += value
        elif len(parts) == 3 and parts[1] == "errors":
            entry["errors"][parts[2]] = entry["errors"].get(parts[2], 0) + value
    return with_totals(per)


def with_totals(per: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """``{"sources": per, "totals": ...}``: counters and errors added up over the sources."""
    totals: dict[str, Any] = {c: sum(e[c] for e in per.values()) for c in COUNTERS}
    errors: dict[str, int] = {}
    for entry in per.values():
        entry["errors"] = dict(sorted(entry["errors"].items()))
        for kind, n in entry["errors"].items():
            errors[kind] = errors.get(kind, 0) + n
    totals["errors"] = dict(sorted(errors.items()))
    return {"sources": per, "totals": totals}
