"""Pages built by JavaScript: scrapy-playwright drives the system's Chromium (no browser download).

A source with ``render: browser`` has its listing and article pages loaded in headless
Chromium, its scripts run, and the resulting DOM handed to the spider. Rendering is
bounded: one page per domain at a time (one browser context per domain, one page per
context), at most ``render.max_contexts`` domains at once, a navigation timeout, and
images, fonts and media never loaded. Without Chromium (or scrapy-playwright) the crawl
of every other source goes on and these sources are reported ``needs-browser``.

In replay mode the browser's own requests (the page, its scripts, the API calls they
make) are answered by the replay server, so a rendered listing is tested offline.
"""

from __future__ import annotations

import importlib.util
import logging
import shutil
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from scrapy.http import Request

from stiwatch.crawler.registry import Source
from stiwatch.crawler.replay.server import SCHEME_HEADER, replay_path

logger = logging.getLogger(__name__)

# Debian's chromium first; other distributions and Google's build under their names.
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
# Headless flags that keep Chromium off the network except for the pages it renders.
CHROMIUM_ARGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)
BLOCKED_RESOURCES = frozenset({"image", "font", "media"})
PLAYWRIGHT_HANDLER = "stiwatch.crawler.browser_handler.BrowserDownloadHandler"
REPLAY_ROUTE = "stiwatch.crawler.browser.route_to_replay"


def find_browser(configured: str = "") -> str | None:
    """The Chromium executable: the configured path when it exists, else one on PATH."""
    if configured:
        path = Path(configured).expanduser()
        return str(path) if path.is_file() else shutil.which(configured)
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


def browser_problem(configured: str = "") -> str | None:
    """Why pages cannot be rendered here (one line), or None when they can."""
    if importlib.util.find_spec("scrapy_playwright") is None:
        return "scrapy-playwright is not installed (pip install -r requirements.txt)"
    if find_browser(configured) is None:
        where = f"at {configured}" if configured else f"on PATH ({', '.join(CHROMIUM_NAMES)})"
        return f"no Chromium {where}: install the chromium package or set render.browser"
    return None


def should_abort_request(request: Any) -> bool:
    """Images, fonts and media are never loaded while rendering (PLAYWRIGHT_ABORT_REQUEST)."""
    return str(getattr(request, "resource_type", "")) in BLOCKED_RESOURCES


def render_meta(source: Source, url: str, replay_url: str | None = None) -> dict[str, Any]:
    """Request meta that has ``url`` rendered, for a ``render: browser`` source (else empty).

    The context is named after the domain: with one page per context, one domain never
    has two pages rendering at once.
    """
    if not source.needs_browser:
        return {}
    from scrapy_playwright.page import PageMethod  # defers Playwright to crawls that render

    meta: dict[str, Any] = {
        "playwright": True,
        "playwright_context": f"render:{urlparse(url).hostname or source.id}",
        # Wait until the scripts' own requests have settled: links appear after them.
        "playwright_page_methods": [PageMethod("wait_for_load_state", "networkidle")],
    }
    if replay_url:
        meta["playwright_page_init_callback"] = REPLAY_ROUTE
        meta["replay_url"] = replay_url
    return meta


def browser_settings(executable: str, timeout: float, max_contexts: int) -> dict[str, Any]:
    """Scrapy settings that render ``playwright`` requests with ``executable``."""
    return {
        "PLAYWRIGHT_BROWSER_TYPE": "chromium",
        "PLAYWRIGHT_LAUNCH_OPTIONS": {
            "executable_path": executable,
            "headless": True,
            "args": list(CHROMIUM_ARGS),
            "timeout": timeout * 1000,
        },
        "PLAYWRIGHT_MAX_CONTEXTS": max(1, max_contexts),
        "PLAYWRIGHT_MAX_PAGES_PER_CONTEXT": 1,
        "PLAYWRIGHT_DEFAULT_NAVIGATION_TIMEOUT": timeout * 1000,
        "PLAYWRIGHT_ABORT_REQUEST": "stiwatch.crawler.browser.should_abort_request",
        "DOWNLOAD_HANDLERS": {"http": PLAYWRIGHT_HANDLER, "https": PLAYWRIGHT_HANDLER},
        "RENDER_ACTIVE": True,
    }


async def route_to_replay(page: Any, request: Request) -> None:
    """Page init callback in replay mode: every request the page makes is answered by the
    replay server (registered after scrapy-playwright's own route, so it runs first)."""
    base = str(request.meta["replay_url"]).rstrip("/")

    async def answer(route: Any, browser_request: Any) -> None:
        if should_abort_request(browser_request):
            await route.abort()
            return
        path, scheme = replay_path(browser_request.url)
        headers = {**await browser_request.all_headers(), SCHEME_HEADER: scheme}
        reply = await page.context.request.fetch(
            base + path, method=browser_request.method, headers=headers, max_redirects=0
        )
        await route.fulfill(status=reply.status, headers=reply.headers, body=await reply.body())

    await page.route("**", answer)
