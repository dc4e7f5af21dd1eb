"""Source health: is each source still crawled well, and if not, why.

One function, :func:`sources_status`, reads the crawl history (stiwatch.crawler.history)
and the last canary results (stiwatch.operate.canary_results) and classifies every source.
The statuses (``STATUSES``, the one vocabulary every view uses):

- ``never-crawled``: no crawl recorded yet;
- ``replay``: only replays of the bundled archive were recorded. A replay says the
  spiders and pipelines work on stored pages, nothing about the live site, so it is
  never reported as health;
- ``failing``: the last live crawl got nothing usable (every discovery page failed, or
  the site did not answer); the reason names the dominant error kind;
- ``degraded``: the last live crawl worked, but
  - a discovery page (feed, sitemap, listing) answered an error (``discovery-http-404``,
    ``discovery-network``...): the source is read through a fallback or not completely;
  - pages answered a refusal: 401, 402 (paywall), 403, 451 (``ACCESS_KINDS``), even once;
  - more than ``ERROR_SHARE`` of its pages had other errors (at least ``MIN_ERRORS``);
  - a discovery page yielded no article links (``feed-empty``, ``listing-empty``);
  - the canary fails, recent crawls failed now and then, or the last success is older
    than ``STALE_INTERVALS`` crawl intervals;
- ``blocked-by-robots``: the last live crawl (or, before any, the last replay: the archive
  keeps the site's robots.txt) reached the source but its robots.txt forbade every article
  page it found, so nothing was stored (never bypassed);
- ``needs-browser``: a ``render: browser`` source whose last crawl could not render its
  pages (no Chromium or scrapy-playwright there), or, never crawled, cannot here;
- ``healthy``: otherwise. ``robots`` errors never count otherwise (the crawler obeyed
  robots.txt), nor ``ocr`` ones (a scan read by OCR: its text is less certain, the source
  is fine).

Live crawls alone decide the status; replays are listed beside it (``last_replay``).
The CLI (`stiwatch sources status`), the API (`/api/sources`), the web UI and the
digest coverage footer all use this one function, so they always agree.

:func:`backend_status` says the same for the search backend: whether it is down (and
since when, as the processes of the data directory recorded it) and how many articles
wait in the spool for it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from stiwatch.core.outage import OutageRecord
from stiwatch.crawler.browser import browser_problem
from stiwatch.crawler.history import CrawlHistory, CrawlRun
from stiwatch.crawler.registry import Source, load_sources
from stiwatch.operate.canary_results import last_results
from stiwatch.pipelines.spool import Spool

BLOCKED_BY_ROBOTS = "blocked-by-robots"
# A `render: browser` source that no browser could render (no Chromium here).
NEEDS_BROWSER = "needs-browser"
STATUSES = ("healthy", "degraded", "failing", BLOCKED_BY_ROBOTS, "replay", "never-crawled", NEEDS_BROWSER)
# A source switched off in the registry is not crawled, so it has no health: listings
# (`sources list`, the sources page) show it with this status.
DISABLED = "disabled"
LISTED_STATUSES = (*STATUSES, DISABLED)
# How many days of history the per-day and recent-error figures cover.
RECENT_DAYS = 7
# The last crawl is degraded when more than this share of its answered pages erred
# (and at least MIN_ERRORS did): one dead link among four pages is noise, not decay.
ERROR_SHARE = 0.5
MIN_ERRORS = 2
# Kinds that say nothing about the source's health: the crawler obeyed robots.txt; a scan
# was read by OCR (its text is less certain, the source is fine).
BENIGN_KINDS = frozenset({"robots", "ocr"})
# Pages refused outright (login, paywall, forbidden, legal): degraded at the first one.
ACCESS_KINDS = frozenset({"http-401", "http-402", "http-403", "http-451"})
# Errors of discovery pages (feeds, sitemaps, listings) are counted as "discovery-<kind>".
DISCOVERY_PREFIX = "discovery-"
# ... or when its last success is older than this many crawl intervals.
STALE_INTERVALS = 3
# How many recent runs the "failed now and then" rule looks at.
RECENT_RUNS = 5

# Error kinds grouped as the issue tracker and the UI talk about them.
ERROR_GROUPS = {
    "network": "network",
    "robots": "robots",
    "empty": "extraction-empty",
    "not-text": "extraction-empty",
    "binary": "extraction-empty",
    "date-missing": "date-missing",
    "language-unexpected": "language-unexpected",
    "needs-browser": "needs-browser",
    "no-text-layer": "documents",
    "unsupported-format": "documents",
    "too-large": "documents",
    "damaged": "documents",
    "document-timeout": "documents",
    "document-crash": "documents",
    "ocr": "documents",
    "pages-cut": "documents",
}


def error_group(kind: str) -> str:
    """The family of an error kind: ``http-503`` → ``http-status``, ``network`` → ``network``,
    ``discovery-http-404`` → ``discovery``."""
    if kind.startswith(DISCOVERY_PREFIX):
        return "discovery"
    if kind in ACCESS_KINDS:
        return "access"
    if kind.startswith("http-"):
        return "http-status"
    if kind.endswith("-empty") and kind != "empty":
        return "discovery-empty"
    return ERROR_GROUPS.get(kind, "other")


def robots_blocked(articles: int, errors: Mapping[str, int]) -> bool:
    """A crawl that found article pages only to be refused them all by robots.txt.

    Args:
        articles: articles the crawl stored or already knew (new, updated, unchanged, known).
    """
    return articles == 0 and errors.get("robots", 0) > 0


def not_modified_only(run: CrawlRun) -> bool:
    """A re-crawl whose discovery pages all answered 304 and that met nothing else: it saw
    nothing, so it says nothing new about what the source gives."""
    return run.not_modified > 0 and not run.errors and run.new + run.updated + run.unchanged == 0


def run_blocked_by_robots(run: CrawlRun) -> bool:
    """A recorded crawl of one source that robots.txt stopped: no article stored or known,
    robots refusals, and no other error (a crawl that also met a dead server failed)."""
    articles = run.new + run.updated + run.unchanged + run.known
    return robots_blocked(articles, run.errors) and set(run.errors) <= BENIGN_KINDS


def _describe(errors: Mapping[str, int], top: int = 3) -> str:
    ranked = sorted(errors.items(), key=lambda kv: (-kv[1], kv[0]))[:top]
    return ", ".join(f"{kind} ×{n}" for kind, n in ranked)


def _age(iso: str, now: datetime) -> timedelta:
    try:
        when = datetime.fromisoformat(iso)
    except ValueError:
        return timedelta(0)
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return now - when


def _human(delta: timedelta) -> str:
    hours = delta.total_seconds() / 3600
    return f"{hours / 24:.1f} days" if hours >= 48 else f"{hours:.0f} hours"


def classify(
    runs: list[CrawlRun],
    last_success: CrawlRun | None,
    interval: int,
    canary: Mapping[str, Any] | None,
    now: datetime,
) -> tuple[str, str]:
    """(status, reason) of one source from its runs (newest first); replays are set aside."""
    live = [r for r in runs if not r.replay]
    if not live:
        replayed = next((r for r in runs if not not_modified_only(r)), runs[0]) if runs else None
        if replayed is not None and run_blocked_by_robots(replayed):
            # The archive keeps the site's robots.txt: its refusal is the site's policy, not
            # a claim that the live crawl works, so it shows even before a live crawl.
            return BLOCKED_BY_ROBOTS, (
                f"robots.txt forbids its article pages ({replayed.errors['robots']} skipped, "
                "seen in a replay of the archived robots.txt)"
            )
        if runs:
            return "replay", (
                f"only replayed from the bundled archive (last {runs[0].finished_at[:10]}); "
                "the live site has not been crawled"
            )
        return "never-crawled", "no crawl recorded yet"
    runs = live
    last = runs[0]
    # Before "failed": a crawl refused everything by robots.txt records no page as fetched.
    # Re-crawls answered 304 since then saw nothing new: the refusal still stands.
    seen = next((r for r in runs if not not_modified_only(r)), last)
    if run_blocked_by_robots(seen):
        return BLOCKED_BY_ROBOTS, f"robots.txt forbids its article pages ({seen.errors['robots']} skipped)"
    if last.failed:
        streak = next((i for i, r in enumerate(runs) if not r.failed), len(runs))
        what = _describe(last.errors) or "no page answered"
        prefix = "last crawl failed" if streak == 1 else f"last {streak} crawls failed"
        return "failing", f"{prefix}: {what}"
    counted = {k: n for k, n in last.errors.items() if k.removeprefix(DISCOVERY_PREFIX) not in BENIGN_KINDS}
    discovery = {k: n for k, n in counted.items() if k.startswith(DISCOVERY_PREFIX)}
    if discovery:
        return "degraded", f"a feed, sitemap or listing page failed: {_describe(discovery)}"
    refused = {k: n for k, n in counted.items() if k in ACCESS_KINDS}
    if refused:
        return "degraded", f"pages were refused (login, paywall or block): {_describe(refused)}"
    errors = sum(counted.values())
    if errors >= MIN_ERRORS and errors / max(last.fetched, 1) > ERROR_SHARE:
        return "degraded", f"{errors} of {last.fetched} pages had errors: {_describe(counted)}"
    empty = {k: n for k, n in counted.items() if error_group(k) == "discovery-empty"}
    if empty:
        return "degraded", f"a discovery page yielded no article links: {_describe(empty)}"
    if canary is not None and not canary.get("ok", True):
        problems = "; ".join(canary.get("problems") or []) or "mismatch"
        return "degraded", f"canary ({canary.get('mode', '?')}) failed: {problems}"
    recent_failures = sum(1 for r in runs[:RECENT_RUNS] if r.failed and not run_blocked_by_robots(r))
    if recent_failures:
        return "degraded", f"{recent_failures} of the last {min(len(runs), RECENT_RUNS)} crawls failed"
    if last_success is not None and interval > 0:
        age = _age(last_success.finished_at, now)
        if age > timedelta(seconds=STALE_INTERVALS * interval):
            return "degraded", f"no successful crawl for {_human(age)}"
    return "healthy", "ok"


def _browser_status(runs: list[CrawlRun], status: str, reason: str) -> tuple[str, str]:
    """``needs-browser`` for a source whose pages could not be rendered (last crawl, or here)."""
    if runs and "needs-browser" not in runs[0].errors:
        return status, reason
    problem = browser_problem() if not runs else None
    if runs or problem:
        why = problem or "the last crawl had no browser to render them"
        return "needs-browser", f"its pages are built by JavaScript (render: browser): {why}"
    return status, reason


def _per_day(runs: list[CrawlRun], now: datetime) -> dict[str, int]:
    days = {(now - timedelta(days=i)).date().isoformat(): 0 for i in range(RECENT_DAYS - 1, -1, -1)}
    for run in runs:
        day = run.finished_at[:10]
        if day in days:
            days[day] += run.new
    return days


def sources_status(
    data_dir: Path,
    sources: Mapping[str, Source] | None = None,
    *,
    now: datetime | None = None,
) -> dict[str, dict[str, Any]]:
    """Health of every source (default: every enabled source in the registry).

    Returns ``{id: {"status", "reason", "last_success", "last_crawl",
    "articles_per_day", "errors", "error_groups", "errors_recent", "last_run",
    "canary", "name", "country", "crawl_interval"}}``; ``last_*`` are ISO 8601
    times or None, ``articles_per_day`` maps the last ``RECENT_DAYS`` UTC dates to
    new articles, ``errors`` counts the last crawl's errors by kind and
    ``errors_recent`` those of the last ``RECENT_DAYS`` days.
    """
    now = now or datetime.now(UTC)
    if sources is None:
        sources = {sid: s for sid, s in load_sources().items() if s.enabled}
    history = CrawlHistory(data_dir)
    canaries = last_results(data_dir)
    since = (now - timedelta(days=RECENT_DAYS)).isoformat(timespec="seconds")
    out: dict[str, dict[str, Any]] = {}
    for sid, source in sources.items():
        runs = history.runs(source=sid, limit=50)
        success = history.last_success(sid)
        if success is not None and success.replay:
            success = next((r for r in runs if not r.replay and not r.failed), None)
        canary = canaries.get(sid)
        status, reason = classify(runs, success, source.crawl_interval, canary, now)
        if source.needs_browser:
            status, reason = _browser_status(runs, status, reason)
        recent = [r for r in runs if r.finished_at >= since]
        replays = [r for r in runs if r.replay]
        recent_errors: Counter[str] = Counter()
        for run in recent:
            recent_errors.update(run.errors)
        last = runs[0] if runs else None
        groups: Counter[str] = Counter()
        for kind, n in (last.errors if last else {}).items():
            groups[error_group(kind)] += n
        out[sid] = {
            "status": status,
            "reason": reason,
            "last_success": success.finished_at if success else None,
            "last_crawl": last.finished_at if last else None,
            "articles_per_day": _per_day(recent, now),
            "errors": dict(last.errors) if last else {},
            "error_groups": dict(sorted(groups.items())),
            "errors_recent": dict(sorted(recent_errors.items())),
            "last_run": _run_json(last) if last else None,
            "last_replay": replays[0].finished_at if replays else None,
            "canary": dict(canary) if canary else None,
            "name": source.name,
            "country": source.country,
            "crawl_interval": source.crawl_interval,
        }
    return out


def _run_json(run: CrawlRun) -> dict[str, Any]:
    return {
        "started_at": run.started_at,
        "finished_at": run.finished_at,
        "status": run.status,
        "duration": run.duration,
        "fetched": run.fetched,
        "not_modified": run.not_modified,
        "known": run.known,
        "new": run.new,
        "updated": run.updated,
        "unchanged": run.unchanged,
        "spooled": run.spooled,
        "replay": run.replay,
        "full": run.full,
    }


def coverage(statuses: Mapping[str, Mapping[str, Any]]) -> dict[str, Any]:
    """Counts per status and the sources not healthy, for digest footers:
    ``{"total": n, "counts": {status: n}, "problems": [{"id", "status", "reason"}]}``."""
    counts = Counter(str(s["status"]) for s in statuses.values())
    problems = [
        {"id": sid, "status": s["status"], "reason": s["reason"]}
        for sid, s in sorted(statuses.items())
        if s["status"] != "healthy"
    ]
    return {
        "total": len(statuses),
        "counts": {k: counts.get(k, 0) for k in STATUSES},
        "problems": problems,
    }


def utc_text(iso: str) -> str:
    """``2025-06-04T01:02:03+00:00`` → ``2025-06-04 01:02 UTC``."""
    try:
        return datetime.fromisoformat(iso).astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")
    except ValueError:
        return iso


def backend_status(data_dir: Path) -> dict[str, Any]:
    """The search backend's state for people and monitors.

    Returns ``{"state": "up" | "down", "since", "last_error", "last_failure",
    "spooled", "summary"}``: ``since`` is when the first process saw it fail (ISO 8601,
    None when up), ``spooled`` the articles waiting for it, ``summary`` one line
    ("backend down since 2025-06-04 01:02 UTC, 12 articles spooled").
    """
    outage = OutageRecord(data_dir).read()
    spooled = Spool.of(data_dir).pending()
    noun = "article" if spooled == 1 else "articles"
    if outage is not None:
        summary = f"backend down since {utc_text(outage.since)}, {spooled} {noun} spooled"
    elif spooled:
        summary = f"backend up, {spooled} {noun} spooled (sent at the next replay)"
    else:
        summary = "backend up, nothing spooled"
    return {
        "state": "down" if outage is not None else "up",
        "since": outage.since if outage else None,
        "last_error": outage.last_error if outage else None,
        "last_failure": outage.last_failure if outage else None,
        "spooled": spooled,
        "summary": summary,
    }
