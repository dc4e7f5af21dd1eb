"""The download handler of crawls that render pages (loaded by Scrapy only then).

scrapy-playwright renders requests marked ``playwright``; every other request goes over
plain HTTP, or to the replay server when ``REPLAY_URL`` is set (the rendered page's own
requests are routed there by ``stiwatch.crawler.browser.route_to_replay``).
"""

from __future__ import annotations

from typing import Any

from scrapy.http import Request, Response
from scrapy_playwright.handler import ScrapyPlaywrightDownloadHandler

from stiwatch.crawler.replay.handler import ReplayDownloadHandler


class BrowserDownloadHandler(ScrapyPlaywrightDownloadHandler):  # type: ignore[misc]
    """Rendered requests through Chromium; the rest through HTTP or the replay server."""

    def __init__(self, crawler: Any) -> None:
        super().__init__(crawler)
        self._replay = ReplayDownloadHandler(crawler) if crawler.settings.get("REPLAY_URL") else None

    async def download_request(self, request: Request) -> Response:
        if self._replay is not None and not request.meta.get("playwright"):
            return await self._replay.download_request(request)
        response: Response = await super().download_request(request)
        return response

    async def close(self) -> None:
        await super().close()
        if self._replay is not None:
            await self._replay.close()
