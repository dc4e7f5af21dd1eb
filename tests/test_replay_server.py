"""The replay archive and its local HTTP server."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from stiwatch.crawler.replay.archive import ArchiveError, load_archive
from stiwatch.crawler.replay.server import SCHEME_HEADER, ReplayServer, original_url, replay_path


def _archive(tmp_path: Path) -> Path:
    host = tmp_path / "www.example.go.th"
    (host / "news").mkdir(parents=True)
    (host / "news" / "1.html").write_bytes("<html><body>ข่าว</body></html>".encode("cp874"))
    (host / "robots.txt").write_text("User-agent: *\nDisallow: /private/\n")
    (host / "manifest.yaml").write_text(
        """pages:
  - url: https://www.example.go.th/robots.txt
    file: robots.txt
    content_type: text/plain
    provenance: {modelled: written for this test}
  - url: https://www.example.go.th/news/1.html?id=1&x=2
    file: news/1.html
    content_type: text/html; charset=ISO-8859-1
    provenance: {modelled: written for this test}
  - url: https://www.example.go.th/old
    status: 301
    location: https://www.example.go.th/news/1.html?id=1&x=2
""",
        encoding="utf-8",
    )
    return tmp_path


def test_paths_round_trip() -> None:
    url = "https://www.example.go.th/news/1.html?id=1&x=2"
    path, scheme = replay_path(url)
    assert path == "/www.example.go.th/news/1.html?id=1&x=2"
    assert original_url(path, scheme) == url


def test_server_serves_bytes_headers_404_redirect_and_304(tmp_path: Path) -> None:
    root = _archive(tmp_path)
    with ReplayServer(root) as server:
        headers = {SCHEME_HEADER: "https"}
        page = httpx.get(server.url + "/www.example.go.th/news/1.html?id=1&x=2", headers=headers)
        assert page.status_code == 200
        # The lying header is served as recorded; the bytes are the TIS-620 ones.
        assert page.headers["content-type"] == "text/html; charset=ISO-8859-1"
        assert page.content.decode("cp874") == "<html><body>ข่าว</body></html>"
        etag = page.headers["etag"]
        again = httpx.get(
            server.url + "/www.example.go.th/news/1.html?id=1&x=2",
            headers={**headers, "If-None-Match": etag},
        )
        assert again.status_code == 304
        assert httpx.get(server.url + "/www.example.go.th/missing", headers=headers).status_code == 404
        moved = httpx.get(server.url + "/www.example.go.th/old", headers=headers)
        assert moved.status_code == 301
        assert moved.headers["location"] == "https://www.example.go.th/news/1.html?id=1&x=2"
        assert server.requests == 4
        assert server.url.startswith("http://127.0.0.1:")


def test_manifest_errors_name_the_entry(tmp_path: Path) -> None:
    host = tmp_path / "h.example"
    host.mkdir()
    (host / "manifest.yaml").write_text("pages:\n  - url: https://h.example/a\n    file: a.html\n")
    with pytest.raises(ArchiveError, match=r"h.example/manifest.yaml entry 1: file a.html does not exist"):
        load_archive(tmp_path)
    (host / "a.html").write_text("<p>a</p>")
    (host / "manifest.yaml").write_text(
        "pages:\n  - url: https://h.example/a\n    file: a.html\n    provenance: {modelled: x, captured: y}\n"
    )
    with pytest.raises(ArchiveError, match=r"exactly one of captured/modelled"):
        load_archive(tmp_path)


def test_bundled_archive_is_consistent() -> None:
    pages = load_archive()
    assert len(pages) >= 100
    hosts = {p.url.split("/")[2] for p in pages.values()}
    for host in hosts:
        assert f"https://{host}/robots.txt" in pages or f"http://{host}/robots.txt" in pages, host
    # Every stored page says where it came from; the seeds' real text is marked as such.
    stored = [p for p in pages.values() if p.file is not None]
    assert [p.url for p in stored if not p.provenance] == []
    assert all(("captured" in p.provenance) != ("modelled" in p.provenance) for p in stored)
    assert sum("text_from" in p.provenance for p in stored) == 5
