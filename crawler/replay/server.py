"""A real HTTP server on 127.0.0.1 that serves the archive under the real URLs.

A request for ``http://127.0.0.1:PORT/<host>/<path>?<query>`` with header
``X-Replay-Scheme: https`` serves the archived ``https://<host>/<path>?<query>``.
Conditional requests (If-None-Match) get 304, as a well-behaved site would answer.
Optional latency per request lets benchmarks imitate a remote site.
"""

from __future__ import annotations

import logging
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

from stiwatch.crawler.replay.archive import ARCHIVE_DIR, ArchivedPage, load_archive

logger = logging.getLogger(__name__)

SCHEME_HEADER = "X-Replay-Scheme"


def original_url(path: str, scheme: str) -> str:
    """``/www.example.org/a/b?x=1`` → ``https://www.example.org/a/b?x=1``."""
    host, _, rest = path.lstrip("/").partition("/")
    return f"{scheme}://{host}/{rest}"


def replay_path(url: str) -> tuple[str, str]:
    """The local path and the scheme under which ``url`` is requested from the server."""
    parts = urlsplit(url)
    path = f"/{parts.netloc}{parts.path or '/'}"
    if parts.query:
        path += f"?{parts.query}"
    return path, parts.scheme


class _Handler(BaseHTTPRequestHandler):
    server: ReplayHTTPServer

    def do_GET(self) -> None:
        self.server.count_request()
        if self.server.latency:
            time.sleep(self.server.latency)
        scheme = self.headers.get(SCHEME_HEADER, "https")
        url = original_url(self.path, scheme)
        page = self.server.pages.get(url)
        if page is None:
            self._send(404, b"<html><body><h1>404 Not Found</h1></body></html>", "text/html")
            return
        if page.location:
            self.send_response(page.status)
            self.send_header("Location", page.location)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        etag = page.etag()
        if self.headers.get("If-None-Match") == etag:
            self.send_response(304)
            self.send_header("ETag", etag)
            self.end_headers()
            return
        self._send(page.status, page.body(), page.content_type, page, etag)

    def _send(
        self,
        status: int,
        body: bytes,
        content_type: str,
        page: ArchivedPage | None = None,
        etag: str | None = None,
    ) -> None:
        self.send_response(status)
        if content_type:
            self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        if etag:
            self.send_header("ETag", etag)
        for name, value in (page.headers if page else {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        logger.debug("replay: " + format, *args)


class ReplayHTTPServer(ThreadingHTTPServer):
    """The archive server; counts requests so tests can check what was fetched."""

    daemon_threads = True

    def __init__(self, pages: dict[str, ArchivedPage], port: int = 0, latency: float = 0.0):
        super().__init__(("127.0.0.1", port), _Handler)
        self.pages = pages
        self.latency = latency
        self.requests = 0
        self._lock = threading.Lock()

    def count_request(self) -> None:
        with self._lock:
            self.requests += 1

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


class ReplayServer:
    """Start/stop the archive server in a background thread (context manager)."""

    def __init__(self, root: Path = ARCHIVE_DIR, port: int = 0, latency: float = 0.0) -> None:
        self.httpd = ReplayHTTPServer(load_archive(root), port=port, latency=latency)
        self._thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return self.httpd.url

    @property
    def requests(self) -> int:
        return self.httpd.requests

    def start(self) -> ReplayServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def __enter__(self) -> ReplayServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def main() -> None:
    """Serve the archive in the foreground (``python -m stiwatch.crawler.replay.server [PORT]``)."""
    import sys

    port = int(sys.argv[1]) if len(sys.argv) > 1 else 8765
    server = ReplayHTTPServer(load_archive(), port=port)
    print(f"replaying {len(server.pages)} pages on {server.url}")
    server.serve_forever()


if __name__ == "__main__":
    main()
