"""Canaries: does each source still extract the way it should?

Two checks per source, their results kept beside the crawl history so that source
health (crawler/health.py) can report them:

- ``archive``: the source's golden page in the replay archive (``crawler/canaries.yaml``)
  is processed by the real stages and must still give its expected title, date and
  text snippets: catches extraction regressions and broken site rules.
- ``live``: the newest stored article of the source (what the last crawls brought)
  must have a title, a date and non-trivial text: catches a site redesign that
  still answers 200 but no longer yields articles worth the name.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from crawler.history import HISTORY_FILE, now_iso
from crawler.sqlite import transaction

CANARIES_FILE = Path(__file__).parent / "canaries.yaml"
# Below this many characters a live article's text is not an article.
MIN_TEXT_CHARS = 200

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


@dataclass(frozen=True)
class Canary:
    """A golden article: its URL in the archive and what it must extract to."""

    source: str
    url: str
    title: str
    published: str | None
    must_contain: tuple[str, ...] = ()


@dataclass
class CanaryResult:
    source: str
    mode: str
    ok: bool
    problems: list[str] = field(default_factory=list)
    checked_at: str = ""

    def to_json(self) -> dict[str, Any]:
        return {"mode": self.mode, "ok": self.ok, "problems": self.problems, "checked_at": self.checked_at}


def load_canaries(path: Path = CANARIES_FILE) -> dict[str, Canary]:
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    out = {}
    for entry in data.get("canaries") or []:
        out[entry["source"]] = Canary(
            source=entry["source"],
            url=entry["url"],
            title=entry["title"],
            published=str(entry["published"]) if entry.get("published") else None,
            must_contain=tuple(entry.get("must_contain") or ()),
        )
    return out


def check_archive(sources: Iterable[str]) -> list[CanaryResult]:
    """Process each source's golden archive page and compare it with its expectations."""
    from crawler.replay.archive import load_archive
    from pipelines.base import RejectArticle
    from pipelines.process import Processor, build_context

    canaries = load_canaries()
    pages = load_archive()
    processor = Processor(build_context())
    results = []
    for sid in sources:
        canary = canaries.get(sid)
        if canary is None:
            results.append(CanaryResult(sid, "archive", False, ["no canary article declared"]))
            continue
        page = pages.get(canary.url)
        if page is None or page.file is None:
            results.append(CanaryResult(sid, "archive", False, [f"{canary.url} is not in the archive"]))
            continue
        try:
            article = processor.process(canary.url, page.body(), source=sid, content_type=page.content_type)
        except RejectArticle as exc:
            results.append(CanaryResult(sid, "archive", False, [f"rejected: {exc.reason}"]))
            continue
        problems = []
        if article.title != canary.title:
            problems.append(f"title is {article.title[:80]!r}")
        if canary.published and (article.published or "")[:10] != canary.published:
            problems.append(f"date is {article.published!r}, expected {canary.published}")
        missing = [s for s in canary.must_contain if s not in article.text]
        if missing:
            problems.append(f"text lacks {missing[0][:60]!r}")
        results.append(CanaryResult(sid, "archive", not problems, problems))
    return results


def check_live(backend: Any, sources: Iterable[str]) -> list[CanaryResult]:
    """The newest stored article of each source has a title, a date and real text."""
    from search.backend import SearchQuery

    results = []
    for sid in sources:
        found = backend.search(SearchQuery(sources=(sid,), sort="date", limit=1, facets=()))
        if not found.hits:
            results.append(CanaryResult(sid, "live", False, ["no stored article"]))
            continue
        newest = found.hits[0]
        problems = []
        if not (newest.get("title") or "").strip():
            problems.append("newest article has no title")
        if not newest.get("published"):
            problems.append("newest article has no date")
        if len(newest.get("text") or "") < MIN_TEXT_CHARS:
            problems.append(f"newest article text under {MIN_TEXT_CHARS} characters")
        results.append(CanaryResult(sid, "live", not problems, problems))
    return results


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


def run_canaries(
    data_dir: Path, sources: Iterable[str], backend: Any = None
) -> Mapping[str, list[CanaryResult]]:
    """Archive checks, and live checks when a backend is given; results saved and returned."""
    ids = list(sources)
    results = {"archive": check_archive(ids)}
    if backend is not None:
        results["live"] = check_live(backend, ids)
    save_results(data_dir, [r for rs in results.values() for r in rs])
    return results
