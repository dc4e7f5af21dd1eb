"""The search backend's outage, as every process of one data directory sees it.

A crawl, ``stiwatch add``, the web server and the scheduler each find out for themselves
that the backend is down (a request fails) or back (a request succeeds). They share what
they learnt through one small file, ``<data dir>/backend-outage.json``, so that
``stiwatch sources status`` and ``/healthz`` can say "backend down since …" without
asking the backend themselves. The file exists only while the backend is down; ``since``
is the first failure seen by any process and is kept by later ones.
"""

from __future__ import annotations

import json
import logging
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

logger = logging.getLogger(__name__)

OUTAGE_FILE = "backend-outage.json"


@dataclass(frozen=True)
class Outage:
    """The backend has been down since ``since`` (ISO 8601, UTC); ``error`` is the last failure."""

    backend: str
    since: str
    last_error: str
    last_failure: str

    def to_json(self) -> dict[str, Any]:
        return dict(self.__dict__)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class OutageRecord:
    """Reads and writes ``<data dir>/backend-outage.json``."""

    def __init__(self, data_dir: Path) -> None:
        self.path = Path(data_dir) / OUTAGE_FILE

    def read(self) -> Outage | None:
        """The current outage, or None when the backend is not known to be down."""
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if not isinstance(data, dict) or not data.get("since"):
            return None
        return Outage(
            backend=str(data.get("backend") or ""),
            since=str(data["since"]),
            last_error=str(data.get("last_error") or ""),
            last_failure=str(data.get("last_failure") or data["since"]),
        )

    def down(self, backend: str, error: str) -> Outage:
        """Record a failure; the outage keeps the ``since`` of the first one."""
        now = _now()
        current = self.read()
        outage = Outage(
            backend=backend,
            since=current.since if current else now,
            last_error=" ".join(error.split())[:500],
            last_failure=now,
        )
        if current is None:
            logger.info("search backend down: %(error)s", {"error": outage.last_error})
        self._write(outage.to_json())
        return outage

    def up(self) -> Outage | None:
        """The backend answered: end the outage (returns it, or None if there was none)."""
        current = self.read()
        if current is None:
            return None
        try:
            self.path.unlink()
        except FileNotFoundError:
            return None  # another process saw it come back first
        logger.info("search backend back (down since %(since)s)", {"since": current.since})
        return current

    def _write(self, data: dict[str, Any]) -> None:
        """Write a sibling, then rename: a reader never sees half a file."""
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            tmp = self.path.with_name(f".{self.path.name}.{os.getpid()}.tmp")
            tmp.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
            tmp.replace(self.path)
        except OSError as exc:  # the outage is reported, not recorded; nothing is lost
            logger.warning(
                "cannot record the backend outage in %(path)s: %(error)s", {"path": self.path, "error": exc}
            )
