"""Pages built by JavaScript: `render: browser` sources through scrapy-playwright and Debian's
Chromium, against the real replay server; and the crawl without a browser.

BRIN's /news is an empty Nuxt shell: its script fetches the list from api.brin.go.id and
writes the links. Rendered, the spider finds the two articles; the browser's requests (the
script, the API) are answered by the replay server, images never requested.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from stiwatch.core.article import article_id
from stiwatch.crawler.browser import (
    BLOCKED_RESOURCES,
    CHROMIUM_ARGS,
    browser_problem,
    browser_settings,
    find_browser,
    render_meta,
    should_abort_request,
)
from stiwatch.crawler.registry import load_sources
from stiwatch.search.embedded import EmbeddedBackend
from tests.conftest import run_cli
from tests.replay_util import counting_server

ARTICLES = (
    "https://brin.go.id/news/127430/brin-dan-jaxa-kembangkan-satelit-observasi-bumi-untuk-pemantauan-hutan",
    "https://brin.go.id/news/123512/brin-dan-nstda-thailand-perkuat-kolaborasi-riset-bioekonomi",
)


class _Req:
    def __init__(self, kind: str) -> None:
        self.resource_type = kind


def test_rendering_is_bounded() -> None:
    settings = browser_settings("/usr/bin/chromium", 20.0, 3)
    assert settings["PLAYWRIGHT_MAX_PAGES_PER_CONTEXT"] == 1  # one page per domain at a time
    assert settings["PLAYWRIGHT_MAX_CONTEXTS"] == 3
    assert settings["PLAYWRIGHT_DEFAULT_NAVIGATION_TIMEOUT"] == 20_000
    launch = settings["PLAYWRIGHT_LAUNCH_OPTIONS"]
    assert launch["executable_path"] == "/usr/bin/chromium" and set(CHROMIUM_ARGS) <= set(launch["args"])
    assert {"image", "font", "media"} == BLOCKED_RESOURCES
    assert all(should_abort_request(_Req(kind)) for kind in ("image", "font", "media"))
    assert not any(should_abort_request(_Req(kind)) for kind in ("document", "script", "fetch", "xhr"))


def test_render_meta_gives_each_domain_its_own_context() -> None:
    sources = load_sources()
    brin = render_meta(sources["brin"], "https://brin.go.id/news")
    assert brin["playwright"] and brin["playwright_context"] == "render:brin.go.id"
    assert render_meta(sources["nstda"], "https://www.nstda.or.th/home/feed/") == {}
    replay = render_meta(sources["brin"], "https://brin.go.id/news", "http://127.0.0.1:1")
    assert replay["playwright_page_init_callback"] == "stiwatch.crawler.browser.route_to_replay"


def test_a_missing_browser_is_named() -> None:
    assert find_browser("/nonexistent/chromium") is None
    problem = browser_problem("/nonexistent/chromium")
    assert problem is not None and "no Chromium at /nonexistent/chromium" in problem
    assert browser_problem() is None, "make system-deps installs Debian's chromium"


@pytest.mark.slow
def test_the_spider_finds_links_that_exist_only_after_the_script_ran(tmp_path: Path) -> None:
    server = counting_server()
    try:
        proc = run_cli(["crawl", "--replay-url", server.url, "--source", "brin", "--json"], tmp_path / "data")
        paths = dict(server.httpd.paths)  # type: ignore[attr-defined]
    finally:
        server.stop()
    assert proc.returncode == 0, proc.stderr[-3000:]
    summary = json.loads(proc.stdout)["sources"]["brin"]
    assert summary["new"] == 2 and "needs-browser" not in summary["errors"], summary
    # The browser ran the shell's script, which called the list API; the logo was not loaded.
    assert paths.get("/brin.go.id/_nuxt/entry.4f2a9c1b.js", 0) >= 1, paths  # preload + module
    assert paths.get("/api.brin.go.id/v1/news?page=1", 0) >= 1, paths
    assert not [p for p in paths if p.endswith((".svg", ".png", ".webp", ".woff2"))], paths
    with EmbeddedBackend(tmp_path / "data") as backend:
        stored = {r["id"]: r for r in backend.iter_records()}
    assert {article_id(u) for u in ARTICLES} == set(stored)


@pytest.mark.slow
def test_without_a_browser_the_crawl_goes_on_and_says_needs_browser(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    env = {"STIWATCH_RENDER_BROWSER": "/nonexistent/chromium"}
    proc = run_cli(
        ["crawl", "--replay", "--source", "brin", "--source", "nstda", "--json"], data_dir, env=env
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    summary: dict[str, Any] = json.loads(proc.stdout)["sources"]
    assert summary["brin"]["errors"] == {"needs-browser": 1} and summary["brin"]["fetched"] == 0
    assert summary["nstda"]["new"] >= 2  # every other source is crawled as usual
    assert "no Chromium at /nonexistent/chromium" in proc.stderr
    status = run_cli(["sources", "status", "--source", "brin", "--json"], data_dir, env=env)
    assert status.returncode == 0, status.stderr
    brin = json.loads(status.stdout)["brin"]
    assert brin["status"] == "needs-browser" and "render: browser" in brin["reason"]
