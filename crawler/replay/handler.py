"""Scrapy download handler that routes every http(s) request to the replay server.

Installed for both schemes when ``REPLAY_URL`` is set. The response keeps the
original URL, so spiders, robots.txt handling and pipelines run unchanged.
"""

from __future__ import annotations

from typing import Any

from scrapy.core.downloader.handlers.http11 import HTTP11DownloadHandler
from scrapy.exceptions import NotConfigured
from scrapy.http import Request, Response

from stiwatch.crawler.replay.server import SCHEME_HEADER, replay_path


class ReplayDownloadHandler(HTTP11DownloadHandler):
    """Fetch ``https://host/path`` as ``REPLAY_URL/host/path``."""

    def __init__(self, crawler: Any) -> None:
        base = crawler.settings.get("REPLAY_URL")
        if not base:
            raise NotConfigured("REPLAY_URL is not set")
        super().__init__(crawler)
        self._base = str(base).rstrip("/")

    async def download_request(self, request: Request) -> Response:
        if request.url.startswith(self._base):
            return await super().download_request(request)
        path, scheme = replay_path(request.url)
        headers = request.headers.copy()
        headers[SCHEME_HEADER] = scheme
        local = request.replace(url=self._base + path, headers=headers)
        response = await super().download_request(local)
        return response.replace(url=request.url, request=request)
