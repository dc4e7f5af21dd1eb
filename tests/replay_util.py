"""A replay server that counts requests per URL path, and a copy of the archive to edit."""

from __future__ import annotations

import shutil
import threading
import time
from collections import Counter
from pathlib import Path

from stiwatch.crawler.replay.archive import ARCHIVE_DIR
from stiwatch.crawler.replay.server import ReplayServer, _Handler


class _CountingHandler(_Handler):
    def do_GET(self) -> None:
        server = self.server
        with server.paths_lock:  # type: ignore[attr-defined]
            server.paths[self.path] += 1  # type: ignore[attr-defined]
            # When the first and the latest request arrived (time.monotonic()).
            now = time.monotonic()
            if server.first_at is None:  # type: ignore[attr-defined]
                server.first_at = now  # type: ignore[attr-defined]
            server.last_at = now  # type: ignore[attr-defined]
        super().do_GET()


def counting_server(root: Path = ARCHIVE_DIR, latency: float = 0.0) -> ReplayServer:
    """A started ReplayServer whose ``httpd.paths`` counts GETs per local path."""
    server = ReplayServer(root, latency=latency)
    server.httpd.RequestHandlerClass = _CountingHandler
    server.httpd.paths = Counter()  # type: ignore[attr-defined]
    server.httpd.paths_lock = threading.Lock()  # type: ignore[attr-defined]
    server.httpd.first_at = server.httpd.last_at = None  # type: ignore[attr-defined]
    return server.start()


def archive_copy(tmp: Path, hosts: list[str]) -> Path:
    """A copy of the archive holding only ``hosts`` (to edit pages between crawls)."""
    root = tmp / "archive"
    for host in hosts:
        shutil.copytree(ARCHIVE_DIR / host, root / host)
    return root
