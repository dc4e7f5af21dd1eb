"""Coordinating crawls: one crawl per source at a time, replay or live, Redis or not, records.

Light bookkeeping shared by the crawl runner (``stiwatch.operate.crawl``), the command
line and the scheduler: none of it loads Scrapy.
"""

from __future__ import annotations

import fcntl
import logging
import os
import socket
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from stiwatch.core.config import Config
from stiwatch.crawler.history import CrawlHistory, now_iso
from stiwatch.crawler.registry import Source
from stiwatch.crawler.state import CrawlState
from stiwatch.crawler.stats import COUNTERS, REQUEST_KINDS, with_totals

logger = logging.getLogger(__name__)


def sources_reachable(sources: Sequence[Source], timeout: float = 2.0, probes: int = 3) -> bool:
    """True when at least one source host accepts a TCP connection (are we online?)."""
    hosts = [s.domains[0] for s in sources if s.domains][:probes]
    for host in hosts:
        try:
            with socket.create_connection((host, 443), timeout=timeout):
                return True
        except OSError:
            continue
    return False


def should_replay(mode: str | bool, sources: Sequence[Source]) -> bool:
    """Resolve the replay setting: ``auto`` replays when no source host is reachable."""
    if isinstance(mode, bool):
        return mode
    low = str(mode).lower()
    if low in ("1", "true", "yes", "on", "always"):
        return True
    if low in ("0", "false", "no", "off", "never"):
        return False
    online = sources_reachable(sources)
    if not online:
        logger.warning("no source host is reachable: replaying the bundled archive")
    return not online


def redis_url(config: Config) -> str:
    """The Redis URL for distributed crawling: ``[redis] url``, else ``REDIS_URL``; "" = off."""
    return str(config.get("redis", "url") or os.environ.get("REDIS_URL", "")).strip()


def record(
    config: Config,
    summary: dict[str, Any],
    started_at: str,
    duration: float,
    *,
    replay: bool,
    full: bool,
) -> None:
    """Keep a finished crawl's summary in the history and prune the crawl state."""
    CrawlHistory(config.data_dir).record(
        summary, started_at, now_iso(), replay=replay, duration=duration, full=full
    )
    CrawlState(config.data_dir, int(config.get("schedule", "state_ttl_days"))).prune()


def merge_summaries(summaries: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """One summary from several workers' (counters and errors added up)."""
    per: dict[str, dict[str, Any]] = {}
    for summary in summaries:
        for sid, entry in summary["sources"].items():
            into = per.setdefault(
                sid, {c: 0 for c in COUNTERS} | {"errors": {}, "requests": dict.fromkeys(REQUEST_KINDS, 0)}
            )
            for c in COUNTERS:
                into[c] += int(entry.get(c, 0))
            for kind, n in entry.get("errors", {}).items():
                into["errors"][kind] = into["errors"].get(kind, 0) + n
            for kind, n in entry.get("requests", {}).items():
                if kind in REQUEST_KINDS:
                    into["requests"][kind] += int(n)
    reasons = {str(s.get("finish_reason", "unknown")) for s in summaries}
    return {
        **with_totals(per),
        "finish_reason": reasons.pop() if len(reasons) == 1 else ",".join(sorted(reasons)),
    }


class SourceLocks:
    """Per-source lock files (``<data dir>/locks/<id>.lock``): one crawl of a source at a
    time, whether started by the scheduler, cron or a person. Released by the OS if the
    holder dies."""

    def __init__(self, data_dir: Path) -> None:
        self.directory = data_dir / "locks"
        self._held: list[Any] = []

    def acquire(self, ids: Sequence[str]) -> list[str]:
        """Lock what is free; returns the ids that another process holds."""
        self.directory.mkdir(parents=True, exist_ok=True)
        busy = []
        for sid in ids:
            handle = (self.directory / f"{sid}.lock").open("a")
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                handle.close()
                busy.append(sid)
                continue
            self._held.append(handle)
        return busy

    def release(self) -> None:
        for handle in self._held:
            handle.close()  # closing drops the flock
        self._held = []
