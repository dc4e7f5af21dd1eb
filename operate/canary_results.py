"""Canary results: the latest outcome per source and check, kept beside the crawl history.

Written by the canaries (``stiwatch.operate.canary``), read by source health
(``stiwatch.operate.health``); one row per source and mode, so the table stays bounded.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from stiwatch.core.sqlite import transaction
from stiwatch.crawler.history import HISTORY_FILE, now_iso

_SCHEMA = """
CREATE TABLE IF NOT EXISTS canary_results (
    source TEXT NOT NULL,
    mode TEXT NOT NULL,
    checked_at TEXT NOT NULL,
    ok INTEGER NOT NULL,
    problems TEXT NOT NULL,
    PRIMARY KEY (source, mode)
);
"""


@dataclass
class CanaryResult:
    source: str
    mode: str
    ok: bool
    problems: list[str] = field(default_factory=list)
    checked_at: str = ""

    def to_json(self) -> dict[str, Any]:
        return {"mode": self.mode, "ok": self.ok, "problems": self.problems, "checked_at": self.checked_at}


@contextmanager
def _db(data_dir: Path) -> Iterator[sqlite3.Connection]:
    data_dir.mkdir(parents=True, exist_ok=True)
    with transaction(data_dir / HISTORY_FILE) as db:
        db.executescript(_SCHEMA)
        yield db


def save_results(data_dir: Path, results: Iterable[CanaryResult]) -> None:
    """Keep the latest result per source and mode (one row each: bounded)."""
    when = now_iso()
    with _db(data_dir) as db:
        for r in results:
            r.checked_at = r.checked_at or when
            db.execute(
                "INSERT OR REPLACE INTO canary_results VALUES (?, ?, ?, ?, ?)",
                (r.source, r.mode, r.checked_at, int(r.ok), json.dumps(r.problems, ensure_ascii=False)),
            )


def last_results(data_dir: Path) -> dict[str, dict[str, Any]]:
    """Per source: ``{"ok", "mode", "problems", "checked_at", "modes": {mode: result}}``;
    ``ok`` only when every mode's latest check passed."""
    if not (data_dir / HISTORY_FILE).exists():
        return {}
    with _db(data_dir) as db:
        rows = db.execute("SELECT source, mode, checked_at, ok, problems FROM canary_results").fetchall()
    out: dict[str, dict[str, Any]] = {}
    for source, mode, checked_at, ok, problems in rows:
        entry = out.setdefault(source, {"ok": True, "modes": {}, "problems": [], "checked_at": ""})
        entry["modes"][mode] = {"ok": bool(ok), "problems": json.loads(problems), "checked_at": checked_at}
        entry["ok"] = entry["ok"] and bool(ok)
        entry["problems"] += [f"{mode}: {p}" for p in json.loads(problems)]
        entry["checked_at"] = max(entry["checked_at"], checked_at)
    for entry in out.values():
        failed = [m for m, r in entry["modes"].items() if not r["ok"]]
        entry["mode"] = "+".join(sorted(failed or entry["modes"]))
    return out
