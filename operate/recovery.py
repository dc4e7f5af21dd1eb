"""Sending the spool by itself once the search backend is back.

Crawls replay the spool when they start and when they finish; between crawls, the
scheduler of `stiwatch serve` and each `stiwatch run --once` call :func:`replay_spool`.
While the backend is known to be down (another process failed to reach it less than
``search.outage_retry`` seconds ago), it does not even try.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from typing import Any

from stiwatch.core.config import Config
from stiwatch.core.outage import OutageRecord
from stiwatch.core.store import BackendUnavailable
from stiwatch.pipelines.spool import Spool
from stiwatch.search.factory import open_outage_tolerant

logger = logging.getLogger(__name__)


def _tried_recently(config: Config) -> bool:
    outage = OutageRecord(config.data_dir).read()
    if outage is None:
        return False
    try:
        last = datetime.fromisoformat(outage.last_failure)
    except ValueError:
        return False
    retry = timedelta(seconds=float(config.get("search", "outage_retry")))
    return datetime.now(UTC) - last < retry


def replay_spool(config: Config) -> dict[str, Any] | None:
    """Send what waits in the spool; None when nothing waits.

    Returns ``{"waiting", "sent", "outcomes", "refused", "error"}`` (``error``: why
    nothing could be sent, e.g. the backend is still down).
    """
    spool = Spool.of(config.data_dir)
    waiting = spool.pending()
    if not waiting:
        return None
    report: dict[str, Any] = {"waiting": waiting, "sent": 0, "outcomes": {}, "refused": 0, "error": None}
    if _tried_recently(config):
        report["error"] = "the search backend is down; not tried again yet"
        return report
    name = config.get("search", "backend")
    options = dict(config.values.get(name) or {}) if name == "elasticsearch" else {}
    retry = float(config.get("search", "outage_retry"))
    backend = open_outage_tolerant(name, config.data_dir, retry_seconds=retry, **options)
    try:
        result = spool.replay(backend)
    except BackendUnavailable as exc:
        report["error"] = str(exc)
        return report
    finally:
        backend.close()
    if result.busy:
        report["error"] = "another process is sending the spool"
        return report
    report.update(sent=result.sent, outcomes=result.counts(), refused=result.refused)
    if result.replayed:
        logger.warning("search backend back: %(what)s", {"what": result.describe()})
    return report
